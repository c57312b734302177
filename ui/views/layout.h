/*
 * layout.h — panel rectangles for a given terminal size.
 *
 * The main screen (UI-SKETCH.md) is a header row, Processors and Threads side
 * by side (stacked when narrow), a Timeline, Source | Metrics | Goroutines +
 * Signals, the narration ("What just happened") and a footer row. Smaller
 * terminals drop panels in a fixed order (goroutines/signals, then source and
 * metrics); the P rows, the M strip, a timeline of up to four P rows, the
 * last captions and the footer always stay. Below 80×24 only `too_small` is
 * set.
 */
#ifndef GMP_LAYOUT_H
#define GMP_LAYOUT_H

#include <stdbool.h>

#define LAYOUT_MIN_W 80
#define LAYOUT_MIN_H 24

typedef struct lrect {
	int x, y, w, h;   /* w == 0 or h == 0: the panel is not shown */
} lrect;

typedef struct ui_layout {
	bool too_small;   /* below 80×24: show only the "too small" message */
	lrect header;     /* one row */
	lrect procs;      /* Processors (framed) */
	lrect threads;    /* Threads (framed) */
	lrect timeline;   /* Timeline (framed) */
	lrect source;     /* Source listing (framed); may be empty (80x24) */
	lrect metrics;    /* Metrics sparklines (framed); may be empty */
	lrect gors;       /* Goroutines (framed); may be empty */
	lrect sigs;       /* Signals / sysmon (framed); may be empty */
	lrect narr;       /* What just happened (framed) */
	lrect footer;     /* one row */
	int proc_rows;    /* P rows that fit in procs (the rest are summarised) */
	int tl_rows;      /* P rows that fit in the timeline */
} ui_layout;

/* layout_compute fills out for a w×h terminal showing nprocs Ps. */
void layout_compute(int w, int h, int nprocs, ui_layout *out);

#endif
