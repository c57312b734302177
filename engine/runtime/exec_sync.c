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
#include "noise.h"
#include "rand.h"

/* line_fetch: before the Lock or TryLock at gp's pc writes the mutex word,
 * its cache line comes from the CPU of the M that last wrote it (a
 * cross-core transfer, COST_LOCK_HANDOFF_MIN-_SPAN): mp stalls that long,
 * then the op runs again and finds the mutex as it is by then. True when
 * mp stalls. Only with the machine's variance on (`noise on`), as the
 * spread of work is: without it two movers run in lockstep. */
static bool line_fetch(gmp_engine *e, m_t *mp, int mu)
{
	mutex_t_ *m = &e->mutexes[mu];
	if (!e->cfg.noise || m->line_m == NIL || m->line_m == mp->id || mp->linefetched)
		return false;
	mp->linefetched = true;
	m_busy(e, mp, COST_LOCK_HANDOFF_MIN + (int64_t)fastrandn(e, COST_LOCK_HANDOFF_SPAN + 1), PH_EXEC);
	return true;
}

/* exec_lock runs Mutex.Lock (sync/mutex.go; lockSlow parks in
 * semacquire1, after sema.go). Its CAS first brings the mutex's cache line
 * to this CPU (line_fetch). A Lock that finds the mutex held spins while
 * runtime_canSpin allows (mutex_can_spin: procyield(30), then it looks
 * again), and parks only after that: a waiter whose holder runs on another
 * P takes the lock right behind it. Two AB-BA movers on 2 Ps therefore
 * survive most of their meetings (tests/test_lockspin.c). */
exec_step exec_lock(exec_ctx *x, const gmp_op *op)
{
	gmp_engine *e = x->e;
	m_t *mp = x->mp;
	g_t *gp = x->gp;
	x->cost = COST_MUTEX;
	if (exec_woken(gp)) {
		gp->sel = SEL_NONE;   /* the mutex was handed to us */
		mp->lockspin = 0;
	} else if (line_fetch(e, mp, op->obj)) {
		return STEP_STOP;     /* runs this Lock again with the line here */
	} else if (mutex_can_spin(e, mp, op->obj)) {
		mp->lockspin++;       /* procyield(30), then look again */
		m_busy(e, mp, COST_MUTEX_SPIN, PH_EXEC);
		return STEP_STOP;
	} else {
		mp->linefetched = false;
		mp->lockspin = 0;
		e->mutexes[op->obj].line_m = mp->id;
		if (!mutex_lock(e, mp, x->gi, op->obj, false))
			return STEP_STOP; /* parked */
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
	x->e->mutexes[op->obj].line_m = mp->id;
	if (mutex_unlock(x->e, mp, x->gi, op->obj) && mp->p != NIL) {
		goyield(x->e, mp);
		return STEP_STOP;
	}
	return STEP_NEXT;
}

/* exec_if_trylock runs `if mu.TryLock()` (sync/mutex.go): it never parks,
 * and a failure is a failed poll. A mutex found taken is a plain load; one
 * found free is taken by a CAS, which first brings the line here. */
exec_step exec_if_trylock(exec_ctx *x, const gmp_op *op)
{
	gmp_engine *e = x->e;
	x->cost = COST_MUTEX;
	mutex_t_ *m = &e->mutexes[op->obj];
	if (m->owner == NIL && !m->starving && line_fetch(e, x->mp, op->obj))
		return STEP_STOP;
	x->mp->linefetched = false;
	bool got = mutex_lock(e, x->mp, x->gi, op->obj, true);
	if (got)
		m->line_m = x->mp->id;
	exec_poll_branch(x->gp, op, got);
	return STEP_NEXT;
}

/* wg_line: Add, Done and Wait write or read the WaitGroup's state word;
 * when another CPU wrote it last, its cache line comes from there first
 * (COST_LINE). Goroutines that call Done on both Ps of a spawner pay it
 * on almost every call. */
static int64_t wg_line(gmp_engine *e, m_t *mp, int w)
{
	waitgroup_t *wg = &e->wgs[w];
	bool moved = wg->line_m != NIL && wg->line_m != mp->id;
	wg->line_m = mp->id;
	return moved ? COST_LINE : 0;
}

/* exec_wg_add runs WaitGroup.Add(op->a) (sync/waitgroup.go): a counter
 * brought to zero wakes the waiters; below zero, the program panics. */
exec_step exec_wg_add(exec_ctx *x, const gmp_op *op)
{
	x->cost = COST_WG + wg_line(x->e, x->mp, op->obj);
	x->gp->pc++;
	wg_add(x->e, x->mp, x->gi, op->obj, op->a);
	return STEP_NEXT;
}

/* exec_wg_done runs WaitGroup.Done, that is Add(-1). */
exec_step exec_wg_done(exec_ctx *x, const gmp_op *op)
{
	x->cost = COST_WG + wg_line(x->e, x->mp, op->obj);
	x->gp->pc++;
	wg_add(x->e, x->mp, x->gi, op->obj, -1);
	return STEP_NEXT;
}

/* exec_wg_wait runs WaitGroup.Wait (sync/waitgroup.go): parks until the
 * counter is zero. */
exec_step exec_wg_wait(exec_ctx *x, const gmp_op *op)
{
	g_t *gp = x->gp;
	x->cost = COST_WG + wg_line(x->e, x->mp, op->obj);
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

/* exec_sync_park runs a lock-like op: woken, the waker completed it;
 * otherwise try (true: done now). */
static exec_step sync_step(exec_ctx *x, bool done_now)
{
	g_t *gp = x->gp;
	if (!done_now)
		return STEP_STOP;   /* parked */
	gp->iterflags |= IT_PROGRESS;
	gp->pc++;
	return STEP_NEXT;
}

/* exec_rlock runs RWMutex.RLock (sync/rwmutex.go): it parks while a writer
 * holds the lock or waits for it (writer preference). */
exec_step exec_rlock(exec_ctx *x, const gmp_op *op)
{
	x->cost = COST_MUTEX;
	if (exec_woken(x->gp)) {
		x->gp->sel = SEL_NONE;
		return sync_step(x, true);
	}
	return sync_step(x, rw_rlock(x->e, x->mp, x->gi, op->obj));
}

/* exec_runlock runs RWMutex.RUnlock: the last reader out admits a waiting
 * writer. */
exec_step exec_runlock(exec_ctx *x, const gmp_op *op)
{
	x->cost = COST_MUTEX;
	x->gp->pc++;
	rw_runlock(x->e, x->mp, x->gi, op->obj);
	return STEP_NEXT;
}

/* exec_rw_lock runs RWMutex.Lock: it waits for the other writers, then for
 * the readers inside. */
exec_step exec_rw_lock(exec_ctx *x, const gmp_op *op)
{
	x->cost = COST_MUTEX;
	if (exec_woken(x->gp)) {
		x->gp->sel = SEL_NONE;
		return sync_step(x, true);
	}
	return sync_step(x, rw_lock(x->e, x->mp, x->gi, op->obj));
}

/* exec_rw_unlock runs RWMutex.Unlock: the queued readers go first. */
exec_step exec_rw_unlock(exec_ctx *x, const gmp_op *op)
{
	x->cost = COST_MUTEX;
	x->gp->pc++;
	rw_unlock(x->e, x->mp, x->gi, op->obj);
	return STEP_NEXT;
}

/* exec_once runs Once.Do: the first caller runs the body (up to the
 * ONCE_DONE at op->jump), a caller during it waits, later ones skip it. */
exec_step exec_once(exec_ctx *x, const gmp_op *op)
{
	g_t *gp = x->gp;
	x->cost = COST_ATOMIC;
	if (exec_woken(gp)) {
		gp->sel = SEL_NONE;
		gp->pc = op->jump + 1;
		return STEP_NEXT;
	}
	int r = once_enter(x->e, x->mp, x->gi, op->obj);
	if (r < 0)
		return STEP_STOP;
	gp->pc = r ? gp->pc + 1 : op->jump + 1;
	return STEP_NEXT;
}

/* exec_once_done ends the first Do: the Once is done, its waiters return. */
exec_step exec_once_done(exec_ctx *x, const gmp_op *op)
{
	x->gp->pc++;
	once_done(x->e, x->mp, op->obj);
	return STEP_NEXT;
}

/* exec_cond_wait runs the first half of Cond.Wait: unlock c.L and park
 * until Signal or Broadcast; the LOCK of c.L that follows is the second. */
exec_step exec_cond_wait(exec_ctx *x, const gmp_op *op)
{
	g_t *gp = x->gp;
	x->cost = COST_MUTEX;
	if (exec_woken(gp)) {
		gp->sel = SEL_NONE;
		gp->pc++;
		return STEP_NEXT;
	}
	cond_wait(x->e, x->mp, x->gi, op->obj);
	return STEP_STOP;
}

/* exec_cond_signal runs Cond.Signal (op->a = 0) or Cond.Broadcast. */
exec_step exec_cond_signal(exec_ctx *x, const gmp_op *op)
{
	x->cost = COST_MUTEX;
	x->gp->pc++;
	cond_signal(x->e, x->mp, op->obj, op->a != 0);
	return STEP_NEXT;
}

/* exec_if_cas runs `if atomic.CompareAndSwapInt64(&x, a, b)`: a failed
 * swap in a loop is a failed poll. */
exec_step exec_if_cas(exec_ctx *x, const gmp_op *op)
{
	gmp_engine *e = x->e;
	x->cost = COST_ATOMIC;
	bool swapped = e->vars[op->obj] == op->a;
	if (swapped)
		e->vars[op->obj] = op->b;
	exec_poll_branch(x->gp, op, swapped);
	return STEP_NEXT;
}
