/*
 * sysmon.c — the system monitor, after proc.go: sysmon, retake, preemptone.
 *
 * sysmon runs on its own M without a P. It sleeps 20 µs, and after 50 idle
 * cycles doubles its sleep up to 10 ms; a cycle counts as busy only when it
 * retook a P from a syscall, so CPU-bound programs settle at 10 ms. Each cycle:
 *   - polls the network if nobody did for 10 ms;
 *   - retake: preempts a G that has held its P for 10 ms (same schedtick), and
 *     takes a P away from a syscall unless the P has no work, someone is idle
 *     or spinning, and the syscall is younger than 10 ms.
 * When every P is idle it sleeps deeply until a P starts running again.
 *
 * Preemption: preemptone sets gp.preempt, honoured at the next function call
 * (cooperative); from Go 1.14 it also sends SIGURG to the M (preemptM), at
 * most one pending per M. A foreign SIGURG handler that does not chain never
 * clears the pending mark, so exactly one signal is ever sent.
 */
#include "sysmon.h"
#include "timers.h"
#include "sched.h"
#include "event_heap.h"
#include "exec.h"
#include "mthread.h"
#include "netpoll.h"
#include "noise.h"
#include "proc.h"
#include "rand.h"
#include "runq.h"
#include "trace.h"

static void sysmon_arm(gmp_engine *e)
{
	/* usleep(delay): the kernel wakes sysmon late by its timer slack, so
	 * the phase of its ticks drifts from run to run (noise.c) */
	e->sysmon_next = e->now + e->sysmon_delay + noise_slack(e, e->sysmon_delay);
	tev_push(e, e->sysmon_next, TE_SYSMON, e->sysmon_m, 0);
}

/* sysmon_start: runtime.main starts sysmon before the runtime's own init and
 * gcenable (main parks until bgsweep and bgscavenge run on other threads)
 * and the packages' inits; only then does main.main, the engine's t=0,
 * begin. By then sysmon has slept a number of cycles, none retaking
 * anything, and stands somewhere in its 20 µs .. 10 ms ramp: that phase
 * decides whether the first time slice is cut at ~10 ms or ~15 ms (issue
 * #16: 01's real resume latency clusters near 10 and 15). With noise sysmon
 * has run a drawn 0.1-4.5 ms of its first 50 short cycles (~4.4 ms with the
 * OS's slack) when main begins. An estimate: GODEBUG=inittrace=1 on
 * tests/real's lostupdate (GOMAXPROCS=1, 20 runs, 2026-12-05, load 3.2-3.9)
 * put the first package init 0.97-22 ms after the runtime's start (median
 * ~4), but sysmon's ramp restarts whenever it is woken from a deep sleep
 * (all Ps idle while main waits in gcenable), and the real 08 slowcall
 * (2 ms C calls) gets its P retaken in 10 of 10 runs, which a sysmon
 * already sleeping milliseconds would miss. Without noise sysmon starts
 * with main. */
#define STARTUP_MIN (100 * US)
#define STARTUP_SPAN (4400 * US)

void sysmon_start(gmp_engine *e)
{
	int64_t at = 0, until = 0;
	if (e->cfg.noise)
		until = STARTUP_MIN + (int64_t)fastrandn(e, STARTUP_SPAN + 1);
	for (;;) {
		int64_t next = at + e->sysmon_delay + noise_slack(e, e->sysmon_delay);
		if (next > until) {
			if (e->cfg.noise)   /* (the noiseless machine kept 0 here) */
				e->sysmon_next = next - until;
			tev_push(e, next - until, TE_SYSMON, e->sysmon_m, 0);
			return;
		}
		at = next;   /* a cycle of the start-up: nothing to retake */
		if (++e->sysmon_idle > 50)
			e->sysmon_delay *= 2;
		if (e->sysmon_delay > SYSMON_MAX)
			e->sysmon_delay = SYSMON_MAX;
	}
}

/* sysmon_wake: a P started running (or a syscall began): end a deep sleep. */
void sysmon_wake(gmp_engine *e)
{
	if (!e->sysmon_deep || e->state != RUN_RUNNING)
		return;
	e->sysmon_deep = false;
	e->sysmon_idle = 0;
	e->sysmon_delay = SYSMON_MIN;
	sysmon_arm(e);
}

/* work_reaches_a_call: the WORK with calls that mp runs still reaches a
 * function prologue, where a cooperative request is seen. Its own start is
 * one: a request that came during the ops before it (the batch ran ahead of
 * the clock, e->now < work_start) stops it there. Inside, its body calls
 * again at least every WORK_CALL_GAP ns; in the last stretch before its end
 * it calls nothing more, and the request waits, with gp.preempt set, for
 * the next op that is a call (exec.c): with a Mutex's inlined Lock between,
 * that may be after the lock, not before it. */
static bool work_reaches_a_call(const gmp_engine *e, const m_t *mp)
{
	return e->now < mp->work_start || mp->busy_end - e->now >= WORK_CALL_GAP;
}

/* preemptone asks the G running on pp to stop (proc.go: preemptone): the
 * flag, then, from Go 1.14, a signal (preemptM). */
void preemptone(gmp_engine *e, p_t *pp)
{
	if (pp->m == NIL)
		return;
	m_t *mp = M(e, pp->m);
	if (mp->curg == NIL || mp->sysmon)
		return;
	g_t *gp = G(e, mp->curg);
	if (gp->status != G_RUNNING)
		return;
	gp->preempt = 1;
	e->mt.preempt_requests++;
	int64_t ran = (e->now - pp->run_start) / US, slice = (e->now - pp->slice_start) / US;
	gmp_event *ev = trace_emit(e, EV_PREEMPT_REQ, pp->id, mp->id, gp->goid, -1,
	                           (int)(ran < INT32_MAX ? ran : INT32_MAX));
	ev->aux2 = (int)(slice < INT32_MAX ? slice : INT32_MAX);
	/* ignored: a loop without calls never checks the flag, and before Go
	 * 1.14 no signal interrupts it */
	ev->aux = !go_at_least(e, 14) && gp->inwork == INWORK_RUNNING && mp->work_nocall;
	/* Cooperative preemption, done on the spot. The runtime only sets the
	 * flag (and stackguard0 = stackPreempt); the victim yields itself at
	 * its next function prologue (morestack -> newstack -> gopreempt_m),
	 * nanoseconds later in code that makes calls. A WORK with calls (not
	 * OPF_NOCALL) stands for such code, and the engine yields it here and
	 * now: exec_interrupt stops the WORK (work_left keeps the rest) and
	 * gosched(preempted) is the victim's gopreempt_m, run on its M inside
	 * sysmon's event. That spares an event per call inside a WORK; the
	 * yield comes at the request's instant instead of a call's length
	 * later. Only a thread on a CPU reaches its next call (not one
	 * throttled or waiting for one). A G running ops (between WORKs) keeps
	 * the flag and yields at its next op that is a call (exec.c); a
	 * call-free WORK ignores it, and only the signal below (Go 1.14+)
	 * stops it. */
	if (gp->inwork == INWORK_RUNNING && !mp->work_nocall && mp->phase == PH_EXEC && mp->oncpu &&
	    work_reaches_a_call(e, mp)) {
		if (exec_interrupt(e, mp)) {
			gosched(e, mp, true);
			return;
		}
	}
	if (!go_at_least(e, 14) || e->cfg.asyncpreemptoff)
		return;
	/* preemptM: at most one SIGURG pending per M */
	if (mp->sigpending)
		return;
	mp->sigpending = true;
	e->mt.preempt_signals++;
	trace_emit(e, EV_SIGURG, pp->id, mp->id, gp->goid, -1, 0);
	tev_push(e, e->now + noise_signal(e), TE_SIGURG, mp->id, 0);
}

/* sigurg_deliver: the signal reaches mp (doSigPreempt). */
void sigurg_deliver(gmp_engine *e, m_t *mp)
{
	int goid = mp->curg != NIL ? G(e, mp->curg)->goid : -1;
	if (e->foreign_sigurg && !e->sigurg_chain) {
		/* a foreign handler took it: the runtime never clears signalPending */
		e->mt.preempt_signals_lost++;
		gmp_event *ev = trace_emit(e, EV_SIGURG_LOST, mp->p, mp->id, goid, -1, 0);
		ev->aux2 = SIGURG_FOREIGN_HANDLER;
		return;
	}
	mp->sigpending = false;
	if (mp->curg == NIL)
		return;
	g_t *gp = G(e, mp->curg);
	if (!gp->preempt || gp->status != G_RUNNING)
		return;   /* it yielded on its own meanwhile */
	if (!mp->oncpu) {
		/* the thread is off its CPU (throttled, or waiting for one): the
		 * signal is handled when it runs again, at the next period's start
		 * at the latest */
		mp->sigpending = true;
		int64_t at = e->now + LAT_SIGNAL;
		if (e->throttled && e->period_start + e->cfg.period_ns > at)
			at = e->period_start + e->cfg.period_ns;
		tev_push(e, at, TE_SIGURG, mp->id, 0);
		return;
	}
	if (mp->phase != PH_EXEC) {
		/* in the runtime (a syscall transition, the scheduler): unsafe */
		e->mt.preempt_signals_lost++;
		gmp_event *ev = trace_emit(e, EV_SIGURG_LOST, mp->p, mp->id, goid, -1, 0);
		ev->aux2 = SIGURG_UNSAFE_POINT;
		return;
	}
	if (exec_interrupt(e, mp))
		gosched(e, mp, true);
}

/* retake returns the number of Ps taken from syscalls. */
static int retake(gmp_engine *e)
{
	int n = 0;
	for (int i = 0; i < e->gomaxprocs; i++) {
		p_t *pp = P(e, i);
		if (pp->status == P_RUNNING) {
			if (pp->sm_schedtick != pp->schedtick) {
				pp->sm_schedtick = pp->schedtick;
				pp->sm_schedwhen = e->now;
			} else if (pp->sm_schedwhen + FORCE_PREEMPT_NS <= e->now) {
				preemptone(e, pp);
			}
		} else if (pp->status == P_SYSCALL) {
			if (pp->sm_syscalltick != pp->syscalltick) {
				pp->sm_syscalltick = pp->syscalltick;
				pp->sm_syscallwhen = e->now;
				continue;
			}
			if (runqempty(pp) && e->nmspinning + e->npidle > 0 &&
			    pp->sm_syscallwhen + FORCE_PREEMPT_NS > e->now)
				continue;
			/* the M blocked with this P loses it */
			int mid = pp->syscallm, goid = -1;
			if (mid != NIL) {
				m_t *sm = M(e, mid);
				if (sm->curg != NIL)
					goid = G(e, sm->curg)->goid;
				sm->oldp = NIL;
				pp->syscallm = NIL;
			}
			pp->status = P_IDLE;
			seg_open(e, pp, SEG_IDLE, -1);   /* no M runs it until handoffp's M takes it */
			pp->syscalltick++;
			n++;
			e->mt.retakes++;
			trace_emit(e, EV_RETAKE, pp->id, mid, goid, -1, 0);
			handoffp(e, pp->id);
			if (e->state != RUN_RUNNING)
				return n;
		}
	}
	return n;
}

/* sysmon_tick is one cycle of sysmon. */
void sysmon_tick(gmp_engine *e)
{
	if (e->state != RUN_RUNNING)
		return;
	trace_emit(e, EV_SYSMON, -1, e->sysmon_m, -1, -1, 0);
	if (e->npidle == e->gomaxprocs && e->nnetready == 0) {
		e->sysmon_deep = true;   /* all Ps idle: sleep until one runs */
		return;
	}
	if (e->lastpoll != 0 && e->now - e->lastpoll > SYSMON_NETPOLL && e->nnetready > 0) {
		e->lastpoll = e->now;
		injectglist(e, NULL);
	}
	sysg_forcegc(e);
	if (retake(e) > 0)
		e->sysmon_idle = 0;
	else
		e->sysmon_idle++;
	if (e->sysmon_idle == 0)
		e->sysmon_delay = SYSMON_MIN;
	else if (e->sysmon_idle > 50)
		e->sysmon_delay *= 2;
	if (e->sysmon_delay > SYSMON_MAX)
		e->sysmon_delay = SYSMON_MAX;
	sysmon_arm(e);
}
