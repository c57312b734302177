/*
 * expect.c — parsing `expect` and `symptom` clauses (see expect.h for the
 * forms); expect_eval.c evaluates and reports them.
 *
 * A clause is parsed once the variants are known: a leading variant name (or
 * `*`) scopes it; otherwise every name must carry a variant prefix
 * (`fix.rate.jobs`). Each name is checked before anything runs: it must be a
 * param, GOMAXPROCS / NCPU / horizon / period, or a metric the engine knows
 * (engine_metric_find). `expect * ...` becomes one clause per variant.
 */
#include "expect.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "parse.h"

static const char *const builtin_names[] = { "GOMAXPROCS", "NCPU", "horizon", "period", NULL };

static bool is_builtin(const char *name)
{
	for (int i = 0; builtin_names[i]; i++)
		if (strcmp(builtin_names[i], name) == 0)
			return true;
	return false;
}

const gmp_param *expect_find_param(const gmp_variant *v, const char *name)
{
	for (int i = 0; i < v->nparams; i++)
		if (strcmp(v->params[i].name, name) == 0)
			return &v->params[i];
	return NULL;
}

static void xtree_free(struct gmp_xtree *t)
{
	if (!t)
		return;
	for (int i = 0; i < t->nn; i++)
		free(t->n[i].name);
	free(t->n);
	free(t);
}

void expect_free(gmp_expect *x)
{
	xtree_free(x->lhs);
	xtree_free(x->rhs);
	xtree_free(x->tol);
	free(x->text);
	free(x->match);
	memset(x, 0, sizeof *x);
}

/* ---- parsing ------------------------------------------------------------ */

/* split_variant moves a leading "VARIANT." of each name into node.variant. */
static void split_variant(parser *P, xtree *t)
{
	const gmp_scenario *s = P->s;
	for (int i = 0; i < t->nn; i++) {
		xnode *n = &t->n[i];
		if (n->kind != XN_NAME)
			continue;
		size_t best = 0;
		for (int v = 0; v < s->nvariants; v++) {
			size_t k = strlen(s->variants[v].name);
			if (k > best && strncmp(n->name, s->variants[v].name, k) == 0 && n->name[k] == '.' && n->name[k + 1]) {
				best = k;
				n->variant = v;
			}
		}
		n->name += best ? best + 1 : 0;
	}
}

/* in_names: names[0..n) holds the n bytes at s. */
static bool in_names(char *const *names, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return true;
	return false;
}

/* family_missing returns what a family metric's NAME must name ("counter",
 * "probe"...) when variant v declares nothing so named (counter.nope), or
 * NULL when it does or name is not a family's. */
static const char *family_missing(const gmp_variant *v, const char *name)
{
	const gmp_program *p = &v->prog;
	const char *dot = strchr(name, '.');
	const gmp_metricdoc *d = engine_metric_find(name);
	if (!dot || !d || !strstr(d->name, ".NAME"))
		return NULL;
	const char *arg = dot + 1;
	size_t fam = (size_t)(dot - name);
	if (fam == 7 && strncmp(name, "counter", fam) == 0)
		return in_names(p->vars, p->nvars, arg) || in_names(p->counters, p->ncounters, arg) ||
		       in_names(p->waitgroups, p->nwaitgroups, arg) ? NULL : "var, counter or waitgroup";
	if ((fam == 11 && (strncmp(name, "latency_p99", fam) == 0 ||
	                   strncmp(name, "latency_p50", fam) == 0 ||
	                   strncmp(name, "latency_max", fam) == 0)) ||
	    (fam == 7 && strncmp(name, "samples", fam) == 0))
		return in_names(p->probes, p->nprobes, arg) ? NULL : "probe";
	if (fam == 10 && strncmp(name, "sendq_peak", fam) == 0) {
		for (int i = 0; i < p->nchans; i++)
			if (strcmp(p->chans[i].name, arg) == 0)
				return NULL;
		return "chan";
	}
	return in_names(p->counters, p->ncounters, arg) ? NULL : "counter";
}

/* check_names rejects names that are neither params, built-ins nor metrics
 * for the variant they refer to (scope = the clause's variant, -1 = none),
 * and family metrics (counter.NAME...) whose NAME the variant does not
 * declare: they would only fail at run time, with no reason given. */
static void check_names(parser *P, xtree *t, int scope)
{
	const gmp_scenario *s = P->s;
	for (int i = 0; i < t->nn; i++) {
		xnode *n = &t->n[i];
		if (n->kind != XN_NAME)
			continue;
		int vi = n->variant >= 0 ? n->variant : scope;
		const char *dot = strchr(n->name, '.');
		if (vi < 0 && dot && !engine_metric_find(n->name))
			perr(P, n->line, n->col, "unknown variant '%.*s' in '%s'", (int)(dot - n->name), n->name, n->name);
		if (vi < 0)
			perr(P, n->line, n->col, "'%s' needs a variant: write %s.%s (or put the variant after expect)",
			     n->name, s->variants[0].name, n->name);
		if (strcmp(n->name, "fatal") == 0)
			perr(P, n->line, n->col, "fatal is a message: match it with fatal ~ \"text\"");
		if (expect_find_param(&s->variants[vi], n->name) || is_builtin(n->name))
			continue;
		if (engine_metric_find(n->name)) {
			const char *want = family_missing(&s->variants[vi], n->name);
			if (want)
				perr(P, n->line, n->col, "%s: variant '%s' declares no %s named '%s'", n->name,
				     s->variants[vi].name, want, strchr(n->name, '.') + 1);
			continue;
		}
		if (strchr(n->name, '-'))
			perr(P, n->line, n->col, "unknown metric '%s' (write spaces around '-' to subtract)", n->name);
		perr(P, n->line, n->col, "unknown metric '%s' (gmpscope metrics lists them)", n->name);
	}
}

static struct gmp_xtree *xtree_copy(const xtree *t)
{
	struct gmp_xtree *c = gmp_xmalloc(sizeof *c);
	c->n = gmp_xmalloc(sizeof *c->n * (size_t)t->nn);
	c->nn = 0;
	c->root = t->root;
	for (int i = 0; i < t->nn; i++) {
		c->n[i] = t->n[i];
		c->n[i].name = NULL;
		c->nn = i + 1;
		if (t->n[i].name)
			c->n[i].name = gmp_xstrdup(t->n[i].name);
	}
	return c;
}

static char *source_text(const ptok *a, const ptok *b)
{
	const char *s = a->src, *e = b->src + b->srclen;
	char *out = gmp_xmalloc((size_t)(e - s) + 1), *o = out;
	bool sp = false;
	for (const char *p = s; p < e; p++) {
		if (*p == ' ' || *p == '\t') {
			sp = true;
			continue;
		}
		if (sp && o > out)
			*o++ = ' ';
		sp = false;
		*o++ = *p;
	}
	*o = '\0';
	return out;
}

/* static_unit is the unit of node as far as the file tells (params,
 * numbers, built-ins, metrics with a unit), U_ANY when it does not. */
static int static_unit(parser *P, const xtree *t, int node, int scope)
{
	const xnode *n = &t->n[node];
	int a, b;
	switch (n->kind) {
	case XN_NUM:
		return n->unit;
	case XN_NAME: {
		int vi = n->variant >= 0 ? n->variant : scope;
		const gmp_param *pm = vi >= 0 ? expect_find_param(&P->s->variants[vi], n->name) : NULL;
		if (pm)
			return pm->unit;
		if (strcmp(n->name, "horizon") == 0 || strcmp(n->name, "period") == 0)
			return U_DUR;
		if (is_builtin(n->name))
			return U_NUM;
		const gmp_metricdoc *d = engine_metric_find(n->name);
		if (d && d->unit == UNIT_NS)
			return U_DUR;
		if (d && d->unit == UNIT_BYTES)
			return U_SIZE;
		return U_ANY;
	}
	case XN_NEG:
		return static_unit(P, t, n->l, scope);
	default:
		break;
	}
	a = static_unit(P, t, n->l, scope);
	b = static_unit(P, t, n->r, scope);
	if (a == U_ANY || b == U_ANY)
		return n->kind == XN_ADD || n->kind == XN_SUB ? (a == U_ANY ? b : a) : U_ANY;
	if (n->kind == XN_MUL)
		return a == U_NUM ? b : b == U_NUM ? a : U_ANY;
	if (n->kind == XN_DIV)
		return b == U_NUM ? a : a == b ? U_NUM : U_ANY;
	return a;
}

/* check_units rejects a duration compared with a bare number (`elapsed <
 * 5`): the number needs a unit. A bare 0 is 0 in any unit. */
static void check_units(parser *P, const xtree *lhs, const xtree *rhs, int scope)
{
	int l = static_unit(P, lhs, lhs->root, scope), r = static_unit(P, rhs, rhs->root, scope);
	const xtree *bare = l == U_NUM ? lhs : rhs;
	const xnode *bn = &bare->n[bare->root];
	if (!((l == U_DUR && r == U_NUM) || (l == U_NUM && r == U_DUR)))
		return;
	if (bn->kind == XN_NUM && bn->v == 0)
		return;
	perr(P, bn->line, bn->col, "a comparison of a duration and a bare number: give the number a unit, like 5ms");
}

/* parse_rate reads an optional `in >= P% of seeds` (P from 1 to 100) at
 * the end of a clause; returns P, or 0 when the clause has none. */
static int parse_rate(pcur *c)
{
	parser *P = c->P;
	ptok *in = cur_peek(c);
	if (!(in->kind == TK_WORD && tok_is(in, "in")))
		return 0;
	cur_next(c);
	ptok *ge = cur_next(c);
	if (!(ge->kind == TK_OP && ge->op == PO_GE))
		perr_tok(P, ge, "expected >= after in (in >= 60%% of seeds), found %s", tok_desc(P, ge));
	ptok *n = cur_next(c);
	char *endp = NULL;
	long pct = n->kind == TK_NUM ? strtol(n->s, &endp, 10) : -1;
	if (n->kind != TK_NUM || !endp || endp[0] != '%' || endp != n->s + n->len - 1 || pct < 1 || pct > 100)
		perr_tok(P, n, "expected a percentage from 1%% to 100%% (in >= 60%% of seeds), found %s", tok_desc(P, n));
	ptok *of = cur_next(c);
	if (!(of->kind == TK_WORD && tok_is(of, "of")))
		perr_tok(P, of, "expected of seeds after the percentage (in >= 60%% of seeds), found %s", tok_desc(P, of));
	ptok *sd = cur_next(c);
	if (!(sd->kind == TK_WORD && tok_is(sd, "seeds")))
		perr_tok(P, sd, "expected seeds after of (in >= 60%% of seeds), found %s", tok_desc(P, sd));
	return (int)pct;
}

void expect_parse_line(parser *P, pline *ln)
{
	gmp_scenario *s = P->s;
	pcur c = { P, ln, 1 };
	int from = -1, to = -1;  /* scope: variants [from, to) */
	ptok *t = cur_peek(&c);
	if (t->kind == TK_OP && t->op == PO_STAR) {
		cur_next(&c);
		from = 0;
		to = s->nvariants;
	} else if (t->kind == TK_WORD) {
		int v = scenario_variant(s, tok_name(P, t));
		if (v >= 0) {
			cur_next(&c);
			from = v;
			to = v + 1;
		}
	}
	ptok *first = cur_peek(&c);
	if (from < 0 && first->kind == TK_WORD && !memchr(first->s, '.', (size_t)first->len) &&
	    (first[1].kind == TK_WORD || first[1].kind == TK_NUM))
		perr_tok(P, first, "unknown variant %s", tok_desc(P, first));
	if (first->kind == TK_EOL)
		perr_tok(P, first, "expect needs an assertion, like: expect bug threads_created >= 100");
	xtree lhs = { 0 }, rhs = { 0 }, tol = { 0 };
	xparse(&c, &lhs);
	ptok *op = cur_next(&c);
	static const int opmap[][2] = {
		{ PO_EQ, EXPECT_EQ }, { PO_NE, EXPECT_NE }, { PO_LT, EXPECT_LT }, { PO_LE, EXPECT_LE },
		{ PO_GT, EXPECT_GT }, { PO_GE, EXPECT_GE }, { PO_APPROX, EXPECT_APPROX }, { PO_MATCH, EXPECT_MATCH },
	};
	int xop = -1;
	for (size_t i = 0; i < sizeof opmap / sizeof opmap[0]; i++)
		if (op->kind == TK_OP && op->op == opmap[i][0])
			xop = opmap[i][1];
	if (xop < 0)
		perr_tok(P, op, "expected a comparison (== != < <= > >= ~= ~), found %s", tok_desc(P, op));
	const char *match = NULL;
	if (xop == EXPECT_MATCH) {
		xnode *l = &lhs.n[lhs.root];
		split_variant(P, &lhs);
		if (lhs.nn != 1 || l->kind != XN_NAME || strcmp(l->name, "fatal") != 0)
			perr(P, l->line, l->col, "~ matches the fatal message: write fatal ~ \"text\"");
		if (l->variant < 0 && from < 0)
			perr(P, l->line, l->col, "'fatal' needs a variant: write %s.fatal (or put the variant after expect)",
			     s->variants[0].name);
		ptok *m = cur_next(&c);
		if (m->kind != TK_STR)
			perr_tok(P, m, "~ needs a \"string\" to look for in the fatal message, found %s", tok_desc(P, m));
		if (m->len == 0)
			perr_tok(P, m, "~ needs a non-empty string");
		match = m->s;
	} else {
		if (cur_peek(&c)->kind == TK_EOL)
			perr_tok(P, cur_peek(&c), "expected a value after %.*s", op->len, op->s);
		xparse(&c, &rhs);
		if (cur_is_op(&c, PO_PM)) {
			ptok *pm = cur_next(&c);
			if (xop != EXPECT_APPROX)
				perr_tok(P, pm, "a tolerance (%.*s) goes with ~= only", pm->len, pm->s);
			if (cur_is_op(&c, PO_MINUS))
				perr_tok(P, cur_peek(&c), "a tolerance cannot be negative: ~= VALUE ± 5%% (or +- 2ms)");
			xparse(&c, &tol);
			if (tol.nn == 1 && tol.n[tol.root].kind == XN_NUM && tol.n[tol.root].v < 0)
				perr(P, tol.n[tol.root].line, tol.n[tol.root].col,
				     "a tolerance cannot be negative: ~= VALUE ± 5%% (or +- 2ms)");
		} else if (xop == EXPECT_APPROX) {
			perr_tok(P, cur_peek(&c), "~= needs a tolerance: ~= VALUE ± 5%% (or +- 2ms)");
		}
		split_variant(P, &lhs);
		split_variant(P, &rhs);
		split_variant(P, &tol);
	}
	int rate = parse_rate(&c);
	ptok *end = cur_peek(&c);
	if (tok_is_unit(end))
		perr_tok(P, end, "unexpected %s (write units right after the number: 100%.*s)", tok_desc(P, end),
		         end->len, end->s);
	if (end->kind != TK_EOL)
		perr_tok(P, end, "unexpected %s", tok_desc(P, end));
	ptok *last = &ln->t[ln->nt - 1];
	if (from < 0) { /* compares variants: one clause */
		from = -1;
		to = 0;
	}
	for (int v = from; v < to || (from < 0 && v == -1); v++) {
		if (xop != EXPECT_MATCH)
			check_names(P, &lhs, v);
		check_names(P, &rhs, v);
		check_names(P, &tol, v);
		if (xop != EXPECT_MATCH)
			check_units(P, &lhs, &rhs, v);
		s->expects = gmp_xrealloc(s->expects, sizeof *s->expects * (size_t)(s->nexpects + 1));
		gmp_expect *x = &s->expects[s->nexpects];
		memset(x, 0, sizeof *x);
		s->nexpects++;
		x->variant = v;
		x->scoped = v >= 0;
		x->line = ln->lineno;
		x->op = xop;
		x->rate_pct = rate;
		x->text = source_text(first, last);
		if (match)
			x->match = gmp_xstrdup(match);
		if (xop == EXPECT_MATCH && lhs.n[lhs.root].variant >= 0)
			x->variant = lhs.n[lhs.root].variant;
		if (xop != EXPECT_MATCH) {
			x->lhs = xtree_copy(&lhs);
			x->rhs = xtree_copy(&rhs);
			if (tol.nn)
				x->tol = xtree_copy(&tol);
		}
		if (from < 0)
			break;
	}
}

void symptom_parse_line(parser *P, pline *ln)
{
	gmp_scenario *s = P->s;
	pcur c = { P, ln, 1 };
	ptok *first = cur_peek(&c);
	if (first->kind == TK_EOL)
		perr_tok(P, first, "symptom needs a metric or expression and higher|lower, like: symptom tls_mismatch higher");
	xtree t = { 0 };
	xparse(&c, &t);
	ptok *dir = cur_next(&c);
	if (!(dir->kind == TK_WORD && (tok_is(dir, "higher") || tok_is(dir, "lower"))))
		perr_tok(P, dir, "expected higher or lower (which direction is worse), found %s", tok_desc(P, dir));
	bool at_end = false;
	if (cur_peek(&c)->kind == TK_WORD && tok_is(cur_peek(&c), "at")) {
		cur_next(&c);
		ptok *e = cur_next(&c);
		if (!(e->kind == TK_WORD && tok_is(e, "end")))
			perr_tok(P, e, "expected end (symptom EXPR higher|lower at end), found %s", tok_desc(P, e));
		at_end = true;
	}
	ptok *end = cur_peek(&c);
	if (end->kind != TK_EOL)
		perr_tok(P, end, "unexpected %s", tok_desc(P, end));
	split_variant(P, &t);
	for (int v = 0; v < s->nvariants; v++)
		check_names(P, &t, v);
	gmp_symptom *y = &s->symptoms[s->nsymptoms++];
	memset(y, 0, sizeof *y);
	y->text = source_text(first, dir - 1);
	y->expr = xtree_copy(&t);
	y->higher_worse = tok_is(dir, "higher");
	y->at_end = at_end;
	y->line = ln->lineno;
}

void symptom_free(gmp_symptom *y)
{
	free(y->text);
	xtree_free(y->expr);
	memset(y, 0, sizeof *y);
}
