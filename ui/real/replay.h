/*
 * replay.h — the state of the real-runtime screen (`gmpscope replay FILE`,
 * `gmpscope real -- PROGRAM`): the states read so far, the one shown, the
 * keys that move between them, and, for a live run, the child's status and
 * the last lines of its own output. No I/O and no drawing: the event loop
 * (ui/term/app_real.c) feeds it, view_snap.c draws it, record plays keys
 * into it.
 *
 * Snapshots are stepped like events: → next, ← back, `g` then a letter runs
 * to the next snapshot with that kind of change (m threads up, x threads
 * down, y syscall, k wait, s Gs created or ended), Home/End first/last.
 * A live run follows the newest snapshot until the user steps back.
 */
#ifndef GMP_REPLAY_H
#define GMP_REPLAY_H

#include <stdbool.h>
#include <stdint.h>

#include "scenario.h"
#include "schedtrace.h"

#define REPLAY_OUT_LINES 6    /* program output lines kept for the panel */
#define REPLAY_LINE_MAX 160   /* bytes kept of each */
#define REPLAY_STATUS_MAX 512

/* The screen's state. */
typedef struct replay {
	schedlog log;          /* the states (log.snaps[0..n)) */
	int cur;               /* the state shown; -1 before the first */
	bool follow;           /* live: show each new state as it arrives */
	bool gkey;             /* `g` was typed: the next letter picks a change */
	bool playing;          /* space: advance one state per tick */
	bool help;             /* ? : the keys overlay */
	int scroll;            /* first G row shown */
	bool live;             /* the source is a running child */
	bool running;          /* live: the child has not been reaped yet */
	int exit_status;       /* live: wait status decoded (code, or 128+signal) */
	char source[256];      /* "replay FILE" or "real PROGRAM ..." */
	char status[REPLAY_STATUS_MAX]; /* one line: what is going on */
	char out[REPLAY_OUT_LINES][REPLAY_LINE_MAX]; /* the program's last lines */
	long nout;             /* output lines so far (out is a ring) */
	char out_path[256];    /* where all of its output goes, "" = nowhere */
	/* compare (--scenario): the simulation of the same variant beside the
	 * real run, at each snapshot's time since the first */
	const gmp_variant *simv; /* the variant simulated; NULL = no compare */
	char simname[160];     /* the scenario's NN-slug and the variant */
	gmp_engine *sim;       /* its engine, run to the shown snapshot's time */
	gmp_snap simsnap;      /* its state there */
	gmp_snap simprev;      /* its state at the previous snapshot's time */
	int sim_at;            /* the snapshot simsnap stands beside; -1 = none */
} replay;

void replay_init(replay *r, const char *source, bool live);
void replay_free(replay *r);

/* replay_key performs one key; returns APP_REDRAW / APP_QUIT bits. */
int replay_key(replay *r, int key);

/* replay_tick advances a playing replay by one state (space); returns
 * APP_REDRAW when it moved, 0 at the end (it stops). */
int replay_tick(replay *r);

/* replay_added: the log grew (live); follows the newest when following. */
void replay_added(replay *r);

/* replay_output keeps one line of the program's own output for the panel. */
void replay_output(replay *r, const char *line, size_t len);

/* replay_compare puts the simulation of v (named name) beside the real
 * run; v must outlive r. */
void replay_compare(replay *r, const gmp_variant *v, const char *name);

/* replay_sim_sync brings the simulation to the shown snapshot's time
 * (called by every move; a move back restarts the engine). */
void replay_sim_sync(replay *r);

/* replay_find: from state `from`, the next (dir +1) or previous (-1) state
 * whose change from its predecessor is of kind `what` (the letter after g:
 * m threads up, x down, y syscall, k wait, s Gs created or ended, p P
 * status); -1 when none. */
int replay_find(const replay *r, int from, int dir, char what);

#endif
