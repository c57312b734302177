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
#include <stdlib.h>
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

/* resumes runs f (fx_run_noisy) and returns how many times main resumed (0 or
 * 1) and its latency. */
static double resumes(fx_t *f, uint64_t seed, double *lat)
{
	fx_run_noisy(f, seed);
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

/* ABBA: two movers on GOMAXPROCS=1, one locking a then b, the other b then
 * a, around call-free work (tests/real/abba's shape with our own numbers:
 * prep 1.1 µs, +0.9 µs on odd items, 15 ns between the locks, 350 ns under
 * both); main sleeps past the horizon, like abba's watchdog */
#define ABBA(second_lock_a, second_lock_b) \
	FX_HEAD "go 1.19\ngomaxprocs 1\ncpus 2\nhorizon 2s\n" \
	"variant v\n" \
	"  mutex a\n  mutex b\n  counter transfers\n" \
	"  func main\n    go mover_ab\n    go mover_ba\n    sleep 3s\n" \
	"  func mover_ab\n    repeat forever\n      work 1100ns nocall\n" \
	"      if i % 2 == 1\n        work 900ns nocall\n      call transfer_ab\n" \
	"  func mover_ba\n    repeat forever\n      work 1100ns nocall\n" \
	"      if i % 2 == 1\n        work 900ns nocall\n      call transfer_ba\n" \
	"  func transfer_ab\n    lock a\n    work 15ns\n" second_lock_b \
	"    work 350ns\n    unlock b\n    unlock a\n    count transfers\n" \
	"  func transfer_ba\n    lock b\n    work 15ns\n" second_lock_a \
	"    work 350ns\n    unlock a\n    unlock b\n    count transfers\n"

/* stalled runs f under seeds 1..n and returns how many stopped making
 * transfers for good (none in the run's last 200 ms: abba's -stall). */
static int stalled(fx_t *f, int n)
{
	int k = 0;
	for (int seed = 1; seed <= n; seed++) {
		fx_run_noisy(f, (uint64_t)seed);
		double last = -1;
		assert_true(engine_metric(f->e, "last.transfers", &last));
		print_message("seed %d: last transfer at %.1f ms\n", seed, last / 1e6);
		k += last < 1800.0 * MS;
	}
	return k;
}

/* lab (a): `abba -procs 1 -dur 2s`, 18 runs: deadlocked in 12 of 18, after
 * 4.9-1520.1 ms (median 743.7). The only preemption points are the calls:
 * sysmon's request, every 10-20 ms, lands between the two locks only when it
 * comes during the inlined Lock before the audit's call, a few ns in 2 µs. */
static void test_ab_ba_on_one_p_deadlocks_in_about_two_runs_of_three(void **state)
{
	(void)state;
	FX_RELEASE_ONLY();   /* 12 runs of 2 s: ~10 minutes under ASan */
	fx_t *f = fx_new(ABBA("    lock a\n", "    lock b\n"), "v");
	int k = stalled(f, 12);
	print_message("deadlocked in %d of 12 seeds (real: 12 of 18)\n", k);
	assert_true(k >= 6 && k <= 11);
}

/* lab (b): `trylock -procs 1 -dur 1500ms`, 10 runs: never livelocked
 * (381504 [161506..478178] transfers a second, 0-4 failed TryLocks a run).
 * Its movers back off: a failed TryLock releases the first lock, yields and
 * starts over. */
static void test_trylock_backoff_on_one_p_never_livelocks(void **state)
{
	(void)state;
	FX_RELEASE_ONLY();   /* 6 runs of 2 s */
	fx_t *f = fx_new(FX_HEAD "go 1.19\ngomaxprocs 1\ncpus 2\nhorizon 2s\n"
	                 "variant v\n"
	                 "  mutex a\n  mutex b\n  counter transfers\n"
	                 "  func main\n    go mover_ab\n    go mover_ba\n    sleep 3s\n"
	                 "  func mover_ab\n    repeat forever\n      work 1100ns nocall\n"
	                 "      if i % 2 == 1\n        work 900ns nocall\n      call transfer_ab\n"
	                 "  func mover_ba\n    repeat forever\n      work 1100ns nocall\n"
	                 "      if i % 2 == 1\n        work 900ns nocall\n      call transfer_ba\n"
	                 "  func transfer_ab\n    repeat forever\n      lock a\n      work 15ns\n"
	                 "      if trylock b\n        break\n      unlock a\n      gosched\n"
	                 "    work 350ns\n    unlock b\n    unlock a\n    count transfers\n"
	                 "  func transfer_ba\n    repeat forever\n      lock b\n      work 15ns\n"
	                 "      if trylock a\n        break\n      unlock b\n      gosched\n"
	                 "    work 350ns\n    unlock a\n    unlock b\n    count transfers\n", "v");
	assert_int_equal(stalled(f, 6), 0);
	/* the real 381504 transfers a second are wall-clock figures of a busy
	 * host (MEASURED.md), not compared: the engine's are its CPU's */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_lock_unlock_trylock_atomics_and_leaves_are_no_preemption_points),
		FX_TEST(test_a_call_to_a_function_that_calls_is_a_preemption_point),
		FX_TEST(test_ab_ba_on_one_p_deadlocks_in_about_two_runs_of_three),
		FX_TEST(test_trylock_backoff_on_one_p_never_livelocks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
