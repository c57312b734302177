/*
 * test_lockspin.c — a contended sync.Mutex spins before it parks (lockSlow's
 * active spinning, runtime_canSpin; sema.c: mutex_can_spin, exec_sync.c:
 * exec_lock), and what that does to two movers taking two locks in opposite
 * orders on 2 Ps (issue #16, point 1).
 *
 * A waiter whose mutex is held by a goroutine running on another P spins
 * (procyield(30), up to 4 times) and takes the lock right behind its
 * holder. So two AB-BA movers that meet at their first lock usually go on,
 * one just behind the other, and the cycle forms only when they take their
 * first locks within the same few ns, which the CPU's and the OS's jitter
 * (noise.c: work's spread, interrupts) brings about now and then.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "engine_fixture.h"

/* parks_on_mutex counts goroutines parking in Lock (gopark,
 * waitReasonSyncMutexLock: Go 1.20 and later) */
static int parks_on_mutex(const fx_t *f)
{
	int n = 0;
	for (size_t i = 0; i < f->nlog; i++)
		n += f->log[i].kind == EV_PARK && f->log[i].aux2 == WAIT_MUTEX;
	return n;
}

/* CONTEND: two goroutines take one mutex in turn, holding it HOLD, with
 * the machine's variance on under seed SEED; main waits for both */
#define CONTEND(procs, hold, seed) \
	FX_HEAD "go 1.22\ngomaxprocs " procs "\ncpus 2\nnoise on\nseed " seed "\nhorizon 50ms\n" \
	"variant v\n" \
	"  mutex m\n  waitgroup wg\n  counter held\n" \
	"  func main\n    add wg 2\n    go user\n    go user\n    wait wg\n" \
	"  func user\n    defer done wg\n    repeat 300\n      lock m\n      work " hold " nocall\n" \
	"      unlock m\n      count held\n      work 2us nocall\n"

static void test_a_waiter_spins_through_a_short_hold_on_another_p(void **state)
{
	(void)state;
	static const char *const src[] = {
		CONTEND("2", "300ns", "1"), CONTEND("2", "300ns", "2"), CONTEND("2", "300ns", "3"),
	};
	for (size_t i = 0; i < sizeof src / sizeof src[0]; i++) {
		fx_t *f = fx_new(src[i], "v");
		fx_run(f);
		assert_metric(f, "completed.held", 600);
		/* 4 x procyield(30) outlast a 300 ns hold: nobody sleeps */
		assert_eq(parks_on_mutex(f), 0);
	}
}

static void test_a_waiter_parks_when_the_hold_outlasts_its_spin(void **state)
{
	(void)state;
	/* the spin is 4 x procyield(30), 4 x 560 ns. In lockstep each user
	 * waits for the other's hold less its own 2 µs outside: 1.5 µs holds
	 * never make it wait, 5 µs holds make it wait 3 µs, past its spin: it
	 * parks, and runs alone for a while once woken (~40 of 600 Locks) */
	fx_t *f = fx_new(CONTEND("2", "1500ns", "1"), "v");
	fx_run(f);
	assert_metric(f, "completed.held", 600);
	assert_eq(parks_on_mutex(f), 0);
	f = fx_new(CONTEND("2", "5us", "1"), "v");
	fx_run(f);
	assert_metric(f, "completed.held", 600);
	int n = parks_on_mutex(f);
	print_message("%d parks on the mutex with 5 us holds\n", n);
	assert_between(n, 10, 600);
}

static void test_no_spinning_while_the_other_p_is_idle(void **state)
{
	(void)state;
	/* runtime_canSpin wants another P running: the holder parks holding
	 * the lock (its P goes idle), so the waiter parks without spinning */
	fx_t *f = fx_new(FX_HEAD "go 1.22\ngomaxprocs 2\ncpus 2\nhorizon 50ms\n"
	                 "variant v\n"
	                 "  mutex m\n  waitgroup wg\n"
	                 "  func main\n    add wg 1\n    go holder\n    sleep 1ms\n"
	                 "    lock m\n    unlock m\n    wait wg\n"
	                 "  func holder\n    defer done wg\n    lock m\n    sleep 3ms\n    unlock m\n", "v");
	fx_run(f);
	assert_eq(parks_on_mutex(f), 1);
	const gmp_event *park = NULL;
	for (size_t i = 0; i < f->nlog && !park; i++)
		if (f->log[i].kind == EV_PARK && f->log[i].aux2 == WAIT_MUTEX)
			park = &f->log[i];
	const gmp_event *wake = assert_found(fx_find_g(f, EV_READY, 1, 0));   /* main's sleep ends */
	print_message("main woke at %lld ns, parked on the mutex at %lld ns\n", (long long)wake->t,
	              (long long)park->t);
	/* a spin would take 560 ns a turn before the park */
	assert_between(park->t - wake->t, 0, 2 * US);
}

/* ABBA2: scenario 07's shape with numbers of our own on 2 Ps: two movers,
 * one locking a then b, the other b then a; prep 1.1 µs, +0.9 µs on odd
 * items, 15 ns between the locks, 350 ns under both (tests/real/abba's
 * flags below) */
#define ABBA2 \
	FX_HEAD "go 1.19\ngomaxprocs 2\ncpus 2\nhorizon 1s\n" \
	"variant v\n" \
	"  mutex a\n  mutex b\n  counter transfers\n" \
	"  waitgroup wg\n  func main\n    add wg 1\n    go mover_ab\n    go mover_ba\n    wait wg\n" \
	"  func mover_ab\n    repeat forever\n      work 1100ns nocall\n" \
	"      if i % 2 == 1\n        work 900ns nocall\n      call transfer_ab\n" \
	"  func mover_ba\n    repeat forever\n      work 1100ns nocall\n" \
	"      if i % 2 == 1\n        work 900ns nocall\n      call transfer_ba\n" \
	"  func transfer_ab\n    lock a\n    work 15ns\n    lock b\n" \
	"    work 350ns\n    unlock b\n    unlock a\n    count transfers\n" \
	"  func transfer_ba\n    lock b\n    work 15ns\n    lock a\n" \
	"    work 350ns\n    unlock a\n    unlock b\n    count transfers\n"

static int cmp_int(const void *a, const void *b)
{
	return (*(const int *)a > *(const int *)b) - (*(const int *)a < *(const int *)b);
}

/* Real: tests/real/abba, Go 1.19.8, 2 CPUs (Intel Xeon), quiet (load
 * 0.5-0.8), 2026-12-07 01:31-01:38 UTC, 40 runs of
 *   abba -procs 2 -prep 1100ns -jitter 900ns -audit 15ns -apply 350ns -dur 1s
 * deadlocked in 40 of 40, after 1-34692 transfers: quartiles 648, 2563
 * (median), 6021; 6 of 40 under 100. */
static void test_ab_ba_on_two_ps_deadlocks_after_hundreds_to_thousands_of_transfers(void **state)
{
	(void)state;
	FX_RELEASE_ONLY();   /* 20 runs */
	fx_t *f = fx_new(ABBA2, "v");
	enum { N = 20 };
	int got[N];
	for (int seed = 1; seed <= N; seed++) {
		fx_run_noisy(f, (uint64_t)seed);
		double dead = -1, n = -1;
		assert_true(engine_metric(f->e, "deadlock", &dead));
		assert_true(engine_metric(f->e, "completed.transfers", &n));
		print_message("seed %d: deadlock %.0f after %.0f transfers\n", seed, dead, n);
		assert_eq(dead, 1);                 /* real: 40 of 40 */
		assert_between(n, 1, 34692);        /* real: 1-34692 */
		got[seed - 1] = (int)n;
	}
	qsort(got, N, sizeof got[0], cmp_int);
	int median = (got[N / 2 - 1] + got[N / 2]) / 2;
	print_message("median %d transfers (real: 2563, quartiles 648-6021)\n", median);
	assert_between(median, 648, 6021);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_a_waiter_spins_through_a_short_hold_on_another_p),
		FX_TEST(test_a_waiter_parks_when_the_hold_outlasts_its_spin),
		FX_TEST(test_no_spinning_while_the_other_p_is_idle),
		FX_TEST(test_ab_ba_on_two_ps_deadlocks_after_hundreds_to_thousands_of_transfers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
