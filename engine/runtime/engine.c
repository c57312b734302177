/*
 * engine.c — the engine's public API: lifecycle, the event loop, views and
 * checkpoints.
 *
 * The simulation is a priority queue of timed events (an M's activity ends,
 * sysmon wakes, a signal arrives, a socket becomes readable, the cgroup
 * period turns...), ordered by virtual time and then by insertion, which keeps
 * runs deterministic. Stale events (an activity that was interrupted) carry an
 * old generation number and are dropped when popped.
 *
 * runtime.main: the engine creates m0 with P0 running main's goroutine, the
 * sysmon M, and the other Ps idle; init functions run on main's goroutine
 * before main (they are called first).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event_heap.h"
#include "sched.h"
#include "timers.h"
#include "chan.h"
#include "cpu.h"
#include "invariants.h"
#include "mgc.h"
#include "metrics.h"
#include "mthread.h"
#include "noise.h"
#include "netpoll.h"
#include "proc.h"
#include "race.h"
#include "schedule.h"
#include "syscalls.h"
#include "sysmon.h"
#include "trace.h"
#include "budget.h"
#include "snapshot.h"

static void *dup(const void *p, size_t n)
{
	if (!p)
		return NULL;
	void *q = gmp_xmalloc(n);
	memcpy(q, p, n);
	return q;
}

/* --- the event heap (4-ary, by time then sequence) ------------------------ */

static inline bool tev_less(const tevent_t *a, const tevent_t *b)
{
	return a->t < b->t || (a->t == b->t && a->seq < b->seq);
}

/* heap_grow makes room for one more event; out of line, so that the
 * common push saves no registers for a realloc. */
static __attribute__((noinline, cold)) void heap_grow(gmp_engine *e)
{
	VEC_GROW(e->heap);
}

/* heap_push puts ev into the heap, or keeps it beside the heap in place
 * of the event there when ev comes first. Out of line: the common push
 * (nothing beside the heap) then saves no registers for the sift. */
static __attribute__((noinline)) void heap_push(gmp_engine *e, int64_t t, uint64_t seq, te_kind k, int32_t id,
                                                uint32_t gen)
{
	tevent_t ev = { t, seq, (uint8_t)k, id, gen };   /* from registers: no struct on the stack */
	if (tev_less(&ev, &e->fast)) {   /* the new one is next: the old goes in */
		tevent_t old = e->fast;
		e->fast = ev;
		ev = old;
	}
	if (e->heap.n == e->heap.cap)
		heap_grow(e);
	int i = e->heap.n++;
	tevent_t *h = e->heap.v;
	while (i > 0) {
		int parent = (i - 1) >> 2;
		if (!tev_less(&ev, &h[parent]))
			break;
		h[i] = h[parent];
		i = parent;
	}
	h[i] = ev;
}

/* tev_push schedules an event. The newest event is often the next one (an
 * M's activity that ends before anything else happens), so one event is kept
 * beside the heap; the order of events is exactly the heap's (time, then
 * sequence), only cheaper. */
void tev_push(gmp_engine *e, int64_t t, te_kind k, int32_t id, uint32_t gen)
{
	uint64_t seq = e->evseq++;
	if (!e->has_fast) {
		e->fast = (tevent_t){ t, seq, (uint8_t)k, id, gen };
		e->has_fast = true;
		return;
	}
	heap_push(e, t, seq, k, id, gen);
}

/* heap_pop moves the heap's first event to *out. */
static inline void heap_pop(gmp_engine *e, tevent_t *out)
{
	tevent_t *h = e->heap.v;
	*out = h[0];
	int n = --e->heap.n;
	if (n == 0)
		return;
	const tevent_t *last = &h[n];
	int i = 0;
	for (;;) {
		int c = 4 * i + 1;
		if (c >= n)
			break;
		const tevent_t *best = &h[c];
		if (c + 3 < n) {   /* four children: the usual case, unrolled */
			if (tev_less(&h[c + 1], best))
				best = &h[c + 1];
			if (tev_less(&h[c + 2], best))
				best = &h[c + 2];
			if (tev_less(&h[c + 3], best))
				best = &h[c + 3];
		} else {
			for (int j = c + 1; j < n; j++)
				if (tev_less(&h[j], best))
					best = &h[j];
		}
		if (!tev_less(best, last))
			break;
		h[i] = *best;
		i = (int)(best - h);
	}
	h[i] = *last;
}

/* tev_peek returns the next event (the fast one or the heap's first, by
 * time then sequence), NULL when there is none. */
static inline const tevent_t *tev_peek(const gmp_engine *e)
{
	if (e->has_fast && (e->heap.n == 0 || tev_less(&e->fast, &e->heap.v[0])))
		return &e->fast;
	return e->heap.n ? &e->heap.v[0] : NULL;
}

/* tev_take moves next (what tev_peek returned) out of the queue into *out. */
static inline void tev_take(gmp_engine *e, const tevent_t *next, tevent_t *out)
{
	if (next == &e->fast) {
		e->has_fast = false;
		*out = e->fast;
	} else {
		heap_pop(e, out);
	}
}

int64_t tev_min(const gmp_engine *e)
{
	int64_t h = e->heap.n ? e->heap.v[0].t : INT64_MAX;
	return e->has_fast && e->fast.t < h ? e->fast.t : h;
}

/* --- lifecycle ---------------------------------------------------------- */

gmp_engine *engine_new(const gmp_program *prog, const gmp_config *cfg)
{
	gmp_engine *e = gmp_xcalloc(1, sizeof *e);
	e->prog = prog;
	e->cfg = *cfg;
	config_complete(&e->cfg);
	e->gomaxprocs = config_gomaxprocs(&e->cfg);
	e->rng = cfg->seed * 0x9e3779b97f4a7c15ULL + 1;
	e->gfree = e->gxfree = e->timer_free = e->sudog_free = NIL;
	e->has_probes = prog->nprobes > 0;
	for (int f = 0; f < prog->nfuncs; f++) {
		int used = prog->funcs[f].local_base + prog->funcs[f].nlocals;
		if (used > e->nlocal_slots)
			e->nlocal_slots = (uint8_t)(used < GMP_MAX_LOCALS ? used : GMP_MAX_LOCALS);
	}
	for (int f = 0; f < prog->nfuncs; f++)
		for (int k = 0; k < prog->funcs[f].nops; k++)
			if (prog->funcs[f].ops[k].line >= e->nlines)
				e->nlines = prog->funcs[f].ops[k].line;
	e->nlines++;
	e->linecount = gmp_xcalloc((size_t)e->nlines, sizeof *e->linecount);
	e->runq_head = e->runq_tail = NIL;
	e->midle = e->pidle = NIL;
	e->netready_head = e->netready_tail = NIL;
	e->netpoll_m = e->template_m = NIL;
	e->lastpoll = 1;   /* nobody blocked in netpoll */
	e->main_g = NIL;
	gcControllerCommit(e, true);   /* gcinit: goal heapMinimum, its trigger */
	e->ring = gmp_xcalloc(GMP_EVENT_RING, sizeof(gmp_event));
	e->nprocs = prog->maxprocs > e->gomaxprocs ? prog->maxprocs : e->gomaxprocs;
	e->ps = gmp_xcalloc((size_t)e->nprocs, sizeof(p_t));
	for (int i = 0; i < e->nprocs; i++) {
		p_t *pp = &e->ps[i];
		pp->id = i;
		pp->m = pp->link = pp->runnext = pp->syscallm = NIL;
		pp->status = i < e->gomaxprocs ? P_IDLE : P_DEAD;
	}
	for (int i = e->gomaxprocs - 1; i >= 1; i--)
		pidleput(e, i);
	e->chans = gmp_xcalloc((size_t)prog->nchans, sizeof(hchan_t));
	for (int i = 0; i < prog->nchans; i++) {
		hchan_t *ch = &e->chans[i];
		ch->recvq_head = ch->recvq_tail = ch->sendq_head = ch->sendq_tail = NIL;
		ch->timer = NIL;
		ch->maxrecv = INT64_MIN;
		if (!prog->chans[i].is_timer)
			chan_make(e, i, prog->chans[i].cap);
	}
	e->mutexes = gmp_xcalloc((size_t)prog->nmutexes, sizeof(mutex_t_));
	for (int i = 0; i < prog->nmutexes; i++)
		e->mutexes[i].owner = e->mutexes[i].waitq_head = e->mutexes[i].waitq_tail = e->mutexes[i].line_m = NIL;
	e->wgs = gmp_xcalloc((size_t)prog->nwaitgroups, sizeof(waitgroup_t));
	for (int i = 0; i < prog->nwaitgroups; i++)
		e->wgs[i].waitq_head = e->wgs[i].waitq_tail = e->wgs[i].line_m = NIL;
	e->syncs = gmp_xcalloc((size_t)prog->nsyncs, sizeof(syncobj_t));
	for (int i = 0; i < prog->nsyncs; i++) {
		syncobj_t *so = &e->syncs[i];
		so->writer = so->pending = NIL;
		so->rq_head = so->rq_tail = so->wq_head = so->wq_tail = NIL;
	}
	e->vars = gmp_xcalloc((size_t)prog->nvars, sizeof(int64_t));
	e->counters = gmp_xcalloc((size_t)prog->ncounters, sizeof(int64_t));
	e->counter_last = gmp_xcalloc((size_t)prog->ncounters, sizeof(int64_t));
	e->probes = gmp_xcalloc((size_t)prog->nprobes, sizeof(histo_t));
	e->streams = gmp_xcalloc((size_t)prog->nstreams, sizeof(stream_t));
	for (int i = 0; i < prog->nstreams; i++)
		e->streams[i].reader = NIL;
	e->ndisk = e->cfg.disk_depth;
	e->disk_free = gmp_xcalloc((size_t)e->ndisk, sizeof(int64_t));
	cpu_init(e);
	metrics_init(e);

	/* runtime.main: m0 runs main's goroutine on P0; sysmon gets its own M */
	e->m0 = newm(e, NIL, false);
	m_t *m0 = M(e, e->m0);
	m0->gen++;   /* cancel newm's start-up wake: m0 is running already */
	e->sysmon_m = newm(e, NIL, true);
	e->nmsys++;
	M(e, e->sysmon_m)->phase = PH_NONE;
	e->sysmon_delay = SYSMON_MIN;
	noise_init(e);
	sysmon_start(e);
	acquirep(e, m0, 0);
	e->main_g = newproc(e, prog->main_func, 0, NIL);
	g_t *mg = G(e, e->main_g);
	sysg_start(e);   /* G2-G5: the program's goroutines start at G6 */
	/* init functions run first, on main's goroutine: call them in order
	 * (the frames are pushed so that the last pushed runs first) */
	for (int i = prog->ninit - 1; i >= 0 && mg->depth < MAX_FRAMES - 2; i--) {
		mg->callmask |= (uint8_t)(1u << mg->depth);
		*g_frame(e, mg, mg->depth++) = (int32_t)((uint32_t)mg->fn << 16 | PC_ENTRY);
		mg->fn = (uint16_t)prog->init_funcs[i];
		mg->pc = 0;
	}
	lines_recount(e);   /* main's pc moved to its first init function */
	g_setstatus(e, mg, G_RUNNING, WAIT_NONE);
	mg->m = e->m0;
	m0->curg = e->main_g;
	P(e, 0)->schedtick = 1;
	seg_open(e, P(e, 0), SEG_RUN, mg->goid);
	gmp_event *ev = trace_emit(e, EV_START, 0, e->m0, mg->goid, -1, e->gomaxprocs);
	ev->aux = mg->entry;   /* main: the init functions run first, on its goroutine */
	m0->phase = PH_EXEC;
	cpu_want(e, m0);   /* grants a CPU: m0's first batch starts at t=0 */
	newm_parked(e);   /* M2 and M3: start-up's idle Ms */
	newm_parked(e);
	tev_push(e, e->cfg.horizon_ns, TE_HORIZON, -1, 0);
	budget_init(e);
	return e;
}

void engine_free(gmp_engine *e)
{
	if (!e)
		return;
	for (int i = 0; i < e->nprocs; i++)
		free(e->ps[i].timers);
	free(e->ps);
	for (int i = 0; i < e->prog->nchans; i++)
		free(e->chans[i].buf);
	free(e->chans);
	for (int i = 0; i < e->gs.nc; i++)
		free(e->gs.c[i]);
	free(e->gs.c);
	for (int i = 0; i < e->gxs.nc; i++)
		free(e->gxs.c[i]);
	free(e->gxs.c);
	for (int i = 0; i < e->ms.nc; i++)
		free(e->ms.c[i]);
	free(e->ms.c);
	free(e->timers.v);
	free(e->sudogs.v);
	free(e->mutexes);
	free(e->wgs);
	free(e->syncs);
	free(e->vars);
	free(e->counters);
	free(e->counter_last);
	free(e->probes);
	free(e->streams);
	free(e->heap.v);
	free(e->ring);
	free(e->series);
	free(e->disk_free);
	free(e->linecount);
	free(e->goidtab);
	free(e->goidside.v);
	race_free(e);
	free(e);
}

/* engine_arrays calls fn once for every data array e owns (race.c's aside),
 * parents before the arrays they point to (a P before its timer heap), in an
 * order that depends only on counts e already holds when fn is called: the
 * one list of the engine's memory, shared by engine_clone and the
 * checkpoints (snapshot.c). group says which list the array belongs to
 * (ARR_G, ARR_GX, ARR_M: one slab's chunks, which grow; ARR_OTHER: the rest,
 * whose number is fixed for a run), so that array k of a group is the same
 * thing in any two states of a run. bytes is the array's length; *pp may be
 * NULL (an array never allocated). fn may replace *pp. */
void engine_arrays(gmp_engine *e, engine_array_fn fn, void *ctx)
{
	for (int i = 0; i < e->gs.nc; i++)
		fn(ctx, ARR_G, (void **)&e->gs.c[i], sizeof(g_t) * SLAB_CHUNK);
	for (int i = 0; i < e->gxs.nc; i++)
		fn(ctx, ARR_GX, (void **)&e->gxs.c[i], sizeof(gext_t) * SLAB_CHUNK);
	for (int i = 0; i < e->ms.nc; i++)
		fn(ctx, ARR_M, (void **)&e->ms.c[i], sizeof(m_t) * SLAB_CHUNK);
	fn(ctx, ARR_OTHER, (void **)&e->timers.v, sizeof(*e->timers.v) * (size_t)e->timers.cap);
	fn(ctx, ARR_OTHER, (void **)&e->sudogs.v, sizeof(*e->sudogs.v) * (size_t)e->sudogs.cap);
	fn(ctx, ARR_OTHER, (void **)&e->heap.v, sizeof(*e->heap.v) * (size_t)e->heap.cap);
	fn(ctx, ARR_OTHER, (void **)&e->ps, sizeof(p_t) * (size_t)e->nprocs);
	for (int i = 0; i < e->nprocs; i++)
		fn(ctx, ARR_OTHER, (void **)&e->ps[i].timers, sizeof(int32_t) * (size_t)e->ps[i].captimers);
	const gmp_program *pr = e->prog;
	fn(ctx, ARR_OTHER, (void **)&e->chans, sizeof(hchan_t) * (size_t)(pr->nchans ? pr->nchans : 1));
	for (int i = 0; i < pr->nchans; i++)
		fn(ctx, ARR_OTHER, (void **)&e->chans[i].buf, sizeof(item_t) * (size_t)e->chans[i].bufcap);
	fn(ctx, ARR_OTHER, (void **)&e->mutexes, sizeof(mutex_t_) * (size_t)(pr->nmutexes ? pr->nmutexes : 1));
	fn(ctx, ARR_OTHER, (void **)&e->wgs, sizeof(waitgroup_t) * (size_t)(pr->nwaitgroups ? pr->nwaitgroups : 1));
	fn(ctx, ARR_OTHER, (void **)&e->syncs, sizeof(syncobj_t) * (size_t)(pr->nsyncs ? pr->nsyncs : 1));
	fn(ctx, ARR_OTHER, (void **)&e->vars, sizeof(int64_t) * (size_t)(pr->nvars ? pr->nvars : 1));
	fn(ctx, ARR_OTHER, (void **)&e->counters, sizeof(int64_t) * (size_t)(pr->ncounters ? pr->ncounters : 1));
	fn(ctx, ARR_OTHER, (void **)&e->counter_last, sizeof(int64_t) * (size_t)(pr->ncounters ? pr->ncounters : 1));
	fn(ctx, ARR_OTHER, (void **)&e->probes, sizeof(histo_t) * (size_t)(pr->nprobes ? pr->nprobes : 1));
	fn(ctx, ARR_OTHER, (void **)&e->streams, sizeof(stream_t) * (size_t)(pr->nstreams ? pr->nstreams : 1));
	fn(ctx, ARR_OTHER, (void **)&e->ring, sizeof(gmp_event) * GMP_EVENT_RING);
	fn(ctx, ARR_OTHER, (void **)&e->series, sizeof(double) * (size_t)e->nseries * SERIES_MAX);
	fn(ctx, ARR_OTHER, (void **)&e->disk_free, sizeof(int64_t) * (size_t)e->ndisk);
	fn(ctx, ARR_OTHER, (void **)&e->linecount, sizeof(int32_t) * (size_t)e->nlines);
	fn(ctx, ARR_OTHER, (void **)&e->goidtab, sizeof(int32_t) * (size_t)e->goidcap);
	fn(ctx, ARR_OTHER, (void **)&e->goidside.v, sizeof(goident_t) * (size_t)e->goidside.cap);
}

/* engine_tables gives e fresh slab tables (the chunk pointers), holding
 * what the source's held until engine_arrays replaces each chunk. */
void engine_tables(gmp_engine *e, const gmp_engine *s)
{
	e->gs.c = dup(s->gs.c, sizeof(*s->gs.c) * (size_t)(s->gs.nc ? s->gs.nc : 1));
	e->gxs.c = dup(s->gxs.c, sizeof(*s->gxs.c) * (size_t)(s->gxs.nc ? s->gxs.nc : 1));
	e->ms.c = dup(s->ms.c, sizeof(*s->ms.c) * (size_t)(s->ms.nc ? s->ms.nc : 1));
}

/* engine_tables_empty gives e zeroed slab tables of its own, sized by its
 * chunk counts: a checkpoint's copy of the struct holds table pointers of an
 * engine that may be gone, so restore must not read them; engine_arrays then
 * fills every chunk pointer. */
void engine_tables_empty(gmp_engine *e)
{
	e->gs.c = gmp_xcalloc((size_t)(e->gs.nc ? e->gs.nc : 1), sizeof(*e->gs.c));
	e->gxs.c = gmp_xcalloc((size_t)(e->gxs.nc ? e->gxs.nc : 1), sizeof(*e->gxs.c));
	e->ms.c = gmp_xcalloc((size_t)(e->ms.nc ? e->ms.nc : 1), sizeof(*e->ms.c));
}

/* dup_array is engine_clone's engine_array_fn: the array, copied. */
static void dup_array(void *ctx, int group, void **pp, size_t bytes)
{
	(void)ctx;
	(void)group;
	*pp = dup(*pp, bytes);
}

/* engine_clone copies the whole state: a checkpoint for stepping back. */
gmp_engine *engine_clone(const gmp_engine *s)
{
	gmp_engine *e = dup(s, sizeof *s);
	e->gsync = 0;   /* its own history starts afresh (sched.h) */
	engine_tables(e, s);
	engine_arrays(e, dup_array, NULL);
	race_clone(e, s);
	return e;
}

/* --- running ------------------------------------------------------------ */

static void dispatch(gmp_engine *e, tevent_t ev)
{
	if (ev.t > e->now)
		e->now = ev.t;
	switch ((te_kind)ev.kind) {
	case TE_M: {
		m_t *mp = M(e, ev.id);
		if (mp->gen != ev.gen)
			return;
		if (!mp->oncpu) {   /* a blocked M woke: it needs a CPU first */
			mp->busy_left = 0;
			cpu_want(e, mp);
			return;
		}
		mp->busy_left = 0;
		m_step(e, mp);
		return;
	}
	case TE_SYSMON:
		sysmon_tick(e);
		return;
	case TE_SIGURG:
		sigurg_deliver(e, M(e, ev.id));
		return;
	case TE_NETREADY:
		if (G(e, ev.id)->status == G_WAITING && G(e, ev.id)->parkgen == ev.gen)
			netpoll_ready(e, ev.id, ev.gen, SEL_DONE);
		return;
	case TE_STREAM:
		if (e->streams[ev.id].reader != NIL && e->streams[ev.id].readergen == ev.gen)
			stream_ready(e, ev.id);
		return;
	case TE_QUOTA:
		if (ev.gen == e->quota_gen)
			cpu_quota_event(e);
		return;
	case TE_PERIOD:
		cpu_period_event(e);
		return;
	case TE_QUANTUM:
		cpu_quantum_event(e, M(e, ev.id), ev.gen);
		return;
	case TE_HOST:
		cpu_host_event(e, ev.id, ev.gen);
		return;
	case TE_TIMERWAKE:
		timerwake(e, M(e, ev.id), ev.gen);
		return;
	case TE_SAMPLE:
		metrics_sample(e);
		return;
	case TE_RESETSPIN:
		spin_reset_due(e, M(e, ev.id));
		return;
	case TE_HORIZON:
		if (e->state == RUN_RUNNING) {
			e->now = e->cfg.horizon_ns > e->now ? e->cfg.horizon_ns : e->now;
			trace_emit(e, EV_HORIZON, -1, -1, -1, -1, 0);
			e->state = RUN_HORIZON;
			e->mt.end_time = e->now;
			e->mt.leaked_at_exit = e->nlive - (e->main_g != NIL ? 1 : 0);
			cpu_account(e);
		}
		return;
	}
}

#ifdef GMP_DEBUG
/* check_mask says how often the GMP_DEBUG builds run engine_check, which is
 * O(goroutines + threads): after every event while the run holds fewer than
 * 1024 of them, then once per power-of-two events of about n/64, at most one
 * in 1024. So a check costs ~64 objects an event however big the run grows,
 * and scenario 10's 10 000 sleepers or a million goroutines stay testable
 * under the sanitizers (every event at 10 000 took CI twenty minutes). */
static uint64_t check_mask(size_t n)
{
	uint64_t every = 1;
	if (n < 1024)
		return 0;
	while (every < n / 64 && every < 1024)
		every <<= 1;
	return every - 1;
}
#endif

/* run_loop dispatches timed events up to virtual time `until`, stopping early
 * after a visible event of a kind in mask (0 = never) or after `budget`
 * dispatches. *done (may be NULL) says whether the move is complete: false
 * only when the budget ran out first, and then nothing marks the stop, so
 * the next call goes on exactly where this one left off. *used (may be
 * NULL) receives the dispatches made. Returns the events emitted. */
static uint64_t run_loop(gmp_engine *e, int64_t until, uint64_t mask, uint64_t budget, bool *done,
                         uint64_t *used)
{
	uint64_t start = e->nevents, n = 0;
	bool out = false;
	e->stop_mask = mask;
	e->stop_now = false;
	tevent_t ev;
	const tevent_t *next;
	while (e->state == RUN_RUNNING && (next = tev_peek(e)) != NULL && next->t <= until) {
		if (n == budget) {
			out = true;
			break;
		}
		n++;
		tev_take(e, next, &ev);
		dispatch(e, ev);
		if (++e->nsteps >= e->budget_next)
			budget_check(e);
#ifdef GMP_DEBUG
		if ((e->nevents & check_mask(e->gs.n + e->ms.n)) == 0)
			engine_check(e);
#endif
		if (e->stop_now)
			break;
	}
	e->stop_mask = 0;
	if (e->state == RUN_RUNNING && until != INT64_MAX && e->now < until && !e->stop_now && !out)
		e->now = until;
	if (e->state != RUN_RUNNING)
		cpu_account(e);
	if (e->state == RUN_EXITED || e->state == RUN_FATAL)
		process_gone(e);
	if (done)
		*done = !out;
	if (used)
		*used = n;
	return e->nevents - start;
}

uint64_t engine_run_until(gmp_engine *e, int64_t t)
{
	return run_loop(e, t, 0, UINT64_MAX, NULL, NULL);
}

uint64_t engine_step(gmp_engine *e, uint64_t mask)
{
	return run_loop(e, INT64_MAX, mask ? mask : ~0ULL, UINT64_MAX, NULL, NULL);
}

bool engine_step_slice(gmp_engine *e, uint64_t mask, uint64_t max_events, uint64_t *used)
{
	bool done;
	run_loop(e, INT64_MAX, mask ? mask : ~0ULL, max_events, &done, used);
	return done;
}

bool engine_step_until_slice(gmp_engine *e, uint64_t mask, int64_t t, uint64_t max_events,
                             uint64_t *used)
{
	bool done;
	run_loop(e, t, mask ? mask : ~0ULL, max_events, &done, used);
	return done;
}

bool engine_run_until_slice(gmp_engine *e, int64_t t, uint64_t max_events, uint64_t *used)
{
	bool done;
	run_loop(e, t, 0, max_events, &done, used);
	return done;
}

uint64_t engine_run(gmp_engine *e)
{
	return run_loop(e, INT64_MAX, 0, UINT64_MAX, NULL, NULL);
}
