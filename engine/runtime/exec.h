/*
 * exec.h — the op interpreter's internal contract, shared by exec*.c only.
 *
 * exec.c runs a G's ops in batches and hands each op to its exec_fn
 * (exec_op, a table from op kind to function). The functions are grouped by
 * family, one file each. An exec_fn runs one op of the G that the batch's M
 * runs: it moves the pc, sets x->cost when the op costs more than
 * COST_BRANCH, and says whether the batch goes on. The rest of the engine
 * sees only exec_run and exec_interrupt (sched.h).
 */
#ifndef GMP_EXEC_H
#define GMP_EXEC_H

#include "sched.h"

/* exec_step: what an op tells the batch loop. */
typedef enum {
	STEP_NEXT,   /* the op is done (or left the run over): charge its cost */
	STEP_STOP,   /* the batch ends now: the G parked, yielded, started a WORK
	              * or a syscall, exited, or the run is over */
} exec_step;

/* exec_ctx: what an op runs on, set by the batch loop for each op. */
typedef struct exec_ctx {
	gmp_engine *e;           /* the engine */
	m_t *mp;                 /* the M running the batch */
	g_t *gp;                 /* its G, mp->curg */
	int32_t gi;              /* gp's slot */
	const gmp_func *f;       /* the function whose op runs (gp->fn) */
	int64_t cost;            /* the op's CPU ns: COST_BRANCH unless it says */
} exec_ctx;

/* exec_fn runs op, the op at x->gp's pc. exec_op (exec.c) is the table
 * that gives each op kind its exec_fn; each family's file defines them. */
typedef exec_step exec_fn(exec_ctx *x, const gmp_op *op);

/* exec_flow.c: loops, branches, calls, defers and returns */
exec_fn exec_nop, exec_repeat, exec_end, exec_break, exec_if_chance,
        exec_if_var, exec_else, exec_call, exec_return, exec_defer;
/* exec_cpu.c: WORK, memory, allocation, counters */
exec_fn exec_work, exec_load, exec_store, exec_set, exec_alloc, exec_count,
        exec_latency;
/* exec_chan.c: channels and select */
exec_fn exec_range, exec_makechan, exec_send, exec_recv, exec_close,
        exec_select, exec_case;
/* exec_sync.c: sync.Mutex, sync.WaitGroup, sync/atomic */
exec_fn exec_lock, exec_unlock, exec_if_trylock, exec_wg_add, exec_wg_done,
        exec_wg_wait, exec_atomic_add;
/* exec_time.c: time.Sleep, timers, tickers */
exec_fn exec_sleep, exec_timer_start, exec_timer_stop, exec_timer_reset;
/* exec_sys.c: syscalls, cgo, I/O, streams, signal handlers */
exec_fn exec_syscall, exec_fileread, exec_netwait, exec_streamread, exec_cgo,
        exec_sigurg_foreign, exec_signal_notify;
/* exec_proc.c: goroutines and threads */
exec_fn exec_go, exec_gosched, exec_goexit, exec_exit, exec_print,
        exec_lockosthread, exec_unlockosthread, exec_tls_set, exec_tls_check;

/* exec_work_resume (exec_cpu.c) settles an op that spanned time before a
 * new batch of gp's ops; STEP_STOP when gp is busy again or yielded. */
exec_step exec_work_resume(gmp_engine *e, m_t *mp, g_t *gp);

/* exec_push (exec.c) pushes a frame: a loop counter, or a return address
 * when call. False after a stack overflow, which ended the run. */
bool exec_push(gmp_engine *e, g_t *gp, int32_t v, bool call);

/* exec_leave (exec_flow.c) leaves the current function, or the whole
 * goroutine when goexit. False when the G is gone (the batch must stop). */
bool exec_leave(gmp_engine *e, m_t *mp, int32_t gi, bool goexit);

/* exec_woken: a waker completed gp's parked op and left its result in
 * g.sel; the op, run again, consumes it instead of blocking anew. */
static inline bool exec_woken(const g_t *gp)
{
	return gp->sel >= 0;
}

/* exec_poll_branch takes a polling `if`: a check that found something is
 * progress, one that found nothing is a failed poll (see end_iteration in
 * exec_flow.c). */
static inline void exec_poll_branch(g_t *gp, const gmp_op *op, bool found)
{
	if (found) {
		gp->iterflags |= IT_PROGRESS;
		gp->pc++;
	} else {
		gp->iterflags |= IT_POLL_FAILED;
		gp->pc = op->jump + 1;
	}
}

/* Used by the rest of the engine (schedule.c, sysmon.c). */
void exec_run(gmp_engine *e, m_t *mp);

bool exec_interrupt(gmp_engine *e, m_t *mp); /* stop curg's WORK now */

#endif
