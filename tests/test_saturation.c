/*
 * test_saturation.c — timers that ready many goroutines at once, and the
 * lateness of a sleeper beside a busy P (issue #17, points 4 and 5;
 * checkTimers in engine/runtime/schedule.c's findRunnable, timers_run in
 * time.c, runqput/runqputslow in runq.c, retake in sysmon.c).
 *
 * Each figure is checked against the real runtime (Go 1.19.8, 2 CPUs), with
 * a program of the same shape and numbers of our own: tests/real/MEASURED.md,
 * "Saturation and lateness (#17.4, #17.5)".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "engine_fixture.h"

/* A timer burst, GOMAXPROCS=1: main starts 3000 sleepers that are all due
 * 100 ms after it started, sleeps 10 ms so that each parks in its Sleep,
 * then runs a call-free loop for 200 ms. Only sysmon's preemption of that
 * loop takes the P through the scheduler; checkTimers then readies all
 * 3000 in one pass, each into runnext (the one before kicked to the ring);
 * each time the ring of 256 is full, runqputslow moves half of it and the
 * newcomer (129) to the global queue: 22 times, 2838 goroutines.
 *
 * Real: `timerburst -procs 1 -n 3000 -at 100ms -settle 10ms -hog 200ms
 * -work 20us -trace 1` (tests/real/timerburst, schedtrace every 1 ms),
 * 6 runs: the largest runqueue= is 2838 in 6 of 6, seen 113-124 ms after
 * the start. The engine, sampled as schedtrace samples it (every 1 ms from
 * the due time), shows 2838, and 2839 once the preempted loop joins them. */
#define BURST_SRC \
	FX_HEAD "go 1.19\ngomaxprocs 1\ncpus 2\nhorizon 400ms\n" \
	"variant v\n" \
	"  func main\n    let t0 = now\n    repeat 3000\n      go sleeper(t0)\n" \
	"    sleep 10ms\n    work 200ms nocall\n    sleep 200ms\n" \
	"  func sleeper(t0 time)\n    sleep 100ms - since t0\n    work 20us\n"

static void test_expired_timers_ready_their_goroutines_at_once_and_overflow(void **state)
{
	(void)state;
	fx_t *f = fx_new(BURST_SRC, "v");
	fx_run_until(f, 100 * MS);
	assert_eq(engine_globrunq_size(f->e), 0);   /* the spawn's overflow has drained */
	int peak = 0;
	int64_t peak_at = 0;
	for (int64_t t = 100 * MS; t <= 140 * MS; t += 1 * MS) {
		fx_run_until(f, t);
		if (engine_globrunq_size(f->e) > peak) {
			peak = engine_globrunq_size(f->e);
			peak_at = t;
		}
	}
	assert_between(peak, 2838, 2839);
	assert_between(peak_at, 100 * MS, 125 * MS);   /* real: seen at 113-124 ms */
	fx_run(f);
	assert_metric(f, "globrunq_peak", 2839);
	assert_metric(f, "overflows", 44);   /* 22 while main spawned, 22 in the burst */
}

/* Lateness of a 5 ms sleep beside a call-free hog, GOMAXPROCS=1, in a
 * 1-CPU quota (100 ms period). The sleeper's timer expires on time, but the
 * P runs timers only when it goes through the scheduler: when sysmon
 * preempts the hog, 10 ms after it saw the hog's time slice begin, at a
 * tick of its 10 ms sleep. So the hog holds the P 20 ms a turn and the
 * sleeper wakes ~15 ms late; every 61st schedtick the scheduler takes the
 * preempted hog back from the global queue first, and the sleeper waits
 * one more turn (35 ms).
 *
 * Real: `wakelate -procs 1 -nap 5ms -dur 2500ms` inside a cgroup v1 with
 * cpu.cfs_quota_us=100000 (period 100000), 10 runs on 2026-12-04: lateness
 * p50 15.19-18.97 ms, p99 23.03-43.09 ms (nearest rank, 105-118 samples a
 * run), max 35.39-45.44 ms; nr_throttled 0. The engine's probe records the
 * whole sleep (5 ms + lateness); its percentiles are histogram buckets. */
#define LATE_SRC \
	FX_HEAD "go 1.19\ngomaxprocs 1\ncpus 2\nquota 1cpu\nhorizon 3s\n" \
	"variant v\n  probe took\n" \
	"  func main\n    go hog\n    let t0 = now\n    for since t0 < 2500ms\n" \
	"      let t = now\n      sleep 5ms\n      record took since t\n" \
	"  func hog\n    work forever nocall\n"

static void test_a_sleeper_beside_a_busy_p_wakes_as_late_as_the_real_one(void **state)
{
	(void)state;
	fx_t *f = fx_new(LATE_SRC, "v");
	fx_run(f);
	double nap = 5 * MS;
	assert_between(fx_metric(f, "latency_p50.took") - nap, 15190 * US, 18970 * US);
	assert_between(fx_metric(f, "latency_p99.took") - nap, 23030 * US, 43090 * US);
	assert_between(fx_metric(f, "samples.took"), 105, 130);
	assert_metric(f, "throttled_periods", 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_expired_timers_ready_their_goroutines_at_once_and_overflow),
		FX_TEST(test_a_sleeper_beside_a_busy_p_wakes_as_late_as_the_real_one),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
