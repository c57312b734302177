/*
 * event_heap.h — the engine's event heap: what happens next, in virtual time
 * (engine.c). Internal to engine/runtime/: the engine struct is in sched.h.
 */
#ifndef GMP_RT_EVENT_HEAP_H
#define GMP_RT_EVENT_HEAP_H

#include "runtime2.h"

void tev_push(gmp_engine *e, int64_t t, te_kind k, int32_t id, uint32_t gen);

int64_t tev_min(const gmp_engine *e);

#endif
