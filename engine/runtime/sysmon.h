/*
 * sysmon.h — the system monitor, after proc.go: sysmon, retake, preemptone, preemptM
 * (sysmon.c). Internal to engine/runtime/: the engine struct is in sched.h.
 */
#ifndef GMP_RT_SYSMON_H
#define GMP_RT_SYSMON_H

#include "runtime2.h"

void sysmon_tick(gmp_engine *e);
/* sysmon_start arms sysmon's first tick, where its cycle stands when the
 * program's main begins. */
void sysmon_start(gmp_engine *e);

void sysmon_wake(gmp_engine *e);

void preemptone(gmp_engine *e, p_t *pp);

void sigurg_deliver(gmp_engine *e, m_t *mp);

#endif
