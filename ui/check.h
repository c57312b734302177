/*
 * check.h — `gmpscope check` and `gmpscope list`, with their inputs explicit
 * so tests can drive them without the command line or the scenarios dir.
 */
#ifndef GMP_CHECK_H
#define GMP_CHECK_H

#include <stdint.h>
#include <stdio.h>

/* check_run parses every file in paths first (a parse error, or a file with
 * no expectation, prints one line on err and returns 2 with nothing run),
 * then runs every variant of each to its end and prints one line per
 * expectation and a "N passed, N failed" summary on out. Returns 0 when all
 * pass, 1 when any fails, GMP_EXIT_GAVEUP (3) when a variant used up
 * gmpscope's own budget (its expectations fail, the give-up line shown). */
int check_run(const char *const *paths, int n, FILE *out, FILE *err);
/* check_run_metrics is check_run that also writes each variant's measured
 * metrics at its end to mfp (metrics_out.h); mfp NULL: none. */
int check_run_metrics(const char *const *paths, int n, FILE *out, FILE *err, FILE *mfp);

/* check_run_metrics is check_run that also writes, when metrics is not NULL,
 * one "scenario variant metric value" line per metric of every variant: each
 * plain metric of the engine's table, and each family metric ("rate.jobs")
 * that the scenario's expectations name. */
int check_run_metrics(const char *const *paths, int n, FILE *out, FILE *err, FILE *metrics);

/* check_run_seeds is check_run_metrics with each variant run under nseeds
 * seeds (check_seed; nseeds <= 1: the scenario's own seed, as check_run).
 * Each line then ends "(K of N seeds)", or for a rate clause "(K of N seeds
 * = P%, needs >= R%)", and on a failure the first failing seed and its
 * value. --metrics writes the scenario's own seed's run only. */
int check_run_seeds(const char *const *paths, int n, int nseeds, FILE *out, FILE *err, FILE *metrics);
/* check_seed: the seed of run k (0 = the scenario's own seed). */
uint64_t check_seed(uint64_t seed, int k);

/* list_run prints "NN  slug  title  family", aligned, for every scenario in
 * dir. A file that does not parse prints its error on err (status 2); the
 * others are still listed. */
int list_run(const char *dir, FILE *out, FILE *err);

#endif
