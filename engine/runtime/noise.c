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
 */
#include "noise.h"
#include "costs.h"
#include "rand.h"

/* scale returns d * pm / 1000 without overflow for any d < 2^62. */
static int64_t scale(int64_t d, int64_t pm)
{
	return d / 1000 * pm + d % 1000 * pm / 1000;
}

/* CPU speed: ±3 % per stretch of work, triangular (the sum of two uniform
 * draws). Source: the spread between runs of one CPU-bound loop on this
 * machine, e.g. uncontended Lock+Unlock 13.2-16.0 ns (tests/real twolock,
 * MEASURED.md (h)), Gosched 67.5-84.6 ns (lab (g)): about ±10 % between
 * runs, of which a stretch of a few µs sees a few %. Work under ~34 ns
 * keeps its length (the draw rounds to 0). */
#define NOISE_WORK_PM 30

int64_t noise_work(gmp_engine *e, int64_t d)
{
	if (d < 1000 / NOISE_WORK_PM)
		return d;
	int64_t pm = (int64_t)fastrandn(e, NOISE_WORK_PM + 1) + (int64_t)fastrandn(e, NOISE_WORK_PM + 1) -
	             NOISE_WORK_PM;
	int64_t r = d + scale(d, pm);
	return r > 0 ? r : 0;
}

/* Timer slack: Linux gives a normal thread's timed sleeps a 50 µs window
 * (timer_slack_ns, prctl(2) PR_SET_TIMERSLACK; hrtimer range timers) and
 * programs the clock for its end, unless an earlier interrupt (the tick,
 * another thread's timer) expires it inside the window: here 3 wake-ups in
 * 4 come at the window's end, the fourth anywhere in it. Then the woken
 * thread waits 2-8 µs to run (the wake-up IPI and the context switch on an
 * idle CPU; estimate). usleep(20) measures ~70 µs on Linux. */
#define SLACK_NS (50 * US)

int64_t noise_slack(gmp_engine *e)
{
	uint32_t r = fastrand(e);
	int64_t slack = (r & 3) ? SLACK_NS : (int64_t)((uint64_t)(r >> 2) * SLACK_NS >> 30);
	return slack + 2 * US + (int64_t)fastrandn(e, 6 * US + 1);
}

/* Signal delivery: tgkill sends an IPI to the target's CPU and the handler
 * runs when the thread next returns to user mode: 2-8 µs (estimate,
 * centred on the 5 µs the engine used before, LAT_SIGNAL). */
int64_t noise_signal(gmp_engine *e)
{
	return LAT_SIGNAL - 3 * US + (int64_t)fastrandn(e, 6 * US + 1);
}

/* I/O: a device or a peer answers in its nominal latency ±10 %,
 * triangular (an SSD's 4 KiB read or a LAN round trip spreads that much
 * around its median; estimate). */
#define NOISE_IO_PM 100

int64_t noise_io(gmp_engine *e, int64_t d)
{
	if (d <= 0)
		return d;
	int64_t pm = (int64_t)fastrandn(e, NOISE_IO_PM + 1) + (int64_t)fastrandn(e, NOISE_IO_PM + 1) - NOISE_IO_PM;
	return d + scale(d, pm);
}
