/*
 * time.c — timers, after runtime/time.go.
 *
 * Since Go 1.14 each P keeps its timers in a 4-ary heap. Timers run only
 * when some M looks: findRunnable runs its own P's expired timers, the last
 * stealing pass runs other Ps', and an idle M blocks in netpoll until the
 * earliest timer. sysmon does not run timers, so while every P is busy a
 * timer fires only when its P next goes through the scheduler.
 *
 * time.After: up to Go 1.22 every call puts a timer in the heap that lives
 * until it fires, even if nobody waits any more. From Go 1.23 a channel timer
 * is in a heap only while a goroutine is blocked on it, so an abandoned one is
 * garbage at once (it is still allocated).
 */
#include <limits.h>
#include <stdio.h>

#include "timers.h"
#include "sched.h"
#include "chan.h"
#include "netpoll.h"
#include "proc.h"
#include "trace.h"

static void heap_swap(gmp_engine *e, p_t *pp, int i, int j)
{
	int32_t a = pp->timers[i], b = pp->timers[j];
	pp->timers[i] = b;
	pp->timers[j] = a;
	e->timers.v[b].idx = i;
	e->timers.v[a].idx = j;
}

static int64_t when_at(gmp_engine *e, p_t *pp, int i)
{
	return e->timers.v[pp->timers[i]].when;
}

static void sift_up(gmp_engine *e, p_t *pp, int i)
{
	while (i > 0) {
		int parent = (i - 1) / 4;
		if (when_at(e, pp, parent) <= when_at(e, pp, i))
			break;
		heap_swap(e, pp, i, parent);
		i = parent;
	}
}

static void sift_down(gmp_engine *e, p_t *pp, int i)
{
	for (;;) {
		int best = i;
		for (int c = 4 * i + 1; c <= 4 * i + 4 && c < pp->ntimers; c++)
			if (when_at(e, pp, c) < when_at(e, pp, best))
				best = c;
		if (best == i)
			return;
		heap_swap(e, pp, i, best);
		i = best;
	}
}

/* timer_new allocates a timer. gi >= 0: it readies gi (Sleep, select). */
int32_t timer_new(gmp_engine *e, int64_t when, int64_t period, int32_t ch, int32_t gi)
{
	int32_t ti = e->timer_free;
	if (ti != NIL) {
		e->timer_free = e->timers.v[ti].idx;
	} else {
		VEC_GROW(e->timers);
		ti = e->timers.n++;
	}
	timer_t_ *t = &e->timers.v[ti];
	t->when = when;
	t->period = period;
	t->ch = ch;
	t->g = gi;
	t->pp = NIL;
	t->idx = -1;
	t->ggen = gi >= 0 ? G(e, gi)->parkgen + 1 : 0;
	t->live = true;
	t->abandoned = false;
	t->heapobj = false;
	return ti;
}

/* timer_add puts ti in pp's heap and makes sure an M will notice it. */
void timer_add(gmp_engine *e, int32_t ti, p_t *pp)
{
	timer_t_ *t = &e->timers.v[ti];
	if (t->pp != NIL)
		return;
	if (pp->ntimers == pp->captimers) {
		size_t was = sizeof(int32_t) * (size_t)pp->captimers;
		pp->captimers = pp->captimers ? pp->captimers * 2 : 8;
		pp->timers = gmp_xgrow(pp->timers, was, sizeof(int32_t) * (size_t)pp->captimers);
	}
	t->pp = pp->id;
	t->idx = pp->ntimers;
	pp->timers[pp->ntimers++] = ti;
	sift_up(e, pp, t->idx);
	e->ntimers_live++;
	if (t->heapobj)
		e->mt.timer_bytes += TIMER_BYTES;
	if (e->ntimers_live > e->mt.timers_peak)
		e->mt.timers_peak = e->ntimers_live;
	if (pp->timers[0] == ti)
		wakeNetPoller(e, t->when);
}

/* timer_del removes ti from its heap, if it is in one. */
void timer_del(gmp_engine *e, int32_t ti)
{
	timer_t_ *t = &e->timers.v[ti];
	if (t->pp == NIL)
		return;
	p_t *pp = P(e, t->pp);
	int i = t->idx;
	int last = pp->ntimers - 1;
	if (i != last)
		heap_swap(e, pp, i, last);
	pp->ntimers--;
	if (i != last) {
		sift_down(e, pp, i);
		sift_up(e, pp, i);
	}
	t->pp = NIL;
	t->idx = -1;
	e->ntimers_live--;
	if (t->heapobj)
		e->mt.timer_bytes -= TIMER_BYTES;
}

/* timer_free releases ti; its memory is garbage until the next GC. */
void timer_free(gmp_engine *e, int32_t ti)
{
	timer_t_ *t = &e->timers.v[ti];
	timer_del(e, ti);
	if (!t->live)
		return;
	t->live = false;
	t->idx = e->timer_free;
	e->timer_free = ti;
}

/* fire runs one expired timer on behalf of runon's M. */
static void fire(gmp_engine *e, int32_t ti, p_t *runon)
{
	timer_t_ *t = &e->timers.v[ti];
	int goid = -1;
	if (t->g != NIL) {
		g_t *gp = G(e, t->g);
		if (gp->status == G_WAITING && gp->parkgen == t->ggen) {
			goid = gp->goid;
			gp->sel = t->ch >= 0 ? t->ch : SEL_DONE;   /* select: the after case index */
			if (g_seltimer(e, gp) == ti)
				g_set_seltimer(e, gp, NIL);
			goready(e, t->g, runon);
		}
		trace_emit(e, EV_TIMER_FIRED, runon->id, runon->m, goid, -1, 0);
		if (t->period == 0) {
			if (t->ch >= 0)   /* a time.After timer: its memory is garbage now */
				e->heap_garbage += TIMER_BYTES;
			timer_free(e, ti);
		}
		return;
	}
	if (t->ch == -2) {   /* an abandoned time.After (Go <= 1.22): nobody listens */
		e->heap_garbage += TIMER_BYTES;
		timer_free(e, ti);
		return;
	}
	trace_emit(e, EV_TIMER_FIRED, runon->id, runon->m, -1, -1, 0);
	if (t->ch >= 0)
		chan_timer_send(e, t->ch, runon);
	if (t->period > 0) {
		t->when += t->period;
		if (t->when <= e->now)   /* tickers drop missed ticks */
			t->when = e->now + t->period - (e->now - t->when) % t->period;
		timer_add(e, ti, P(e, t->pp == NIL ? runon->id : t->pp));
	}
}

/* timer_sift_cost: the CPU of taking the earliest of n timers off a heap
 * (dodeltimer0's siftdownTimer) beyond COST_TIMER: each level of the 4-ary
 * heap reads its children's `when` through pointers to timers scattered in
 * memory, and once the heap outgrows the caches those reads miss
 * (costs.h, COST_TIMER_COLD_DOUBLING). Integers only: the same everywhere. */
static int64_t timer_sift_cost(int n)
{
	if (n <= TIMER_COLD_FROM)
		return 0;
	int k = 31 - __builtin_clz((unsigned)n);   /* 2^k <= n < 2^(k+1) */
	int64_t c = (int64_t)COST_TIMER_COLD_DOUBLING * (k - TIMER_COLD_FROM_LOG2)
	          + (int64_t)COST_TIMER_COLD_DOUBLING * (n - (1 << k)) / (1 << k);
	return c < COST_TIMER_COLD_MAX ? c : COST_TIMER_COLD_MAX;
}

/* timers_run runs pp's expired timers; readied goroutines go to runon.
 * Adds their CPU to *cost. Returns the number fired. */
int timers_run(gmp_engine *e, p_t *pp, p_t *runon, int64_t *cost)
{
	int n = 0;
	while (pp->ntimers > 0 && when_at(e, pp, 0) <= e->now && e->state == RUN_RUNNING) {
		int32_t ti = pp->timers[0];
		*cost += timer_sift_cost(pp->ntimers);
		timer_del(e, ti);
		fire(e, ti, runon);
		n++;
	}
	return n;
}

int64_t timers_next(const gmp_engine *e, const p_t *pp)
{
	if (pp->ntimers == 0)
		return INT64_MAX;
	return e->timers.v[pp->timers[0]].when;
}

int64_t timers_next_all(const gmp_engine *e)
{
	int64_t best = INT64_MAX;
	for (int i = 0; i < e->gomaxprocs; i++) {
		int64_t w = timers_next(e, &e->ps[i]);
		if (w < best)
			best = w;
	}
	return best;
}

bool timers_any(const gmp_engine *e)
{
	return e->ntimers_live > 0;
}

/* timesleep parks gi until d from now (time.Sleep; the G's own timer, so no
 * allocation). */
void timesleep(gmp_engine *e, m_t *mp, int32_t gi, int64_t d)
{
	int32_t ti = timer_new(e, e->now + d, 0, NIL, gi);
	G(e, gi)->slept = e->now + d;
	timer_add(e, ti, P(e, mp->p));
	gopark(e, mp, gi, WAIT_SLEEP);
}
