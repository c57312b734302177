/*
 * exec_time.c — package time, as a goroutine's code runs it: Sleep, timers
 * and tickers.
 *
 * The timers themselves live in time.c, on per-P heaps as in the runtime
 * (time.go). A timer or ticker of the program is bound to a channel: firing
 * sends into it (chan_timer_send), and the program receives from that
 * channel with the ordinary channel ops (exec_chan.c). `case after` in a
 * select is select's own business (chan.c).
 */
#include "exec.h"
#include "chan.h"
#include "timers.h"

/* exec_sleep runs time.Sleep(op->a) (timeSleep, after time.go): parks the
 * G until its timer fires (g.sel = SEL_DONE). Sleep(d <= 0) returns at
 * once. */
exec_step exec_sleep(exec_ctx *x, const gmp_op *op)
{
	g_t *gp = x->gp;
	if (exec_woken(gp) || op->a <= 0) {
		gp->sel = SEL_NONE;
		gp->slept = -1;
		gp->pc++;
		gp->iterflags |= IT_PROGRESS;
		return STEP_NEXT;
	}
	timesleep(x->e, x->mp, x->gi, op->a);
	return STEP_STOP;
}

/* exec_timer_start runs time.NewTimer or NewTicker (startTimer → addtimer,
 * after time.go): its channel is made anew, and the timer goes on this P's
 * heap. Starting a timer again first drops the old one. */
exec_step exec_timer_start(exec_ctx *x, const gmp_op *op)
{
	gmp_engine *e = x->e;
	hchan_t *c = &e->chans[op->obj];
	x->cost = COST_TIMER;
	if (c->timer != NIL) {
		timer_del(e, c->timer);
		timer_free(e, c->timer);
	}
	chan_make(e, op->obj, 1);
	int32_t ti = timer_new(e, e->now + op->a, (op->flags & OPF_TICKER) ? op->a : 0, op->obj, NIL);
	e->chans[op->obj].timer = ti;
	timer_add(e, ti, P(e, x->mp->p));
	x->gp->pc++;
	return STEP_NEXT;
}

/* exec_timer_stop runs Timer.Stop or Ticker.Stop (stopTimer → deltimer,
 * after time.go). */
exec_step exec_timer_stop(exec_ctx *x, const gmp_op *op)
{
	gmp_engine *e = x->e;
	hchan_t *c = &e->chans[op->obj];
	x->cost = COST_TIMER;
	if (c->timer != NIL)
		timer_del(e, c->timer);
	x->gp->pc++;
	return STEP_NEXT;
}

/* exec_timer_reset runs Timer.Reset or Ticker.Reset (resetTimer →
 * modtimer, after time.go): due op->a from now, on this P's heap; a ticker
 * takes op->a as its new period. */
exec_step exec_timer_reset(exec_ctx *x, const gmp_op *op)
{
	gmp_engine *e = x->e;
	hchan_t *c = &e->chans[op->obj];
	x->cost = COST_TIMER;
	if (c->timer == NIL) {
		int32_t ti = timer_new(e, e->now + op->a, 0, op->obj, NIL);
		c->timer = ti;
	}
	timer_t_ *t = &e->timers.v[c->timer];
	timer_del(e, c->timer);
	t->when = e->now + op->a;
	if (t->period)
		t->period = op->a;
	timer_add(e, c->timer, P(e, x->mp->p));
	x->gp->pc++;
	return STEP_NEXT;
}
