/*
 * scenario.c — reading a .gmp scenario file: the top-level directives
 * (metadata, settings, params, explanation, listings, variants, expectations)
 * and the compilation of each variant into a program + config.
 *
 * The language is documented in scenarios/README.md; parse.h explains the
 * pipeline. Everything is resolved at load time: a variant's `set` lines
 * override settings and params, `like OTHER` first takes OTHER's body (its
 * sets, declarations and functions) and lets this variant's own lines replace
 * what they redeclare. Variants are stored bug first, then fix, then the
 * others in file order.
 */
#include "scenario.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expect.h"
#include "scenario_int.h"

/* top is what the top-level lines say, before the variants are compiled. */
typedef struct top {
	cfgb base;         /* settings given at the top */
	pline **params;    /* `param` lines, in order */
	int nparams;
	pline **vlines;    /* `variant` lines, in file order */
	int nv;
	int *like;         /* per variant (file order): like target, -1 = none */
	int *vlisting;     /* per variant: listing clause, -1 = none */
	pline **xlines;    /* `expect` lines, parsed once the variants exist */
	int nx;
	pline **ylines;    /* `symptom` lines, likewise */
	int ny;
	const char *seen_key[48]; /* directives given once, and where */
	int seen_line[48];
	int nseen;
} top;

const char *const sc_reserved[] = {
	"forever", "read", "nocall", "chance", "trylock", "after", "default", "none",
	"on", "off", "GOMAXPROCS", "NCPU", "horizon", "period", "fatal", NULL,
};

/* Variant names live in their own namespace; only the words an expect line
 * reads before its variant would be ambiguous there. */
static const char *const variant_reserved[] = {
	"fatal", "GOMAXPROCS", "NCPU", "horizon", "period", NULL,
};

static bool in_list(const ptok *t, const char *const *l)
{
	for (; *l; l++)
		if (tok_is(t, *l))
			return true;
	return false;
}

void sc_need_end(pcur *c)
{
	ptok *t = cur_peek(c);
	if (t->kind != TK_EOL)
		perr_tok(c->P, t, "unexpected %s", tok_desc(c->P, t));
}

void sc_no_body(parser *P, pline *ln)
{
	if (ln->child >= 0) {
		pline *ch = &P->lines[ln->child];
		perr(P, ch->lineno, ch->t[0].col, "unexpected indented line ('%.*s' has no body)",
		     ln->t[0].len, ln->t[0].s);
	}
}

static void seen_once(parser *P, top *T, const char *key, pline *ln)
{
	for (int i = 0; i < T->nseen; i++)
		if (strcmp(T->seen_key[i], key) == 0)
			perr(P, ln->lineno, ln->t[0].col, "duplicate '%s' (first given at line %d)", key, T->seen_line[i]);
	if (T->nseen < 48) {
		T->seen_key[T->nseen] = key;
		T->seen_line[T->nseen++] = ln->lineno;
	}
}

/* const_value parses a constant expression (no names) at the cursor. */
pval sc_const_value(pcur *c, xtree *t)
{
	xparse(c, t);
	for (int i = 0; i < t->nn; i++)
		if (t->n[i].kind == XN_NAME)
			perr(c->P, t->n[i].line, t->n[i].col, "settings take constant values ('%s' is a name)", t->n[i].name);
	return xeval_p(c->P, t, NULL, NULL);
}

/* text_value reads a "string" or a heredoc as one text. */
static char *text_value(parser *P, pcur *c, const char *what)
{
	ptok *t = cur_next(c);
	if (t->kind == TK_STR) {
		sc_need_end(c);
		return gmp_xstrndup(t->s, (size_t)t->len);
	}
	if (t->kind != TK_HEREDOC)
		perr_tok(P, t, "%s needs a \"string\" or a <<EOF heredoc, found %s", what, tok_desc(P, t));
	size_t n = 1;
	for (int i = 0; i < t->nhd; i++)
		n += strlen(t->hd[i]) + 1;
	char *s = gmp_xmalloc(n), *p = s;
	for (int i = 0; i < t->nhd; i++) {
		size_t k = strlen(t->hd[i]);
		memcpy(p, t->hd[i], k);
		p += k;
		if (i + 1 < t->nhd)
			*p++ = '\n';
	}
	*p = '\0';
	return s;
}
static void parse_header(parser *P, pline *ln)
{
	gmp_scenario *s = P->s;
	ptok *n = &ln->t[1], *slug = &ln->t[2];
	if (n->kind != TK_NUM || n->len > 2 || n->s[0] < '0' || n->s[0] > '9' ||
	    (n->len == 2 && (n->s[1] < '0' || n->s[1] > '9')))
		perr_tok(P, n, "scenario needs a number from 00 to 99, then a slug: scenario 40 my-scenario");
	s->number = n->len == 2 ? (n->s[0] - '0') * 10 + (n->s[1] - '0') : n->s[0] - '0';
	if (slug->kind != TK_WORD)
		perr_tok(P, slug, "scenario needs a slug after the number, like my-scenario");
	for (int i = 0; i < slug->len; i++) {
		char ch = slug->s[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-'))
			perr_tok(P, slug, "slug %s may hold only a-z, 0-9 and -", tok_desc(P, slug));
	}
	s->slug = gmp_xstrndup(slug->s, (size_t)slug->len);
	pcur c = { P, ln, 3 };
	sc_need_end(&c);
}

static int listing_index(const gmp_scenario *s, const char *name)
{
	for (int i = 0; i < s->nlistings; i++)
		if (strcmp(s->listings[i].name, name) == 0)
			return i;
	return -1;
}

/* listing_named reads the name of a listing given above (`defect NAME`,
 * `listing NAME quiz`): the listing, or an error at the name. */
static gmp_listing *listing_named(parser *P, ptok *name, const char *what)
{
	if (name->kind != TK_WORD)
		perr_tok(P, name, "%s needs a listing name, found %s", what, tok_desc(P, name));
	int i = listing_index(P->s, tok_name(P, name));
	if (i < 0)
		perr_tok(P, name, "%s: no listing named %s above", what, tok_desc(P, name));
	return &P->s->listings[i];
}

/* parse_quiz_listing reads `listing NAME quiz <<GO ... GO`: listing NAME's
 * lines with neutral comments, line for line (the quiz shows it, and the
 * goroutine markers and defect lines count lines of NAME). */
static void parse_quiz_listing(parser *P, pline *ln)
{
	gmp_listing *l = listing_named(P, &ln->t[1], "listing ... quiz");
	ptok *h = &ln->t[3];
	if (h->kind != TK_HEREDOC)
		perr_tok(P, h, "listing %s quiz needs a heredoc: listing %s quiz <<GO ... GO", l->name, l->name);
	if (l->quiz)
		perr_tok(P, &ln->t[2], "duplicate 'listing %s quiz'", l->name);
	if (h->nhd != l->nlines)
		perr_tok(P, h, "listing %s quiz has %d lines, listing %s has %d: give one neutral line for each",
		         l->name, h->nhd, l->name, l->nlines);
	pcur c = { P, ln, 4 };
	sc_need_end(&c);
	l->quiz = gmp_xmalloc(sizeof *l->quiz * (size_t)(h->nhd ? h->nhd : 1));
	for (int i = 0; i < h->nhd; i++)
		l->quiz[i] = gmp_xstrdup(h->hd[i]);
}

/* parse_defect reads `defect NAME LINE...`: the lines of listing NAME where
 * the defect is (for a bug of omission, where the missing call belongs and
 * the line that misbehaves), in increasing order. */
static void parse_defect(parser *P, pline *ln)
{
	gmp_listing *l = listing_named(P, &ln->t[1], "defect");
	if (l->defects)
		perr_tok(P, &ln->t[0], "duplicate 'defect %s'", l->name);
	int n = ln->nt - 2;
	if (n <= 0)
		perr_tok(P, &ln->t[2], "defect %s needs one or more line numbers of the listing, like defect %s 3 7",
		         l->name, l->name);
	int *d = gmp_xmalloc(sizeof *d * (size_t)n);
	for (int i = 0; i < n; i++) {
		ptok *t = &ln->t[2 + i];
		long v = -1;
		if (t->kind == TK_NUM && t->len < 7) {
			char b[8];
			memcpy(b, t->s, (size_t)t->len);
			b[t->len] = 0;
			char *end;
			v = strtol(b, &end, 10);
			if (*end)
				v = -1;
		}
		if (v < 1 || v > l->nlines) {
			free(d);
			perr_tok(P, t, "defect %s: expected a line number from 1 to %d, found %s", l->name, l->nlines,
			         tok_desc(P, t));
		}
		if (i > 0 && v <= d[i - 1]) {
			free(d);
			perr_tok(P, t, "defect %s: line numbers must be in increasing order", l->name);
		}
		d[i] = (int)v;
	}
	l->defects = d;
	l->ndefects = n;
}

static void parse_listing(parser *P, pline *ln)
{
	gmp_scenario *s = P->s;
	ptok *name = &ln->t[1];
	/* listings are named like variants: `.` and `-` allowed inside */
	if (name->kind != TK_WORD)
		perr_tok(P, name, "expected listing name, found %s", tok_desc(P, name));
	if (name->s[name->len - 1] == '.' || name->s[name->len - 1] == '-')
		perr_tok(P, name, "bad listing name %s", tok_desc(P, name));
	const char *nm = tok_name(P, name);
	ptok *h = &ln->t[2];
	if (h->kind == TK_WORD && tok_is(h, "quiz")) {
		parse_quiz_listing(P, ln);
		return;
	}
	for (int i = 0; i < s->nlistings; i++)
		if (strcmp(s->listings[i].name, nm) == 0)
			perr_tok(P, name, "duplicate listing '%s'", nm);
	if (h->kind != TK_HEREDOC)
		perr_tok(P, h, "listing needs a heredoc: listing %s <<GO ... GO", nm);
	s->listings = gmp_xrealloc(s->listings, sizeof *s->listings * (size_t)(s->nlistings + 1));
	gmp_listing *l = &s->listings[s->nlistings];
	*l = (gmp_listing){ 0 };
	s->nlistings++;
	l->name = gmp_xstrdup(nm);
	l->lines = gmp_xmalloc(sizeof *l->lines * (size_t)(h->nhd ? h->nhd : 1));
	for (int i = 0; i < h->nhd; i++) {
		l->lines[i] = gmp_xstrdup(h->hd[i]);
		l->nlines = i + 1;
	}
}


static void parse_top_line(parser *P, top *T, pline *ln)
{
	gmp_scenario *s = P->s;
	ptok *k = &ln->t[0];
	pcur c = { P, ln, 1 };
	xtree t;
	if (k->kind != TK_WORD)
		perr_tok(P, k, "expected a directive (scenario, title, go, variant, expect, ...), found %s", tok_desc(P, k));
	if (!tok_is(k, "variant"))
		sc_no_body(P, ln);
	if (tok_is(k, "scenario")) {
		seen_once(P, T, "scenario", ln);
		parse_header(P, ln);
	} else if (tok_is(k, "title")) {
		seen_once(P, T, "title", ln);
		s->title = text_value(P, &c, "title");
	} else if (tok_is(k, "family")) {
		static const char *const fam[] = { "preemption", "threads", "resources", "lifecycle", "tour", NULL };
		seen_once(P, T, "family", ln);
		ptok *f = cur_next(&c);
		if (!in_list(f, fam))
			perr_tok(P, f, "family must be preemption, threads, resources, lifecycle or tour");
		s->family = gmp_xstrndup(f->s, (size_t)f->len);
		sc_need_end(&c);
	} else if (in_list(k, sc_settings)) {
		seen_once(P, T, tok_name(P, k), ln);
		sc_apply_setting(P, &T->base, &c, k);
	} else if (tok_is(k, "speed")) {
		seen_once(P, T, "speed", ln);
		s->speed = pv_int(P, &t, sc_const_value(&c, &t), U_DUR, 1000, 10000000000LL, "speed");
		sc_need_end(&c);
	} else if (tok_is(k, "moments")) {
		seen_once(P, T, "moments", ln);
		if (cur_at_end(&c))
			perr_tok(P, cur_peek(&c), "moments needs one or more times, like 140ms 400ms");
		while (!cur_at_end(&c)) {
			int64_t m = pv_int(P, &t, sc_const_value(&c, &t), U_DUR, 0, 3600000000000LL, "moment");
			if (s->nmoments && m <= s->moments[s->nmoments - 1])
				perr(P, t.n[t.root].line, t.n[t.root].col, "moments must be in increasing order");
			s->moments = gmp_xrealloc(s->moments, sizeof *s->moments * (size_t)(s->nmoments + 1));
			s->moments[s->nmoments++] = m;
		}
		sc_need_end(&c);
	} else if (tok_is(k, "explain")) {
		ptok *w = cur_next(&c);
		static const char *const parts[] = { "symptom", "subtle", "fix", "spot", "common" };
		static const char *const once[] = { "explain symptom", "explain subtle", "explain fix",
		                                     "explain spot", "explain common" };
		char **dsts[] = { &s->explain_symptom, &s->explain_subtle, &s->explain_fix, &s->explain_spot,
		                  &s->explain_common };
		char **dst = NULL;
		for (int i = 0; i < 5 && !dst; i++)
			if (tok_is(w, parts[i])) {
				dst = dsts[i];
				seen_once(P, T, once[i], ln);
			}
		if (!dst)
			perr_tok(P, w, "explain needs symptom, subtle, fix, spot or common, found %s", tok_desc(P, w));
		*dst = text_value(P, &c, "explain");
	} else if (tok_is(k, "listing")) {
		parse_listing(P, ln);
	} else if (tok_is(k, "defect")) {
		parse_defect(P, ln);
	} else if (tok_is(k, "param")) {
		ptok *n = cur_next(&c);
		const char *nm = sc_ident(P, n, "param");
		if (in_list(n, sc_settings))
			perr_tok(P, n, "'%s' is a setting, not usable as a param name", nm);
		for (int i = 0; i < T->nparams; i++)
			if (tok_is(&T->params[i]->t[1], nm))
				perr_tok(P, n, "duplicate param '%s' (first at line %d)", nm, T->params[i]->lineno);
		if (cur_at_end(&c))
			perr_tok(P, cur_peek(&c), "param %s needs a value", nm);
		xparse(&c, &t);  /* syntax now; values per variant */
		sc_need_end(&c);
		T->params[T->nparams++] = ln;
	} else if (tok_is(k, "variant")) {
		if (T->nv == PARSE_MAX_VARIANTS)
			perr_tok(P, k, "too many variants (at most %d)", PARSE_MAX_VARIANTS);
		T->vlines[T->nv++] = ln;
	} else if (tok_is(k, "expect")) {
		T->xlines[T->nx++] = ln;
	} else if (tok_is(k, "symptom")) {
		if (T->ny == GMP_SYMPTOMS_MAX)
			perr_tok(P, k, "at most %d symptom lines", GMP_SYMPTOMS_MAX);
		T->ylines[T->ny++] = ln;
	} else {
		perr_tok(P, k, "unknown directive %s", tok_desc(P, k));
	}
}

/* parse_variant_header reads `variant NAME [like OTHER] [listing L]`. */
static void parse_variant_header(parser *P, top *T, int vi)
{
	pline *ln = T->vlines[vi];
	pcur c = { P, ln, 1 };
	ptok *n = cur_next(&c);
	if (n->kind != TK_WORD)
		perr_tok(P, n, "expected a variant name, found %s", tok_desc(P, n));
	if (in_list(n, variant_reserved))
		perr_tok(P, n, "%s is reserved in expect lines, not usable as a variant name", tok_desc(P, n));
	if (n->s[n->len - 1] == '.' || n->s[n->len - 1] == '-')
		perr_tok(P, n, "bad variant name %s", tok_desc(P, n));
	for (int i = 0; i < vi; i++)
		if (tok_is(&T->vlines[i]->t[1], tok_name(P, n)))
			perr_tok(P, n, "duplicate variant '%.*s' (first at line %d)", n->len, n->s, T->vlines[i]->lineno);
	T->like[vi] = T->vlisting[vi] = -1;
	while (!cur_at_end(&c)) {
		ptok *k = cur_next(&c);
		ptok *a = cur_next(&c);
		if (tok_is(k, "like") && T->like[vi] < 0) {
			for (int i = 0; i < vi; i++)
				if (a->kind == TK_WORD && tok_is(&T->vlines[i]->t[1], tok_name(P, a)))
					T->like[vi] = i;
			if (T->like[vi] < 0)
				perr_tok(P, a, "like needs a variant defined above, found %s", tok_desc(P, a));
		} else if (tok_is(k, "listing") && T->vlisting[vi] < 0) {
			if (a->kind != TK_WORD || (T->vlisting[vi] = listing_index(P->s, tok_name(P, a))) < 0)
				perr_tok(P, a, "no listing named %s", tok_desc(P, a));
		} else {
			perr_tok(P, k, "unexpected %s (variant NAME [like OTHER] [listing NAME])", tok_desc(P, k));
		}
	}
	sc_need_end(&c);
	if (ln->child < 0)
		perr(P, ln->lineno, ln->t[0].col, "variant '%.*s' has no body (indent its funcs under it)", n->len, n->s);
}

/* ---- variants ----------------------------------------------------------- */

static void collect_items(parser *P, top *T, int vi, vitem *out, int *n)
{
	if (T->like[vi] >= 0)
		collect_items(P, T, T->like[vi], out, n);
	for (int i = T->vlines[vi]->child; i >= 0; i = P->lines[i].next) {
		out[*n].ln = &P->lines[i];
		out[*n].origin = vi;
		(*n)++;
	}
}

static int count_items(parser *P, top *T, int vi)
{
	int n = T->like[vi] >= 0 ? count_items(P, T, T->like[vi]) : 0;
	for (int i = T->vlines[vi]->child; i >= 0; i = P->lines[i].next)
		n++;
	return n;
}

static int variant_listing(parser *P, top *T, int vi)
{
	if (T->vlisting[vi] >= 0)
		return T->vlisting[vi];
	int l = listing_index(P->s, tok_name(P, &T->vlines[vi]->t[1]));
	if (l >= 0)
		return l;
	return T->like[vi] >= 0 ? variant_listing(P, T, T->like[vi]) : -1;
}

static void eval_params(vcomp *C, top *T, vitem *items, int nitems)
{
	parser *P = C->P;
	gmp_variant *v = C->v;
	v->params = gmp_xmalloc(sizeof *v->params * (size_t)(T->nparams ? T->nparams : 1));
	for (int p = 0; p < T->nparams; p++) {
		pline *src = T->params[p];
		const ptok *name = &src->t[1];
		int start = 2;
		for (int i = 0; i < nitems; i++)
			if (tok_is(&items[i].ln->t[0], "set") && items[i].ln->t[1].kind == TK_WORD &&
			    items[i].ln->t[1].len == name->len && memcmp(items[i].ln->t[1].s, name->s, (size_t)name->len) == 0) {
				src = items[i].ln;
				start = 2;
			}
		pcur c = { P, src, start };
		xtree t;
		if (cur_at_end(&c))
			perr_tok(P, cur_peek(&c), "set %.*s needs a value", name->len, name->s);
		xparse(&c, &t);
		sc_need_end(&c);
		pval val = xeval_p(P, &t, vcomp_resolve, C);
		v->params[p].name = gmp_xstrndup(name->s, (size_t)name->len);
		v->params[p].value = val.v;
		v->params[p].unit = val.unit;
		v->nparams = p + 1;
	}
}

static void compile_variant(parser *P, top *T, int vi)
{
	gmp_scenario *s = P->s;
	pline *vl = T->vlines[vi];
	gmp_variant *v = &s->variants[vi];
	*v = (gmp_variant){ .listing = -1 };
	v->prog.main_func = -1;
	s->nvariants = vi + 1;
	v->name = gmp_xstrndup(vl->t[1].s, (size_t)vl->t[1].len);
	int errs0 = P->nerrs;
	v->listing = variant_listing(P, T, vi);

	int nitems = 0;
	vitem *items = pa_alloc(P, sizeof *items * (size_t)count_items(P, T, vi));
	collect_items(P, T, vi, items, &nitems);

	/* settings first: they are constants; params may use GOMAXPROCS */
	cfgb b = T->base;
	for (int i = 0; i < nitems; i++) {
		pline *ln = items[i].ln;
		if (!tok_is(&ln->t[0], "set"))
			continue;
		sc_no_body(P, ln);
		ptok *k = &ln->t[1];
		if (in_list(k, sc_settings)) {
			pcur c = { P, ln, 2 };
			sc_apply_setting(P, &b, &c, k);
			continue;
		}
		bool found = false;
		for (int p = 0; p < T->nparams && !found; p++)
			found = k->kind == TK_WORD && tok_is(&T->params[p]->t[1], tok_name(P, k));
		if (!found)
			perr_tok(P, k, "set needs a setting or a param, %s is neither", tok_desc(P, k));
	}
	sc_finish_config(P, &b, vl, &v->cfg);
	v->gomaxprocs = config_gomaxprocs(&v->cfg);

	vcomp C = { .P = P, .v = v, .vname = v->name };
	C.syms = pa_alloc(P, sizeof *C.syms * VCOMP_MAX_SYMS);
	if (v->listing >= 0) {
		C.listing_lines = s->listings[v->listing].nlines;
		C.listing_name = s->listings[v->listing].name;
	}
	eval_params(&C, T, items, nitems);

	for (int i = 0; i < nitems; i++)
		if (!tok_is(&items[i].ln->t[0], "set"))
			PARSE_TRY(P, sc_declare(&C, &items[i]));
	int nfuncs = v->prog.nfuncs;
	for (int f = 0; f < nfuncs; f++)
		stmt_collect_timers(&C, &P->lines[C.fbody[f]->child], 0);
	for (int f = 0; f < nfuncs; f++)
		stmt_compile_func(&C, f, &P->lines[C.fbody[f]->child]);
	vsym *m = vsym_find(&C, "main", SYM_FUNC);
	if (!m && P->nerrs > errs0)   /* main's own line was in error */
		return;
	if (!m)
		perr(P, vl->lineno, vl->t[0].col, "variant '%s' has no func main", v->name);
	v->prog.main_func = m->index;
	vsym *in = vsym_find(&C, "init", SYM_FUNC);
	if (in) {
		v->prog.init_funcs = gmp_xmalloc(sizeof(int));
		v->prog.init_funcs[0] = in->index;
		v->prog.ninit = 1;
	}
	stmt_check_calls(&C);
	program_inline_leaves(&v->prog);
}

/* order_variants puts bug first, fix second, the rest in file order. */
static void order_variants(gmp_scenario *s)
{
	const char *first[] = { "fix", "bug" };
	for (int k = 0; k < 2; k++) {
		int at = scenario_variant(s, first[k]);
		if (at <= 0)
			continue;
		gmp_variant v = s->variants[at];
		memmove(&s->variants[1], &s->variants[0], sizeof v * (size_t)at);
		s->variants[0] = v;
	}
}

static void parse_all(parser *P)
{
	gmp_scenario *s = P->s;
	top T = { 0 };
	config_defaults(&T.base.c);
	int n = P->nlines ? P->nlines : 1;
	T.params = pa_alloc(P, sizeof *T.params * (size_t)n);
	T.vlines = pa_alloc(P, sizeof *T.vlines * (size_t)n);
	T.xlines = pa_alloc(P, sizeof *T.xlines * (size_t)n);
	T.ylines = pa_alloc(P, sizeof *T.ylines * (size_t)n);
	T.like = pa_alloc(P, sizeof *T.like * (size_t)n);
	T.vlisting = pa_alloc(P, sizeof *T.vlisting * (size_t)n);
	for (int i = P->first; i >= 0; i = P->lines[i].next)
		PARSE_TRY(P, parse_top_line(P, &T, &P->lines[i]));
	if ((!s->slug || T.nv == 0) && P->nerrs > 0)
		longjmp(P->jb, 1);   /* the line in error may be the one missing */
	if (!s->slug)
		perr(P, 1, 1, "missing 'scenario NN slug' line (e.g. scenario 40 my-scenario)");
	if (T.nv == 0)
		perr(P, 1, 1, "no variant: a scenario needs at least one 'variant NAME' block");
	int errs0 = P->nerrs;
	for (volatile int i = 0; i < T.nv; i++)
		PARSE_TRY(P, parse_variant_header(P, &T, i));
	if (P->nerrs > errs0)   /* variants are compiled on sound headers only */
		longjmp(P->jb, 1);
	s->variants = gmp_xmalloc(sizeof *s->variants * (size_t)T.nv);
	for (volatile int i = 0; i < T.nv; i++)
		PARSE_TRY(P, compile_variant(P, &T, i));
	order_variants(s);
	for (volatile int i = 0; i < T.nx; i++)
		PARSE_TRY(P, expect_parse_line(P, T.xlines[i]));
	for (volatile int i = 0; i < T.ny; i++)
		PARSE_TRY(P, symptom_parse_line(P, T.ylines[i]));
	if (P->nerrs > 0)
		longjmp(P->jb, 1);
}

static int parse_guarded(parser *P)
{
	if (setjmp(P->jb))
		return -1;
	lex_file(P);
	parse_all(P);
	return 0;
}

int scenario_parse(const char *path, const char *buf, size_t len, gmp_scenario *out, char *err, size_t errlen)
{
	parser P = { .path = path, .buf = buf, .len = len, .err = err, .errlen = errlen, .s = out };
	memset(out, 0, sizeof *out);
	out->speed = 10 * 1000 * 1000;
	if (err && errlen)
		err[0] = '\0';
	out->path = gmp_xstrdup(path);
	int rc = parse_guarded(&P);
	if (rc < 0)
		perr_format(&P);
	pa_free_all(&P);
	if (rc < 0) {
		scenario_free(out);
		if (err && errlen)
			scenario_escape_line(err);   /* a path's control characters */
		return -1;
	}
	if (!out->title)
		out->title = gmp_xstrdup(out->slug);
	if (!out->family)
		out->family = gmp_xstrdup("");
	return 0;
}
