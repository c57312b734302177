/*
 * sigfatal.h — cleanups that run when a signal ends the program.
 *
 * A signal whose default action ends the process (Ctrl-\, SIGTERM from a
 * supervisor, SIGPIPE, a crash) must not leave the terminal raw on the
 * alternate screen, nor a recording's hidden temporaries on disk. A module
 * registers a cleanup (async-signal-safe: write, tcsetattr, unlink, rmdir
 * and the like; no malloc, no stdio) and arms the signals it cares about;
 * on one of them every registered cleanup runs once, then the signal is
 * raised again with its default action, so the process ends as it would
 * have (the shell sees 128+n).
 *
 * A signal is armed only while its disposition is the default: one the
 * user ignores (nohup) stays ignored, and one a sanitizer or libev already
 * handles is left to it.
 */
#ifndef GMP_SIGFATAL_H
#define GMP_SIGFATAL_H

/* the signals that end a program by default and that no part of gmpscope
 * handles otherwise, 0-terminated (SIGINT, SIGTERM and SIGHUP are not among
 * them: the interactive mode watches those itself) */
extern const int sigfatal_quiet[];
/* SIGINT, SIGTERM, SIGHUP, 0-terminated */
extern const int sigfatal_stop[];

/* sigfatal_add registers fn to run on an armed signal (at most 4 cleanups;
 * a repeated fn is registered once). */
void sigfatal_add(void (*fn)(void));
/* sigfatal_arm installs the handler for each signal of the 0-terminated list
 * whose disposition is the default. */
void sigfatal_arm(const int *signums);
/* sigfatal_hold / sigfatal_release block and unblock the armed signals around
 * a change to data a cleanup reads (a list of temporaries); they nest. */
void sigfatal_hold(void);
void sigfatal_release(void);

#endif
