/*
 * scenario_settings.c — the runtime and host settings of a scenario (go,
 * gomaxprocs, cpus, quota, ...), given at the top of the file and overridden
 * per variant with `set`. Settings take constant values. The quota may be
 * written in CPUs (2cpu) and is turned into CPU time per period once the
 * variant's period is known. `memory` is the simulated machine's memory (a
 * container's hard limit); the old word `memlimit` is refused with the two
 * settings that replace it.
 */
#include <math.h>

#include "scenario_int.h"

const char *const sc_settings[] = {
	"go", "gomaxprocs", "cpus", "quota", "period", "maxthreads", "memory", "memlimit",
	"seed", "horizon", "diskdepth", "race", "godebug", "gomemlimit", "gogc", "noise", "hostload", NULL,
};

/* ---- settings ----------------------------------------------------------- */

/* godebug reads GODEBUG settings the engine honours: NAME=0|1, separated by
 * commas or spaces (`godebug asyncpreemptoff=1,asynctimerchan=1`). */
static void godebug(parser *P, cfgb *b, pcur *c)
{
	static const char *const known = "asyncpreemptoff, asynctimerchan";
	if (cur_at_end(c))
		perr_tok(P, cur_peek(c), "godebug needs NAME=VALUE (%s)", known);
	while (!cur_at_end(c)) {
		ptok *n = cur_next(c);
		bool *dst = tok_is(n, "asyncpreemptoff") ? &b->c.asyncpreemptoff :
		            tok_is(n, "asynctimerchan") ? &b->c.asynctimerchan : NULL;
		if (!dst)
			perr_tok(P, n, "unknown GODEBUG setting %s (the engine honours %s)", tok_desc(P, n), known);
		if (!cur_is_op(c, PO_ASSIGN))
			perr_tok(P, cur_peek(c), "expected '=' after %.*s (godebug %.*s=1)", n->len, n->s, n->len, n->s);
		cur_next(c);
		ptok *v = cur_next(c);
		if (v->kind != TK_NUM || v->len != 1 || (v->s[0] != '0' && v->s[0] != '1'))
			perr_tok(P, v, "%.*s takes 0 or 1, found %s", n->len, n->s, tok_desc(P, v));
		*dst = v->s[0] == '1';
		if (cur_is_op(c, PO_COMMA))
			cur_next(c);
	}
}

void sc_apply_setting(parser *P, cfgb *b, pcur *c, const ptok *key)
{
	xtree t;
	ptok *v = cur_peek(c);
	if (tok_is(key, "go")) {
		cur_next(c);
		int minor = -1;
		if (v->kind == TK_NUM && v->len >= 3 && v->len <= 4 && v->s[0] == '1' && v->s[1] == '.') {
			minor = 0;
			for (int i = 2; i < v->len; i++)
				minor = (v->s[i] >= '0' && v->s[i] <= '9') ? minor * 10 + (v->s[i] - '0') : -100;
		}
		if (minor < 13 || minor > 25)
			perr_tok(P, v, "go needs a Go version from 1.13 to 1.25, like 1.22");
		b->c.go_minor = minor;
	} else if (tok_is(key, "gomaxprocs") && tok_is(v, "default")) {
		cur_next(c);
		b->c.gomaxprocs = 0;
	} else if (tok_is(key, "gomaxprocs")) {
		b->c.gomaxprocs = (int)pv_int(P, &t, sc_const_value(c, &t), U_NUM, 1, 1024, "gomaxprocs");
	} else if (tok_is(key, "cpus")) {
		b->c.ncpu = (int)pv_int(P, &t, sc_const_value(c, &t), U_NUM, 1, 1024, "cpus");
	} else if (tok_is(key, "hostload")) {
		b->c.hostload = (int)pv_int(P, &t, sc_const_value(c, &t), U_NUM, 0, GMP_HOSTLOAD_MAX, "hostload");
	} else if (tok_is(key, "quota") && tok_is(v, "none")) {
		cur_next(c);
		b->quota = 0;
	} else if (tok_is(key, "quota")) {
		pval q = sc_const_value(c, &t);
		if (q.unit == U_CPU) {
			if (q.v < 0.01 || q.v > 1024)
				perr_tok(P, v, "quota out of range (0.01cpu to 1024cpu)");
		} else {
			if (q.unit != U_DUR)
				perr_tok(P, v, "quota needs CPUs like 2cpu or CPU time per period like 200ms");
			pv_int(P, &t, q, U_DUR, 1000, 3600000000000LL, "quota");
		}
		b->quota = q.v;
		b->quota_unit = q.unit;
	} else if (tok_is(key, "period")) {
		b->c.period_ns = pv_int(P, &t, sc_const_value(c, &t), U_DUR, 1000000, 1000000000, "period");
	} else if (tok_is(key, "maxthreads")) {
		b->c.maxthreads = (int)pv_int(P, &t, sc_const_value(c, &t), U_NUM, 1, 1000000, "maxthreads");
	} else if (tok_is(key, "memlimit")) {   /* the old word: say what replaced it */
		perr_tok(P, key, "memlimit is gone: use memory (the container's hard limit) or gomemlimit "
		         "(Go's soft limit)");
	} else if (tok_is(key, "memory") && tok_is(v, "none")) {
		cur_next(c);
		b->c.memory = 0;
	} else if (tok_is(key, "memory")) {
		b->c.memory = pv_int(P, &t, sc_const_value(c, &t), U_SIZE, 1 << 20, 1LL << 50, "memory");
	} else if (tok_is(key, "seed")) {
		b->c.seed = (uint64_t)pv_int(P, &t, sc_const_value(c, &t), U_NUM, 0, 1LL << 53, "seed");
	} else if (tok_is(key, "horizon")) {
		b->c.horizon_ns = pv_int(P, &t, sc_const_value(c, &t), U_DUR, 1000, 3600000000000LL, "horizon");
	} else if (tok_is(key, "diskdepth")) {
		b->c.disk_depth = (int)pv_int(P, &t, sc_const_value(c, &t), U_NUM, 1, 1024, "diskdepth");
	} else if (tok_is(key, "gomemlimit") && tok_is(v, "none")) {
		cur_next(c);
		b->c.gomemlimit = 0;
	} else if (tok_is(key, "gomemlimit")) {
		b->c.gomemlimit = pv_int(P, &t, sc_const_value(c, &t), U_SIZE, 1 << 20, 1LL << 50, "gomemlimit");
	} else if (tok_is(key, "gogc") && tok_is(v, "off")) {
		cur_next(c);
		b->c.gogc = GMP_GOGC_OFF;
	} else if (tok_is(key, "gogc") && v->kind == TK_WORD) {   /* a constant has no names */
		perr_tok(P, v, "gogc needs a number (1 to 10000) or off, found %s", tok_desc(P, v));
	} else if (tok_is(key, "gogc")) {
		b->c.gogc = (int)pv_int(P, &t, sc_const_value(c, &t), U_NUM, 1, 10000, "gogc");
	} else if (tok_is(key, "godebug")) {
		godebug(P, b, c);
	} else { /* race, noise */
		bool race = tok_is(key, "race");
		cur_next(c);
		if (!tok_is(v, "on") && !tok_is(v, "off"))
			perr_tok(P, v, "%s needs on or off, found %s", race ? "race" : "noise", tok_desc(P, v));
		*(race ? &b->c.race : &b->c.noise) = tok_is(v, "on");
	}
	sc_need_end(c);
}

void sc_finish_config(parser *P, cfgb *b, pline *at, gmp_config *out)
{
	*out = b->c;
	out->quota_ns = 0;
	if (b->quota > 0) {
		double q = b->quota_unit == U_CPU ? b->quota * (double)b->c.period_ns : b->quota;
		if (q < 1000)
			perr(P, at->lineno, at->t[0].col, "quota too small (under 1us per period)");
		out->quota_ns = (int64_t)llround(q);
	}
	if (out->quota_ns > 0 && out->hostload > 0)
		perr(P, at->lineno, at->t[0].col, "hostload and quota do not go together (a throttled cgroup "
		     "would stop the host's other threads too)");
}

/* ---- top level ---------------------------------------------------------- */

