/*
 * sema.c — sync.Mutex and sync.WaitGroup, parked on runtime semaphores.
 *
 * Mutex (sync/mutex.go): in normal mode a woken waiter must compete with
 * newcomers and, losing, requeues at the front; a waiter that waited more than
 * 1 ms switches the mutex to starvation mode, where Unlock hands ownership
 * straight to the first waiter and newcomers queue at the tail. TryLock fails
 * while the mutex is locked or starving.
 * lockSlow spins actively before it parks (up to 4 times procyield(30)
 * while another P runs: mutex_can_spin, called by exec_lock). A Lock pays
 * for the mutex's cache line when another CPU wrote it last (exec_sync.c:
 * line_fetch).
 *
 * WaitGroup: Wait parks until the counter reaches zero; Done that brings it to
 * zero readies every waiter into the caller's runnext.
 *
 * RWMutex, Once and Cond (below) park on wait queues of their own; each
 * waker readies its waiters into its own P's runnext, as semrelease does.
 */
#include <stdio.h>

#include "sema.h"
#include "sched.h"
#include "proc.h"
#include "race.h"
#include "runq.h"

static void waitq_push(gmp_engine *e, int32_t *head, int32_t *tail, int32_t gi, bool front)
{
	g_t *gp = G(e, gi);
	if (front) {
		gp->schedlink = *head;
		*head = gi;
		if (*tail == NIL)
			*tail = gi;
		return;
	}
	gp->schedlink = NIL;
	if (*tail != NIL)
		G(e, *tail)->schedlink = gi;
	else
		*head = gi;
	*tail = gi;
}

static int32_t waitq_pop(gmp_engine *e, int32_t *head, int32_t *tail)
{
	int32_t gi = *head;
	if (gi == NIL)
		return NIL;
	*head = G(e, gi)->schedlink;
	if (*head == NIL)
		*tail = NIL;
	G(e, gi)->schedlink = NIL;
	return gi;
}


/* mutex_can_spin: Lock may spin on mu instead of parking (sync.Mutex
 * lockSlow: locked and not starving, and runtime_canSpin, after proc.go:
 * fewer than 4 iterations, more than one CPU, another P running
 * (gomaxprocs > npidle + nmspinning + 1) and an empty local run queue). */
bool mutex_can_spin(gmp_engine *e, m_t *mp, int mu)
{
	const mutex_t_ *m = &e->mutexes[mu];
	return m->owner != NIL && !m->starving && mp->lockspin < 4 && e->cfg.ncpu > 1 &&
	       e->gomaxprocs > e->npidle + e->nmspinning + 1 && mp->p != NIL && runqempty(P(e, mp->p));
}

/* mutex_lock: true when gi now holds mu; false when TryLock failed or gi
 * parked (it will hold the lock, or retry, when readied). */
bool mutex_lock(gmp_engine *e, m_t *mp, int32_t gi, int mu, bool try_only)
{
	mutex_t_ *m = &e->mutexes[mu];
	g_t *gp = G(e, gi);
	if (m->owner == NIL && (!m->starving || m->nwait == 0)) {
		m->owner = gi;
		gp->slept = -1;
		if (m->nwait == 0)
			m->starving = false;
		if (e->cfg.race)
			race_acquire(e, gi, (1 << 20) + mu);
		return true;
	}
	if (try_only)
		return false;
	/* a woken waiter that lost the race requeues at the front */
	bool requeue = gp->slept >= 0 && gp->slept <= e->now;
	if (!requeue)
		gp->slept = e->now;   /* wait start */
	else if (e->now - gp->slept > MUTEX_STARVE_NS)
		m->starving = true;
	waitq_push(e, &m->waitq_head, &m->waitq_tail, gi, requeue);
	m->nwait++;
	gopark(e, mp, gi, go_at_least(e, 20) ? WAIT_MUTEX : WAIT_SEMACQUIRE);
	return false;
}

bool mutex_unlock(gmp_engine *e, m_t *mp, int32_t gi, int mu)
{
	mutex_t_ *m = &e->mutexes[mu];
	if (m->owner == NIL) {
		engine_fatal_error(e, EV_FATAL, "fatal error: sync: unlock of unlocked mutex");
		return false;
	}
	if (e->cfg.race)
		race_release(e, gi, (1 << 20) + mu);
	m->owner = NIL;
	int32_t w = waitq_pop(e, &m->waitq_head, &m->waitq_tail);
	if (w == NIL)
		return false;
	m->nwait--;
	g_t *wp = G(e, w);
	if (m->starving || e->now - wp->slept > MUTEX_STARVE_NS) {
		/* starvation mode: hand the mutex over directly */
		m->starving = true;
		m->owner = w;
		wp->sel = SEL_DONE;
		wp->slept = -1;
		if (m->nwait == 0)
			m->starving = false;
		if (e->cfg.race)
			race_acquire(e, w, (1 << 20) + mu);
		goready(e, w, curp(e, mp));
		return true;   /* semrelease1: the unlocker yields to the waiter */
	}
	goready(e, w, curp(e, mp));
	return false;
}

void wg_add(gmp_engine *e, m_t *mp, int32_t gi, int w, int64_t d)
{
	waitgroup_t *wg = &e->wgs[w];
	if (e->cfg.race && d < 0)
		race_release(e, gi, (2 << 20) + w);
	wg->counter += d;
	if (wg->counter < 0) {
		engine_fatal_error(e, EV_FATAL, "panic: sync: negative WaitGroup counter");
		return;
	}
	if (wg->counter > 0)
		return;
	int32_t x;
	while ((x = waitq_pop(e, &wg->waitq_head, &wg->waitq_tail)) != NIL) {
		G(e, x)->sel = SEL_DONE;
		if (e->cfg.race)
			race_acquire(e, x, (2 << 20) + w);
		goready(e, x, curp(e, mp));
	}
}

bool wg_wait(gmp_engine *e, m_t *mp, int32_t gi, int w)
{
	waitgroup_t *wg = &e->wgs[w];
	if (wg->counter == 0) {
		if (e->cfg.race)
			race_acquire(e, gi, (2 << 20) + w);
		return true;
	}
	waitq_push(e, &wg->waitq_head, &wg->waitq_tail, gi, false);
	gopark(e, mp, gi, go_at_least(e, 24) ? WAIT_WAITGROUP : WAIT_SEMACQUIRE);
	return false;
}

/* ---- RWMutex (sync/rwmutex.go) -------------------------------------------
 * Writer preference, as in Go: once a writer calls Lock, readers arriving
 * after it park (readerCount goes negative) until it has had the lock; the
 * writer itself waits for the readers already inside (readerWait). Unlock
 * first admits every reader that queued meanwhile, then the next writer,
 * which in turn waits for those readers. Writers queue on the RWMutex's
 * inner Mutex (w), here a FIFO. */

static void grant(gmp_engine *e, m_t *mp, int32_t gi)
{
	G(e, gi)->sel = SEL_DONE;
	goready(e, gi, curp(e, mp));
}

bool rw_rlock(gmp_engine *e, m_t *mp, int32_t gi, int s)
{
	syncobj_t *o = &e->syncs[s];
	if (o->writer == NIL && o->pending == NIL) {
		o->readers++;
		return true;
	}
	waitq_push(e, &o->rq_head, &o->rq_tail, gi, false);
	gopark(e, mp, gi, go_at_least(e, 20) ? WAIT_RWMUTEX_R : WAIT_SEMACQUIRE);
	return false;
}

/* rw_admit_writer makes the next queued writer the pending one, and gives
 * it the lock when no reader is inside. */
static void rw_admit_writer(gmp_engine *e, m_t *mp, syncobj_t *o)
{
	if (o->pending == NIL && o->writer == NIL)
		o->pending = waitq_pop(e, &o->wq_head, &o->wq_tail);
	if (o->pending != NIL && o->readers == 0 && o->writer == NIL) {
		o->writer = o->pending;
		o->pending = NIL;
		grant(e, mp, o->writer);
	}
}

void rw_runlock(gmp_engine *e, m_t *mp, int32_t gi, int s)
{
	(void)gi;
	syncobj_t *o = &e->syncs[s];
	if (o->readers <= 0) {
		engine_fatal_error(e, EV_FATAL, "fatal error: sync: RUnlock of unlocked RWMutex");
		return;
	}
	if (--o->readers == 0)
		rw_admit_writer(e, mp, o);   /* rUnlockSlow: the last reader out */
}

bool rw_lock(gmp_engine *e, m_t *mp, int32_t gi, int s)
{
	syncobj_t *o = &e->syncs[s];
	if (o->writer == NIL && o->pending == NIL && o->readers == 0) {
		o->writer = gi;
		return true;
	}
	if (o->writer == NIL && o->pending == NIL)
		o->pending = gi;             /* holds w; waits for the readers */
	else
		waitq_push(e, &o->wq_head, &o->wq_tail, gi, false);
	gopark(e, mp, gi, go_at_least(e, 20) ? WAIT_RWMUTEX_W : WAIT_SEMACQUIRE);
	return false;
}

void rw_unlock(gmp_engine *e, m_t *mp, int32_t gi, int s)
{
	(void)gi;
	syncobj_t *o = &e->syncs[s];
	if (o->writer == NIL) {
		engine_fatal_error(e, EV_FATAL, "fatal error: sync: Unlock of unlocked RWMutex");
		return;
	}
	o->writer = NIL;
	int32_t r;
	while ((r = waitq_pop(e, &o->rq_head, &o->rq_tail)) != NIL) {
		o->readers++;
		grant(e, mp, r);
	}
	rw_admit_writer(e, mp, o);
}

/* ---- Once (sync/once.go) ------------------------------------------------
 * The first Do runs the function; a Do while it runs waits (on the Once's
 * mutex, in Go) and returns once it is done; later ones return at once. */

int once_enter(gmp_engine *e, m_t *mp, int32_t gi, int s)
{
	syncobj_t *o = &e->syncs[s];
	if (o->done)
		return 0;
	if (o->pending == NIL) {
		o->pending = gi;
		return 1;
	}
	waitq_push(e, &o->rq_head, &o->rq_tail, gi, false);
	gopark(e, mp, gi, go_at_least(e, 20) ? WAIT_MUTEX : WAIT_SEMACQUIRE);
	return -1;
}

void once_done(gmp_engine *e, m_t *mp, int s)
{
	syncobj_t *o = &e->syncs[s];
	o->done = true;
	o->pending = NIL;
	int32_t w;
	while ((w = waitq_pop(e, &o->rq_head, &o->rq_tail)) != NIL)
		grant(e, mp, w);
}

/* ---- Cond (sync/cond.go) ------------------------------------------------
 * Wait adds the G to the notify list, unlocks c.L and parks; Signal readies
 * the longest waiter, Broadcast all; a woken G locks c.L again. */

void cond_wait(gmp_engine *e, m_t *mp, int32_t gi, int s)
{
	syncobj_t *o = &e->syncs[s];
	waitq_push(e, &o->rq_head, &o->rq_tail, gi, false);
	mutex_unlock(e, mp, gi, e->prog->syncs[s].mutex);
	if (e->state != RUN_RUNNING)
		return;   /* c.L was not locked: the run ended */
	gopark(e, mp, gi, WAIT_COND);
}

void cond_signal(gmp_engine *e, m_t *mp, int s, bool all)
{
	syncobj_t *o = &e->syncs[s];
	int32_t w;
	while ((w = waitq_pop(e, &o->rq_head, &o->rq_tail)) != NIL) {
		grant(e, mp, w);
		if (!all)
			break;
	}
}
