/*
 * mgc.c — a GC cycle that takes time, after runtime/mgc.go (gcStart,
 * gcBgMarkWorker, gcMarkDone, gcMarkTermination), mgcpacer.go
 * (gcControllerState: startCycle, revise, findRunnableGCWorker) and
 * mgcmark.go (gcAssistAlloc, gcDrain).
 *
 * When the heap (not the stacks) reaches the pacer's trigger, gcStart
 * stops the world briefly (sweep termination) and the concurrent mark
 * begins. Its work is the live heap and the stacks' used part at that
 * moment, at GC_SCAN_PS_PER_BYTE each. Two kinds of goroutine do it:
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
 * the garbage, and the pacer (Go 1.19's gcControllerState: endCycle,
 * commit, trigger) sets the next goal and trigger: the goal is the live
 * heap plus GOGC/100 (100 %) of the live heap and the stacks scanned, at
 * least heapMinimum (4 MiB); the trigger comes before it by the runway the
 * measured cons/mark ratio asks for (the heap allocated during the mark per
 * byte scanned), within 45/64 and 61/64 of the way from the live heap to the
 * goal.
 *
 * Simplifications: the stops of the world are charged to the M that ends
 * the phase (the allocator for sweep termination, the last marker for mark
 * termination); the other Ps keep running. An idle worker (gcDrain's idle
 * mode) marks on a P whose M found nothing else to run, a turn at a time;
 * on the saturated shapes it never runs, as measured (idle 0 ms in
 * gctrace, tests/real/MEASURED.md (l2)); Ps already idle are not woken
 * for it. The mark's work is known at gcStart (the live heap and the
 * used part of each stack, GC_STACK_SCAN_BYTES: the engine has no stack
 * pointer, so every goroutine's counts the same), so revise's
 * extrapolation of an unexpectedly large mark is not needed; its
 * maxOvershoot (1.1 x the goal once the heap passes it) is. There are no
 * globals. Allocations during the mark are black (not scanned this cycle).
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
/* the pacer's constants (mgcpacer.go, Go 1.19): defaultHeapMinimum, the
 * trigger's bounds as a fraction of the runway (triggerRatioDen,
 * minTriggerRatioNum ~0.7, maxTriggerRatioNum ~0.95), sweepMinHeapDistance
 * (mgc.go), and the goal's minimum distance over the trigger (minRunway) */
#define GC_HEAP_MINIMUM (4 << 20)
#define GC_TRIGGER_RATIO_DEN 64
#define GC_MIN_TRIGGER_RATIO_NUM 45
#define GC_MAX_TRIGGER_RATIO_NUM 61
#define GC_SWEEP_MIN_HEAP_DISTANCE (1 << 20)
#define GC_MIN_RUNWAY (64 << 10)

static int64_t scan_ns(int64_t work) { return work * GC_SCAN_PS_PER_BYTE / 1000; }
static int64_t scan_work(int64_t ns) { return ns * 1000 / GC_SCAN_PS_PER_BYTE; }
static int64_t work_left(const gmp_engine *e) { return e->gc.scanExpected - e->gc.scanDone; }
/* the stack scan work of the live goroutines (GC_STACK_SCAN_BYTES each) */
static int64_t stack_scan(const gmp_engine *e)
{
	return (int64_t)e->nlive * GC_STACK_SCAN_BYTES;
}
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

/* trigger (mgcpacer.go): the heapLive at which the next cycle starts, the
 * goal less the runway, kept within [minTrigger, maxTrigger]; minTrigger is
 * at least sweepDist (the heap one sweep distance over the live heap at the
 * last commit) unless the memory limit set the goal. */
static int64_t gc_trigger(const gmp_engine *e, int64_t sweepDist, bool limited)
{
	const gcstate_t *c = &e->gc;
	int64_t goal = e->heap_goal, marked = c->heapMarked;
	if (marked >= goal)
		return goal;
	int64_t lo = limited ? 0 : sweepDist;
	if (lo < marked)
		lo = marked;
	int64_t b = (goal - marked) / GC_TRIGGER_RATIO_DEN * GC_MIN_TRIGGER_RATIO_NUM + marked;
	if (lo < b)
		lo = b;
	int64_t hi = (goal - marked) / GC_TRIGGER_RATIO_DEN * GC_MAX_TRIGGER_RATIO_NUM + marked;
	if (goal > GC_HEAP_MINIMUM && goal - GC_HEAP_MINIMUM > hi)
		hi = goal - GC_HEAP_MINIMUM;
	if (hi < lo)
		hi = lo;
	/* runway: the heap the mutator allocates while the workers, at
	 * gcGoalUtilization (25 %), do the last cycle's scan work: consMark x
	 * (1 - 0.25) / 0.25 x (heap scan + stack scan) */
	int64_t runway = c->consMark * 3 * (c->heapMarked + c->lastStackScan) / PPM;
	int64_t t = runway > goal ? lo : goal - runway;
	return t < lo ? lo : t > hi ? hi : t;
}

/* gcControllerCommit (commit): the goal, heapMarked + (heapMarked +
 * lastStackScan) x GOGC/100, at least heapMinimum, lowered to the soft
 * memory limit (memoryLimitHeapGoal) or else raised to the sweep distance;
 * then the trigger. */
void gcControllerCommit(gmp_engine *e, bool sweepDone)
{
	gcstate_t *c = &e->gc;
	int64_t goal = INT64_MAX / 4;   /* GOGC=off: only runtime.GC collects */
	if (e->cfg.gogc != GMP_GOGC_OFF) {
		int gogc = e->cfg.gogc > 0 ? e->cfg.gogc : 100;
		goal = c->heapMarked + (c->heapMarked + c->lastStackScan) * gogc / 100;
		if (goal < (int64_t)GC_HEAP_MINIMUM * gogc / 100)   /* heapMinimum scales too */
			goal = (int64_t)GC_HEAP_MINIMUM * gogc / 100;
	}
	int64_t sweepDist = sweepDone ? 0 : e->mt.heap_bytes + GC_SWEEP_MIN_HEAP_DISTANCE;
	e->heap_goal = goal;
	gc_limit_goal(e, c->heapMarked);
	bool limited = e->heap_goal < goal;
	if (!limited && sweepDist > e->heap_goal)
		e->heap_goal = sweepDist;
	c->trigger = gc_trigger(e, sweepDist, limited);
}

/* endCycle: the cons/mark ratio this cycle measured, (heap allocated during
 * the mark) x (GC utilisation + idle utilisation) / (scan work x (1 - GC
 * utilisation)), with the GC's utilisation the workers' goal (25 %) plus
 * the assists', fed to consMarkController (a PI controller: kp 0.9, ti 4,
 * tt 1000, output within +-1000). */
static void endCycle(gmp_engine *e, int64_t heapLive)
{
	gcstate_t *c = &e->gc;
	int64_t dur = (e->now - c->markStartTime) * e->gomaxprocs;
	int64_t u = GC_BG_UTIL_PPM + (dur > 0 ? c->assistNs * PPM / dur : 0);
	if (heapLive <= c->triggered || c->scanDone <= 0)
		return;
	int64_t idle = dur > 0 ? c->idleNs * PPM / dur : 0;
	int64_t den = c->scanDone * (u < PPM ? PPM - u : 1) / PPM;
	if (den < 1)
		den = 1;
	int64_t cur = (heapLive - c->triggered) * (u + idle) / den;
	int64_t raw = (cur - c->consMark) * 9 / 10 + c->consMarkErrIntegral;
	int64_t out = raw > 1000LL * PPM ? 1000LL * PPM : raw < -1000LL * PPM ? -1000LL * PPM : raw;
	c->consMarkErrIntegral += (cur - c->consMark) * 9 / 40 + (out - raw) / 1000;
	c->consMark = out;
}

/* gcMarkTermination: the garbage is freed; the pacer measures the cycle and
 * sets the next goal and trigger (no more than the soft memory limit
 * allows); the cycle is over. */
static void gcMarkTermination(gmp_engine *e)
{
	int64_t freed = e->heap_garbage + e->stack_garbage;
	if (e->gc.phase == GC_MARK)
		endCycle(e, e->mt.heap_bytes);
	e->mt.heap_bytes -= e->heap_garbage;
	e->heap_garbage = 0;
	e->stack_garbage = 0;
	e->mt.gc_cycles++;
	e->last_gc = e->now;
	e->gc.heapMarked = e->mt.heap_bytes;
	e->gc.lastStackScan = stack_scan(e);
	gcControllerCommit(e, false);
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
	int64_t live = e->mt.heap_bytes - e->heap_garbage + stack_scan(e);
	e->gc.phase = GC_MARK;
	e->gc.markStartTime = e->now;
	e->gc.scanExpected = live > 0 ? live : 0;
	e->gc.scanDone = 0;
	e->gc.bgScanCredit = 0;
	e->gc.assistNs = e->gc.bgNs = e->gc.idleNs = 0;
	e->gc.triggered = e->mt.heap_bytes;
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
	if (e->gc.phase != GC_OFF || e->mt.heap_bytes < e->gc.trigger)
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

/* revise: the heap goal the assists pace to: at least minRunway over the
 * trigger, and 1.1 x that once the heap passed it (maxOvershoot). */
static int64_t revise_goal(const gmp_engine *e)
{
	int64_t goal = e->heap_goal;
	if (goal < e->gc.triggered + GC_MIN_RUNWAY)
		goal = e->gc.triggered + GC_MIN_RUNWAY;
	if (e->mt.heap_bytes > goal)
		goal += goal / 10;
	return goal;
}

/* assist_share: gcDrainN drains the mark's shared work queues, which the
 * background and idle workers drain at the same time; an assist that asks
 * for more work than is left stops when the queues run dry (and parks until
 * the workers' credit pays the rest, gcParkAssist). The engine claims an
 * assist's work when it starts, so it gives the assist only its share of
 * what is left: one part for it and one for every other P whose M is
 * marking or spinning (a spinning M that finds nothing marks in idle mode).
 * Without this, an assist that owes more than the room left before the goal
 * takes the whole mark on one goroutine while the other Ps find no work. */
static int64_t assist_share(const gmp_engine *e, int64_t work, int64_t left)
{
	int64_t markers = 1 + e->nmspinning;
	for (int i = 0; i < e->gomaxprocs; i++)
		if (e->ps[i].gcMarkWorkerMode != GCW_NONE)
			markers++;
	int64_t share = left / markers;
	if (share < GC_OVER_ASSIST_WORK)
		share = GC_OVER_ASSIST_WORK < left ? GC_OVER_ASSIST_WORK : left;
	return work < share ? work : share;
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
	int64_t room = revise_goal(e) - e->mt.heap_bytes;
	if (room < 1)
		room = 1;
	int64_t debt = -gp->gcAssistBytes;
	/* debt x assistWorkPerByte (left / room), in 128 bits */
	__extension__ typedef unsigned __int128 u128;
	u128 w = (u128)debt * (uint64_t)left / (uint64_t)room;
	int64_t work = w > (u128)left ? left : (int64_t)w;
	if (work < GC_OVER_ASSIST_WORK)
		work = GC_OVER_ASSIST_WORK;
	if (work > left)
		work = left;
	work = assist_share(e, work, left);
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
		if (pp->gcMarkWorkerMode == GCW_IDLE)
			e->gc.idleNs += turn;
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
