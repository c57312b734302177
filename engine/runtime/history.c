/*
 * history.c — checkpoints of a run and rewinding by replay (history.h).
 *
 * A checkpoint is an engine_clone. The list is ordered by visible total and
 * strictly increasing: a checkpoint is only ever taken past the newest one,
 * and thinning keeps the order. Built on the public engine API alone: the
 * model knows nothing of its own past.
 */
#include "history.h"

#include <stdlib.h>

/* history_cp is one checkpoint. */
typedef struct history_cp {
	gmp_engine *e;     /* a clone, never run */
	uint64_t visible;  /* engine_visible_total of the clone */
} history_cp;

struct gmp_history {
	history_cp *cps;   /* oldest first; cps[0] is the start */
	int n;             /* checkpoints held */
	int max;           /* capacity of cps: thinning keeps n <= max */
	int every;         /* visible events between checkpoints */
};

/* history_thin drops every other checkpoint in the older half, so recent
 * history stays dense and old history sparse. Keeps cps[0] (the start). */
static void history_thin(gmp_history *h)
{
	int half = h->n / 2, out = 1;
	for (int i = 1; i < h->n; i++) {
		if (i <= half && (i % 2) == 1) {
			engine_free(h->cps[i].e);
			continue;
		}
		h->cps[out++] = h->cps[i];
	}
	h->n = out;
}

/* history_take checkpoints e (thinning first when full). A failed clone is
 * no checkpoint: the next note tries again. */
static void history_take(gmp_history *h, const gmp_engine *e)
{
	if (h->n == h->max)
		history_thin(h);
	gmp_engine *c = engine_clone(e);
	if (!c)
		return;
	h->cps[h->n].e = c;
	h->cps[h->n].visible = engine_visible_total(e);
	h->n++;
}

gmp_history *history_new(const gmp_engine *e, int every, int max)
{
	gmp_history *h = calloc(1, sizeof *h);
	if (!h)
		return NULL;
	/* thinning needs two checkpoints to keep the start and make room */
	h->max = max < 2 ? 2 : max;
	h->every = every < 1 ? 1 : every;
	h->cps = calloc((size_t)h->max, sizeof *h->cps);
	if (!h->cps) {
		free(h);
		return NULL;
	}
	history_take(h, e);
	return h;
}

void history_free(gmp_history *h)
{
	if (!h)
		return;
	for (int i = 0; i < h->n; i++)
		engine_free(h->cps[i].e);
	free(h->cps);
	free(h);
}

void history_note(gmp_history *h, const gmp_engine *e)
{
	if (!h)
		return;
	uint64_t v = engine_visible_total(e);
	if (h->n == 0) {
		history_take(h, e);
		return;
	}
	/* behind or at the newest checkpoint: replaying known history */
	uint64_t newest = h->cps[h->n - 1].visible;
	if (newest >= v)
		return;
	if (v >= newest + (uint64_t)h->every)
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

gmp_engine *history_seek(const gmp_history *h, uint64_t visible)
{
	if (!h || h->n == 0)
		return NULL;
	int best = 0;
	for (int i = 0; i < h->n; i++)
		if (h->cps[i].visible <= visible && h->cps[i].visible >= h->cps[best].visible)
			best = i;
	gmp_engine *e = engine_clone(h->cps[best].e);
	if (e)
		history_replay(e, visible);
	return e;
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
