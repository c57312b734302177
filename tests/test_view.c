/*
 * test_view.c — exact screens: the views are pure functions of (engine,
 * appstate), so build an engine from an inline or shipped scenario, run it to a
 * fixed point, render into a canvas of a fixed size and compare the text with
 * tests/golden/NAME.txt.
 *
 * After an intended change of the screen, regenerate the golden files with
 *   GMPSCOPE_UPDATE_GOLDEN=1 build/tests/test_view
 * (from the source root) and review the diff in git before committing.
 *
 * Colour roles are checked separately on the cells that carry meaning (the
 * BUG badge, a running P, a dead M).
 *
 * What a screen must show whatever its exact text (glyphs, legends, cut text,
 * the timeline's labels) is tested in test_view_text.c.
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
#include "keycode.h"
#include "canvas.h"
#include "layout.h"
#include "view.h"
#include "view_priv.h"

#include "ui_fixture.h"


/* screen_text renders c as lines with trailing spaces trimmed (malloc'd). */
static char *screen_text(const canvas *c)
{
	size_t cap = (size_t)c->h * ((size_t)c->w * 4 + 2) + 1, o = 0;
	char *out = malloc(cap);
	assert_non_null(out);
	for (int y = 0; y < c->h; y++) {
		int n = canvas_row_text(c, y, out + o, (int)(cap - o));
		while (n > 0 && out[o + n - 1] == ' ')
			n--;
		o += (size_t)n;
		out[o++] = '\n';
	}
	out[o] = 0;
	return out;
}

static char *read_all(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *b = malloc((size_t)n + 1);
	if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
		free(b);
		b = NULL;
	}
	if (b)
		b[n] = 0;
	fclose(f);
	return b;
}

#define assert_golden(c, name) _assert_golden(c, name, __FILE__, __LINE__)
static void _assert_golden(const canvas *c, const char *name, const char *file, int line)
{
	char path[512];
	const char *root = getenv("GMPSCOPE_ROOT");
	snprintf(path, sizeof path, "%s/tests/golden/%s.txt", root && *root ? root : ".", name);
	char *got = screen_text(c);
	const char *upd = getenv("GMPSCOPE_UPDATE_GOLDEN");
	if (upd && *upd && strcmp(upd, "0") != 0) {
		FILE *f = fopen(path, "wb");
		if (!f || fputs(got, f) < 0 || fclose(f) != 0)
			_fail(file, line);
		print_message("updated %s\n", path);
		free(got);
		return;
	}
	char *want = read_all(path);
	if (!want) {
		print_error("%s is missing: run GMPSCOPE_UPDATE_GOLDEN=1 build/tests/test_view\n", path);
		free(got);
		_fail(file, line);
		return;
	}
	if (strcmp(got, want) != 0) {
		/* show the first differing rows */
		const char *g = got, *w = want;
		int row = 0, shown = 0;
		while ((*g || *w) && shown < 6) {
			const char *ge = strchr(g, '\n'), *we = strchr(w, '\n');
			size_t gl = ge ? (size_t)(ge - g) : strlen(g), wl = we ? (size_t)(we - w) : strlen(w);
			if (gl != wl || memcmp(g, w, gl) != 0) {
				print_error("row %d\n  want: %.*s\n  got:  %.*s\n", row, (int)wl, w, (int)gl, g);
				shown++;
			}
			g = ge ? ge + 1 : g + gl;
			w = we ? we + 1 : w + wl;
			row++;
		}
		print_error("screen differs from %s; if intended: GMPSCOPE_UPDATE_GOLDEN=1 build/tests/test_view\n",
		            path);
		free(got);
		free(want);
		_fail(file, line);
		return;
	}
	free(got);
	free(want);
}

static void test_golden_leak_160x48_at_5ms(void **state)
{
	(void)state;
	appstate *st = ui_fx_open(UI_FX_LEAK);
	appstate_run_to(st, 5000000);
	canvas *c = ui_fx_render(st, 160, 48);
	assert_golden(c, "leak_160x48_5ms");
	/* roles: the badge is red, the header says where we are */
	int x, y;
	assert_true(ui_fx_find(c, "[BUG 1/2]", &x, &y));
	assert_int_equal(canvas_at(c, x + 1, y)->role, ROLE_BUG);
	assert_true(ui_fx_find(c, "t=5.000ms", &x, &y));
	assert_int_equal(y, 0);
	canvas_free(c);
	appstate_free(st);
}

static void test_golden_leak_80x24_at_5ms(void **state)
{
	(void)state;
	appstate *st = ui_fx_open(UI_FX_LEAK);
	appstate_run_to(st, 5000000);
	canvas *c = ui_fx_render(st, 80, 24);
	assert_golden(c, "leak_80x24_5ms");
	int x, y;
	assert_true(ui_fx_find(c, "P0", &x, &y));
	assert_true(ui_fx_find(c, "P1", &x, &y));
	assert_true(ui_fx_find(c, "Threads (M)", &x, &y));
	canvas_free(c);
	appstate_free(st);
}

static void test_golden_leak_end_shows_tombstones(void **state)
{
	(void)state;
	appstate *st = ui_fx_open(UI_FX_LEAK);
	appstate_run_to(st, 60000000);
	assert_int_not_equal(engine_runstate(st->eng), RUN_RUNNING);
	canvas *c = ui_fx_render(st, 160, 48);
	assert_golden(c, "leak_160x48_end");
	/* a dead M is drawn with its tombstone in the dead role */
	int x, y;
	bool tomb = false;
	for (int yy = 0; yy < c->h && !tomb; yy++)
		for (int xx = 0; xx < c->w; xx++)
			if (canvas_at(c, xx, yy)->ch == 0x271D && canvas_at(c, xx, yy)->role == ROLE_DEAD) {
				tomb = true;
				break;
			}
	assert_true(tomb);
	assert_true(ui_fx_find(c, "End of the run", &x, &y));
	canvas_free(c);
	appstate_free(st);
}

static void test_golden_burst_stepped_120x36(void **state)
{
	(void)state;
	appstate *st = ui_fx_open(UI_FX_BURST);
	for (int i = 0; i < 12; i++)
		appstate_step(st);
	canvas *c = ui_fx_render(st, 120, 36);
	assert_golden(c, "burst_120x36_step12");
	canvas_free(c);
	appstate_free(st);
}

/* projector sizes: each screen keeps the P rows, the M strip, a timeline
 * and the narration */
static const struct { int w, h; } sizes[] = { {80, 24}, {100, 30}, {120, 36}, {160, 48} };

static void golden_sizes(const char *scen, int64_t t, const char *tag)
{
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		appstate *st = ui_fx_open_shipped(scen);
		appstate_run_to(st, t);
		canvas *c = ui_fx_render(st, sizes[i].w, sizes[i].h);
		char name[64];
		snprintf(name, sizeof name, "%s_%dx%d", tag, sizes[i].w, sizes[i].h);
		assert_golden(c, name);
		int x, y;
		assert_true(ui_fx_find(c, "┌ Timeline", &x, &y));
		assert_true(ui_fx_find(c, "│ P0 ", &x, &y));
		/* a narrow Threads panel keeps its four counters and drops "(M)" */
		assert_true(ui_fx_find(c, "┌ Threads", &x, &y));
		assert_true(ui_fx_find(c, "live ", &x, &y));
		assert_true(ui_fx_find(c, "┌ What just happened", &x, &y));
		canvas_free(c);
		appstate_free(st);
	}
}

static void test_golden_tour_at_every_size(void **state)
{
	(void)state;
	golden_sizes("00-tour", 4000000, "tour");
}

static void test_golden_leak_bug_at_every_size(void **state)
{
	(void)state;
	golden_sizes("03-lockosthread-leak", 60000000, "lockosthread");
}

static void test_golden_too_small(void **state)
{
	(void)state;
	appstate *st = ui_fx_open(UI_FX_LEAK);
	canvas *c = ui_fx_render(st, 60, 20);
	assert_golden(c, "too_small_60x20");
	int x, y;
	assert_true(ui_fx_find(c, "terminal too small: need 80×24", &x, &y));
	canvas_free(c);
	appstate_free(st);
}

static void test_golden_help_overlay(void **state)
{
	(void)state;
	appstate *st = ui_fx_open(UI_FX_LEAK);
	appstate_key(st, '?');
	canvas *c = ui_fx_render(st, 100, 30);
	assert_golden(c, "help_100x30");
	canvas_free(c);
	appstate_free(st);
}

static void test_golden_explain_overlay(void **state)
{
	(void)state;
	appstate *st = ui_fx_open(UI_FX_LEAK);
	appstate_key(st, 'e');
	canvas *c = ui_fx_render(st, 160, 48);
	assert_golden(c, "explain_160x48");
	canvas_free(c);
	appstate_free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_leak_160x48_at_5ms),
		cmocka_unit_test(test_golden_leak_80x24_at_5ms),
		cmocka_unit_test(test_golden_leak_end_shows_tombstones),
		cmocka_unit_test(test_golden_burst_stepped_120x36),
		cmocka_unit_test(test_golden_tour_at_every_size),
		cmocka_unit_test(test_golden_leak_bug_at_every_size),
		cmocka_unit_test(test_golden_too_small),
		cmocka_unit_test(test_golden_help_overlay),
		cmocka_unit_test(test_golden_explain_overlay),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
