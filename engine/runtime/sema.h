/*
 * sema.h — sync.Mutex, WaitGroup, RWMutex, Once and Cond on runtime semaphores, after sema.go and sync
 * (sema.c). Internal to engine/runtime/: the engine struct is in sched.h.
 */
#ifndef GMP_RT_SEMA_H
#define GMP_RT_SEMA_H

#include "runtime2.h"

bool mutex_can_spin(gmp_engine *e, m_t *mp, int mu);
bool mutex_lock(gmp_engine *e, m_t *mp, int32_t gi, int mu, bool try_only);

bool mutex_unlock(gmp_engine *e, m_t *mp, int32_t gi, int mu); /* true: handed off (starving) */

void wg_add(gmp_engine *e, m_t *mp, int32_t gi, int w, int64_t d);

bool wg_wait(gmp_engine *e, m_t *mp, int32_t gi, int w);

/* RWMutex (writer preference, as rwmutex.go), Once, Cond. The lock calls
 * return true when gi holds the lock, false when it parked (a waker
 * completes the op: g.sel = SEL_DONE) or the run ended. */
bool rw_rlock(gmp_engine *e, m_t *mp, int32_t gi, int s);
void rw_runlock(gmp_engine *e, m_t *mp, int32_t gi, int s);
bool rw_lock(gmp_engine *e, m_t *mp, int32_t gi, int s);
void rw_unlock(gmp_engine *e, m_t *mp, int32_t gi, int s);
/* once_enter: 1 = run the function, 0 = done already (skip it), -1 = gi
 * parked until the G running it is done. once_done wakes the waiters. */
int once_enter(gmp_engine *e, m_t *mp, int32_t gi, int s);
void once_done(gmp_engine *e, m_t *mp, int s);
/* cond_wait unlocks c.L and parks gi; cond_signal readies one waiter, or
 * every waiter when all. */
void cond_wait(gmp_engine *e, m_t *mp, int32_t gi, int s);
void cond_signal(gmp_engine *e, m_t *mp, int s, bool all);

#endif
