/*
 * invariants.h — the whole state's invariants, checked after every event in debug builds
 * (check.c). Internal to engine/runtime/: the engine struct is in sched.h.
 */
#ifndef GMP_RT_INVARIANTS_H
#define GMP_RT_INVARIANTS_H

#include "runtime2.h"

int engine_check(const gmp_engine *e);

#endif
