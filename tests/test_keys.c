/*
 * test_keys.c — the key table of DESIGN.md and the `--keys` script parser.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine.h"
#include "keys.h"

static void test_keys_table_follows_design(void **state)
{
	(void)state;
	assert_int_equal(keys_lookup(' '), KACT_PLAY);
	assert_int_equal(keys_lookup(KEYC_RIGHT), KACT_STEP);
	assert_int_equal(keys_lookup('l'), KACT_STEP);
	assert_int_equal(keys_lookup('n'), KACT_STEP);
	assert_int_equal(keys_lookup(KEYC_LEFT), KACT_BACK);
	assert_int_equal(keys_lookup('h'), KACT_BACK);
	assert_int_equal(keys_lookup('b'), KACT_BACK);
	assert_int_equal(keys_lookup('g'), KACT_UNTIL);
	assert_int_equal(keys_lookup('+'), KACT_FASTER);
	assert_int_equal(keys_lookup('='), KACT_FASTER);
	assert_int_equal(keys_lookup('-'), KACT_SLOWER);
	assert_int_equal(keys_lookup('r'), KACT_RESTART);
	assert_int_equal(keys_lookup('v'), KACT_VARIANT);
	assert_int_equal(keys_lookup('e'), KACT_EXPLAIN);
	assert_int_equal(keys_lookup('s'), KACT_PICKER);
	assert_int_equal(keys_lookup(KEYC_TAB), KACT_FOCUS);
	assert_int_equal(keys_lookup(KEYC_UP), KACT_UP);
	assert_int_equal(keys_lookup('k'), KACT_UP);
	assert_int_equal(keys_lookup(KEYC_DOWN), KACT_DOWN);
	assert_int_equal(keys_lookup('j'), KACT_DOWN);
	assert_int_equal(keys_lookup(KEYC_ENTER), KACT_ENTER);
	assert_int_equal(keys_lookup(KEYC_ESC), KACT_ESC);
	assert_int_equal(keys_lookup('?'), KACT_HELP);
	assert_int_equal(keys_lookup('q'), KACT_QUIT);
	assert_int_equal(keys_lookup(KEYC_HOME), KACT_HOME);
	assert_int_equal(keys_lookup(KEYC_END), KACT_END);
	assert_int_equal(keys_lookup('0'), KACT_DIGIT);
	assert_int_equal(keys_lookup('9'), KACT_DIGIT);
	assert_int_equal(keys_lookup('Z'), KACT_NONE);
}

static void test_keys_g_letters_name_event_kinds(void **state)
{
	(void)state;
	assert_true(keys_until_mask('s') == (1ULL << EV_STEAL));
	assert_true(keys_until_mask('m') == (1ULL << EV_NEWM));
	assert_true(keys_until_mask('x') == (1ULL << EV_MEXIT));
	assert_true(keys_until_mask('p') == (1ULL << EV_PREEMPT_REQ));
	assert_true(keys_until_mask('u') & (1ULL << EV_SIGURG));
	assert_true(keys_until_mask('k') == (1ULL << EV_PARK));
	assert_true(keys_until_mask('y') == (1ULL << EV_SYSCALL_ENTER));
	assert_true(keys_until_mask('t') == (1ULL << EV_THROTTLE));
	uint64_t f = keys_until_mask('f');
	assert_true(f & (1ULL << EV_FATAL));
	assert_true(f & (1ULL << EV_DEADLOCK));
	assert_true(f & (1ULL << EV_EXIT));
	assert_true(keys_until_mask('z') == 0);
	assert_string_equal(keys_until_name('s'), "steal");
	assert_null(keys_until_name('z'));
}

static void test_keys_script_parses_keys_and_pauses(void **state)
{
	(void)state;
	keys_item *it = NULL;
	int n = -1;
	char err[200] = "";
	assert_int_equal(keys_parse_script("space 500ms right  g s\tleft + - ? q enter esc tab up down 2s 40us 7ns",
	                                   &it, &n, err, sizeof err), 0);
	assert_int_equal(n, 18);
	assert_int_equal(it[0].key, ' ');
	assert_int_equal(it[1].key, KEYC_NONE);
	assert_true(it[1].pause_ns == 500000000LL);
	assert_int_equal(it[2].key, KEYC_RIGHT);
	assert_int_equal(it[3].key, 'g');
	assert_int_equal(it[4].key, 's');
	assert_int_equal(it[5].key, KEYC_LEFT);
	assert_int_equal(it[6].key, '+');
	assert_int_equal(it[7].key, '-');
	assert_int_equal(it[8].key, '?');
	assert_int_equal(it[9].key, 'q');
	assert_int_equal(it[10].key, KEYC_ENTER);
	assert_int_equal(it[11].key, KEYC_ESC);
	assert_int_equal(it[12].key, KEYC_TAB);
	assert_int_equal(it[13].key, KEYC_UP);
	assert_int_equal(it[14].key, KEYC_DOWN);
	assert_true(it[15].pause_ns == 2000000000LL);
	assert_true(it[16].pause_ns == 40000LL);
	assert_true(it[17].pause_ns == 7LL);
	free(it);
}

static void test_keys_script_unknown_token_names_it_and_its_offset(void **state)
{
	(void)state;
	keys_item *it = NULL;
	int n = 0;
	char err[200] = "";
	assert_int_equal(keys_parse_script("space right xyz q", &it, &n, err, sizeof err), -1);
	assert_string_equal(err, "unknown key-script token \"xyz\" at offset 12");
	assert_int_equal(keys_parse_script("500 q", &it, &n, err, sizeof err), -1);
	assert_string_equal(err, "unknown key-script token \"500\" at offset 0");
	assert_int_equal(keys_parse_script("  5mins", &it, &n, err, sizeof err), -1);
	assert_string_equal(err, "unknown key-script token \"5mins\" at offset 2");
}

/* Only the key table's keys are keys: a character bound to nothing, a g
 * without a kind letter, a glyph; the error quotes the token readably. */
static void test_keys_script_refuses_keys_outside_the_table(void **state)
{
	(void)state;
	static const struct { const char *script, *err; } bad[] = {
		{ "z", "unknown key-script token \"z\" at offset 0" },
		{ "n x", "unknown key-script token \"x\" at offset 2" },
		{ "10", "unknown key-script token \"10\" at offset 0" },
		{ "G", "unknown key-script token \"G\" at offset 0" },
		{ "S", "unknown key-script token \"S\" at offset 0" },
		{ "backspace", "unknown key-script token \"backspace\" at offset 0" },
		{ "Homes", "unknown key-script token \"Homes\" at offset 0" },
		{ "HOME", "unknown key-script token \"HOME\" at offset 0" },
		{ "Space", "unknown key-script token \"Space\" at offset 0" },
		{ "g", "\"g\" at offset 0 must be followed by a kind letter (s m x p u k y t f o), "
		       "got the end of the script" },
		{ "n g z", "\"g\" at offset 2 must be followed by a kind letter (s m x p u k y t f o), "
		           "got \"z\"" },
		{ "g g", "\"g\" at offset 0 must be followed by a kind letter (s m x p u k y t f o), "
		         "got \"g\"" },
		{ "\xe2\x86\x92", "unknown key-script token \"\xe2\x86\x92\" at offset 0 "
		                 "(the key is called right)" },
		{ "a\x1b]0;x\x07\xff\"", "unknown key-script token \"a\\x1b]0;x\\x07\\xff\\\"\" at offset 0" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		keys_item *it = NULL;
		int n = 0;
		char err[200] = "";
		assert_int_equal(keys_parse_script(bad[i].script, &it, &n, err, sizeof err), -1);
		assert_string_equal(err, bad[i].err);
	}
}

static void test_keys_script_pauses_take_decimals(void **state)
{
	(void)state;
	keys_item *it = NULL;
	int n = 0;
	char err[200] = "";
	assert_int_equal(keys_parse_script("1.5ms g s 0.25s", &it, &n, err, sizeof err), 0);
	assert_int_equal(n, 4);
	assert_true(it[0].key == KEYC_NONE && it[0].pause_ns == 1500000LL);
	assert_true(it[3].key == KEYC_NONE && it[3].pause_ns == 250000000LL);
	free(it);
	assert_int_equal(keys_parse_script("1.5.5ms", &it, &n, err, sizeof err), -1);
}

static void test_keys_empty_script_is_empty(void **state)
{
	(void)state;
	keys_item *it = NULL;
	int n = -1;
	char err[64];
	assert_int_equal(keys_parse_script("   ", &it, &n, err, sizeof err), 0);
	assert_int_equal(n, 0);
	free(it);
}

static void test_keys_names_round_trip(void **state)
{
	(void)state;
	char b[32];
	const int keys[] = {' ', KEYC_RIGHT, KEYC_LEFT, KEYC_UP, KEYC_DOWN, KEYC_TAB, KEYC_ENTER,
	                    KEYC_ESC, KEYC_HOME, KEYC_END, 'n', 'q', '+', '0', '7'};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		keys_item *it = NULL;
		int n = 0;
		char err[64];
		keys_name(keys[i], b, sizeof b);
		assert_int_equal(keys_parse_script(b, &it, &n, err, sizeof err), 0);
		assert_int_equal(n, 1);
		assert_int_equal(it[0].key, keys[i]);
		free(it);
	}
}

/* DESIGN.md: key scripts accept Home, End, the digits and Enter, by their
 * names or as the key table spells them. */
static void test_keys_script_takes_home_end_digits_enter(void **state)
{
	(void)state;
	keys_item *it = NULL;
	int n = 0;
	char err[200] = "";
	assert_int_equal(keys_parse_script("s Home End home end 0 1 3 9 Enter enter 1s 7", &it, &n, err,
	                                   sizeof err), 0);
	static const int want[] = { 's', KEYC_HOME, KEYC_END, KEYC_HOME, KEYC_END, '0', '1', '3', '9',
	                            KEYC_ENTER, KEYC_ENTER, KEYC_NONE, '7' };
	assert_int_equal(n, (int)(sizeof want / sizeof want[0]));
	for (int i = 0; i < n; i++)
		assert_int_equal(it[i].key, want[i]);
	assert_true(it[11].pause_ns == 1000000000LL);
	free(it);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys_table_follows_design),
		cmocka_unit_test(test_keys_g_letters_name_event_kinds),
		cmocka_unit_test(test_keys_script_parses_keys_and_pauses),
		cmocka_unit_test(test_keys_script_unknown_token_names_it_and_its_offset),
		cmocka_unit_test(test_keys_script_refuses_keys_outside_the_table),
		cmocka_unit_test(test_keys_script_pauses_take_decimals),
		cmocka_unit_test(test_keys_empty_script_is_empty),
		cmocka_unit_test(test_keys_names_round_trip),
		cmocka_unit_test(test_keys_script_takes_home_end_digits_enter),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
