/*
 * costs.h — what each runtime operation costs, in virtual nanoseconds.
 *
 * One table, so that every figure the class sees has a source. Measured
 * figures are from the reference's §12 (Go 1.19.8, linux/amd64, 2 vCPUs),
 * from tests/real/ (MEASURED.md: "lab (f)" is its row (f), process CPU time
 * per operation by getrusage, Go 1.19.8, 2 CPUs; tests/test_costs.c runs the
 * same shapes in the engine and asserts each inside the measured range) and
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
	/* schedule() + execute() of a G found: a few dozen instructions, the
	 * sched lock's lock/unlock when it looks at the global queue (~14 ns a
	 * pair, lab (h)) and the context switch (gogo). A Gosched on 1 P
	 * measures 67.5-84.6 ns of CPU (lab (g)); with gosched_m, two holds of
	 * the sched lock and a runqget the engine charges ~72. */
	COST_SCHEDULE = 40,
	/* runqget from the local ring or runnext: lock-free, estimate. */
	COST_RUNQGET = 10,
	/* holding the sched lock to take from / put on the global queue: the
	 * list op between lock and unlock (estimate). Two goroutines yielding
	 * on 2 Ps contend for it and spend ~76 ns of CPU a Gosched, a little
	 * more than on 1 P, as measured (65.5-80.7, lab (g)). */
	COST_GLOBRUNQ_HOLD = 4,
	/* gosched_m and mcall outside the lock (lab (g): ~72 - 40 - 2 x 4
	 * - runqget 10 - the loop ≈ 8). */
	COST_GOSCHED = 8,
	/* one runqgrab attempt on a victim P (atomic loads of head/tail): estimate. */
	COST_STEAL_TRY = 40,
	/* newproc with a dead G to reuse (gfget finds one). A goroutine that
	 * exits at once costs its process 311-543 ns in all on 1 P, newproc,
	 * execute and goexit together (`lifecost -life 0 -procs 1`, Go 1.19,
	 * MEASURED.md (p6)): newproc 300 and goexit 100 (200 fits the lower
	 * end better, but then scenario 12's spawner outruns the stealing P and
	 * its items stay in order in 6 of 20 seeds, where real runs reorder
	 * 66-85 % every time). The spawner's 0.26-0.41 µs a `go` of `newproc
	 * -mode exit -n 20000` (2 Ps, 2026-12-05 21:58 UTC; MEASURED.md "The
	 * GC's mark and the cost of `go`") is 300, plus COST_G_LINE when the
	 * reused g was freed by the other CPU. */
	COST_NEWPROC_GFGET = 300,
	/* newproc with none (malg: a new G and its stack): goroutines that stay
	 * alive, 1.17-1.64 µs of the spawner's CPU (`newproc -mode sleep -n
	 * 20000`, 7 runs 2026-12-05 21:57-22:00 UTC; GOGC=off 1.17); mgc.c
	 * adds the assists of a mark in progress. The earlier (p2), 10.4-11.8
	 * µs, did not reproduce: see MEASURED.md. */
	COST_NEWPROC_MALG = 1500,
	/* the GC's stops of the world: sweep termination and mark termination.
	 * gctrace on spawnsleep's shape (`GODEBUG=gctrace=1 spawnsleep -child
	 * -procs 2 -n 30000 -nap 30ms`, 8 cycles, 2026-12-05): sweep
	 * termination 0.012-6.5 ms of clock (median ~0.35, most of it waiting
	 * for a P to stop), mark termination 0.002-0.086 ms: estimates. */
	COST_GC_SWEEPTERM = 100 * US,
	COST_GC_MARKTERM = 50 * US,
	/* goexit0/gdestroy + gfput: see COST_NEWPROC_GFGET. */
	COST_GOEXIT = 100,
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
	/* an uncontended sync.Mutex Lock/Unlock pair's half: a pair measures
	 * 13.2-16.0 ns of CPU, ordered two-lock transfers 31.3-37.8 M/s (lab (h)). */
	COST_MUTEX = 6,
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
	/* selectgo (lock all channels in address order, poll them): a 3-case
	 * select whose first case is ready measures 46.5-68.8 ns of CPU a turn,
	 * a 2-case select with a default 46.4-63.4 (lab (f) "bare", lab (i)). */
	COST_SELECT = 50,
	/* a select with one case and a default compiles to a non-blocking
	 * receive or send (selectnbrecv): when nothing is ready it returns
	 * after a lock-free look, 3.05-5.4 ns a turn with the loop (lab (i)). */
	COST_SELECTNB = 3,
	/* a timer insertion into or removal from a P's heap (addtimer,
	 * deltimer, modtimer): Stop + Reset of a hoisted timer add 77-128 ns to
	 * a select turn (lab (f): hoisted 145.5-197.1 minus bare 46.5-68.8). */
	COST_TIMER = 50,
	/* time.After: NewTimer's 3 allocations (~240 B, a channel, a timer and
	 * its closure), addtimer's sift into a heap that holds every earlier
	 * turn's still-pending timer, and the GC's share of the heap those keep
	 * live. A select turn with time.After measures 599-1184 ns of CPU, the
	 * same select without it 46.5-68.8 (lab (f), and `timeafter -iters 4000
	 * -reps 5` x3: 599-991): this is the difference, without the heap
	 * insertion (COST_TIMER, charged when the timer goes on the heap). */
	COST_AFTER = 650,
	/* a loop back-edge / branch: ~1 ns. */
	COST_BRANCH = 1,
	/* time.Now / time.Since, and the runtime's nanotime: a vDSO
	 * clock_gettime on the TSC. `clockread -n 5000000` (tests/real), Go
	 * 1.19.8, 2026-12-06 01:55 UTC, quiet: 21.7-21.9 ns a call, 4 runs,
	 * with the turn of its loop (an add and a branch: 2 ns in the engine) */
	COST_NANOTIME = 20,
	/* LockOSThread / UnlockOSThread bookkeeping: estimate. */
	COST_LOCKOSTHREAD = 20,
	/* a heap allocation of a small object: estimate (mallocgc fast path). */
	COST_ALLOC = 25,
	/* one iteration of Mutex.Lock's active spin, procyield(30): 30 PAUSE
	 * instructions measure 559 ns on this machine's AMD EPYC (a C loop of
	 * 30 x `pause`, best of 20 x 100000, 2026-12-05). */
	COST_MUTEX_SPIN = 560,
	/* a contended lock changing hands between CPUs: the mutex's cache line
	 * moves from the unlocker's CPU to the spinner's, ~100-200 ns (the
	 * brief's figure for a cross-core transfer on this class of machine;
	 * estimate). Drawn uniformly in that range (exec_sync.c, line_fetch:
	 * any Lock or TryLock's CAS on a mutex another CPU wrote last). */
	COST_LOCK_HANDOFF_MIN = 100,
	COST_LOCK_HANDOFF_SPAN = 100,
	/* a cache line another CPU wrote last, fetched before a write: the
	 * same cross-core transfer, at the middle of that range. For the
	 * WaitGroup's state word (exec_sync.c, wg_line) and a goroutine's g
	 * (COST_G_LINE). Together with the timer heap's misses below
	 * (COST_TIMER_COLD_DOUBLING), they make a
	 * goroutine that sleeps 20 ms cost more on 2 Ps than on 1 (`lifecost
	 * -life 20ms -procs 2`: 1583-2168 ns in two sets of runs, against
	 * 1297-1769 on 1 P; tests/real/lifecost, MEASURED.md (p6)). */
	COST_LINE = 150,
	/* reusing a dead G that another M freed (newproc): the g's line moves
	 * between CPUs. Not charged when a G merely starts on another M than
	 * it last ran on: two goroutines yielding on 2 Ps cost no more a
	 * Gosched than one on 1 P (lab (g)). */
	COST_G_LINE = 150,
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
	/* the thief's usleep(3) before stealing a running P's runnext (§3.3):
	 * a nanosleep, which Linux rounds up by the thread's timer slack (50 µs
	 * by default). Measured with a C loop of usleep(3) on the 2-CPU host,
	 * 2026-12-05 08:06 UTC, 2 x 4000 calls: p10 81.6 µs, p50 82.8-83.3,
	 * p90 86.6-89.9 (another 2 x 2000: min 41-47 µs, mean 103-106). The M
	 * sleeps off its CPU (schedule.c, PH_STEAL). */
	LAT_RUNNEXT_STEAL = 80 * US,
	/* the OS time slice of the simulated Linux scheduler (CFS targets a few
	 * ms per runnable thread; §10). */
	OS_QUANTUM = 3 * MS,
	/* forcePreemptNS (§4.2): public, the UI draws the slice */
	FORCE_PREEMPT_NS = GMP_FORCE_PREEMPT_NS,
	/* code "with calls" (a WORK without nocall) calls a non-inlined
	 * function at least this often, so a cooperative request is seen within
	 * it (estimate: a call every few dozen instructions) */
	WORK_CALL_GAP = 100,
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
/* the concurrent mark's CPU per byte of scan work (the live heap and the
 * used part of the stacks, as gcController counts it): `GODEBUG=gctrace=1,
 * gcpacertrace=1 spawnsleep -child -procs 2 -n 30000 -nap 30ms`, Go 1.19.8,
 * 2026-12-05 22:59 UTC, 7 cycles: 3.6-12.4 MB of work for 4.0-14.9 ms of
 * assist + background CPU, 1.06-1.4 ns a byte (2.4 once, with idle
 * marking): 1.2 ns (MEASURED.md (p4)) */
#define GC_SCAN_PS_PER_BYTE 1200
/* the stack a parked goroutine's mark scans (scanstack: hi - sp, not the
 * whole 2 KiB): the same runs' stack scan work is 4.3-8.3 % of the stacks
 * allocated (gcpacertrace's stackScanWork over gctrace's "MB stacks"),
 * 90-170 B of each 2 KiB stack */
#define GC_STACK_SCAN_BYTES 128
/* A goroutine's g, stack top, sudog and channel leave the CPU's caches once
 * enough other goroutines have run since it last ran: waking it then costs
 * cache misses (casgstatus, gogo, the sudog). `coldwake -k K [-one]`
 * (tests/real/coldwake: K goroutines parked on channels, woken in turn by
 * main, GOMAXPROCS=1, GC off), Go 1.19.8, 2026-12-06 01:10-01:35 UTC,
 * load under 1: a channel each, 130-194 ns a wake-up for K <= 20000, 259 at
 * 25000, 284-301 at 30000, 432 at 40000, 446-463 for K >= 50000; one
 * channel, 159-167 ns for K = 1000, 233-236 at 10000-20000, 300-449 at
 * 30000, 496-542 for K >= 50000 (MEASURED.md (p5)). So a G that starts
 * after more than COLD_G_FROM other starts pays up to COST_COLD_G more,
 * the whole of it past COLD_G_FROM + COLD_G_SPAN (g_cold, proc.c). */
#define COST_COLD_G 340
#define COLD_G_FROM 15000
#define COLD_G_SPAN 30000
/* Taking the earliest timer off a P's heap (runtimer: dodeltimer0's
 * siftdownTimer) reads 4 children's `when` a level, through pointers to
 * timers scattered in memory; once the heap outgrows the caches each level
 * misses. Goroutines that each sleep L, spawned at 300 k/s on 1 P (a heap
 * of ~300 k/s x L timers), cost their process 367-543 ns each living 0 ms,
 * 866-1339 at 1 ms, 1064-1455 at 3 ms, 977-1219 at 10 ms, 1404-1769 at
 * 20 ms, 1548-1871 at 50 ms and 1652-1810 at 100 ms (`lifecost -life L
 * -procs 1`, Go 1.19, 2026-12-06 19:28 UTC, 5 runs each; a morning set of
 * the same shape on a faster machine state gave 311-372, 663-699,
 * 816-1093, 966-1236, 1297-1400, 1478-1499 and 1554-1592: MEASURED.md
 * (p6)). perf at 20 ms: siftdownTimer 8 %, casgstatus 18 % (the cold g it
 * readies). Past the first ~130 timers the cost grows by about a constant
 * per doubling of the heap, which is what a miss per level gives; the g's
 * own coldness (COST_COLD_G) is in it from 15000 starts on. Not in it: a
 * cold g woken from a channel (coldwake -one, whose wake order is as
 * scattered as this one's, 0.2 % in sequence, costs no more at K = 1000
 * than at 10: COST_COLD_G's curve holds for it). */
#define TIMER_COLD_FROM_LOG2 7
#define TIMER_COLD_FROM (1 << TIMER_COLD_FROM_LOG2)
#define COST_TIMER_COLD_DOUBLING 135
#define COST_TIMER_COLD_MAX 750
#define G_STRUCT_BYTES 440       /* sizeof(g), Go 1.25 (§8.5) */
/* malg's new(g) on the heap: sizeof(g) is 392 B in Go 1.19
 * (runtime/sizeof_test.go), size class 416. A G is never freed (allgs). */
#define G_HEAP_BYTES 416
#define TIMER_BYTES 240          /* time.After: 3 objects, 225-254 B a turn (lab (f)) */
#define M_STACK_BYTES (16 * 1024) /* g0 stack of a new M (§3.4) */

#endif
