/*
 * layout.c — where each panel goes for a terminal size.
 *
 * Rows are handed out top-down: header, Processors/Threads band, Timeline,
 * the middle band (Source | Metrics | Goroutines over Signals), narration,
 * footer. Every size keeps a short timeline (one row per P, up to four):
 * it shows most symptoms. The middle band takes what is left; below
 * MID_SMALL rows it is dropped and the narration gets the rows (80x24).
 * Pure arithmetic: no drawing here.
 */
#include "layout.h"

#include <string.h>

#define MID_MIN 6     /* rows of the Source / Metrics band, borders included */
#define SIDE_W 120    /* from this width Processors and Threads sit side by side */
#define THREE_W 110   /* from this width the middle band has a third column */
#define TL_SHORT 4    /* timeline rows every size keeps (then "+N more") */
#define MID_SMALL 5   /* the thinnest Source | Metrics band worth drawing */
#define SIGS_H 7      /* Signals / sysmon rows, borders included */
#define SIGS_MIN_BAND 12 /* from this band height Signals has its own panel */

static int imin(int a, int b) { return a < b ? a : b; }
static int imax(int a, int b) { return a > b ? a : b; }

static lrect rect(int x, int y, int w, int h)
{
	lrect r = {x, y, w, h};
	return r;
}

/* mid_split places Source | Metrics (| Goroutines over Signals) in the band
 * of h rows from row y. Signals keeps a place of its own from SIGS_MIN_BAND
 * rows, however many Ps push on the panels above. */
static void mid_split(int w, int y, int h, ui_layout *out)
{
	if (w >= THREE_W) {
		int sw = w * 42 / 100, mw = w * 33 / 100;
		out->source = rect(0, y, sw, h);
		out->metrics = rect(sw, y, mw, h);
		int gx = sw + mw, gw = w - gx;
		int gh = h >= SIGS_MIN_BAND ? h - imax(SIGS_H, h * 45 / 100) : h;
		out->gors = rect(gx, y, gw, gh);
		if (h - gh >= SIGS_H)
			out->sigs = rect(gx, y + gh, gw, h - gh);
	} else {
		int sw = w / 2;
		out->source = rect(0, y, sw, h);
		out->metrics = rect(sw, y, w - sw, h);
	}
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
	int narr_h = h >= 46 ? 8 : h >= 40 ? 6 : h >= 34 ? 5 : h >= 28 ? 4 : 3;
	bool side = w >= SIDE_W;
	/* the short timeline every size keeps: one row per P up to four */
	int tl_min = imin(nprocs, TL_SHORT);

	if (side) {
		int top_max = imax(7, (avail - narr_h) * 40 / 100);
		out->proc_rows = imax(1, imin(nprocs, top_max - 3));
		int top_h = imax(out->proc_rows + 3, imin(top_max, 8));
		int pw = w * 57 / 100;
		out->procs = rect(0, y, pw, top_h);
		out->threads = rect(pw, y, w - pw, top_h);
		y += top_h;
	} else {
		int thr_h = h >= 34 ? 6 : h >= 28 ? 4 : 3;
		int top_avail = avail - narr_h - thr_h - (tl_min + 3);
		out->proc_rows = imax(1, imin(nprocs, imin(top_avail - 3, h >= 32 ? nprocs : TL_SHORT)));
		int ph = out->proc_rows + 3;
		out->procs = rect(0, y, w, ph);
		y += ph;
		out->threads = rect(0, y, w, thr_h);
		y += thr_h;
	}

	int rest = h - 1 - y - narr_h;   /* rows for timeline + middle band */
	/* the short timeline first; more P rows only while the band keeps MID_MIN + 2 */
	int tl_rows = imin(tl_min, rest - 3);
	int tl_max = imin(nprocs, side ? 8 : TL_SHORT);
	while (tl_rows < tl_max && rest - (tl_rows + 4) >= MID_MIN + 2)
		tl_rows++;
	if (tl_rows > 0) {
		out->tl_rows = tl_rows;
		out->timeline = rect(0, y, w, tl_rows + 3);
		y += tl_rows + 3;
		rest -= tl_rows + 3;
	}
	/* a band too thin to show a line of source goes to the narration */
	if (rest >= MID_SMALL) {
		mid_split(w, y, rest, out);
		y += rest;
	}
	out->narr = rect(0, y, w, h - 1 - y);
}
