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
 * What a checkpoint costs (engine/runtime/snapshot.h): a checkpoint shares
 * every SNAP_BLOCK-byte block of the engine's arrays that did not change
 * since the checkpoint before it, so its memory is what changed; taking it
 * reads the whole state once (memcmp, ~20 GB/s) and copies what changed.
 * A seek that replaces an engine (history_seek_from) copies only the blocks
 * in which that engine differs from the checkpoint. Both skip, unread, the
 * chunks of the G slab the engine has not touched since it last equalled
 * the checkpoint (engine/runtime/sched.h: gsync): with a million parked
 * goroutines that is most of the state.
 *
 * Policy (gmp_history_policy):
 *   - spacing: history_new checkpoints the engine it is given (normally at
 *     t=0); history_note takes another when `every` visible events have
 *     passed since the newest one and, with a cost ratio R, when the run
 *     since the newest checkpoint has dispatched at least R times the work
 *     the newest one cost (in events: bytes compared / HIST_CMP_BYTES +
 *     bytes copied / HIST_COPY_BYTES, an event costing about as much as
 *     comparing 1 KiB or copying 256 bytes here), but never more than
 *     replay_max events. So checkpoints cost at most 1/R of the run's own
 *     time while the state is small enough (R * cost <= replay_max: up to
 *     ~16 MiB with the UI's policy), and a step back replays at most
 *     replay_max events from the checkpoint before it whatever the size;
 *     beyond that size the replay bound wins and checkpoints cost about
 *     state / (HIST_CMP_BYTES * replay_max) of the run's time (state / 128
 *     MiB with the UI's policy: a state of 7.5 MiB, 6 %). G slab chunks the
 *     run did not touch are not compared (gsync), so count for nothing.
 *     Noting an engine that is behind the newest checkpoint (one replayed
 *     after a step back) takes none: that stretch is already covered.
 *   - thinning: when `max` checkpoints are held, or (mem_pct > 0) when the
 *     checkpoints hold more than mem_pct % of the engine's own state (at
 *     least HIST_MEM_FLOOR bytes), every other one in the older half is
 *     dropped, until within bounds, so recent history stays dense and old
 *     history sparse. The first checkpoint (the start) and the newest are
 *     never dropped.
 *   - bounds: history memory <= max(HIST_MEM_FLOOR, mem_pct % of the
 *     state) plus what one checkpoint copies beyond the prediction (only
 *     the start and the newest remain when those two alone pass it), the
 *     store's arenas rounding it up by < 2 MiB; at most `max` checkpoints;
 *     history time as above. A step back costs a restore (a read of the
 *     state, a copy of what differs) plus at most replay_max events while
 *     the history is dense; a seek far back costs the replay from the
 *     checkpoint before it, never more than the run so far.
 */
#ifndef GMP_HISTORY_H
#define GMP_HISTORY_H

#include <stdint.h>

#include "engine.h"

typedef struct gmp_history gmp_history;

/* gmp_history_policy: where checkpoints are taken and how many are kept
 * (the policy above). */
typedef struct gmp_history_policy {
	int every;            /* >= 1: visible events between checkpoints, at least */
	int max;              /* >= 2: checkpoints kept, at most */
	int ratio;            /* R: 0 = spacing by `every` alone */
	uint64_t replay_max;  /* with R: events between checkpoints, at most */
	int mem_pct;          /* 0 = no memory bound; else % of the engine's state */
} gmp_history_policy;

#define HIST_CMP_BYTES 1024          /* bytes compared in the time of one event */
#define HIST_COPY_BYTES 256          /* bytes copied in the time of one event */
#define HIST_MEM_FLOOR (4 << 20)     /* the memory bound is never below this */

/* the UI's policy: checkpoints cost at most 1/8 of the run (while the
 * engine's state is under ~16 MiB) and 175 % of the engine's memory; a step
 * back replays at most 131072 events (~8 ms at 16 M events/s; twice the
 * spacing of before the engine was profile-optimised: the run-until
 * overhead fell from ~12 % to ~6 % of the run) */
#define GMP_HISTORY_UI ((gmp_history_policy){ 64, 48, 8, 131072, 175 })

/* history_new starts a history of e's run with a checkpoint of e now, with
 * the policy {every, max, 0, 0, 0}; history_new_policy with any policy.
 * Returns NULL when out of memory; every function below accepts a NULL
 * history (it holds nothing). The checkpoints borrow e's program: free the
 * history before the program. */
gmp_history *history_new(const gmp_engine *e, int every, int max);
gmp_history *history_new_policy(const gmp_engine *e, const gmp_history_policy *p);
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
/* history_seek_from is history_seek made from old, which it consumes: old's
 * memory is reused and only what differs from the checkpoint is copied (a
 * step back costs what changed since the checkpoint, plus the replay).
 * Returns old untouched when h holds nothing. */
gmp_engine *history_seek_from(const gmp_history *h, uint64_t visible, gmp_engine *old);

/* history_replay steps e forward (engine_step, any kind) until it holds at
 * least `visible` visible events or its run ends: the replay half of a seek,
 * for callers that go on from a seek's answer. */
void history_replay(gmp_engine *e, uint64_t visible);

/* A mark: the exact state of an engine at one moment, kept beside the
 * history (sharing its blocks, counted in its memory), for a caller that may
 * have to come back to it (a job that is cancelled or finds nothing). It
 * costs a checkpoint's work, without the engine clone's copy of everything.
 * history_mark returns NULL when h is NULL; free marks before h. */
typedef struct gmp_snapshot gmp_snapshot;
gmp_snapshot *history_mark(gmp_history *h, const gmp_engine *e);
/* history_mark_restore returns an engine in m's state made from old
 * (consumed, as in history_seek_from). m stays. */
gmp_engine *history_mark_restore(const gmp_snapshot *m, gmp_engine *old);
void history_mark_free(gmp_history *h, gmp_snapshot *m);

/* history_len returns how many checkpoints h holds. */
int history_len(const gmp_history *h);
/* history_start returns the visible total of the oldest checkpoint (where
 * stepping back stops); 0 when h holds none. */
uint64_t history_start(const gmp_history *h);
/* history_points writes the checkpoints' visible totals, oldest first, into
 * out (at most max); returns how many it wrote. */
int history_points(const gmp_history *h, uint64_t *out, int max);
/* history_bytes returns the memory the checkpoints hold now; history_peak
 * the most they held at once. */
int64_t history_bytes(const gmp_history *h);
int64_t history_peak(const gmp_history *h);

#endif
