/*
 * cpu.h — the OS under the runtime: CPUs, time slices and the cgroup quota
 * (cpu.c). Internal to engine/runtime/: the engine struct is in sched.h.
 */
#ifndef GMP_RT_CPU_H
#define GMP_RT_CPU_H

#include "runtime2.h"

void cpu_want(gmp_engine *e, m_t *mp);

void cpu_release(gmp_engine *e, m_t *mp);

void cpu_account(gmp_engine *e);

void cpu_quota_event(gmp_engine *e);

void cpu_period_event(gmp_engine *e);

void cpu_quantum_event(gmp_engine *e, m_t *mp, uint32_t gen);

/* cpu_host_event: the OS time slice of host thread k (hostload) ends. */
void cpu_host_event(gmp_engine *e, int k, uint32_t gen);

void cpu_init(gmp_engine *e);

#endif
