/*
 * expect_eval.c — evaluating and reporting `expect` clauses and symptoms:
 * names resolve to params, built-ins (GOMAXPROCS, NCPU, horizon, period) or
 * metrics from the caller's lookup; the two sides are compared in their units.
 *
 * Values are reported compactly and deterministically: the unit comes from
 * the expression (a metric compared with 600ms is shown as a duration).
 */
#include "expect.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "engine.h"
#include "parse.h"

/* metric_unit is the unit a metric is reported in (the engine's table says),
 * for display only (in arithmetic a metric takes the unit of what it meets). */
static int metric_unit(const char *name)
{
	const gmp_metricdoc *d = engine_metric_find(name);
	switch (d ? d->unit : UNIT_NONE) {
	case UNIT_NS: return U_DUR;
	case UNIT_BYTES: return U_SIZE;
	case UNIT_PCT: return U_PCT;
	case UNIT_PER_S: return U_RATE;
	case UNIT_NONE: break;
	}
	return U_ANY;
}

/* display_unit picks how to show a side: its own unit, else that of the
 * first metric in it with a known one. */
static int display_unit(const struct gmp_xtree *t, pval v)
{
	if (v.unit != U_ANY)
		return v.unit;
	for (int i = 0; i < t->nn; i++)
		if (t->n[i].kind == XN_NAME && metric_unit(t->n[i].name) != U_ANY)
			return metric_unit(t->n[i].name);
	return U_ANY;
}

typedef struct evctx {
	const gmp_scenario *s;
	const gmp_expect *x;
	gmp_lookup_fn fn;
	void *ctx;
	int metrics;           /* metrics looked up so far */
	const char *missing;   /* a metric the lookup did not know */
} evctx;

static bool ev_resolve(void *ctx, const xnode *n, pval *out)
{
	evctx *E = ctx;
	int vi = n->variant >= 0 ? n->variant : E->x->variant;
	if (vi < 0 || vi >= E->s->nvariants)
		return false;
	const gmp_variant *v = &E->s->variants[vi];
	const gmp_param *p = expect_find_param(v, n->name);
	if (p) {
		*out = (pval){ p->value, (uint8_t)p->unit };
		return true;
	}
	if (strcmp(n->name, "GOMAXPROCS") == 0) { *out = (pval){ v->gomaxprocs, U_NUM }; return true; }
	if (strcmp(n->name, "NCPU") == 0) { *out = (pval){ v->cfg.ncpu, U_NUM }; return true; }
	if (strcmp(n->name, "horizon") == 0) { *out = (pval){ (double)v->cfg.horizon_ns, U_DUR }; return true; }
	if (strcmp(n->name, "period") == 0) { *out = (pval){ (double)v->cfg.period_ns, U_DUR }; return true; }
	double d = 0;
	const char *str = NULL;
	E->metrics++;
	if (!E->fn || !E->fn(E->ctx, v->name, n->name, &d, &str)) {
		E->missing = n->name;
		return false;
	}
	const gmp_metricdoc *doc = engine_metric_find(n->name);
	*out = (pval){ d, doc && doc->unit == UNIT_PER_S ? U_RATE : U_ANY };
	return true;
}

static bool eval_tree(evctx *E, const struct gmp_xtree *t, pval *out, gmp_expect_result *r)
{
	xtree xt = { t->n, t->nn, t->root };
	const xnode *bad = NULL;
	const char *why = NULL;
	E->missing = NULL;
	if (xeval(&xt, xt.root, ev_resolve, E, out, &bad, &why) == 0)
		return true;
	if (why)
		snprintf(r->measured, sizeof r->measured, "%s", why);
	else
		snprintf(r->measured, sizeof r->measured, "no value for %s", bad->name);
	return false;
}

bool expect_eval(const gmp_scenario *s, const gmp_expect *x, gmp_lookup_fn fn, void *ctx, gmp_expect_result *r)
{
	evctx E = { .s = s, .x = x, .fn = fn, .ctx = ctx };
	r->pass = false;
	r->measured[0] = '\0';
	if (x->op == EXPECT_MATCH) {
		double d;
		const char *str = NULL;
		const char *vname = x->variant >= 0 ? s->variants[x->variant].name : "";
		if (!fn || !fn(ctx, vname, "fatal", &d, &str) || !str) {
			snprintf(r->measured, sizeof r->measured, "no value for fatal");
			return false;
		}
		if (!str[0]) {
			snprintf(r->measured, sizeof r->measured, "no fatal error");
			return false;
		}
		size_t k = strcspn(str, "\n");
		snprintf(r->measured, sizeof r->measured, "\"%.*s\"", (int)(k > 100 ? 100 : k), str);
		r->pass = strstr(str, x->match) != NULL;
		return r->pass;
	}
	pval l, rv, tv = { 0, U_NUM };
	if (!eval_tree(&E, x->lhs, &l, r))
		return false;
	int before = E.metrics;
	if (!eval_tree(&E, x->rhs, &rv, r))
		return false;
	bool rhs_measured = E.metrics > before;
	if (x->tol && !eval_tree(&E, x->tol, &tv, r))
		return false;
	/* two sides in different units say nothing (a count is not a duration);
	 * a bare number beside a rate reads as per second */
	bool rate_num = (l.unit == U_RATE && rv.unit == U_NUM) || (l.unit == U_NUM && rv.unit == U_RATE);
	if (l.unit != U_ANY && rv.unit != U_ANY && l.unit != rv.unit && !rate_num) {
		snprintf(r->measured, sizeof r->measured, "cannot compare %s with %s", unit_name(l.unit),
		         unit_name(rv.unit));
		return false;
	}
	/* show values in the first unit found: either side's, else a metric's */
	int cand[4] = { l.unit, rv.unit, display_unit(x->lhs, l), display_unit(x->rhs, rv) };
	int unit = U_NUM;
	for (int i = 0; i < 4 && unit == U_NUM; i++)
		if (cand[i] != U_ANY && cand[i] != U_NUM)
			unit = cand[i];
	char a[48], b[48];
	pv_format(l.v, unit, a, sizeof a);
	pv_format(rv.v, unit, b, sizeof b);
	if (rhs_measured)
		snprintf(r->measured, sizeof r->measured, "%s vs %s", a, b);
	else
		snprintf(r->measured, sizeof r->measured, "%s", a);
	switch (x->op) {
	case EXPECT_EQ: r->pass = l.v == rv.v; break;
	case EXPECT_NE: r->pass = l.v != rv.v; break;
	case EXPECT_LT: r->pass = l.v < rv.v; break;
	case EXPECT_LE: r->pass = l.v <= rv.v; break;
	case EXPECT_GT: r->pass = l.v > rv.v; break;
	case EXPECT_GE: r->pass = l.v >= rv.v; break;
	default: {
		double tol = tv.unit == U_PCT ? fabs(rv.v) * tv.v / 100.0 : fabs(tv.v);
		r->pass = fabs(l.v - rv.v) <= tol * (1 + 1e-12);
		break;
	}
	}
	return r->pass;
}

void expect_line(const gmp_scenario *s, const gmp_expect *x, const gmp_expect_result *r, char *buf, size_t n)
{
	char name[96];
	scenario_name(s, name, sizeof name);
	snprintf(buf, n, "%s%s%s %s ... %s (%s)", name, x->scoped ? " " : "",
	         x->scoped ? s->variants[x->variant].name : "", x->text,
	         r->pass ? "ok" : "FAILED", r->measured);
}

bool symptom_eval(const gmp_scenario *s, const gmp_symptom *y, int v, gmp_lookup_fn fn, void *ctx,
                  double *out)
{
	gmp_expect x = { .variant = v, .lhs = y->expr };
	evctx E = { .s = s, .x = &x, .fn = fn, .ctx = ctx };
	gmp_expect_result r;
	pval pv;
	if (!y->expr || !eval_tree(&E, y->expr, &pv, &r))
		return false;
	*out = pv.v;
	return true;
}
