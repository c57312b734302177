/*
 * throw.c — throw: the one report of an engine bug (throw.h says when).
 *
 * The runtime's throw prints "fatal error: MSG" and every goroutine's stack.
 * The engine has no stacks to show; what tells its bug apart is where the
 * run was and what the scheduler's state was, so throw prints:
 *
 *   fatal error: startm: m is spinning
 *   gmpscope: engine bug at t=1.234567ms, event 4521 (heap seq 9876)
 *     M3: phase STEAL, P1, curg G7, spinning, nextp -1, lockedg -1
 *     P1: running, M3, runq 12, runnext G9, schedtick 40
 *     sched: gomaxprocs 2, npidle 0, nmidle 1, nmspinning 1, mcount 4, runqsize 0
 *
 * and aborts. "event" is the number of trace events emitted so far (the next
 * event's seq, as the UI numbers them); "heap seq" counts timed events pushed.
 */
#include <stdio.h>
#include <stdlib.h>

#include "sched.h"
#include "runq.h"

static const char *const phase_names[] = {
	[PH_NONE] = "NONE", [PH_EXEC] = "EXEC", [PH_SCHED] = "SCHED",
	[PH_IDLE] = "IDLE", [PH_LOCKIDLE] = "LOCKIDLE", [PH_SYSCALL] = "SYSCALL",
	[PH_NETPOLL] = "NETPOLL", [PH_START] = "START", [PH_SPINFAIL] = "SPINFAIL",
	[PH_SYSRET] = "SYSRET", [PH_STEAL] = "STEAL", [PH_STEALNEXT] = "STEALNEXT",
	[PH_DROPPED] = "DROPPED", [PH_DEAD] = "DEAD", [PH_GCWORK] = "GCWORK",
};

static const char *const pstatus_names[] = {
	[P_IDLE] = "idle", [P_RUNNING] = "running", [P_SYSCALL] = "syscall",
	[P_GCSTOP] = "gcstop", [P_DEAD] = "dead",
};

/* goid_of names slot gi's goroutine (-1 for none or a bad slot). */
static int goid_of(const gmp_engine *e, int32_t gi)
{
	return gi >= 0 && gi < e->gs.n ? G(e, gi)->goid : -1;
}

static void report_m(const gmp_engine *e, const m_t *mp)
{
	const char *ph = mp->phase < sizeof phase_names / sizeof *phase_names ? phase_names[mp->phase] : NULL;
	fprintf(stderr, "  M%d: phase %s, P%d, curg G%d, %s, nextp %d, lockedg G%d\n",
	        mp->id, ph ? ph : "?", mp->p, goid_of(e, mp->curg),
	        mp->spinning ? "spinning" : "not spinning", mp->nextp, goid_of(e, mp->lockedg));
}

static void report_p(const gmp_engine *e, const p_t *pp)
{
	const char *st = pp->status < sizeof pstatus_names / sizeof *pstatus_names ? pstatus_names[pp->status] : NULL;
	fprintf(stderr, "  P%d: %s, M%d, runq %d, runnext G%d, schedtick %u\n",
	        pp->id, st ? st : "?", pp->m, runqlen(pp), goid_of(e, pp->runnext), pp->schedtick);
}

_Noreturn void throw(const gmp_engine *e, const m_t *mp, const p_t *pp, const char *msg)
{
	fprintf(stderr, "fatal error: %s\n", msg);
	fprintf(stderr, "gmpscope: engine bug at t=%lld.%06lldms, event %llu (heap seq %llu)\n",
	        (long long)(e->now / MS), (long long)(e->now % MS),
	        (unsigned long long)e->nevents, (unsigned long long)e->evseq);
	if (mp)
		report_m(e, mp);
	if (pp)
		report_p(e, pp);
	else if (mp && mp->p >= 0 && mp->p < e->gomaxprocs)
		report_p(e, &e->ps[mp->p]);
	fprintf(stderr, "  sched: gomaxprocs %d, npidle %d, nmidle %d, nmspinning %d, mcount %d, runqsize %d\n",
	        e->gomaxprocs, e->npidle, e->nmidle, e->nmspinning, e->mcount, e->runqsize);
	abort();
}
