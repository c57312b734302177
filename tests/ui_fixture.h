/*
 * ui_fixture.h — the UI suites' fixture: two small inline scenarios (thread
 * churn, and a burst of workers that makes Ps steal) and an appstate opened
 * on one of them (or on a shipped scenario), as the interactive program would;
 * a screen rendered from it, and text found on that screen.
 */
#ifndef GMP_UI_FIXTURE_H
#define GMP_UI_FIXTURE_H

#include <stdbool.h>

#include "appstate.h"
#include "canvas.h"

extern const char UI_FX_LEAK[];   /* LockOSThread without unlock, 2 Ps */
extern const char UI_FX_BURST[];  /* CPU-bound workers on 4 Ps */

/* ui_fx_open parses text and opens an appstate on its first variant; the
 * test fails if the text does not parse. */
appstate *ui_fx_open(const char *text);
/* ui_fx_open_shipped opens scenarios/NAME.gmp from the source root
 * ($GMPSCOPE_ROOT, else the current directory); the test fails if it cannot. */
appstate *ui_fx_open_shipped(const char *name);
/* ui_fx_render renders st on a new w x h canvas (the caller frees it). */
canvas *ui_fx_render(const appstate *st, int w, int h);
/* ui_fx_find returns the position of text on screen (row in *y, column in *x). */
bool ui_fx_find(const canvas *c, const char *text, int *x, int *y);

#endif
