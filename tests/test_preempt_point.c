/*
 * test_preempt_point.c — where a cooperative preemption can land (issue #16,
 * point 1; gmp_op_is_call in engine/lang/program.c).
 *
 * Before Go 1.14, and with GODEBUG=asyncpreemptoff=1 after it, sysmon's
 * request is seen only in the prologue of a function that checks its stack
 * guard. sync.Mutex's Lock and Unlock fast paths, TryLock and atomics are
 * inlined, and a small leaf is inlined (or, compiled apart, gets no stack
 * check): a loop made of them never yields. A call to a function that
 * calls others does.
 *
 * Real: tests/real/preemptpoint, Go 1.19.8, 2 CPUs, 2026-12-05:
 *   GODEBUG=asyncpreemptoff=1 timeout 3 preemptpoint -body B
 * main sleeps 1 ms beside the loop on GOMAXPROCS=1: with B = lock, trylock,
 * atomic or leaf it never ran again (killed by timeout, 1-2 runs each);
 * with B = call it resumed after 10.9-28.8 ms (18 runs, median 18.7; wall
 * clock, load average ~2). Here the loops' bodies and the sleep (2 ms) are
 * our own, and each shape runs with the engine's noise on under 4 seeds.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "engine_fixture.h"

/* SHAPE: main sleeps beside a loop on one P, with Go 1.13's rules (only
 * cooperative preemption); the loop's function follows */
#define SHAPE \
	FX_HEAD "go 1.13\ngomaxprocs 1\ncpus 2\nhorizon 300ms\n" \
	"variant v\n" \
	"  mutex m\n  var n\n  probe resume\n" \
	"  func main\n" \
	"    go spin\n" \
	"    let t0 = now\n" \
	"    sleep 2ms\n" \
	"    record resume since t0\n"

/* resumes rebuilds f's engine with noise on under seed, runs it, and
 * returns how many times main resumed (0 or 1) and its latency. */
static double resumes(fx_t *f, uint64_t seed, double *lat)
{
	gmp_variant *v = &f->sc.variants[f->variant];
	gmp_config cfg = v->cfg;
	cfg.noise = true;
	cfg.seed = seed;
	engine_free(f->e);
	f->e = engine_new(&v->prog, &cfg);
	assert_non_null(f->e);
	engine_run(f->e);
	double k = -1;
	assert_true(engine_metric(f->e, "samples.resume", &k));
	*lat = -1;
	if (k > 0)
		assert_true(engine_metric(f->e, "latency_max.resume", lat));
	double hung = -1;
	assert_true(engine_metric(f->e, "hung", &hung));
	if (k == 0)
		assert_true(hung == 1);   /* main never ran again: the loop holds the P */
	return k;
}

static void test_lock_unlock_trylock_atomics_and_leaves_are_no_preemption_points(void **state)
{
	(void)state;
	static const char *const bodies[] = {
		"  func spin\n    repeat forever\n      lock m\n      work 30ns nocall\n      unlock m\n",
		"  func spin\n    repeat forever\n      if trylock m\n        work 30ns nocall\n        unlock m\n",
		"  func spin\n    repeat forever\n      atomic.add n 1\n      work 30ns nocall\n",
		"  func spin\n    repeat forever\n      call leaf\n"
		"  func leaf\n    work 30ns nocall\n    atomic.add n 1\n",
	};
	for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
		char src[1024];
		snprintf(src, sizeof src, "%s%s", SHAPE, bodies[i]);
		fx_t *f = fx_new(src, "v");
		for (uint64_t seed = 1; seed <= 4; seed++) {
			double lat;
			assert_int_equal((int)resumes(f, seed, &lat), 0);   /* real: never */
		}
	}
}

static void test_a_call_to_a_function_that_calls_is_a_preemption_point(void **state)
{
	(void)state;
	fx_t *f = fx_new(SHAPE
	                 "  func spin\n    repeat forever\n      call outer\n"
	                 "  func outer\n    call inner\n    atomic.add n 1\n"
	                 "  func inner\n    work 30ns nocall\n", "v");
	for (uint64_t seed = 1; seed <= 4; seed++) {
		double lat;
		assert_int_equal((int)resumes(f, seed, &lat), 1);
		print_message("seed %d: main resumed after %.3f ms\n", (int)seed, lat / 1e6);
		assert_true(lat >= 10.9 * MS && lat <= 28.8 * MS);   /* real: 10.9-28.8 ms */
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_lock_unlock_trylock_atomics_and_leaves_are_no_preemption_points),
		FX_TEST(test_a_call_to_a_function_that_calls_is_a_preemption_point),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
