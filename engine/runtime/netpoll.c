/*
 * netpoll.c — the network poller's side of the scheduler, after proc.go:
 * injectglist (readied goroutines: one per idle P to the global queue, the
 * rest locally), the M that blocks in netpoll until the next timer or a
 * ready socket, and waking it (wakeNetPoller, netpoll_break).
 */
#include <limits.h>

#include "netpoll.h"
#include "sched.h"
#include "cpu.h"
#include "event_heap.h"
#include "mthread.h"
#include "runq.h"
#include "schedule.h"
#include "trace.h"

/* injectglist makes the netpoller's ready goroutines runnable: one per idle P
 * to the global queue (starting an M for each), the rest on mp's P. */
void injectglist(gmp_engine *e, m_t *mp)
{
	int n = e->nnetready;
	if (n == 0)
		return;
	trace_emit(e, EV_NETPOLL, mp ? mp->p : -1, mp ? mp->id : -1, -1, -1, n);
	int32_t list = e->netready_head;
	e->netready_head = e->netready_tail = NIL;
	e->nnetready = 0;
	p_t *pp = (mp && mp->p != NIL) ? P(e, mp->p) : NULL;
	int toglobal = pp ? (e->npidle < n ? e->npidle : n) : n;
	int starts = e->npidle < toglobal ? e->npidle : toglobal;
	while (list != NIL) {
		int32_t gi = list;
		list = G(e, gi)->schedlink;
		G(e, gi)->schedlink = NIL;
		if (toglobal > 0) {
			globrunqput(e, gi);
			toglobal--;
		} else {
			runqput(e, pp, gi, false);
		}
	}
	for (int i = 0; i < starts; i++) {
		int32_t pi = pidleget(e);
		if (pi == NIL)
			break;
		startm(e, pi, false);
	}
}

/* netpoll_return: the M blocked in netpoll returns (a timer is due or
 * sockets are ready): the end of findRunnable's "Poll network until next
 * timer". Without an idle P it hands the ready goroutines to the global
 * queue (injectglist) and parks (stopm); with one it takes it and looks for
 * work again. The runtime runs the first ready G itself and injects the
 * rest; the engine injects them all and lets schedule() find one. An M that
 * was spinning before it dropped its P spins again in the runtime
 * (wasSpinning: becomeSpinning) when the poll found nothing; the engine's
 * does not. */
void netpoll_return(gmp_engine *e, m_t *mp)
{
	if (e->netpoll_m == mp->id) {
		e->netpoll_m = NIL;
		e->lastpoll = e->now;
	}
	int32_t pi = pidleget(e);
	if (pi == NIL) {
		injectglist(e, NULL);
		stopm(e, mp);
		return;
	}
	acquirep(e, mp, pi);
	injectglist(e, mp);
	schedule(e, mp);
}

/* wakeNetPoller: a timer at `when` was added; make sure some M will see it. */
void wakeNetPoller(gmp_engine *e, int64_t when)
{
	if (e->netpoll_m != NIL) {
		m_t *mp = M(e, e->netpoll_m);
		if (when < mp->pollUntil) {
			mp->pollUntil = when;
			mp->gen++;
			tev_push(e, e->now + LAT_FUTEX_WAKE, TE_TIMERWAKE, mp->id, mp->gen);
		}
	} else {
		wakep(e);
	}
}

/* netpoll_break wakes the M blocked in netpoll (sockets became ready). */
void netpoll_break(gmp_engine *e)
{
	if (e->netpoll_m == NIL)
		return;
	m_t *mp = M(e, e->netpoll_m);
	if (mp->pollUntil <= e->now + LAT_FUTEX_WAKE)
		return;   /* already about to wake */
	mp->pollUntil = e->now + LAT_FUTEX_WAKE;
	mp->gen++;
	tev_push(e, e->now + LAT_FUTEX_WAKE, TE_TIMERWAKE, mp->id, mp->gen);
}

void timerwake(gmp_engine *e, m_t *mp, uint32_t gen)
{
	if (mp->gen != gen || mp->phase != PH_NETPOLL)
		return;
	mp->busy_left = 0;
	cpu_want(e, mp);
}

