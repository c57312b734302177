/*
 * expect.h — a scenario's `expect` clauses: metric assertions that
 * `gmpscope check` verifies after running every variant to its end.
 *
 *   expect bug threads_exited >= 0.9 * sessions      one variant
 *   expect * exit_code == 0                          every variant (one each)
 *   expect fix.rate.jobs >= 1.3 * bug.rate.jobs      comparing variants
 *   expect bug elapsed ~= 600ms ± 5%                 with a tolerance
 *   expect bug fatal ~ "all goroutines are asleep"   the fatal message
 *   expect bug deadlock == 1 in >= 60% of seeds      how often it holds
 *
 * A rate clause states the real runtime's measured rate, cited beside it
 * in the scenario ("real: 12 of 18 runs"); plain `check` (one seed) shows
 * its outcome without counting it, `check --seeds N` counts the seeds.
 *
 * Names resolve, per variant, to a param, to GOMAXPROCS / NCPU / horizon /
 * period, or else to a metric measured by the engine (asked through a lookup
 * callback, so this module runs no engine itself).
 */
#ifndef GMP_EXPECT_H
#define GMP_EXPECT_H

#include <stdbool.h>
#include <stddef.h>

#include "scenario.h"

typedef enum {
	EXPECT_EQ = 0, EXPECT_NE, EXPECT_LT, EXPECT_LE, EXPECT_GT, EXPECT_GE,
	EXPECT_APPROX,     /* ~= with a tolerance */
	EXPECT_MATCH,      /* fatal ~ "substring" */
} gmp_expect_op;

struct gmp_xtree;

struct gmp_expect {
	int variant;       /* index of the variant it is about; -1 = compares
	                      variants named inside the expression */
	bool scoped;       /* the variant was named after `expect` (or `*`) */
	int line;          /* line in the .gmp file */
	char *text;        /* the assertion as written: "threads_exited >= 100" */
	int op;            /* gmp_expect_op */
	struct gmp_xtree *lhs, *rhs, *tol; /* expression trees (private) */
	bool tol_rel;      /* the tolerance is a percentage of the right side */
	char *match;       /* EXPECT_MATCH: the substring looked for */
	int rate_pct;      /* `... in >= P% of seeds`: P (1..100), a statement
	                      about the distribution over seeds that only
	                      `check --seeds` judges; 0 = none: the assertion
	                      holds under every seed */
};

/* gmp_lookup_fn gives the measured value of metric in the named variant's
 * finished run. For "fatal" it sets *str to the fatal message ("" if none).
 * Returns false when there is no such metric. */
typedef bool (*gmp_lookup_fn)(void *ctx, const char *variant, const char *metric,
                              double *out, const char **str);

typedef struct gmp_expect_result {
	bool pass;
	char measured[160]; /* "118", "612.5ms", "1520 vs 1306", "\"fatal error: ...\"" */
} gmp_expect_result;

/* expect_eval evaluates x against finished runs; returns r->pass. */
bool expect_eval(const gmp_scenario *s, const gmp_expect *x, gmp_lookup_fn fn, void *ctx,
                 gmp_expect_result *r);
/* expect_line formats the report line without a newline:
 * "40-my-scenario bug threads_exited >= 0.9 * sessions ... ok (118)". */
void expect_line(const gmp_scenario *s, const gmp_expect *x, const gmp_expect_result *r,
                 char *buf, size_t n);
void expect_free(gmp_expect *x);
/* symptom_eval evaluates symptom y on variant v's run (metrics through fn);
 * false when a metric has no value yet (defined only at the end). */
bool symptom_eval(const gmp_scenario *s, const gmp_symptom *y, int v, gmp_lookup_fn fn, void *ctx,
                  double *out);
void symptom_free(gmp_symptom *y);

#endif
