/*
 * test_metrics.c — every metric of the engine's table (engine/runtime/metrics.c),
 * each measured on a tiny program whose value can be worked out by hand:
 * exact where the mechanism is exact, bounded where costs add a little.
 * A metric added to the table without a case here fails the suite. Also: a
 * million parked goroutines cost exactly 2 KiB of stack each, and a memory
 * limit kills the program with the runtime's message.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "engine_fixture.h"

#define V "variant bug\n"
#define P1 "gomaxprocs 1\n"

typedef struct mcase {
	const char *metric;   /* as documented ("counter.NAME" forms are given
	                         with the program's name in `query`) */
	const char *query;    /* name asked for, NULL = metric */
	const char *src;      /* settings + variant, after FX_HEAD */
	double lo, hi;        /* expected value range (lo == hi: exact) */
} mcase;

static const mcase cases[] = {
	/* three goroutines blocked when main returns: they are what is left */
	{ "goroutines", NULL, P1 V "  chan c\n  func main\n    repeat 3\n      go r\n    sleep 1ms\n"
	  "  func r\n    recv c\n", 3, 3 },
	{ "goroutines_peak", NULL, P1 V "  func main\n    repeat 5\n      go w\n    sleep 1ms\n"
	  "  func w\n    work 10us\n", 6, 6 },
	/* m0, sysmon and start-up's two idle Ms: a netpoll wait holds no thread
	 * (real: an idle Go 1.19 program has 4, tests/real/threads) */
	{ "threads", NULL, P1 V "  func main\n    netwait 1ms\n", 4, 4 },
	/* 10 blocking syscalls hold 10 threads, + sysmon, + a P's M */
	{ "threads_peak", NULL, P1 V "  waitgroup wg\n  func main\n    repeat 10\n      add wg 1\n      go r\n    wait wg\n"
	  "  func r\n    syscall 5ms\n    done wg\n", 12, 13 },
	{ "threads_created", NULL, V "  func main\n    work 1us\n", 4, 4 },
	{ "threads_exited", NULL, "gomaxprocs 2\n" V "  func main\n    go s\n    work 5ms\n"
	  "  func s\n    lockosthread\n    work 100us\n", 1, 1 },
	/* on one P, s runs on m0 while main sleeps, and returns locked to it:
	 * the main thread cannot exit, it wedges */
	{ "threads_wedged", NULL, P1 V "  func main\n    go s\n    sleep 1ms\n"
	  "  func s\n    lockosthread\n    work 100us\n", 1, 1 },
	/* 257 spawned on one P and never run: ring 256 + runnext */
	{ "runnable", NULL, P1 V "  func main\n    repeat 257\n      go w\n    exit 0\n  func w\n    work 1us\n", 257, 257 },
	{ "globrunq", NULL, P1 V "  func main\n    repeat 258\n      go w\n    exit 0\n  func w\n    work 1us\n", 129, 129 },
	/* the 129 that overflowed have all run when main exits: the queue is
	 * empty, its peak stays */
	{ "globrunq_peak", NULL, P1 V "  func main\n    repeat 258\n      go w\n    sleep 1ms\n    exit 0\n"
	  "  func w\n    work 1us\n", 129, 129 },
	/* one steal of 2 from a ring of 4 before main exits */
	{ "steals", NULL, "gomaxprocs 2\n" V "  func main\n    repeat 5\n      go w\n    work 100us\n    exit 0\n"
	  "  func w\n    work 1ms\n", 1, 1 },
	{ "stolen", NULL, "gomaxprocs 2\n" V "  func main\n    repeat 5\n      go w\n    work 100us\n    exit 0\n"
	  "  func w\n    work 1ms\n", 2, 2 },
	{ "handoffs", NULL, P1 V "  func main\n    go w\n    syscall 5ms\n  func w\n    work 1ms\n", 1, 1 },
	{ "retakes", NULL, P1 V "  func main\n    go w\n    syscall 5ms\n  func w\n    work 1ms\n", 1, 1 },
	{ "overflows", NULL, P1 V "  func main\n    repeat 258\n      go w\n    exit 0\n  func w\n    work 1us\n", 1, 1 },
	{ "gosched_calls", NULL, P1 V "  func main\n    gosched\n    gosched\n    gosched\n", 3, 3 },
	/* a call-free hog under 1.14: one request, one SIGURG, preempted */
	{ "preempt_requests", NULL, P1 "go 1.14\nhorizon 60ms\n" V "  func main\n    go spin\n    sleep 1ms\n"
	  "  func spin\n    work forever nocall\n", 1, 1 },
	{ "preempted", NULL, P1 "go 1.14\nhorizon 60ms\n" V "  func main\n    go spin\n    sleep 1ms\n"
	  "  func spin\n    work forever nocall\n", 1, 1 },
	{ "preempt_signals", NULL, P1 "go 1.14\nhorizon 60ms\n" V "  func main\n    go spin\n    sleep 1ms\n"
	  "  func spin\n    work forever nocall\n", 1, 1 },
	/* under 1.13 every request (one per 10 ms tick) is ignored */
	{ "preempt_ignored", NULL, P1 "go 1.13\nhorizon 60ms\n" V "  func main\n    go spin\n    sleep 1ms\n"
	  "  func spin\n    work forever nocall\n", 4, 6 },
	{ "preempt_signals_lost", NULL, P1 "horizon 60ms\n" V "  func main\n    sigurg foreign\n    go spin\n    sleep 1ms\n"
	  "  func spin\n    work forever nocall\n", 1, 1 },
	{ "reordered", NULL, P1 V "  chan c 10\n  func main\n    repeat 4\n      go s\n    sleep 1ms\n    repeat 4\n      recv c\n"
	  "  func s\n    send c\n", 3, 3 },
	/* w waits in runnext while main computes 5ms, then main exits */
	{ "starved_max", NULL, P1 V "  func main\n    go w\n    work 5ms\n  func w\n    work 1us\n", 5 * MS, 5 * MS + 10 * US },
	/* one busy P on 2 CPUs for the whole run */
	{ "cpu_util", NULL, "cpus 2\n" P1 V "  func main\n    work 10ms\n", 49, 51 },
	/* a default-select poll that never finds anything is all waste */
	{ "cpu_wasted", NULL, "cpus 1\n" P1 V "  chan c\n  func main\n    repeat 10000\n      select\n        case recv c\n"
	  "        default\n", 60, 100 },
	/* Gosched in a loop on one P: nearly all runtime overhead */
	{ "sched_overhead", NULL, P1 V "  func main\n    repeat 1000\n      gosched\n", 80, 100 },
	/* 1000 C calls of 10ns: each round trip costs COST_CGO (35ns) of the
	 * 45ns a call takes, plus main's start: 35/46 */
	{ "cgo_overhead", NULL, P1 V "  func main\n    repeat 1000\n      cgo 10ns\n", 75, 77 },
	{ "timers", NULL, V "  func main\n    timer t 1s\n    exit 0\n", 1, 1 },
	/* Go 1.22: ten abandoned time.After timers still in the heaps at the
	 * end, TIMER_BYTES (240) each; main's sleep timer holds no heap */
	{ "timer_bytes", NULL, P1 "go 1.22\n" V "  chan c 10\n  func main\n    repeat 10\n      send c\n    repeat 10\n"
	  "      select\n        case recv c\n        case after 1s\n    sleep 1ms\n", 2400, 2400 },
	/* Go 1.22: ten abandoned time.After timers + main's sleep */
	{ "timers_peak", NULL, P1 "go 1.22\n" V "  chan c 10\n  func main\n    repeat 10\n      send c\n    repeat 10\n"
	  "      select\n        case recv c\n        case after 1s\n    sleep 1ms\n", 11, 11 },
	{ "stack_bytes", NULL, P1 V "  chan c\n  func main\n    repeat 3\n      go r\n    sleep 1ms\n  func r\n    recv c\n",
	  4 * 2048, 4 * 2048 },
	{ "stack_bytes_peak", NULL, P1 V "  func main\n    repeat 5\n      go w\n    sleep 1ms\n  func w\n    work 10us\n",
	  6 * 2048, 6 * 2048 },
	/* main's g (malg's new(g): 416 B, never freed) and three allocations */
	{ "heap_bytes", NULL, P1 V "  func main\n    alloc 100KiB\n    alloc 100KiB\n    alloc 100KiB\n", 416 + 307200, 416 + 307200 },
	/* 5 MiB allocated at once, then collected; main's g stays */
	{ "heap_peak", NULL, P1 V "  func main\n    alloc 5MiB\n    sleep 10ms\n", 416 + (5 << 20), 416 + (5 << 20) },
	/* main's goroutine + three explicit allocations */
	{ "allocs", NULL, P1 V "  func main\n    alloc 1KiB\n    alloc 1KiB\n    alloc 1KiB\n", 4, 4 },
	/* a cycle counts when its mark is done (NumGC): ~4 ms for 5 MiB */
	{ "gc_cycles", NULL, P1 V "  func main\n    alloc 5MiB\n    sleep 10ms\n", 1, 1 },
	{ "deadlock", NULL, V "  chan c\n  func main\n    recv c\n", 1, 1 },
	{ "deadlock_at", NULL, V "  chan c\n  func main\n    sleep 1ms\n    recv c\n", 1 * MS, 1 * MS + 10 * US },
	/* the second count comes after 3ms of sleeps, the run goes on to 8ms */
	{ "progress_last", NULL, V "  counter jobs\n  func main\n    sleep 1ms\n    count jobs\n    sleep 2ms\n"
	  "    count jobs\n    sleep 5ms\n", 3 * MS, 3 * MS + 1 * US },
	{ "stalled", NULL, V "  counter jobs\n  func main\n    sleep 1ms\n    count jobs\n    sleep 2ms\n"
	  "    count jobs\n    sleep 5ms\n", 5 * MS, 5 * MS + 1 * US },
	{ "fatal", NULL, V "  chan c\n  func main\n    recv c\n", 1, 1 },
	{ "exit_code", NULL, V "  func main\n    exit 3\n", 3, 3 },
	{ "hung", NULL, "horizon 10ms\n" V "  func main\n    sleep 1s\n", 1, 1 },
	{ "leaked_at_exit", NULL, P1 V "  chan c\n  func main\n    repeat 3\n      go r\n    sleep 1ms\n  func r\n    recv c\n", 3, 3 },
	{ "races", NULL, "race on\ngomaxprocs 2\n" V "  var x\n  func main\n    go w\n    load x\n    store x + 1\n    sleep 1ms\n"
	  "  func w\n    load x\n    store x + 1\n", 1, 1 },
	{ "tls_mismatch", NULL, V "  func main\n    tls set 7\n    tls check 7\n    tls check 8\n", 1, 1 },
	{ "tls_checks", NULL, V "  func main\n    tls set 7\n    tls check 7\n    tls check 8\n", 2, 2 },
	/* 4 busy Ps on 1 CPU's worth of quota per 10ms period, 50ms */
	{ "throttled_periods", NULL, "go 1.24\ncpus 4\nquota 10ms\nperiod 10ms\nhorizon 50ms\n" V
	  "  func main\n    repeat 3\n      go w\n    work 1s\n  func w\n    work 1s\n", 5, 5 },
	/* the same: 4 threads spend 10ms of quota in 2.5ms, then wait 7.5ms,
	 * five periods (the last one up to the horizon) */
	{ "throttled_time", NULL, "go 1.24\ncpus 4\nquota 10ms\nperiod 10ms\nhorizon 50ms\n" V
	  "  func main\n    repeat 3\n      go w\n    work 1s\n  func w\n    work 1s\n", 37 * MS, 37.6 * MS },
	/* five `go` statements, and main's own goroutine (newproc too) */
	{ "spawns", NULL, P1 V "  func main\n    repeat 5\n      go w\n    sleep 1ms\n  func w\n    work 1us\n", 6, 6 },
	{ "syscalls", NULL, P1 V "  func main\n    syscall 10us\n    syscall 10us\n    fileread 10us\n", 3, 3 },
	{ "cgocalls", NULL, P1 V "  func main\n    repeat 7\n      cgo 10us\n    cgo 10ns\n", 8, 8 },
	{ "gomaxprocs", NULL, "gomaxprocs 3\n" V "  func main\n    work 1us\n", 3, 3 },
	{ "elapsed", NULL, V "  func main\n    sleep 1ms\n", 1 * MS, 1 * MS + 10 * US },
	{ "counter.NAME", "counter.x", V "  var x\n  func main\n    set x 5\n    atomic.add x 2\n", 7, 7 },
	{ "completed.NAME", "completed.jobs", V "  counter jobs\n  func main\n    repeat 4\n      count jobs\n", 4, 4 },
	/* the second count comes after 3ms of sleeps, the run goes on to 8ms */
	{ "last.NAME", "last.jobs", V "  counter jobs\n  func main\n    sleep 1ms\n    count jobs\n    sleep 2ms\n"
	  "    count jobs\n    sleep 5ms\n", 3000000, 3001000 },
	/* 10 completions over ~100ms of sleeps */
	{ "rate.NAME", "rate.jobs", V "  counter jobs\n  func main\n    repeat 10\n      count jobs\n      sleep 10ms\n",
	  99, 100 },
	/* a goroutine that sleeps 1ms then samples: ~1ms since its start */
	{ "latency_p99.NAME", "latency_p99.req", P1 V "  probe req\n  func main\n    go w\n    sleep 5ms\n"
	  "  func w\n    sleep 1ms\n    latency req\n", 0.94 * MS, 1.07 * MS },
	/* record takes samples 1ms, 2ms, 3ms: the median is 2ms (within its
	 * bucket's 3.2%), the max exact, three samples */
	{ "latency_p50.NAME", "latency_p50.req", P1 V "  probe req\n  func main\n    repeat 3\n"
	  "      record req (i + 1) * 1ms\n", 1.94 * MS, 2.07 * MS },
	{ "latency_max.NAME", "latency_max.req", P1 V "  probe req\n  func main\n    repeat 3\n"
	  "      record req (i + 1) * 1ms\n", 3 * MS, 3 * MS },
	{ "samples.NAME", "samples.req", P1 V "  probe req\n  func main\n    repeat 3\n"
	  "      record req (i + 1) * 1ms\n", 3, 3 },
	{ "sendq_peak.NAME", "sendq_peak.c", P1 V "  chan c\n  func main\n    repeat 3\n      go s\n    sleep 1ms\n"
	  "    recv c\n  func s\n    send c\n", 3, 3 },
};

static const mcase *find_case(const char *metric)
{
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (strcmp(cases[i].metric, metric) == 0)
			return &cases[i];
	return NULL;
}

static void test_every_documented_metric_has_a_case(void **state)
{
	(void)state;
	int n = engine_metric_count();
	assert_true(n > 40);
	assert_null(engine_metric_doc(n));
	for (int i = 0; i < n; i++) {
		const gmp_metricdoc *d = engine_metric_doc(i);
		if (!find_case(d->name)) {
			print_error("metric '%s' has no test case\n", d->name);
			fail();
		}
		/* a built-in finds its own row; a family's "rate.NAME" stands for
		 * any name after the dot, NAME included */
		assert_ptr_equal(engine_metric_find(d->name), d);
		assert_true(strlen(d->meaning) > 10);
	}
}

static void run_case(const mcase *c)
{
	char src[1200];
	snprintf(src, sizeof src, FX_HEAD "%s", c->src);
	fx_t *f = fx_new(src, "bug");
	fx_run(f);
	const char *q = c->query ? c->query : c->metric;
	double v = fx_metric(f, q);
	if (v < c->lo || v > c->hi) {
		print_error("metric %s is %.17g, expected %.17g..%.17g\n", q, v, c->lo, c->hi);
		fx_free(f);
		fail();
	}
	fx_free(f);
}

/* one test per metric, named after it */
#define MT(name, metric) \
	static void test_metric_##name(void **state) { (void)state; run_case(find_case(metric)); }
MT(goroutines, "goroutines")
MT(goroutines_peak, "goroutines_peak")
MT(threads, "threads")
MT(threads_peak, "threads_peak")
MT(threads_created, "threads_created")
MT(threads_exited, "threads_exited")
MT(threads_wedged, "threads_wedged")
MT(runnable, "runnable")
MT(globrunq, "globrunq")
MT(globrunq_peak, "globrunq_peak")
MT(steals, "steals")
MT(stolen, "stolen")
MT(handoffs, "handoffs")
MT(retakes, "retakes")
MT(overflows, "overflows")
MT(gosched_calls, "gosched_calls")
MT(preempt_requests, "preempt_requests")
MT(preempt_ignored, "preempt_ignored")
MT(preempted, "preempted")
MT(preempt_signals, "preempt_signals")
MT(preempt_signals_lost, "preempt_signals_lost")
MT(reordered, "reordered")
MT(starved_max, "starved_max")
MT(cpu_util, "cpu_util")
MT(cpu_wasted, "cpu_wasted")
MT(sched_overhead, "sched_overhead")
MT(cgo_overhead, "cgo_overhead")
MT(timers, "timers")
MT(timers_peak, "timers_peak")
MT(timer_bytes, "timer_bytes")
MT(stack_bytes, "stack_bytes")
MT(stack_bytes_peak, "stack_bytes_peak")
MT(heap_bytes, "heap_bytes")
MT(heap_peak, "heap_peak")
MT(allocs, "allocs")
MT(gc_cycles, "gc_cycles")
MT(deadlock, "deadlock")
MT(deadlock_at, "deadlock_at")
MT(progress_last, "progress_last")
MT(stalled, "stalled")
MT(fatal, "fatal")
MT(exit_code, "exit_code")
MT(hung, "hung")
MT(leaked_at_exit, "leaked_at_exit")
MT(races, "races")
MT(tls_mismatch, "tls_mismatch")
MT(tls_checks, "tls_checks")
MT(throttled_periods, "throttled_periods")
MT(throttled_time, "throttled_time")
MT(spawns, "spawns")
MT(syscalls, "syscalls")
MT(cgocalls, "cgocalls")
MT(gomaxprocs, "gomaxprocs")
MT(elapsed, "elapsed")
MT(counter_name, "counter.NAME")
MT(completed_name, "completed.NAME")
MT(last_name, "last.NAME")

/* counter.NAME also reads a WaitGroup's counter: three Adds, one Done */
static void test_metric_counter_of_a_waitgroup(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD V "  waitgroup wg\n  func main\n    add wg 3\n    done wg\n", "bug");
	fx_run(f);
	assert_metric(f, "counter.wg", 2);
}
MT(rate_name, "rate.NAME")
MT(latency_p99_name, "latency_p99.NAME")
MT(latency_p50_name, "latency_p50.NAME")
MT(latency_max_name, "latency_max.NAME")
MT(samples_name, "samples.NAME")
MT(sendq_peak_name, "sendq_peak.NAME")

/* A metric defined at the end (an exit status, a deadlock, the goroutines
 * left) is undefined while the run goes on, and defined once it has ended;
 * the CPU figures read between two charges do not lag behind the clock. */
static void test_metric_at_end_ones_are_undefined_while_the_run_goes_on(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "cpus 2\n" P1 V "  func main\n    work 5ms\n    exit 3\n", "bug");
	fx_run_until(f, 2 * MS);
	double v;
	int n = 0;
	for (int i = 0; i < engine_metric_count(); i++) {
		const gmp_metricdoc *d = engine_metric_doc(i);
		if (strchr(d->name, '.'))
			continue;
		assert_true(engine_metric(f->e, d->name, &v) == !d->at_end);
		n += d->at_end;
	}
	assert_eq(n, 6); /* deadlock deadlock_at fatal exit_code hung leaked_at_exit */
	assert_false(engine_metric(f->e, "exit_code", &v));
	/* one busy thread of two CPUs since the start */
	assert_true(engine_metric(f->e, "cpu_util", &v));
	assert_true(v > 49 && v <= 50);
	fx_run(f);
	assert_true(engine_metric(f->e, "exit_code", &v));
	assert_true(v == 3);
}

static void test_metric_unknown_names_are_rejected(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD V "  var x\n  func main\n    work 1us\n", "bug");
	fx_run(f);
	double v;
	assert_false(engine_metric(f->e, "no_such_metric", &v));
	assert_false(engine_metric(f->e, "counter.nope", &v));
	assert_false(engine_metric(f->e, "completed.", &v));
	assert_string_equal(engine_metric_find("rate.anything")->name, "rate.NAME");
	assert_null(engine_metric_find("rate."));
	assert_null(engine_metric_find("threads_exitd"));
	assert_null(engine_metric_find("goroutines.x"));
}

/* The table's units drive how expect shows a value and how the Metrics panel
 * scales a sparkline: one metric of each unit. */
static void test_metric_units(void **state)
{
	(void)state;
	assert_eq(engine_metric_find("threads_created")->unit, UNIT_NONE);
	assert_eq(engine_metric_find("starved_max")->unit, UNIT_NS);
	assert_eq(engine_metric_find("latency_p99.req")->unit, UNIT_NS);
	assert_eq(engine_metric_find("stack_bytes_peak")->unit, UNIT_BYTES);
	assert_eq(engine_metric_find("heap_peak")->unit, UNIT_BYTES);
	assert_eq(engine_metric_find("cpu_util")->unit, UNIT_PCT);
	assert_eq(engine_metric_find("rate.jobs")->unit, UNIT_PER_S);
}

/* A million goroutines parked on a channel are accounted at exactly 2 KiB
 * of stack each (stackMin), main included; with a g of 416 B each on the
 * heap they need a machine of more than the default 2 GiB. Debug builds
 * check every invariant after every event (O(goroutines) each): they park
 * 2000. */
#ifdef GMP_DEBUG
#define NPARKED 2000
#else
#define NPARKED 1000000
#endif
static void test_a_million_parked_goroutines_hold_2kib_of_stack_each(void **state)
{
	(void)state;
	char src[400];
	snprintf(src, sizeof src, FX_HEAD "gomaxprocs 4\nhorizon 3s\nmemory 3GiB\n" V
	         "  chan c\n"
	         "  func main\n"
	         "    repeat %d\n"
	         "      go r\n"
	         "    sleep 5s\n"
	         "  func r\n"
	         "    recv c\n", NPARKED);
	fx_t *f = fx_new(src, "bug");
	engine_run(f->e);   /* no event log: a million spawns */
	assert_eq(engine_runstate(f->e), RUN_HORIZON);   /* main still sleeps */
	assert_eq(engine_g_wait_count(f->e, WAIT_CHAN_RECV), NPARKED);
	assert_metric(f, "goroutines", NPARKED + 1);
	assert_metric(f, "stack_bytes", 2048LL * (NPARKED + 1));
	assert_metric(f, "stack_bytes_peak", 2048LL * (NPARKED + 1));
}

/* the container's limit is the kernel's: SIGKILL, 137, no Go message
 * (tests/real/MEASURED.md, "Memory limits") */
static void test_exceeding_the_memory_limit_is_an_oom_kill(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "memory 2MiB\n" V
	                 "  func main\n"
	                 "    repeat 100\n"
	                 "      alloc 100KiB\n"
	                 "    print \"unreachable\"\n", "bug");
	fx_run(f);
	assert_eq(engine_runstate(f->e), RUN_EXITED);
	assert_fatal(f, "");
	assert_event_count(f, EV_PRINT, 0);
	assert_metric(f, "exit_code", 137);
	/* it died at the allocation that crossed the limit (+ main's stack) */
	assert_metric_between(f, "heap_bytes", 2 * 1024 * 1024 - 2048 - 102400, 2 * 1024 * 1024 + 102400);
}

/* gfput/gfget (proc.go): a P keeps dead Gs for reuse; at 64 it moves all
 * but 31 to the global list, and an empty list refills 32 from it. 100
 * goroutines exit on one P: 64 -> 31 (+33 global), 31 + 33 -> 64 -> 31
 * (+33), then 3 more: 34 on P0, 66 global. 40 new ones then take the 34
 * and, after a refill of 32 from the global list, 6 more: 26 on P0. */
static void test_each_p_counts_its_free_gs_as_gfput_and_gfget_do(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 1\nhorizon 100ms\n" V
	                 "  func main\n    repeat 100\n      go quick\n    sleep 1ms\n"
	                 "    repeat 40\n      go idle\n    sleep 1ms\n"
	                 "  func quick\n    work 1us\n"
	                 "  func idle\n    sleep 10ms\n", "bug");
	fx_run_until(f, 100 * US);   /* main still spawning: nobody exited */
	assert_eq(fx_p(f, 0).gfreecnt, 0);
	fx_run_until(f, 1 * MS);
	assert_eq(fx_p(f, 0).gfreecnt, 34);
	fx_run_until(f, 3 * MS);
	assert_eq(fx_p(f, 0).gfreecnt, 26);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_every_documented_metric_has_a_case),
		FX_TEST(test_each_p_counts_its_free_gs_as_gfput_and_gfget_do),
		FX_TEST(test_metric_units),
		FX_TEST(test_metric_at_end_ones_are_undefined_while_the_run_goes_on),
		FX_TEST(test_metric_goroutines), FX_TEST(test_metric_goroutines_peak),
		FX_TEST(test_metric_threads), FX_TEST(test_metric_threads_peak),
		FX_TEST(test_metric_threads_created), FX_TEST(test_metric_threads_exited),
		FX_TEST(test_metric_threads_wedged),
		FX_TEST(test_metric_runnable), FX_TEST(test_metric_globrunq),
		FX_TEST(test_metric_globrunq_peak),
		FX_TEST(test_metric_steals), FX_TEST(test_metric_stolen),
		FX_TEST(test_metric_handoffs), FX_TEST(test_metric_retakes),
		FX_TEST(test_metric_overflows), FX_TEST(test_metric_gosched_calls),
		FX_TEST(test_metric_preempt_requests), FX_TEST(test_metric_preempt_ignored),
		FX_TEST(test_metric_preempted), FX_TEST(test_metric_preempt_signals),
		FX_TEST(test_metric_preempt_signals_lost), FX_TEST(test_metric_reordered),
		FX_TEST(test_metric_starved_max), FX_TEST(test_metric_cpu_util),
		FX_TEST(test_metric_cpu_wasted), FX_TEST(test_metric_sched_overhead),
		FX_TEST(test_metric_cgo_overhead), FX_TEST(test_metric_timer_bytes),
		FX_TEST(test_metric_deadlock_at), FX_TEST(test_metric_progress_last),
		FX_TEST(test_metric_stalled), FX_TEST(test_metric_throttled_time),
		FX_TEST(test_metric_timers), FX_TEST(test_metric_timers_peak),
		FX_TEST(test_metric_stack_bytes), FX_TEST(test_metric_stack_bytes_peak),
		FX_TEST(test_metric_heap_bytes), FX_TEST(test_metric_heap_peak),
		FX_TEST(test_metric_allocs), FX_TEST(test_metric_gc_cycles),
		FX_TEST(test_metric_deadlock), FX_TEST(test_metric_fatal),
		FX_TEST(test_metric_exit_code), FX_TEST(test_metric_hung),
		FX_TEST(test_metric_leaked_at_exit), FX_TEST(test_metric_races),
		FX_TEST(test_metric_tls_mismatch), FX_TEST(test_metric_tls_checks),
		FX_TEST(test_metric_throttled_periods), FX_TEST(test_metric_spawns),
		FX_TEST(test_metric_syscalls), FX_TEST(test_metric_cgocalls),
		FX_TEST(test_metric_gomaxprocs), FX_TEST(test_metric_elapsed),
		FX_TEST(test_metric_counter_name), FX_TEST(test_metric_completed_name),
		FX_TEST(test_metric_last_name), FX_TEST(test_metric_counter_of_a_waitgroup),
		FX_TEST(test_metric_rate_name), FX_TEST(test_metric_latency_p99_name),
		FX_TEST(test_metric_latency_p50_name), FX_TEST(test_metric_latency_max_name),
		FX_TEST(test_metric_samples_name),
		FX_TEST(test_metric_sendq_peak_name),
		FX_TEST(test_metric_unknown_names_are_rejected),
		FX_TEST(test_a_million_parked_goroutines_hold_2kib_of_stack_each),
		FX_TEST(test_exceeding_the_memory_limit_is_an_oom_kill),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
