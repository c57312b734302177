/*
 * sigfatal.c — cleanups on a signal that ends the program (see sigfatal.h).
 *
 * The handler runs with every armed signal blocked (sa_mask), so a second
 * signal cannot interrupt a cleanup half-way; it then resets the signal to
 * its default action, unblocks it and raises it again.
 */
#include "sigfatal.h"

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>

#define SIGFATAL_FNS 4

const int sigfatal_quiet[] = {
	SIGQUIT, SIGUSR1, SIGUSR2, SIGPIPE, SIGALRM, SIGVTALRM, SIGPROF, SIGXCPU, SIGXFSZ,
	SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGSYS, 0,
};
const int sigfatal_stop[] = { SIGINT, SIGTERM, SIGHUP, 0 };

static void (*fns[SIGFATAL_FNS])(void);  /* the cleanups, in registration order */
static int nfns;
static sigset_t armed;                    /* the signals with our handler */
static bool armed_init;
static int holds;                         /* sigfatal_hold nesting depth */
static sigset_t held_old;                 /* the mask before the outermost hold */

/* on_fatal runs the cleanups, then lets sig end the process. */
static void on_fatal(int sig)
{
	int saved = errno;
	for (int i = 0; i < nfns; i++)
		fns[i]();
	struct sigaction dfl;
	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	sigaction(sig, &dfl, NULL);
	sigset_t one;
	sigemptyset(&one);
	sigaddset(&one, sig);
	raise(sig);
	sigprocmask(SIG_UNBLOCK, &one, NULL);
	errno = saved; /* reached only if the default action does not end us */
}

void sigfatal_add(void (*fn)(void))
{
	for (int i = 0; i < nfns; i++)
		if (fns[i] == fn)
			return;
	if (nfns < SIGFATAL_FNS)
		fns[nfns++] = fn;
}

void sigfatal_arm(const int *signums)
{
	if (!armed_init) {
		sigemptyset(&armed);
		armed_init = true;
	}
	for (const int *s = signums; *s; s++) {
		struct sigaction old;
		if (sigaction(*s, NULL, &old) == 0 && !(old.sa_flags & SA_SIGINFO) &&
		    old.sa_handler == SIG_DFL)
			sigaddset(&armed, *s);
	}
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_fatal;
	sa.sa_mask = armed;
	for (const int *s = signums; *s; s++) {
		struct sigaction old;
		if (!sigismember(&armed, *s) || sigaction(*s, NULL, &old) != 0)
			continue;
		if (old.sa_handler == SIG_DFL || old.sa_handler == on_fatal)
			sigaction(*s, &sa, NULL);
	}
}

void sigfatal_hold(void)
{
	if (holds++ == 0 && armed_init)
		sigprocmask(SIG_BLOCK, &armed, &held_old);
}

void sigfatal_release(void)
{
	if (holds > 0 && --holds == 0 && armed_init)
		sigprocmask(SIG_SETMASK, &held_old, NULL);
}
