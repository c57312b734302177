/*
 * exec_flow.c — control flow: loops, branches, calls, defers and returns.
 *
 * A G's stack is a few frames (MAX_FRAMES): a loop pushes its counter (and,
 * for `repeat read`, its count); a call pushes its return address
 * (fn<<16 | pc), and g.callmask marks which frames are return addresses.
 * `defer` records (call depth<<16 | fn) on the G; a return first runs the
 * deferred calls of its depth, each as a call that returns to the same
 * RETURN, as deferreturn does in the runtime (panic.go).
 *
 * A loop's back-edge closes an iteration (end_iteration): an iteration that
 * polled in vain and synchronised with no one counts its CPU as wasted. No control-flow op is a call (see
 * is_call in exec.c) except CALL, RETURN and DEFER.
 */
#include "exec.h"
#include "goidx.h"
#include "proc.h"
#include "race.h"
#include "rand.h"

/* ncallframes: how many of gp's frames are return addresses (its call
 * depth, which tags each defer). */
static int ncallframes(const g_t *gp)
{
	return __builtin_popcount(gp->callmask & ((1u << gp->depth) - 1));
}

/* retaddr: the return address of gp's current op, for a call it makes. */
static int32_t retaddr(const g_t *gp)
{
	return (int32_t)((uint32_t)gp->fn << 16 | (uint32_t)gp->pc);
}

/* frame_at: gp's frame k, which a push made (k < depth), so that its gext
 * exists when k >= G_HOT_FRAMES. Unlike g_frame it never allocates, which
 * keeps the loop back-edge free of calls (exec_end runs at every turn). */
static int32_t *frame_at(const gmp_engine *e, g_t *gp, int k)
{
	return k < G_HOT_FRAMES ? &gp->frames[k] : &GX(e, gp->ext)->frames[k - G_HOT_FRAMES];
}

static void pop(g_t *gp, int n)
{
	gp->depth = (uint8_t)(gp->depth - n);
}

/* loop_frames: the frames a loop headed by head holds (`repeat read` keeps
 * its count beside its counter). */
static int loop_frames(const gmp_op *head)
{
	if (head->kind == OP_WHILE)
		return 0;
	return (head->kind == OP_REPEAT && (head->flags & (OPF_COUNT_READ | OPF_XA))) ? 2 : 1;
}

/* repeat_forever: the loop headed by head has no count. */
static bool repeat_forever(const gmp_op *head)
{
	return (head->flags & OPF_FOREVER) || (!(head->flags & OPF_COUNT_READ) && head->a < 0);
}

/* end_iteration is a loop back-edge. An iteration is wasted when it polled
 * and found nothing (a failed TryLock, a default select, an unchanged flag)
 * and completed no synchronisation with another goroutine (a channel op, a
 * Lock, a poll that found something, a WaitGroup op, a go), no I/O (a
 * syscall, a read, a print, cgo) and no blocking (a park, a sleep). CPU
 * work, a plain store, a private counter and an atomic add make nothing
 * useful: a spin that counts its turns burns a core all the same (real
 * Go: tests/real spincpu, one whole core for each busy wait). */
static void end_iteration(gmp_engine *e, g_t *gp)
{
	if ((gp->iterflags & IT_POLL_FAILED) && !(gp->iterflags & IT_PROGRESS))
		e->mt.cpu_wasted_ns += gp->itercpu;
	gp->iterflags = 0;
	gp->itercpu = 0;
}

/* exec_leave leaves the current function: deferred calls registered at this
 * depth run first; then the caller resumes, or the goroutine ends (goexit0,
 * after proc.go; main's return ends the process, as runtime.main calls
 * exit(0)). With goexit, every deferred call runs and the goroutine ends
 * (runtime.Goexit, after panic.go). Returns false when the G is gone (the
 * caller must stop). */
bool exec_leave(gmp_engine *e, m_t *mp, int32_t gi, bool goexit)
{
	g_t *gp = G(e, gi);
	int calls = ncallframes(gp);
	if (gp->ndefer > 0) {
		uint32_t d = *g_defer(e, gp, gp->ndefer - 1);
		if (goexit || (int)(d >> 16) == calls) {
			gp->ndefer--;
			/* call the deferred function; it returns to this same op */
			if (!exec_push(e, gp, retaddr(gp), true))
				return false;
			gp->fn = (uint16_t)(d & 0xffff);
			gp->pc = 0;
			return true;
		}
	}
	if (!goexit && calls > 0) {
		while (gp->depth > 0 && !(gp->callmask & (1u << (gp->depth - 1))))
			gp->depth--;
		int32_t ret = *g_frame(e, gp, --gp->depth);
		gp->fn = (uint16_t)((uint32_t)ret >> 16);
		gp->pc = (int32_t)((uint32_t)ret & 0xffff);
		if (gp->pc == PC_ENTRY) {   /* return into a function's entry (init) */
			gp->pc = 0;
			return true;
		}
		const gmp_op *at = &e->prog->funcs[gp->fn].ops[gp->pc];
		/* back from a deferred call: the RETURN (or Goexit) runs again */
		if (gp->pc < e->prog->funcs[gp->fn].nops && (at->kind == OP_RETURN || at->kind == OP_GOEXIT))
			return true;
		if (gp->pc >= e->prog->funcs[gp->fn].nops)
			return true;
		gp->pc++;
		return true;
	}
	/* the goroutine's function returned (or Goexit ran out of defers) */
	if (gi == e->main_g && !goexit) {
		/* main returned: the process exits with everyone else in it */
		g_setstatus(e, gp, G_DEAD, WAIT_NONE);
		goidx_del(e, gp);   /* the views' goid index (goidx.c) */
		e->nlive--;
		e->main_g = NIL;
		mp->curg = NIL;
		engine_exit(e, 0);
		return false;
	}
	if (gi == e->main_g)
		e->main_goexit = true;
	goexit0(e, mp, gi);
	return false;
}

/* exec_nop does nothing. */
exec_step exec_nop(exec_ctx *x, const gmp_op *op)
{
	(void)op;
	x->gp->pc++;
	return STEP_NEXT;
}

/* exec_repeat enters a `repeat` loop: it pushes the count (`repeat read`:
 * the events of the last stream read) and the counter, or skips the body. */
exec_step exec_repeat(exec_ctx *x, const gmp_op *op)
{
	gmp_engine *e = x->e;
	g_t *gp = x->gp;
	int64_t count = op->a;
	if (op->flags & OPF_COUNT_READ)
		count = g_nread(e, gp);
	if (!repeat_forever(op) && count <= 0) {
		gp->pc = op->jump + 1;
		return STEP_NEXT;
	}
	if (op->flags & (OPF_COUNT_READ | OPF_XA)) {   /* a count read at run time */
		if (count > INT32_MAX)
			count = INT32_MAX;
		if (!exec_push(e, gp, (int32_t)count, false))
			return STEP_STOP;
	}
	if (!exec_push(e, gp, 0, false))
		return STEP_STOP;
	gp->iterflags = 0;
	gp->itercpu = 0;
	gp->pc++;
	return STEP_NEXT;
}

/* exec_end closes a block: a loop's back-edge (the next iteration, or out
 * of the loop), the end of a select case's body, or of an `if`. */
exec_step exec_end(exec_ctx *x, const gmp_op *op)
{
	gmp_engine *e = x->e;
	g_t *gp = x->gp;
	const gmp_op *head = &x->f->ops[op->jump];
	if (head->kind == OP_REPEAT) {
		end_iteration(e, gp);
		int32_t *i = frame_at(e, gp, gp->depth - 1);
		(*i)++;
		int64_t count = (head->flags & (OPF_COUNT_READ | OPF_XA)) ? *frame_at(e, gp, gp->depth - 2) : head->a;
		if (repeat_forever(head) || *i < count) {
			gp->pc = op->jump + 1;
		} else {
			pop(gp, loop_frames(head));
			gp->pc++;
		}
	} else if (head->kind == OP_RANGE) {
		end_iteration(e, gp);
		pop(gp, 1);
		gp->pc = op->jump;   /* the RANGE receives again */
	} else if (head->kind == OP_WHILE) {
		end_iteration(e, gp);
		gp->pc = op->jump;   /* the WHILE reads its condition again */
	} else if (head->kind == OP_SELECT) {
		gp->pc = head->jump;
	} else {
		gp->pc++;
	}
	return STEP_NEXT;
}

/* exec_break leaves the innermost loop, dropping its frames. */
exec_step exec_break(exec_ctx *x, const gmp_op *op)
{
	g_t *gp = x->gp;
	const gmp_func *f = x->f;
	const gmp_op *end = &f->ops[op->jump];
	pop(gp, loop_frames(&f->ops[end->jump]));
	gp->pc = op->jump + 1;
	return STEP_NEXT;
}

/* exec_if_chance takes its branch with probability op->a ppm, drawn from
 * the engine's seeded PRNG. */
exec_step exec_if_chance(exec_ctx *x, const gmp_op *op)
{
	g_t *gp = x->gp;
	if ((int64_t)fastrandn(x->e, 1000000) < op->a)
		gp->pc++;
	else
		gp->pc = op->jump + 1;
	return STEP_NEXT;
}

/* exec_if_var is a flag check (if var == a): a plain load and a compare,
 * a polling branch. */
exec_step exec_if_var(exec_ctx *x, const gmp_op *op)
{
	gmp_engine *e = x->e;
	x->cost = COST_MEMOP;
	if (e->cfg.race)
		race_access(e, x->gi, op->obj, false, false);
	exec_poll_branch(x->gp, op, e->vars[op->obj] == op->a);
	return STEP_NEXT;
}

/* exec_else ends an `if`'s then-branch: it jumps over the else-branch. */
exec_step exec_else(exec_ctx *x, const gmp_op *op)
{
	x->gp->pc = op->jump + 1;
	return STEP_NEXT;
}

/* exec_call calls function op->obj: its return address goes on the stack. */
exec_step exec_call(exec_ctx *x, const gmp_op *op)
{
	g_t *gp = x->gp;
	int64_t v[GMP_MAX_LOCALS];
	int n = exec_eval_args(x->e, gp, op, v);
	if (n < 0 || !exec_push(x->e, gp, retaddr(gp), true))
		return STEP_STOP;
	exec_store_args(x->e, gp, op->obj, v, n);
	gp->fn = (uint16_t)op->obj;
	gp->pc = 0;
	return STEP_NEXT;
}

/* exec_return returns from the current function (exec_leave). */
exec_step exec_return(exec_ctx *x, const gmp_op *op)
{
	(void)op;
	return exec_leave(x->e, x->mp, x->gi, false) ? STEP_NEXT : STEP_STOP;
}

/* exec_defer registers a deferred call of op->obj at the current call
 * depth (deferproc, after panic.go); at most MAX_DEFERS are pending, and
 * further ones are dropped. */
exec_step exec_defer(exec_ctx *x, const gmp_op *op)
{
	gmp_engine *e = x->e;
	g_t *gp = x->gp;
	if (gp->ndefer < MAX_DEFERS)
		*g_defer(e, gp, gp->ndefer++) = (uint32_t)ncallframes(gp) << 16 | (uint32_t)op->obj;
	gp->pc++;
	return STEP_NEXT;
}
