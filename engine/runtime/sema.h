/*
 * sema.h — sync.Mutex and sync.WaitGroup on runtime semaphores, after sema.go and sync
 * (sema.c). Internal to engine/runtime/: the engine struct is in sched.h.
 */
#ifndef GMP_RT_SEMA_H
#define GMP_RT_SEMA_H

#include "runtime2.h"

bool mutex_lock(gmp_engine *e, m_t *mp, int32_t gi, int mu, bool try_only);

bool mutex_unlock(gmp_engine *e, m_t *mp, int32_t gi, int mu); /* true: handed off (starving) */

void wg_add(gmp_engine *e, m_t *mp, int32_t gi, int w, int64_t d);

bool wg_wait(gmp_engine *e, m_t *mp, int32_t gi, int w);

#endif
