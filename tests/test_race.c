/*
 * test_race.c — the happens-before race detector (engine/runtime/race.c): an
 * unsynchronised load/store pair is reported once; the same accesses ordered
 * by a mutex, a channel, a WaitGroup or `go` are silent; atomics never race.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>

#include "engine_fixture.h"
#include "sched.h"
#include "race.h"

/* two goroutines increment x `how`; main waits for both */
static fx_t *incr(const char *decls, const char *body)
{
	static char src[800];
	snprintf(src, sizeof src,
	         FX_HEAD "gomaxprocs 2\nhorizon 100ms\nrace on\n"
	         "variant bug\n"
	         "  var x\n"
	         "  waitgroup wg\n"
	         "%s"
	         "  func main\n"
	         "    add wg 2\n"
	         "    go inc\n"
	         "    go inc\n"
	         "    wait wg\n"
	         "  func inc\n"
	         "%s"
	         "    done wg\n", decls, body);
	return fx_new(src, "bug");
}

static void test_an_unsynchronised_load_store_pair_is_reported_once(void **state)
{
	(void)state;
	fx_t *f = incr("", "    repeat 3\n      load x\n      store x + 1\n");
	fx_run(f);
	assert_eq(engine_runstate(f->e), RUN_EXITED);
	assert_metric(f, "races", 1);
	const gmp_event *r = assert_found(fx_find(f, EV_RACE, 0));
	assert_true((r->g == 6 && r->n == 7) || (r->g == 7 && r->n == 6));
	char want[160];
	snprintf(want, sizeof want, "DATA RACE on x: G%d and G%d access it without synchronisation", r->g, r->n);
	assert_caption(r, want);
}

static void test_mutex_ordered_accesses_are_silent(void **state)
{
	(void)state;
	fx_t *f = incr("  mutex mu\n", "    repeat 3\n      lock mu\n      load x\n      store x + 1\n      unlock mu\n");
	fx_run(f);
	assert_metric(f, "races", 0);
	assert_metric(f, "counter.x", 6);
}

static void test_channel_ordered_accesses_are_silent(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 2\nhorizon 100ms\nrace on\n"
	                 "variant bug\n"
	                 "  var x\n"
	                 "  chan c\n"
	                 "  func main\n"
	                 "    go w\n"
	                 "    recv c\n"
	                 "    load x\n"
	                 "    store x + 1\n"
	                 "  func w\n"
	                 "    load x\n"
	                 "    store x + 1\n"
	                 "    send c\n", "bug");
	fx_run(f);
	assert_metric(f, "races", 0);
	assert_metric(f, "counter.x", 2);
}

static void test_atomics_are_silent(void **state)
{
	(void)state;
	fx_t *f = incr("", "    repeat 3\n      atomic.add x 1\n");
	fx_run(f);
	assert_metric(f, "races", 0);
	assert_metric(f, "counter.x", 6);
}

/* the parent's writes before `go` happen before the child's reads */
static void test_go_orders_the_parents_past_before_the_child(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 2\nhorizon 100ms\nrace on\n"
	                 "variant bug\n"
	                 "  var x\n"
	                 "  waitgroup wg\n"
	                 "  func main\n"
	                 "    set x 5\n"
	                 "    add wg 1\n"
	                 "    go r\n"
	                 "    wait wg\n"
	                 "    load x\n"
	                 "  func r\n"
	                 "    load x\n"
	                 "    store x + 1\n"
	                 "    done wg\n", "bug");
	fx_run(f);
	assert_metric(f, "races", 0);
	assert_metric(f, "counter.x", 6);
}

/* without `race on` nothing is reported */
static void test_without_the_race_detector_nothing_is_reported(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 2\nhorizon 100ms\n"
	                 "variant bug\n"
	                 "  var x\n"
	                 "  func main\n"
	                 "    go w\n"
	                 "    load x\n"
	                 "    store x + 1\n"
	                 "    sleep 1ms\n"
	                 "  func w\n"
	                 "    load x\n"
	                 "    store x + 1\n", "bug");
	fx_run(f);
	assert_metric(f, "races", 0);
	assert_event_count(f, EV_RACE, 0);
}

/* spawner: main starts n goroutines that each read x and then block, all
 * alive at once, under Go 1.minor with -race */
static fx_t *spawner(int minor, int n)
{
	static char src[600];
	snprintf(src, sizeof src,
	         FX_HEAD "go 1.%d\ngomaxprocs 2\nhorizon 10s\nrace on\n"
	         "variant bug\n"
	         "  var x\n"
	         "  chan never\n"
	         "  func main\n"
	         "    repeat %d\n"
	         "      go w\n"
	         "    recv never\n"
	         "  func w\n"
	         "    load x\n"
	         "    recv never\n", minor, n);
	return fx_new(src, "bug");
}

/* Before Go 1.19 the race runtime (TSan v2) holds at most 8128 goroutines:
 * main and 8127 others live; the next `go` dies with TSan's own message and
 * GORACE's exit status, 66. */
static void test_go118_race_dies_past_8128_live_goroutines(void **state)
{
	(void)state;
	fx_t *f = spawner(18, 9000);
	fx_run(f);
	assert_eq(engine_runstate(f->e), RUN_FATAL);
	assert_string_equal(engine_fatal(f->e),
	                    "race: limit on 8128 simultaneously alive goroutines is exceeded, dying");
	assert_eq(engine_exit_code(f->e), 66);
	assert_metric(f, "goroutines_peak", 8129);   /* the one past the limit never ran */
	assert_metric(f, "races", 0);
}

/* From Go 1.19 (TSan v3) there is no limit; the clocks stay sparse: 40,000
 * goroutines used to take 40,000² entries (3.66 GB, 12 s). Each goroutine's
 * clock now holds what it heard of (itself and main), and x's reads one
 * entry per reader, so the detector's bytes grow linearly. (Goroutines that
 * all pass through one mutex still learn of every earlier holder: that is
 * what a vector clock is, and gmpscope's own budget bounds it,
 * tests/hostile/race-mutex.gmp.) */
static void test_go119_race_has_no_limit_and_its_clocks_stay_sparse(void **state)
{
	(void)state;
	fx_t *f = spawner(19, 40000);
	fx_run(f);
	assert_eq(engine_runstate(f->e), RUN_FATAL);   /* every goroutine blocks: deadlock */
	assert_string_equal(engine_fatal(f->e), "fatal error: all goroutines are asleep - deadlock!");
	assert_metric(f, "goroutines", 40001);
	assert_metric(f, "races", 0);
	assert_eq(f->e->nrclocks, 40001);
	/* 40001 clocks of 24 bytes, each with room for 2 entries of 8 (itself
	 * and main), x's 40000 reads in a table of 65536 entries, x's record of 32 bytes:
	 * 2.1 MB, where dense clocks took 40001 * 40001 * 4 = 6.4 GB */
	assert_eq(race_footprint(f->e), 40001LL * 24 + 40001LL * 2 * 8 + 65536LL * 8 + 32);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_an_unsynchronised_load_store_pair_is_reported_once),
		FX_TEST(test_mutex_ordered_accesses_are_silent),
		FX_TEST(test_channel_ordered_accesses_are_silent),
		FX_TEST(test_atomics_are_silent),
		FX_TEST(test_go_orders_the_parents_past_before_the_child),
		FX_TEST(test_without_the_race_detector_nothing_is_reported),
		FX_TEST(test_go118_race_dies_past_8128_live_goroutines),
		FX_TEST(test_go119_race_has_no_limit_and_its_clocks_stay_sparse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
