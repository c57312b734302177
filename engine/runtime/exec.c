/*
 * exec.c — what a goroutine's code does: the op interpreter's batch loop.
 *
 * An M runs its G's ops in batches: short ops (loads, flag checks, channel
 * operations...) execute one after another, each advancing virtual time by
 * its cost, until the next scheduled event of the simulation is reached (but
 * at least BATCH_MIN, see costs.h). A WORK op ends the batch: the M is busy
 * for its duration, interruptible by preemption, the OS or the cgroup quota.
 * An op that blocks parks the G and sends the M to schedule().
 *
 * Ops that park leave the pc on themselves with g.sel = SEL_NONE; whoever
 * completes the operation (a sender, a timer, the netpoller...) stores the
 * result in g.sel, and re-executing the op consumes it. Cooperative
 * preemption (gp.preempt) is honoured at ops that stand for a function call;
 * loads, stores, flag checks, branches and call-free WORK have no check, so
 * only an asynchronous preemption (SIGURG, Go >= 1.14) can stop a loop made
 * of them.
 *
 * Each op kind has its function (exec_op below is the table); they are
 * grouped by family, one file each (exec.h is their contract):
 *   exec_flow.c  loops, branches, calls, defers and returns
 *   exec_cpu.c   WORK (the op that spans time), memory, allocation, counters
 *   exec_chan.c  channels and select
 *   exec_sync.c  sync.Mutex, TryLock, sync.WaitGroup, atomics
 *   exec_time.c  time.Sleep, timers and tickers
 *   exec_sys.c   syscalls, cgo, disk and network I/O, streams, signals
 *   exec_proc.c  goroutines and threads: go, Gosched, Goexit, os.Exit,
 *                print, LockOSThread and what a thread holds
 *   exec_expr.c  run-time values: expressions, locals, if / for conditions
 */
#include "exec.h"
#include "event_heap.h"
#include "proc.h"
#include "budget.h"

/* is_call: op stands for a function call, whose prologue checks gp.preempt
 * (the stack guard the runtime poisons with stackPreempt; morestack then
 * calls newstack, which yields: gopreempt_m, after stack.go). The
 * classification is the program's (gmp_op_is_call, program.c): Mutex
 * Lock/Unlock/TryLock and atomics are inlined, never preemption points. */
static inline bool is_call(const gmp_program *prog, const gmp_op *op)
{
	return gmp_op_is_call(prog, op);
}

/* xa_unsigned: op's operand is a duration, size or count, where a negative
 * run-time value means zero (constants were range-checked by the parser). */
static bool xa_unsigned(const gmp_op *op)
{
	switch (op->kind) {
	case OP_SET: case OP_STORE: case OP_ATOMIC_ADD: case OP_WG_ADD: case OP_LET:
	case OP_IF_EXPR: case OP_WHILE: case OP_TLS_SET: case OP_TLS_CHECK: case OP_IF_CAS:
	case OP_RECORD:
		return false;
	default:
		return true;
	}
}

/* exec_push pushes v on gp's frame stack: a loop counter, or a return
 * address (fn<<16 | pc) when call. A stack deeper than MAX_FRAMES ends the
 * run as the runtime's stack overflow does (newstack, after stack.go). */
bool exec_push(gmp_engine *e, g_t *gp, int32_t v, bool call)
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

/* exec_op runs op by its kind's exec_fn: the interpreter's table, written
 * as a switch so that the compiler checks every op kind has a function.
 * Always inlined into its one caller, exec_batch: out of line it costs ~7 %
 * of the engine's instructions (the context goes through memory; issue #25). */
static inline __attribute__((always_inline)) exec_step exec_op(exec_ctx *x, const gmp_op *op)
{
	switch ((gmp_opkind)op->kind) {
	/* control flow: exec_flow.c */
	case OP_NOP:           return exec_nop(x, op);
	case OP_REPEAT:        return exec_repeat(x, op);
	case OP_END:           return exec_end(x, op);
	case OP_BREAK:         return exec_break(x, op);
	case OP_IF_CHANCE:     return exec_if_chance(x, op);
	case OP_IF_VAR:        return exec_if_var(x, op);
	case OP_ELSE:          return exec_else(x, op);
	case OP_CALL:          return exec_call(x, op);
	case OP_RETURN:        return exec_return(x, op);
	case OP_DEFER:         return exec_defer(x, op);
	/* computing: exec_cpu.c */
	case OP_WORK:          return exec_work(x, op);
	case OP_LOAD:          return exec_load(x, op);
	case OP_STORE:         return exec_store(x, op);
	case OP_SET:           return exec_set(x, op);
	case OP_ALLOC:         return exec_alloc(x, op);
	case OP_COUNT:         return exec_count(x, op);
	case OP_LATENCY:       return exec_latency(x, op);
	case OP_RECORD:        return exec_record(x, op);
	case OP_GC:            return exec_gc(x, op);
	case OP_GOMAXPROCS:    return exec_gomaxprocs(x, op);
	/* run-time values: exec_expr.c */
	case OP_IF_EXPR:       return exec_if_expr(x, op);
	case OP_WHILE:         return exec_while(x, op);
	case OP_LET:           return exec_let(x, op);
	/* channels and select: exec_chan.c */
	case OP_RANGE:         return exec_range(x, op);
	case OP_MAKECHAN:      return exec_makechan(x, op);
	case OP_SEND:          return exec_send(x, op);
	case OP_RECV:          return exec_recv(x, op);
	case OP_CLOSE:         return exec_close(x, op);
	case OP_SELECT:        return exec_select(x, op);
	case OP_CASE:          return exec_case(x, op);
	case OP_CANCEL:        return exec_cancel(x, op);
	/* sync and atomics: exec_sync.c */
	case OP_LOCK:          return exec_lock(x, op);
	case OP_UNLOCK:        return exec_unlock(x, op);
	case OP_IF_TRYLOCK:    return exec_if_trylock(x, op);
	case OP_WG_ADD:        return exec_wg_add(x, op);
	case OP_WG_DONE:       return exec_wg_done(x, op);
	case OP_WG_WAIT:       return exec_wg_wait(x, op);
	case OP_ATOMIC_ADD:    return exec_atomic_add(x, op);
	case OP_RLOCK:         return exec_rlock(x, op);
	case OP_RUNLOCK:       return exec_runlock(x, op);
	case OP_RW_LOCK:       return exec_rw_lock(x, op);
	case OP_RW_UNLOCK:     return exec_rw_unlock(x, op);
	case OP_ONCE:          return exec_once(x, op);
	case OP_ONCE_DONE:     return exec_once_done(x, op);
	case OP_COND_WAIT:     return exec_cond_wait(x, op);
	case OP_COND_SIGNAL:   return exec_cond_signal(x, op);
	case OP_IF_CAS:        return exec_if_cas(x, op);
	/* time: exec_time.c */
	case OP_SLEEP:         return exec_sleep(x, op);
	case OP_TIMER_START:   return exec_timer_start(x, op);
	case OP_TIMER_STOP:    return exec_timer_stop(x, op);
	case OP_TIMER_RESET:   return exec_timer_reset(x, op);
	/* the OS: exec_sys.c */
	case OP_SYSCALL:       return exec_syscall(x, op);
	case OP_FILEREAD:      return exec_fileread(x, op);
	case OP_NETWAIT:       return exec_netwait(x, op);
	case OP_STREAMREAD:    return exec_streamread(x, op);
	case OP_CGO:           return exec_cgo(x, op);
	case OP_SIGURG_FOREIGN: return exec_sigurg_foreign(x, op);
	case OP_SIGNAL_NOTIFY: return exec_signal_notify(x, op);
	/* goroutines and threads: exec_proc.c */
	case OP_GO:            return exec_go(x, op);
	case OP_GOSCHED:       return exec_gosched(x, op);
	case OP_GOEXIT:        return exec_goexit(x, op);
	case OP_EXIT:          return exec_exit(x, op);
	case OP_PRINT:         return exec_print(x, op);
	case OP_LOCKOSTHREAD:  return exec_lockosthread(x, op);
	case OP_UNLOCKOSTHREAD: return exec_unlockosthread(x, op);
	case OP_TLS_SET:       return exec_tls_set(x, op);
	case OP_TLS_CHECK:     return exec_tls_check(x, op);
	case OP__COUNT:        return exec_nop(x, op);
	}
	return STEP_NEXT;   /* not an op kind (the compiler emits none): no-op */
}

/* exec_batch runs mp's G from its pc until the batch's time is up, or an op
 * ends the batch (see exec_run). */
static void exec_batch(gmp_engine *e, m_t *mp)
{
	int32_t gi = mp->curg;
	g_t *gp = G(e, gi);
	const gmp_program *prog = e->prog;

	if (exec_work_resume(e, mp, gp) == STEP_STOP)
		return;

	exec_ctx x = { .e = e, .mp = mp, .gp = gp, .gi = gi };
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
		if (gp->pc >= f->nops) {   /* fell off the end: an implicit return */
			if (!exec_leave(e, mp, gi, false))
				return;
			continue;
		}
		const gmp_op *op = &f->ops[gp->pc];
		x.f = f;
		if (gp->preempt && is_call(prog, op)) {
			gosched(e, mp, true);   /* gopreempt_m */
			return;
		}
		/* an operand computed at run time: the op reads its value */
		gmp_op now;
		if (op->flags & OPF_XA) {
			now = *op;
			if (!exec_xeval(e, gp, op->a, &now.a))
				return;
			if (now.a < 0 && xa_unsigned(op))
				now.a = 0;   /* e.g. sleep d with d < 0: returns at once */
			op = &now;
		}
		uint64_t vis = e->nvisible;
		/* each op is a step of gmpscope's own budget (budget.c): a batch
		 * may run millions of them before the next timed event */
		if (++e->nsteps >= e->budget_next) {
			budget_check(e);
			if (e->state != RUN_RUNNING) {
				e->xcost = 0;
				return;
			}
		}
		x.cost = COST_BRANCH;
		if (exec_op(&x, op) == STEP_STOP) {
			e->xcost = 0;   /* a blocked op runs again, and reads again */
			return;
		}
		if (e->xcost) {   /* its expressions read the clock (exec_xeval) */
			x.cost += e->xcost;
			e->xcost = 0;
		}
		/* an op that ended the run (a panic, a fatal error) stops here */
		if (e->state != RUN_RUNNING)
			return;
		e->now += x.cost;
		gp->itercpu += x.cost;
		/* an op the class can see (a `go`, a print...) ends the batch: the
		 * next one is the next step, and other Ms' events interleave */
		if (e->nvisible != vis) {
			m_busy(e, mp, 0, PH_EXEC);
			return;
		}
	}
}

/* exec_run runs mp's G from its pc until the batch ends, it blocks, yields,
 * starts a WORK, or exits. mp is in PH_EXEC, on a CPU, with a curg.
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
