/*
 * cmd_check.c — `gmpscope check [--metrics FILE] [SCENARIO...]` and `gmpscope list`.
 *
 * check is the contract CI relies on (DESIGN.md, "Command line"): every file
 * is parsed before anything runs; then each variant runs headless to its end
 * (exit, fatal error or horizon) and each expectation is evaluated against
 * the finished engines, one line each:
 *   40-my-scenario bug threads_exited >= 0.9 * sessions ... ok (118)
 * then "N passed, N failed". Exit 0 all passed, 1 some failed, 2 bad input.
 *
 * A variant that used up gmpscope's own budget (--max-events, the engine's
 * memory) has no result to judge: each expectation that looks at it fails,
 * with the give-up line in place of a measured value, and check exits with
 * GMP_EXIT_GAVEUP (3) rather than 1, so CI can tell a limit of the host
 * from a wrong claim.
 *
 * --metrics FILE also writes every variant's measured metrics, one
 * "scenario variant metric value" line each (scons fidelity reads them).
 */
#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "engine.h"
#include "expect.h"
#include "metrics_out.h"
#include "outfile.h"
#include "paths.h"
#include "scenario.h"

#define CHECK_ERR_MAX 8192   /* up to 20 error lines of a file */
#define CHECK_FAMILY_MAX 64  /* family names ("rate.jobs") --metrics writes per scenario */

/* runs holds the finished engines of one scenario, by variant index. */
typedef struct runs {
	const gmp_scenario *s;
	gmp_engine **e;
	const char *gaveup;   /* the give-up line of a variant the expectation
	                         looked at, NULL if none */
	char *family[CHECK_FAMILY_MAX]; /* family metrics the expectations asked for */
	int nfamily;                    /* entries of family */
} runs;

/* note_family remembers a family metric ("completed.jobs") that an
 * expectation asked for, once: --metrics writes it for every variant. */
static void note_family(runs *r, const char *metric)
{
	if (!strchr(metric, '.') || r->nfamily == CHECK_FAMILY_MAX)
		return;
	for (int i = 0; i < r->nfamily; i++)
		if (strcmp(r->family[i], metric) == 0)
			return;
	r->family[r->nfamily] = strdup(metric);
	if (r->family[r->nfamily])
		r->nfamily++;
}

/* write_metrics writes the --metrics block of this scenario: "# NN-slug",
 * then for each variant metrics_write's lines (symptoms, then every plain
 * metric) and the family metrics its expectations read (r->family), one
 * "variant metric value" line each. */
static void write_metrics(const runs *r, FILE *f)
{
	char name[256];
	scenario_name(r->s, name, sizeof name);
	fprintf(f, "# %s\n", name);
	metrics_write_units(f, r->s);
	for (int v = 0; v < r->s->nvariants; v++) {
		double x;
		metrics_write(f, r->s, v, r->e[v]);
		for (int i = 0; i < r->nfamily; i++)
			if (engine_metric(r->e[v], r->family[i], &x))
				fprintf(f, "%s %s %.15g\n", r->s->variants[v].name, r->family[i], x);
	}
}

/* lookup answers expect_eval's questions from the finished engines. */
static bool lookup(void *ctx, const char *variant, const char *metric, double *out, const char **str)
{
	runs *r = ctx;
	int v = scenario_variant(r->s, variant);
	note_family(r, metric);
	if (v < 0 || !r->e[v])
		return false;
	if (engine_runstate(r->e[v]) == RUN_GAVEUP)
		r->gaveup = engine_gave_up(r->e[v]);
	if (strcmp(metric, "fatal") == 0) {
		*str = engine_fatal(r->e[v]);
		*out = (*str && (*str)[0]) ? 1 : 0;
		return true;
	}
	return engine_metric(r->e[v], metric, out);
}

/* check_seed returns the seed of run k of n under `check --seeds`: run 0
 * is the scenario's own seed, run k >= 1 the splitmix64 output of
 * seed + k * 0x9e3779b97f4a7c15 (a fixed list per scenario, never random;
 * documented in README and gmpscope.1). */
uint64_t check_seed(uint64_t seed, int k)
{
	if (k == 0)
		return seed;
	uint64_t z = seed + (uint64_t)k * 0x9e3779b97f4a7c15ULL;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* tally is one expectation's outcome over the seeds. */
typedef struct tally {
	int pass;                /* seeds where it held */
	int runs;                /* seeds judged */
	gmp_expect_result first; /* the first seed's result */
	gmp_expect_result fail;  /* the first failing seed's result */
	uint64_t fail_seed;      /* its seed */
	bool failed;
} tally;

/* run_seed runs every variant of s under seed and judges every expectation
 * into t. Returns -1 when an engine could not be created. */
static int run_seed(const gmp_scenario *s, uint64_t seed, bool own, tally *t, FILE *err, FILE *metrics,
                    bool *gaveup)
{
	runs r = { s, calloc((size_t)s->nvariants, sizeof(gmp_engine *)), NULL, { NULL }, 0 };
	int rc = 0;
	if (!r.e) {
		fprintf(err, "%s: out of memory\n", s->path);
		return -1;
	}
	for (int v = 0; v < s->nvariants; v++) {
		gmp_config cfg = s->variants[v].cfg;
		if (!own)
			cfg.seed = seed;
		r.e[v] = engine_new(&s->variants[v].prog, &cfg);
		if (!r.e[v]) {
			fprintf(err, "%s: variant %s: the engine could not start it\n", s->path, s->variants[v].name);
			rc = -1;
			goto out;
		}
		engine_run(r.e[v]);
	}
	for (int i = 0; i < s->nexpects; i++) {
		gmp_expect_result res;
		r.gaveup = NULL;
		expect_eval(s, &s->expects[i], lookup, &r, &res);
		if (r.gaveup) {
			res.pass = false;
			snprintf(res.measured, sizeof res.measured, "%s", r.gaveup);
			*gaveup = true;
		}
		if (t[i].runs == 0)
			t[i].first = res;
		t[i].runs++;
		if (res.pass) {
			t[i].pass++;
		} else if (!t[i].failed) {
			t[i].failed = true;
			t[i].fail = res;
			t[i].fail_seed = seed;
		}
	}
	if (metrics)
		write_metrics(&r, metrics);
out:
	for (int i = 0; i < r.nfamily; i++)
		free(r.family[i]);
	for (int v = 0; v < s->nvariants; v++)
		if (r.e[v])
			engine_free(r.e[v]);
	free(r.e);
	return rc;
}

/* report prints expectation x's line from its tally and counts it: one
 * seed prints expect_line's "... ok (118)"; a rate clause under one seed
 * shows its outcome marked "(1 seed; the rate is checked by --seeds)" and is
 * not counted; under N seeds each line ends "(K of N seeds)", with the rate
 * asked for a rate clause and the first failing seed's value on a failure. */
static void report(const gmp_scenario *s, const gmp_expect *x, const tally *t, int nseeds, FILE *out,
                   int *passed, int *failed, int *rated)
{
	char line[1400];
	gmp_expect_result res = t->first;
	if (nseeds <= 1 && x->rate_pct) {
		res.pass = true;   /* formatted below, never "FAILED" */
		expect_line(s, x, &res, line, sizeof line);
		char *ok = strstr(line, " ... ok (");
		if (ok)
			*ok = '\0';
		fprintf(out, "%s ... %s (%s; 1 seed; the rate is checked by --seeds)\n", line,
		        t->pass ? "held" : "did not hold", t->first.measured);
		(*rated)++;
		return;
	}
	if (nseeds <= 1) {
		expect_line(s, x, &res, line, sizeof line);
		fprintf(out, "%s\n", line);
		*(res.pass ? passed : failed) += 1;
		return;
	}
	int need = x->rate_pct ? x->rate_pct : 100;
	bool pass = (int64_t)t->pass * 100 >= (int64_t)need * t->runs;
	res.pass = pass;
	res.measured[0] = '\0';
	expect_line(s, x, &res, line, sizeof line);
	size_t k = strlen(line);
	if (k >= 3 && strcmp(line + k - 3, " ()") == 0)
		line[k - 3] = '\0';
	char tail[300] = "";
	if (t->failed)
		snprintf(tail, sizeof tail, "; seed %llu: %s", (unsigned long long)t->fail_seed, t->fail.measured);
	if (x->rate_pct)
		fprintf(out, "%s (%d of %d seeds = %d%%, needs >= %d%%%s)\n", line, t->pass, t->runs,
		        (int)((int64_t)t->pass * 100 / t->runs), need, tail);
	else
		fprintf(out, "%s (%d of %d seeds%s)\n", line, t->pass, t->runs, tail);
	*(pass ? passed : failed) += 1;
}

/* check_one runs every variant of s under nseeds seeds (check_seed) and
 * reports its expectations. Returns -1 when an engine could not be
 * created. */
static int check_one(const gmp_scenario *s, int nseeds, FILE *out, FILE *err, FILE *metrics, int *passed,
                     int *failed, int *rated, bool *gaveup)
{
	tally *t = calloc((size_t)(s->nexpects ? s->nexpects : 1), sizeof *t);
	if (!t) {
		fprintf(err, "%s: out of memory\n", s->path);
		return -1;
	}
	uint64_t seed0 = s->nvariants ? s->variants[0].cfg.seed : 0;
	for (int k = 0; k < (nseeds > 1 ? nseeds : 1); k++) {
		/* --metrics: the scenario's own seed only */
		if (run_seed(s, check_seed(seed0, k), k == 0, t, err, k == 0 ? metrics : NULL, gaveup) < 0) {
			free(t);
			return -1;
		}
	}
	for (int i = 0; i < s->nexpects; i++)
		report(s, &s->expects[i], &t[i], nseeds, out, passed, failed, rated);
	fflush(out);
	free(t);
	return 0;
}

int check_run(const char *const *paths, int n, FILE *out, FILE *err)
{
	return check_run_seeds(paths, n, 1, out, err, NULL);
}

int check_run_metrics(const char *const *paths, int n, FILE *out, FILE *err, FILE *metrics)
{
	return check_run_seeds(paths, n, 1, out, err, metrics);
}

int check_run_seeds(const char *const *paths, int n, int nseeds, FILE *out, FILE *err, FILE *metrics)
{
	gmp_scenario *sc = calloc((size_t)(n > 0 ? n : 1), sizeof *sc);
	char msg[CHECK_ERR_MAX];
	int loaded = 0, rc = 0;
	if (!sc) {
		fprintf(err, "gmpscope: check: out of memory\n");
		return 2;
	}
	for (int i = 0; i < n; i++) {
		if (scenario_load(paths[i], &sc[loaded], msg, sizeof msg) < 0) {
			fprintf(err, "%s\n", msg);
			rc = 2;
			continue;
		}
		if (sc[loaded].nexpects == 0) {
			fprintf(err, "%s: no expectations (check needs at least one expect)\n", paths[i]);
			rc = 2;
		}
		loaded++;
	}
	int passed = 0, failed = 0, rated = 0;
	bool gaveup = false;
	for (int i = 0; i < loaded && rc == 0; i++)
		if (check_one(&sc[i], nseeds, out, err, metrics, &passed, &failed, &rated, &gaveup) < 0)
			rc = 2;
	if (rc == 0) {
		if (rated)
			fprintf(out, "%d rate clause%s not counted (1 seed; the rate is checked by --seeds)\n", rated,
			        rated == 1 ? "" : "s");
		fprintf(out, "%d passed, %d failed\n", passed, failed);
		rc = gaveup ? GMP_EXIT_GAVEUP : failed ? 1 : 0;
	}
	for (int i = 0; i < loaded; i++)
		scenario_free(&sc[i]);
	free(sc);
	if (fflush(out) != 0 && rc == 0)
		rc = 2;
	return rc;
}

/* width is the number of characters (UTF-8 code points) in s. */
static int width(const char *s)
{
	int w = 0;
	for (; *s; s++)
		w += ((unsigned char)*s & 0xc0) != 0x80;
	return w;
}

int list_run(const char *dir, FILE *out, FILE *err)
{
	char msg[CHECK_ERR_MAX];
	char **files = NULL;
	int n = paths_list_scenarios(dir, &files, msg, sizeof msg);
	if (n < 0) {
		fprintf(err, "%s\n", msg);
		return 2;
	}
	gmp_scenario *sc = calloc((size_t)(n > 0 ? n : 1), sizeof *sc);
	int loaded = 0, rc = 0, wslug = 0, wtitle = 0;
	if (!sc) {
		paths_free_list(files, n);
		fprintf(err, "gmpscope: list: out of memory\n");
		return 2;
	}
	for (int i = 0; i < n; i++) {
		if (scenario_load(files[i], &sc[loaded], msg, sizeof msg) < 0) {
			fprintf(err, "%s\n", msg);
			rc = 2;
			continue;
		}
		if (width(sc[loaded].slug) > wslug)
			wslug = width(sc[loaded].slug);
		if (width(sc[loaded].title) > wtitle)
			wtitle = width(sc[loaded].title);
		loaded++;
	}
	for (int i = 0; i < loaded; i++) {
		gmp_scenario *s = &sc[i];
		fprintf(out, "%02d  %s%*s  %s%*s  %s\n", s->number, s->slug, wslug - width(s->slug), "", s->title,
		        wtitle - width(s->title), "", s->family[0] ? s->family : "-");
		scenario_free(s);
	}
	free(sc);
	paths_free_list(files, n);
	if (fflush(out) != 0 && rc == 0)
		rc = 2;
	return rc;
}

/* cmd_check resolves the SCENARIO arguments (none = every scenario) and runs
 * check_run on them. */
int cmd_check(const cli_opts *o)
{
	char msg[CHECK_ERR_MAX];
	char **files = NULL;
	int n;
	if (o->nscenarios == 0) {
		char dir[PATHS_MAX];
		if (paths_scenarios_dir(dir, sizeof dir, msg, sizeof msg) < 0 ||
		    (n = paths_list_scenarios(dir, &files, msg, sizeof msg)) < 0) {
			fprintf(stderr, "%s\n", msg);
			return 2;
		}
		if (n == 0) {
			fprintf(stderr, "gmpscope: check: no scenario files in %s\n", dir);
			paths_free_list(files, n);
			return 2;
		}
	} else {
		n = o->nscenarios;
		files = calloc((size_t)n, sizeof *files);
		if (!files) {
			fprintf(stderr, "gmpscope: check: out of memory\n");
			return 2;
		}
		for (int i = 0; i < n; i++) {
			char path[PATHS_MAX];
			snprintf(msg, sizeof msg, "gmpscope: check: out of memory");
			if (paths_find_scenario(o->scenarios[i], path, sizeof path, msg, sizeof msg) < 0 ||
			    !(files[i] = strdup(path))) {
				fprintf(stderr, "%s\n", msg);
				paths_free_list(files, n);
				return 2;
			}
		}
	}
	outfile mf;
	memset(&mf, 0, sizeof mf);
	if (o->metrics && outfile_open(&mf, o->metrics) < 0) {
		fprintf(stderr, "%s\n", mf.err);
		paths_free_list(files, n);
		return 2;
	}
	int rc = check_run_seeds((const char *const *)files, n, o->seeds, stdout, stderr, o->metrics ? mf.fp : NULL);
	paths_free_list(files, n);
	if (o->metrics) {
		if (rc == 2) {
			outfile_abort(&mf);
		} else if (outfile_commit(&mf) < 0) {
			fprintf(stderr, "%s\n", mf.err);
			rc = 2;
		}
	}
	return rc;
}

/* cmd_list lists the scenarios directory. */
int cmd_list(const cli_opts *o)
{
	char dir[PATHS_MAX], msg[CHECK_ERR_MAX];
	(void)o;
	if (paths_scenarios_dir(dir, sizeof dir, msg, sizeof msg) < 0) {
		fprintf(stderr, "%s\n", msg);
		return 2;
	}
	return list_run(dir, stdout, stderr);
}
