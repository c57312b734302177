/*
 * costs.h — what each runtime operation costs, in virtual nanoseconds.
 *
 * One table, so that every figure the class sees has a source. Measured
 * figures are from the reference's §12 (Go 1.19.8, linux/amd64, 2 vCPUs) and
 * the runtime's own benchmarks quoted in commit messages; "estimate" marks an
 * order of magnitude chosen to be plausible where no measurement exists.
 * Contended costs are NOT here: the sched lock is modelled as a resource
 * (sched_lock() in proc.c), so contention adds waiting time by itself.
 */
#ifndef GMP_COSTS_H
#define GMP_COSTS_H

#include "engine.h"   /* GMP_FORCE_PREEMPT_NS */

#define NS  1LL
#define US  1000LL
#define MS  1000000LL
#define SEC 1000000000LL

enum {
	/* schedule() + execute() of a G found locally: a few dozen instructions
	 * plus the context switch (gogo); estimate from Gosched's ~100 ns. */
	COST_SCHEDULE = 60,
	/* runqget from the local ring or runnext: lock-free, estimate. */
	COST_RUNQGET = 10,
	/* holding the sched lock to take from / put on the global queue:
	 * together with schedule(), Gosched measures ~100 ns uncontended (§12). */
	COST_GLOBRUNQ_HOLD = 40,
	/* gosched_m bookkeeping outside the lock: 100 - 60 - 40 ≈ 0 (§12). */
	COST_GOSCHED = 5,
	/* one runqgrab attempt on a victim P (atomic loads of head/tail): estimate. */
	COST_STEAL_TRY = 40,
	/* newproc: allocate/reuse a g, 2 KiB stack, runqput. `go f()` + wg.Add in
	 * a tight loop measures ~2 µs each (§12), most of it in the allocator. */
	COST_NEWPROC = 1500,
	/* goexit0/gdestroy + gfput: estimate. */
	COST_GOEXIT = 150,
	/* from findRunnable's unlock to schedule()'s resetspinning, during which
	 * the M still counts as spinning: a return and a branch, estimate. */
	COST_RESETSPIN = 20,
	/* a cgo call's round trip through entersyscall/exitsyscall and the
	 * trampoline: ~35 ns (§5.3 CgoCall 35.83 ns, §12 C.sqrt ~35 ns). */
	COST_CGO = 35,
	/* entersyscall + exitsyscall fast path: estimate ~ the cgo figure plus
	 * the kernel entry, ~100 ns. */
	COST_SYSCALL = 100,
	/* a channel operation without blocking: the runtime's own comment in
	 * runqsteal says "a channel op costs about 50 ns". */
	COST_CHANOP = 50,
	/* gopark: save state and switch to g0; estimate. */
	COST_PARK = 80,
	/* goready: runqput into runnext + wakep check; estimate. */
	COST_READY = 40,
	/* an uncontended sync.Mutex Lock/Unlock pair's half: estimate. */
	COST_MUTEX = 20,
	/* runtime.GOMAXPROCS(n): stopTheWorldGC + procresize + startTheWorld,
	 * a few tens of µs on a small machine; estimate. */
	COST_PROCRESIZE = 20000,
	/* runtime.GC(): the calling goroutine's share of a forced cycle (it
	 * waits for the mark to finish); estimate for a small heap. */
	COST_GC_CALL = 50000,
	/* a WaitGroup Add/Done: an atomic add; estimate. */
	COST_WG = 10,
	/* a plain load or store of a shared variable, one flag check: ~1 ns
	 * plus loop overhead. */
	COST_MEMOP = 2,
	/* an atomic read-modify-write: ~5-20 ns on x86 (LOCK XADD), estimate. */
	COST_ATOMIC = 10,
	/* the `select` machinery (lock all channels in address order): estimate
	 * from the channel op figure. */
	COST_SELECT = 80,
	/* a timer insertion into a P's heap; time.After allocates ~3 objects,
	 * ~200 B (§12): estimate. */
	COST_TIMER = 100,
	/* a loop back-edge / branch: ~1 ns. */
	COST_BRANCH = 1,
	/* LockOSThread / UnlockOSThread bookkeeping: estimate. */
	COST_LOCKOSTHREAD = 20,
	/* a heap allocation of a small object: estimate (mallocgc fast path). */
	COST_ALLOC = 25,
	/* the runtime's procyield(30) spin in Mutex.Lock: ~30 PAUSE ≈ 1 µs on
	 * modern x86 (estimate). */
	COST_MUTEX_SPIN = 1000,
	/* netpoll(0): an epoll_wait syscall that returns at once. estimate. */
	COST_NETPOLL = 500,
	/* fmt.Println: formatting and a write(2) to stdout, roughly: estimate. */
	COST_PRINT = 1000,
};

/* Latencies (not CPU): how long until something happens. */
enum {
	/* waking a parked M (futex wake + the thread being scheduled): a few µs
	 * to tens of µs on Linux; we use 5 µs (estimate). */
	LAT_FUTEX_WAKE = 5 * US,
	/* from stopm to the thread really asleep in futex(FUTEX_WAIT): mPark,
	 * the syscall entry and a context switch (estimate). A wake-up before
	 * then costs only what is left of it. */
	LAT_FUTEX_SLEEP = 1 * US,
	/* creating an OS thread (clone + mstart): ~20-50 µs (estimate). */
	LAT_NEWM = 30 * US,
	/* tgkill → the handler runs on the target thread: estimate. */
	LAT_SIGNAL = 5 * US,
	/* the thief's usleep(3) before stealing a running P's runnext (§3.3). */
	LAT_RUNNEXT_STEAL = 3 * US,
	/* the OS time slice of the simulated Linux scheduler (CFS targets a few
	 * ms per runnable thread; §10). */
	OS_QUANTUM = 3 * MS,
	/* forcePreemptNS (§4.2): public, the UI draws the slice */
	FORCE_PREEMPT_NS = GMP_FORCE_PREEMPT_NS,
	/* sysmon's first delay and its cap (§4.1) */
	SYSMON_MIN = 20 * US,
	SYSMON_MAX = 10 * MS,
	/* netpoll by sysmon when nobody polled for this long (§4.1) */
	SYSMON_NETPOLL = 10 * MS,
	/* mutex starvation threshold (§8.3) */
	MUTEX_STARVE_NS = 1 * MS,
	/* how far an M may run ahead of the next event in one batch of ops:
	 * batching keeps tiny ops (loads, flag checks) cheap to simulate; an M
	 * stops at the next event, but runs at least this long (simplification). */
	BATCH_MIN = 1 * US,
};

#define STACK_MIN 2048           /* stackMin (§8.5) */
#define G_STRUCT_BYTES 440       /* sizeof(g), Go 1.25 (§8.5) */
#define TIMER_BYTES 200          /* time.After: ~3 objects, ~200 B (§12) */
#define M_STACK_BYTES (16 * 1024) /* g0 stack of a new M (§3.4) */

#endif
