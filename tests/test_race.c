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
	assert_true((r->g == 2 && r->n == 3) || (r->g == 3 && r->n == 2));
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_an_unsynchronised_load_store_pair_is_reported_once),
		FX_TEST(test_mutex_ordered_accesses_are_silent),
		FX_TEST(test_channel_ordered_accesses_are_silent),
		FX_TEST(test_atomics_are_silent),
		FX_TEST(test_go_orders_the_parents_past_before_the_child),
		FX_TEST(test_without_the_race_detector_nothing_is_reported),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
