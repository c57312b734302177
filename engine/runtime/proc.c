/*
 * proc.c — goroutines' lives, after runtime/proc.go: newproc, gopark,
 * goready, gosched, goexit0, the end of a program and checkdead, plus the
 * primitives every part of the engine uses to move an M through time
 * (m_busy, m_block, m_wake) and the sched lock. The scheduler round itself
 * (schedule, findRunnable, stealing, the M's phases) is in schedule.c.
 *
 * An M runs the scheduler when its G blocks, yields or exits. An M that
 * finds nothing releases its P, blocks in netpoll if timers or network
 * waiters exist and nobody else polls, and otherwise parks on the idle list
 * (stopm) — where checkdead() may find the program deadlocked.
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

#include "proc.h"
#include "sched.h"
#include "cpu.h"
#include "event_heap.h"
#include "goidx.h"
#include "mthread.h"
#include "race.h"
#include "rand.h"
#include "runq.h"
#include "timers.h"
#include "trace.h"

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
void seg_open(gmp_engine *e, p_t *pp, gmp_segkind kind, int32_t g)
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
	if (g_counted(gp->status) != g_counted((uint8_t)st))
		e->linecount[g_line(e, gp)] += g_counted((uint8_t)st) ? 1 : -1;
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

/* gfree_put counts a dead G on pp's free list (gfput, after proc.go): at 64
 * the P moves all but 31 to the global list; without a P (a locked thread
 * that exits) it goes to the global list. */
static void gfree_put(gmp_engine *e, p_t *pp)
{
	if (!pp) {
		e->sched_gfreecnt++;
		return;
	}
	if (++pp->gfreecnt >= 64) {
		e->sched_gfreecnt += pp->gfreecnt - 31;
		pp->gfreecnt = 31;
	}
}

/* gfree_get counts a reused G off pp's free list (gfget): an empty list
 * first refills up to 32 from the global one. */
static void gfree_get(gmp_engine *e, p_t *pp)
{
	if (pp && pp->gfreecnt == 0) {
		int32_t n = e->sched_gfreecnt < 32 ? e->sched_gfreecnt : 32;
		e->sched_gfreecnt -= n;
		pp->gfreecnt += n;
	}
	if (pp && pp->gfreecnt > 0)
		pp->gfreecnt--;
	else if (e->sched_gfreecnt > 0)
		e->sched_gfreecnt--;
}

/* gfget_finds: would gfget find a dead G to reuse, on pp's free list or
 * (refilling it) on the global one? */
bool gfget_finds(const gmp_engine *e, const p_t *pp)
{
	return (pp && pp->gfreecnt > 0) || e->sched_gfreecnt > 0;
}

/* newproc creates a goroutine running fn and puts it in the current P's
 * runnext (parent NIL: runtime.main's own G). */
int32_t newproc(gmp_engine *e, int fn, int arg, int32_t parent)
{
	bool reused = e->gfree != NIL;
	int32_t gi = galloc(e);
	g_t *gp = G(e, gi);
	int32_t pm = parent != NIL ? G(e, parent)->m : NIL;
	if (reused) {
		e->gcount[G_DEAD]--;   /* a reused slot (gfget) */
		gfree_get(e, pm != NIL && M(e, pm)->p != NIL ? P(e, M(e, pm)->p) : NULL);
		/* the dead g's line is in the cache of the CPU that freed it */
		if (pm != NIL && gp->linem != NIL && gp->linem != pm) {
			e->xcost += COST_G_LINE;
			e->mt.sched_ns += COST_G_LINE;
		}
	} else {
		heap_alloc(e, G_HEAP_BYTES);   /* malg: new(g), kept in allgs */
	}
	memset(gp, 0, sizeof *gp);
	gp->ext = NIL;
	gp->goid = ++e->ngoid;
	gp->status = G_IDLE;
	e->gcount[G_IDLE]++;
	goidx_add(e, gi);
	gp->fn = gp->entry = (uint16_t)fn;
	e->linecount[g_line(e, gp)]++;   /* G_IDLE, at the function's entry */
	gp->m = gp->schedlink = NIL;
	gp->arg = arg;
	gp->work_left = -1;
	gp->runnable_since = -1;
	gp->touched = e->gact;   /* its creator just wrote it: warm */
	gp->linem = pm;
	g_set_item_time(e, gp, e->now);
	gp->sel = SEL_NONE;
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
	}
	return gi;
}

/* g_cold: the CPU that starting gp costs beyond a warm start, from how many
 * other Gs started since it last ran (its memory left the caches: costs.h,
 * COST_COLD_G); stamps gp as just run. */
int64_t g_cold(gmp_engine *e, g_t *gp)
{
	uint32_t d = ++e->gact - gp->touched;
	gp->touched = e->gact;
	if (d <= COLD_G_FROM)
		return 0;
	if (d >= COLD_G_FROM + COLD_G_SPAN)
		return COST_COLD_G;
	return (int64_t)COST_COLD_G * (d - COLD_G_FROM) / COLD_G_SPAN;
}

/* goexit0 finishes gi on mp (deferred calls already ran). */
void goexit0(gmp_engine *e, m_t *mp, int32_t gi)
{
	g_t *gp = G(e, gi);
	bool locked = g_lockedm(e, gp) != NIL;
	gmp_event *ev = trace_emit(e, EV_GOEXIT, mp->p, mp->id, gp->goid, -1, 0);
	ev->aux = gp->entry;
	g_setstatus(e, gp, G_DEAD, WAIT_NONE);
	goidx_del(e, gp);   /* the views' goid index (goidx.c) */
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
		seg_open(e, P(e, mp->p), SEG_SCHED, -1);
	/* gfput: the slot is reused; its stack is garbage until the next GC */
	gp->schedlink = e->gfree;
	e->gfree = gi;
	gfree_put(e, mp->p != NIL ? P(e, mp->p) : NULL);
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
		seg_open(e, P(e, mp->p), SEG_SCHED, -1);
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
		seg_open(e, P(e, mp->p), SEG_SCHED, -1);
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
	seg_open(e, P(e, mp->p), SEG_SCHED, -1);
	e->mt.sched_ns += COST_GOSCHED;
	m_busy(e, mp, COST_GOSCHED, PH_SCHED);
}

/* --- the end of a program ----------------------------------------------- */

/* process_gone: the program ended (exit or fatal error) and the process is
 * gone with every thread in it, so nothing runs any more: each P is dead
 * with no M and its timeline ends; no M holds a P, runs a G or spins. A G
 * that was running keeps its status and counters (the metrics are the
 * process's at its end); the views read it as stopped where it was
 * (runnable, views.c). The
 * run loop calls it once the event that ended the run is over, as the code
 * that exits or dies may still use its M and P on the way out. */
void process_gone(gmp_engine *e)
{
	for (int i = 0; i < e->gomaxprocs; i++) {
		p_t *pp = P(e, i);
		seg_open(e, pp, SEG_IDLE, -1);
		pp->status = P_DEAD;
		pp->m = NIL;
	}
	for (int i = 0; i < e->ms.n; i++) {
		m_t *mp = M(e, i);
		if (mp->phase == PH_DEAD || mp->sysmon)
			continue;
		mp->p = NIL;
		mp->curg = NIL;
		mp->spinning = false;
		mp->throttled = false;
		mp->cpuwait = false;
		mp->phase = PH_IDLE;
	}
}

/* run_over ends the run in state st, settling the end-of-run figures. */
void run_over(gmp_engine *e, gmp_runstate st)
{
	e->state = st;
	e->mt.end_time = e->now;
	e->mt.leaked_at_exit = e->nlive - (e->main_g != NIL ? 1 : 0);
	cpu_account(e);
}

/* engine_fatal_status ends the program with msg and exit status code (the
 * runtime's throw exits 2; the race runtime's own death exits 66). */
void engine_fatal_status(gmp_engine *e, gmp_evkind k, const char *msg, int code)
{
	if (e->state != RUN_RUNNING)
		return;
	snprintf(e->fatal, sizeof e->fatal, "%s", msg);
	e->exit_code = code;
	if (k == EV_DEADLOCK)
		e->mt.deadlock = 1;
	trace_emit(e, k, -1, -1, -1, -1, code);
	run_over(e, RUN_FATAL);
}

void engine_fatal_error(gmp_engine *e, gmp_evkind k, const char *msg)
{
	engine_fatal_status(e, k, msg, 2);
}

void engine_exit(gmp_engine *e, int code)
{
	if (e->state != RUN_RUNNING)
		return;
	e->exit_code = code;
	trace_emit(e, EV_EXIT, -1, -1, -1, -1, code);
	run_over(e, RUN_EXITED);
}

/* engine_oom_kill: the memory cgroup's limit is hard. The kernel's OOM
 * killer sends SIGKILL, which no handler can catch: the Go runtime prints
 * nothing and the shell sees 137. (Go's own "fatal error: runtime: out of
 * memory" comes only when the OS refuses an mmap, e.g. under ulimit -v.) */
void engine_oom_kill(gmp_engine *e)
{
	if (e->state != RUN_RUNNING)
		return;
	e->exit_code = 128 + 9;
	gmp_event *ev = trace_emit(e, EV_EXIT, -1, -1, -1, -1, e->exit_code);
	ev->aux2 = EXIT_OOM_KILL;
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
	GMP_CHECK(e, run == 0, NULL, NULL, "checkdead: inconsistent counts");
	if (e->gcount[G_WAITING] == 0) {
		engine_fatal_error(e, EV_DEADLOCK, "fatal error: no goroutines (main called runtime.Goexit) - deadlock!");
		return;
	}
	if (timers_any(e))
		return;
	engine_fatal_error(e, EV_DEADLOCK, "fatal error: all goroutines are asleep - deadlock!");
}
