/*
 * test_picker.c — the scenario picker's keys (issue #22, item 5).
 *
 * On the shipped scenarios (00 .. 18): typed digits select that number ("1"
 * then "3" is 13; a number no scenario has starts over from the last digit;
 * a pause or any other key ends the number), Home and End go to the first
 * and the last, and the picker's bottom edge names the folder it lists.
 * Keys go through the key-script parser, as `record --keys` sends them.
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
#include "view.h"

#include "ui_fixture.h"

/* keys sends a key script; a pause token is a pause at the terminal. */
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
			appstate_typing_pause(st);
	free(it);
}

/* shipped opens the picker on the shipped scenarios (nothing open yet). */
static appstate *shipped(void)
{
	const char *root = getenv("GMPSCOPE_ROOT");
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/scenarios", root ? root : ".");
	appstate *st = appstate_new(dir);
	assert_non_null(st);
	keys(st, "s");
	assert_true(st->show_picker);
	assert_int_equal(st->npicks, 19);
	return st;
}

/* number is the number of the scenario under the cursor. */
static int number(const appstate *st)
{
	return st->picks[st->pick_cur].number;
}

static void test_digits_select_that_number(void **state)
{
	(void)state;
	appstate *st = shipped();
	keys(st, "1");
	assert_int_equal(number(st), 1);
	keys(st, "3");
	assert_int_equal(number(st), 13);
	assert_int_equal(st->pick_typed, 13);
	keys(st, "5");           /* no 135: a new number, 05 */
	assert_int_equal(number(st), 5);
	keys(st, "0 0");         /* 50 and 500 do not exist: 0, then 0 */
	assert_int_equal(number(st), 0);
	keys(st, "1 8");
	assert_int_equal(number(st), 18);
	keys(st, "1 500ms 3");   /* a pause ends the number: 01, then 03 */
	assert_int_equal(number(st), 3);
	keys(st, "1 down 3");    /* so does any other key */
	assert_int_equal(number(st), 3);
	keys(st, "enter");
	assert_false(st->show_picker);
	assert_int_equal(st->scen.number, 3);
	assert_int_equal(st->pick_typed, -1);
	appstate_free(st);
}

static void test_home_and_end(void **state)
{
	(void)state;
	appstate *st = shipped();
	keys(st, "End");
	assert_int_equal(st->pick_cur, 18);
	assert_int_equal(number(st), 18);
	keys(st, "Home");
	assert_int_equal(st->pick_cur, 0);
	keys(st, "end up up Enter");
	assert_false(st->show_picker);
	assert_int_equal(st->scen.number, 16);
	/* outside the picker they do nothing */
	assert_int_equal(appstate_key(st, KEYC_HOME), 0);
	assert_int_equal(appstate_key(st, '7'), 0);
	assert_int_equal(st->scen.number, 16);
	appstate_free(st);
}

/* A number no scenario has leaves the cursor and says so. */
static void test_unknown_number_says_so(void **state)
{
	(void)state;
	char dir[] = "/tmp/gmpscope-picker-XXXXXX", path[300];
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/03-lockosthread-leak.gmp", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(UI_FX_LEAK, f);
	fclose(f);
	appstate *st = appstate_new(dir);
	keys(st, "s 3");
	assert_int_equal(number(st), 3);
	keys(st, "7");
	assert_int_equal(number(st), 3);
	char want[400];
	snprintf(want, sizeof want, "no scenario numbered 7 in %s", dir);
	assert_string_equal(st->msg, want);
	appstate_free(st);
	unlink(path);
	rmdir(dir);
}

/* row writes row y of c as text. */
static const char *row(const canvas *c, int y, char *b, size_t len)
{
	canvas_row_text(c, y, b, len);
	return b;
}

/* selected_row is the row drawn reversed (the cursor), -1 if none. */
static int selected_row(const canvas *c)
{
	for (int y = 0; y < c->h; y++)
		if (canvas_at(c, c->w / 2, y)->attr & ATTR_REVERSE)
			return y;
	return -1;
}

/* The picker's screen at 100x30: its bottom edge names the keys that jump,
 * then the number being typed, and always the folder; the cursor row after
 * "1 3" is 13's. */
static void test_picker_screen(void **state)
{
	(void)state;
	const char *root = getenv("GMPSCOPE_ROOT");
	assert_int_equal(chdir(root ? root : "."), 0);
	appstate *st = appstate_new("scenarios");
	keys(st, "s");
	canvas *c = canvas_new(100, 30, false);
	assert_non_null(c);
	char b[1024];
	view_render(c, st);
	assert_string_equal(row(c, 25, b, sizeof b),
	                    "  └─ 0-9 number  Home End first/last ─────────────"
	                    "────────────────────────────── from scenarios ─┘  ");
	assert_int_equal(selected_row(c), 4);
	assert_string_equal(row(c, 4, b, sizeof b),
	                    "  │ 00  tour                   Tour: a healthy program on four Ps "
	                    "                          tour │  ");
	keys(st, "1 3");
	view_render(c, st);
	assert_string_equal(row(c, 25, b, sizeof b),
	                    "  └─ number 13_ ──────────────────────────────────"
	                    "────────────────────────────── from scenarios ─┘  ");
	assert_int_equal(selected_row(c), 17);
	assert_string_equal(row(c, 17, b, sizeof b),
	                    "  │ 13  select-default-spin    select with an empty default   "
	                    "                         resources │  ");
	keys(st, "end");
	view_render(c, st);
	assert_int_equal(selected_row(c), 22);
	assert_non_null(strstr(row(c, 22, b, sizeof b), "│ 18  foreign-sigurg "));
	canvas_free(c);
	appstate_free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_digits_select_that_number),
		cmocka_unit_test(test_home_and_end),
		cmocka_unit_test(test_unknown_number_says_so),
		cmocka_unit_test(test_picker_screen),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
