/*
 * scenario_syms.c — the names of a variant (functions, channels, timers,
 * mutexes, ...), params in expressions, timers declared by the statements that
 * start them, and the static check of the call graph: no recursion, call
 * chains no deeper than the engine's frame stack.
 */
#include <stdio.h>
#include <string.h>

#include "scenario_int.h"

/* ---- symbols ------------------------------------------------------------ */

const char *symkind_name(int kind)
{
	static const char *const n[] = { "name", "func", "chan", "timer", "mutex", "waitgroup", "var",
	                                 "stream", "counter", "probe", "rwmutex", "once", "cond", "ctx" };
	return kind >= 0 && kind <= SYM_CTX ? n[kind] : "name";
}

vsym *vsym_find(vcomp *C, const char *name, int kind)
{
	bool own = kind == SYM_COUNTER || kind == SYM_PROBE;
	for (int i = 0; i < C->nsyms; i++) {
		vsym *s = &C->syms[i];
		bool sown = s->kind == SYM_COUNTER || s->kind == SYM_PROBE;
		if (strcmp(s->name, name) != 0)
			continue;
		if (own ? s->kind == kind : (!sown && (kind == 0 || s->kind == kind)))
			return s;
	}
	return NULL;
}

bool vcomp_resolve(void *ctx, const xnode *n, pval *out)
{
	vcomp *C = ctx;
	if (strcmp(n->name, "GOMAXPROCS") == 0) {
		*out = (pval){ C->v->gomaxprocs, U_NUM };
		return true;
	}
	if (strcmp(n->name, "NCPU") == 0) {
		*out = (pval){ C->v->cfg.ncpu, U_NUM };
		return true;
	}
	for (int i = 0; i < C->v->nparams; i++)
		if (strcmp(C->v->params[i].name, n->name) == 0) {
			*out = (pval){ C->v->params[i].value, (uint8_t)C->v->params[i].unit };
			return true;
		}
	return false;
}

int vcomp_add_func(vcomp *C, const char *name, pline *decl)
{
	parser *P = C->P;
	gmp_program *pg = &C->v->prog;
	if (pg->nfuncs == C->fcap) {
		int ncap = C->fcap ? C->fcap * 2 : 16;
		pline **nb = pa_alloc(P, sizeof *nb * (size_t)ncap);
		int **nc = pa_alloc(P, sizeof *nc * (size_t)ncap);
		fsig **ns = pa_alloc(P, sizeof *ns * (size_t)ncap);
		if (pg->nfuncs) {
			memcpy(nb, C->fbody, sizeof *nb * (size_t)pg->nfuncs);
			memcpy(nc, C->fcols, sizeof *nc * (size_t)pg->nfuncs);
			memcpy(ns, C->fsigs, sizeof *ns * (size_t)pg->nfuncs);
		}
		C->fbody = nb;
		C->fcols = nc;
		C->fsigs = ns;
		C->fcap = ncap;
	}
	pg->funcs = gmp_xrealloc(pg->funcs, sizeof *pg->funcs * (size_t)(pg->nfuncs + 1));
	pg->funcs[pg->nfuncs] = (gmp_func){ .name = gmp_xstrdup(name) };
	C->fbody[pg->nfuncs] = decl;
	C->fcols[pg->nfuncs] = NULL;
	C->fsigs[pg->nfuncs] = NULL;
	return pg->nfuncs++;
}

/* ---- timers ------------------------------------------------------------- */

void stmt_collect_timers(vcomp *C, pline *body, int origin)
{
	parser *P = C->P;
	gmp_program *pg = &C->v->prog;
	for (int i = (int)(body - P->lines); i >= 0; i = P->lines[i].next) {
		pline *ln = &P->lines[i];
		int k = (tok_is(&ln->t[0], "defer") || tok_is(&ln->t[0], "go")) && ln->nt > 1 ? 1 : 0;
		if ((tok_is(&ln->t[k], "timer") || tok_is(&ln->t[k], "ticker")) && ln->t[k + 1].kind == TK_WORD) {
			ptok *nt = &ln->t[k + 1];
			const char *name = tok_name(P, nt);
			vsym *s = vsym_find(C, name, 0);
			if (s && s->kind != SYM_TIMER)
				perr_tok(P, nt, "'%s' is a %s, not a timer", name, symkind_name(s->kind));
			if (!s) {
				if (C->nsyms == VCOMP_MAX_SYMS)
					perr_tok(P, nt, "too many names in one variant (at most %d)", VCOMP_MAX_SYMS);
				for (int j = 0; j < nt->len; j++)
					if (nt->s[j] == '.' || nt->s[j] == '-')
						perr_tok(P, nt, "bad timer name %s (letters, digits and _ only)", tok_desc(P, nt));
				pg->chans = gmp_xrealloc(pg->chans, sizeof *pg->chans * (size_t)(pg->nchans + 1));
				pg->chans[pg->nchans] = (gmp_chandef){ gmp_xstrdup(name), 0, true };
				C->syms[C->nsyms++] = (vsym){ .name = name, .kind = SYM_TIMER, .index = pg->nchans++,
				                              .decl = ln, .origin = origin };
			}
		}
		if (ln->child >= 0)
			stmt_collect_timers(C, &P->lines[ln->child], origin);
	}
}

/* ---- call graph --------------------------------------------------------- */

typedef struct cgraph {
	vcomp *C;
	int *depth;   /* per function: frames of its deepest call chain; 0 = unknown */
	int chain[GMP_MAX_CALL_DEPTH + 2];
	int nchain;
} cgraph;

static _Noreturn void chain_error(cgraph *G, int f, int op, int g, const char *what)
{
	vcomp *C = G->C;
	gmp_program *pg = &C->v->prog;
	char buf[512];
	size_t n = 0;
	for (int i = 0; i < G->nchain && n < sizeof buf - 80; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%s -> ", pg->funcs[G->chain[i]].name);
	snprintf(buf + n, sizeof buf - n, "%s", pg->funcs[g].name);
	perr(C->P, pg->funcs[f].ops[op].src_line, C->fcols[f][op], "%s: %s", what, buf);
}

static int call_depth(cgraph *G, int f)
{
	gmp_program *pg = &G->C->v->prog;
	if (G->depth[f] > 0)
		return G->depth[f];
	G->chain[G->nchain++] = f;
	int d = 1;
	for (int j = 0; j < pg->funcs[f].nops; j++) {
		gmp_op *o = &pg->funcs[f].ops[j];
		if ((o->kind != OP_CALL && o->kind != OP_DEFER) || o->obj < 0)
			continue;
		for (int i = 0; i < G->nchain; i++)
			if (G->chain[i] == o->obj)
				chain_error(G, f, j, o->obj, "recursive call (the simulated stack has no recursion)");
		if (G->nchain == GMP_MAX_CALL_DEPTH)
			chain_error(G, f, j, o->obj, "call chain too deep (the engine allows 6 frames)");
		int cd = 1 + call_depth(G, o->obj);
		if (G->nchain - 1 + cd > GMP_MAX_CALL_DEPTH)
			chain_error(G, f, j, o->obj, "call chain too deep (the engine allows 6 frames)");
		if (cd > d)
			d = cd;
	}
	G->nchain--;
	G->depth[f] = d;
	return d;
}

/* place_locals gives each function its first slot in a goroutine's locals:
 * after the slots of every function that calls (or defers) it, so that the
 * functions of one call chain never share a slot. The call graph has no
 * cycle (call_depth checked), so relaxing the bases once per function
 * settles them. */
static void place_locals(vcomp *C)
{
	gmp_program *pg = &C->v->prog;
	for (int round = 0; round < pg->nfuncs; round++) {
		bool moved = false;
		for (int f = 0; f < pg->nfuncs; f++)
			for (int j = 0; j < pg->funcs[f].nops; j++) {
				gmp_op *o = &pg->funcs[f].ops[j];
				if ((o->kind != OP_CALL && o->kind != OP_DEFER) || o->obj < 0)
					continue;
				int need = pg->funcs[f].local_base + pg->funcs[f].nlocals;
				if (pg->funcs[o->obj].local_base < need) {
					pg->funcs[o->obj].local_base = need;
					moved = true;
				}
			}
		if (!moved)
			break;
	}
	for (int f = 0; f < pg->nfuncs; f++)
		if (pg->funcs[f].local_base + pg->funcs[f].nlocals > GMP_MAX_LOCALS) {
			pline *at = C->fbody[f];
			perr(C->P, at ? at->lineno : 1, at ? at->t[0].col : 1,
			     "too many parameters and locals along the calls into %s (at most %d on one call chain)",
			     pg->funcs[f].name, GMP_MAX_LOCALS);
		}
}

void stmt_check_calls(vcomp *C)
{
	gmp_program *pg = &C->v->prog;
	cgraph G = { .C = C };
	G.depth = pa_alloc(C->P, sizeof *G.depth * (size_t)(pg->nfuncs + 1));
	for (int f = 0; f < pg->nfuncs; f++)
		call_depth(&G, f);
	place_locals(C);
}
