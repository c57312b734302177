/*
 * scenario_io.c — reading a scenario file into memory, freeing a parsed
 * scenario, and small lookups on it.
 */
#include "scenario.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "expect.h"

/* scenario_load reads the whole file (at most 16 MiB) and parses it. */
int scenario_load(const char *path, gmp_scenario *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	size_t cap = 65536, n = 0;
	char *buf = gmp_xmalloc(cap);
	for (;;) {
		size_t r = fread(buf + n, 1, cap - n, f);
		n += r;
		if (r == 0)
			break;
		if (n == cap) {
			if (cap >= (16u << 20)) {
				fclose(f);
				free(buf);
				snprintf(err, errlen, "%s: file too large (more than 16 MiB)", path);
				return -1;
			}
			buf = gmp_xrealloc(buf, cap * 2);
			cap *= 2;
		}
	}
	int rerr = ferror(f) ? errno : 0;
	fclose(f);
	if (rerr) {
		snprintf(err, errlen, "%s: %s", path, strerror(rerr));
		free(buf);
		return -1;
	}
	int rc = scenario_parse(path, buf, n, out, err, errlen);
	free(buf);
	return rc;
}

void scenario_free(gmp_scenario *s)
{
	if (!s)
		return;
	free(s->path);
	free(s->slug);
	free(s->title);
	free(s->family);
	free(s->explain_symptom);
	free(s->explain_subtle);
	free(s->explain_fix);
	for (int i = 0; i < s->nlistings; i++) {
		for (int j = 0; j < s->listings[i].nlines; j++)
			free(s->listings[i].lines[j]);
		free(s->listings[i].lines);
		free(s->listings[i].name);
	}
	free(s->listings);
	for (int i = 0; i < s->nvariants; i++) {
		gmp_variant *v = &s->variants[i];
		free(v->name);
		program_free(&v->prog);
		for (int j = 0; j < v->nparams; j++)
			free(v->params[j].name);
		free(v->params);
	}
	free(s->variants);
	free(s->moments);
	for (int i = 0; i < s->nexpects; i++)
		expect_free(&s->expects[i]);
	for (int i = 0; i < s->nsymptoms; i++)
		symptom_free(&s->symptoms[i]);
	free(s->expects);
	memset(s, 0, sizeof *s);
}

int scenario_variant(const gmp_scenario *s, const char *name)
{
	for (int i = 0; i < s->nvariants; i++)
		if (strcmp(s->variants[i].name, name) == 0)
			return i;
	return -1;
}

void scenario_name(const gmp_scenario *s, char *buf, size_t n)
{
	snprintf(buf, n, "%02d-%s", s->number, s->slug ? s->slug : "");
}

