/*
 * scenario_expr.c — run-time expressions: compiling an operand or a
 * condition that needs the running program (`sleep i * 1ms`, `if n % 3 == 0
 * && !done`, `for since t0 < 300ms`) into the postfix code of program.h
 * (gmp_xop), with its units checked here, once.
 *
 * Units: plain numbers, durations (ns), times (`now`, a `let t0 = now`) and
 * conditions. time - time is a duration, time ± duration a time; sums and
 * comparisons need equal units, so `elapsed < 5` (a duration against a bare
 * number) is an error that asks for a unit. A subtree with no run-time name
 * is folded into a constant first, computed the way constant operands always
 * were (so `0.9 * batch` still works); run-time arithmetic is Go's int64.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "scenario_int.h"

#define RX_MAX_CODE (1 << 20)   /* expression steps in one variant */

typedef struct rx {
	vcomp *C;
	fscope *S;
	const xtree *t;
} rx;

int rx_local(const fscope *S, const char *name)
{
	for (int k = 0; S && k < S->nloc; k++)
		if (strcmp(S->loc[k].name, name) == 0)
			return k;
	return -1;
}

static void put(rx *R, int kind, int64_t v, const xnode *at)
{
	gmp_program *pg = &R->C->v->prog;
	if (pg->nxcode == RX_MAX_CODE)
		perr(R->C->P, at->line, at->col, "too many run-time expressions in one variant");
	if (pg->nxcode == 0 || (pg->nxcode >= 16 && (pg->nxcode & (pg->nxcode - 1)) == 0))
		pg->xcode = gmp_xrealloc(pg->xcode, sizeof *pg->xcode * (size_t)(pg->nxcode ? pg->nxcode * 2 : 16));
	pg->xcode[pg->nxcode++] = (gmp_xop){ (uint8_t)kind, v };
}

int rx_args(vcomp *C, int n)
{
	gmp_program *pg = &C->v->prog;
	pg->xargs = gmp_xrealloc(pg->xargs, sizeof *pg->xargs * (size_t)(pg->nxargs + n + 1));
	int at = pg->nxargs;
	pg->xargs[at] = n;
	pg->nxargs += n + 1;
	return at;
}

/* runtime_name: how a name reads at run time (XO_*), 0 = a constant. */
static int runtime_name(rx *R, const char *name, int64_t *v, int *unit)
{
	int k = rx_local(R->S, name);
	if (k >= 0) {
		*v = k;
		*unit = R->S->loc[k].unit;
		return XO_LOCAL;
	}
	*unit = U_NUM;
	if (strcmp(name, "i") == 0)
		return XO_LOOPI;
	if (strcmp(name, "numgoroutine") == 0)
		return XO_NUMG;
	if (strcmp(name, "gomaxprocs") == 0)   /* runtime.GOMAXPROCS(0), as it is now */
		return XO_PROCS;
	if (strcmp(name, "now") == 0) {
		*unit = U_TIME;
		return XO_NOW;
	}
	vsym *s = vsym_find(R->C, name, SYM_VAR);
	if (s) {
		*v = s->index;
		return XO_VAR;
	}
	return 0;
}

/* is_static: node's subtree has no run-time name and only arithmetic. */
static bool is_static(rx *R, int node)
{
	const xnode *n = &R->t->n[node];
	int64_t v;
	int u;
	switch (n->kind) {
	case XN_NUM: return true;
	case XN_NAME: return R->S == NULL || !runtime_name(R, n->name, &v, &u);
	case XN_NEG: return is_static(R, n->l);
	case XN_ADD: case XN_SUB: case XN_MUL: case XN_DIV: case XN_MOD:
		return is_static(R, n->l) && is_static(R, n->r);
	default: return false;
	}
}

static _Noreturn void unit_err(rx *R, const xnode *n, const char *op, int a, int b)
{
	if ((a == U_DUR && b == U_NUM) || (a == U_NUM && b == U_DUR))
		perr(R->C->P, n->line, n->col, "%s of a duration and a bare number: give the number a unit, like 5ms", op);
	perr(R->C->P, n->line, n->col, "%s of %s and %s", op, unit_name(a), unit_name(b));
}

static int emit_node(rx *R, int node);

/* fold computes a static subtree, as constant operands always were. */
static pval fold(rx *R, int node)
{
	pval v;
	const xnode *bad = NULL;
	const char *why = NULL;
	xtree sub = *R->t;
	sub.root = node;
	if (xeval(&sub, node, vcomp_resolve, R->C, &v, &bad, &why) < 0) {
		if (why)
			perr(R->C->P, bad->line, bad->col, "%s", why);
		for (const fscope *o = R->S ? R->S->outer : NULL; o; o = o->outer)
			if (rx_local(o, bad->name) >= 0)
				perr(R->C->P, bad->line, bad->col,
				     "a go or defer block cannot read '%s' of %s: pass it to a func (go f(%s))", bad->name,
				     o->fname, bad->name);
		if (strchr(bad->name, '-'))
			perr(R->C->P, bad->line, bad->col, "unknown name '%s' (write spaces around '-' to subtract)",
			     bad->name);
		perr(R->C->P, bad->line, bad->col, "unknown name '%s' (not a param, local, var, i, now or numgoroutine)",
		     bad->name);
	}
	return v;
}

/* emit_fold folds a static subtree into one constant. */
static int emit_fold(rx *R, int node)
{
	const xnode *n = &R->t->n[node];
	pval v = fold(R, node);
	if (v.unit != U_NUM && v.unit != U_DUR)
		perr(R->C->P, n->line, n->col, "%s cannot mix with run-time values", unit_name(v.unit));
	if (v.unit == U_NUM && v.v != trunc(v.v))
		perr(R->C->P, n->line, n->col, "run-time arithmetic is on whole numbers, and this is not one");
	put(R, XO_CONST, (int64_t)round(v.v), n);
	return v.unit;
}

static int emit_bin(rx *R, const xnode *n)
{
	int a = emit_node(R, n->l);
	int b = emit_node(R, n->r);
	static const uint8_t xo[] = {
		[XN_ADD] = XO_ADD, [XN_SUB] = XO_SUB, [XN_MUL] = XO_MUL, [XN_DIV] = XO_DIV, [XN_MOD] = XO_MOD,
		[XN_AND] = XO_AND, [XN_OR] = XO_OR, [XN_LT] = XO_LT, [XN_LE] = XO_LE, [XN_GT] = XO_GT,
		[XN_GE] = XO_GE, [XN_EQ] = XO_EQ, [XN_NE] = XO_NE,
	};
	int u;
	switch (n->kind) {
	case XN_ADD:
		if (a == U_TIME && b == U_DUR) u = U_TIME;
		else if (a == U_DUR && b == U_TIME) u = U_TIME;
		else if (a == b && a != U_TIME && a != U_BOOL) u = a;
		else unit_err(R, n, "a sum", a, b);
		break;
	case XN_SUB:
		if (a == U_TIME && b == U_TIME) u = U_DUR;
		else if (a == U_TIME && b == U_DUR) u = U_TIME;
		else if (a == b && a != U_TIME && a != U_BOOL) u = a;
		else unit_err(R, n, "a difference", a, b);
		break;
	case XN_MUL:
		if (a == U_NUM && (b == U_NUM || b == U_DUR)) u = b;
		else if (a == U_DUR && b == U_NUM) u = U_DUR;
		else unit_err(R, n, "a product", a, b);
		break;
	case XN_DIV:
	case XN_MOD:
		if ((a == U_NUM || a == U_DUR) && b == U_NUM) u = a;
		else if (a == U_DUR && b == U_DUR) u = n->kind == XN_DIV ? U_NUM : U_DUR;
		else unit_err(R, n, "a division", a, b);
		break;
	case XN_AND:
	case XN_OR:
		if (a != U_BOOL || b != U_BOOL)
			perr(R->C->P, n->line, n->col, "%s needs conditions on both sides", n->kind == XN_AND ? "&&" : "||");
		u = U_BOOL;
		break;
	default:   /* comparisons */
		if (a != b || a == U_BOOL)
			unit_err(R, n, "a comparison", a, b);
		u = U_BOOL;
		break;
	}
	put(R, xo[n->kind], 0, n);
	return u;
}

/* emit_node compiles node; returns its unit. */
static int emit_node(rx *R, int node)
{
	const xnode *n = &R->t->n[node];
	if (is_static(R, node))
		return emit_fold(R, node);
	switch (n->kind) {
	case XN_NAME: {
		int64_t v = 0;
		int u;
		int k = runtime_name(R, n->name, &v, &u);
		put(R, k, v, n);
		return u;
	}
	case XN_NEG: {
		int u = emit_node(R, n->l);
		if (u != U_NUM && u != U_DUR)
			perr(R->C->P, n->line, n->col, "cannot negate %s", unit_name(u));
		put(R, XO_NEG, 0, n);
		return u;
	}
	case XN_NOT:
		if (emit_node(R, n->l) != U_BOOL)
			perr(R->C->P, n->line, n->col, "! needs a condition");
		put(R, XO_NOT, 0, n);
		return U_BOOL;
	case XN_SINCE:
		put(R, XO_NOW, 0, n);
		if (emit_node(R, n->l) != U_TIME)
			perr(R->C->P, n->line, n->col, "since needs a time (a local set from now: let t0 = now)");
		put(R, XO_SUB, 0, n);
		return U_DUR;
	default:
		return emit_bin(R, n);
	}
}

/* compile is rx_tree; force: code even for a constant (want U_ANY: any
 * value, its unit in *unit). */
static int64_t compile(vcomp *C, fscope *S, xtree *t, int want, int64_t lo, int64_t hi,
                       const char *what, int64_t *k, bool force, int *unit)
{
	parser *P = C->P;
	rx R = { C, S, t };
	const xnode *root = &t->n[t->root];
	if (want == U_ANY && !force && is_static(&R, t->root)) {
		pval v = fold(&R, t->root);
		if (v.unit != U_NUM && v.unit != U_DUR)
			perr(P, root->line, root->col, "%s needs a number or a duration, not %s", what, unit_name(v.unit));
		*unit = v.unit;
		*k = pv_int(P, t, v, v.unit, lo, hi, what);
		return -1;
	}
	if (want != U_BOOL && want != U_ANY && !force && is_static(&R, t->root)) {
		*k = pv_int(P, t, fold(&R, t->root), want, lo, hi, what);
		return -1;
	}
	int at = C->v->prog.nxcode;
	int u = emit_node(&R, t->root);
	put(&R, XO_END, 0, root);
	if (unit)
		*unit = u;
	if (want == U_ANY && (u == U_BOOL))
		perr(P, root->line, root->col, "%s needs a value, not a condition", what);
	if (u != want && want != U_ANY) {
		if (want == U_BOOL)
			perr(P, root->line, root->col, "%s needs a condition (a comparison such as n > 3), not %s", what,
			     unit_name(u));
		perr(P, root->line, root->col, "%s needs %s, not %s", what, unit_name(want), unit_name(u));
	}
	return at;
}

int64_t rx_tree(vcomp *C, fscope *S, xtree *t, int want, int64_t lo, int64_t hi,
                const char *what, int64_t *k)
{
	return compile(C, S, t, want, lo, hi, what, k, false, NULL);
}

int64_t rx_value(vcomp *C, fscope *S, pcur *c, int want, int64_t lo, int64_t hi,
                 const char *what, int64_t *k)
{
	xtree t;
	if (want == U_BOOL)
		xparse_cond(c, &t);
	else
		xparse(c, &t);
	return rx_tree(C, S, &t, want, lo, hi, what, k);
}

int64_t rx_any(vcomp *C, fscope *S, pcur *c, const char *what, int *unit, int64_t *k)
{
	xtree t;
	xparse(c, &t);
	return compile(C, S, &t, U_ANY, -(1LL << 62), 1LL << 62, what, k, false, unit);
}

int rx_code(vcomp *C, fscope *S, pcur *c, int want, const char *what)
{
	xtree t;
	int64_t k;
	xparse(c, &t);
	return (int)compile(C, S, &t, want, 0, 0, what, &k, true, NULL);
}
