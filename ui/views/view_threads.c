/*
 * view_threads.c — the Threads panel: every M the program ever had.
 *
 * Each M is "M<id>" plus a glyph whose shape and colour say its state
 * (running, spinning, idle, in a syscall or C call, locked to a blocked G,
 * waiting for a CPU, throttled, dead, sysmon). Dead Ms stay as tombstones:
 * thread churn is the symptom of several scenarios, so it must stay visible.
 * When there are more Ms than room, live Ms come first, then the newest
 * tombstones, and a count stands for the rest. New and dying Ms flash.
 * A cgo call can be far shorter than a frame (08: ~40ns each, 25,000 a
 * millisecond): an M that made one within the last frame's worth of virtual
 * time shows the cgo state, and the title counts the calls.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view_priv.h"

/* m_suffix writes what follows an M's glyph: the G locked to it, or (with
 * detail) the P it holds; the main thread parked for good says "wedged". */
static void m_suffix(const gmp_mview *mv, bool detail, char *buf, size_t len)
{
	buf[0] = 0;
	if (mv->wedged)
		snprintf(buf, len, "wedged");
	else if (mv->state != M_DEAD && mv->lockedg >= 0)
		snprintf(buf, len, "G%d", mv->lockedg);
	else if (detail && mv->p >= 0 && mv->state != M_DEAD)
		snprintf(buf, len, "P%d", mv->p);
}

/* m_cell returns the cells "M<id><glyph><suffix>" takes. */
static int m_cell(const gmp_mview *mv, bool detail, char *buf, size_t len)
{
	m_suffix(mv, detail, buf, len);
	return snprintf(NULL, 0, "M%d", mv->id) + 1 + (int)strlen(buf);
}

void view_cgo_hold(const appstate *st, gmp_mview *mv)
{
	int64_t frame = st->speed / APP_FPS;
	if (mv->state == M_RUNNING && mv->cgo_last > 0 && mv->cgo_last > st->vt - (frame > 0 ? frame : 1))
		mv->state = M_CGO;
}

/* cmp_int orders ints for qsort. */
static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* threads_counters writes live / created / exited (and wedged, when the
 * main thread is parked for good, and the cgo calls made, when there are
 * any) on the frame's top edge, the thread counts all read from the
 * engine's counters so that live = created - exited - wedged; the one that
 * changed flashes. All four or none: on a narrow panel the gaps shrink, then
 * the title loses its "(M)" (view_threads asks first, draw false). Returns the
 * title to draw: "Threads (M)" or "Threads". */
static const char *threads_counters(canvas *c, lrect r, const appstate *st, bool draw)
{
	bool ok1, ok2, ok3, ok4, ok5;
	double live = view_metric(st, "threads", &ok1);
	double created = view_metric(st, "threads_created", &ok2);
	double exited = view_metric(st, "threads_exited", &ok3);
	double wedged = view_metric(st, "threads_wedged", &ok4);
	double cgo = view_metric(st, "cgocalls", &ok5);
	int nms = engine_nms(st->eng);
	bool newm = view_anim_find(st, EV_NEWM, -1, -1, -1) != NULL;
	bool mexit = view_anim_find(st, EV_MEXIT, -1, -1, -1) != NULL;
	char a[32], b[32], d[32], g[32] = "", k[32] = "";
	snprintf(a, sizeof a, "live %.0f", ok1 ? live : 0);
	snprintf(b, sizeof b, "created %.0f", ok2 ? created : nms);
	snprintf(d, sizeof d, "exited %.0f", ok3 ? exited : 0);
	if (ok4 && wedged > 0)
		snprintf(g, sizeof g, "wedged %.0f", wedged);
	if (ok5 && cgo > 0)
		snprintf(k, sizeof k, "cgo %.0f", cgo);
	int words = utf8_width(a) + utf8_width(b) + utf8_width(d) + (g[0] ? utf8_width(g) : 0) +
	            (k[0] ? utf8_width(k) : 0);
	int gaps = 2 + (g[0] != 0) + (k[0] != 0);
	/* the title ends at r.x + 2 + its width; one border cell after it */
	static const struct { int gap; const char *title; } forms[] = {
		{ 2, "Threads (M)" }, { 1, "Threads (M)" }, { 1, "Threads" },
	};
	int f = 0, w = 0, x = 0;
	for (; f < 3; f++) {
		w = words + gaps * forms[f].gap;
		x = r.x + r.w - 2 - w;
		if (x > r.x + 3 + utf8_width(forms[f].title))
			break;
	}
	if (f == 3)
		return forms[0].title;
	if (!draw)
		return forms[f].title;
	int gap = forms[f].gap;
	canvas_fill(c, x - 1, r.y, w + 1, 1, ' ', ROLE_BORDER);
	x = view_put(c, x, r.y, r.x + r.w - 1, a, ROLE_TITLE) + gap;
	int bx = x;
	x = view_put(c, x, r.y, r.x + r.w - 1, b, newm ? ROLE_NEW : ROLE_TITLE);
	if (newm)
		canvas_set_role(c, bx, r.y, x - bx, ROLE_NEW, ATTR_REVERSE);
	x += gap;
	bx = x;
	x = view_put(c, x, r.y, r.x + r.w - 1, d, mexit ? ROLE_ALERT : ROLE_TITLE);
	if (mexit)
		canvas_set_role(c, bx, r.y, x - bx, ROLE_ALERT, ATTR_REVERSE);
	if (g[0])
		x = view_put(c, x + gap, r.y, r.x + r.w - 1, g, ROLE_ALERT);
	if (k[0])
		x = view_put(c, x + gap, r.y, r.x + r.w - 1, k, view_mrole(M_CGO));
	canvas_put(c, x, r.y, ' ', ROLE_BORDER);
	return forms[f].title;
}

/* threads_sel is the strip's choice of Ms. */
typedef struct threads_sel {
	gmp_mview *mvs;        /* every M ever created, by id */
	int nms;               /* how many */
	int *ids;              /* the Ms shown, by id, ascending */
	int nsel;              /* how many are shown */
	int hidden, hidden_dead; /* Ms left out, and the dead among them */
	bool detail;           /* room for each M's P after its glyph */
	int sysmon;            /* sysmon's M, -1 = none */
} threads_sel;

/* threads_sel_free frees what threads_pick allocated. */
static void threads_sel_free(threads_sel *s)
{
	free(s->ids);
	free(s->mvs);
}

/* threads_pick chooses the Ms for a strip of strip_rows rows of iw cells:
 * all of them (with their Ps when that fits), or the live ones and then the
 * newest tombstones while room is left. False when out of memory. */
static bool threads_pick(const appstate *st, int strip_rows, int iw, threads_sel *s)
{
	int nms = engine_nms(st->eng);
	memset(s, 0, sizeof *s);
	s->nms = nms;
	s->sysmon = -1;
	s->ids = malloc(sizeof(int) * (nms > 0 ? nms : 1));
	s->mvs = malloc(sizeof(gmp_mview) * (nms > 0 ? nms : 1));
	if (!s->ids || !s->mvs) {
		threads_sel_free(s);
		return false;
	}
	long full = 0, compact = 0;
	char buf[64];
	for (int m = 0; m < nms; m++) {
		engine_m_view(st->eng, m, &s->mvs[m]);
		view_cgo_hold(st, &s->mvs[m]);
		if (s->mvs[m].state == M_SYSMON)
			s->sysmon = m;
		full += m_cell(&s->mvs[m], true, buf, sizeof buf) + 1;
		compact += m_cell(&s->mvs[m], false, buf, sizeof buf) + 1;
	}
	/* wrapping wastes up to one cell per row end: leave a few cells per row */
	long cap = (long)strip_rows * (iw - 4);
	s->detail = full <= cap;
	if (s->detail || compact <= cap) {
		for (int m = 0; m < nms; m++)
			s->ids[s->nsel++] = m;
		return true;
	}
	long budget = cap - 18; /* room for "+N older (N ✝)" */
	for (int pass = 0; pass < 2; pass++)
		for (int m = nms - 1; m >= 0; m--) {
			bool dead = s->mvs[m].state == M_DEAD;
			if ((pass == 0) == dead)
				continue;
			int w = m_cell(&s->mvs[m], false, buf, sizeof buf) + 1;
			if (budget - w < 0) {
				s->hidden++;
				s->hidden_dead += dead;
				continue;
			}
			budget -= w;
			s->ids[s->nsel++] = m;
		}
	qsort(s->ids, s->nsel, sizeof *s->ids, cmp_int);
	return true;
}

/* threads_strip draws the chosen Ms from row y0, wrapping before ymax, new
 * and exiting ones flashing; returns the strip's last row in use. */
static int threads_strip(canvas *c, const appstate *st, const threads_sel *s, int x0, int xmax,
                         int y0, int ymax)
{
	char buf[64];
	int x = x0, y = y0;
	if (s->hidden)
		x = view_putf(c, x, y, xmax, ROLE_DIM, "+%d older (%d ✝)", s->hidden, s->hidden_dead) + 1;
	for (int i = 0; i < s->nsel && y < ymax; i++) {
		const gmp_mview *mv = &s->mvs[s->ids[i]];
		int w = m_cell(mv, s->detail, buf, sizeof buf);
		if (x + w > xmax) {
			y++;
			x = x0;
			if (y >= ymax)
				break;
		}
		canvas_role role = view_mrole(mv->state);
		canvas_role idrole = mv->state == M_DEAD ? ROLE_DEAD : ROLE_DEFAULT;
		uint8_t attr = 0;
		if (view_anim_find(st, EV_NEWM, -1, -1, mv->id)) {
			idrole = role = ROLE_NEW;
			attr = ATTR_REVERSE | ATTR_BOLD;
		} else if (view_anim_find(st, EV_MEXIT, -1, -1, mv->id)) {
			idrole = role = ROLE_ALERT;
			attr = ATTR_REVERSE;
		}
		int xs = x;
		int idw = snprintf(NULL, 0, "M%d", mv->id);
		view_putf(c, x, y, xmax, idrole, "M%d", mv->id);
		canvas_put(c, x + idw, y, view_mglyph(mv->state, c->ascii), role);
		m_suffix(mv, s->detail, buf, sizeof buf);
		view_put(c, x + idw + 1, y, xmax, buf, mv->lockedg >= 0 ? ROLE_LOCKED : ROLE_DIM);
		if (attr)
			canvas_set_role(c, xs, y, w, role, attr);
		x += w + 1;
	}
	return x > x0 ? y : y - 1;
}

/* threads_evline writes the newest thread event in words on row y; a long
 * caption wraps upwards into strip rows left empty (below ystrip, not above
 * ytop). */
static void threads_evline(canvas *c, const appstate *st, int x0, int xmax, int y, int ystrip, int ytop)
{
	const ui_anim *best = NULL;
	for (int i = 0; i < st->nanims; i++) {
		const ui_anim *a = &st->anims[i];
		if ((a->kind == EV_NEWM || a->kind == EV_MEXIT) && (!best || a->seq > best->seq))
			best = a;
	}
	const gmp_event *ev = best ? engine_event_get(st->eng, best->seq) : NULL;
	if (!ev)
		return;
	bool born = ev->kind == EV_NEWM;
	int ey = y, ty = 0, tx = x0 + 2;
	int need = view_wrap(NULL, tx, &ty, xmax - tx, 100, ev->caption, ROLE_DEFAULT);
	while (need > 1 && ey > ystrip + 1 && ey > ytop)
		ey--, need--;
	view_put(c, x0, ey, xmax, born ? "✚ " : "✝ ", born ? ROLE_NEW : ROLE_ALERT);
	view_wrap(c, tx, &ey, xmax - tx, y + 1, ev->caption, ROLE_DEFAULT);
}

/* threads_sysmon writes sysmon's row: its M and when it wakes next. */
static void threads_sysmon(canvas *c, const appstate *st, int sysmon, int x0, int xmax, int y)
{
	char a[32], b[32];
	int64_t next = engine_sysmon_next(st->eng) - st->vt;
	int sx = view_put(c, x0, y, xmax, "sysmon", ROLE_SYSMON);
	if (sysmon >= 0)
		sx = view_putf(c, sx + 1, y, xmax, ROLE_SYSMON, "M%d◆", sysmon);
	if (next >= 0)
		view_putf(c, sx + 1, y, xmax, ROLE_DEFAULT, " next wake in %s (sleeps %s between checks)",
		          view_fmt_dur(next, a, sizeof a),
		          view_fmt_dur(engine_sysmon_delay(st->eng), b, sizeof b));
}

/* threads_legend writes the glyphs' legend on row y: the states on screen
 * first (a row rarely holds all eleven: the tombstones of a thread leak must
 * not be the ones left out), then the others while room is left; drawn in
 * the canonical order. */
static void threads_legend(canvas *c, const threads_sel *s, int x0, int xmax, int y)
{
	static const gmp_mstate order[] = {
		M_RUNNING, M_SPINNING, M_IDLE, M_SYSCALL, M_CGO, M_LOCKED_IDLE,
		M_CPU_WAIT, M_THROTTLED, M_NETPOLL, M_DEAD, M_SYSMON,
	};
	static const char *const words[] = {
		"running", "spinning", "idle", "syscall", "cgo", "locked", "cpu-wait",
		"throttled", "netpoll", "dead", "sysmon",
	};
	enum { NLEG = sizeof order / sizeof order[0] };
	bool present[M__COUNT] = {false}, pick[NLEG] = {false};
	for (int m = 0; m < s->nms; m++)
		if (s->mvs[m].state < M__COUNT)
			present[s->mvs[m].state] = true;
	int room = xmax - x0;
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < NLEG; i++) {
			int need = 2 + utf8_width(words[i]) + 2;
			if (pick[i] || present[order[i]] != (pass == 0) || need > room + 1)
				continue;
			pick[i] = true;
			room -= need;
		}
	int lx = x0;
	for (int i = 0; i < NLEG; i++) {
		if (!pick[i])
			continue;
		canvas_put(c, lx, y, view_mglyph(order[i], c->ascii), view_mrole(order[i]));
		lx = view_put(c, lx + 2, y, xmax, words[i], ROLE_DIM) + 2;
	}
}

/* view_threads draws the panel: counters on the top edge, the strip of Ms,
 * then (as the height allows) the newest thread event, sysmon's row and the
 * legend. */
void view_threads(canvas *c, lrect r, const appstate *st)
{
	view_frame(c, r, threads_counters(c, r, st, false), st->focus == PANEL_THREADS);
	threads_counters(c, r, st, true);
	int rows = r.h - 2, iw = r.w - 4;
	int x0 = r.x + 2, xmax = r.x + r.w - 2;
	if (rows < 1 || iw < 10)
		return;
	bool has_sysmon_row = rows >= 2, has_legend = rows >= 5, has_evline = rows >= 4;
	int strip_rows = rows - has_sysmon_row - has_legend - has_evline;
	if (strip_rows < 1)
		strip_rows = 1;
	threads_sel s;
	if (!threads_pick(st, strip_rows, iw, &s))
		return;
	int y = r.y + 1 + strip_rows;
	int ystrip = threads_strip(c, st, &s, x0, xmax, r.y + 1, y);
	if (has_evline)
		threads_evline(c, st, x0, xmax, y++, ystrip, r.y + 1);
	if (has_sysmon_row)
		threads_sysmon(c, st, s.sysmon, x0, xmax, y++);
	if (has_legend)
		threads_legend(c, &s, x0, xmax, y);
	threads_sel_free(&s);
}
