/*
 * test_time.c — timers (engine/runtime/time.c): a sleeper's timer fires from
 * findRunnable at its due time when an M is free, but on a busy P only at
 * that P's next schedule; time.After in a select stays in the timer heap
 * until it fires under Go 1.22 and is dropped as soon as the select moves on
 * under Go 1.23, and the GC frees its memory (reference §8.4).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>

#include "engine_fixture.h"

static void test_a_sleep_wakes_at_its_due_time_when_the_p_is_free(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 1\nhorizon 100ms\n"
	                 "variant bug\n"
	                 "  func main\n"
	                 "    sleep 1ms\n"
	                 "    print \"awake\"\n", "bug");
	fx_run(f);
	const gmp_event *p = assert_found(fx_find(f, EV_PARK, 0));
	const gmp_event *t = assert_found(fx_find(f, EV_TIMER_FIRED, 0));
	assert_eq(p->aux2, WAIT_SLEEP);
	assert_eq(t->t - p->t, 1 * MS);
	assert_eq(t->g, 1);
	assert_caption(t, "timer fired on P0: G1 wakes");
	/* goready into the runnext of the P that ran the timer */
	const gmp_event *x = assert_found(fx_find_g(f, EV_EXECUTE, 1, 0));
	assert_eq(x->t, t->t);
	assert_eq(x->aux2, EXEC_INHERIT);
}

/* reference §8.4: while every P is busy, a timer on a P fires only when that
 * P next goes through findRunnable. */
static void test_a_sleep_on_a_busy_p_waits_for_its_next_schedule(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 1\nhorizon 100ms\n"
	                 "variant bug\n"
	                 "  func main\n"
	                 "    go hog\n"
	                 "    sleep 1ms\n"
	                 "    print \"awake\"\n"
	                 "  func hog\n"
	                 "    work 5ms\n", "bug");
	fx_run(f);
	const gmp_event *x = assert_found(fx_find_g(f, EV_GOEXIT, 6, 0));
	const gmp_event *t = assert_found(fx_find(f, EV_TIMER_FIRED, 0));
	assert_true(t->seq > x->seq);
	assert_between(t->t - x->t, 0, 1 * US);
	assert_between(t->t, 5 * MS, 5 * MS + 10 * US);
}

/* select { case <-c: case <-time.After(1s): } with c always ready, 10 times */
static fx_t *after_loop(const char *go, const char *then)
{
	static char src[600];
	snprintf(src, sizeof src,
	         FX_HEAD "gomaxprocs 1\nhorizon 3s\ngo %s\n"
	         "variant bug\n"
	         "  chan c 10\n"
	         "  chan never\n"
	         "  func main\n"
	         "    repeat 10\n"
	         "      send c\n"
	         "    repeat 10\n"
	         "      select\n"
	         "        case recv c\n"
	         "        case after 1s\n"
	         "%s", go, then);
	return fx_new(src, "bug");
}

static void test_time_after_stays_in_the_heap_until_it_fires_under_go122(void **state)
{
	(void)state;
	fx_t *f = after_loop("1.22", "    sleep 2s\n");
	fx_run_until(f, 10 * MS);
	assert_metric(f, "timers", 11);          /* 10 abandoned + main's sleep */
	assert_metric(f, "timers_peak", 11);
	fx_run_until(f, 1500 * MS);
	assert_metric(f, "timers", 1);
}

static void test_time_after_is_dropped_when_abandoned_under_go123(void **state)
{
	(void)state;
	fx_t *f = after_loop("1.23", "    sleep 2s\n");
	fx_run_until(f, 10 * MS);
	assert_metric(f, "timers", 1);
	assert_metric(f, "timers_peak", 1);
}

/* an abandoned Go 1.22 time.After delays checkdead until it fires */
static void test_abandoned_time_after_delays_checkdead_only_before_go123(void **state)
{
	(void)state;
	fx_t *a = after_loop("1.22", "    recv never\n");
	fx_run(a);
	assert_fatal(a, "fatal error: all goroutines are asleep - deadlock!");
	assert_between(assert_found(fx_find(a, EV_DEADLOCK, 0))->t, 1 * SEC, 1 * SEC + 1 * MS);
	fx_t *b = after_loop("1.23", "    recv never\n");
	fx_run(b);
	assert_fatal(b, "fatal error: all goroutines are asleep - deadlock!");
	assert_between(assert_found(fx_find(b, EV_DEADLOCK, 0))->t, 0, 1 * MS);
}

/* The GC (from ~4 MiB of heap) frees the abandoned timers' memory at once under Go
 * 1.23; under Go 1.22 they are still live: exactly 10 × 200 B more heap. */
static void test_the_gc_frees_abandoned_timers(void **state)
{
	(void)state;
	fx_t *a = after_loop("1.22", "    alloc 5MiB\n    sleep 10ms\n");
	fx_t *b = after_loop("1.23", "    alloc 5MiB\n    sleep 10ms\n");
	fx_run_until(a, 5 * MS);
	fx_run_until(b, 5 * MS);
	assert_metric(a, "gc_cycles", 1);
	assert_metric(b, "gc_cycles", 1);
	assert_eq(fx_metric(a, "heap_bytes") - fx_metric(b, "heap_bytes"), 10 * 240);   /* TIMER_BYTES */
	const gmp_event *gb = assert_found(fx_find(b, EV_GC, 1));   /* 0: its start */
	const gmp_event *ga = assert_found(fx_find(a, EV_GC, 1));
	assert_int_equal(ga->aux2, GC_EV_END);
	assert_eq(gb->n - ga->n, 2);   /* KiB freed: (5 MiB + 2400 B) vs 5 MiB */
	assert_eq(fx_metric(a, "allocs"), fx_metric(b, "allocs"));
}

/* a ticker keeps firing on its period */
static void test_a_ticker_fires_every_period(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 1\nhorizon 100ms\n"
	                 "variant bug\n"
	                 "  counter ticks\n"
	                 "  func main\n"
	                 "    ticker t 1ms\n"
	                 "    repeat 5\n"
	                 "      recv t\n"
	                 "      count ticks\n"
	                 "    stop t\n", "bug");
	fx_run(f);
	assert_eq(engine_runstate(f->e), RUN_EXITED);
	assert_metric(f, "completed.ticks", 5);
	assert_event_count(f, EV_TIMER_FIRED, 5);
	for (int i = 0; i < 5; i++)
		assert_eq(fx_find(f, EV_TIMER_FIRED, i)->t - fx_find(f, EV_TIMER_FIRED, 0)->t, i * MS);
	assert_metric(f, "timers", 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_a_sleep_wakes_at_its_due_time_when_the_p_is_free),
		FX_TEST(test_a_sleep_on_a_busy_p_waits_for_its_next_schedule),
		FX_TEST(test_time_after_stays_in_the_heap_until_it_fires_under_go122),
		FX_TEST(test_time_after_is_dropped_when_abandoned_under_go123),
		FX_TEST(test_abandoned_time_after_delays_checkdead_only_before_go123),
		FX_TEST(test_the_gc_frees_abandoned_timers),
		FX_TEST(test_a_ticker_fires_every_period),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
