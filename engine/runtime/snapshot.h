/*
 * snapshot.h — a checkpoint of an engine that shares what did not change
 * with the checkpoint before it (history.c keeps a list of them).
 *
 * The engine's memory is a fixed struct plus data arrays (engine_arrays
 * lists them). A snapshot keeps a copy of the struct and, for each array,
 * its bytes cut into SNAP_BLOCK-byte blocks. Blocks are reference counted
 * and immutable: taking a snapshot compares each block of the engine with
 * the same block of the previous snapshot and shares it when equal, so a
 * snapshot's new memory is what changed since the previous one. Restoring
 * compares too: snapshot_restore turns an engine into the snapshot's state
 * by copying only the blocks that differ, inside the engine's own arrays.
 *
 * Costs, per snapshot of an engine whose arrays hold S bytes of which C
 * changed: one read of S (memcmp, ~20 GB/s here) plus a copy of C. A restore
 * into an engine of the same shape: a read of S plus a copy of what differs.
 * The race detector's state (only race scenarios have one, a few KiB) is
 * copied whole.
 */
#ifndef GMP_SNAPSHOT_H
#define GMP_SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>

#include "engine.h"

#define SNAP_BLOCK 16384   /* bytes per block: a G chunk is 5 of them */

/* engine_arrays (engine.c): every data array the engine owns, parents first
 * (see there). */
enum { ARR_G, ARR_GX, ARR_M, ARR_OTHER, ARR__COUNT }; /* engine_arrays' groups */
typedef void (*engine_array_fn)(void *ctx, int group, void **pp, size_t bytes);
void engine_arrays(gmp_engine *e, engine_array_fn fn, void *ctx);
/* engine_tables gives e slab tables of its own with s's chunk pointers. */
void engine_tables(gmp_engine *e, const gmp_engine *s);
/* engine_tables_empty gives e zeroed slab tables sized by its chunk counts. */
void engine_tables_empty(gmp_engine *e);

typedef struct gmp_snapshot gmp_snapshot;

/* snap_store: the memory of a set of snapshots that share blocks, for the
 * history's memory bound. Full-size blocks live in SNAP_ARENA-byte arenas
 * the store keeps until snap_store_release (a block no snapshot holds goes
 * on the free list for the next snapshot): fresh memory costs a page fault
 * per 4 KiB (~10 us on a virtual machine, far more than copying the page),
 * and an arena is asked to be one transparent huge page, one fault. */
typedef struct snap_store {
	int64_t bytes;     /* bytes the snapshots hold: blocks, block tables,
	                    * struct copies */
	int64_t held;      /* bytes the store holds: arenas, partial blocks,
	                    * tables, struct copies */
	int64_t peak;      /* the most `held` at once */
	void *free;        /* free full-size blocks (a list through their
	                    * first bytes) */
	void *arenas;      /* the arenas (a list through their first bytes) */
	char *next;        /* the current arena's next unused slot */
	char *end;         /* its end */
} snap_store;

#define SNAP_ARENA (2 << 20)   /* bytes per arena: one huge page */

/* snap_store_release frees the arenas (the store's snapshots are gone). */
void snap_store_release(snap_store *st);

/* snap_cost: the work of the last snapshot_take, for the spacing policy. */
typedef struct snap_cost {
	int64_t compared;  /* bytes compared with the previous snapshot */
	int64_t copied;    /* bytes copied into new blocks */
	int64_t state;     /* bytes of the engine's arrays and struct */
} snap_cost;

/* snapshot_take snapshots e, sharing blocks equal to prev's (prev may be
 * NULL); fills *cost (may be NULL). */
gmp_snapshot *snapshot_take(const gmp_engine *e, const gmp_snapshot *prev, snap_store *st,
                            snap_cost *cost);
/* snapshot_free drops s (blocks go when no snapshot shares them). */
void snapshot_free(gmp_snapshot *s, snap_store *st);
/* snapshot_engine returns a new engine in s's state. */
gmp_engine *snapshot_engine(const gmp_snapshot *s);
/* snapshot_sync records that e equals s now (s was just taken of e): the
 * next snapshot_take with prev = s, and a restore of s into e, skip the G
 * slab chunks e does not touch meanwhile (sched.h: gsync). A restore syncs
 * the engine it returns by itself. */
void snapshot_sync(const gmp_engine *e, const gmp_snapshot *s);

/* snapshot_restore returns an engine in s's state made from old (consumed:
 * its arrays are reused where they have the snapshot's shape, and only the
 * blocks that differ are copied). */
gmp_engine *snapshot_restore(const gmp_snapshot *s, gmp_engine *old);
/* snapshot_visible is the visible total of the engine s holds. */
uint64_t snapshot_visible(const gmp_snapshot *s);
/* snapshot_events is its event total. */
uint64_t snapshot_events(const gmp_snapshot *s);

#endif
