/*
 * test_runq_bare.c — the run queues (engine/runtime/runq.c) called directly on
 * bare Ps, as the Go runtime's export_test.go does (RunSchedLocalQueueTest,
 * RunSchedLocalQueueStealTest): no scenario, no event loop, only runqput,
 * runqget, runqsteal, globrunqput and globrunqget on an engine's start state
 * (bare_engine.h). test_runq.c shows the same rules through scenarios.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "bare_engine.h"
#include "engine_fixture.h"
#include "runq.h"

static gmp_engine *cur;   /* the test's engine, freed by the teardown */

static gmp_engine *bare(int gomaxprocs)
{
	cur = bare_new(gomaxprocs);
	return cur;
}

static int teardown(void **state)
{
	(void)state;
	engine_free(cur);
	cur = NULL;
	return 0;
}

#define BARE_TEST(t) cmocka_unit_test_teardown(t, teardown)

/* make_gs creates n goroutines that no queue holds */
static void make_gs(gmp_engine *e, int32_t *gs, int n)
{
	for (int i = 0; i < n; i++)
		gs[i] = bare_g(e);
}

/* last_event is the newest event the engine emitted */
static const gmp_event *last_event(const gmp_engine *e)
{
	return &e->ring[(e->nevents - 1) % GMP_EVENT_RING];
}

/* RunSchedLocalQueueTest: for every length 0..256, what goes in comes out in
 * order, and the queue is empty before and after. The indices run on
 * (0+1+...+256 = 32896 puts): the ring wraps around many times. */
static void test_runqput_runqget_is_fifo_for_every_length_up_to_the_ring(void **state)
{
	(void)state;
	gmp_engine *e = bare(1);
	p_t *pp = P(e, 0);
	int32_t gs[RUNQ_SIZE];
	make_gs(e, gs, RUNQ_SIZE);
	for (int i = 0; i <= RUNQ_SIZE; i++) {
		bool inherit = true;
		assert_eq(runqget(e, pp, &inherit), NIL);
		assert_eq(inherit, false);
		for (int j = 0; j < i; j++)
			runqput(e, pp, gs[j], false);
		assert_eq(runqlen(pp), i);
		for (int j = 0; j < i; j++) {
			assert_eq(runqget(e, pp, &inherit), gs[j]);
			assert_eq(inherit, false);
		}
		assert_eq(runqget(e, pp, &inherit), NIL);
		assert_true(runqempty(pp));
	}
	assert_eq(pp->runqhead, 32896);
	assert_eq(pp->runqtail, 32896);
	assert_eq(e->runqsize, 0);
	assert_eq(e->mt.overflows, 0);
}

static void test_runqput_marks_the_g_runnable_since_now(void **state)
{
	(void)state;
	gmp_engine *e = bare(1);
	int32_t a = bare_g(e);
	assert_eq(G(e, a)->status, G_IDLE);
	assert_eq(G(e, a)->runnable_since, -1);
	int before = e->gcount[G_RUNNABLE];
	runqput(e, P(e, 0), a, false);
	assert_eq(G(e, a)->status, G_RUNNABLE);
	assert_eq(G(e, a)->runnable_since, 0);
	assert_eq(e->gcount[G_RUNNABLE], before + 1);
}

/* runnext: the G put with next runs first and inherits the time slice */
static void test_runnext_comes_first_and_inherits_the_time_slice(void **state)
{
	(void)state;
	gmp_engine *e = bare(1);
	p_t *pp = P(e, 0);
	int32_t g[3];
	make_gs(e, g, 3);
	runqput(e, pp, g[0], false);
	runqput(e, pp, g[1], false);
	runqput(e, pp, g[2], true);
	assert_eq(pp->runnext, g[2]);
	assert_eq(runqlen(pp), 2);
	bool inherit = false;
	assert_eq(runqget(e, pp, &inherit), g[2]);
	assert_eq(inherit, true);
	assert_eq(runqget(e, pp, &inherit), g[0]);
	assert_eq(inherit, false);
	assert_eq(runqget(e, pp, &inherit), g[1]);
	assert_eq(inherit, false);
	assert_eq(runqget(e, pp, &inherit), NIL);
}

static void test_runqput_next_kicks_the_old_runnext_to_the_ring_tail(void **state)
{
	(void)state;
	gmp_engine *e = bare(1);
	p_t *pp = P(e, 0);
	int32_t g[3];
	make_gs(e, g, 3);
	runqput(e, pp, g[0], false);
	runqput(e, pp, g[1], true);
	runqput(e, pp, g[2], true);
	assert_eq(pp->runnext, g[2]);
	assert_eq(runqlen(pp), 2);
	assert_eq(pp->runq[pp->runqhead % RUNQ_SIZE], g[0]);
	assert_eq(pp->runq[(pp->runqhead + 1) % RUNQ_SIZE], g[1]);
}

/* runqputslow: a put on a full ring moves the ring's older half (128) and
 * the newcomer to the global queue, in that order, in one batch. */
static void test_a_put_on_a_full_ring_moves_128_plus_the_newcomer_to_the_global_queue(void **state)
{
	(void)state;
	gmp_engine *e = bare(1);
	p_t *pp = P(e, 0);
	int32_t gs[RUNQ_SIZE + 2];
	make_gs(e, gs, RUNQ_SIZE + 2);
	for (int i = 0; i < RUNQ_SIZE; i++)
		runqput(e, pp, gs[i], false);
	assert_eq(runqlen(pp), 256);
	assert_eq(e->runqsize, 0);

	runqput(e, pp, gs[256], false);
	assert_eq(runqlen(pp), 128);
	assert_eq(e->runqsize, 129);
	assert_eq(e->mt.overflows, 1);
	const gmp_event *ev = last_event(e);
	assert_eq(ev->kind, EV_OVERFLOW);
	assert_eq(ev->n, 129);
	assert_eq(ev->g, G(e, gs[256])->goid);
	int32_t q[RUNQ_SIZE];
	assert_eq(bare_globrunq(e, q, RUNQ_SIZE), 129);
	for (int i = 0; i < 128; i++)
		assert_eq(q[i], gs[i]);
	assert_eq(q[128], gs[256]);
	for (int i = 0; i < 128; i++)
		assert_eq(pp->runq[(pp->runqhead + (uint32_t)i) % RUNQ_SIZE], gs[128 + i]);

	/* the next put finds room again */
	runqput(e, pp, gs[257], false);
	assert_eq(runqlen(pp), 129);
	assert_eq(e->runqsize, 129);
	assert_eq(e->mt.overflows, 1);
}

/* with a full ring, runqput(next) overflows the runnext it kicks out */
static void test_a_kicked_runnext_overflows_a_full_ring(void **state)
{
	(void)state;
	gmp_engine *e = bare(1);
	p_t *pp = P(e, 0);
	int32_t gs[RUNQ_SIZE + 2];
	make_gs(e, gs, RUNQ_SIZE + 2);
	for (int i = 0; i < RUNQ_SIZE; i++)
		runqput(e, pp, gs[i], false);
	runqput(e, pp, gs[256], true);    /* runnext: no overflow yet */
	assert_eq(e->runqsize, 0);
	runqput(e, pp, gs[257], true);    /* kicks gs[256] into the full ring */
	assert_eq(pp->runnext, gs[257]);
	assert_eq(runqlen(pp), 128);
	int32_t q[RUNQ_SIZE];
	assert_eq(bare_globrunq(e, q, RUNQ_SIZE), 129);
	assert_eq(q[0], gs[0]);
	assert_eq(q[127], gs[127]);
	assert_eq(q[128], gs[256]);
}

/* RunSchedLocalQueueStealTest: for every length 0..256 the thief takes
 * n - n/2 (the older half, rounded up), runs the last one it grabbed and
 * keeps the others in its ring in order; every G ends in exactly one place. */
static void test_runqsteal_takes_half_rounded_up_for_every_length(void **state)
{
	(void)state;
	gmp_engine *e = bare(2);
	p_t *thief = P(e, 0), *victim = P(e, 1);
	int32_t gs[RUNQ_SIZE];
	make_gs(e, gs, RUNQ_SIZE);
	for (int i = 0; i <= RUNQ_SIZE; i++) {
		for (int j = 0; j < i; j++)
			runqput(e, victim, gs[j], false);
		int n = -1;
		int32_t got = runqsteal(e, thief, victim, true, &n);
		int take = i - i / 2;
		assert_eq(n, take);
		if (i == 0) {
			assert_eq(got, NIL);
			continue;
		}
		assert_eq(got, gs[take - 1]);
		assert_eq(runqlen(thief), take - 1);
		assert_eq(runqlen(victim), i - take);
		bool inherit;
		for (int j = 0; j < take - 1; j++)
			assert_eq(runqget(e, thief, &inherit), gs[j]);
		for (int j = take; j < i; j++)
			assert_eq(runqget(e, victim, &inherit), gs[j]);
		assert_true(runqempty(thief));
		assert_true(runqempty(victim));
	}
}

/* runnext is stolen only on the pass that allows it, and only from a victim
 * whose ring is empty */
static void test_runqsteal_takes_runnext_only_when_allowed_and_the_ring_is_empty(void **state)
{
	(void)state;
	gmp_engine *e = bare(2);
	p_t *thief = P(e, 0), *victim = P(e, 1);
	int32_t g[4];
	make_gs(e, g, 4);
	runqput(e, victim, g[0], true);
	int n = -1;
	assert_eq(runqsteal(e, thief, victim, false, &n), NIL);
	assert_eq(n, 0);
	assert_eq(victim->runnext, g[0]);
	assert_eq(runqsteal(e, thief, victim, true, &n), g[0]);
	assert_eq(n, 1);
	assert_eq(victim->runnext, NIL);

	/* a ring [g1 g2 g3] beside runnext g0: half the ring, runnext stays */
	runqput(e, victim, g[1], false);
	runqput(e, victim, g[2], false);
	runqput(e, victim, g[3], false);
	runqput(e, victim, g[0], true);
	assert_eq(runqsteal(e, thief, victim, true, &n), g[2]);
	assert_eq(n, 2);
	assert_eq(runqlen(thief), 1);
	assert_eq(thief->runq[thief->runqhead % RUNQ_SIZE], g[1]);
	assert_eq(runqlen(victim), 1);
	assert_eq(victim->runq[victim->runqhead % RUNQ_SIZE], g[3]);
	assert_eq(victim->runnext, g[0]);
}

/* fill_global puts n new goroutines on the global queue, gs[0] at the head */
static void fill_global(gmp_engine *e, int32_t *gs, int n)
{
	make_gs(e, gs, n);
	for (int i = 0; i < n; i++)
		globrunqput(e, gs[i]);
	assert_eq(e->runqsize, n);
}

static void test_globrunqputhead_puts_at_the_head(void **state)
{
	(void)state;
	gmp_engine *e = bare(1);
	int32_t g[2];
	fill_global(e, g, 2);
	int32_t c = bare_g(e);
	globrunqputhead(e, c);
	int32_t q[3];
	assert_eq(bare_globrunq(e, q, 3), 3);
	assert_eq(q[0], c);
	assert_eq(q[1], g[0]);
	assert_eq(q[2], g[1]);
	assert_eq(e->runqsize, 3);
	assert_eq(G(e, c)->status, G_RUNNABLE);
}

/* the 1-in-61 fairness check takes one G, no batch */
static void test_globrunqget_without_batch_takes_one(void **state)
{
	(void)state;
	gmp_engine *e = bare(4);
	int32_t g[10];
	fill_global(e, g, 10);
	assert_eq(globrunqget(e, P(e, 0), false), g[0]);
	assert_eq(e->runqsize, 9);
	assert_eq(runqlen(P(e, 0)), 0);
}

/* globrunqget's batch: n = min(size, size/gomaxprocs + 1, 256/2). The first
 * G is returned; the rest go to the P's ring in queue order. */
static void check_batch(int gomaxprocs, int size, int want)
{
	gmp_engine *e = bare(gomaxprocs);
	p_t *pp = P(e, 0);
	int32_t gs[300];
	fill_global(e, gs, size);
	uint64_t nev = e->nevents;
	assert_eq(globrunqget(e, pp, true), gs[0]);
	assert_eq(runqlen(pp), want - 1);
	assert_eq(e->runqsize, size - want);
	bool inherit;
	for (int i = 1; i < want; i++)
		assert_eq(runqget(e, pp, &inherit), gs[i]);
	if (size > want)
		assert_eq(e->runq_head, gs[want]);
	if (want > 1) {   /* a batch is an event; a single G is not */
		assert_eq(e->nevents, nev + 1);
		assert_eq(last_event(e)->kind, EV_GLOBRUNQGET);
		assert_eq(last_event(e)->n, want);
	} else {
		assert_eq(e->nevents, nev);
	}
	engine_free(e);
	cur = NULL;
}

static void test_globrunqget_batch_is_size_over_gomaxprocs_plus_one_capped(void **state)
{
	(void)state;
	check_batch(4, 10, 3);      /* 10/4 + 1 */
	check_batch(4, 3, 1);       /* 3/4 + 1 */
	check_batch(1, 5, 5);       /* 5/1 + 1 = 6, but only 5 are there */
	check_batch(2, 9, 5);       /* 9/2 + 1 */
	check_batch(2, 300, 128);   /* 300/2 + 1 = 151: half the ring at most */
	check_batch(1, 1, 1);
}

static void test_globrunqget_on_an_empty_queue_returns_nil(void **state)
{
	(void)state;
	gmp_engine *e = bare(2);
	assert_eq(globrunqget(e, P(e, 0), true), NIL);
	assert_eq(globrunqget(e, P(e, 0), false), NIL);
	assert_eq(runqlen(P(e, 0)), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		BARE_TEST(test_runqput_runqget_is_fifo_for_every_length_up_to_the_ring),
		BARE_TEST(test_runqput_marks_the_g_runnable_since_now),
		BARE_TEST(test_runnext_comes_first_and_inherits_the_time_slice),
		BARE_TEST(test_runqput_next_kicks_the_old_runnext_to_the_ring_tail),
		BARE_TEST(test_a_put_on_a_full_ring_moves_128_plus_the_newcomer_to_the_global_queue),
		BARE_TEST(test_a_kicked_runnext_overflows_a_full_ring),
		BARE_TEST(test_runqsteal_takes_half_rounded_up_for_every_length),
		BARE_TEST(test_runqsteal_takes_runnext_only_when_allowed_and_the_ring_is_empty),
		BARE_TEST(test_globrunqputhead_puts_at_the_head),
		BARE_TEST(test_globrunqget_without_batch_takes_one),
		BARE_TEST(test_globrunqget_batch_is_size_over_gomaxprocs_plus_one_capped),
		BARE_TEST(test_globrunqget_on_an_empty_queue_returns_nil),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
