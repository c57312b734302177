/*
 * test_sync_more.c — sync.RWMutex (writer preference), sync.Once,
 * sync.Cond, atomic compare-and-swap and context cancellation
 * (engine/runtime/sema.c, exec_sync.c, exec_chan.c), and their errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "engine_fixture.h"

#define V FX_HEAD "gomaxprocs 4\nhorizon 1s\nvariant bug\n"

/* r1 reads for 2ms; w asks for the lock at 100us, r2 at 200us: r2 waits
 * behind the pending writer (as rwmutex.go's negative readerCount makes it),
 * so the order is r1, w, r2 and r2 gets in when w unlocks at 3ms. */
static void test_rwmutex_writer_preference(void **state)
{
	(void)state;
	fx_t *f = fx_new(V
	                 "  rwmutex rw\n  var seq\n  var r1\n  var w\n  var r2\n  var r2at\n  waitgroup wg\n"
	                 "  func main\n"
	                 "    let t0 = now\n"
	                 "    add wg 3\n"
	                 "    go reader1\n"
	                 "    sleep 100us\n"
	                 "    go writer\n"
	                 "    sleep 100us\n"
	                 "    go reader2(t0)\n"
	                 "    wait wg\n"
	                 "  func reader1\n"
	                 "    rlock rw\n    atomic.add seq 1\n    set r1 seq\n    sleep 2ms\n    runlock rw\n    done wg\n"
	                 "  func writer\n"
	                 "    lock rw\n    atomic.add seq 1\n    set w seq\n    sleep 1ms\n    unlock rw\n    done wg\n"
	                 "  func reader2(t0 time)\n"
	                 "    rlock rw\n    atomic.add seq 1\n    set r2 seq\n    set r2at since t0 / 1us\n"
	                 "    runlock rw\n    done wg\n", "bug");
	fx_run(f);
	assert_metric(f, "counter.r1", 1);
	assert_metric(f, "counter.w", 2);
	assert_metric(f, "counter.r2", 3);
	assert_metric_between(f, "counter.r2at", 3000, 3010);
	assert_string_equal(engine_fatal(f->e), "");
}

/* readers share the lock: three 1ms readers finish together. */
static void test_rwmutex_readers_share(void **state)
{
	(void)state;
	fx_t *f = fx_new(V
	                 "  rwmutex rw\n  waitgroup wg\n"
	                 "  func main\n"
	                 "    repeat 3\n      add wg 1\n      go r\n"
	                 "    wait wg\n"
	                 "  func r\n"
	                 "    defer done wg\n    rlock rw\n    sleep 1ms\n    runlock rw\n", "bug");
	fx_run(f);
	assert_metric_between(f, "elapsed", 1 * MS, 1 * MS + 20 * US);
}

/* Once runs its function once; a Do during it waits until it is done. */
static void test_once(void **state)
{
	(void)state;
	fx_t *f = fx_new(V
	                 "  once o\n  var runs\n  var later\n  waitgroup wg\n"
	                 "  func main\n"
	                 "    repeat 4\n      add wg 1\n      go user\n"
	                 "    wait wg\n"
	                 "    once o setup\n"
	                 "  func user\n"
	                 "    defer done wg\n"
	                 "    once o\n"
	                 "      atomic.add runs 1\n"
	                 "      sleep 1ms\n"
	                 "    atomic.add later runs\n"
	                 "  func setup\n"
	                 "    atomic.add runs 10\n", "bug");
	fx_run(f);
	assert_metric(f, "counter.runs", 1);        /* the second Once.Do did nothing */
	assert_metric(f, "counter.later", 4);       /* every user saw it done */
}

/* Cond: Signal wakes one waiter, Broadcast the rest; each relocks c.L. */
static void test_cond_signal_and_broadcast(void **state)
{
	(void)state;
	fx_t *f = fx_new(V
	                 "  mutex mu\n  cond c mu\n  var ready\n  var woke\n  waitgroup wg\n"
	                 "  func main\n"
	                 "    repeat 3\n      add wg 1\n      go waiter\n"
	                 "    sleep 1ms\n"
	                 "    lock mu\n    set ready 1\n    signal c\n    unlock mu\n"
	                 "    sleep 1ms\n"
	                 "    set ready 2\n"
	                 "    lock mu\n    broadcast c\n    unlock mu\n"
	                 "    wait wg\n"
	                 "  func waiter\n"
	                 "    defer done wg\n"
	                 "    lock mu\n"
	                 "    wait c\n"
	                 "    atomic.add woke ready\n"
	                 "    unlock mu\n", "bug");
	fx_run(f);
	assert_metric(f, "counter.woke", 1 + 2 + 2);   /* one at ready 1, two at ready 2 */
	assert_string_equal(engine_fatal(f->e), "");
}

/* compare-and-swap swaps once; cancel closes Done once, waking select. */
static void test_cas_and_context(void **state)
{
	(void)state;
	fx_t *f = fx_new(V
	                 "  ctx ctx\n  var x\n  var won\n  counter stopped\n  waitgroup wg\n"
	                 "  func main\n"
	                 "    repeat 3\n      add wg 1\n      go worker\n"
	                 "    repeat 3\n"
	                 "      if cas x 0 5\n        atomic.add won 1\n"
	                 "    sleep 1ms\n"
	                 "    cancel ctx\n    cancel ctx\n"
	                 "    wait wg\n"
	                 "  func worker\n"
	                 "    defer done wg\n"
	                 "    repeat forever\n"
	                 "      select\n"
	                 "        case recv ctx\n          count stopped\n          return\n"
	                 "        case after 100us\n", "bug");
	fx_run(f);
	assert_metric(f, "counter.x", 5);
	assert_metric(f, "counter.won", 1);
	assert_metric(f, "completed.stopped", 3);
	assert_metric_between(f, "elapsed", 1 * MS, 1 * MS + 20 * US);
}

static void test_misapplied_sync_errors(void **state)
{
	(void)state;
	static const fx_parse_case cases[] = {
		{ V "  mutex m\n  func main\n    rlock m\n",
		  "t.gmp:7:11: rlock needs an rwmutex; declare m with `rwmutex m`" },
		{ V "  cond c m\n  func main\n    gosched\n",
		  "t.gmp:5:10: cond needs its mutex, declared above: cond c MUTEX (sync.NewCond(&mu))" },
		{ V "  chan ch\n  func main\n    cancel ch\n",
		  "t.gmp:7:12: 'ch' is a chan, not a ctx" },
		{ V "  ctx c\n  func main\n    close c\n",
		  "t.gmp:7:11: 'c' is a ctx: receive from its Done (recv c, case recv c) or cancel it" },
		{ V "  func main\n    frobnicate\n",
		  "t.gmp:6:5: unknown statement 'frobnicate'; did you mean broadcast?" },
		{ V "  func main\n    slep 1ms\n",
		  "t.gmp:6:5: unknown statement 'slep'; did you mean sleep?" },
		{ V "  func main\n    mutex m\n",
		  "t.gmp:6:5: 'mutex' is a declaration: put it directly under the variant, not inside a func" },
		{ V "  once o\n  func main\n    once o\n",
		  "t.gmp:7:11: once needs the func it runs (once o FUNC) or an indented body" },
	};
	assert_int_equal(fx_bad_parses(cases, sizeof cases / sizeof cases[0]), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_rwmutex_writer_preference),
		FX_TEST(test_rwmutex_readers_share),
		FX_TEST(test_once),
		FX_TEST(test_cond_signal_and_broadcast),
		FX_TEST(test_cas_and_context),
		FX_TEST(test_misapplied_sync_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
