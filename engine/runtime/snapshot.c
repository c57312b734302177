/*
 * snapshot.c — checkpoints that share unchanged blocks (snapshot.h).
 *
 * A snapshot lists the engine's arrays in engine_arrays order. Array k of a
 * group (the G slab's chunks...) is compared with array k of the same group
 * in the previous snapshot block by block, so a slab that grew still shares
 * its old chunks and everything after them. A restore walks the new
 * engine's arrays in the same order as the snapshot's, so the two agree on
 * what array i is (its shape follows from counts that the struct copy and
 * the arrays already restored hold), and reuses the consumed engine's array
 * k of the same group.
 */
#include "snapshot.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "sched.h"
#include "race.h"

/* snap_block: SNAP_BLOCK bytes (fewer at an array's end), immutable and
 * shared by the snapshots whose array holds those bytes there. */
typedef struct snap_block {
	int refs;                /* snapshots holding it */
	uint32_t n;              /* bytes in d */
	unsigned char d[];       /* the bytes */
} snap_block;

/* snap_array: one of the engine's arrays. */
typedef struct snap_array {
	size_t bytes;            /* its length */
	bool null;               /* never allocated (the pointer was NULL) */
	int nb;                  /* blocks: ceil(bytes / SNAP_BLOCK) */
	snap_block **b;          /* the blocks, in order */
} snap_array;

struct gmp_snapshot {
	gmp_engine *base;        /* a copy of the struct: its array pointers
	                          * are stale, engine_arrays refills them */
	snap_array *arr;         /* the arrays, in engine_arrays order */
	int narr, caparr;        /* arrays held, allocated */
	int first[ARR__COUNT];   /* index of each group's first array */
	int count[ARR__COUNT];   /* arrays in each group */
	gmp_engine *race;        /* a holder of the race detector's state
	                          * (race_clone), NULL when there is none */
	int64_t own;             /* bytes counted in the store besides blocks */
	uint64_t id;             /* unique for the process (gsync names it) */
};

/* snap_ids numbers snapshots: an engine's gsync must never name a freed
 * snapshot's successor at the same address, so not a pointer. */
static uint64_t snap_ids;

/* g_chunk_clean reports whether e's G slab chunk k still equals its copy in
 * the snapshot numbered sync (sched.h: gsync). */
static bool g_chunk_clean(const gmp_engine *e, uint64_t sync, int k)
{
	return sync != 0 && e->gsync == sync && !e->gtouched[k & (GTRACK_N - 1)];
}

void snapshot_sync(const gmp_engine *e, const gmp_snapshot *s)
{
	gmp_engine *w = (gmp_engine *)e;   /* host bookkeeping (sched.h: gsync) */
	w->gsync = s->id;
	memset(w->gtouched, 0, sizeof w->gtouched);
}

/* take_ctx: snapshot_take's walk over the engine's arrays. */
typedef struct take_ctx {
	gmp_snapshot *s;         /* the snapshot being built */
	const gmp_snapshot *prev; /* the one to share blocks with, or NULL */
	snap_store *st;          /* the store's accounting */
	snap_cost cost;          /* the work done */
	const gmp_engine *e;     /* the engine taken */
} take_ctx;

#define SLOT_SIZE ((sizeof(snap_block) + SNAP_BLOCK + 63) & ~(size_t)63) /* a full block in an arena */

/* arena_slot returns an unused full-size slot, from a new arena when the
 * current one is used up. */
static snap_block *arena_slot(snap_store *st)
{
	if (!st->next || st->next + SLOT_SIZE > st->end) {
		char *a = aligned_alloc(SNAP_ARENA, SNAP_ARENA);
		if (!a)
			a = gmp_xmalloc(SNAP_ARENA);
#ifdef MADV_HUGEPAGE
		madvise(a, SNAP_ARENA, MADV_HUGEPAGE);   /* a hint: failing is fine */
#endif
		*(void **)a = st->arenas;
		st->arenas = a;
		st->next = a + 64;
		st->end = a + SNAP_ARENA;
		st->held += SNAP_ARENA;
		if (st->held > st->peak)
			st->peak = st->held;
	}
	snap_block *b = (snap_block *)(void *)st->next;
	st->next += SLOT_SIZE;
	return b;
}

/* block_new returns a block for n bytes: a full-size one from the free
 * list or an arena, a partial one (an array's tail) from malloc. */
static snap_block *block_new(snap_store *st, size_t n)
{
	snap_block *b;
	if (n == SNAP_BLOCK && st->free) {
		b = st->free;
		st->free = *(void **)b->d;
	} else if (n == SNAP_BLOCK) {
		b = arena_slot(st);
	} else {
		b = gmp_xmalloc(sizeof *b + n);
		st->held += (int64_t)(sizeof *b + n);
		if (st->held > st->peak)
			st->peak = st->held;
	}
	st->bytes += (int64_t)(sizeof *b + n);
	b->refs = 1;
	b->n = (uint32_t)n;
	return b;
}

/* block_unref drops a snapshot's hold on b: a full-size block no snapshot
 * holds goes on the free list, a partial one back to malloc. */
static void block_unref(snap_block *b, snap_store *st)
{
	if (--b->refs > 0)
		return;
	st->bytes -= (int64_t)(sizeof *b + b->n);
	if (b->n == SNAP_BLOCK) {
		*(void **)b->d = st->free;
		st->free = b;
		return;
	}
	st->held -= (int64_t)(sizeof *b + b->n);
	free(b);
}

void snap_store_release(snap_store *st)
{
	while (st->arenas) {
		void *a = st->arenas;
		st->arenas = *(void **)a;
		free(a);
		st->held -= SNAP_ARENA;
	}
	st->free = NULL;
	st->next = st->end = NULL;
}

/* take_array is snapshot_take's engine_array_fn. */
static void take_array(void *vctx, int group, void **pp, size_t bytes)
{
	take_ctx *c = vctx;
	gmp_snapshot *s = c->s;
	if (s->count[group]++ == 0)
		s->first[group] = s->narr;
	int k_in = s->count[group] - 1;
	if (s->narr == s->caparr) {
		s->caparr = s->caparr ? 2 * s->caparr : 64;
		s->arr = gmp_xrealloc(s->arr, sizeof *s->arr * (size_t)s->caparr);
	}
	snap_array *a = &s->arr[s->narr++];
	memset(a, 0, sizeof *a);
	a->bytes = bytes;
	a->null = *pp == NULL;
	c->cost.state += (int64_t)bytes;
	if (a->null || bytes == 0)
		return;
	a->nb = (int)((bytes + SNAP_BLOCK - 1) / SNAP_BLOCK);
	a->b = gmp_xmalloc(sizeof *a->b * (size_t)a->nb);
	s->own += (int64_t)(sizeof *a->b * (size_t)a->nb);
	const gmp_snapshot *pv = c->prev;
	const snap_array *pa = pv && k_in < pv->count[group] ? &pv->arr[pv->first[group] + k_in] : NULL;
	const unsigned char *src = *pp;
	/* a G chunk untouched since the engine equalled prev is prev's */
	bool same = group == ARR_G && pa && pa->bytes == bytes && g_chunk_clean(c->e, pv->id, k_in);
	for (int k = 0; k < a->nb; k++) {
		size_t off = (size_t)k * SNAP_BLOCK;
		size_t n = bytes - off < SNAP_BLOCK ? bytes - off : SNAP_BLOCK;
		snap_block *old = pa && k < pa->nb ? pa->b[k] : NULL;
		if (same) {
			old->refs++;
			a->b[k] = old;
			continue;
		}
		if (old && old->n == n) {
			c->cost.compared += (int64_t)n;
			if (memcmp(old->d, src + off, n) == 0) {
				old->refs++;
				a->b[k] = old;
				continue;
			}
		}
		snap_block *nb = block_new(c->st, n);
		memcpy(nb->d, src + off, n);
		c->cost.copied += (int64_t)n;
		a->b[k] = nb;
	}
}

gmp_snapshot *snapshot_take(const gmp_engine *e, const gmp_snapshot *prev, snap_store *st,
                            snap_cost *cost)
{
	gmp_snapshot *s = gmp_xcalloc(1, sizeof *s);
	s->base = gmp_xmalloc(sizeof *s->base);
	memcpy(s->base, e, sizeof *e);
	s->id = ++snap_ids;
	take_ctx c = { s, prev, st, { 0, 0, (int64_t)sizeof *e }, e };
	/* the walk only reads: take_array never replaces *pp */
	engine_arrays((gmp_engine *)e, take_array, &c);
	if (e->race_state || e->nrclocks > 0) {
		s->race = gmp_xcalloc(1, sizeof *s->race);
		s->race->prog = e->prog;
		race_clone(s->race, e);
	}
	s->own += (int64_t)(sizeof *s + sizeof *s->base + sizeof *s->arr * (size_t)s->caparr);
	st->bytes += s->own;
	st->held += s->own;
	if (st->held > st->peak)
		st->peak = st->held;
	if (cost)
		*cost = c.cost;
	return s;
}

void snapshot_free(gmp_snapshot *s, snap_store *st)
{
	if (!s)
		return;
	for (int i = 0; i < s->narr; i++) {
		for (int k = 0; k < s->arr[i].nb; k++)
			block_unref(s->arr[i].b[k], st);
		free(s->arr[i].b);
	}
	st->bytes -= s->own;
	st->held -= s->own;
	free(s->arr);
	if (s->race) {
		race_free(s->race);
		free(s->race);
	}
	free(s->base);
	free(s);
}

uint64_t snapshot_visible(const gmp_snapshot *s)
{
	return engine_visible_total(s->base);
}

uint64_t snapshot_events(const gmp_snapshot *s)
{
	return engine_event_total(s->base);
}

/* old_array: one array of the engine a restore consumes. */
typedef struct old_array {
	void *p;                 /* its memory; NULL once reused */
	size_t bytes;            /* its length */
} old_array;

/* fill_ctx: a restore's walk over the new engine's arrays. */
typedef struct fill_ctx {
	const gmp_snapshot *s;   /* the state to restore */
	int i;                   /* the next array of s */
	int k[ARR__COUNT];       /* the next array of each group */
	old_array *old;          /* the consumed engine's arrays, or NULL */
	int nold, capold;        /* their number, allocated */
	int first[ARR__COUNT];   /* index in old of each group's first array */
	int count[ARR__COUNT];   /* old's arrays in each group */
	const gmp_engine *olde;  /* the consumed engine, or NULL */
} fill_ctx;

/* collect_array lists an engine's arrays (the engine a restore consumes). */
static void collect_array(void *vctx, int group, void **pp, size_t bytes)
{
	fill_ctx *c = vctx;
	if (c->count[group]++ == 0)
		c->first[group] = c->nold;
	if (c->nold == c->capold) {
		c->capold = c->capold ? 2 * c->capold : 64;
		c->old = gmp_xrealloc(c->old, sizeof *c->old * (size_t)c->capold);
	}
	c->old[c->nold].p = *pp;
	c->old[c->nold].bytes = bytes;
	c->nold++;
}

/* fill_array is a restore's engine_array_fn: array i of the snapshot, in
 * the consumed engine's array of the same group and rank when it has the same
 * length (copying only the blocks that differ), else in new memory. */
static void fill_array(void *vctx, int group, void **pp, size_t bytes)
{
	fill_ctx *c = vctx;
	const snap_array *a = &c->s->arr[c->i++];
	int k = c->k[group]++;
	old_array *o = k < c->count[group] ? &c->old[c->first[group] + k] : NULL;
	if (a->null) {
		*pp = NULL;
		return;
	}
	(void)bytes;   /* equals a->bytes: the walks agree (see the top) */
	unsigned char *dst;
	bool reuse = o && o->p && o->bytes == a->bytes;
	if (reuse) {
		dst = o->p;
		o->p = NULL;
	} else {
		dst = gmp_xmalloc(a->bytes);
	}
	/* a G chunk the consumed engine has not touched since it equalled
	 * this snapshot is already right: not even read */
	if (reuse && group == ARR_G && c->olde && g_chunk_clean(c->olde, c->s->id, k)) {
		*pp = dst;
		return;
	}
	for (int k = 0; k < a->nb; k++) {
		unsigned char *d = dst + (size_t)k * SNAP_BLOCK;
		const snap_block *b = a->b[k];
		/* a block that did not change is only read: a step back writes
		 * what differs (arrays grow zeroed, so every byte compared is
		 * defined: valgrind is clean) */
		if (!reuse || memcmp(d, b->d, b->n) != 0)
			memcpy(d, b->d, b->n);
	}
	*pp = dst;
}

/* restore builds an engine from s, reusing old's arrays when old is given
 * (old's struct and what is not reused are freed). */
static gmp_engine *restore(const gmp_snapshot *s, gmp_engine *old)
{
	fill_ctx c;
	memset(&c, 0, sizeof c);
	c.s = s;
	c.olde = old;
	if (old)
		engine_arrays(old, collect_array, &c);
	gmp_engine *e = gmp_xmalloc(sizeof *e);
	memcpy(e, s->base, sizeof *e);
	engine_tables_empty(e);
	engine_arrays(e, fill_array, &c);
	e->race_state = NULL;
	e->rclocks = NULL;
	e->rvars = NULL;
	e->nrclocks = 0;
	if (s->race)
		race_clone(e, s->race);
	snapshot_sync(e, s);
	if (old) {
		for (int i = 0; i < c.nold; i++)
			free(c.old[i].p);
		free(c.old);
		free(old->gs.c);
		free(old->gxs.c);
		free(old->ms.c);
		race_free(old);
		free(old);
	}
	return e;
}

gmp_engine *snapshot_engine(const gmp_snapshot *s)
{
	return restore(s, NULL);
}

gmp_engine *snapshot_restore(const gmp_snapshot *s, gmp_engine *old)
{
	return restore(s, old);
}
