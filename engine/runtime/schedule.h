/*
 * schedule.h — one round of the scheduler, after proc.go: schedule, findRunnable, stealing, execute
 * (schedule.c). Internal to engine/runtime/: the engine struct is in sched.h.
 */
#ifndef GMP_RT_SCHEDULE_H
#define GMP_RT_SCHEDULE_H

#include "runtime2.h"

void schedule(gmp_engine *e, m_t *mp);

void m_step(gmp_engine *e, m_t *mp);

void spin_reset_due(gmp_engine *e, m_t *mp); /* a spinner that found a G stops spinning */

#endif
