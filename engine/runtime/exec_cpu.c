/*
 * exec_cpu.c — what a goroutine computes: WORK, memory, allocation, counters.
 *
 * WORK is the one op that spans virtual time: it ends the batch, and the M
 * stays busy for the WORK's CPU time (g.inwork INWORK_RUNNING; while the OS
 * or the cgroup quota keeps its thread off a CPU, the WORK waits, cpu.c).
 * A preemption may stop it part way (exec_interrupt, from sysmon.c:
 * INWORK_INTERRUPTED, with work_left ns to go); the G's next batch then
 * resumes it, or yields if a preemption is pending (exec_work_resume). A
 * `work ... nocall` loop has no call, so the cooperative request
 * (gp.preempt) cannot stop it: only a SIGURG can.
 *
 * The iteration's CPU (gp.itercpu) counts what each stretch of a WORK really
 * ran, added when the stretch ends (interrupted: work_left - left; completed:
 * work_left), never the WORK's whole length up front: a `work forever`
 * (FOREVER ns) interrupted every 10 ms for seconds would otherwise add and
 * take away ~2^61 at each stretch and overflow.
 *
 * Loads, stores and atomics are instant (a few ns of cost); with the race
 * detector on, each reports its access (race.c), as -race's instrumentation
 * does (raceread/racewrite, after race.go).
 */
#include "exec.h"
#include "metrics.h"
#include "proc.h"
#include "race.h"
#include "timers.h"
#include "mgc.h"
#include "noise.h"

#define FOREVER (INT64_MAX / 4)   /* `work forever`: longer than any run */

/* exec_work_resume settles the op gp was inside when its last batch ended:
 * a finished WORK moves the pc on, an interrupted one runs again for what is
 * left (or the G yields to a pending preemption: gopreempt_m), a returned
 * syscall moves the pc on. STEP_STOP when mp is busy again or gave gp up. */
exec_step exec_work_resume(gmp_engine *e, m_t *mp, g_t *gp)
{
	if (gp->inwork == INWORK_SYSCALL) {   /* back from a syscall / cgo call */
		gp->inwork = INWORK_NONE;
		gp->pc++;
	}
	if (gp->inwork == INWORK_RUNNING) {   /* the WORK completed */
		gp->itercpu += gp->work_left;      /* the last stretch ran in full */
		gp->inwork = INWORK_NONE;
		gp->work_left = -1;
		gp->pc++;   /* CPU work alone is no progress (see end_iteration) */
	} else if (gp->inwork == INWORK_INTERRUPTED) {
		if (gp->preempt && !(mp->work_nocall)) {
			gosched(e, mp, true);   /* gopreempt_m */
			return STEP_STOP;
		}
		gp->inwork = INWORK_RUNNING;
		mp->work_start = e->now;
		m_busy(e, mp, gp->work_left, PH_EXEC);
		return STEP_STOP;
	}
	return STEP_NEXT;
}

/* exec_interrupt stops mp's G at the current point (its WORK keeps the part
 * not done, INWORK_INTERRUPTED) and cancels mp's pending activity. Returns
 * false if mp is not running G code now. */
bool exec_interrupt(gmp_engine *e, m_t *mp)
{
	if (mp->phase != PH_EXEC || mp->curg == NIL)
		return false;
	g_t *gp = G(e, mp->curg);
	if (gp->inwork == INWORK_RUNNING) {
		int64_t left;
		if (e->now < mp->work_start)
			left = gp->work_left;
		else if (mp->oncpu)
			left = mp->busy_end - e->now;
		else
			left = mp->busy_left;
		if (left < 0)
			left = 0;
		if (left > gp->work_left)
			left = gp->work_left;
		gp->itercpu += gp->work_left - left;   /* what this stretch ran */
		gp->work_left = left;
		gp->inwork = INWORK_INTERRUPTED;
	}
	mp->lockspin = 0;   /* a Lock's spin, if any, starts over */
	mp->linefetched = false;
	mp->gen++;
	return true;
}

/* exec_work starts a WORK of op->a ns (< 0: forever): the batch ends and
 * mp is busy on its CPU until the WORK is done or interrupted. */
exec_step exec_work(exec_ctx *x, const gmp_op *op)
{
	gmp_engine *e = x->e;
	m_t *mp = x->mp;
	g_t *gp = x->gp;
	int64_t d = op->a < 0 ? FOREVER : noise_work(e, op->a);   /* this run's CPU speed */
	gp->inwork = INWORK_RUNNING;
	gp->work_left = d;
	mp->work_nocall = (op->flags & OPF_NOCALL) != 0;
	mp->work_start = e->now;
	m_busy(e, mp, d, PH_EXEC);
	return STEP_STOP;
}

/* exec_load loads var op->obj into the G's register (with a later STORE, a
 * non-atomic read-modify-write). */
exec_step exec_load(exec_ctx *x, const gmp_op *op)
{
	gmp_engine *e = x->e;
	g_t *gp = x->gp;
	x->cost = COST_MEMOP;
	if (e->cfg.race)
		race_access(e, x->gi, op->obj, false, false);
	if (e->vars[op->obj] != 0 || gp->ext != NIL)
		g_ext(e, gp)->reg = e->vars[op->obj];
	gp->pc++;
	return STEP_NEXT;
}

/* exec_store stores register + op->a into var op->obj. */
exec_step exec_store(exec_ctx *x, const gmp_op *op)
{
	gmp_engine *e = x->e;
	g_t *gp = x->gp;
	x->cost = COST_MEMOP;
	if (e->cfg.race)
		race_access(e, x->gi, op->obj, true, false);
	e->vars[op->obj] = g_reg(e, gp) + op->a;
	gp->pc++;   /* a plain store synchronises with no one */
	return STEP_NEXT;
}

/* exec_set stores op->a into var op->obj (a plain store). */
exec_step exec_set(exec_ctx *x, const gmp_op *op)
{
	gmp_engine *e = x->e;
	g_t *gp = x->gp;
	x->cost = COST_MEMOP;
	if (e->cfg.race)
		race_access(e, x->gi, op->obj, true, false);
	e->vars[op->obj] = op->a;
	gp->pc++;   /* a plain store synchronises with no one */
	return STEP_NEXT;
}

/* exec_alloc allocates op->a bytes on the heap (mallocgc, after malloc.go):
 * during a mark the G first assists (gcAssistAlloc); the bytes are garbage
 * at once, and may start a GC cycle (gc_maybe). */
exec_step exec_alloc(exec_ctx *x, const gmp_op *op)
{
	gmp_engine *e = x->e;
	x->cost = COST_ALLOC + gcAssistAlloc(e, x->gi, op->a);
	e->mt.allocs++;
	heap_alloc(e, op->a);
	e->heap_garbage += op->a;
	x->gp->pc++;
	x->cost += gc_maybe(e);
	return STEP_NEXT;
}

/* exec_count adds op->a to the program's counter op->obj (completed.NAME)
 * and notes when it moved (last.NAME). A private counter is no progress: a
 * spin that counts its turns still wastes them. */
exec_step exec_count(exec_ctx *x, const gmp_op *op)
{
	gmp_engine *e = x->e;
	e->counters[op->obj] += op->a;
	e->counter_last[op->obj] = e->now;
	x->gp->pc++;
	return STEP_NEXT;
}

/* exec_latency samples into probe op->obj the age of the last item the G
 * received (now - its send time). */
exec_step exec_latency(exec_ctx *x, const gmp_op *op)
{
	gmp_engine *e = x->e;
	histo_add(&e->probes[op->obj], e->now - g_ext(e, x->gp)->item_time);
	x->gp->pc++;
	return STEP_NEXT;
}

/* exec_record samples op->a (a duration the program measured, e.g. since
 * t0) into probe op->obj. */
exec_step exec_record(exec_ctx *x, const gmp_op *op)
{
	histo_add(&x->e->probes[op->obj], op->a < 0 ? 0 : op->a);
	x->gp->pc++;
	return STEP_NEXT;
}

/* exec_gc runs runtime.GC(): a full collection now (gc_run), whatever the
 * heap goal; the calling goroutine pays its cost. */
exec_step exec_gc(exec_ctx *x, const gmp_op *op)
{
	(void)op;
	x->cost = COST_GC_CALL;
	gc_run(x->e);
	x->gp->pc++;
	return STEP_NEXT;
}
