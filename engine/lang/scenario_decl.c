/*
 * scenario_decl.c — the declarations of a variant's body: chan, mutex,
 * rwmutex, waitgroup, once, cond, ctx, var, stream, counter, probe and func
 * (with its parameters and `inline`), each a name in the variant's table;
 * a `like` variant's redeclaration replaces the name's definition. Names are
 * checked here too: plain, not reserved (counters and probes have
 * namespaces of their own).
 */
#include <string.h>

#include "scenario_int.h"

static bool in_list(const ptok *t, const char *const *l)
{
	for (; *l; l++)
		if (tok_is(t, *l))
			return true;
	return false;
}

/* ident checks that t is a plain name: letters, digits and _, not a keyword
 * (counters and probes have namespaces of their own: any plain name). */
const char *sc_ident(parser *P, const ptok *t, const char *what)
{
	bool own = strcmp(what, "counter") == 0 || strcmp(what, "probe") == 0;
	if (t->kind != TK_WORD)
		perr_tok(P, t, "expected %s name, found %s", what, tok_desc(P, t));
	for (int i = 0; i < t->len; i++)
		if (t->s[i] == '.' || t->s[i] == '-')
			perr_tok(P, t, "bad %s name %s (letters, digits and _ only)", what, tok_desc(P, t));
	if (!own && in_list(t, sc_reserved))
		perr_tok(P, t, "%s is a reserved word, not usable as a %s name", tok_desc(P, t), what);
	return tok_name(P, t);
}

static void grow_names(char ***tab, int *n, const char *name)
{
	*tab = gmp_xrealloc(*tab, sizeof **tab * (size_t)(*n + 1));
	(*tab)[*n] = gmp_xstrdup(name);
	(*n)++;
}

/* func_sig reads what follows `func NAME`: parameters `(n, d duration,
 * t0 time)` (a name alone is an integer) and `inline`. */
static fsig *func_sig(vcomp *C, pcur *c, const char *fname)
{
	parser *P = C->P;
	fsig *sg = pa_alloc(P, sizeof *sg);
	if (cur_is_op(c, PO_LPAREN)) {
		ptok *open = cur_next(c);
		while (!cur_is_op(c, PO_RPAREN)) {
			ptok *n = cur_next(c);
			const char *pn = sc_ident(P, n, "parameter");
			if (strcmp(pn, "i") == 0 || strcmp(pn, "now") == 0 || strcmp(pn, "numgoroutine") == 0)
				perr_tok(P, n, "'%s' is a built-in value, not usable as a parameter name", pn);
			for (int k = 0; k < sg->nparams; k++)
				if (strcmp(sg->params[k].name, pn) == 0)
					perr_tok(P, n, "duplicate parameter '%s'", pn);
			if (sg->nparams == GMP_MAX_LOCALS)
				perr_tok(P, n, "too many parameters (at most %d)", GMP_MAX_LOCALS);
			uint8_t unit = U_NUM;
			ptok *ty = cur_peek(c);
			if (tok_is(ty, "int")) {
				cur_next(c);
			} else if (tok_is(ty, "duration") || tok_is(ty, "time.Duration")) {
				cur_next(c);
				unit = U_DUR;
			} else if (tok_is(ty, "time") || tok_is(ty, "time.Time")) {
				cur_next(c);
				unit = U_TIME;
			} else if (ty->kind == TK_WORD) {
				perr_tok(P, ty, "unknown parameter type %s (int, duration or time)", tok_desc(P, ty));
			}
			sg->params[sg->nparams++] = (flocal){ pn, unit };
			if (cur_is_op(c, PO_COMMA)) {
				cur_next(c);
				continue;
			}
			if (!cur_is_op(c, PO_RPAREN))
				perr_tok(P, cur_peek(c), "expected ',' or ')' to close the '(' at column %d, found %s",
				         open->col, tok_desc(P, cur_peek(c)));
		}
		cur_next(c);
	}
	if (tok_is(cur_peek(c), "inline")) {
		cur_next(c);
		sg->inlinable = true;
	}
	if ((strcmp(fname, "main") == 0 || strcmp(fname, "init") == 0) && sg->nparams > 0)
		perr_tok(P, cur_peek(c), "func %s takes no parameters", fname);
	return sg;
}

void sc_declare(vcomp *C, vitem *it)
{
	parser *P = C->P;
	gmp_program *pg = &C->v->prog;
	pline *ln = it->ln;
	ptok *k = &ln->t[0];
	pcur c = { P, ln, 1 };
	int kind = tok_is(k, "func") ? SYM_FUNC : tok_is(k, "chan") ? SYM_CHAN : tok_is(k, "mutex") ? SYM_MUTEX :
	           tok_is(k, "waitgroup") ? SYM_WG : tok_is(k, "var") ? SYM_VAR : tok_is(k, "stream") ? SYM_STREAM :
	           tok_is(k, "counter") ? SYM_COUNTER : tok_is(k, "probe") ? SYM_PROBE :
	           tok_is(k, "rwmutex") ? SYM_RWMUTEX : tok_is(k, "once") ? SYM_ONCE : tok_is(k, "cond") ? SYM_COND :
	           tok_is(k, "ctx") ? SYM_CTX : 0;
	if (!kind) {
		if (k->kind == TK_WORD && (ln->child < 0 || tok_is(k, "repeat") || tok_is(k, "if")))
			perr_tok(P, k, "%s cannot stand here: a variant holds set, chan, mutex, rwmutex, waitgroup, once, "
			         "cond, ctx, var, stream, counter, probe and func lines (statements go inside a func)",
			         tok_desc(P, k));
		perr_tok(P, k, "expected a declaration (set, chan, mutex, rwmutex, waitgroup, once, cond, ctx, var, stream, "
		         "counter, probe, func), found %s", tok_desc(P, k));
	}
	if (kind != SYM_FUNC)
		sc_no_body(P, ln);
	ptok *nt = cur_next(&c);
	const char *name = sc_ident(P, nt, symkind_name(kind));
	/* counters and probes have namespaces of their own */
	vsym *old = vsym_find(C, name, (kind == SYM_COUNTER || kind == SYM_PROBE) ? kind : 0);
	if (old && old->origin == it->origin)
		perr_tok(P, nt, "duplicate name '%s' (a %s declared at line %d)", name, symkind_name(old->kind),
		         old->decl->lineno);
	if (old && old->kind != kind)
		perr_tok(P, nt, "'%s' is a %s in the variant this one is like; redeclare it as a %s or pick another name",
		         name, symkind_name(old->kind), symkind_name(old->kind));
	xtree t;
	int64_t cap = 0;
	gmp_streamdef sd = { .count = -1 };
	fsig *sg = kind == SYM_FUNC ? func_sig(C, &c, name) : NULL;
	if (kind == SYM_CHAN && !cur_at_end(&c)) {
		xparse(&c, &t);
		cap = pv_int(P, &t, xeval_p(P, &t, vcomp_resolve, C), U_NUM, 0, 10000000, "channel capacity");
	} else if (kind == SYM_COND) {
		ptok *mt = cur_next(&c);
		vsym *ms = mt->kind == TK_WORD ? vsym_find(C, tok_name(P, mt), SYM_MUTEX) : NULL;
		if (!ms)
			perr_tok(P, mt, "cond needs its mutex, declared above: cond %s MUTEX (sync.NewCond(&mu))", name);
		cap = ms->index;   /* the cond's L */
	} else if (kind == SYM_STREAM) {
		ptok *e = cur_next(&c);
		if (!tok_is(e, "every"))
			perr_tok(P, e, "stream needs the time between events: stream %s every 10us [count N] [start T]", name);
		xparse(&c, &t);
		sd.every = pv_int(P, &t, xeval_p(P, &t, vcomp_resolve, C), U_DUR, 1, 3600000000000LL, "every");
		bool have_count = false, have_start = false;
		while (!cur_at_end(&c)) {
			ptok *o = cur_next(&c);
			if (tok_is(o, "count") && !have_count) {
				have_count = true;
				xparse(&c, &t);
				sd.count = pv_int(P, &t, xeval_p(P, &t, vcomp_resolve, C), U_NUM, 1, 1LL << 40, "count");
			} else if (tok_is(o, "start") && !have_start) {
				have_start = true;
				xparse(&c, &t);
				sd.start = pv_int(P, &t, xeval_p(P, &t, vcomp_resolve, C), U_DUR, 0, 3600000000000LL, "start");
			} else {
				perr_tok(P, o, "unexpected %s (stream NAME every D [count N] [start T])", tok_desc(P, o));
			}
		}
	}
	sc_need_end(&c);
	if (kind == SYM_FUNC && ln->child < 0)
		perr_tok(P, nt, "func %s has no body (indent its statements under it)", name);
	if (old) { /* replace what the like-variant declared */
		old->decl = ln;
		old->origin = it->origin;
		if (kind == SYM_FUNC) {
			C->fbody[old->index] = ln;
			C->fsigs[old->index] = sg;
		}
		else if (kind == SYM_CHAN)
			pg->chans[old->index].cap = cap;
		else if (kind == SYM_COND)
			pg->syncs[old->index].mutex = (int32_t)cap;
		else if (kind == SYM_STREAM) {
			sd.name = pg->streams[old->index].name;
			pg->streams[old->index] = sd;
		}
		return;
	}
	if (C->nsyms == VCOMP_MAX_SYMS)
		perr_tok(P, nt, "too many names in one variant (at most %d)", VCOMP_MAX_SYMS);
	vsym *s = &C->syms[C->nsyms];
	*s = (vsym){ .name = name, .kind = (uint8_t)kind, .decl = ln, .origin = it->origin };
	switch (kind) {
	case SYM_FUNC:
		s->index = vcomp_add_func(C, name, ln);
		C->fsigs[s->index] = sg;
		break;
	case SYM_CHAN:
		pg->chans = gmp_xrealloc(pg->chans, sizeof *pg->chans * (size_t)(pg->nchans + 1));
		pg->chans[pg->nchans] = (gmp_chandef){ gmp_xstrdup(name), cap, false };
		s->index = pg->nchans++;
		break;
	case SYM_STREAM:
		pg->streams = gmp_xrealloc(pg->streams, sizeof *pg->streams * (size_t)(pg->nstreams + 1));
		sd.name = gmp_xstrdup(name);
		pg->streams[pg->nstreams] = sd;
		s->index = pg->nstreams++;
		break;
	case SYM_CTX:   /* Done: a channel that cancel closes */
		pg->chans = gmp_xrealloc(pg->chans, sizeof *pg->chans * (size_t)(pg->nchans + 1));
		pg->chans[pg->nchans] = (gmp_chandef){ gmp_xstrdup(name), 0, false };
		s->index = pg->nchans++;
		break;
	case SYM_RWMUTEX: case SYM_ONCE: case SYM_COND:
		pg->syncs = gmp_xrealloc(pg->syncs, sizeof *pg->syncs * (size_t)(pg->nsyncs + 1));
		pg->syncs[pg->nsyncs] = (gmp_syncdef){ gmp_xstrdup(name),
		                                       kind == SYM_RWMUTEX ? SYNC_RWMUTEX : kind == SYM_ONCE ? SYNC_ONCE : SYNC_COND,
		                                       (int32_t)cap };
		s->index = pg->nsyncs++;
		break;
	case SYM_MUTEX: s->index = pg->nmutexes; grow_names(&pg->mutexes, &pg->nmutexes, name); break;
	case SYM_WG: s->index = pg->nwaitgroups; grow_names(&pg->waitgroups, &pg->nwaitgroups, name); break;
	case SYM_VAR: s->index = pg->nvars; grow_names(&pg->vars, &pg->nvars, name); break;
	case SYM_COUNTER: s->index = pg->ncounters; grow_names(&pg->counters, &pg->ncounters, name); break;
	default: s->index = pg->nprobes; grow_names(&pg->probes, &pg->nprobes, name); break;
	}
	C->nsyms++;
}

