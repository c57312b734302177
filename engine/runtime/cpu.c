/*
 * cpu.c — the machine under the runtime: N CPUs and an optional cgroup quota.
 *
 * Threads (Ms) that want to run share the CPUs round-robin: a thread keeps a
 * CPU until it blocks, or until its time slice (OS_QUANTUM) ends while others
 * wait. An M with a P but no CPU simply waits — the runtime cannot tell.
 *
 * With a cgroup quota (CFS bandwidth control), the group may use `quota` ns
 * of CPU per `period`; once spent, every thread is throttled until the next
 * period begins (kernel sched-bwc). With N threads running, the quota lasts
 * quota/N of wall time.
 *
 * With `hostload N`, N threads of other processes (a build, another test)
 * are always runnable on the same CPUs: the OS shares the CPUs among them and
 * the Ms, each for OS_QUANTUM in turn, the one that waited longest first. A
 * thread that wakes from a sleep takes a CPU from a host thread at once (CFS
 * wakeup preemption: a sleeper's vruntime is behind a CPU hog's). So a P's M
 * is off its CPU for whole slices while its G "runs": sysmon, on wall time,
 * sees the same 10 ms, but the G did less in them. hostload and a quota do
 * not go together (the throttled group would stop the host's threads too).
 *
 * Simplification: one FIFO run queue, no priorities, no migration costs.
 */
#include <string.h>

#include "cpu.h"
#include "sched.h"
#include "event_heap.h"
#include "proc.h"
#include "rand.h"
#include "trace.h"

/* cpu_account charges the CPU used since the last mark to the run and to
 * the quota. Call before anything changes the number of running threads. */
void cpu_account(gmp_engine *e)
{
	int64_t dt = e->now - e->quota_mark;
	if (dt <= 0)
		return;
	int64_t used = dt * e->noncpu;
	e->mt.cpu_busy_ns += used;
	e->quota_used += used;
	e->quota_mark = e->now;
}

static void quota_arm(gmp_engine *e)
{
	if (e->cfg.quota_ns <= 0 || e->throttled || e->noncpu == 0)
		return;
	int64_t left = e->cfg.quota_ns - e->quota_used;
	if (left < 0)
		left = 0;
	e->quota_gen++;
	tev_push(e, e->now + (left + e->noncpu - 1) / e->noncpu, TE_QUOTA, -1, e->quota_gen);
}

static void osrunq_push(gmp_engine *e, m_t *mp, bool head)
{
	mp->cpuwait = true;
	mp->quantum_start = e->osq_seq++;   /* its turn: who waited longest goes first */
	mp->schedlink = NIL;
	if (head) {
		mp->schedlink = e->osrunq_head;
		e->osrunq_head = mp->id;
		if (e->osrunq_tail == NIL)
			e->osrunq_tail = mp->id;
	} else {
		if (e->osrunq_tail != NIL)
			M(e, e->osrunq_tail)->schedlink = mp->id;
		else
			e->osrunq_head = mp->id;
		e->osrunq_tail = mp->id;
	}
	e->nosrunq++;
}

static m_t *osrunq_pop(gmp_engine *e)
{
	if (e->osrunq_head == NIL)
		return NULL;
	m_t *mp = M(e, e->osrunq_head);
	e->osrunq_head = mp->schedlink;
	if (e->osrunq_head == NIL)
		e->osrunq_tail = NIL;
	mp->schedlink = NIL;
	mp->cpuwait = false;
	e->nosrunq--;
	return mp;
}

static void arm_quantum(gmp_engine *e, m_t *mp)
{
	int64_t t = mp->quantum_start + OS_QUANTUM;
	tev_push(e, t > e->now ? t : e->now, TE_QUANTUM, mp->id, mp->qgen);
}

/* seg_cpu reopens the timeline of the P that mp runs (none when it holds
 * no running P, e.g. in a syscall): throttled, or back to what the M does.
 * Every M that holds a P changes both ways together, whether it was on a CPU
 * or waiting for one, so the P's row and its timeline agree. */
static void seg_cpu(gmp_engine *e, m_t *mp, bool throttled)
{
	if (mp->p == NIL)
		return;
	p_t *pp = P(e, mp->p);
	if (pp->status != P_RUNNING || pp->m != mp->id)
		return;
	gmp_segkind k = throttled ? SEG_THROTTLED : mp->curg != NIL ? SEG_RUN : mp->spinning ? SEG_SPIN
	              : pp->gcMarkWorkerMode ? SEG_GC : SEG_SCHED;
	seg_open(e, pp, k, mp->curg != NIL ? G(e, mp->curg)->goid : -1);
}

/* grant gives mp a CPU and resumes its pending activity. */
static void grant(gmp_engine *e, m_t *mp)
{
	cpu_account(e);
	if (mp->throttled)
		seg_cpu(e, mp, false);
	mp->oncpu = true;
	mp->cpuwait = false;
	mp->throttled = false;
	e->ncpu_free--;
	e->noncpu++;
	mp->quantum_start = e->now;
	mp->qgen++;
	mp->gen++;
	mp->busy_end = e->now + mp->busy_left;
	if (mp->work_start < e->now && mp->phase == PH_EXEC)
		mp->work_start = e->now;
	tev_push(e, mp->busy_end, TE_M, mp->id, mp->gen);
	if (e->nosrunq + e->host_nwait > 0)
		arm_quantum(e, mp);
	quota_arm(e);
}

/* host_first returns the host thread on a CPU since the earliest time
 * (oncpu), or the one waiting with the earliest turn (!oncpu), or -1. */
static int host_first(const gmp_engine *e, bool oncpu)
{
	int k = -1;
	for (int i = 0; i < e->cfg.hostload; i++)
		if (e->host[i].oncpu == oncpu && (k < 0 || e->host[i].since < e->host[k].since))
			k = i;
	return k;
}

/* host_slice is a host thread's time slice: OS_QUANTUM +-50 %, drawn. CFS
 * gives each runnable thread a share of its latency target and checks it at
 * the scheduler tick, so slices end at no common instant; equal slices would
 * keep the threads in lockstep. */
static int64_t host_slice(gmp_engine *e)
{
	return OS_QUANTUM / 2 + (int64_t)fastrandn(e, (uint32_t)OS_QUANTUM + 1);
}

/* host_grant gives host thread k a CPU for one slice. */
static void host_grant(gmp_engine *e, int k)
{
	e->host[k].oncpu = true;
	e->host[k].since = e->now;
	e->host[k].gen++;
	e->ncpu_free--;
	e->host_oncpu++;
	e->host_nwait--;
	tev_push(e, e->now + host_slice(e), TE_HOST, k, e->host[k].gen);
}

/* host_off takes host thread k off its CPU, to wait its turn; the Ms on a
 * CPU now have someone waiting behind them. */
static void host_off(gmp_engine *e, int k)
{
	e->host[k].oncpu = false;
	e->host[k].since = e->osq_seq++;
	e->host[k].gen++;
	e->ncpu_free++;
	e->host_oncpu--;
	e->host_nwait++;
	if (e->host_nwait == 1 && e->nosrunq == 0)
		for (int i = 0; i < e->ms.n; i++)
			if (M(e, i)->oncpu)
				arm_quantum(e, M(e, i));
}

/* grant_waiters hands the free CPUs to the threads that waited longest:
 * the Ms in their queue's order, the host's by their own. */
static void grant_waiters(gmp_engine *e)
{
	while (e->ncpu_free > 0) {
		int k = e->host_nwait > 0 ? host_first(e, false) : -1;
		bool m = !e->throttled && e->nosrunq > 0;
		if (m && (k < 0 || M(e, e->osrunq_head)->quantum_start < e->host[k].since))
			grant(e, osrunq_pop(e));
		else if (k >= 0)
			host_grant(e, k);
		else
			return;
	}
}

/* cpu_host_event: host thread k's slice ended: it goes on while no one
 * waits, else to the back of the line. */
void cpu_host_event(gmp_engine *e, int k, uint32_t gen)
{
	if (k < 0 || k >= e->cfg.hostload || !e->host[k].oncpu || e->host[k].gen != gen)
		return;
	if (e->nosrunq + e->host_nwait == 0) {
		e->host[k].since = e->now;
		tev_push(e, e->now + host_slice(e), TE_HOST, k, gen);
		return;
	}
	host_off(e, k);
	grant_waiters(e);
}

/* cpu_want: mp has CPU work (busy_left ns, then its phase). */
void cpu_want(gmp_engine *e, m_t *mp)
{
	if (mp->oncpu || mp->cpuwait || mp->sysmon)
		return;
	if (!e->throttled && e->ncpu_free == 0 && e->host_oncpu > 0)
		host_off(e, host_first(e, true));   /* wakeup preemption */
	if (!e->throttled && e->ncpu_free > 0) {
		grant(e, mp);
		return;
	}
	osrunq_push(e, mp, false);
	/* threads over their slice must now make room */
	if (!e->throttled && e->nosrunq == 1)   /* only when the queue forms */
		for (int i = 0; i < e->ms.n; i++)
			if (M(e, i)->oncpu)
				arm_quantum(e, M(e, i));
}

/* cpu_release: mp blocks (idle, syscall, netpoll) and frees its CPU. */
void cpu_release(gmp_engine *e, m_t *mp)
{
	if (!mp->oncpu)
		return;
	cpu_account(e);
	mp->oncpu = false;
	e->ncpu_free++;
	e->noncpu--;
	grant_waiters(e);
	quota_arm(e);
}

/* deschedule takes the CPU away from a running mp, keeping its activity. */
static void deschedule(gmp_engine *e, m_t *mp, bool head)
{
	int64_t left = mp->busy_end - e->now;
	mp->busy_left = left > 0 ? left : 0;
	mp->gen++;
	mp->oncpu = false;
	e->ncpu_free++;
	e->noncpu--;
	osrunq_push(e, mp, head);
}

/* cpu_quantum_event: mp's time slice ended; if others wait, it goes to the
 * back of the run queue. */
void cpu_quantum_event(gmp_engine *e, m_t *mp, uint32_t gen)
{
	if (!mp->oncpu || mp->qgen != gen || e->nosrunq + e->host_nwait == 0 || e->throttled)
		return;
	if (e->now < mp->quantum_start + OS_QUANTUM)
		return;
	cpu_account(e);
	deschedule(e, mp, false);
	grant_waiters(e);
}

/* cpu_quota_event: the period's quota is spent: throttle every thread. */
void cpu_quota_event(gmp_engine *e)
{
	cpu_account(e);
	if (e->throttled)
		return;
	if (e->quota_used < e->cfg.quota_ns) {
		quota_arm(e);   /* not yet: some CPU was charged late */
		return;
	}
	e->throttled = true;
	e->throttled_at = e->now;
	e->mt.throttled_periods++;
	int n = 0;
	/* keep the running threads first in line, in M order */
	m_t *run[1024];
	for (int i = 0; i < e->ms.n && n < 1024; i++)
		if (M(e, i)->oncpu)
			run[n++] = M(e, i);
	for (int i = n - 1; i >= 0; i--) {
		deschedule(e, run[i], true);
		run[i]->throttled = true;
		seg_cpu(e, run[i], true);   /* the timeline shows the P greyed out */
	}
	for (int32_t id = e->osrunq_head; id != NIL; id = M(e, id)->schedlink) {
		if (M(e, id)->throttled)
			continue;   /* one of the running ones, queued above */
		M(e, id)->throttled = true;
		seg_cpu(e, M(e, id), true);
	}
	trace_emit(e, EV_THROTTLE, -1, -1, -1, -1, n);
}

/* cpu_period_event: a new CFS period; the quota refills. */
void cpu_period_event(gmp_engine *e)
{
	cpu_account(e);
	e->quota_used = 0;
	e->period_start = e->now;
	tev_push(e, e->now + e->cfg.period_ns, TE_PERIOD, -1, 0);
	if (e->throttled) {
		e->throttled = false;
		e->mt.throttled_ns += e->now - e->throttled_at;
		for (int32_t id = e->osrunq_head; id != NIL; id = M(e, id)->schedlink) {
			M(e, id)->throttled = false;
			seg_cpu(e, M(e, id), false);   /* waiting for a CPU, no longer throttled */
		}
		trace_emit(e, EV_UNTHROTTLE, -1, -1, -1, -1, 0);
		grant_waiters(e);
	}
	quota_arm(e);
}

void cpu_init(gmp_engine *e)
{
	e->ncpu_free = e->cfg.ncpu;
	e->osrunq_head = e->osrunq_tail = NIL;
	e->quota_mark = 0;
	e->host_oncpu = 0;
	e->host_nwait = e->cfg.hostload;
	e->osq_seq = 0;
	for (int k = 0; k < e->cfg.hostload; k++) {
		e->host[k].since = e->osq_seq++;
		e->host[k].gen = 0;
		e->host[k].oncpu = false;
	}
	grant_waiters(e);   /* the host's threads run before the program starts */
	if (e->cfg.quota_ns > 0)
		tev_push(e, e->cfg.period_ns, TE_PERIOD, -1, 0);
}
