/*
 * history.h — a run's past: checkpoints of an engine, and the state at any
 * earlier visible event by "nearest checkpoint + deterministic replay".
 *
 * The engine keeps only its present (and the last GMP_EVENT_RING events). To
 * go back, a caller keeps a gmp_history beside the engine and lets it note
 * the engine after each move; history_seek then answers "the state after
 * visible event N" with a new engine: a clone of the newest checkpoint at or
 * before N, stepped forward with engine_step until it has N visible events.
 * Replay is exact because runs are deterministic (engine.h): same program,
 * config and seed, same events, byte for byte.
 *
 * Positions are counted in visible events (engine_visible_total), the unit
 * the UI steps in.
 *
 * Policy:
 *   - spacing: history_new checkpoints the engine it is given (normally at
 *     t=0); history_note takes another when `every` visible events have
 *     passed since the newest one. Noting an engine that is behind the newest
 *     checkpoint (one replayed after a step back) takes none: that stretch is
 *     already covered.
 *   - thinning: when `max` checkpoints are held, every other one in the older
 *     half is dropped before the next is taken, so recent history stays dense
 *     (one replay of at most `every` visible events) and old history sparse.
 *     The first checkpoint (the start) is never dropped.
 *   - memory: at most `max` clones are alive, plus one while a seek builds
 *     its answer, whatever the length of the run. A seek far back costs the
 *     replay from the checkpoint before it, never more than the run so far.
 */
#ifndef GMP_HISTORY_H
#define GMP_HISTORY_H

#include <stdint.h>

#include "engine.h"

typedef struct gmp_history gmp_history;

#define GMP_HISTORY_EVERY 64   /* the UI's spacing: visible events between checkpoints */
#define GMP_HISTORY_MAX 48     /* the UI's bound: checkpoints kept */

/* history_new starts a history of e's run with a checkpoint of e now. every
 * (>= 1) and max (>= 2) set the policy above. Returns NULL when out of
 * memory; every function below accepts a NULL history (it holds nothing). If
 * the first checkpoint cannot be taken the history starts empty and the next
 * history_note takes it. The checkpoints borrow e's program: free the
 * history before the program. */
gmp_history *history_new(const gmp_engine *e, int every, int max);
void history_free(gmp_history *h);

/* history_note tells h where e's run is now; it checkpoints e when the
 * spacing calls for one. */
void history_note(gmp_history *h, const gmp_engine *e);

/* history_seek returns a new engine (the caller frees it) at the state after
 * `visible` visible events: a clone of the newest checkpoint holding at most
 * that many (the oldest if none does) stepped forward until it holds at
 * least that many or its run ends. One engine_step may emit several visible
 * events, so the answer can hold more than asked. NULL when h holds nothing
 * or a clone fails. */
gmp_engine *history_seek(const gmp_history *h, uint64_t visible);

/* history_replay steps e forward (engine_step, any kind) until it holds at
 * least `visible` visible events or its run ends: the replay half of a seek,
 * for callers that go on from a seek's answer. */
void history_replay(gmp_engine *e, uint64_t visible);

/* history_len returns how many checkpoints h holds. */
int history_len(const gmp_history *h);
/* history_start returns the visible total of the oldest checkpoint (where
 * stepping back stops); 0 when h holds none. */
uint64_t history_start(const gmp_history *h);
/* history_points writes the checkpoints' visible totals, oldest first, into
 * out (at most max); returns how many it wrote. */
int history_points(const gmp_history *h, uint64_t *out, int max);

#endif
