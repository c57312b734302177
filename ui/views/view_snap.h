/*
 * view_snap.h — the real-runtime screen and its panels, drawn from gmp_snap
 * states (ui/real/snap.h) whatever their source: a schedtrace log, a live
 * child, or the simulation (snap_from_engine) beside a real run in compare.
 * What the source does not carry is written as absent ("not in schedtrace").
 */
#ifndef GMP_VIEW_SNAP_H
#define GMP_VIEW_SNAP_H

#include "canvas.h"
#include "layout.h"
#include "replay.h"
#include "snap.h"

/* view_snap_procs: the Processors panel (framed) of s in r. */
void view_snap_procs(canvas *c, lrect r, const gmp_snap *s);
/* view_snap_threads: the Threads panel (framed): counts and every M by id. */
void view_snap_threads(canvas *c, lrect r, const gmp_snap *s);
/* view_snap_gors: the Goroutines panel (framed): counts, wait reasons, rows
 * from the scroll-th. */
void view_snap_gors(canvas *c, lrect r, const gmp_snap *s, int scroll);

/* view_snap_compare draws the simulation beside the real run (rp->simv
 * set), header to the row above the footer (view_snap_compare.c). */
void view_snap_compare(canvas *c, const replay *rp);

/* view_replay draws the whole real-runtime screen of rp at c's size. */
void view_replay(canvas *c, const replay *rp);

#endif
