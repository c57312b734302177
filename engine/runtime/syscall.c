/*
 * syscall.c — syscalls, cgo, the disk, the netpoller and external streams.
 *
 * entersyscall detaches the P without giving it away: the P waits in
 * _Psyscall, and sysmon may retake it (retake) and hand it to another M. On
 * return, exitsyscall takes the old P back if it is still there (fast path),
 * else any idle P, else puts the G on the global queue and parks the M.
 * Regular disk files cannot use the netpoller on Linux, so a file read blocks
 * its thread for the device's service time; the device serves `diskdepth`
 * requests at once and queues the rest. Sockets park their goroutine on the
 * netpoller instead, holding no M.
 *
 * A cgo call is a syscall to the scheduler (same retake rules) but its thread
 * keeps running on a CPU.
 */
#include <limits.h>

#include "syscalls.h"
#include "sched.h"
#include "cpu.h"
#include "event_heap.h"
#include "mthread.h"
#include "netpoll.h"
#include "proc.h"
#include "runq.h"
#include "schedule.h"
#include "sysmon.h"
#include "trace.h"

/* entersyscall: mp's G enters a syscall (or a C call) of dur ns. */
void entersyscall(gmp_engine *e, m_t *mp, int64_t dur, bool cgo)
{
	g_t *gp = G(e, mp->curg);
	p_t *pp = P(e, mp->p);
	g_setstatus(e, gp, G_SYSCALL, WAIT_NONE);
	pp->status = P_SYSCALL;
	pp->m = NIL;
	mp->oldp = pp->id;
	pp->syscallm = mp->id;
	mp->p = NIL;
	mp->incgo = cgo;
	gmp_event *ev = trace_emit(e, EV_SYSCALL_ENTER, pp->id, mp->id, gp->goid, -1, 0);
	ev->aux = gp->entry;
	ev->aux2 = cgo ? SYSCALL_CGO : SYSCALL_BLOCKING;
	seg_open(e, pp, SEG_SYSCALL, gp->goid);
	int64_t c = cgo ? COST_CGO : COST_SYSCALL / 2;
	e->mt.sched_ns += c;
	if (!cgo)   /* a cgo call is counted by its op (exec_sys.c) */
		e->mt.syscalls++;
	sysmon_wake(e);
	if (cgo) {
		e->mt.cgo_ns += c;
		m_busy(e, mp, c + dur, PH_SYSCALL);   /* C code runs on the CPU */
		return;
	}
	/* the thread sleeps in the kernel until the call completes */
	mp->phase = PH_SYSCALL;
	mp->gen++;
	mp->busy_left = 0;
	cpu_release(e, mp);
	tev_push(e, e->now + c + dur, TE_M, mp->id, mp->gen);
}

/* exitsyscall: mp's G is back from its syscall; mp holds a CPU. */
void exitsyscall(gmp_engine *e, m_t *mp)
{
	int32_t gi = mp->curg;
	g_t *gp = G(e, gi);
	int32_t oldp = mp->oldp;
	mp->oldp = NIL;
	if (oldp != NIL && P(e, oldp)->syscallm == mp->id)
		P(e, oldp)->syscallm = NIL;
	if (mp->incgo)
		mp->cgo_last = e->now;
	mp->incgo = false;
	gmp_exitsyscall how = EXITSYSCALL_NO_P;
	int32_t pi = NIL;
	if (oldp != NIL && P(e, oldp)->status == P_SYSCALL && P(e, oldp)->m == NIL) {
		pi = oldp;
		how = EXITSYSCALL_FAST;
	} else if ((pi = pidleget(e)) != NIL) {
		how = EXITSYSCALL_IDLE_P;
	}
	gmp_event *ev = trace_emit(e, EV_SYSCALL_EXIT, pi, mp->id, gp->goid, -1, 0);
	ev->aux = gp->entry;
	ev->aux2 = how;
	e->mt.sched_ns += COST_SYSCALL / 2;
	if (pi != NIL) {
		if (how == EXITSYSCALL_FAST) {
			/* exitsyscallfast: CAS the old P from _Psyscall to _Pidle,
			 * then wirep it */
			P(e, pi)->syscalltick++;
			P(e, pi)->status = P_IDLE;
		}
		acquirep(e, mp, pi);
		P(e, pi)->run_start = e->now;   /* it runs again: its run time restarts */
		g_setstatus(e, gp, G_RUNNING, WAIT_NONE);
		seg_open(e, P(e, pi), SEG_RUN, gp->goid);
		m_busy(e, mp, 0, PH_EXEC);
		return;
	}
	/* slow path (exitsyscall0): no P for us */
	mp->curg = NIL;
	gp->m = NIL;
	globrunqput(e, gi);
	if (g_lockedm(e, gp) != NIL) {
		mp->curg = NIL;
		schedule(e, mp);   /* locked: stoplockedm waits for the G */
		return;
	}
	stopm(e, mp);
}

/* netpoll_wait parks gi on the netpoller until `until` (socket readable). */
void netpoll_wait(gmp_engine *e, m_t *mp, int32_t gi, int64_t until)
{
	g_t *gp = G(e, gi);
	e->nnetwait++;
	gp->slept = until;
	tev_push(e, until, TE_NETREADY, gi, gp->parkgen + 1);
	gopark(e, mp, gi, WAIT_IO);
}

/* netpoll_ready: the kernel reports gi's socket ready. The runtime learns it
 * at its next netpoll: an M blocked in netpoll wakes now; otherwise a
 * scheduling P or sysmon will poll. */
void netpoll_ready(gmp_engine *e, int32_t gi, uint32_t gen, int sel)
{
	g_t *gp = G(e, gi);
	if (gp->status != G_WAITING || gp->parkgen != gen)
		return;
	e->nnetwait--;
	gp->parkgen++;
	gp->sel = sel;
	gp->schedlink = NIL;
	if (e->netready_tail != NIL)
		G(e, e->netready_tail)->schedlink = gi;
	else
		e->netready_head = gi;
	e->netready_tail = gi;
	e->nnetready++;
	netpoll_break(e);
}

/* disk_submit queues a request of `service` ns on the device; returns the
 * virtual time it completes. */
int64_t disk_submit(gmp_engine *e, int64_t service)
{
	int best = 0;
	for (int i = 1; i < e->ndisk; i++)
		if (e->disk_free[i] < e->disk_free[best])
			best = i;
	int64_t start = e->disk_free[best] > e->now ? e->disk_free[best] : e->now;
	e->disk_free[best] = start + service;
	return start + service;
}

static int64_t arrived(const gmp_engine *e, int s)
{
	const gmp_streamdef *d = &e->prog->streams[s];
	if (e->now < d->start || d->every <= 0)
		return 0;
	int64_t n = (e->now - d->start) / d->every + 1;
	if (d->count >= 0 && n > d->count)
		n = d->count;
	return n;
}

/* stream_read returns the events that arrived since the last read, or parks
 * gi on the netpoller until the next one arrives (returns 0). */
int stream_read(gmp_engine *e, m_t *mp, int32_t gi, int s)
{
	stream_t *st = &e->streams[s];
	int64_t n = arrived(e, s) - st->next_seq;
	if (n > 0) {
		if (n > INT32_MAX / 2)
			n = INT32_MAX / 2;
		st->next_seq += n;
		return (int)n;
	}
	const gmp_streamdef *d = &e->prog->streams[s];
	if (d->count >= 0 && st->next_seq >= d->count) {
		/* the stream is over: the read blocks forever */
		e->nnetwait++;
		gopark(e, mp, gi, WAIT_IO);
		return 0;
	}
	int64_t next = d->start + st->next_seq * d->every;
	if (next <= e->now)
		next = e->now + 1;
	g_t *gp = G(e, gi);
	e->nnetwait++;
	st->reader = gi;
	st->readergen = gp->parkgen + 1;
	tev_push(e, next, TE_STREAM, s, st->readergen);
	gopark(e, mp, gi, WAIT_IO);
	return 0;
}

void stream_ready(gmp_engine *e, int s)
{
	stream_t *st = &e->streams[s];
	if (st->reader == NIL)
		return;
	int32_t gi = st->reader;
	st->reader = NIL;
	netpoll_ready(e, gi, st->readergen, SEL_NONE);
}
