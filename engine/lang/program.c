/*
 * program.c — lifetime of a compiled program (program.h) and the default
 * settings of a variant.
 */
#include "program.h"

#include <stdlib.h>

/* program_free releases everything p owns and leaves it empty. Safe on a
 * partially built or zeroed program. */
void program_free(gmp_program *p)
{
	if (!p)
		return;
	for (int i = 0; i < p->nfuncs; i++) {
		free(p->funcs[i].name);
		free(p->funcs[i].ops);
	}
	free(p->funcs);
	free(p->init_funcs);
	for (int i = 0; i < p->nchans; i++)
		free(p->chans[i].name);
	free(p->chans);
	for (int i = 0; i < p->nstreams; i++)
		free(p->streams[i].name);
	free(p->streams);
	char ***tabs[] = { &p->mutexes, &p->waitgroups, &p->vars, &p->counters, &p->probes, &p->strings };
	int *ns[] = { &p->nmutexes, &p->nwaitgroups, &p->nvars, &p->ncounters, &p->nprobes, &p->nstrings };
	for (size_t t = 0; t < sizeof tabs / sizeof tabs[0]; t++) {
		for (int i = 0; i < *ns[t]; i++)
			free((*tabs[t])[i]);
		free(*tabs[t]);
	}
	*p = (gmp_program){ .main_func = -1 };
}

/* config_defaults fills c with the settings a scenario gets when it says
 * nothing: Go 1.25 rules, the runtime's default GOMAXPROCS on a 4-CPU host
 * without a cgroup quota, the runtime's 10000-thread limit. */
void config_defaults(gmp_config *c)
{
	*c = (gmp_config){
		.go_minor = 25,
		.gomaxprocs = 0,
		.ncpu = 4,
		.quota_ns = 0,
		.period_ns = 100 * 1000 * 1000,
		.maxthreads = 10000,
		.memlimit = 0,
		.seed = 1,
		.horizon_ns = 1000 * 1000 * 1000,
		.disk_depth = 4,
		.race = false,
	};
}
