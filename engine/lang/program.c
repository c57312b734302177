/*
 * program.c — lifetime of a compiled program (program.h). The default settings
 * of a variant are the engine's (runtime/config.c).
 */
#include "program.h"

#include <stdbool.h>
#include <stdlib.h>

/* program_free releases everything p owns and leaves it empty. Safe on a
 * partially built or zeroed program. */
void program_free(gmp_program *p)
{
	if (!p)
		return;
	for (int i = 0; i < p->nfuncs; i++) {
		free(p->funcs[i].name);
		free(p->funcs[i].ops);
	}
	free(p->funcs);
	free(p->init_funcs);
	free(p->xcode);
	for (int i = 0; i < p->nsyncs; i++)
		free(p->syncs[i].name);
	free(p->syncs);
	free(p->xargs);
	for (int i = 0; i < p->nchans; i++)
		free(p->chans[i].name);
	free(p->chans);
	for (int i = 0; i < p->nstreams; i++)
		free(p->streams[i].name);
	free(p->streams);
	char ***tabs[] = { &p->mutexes, &p->waitgroups, &p->vars, &p->counters, &p->probes, &p->strings };
	int *ns[] = { &p->nmutexes, &p->nwaitgroups, &p->nvars, &p->ncounters, &p->nprobes, &p->nstrings };
	for (size_t t = 0; t < sizeof tabs / sizeof tabs[0]; t++) {
		for (int i = 0; i < *ns[t]; i++)
			free((*tabs[t])[i]);
		free(*tabs[t]);
	}
	*p = (gmp_program){ .main_func = -1 };
}

bool gmp_op_is_call(const gmp_program *prog, const gmp_op *op)
{
	switch (op->kind) {
	case OP_WORK:
		return !(op->flags & OPF_NOCALL);
	case OP_CALL:   /* an inlined call has no prologue */
		return !prog->funcs[op->obj].inlinable;
	case OP_NOP: case OP_REPEAT: case OP_END: case OP_BREAK: case OP_ELSE:
	case OP_IF_CHANCE: case OP_IF_VAR: case OP_LOAD: case OP_STORE: case OP_SET:
	case OP_ATOMIC_ADD: case OP_COUNT: case OP_TLS_CHECK: case OP_TLS_SET:
	case OP_IF_EXPR: case OP_WHILE: case OP_LET: case OP_RECORD: case OP_IF_CAS:
	case OP_ONCE_DONE:
	/* sync.Mutex: Lock's and Unlock's fast paths (one CAS, one atomic add)
	 * and TryLock are inlined into the caller; a contended Lock parks,
	 * which is a scheduling point of its own, not a prologue */
	case OP_LOCK: case OP_UNLOCK: case OP_IF_TRYLOCK:
		return false;
	default:
		return true;
	}
}

/* is_leaf: no op of f is a call (a call to another function, inlined or
 * not, makes f no leaf: its callee's body would add to f's). */
static bool is_leaf(const gmp_program *prog, const gmp_func *f)
{
	for (int i = 0; i < f->nops; i++)
		if (f->ops[i].kind == OP_CALL || gmp_op_is_call(prog, &f->ops[i]))
			return false;
	return true;
}

void program_inline_leaves(gmp_program *prog)
{
	for (int i = 0; i < prog->nfuncs; i++) {
		gmp_func *f = &prog->funcs[i];
		if (f->nops <= INLINE_LEAF_MAX_OPS && i != prog->main_func && is_leaf(prog, f))
			f->inlinable = true;
	}
}
