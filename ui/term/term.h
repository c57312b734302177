/*
 * term.h — the interactive terminal backend: the only module that talks to
 * ncurses (tmux's tty.c plays the same part).
 *
 * The app draws a whole frame into a canvas and calls term_present, which
 * writes only the cells that differ from the previously presented frame, and
 * everything after a resize or a resume. Keys come back as the codes of
 * ui/app/keycode.h. term_restore puts the terminal back and may be called any
 * number of times, from any exit path; call it before printing a fatal error.
 *
 * Typical use with libev (ui/term/app.c): term_init, an ev_io on term_fd() that
 * drains term_read_key() until KEYC_NONE, an ev_signal on SIGWINCH calling
 * term_resize, on SIGTSTP calling term_suspend, and term_restore on the way out.
 * Start the ev_signal watchers *before* term_init: ncurses installs its own
 * handlers only where a signal's disposition is still the default.
 */
#ifndef GMP_TERM_H
#define GMP_TERM_H

#include <stdbool.h>
#include <stddef.h>

#include "canvas.h"
#include "keycode.h"
#include "theme.h"

/* term_init opens the terminal (/dev/tty, else stdin/stdout when both are
 * terminals) in cbreak, no-echo, keypad, non-blocking mode with a 25 ms Esc
 * delay, colours if available (and not NO_COLOR) and a hidden cursor. The
 * caller has done setlocale(LC_ALL, ""). Returns 0, or -1 with a one-line
 * message in err and the terminal untouched. */
int term_init(char *err, size_t errlen);

/* term_fd is the file descriptor keys arrive on (for an ev_io watcher); -1 when
 * the terminal is not open. */
int term_fd(void);

/* term_size gives the current screen size in cells. */
void term_size(int *cols, int *rows);

/* term_depth is the colour depth in use (THEME_MONO under NO_COLOR). */
theme_depth term_depth(void);

/* term_locale_utf8 tells whether the current locale's charset is UTF-8; when it
 * is not, draw in ASCII mode (canvas_new(..., true)). */
bool term_locale_utf8(void);

/* term_present shows canvas c: writes the cells that differ from the last
 * presented canvas (all of them after term_invalidate, a resize or a resume)
 * and updates the screen. Cells beyond the screen are clipped. */
void term_present(const canvas *c);

/* term_invalidate makes the next term_present repaint the whole screen. */
void term_invalidate(void);

/* term_read_key returns the next key (a code point or a KEYC_* code), or
 * KEYC_NONE when no key is waiting. Keys we do not use are skipped. After
 * KEYC_RESIZE the size has already changed (see term_size). */
int term_read_key(void);

/* term_resize reads the size from the terminal (TIOCGWINSZ) and resizes
 * ncurses' screens to it; the next term_present repaints everything. Returns
 * true when the size changed. Call it on SIGWINCH. */
bool term_resize(void);

/* term_suspend handles Ctrl-Z (SIGTSTP): restores the terminal, stops the
 * process, and on SIGCONT takes the terminal back and schedules a repaint. */
void term_suspend(void);

/* term_restore leaves curses mode (cursor shown, modes restored). Idempotent;
 * safe from atexit and fatal paths; a no-op when the terminal is not open. */
void term_restore(void);

#endif
