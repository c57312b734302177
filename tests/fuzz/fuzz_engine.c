/*
 * fuzz_engine.c — libFuzzer harness: parse a scenario, then run its programs.
 *
 * Strange but valid programs must not crash the engine, break its invariants
 * or make it loop without advancing: every variant (at most FZ_VARIANTS) is
 * run on a horizon capped at FZ_HORIZON, first a few engine_step()s, then
 * engine_run_until() in FZ_SLICE increments, with engine_check() after each
 * call, until the run ends or FZ_EVENTS events have been dispatched. Halfway
 * the engine is cloned and both copies are run to the same time: they must
 * agree (determinism, and engine_clone copies everything that matters).
 *
 * A runaway loop (events at one instant forever) shows up as a libFuzzer
 * timeout, or as the replay driver's alarm in `scons test`.
 *
 * Long mode: an input whose first byte is '~' is the scenario that follows
 * it, run on a horizon of up to FZL_HORIZON (an hour) in FZL_SLICE steps,
 * bounded by gmpscope's own budget (FZL_EVENTS engine steps) instead of the
 * event count: the shapes that only go wrong after many preemptions or a
 * long run (issue 15: `work forever nocall` past 200ms overflowed the
 * iteration's CPU in exec_interrupt).
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>

#include "engine.h"
#include "scenario.h"
#include "sched.h"
#include "invariants.h"

#define FZ_VARIANTS 4
#define FZ_HORIZON (20 * 1000 * 1000LL)    /* 20ms of virtual time (spinning costs real time) */
#define FZ_SLICE (20 * 1000LL)             /* 20us per engine_run_until */
#define FZ_STEPS 32                        /* engine_step calls first */
#define FZ_EVENTS 4000                     /* events per variant */
#define FZ_MAXTHREADS 2000                 /* keep thread-exhaustion runs small */
#define FZL_MARK '~'                       /* first byte: long mode */
#define FZL_HORIZON (3600LL * 1000 * 1000 * 1000) /* up to an hour of virtual time */
#define FZL_SLICE (50 * 1000 * 1000LL)     /* 50ms per engine_run_until */
#define FZL_EVENTS 2000000ULL              /* the engine's own budget, in steps */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* same_state: two engines that ran the same events agree on what is visible. */
static void same_state(const gmp_engine *a, const gmp_engine *b)
{
	assert(engine_now(a) == engine_now(b));
	assert(engine_event_total(a) == engine_event_total(b));
	assert(engine_visible_total(a) == engine_visible_total(b));
	assert(engine_runstate(a) == engine_runstate(b));
	assert(engine_nms(a) == engine_nms(b));
	assert(engine_ng(a) == engine_ng(b));
	assert(engine_globrunq_size(a) == engine_globrunq_size(b));
}

/* run_long runs one variant to its own horizon (at most FZL_HORIZON) under
 * the budget of FZL_EVENTS steps: it must end (exit, fatal, horizon or gave
 * up) with its invariants whole and its time never going back. */
static void run_long(const gmp_variant *v)
{
	gmp_config cfg = v->cfg;
	if (cfg.horizon_ns <= 0 || cfg.horizon_ns > FZL_HORIZON)
		cfg.horizon_ns = FZL_HORIZON;
	if (cfg.maxthreads <= 0 || cfg.maxthreads > FZ_MAXTHREADS)
		cfg.maxthreads = FZ_MAXTHREADS;
	gmp_engine *e = engine_new(&v->prog, &cfg);
	assert(e);
	engine_set_budget(e, &(gmp_budget){ FZL_EVENTS, 64LL << 20 });
	while (engine_runstate(e) == RUN_RUNNING) {
		int64_t before = engine_now(e);
		engine_run_until(e, before + FZL_SLICE);
		engine_check(e);
		assert(engine_now(e) >= before);
	}
	double v_util = 0;
	assert(engine_metric(e, "cpu_util", &v_util) && v_util >= 0 && v_util <= 100.0001);
	engine_free(e);
}

/* run_variant runs one variant under the caps above. */
static void run_variant(const gmp_variant *v)
{
	gmp_config cfg = v->cfg;
	if (cfg.horizon_ns <= 0 || cfg.horizon_ns > FZ_HORIZON)
		cfg.horizon_ns = FZ_HORIZON;
	if (cfg.maxthreads <= 0 || cfg.maxthreads > FZ_MAXTHREADS)
		cfg.maxthreads = FZ_MAXTHREADS;
	gmp_engine *e = engine_new(&v->prog, &cfg);
	assert(e);
	engine_check(e);
	gmp_engine *twin = NULL;
	for (int i = 0; i < FZ_STEPS && engine_runstate(e) == RUN_RUNNING; i++) {
		engine_step(e, ~0ULL);
		engine_check(e);
		if (engine_event_total(e) >= FZ_EVENTS)
			break;
	}
	while (engine_runstate(e) == RUN_RUNNING && engine_event_total(e) < FZ_EVENTS) {
		int64_t before = engine_now(e);
		engine_run_until(e, before + FZ_SLICE);
		engine_check(e);
		/* time moves on (or the run ended): run_until never stops short */
		assert(engine_runstate(e) != RUN_RUNNING || engine_now(e) >= before + FZ_SLICE);
		if (!twin && engine_event_total(e) >= FZ_EVENTS / 2) {
			twin = engine_clone(e);
			assert(twin);
			same_state(e, twin);
		}
	}
	if (twin) {
		/* bring the twin to where e stopped */
		int64_t until = engine_now(e);
		while (engine_runstate(twin) == RUN_RUNNING && engine_now(twin) < until)
			engine_run_until(twin, engine_now(twin) + FZ_SLICE < until ? engine_now(twin) + FZ_SLICE : until);
		engine_check(twin);
		same_state(e, twin);
		engine_free(twin);
	}
	/* every view of the final state can be read */
	for (int p = 0; p < engine_nprocs(e); p++) {
		gmp_pview pv;
		engine_p_view(e, p, &pv);
	}
	for (int m = 0; m < engine_nms(e); m++) {
		gmp_mview mv;
		engine_m_view(e, m, &mv);
	}
	int cursor = 0, g;
	while ((g = engine_g_alive_next(e, &cursor)) >= 0) {
		gmp_gview gv;
		engine_g_view(e, g, &gv);
	}
	uint64_t total = engine_event_total(e);
	for (uint64_t s = total > GMP_EVENT_RING ? total - GMP_EVENT_RING : 0; s < total; s++)
		assert(engine_event_get(e, s) != NULL);
	engine_free(e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	gmp_scenario sc;
	char err[512];
	bool longmode = size > 0 && data[0] == FZL_MARK;
	if (longmode) {
		data++;
		size--;
	}
	if (scenario_parse("fuzz.gmp", (const char *)data, size, &sc, err, sizeof err) < 0)
		return 0;
	for (int i = 0; i < sc.nvariants && i < FZ_VARIANTS; i++)
		(longmode ? run_long : run_variant)(&sc.variants[i]);
	scenario_free(&sc);
	return 0;
}
