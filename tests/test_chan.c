/*
 * test_chan.c — channels and select (engine/runtime/chan.c): a send to a parked
 * receiver hands the value over and readies the receiver into the sender's
 * P runnext; a full buffer parks the sender on sendq; close readies every
 * waiter; select with default never parks; select's choice among ready cases
 * comes from the seeded PRNG; out-of-order receives are counted
 * (reference §8.1, §8.2).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>

#include "engine_fixture.h"

static void test_unbuffered_send_readies_the_parked_receiver_into_the_senders_runnext(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 1\nhorizon 100ms\n"
	                 "variant bug\n"
	                 "  chan c\n"
	                 "  func main\n"
	                 "    go r\n"
	                 "    sleep 100us\n"
	                 "    send c\n"
	                 "    work 1ms\n"
	                 "  func r\n"
	                 "    recv c\n"
	                 "    print \"got\"\n", "bug");
	fx_run_until(f, 90 * US);
	gmp_gview g;
	assert_true(fx_g(f, 6, &g));
	assert_eq(g.status, G_WAITING);
	assert_eq(g.wait, WAIT_CHAN_RECV);
	fx_run_until(f, 500 * US);
	const gmp_event *rd = assert_found(fx_find_g(f, EV_READY, 6, 0));
	assert_eq(rd->p, 0);
	assert_caption(rd, "G6 (r) is runnable again: into P0's runnext");
	/* main goes on computing; the receiver waits in runnext */
	assert_runq(f, 0, 6, 0);
	assert_eq(fx_p(f, 0).curg, 1);
	assert_true(fx_g(f, 6, &g));
	assert_eq(g.status, G_RUNNABLE);
}

static void test_a_full_buffer_parks_the_sender_on_sendq(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 1\nhorizon 100ms\n"
	                 "variant bug\n"
	                 "  chan c 2\n"
	                 "  func main\n"
	                 "    go s\n"
	                 "    go s\n"
	                 "    go s\n"
	                 "    sleep 1ms\n"
	                 "    recv c\n"
	                 "    work 1ms\n"
	                 "  func s\n"
	                 "    send c\n", "bug");
	fx_run_until(f, 500 * US);
	assert_eq(engine_g_wait_count(f->e, WAIT_CHAN_SEND), 1);
	assert_metric(f, "sendq_peak.c", 1);
	assert_event_count(f, EV_GOEXIT, 2);
	/* a receive takes the head and moves the parked sender's item in */
	fx_run_until(f, 1500 * US);
	assert_eq(engine_g_wait_count(f->e, WAIT_CHAN_SEND), 0);
	const gmp_event *rd = assert_found(fx_find(f, EV_READY, 1));
	assert_eq(rd->p, 0);
}

static void test_close_readies_every_waiter(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 1\nhorizon 100ms\n"
	                 "variant bug\n"
	                 "  chan c\n"
	                 "  func main\n"
	                 "    repeat 3\n"
	                 "      go r\n"
	                 "    sleep 100us\n"
	                 "    close c\n"
	                 "    sleep 1ms\n"
	                 "  func r\n"
	                 "    recv c\n", "bug");
	fx_run_until(f, 90 * US);
	assert_eq(engine_g_wait_count(f->e, WAIT_CHAN_RECV), 3);
	fx_run(f);
	assert_eq(engine_runstate(f->e), RUN_EXITED);
	int readied = 0;
	for (int i = 0; fx_find(f, EV_READY, i); i++)
		readied += fx_find(f, EV_READY, i)->g != 1;
	assert_eq(readied, 3);
	assert_event_count(f, EV_GOEXIT, 3);
}

static void test_send_on_a_closed_channel_panics(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 1\nhorizon 100ms\n"
	                 "variant bug\n"
	                 "  chan c 1\n"
	                 "  func main\n"
	                 "    close c\n"
	                 "    send c\n", "bug");
	fx_run(f);
	assert_fatal(f, "panic: send on closed channel");
}

static void test_select_with_default_never_parks(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 1\nhorizon 100ms\n"
	                 "variant bug\n"
	                 "  chan c\n"
	                 "  counter polls\n"
	                 "  func main\n"
	                 "    repeat 100\n"
	                 "      select\n"
	                 "        case recv c\n"
	                 "          print \"never\"\n"
	                 "        default\n"
	                 "          count polls\n", "bug");
	fx_run(f);
	assert_eq(engine_runstate(f->e), RUN_EXITED);
	assert_event_count(f, EV_PARK, 0);
	assert_event_count(f, EV_PRINT, 0);
	assert_metric(f, "completed.polls", 100);
}

static void test_select_without_cases_parks_forever(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 1\nhorizon 100ms\n"
	                 "variant bug\n"
	                 "  func main\n"
	                 "    select\n", "bug");
	fx_run(f);
	assert_fatal(f, "fatal error: all goroutines are asleep - deadlock!");
	assert_eq(assert_found(fx_find(f, EV_PARK, 0))->aux2, WAIT_SELECT_NOCASES);
}

/* select between two ready channels: which case runs comes from the seed */
static int select_choice(int seed)
{
	char src[600];
	snprintf(src, sizeof src,
	         FX_HEAD "gomaxprocs 1\nhorizon 100ms\nseed %d\n"
	         "variant bug\n"
	         "  chan a 1\n"
	         "  chan b 1\n"
	         "  counter gota\n"
	         "  counter gotb\n"
	         "  func main\n"
	         "    send a\n"
	         "    send b\n"
	         "    select\n"
	         "      case recv a\n"
	         "        count gota\n"
	         "      case recv b\n"
	         "        count gotb\n", seed);
	fx_t *f = fx_new(src, "bug");
	fx_run(f);
	int a = (int)fx_metric(f, "completed.gota"), b = (int)fx_metric(f, "completed.gotb");
	assert_eq(a + b, 1);
	fx_free(f);
	return a ? 'a' : 'b';
}

static void test_select_choice_follows_the_seeded_prng(void **state)
{
	(void)state;
	int first = select_choice(7);
	for (int i = 0; i < 5; i++)
		assert_eq(select_choice(7), first);
	int na = 0;
	for (int seed = 1; seed <= 64; seed++)
		na += select_choice(seed) == 'a';
	/* a fair coin over 64 seeds: both cases, roughly evenly */
	assert_between(na, 16, 48);
}

/* go f(i) for i in 0..3, each sending its i: with one P they run G5 (i=3)
 * first, then i = 0, 1, 2: three receives older than one already seen. */
static void test_reordered_counts_items_older_than_one_already_received(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 1\nhorizon 100ms\n"
	                 "variant bug\n"
	                 "  chan c 10\n"
	                 "  func main\n"
	                 "    repeat 4\n"
	                 "      go s\n"
	                 "    sleep 1ms\n"
	                 "    repeat 4\n"
	                 "      recv c\n"
	                 "  func s\n"
	                 "    send c\n", "bug");
	fx_run(f);
	assert_eq(engine_runstate(f->e), RUN_EXITED);
	assert_metric(f, "reordered", 3);
}

static void test_items_received_in_order_are_not_reordered(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 1\nhorizon 100ms\n"
	                 "variant bug\n"
	                 "  chan c 10\n"
	                 "  func main\n"
	                 "    repeat 10\n"
	                 "      send c\n"
	                 "    repeat 10\n"
	                 "      recv c\n", "bug");
	fx_run(f);
	assert_metric(f, "reordered", 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_unbuffered_send_readies_the_parked_receiver_into_the_senders_runnext),
		FX_TEST(test_a_full_buffer_parks_the_sender_on_sendq),
		FX_TEST(test_close_readies_every_waiter),
		FX_TEST(test_send_on_a_closed_channel_panics),
		FX_TEST(test_select_with_default_never_parks),
		FX_TEST(test_select_without_cases_parks_forever),
		FX_TEST(test_select_choice_follows_the_seeded_prng),
		FX_TEST(test_reordered_counts_items_older_than_one_already_received),
		FX_TEST(test_items_received_in_order_are_not_reordered),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
