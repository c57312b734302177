/*
 * throw.h — the engine's throw, after the runtime's throw(s string): a broken
 * precondition is an engine bug, reported once and fatal.
 *
 * The runtime throws where its own state contradicts itself ("startm: m is
 * spinning", "runqsteal: runq overflow", "findrunnable: negative
 * nmspinning"); the engine checks the same preconditions at the same places,
 * with the runtime's messages. throw prints the message as the runtime does
 * ("fatal error: MSG"), then where the run was (virtual time, event number)
 * and the state of the M and P involved and of sched, and aborts (a core dump
 * is what an engine bug needs; scenario errors never come here).
 *
 * Which builds check: GMP_CHECK is on in every build. Each is an O(1)
 * comparison on data the function touches anyway; measured, they add 0.3 %
 * to the instructions of a run (callgrind, `gmpscope check
 * tests/bench/mixed.gmp`: 1,352.2 M without, 1,356.0 M with), so release
 * keeps them: a broken run stops instead of showing a false schedule.
 * GMP_DCHECK is for the checks that cost more than O(1) (a scan of a run
 * queue): fatal under GMP_DEBUG (MODE=debug, SANITIZE=1, the fuzz
 * harnesses), compiled out in release. The whole-state invariants that cost
 * O(goroutines) are check.c's engine_check, which the GMP_DEBUG builds run
 * after every event of a small run, sampled in a big one (engine.c,
 * check_mask); it reports through throw too.
 */
#ifndef GMP_THROW_H
#define GMP_THROW_H

#include "runtime2.h"

/* throw reports msg with the run's position and the state of mp and pp
 * (either may be NULL), then aborts. */
_Noreturn void throw(const gmp_engine *e, const m_t *mp, const p_t *pp, const char *msg);

/* GMP_CHECK throws msg unless cond holds. On in every build (see above). */
#define GMP_CHECK(e, cond, mp, pp, msg) \
	do { if (!(cond)) throw((e), (mp), (pp), (msg)); } while (0)

/* GMP_DCHECK is GMP_CHECK in GMP_DEBUG builds and nothing in release (the
 * condition is not evaluated). */
#ifdef GMP_DEBUG
#define GMP_DCHECK(e, cond, mp, pp, msg) GMP_CHECK(e, cond, mp, pp, msg)
#else
#define GMP_DCHECK(e, cond, mp, pp, msg) do { (void)sizeof(cond); } while (0)
#endif

#endif
