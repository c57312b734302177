/*
 * quiz_load.c — resolving, parsing and ordering the quiz's scenarios.
 */
#include "quiz_load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paths.h"

/* question_ok says whether s can be a quiz question: its first variant (the
 * bug) has a listing with defect lines. */
static bool question_ok(const gmp_scenario *s)
{
	if (s->nvariants == 0 || s->variants[0].listing < 0)
		return false;
	return s->listings[s->variants[0].listing].ndefects > 0;
}

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

void quiz_shuffle(gmp_scenario *s, int n, uint64_t seed)
{
	uint64_t x = seed;
	for (int i = n - 1; i > 0; i--) {
		int j = (int)(splitmix64(&x) % (uint64_t)(i + 1));
		gmp_scenario t = s[i];
		s[i] = s[j];
		s[j] = t;
	}
}

/* file_list writes the files to ask about into *files: the arguments
 * resolved, or every scenario file. Returns their number, -1 on error. */
static int file_list(const cli_opts *o, char ***files, char *err, size_t errlen)
{
	if (o->nscenarios == 0) {
		char dir[PATHS_MAX];
		if (paths_scenarios_dir(dir, sizeof dir, err, errlen) < 0)
			return -1;
		return paths_list_scenarios(dir, files, err, errlen);
	}
	*files = calloc((size_t)o->nscenarios, sizeof **files);
	if (!*files) {
		snprintf(err, errlen, "gmpscope: quiz: out of memory");
		return -1;
	}
	for (int i = 0; i < o->nscenarios; i++) {
		char path[PATHS_MAX];
		snprintf(err, errlen, "gmpscope: quiz: out of memory");
		if (paths_find_scenario(o->scenarios[i], path, sizeof path, err, errlen) < 0 ||
		    !((*files)[i] = strdup(path))) {
			paths_free_list(*files, o->nscenarios);
			return -1;
		}
	}
	return o->nscenarios;
}

int quiz_load(const cli_opts *o, gmp_scenario **out, int *n, char *err, size_t errlen)
{
	char **files = NULL;
	int nf = file_list(o, &files, err, errlen);
	if (nf < 0)
		return -1;
	gmp_scenario *s = calloc((size_t)(nf ? nf : 1), sizeof *s);
	int k = 0;
	if (!s) {
		snprintf(err, errlen, "gmpscope: quiz: out of memory");
		goto fail;
	}
	for (int i = 0; i < nf; i++) {
		if (scenario_load(files[i], &s[k], err, errlen) < 0)
			goto fail;
		if (question_ok(&s[k])) {
			k++;
			continue;
		}
		if (o->nscenarios > 0) {
			snprintf(err, errlen, "gmpscope: quiz: %s has no `defect` lines in its bug listing, so it "
			         "cannot be a question (scenarios/README.md, \"The quiz\")", files[i]);
			scenario_free(&s[k]);
			goto fail;
		}
		scenario_free(&s[k]);   /* the tour: nothing to find */
		memset(&s[k], 0, sizeof s[k]);
	}
	if (k == 0) {
		snprintf(err, errlen, "gmpscope: quiz: no scenario with `defect` lines to ask about");
		goto fail;
	}
	if (o->shuffle_set)
		quiz_shuffle(s, k, o->shuffle);
	if (o->seed_set)
		for (int i = 0; i < k; i++)
			for (int v = 0; v < s[i].nvariants; v++)
				s[i].variants[v].cfg.seed = o->seed;
	paths_free_list(files, nf);
	*out = s;
	*n = k;
	return 0;
fail:
	for (int i = 0; i < k; i++)
		scenario_free(&s[i]);
	free(s);
	paths_free_list(files, nf);
	return -1;
}
