/*
 * noise.c — the variance of a real machine, as seeded draws.
 *
 * Two runs of one Go program on one machine never schedule alike: the CPU
 * runs the same loop a little faster or slower (frequency, caches, the SMT
 * sibling), the kernel wakes a sleeping thread late by its timer slack, a
 * signal takes a few µs to reach its thread, a disk or a network answers
 * sooner or later. The engine draws each from its one PRNG stream (rand.c)
 * with integer arithmetic only (no libm), so one seed gives byte-identical
 * runs on every machine and another seed gives another run, as a rerun
 * does. Each size below says where it comes from.
 *
 * On unless the config says `noise off` (gmp_config.noise): a machine
 * without it, where every duration is nominal, is for teaching only.
 */
#include "noise.h"
#include "costs.h"
#include "rand.h"
#include "sched.h"

/* scale returns d * pm / 1000 (truncated) without overflow for any
 * 0 <= d < 2^62 and |pm| <= 1000. The product fits for every d < 2^52: one
 * multiply and a division by a constant (a multiply-shift); splitting d at
 * 1000 gives the same value, since both parts have pm's sign. */
static inline int64_t scale(int64_t d, int64_t pm)
{
	if (d < ((int64_t)1 << 52))
		return d * pm / 1000;
	return d / 1000 * pm + d % 1000 * pm / 1000;
}

/* CPU speed: a stretch of work of up to 100 µs takes its length ±3 %,
 * triangular (the sum of two uniform draws). Source: the spread between
 * runs of one short CPU-bound operation on this machine, e.g. uncontended
 * Lock+Unlock 13.2-16.0 ns (tests/real twolock, MEASURED.md (h)), Gosched
 * 67.5-84.6 ns (lab (g)). A longer stretch is many such pieces whose
 * deviations (cache misses, interrupts, the SMT sibling) partly cancel:
 * its spread grows as the square root of its length, 3 µs x sqrt(d / 100
 * µs) (a 700 ms loop: ±250 µs, 0.04 %). Work under ~34 ns keeps its length
 * (the draw rounds to 0). */
#define NOISE_WORK_PM 30
#define NOISE_WORK_SPAN (100 * US)

/* isqrt returns floor(sqrt(n)) for 0 <= n < 2^62 (integers only: no libm
 * in the draws). Bits of the root above sqrt(n)'s top bit never fit, so the
 * search starts there. */
static int64_t isqrt(int64_t n)
{
	if (n <= 0)
		return 0;
	int64_t r = 0;
	for (int64_t b = (int64_t)1 << ((63 - __builtin_clzll((uint64_t)n)) >> 1); b; b >>= 1)
		if ((r + b) * (r + b) <= n)
			r += b;
	return r;
}

/* The CPU's speed for a whole run: frequency scaling, the turbo budget, the
 * caches' state and the SMT sibling's load hold for seconds, so one run's
 * every loop is a little faster or slower than another's. The mean cost of
 * one operation differs between runs by more than within one: CPU time per
 * uncontended Lock+Unlock 13.2-16.0 ns over 10 runs (MEASURED.md (h)), an
 * LCG step 1.17-1.33 ns over 18 (abba's ns_per_step), Gosched 67.5-84.6 ns
 * over 10 (g), on a loaded host. Here ±3 % for the run, uniform: the lower
 * edge of those spreads (a quiet host varies less). */
#define SPEED_RUN_PM 30

/* Interrupts: a CPU running a thread is taken from it now and then, by the
 * timer tick, a device's interrupt, the hypervisor or a kernel thread.
 * Measured with a C loop reading CLOCK_MONOTONIC for 2 s on each CPU
 * (tests/real/MEASURED.md, hic, quieter, 2026-12-05): a gap of 1 us or more
 * once per ~1.7 ms of a CPU's time, 1-3 us in 22 %, 3-10 us in 14 %, 10-30
 * us in 55 %, 30-100 us in 8 %, longer in under 1 % (1.15 % of the time in
 * all). A stretch of work of d ns meets one with probability d / 1.7 ms;
 * the draw follows those shares, linear inside each (inverse CDF in basis
 * points). They matter where the phase of two threads does: two movers
 * that follow each other through a lock are pulled apart and together
 * again by them (scenario 07). Only stretches up to 100 us meet them: a
 * longer stretch keeps its square-root spread below, without the 1.15 %
 * that interrupts would add to its mean (not modelled yet). */
#define HIC_EVERY_NS 1700000

/* noise_q: a measured distribution as quantiles, in basis points (0 and
 * 10000 first and last); draw_q draws from it, linear between them
 * (inverse CDF, integers only). */
typedef struct { int32_t bp; int32_t ns; } noise_q;

static int64_t draw_q(gmp_engine *e, const noise_q *q)
{
	int32_t u = (int32_t)fastrandn(e, 10000);
	int i = 1;
	while (q[i].bp < u)
		i++;
	int32_t b0 = q[i - 1].bp, b1 = q[i].bp;
	int64_t n0 = q[i - 1].ns, n1 = q[i].ns;
	return n0 + (n1 - n0) * (u - b0) / (b1 - b0);
}

static const noise_q hic_q[] = {
	{ 0, 1000 }, { 2200, 3000 }, { 3600, 10000 }, { 9100, 30000 }, { 9930, 100000 }, { 10000, 300000 },
};

int64_t noise_work(gmp_engine *e, int64_t d)
{
	if (!e->cfg.noise)
		return d;
	d += scale(d, e->speed_pm);   /* this run's speed (may be negative pm) */
	if (d < 1000 / NOISE_WORK_PM)
		return d;
	int64_t pm = (int64_t)fastrandn(e, NOISE_WORK_PM + 1) + (int64_t)fastrandn(e, NOISE_WORK_PM + 1) -
	             NOISE_WORK_PM;
	int64_t dev;
	if (d <= NOISE_WORK_SPAN) {
		dev = scale(d, pm);
		if ((int64_t)fastrandn(e, HIC_EVERY_NS) < d)
			dev += draw_q(e, hic_q);
	}
	else   /* ±3 µs per sqrt of 100 µs pieces */
		dev = scale(NOISE_WORK_SPAN * isqrt(d / NOISE_WORK_SPAN), pm);
	int64_t r = d + dev;
	return r > 0 ? r : 0;
}

/* Timer slack: Linux gives a normal thread's timed sleeps a 50 µs window
 * (timer_slack_ns, prctl(2) PR_SET_TIMERSLACK; hrtimer range timers) and
 * programs the clock for its end, unless an earlier interrupt expires the
 * timer inside the window; then the woken thread takes a while to run.
 * Measured on this machine (a C loop of usleep, CLOCK_MONOTONIC around
 * each; tests/real/MEASURED.md (t)): usleep(20) takes 86.5-89.8 µs (p10-p90
 * of 2000; p50 87.1, min 28.8, p99 104), usleep(1000) 1082.6-1090.9 µs:
 * 50 µs of slack and 16-20 µs to run again after a short sleep, 32-41 µs
 * after a long one (the CPU idles deeper). Here 9 wake-ups in 10 come at the
 * window's end, the tenth anywhere in it.
 *
 * The wake-up latency is not the same from one run to the next: the CPU's
 * frequency and idle states, and what else the machine runs, set its level
 * for a while. Thirteen runs of 500 usleep(20) a few minutes apart gave
 * medians of 91.3-108.8 µs (2026-12-05 08:50, load 1.9-3.1; MEASURED.md
 * (t')): a level 0-22 µs above the quietest run's, for every sleep of the
 * run. Over the ~50 short sleeps sysmon takes after each preemption this
 * moves its ticks by up to ~1 ms, which decides whether the next time slice
 * ends at ~10 ms or at ~15 ms (issue #16: "clustered near 10 and 15"). So
 * the level is drawn once per run and added to each wake-up. d is the sleep
 * asked for. */
#define SLACK_NS (50 * US)
#define WAKE_LEVEL_SPAN (22 * US)
/* ...and 1 wake-up in 10 is later still, by up to 200 µs: those runs' means
 * were 0.2-29 µs above their medians and their p90s 1-41 µs above. */
#define WAKE_TAIL_NS (200 * US)

/* wake_after: how long a thread that slept `slept` ns takes to run again
 * once its wake-up comes, the run's level included (noise is on) */
static int64_t wake_after(gmp_engine *e, int64_t slept)
{
	int64_t wake = slept >= MS ? 32 * US + (int64_t)fastrandn(e, 9 * US + 1) : 16 * US + (int64_t)fastrandn(e, 4 * US + 1);
	if (fastrandn(e, 10) == 0)   /* the tail: another thread had the CPU */
		wake += (int64_t)fastrandn(e, WAKE_TAIL_NS + 1);
	return wake + e->wake_level;
}

int64_t noise_slack(gmp_engine *e, int64_t d)
{
	if (!e->cfg.noise)
		return 0;
	uint32_t r = fastrand(e);
	int64_t slack = (r % 10) ? SLACK_NS : (int64_t)((uint64_t)(r >> 8) * SLACK_NS >> 24);
	return slack + wake_after(e, d);
}

/* An idle M's wake-up: futexwakeup, the thread scheduled on a CPU, and
 * that CPU out of its idle state. Measured from Go on this machine
 * (tests/real/wakeidle, MEASURED.md "A goroutine started after a pause",
 * 2026-12-07): from `go` to the goroutine's start on the other CPU, in the
 * fast mode, p10 13-23 us and p50 26-37 us after pauses up to 1 ms, p10
 * 77-94 us after 5-10 ms (the CPU idles deeper). So 16-20 us after a short
 * park and 32-41 us after one of a millisecond or more: the timer
 * wake-ups' draw (wake_after), with their run level and their tail. (A
 * bare futex wake between two C threads is faster, 1-5 us: the difference
 * is the idle CPU's exit and the Go side's own path.) Not modelled: the
 * slow mode, where Linux puts the woken thread on the waker's busy CPU and
 * it starts 1.7-3.8 ms later. parked: how long mp slept. */
int64_t noise_futex_wake(gmp_engine *e, int64_t parked)
{
	if (!e->cfg.noise)
		return LAT_FUTEX_WAKE;
	return wake_after(e, parked);
}

/* Signal delivery: tgkill sends an IPI to the target's CPU and the handler
 * runs when the thread next returns to user mode: 2-8 µs (estimate,
 * centred on the 5 µs the engine used before, LAT_SIGNAL). */
int64_t noise_signal(gmp_engine *e)
{
	if (!e->cfg.noise)
		return LAT_SIGNAL;
	return LAT_SIGNAL - 3 * US + (int64_t)fastrandn(e, 6 * US + 1);
}

/* I/O: a device or a peer never answers before its nominal latency; the
 * controller's and the switches' queues add 0-2 %, triangular (estimate: an
 * SSD's 4 KiB read or a LAN round trip on an otherwise idle path). */
#define NOISE_IO_PM 10

int64_t noise_io(gmp_engine *e, int64_t d)
{
	if (!e->cfg.noise)
		return d;
	if (d <= 0)
		return d;
	int64_t pm = (int64_t)fastrandn(e, NOISE_IO_PM + 1) + (int64_t)fastrandn(e, NOISE_IO_PM + 1);
	return d + scale(d, pm);
}

void noise_init(gmp_engine *e)
{
	e->wake_level = 0;
	e->speed_pm = 0;
	if (!e->cfg.noise)
		return;
	e->wake_level = (int64_t)fastrandn(e, WAKE_LEVEL_SPAN + 1);
	e->speed_pm = (int64_t)fastrandn(e, 2 * SPEED_RUN_PM + 1) - SPEED_RUN_PM;
}

/* runqgrab's usleep(3): a 3 µs nanosleep that the thread's 50 µs timer
 * slack rounds up. Measured on this machine (MEASURED.md "Second look at
 * #17.4 and #17.6", (s), 2026-12-05 08:06 UTC): a C loop of usleep(3),
 * 2 x 4000 calls: min 41-47 µs, p10 81.6, p50 82.8-83.3, p90 86.6-89.9,
 * p99 102-161; the same from Go (`usleep -n 4000`, syscall.Nanosleep of
 * 3 µs), 2 runs: min 24-32, p10 69.6-71.1, p50 73.4-76.1, p90 83.7-86.9,
 * p99 107-114. The draw follows the middle of each percentile's measured
 * range, linear between them (inverse CDF in basis points); its median is
 * the nominal LAT_RUNNEXT_STEAL, 80 µs. */
static const noise_q usleep3_q[] = {
	{ 0, 36000 }, { 1000, 76000 }, { 5000, 80000 }, { 9000, 87000 }, { 9900, 131000 }, { 10000, 161000 },
};

int64_t noise_usleep3(gmp_engine *e)
{
	if (!e->cfg.noise)
		return LAT_RUNNEXT_STEAL;
	return draw_q(e, usleep3_q);
}
