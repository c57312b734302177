/*
 * trace.h — the event stream: typed events in a ring, captions on demand
 * (trace.c). Internal to engine/runtime/: the engine struct is in sched.h.
 */
#ifndef GMP_RT_TRACE_H
#define GMP_RT_TRACE_H

#include "runtime2.h"

gmp_event *trace_emit(gmp_engine *e, gmp_evkind k, int p, int m, int g, int p2, int n);

void trace_format(const gmp_engine *e, gmp_event *ev);

#endif
