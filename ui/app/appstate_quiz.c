/*
 * appstate_quiz.c — the find-the-bug quiz (`gmpscope quiz`).
 *
 * Each question is one scenario, adopted at its first variant (the bug):
 *
 *   QUIZ_INTRO    the three questions to think about (Enter or space: go on)
 *   QUIZ_ASK      the program plays and steps as usual; ↑ ↓ j k PgUp PgDn
 *                 Home End move a line cursor in the source panel, Enter
 *                 answers. The keys that would give the answer away (v
 *                 variant, e explanation, c compare, s picker) say so and
 *                 do nothing.
 *   QUIZ_REVEAL   "right" or "not this one", then the whole explanation;
 *                 Enter opens compare mode, bug beside fix
 *   QUIZ_COMPARE  compare mode as usual; Enter: the next question
 *   QUIZ_SUMMARY  right, wrong, and the time of each question; Enter or q
 *                 quits
 *
 * q at any point before the summary ends the quiz there: the summary counts
 * the answers given. A question's time runs from the program shown to the
 * answer, on the driver's clock (appstate_clock): the terminal's wall clock,
 * or a key script's frame clock, so a headless quiz is byte-identical.
 */
#include "appstate_int.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keys.h"
#include "view.h"

void appstate_clock(appstate *st, int64_t ns)
{
	st->clock = ns;
}

bool appstate_quiz_hidden(const appstate *st)
{
	return st->quiz && (st->quiz->phase == QUIZ_INTRO || st->quiz->phase == QUIZ_ASK);
}

bool appstate_quiz_defect(const gmp_listing *ls, int line)
{
	for (int i = 0; ls && i < ls->ndefects; i++)
		if (ls->defects[i] == line)
			return true;
	return false;
}

const char *appstate_quiz_line(const appstate *st, const gmp_listing *ls, int line, char *buf, size_t len)
{
	const char *s = ls->lines[line - 1];
	if (!appstate_quiz_hidden(st))
		return s;
	if (ls->quiz)
		return ls->quiz[line - 1];
	/* no neutral form written: keep the code, cut the comment */
	const char *c = strstr(s, "//");
	size_t n = c ? (size_t)(c - s) : strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t') && c)
		n--;
	snprintf(buf, len, "%.*s", (int)n, s);
	return buf;
}

void appstate_quiz_score(const appstate *st, int *right, int *wrong)
{
	*right = *wrong = 0;
	for (int i = 0; st->quiz && i < st->quiz->n; i++)
		if (st->quiz->answers[i].line > 0) {
			if (st->quiz->answers[i].right)
				(*right)++;
			else
				(*wrong)++;
		}
}

/* quiz_listing is the open variant's listing, NULL if it has none. */
static const gmp_listing *quiz_listing(const appstate *st)
{
	const gmp_variant *v = appstate_variant(st);
	if (!v || v->listing < 0 || v->listing >= st->scen.nlistings)
		return NULL;
	return &st->scen.listings[v->listing];
}

/* open_question adopts question i at its bug variant, at the three
 * questions, the cursor on the listing's first line. */
static void open_question(appstate *st, int i)
{
	app_quiz *q = st->quiz;
	q->cur = i;
	q->phase = QUIZ_INTRO;
	q->line = 1;
	snprintf(q->answers[i].name, sizeof q->answers[i].name, "%02d %s", q->scens[i].number,
	         q->scens[i].title ? q->scens[i].title : "");
	appstate_adopt(st, &q->scens[i], 0);
	st->focus = PANEL_NONE;
	st->show_help = false;
	st->overlay_scroll = 0;
}

int appstate_quiz_start(appstate *st, gmp_scenario *scens, int n)
{
	if (n <= 0)
		return -1;
	app_quiz *q = calloc(1, sizeof *q);
	quiz_answer *a = calloc((size_t)n, sizeof *a);
	if (!q || !a) {
		free(q);
		free(a);
		return -1;
	}
	q->scens = scens;
	q->n = n;
	q->answers = a;
	st->quiz = q;
	open_question(st, 0);
	return 0;
}

void app_quiz_free(appstate *st)
{
	app_quiz *q = st->quiz;
	if (!q)
		return;
	for (int i = 0; i < q->n; i++)
		scenario_free(&q->scens[i]);   /* the ones not yet adopted */
	free(q->scens);
	free(q->answers);
	free(q);
	st->quiz = NULL;
}

/* to_summary ends the quiz: compare off, paused, the summary on screen. */
static int to_summary(appstate *st)
{
	bool was = st->playing;
	appstate_compare_off(st);
	st->playing = false;
	st->show_help = false;
	st->show_explain = false;
	st->quiz->phase = QUIZ_SUMMARY;
	return APP_REDRAW | (was ? APP_PLAYSTATE : 0);
}

/* answer records the cursor's line as the answer and shows the reveal. */
static int answer(appstate *st)
{
	app_quiz *q = st->quiz;
	quiz_answer *a = &q->answers[q->cur];
	bool was = st->playing;
	a->line = q->line;
	a->right = appstate_quiz_defect(quiz_listing(st), q->line);
	a->ns = st->clock - q->t0;
	q->phase = QUIZ_REVEAL;
	st->playing = false;
	st->show_help = false;
	st->overlay_scroll = 0;
	return APP_REDRAW | (was ? APP_PLAYSTATE : 0);
}

/* move_cursor moves the line cursor by d lines (INT_MIN / INT_MAX: first
 * and last), within the listing. */
static void move_cursor(appstate *st, int d)
{
	const gmp_listing *ls = quiz_listing(st);
	int n = ls ? ls->nlines : 1;
	long v = d == INT_MIN ? 1 : d == INT_MAX ? n : (long)st->quiz->line + d;
	st->quiz->line = v < 1 ? 1 : v > n ? n : (int)v;
}

/* key_ask: the question is open. */
static bool key_ask(appstate *st, int a, int *flags)
{
	if (st->show_help || st->until_pending)
		return false;   /* the help scrolls; `g k` runs to a park */
	switch (a) {
	case KACT_UP: move_cursor(st, -1); break;
	case KACT_DOWN: move_cursor(st, 1); break;
	case KACT_PGUP: move_cursor(st, -APP_PAGE); break;
	case KACT_PGDN: move_cursor(st, APP_PAGE); break;
	case KACT_HOME: move_cursor(st, INT_MIN); break;
	case KACT_END: move_cursor(st, INT_MAX); break;
	case KACT_ENTER:
		*flags = answer(st);
		return true;
	case KACT_VARIANT:
	case KACT_EXPLAIN:
	case KACT_COMPARE:
	case KACT_PICKER:
		snprintf(st->msg, sizeof st->msg, "not before the answer: choose a line, then Enter");
		break;
	default:
		return false;
	}
	*flags = APP_REDRAW;
	return true;
}

/* key_reveal: the verdict and the explanation are on screen. */
static bool key_reveal(appstate *st, int a, int *flags)
{
	app_quiz *q = st->quiz;
	int d = a == KACT_UP ? -1 : a == KACT_DOWN ? 1 : a == KACT_PGUP ? -APP_PAGE : a == KACT_PGDN ? APP_PAGE : 0;
	*flags = APP_REDRAW;
	if (d) {
		int max = st->screen_w > 0 ? view_quiz_scroll_max(st, st->screen_w, st->screen_h) : INT_MAX;
		long v = (long)st->overlay_scroll + d;
		st->overlay_scroll = v < 0 ? 0 : v > max ? max : (int)v;
		return true;
	}
	if (a == KACT_ENTER) {
		int fix = scenario_variant(&st->scen, "fix");
		q->phase = QUIZ_COMPARE;
		st->overlay_scroll = 0;
		if (appstate_compare(st, fix >= 0 ? fix : -1) < 0)
			q->phase = QUIZ_COMPARE;   /* st->msg says why; Enter goes on */
		return true;
	}
	if (a == KACT_HELP || a == KACT_RESIZE)
		return false;
	return true;   /* nothing plays behind the reveal */
}

bool app_quiz_key(appstate *st, int a, int *flags)
{
	app_quiz *q = st->quiz;
	if (a == KACT_QUIT) {
		*flags = q->phase == QUIZ_SUMMARY ? APP_QUIT : to_summary(st);
		return true;
	}
	switch (q->phase) {
	case QUIZ_INTRO:
		*flags = APP_REDRAW;
		if (a == KACT_ENTER || a == KACT_PLAY) {
			q->phase = QUIZ_ASK;
			q->t0 = st->clock;
		}
		return a != KACT_RESIZE;
	case QUIZ_ASK:
		return key_ask(st, a, flags);
	case QUIZ_REVEAL:
		return key_reveal(st, a, flags);
	case QUIZ_COMPARE:
		if (a == KACT_ENTER) {
			if (q->cur + 1 < q->n) {
				bool was = st->playing;
				open_question(st, q->cur + 1);
				*flags = APP_REDRAW | (was ? APP_PLAYSTATE : 0);
			} else {
				*flags = to_summary(st);
			}
			return true;
		}
		if (a == KACT_PICKER) {
			snprintf(st->msg, sizeof st->msg, "the quiz goes on with Enter; q ends it");
			*flags = APP_REDRAW;
			return true;
		}
		return false;
	case QUIZ_SUMMARY:
		*flags = a == KACT_ENTER || a == KACT_ESC ? APP_QUIT : 0;
		return true;
	}
	return false;
}
