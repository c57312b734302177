/*
 * test_canvas.c — the cell grid: clipping, UTF-8 decoding, boxes, ASCII mode,
 * resize and equality. Assertions compare whole rows of text, ratatui style.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "canvas.h"

/* assert_row checks that row y of c reads exactly want (trailing spaces included). */
#define assert_row(c, y, want) assert_row_at(c, y, want, __FILE__, __LINE__)
static void assert_row_at(const canvas *c, int y, const char *want, const char *file, int line)
{
	char buf[4096];
	canvas_row_text(c, y, buf, sizeof buf);
	if (strcmp(buf, want) != 0) {
		print_error("row %d:\n  got  \"%s\"\n  want \"%s\"\n", y, buf, want);
		_fail(file, line);
	}
}

static void test_put_clips_out_of_bounds(void **state)
{
	(void)state;
	canvas *c = canvas_new(4, 2, false);
	canvas_put(c, -1, 0, 'a', ROLE_DEFAULT);
	canvas_put(c, 4, 0, 'b', ROLE_DEFAULT);
	canvas_put(c, 0, -1, 'c', ROLE_DEFAULT);
	canvas_put(c, 0, 2, 'd', ROLE_DEFAULT);
	canvas_put(c, 3, 1, 'e', ROLE_RUNNING);
	assert_row(c, 0, "    ");
	assert_row(c, 1, "   e");
	assert_int_equal(canvas_at(c, 3, 1)->role, ROLE_RUNNING);
	assert_null(canvas_at(c, 4, 1));
	assert_null(canvas_at(c, -1, 0));
	canvas_free(c);
}

static void test_put_str_clips_at_edge_and_maxw(void **state)
{
	(void)state;
	canvas *c = canvas_new(8, 3, false);
	assert_int_equal(canvas_put_str(c, 5, 0, "abcdef", ROLE_DEFAULT, -1), 3);
	assert_int_equal(canvas_put_str(c, 0, 1, "abcdef", ROLE_DEFAULT, 4), 4);
	assert_int_equal(canvas_put_str(c, -2, 2, "abcdef", ROLE_DEFAULT, 5), 3);
	assert_int_equal(canvas_put_str(c, 0, 3, "abcdef", ROLE_DEFAULT, -1), 0);
	assert_int_equal(canvas_put_str(c, 0, 0, "", ROLE_DEFAULT, -1), 0);
	assert_int_equal(canvas_put_str(c, 0, 0, "xyz", ROLE_DEFAULT, 0), 0);
	assert_row(c, 0, "     abc");
	assert_row(c, 1, "abcd    ");
	assert_row(c, 2, "cde     ");
	canvas_free(c);
}

static void test_put_str_decodes_multibyte_utf8(void **state)
{
	(void)state;
	canvas *c = canvas_new(10, 1, false);
	/* 2-, 3- and 4-byte forms: µ (U+00B5), ▶ (U+25B6), 𝄞 (U+1D11E) */
	assert_int_equal(canvas_put_str(c, 0, 0, "a\xC2\xB5\xE2\x96\xB6\xF0\x9D\x84\x9Ez", ROLE_DEFAULT, -1), 5);
	assert_int_equal(canvas_at(c, 0, 0)->ch, 'a');
	assert_int_equal(canvas_at(c, 1, 0)->ch, 0xB5);
	assert_int_equal(canvas_at(c, 2, 0)->ch, 0x25B6);
	assert_int_equal(canvas_at(c, 3, 0)->ch, 0x1D11E);
	assert_int_equal(canvas_at(c, 4, 0)->ch, 'z');
	assert_row(c, 0, "a\xC2\xB5\xE2\x96\xB6\xF0\x9D\x84\x9Ez     ");
	assert_int_equal(utf8_width("G40 \xE2\x96\xB6 ok"), 8);
	canvas_free(c);
}

static void test_utf8_invalid_input_becomes_replacement(void **state)
{
	(void)state;
	uint32_t cp;
	assert_int_equal(utf8_decode("\x80", &cp), 1);          /* stray continuation */
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(utf8_decode("\xC0\xAF", &cp), 1);      /* overlong '/' */
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(utf8_decode("\xE0\x80\x80", &cp), 1);  /* overlong 3-byte */
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(utf8_decode("\xED\xA0\x80", &cp), 1);  /* surrogate D800 */
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(utf8_decode("\xF4\x90\x80\x80", &cp), 1); /* > U+10FFFF */
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(utf8_decode("\xE2\x96", &cp), 2);      /* truncated at NUL */
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(utf8_decode("\xE2\x96" "A", &cp), 2);  /* truncated before 'A' */
	assert_int_equal(cp, 0xFFFD);
	assert_int_equal(utf8_decode("\xFF", &cp), 1);
	assert_int_equal(cp, 0xFFFD);

	canvas *c = canvas_new(8, 1, false);
	assert_int_equal(canvas_put_str(c, 0, 0, "a\xFF" "b\xE2\x96" "c\x01" "d", ROLE_DEFAULT, -1), 7);
	assert_int_equal(canvas_at(c, 1, 0)->ch, 0xFFFD);
	assert_int_equal(canvas_at(c, 3, 0)->ch, 0xFFFD);
	assert_int_equal(canvas_at(c, 5, 0)->ch, '?');     /* control char */
	assert_row(c, 0, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c?d ");
	/* a double-width ideograph cannot live in one cell */
	canvas_put_str(c, 0, 0, "\xE4\xB8\xAD", ROLE_DEFAULT, -1);
	assert_int_equal(canvas_at(c, 0, 0)->ch, '?');
	canvas_free(c);

	char out[4];
	assert_int_equal(utf8_encode(0xD800, out), 3);
	assert_memory_equal(out, "\xEF\xBF\xBD", 3);
	assert_int_equal(utf8_encode(0x1D11E, out), 4);
	assert_memory_equal(out, "\xF0\x9D\x84\x9E", 4);
}

static void test_box_draws_title_in_top_edge(void **state)
{
	(void)state;
	canvas *c = canvas_new(20, 4, false);
	canvas_box(c, 0, 0, 20, 4, "Processors", ROLE_BORDER);
	assert_row(c, 0, "┌ Processors ──────┐");
	assert_row(c, 1, "│                  │");
	assert_row(c, 2, "│                  │");
	assert_row(c, 3, "└──────────────────┘");
	assert_int_equal(canvas_at(c, 0, 0)->role, ROLE_BORDER);
	assert_int_equal(canvas_at(c, 2, 0)->role, ROLE_TITLE);
	assert_int_equal(canvas_at(c, 1, 0)->role, ROLE_BORDER);
	canvas_free(c);
}

static void test_box_clips_long_title_and_canvas_edge(void **state)
{
	(void)state;
	canvas *c = canvas_new(12, 3, false);
	canvas_box(c, 0, 0, 10, 3, "Threads (M) live 9", ROLE_BORDER);
	assert_row(c, 0, "┌ Threa ─┐  ");
	assert_row(c, 2, "└────────┘  ");
	canvas_clear(c);
	canvas_box(c, 6, 1, 10, 4, NULL, ROLE_BORDER); /* partly off canvas */
	assert_row(c, 0, "            ");
	assert_row(c, 1, "      ┌─────");
	assert_row(c, 2, "      │     ");
	canvas_clear(c);
	canvas_box(c, 0, 0, 1, 3, "x", ROLE_BORDER); /* too small: nothing */
	assert_row(c, 0, "            ");
	canvas_free(c);
}

static void test_ascii_mode_maps_glyphs(void **state)
{
	(void)state;
	canvas *c = canvas_new(12, 3, true);
	canvas_box(c, 0, 0, 12, 3, "P", ROLE_BORDER);
	canvas_put_str(c, 1, 1, "▶◆◌✝█▓▒░…→", ROLE_DEFAULT, -1);
	assert_row(c, 0, "+ P -------+");
	assert_row(c, 1, "|>*ot#%:.~>|");
	assert_row(c, 2, "+----------+");
	assert_int_equal(glyph_ascii(0x2026), '~');
	assert_int_equal(glyph_ascii(0x253C), '+');
	assert_int_equal(glyph_ascii(0x2190), '<');
	assert_int_equal(glyph_ascii('q'), 'q');
	assert_int_equal(glyph_ascii(0x00E9), '?');
	canvas_free(c);
}

static void test_resize_clears_and_fill_set_role(void **state)
{
	(void)state;
	canvas *c = canvas_new(3, 2, false);
	canvas_fill(c, -1, -1, 3, 2, '#', ROLE_ALERT);
	assert_row(c, 0, "## ");
	assert_row(c, 1, "   ");
	canvas_set_role(c, 1, 0, 5, ROLE_HIGHLIGHT, ATTR_BOLD);
	assert_int_equal(canvas_at(c, 0, 0)->role, ROLE_ALERT);
	assert_int_equal(canvas_at(c, 1, 0)->role, ROLE_HIGHLIGHT);
	assert_int_equal(canvas_at(c, 2, 0)->attr, ATTR_BOLD);
	assert_int_equal(canvas_at(c, 1, 0)->ch, '#');
	assert_int_equal(canvas_resize(c, 5, 4), 0);
	assert_int_equal(c->w, 5);
	assert_int_equal(c->h, 4);
	for (int y = 0; y < 4; y++)
		assert_row(c, y, "     ");
	assert_int_equal(canvas_printf(c, 0, 3, ROLE_DEFAULT, -1, "G%d:%s", 42, "run"), 5);
	assert_row(c, 3, "G42:r");
	canvas_free(c);
}

static void test_equal_and_copy(void **state)
{
	(void)state;
	canvas *a = canvas_new(4, 2, false), *b = canvas_new(4, 2, false);
	canvas *d = canvas_new(2, 4, false);
	assert_true(canvas_equal(a, b));
	assert_false(canvas_equal(a, d));
	canvas_put(a, 1, 1, 'x', ROLE_DEFAULT);
	assert_false(canvas_equal(a, b));
	canvas_put(b, 1, 1, 'x', ROLE_RUNNING);
	assert_false(canvas_equal(a, b));      /* same glyph, other role */
	canvas_put(b, 1, 1, 'x', ROLE_DEFAULT);
	assert_true(canvas_equal(a, b));
	canvas_put_attr(b, 1, 1, 'x', ROLE_DEFAULT, ATTR_REVERSE);
	assert_false(canvas_equal(a, b));      /* same glyph and role, other attr */
	canvas_copy(b, a);
	assert_true(canvas_equal(a, b));
	canvas_free(a);
	canvas_free(b);
	canvas_free(d);
}

static void test_row_text_stops_at_whole_code_point(void **state)
{
	(void)state;
	canvas *c = canvas_new(4, 1, false);
	canvas_put_str(c, 0, 0, "a▶b", ROLE_DEFAULT, -1);
	char buf[4];
	assert_int_equal(canvas_row_text(c, 0, buf, sizeof buf), 1); /* "a" + no room for ▶ + NUL */
	assert_string_equal(buf, "a");
	char big[16];
	assert_int_equal(canvas_row_text(c, 0, big, sizeof big), 6);
	assert_string_equal(big, "a▶b ");
	canvas_free(c);
}

static void test_put_str_random_bytes_stay_in_bounds(void **state)
{
	(void)state;
	uint32_t seed = 7;
	canvas *c = canvas_new(9, 3, false);
	for (int round = 0; round < 2000; round++) {
		char buf[24];
		int n = (int)((seed = seed * 1103515245u + 12345u) >> 16) % 23;
		for (int i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			buf[i] = (char)((seed >> 16) % 255 + 1); /* any byte but NUL */
		}
		buf[n] = '\0';
		int x = (int)(seed >> 20) % 13 - 3, maxw = (int)(seed >> 8) % 12 - 1;
		int w = utf8_width(buf);
		int end = maxw < 0 || x + maxw > 9 ? 9 : x + maxw; /* first column not written */
		int want = 0;
		for (int k = 0; k < w; k++)
			want += x + k >= 0 && x + k < end;
		assert_int_equal(canvas_put_str(c, x, 1, buf, ROLE_DEFAULT, maxw), want);
		for (int i = 0; i < 9; i++) {
			uint32_t ch = canvas_at(c, i, 1)->ch;
			assert_true(ch >= 0x20 && ch != 0x7f && !(ch >= 0xD800 && ch <= 0xDFFF) && ch <= 0x10FFFF);
		}
	}
	canvas_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_put_clips_out_of_bounds),
		cmocka_unit_test(test_put_str_clips_at_edge_and_maxw),
		cmocka_unit_test(test_put_str_decodes_multibyte_utf8),
		cmocka_unit_test(test_utf8_invalid_input_becomes_replacement),
		cmocka_unit_test(test_box_draws_title_in_top_edge),
		cmocka_unit_test(test_box_clips_long_title_and_canvas_edge),
		cmocka_unit_test(test_ascii_mode_maps_glyphs),
		cmocka_unit_test(test_resize_clears_and_fill_set_role),
		cmocka_unit_test(test_equal_and_copy),
		cmocka_unit_test(test_row_text_stops_at_whole_code_point),
		cmocka_unit_test(test_put_str_random_bytes_stay_in_bounds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
