/*
 * exec.c — what a goroutine's code does: the op interpreter.
 *
 * An M runs its G's ops in batches: short ops (loads, flag checks, channel
 * operations...) execute one after another, each advancing virtual time by
 * its cost, until the next scheduled event of the simulation is reached (but
 * at least BATCH_MIN, see costs.h). A WORK op ends the batch: the M is busy
 * for its duration, interruptible by preemption, the OS or the cgroup quota.
 * An op that blocks parks the G and sends the M to schedule().
 *
 * Ops that park leave the pc on themselves with g.sel = -1; whoever completes
 * the operation (a sender, a timer, the netpoller...) stores the result in
 * g.sel, and re-executing the op consumes it. Cooperative preemption
 * (gp.preempt) is honoured at ops that stand for a function call; loads,
 * stores, flag checks, branches and call-free WORK have no check, so only an
 * asynchronous preemption (SIGURG, Go >= 1.14) can stop a loop made of them.
 */
#include <limits.h>

#include "sched.h"

#define FOREVER (INT64_MAX / 4)

static bool is_call(const gmp_op *op)
{
	switch (op->kind) {
	case OP_WORK:
		return !(op->flags & OPF_NOCALL);
	case OP_NOP: case OP_REPEAT: case OP_END: case OP_BREAK: case OP_ELSE:
	case OP_IF_CHANCE: case OP_IF_VAR: case OP_LOAD: case OP_STORE: case OP_SET:
	case OP_ATOMIC_ADD: case OP_COUNT: case OP_TLS_CHECK: case OP_TLS_SET:
		return false;
	default:
		return true;
	}
}

static int ncallframes(const g_t *gp)
{
	return __builtin_popcount(gp->callmask & ((1u << gp->depth) - 1));
}

/* loop_i is the innermost loop counter (go f(i), send i), else the G's arg. */
static int32_t loop_i(gmp_engine *e, g_t *gp)
{
	for (int k = gp->depth - 1; k >= 0; k--) {
		if (gp->callmask & (1u << k))
			break;
		return *g_frame(e, gp, k);
	}
	return gp->arg;
}

static bool push(gmp_engine *e, g_t *gp, int32_t v, bool call)
{
	if (gp->depth >= MAX_FRAMES) {
		engine_fatal_error(e, EV_FATAL,
		                   "runtime: goroutine stack exceeds 1000000000-byte limit\nfatal error: stack overflow");
		return false;
	}
	if (call)
		gp->callmask |= (uint8_t)(1u << gp->depth);
	else
		gp->callmask &= (uint8_t)~(1u << gp->depth);
	*g_frame(e, gp, gp->depth++) = v;
	return true;
}

static void pop(g_t *gp, int n)
{
	gp->depth = (uint8_t)(gp->depth - n);
}

/* end_iteration is a loop back-edge: an iteration that only polled (a failed
 * TryLock, a default select, an unchanged flag) wasted its CPU. */
static void end_iteration(gmp_engine *e, g_t *gp)
{
	if ((gp->iterflags & IT_POLL_FAILED) && !(gp->iterflags & IT_PROGRESS))
		e->mt.cpu_wasted_ns += gp->itercpu;
	gp->iterflags = 0;
	gp->itercpu = 0;
}

/* poll_branch takes a polling `if`: a check that found something is
 * progress, one that found nothing is a failed poll (see end_iteration). */
static void poll_branch(g_t *gp, const gmp_op *op, bool found)
{
	if (found) {
		gp->iterflags |= IT_PROGRESS;
		gp->pc++;
	} else {
		gp->iterflags |= IT_POLL_FAILED;
		gp->pc = op->jump + 1;
	}
}

static int loop_frames(const gmp_op *head)
{
	return (head->kind == OP_REPEAT && (head->flags & OPF_COUNT_READ)) ? 2 : 1;
}

/* do_return leaves the current function: deferred calls registered at this
 * depth run first; then the caller resumes, or the goroutine ends. Returns
 * false when the G is gone (the caller must stop). */
static bool do_return(gmp_engine *e, m_t *mp, int32_t gi, bool goexit)
{
	g_t *gp = G(e, gi);
	int calls = ncallframes(gp);
	if (gp->ndefer > 0) {
		uint32_t d = *g_defer(e, gp, gp->ndefer - 1);
		if (goexit || (int)(d >> 16) == calls) {
			gp->ndefer--;
			/* call the deferred function; it returns to this same op */
			if (!push(e, gp, (int32_t)((uint32_t)gp->fn << 16 | (uint32_t)gp->pc), true))
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
		if (gp->pc == 0xffff) {   /* return into a function's entry (init) */
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
	if (goexit && gp->depth > 0 && calls > 0) {
		/* a deferred call made during Goexit returned: keep exiting */
	}
	/* the goroutine's function returned */
	if (gi == e->main_g && !goexit) {
		/* main returned: the process exits with everyone else in it */
		g_setstatus(e, gp, G_DEAD, WAIT_NONE);
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

/* exec_interrupt stops mp's G at the current point (its WORK keeps the part
 * not done). Returns false if mp is not running G code now. */
bool exec_interrupt(gmp_engine *e, m_t *mp)
{
	if (mp->phase != PH_EXEC || mp->curg == NIL)
		return false;
	g_t *gp = G(e, mp->curg);
	if (gp->inwork == 1) {
		int64_t left;
		if (e->now < mp->work_start)
			left = gp->work_left;
		else if (mp->oncpu)
			left = mp->busy_end - e->now;
		else
			left = mp->busy_left;
		if (left < 0)
			left = 0;
		if (left > gp->work_left)
			left = gp->work_left;
		gp->itercpu -= left;
		gp->work_left = left;
		gp->inwork = 2;
	}
	mp->gen++;
	return true;
}

static void preempt_now(gmp_engine *e, m_t *mp)
{
	gosched(e, mp, true);
}

static void exec_batch(gmp_engine *e, m_t *mp);

/* exec_run runs mp's G from its pc until the batch ends, it blocks, yields,
 * starts a WORK, or exits.
 *
 * During the batch the clock follows this M (each op advances it), so what
 * the ops schedule lands at the right time; afterwards the global clock goes
 * back to the batch's start, so that another M whose event falls inside the
 * batch still runs at its own time: two Ms running loops of short ops run in
 * parallel, as on two CPUs. (Their effects may be seen up to one batch early:
 * the price of simulating tiny ops in batches.) */
void exec_run(gmp_engine *e, m_t *mp)
{
	int64_t t0 = e->now;
	exec_batch(e, mp);
	if (e->state == RUN_RUNNING && e->now > t0)
		e->now = t0;
}

static void exec_batch(gmp_engine *e, m_t *mp)
{
	int32_t gi = mp->curg;
	g_t *gp = G(e, gi);
	const gmp_program *prog = e->prog;

	if (gp->inwork == 3) {            /* back from a syscall / cgo call */
		gp->inwork = 0;
		gp->pc++;
	}
	if (gp->inwork == 1) {            /* the WORK completed */
		gp->inwork = 0;
		gp->work_left = -1;
		gp->pc++;
		gp->iterflags |= IT_PROGRESS;
	} else if (gp->inwork == 2) {     /* resume an interrupted WORK */
		if (gp->preempt && !(mp->work_nocall)) {
			preempt_now(e, mp);
			return;
		}
		gp->inwork = 1;
		mp->work_start = e->now;
		m_busy(e, mp, gp->work_left, PH_EXEC);
		return;
	}

	int64_t start = e->now;
	int64_t lim = 0;
	uint64_t limseq = UINT64_MAX;   /* evseq when lim was computed */
	for (;;) {
		if (e->state != RUN_RUNNING)
			return;
		if (limseq != e->evseq) {   /* something was scheduled: look again */
			lim = tev_min(e);
			if (lim < start + BATCH_MIN)
				lim = start + BATCH_MIN;
			limseq = e->evseq;
		}
		if (e->now >= lim) {
			m_busy(e, mp, 0, PH_EXEC);
			return;
		}
		const gmp_func *f = &prog->funcs[gp->fn];
		if (gp->pc >= f->nops) {
			if (!do_return(e, mp, gi, false))
				return;
			continue;
		}
		const gmp_op *op = &f->ops[gp->pc];
		if (gp->preempt && is_call(op)) {
			preempt_now(e, mp);
			return;
		}
		uint64_t vis = e->nvisible;
		int64_t cost = COST_BRANCH;
		switch ((gmp_opkind)op->kind) {
		case OP_NOP:
			gp->pc++;
			break;
		case OP_WORK: {
			int64_t d = op->a < 0 ? FOREVER : op->a;
			gp->inwork = 1;
			gp->work_left = d;
			gp->itercpu += d;
			mp->work_nocall = (op->flags & OPF_NOCALL) != 0;
			mp->work_start = e->now;
			m_busy(e, mp, d, PH_EXEC);
			return;
		}
		case OP_REPEAT: {
			int64_t count = op->a;
			if (op->flags & OPF_COUNT_READ)
				count = g_nread(e, gp);
			bool forever = (op->flags & OPF_FOREVER) || (!(op->flags & OPF_COUNT_READ) && op->a < 0);
			if (!forever && count <= 0) {
				gp->pc = op->jump + 1;
				break;
			}
			if (op->flags & OPF_COUNT_READ) {
				if (!push(e, gp, (int32_t)count, false))
					return;
			}
			if (!push(e, gp, 0, false))
				return;
			gp->iterflags = 0;
			gp->itercpu = 0;
			gp->pc++;
			break;
		}
		case OP_RANGE: {
			bool closed = false;
			int r;
			if (gp->sel >= 0) {
				r = 1;
				closed = gp->sel == 0;
				gp->sel = -1;
			} else {
				r = chan_recv(e, mp, gi, op->obj, true, &closed);
				if (r == 0)
					return;   /* parked */
			}
			cost = COST_CHANOP;
			if (closed) {
				gp->pc = op->jump + 1;
			} else {
				if (!push(e, gp, 0, false))
					return;
				gp->pc++;
				gp->iterflags |= IT_PROGRESS;
			}
			break;
		}
		case OP_END: {
			const gmp_op *head = &f->ops[op->jump];
			if (head->kind == OP_REPEAT) {
				end_iteration(e, gp);
				int32_t *i = g_frame(e, gp, gp->depth - 1);
				(*i)++;
				bool forever = (head->flags & OPF_FOREVER) ||
				               (!(head->flags & OPF_COUNT_READ) && head->a < 0);
				int64_t count = (head->flags & OPF_COUNT_READ) ? *g_frame(e, gp, gp->depth - 2) : head->a;
				if (forever || *i < count) {
					gp->pc = op->jump + 1;
				} else {
					pop(gp, loop_frames(head));
					gp->pc++;
				}
			} else if (head->kind == OP_RANGE) {
				end_iteration(e, gp);
				pop(gp, 1);
				gp->pc = op->jump;
			} else if (head->kind == OP_SELECT) {
				gp->pc = head->jump;
			} else {
				gp->pc++;
			}
			break;
		}
		case OP_BREAK: {
			const gmp_op *end = &f->ops[op->jump];
			pop(gp, loop_frames(&f->ops[end->jump]));
			gp->pc = op->jump + 1;
			break;
		}
		case OP_IF_CHANCE:
			if ((int64_t)fastrandn(e, 1000000) < op->a)
				gp->pc++;
			else
				gp->pc = op->jump + 1;
			break;
		case OP_IF_VAR:
			cost = COST_MEMOP;
			if (e->cfg.race)
				race_access(e, gi, op->obj, false, false);
			poll_branch(gp, op, e->vars[op->obj] == op->a);
			break;
		case OP_IF_TRYLOCK:
			cost = COST_MUTEX;
			poll_branch(gp, op, mutex_lock(e, mp, gi, op->obj, true));
			break;
		case OP_ELSE:
			gp->pc = op->jump + 1;
			break;
		case OP_CALL:
			if (!push(e, gp, (int32_t)((uint32_t)gp->fn << 16 | (uint32_t)gp->pc), true))
				return;
			gp->fn = (uint16_t)op->obj;
			gp->pc = 0;
			break;
		case OP_RETURN:
			if (!do_return(e, mp, gi, false))
				return;
			break;
		case OP_DEFER:
			if (gp->ndefer < MAX_DEFERS)
				*g_defer(e, gp, gp->ndefer++) = (uint32_t)ncallframes(gp) << 16 | (uint32_t)op->obj;
			gp->pc++;
			break;
		case OP_GO: {
			cost = COST_NEWPROC;
			e->mt.sched_ns += cost;
			gp->iterflags |= IT_PROGRESS;
			gp->pc++;
			newproc(e, op->obj, loop_i(e, gp), gi);
			break;
		}
		case OP_GOSCHED:
			gp->pc++;
			e->now += COST_BRANCH;
			gosched(e, mp, false);
			return;
		case OP_GOEXIT:
			if (!do_return(e, mp, gi, true))
				return;
			break;
		case OP_EXIT:
			engine_exit(e, (int)op->a);
			return;
		case OP_PRINT: {
			gmp_event *ev = trace_emit(e, EV_PRINT, mp->p, mp->id, gp->goid, -1, 0);
			ev->aux2 = op->obj;
			cost = 1000;   /* a write(2) to stdout, roughly */
			gp->iterflags |= IT_PROGRESS;
			gp->pc++;
			break;
		}
		case OP_MAKECHAN:
			chan_make(e, op->obj, op->a);
			cost = COST_ALLOC;
			gp->pc++;
			break;
		case OP_SEND: {
			cost = COST_CHANOP;
			if (gp->sel >= 0) {   /* a receiver took our item while we were parked */
				gp->sel = -1;
				g_ext(e, gp)->nsent++;
				gp->pc++;
				gp->iterflags |= IT_PROGRESS;
				break;
			}
			/* the value: which goroutine (its `arg`, go f(i)) and how many
			 * items it sent before — the order the program meant */
			item_t it = { (int64_t)gp->arg << 32 | g_nsent(e, gp), e->now };
			int r = chan_send(e, mp, gi, op->obj, it, true);
			if (r == 0)
				return;   /* parked */
			if (r < 0)
				return;   /* panic: the program is over */
			g_ext(e, gp)->nsent++;
			gp->pc++;
			gp->iterflags |= IT_PROGRESS;
			break;
		}
		case OP_RECV: {
			cost = COST_CHANOP;
			if (gp->sel >= 0) {
				gp->sel = -1;
				gp->pc++;
				gp->iterflags |= IT_PROGRESS;
				break;
			}
			bool closed;
			if (chan_recv(e, mp, gi, op->obj, true, &closed) == 0)
				return;
			gp->pc++;
			gp->iterflags |= IT_PROGRESS;
			break;
		}
		case OP_CLOSE:
			cost = COST_CHANOP;
			gp->pc++;
			chan_close(e, mp, gi, op->obj);
			if (e->state != RUN_RUNNING)
				return;
			break;
		case OP_SELECT: {
			cost = COST_SELECT;
			int k;
			if (gp->sel >= 0) {
				k = gp->sel;
				gp->sel = -1;
				select_resumed(e, gi);
			} else {
				k = select_go(e, mp, gi, op, op + 1);
				if (k < 0)
					return;   /* parked */
			}
			const gmp_op *c = op + 1 + k;
			if (c->a == CASE_DEFAULT)
				gp->iterflags |= IT_POLL_FAILED;
			else
				gp->iterflags |= IT_PROGRESS;
			gp->pc = c->jump;
			break;
		}
		case OP_CASE:
			gp->pc++;
			break;
		case OP_LOCK:
			cost = COST_MUTEX;
			if (gp->sel >= 0) {
				gp->sel = -1;
			} else if (!mutex_lock(e, mp, gi, op->obj, false)) {
				return;   /* parked */
			}
			gp->iterflags |= IT_PROGRESS;
			gp->pc++;
			break;
		case OP_UNLOCK:
			cost = COST_MUTEX;
			gp->pc++;
			if (mutex_unlock(e, mp, gi, op->obj) && mp->p != NIL) {
				goyield(e, mp);
				return;
			}
			if (e->state != RUN_RUNNING)
				return;
			break;
		case OP_WG_ADD:
		case OP_WG_DONE:
			cost = COST_WG;
			gp->pc++;
			wg_add(e, mp, gi, op->obj, op->kind == OP_WG_DONE ? -1 : op->a);
			if (e->state != RUN_RUNNING)
				return;
			break;
		case OP_WG_WAIT:
			cost = COST_WG;
			if (gp->sel >= 0) {
				gp->sel = -1;
			} else if (!wg_wait(e, mp, gi, op->obj)) {
				return;
			}
			gp->pc++;
			break;
		case OP_SLEEP:
			if (gp->sel >= 0 || op->a <= 0) {
				gp->sel = -1;
				gp->slept = -1;
				gp->pc++;
				gp->iterflags |= IT_PROGRESS;
				break;
			}
			timesleep(e, mp, gi, op->a);
			return;
		case OP_TIMER_START: {
			cost = COST_TIMER;
			hchan_t *c = &e->chans[op->obj];
			if (c->timer != NIL) {
				timer_del(e, c->timer);
				timer_free(e, c->timer);
			}
			chan_make(e, op->obj, 1);
			int32_t ti = timer_new(e, e->now + op->a, (op->flags & OPF_TICKER) ? op->a : 0, op->obj, NIL);
			e->chans[op->obj].timer = ti;
			timer_add(e, ti, P(e, mp->p));
			gp->pc++;
			break;
		}
		case OP_TIMER_STOP: {
			cost = COST_TIMER;
			hchan_t *c = &e->chans[op->obj];
			if (c->timer != NIL)
				timer_del(e, c->timer);
			gp->pc++;
			break;
		}
		case OP_TIMER_RESET: {
			cost = COST_TIMER;
			hchan_t *c = &e->chans[op->obj];
			if (c->timer == NIL) {
				int32_t ti = timer_new(e, e->now + op->a, 0, op->obj, NIL);
				c->timer = ti;
			}
			timer_t_ *t = &e->timers.v[c->timer];
			timer_del(e, c->timer);
			t->when = e->now + op->a;
			if (t->period)
				t->period = op->a;
			timer_add(e, c->timer, P(e, mp->p));
			gp->pc++;
			break;
		}
		case OP_LOCKOSTHREAD:
			cost = COST_LOCKOSTHREAD;
			lockOSThread(e, mp, gp, gi);
			gp->pc++;
			break;
		case OP_UNLOCKOSTHREAD:
			cost = COST_LOCKOSTHREAD;
			unlockOSThread(e, mp, gp);
			gp->pc++;
			break;
		case OP_TLS_SET:
			mp->tls = (int32_t)op->a;
			gp->pc++;
			break;
		case OP_TLS_CHECK:
			e->mt.tls_checks++;
			if (mp->tls != (int32_t)op->a)
				e->mt.tls_mismatch++;
			gp->pc++;
			break;
		case OP_SYSCALL:
			gp->inwork = 3;   /* the pc moves on when the call returns */
			gp->iterflags |= IT_PROGRESS;
			entersyscall(e, mp, op->a, false);
			return;
		case OP_FILEREAD: {
			gp->inwork = 3;
			gp->iterflags |= IT_PROGRESS;
			int64_t done = disk_submit(e, op->a);
			entersyscall(e, mp, done - e->now, false);
			return;
		}
		case OP_NETWAIT:
			if (gp->sel >= 0 || op->a <= 0) {
				gp->sel = -1;
				gp->slept = -1;
				gp->pc++;
				gp->iterflags |= IT_PROGRESS;
				break;
			}
			netpoll_wait(e, mp, gi, e->now + op->a);
			return;
		case OP_STREAMREAD: {
			cost = COST_CHANOP;
			if (gp->sel >= 0) {       /* woken by the netpoller */
				g_ext(e, gp)->nread = gp->sel;
				gp->sel = -1;
			} else {
				int n = stream_read(e, mp, gi, op->obj);
				if (n == 0)
					return;   /* parked */
				g_ext(e, gp)->nread = n;
			}
			gp->pc++;
			gp->iterflags |= IT_PROGRESS;
			break;
		}
		case OP_CGO:
			e->mt.cgocalls++;
			if (op->a < BATCH_MIN) {
				/* shorter than the batch granularity: no other thread
				 * can observe the P in _Psyscall, so the round trip is
				 * a cost (a short call never loses its P anyway). */
				cost = COST_CGO + op->a;
				e->mt.sched_ns += COST_CGO;
				gp->pc++;
				gp->iterflags |= IT_PROGRESS;
				break;
			}
			gp->inwork = 3;
			gp->iterflags |= IT_PROGRESS;
			entersyscall(e, mp, op->a, true);
			return;
		case OP_LOAD:
			cost = COST_MEMOP;
			if (e->cfg.race)
				race_access(e, gi, op->obj, false, false);
			if (e->vars[op->obj] != 0 || gp->ext != NIL)
				g_ext(e, gp)->reg = e->vars[op->obj];
			gp->pc++;
			break;
		case OP_STORE:
			cost = COST_MEMOP;
			if (e->cfg.race)
				race_access(e, gi, op->obj, true, false);
			e->vars[op->obj] = g_reg(e, gp) + op->a;
			gp->iterflags |= IT_PROGRESS;
			gp->pc++;
			break;
		case OP_SET:
			cost = COST_MEMOP;
			if (e->cfg.race)
				race_access(e, gi, op->obj, true, false);
			e->vars[op->obj] = op->a;
			gp->iterflags |= IT_PROGRESS;
			gp->pc++;
			break;
		case OP_ATOMIC_ADD:
			cost = COST_ATOMIC;
			if (e->cfg.race)
				race_access(e, gi, op->obj, true, true);
			e->vars[op->obj] += op->a;
			gp->iterflags |= IT_PROGRESS;
			gp->pc++;
			break;
		case OP_ALLOC:
			cost = COST_ALLOC;
			e->mt.allocs++;
			heap_alloc(e, op->a);
			e->heap_garbage += op->a;
			gp->pc++;
			gc_maybe(e);
			break;
		case OP_SIGURG_FOREIGN:
			e->foreign_sigurg = true;
			e->sigurg_chain = (op->flags & OPF_CHAIN) != 0;
			gp->pc++;
			break;
		case OP_SIGNAL_NOTIFY:
			gp->pc++;
			break;
		case OP_COUNT:
			e->counters[op->obj] += op->a;
			e->counter_last[op->obj] = e->now;
			gp->iterflags |= IT_PROGRESS;
			gp->pc++;
			break;
		case OP_LATENCY:
			histo_add(&e->probes[op->obj], e->now - g_ext(e, gp)->item_time);
			gp->pc++;
			break;
		case OP__COUNT:
			gp->pc++;
			break;
		}
		if (e->state != RUN_RUNNING)
			return;
		e->now += cost;
		gp->itercpu += cost;
		/* an op the class can see (a `go`, a print...) ends the batch: the
		 * next one is the next step, and other Ms' events interleave */
		if (e->nvisible != vis) {
			m_busy(e, mp, 0, PH_EXEC);
			return;
		}
	}
}
