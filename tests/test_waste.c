/*
 * test_waste.c — wasted CPU by outcome (issue #17, point 2; end_iteration in
 * engine/runtime/exec_flow.c).
 *
 * A loop turn is wasted when it polled in vain (a select default, a failed
 * TryLock, an unchanged flag) and completed no synchronisation with another
 * goroutine, no I/O and no blocking. What a spin does besides (count its
 * turns, a little CPU work, an atomic add to a failure counter) makes
 * nothing useful: the core burns all the same.
 *
 * Real runtime, lab (k) of tests/real/MEASURED.md: `spincpu -procs 2 -wait
 * 400ms`, 6 runs (Go 1.19.8, 2 CPUs): the runnable time of the process's
 * threads over the wall time of the wait is 1.06-1.31 for a select-default
 * poll, 1.07-1.17 for the same poll counting its turns, 1.03-1.23 for
 * TryLock+Gosched and 1.04-1.15 for an atomic flag poll: one whole core
 * each, plus a little for the runtime's other threads. The engine counts the
 * spinner alone as wasted: at least 0.95 of a core, and no more than the
 * process's 1.31.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "engine_fixture.h"

/* SPIN_HEAD: main starts the spinner, waits 400 ms, then signals it (the
 * line that follows: close, unlock or set). */
#define SPIN_HEAD(decl, before, signal) \
	FX_HEAD "gomaxprocs 2\ncpus 2\nhorizon 2s\n" \
	"variant v\n  chan ev\n  counter turns\n  var fails\n" decl \
	"  func main\n" before "    go spin\n    sleep 400ms\n" signal "    sleep 1ms\n" \
	"  func spin\n    repeat forever\n"

#define SELECT_POLL(extra) \
	SPIN_HEAD("", "", "    close ev\n") \
	"      select\n        case recv ev\n          return\n        default\n" extra

/* wasted_cores runs f and returns the cores its wasted CPU amounts to; it
 * checks that cpu_wasted and cpu_util share their base (the machine's
 * CPUs), so that wasted is never more than used. */
static double wasted_cores(fx_t *f)
{
	fx_run(f);
	double w = fx_metric(f, "cpu_wasted"), u = fx_metric(f, "cpu_util");
	assert_true(w <= u);
	return w / 100.0 * 2 * fx_metric(f, "elapsed") / (400.0 * MS);
}

static void test_a_select_default_spin_wastes_a_core_whatever_it_counts(void **state)
{
	(void)state;
	const char *shapes[] = {
		SELECT_POLL(""),
		SELECT_POLL("          count turns\n"),
		SELECT_POLL("          work 40ns\n"),
		SELECT_POLL("          atomic.add fails 1\n"),
	};
	for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
		double c = wasted_cores(fx_new(shapes[i], "v"));
		assert_between(100 * c, 95, 131);
	}
}

static void test_a_trylock_gosched_spin_wastes_a_core(void **state)
{
	(void)state;
	fx_t *f = fx_new(SPIN_HEAD("  mutex mu\n", "    lock mu\n", "    unlock mu\n")
	                 "      if trylock mu\n        break\n      gosched\n", "v");
	assert_between(100 * wasted_cores(f), 95, 131);
}

static void test_a_flag_poll_that_counts_its_turns_wastes_a_core(void **state)
{
	(void)state;
	fx_t *f = fx_new(SPIN_HEAD("  var flag\n", "", "    set flag 1\n")
	                 "      if flag == 1\n        break\n      count turns\n", "v");
	assert_between(100 * wasted_cores(f), 95, 131);
}

/* The other side: a turn that receives from a channel did useful work, even
 * with a failed poll in it. */
static void test_a_turn_that_receives_is_not_wasted(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 2\ncpus 2\nhorizon 2s\n"
	                 "variant v\n  chan jobs 1000\n  var flag\n"
	                 "  func main\n    repeat 1000\n      send jobs\n    call eat\n"
	                 "  func eat\n    repeat 1000\n      if flag == 1\n        break\n"
	                 "      recv jobs\n      work 1us\n", "v");
	fx_run(f);
	assert_metric(f, "cpu_wasted", 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_a_select_default_spin_wastes_a_core_whatever_it_counts),
		FX_TEST(test_a_trylock_gosched_spin_wastes_a_core),
		FX_TEST(test_a_flag_poll_that_counts_its_turns_wastes_a_core),
		FX_TEST(test_a_turn_that_receives_is_not_wasted),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
