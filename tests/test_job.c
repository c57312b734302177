/*
 * test_job.c — long moves in slices (ui/app/appstate_job.c and the engine's
 * engine_step_slice / engine_run_until_slice): a move made in many small
 * slices ends exactly where the one call does; a cancel puts the run back
 * exactly where the job began, even between two visible events after
 * playing; a run-until that finds nothing goes back and says so; while a job
 * is pending only Esc and q act.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "appstate.h"
#include "canvas.h"
#include "keys.h"
#include "view.h"

#include "ui_fixture.h"

/* same_screen fails when a and b render differently at 160x48. */
static void same_screen(const appstate *a, const appstate *b)
{
	canvas *ca = canvas_new(160, 48, false), *cb = canvas_new(160, 48, false);
	assert_non_null(ca);
	assert_non_null(cb);
	view_render(ca, a);
	view_render(cb, b);
	if (!canvas_equal(ca, cb)) {
		char ra[8192], rb[8192];
		for (int y = 0; y < ca->h; y++) {
			canvas_row_text(ca, y, ra, sizeof ra);
			canvas_row_text(cb, y, rb, sizeof rb);
			if (strcmp(ra, rb))
				print_error("row %d\n a: %s\n b: %s\n", y, ra, rb);
		}
		fail_msg("screens differ");
	}
	canvas_free(ca);
	canvas_free(cb);
}

/* same_place fails unless a and b are at the same point of the same run,
 * as the engine and as the UI shows it. */
static void same_place(const appstate *a, const appstate *b)
{
	assert_int_equal(engine_now(a->eng), engine_now(b->eng));
	assert_int_equal(engine_event_total(a->eng), engine_event_total(b->eng));
	assert_int_equal(engine_visible_total(a->eng), engine_visible_total(b->eng));
	assert_int_equal(engine_runstate(a->eng), engine_runstate(b->eng));
	assert_int_equal(a->vt, b->vt);
	assert_int_equal(a->stepped, b->stepped);
	assert_int_equal(a->step_seq0, b->step_seq0);
	assert_int_equal(a->nanims, b->nanims);
	assert_int_equal(a->nhist, b->nhist);
	assert_memory_equal(a->step_hist, b->step_hist, sizeof a->step_hist[0] * (size_t)a->nhist);
	same_screen(a, b);
}

static void test_engine_slices_equal_one_call(void **state)
{
	(void)state;
	appstate *a = ui_fx_open(UI_FX_BURST), *b = ui_fx_open(UI_FX_BURST);
	/* a step made one timed event at a time */
	engine_run_until(a->eng, 2000000);
	engine_run_until(b->eng, 2000000);
	uint64_t mask = keys_until_mask('s');
	engine_step(a->eng, mask);
	int slices = 0;
	uint64_t used, sum = 0;
	while (!engine_step_slice(b->eng, mask, 1, &used)) {
		assert_int_equal(used, 1);
		sum += used;
		slices++;
	}
	assert_true(slices >= 2);
	assert_int_equal(engine_now(a->eng), engine_now(b->eng));
	assert_int_equal(engine_event_total(a->eng), engine_event_total(b->eng));
	/* a run to a time in slices of 7: the clock lands on the target either way */
	engine_run_until(a->eng, 9000001);
	slices = 0;
	while (!engine_run_until_slice(b->eng, 9000001, 7, &used)) {
		assert_int_equal(used, 7);
		slices++;
	}
	assert_true(slices >= 2);
	assert_int_equal(engine_now(b->eng), 9000001);
	assert_int_equal(engine_now(a->eng), engine_now(b->eng));
	assert_int_equal(engine_event_total(a->eng), engine_event_total(b->eng));
	/* a budget of 0 moves nothing and is not done */
	uint64_t before = engine_event_total(b->eng);
	assert_false(engine_step_slice(b->eng, ~0ULL, 0, &used));
	assert_int_equal(used, 0);
	assert_int_equal(engine_event_total(b->eng), before);
	appstate_free(a);
	appstate_free(b);
}

static void test_until_in_slices_equals_straight_run(void **state)
{
	(void)state;
	appstate *a = ui_fx_open(UI_FX_LEAK), *b = ui_fx_open(UI_FX_LEAK);
	b->async = true;
	appstate_run_until(a, keys_until_mask('x'), "M exit");
	assert_int_equal(appstate_start_until(b, keys_until_mask('x'), "M exit"), APP_JOB);
	int slices = 0, f = 0;
	while (appstate_busy(b)) {
		f = appstate_work(b, 3);
		slices++;
	}
	assert_int_equal(f, APP_JOB | APP_REDRAW);
	assert_true(slices >= 10);
	assert_true(b->job.kind == JOB_NONE && b->job.start == NULL);
	assert_string_equal(a->msg, "");
	same_place(a, b);
	/* and the runs go on alike */
	appstate_step(a);
	appstate_step(b);
	same_place(a, b);
	appstate_free(a);
	appstate_free(b);
}

/* at_odd_place plays st for 1.5ms and steps twice: a place between two
 * visible events, with a step to highlight. */
static void at_odd_place(appstate *st)
{
	appstate_key(st, ' ');
	appstate_advance(st, 150000000);
	appstate_key(st, ' ');
	appstate_step(st);
	appstate_step(st);
}

static void test_cancel_goes_back_exactly(void **state)
{
	(void)state;
	appstate *a = ui_fx_open(UI_FX_LEAK), *b = ui_fx_open(UI_FX_LEAK);
	at_odd_place(a);
	at_odd_place(b);
	b->async = true;
	uint64_t run = b->run;
	assert_true(appstate_key(b, 'g') & APP_REDRAW);
	assert_true(appstate_key(b, 'x') & APP_JOB);
	assert_true(appstate_busy(b));
	for (int i = 0; i < 10; i++)
		assert_int_equal(appstate_work(b, 1), 0);
	assert_true(engine_event_total(b->eng) > engine_event_total(a->eng));
	assert_int_equal(appstate_key(b, KEYC_ESC), APP_REDRAW | APP_JOB);
	assert_false(appstate_busy(b));
	assert_string_equal(b->msg, "cancelled: back where it began");
	assert_true(b->run == run + 1);
	b->msg[0] = 0;
	same_place(a, b);
	/* from there the run is the same run */
	appstate_run_until(a, keys_until_mask('x'), "M exit");
	b->async = false;
	appstate_run_until(b, keys_until_mask('x'), "M exit");
	same_place(a, b);
	appstate_free(a);
	appstate_free(b);
}

static void test_until_nothing_goes_back(void **state)
{
	(void)state;
	appstate *a = ui_fx_open(UI_FX_LEAK), *b = ui_fx_open(UI_FX_LEAK);
	at_odd_place(a);
	at_odd_place(b);
	appstate_run_until(b, keys_until_mask('t'), "throttle"); /* no quota: never */
	assert_string_equal(b->msg, "no throttle before the end of the run");
	b->msg[0] = 0;
	same_place(a, b);
	assert_int_equal(engine_runstate(b->eng), RUN_RUNNING);
	appstate_free(a);
	appstate_free(b);
}

static void test_keys_while_busy(void **state)
{
	(void)state;
	appstate *st = ui_fx_open(UI_FX_LEAK);
	st->async = true;
	assert_false(appstate_key_waits(st, 'n'));
	appstate_key(st, 'g');
	assert_true(appstate_key(st, 'f') & APP_JOB);
	assert_true(appstate_busy(st));
	/* other keys wait (the terminal queues them) and do nothing here */
	assert_true(appstate_key_waits(st, 'n'));
	assert_true(appstate_key_waits(st, ' '));
	assert_false(appstate_key_waits(st, KEYC_ESC));
	assert_false(appstate_key_waits(st, 'q'));
	uint64_t ev = engine_event_total(st->eng);
	assert_int_equal(appstate_key(st, 'n'), 0);
	assert_int_equal(appstate_key(st, 'r'), 0);
	assert_true(appstate_busy(st));
	assert_int_equal(engine_event_total(st->eng), ev);
	assert_int_equal(appstate_key(st, 'q'), APP_QUIT);
	/* the progress line, once the terminal asks for it */
	appstate_work(st, 100);
	st->job.progress = true;
	canvas *c = canvas_new(160, 48, false);
	view_render(c, st);
	char row[8192];
	canvas_row_text(c, 47, row, sizeof row);
	assert_non_null(strstr(row, "running until the next exit / fatal… t="));
	assert_non_null(strstr(row, "Esc cancel"));
	canvas_free(c);
	/* a new run drops the job */
	appstate_restart(st);
	assert_false(appstate_busy(st));
	appstate_free(st);
}

static void test_headless_keys_finish_jobs(void **state)
{
	(void)state;
	appstate *a = ui_fx_open(UI_FX_LEAK), *b = ui_fx_open(UI_FX_LEAK);
	/* not async: a key's job is done when appstate_key returns */
	int f = appstate_key(a, 'g');
	f = appstate_key(a, 'x');
	assert_false(f & APP_JOB);
	assert_false(appstate_busy(a));
	appstate_run_until(b, keys_until_mask('x'), "M exit");
	same_place(a, b);
	appstate_free(a);
	appstate_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_engine_slices_equal_one_call),
		cmocka_unit_test(test_until_in_slices_equals_straight_run),
		cmocka_unit_test(test_cancel_goes_back_exactly),
		cmocka_unit_test(test_until_nothing_goes_back),
		cmocka_unit_test(test_keys_while_busy),
		cmocka_unit_test(test_headless_keys_finish_jobs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
