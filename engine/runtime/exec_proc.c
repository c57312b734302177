/*
 * exec_proc.c — goroutines and threads, as a goroutine's code drives them:
 * `go`, Gosched, Goexit, os.Exit, print, LockOSThread, and what a thread
 * holds (thread-local state).
 *
 * The lives of goroutines are in proc.c (newproc, gosched, goexit0) and of
 * threads in mthread.c (lockOSThread and the locked hand-offs); these ops
 * call into them. Each of these ops is a call, where a pending preemption is
 * honoured first (is_call in exec.c), except the thread-local reads and
 * writes, which stand for plain memory accesses.
 */
#include "exec.h"
#include "mthread.h"
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
 * is the creator's innermost loop counter, goes to this P's runnext. */
exec_step exec_go(exec_ctx *x, const gmp_op *op)
{
	gmp_engine *e = x->e;
	g_t *gp = x->gp;
	x->cost = COST_NEWPROC;
	e->mt.sched_ns += x->cost;
	gp->iterflags |= IT_PROGRESS;
	gp->pc++;
	newproc(e, op->obj, loop_i(e, gp), x->gi);
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
 * thread-local state, such as a graphics context). */
exec_step exec_tls_set(exec_ctx *x, const gmp_op *op)
{
	x->mp->tls = (int32_t)op->a;
	x->gp->pc++;
	return STEP_NEXT;
}

/* exec_tls_check checks that the current thread still holds op->a: a
 * mismatch means the G ran on another thread than the one it set up. */
exec_step exec_tls_check(exec_ctx *x, const gmp_op *op)
{
	gmp_engine *e = x->e;
	e->mt.tls_checks++;
	if (x->mp->tls != (int32_t)op->a)
		e->mt.tls_mismatch++;
	x->gp->pc++;
	return STEP_NEXT;
}
