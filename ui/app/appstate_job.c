/*
 * appstate_job.c — long moves made in slices: a step, a run-until, a run to a
 * virtual time.
 *
 * A move that may take long never runs as one blocking call: it is a job
 * (st->job), advanced by appstate_work in slices of at most N timed events
 * (engine_step_slice / engine_run_until_slice). The terminal runs one slice
 * per turn of its event loop, so keys and signals are heard between slices;
 * headless callers (record, tests) run the slices back to back with
 * appstate_finish and never look at wall time. The slicing is invisible in
 * the result: a job ends exactly where the one call would, and so do the
 * time shown, the animations and the history.
 *
 * Stepping: "a step" is one engine_step(~0) — the engine runs until it has
 * emitted one visible event (it may emit several). The visible total before
 * each step is remembered (appstate_history.c), so stepping back lands on
 * step boundaries. Run-until (`g` + a kind letter) steps until a step emits
 * a visible event of the wanted kinds; when the run ends first it goes back
 * to where it began and says so in one line.
 *
 * Going back: a job that may be cancelled (any job of the terminal) or may
 * find nothing (run-until) keeps a mark of the engine where it began
 * (history_mark: it shares the history's blocks, so it costs what changed
 * since the newest checkpoint, not the engine's size), and the UI's position
 * (app_mark): appstate_cancel puts both back, exactly.
 *
 * No move goes past st->vt_limit (record --until, headless only): a step is
 * made with the limit (engine_step_until_slice), and one that finds no
 * visible event before it ends as a run to the limit would (the engine
 * makes the same dispatches; the UI's bookkeeping is app_run_to_end's).
 */
#include "appstate_int.h"

#include <stdio.h>
#include <string.h>

bool appstate_busy(const appstate *st)
{
	return st->job.kind != JOB_NONE;
}

/* step_passes_limit reports whether the next step would carry the engine
 * past lim, trying it on a clone of the engine: only where the time shown
 * is already at the limit (see move_begin). */
static bool step_passes_limit(const appstate *st, int64_t lim)
{
	gmp_engine *e = engine_clone(st->eng);
	engine_step(e, APP_ALL_KINDS);
	bool past = engine_now(e) > lim;
	engine_free(e);
	return past;
}

/* job_limit is where the job's steps stop: vt_limit, or the compare cap when
 * earlier; -1 = none. */
static int64_t job_limit(const appstate *st)
{
	int64_t lim = st->vt_limit, cap = st->job.cap;
	if (cap >= 0 && (lim < 0 || cap < lim))
		return cap;
	return lim;
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
		const gmp_event *ev = engine_event_peek(st->eng, s);
		if (ev && ev->visible && ((mask >> ev->kind) & 1))
			return true;
	}
	return false;
}

/* mark_save / mark_load copy the UI's position to and from the job. */
static void mark_save(const appstate *st, app_mark *m)
{
	m->vt = st->vt;
	m->stepped = st->stepped;
	m->step_seq0 = st->step_seq0;
	m->seen_seq = st->seen_seq;
	memcpy(m->anims, st->anims, sizeof m->anims);
	m->nanims = st->nanims;
	memcpy(m->step_hist, st->step_hist, sizeof m->step_hist);
	m->nhist = st->nhist;
	m->hist_head = st->hist_head;
}

static void mark_load(appstate *st, const app_mark *m)
{
	st->vt = m->vt;
	st->stepped = m->stepped;
	st->step_seq0 = m->step_seq0;
	st->seen_seq = m->seen_seq;
	memcpy(st->anims, m->anims, sizeof st->anims);
	st->nanims = m->nanims;
	memcpy(st->step_hist, m->step_hist, sizeof st->step_hist);
	st->nhist = m->nhist;
	st->hist_head = m->hist_head;
}

void app_job_drop(appstate *st)
{
	history_mark_free(st->hist, st->job.start);
	memset(&st->job, 0, sizeof st->job);
}

/* job_end ends the job where the run is now. */
static int job_end(appstate *st)
{
	app_job_drop(st);
	return APP_JOB | APP_REDRAW;
}

/* job_go_back puts the run back where the job began: the mark taken then,
 * or (without one) the history's state at the same visible total. */
static void job_go_back(appstate *st)
{
	app_job *j = &st->job;
	if (j->start) {
		st->eng = history_mark_restore(j->start, st->eng);
		history_mark_free(st->hist, j->start);
		j->start = NULL;
	} else if (st->hist) {
		st->eng = history_seek_from(st->hist, j->before0, st->eng);
	} else {
		return;
	}
	st->run++;
	mark_load(st, &j->mark);
}

/* job_begin makes kind the pending job, starting from where the run is. */
static int job_begin(appstate *st, app_job_kind kind)
{
	app_job *j = &st->job;
	memset(j, 0, sizeof *j);
	j->kind = kind;
	j->cap = -1;
	j->events0 = engine_event_total(st->eng);
	j->before0 = engine_visible_total(st->eng);
	mark_save(st, &j->mark);
	/* only a cancel (the terminal) or a run-until that finds nothing goes back */
	if (st->async || kind == JOB_UNTIL)
		j->start = history_mark(st->hist, st->eng);
	return APP_JOB;
}

int appstate_start_step(appstate *st)
{
	if (!st->eng || appstate_busy(st))
		return 0;
	if (st->peer && app_run_over(st))
		return app_cmp_begin(st, JOB_STEP, APP_ALL_KINDS, NULL) & ~APP_REDRAW;
	if (app_run_over(st)) {
		snprintf(st->msg, sizeof st->msg, "the run is over: r restarts, ← steps back");
		return 0;
	}
	int f = job_begin(st, JOB_STEP);
	app_cmp_begin(st, JOB_STEP, APP_ALL_KINDS, NULL);
	return f;
}

int appstate_start_until(appstate *st, uint64_t mask, const char *what)
{
	if (!st->eng || appstate_busy(st))
		return 0;
	if (st->peer && app_run_over(st))
		return app_cmp_begin(st, JOB_UNTIL, mask, what) & ~APP_REDRAW;
	if (app_run_over(st)) {
		snprintf(st->msg, sizeof st->msg, "the run is over: r restarts");
		return 0;
	}
	int f = job_begin(st, JOB_UNTIL);
	st->job.mask = mask;
	st->job.what = what;
	app_cmp_begin(st, JOB_UNTIL, mask, what);
	return f;
}

int appstate_start_run_to(appstate *st, int64_t t)
{
	if (appstate_busy(st))
		return 0;
	t = app_run_to_target(st, t);
	if (t < 0)
		return 0;
	int f = job_begin(st, JOB_RUN_TO);
	st->job.t = t;
	if (st->peer) {
		memset(&st->cmp, 0, sizeof st->cmp);
		st->cmp.pending = true;
		st->cmp.kind = JOB_RUN_TO;
	}
	return f;
}

/* move_begin starts the next engine move of the job; returns the job's end
 * flags when the job ended instead (a step past the limit, at the limit). */
static int move_begin(appstate *st)
{
	app_job *j = &st->job;
	j->lim = j->kind == JOB_RUN_TO ? -1 : job_limit(st);
	/* at the limit already, a step past it does nothing at all (a run to a
	 * time not ahead of the time shown): only a trial on a clone tells */
	if (j->lim >= 0 && app_run_to_target(st, j->lim) < 0 && step_passes_limit(st, j->lim)) {
		st->cmp.capped = j->lim == j->cap;
		return job_end(st);
	}
	j->before = engine_visible_total(st->eng);
	j->seq0 = engine_event_total(st->eng);
	j->in_move = true;
	return 0;
}

/* move_end does what follows a finished engine move: for a step, its
 * bookkeeping and whether the job is done; returns flags (APP_JOB when the
 * job ended). */
static int move_end(appstate *st)
{
	app_job *j = &st->job;
	j->in_move = false;
	if (j->kind == JOB_RUN_TO) {
		app_run_to_end(st, j->t, j->seq0);
		return job_end(st);
	}
	if (j->lim >= 0 && engine_visible_total(st->eng) == j->before
	    && engine_runstate(st->eng) == RUN_RUNNING) {
		/* the step reached the limit first: it was the run to the limit */
		st->cmp.capped = j->lim == j->cap;
		int64_t t = app_run_to_target(st, j->lim);
		if (t >= 0)
			app_run_to_end(st, t, j->seq0);
		return job_end(st);
	}
	app_hist_push(st, j->before);
	st->nanims = 0;
	st->step_seq0 = j->seq0;
	st->vt = app_step_time(st, j->seq0);
	st->stepped = true;
	history_note(st->hist, st->eng);
	if (j->kind == JOB_STEP || step_has(st, j->mask)) {
		/* only the step a job ends on shows its animations: a run-until
		 * through a million steps collects them once, not a million times */
		app_anims_collect(st, j->seq0, INT64_MIN);
		return job_end(st);
	}
	st->seen_seq = engine_event_total(st->eng);
	if (app_run_over(st) || engine_visible_total(st->eng) == j->before) {
		const char *what = j->what;
		job_go_back(st);
		st->cmp.none = true;
		snprintf(st->msg, sizeof st->msg, "no %s before the end of the run", what);
		return job_end(st);
	}
	return 0;
}

/* work_slice runs one slice of the pending job (see appstate_work). */
static int work_slice(appstate *st, uint64_t max_events)
{
	app_job *j = &st->job;
	uint64_t left = max_events ? max_events : 1;
	while (j->kind != JOB_NONE) {
		if (!j->in_move) {
			int f = move_begin(st);
			if (f)
				return f;
		}
		uint64_t used = 0;
		bool done;
		if (j->kind == JOB_RUN_TO)
			done = engine_run_until_slice(st->eng, j->t, left, &used);
		else if (j->lim >= 0)
			done = engine_step_until_slice(st->eng, APP_ALL_KINDS, j->lim, left, &used);
		else
			done = engine_step_slice(st->eng, APP_ALL_KINDS, left, &used);
		j->dispatched += used;
		left -= used < left ? used : left;
		if (!done) {
			/* a long run-to is checkpointed as it goes, like a run of steps */
			if (j->kind == JOB_RUN_TO)
				history_note(st->hist, st->eng);
			return 0;
		}
		int f = move_end(st);
		if (f || left == 0)
			return f;
	}
	return 0;
}

int appstate_work(appstate *st, uint64_t max_events)
{
	int f = work_slice(st, max_events);
	if (!appstate_busy(st) && st->cmp.pending)
		app_cmp_after(st);
	return f;
}

void appstate_finish(appstate *st)
{
	while (appstate_busy(st))
		appstate_work(st, APP_JOB_SLICE);
}

void appstate_cancel(appstate *st)
{
	if (!appstate_busy(st))
		return;
	job_go_back(st);
	job_end(st);
	app_cmp_cancel(st);
	snprintf(st->msg, sizeof st->msg, "cancelled: back where it began");
}

void appstate_step(appstate *st)
{
	appstate_start_step(st);
	appstate_finish(st);
}

void appstate_run_until(appstate *st, uint64_t mask, const char *what)
{
	appstate_start_until(st, mask, what);
	appstate_finish(st);
}

void appstate_run_to(appstate *st, int64_t t)
{
	appstate_start_run_to(st, t);
	appstate_finish(st);
}
