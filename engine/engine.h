/*
 * engine.h — the public face of the simulated Go scheduler.
 *
 * The engine is a discrete-event simulation of the Go runtime's G/M/P
 * scheduler on a virtual nanosecond clock. It runs a compiled scenario program
 * (program.h) under one variant's settings and emits a stream of typed events,
 * each with a one-line caption. The UI reads the state through the read-only
 * views below; nothing here knows about terminals or wall-clock time.
 *
 * Determinism: same program + config (incl. seed) => same events, byte for byte.
 */
#ifndef GMP_ENGINE_H
#define GMP_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "alloc.h"
#include "program.h"

typedef struct gmp_engine gmp_engine;

/* Event kinds. EV_* order is part of the key-script contract only through
 * event_kind_for_key(); captions are produced by the engine.
 *
 * Payload: each kind's comment names the gmp_event fields it sets; a field not
 * named is -1 (p, m, g, p2, aux, aux2) or 0 (n). "fn" is an index into the
 * program's funcs: the goroutine's entry function (gp->entry). */
typedef enum {
	EV_START = 0,     /* the program starts (runtime.main): p 0, m m0, g main's
	                   * goroutine, aux fn (the program's main), n GOMAXPROCS */
	EV_SPAWN,         /* newproc: a goroutine was created: p, m the creator's,
	                   * g the new goid, aux fn */
	EV_RUNQPUT,       /* a G was queued (not emitted today: a queued G shows
	                   * through the event that queued it) */
	EV_OVERFLOW,      /* runqputslow: half a local queue moved to the global:
	                   * p, m, g the G being queued, n Gs moved (g included) */
	EV_GLOBRUNQGET,   /* a P took a batch (n > 1) from the global queue: p, m,
	                   * g the G it runs, n the batch */
	EV_STEAL,         /* runqsteal took work from another P: p the thief's P,
	                   * m the thief, g the G it runs, p2 the victim, n stolen */
	EV_EXECUTE,       /* a G starts running on a P: p, m, g, aux fn,
	                   * aux2 gmp_execslice */
	EV_PARK,          /* gopark: a G blocks: p (-1 when its M had none), m, g,
	                   * aux fn, aux2 gmp_waitreason */
	EV_READY,         /* goready: a parked G becomes runnable: p whose runnext
	                   * it enters (-1 = the global queue), g, aux fn */
	EV_GOSCHED,       /* a G yielded to the global queue: p, m, g, aux fn,
	                   * aux2 1 when it woke an idle P (wakep), else 0 */
	EV_GOEXIT,        /* a G finished: p, m, g, aux fn */
	EV_SYSCALL_ENTER, /* entersyscall (also cgo): p the P left in _Psyscall,
	                   * m, g, aux fn, aux2 gmp_syscallkind */
	EV_SYSCALL_EXIT,  /* exitsyscall: p the P the M runs on (-1 = none), m, g,
	                   * aux fn, aux2 gmp_exitsyscall (which path) */
	EV_HANDOFF,       /* handoffp: a P passed from a blocked M: p, m the M
	                   * started for it (-1 = the P went idle) */
	EV_RETAKE,        /* sysmon took a P from a syscall: p, m and g the M and
	                   * G in the syscall */
	EV_NEWM,          /* a new OS thread: m, p the P it is for (-1 = none),
	                   * n live threads (mcount) */
	EV_MEXIT,         /* an OS thread exits: p, m, g the locked G that ended,
	                   * aux2 1 when m is m0 (which parks for good), else 0 */
	EV_SPINNING,      /* an M starts spinning: p, m */
	EV_SPIN_STOP,     /* a spinning M found nothing and stops: p, m */
	EV_STOPM,         /* an M parks on the idle list: m, n idle Ms (nmidle) */
	EV_STARTM,        /* an idle M is woken with a P: p, m */
	EV_PREEMPT_REQ,   /* sysmon asks a G to stop (preemptone): p, m, g,
	                   * n µs the G has run since it got the P, aux2 µs
	                   * since the P's time slice began (more when the G
	                   * inherited it), aux 1 when the request is ignored
	                   * (a loop without calls, no async preemption) */
	EV_PREEMPTED,     /* a G honoured a preemption request: as EV_GOSCHED */
	EV_SIGURG,        /* a SIGURG was sent to an M: p, m, g the G to stop */
	EV_SIGURG_LOST,   /* a SIGURG preempted nothing: p, m, g,
	                   * aux2 gmp_sigurglost (why) */
	EV_THROTTLE,      /* the cgroup quota ran out: every thread stops:
	                   * n threads stopped */
	EV_UNTHROTTLE,    /* a new quota period begins */
	EV_TIMER_FIRED,   /* a timer fired: p and m it ran on, g the G it woke
	                   * (-1 = none: a channel timer, or its G moved on) */
	EV_NETPOLL,       /* netpoll readied goroutines: p, m the M that polled
	                   * (-1 = sysmon, or an M left without a P), n readied */
	EV_LOCKED,        /* LockOSThread / UnlockOSThread / locked hand-off: p,
	                   * m, g, aux2 gmp_lockedop */
	EV_PRINT,         /* the program printed a line: p, m, g, aux2 the
	                   * line's index in the program's strings */
	EV_RACE,          /* the race detector reported a data race: g the
	                   * accessing goid, n the other goid, aux2 the variable's
	                   * index in the program's vars */
	EV_GC,            /* a GC cycle: aux2 GC_EV_START (the heap reached its
	                   * goal; n KiB to mark) or GC_EV_END (mark
	                   * termination; n KiB freed) */
	EV_SYSMON,        /* sysmon woke (not visible): m sysmon's M */
	EV_DEADLOCK,      /* checkdead's fatal error: n 2 (the exit status);
	                   * the message is engine_fatal() */
	EV_FATAL,         /* any other fatal error (thread exhaustion, OOM, the
	                   * race runtime's goroutine limit): n the exit status
	                   * (2; 66 for the race runtime) */
	EV_EXIT,          /* the program exited (os.Exit or main returned):
	                   * n the exit status */
	EV_HORIZON,       /* the run reached its horizon */
	EV__COUNT
} gmp_evkind;

#define GMP_CAPTION_MAX 160

/* One event; which fields a kind sets is said at its gmp_evkind. */
typedef struct gmp_event {
	uint64_t seq;      /* 0, 1, 2... over the run */
	int64_t t;         /* virtual ns */
	uint8_t kind;      /* gmp_evkind */
	bool visible;      /* the UI steps through visible events only */
	int32_t p, m, g;   /* entities involved (g is a goid), -1 = none */
	int32_t p2;        /* second P (EV_STEAL's victim), -1 = none */
	int32_t n;         /* a count or value (stolen, moved, exit status...) */
	int32_t aux, aux2; /* kind-specific: a function, a code (enums below)... */
	char caption[GMP_CAPTION_MAX]; /* filled lazily by engine_event_get */
} gmp_event;

/* EV_EXECUTE's aux2: the time slice the G runs in (execute's inheritTime). */
typedef enum {
	EXEC_NEW_SLICE = 0, /* a new slice: the P's schedtick advances */
	EXEC_INHERIT = 1,   /* taken from runnext: it inherits the current slice */
} gmp_execslice;

/* EV_GC's aux2: which end of the cycle (mgc.c). */
typedef enum {
	GC_EV_END = 0,      /* mark termination (or runtime.GC's whole cycle) */
	GC_EV_START = 1,    /* gcStart: the concurrent mark begins */
} gmp_gcev;

/* EV_EXIT's aux2: how the process ended. */
typedef enum {
	EXIT_NORMAL = 0,    /* os.Exit, or main returned */
	EXIT_OOM_KILL = 1,  /* the kernel's OOM killer: SIGKILL, status 137 */
} gmp_exitkind;

/* EV_SYSCALL_ENTER's aux2: what the M blocks in. */
typedef enum {
	SYSCALL_BLOCKING = 0, /* a blocking system call */
	SYSCALL_CGO = 1,      /* a C call (cgocall) */
} gmp_syscallkind;

/* EV_SYSCALL_EXIT's aux2: the path exitsyscall took. */
typedef enum {
	EXITSYSCALL_FAST = 0,  /* exitsyscallfast: its P was still in _Psyscall */
	EXITSYSCALL_IDLE_P,    /* exitsyscallfast_pidle: its P was retaken; it
	                        * took an idle one */
	EXITSYSCALL_NO_P,      /* exitsyscall0: no P free: the G goes to the
	                        * global queue and the M stops */
} gmp_exitsyscall;

/* EV_LOCKED's aux2: which LockOSThread step. */
typedef enum {
	LOCKED_LOCK = 0,  /* LockOSThread: g wires itself to m */
	LOCKED_UNLOCK,    /* UnlockOSThread */
	LOCKED_HANDOFF,   /* startlockedm: g, locked to m, is runnable: P p is
	                   * handed to m */
} gmp_lockedop;

/* EV_SIGURG_LOST's aux2: why the signal preempted nothing. */
typedef enum {
	SIGURG_UNSAFE_POINT = 0, /* it arrived while the M ran runtime code */
	SIGURG_FOREIGN_HANDLER,  /* a non-Go handler took it (no chaining) */
} gmp_sigurglost;

/* Run state. */
typedef enum {
	RUN_RUNNING = 0,
	RUN_EXITED,    /* exit_code set */
	RUN_FATAL,     /* fatal message set (deadlock, thread exhaustion, OOM...) */
	RUN_HORIZON,   /* stopped at the horizon */
	RUN_GAVEUP,    /* gmpscope's own budget ran out (engine_gave_up): not an
	                * outcome of the program, a limit of the host */
} gmp_runstate;

/* G states, as runtime2.go */
typedef enum {
	G_IDLE = 0, G_RUNNABLE = 1, G_RUNNING = 2, G_SYSCALL = 3, G_WAITING = 4,
	G_DEAD = 6,
} gmp_gstatus;

typedef enum {
	WAIT_NONE = 0, WAIT_CHAN_RECV, WAIT_CHAN_SEND, WAIT_SELECT, WAIT_SELECT_NOCASES,
	WAIT_SLEEP, WAIT_IO, WAIT_SEMACQUIRE, WAIT_MUTEX, WAIT_WAITGROUP,
	WAIT_CHAN_RECV_NIL, WAIT_PREEMPTED, WAIT_LOCKED_M,
	WAIT_RWMUTEX_R, WAIT_RWMUTEX_W, WAIT_COND,
	/* the runtime's own goroutines (engine_sys_g_view) */
	WAIT_FORCEGC, WAIT_GC_SWEEP, WAIT_GC_SCAVENGE, WAIT_FINALIZER,
	WAIT__COUNT
} gmp_waitreason;

/* P states, as runtime2.go */
typedef enum {
	P_IDLE = 0, P_RUNNING = 1, P_SYSCALL = 2, P_GCSTOP = 3, P_DEAD = 4,
	P__COUNT
} gmp_pstatus;

/* M "states" (the runtime has none; derived as runtime2.go explains) */
typedef enum {
	M_RUNNING = 0,   /* has a P, runs a G or the scheduler */
	M_SPINNING,      /* has a P, looking for work */
	M_IDLE,          /* parked on sched.midle */
	M_SYSCALL,       /* blocked in a syscall, no P */
	M_CGO,           /* in a C call */
	M_LOCKED_IDLE,   /* locked to a blocked G (nmidlelocked) */
	M_CPU_WAIT,      /* wants a CPU, none free (OS run queue) */
	M_THROTTLED,     /* stopped by the cgroup quota */
	M_DEAD,          /* exited (mexit): a tombstone */
	M_SYSMON,        /* sysmon's M: no P */
	M_NETPOLL,       /* blocked in netpoll waiting for the next timer */
	M__COUNT
} gmp_mstate;

/* forcePreemptNS: sysmon asks a G that has run this long in one time slice
 * (since the P's schedtick last advanced) to stop; the UI draws each running
 * G's progress through it. */
#define GMP_FORCE_PREEMPT_NS 10000000LL

/* How many run queue entries a gmp_pview shows. */
#define GMP_PVIEW_RUNQ 8

typedef struct gmp_pview {
	int id;
	gmp_pstatus status;
	int m;             /* -1 = none */
	int curg;          /* -1 = none */
	int64_t slice_start; /* when the P's time slice (schedtick) began: a G
	                      * taken from runnext inherits it */
	int64_t run_start; /* when the running G last got this P (scheduled, or
	                    * back from a syscall): how long it has run */
	int runnext;       /* -1 = none */
	int runqsize;      /* ring length, excluding runnext */
	int runq[GMP_PVIEW_RUNQ]; /* first ring entries (head first), min(runqsize, GMP_PVIEW_RUNQ) */
	int ntimers;
	uint32_t schedtick, syscalltick;
	int gfreecnt;      /* dead Gs on its free list (p.gFree.n) */
	bool throttled;    /* its M is stopped by the quota */
	bool cpu_wait;     /* its M wants a CPU and has none */
} gmp_pview;

typedef struct gmp_mview {
	int id;
	gmp_mstate state;
	int p;             /* -1 = none */
	int curg;          /* -1 = none */
	int lockedg;       /* -1 = none */
	int64_t born, died;  /* virtual ns; died < 0 while alive */
	bool spinning;
	bool sigpending;   /* a SIGURG is pending (signalPending) */
	bool wedged;       /* m0 after its locked G ended: it cannot exit, so it
	                    * parks for good; not live (mcount), not exited */
	int32_t tls;       /* the last value bound on this thread, by any G (a
	                    * check compares the thread a G bound on, not this) */
	int64_t cgo_last;  /* virtual ns its latest cgo call ended, 0 = none (a
	                    * call costs > 0): a call too short to be seen in a
	                    * frame is shown for one (view_threads) */
} gmp_mview;

typedef struct gmp_gview {
	int id;
	gmp_gstatus status;
	gmp_waitreason wait;
	int func;          /* index into program funcs */
	int line;          /* Go listing line of the current op, 0 = none */
	int m;             /* -1 = none */
	int lockedm;       /* -1 = none */
	int64_t runnable_since; /* for starvation display, -1 = not runnable */
} gmp_gview;

/* What a P was doing during one piece of its timeline (gmp_segment.kind). */
typedef enum {
	SEG_IDLE = 0,      /* on the idle list (pidleput): no M */
	SEG_RUN,           /* its M runs goroutine g */
	SEG_SYSCALL,       /* _Psyscall: its M is in a syscall or C call with g */
	SEG_THROTTLED,     /* its M is stopped by the cgroup quota (g: the G it ran, or -1) */
	SEG_SPIN,          /* its M spins in findRunnable, looking for work */
	SEG_SCHED,         /* its M runs the scheduler between goroutines (no G) */
	SEG_GC,            /* its M runs the P's GC mark worker (gcBgMarkWorker) */
	SEG__COUNT
} gmp_segkind;

/* A piece of a P's history for the timeline. */
typedef struct gmp_segment {
	int64_t t0, t1;    /* virtual ns; engine_segments ends the open piece at now */
	int32_t g;         /* goid for SEG_RUN, SEG_SYSCALL, SEG_THROTTLED; else -1 */
	uint8_t kind;      /* gmp_segkind */
} gmp_segment;

/* Metric series sampled over virtual time (for sparklines). */
typedef enum {
	SER_GOROUTINES = 0, SER_THREADS, SER_RUNNABLE, SER_CPU_UTIL, SER_CPU_WASTED,
	SER_THREADS_CREATED, SER_THREADS_EXITED, SER_GLOBRUNQ, SER_STACK_BYTES,
	SER_TIMERS, SER_COUNTER0, /* SER_COUNTER0 + k: counter k of the program */
} gmp_series;

/* lifecycle; engine_new runs cfg as config_complete leaves it (program.h) */
gmp_engine *engine_new(const gmp_program *prog, const gmp_config *cfg);
void engine_free(gmp_engine *e);
gmp_engine *engine_clone(const gmp_engine *e); /* a checkpoint */

/* running. Each returns the number of events executed. */
/* engine_run_until runs every event with time <= t (or until the run ends). */
uint64_t engine_run_until(gmp_engine *e, int64_t t);
/* engine_step runs until one visible event of a kind in `mask` (bit per
 * gmp_evkind; ~0 = any) has been emitted, or the run ends. */
uint64_t engine_step(gmp_engine *e, uint64_t mask);
/* engine_step_slice and engine_run_until_slice make the same moves in bounded
 * slices, for callers that must stay responsive (the UI's jobs): each
 * dispatches at most max_events timed events (the count goes to *used, which
 * may be NULL) and returns true when the move is complete (the wanted event
 * was emitted, t was reached or the run ended), false when the budget ran
 * out first: call again to go on. A move made in slices leaves the engine
 * exactly as the one call would. */
bool engine_step_slice(gmp_engine *e, uint64_t mask, uint64_t max_events, uint64_t *used);
bool engine_run_until_slice(gmp_engine *e, int64_t t, uint64_t max_events, uint64_t *used);
/* engine_step_until_slice is engine_step_slice that also stops before the
 * first event past virtual time t, as engine_run_until_slice does (the time
 * is then t): a step that would end past t becomes the run to t, with no
 * trial run on a copy. */
bool engine_step_until_slice(gmp_engine *e, uint64_t mask, int64_t t, uint64_t max_events,
                             uint64_t *used);
/* engine_run runs to the end (exit, fatal or horizon). */
uint64_t engine_run(gmp_engine *e);

/* gmpscope's own budget, which protects the host from a scenario (budget.c).
 * It counts the engine's steps, "events" (each timed event it processes: an
 * M's activity ends, sysmon wakes, a timer fires...; and each op a
 * goroutine's code executes), and the bytes of its own
 * state (live entities times their size), never wall time, so sanitizer and
 * valgrind runs stop where release runs stop. When either is used up the run
 * ends in RUN_GAVEUP and engine_gave_up() holds the one line to print; the
 * command line exits with GMP_EXIT_GAVEUP. */
typedef struct gmp_budget {
	uint64_t max_events;   /* engine steps per run; 0 = the default */
	int64_t max_bytes;     /* the engine's own memory; 0 = the default */
} gmp_budget;
#define GMP_MAX_EVENTS_DEFAULT 300000000ULL      /* ~10-30 s of host time */
#define GMP_MAX_ENGINE_BYTES_DEFAULT (1LL << 30) /* 1 GiB */
#define GMP_EXIT_GAVEUP 3                        /* the process's exit status */
/* engine_set_default_budget sets the budget of every engine made after it
 * (once, at start, like the OOM handler: it never changes what a run
 * computes, only where it stops); engine_set_budget that of one engine. */
void engine_set_default_budget(const gmp_budget *b);
void engine_set_budget(gmp_engine *e, const gmp_budget *b);
/* engine_gave_up: "gave up after N events at t=...; raise --max-events" (or
 * the memory analogue) once the run is RUN_GAVEUP, else "". */
const char *engine_gave_up(const gmp_engine *e);
/* engine_footprint: the bytes the engine holds for this run (its own state,
 * not the simulated program's memory). */
int64_t engine_footprint(const gmp_engine *e);

/* state */
int64_t engine_now(const gmp_engine *e);
gmp_runstate engine_runstate(const gmp_engine *e);
int engine_exit_code(const gmp_engine *e);
const char *engine_fatal(const gmp_engine *e);   /* "" when none; may hold 2 lines */
const gmp_config *engine_config(const gmp_engine *e);
const gmp_program *engine_program(const gmp_engine *e);
int engine_gomaxprocs(const gmp_engine *e);

int engine_nprocs(const gmp_engine *e);
void engine_p_view(const gmp_engine *e, int p, gmp_pview *out);
int engine_globrunq_size(const gmp_engine *e);
int engine_globrunq_peek(const gmp_engine *e, int *ids, int max);

int engine_nms(const gmp_engine *e);             /* every M ever created */
void engine_m_view(const gmp_engine *e, int m, gmp_mview *out);
/* sched's counters, as schedtrace prints them */
typedef struct gmp_schedview {
	int mcount;        /* live Ms (mnext - nmfreed), sysmon included */
	int nmidle;        /* Ms parked on the idle list */
	int nmidlelocked;  /* Ms parked with a locked G */
	int nmspinning;    /* spinning Ms */
	int npidle;        /* idle Ps */
	bool needspinning; /* wakep found no idle P: the next one should spin */
} gmp_schedview;
void engine_sched_view(const gmp_engine *e, gmp_schedview *out);
int64_t engine_sysmon_next(const gmp_engine *e); /* virtual ns of sysmon's next wake */
int64_t engine_sysmon_delay(const gmp_engine *e);

int engine_ng(const gmp_engine *e);              /* every G ever created */
bool engine_g_view(const gmp_engine *e, int g, gmp_gview *out); /* false if gone */
/* The runtime's own goroutines, G2-G5 (forcegc, bgsweep, bgscavenge,
 * finalizer): parked from the start, outside the program's G slots, so every
 * goroutine count skips them as NumGoroutine does (isSystemGoroutine). Only
 * scheddetail lists them. */
#define GMP_NSYSG 4
bool engine_sys_g_view(const gmp_engine *e, int i, gmp_gview *out);
int engine_g_count(const gmp_engine *e, gmp_gstatus st);
/* engine_line_counts writes into out[0..n) how many live goroutines stand
 * on each Go listing line (out[line]; out[0]: no line), kept as they move
 * rather than counted: O(n + threads). Returns how many entries hold
 * lines of the program (the rest are 0). */
int engine_line_counts(const gmp_engine *e, int32_t *out, int n);
/* gmp_gscan: a bounded walk over the live goroutines whose pc stands on a
 * listing line in lo..hi, for naming the goroutines on the lines a panel
 * shows: from the oldest slot up, then, once `each` slots are looked at,
 * from the newest down (the goroutines that move are mostly the new ones),
 * until the two walks meet or `each` more are looked at. A frame's cost
 * stays bounded among a million goroutines. */
typedef struct gmp_gscan {
	int up, down;   /* the next slot from the oldest end; one past the next from the newest */
	long each;      /* slots each end may look at */
	long left;      /* of them, left to the current end */
	bool back;      /* walking from the newest end */
} gmp_gscan;
void engine_gscan_start(const gmp_engine *e, gmp_gscan *s, long each);
/* engine_gscan_next returns the next goroutine slot of the walk, -1 at its
 * end. */
int engine_gscan_next(const gmp_engine *e, int lo, int hi, gmp_gscan *s);
int engine_g_wait_count(const gmp_engine *e, gmp_waitreason w);
/* engine_g_alive_iter walks live Gs: start with *cursor = 0; returns -1 at end */
int engine_g_alive_next(const gmp_engine *e, int *cursor);
/* engine_g_slots is how many G slots exist (allgs: live and dead, in
 * creation order); engine_g_dead_goid is the goid a dead slot last had, -1
 * when slot g is not dead. */
int engine_g_slots(const gmp_engine *e);
int engine_g_dead_goid(const gmp_engine *e, int g);
int engine_g_find(const gmp_engine *e, int goid);   /* slot of a live goid, -1 */

/* events: the last GMP_EVENT_RING events are kept */
#define GMP_EVENT_RING 512
uint64_t engine_event_total(const gmp_engine *e);           /* events so far */
const gmp_event *engine_event_get(const gmp_engine *e, uint64_t seq); /* NULL if gone */
/* engine_event_peek is engine_event_get without the caption (it may be ""):
 * for callers that read only the fields, at no formatting cost. */
const gmp_event *engine_event_peek(const gmp_engine *e, uint64_t seq);
uint64_t engine_visible_total(const gmp_engine *e);         /* visible events so far */

/* timeline: the last GMP_SEGMENTS pieces of each P's history, oldest first */
#define GMP_SEGMENTS 128
int engine_segments(const gmp_engine *e, int p, gmp_segment *out, int max);

/* metrics: by name ("threads_created", "completed.jobs", ...). Returns false
 * for an unknown name, and for a metric defined at the end (doc.at_end)
 * while the run goes on. Values are doubles; percentages are 0..100. */
bool engine_metric(const gmp_engine *e, const char *name, double *out);

/* What a metric's value is measured in. */
typedef enum {
	UNIT_NONE = 0,     /* a count, a flag (0 or 1) or a status */
	UNIT_NS,           /* virtual nanoseconds */
	UNIT_BYTES,        /* bytes */
	UNIT_PCT,          /* per cent, 0..100 */
	UNIT_PER_S,        /* per virtual second */
} gmp_unit;

/* One metric of the engine's table, the only list of metric names: `gmpscope
 * metrics`, expect's name check and the scenario README's table come from it.
 * A family's name ends in ".NAME": "rate.NAME" stands for "rate.jobs"... */
typedef struct gmp_metricdoc {
	const char *name;    /* "threads_created", or "rate.NAME" for a family */
	const char *meaning; /* one line */
	gmp_unit unit;
	bool at_end;         /* defined only once the run has ended (exit,
	                      * deadlock, leaks): engine_metric fails until then */
} gmp_metricdoc;
int engine_metric_count(void);
const gmp_metricdoc *engine_metric_doc(int i);          /* NULL past the end */
/* engine_metric_find returns the row a name belongs to ("rate.jobs" gives
 * the row "rate.NAME"), NULL for an unknown name. */
const gmp_metricdoc *engine_metric_find(const char *name);

/* sampled series: the last GMP_SERIES_MAX samples at most, oldest first, for
 * sparklines */
#define GMP_SERIES_MAX 512
int engine_series(const gmp_engine *e, int series, double *out, int max);
int64_t engine_series_interval(const gmp_engine *e);

/* names */
const char *event_kind_name(gmp_evkind k);
const char *gstatus_name(gmp_gstatus s);
const char *waitreason_name(gmp_waitreason w);   /* runtime's strings */
const char *pstatus_name(gmp_pstatus s);
const char *mstate_name(gmp_mstate s);

#endif
