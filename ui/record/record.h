/*
 * record.h — `gmpscope record`: headless recordings of a scenario.
 *
 * cmd_record (cli.h) lives in record.c: it checks the arguments and opens the
 * outputs; record_frames.c drives the same appstate, views and key table as
 * the terminal with a virtual frame clock and writes the asciicast and the
 * screenshots. The two trace writers below run a fresh engine
 * of the chosen variant from t=0, independently of the key script (a key script
 * that restarts or switches variant changes the screens, not the traces):
 *
 *   record_schedtrace.c  GODEBUG=schedtrace(+scheddetail)-style lines
 *   record_trace.c       Chrome Trace Event JSON (Perfetto, chrome://tracing)
 *
 * Each writer returns 0, or -1 after an allocation or write error; the caller
 * writes to outfiles and an outdir (ui/record/outfile.h) and publishes them together
 * only once every one is complete, so a failed run leaves no output at all.
 */
#ifndef GMP_RECORD_H
#define GMP_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "appstate.h"
#include "canvas.h"
#include "cast.h"
#include "cli.h"
#include "engine.h"
#include "keys.h"
#include "outfile.h"
#include "scenario.h"

#define RECORD_ERR 512

/* due is a screenshot owed at a virtual time (--at or a scenario moment). */
typedef struct due {
	int64_t t;
	char name[40];     /* file base name: "t0030ms", "moment1" */
	int moment;        /* 1-based moment number, 0 for --at */
	bool done;
} due;

/* rec is one recording in progress. */
typedef struct rec {
	const cli_opts *o;
	appstate *st;
	canvas *cv;
	cast *k;               /* NULL without --cast */
	outfile cast_f, sched_f, trace_f, metrics_f;
	bool cast_open, sched_open, trace_open, metrics_open;
	outdir shots;          /* --screens: staged until the whole run succeeded */
	bool shots_open;
	keys_item *keys;       /* the key script */
	int nkeys, key_i;
	int64_t key_due;       /* wall ns at which keys[key_i] applies */
	due *dues;
	int ndues;
	int64_t wall;          /* frame clock, ns */
	bool quit;             /* the script pressed q */
	bool quiz;             /* quiz --record: start as the terminal does
	                          (paused, on the three questions), not playing */
	/* marker bookkeeping, per engine (reset when the engine is replaced) */
	uint64_t run;          /* appstate.run at the last look */
	uint64_t seq;          /* next event to look at */
	int64_t now;           /* engine time at the last look */
	int nms;               /* Ms seen */
	bool end_marked;       /* exit / fatal / horizon marked */
	/* per recording */
	bool first_steal, first_preempt, first_throttle;
	int newm, mexit;       /* markers of each kind so far */
	unsigned shot_kinds;   /* bit per marker_kind: its screenshot was taken */
	char err[RECORD_ERR];
} rec;

/* record_outputs checks the key script and the outputs of o, and opens
 * them (as temporaries) with the canvas; s's moments become screenshots
 * (s NULL: none). Returns 0, or -1 with one line in r->err. */
int record_outputs(rec *r, const cli_opts *o, const gmp_scenario *s);
/* record_finish completes one output's temporary; record_publish renames
 * every finished output into place; record_teardown removes what is left
 * (an unpublished output) and frees r's parts. */
int record_finish(rec *r, outfile *f, bool is_open);
int record_publish(rec *r);
void record_teardown(rec *r);

/* record_frames plays the recording from t=0 to its end (record_frames.c):
 * r->st holds the opened scenario, r->cv the canvas, r->k the cast (or NULL),
 * r->keys the script. Returns 0, or -1 with a one-line message in r->err. */
int record_frames(rec *r);

/* schedtrace_tick writes what the runtime's schedtrace(detail) prints at
 * virtual time t for engine e: the SCHED summary line and, when detail, one
 * line per P, M and live G, in the layout of the Go version the engine models
 * (engine_config(e)->go_minor; 1.25+: "[ 0 0 ] schedticks=[ 1 0 ]"). */
int schedtrace_tick(FILE *fp, const gmp_engine *e, int64_t t, bool detail);

/* record_schedtrace runs a fresh engine of v and calls schedtrace_tick at
 * 0, interval, 2×interval ... up to until (virtual ns; < 0 = the run's end).
 * When the engine used up gmpscope's own budget, its give-up line is copied
 * into gaveup (RECORD_ERR bytes; "" otherwise). */
int record_schedtrace(FILE *fp, const gmp_variant *v, int64_t until, int64_t interval,
                      bool detail, char *gaveup);

/* record_trace_json runs a fresh engine of v up to until (< 0 = the run's end)
 * one visible event at a time and writes a Chrome trace: process "Ps" with a
 * track per P (an "X" slice per goroutine run), process "Ms" with a track per M
 * that ever existed (state slices), instants for steals, preemption, signals,
 * thread birth and death, throttling and the end, and counters of goroutines
 * and threads. title names the recording in the trace's metadata. gaveup as
 * record_schedtrace's. */
int record_trace_json(FILE *fp, const gmp_variant *v, int64_t until, const char *title,
                      char *gaveup);

/* record_snaps is cmd_record for --replay FILE and --real -- PROGRAM
 * (record_replay.c): the real runtime's snapshots as a cast and screenshots. */
int record_snaps(const cli_opts *o);

/* record_time_name writes the screenshot base name for virtual time t:
 * "t0030ms" for whole milliseconds, else "t1500us" for whole microseconds,
 * else "t0000123ns". */
void record_time_name(int64_t t, char *buf, size_t len);

#endif
