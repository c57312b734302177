/*
 * budget.c — gmpscope's own budget: what protects the host from a scenario
 * (engine.h, gmp_budget; DESIGN.md, "Budgets and limits").
 *
 * The simulated program's limits (memory, maxthreads) are outcomes of the
 * program. This budget is not: a scenario may be a correct Go program that
 * spawns a goroutine per nanosecond for an hour, and the host must survive
 * it. Two measures, both counted in what the engine does, never in wall
 * time, so a sanitizer or valgrind run stops exactly where a release run
 * stops:
 *   events  the engine's steps: each timed event it processes (an M's
 *           activity ends, sysmon wakes, a timer fires...) and each op a
 *           goroutine's code executes (a batch may run millions of ops
 *           before the next timed event, exec.c);
 *   bytes   the engine's own state for this run: live entities times their
 *           size (engine_footprint), looked at every BUDGET_LOOK steps.
 * A step adds at most a few entities, so between two looks the state grows
 * by a bounded amount (BUDGET_LOOK steps' worth, a few MiB at most).
 */
#include <inttypes.h>
#include <stdio.h>

#include "budget.h"
#include "sched.h"
#include "proc.h"
#include "race.h"

#define BUDGET_LOOK 4096   /* steps between two looks at the footprint */

/* default_budget is the budget engines start with (engine_set_default_budget). */
static gmp_budget default_budget = { GMP_MAX_EVENTS_DEFAULT, GMP_MAX_ENGINE_BYTES_DEFAULT };

void engine_set_default_budget(const gmp_budget *b)
{
	default_budget.max_events = b->max_events ? b->max_events : GMP_MAX_EVENTS_DEFAULT;
	default_budget.max_bytes = b->max_bytes > 0 ? b->max_bytes : GMP_MAX_ENGINE_BYTES_DEFAULT;
}

/* next_look: the step at which budget_check next looks. */
static uint64_t next_look(const gmp_engine *e)
{
	uint64_t look = (e->nsteps / BUDGET_LOOK + 1) * BUDGET_LOOK;
	return look < e->budget.max_events ? look : e->budget.max_events;
}

void budget_init(gmp_engine *e)
{
	e->budget = default_budget;
	e->budget_next = next_look(e);
}

void engine_set_budget(gmp_engine *e, const gmp_budget *b)
{
	e->budget.max_events = b->max_events ? b->max_events : GMP_MAX_EVENTS_DEFAULT;
	e->budget.max_bytes = b->max_bytes > 0 ? b->max_bytes : GMP_MAX_ENGINE_BYTES_DEFAULT;
	e->budget_next = next_look(e);
}

const char *engine_gave_up(const gmp_engine *e)
{
	return e->gaveup;
}

/* fmt_t writes virtual time t in the largest unit that keeps it exact
 * ("1.5s", "300ms", "1234ns"), as the scenario language writes durations. */
static void fmt_t(int64_t t, char *buf, size_t n)
{
	static const struct { int64_t ns; const char *u; } units[] = {
		{ 1000000000, "s" }, { 1000000, "ms" }, { 1000, "us" },
	};
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
		if (t < units[i].ns)
			continue;
		int64_t whole = t / units[i].ns, frac = t % units[i].ns;
		if (frac == 0) {
			snprintf(buf, n, "%" PRId64 "%s", whole, units[i].u);
			return;
		}
		char digits[16];
		int w = snprintf(digits, sizeof digits, "%0*" PRId64, i == 0 ? 9 : i == 1 ? 6 : 3, frac);
		while (w > 0 && digits[w - 1] == '0')
			digits[--w] = '\0';
		snprintf(buf, n, "%" PRId64 ".%s%s", whole, digits, units[i].u);
		return;
	}
	snprintf(buf, n, "%" PRId64 "ns", t);
}

/* give_up ends the run: the budget, not the program, stopped it. */
static void give_up(gmp_engine *e, bool memory)
{
	char at[40];
	fmt_t(e->now, at, sizeof at);
	if (memory)
		snprintf(e->gaveup, sizeof e->gaveup,
		         "gave up after %" PRIu64 " events at t=%s: the engine's own memory passed %" PRId64
		         " MiB; raise --max-engine-memory", e->nsteps, at, e->budget.max_bytes >> 20);
	else
		snprintf(e->gaveup, sizeof e->gaveup, "gave up after %" PRIu64 " events at t=%s; raise --max-events",
		         e->nsteps, at);
	run_over(e, RUN_GAVEUP);
}

/* budget_check runs when nsteps reaches budget_next (engine.c's loop). */
void budget_check(gmp_engine *e)
{
	if (e->state != RUN_RUNNING)
		return;
	if (e->nsteps >= e->budget.max_events) {
		give_up(e, false);
		return;
	}
	if (engine_footprint(e) > e->budget.max_bytes) {
		give_up(e, true);
		return;
	}
	e->budget_next = next_look(e);
}

/* engine_footprint adds up the engine's state for this run: the slabs of Gs
 * and Ms, every growable table, the timelines and the race detector. */
int64_t engine_footprint(const gmp_engine *e)
{
	int64_t b = (int64_t)sizeof *e;
	b += (int64_t)e->gs.nc * SLAB_CHUNK * (int64_t)sizeof(g_t);
	b += (int64_t)e->gxs.nc * SLAB_CHUNK * (int64_t)sizeof(gext_t);
	b += (int64_t)e->ms.nc * SLAB_CHUNK * (int64_t)sizeof(m_t);
	b += (int64_t)e->timers.cap * (int64_t)sizeof(timer_t_);
	b += (int64_t)e->sudogs.cap * (int64_t)sizeof(sudog_t);
	b += (int64_t)e->heap.cap * (int64_t)sizeof(tevent_t);
	b += (int64_t)e->gomaxprocs * (int64_t)sizeof(p_t);
	for (int i = 0; i < e->gomaxprocs; i++)
		b += (int64_t)e->ps[i].captimers * (int64_t)sizeof(int32_t);
	for (int i = 0; i < e->prog->nchans; i++)
		b += (int64_t)e->chans[i].bufcap * (int64_t)sizeof(item_t);
	b += (int64_t)GMP_EVENT_RING * (int64_t)sizeof(gmp_event);
	b += (int64_t)e->nseries * SERIES_MAX * (int64_t)sizeof(double);
	b += race_footprint(e);
	return b;
}
