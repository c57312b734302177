/*
 * runtime2.h — the engine's data structures, named after runtime/runtime2.go.
 *
 *   G  a goroutine: a program counter into an op list, a tiny frame stack of
 *      loop counters and return addresses, and its scheduling state.
 *   M  an OS thread. It runs G code or the scheduler while it holds a P and a
 *      CPU; it blocks in syscalls, on the idle list, or in netpoll.
 *   P  a processor: the right to run Go code, with a local run queue of 256
 *      plus runnext, and a timer heap. GOMAXPROCS of them.
 *   sched  global state: the global run queue, idle M and P lists, counters.
 *
 * Everything lives in growable arrays addressed by small integer ids (no
 * pointer graphs), so that engine_clone is a handful of memcpys and a parked
 * goroutine costs ~112 bytes. Lists (global run queue, idle lists, wait queues)
 * are intrusive through `schedlink`-style id fields, -1 terminated.
 *
 * Time: every M moves through "activities": it is busy on a CPU until
 * `busy_end`, then m_step() decides what it does next (run more ops of its G,
 * schedule, spin, park...). Between events the whole state is consistent.
 */
#ifndef GMP_RUNTIME2_H
#define GMP_RUNTIME2_H

#include <stdbool.h>
#include <stdint.h>

#include "engine.h"
#include "program.h"

#define NIL (-1)
#define RUNQ_SIZE 256          /* p.runq: a ring of 256, as in the runtime */
#define MAX_FRAMES 8           /* loop counters + call return addresses */
#define MAX_DEFERS 4           /* pending defers per goroutine */
#define MAX_SELECT_CASES 8     /* cases of one select statement */

/* --- G ---------------------------------------------------------------- */

/* A G keeps what every goroutine uses inline (88 bytes: with its sudog, a
 * goroutine parked on a channel costs 120 bytes of engine memory). What
 * only some goroutines need -- deep frames, more than one defer, a locked
 * thread, stream reads, select timers, a register, race clocks -- lives in
 * a gext_t allocated on first use (g_ext) and freed when the G exits. */
#define G_HOT_FRAMES 2

typedef struct g {
	int32_t goid;            /* goroutine id (1 = main), never reused */
	int32_t pc;              /* next op of fn */
	int32_t m;               /* M running it (or blocked with it), NIL */
	int32_t schedlink;       /* next G in a run queue / wait list */
	uint32_t parkgen;        /* bumps at every park: stale wait entries ignored */
	int32_t sel;             /* result left by a waker (SEL_*, a select
	                          * case index), SEL_NONE = none */
	int32_t arg;             /* go f(i): the creator's loop counter */
	int32_t ext;             /* its gext_t, NIL while it needs none */
	uint16_t fn;             /* current function */
	uint16_t entry;          /* function the goroutine was started with */
	uint8_t status;          /* gmp_gstatus */
	uint8_t waitreason;      /* gmp_waitreason while _Gwaiting */
	uint8_t depth;           /* frames in use */
	uint8_t ndefer;          /* pending defers (defer0, then gext.defers) */
	uint8_t callmask;        /* bit k: frame k is a call return address */
	uint8_t preempt;         /* gp.preempt: a request is pending */
	uint8_t iterflags;       /* IT_*: what this loop iteration did */
	uint8_t inwork;          /* g_inwork: inside an op that spans time */
	int32_t frames[G_HOT_FRAMES]; /* loop counters / (fn<<16 | pc) returns,
	                          * pc PC_ENTRY: resume at the function's entry */
	uint32_t defer0;         /* the first defer: (depth<<16 | fn) */
	uint32_t touched;        /* e->gact when it last ran: how cold it is */
	int32_t linem;           /* the M whose CPU last wrote this g (ran it or
	                          * freed it), NIL: the line is in no CPU's cache */
	union {   /* -1 when unused; a G in a WORK never sleeps or waits */
		int64_t work_left;   /* INWORK_RUNNING|INTERRUPTED: ns left of the
		                      * current WORK op */
		int64_t slept;       /* otherwise: sleep/netwait/syscall deadline,
		                      * Lock wait start */
	};
	int64_t runnable_since;  /* when it last became runnable, -1 otherwise */
	int64_t itercpu;         /* CPU used in the current loop iteration */
} g_t;

/* gext_t: a G's cold fields; while a G has none, they read as set by g_ext. */
typedef struct gext {
	int32_t frames[MAX_FRAMES - G_HOT_FRAMES]; /* frames past G_HOT_FRAMES */
	uint32_t defers[MAX_DEFERS - 1]; /* defers past the first (g.defer0) */
	int32_t lockedm;         /* LockOSThread partner, NIL */
	int32_t tlsm;            /* the M it bound its thread-local state on
	                          * (OP_TLS_SET), NIL: none bound */
	int32_t tlsv;            /* the value it bound there */
	int32_t race;            /* race-detector clock slot, NIL */
	int32_t nread;           /* events returned by the last stream read */
	uint32_t nsent;          /* items this G sent (item sequence numbers) */
	int32_t seltimer;        /* time.After timer of a pending select, NIL */
	int32_t next;            /* next free gext_t (engine.gxfree list) */
	uint8_t lockedext;       /* LockOSThread nesting */
	int64_t reg;             /* register for load/store */
	int64_t item_time;       /* send time of the last received item (probes) */
	int64_t gcAssistBytes;   /* gp.gcAssistBytes: bytes it may allocate
	                          * before it assists the mark (mgc.c) ... */
	int64_t gcAssistCycle;   /* ... in this cycle only (gc_cycles + 1; the
	                          * runtime zeroes it in gcResetMarkState) */
	int64_t locals[GMP_MAX_LOCALS]; /* parameters and `let` locals of the
	                          * functions on its stack (gmp_func.local_base) */
} gext_t;

/* g.iterflags: what the current loop iteration did (end_iteration counts an
 * iteration that only polled as wasted CPU). */
enum {
	IT_POLL_FAILED = 1,      /* a poll found nothing (TryLock, flag, default) */
	IT_PROGRESS = 2,         /* it synchronised, did I/O or blocked (a send...) */
};

/* g.inwork: where a G stands inside an op that spans virtual time. Such an
 * op ends the interpreter's batch; the next batch of the G settles it first
 * (exec_work_resume). */
typedef enum {
	INWORK_NONE = 0,         /* between ops: the pc is the next op to run */
	INWORK_RUNNING,          /* in a WORK, on the CPU until mp.busy_end: at
	                          * the next batch the WORK is done */
	INWORK_INTERRUPTED,      /* its WORK was stopped by a preemption
	                          * (exec_interrupt) with work_left ns to go: the
	                          * next batch resumes it, or yields if preempted */
	INWORK_SYSCALL,          /* in a syscall or cgo call, the pc still on it:
	                          * the pc moves on when the G next runs, after
	                          * exitsyscall */
} g_inwork;

/* g.sel, for a parked op that is not a select (a select gets the index
 * of the case that completed). */
enum {
	SEL_NONE = -1,           /* no waker has completed the op yet */
	SEL_CLOSED = 0,          /* a receive woken by close(c) */
	SEL_DONE = 1,            /* the waker completed the op */
};

/* PC_ENTRY: the pc of a return address that resumes the caller at its
 * entry, pc 0 (main's init functions return into main). */
#define PC_ENTRY 0xffff

/* --- M ---------------------------------------------------------------- */

/*
 * m_phase: what an M does when its current activity ends (m_step). A real M
 * is a thread that runs proc.go's code straight through and blocks inside
 * it; here virtual time passes only between events, so the runtime's code
 * is cut where it takes time or sleeps, and each cut is a phase. What each
 * phase stands for in proc.go (Go 1.25), and where the engine does it:
 *
 *   PH_NONE       sysmon's M and the template thread: no scheduler loop
 *                 (sysmon is driven by TE_SYSMON, sysmon.c)
 *   PH_EXEC       the goroutine's own code, after execute()'s gogo; ends
 *                 when it blocks (gopark -> park_m), yields (Gosched ->
 *                 goschedImpl, preemption -> gopreempt_m), exits (goexit0)
 *                 or enters a syscall (entersyscall)        exec.c
 *   PH_SCHED      the mcall to g0 that those make, ending in schedule()
 *                                                  proc.c -> schedule.c
 *   PH_STEAL      findRunnable's "Spinning Ms: steal work from other Ps":
 *                 stealWork's four passes, charged as CPU first; the queues
 *                 are read when they end                    schedule.c
 *   PH_STEALNEXT  runqgrab's usleep(3) before it takes a running P's
 *                 runnext (the owner is about to run it)
 *   PH_SPINFAIL   findRunnable's "return P and block": re-check under the
 *                 sched lock, releasep, pidleput            spinfail
 *   PH_DROPPED    the "delicate dance": nmspinning dropped, then
 *                 checkRunqsNoP (and checkTimersNoP: park_or_poll)
 *   PH_NETPOLL    findRunnable's "Poll network until next timer": blocked
 *                 in netpoll(delay) without a P    netpoll_return, netpoll.c
 *   PH_IDLE       stopm: on sched.midle, asleep in mPark() until startm
 *                 hands it a P (m.nextp)                    mthread.c
 *   PH_START      back from stopm's mPark (or a new thread's mstart1):
 *                 acquirep(m.nextp), then schedule()        schedule.c
 *   PH_LOCKIDLE   stoplockedm: asleep until startlockedm hands its locked
 *                 G's M a P; then stoplockedm's acquirep and schedule()'s
 *                 execute(lockedg)                mthread.c, schedule.c
 *   PH_SYSCALL    inside the system call (or the C call) that entersyscall
 *                 began; a blocking one holds no CPU        syscall.c
 *   PH_SYSRET     exitsyscall: exitsyscallfast, else exitsyscall0
 *   PH_DEAD       mexit: the thread is gone (m0 instead parks forever)
 *   PH_GCWORK     findRunnable gave its P to gcBgMarkWorker: the worker
 *                 marks until busy_end, then the P schedules    mgc.c
 *
 * Two moments of proc.go take no phase: resetspinning, which follows
 * findRunnable by a few instructions, is an event of its own (TE_RESETSPIN,
 * COST_RESETSPIN later; run_found says why), and startlockedm's stopm.
 */
typedef enum {
	PH_NONE = 0,  /* no scheduler loop (sysmon, template thread) */
	PH_EXEC,      /* run the next ops of curg */
	PH_SCHED,     /* call schedule() */
	PH_IDLE,      /* parked on midle (stopm); woken by startm */
	PH_LOCKIDLE,  /* stoplockedm: parked until its G is runnable again */
	PH_SYSCALL,   /* blocked in a syscall / cgo call until busy_end */
	PH_NETPOLL,   /* blocked in netpoll until the next timer or readiness */
	PH_START,     /* just woken / created: acquire nextp, then schedule */
	PH_SPINFAIL,  /* findRunnable found nothing: release the P, poll or park */
	PH_SYSRET,    /* back from a syscall, on a CPU: exitsyscall */
	PH_STEAL,     /* spinning: the steal passes' time has passed, look now */
	PH_STEALNEXT, /* slept 3 µs before stealing a running P's runnext */
	PH_DROPPED,   /* spinning stopped, P released: re-check every run queue */
	PH_DEAD,      /* exited (mexit), or m0 parked for good */
	PH_GCWORK,    /* its P's gcBgMarkWorker marks until busy_end (mgc.c) */
} m_phase;

typedef struct m {
	int32_t id;              /* index in engine.ms, never reused (M0 = m0) */
	uint8_t phase;           /* m_phase */
	bool spinning;           /* m.spinning: looking for work, counted in
	                          * sched.nmspinning */
	bool oncpu;              /* holds an OS CPU */
	bool cpuwait;            /* wants a CPU (on the OS run queue) */
	bool throttled;          /* stopped by the cgroup quota */
	bool sigpending;         /* signalPending: a SIGURG is in flight/pending */
	bool incgo;              /* m.incgo: in a cgo call (for views) */
	int64_t cgo_last;        /* when its latest cgo call ended, 0 = none
	                          * (views: a call shorter than a frame shows) */
	bool sysmon;             /* sysmon's M: no P, no CPU model */
	bool work_nocall;        /* the current WORK is a call-free loop */
	bool waste_sched;        /* the next schedule() follows a futile yield */
	bool templ;              /* the template thread (parked, no CPU) */
	bool wedged;             /* m0 after its locked G exited: parked forever */
	bool spin_reset;         /* found a G while spinning: stop spinning when
	                          * schedule() is over and the G starts (resetspinning) */
	uint8_t lockspin;        /* Mutex.Lock's active-spin iterations so far
	                          * (lockSlow's iter, sema.c: mutex_can_spin) */
	bool linefetched;        /* the mutex word's cache line was fetched from
	                          * another CPU for the Lock/TryLock at the pc */
	int64_t cost_wasted;     /* part of this schedule pass already counted as waste */
	int32_t p;               /* attached P, NIL */
	int32_t nextp;           /* m.nextp: P handed over by startm or
	                          * startlockedm, taken at wake-up, NIL */
	int32_t oldp;            /* m.oldp: P it left in _Psyscall, NIL */
	int32_t curg;            /* G it runs, NIL */
	int32_t lockedg;         /* G locked to it, NIL */
	int32_t schedlink;       /* midle / OS run queue link */
	uint32_t gen;            /* bumps to cancel a pending activity event */
	int64_t busy_end;        /* end of the current CPU activity */
	int64_t busy_left;       /* CPU ns still owed when interrupted */
	int64_t work_start;      /* when the interruptible WORK part began */
	int64_t quantum_start;   /* when its OS time slice began; while it
	                          * waits for a CPU, its turn (e->osq_seq) */
	uint32_t qgen;           /* its OS time slice: a TE_QUANTUM of an older
	                          * one is stale (gen follows the activity,
	                          * which changes many times in one slice) */
	int32_t tls;             /* the last value bound on this thread, by any
	                          * G (views only: checks compare identities) */
	int64_t born, died;      /* creation and exit times; died -1 while alive */
	int64_t pollUntil;       /* PH_NETPOLL: wake time, or INT64_MAX */
	int64_t parked_at;       /* when stopm parked it (futex wake latency) */
	int32_t stealnext_p, stealnext_g; /* PH_STEALNEXT: victim and its G */
	int64_t gc_turn;         /* PH_GCWORK: the mark worker's turn (ns) */
} m_t;

/* --- P ---------------------------------------------------------------- */

typedef struct p {
	int32_t id;              /* index in engine.ps: 0 .. gomaxprocs-1 */
	uint8_t status;          /* gmp_pstatus */
	int32_t m;               /* M holding it; NIL when idle / in syscall */
	int32_t link;            /* next P on the idle list (sched.pidle) */
	bool onidle;             /* on the idle list (idlepMask) */
	bool retiring;           /* beyond a lowered GOMAXPROCS: its M gives it
	                          * up at its next scheduling point (procresize) */
	int32_t syscallm;        /* _Psyscall: the M blocked with this P, NIL */
	uint32_t schedtick;      /* p.schedtick: goroutines started on a new
	                          * time slice (execute); sysmon and the 1-in-61
	                          * fairness check read it */
	uint32_t syscalltick;    /* p.syscalltick: bumps when a syscall leaves
	                          * it (exitsyscall's fast path, retake) */
	int32_t runnext;         /* G to run next, inheriting the slice, NIL */
	uint32_t runqhead, runqtail; /* the ring's indices: free-running, taken
	                          * modulo RUNQ_SIZE; length = tail - head */
	int32_t runq[RUNQ_SIZE]; /* the local run queue: G slots */
	int32_t gfreecnt;        /* p.gFree.n: dead Gs kept for reuse here (the
	                          * count only: the slots are on engine.gfree) */
	int32_t *timers;         /* 4-ary heap of timer ids, by `when` */
	int ntimers, captimers;  /* timers in the heap, its allocated size */
	/* sysmon's per-P record (sysmontick) */
	uint32_t sm_schedtick, sm_syscalltick; /* ticks sysmon last saw */
	int64_t sm_schedwhen, sm_syscallwhen;  /* when it saw them change */
	int64_t slice_start;     /* when the current time slice began */
	int64_t run_start;       /* when the running G last got this P
	                          * (execute, exitsyscall): how long it ran */
	gmp_segment seg[GMP_SEGMENTS]; /* timeline ring: what it did, when */
	uint32_t nseg;           /* segments ever opened (seg index = nseg %
	                          * GMP_SEGMENTS); the last one may be open */
	int64_t gcFractionalMarkTime; /* this cycle's fractional worker time */
	uint8_t gcMarkWorkerMode;    /* gcMarkWorker*Mode while its M runs the
	                          * P's gcBgMarkWorker (mgc.c), else 0 */
} p_t;

/* --- timers, channels, sync --------------------------------------------- */

typedef struct timer {
	int64_t when;            /* when it fires */
	int64_t period;          /* ticker; 0 = one-shot */
	int32_t ch;              /* channel to send to, NIL; with g: the select
	                            case index (time.After); -2: abandoned */
	int32_t g;               /* G to ready (Sleep, select), NIL */
	int32_t pp;              /* P whose heap holds it, NIL = not in a heap */
	int32_t idx;             /* index in that heap */
	uint32_t ggen;           /* parkgen of g when set */
	bool live;               /* allocated (not freed by GC) */
	bool abandoned;          /* time.After whose select moved on */
	bool heapobj;            /* time.After's timer: TIMER_BYTES of heap,
	                          * counted in timer_bytes while in a heap */
} timer_t_;

/* item_t: a value sent on a channel */
typedef struct item {
	int64_t seq;             /* sender's item number (`reordered` checks it) */
	int64_t t;               /* send time (latency probes) */
} item_t;

/* sudog_t: a goroutine parked on a channel's queue (runtime2.go's sudog) */
typedef struct sudog {
	int32_t g;               /* the parked G's slot */
	uint32_t parkgen;        /* valid while g->parkgen == parkgen */
	int32_t next;            /* next sudog in the queue / free list, NIL */
	int16_t casei;           /* select case index, -1 = plain op */
	item_t elem;             /* value carried by a parked sender */
} sudog_t;

typedef struct hchan {
	int64_t cap;             /* capacity (0: unbuffered) */
	int64_t count;           /* items in buf */
	int64_t head;            /* index of the oldest item in buf */
	item_t *buf;             /* the ring of buffered items */
	int64_t bufcap;          /* its allocated length (grows to cap) */
	int32_t recvq_head, recvq_tail; /* parked receivers (sudogs) */
	int32_t nrecvq;          /* their number */
	int32_t sendq_head, sendq_tail; /* parked senders (sudogs) */
	int32_t nsendq;          /* their number */
	int32_t sendq_peak;      /* most parked senders at once (metric) */
	bool closed;             /* close(c) was called */
	bool made;               /* make(chan) ran; a nil channel blocks forever */
	int32_t timer;           /* timer feeding this channel, NIL */
	int64_t maxrecv;         /* highest seq received (for `reordered`) */
} hchan_t;

typedef struct mutex_ {
	int32_t owner;           /* G holding it, NIL */
	int32_t waitq_head, waitq_tail; /* parked Lock callers, FIFO (G links) */
	int32_t nwait;           /* their number */
	bool starving;           /* starvation mode: Unlock hands it over to
	                          * the oldest waiter (sync.Mutex, 1 ms) */
	int32_t line_m;          /* the M whose CPU last wrote the mutex word
	                          * (its cache line is there), NIL */
} mutex_t_;

/* syncobj_t: an RWMutex, Once or Cond (program.syncs says which). */
typedef struct syncobj {
	int32_t readers;         /* RWMutex: readers holding it */
	int32_t writer;          /* RWMutex: the writer holding it, NIL */
	int32_t pending;         /* RWMutex: the writer waiting for the readers
	                          * to leave (new readers queue behind it), NIL;
	                          * Once: the G running the function, NIL */
	bool done;               /* Once: the function has returned */
	int32_t rq_head, rq_tail; /* RWMutex: parked readers; Once, Cond: waiters */
	int32_t wq_head, wq_tail; /* RWMutex: writers queued behind `pending` */
} syncobj_t;

typedef struct waitgroup {
	int64_t counter;         /* Add's running total */
	int32_t line_m;          /* the M whose CPU last wrote the counter, NIL */
	int32_t waitq_head, waitq_tail; /* goroutines parked in Wait */
} waitgroup_t;

typedef struct stream {
	int64_t next_seq;        /* arrivals already read */
	int32_t reader;          /* parked reader G, NIL */
	uint32_t readergen;      /* the reader's parkgen: stale TE_STREAMs skip */
} stream_t;

/* --- the event heap ----------------------------------------------------- */

typedef enum {
	TE_M = 0,        /* an M's activity ends (id = m, gen) */
	TE_SYSMON,       /* sysmon wakes */
	TE_SIGURG,       /* a SIGURG is delivered to M id */
	TE_NETREADY,     /* a netpoll wait is done: G id (gen = parkgen) */
	TE_STREAM,       /* stream id has data for its parked reader */
	TE_QUOTA,        /* cgroup quota exhausted */
	TE_PERIOD,       /* a new cgroup period */
	TE_QUANTUM,      /* OS time slice of M id ends */
	TE_HOST,         /* host thread id's OS time slice ends (hostload) */
	TE_TIMERWAKE,    /* wake an M blocked in netpoll (timer due) */
	TE_SAMPLE,       /* take a metric sample */
	TE_RESETSPIN,    /* M id, which found a G while spinning, stops spinning */
	TE_HORIZON,      /* the run's horizon: it stops here */
} te_kind;

/* tevent_t: a timed event; the heap orders them by (t, seq) */
typedef struct tevent {
	int64_t t;               /* virtual time it happens */
	uint64_t seq;            /* push order (engine.evseq): ties run FIFO */
	uint8_t kind;            /* te_kind */
	int32_t id;              /* the M, G, stream... it is about (te_kind) */
	uint32_t gen;            /* the generation it was pushed for: a stale
	                          * event (older gen) is dropped */
} tevent_t;

/* --- the GC cycle (mgc.c) ----------------------------------------------- */

/* gcphase and gcController's state for the cycle in progress. Scan work is
 * counted in bytes of heap and stacks, as the runtime's is. */
typedef struct gcstate {
	uint8_t phase;               /* _GCoff, _GCmark */
	int32_t dedicatedNeeded;     /* dedicated workers still to start */
	int32_t fractionalGoal;      /* fractionalUtilizationGoal, in 1e-6 of a P */
	int64_t markStartTime;       /* when the concurrent mark began */
	int64_t scanExpected;        /* the live heap and stacks at gcStart */
	int64_t scanDone;            /* scan work done (workers and assists) */
	int64_t bgScanCredit;        /* the workers' work not yet taken by assists */
	int64_t assistNs, bgNs;      /* this cycle's CPU: assists, workers */
	int64_t idleNs;              /* of bgNs, the idle-mode workers' */
	/* the pacer (mgcpacer.go), GOGC=100 */
	int64_t trigger;             /* heapLive that starts the next cycle */
	int64_t triggered;           /* heapLive when this cycle started */
	int64_t heapMarked;          /* the live heap the last mark found */
	int64_t lastStackScan;       /* the stacks the last mark scanned */
	int64_t consMark;            /* cons/mark ratio, in 1e-6 */
	int64_t consMarkErrIntegral; /* consMarkController's, in 1e-6 */
} gcstate_t;

/* gcMarkWorkerMode (p.gcMarkWorkerMode) */
enum { GCW_NONE = 0, GCW_DEDICATED = 1, GCW_FRACTIONAL = 2, GCW_IDLE = 3 };
enum { GC_OFF = 0, GC_MARK = 1 };

/* --- metrics ------------------------------------------------------------ */

typedef struct histo {       /* log-linear latency histogram */
	uint32_t b[64 * 16];         /* counts: 16 linear buckets per power of 2 */
	uint64_t n;                  /* samples */
	int64_t max;                 /* the largest sample, exactly */
} histo_t;

/* metrics_t: the run's measured figures, most reported under their field's
 * name (metrics.c's table says what each means and in which unit). */
typedef struct metrics {
	int64_t goroutines_peak, threads_peak; /* most live at once */
	int64_t threads_created, threads_exited; /* Ms made (newm), Ms gone */
	int64_t threads_wedged;      /* m0 parked for good (mexit on the main
	                              * thread): neither live nor exited */
	int64_t steals, stolen;      /* successful runqsteals, Gs they took */
	int64_t handoffs;            /* handoffp calls */
	int64_t gosched_calls;       /* runtime.Gosched calls */
	int64_t preempt_requests;    /* preemptone: gp.preempt set */
	int64_t preempted;           /* requests honoured (gopreempt_m) */
	int64_t preempt_signals, preempt_signals_lost; /* SIGURGs sent; lost
	                              * to a foreign handler or an unsafe point */
	int64_t reordered;           /* items received out of send order */
	int64_t starved_max;         /* longest wait of a runnable G (ns) */
	int64_t timers_peak, stack_bytes_peak; /* most at once */
	int64_t allocs;              /* heap allocations */
	int64_t heap_bytes, heap_peak; /* heap in use, now and at most */
	int64_t gc_cycles;           /* GC cycles completed (mgc.c) */
	int64_t races;               /* data races the race detector reported */
	int64_t tls_mismatch, tls_checks; /* thread-local checks, failed / all */
	int64_t throttled_periods;   /* cgroup periods that ran out of quota */
	int64_t overflows;           /* runqputslow: a full ring spilled */
	int64_t globrunq_peak;       /* most Gs in the global queue at once */
	int64_t spawns, syscalls, cgocalls; /* go statements, syscalls, C calls */
	int64_t retakes;             /* Ps sysmon took from syscalls */
	int64_t deadlock;            /* 1 after checkdead's fatal error */
	int64_t cpu_busy_ns;         /* CPU ns used by all Ms */
	int64_t cpu_wasted_ns;       /* CPU ns that did nothing useful (spinning,
	                              * futile yields, polls that found nothing) */
	int64_t sched_ns;            /* runtime overhead CPU ns */
	int64_t cgo_ns;              /* CPU ns of cgo round trips (part of sched_ns) */
	int64_t throttled_ns;        /* time the quota held every thread off the
	                              * CPUs, periods ended so far */
	int64_t timer_bytes;         /* heap of the time.After timers in a heap */
	int64_t leaked_at_exit;      /* goroutines besides main alive when the
	                              * run ended (exit, fatal error, horizon) */
	int64_t end_time;            /* elapsed */
} metrics_t;

#define NSERIES_BUILTIN SER_COUNTER0 /* built-in series (gmp_series) */
#define SERIES_MAX GMP_SERIES_MAX     /* samples kept per series */

#endif
