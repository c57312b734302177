/*
 * test_quiz.c — the find-the-bug quiz: the language's `defect`, `listing
 * NAME quiz`, `explain spot|common` (values and every refusal, exact), and
 * the quiz's state machine and screens over an inline scenario: hidden names,
 * the line cursor, the verdict, compare bug|fix, the summary and its times.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "appstate.h"
#include "canvas.h"
#include "engine_fixture.h"
#include "keycode.h"
#include "scenario.h"
#include "view.h"

/* a small thread-churn scenario with its quiz clauses */
#define HEAD \
	"scenario 41 quizzy\n" \
	"title \"Locked and leaving\"\n" \
	"family threads\n" \
	"go 1.22\n" \
	"gomaxprocs 2\n" \
	"cpus 2\n" \
	"seed 1\n" \
	"horizon 30ms\n" \
	"explain symptom \"Each session kills its thread.\"\n" \
	"explain subtle \"The live count stays low.\"\n" \
	"explain fix \"Unlock before returning.\"\n" \
	"explain spot \"A Lock with no deferred Unlock.\"\n" \
	"explain common \"The goroutine is ending anyway.\"\n" \
	"listing bug <<GO\n" \
	"func session() {\n" \
	"\truntime.LockOSThread()\n" \
	"\ttime.Sleep(time.Millisecond) // returns still locked\n" \
	"}\n" \
	"func main() {\n" \
	"\tfor i := 0; i < 6; i++ {\n" \
	"\t\tgo session()\n" \
	"\t\ttime.Sleep(2 * time.Millisecond)\n" \
	"\t}\n" \
	"}\n" \
	"GO\n"
#define VARIANTS \
	"variant bug\n" \
	"  func session\n" \
	"    lockosthread @2\n" \
	"    sleep 1ms @3\n" \
	"  func main\n" \
	"    repeat 6 @6\n" \
	"      go session @7\n" \
	"      sleep 2ms @8\n" \
	"variant fix like bug\n" \
	"  func session\n" \
	"    lockosthread @2\n" \
	"    sleep 1ms @3\n" \
	"    unlockosthread @3\n"
#define QUIZ_LISTING \
	"listing bug quiz <<GO\n" \
	"func session() {\n" \
	"\truntime.LockOSThread()\n" \
	"\ttime.Sleep(time.Millisecond) // wait a little\n" \
	"}\n" \
	"func main() {\n" \
	"\tfor i := 0; i < 6; i++ {\n" \
	"\t\tgo session()\n" \
	"\t\ttime.Sleep(2 * time.Millisecond)\n" \
	"\t}\n" \
	"}\n" \
	"GO\n"

static const char QUIZ_SRC[] = HEAD QUIZ_LISTING "defect bug 2 4\n" VARIANTS;

static gmp_scenario parse_ok(const char *src)
{
	gmp_scenario s;
	char err[512];
	memset(&s, 0, sizeof s);
	if (scenario_parse("q.gmp", src, strlen(src), &s, err, sizeof err) != 0)
		fail_msg("does not parse: %s", err);
	return s;
}

static void test_parse_defect_quiz_spot_common(void **state)
{
	(void)state;
	gmp_scenario s = parse_ok(QUIZ_SRC);
	const gmp_listing *l = &s.listings[0];
	assert_int_equal(l->ndefects, 2);
	assert_int_equal(l->defects[0], 2);
	assert_int_equal(l->defects[1], 4);
	assert_non_null(l->quiz);
	assert_string_equal(l->quiz[2], "\ttime.Sleep(time.Millisecond) // wait a little");
	assert_string_equal(l->lines[2], "\ttime.Sleep(time.Millisecond) // returns still locked");
	assert_string_equal(s.explain_spot, "A Lock with no deferred Unlock.");
	assert_string_equal(s.explain_common, "The goroutine is ending anyway.");
	scenario_free(&s);
}

static void test_parse_refusals_are_exact(void **state)
{
	(void)state;
	static const fx_parse_case cases[] = {
		{ HEAD "defect nope 2\n" VARIANTS, "t.gmp:26:8: defect: no listing named 'nope' above" },
		{ HEAD "defect bug\n" VARIANTS,
		  "t.gmp:26:11: defect bug needs one or more line numbers of the listing, like defect bug 3 7" },
		{ HEAD "defect bug 0\n" VARIANTS,
		  "t.gmp:26:12: defect bug: expected a line number from 1 to 10, found '0'" },
		{ HEAD "defect bug 11\n" VARIANTS,
		  "t.gmp:26:12: defect bug: expected a line number from 1 to 10, found '11'" },
		{ HEAD "defect bug 4 2\n" VARIANTS, "t.gmp:26:14: defect bug: line numbers must be in increasing order" },
		{ HEAD "defect bug 2\ndefect bug 3\n" VARIANTS, "t.gmp:27:1: duplicate 'defect bug'" },
		{ HEAD "listing bug quiz <<GO\nfunc main() {}\nGO\n" VARIANTS,
		  "t.gmp:26:18: listing bug quiz has 1 lines, listing bug has 10: give one neutral line for each" },
		{ HEAD "listing bug quiz \"x\"\n" VARIANTS,
		  "t.gmp:26:18: listing bug quiz needs a heredoc: listing bug quiz <<GO ... GO" },
		{ HEAD QUIZ_LISTING QUIZ_LISTING VARIANTS, "t.gmp:38:13: duplicate 'listing bug quiz'" },
		{ HEAD "explain spot \"again\"\n" VARIANTS, "t.gmp:26:1: duplicate 'explain spot' (first given at line 12)" },
		{ HEAD "explain why \"x\"\n" VARIANTS,
		  "t.gmp:26:9: explain needs symptom, subtle, fix, spot or common, found 'why'" },
	};
	assert_int_equal(fx_bad_parses(cases, sizeof cases / sizeof cases[0]), 0);
}

/* quiz_of starts a quiz of one question over QUIZ_SRC. */
static appstate *quiz_of(const char *src)
{
	appstate *st = appstate_new(NULL);
	gmp_scenario *s = calloc(1, sizeof *s);
	assert_non_null(st);
	assert_non_null(s);
	*s = parse_ok(src);
	assert_int_equal(appstate_quiz_start(st, s, 1), 0);
	appstate_set_screen(st, 80, 24);
	return st;
}

/* screen renders st at w×h and returns the text (rows joined by '\n'). */
static char *screen(const appstate *st, int w, int h)
{
	canvas *c = canvas_new(w, h, false);
	size_t cap = (size_t)w * 4 * (size_t)h + (size_t)h + 1, o = 0;
	char *out = malloc(cap);
	assert_non_null(out);
	view_render(c, st);
	for (int y = 0; y < h; y++) {
		o += (size_t)canvas_row_text(c, y, out + o, (int)(cap - o));
		out[o++] = '\n';
	}
	out[o] = 0;
	canvas_free(c);
	return out;
}

static void key(appstate *st, int k, int64_t clock)
{
	appstate_clock(st, clock);
	appstate_key(st, k);
}

static void test_question_hides_the_names(void **state)
{
	(void)state;
	appstate *st = quiz_of(QUIZ_SRC);
	assert_int_equal(st->quiz->phase, QUIZ_INTRO);
	assert_false(st->playing);
	char *s = screen(st, 80, 24);
	assert_non_null(strstr(s, "Find the bug — question 1 of 1"));
	assert_non_null(strstr(s, "Where is the preemption point?"));
	free(s);
	key(st, KEYC_ENTER, 0);
	assert_int_equal(st->quiz->phase, QUIZ_ASK);
	for (int wh = 0; wh < 2; wh++) {
		s = screen(st, wh ? 160 : 80, wh ? 48 : 24);
		assert_null(strstr(s, "Locked and leaving"));
		assert_null(strstr(s, "quizzy"));
		assert_null(strstr(s, "threads,"));
		assert_null(strstr(s, "[BUG"));
		assert_null(strstr(s, "Source: bug"));
		assert_null(strstr(s, "returns still locked"));
		if (!strstr(s, "// wait a little")) {
			fputs(s, stdout);
			fail_msg("no neutral comment on the screen above");
		}
		assert_non_null(strstr(s, "quiz · question 1 of 1"));
		assert_non_null(strstr(s, " 1▶func session() {"));
		free(s);
	}
	appstate_free(st);
}

static void test_cursor_answer_reveal_compare_summary(void **state)
{
	(void)state;
	appstate *st = quiz_of(QUIZ_SRC);
	key(st, KEYC_ENTER, 1000000000);
	key(st, 'j', 0);
	key(st, KEYC_DOWN, 0);
	key(st, 'k', 0);
	assert_int_equal(st->quiz->line, 2);
	key(st, KEYC_END, 0);
	assert_int_equal(st->quiz->line, 10);
	key(st, KEYC_HOME, 0);
	key(st, KEYC_DOWN, 0);
	key(st, 'e', 0);   /* the explanation stays hidden */
	assert_false(st->show_explain);
	assert_string_equal(st->msg, "not before the answer: choose a line, then Enter");
	key(st, 'v', 0);
	assert_int_equal(st->variant, 0);
	key(st, KEYC_ENTER, 3500000000);
	assert_int_equal(st->quiz->phase, QUIZ_REVEAL);
	assert_true(st->quiz->answers[0].right);
	assert_int_equal(st->quiz->answers[0].line, 2);
	assert_int_equal(st->quiz->answers[0].ns, 2500000000);
	char *s = screen(st, 80, 24);
	assert_non_null(strstr(s, "right — line 2 is where the defect is"));
	assert_non_null(strstr(s, "41 Locked and leaving  (quizzy, threads)"));
	assert_non_null(strstr(s, "The defect: lines 2 and 4"));
	assert_non_null(strstr(s, "right 1 · wrong 0 · of 1"));
	free(s);
	key(st, KEYC_ENTER, 0);
	assert_int_equal(st->quiz->phase, QUIZ_COMPARE);
	assert_non_null(st->peer);
	assert_string_equal(st->scen.variants[st->peer->variant].name, "fix");
	key(st, KEYC_ENTER, 0);
	assert_int_equal(st->quiz->phase, QUIZ_SUMMARY);
	assert_null(st->peer);
	s = screen(st, 80, 24);
	assert_non_null(strstr(s, "right 1 · wrong 0 · not answered 0 · of 1 questions"));
	assert_non_null(strstr(s, " 1  41 Locked and leaving"));
	assert_non_null(strstr(s, "line 2 right"));
	assert_non_null(strstr(s, "2.5s"));
	free(s);
	assert_int_equal(appstate_key(st, 'q') & APP_QUIT, APP_QUIT);
	appstate_free(st);
}

static void test_wrong_line_and_quit_early(void **state)
{
	(void)state;
	appstate *st = quiz_of(QUIZ_SRC);
	key(st, KEYC_ENTER, 0);
	key(st, KEYC_ENTER, 0);   /* line 1: not a defect line */
	assert_false(st->quiz->answers[0].right);
	char *s = screen(st, 80, 24);
	assert_non_null(strstr(s, "not this one — line 1 is not a defect line"));
	free(s);
	int f = appstate_key(st, 'q');   /* q: the summary first, not the exit */
	assert_int_equal(f & APP_QUIT, 0);
	assert_int_equal(st->quiz->phase, QUIZ_SUMMARY);
	int r, w;
	appstate_quiz_score(st, &r, &w);
	assert_int_equal(r, 0);
	assert_int_equal(w, 1);
	appstate_free(st);
}

static void test_neutral_form_without_quiz_listing_cuts_comments(void **state)
{
	(void)state;
	appstate *st = quiz_of(HEAD "defect bug 2\n" VARIANTS);
	char buf[256];
	const gmp_listing *ls = &st->scen.listings[0];
	assert_string_equal(appstate_quiz_line(st, ls, 3, buf, sizeof buf), "\ttime.Sleep(time.Millisecond)");
	key(st, KEYC_ENTER, 0);
	key(st, KEYC_ENTER, 0);   /* answered: the real listing again */
	assert_string_equal(appstate_quiz_line(st, ls, 3, buf, sizeof buf),
	                    "\ttime.Sleep(time.Millisecond) // returns still locked");
	appstate_free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_parse_defect_quiz_spot_common),
		FX_TEST(test_parse_refusals_are_exact),
		cmocka_unit_test(test_question_hides_the_names),
		cmocka_unit_test(test_cursor_answer_reveal_compare_summary),
		cmocka_unit_test(test_wrong_line_and_quit_early),
		cmocka_unit_test(test_neutral_form_without_quiz_listing_cuts_comments),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
