/*
 * view_overlay.c — what is drawn over the panels: the explanation (e), the
 * end-of-run summary, the help (?), the scenario picker (s) and the "terminal
 * too small" message.
 */
#include <stdio.h>
#include <string.h>

#include "expect.h"
#include "layout.h"
#include "view_priv.h"

typedef struct lookup_ctx {
	const appstate *st;
	const char *vname;
	bool other;        /* the clause needs another variant's run */
} lookup_ctx;

/* lookup answers expect_eval from the finished run on screen; other
 * variants' runs are not at hand here (gmpscope check runs them all). */
static bool lookup(void *ctx, const char *variant, const char *metric, double *out, const char **str)
{
	lookup_ctx *L = ctx;
	if (!variant || strcmp(variant, L->vname) != 0) {
		L->other = true;
		return false;
	}
	if (str && !strcmp(metric, "fatal")) {
		*str = engine_fatal(L->st->eng);
		*out = *engine_fatal(L->st->eng) ? 1 : 0;
		return true;
	}
	return engine_metric(L->st->eng, metric, out);
}

/* end_expects writes this variant's expectations with measured values. */
static int end_expects(canvas *c, int x0, int y, int xmax, int ymax, const appstate *st)
{
	const gmp_variant *v = appstate_variant(st);
	if (!v || st->scen.nexpects == 0)
		return y;
	lookup_ctx L = {st, v->name, false};
	bool head = false;
	for (int i = 0; i < st->scen.nexpects && y < ymax; i++) {
		const gmp_expect *x = &st->scen.expects[i];
		if (x->variant != st->variant)
			continue;
		if (!head) {
			view_put(c, x0, y++, xmax, "expectations (gmpscope check):", ROLE_TITLE);
			head = true;
			if (y >= ymax)
				break;
		}
		gmp_expect_result r;
		memset(&r, 0, sizeof r);
		L.other = false;
		bool pass = expect_eval(&st->scen, x, lookup, &L, &r);
		if (L.other) {   /* compares with a run not on screen */
			int ex = view_put(c, x0 + 2, y, xmax, "· ", ROLE_DIM);
			ex = view_put(c, ex, y, xmax, x->text, ROLE_DIM);
			view_put(c, ex + 1, y, xmax, "(needs the other variant: gmpscope check)", ROLE_DIM);
			y++;
			continue;
		}
		int ex = view_put(c, x0 + 2, y, xmax, pass ? "✓ " : "✗ ", pass ? ROLE_OK : ROLE_ALERT);
		ex = view_put(c, ex, y, xmax, x->text, ROLE_DEFAULT);
		view_putf(c, ex + 1, y, xmax, pass ? ROLE_OK : ROLE_ALERT, "(%s)", r.measured);
		y++;
	}
	return y;
}

static lrect centered(const canvas *c, int w, int h)
{
	if (w > c->w - 2)
		w = c->w - 2;
	if (h > c->h - 2)
		h = c->h - 2;
	lrect r = {(c->w - w) / 2, (c->h - h) / 2, w, h};
	return r;
}

/* OVERLAY_MAX_ROWS bounds an overlay's text (the explanation is a few
 * paragraphs; the help a screenful). */
#define OVERLAY_MAX_ROWS 400

/* explain_text draws the explanation's paragraphs into c from row 0, w cells
 * wide; returns the rows used. */
static int explain_text(canvas *c, int w, const appstate *st)
{
	static const char *const heads[] = {"Symptom", "Why it is subtle", "The fix"};
	const char *texts[] = {st->scen.explain_symptom, st->scen.explain_subtle, st->scen.explain_fix};
	int y = 0, last = 0;
	for (int i = 0; i < 3; i++) {
		if (!texts[i] || !*texts[i])
			continue;
		view_put(c, 0, y++, w, heads[i], ROLE_TITLE);
		canvas_set_role(c, 0, y - 1, utf8_width(heads[i]), ROLE_TITLE, ATTR_UNDERLINE);
		view_wrap(c, 2, &y, w - 2, c->h, texts[i], ROLE_DEFAULT);
		last = y;
		y++;
	}
	return last;
}

/* help_text draws the help's rows into c from row 0; returns the rows used. */
static int help_text(canvas *c, int w)
{
	static const char *const rows[][2] = {
		{"space", "play / pause (starts paused at t=0)"},
		{"→ l n", "step to the next visible event"},
		{"← h b", "step back one visible event"},
		{"g + key", "run until: s steal  m new M  x M exit  p preempt request"},
		{"", "u SIGURG  k park  y syscall  t throttle  f exit/fatal"},
		{"", "o run-queue overflow to the global queue"},
		{"+ = / -", "faster / slower (virtual time per wall second)"},
		{"r", "restart the variant"},
		{"v", "next variant (bug → fix → others → bug; compare: the right one)"},
		{"c", "compare: this variant beside the next, on one clock"},
		{"[ ]", "previous / next moment of the scenario"},
		{"e", "reveal / hide the explanation"},
		{"s", "scenario picker (Enter opens, Esc closes)"},
		{"Home End", "in the picker: first, last; digits type a number (1 3 is 13)"},
		{"Tab ↑↓ j k", "focus a panel, scroll it"},
		{"PgUp PgDn", "scroll the focused panel or the picker by a page"},
		{"j k ↑↓", "scroll this help or the explanation (PgUp PgDn: a page)"},
		{"?", "this help"},
		{"q", "quit (Esc closes overlays first)"},
	};
	static const char *const notes[] = {
		"Colours: running green, runnable yellow, waiting blue, syscall magenta,",
		"locked cyan, dead grey; each state also has a glyph of its own (M glyphs",
		"under the Threads panel, P states in the Timeline legend). --theme light",
		"draws dark text on white for slides.",
		"Simplified: a GC cycle paced as Go 1.19's (GOGC=100) marks for a",
		"while (the P's mark worker, shown = on its timeline, and assists);",
		"its pauses are costs only. The OS shares CPUs round-robin with a fixed quantum.",
	};
	int nr = (int)(sizeof rows / sizeof rows[0]), nn = (int)(sizeof notes / sizeof notes[0]);
	int y = 0;
	for (int i = 0; i < nr; i++, y++) {
		view_put(c, 0, y, 12, rows[i][0], ROLE_KEY);
		view_put(c, 13, y, w, rows[i][1], ROLE_DEFAULT);
	}
	y++;
	for (int i = 0; i < nn; i++, y++)
		view_put(c, 0, y, w, notes[i], ROLE_DIM);
	return y;
}

/* explain_or_help: the text callbacks of the two overlays of this file. */
static int explain_body(canvas *c, int w, const appstate *st)
{
	return explain_text(c, w, st);
}

static int help_body(canvas *c, int w, const appstate *st)
{
	(void)st;
	return help_text(c, w);
}

static int overlay_body(canvas *c, lrect r, bool explain, int scroll, const appstate *st)
{
	return view_overlay_body(c, r, explain ? explain_body : help_body, scroll, st);
}

int view_overlay_body(canvas *c, lrect r, view_text_fn text, int scroll, const appstate *st)
{
	int w = r.w - 4, rows = r.h - 2;
	if (w < 1 || rows < 1)
		return 0;
	canvas *t = canvas_new(w, OVERLAY_MAX_ROWS, c->ascii);
	if (!t)
		return 0;
	int n = text(t, w, st);
	int max = n > rows ? n - rows : 0;
	if (scroll > max)
		scroll = max;
	if (scroll < 0)
		scroll = 0;
	for (int y = 0; y < rows && scroll + y < n; y++)
		for (int x = 0; x < w; x++) {
			const canvas_cell *cell = canvas_at(t, x, scroll + y);
			canvas_put_attr(c, r.x + 2 + x, r.y + 1 + y, cell->ch, (canvas_role)cell->role, cell->attr);
		}
	canvas_free(t);
	char more[96];
	snprintf(more, sizeof more, "%s%s%s", scroll > 0 ? "▲ more above (k ↑ PgUp)" : "",
	         scroll > 0 && scroll < max ? "  " : "", scroll < max ? "▼ more below (j ↓ PgDn)" : "");
	if (more[0])
		view_frame_right_bottom(c, r, more, ROLE_SELECTED);
	return max;
}

void view_explain(canvas *c, lrect r, const appstate *st)
{
	char title[160];
	snprintf(title, sizeof title, "Explanation — %02d %s   (e hides)", st->scen.number,
	         st->scen.title ? st->scen.title : "");
	view_frame(c, r, title, true);
	overlay_body(c, r, true, st->overlay_scroll, st);
}

void view_end(canvas *c, lrect r, const appstate *st)
{
	if (r.w < 20 || r.h < 4)
		return;
	view_frame(c, r, "End of the run", false);
	int x0 = r.x + 2, xmax = r.x + r.w - 2, y = r.y + 1, ymax = r.y + r.h - 1;
	char tb[32];
	view_fmt_time(engine_now(st->eng), tb, sizeof tb);
	switch (engine_runstate(st->eng)) {
	case RUN_EXITED: {
		int code = engine_exit_code(st->eng);
		view_putf(c, x0, y++, xmax, code ? ROLE_ALERT : ROLE_OK, "exit status %d at t=%s", code, tb);
		break;
	}
	case RUN_FATAL: {
		const char *f = engine_fatal(st->eng);
		view_putf(c, x0, y++, xmax, ROLE_ALERT, "fatal error at t=%s:", tb);
		char line[256];
		while (*f && y < ymax) {
			const char *nl = strchr(f, '\n');
			size_t n = nl ? (size_t)(nl - f) : strlen(f);
			if (n >= sizeof line)
				n = sizeof line - 1;
			memcpy(line, f, n);
			line[n] = 0;
			view_put(c, x0 + 2, y++, xmax, line, ROLE_ALERT);
			f += n + (nl ? 1 : 0);
			if (!nl)
				break;
		}
		break;
	}
	case RUN_HORIZON:
		view_putf(c, x0, y++, xmax, ROLE_ALERT, "still running at the horizon (t=%s): the program never finished", tb);
		break;
	case RUN_GAVEUP:   /* gmpscope's own budget, not the program, stopped it */
		view_putf(c, x0, y++, xmax, ROLE_ALERT, "%s", engine_gave_up(st->eng));
		break;
	default:
		return;
	}
	/* goroutines alive at the end, with what they wait for */
	int alive = 0, cursor = 0, g;
	while (engine_g_alive_next(st->eng, &cursor) >= 0)
		alive++;
	if (y < ymax)
		view_putf(c, x0, y++, xmax, alive ? ROLE_RUNNABLE : ROLE_OK, "goroutines alive at the end: %d",
		          alive);
	cursor = 0;
	int shown = 0;
	while (y < ymax - 1 && (g = engine_g_alive_next(st->eng, &cursor)) >= 0 && shown < 4) {
		gmp_gview gv;
		if (!engine_g_view(st->eng, g, &gv))
			continue;
		const char *what = gv.status == G_WAITING ? waitreason_name(gv.wait) : gstatus_name(gv.status);
		char at[24] = ""; /* line 0: the op has no listing line */
		if (gv.line > 0)
			snprintf(at, sizeof at, " (line %d)", gv.line);
		view_putf(c, x0 + 2, y++, xmax, view_grole(gv.status), "G%d %s in %s%s", gv.id, what,
		          view_func_name(st, gv.func), at);
		shown++;
	}
	if (alive > shown && y < ymax)
		view_putf(c, x0 + 2, y++, xmax, ROLE_DIM, "… and %d more", alive - shown);
	y = end_expects(c, x0, y, xmax, ymax - 1, st);
	if (y < ymax)
		view_put(c, x0, ymax - 1, xmax, "r restarts · v next variant · ← steps back", ROLE_DIM);
}

/* help_rect is where the help goes on a w×h screen. */
static lrect help_rect(const canvas *c)
{
	return centered(c, 78, 25); /* 23 rows of text and the frame */
}

void view_help(canvas *c, const appstate *st)
{
	lrect r = help_rect(c);
	view_frame(c, r, "Help   (? or Esc closes)", true);
	overlay_body(c, r, false, st->overlay_scroll, st);
}

int view_overlay_scroll_max(const appstate *st, int w, int h)
{
	if (!st->show_help && !(st->show_explain && st->eng))
		return 0;
	canvas *c = canvas_new(w, h, false);
	if (!c)
		return 0;
	int max = 0;
	ui_layout L;
	layout_compute(w, h, st->eng ? engine_nprocs(st->eng) : 1, &L);
	if (!L.too_small) {
		/* the help is on top when both are open */
		if (st->show_help)
			max = overlay_body(c, help_rect(c), false, 0, st);
		else
			max = overlay_body(c, view_explain_rect(&L), true, 0, st);
	}
	canvas_free(c);
	return max;
}

/* picker_footer writes, on the picker's bottom edge, the keys that jump (or
 * the number being typed) at the left and the folder the list comes from at
 * the right, its start cut ("…/scenarios") when it is long. */
static void picker_footer(canvas *c, lrect r, const appstate *st)
{
	char left[48], dir[128];
	if (st->pick_typed >= 0)
		snprintf(left, sizeof left, " number %d_ ", st->pick_typed);
	else
		snprintf(left, sizeof left, " 0-9 number  Home End first/last ");
	int y = r.y + r.h - 1;
	int x = view_put(c, r.x + 2, y, r.x + r.w - 2, left, ROLE_DIM);
	int room = r.x + r.w - 2 - (x + 2) - 7;   /* " from " and a space */
	const char *d = st->scen_dir;
	if (room < 8)
		return;
	if (utf8_width(d) > room) {
		d += strlen(d);
		for (int w = 0; w < room - 1 && d > st->scen_dir; w++) {
			do
				d--;
			while (d > st->scen_dir && ((unsigned char)*d & 0xc0) == 0x80);
		}
		snprintf(dir, sizeof dir, " from …%s ", d);
	} else {
		snprintf(dir, sizeof dir, " from %s ", d);
	}
	view_put(c, r.x + r.w - 2 - utf8_width(dir), y, r.x + r.w - 1, dir, ROLE_DIM);
}

void view_picker(canvas *c, const appstate *st)
{
	int h = st->npicks + 4;
	if (h < 8)
		h = 8;
	lrect r = centered(c, 96, h);
	view_frame(c, r, "Scenarios   (↑↓ choose, Enter opens, Esc closes)", true);
	picker_footer(c, r, st);
	int x0 = r.x + 2, xmax = r.x + r.w - 2, y0 = r.y + 1, rows = r.h - 2;
	if (st->npicks == 0) {
		view_putf(c, x0, y0, xmax, ROLE_DIM, "no scenarios in %s — press s to rescan", st->scen_dir);
		if (st->msg[0])
			view_put(c, x0, y0 + 1, xmax, st->msg, ROLE_ALERT);
		return;
	}
	int top = st->pick_cur - rows + 1;
	if (top < 0)
		top = 0;
	for (int i = 0; i < rows && top + i < st->npicks; i++) {
		const ui_pick *p = &st->picks[top + i];
		int y = y0 + i;
		bool cur = top + i == st->pick_cur;
		int x = view_putf(c, x0, y, xmax, ROLE_TITLE, "%02d  ", p->number);
		if (p->error) {
			x = view_putf(c, x, y, xmax, ROLE_DIM, "%-22s ", p->slug ? p->slug : "");
			view_put(c, x, y, xmax, p->error, ROLE_ALERT);
		} else {
			x = view_putf(c, x, y, xmax, ROLE_DIM, "%-22s ", p->slug ? p->slug : "");
			x = view_put(c, x, y, xmax - 12, p->title ? p->title : "", ROLE_DEFAULT);
			view_putf(c, xmax - 11, y, xmax, ROLE_DIM, "%11s", p->family ? p->family : "");
		}
		if (cur)
			canvas_set_role(c, x0 - 1, y, xmax - x0 + 2, ROLE_SELECTED, ATTR_REVERSE);
	}
}

void view_too_small(canvas *c)
{
	char msg[96];
	snprintf(msg, sizeof msg, "terminal too small: need %d×%d", LAYOUT_MIN_W, LAYOUT_MIN_H);
	int w = utf8_width(msg);
	int x = (c->w - w) / 2, y = c->h / 2;
	if (x < 0)
		x = 0;
	canvas_put_str(c, x, y, msg, ROLE_ALERT, -1);
	char sz[48];
	snprintf(sz, sizeof sz, "(now %d×%d)", c->w, c->h);
	w = utf8_width(sz);
	canvas_put_str(c, (c->w - w) / 2 > 0 ? (c->w - w) / 2 : 0, y + 1, sz, ROLE_DIM, -1);
}
