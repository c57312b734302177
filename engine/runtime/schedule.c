/*
 * schedule.c — one round of the scheduler, after runtime/proc.go: schedule()
 * and findRunnable() in the runtime's order (this P's timers, the global
 * queue every 61st tick, the local queue, the global queue, the netpoller,
 * stealing as a spinning M), execute(), and the M's phase machine (m_step)
 * that strings the rounds together in virtual time: the steal passes take
 * time, a spinner that found work stops spinning a moment later, and one
 * that found nothing re-checks the queues, releases its P and parks.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "sched.h"

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
	pp->run_start = e->now;
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
 * spinning M then stops spinning and, a moment later (checkRunqsNoP below),
 * looks at every run queue once more. The re-checks happen at different instants, as
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
		 * (the runtime's "delicate dance"): an atomic, then checkRunqsNoP */
		e->mt.sched_ns += cost + COST_ATOMIC;
		m_busy(e, mp, cost + COST_ATOMIC, PH_DROPPED);
		return;
	}
	park_or_poll(e, mp);
}

/* checkRunqsNoP: a former spinner, now without a P, looks at every
 * run queue once more before it sleeps. */
static void checkRunqsNoP(gmp_engine *e, m_t *mp)
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
		checkRunqsNoP(e, mp);
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
