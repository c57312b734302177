/*
 * proc.c — the scheduler proper, after runtime/proc.go.
 *
 * An M runs the scheduler when its G blocks, yields or exits: schedule()
 * calls findRunnable(), which looks, in the runtime's order, at this P's
 * expired timers, the global queue on every 61st tick, the local queue, the
 * global queue, the netpoller, and finally other Ps (stealing, as a spinning
 * M). An M that finds nothing releases its P, blocks in netpoll if timers or
 * network waiters exist and nobody else polls, and otherwise parks on the
 * idle list (stopm) — where checkdead() may find the program deadlocked.
 *
 * Threads are created on demand (newm) when startm finds no idle M; they are
 * never freed, except when a goroutine exits while locked to one (mexit).
 *
 * Simplification: the runtime's locks and atomics are not simulated, except
 * the sched lock, which is a resource with a "free at" time so that contention
 * on the global queue costs waiting time (sched_lock()).
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "sched.h"

/* jitter returns c ± 50% from the engine's PRNG. Real scheduler paths vary
 * with caches, branch prediction and interrupts; without this noise two
 * Ms can fall into a lock-step that real machines never keep up. */
int64_t jitter(gmp_engine *e, int64_t c)
{
	int64_t j = c / 2 + (int64_t)fastrandn(e, (uint32_t)c + 1);
	/* now and then the OS takes the CPU for a moment (a timer interrupt, a
	 * page fault): a few µs, about once in 500 scheduler passes */
	if (fastrandn(e, 500) == 0)
		j += 1 * US + (int64_t)fastrandn(e, 4 * US);
	return j;
}

/* sched_lock acquires the sched lock at time `at` for `hold` ns and returns
 * the CPU the caller spends: waiting for the holder plus holding it. */
int64_t sched_lock(gmp_engine *e, int64_t at, int64_t hold)
{
	int64_t start = at > e->sched_lock_free ? at : e->sched_lock_free;
	e->sched_lock_free = start + hold;
	return start - at + hold;
}

/* seg_open starts a new piece of pp's timeline (closing the open one). */
void seg_open(gmp_engine *e, p_t *pp, int kind, int32_t g)
{
	if (pp->nseg > 0) {
		gmp_segment *s = &pp->seg[(pp->nseg - 1) % GMP_SEGMENTS];
		if (s->t1 < 0) {
			if (s->kind == kind && s->g == g)
				return;
			s->t1 = e->now;
			if (s->t1 == s->t0) {   /* empty: reuse the slot */
				s->kind = (uint8_t)kind; s->g = g; s->t1 = -1;
				return;
			}
		}
	}
	gmp_segment *s = &pp->seg[pp->nseg % GMP_SEGMENTS];
	s->t0 = e->now;
	s->t1 = -1;
	s->g = g;
	s->kind = (uint8_t)kind;
	pp->nseg++;
}


/* m_busy makes mp busy on a CPU for ns, then m_step runs phase `next`. If the
 * M has no CPU it queues for one (cpu.c). */
void m_busy(gmp_engine *e, m_t *mp, int64_t ns, m_phase next)
{
	mp->phase = (uint8_t)next;
	mp->busy_left = ns;
	mp->gen++;
	if (mp->oncpu) {
		mp->act_start = e->now;
		mp->busy_end = e->now + ns;
		tev_push(e, mp->busy_end, TE_M, mp->id, mp->gen);
	} else {
		cpu_want(e, mp);
	}
}

/* m_block takes mp off its CPU: it waits for something (phase says what). */
void m_block(gmp_engine *e, m_t *mp, m_phase ph)
{
	mp->phase = (uint8_t)ph;
	mp->gen++;
	mp->busy_left = 0;
	cpu_release(e, mp);
}

/* m_wake makes a blocked M runnable after delay ns (futex wake, clone...). */
void m_wake(gmp_engine *e, m_t *mp, int64_t delay, m_phase ph)
{
	mp->phase = (uint8_t)ph;
	mp->gen++;
	mp->busy_left = 0;
	tev_push(e, e->now + delay, TE_M, mp->id, mp->gen);
}

/* g_setstatus is casgstatus: it keeps the per-state and per-reason counts. */
void g_setstatus(gmp_engine *e, g_t *gp, gmp_gstatus st, gmp_waitreason why)
{
	if (gp->status == G_WAITING)
		e->wcount[gp->waitreason]--;
	e->gcount[gp->status]--;
	gp->status = (uint8_t)st;
	gp->waitreason = (uint8_t)(st == G_WAITING ? why : WAIT_NONE);
	e->gcount[st]++;
	if (st == G_WAITING)
		e->wcount[gp->waitreason]++;
}

/* --- goroutines --------------------------------------------------------- */

static int32_t galloc(gmp_engine *e)
{
	int32_t gi = e->gfree;
	if (gi != NIL) {
		e->gfree = G(e, gi)->schedlink;
		return gi;
	}
	SLAB_GROW(e->gs);
	return e->gs.n++;
}

/* newproc creates a goroutine running fn and puts it in the current P's
 * runnext (parent NIL: runtime.main's own G). */
int32_t newproc(gmp_engine *e, int fn, int arg, int32_t parent)
{
	bool reused = e->gfree != NIL;
	int32_t gi = galloc(e);
	g_t *gp = G(e, gi);
	if (reused)
		e->gcount[G_DEAD]--;   /* a reused slot (gfget) */
	memset(gp, 0, sizeof *gp);
	gp->ext = NIL;
	gp->goid = ++e->ngoid;
	gp->status = G_IDLE;
	e->gcount[G_IDLE]++;
	gp->fn = gp->entry = (uint16_t)fn;
	gp->m = gp->schedlink = NIL;
	gp->arg = arg;
	gp->work_left = -1;
	gp->runnable_since = -1;
	g_set_item_time(e, gp, e->now);
	gp->sel = -1;
	e->nlive++;
	e->stack_bytes += STACK_MIN;
	e->mt.spawns++;
	e->mt.allocs++;
	if (e->nlive > e->mt.goroutines_peak)
		e->mt.goroutines_peak = e->nlive;
	if (e->stack_bytes > e->mt.stack_bytes_peak)
		e->mt.stack_bytes_peak = e->stack_bytes;
	if (parent != NIL) {
		m_t *mp = M(e, G(e, parent)->m);
		p_t *pp = P(e, mp->p);
		runqput(e, pp, gi, true);
		gmp_event *ev = trace_emit(e, EV_SPAWN, pp->id, mp->id, gp->goid, -1, 0);
		ev->aux = fn;
		if (e->cfg.race)
			race_fork(e, parent, gi);
		wakep(e);
		gc_maybe(e);
	}
	return gi;
}

/* goexit0 finishes gi on mp (deferred calls already ran). */
void goexit0(gmp_engine *e, m_t *mp, int32_t gi)
{
	g_t *gp = G(e, gi);
	bool locked = g_lockedm(e, gp) != NIL;
	gmp_event *ev = trace_emit(e, EV_GOEXIT, mp->p, mp->id, gp->goid, -1, 0);
	ev->aux = gp->entry;
	g_setstatus(e, gp, G_DEAD, WAIT_NONE);
	gp->m = NIL;
	g_ext_free(e, gp);
	mp->curg = NIL;
	mp->lockedg = NIL;
	e->nlive--;
	e->stack_bytes -= STACK_MIN;
	e->stack_garbage += STACK_MIN;
	if (gi == e->main_g)
		e->main_g = NIL;
	if (mp->p != NIL)
		seg_open(e, P(e, mp->p), 5, -1);
	/* gfput: the slot is reused; its stack is garbage until the next GC */
	gp->schedlink = e->gfree;
	e->gfree = gi;
	if (locked) {
		mexit(e, mp, gp->goid);
		return;
	}
	e->mt.sched_ns += COST_GOEXIT;
	m_busy(e, mp, COST_GOEXIT, PH_SCHED);
}

/* gopark parks gi, running on mp, for reason `why`; the M then schedules. */
void gopark(gmp_engine *e, m_t *mp, int32_t gi, gmp_waitreason why)
{
	g_t *gp = G(e, gi);
	g_setstatus(e, gp, G_WAITING, why);
	gp->parkgen++;
	gp->m = NIL;
	mp->curg = NIL;
	gmp_event *ev = trace_emit(e, EV_PARK, mp->p, mp->id, gp->goid, -1, 0);
	ev->aux = gp->entry;
	ev->aux2 = why;
	if (mp->p != NIL)
		seg_open(e, P(e, mp->p), 5, -1);
	e->mt.sched_ns += COST_PARK;
	m_busy(e, mp, COST_PARK, PH_SCHED);
}

/* goready makes a parked gi runnable in onto's runnext (the waker's P), or on
 * the global queue when the waker has no P; then wakep. */
void goready(gmp_engine *e, int32_t gi, p_t *onto)
{
	g_t *gp = G(e, gi);
	gp->parkgen++;
	if (onto != NULL)
		runqput(e, onto, gi, true);
	else
		globrunqput(e, gi);
	gmp_event *ev = trace_emit(e, EV_READY, onto ? onto->id : -1, -1, gp->goid, -1, 0);
	ev->aux = gp->entry;
	wakep(e);
}

/* gosched puts mp's G at the tail of the global queue (goschedImpl). From
 * Go 1.22 it also wakes an idle P; before, the yielded G waits for a P that
 * looks at the global queue. preempted: this is gopreempt_m. */
void gosched(gmp_engine *e, m_t *mp, bool preempted)
{
	int32_t gi = mp->curg;
	g_t *gp = G(e, gi);
	g_setstatus(e, gp, G_RUNNABLE, WAIT_NONE);
	gp->m = NIL;
	gp->preempt = 0;
	mp->curg = NIL;
	int64_t cost = COST_GOSCHED + sched_lock(e, e->now, jitter(e, COST_GLOBRUNQ_HOLD));
	globrunqput(e, gi);
	bool wake = go_at_least(e, 22);
	gmp_event *ev = trace_emit(e, preempted ? EV_PREEMPTED : EV_GOSCHED, mp->p, mp->id, gp->goid, -1, 0);
	ev->aux = gp->entry;
	ev->aux2 = wake && e->npidle > 0 && e->nmspinning == 0;
	if (preempted)
		e->mt.preempted++;
	else
		e->mt.gosched_calls++;
	/* a yield in a retry loop that found nothing: the yield and the
	 * scheduling pass it causes are wasted CPU */
	mp->waste_sched = !preempted && (gp->iterflags & IT_POLL_FAILED) && !(gp->iterflags & IT_PROGRESS);
	if (mp->waste_sched)
		e->mt.cpu_wasted_ns += cost;
	if (mp->p != NIL)
		seg_open(e, P(e, mp->p), 5, -1);
	if (wake)
		wakep(e);
	e->mt.sched_ns += cost;
	m_busy(e, mp, cost, PH_SCHED);
}

/* goyield puts mp's G at the tail of its P's local queue and schedules: the
 * runtime's internal yield, used when a starving Mutex hands itself over so
 * that the waiter (now in runnext) runs at once. */
void goyield(gmp_engine *e, m_t *mp)
{
	int32_t gi = mp->curg;
	g_t *gp = G(e, gi);
	gp->m = NIL;
	mp->curg = NIL;
	runqput(e, P(e, mp->p), gi, false);
	seg_open(e, P(e, mp->p), 5, -1);
	e->mt.sched_ns += COST_GOSCHED;
	m_busy(e, mp, COST_GOSCHED, PH_SCHED);
}

/* --- schedule ----------------------------------------------------------- */

static void execute(gmp_engine *e, m_t *mp, int32_t gi, bool inherit, int64_t cost)
{
	g_t *gp = G(e, gi);
	p_t *pp = P(e, mp->p);
	int64_t waited = gp->runnable_since >= 0 ? e->now - gp->runnable_since : 0;
	if (waited > e->mt.starved_max)
		e->mt.starved_max = waited;
	gp->runnable_since = -1;
	g_setstatus(e, gp, G_RUNNING, WAIT_NONE);
	gp->m = mp->id;
	gp->preempt = 0;
	mp->curg = gi;
	if (!inherit) {
		pp->schedtick++;
		pp->slice_start = e->now;
	}
	gmp_event *ev = trace_emit(e, EV_EXECUTE, pp->id, mp->id, gp->goid, -1, 0);
	ev->aux = gp->entry;
	ev->aux2 = inherit ? 1 : 0;
	seg_open(e, pp, 1, gp->goid);
	e->mt.sched_ns += cost;
	if (mp->waste_sched) {   /* minus the spinning already counted */
		e->mt.cpu_wasted_ns += cost - mp->cost_wasted;
		mp->waste_sched = false;
	}
	mp->cost_wasted = 0;
	m_busy(e, mp, cost, PH_EXEC);
}

static void resetspinning(gmp_engine *e, m_t *mp)
{
	mp->spinning = false;
	e->nmspinning--;
	wakep(e);
}

#define STEAL_WAIT (-2)

/* stealWork: 4 passes over the Ps in a random order; the last pass also runs
 * the victims' timers and may take runnext. *cost accumulates CPU. */
static int32_t stealWork(gmp_engine *e, m_t *mp, int64_t *cost)
{
	p_t *pp = P(e, mp->p);
	int np = e->gomaxprocs;
	for (int pass = 0; pass < 4; pass++) {
		bool last = pass == 3;
		uint32_t start = fastrandn(e, (uint32_t)np);
		/* stride coprime to np (randomOrder) */
		uint32_t stride = 1;
		for (uint32_t s = 1 + fastrandn(e, (uint32_t)np); s <= (uint32_t)np * 2; s++) {
			uint32_t a = s, b = (uint32_t)np;
			while (b) { uint32_t t = a % b; a = b; b = t; }
			if (a == 1) { stride = s; break; }
		}
		for (int i = 0; i < np; i++) {
			p_t *vp = P(e, (int32_t)((start + (uint32_t)i * stride) % (uint32_t)np));
			if (vp == pp)
				continue;
			/* the last pass runs the victim's expired timers, idle or not */
			if (last && vp->ntimers > 0 && timers_next(e, vp) <= e->now) {
				timers_run(e, vp, pp);
				bool inh;
				int32_t gi = runqget(e, pp, &inh);
				if (gi != NIL)
					return gi;
			}
			if (vp->onidle)   /* idlepMask: don't bother stealing from idle Ps */
				continue;
			*cost += COST_STEAL_TRY;
			if (last && runqlen(vp) == 0 && vp->runnext != NIL && vp->status == P_RUNNING) {
				/* runqgrab: sleep 3 µs first so that the owner can run the
				 * G it just readied; steal it only if it is still there */
				mp->stealnext_p = vp->id;
				mp->stealnext_g = vp->runnext;
				return STEAL_WAIT;
			}
			int n = 0;
			int32_t gi = runqsteal(e, pp, vp, last, &n);
			if (gi != NIL) {
				e->mt.steals++;
				e->mt.stolen += n;
				trace_emit(e, EV_STEAL, pp->id, mp->id, G(e, gi)->goid, vp->id, n);
				return gi;
			}
		}
	}
	return NIL;
}

/* findRunnable looks for a G to run on mp's P, in the runtime's order. On
 * failure it has arranged mp's next activity and returns NIL. */
static int32_t findRunnable(gmp_engine *e, m_t *mp, bool *inherit, int64_t *cost)
{
	p_t *pp = P(e, mp->p);
	*inherit = false;
	/* 2. this P's expired timers */
	if (pp->ntimers > 0 && timers_next(e, pp) <= e->now)
		timers_run(e, pp, pp);
	/* 5. every 61st tick, the global queue first (fairness) */
	if (pp->schedtick % 61 == 0 && e->runqsize > 0) {
		*cost += sched_lock(e, e->now, COST_GLOBRUNQ_HOLD);
		int32_t gi = globrunqget(e, pp, false);
		if (gi != NIL)
			return gi;
	}
	/* 7. local queue */
	*cost += COST_RUNQGET;
	int32_t gi = runqget(e, pp, inherit);
	if (gi != NIL)
		return gi;
	/* 8. global queue, a batch */
	if (e->runqsize > 0) {
		*cost += sched_lock(e, e->now, COST_GLOBRUNQ_HOLD);
		gi = globrunqget(e, pp, true);
		if (gi != NIL)
			return gi;
	}
	/* 9. non-blocking netpoll */
	if (e->nnetready > 0 && e->lastpoll != 0) {
		*cost += COST_NETPOLL;
		e->lastpoll = e->now;
		injectglist(e, mp);
		gi = runqget(e, pp, inherit);
		if (gi != NIL)
			return gi;
	}
	/* 10. steal, if we spin already or fewer than half the busy Ps spin */
	if (mp->spinning || 2 * e->nmspinning < e->gomaxprocs - e->npidle) {
		if (!mp->spinning) {
			mp->spinning = true;
			e->nmspinning++;
			e->needspinning = false;
			trace_emit(e, EV_SPINNING, pp->id, mp->id, -1, -1, 0);
		}
		/* the steal passes take time; meanwhile this M counts as
		 * spinning, which other Ms see (at most half the busy Ps spin) */
		int busy = e->gomaxprocs - e->npidle - 1;
		int64_t c = COST_STEAL_TRY * 4 * (busy > 0 ? busy : 1);
		e->mt.cpu_wasted_ns += c;
		e->mt.sched_ns += *cost + c;
		seg_open(e, pp, 4, -1);
		m_busy(e, mp, *cost + c, PH_STEAL);
		return NIL;
	}
	e->mt.sched_ns += *cost;
	m_busy(e, mp, *cost, PH_SPINFAIL);
	return NIL;
}

void spin_reset_due(gmp_engine *e, m_t *mp)
{
	if (!mp->spin_reset)
		return;
	mp->spin_reset = false;
	if (mp->spinning)
		resetspinning(e, mp);
}

/* run_found runs the G that findRunnable found. A spinning M stays counted
 * in nmspinning until schedule() is done with it (the runtime's
 * resetspinning comes after findRunnable returns): meanwhile another M may
 * see a spinner, not steal, and park, and the wakep of our resetspinning
 * may come before its P is idle -- then nobody wakes that P. */
static void run_found(gmp_engine *e, m_t *mp, int32_t gi, bool inherit, int64_t cost)
{
	int32_t lm = g_lockedm(e, G(e, gi));
	if (lm != NIL && lm != mp->id) {
		if (mp->spinning)
			resetspinning(e, mp);
		e->mt.sched_ns += cost;
		startlockedm(e, mp, gi);
		return;
	}
	if (mp->spinning) {
		mp->spin_reset = true;
		tev_push(e, e->now + COST_RESETSPIN, TE_RESETSPIN, mp->id, 0);
	}
	execute(e, mp, gi, inherit, cost);
}

/* schedule finds a runnable G for mp and runs it. */
void schedule(gmp_engine *e, m_t *mp)
{
	if (mp->lockedg != NIL) {
		stoplockedm(e, mp);
		return;
	}
	if (mp->p == NIL) {  /* no P (e.g. after a slow syscall exit): park */
		stopm(e, mp);
		return;
	}
	int64_t cost = jitter(e, COST_SCHEDULE);
	bool inherit = false;
	mp->cost_wasted = 0;
	int32_t gi = findRunnable(e, mp, &inherit, &cost);
	if (gi == NIL)
		return;
	run_found(e, mp, gi, inherit, cost);
}

static bool any_runq_work(gmp_engine *e)
{
	for (int i = 0; i < e->gomaxprocs; i++)
		if (!runqempty(P(e, i)))
			return true;
	return false;
}

/* park_or_poll: an M without a P blocks in netpoll until the next timer or
 * socket, or parks on the idle list. */
static void park_or_poll(gmp_engine *e, m_t *mp)
{
	int64_t until = timers_next_all(e);
	if ((e->nnetwait > 0 || until != INT64_MAX) && e->lastpoll != 0) {
		/* block in netpoll until the next timer or a socket is ready */
		e->lastpoll = 0;
		e->netpoll_m = mp->id;
		mp->pollUntil = until;
		m_block(e, mp, PH_NETPOLL);
		if (e->nnetready > 0)
			tev_push(e, e->now + LAT_FUTEX_WAKE, TE_TIMERWAKE, mp->id, mp->gen);
		else if (until != INT64_MAX)
			tev_push(e, until > e->now ? until : e->now, TE_TIMERWAKE, mp->id, mp->gen);
		return;
	}
	stopm(e, mp);
}

/* spinfail is findRunnable's tail: nothing was found (and the spin's CPU has
 * passed). Re-check the global queue under the lock and release the P; a
 * spinning M then stops spinning and, a moment later (dropm below), looks at
 * every run queue once more. The re-checks happen at different instants, as
 * on a real CPU: work that moves between queues in between can slip past
 * both, and the M parks although a G is runnable. */
static void spinfail(gmp_engine *e, m_t *mp)
{
	p_t *pp = P(e, mp->p);
	if (!runqempty(pp) || e->runqsize > 0 || (pp->ntimers > 0 && timers_next(e, pp) <= e->now) ||
	    (e->nnetready > 0 && e->lastpoll != 0)) {
		schedule(e, mp);
		return;
	}
	int64_t cost = sched_lock(e, e->now, COST_GLOBRUNQ_HOLD);
	int32_t pi = releasep(e, mp);
	pidleput(e, pi);
	if (mp->spinning) {
		mp->spinning = false;
		e->nmspinning--;
		trace_emit(e, EV_SPIN_STOP, pi, mp->id, -1, -1, 0);
		/* the decrement must be visible before the queues are read again
		 * (the runtime's "delicate dance"): an atomic, then dropm */
		e->mt.sched_ns += cost + COST_ATOMIC;
		m_busy(e, mp, cost + COST_ATOMIC, PH_DROPPED);
		return;
	}
	park_or_poll(e, mp);
}

/* dropm is checkRunqsNoP: a former spinner, now without a P, looks at every
 * run queue once more before it sleeps. */
static void dropm(gmp_engine *e, m_t *mp)
{
	if (any_runq_work(e) || e->runqsize > 0) {
		int32_t p2 = pidleget(e);
		if (p2 != NIL) {
			acquirep(e, mp, p2);
			mp->spinning = true;
			e->nmspinning++;
			trace_emit(e, EV_SPINNING, p2, mp->id, -1, -1, 0);
			schedule(e, mp);
			return;
		}
	}
	park_or_poll(e, mp);
}

/* m_step runs mp's next phase; mp holds a CPU. */
void m_step(gmp_engine *e, m_t *mp)
{
	if (e->state != RUN_RUNNING)
		return;
	switch ((m_phase)mp->phase) {
	case PH_EXEC:
		exec_run(e, mp);
		break;
	case PH_SCHED:
		schedule(e, mp);
		break;
	case PH_SPINFAIL:
		spinfail(e, mp);
		break;
	case PH_DROPPED:
		dropm(e, mp);
		break;
	case PH_STEAL: {
		/* the steal passes are done: what did they find? */
		int64_t cost = 0;
		int32_t gi = stealWork(e, mp, &cost);
		if (gi == STEAL_WAIT) {
			m_busy(e, mp, LAT_RUNNEXT_STEAL, PH_STEALNEXT);
			break;
		}
		if (gi == NIL) {
			spinfail(e, mp);
			break;
		}
		/* the passes' CPU was charged up front (PH_STEAL) */
		run_found(e, mp, gi, false, 0);
		break;
	}
	case PH_STEALNEXT: {
		/* after the 3 µs sleep: is the victim's runnext still there? */
		p_t *vp = P(e, mp->stealnext_p);
		int32_t gi = mp->stealnext_g;
		if (vp->runnext == gi && gi != NIL) {
			vp->runnext = NIL;
			e->mt.steals++;
			e->mt.stolen++;
			trace_emit(e, EV_STEAL, mp->p, mp->id, G(e, gi)->goid, vp->id, 1);
			run_found(e, mp, gi, false, COST_STEAL_TRY);
			break;
		}
		spinfail(e, mp);
		break;
	}
	case PH_START: {
		int32_t pi = mp->nextp;
		mp->nextp = NIL;
		if (pi == NIL) {
			stopm(e, mp);
			break;
		}
		acquirep(e, mp, pi);
		if (mp->spinning)
			trace_emit(e, EV_SPINNING, pi, mp->id, -1, -1, 0);
		schedule(e, mp);
		break;
	}
	case PH_LOCKIDLE: {
		/* startlockedm handed us a P: run our locked G */
		int32_t pi = mp->nextp;
		mp->nextp = NIL;
		acquirep(e, mp, pi);
		int32_t gi = mp->curg;
		mp->curg = NIL;
		execute(e, mp, gi, false, COST_SCHEDULE);
		break;
	}
	case PH_SYSCALL:
		m_busy(e, mp, COST_SYSCALL / 2, PH_SYSRET);
		break;
	case PH_SYSRET:
		exitsyscall(e, mp);
		break;
	case PH_NETPOLL:
		netpoll_return(e, mp);
		break;
	case PH_IDLE:
	case PH_DEAD:
	case PH_NONE:
		break;
	}
}

/* --- the end of a program ----------------------------------------------- */

static void run_over(gmp_engine *e, gmp_runstate st)
{
	e->state = st;
	e->mt.end_time = e->now;
	e->mt.leaked_at_exit = e->nlive - (e->main_g != NIL ? 1 : 0);
	cpu_account(e);
}

void engine_fatal_error(gmp_engine *e, gmp_evkind k, const char *msg)
{
	if (e->state != RUN_RUNNING)
		return;
	snprintf(e->fatal, sizeof e->fatal, "%s", msg);
	e->exit_code = 2;
	if (k == EV_DEADLOCK)
		e->mt.deadlock = 1;
	trace_emit(e, k, -1, -1, -1, -1, 2);
	run_over(e, RUN_FATAL);
}

void engine_exit(gmp_engine *e, int code)
{
	if (e->state != RUN_RUNNING)
		return;
	e->exit_code = code;
	trace_emit(e, EV_EXIT, -1, -1, -1, -1, code);
	run_over(e, RUN_EXITED);
}

/* checkdead reports a deadlock when no M is running: every thread is idle,
 * locked-idle or a system thread. Ms in syscalls or netpoll count as
 * running, so waits on sockets or C never trigger it; a pending timer
 * silences it too. */
void checkdead(gmp_engine *e)
{
	if (e->state != RUN_RUNNING)
		return;
	int run = e->mcount - e->nmidle - e->nmidlelocked - e->nmsys;
	if (run > 0)
		return;
	if (e->gcount[G_WAITING] == 0) {
		engine_fatal_error(e, EV_DEADLOCK, "fatal error: no goroutines (main called runtime.Goexit) - deadlock!");
		return;
	}
	if (timers_any(e))
		return;
	engine_fatal_error(e, EV_DEADLOCK, "fatal error: all goroutines are asleep - deadlock!");
}
