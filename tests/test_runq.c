/*
 * test_runq.c — run queues (engine/runtime/runq.c): runnext, the 256-entry ring,
 * runqputslow's overflow to the global queue, globrunqget's batch and the
 * 1-in-61 fairness check, as proc.go does them (reference §2).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "engine_fixture.h"

/* one P; main spawns N goroutines of `f` (each works 10us), then computes */
static fx_t *spawner(int n, const char *after)
{
	static char src[512];
	snprintf(src, sizeof src,
	         FX_HEAD "gomaxprocs 1\nhorizon 50ms\n"
	         "variant bug\n"
	         "  func main\n"
	         "    repeat %d\n"
	         "      go f\n"
	         "    %s\n"
	         "  func f\n"
	         "    work 10us\n", n, after);
	return fx_new(src, "bug");
}

static void test_newproc_puts_child_in_runnext(void **state)
{
	(void)state;
	fx_t *f = spawner(1, "work 5ms");
	fx_run_until(f, 1 * MS);
	assert_runq(f, 0, 6, 0);
	gmp_gview g;
	assert_true(fx_g(f, 6, &g));
	assert_eq(g.status, G_RUNNABLE);
	const gmp_event *ev = assert_found(fx_find(f, EV_SPAWN, 0));
	assert_eq(ev->g, 6);
	assert_eq(ev->p, 0);
	assert_caption(ev, "G6 (f) created by `go` on P0: it goes to P0's runnext");
}

static void test_newproc_kicks_the_old_runnext_to_the_ring_tail(void **state)
{
	(void)state;
	fx_t *f = spawner(3, "work 5ms");
	fx_run_until(f, 1 * MS);
	assert_runq(f, 0, 8, 2);
	gmp_pview p = fx_p(f, 0);
	assert_eq(p.runq[0], 6);
	assert_eq(p.runq[1], 7);
}

/* Acceptance: "one G spawning on a single P: after 257 spawns the ring holds
 * 256 and runnext the last, and the 258th spawn moves 128 ring entries plus
 * the kicked goroutine — 129 — to the global queue". */
static void test_257_spawns_fill_the_ring_and_the_258th_overflows_129(void **state)
{
	(void)state;
	fx_t *f = spawner(257, "work 5ms");
	fx_run_until(f, 2 * MS);
	assert_runq(f, 0, 262, 256);
	assert_eq(engine_globrunq_size(f->e), 0);
	assert_event_count(f, EV_OVERFLOW, 0);

	fx_t *g = spawner(258, "work 5ms");
	fx_run_until(g, 2 * MS);
	const gmp_event *ov = assert_found(fx_find(g, EV_OVERFLOW, 0));
	assert_eq(ov->n, 129);
	assert_eq(ov->g, 262);           /* the kicked runnext rides along */
	assert_eq(engine_globrunq_size(g->e), 129);
	assert_runq(g, 0, 263, 128);
	/* the ring's oldest half first, in order, then the kicked goroutine */
	int q[129];
	assert_eq(fx_globrunq(g, q, 129), 129);
	for (int i = 0; i < 128; i++)
		assert_eq(q[i], 6 + i);
	assert_eq(q[128], 262);
	assert_eq(fx_p(g, 0).runq[0], 134);
	assert_metric(g, "overflows", 1);
	assert_metric(g, "globrunq", 129);
}

/* reference §2 (derived): with GOMAXPROCS=1, go f(0); go f(1); go f(2) then
 * blocking runs f(2), then f(0), then f(1). */
static void test_three_spawns_run_last_first_then_in_order(void **state)
{
	(void)state;
	fx_t *f = spawner(3, "sleep 1ms");
	fx_run(f);
	assert_eq(assert_found(fx_find(f, EV_EXECUTE, 0))->g, 8);
	assert_eq(fx_find(f, EV_EXECUTE, 1)->g, 6);
	assert_eq(assert_found(fx_find(f, EV_EXECUTE, 2))->g, 7);
}

static void test_runnext_inherits_the_time_slice_and_the_ring_does_not(void **state)
{
	(void)state;
	fx_t *f = spawner(2, "sleep 1ms");
	fx_run(f);
	const gmp_event *a = assert_found(fx_find(f, EV_EXECUTE, 0));
	const gmp_event *b = assert_found(fx_find(f, EV_EXECUTE, 1));
	assert_eq(a->g, 7);
	assert_eq(a->aux2, EXEC_INHERIT); /* from runnext: inherits, schedtick unchanged */
	assert_eq(b->g, 6);
	assert_eq(b->aux2, EXEC_NEW_SLICE);
	/* main's execute is tick 1, G2 (from the ring) tick 2; G3 and main's
	 * wake-up (runnext, from the timer) inherit */
	assert_eq(fx_p(f, 0).schedtick, 2);
}

/* Gs yielding with Gosched land on the global queue; an empty local queue
 * then takes a batch of min(size, size/GOMAXPROCS + 1, 128). */
static void test_globrunqget_takes_a_batch_into_the_ring(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 1\nhorizon 50ms\n"
	                 "variant bug\n"
	                 "  func main\n"
	                 "    repeat 4\n"
	                 "      go f\n"
	                 "    sleep 1ms\n"
	                 "  func f\n"
	                 "    gosched\n"
	                 "    work 10us\n", "bug");
	fx_run_until(f, 100 * US);
	const gmp_event *b = assert_found(fx_find(f, EV_GLOBRUNQGET, 0));
	assert_eq(b->n, 4);
	assert_eq(b->g, 9);          /* G5 yielded first (it ran from runnext) */
	assert_eq(assert_found(fx_find(f, EV_GOSCHED, 0))->g, 9);
	assert_eq(assert_found(fx_find(f, EV_GOSCHED, 3))->g, 8);
	/* the three others went to the ring in global-queue order */
	const gmp_event *x = fx_find_after(f, EV_EXECUTE, b->seq);
	assert_eq(assert_found(x)->g, 9);
	x = assert_found(fx_find_after(f, EV_EXECUTE, x->seq));
	assert_eq(x->g, 6);
}

/* globrunqget's batch divides the global queue among the Ps: with 8
 * yielded goroutines and GOMAXPROCS=2 it takes 8 / 2 + 1 = 5. A hog keeps
 * P0 busy; main (moved to P1 by the timer steal) spawns 8 yielders there. */
static void test_globrunqget_batch_is_size_over_gomaxprocs_plus_one(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 2\nhorizon 50ms\n"
	                 "variant bug\n"
	                 "  func main\n"
	                 "    go hog\n"
	                 "    sleep 100us\n"
	                 "    repeat 8\n"
	                 "      go y\n"
	                 "    sleep 1ms\n"
	                 "  func hog\n"
	                 "    work 5ms\n"
	                 "  func y\n"
	                 "    gosched\n"
	                 "    work 10us\n", "bug");
	fx_run_until(f, 2 * MS);
	const gmp_event *b = assert_found(fx_find(f, EV_GLOBRUNQGET, 0));
	assert_eq(b->n, 5);
	assert_eq(engine_globrunq_size(f->e), 0);
}

/* Acceptance: "the 61st schedule tick taking from the global queue". A
 * goroutine that yielded waits on the global queue while a long local queue
 * keeps P0 busy; when schedtick reaches 61, findRunnable takes it first. */
static void test_the_61st_schedtick_takes_from_the_global_queue(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 1\nhorizon 50ms\n"
	                 "variant bug\n"
	                 "  func main\n"
	                 "    go y\n"
	                 "    repeat 100\n"
	                 "      go w\n"
	                 "    sleep 20ms\n"
	                 "  func y\n"
	                 "    gosched\n"
	                 "    work 1us\n"
	                 "  func w\n"
	                 "    work 10us\n", "bug");
	fx_run_until(f, 10 * MS);
	/* G6 (y) yields at schedtick 2; G7..G65 run at ticks 3..61 */
	const gmp_event *y = assert_found(fx_find_g(f, EV_GOSCHED, 6, 0));
	const gmp_event *again = assert_found(fx_find_g(f, EV_EXECUTE, 6, 1));
	int between = 0, last = -1;
	for (size_t i = 0; i < f->nlog; i++) {
		const gmp_event *ev = &f->log[i];
		if (ev->kind == EV_EXECUTE && ev->seq > y->seq && ev->seq < again->seq) {
			between++;
			last = ev->g;
		}
	}
	assert_eq(between, 59);
	assert_eq(last, 65);
	/* without the check G6 would have waited for all 100 local ones */
	const gmp_event *next = assert_found(fx_find_after(f, EV_EXECUTE, again->seq));
	assert_eq(next->g, 66);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_newproc_puts_child_in_runnext),
		FX_TEST(test_newproc_kicks_the_old_runnext_to_the_ring_tail),
		FX_TEST(test_257_spawns_fill_the_ring_and_the_258th_overflows_129),
		FX_TEST(test_three_spawns_run_last_first_then_in_order),
		FX_TEST(test_runnext_inherits_the_time_slice_and_the_ring_does_not),
		FX_TEST(test_globrunqget_takes_a_batch_into_the_ring),
		FX_TEST(test_globrunqget_batch_is_size_over_gomaxprocs_plus_one),
		FX_TEST(test_the_61st_schedtick_takes_from_the_global_queue),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
