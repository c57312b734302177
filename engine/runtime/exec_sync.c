/*
 * exec_sync.c — package sync and sync/atomic, as a goroutine's code runs them.
 *
 * The Mutex and WaitGroup themselves (their wait queues, starvation mode)
 * live in sema.c, the model of the runtime's semaphores (sema.go). Here is
 * the goroutine's side: Lock and Wait park the G with its pc on the op; the
 * unlocker, or the Done that brings the counter to zero, completes it
 * (g.sel = SEL_DONE), and the op, run again, consumes that.
 *
 * A TryLock that fails, like a flag found unchanged, is a failed poll: a loop
 * of them wastes its CPU (exec_poll_branch, end_iteration in exec_flow.c).
 */
#include "exec.h"
#include "proc.h"
#include "race.h"
#include "sema.h"

/* exec_lock runs Mutex.Lock (sync/mutex.go; lockSlow parks in
 * semacquire1, after sema.go). */
exec_step exec_lock(exec_ctx *x, const gmp_op *op)
{
	g_t *gp = x->gp;
	x->cost = COST_MUTEX;
	if (exec_woken(gp)) {
		gp->sel = SEL_NONE;   /* the mutex was handed to us */
	} else if (!mutex_lock(x->e, x->mp, x->gi, op->obj, false)) {
		return STEP_STOP;     /* parked */
	}
	gp->iterflags |= IT_PROGRESS;
	gp->pc++;
	return STEP_NEXT;
}

/* exec_unlock runs Mutex.Unlock (sync/mutex.go). In starvation mode the
 * mutex goes straight to the first waiter, and the unlocker yields its P to
 * it (semrelease1 with handoff: goyield, after sema.go). */
exec_step exec_unlock(exec_ctx *x, const gmp_op *op)
{
	m_t *mp = x->mp;
	x->cost = COST_MUTEX;
	x->gp->pc++;
	if (mutex_unlock(x->e, mp, x->gi, op->obj) && mp->p != NIL) {
		goyield(x->e, mp);
		return STEP_STOP;
	}
	return STEP_NEXT;
}

/* exec_if_trylock runs `if mu.TryLock()` (sync/mutex.go): it never parks,
 * and a failure is a failed poll. */
exec_step exec_if_trylock(exec_ctx *x, const gmp_op *op)
{
	x->cost = COST_MUTEX;
	exec_poll_branch(x->gp, op, mutex_lock(x->e, x->mp, x->gi, op->obj, true));
	return STEP_NEXT;
}

/* exec_wg_add runs WaitGroup.Add(op->a) (sync/waitgroup.go): a counter
 * brought to zero wakes the waiters; below zero, the program panics. */
exec_step exec_wg_add(exec_ctx *x, const gmp_op *op)
{
	x->cost = COST_WG;
	x->gp->pc++;
	wg_add(x->e, x->mp, x->gi, op->obj, op->a);
	return STEP_NEXT;
}

/* exec_wg_done runs WaitGroup.Done, that is Add(-1). */
exec_step exec_wg_done(exec_ctx *x, const gmp_op *op)
{
	x->cost = COST_WG;
	x->gp->pc++;
	wg_add(x->e, x->mp, x->gi, op->obj, -1);
	return STEP_NEXT;
}

/* exec_wg_wait runs WaitGroup.Wait (sync/waitgroup.go): parks until the
 * counter is zero. */
exec_step exec_wg_wait(exec_ctx *x, const gmp_op *op)
{
	g_t *gp = x->gp;
	x->cost = COST_WG;
	if (exec_woken(gp)) {
		gp->sel = SEL_NONE;
	} else if (!wg_wait(x->e, x->mp, x->gi, op->obj)) {
		return STEP_STOP;     /* parked */
	}
	gp->pc++;
	return STEP_NEXT;
}

/* exec_atomic_add runs atomic.AddInt64 on var op->obj: one locked
 * instruction, an atomic access to the race detector. No progress: nobody
 * waits on it (a failure counter does not make a spin useful). */
exec_step exec_atomic_add(exec_ctx *x, const gmp_op *op)
{
	gmp_engine *e = x->e;
	x->cost = COST_ATOMIC;
	if (e->cfg.race)
		race_access(e, x->gi, op->obj, true, true);
	e->vars[op->obj] += op->a;
	x->gp->pc++;
	return STEP_NEXT;
}
