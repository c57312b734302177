/*
 * program.c — lifetime of a compiled program (program.h). The default settings
 * of a variant are the engine's (runtime/config.c).
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
	free(p->xcode);
	for (int i = 0; i < p->nsyncs; i++)
		free(p->syncs[i].name);
	free(p->syncs);
	free(p->xargs);
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
