/*
 * mthread.h — Ps and Ms, after proc.go: idle lists, acquirep/releasep, newm, startm, stopm, wakep, handoffp, mexit, LockOSThread
 * (mthread.c). Internal to engine/runtime/: the engine struct is in sched.h.
 */
#ifndef GMP_RT_MTHREAD_H
#define GMP_RT_MTHREAD_H

#include "runtime2.h"

void wakep(gmp_engine *e);

void startm(gmp_engine *e, int32_t pi, bool spinning);

void stopm(gmp_engine *e, m_t *mp);

void handoffp(gmp_engine *e, int32_t pi);

int32_t newm(gmp_engine *e, int32_t pi, bool sys);
void newm_parked(gmp_engine *e);

void mexit(gmp_engine *e, m_t *mp, int goid);

void acquirep(gmp_engine *e, m_t *mp, int32_t pi);

int32_t releasep(gmp_engine *e, m_t *mp);

int32_t pidleget(gmp_engine *e);

void pidleput(gmp_engine *e, int32_t pi);

void lockOSThread(gmp_engine *e, m_t *mp, g_t *gp, int32_t gi);

void unlockOSThread(gmp_engine *e, m_t *mp, g_t *gp);

void stoplockedm(gmp_engine *e, m_t *mp);

void startlockedm(gmp_engine *e, m_t *mp, int32_t gi);

#endif
