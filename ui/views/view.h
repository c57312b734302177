/*
 * view.h — draw a whole frame of the main screen into a canvas.
 *
 * Views are pure: they read the appstate (scenario, variant, animations,
 * overlays) and the engine's read-only views and write every cell of the
 * canvas; they never change either. The terminal and the recorders present
 * the canvas they fill.
 */
#ifndef GMP_VIEW_H
#define GMP_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "appstate.h"
#include "canvas.h"

/* view_render clears c and draws the screen for st at c's size. */
void view_render(canvas *c, const appstate *st);

/* view_overlay_scroll_max is how far the open overlay (help, else the
 * explanation) can scroll on a w×h screen: its text rows minus the rows
 * shown; 0 when none is open or it all fits. */
int view_overlay_scroll_max(const appstate *st, int w, int h);
/* view_quiz_scroll_max is how far the quiz's reveal can scroll on a w×h
 * screen (0 outside the reveal). */
int view_quiz_scroll_max(const appstate *st, int w, int h);

/* view_fmt_time formats virtual ns for humans: "0ns", "12.500µs",
 * "141.250ms", "2.000s". Returns buf. */
const char *view_fmt_time(int64_t ns, char *buf, size_t len);
/* view_fmt_dur formats a duration compactly: "250µs", "10ms", "1.5s". */
const char *view_fmt_dur(int64_t ns, char *buf, size_t len);

#endif
