/*
 * appstate_history.c — stepping back.
 *
 * A step back returns to where the previous step ended (the visible totals
 * before the latest steps are kept in st->step_hist), or, after playing, to
 * just after the previous visible event. The UI keeps no engine states of
 * its own: it asks the engine's history (engine/history.h) for the state at
 * a visible event — nearest checkpoint + deterministic replay.
 *
 * To land exactly where a forward step would have, stepping back to the end
 * of step k seeks to the end of step k-1 and then makes step k again, as a
 * forward step makes it: so "step 3, back 1" and "step 2" leave identical
 * engines, animations and screens.
 */
#include "appstate_int.h"

#include <stdio.h>
#include <string.h>

/* app_hist_push remembers where a step begins (its visible total) (the oldest is forgotten
 * after APP_HIST_MAX). */
void app_hist_push(appstate *st, uint64_t visible)
{
	if (st->nhist == APP_HIST_MAX) {
		st->hist_head = (st->hist_head + 1) % APP_HIST_MAX;
		st->nhist--;
	}
	st->step_hist[(st->hist_head + st->nhist++) % APP_HIST_MAX] = visible;
}

/* hist_at is the k-th remembered step start, 0 the oldest. */
static uint64_t hist_at(const appstate *st, int k)
{
	return st->step_hist[(st->hist_head + k) % APP_HIST_MAX];
}

/* back_to_start puts the run at the history's first checkpoint, with no step
 * to highlight. */
static void back_to_start(appstate *st, uint64_t target)
{
	gmp_engine *e = history_seek_from(st->hist, target, st->eng);
	st->eng = e;
	st->run++;
	st->nanims = 0;
	st->stepped = false;
	st->nhist = 0;
	st->vt = engine_now(e);
	st->seen_seq = engine_event_total(e);
}

/* back_one steps the (left-hand) run back one step. */
static void back_one(appstate *st)
{
	if (!st->eng)
		return;
	uint64_t v = engine_visible_total(st->eng);
	if (history_len(st->hist) == 0 || v <= history_start(st->hist)) {
		snprintf(st->msg, sizeof st->msg, "already at the start");
		return;
	}
	/* target: where the previous step ended; prev: where it began */
	uint64_t target, prev;
	if (st->nhist > 0 && hist_at(st, st->nhist - 1) < v) {
		target = hist_at(st, --st->nhist);
		prev = st->nhist > 0 ? hist_at(st, st->nhist - 1) : (target > 0 ? target - 1 : 0);
	} else {
		st->nhist = 0;
		target = v - 1;
		prev = target > 0 ? target - 1 : 0;
	}
	if (target <= history_start(st->hist)) {
		back_to_start(st, target);
		return;
	}
	/* the run is rebuilt in place: only what differs from the checkpoint is copied */
	gmp_engine *e = history_seek_from(st->hist, prev, st->eng);
	st->eng = e;
	st->run++;
	st->playing = false;
	/* the last step again, exactly as a forward step makes it */
	uint64_t seq0 = engine_event_total(e);
	history_replay(e, target);
	st->nanims = 0;
	st->step_seq0 = seq0;
	app_anims_collect(st, seq0, INT64_MIN);
	st->vt = app_step_time(st, seq0);
	st->stepped = true;
}

void app_seek_pos(appstate *s, uint64_t vis, int64_t now, int64_t vt)
{
	if (!s->eng)
		return;
	if (engine_visible_total(s->eng) == vis && engine_now(s->eng) == now) {
		s->vt = vt; /* it did not move (a run frozen at its end) */
		return;
	}
	gmp_engine *e = history_seek(s->hist, vis);
	if (!e)
		return;
	if (engine_now(e) < now && engine_runstate(e) == RUN_RUNNING)
		engine_run_until(e, now);
	engine_free(s->eng);
	s->eng = e;
	s->run++;
	s->playing = false;
	s->nanims = 0;
	s->stepped = false;
	s->nhist = 0;
	s->vt = vt;
	s->seen_seq = engine_event_total(e);
}

void appstate_back(appstate *st)
{
	if (st->peer) /* compare: both runs go back together */
		app_cmp_back(st);
	else
		back_one(st);
}
