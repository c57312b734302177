/*
 * appstate_time.c — how virtual time advances while playing, the end of a
 * run to a time, and the speed ladder.
 *
 * Playing: each frame advances the engine by speed × elapsed wall time
 * (appstate_advance); a long jump animates only its last half wall second.
 *
 * Steps, run-until and jumps are jobs, made in slices (appstate_job.c);
 * this file holds what they share with play: the end of a run to a time.
 *
 * No move goes past st->vt_limit (record --until). After every move the
 * engine's history is told where the run is (history_note), so it can
 * checkpoint.
 */
#include "appstate_int.h"

#include <stdio.h>

int64_t appstate_speed_step(int64_t speed, int dir)
{
	/* 1-2-5 ladder from 1µs/s to 1s/s */
	int64_t best = dir > 0 ? APP_SPEED_MAX : APP_SPEED_MIN;
	for (int64_t dec = APP_SPEED_MIN; dec <= APP_SPEED_MAX; dec *= 10) {
		const int64_t m[3] = {1, 2, 5};
		for (int i = 0; i < 3; i++) {
			int64_t v = dec * m[i];
			if (v > APP_SPEED_MAX)
				break;
			if (dir > 0 && v > speed && v < best)
				best = v;
			if (dir < 0 && v < speed && v > best)
				best = v;
		}
	}
	if (dir > 0 && speed >= APP_SPEED_MAX)
		return APP_SPEED_MAX;
	if (dir < 0 && speed <= APP_SPEED_MIN)
		return APP_SPEED_MIN;
	return best;
}

/* app_run_over: the run has ended (exit, fatal error or horizon). */
bool app_run_over(const appstate *st)
{
	return engine_runstate(st->eng) != RUN_RUNNING;
}

/* app_step_time is the virtual time to show after a step that began at event
 * seq0: the engine's clock, or the time of the newest event the step emitted
 * when that is later (a goroutine's run of ops is executed at once, its
 * events stamped with the times each op ends), so that the header never
 * shows a time before the captions of the step. */
int64_t app_step_time(const appstate *st, uint64_t seq0)
{
	int64_t t = engine_now(st->eng);
	uint64_t total = engine_event_total(st->eng);
	if (total > GMP_EVENT_RING && seq0 < total - GMP_EVENT_RING)
		seq0 = total - GMP_EVENT_RING;
	for (uint64_t s = seq0; s < total; s++) {
		const gmp_event *ev = engine_event_peek(st->eng, s);
		if (ev && ev->t > t)
			t = ev->t;
	}
	return t;
}

/* app_run_to_target clamps t to vt_limit; returns -1 when there is nothing
 * to run (no engine, or t is not ahead of the time shown). */
int64_t app_run_to_target(const appstate *st, int64_t t)
{
	if (st->vt_limit >= 0 && t > st->vt_limit)
		t = st->vt_limit;
	if (!st->eng || t <= st->vt)
		return -1;
	return t;
}

/* app_run_to_end is the end of a run to t that began at event `from`: the
 * time shown, the animations, the history. */
void app_run_to_end(appstate *st, int64_t t, uint64_t from)
{
	st->vt = app_run_over(st) ? engine_now(st->eng) : t;
	st->stepped = false;
	st->nhist = 0; /* no longer on a step boundary */
	/* a long jump animates only its last half wall second of play */
	app_anims_collect(st, from, st->vt - st->speed / 2);
	history_note(st->hist, st->eng);
}

/* app_run_to_now runs to virtual time t in one call (play frames). */
void app_run_to_now(appstate *st, int64_t t)
{
	t = app_run_to_target(st, t);
	if (t < 0)
		return;
	uint64_t from = engine_event_total(st->eng);
	engine_run_until(st->eng, t);
	app_run_to_end(st, t, from);
}

int appstate_advance(appstate *st, int64_t wall_ns)
{
	if (!st->playing || !st->eng)
		return 0;
	int flags = APP_REDRAW;
	st->frame++;
	app_anims_age(st);
	/* speed × elapsed without overflow: speed <= 1e9, wall_ns <= 5e9 */
	if (wall_ns > 5LL * 1000000000LL)
		wall_ns = 5LL * 1000000000LL;
	int64_t dv = st->speed * wall_ns / 1000000000;
	if (dv < 1)
		dv = 1;
	if (st->peer)
		return flags | app_cmp_advance(st, dv);
	app_run_to_now(st, st->vt + (int64_t)dv);
	if (app_run_over(st)) {
		st->playing = false;
		flags |= APP_PLAYSTATE;
	}
	return flags;
}
