/*
 * snap.h — one state of the scheduler, from either source: the simulation
 * (snap_from_engine) or the real runtime's GODEBUG=schedtrace[,scheddetail=1]
 * output (schedtrace_read.c). The real-runtime panels (view_snap.c) draw a
 * gmp_snap, so the simulation and the real run are drawn by the same code.
 *
 * The rows are the engine's typed views (engine.h: gmp_pview, gmp_mview,
 * gmp_gview) plus the fields only schedtrace prints. What a source does not
 * carry is absent, never invented: `have` says which parts are known
 * (schedtrace has no run-queue order, no goroutine code position and no
 * events between snapshots), and a field the log does not print is -1.
 */
#ifndef GMP_SNAP_H
#define GMP_SNAP_H

#include <stdbool.h>
#include <stdint.h>

#include "engine.h"

/* Bits of gmp_snap.have: which parts of a state its source carries. */
enum {
	SNAP_DETAIL = 1u << 0,     /* P, M and G rows (scheddetail=1; the engine) */
	SNAP_RUNQ_ORDER = 1u << 1, /* which Gs are queued, in order (engine only) */
	SNAP_CODE = 1u << 2,       /* each G's function and line (engine only) */
	SNAP_EVENTS = 1u << 3,     /* the events between states (engine only) */
};

#define SNAP_WAIT_MAX 40       /* a wait reason as the runtime prints it */
#define SNAP_PREEMPTOFF_MAX 40 /* an M's preemptoff reason */

/* A P row: the engine's view (runq/runnext absent without SNAP_RUNQ_ORDER). */
typedef struct snap_p {
	gmp_pview v;               /* status, schedtick, syscalltick, m, runqsize,
	                            * gfreecnt, ntimers (timerslen; -1 absent) */
} snap_p;

/* An M row: the engine's view and scheddetail's own fields. */
typedef struct snap_m {
	gmp_mview v;               /* id, p, curg, lockedg, spinning; state derived */
	bool blocked;              /* blocked=true: parked on a note (idle, or
	                            * waiting to be handed a P) */
	int mallocing, throwing, locks, dying; /* as printed; -1 absent */
	char preemptoff[SNAP_PREEMPTOFF_MAX]; /* "" when none */
} snap_m;

/* A G row: the engine's view and the wait reason exactly as printed. */
typedef struct snap_g {
	gmp_gview v;               /* id, status, wait (WAIT_NONE when the runtime's
	                            * reason has no engine twin), m, lockedm;
	                            * func -1 and line 0 without SNAP_CODE */
	char wait[SNAP_WAIT_MAX];  /* "chan receive", "GC sweep wait", "" */
} snap_g;

/* One state: a SCHED line and, with scheddetail, its P, M and G lines. */
typedef struct gmp_snap {
	int64_t t;                 /* ns since the first trace ("SCHED 103ms") */
	int line;                  /* line of its SCHED line in the log (0: engine) */
	unsigned have;             /* SNAP_* bits */
	int gomaxprocs, idleprocs, threads, spinningthreads, idlethreads;
	int runqueue;              /* the global run queue's length */
	int needspinning;          /* Go 1.20+; -1 absent */
	int gcwaiting, nmidlelocked, stopwait, sysmonwait; /* scheddetail; -1 absent */
	int nrunq;                 /* schedtrace alone: the "[a b]" list's length */
	int *runqsizes;            /* its values (each P's runqsize), nrunq of them */
	int *schedticks;           /* Go 1.25+ "schedticks=[ ]", nrunq; NULL absent */
	int np, nm, ng;            /* rows (scheddetail) */
	snap_p *ps;                /* Ps in allp order */
	snap_m *ms;                /* Ms as printed (allm: newest first) */
	snap_g *gs;                /* Gs in allgs order, dead ones too */
} gmp_snap;

/* snap_free releases what s holds (not s itself) and zeroes it. */
void snap_free(gmp_snap *s);

/* snap_from_engine fills s with e's state now, as schedtrace(detailed)
 * would print it and more: runq order, code positions. */
void snap_from_engine(const gmp_engine *e, gmp_snap *s);

/* snap_find_m / snap_find_g: the row with that id, NULL when absent. */
const snap_m *snap_find_m(const gmp_snap *s, int id);
const snap_g *snap_find_g(const gmp_snap *s, int id);

/* snap_count_g counts the G rows in status st. */
int snap_count_g(const gmp_snap *s, gmp_gstatus st);

/* Kinds of change between two states, for captions and "run until". */
typedef enum {
	SCH_THREADS = 0,   /* the live thread count changed */
	SCH_SYSCALL,       /* a G entered or left a syscall */
	SCH_WAIT,          /* a G began or stopped waiting (or changed reason) */
	SCH_SPAWN,         /* Gs were created or ended */
	SCH_PSTATUS,       /* a P changed status or M */
	SCH_RUNQ,          /* a run queue's length changed */
	SCH__COUNT
} snap_change;

/* snap_changes: the SCH_* bits of what differs from a to b. */
unsigned snap_changes(const gmp_snap *a, const gmp_snap *b);

/* snap_caption writes what changed from prev to cur (prev NULL: the first
 * state) in at most len bytes, phrases separated by "; ":
 *   "threads 25 → 203 in 100 ms; G40 now in syscall on M17; +3 more changes"
 * Returns buf. */
const char *snap_caption(const gmp_snap *prev, const gmp_snap *cur, char *buf, size_t len);

/* snap_change_name: "threads", "syscall"... (key names of run-until). */
const char *snap_change_name(snap_change c);

#endif
