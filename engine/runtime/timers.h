/*
 * timers.h — per-P timer heaps, Sleep, timers, tickers, after runtime/time.go
 * (time.c). Internal to engine/runtime/: the engine struct is in sched.h.
 */
#ifndef GMP_RT_TIMERS_H
#define GMP_RT_TIMERS_H

#include "runtime2.h"

int32_t timer_new(gmp_engine *e, int64_t when, int64_t period, int32_t ch, int32_t gi);

void timer_add(gmp_engine *e, int32_t ti, p_t *pp);

void timer_del(gmp_engine *e, int32_t ti);

void timer_free(gmp_engine *e, int32_t ti);

int timers_run(gmp_engine *e, p_t *pp, p_t *runon, int64_t *cost); /* timers fired */

int64_t timers_next(const gmp_engine *e, const p_t *pp);

int64_t timers_next_all(const gmp_engine *e);

bool timers_any(const gmp_engine *e);

void timesleep(gmp_engine *e, m_t *mp, int32_t gi, int64_t d);


/* sysg.c: the runtime's own goroutines, G2-G5, parked from the start
 * (sysg_start, right after main's G1); sysg_forcegc is sysmon's forcegc
 * check (a cycle when none ran for 2 min). */
void sysg_start(gmp_engine *e);
void sysg_forcegc(gmp_engine *e);

#endif
