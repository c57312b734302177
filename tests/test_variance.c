/*
 * test_variance.c — what varies between two runs of one program (issue #16
 * point 2; engine/runtime/noise.c), checked against the real runtime with
 * programs of our own numbers.
 *
 * Each test runs the shape with the engine's noise on (fx_run_noisy: the
 * fixture's default is the noiseless machine) under a few seeds: one
 * seed is one run, as a rerun of the real program is one run. Real figures:
 * tests/real/MEASURED.md (Go 1.19.8, 2 CPUs, a busy host: wall-clock
 * figures are upper bounds).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "engine_fixture.h"

/* run_seed runs f under seed with noise on (fx_run_noisy) and returns metric. */
static double run_seed(fx_t *f, uint64_t seed, const char *metric)
{
	fx_run_noisy(f, seed);
	double x = -1;
	assert_true(engine_metric(f->e, metric, &x));
	return x;
}

/* lab (c): `tightloop -procs 1 -n 12 -sleep 1ms`, 20 runs: main's first
 * resume beside a call-free loop 15.8 ms [8.2..29.4] (wall, load-inflated);
 * the quieter runs: 10.0-18.4 ms; `tightloop -procs 1 -n 12 -sleep
 * 2ms`, 10 runs on 2026-12-05 at load 5.2: first resume 11.4-30.1 ms. Here
 * main sleeps 2 ms (our own number): it wakes when sysmon, whose usleep
 * ramps from 20 µs to 10 ms late by the OS's timer slack, has seen the loop
 * hold the P for 10 ms; where its ramp stands when main begins (the
 * runtime's start-up) decides whether that is at ~10, ~15 or ~20 ms. The
 * bound is the 10-20 ms. */
static void test_resume_beside_a_call_free_loop_varies_within_the_real_range(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "go 1.19\ngomaxprocs 1\ncpus 2\nhorizon 200ms\n"
	                 "variant v\n"
	                 "  probe resume\n"
	                 "  func main\n"
	                 "    go spin\n"
	                 "    let t0 = now\n"
	                 "    sleep 2ms\n"
	                 "    record resume since t0\n"
	                 "  func spin\n"
	                 "    work forever nocall\n", "v");
	double seen[6];
	int distinct = 0;
	for (int s = 0; s < 6; s++) {
		double x = run_seed(f, 100 + (uint64_t)s, "latency_max.resume");
		print_message("seed %d: resume after %.3f ms\n", 100 + s, x / 1e6);
		assert_true(x >= 10.0 * MS && x <= 20.0 * MS);
		bool fresh = true;
		for (int k = 0; k < distinct; k++)
			fresh = fresh && seen[k] != x;
		if (fresh)
			seen[distinct++] = x;
	}
	assert_true(distinct >= 3);
}

/* The shipped 01 (`noise on`): over the first 6 seeds of `check --seeds`,
 * its go1.14 variant's worker waits at least 3 different times, all within
 * the 10-20 ms (its real runs of main sleeping 1 ms beside a
 * call-free loop on GOMAXPROCS=1: 10.0-18.4 ms; ours, above: 11.4-30.1). */
static void test_scenario_01_resume_varies_over_seeds(void **state)
{
	(void)state;
	const char *root = getenv("GMPSCOPE_ROOT");
	char path[4096], err[1024];
	snprintf(path, sizeof path, "%s/scenarios/01-tight-loop-go113.gmp", root ? root : ".");
	gmp_scenario sc;
	if (scenario_load(path, &sc, err, sizeof err) < 0)
		fail_msg("%s", err);
	int v = scenario_variant(&sc, "go1.14");
	assert_true(v >= 0);
	double seen[6];
	int distinct = 0;
	for (int k = 0; k < 6; k++) {
		gmp_config cfg = sc.variants[v].cfg;
		assert_true(cfg.noise);
		cfg.seed = check_seed(sc.variants[v].cfg.seed, k);
		gmp_engine *e = engine_new(&sc.variants[v].prog, &cfg);
		assert_non_null(e);
		engine_run(e);
		double x = -1;
		assert_true(engine_metric(e, "starved_max", &x));
		engine_free(e);
		print_message("seed %d of --seeds: the worker waited %.3f ms\n", k, x / 1e6);
		assert_true(x >= 10.0 * MS && x <= 20.0 * MS);
		bool fresh = true;
		for (int i = 0; i < distinct; i++)
			fresh = fresh && seen[i] != x;
		if (fresh)
			seen[distinct++] = x;
	}
	assert_true(distinct >= 3);
	scenario_free(&sc);
}

/* lab (d): `lostupdate -procs 1 -workers 4 -iters 10000 -weigh 2500ns`
 * (tests/real/lostupdate: v := load(); spin; store(v+1), ~25 ms of CPU a
 * goroutine after a ~6 ms calibration), 20 runs at load 5: 62.4 %
 * [20.0..75.0] lost, exactly 75 % in 8; 12 more runs at load 2.5
 * (2026-12-05): 75 % in 6, the others 26.1-72.2 %. Here 4 goroutines of
 * 9000 updates of 3 µs (27 ms each) after 5 ms of main's own work (our
 * numbers). Each async preemption lands between a goroutine's load and its
 * store (the work is the window), so its next store throws away what the
 * others added meanwhile: the total is the last goroutine to finish's own
 * count plus what it first loaded. Which goroutine finishes last depends on
 * where sysmon's cycle stands when main begins (the runtime's start-up,
 * drawn) and this run's CPU speed: 75 % (the first goroutine, which started
 * from 0) under some seeds, 20-35 % under others. */
static void test_lost_updates_vary_within_the_real_range(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "go 1.19\ngomaxprocs 1\ncpus 2\nhorizon 2s\n"
	                 "variant v\n"
	                 "  counter total\n"
	                 "  var total\n"
	                 "  waitgroup wg\n"
	                 "  func main\n"
	                 "    work 5ms\n"
	                 "    repeat 4\n"
	                 "      add wg 1\n"
	                 "      go add\n"
	                 "    wait wg\n"
	                 "  func add\n"
	                 "    defer done wg\n"
	                 "    repeat 9000\n"
	                 "      load total\n"
	                 "      work 3us\n"
	                 "      store total + 1\n", "v");
	const double want = 4 * 9000;
	int all_but_one = 0, fewer = 0;
	double lo = 100, hi = 0;
	for (int s = 0; s < 12; s++) {
		double lost = 100 * (want - run_seed(f, 300 + (uint64_t)s, "counter.total")) / want;
		print_message("seed %d: %.1f %% lost\n", 300 + s, lost);
		assert_true(lost >= 20.0 && lost <= 75.0);
		all_but_one += lost == 75.0;
		fewer += lost < 50.0;
		lo = lost < lo ? lost : lo;
		hi = lost > hi ? lost : hi;
	}
	/* both outcomes of the real runs, and not one figure under every seed */
	assert_true(all_but_one >= 2 && fewer >= 2);
	assert_true(hi - lo >= 10.0);
}

/* The same shape on a host whose CPUs are all taken: the real intermediate
 * values. `lostupdate -procs 1 -workers 4 -iters 10000 -weigh 2500ns`
 * (tests/real/lostupdate), 2026-12-05 21:52-22:00 UTC, MEASURED.md (d''):
 * alone beside the other sessions (load 1.4-2.4), 16 runs: 75 % in 2, the
 * others 21.6-34.6 % (no value between); with one `while :; do :; done`
 * loop, 12 runs: 75 % in 4, the others 22.2-34.8 %; with two such loops
 * (the load average was 4.1 before they started), 24 runs: 75 % in 7,
 * 48.3-74.9 % in 16, 26.5 % once. So the values between come from the host's
 * other threads taking the CPU in the middle of a time slice: sysmon counts
 * the 10 ms on the wall clock, the goroutine did less in them, and which
 * goroutine finishes last, from where, changes (cpu.c, hostload). Here 3
 * host threads (the two loops and the other sessions'), seeds 300-315. */
static void test_lost_updates_on_a_loaded_host_take_the_values_between(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "go 1.19\ngomaxprocs 1\ncpus 2\nhostload 3\nhorizon 2s\n"
	                 "variant v\n"
	                 "  counter total\n"
	                 "  var total\n"
	                 "  waitgroup wg\n"
	                 "  func main\n"
	                 "    work 5ms\n"
	                 "    repeat 4\n"
	                 "      add wg 1\n"
	                 "      go add\n"
	                 "    wait wg\n"
	                 "  func add\n"
	                 "    defer done wg\n"
	                 "    repeat 9000\n"
	                 "      load total\n"
	                 "      work 3us\n"
	                 "      store total + 1\n", "v");
	const double want = 4 * 9000;
	int all_but_one = 0, between = 0;
	for (int s = 0; s < 16; s++) {
		double lost = 100 * (want - run_seed(f, 300 + (uint64_t)s, "counter.total")) / want;
		print_message("seed %d: %.1f %% lost\n", 300 + s, lost);
		assert_true(lost >= 26.5 && lost <= 75.0);   /* the 24 runs' range */
		all_but_one += lost == 75.0;
		between += lost >= 40.0 && lost < 75.0;
	}
	/* real: 75 % in 7 of 24, between in 16 of 24 */
	assert_true(all_but_one >= 2);
	assert_true(between >= 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_resume_beside_a_call_free_loop_varies_within_the_real_range),
		FX_TEST(test_scenario_01_resume_varies_over_seeds),
		FX_TEST(test_lost_updates_vary_within_the_real_range),
		FX_TEST(test_lost_updates_on_a_loaded_host_take_the_values_between),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
