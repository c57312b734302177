/*
 * race.c — a happens-before race detector, as `go run -race` reasons.
 *
 * Every goroutine that touches a shared variable or a synchronisation object
 * gets a vector clock (only those: the detector scales with the goroutines it
 * watches, not with all of them). `go`, channel operations, Mutex Unlock→Lock,
 * WaitGroup Done→Wait and atomics create happens-before edges. An access
 * races when the previous conflicting access (a write, or a read for a
 * write) is not ordered before it. Each variable is reported once, like the
 * real detector reports a racy pair once.
 *
 * The clocks are sparse (vclock_t: only the slots a clock has heard of), so a
 * `go` copies what the parent knows, not one entry per goroutine ever made:
 * 40,000 goroutines no longer cost 40,000² entries. What they still cost is
 * counted in the engine's footprint (race_footprint), which gmpscope's own
 * budget bounds.
 *
 * The modelled version decides the one limit: before Go 1.19 the race
 * runtime (ThreadSanitizer v2) holds at most 8128 goroutines alive and dies
 * at the next `go` with its own message and its exit status, 66 (GORACE's
 * exitcode); Go 1.19 (TSan v3) removed the limit.
 *
 * Simplification: per variable we remember the last write and the last read
 * of each goroutine (FastTrack keeps epochs; the verdicts are the same here).
 */
#include <stdlib.h>
#include <string.h>

#include "race.h"
#include "sched.h"
#include "trace.h"
#include "budget.h"
#include "proc.h"

#define RACE_MAX_ALIVE 8128   /* TSan v2's kMaxTid minus its reserve, before Go 1.19 */
#define RACE_EXIT_CODE 66     /* GORACE exitcode's default */

typedef struct rsync { int obj; vclock_t vc; struct rsync *next; } rsync_t;

/* per-engine detector state hangs off e->race_state; objects use a small list */
typedef struct rstate {
	rsync_t *objs;
	int nobjs;
	bool *reported;
} rstate_t;

static rstate_t *rs(gmp_engine *e)
{
	if (e->race_state == NULL) {
		e->race_state = gmp_xcalloc(1, sizeof(rstate_t));
		rstate_t *r = e->race_state;
		r->reported = gmp_xcalloc((size_t)(e->prog->nvars > 0 ? e->prog->nvars : 1), sizeof(bool));
		e->rvars = gmp_xcalloc((size_t)(e->prog->nvars > 0 ? e->prog->nvars : 1), sizeof(*e->rvars));
	}
	return e->race_state;
}

/* vc_find: the index of slot s in c, or where it would go (-1 - index). */
static int vc_find(const vclock_t *c, int32_t s)
{
	int lo = 0, hi = c->n;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (c->v[mid].slot < s)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < c->n && c->v[lo].slot == s ? lo : -1 - lo;
}

static uint32_t vc_get(const vclock_t *c, int32_t s)
{
	int i = vc_find(c, s);
	return i >= 0 ? c->v[i].t : 0;
}

/* vc_reserve makes room for want entries. */
static void vc_reserve(vclock_t *c, int want)
{
	if (c->cap >= want)
		return;
	int cap = c->cap ? c->cap : 2;
	while (cap < want)
		cap *= 2;
	c->v = gmp_xrealloc(c->v, sizeof(vcent_t) * (size_t)cap);
	c->cap = cap;
}

static void vc_set(vclock_t *c, int32_t s, uint32_t t)
{
	int i = vc_find(c, s);
	if (i >= 0) {
		c->v[i].t = t;
		return;
	}
	i = -1 - i;
	vc_reserve(c, c->n + 1);
	memmove(&c->v[i + 1], &c->v[i], sizeof(vcent_t) * (size_t)(c->n - i));
	c->v[i] = (vcent_t){ s, t };
	c->n++;
}

/* vc_join: dst = max(dst, src), entry by entry (a merge of sorted lists). */
static void vc_join(vclock_t *dst, const vclock_t *src)
{
	int i = 0, j = 0, extra = 0;
	for (; j < src->n; j++) {   /* count the slots dst lacks */
		while (i < dst->n && dst->v[i].slot < src->v[j].slot)
			i++;
		if (i < dst->n && dst->v[i].slot == src->v[j].slot) {
			if (src->v[j].t > dst->v[i].t)
				dst->v[i].t = src->v[j].t;
		} else {
			extra++;
		}
	}
	if (extra == 0)
		return;
	vc_reserve(dst, dst->n + extra);
	/* merge from the back, in place */
	int k = dst->n + extra - 1;
	i = dst->n - 1;
	j = src->n - 1;
	while (j >= 0) {
		if (i >= 0 && dst->v[i].slot > src->v[j].slot) {
			dst->v[k--] = dst->v[i--];
		} else if (i >= 0 && dst->v[i].slot == src->v[j].slot) {
			dst->v[k--] = dst->v[i--];   /* already the max */
			j--;
		} else {
			dst->v[k--] = src->v[j--];
		}
	}
	dst->n += extra;
}

/* charge adds a join of n entries to gmpscope's own budget: one step per
 * RACE_JOIN_STEP entries, so a program whose clocks grow with the square of
 * its goroutines (all through one mutex) uses up its events, and its
 * footprint is looked at, as fast as its work grows. */
#define RACE_JOIN_STEP 16
static void charge(gmp_engine *e, int n)
{
	e->nsteps += (uint64_t)n / RACE_JOIN_STEP;
	if (e->nsteps >= e->budget_next)
		budget_check(e);
}

static void vc_copy(vclock_t *dst, const vclock_t *src)
{
	dst->n = dst->cap = src->n;
	dst->v = src->n ? gmp_xmalloc(sizeof(vcent_t) * (size_t)src->n) : NULL;
	if (src->n)
		memcpy(dst->v, src->v, sizeof(vcent_t) * (size_t)src->n);
}

/* slot returns gi's clock slot, creating its clock on first use. */
static int slot(gmp_engine *e, int32_t gi)
{
	g_t *gp = G(e, gi);
	if (g_race(e, gp) != NIL)
		return g_race(e, gp);
	int s = e->nrclocks++;
	e->rclocks = gmp_xrealloc(e->rclocks, sizeof(race_clock_t) * (size_t)e->nrclocks);
	e->rclocks[s].vc = (vclock_t){ NULL, 0, 0 };
	e->rclocks[s].goid = gp->goid;   /* names the other side of a race, even after it exited */
	vc_set(&e->rclocks[s].vc, s, 1);
	g_ext(e, gp)->race = s;
	return s;
}

/* tick advances slot s's own entry of its clock. */
static void tick(gmp_engine *e, int s)
{
	vclock_t *c = &e->rclocks[s].vc;
	vc_set(c, s, vc_get(c, s) + 1);
}

static rsync_t *obj(gmp_engine *e, int o)
{
	rstate_t *r = rs(e);
	for (rsync_t *x = r->objs; x; x = x->next)
		if (x->obj == o)
			return x;
	rsync_t *x = gmp_xcalloc(1, sizeof *x);
	x->obj = o;
	x->next = r->objs;
	r->objs = x;
	r->nobjs++;
	return x;
}

/* race_release: gi's past happens-before whoever later acquires o. */
void race_release(gmp_engine *e, int32_t gi, int o)
{
	int s = slot(e, gi);
	rsync_t *x = obj(e, o);
	vc_join(&x->vc, &e->rclocks[s].vc);
	tick(e, s);
	charge(e, e->rclocks[s].vc.n);
}

void race_acquire(gmp_engine *e, int32_t gi, int o)
{
	int s = slot(e, gi);
	rsync_t *x = obj(e, o);
	vc_join(&e->rclocks[s].vc, &x->vc);
	charge(e, x->vc.n);
}

/* race_fork: the `go` statement orders the parent's past before the child.
 * Before Go 1.19 the race runtime cannot hold more than RACE_MAX_ALIVE
 * goroutines: the one past it ends the process (racegostart). */
void race_fork(gmp_engine *e, int32_t parent, int32_t child)
{
	if (e->cfg.go_minor < 19 && e->nlive > RACE_MAX_ALIVE) {
		engine_fatal_status(e, EV_FATAL,
		                    "race: limit on 8128 simultaneously alive goroutines is exceeded, dying",
		                    RACE_EXIT_CODE);
		return;
	}
	int ps = slot(e, parent);
	int cs = slot(e, child);
	vc_join(&e->rclocks[cs].vc, &e->rclocks[ps].vc);
	tick(e, ps);
	charge(e, e->rclocks[ps].vc.n);
}

/* race_access checks a load or store of var by gi. */
void race_access(gmp_engine *e, int32_t gi, int var, bool write, bool atomic)
{
	rstate_t *r = rs(e);
	if (atomic) {
		race_acquire(e, gi, (3 << 20) + var);
		race_release(e, gi, (3 << 20) + var);
		return;
	}
	int s = slot(e, gi);
	const vclock_t *c = &e->rclocks[s].vc;
	struct race_var *v = &e->rvars[var];
	bool racy = false;
	int other = -1;
	/* the last write must happen before any access */
	if (v->written && v->wg != s && vc_get(c, v->wg) < v->wt) {
		racy = true;
		other = v->wg;
	}
	if (write) {
		for (int i = 0; i < v->reads.n && !racy; i++) {
			const vcent_t *rd = &v->reads.v[i];
			if (rd->slot != s && vc_get(c, rd->slot) < rd->t) {
				racy = true;
				other = rd->slot;
			}
		}
		v->written = true;
		v->wt = vc_get(c, s);
		v->wg = s;
	} else {
		vc_set(&v->reads, s, vc_get(c, s));
	}
	if (racy && !r->reported[var]) {
		r->reported[var] = true;
		e->mt.races++;
		int og = e->rclocks[other].goid;
		gmp_event *ev = trace_emit(e, EV_RACE, -1, -1, G(e, gi)->goid, -1, og);
		ev->aux2 = var;
	}
}

/* race_footprint: the detector's bytes, for the engine's own budget. */
int64_t race_footprint(const gmp_engine *e)
{
	int64_t b = (int64_t)e->nrclocks * (int64_t)sizeof(race_clock_t);
	for (int i = 0; i < e->nrclocks; i++)
		b += (int64_t)e->rclocks[i].vc.cap * (int64_t)sizeof(vcent_t);
	const rstate_t *r = e->race_state;
	if (!r)
		return b;
	for (const rsync_t *x = r->objs; x; x = x->next)
		b += (int64_t)sizeof *x + (int64_t)x->vc.cap * (int64_t)sizeof(vcent_t);
	for (int i = 0; i < e->prog->nvars; i++)
		b += (int64_t)sizeof(struct race_var) + (int64_t)e->rvars[i].reads.cap * (int64_t)sizeof(vcent_t);
	return b;
}

void race_free(gmp_engine *e)
{
	rstate_t *r = e->race_state;
	for (int i = 0; i < e->nrclocks; i++)
		free(e->rclocks[i].vc.v);
	free(e->rclocks);
	if (e->rvars) {
		for (int i = 0; i < e->prog->nvars; i++)
			free(e->rvars[i].reads.v);
		free(e->rvars);
	}
	if (r) {
		for (rsync_t *x = r->objs, *nx; x; x = nx) {
			nx = x->next;
			free(x->vc.v);
			free(x);
		}
		free(r->reported);
		free(r);
	}
	e->race_state = NULL;
	e->rclocks = NULL;
	e->rvars = NULL;
	e->nrclocks = 0;
}

/* race_clone deep-copies the detector's state from s into e (engine_clone). */
void race_clone(gmp_engine *e, const gmp_engine *s)
{
	e->race_state = NULL;
	e->rclocks = NULL;
	e->rvars = NULL;
	e->nrclocks = s->nrclocks;
	/* goroutines' clocks exist as soon as a `go` or a sync op made them,
	 * before any shared variable was touched */
	if (s->nrclocks > 0) {
		e->rclocks = gmp_xmalloc(sizeof(race_clock_t) * (size_t)s->nrclocks);
		for (int i = 0; i < s->nrclocks; i++) {
			e->rclocks[i].goid = s->rclocks[i].goid;
			vc_copy(&e->rclocks[i].vc, &s->rclocks[i].vc);
		}
	}
	if (!s->race_state)
		return;
	rstate_t *src = s->race_state;
	rstate_t *r = gmp_xcalloc(1, sizeof *r);
	int nv = s->prog->nvars > 0 ? s->prog->nvars : 1;
	r->reported = gmp_xmalloc(sizeof(bool) * (size_t)nv);
	memcpy(r->reported, src->reported, sizeof(bool) * (size_t)nv);
	r->nobjs = src->nobjs;
	rsync_t **tail = &r->objs;
	for (rsync_t *x = src->objs; x; x = x->next) {
		rsync_t *y = gmp_xcalloc(1, sizeof *y);
		y->obj = x->obj;
		vc_copy(&y->vc, &x->vc);
		*tail = y;
		tail = &y->next;
	}
	e->race_state = r;
	e->rvars = gmp_xcalloc((size_t)nv, sizeof(*e->rvars));
	for (int i = 0; i < s->prog->nvars; i++) {
		e->rvars[i] = s->rvars[i];
		vc_copy(&e->rvars[i].reads, &s->rvars[i].reads);
	}
}
