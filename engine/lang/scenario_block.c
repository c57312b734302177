/*
 * scenario_block.c — the block statements of a function body: if / else,
 * select, repeat / range / for loops, once, and go / defer (of a func, of a
 * one-line statement or of an indented block, which becomes an anonymous
 * function named as Go names them). They lay out the jumps documented at
 * the top of program.h; scenario_stmt.c compiles the one-line statements.
 */
#include <stdio.h>
#include <string.h>

#include "scenario_int.h"

/* ---- anonymous functions ----------------------------------------------- */

/* anon_func compiles either the indented body of ln or, when body is NULL,
 * the single statement of ln starting at token `start`. */
static int anon_func(fcomp *F, pline *ln, int start, uint16_t line)
{
	vcomp *C = F->C;
	char name[PARSE_MAX_NAME + 32];
	snprintf(name, sizeof name, "%s.func%d", F->top, ++*F->nanon);
	int fi = vcomp_add_func(C, name, NULL);
	fscope *S = pa_alloc(C->P, sizeof *S);
	S->fname = F->S->fname;
	S->outer = F->S;
	fcomp G = { .C = C, .fi = fi, .top = F->top, .nanon = F->nanon, .S = S };
	if (start < 0) {
		compile_block(&G, &C->P->lines[ln->child]);
	} else {
		const ptok *k = &ln->t[start];
		pcur c = { C->P, ln, start + 1 };
		const sdef_t *d = find_sdef(k);
		int i = d ? simple_stmt(&G, &c, d, k) : special_stmt(&G, &c, k);
		if (i < 0 || tok_is(k, "break"))
			perr_tok(C->P, k, "%s cannot be deferred on one line (use a defer block, or call FUNC)",
			         tok_desc(C->P, k));
		G.ops[i].line = line;
	}
	gmp_func *fn = &C->v->prog.funcs[fi];
	fn->ops = gmp_xmalloc(sizeof *fn->ops * (size_t)(G.nops ? G.nops : 1));
	if (G.nops)
		memcpy(fn->ops, G.ops, sizeof *fn->ops * (size_t)G.nops);
	fn->nops = G.nops;
	fn->nlocals = S->nloc;
	C->fcols[fi] = G.cols;
	return fi;
}

/* is_stmt_kw reports whether w starts a one-line statement (other than
 * call) that `defer` wraps into an anonymous function. */
static bool is_stmt_kw(const ptok *w)
{
	static const char *const special[] = { "work", "exit", "store", "count", "tls", "sigurg", "signal", "record",
	                                       "gc" };
	if (tok_is(w, "call"))
		return false;
	if (find_sdef(w))
		return true;
	for (size_t i = 0; i < sizeof special / sizeof special[0]; i++)
		if (tok_is(w, special[i]))
			return true;
	return false;
}

/* ---- block statements --------------------------------------------------- */

void need_body(parser *P, pline *ln, const ptok *k)
{
	if (ln->child < 0)
		perr_tok(P, k, "%.*s needs an indented body", k->len, k->s);
}

static void end_loop(fcomp *F, int head, const ptok *k)
{
	int e = emit(F, OP_END, k);
	F->ops[e].jump = head;
	F->ops[head].jump = e;
	for (int b = F->brk[F->loops]; b >= 0;) {
		int next = F->ops[b].jump;
		F->ops[b].jump = e;
		b = next;
	}
	F->loops--;
}

static void begin_loop(fcomp *F, const ptok *k)
{
	if (F->loops == GMP_MAX_LOOP_DEPTH)
		perr_tok(F->C->P, k, "loops nested too deeply (the engine allows %d)", GMP_MAX_LOOP_DEPTH);
	F->brk[++F->loops] = -1;
}

void select_stmt(fcomp *F, pline *ln, const ptok *k, uint16_t line)
{
	parser *P = F->C->P;
	int s = emit(F, OP_SELECT, k);
	F->ops[s].line = line;
	int ncase = 0;
	bool dflt = false;
	for (int ci = ln->child; ci >= 0; ci = P->lines[ci].next, ncase++) {
		pline *cl = &P->lines[ci];
		ptok *ck = &cl->t[0];
		pcur c = { P, cl, 1 };
		int i;
		if (tok_is(ck, "default")) {
			if (dflt)
				perr_tok(P, ck, "select has two default cases");
			dflt = true;
			i = emit(F, OP_CASE, ck);
			F->ops[i].a = CASE_DEFAULT;
		} else if (tok_is(ck, "case")) {
			ptok *w = cur_next(&c);
			i = emit(F, OP_CASE, ck);
			if (tok_is(w, "recv")) {
				F->ops[i].a = CASE_RECV;
				F->ops[i].obj = obj_arg(F, &c, SYM_CHAN, true, "case recv CHAN");
			} else if (tok_is(w, "send")) {
				F->ops[i].a = CASE_SEND;
				F->ops[i].obj = obj_arg(F, &c, SYM_CHAN, false, "case send CHAN");
			} else if (tok_is(w, "after")) {
				F->ops[i].a = CASE_AFTER;
				F->ops[i].b = val_arg(F, &c, U_DUR, 0, MAXDUR, "after", "case after DURATION");
			} else {
				perr_tok(P, w, "expected recv, send or after after case, found %s", tok_desc(P, w));
			}
		} else {
			perr_tok(P, ck, "a select body holds only case and default lines, found %s", tok_desc(P, ck));
		}
		F->ops[i].line = stmt_line(F, &c);
	}
	F->ops[s].a = ncase;
	if (dflt)
		F->ops[s].flags |= OPF_DEFAULT;
	int ci = ln->child;
	for (int n = 0; n < ncase; n++, ci = P->lines[ci].next) {
		pline *cl = &P->lines[ci];
		F->ops[s + 1 + n].jump = F->nops;
		if (cl->child >= 0)
			compile_block(F, &P->lines[cl->child]);
		int e = emit(F, OP_END, &cl->t[0]);
		F->ops[e].jump = s;
	}
	F->ops[s].jump = F->nops;
}

/* once_stmt compiles `once O F` (o.Do(F)) or `once O` with a body (o.Do
 * of a func literal): ONCE, the call or the body, ONCE_DONE. */
void once_stmt(fcomp *F, pline *ln, const ptok *k, pcur *c)
{
	parser *P = F->C->P;
	int i = emit(F, OP_ONCE, k);
	F->ops[i].obj = obj_arg(F, c, SYM_ONCE, false, "once ONCE FUNC");
	if (ln->child >= 0) {
		F->ops[i].line = stmt_line(F, c);
		compile_block(F, &P->lines[ln->child]);
	} else {
		if (cur_at_end(c))
			perr_tok(P, cur_peek(c), "once needs the func it runs (once %s FUNC) or an indented body",
			         F->C->v->prog.syncs[F->ops[i].obj].name);
		int call = emit(F, OP_CALL, cur_peek(c));
		F->cols[call] = cur_peek(c)->col;
		F->ops[call].obj = obj_arg(F, c, SYM_FUNC, false, "once ONCE FUNC");
		if (F->C->fsigs[F->ops[call].obj] && F->C->fsigs[F->ops[call].obj]->nparams > 0)
			perr_tok(P, k, "once runs a func without parameters (Once.Do takes a func())");
		F->ops[i].line = F->ops[call].line = stmt_line(F, c);
	}
	int d = emit(F, OP_ONCE_DONE, k);
	F->ops[d].obj = F->ops[i].obj;
	F->ops[i].jump = d;
}

/* cond_op compiles the condition of an if. `VAR == N` with a constant N
 * stays a flag check (IF_VAR: a poll, see exec_if_var); anything else is a
 * run-time condition (IF_EXPR). */
static int cond_op(fcomp *F, pcur *c, const ptok *k)
{
	xtree t;
	xparse_cond(c, &t);
	if (cur_is_op(c, PO_ASSIGN))
		perr_tok(F->C->P, cur_peek(c), "'=' is not a comparison: write == (if x == 3)");
	const xnode *r = &t.n[t.root];
	vsym *var;
	if (r->kind == XN_EQ && t.n[r->l].kind == XN_NAME && rx_local(F->S, t.n[r->l].name) < 0 &&
	    (var = vsym_find(F->C, t.n[r->l].name, SYM_VAR)) != NULL) {
		xtree rhs = t;
		rhs.root = r->r;
		int64_t v;
		int at = F->C->v->prog.nxcode;
		if (rx_tree(F->C, F->S, &rhs, U_NUM, -MAXV, MAXV, "if", &v) < 0) {
			int i = emit(F, OP_IF_VAR, k);
			F->ops[i].obj = var->index;
			F->ops[i].a = v;
			return i;
		}
		F->C->v->prog.nxcode = at;   /* a run-time right side: drop its code */
	}
	int i = emit(F, OP_IF_EXPR, k);
	int64_t v;
	F->ops[i].a = rx_tree(F->C, F->S, &t, U_BOOL, 0, 0, "if", &v);
	F->ops[i].flags |= OPF_XA;
	return i;
}

/* if_stmt compiles an if and, when the next line is `else`, its else. Returns
 * the line after the construct. */
int if_stmt(fcomp *F, pline *ln, const ptok *k, pcur *c)
{
	parser *P = F->C->P;
	int i;
	ptok *w = cur_peek(c);
	if (tok_is(w, "chance")) {
		cur_next(c);
		i = emit(F, OP_IF_CHANCE, k);
		xtree t;
		if (cur_at_end(c))
			perr_tok(P, cur_peek(c), "if chance needs a percentage like 30%%");
		xparse(c, &t);
		pval v = xeval_p(P, &t, vcomp_resolve, F->C);
		if (v.unit != U_PCT)
			perr(P, t.n[t.root].line, t.n[t.root].col, "if chance needs a percentage like 30%%");
		if (v.v < 0 || v.v > 100)
			perr(P, t.n[t.root].line, t.n[t.root].col, "if chance needs a percentage from 0%% to 100%%");
		F->ops[i].a = (int64_t)(v.v * 10000 + 0.5);
	} else if (tok_is(w, "trylock")) {
		cur_next(c);
		i = emit(F, OP_IF_TRYLOCK, k);
		F->ops[i].obj = obj_arg(F, c, SYM_MUTEX, false, "if trylock MUTEX");
	} else if (tok_is(w, "cas")) {
		cur_next(c);
		i = emit(F, OP_IF_CAS, k);
		F->ops[i].obj = obj_arg(F, c, SYM_VAR, false, "if cas VAR OLD NEW");
		val_op(F, c, i, U_NUM, -MAXV, MAXV, "cas", "if cas VAR OLD NEW");
		F->ops[i].b = val_arg(F, c, U_NUM, -MAXV, MAXV, "cas", "if cas VAR OLD NEW");
	} else if (cur_at_end(c)) {
		perr_tok(P, w, "if needs a condition (n > 3, X == 1, chance 30%%, trylock MUTEX), found %s",
		         tok_desc(P, w));
	} else {
		i = cond_op(F, c, k);
	}
	F->ops[i].line = stmt_line(F, c);
	need_body(P, ln, k);
	compile_block(F, &P->lines[ln->child]);
	int next = ln->next;
	pline *el = next >= 0 ? &P->lines[next] : NULL;
	if (el && tok_is(&el->t[0], "else")) {
		pcur ec = { P, el, 1 };
		int e = emit(F, OP_ELSE, &el->t[0]);
		F->ops[e].line = stmt_line(F, &ec);
		F->ops[i].jump = e;
		need_body(P, el, &el->t[0]);
		compile_block(F, &P->lines[el->child]);
		int end = emit(F, OP_END, &el->t[0]);
		F->ops[end].jump = i;
		F->ops[e].jump = end;
		return el->next;
	}
	int end = emit(F, OP_END, k);
	F->ops[end].jump = i;
	F->ops[i].jump = end;
	return next;
}

/* loop_stmt compiles repeat, range and for. */
void loop_stmt(fcomp *F, pline *ln, const ptok *k, pcur *cp)
{
	parser *P = F->C->P;
	pcur c = *cp;
	int i;
	if (tok_is(k, "for")) {
		i = emit(F, OP_WHILE, k);
		if (cur_at_end(&c))
			perr_tok(P, cur_peek(&c), "for needs a condition (for since t0 < 300ms); "
			         "a loop without one is repeat forever");
		int64_t v;
		xtree t;
		xparse_cond(&c, &t);
		F->ops[i].a = rx_tree(F->C, F->S, &t, U_BOOL, 0, 0, "for", &v);
		F->ops[i].flags |= OPF_XA;
		need_body(P, ln, k);
	} else if (tok_is(k, "range")) {
		i = emit(F, OP_RANGE, k);
		F->ops[i].obj = obj_arg(F, &c, SYM_CHAN, true, "range CHAN");
	} else {
		i = emit(F, OP_REPEAT, k);
		ptok *w = cur_peek(&c);
		if (tok_is(w, "forever")) {
			cur_next(&c);
			F->ops[i].a = -1;
			F->ops[i].flags = OPF_FOREVER;
		} else if (tok_is(w, "read")) {
			cur_next(&c);
			F->ops[i].flags = OPF_COUNT_READ;
		} else {
			val_op(F, &c, i, U_NUM, 0, 1LL << 40, "repeat count", "repeat N|forever|read");
		}
		need_body(P, ln, k);
	}
	F->ops[i].line = stmt_line(F, &c);
	begin_loop(F, k);
	if (ln->child >= 0)
		compile_block(F, &P->lines[ln->child]);
	end_loop(F, i, k);
}

/* go_stmt compiles go and defer: of a func, a statement or a block. */
void go_stmt(fcomp *F, pline *ln, const ptok *k, pcur *cp)
{
	parser *P = F->C->P;
	pcur c = *cp;
	bool go = tok_is(k, "go");
	int i = emit(F, go ? OP_GO : OP_DEFER, k);
	ptok *w = cur_peek(&c);
	if (ln->child >= 0) {
		F->ops[i].line = stmt_line(F, &c);
		F->ops[i].obj = anon_func(F, ln, -1, 0);
	} else if (!go && is_stmt_kw(w)) {
		int at = c.i;
		while (!cur_at_end(&c))
			cur_next(&c);
		F->ops[i].line = stmt_line(F, &c);
		F->ops[i].obj = anon_func(F, ln, at, F->ops[i].line);
	} else {
		static const char *const blockkw[] = { "repeat", "range", "if", "else", "select", "case", "default",
		                                       "go", "defer", "break" };
		for (size_t b = 0; b < sizeof blockkw / sizeof blockkw[0]; b++)
			if (tok_is(w, blockkw[b]))
				perr_tok(P, w, "%s cannot follow %s on one line (indent a block under a bare %s)",
				         tok_desc(P, w), go ? "go" : "defer", go ? "go" : "defer");
		if (!go && tok_is(w, "call"))
			cur_next(&c);
		F->cols[i] = cur_peek(&c)->col;
		ptok *fn = cur_peek(&c);
		F->ops[i].obj = obj_arg(F, &c, SYM_FUNC, false, go ? "go FUNC" : "defer FUNC|STATEMENT");
		if (go)
			call_args(F, &c, i, F->ops[i].obj, fn);
		else if (F->C->fsigs[F->ops[i].obj] && F->C->fsigs[F->ops[i].obj]->nparams > 0)
			perr_tok(P, fn, "defer cannot pass arguments: use a defer block that calls a func without parameters");
		F->ops[i].line = stmt_line(F, &c);
	}
}
