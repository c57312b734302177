/*
 * test_lang.c — the scenario language's run-time values (engine/lang/
 * scenario_expr.c compiles them, engine/runtime/exec_expr.c runs them):
 * parameters and arguments, integer and boolean expressions, `if` and `for`
 * conditions, `let` / `set` locals, `now` and `since`, `record`, `gc`,
 * `numgoroutine`, exponents, and the errors of each, one exact line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "engine_fixture.h"
#include "event_heap.h"
#include "invariants.h"
#include "sched.h"

#define V FX_HEAD "gomaxprocs 2\nhorizon 1s\nvariant bug\n"

/* go f(i) passes the loop counter; the callee's conditions use it. */
static void test_parameters_and_conditions(void **state)
{
	(void)state;
	fx_t *f = fx_new(V
	                 "  var hits\n  var sum\n  counter even\n  waitgroup wg\n"
	                 "  func main\n"
	                 "    repeat 10\n"
	                 "      add wg 1\n"
	                 "      go job(i, i * 2)\n"
	                 "    wait wg\n"
	                 "  func job(id, twice)\n"
	                 "    defer done wg\n"
	                 "    if id == 3 || id == 7 && twice == 14\n"
	                 "      atomic.add hits 1\n"
	                 "    if id % 2 == 0 && !(id >= 8)\n"
	                 "      count even\n"
	                 "    atomic.add sum twice - id\n", "bug");
	fx_run(f);
	assert_metric(f, "counter.hits", 2);
	assert_metric(f, "completed.even", 4);        /* 0 2 4 6 */
	assert_metric(f, "counter.sum", 45);          /* sum of 0..9 */
}

/* sleep i * 1ms: the durations come from the counter; a call passes values
 * and the callee's locals do not clobber the caller's. */
static void test_durations_calls_and_locals(void **state)
{
	(void)state;
	fx_t *f = fx_new(V
	                 "  var out\n"
	                 "  func main\n"
	                 "    let total = 0ms\n"
	                 "    repeat 4\n"
	                 "      sleep (i + 1) * 1ms\n"
	                 "      set total total + (i + 1) * 1ms\n"
	                 "    call add(total / 1ms, 5)\n"
	                 "  func add(a, b)\n"
	                 "    let c = a * 100 + b\n"
	                 "    set out c\n", "bug");
	fx_run(f);
	assert_metric_between(f, "elapsed", 10 * MS, 10 * MS + 5 * US);   /* + the wake-ups */
	assert_metric(f, "counter.out", 1005);
}

/* for since t0 < 3ms: the loop stops once 3ms have passed; record samples
 * the duration a program measured. */
static void test_time_bounded_loop_and_record(void **state)
{
	(void)state;
	fx_t *f = fx_new(V
	                 "  var n\n  probe took\n"
	                 "  func main\n"
	                 "    let t0 = now\n"
	                 "    for since t0 < 3ms\n"
	                 "      atomic.add n 1\n"
	                 "      sleep 1ms\n"
	                 "    record took since t0\n", "bug");
	fx_run(f);
	assert_metric(f, "counter.n", 3);
	assert_metric(f, "samples.took", 1);
	assert_metric_between(f, "latency_max.took", 3 * MS, 3 * MS + 5 * US);
}

/* numgoroutine counts the live goroutines; `repeat` takes a run-time count. */
static void test_numgoroutine_and_runtime_repeat(void **state)
{
	(void)state;
	fx_t *f = fx_new(V
	                 "  var seen\n  var loops\n"
	                 "  func main\n"
	                 "    repeat 3\n"
	                 "      go idle\n"
	                 "    set seen numgoroutine\n"
	                 "    let k = seen * 2\n"
	                 "    repeat k + 1\n"
	                 "      atomic.add loops 1\n"
	                 "  func idle\n"
	                 "    sleep 10ms\n", "bug");
	fx_run(f);
	assert_metric(f, "counter.seen", 4);
	assert_metric(f, "counter.loops", 9);
}

/* gc collects now, whatever the heap goal. */
static void test_gc_collects_now(void **state)
{
	(void)state;
	fx_t *f = fx_new(V
	                 "  func main\n"
	                 "    alloc 100KiB\n"
	                 "    gc\n"
	                 "    gc\n", "bug");
	fx_run(f);
	assert_metric(f, "gc_cycles", 2);
	assert_event_count(f, EV_GC, 2);
}

/* 2.7e7 and 1.5e3us are read exactly; reserved words name variants, counters
 * and probes. */
static void test_exponents_and_namespaces(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "param big 2.7e7\nparam small 25e-1\n"
	                 "variant none\n"
	                 "  var x\n  counter forever\n"
	                 "  func main\n"
	                 "    set x big + small\n"
	                 "    count forever 1_000\n"
	                 "    sleep 1.5e3us\n", "none");
	fx_run(f);
	assert_metric(f, "counter.x", 27000002);
	assert_metric(f, "completed.forever", 1000);
	assert_metric_between(f, "elapsed", 1500 * US, 1500 * US + 5 * US);
}

/* a division by zero at run time panics, as Go does. */
static void test_division_by_zero_panics(void **state)
{
	(void)state;
	fx_t *f = fx_new(V
	                 "  var x\n"
	                 "  func main\n"
	                 "    set x 10 / x\n", "bug");
	fx_run(f);
	assert_fatal(f, "panic: runtime error: integer divide by zero");
}

/* a spinner on the only P; main wakes after 1ms and wants it back. */
static fx_t *spinner(const char *settings, const char *attr)
{
	static char src[600];
	snprintf(src, sizeof src,
	         FX_HEAD "go 1.22\ngomaxprocs 1\nhorizon 50ms\n%s"
	         "variant bug\n"
	         "  var back\n"
	         "  func main\n"
	         "    go spin\n"
	         "    sleep 1ms\n"
	         "    set back 1\n"
	         "  func spin\n"
	         "    repeat forever\n"
	         "      call step\n"
	         "  func step%s\n"
	         "    call burn\n"      /* not a leaf: a small leaf is inlined anyway */
	         "  func burn\n"
	         "    work 50us nocall\n", settings, attr);
	return fx_new(src, "bug");
}

/* GODEBUG=asyncpreemptoff=1: no SIGURG, so a call-free loop keeps the P. */
static void test_godebug_asyncpreemptoff(void **state)
{
	(void)state;
	fx_t *on = spinner("", " inline");
	fx_run(on);
	assert_metric(on, "counter.back", 1);          /* a signal preempted spin */
	assert_true(fx_metric(on, "preempt_signals") >= 1);
	fx_t *off = spinner("godebug asyncpreemptoff=1\n", " inline");
	fx_run(off);
	assert_metric(off, "counter.back", 0);         /* main never ran again */
	assert_metric(off, "preempt_signals", 0);
	/* without inline, the call is a preemption point: the request is honoured */
	fx_t *call = spinner("godebug asyncpreemptoff=1\n", "");
	fx_run(call);
	assert_metric(call, "counter.back", 1);
	assert_metric(call, "preempt_signals", 0);
}

/* gomemlimit is a soft limit: the GC runs more often, nothing is fatal. */
static void test_gomemlimit_is_soft(void **state)
{
	(void)state;
	static const char *src[2] = {
		/* the sleep lets the last cycle's mark finish (gc_cycles counts
		 * cycles done) */
		V "  func main\n    repeat 64\n      alloc 256KiB\n    sleep 10ms\n",
		V "  set gomemlimit 2MiB\n  func main\n    repeat 64\n      alloc 256KiB\n    sleep 10ms\n",
	};
	fx_t *f = fx_new(src[0], "bug");
	fx_run(f);
	assert_metric(f, "gc_cycles", 4);      /* a 4 MiB goal: every 16 allocations (16 MiB) */
	fx_t *g = fx_new(src[1], "bug");
	fx_run(g);
	assert_metric(g, "gc_cycles", 8);      /* a 2 MiB goal: every 8 */
	assert_string_equal(engine_fatal(g->e), "");
}

/* gogc sets GOGC: the goal is the live heap plus gogc % of it (and of the
 * stacks), heapMinimum (4 MiB) scaled alike; off starts no cycle. */
static void test_gogc_scales_the_goal_or_turns_the_gc_off(void **state)
{
	(void)state;
	static const char *src[3] = {
		V "  set gogc 50\n  func main\n    repeat 64\n      alloc 256KiB\n    sleep 10ms\n",
		V "  set gogc off\n  func main\n    repeat 64\n      alloc 256KiB\n    sleep 10ms\n",
		V "  set gogc off\n  func main\n    repeat 64\n      alloc 256KiB\n    gc\n    sleep 10ms\n",
	};
	fx_t *half = fx_new(src[0], "bug");
	fx_run(half);
	assert_metric(half, "gc_cycles", 8);   /* a 2 MiB goal (GOGC=100 gives 4) */
	fx_t *off = fx_new(src[1], "bug");
	fx_run(off);
	assert_metric(off, "gc_cycles", 0);
	assert_metric(off, "heap_peak", 64 * 256 * 1024 + 416);   /* and main's g */
	fx_t *forced = fx_new(src[2], "bug");
	fx_run(forced);
	assert_metric(forced, "gc_cycles", 1);  /* runtime.GC still collects */
}

/* run_checked runs f event time by event time, with the engine's
 * invariants checked after each (engine_check aborts on a broken one). */
static void run_checked(fx_t *f, int64_t until)
{
	gmp_engine *e = f->e;
	while (engine_runstate(e) == RUN_RUNNING && tev_min(e) <= until) {
		engine_run_until(e, tev_min(e));
		fx_sync(f);
		engine_check(e);
	}
}

/* gomaxprocs N mid-run: Ps beyond N are destroyed (their goroutines move
 * to the global queue and keep running on the others), then come back. */
static void test_gomaxprocs_statement_resizes_the_ps(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 4\ncpus 4\nhorizon 100ms\n"
	                 "variant bug\n"
	                 "  counter steps\n  var seen\n"
	                 "  func main\n"
	                 "    repeat 6\n      go spin\n"
	                 "    repeat 3\n      go nap\n"
	                 "    sleep 2ms\n"
	                 "    gomaxprocs 1\n"
	                 "    set seen gomaxprocs\n"
	                 "    sleep 30ms\n"
	                 "    gomaxprocs 2\n"
	                 "    sleep 20ms\n"
	                 "  func spin\n"
	                 "    repeat forever\n      work 200us\n      count steps\n"
	                 "  func nap\n"
	                 "    repeat forever\n      sleep 1ms\n", "bug");
	assert_eq(engine_nprocs(f->e), 4);
	run_checked(f, 25 * MS);
	assert_eq(engine_gomaxprocs(f->e), 1);
	for (int p = 1; p < 4; p++) {
		gmp_pview pv;
		engine_p_view(f->e, p, &pv);
		assert_eq(pv.status, P_DEAD);
	}
	double steps = fx_metric(f, "completed.steps");
	/* main, runnable behind the spinners on one P, reaches `gomaxprocs 2`
	 * some slices after its 30ms sleep; look while the program still runs */
	for (int64_t t = 25 * MS; engine_gomaxprocs(f->e) != 2 && t < 100 * MS; t += MS)
		run_checked(f, t);
	assert_eq(engine_gomaxprocs(f->e), 2);
	assert_int_equal(engine_runstate(f->e), RUN_RUNNING);
	gmp_pview pv;
	engine_p_view(f->e, 1, &pv);
	assert_true(pv.status != P_DEAD);
	engine_p_view(f->e, 2, &pv);
	assert_eq(pv.status, P_DEAD);
	run_checked(f, 100 * MS);   /* after exit every P is gone with the process */
	assert_metric(f, "counter.seen", 1);
	assert_metric(f, "gomaxprocs", 2);
	assert_true(fx_metric(f, "completed.steps") > steps + 100);   /* 2 Ps of 200us steps */
}

static void test_errors_give_one_exact_line(void **state)
{
	(void)state;
	static const fx_parse_case cases[] = {
		{ V "  func main\n    let t0 = now\n    for since t0 < 5\n      gosched\n",
		  "t.gmp:7:9: a comparison of a duration and a bare number: give the number a unit, like 5ms" },
		{ V "  func main\n    go job(1, 2)\n  func job(a)\n    gosched\n",
		  "t.gmp:6:15: too many arguments: job takes 1" },
		{ V "  func main\n    go job\n  func job(a)\n    gosched\n",
		  "t.gmp:6:8: job takes 1 argument: write job(...)" },
		{ V "  func main\n    call job()\n  func job(a, b)\n    gosched\n",
		  "t.gmp:6:13: not enough arguments: job takes 2, given 0" },
		{ V "  func main\n    sleep 3 * 2\n",
		  "t.gmp:6:11: sleep needs a duration like 2ms, not 6" },
		{ V "  func main\n    let n = 1\n    sleep n\n",
		  "t.gmp:7:11: sleep needs a duration, not a plain number" },
		{ V "  func main\n    let n = 1\n    let n = 2\n",
		  "t.gmp:7:9: 'n' is already a local of main: assign it with set n VALUE" },
		{ V "  func main\n    let n = 1\n    if n\n      gosched\n",
		  "t.gmp:7:8: if needs a condition (a comparison such as n > 3), not a plain number" },
		{ V "  func main\n    go w\n  func w\n    let a = 1\n    go\n      sleep a * 1ms\n",
		  "t.gmp:10:13: a go or defer block cannot read 'a' of w: pass it to a func (go f(a))" },
		{ V "  func main\n    let t = now\n    if t > 3 && true\n      gosched\n",
		  "t.gmp:7:8: a comparison of a time and a plain number" },
		{ V "  func main\n    for\n      gosched\n",
		  "t.gmp:6:8: for needs a condition (for since t0 < 300ms); a loop without one is repeat forever" },
		{ V "  func main\n    gomaxprocs 0\n",
		  "t.gmp:6:16: gomaxprocs out of range: 0 (allowed 1 to 1024)" },
		{ V "  func main(n)\n    gosched\n",
		  "t.gmp:5:15: func main takes no parameters" },
		{ V "  func main\n    call f(1)\n  func f(d duration)\n    sleep d\n",
		  "t.gmp:6:12: argument d needs a duration, not a plain number" },
		{ FX_HEAD "variant fatal\n  func main\n    gosched\n",
		  "t.gmp:2:9: 'fatal' is reserved in expect lines, not usable as a variant name" },
		{ V "  func main\n    sleep 1ms\nexpect bug elapsed < 5\n",
		  "t.gmp:7:22: a comparison of a duration and a bare number: give the number a unit, like 5ms" },
		{ FX_HEAD "godebug asyncpreemptof=1\nvariant bug\n  func main\n    gosched\n",
		  "t.gmp:2:9: unknown GODEBUG setting 'asyncpreemptof' (the engine honours asyncpreemptoff, asynctimerchan)" },
		{ FX_HEAD "godebug asyncpreemptoff=2\nvariant bug\n  func main\n    gosched\n",
		  "t.gmp:2:25: asyncpreemptoff takes 0 or 1, found '2'" },
		{ V "  var forever\n  func main\n    gosched\n",
		  "t.gmp:5:7: 'forever' is a reserved word, not usable as a var name" },
	};
	assert_int_equal(fx_bad_parses(cases, sizeof cases / sizeof cases[0]), 0);
}

/* check reports every error of a file, sorted, at most 20; a `like`
 * variant does not repeat the errors of the lines it inherits. */
static void test_every_error_of_a_file(void **state)
{
	(void)state;
	char err[8192];
	int rc = fx_try_parse(FX_HEAD "godebug foo=1\n"
	                      "variant bug\n  mutex m\n  func main\n    slep 1ms\n    rlock m\n"
	                      "    if x == 3\n      gosched\n    else\n      gosched\n    sleep 5\n"
	                      "variant fix like bug\n  func helper\n    frobnicate\n"
	                      "expect bug nosuchmetric == 1\n", err, sizeof err);
	assert_int_equal(rc, -1);
	assert_string_equal(err,
	                    "t.gmp:2:9: unknown GODEBUG setting 'foo' (the engine honours asyncpreemptoff, asynctimerchan)\n"
	                    "t.gmp:6:5: unknown statement 'slep'; did you mean sleep?\n"
	                    "t.gmp:7:11: rlock needs an rwmutex; declare m with `rwmutex m`\n"
	                    "t.gmp:8:8: unknown name 'x' (not a param, local, var, i, now or numgoroutine)\n"
	                    "t.gmp:12:11: sleep needs a duration like 2ms, not 5\n"
	                    "t.gmp:15:5: unknown statement 'frobnicate'; did you mean broadcast?\n"
	                    "t.gmp:16:12: unknown metric 'nosuchmetric' (gmpscope metrics lists them)");
	/* 30 bad statements: the first 20 are reported */
	char src[2048];
	int n = snprintf(src, sizeof src, FX_HEAD "variant bug\n  func main\n");
	for (int i = 0; i < 30; i++)
		n += snprintf(src + n, sizeof src - (size_t)n, "    sleep %d\n", i + 1);
	assert_int_equal(fx_try_parse(src, err, sizeof err), -1);
	int lines = 1;
	for (const char *p = err; (p = strchr(p, '\n')) != NULL; p++)
		lines++;
	assert_int_equal(lines, 20);
	assert_non_null(strstr(err, "t.gmp:4:11: sleep needs a duration like 2ms, not 1\n"));
	assert_non_null(strstr(err, "t.gmp:23:11: sleep needs a duration like 2ms, not 20"));
	assert_null(strstr(err, "not 21"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_parameters_and_conditions),
		FX_TEST(test_durations_calls_and_locals),
		FX_TEST(test_time_bounded_loop_and_record),
		FX_TEST(test_numgoroutine_and_runtime_repeat),
		FX_TEST(test_gc_collects_now),
		FX_TEST(test_exponents_and_namespaces),
		FX_TEST(test_division_by_zero_panics),
		FX_TEST(test_godebug_asyncpreemptoff),
		FX_TEST(test_gomaxprocs_statement_resizes_the_ps),
		FX_TEST(test_gomemlimit_is_soft),
		FX_TEST(test_gogc_scales_the_goal_or_turns_the_gc_off),
		FX_TEST(test_errors_give_one_exact_line),
		FX_TEST(test_every_error_of_a_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
