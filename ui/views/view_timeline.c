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

/* seg_glyph returns the glyph and role of a column of kind (gmp_segkind, or < 0 for
 * no history) showing goroutine g. Neighbouring goroutines alternate two
 * shades. Every kind has its own glyph in ASCII too (glyph_ascii's look-alikes
 * would draw spinning and idle both as '.'): # and % running, : syscall,
 * / throttled, ~ spinning, . idle, - scheduler. */
static uint32_t seg_glyph(int kind, int g, bool ascii, canvas_role *role)
{
	switch (kind) {
	case SEG_RUN:
		*role = ROLE_RUNNING;
		if (g & 1)
			return ascii ? '%' : 0x2593; /* ▓ */
		return ascii ? '#' : 0x2588;     /* █ */
	case SEG_SYSCALL: *role = ROLE_SYSCALL; return ascii ? ':' : 0x2592;     /* ▒ */
	case SEG_THROTTLED: *role = ROLE_THROTTLED; return ascii ? '/' : 0x2592; /* ▒ */
	case SEG_SPIN: *role = ROLE_SPINNING; return ascii ? '~' : 0x2591;       /* ░ */
	case SEG_SCHED: *role = ROLE_DIM; return ascii ? '-' : 0x2500;           /* ─ */
	case SEG_IDLE: *role = ROLE_IDLE; return ascii ? '.' : 0x00B7;           /* · */
	default: *role = ROLE_DIM; return ' ';
	}
}

typedef struct col {
	int kind;   /* gmp_segkind, or -1 = before history */
	int g;
} col;

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
	/* the time axis */
	int y = r.y + r.h - 2;
	if (y > r.y + rows) {
		char b[32];
		view_putf(c, x0 + lab, y, xmax, ROLE_DIM, "%s", view_fmt_time(start > 0 ? start : 0, b, sizeof b));
		/* "now" under the column of the current time: the word after the
		 * arrow, or before it when the arrow is too near the right edge */
		int nx = x0 + lab + (int)((st->vt - start) / colns);
		if (nx > xmax - 1)
			nx = xmax - 1;
		canvas_put(c, nx, y, 0x25B2, ROLE_TITLE); /* ▲ */
		int nowx = nx + 4 <= xmax ? nx + 1 : nx - 3;
		view_put(c, nowx, y, xmax, "now", ROLE_TITLE);
		int lx = nowx < nx ? nowx : nx;
		int legend_x = x0 + lab + 14;
		int legend_max = lx > x0 + lab + 40 ? lx - 2 : xmax - 5;
		/* the legend draws each kind with seg_glyph, as the strip does */
		static const struct { int kind; const char *w; } lg[] = {
			{SEG_RUN, "running G"}, {SEG_SYSCALL, "syscall"}, {SEG_THROTTLED, "throttled"},
			{SEG_SPIN, "spinning"}, {SEG_IDLE, "idle"}, {SEG_SCHED, "scheduler"},
		};
		for (size_t i = 0; i < sizeof lg / sizeof lg[0]; i++) {
			int gw = lg[i].kind == SEG_RUN ? 2 : 1; /* a running G: both shades */
			if (legend_x + gw + 2 + utf8_width(lg[i].w) >= legend_max)
				break;
			for (int k = 0; k < gw; k++) {
				canvas_role role;
				uint32_t ch = seg_glyph(lg[i].kind, k, c->ascii, &role);
				canvas_put(c, legend_x + k, y, ch, role);
			}
			legend_x = view_put(c, legend_x + gw + 1, y, legend_max, lg[i].w, ROLE_DIM) + 2;
		}
	}
}
