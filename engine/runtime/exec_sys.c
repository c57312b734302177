/*
 * exec_sys.c — the goroutine meets the OS: syscalls, cgo, disk and network
 * I/O, external event streams, signal handlers.
 *
 * The machinery lives in syscall.c (entersyscall/exitsyscall, the disk, the
 * netpoller, streams). Here is the goroutine's side. A blocking syscall, a
 * file read or a long cgo call takes its M with it: the op ends the batch
 * with g.inwork = INWORK_SYSCALL and the pc still on it, and the pc moves on
 * when the G runs again after exitsyscall (exec_work_resume). A socket wait
 * or a stream read parks the G on the netpoller instead, holding no M, and
 * is completed like a channel op (g.sel).
 */
#include "noise.h"
#include "exec.h"
#include "syscalls.h"

/* exec_syscall runs a blocking syscall of op->a ns (syscall.Syscall:
 * entersyscall ... exitsyscall, after proc.go). */
exec_step exec_syscall(exec_ctx *x, const gmp_op *op)
{
	x->gp->inwork = INWORK_SYSCALL;
	x->gp->iterflags |= IT_PROGRESS;
	entersyscall(x->e, x->mp, op->a, false);
	return STEP_STOP;
}

/* exec_fileread runs a read(2) of a regular file: Linux's netpoller cannot
 * wait for one, so the thread blocks in the syscall until the disk has
 * served the request of op->a ns (queued behind others: disk_submit). */
exec_step exec_fileread(exec_ctx *x, const gmp_op *op)
{
	gmp_engine *e = x->e;
	x->gp->inwork = INWORK_SYSCALL;
	x->gp->iterflags |= IT_PROGRESS;
	int64_t done = disk_submit(e, noise_io(e, op->a));
	entersyscall(e, x->mp, done - e->now, false);
	return STEP_STOP;
}

/* exec_netwait waits op->a ns for a socket to be readable: the G parks on
 * the netpoller (netpollblock, after netpoll.go) and its M goes on. */
exec_step exec_netwait(exec_ctx *x, const gmp_op *op)
{
	gmp_engine *e = x->e;
	g_t *gp = x->gp;
	if (exec_woken(gp) || op->a <= 0) {
		gp->sel = SEL_NONE;
		gp->slept = -1;
		gp->pc++;
		gp->iterflags |= IT_PROGRESS;
		return STEP_NEXT;
	}
	netpoll_wait(e, x->mp, x->gi, e->now + noise_io(e, op->a));
	return STEP_STOP;
}

/* exec_streamread reads what the external event stream op->obj has
 * delivered (a socket read through the netpoller); with nothing there, the
 * G parks until the next arrival. The count read is what `repeat read`
 * repeats. */
exec_step exec_streamread(exec_ctx *x, const gmp_op *op)
{
	gmp_engine *e = x->e;
	g_t *gp = x->gp;
	x->cost = COST_CHANOP;
	if (exec_woken(gp)) {       /* woken by the netpoller */
		g_ext(e, gp)->nread = gp->sel;
		gp->sel = SEL_NONE;
	} else {
		int n = stream_read(e, x->mp, x->gi, op->obj);
		if (n == 0)
			return STEP_STOP;   /* parked */
		g_ext(e, gp)->nread = n;
	}
	gp->pc++;
	gp->iterflags |= IT_PROGRESS;
	return STEP_NEXT;
}

/* exec_cgo runs a call into C of op->a ns (cgocall, after cgocall.go): to
 * the scheduler a syscall, though its thread keeps a CPU busy. */
exec_step exec_cgo(exec_ctx *x, const gmp_op *op)
{
	gmp_engine *e = x->e;
	g_t *gp = x->gp;
	e->mt.cgocalls++;
	if (op->a < BATCH_MIN) {
		/* shorter than the batch granularity: no other thread can
		 * observe the P in _Psyscall, so the round trip is a cost (a
		 * short call never loses its P anyway). */
		x->cost = COST_CGO + op->a;
		e->mt.sched_ns += COST_CGO;
		e->mt.cgo_ns += COST_CGO;
		x->mp->cgo_last = e->now + x->cost;
		gp->pc++;
		gp->iterflags |= IT_PROGRESS;
		return STEP_NEXT;
	}
	gp->inwork = INWORK_SYSCALL;
	gp->iterflags |= IT_PROGRESS;
	entersyscall(e, x->mp, op->a, true);
	return STEP_STOP;
}

/* exec_sigurg_foreign: a C library installs its own SIGURG handler over the
 * runtime's. Preemption signals then reach the runtime only if that handler
 * chains to the old one (OPF_CHAIN; see sigurg_deliver). */
exec_step exec_sigurg_foreign(exec_ctx *x, const gmp_op *op)
{
	gmp_engine *e = x->e;
	e->foreign_sigurg = true;
	e->sigurg_chain = (op->flags & OPF_CHAIN) != 0;
	x->gp->pc++;
	return STEP_NEXT;
}

/* exec_signal_notify runs signal.Notify: the runtime keeps its own handler
 * and forwards the signal on a channel, so preemption is untouched. */
exec_step exec_signal_notify(exec_ctx *x, const gmp_op *op)
{
	(void)op;
	x->gp->pc++;
	return STEP_NEXT;
}
