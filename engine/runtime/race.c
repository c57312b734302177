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
 * Simplification: per variable we remember the last write and the last read
 * of each goroutine (FastTrack keeps epochs; the verdicts are the same here).
 */
#include <stdlib.h>
#include <string.h>

#include "race.h"
#include "sched.h"
#include "trace.h"

typedef struct rsync { int obj; uint32_t *vc; int n; struct rsync *next; } rsync_t;

/* per-engine detector state hangs off e->rclocks; objects use a small list */
typedef struct rstate {
	rsync_t *objs;
	int32_t *gslot;   /* G slot -> clock slot, grown on demand */
	int ngslot;
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

static void vc_grow(uint32_t **vc, int *n, int want)
{
	if (*n >= want)
		return;
	*vc = gmp_xrealloc(*vc, sizeof(uint32_t) * (size_t)want);
	memset(*vc + *n, 0, sizeof(uint32_t) * (size_t)(want - *n));
	*n = want;
}

/* slot returns gi's clock slot, creating its clock on first use. */
static int slot(gmp_engine *e, int32_t gi)
{
	g_t *gp = G(e, gi);
	if (g_race(e, gp) != NIL)
		return g_race(e, gp);
	int s = e->nrclocks++;
	e->rclocks = gmp_xrealloc(e->rclocks, sizeof(race_clock_t) * (size_t)e->nrclocks);
	e->rclocks[s].vc = NULL;
	e->rclocks[s].n = 0;
	e->rclocks[s].goid = gp->goid;   /* names the other side of a race, even after it exited */
	vc_grow(&e->rclocks[s].vc, &e->rclocks[s].n, s + 1);
	e->rclocks[s].vc[s] = 1;
	g_ext(e, gp)->race = s;
	return s;
}

static void join(uint32_t **dst, int *dn, const uint32_t *src, int sn)
{
	vc_grow(dst, dn, sn);
	for (int i = 0; i < sn; i++)
		if (src[i] > (*dst)[i])
			(*dst)[i] = src[i];
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
	return x;
}

/* race_release: gi's past happens-before whoever later acquires o. */
void race_release(gmp_engine *e, int32_t gi, int o)
{
	int s = slot(e, gi);
	race_clock_t *c = &e->rclocks[s];
	rsync_t *x = obj(e, o);
	join(&x->vc, &x->n, c->vc, c->n);
	c->vc[s]++;
}

void race_acquire(gmp_engine *e, int32_t gi, int o)
{
	int s = slot(e, gi);
	rsync_t *x = obj(e, o);
	race_clock_t *c = &e->rclocks[s];
	join(&c->vc, &c->n, x->vc, x->n);
}

/* race_fork: the `go` statement orders the parent's past before the child. */
void race_fork(gmp_engine *e, int32_t parent, int32_t child)
{
	int ps = slot(e, parent);
	int cs = slot(e, child);
	race_clock_t *pc = &e->rclocks[ps], *cc = &e->rclocks[cs];
	join(&cc->vc, &cc->n, pc->vc, pc->n);
	pc->vc[ps]++;
}

static bool before(const race_clock_t *c, int s, uint32_t t)
{
	return s < c->n && c->vc[s] >= t;
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
	race_clock_t *c = &e->rclocks[s];
	struct race_var *v = &e->rvars[var];
	bool racy = false;
	int other = -1;
	/* the last write must happen before any access */
	if (v->wclk && v->wg != s && !before(c, v->wg, v->wclk[0])) {
		racy = true;
		other = v->wg;
	}
	if (write) {
		for (int i = 0; i < v->nr && !racy; i++)
			if (i != s && v->rclk[i] && !before(c, i, v->rclk[i])) {
				racy = true;
				other = i;
			}
		if (!v->wclk)
			v->wclk = gmp_xcalloc(1, sizeof(uint32_t));
		v->wclk[0] = c->vc[s];
		v->wg = s;
	} else {
		if (v->nr <= s) {
			v->rclk = gmp_xrealloc(v->rclk, sizeof(uint32_t) * (size_t)(s + 1));
			memset(v->rclk + v->nr, 0, sizeof(uint32_t) * (size_t)(s + 1 - v->nr));
			v->nr = s + 1;
		}
		v->rclk[s] = c->vc[s];
	}
	if (racy && !r->reported[var]) {
		r->reported[var] = true;
		e->mt.races++;
		int og = e->rclocks[other].goid;
		gmp_event *ev = trace_emit(e, EV_RACE, -1, -1, G(e, gi)->goid, -1, og);
		ev->aux2 = var;
	}
}

void race_free(gmp_engine *e)
{
	rstate_t *r = e->race_state;
	for (int i = 0; i < e->nrclocks; i++)
		free(e->rclocks[i].vc);
	free(e->rclocks);
	if (e->rvars) {
		for (int i = 0; i < e->prog->nvars; i++) {
			free(e->rvars[i].wclk);
			free(e->rvars[i].rclk);
		}
		free(e->rvars);
	}
	if (r) {
		for (rsync_t *x = r->objs, *nx; x; x = nx) {
			nx = x->next;
			free(x->vc);
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
			e->rclocks[i].n = s->rclocks[i].n;
			e->rclocks[i].goid = s->rclocks[i].goid;
			e->rclocks[i].vc = gmp_xmalloc(sizeof(uint32_t) * (size_t)(s->rclocks[i].n ? s->rclocks[i].n : 1));
			memcpy(e->rclocks[i].vc, s->rclocks[i].vc, sizeof(uint32_t) * (size_t)s->rclocks[i].n);
		}
	}
	if (!s->race_state)
		return;
	rstate_t *src = s->race_state;
	rstate_t *r = gmp_xcalloc(1, sizeof *r);
	int nv = s->prog->nvars > 0 ? s->prog->nvars : 1;
	r->reported = gmp_xmalloc(sizeof(bool) * (size_t)nv);
	memcpy(r->reported, src->reported, sizeof(bool) * (size_t)nv);
	rsync_t **tail = &r->objs;
	for (rsync_t *x = src->objs; x; x = x->next) {
		rsync_t *y = gmp_xcalloc(1, sizeof *y);
		y->obj = x->obj;
		y->n = x->n;
		y->vc = gmp_xmalloc(sizeof(uint32_t) * (size_t)(x->n ? x->n : 1));
		if (x->n)
			memcpy(y->vc, x->vc, sizeof(uint32_t) * (size_t)x->n);
		*tail = y;
		tail = &y->next;
	}
	e->race_state = r;
	e->rvars = gmp_xcalloc((size_t)nv, sizeof(*e->rvars));
	for (int i = 0; i < s->prog->nvars; i++) {
		e->rvars[i] = s->rvars[i];
		if (s->rvars[i].wclk) {
			e->rvars[i].wclk = gmp_xmalloc(sizeof(uint32_t));
			e->rvars[i].wclk[0] = s->rvars[i].wclk[0];
		}
		if (s->rvars[i].nr) {
			e->rvars[i].rclk = gmp_xmalloc(sizeof(uint32_t) * (size_t)s->rvars[i].nr);
			memcpy(e->rvars[i].rclk, s->rvars[i].rclk, sizeof(uint32_t) * (size_t)s->rvars[i].nr);
		}
	}
}
