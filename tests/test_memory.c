/*
 * test_memory.c — memory limits as the OS applies them (issue #17, point 3;
 * engine_oom_kill in engine/runtime/proc.c).
 *
 * Real runtime (tests/real/MEASURED.md, "Memory limits"): Go 1.19.8
 * goroutines parking forever at ~1 M/s in a 128 MiB memory cgroup, 3 runs:
 * exit status 137 and 0 bytes of output each time (SIGKILL from the kernel's
 * OOM killer). Go's own "fatal error: out of memory" came only under
 * `ulimit -v`, when the OS refused memory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "engine_fixture.h"

/* the same spawner: a goroutine every microsecond, each parked for good */
static void test_a_container_past_its_memory_is_killed_without_a_go_message(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 2\ncpus 2\nhorizon 2s\nmemory 128MiB\n"
	                 "variant v\n  chan block\n"
	                 "  func main\n    repeat forever\n      go park\n      work 1us\n"
	                 "  func park\n    recv block\n", "v");
	fx_run(f);
	assert_eq(engine_runstate(f->e), RUN_EXITED);
	assert_metric(f, "exit_code", 137);
	assert_fatal(f, "");
	assert_metric(f, "deadlock", 0);
	const gmp_event *x = assert_found(fx_find(f, EV_EXIT, 0));
	assert_eq(x->n, 137);
	assert_eq(x->aux2, EXIT_OOM_KILL);
	assert_caption(x, "memory limit passed: the kernel's OOM killer sends SIGKILL, exit status 137, "
	                  "no Go message");
	/* it died at the limit: 128 MiB of 2 KiB stacks and 416 B gs is 54,471
	 * goroutines (real, scenario 10's bug in a 128 MiB cgroup: killed past
	 * 47523-49000, ~2730 B a goroutine; tests/real/MEASURED.md (p4)) */
	assert_between(fx_metric(f, "goroutines_peak"), 54000, 54472);
	assert_between(fx_metric(f, "stack_bytes_peak"), 106 << 20, 107 << 20);
}

/* below the limit there is no kill: the same spawner stopped at 10,000
 * goroutines ends as any program whose goroutines all sleep */
static void test_below_the_limit_there_is_no_kill(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 2\ncpus 2\nhorizon 100ms\nmemory 128MiB\n"
	                 "variant v\n  chan block\n"
	                 "  func main\n    repeat 10000\n      go park\n      work 1us\n    recv block\n"
	                 "  func park\n    recv block\n", "v");
	fx_run(f);
	assert_metric(f, "exit_code", 2);   /* all asleep: the deadlock, not a kill */
	assert_metric(f, "deadlock", 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_a_container_past_its_memory_is_killed_without_a_go_message),
		FX_TEST(test_below_the_limit_there_is_no_kill),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
