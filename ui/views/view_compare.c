/*
 * view_compare.c — the compare frame: the open variant (left) beside the
 * right-hand run (st->peer), on one virtual clock.
 *
 * Each side keeps its P rows, its thread line and its timeline; both share
 * the speed, so their timelines share a time scale while both run. Below
 * them: the listings' changed lines as a diff (`-` left, `+` right, each with
 * its own run's goroutine markers; the end panel never covers it and it
 * never scrolls away from the change), and a metrics table headed by the
 * two variants' names with a Δ column, then each variant's expectations
 * measured on its own run.
 *
 * From COMPARE_SIDE_W columns the sides sit side by side; below it they
 * stack in the compact form (per side: P rows and a one-row-per-P
 * timeline), as UI-SKETCH.md describes for 80x24.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expect.h"
#include "view_priv.h"

#define COMPARE_SIDE_W 160 /* from this width the two runs sit side by side */
#define DIFF_MAX 64        /* diff rows computed (changed lines and context) */
#define TABLE_MAX 8        /* metrics in the table */

/* cmp_layout: where each part of the compare frame goes. */
typedef struct cmp_layout {
	lrect procs[2], threads[2], timeline[2]; /* per side; threads may be empty */
	int proc_rows, tl_rows;                  /* P rows per side, timeline rows */
	lrect diff, table;                       /* the bottom band */
} cmp_layout;

static int imin(int a, int b) { return a < b ? a : b; }
static int imax(int a, int b) { return a > b ? a : b; }

static lrect rect(int x, int y, int w, int h)
{
	lrect r = {x, y, w, h};
	return r;
}

/* side_split places one side's panels in the box x,y,w,h. */
static void side_split(cmp_layout *L, int s, int x, int y, int w, int h, int np)
{
	int thr = h >= 16 ? 4 : 0;
	int body = h - thr;
	/* two P rows at least: Processors' "… more Ps" line needs its own row */
	int pr = imax(imin(np, 2), imin(np, (body - 6) / 2));
	int ph = pr + 3;
	int th = imin(body - ph, np + 3); /* no empty timeline rows */
	int tl = imax(1, imin(np, th - 3));
	L->proc_rows = pr;
	L->tl_rows = tl;
	L->procs[s] = rect(x, y, w, ph);
	L->threads[s] = thr ? rect(x, y + ph, w, thr) : rect(x, y + ph, 0, 0);
	L->timeline[s] = rect(x, y + ph + thr, w, th);
}

/* cmp_layout_compute fills L for a w×h screen with np Ps (the larger side). */
static void cmp_layout_compute(int w, int h, int np, cmp_layout *L)
{
	memset(L, 0, sizeof *L);
	int avail = h - 2, y = 1;
	int band = h >= 36 ? imax(10, avail * 32 / 100) : h >= 30 ? 6 : 4;
	int top = avail - band;
	/* a side needs its P rows, threads and timeline: the rest goes to the band */
	int side_need = 2 * (imin(np, 8) + 3) + (h >= 36 ? 4 : 0);
	int need = w >= COMPARE_SIDE_W ? side_need : 2 * side_need;
	if (top > need) {
		band += top - need;
		top = need;
	}
	if (w >= COMPARE_SIDE_W) {
		int hw = w / 2;
		side_split(L, 0, 0, y, hw, top, np);
		side_split(L, 1, hw, y, w - hw, top, np);
	} else {
		int sh = top / 2;
		side_split(L, 0, 0, y, w, sh, np);
		side_split(L, 1, 0, y + sh, w, top - sh, np);
	}
	int dw = w * 55 / 100;
	L->diff = rect(0, y + top, dw, band);
	L->table = rect(dw, y + top, w - dw, band);
}

/* side_label writes "[BUG]" (and "ended at t=…" once its run is over) on
 * the top border of a side's Processors panel. */
static void side_label(canvas *c, lrect r, const appstate *s)
{
	const gmp_variant *v = appstate_variant(s);
	char lab[96], tb[32];
	bool over = engine_runstate(s->eng) != RUN_RUNNING;
	snprintf(lab, sizeof lab, over ? "[%s] ended at t=%s" : "[%s] t=%s", v ? v->name : "?",
	         view_fmt_time(over ? engine_now(s->eng) : s->vt, tb, sizeof tb));
	for (char *p = lab + 1; *p && *p != ']'; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	bool fix = v && !strcmp(v->name, "fix"), bug = v && !strcmp(v->name, "bug");
	view_frame_right(c, r, lab, over ? ROLE_ALERT : bug ? ROLE_BUG : fix ? ROLE_FIX : ROLE_VARIANT);
}

/* cmp_header is the compare frame's top line: scenario, the two variants,
 * the shared clock. */
static void cmp_header(canvas *c, lrect r, const appstate *st)
{
	const appstate *p = st->peer;
	canvas_fill(c, r.x, r.y, r.w, 1, ' ', ROLE_TITLE);
	char right[96], tb[32];
	int64_t t = st->vt > p->vt ? st->vt : p->vt;
	snprintf(right, sizeof right, "  compare  t=%s  %s ", view_fmt_time(t, tb, sizeof tb),
	         st->playing ? "▶ playing" : "|| paused");
	int rx = r.x + r.w - utf8_width(right);
	/* the two variants before the title: they are what this frame is about */
	int x = view_putf(c, r.x + 1, r.y, rx, ROLE_TITLE, "gmpscope  %02d ", st->scen.number);
	x = view_putf(c, x, r.y, rx, ROLE_BUG, "[%s]", appstate_variant(st)->name);
	x = view_put(c, x, r.y, rx, " vs ", ROLE_TITLE);
	x = view_putf(c, x, r.y, rx, ROLE_FIX, "[%s]", appstate_variant(p)->name);
	view_putf(c, x, r.y, rx, ROLE_TITLE, "  %s", st->scen.title ? st->scen.title : "");
	view_put(c, rx, r.y, r.x + r.w, right, ROLE_TITLE);
}

/* listing_of returns a run's Go listing, NULL when its variant has none. */
static const gmp_listing *listing_of(const appstate *s)
{
	const gmp_variant *v = appstate_variant(s);
	if (!v || v->listing < 0 || v->listing >= s->scen.nlistings)
		return NULL;
	return &s->scen.listings[v->listing];
}

/* diff_row is one row of the diff pane. */
typedef struct diff_row {
	char sign;       /* '-' left only, '+' right only, ' ' both */
	int la, lb;      /* 1-based line in the left / right listing, 0 = none */
} diff_row;

/* lcs_diff writes the rows of a line diff of a and b (a longest common
 * subsequence), keeping only changed lines and one line of context around
 * them; returns the number of rows. */
static int lcs_diff(const gmp_listing *a, const gmp_listing *b, diff_row *out, int max)
{
	int n = a->nlines, m = b->nlines;
	int *T = calloc((size_t)(n + 1) * (size_t)(m + 1), sizeof *T);
	if (!T)
		return 0;
#define AT(i, j) T[(size_t)(i) * (size_t)(m + 1) + (size_t)(j)]
	for (int i = n - 1; i >= 0; i--)
		for (int j = m - 1; j >= 0; j--)
			AT(i, j) = !strcmp(a->lines[i], b->lines[j]) ? AT(i + 1, j + 1) + 1
			                                              : imax(AT(i + 1, j), AT(i, j + 1));
	diff_row all[1024];
	int k = 0, i = 0, j = 0;
	while ((i < n || j < m) && k < 1024) {
		if (i < n && j < m && !strcmp(a->lines[i], b->lines[j]))
			all[k++] = (diff_row){' ', ++i, ++j};
		else if (j < m && (i == n || AT(i, j + 1) >= AT(i + 1, j)))
			all[k++] = (diff_row){'+', 0, ++j};
		else
			all[k++] = (diff_row){'-', ++i, 0};
	}
#undef AT
	free(T);
	int o = 0;
	for (int r = 0; r < k && o < max; r++) {
		bool near = all[r].sign != ' ' || (r > 0 && all[r - 1].sign != ' ') ||
		            (r + 1 < k && all[r + 1].sign != ' ');
		if (near)
			out[o++] = all[r];
	}
	return o;
}

/* line_gs is who is on one listing line of a run: the first two ids, and
 * how many. */
typedef struct line_gs {
	int n;             /* goroutines on the line */
	int ids[2];        /* the first two */
} line_gs;

/* scan_lines fills marks[1..nlines]: the goroutines on each line (the
 * engine keeps the counts) and the first two of each, from one walk over
 * s's live goroutines that stops once every line has its two; bounded
 * (engine_gscan, VIEW_GSCAN), so a line it does not reach shows fewer ids,
 * and the newest end's come in reverse: put back in creation order. */
static void scan_lines(const appstate *s, line_gs *marks, int nlines)
{
	int32_t *n = malloc(sizeof *n * (size_t)(nlines + 1));
	if (!n)
		return;
	engine_line_counts(s->eng, n, nlines + 1);
	long need = 0;
	for (int ln = 1; ln <= nlines; ln++) {
		marks[ln].n = n[ln];
		need += n[ln] < 2 ? n[ln] : 2;
	}
	free(n);
	gmp_gscan scan;
	int g;
	engine_gscan_start(s->eng, &scan, VIEW_GSCAN);
	while (need > 0 && (g = engine_gscan_next(s->eng, 1, nlines, &scan)) >= 0) {
		gmp_gview gv;
		if (!engine_g_view(s->eng, g, &gv) || gv.line <= 0 || gv.line > nlines)
			continue;
		line_gs *m = &marks[gv.line];
		if (m->ids[0] == 0) {
			m->ids[0] = gv.id;
			need--;
		} else if (m->n > 1 && m->ids[1] == 0) {
			m->ids[1] = gv.id;
			need--;
		}
	}
	for (int ln = 1; scan.back && ln <= nlines; ln++)
		if (marks[ln].ids[1] != 0 && marks[ln].ids[1] < marks[ln].ids[0]) {
			int id = marks[ln].ids[0];
			marks[ln].ids[0] = marks[ln].ids[1];
			marks[ln].ids[1] = id;
		}
}

/* line_marks writes the goroutines on listing line ln ("◀G1 G7 +3"); empty
 * when none. */
static void line_marks(const line_gs *marks, int ln, char *buf, size_t len)
{
	buf[0] = 0;
	if (ln <= 0 || !marks || marks[ln].n == 0)
		return;
	const line_gs *m = &marks[ln];
	int shown = m->ids[0] == 0 ? 0 : m->n > 1 && m->ids[1] != 0 ? 2 : 1;   /* past the scan: fewer */
	size_t o = (size_t)snprintf(buf, len, "◀");
	if (shown > 0 && o < len)
		o += (size_t)snprintf(buf + o, len - o, "G%d", m->ids[0]);
	if (shown > 1 && o < len)
		o += (size_t)snprintf(buf + o, len - o, " G%d", m->ids[1]);
	if (m->n > shown && o < len)
		snprintf(buf + o, len - o, shown ? " +%d" : "+%d", m->n - shown);
}

/* draw_diff draws the diff pane: the changed lines first, as many as fit. */
static void draw_diff(canvas *c, lrect r, const appstate *st)
{
	const appstate *p = st->peer;
	const gmp_listing *a = listing_of(st), *b = listing_of(p);
	char title[128];
	snprintf(title, sizeof title, "Diff: %s → %s", appstate_variant(st)->name, appstate_variant(p)->name);
	view_frame(c, r, title, false);
	int x0 = r.x + 2, xmax = r.x + r.w - 2, y = r.y + 1, ymax = r.y + r.h - 1;
	if (!a || !b) {
		view_put(c, x0, y, xmax, "(a variant has no Go listing)", ROLE_DIM);
		return;
	}
	diff_row rows[DIFF_MAX];
	int n = lcs_diff(a, b, rows, DIFF_MAX), changed = 0;
	for (int i = 0; i < n; i++)
		changed += rows[i].sign != ' ';
	if (changed == 0) {
		view_put(c, x0, y, xmax, "(the listings are the same)", ROLE_DIM);
		return;
	}
	bool room = n <= ymax - y; /* context lines only when everything fits */
	line_gs *ma_all = calloc((size_t)a->nlines + 1, sizeof *ma_all);
	line_gs *mb_all = calloc((size_t)b->nlines + 1, sizeof *mb_all);
	if (ma_all)
		scan_lines(st, ma_all, a->nlines);
	if (mb_all)
		scan_lines(p, mb_all, b->nlines);
	int markw = imin(20, (xmax - x0) / 3);
	for (int i = 0; i < n && y < ymax; i++) {
		const diff_row *d = &rows[i];
		if (d->sign == ' ' && !room)
			continue;
		const char *text = d->la ? a->lines[d->la - 1] : b->lines[d->lb - 1];
		canvas_role role = d->sign == '-' ? ROLE_BUG : d->sign == '+' ? ROLE_FIX : ROLE_DIM;
		char line[600], ma[48], mb[48], marks[100];
		int k = 0;
		for (const char *q = text; *q && k < (int)sizeof line - 5; q++) {
			if (*q == '\t') {
				memcpy(line + k, "    ", 4);
				k += 4;
			} else {
				line[k++] = *q;
			}
		}
		line[k] = 0;
		line_marks(ma_all, d->la, ma, sizeof ma);
		line_marks(mb_all, d->lb, mb, sizeof mb);
		snprintf(marks, sizeof marks, "%s%s%s", ma, ma[0] && mb[0] ? " | " : "", mb);
		int tmax = marks[0] ? xmax - markw - 1 : xmax;
		int x = view_putf(c, x0, y, tmax, role, "%c %s", d->sign, line);
		if (marks[0])
			view_put(c, imax(x + 1, tmax + 1), y, xmax, marks, ROLE_TITLE);
		y++;
	}
	free(ma_all);
	free(mb_all);
}

/* table_metrics chooses the table's metrics: those the scenario's
 * expectations name (the first word of each, when it is a metric). */
static int table_metrics(const appstate *st, char names[][64], int max)
{
	int n = 0;
	for (int i = 0; i < st->scen.nexpects && n < max; i++) {
		const char *t = st->scen.expects[i].text;
		char w[64];
		int k = 0;
		while (t[k] && t[k] != ' ' && k < 63) {
			w[k] = t[k];
			k++;
		}
		w[k] = 0;
		if (!engine_metric_find(w))
			continue;
		bool dup = false;
		for (int j = 0; j < n; j++)
			dup |= !strcmp(names[j], w);
		if (!dup)
			memcpy(names[n++], w, (size_t)k + 1);
	}
	return n;
}

/* fmt_value formats v in the unit of metric name (a count when name is no
 * metric, such as a symptom's expression). */
static void fmt_value(const char *name, double v, char *buf, size_t len)
{
	const gmp_metricdoc *d = engine_metric_find(name);
	gmp_unit u = d ? d->unit : UNIT_NONE;
	if (u == UNIT_NS)
		view_fmt_dur((int64_t)v, buf, len);
	else if (u == UNIT_PCT)
		snprintf(buf, len, "%.1f%%", v);
	else if (u == UNIT_BYTES && v >= 1024)
		snprintf(buf, len, v >= 1048576 ? "%.1fMiB" : "%.1fKiB", v >= 1048576 ? v / 1048576 : v / 1024);
	else
		view_fmt_count(v, buf, len);
}

/* fmt_delta formats the right run's value minus the left one's, signed. */
static void fmt_delta(const char *name, double dv, char *buf, size_t len)
{
	if (len < 2)
		return;
	buf[0] = dv < 0 ? '-' : dv > 0 ? '+' : ' ';
	fmt_value(name, dv < 0 ? -dv : dv, buf + 1, len - 1);
	if (dv == 0)
		memmove(buf, buf + 1, strlen(buf)); /* no sign for no change */
}

/* fmt_metric formats a metric of a run, "—" when it is not defined yet. */
static void fmt_metric(const appstate *s, const char *name, char *buf, size_t len, double *v, bool *ok)
{
	*ok = engine_metric(s->eng, name, v);
	if (!*ok)
		snprintf(buf, len, "—");
	else
		fmt_value(name, *v, buf, len);
}

/* lookup_ctx / cmp_lookup answer expect_eval from one side's run. */
typedef struct cmp_lookup_ctx {
	const appstate *s;
	bool other;        /* the clause needs another variant's run */
} cmp_lookup_ctx;

static bool cmp_lookup(void *ctx, const char *variant, const char *metric, double *out, const char **str)
{
	cmp_lookup_ctx *L = ctx;
	if (!variant || strcmp(variant, appstate_variant(L->s)->name) != 0) {
		L->other = true;
		return false;
	}
	if (str && !strcmp(metric, "fatal")) {
		*str = engine_fatal(L->s->eng);
		*out = **str ? 1 : 0;
		return true;
	}
	return engine_metric(L->s->eng, metric, out);
}

bool view_symptom(const appstate *s, int i, double *out)
{
	cmp_lookup_ctx L = {s, false};
	if (i < s->scen.nsymptoms && s->scen.symptoms[i].at_end && engine_runstate(s->eng) == RUN_RUNNING)
		return false; /* "—" until the run ends */
	return i < s->scen.nsymptoms && symptom_eval(&s->scen, &s->scen.symptoms[i], s->variant, cmp_lookup, &L, out);
}

int view_symptom_rows(canvas *c, int x0, int y, int xmax, int ymax, const appstate *s)
{
	for (int i = 0; i < s->scen.nsymptoms && y < ymax; i++, y++) {
		char b[32];
		double v;
		bool ok = view_symptom(s, i, &v);
		const gmp_symptom *sy = &s->scen.symptoms[i];
		/* ▲: higher is worse, ▼: lower is worse */
		int x = view_put(c, x0, y, xmax, sy->higher_worse ? "▲ " : "▼ ", ROLE_ALERT);
		view_put(c, x, y, xmax - 12, sy->text, ROLE_HIGHLIGHT);
		if (ok)
			fmt_value(sy->text, v, b, sizeof b);
		view_putf(c, xmax - 10, y, xmax, ROLE_ALERT, "%10s", ok ? b : "—");
	}
	return y;
}

/* draw_expects lists side s's expectations: `check` judges them at the end
 * of the run, so until s's run has ended each says "at end"; then ✓ or ✗ as
 * measured on its own run. Returns the next row. */
static int draw_expects(canvas *c, int x0, int y, int xmax, int ymax, const appstate *s)
{
	bool over = engine_runstate(s->eng) != RUN_RUNNING;
	for (int i = 0; i < s->scen.nexpects && y < ymax; i++) {
		const gmp_expect *x = &s->scen.expects[i];
		if (x->variant != s->variant)
			continue;
		cmp_lookup_ctx L = {s, false};
		gmp_expect_result r;
		memset(&r, 0, sizeof r);
		bool pass = expect_eval(&s->scen, x, cmp_lookup, &L, &r);
		if (L.other)
			continue;
		int ex = view_putf(c, x0, y, xmax, ROLE_TITLE, "%s ", appstate_variant(s)->name);
		if (!over)
			ex = view_put(c, ex, y, xmax, "· ", ROLE_DIM);
		else
			ex = view_put(c, ex, y, xmax, pass ? "✓ " : "✗ ", pass ? ROLE_OK : ROLE_ALERT);
		ex = view_put(c, ex, y, xmax, x->text, over ? ROLE_DEFAULT : ROLE_DIM);
		if (!over)
			view_put(c, ex + 1, y, xmax, "(at end)", ROLE_DIM);
		y++;
	}
	return y;
}

/* put_col writes s right-aligned in the cw cells from x (by display width:
 * "—" and "Δ" are one cell, more bytes). */
static void put_col(canvas *c, int x, int y, int cw, int xmax, canvas_role role, const char *s)
{
	int pad = cw - utf8_width(s);
	view_put(c, x + (pad > 0 ? pad : 0), y, xmax, s, role);
}

/* draw_table draws the metrics table: the metrics of both runs and Δ, then
 * each variant's expectations. */
static void draw_table(canvas *c, lrect r, const appstate *st)
{
	const appstate *p = st->peer;
	view_frame(c, r, "Metrics", false);
	int x0 = r.x + 2, xmax = r.x + r.w - 2, y = r.y + 1, ymax = r.y + r.h - 1;
	int cw = imin(10, (xmax - x0 - 9) / 4), nx = xmax - 3 * (cw + 1);
	if (nx < x0 + 8)
		nx = x0 + 8;
	view_put(c, x0, y, nx, "metric", ROLE_TITLE);
	put_col(c, nx + 1, y, cw, nx + 1 + cw, ROLE_BUG, appstate_variant(st)->name);
	put_col(c, nx + 2 + cw, y, cw, nx + 2 + 2 * cw, ROLE_FIX, appstate_variant(p)->name);
	put_col(c, nx + 3 + 2 * cw, y, cw, xmax, ROLE_TITLE, "Δ");
	y++;
	for (int i = 0; i < st->scen.nsymptoms && y < ymax; i++, y++) {
		const gmp_symptom *sy = &st->scen.symptoms[i];
		char a[32] = "—", b[32] = "—", d[32] = "—";
		double va = 0, vb = 0;
		bool oka = view_symptom(st, i, &va), okb = view_symptom(p, i, &vb);
		if (oka)
			fmt_value(sy->text, va, a, sizeof a);
		if (okb)
			fmt_value(sy->text, vb, b, sizeof b);
		if (oka && okb)
			fmt_delta(sy->text, vb - va, d, sizeof d);
		/* the better run's value is marked; the worse one is the symptom */
		bool lbetter = oka && okb && (sy->higher_worse ? va < vb : va > vb);
		bool rbetter = oka && okb && (sy->higher_worse ? vb < va : vb > va);
		int x = view_put(c, x0, y, nx, sy->higher_worse ? "▲ " : "▼ ", ROLE_ALERT);
		view_put(c, x, y, nx, sy->text, ROLE_HIGHLIGHT);
		put_col(c, nx + 1, y, cw, nx + 1 + cw, lbetter ? ROLE_OK : rbetter ? ROLE_ALERT : ROLE_DEFAULT, a);
		put_col(c, nx + 2 + cw, y, cw, nx + 2 + 2 * cw, rbetter ? ROLE_OK : lbetter ? ROLE_ALERT : ROLE_DEFAULT, b);
		put_col(c, nx + 3 + 2 * cw, y, cw, xmax, ROLE_TITLE, d);
	}
	char names[TABLE_MAX][64];
	int n = table_metrics(st, names, TABLE_MAX);
	for (int i = 0; i < n && y < ymax; i++, y++) {
		char a[32], b[32], d[32];
		double va = 0, vb = 0;
		bool oka, okb;
		fmt_metric(st, names[i], a, sizeof a, &va, &oka);
		fmt_metric(p, names[i], b, sizeof b, &vb, &okb);
		if (oka && okb)
			fmt_delta(names[i], vb - va, d, sizeof d);
		else
			snprintf(d, sizeof d, "—");
		view_put(c, x0, y, nx, names[i], ROLE_DEFAULT);
		put_col(c, nx + 1, y, cw, nx + 1 + cw, ROLE_DEFAULT, a);
		put_col(c, nx + 2 + cw, y, cw, nx + 2 + 2 * cw, ROLE_DEFAULT, b);
		put_col(c, nx + 3 + 2 * cw, y, cw, xmax, !oka || !okb || va == vb ? ROLE_DIM : ROLE_HIGHLIGHT, d);
	}
	y = draw_expects(c, x0, y, xmax, ymax, st);
	draw_expects(c, x0, y, xmax, ymax, p);
}

void view_compare(canvas *c, const appstate *st)
{
	const appstate *side[2] = {st, st->peer};
	int np = imax(engine_nprocs(st->eng), engine_nprocs(st->peer->eng));
	cmp_layout L;
	cmp_layout_compute(c->w, c->h, np, &L);
	cmp_header(c, rect(0, 0, c->w, 1), st);
	for (int s = 0; s < 2; s++) {
		view_procs(c, L.procs[s], L.proc_rows, true, side[s]);
		side_label(c, L.procs[s], side[s]);
		if (L.threads[s].h)
			view_threads(c, L.threads[s], side[s]);
		view_timeline(c, L.timeline[s], L.tl_rows, side[s]);
	}
	draw_diff(c, L.diff, st);
	draw_table(c, L.table, st);
	view_footer(c, rect(0, c->h - 1, c->w, 1), st);
}
