/*
 * mthread.c — Ps and Ms, after proc.go: the idle P list (pidleget/pidleput),
 * acquirep/releasep, thread creation (newm, with the thread limit), the idle
 * M list (mput/mget), stopm, startm, wakep, handoffp, mexit, and
 * LockOSThread with the locked hand-offs (stoplockedm/startlockedm).
 *
 * Threads are created on demand when startm finds no idle M, and never freed
 * except when a goroutine exits while locked to one (mexit).
 */
#include <stdio.h>
#include <string.h>

#include "mthread.h"
#include "procresize.h"
#include "sched.h"
#include "proc.h"
#include "noise.h"
#include "runq.h"
#include "sysmon.h"
#include "trace.h"
/* --- Ps ----------------------------------------------------------------- */

/* pidleget takes a P off the idle list (NIL when none is idle). */
int32_t pidleget(gmp_engine *e)
{
	int32_t pi = e->pidle;
	if (pi == NIL)
		return NIL;
	e->pidle = P(e, pi)->link;
	P(e, pi)->link = NIL;
	P(e, pi)->onidle = false;
	e->npidle--;
	GMP_CHECK(e, e->npidle >= 0, NULL, P(e, pi), "pidleget: npidle out of range");
	return pi;
}

/* pidleput puts pi on the idle list. Its run queue must be empty: work on an
 * idle P is work nobody will find (after a fatal error the run is over and
 * startm may give back a P with work: no check then). */
void pidleput(gmp_engine *e, int32_t pi)
{
	p_t *pp = P(e, pi);
	if (pp->retiring) {   /* beyond GOMAXPROCS: destroyed, not idle */
		p_retire(e, pp);
		return;
	}
	GMP_CHECK(e, runqempty(pp) || e->state != RUN_RUNNING, NULL, pp, "pidleput: P has non-empty run queue");
	GMP_CHECK(e, !pp->onidle, NULL, pp, "pidleput: P is already idle");
	pp->status = P_IDLE;
	pp->m = NIL;
	pp->link = e->pidle;
	pp->onidle = true;
	e->pidle = pi;
	e->npidle++;
	GMP_CHECK(e, e->npidle <= e->gomaxprocs, NULL, pp, "pidleput: npidle out of range");
	seg_open(e, pp, SEG_IDLE, -1);
}

/* acquirep associates pi with mp (wirep): an M holds one P at most, and
 * only an idle P that no M holds can be taken. */
void acquirep(gmp_engine *e, m_t *mp, int32_t pi)
{
	p_t *pp = P(e, pi);
	GMP_CHECK(e, mp->p == NIL, mp, pp, "wirep: already in go");
	GMP_CHECK(e, pp->m == NIL && pp->status == P_IDLE, mp, pp, "wirep: invalid p state");
	mp->p = pi;
	pp->m = mp->id;
	pp->status = P_RUNNING;
	sysmon_wake(e);
}

/* releasep disassociates mp from its P and returns it (NIL: it had none;
 * the runtime throws there, its callers test m.p first). */
int32_t releasep(gmp_engine *e, m_t *mp)
{
	int32_t pi = mp->p;
	if (pi == NIL)
		return NIL;
	GMP_CHECK(e, P(e, pi)->m == mp->id && P(e, pi)->status == P_RUNNING, mp, P(e, pi),
	          "releasep: invalid p state");
	P(e, pi)->m = NIL;
	P(e, pi)->status = P_IDLE;
	/* no M runs it now, whether it goes on the idle list or is handed to
	 * another M: its timeline says idle, as its row does */
	seg_open(e, P(e, pi), SEG_IDLE, -1);
	mp->p = NIL;
	return pi;
}

/* --- Ms ----------------------------------------------------------------- */

static void mput(gmp_engine *e, m_t *mp);

/* newm creates an OS thread to run pi (NIL: none). The thread limit counts
 * live Ms (checkmcount); past it the runtime dies with thread exhaustion. */
int32_t newm(gmp_engine *e, int32_t pi, bool sys)
{
	/* m0 and sysmon exist before the program can lower the limit */
	if (e->ms.n >= 2 && e->mcount + 1 > e->cfg.maxthreads) {
		char msg[200];
		snprintf(msg, sizeof msg, "runtime: program exceeds %d-thread limit\nfatal error: thread exhaustion",
		         e->cfg.maxthreads);
		engine_fatal_error(e, EV_FATAL, msg);
		return NIL;
	}
	SLAB_GROW(e->ms);
	int32_t id = e->ms.n++;
	m_t *mp = M(e, id);
	memset(mp, 0, sizeof *mp);
	mp->id = id;
	mp->p = mp->oldp = mp->curg = mp->lockedg = mp->schedlink = NIL;
	mp->nextp = pi;
	mp->born = e->now;
	mp->died = -1;
	mp->tls = 0;
	mp->sysmon = sys;
	e->mcount++;
	e->mt.threads_created++;
	if (e->mcount > e->mt.threads_peak)
		e->mt.threads_peak = e->mcount;
	gmp_event *ev = trace_emit(e, EV_NEWM, pi, id, -1, -1, e->mcount);
	(void)ev;
	if (!sys)
		m_wake(e, mp, LAT_NEWM, PH_START);
	return id;
}

/* mput puts mp on the idle M list (sched.midle, LIFO). */
static void mput(gmp_engine *e, m_t *mp)
{
	mp->schedlink = e->midle;
	e->midle = mp->id;
	e->nmidle++;
}

/* mget takes the most recently parked M off the idle list, or NULL. */
static m_t *mget(gmp_engine *e)
{
	int32_t id = e->midle;
	if (id == NIL)
		return NULL;
	m_t *mp = M(e, id);
	e->midle = mp->schedlink;
	mp->schedlink = NIL;
	e->nmidle--;
	return mp;
}

/* newm_parked creates an M that is already parked in stopm: the two Ms
 * runtime.main's start-up leaves idle in a Go 1.19 program (one woken by
 * wakep when init starts forcegchelper and bgsweep, one by handoffp while
 * main, locked to m0, waits in gcenable). Real: `threads -child -mode idle`
 * (tests/real/threads, GODEBUG=schedtrace=1,scheddetail=1, MEASURED.md
 * (n')): threads=4 from 1 ms on, M2 and M3 blocked=true. A later wakep
 * finds them on the idle list (a futex wake, not a clone). A thread limit
 * below 4 kills the program here, as debug.SetMaxThreads's own checkmcount
 * does when main lowers it under the threads that exist. */
void newm_parked(gmp_engine *e)
{
	int32_t id = newm(e, NIL, true);   /* sys: no start-up wake */
	if (id == NIL)
		return;
	m_t *mp = M(e, id);
	mp->sysmon = false;
	mput(e, mp);
	/* the runtime's start-up (schedinit, the first package inits) takes
	 * 0.13-22 ms before main runs (GODEBUG=inittrace=1, MEASURED.md (t'')):
	 * these Ms have long left their CPUs when main's first `go` wakes one */
	mp->parked_at = e->now - MS;
	trace_emit(e, EV_STOPM, -1, mp->id, -1, -1, e->nmidle);
	m_block(e, mp, PH_IDLE);
}

/* stopm parks mp on the idle list until startm hands it a P (PH_IDLE; the
 * runtime's stopm returns from mPark with the P, here PH_START takes it). */
void stopm(gmp_engine *e, m_t *mp)
{
	GMP_CHECK(e, mp->p == NIL, mp, NULL, "stopm holding p");
	GMP_CHECK(e, !mp->spinning, mp, NULL, "stopm spinning");
	mput(e, mp);
	mp->parked_at = e->now;
	trace_emit(e, EV_STOPM, -1, mp->id, -1, -1, e->nmidle);
	m_block(e, mp, PH_IDLE);
	checkdead(e);
}

/* startm schedules some M to run pi (an idle one, else a new one). With
 * spinning, the caller has counted it in nmspinning. The runtime's startm
 * also takes an idle P itself when given none; every caller here passes
 * one. */
void startm(gmp_engine *e, int32_t pi, bool spinning)
{
	m_t *mp = mget(e);
	if (mp == NULL) {
		int32_t id = newm(e, pi, false);
		if (id == NIL) {
			if (pi != NIL)
				pidleput(e, pi);
			if (spinning)
				e->nmspinning--;
			GMP_CHECK(e, e->nmspinning >= 0, NULL, NULL, "startm: negative nmspinning");
			return;
		}
		M(e, id)->spinning = spinning;
		return;
	}
	GMP_CHECK(e, !mp->spinning, mp, NULL, "startm: m is spinning");
	GMP_CHECK(e, mp->nextp == NIL, mp, NULL, "startm: m has p");
	GMP_CHECK(e, !spinning || pi == NIL || runqempty(P(e, pi)), mp, pi == NIL ? NULL : P(e, pi),
	          "startm: p has runnable gs");
	mp->spinning = spinning;
	mp->nextp = pi;
	trace_emit(e, EV_STARTM, pi, mp->id, -1, -1, 0);
	/* an M that parked a moment ago has not left its CPU yet: futexsleep
	 * finds the note already set and returns at once; else the OS wakes
	 * the thread (noise_futex_wake) */
	int64_t since = e->now - mp->parked_at;
	m_wake(e, mp, since < LAT_FUTEX_SLEEP ? jitter(e, LAT_FUTEX_SLEEP - since) : noise_futex_wake(e, since), PH_START);
}

/* wakep tries to add one more spinning M to run idle Ps, if none spins yet
 * (proc.go, Go 1.21+: wakep). With no idle P it sets needspinning, as
 * pidlegetSpinning does (spinfail says why the engine does not act on it). */
void wakep(gmp_engine *e)
{
	if (e->nmspinning != 0)
		return;
	e->nmspinning++;
	int32_t pi = pidleget(e);
	if (pi == NIL) {
		e->nmspinning--;
		GMP_CHECK(e, e->nmspinning >= 0, NULL, NULL, "wakep: negative nmspinning");
		e->needspinning = true;
		return;
	}
	startm(e, pi, true);
}

/* handoff_to reports pi's hand-off and starts an M for it. */
static void handoff_to(gmp_engine *e, int32_t pi, bool spinning)
{
	/* the M that will get pi: the idle list's head, else a new one */
	int32_t mid = e->midle != NIL ? e->midle : e->ms.n;
	trace_emit(e, EV_HANDOFF, pi, mid, -1, -1, 0);
	startm(e, pi, spinning);
}

/* handoffp hands off pi from a blocked or exiting M (proc.go: handoffp):
 * an M is started for it if findRunnable would find work there, else it
 * goes idle. The runtime also starts one for trace-reader and GC work and
 * handles a pending stop-the-world and safe-point function (no GC or tracer
 * here), and re-checks the global queue under the sched lock (the first
 * test below already looked: nothing runs in between here). */
void handoffp(gmp_engine *e, int32_t pi)
{
	p_t *pp = P(e, pi);
	e->mt.handoffs++;
	if (!runqempty(pp) || e->runqsize > 0) {
		handoff_to(e, pi, false);
		return;
	}
	if (e->nmspinning + e->npidle == 0) {
		e->nmspinning++;
		handoff_to(e, pi, true);
		return;
	}
	/* the last running P and nobody polls the network: an M must poll */
	if (e->npidle == e->gomaxprocs - 1 && e->lastpoll != 0) {
		handoff_to(e, pi, false);
		return;
	}
	trace_emit(e, EV_HANDOFF, pi, -1, -1, -1, 0);
	pidleput(e, pi);
	/* The runtime then calls wakeNetPoller for the P's next timer. The
	 * engine does not: an M blocked in netpoll sleeps until the earliest
	 * timer of every P (park_or_poll), and the timer's own add already
	 * called wakeNetPoller (time.c). */
}

/* mexit ends mp: its P is handed off and the thread is gone. The main
 * thread cannot exit: it parks forever instead (counted as freed). */
void mexit(gmp_engine *e, m_t *mp, int goid)
{
	int32_t pi = releasep(e, mp);
	bool m0 = mp->id == e->m0;
	mp->died = m0 ? -1 : e->now;
	mp->wedged = m0;
	e->mcount--;
	if (m0)
		e->mt.threads_wedged++;
	else
		e->mt.threads_exited++;
	gmp_event *ev = trace_emit(e, EV_MEXIT, pi, mp->id, goid, -1, 0);
	ev->aux2 = m0;
	m_block(e, mp, PH_DEAD);
	mp->lockedg = NIL;
	if (pi != NIL)
		handoffp(e, pi);
	checkdead(e);
}

/* --- LockOSThread ------------------------------------------------------- */

void lockOSThread(gmp_engine *e, m_t *mp, g_t *gp, int32_t gi)
{
	if (e->template_m == NIL) {
		/* the first LockOSThread starts the template thread (newmHandoff) */
		int32_t id = newm(e, NIL, true);
		if (id == NIL)
			return;
		e->template_m = id;
		e->nmsys++;
		M(e, id)->phase = PH_IDLE;
		M(e, id)->sysmon = false;
		M(e, id)->templ = true;
	}
	gext_t *x = g_ext(e, gp);
	if (x->lockedext < 255)
		x->lockedext++;
	x->lockedm = mp->id;
	mp->lockedg = gi;
	gmp_event *ev = trace_emit(e, EV_LOCKED, mp->p, mp->id, gp->goid, -1, 0);
	ev->aux2 = LOCKED_LOCK;
}

void unlockOSThread(gmp_engine *e, m_t *mp, g_t *gp)
{
	if (g_lockedext(e, gp) == 0)
		return;
	gext_t *x = g_ext(e, gp);
	if (--x->lockedext == 0) {
		x->lockedm = NIL;
		mp->lockedg = NIL;
	}
	gmp_event *ev = trace_emit(e, EV_LOCKED, mp->p, mp->id, gp->goid, -1, 0);
	ev->aux2 = LOCKED_UNLOCK;
}

/* stoplockedm: mp's locked G blocked; give the P away and wait for it. */
void stoplockedm(gmp_engine *e, m_t *mp)
{
	GMP_CHECK(e, mp->lockedg != NIL && g_lockedm(e, G(e, mp->lockedg)) == mp->id, mp, NULL,
	          "stoplockedm: inconsistent locking");
	int32_t pi = releasep(e, mp);
	if (pi != NIL)
		handoffp(e, pi);
	e->nmidlelocked++;
	m_block(e, mp, PH_LOCKIDLE);
	checkdead(e);
}

/* startlockedm: the G we found is locked to another M: hand it our P and
 * stop ourselves. Two thread hand-offs per wake-up. */
void startlockedm(gmp_engine *e, m_t *mp, int32_t gi)
{
	m_t *lm = M(e, g_lockedm(e, G(e, gi)));
	GMP_CHECK(e, lm != mp, mp, NULL, "startlockedm: locked to me");
	GMP_CHECK(e, lm->nextp == NIL, lm, NULL, "startlockedm: m has p");
	int32_t pi = releasep(e, mp);
	lm->nextp = pi;
	lm->curg = gi;
	gmp_event *ev = trace_emit(e, EV_LOCKED, pi, lm->id, G(e, gi)->goid, -1, 0);
	ev->aux2 = LOCKED_HANDOFF;
	e->nmidlelocked--;
	m_wake(e, lm, LAT_FUTEX_WAKE, PH_LOCKIDLE);
	if (mp->spinning) {
		mp->spinning = false;
		e->nmspinning--;
	}
	stopm(e, mp);
}

