/*
 * test_cast.c — the asciicast writer: exact header, event structure, JSON
 * escaping, and the frame differences replayed through libvterm (tests/replay.c) landing on
 * exactly the frame (text and colours) that was recorded.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "canvas.h"
#include "cast.h"
#include "shot.h"
#include "theme.h"
#include "replay.h"

/* assert_vt_shows checks text and colours of every cell of v against c. */
#define assert_vt_shows(v, c) assert_vt_shows_at(v, c, __FILE__, __LINE__)
static void assert_vt_shows_at(const vt *v, const canvas *c, const char *file, int line)
{
	char *want = shot_txt_string(c), *got = vt_text(v);
	if (strcmp(want, got) != 0) {
		print_error("screen differs:\n--- got\n%s--- want\n%s", got, want);
		_fail(file, line);
	}
	free(want);
	free(got);
	for (int y = 0; y < c->h; y++)
		for (int x = 0; x < c->w; x++) {
			const canvas_cell *cc = canvas_at(c, x, y);
			const vt_cell *vc = vt_at(v, x, y);
			int fg, bg;
			uint8_t attr;
			theme_resolve((canvas_role)cc->role, cc->attr, THEME_COLOR256, &fg, &bg, &attr);
			if (vc->ch != cc->ch || vc->fg != fg || vc->bg != bg || vc->attr != attr) {
				print_error("cell %d,%d: got U+%04X fg %d bg %d attr %d, want U+%04X fg %d bg %d attr %d\n",
				            x, y, vc->ch, vc->fg, vc->bg, vc->attr, cc->ch, fg, bg, attr);
				_fail(file, line);
			}
		}
}

#define assert_prefix(s, p) assert_int_equal(strncmp((s), (p), strlen(p)), 0)

/* mem_cast records frames into a memory buffer. */
typedef struct mem_cast {
	char *text;
	size_t len;
	FILE *fp;
	cast *k;
} mem_cast;

static void mem_open(mem_cast *m, int w, int h, const char *title)
{
	m->fp = open_memstream(&m->text, &m->len);
	assert_non_null(m->fp);
	m->k = cast_open(m->fp, w, h, title, THEME_COLOR256);
	assert_non_null(m->k);
}

static void mem_close(mem_cast *m)
{
	assert_int_equal(cast_close(m->k), 0);
	fclose(m->fp);
}

static void draw_frame(canvas *c, int i)
{
	canvas_clear(c);
	canvas_box(c, 0, 0, c->w, c->h, "Processors", ROLE_BORDER);
	canvas_printf(c, 2, 1, ROLE_DEFAULT, -1, "P0 running  M%d", 38 + i);
	canvas_put(c, 17 + i, 1, 0x25B6, ROLE_RUNNING);
	canvas_printf(c, 19 + i, 1, ROLE_RUNNING, -1, "G%d", 40 + i);
	canvas_fill(c, 2, 2, 3 + 2 * i, 1, 0x2588, ROLE_RUNNING);
	canvas_fill(c, 5 + 2 * i, 2, 4, 1, 0x2591, ROLE_IDLE);
	canvas_put_str(c, 2, 3, " BUG ", ROLE_BUG, -1);
	canvas_put_str(c, 8, 3, i % 2 ? "M3 ✝ exits" : "", ROLE_DEAD, -1);
	canvas_put_attr(c, 20, 3, 'x', ROLE_ALERT, ATTR_UNDERLINE | ATTR_REVERSE);
	canvas_put(c, c->w - 1, c->h - 1, '#', ROLE_HIGHLIGHT); /* bottom-right corner */
}

static void test_header_is_exact_json(void **state)
{
	(void)state;
	mem_cast m;
	mem_open(&m, 80, 24, "03 \"LockOSThread\" \\ bug");
	mem_close(&m);
	assert_string_equal(m.text,
		"{\"version\": 2, \"width\": 80, \"height\": 24, "
		"\"title\": \"03 \\\"LockOSThread\\\" \\\\ bug\", "
		"\"env\": {\"TERM\": \"xterm-256color\", \"SHELL\": \"/bin/sh\"}}\n");
	free(m.text);
}

static void test_events_have_time_code_data_nondecreasing(void **state)
{
	(void)state;
	canvas *c = canvas_new(30, 6, false);
	mem_cast m;
	mem_open(&m, 30, 6, "t");
	draw_frame(c, 0);
	assert_int_equal(cast_frame(m.k, 0, c), 0);
	assert_int_equal(cast_marker(m.k, 1500000, "steal"), 0);
	assert_int_equal(cast_frame(m.k, 1500000, c), 0);     /* unchanged: no event */
	draw_frame(c, 1);
	assert_int_equal(cast_frame(m.k, 1000000, c), 0);     /* earlier: clamped */
	draw_frame(c, 2);
	assert_int_equal(cast_frame(m.k, 12345678, c), 0);
	mem_close(&m);

	const char *lines[8];
	int n = 0;
	for (char *p = m.text; *p && n < 8; p = strchr(p, '\n') + 1)
		lines[n++] = p;
	assert_int_equal(n, 5);
	assert_prefix(lines[1], "[0.000000, \"o\", \"\\u001b[0m\\u001b[?25l\\u001b[2J");
	assert_prefix(lines[2], "[1.500000, \"m\", \"steal\"]\n");
	assert_prefix(lines[3], "[1.500000, \"o\", \"");
	assert_prefix(lines[4], "[12.345678, \"o\", \"");

	vt *v = vt_new(30, 6);
	assert_int_equal(vt_feed_cast(v, m.text), 4);
	assert_null(vt_error(v));
	assert_vt_shows(v, c);
	assert_false(vt_cursor_visible(v));
	vt_free(v);
	free(m.text);
	canvas_free(c);
}

static void test_replayed_cast_equals_final_screenshot(void **state)
{
	(void)state;
	canvas *c = canvas_new(40, 8, false);
	mem_cast m;
	mem_open(&m, 40, 8, "replay");
	for (int i = 0; i < 6; i++) {
		draw_frame(c, i);
		assert_int_equal(cast_frame(m.k, (uint64_t)i * 40000, c), 0);
	}
	mem_close(&m);
	vt *v = vt_new(40, 8);
	assert_int_equal(vt_feed_cast(v, m.text), 6);
	char *txt = shot_txt_string(c), *got = vt_text(v);
	assert_string_equal(got, txt);
	assert_vt_shows(v, c);
	free(txt);
	free(got);
	vt_free(v);
	free(m.text);
	canvas_free(c);
}

/* lcg is a tiny deterministic PRNG for the random-frames property test. */
static uint32_t lcg(uint32_t *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 8;
}

static void test_random_frames_diff_to_exact_screen(void **state)
{
	(void)state;
	static const uint32_t glyphs[] = { ' ', ' ', ' ', 'a', 'Z', '"', '\\', 0x2588, 0x2591,
	                                   0x25B6, 0x271D, 0x2500, 0x00B5, 0x2026 };
	uint32_t seed = 1;
	canvas *prev = canvas_new(23, 7, false), *cur = canvas_new(23, 7, false);
	vt *v = vt_new(23, 7);
	cast_buf out = { 0 };
	for (int frame = 0; frame < 300; frame++) {
		int edits = (int)(lcg(&seed) % 40);
		for (int e = 0; e < edits; e++) {
			int x = (int)(lcg(&seed) % 23), y = (int)(lcg(&seed) % 7);
			uint32_t g = glyphs[lcg(&seed) % (sizeof glyphs / sizeof glyphs[0])];
			canvas_put_attr(cur, x, y, g, (canvas_role)(lcg(&seed) % ROLE__COUNT),
			                (uint8_t)(lcg(&seed) % 16));
		}
		out.len = 0;
		cast_diff(&out, frame ? prev : NULL, cur, THEME_COLOR256);
		assert_int_equal(vt_feed(v, out.p, out.len), 0);
		assert_vt_shows(v, cur);
		canvas_copy(prev, cur);
	}
	cast_buf_free(&out);
	vt_free(v);
	canvas_free(prev);
	canvas_free(cur);
}

/* A frame fed one byte at a time (escape sequences and UTF-8 split between
 * writes) leaves the same screen as fed whole: the scan keeps partial input. */
static void test_replay_byte_by_byte_equals_whole(void **state)
{
	(void)state;
	canvas *c = canvas_new(12, 3, false);
	canvas_put_attr(c, 0, 0, 0x2588, ROLE_BUG, ATTR_DIM);
	canvas_put_attr(c, 1, 0, 0x00B5, ROLE_RUNNING, ATTR_UNDERLINE);
	canvas_fill(c, 2, 1, 10, 2, '=', ROLE_IDLE);
	canvas_put_attr(c, 11, 2, 0x25B6, ROLE_FIX, 0);
	cast_buf out = { 0 };
	cast_diff(&out, NULL, c, THEME_COLOR256);
	vt *v = vt_new(12, 3);
	for (size_t i = 0; i < out.len; i++)
		assert_int_equal(vt_feed(v, out.p + i, 1), 0);
	assert_vt_shows(v, c);
	assert_int_equal(vt_at(v, 0, 0)->attr & ATTR_DIM, ATTR_DIM);
	vt_free(v);
	cast_buf_free(&out);
	canvas_free(c);
}

static void test_json_escapes_quotes_backslashes_controls_utf8(void **state)
{
	(void)state;
	cast_buf b = { 0 };
	const char in[] = "a\"b\\c\x01\x1b\n\r\t\b\f\x1f\x7f/ \xC3\xA9\xE2\x96\xB6\xFFz";
	cast_json_string(&b, in, sizeof in - 1);
	const char want[] = "\"a\\\"b\\\\c\\u0001\\u001b\\n\\r\\t\\b\\f\\u001f\\u007f/ "
	                    "\xC3\xA9\xE2\x96\xB6\xEF\xBF\xBDz\"";
	assert_int_equal(b.len, sizeof want - 1);
	assert_memory_equal(b.p, want, b.len);
	/* and back */
	size_t n;
	char *raw = vt_json_unescape(b.p + 1, b.len - 2, &n);
	assert_non_null(raw);
	assert_memory_equal(raw, "a\"b\\c\x01\x1b\n\r\t\b\f\x1f\x7f/ \xC3\xA9\xE2\x96\xB6\xEF\xBF\xBDz", n);
	free(raw);
	/* a truncated multi-byte sequence at the very end is not over-read */
	b.len = 0;
	cast_json_string(&b, "ok\xE2\x96", 4);
	assert_int_equal(b.len, 7);
	assert_memory_equal(b.p, "\"ok\xEF\xBF\xBD\"", 7);
	cast_buf_free(&b);
}

static void test_no_colon_or_rep_in_any_csi(void **state)
{
	(void)state;
	canvas *a = canvas_new(50, 10, false), *b = canvas_new(50, 10, false);
	for (int r = 0; r < ROLE__COUNT; r++)
		for (int at = 0; at < 16; at++)
			canvas_put_attr(a, (r * 16 + at) % 50, (r * 16 + at) / 50, 'x', (canvas_role)r, (uint8_t)at);
	canvas_fill(b, 0, 0, 50, 10, '=', ROLE_RUNNING); /* a long repeated run */
	for (theme_depth d = THEME_MONO; d <= THEME_COLOR256; d++) {
		cast_buf out = { 0 };
		cast_diff(&out, NULL, a, d);
		cast_diff(&out, a, b, d);
		int csis = 0;
		for (size_t i = 0; i + 1 < out.len; i++) {
			if (out.p[i] != 0x1b)
				continue;
			assert_int_equal(out.p[i + 1], '[');
			size_t j = i + 2;
			while (j < out.len && !(out.p[j] >= 0x40 && out.p[j] <= 0x7e)) {
				assert_true(out.p[j] != ':');
				j++;
			}
			assert_true(j < out.len);
			assert_true(strchr("Hmlh" "J", out.p[j]) != NULL); /* never 'b' (REP) */
			csis++;
		}
		assert_true(csis > 20);
		vt *v = vt_new(50, 10);
		assert_int_equal(vt_feed(v, out.p, out.len), 0);
		vt_free(v);
		cast_buf_free(&out);
	}
	canvas_free(a);
	canvas_free(b);
}

static void test_vt_rejects_what_we_promise_not_to_emit(void **state)
{
	(void)state;
	static const char *bad[] = {
		"\x1b[38:5:46m", "a\x1b[5b", "\x1b]0;title\x07", "\r\n", "\x1b[?1049h", "\xFFx",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		vt *v = vt_new(10, 2);
		assert_int_equal(vt_feed(v, bad[i], strlen(bad[i])), -1);
		assert_non_null(vt_error(v));
		vt_free(v);
	}
	/* Two rows, not one: libvterm reports a scroll when a line leaves the top
	 * (sb_pushline); on a one-row screen it erases the row instead. */
	vt *v = vt_new(3, 2);
	assert_int_equal(vt_feed(v, "abcdef", 6), 0);
	assert_int_equal(vt_feed(v, "g", 1), -1); /* would scroll */
	assert_string_equal(vt_error(v), "text past the bottom-right corner would scroll");
	vt_free(v);
}

static void test_unchanged_frame_writes_nothing_and_diff_is_small(void **state)
{
	(void)state;
	canvas *a = canvas_new(80, 24, false), *b = canvas_new(80, 24, false);
	draw_frame(a, 0);
	canvas_copy(b, a);
	cast_buf out = { 0 };
	assert_int_equal(cast_diff(&out, a, b, THEME_COLOR256), 0);
	canvas_put(b, 10, 5, 'q', ROLE_DEFAULT);
	size_t n = cast_diff(&out, a, b, THEME_COLOR256);
	assert_int_equal(n, strlen("\x1b[6;11Hq\x1b[0m"));
	assert_memory_equal(out.p, "\x1b[6;11Hq\x1b[0m", n);
	cast_buf_free(&out);
	canvas_free(a);
	canvas_free(b);
}

static void test_full_frame_200x50_is_fast(void **state)
{
	(void)state;
	canvas *a = canvas_new(200, 50, false), *b = canvas_new(200, 50, false);
	for (int y = 0; y < 50; y++)
		for (int x = 0; x < 200; x++) {
			canvas_put(a, x, y, (uint32_t)(0x2581 + (x + y) % 8), (canvas_role)((x / 7 + y) % ROLE__COUNT));
			canvas_put(b, x, y, (uint32_t)('a' + (x * y) % 26), (canvas_role)((x / 5 + y) % ROLE__COUNT));
		}
	cast_buf out = { 0 };
	struct timespec t0, t1;
	enum { N = 200 };
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int i = 0; i < N; i++) {
		out.len = 0;
		cast_diff(&out, i % 2 ? a : b, i % 2 ? b : a, THEME_COLOR256);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double us = ((double)(t1.tv_sec - t0.tv_sec) * 1e9 + (double)(t1.tv_nsec - t0.tv_nsec)) / 1e3 / N;
	print_message("full 200x50 frame diff: %.1f us, %zu bytes\n", us, out.len);
	/* every cell changes and the style changes every few cells: the worst case.
	 * Unoptimised sanitizer builds get more room so a busy CI box stays green. */
#ifdef GMP_DEBUG
	assert_true(us < 5000.0);
#else
	assert_true(us < 1000.0);
#endif
	cast_buf_free(&out);
	canvas_free(a);
	canvas_free(b);
}

static void test_theme_sgr_per_depth_and_no_color(void **state)
{
	(void)state;
	char b[48];
	theme_sgr(b, sizeof b, ROLE_BUG, 0, THEME_COLOR256);
	assert_string_equal(b, "\x1b[0;1;38;5;231;48;5;160m");
	theme_sgr(b, sizeof b, ROLE_BUG, 0, THEME_COLOR16);
	assert_string_equal(b, "\x1b[0;1;97;41m");
	theme_sgr(b, sizeof b, ROLE_BUG, 0, THEME_MONO);
	assert_string_equal(b, "\x1b[0;1;7m");
	theme_sgr(b, sizeof b, ROLE_RUNNING, ATTR_UNDERLINE, THEME_COLOR8);
	assert_string_equal(b, "\x1b[0;1;4;32m");    /* bright green → green + bold */
	theme_sgr(b, sizeof b, ROLE_DEFAULT, 0, THEME_COLOR256);
	assert_string_equal(b, "\x1b[0m");
	/* monochrome keeps the important states apart from plain text */
	static const canvas_role marked[] = { ROLE_RUNNING, ROLE_RUNNABLE, ROLE_BUG, ROLE_FIX,
	                                      ROLE_HIGHLIGHT, ROLE_ALERT, ROLE_DEAD, ROLE_KEY };
	for (size_t i = 0; i < sizeof marked / sizeof marked[0]; i++)
		assert_int_not_equal(theme_style_of(marked[i])->mono_attr, 0);
	assert_int_not_equal(theme_style_of(ROLE_BUG)->mono_attr, theme_style_of(ROLE_FIX)->mono_attr);
	unsetenv("NO_COLOR");
	assert_int_equal(theme_depth_for(256), THEME_COLOR256);
	assert_int_equal(theme_depth_for(16), THEME_COLOR16);
	assert_int_equal(theme_depth_for(8), THEME_COLOR8);
	assert_int_equal(theme_depth_for(2), THEME_MONO);
	setenv("NO_COLOR", "1", 1);
	assert_int_equal(theme_depth_for(256), THEME_MONO);
	setenv("NO_COLOR", "", 1); /* empty: colour stays on */
	assert_int_equal(theme_depth_for(256), THEME_COLOR256);
	unsetenv("NO_COLOR");
	assert_int_equal(theme_rgb(46), 0x00ff00);
	assert_int_equal(theme_rgb(160), 0xd70000);
	assert_int_equal(theme_rgb(244), 0x808080);
	assert_int_equal(theme_rgb(9), 0xff0000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_is_exact_json),
		cmocka_unit_test(test_events_have_time_code_data_nondecreasing),
		cmocka_unit_test(test_replayed_cast_equals_final_screenshot),
		cmocka_unit_test(test_random_frames_diff_to_exact_screen),
		cmocka_unit_test(test_json_escapes_quotes_backslashes_controls_utf8),
		cmocka_unit_test(test_no_colon_or_rep_in_any_csi),
		cmocka_unit_test(test_vt_rejects_what_we_promise_not_to_emit),
		cmocka_unit_test(test_replay_byte_by_byte_equals_whole),
		cmocka_unit_test(test_unchanged_frame_writes_nothing_and_diff_is_small),
		cmocka_unit_test(test_full_frame_200x50_is_fast),
		cmocka_unit_test(test_theme_sgr_per_depth_and_no_color),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
