/*
 * view_timeline.c — the Timeline panel: one strip per P of its recent history
 * (engine_segments), the newest moment at the right edge.
 *
 * The window spans about two wall seconds of play at the current speed,
 * rounded so that a column is a 1-2-5 multiple of a nanosecond. Each column
 * shows what the P did for most of that column: a G running (solid, shaded
 * differently for neighbouring Gs, labelled when wide enough), a syscall, the
 * quota throttle, spinning, or idle.
 */
#include <stdio.h>
#include <string.h>

#include <stdint.h>

#include "view_priv.h"

static int64_t ladder_at_least(int64_t v)
{
	int64_t dec = 1;
	for (;;) {
		if (dec >= v)
			return dec;
		if (dec * 2 >= v)
			return dec * 2;
		if (dec * 5 >= v)
			return dec * 5;
		if (dec > INT64_MAX / 20)
			return dec * 10;
		dec *= 10;
	}
}

/* seg_glyph returns the glyph and role of a column of kind (gmp_segkind; -1 for
 * no history, -2 for the future) showing goroutine g. Neighbouring goroutines
 * alternate two shades. Every kind has a glyph of its own, in ASCII too and
 * without colour (glyph_ascii's look-alikes would draw spinning and idle both
 * as '.'): # and % running, : syscall, / throttled, ~ spinning, . idle,
 * - scheduler. Before the history starts nothing is drawn: a start mark
 * (START_GLYPH) tells "no data" from idle. */
static uint32_t seg_glyph(int kind, int g, bool ascii, canvas_role *role)
{
	switch (kind) {
	case SEG_RUN:
		*role = ROLE_RUNNING;
		if (g & 1)
			return ascii ? '%' : 0x2593; /* ▓ */
		return ascii ? '#' : 0x2588;     /* █ */
	case SEG_SYSCALL: *role = ROLE_SYSCALL; return ascii ? ':' : 0x2592;     /* ▒ */
	case SEG_THROTTLED: *role = ROLE_THROTTLED; return ascii ? '/' : 0x2571; /* ╱ */
	case SEG_SPIN: *role = ROLE_SPINNING; return ascii ? '~' : 0x2591;       /* ░ */
	case SEG_SCHED: *role = ROLE_DIM; return ascii ? '-' : 0x2500;           /* ─ */
	case SEG_GC: *role = ROLE_LOCKED; return ascii ? '=' : 0x2550;           /* ═ */
	case SEG_IDLE: *role = ROLE_IDLE; return ascii ? '.' : 0x00B7;           /* · */
	default: *role = ROLE_DIM; return ' ';
	}
}

/* START_GLYPH marks where a P's known history begins: the run's start, or the
 * oldest piece the engine still keeps. */
#define START_GLYPH(ascii) ((ascii) ? (uint32_t)'|' : 0x250A) /* ┊ */

typedef struct col {
	int kind;   /* gmp_segkind, or -1 = before history */
	int g;
} col;

/* legend_entry draws one kind's glyph(s) and its word at x; returns the x
 * after it, or -1 when it does not fit before xmax. */
static int legend_entry(canvas *c, int x, int y, int xmax, int kind, const char *word)
{
	int gw = kind == SEG_RUN ? 2 : 1; /* a running G: both shades */
	if (x + gw + 1 + utf8_width(word) > xmax)
		return -1;
	for (int k = 0; k < gw; k++) {
		canvas_role role;
		uint32_t ch = kind == SEG__COUNT ? START_GLYPH(c->ascii) : seg_glyph(kind, k, c->ascii, &role);
		canvas_put(c, x + k, y, ch, kind == SEG__COUNT ? ROLE_DIM : role);
	}
	return view_put(c, x + gw + 1, y, xmax, word, ROLE_DIM) + 2;
}

/* axis draws the time axis (the window's start, ▲ now) and the legend, which
 * continues on the bottom edge of the frame when the axis row is full. */
static void axis(canvas *c, lrect r, int xs, int xmax, int rows, int64_t start, int64_t colns,
                 const appstate *st)
{
	int y = r.y + r.h - 2;
	if (y <= r.y + rows)
		return;
	char b[32];
	int lx0 = view_putf(c, xs, y, xmax, ROLE_DIM, "%s", view_fmt_time(start > 0 ? start : 0, b, sizeof b));
	/* "now" under the column of the current time: the word after the
	 * arrow, or before it when the arrow is too near the right edge */
	int nx = xs + (int)((st->vt - start) / colns);
	if (nx > xmax - 1)
		nx = xmax - 1;
	canvas_put(c, nx, y, 0x25B2, ROLE_TITLE); /* ▲ */
	int nowx = nx + 4 <= xmax ? nx + 1 : nx - 3;
	view_put(c, nowx, y, xmax, "now", ROLE_TITLE);
	int lx = nowx < nx ? nowx : nx;
	bool narrow = r.w < 120;
	/* the legend draws each kind with seg_glyph, as the strip does
	 * (SEG__COUNT stands for the start mark) */
	static const struct { int kind; const char *w, *short_w; } lg[] = {
		{SEG_RUN, "running G", "run"}, {SEG_SYSCALL, "syscall", "syscall"},
		{SEG_THROTTLED, "throttled", "throttled"}, {SEG_SPIN, "spinning", "spin"},
		{SEG_IDLE, "idle", "idle"}, {SEG_SCHED, "scheduler", "sched"},
		{SEG__COUNT, "start of the known history", "start"},
	};
	int legend_x = lx0 + 3 > xs + 14 ? lx0 + 3 : xs + 14;
	int legend_max = lx > legend_x + 20 ? lx - 2 : xmax - 5;
	int by = r.y + r.h - 1, bx = xs + 1;   /* overflow: the bottom edge */
	for (size_t i = 0; i < sizeof lg / sizeof lg[0]; i++) {
		const char *w = narrow ? lg[i].short_w : lg[i].w;
		int nxt = legend_x < 0 ? -1 : legend_entry(c, legend_x, y, legend_max, lg[i].kind, w);
		if (nxt < 0) {
			legend_x = -1;
			int need = (lg[i].kind == SEG_RUN ? 2 : 1) + 1 + utf8_width(w);
			if (bx + need > r.x + r.w - 32)
				break;
			canvas_fill(c, bx - 1, by, need + 2, 1, ' ', ROLE_BORDER);
			bx = legend_entry(c, bx, by, r.x + r.w - 32, lg[i].kind, w);
			continue;
		}
		legend_x = nxt;
	}
}

void view_timeline(canvas *c, lrect r, int rows, const appstate *st)
{
	int x0 = r.x + 2, xmax = r.x + r.w - 2;
	int lab = 4;
	int sw = xmax - x0 - lab;
	if (sw < 10)
		sw = 10;
	/* two wall seconds of play; early in the run, zoom to fit what exists */
	int64_t span = st->speed * 2;
	if (st->vt > 0 && st->vt < span) /* at t=0: the scale play will use */
		span = st->vt > sw ? st->vt : sw;
	/* the engine keeps the last GMP_SEGMENTS pieces of each P's history: when
	 * Ps switch goroutines very often, zoom in to what is still known */
	{
		gmp_segment one[GMP_SEGMENTS];
		int64_t known = INT64_MIN;
		for (int p = 0; p < engine_nprocs(st->eng); p++) {
			int n = engine_segments(st->eng, p, one, GMP_SEGMENTS);
			if (n == GMP_SEGMENTS && one[0].t0 > known)
				known = one[0].t0;
		}
		if (known != INT64_MIN && st->vt - known < span)
			span = st->vt - known > sw ? st->vt - known : sw;
	}
	int64_t colns = ladder_at_least(span / sw > 0 ? span / sw : 1);
	char t1[24], t2[24], title[96];
	snprintf(title, sizeof title, "Timeline (last %s, one column = %s)",
	         view_fmt_dur(colns * sw, t1, sizeof t1), view_fmt_dur(colns, t2, sizeof t2));
	view_frame(c, r, title, false);
	int np = engine_nprocs(st->eng);
	int first = st->focus == PANEL_PROCS ? st->scroll[PANEL_PROCS] : 0;
	if (first > np - rows)
		first = np - rows;
	if (first < 0)
		first = 0;
	/* align the window end to a column boundary so the strip scrolls in steps */
	int64_t end = (st->vt / colns + 1) * colns;
	if (end < colns * sw)
		end = colns * sw; /* the whole history fits: start at 0 */
	int64_t start = end - colns * sw;
	gmp_segment segs[GMP_SEGMENTS];
	col cols[1024];
	if (sw > 1024)
		sw = 1024;
	for (int i = 0; i < rows && first + i < np; i++) {
		int p = first + i, y = r.y + 1 + i;
		view_putf(c, x0, y, x0 + lab, ROLE_TITLE, "P%d", p);
		int n = engine_segments(st->eng, p, segs, GMP_SEGMENTS);
		int si = 0;
		for (int k = 0; k < sw; k++) {
			int64_t c0 = start + colns * k, c1 = c0 + colns;
			int64_t bestov = 0;
			cols[k].kind = -1;
			cols[k].g = -1;
			if (c0 >= st->vt) {
				cols[k].kind = -2; /* the future */
				continue;
			}
			while (si < n) {
				int64_t e1 = segs[si].t1 < segs[si].t0 ? st->vt : segs[si].t1;
				if (e1 <= c0)
					si++;
				else
					break;
			}
			for (int j = si; j < n && segs[j].t0 < c1; j++) {
				int64_t e1 = segs[j].t1 < segs[j].t0 ? st->vt : segs[j].t1;
				int64_t a = segs[j].t0 > c0 ? segs[j].t0 : c0;
				int64_t b = e1 < c1 ? e1 : c1;
				/* a running G wins ties over idle: short runs stay visible */
				int64_t ov = (b - a) * (segs[j].kind == SEG_IDLE ? 1 : 4);
				if (ov > bestov) {
					bestov = ov;
					cols[k].kind = segs[j].kind;
					cols[k].g = segs[j].g;
				}
			}
		}
		int xs = x0 + lab;
		for (int k = 0; k < sw; k++) {
			canvas_role role;
			uint32_t ch = seg_glyph(cols[k].kind, cols[k].g, c->ascii, &role);
			canvas_put(c, xs + k, y, ch, role);
		}
		/* the start of what is known: the run's start at the left edge, or
		 * the last column with no history */
		if (start == 0 && cols[0].kind != -1)
			canvas_put(c, xs - 1, y, START_GLYPH(c->ascii), ROLE_DIM);
		for (int k = 0; k + 1 < sw; k++)
			if (cols[k].kind == -1 && cols[k + 1].kind >= 0)
				canvas_put(c, xs + k, y, START_GLYPH(c->ascii), ROLE_DIM);
		/* label runs of one G that are wide enough */
		for (int k = 0; k < sw;) {
			int j = k;
			while (j < sw && cols[j].kind == cols[k].kind && cols[j].g == cols[k].g)
				j++;
			if ((cols[k].kind == SEG_RUN || cols[k].kind == SEG_SYSCALL) && cols[k].g >= 0) {
				char b[16];
				int bl = snprintf(b, sizeof b, " G%d ", cols[k].g);
				if (j - k >= bl + 2) {
					int lx = xs + k + (j - k - bl) / 2;
					canvas_put_str(c, lx, y, b, cols[k].kind == SEG_RUN ? ROLE_RUNNING : ROLE_SYSCALL, bl);
					canvas_set_role(c, lx, y, bl, cols[k].kind == SEG_RUN ? ROLE_RUNNING : ROLE_SYSCALL,
					                ATTR_REVERSE);
				}
			}
			k = j;
		}
	}
	axis(c, r, x0 + lab, xmax, rows, start, colns, st);
	if (np > rows) {
		char more[64];
		snprintf(more, sizeof more, "+%d more Ps (Tab, ↓ scrolls)", np - rows);
		view_frame_right_bottom(c, r, more, ROLE_TITLE);
	}
}
