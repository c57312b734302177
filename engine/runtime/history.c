/*
 * history.c — checkpoints of a run and rewinding by replay (history.h).
 *
 * A checkpoint is a snapshot (snapshot.h) that shares unchanged blocks with
 * the checkpoint before it. The list is ordered by visible total and
 * strictly increasing: a checkpoint is only ever taken past the newest one,
 * and thinning keeps the order. The model knows nothing of its own past:
 * snapshots see the engine only as a struct and a list of arrays.
 */
#include "history.h"

#include <stdbool.h>
#include <stdlib.h>

#include "snapshot.h"

/* history_cp is one checkpoint. */
typedef struct history_cp {
	gmp_snapshot *s;   /* the engine's state then */
	uint64_t visible;  /* its engine_visible_total */
	uint64_t events;   /* its engine_event_total */
} history_cp;

struct gmp_history {
	history_cp *cps;   /* oldest first; cps[0] is the start */
	int n;             /* checkpoints held */
	gmp_history_policy pol; /* the policy (history.h) */
	snap_store store;  /* the memory the checkpoints hold */
	snap_cost last;    /* what the newest checkpoint cost */
	uint64_t need;     /* events after the newest before the next (due) */
};

/* history_thin drops every other checkpoint in the older half, so recent
 * history stays dense and old history sparse. Keeps cps[0] (the start), and
 * the newest when keep_newest (thinning for memory, after a take). */
static void history_thin(gmp_history *h, bool keep_newest)
{
	int half = h->n / 2, out = 1;
	for (int i = 1; i < h->n; i++) {
		if (i <= half && (i % 2) == 1 && !(keep_newest && i == h->n - 1)) {
			snapshot_free(h->cps[i].s, &h->store);
			continue;
		}
		h->cps[out++] = h->cps[i];
	}
	h->n = out;
}

/* mem_bound is the memory the checkpoints may hold (0: no bound). */
static int64_t mem_bound(const gmp_history *h)
{
	if (h->pol.mem_pct <= 0)
		return 0;
	int64_t b = h->last.state / 100 * h->pol.mem_pct;
	return b > HIST_MEM_FLOOR ? b : HIST_MEM_FLOOR;
}

/* need_after is the cost rule's spacing after the newest checkpoint, in
 * events (the policy's spacing by cost): computed once per checkpoint, since
 * history_note asks after every step. */
static uint64_t need_after(const gmp_history *h)
{
	if (h->pol.ratio <= 0)
		return 0;
	uint64_t cost = (uint64_t)(h->last.compared / HIST_CMP_BYTES + h->last.copied / HIST_COPY_BYTES);
	uint64_t need = cost * (uint64_t)h->pol.ratio;
	if (h->pol.replay_max > 0 && need > h->pol.replay_max)
		need = h->pol.replay_max;
	return need;
}

/* history_take checkpoints e. Thinning comes first, when the checkpoints
 * are at their count or would pass the memory bound with as many new bytes
 * as the newest checkpoint copied; and again after, if this one copied more.
 * The store's arenas grow only when no freed block is left, so what it holds
 * stays near the most the checkpoints held, which thinning bounds. */
static void history_take(gmp_history *h, const gmp_engine *e)
{
	if (h->n == h->pol.max)
		history_thin(h, false);
	int64_t bound = mem_bound(h);
	while (bound > 0 && h->store.bytes + h->last.copied > bound && h->n > 2)
		history_thin(h, true);
	const gmp_snapshot *prev = h->n > 0 ? h->cps[h->n - 1].s : NULL;
	history_cp *cp = &h->cps[h->n++];
	cp->s = snapshot_take(e, prev, &h->store, &h->last);
	snapshot_sync(e, cp->s);   /* the next one reads only what e touches */
	cp->visible = engine_visible_total(e);
	cp->events = engine_event_total(e);
	h->need = need_after(h);
	bound = mem_bound(h);
	while (bound > 0 && h->store.bytes > bound && h->n > 2)
		history_thin(h, true);
}

gmp_history *history_new_policy(const gmp_engine *e, const gmp_history_policy *p)
{
	gmp_history *h = calloc(1, sizeof *h);
	if (!h)
		return NULL;
	h->pol = *p;
	/* thinning needs two checkpoints to keep the start and make room */
	h->pol.max = p->max < 2 ? 2 : p->max;
	h->pol.every = p->every < 1 ? 1 : p->every;
	h->cps = calloc((size_t)h->pol.max, sizeof *h->cps);
	if (!h->cps) {
		free(h);
		return NULL;
	}
	history_take(h, e);
	return h;
}

gmp_history *history_new(const gmp_engine *e, int every, int max)
{
	gmp_history_policy p = { every, max, 0, 0, 0 };
	return history_new_policy(e, &p);
}

void history_free(gmp_history *h)
{
	if (!h)
		return;
	for (int i = 0; i < h->n; i++)
		snapshot_free(h->cps[i].s, &h->store);
	snap_store_release(&h->store);
	free(h->cps);
	free(h);
}

void history_note(gmp_history *h, const gmp_engine *e)
{
	if (!h)
		return;
	uint64_t v = engine_visible_total(e);
	/* behind or at the newest checkpoint: replaying known history */
	const history_cp *newest = &h->cps[h->n - 1];
	if (newest->visible >= v)
		return;
	if (v >= newest->visible + (uint64_t)h->pol.every
	    && engine_event_total(e) - newest->events >= h->need)
		history_take(h, e);
}

void history_replay(gmp_engine *e, uint64_t visible)
{
	while (engine_visible_total(e) < visible && engine_runstate(e) == RUN_RUNNING) {
		uint64_t before = engine_event_total(e);
		engine_step(e, ~0ULL);
		if (engine_event_total(e) == before)
			break;   /* nothing left to run */
	}
}

/* nearest is the newest checkpoint holding at most `visible` visible events
 * (the oldest if none does). */
static const history_cp *nearest(const gmp_history *h, uint64_t visible)
{
	int best = 0;
	for (int i = 0; i < h->n; i++)
		if (h->cps[i].visible <= visible)
			best = i;
	return &h->cps[best];
}

gmp_engine *history_seek(const gmp_history *h, uint64_t visible)
{
	if (!h || h->n == 0)
		return NULL;
	gmp_engine *e = snapshot_engine(nearest(h, visible)->s);
	history_replay(e, visible);
	return e;
}

gmp_engine *history_seek_from(const gmp_history *h, uint64_t visible, gmp_engine *old)
{
	if (!h || h->n == 0)
		return old;
	gmp_engine *e = snapshot_restore(nearest(h, visible)->s, old);
	history_replay(e, visible);
	return e;
}

gmp_snapshot *history_mark(gmp_history *h, const gmp_engine *e)
{
	if (!h)
		return NULL;
	return snapshot_take(e, h->cps[h->n - 1].s, &h->store, NULL);
}

gmp_engine *history_mark_restore(const gmp_snapshot *m, gmp_engine *old)
{
	return snapshot_restore(m, old);
}

void history_mark_free(gmp_history *h, gmp_snapshot *m)
{
	if (h && m)
		snapshot_free(m, &h->store);
}

int history_len(const gmp_history *h)
{
	return h ? h->n : 0;
}

uint64_t history_start(const gmp_history *h)
{
	return h && h->n > 0 ? h->cps[0].visible : 0;
}

int history_points(const gmp_history *h, uint64_t *out, int max)
{
	int n = 0;
	for (int i = 0; h && i < h->n && n < max; i++)
		out[n++] = h->cps[i].visible;
	return n;
}

int64_t history_bytes(const gmp_history *h)
{
	return h ? h->store.held : 0;
}

int64_t history_peak(const gmp_history *h)
{
	return h ? h->store.peak : 0;
}
