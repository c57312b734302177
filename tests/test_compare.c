/*
 * test_compare.c — compare mode driven by keys, as the recorder's --keys
 * script drives it: a step goes to the earlier of the two runs' next visible
 * events, run-until stops at the first in either, ← puts both runs back where
 * the latest move began (a run frozen at its end stays frozen).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "appstate.h"
#include "canvas.h"
#include "history.h"
#include "keys.h"
#include "view.h"

#include "ui_fixture.h"

static void keys(appstate *st, const char *script)
{
	keys_item *it;
	int n;
	char err[200];
	if (keys_parse_script(script, &it, &n, err, sizeof err) != 0)
		fail_msg("%s", err);
	for (int i = 0; i < n; i++)
		if (it[i].key != KEYC_NONE)
			appstate_key(st, it[i].key);
		else
			appstate_advance(st, it[i].pause_ns);
	free(it);
}

/* step_kinds returns the kinds (bit mask) of the visible events of the last step. */
static uint64_t step_kinds(const appstate *st)
{
	uint64_t m = 0;
	for (uint64_t s = st->step_seq0; s < engine_event_total(st->eng); s++) {
		const gmp_event *ev = engine_event_get(st->eng, s);
		if (ev && ev->visible)
			m |= 1ULL << ev->kind;
	}
	return m;
}

/* next_visible_t is the time of a run's next step, found on a clone. */
static int64_t next_visible_t(const appstate *s)
{
	gmp_engine *e = engine_clone(s->eng);
	uint64_t seq0 = engine_event_total(e);
	engine_step(e, ~0ULL);
	int64_t t = engine_now(e);
	for (uint64_t q = seq0; q < engine_event_total(e); q++) {
		const gmp_event *ev = engine_event_get(e, q);
		if (ev && ev->t > t)
			t = ev->t;
	}
	engine_free(e);
	return t;
}

static void test_compare_steps_both_runs_to_the_earlier_event(void **state)
{
	(void)state;
	appstate *st = ui_fx_open(UI_FX_LEAK);
	keys(st, "c");
	assert_non_null(st->peer);
	assert_string_equal(appstate_variant(st->peer)->name, "fix");
	for (int i = 0; i < 40; i++) {
		int64_t ta = next_visible_t(st), tb = next_visible_t(st->peer);
		int64_t want = ta < tb ? ta : tb;
		keys(st, "n");
		/* both at the earlier of the two next events: the run that has it
		 * stepped to it, the other ran to the same time */
		assert_int_equal(st->vt, want);
		assert_int_equal(st->peer->vt, want);
	}
	appstate_free(st);
}

static void test_compare_run_until_stops_at_the_first_in_either_run(void **state)
{
	(void)state;
	appstate *st = ui_fx_open(UI_FX_LEAK);
	keys(st, "c g x");
	/* only the bug's threads exit: the bug run holds the M exit, the fix
	 * run stands at the same time */
	assert_true(step_kinds(st) & (1ULL << EV_MEXIT));
	assert_true(st->vt > 0);
	assert_int_equal(st->peer->vt, st->vt);
	int64_t t = st->vt;
	keys(st, "g u"); /* no SIGURG in either run: back where it began */
	assert_int_equal(st->vt, t);
	assert_int_equal(st->peer->vt, t);
	assert_string_equal(st->msg, "no SIGURG in either run before the end: back where it began");
	keys(st, "left");
	assert_true(st->vt < t);
	assert_int_equal(st->peer->vt, st->vt);
	keys(st, "c");
	assert_null(st->peer);
	appstate_free(st);
}

/* pos_of notes where both runs of compare mode stand. */
static void pos_of(const appstate *st, uint64_t vis[2], int64_t now[2], int64_t vt[2])
{
	const appstate *side[2] = {st, st->peer};
	for (int i = 0; i < 2; i++) {
		vis[i] = engine_visible_total(side[i]->eng);
		now[i] = engine_now(side[i]->eng);
		vt[i] = side[i]->vt;
	}
}

static void assert_pos(const appstate *st, const uint64_t vis[2], const int64_t now[2], const int64_t vt[2])
{
	uint64_t v2[2];
	int64_t n2[2], t2[2];
	pos_of(st, v2, n2, t2);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(v2[i], vis[i]);
		assert_int_equal(n2[i], now[i]);
		assert_int_equal(t2[i], vt[i]);
	}
}

static void test_compare_back_returns_both_runs_where_each_step_began(void **state)
{
	(void)state;
	appstate *st = ui_fx_open(UI_FX_LEAK);
	keys(st, "c");
	enum { N = 30 };
	uint64_t vis[N][2];
	int64_t now[N][2], vt[N][2];
	for (int i = 0; i < N; i++) {
		pos_of(st, vis[i], now[i], vt[i]);
		keys(st, i % 10 == 9 ? "g x" : "n");
	}
	for (int i = N - 1; i >= 0; i--) {
		keys(st, "left");
		assert_pos(st, vis[i], now[i], vt[i]);
	}
	/* and forward again, the same steps */
	keys(st, "n");
	assert_int_equal(st->peer->vt, st->vt);
	appstate_free(st);
}

/* the bug exits after 1ms, the fix runs on for 6ms */
static const char FX_SHORT[] =
	"scenario 00 short\n"
	"title \"One ends first\"\n"
	"family tour\n"
	"go 1.22\n"
	"gomaxprocs 1\n"
	"cpus 1\n"
	"seed 1\n"
	"horizon 100ms\n"
	"speed 1ms\n"
	"listing bug <<GO\n"
	"func main() { time.Sleep(time.Millisecond) }\n"
	"GO\n"
	"variant bug\n"
	"  func main\n"
	"    sleep 1ms @1\n"
	"variant fix like bug\n"
	"  func main\n"
	"    repeat 6 @1\n"
	"      sleep 1ms @1\n";

static void test_compare_back_moves_the_run_that_went_on(void **state)
{
	(void)state;
	appstate *st = ui_fx_open(FX_SHORT);
	keys(st, "c");
	while (engine_runstate(st->eng) == RUN_RUNNING)
		keys(st, "n");
	int64_t end = engine_now(st->eng);
	uint64_t evis = engine_visible_total(st->eng);
	keys(st, "n n n");
	/* the bug is frozen at its end; the fix went on alone */
	assert_true(st->peer->vt > end);
	uint64_t vis[2];
	int64_t now[2], vt[2];
	pos_of(st, vis, now, vt);
	keys(st, "n left");
	assert_pos(st, vis, now, vt);
	/* back past the bug's end: the bug leaves its end, the fix follows */
	keys(st, "left left left");
	assert_true(st->peer->vt <= end);
	assert_true(engine_visible_total(st->eng) <= evis);
	/* after playing, ← goes to the later previous visible event of the two */
	keys(st, "r space 500ms space");
	int64_t t = appstate_time(st);
	keys(st, "left");
	assert_true(appstate_time(st) < t);
	assert_true(st->peer->vt < t);
	assert_int_equal(engine_runstate(st->peer->eng), RUN_RUNNING);
	appstate_free(st);
}

static canvas *render(const appstate *st, int w, int h)
{
	canvas *c = canvas_new(w, h, false);
	assert_non_null(c);
	view_render(c, st);
	return c;
}

/* In compare mode a step back lands on the same state wherever the
 * history's checkpoints are: rebuilt in place from dense checkpoints, from
 * the UI's (spaced by cost, shared blocks) and replayed from the start
 * alone (the straight run) give the same engines on both sides, to the
 * nanosecond, and the same screen, after k steps and one back, at many k. */
static void test_compare_back_is_the_same_from_any_checkpoint(void **state)
{
	(void)state;
	static const int ks[] = { 1, 7, 30, 90 };
	for (size_t i = 0; i < sizeof ks / sizeof ks[0]; i++) {
		appstate *r[3];
		for (int j = 0; j < 3; j++) {
			r[j] = ui_fx_open(UI_FX_LEAK);
			keys(r[j], "c");
		}
		history_free(r[0]->hist);
		r[0]->hist = history_new(r[0]->eng, 8, 48);          /* dense */
		history_free(r[2]->hist);
		r[2]->hist = history_new(r[2]->eng, 1 << 30, 2);     /* the start only */
		for (int j = 0; j < 3; j++) {
			for (int k = 0; k < ks[i] + 1; k++)
				appstate_key(r[j], 'n');
			appstate_key(r[j], KEYC_LEFT);
		}
		canvas *c0 = render(r[0], 160, 48);
		for (int j = 1; j < 3; j++) {
			const appstate *x[2] = { r[0], r[0]->peer }, *y[2] = { r[j], r[j]->peer };
			for (int s = 0; s < 2; s++) {
				assert_true(engine_visible_total(x[s]->eng) == engine_visible_total(y[s]->eng));
				assert_true(engine_event_total(x[s]->eng) == engine_event_total(y[s]->eng));
				assert_true(engine_now(x[s]->eng) == engine_now(y[s]->eng));
				assert_true(x[s]->vt == y[s]->vt);
			}
			canvas *cj = render(r[j], 160, 48);
			if (!canvas_equal(c0, cj))
				fail_msg("compare screens differ after %d steps and one back", ks[i]);
			canvas_free(cj);
		}
		canvas_free(c0);
		for (int j = 0; j < 3; j++)
			appstate_free(r[j]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compare_steps_both_runs_to_the_earlier_event),
		cmocka_unit_test(test_compare_run_until_stops_at_the_first_in_either_run),
		cmocka_unit_test(test_compare_back_returns_both_runs_where_each_step_began),
		cmocka_unit_test(test_compare_back_moves_the_run_that_went_on),
		cmocka_unit_test(test_compare_back_is_the_same_from_any_checkpoint),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
