/*
 * config.c — the settings a variant runs under (gmp_config, program.h): their
 * defaults, and the GOMAXPROCS the runtime derives from them. Both live here
 * once: the scenario language starts every variant from config_defaults and
 * shows config_gomaxprocs in expectations; engine_new completes and runs the
 * same settings.
 */
#include "program.h"

/* config_defaults fills c with the settings a scenario gets when it says
 * nothing: Go 1.25 rules, the runtime's default GOMAXPROCS on a 4-CPU host
 * without a cgroup quota with 2 GiB of memory, the runtime's 10000-thread
 * limit. */
void config_defaults(gmp_config *c)
{
	*c = (gmp_config){
		.go_minor = 25,
		.gomaxprocs = 0,
		.ncpu = 4,
		.quota_ns = 0,
		.period_ns = 100 * 1000 * 1000,
		.maxthreads = 10000,
		.memory = GMP_MEMORY_DEFAULT,
		.seed = 1,
		.horizon_ns = 1000 * 1000 * 1000,
		.disk_depth = 4,
		.race = false,
		.noise = true,
	};
}

/* config_complete gives every field of c that means nothing at zero (CPUs,
 * period, thread limit, disk depth, horizon) its default, so that a caller
 * may leave them unset. Fields where zero has a meaning (no quota, no memory
 * limit, seed 0, the default GOMAXPROCS) are kept. */
void config_complete(gmp_config *c)
{
	gmp_config d;
	config_defaults(&d);
	if (c->ncpu <= 0)
		c->ncpu = d.ncpu;
	if (c->period_ns <= 0)
		c->period_ns = d.period_ns;
	if (c->maxthreads <= 0)
		c->maxthreads = d.maxthreads;
	if (c->disk_depth <= 0)
		c->disk_depth = d.disk_depth;
	if (c->horizon_ns <= 0)
		c->horizon_ns = d.horizon_ns;
}

/* config_gomaxprocs is the GOMAXPROCS a variant runs with: the setting, or
 * else the runtime's default (schedinit, defaultGOMAXPROCS): the CPU count,
 * and from Go 1.25 no more than the cgroup quota rounded up to whole CPUs,
 * but never below 2 because of the quota. */
int config_gomaxprocs(const gmp_config *c)
{
	if (c->gomaxprocs > 0)
		return c->gomaxprocs;
	int n = c->ncpu > 0 ? c->ncpu : 1;
	if (c->go_minor >= 25 && c->quota_ns > 0 && c->period_ns > 0) {
		int64_t lim = (c->quota_ns + c->period_ns - 1) / c->period_ns;
		if (lim < 2)
			lim = 2;
		if (lim < n)
			n = (int)lim;
	}
	return n;
}
