/*
 * schedule.c — one round of the scheduler, after runtime/proc.go (Go 1.25):
 * schedule(), findRunnable() in the runtime's order, stealWork, execute(),
 * and the M's phase machine (m_step) that strings the rounds together in
 * virtual time.
 *
 * The runtime's findRunnable is one function that loops (`goto top`) and
 * blocks where it must (stopm, netpoll). Here an M cannot block inside a
 * function: virtual time passes only between events. So findRunnable is cut
 * where the runtime's takes time or sleeps, and each cut is a phase of the
 * M (runtime2.h's table maps every PH_* to its proc.go lines). Read top to
 * bottom, proc.go's findRunnable is, here:
 *
 *   in findRunnable (below), which takes no time of its own:
 *     pp.timers.check;
 *     "Check the global runnable queue once in a while to ensure fairness";
 *     "local runq"; "global runq" (globrunqgetbatch);
 *     "Poll network" (netpoll(0))
 *   "Spinning Ms: steal work from other Ps" -> PH_STEAL: stealWork; its
 *     runqgrab's usleep(3) before taking a running P's runnext -> PH_STEALNEXT
 *   "return P and block" (releasep, pidleput) -> PH_SPINFAIL: spinfail
 *   the "delicate dance": drop nmspinning, then checkRunqsNoP
 *     -> PH_DROPPED: checkRunqsNoP
 *   "Poll network until next timer" -> PH_NETPOLL (park_or_poll, netpoll.c)
 *   stopm -> PH_IDLE, and back with a P in m.nextp -> PH_START
 *
 * Not modelled, because the model has no GC workers, tracer, finalizers,
 * cgo yield hooks or wasm: gcstopm/runSafePointFn, the trace reader, the GC
 * mark worker and idle-priority marking (checkIdleGCNoP), the finalizer and
 * cleanup wake-ups, cgo_yield and beforeIdle. Every other simplification is
 * said where it is made.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "schedule.h"
#include "procresize.h"
#include "sched.h"
#include "cpu.h"
#include "event_heap.h"
#include "exec.h"
#include "mthread.h"
#include "mgc.h"
#include "netpoll.h"
#include "proc.h"
#include "rand.h"
#include "runq.h"
#include "noise.h"
#include "syscalls.h"
#include "timers.h"
#include "trace.h"

/* execute runs gi on mp (proc.go: execute): _Grunnable -> _Grunning, a new
 * time slice (schedtick++) unless it inherits the current one. `cost` is the
 * CPU of the scheduling pass that found gi, spent before gi runs (gogo). */
static void execute(gmp_engine *e, m_t *mp, int32_t gi, bool inherit, int64_t cost)
{
	g_t *gp = G(e, gi);
	p_t *pp = P(e, mp->p);
	GMP_CHECK(e, gp->status == G_RUNNABLE, mp, pp, "execute: G is not _Grunnable");
	int64_t waited = gp->runnable_since >= 0 ? e->now - gp->runnable_since : 0;
	if (waited > e->mt.starved_max)
		e->mt.starved_max = waited;
	gp->runnable_since = -1;
	cost += g_cold(e, gp);
	gp->linem = mp->id;
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
	ev->aux2 = inherit ? EXEC_INHERIT : EXEC_NEW_SLICE;
	seg_open(e, pp, SEG_RUN, gp->goid);
	e->mt.sched_ns += cost;
	if (mp->waste_sched) {   /* minus the spinning already counted */
		e->mt.cpu_wasted_ns += cost - mp->cost_wasted;
		mp->waste_sched = false;
	}
	mp->cost_wasted = 0;
	m_busy(e, mp, cost, PH_EXEC);
}

/* resetspinning: mp found work and stops spinning; if it was the last
 * spinner, wakep starts another (proc.go: resetspinning). */
static void resetspinning(gmp_engine *e, m_t *mp)
{
	GMP_CHECK(e, mp->spinning, mp, NULL, "resetspinning: not a spinning m");
	mp->spinning = false;
	e->nmspinning--;
	GMP_CHECK(e, e->nmspinning >= 0, mp, NULL, "findrunnable: negative nmspinning");
	wakep(e);
}

/* STEAL_WAIT: stealWork's answer "wait 3 µs, then try the victim's runnext" */
#define STEAL_WAIT (-2)

/* stealWork: 4 passes (stealTries) over the Ps in a random order; the last
 * pass also runs the victims' timers and may take runnext (proc.go:
 * stealWork, runqsteal, runqgrab). *cost accumulates CPU.
 *
 * Simplifications: the visiting order is a random start and the first
 * stride coprime to GOMAXPROCS at or after a random one (the runtime's
 * randomOrder draws from its precomputed list of coprimes: same kind of
 * order, other odds). When a victim's timers ran but left this P's queue
 * empty, the runtime restarts findRunnable after the passes (newWork,
 * `goto top`); the engine goes to spinfail, whose re-check finds any work
 * the timers made. The
 * runnext steal ends the passes (STEAL_WAIT): the runtime's runqgrab sleeps
 * 3 µs inside the loop and, when runnext is gone, goes on to the next
 * victims; the engine looks no further (spinfail then re-checks). */
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
				timers_run(e, vp, pp, cost);
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

/* findRunnable looks for a G to run on mp's P, in the runtime's order, up to
 * the steal: the part of proc.go's findRunnable that takes no time of its
 * own. On failure it has arranged mp's next activity (the steal passes, or
 * spinfail) and returns NIL. Each step is named as proc.go names it. */
static int32_t findRunnable(gmp_engine *e, m_t *mp, bool *inherit, int64_t *cost)
{
	p_t *pp = P(e, mp->p);
	*inherit = false;
	/* pp.timers.check: run this P's expired timers (their Gs go to this P's
	 * runnext/runq). The runtime also carries `now` and the next timer's
	 * time (pollUntil) on to the blocking netpoll; the engine asks the
	 * heaps again when it gets there (timers_next_all), as nothing moves
	 * in between. */
	if (pp->ntimers > 0) {
		*cost += COST_NANOTIME;   /* checkTimers: now = nanotime() */
		if (timers_next(e, pp) <= e->now)
			timers_run(e, pp, pp, cost);
	}
	/* "Try to schedule a GC worker": during the mark the P's
	 * gcBgMarkWorker comes before any G (mgc.c) */
	if (e->gc.phase == GC_MARK && findRunnableGCWorker(e, mp, *cost)) {
		if (mp->spinning)   /* schedule() found work: resetspinning */
			resetspinning(e, mp);
		return NIL;
	}
	/* "Check the global runnable queue once in a while to ensure fairness":
	 * every 61st schedtick, one G from the global queue first (globrunqget) */
	if (pp->schedtick % 61 == 0 && e->runqsize > 0) {
		*cost += sched_lock(e, e->now, COST_GLOBRUNQ_HOLD);
		int32_t gi = globrunqget(e, pp, false);
		if (gi != NIL)
			return gi;
	}
	/* "local runq": runnext (inheriting the time slice), then the ring */
	*cost += COST_RUNQGET;
	int32_t gi = runqget(e, pp, inherit);
	if (gi != NIL)
		return gi;
	/* "global runq": a batch (globrunqgetbatch: the first G runs, the rest
	 * go to this P's ring, which runqget just found empty) */
	if (e->runqsize > 0) {
		*cost += sched_lock(e, e->now, COST_GLOBRUNQ_HOLD);
		gi = globrunqget(e, pp, true);
		if (gi != NIL)
			return gi;
	}
	/* "Poll network": netpoll(0), unless an M is blocked in netpoll
	 * (lastpoll == 0). The runtime polls when any goroutine waits on the
	 * netpoller and returns the first ready G, injecting the rest; the
	 * engine polls only when a socket is ready (nnetready: a poll that finds
	 * nothing costs nothing here), injects all of them (injectglist) and
	 * takes one from this P's queue. Go 1.25's pollingNet (one poller at a
	 * time) needs no model: polls here take no time. */
	if (e->nnetready > 0 && e->lastpoll != 0) {
		*cost += COST_NETPOLL;
		e->lastpoll = e->now;
		injectglist(e, mp);
		gi = runqget(e, pp, inherit);
		if (gi != NIL)
			return gi;
	}
	/* "Spinning Ms: steal work from other Ps", if this M spins already or
	 * fewer than half the busy Ps have a spinner ("Limit the number of
	 * spinning Ms to half the number of busy Ps") */
	if (mp->spinning || 2 * e->nmspinning < e->gomaxprocs - e->npidle) {
		if (!mp->spinning) {   /* mp.becomeSpinning() */
			mp->spinning = true;
			e->nmspinning++;
			e->needspinning = false;
			trace_emit(e, EV_SPINNING, pp->id, mp->id, -1, -1, 0);
		}
		/* the steal passes take time; meanwhile this M counts as
		 * spinning, which other Ms see (at most half the busy Ps spin).
		 * The runtime's passes see the queues as they change while they
		 * run; here the passes' CPU is charged first and stealWork looks
		 * at the queues once, when it has passed (PH_STEAL). */
		int busy = e->gomaxprocs - e->npidle - 1;
		int64_t c = COST_STEAL_TRY * 4 * (busy > 0 ? busy : 1);
		e->mt.cpu_wasted_ns += c;
		e->mt.sched_ns += *cost + c;
		seg_open(e, pp, SEG_SPIN, -1);
		m_busy(e, mp, *cost + c, PH_STEAL);
		return NIL;
	}
	/* not allowed to spin: straight to "return P and block"; until then
	 * its M runs the scheduler there (a P handed to a woken idle M with
	 * nothing queued: its timeline must not still say idle) */
	e->mt.sched_ns += *cost;
	seg_open(e, pp, SEG_SCHED, -1);
	m_busy(e, mp, *cost, PH_SPINFAIL);
	return NIL;
}

/* spin_reset_due: TE_RESETSPIN fired: schedule() is done with the G mp
 * found while spinning, and mp stops spinning now (see run_found). */
void spin_reset_due(gmp_engine *e, m_t *mp)
{
	if (!mp->spin_reset)
		return;
	mp->spin_reset = false;
	if (mp->spinning)
		resetspinning(e, mp);
}

/* run_found is the end of proc.go's schedule(): a G locked to another M goes
 * to that M with our P (startlockedm); any other runs here (execute). A
 * spinning M stays counted in nmspinning until schedule() is done with it
 * (the runtime's resetspinning comes after findRunnable returns; here
 * COST_RESETSPIN later, TE_RESETSPIN): meanwhile another M may see a
 * spinner, not steal, and park, and the wakep of our resetspinning may come
 * before its P is idle -- then nobody wakes that P. */
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

/* schedule finds a runnable G for mp and runs it: one round of the
 * scheduler (proc.go: schedule). A locked M waits for its G (stoplockedm;
 * the runtime then runs it with execute, here PH_LOCKIDLE does). The
 * runtime also clears pp.preempt (a GC request; no GC here) and throws
 * "schedule: in cgo" (no cgo callbacks here). */
void schedule(gmp_engine *e, m_t *mp)
{
	if (mp->lockedg != NIL) {
		stoplockedm(e, mp);
		return;
	}
	if (mp->p != NIL && P(e, mp->p)->retiring) {   /* GOMAXPROCS was lowered */
		if (mp->spinning) {
			mp->spinning = false;
			e->nmspinning--;
		}
		p_retire(e, P(e, releasep(e, mp)));
		/* its queue (the caller of GOMAXPROCS, yielded) went to the
		 * global queue: as startTheWorld does, wake an M for an idle P,
		 * or nobody runs it (every other M may be parked already) */
		if (e->runqsize > 0)
			wakep(e);
	}
	if (mp->p == NIL) {  /* no P (e.g. after a slow syscall exit): park */
		stopm(e, mp);
		return;
	}
	p_t *pp = P(e, mp->p);
	/* "Safety check: if we are spinning, the run queue should be empty".
	 * Here an M that found a G while spinning stops spinning
	 * COST_RESETSPIN after it starts the G (run_found): a G that yields
	 * to its own queue sooner (goyield) is not the runtime's case. */
	GMP_CHECK(e, !mp->spinning || mp->spin_reset || runqempty(pp), mp, pp,
	          "schedule: spinning with local work");
	int64_t cost = jitter(e, COST_SCHEDULE);
	bool inherit = false;
	mp->cost_wasted = 0;
	int32_t gi = findRunnable(e, mp, &inherit, &cost);
	if (gi == NIL)
		return;
	run_found(e, mp, gi, inherit, cost);
}

/* any_runq_work reports whether some P's local queue holds a G. */
static bool any_runq_work(gmp_engine *e)
{
	for (int i = 0; i < e->gomaxprocs; i++)
		if (!runqempty(P(e, i)))
			return true;
	return false;
}

/* park_or_poll is the end of findRunnable, for an M that has released its P:
 * "Poll network until next timer" -- block in netpoll (PH_NETPOLL) until
 * the next timer of any P or a ready socket, if goroutines wait on the
 * netpoller or timers exist and no other M is in netpoll -- else stopm.
 * The runtime, when another M already polls, breaks that poll
 * (netpollBreak) if our next timer is earlier than its; the engine need
 * not: wakeNetPoller re-arms the polling M when a timer is added. What the
 * M does when netpoll returns is netpoll_return (netpoll.c). */
static void park_or_poll(gmp_engine *e, m_t *mp)
{
	GMP_CHECK(e, mp->p == NIL, mp, NULL, "findrunnable: netpoll with p");
	GMP_CHECK(e, !mp->spinning, mp, NULL, "findrunnable: netpoll with spinning");
	int64_t until = timers_next_all(e);
	if ((e->nnetwait > 0 || until != INT64_MAX) && e->lastpoll != 0) {
		/* block in netpoll until the next timer or a socket is ready */
		e->lastpoll = 0;
		e->netpoll_m = mp->id;
		mp->pollUntil = until;
		m_block(e, mp, PH_NETPOLL);
		if (e->nnetready > 0)
			tev_push(e, e->now + LAT_FUTEX_WAKE, TE_TIMERWAKE, mp->id, mp->gen);
		else if (until != INT64_MAX)   /* epoll_wait's timeout: the OS's slack */
			tev_push(e, (until > e->now ? until : e->now) + noise_slack(e, until - e->now), TE_TIMERWAKE,
			         mp->id, mp->gen);
		return;
	}
	stopm(e, mp);
}

/* spinfail is findRunnable's "return P and block": nothing was found (and
 * the spin's CPU has passed). Re-check the queues under the sched lock and
 * release the P (releasep, pidleput); a spinning M then stops spinning and,
 * a moment later (checkRunqsNoP below), looks at every run queue once more
 * (the "delicate dance"). The re-checks happen at different instants, as on
 * a real CPU: work that moves between queues in between can slip past both,
 * and the M parks although a G is runnable.
 *
 * The runtime re-checks only the global queue here (its earlier steps ran
 * nanoseconds before); the engine also re-checks this P's queue, its
 * expired timers and ready sockets, because here the steal passes took
 * virtual time since, and starts the round again (the runtime's `goto top`).
 *
 * needspinning is not honoured here. The runtime (Go 1.21+) has a
 * non-spinning M that is about to release its P become a spinner instead
 * when sched.needspinning is set (wakep found no idle P for work it saw:
 * "they abort the drop and instead become a new spinning M on our
 * behalf"); the engine sets the flag (wakep) and clears it when
 * findRunnable makes an M spin, but does not act on it. Honouring it changes the shipped scenarios: 07's
 * livelock-go121 wastes 92 % of the CPU instead of 50 % (its expectation
 * "cpu_wasted <= 60%" fails) and 07, 10 and 11 schedule differently. It is
 * a fidelity change to make, with the scenarios' figures checked against
 * the real runtime, in its own commit. */
static void spinfail(gmp_engine *e, m_t *mp)
{
	p_t *pp = P(e, mp->p);
	if (!runqempty(pp) || e->runqsize > 0 || (pp->ntimers > 0 && timers_next(e, pp) <= e->now) ||
	    (e->nnetready > 0 && e->lastpoll != 0)) {
		schedule(e, mp);
		return;
	}
	/* "We have nothing to do. If we're in the GC mark phase ... run
	 * idle-time marking rather than give up the P" */
	if (gcIdleMarkWorker(e, mp)) {
		if (mp->spinning)
			resetspinning(e, mp);
		return;
	}
	int64_t cost = sched_lock(e, e->now, COST_GLOBRUNQ_HOLD);
	int32_t pi = releasep(e, mp);
	pidleput(e, pi);
	if (mp->spinning) {
		mp->spinning = false;
		e->nmspinning--;
		GMP_CHECK(e, e->nmspinning >= 0, mp, NULL, "findrunnable: negative nmspinning");
		trace_emit(e, EV_SPIN_STOP, pi, mp->id, -1, -1, 0);
		/* the decrement must be visible before the queues are read again
		 * (the runtime's "delicate dance"): an atomic, then checkRunqsNoP */
		e->mt.sched_ns += cost + COST_ATOMIC;
		m_busy(e, mp, cost + COST_ATOMIC, PH_DROPPED);
		return;
	}
	park_or_poll(e, mp);
}

/* checkRunqsNoP: a former spinner, now without a P, looks at every run queue
 * once more before it sleeps; with work somewhere and an idle P, it takes
 * the P, spins again and starts over (proc.go: checkRunqsNoP, then
 * acquirep, becomeSpinning, `goto top`). The runtime (Go 1.25) first
 * re-checks the global queue on its own and takes a batch from it; the
 * engine counts the global queue in the same check and lets the new round
 * take it. The runtime skips Ps that were idle when it dropped its P
 * (idlepMask snapshot) and takes the P with pidlegetSpinning, which sets
 * needspinning when none is idle; the engine looks at every P (an idle P's
 * queue is empty anyway: pidleput checks) and uses pidleget. Expired timers
 * are checkTimersNoP's part: park_or_poll sleeps until the next one. */
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

/* m_step runs mp's next phase (runtime2.h maps each PH_* to the proc.go
 * code it stands for); mp holds a CPU. */
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
			/* usleep(3) is a nanosleep: the thread leaves its CPU */
			cpu_release(e, mp);
			m_wake(e, mp, noise_usleep3(e), PH_STEALNEXT);
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
		/* after runqgrab's usleep(3): is the victim's runnext still the G
		 * we saw (the runtime's cas(next, 0))? */
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
	case PH_GCWORK:
		gcBgMarkWorker_done(e, mp);
		break;
	case PH_IDLE:
	case PH_DEAD:
	case PH_NONE:
		break;
	}
}
