/*
 * sema.c — sync.Mutex and sync.WaitGroup, parked on runtime semaphores.
 *
 * Mutex (sync/mutex.go): in normal mode a woken waiter must compete with
 * newcomers and, losing, requeues at the front; a waiter that waited more than
 * 1 ms switches the mutex to starvation mode, where Unlock hands ownership
 * straight to the first waiter and newcomers queue at the tail. TryLock fails
 * while the mutex is locked or starving.
 * Simplification: the active spinning phase of Lock (procyield) is not
 * simulated; a contended Lock parks at once.
 *
 * WaitGroup: Wait parks until the counter reaches zero; Done that brings it to
 * zero readies every waiter into the caller's runnext.
 */
#include <stdio.h>

#include "sema.h"
#include "sched.h"
#include "proc.h"
#include "race.h"

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
