/*
 * view_source.c — the Source panel (the variant's Go listing with each
 * goroutine's current line marked by its id) and the narration panel ("What
 * just happened": the latest captions, newest first).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view_priv.h"

#define MARKS_PER_LINE 4
#define MARKS_MAX_ROWS 1000 /* listing rows a panel shows, at most (the
                            * screen is at most 1000 rows) */

typedef struct line_marks {
	int n;                      /* goroutines on this line */
	int ids[MARKS_PER_LINE];    /* the first few */
	gmp_gstatus st[MARKS_PER_LINE];
	int found;                  /* of them, how many mark_lines named */
} line_marks;

/* focus_g is the goroutine of the newest visible event, -1 if none. */
static int focus_g(const appstate *st)
{
	uint64_t total = engine_event_total(st->eng);
	for (uint64_t s = total; s > 0 && total - s < 64; s--) {
		const gmp_event *ev = engine_event_get(st->eng, s - 1);
		if (!ev)
			break;
		if (ev->visible && ev->g >= 0)
			return ev->g;
	}
	return -1;
}

#define MARK_MIN 9   /* cells for "◀G12 +3" and a space */

/* mark_put notes goroutine g for its line if that line still wants one;
 * returns true when it took it. */
static bool mark_put(const appstate *st, line_marks *marks, int lo, int hi, int *have, int g)
{
	gmp_gview gv;
	if (!engine_g_view(st->eng, g, &gv) || gv.line < lo || gv.line > hi)
		return false;
	int k = have[gv.line - lo];
	if (k >= MARKS_PER_LINE || k >= marks[gv.line].n)
		return false;
	marks[gv.line].ids[k] = gv.id;
	marks[gv.line].st[k] = gv.status;
	have[gv.line - lo]++;
	return true;
}

/* sort_marks puts m's named goroutines in creation order (goids rise with
 * it): at most MARKS_PER_LINE, by insertion. */
static void sort_marks(line_marks *m)
{
	for (int a = 1; a < m->found; a++)
		for (int b = a; b > 0 && m->ids[b - 1] > m->ids[b]; b--) {
			int id = m->ids[b];
			gmp_gstatus gs = m->st[b];
			m->ids[b] = m->ids[b - 1];
			m->st[b] = m->st[b - 1];
			m->ids[b - 1] = id;
			m->st[b - 1] = gs;
		}
}

/* mark_lines fills marks[1..nlines]: how many goroutines stand on each line
 * (the engine keeps the counts), and for lines lo..hi (those on screen) the
 * first MARKS_PER_LINE of them in creation order. The walk over goroutines
 * stops as soon as those are found, so a frame costs what it shows, not the
 * number of goroutines, and it is bounded (engine_gscan, VIEW_GSCAN): a line
 * whose goroutines it does not reach shows their count only ("◀ +3"). */
static void mark_lines(const appstate *st, line_marks *marks, int nlines, int lo, int hi)
{
	int32_t *n = malloc(sizeof *n * (size_t)(nlines + 1));
	if (!n)
		return;
	engine_line_counts(st->eng, n, nlines + 1);
	if (hi - lo + 1 > MARKS_MAX_ROWS)
		hi = lo + MARKS_MAX_ROWS - 1;
	long need = 0;
	for (int ln = 1; ln <= nlines; ln++) {
		marks[ln].n = n[ln];
		if (ln >= lo && ln <= hi)
			need += n[ln] < MARKS_PER_LINE ? n[ln] : MARKS_PER_LINE;
	}
	free(n);
	int have[MARKS_MAX_ROWS] = { 0 };
	gmp_gscan scan;
	int g;
	engine_gscan_start(st->eng, &scan, VIEW_GSCAN);
	while (need > 0 && (g = engine_gscan_next(st->eng, lo, hi, &scan)) >= 0)
		need -= mark_put(st, marks, lo, hi, have, g);
	for (int ln = lo; ln <= hi && ln <= nlines; ln++) {
		marks[ln].found = have[ln - lo];
		if (scan.back)   /* the newest end's came in reverse: creation order again */
			sort_marks(&marks[ln]);
	}
}

/* expanded_width is a listing line's width with tabs as 4 spaces. */
static int expanded_width(const char *s)
{
	int w = 0;
	for (; *s; s++)
		if (*s == '\t')
			w += 4;
		else if (((unsigned char)*s & 0xC0) != 0x80)
			w++;
	return w;
}

void view_source(canvas *c, lrect r, const appstate *st)
{
	const gmp_variant *v = appstate_variant(st);
	const gmp_listing *ls = NULL;
	if (v && v->listing >= 0 && v->listing < st->scen.nlistings)
		ls = &st->scen.listings[v->listing];
	char title[96];
	bool quiz = appstate_quiz_hidden(st);
	int cur = quiz ? st->quiz->line : 0;   /* the quiz's line cursor */
	if (quiz)
		snprintf(title, sizeof title, "Source — which line is the defect? (↑↓ Enter)");
	else
		snprintf(title, sizeof title, "Source: %s", ls && ls->name ? ls->name : v ? v->name : "");
	view_frame(c, r, title, st->focus == PANEL_SOURCE);
	int x0 = r.x + 1, xmax = r.x + r.w - 2, y0 = r.y + 1, rows = r.h - 2;
	if (!ls || ls->nlines == 0) {
		view_put(c, x0 + 1, y0, xmax, "(no Go listing for this variant)", ROLE_DIM);
		return;
	}
	line_marks *marks = calloc((size_t)ls->nlines + 1, sizeof *marks);
	if (!marks)
		return;
	int fg = focus_g(st), fline = 0;
	gmp_gview fgv;
	if (fg >= 0 && view_g_by_id(st, fg, &fgv))
		fline = fgv.line;
	/* scroll: the user's when focused, else keep the focus line in view */
	int top = 0;
	if (quiz && ls->nlines > rows)
		top = cur - 1 - rows / 2;
	else if (st->focus == PANEL_SOURCE)
		top = st->scroll[PANEL_SOURCE];
	else if (ls->nlines > rows && fline > 0) {
		top = fline - 1 - rows / 2;
	}
	if (top > ls->nlines - rows)
		top = ls->nlines - rows;
	if (top < 0)
		top = 0;
	mark_lines(st, marks, ls->nlines, top + 1, top + rows);
	int nw = ls->nlines >= 100 ? 3 : 2;
	/* goroutine markers go in a gutter right of the widest line on screen
	 * when the panel has room for it, so no comment is cut; else each line
	 * keeps its whole text if MARK_MIN cells remain, and only a line too
	 * long for that gives up its end (with an ellipsis) */
	int widest = 0;
	char qbuf[512];
	for (int i = 0; i < rows && top + i < ls->nlines; i++) {
		int lw = expanded_width(appstate_quiz_line(st, ls, top + i + 1, qbuf, sizeof qbuf));
		widest = lw > widest ? lw : widest;
	}
	int gutter = x0 + nw + 1 + widest + 2;
	int markw = (xmax - x0) / 3;
	if (markw > 26)
		markw = 26;
	for (int i = 0; i < rows && top + i < ls->nlines; i++) {
		int ln = top + i + 1, y = y0 + i;
		line_marks *m = &marks[ln];
		bool hl = ln == fline && st->stepped;
		view_putf(c, x0, y, xmax, m->n ? ROLE_TITLE : ROLE_DIM, "%*d ", nw, ln);
		int tx = x0 + nw + 1;
		int mw = markw;   /* this line's marker width */
		if (xmax + 1 - gutter >= MARK_MIN)
			mw = xmax + 1 - gutter;
		const char *text = appstate_quiz_line(st, ls, ln, qbuf, sizeof qbuf);
		if (xmax + 1 - gutter < MARK_MIN && xmax - (tx + expanded_width(text)) - 1 >= MARK_MIN)
			mw = xmax - (tx + expanded_width(text)) - 1;
		int tmax = m->n ? xmax - mw - 1 : xmax;
		/* expand tabs to 4 spaces */
		char line[512];
		const char *s = text;
		size_t o = 0;
		for (; *s && o < sizeof line - 5; s++) {
			if (*s == '\t') {
				memcpy(line + o, "    ", 4);
				o += 4;
			} else
				line[o++] = *s;
		}
		line[o] = 0;
		view_put(c, tx, y, tmax, line, m->n ? ROLE_DEFAULT : ROLE_DIM);
		if (hl)
			canvas_set_role(c, x0, y, xmax - x0, ROLE_HIGHLIGHT, 0);
		if (ln == cur) {   /* the quiz's cursor: reverse, and a mark that reads without colour */
			canvas_put(c, x0 + nw, y, c->ascii ? '>' : 0x25B6, ROLE_SELECTED);
			canvas_set_role(c, x0, y, tmax - x0, ROLE_SELECTED, ATTR_REVERSE);
		}
		if (m->n) {
			int mx = xmax - mw + 1;
			canvas_put(c, mx - 1, y, 0x25C0, ROLE_DIM); /* ◀ */
			int shown = m->found;
			for (int k = 0; k < shown; k++) {
				char b[16];
				int bl = snprintf(b, sizeof b, "G%d", m->ids[k]);
				int extra = m->n - k - 1 > 0 ? 5 : 0;
				if (mx + bl + extra > xmax + 1) {
					view_putf(c, mx, y, xmax + 1, ROLE_DIM, "+%d", m->n - k);
					shown = -1;
					break;
				}
				canvas_role gr = view_grole(m->st[k]);
				mx = view_put(c, mx, y, xmax + 1, b, gr);
				if (m->ids[k] == fg && st->stepped)
					canvas_set_role(c, mx - bl, y, bl, gr, ATTR_REVERSE);
				mx++;
			}
			if (shown >= 0 && m->n > shown)
				view_putf(c, mx, y, xmax + 1, ROLE_DIM, "+%d", m->n - shown);
		}
	}
	free(marks);
}

static canvas_role caption_role(uint8_t k)
{
	switch (k) {
	case EV_NEWM: case EV_SPAWN: return ROLE_NEW;
	case EV_MEXIT: case EV_DEADLOCK: case EV_FATAL: case EV_SIGURG_LOST: case EV_RACE:
		return ROLE_ALERT;
	case EV_STEAL: case EV_OVERFLOW: case EV_GLOBRUNQGET: return ROLE_STEAL;
	case EV_SYSCALL_ENTER: case EV_SYSCALL_EXIT: case EV_RETAKE: case EV_HANDOFF:
		return ROLE_SYSCALL;
	case EV_PARK: return ROLE_WAITING;
	case EV_READY: return ROLE_RUNNABLE;
	case EV_THROTTLE: return ROLE_THROTTLED;
	case EV_PREEMPT_REQ: case EV_PREEMPTED: case EV_SIGURG: return ROLE_SYSMON;
	default: return ROLE_DEFAULT;
	}
}

void view_narr(canvas *c, lrect r, const appstate *st)
{
	view_frame(c, r, "What just happened", st->focus == PANEL_NARR);
	int x0 = r.x + 2, xmax = r.x + r.w - 2, y = r.y + 1, ymax = r.y + r.h - 1;
	uint64_t total = engine_event_total(st->eng);
	int skip = st->focus == PANEL_NARR ? st->scroll[PANEL_NARR] : 0;
	if (total == 0) {
		view_put(c, x0, y, xmax, appstate_quiz_hidden(st) ? "Paused at t=0. space plays, → steps one event." :
		         "Paused at t=0. space plays, → steps one event, e explains the scenario.", ROLE_DIM);
		return;
	}
	for (uint64_t s = total; s > 0 && total - s < GMP_EVENT_RING && y < ymax; s--) {
		const gmp_event *ev = engine_event_get(st->eng, s - 1);
		if (!ev)
			break;
		if (!ev->visible)
			continue;
		if (skip > 0) {
			skip--;
			continue;
		}
		char tb[32];
		view_fmt_time(ev->t, tb, sizeof tb);
		int tw = utf8_width(tb);
		view_put(c, x0 + 11 - (tw < 11 ? tw : 11), y, xmax, tb, ROLE_DIM);
		view_put(c, x0 + 13, y, xmax, ev->caption, caption_role(ev->kind));
		if (st->stepped && ev->seq >= st->step_seq0)
			canvas_set_role(c, x0 - 1, y, xmax - x0 + 2, ROLE_HIGHLIGHT, 0);
		y++;
	}
}
