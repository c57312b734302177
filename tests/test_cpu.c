/*
 * test_cpu.c — the machine under the runtime (engine/runtime/cpu.c) and the
 * GOMAXPROCS default: a cgroup quota spent by many busy Ps in a fraction of
 * the period, then every thread throttled until the next; threads sharing
 * CPUs when there are more of them; the default GOMAXPROCS by Go version
 * (reference §10).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>

#include "engine_fixture.h"
#include "sched.h"

/* reference §10: cpu.max "200000 100000" with GOMAXPROCS = 32: "the quota is
 * spent in ≈6.25 ms, then the program stalls ≈94 ms of every 100 ms". */
static void test_32_busy_ps_spend_a_2cpu_quota_in_6ms_and_stall_the_rest(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "go 1.24\ncpus 32\nquota 2cpu\nhorizon 250ms\n"
	                 "variant bug\n"
	                 "  func main\n"
	                 "    repeat 31\n"
	                 "      go burn\n"
	                 "    work 1s\n"
	                 "  func burn\n"
	                 "    work 1s\n", "bug");
	assert_eq(engine_gomaxprocs(f->e), 32);
	fx_run(f);
	const gmp_event *th = assert_found(fx_find(f, EV_THROTTLE, 0));
	const gmp_event *un = assert_found(fx_find(f, EV_UNTHROTTLE, 0));
	/* the threads start one after another (one spinning M at a time, 30us
	 * per clone): thread k runs from ~30k us, so the first quota lasts a
	 * little longer than 200ms / 32 */
	assert_between(th->t, 6250 * US, 7000 * US);
	assert_eq(th->n, 32);
	assert_eq(un->t, 100 * MS);
	const gmp_event *th2 = assert_found(fx_find(f, EV_THROTTLE, 1));
	assert_between(th2->t - un->t, 6250 * US, 6300 * US);
	assert_metric(f, "throttled_periods", 3);
	/* 2 CPUs' worth of 32: 6.25% utilisation */
	assert_metric_between(f, "cpu_util", 6, 7);
	assert_eq(fx_m(f, 0).state, M_THROTTLED);
}

/* The same under Go 1.25: GOMAXPROCS 2, never throttled. */
static void test_go125_sizes_gomaxprocs_to_the_quota_and_is_never_throttled(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "go 1.25\ncpus 32\nquota 2cpu\nhorizon 250ms\n"
	                 "variant bug\n"
	                 "  func main\n"
	                 "    repeat 31\n"
	                 "      go burn\n"
	                 "    work 1s\n"
	                 "  func burn\n"
	                 "    work 1s\n", "bug");
	assert_eq(engine_gomaxprocs(f->e), 2);
	fx_run(f);
	assert_event_count(f, EV_THROTTLE, 0);
	assert_metric(f, "throttled_periods", 0);
}

/* 4 busy threads on 2 CPUs take turns: 20ms of work each ends after ~40ms */
static void test_threads_share_cpus_when_there_are_more_of_them(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "cpus 2\ngomaxprocs 4\nhorizon 200ms\n"
	                 "variant bug\n"
	                 "  waitgroup wg\n"
	                 "  func main\n"
	                 "    repeat 4\n"
	                 "      add wg 1\n"
	                 "      go burn\n"
	                 "    wait wg\n"
	                 "  func burn\n"
	                 "    work 20ms nocall\n"
	                 "    done wg\n", "bug");
	fx_run_until(f, 10 * MS);
	int waiting = 0;
	for (int p = 0; p < 4; p++)
		waiting += fx_p(f, p).cpu_wait;
	assert_eq(waiting, 2);
	fx_run(f);
	assert_eq(engine_runstate(f->e), RUN_EXITED);
	assert_metric_between(f, "elapsed", 40 * MS, 46 * MS);
	assert_metric_between(f, "cpu_util", 85, 100);
}

/* hostload: 2 host threads and the program's one busy thread on 2 CPUs
 * share them: each gets 2/3, so 20 ms of work ends after ~30 ms. The work
 * is 20000 pieces of 1 us: a slice ends on time however often the M's
 * activity changes within it (qgen). */
static void test_host_threads_take_their_share_of_the_cpus(void **state)
{
	(void)state;
	const char *src = FX_HEAD "cpus 2\ngomaxprocs 1\nhostload %d\nhorizon 200ms\nnoise off\n"
	                  "variant bug\n"
	                  "  func main\n"
	                  "    repeat 20000\n"
	                  "      work 1us nocall\n";
	char buf[512];
	snprintf(buf, sizeof buf, src, 0);
	fx_t *alone = fx_new(buf, "bug");
	fx_run(alone);
	double t0 = fx_metric(alone, "elapsed");
	snprintf(buf, sizeof buf, src, 2);
	fx_t *f = fx_new(buf, "bug");
	fx_run(f);
	assert_eq(engine_runstate(f->e), RUN_EXITED);
	assert_between(fx_metric(f, "elapsed"), 1.3 * t0, 1.7 * t0);
	snprintf(buf, sizeof buf, src, 1);   /* 2 threads, 2 CPUs: no sharing */
	fx_t *one = fx_new(buf, "bug");
	fx_run(one);
	assert_between(fx_metric(one, "elapsed"), t0, t0 + US);   /* 20020066 vs 20020069 ns */
}

/* A thread that wakes from a sleep takes a CPU from a host thread at once
 * (CFS wakeup preemption): main's 1 ms sleeps end as on an idle machine, with
 * both CPUs taken by 4 host threads. */
static void test_a_waking_thread_preempts_a_host_thread(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "cpus 2\ngomaxprocs 1\nhostload 4\nhorizon 200ms\nnoise off\n"
	                 "variant bug\n"
	                 "  func main\n"
	                 "    repeat 10\n"
	                 "      sleep 1ms\n", "bug");
	fx_run(f);
	assert_eq(engine_runstate(f->e), RUN_EXITED);
	assert_between(fx_metric(f, "elapsed"), 10 * MS, 12 * MS);
}

/* `work forever` on four goroutines at once: the CPU accounting adds
 * INT64_MAX / 4 per WORK op to one int64 total. */
static void test_four_endless_loops_do_not_overflow_cpu_accounting(void **state)
{
	(void)state;
	/* ENGINE BUG: exec.c OP_WORK does e->mt.g_cpu_ns += d with d = FOREVER
	 * (INT64_MAX / 4) for `work forever`: the fourth such loop overflows
	 * (UBSan: "signed integer overflow: 2305843009213693951 +
	 * 9223372036854775804" at exec.c OP_WORK, and again in exec_interrupt),
	 * which aborted SANITIZE=1 builds (fixed in d7e1cb6). */
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 4\ncpus 4\nhorizon 30ms\n"
	                 "variant bug\n"
	                 "  func main\n"
	                 "    repeat 4\n"
	                 "      go burn\n"
	                 "    work forever\n"
	                 "  func burn\n"
	                 "    work forever\n", "bug");
	fx_run(f);
	assert_eq(engine_runstate(f->e), RUN_HORIZON);
	assert_metric_between(f, "cpu_util", 95, 100);
}

/* issue 15: `work forever nocall` with a horizon of 200ms or more. The
 * iteration's CPU (g.itercpu) used to start at the whole WORK (FOREVER,
 * 2^61 ns) and lose what was left at each preemption without getting the
 * resumed stretch back: after the fourth stretch it overflowed (UBSan:
 * signed integer overflow in exec_interrupt), and in release it held a
 * plausible but wrong figure. It must hold the CPU the loop really ran:
 * 291.2ms of the 300ms, in the 15 stretches that ended before the last one
 * (which is still running at the horizon). */
static void test_work_forever_nocall_counts_the_cpu_it_ran_through_preemptions(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "go 1.22\ngomaxprocs 1\nhorizon 300ms\n"
	                 "variant bug\n"
	                 "  func main\n"
	                 "    work forever nocall\n", "bug");
	fx_run(f);
	assert_eq(engine_runstate(f->e), RUN_HORIZON);
	assert_eq(fx_count(f, EV_PREEMPTED), 15);
	g_t *gp = G(f->e, engine_g_find(f->e, 1));
	assert_eq(gp->inwork, INWORK_RUNNING);
	/* the stretches that ended (interrupted); the one running at the
	 * horizon is counted when it ends */
	assert_eq(gp->itercpu, 291224094);   /* the old code: 4611686020695746123 */
	fx_free(f);
}

static int default_procs(const char *settings)
{
	char src[400];
	snprintf(src, sizeof src, FX_HEAD "%s" "variant bug\n  func main\n    work 1us\n", settings);
	fx_t *f = fx_new(src, "bug");
	int n = engine_gomaxprocs(f->e);
	fx_free(f);
	return n;
}

static void test_default_gomaxprocs_is_the_cpu_count_before_go125(void **state)
{
	(void)state;
	assert_eq(default_procs("go 1.24\ncpus 8\nquota 2cpu\n"), 8);
	assert_eq(default_procs("go 1.13\ncpus 6\nquota 1cpu\n"), 6);
	assert_eq(default_procs("go 1.24\ncpus 3\n"), 3);
}

static void test_default_gomaxprocs_follows_the_quota_from_go125(void **state)
{
	(void)state;
	assert_eq(default_procs("go 1.25\ncpus 8\nquota 2cpu\n"), 2);
	assert_eq(default_procs("go 1.25\ncpus 8\nquota 250ms\n"), 3);   /* 2.5 -> 3 */
	assert_eq(default_procs("go 1.25\ncpus 8\nquota 50ms\n"), 2);    /* min 2 */
	assert_eq(default_procs("go 1.25\ncpus 1\nquota 50ms\n"), 1);    /* unless 1 CPU */
	assert_eq(default_procs("go 1.25\ncpus 2\nquota 4cpu\n"), 2);    /* never above NCPU */
	assert_eq(default_procs("go 1.25\ncpus 8\n"), 8);
	assert_eq(default_procs("go 1.25\ncpus 8\nquota 2cpu\ngomaxprocs 5\n"), 5);
}

/* A config left at zero runs as a scenario that says nothing: the defaults
 * have one definition (runtime/config.c), 4 CPUs and so GOMAXPROCS 4. */
static void test_a_zeroed_config_runs_with_the_scenario_defaults(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "variant bug\n  func main\n    return\n", "bug");
	const gmp_variant *v = &f->sc.variants[f->variant];
	gmp_config zero = { .go_minor = 25 };
	gmp_engine *e = engine_new(&v->prog, &zero);
	const gmp_config *c = engine_config(e);
	assert_eq(c->ncpu, 4);
	assert_eq(c->period_ns, 100 * MS);
	assert_eq(c->maxthreads, 10000);
	assert_eq(c->disk_depth, 4);
	assert_eq(c->horizon_ns, SEC);
	assert_eq(engine_gomaxprocs(e), 4);
	assert_eq(engine_gomaxprocs(e), v->gomaxprocs);
	engine_free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_32_busy_ps_spend_a_2cpu_quota_in_6ms_and_stall_the_rest),
		FX_TEST(test_go125_sizes_gomaxprocs_to_the_quota_and_is_never_throttled),
		FX_TEST(test_threads_share_cpus_when_there_are_more_of_them),
		FX_TEST(test_host_threads_take_their_share_of_the_cpus),
		FX_TEST(test_a_waking_thread_preempts_a_host_thread),
		FX_TEST(test_four_endless_loops_do_not_overflow_cpu_accounting),
		FX_TEST(test_work_forever_nocall_counts_the_cpu_it_ran_through_preemptions),
		FX_TEST(test_default_gomaxprocs_is_the_cpu_count_before_go125),
		FX_TEST(test_default_gomaxprocs_follows_the_quota_from_go125),
		FX_TEST(test_a_zeroed_config_runs_with_the_scenario_defaults),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
