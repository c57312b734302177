/*
 * sexpr.c — numbers with units and the small arithmetic language used by
 * statement operands (`repeat 2*batch`), parameters and expectations.
 *
 * A value carries a unit class: plain number, duration (held in ns), size
 * (bytes), percentage (30% is 30), CPUs (a quota) or, for rate.NAME metrics
 * only, a rate (per second). Arithmetic checks them the way a physicist
 * would: 2ms + 3ms is a duration, 2ms * 3 too, 6ms / 2ms is a plain number,
 * a rate times a duration is a count, 2ms + 3 is an error. Other metrics in
 * expectations have no declared unit (U_ANY) and take the unit of whatever
 * they meet.
 *
 * Numbers are parsed by hand (no strtod: the UI sets a locale, and a German
 * decimal comma must not change what a scenario means) with overflow checks.
 */
#include "parse.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define PV_MAX 9.2e18   /* beyond this an int64 of ns or bytes overflows */

/* units: the suffixes a number may carry. A duration's value comes from
 * gmp_parse_duration (duration.c), the one reading of duration literals, so
 * its entries name the suffix only. */
static const struct { const char *name; uint8_t unit; double mul; } units[] = {
	{"", U_NUM, 1}, {"ns", U_DUR, 0}, {"us", U_DUR, 0}, {"\xc2\xb5s", U_DUR, 0},
	{"ms", U_DUR, 0}, {"s", U_DUR, 0}, {"B", U_SIZE, 1}, {"KiB", U_SIZE, 1024.0},
	{"MiB", U_SIZE, 1048576.0}, {"GiB", U_SIZE, 1073741824.0}, {"%", U_PCT, 1},
	{"cpu", U_CPU, 1},
};

bool tok_is_unit(const ptok *t)
{
	if (t->kind != TK_WORD)
		return false;
	for (size_t u = 1; u < sizeof units / sizeof units[0]; u++)
		if (strlen(units[u].name) == (size_t)t->len && memcmp(units[u].name, t->s, (size_t)t->len) == 0)
			return true;
	return false;
}

const char *unit_name(int unit)
{
	switch (unit) {
	case U_DUR: return "a duration";
	case U_SIZE: return "a size";
	case U_PCT: return "a percentage";
	case U_CPU: return "a CPU count";
	case U_BOOL: return "a condition";
	case U_TIME: return "a time";
	case U_RATE: return "a rate";
	default: return "a plain number";
	}
}

/* dur_value reads a TK_NUM token with a duration suffix through
 * gmp_parse_duration, exactly ("0.3us" is 300ns), after dropping the
 * underscores that group digits; the lexer has checked the form (digits,
 * then '.' and digits, then the suffix) and the length (at most 64 bytes). */
static pval dur_value(parser *P, const ptok *t)
{
	char lit[80];
	int n = 0;
	int64_t ns = 0;
	for (int i = 0; i < t->len && n < (int)sizeof lit - 1; i++)
		if (t->s[i] != '_')
			lit[n++] = t->s[i];
	lit[n] = '\0';
	switch (gmp_parse_duration(lit, &ns)) {
	case GMP_DUR_OK:
		if ((double)ns > PV_MAX)
			perr_tok(P, t, "number too large");
		return (pval){ (double)ns, U_DUR };
	case GMP_DUR_FINE:
		perr_tok(P, t, "duration finer than 1ns");
	case GMP_DUR_RANGE:
		perr_tok(P, t, "number too large");
	case GMP_DUR_SYNTAX:
		break;
	}
	perr_tok(P, t, "expected a duration such as 250ms or 1.5s");
}

/* dur_exp_value is a duration written with an exponent (1.5e3us): the
 * mantissa times the suffix's nanoseconds, which must come out whole. */
static pval dur_exp_value(parser *P, const ptok *t, double mant, const char *suffix)
{
	double mul = suffix[0] == 'n' ? 1 : suffix[0] == 'm' ? 1e6 : suffix[0] == 's' ? 1e9 : 1e3;
	double ns = mant * mul;
	if (ns > PV_MAX)
		perr_tok(P, t, "number too large");
	if (fabs(ns - round(ns)) > 1e-6 * (ns > 1 ? ns : 1))
		perr_tok(P, t, "duration finer than 1ns");
	return (pval){ round(ns), U_DUR };
}

/* num_value parses a TK_NUM token. */
static pval num_value(parser *P, const ptok *t)
{
	double ip = 0, frac = 0, scale = 1;
	double all = 0;     /* every digit read, as an integer (exponents) */
	int fdigits = 0;    /* digits of it after the point */
	int i = 0, digits = 0;
	const char *s = t->s;
	int n = t->len;
	for (; i < n && (s[i] == '_' || (s[i] >= '0' && s[i] <= '9')); i++) {
		if (s[i] == '_')
			continue;
		if (++digits > 18)
			perr_tok(P, t, "number too large");
		ip = ip * 10 + (s[i] - '0');
		all = ip;
	}
	if (i < n && s[i] == '.') {
		for (i++; i < n && (s[i] == '_' || (s[i] >= '0' && s[i] <= '9')); i++) {
			if (s[i] == '_' || scale < 1e-15)
				continue;
			scale /= 10;
			frac += (s[i] - '0') * scale;
			if (digits + fdigits < 18) {
				all = all * 10 + (s[i] - '0');
				fdigits++;
			}
		}
	}
	/* an exponent (2.7e7): the mantissa scaled by a power of ten */
	double mant = ip + frac;
	bool has_exp = false;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		int sign = 1, ex = 0, j = i + 1;
		if (j < n && (s[j] == '+' || s[j] == '-'))
			sign = s[j++] == '-' ? -1 : 1;
		if (j < n && s[j] >= '0' && s[j] <= '9') {
			for (; j < n && s[j] >= '0' && s[j] <= '9'; j++)
				if ((ex = ex * 10 + (s[j] - '0')) > 400)
					perr_tok(P, t, "number too large");
			/* exact: an integer times or over a power of ten up to 1e22 */
			int e10 = sign * ex - fdigits;
			mant = e10 >= 0 ? all * pow(10, e10) : all / pow(10, -e10);
			has_exp = true;
			i = j;
		}
	}
	for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
		if (strlen(units[u].name) == (size_t)(n - i) && memcmp(units[u].name, s + i, (size_t)(n - i)) == 0) {
			if (units[u].unit == U_DUR && has_exp)
				return dur_exp_value(P, t, mant, s + i);
			if (units[u].unit == U_DUR)
				return dur_value(P, t);
			pval v = { mant * units[u].mul, units[u].unit };
			if (v.v > PV_MAX)
				perr_tok(P, t, "number too large");
			return v;
		}
	}
	perr(P, t->line, t->col + i, "unknown unit '%.*s' (use ns us ms s, B KiB MiB GiB, %%, cpu)", n - i, s + i);
}

/* ---- parsing ------------------------------------------------------------ */

typedef struct xp {
	pcur *c;
	xtree *t;
	int cap;
	int depth;
	bool cond;          /* a condition: parentheses hold conditions too */
} xp;

static int xnew(xp *x, int kind, const ptok *at)
{
	parser *P = x->c->P;
	if (x->t->nn == PARSE_MAX_XNODES)
		perr_tok(P, at, "expression too long (at most %d terms)", PARSE_MAX_XNODES);
	if (x->t->nn == x->cap) {
		int ncap = x->cap ? x->cap * 2 : 8;
		xnode *n = pa_alloc(P, sizeof *n * (size_t)ncap);
		if (x->t->nn)
			memcpy(n, x->t->n, sizeof *n * (size_t)x->t->nn);
		x->t->n = n;
		x->cap = ncap;
	}
	xnode *n = &x->t->n[x->t->nn];
	memset(n, 0, sizeof *n);
	n->kind = (uint8_t)kind;
	n->l = n->r = -1;
	n->line = at->line;
	n->col = at->col;
	n->variant = -1;
	return x->t->nn++;
}

static int x_sum(xp *x);
static int x_or(xp *x);

static int x_unary(xp *x)
{
	parser *P = x->c->P;
	ptok *t = cur_peek(x->c);
	if (++x->depth > PARSE_MAX_XDEPTH)
		perr_tok(P, t, "expression nested too deeply");
	int r;
	if (t->kind == TK_OP && (t->op == PO_MINUS || t->op == PO_PLUS)) {
		cur_next(x->c);
		int sub = x_unary(x);
		if (t->op == PO_PLUS) {
			r = sub;
		} else {
			r = xnew(x, XN_NEG, t);
			x->t->n[r].l = (int16_t)sub;
		}
	} else if (t->kind == TK_OP && t->op == PO_NOT) {
		cur_next(x->c);
		int sub = x_unary(x);
		r = xnew(x, XN_NOT, t);
		x->t->n[r].l = (int16_t)sub;
	} else if (tok_is(t, "since") && (t[1].kind == TK_WORD || (t[1].kind == TK_OP && t[1].op == PO_LPAREN))) {
		cur_next(x->c);
		int sub = x_unary(x);
		r = xnew(x, XN_SINCE, t);
		x->t->n[r].l = (int16_t)sub;
	} else if (t->kind == TK_OP && t->op == PO_LPAREN) {
		cur_next(x->c);
		r = x->cond ? x_or(x) : x_sum(x);
		ptok *e = cur_peek(x->c);
		if (e->kind != TK_OP || e->op != PO_RPAREN)
			perr_tok(P, e, "expected ')' to close the '(' at column %d, found %s", t->col, tok_desc(P, e));
		cur_next(x->c);
	} else if (t->kind == TK_NUM) {
		cur_next(x->c);
		pval v = num_value(P, t);
		r = xnew(x, XN_NUM, t);
		x->t->n[r].v = v.v;
		x->t->n[r].unit = v.unit;
	} else if (t->kind == TK_WORD) {
		cur_next(x->c);
		r = xnew(x, XN_NAME, t);
		x->t->n[r].name = tok_name(P, t);
	} else {
		perr_tok(P, t, "expected a value, found %s", tok_desc(P, t));
	}
	x->depth--;
	return r;
}

static int x_bin(xp *x, int kind, int l, int r)
{
	xnode *ln = &x->t->n[l];
	ptok at = { .line = ln->line, .col = ln->col };
	int b = xnew(x, kind, &at);
	x->t->n[b].l = (int16_t)l;
	x->t->n[b].r = (int16_t)r;
	return b;
}

static int x_prod(xp *x)
{
	int l = x_unary(x);
	while (cur_is_op(x->c, PO_STAR) || cur_is_op(x->c, PO_SLASH) || cur_is_op(x->c, PO_PERCENT)) {
		int op = cur_next(x->c)->op;
		int k = op == PO_STAR ? XN_MUL : op == PO_SLASH ? XN_DIV : XN_MOD;
		int r = x_unary(x);
		l = x_bin(x, k, l, r);
	}
	return l;
}

static int x_sum(xp *x)
{
	int l = x_prod(x);
	while (cur_is_op(x->c, PO_PLUS) || cur_is_op(x->c, PO_MINUS)) {
		int k = cur_next(x->c)->op == PO_PLUS ? XN_ADD : XN_SUB;
		int r = x_prod(x);
		l = x_bin(x, k, l, r);
	}
	return l;
}

/* x_cmp is a sum, optionally compared with another. */
static int x_cmp(xp *x)
{
	static const struct { uint8_t op, kind; } cmp[] = {
		{ PO_LT, XN_LT }, { PO_LE, XN_LE }, { PO_GT, XN_GT }, { PO_GE, XN_GE },
		{ PO_EQ, XN_EQ }, { PO_NE, XN_NE },
	};
	int l = x_sum(x);
	for (size_t i = 0; i < sizeof cmp / sizeof cmp[0]; i++)
		if (cur_is_op(x->c, cmp[i].op)) {
			cur_next(x->c);
			return x_bin(x, cmp[i].kind, l, x_sum(x));
		}
	return l;
}

static int x_and(xp *x)
{
	int l = x_cmp(x);
	while (cur_is_op(x->c, PO_AND)) {
		cur_next(x->c);
		l = x_bin(x, XN_AND, l, x_cmp(x));
	}
	return l;
}

static int x_or(xp *x)
{
	int l = x_and(x);
	while (cur_is_op(x->c, PO_OR)) {
		cur_next(x->c);
		l = x_bin(x, XN_OR, l, x_and(x));
	}
	return l;
}

void xparse(pcur *c, xtree *t)
{
	xp x = { .c = c, .t = t };
	t->n = NULL;
	t->nn = 0;
	t->root = x_sum(&x);
}

void xparse_cond(pcur *c, xtree *t)
{
	xp x = { .c = c, .t = t, .cond = true };
	t->n = NULL;
	t->nn = 0;
	t->root = x_or(&x);
}

/* ---- evaluation --------------------------------------------------------- */

int xeval(const xtree *t, int node, xresolve_fn fn, void *ctx, pval *out,
          const xnode **bad, const char **why)
{
	const xnode *n = &t->n[node];
	pval a, b;
	*bad = n;
	switch (n->kind) {
	case XN_NUM:
		out->v = n->v;
		out->unit = n->unit;
		return 0;
	case XN_NAME:
		if (!fn || !fn(ctx, n, out)) {
			*why = NULL;
			return -1;
		}
		return 0;
	case XN_NEG:
		if (xeval(t, n->l, fn, ctx, &a, bad, why) < 0)
			return -1;
		out->v = -a.v;
		out->unit = a.unit;
		return 0;
	case XN_ADD: case XN_SUB: case XN_MUL: case XN_DIV: case XN_MOD:
		break;
	default:   /* conditions and time: only a running program has them */
		*why = n->kind == XN_SINCE ? "since needs a running program (use it inside a func)"
		                           : "a condition is not a value here";
		return -1;
	}
	if (xeval(t, n->l, fn, ctx, &a, bad, why) < 0 || xeval(t, n->r, fn, ctx, &b, bad, why) < 0)
		return -1;
	*bad = n;
	/* a metric (U_ANY) takes the unit of what it meets; with a plain number
	 * or another metric it stays unknown */
	uint8_t u;
	if (a.unit == U_ANY || b.unit == U_ANY) {
		uint8_t other = a.unit == U_ANY ? b.unit : a.unit;
		u = (other == U_NUM || n->kind == XN_DIV) ? U_ANY : other;
	} else {
		u = 0xff;
	}
	switch (n->kind) {
	case XN_ADD:
	case XN_SUB:
		if (u == 0xff) {
			if (a.unit != b.unit) {
				*why = "cannot add or subtract values of different units";
				return -1;
			}
			u = a.unit;
		}
		out->v = n->kind == XN_ADD ? a.v + b.v : a.v - b.v;
		break;
	case XN_MUL:
		if (u == 0xff && ((a.unit == U_RATE && b.unit == U_DUR) || (a.unit == U_DUR && b.unit == U_RATE))) {
			/* events per second times nanoseconds: a count */
			out->v = a.v * b.v / 1e9;
			u = U_NUM;
			break;
		}
		if (u == 0xff) {
			if (a.unit != U_NUM && b.unit != U_NUM) {
				*why = "cannot multiply two values that both have units";
				return -1;
			}
			u = a.unit == U_NUM ? b.unit : a.unit;
		}
		out->v = a.v * b.v;
		break;
	case XN_MOD:
		if (b.v == 0) {
			*why = "division by zero";
			return -1;
		}
		if (u == 0xff) {
			if (b.unit != U_NUM && a.unit != b.unit) {
				*why = "cannot take the remainder of values of these units";
				return -1;
			}
			u = a.unit;
		}
		out->v = fmod(a.v, b.v);
		break;
	default: /* XN_DIV */
		if (b.v == 0) {
			*why = "division by zero";
			return -1;
		}
		if (u == 0xff) {
			if (b.unit == U_NUM)
				u = a.unit;
			else if (a.unit == b.unit)
				u = U_NUM;
			else {
				*why = "cannot divide values of these units";
				return -1;
			}
		}
		out->v = a.v / b.v;
		break;
	}
	if (!isfinite(out->v) || fabs(out->v) > PV_MAX) {
		*why = "value out of range";
		return -1;
	}
	out->unit = u;
	return 0;
}

pval xeval_p(parser *P, const xtree *t, xresolve_fn fn, void *ctx)
{
	pval v;
	const xnode *bad = NULL;
	const char *why = NULL;
	if (xeval(t, t->root, fn, ctx, &v, &bad, &why) < 0) {
		if (why)
			perr(P, bad->line, bad->col, "%s", why);
		if (strchr(bad->name, '-'))
			perr(P, bad->line, bad->col, "unknown name '%s' (write spaces around '-' to subtract)", bad->name);
		perr(P, bad->line, bad->col, "unknown name '%s' (not a param)", bad->name);
	}
	return v;
}

int64_t pv_int(parser *P, const xtree *t, pval v, int want, int64_t lo, int64_t hi, const char *what)
{
	const xnode *n = &t->n[t->root];
	if (v.unit != want && v.unit != U_ANY) {
		char got[48];
		pv_format(v.v, v.unit, got, sizeof got);
		const char *eg = want == U_DUR ? " like 2ms" : want == U_SIZE ? " like 200B" :
		                 want == U_PCT ? " like 30%" : "";
		perr(P, n->line, n->col, "%s needs %s%s, not %s", what, unit_name(want), eg, got);
	}
	double d = want == U_NUM ? trunc(v.v) : round(v.v);
	if (d < (double)lo || d > (double)hi) {
		char got[48], a[48], b[48];
		pv_format(v.v, v.unit, got, sizeof got);
		pv_format((double)lo, want, a, sizeof a);
		pv_format((double)hi, want, b, sizeof b);
		perr(P, n->line, n->col, "%s out of range: %s (allowed %s to %s)", what, got, a, b);
	}
	return (int64_t)d;
}

/* ---- formatting --------------------------------------------------------- */

static void fmt_num(double v, char *buf, size_t n)
{
	if (v == trunc(v) && fabs(v) < 1e15) {
		snprintf(buf, n, "%.0f", v);
		return;
	}
	if (fabs(v) >= 1)
		snprintf(buf, n, "%.3f", v);
	else
		snprintf(buf, n, "%.3g", v);
	if (strchr(buf, '.') && !strchr(buf, 'e')) {
		char *e = buf + strlen(buf);
		while (e > buf && e[-1] == '0')
			*--e = '\0';
		if (e > buf && e[-1] == '.')
			e[-1] = '\0';
	}
	if (strcmp(buf, "-0") == 0)
		snprintf(buf, n, "0");
}

void pv_format(double v, int unit, char *buf, size_t n)
{
	char num[40];
	const char *suffix = "";
	double a = fabs(v);
	switch (unit) {
	case U_DUR:
		if (a >= 1e9) { v /= 1e9; suffix = "s"; }
		else if (a >= 1e6) { v /= 1e6; suffix = "ms"; }
		else if (a >= 1e3) { v /= 1e3; suffix = "us"; }
		else suffix = "ns";
		break;
	case U_SIZE:
		if (a >= 1073741824.0) { v /= 1073741824.0; suffix = "GiB"; }
		else if (a >= 1048576.0) { v /= 1048576.0; suffix = "MiB"; }
		else if (a >= 1024.0) { v /= 1024.0; suffix = "KiB"; }
		else suffix = "B";
		break;
	case U_PCT: suffix = "%"; break;
	case U_CPU: suffix = "cpu"; break;
	case U_RATE: suffix = "/s"; break;
	default: break;
	}
	fmt_num(v, num, sizeof num);
	snprintf(buf, n, "%s%s", num, suffix);
}
