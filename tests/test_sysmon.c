/*
 * test_sysmon.c — sysmon (engine/runtime/sysmon.c): its sleep back-off, retake's
 * 10 ms preemption of a long-running G (asynchronous with SIGURG from Go
 * 1.14, impossible for a call-free loop under Go 1.13), a foreign SIGURG
 * handler swallowing the one signal ever sent, and retake of a P whose G is
 * in a syscall (reference §4).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>

#include "engine_fixture.h"

/* one P: a call-free hog shares it with main, which sleeps 1ms */
static fx_t *hog(const char *go, bool foreign)
{
	static char src[512];
	snprintf(src, sizeof src,
	         FX_HEAD "gomaxprocs 1\nhorizon 60ms\ngo %s\n"
	         "variant bug\n"
	         "  func main\n"
	         "%s"
	         "    go spin\n"
	         "    sleep 1ms\n"
	         "    print \"main runs\"\n"
	         "  func spin\n"
	         "    work forever nocall\n", go, foreign ? "    sigurg foreign\n" : "");
	return fx_new(src, "bug");
}

static void test_a_call_free_loop_is_preempted_by_sigurg_10_to_20ms_into_its_slice_under_go114(void **state)
{
	(void)state;
	fx_t *f = hog("1.14", false);
	fx_run(f);
	assert_eq(engine_runstate(f->e), RUN_EXITED);
	const gmp_event *x = assert_found(fx_find_g(f, EV_EXECUTE, 6, 0));
	const gmp_event *req = assert_found(fx_find(f, EV_PREEMPT_REQ, 0));
	const gmp_event *sig = assert_found(fx_find(f, EV_SIGURG, 0));
	const gmp_event *pre = assert_found(fx_find(f, EV_PREEMPTED, 0));
	assert_eq(req->g, 6);
	assert_between(req->t - x->t, 10 * MS, 20 * MS);
	assert_eq(sig->t, req->t);
	assert_eq(sig->m, 0);
	assert_eq(pre->g, 6);
	assert_eq(pre->t - sig->t, 5 * US);           /* LAT_SIGNAL */
	/* the preempted G goes to the global queue; main's timer then fires */
	assert_eq(engine_globrunq_size(f->e), 1);
	const gmp_event *t = assert_found(fx_find(f, EV_TIMER_FIRED, 0));
	assert_true(t->t >= pre->t);
	assert_metric(f, "preempt_requests", 1);
	assert_metric(f, "preempted", 1);
	assert_metric(f, "preempt_signals", 1);
	assert_metric(f, "preempt_ignored", 0);
}

static void test_a_call_free_loop_ignores_preemption_under_go113(void **state)
{
	(void)state;
	fx_t *f = hog("1.13", false);
	fx_run(f);
	assert_eq(engine_runstate(f->e), RUN_HORIZON);
	assert_event_count(f, EV_PREEMPTED, 0);
	assert_event_count(f, EV_SIGURG, 0);
	assert_event_count(f, EV_PRINT, 0);       /* main never runs again */
	assert_event_count(f, EV_TIMER_FIRED, 0); /* the hogged P's timers never fire */
	/* sysmon asks at every 10 ms tick, in vain */
	assert_between(fx_count(f, EV_PREEMPT_REQ), 4, 6);
	assert_metric(f, "preempted", 0);
	assert_metric(f, "hung", 1);
	assert_eq(fx_metric(f, "preempt_ignored"), fx_metric(f, "preempt_requests"));
}

/* reference §12: "a foreign SIGURG handler: exactly one SIGURG delivered;
 * later requests are flags only (the M's pending-signal mark is never
 * cleared)". */
static void test_a_foreign_sigurg_handler_gets_exactly_one_signal(void **state)
{
	(void)state;
	fx_t *f = hog("1.25", true);
	fx_run(f);
	assert_eq(engine_runstate(f->e), RUN_HORIZON);
	assert_event_count(f, EV_SIGURG, 1);
	assert_event_count(f, EV_SIGURG_LOST, 1);
	assert_event_count(f, EV_PREEMPTED, 0);
	assert_true(fx_count(f, EV_PREEMPT_REQ) >= 4);
	assert_true(fx_m(f, 0).sigpending);
	assert_metric(f, "preempt_signals", 1);
	assert_metric(f, "preempt_signals_lost", 1);
	const gmp_event *l = fx_find(f, EV_SIGURG_LOST, 0);
	assert_caption(l, "SIGURG to M0 went to a foreign handler: G6 keeps running");
}

/* code with calls honours the request at its next call, without a signal
 * being needed, under Go 1.13 too */
static void test_code_with_calls_is_preempted_cooperatively_under_go113(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 1\nhorizon 60ms\ngo 1.13\n"
	                 "variant bug\n"
	                 "  func main\n"
	                 "    go spin\n"
	                 "    sleep 1ms\n"
	                 "    print \"main runs\"\n"
	                 "  func spin\n"
	                 "    work forever\n", "bug");
	fx_run(f);
	assert_eq(engine_runstate(f->e), RUN_EXITED);
	assert_event_count(f, EV_SIGURG, 0);
	const gmp_event *req = assert_found(fx_find(f, EV_PREEMPT_REQ, 0));
	const gmp_event *pre = assert_found(fx_find(f, EV_PREEMPTED, 0));
	assert_eq(pre->t, req->t);
	assert_event_count(f, EV_PRINT, 1);
}

/* sysmon sleeps 20 µs, and after 50 idle cycles doubles up to 10 ms */
static void test_sysmon_backs_off_from_20us_to_10ms(void **state)
{
	(void)state;
	fx_t *f = hog("1.13", false);
	fx_run_until(f, 500 * US);
	assert_eq(engine_sysmon_delay(f->e), 20 * US);
	fx_run_until(f, 50 * MS);
	assert_eq(engine_sysmon_delay(f->e), 10 * MS);
	/* 51 ticks of 20us, then 40us, 80us, ... */
	const gmp_event *a = fx_find(f, EV_SYSMON, 50);
	const gmp_event *b = fx_find(f, EV_SYSMON, 51);
	const gmp_event *c = fx_find(f, EV_SYSMON, 52);
	assert_eq(assert_found(a)->t, 51 * 20 * US);
	assert_eq(assert_found(b)->t - a->t, 40 * US);
	assert_eq(assert_found(c)->t - b->t, 80 * US);
}

/* Acceptance: "a syscall's P retaken and handed off". Work is queued on the
 * syscall's P, so sysmon retakes it at once and hands it to a new M. */
static void test_a_syscalls_p_is_retaken_and_handed_off_when_work_is_queued(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 1\nhorizon 100ms\n"
	                 "variant bug\n"
	                 "  func main\n"
	                 "    go w\n"
	                 "    syscall 5ms\n"
	                 "  func w\n"
	                 "    work 1ms\n", "bug");
	fx_run_until(f, 2 * MS);
	const gmp_event *sc = assert_found(fx_find(f, EV_SYSCALL_ENTER, 0));
	const gmp_event *r = assert_found(fx_find(f, EV_RETAKE, 0));
	const gmp_event *h = assert_found(fx_find(f, EV_HANDOFF, 0));
	assert_eq(r->p, 0);
	assert_eq(r->m, 0);
	assert_eq(r->g, 1);
	assert_between(r->t - sc->t, 0, 40 * US);
	assert_eq(h->p, 0);
	assert_eq(h->m, 3);   /* the idle list's head: start-up's M3 */
	assert_eq(h->t, r->t);
	const gmp_event *x = assert_found(fx_find_g(f, EV_EXECUTE, 6, 0));
	assert_eq(x->m, 3);
	assert_eq(x->p, 0);
	assert_caption(r, "sysmon retakes P0 from M0, blocked in a syscall with G1");
	assert_metric(f, "retakes", 1);
	assert_metric(f, "handoffs", 1);
	assert_metric(f, "threads_created", 4);   /* no clone: start-up's M3 */
}

/* Nothing queued and an idle P: the syscall keeps its P for 10 ms. */
static void test_an_idle_syscall_p_is_left_alone_for_10ms(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 2\nhorizon 100ms\n"
	                 "variant bug\n"
	                 "  func main\n"
	                 "    syscall 30ms\n", "bug");
	fx_run(f);
	const gmp_event *r = assert_found(fx_find(f, EV_RETAKE, 0));
	assert_between(r->t, 10 * MS, 13 * MS);
	assert_event_count(f, EV_RETAKE, 1);
}

/* handoffp step 7 (proc.go): the P handed off was the last running one and
 * nobody polls the network: startm, so that someone does. */
static void test_handoff_of_the_last_running_p_starts_an_m(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 2\nhorizon 100ms\n"
	                 "variant bug\n"
	                 "  func main\n"
	                 "    syscall 30ms\n", "bug");
	fx_run(f);
	const gmp_event *h = assert_found(fx_find(f, EV_HANDOFF, 0));
	/* proc.go's handoffp starts an M whenever npidle == gomaxprocs-1 &&
	 * lastpoll != 0 (the engine once also required netpoll waiters or
	 * timers; fixed) */
	assert_eq(h->m, 3);   /* start-up's idle M3, woken */
	assert_metric(f, "threads_created", 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_a_call_free_loop_is_preempted_by_sigurg_10_to_20ms_into_its_slice_under_go114),
		FX_TEST(test_a_call_free_loop_ignores_preemption_under_go113),
		FX_TEST(test_a_foreign_sigurg_handler_gets_exactly_one_signal),
		FX_TEST(test_code_with_calls_is_preempted_cooperatively_under_go113),
		FX_TEST(test_sysmon_backs_off_from_20us_to_10ms),
		FX_TEST(test_a_syscalls_p_is_retaken_and_handed_off_when_work_is_queued),
		FX_TEST(test_an_idle_syscall_p_is_left_alone_for_10ms),
		FX_TEST(test_handoff_of_the_last_running_p_starts_an_m),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
