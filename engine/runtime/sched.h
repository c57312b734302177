/*
 * sched.h — the engine struct: the runtime's `sched` (schedt in runtime2.go)
 * plus the simulated machine, the slabs that hold Gs and Ms, and the inline
 * accessors every runtime file uses (G, M, P, GX, curp). The functions of
 * each file are declared in that file's own header (runq.h for runq.c,
 * mthread.h for mthread.c, ...): include sched.h and the headers of what you
 * call. engine/runtime/README.md maps each file to the part of the runtime it
 * mirrors.
 */
#ifndef GMP_SCHED_H
#define GMP_SCHED_H

#include <stddef.h>

#include "alloc.h"
#include "costs.h"
#include "runtime2.h"
#include "throw.h"

#define VEC(T) struct { T *v; int n, cap; }
/* SLAB: chunked storage, so pointers to Gs and Ms stay valid while the
 * arrays grow (a G or M is often held across calls that create new ones). */
#define SLAB_SHIFT 10
#define SLAB_CHUNK (1 << SLAB_SHIFT)
#define GTRACK_N 8192   /* G slab chunks tracked one by one (gsync): 8 M goroutines */
#define SLAB(T) struct { T **c; int n, nc; }

/* A sparse vector clock (race.c): only the goroutines it has heard of, by
 * clock slot, ascending; a missing slot is 0. */
typedef struct vcent { int32_t slot; uint32_t t; } vcent_t;
typedef struct vclock { vcent_t *v; int n, cap; } vclock_t;
typedef struct race_clock { vclock_t vc; int32_t goid; } race_clock_t;
/* goidx.c: a live goroutine kept aside from the goid table */
typedef struct goident { int32_t goid, slot; } goident_t;

struct gmp_engine {
	const gmp_program *prog;     /* the compiled program (not owned) */
	gmp_config cfg;              /* the variant's settings, defaults filled */
	int gomaxprocs;              /* the Ps in use: ps[0 .. gomaxprocs) */
	int nprocs;                  /* Ps allocated: the most GOMAXPROCS ever is
	                              * (the others are P_DEAD, shown as such) */
	int64_t now;                 /* virtual time, ns */
	uint64_t rng;                /* the one PRNG */
	uint64_t evseq;              /* timed events pushed so far: the heap's
	                              * tie-breaker (tevent.seq) */

	/* entities */
	SLAB(g_t) gs;                /* G slots; dead slots reused via gfree */
	int32_t gfree;               /* free G slots list (schedlink) */
	int32_t sched_gfreecnt;      /* sched.gFree.n: dead Gs on the global list
	                              * (p.gfreecnt keeps the per-P counts) */
	SLAB(gext_t) gxs;            /* Gs' cold fields (gext.c) */
	int32_t gxfree;              /* free gext_t list */
	bool has_probes;             /* the program measures latencies (item_time) */
	uint8_t nlocal_slots;        /* locals any function uses (gext.locals
	                              * [0 .. n)): g_ext zeroes only those */
	int32_t ngoid;               /* last goid handed out */
	struct sysg {                /* the runtime's own goroutines (sysg.c) */
		int32_t goid;
		uint8_t status, wait;
	} sysg[GMP_NSYSG];
	int64_t last_gc;             /* when the latest GC cycle ran (forcegc) */
	int32_t nlive;               /* live goroutines */
	int32_t main_g;              /* slot of main, NIL once it is gone */
	bool main_goexit;            /* main called runtime.Goexit */
	SLAB(m_t) ms;                /* every M ever created (ids = indices) */
	p_t *ps;                     /* the Ps (allp), gomaxprocs of them */

	/* sched */
	int32_t runq_head, runq_tail;  /* global run queue (G links) */
	int32_t runqsize;              /* its length */
	int32_t midle; int nmidle;     /* idle M list (LIFO) and its length */
	int nmidlelocked;              /* Ms parked in stoplockedm */
	int nmspinning;                /* Ms spinning (m.spinning, plus the one
	                                * wakep/handoffp counted for startm) */
	int npidle;                    /* Ps on the idle list */
	int nmsys;                     /* system Ms (sysmon, template thread):
	                                * checkdead does not count them */
	int32_t pidle;                 /* idle P list */
	int mcount;                    /* live Ms (mnext - nmfreed) */
	int64_t sched_lock_free;       /* when the sched lock is next free */
	bool needspinning;             /* wakep found no idle P for new work
	                                * (set and cleared, not acted on:
	                                * schedule.c's spinfail says why) */
	int nnetwait;                  /* goroutines parked on the netpoller */
	int32_t netready_head, netready_tail; /* readied by netpoll, not yet injected */
	int nnetready;                 /* their number */
	int64_t lastpoll;              /* 0 while an M blocks in netpoll */
	int32_t netpoll_m;             /* the M blocked in netpoll, NIL */
	int32_t sysmon_m, template_m, m0; /* the special Ms (template_m NIL
	                                * until the first LockOSThread) */
	int64_t sysmon_delay;          /* sysmon's current sleep (20 µs .. 10 ms) */
	int sysmon_idle;               /* its cycles in a row without a retake */
	bool sysmon_deep;              /* asleep until a P runs (all Ps idle) */
	int64_t sysmon_next;           /* when it wakes next */
	int64_t wake_level;            /* this run's OS wake-up level and CPU */
	int64_t speed_pm;              /* speed (per mille), drawn once (noise.c) */
	bool foreign_sigurg;           /* a foreign SIGURG handler is installed */
	bool sigurg_chain;             /* ...that chains to the runtime's */

	/* machine (cpu.c) */
	int ncpu_free;                 /* CPUs no thread holds */
	int32_t osrunq_head, osrunq_tail; int nosrunq; /* threads waiting for a
	                                * CPU (M links), and their number */
	int noncpu;                    /* threads on a CPU */
	int host_oncpu, host_nwait;    /* the host's other threads (hostload):
	                                * on a CPU, waiting for one */
	int64_t osq_seq;               /* turns handed out in the OS run queue */
	struct {
		int64_t since;         /* on a CPU: slice start; else: its turn
		                        * in the OS run queue (osq_seq) */
		uint32_t gen;          /* cancels a stale TE_HOST */
		bool oncpu;
	} host[GMP_HOSTLOAD_MAX];
	bool throttled;                /* the cgroup quota ran out this period */
	int64_t quota_used;            /* CPU ns used in this period */
	int64_t quota_mark;            /* when CPU use was last charged */
	int64_t period_start;          /* when the current CFS period began */
	int64_t throttled_at;          /* when the quota ran out (while throttled) */
	uint32_t quota_gen;            /* cancels a stale TE_QUOTA */
	int64_t *disk_free; int ndisk; /* when each disk queue slot is free */

	/* objects: the program's, indexed as in gmp_program */
	VEC(timer_t_) timers; int32_t timer_free; int ntimers_live; /* all
	                                * timers, free list, live ones */
	hchan_t *chans;                /* channels (prog->nchans) */
	VEC(sudog_t) sudogs; int32_t sudog_free; /* sudogs and free list */
	mutex_t_ *mutexes;             /* sync.Mutexes */
	waitgroup_t *wgs;              /* sync.WaitGroups */
	syncobj_t *syncs;              /* program.syncs: RWMutex, Once, Cond */
	int64_t *vars;                 /* shared variables (load/store/atomics) */
	int64_t *counters;             /* completed.NAME */
	int64_t *counter_last;        /* when each counter last moved (last.NAME) */
	histo_t *probes;               /* latency_p99.NAME histograms */
	stream_t *streams;             /* external event streams */

	/* event heap */
	VEC(tevent_t) heap;            /* 4-ary min-heap by (t, seq) */
	tevent_t fast;                 /* one event kept beside the heap */
	bool has_fast;                 /* fast holds an event */

	/* run state */
	int64_t xcost;                 /* CPU that the op being run spends in
	                                * helpers (its clock reads, exec_xeval; a
	                                * reused g's cache line, newproc), added
	                                * to its cost;
	                                * 0 between ops */
	uint32_t gact;                 /* Gs started on an M so far (execute):
	                                * the clock of g_cold */
	gmp_runstate state;            /* running, exited, fatal, horizon */
	int exit_code;                 /* the program's exit status */
	char fatal[256];               /* the fatal error's message, or "" */

	/* gmpscope's own budget (budget.c) */
	gmp_budget budget;             /* the limits of this run */
	uint64_t nsteps;               /* timed events processed so far */
	uint64_t budget_next;          /* nsteps at which budget_check looks */
	char gaveup[160];              /* the give-up line, "" while within it */

	/* trace */
	gmp_event *ring;               /* GMP_EVENT_RING events */
	uint64_t nevents, nvisible;    /* events emitted; visible ones */
	int64_t last_event_t;          /* time of the newest event */
	uint64_t stop_mask;            /* engine_step: stop after a visible kind in mask */
	bool stop_now;                 /* such an event was emitted */

	/* metrics */
	metrics_t mt;                  /* the measured figures */
	int64_t stack_bytes;           /* live goroutines' stacks */
	int64_t stack_garbage;         /* dead goroutines' stacks, freed by GC */
	int64_t heap_garbage;          /* unreachable heap bytes, freed by GC */
	int32_t gcount[8];             /* goroutines per gmp_gstatus */
	int32_t wcount[WAIT__COUNT];   /* waiting goroutines per reason */
	int32_t *linecount;            /* live goroutines that are not running,
	                                * per Go listing line of their pc (a
	                                * parked G's pc does not move: kept by
	                                * g_setstatus; engine_line_counts adds
	                                * the running ones) */
	int nlines;                    /* its length: the highest line + 1 */
	int32_t *goidtab; int32_t goidcap; /* goid -> slot of live Gs (goidx.c) */
	VEC(goident_t) goidside;       /* ...those aside, by goid */
	int64_t sample_interval;       /* virtual ns between samples */
	double *series; int nseries;   /* nseries rings of SERIES_MAX samples */
	int nsamples, sample_head;     /* samples kept; the oldest's slot */
	int64_t last_cpu_busy, last_cpu_wasted, last_sample_t; /* at the last
	                                * sample: rates are differences */

	/* race detector (race.c) */
	race_clock_t *rclocks; int nrclocks; /* goroutines' sparse vector clocks */
	struct race_var {             /* one shared variable's last accesses */
		bool written;              /* wg and wt hold the last write */
		int32_t wg; uint32_t wt;   /* its writer's clock slot and epoch */
		vclock_t reads;            /* each reader's epoch of its last read */
	} *rvars;
	void *race_state;              /* race.c's own: sync objects' clocks,
	                                * G slot -> clock slot, races reported */
	int64_t heap_goal;             /* heap size that starts the next GC
	                                * cycle (mgc.c: gc_maybe) */
	gcstate_t gc;                  /* the cycle in progress (mgc.c) */

	/* Which chunks of the G slab were handed out by G() since the engine
	 * last equalled snapshot `gsync` (a checkpoint taken of it, or one
	 * restored into it; 0: none). A chunk never touched since still equals
	 * that snapshot's, so a checkpoint shares it and a restore keeps it
	 * without reading it (snapshot.c): with a million goroutines the G
	 * slab is most of the state and a step touches a few of its chunks.
	 * Chunk c is flagged at c mod GTRACK_N: a shared flag only makes a
	 * chunk look touched when it was not, never the reverse. Bookkeeping
	 * of the host, not of the simulation: it changes no outcome. */
	uint64_t gsync;
	uint8_t gtouched[GTRACK_N];
};

/* heap_alloc accounts an allocation of n bytes (garbage until collected
 * when the caller also adds it to heap_garbage). */
static inline void heap_alloc(gmp_engine *e, int64_t n)
{
	e->mt.heap_bytes += n;
	if (e->mt.heap_bytes > e->mt.heap_peak)
		e->mt.heap_peak = e->mt.heap_bytes;
}

/* curp is the P of the M running the caller, NULL without one (a waker's P:
 * goready puts the readied G in its runnext). */
static inline p_t *curp(gmp_engine *e, m_t *mp)
{
	return mp && mp->p != NIL ? &e->ps[mp->p] : NULL;
}

/* helpers */
/* G: goroutine slot i, for reading or writing (the chunk counts as touched:
 * see gsync; the engine is never a const object, the const is the callers'). */
static inline g_t *G(const gmp_engine *e, int32_t i)
{
	((gmp_engine *)e)->gtouched[(i >> SLAB_SHIFT) & (GTRACK_N - 1)] = 1;
	return &e->gs.c[i >> SLAB_SHIFT][i & (SLAB_CHUNK - 1)];
}
/* G_ro: slot i for reading only (views): leaves gtouched alone. */
static inline const g_t *G_ro(const gmp_engine *e, int32_t i) { return &e->gs.c[i >> SLAB_SHIFT][i & (SLAB_CHUNK - 1)]; }
static inline m_t *M(const gmp_engine *e, int32_t i) { return &e->ms.c[i >> SLAB_SHIFT][i & (SLAB_CHUNK - 1)]; }
static inline p_t *P(gmp_engine *e, int32_t i) { return &e->ps[i]; }
static inline bool go_at_least(const gmp_engine *e, int minor) { return e->cfg.go_minor >= minor; }
/* timers_go123: the timer channels of Go 1.23 (unbuffered, collected when
 * unreferenced), unless GODEBUG=asynctimerchan=1 keeps those of 1.22. */
static inline bool timers_go123(const gmp_engine *e) { return go_at_least(e, 23) && !e->cfg.asynctimerchan; }

static inline gext_t *GX(const gmp_engine *e, int32_t i) { return &e->gxs.c[i >> SLAB_SHIFT][i & (SLAB_CHUNK - 1)]; }

/* gext.c: a G's cold fields. g_ext allocates them on first use; the readers
 * return the defaults while a G has none; g_ext_free on exit. */
gext_t *g_ext(gmp_engine *e, g_t *gp);
void g_ext_free(gmp_engine *e, g_t *gp);
static inline int32_t g_lockedm(const gmp_engine *e, const g_t *gp) { return gp->ext == NIL ? NIL : GX(e, gp->ext)->lockedm; }
static inline int g_lockedext(const gmp_engine *e, const g_t *gp) { return gp->ext == NIL ? 0 : GX(e, gp->ext)->lockedext; }
static inline int32_t g_race(const gmp_engine *e, const g_t *gp) { return gp->ext == NIL ? NIL : GX(e, gp->ext)->race; }
static inline int32_t g_seltimer(const gmp_engine *e, const g_t *gp) { return gp->ext == NIL ? NIL : GX(e, gp->ext)->seltimer; }
static inline uint32_t g_nsent(const gmp_engine *e, const g_t *gp) { return gp->ext == NIL ? 0 : GX(e, gp->ext)->nsent; }
static inline int32_t g_nread(const gmp_engine *e, const g_t *gp) { return gp->ext == NIL ? 0 : GX(e, gp->ext)->nread; }
static inline int64_t g_reg(const gmp_engine *e, const g_t *gp) { return gp->ext == NIL ? 0 : GX(e, gp->ext)->reg; }
/* setting a field to its default needs no gext */
static inline void g_set_seltimer(gmp_engine *e, g_t *gp, int32_t ti)
{
	if (ti != NIL || gp->ext != NIL)
		g_ext(e, gp)->seltimer = ti;
}
static inline void g_set_item_time(gmp_engine *e, g_t *gp, int64_t t)
{
	if (e->has_probes)   /* only OP_LATENCY reads it */
		g_ext(e, gp)->item_time = t;
}
/* frame k and defer k, wherever they live */
static inline int32_t *g_frame(gmp_engine *e, g_t *gp, int k)
{
	return k < G_HOT_FRAMES ? &gp->frames[k] : &g_ext(e, gp)->frames[k - G_HOT_FRAMES];
}
static inline uint32_t *g_defer(gmp_engine *e, g_t *gp, int k)
{
	return k == 0 ? &gp->defer0 : &g_ext(e, gp)->defers[k - 1];
}

/* g_line is the Go listing line of gp's pc (0: none). */
static inline int g_line(const gmp_engine *e, const g_t *gp)
{
	const gmp_func *f = &e->prog->funcs[gp->fn];
	return gp->pc < f->nops ? f->ops[gp->pc].line : 0;
}
/* g_counted: a G whose pc stands still, counted in engine.linecount. */
static inline bool g_counted(uint8_t status) { return status != G_RUNNING && status != G_DEAD; }
/* lines_recount rebuilds engine.linecount from every G (views.c). */
void lines_recount(gmp_engine *e);

/* SLAB_GROW and VEC_GROW make room for one more element (index .n), zeroed
 * (see gmp_xgrow). */
#define SLAB_GROW(sl) do { if (((sl).n >> SLAB_SHIFT) >= (sl).nc) { \
	(sl).c = gmp_xrealloc((sl).c, sizeof(*(sl).c) * (size_t)((sl).nc + 1)); \
	(sl).c[(sl).nc++] = gmp_xcalloc(SLAB_CHUNK, sizeof(**(sl).c)); } } while (0)
#define VEC_GROW(vec) do { if ((vec).n == (vec).cap) { size_t old_ = sizeof(*(vec).v) * (size_t)(vec).cap; \
	(vec).cap = (vec).cap ? (vec).cap * 2 : 16; \
	(vec).v = gmp_xgrow((vec).v, old_, sizeof(*(vec).v) * (size_t)(vec).cap); } } while (0)

#endif
