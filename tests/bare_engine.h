/*
 * bare_engine.h — an engine with no scenario, for tests that call the
 * runtime's functions directly on bare Ps, as the Go runtime's own
 * export_test.go does (RunSchedLocalQueueTest builds a `new(p)` and some
 * `g`s and calls runqput/runqget on them).
 *
 * bare_new builds the engine's start state and nothing more: m0 holds P0
 * and runs main's goroutine (slot 0, G1), sysmon has its M (M1), and P1..
 * are idle on the idle list. No event is dispatched: nothing runs unless
 * the test calls it. bare_g creates a goroutine that no queue holds yet.
 */
#ifndef GMP_BARE_ENGINE_H
#define GMP_BARE_ENGINE_H

#include <stdint.h>

#include "sched.h"

/* bare_new returns an engine with gomaxprocs Ps (free it with engine_free). */
gmp_engine *bare_new(int gomaxprocs);
/* bare_g creates a goroutine (_Gidle, in no queue) and returns its slot. */
int32_t bare_g(gmp_engine *e);
/* bare_globrunq copies the global queue's slots, head first; returns its
 * length (at most max are copied). */
int bare_globrunq(const gmp_engine *e, int32_t *out, int max);

#endif
