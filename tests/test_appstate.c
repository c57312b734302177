/*
 * test_appstate.c — the UI state machine driven by keys, as the recorder's
 * --keys script drives it: play, step, step back, run-until, variants, the
 * picker, help. Each test asserts what the engine state and the rendered
 * screen show afterwards.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "appstate.h"
#include "canvas.h"
#include "keys.h"
#include "paths.h"
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

static canvas *render(const appstate *st, int w, int h)
{
	canvas *c = canvas_new(w, h, false);
	assert_non_null(c);
	view_render(c, st);
	return c;
}

/* screen_has reports whether any row of c contains text. */
static bool screen_has(const canvas *c, const char *text)
{
	char row[8192];
	for (int y = 0; y < c->h; y++) {
		canvas_row_text(c, y, row, sizeof row);
		if (strstr(row, text))
			return true;
	}
	return false;
}

#define assert_screen_has(c, t) _assert_screen(c, t, true, __FILE__, __LINE__)
#define assert_screen_lacks(c, t) _assert_screen(c, t, false, __FILE__, __LINE__)
static void _assert_screen(const canvas *c, const char *t, bool want, const char *f, int l)
{
	if (screen_has(c, t) == want)
		return;
	char row[8192];
	for (int y = 0; y < c->h; y++) {
		canvas_row_text(c, y, row, sizeof row);
		print_error("%3d|%s\n", y, row);
	}
	_fail(f, l);
	(void)t;
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

static void test_opens_paused_at_zero(void **state)
{
	(void)state;
	appstate *st = ui_fx_open(UI_FX_LEAK);
	assert_false(st->playing);
	assert_true(st->vt == 0);
	assert_true(st->speed == 10000000);
	canvas *c = render(st, 160, 48);
	assert_screen_has(c, "|| paused");
	assert_screen_has(c, "[BUG 1/2]");
	assert_screen_has(c, "t=0ns");
	canvas_free(c);
	appstate_free(st);
}

static void test_space_plays_speed_times_elapsed(void **state)
{
	(void)state;
	appstate *st = ui_fx_open(UI_FX_LEAK);
	int f = appstate_key(st, ' ');
	assert_true(f & APP_PLAYSTATE);
	assert_true(st->playing);
	appstate_advance(st, 100000000); /* 100ms of wall time at 10ms/s */
	assert_true(st->vt == 1000000);
	f = appstate_key(st, ' ');
	assert_true(f & APP_PLAYSTATE);
	assert_false(st->playing);
	assert_int_equal(appstate_advance(st, 100000000), 0); /* paused: nothing moves */
	assert_true(st->vt == 1000000);
	canvas *c = render(st, 160, 48);
	assert_screen_has(c, "t=1.000ms");
	canvas_free(c);
	appstate_free(st);
}

static void test_speed_ladder_is_1_2_5_and_clamped(void **state)
{
	(void)state;
	assert_true(appstate_speed_step(10000000, +1) == 20000000);
	assert_true(appstate_speed_step(20000000, +1) == 50000000);
	assert_true(appstate_speed_step(50000000, +1) == 100000000);
	assert_true(appstate_speed_step(10000000, -1) == 5000000);
	assert_true(appstate_speed_step(3000000, +1) == 5000000);
	assert_true(appstate_speed_step(3000000, -1) == 2000000);
	assert_true(appstate_speed_step(1000000000, +1) == 1000000000);
	assert_true(appstate_speed_step(1000, -1) == 1000);
	appstate *st = ui_fx_open(UI_FX_LEAK);
	keys(st, "+ + -");
	assert_true(st->speed == 20000000);
	canvas *c = render(st, 160, 48);
	assert_screen_has(c, "20ms/s");
	canvas_free(c);
	appstate_free(st);
}

/* step n+1 then back 1 must equal step n: same events, time, screen */
static void check_back_equals(int steps)
{
	appstate *a = ui_fx_open(UI_FX_LEAK), *b = ui_fx_open(UI_FX_LEAK);
	/* checkpoints every 64 visible events (the UI's policy spaces them by
	 * cost, which for this small run is a few thousand events): the step
	 * back below then starts from a checkpoint past the first */
	history_free(a->hist);
	a->hist = history_new(a->eng, 64, 48);
	for (int i = 0; i < steps + 1; i++)
		appstate_key(a, 'n');
	appstate_key(a, KEYC_LEFT);
	for (int i = 0; i < steps; i++)
		appstate_key(b, KEYC_RIGHT);
	assert_int_equal(engine_runstate(a->eng), RUN_RUNNING);
	if (steps >= 100)
		assert_true(history_len(a->hist) >= 3);
	/* one step may emit several visible events: compare with b, not steps */
	assert_true(engine_visible_total(b->eng) >= (uint64_t)steps);
	assert_true(engine_visible_total(a->eng) == engine_visible_total(b->eng));
	assert_true(engine_event_total(a->eng) == engine_event_total(b->eng));
	assert_true(engine_now(a->eng) == engine_now(b->eng));
	assert_true(a->vt == b->vt);
	const gmp_event *ea = engine_event_get(a->eng, engine_event_total(a->eng) - 1);
	const gmp_event *eb = engine_event_get(b->eng, engine_event_total(b->eng) - 1);
	assert_true(ea->seq == eb->seq);
	assert_string_equal(ea->caption, eb->caption);
	canvas *ca = render(a, 160, 48), *cb = render(b, 160, 48);
	if (!canvas_equal(ca, cb)) {
		char ra[8192], rb[8192];
		for (int y = 0; y < ca->h; y++) {
			canvas_row_text(ca, y, ra, sizeof ra);
			canvas_row_text(cb, y, rb, sizeof rb);
			if (strcmp(ra, rb))
				print_error("row %d\n back: %s\n step: %s\n", y, ra, rb);
		}
		fail_msg("screens differ after %d steps", steps);
	}
	canvas_free(ca);
	canvas_free(cb);
	appstate_free(a);
	appstate_free(b);
}

static void test_step3_back1_equals_step2(void **state)
{
	(void)state;
	check_back_equals(2);
}

static void test_back_across_checkpoints_equals_fewer_steps(void **state)
{
	(void)state;
	check_back_equals(100); /* ~200 visible events: past several checkpoints */
}

static void test_back_to_the_start(void **state)
{
	(void)state;
	appstate *st = ui_fx_open(UI_FX_LEAK);
	uint64_t start = engine_visible_total(st->eng), start_ev = engine_event_total(st->eng);
	keys(st, "n left");
	assert_true(engine_visible_total(st->eng) == start);
	assert_true(engine_event_total(st->eng) == start_ev);
	keys(st, "left");
	assert_string_equal(st->msg, "already at the start");
	appstate_free(st);
}

static void test_step_highlights_the_event_in_the_narration(void **state)
{
	(void)state;
	appstate *st = ui_fx_open(UI_FX_LEAK);
	keys(st, "n n n");
	const gmp_event *ev = engine_event_get(st->eng, engine_event_total(st->eng) - 1);
	assert_non_null(ev);
	canvas *c = render(st, 160, 48);
	assert_screen_has(c, ev->caption);
	/* the caption's row is highlighted */
	char row[8192];
	bool found = false;
	for (int y = 0; y < c->h && !found; y++) {
		canvas_row_text(c, y, row, sizeof row);
		char *p = strstr(row, ev->caption);
		if (p && canvas_at(c, 20, y)->role == ROLE_HIGHLIGHT)
			found = true;
	}
	assert_true(found);
	canvas_free(c);
	appstate_free(st);
}

static void test_run_until_steal_stops_on_a_steal(void **state)
{
	(void)state;
	appstate *st = ui_fx_open(UI_FX_BURST);
	keys(st, "g s");
	assert_true(step_kinds(st) & (1ULL << EV_STEAL));
	assert_false(st->playing);
	canvas *c = render(st, 160, 48);
	assert_screen_has(c, "stole");
	canvas_free(c);
	appstate_free(st);
}

static void test_run_until_new_m_then_unknown_letter(void **state)
{
	(void)state;
	appstate *st = ui_fx_open(UI_FX_LEAK);
	keys(st, "g m");
	assert_true(step_kinds(st) & (1ULL << EV_NEWM));
	appstate_key(st, 'g'); /* a key script refuses "g z": type it */
	appstate_key(st, 'z');
	assert_string_equal(st->msg, "g z: not a kind (s m x p u k y t f o)");
	appstate_free(st);
}

/* a C call per element, 45ns each; then 40ms of plain Go */
static const char FX_CGO[] =
	"scenario 00 cgo\n"
	"title \"A C call per element\"\n"
	"family tour\n"
	"go 1.22\n"
	"gomaxprocs 1\n"
	"cpus 1\n"
	"seed 1\n"
	"horizon 100ms\n"
	"speed 3ms\n"
	"listing bug <<GO\n"
	"func main() { for i := range xs { C.f(xs[i]) }; compute() }\n"
	"GO\n"
	"variant bug\n"
	"  func main\n"
	"    repeat 20000 @1\n"
	"      cgo 10ns @1\n"
	"    work 40ms @1\n";

/* a cgo call far shorter than a frame still shows: the M in the cgo state
 * (held for a frame's worth of virtual time, speed / APP_FPS = 100us here)
 * and the count of calls in the Threads title */
static void test_a_short_cgo_call_leaves_a_visible_mark(void **state)
{
	(void)state;
	appstate *st = ui_fx_open(FX_CGO);
	appstate_run_to(st, 500 * 1000);
	canvas *c = render(st, 160, 48);
	assert_screen_has(c, "M0□P0");
	assert_screen_has(c, "P0  cgo");
	assert_screen_has(c, "cgo 10870"); /* 500us / 46ns a call */
	canvas_free(c);
	/* 20000 calls end at ~0.9ms: 10ms later the mark is gone, the count stays */
	appstate_run_to(st, 10 * 1000 * 1000);
	c = render(st, 160, 48);
	assert_screen_lacks(c, "M0□");
	assert_screen_has(c, "M0▶P0");
	assert_screen_has(c, "P0  running");
	assert_screen_has(c, "cgo 20000");
	canvas_free(c);
	appstate_free(st);
}

static void test_variant_cycles_bug_fix_bug_and_restarts(void **state)
{
	(void)state;
	appstate *st = ui_fx_open(UI_FX_LEAK);
	keys(st, "space 500ms");
	assert_true(st->vt > 0);
	keys(st, "v");
	assert_int_equal(st->variant, 1);
	assert_false(st->playing);
	assert_true(st->vt == 0);
	canvas *c = render(st, 160, 48);
	assert_screen_has(c, "[FIX 2/2]");
	canvas_free(c);
	keys(st, "v");
	assert_int_equal(st->variant, 0);
	c = render(st, 160, 48);
	assert_screen_has(c, "[BUG 1/2]");
	canvas_free(c);
	appstate_free(st);
}

static void test_step_shows_the_time_of_its_newest_event(void **state)
{
	(void)state;
	/* main spawns its workers in one run of ops: the engine stamps each
	 * `go` with the time it ends, ahead of its clock */
	appstate *st = ui_fx_open(UI_FX_BURST);
	for (int i = 0; i < 12; i++) {
		appstate_step(st);
		int64_t newest = INT64_MIN;
		for (uint64_t q = st->step_seq0; q < engine_event_total(st->eng); q++) {
			const gmp_event *ev = engine_event_get(st->eng, q);
			if (ev && ev->t > newest)
				newest = ev->t;
		}
		assert_true(st->vt >= engine_now(st->eng));
		assert_true(st->vt == (newest > engine_now(st->eng) ? newest : engine_now(st->eng)));
	}
	/* the header shows it; stepping back lands on the same time */
	int64_t t12 = st->vt;
	appstate_step(st);
	appstate_back(st);
	assert_true(st->vt == t12);
	char want[48], tb[32];
	snprintf(want, sizeof want, "t=%s", view_fmt_time(t12, tb, sizeof tb));
	canvas *c = render(st, 160, 48);
	assert_screen_has(c, want);
	canvas_free(c);
	appstate_free(st);
}

/* two goroutines yielding for ever on one P: a global-queue grab a few
 * hundred nanoseconds */
static const char FX_YIELD[] =
	"scenario 00 yield\n"
	"title \"Yielding for ever\"\n"
	"family tour\n"
	"go 1.22\n"
	"gomaxprocs 1\n"
	"cpus 1\n"
	"seed 1\n"
	"horizon 1s\n"
	"speed 1ms\n"
	"listing bug <<GO\n"
	"func spin() { for { runtime.Gosched() } }\n"
	"func main() { go spin(); go spin(); select {} }\n"
	"GO\n"
	"variant bug\n"
	"  chan never 0\n"
	"  func spin\n"
	"    repeat forever @1\n"
	"      gosched @1\n"
	"  func main\n"
	"    go spin @2\n"
	"    go spin @2\n"
	"    recv never @2\n";

static void test_animation_counts_cover_at_most_its_frames(void **state)
{
	(void)state;
	appstate *st = ui_fx_open(FX_YIELD);
	appstate_key(st, ' ');
	uint64_t totals[APP_ANIM_FRAMES + 1];
	int nt = 0;
	for (int f = 0; f < 200; f++) {
		if (nt == APP_ANIM_FRAMES + 1) {
			memmove(totals, totals + 1, sizeof totals[0] * APP_ANIM_FRAMES);
			nt--;
		}
		totals[nt++] = engine_event_total(st->eng);
		appstate_advance(st, 33000000);
	}
	/* every animation alive now merged only events of its last frames */
	uint64_t recent = engine_event_total(st->eng) - totals[0];
	bool global = false;
	for (int i = 0; i < st->nanims; i++) {
		assert_true((uint64_t)st->anims[i].count <= recent);
		global |= st->anims[i].kind == EV_GLOBRUNQGET;
	}
	assert_true(global);
	canvas *c = render(st, 160, 48);
	assert_screen_has(c, "▲×");
	canvas_free(c);
	appstate_free(st);
}

static void test_play_to_the_end_shows_the_end_summary(void **state)
{
	(void)state;
	appstate *st = ui_fx_open(UI_FX_LEAK);
	st->speed = APP_SPEED_MAX;
	appstate_key(st, ' ');
	int guard = 0;
	while (st->playing && guard++ < 1000)
		appstate_advance(st, 33000000);
	assert_false(st->playing);
	assert_int_not_equal(engine_runstate(st->eng), RUN_RUNNING);
	canvas *c = render(st, 160, 48);
	assert_screen_has(c, "End of the run");
	canvas_free(c);
	/* the bug variant churns threads: every session took its M with it */
	double exited = 0;
	assert_true(engine_metric(st->eng, "threads_exited", &exited));
	assert_true(exited >= 10);
	appstate_free(st);
}

static void test_help_and_explain_overlays(void **state)
{
	(void)state;
	appstate *st = ui_fx_open(UI_FX_LEAK);
	keys(st, "?");
	canvas *c = render(st, 160, 48);
	assert_screen_has(c, "Help");
	assert_screen_has(c, "step back one visible event");
	canvas_free(c);
	keys(st, "esc e");
	c = render(st, 160, 48);
	assert_screen_lacks(c, "step back one visible event");
	assert_screen_has(c, "Every session kills its thread.");
	canvas_free(c);
	keys(st, "esc");
	c = render(st, 160, 48);
	assert_screen_lacks(c, "Every session kills its thread.");
	canvas_free(c);
	assert_true(appstate_key(st, 'q') & APP_QUIT);
	appstate_free(st);
}

static void test_picker_lists_opens_and_closes(void **state)
{
	(void)state;
	char dir[] = "/tmp/gmpscope-picker-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[300];
	snprintf(path, sizeof path, "%s/03-lockosthread-leak.gmp", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(UI_FX_LEAK, f);
	fclose(f);
	snprintf(path, sizeof path, "%s/00-burst.gmp", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(UI_FX_BURST, f);
	fclose(f);

	appstate *st = appstate_new(dir);
	keys(st, "s");
	assert_true(st->show_picker);
	assert_int_equal(st->npicks, 2);
	canvas *c = render(st, 120, 30);
	assert_screen_has(c, "lockosthread-leak");
	assert_screen_has(c, "A burst of workers");
	canvas_free(c);
	keys(st, "esc"); /* nothing open yet: the picker stays */
	assert_true(st->show_picker);
	keys(st, "down enter");
	assert_false(st->show_picker);
	assert_true(st->have_scen);
	assert_int_equal(st->scen.number, 3);
	c = render(st, 160, 48);
	assert_screen_has(c, "LockOSThread without UnlockOSThread");
	canvas_free(c);
	keys(st, "s up enter");
	assert_int_equal(st->scen.number, 0);
	keys(st, "s esc");
	assert_false(st->show_picker);
	appstate_free(st);

	snprintf(path, sizeof path, "%s/03-lockosthread-leak.gmp", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/00-burst.gmp", dir);
	unlink(path);
	rmdir(dir);
}

/* The picker lists what `gmpscope list` lists (one directory scan, paths.c):
 * NN-slug.gmp files by number, so 100 comes after 02, and neither a file
 * without a number nor a hidden one. */
static void test_picker_lists_what_list_lists(void **state)
{
	(void)state;
	static const char *const files[] = { "100-late.gmp", "notes.gmp", "02-burst.gmp",
	                                     ".03-hidden.gmp" };
	char dir[] = "/tmp/gmpscope-picker-XXXXXX", path[300], err[300];
	assert_non_null(mkdtemp(dir));
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, files[i]);
		FILE *f = fopen(path, "w");
		assert_non_null(f);
		fputs(UI_FX_BURST, f);
		fclose(f);
	}
	char **list;
	int n = paths_list_scenarios(dir, &list, err, sizeof err);
	appstate *st = appstate_new(dir);
	keys(st, "s");
	assert_int_equal(n, 2);
	assert_int_equal(st->npicks, 2);
	for (int i = 0; i < n; i++)
		assert_string_equal(st->picks[i].path, list[i]);
	snprintf(path, sizeof path, "%s/02-burst.gmp", dir);
	assert_string_equal(st->picks[0].path, path);
	snprintf(path, sizeof path, "%s/100-late.gmp", dir);
	assert_string_equal(st->picks[1].path, path);
	paths_free_list(list, n);
	appstate_free(st);
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
}

static void test_focus_and_scroll(void **state)
{
	(void)state;
	appstate *st = ui_fx_open(UI_FX_LEAK);
	keys(st, "tab");
	assert_int_equal(st->focus, PANEL_PROCS);
	keys(st, "tab tab down down up");
	assert_int_equal(st->focus, PANEL_GORS);
	assert_int_equal(st->scroll[PANEL_GORS], 1);
	keys(st, "esc");
	assert_int_equal(st->focus, PANEL_NONE);
	appstate_free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_opens_paused_at_zero),
		cmocka_unit_test(test_space_plays_speed_times_elapsed),
		cmocka_unit_test(test_speed_ladder_is_1_2_5_and_clamped),
		cmocka_unit_test(test_step3_back1_equals_step2),
		cmocka_unit_test(test_back_across_checkpoints_equals_fewer_steps),
		cmocka_unit_test(test_back_to_the_start),
		cmocka_unit_test(test_step_highlights_the_event_in_the_narration),
		cmocka_unit_test(test_run_until_steal_stops_on_a_steal),
		cmocka_unit_test(test_run_until_new_m_then_unknown_letter),
		cmocka_unit_test(test_variant_cycles_bug_fix_bug_and_restarts),
		cmocka_unit_test(test_step_shows_the_time_of_its_newest_event),
		cmocka_unit_test(test_animation_counts_cover_at_most_its_frames),
		cmocka_unit_test(test_play_to_the_end_shows_the_end_summary),
		cmocka_unit_test(test_help_and_explain_overlays),
		cmocka_unit_test(test_picker_lists_opens_and_closes),
		cmocka_unit_test(test_picker_lists_what_list_lists),
		cmocka_unit_test(test_focus_and_scroll),
		cmocka_unit_test(test_a_short_cgo_call_leaves_a_visible_mark),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
