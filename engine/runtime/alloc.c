/*
 * alloc.c — the engine's allocator and its out-of-memory path (alloc.h).
 *
 * The handler is the engine's one piece of process-wide state: an allocation
 * can fail where no engine exists yet (engine_new, the scenario parser), so it
 * cannot hang off one; it is set once at start, like the C library's own
 * handlers, and never changes what a run computes.
 */
#include "alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OOM_LINE "gmpscope: out of memory: the simulation needs more memory than this machine gives it"

static gmp_oom_fn oom_handler;

void engine_set_oom_handler(gmp_oom_fn fn)
{
	oom_handler = fn;
}

/* out_of_memory reports through the handler and ends the process: exit, not
 * abort, so stdio is flushed and the status is the documented 2. */
static _Noreturn void out_of_memory(void)
{
	if (oom_handler)
		oom_handler(OOM_LINE);
	else
		fputs(OOM_LINE "\n", stderr);
	exit(2);
}

void *gmp_xmalloc(size_t n)
{
	void *q = malloc(n ? n : 1);
	if (!q)
		out_of_memory();
	return q;
}

void *gmp_xcalloc(size_t n, size_t size)
{
	void *q = calloc(n ? n : 1, size ? size : 1);
	if (!q)
		out_of_memory();
	return q;
}

void *gmp_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		out_of_memory();
	return q;
}

void *gmp_xgrow(void *p, size_t old, size_t n)
{
	unsigned char *q = gmp_xrealloc(p, n);
	memset(q + old, 0, n - old);
	return q;
}

char *gmp_xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *d = gmp_xmalloc(len + 1);
	memcpy(d, s, len);
	d[len] = '\0';
	return d;
}

char *gmp_xstrdup(const char *s)
{
	return gmp_xstrndup(s, strlen(s));
}
