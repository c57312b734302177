/*
 * test_variance.c — what varies between two runs of one program (issue #16
 * point 2; engine/runtime/noise.c), checked against the real runtime with
 * programs of our own numbers. Not yet here: lab (d)'s lost updates (the
 * engine loses ~14 %, the real runtime 20-75 %, see engine/README.md).
 *
 * Each test turns the engine's noise on (gmp_config.noise; the shipped
 * scenarios still run without it) and runs the shape under a few seeds: one
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
 * the quieter runs: 10.0-18.4 ms. Here main sleeps 2 ms (our own
 * number): it wakes when sysmon, whose usleep ramps from 20 µs to 10 ms late
 * by the OS's timer slack, has seen the loop hold the P for 10 ms. */
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
		assert_true(x >= 10.0 * MS && x <= 18.4 * MS);
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
 * the real 10.0-18.4 ms (the runs of main sleeping 1 ms beside a
 * call-free loop on GOMAXPROCS=1). */
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
		assert_true(x >= 10.0 * MS && x <= 18.4 * MS);
		bool fresh = true;
		for (int i = 0; i < distinct; i++)
			fresh = fresh && seen[i] != x;
		if (fresh)
			seen[distinct++] = x;
	}
	assert_true(distinct >= 3);
	scenario_free(&sc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_resume_beside_a_call_free_loop_varies_within_the_real_range),
		FX_TEST(test_scenario_01_resume_varies_over_seeds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
