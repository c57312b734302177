/*
 * test_syscall.c — syscalls, cgo, the disk and the netpoller
 * (engine/runtime/syscall.c): exitsyscall's fast path (the old P is still there),
 * its idle-P and slow paths, a netpoll wait that parks its goroutine without
 * holding an M, the disk's queue depth, and short cgo calls keeping their P
 * (reference §5).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>

#include "engine_fixture.h"

static void test_exitsyscall_fast_path_takes_the_old_p_back(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 2\nhorizon 100ms\n"
	                 "variant bug\n"
	                 "  func main\n"
	                 "    syscall 1ms\n"
	                 "    print \"back\"\n", "bug");
	fx_run(f);
	const gmp_event *in = assert_found(fx_find(f, EV_SYSCALL_ENTER, 0));
	const gmp_event *out = assert_found(fx_find(f, EV_SYSCALL_EXIT, 0));
	assert_eq(out->aux2, EXITSYSCALL_FAST);
	assert_eq(out->p, 0);
	assert_eq(out->m, 0);
	assert_eq(out->t - in->t, 1 * MS + 100);
	assert_event_count(f, EV_RETAKE, 0);
	assert_caption(out, "G1's syscall returns: M0 takes P0 back (fast path)");
	assert_metric(f, "syscalls", 1);
}

/* The P was retaken and is busy: no P free, so the G goes to the global
 * queue and the M parks (exitsyscall0). */
static void test_exitsyscall_slow_path_queues_the_g_globally_and_parks_the_m(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 1\nhorizon 100ms\n"
	                 "variant bug\n"
	                 "  func main\n"
	                 "    go w\n"
	                 "    syscall 1ms\n"
	                 "    print \"back\"\n"
	                 "  func w\n"
	                 "    work 5ms\n", "bug");
	fx_run_until(f, 2 * MS);
	const gmp_event *out = assert_found(fx_find(f, EV_SYSCALL_EXIT, 0));
	assert_eq(out->aux2, EXITSYSCALL_NO_P);
	assert_eq(out->p, -1);
	const gmp_event *st = assert_found(fx_find_after(f, EV_STOPM, out->seq));
	assert_eq(st->m, 0);
	assert_eq(st->t, out->t);
	assert_eq(engine_globrunq_size(f->e), 1);
	gmp_gview g;
	assert_true(fx_g(f, 1, &g));
	assert_eq(g.status, G_RUNNABLE);
	assert_eq(fx_m(f, 0).state, M_IDLE);
	/* main runs again when w is done, on w's M (M3: the idle list's
	 * head, the newest of start-up's two idle Ms) */
	fx_run(f);
	const gmp_event *x = assert_found(fx_find_g(f, EV_EXECUTE, 1, 0));
	assert_eq(x->m, 3);
	assert_event_count(f, EV_PRINT, 1);
}

/* The old P was retaken and went idle: exitsyscall takes any idle P. */
static void test_exitsyscall_takes_an_idle_p_when_its_own_was_retaken(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 2\nhorizon 100ms\n"
	                 "variant bug\n"
	                 "  func main\n"
	                 "    syscall 30ms\n", "bug");
	fx_run(f);
	assert_event_count(f, EV_RETAKE, 1);
	const gmp_event *out = assert_found(fx_find(f, EV_SYSCALL_EXIT, 0));
	assert_eq(out->aux2, EXITSYSCALL_IDLE_P);
	assert_true(out->p >= 0);
	assert_eq(engine_runstate(f->e), RUN_EXITED);
}

/* Acceptance: "a netpoll wait parking its G without holding an M". */
static void test_a_netpoll_wait_parks_its_g_without_holding_an_m(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 1\nhorizon 100ms\n"
	                 "variant bug\n"
	                 "  waitgroup wg\n"
	                 "  func main\n"
	                 "    repeat 50\n"
	                 "      add wg 1\n"
	                 "      go reader\n"
	                 "    wait wg\n"
	                 "  func reader\n"
	                 "    netwait 5ms\n"
	                 "    done wg\n", "bug");
	fx_run_until(f, 3 * MS);
	assert_eq(engine_g_wait_count(f->e, WAIT_IO), 50);
	gmp_gview g;
	assert_true(fx_g(f, 6, &g));
	assert_eq(g.status, G_WAITING);
	assert_eq(g.wait, WAIT_IO);
	assert_eq(g.m, -1);
	/* the one M blocks in netpoll for all of them */
	assert_eq(fx_m(f, 0).state, M_NETPOLL);
	assert_metric(f, "threads", 4);   /* m0, sysmon, start-up's two idle Ms */
	fx_run(f);
	assert_eq(engine_runstate(f->e), RUN_EXITED);
	assert_metric(f, "threads_created", 4);   /* none after start-up */
	assert_event_count(f, EV_SYSCALL_ENTER, 0);
	const gmp_event *np = assert_found(fx_find(f, EV_NETPOLL, 0));
	assert_between(np->t, 5 * MS, 5 * MS + 100 * US);
}

/* The same readers with blocking syscalls hold a thread each. */
static void test_blocking_syscalls_hold_a_thread_each(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 1\nhorizon 100ms\n"
	                 "variant bug\n"
	                 "  waitgroup wg\n"
	                 "  func main\n"
	                 "    repeat 10\n"
	                 "      add wg 1\n"
	                 "      go reader\n"
	                 "    wait wg\n"
	                 "  func reader\n"
	                 "    syscall 5ms\n"
	                 "    done wg\n", "bug");
	fx_run_until(f, 4 * MS);
	assert_eq(engine_g_count(f->e, G_SYSCALL), 10);
	assert_metric_between(f, "threads", 10 + 1, 10 + 3);
	fx_run(f);
	assert_eq(engine_runstate(f->e), RUN_EXITED);
}

/* The disk serves diskdepth requests at once; the rest queue. */
static void test_file_reads_queue_on_the_disk_beyond_its_depth(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 4\nhorizon 100ms\ndiskdepth 2\n"
	                 "variant bug\n"
	                 "  waitgroup wg\n"
	                 "  func main\n"
	                 "    repeat 4\n"
	                 "      add wg 1\n"
	                 "      go r\n"
	                 "    wait wg\n"
	                 "  func r\n"
	                 "    fileread 1ms\n"
	                 "    done wg\n", "bug");
	fx_run(f);
	assert_event_count(f, EV_SYSCALL_EXIT, 4);
	/* two finish 1ms after they were submitted, two 1ms after a slot frees */
	int64_t in[4], out[4];
	for (int i = 0; i < 4; i++) {
		in[i] = fx_find(f, EV_SYSCALL_ENTER, i)->t;
		out[i] = fx_find(f, EV_SYSCALL_EXIT, i)->t;
	}
	assert_between(out[0] - in[0], 1 * MS, 1 * MS + 1 * US);
	assert_between(out[1] - in[1], 1 * MS, 1 * MS + 1 * US);
	assert_between(out[2], 2 * MS, 2 * MS + 100 * US);
	assert_between(out[3], 2 * MS, 2 * MS + 200 * US);
	assert_true(out[2] - in[2] > 1 * MS + 800 * US);
}

/* reference §12: "a short call causes no P hand-off and no new thread" */
static void test_a_short_cgo_call_keeps_its_p(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 1\nhorizon 100ms\n"
	                 "variant bug\n"
	                 "  func main\n"
	                 "    go w\n"
	                 "    repeat 100\n"
	                 "      cgo 10us\n"
	                 "      cgo 35ns\n"
	                 "  func w\n"
	                 "    work 10us\n", "bug");
	fx_run(f);
	assert_metric(f, "cgocalls", 200);
	assert_event_count(f, EV_HANDOFF, 0);
	assert_event_count(f, EV_RETAKE, 0);
	assert_metric(f, "threads_created", 4);   /* m0, sysmon, start-up's two */
	/* a 10us call is a syscall to the scheduler; a 35ns one never leaves */
	assert_event_count(f, EV_SYSCALL_ENTER, 100);
	assert_eq(fx_find(f, EV_SYSCALL_ENTER, 0)->aux2, SYSCALL_CGO);
}

/* A long C call is a syscall: with work queued, its P is retaken. */
static void test_a_long_cgo_call_loses_its_p_like_a_syscall(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 1\nhorizon 100ms\n"
	                 "variant bug\n"
	                 "  func main\n"
	                 "    go w\n"
	                 "    cgo 5ms\n"
	                 "  func w\n"
	                 "    work 10us\n", "bug");
	fx_run_until(f, 1 * MS);
	assert_event_count(f, EV_RETAKE, 1);
	assert_eq(fx_m(f, 0).state, M_CGO);
	const gmp_event *x = assert_found(fx_find_g(f, EV_EXECUTE, 6, 0));
	assert_eq(x->m, 3);   /* the idle list's head: start-up's M3 */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_exitsyscall_fast_path_takes_the_old_p_back),
		FX_TEST(test_exitsyscall_slow_path_queues_the_g_globally_and_parks_the_m),
		FX_TEST(test_exitsyscall_takes_an_idle_p_when_its_own_was_retaken),
		FX_TEST(test_a_netpoll_wait_parks_its_g_without_holding_an_m),
		FX_TEST(test_blocking_syscalls_hold_a_thread_each),
		FX_TEST(test_file_reads_queue_on_the_disk_beyond_its_depth),
		FX_TEST(test_a_short_cgo_call_keeps_its_p),
		FX_TEST(test_a_long_cgo_call_loses_its_p_like_a_syscall),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
