/*
 * exec_proc.c — goroutines and threads, as a goroutine's code drives them:
 * `go`, Gosched, Goexit, os.Exit, print, LockOSThread, and thread-bound
 * state (a goroutine binds it on its thread, then uses it: is it still on
 * that thread?).
 *
 * The lives of goroutines are in proc.c (newproc, gosched, goexit0) and of
 * threads in mthread.c (lockOSThread and the locked hand-offs); these ops
 * call into them. Each of these ops is a call, where a pending preemption is
 * honoured first (is_call in exec.c), except the thread-local reads and
 * writes, which stand for plain memory accesses.
 */
#include "procresize.h"
#include "exec.h"
#include "mthread.h"
#include "mgc.h"
#include "proc.h"
#include "trace.h"

/* loop_i is the innermost loop counter (go f(i), send i), else the G's arg. */
static int32_t loop_i(gmp_engine *e, g_t *gp)
{
	for (int k = gp->depth - 1; k >= 0; k--) {
		if (gp->callmask & (1u << k))
			break;
		return *g_frame(e, gp, k);
	}
	return gp->arg;
}

/* exec_go runs `go f(i)` (newproc, after proc.go): the child, whose `arg`
 * is the creator's innermost loop counter, goes to this P's runnext.
 * newproc1 takes a dead G from the P's free list, or the global one
 * (gfget); when there is none, malg allocates a G and its stack, which
 * costs the spawner ten times more, may assist a mark in progress and may
 * start a GC cycle. */
exec_step exec_go(exec_ctx *x, const gmp_op *op)
{
	gmp_engine *e = x->e;
	g_t *gp = x->gp;
	bool malg = !gfget_finds(e, P(e, x->mp->p));
	x->cost = malg ? COST_NEWPROC_MALG + gcAssistAlloc(e, x->gi, G_HEAP_BYTES) : COST_NEWPROC_GFGET;
	e->mt.sched_ns += malg ? COST_NEWPROC_MALG : COST_NEWPROC_GFGET;
	gp->iterflags |= IT_PROGRESS;
	gp->pc++;
	int64_t v[GMP_MAX_LOCALS];
	int n = exec_eval_args(e, gp, op, v);   /* in the creator, before newproc */
	if (n < 0)
		return STEP_STOP;
	int32_t child = newproc(e, op->obj, loop_i(e, gp), x->gi);
	exec_store_args(e, G(e, child), op->obj, v, n);
	x->cost += gc_maybe(e);
	return STEP_NEXT;
}

/* exec_gosched runs runtime.Gosched (gosched_m, after proc.go): the G goes
 * to the global queue and the M schedules. */
exec_step exec_gosched(exec_ctx *x, const gmp_op *op)
{
	(void)op;
	x->gp->pc++;
	x->e->now += COST_BRANCH;
	gosched(x->e, x->mp, false);
	return STEP_STOP;
}

/* exec_goexit runs runtime.Goexit (after panic.go): every deferred call
 * runs, then the goroutine ends (goexit1 → goexit0). */
exec_step exec_goexit(exec_ctx *x, const gmp_op *op)
{
	(void)op;
	return exec_leave(x->e, x->mp, x->gi, true) ? STEP_NEXT : STEP_STOP;
}

/* exec_exit runs os.Exit(op->a): the process ends at once, deferred calls
 * unrun. */
exec_step exec_exit(exec_ctx *x, const gmp_op *op)
{
	engine_exit(x->e, (int)op->a);
	return STEP_STOP;
}

/* exec_print runs fmt.Println of the program's string op->obj: the class
 * sees it as an event's caption. */
exec_step exec_print(exec_ctx *x, const gmp_op *op)
{
	m_t *mp = x->mp;
	g_t *gp = x->gp;
	gmp_event *ev = trace_emit(x->e, EV_PRINT, mp->p, mp->id, gp->goid, -1, 0);
	ev->aux2 = op->obj;
	x->cost = COST_PRINT;
	gp->iterflags |= IT_PROGRESS;
	gp->pc++;
	return STEP_NEXT;
}

/* exec_lockosthread runs runtime.LockOSThread (after proc.go): the G and
 * its M are wired together (lockOSThread, mthread.c). */
exec_step exec_lockosthread(exec_ctx *x, const gmp_op *op)
{
	(void)op;
	x->cost = COST_LOCKOSTHREAD;
	lockOSThread(x->e, x->mp, x->gp, x->gi);
	x->gp->pc++;
	return STEP_NEXT;
}

/* exec_unlockosthread runs runtime.UnlockOSThread (after proc.go): undoes
 * one LockOSThread; the last one unwires the G. */
exec_step exec_unlockosthread(exec_ctx *x, const gmp_op *op)
{
	(void)op;
	x->cost = COST_LOCKOSTHREAD;
	unlockOSThread(x->e, x->mp, x->gp);
	x->gp->pc++;
	return STEP_NEXT;
}

/* exec_tls_set binds op->a to the current thread (a C library's
 * thread-local state, such as a graphics context made current): the G
 * remembers which thread it bound on. What the state needs later is that
 * thread, by identity (gettid), not a value stored on it: another G binding
 * on the same thread in between does not move this one. 0 releases it. */
exec_step exec_tls_set(exec_ctx *x, const gmp_op *op)
{
	gext_t *gx = g_ext(x->e, x->gp);
	gx->tlsv = (int32_t)op->a;
	gx->tlsm = op->a != 0 ? x->mp->id : NIL;
	x->mp->tls = (int32_t)op->a;
	x->gp->pc++;
	return STEP_NEXT;
}

/* exec_tls_check uses the state bound as op->a: a mismatch is a G running
 * on another thread than the one it bound on (or one that bound another
 * value, or none). */
exec_step exec_tls_check(exec_ctx *x, const gmp_op *op)
{
	gmp_engine *e = x->e;
	g_t *gp = x->gp;
	e->mt.tls_checks++;
	bool bound = gp->ext != NIL && GX(e, gp->ext)->tlsm == x->mp->id &&
	             GX(e, gp->ext)->tlsv == (int32_t)op->a;
	if (!bound)
		e->mt.tls_mismatch++;
	gp->pc++;
	return STEP_NEXT;
}

/* exec_gomaxprocs runs runtime.GOMAXPROCS(op->a) (procresize.c): when the
 * caller's own P is destroyed, it yields and continues on another P. */
exec_step exec_gomaxprocs(exec_ctx *x, const gmp_op *op)
{
	gmp_engine *e = x->e;
	m_t *mp = x->mp;
	x->cost = COST_PROCRESIZE;
	x->gp->pc++;
	procresize(e, mp, (int)op->a);
	if (mp->p != NIL && P(e, mp->p)->retiring) {
		e->now += x->cost;
		goyield(e, mp);
		return STEP_STOP;
	}
	return STEP_NEXT;
}
