/*
 * sysg.c — the runtime's own goroutines: forcegc (G2, started by the
 * runtime's init), bgsweep and bgscavenge (G3, G4, started by gcenable in
 * runtime.main) and the finalizer goroutine (G5, started when a package's
 * init first sets a finalizer: os does for its standard files). The
 * program's goroutines are numbered after them, from G6.
 *
 * Real: `GODEBUG=schedtrace=1,scheddetail=1 threads -child -mode idle
 * -life 30ms` (tests/real/threads, Go 1.19.8, 4 runs, MEASURED.md (n')):
 * G2 "force gc (idle)", G3 "GC sweep wait", G4 "GC scavenge wait" and the
 * finalizer goroutine "finalizer wait" (G5 in 3 runs of 4, G17 once: its
 * id depends on when the first finalizer is set).
 *
 * They park at start and stay parked here: the engine's GC (mgc.c) frees
 * at mark termination, so there is nothing to sweep or scavenge in the background and
 * no finalizer to run. forcegc's one duty is kept: sysmon starts a cycle
 * when none ran for forcegcperiod (2 min), once a first one has run
 * (gcTrigger's gcTriggerTime test). Its few µs on a P are not modelled.
 * They live outside the G slots, so that NumGoroutine-style counts (live
 * goroutines, goroutines per state or line, checkdead's) skip them, as the
 * runtime's isSystemGoroutine makes them skip these four; their stacks are
 * not in the program's stack bytes either.
 */
#include "sched.h"
#include "timers.h"
#include "mgc.h"
#include "trace.h"

/* forcegcperiod (proc.go): the longest time between two GC cycles. */
#define FORCEGC_PERIOD (2 * 60 * SEC)

static const uint8_t sysg_wait[GMP_NSYSG] = {
	WAIT_FORCEGC, WAIT_GC_SWEEP, WAIT_GC_SCAVENGE, WAIT_FINALIZER,
};

void sysg_start(gmp_engine *e)
{
	for (int i = 0; i < GMP_NSYSG; i++) {
		e->sysg[i].goid = ++e->ngoid;
		e->sysg[i].status = G_WAITING;
		e->sysg[i].wait = sysg_wait[i];
	}
}

void sysg_forcegc(gmp_engine *e)
{
	if (e->mt.gc_cycles > 0 && e->now - e->last_gc > FORCEGC_PERIOD)
		gc_run(e);
}

bool engine_sys_g_view(const gmp_engine *e, int i, gmp_gview *out)
{
	if (i < 0 || i >= GMP_NSYSG)
		return false;
	out->id = e->sysg[i].goid;
	out->status = (gmp_gstatus)e->sysg[i].status;
	out->wait = (gmp_waitreason)e->sysg[i].wait;
	out->func = -1;
	out->line = 0;
	out->m = out->lockedm = -1;
	out->runnable_since = -1;
	return true;
}
