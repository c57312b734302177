/*
 * scenario_fixture.c — see scenario_fixture.h.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "scenario_fixture.h"

gmp_scenario scen;
char scen_err[512];

int scen_parse(const char *src)
{
	scenario_free(&scen);
	return scenario_parse("t.gmp", src, strlen(src), &scen, scen_err, sizeof scen_err);
}

int scen_teardown(void **state)
{
	(void)state;
	scenario_free(&scen);
	return 0;
}

const gmp_func *scen_func(int variant, const char *name)
{
	const gmp_program *p = &scen.variants[variant].prog;
	for (int i = 0; i < p->nfuncs; i++)
		if (strcmp(p->funcs[i].name, name) == 0)
			return &p->funcs[i];
	fail_msg("no func %s", name);
	return NULL;
}
