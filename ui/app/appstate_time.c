/*
 * appstate_time.c — how virtual time advances: play, step, run-until, the
 * jump of `record --at`, and the speed ladder.
 *
 * Playing: each frame advances the engine by speed × elapsed wall time
 * (appstate_advance); a long jump animates only its last half wall second.
 *
 * Stepping: "a step" is one engine_step(~0) — the engine runs until it has
 * emitted one visible event (it may emit several). The visible total before
 * each step is remembered (appstate_history.c), so stepping back lands on
 * step boundaries. Run-until (`g` + a kind letter) steps until a step emits
 * a visible event of the wanted kinds.
 *
 * No move goes past st->vt_limit (record --until): a step that would is
 * tried on a clone first and replaced by a run to the limit. After every
 * move the engine's history is told where the run is (history_note), so it
 * can checkpoint.
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
		const gmp_event *ev = engine_event_get(st->eng, s);
		if (ev && ev->t > t)
			t = ev->t;
	}
	return t;
}

/* step_passes_limit reports whether the next step would carry the engine
 * past st->vt_limit (it is tried on a clone of the engine). */
static bool step_passes_limit(const appstate *st)
{
	if (st->vt_limit < 0)
		return false;
	gmp_engine *e = engine_clone(st->eng);
	if (!e)
		return false;
	engine_step(e, APP_ALL_KINDS);
	bool past = engine_now(e) > st->vt_limit;
	engine_free(e);
	return past;
}

/* step_once makes one engine step and turns its events into animations; a
 * step that would pass vt_limit runs to the limit instead and returns false. */
static bool step_once(appstate *st)
{
	if (step_passes_limit(st)) {
		appstate_run_to(st, st->vt_limit);
		return false;
	}
	uint64_t seq0 = engine_event_total(st->eng);
	app_hist_push(st);
	engine_step(st->eng, APP_ALL_KINDS);
	st->nanims = 0;
	st->step_seq0 = seq0;
	app_anims_collect(st, seq0, INT64_MIN);
	st->vt = app_step_time(st, seq0);
	st->stepped = true;
	history_note(st->hist, st->eng);
	return true;
}

void appstate_step(appstate *st)
{
	if (!st->eng)
		return;
	if (app_run_over(st)) {
		snprintf(st->msg, sizeof st->msg, "the run is over: r restarts, ← steps back");
		return;
	}
	step_once(st);
}

/* step_has reports whether the last step emitted a visible event of a kind
 * in mask. */
static bool step_has(const appstate *st, uint64_t mask)
{
	uint64_t total = engine_event_total(st->eng);
	uint64_t from = st->step_seq0;
	if (total > GMP_EVENT_RING && from < total - GMP_EVENT_RING)
		from = total - GMP_EVENT_RING;
	for (uint64_t s = from; s < total; s++) {
		const gmp_event *ev = engine_event_get(st->eng, s);
		if (ev && ev->visible && ((mask >> ev->kind) & 1))
			return true;
	}
	return false;
}

void appstate_run_until(appstate *st, uint64_t mask, const char *what)
{
	if (!st->eng)
		return;
	if (app_run_over(st)) {
		snprintf(st->msg, sizeof st->msg, "the run is over: r restarts");
		return;
	}
	for (;;) {
		uint64_t before = engine_visible_total(st->eng);
		if (!step_once(st))
			return;   /* stopped at vt_limit */
		if (step_has(st, mask))
			return;
		if (app_run_over(st) || engine_visible_total(st->eng) == before) {
			snprintf(st->msg, sizeof st->msg, "no %s before the end of the run", what);
			return;
		}
	}
}

void appstate_run_to(appstate *st, int64_t t)
{
	if (st->vt_limit >= 0 && t > st->vt_limit)
		t = st->vt_limit;
	if (!st->eng || t <= st->vt)
		return;
	uint64_t from = engine_event_total(st->eng);
	engine_run_until(st->eng, t);
	st->vt = app_run_over(st) ? engine_now(st->eng) : t;
	st->stepped = false;
	st->nhist = 0; /* no longer on a step boundary */
	/* a long jump animates only its last half wall second of play */
	app_anims_collect(st, from, st->vt - st->speed / 2);
	history_note(st->hist, st->eng);
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
	appstate_run_to(st, st->vt + (int64_t)dv);
	if (app_run_over(st)) {
		st->playing = false;
		flags |= APP_PLAYSTATE;
	}
	return flags;
}
