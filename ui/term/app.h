/*
 * app.h — the interactive mode: a libev loop around an appstate.
 *
 * cmd_interactive (declared in cli.h) checks that stdin and stdout are
 * terminals, opens the scenario (or the picker) and calls app_run. app_run
 * owns the loop: keys from an ev_io on the terminal, frames from an ev_timer
 * that runs only while playing (a paused gmpscope sleeps in the kernel), the
 * signals from ev_signal watchers started before the terminal is set up, and
 * one ev_prepare that presents a frame when something changed.
 */
#ifndef GMP_APP_H
#define GMP_APP_H

#include <stdbool.h>

#include "appstate.h"

/* app_run runs the interactive loop on st until the user quits or a signal
 * ends it. Returns the exit status: 0 after q, 128 + signal number after
 * SIGINT / SIGTERM / SIGHUP, 2 when the terminal cannot be opened (one line
 * on stderr). The terminal is restored on every path. */
int app_run(appstate *st, bool ascii);

#endif
