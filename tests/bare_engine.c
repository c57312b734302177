/*
 * bare_engine.c — see bare_engine.h.
 */
#include "bare_engine.h"
#include "proc.h"

/* one function, `main`, with no ops: the engine is never run */
static gmp_func bare_funcs[] = { { .name = "main", .ops = NULL, .nops = 0 } };
static const gmp_program bare_prog = { .funcs = bare_funcs, .nfuncs = 1, .main_func = 0 };

gmp_engine *bare_new(int gomaxprocs)
{
	gmp_config c;
	config_defaults(&c);
	c.gomaxprocs = gomaxprocs;
	return engine_new(&bare_prog, &c);
}

int32_t bare_g(gmp_engine *e)
{
	return newproc(e, 0, 0, NIL);
}

int bare_globrunq(const gmp_engine *e, int32_t *out, int max)
{
	int n = 0;
	for (int32_t gi = e->runq_head; gi != NIL; gi = G(e, gi)->schedlink) {
		if (n < max)
			out[n] = gi;
		n++;
	}
	return n;
}
