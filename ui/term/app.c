/*
 * app.c — the libev loop of the interactive mode (the only UI file besides
 * main that includes ev.h).
 *
 * Watchers:
 *   ev_signal  SIGWINCH SIGINT SIGTERM SIGHUP SIGTSTP SIGCONT — started before
 *              term_init, so ncurses leaves those signals to us;
 *   ev_io      the terminal: drain keys, feed appstate_key;
 *   ev_timer   frames, APP_FPS per second, started only while playing: it
 *              advances virtual time by speed × elapsed wall time;
 *   ev_idle    runs one slice of a pending job (a step, a run-until: see
 *              appstate_job.c) per turn of the loop, started only while a
 *              job is pending; keys and signals are heard between slices.
 *              A slice is sized in engine events so that it lasts about
 *              APP_SLICE_MS; after APP_JOB_QUIET_MS the footer shows the
 *              progress, redrawn APP_PROGRESS_FPS times a second. Keys
 *              typed during a job (but Esc and q) wait in a queue and act
 *              when it ends;
 *   ev_prepare runs just before the loop blocks: presents a frame when dirty.
 * Nothing polls: when paused, the process sleeps until a key or a signal.
 */
#include "app.h"

#include <ev.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "paths.h"
#include "quiz_load.h"
#include "term.h"
#include "theme.h"
#include "view.h"

#define APP_TYPING_PAUSE_S 1.0   /* digits further apart start a new number */
#define APP_SLICE_MS 8            /* wall time aimed at per slice of a job */
#define APP_SLICE_MIN 64          /* events per slice, bounds of the adaptation */
#define APP_SLICE_MAX (1u << 22)
#define APP_KEYQ 64               /* keys held back while a job runs */
#define APP_PROGRESS_FPS 4        /* progress frames per second: a frame of a big
                                     run costs time the job could use */

typedef struct app {
	struct ev_loop *loop;
	appstate *st;
	canvas *cv;
	bool ascii;
	bool dirty;            /* a frame must be presented */
	int status;            /* exit status */
	ev_tstamp last_tick;   /* wall time of the last frame advance */
	ev_tstamp last_key;    /* wall time of the last key (a pause ends a
	                        * number typed in the picker) */
	ev_io io;
	ev_timer frame;
	ev_prepare prep;
	ev_signal sigs[6];
	ev_idle work;          /* runs the pending job's slices */
	uint64_t slice;        /* events per slice, adapted to APP_SLICE_MS */
	ev_tstamp job_t0;      /* wall time the pending job began */
	ev_tstamp job_drawn;   /* wall time of the last progress frame */
	int keyq[APP_KEYQ];    /* keys typed while a job runs, oldest first */
	int nkeyq;
} app;

static void play_state(app *a)
{
	if (a->st->playing && !ev_is_active(&a->frame)) {
		ev_now_update(a->loop);
		a->last_tick = ev_now(a->loop);
		ev_timer_again(a->loop, &a->frame);
	} else if (!a->st->playing && ev_is_active(&a->frame)) {
		ev_timer_stop(a->loop, &a->frame);
	}
}

/* job_state starts the slice watcher when a job is pending, stops it when
 * none is. */
static void job_state(app *a)
{
	bool busy = appstate_busy(a->st);
	if (busy && !ev_is_active(&a->work)) {
		a->job_t0 = ev_time();
		ev_idle_start(a->loop, &a->work);
	} else if (!busy && ev_is_active(&a->work)) {
		ev_idle_stop(a->loop, &a->work);
	}
}

static void react(app *a, int flags)
{
	if (flags & APP_REDRAW)
		a->dirty = true;
	if (flags & APP_QUIT) {
		a->status = 0;
		ev_break(a->loop, EVBREAK_ALL);
		return;
	}
	play_state(a);
	if (flags & APP_JOB)
		job_state(a);
}

/* key performs one key, or queues it while a job runs; Esc cancelling the
 * job drops the queue. */
static void key(app *a, int k)
{
	if (appstate_key_waits(a->st, k)) {
		if (a->nkeyq < APP_KEYQ)
			a->keyq[a->nkeyq++] = k;
		return;
	}
	bool busy = appstate_busy(a->st);
	react(a, appstate_key(a->st, k));
	if (busy && !appstate_busy(a->st))
		a->nkeyq = 0;
}

/* replay_keys performs the keys queued during a job, until one begins
 * another job. */
static void replay_keys(app *a)
{
	int i = 0;
	while (i < a->nkeyq && !appstate_busy(a->st) && a->status < 0)
		react(a, appstate_key(a->st, a->keyq[i++]));
	memmove(a->keyq, a->keyq + i, sizeof a->keyq[0] * (size_t)(a->nkeyq - i));
	a->nkeyq -= i;
}

static void on_key(struct ev_loop *loop, ev_io *w, int revents)
{
	app *a = w->data;
	int k;
	(void)revents;
	while ((k = term_read_key()) != KEYC_NONE) {
		ev_now_update(loop);
		if (ev_now(loop) - a->last_key > APP_TYPING_PAUSE_S)
			appstate_typing_pause(a->st);
		a->last_key = ev_now(loop);
		appstate_clock(a->st, (int64_t)(ev_now(loop) * 1e9));   /* the quiz times its questions */
		key(a, k);
		if (!ev_is_active(&a->io) || a->status >= 0)
			break;
	}
}

/* on_work runs one slice of the pending job, sizing the next slice so that
 * one lasts about APP_SLICE_MS, and shows progress once the job is long. */
static void on_work(struct ev_loop *loop, ev_idle *w, int revents)
{
	app *a = w->data;
	(void)loop;
	(void)revents;
	ev_tstamp t0 = ev_time();
	int flags = appstate_work(a->st, a->slice);
	ev_tstamp now = ev_time(), dt = now - t0;
	if (dt < APP_SLICE_MS / 2000.0 && a->slice < APP_SLICE_MAX)
		a->slice *= 2;
	else if (dt > APP_SLICE_MS * 2 / 1000.0 && a->slice > APP_SLICE_MIN)
		a->slice /= 2;
	react(a, flags);
	if (a->status >= 0)
		return;
	if (!appstate_busy(a->st)) {
		replay_keys(a);
		return;
	}
	app_job *j = &a->st->job;
	if (!j->progress && now - a->job_t0 >= APP_JOB_QUIET_MS / 1000.0) {
		j->progress = true;
		a->job_drawn = 0;
	}
	if (j->progress && now - a->job_drawn >= 1.0 / APP_PROGRESS_FPS) {
		a->job_drawn = now;
		a->dirty = true;
	}
}

static void on_frame(struct ev_loop *loop, ev_timer *w, int revents)
{
	app *a = w->data;
	(void)revents;
	ev_tstamp now = ev_now(loop);
	int64_t wall = (int64_t)((now - a->last_tick) * 1e9);
	a->last_tick = now;
	react(a, appstate_advance(a->st, wall));
}

static void on_prepare(struct ev_loop *loop, ev_prepare *w, int revents)
{
	app *a = w->data;
	(void)loop;
	(void)revents;
	if (!a->dirty)
		return;
	int cols, rows;
	term_size(&cols, &rows);
	if (cols != a->cv->w || rows != a->cv->h)
		canvas_resize(a->cv, cols, rows);
	appstate_set_screen(a->st, a->cv->w, a->cv->h);
	view_render(a->cv, a->st);
	term_present(a->cv);
	a->dirty = false;
}

static void on_signal(struct ev_loop *loop, ev_signal *w, int revents)
{
	app *a = w->data;
	(void)revents;
	switch (w->signum) {
	case SIGWINCH:
		term_resize();
		a->dirty = true;
		break;
	case SIGTSTP:
		term_suspend();
		/* back from the stop: do not count the stopped time as play time */
		ev_now_update(loop);
		a->last_tick = ev_now(loop);
		a->dirty = true;
		break;
	case SIGCONT:
		term_invalidate();
		ev_now_update(loop);
		a->last_tick = ev_now(loop);
		a->dirty = true;
		break;
	default: /* SIGINT SIGTERM SIGHUP */
		a->status = 128 + w->signum;
		ev_break(loop, EVBREAK_ALL);
	}
}

static void restore_at_exit(void)
{
	term_restore();
}

int app_run(appstate *st, bool ascii)
{
	static const int signums[6] = {SIGWINCH, SIGINT, SIGTERM, SIGHUP, SIGTSTP, SIGCONT};
	app a;
	char err[256];
	memset(&a, 0, sizeof a);
	a.st = st;
	a.ascii = ascii;
	a.status = -1;
	a.loop = ev_default_loop(EVFLAG_AUTO);
	if (!a.loop) {
		fprintf(stderr, "gmpscope: cannot start the event loop (libev)\n");
		return 2;
	}
	/* signals first: ncurses then leaves them alone */
	for (int i = 0; i < 6; i++) {
		ev_signal_init(&a.sigs[i], on_signal, signums[i]);
		a.sigs[i].data = &a;
		ev_signal_start(a.loop, &a.sigs[i]);
	}
	if (term_init(err, sizeof err) != 0) {
		fprintf(stderr, "%s\n", err);
		for (int i = 0; i < 6; i++)
			ev_signal_stop(a.loop, &a.sigs[i]);
		return 2;
	}
	atexit(restore_at_exit);
	int cols, rows;
	term_size(&cols, &rows);
	a.cv = canvas_new(cols > 0 ? cols : 80, rows > 0 ? rows : 24, ascii || !term_locale_utf8());
	if (!a.cv) {
		term_restore();
		fprintf(stderr, "gmpscope: out of memory\n");
		return 2;
	}
	ev_io_init(&a.io, on_key, term_fd(), EV_READ);
	a.io.data = &a;
	ev_io_start(a.loop, &a.io);
	ev_init(&a.frame, on_frame);
	a.frame.repeat = 1.0 / APP_FPS;
	a.frame.data = &a;
	ev_idle_init(&a.work, on_work);
	a.work.data = &a;
	a.slice = APP_SLICE_MIN * 16;
	st->async = true;
	ev_prepare_init(&a.prep, on_prepare);
	a.prep.data = &a;
	ev_prepare_start(a.loop, &a.prep);
	a.dirty = true;
	play_state(&a);

	ev_run(a.loop, 0);

	ev_io_stop(a.loop, &a.io);
	ev_timer_stop(a.loop, &a.frame);
	ev_prepare_stop(a.loop, &a.prep);
	ev_idle_stop(a.loop, &a.work);
	for (int i = 0; i < 6; i++)
		ev_signal_stop(a.loop, &a.sigs[i]);
	term_restore();
	canvas_free(a.cv);
	return a.status < 0 ? 0 : a.status;
}

int cmd_interactive(const cli_opts *o)
{
	char dir[PATHS_MAX], path[PATHS_MAX], err[PATHS_MAX + 256];
	/* a bad scenario name is the first thing to report, terminal or not */
	if (o->scenario && paths_find_scenario(o->scenario, path, sizeof path, err, sizeof err) != 0) {
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "gmpscope: the interactive mode needs a terminal on stdin and stdout; "
		                "without one use `gmpscope check` or `gmpscope record SCENARIO --screens DIR`\n");
		return 2;
	}
	setlocale(LC_ALL, "");
	theme_use(o->light ? THEME_LIGHT : THEME_DARK);
	bool have_dir = paths_scenarios_dir(dir, sizeof dir, err, sizeof err) == 0;
	if (!o->scenario && !have_dir) {
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	appstate *st = appstate_new(have_dir ? dir : NULL);
	if (!st) {
		fprintf(stderr, "gmpscope: out of memory\n");
		return 2;
	}
	int status = 2;
	if (o->scenario) {
		if (paths_find_scenario(o->scenario, path, sizeof path, err, sizeof err) != 0 ||
		    appstate_open(st, path, err, sizeof err) != 0) {
			fprintf(stderr, "%s\n", err);
			goto out;
		}
		if (o->seed_set) {
			for (int i = 0; i < st->scen.nvariants; i++)
				st->scen.variants[i].cfg.seed = o->seed;
		}
		int v = 0;
		if (o->variant) {
			v = scenario_variant(&st->scen, o->variant);
			if (v < 0) {
				fprintf(stderr, "gmpscope: %s has no variant \"%s\"\n", path, o->variant);
				goto out;
			}
		}
		appstate_set_variant(st, v);
	} else {
		appstate_key(st, 's'); /* open the picker */
	}
	status = app_run(st, o->ascii);
out:
	appstate_free(st);
	return status;
}

/* quiz_report prints the summary on stdout once the terminal is back: one
 * line per question, then the score. */
static void quiz_report(const appstate *st)
{
	const app_quiz *q = st->quiz;
	int right, wrong;
	appstate_quiz_score(st, &right, &wrong);
	for (int i = 0; i < q->n; i++) {
		const quiz_answer *a = &q->answers[i];
		if (a->line > 0)
			printf("%2d  %-50s  line %d %s  %lld.%llds\n", i + 1, a->name, a->line,
			       a->right ? "right" : "not this one", (long long)(a->ns / 1000000000),
			       (long long)(a->ns / 100000000 % 10));
		else
			printf("%2d  %-50s  not answered\n", i + 1, a->name[0] ? a->name : "(not reached)");
	}
	printf("right %d, wrong %d, of %d questions\n", right, wrong, q->n);
}

int cmd_quiz(const cli_opts *o)
{
	char err[QUIZ_ERR_MAX], dir[PATHS_MAX];
	gmp_scenario *scens = NULL;
	int n = 0;
	if (quiz_load(o, &scens, &n, err, sizeof err) < 0) {
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "gmpscope: quiz: needs a terminal on stdin and stdout; without one use "
		                "`gmpscope quiz --record --keys SCRIPT --screens DIR`\n");
		for (int i = 0; i < n; i++)
			scenario_free(&scens[i]);
		free(scens);
		return 2;
	}
	setlocale(LC_ALL, "");
	theme_use(o->light ? THEME_LIGHT : THEME_DARK);
	bool have_dir = paths_scenarios_dir(dir, sizeof dir, err, sizeof err) == 0;
	appstate *st = appstate_new(have_dir ? dir : NULL);
	if (!st || appstate_quiz_start(st, scens, n) < 0) {
		fprintf(stderr, "gmpscope: out of memory\n");
		for (int i = 0; i < n; i++)
			scenario_free(&scens[i]);
		free(scens);
		appstate_free(st);
		return 2;
	}
	int status = app_run(st, o->ascii);
	if (status == 0)
		quiz_report(st);
	appstate_free(st);
	return status;
}
