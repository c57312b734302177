/*
 * view_quiz.c — what the find-the-bug quiz draws (ui/app/appstate_quiz.c):
 * the three questions before each program, the reveal (verdict, then the
 * whole explanation), the summary, and the footer's keys and score line.
 *
 * Until the answer, nothing drawn here names the scenario: no title, slug,
 * family, variant or explanation. The header says "question 2 of 3" in
 * their place (view.c), the source panel shows the neutral listing with a
 * line cursor (view_source.c).
 */
#include <stdio.h>
#include <string.h>

#include "layout.h"
#include "view_priv.h"

/* the three questions to ask of every program (DESIGN.md, "Quiz") */
static const char *const questions[3] = {
	"Where is the preemption point? Which calls, channel operations or "
	"blocking system calls let the scheduler take the P away, and is there "
	"a loop with none?",
	"Who owns the M and the P? Does a goroutine lock its thread, block it in "
	"a system call or a C call, or keep the P for itself?",
	"Does the goroutine count grow with the work? Is every goroutine started "
	"bounded, and does every one have a way to end?",
};

const char *view_quiz_status(const appstate *st, char *buf, size_t len)
{
	int right, wrong;
	appstate_quiz_score(st, &right, &wrong);
	snprintf(buf, len, "right %d · wrong %d · of %d", right, wrong, st->quiz->n);
	return buf;
}

static lrect box(const canvas *c, int w, int h)
{
	if (w > c->w - 2)
		w = c->w - 2;
	if (h > c->h - 2)
		h = c->h - 2;
	return (lrect){(c->w - w) / 2, (c->h - h) / 2, w, h};
}

void view_quiz_intro(canvas *c, const appstate *st)
{
	lrect r = box(c, 76, 20);
	char title[96];
	snprintf(title, sizeof title, "Find the bug — question %d of %d", st->quiz->cur + 1, st->quiz->n);
	view_frame(c, r, title, true);
	int x = r.x + 2, w = r.w - 4, y = r.y + 1, ymax = r.y + r.h - 1;
	view_wrap(c, x, &y, w, ymax, "Read the program, let it run, and decide on which line the defect "
	          "is. Ask three questions of it:", ROLE_DEFAULT);
	for (int i = 0; i < 3 && y < ymax; i++) {
		y++;
		view_putf(c, x, y, x + 3, ROLE_KEY, "%d.", i + 1);
		view_wrap(c, x + 3, &y, w - 3, ymax, questions[i], ROLE_DEFAULT);
	}
	y++;
	if (y < ymax)
		view_wrap(c, x, &y, w, ymax, "Then move the line cursor in the source panel (↑ ↓ j k) and "
		          "press Enter on the line you choose.", ROLE_DIM);
	view_frame_right_bottom(c, r, "Enter: show the program", ROLE_SELECTED);
}

/* lines_list writes "3, 7 and 8" for the listing's defect lines. */
static void lines_list(const gmp_listing *ls, char *buf, size_t len)
{
	size_t o = 0;
	buf[0] = 0;
	for (int i = 0; i < ls->ndefects && o < len; i++) {
		const char *sep = i == 0 ? "" : i + 1 == ls->ndefects ? " and " : ", ";
		int n = snprintf(buf + o, len - o, "%s%d", sep, ls->defects[i]);
		if (n < 0)
			break;
		o += (size_t)n;
	}
}

/* reveal_text draws the verdict and the explanation (a view_text_fn). */
static int reveal_text(canvas *c, int w, const appstate *st)
{
	const app_quiz *q = st->quiz;
	const quiz_answer *a = &q->answers[q->cur];
	const gmp_variant *v = &st->scen.variants[0];
	const gmp_listing *ls = v->listing >= 0 ? &st->scen.listings[v->listing] : NULL;
	int y = 0;
	if (a->right)
		view_putf(c, 0, y++, w, ROLE_OK, "right — line %d is where the defect is", a->line);
	else
		view_putf(c, 0, y++, w, ROLE_ALERT, "not this one — line %d is not a defect line", a->line);
	canvas_set_role(c, 0, 0, a->right ? 5 : 12, a->right ? ROLE_OK : ROLE_ALERT, ATTR_BOLD | ATTR_REVERSE);
	y++;
	view_putf(c, 0, y++, w, ROLE_TITLE, "%02d %s  (%s, %s)", st->scen.number,
	          st->scen.title ? st->scen.title : "", st->scen.slug ? st->scen.slug : "",
	          st->scen.family ? st->scen.family : "");
	if (ls && ls->ndefects) {
		char list[128];
		lines_list(ls, list, sizeof list);
		view_putf(c, 0, y++, w, ROLE_TITLE, "The defect: line%s %s", ls->ndefects > 1 ? "s" : "", list);
		for (int i = 0; i < ls->ndefects; i++) {
			char line[512];
			const char *s = ls->lines[ls->defects[i] - 1];
			size_t o = 0;
			for (; *s && o < sizeof line - 5; s++) {
				if (*s == '\t') {
					memcpy(line + o, "    ", 4);
					o += 4;
				} else {
					line[o++] = *s;
				}
			}
			line[o] = 0;
			view_putf(c, 2, y, w, ROLE_DIM, "%3d", ls->defects[i]);
			view_put(c, 6, y++, w, line, ROLE_DEFAULT);
		}
	}
	static const char *const heads[] = {"The bug", "Why it is subtle", "How to spot it", "The fix",
	                                    "Why it is common"};
	const char *texts[] = {st->scen.explain_symptom, st->scen.explain_subtle, st->scen.explain_spot,
	                       st->scen.explain_fix, st->scen.explain_common};
	int last = y;
	for (int i = 0; i < 5; i++) {
		if (!texts[i] || !*texts[i])
			continue;
		y++;
		view_put(c, 0, y++, w, heads[i], ROLE_TITLE);
		canvas_set_role(c, 0, y - 1, utf8_width(heads[i]), ROLE_TITLE, ATTR_UNDERLINE);
		view_wrap(c, 2, &y, w - 2, c->h, texts[i], ROLE_DEFAULT);
		last = y;
	}
	return last;
}

/* reveal_rect is the reveal's frame: the whole screen but the header and
 * the footer. */
static lrect reveal_rect(int w, int h)
{
	return (lrect){0, 1, w, h - 2};
}

void view_quiz_reveal(canvas *c, lrect r, const appstate *st)
{
	(void)r;
	lrect f = reveal_rect(c->w, c->h);
	view_frame(c, f, "The answer   (j k scroll · Enter: bug beside fix)", true);
	view_overlay_body(c, f, reveal_text, st->overlay_scroll, st);
}

int view_quiz_scroll_max(const appstate *st, int w, int h)
{
	if (!st->quiz || st->quiz->phase != QUIZ_REVEAL)
		return 0;
	canvas *c = canvas_new(w, h, false);
	if (!c)
		return 0;
	int max = view_overlay_body(c, reveal_rect(w, h), reveal_text, 0, st);
	canvas_free(c);
	return max;
}

/* fmt_secs writes a question's time, "12.3s". */
static const char *fmt_secs(int64_t ns, char *buf, size_t len)
{
	if (ns < 0)
		ns = 0;
	snprintf(buf, len, "%lld.%llds", (long long)(ns / 1000000000), (long long)(ns / 100000000 % 10));
	return buf;
}

void view_quiz_summary(canvas *c, const appstate *st)
{
	const app_quiz *q = st->quiz;
	int right, wrong;
	appstate_quiz_score(st, &right, &wrong);
	canvas_fill(c, 0, 0, c->w, 1, ' ', ROLE_TITLE);
	view_put(c, 1, 0, c->w, "gmpscope  quiz over", ROLE_TITLE);
	lrect r = {0, 1, c->w, c->h - 2};
	view_frame(c, r, "Summary", true);
	int x = 2, xmax = c->w - 2, y = 3;
	view_putf(c, x, y++, xmax, ROLE_TITLE, "right %d · wrong %d · not answered %d · of %d questions",
	          right, wrong, q->n - right - wrong, q->n);
	y++;
	int tcol = xmax - 8, acol = tcol - 22;
	if (acol < x + 12)
		acol = x + 12;
	view_put(c, x, y, acol, "question", ROLE_DIM);
	view_put(c, acol, y, tcol, "answer", ROLE_DIM);
	view_put(c, tcol, y++, xmax, "time", ROLE_DIM);
	for (int i = 0; i < q->n && y < r.y + r.h - 2; i++, y++) {
		const quiz_answer *a = &q->answers[i];
		char tb[32];
		view_putf(c, x, y, acol - 1, ROLE_DEFAULT, "%2d  %s", i + 1, a->name[0] ? a->name : "(not reached)");
		if (a->line > 0) {
			view_putf(c, acol, y, tcol - 1, a->right ? ROLE_OK : ROLE_ALERT, "line %d %s", a->line,
			          a->right ? "right" : "not this one");
			view_put(c, tcol, y, xmax, fmt_secs(a->ns, tb, sizeof tb), ROLE_DEFAULT);
		} else {
			view_put(c, acol, y, tcol - 1, "—", ROLE_DIM);
		}
	}
}

/* quiz_keys: the footer's keys in each phase. */
static const char *const ask_keys[][2] = {
	{"↑↓ j k", "line"}, {"Enter", "answer"}, {"space", "play"}, {"→", "step"}, {"←", "back"},
	{"g", "until"}, {"?", "help"}, {"q", "end quiz"},
};
static const char *const intro_keys[][2] = {{"Enter", "show the program"}, {"q", "end quiz"}};
static const char *const reveal_keys[][2] = {
	{"Enter", "bug beside fix"}, {"j k", "scroll"}, {"q", "end quiz"},
};
static const char *const summary_keys[][2] = {{"Enter q", "quit"}};
static const char *const last_keys[][2] = {
	{"Enter", "summary"}, {"space", "play"}, {"→", "step"}, {"←", "back"}, {"q", "end quiz"},
};
static const char *const compare_keys[][2] = {
	{"Enter", "next question"}, {"space", "play"}, {"→", "step"}, {"←", "back"}, {"q", "end quiz"},
};

bool view_quiz_footer(canvas *c, lrect r, const appstate *st)
{
	if (st->until_pending || (appstate_busy(st) && st->job.progress))
		return false;
	const char *const (*keys)[2];
	size_t nk;
	switch (st->quiz->phase) {
	case QUIZ_INTRO: keys = intro_keys; nk = 2; break;
	case QUIZ_ASK: keys = ask_keys; nk = sizeof ask_keys / sizeof ask_keys[0]; break;
	case QUIZ_REVEAL: keys = reveal_keys; nk = 3; break;
	case QUIZ_COMPARE:
		keys = st->quiz->cur + 1 < st->quiz->n ? compare_keys : last_keys;
		nk = sizeof compare_keys / sizeof compare_keys[0];
		break;
	default: keys = summary_keys; nk = 1; break;
	}
	int y = r.y, x = r.x + 1, xmax = r.x + r.w;
	canvas_fill(c, r.x, y, r.w, 1, ' ', ROLE_DEFAULT);
	char status[96];
	const char *right = st->msg[0] ? st->msg : view_quiz_status(st, status, sizeof status);
	int rw = utf8_width(right) + 2;
	int kmax = xmax - (rw > r.w / 2 ? r.w / 2 : rw);
	for (size_t i = 0; i < nk; i++) {
		int need = utf8_width(keys[i][0]) + 1 + utf8_width(keys[i][1]) + 2;
		if (x + need > kmax)
			break;
		x = view_put(c, x, y, kmax, keys[i][0], ROLE_KEY);
		x = view_put(c, x + 1, y, kmax, keys[i][1], ROLE_DEFAULT);
		x += 2;
	}
	int mx = x > kmax ? x : kmax;
	if (mx < xmax - rw)
		mx = xmax - rw;
	view_put(c, mx, y, xmax - 1, right, st->msg[0] ? ROLE_ALERT : ROLE_TITLE);
	return true;
}
