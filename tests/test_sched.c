/*
 * test_sched.c — schedule() and findRunnable() (engine/runtime/schedule.c): the order
 * findRunnable looks in, one spinning M per burst of work (wakep), idle Ms
 * reused before new ones are created (stopm/startm), and checkdead's two
 * fatal messages and what silences them (reference §3, §7).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>

#include "engine_fixture.h"
#include "costs.h"

/* findRunnable step 2 before step 7: a timer-readied G goes to runnext, so
 * it runs before the goroutines already waiting in the ring. */
static void test_expired_timers_run_before_the_local_queue(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 1\nhorizon 100ms\n"
	                 "variant bug\n"
	                 "  func main\n"
	                 "    go s\n"
	                 "    repeat 3\n"
	                 "      go w\n"
	                 "    sleep 10ms\n"
	                 "  func s\n"
	                 "    sleep 100us\n"
	                 "    print \"s\"\n"
	                 "  func w\n"
	                 "    work 1ms\n", "bug");
	fx_run(f);
	/* ring: s (G2), G3, G4; runnext G5. G5 runs 1ms, s sleeps, G3 runs
	 * 1ms; its timer is due since 100us: s runs before G4. */
	const gmp_event *t = assert_found(fx_find_g(f, EV_TIMER_FIRED, 6, 0));
	const gmp_event *s2 = assert_found(fx_find_g(f, EV_EXECUTE, 6, 1));
	const gmp_event *g3 = assert_found(fx_find_g(f, EV_GOEXIT, 7, 0));
	const gmp_event *g4 = assert_found(fx_find_g(f, EV_EXECUTE, 8, 0));
	assert_true(t->seq > g3->seq);
	assert_true(s2->seq < g4->seq);
	assert_eq(s2->aux2, EXEC_INHERIT);      /* from runnext */
}

/* wakep acts only when no M spins: a burst of spawns wakes one M. */
static void test_a_burst_of_spawns_wakes_one_spinning_m(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 4\nhorizon 100ms\n"
	                 "variant bug\n"
	                 "  func main\n"
	                 "    repeat 8\n"
	                 "      go w\n"
	                 "    work 5ms\n"
	                 "  func w\n"
	                 "    work 1ms\n", "bug");
	fx_run_until(f, 5 * US);
	assert_event_count(f, EV_SPAWN, 4);
	/* m0, sysmon and start-up's two idle Ms; the first spawn's wakep wakes
	 * the newest idle one, M3, for P1: one spinning M for the whole burst.
	 * M3 parked during the runtime's start-up, long before main: it takes
	 * the futex wake-up, LAT_FUTEX_WAKE, to run */
	assert_event_count(f, EV_NEWM, 4);
	assert_event_count(f, EV_STARTM, 1);
	const gmp_event *sm = fx_find(f, EV_STARTM, 0);
	assert_eq(sm->m, 3);
	assert_eq(sm->p, 1);
	/* then it steals half of P0's queue (runnext stays), and the spinning
	 * M that finds work wakes the next one (resetspinning), once
	 * schedule() is done with the steal */
	fx_run_until(f, 6 * US);
	const gmp_event *sp = assert_found(fx_find(f, EV_SPINNING, 0));
	assert_eq(sp->t, sm->t + LAT_FUTEX_WAKE);
	const gmp_event *st = assert_found(fx_find(f, EV_STEAL, 0));
	assert_eq(st->m, 3);
	assert_eq(st->n, 2);
	const gmp_event *nm = assert_found(fx_find(f, EV_STARTM, 1));
	assert_eq(nm->t, st->t + COST_RESETSPIN);
	assert_eq(nm->p, 2);
	assert_eq(nm->m, 2);
}

/* An M that parked on the idle list is woken (startm) before any new M is
 * created. */
static void test_startm_reuses_an_idle_m(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 2\nhorizon 100ms\n"
	                 "variant bug\n"
	                 "  func main\n"
	                 "    go w\n"
	                 "    work 2ms\n"
	                 "    go w\n"
	                 "    work 2ms\n"
	                 "  func w\n"
	                 "    work 100us\n", "bug");
	fx_run(f);
	assert_event_count(f, EV_NEWM, 4);   /* m0, sysmon, start-up's M2 and M3 */
	/* M3 ran the first w, parked after it (start-up's two parks are at 0) */
	const gmp_event *stop = NULL;
	for (int i = 0; (stop = fx_find(f, EV_STOPM, i)) && stop->t == 0; i++)
		;
	assert_non_null(stop);
	assert_eq(stop->m, 3);
	const gmp_event *start = assert_found(fx_find_after(f, EV_STARTM, stop->seq));
	assert_eq(start->m, 3);   /* the idle list is LIFO: M3 before M2 */
	assert_eq(start->p, 1);
	assert_true(start->t > 2 * MS);
	assert_eq(fx_find_g(f, EV_EXECUTE, 7, 0)->m, 3);
	assert_metric(f, "threads_created", 4);
}

/* Acceptance: "checkdead's message". Main blocks forever, nobody else is
 * left: the last M to park reports the deadlock. */
static void test_checkdead_reports_all_goroutines_asleep(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 2\nhorizon 100ms\n"
	                 "variant bug\n"
	                 "  chan c\n"
	                 "  func main\n"
	                 "    recv c\n", "bug");
	fx_run(f);
	assert_eq(engine_runstate(f->e), RUN_FATAL);
	assert_fatal(f, "fatal error: all goroutines are asleep - deadlock!");
	const gmp_event *d = assert_found(fx_find(f, EV_DEADLOCK, 0));
	assert_between(d->t, 0, 1 * US);
	assert_caption(d, "fatal error: all goroutines are asleep - deadlock!");
	assert_eq(engine_exit_code(f->e), 2);
	assert_metric(f, "deadlock", 1);
	assert_metric(f, "exit_code", 2);
}

static void test_checkdead_reports_main_goexit_with_no_goroutines(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 1\nhorizon 100ms\n"
	                 "variant bug\n"
	                 "  func main\n"
	                 "    go w\n"
	                 "    goexit\n"
	                 "  func w\n"
	                 "    work 3ms\n", "bug");
	fx_run(f);
	assert_fatal(f, "fatal error: no goroutines (main called runtime.Goexit) - deadlock!");
	/* the other goroutine still ran to the end first */
	const gmp_event *x = assert_found(fx_find_g(f, EV_GOEXIT, 6, 0));
	const gmp_event *d = assert_found(fx_find(f, EV_DEADLOCK, 0));
	assert_true(d->t >= x->t);
	assert_between(d->t, 3 * MS, 3 * MS + 10 * US);
}

/* A pending timer silences checkdead until it has fired. */
static void test_a_pending_timer_delays_checkdead(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 1\nhorizon 100ms\n"
	                 "variant bug\n"
	                 "  chan c\n"
	                 "  func main\n"
	                 "    go s\n"
	                 "    recv c\n"
	                 "  func s\n"
	                 "    sleep 5ms\n", "bug");
	fx_run(f);
	assert_fatal(f, "fatal error: all goroutines are asleep - deadlock!");
	assert_between(assert_found(fx_find(f, EV_DEADLOCK, 0))->t, 5 * MS, 5 * MS + 10 * US);
}

/* An M in a syscall counts as running: no deadlock while it is there. */
static void test_a_goroutine_in_a_syscall_delays_checkdead(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 1\nhorizon 100ms\n"
	                 "variant bug\n"
	                 "  chan c\n"
	                 "  func main\n"
	                 "    go s\n"
	                 "    recv c\n"
	                 "  func s\n"
	                 "    syscall 5ms\n", "bug");
	fx_run(f);
	assert_fatal(f, "fatal error: all goroutines are asleep - deadlock!");
	assert_between(assert_found(fx_find(f, EV_DEADLOCK, 0))->t, 5 * MS, 5 * MS + 50 * US);
}

/* A goroutine parked on the netpoller (no M) does not: reference §7 says Ms
 * blocked in netpoll count as running, so the wait never triggers it. */
static void test_a_netpoll_wait_does_not_trigger_checkdead(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 1\nhorizon 100ms\n"
	                 "variant bug\n"
	                 "  func main\n"
	                 "    netwait 20ms\n"
	                 "    print \"done\"\n", "bug");
	fx_run(f);
	assert_eq(engine_runstate(f->e), RUN_EXITED);
	assert_event_count(f, EV_DEADLOCK, 0);
}

/* a locked-idle M counts as idle for checkdead (nmidlelocked) */
static void test_a_locked_goroutine_blocked_forever_is_a_deadlock(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 1\nhorizon 100ms\n"
	                 "variant bug\n"
	                 "  chan c\n"
	                 "  func main\n"
	                 "    lockosthread\n"
	                 "    recv c\n", "bug");
	fx_run(f);
	assert_fatal(f, "fatal error: all goroutines are asleep - deadlock!");
}

/* reference §6: past debug.SetMaxThreads the runtime prints two lines and
 * dies. */
static void test_thread_exhaustion_is_fatal_with_the_runtimes_two_lines(void **state)
{
	(void)state;
	/* History: when newm fails (thread limit), startm (mthread.c) puts the
	 * P it was given back on the idle list with its run queue intact, so
	 * engine_check aborts ("an idle-list P has an empty run queue") right
	 * after the fatal event — in MODE=debug and SANITIZE=1 builds during the
	 * run itself. Repro: gomaxprocs 1, maxthreads 2, main: go w; syscall
	 * 1ms — the retake's handoffp -> startm -> newm fails at 20us. Since
	 * d7e1cb6 the invariants are checked only while the run is going: the
	 * program is dead by then, as in the runtime. */
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 1\nmaxthreads 2\nhorizon 100ms\n"
	                 "variant bug\n"
	                 "  func main\n"
	                 "    go w\n"
	                 "    syscall 1ms\n"
	                 "  func w\n"
	                 "    work 10us\n", "bug");
	fx_run(f);
	assert_fatal(f, "runtime: program exceeds 2-thread limit\nfatal error: thread exhaustion");
	assert_eq(engine_exit_code(f->e), 2);
	assert_event_count(f, EV_FATAL, 1);
}

/* A `go` is something the class can see: it ends the M's batch of ops, so
 * each step of the UI (engine_step) shows one spawn, not the whole loop. */
static void test_each_step_shows_one_spawn(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 1\nhorizon 10ms\n"
	                 "variant bug\n"
	                 "  func main\n"
	                 "    repeat 5\n"
	                 "      go w\n"
	                 "    work 1ms\n"
	                 "  func w\n"
	                 "    work 10us\n", "bug");
	fx_step(f, ~0ULL);   /* runtime.main starts, and makes its first `go` */
	assert_event_count(f, EV_SPAWN, 1);
	for (int k = 2; k <= 5; k++) {
		fx_step(f, ~0ULL);
		assert_event_count(f, EV_SPAWN, k);
	}
}

/* EV_START carries the function runtime.main runs: the program's main, even
 * when other functions and init are declared before it (the trace writer
 * names main's first run with it). */
static void test_start_carries_mains_function(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 1\nhorizon 10ms\n"
	                 "variant bug\n"
	                 "  func w\n"
	                 "    work 10us\n"
	                 "  func init\n"
	                 "    work 1us\n"
	                 "  func main\n"
	                 "    go w\n"
	                 "    work 1ms\n", "bug");
	fx_run(f);
	const gmp_event *s = assert_found(fx_find(f, EV_START, 0));
	assert_eq(s->g, 1);
	assert_eq(s->n, 1);                     /* GOMAXPROCS */
	assert_eq(s->aux, 2);
	assert_string_equal(engine_program(f->e)->funcs[s->aux].name, "main");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_each_step_shows_one_spawn),
		FX_TEST(test_start_carries_mains_function),
		FX_TEST(test_expired_timers_run_before_the_local_queue),
		FX_TEST(test_a_burst_of_spawns_wakes_one_spinning_m),
		FX_TEST(test_startm_reuses_an_idle_m),
		FX_TEST(test_checkdead_reports_all_goroutines_asleep),
		FX_TEST(test_checkdead_reports_main_goexit_with_no_goroutines),
		FX_TEST(test_a_pending_timer_delays_checkdead),
		FX_TEST(test_a_goroutine_in_a_syscall_delays_checkdead),
		FX_TEST(test_a_netpoll_wait_does_not_trigger_checkdead),
		FX_TEST(test_a_locked_goroutine_blocked_forever_is_a_deadlock),
		FX_TEST(test_thread_exhaustion_is_fatal_with_the_runtimes_two_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
