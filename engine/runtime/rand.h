/*
 * rand.h — the engine's one PRNG, after the runtime's fastrand
 * (rand.c). Internal to engine/runtime/: the engine struct is in sched.h.
 */
#ifndef GMP_RT_RAND_H
#define GMP_RT_RAND_H

#include "runtime2.h"

uint32_t fastrand(gmp_engine *e);

uint32_t fastrandn(gmp_engine *e, uint32_t n);

#endif
