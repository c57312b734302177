/*
 * test_lockthread.c — LockOSThread (engine/runtime/mthread.c): a goroutine that exits
 * while locked takes its thread with it (mexit), nesting counts, a locked G
 * that blocks parks its M (stoplockedm) and is handed back to that same M
 * when it is runnable again (startlockedm), and the template thread started
 * by the first LockOSThread (reference §6).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>

#include "engine_fixture.h"

/* two Ps: G2 is stolen by M2 and runs `body` there while main computes */
static fx_t *on_m2(const char *body)
{
	static char src[512];
	snprintf(src, sizeof src,
	         FX_HEAD "gomaxprocs 2\nhorizon 100ms\n"
	         "variant bug\n"
	         "  func main\n"
	         "    go s\n"
	         "    work 5ms\n"
	         "  func s\n"
	         "%s", body);
	return fx_new(src, "bug");
}

/* Acceptance: "a locked G's exit killing its M". */
static void test_a_locked_gs_exit_kills_its_m(void **state)
{
	(void)state;
	fx_t *f = on_m2("    lockosthread\n    work 100us\n");
	fx_run(f);
	const gmp_event *x = assert_found(fx_find(f, EV_GOEXIT, 0));
	const gmp_event *mx = assert_found(fx_find(f, EV_MEXIT, 0));
	assert_eq(x->g, 6);
	assert_eq(mx->m, 2);
	assert_eq(mx->t, x->t);
	assert_eq(fx_m(f, 2).state, M_DEAD);
	assert_eq(fx_m(f, 2).died, mx->t);
	/* its P goes on to another M */
	const gmp_event *h = assert_found(fx_find_after(f, EV_HANDOFF, mx->seq));
	assert_eq(h->p, 1);
	assert_metric(f, "threads_exited", 1);
	/* m0, sysmon, M2, the template thread, M2's successor */
	assert_metric(f, "threads_created", 5);
	assert_metric(f, "threads", 4);
}

static void test_the_mexit_caption_names_the_locked_goroutine(void **state)
{
	(void)state;
	fx_t *f = on_m2("    lockosthread\n    work 100us\n");
	fx_run(f);
	const gmp_event *mx = assert_found(fx_find(f, EV_MEXIT, 0));
	/* regression (fixed in d7e1cb6): mexit emitted g = -1, "M2 exits" */
	assert_eq(mx->g, 6);
	assert_caption(mx, "M2 exits: G6 returned while locked to it; the runtime cannot trust the thread");
}

static void test_unlocking_before_exit_keeps_the_thread(void **state)
{
	(void)state;
	fx_t *f = on_m2("    lockosthread\n    work 100us\n    unlockosthread\n");
	fx_run(f);
	assert_event_count(f, EV_MEXIT, 0);
	assert_metric(f, "threads_exited", 0);
}

/* LockOSThread nests: two locks need two unlocks. */
static void test_nested_locks_need_as_many_unlocks(void **state)
{
	(void)state;
	fx_t *f = on_m2("    lockosthread\n    lockosthread\n    unlockosthread\n    work 100us\n");
	fx_run(f);
	assert_event_count(f, EV_MEXIT, 1);
	fx_t *g = on_m2("    lockosthread\n    lockosthread\n    unlockosthread\n    unlockosthread\n    work 100us\n");
	fx_run(g);
	assert_event_count(g, EV_MEXIT, 0);
}

/* UnlockOSThread without a lock is a no-op. */
static void test_unlock_without_lock_is_a_no_op(void **state)
{
	(void)state;
	fx_t *f = on_m2("    unlockosthread\n    lockosthread\n    work 100us\n");
	fx_run(f);
	assert_event_count(f, EV_MEXIT, 1);
	assert_event_count(f, EV_LOCKED, 1);
}

/* A locked G that blocks parks its M (locked-idle) and hands its P off;
 * when it wakes, whoever finds it hands a P to its M: it always runs there. */
static void test_a_blocked_locked_g_is_handed_back_to_its_own_m(void **state)
{
	(void)state;
	fx_t *f = on_m2("    lockosthread\n"
	                "    repeat 3\n"
	                "      sleep 1ms\n"
	                "      work 10us\n"
	                "    unlockosthread\n");
	fx_run_until(f, 500 * US);
	assert_eq(fx_m(f, 2).state, M_LOCKED_IDLE);
	assert_eq(fx_m(f, 2).lockedg, 6);
	assert_eq(fx_m(f, 2).p, -1);
	fx_run(f);
	int n = fx_count_g(f, EV_EXECUTE, 6);
	assert_eq(n, 4);
	for (int i = 0; i < n; i++)
		assert_eq(fx_find_g(f, EV_EXECUTE, 6, i)->m, 2);
	/* each wake-up is a locked hand-off (startlockedm) */
	int handoffs = 0;
	for (int i = 0; fx_find(f, EV_LOCKED, i); i++)
		handoffs += fx_find(f, EV_LOCKED, i)->aux2 == LOCKED_HANDOFF;
	assert_eq(handoffs, 3);
	const gmp_event *l = NULL;
	for (int i = 0; (l = fx_find(f, EV_LOCKED, i)); i++)
		if (l->aux2 == LOCKED_HANDOFF)
			break;
	assert_eq(l->m, 2);
	assert_eq(l->g, 6);
}

/* The first LockOSThread starts the template thread (newmHandoff). */
static void test_the_first_lockosthread_starts_the_template_thread(void **state)
{
	(void)state;
	fx_t *f = on_m2("    lockosthread\n    unlockosthread\n    lockosthread\n    unlockosthread\n");
	fx_run(f);
	const gmp_event *lk = assert_found(fx_find(f, EV_LOCKED, 0));
	const gmp_event *nm = assert_found(fx_find(f, EV_NEWM, 3));
	assert_eq(nm->t, lk->t);
	assert_eq(nm->p, -1);
	assert_eq(fx_m(f, nm->m).state, M_IDLE);
	assert_metric(f, "threads_created", 4);
}

/* ...whichever thread it runs on: proc.go's LockOSThread has no exception
 * for the main thread. */
static void test_lockosthread_on_the_main_thread_starts_the_template_thread(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 1\nhorizon 100ms\n"
	                 "variant bug\n"
	                 "  func main\n"
	                 "    lockosthread\n"
	                 "    work 10us\n", "bug");
	fx_run(f);
	/* regression (fixed in d7e1cb6): m0 was skipped, threads_created 2 */
	assert_metric(f, "threads_created", 3);
}

/* m0 cannot exit: a locked main-thread goroutine's exit parks it instead. */
static void test_m0_does_not_exit_with_a_locked_goroutine(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 1\nhorizon 100ms\n"
	                 "variant bug\n"
	                 "  func main\n"
	                 "    go s\n"
	                 "    sleep 1ms\n"
	                 "    print \"main\"\n"
	                 "  func s\n"
	                 "    lockosthread\n", "bug");
	fx_run(f);
	assert_eq(engine_runstate(f->e), RUN_EXITED);
	assert_event_count(f, EV_PRINT, 1);
	assert_metric(f, "threads_exited", 0);
	/* main ran on a new M, P0 was handed off */
	const gmp_event *x = assert_found(fx_find_g(f, EV_EXECUTE, 1, 0));
	assert_true(x->m != 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_a_locked_gs_exit_kills_its_m),
		FX_TEST(test_the_mexit_caption_names_the_locked_goroutine),
		FX_TEST(test_unlocking_before_exit_keeps_the_thread),
		FX_TEST(test_nested_locks_need_as_many_unlocks),
		FX_TEST(test_unlock_without_lock_is_a_no_op),
		FX_TEST(test_a_blocked_locked_g_is_handed_back_to_its_own_m),
		FX_TEST(test_the_first_lockosthread_starts_the_template_thread),
		FX_TEST(test_lockosthread_on_the_main_thread_starts_the_template_thread),
		FX_TEST(test_m0_does_not_exit_with_a_locked_goroutine),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
