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
 * event_kind_for_key(); captions are produced by the engine. */
typedef enum {
	EV_START = 0,     /* the program starts (runtime.main) */
	EV_SPAWN,         /* newproc: a goroutine was created */
	EV_RUNQPUT,       /* a G was queued (runnext kick, ready...) */
	EV_OVERFLOW,      /* runqputslow: half a local queue moved to the global */
	EV_GLOBRUNQGET,   /* a P took a batch from the global queue */
	EV_STEAL,         /* runqsteal took work from another P */
	EV_EXECUTE,       /* a G starts running on a P */
	EV_PARK,          /* gopark: a G blocks (wait reason in the caption) */
	EV_READY,         /* goready: a parked G becomes runnable */
	EV_GOSCHED,       /* a G yielded to the global queue */
	EV_GOEXIT,        /* a G finished */
	EV_SYSCALL_ENTER, /* entersyscall (also cgo) */
	EV_SYSCALL_EXIT,  /* exitsyscall (fast or slow path) */
	EV_HANDOFF,       /* handoffp: a P passed from a blocked M */
	EV_RETAKE,        /* sysmon took a P from a syscall */
	EV_NEWM,          /* a new OS thread */
	EV_MEXIT,         /* an OS thread exits */
	EV_SPINNING,      /* an M starts spinning */
	EV_SPIN_STOP,     /* a spinning M found work or gave up */
	EV_STOPM,         /* an M parks on the idle list */
	EV_STARTM,        /* an idle M is woken with a P */
	EV_PREEMPT_REQ,   /* sysmon asks a G to stop (preemptone) */
	EV_PREEMPTED,     /* a G honoured a preemption request */
	EV_SIGURG,        /* a SIGURG was sent to an M */
	EV_SIGURG_LOST,   /* a SIGURG went to a foreign handler / unsafe point */
	EV_THROTTLE,      /* the cgroup quota ran out: every thread stops */
	EV_UNTHROTTLE,    /* a new quota period begins */
	EV_TIMER_FIRED,   /* a timer fired */
	EV_NETPOLL,       /* netpoll readied goroutines */
	EV_LOCKED,        /* LockOSThread / UnlockOSThread / locked hand-off */
	EV_PRINT,         /* the program printed a line */
	EV_RACE,          /* the race detector reported a data race */
	EV_GC,            /* bookkeeping GC at a heap-doubling point */
	EV_SYSMON,        /* sysmon woke (not visible) */
	EV_DEADLOCK,      /* checkdead's fatal error */
	EV_FATAL,         /* any other fatal error (thread exhaustion, OOM) */
	EV_EXIT,          /* the program exited (os.Exit or main returned) */
	EV_HORIZON,       /* the run reached its horizon */
	EV__COUNT
} gmp_evkind;

#define GMP_CAPTION_MAX 160

typedef struct gmp_event {
	uint64_t seq;      /* 0, 1, 2... over the run */
	int64_t t;         /* virtual ns */
	uint8_t kind;      /* gmp_evkind */
	bool visible;      /* the UI steps through visible events only */
	int32_t p, m, g;   /* entities involved, -1 = none */
	int32_t p2;        /* second P (steal victim, handoff source), -1 = none */
	int32_t n;         /* a count (stolen, moved, readied...) */
	int32_t aux, aux2; /* kind-specific: function, wait reason, second M... */
	char caption[GMP_CAPTION_MAX]; /* filled lazily by engine_event_get */
} gmp_event;

/* Run state. */
typedef enum {
	RUN_RUNNING = 0,
	RUN_EXITED,    /* exit_code set */
	RUN_FATAL,     /* fatal message set (deadlock, thread exhaustion, OOM...) */
	RUN_HORIZON,   /* stopped at the horizon */
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
	WAIT__COUNT
} gmp_waitreason;

/* P states, as runtime2.go */
typedef enum { P_IDLE = 0, P_RUNNING = 1, P_SYSCALL = 2, P_GCSTOP = 3, P_DEAD = 4 } gmp_pstatus;

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

typedef struct gmp_pview {
	int id;
	gmp_pstatus status;
	int m;             /* -1 = none */
	int curg;          /* -1 = none */
	int64_t slice_start; /* when the running G's slice (schedtick) began */
	int runnext;       /* -1 = none */
	int runqsize;      /* ring length, excluding runnext */
	int runq[8];       /* first few ring entries (head first) */
	int ntimers;
	uint32_t schedtick, syscalltick;
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
	int32_t tls;       /* thread-local value bound by the program */
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

/* A piece of a P's history for the timeline. */
typedef struct gmp_segment {
	int64_t t0, t1;
	int32_t g;         /* -1 = idle / scheduler */
	uint8_t kind;      /* 0 idle, 1 running G, 2 syscall, 3 throttled, 4 spinning, 5 gc/sched */
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
/* engine_run runs to the end (exit, fatal or horizon). */
uint64_t engine_run(gmp_engine *e);

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
int engine_g_count(const gmp_engine *e, gmp_gstatus st);
int engine_g_wait_count(const gmp_engine *e, gmp_waitreason w);
/* engine_g_alive_iter walks live Gs: start with *cursor = 0; returns -1 at end */
int engine_g_alive_next(const gmp_engine *e, int *cursor);
int engine_g_find(const gmp_engine *e, int goid);   /* slot of a live goid, -1 */

/* events: the last GMP_EVENT_RING events are kept */
#define GMP_EVENT_RING 512
uint64_t engine_event_total(const gmp_engine *e);           /* events so far */
const gmp_event *engine_event_get(const gmp_engine *e, uint64_t seq); /* NULL if gone */
uint64_t engine_visible_total(const gmp_engine *e);         /* visible events so far */

/* timeline: the last GMP_SEGMENTS pieces of each P's history, oldest first */
#define GMP_SEGMENTS 128
int engine_segments(const gmp_engine *e, int p, gmp_segment *out, int max);

/* metrics: by name ("threads_created", "completed.jobs", ...). Returns false
 * for an unknown name. Values are doubles; percentages are 0..100. */
bool engine_metric(const gmp_engine *e, const char *name, double *out);
/* metric_names lists the built-in metrics with one line of meaning each. */
typedef struct gmp_metricdoc { const char *name, *meaning; } gmp_metricdoc;
const gmp_metricdoc *engine_metric_docs(int *n);
bool engine_metric_known(const char *name); /* incl. prefixed forms */

/* sampled series: n samples, oldest first, for sparklines */
int engine_series(const gmp_engine *e, int series, double *out, int max);
int64_t engine_series_interval(const gmp_engine *e);

/* names */
const char *event_kind_name(gmp_evkind k);
const char *gstatus_name(gmp_gstatus s);
const char *waitreason_name(gmp_waitreason w);   /* runtime's strings */
const char *pstatus_name(gmp_pstatus s);
const char *mstate_name(gmp_mstate s);

#endif
