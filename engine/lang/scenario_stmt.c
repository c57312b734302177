/*
 * scenario_stmt.c — compiling function bodies: one statement per line, blocks
 * by indentation, into the flat op arrays of program.h.
 *
 * Every statement is a keyword followed by its operands and an optional
 * `@N` (the Go listing line it stands for). Simple statements are described
 * by a table (keyword, op, operand kinds); the others (let, set of a local,
 * Cond's wait and signal, ...) have their own code in special_stmt. The block
 * statements (if, select, loops, once, go / defer) are in scenario_block.c.
 * An unknown statement is rejected with the nearest known one.
 */
#include <stdio.h>
#include <string.h>

#include "scenario_int.h"


#define STMT_MAX_OPS 65536      /* ops in one function */
#define STMT_MAX_STRINGS 4096   /* print texts in one variant */


/* ---- emitting ----------------------------------------------------------- */

int emit(fcomp *F, int kind, const ptok *at)
{
	if (F->nops == STMT_MAX_OPS)
		perr_tok(F->C->P, at, "function too long (at most %d statements)", STMT_MAX_OPS);
	if (F->nops == F->cap) {
		int ncap = F->cap ? F->cap * 2 : 16;
		gmp_op *no = pa_alloc(F->C->P, sizeof *no * (size_t)ncap);
		int *nc = pa_alloc(F->C->P, sizeof *nc * (size_t)ncap);
		if (F->nops) {
			memcpy(no, F->ops, sizeof *no * (size_t)F->nops);
			memcpy(nc, F->cols, sizeof *nc * (size_t)F->nops);
		}
		F->ops = no;
		F->cols = nc;
		F->cap = ncap;
	}
	gmp_op *o = &F->ops[F->nops];
	memset(o, 0, sizeof *o);
	o->kind = (uint8_t)kind;
	o->obj = -1;
	o->jump = -1;
	o->src_line = at->line;
	F->cols[F->nops] = at->col;
	return F->nops++;
}

/* stmt_line reads the optional @N ending the statement and requires the end
 * of the line. */
uint16_t stmt_line(fcomp *F, pcur *c)
{
	parser *P = F->C->P;
	ptok *t = cur_peek(c);
	uint16_t line = 0;
	if (t->kind == TK_AT) {
		cur_next(c);
		if (F->C->listing_lines == 0)
			perr_tok(P, t, "%.*s: variant '%s' has no listing to point into", t->len, t->s, F->C->vname);
		if (t->at > F->C->listing_lines)
			perr_tok(P, t, "%.*s is past the end of listing '%s' (%d lines)", t->len, t->s,
			         F->C->listing_name, F->C->listing_lines);
		line = (uint16_t)t->at;
	}
	t = cur_peek(c);
	if (t->kind != TK_EOL)
		perr_tok(P, t, "unexpected %s", tok_desc(P, t));
	return line;
}

/* ---- operands ----------------------------------------------------------- */

int obj_arg(fcomp *F, pcur *c, int kind, bool timer_ok, const char *usage)
{
	vcomp *C = F->C;
	ptok *t = cur_next(c);
	if (t->kind != TK_WORD)
		perr_tok(C->P, t, "expected a %s name, found %s (usage: %s)", symkind_name(kind), tok_desc(C->P, t), usage);
	const char *name = tok_name(C->P, t);
	vsym *s = vsym_find(C, name, (kind == SYM_COUNTER || kind == SYM_PROBE) ? kind : 0);
	if (!s)
		perr_tok(C->P, t, "undefined %s '%s'", symkind_name(kind), name);
	if ((s->kind == SYM_TIMER || s->kind == SYM_CTX) && kind == SYM_CHAN && timer_ok)
		return s->index;   /* a timer's channel, a context's Done */
	if (s->kind == SYM_MUTEX && kind == SYM_RWMUTEX)
		perr_tok(C->P, t, "%.*s needs an rwmutex; declare %s with `rwmutex %s`", (int)strcspn(usage, " "), usage,
		         name, name);
	if (s->kind == SYM_CTX && kind == SYM_CHAN)
		perr_tok(C->P, t, "'%s' is a ctx: receive from its Done (recv %s, case recv %s) or cancel it", name, name,
		         name);
	if (s->kind != kind)
		perr_tok(C->P, t, "'%s' is a %s, not a %s", name, symkind_name(s->kind), symkind_name(kind));
	if (kind == SYM_FUNC && strcmp(name, "init") == 0)
		perr_tok(C->P, t, "init cannot be called or started");
	return s->index;
}

int64_t val_arg(fcomp *F, pcur *c, int unit, int64_t lo, int64_t hi, const char *what, const char *usage)
{
	parser *P = F->C->P;
	if (cur_at_end(c))
		perr_tok(P, cur_peek(c), "%s needs %s (usage: %s)", what, unit_name(unit), usage);
	int64_t k = 0;
	if (rx_value(F->C, NULL, c, unit, lo, hi, what, &k) >= 0)
		perr_tok(P, cur_peek(c), "%s needs a constant here", what);
	return k;
}

/* val_op reads the operand `a` of op i: a constant, or (OPF_XA) a run-time
 * expression over the function's locals, i, now, vars... */
void val_op(fcomp *F, pcur *c, int i, int unit, int64_t lo, int64_t hi, const char *what,
                   const char *usage)
{
	parser *P = F->C->P;
	if (cur_at_end(c))
		perr_tok(P, cur_peek(c), "%s needs %s (usage: %s)", what, unit_name(unit), usage);
	int64_t k = 0;
	int64_t x = rx_value(F->C, F->S, c, unit, lo, hi, what, &k);
	if (x >= 0) {
		F->ops[i].flags |= OPF_XA;
		k = x;
	}
	F->ops[i].a = k;
}

/* call_args reads the arguments of a call or go of function fi: `(a, b)`,
 * one per parameter; none when fi has no parameters. */
void call_args(fcomp *F, pcur *c, int i, int fi, const ptok *name)
{
	vcomp *C = F->C;
	parser *P = C->P;
	const fsig *sg = C->fsigs[fi];
	int want = sg ? sg->nparams : 0;
	if (!cur_is_op(c, PO_LPAREN)) {
		if (want > 0)
			perr_tok(P, name, "%.*s takes %d argument%s: write %.*s(...)", name->len, name->s, want,
			         want == 1 ? "" : "s", name->len, name->s);
		return;
	}
	ptok *open = cur_next(c);
	int32_t x[GMP_MAX_LOCALS];
	int n = 0;
	if (!cur_is_op(c, PO_RPAREN)) {
		for (;;) {
			if (n == want)
				perr_tok(P, cur_peek(c), "too many arguments: %.*s takes %d", name->len, name->s, want);
			char what[PARSE_MAX_NAME + 32];
			snprintf(what, sizeof what, "argument %s", sg->params[n].name);
			x[n] = rx_code(C, F->S, c, sg->params[n].unit, what);
			n++;
			if (!cur_is_op(c, PO_COMMA))
				break;
			cur_next(c);
		}
	}
	if (!cur_is_op(c, PO_RPAREN))
		perr_tok(P, cur_peek(c), "expected ',' or ')' to close the '(' at column %d, found %s", open->col,
		         tok_desc(P, cur_peek(c)));
	cur_next(c);
	if (n < want)
		perr_tok(P, open, "not enough arguments: %.*s takes %d, given %d", name->len, name->s, want, n);
	if (n == 0)
		return;
	int at = rx_args(C, n);
	for (int k = 0; k < n; k++)
		C->v->prog.xargs[at + 1 + k] = x[k];
	F->ops[i].flags |= OPF_ARGS;
	F->ops[i].b = at;
}

static int string_index(fcomp *F, const ptok *t)
{
	gmp_program *pg = &F->C->v->prog;
	for (int i = 0; i < pg->nstrings; i++)
		if (strcmp(pg->strings[i], t->s) == 0)
			return i;
	if (pg->nstrings == STMT_MAX_STRINGS)
		perr_tok(F->C->P, t, "too many different print texts (at most %d)", STMT_MAX_STRINGS);
	pg->strings = gmp_xrealloc(pg->strings, sizeof *pg->strings * (size_t)(pg->nstrings + 1));
	pg->strings[pg->nstrings] = gmp_xstrndup(t->s, (size_t)t->len);
	return pg->nstrings++;
}

/* ---- simple statements -------------------------------------------------- */

/* Operand letters: f func, c chan, C chan or timer, t timer, m mutex,
 * w waitgroup, v var, s stream, k counter, p probe, N integer (a),
 * D duration (a), Z size (a), S string (obj). */
static const struct sdef {
	const char *kw;
	uint8_t op, flags;
	const char *args;
	const char *usage;
} sdefs[] = {
	{ "gosched", OP_GOSCHED, 0, "", "gosched" },
	{ "goexit", OP_GOEXIT, 0, "", "goexit" },
	{ "return", OP_RETURN, 0, "", "return" },
	{ "lockosthread", OP_LOCKOSTHREAD, 0, "", "lockosthread" },
	{ "unlockosthread", OP_UNLOCKOSTHREAD, 0, "", "unlockosthread" },
	{ "call", OP_CALL, 0, "f", "call FUNC" },
	{ "print", OP_PRINT, 0, "S", "print \"TEXT\"" },
	{ "make", OP_MAKECHAN, 0, "cN", "make CHAN CAPACITY" },
	{ "send", OP_SEND, 0, "c", "send CHAN" },
	{ "recv", OP_RECV, 0, "C", "recv CHAN" },
	{ "close", OP_CLOSE, 0, "c", "close CHAN" },
	{ "lock", OP_LOCK, 0, "M", "lock MUTEX|RWMUTEX" },
	{ "unlock", OP_UNLOCK, 0, "M", "unlock MUTEX|RWMUTEX" },
	{ "rlock", OP_RLOCK, 0, "r", "rlock RWMUTEX" },
	{ "runlock", OP_RUNLOCK, 0, "r", "runlock RWMUTEX" },
	{ "broadcast", OP_COND_SIGNAL, 0, "o", "broadcast COND" },
	{ "cancel", OP_CANCEL, 0, "x", "cancel CTX" },
	{ "add", OP_WG_ADD, 0, "wN", "add WAITGROUP N" },
	{ "done", OP_WG_DONE, 0, "w", "done WAITGROUP" },
	{ "wait", OP_WG_WAIT, 0, "w", "wait WAITGROUP" },
	{ "sleep", OP_SLEEP, 0, "D", "sleep DURATION" },
	{ "timer", OP_TIMER_START, 0, "tD", "timer NAME DURATION" },
	{ "ticker", OP_TIMER_START, OPF_TICKER, "tD", "ticker NAME DURATION" },
	{ "stop", OP_TIMER_STOP, 0, "t", "stop TIMER" },
	{ "reset", OP_TIMER_RESET, 0, "tD", "reset TIMER DURATION" },
	{ "syscall", OP_SYSCALL, 0, "D", "syscall DURATION" },
	{ "fileread", OP_FILEREAD, 0, "D", "fileread DURATION" },
	{ "netwait", OP_NETWAIT, 0, "D", "netwait DURATION" },
	{ "read", OP_STREAMREAD, 0, "s", "read STREAM" },
	{ "cgo", OP_CGO, 0, "D", "cgo DURATION" },
	{ "load", OP_LOAD, 0, "v", "load VAR" },
	{ "atomic.add", OP_ATOMIC_ADD, 0, "vN", "atomic.add VAR N" },
	{ "set", OP_SET, 0, "vN", "set VAR VALUE" },
	{ "alloc", OP_ALLOC, 0, "Z", "alloc SIZE" },
	{ "latency", OP_LATENCY, 0, "p", "latency PROBE" },
};

const sdef_t *find_sdef(const ptok *k)
{
	for (size_t i = 0; i < sizeof sdefs / sizeof sdefs[0]; i++)
		if (tok_is(k, sdefs[i].kw))
			return &sdefs[i];
	return NULL;
}

int simple_stmt(fcomp *F, pcur *c, const sdef_t *d, const ptok *k)
{
	parser *P = F->C->P;
	int i = emit(F, d->op, k);
	F->ops[i].flags = d->flags;
	for (const char *a = d->args; *a; a++) {
		int obj = -1;
		ptok *at = cur_peek(c);
		switch (*a) {
		case 'f':
			obj = obj_arg(F, c, SYM_FUNC, false, d->usage);
			F->cols[i] = at->col;
			call_args(F, c, i, obj, at);
			break;
		case 'c': obj = obj_arg(F, c, SYM_CHAN, false, d->usage); break;
		case 'C': obj = obj_arg(F, c, SYM_CHAN, true, d->usage); break;
		case 't': obj = obj_arg(F, c, SYM_TIMER, false, d->usage); break;
		case 'm': obj = obj_arg(F, c, SYM_MUTEX, false, d->usage); break;
		case 'M': { /* Lock / Unlock of a Mutex, or the writer side of an RWMutex */
			vsym *rs = at->kind == TK_WORD ? vsym_find(F->C, tok_name(P, at), SYM_RWMUTEX) : NULL;
			if (rs) {
				cur_next(c);
				obj = rs->index;
				F->ops[i].kind = d->op == OP_LOCK ? OP_RW_LOCK : OP_RW_UNLOCK;
			} else {
				obj = obj_arg(F, c, SYM_MUTEX, false, d->usage);
			}
			break;
		}
		case 'r': obj = obj_arg(F, c, SYM_RWMUTEX, false, d->usage); break;
		case 'o':
			obj = obj_arg(F, c, SYM_COND, false, d->usage);
			F->ops[i].a = 1;   /* broadcast */
			break;
		case 'x': obj = obj_arg(F, c, SYM_CTX, false, d->usage); break;
		case 'w': obj = obj_arg(F, c, SYM_WG, false, d->usage); break;
		case 'v': obj = obj_arg(F, c, SYM_VAR, false, d->usage); break;
		case 's': obj = obj_arg(F, c, SYM_STREAM, false, d->usage); break;
		case 'p': obj = obj_arg(F, c, SYM_PROBE, false, d->usage); break;
		case 'S':
			if (at->kind != TK_STR)
				perr_tok(P, at, "%s needs a \"string\", found %s", d->kw, tok_desc(P, at));
			cur_next(c);
			obj = string_index(F, at);
			break;
		case 'N':
			val_op(F, c, i, U_NUM, d->op == OP_MAKECHAN ? 0 : -MAXV,
			       d->op == OP_MAKECHAN ? 10000000 : MAXV, d->kw, d->usage);
			break;
		case 'D': val_op(F, c, i, U_DUR, 0, MAXDUR, d->kw, d->usage); break;
		default: val_op(F, c, i, U_SIZE, 0, 1LL << 40, d->kw, d->usage); break;
		}
		if (obj >= 0)
			F->ops[i].obj = obj;
	}
	if (tok_is_unit(cur_peek(c)))
		perr_tok(P, cur_peek(c), "unexpected %s (write units right after the number: 2%.*s)",
		         tok_desc(P, cur_peek(c)), cur_peek(c)->len, cur_peek(c)->s);
	if (!cur_at_end(c))
		perr_tok(P, cur_peek(c), "unexpected %s (usage: %s)", tok_desc(P, cur_peek(c)), d->usage);
	return i;
}

/* let_stmt declares a local of the function: `let NAME = VALUE`. */
static int let_stmt(fcomp *F, pcur *c, const ptok *k)
{
	parser *P = F->C->P;
	static const char *const taken[] = { "i", "now", "since", "numgoroutine", "GOMAXPROCS", "NCPU" };
	ptok *n = cur_next(c);
	if (n->kind != TK_WORD)
		perr_tok(P, n, "let needs a name: let NAME = VALUE");
	const char *name = tok_name(P, n);
	for (size_t j = 0; j < sizeof taken / sizeof taken[0]; j++)
		if (strcmp(name, taken[j]) == 0)
			perr_tok(P, n, "'%s' is a built-in value, not usable as a local name", name);
	for (int j = 0; j < n->len; j++)
		if (n->s[j] == '.' || n->s[j] == '-')
			perr_tok(P, n, "bad local name %s (letters, digits and _ only)", tok_desc(P, n));
	int old = rx_local(F->S, name);
	if (old >= 0)
		perr_tok(P, n, "'%s' is already a local of %s: assign it with set %s VALUE", name, F->S->fname, name);
	vsym *sy = vsym_find(F->C, name, 0);
	pval pv;
	xnode xn = { .name = (char *)name };
	if (sy || vcomp_resolve(F->C, &xn, &pv))
		perr_tok(P, n, "'%s' is already a %s of the variant: pick another local name", name,
		         sy ? symkind_name(sy->kind) : "param");
	if (!cur_is_op(c, PO_ASSIGN))
		perr_tok(P, cur_peek(c), "expected '=' after let %s, found %s", name, tok_desc(P, cur_peek(c)));
	cur_next(c);
	if (F->S->nloc == GMP_MAX_LOCALS)
		perr_tok(P, n, "too many locals in %s (at most %d)", F->S->fname, GMP_MAX_LOCALS);
	int i = emit(F, OP_LET, k);
	int unit = U_NUM;
	int64_t kv = 0;
	int64_t x = rx_any(F->C, F->S, c, "let", &unit, &kv);
	if (x >= 0) {
		F->ops[i].flags |= OPF_XA;
		kv = x;
	}
	F->ops[i].a = kv;
	F->ops[i].obj = F->S->nloc;
	F->S->loc[F->S->nloc++] = (flocal){ name, (uint8_t)unit };
	return i;
}

/* special_stmt compiles the statements whose operands are not a fixed list. */
int special_stmt(fcomp *F, pcur *c, const ptok *k)
{
	parser *P = F->C->P;
	int i;
	if (tok_is(k, "work")) {
		i = emit(F, OP_WORK, k);
		if (tok_is(cur_peek(c), "forever")) {
			cur_next(c);
			F->ops[i].a = -1;
		} else {
			val_op(F, c, i, U_DUR, 0, MAXDUR, "work", "work DURATION|forever [nocall]");
		}
		if (tok_is(cur_peek(c), "nocall")) {
			cur_next(c);
			F->ops[i].flags |= OPF_NOCALL;
		}
	} else if (tok_is(k, "exit")) {
		i = emit(F, OP_EXIT, k);
		val_op(F, c, i, U_NUM, 0, 255, "exit code", "exit CODE");
	} else if (tok_is(k, "store")) {
		i = emit(F, OP_STORE, k);
		F->ops[i].obj = obj_arg(F, c, SYM_VAR, false, "store VAR [+ N]");
		if (!cur_at_end(c)) {
			if (!cur_is_op(c, PO_PLUS) && !cur_is_op(c, PO_MINUS))
				perr_tok(P, cur_peek(c), "store stores the loaded value plus N: write store VAR + N");
			val_op(F, c, i, U_NUM, -MAXV, MAXV, "store", "store VAR [+ N]");
		}
	} else if (tok_is(k, "count")) {
		i = emit(F, OP_COUNT, k);
		F->ops[i].obj = obj_arg(F, c, SYM_COUNTER, false, "count COUNTER [N]");
		F->ops[i].a = 1;
		if (!cur_at_end(c))
			val_op(F, c, i, U_NUM, 0, MAXV, "count", "count COUNTER [N]");
	} else if (tok_is(k, "tls")) {
		ptok *w = cur_next(c);
		if (!tok_is(w, "set") && !tok_is(w, "check"))
			perr_tok(P, w, "tls needs set or check: tls set N, tls check N");
		i = emit(F, tok_is(w, "set") ? OP_TLS_SET : OP_TLS_CHECK, k);
		F->ops[i].a = val_arg(F, c, U_NUM, -2147483647LL, 2147483647LL, "tls", "tls set|check N");
	} else if (tok_is(k, "sigurg")) {
		if (!tok_is(cur_next(c), "foreign"))
			perr_tok(P, &c->ln->t[c->i - 1], "usage: sigurg foreign [chain]");
		i = emit(F, OP_SIGURG_FOREIGN, k);
		if (tok_is(cur_peek(c), "chain")) {
			cur_next(c);
			F->ops[i].flags |= OPF_CHAIN;
		}
	} else if (tok_is(k, "signal") && !tok_is(cur_peek(c), "notify")) {
		i = emit(F, OP_COND_SIGNAL, k);   /* Cond.Signal */
		F->ops[i].obj = obj_arg(F, c, SYM_COND, false, "signal COND");
	} else if (tok_is(k, "signal")) {
		cur_next(c);
		i = emit(F, OP_SIGNAL_NOTIFY, k);
	} else if (tok_is(k, "wait")) {   /* Cond.Wait: unlock c.L, park; lock c.L */
		i = emit(F, OP_COND_WAIT, k);
		F->ops[i].obj = obj_arg(F, c, SYM_COND, false, "wait COND");
		int l = emit(F, OP_LOCK, k);
		F->ops[l].obj = F->C->v->prog.syncs[F->ops[i].obj].mutex;
	} else if (tok_is(k, "let")) {
		i = let_stmt(F, c, k);
	} else if (tok_is(k, "set") && cur_peek(c)->kind == TK_WORD && rx_local(F->S, tok_name(P, cur_peek(c))) >= 0) {
		ptok *n = cur_next(c);
		int slot = rx_local(F->S, tok_name(P, n));
		i = emit(F, OP_LET, k);
		F->ops[i].obj = slot;
		val_op(F, c, i, F->S->loc[slot].unit, -MAXV, MAXV, "set", "set LOCAL VALUE");
	} else if (tok_is(k, "record")) {
		i = emit(F, OP_RECORD, k);
		F->ops[i].obj = obj_arg(F, c, SYM_PROBE, false, "record PROBE DURATION");
		val_op(F, c, i, U_DUR, -MAXV, MAXV, "record", "record PROBE DURATION");
	} else if (tok_is(k, "gc")) {
		i = emit(F, OP_GC, k);
	} else if (tok_is(k, "gomaxprocs")) {   /* runtime.GOMAXPROCS(n) */
		i = emit(F, OP_GOMAXPROCS, k);
		F->ops[i].a = val_arg(F, c, U_NUM, 1, 1024, "gomaxprocs", "gomaxprocs N");
		gmp_program *pg = &F->C->v->prog;
		if (F->ops[i].a > pg->maxprocs)
			pg->maxprocs = (int)F->ops[i].a;
	} else if (tok_is(k, "break")) {
		if (F->loops == 0)
			perr_tok(P, k, "break outside a loop (repeat or range)");
		i = emit(F, OP_BREAK, k);
		F->ops[i].jump = F->brk[F->loops];
		F->brk[F->loops] = i;
	} else {
		return -1;
	}
	if (!cur_at_end(c))
		perr_tok(P, cur_peek(c), "unexpected %s", tok_desc(P, cur_peek(c)));
	return i;
}

/* edit_distance is the Levenshtein distance of a[0..n) and b (short words). */
static int edit_distance(const char *a, int n, const char *b)
{
	int m = (int)strlen(b);
	int row[PARSE_MAX_NAME + 2];
	if (n > PARSE_MAX_NAME || m > PARSE_MAX_NAME)
		return 1 << 20;
	for (int j = 0; j <= m; j++)
		row[j] = j;
	for (int i = 1; i <= n; i++) {
		int diag = row[0];
		row[0] = i;
		for (int j = 1; j <= m; j++) {
			int up = row[j];
			int best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best) best = up + 1;
			if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[m];
}

/* unknown_stmt rejects k, naming the nearest known statement. */
static _Noreturn void unknown_stmt(fcomp *F, const ptok *k)
{
	parser *P = F->C->P;
	static const char *const other[] = {
		"work", "exit", "store", "count", "tls", "sigurg", "signal", "record", "gc", "gomaxprocs", "let", "break",
		"if", "else", "for", "repeat", "range", "select", "go", "defer", "once", "wait",
	};
	static const char *const decls[] = { "chan", "mutex", "rwmutex", "waitgroup", "once", "cond", "ctx", "var",
	                                     "stream", "counter", "probe" };
	for (size_t j = 0; j < sizeof decls / sizeof decls[0]; j++)
		if (tok_is(k, decls[j]) && !tok_is(k, "once"))
			perr_tok(P, k, "%s is a declaration: put it directly under the variant, not inside a func",
			         tok_desc(P, k));
	const char *best = NULL;
	int bd = 1 << 20;
	for (size_t j = 0; j < sizeof sdefs / sizeof sdefs[0] + sizeof other / sizeof other[0]; j++) {
		const char *w = j < sizeof sdefs / sizeof sdefs[0] ? sdefs[j].kw : other[j - sizeof sdefs / sizeof sdefs[0]];
		int d = edit_distance(k->s, k->len, w);
		if (d < bd) {
			bd = d;
			best = w;
		}
	}
	perr_tok(P, k, "unknown statement %s; did you mean %s?", tok_desc(P, k), best);
}

/* stmt compiles the statement on ln; returns the index of the next line. */
static int stmt(fcomp *F, pline *ln)
{
	vcomp *C = F->C;
	parser *P = C->P;
	ptok *k = &ln->t[0];
	pcur c = { P, ln, 1 };
	if (k->kind != TK_WORD)
		perr_tok(P, k, "expected a statement, found %s", tok_desc(P, k));
	if (tok_is(k, "if"))
		return if_stmt(F, ln, k, &c);
	if (tok_is(k, "else"))
		perr_tok(P, k, "else without a matching if just above it");
	if (tok_is(k, "case") || tok_is(k, "default"))
		perr_tok(P, k, "%.*s outside a select", k->len, k->s);
	if (tok_is(k, "select")) {
		select_stmt(F, ln, k, stmt_line(F, &c));
		return ln->next;
	}
	if (tok_is(k, "repeat") || tok_is(k, "range") || tok_is(k, "for")) {
		loop_stmt(F, ln, k, &c);
		return ln->next;
	}
	if (tok_is(k, "go") || tok_is(k, "defer")) {
		go_stmt(F, ln, k, &c);
		return ln->next;
	}
	if (tok_is(k, "once")) {
		once_stmt(F, ln, k, &c);
		return ln->next;
	}
	if (ln->child >= 0) {
		pline *ch = &P->lines[ln->child];
		perr(P, ch->lineno, ch->t[0].col, "unexpected indented line ('%.*s' has no body)", k->len, k->s);
	}
	/* `set X` stores a var, or assigns a local (special_stmt) */
	bool local = tok_is(k, "set") && ln->t[1].kind == TK_WORD && rx_local(F->S, tok_name(P, &ln->t[1])) >= 0;
	bool condwait = tok_is(k, "wait") && ln->t[1].kind == TK_WORD && vsym_find(C, tok_name(P, &ln->t[1]), SYM_COND);
	const sdef_t *d = local || condwait ? NULL : find_sdef(k);
	int i = d ? simple_stmt(F, &c, d, k) : special_stmt(F, &c, k);
	if (i < 0)
		unknown_stmt(F, k);
	uint16_t line = stmt_line(F, &c);
	for (int j = i; j < F->nops; j++)   /* a statement may be several ops */
		F->ops[j].line = line;
	return ln->next;
}

/* compile_block compiles a block's lines; a line in error is reported and
 * skipped (with the else of an if in error), and the next one compiled. */
void compile_block(fcomp *F, pline *first)
{
	parser *P = F->C->P;
	volatile int i = (int)(first - P->lines);
	while (i >= 0) {
		volatile int next = -2;
		PARSE_TRY(P, next = stmt(F, &P->lines[i]));
		if (next == -2) {
			next = P->lines[i].next;
			if (next >= 0 && tok_is(&P->lines[next].t[0], "else"))
				next = P->lines[next].next;
		}
		i = next;
	}
}

void stmt_compile_func(vcomp *C, int fi, pline *body)
{
	int nanon = 0;
	fscope *S = pa_alloc(C->P, sizeof *S);
	S->fname = C->v->prog.funcs[fi].name;
	const fsig *sg = C->fsigs[fi];
	for (int k = 0; sg && k < sg->nparams; k++)
		S->loc[S->nloc++] = sg->params[k];
	fcomp F = { .C = C, .fi = fi, .top = C->v->prog.funcs[fi].name, .nanon = &nanon, .S = S };
	compile_block(&F, body);
	gmp_func *fn = &C->v->prog.funcs[fi];
	fn->nparams = sg ? sg->nparams : 0;
	fn->inlinable = sg && sg->inlinable;
	fn->nlocals = S->nloc;
	fn->ops = gmp_xmalloc(sizeof *fn->ops * (size_t)(F.nops ? F.nops : 1));
	if (F.nops)   /* after an error the body may have no op */
		memcpy(fn->ops, F.ops, sizeof *fn->ops * (size_t)F.nops);
	fn->nops = F.nops;
	C->fcols[fi] = F.cols;
}
