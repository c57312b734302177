/*
 * replay.c — keys and moves of the real-runtime screen (see replay.h).
 */
#include "replay.h"

#include <stdio.h>
#include <string.h>

#include "appstate.h"
#include "keycode.h"

void replay_init(replay *r, const char *source, bool live)
{
	memset(r, 0, sizeof *r);
	schedlog_init(&r->log, source);
	r->cur = -1;
	r->follow = true;
	r->live = live;
	r->running = live;
	r->exit_status = -1;
	snprintf(r->source, sizeof r->source, "%s", source);
}

void replay_free(replay *r)
{
	schedlog_free(&r->log);
	if (r->sim)
		engine_free(r->sim);
	snap_free(&r->simsnap);
	snap_free(&r->simprev);
	r->sim = NULL;
}

void replay_compare(replay *r, const gmp_variant *v, const char *name)
{
	r->simv = v;
	r->sim_at = -1;
	snprintf(r->simname, sizeof r->simname, "%s", name);
	replay_sim_sync(r);
}

/* sim_at_time runs the simulation to t (restarting it when t is behind). */
static void sim_at_time(replay *r, int64_t t, gmp_snap *out)
{
	if (r->sim && engine_now(r->sim) > t) {
		engine_free(r->sim);
		r->sim = NULL;
	}
	if (!r->sim)
		r->sim = engine_new(&r->simv->prog, &r->simv->cfg);
	engine_run_until(r->sim, t);
	snap_free(out);
	snap_from_engine(r->sim, out);
}

void replay_sim_sync(replay *r)
{
	if (!r->simv || r->cur < 0 || r->cur == r->sim_at || r->cur >= r->log.n)
		return;
	int64_t t0 = r->log.snaps[0].t;
	snap_free(&r->simprev);
	if (r->cur > 0)
		sim_at_time(r, r->log.snaps[r->cur - 1].t - t0, &r->simprev);
	sim_at_time(r, r->log.snaps[r->cur].t - t0, &r->simsnap);
	r->sim_at = r->cur;
}

/* matches: does state i's change from i-1 have the kind `what`? */
static bool matches(const replay *r, int i, char what)
{
	if (i <= 0)
		return false;
	const gmp_snap *a = &r->log.snaps[i - 1], *b = &r->log.snaps[i];
	unsigned ch = snap_changes(a, b);
	switch (what) {
	case 'm': return b->threads > a->threads;
	case 'x': return b->threads < a->threads;
	case 'y': return ch & 1u << SCH_SYSCALL;
	case 'k': return ch & 1u << SCH_WAIT;
	case 's': return ch & 1u << SCH_SPAWN;
	case 'p': return ch & 1u << SCH_PSTATUS;
	default: return false;
	}
}

int replay_find(const replay *r, int from, int dir, char what)
{
	for (int i = from + dir; i >= 0 && i < r->log.n; i += dir)
		if (matches(r, i, what))
			return i;
	return -1;
}

static const char *what_name(char what)
{
	switch (what) {
	case 'm': return "thread count rise";
	case 'x': return "thread count fall";
	case 'y': return "syscall change";
	case 'k': return "wait change";
	case 's': return "goroutine created or ended";
	case 'p': return "P change";
	default: return NULL;
	}
}

/* go_to shows state i (clamped); following resumes at the newest. */
static void go_to(replay *r, int i)
{
	if (r->log.n == 0)
		return;
	if (i < 0)
		i = 0;
	if (i >= r->log.n)
		i = r->log.n - 1;
	r->cur = i;
	r->follow = i == r->log.n - 1;
	replay_sim_sync(r);
}

/* run_until: `g` then a letter. Not found: stay, and say so. */
static void run_until(replay *r, char what)
{
	const char *name = what_name(what);
	if (!name) {
		snprintf(r->status, sizeof r->status, "g %c: no such change (m x y k s p)", what);
		return;
	}
	int i = replay_find(r, r->cur, +1, what);
	if (i < 0) {
		snprintf(r->status, sizeof r->status, "no %s after this snapshot", name);
		return;
	}
	go_to(r, i);
	r->status[0] = '\0';
}

/* move_key handles the keys that move through states; false if k is not one. */
static bool move_key(replay *r, int k)
{
	switch (k) {
	case KEYC_RIGHT: case 'l': case 'n':
		if (r->cur + 1 >= r->log.n)
			snprintf(r->status, sizeof r->status, "%s", r->running ? "waiting for the next snapshot"
			                                                        : "this is the last snapshot");
		go_to(r, r->cur + 1);
		return true;
	case KEYC_LEFT: case 'h': case 'b':
		if (r->cur <= 0)
			snprintf(r->status, sizeof r->status, "this is the first snapshot");
		go_to(r, r->cur - 1);
		if (r->log.n > 1)
			r->follow = false;
		return true;
	case KEYC_HOME:
		go_to(r, 0);
		return true;
	case KEYC_END:
		go_to(r, r->log.n - 1);
		return true;
	}
	return false;
}

int replay_key(replay *r, int k)
{
	if (r->gkey) {
		r->gkey = false;
		if (k != KEYC_ESC)
			run_until(r, (char)k);
		return APP_REDRAW;
	}
	if (r->help && k != 'q') {
		r->help = false;
		return APP_REDRAW;
	}
	if (k != 'g' && move_key(r, k)) {
		r->playing = false;
		return APP_REDRAW;
	}
	switch (k) {
	case 'q':
		return APP_QUIT;
	case 'g':
		r->gkey = true;
		return APP_REDRAW;
	case ' ':
		r->playing = !r->playing;
		return APP_REDRAW;
	case '?':
		r->help = true;
		return APP_REDRAW;
	case KEYC_DOWN: case 'j':
		r->scroll++;
		return APP_REDRAW;
	case KEYC_UP: case 'k':
		r->scroll = r->scroll > 0 ? r->scroll - 1 : 0;
		return APP_REDRAW;
	case KEYC_ESC:
		r->status[0] = '\0';
		return APP_REDRAW;
	}
	return 0;
}

int replay_tick(replay *r)
{
	if (!r->playing)
		return 0;
	if (r->cur + 1 >= r->log.n) {
		if (!r->running)
			r->playing = false;
		return r->running ? 0 : APP_REDRAW;
	}
	go_to(r, r->cur + 1);
	return APP_REDRAW;
}

void replay_added(replay *r)
{
	if (r->follow || r->cur < 0)
		go_to(r, r->log.n - 1);
}

void replay_output(replay *r, const char *line, size_t len)
{
	if (len >= REPLAY_LINE_MAX)
		len = REPLAY_LINE_MAX - 1;
	char *dst = r->out[r->nout % REPLAY_OUT_LINES];
	for (size_t i = 0; i < len; i++)   /* no control bytes reach the canvas */
		dst[i] = (unsigned char)line[i] < 32 ? ' ' : line[i];
	dst[len] = '\0';
	r->nout++;
}
