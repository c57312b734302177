/*
 * test_throw.c — the engine's throw (engine/runtime/throw.h): each test
 * breaks one of the runtime's preconditions on purpose, on a bare engine
 * (bare_engine.h), in a child process, and checks that the child died of
 * SIGABRT with the runtime's message and the engine's report on stderr.
 *
 * The checks are on in every build (throw.h says why), so these tests run
 * in `scons test` and in MODE=debug alike; the one GMP_DCHECK case shows
 * the difference: fatal under GMP_DEBUG, compiled out in release.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bare_engine.h"
#include "engine_fixture.h"
#include "invariants.h"
#include "mthread.h"
#include "runq.h"
#include "schedule.h"

typedef struct outcome {
	int status;          /* waitpid's status */
	char err[4096];      /* the child's stderr */
} outcome;

/* in_child runs breaker(e) on a fresh bare engine with gomaxprocs Ps in a
 * child process (no core file) and collects how it ended. */
static outcome in_child(int gomaxprocs, void (*breaker)(gmp_engine *e))
{
	outcome o;
	memset(&o, 0, sizeof o);
	int fd[2];
	assert_int_equal(pipe(fd), 0);
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fd[0]);
		dup2(fd[1], STDERR_FILENO);
		signal(SIGABRT, SIG_DFL);
		struct rlimit none = { 0, 0 };
		setrlimit(RLIMIT_CORE, &none);
		breaker(bare_new(gomaxprocs));
		_exit(0);   /* the precondition held: no throw */
	}
	close(fd[1]);
	size_t n = 0;
	ssize_t r;
	while (n < sizeof o.err - 1 && (r = read(fd[0], o.err + n, sizeof o.err - 1 - n)) > 0)
		n += (size_t)r;
	close(fd[0]);
	assert_int_equal(waitpid(pid, &o.status, 0), pid);
	return o;
}

/* assert_threw: the child aborted and its stderr starts with want */
#define assert_threw(o, want) assert_threw_at(&(o), (want), __FILE__, __LINE__)
static void assert_threw_at(const outcome *o, const char *want, const char *file, int line)
{
	if (!WIFSIGNALED(o->status) || WTERMSIG(o->status) != SIGABRT) {
		print_error("the child did not abort (status %#x); stderr:\n%s\n", o->status, o->err);
		_fail(file, line);
	}
	if (strncmp(o->err, want, strlen(want)) != 0) {
		print_error("stderr:\n%s\nwanted it to start with:\n%s\n", o->err, want);
		_fail(file, line);
	}
}

/* --- the run queues ------------------------------------------------------- */

/* proc.go: runqsteal puts the stolen Gs in the thief's ring, which must have
 * room ("runqsteal: runq overflow"). P0's ring is full; P1 has 4 to steal. */
static void steal_into_a_full_ring(gmp_engine *e)
{
	for (int i = 0; i < RUNQ_SIZE; i++)
		runqput(e, P(e, 0), bare_g(e), false);
	for (int i = 0; i < 4; i++)
		runqput(e, P(e, 1), bare_g(e), false);
	int n;
	runqsteal(e, P(e, 0), P(e, 1), false, &n);
}

static void test_runqsteal_into_a_full_ring_throws_with_the_state(void **state)
{
	(void)state;
	outcome o = in_child(2, steal_into_a_full_ring);
	/* the whole report: message, position, the P, sched's counters. The
	 * start state emitted 7 events (m0's and sysmon's NEWM, START, and
	 * NEWM and STOPM for each of start-up's two idle Ms) and pushed 5
	 * timed ones. */
	fx_assert_str(o.err,
	              "fatal error: runqsteal: runq overflow\n"
	              "gmpscope: engine bug at t=0.000000ms, event 7 (heap seq 5)\n"
	              "  P0: running, M0, runq 256, runnext G-1, schedtick 1\n"
	              "  sched: gomaxprocs 2, npidle 1, nmidle 2, nmspinning 0, mcount 4, runqsize 0\n",
	              "stderr", __FILE__, __LINE__);
	assert_threw(o, "fatal error: runqsteal: runq overflow\n");
}

/* the ring one short of full takes a steal of 2 (one runs, one is queued):
 * the check is exact, not merely cautious */
static void steal_into_a_ring_with_one_slot(gmp_engine *e)
{
	for (int i = 0; i < RUNQ_SIZE - 2; i++)
		runqput(e, P(e, 0), bare_g(e), false);
	for (int i = 0; i < 4; i++)
		runqput(e, P(e, 1), bare_g(e), false);
	int n;
	runqsteal(e, P(e, 0), P(e, 1), false, &n);
	if (n != 2 || runqlen(P(e, 0)) != RUNQ_SIZE - 1)
		_exit(3);
}

static void test_runqsteal_into_a_ring_with_room_does_not_throw(void **state)
{
	(void)state;
	outcome o = in_child(2, steal_into_a_ring_with_one_slot);
	assert_true(WIFEXITED(o.status));
	assert_int_equal(WEXITSTATUS(o.status), 0);
	assert_string_equal(o.err, "");
}

/* GMP_DCHECK: a G put twice on the same P would run twice. The check scans
 * the ring, so only GMP_DEBUG builds make it. */
static void put_twice(gmp_engine *e)
{
	int32_t g = bare_g(e);
	runqput(e, P(e, 0), g, false);
	runqput(e, P(e, 0), g, false);
}

static void test_a_g_queued_twice_throws_in_debug_builds_only(void **state)
{
	(void)state;
	outcome o = in_child(1, put_twice);
#ifdef GMP_DEBUG
	assert_threw(o, "fatal error: runqput: G already on this P's run queue\n");
#else
	assert_true(WIFEXITED(o.status));
	assert_int_equal(WEXITSTATUS(o.status), 0);
#endif
}

/* --- Ps and Ms ------------------------------------------------------------ */

/* wirep: only an idle P can be acquired. P0 is m0's; sysmon's M (M1) has no
 * P and tries to take it. */
static void acquire_a_running_p(gmp_engine *e)
{
	acquirep(e, M(e, e->sysmon_m), 0);
}

static void test_acquirep_of_a_running_p_throws(void **state)
{
	(void)state;
	outcome o = in_child(2, acquire_a_running_p);
	assert_threw(o, "fatal error: wirep: invalid p state\n"
	                "gmpscope: engine bug at t=0.000000ms, event 7 (heap seq 5)\n"
	                "  M1: phase NONE, P-1, curg G-1, not spinning, nextp -1, lockedg G-1\n"
	                "  P0: running, M0, runq 0, runnext G-1, schedtick 1\n");
}

/* wirep: an M holds one P at most. m0 holds P0 and takes idle P1 too. */
static void hold_two_ps(gmp_engine *e)
{
	acquirep(e, M(e, e->m0), pidleget(e));
}

static void test_an_m_holding_a_p_cannot_acquire_another(void **state)
{
	(void)state;
	outcome o = in_child(2, hold_two_ps);
	assert_threw(o, "fatal error: wirep: already in go\n");
}

/* pidleput: work on an idle P is work nobody looks for */
static void idle_a_p_with_work(gmp_engine *e)
{
	int32_t pi = pidleget(e);
	runqput(e, P(e, pi), bare_g(e), false);
	pidleput(e, pi);
}

static void test_pidleput_of_a_p_with_work_throws(void **state)
{
	(void)state;
	outcome o = in_child(2, idle_a_p_with_work);
	assert_threw(o, "fatal error: pidleput: P has non-empty run queue\n");
}

/* startm: an idle M is never spinning. A new M parks (stopm), then is
 * marked spinning behind the scheduler's back and handed a P. */
static void start_a_spinning_m(gmp_engine *e)
{
	m_t *mp = M(e, newm(e, NIL, false));
	stopm(e, mp);
	mp->spinning = true;
	startm(e, pidleget(e), false);
}

static void test_startm_with_a_spinning_idle_m_throws(void **state)
{
	(void)state;
	/* events 8 and 9: M4's NEWM and STOPM (after start-up's M2 and M3) */
	outcome o = in_child(2, start_a_spinning_m);
	assert_threw(o, "fatal error: startm: m is spinning\n"
	                "gmpscope: engine bug at t=0.000000ms, event 9 (heap seq 6)\n"
	                "  M4: phase IDLE, P-1, curg G-1, spinning, nextp -1, lockedg G-1\n");
}

/* stopm: a spinning M must stop spinning (and count it) before it parks */
static void park_a_spinning_m(gmp_engine *e)
{
	m_t *mp = M(e, newm(e, NIL, false));
	mp->spinning = true;
	stopm(e, mp);
}

static void test_stopm_of_a_spinning_m_throws(void **state)
{
	(void)state;
	outcome o = in_child(1, park_a_spinning_m);
	assert_threw(o, "fatal error: stopm spinning\n");
}

/* --- the scheduler round -------------------------------------------------- */

/* execute: the G found must be _Grunnable. A queued G is marked waiting
 * behind the queue's back; m0's next schedule() finds it in P0's ring. */
static void execute_a_waiting_g(gmp_engine *e)
{
	int32_t g = bare_g(e);
	runqput(e, P(e, 0), g, false);
	G(e, g)->status = G_WAITING;
	schedule(e, M(e, e->m0));
}

static void test_execute_of_a_non_runnable_g_throws(void **state)
{
	(void)state;
	outcome o = in_child(1, execute_a_waiting_g);
	assert_threw(o, "fatal error: execute: G is not _Grunnable\n");
}

/* schedule: a spinning M has an empty local queue (it is looking for work
 * precisely because it has none) */
static void schedule_spinning_with_local_work(gmp_engine *e)
{
	m_t *m0 = M(e, e->m0);
	runqput(e, P(e, 0), bare_g(e), false);
	m0->spinning = true;
	e->nmspinning++;
	schedule(e, m0);
}

static void test_schedule_spinning_with_local_work_throws(void **state)
{
	(void)state;
	outcome o = in_child(1, schedule_spinning_with_local_work);
	assert_threw(o, "fatal error: schedule: spinning with local work\n");
}

/* the debug builds' invariant checker reports through the same throw */
static void break_npidle(gmp_engine *e)
{
	e->npidle++;
	engine_check(e);
}

static void test_engine_check_reports_through_throw(void **state)
{
	(void)state;
	outcome o = in_child(2, break_npidle);
	assert_threw(o, "fatal error: invariant: npidle (1 vs 2)\n"
	                "gmpscope: engine bug at t=0.000000ms");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_runqsteal_into_a_full_ring_throws_with_the_state),
		cmocka_unit_test(test_runqsteal_into_a_ring_with_room_does_not_throw),
		cmocka_unit_test(test_a_g_queued_twice_throws_in_debug_builds_only),
		cmocka_unit_test(test_acquirep_of_a_running_p_throws),
		cmocka_unit_test(test_an_m_holding_a_p_cannot_acquire_another),
		cmocka_unit_test(test_pidleput_of_a_p_with_work_throws),
		cmocka_unit_test(test_startm_with_a_spinning_idle_m_throws),
		cmocka_unit_test(test_stopm_of_a_spinning_m_throws),
		cmocka_unit_test(test_execute_of_a_non_runnable_g_throws),
		cmocka_unit_test(test_schedule_spinning_with_local_work_throws),
		cmocka_unit_test(test_engine_check_reports_through_throw),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
