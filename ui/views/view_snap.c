/*
 * view_snap.c — the real-runtime screen (see view_snap.h):
 *
 *   header: source, snapshot i of n, its time, what the log carries
 *   Processors (P) | Goroutines (G)
 *   Threads (M)    |
 *   Threads over snapshots (a sparkline, the cursor on this one)
 *   What changed since the last snapshot (snap_caption)
 *   Program output (live runs)
 *   footer: keys, or the status line
 */
#include "view_snap.h"

#include <stdio.h>
#include <string.h>

#include "view.h"

#define ABSENT "not in schedtrace"

static canvas_role g_role(gmp_gstatus st)
{
	switch (st) {
	case G_RUNNING: return ROLE_RUNNING;
	case G_RUNNABLE: return ROLE_RUNNABLE;
	case G_SYSCALL: return ROLE_SYSCALL;
	case G_WAITING: return ROLE_WAITING;
	case G_DEAD: return ROLE_DEAD;
	default: return ROLE_DIM;
	}
}

static canvas_role m_role(const snap_m *m)
{
	switch (m->v.state) {
	case M_RUNNING: return m->v.p >= 0 ? ROLE_RUNNING : ROLE_SYSMON;
	case M_SPINNING: return ROLE_SPINNING;
	case M_SYSCALL: return ROLE_SYSCALL;
	case M_LOCKED_IDLE: return ROLE_LOCKED;
	default: return ROLE_IDLE;
	}
}

static const char *p_name(gmp_pstatus st)
{
	static const char *n[P__COUNT] = {"idle", "running", "syscall", "gcstop", "dead"};
	return st < P__COUNT ? n[st] : "?";
}

void view_snap_procs(canvas *c, lrect r, const gmp_snap *s)
{
	char t[96];
	snprintf(t, sizeof t, "Processors (P)  GOMAXPROCS=%d  idle %d", s->gomaxprocs, s->idleprocs);
	canvas_box(c, r.x, r.y, r.w, r.h, t, ROLE_BORDER);
	int x = r.x + 2, w = r.w - 4, y = r.y + 1, ymax = r.y + r.h - 1;
	if (!(s->have & SNAP_DETAIL)) {
		for (int i = 0; i < s->nrunq && y < ymax - 1; i++)
			canvas_printf(c, x, y++, ROLE_DEFAULT, w, "P%d  runq %d%s", i, s->runqsizes[i],
			              i == 0 ? "   status, M, G: need scheddetail=1" : "");
	}
	for (int i = 0; i < s->np && y < ymax - 1; i++) {
		const gmp_pview *p = &s->ps[i].v;
		canvas_role role = p->status == P_RUNNING ? ROLE_RUNNING : p->status == P_SYSCALL ? ROLE_SYSCALL : ROLE_IDLE;
		int n = canvas_printf(c, x, y, role, w, "P%-2d %-7s", p->id, p_name(p->status));
		char mg[32] = "";
		if (p->m >= 0 && p->curg >= 0)
			snprintf(mg, sizeof mg, "M%d G%d", p->m, p->curg);
		else if (p->m >= 0)
			snprintf(mg, sizeof mg, "M%d", p->m);
		n += canvas_printf(c, x + n, y, ROLE_DEFAULT, w - n, " %-10s runq %-3d", mg, p->runqsize);
		if (s->have & SNAP_RUNQ_ORDER) {
			for (int k = 0; k < p->runqsize && k < GMP_PVIEW_RUNQ && n < w - 5; k++)
				n += canvas_printf(c, x + n, y, ROLE_RUNNABLE, w - n, " G%d", p->runq[k]);
		} else {
			n += canvas_printf(c, x + n, y, ROLE_DIM, w - n, " sched %u sys %u gfree %d",
			                   p->schedtick, p->syscalltick, p->gfreecnt);
			if (p->ntimers >= 0)
				canvas_printf(c, x + n, y, ROLE_DIM, w - n, " timers %d", p->ntimers);
		}
		y++;
	}
	if (y < ymax)
		canvas_printf(c, x, y, ROLE_DIM, w, "global runq %d%s", s->runqueue,
		              s->have & SNAP_RUNQ_ORDER ? "" : "   queue order: " ABSENT);
}

/* m_cell writes "M17 G14" (the G it runs), "M3 idle" or "M1 -". */
static void m_cell(const snap_m *m, char *b, size_t len)
{
	if (m->v.curg >= 0)
		snprintf(b, len, "M%d G%d", m->v.id, m->v.curg);
	else
		snprintf(b, len, "M%d %s", m->v.id, m->v.spinning ? "spin" : m->blocked ? "idle" : "-");
}

void view_snap_threads(canvas *c, lrect r, const gmp_snap *s)
{
	char t[96];
	snprintf(t, sizeof t, "Threads (M)  threads=%d", s->threads);
	canvas_box(c, r.x, r.y, r.w, r.h, t, ROLE_BORDER);
	int x = r.x + 2, w = r.w - 4, y = r.y + 1, ymax = r.y + r.h - 1;
	if (y >= ymax)
		return;
	int n = canvas_printf(c, x, y, ROLE_DEFAULT, w, "idle %d  spinning %d", s->idlethreads,
	                      s->spinningthreads);
	if (s->nmidlelocked >= 0)
		canvas_printf(c, x + n, y, ROLE_DEFAULT, w - n, "  idle locked %d", s->nmidlelocked);
	y++;
	if (!(s->have & SNAP_DETAIL)) {
		if (y < ymax)
			canvas_printf(c, x, y, ROLE_DIM, w, "which M is which: need scheddetail=1");
		return;
	}
	int nsys = 0, nidle = 0;
	for (int i = 0; i < s->nm; i++) {
		nsys += s->ms[i].v.state == M_SYSCALL;
		nidle += s->ms[i].blocked;
	}
	if (y < ymax)
		canvas_printf(c, x, y++, ROLE_DIM, w, "%d Ms: %d in a syscall, %d parked (blocked)", s->nm, nsys, nidle);
	/* every M by id, ascending: allm lists them newest first */
	const int cw = 12;
	int cols = w / cw > 0 ? w / cw : 1, k = 0, room = (ymax - y) * cols;
	for (int i = s->nm - 1; i >= 0; i--, k++) {
		int row = k / cols, col = k % cols;
		if (k == room - 1 && i > 0) {   /* the last cell says how many are left */
			canvas_printf(c, x + col * cw, y + row, ROLE_DIM, cw - 1, "+%d more", i + 1);
			break;
		}
		char b[32];
		m_cell(&s->ms[i], b, sizeof b);
		canvas_printf(c, x + col * cw, y + row, m_role(&s->ms[i]), cw - 1, "%s", b);
	}
}

/* reasons tallies the G rows' wait reasons into one line. */
static void reasons(const gmp_snap *s, char *b, size_t len)
{
	const char *seen[32];
	int cnt[32], n = 0;
	for (int i = 0; i < s->ng; i++) {
		const char *w = s->gs[i].wait;
		if (s->gs[i].v.status != G_WAITING || !*w)
			continue;
		int k = 0;
		while (k < n && strcmp(seen[k], w))
			k++;
		if (k == n && n < 32) {
			seen[n] = w;
			cnt[n++] = 0;
		}
		if (k < n)
			cnt[k]++;
	}
	size_t used = 0;
	b[0] = '\0';
	for (int k = 0; k < n && used < len; k++)
		used += (size_t)snprintf(b + used, len - used, "%s%s %d", k ? " · " : "", seen[k], cnt[k]);
}

void view_snap_gors(canvas *c, lrect r, const gmp_snap *s, int scroll)
{
	char t[96], b[512];
	snprintf(t, sizeof t, "Goroutines (G)  %d", s->ng);
	canvas_box(c, r.x, r.y, r.w, r.h, t, ROLE_BORDER);
	int x = r.x + 2, w = r.w - 4, y = r.y + 1, ymax = r.y + r.h - 1;
	if (y >= ymax)
		return;
	if (!(s->have & SNAP_DETAIL)) {
		canvas_printf(c, x, y, ROLE_DIM, w, "goroutines: need scheddetail=1");
		return;
	}
	canvas_printf(c, x, y++, ROLE_DEFAULT, w, "running %d  runnable %d  syscall %d  waiting %d  dead %d",
	              snap_count_g(s, G_RUNNING), snap_count_g(s, G_RUNNABLE), snap_count_g(s, G_SYSCALL),
	              snap_count_g(s, G_WAITING), snap_count_g(s, G_DEAD));
	reasons(s, b, sizeof b);
	if (y < ymax && *b)
		canvas_printf(c, x, y++, ROLE_WAITING, w, "%s", b);
	if (y < ymax && !(s->have & SNAP_CODE))
		canvas_printf(c, x, y++, ROLE_DIM, w, "function and line: " ABSENT);
	if (scroll > s->ng - 1)
		scroll = s->ng > 0 ? s->ng - 1 : 0;
	const int cw = 28;
	int cols = w / cw > 0 ? w / cw : 1;
	for (int i = scroll, k = 0; i < s->ng; i++, k++) {
		int row = k / cols, col = k % cols;
		if (y + row >= ymax)
			break;
		const snap_g *g = &s->gs[i];
		if (g->v.status == G_WAITING)
			snprintf(b, sizeof b, "G%d %s", g->v.id, g->wait);
		else if (g->v.m >= 0)
			snprintf(b, sizeof b, "G%d %s M%d", g->v.id, gstatus_name(g->v.status), g->v.m);
		else
			snprintf(b, sizeof b, "G%d %s", g->v.id, gstatus_name(g->v.status));
		if (g->v.lockedm >= 0)
			snprintf(b + strlen(b), sizeof b - strlen(b), " locked M%d", g->v.lockedm);
		canvas_printf(c, x + col * cw, y + row, g_role(g->v.status), cw - 1, "%s", b);
	}
}

/* spark draws the live thread count of every state, the cursor on cur. */
static void spark(canvas *c, lrect r, const replay *rp)
{
	static const uint32_t bars[8] = {0x2581, 0x2582, 0x2583, 0x2584, 0x2585, 0x2586, 0x2587, 0x2588};
	const schedlog *l = &rp->log;
	char t[96];
	int peak = 1;
	for (int i = 0; i < l->n; i++)
		peak = l->snaps[i].threads > peak ? l->snaps[i].threads : peak;
	snprintf(t, sizeof t, "Threads over snapshots  peak %d", peak);
	canvas_box(c, r.x, r.y, r.w, r.h, t, ROLE_BORDER);
	int w = r.w - 4, first = l->n > w ? l->n - w : 0;
	if (rp->cur >= 0 && rp->cur < first)
		first = rp->cur;
	for (int i = first; i < l->n && i - first < w; i++) {
		int v = l->snaps[i].threads * 7 / peak;
		canvas_put(c, r.x + 2 + i - first, r.y + 1, bars[v < 0 ? 0 : v > 7 ? 7 : v],
		           i == rp->cur ? ROLE_HIGHLIGHT : ROLE_SPARK);
	}
	canvas_printf(c, r.x + 2, r.y + 2, ROLE_DIM, w, "events between snapshots: " ABSENT);
}

static void header(canvas *c, const replay *rp, const gmp_snap *s)
{
	char tb[32];
	int n = canvas_printf(c, 0, 0, ROLE_TITLE, c->w, "gmpscope ");
	n += canvas_printf(c, n, 0, ROLE_VARIANT, c->w - n, " REAL ");
	n += canvas_printf(c, n, 0, ROLE_TITLE, c->w - n, "  %s", rp->source);
	if (s)
		canvas_printf(c, n, 0, ROLE_DEFAULT, c->w - n, "   snapshot %d/%d  t=%s  %s", rp->cur + 1,
		              rp->log.n, view_fmt_time(s->t, tb, sizeof tb),
		              s->have & SNAP_DETAIL ? "schedtrace+scheddetail" : "schedtrace");
}

static void footer(canvas *c, const replay *rp)
{
	int y = c->h - 1;
	if (rp->status[0]) {
		canvas_printf(c, 0, y, rp->live && !rp->running && rp->exit_status != 0 ? ROLE_ALERT : ROLE_HIGHLIGHT,
		              c->w, " %s ", rp->status);
		return;
	}
	canvas_printf(c, 0, y, ROLE_KEY, c->w, "%s",
	              rp->gkey ? " run until: m threads up  x threads down  y syscall  k wait  s Gs  p Ps  Esc cancel"
	                       : " → next  ← back  g m/x/y/k/s/p run until  Home End  space play  ↑↓ scroll  ? help  q quit");
}

static void output(canvas *c, lrect r, const replay *rp)
{
	char t[300];
	snprintf(t, sizeof t, "Program output  %ld line%s%s%s", rp->nout, rp->nout == 1 ? "" : "s",
	         rp->out_path[0] ? " → " : "", rp->out_path);
	canvas_box(c, r.x, r.y, r.w, r.h, t, ROLE_BORDER);
	int rows = r.h - 2;
	long first = rp->nout > rows ? rp->nout - rows : 0;
	if (first < rp->nout - REPLAY_OUT_LINES)
		first = rp->nout - REPLAY_OUT_LINES;
	for (long i = first; i < rp->nout; i++)
		canvas_printf(c, r.x + 2, r.y + 1 + (int)(i - first), ROLE_DEFAULT, r.w - 4, "%s",
		              rp->out[i % REPLAY_OUT_LINES]);
}

static void help(canvas *c)
{
	static const char *lines[] = {
		"→ l n      next snapshot", "← h b      previous snapshot", "Home End   first / last",
		"g m        run until the thread count rises", "g x        ... falls",
		"g y        ... a G enters or leaves a syscall", "g k        ... a G starts waiting (or why)",
		"g s        ... Gs are created or end", "g p        ... a P changes", "space      play / pause",
		"↑ ↓ j k    scroll the goroutines", "q          quit (a live program gets SIGTERM)",
		"", "schedtrace prints states, not events: what happened between two", "snapshots, and the run queues' order, are not in the log.",
	};
	int n = (int)(sizeof lines / sizeof lines[0]), w = 70, h = n + 2;
	int x = (c->w - w) / 2, y = (c->h - h) / 2;
	canvas_fill(c, x, y, w, h, ' ', ROLE_DEFAULT);
	canvas_box(c, x, y, w, h, "Keys (any key closes)", ROLE_SELECTED);
	for (int i = 0; i < n; i++)
		canvas_printf(c, x + 2, y + 1 + i, ROLE_DEFAULT, w - 4, "%s", lines[i]);
}

void view_replay(canvas *c, const replay *rp)
{
	canvas_clear(c);
	if (c->w < LAYOUT_MIN_W || c->h < LAYOUT_MIN_H) {
		canvas_printf(c, 0, 0, ROLE_ALERT, c->w, "terminal too small: need %dx%d", LAYOUT_MIN_W, LAYOUT_MIN_H);
		return;
	}
	const gmp_snap *s = rp->cur >= 0 && rp->cur < rp->log.n ? &rp->log.snaps[rp->cur] : NULL;
	footer(c, rp);
	if (rp->simv) {
		view_snap_compare(c, rp);
		if (rp->help)
			help(c);
		return;
	}
	header(c, rp, s);
	int outh = rp->live ? 4 : 0, bottom = c->h - 1 - outh - 3 - 4;
	lrect capr = {0, bottom, c->w, 3}, sparkr = {0, bottom + 3, c->w, 4}, outr = {0, c->h - 1 - outh, c->w, outh};
	char b[600];
	canvas_box(c, capr.x, capr.y, capr.w, capr.h, "What changed", ROLE_BORDER);
	if (s)
		snap_caption(rp->cur > 0 ? &rp->log.snaps[rp->cur - 1] : NULL, s, b, sizeof b);
	else
		snprintf(b, sizeof b, "%s", rp->running ? "waiting for the first SCHED line..." : "no snapshot");
	canvas_printf(c, 2, capr.y + 1, ROLE_DEFAULT, c->w - 4, "%s", b);
	spark(c, sparkr, rp);
	if (outh)
		output(c, outr, rp);
	if (!s)
		return;
	int lw = c->w / 2, ph = s->np + s->nrunq + 3;
	if (ph > (bottom - 1) / 2)
		ph = (bottom - 1) / 2;
	view_snap_procs(c, (lrect){0, 1, lw, ph}, s);
	view_snap_threads(c, (lrect){0, 1 + ph, lw, bottom - 1 - ph}, s);
	view_snap_gors(c, (lrect){lw, 1, c->w - lw, bottom - 1}, s, rp->scroll);
	if (rp->help)
		help(c);
}
