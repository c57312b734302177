/*
 * view_gors.c — the Goroutines panel (counts by state and wait reason, then a
 * scrollable list) and the Signals / sysmon panel (preemption requests,
 * SIGURGs sent and lost, retakes, as they happen).
 */
#include <stdio.h>
#include <string.h>

#include "view_priv.h"

void view_gors(canvas *c, lrect r, const appstate *st)
{
	bool focused = st->focus == PANEL_GORS;
	char title[64];
	int live = 0;
	static const gmp_gstatus order[] = {G_RUNNING, G_RUNNABLE, G_SYSCALL, G_WAITING};
	int counts[4];
	for (int i = 0; i < 4; i++) {
		counts[i] = engine_g_count(st->eng, order[i]);
		live += counts[i];
	}
	snprintf(title, sizeof title, "Goroutines %d", live);
	view_frame(c, r, title, focused);
	int x0 = r.x + 2, xmax = r.x + r.w - 2, y = r.y + 1, ymax = r.y + r.h - 1;
	if (y >= ymax)
		return;
	/* counts by state, two per row when narrow */
	int x = x0;
	for (int i = 0; i < 4; i++) {
		char b[32];
		snprintf(b, sizeof b, "%d %s", counts[i], gstatus_name(order[i]));
		if (x + utf8_width(b) > xmax && x != x0) {
			y++;
			x = x0;
			if (y >= ymax)
				return;
		}
		x = view_put(c, x, y, xmax, b, counts[i] ? view_grole(order[i]) : ROLE_DIM) + 2;
	}
	y++;
	/* wait reasons, biggest first */
	int wc[WAIT__COUNT];
	for (int w = 0; w < WAIT__COUNT; w++)
		wc[w] = w == WAIT_NONE ? 0 : engine_g_wait_count(st->eng, (gmp_waitreason)w);
	for (;;) {
		int best = -1;
		for (int w = 1; w < WAIT__COUNT; w++)
			if (wc[w] > 0 && (best < 0 || wc[w] > wc[best]))
				best = w;
		if (best < 0 || y >= ymax)
			break;
		view_putf(c, x0 + 1, y, xmax, ROLE_WAITING, "%6d %s", wc[best],
		          waitreason_name((gmp_waitreason)best));
		wc[best] = 0;
		y++;
	}
	if (y + 1 >= ymax)
		return;
	/* the list of live goroutines; scrolls when focused */
	canvas_fill(c, x0, y, xmax - x0, 1, 0x2508, ROLE_BORDER);
	y++;
	int cursor = 0, g, skip = focused ? st->scroll[PANEL_GORS] : 0, idx = 0;
	while (y < ymax && (g = engine_g_alive_next(st->eng, &cursor)) >= 0) {
		if (idx++ < skip)
			continue;
		gmp_gview gv;
		if (!engine_g_view(st->eng, g, &gv))
			continue;
		int gx = view_putf(c, x0, y, xmax, view_grole(gv.status), "G%-4d", gv.id);
		const char *what = gv.status == G_WAITING ? waitreason_name(gv.wait)
		                                          : gstatus_name(gv.status);
		gx = view_putf(c, gx + 1, y, xmax, view_grole(gv.status), "%-12s", what);
		if (gv.line > 0)
			view_putf(c, gx + 1, y, xmax, ROLE_DIM, "%s:%d", view_func_name(st, gv.func), gv.line);
		else
			view_put(c, gx + 1, y, xmax, view_func_name(st, gv.func), ROLE_DIM);
		y++;
	}
}

static bool sig_kind(uint8_t k)
{
	return k == EV_PREEMPT_REQ || k == EV_PREEMPTED || k == EV_SIGURG || k == EV_SIGURG_LOST ||
	       k == EV_RETAKE || k == EV_HANDOFF || k == EV_THROTTLE || k == EV_UNTHROTTLE;
}

static canvas_role sig_role(uint8_t k)
{
	switch (k) {
	case EV_SIGURG_LOST: return ROLE_ALERT;
	case EV_SIGURG: return ROLE_SYSMON;
	case EV_RETAKE: case EV_HANDOFF: return ROLE_SYSCALL;
	case EV_THROTTLE: return ROLE_THROTTLED;
	case EV_PREEMPTED: return ROLE_RUNNABLE;
	default: return ROLE_DEFAULT;
	}
}

/* preempt_followup returns the preemption caption of ev (seq `seq`) or,
 * when the G blocked right after it ran again (its next event of its own a
 * park within the same microsecond), one in b that says so: the narration prints
 * both at one time, and "preempted" beside "blocks" would read as one
 * instant. The G was preempted at a call's prologue (selectgo, chanrecv),
 * came back from the global queue and only then parked, as in the runtime. */
static const char *preempt_followup(const appstate *st, const gmp_event *ev, uint64_t seq, char *b,
                                    size_t len)
{
	uint64_t total = engine_event_total(st->eng);
	for (uint64_t s = seq + 1; s < total; s++) {
		const gmp_event *nx = engine_event_get(st->eng, s);
		if (!nx || nx->t - ev->t >= 1000)
			break;
		if (nx->g != ev->g || nx->kind == EV_EXECUTE)
			continue;
		if (nx->kind != EV_PARK)
			break;
		char d[32];
		view_fmt_dur(nx->t - ev->t, d, sizeof d);
		/* "G2 (f) preempted on P0" (the caption before ": to the global
		 * queue"), then what followed */
		const char *colon = strchr(ev->caption, ':');
		int head = colon ? (int)(colon - ev->caption) : (int)strlen(ev->caption);
		snprintf(b, len, "%.*s, ran again, blocked [%s] %s later", head, ev->caption,
		         waitreason_name((gmp_waitreason)nx->aux2), d);
		return b;
	}
	return ev->caption;
}

void view_sigs(canvas *c, lrect r, const appstate *st)
{
	view_frame(c, r, "Signals / sysmon", false);
	int x0 = r.x + 2, xmax = r.x + r.w - 2, y = r.y + 1, ymax = r.y + r.h - 1;
	static const struct { const char *metric, *label; canvas_role role; } rows[] = {
		{"preempt_requests", "preempt requests", ROLE_DEFAULT},
		{"preempt_ignored", "  ignored", ROLE_ALERT},
		{"preempt_signals", "SIGURG sent", ROLE_SYSMON},
		{"preempt_signals_lost", "  lost", ROLE_ALERT},
		{"handoffs", "P hand-offs", ROLE_SYSCALL},
		{"throttled_periods", "throttled periods", ROLE_THROTTLED},
	};
	/* counters: two per row when there is room */
	int x = x0;
	int colw = (xmax - x0) / 2;
	int col = 0;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0] && y < ymax; i++) {
		bool ok;
		double v = view_metric(st, rows[i].metric, &ok);
		if (!ok)
			continue;
		char b[24];
		view_fmt_count(v, b, sizeof b);
		int cw = colw >= 22 ? colw : xmax - x0;
		x = x0 + col * cw;
		int lx = view_put(c, x, y, x + cw - 1, rows[i].label, ROLE_DIM);
		(void)lx;
		int vw = utf8_width(b);
		view_put(c, x + cw - 2 - vw, y, x + cw - 1, b, v > 0 ? rows[i].role : ROLE_DIM);
		if (cw == colw && col == 0) {
			col = 1;
		} else {
			col = 0;
			y++;
		}
	}
	if (col)
		y++;
	if (y >= ymax)
		return;
	/* the latest signal-ish events, newest first */
	uint64_t total = engine_event_total(st->eng);
	int shown = 0;
	for (uint64_t s = total; s > 0 && total - s < GMP_EVENT_RING && y < ymax; s--) {
		const gmp_event *ev = engine_event_get(st->eng, s - 1);
		if (!ev)
			break;
		if (!sig_kind(ev->kind))
			continue;
		/* whole captions, wrapped under their text; the next one only if
		 * it fits (the newest is always shown, cut if it must be) */
		char tb[32], cb[320];
		view_fmt_time(ev->t, tb, sizeof tb);
		const char *cap = ev->kind == EV_PREEMPTED ? preempt_followup(st, ev, s - 1, cb, sizeof cb)
		                                           : ev->caption;
		int tx = x0 + utf8_width(tb) + 1, ty = y;
		if (tx + 8 > xmax)
			tx = x0;
		if (tx == x0)
			ty++;
		view_wrap(NULL, tx, &ty, xmax - tx, ymax + 100, cap, ROLE_DEFAULT);
		if (shown > 0 && ty > ymax)
			break;
		view_put(c, x0, y, xmax, tb, ROLE_DIM);
		if (tx == x0)
			y++;
		view_wrap(c, tx, &y, xmax - tx, ymax, cap, sig_role(ev->kind));
		shown++;
	}
}
