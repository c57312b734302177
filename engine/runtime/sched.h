/*
 * sched.h — the engine struct (the runtime's `sched` plus the simulated
 * machine) and the internal functions shared by the engine's files.
 *
 * File map (each mirrors part of the runtime):
 *   proc.c     newproc, goexit0, gopark, goready, gosched, checkdead, m_busy
 *   schedule.c schedule, findRunnable, stealing, execute, m_step
 *   mthread.c  idle Ps and Ms, newm, startm, stopm, wakep, handoffp, mexit,
 *              LockOSThread and the locked hand-offs
 *   netpoll.c  injectglist, the M blocked in netpoll, wakeNetPoller
 *   runq.c     runqput, runqget, runqputslow, globrunq*, runqsteal/runqgrab
 *   sysmon.c   sysmon, retake, preemptone, preemptM (SIGURG)
 *   syscall.c  entersyscall, exitsyscall, cgo, the disk, netpoll, streams
 *   exec.c     the op interpreter: what a goroutine's code does; the batch
 *              loop hands each op to its function, by family (exec.h):
 *   exec_flow.c  loops, branches, calls, defers, returns
 *   exec_cpu.c   WORK and its interruption, memory, allocation, counters
 *   exec_chan.c  channel ops and select;  exec_sync.c  Mutex, WaitGroup, atomics
 *   exec_time.c  Sleep, timers, tickers
 *   exec_sys.c   syscalls, cgo, disk and network I/O, streams, signals
 *   exec_proc.c  go, Gosched, Goexit, os.Exit, print, LockOSThread
 *   chan.c     channels and select;  sema.c  Mutex, WaitGroup
 *   time.c     per-P timer heaps, Sleep, timers, tickers, time.After
 *   cpu.c      the OS under the runtime: CPUs, time slices, cgroup quota
 *   race.c     the happens-before race detector
 *   trace.c    the event stream and its captions
 *   metrics.c  measured figures and sampled series
 *   engine.c   the public API: lifecycle, the event loop, clone
 *   views.c    read-only views of the state, events and names
 *   costs.h    the cost of every runtime operation, with sources
 */
#ifndef GMP_SCHED_H
#define GMP_SCHED_H

#include <stddef.h>

#include "alloc.h"
#include "costs.h"
#include "runtime2.h"

#define VEC(T) struct { T *v; int n, cap; }
/* SLAB: chunked storage, so pointers to Gs and Ms stay valid while the
 * arrays grow (a G or M is often held across calls that create new ones). */
#define SLAB_SHIFT 10
#define SLAB_CHUNK (1 << SLAB_SHIFT)
#define SLAB(T) struct { T **c; int n, nc; }

typedef struct race_clock { uint32_t *vc; int n; int32_t goid; } race_clock_t;

struct gmp_engine {
	const gmp_program *prog;
	gmp_config cfg;
	int gomaxprocs;
	int64_t now;
	uint64_t rng;                /* the one PRNG */
	uint64_t evseq;              /* heap tie-breaker */

	/* entities */
	SLAB(g_t) gs;                /* G slots; dead slots reused via gfree */
	int32_t gfree;               /* free G slots list (schedlink) */
	SLAB(gext_t) gxs;            /* Gs' cold fields (gext.c) */
	int32_t gxfree;              /* free gext_t list */
	bool has_probes;             /* the program measures latencies (item_time) */
	int32_t ngoid;               /* last goid handed out */
	int32_t nlive;               /* live goroutines */
	int32_t main_g;              /* slot of main, NIL once it is gone */
	bool main_goexit;            /* main called runtime.Goexit */
	SLAB(m_t) ms;                /* every M ever created (ids = indices) */
	p_t *ps;                     /* gomaxprocs */

	/* sched */
	int32_t runq_head, runq_tail;  /* global run queue (G links) */
	int32_t runqsize;
	int32_t midle; int nmidle;     /* idle M list (LIFO) */
	int nmidlelocked, nmspinning, npidle, nmsys;
	int32_t pidle;                 /* idle P list */
	int mcount;                    /* live Ms (mnext - nmfreed) */
	int64_t sched_lock_free;       /* when the sched lock is next free */
	bool needspinning;
	int nnetwait;                  /* goroutines parked on the netpoller */
	int32_t netready_head, netready_tail; /* readied by netpoll, not yet injected */
	int nnetready;
	int64_t lastpoll;              /* 0 while an M blocks in netpoll */
	int32_t netpoll_m;             /* the M blocked in netpoll, NIL */
	int32_t sysmon_m, template_m, m0;
	int64_t sysmon_delay; int sysmon_idle; bool sysmon_deep; int64_t sysmon_next;
	int64_t sysmon_lastpoll;
	bool foreign_sigurg;           /* a foreign SIGURG handler is installed */
	bool sigurg_chain;             /* ...that chains to the runtime's */

	/* machine */
	int ncpu_free;
	int32_t osrunq_head, osrunq_tail; int nosrunq;
	int noncpu;
	bool throttled;
	int64_t quota_used, quota_mark, period_start;
	uint32_t quota_gen;
	int64_t *disk_free; int ndisk;

	/* objects */
	VEC(timer_t_) timers; int32_t timer_free; int ntimers_live;
	hchan_t *chans; int nchans;
	VEC(sudog_t) sudogs; int32_t sudog_free;
	mutex_t_ *mutexes;
	waitgroup_t *wgs;
	int64_t *vars;
	int64_t *counters;
	int64_t *counter_last;        /* when each counter last moved (last.NAME) */
	histo_t *probes;
	stream_t *streams;

	/* event heap */
	VEC(tevent_t) heap;
	tevent_t fast;                 /* one event kept beside the heap */
	bool has_fast;

	/* run state */
	gmp_runstate state;
	int exit_code;
	char fatal[256];

	/* trace */
	gmp_event *ring;               /* GMP_EVENT_RING events */
	uint64_t nevents, nvisible;
	int64_t last_event_t;          /* time of the newest event */
	uint64_t stop_mask;            /* engine_step: stop after a visible kind in mask */
	bool stop_now;

	/* metrics */
	metrics_t mt;
	int64_t stack_bytes;           /* live goroutines' stacks */
	int64_t stack_garbage;         /* dead goroutines' stacks, freed by GC */
	int64_t heap_garbage;          /* unreachable heap bytes, freed by GC */
	int32_t gcount[8];             /* goroutines per gmp_gstatus */
	int32_t wcount[WAIT__COUNT];   /* waiting goroutines per reason */
	int64_t sample_interval;
	double *series; int nseries; int nsamples; int sample_head;
	int64_t last_cpu_busy, last_cpu_wasted, last_sample_t;

	/* race detector */
	race_clock_t *rclocks; int nrclocks;
	struct race_var { uint32_t *wclk; int32_t wg; uint32_t *rclk; int nr; } *rvars;
	int64_t heap_goal;
	void *race_state;
};

/* rand.c */
uint32_t fastrand(gmp_engine *e);
uint32_t fastrandn(gmp_engine *e, uint32_t n);

/* heap (engine.c) */
void tev_push(gmp_engine *e, int64_t t, te_kind k, int32_t id, uint32_t gen);
int64_t tev_min(const gmp_engine *e);

/* trace.c */
gmp_event *trace_emit(gmp_engine *e, gmp_evkind k, int p, int m, int g, int p2, int n);
void trace_format(const gmp_engine *e, gmp_event *ev);
void trace_set_fn(gmp_event *ev, int fn);

/* proc.c */
int32_t newproc(gmp_engine *e, int fn, int arg, int32_t parent);
void goexit0(gmp_engine *e, m_t *mp, int32_t gi);
void gopark(gmp_engine *e, m_t *mp, int32_t gi, gmp_waitreason why);
void goready(gmp_engine *e, int32_t gi, p_t *onto);
void gosched(gmp_engine *e, m_t *mp, bool preempted);
void goyield(gmp_engine *e, m_t *mp);
void schedule(gmp_engine *e, m_t *mp);
void wakep(gmp_engine *e);
void startm(gmp_engine *e, int32_t pi, bool spinning);
void stopm(gmp_engine *e, m_t *mp);
void handoffp(gmp_engine *e, int32_t pi);
int32_t newm(gmp_engine *e, int32_t pi, bool sys);
void mexit(gmp_engine *e, m_t *mp, int goid);
void acquirep(gmp_engine *e, m_t *mp, int32_t pi);
int32_t releasep(gmp_engine *e, m_t *mp);
int32_t pidleget(gmp_engine *e);
void pidleput(gmp_engine *e, int32_t pi);
void checkdead(gmp_engine *e);
void lockOSThread(gmp_engine *e, m_t *mp, g_t *gp, int32_t gi);
void unlockOSThread(gmp_engine *e, m_t *mp, g_t *gp);
void m_step(gmp_engine *e, m_t *mp);
void m_busy(gmp_engine *e, m_t *mp, int64_t ns, m_phase next);
void spin_reset_due(gmp_engine *e, m_t *mp); /* a spinner that found a G stops spinning */
void m_block(gmp_engine *e, m_t *mp, m_phase ph);
void m_wake(gmp_engine *e, m_t *mp, int64_t delay, m_phase ph);
void stoplockedm(gmp_engine *e, m_t *mp);
void startlockedm(gmp_engine *e, m_t *mp, int32_t gi);
void netpoll_return(gmp_engine *e, m_t *mp);
void engine_fatal_error(gmp_engine *e, gmp_evkind k, const char *msg);
void engine_exit(gmp_engine *e, int code);
/* process_gone: after exit or a fatal error nothing runs (see proc.c). */
void process_gone(gmp_engine *e);
void g_setstatus(gmp_engine *e, g_t *gp, gmp_gstatus st, gmp_waitreason why);
void injectglist(gmp_engine *e, m_t *mp);
void seg_open(gmp_engine *e, p_t *pp, gmp_segkind kind, int32_t g);
void execute_g(gmp_engine *e, m_t *mp, int32_t gi);
void wakeNetPoller(gmp_engine *e, int64_t when);
void netpoll_break(gmp_engine *e);
void timerwake(gmp_engine *e, m_t *mp, uint32_t gen);
int64_t sched_lock(gmp_engine *e, int64_t at, int64_t hold);
int64_t jitter(gmp_engine *e, int64_t c);

/* runq.c */
void runqput(gmp_engine *e, p_t *pp, int32_t gi, bool next);
int32_t runqget(gmp_engine *e, p_t *pp, bool *inherit);
bool runqempty(const p_t *pp);
int runqlen(const p_t *pp);
void globrunqput(gmp_engine *e, int32_t gi);
void globrunqputhead(gmp_engine *e, int32_t gi);
int32_t globrunqget(gmp_engine *e, p_t *pp, bool batch);
int32_t runqsteal(gmp_engine *e, p_t *pp, p_t *victim, bool stealRunNextG, int *n);

/* sysmon.c */
void sysmon_tick(gmp_engine *e);
void sysmon_wake(gmp_engine *e);
void preemptone(gmp_engine *e, p_t *pp);
void sigurg_deliver(gmp_engine *e, m_t *mp);

/* syscall.c */
void entersyscall(gmp_engine *e, m_t *mp, int64_t dur, bool cgo);
void exitsyscall(gmp_engine *e, m_t *mp);
void netpoll_wait(gmp_engine *e, m_t *mp, int32_t gi, int64_t until);
void netpoll_ready(gmp_engine *e, int32_t gi, uint32_t gen, int sel);
int64_t disk_submit(gmp_engine *e, int64_t service);
int stream_read(gmp_engine *e, m_t *mp, int32_t gi, int s); /* count, 0 = parked */
void stream_ready(gmp_engine *e, int s);

/* exec.c, exec_cpu.c */
void exec_run(gmp_engine *e, m_t *mp);
bool exec_interrupt(gmp_engine *e, m_t *mp); /* stop curg's WORK now */

/* chan.c */
void chan_make(gmp_engine *e, int c, int64_t cap);
int chan_send(gmp_engine *e, m_t *mp, int32_t gi, int c, item_t it, bool block); /* 1 done, 0 parked/would block */
int chan_recv(gmp_engine *e, m_t *mp, int32_t gi, int c, bool block, bool *closed);
void chan_close(gmp_engine *e, m_t *mp, int32_t gi, int c);
int select_go(gmp_engine *e, m_t *mp, int32_t gi, const gmp_op *sel, const gmp_op *cases);
bool chan_timer_send(gmp_engine *e, int c, p_t *pp);
void select_resumed(gmp_engine *e, int32_t gi);

/* sema.c */
bool mutex_lock(gmp_engine *e, m_t *mp, int32_t gi, int mu, bool try_only);
bool mutex_unlock(gmp_engine *e, m_t *mp, int32_t gi, int mu); /* true: handed off (starving) */
void wg_add(gmp_engine *e, m_t *mp, int32_t gi, int w, int64_t d);
bool wg_wait(gmp_engine *e, m_t *mp, int32_t gi, int w);

/* time.c */
int32_t timer_new(gmp_engine *e, int64_t when, int64_t period, int32_t ch, int32_t gi);
void timer_add(gmp_engine *e, int32_t ti, p_t *pp);
void timer_del(gmp_engine *e, int32_t ti);
void timer_free(gmp_engine *e, int32_t ti);
int timers_run(gmp_engine *e, p_t *pp, p_t *runon); /* timers fired */
int64_t timers_next(const gmp_engine *e, const p_t *pp);
int64_t timers_next_all(const gmp_engine *e);
bool timers_any(const gmp_engine *e);
void timesleep(gmp_engine *e, m_t *mp, int32_t gi, int64_t d);
void gc_maybe(gmp_engine *e);

/* cpu.c */
void cpu_want(gmp_engine *e, m_t *mp);
void cpu_release(gmp_engine *e, m_t *mp);
void cpu_account(gmp_engine *e);
void cpu_quota_event(gmp_engine *e);
void cpu_period_event(gmp_engine *e);
void cpu_quantum_event(gmp_engine *e, m_t *mp, uint32_t gen);
void cpu_init(gmp_engine *e);

/* race.c */
void race_access(gmp_engine *e, int32_t gi, int var, bool write, bool atomic);
void race_acquire(gmp_engine *e, int32_t gi, int obj);
void race_release(gmp_engine *e, int32_t gi, int obj);
void race_fork(gmp_engine *e, int32_t parent, int32_t child);
void race_free(gmp_engine *e);
void race_clone(gmp_engine *e, const gmp_engine *s);

/* check.c */
int engine_check(const gmp_engine *e);

/* metrics.c */
void metrics_sample(gmp_engine *e);
void metrics_init(gmp_engine *e);
void histo_add(histo_t *h, int64_t v);
int64_t histo_quantile(const histo_t *h, double q);

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
static inline g_t *G(const gmp_engine *e, int32_t i) { return &e->gs.c[i >> SLAB_SHIFT][i & (SLAB_CHUNK - 1)]; }
static inline m_t *M(const gmp_engine *e, int32_t i) { return &e->ms.c[i >> SLAB_SHIFT][i & (SLAB_CHUNK - 1)]; }
static inline p_t *P(gmp_engine *e, int32_t i) { return &e->ps[i]; }
static inline bool go_at_least(const gmp_engine *e, int minor) { return e->cfg.go_minor >= minor; }

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

/* SLAB_GROW makes room for one more element (index slab.n). */
#define SLAB_GROW(sl) do { if (((sl).n >> SLAB_SHIFT) >= (sl).nc) { \
	(sl).c = gmp_xrealloc((sl).c, sizeof(*(sl).c) * (size_t)((sl).nc + 1)); \
	(sl).c[(sl).nc++] = gmp_xrealloc(NULL, sizeof(**(sl).c) * SLAB_CHUNK); } } while (0)
#define VEC_GROW(vec) do { if ((vec).n == (vec).cap) { (vec).cap = (vec).cap ? (vec).cap * 2 : 16; \
	(vec).v = gmp_xrealloc((vec).v, sizeof(*(vec).v) * (size_t)(vec).cap); } } while (0)

#endif
