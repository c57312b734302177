/*
 * view_priv.h — helpers shared by the view files (not a public interface).
 *
 * Each panel has its own file and one entry point drawing into its layout
 * rectangle; the rectangle includes the frame.
 */
#ifndef GMP_VIEW_PRIV_H
#define GMP_VIEW_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "appstate.h"
#include "canvas.h"
#include "engine.h"
#include "layout.h"
#include "view.h"

/* panel frame with a title; focused panels use ROLE_SELECTED */
void view_frame(canvas *c, lrect r, const char *title, bool focused);
/* right-aligned text on a frame's top edge (counters); returns its x */
int view_frame_right(canvas *c, lrect r, const char *text, canvas_role role);
/* the same on the frame's bottom edge (legends, "+N more") */
int view_frame_right_bottom(canvas *c, lrect r, const char *text, canvas_role role);
/* view_wrap word-wraps text into the rectangle from row *y; returns rows used.
 * Text left over at ymax is marked with an ellipsis. With c NULL it only
 * counts (and advances *y). */
int view_wrap(canvas *c, int x, int *y, int w, int ymax, const char *text, canvas_role role);
/* view_put writes text and returns the x after it */
int view_put(canvas *c, int x, int y, int xmax, const char *text, canvas_role role);
int view_putf(canvas *c, int x, int y, int xmax, canvas_role role, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
/* view_fmt_count: 999, 12.3k, 4.56M */
const char *view_fmt_count(double v, char *buf, size_t len);

canvas_role view_grole(gmp_gstatus s);
canvas_role view_mrole(gmp_mstate s);
/* view_mglyph: an M state's glyph, distinct per state in both modes */
uint32_t view_mglyph(gmp_mstate s, bool ascii);
const char *view_func_name(const appstate *st, int func);
/* view_g_by_id fills gv for the live goroutine with goid id (the P views and
 * events name goroutines by goid, engine_g_view takes a slot index). */
bool view_g_by_id(const appstate *st, int id, gmp_gview *gv);
/* view_anim_for finds an animation of kind touching P p (as p or p2), or NULL */
const ui_anim *view_anim_find(const appstate *st, int kind, int p, int p2, int m);
double view_metric(const appstate *st, const char *name, bool *ok);
/* view_cgo_hold shows mv in the cgo state when it is running and its latest
 * cgo call ended less than one frame's worth of virtual time (speed /
 * APP_FPS) before the time shown, or ends after it (a run of ops is executed
 * at once): a call far shorter than a frame still shows (view_threads.c). */
void view_cgo_hold(const appstate *st, gmp_mview *mv);

/* panels */
void view_header(canvas *c, lrect r, const appstate *st);
void view_footer(canvas *c, lrect r, const appstate *st);
void view_procs(canvas *c, lrect r, int rows, bool summary_gors, const appstate *st);
void view_threads(canvas *c, lrect r, const appstate *st);
void view_gors(canvas *c, lrect r, const appstate *st);
void view_sigs(canvas *c, lrect r, const appstate *st);
void view_metrics(canvas *c, lrect r, const appstate *st);
void view_timeline(canvas *c, lrect r, int rows, const appstate *st);
void view_source(canvas *c, lrect r, const appstate *st);
void view_narr(canvas *c, lrect r, const appstate *st);
/* overlays */
/* view_explain_rect: where the explanation goes (over Source and Metrics, or
 * over the timeline and narration when the band is not shown) */
lrect view_explain_rect(const ui_layout *L);
void view_explain(canvas *c, lrect r, const appstate *st);
void view_end(canvas *c, lrect r, const appstate *st);
void view_help(canvas *c, const appstate *st);
/* view_text_fn draws a scrollable overlay's text into c from row 0, w cells
 * wide, and returns the rows used. */
typedef int (*view_text_fn)(canvas *c, int w, const appstate *st);
/* view_overlay_body draws text into the frame r from row `scroll`, says on
 * the frame when more is above or below; returns the largest useful scroll. */
int view_overlay_body(canvas *c, lrect r, view_text_fn text, int scroll, const appstate *st);
/* the quiz (view_quiz.c): the three questions, the reveal, the summary, and
 * the footer's keys and score line */
void view_quiz_intro(canvas *c, const appstate *st);
void view_quiz_reveal(canvas *c, lrect r, const appstate *st);
void view_quiz_summary(canvas *c, const appstate *st);
/* view_quiz_status writes the score line, "right 1 · wrong 0 · of 3". */
const char *view_quiz_status(const appstate *st, char *buf, size_t len);
/* view_quiz_footer draws the quiz's keys in the footer row r; false when
 * the ordinary footer applies (compare mode after the reveal). */
bool view_quiz_footer(canvas *c, lrect r, const appstate *st);
void view_picker(canvas *c, const appstate *st);
void view_too_small(canvas *c);
/* view_compare draws the whole compare frame (view_compare.c). */
void view_compare(canvas *c, const appstate *st);
/* view_symptom evaluates the open scenario's symptom i on s's run now;
 * false when it has no value yet (a metric defined only at the end). */
bool view_symptom(const appstate *s, int i, double *out);
/* view_symptom_rows draws one row per symptom of s ("symptom EXPR … value",
 * highlighted) from row y; returns the next row. */
int view_symptom_rows(canvas *c, int x0, int y, int xmax, int ymax, const appstate *s);

/* VIEW_GSCAN: goroutine slots a panel looks at from each end to name the
 * goroutines on the listing lines it shows (engine_gscan): ~0.4 ms of a
 * frame among a million goroutines */
#define VIEW_GSCAN 32768L

#endif
