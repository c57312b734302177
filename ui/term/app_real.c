/*
 * app_real.c — the libev loop of `gmpscope replay` and `gmpscope real` (the
 * second file allowed to include ev.h; SConstruct's EV_FILES names it).
 *
 * Watchers, besides app.c's keys, signals and prepare:
 *   ev_timer play     space: one snapshot per tick (replay_tick)
 *   ev_io    err, out the child's stderr (schedtrace lines and its own
 *                     messages) and stdout, read as they come; trace lines
 *                     feed the reader, other lines the output panel
 *   ev_child child    the child's exit: its status is shown; the loop ends
 *                     when the user asked to quit
 *   ev_timer grace    after q: SIGTERM went to the child's process group;
 *                     SIGKILL follows when the grace runs out
 *   ev_timer quiet    no SCHED line NOSCHED_S after the start: one status line
 * Whatever happens, the child's group gets SIGKILL and the child is reaped
 * before gmpscope exits: no orphan, no zombie.
 */
#include <errno.h>
#include <ev.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "appstate.h"
#include "child.h"
#include "cli.h"
#include "paths.h"
#include "term.h"
#include "theme.h"
#include "view_snap.h"

#define GRACE_S 2.0        /* SIGTERM, then SIGKILL after this */
#define NOSCHED_S 3.0      /* no schedtrace after this: say so */
#define PLAY_S 0.5         /* space: a snapshot per tick */
#define BUF_MAX (1 << 16)  /* longest line kept (longer ones are cut) */

typedef struct rapp {
	struct ev_loop *loop;
	replay *rp;
	canvas *cv;
	bool dirty;             /* a frame must be presented */
	int status;             /* exit status once the loop must end; -1 = go on */
	bool quitting;          /* q was pressed (or a signal came): end when reaped */
	int child_code;         /* the child's own status when it ended on its own; -1 */
	bool trace_bad;         /* a malformed trace line: read no more traces */
	child ch;               /* the live child (pid 0 for a replay) */
	char prog[256];         /* its name, for messages */
	ev_io keys, err_io, out_io;
	ev_prepare prep;
	ev_signal sigs[6];
	ev_timer play, grace, quiet;
	ev_child reap;
	char errbuf[BUF_MAX];   /* a partial stderr line */
	size_t errlen;
	char exit_text[128];    /* "exited with status 0" once reaped */
	char outbuf[BUF_MAX];   /* a partial stdout line */
	size_t outlen;
} rapp;

static void stop_child(rapp *a, int sig)
{
	if (a->ch.pid > 0 && a->rp->running)
		kill(-a->ch.pid, sig);
}

/* quit asks the loop to end: at once for a replay or a reaped child, else
 * after the child is gone (SIGTERM now, SIGKILL after GRACE_S). */
static void quit(rapp *a, int status)
{
	a->quitting = true;
	if (a->status < 0 || status > a->status)
		a->status = status;
	if (a->ch.pid <= 0 || !a->rp->running) {
		ev_break(a->loop, EVBREAK_ALL);
		return;
	}
	stop_child(a, SIGTERM);
	snprintf(a->rp->status, sizeof a->rp->status, "stopping %s (SIGTERM to its process group)...", a->prog);
	a->dirty = true;
	if (!ev_is_active(&a->grace))
		ev_timer_start(a->loop, &a->grace);
}

static void react(rapp *a, int flags)
{
	if (flags & APP_REDRAW)
		a->dirty = true;
	if (flags & APP_QUIT)
		quit(a, 0);
	if (a->rp->playing && !ev_is_active(&a->play))
		ev_timer_again(a->loop, &a->play);
	else if (!a->rp->playing && ev_is_active(&a->play))
		ev_timer_stop(a->loop, &a->play);
}

static void on_key(struct ev_loop *loop, ev_io *w, int revents)
{
	rapp *a = w->data;
	int k;
	(void)loop;
	(void)revents;
	while ((k = term_read_key()) != KEYC_NONE && !(a->quitting && a->status >= 0 && !a->rp->running))
		react(a, replay_key(a->rp, k));
}

static void on_play(struct ev_loop *loop, ev_timer *w, int revents)
{
	rapp *a = w->data;
	(void)loop;
	(void)revents;
	react(a, replay_tick(a->rp));
}

/* trace_line feeds one stderr line to the reader; the program's own lines
 * go to the output panel. */
static void trace_line(rapp *a, const char *line, size_t len, bool cut)
{
	replay *rp = a->rp;
	char err[STRACE_ERR];
	int before = rp->log.n;
	if (cut)   /* the program died mid-line: no whole line to read */
		return;
	int k = a->trace_bad ? 0 : schedlog_line(&rp->log, line, len, err, sizeof err);
	if (k < 0) {
		a->trace_bad = true;
		snprintf(rp->status, sizeof rp->status, "%.440s; no more snapshots are read", err);
	} else if (k == 0) {
		replay_output(rp, line, len);
	}
	if (rp->log.n > before || rp->log.open) {
		if (ev_is_active(&a->quiet)) {
			ev_timer_stop(a->loop, &a->quiet);
			if (!strncmp(rp->status, "no schedtrace", 13))
				rp->status[0] = '\0';
		}
	}
	if (rp->log.n > before)
		replay_added(rp);
}

/* drain reads what fd has and hands out whole lines; EOF stops the watcher. */
static void drain(rapp *a, ev_io *w, char *buf, size_t *len, bool is_err)
{
	for (;;) {
		ssize_t n = read(w->fd, buf + *len, BUF_MAX - 1 - *len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
				if (*len)
					is_err ? trace_line(a, buf, *len, true) : replay_output(a->rp, buf, *len);
				*len = 0;   /* the open state waits for on_reap: whole, or cut by a signal */
				ev_io_stop(a->loop, w);
				close(w->fd);
				w->fd = -1;
			}
			break;
		}
		*len += (size_t)n;
		size_t start = 0;
		for (size_t i = 0; i < *len; i++) {
			if (buf[i] != '\n')
				continue;
			is_err ? trace_line(a, buf + start, i - start, false)
			       : replay_output(a->rp, buf + start, i - start);
			start = i + 1;
		}
		memmove(buf, buf + start, *len - start);
		*len -= start;
		if (*len == BUF_MAX - 1) {   /* a line longer than we keep: cut it */
			is_err ? trace_line(a, buf, *len, false) : replay_output(a->rp, buf, *len);
			*len = 0;
		}
	}
	a->dirty = true;
}

static void on_err(struct ev_loop *loop, ev_io *w, int revents)
{
	rapp *a = w->data;
	(void)loop;
	(void)revents;
	drain(a, w, a->errbuf, &a->errlen, true);
}

static void on_out(struct ev_loop *loop, ev_io *w, int revents)
{
	rapp *a = w->data;
	(void)loop;
	(void)revents;
	drain(a, w, a->outbuf, &a->outlen, false);
}

static void on_reap(struct ev_loop *loop, ev_child *w, int revents)
{
	rapp *a = w->data;
	replay *rp = a->rp;
	char b[128];
	(void)revents;
	ev_child_stop(loop, w);
	rp->running = false;
	kill(-a->ch.pid, SIGKILL);   /* whatever the child left in its group */
	ev_timer_stop(loop, &a->grace);
	ev_timer_stop(loop, &a->quiet);
	if (ev_is_active(&a->err_io))
		drain(a, &a->err_io, a->errbuf, &a->errlen, true);
	if (WIFSIGNALED(w->rstatus))
		schedlog_discard(&rp->log);   /* a state cut short by the signal */
	if (schedlog_flush(&rp->log))
		replay_added(rp);
	child_status_text(w->rstatus, &rp->exit_status, b, sizeof b);
	if (!a->quitting)   /* not the SIGTERM that q sent: the program's own end */
		a->child_code = rp->exit_status;
	snprintf(a->exit_text, sizeof a->exit_text, "%s", b);
	if (rp->log.n == 0)
		snprintf(rp->status, sizeof rp->status, "%s %s before printing any schedtrace (is it a Go program?)",
		         a->prog, b);
	else if (!a->trace_bad)
		snprintf(rp->status, sizeof rp->status, "%s %s; %d snapshots: ← → to step, q to quit", a->prog, b,
		         rp->log.n);
	a->dirty = true;
	if (a->quitting)
		ev_break(loop, EVBREAK_ALL);
}

static void on_grace(struct ev_loop *loop, ev_timer *w, int revents)
{
	rapp *a = w->data;
	(void)loop;
	(void)revents;
	stop_child(a, SIGKILL);
}

static void on_quiet(struct ev_loop *loop, ev_timer *w, int revents)
{
	rapp *a = w->data;
	(void)loop;
	(void)revents;
	if (a->rp->log.n == 0 && !a->rp->log.open)
		snprintf(a->rp->status, sizeof a->rp->status,
		         "no schedtrace from %.200s after %.0fs: is it a Go program? (GODEBUG had schedtrace=N)",
		         a->prog, NOSCHED_S);
	a->dirty = true;
}

static void on_prepare(struct ev_loop *loop, ev_prepare *w, int revents)
{
	rapp *a = w->data;
	(void)loop;
	(void)revents;
	if (!a->dirty)
		return;
	int cols, rows;
	term_size(&cols, &rows);
	if (cols != a->cv->w || rows != a->cv->h)
		canvas_resize(a->cv, cols, rows);
	view_replay(a->cv, a->rp);
	term_present(a->cv);
	a->dirty = false;
}

static void on_signal(struct ev_loop *loop, ev_signal *w, int revents)
{
	rapp *a = w->data;
	(void)loop;
	(void)revents;
	switch (w->signum) {
	case SIGWINCH:
		term_resize();
		break;
	case SIGTSTP:
		term_suspend();
		break;
	case SIGCONT:
		term_invalidate();
		break;
	default: /* SIGINT SIGTERM SIGHUP: stop the child too */
		quit(a, 128 + w->signum);
	}
	a->dirty = true;
}

/* watch starts the child's watchers (pid 0: a replay has none). */
static void watch(rapp *a)
{
	if (a->ch.pid <= 0)
		return;
	ev_child_init(&a->reap, on_reap, a->ch.pid, 0);
	a->reap.data = a;
	ev_child_start(a->loop, &a->reap);
	ev_io_init(&a->err_io, on_err, a->ch.err_fd, EV_READ);
	a->err_io.data = a;
	ev_io_start(a->loop, &a->err_io);
	ev_io_init(&a->out_io, on_out, a->ch.out_fd, EV_READ);
	a->out_io.data = a;
	ev_io_start(a->loop, &a->out_io);
	ev_timer_init(&a->quiet, on_quiet, NOSCHED_S, 0);
	a->quiet.data = a;
	ev_timer_start(a->loop, &a->quiet);
}

/* settle makes sure the child is gone and reaped before we return. */
static void settle(rapp *a)
{
	if (a->ch.pid <= 0)
		return;
	if (a->rp->running) {
		kill(-a->ch.pid, SIGKILL);
		while (waitpid(a->ch.pid, NULL, 0) < 0 && errno == EINTR)
			;
		a->rp->running = false;
	}
	kill(-a->ch.pid, SIGKILL);
	if (a->err_io.fd >= 0 && ev_is_active(&a->err_io))
		close(a->err_io.fd);
	if (a->out_io.fd >= 0 && ev_is_active(&a->out_io))
		close(a->out_io.fd);
}

/* run_loop shows rp (a replay, or the live child ch) until q. */
static int run_loop(replay *rp, const child *ch, const char *prog, bool ascii)
{
	static const int signums[6] = {SIGWINCH, SIGINT, SIGTERM, SIGHUP, SIGTSTP, SIGCONT};
	static rapp a;   /* big buffers: not on the stack */
	char err[256];
	memset(&a, 0, sizeof a);
	a.rp = rp;
	a.status = -1;
	a.child_code = -1;
	a.ch = ch ? *ch : (child){0, -1, -1};
	a.err_io.fd = a.out_io.fd = -1;
	snprintf(a.prog, sizeof a.prog, "%s", prog ? prog : "");
	a.loop = ev_default_loop(EVFLAG_AUTO);
	if (!a.loop) {
		fprintf(stderr, "gmpscope: cannot start the event loop (libev)\n");
		settle(&a);
		return 2;
	}
	for (int i = 0; i < 6; i++) {
		ev_signal_init(&a.sigs[i], on_signal, signums[i]);
		a.sigs[i].data = &a;
		ev_signal_start(a.loop, &a.sigs[i]);
	}
	watch(&a);
	if (term_init(err, sizeof err) != 0) {
		settle(&a);
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	int cols, rows;
	term_size(&cols, &rows);
	a.cv = canvas_new(cols > 0 ? cols : 80, rows > 0 ? rows : 24, ascii || !term_locale_utf8());
	ev_io_init(&a.keys, on_key, term_fd(), EV_READ);
	a.keys.data = &a;
	ev_io_start(a.loop, &a.keys);
	ev_init(&a.play, on_play);
	a.play.repeat = PLAY_S;
	a.play.data = &a;
	ev_timer_init(&a.grace, on_grace, GRACE_S, 0);
	a.grace.data = &a;
	ev_prepare_init(&a.prep, on_prepare);
	a.prep.data = &a;
	ev_prepare_start(a.loop, &a.prep);
	a.dirty = true;
	if (a.cv)
		ev_run(a.loop, 0);
	settle(&a);
	term_restore();
	canvas_free(a.cv);
	for (int i = 0; i < 6; i++)
		ev_signal_stop(a.loop, &a.sigs[i]);
	ev_io_stop(a.loop, &a.keys);
	ev_prepare_stop(a.loop, &a.prep);
	ev_timer_stop(a.loop, &a.play);
	ev_timer_stop(a.loop, &a.grace);
	ev_timer_stop(a.loop, &a.quiet);
	ev_child_stop(a.loop, &a.reap);
	ev_io_stop(a.loop, &a.err_io);
	ev_io_stop(a.loop, &a.out_io);
	if (!a.cv) {
		fprintf(stderr, "gmpscope: out of memory\n");
		return 2;
	}
	if (ch && a.exit_text[0])
		fprintf(stderr, "gmpscope: real: %s %s (%d snapshots)\n", prog, a.exit_text, rp->log.n);
	/* a signal to gmpscope wins (128+n); else the program's own status when
	 * it ended by itself, 0 when q stopped it */
	if (a.status > 0)
		return a.status;
	return a.child_code > 0 ? a.child_code : 0;
}

static bool have_tty(const char *cmd)
{
	if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO))
		return true;
	fprintf(stderr, "gmpscope: %s: needs a terminal on stdin and stdout\n", cmd);
	return false;
}

/* load_compare loads o's --scenario and puts its variant beside rp; 0, or
 * -1 after one line on stderr. */
static int load_compare(const cli_opts *o, const char *cmd, gmp_scenario *s, replay *rp)
{
	char path[PATHS_MAX], err[PATHS_MAX + 256], name[200];
	if (!o->scenario)
		return 0;
	if (paths_find_scenario(o->scenario, path, sizeof path, err, sizeof err) != 0 ||
	    scenario_load(path, s, err, sizeof err) != 0) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	int v = o->variant ? scenario_variant(s, o->variant) : 0;
	if (v < 0) {
		fprintf(stderr, "gmpscope: %s: %s has no variant \"%s\"\n", cmd, path, o->variant);
		return -1;
	}
	scenario_name(s, name, sizeof name);
	snprintf(name + strlen(name), sizeof name - strlen(name), " %s", s->variants[v].name);
	replay_compare(rp, &s->variants[v], name);
	return 0;
}

int cmd_replay(const cli_opts *o)
{
	replay rp;
	char err[STRACE_ERR];
	replay_init(&rp, o->log, false);
	snprintf(rp.source, sizeof rp.source, "replay %s", o->log);
	if (schedlog_read_file(o->log, &rp.log, err, sizeof err) != 0) {
		fprintf(stderr, "gmpscope: replay: %s\n", err);
		replay_free(&rp);
		return 2;
	}
	rp.cur = 0;
	rp.follow = false;
	gmp_scenario sc;
	memset(&sc, 0, sizeof sc);
	int status = 2;
	if (load_compare(o, "replay", &sc, &rp) == 0 && have_tty("replay")) {
		setlocale(LC_ALL, "");
		theme_use(o->light ? THEME_LIGHT : THEME_DARK);
		status = run_loop(&rp, NULL, NULL, o->ascii);
	}
	replay_free(&rp);
	scenario_free(&sc);
	return status;
}

int cmd_real(const cli_opts *o)
{
	char path[4096], err[CHILD_ERR], godebug[1024];
	const char *prog = o->command[0];
	if (child_resolve(prog, path, sizeof path, err, sizeof err) != 0) {
		fprintf(stderr, "gmpscope: real: %s\n", err);
		return 2;
	}
	if (!child_godebug(getenv("GODEBUG"), o->interval / 1000000, godebug, sizeof godebug)) {
		fprintf(stderr, "gmpscope: real: GODEBUG is too long\n");
		return 2;
	}
	gmp_scenario sc;
	replay rp;
	memset(&sc, 0, sizeof sc);
	replay_init(&rp, prog, true);
	if (load_compare(o, "real", &sc, &rp) != 0 || !have_tty("real")) {
		replay_free(&rp);
		scenario_free(&sc);
		return 2;
	}
	char **argv = gmp_xcalloc((size_t)o->ncommand + 1, sizeof *argv);
	memcpy(argv, o->command, (size_t)o->ncommand * sizeof *argv);
	/* SIGCHLD must be libev's before the child can exit */
	struct ev_loop *loop = ev_default_loop(EVFLAG_AUTO);
	(void)loop;
	child ch;
	if (child_start(path, argv, godebug, &ch, err, sizeof err) != 0) {
		free(argv);
		replay_free(&rp);
		scenario_free(&sc);
		fprintf(stderr, "gmpscope: real: %s\n", err);
		return 2;
	}
	free(argv);
	snprintf(rp.source, sizeof rp.source, "real %.100s  (GODEBUG=%.120s)", prog, godebug);
	setlocale(LC_ALL, "");
	theme_use(o->light ? THEME_LIGHT : THEME_DARK);
	int status = run_loop(&rp, &ch, prog, o->ascii);
	replay_free(&rp);
	scenario_free(&sc);
	return status;
}
