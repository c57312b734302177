/*
 * exec_chan.c — channel ops and select, as a goroutine's code runs them.
 *
 * The channels themselves live in chan.c (hchan, its wait queues, select's
 * lock-free passes). Here is the goroutine's side: an op that cannot
 * complete parks the G with its pc on the op; the G's waker (a receiver, a
 * sender, close, a timer) completes it and leaves the outcome in g.sel
 * (SEL_DONE, SEL_CLOSED, or a select's case index), and the op, run again,
 * consumes it. Every channel op is a call into the runtime, so a pending
 * preemption is honoured before it (is_call in exec.c).
 *
 * A sent value is (the sender's `arg` << 32 | its count of sends so far):
 * the order the program meant, from which chan.c counts reordered items.
 */
#include "exec.h"
#include "chan.h"

/* exec_range runs one turn of `for v := range c` (chanrecv2, after
 * chan.go): a receive that enters the body, or leaves the loop once c is
 * closed and drained. The body's END jumps back here (exec_end). */
exec_step exec_range(exec_ctx *x, const gmp_op *op)
{
	gmp_engine *e = x->e;
	g_t *gp = x->gp;
	bool closed = false;
	x->cost = COST_CHANOP;
	if (exec_woken(gp)) {
		closed = gp->sel == SEL_CLOSED;
		gp->sel = SEL_NONE;
	} else if (chan_recv(e, x->mp, x->gi, op->obj, true, &closed) == 0) {
		return STEP_STOP;   /* parked */
	}
	if (closed) {
		gp->pc = op->jump + 1;
		return STEP_NEXT;
	}
	if (!exec_push(e, gp, 0, false))
		return STEP_STOP;
	gp->pc++;
	gp->iterflags |= IT_PROGRESS;
	return STEP_NEXT;
}

/* exec_makechan (re)makes channel op->obj with capacity op->a (makechan,
 * after chan.go). */
exec_step exec_makechan(exec_ctx *x, const gmp_op *op)
{
	chan_make(x->e, op->obj, op->a);
	x->cost = COST_ALLOC;
	x->gp->pc++;
	return STEP_NEXT;
}

/* exec_send runs `c <- v` (chansend, after chan.go). */
exec_step exec_send(exec_ctx *x, const gmp_op *op)
{
	gmp_engine *e = x->e;
	g_t *gp = x->gp;
	x->cost = COST_CHANOP;
	if (exec_woken(gp)) {
		gp->sel = SEL_NONE;   /* a receiver took our item while we were parked */
	} else {
		/* the value: which goroutine (its `arg`, go f(i)) and how many
		 * items it sent before — the order the program meant */
		item_t it = { (int64_t)gp->arg << 32 | g_nsent(e, gp), e->now };
		int r = chan_send(e, x->mp, x->gi, op->obj, it, true);
		if (r == 0)
			return STEP_STOP;   /* parked */
		if (r < 0)
			return STEP_STOP;   /* panic: the program is over */
	}
	g_ext(e, gp)->nsent++;
	gp->pc++;
	gp->iterflags |= IT_PROGRESS;
	return STEP_NEXT;
}

/* exec_recv runs `<-c` (chanrecv, after chan.go). */
exec_step exec_recv(exec_ctx *x, const gmp_op *op)
{
	g_t *gp = x->gp;
	x->cost = COST_CHANOP;
	if (exec_woken(gp)) {
		gp->sel = SEL_NONE;
	} else {
		bool closed;
		if (chan_recv(x->e, x->mp, x->gi, op->obj, true, &closed) == 0)
			return STEP_STOP;   /* parked */
	}
	gp->pc++;
	gp->iterflags |= IT_PROGRESS;
	return STEP_NEXT;
}

/* exec_close runs close(c) (closechan, after chan.go): every parked
 * receiver wakes; a parked sender panics. */
exec_step exec_close(exec_ctx *x, const gmp_op *op)
{
	x->cost = COST_CHANOP;
	x->gp->pc++;
	chan_close(x->e, x->mp, x->gi, op->obj);
	return STEP_NEXT;
}

/* exec_cancel runs a context's cancel func (context.WithCancel): Done is
 * closed, the first time only, which wakes its receivers and selects. */
exec_step exec_cancel(exec_ctx *x, const gmp_op *op)
{
	x->cost = COST_CHANOP;
	x->gp->pc++;
	if (!x->e->chans[op->obj].closed)
		chan_close(x->e, x->mp, x->gi, op->obj);
	return STEP_NEXT;
}

/* select_cost is what one pass of select op costs when it took case k (-1:
 * it parked): selectgo, or the non-blocking receive or send that a select
 * of one case and a default compiles to; plus, for each time.After case,
 * its allocations and, when its timer went on the heap (before Go 1.23
 * always, from 1.23 only when the select parks), the insertion. */
static int64_t select_cost(const gmp_engine *e, const gmp_op *op, int k)
{
	int n = (int)op->a, nafter = 0, ndefault = 0;
	for (int i = 0; i < n; i++) {
		nafter += op[1 + i].a == CASE_AFTER;
		ndefault += op[1 + i].a == CASE_DEFAULT;
	}
	int64_t cost = COST_SELECT;
	if (n == 2 && ndefault == 1 && nafter == 0)
		cost = k >= 0 && op[1 + k].a == CASE_DEFAULT ? COST_SELECTNB : COST_CHANOP;
	bool added = k < 0 || !go_at_least(e, 23);
	return cost + nafter * (COST_AFTER + (added ? COST_TIMER : 0));
}

/* exec_select runs a select (selectgo, after select.go): the body of the
 * case it chose runs next. Taking the default case is a failed poll, any
 * other case progress. */
exec_step exec_select(exec_ctx *x, const gmp_op *op)
{
	g_t *gp = x->gp;
	int k;
	x->cost = COST_SELECT;
	if (exec_woken(gp)) {
		k = gp->sel;
		gp->sel = SEL_NONE;
		select_resumed(x->e, x->gi);
	} else {
		k = select_go(x->e, x->mp, x->gi, op, op + 1);
		x->cost = select_cost(x->e, op, k);
		if (k < 0)
			return STEP_STOP;   /* parked */
	}
	const gmp_op *c = op + 1 + k;
	if (c->a == CASE_DEFAULT)
		gp->iterflags |= IT_POLL_FAILED;
	else
		gp->iterflags |= IT_PROGRESS;
	gp->pc = c->jump;
	return STEP_NEXT;
}

/* exec_case steps over a CASE: the cases are select's data, not code. */
exec_step exec_case(exec_ctx *x, const gmp_op *op)
{
	(void)op;
	x->gp->pc++;
	return STEP_NEXT;
}
