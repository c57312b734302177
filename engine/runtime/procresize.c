/*
 * procresize.c — runtime.GOMAXPROCS(n) called by a running program, after
 * proc.go: GOMAXPROCS stops the world and procresize changes the number of
 * Ps, then the world starts again.
 *
 * Growing: the new Ps (allocated at engine_new, P_DEAD until now) become
 * idle, and wakep lets an M take one if there is work. Shrinking: every P
 * beyond n is destroyed. An idle P or one whose M sits in a syscall is
 * destroyed at once; a P an M is running is marked `retiring` and its
 * goroutine is preempted (as stopTheWorld's preemptall does), and the M
 * destroys it at its next scheduling point (schedule(), or when it would
 * put the P on the idle list) and parks. Destroying a P (p_retire, the
 * runtime's (*p).destroy) moves its run queue to the global queue and its
 * timers to P 0. The caller, if its own P is retired, yields: it continues
 * on another P.
 *
 * Simplification: the world is not stopped for the length of the call: the
 * other Ms give their Ps up at their next scheduling point, a few
 * microseconds later (or, for a call-free loop on Go < 1.14, at its end).
 */
#include "procresize.h"
#include "sched.h"
#include "proc.h"
#include "mthread.h"
#include "runq.h"
#include "sysmon.h"
#include "timers.h"
#include "trace.h"

void p_retire(gmp_engine *e, p_t *pp)
{
	int32_t gi;
	if (pp->runnext != NIL) {
		globrunqput(e, pp->runnext);
		pp->runnext = NIL;
	}
	bool inherit;
	while (!runqempty(pp) && (gi = runqget(e, pp, &inherit)) != NIL)
		globrunqput(e, gi);
	while (pp->ntimers > 0) {
		int32_t ti = pp->timers[pp->ntimers - 1];
		timer_del(e, ti);
		timer_add(e, ti, P(e, 0));
	}
	pp->retiring = false;
	pp->status = P_DEAD;
	pp->m = NIL;
	pp->syscallm = NIL;
	seg_open(e, pp, SEG_IDLE, -1);   /* a dead P: nothing runs there */
}

/* pidle_remove takes pi off the idle list. */
static void pidle_remove(gmp_engine *e, int32_t pi)
{
	for (int32_t *at = &e->pidle; *at != NIL; at = &P(e, *at)->link)
		if (*at == pi) {
			*at = P(e, pi)->link;
			P(e, pi)->link = NIL;
			P(e, pi)->onidle = false;
			e->npidle--;
			return;
		}
}

static void grow(gmp_engine *e, int n)
{
	for (int i = e->gomaxprocs; i < n; i++) {
		p_t *pp = P(e, i);
		if (pp->retiring) {   /* not destroyed yet: it simply stays */
			pp->retiring = false;
			continue;
		}
		pp->m = pp->link = pp->runnext = pp->syscallm = NIL;
		pp->runqhead = pp->runqtail = 0;
		pp->slice_start = e->now;
		pidleput(e, i);
	}
	e->gomaxprocs = n;
	wakep(e);
}

static void shrink(gmp_engine *e, m_t *caller, int n)
{
	int old = e->gomaxprocs;
	e->gomaxprocs = n;
	for (int i = n; i < old; i++) {
		p_t *pp = P(e, i);
		if (pp->onidle) {
			pidle_remove(e, i);
			p_retire(e, pp);
		} else if (pp->status == P_SYSCALL) {
			p_retire(e, pp);   /* exitsyscall finds it gone: the slow path */
		} else if (pp->status != P_DEAD) {
			pp->retiring = true;
			if (pp->m != caller->id)
				preemptone(e, pp);
		}
	}
}

void procresize(gmp_engine *e, m_t *mp, int n)
{
	if (n < 1 || n > e->nprocs || n == e->gomaxprocs)
		return;
	if (n > e->gomaxprocs)
		grow(e, n);
	else
		shrink(e, mp, n);
}
