/*
 * exec_expr.c — run-time values: the expressions of program.h (gmp_xop),
 * a goroutine's locals (parameters and `let`), and the ops built on them:
 * `if COND`, `for COND`, `let` and the arguments a call or a `go` passes.
 *
 * An op whose `a` is an expression (OPF_XA) has it evaluated by the batch
 * loop (exec.c) just before the op runs, so every op reads a plain number.
 * Locals live in the G's cold fields (gext_t.locals), at the slots the
 * parser gave each function (gmp_func.local_base): a function on a call
 * chain never shares slots with another on that chain, as there is no
 * recursion. Expressions have no side effects, cost nothing beyond the op
 * that reads them, and are no preemption point.
 */
#include "exec.h"
#include "costs.h"
#include "proc.h"

/* local_slot is slot k of the function fn in gp's locals. */
static int64_t *local_slot(gmp_engine *e, g_t *gp, int fn, int64_t k)
{
	return &g_ext(e, gp)->locals[e->prog->funcs[fn].local_base + k];
}

/* loop_counter is the innermost repeat counter of gp (`i`), else its arg. */
static int64_t loop_counter(gmp_engine *e, g_t *gp)
{
	for (int k = gp->depth - 1; k >= 0; k--) {
		if (gp->callmask & (1u << k))
			break;
		return *g_frame(e, gp, k);
	}
	return gp->arg;
}

/* binop applies an arithmetic or comparison step; false on a division by
 * zero (Go panics). */
static bool binop(int kind, int64_t a, int64_t b, int64_t *out)
{
	switch (kind) {
	case XO_ADD: *out = (int64_t)((uint64_t)a + (uint64_t)b); return true;
	case XO_SUB: *out = (int64_t)((uint64_t)a - (uint64_t)b); return true;
	case XO_MUL: *out = (int64_t)((uint64_t)a * (uint64_t)b); return true;
	case XO_DIV:
	case XO_MOD:
		if (b == 0)
			return false;
		if (b == -1) {   /* INT64_MIN / -1 wraps in Go */
			*out = kind == XO_DIV ? (int64_t)(0 - (uint64_t)a) : 0;
			return true;
		}
		*out = kind == XO_DIV ? a / b : a % b;
		return true;
	case XO_LT: *out = a < b; return true;
	case XO_LE: *out = a <= b; return true;
	case XO_GT: *out = a > b; return true;
	case XO_GE: *out = a >= b; return true;
	case XO_EQ: *out = a == b; return true;
	case XO_NE: *out = a != b; return true;
	case XO_AND: *out = a && b; return true;
	default: *out = a || b; return true;   /* XO_OR */
	}
}

bool exec_xeval(gmp_engine *e, g_t *gp, int64_t at, int64_t *out)
{
	int64_t st[GMP_MAX_XSTACK];
	int sp = 0;
	for (const gmp_xop *x = &e->prog->xcode[at];; x++) {
		switch ((gmp_xopkind)x->kind) {
		case XO_END:
			*out = sp > 0 ? st[sp - 1] : 0;
			return true;
		case XO_CONST: st[sp++] = x->v; break;
		case XO_LOCAL:
			st[sp++] = gp->ext == NIL ? 0 : *local_slot(e, gp, gp->fn, x->v);
			break;
		case XO_LOOPI: st[sp++] = loop_counter(e, gp); break;
		case XO_NOW:   /* time.Now: a vDSO clock read */
			st[sp++] = e->now;
			e->xcost += COST_NANOTIME;
			break;
		case XO_NUMG: st[sp++] = e->nlive; break;
		case XO_PROCS: st[sp++] = e->gomaxprocs; break;
		case XO_VAR: st[sp++] = e->vars[x->v]; break;
		case XO_NEG: st[sp - 1] = (int64_t)(0 - (uint64_t)st[sp - 1]); break;
		case XO_NOT: st[sp - 1] = !st[sp - 1]; break;
		default:
			sp--;
			if (!binop(x->kind, st[sp - 1], st[sp], &st[sp - 1])) {
				engine_fatal_error(e, EV_FATAL, "panic: runtime error: integer divide by zero");
				return false;
			}
			break;
		}
	}
}

int exec_eval_args(gmp_engine *e, g_t *from, const gmp_op *op, int64_t v[GMP_MAX_LOCALS])
{
	if (!(op->flags & OPF_ARGS))
		return 0;
	const int32_t *args = &e->prog->xargs[op->b];
	for (int k = 0; k < args[0]; k++)
		if (!exec_xeval(e, from, args[1 + k], &v[k]))
			return -1;
	return args[0];
}

void exec_store_args(gmp_engine *e, g_t *to, int fn, const int64_t *v, int n)
{
	for (int k = 0; k < n; k++)
		*local_slot(e, to, fn, k) = v[k];
}

/* exec_if_expr takes its branch when the condition (op->a, evaluated) holds. */
exec_step exec_if_expr(exec_ctx *x, const gmp_op *op)
{
	x->gp->pc = op->a ? x->gp->pc + 1 : op->jump + 1;
	return STEP_NEXT;
}

/* exec_while heads a `for COND` loop: the condition is read at every turn
 * (its END jumps back here); false leaves the loop. */
exec_step exec_while(exec_ctx *x, const gmp_op *op)
{
	g_t *gp = x->gp;
	if (op->a) {
		gp->pc++;
	} else {
		gp->iterflags = 0;
		gp->itercpu = 0;
		gp->pc = op->jump + 1;
	}
	return STEP_NEXT;
}

/* exec_let stores a value in local slot op->obj of the current function. */
exec_step exec_let(exec_ctx *x, const gmp_op *op)
{
	*local_slot(x->e, x->gp, x->gp->fn, op->obj) = op->a;
	x->gp->pc++;
	return STEP_NEXT;
}
