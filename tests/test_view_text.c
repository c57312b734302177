/*
 * test_view_text.c — what the views must show whatever a screen's exact text
 * (the exact screens are test_view.c's): the layout at each size, a glyph for
 * every timeline and M state in both modes, legends that explain the glyphs
 * drawn, metrics that show the value now, text cut with an ellipsis, captions
 * wrapped whole, the timeline's scale and labels, and a render that changes
 * nothing.
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
#include "engine_fixture.h"

static void test_layout_sizes(void **state)
{
	(void)state;
	ui_layout L;
	layout_compute(79, 24, 2, &L);
	assert_true(L.too_small);
	layout_compute(80, 23, 2, &L);
	assert_true(L.too_small);
	layout_compute(80, 24, 4, &L);
	assert_false(L.too_small);
	assert_int_equal(L.timeline.h, 4 + 3);   /* a timeline row per P, axis, frame */
	assert_int_equal(L.tl_rows, 4);
	assert_int_equal(L.source.h, 0);         /* Source | Metrics give way */
	assert_int_equal(L.proc_rows, 4);        /* every P row stays */
	assert_int_equal(L.procs.w, 80);
	assert_int_equal(L.threads.y, L.procs.y + L.procs.h); /* M strip below */
	assert_int_equal(L.narr.h, 5);           /* the last captions stay */
	assert_int_equal(L.footer.y, 23);
	layout_compute(160, 48, 4, &L);
	assert_true(L.timeline.h > 0);
	assert_int_equal(L.threads.y, L.procs.y); /* side by side */
	assert_true(L.gors.w > 0 && L.sigs.h > 0);
	assert_int_equal(L.narr.y + L.narr.h, 47);
	layout_compute(160, 48, 32, &L);         /* many Ps: rows are capped */
	assert_true(L.proc_rows < 32);
	assert_true(L.source.h >= 6);
	assert_int_equal(L.sigs.h, 7);           /* Signals keeps its place */
	assert_int_equal(L.sigs.y + L.sigs.h, L.narr.y);
	layout_compute(80, 24, 32, &L);          /* 32 Ps at 80x24: four rows each */
	assert_int_equal(L.proc_rows, 4);
	assert_int_equal(L.tl_rows, 4);
	assert_int_equal(L.narr.h, 5);
	layout_compute(100, 30, 4, &L);
	assert_int_equal(L.tl_rows, 4);
	assert_int_equal(L.source.h, 6);
}

/* row_of returns the text of the row holding text (or fails). */
static int row_of(const canvas *c, const char *text, char *row, size_t len)
{
	int x = 0, y = 0;
	assert_true(ui_fx_find(c, text, &x, &y));
	canvas_row_text(c, y, row, (int)len);
	return y;
}

/* glyph_before returns the glyph two cells before word on row y. */
static uint32_t glyph_before(const canvas *c, int y, const char *row, const char *word)
{
	const char *p = strstr(row, word);
	assert_non_null(p);
	char head[1024];
	snprintf(head, sizeof head, "%.*s", (int)(p - row), row);
	return canvas_at(c, utf8_width(head) - 2, y)->ch;
}

static void test_every_timeline_state_has_its_own_glyph(void **state)
{
	(void)state;
	static const char *const words[] = {"syscall  ", "throttled", "spinning", "idle", "scheduler", "start"};
	for (int ascii = 0; ascii <= 1; ascii++) {
		appstate *st = ui_fx_open_shipped("00-tour");
		appstate_run_to(st, 4000000);
		canvas *c = canvas_new(160, 48, ascii);
		view_render(c, st);
		char row[4096];
		int y = row_of(c, "running G", row, sizeof row);
		uint32_t g[6];
		for (int i = 0; i < 6; i++) {
			g[i] = glyph_before(c, y, row, words[i]);
			assert_int_not_equal(g[i], ' ');
			for (int j = 0; j < i; j++)
				assert_int_not_equal(g[i], g[j]);
		}
		if (ascii) /* the documented ASCII set */
			assert_memory_equal(g, ((uint32_t[]){':', '/', '~', '.', '-', '|'}), sizeof g);
		else
			assert_memory_equal(g, ((uint32_t[]){0x2592, 0x2571, 0x2591, 0xB7, 0x2500, 0x250A}), sizeof g);
		canvas_free(c);
		appstate_free(st);
	}
}

/* At 80x24 the explanation of scenario 13 does not fit: `e`, then `j`
 * through the key path, until the screen stops changing, shows its last
 * line and says there is more above and no more below. */
static void test_explain_scrolls_to_its_last_line_at_80x24(void **state)
{
	(void)state;
	appstate *st = ui_fx_open_shipped("13-select-default-spin");
	appstate_set_screen(st, 80, 24);
	appstate_key(st, 'e');
	canvas *c = ui_fx_render(st, 80, 24);
	char row[4096];
	row_of(c, "▼ more below (j ↓ PgDn)", row, sizeof row);
	int x, y;
	assert_false(ui_fx_find(c, "more above", &x, &y));
	int presses = 0;
	for (;;) {
		appstate_key(st, 'j');
		presses++;
		canvas_free(c);
		c = ui_fx_render(st, 80, 24);
		if (!ui_fx_find(c, "more below", &x, &y))
			break;
		assert_true(presses < 40);
	}
	assert_int_equal(presses, 8);
	/* the last rows of the overlay, exactly */
	static const char *const want[] = {
		"│ The fix                                                                      │",
		"│   Drop the default arm. A select without a default (or a plain receive)      │",
		"│   parks the goroutine on the channel's receive queue, so its P goes idle     │",
		"│   and its thread sleeps until a sender wakes it with the next job. The       │",
		"│   worker then uses CPU only for the jobs themselves.                         │",
		"└──────────────────────────────────────────────────── ▲ more above (k ↑ PgUp) ─┘",
	};
	for (int i = 0; i < 6; i++) {
		canvas_row_text(c, 17 + i, row, sizeof row);
		assert_string_equal(row, want[i]);
	}
	/* one more j changes nothing; k goes back up at once */
	appstate_key(st, 'j');
	canvas *again = ui_fx_render(st, 80, 24);
	assert_true(canvas_equal(c, again));
	canvas_free(again);
	appstate_key(st, 'k');
	again = ui_fx_render(st, 80, 24);
	assert_true(ui_fx_find(again, "▼ more below", &x, &y));
	canvas_free(again);
	/* Esc closes it and the next `e` starts at the top */
	appstate_key(st, KEYC_ESC);
	appstate_key(st, 'e');
	assert_int_equal(st->overlay_scroll, 0);
	canvas_free(c);
	appstate_free(st);
}

/* value_after returns the number printed at the right end of the panel cell
 * that starts with label (e.g. "threads live   ▁▂▃   5" → 5); -1 if absent. */
static long value_after(const canvas *c, const char *label)
{
	int x, y;
	if (!ui_fx_find(c, label, &x, &y))
		return -1;
	char row[8192];
	canvas_row_text(c, y, row, sizeof row);
	/* skip to column x (cells may be multi-byte), then to the panel border */
	char *p = row;
	for (int col = 0; col < x && *p; col++) {
		p++;
		while ((*p & 0xC0) == 0x80)
			p++;
	}
	char *end = strstr(p, "│");
	if (end)
		*end = 0;
	size_t n = strlen(p);
	while (n > 0 && p[n - 1] == ' ')
		p[--n] = 0;
	char *last = strrchr(p, ' ');
	return last ? strtol(last + 1, NULL, 10) : -1;
}

static void test_metrics_show_the_value_now_not_the_last_sample(void **state)
{
	(void)state;
	appstate *st = ui_fx_open(UI_FX_LEAK);
	/* just before the first session exits: threads and goroutines have
	 * changed since the last sample (every 10µs) */
	double exited = 0;
	while (engine_runstate(st->eng) == RUN_RUNNING && exited == 0) {
		appstate_step(st);
		assert_true(engine_metric(st->eng, "threads_exited", &exited));
	}
	appstate_back(st);
	canvas *c = ui_fx_render(st, 160, 48);
	double gor, thr, cre;
	assert_true(engine_metric(st->eng, "goroutines", &gor));
	assert_true(engine_metric(st->eng, "threads", &thr));
	assert_true(engine_metric(st->eng, "threads_created", &cre));
	assert_int_equal(value_after(c, "goroutines "), (long)gor);
	assert_int_equal(value_after(c, "threads live"), (long)thr);
	assert_int_equal(value_after(c, "threads created"), (long)cre);
	/* and the Threads panel's header says the same */
	char b[32];
	int x, y;
	snprintf(b, sizeof b, "live %.0f  created %.0f", thr, cre);
	assert_true(ui_fx_find(c, b, &x, &y));
	canvas_free(c);
	/* at t=0 no sample exists yet, the values are shown all the same */
	appstate_restart(st);
	c = ui_fx_render(st, 160, 48);
	assert_int_equal(value_after(c, "goroutines "), 1);
	assert_int_equal(value_after(c, "threads live"), 4);   /* m0, sysmon, start-up's two */
	canvas_free(c);
	appstate_free(st);
}

static void test_threads_legend_explains_the_glyphs_on_screen(void **state)
{
	(void)state;
	appstate *st = ui_fx_open(UI_FX_LEAK);
	appstate_run_to(st, 30000000);
	canvas *c = ui_fx_render(st, 160, 48);
	/* tombstones are on screen: the legend must say what ✝ is, even though
	 * the eleven states do not fit on its row */
	int x, y, lx, ly;
	assert_true(ui_fx_find(c, "✝ dead", &lx, &ly));
	assert_true(ui_fx_find(c, "▶ running", &x, &y));
	assert_int_equal(y, ly);
	assert_int_equal(canvas_at(c, lx, ly)->role, ROLE_DEAD);
	canvas_free(c);
	appstate_free(st);
}

static void test_every_m_state_has_its_own_glyph_in_both_modes(void **state)
{
	(void)state;
	for (int a = 0; a < M__COUNT; a++) {
		assert_true(view_mglyph((gmp_mstate)a, true) < 0x80);
		for (int b = a + 1; b < M__COUNT; b++) {
			assert_int_not_equal(view_mglyph((gmp_mstate)a, true), view_mglyph((gmp_mstate)b, true));
			assert_int_not_equal(view_mglyph((gmp_mstate)a, false), view_mglyph((gmp_mstate)b, false));
		}
	}
}

static void test_ascii_legends_show_the_glyphs_drawn(void **state)
{
	(void)state;
	appstate *st = ui_fx_open(UI_FX_BURST);
	appstate_run_to(st, 2000000);
	canvas *c = canvas_new(160, 48, true);
	assert_non_null(c);
	view_render(c, st);
	int x = 0, y = 0, tx = 0, ty = 0;
	/* the Timeline legend: both shades of a running G, one glyph per kind */
	assert_true(ui_fx_find(c, "#% running G  : syscall  / throttled  ~ spinning  . idle  - scheduler", &x, &y));
	/* and the strips use only those glyphs (and G labels) */
	assert_true(ui_fx_find(c, "Timeline", &tx, &ty));
	assert_true(ui_fx_find(c, "| P0 |", &x, &ty)); /* | marks the run's start */
	for (int row = ty; row < y; row++) {
		char b[1024];
		canvas_row_text(c, row, b, sizeof b);
		if (row == ty)
			assert_non_null(strpbrk(b + 6, "#%")); /* P0 ran goroutines */
		for (const char *p = b + 6; p < b + 158; p++)
			assert_non_null(strchr("#%:/~-.| G123456793", *p));
	}
	/* at the end of a thread leak: tombstones, and the Threads legend of the
	 * states on screen */
	appstate_free(st);
	st = ui_fx_open(UI_FX_LEAK);
	appstate_run_to(st, 60000000);
	view_render(c, st);
	assert_true(ui_fx_find(c, "| > running  ~ spinning  o idle  c cgo  x locked  t dead  * sysmon  |", &x, &y));
	/* the strip: the same glyphs; the main thread, parked for good, says so */
	assert_true(ui_fx_find(c, "| M0xwedged M1* M2t M3o M4o M5t ", &x, &y));
	canvas_free(c);
	appstate_free(st);
}

static void test_cut_text_ends_with_an_ellipsis(void **state)
{
	(void)state;
	canvas *c = canvas_new(12, 3, false);
	assert_non_null(c);
	assert_int_equal(view_put(c, 0, 0, 6, "abcdefgh", ROLE_DEFAULT), 6);
	view_put(c, 0, 1, 6, "abcdef", ROLE_DEFAULT); /* fits: no mark */
	int y = 2;
	view_wrap(c, 0, &y, 6, 3, "one two three", ROLE_DEFAULT); /* out of rows */
	char row[64];
	canvas_row_text(c, 0, row, sizeof row);
	assert_string_equal(row, "abcde…      ");
	canvas_row_text(c, 1, row, sizeof row);
	assert_string_equal(row, "abcdef      ");
	canvas_row_text(c, 2, row, sizeof row);
	assert_string_equal(row, "one  …      ");
	/* ASCII: three dots, since '~' is a glyph (a spinning M) there */
	canvas_free(c);
	c = canvas_new(12, 1, true);
	view_put(c, 0, 0, 6, "abcdefgh", ROLE_DEFAULT);
	canvas_row_text(c, 0, row, sizeof row);
	assert_string_equal(row, "abc...      ");
	canvas_free(c);
}

/* main never returns: at the horizon G1 is running an op with no listing line */
static const char FX_SPIN[] =
	"scenario 00 spin\n"
	"title \"Spin\"\n"
	"family tour\n"
	"go 1.22\n"
	"gomaxprocs 1\n"
	"cpus 1\n"
	"seed 1\n"
	"horizon 1ms\n"
	"listing bug <<GO\n"
	"func main() { for {} }\n"
	"GO\n"
	"variant bug\n"
	"  func main\n"
	"    work 10ms\n"
	"expect bug fatal ~ \"no goroutines (main called runtime.Goexit) - deadlock! and more\"\n";

static void test_end_panel_omits_an_unknown_line_and_marks_cut_text(void **state)
{
	(void)state;
	appstate *st = ui_fx_open(FX_SPIN);
	appstate_run_to(st, 2000000);
	assert_int_equal(engine_runstate(st->eng), RUN_HORIZON);
	canvas *c = ui_fx_render(st, 80, 24);
	int x = 0, y = 0;
	assert_false(ui_fx_find(c, "line 0", &x, &y));
	assert_true(ui_fx_find(c, "│   G1 running in main                 │", &x, &y));
	assert_true(ui_fx_find(c, "│   ✗ fatal ~ \"no goroutines (main ca… │", &x, &y));
	canvas_free(c);
	c = canvas_new(80, 24, true);
	view_render(c, st);
	assert_true(ui_fx_find(c, "|   x fatal ~ \"no goroutines (main ... |", &x, &y));
	canvas_free(c);
	appstate_free(st);
}

static void test_captions_wrap_whole_in_threads_and_signals(void **state)
{
	(void)state;
	appstate *st = ui_fx_open(UI_FX_LEAK);
	appstate_run_to(st, 5000000);
	canvas *c = ui_fx_render(st, 160, 48);
	int x = 0, y = 0, x2 = 0, y2 = 0;
	/* the thread event takes a strip row left empty rather than being cut */
	assert_true(ui_fx_find(c, "│ ✝ M2 exits: G7 returned while locked to it; the runtime cannot    │", &x, &y));
	assert_true(ui_fx_find(c, "│   trust the thread                                                │", &x2, &y2));
	assert_int_equal(y2, y + 1);
	/* a signal caption wraps under its text; one that would not fit whole
	 * is left out */
	assert_true(ui_fx_find(c, "│ 4.005ms handoffp: P0 has no work and  │", &x, &y));
	assert_true(ui_fx_find(c, "│         goes idle                     │", &x2, &y2));
	assert_int_equal(y2, y + 1);
	assert_false(ui_fx_find(c, "3.008ms", &x, &y));
	canvas_free(c);
	/* at 80x24 the P rows keep a blank cell before the border */
	c = ui_fx_render(st, 80, 24);
	for (int row = 2; row <= 4; row++)
		assert_int_equal(canvas_at(c, 78, row)->ch, ' ');
	/* too narrow for a notes column: the run queue keeps its place */
	assert_true(ui_fx_find(c, "next ·   runq 0         timers 2 │", &x, &y));
	canvas_free(c);
	appstate_free(st);
}

static void test_timeline_at_t0_shows_the_scale_of_play(void **state)
{
	(void)state;
	appstate *st = ui_fx_open(UI_FX_LEAK); /* 10ms/s: two seconds of play */
	canvas *c = ui_fx_render(st, 160, 48);
	int x = 0, y = 0;
	assert_true(ui_fx_find(c, "Timeline (last 30.4ms, one column = 200µs)", &x, &y));
	canvas_free(c);
	appstate_free(st);
}

static void test_timeline_now_label_is_whole_at_the_right_edge(void **state)
{
	(void)state;
	appstate *st = ui_fx_open(UI_FX_LEAK);
	st->speed = 1000000; /* the strip spans ~2ms: the history does not fit */
	appstate_run_to(st, 10000000);
	for (int w = 120; w <= 200; w += 40) {
		canvas *c = ui_fx_render(st, w, 48);
		int x = 0, y = 0, tx, ty;
		assert_true(ui_fx_find(c, "Timeline", &tx, &ty));
		assert_true(ui_fx_find(c, "now▲", &x, &y)); /* the word before the arrow */
		/* the arrow sits in the last column of the strip, under "now" */
		assert_int_equal(x + 3, w - 3);
		assert_int_equal(canvas_at(c, x + 3, y)->ch, 0x25B2);
		canvas_free(c);
	}
	appstate_free(st);
}

/* a main that keeps spawning: the newest goroutine sits in runnext */
static const char FX_MANY[] =
	"scenario 00 many\n"
	"title \"Many goroutines\"\n"
	"family tour\n"
	"go 1.22\n"
	"gomaxprocs 2\n"
	"cpus 2\n"
	"seed 1\n"
	"horizon 1s\n"
	"listing bug <<GO\n"
	"func worker() { select {} }\n"
	"func main() {\n"
	"\tfor i := 0; i < 12000; i++ { go worker() }\n"
	"}\n"
	"GO\n"
	"variant bug\n"
	"  chan never 0\n"
	"  func worker\n"
	"    recv never @1\n"
	"  func main\n"
	"    repeat 12000 @3\n"
	"      go worker @3\n"
	"      work 1us @3\n";

static void test_runnext_long_goroutine_id_is_not_cut(void **state)
{
	(void)state;
	appstate *st = ui_fx_open(FX_MANY);
	/* run until runnext holds a five-digit goroutine id */
	int next = -1;
	for (int i = 0; i < 100 && next < 10000; i++) {
		appstate_run_to(st, st->vt + 1000000);
		gmp_pview pv;
		for (int p = 0; p < engine_nprocs(st->eng); p++) {
			engine_p_view(st->eng, p, &pv);
			if (pv.runnext > next)
				next = pv.runnext;
		}
	}
	assert_true(next >= 10000);
	for (int w = 80; w <= 160; w += 80) {
		canvas *c = ui_fx_render(st, w, 48);
		char b[32];
		int x, y;
		snprintf(b, sizeof b, "next G%d runq ", next);
		assert_true(ui_fx_find(c, b, &x, &y));
		canvas_free(c);
	}
	appstate_free(st);
}

static void test_render_is_pure(void **state)
{
	(void)state;
	appstate *st = ui_fx_open(UI_FX_BURST);
	appstate_run_to(st, 2000000);
	uint64_t ev = engine_event_total(st->eng);
	int64_t now = engine_now(st->eng);
	canvas *a = ui_fx_render(st, 160, 48), *b = ui_fx_render(st, 160, 48);
	assert_true(canvas_equal(a, b));
	assert_true(engine_event_total(st->eng) == ev);
	assert_true(engine_now(st->eng) == now);
	canvas_free(a);
	canvas_free(b);
	appstate_free(st);
}

/* Among 70,000 sleepers, the one goroutine on `spin`'s line is the newest:
 * the Source panel names it (its walk looks from the newest end once the
 * oldest slots have used up their share), and the sleepers' line shows its
 * first ids and the count. A frame's walk is bounded either way. */
static void test_source_marks_a_new_goroutine_among_many_old_ones(void **state)
{
	(void)state;
	appstate *st = ui_fx_open("scenario 01 t\ngomaxprocs 2\nhorizon 1s\n"
	                          "listing bug <<GO\n"
	                          "  func main() {\n"
	                          "  \tfor i := 0; i < 70000; i++ { go nap() }\n"
	                          "  \tgo spin()\n"
	                          "  \ttime.Sleep(time.Second)\n"
	                          "  }\n"
	                          "  func nap() { time.Sleep(time.Second) }\n"
	                          "  func spin() { for { work() } }\n"
	                          "GO\n"
	                          "variant bug\n"
	                          "  func main\n"
	                          "    repeat 70000    @2\n"
	                          "      go nap        @2\n"
	                          "    go spin         @3\n"
	                          "    sleep 1s        @4\n"
	                          "  func nap\n"
	                          "    sleep 1s        @6\n"
	                          "  func spin\n"
	                          "    repeat forever  @7\n"
	                          "      work 1us      @7\n");
	appstate_run_to(st, 300 * 1000000LL);
	double n = 0;
	assert_true(engine_metric(st->eng, "goroutines", &n));
	assert_int_equal((long)n, 70002);
	canvas *c = ui_fx_render(st, 160, 48);
	int x, y;
	assert_true(ui_fx_find(c, "func spin()", &x, &y));
	char row[8192];
	canvas_row_text(c, y, row, sizeof row);
	int spin = engine_g_find(st->eng, 70006) >= 0 ? 70006 : -1;   /* G1 main, G2-G5 the runtime's */
	assert_int_equal(spin, 70006);
	fx_assert_contains(row, "◀G70006", "spin's line", __FILE__, __LINE__);
	assert_true(ui_fx_find(c, "func nap()", &x, &y));
	canvas_row_text(c, y, row, sizeof row);
	fx_assert_contains(row, "◀G6 G7 G8 G9 +699", "nap's line", __FILE__, __LINE__);
	canvas_free(c);
	appstate_free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_source_marks_a_new_goroutine_among_many_old_ones),
		cmocka_unit_test(test_layout_sizes),
		cmocka_unit_test(test_every_timeline_state_has_its_own_glyph),
		cmocka_unit_test(test_explain_scrolls_to_its_last_line_at_80x24),
		cmocka_unit_test(test_metrics_show_the_value_now_not_the_last_sample),
		cmocka_unit_test(test_threads_legend_explains_the_glyphs_on_screen),
		cmocka_unit_test(test_every_m_state_has_its_own_glyph_in_both_modes),
		cmocka_unit_test(test_ascii_legends_show_the_glyphs_drawn),
		cmocka_unit_test(test_cut_text_ends_with_an_ellipsis),
		cmocka_unit_test(test_end_panel_omits_an_unknown_line_and_marks_cut_text),
		cmocka_unit_test(test_captions_wrap_whole_in_threads_and_signals),
		cmocka_unit_test(test_timeline_at_t0_shows_the_scale_of_play),
		cmocka_unit_test(test_timeline_now_label_is_whole_at_the_right_edge),
		cmocka_unit_test(test_runnext_long_goroutine_id_is_not_cut),
		cmocka_unit_test(test_render_is_pure),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
