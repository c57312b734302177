/*
 * appstate.c — the UI state machine: what each key does, how virtual time
 * advances, how stepping back works, which events become animations.
 *
 * Stepping: "a step" is one engine_step(~0) — the engine runs until it has
 * emitted one visible event. Stepping back to visible event n-1 restores the
 * newest checkpoint holding at most n-2 visible events, replays to n-2 and
 * then makes the very same single step a forward step would have made, so
 * "step 3, back 1" and "step 2" leave identical engines, animations and
 * screens.
 *
 * Animations come from the events executed since the last frame (or by the
 * last step); they merge by kind and entities and fade APP_ANIM_FRAMES
 * frames of play after they appeared — merging does not extend them, so a
 * count ("stole 4 G", "steals ×6") never sums more than those frames, even
 * when the same thing happens thousands of times a second. While paused they
 * do not fade.
 */
#include "appstate.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keys.h"
#include "paths.h"
#include "view.h"

#define ALL_KINDS (~0ULL)

static char *xstrdup(const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s) + 1;
	char *d = malloc(n);
	if (d)
		memcpy(d, s, n);
	return d;
}

/* ---- speed ladder ---------------------------------------------------- */

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

/* ---- checkpoints ----------------------------------------------------- */

static void cps_clear(appstate *st)
{
	for (int i = 0; i < st->ncps; i++)
		engine_free(st->cps[i].e);
	st->ncps = 0;
}

/* cps_thin drops every other checkpoint in the older half, so recent
 * history stays dense and old history sparse. Keeps cps[0] (t=0). */
static void cps_thin(appstate *st)
{
	int half = st->ncps / 2, out = 1;
	for (int i = 1; i < st->ncps; i++) {
		if (i <= half && (i % 2) == 1) {
			engine_free(st->cps[i].e);
			continue;
		}
		st->cps[out++] = st->cps[i];
	}
	st->ncps = out;
}

static void cp_take(appstate *st)
{
	if (st->ncps == APP_CP_MAX)
		cps_thin(st);
	gmp_engine *c = engine_clone(st->eng);
	if (!c)
		return;
	st->cps[st->ncps].e = c;
	st->cps[st->ncps].visible = engine_visible_total(st->eng);
	st->ncps++;
}

/* cp_maybe takes a checkpoint when APP_CP_EVERY visible events have passed
 * since the newest one that is not ahead of the engine. */
static void cp_maybe(appstate *st)
{
	uint64_t v = engine_visible_total(st->eng), last = 0;
	for (int i = 0; i < st->ncps; i++)
		if (st->cps[i].visible <= v && st->cps[i].visible > last)
			last = st->cps[i].visible;
	if (st->ncps > 0 && st->cps[st->ncps - 1].visible >= v)
		return; /* replaying known history: checkpoints exist ahead */
	if (st->ncps == 0 || v >= last + APP_CP_EVERY)
		cp_take(st);
}

/* ---- animations ------------------------------------------------------ */

static bool anim_kind(uint8_t k)
{
	switch (k) {
	case EV_STEAL: case EV_OVERFLOW: case EV_GLOBRUNQGET: case EV_NEWM:
	case EV_MEXIT: case EV_PREEMPT_REQ: case EV_PREEMPTED: case EV_SIGURG:
	case EV_SIGURG_LOST: case EV_RETAKE: case EV_HANDOFF: case EV_THROTTLE:
	case EV_UNTHROTTLE: case EV_SPAWN: case EV_DEADLOCK: case EV_FATAL:
	case EV_GOEXIT:
		return true;
	default:
		return false;
	}
}

static void anim_add(appstate *st, const gmp_event *ev)
{
	if (!anim_kind(ev->kind))
		return;
	bool by_m = ev->kind == EV_NEWM || ev->kind == EV_MEXIT;
	for (int i = 0; i < st->nanims; i++) {
		ui_anim *a = &st->anims[i];
		if (a->kind != ev->kind)
			continue;
		if (by_m ? a->m == ev->m : (a->p == ev->p && a->p2 == ev->p2)) {
			/* merge without extending its life: the counts cover at most
			 * APP_ANIM_FRAMES frames, however steadily the events come */
			a->seq = ev->seq;
			a->t = ev->t;
			a->g = ev->g;
			a->m = ev->m;
			a->n += ev->n;
			a->count++;
			return;
		}
	}
	int slot = st->nanims;
	if (slot == APP_ANIM_MAX) {
		/* replace the oldest */
		slot = 0;
		for (int i = 1; i < st->nanims; i++)
			if (st->anims[i].seq < st->anims[slot].seq)
				slot = i;
	} else {
		st->nanims++;
	}
	ui_anim *a = &st->anims[slot];
	a->seq = ev->seq;
	a->t = ev->t;
	a->kind = ev->kind;
	a->p = ev->p;
	a->p2 = ev->p2;
	a->m = ev->m;
	a->g = ev->g;
	a->n = ev->n;
	a->count = 1;
	a->ttl = APP_ANIM_FRAMES;
}

/* anims_collect turns the events in [from, engine total) at or after
 * virtual time tmin into animations. */
static void anims_collect(appstate *st, uint64_t from, int64_t tmin)
{
	uint64_t total = engine_event_total(st->eng);
	if (total > GMP_EVENT_RING && from < total - GMP_EVENT_RING)
		from = total - GMP_EVENT_RING;
	for (uint64_t s = from; s < total; s++) {
		const gmp_event *ev = engine_event_get(st->eng, s);
		if (ev && ev->t >= tmin)
			anim_add(st, ev);
	}
	st->seen_seq = total;
}

static void anims_age(appstate *st)
{
	int out = 0;
	for (int i = 0; i < st->nanims; i++) {
		if (--st->anims[i].ttl > 0)
			st->anims[out++] = st->anims[i];
	}
	st->nanims = out;
}

/* ---- engine lifecycle ------------------------------------------------ */

const gmp_variant *appstate_variant(const appstate *st)
{
	if (!st->have_scen || st->variant < 0 || st->variant >= st->scen.nvariants)
		return NULL;
	return &st->scen.variants[st->variant];
}

void appstate_restart(appstate *st)
{
	cps_clear(st);
	if (st->eng)
		engine_free(st->eng);
	st->eng = NULL;
	st->nanims = 0;
	st->vt = 0;
	st->stepped = false;
	st->seen_seq = 0;
	st->nhist = 0;
	st->until_pending = false;
	bool was = st->playing;
	st->playing = false;
	(void)was;
	const gmp_variant *v = appstate_variant(st);
	if (!v)
		return;
	st->eng = engine_new(&v->prog, &v->cfg);
	if (!st->eng) {
		snprintf(st->msg, sizeof st->msg, "cannot start the engine (out of memory)");
		return;
	}
	cp_take(st);
}

void appstate_set_variant(appstate *st, int v)
{
	if (!st->have_scen || st->scen.nvariants == 0)
		return;
	st->variant = ((v % st->scen.nvariants) + st->scen.nvariants) % st->scen.nvariants;
	st->scroll[PANEL_SOURCE] = 0;
	appstate_restart(st);
}

void appstate_adopt(appstate *st, gmp_scenario *s, int v)
{
	/* the engines borrow the old scenario's programs: free them first */
	cps_clear(st);
	engine_free(st->eng);
	st->eng = NULL;
	if (st->have_scen)
		scenario_free(&st->scen);
	st->scen = *s;
	memset(s, 0, sizeof *s);
	st->have_scen = true;
	st->speed = st->scen.speed > 0 ? st->scen.speed : APP_SPEED_DEFAULT;
	if (st->speed < APP_SPEED_MIN)
		st->speed = APP_SPEED_MIN;
	if (st->speed > APP_SPEED_MAX)
		st->speed = APP_SPEED_MAX;
	st->show_explain = false;
	st->show_picker = false;
	st->msg[0] = 0;
	memset(st->scroll, 0, sizeof st->scroll);
	appstate_set_variant(st, v);
}

int appstate_open(appstate *st, const char *path, char *err, size_t errlen)
{
	gmp_scenario s;
	memset(&s, 0, sizeof s);
	if (scenario_load(path, &s, err, errlen) != 0)
		return -1;
	if (s.nvariants == 0) {
		snprintf(err, errlen, "%s: the scenario has no variant", path);
		scenario_free(&s);
		return -1;
	}
	appstate_adopt(st, &s, 0);
	return 0;
}

/* ---- picker ---------------------------------------------------------- */

static void picks_free(appstate *st)
{
	for (int i = 0; i < st->npicks; i++) {
		free(st->picks[i].path);
		free(st->picks[i].slug);
		free(st->picks[i].title);
		free(st->picks[i].family);
		free(st->picks[i].error);
	}
	free(st->picks);
	st->picks = NULL;
	st->npicks = 0;
}

/* picks_load lists the scenarios of the picker's directory with the scan
 * `gmpscope list` makes (paths_list_scenarios), so both show the same files
 * in the same order; an unreadable directory lists none. */
static void picks_load(appstate *st)
{
	picks_free(st);
	char **paths, err[300];
	int n = paths_list_scenarios(st->scen_dir, &paths, err, sizeof err);
	if (n < 0)
		n = 0;
	st->picks = calloc(n ? n : 1, sizeof *st->picks);
	if (!st->picks) {
		paths_free_list(paths, n);
		return;
	}
	for (int i = 0; i < n; i++) {
		ui_pick *p = &st->picks[st->npicks++];
		const char *name = strrchr(paths[i], '/') + 1;   /* listed as dir/name */
		p->path = paths[i];
		gmp_scenario s;
		memset(&s, 0, sizeof s);
		if (scenario_load(p->path, &s, err, sizeof err) == 0) {
			p->number = s.number;
			p->slug = xstrdup(s.slug);
			p->title = xstrdup(s.title);
			p->family = xstrdup(s.family);
			scenario_free(&s);
		} else {
			p->number = atoi(name);
			p->slug = xstrdup(name);
			p->error = xstrdup(err);
		}
	}
	free(paths);   /* the paths now belong to the picks */
	if (st->pick_cur >= st->npicks)
		st->pick_cur = st->npicks ? st->npicks - 1 : 0;
	/* put the cursor on the open scenario */
	if (st->have_scen)
		for (int i = 0; i < st->npicks; i++)
			if (st->picks[i].path && st->scen.path && !strcmp(st->picks[i].path, st->scen.path))
				st->pick_cur = i;
}

/* ---- moving through time --------------------------------------------- */

static bool run_over(const appstate *st)
{
	return engine_runstate(st->eng) != RUN_RUNNING;
}

/* step_time is the virtual time to show after a step that began at event
 * seq0: the engine's clock, or the time of the newest event the step emitted
 * when that is later (a goroutine's run of ops is executed at once, its
 * events stamped with the times each op ends), so that the header never
 * shows a time before the captions of the step. */
static int64_t step_time(const appstate *st, uint64_t seq0)
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
	engine_step(e, ALL_KINDS);
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
	if (st->nhist == APP_HIST_MAX) {
		memmove(st->step_hist, st->step_hist + 1, sizeof st->step_hist[0] * (APP_HIST_MAX - 1));
		st->nhist--;
	}
	st->step_hist[st->nhist++] = engine_visible_total(st->eng);
	engine_step(st->eng, ALL_KINDS);
	st->nanims = 0;
	st->step_seq0 = seq0;
	anims_collect(st, seq0, INT64_MIN);
	st->vt = step_time(st, seq0);
	st->stepped = true;
	cp_maybe(st);
	return true;
}

void appstate_step(appstate *st)
{
	if (!st->eng)
		return;
	if (run_over(st)) {
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

/* replay_to steps e forward until it has at least v visible events. */
static void replay_to(gmp_engine *e, uint64_t v)
{
	while (engine_visible_total(e) < v && engine_runstate(e) == RUN_RUNNING) {
		uint64_t before = engine_event_total(e);
		engine_step(e, ALL_KINDS);
		if (engine_event_total(e) == before)
			break;
	}
}

void appstate_back(appstate *st)
{
	if (!st->eng)
		return;
	uint64_t v = engine_visible_total(st->eng);
	if (st->ncps == 0 || v <= st->cps[0].visible) {
		snprintf(st->msg, sizeof st->msg, "already at the start");
		return;
	}
	/* target: where the previous step ended; prev: where it began */
	uint64_t target, prev;
	if (st->nhist > 0 && st->step_hist[st->nhist - 1] < v) {
		target = st->step_hist[--st->nhist];
		prev = st->nhist > 0 ? st->step_hist[st->nhist - 1] : (target > 0 ? target - 1 : 0);
	} else {
		st->nhist = 0;
		target = v - 1;
		prev = target > 0 ? target - 1 : 0;
	}
	gmp_engine *e;
	if (target <= st->cps[0].visible) {
		e = engine_clone(st->cps[0].e);
		if (!e)
			return;
		engine_free(st->eng);
		st->eng = e;
		st->nanims = 0;
		st->stepped = false;
		st->nhist = 0;
		st->vt = engine_now(e);
		st->seen_seq = engine_event_total(e);
		return;
	}
	int best = 0;
	for (int i = 0; i < st->ncps; i++)
		if (st->cps[i].visible <= prev && st->cps[i].visible >= st->cps[best].visible)
			best = i;
	e = engine_clone(st->cps[best].e);
	if (!e)
		return;
	replay_to(e, prev);
	engine_free(st->eng);
	st->eng = e;
	st->playing = false;
	/* the last step again, exactly as a forward step makes it */
	uint64_t seq0 = engine_event_total(e);
	replay_to(e, target);
	st->nanims = 0;
	st->step_seq0 = seq0;
	anims_collect(st, seq0, INT64_MIN);
	st->vt = step_time(st, seq0);
	st->stepped = true;
}

void appstate_run_until(appstate *st, uint64_t mask, const char *what)
{
	if (!st->eng)
		return;
	if (run_over(st)) {
		snprintf(st->msg, sizeof st->msg, "the run is over: r restarts");
		return;
	}
	for (;;) {
		uint64_t before = engine_visible_total(st->eng);
		if (!step_once(st))
			return;   /* stopped at vt_limit */
		if (step_has(st, mask))
			return;
		if (run_over(st) || engine_visible_total(st->eng) == before) {
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
	st->vt = run_over(st) ? engine_now(st->eng) : t;
	st->stepped = false;
	st->nhist = 0; /* no longer on a step boundary */
	/* a long jump animates only its last half wall second of play */
	anims_collect(st, from, st->vt - st->speed / 2);
	cp_maybe(st);
}

int appstate_advance(appstate *st, int64_t wall_ns)
{
	if (!st->playing || !st->eng)
		return 0;
	int flags = APP_REDRAW;
	st->frame++;
	anims_age(st);
	/* speed × elapsed without overflow: speed <= 1e9, wall_ns <= 5e9 */
	if (wall_ns > 5LL * 1000000000LL)
		wall_ns = 5LL * 1000000000LL;
	int64_t dv = st->speed * wall_ns / 1000000000;
	if (dv < 1)
		dv = 1;
	appstate_run_to(st, st->vt + (int64_t)dv);
	if (run_over(st)) {
		st->playing = false;
		flags |= APP_PLAYSTATE;
	}
	return flags;
}

/* ---- keys ------------------------------------------------------------ */

static int key_picker(appstate *st, keys_action a, int key)
{
	switch (a) {
	case KACT_UP:
		if (st->pick_cur > 0)
			st->pick_cur--;
		break;
	case KACT_DOWN:
		if (st->pick_cur + 1 < st->npicks)
			st->pick_cur++;
		break;
	case KACT_PGUP:
		st->pick_cur = st->pick_cur > APP_PAGE ? st->pick_cur - APP_PAGE : 0;
		break;
	case KACT_PGDN:
		st->pick_cur += APP_PAGE;
		if (st->pick_cur >= st->npicks)
			st->pick_cur = st->npicks ? st->npicks - 1 : 0;
		break;
	case KACT_ENTER: {
		if (st->npicks == 0)
			break;
		ui_pick *p = &st->picks[st->pick_cur];
		char err[300];
		if (p->error) {
			snprintf(st->msg, sizeof st->msg, "%s", p->error);
			break;
		}
		bool was = st->playing;
		if (appstate_open(st, p->path, err, sizeof err) != 0) {
			snprintf(st->msg, sizeof st->msg, "%s", err);
			break;
		}
		st->show_picker = false;
		return APP_REDRAW | (was ? APP_PLAYSTATE : 0);
	}
	case KACT_ESC:
	case KACT_PICKER:
		if (st->have_scen)
			st->show_picker = false;
		break;
	case KACT_QUIT:
		return APP_QUIT;
	case KACT_HELP:
		st->show_help = !st->show_help;
		break;
	default:
		(void)key;
		return 0;
	}
	return APP_REDRAW;
}

void appstate_set_screen(appstate *st, int w, int h)
{
	st->screen_w = w;
	st->screen_h = h;
}

static void scroll_by(appstate *st, int d)
{
	if (st->show_help || st->show_explain) { /* j/k/PgDn scroll the overlay on top */
		int max = st->screen_w > 0 ? view_overlay_scroll_max(st, st->screen_w, st->screen_h) : INT_MAX;
		st->overlay_scroll = st->overlay_scroll + d < 0 ? 0 : st->overlay_scroll + d > max ? max
		                                                     : st->overlay_scroll + d;
		return;
	}
	if (st->focus == PANEL_NONE)
		st->focus = PANEL_GORS;
	st->scroll[st->focus] += d;
	if (st->scroll[st->focus] < 0)
		st->scroll[st->focus] = 0;
}

int appstate_key(appstate *st, int key)
{
	keys_action a = keys_lookup(key);
	bool was_playing = st->playing;
	int flags = APP_REDRAW;
	st->msg[0] = 0;

	if (a == KACT_RESIZE)
		return APP_REDRAW;
	if (st->show_picker)
		return key_picker(st, a, key);
	if (st->until_pending) {
		st->until_pending = false;
		if (a == KACT_ESC)
			return APP_REDRAW;
		uint64_t mask = keys_until_mask(key);
		if (!mask) {
			char nb[16];
			snprintf(st->msg, sizeof st->msg, "g %s: not a kind (s m x p u k y t f)",
			         keys_name(key, nb, sizeof nb));
			return APP_REDRAW;
		}
		st->playing = false;
		appstate_run_until(st, mask, keys_until_name(key));
		return flags | (was_playing ? APP_PLAYSTATE : 0);
	}

	switch (a) {
	case KACT_PLAY:
		if (!st->eng)
			break;
		if (!st->playing && run_over(st)) {
			snprintf(st->msg, sizeof st->msg, "the run is over: r restarts");
			break;
		}
		st->playing = !st->playing;
		st->stepped = false;
		break;
	case KACT_STEP:
		st->playing = false;
		appstate_step(st);
		break;
	case KACT_BACK:
		st->playing = false;
		appstate_back(st);
		break;
	case KACT_UNTIL:
		if (st->eng)
			st->until_pending = true;
		break;
	case KACT_FASTER:
		st->speed = appstate_speed_step(st->speed, +1);
		break;
	case KACT_SLOWER:
		st->speed = appstate_speed_step(st->speed, -1);
		break;
	case KACT_RESTART:
		appstate_restart(st);
		break;
	case KACT_VARIANT:
		if (st->have_scen)
			appstate_set_variant(st, st->variant + 1);
		break;
	case KACT_EXPLAIN:
		st->show_explain = !st->show_explain;
		st->overlay_scroll = 0;
		break;
	case KACT_PICKER:
		st->show_picker = true;
		st->playing = false;   /* choosing takes a while: don't run on behind it */
		picks_load(st);
		break;
	case KACT_FOCUS:
		st->focus = (ui_panel)(st->focus + 1 == PANEL__COUNT ? PANEL_NONE : st->focus + 1);
		break;
	case KACT_FOCUS_BACK:
		st->focus = (ui_panel)(st->focus == PANEL_NONE ? PANEL__COUNT - 1 : st->focus - 1);
		break;
	case KACT_UP:
		scroll_by(st, -1);
		break;
	case KACT_DOWN:
		scroll_by(st, +1);
		break;
	case KACT_PGUP:
		scroll_by(st, -APP_PAGE);
		break;
	case KACT_PGDN:
		scroll_by(st, +APP_PAGE);
		break;
	case KACT_ESC:
		st->overlay_scroll = 0;
		if (st->show_help)
			st->show_help = false;
		else if (st->show_explain)
			st->show_explain = false;
		else
			st->focus = PANEL_NONE;
		break;
	case KACT_HELP:
		st->show_help = !st->show_help;
		st->overlay_scroll = 0;
		break;
	case KACT_QUIT:
		return APP_QUIT;
	case KACT_ENTER:
	case KACT_NONE:
	case KACT_RESIZE:
		return 0;
	}
	if (st->playing != was_playing)
		flags |= APP_PLAYSTATE;
	return flags;
}

/* ---- lifecycle ------------------------------------------------------- */

appstate *appstate_new(const char *scen_dir)
{
	appstate *st = calloc(1, sizeof *st);
	if (!st)
		return NULL;
	st->scen_dir = xstrdup(scen_dir ? scen_dir : "scenarios");
	st->speed = APP_SPEED_DEFAULT;
	st->vt_limit = -1;
	if (!st->scen_dir) {
		free(st);
		return NULL;
	}
	return st;
}

void appstate_free(appstate *st)
{
	if (!st)
		return;
	cps_clear(st);
	if (st->eng)
		engine_free(st->eng);
	if (st->have_scen)
		scenario_free(&st->scen);
	picks_free(st);
	free(st->scen_dir);
	free(st);
}
