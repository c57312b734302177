/*
 * test_sync.c — sync.Mutex and sync.WaitGroup (engine/runtime/sema.c): Unlock
 * readies the first waiter into the unlocker's runnext; TryLock fails while
 * the mutex is held; after a waiter waited more than 1 ms the mutex starves
 * and Unlock hands ownership straight to it (a barging TryLock fails);
 * WaitGroup's last Done releases every waiter (reference §8.3).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>

#include "engine_fixture.h"

/* main holds mu while w parks on it for `hold`; then main unlocks and at
 * once tries to take it back (a barging TryLock). */
static fx_t *barge(const char *hold)
{
	static char src[700];
	snprintf(src, sizeof src,
	         FX_HEAD "gomaxprocs 1\nhorizon 100ms\n"
	         "variant bug\n"
	         "  mutex mu\n"
	         "  counter barged\n"
	         "  counter failed\n"
	         "  counter wgot\n"
	         "  func main\n"
	         "    lock mu\n"
	         "    go w\n"
	         "    sleep %s\n"
	         "    unlock mu\n"
	         "    if trylock mu\n"
	         "      count barged\n"
	         "      print \"main\"\n"
	         "      unlock mu\n"
	         "    else\n"
	         "      count failed\n"
	         "    sleep 1ms\n"
	         "  func w\n"
	         "    lock mu\n"
	         "    count wgot\n"
	         "    print \"w\"\n"
	         "    unlock mu\n", hold);
	return fx_new(src, "bug");
}

static void test_unlock_readies_the_waiter_into_the_unlockers_runnext(void **state)
{
	(void)state;
	fx_t *f = barge("100us");
	fx_run_until(f, 50 * US);
	gmp_gview g;
	assert_true(fx_g(f, 6, &g));
	assert_eq(g.status, G_WAITING);
	assert_eq(g.wait, WAIT_MUTEX);
	fx_run(f);
	const gmp_event *rd = assert_found(fx_find_g(f, EV_READY, 6, 0));
	assert_eq(rd->p, 0);
	assert_metric(f, "completed.wgot", 1);
	assert_eq(engine_runstate(f->e), RUN_EXITED);
}

/* normal mode: a woken waiter competes; the unlocker barges in first and
 * the waiter gets the mutex only after it */
static void test_in_normal_mode_a_barging_trylock_wins(void **state)
{
	(void)state;
	fx_t *f = barge("100us");
	fx_run(f);
	assert_metric(f, "completed.barged", 1);
	assert_metric(f, "completed.failed", 0);
	assert_metric(f, "completed.wgot", 1);
	assert_eq(assert_found(fx_find(f, EV_PRINT, 0))->g, 1);
	assert_eq(assert_found(fx_find(f, EV_PRINT, 1))->g, 6);
}

/* starvation: the waiter waited 2ms > 1ms, Unlock hands it the mutex and
 * it runs at once; main's TryLock comes after the waiter is done */
static void test_after_1ms_of_waiting_unlock_hands_the_mutex_over(void **state)
{
	(void)state;
	fx_t *f = barge("2ms");
	fx_run(f);
	assert_metric(f, "completed.wgot", 1);
	assert_eq(assert_found(fx_find(f, EV_PRINT, 0))->g, 6);
	assert_eq(assert_found(fx_find(f, EV_PRINT, 1))->g, 1);
	assert_metric(f, "completed.barged", 1);
}

/* Go 1.24 sync/mutex.go (reference §8.3): in starvation mode semrelease
 * puts the waiter in runnext and the unlocker yields (goyield): the waiter
 * runs at once with the rest of the time slice. */
static void test_a_starving_unlock_yields_to_the_waiter(void **state)
{
	(void)state;
	fx_t *f = barge("2ms");
	fx_run(f);
	const gmp_event *rd = assert_found(fx_find_g(f, EV_READY, 6, 0));
	const gmp_event *x = assert_found(fx_find_after(f, EV_EXECUTE, rd->seq));
	const gmp_event *park = fx_find_after(f, EV_PARK, rd->seq);
	/* regression (fixed in d7e1cb6): the unlocker kept running until its
	 * sleep parked it */
	assert_true(park == NULL || park->seq > x->seq);
	assert_eq(x->g, 6);
	assert_eq(x->aux2, EXEC_INHERIT);
}

static void test_trylock_fails_while_the_mutex_is_held(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 2\nhorizon 100ms\n"
	                 "variant bug\n"
	                 "  mutex mu\n"
	                 "  counter ok\n"
	                 "  counter no\n"
	                 "  func main\n"
	                 "    lock mu\n"
	                 "    repeat 5\n"
	                 "      if trylock mu\n"
	                 "        count ok\n"
	                 "      else\n"
	                 "        count no\n"
	                 "    unlock mu\n"
	                 "    if trylock mu\n"
	                 "      count ok\n", "bug");
	fx_run(f);
	assert_metric(f, "completed.no", 5);
	assert_metric(f, "completed.ok", 1);
	assert_event_count(f, EV_PARK, 0);
}

static void test_unlock_of_an_unlocked_mutex_is_fatal(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "variant bug\n"
	                 "  mutex mu\n"
	                 "  func main\n"
	                 "    unlock mu\n", "bug");
	fx_run(f);
	assert_fatal(f, "fatal error: sync: unlock of unlocked mutex");
}

static void test_the_last_done_releases_every_waiter_into_runnext(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 1\nhorizon 100ms\n"
	                 "variant bug\n"
	                 "  waitgroup wg\n"
	                 "  func main\n"
	                 "    add wg 2\n"
	                 "    go waiter\n"
	                 "    go worker\n"
	                 "    go worker\n"
	                 "    wait wg\n"
	                 "    print \"main released\"\n"
	                 "  func waiter\n"
	                 "    wait wg\n"
	                 "  func worker\n"
	                 "    work 1ms\n"
	                 "    done wg\n", "bug");
	fx_run(f);
	assert_eq(engine_runstate(f->e), RUN_EXITED);
	assert_eq(assert_found(fx_find(f, EV_PARK, 0))->aux2, WAIT_WAITGROUP);
	/* both waiters are readied by the second Done, at the same instant */
	const gmp_event *a = assert_found(fx_find_g(f, EV_READY, 1, 0));
	const gmp_event *b = assert_found(fx_find_g(f, EV_READY, 6, 0));
	assert_eq(a->t, b->t);
	assert_eq(a->p, 0);
	assert_between(a->t, 2 * MS, 2 * MS + 10 * US);
	assert_event_count(f, EV_PRINT, 1);
}

static void test_a_negative_waitgroup_counter_panics(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "variant bug\n"
	                 "  waitgroup wg\n"
	                 "  func main\n"
	                 "    done wg\n", "bug");
	fx_run(f);
	assert_fatal(f, "panic: sync: negative WaitGroup counter");
}

/* before Go 1.24 the wait reason was "semacquire" (reference §7) */
static void test_waitgroup_wait_reason_by_go_version(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "go 1.22\n"
	                 "variant bug\n"
	                 "  waitgroup wg\n"
	                 "  func main\n"
	                 "    add wg 1\n"
	                 "    wait wg\n", "bug");
	fx_run(f);
	assert_eq(assert_found(fx_find(f, EV_PARK, 0))->aux2, WAIT_SEMACQUIRE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_unlock_readies_the_waiter_into_the_unlockers_runnext),
		FX_TEST(test_in_normal_mode_a_barging_trylock_wins),
		FX_TEST(test_after_1ms_of_waiting_unlock_hands_the_mutex_over),
		FX_TEST(test_a_starving_unlock_yields_to_the_waiter),
		FX_TEST(test_trylock_fails_while_the_mutex_is_held),
		FX_TEST(test_unlock_of_an_unlocked_mutex_is_fatal),
		FX_TEST(test_the_last_done_releases_every_waiter_into_runnext),
		FX_TEST(test_a_negative_waitgroup_counter_panics),
		FX_TEST(test_waitgroup_wait_reason_by_go_version),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
