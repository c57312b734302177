/*
 * appstate_compare.c — compare mode: the open variant (left) beside another
 * (right, st->peer), same scenario and seed, on one virtual clock.
 *
 * The right-hand run is an appstate of its own that borrows the left one's
 * scenario (scen_borrowed). Moves are led by the left run's job, made in
 * slices as usual (appstate_job.c), and the right run follows when the job
 * ends (app_cmp_after):
 *
 *   step       the right run's next visible event time tB is found on a
 *              clone; the left job is capped at tB. Left first (or at the
 *              same time): the left steps, the right runs to its time.
 *              Right first: the left runs to tB, the right steps.
 *   run-until  the same with the first event of the wanted kinds: the
 *              earlier of the two runs' stops both; none in either: the left
 *              job goes back, as in single-run mode, and says so.
 *   play, run to a time, moments: both run to the same time.
 *   restart:   both from the start.
 *   back:      both runs return to where the latest move began (each
 *              move notes both positions in cmp_hist; each side is put back
 *              from its own history). After playing, nothing is noted: both
 *              go to just after the later of their previous visible events.
 *              A run frozen at its end before that time stays frozen.
 *
 * A run that ends first stays frozen at its end while the other goes on.
 * The right run's search and its share of a move are made in one call (not
 * in slices): they cost what the same move costs on the left.
 */
#include "appstate_int.h"

#include <stdio.h>
#include <string.h>

/* peer_free frees the right-hand state without freeing the borrowed scenario. */
static void peer_free(appstate *p)
{
	if (p)
		appstate_free(p); /* scen_borrowed: the scenario stays */
}

void appstate_compare_off(appstate *st)
{
	peer_free(st->peer);
	st->peer = NULL;
	memset(&st->cmp, 0, sizeof st->cmp);
}

/* peer_sync runs the right-hand run to virtual time t (forward only). */
static void peer_sync(appstate *st, int64_t t)
{
	appstate *p = st->peer;
	if (p && !app_run_over(p) && t > p->vt)
		appstate_run_to(p, t);
}

/* peer_rebuild puts the right-hand run at time t from its start (a move
 * back in time). */
static void peer_rebuild(appstate *st, int64_t t)
{
	appstate *p = st->peer;
	if (!p)
		return;
	appstate_restart(p);
	peer_sync(st, t);
}

int appstate_compare(appstate *st, int v)
{
	if (!st->have_scen || !st->eng)
		return -1;
	int n = st->scen.nvariants;
	if (n < 2) {
		snprintf(st->msg, sizeof st->msg, "compare: this scenario has one variant (%s)",
		         st->scen.variants[0].name);
		return -1;
	}
	if (v < 0)
		v = (st->variant + 1) % n;
	if (v == st->variant || v >= n) {
		snprintf(st->msg, sizeof st->msg, "compare: pick a variant other than %s",
		         st->scen.variants[st->variant].name);
		return -1;
	}
	appstate_compare_off(st);
	st->ncmp_hist = 0;
	appstate *p = appstate_new(st->scen_dir);
	if (!p) {
		snprintf(st->msg, sizeof st->msg, "compare: out of memory");
		return -1;
	}
	p->scen = st->scen;
	p->have_scen = true;
	p->scen_borrowed = true;
	p->speed = st->speed;
	p->vt_limit = st->vt_limit;
	p->variant = v;
	appstate_restart(p);
	st->peer = p;
	peer_sync(st, st->vt);
	return 0;
}

/* app_cmp_variant makes v (skipping the left one's) the right-hand variant. */
void app_cmp_variant(appstate *st)
{
	appstate *p = st->peer;
	int n = st->scen.nvariants;
	int v = (p->variant + 1) % n;
	if (v == st->variant)
		v = (v + 1) % n;
	if (v == p->variant)
		return;
	p->variant = v;
	p->scroll[PANEL_SOURCE] = 0;
	st->ncmp_hist = 0; /* the noted positions were the old variant's */
	peer_rebuild(st, st->vt);
}

void app_cmp_restart(appstate *st)
{
	st->ncmp_hist = 0;
	peer_rebuild(st, 0);
}

/* cmp_pos_take notes where both runs stand. */
static void cmp_pos_take(const appstate *st, app_cmp_pos *pos)
{
	const appstate *side[2] = {st, st->peer};
	for (int i = 0; i < 2; i++) {
		pos->vis[i] = engine_visible_total(side[i]->eng);
		pos->now[i] = engine_now(side[i]->eng);
		pos->vt[i] = side[i]->vt;
	}
}

/* cmp_push remembers pos as where a move began (the oldest is forgotten). */
static void cmp_push(appstate *st, const app_cmp_pos *pos)
{
	if (st->ncmp_hist == APP_CMP_HIST) {
		memmove(st->cmp_hist, st->cmp_hist + 1, sizeof st->cmp_hist[0] * (APP_CMP_HIST - 1));
		st->ncmp_hist--;
	}
	st->cmp_hist[st->ncmp_hist++] = *pos;
}

/* cmp_drop_if_still forgets the latest move's position when neither run
 * moved (a run-until that found nothing): ← goes to the move before. */
static void cmp_drop_if_still(appstate *st)
{
	if (st->ncmp_hist == 0)
		return;
	app_cmp_pos now;
	cmp_pos_take(st, &now);
	if (!memcmp(&now, &st->cmp_hist[st->ncmp_hist - 1], sizeof now))
		st->ncmp_hist--;
}

/* prev_visible_t is the time of run s's latest visible event before t; -1
 * when its event ring holds none. */
static int64_t prev_visible_t(const appstate *s, int64_t t)
{
	uint64_t total = engine_event_total(s->eng);
	uint64_t lo = total > GMP_EVENT_RING ? total - GMP_EVENT_RING : 0;
	for (uint64_t q = total; q > lo; q--) {
		const gmp_event *ev = engine_event_get(s->eng, q - 1);
		if (ev && ev->visible && ev->t < t)
			return ev->t;
	}
	return -1;
}

/* side_to_time puts run s just after its last visible event at or before
 * t, run on to t; a run that ended by t stays frozen at its end. */
static void side_to_time(appstate *s, int64_t t)
{
	if (app_run_over(s) && engine_now(s->eng) <= t)
		return;
	uint64_t total = engine_event_total(s->eng), vis = engine_visible_total(s->eng);
	uint64_t lo = total > GMP_EVENT_RING ? total - GMP_EVENT_RING : 0, q;
	for (q = total; q > lo; q--) {
		const gmp_event *ev = engine_event_get(s->eng, q - 1);
		if (!ev || ev->t <= t)
			break;
		vis -= ev->visible && vis > 0;
	}
	if (q == lo && lo > 0)
		vis = 0; /* the ring does not reach back to t: replay from the start */
	app_seek_pos(s, vis, t, t);
}

void app_cmp_back(appstate *st)
{
	appstate *side[2] = {st, st->peer};
	st->playing = false;
	if (st->ncmp_hist > 0) {
		app_cmp_pos pos = st->cmp_hist[--st->ncmp_hist];
		for (int i = 0; i < 2; i++)
			app_seek_pos(side[i], pos.vis[i], pos.now[i], pos.vt[i]);
		return;
	}
	int64_t t0 = appstate_time(st), t = -1;
	for (int i = 0; i < 2; i++) {
		int64_t ti = prev_visible_t(side[i], t0);
		if (ti > t)
			t = ti;
	}
	if (t < 0) {
		snprintf(st->msg, sizeof st->msg, "already at the start");
		return;
	}
	for (int i = 0; i < 2; i++)
		side_to_time(side[i], t);
}

/* step_kinds_in reports whether the events [from, total) of e hold a visible
 * one of a kind in mask; *t gets the latest event time among them. */
static bool step_kinds_in(const gmp_engine *e, uint64_t from, uint64_t mask, int64_t *t)
{
	uint64_t total = engine_event_total(e);
	if (total > GMP_EVENT_RING && from < total - GMP_EVENT_RING)
		from = total - GMP_EVENT_RING;
	bool hit = false;
	*t = engine_now(e);
	for (uint64_t s = from; s < total; s++) {
		const gmp_event *ev = engine_event_get(e, s);
		if (!ev)
			continue;
		if (ev->t > *t)
			*t = ev->t;
		if (ev->visible && ((mask >> ev->kind) & 1))
			hit = true;
	}
	return hit;
}

/* peer_next finds, on a clone, the virtual time of the right-hand run's next
 * step that shows a visible event of a kind in mask; -1 when its run ends
 * (or passes vt_limit) first. */
static int64_t peer_next(const appstate *p, uint64_t mask)
{
	if (!p || !p->eng || app_run_over(p))
		return -1;
	gmp_engine *e = engine_clone(p->eng);
	if (!e)
		return -1;
	int64_t found = -1;
	for (;;) {
		uint64_t before = engine_visible_total(e), seq0 = engine_event_total(e);
		engine_step(e, APP_ALL_KINDS);
		int64_t t;
		bool hit = step_kinds_in(e, seq0, mask, &t);
		if (p->vt_limit >= 0 && t > p->vt_limit)
			break;
		if (hit) {
			found = t;
			break;
		}
		if (engine_runstate(e) != RUN_RUNNING || engine_visible_total(e) == before)
			break;
	}
	engine_free(e);
	return found;
}

int app_cmp_begin(appstate *st, app_job_kind kind, uint64_t mask, const char *what)
{
	memset(&st->cmp, 0, sizeof st->cmp);
	if (!st->peer)
		return 0;
	appstate *p = st->peer;
	app_cmp_pos pos;
	cmp_pos_take(st, &pos);
	if (app_run_over(st)) {
		/* the left run is frozen at its end: the right one moves alone */
		if (app_run_over(p)) {
			snprintf(st->msg, sizeof st->msg, "both runs are over: r restarts, ← steps back");
			return 0;
		}
		cmp_push(st, &pos);
		if (kind == JOB_STEP)
			appstate_step(p);
		else
			appstate_run_until(p, mask, what);
		cmp_drop_if_still(st);
		if (p->msg[0])
			snprintf(st->msg, sizeof st->msg, "%.200s (%.40s)", p->msg,
			         p->scen.variants[p->variant].name);
		return APP_REDRAW;
	}
	cmp_push(st, &pos);
	st->cmp.pending = true;
	st->cmp.kind = kind;
	st->cmp.mask = mask;
	st->cmp.what = what;
	if (kind == JOB_UNTIL || kind == JOB_STEP) {
		int64_t t = peer_next(p, kind == JOB_STEP ? APP_ALL_KINDS : mask);
		st->job.cap = t < 0 ? -1 : t;
	}
	return 0;
}

void app_cmp_after(appstate *st)
{
	app_cmp c = st->cmp;
	memset(&st->cmp, 0, sizeof st->cmp);
	if (!st->peer || !c.pending)
		return;
	appstate *p = st->peer;
	if (c.none) {
		snprintf(st->msg, sizeof st->msg, "no %s in either run before the end: back where it began",
		         c.what ? c.what : "event");
		cmp_drop_if_still(st);
		return;
	}
	if (c.capped && c.kind == JOB_STEP)
		appstate_step(p);
	else if (c.capped && c.kind == JOB_UNTIL)
		appstate_run_until(p, c.mask, c.what);
	else
		peer_sync(st, st->vt);
	p->msg[0] = 0;
	cmp_drop_if_still(st);
}

void app_cmp_cancel(appstate *st)
{
	if (st->cmp.pending)
		cmp_drop_if_still(st); /* the left run went back; the right never moved */
	memset(&st->cmp, 0, sizeof st->cmp);
}

int64_t appstate_time(const appstate *st)
{
	if (st->peer && st->peer->vt > st->vt)
		return st->peer->vt;
	return st->vt;
}

/* side_done: a run that cannot play further (ended, or at vt_limit). */
static bool side_done(const appstate *s)
{
	return app_run_over(s) || (s->vt_limit >= 0 && s->vt >= s->vt_limit);
}

int app_cmp_advance(appstate *st, int64_t dv)
{
	appstate *p = st->peer;
	p->speed = st->speed;
	int64_t now = st->vt > p->vt ? st->vt : p->vt;
	int64_t t = now + dv;
	st->ncmp_hist = 0; /* ← after playing: to the previous visible event */
	app_anims_age(p);
	app_run_to_now(st, t);
	app_run_to_now(p, t);
	if (side_done(st) && side_done(p)) {
		st->playing = false;
		return APP_REDRAW | APP_PLAYSTATE;
	}
	return APP_REDRAW;
}

int appstate_moment(appstate *st, int dir)
{
	if (!st->have_scen || !st->eng)
		return 0;
	const gmp_scenario *s = &st->scen;
	if (s->nmoments == 0) {
		snprintf(st->msg, sizeof st->msg, "this scenario names no moments");
		return APP_REDRAW;
	}
	int64_t now = st->vt;
	int64_t t = -1;
	int idx = -1;
	for (int i = 0; i < s->nmoments; i++) {
		if (dir > 0 && s->moments[i] > now) {
			t = s->moments[i];
			idx = i;
			break;
		}
		if (dir < 0 && s->moments[i] < now) {
			t = s->moments[i];
			idx = i;
		}
	}
	if (t < 0) {
		snprintf(st->msg, sizeof st->msg, dir > 0 ? "no moment after this one" : "no moment before this one");
		return APP_REDRAW;
	}
	st->playing = false;
	app_cmp_pos pos;
	if (st->peer)
		cmp_pos_take(st, &pos);
	if (dir < 0) {
		appstate_restart(st); /* and the right run, in compare mode */
		st->vt = 0;
	}
	int f = appstate_start_run_to(st, t);
	if (st->peer)
		cmp_push(st, &pos); /* after the restart, which forgets the moves */
	if (f && st->peer) {
		st->cmp.pending = true;
		st->cmp.kind = JOB_RUN_TO;
	}
	if (!f && st->peer) { /* nothing to run (the left run ended before it): the right one alone */
		peer_sync(st, t);
		cmp_drop_if_still(st);
	}
	snprintf(st->msg, sizeof st->msg, "moment %d of %d", idx + 1, s->nmoments);
	return APP_REDRAW | f;
}
