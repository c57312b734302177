/*
 * mgc.c — a GC cycle that takes time, after runtime/mgc.go (gcStart,
 * gcBgMarkWorker, gcMarkDone, gcMarkTermination), mgcpacer.go
 * (gcControllerState: startCycle, revise, findRunnableGCWorker) and
 * mgcmark.go (gcAssistAlloc, gcDrain).
 *
 * When the heap (with the goroutines' stacks) reaches its goal, gcStart
 * stops the world briefly (sweep termination) and the concurrent mark
 * begins. Its work is the live heap and stacks at that moment, at
 * GC_SCAN_PS_PER_BYTE each. Two kinds of goroutine do it:
 *  - the P's gcBgMarkWorker, which findRunnable runs after the P's expired
 *    timers and before any G when the background utilisation goal (25 % of
 *    GOMAXPROCS) wants it: whole Ps for dedicated workers, else fractional
 *    workers, each P up to fractionalUtilizationGoal of its time. While
 *    the worker holds the P, the P runs neither its queue nor its timers.
 *  - the allocating goroutines (gcAssistAlloc): an allocation during the
 *    mark is paid for with scan work in proportion to the work left over
 *    the heap left before the goal, at least gcOverAssistWork at a time,
 *    less the workers' credit (bgScanCredit).
 * When the work is done, mark termination (a short stop of the world) frees
 * the garbage and sets the next goal: twice the live heap (GOGC=100).
 *
 * Simplifications: the stops of the world are charged to the M that ends
 * the phase (the allocator for sweep termination, the last marker for mark
 * termination); the other Ps keep running. An idle worker (gcDrain's idle
 * mode) marks on a P whose M found nothing else to run, a turn at a time;
 * on the saturated shapes it never runs, as measured (idle 0 ms in
 * gctrace, tests/real/MEASURED.md (l2)); Ps already idle are not woken
 * for it. The engine
 * starts a cycle at the goal itself (the pacer's trigger comes earlier), so
 * the heap is at or over the goal when the mark starts and revise's
 * maxOvershoot (1.1 x the goal) is this cycle's goal from the start.
 * Allocations during the mark are black (not scanned this cycle).
 */
#include "mgc.h"
#include "sched.h"
#include "costs.h"
#include "proc.h"
#include "schedule.h"
#include "trace.h"

/* gcOverAssistWork: an assist does at least 64 KiB of scan work, so that
 * the next allocations need none (mgcmark.go). */
#define GC_OVER_ASSIST_WORK (64 << 10)
/* gcDrain checks pollFractionalWorkerExit every idleCheckThreshold
 * (100000) units of scan work: a fractional worker's shortest turn. */
#define GC_IDLE_CHECK_WORK 100000
/* gcBackgroundUtilization (0.25) and maxUtilError (0.3), in 1e-6 */
#define GC_BG_UTIL_PPM 250000
#define GC_MAX_UTIL_ERROR_PPM 300000
#define PPM 1000000

static int64_t scan_ns(int64_t work) { return work * GC_SCAN_PS_PER_BYTE / 1000; }
static int64_t scan_work(int64_t ns) { return ns * 1000 / GC_SCAN_PS_PER_BYTE; }
static int64_t work_left(const gmp_engine *e) { return e->gc.scanExpected - e->gc.scanDone; }
static int64_t heap_total(const gmp_engine *e)
{
	return e->mt.heap_bytes + e->stack_bytes + e->stack_garbage;
}

/* gc_limit_goal lowers the heap goal to the soft memory limit (GOMEMLIMIT,
 * runtime/debug.SetMemoryLimit): the GC runs more often as the heap nears
 * it, and nothing is fatal. Above the limit the goal stays a little over
 * the live heap (1 MiB), so that allocating still makes progress. */
static void gc_limit_goal(gmp_engine *e, int64_t live)
{
	int64_t lim = e->cfg.gomemlimit;
	if (lim <= 0 || e->heap_goal <= lim)
		return;
	e->heap_goal = lim > live + (1 << 20) ? lim : live + (1 << 20);
}

/* gcMarkTermination: the garbage is freed, the next goal is twice the live
 * heap (GOGC=100, at least 4 MiB) and no more than the soft memory limit
 * allows; the cycle is over. */
static void gcMarkTermination(gmp_engine *e)
{
	int64_t freed = e->heap_garbage + e->stack_garbage;
	e->mt.heap_bytes -= e->heap_garbage;
	e->heap_garbage = 0;
	e->stack_garbage = 0;
	e->mt.gc_cycles++;
	e->last_gc = e->now;
	int64_t live = e->mt.heap_bytes + e->stack_bytes;
	e->heap_goal = live * 2 > 4 * 1024 * 1024 ? live * 2 : 4 * 1024 * 1024;
	gc_limit_goal(e, live);
	e->gc.phase = GC_OFF;
	gmp_event *ev = trace_emit(e, EV_GC, -1, -1, -1, -1, (int)(freed / 1024));
	ev->aux2 = GC_EV_END;
}

/* startCycle: background workers for 25 % of GOMAXPROCS, rounded to whole
 * dedicated workers unless that is more than 30 % off; then the rest as
 * fractional workers (2 Ps: none dedicated, 0.25 of each P). */
static void startCycle(gmp_engine *e)
{
	int64_t procs = e->gomaxprocs;
	int64_t total = procs * GC_BG_UTIL_PPM;
	int64_t dedicated = (total + PPM / 2) / PPM;
	int64_t err = dedicated * PPM * PPM / total - PPM;
	e->gc.fractionalGoal = 0;
	if (err < -GC_MAX_UTIL_ERROR_PPM || err > GC_MAX_UTIL_ERROR_PPM) {
		if (dedicated * PPM > total)
			dedicated--;
		e->gc.fractionalGoal = (int32_t)((total - dedicated * PPM) / procs);
	}
	e->gc.dedicatedNeeded = (int32_t)dedicated;
	for (int i = 0; i < e->gomaxprocs; i++)
		P(e, i)->gcFractionalMarkTime = 0;
}

/* gcStart: sweep termination, then the concurrent mark of the live heap and
 * stacks. Returns the CPU the allocating M spends stopping the world. */
static int64_t gcStart(gmp_engine *e)
{
	int64_t live = heap_total(e) - e->heap_garbage - e->stack_garbage;
	e->gc.phase = GC_MARK;
	e->gc.markStartTime = e->now;
	e->gc.scanExpected = live > 0 ? live : 0;
	e->gc.scanDone = 0;
	e->gc.bgScanCredit = 0;
	e->gc.assistNs = e->gc.bgNs = 0;
	e->gc.heapGoal = e->heap_goal + e->heap_goal / 10;   /* revise: maxOvershoot */
	startCycle(e);
	gmp_event *ev = trace_emit(e, EV_GC, -1, -1, -1, -1, (int)(e->gc.scanExpected / 1024));
	ev->aux2 = GC_EV_START;
	return COST_GC_SWEEPTERM;
}

/* gcMarkDone: no work left; mark termination. Returns its CPU. */
static int64_t gcMarkDone(gmp_engine *e)
{
	if (e->gc.phase != GC_MARK || work_left(e) > 0)
		return 0;
	gcMarkTermination(e);
	return COST_GC_MARKTERM;
}

int64_t gc_maybe(gmp_engine *e)
{
	int64_t total = heap_total(e);
	if (e->cfg.memory > 0 && total > e->cfg.memory) {
		engine_oom_kill(e);
		return 0;
	}
	if (e->gc.phase != GC_OFF || total < e->heap_goal)
		return 0;
	int64_t c = gcStart(e);
	e->mt.sched_ns += c;
	return c;
}

void gc_run(gmp_engine *e)
{
	if (e->gc.phase == GC_MARK)
		e->gc.scanDone = e->gc.scanExpected;
	gcMarkTermination(e);
}

int64_t gcAssistAlloc(gmp_engine *e, int32_t gi, int64_t n)
{
	if (e->gc.phase != GC_MARK)
		return 0;
	gext_t *gp = g_ext(e, G(e, gi));
	if (gp->gcAssistCycle != e->mt.gc_cycles + 1) {   /* gcResetMarkState */
		gp->gcAssistCycle = e->mt.gc_cycles + 1;
		gp->gcAssistBytes = 0;
	}
	gp->gcAssistBytes -= n;
	if (gp->gcAssistBytes >= 0)
		return 0;
	/* assistWorkPerByte: the work left over the heap left before the goal */
	int64_t left = work_left(e);
	int64_t room = e->gc.heapGoal - heap_total(e);
	if (room < 1)
		room = 1;
	int64_t debt = -gp->gcAssistBytes;
	int64_t work = left / room >= debt ? left : debt * left / room;
	if (work < GC_OVER_ASSIST_WORK)
		work = GC_OVER_ASSIST_WORK;
	if (work > left)
		work = left;
	/* steal the background workers' credit first */
	int64_t stolen = e->gc.bgScanCredit < work ? e->gc.bgScanCredit : work;
	e->gc.bgScanCredit -= stolen;
	int64_t done = work - stolen;
	e->gc.scanDone += done;
	gp->gcAssistBytes += left > 0 ? work * room / left + 1 : debt;
	int64_t ns = scan_ns(done);
	e->gc.assistNs += ns;
	e->mt.sched_ns += ns;
	return ns + gcMarkDone(e);
}

/* fractional_turn: how long a fractional worker that starts now runs:
 * until its share of the time since the mark began passes 1.2 x the goal
 * (pollFractionalWorkerExit), checked every idleCheckThreshold of work. */
static int64_t fractional_turn(const gmp_engine *e, const p_t *pp)
{
	int64_t g = e->gc.fractionalGoal * 12 / 10;
	int64_t d = e->now - e->gc.markStartTime;
	int64_t t = (g * d - pp->gcFractionalMarkTime * PPM) / (PPM - g) + 1;
	int64_t step = scan_ns(GC_IDLE_CHECK_WORK);
	t = t <= step ? step : (t + step - 1) / step * step;
	return t;
}

bool findRunnableGCWorker(gmp_engine *e, m_t *mp, int64_t cost)
{
	p_t *pp = P(e, mp->p);
	if (e->gc.phase != GC_MARK || work_left(e) <= 0)
		return false;
	int64_t turn;
	if (e->gc.dedicatedNeeded > 0) {
		e->gc.dedicatedNeeded--;
		pp->gcMarkWorkerMode = GCW_DEDICATED;
		turn = scan_ns(GC_IDLE_CHECK_WORK);
	} else {
		if (e->gc.fractionalGoal == 0)
			return false;
		int64_t d = e->now - e->gc.markStartTime;
		if (d > 0 && pp->gcFractionalMarkTime * PPM / d > e->gc.fractionalGoal)
			return false;
		pp->gcMarkWorkerMode = GCW_FRACTIONAL;
		turn = fractional_turn(e, pp);
	}
	int64_t left = scan_ns(work_left(e)) + 1;
	if (turn > left)
		turn = left;
	mp->gc_turn = turn;
	e->mt.sched_ns += cost + turn;
	seg_open(e, pp, SEG_GC, -1);
	m_busy(e, mp, cost + turn, PH_GCWORK);
	return true;
}

bool gcIdleMarkWorker(gmp_engine *e, m_t *mp)
{
	p_t *pp = P(e, mp->p);
	if (e->gc.phase != GC_MARK || work_left(e) <= 0)
		return false;
	pp->gcMarkWorkerMode = GCW_IDLE;
	int64_t turn = scan_ns(GC_IDLE_CHECK_WORK);
	int64_t left = scan_ns(work_left(e)) + 1;
	mp->gc_turn = turn < left ? turn : left;
	e->mt.sched_ns += mp->gc_turn;
	seg_open(e, pp, SEG_GC, -1);
	m_busy(e, mp, mp->gc_turn, PH_GCWORK);
	return true;
}

void gcBgMarkWorker_done(gmp_engine *e, m_t *mp)
{
	p_t *pp = P(e, mp->p);
	int64_t turn = mp->gc_turn;
	mp->gc_turn = 0;
	if (e->gc.phase == GC_MARK) {
		int64_t w = scan_work(turn);
		if (w > work_left(e))
			w = work_left(e);
		e->gc.scanDone += w;
		e->gc.bgScanCredit += w;   /* gcFlushBgCredit */
		e->gc.bgNs += turn;
	}
	uint8_t mode = pp->gcMarkWorkerMode;
	if (mode == GCW_FRACTIONAL)
		pp->gcFractionalMarkTime += turn;
	int64_t c = gcMarkDone(e);
	if (mode == GCW_DEDICATED && e->gc.phase == GC_MARK && work_left(e) > 0) {
		/* a dedicated worker keeps its P until the work runs out */
		int64_t t = scan_ns(GC_IDLE_CHECK_WORK);
		int64_t left = scan_ns(work_left(e)) + 1;
		mp->gc_turn = t < left ? t : left;
		e->mt.sched_ns += mp->gc_turn;
		m_busy(e, mp, mp->gc_turn, PH_GCWORK);
		return;
	}
	if (mode == GCW_DEDICATED)
		e->gc.dedicatedNeeded++;
	pp->gcMarkWorkerMode = GCW_NONE;
	if (c > 0) {
		e->mt.sched_ns += c;
		seg_open(e, pp, SEG_SCHED, -1);
		m_busy(e, mp, c, PH_SCHED);
		return;
	}
	schedule(e, mp);
}
