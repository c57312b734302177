/*
 * test_clone.c — checkpoints (engine_clone): a clone runs on exactly as the
 * original does (same events, same state), and stepping back by replaying a
 * clone of an earlier checkpoint reproduces the state reached before.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "engine_fixture.h"

/* a busy program: several Ps, channels, a mutex, timers, syscalls, steals,
 * preemption, the race detector */
static const char *busy =
	FX_HEAD "gomaxprocs 3\ncpus 2\nhorizon 40ms\nrace on\nseed 5\n"
	"variant bug\n"
	"  chan c 2\n"
	"  mutex mu\n"
	"  var x\n"
	"  waitgroup wg\n"
	"  func main\n"
	"    repeat 6\n"
	"      add wg 1\n"
	"      go worker\n"
	"    go spin\n"
	"    repeat 30\n"
	"      recv c\n"
	"    wait wg\n"
	"  func worker\n"
	"    repeat 5\n"
	"      lock mu\n"
	"      load x\n"
	"      store x + 1\n"
	"      unlock mu\n"
	"      select\n"
	"        case send c\n"
	"        case after 2ms\n"
	"          send c\n"
	"      syscall 300us\n"
	"      sleep 3ms\n"
	"      load x\n"
	"    done wg\n"
	"  func spin\n"
	"    work forever nocall\n";

/* same_events compares kind/t/p/m/g (and the rest) of a's and b's events
 * with seq >= from. */
static void assert_same_events(const fx_t *a, const fx_t *b, uint64_t from)
{
	assert_eq(a->lost, 0);
	assert_eq(b->lost, 0);
	assert_eq(a->nlog, b->nlog);
	for (size_t i = (size_t)from; i < a->nlog; i++) {
		const gmp_event *x = &a->log[i], *y = &b->log[i];
		if (x->kind != y->kind || x->t != y->t || x->p != y->p || x->m != y->m || x->g != y->g ||
		    x->p2 != y->p2 || x->n != y->n || strcmp(x->caption, y->caption) != 0) {
			print_error("event %zu differs: %s t=%lld p=%d m=%d g=%d vs %s t=%lld p=%d m=%d g=%d\n", i,
			            event_kind_name((gmp_evkind)x->kind), (long long)x->t, x->p, x->m, x->g,
			            event_kind_name((gmp_evkind)y->kind), (long long)y->t, y->p, y->m, y->g);
			fail();
		}
	}
}

static void assert_same_state(const fx_t *a, const fx_t *b)
{
	assert_eq(engine_now(a->e), engine_now(b->e));
	assert_eq(engine_runstate(a->e), engine_runstate(b->e));
	assert_eq(engine_event_total(a->e), engine_event_total(b->e));
	assert_eq(engine_ng(a->e), engine_ng(b->e));
	assert_eq(engine_nms(a->e), engine_nms(b->e));
	assert_eq(engine_globrunq_size(a->e), engine_globrunq_size(b->e));
	for (int p = 0; p < engine_nprocs(a->e); p++) {
		gmp_pview x = fx_p(a, p), y = fx_p(b, p);
		assert_eq(memcmp(&x, &y, sizeof x), 0);
	}
	for (int m = 0; m < engine_nms(a->e); m++) {
		gmp_mview x = fx_m(a, m), y = fx_m(b, m);
		assert_eq(memcmp(&x, &y, sizeof x), 0);
	}
	for (int i = 0; i < engine_metric_count(); i++) {
		const gmp_metricdoc *d = engine_metric_doc(i);
		double x, y;
		if (strchr(d->name, '.'))
			continue;
		/* one defined at the end is defined on both or on neither */
		bool ok = !d->at_end || engine_runstate(a->e) != RUN_RUNNING;
		assert_true(engine_metric(a->e, d->name, &x) == ok);
		assert_true(engine_metric(b->e, d->name, &y) == ok);
		if (!ok)
			continue;
		if (x != y) {
			print_error("metric %s: %g vs %g\n", d->name, x, y);
			fail();
		}
	}
}

static void test_a_clone_runs_on_exactly_as_the_original(void **state)
{
	(void)state;
	fx_t *a = fx_new(busy, "bug");
	fx_run_until(a, 7 * MS);
	fx_t *b = fx_clone(a);
	assert_same_state(a, b);
	uint64_t from = a->nlog;
	fx_run(a);
	fx_run(b);
	assert_true(a->nlog > from + 100);
	assert_same_events(a, b, from);
	assert_same_state(a, b);
	assert_metric(a, "counter.x", 30);
}

/* Goroutines deep enough to use their cold fields (gext_t): a call, three
 * nested loops, three defers, a locked thread. A clone taken while they
 * sleep inside the innermost loop runs on exactly as the original; the
 * defers run last-in first-out. */
static const char *deep =
	FX_HEAD "gomaxprocs 2\nhorizon 50ms\n"
	"variant bug\n"
	"  var v\n"
	"  counter x\n"
	"  waitgroup wg\n"
	"  func main\n"
	"    add wg 2\n"
	"    go deep\n"
	"    go deep\n"
	"    wait wg\n"
	"  func deep\n"
	"    defer done wg\n"
	"    lockosthread\n"
	"    call nest\n"
	"    unlockosthread\n"
	"  func nest\n"
	"    defer print \"deferred first\"\n"
	"    defer last\n"
	"    repeat 2\n"
	"      repeat 3\n"
	"        repeat 2\n"
	"          load v\n"
	"          sleep 10us\n"
	"          store v + 1\n"
	"          count x\n"
	"  func last\n"
	"    print \"deferred last\"\n";

static void test_deep_goroutines_clone_and_unwind_in_order(void **state)
{
	(void)state;
	fx_t *a = fx_new(deep, "bug");
	fx_run_until(a, 55 * US);
	gmp_gview g;
	/* on to G6's next sleep in the innermost loop */
	while (fx_g(a, 6, &g) && g.status != G_WAITING)
		assert_true(fx_step(a, ~0ULL));
	assert_true(fx_g(a, 6, &g));
	assert_eq(g.status, G_WAITING);
	assert_eq(g.wait, WAIT_SLEEP);   /* asleep in the innermost loop */
	assert_true(g.lockedm >= 0);
	fx_t *b = fx_clone(a);
	uint64_t from = a->nlog;
	fx_run(a);
	fx_run(b);
	assert_same_events(a, b, from);
	assert_same_state(a, b);
	assert_metric(a, "counter.x", 24);
	assert_metric(a, "exit_code", 0);
	fx_assert_contains(assert_found(fx_find(a, EV_PRINT, 0))->caption, "deferred last", "caption", __FILE__, __LINE__);
	fx_assert_contains(assert_found(fx_find(a, EV_PRINT, 1))->caption, "deferred first", "caption", __FILE__, __LINE__);
}

/* the same program and seed, run twice from scratch, emits the same events */
static void test_two_runs_of_one_program_are_identical(void **state)
{
	(void)state;
	fx_t *a = fx_new(busy, "bug");
	fx_t *b = fx_new(busy, "bug");
	fx_run(a);
	fx_run(b);
	assert_same_events(a, b, 0);
	assert_same_state(a, b);
}

/* Stepping back: keep a checkpoint, run on, then replay a clone of the
 * checkpoint to an earlier point: it matches what the original was there. */
static void test_stepping_back_by_clone_and_replay_reproduces_the_state(void **state)
{
	(void)state;
	fx_t *a = fx_new(busy, "bug");
	fx_run_until(a, 3 * MS);
	fx_t *ckpt = fx_clone(a);
	/* step a forward 40 visible events, remembering the 25th */
	for (int i = 0; i < 25; i++)
		fx_step(a, ~0ULL);
	fx_t *at25 = fx_clone(a);
	for (int i = 0; i < 15; i++)
		fx_step(a, ~0ULL);
	/* back to step 25: replay from the checkpoint */
	fx_t *r = fx_clone(ckpt);
	for (int i = 0; i < 25; i++)
		fx_step(r, ~0ULL);
	assert_same_state(r, at25);
	assert_same_events(r, at25, 0);
	/* and the checkpoint itself was not disturbed by either */
	assert_eq(engine_now(ckpt->e), 3 * MS);
	/* both then go on identically */
	fx_run(r);
	fx_run(a);
	assert_same_events(r, a, 0);
}

/* a clone is independent: running it leaves the original untouched */
static void test_a_clone_is_independent_of_its_original(void **state)
{
	(void)state;
	fx_t *a = fx_new(busy, "bug");
	fx_run_until(a, 5 * MS);
	uint64_t n = engine_event_total(a->e);
	int64_t now = engine_now(a->e);
	fx_t *b = fx_clone(a);
	fx_run(b);
	assert_eq(engine_event_total(a->e), n);
	assert_eq(engine_now(a->e), now);
	fx_free(b);
	fx_run(a);
	assert_eq(engine_runstate(a->e), RUN_EXITED);
}

/* A race-enabled run cloned after a `go` (which gives both goroutines
 * vector clocks) but before any shared variable was touched. */
static void test_a_race_enabled_run_clones_before_any_shared_access(void **state)
{
	(void)state;
	/* ENGINE BUG: race.c creates clocks (e->rclocks) in race_fork without
	 * the detector state (e->race_state); race_clone returns early when
	 * race_state is NULL and leaves the clone with rclocks = NULL while its
	 * Gs keep their clock slots: the clone's next sync op (here f's Done:
	 * race_release) dereferences NULL (SEGV at race.c race_release/vc_grow).
	 * Expected: both run to the end identically. (Fixed in d7e1cb6.) */
	fx_t *a = fx_new(FX_HEAD "race on\n"
	                 "variant bug\n"
	                 "  waitgroup wg\n"
	                 "  func main\n"
	                 "    add wg 1\n"
	                 "    go f\n"
	                 "    sleep 100us\n"
	                 "    wait wg\n"
	                 "  func f\n"
	                 "    sleep 200us\n"
	                 "    done wg\n", "bug");
	fx_run_until(a, 50 * US);
	fx_t *b = fx_clone(a);
	fx_run(a);
	fx_run(b);
	assert_eq(engine_runstate(b->e), RUN_EXITED);
	assert_same_events(a, b, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_a_clone_runs_on_exactly_as_the_original),
		FX_TEST(test_deep_goroutines_clone_and_unwind_in_order),
		FX_TEST(test_two_runs_of_one_program_are_identical),
		FX_TEST(test_stepping_back_by_clone_and_replay_reproduces_the_state),
		FX_TEST(test_a_clone_is_independent_of_its_original),
		FX_TEST(test_a_race_enabled_run_clones_before_any_shared_access),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
