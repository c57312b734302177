/*
 * race.h — the happens-before race detector
 * (race.c). Internal to engine/runtime/: the engine struct is in sched.h.
 */
#ifndef GMP_RT_RACE_H
#define GMP_RT_RACE_H

#include "runtime2.h"

void race_access(gmp_engine *e, int32_t gi, int var, bool write, bool atomic);

void race_acquire(gmp_engine *e, int32_t gi, int obj);

void race_release(gmp_engine *e, int32_t gi, int obj);

void race_fork(gmp_engine *e, int32_t parent, int32_t child);

void race_free(gmp_engine *e);

void race_clone(gmp_engine *e, const gmp_engine *s);
int64_t race_footprint(const gmp_engine *e);   /* bytes the clocks hold */

#endif
