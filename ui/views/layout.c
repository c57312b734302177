/*
 * layout.c — where each panel goes for a terminal size.
 *
 * Rows are handed out top-down: header, Processors/Threads band, Timeline,
 * the middle band (Source | Metrics | Goroutines over Signals), narration,
 * footer. The middle band takes what is left and is never thinner than
 * MID_MIN rows; the timeline and the right-hand column are dropped first when
 * space runs out. Pure arithmetic: no drawing here.
 */
#include "layout.h"

#include <string.h>

#define MID_MIN 6     /* rows of the Source / Metrics band, borders included */
#define SIDE_W 120    /* from this width Processors and Threads sit side by side */
#define THREE_W 110   /* from this width the middle band has a third column */

static int imin(int a, int b) { return a < b ? a : b; }
static int imax(int a, int b) { return a > b ? a : b; }

static lrect rect(int x, int y, int w, int h)
{
	lrect r = {x, y, w, h};
	return r;
}

void layout_compute(int w, int h, int nprocs, ui_layout *out)
{
	memset(out, 0, sizeof *out);
	if (w < LAYOUT_MIN_W || h < LAYOUT_MIN_H) {
		out->too_small = true;
		return;
	}
	if (nprocs < 1)
		nprocs = 1;
	out->header = rect(0, 0, w, 1);
	out->footer = rect(0, h - 1, w, 1);
	int avail = h - 2;
	int y = 1;
	int narr_h = h >= 46 ? 8 : h >= 40 ? 6 : h >= 30 ? 5 : 3;
	bool side = w >= SIDE_W;

	if (side) {
		int top_max = imax(7, (avail - narr_h) * 45 / 100);
		out->proc_rows = imax(1, imin(nprocs, top_max - 3));
		int top_h = imax(out->proc_rows + 3, imin(top_max, 9));
		int pw = w * 57 / 100;
		out->procs = rect(0, y, pw, top_h);
		out->threads = rect(pw, y, w - pw, top_h);
		y += top_h;
	} else {
		int thr_h = h >= 34 ? 6 : 4;
		int top_avail = avail - narr_h - thr_h - MID_MIN;
		out->proc_rows = imax(1, imin(nprocs, top_avail - 3));
		int ph = out->proc_rows + 3;
		out->procs = rect(0, y, w, ph);
		y += ph;
		out->threads = rect(0, y, w, thr_h);
		y += thr_h;
	}

	int rest = h - 1 - y - narr_h;   /* rows for timeline + middle band */
	if (h >= 32) {
		int tl_rows = imin(nprocs, side ? 8 : 4);
		while (tl_rows > 0 && rest - (tl_rows + 3) < MID_MIN + 2)
			tl_rows--;
		if (tl_rows > 0) {
			out->tl_rows = tl_rows;
			out->timeline = rect(0, y, w, tl_rows + 3);
			y += tl_rows + 3;
			rest -= tl_rows + 3;
		}
	}

	int mid_h = imax(rest, 3);
	if (w >= THREE_W) {
		int sw = w * 42 / 100, mw = w * 33 / 100;
		out->source = rect(0, y, sw, mid_h);
		out->metrics = rect(sw, y, mw, mid_h);
		int gx = sw + mw, gw = w - gx;
		int gh = mid_h >= 12 ? mid_h * 55 / 100 : mid_h;
		out->gors = rect(gx, y, gw, gh);
		if (mid_h - gh >= 4)
			out->sigs = rect(gx, y + gh, gw, mid_h - gh);
		else
			out->gors.h = mid_h;
	} else {
		int sw = w / 2;
		out->source = rect(0, y, sw, mid_h);
		out->metrics = rect(sw, y, w - sw, mid_h);
	}
	y += mid_h;
	out->narr = rect(0, y, w, h - 1 - y);
}
