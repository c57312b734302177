/*
 * ui_fixture.h — the UI suites' fixture: two small inline scenarios (thread
 * churn, and a burst of workers that makes Ps steal) and an appstate opened
 * on one of them, as the interactive program would.
 */
#ifndef GMP_UI_FIXTURE_H
#define GMP_UI_FIXTURE_H

#include "appstate.h"

extern const char UI_FX_LEAK[];   /* LockOSThread without unlock, 2 Ps */
extern const char UI_FX_BURST[];  /* CPU-bound workers on 4 Ps */

/* ui_fx_open parses text and opens an appstate on its first variant; the
 * test fails if the text does not parse. */
appstate *ui_fx_open(const char *text);

#endif
