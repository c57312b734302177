/*
 * test_costs.c — what the engine charges for an operation, checked against
 * the real runtime (issue #17, point 1; engine/runtime/costs.h).
 *
 * Each test runs, in the engine, the shape a program of tests/real/ measured
 * in Go 1.19.8 on 2 CPUs (process CPU time by getrusage, which the busy lab
 * machine does not inflate), and asserts the engine's figure inside the
 * measured range. Ranges pool tests/real/MEASURED.md (two passes of
 * `./run.sh`, 2026-12-04) with the re-measures cited at each test.
 *
 * A turn is timed between two counts around the loop (last.NAME), so the
 * loop's own back-edge is in the figure, as it is in the real programs'.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "engine_fixture.h"

/* TURNS: loop turns per shape (the real programs run millions; the engine's
 * figure does not depend on the count) */
#define TURNS 2000
#define TURNS_S "2000"

/* per_turn runs f to the end and returns the ns between the counts
 * `filled` and `turned`, divided by TURNS. */
static double per_turn(fx_t *f)
{
	fx_run(f);
	assert_metric(f, "completed.turned", 1);
	return (fx_metric(f, "last.turned") - fx_metric(f, "last.filled")) / TURNS;
}

/* SELECT_HEAD: a consumer's three-case select over a buffered channel that
 * holds a job for every turn (tests/real/timeafter/main.go) */
#define SELECT_HEAD \
	FX_HEAD "gomaxprocs 2\ncpus 2\nhorizon 3s\n" \
	"variant v\n" \
	"  chan jobs " TURNS_S "\n  chan done\n  counter filled\n  counter turned\n" \
	"  func main\n" \
	"    repeat " TURNS_S "\n      send jobs\n" \
	"    count filled\n"

/* lab (f): `timeafter -iters 40000 -reps 5`, 10 runs: after 761.4-1183.9
 * CPU ns a turn, hoisted 145.5-197.1, no timeout case 46.5-68.8; re-measured
 * `timeafter -iters 4000 -reps 5` and `-iters 40000`, 3 runs each: after
 * 599.2-1126.0, hoisted 146.0-178.4, bare 47.5-64.0. */
static void test_time_after_in_a_select_loop_costs_what_go_measures(void **state)
{
	(void)state;
	fx_t *after = fx_new(SELECT_HEAD
	                     "    repeat " TURNS_S "\n"
	                     "      select\n"
	                     "        case recv jobs\n"
	                     "        case recv done\n          return\n"
	                     "        case after 1s\n          return\n"
	                     "    count turned\n", "v");
	fx_t *hoisted = fx_new(SELECT_HEAD
	                       "    timer t 1s\n"
	                       "    repeat " TURNS_S "\n"
	                       "      select\n"
	                       "        case recv jobs\n          stop t\n          reset t 1s\n"
	                       "        case recv done\n          return\n"
	                       "        case recv t\n          return\n"
	                       "    count turned\n", "v");
	fx_t *bare = fx_new(SELECT_HEAD
	                    "    repeat " TURNS_S "\n"
	                    "      select\n"
	                    "        case recv jobs\n"
	                    "        case recv done\n          return\n"
	                    "    count turned\n", "v");
	double a = per_turn(after), h = per_turn(hoisted), b = per_turn(bare);
	assert_between(a, 599, 1184);
	assert_between(h, 145, 198);
	assert_between(b, 46, 69);
	/* the lesson: the fix is the faster loop (real ratio 4.1-11.5) */
	assert_between(a / h, 4, 12);
	/* 3 allocations a turn, ~240 B held until the timer fires (lab (f):
	 * 3 allocs, 225-254 B a turn); the hoisted timer allocates once */
	assert_eq(fx_metric(after, "allocs") - fx_metric(bare, "allocs"), 3 * TURNS);
	assert_between((fx_metric(after, "heap_peak") - fx_metric(bare, "heap_peak")) / TURNS, 225, 255);
	assert_eq(fx_metric(hoisted, "allocs") - fx_metric(bare, "allocs"), 1);
}

/* lab (i): `selectdefault -n 30000000 -reps 3`, 10 runs: one case and a
 * default 3.05-5.4 CPU ns a turn (a non-blocking receive), two cases and a
 * default 46.4-63.4 (selectgo). */
static void test_select_with_default_costs_what_go_measures(void **state)
{
	(void)state;
	fx_t *one = fx_new(FX_HEAD "gomaxprocs 2\ncpus 2\nhorizon 1s\n"
	                   "variant v\n  chan jobs\n  counter filled\n  counter turned\n"
	                   "  func main\n    count filled\n"
	                   "    repeat " TURNS_S "\n"
	                   "      select\n        case recv jobs\n          return\n        default\n"
	                   "    count turned\n", "v");
	fx_t *two = fx_new(FX_HEAD "gomaxprocs 2\ncpus 2\nhorizon 1s\n"
	                   "variant v\n  chan jobs\n  chan quit\n  counter filled\n  counter turned\n"
	                   "  func main\n    count filled\n"
	                   "    repeat " TURNS_S "\n"
	                   "      select\n        case recv jobs\n          return\n"
	                   "        case recv quit\n          return\n        default\n"
	                   "    count turned\n", "v");
	assert_between(per_turn(one), 3, 6);
	assert_between(per_turn(two), 46, 64);
}

/* lab (h): `twolock -n 4000000 -reps 5`, 10 runs: ordered two-lock transfers
 * (Lock A, Lock B, move, Unlock B, Unlock A in a noinline function) at
 * 31.34-37.81 M/s of CPU, 26.4-31.9 ns each. */
static void test_uncontended_two_lock_transfers_run_at_go_speed(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 2\ncpus 2\nhorizon 1s\n"
	                 "variant v\n  mutex a\n  mutex b\n  var from\n  var to\n"
	                 "  counter filled\n  counter turned\n"
	                 "  func main\n    count filled\n"
	                 "    repeat " TURNS_S "\n      call transfer\n"
	                 "    count turned\n"
	                 "  func transfer\n    lock a\n    lock b\n    set from 1\n    set to 1\n"
	                 "    unlock b\n    unlock a\n", "v");
	assert_between(per_turn(f), 26, 32);
}

/* lab (g): `gosched -procs 1 -g 1 -n 1500000`, 10 runs: 67.5-84.6 CPU ns a
 * call; `gosched -procs 2 -g 2 -n 750000`, 10 runs: 65.5-80.7, re-measured
 * 11 runs: 68.6-76.8. Go 1.19 (no wakep in Gosched): `go 1.21`. On 2 Ps the
 * two yielders wait for the sched lock, so a call costs a little more CPU
 * than on one, and twice the wall time. */
static void test_gosched_costs_what_go_measures_on_one_and_two_ps(void **state)
{
	(void)state;
	fx_t *one = fx_new(FX_HEAD "gomaxprocs 1\ncpus 2\nhorizon 1s\ngo 1.21\n"
	                   "variant v\n  counter filled\n  counter turned\n"
	                   "  func main\n    count filled\n"
	                   "    repeat " TURNS_S "\n      gosched\n"
	                   "    count turned\n", "v");
	fx_t *two = fx_new(FX_HEAD "gomaxprocs 2\ncpus 2\nhorizon 1s\ngo 1.21\n"
	                   "variant v\n  waitgroup wg\n  counter turned\n"
	                   "  func main\n    add wg 2\n    go y\n    go y\n    wait wg\n"
	                   "  func y\n    repeat " TURNS_S "\n      gosched\n"
	                   "    count turned\n    done wg\n", "v");
	double p1 = per_turn(one);
	fx_run(two);
	double elapsed = fx_metric(two, "elapsed");
	double cpu = fx_metric(two, "cpu_util") / 100.0 * elapsed * 2;
	double p2 = cpu / (2 * TURNS);
	assert_between(p1, 67, 85);
	assert_between(p2, 65, 81);
	assert_true(p2 > p1);
	assert_between(elapsed / TURNS, 2 * p1 - 10, 2 * p1 + 20);
}

/* HANDOFF: tests/real/handoff/main.go in the engine: 3 background workers
 * (600 µs chunks + Gosched) on 2 Ps; main draws 100 frames of two windows:
 * lock the thread, (bug: unlock), 250 µs of layout, Gosched, check the
 * thread, 350 µs of draw, (fix: unlock). */
#define HANDOFF(unlock_early, unlock_late) \
	FX_HEAD "gomaxprocs 2\ncpus 2\nhorizon 2s\n" \
	"variant v\n  counter frames\n" \
	"  func main\n    repeat 3\n      go crunch\n" \
	"    repeat 200\n      lockosthread\n      tls set 1\n" unlock_early \
	"      work 250us\n      gosched\n      tls check 1\n      work 350us\n" unlock_late \
	"      count frames\n" \
	"  func crunch\n    repeat forever\n      work 600us\n      gosched\n"

/* lab (j): `handoff -frames 100 -rounds 2`, 10 runs: the bug's draw rate
 * over the fix's 0.56-1.44 (median 0.84), the bug's draws on another
 * thread 13-24.8 %; re-measured 3 runs: 1.01-1.10, 16.5-22.5 % (which
 * thread a Gosched'd goroutine resumes on is issue #16's point 3). Keeping
 * the thread locked across the Gosched costs two thread hand-offs (tens of
 * µs) beside a 600 µs frame: the fix is not measurably slower, let alone
 * the 68x the issue quoted. */
static void test_a_locked_goroutines_handoff_costs_little_beside_its_frame(void **state)
{
	(void)state;
	fx_t *bug = fx_new(HANDOFF("      unlockosthread\n", ""), "v");
	fx_t *fix = fx_new(HANDOFF("", "      unlockosthread\n"), "v");
	fx_run(bug);
	fx_run(fix);
	assert_metric(bug, "completed.frames", 200);
	assert_metric(fix, "completed.frames", 200);
	double ratio = fx_metric(fix, "last.frames") / fx_metric(bug, "last.frames");
	assert_between(100 * ratio, 56, 144);
	assert_metric(fix, "tls_mismatch", 0);
}

/* clockread (tests/real/clockread): `clockread -n 5000000`, 2026-12-06
 * 01:55 UTC, quiet, 4 runs: 21.7-21.9 ns a time.Since, the loop's turn
 * included. */
static void test_a_clock_read_costs_what_go_measures(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 1\ncpus 1\nhorizon 1s\n"
	                 "variant v\n  counter filled\n  counter turned\n"
	                 "  func main\n    let t0 = now\n    let s = 0ns\n    count filled\n"
	                 "    repeat " TURNS_S "\n      set s s + since t0\n"
	                 "    count turned\n", "v");
	double ns = per_turn(f);
	assert_between(ns, 21, 22);   /* real 21.7-21.9 */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_time_after_in_a_select_loop_costs_what_go_measures),
		FX_TEST(test_select_with_default_costs_what_go_measures),
		FX_TEST(test_uncontended_two_lock_transfers_run_at_go_speed),
		FX_TEST(test_gosched_costs_what_go_measures_on_one_and_two_ps),
		FX_TEST(test_a_locked_goroutines_handoff_costs_little_beside_its_frame),
		FX_TEST(test_a_clock_read_costs_what_go_measures),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
