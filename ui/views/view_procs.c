/*
 * view_procs.c — the Processors panel: one row per P, then the global run
 * queue.
 *
 * A P row reads left to right like the runtime's p struct: status, the M that
 * holds it, the running G and its function, how far the G is into its 10ms
 * slice (sysmon's forcePreemptNS), runnext, the local ring and timers. Steals,
 * overflows and global-queue grabs of the last frames are drawn as an arrow
 * in the left gutter between the two rows, and a note in the notes column at
 * the right of the thief's row; a note never covers the run queue. Each note
 * says what it counts and since when: one event ("◀ stole 2 G from P1 at
 * 3.2ms"), or the events merged over the last frames ("◀ 3 steals from P1
 * since 3.0ms"), never a sum of goroutines over several steals (the same G
 * may be stolen again and again). Throttled and CPU-starved Ps are greyed:
 * they hold a P but no CPU.
 */
#include <stdio.h>
#include <string.h>

#include "view_priv.h"

typedef struct pcols {
	int status, m, g, bar, time, next; /* column widths */
} pcols;

#define NOTE_MAX 44       /* the notes column at its widest */
#define NOTE_MIN 14       /* narrower than this, no notes column */
#define RUNQ_MIN 16       /* "runq 0 timers 2": the run queue keeps this much */

/* fmt_ran writes how long the running G has run so that it fits the time
 * column (7 cells, one of them the gap before "next"): "9.6ms", "150ms",
 * "12s". */
static void fmt_ran(int64_t ran, char *b, size_t len)
{
	if (ran < 0)
		ran = 0;
	uint64_t tenths = ((uint64_t)ran + 50000) / 100000;   /* rounded first: 99.96ms is "100ms" */
	if (tenths < 1000)
		snprintf(b, len, "%u.%ums", (unsigned)(tenths / 10) % 100, (unsigned)(tenths % 10));
	else if (ran < 9999500000LL)
		snprintf(b, len, "%lldms", (long long)((ran + 500000) / 1000000));
	else
		snprintf(b, len, "%llds", (long long)((ran + 500000000) / 1000000000));
}

/* pstatus_text is a P's state as the Procs panel words it: what its M does
 * when that says more (throttled, cpu-wait, spinning, sched, in a cgo call:
 * view_cgo_hold), else the engine's name. */
static const char *pstatus_text(const gmp_pview *pv, const gmp_mview *mv)
{
	if (pv->throttled)
		return "throttled";
	if (pv->cpu_wait)
		return "cpu-wait";
	if (pv->status == P_RUNNING && pv->curg < 0)   /* its M has no G */
		return mv && mv->spinning ? "spinning" : "sched";
	if (pv->status == P_RUNNING && mv && mv->state == M_CGO)
		return "cgo";
	return pstatus_name(pv->status);
}

static canvas_role pstatus_role(const gmp_pview *pv, const gmp_mview *mv)
{
	if (pv->throttled)
		return ROLE_THROTTLED;
	if (pv->cpu_wait)
		return ROLE_DIM;
	switch (pv->status) {
	case P_IDLE: return ROLE_IDLE;
	case P_RUNNING:
		if (pv->curg < 0 && mv && mv->spinning)
			return ROLE_SPINNING;
		return mv && mv->state == M_CGO ? ROLE_SYSCALL : ROLE_RUNNING;
	case P_SYSCALL: return ROLE_SYSCALL;
	default: return ROLE_DIM;
	}
}

/* put_gids writes " G5 G6 G7 +N" fitting before xmax; returns x after. */
static int put_gids(canvas *c, int x, int y, int xmax, const int *ids, int nshown, int total,
                    canvas_role role)
{
	for (int i = 0; i < nshown; i++) {
		char b[16];
		int n = snprintf(b, sizeof b, "G%d", ids[i]);
		int rest = total - i - 1;
		int need = n + 1 + (rest > 0 ? 5 : 0);
		if (x + need > xmax) {
			return view_putf(c, x, y, xmax, ROLE_DIM, "+%d", total - i);
		}
		x = view_put(c, x, y, xmax, b, role) + 1;
	}
	if (total > nshown)
		x = view_putf(c, x, y, xmax, ROLE_DIM, "+%d", total - nshown);
	return x;
}

/* gutter draws a vertical arrow in columns gx, gx+1 from row yfrom to row
 * yto (the arrow head points into yto). */
static void gutter(canvas *c, int gx, int yfrom, int yto)
{
	if (yfrom == yto)
		return;
	int top = yfrom < yto ? yfrom : yto, bot = yfrom < yto ? yto : yfrom;
	for (int y = top; y <= bot; y++)
		canvas_put(c, gx, y, 0x2502, ROLE_STEAL);                 /* │ */
	canvas_put(c, gx, top, 0x250C, ROLE_STEAL);                    /* ┌ */
	canvas_put(c, gx, bot, 0x2514, ROLE_STEAL);                    /* └ */
	canvas_put(c, gx + 1, yfrom, 0x2500, ROLE_STEAL);              /* ─ */
	canvas_put_attr(c, gx + 1, yto, 0x25BA, ROLE_STEAL, ATTR_BOLD); /* ► */
}

static void p_row(canvas *c, int x0, int y, int xmax, const pcols *w, const gmp_pview *pv,
                  const appstate *st)
{
	gmp_mview mv;
	bool have_m = pv->m >= 0;
	if (have_m) {
		engine_m_view(st->eng, pv->m, &mv);
		view_cgo_hold(st, &mv);
	}
	bool grey = pv->throttled || pv->cpu_wait;
	canvas_role dim = grey ? ROLE_DIM : ROLE_DEFAULT;
	int x = x0;
	x = view_putf(c, x, y, xmax, ROLE_TITLE, "P%d", pv->id);
	x = x0 + 4;
	canvas_role sr = pstatus_role(pv, have_m ? &mv : NULL);
	view_put(c, x, y, xmax, pstatus_text(pv, have_m ? &mv : NULL), sr);
	x += w->status;
	if (have_m)
		view_putf(c, x, y, xmax, dim, "M%d", pv->m);
	else
		view_put(c, x, y, xmax, "—", ROLE_DIM);
	x += w->m;
	/* the running G, its function, and the slice bar */
	if (pv->curg >= 0) {
		gmp_gview gv;
		bool ok = view_g_by_id(st, pv->curg, &gv);
		canvas_role gr = grey ? ROLE_DIM : ROLE_RUNNING;
		int gx = view_putf(c, x, y, x + w->g - 1, gr, "▶G%d ", pv->curg);
		if (ok)
			view_put(c, gx, y, x + w->g - 1, view_func_name(st, gv.func), dim);
		x += w->g;
		if (w->bar > 0 && pv->status == P_RUNNING) {
			/* how long the G has run since it got the P: it restarts when
			 * the G is scheduled again (or back from a syscall), while
			 * sysmon's slice may be older (inherited from runnext) */
			int64_t ran = st->vt - pv->run_start;
			if (ran < 0)
				ran = 0;
			int fill = (int)((ran * w->bar + GMP_FORCE_PREEMPT_NS / 2) / GMP_FORCE_PREEMPT_NS);
			if (fill > w->bar)
				fill = w->bar;
			canvas_role br = ran >= GMP_FORCE_PREEMPT_NS ? ROLE_ALERT : grey ? ROLE_DIM : ROLE_RUNNING;
			for (int i = 0; i < w->bar; i++)
				canvas_put(c, x + i, y, i < fill ? 0x2588 : 0x2591, i < fill ? br : ROLE_DIM);
			char tb[32];
			fmt_ran(ran, tb, sizeof tb);
			view_put(c, x + w->bar + 1, y, xmax, tb, br == ROLE_ALERT ? ROLE_ALERT : dim);
		}
		x += w->bar + 1 + w->time;
	} else {
		view_put(c, x, y, xmax, "·", ROLE_DIM);
		x += w->g + w->bar + 1 + w->time;
	}
	/* runnext and the local ring; a long goroutine id pushes the ring
	 * right rather than being cut to another id */
	int nx;
	if (pv->runnext >= 0)
		nx = view_putf(c, x, y, xmax, grey ? ROLE_DIM : ROLE_RUNNABLE, "next G%d", pv->runnext);
	else
		nx = view_put(c, x, y, xmax, "next ·", ROLE_DIM);
	x = nx + 1 > x + w->next ? nx + 1 : x + w->next;
	/* the count always whole; then the timers at the right when they fit
	 * beside it; then as many ids as fit, or none ("runq 9", not "+9") */
	char cnt[24], tm[32] = "";
	int cntw = snprintf(cnt, sizeof cnt, "runq %d", pv->runqsize);
	if (pv->ntimers > 0)
		snprintf(tm, sizeof tm, " timers %d", pv->ntimers);
	int tmw = utf8_width(tm);
	if (x + cntw + tmw > xmax)
		tmw = 0;
	int qmax = xmax - tmw;
	x = view_put(c, x, y, qmax, cnt, ROLE_DIM);
	/* room for ": G5 " and, with more behind it, put_gids' "+N" */
	char first[24];
	int firstw = pv->runqsize > 0 ? 2 + snprintf(first, sizeof first, "G%d ", pv->runq[0]) : 0;
	if (pv->runqsize > 1)
		firstw += 5;
	if (pv->runqsize > 0 && x + firstw <= qmax) {
		x = view_put(c, x, y, qmax, ": ", ROLE_DIM);
		int nshown = pv->runqsize < GMP_PVIEW_RUNQ ? pv->runqsize : GMP_PVIEW_RUNQ;
		put_gids(c, x, y, qmax, pv->runq, nshown, pv->runqsize, grey ? ROLE_DIM : ROLE_RUNNABLE);
	}
	if (tmw)
		view_put(c, xmax - tmw, y, xmax, tm, ROLE_DIM);
}

/* note writes a note in the notes column [x, xmax) of row y. */
static void note(canvas *c, int y, int x, int xmax, const char *text, canvas_role role)
{
	canvas_fill(c, x, y, xmax - x, 1, ' ', ROLE_DEFAULT);
	int end = view_put(c, x, y, xmax, text, role);
	canvas_set_role(c, x, y, end - x, role, ATTR_BOLD);
}

/* note_text writes the note of animation a in at most w cells: the longest
 * wording that fits, "" when none does (or a has no note). Times are the
 * event's own ("at") or the first merged one's ("since"). */
static void note_text(const ui_anim *a, int w, char *b, size_t len)
{
	char t[32], t0[32], forms[5][96];
	view_fmt_dur(a->t, t, sizeof t);
	view_fmt_dur(a->t0, t0, sizeof t0);
	int nf = 0;
	bool one = a->count <= 1;
	switch (a->kind) {
	case EV_STEAL:
		if (one) {
			snprintf(forms[nf++], sizeof forms[0], "◀ stole %d G from P%d at %s", a->last_n, a->p2, t);
			snprintf(forms[nf++], sizeof forms[0], "◀ stole %d from P%d at %s", a->last_n, a->p2, t);
			snprintf(forms[nf++], sizeof forms[0], "◀%d from P%d @%s", a->last_n, a->p2, t);
			snprintf(forms[nf++], sizeof forms[0], "◀%d P%d @%s", a->last_n, a->p2, t);
		} else {
			snprintf(forms[nf++], sizeof forms[0], "◀ %d steals from P%d since %s", a->count, a->p2, t0);
			snprintf(forms[nf++], sizeof forms[0], "◀ ×%d from P%d since %s", a->count, a->p2, t0);
			snprintf(forms[nf++], sizeof forms[0], "◀×%d P%d since %s", a->count, a->p2, t0);
		}
		break;
	case EV_GLOBRUNQGET:
		if (one) {
			snprintf(forms[nf++], sizeof forms[0], "▲ took %d G from global at %s", a->last_n, t);
			snprintf(forms[nf++], sizeof forms[0], "▲%d from global @%s", a->last_n, t);
			snprintf(forms[nf++], sizeof forms[0], "▲%d global @%s", a->last_n, t);
			snprintf(forms[nf++], sizeof forms[0], "▲%d @%s", a->last_n, t);
		} else {
			snprintf(forms[nf++], sizeof forms[0], "▲ %d batches from global since %s", a->count, t0);
			snprintf(forms[nf++], sizeof forms[0], "▲×%d from global since %s", a->count, t0);
			snprintf(forms[nf++], sizeof forms[0], "▲×%d global ≥%s", a->count, t0);
			snprintf(forms[nf++], sizeof forms[0], "▲×%d ≥%s", a->count, t0);
		}
		break;
	case EV_OVERFLOW:
		if (one) {
			snprintf(forms[nf++], sizeof forms[0], "▼ %d G to global (runq full) at %s", a->last_n, t);
			snprintf(forms[nf++], sizeof forms[0], "▼%d to global @%s", a->last_n, t);
			snprintf(forms[nf++], sizeof forms[0], "▼%d global @%s", a->last_n, t);
		} else {
			snprintf(forms[nf++], sizeof forms[0], "▼ %d overflows to global since %s", a->count, t0);
			snprintf(forms[nf++], sizeof forms[0], "▼×%d to global since %s", a->count, t0);
			snprintf(forms[nf++], sizeof forms[0], "▼×%d global ≥%s", a->count, t0);
			snprintf(forms[nf++], sizeof forms[0], "▼×%d ≥%s", a->count, t0);
		}
		break;
	case EV_RETAKE:
		snprintf(forms[nf++], sizeof forms[0], "retaken by sysmon from M%d at %s", a->m, t);
		snprintf(forms[nf++], sizeof forms[0], "retaken from M%d @%s", a->m, t);
		snprintf(forms[nf++], sizeof forms[0], "retaken from M%d", a->m);
		break;
	case EV_HANDOFF:
		if (a->m >= 0) {
			snprintf(forms[nf++], sizeof forms[0], "handoffp → M%d at %s", a->m, t);
			snprintf(forms[nf++], sizeof forms[0], "handoffp → M%d", a->m);
		} else {
			snprintf(forms[nf++], sizeof forms[0], "handoffp: no work, idle at %s", t);
			snprintf(forms[nf++], sizeof forms[0], "handoffp: idle @%s", t);
			snprintf(forms[nf++], sizeof forms[0], "handoffp: idle");
		}
		break;
	default:
		break;
	}
	b[0] = 0;
	for (int i = 0; i < nf; i++) {
		size_t l = strlen(forms[i]);
		if (utf8_width(forms[i]) <= w && l < len) {
			memcpy(b, forms[i], l + 1);
			return;
		}
	}
}

/* slice_legend explains the run bar on the panel's bottom edge: the bar fills
 * over sysmon's time slice (forcePreemptNS) and turns red past it. */
static void slice_legend(canvas *c, lrect r)
{
	char d[16], b[96];
	view_fmt_dur(GMP_FORCE_PREEMPT_NS, d, sizeof d);
	int y = r.y + r.h - 1, x = r.x + 2, xmax = r.x + r.w - 2;
	bool wide = r.w >= 86;
	snprintf(b, sizeof b, wide ? " time run of the %s slice;" : " time run of %s;", d);
	int need = 3 + utf8_width(b) + (wide ? 36 : 26);
	if (x + need > xmax)
		return;
	canvas_put(c, x, y, ' ', ROLE_BORDER);
	canvas_put(c, x + 1, y, 0x2588, ROLE_RUNNING); /* █ */
	canvas_put(c, x + 2, y, 0x2591, ROLE_DIM);     /* ░ */
	x = view_put(c, x + 3, y, xmax, b, ROLE_DIM);
	canvas_put(c, x++, y, ' ', ROLE_BORDER);
	canvas_put(c, x++, y, 0x2588, ROLE_ALERT);
	snprintf(b, sizeof b, wide ? " past %s: sysmon preempts " : " over: sysmon preempts ", d);
	view_put(c, x, y, xmax, b, ROLE_DIM);
}

/* has_note: P p's row carries a note in a notes column w cells wide; a row
 * without one lends the column to its run queue. */
static bool has_note(const appstate *st, int p, int w)
{
	for (int i = 0; i < st->nanims && w > 0; i++) {
		const ui_anim *a = &st->anims[i];
		int k = a->kind;
		if (a->p != p || !(k == EV_STEAL || k == EV_OVERFLOW || k == EV_GLOBRUNQGET || k == EV_RETAKE ||
		                   k == EV_HANDOFF))
			continue;
		char b[96];
		note_text(a, w, b, sizeof b);
		if (b[0])
			return true;
	}
	return false;
}

void view_procs(canvas *c, lrect r, int rows, bool summary_gors, const appstate *st)
{
	int np = engine_nprocs(st->eng);
	char title[80];
	snprintf(title, sizeof title, "Processors (P)  GOMAXPROCS=%d", engine_gomaxprocs(st->eng));
	view_frame(c, r, title, st->focus == PANEL_PROCS);
	/* steal / overflow counts of the last frames on the top edge, with the
	 * time of the first one they count */
	int nsteal = 0, nover = 0;
	int64_t since = -1;
	for (int i = 0; i < st->nanims; i++) {
		int k = st->anims[i].kind;
		if (k == EV_STEAL)
			nsteal += st->anims[i].count;
		else if (k == EV_OVERFLOW)
			nover += st->anims[i].count;
		if ((k == EV_STEAL || k == EV_OVERFLOW) && (since < 0 || st->anims[i].t0 < since))
			since = st->anims[i].t0;
	}
	if (nsteal || nover) {
		char b[96], tb[32];
		view_fmt_dur(since, tb, sizeof tb);
		if (nsteal && nover)
			snprintf(b, sizeof b, "%d steals, %d overflows since %s", nsteal, nover, tb);
		else if (nsteal)
			snprintf(b, sizeof b, "%d steal%s since %s", nsteal, nsteal > 1 ? "s" : "", tb);
		else
			snprintf(b, sizeof b, "%d overflow%s since %s", nover, nover > 1 ? "s" : "", tb);
		view_frame_right(c, r, b, ROLE_STEAL);
	}
	int iw = r.w - 2;
	int x0 = r.x + 3, xmax = r.x + r.w - 2; /* a blank cell before the border */
	pcols w;
	if (iw >= 130)
		w = (pcols){10, 6, 20, 10, 7, 10};
	else if (iw >= 96)   /* 100 columns: room for the function and notes */
		w = (pcols){10, 5, 16, 6, 7, 9};
	else
		w = (pcols){10, 5, 12, 4, 7, 9};
	/* the notes column: what the run queue leaves, up to NOTE_MAX cells;
	 * a row without a note lends it to its run queue */
	int runqx = x0 + 4 + w.status + w.m + w.g + w.bar + 1 + w.time + w.next;
	int notew = xmax - runqx - RUNQ_MIN - 1;
	if (notew > NOTE_MAX)
		notew = NOTE_MAX;
	if (notew < NOTE_MIN)
		notew = 0;
	int notex = xmax - notew;
	int shown = rows < np ? rows - 1 : np;
	if (shown < 1)
		shown = rows >= 1 ? 1 : 0;
	int first = st->focus == PANEL_PROCS ? st->scroll[PANEL_PROCS] : 0;
	if (first > np - shown)
		first = np - shown;
	if (first < 0)
		first = 0;
	int yglob = r.y + 1 + rows;
	int counts[P__COUNT] = {0};
	for (int p = 0; p < np; p++) {
		gmp_pview pv;
		engine_p_view(st->eng, p, &pv);
		if (pv.status < P__COUNT)
			counts[pv.status]++;
		if (p < first || p >= first + shown)
			continue;
		int y = r.y + 1 + (p - first);
		p_row(c, x0, y, has_note(st, p, notew) ? notex - 1 : xmax, &w, &pv, st);
	}
	if (shown < np) {
		int y = r.y + 1 + shown;
		view_putf(c, x0, y, xmax, ROLE_DIM, "… %d more Ps (Tab, ↓ to scroll): %d running, %d idle, %d syscall",
		          np - shown, counts[P_RUNNING], counts[P_IDLE], counts[P_SYSCALL]);
	}
	/* the global run queue */
	int gq = engine_globrunq_size(st->eng);
	int x = view_put(c, x0, yglob, xmax, "global runq ", ROLE_TITLE);
	x = view_putf(c, x, yglob, xmax, gq ? ROLE_RUNNABLE : ROLE_DIM, "%d", gq);
	if (gq > 0) {
		int ids[8];
		int n = engine_globrunq_peek(st->eng, ids, 8);
		x = view_put(c, x, yglob, xmax, ": ", ROLE_DIM);
		x = put_gids(c, x, yglob, summary_gors ? x + 30 : xmax, ids, n, gq, ROLE_RUNNABLE);
	}
	if (summary_gors) {
		/* no Goroutines panel at this size: its counts go here */
		char b[120];
		snprintf(b, sizeof b, "G: %d running  %d runnable  %d syscall  %d waiting",
		         engine_g_count(st->eng, G_RUNNING), engine_g_count(st->eng, G_RUNNABLE),
		         engine_g_count(st->eng, G_SYSCALL), engine_g_count(st->eng, G_WAITING));
		int bx = xmax - utf8_width(b);
		if (bx > x + 1)
			view_put(c, bx, yglob, xmax, b, ROLE_DEFAULT);
	}
	slice_legend(c, r);
	/* animations: arrows in the gutter and notes on the rows */
	int gx = r.x + 1;
	uint64_t arrow_seq = 0; /* one arrow at a time: the newest */
	for (int i = 0; i < st->nanims; i++) {
		int k = st->anims[i].kind;
		if ((k == EV_STEAL || k == EV_OVERFLOW || k == EV_GLOBRUNQGET) && st->anims[i].seq > arrow_seq)
			arrow_seq = st->anims[i].seq;
	}
	for (int i = 0; i < st->nanims; i++) {
		const ui_anim *a = &st->anims[i];
		int yto = -1, yfrom = -1;
		char b[96];
		note_text(a, notew, b, sizeof b);
		if (a->p >= first && a->p < first + shown)
			yto = r.y + 1 + (a->p - first);
		switch (a->kind) {
		case EV_STEAL:
			if (a->p2 >= first && a->p2 < first + shown)
				yfrom = r.y + 1 + (a->p2 - first);
			break;
		case EV_OVERFLOW:
			/* the arrow goes from the P down to the global queue */
			yfrom = yto;
			yto = yglob;
			if (b[0] && yfrom >= 0)
				note(c, yfrom, notex, xmax, b, ROLE_STEAL);
			b[0] = 0;
			break;
		case EV_GLOBRUNQGET:
			yfrom = yglob;
			break;
		case EV_RETAKE: case EV_HANDOFF:
			break;
		default:
			continue;
		}
		if (yto >= 0 && yfrom >= 0 && a->seq == arrow_seq)
			gutter(c, gx, yfrom, yto);
		if (b[0] && yto >= 0 && yto != yglob)
			note(c, yto, notex, xmax, b, a->kind == EV_RETAKE || a->kind == EV_HANDOFF
			                                       ? ROLE_SYSCALL : ROLE_STEAL);
	}
}
