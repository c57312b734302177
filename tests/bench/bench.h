/*
 * bench.h — what the files of gmpscope-bench share: the clock, medians, the
 * one way a figure is printed, scenario loading (bench.c), and the figures
 * bench_hist.c adds.
 */
#ifndef GMP_BENCH_H
#define GMP_BENCH_H

#include <stdbool.h>

#include "scenario.h"

extern const char *root;   /* the source tree (--root) */
extern bool loaded;        /* the machine was busy when the bench started */

double now_s(void);        /* monotonic wall time, s */
double cpu_s(void);        /* this process's CPU time, s */
double median(double *v, int n); /* sorts v; n >= 1 */
/* report prints "name value unit" and notes a missed target on stderr. */
void report(const char *name, const char *fmt, double value, const char *unit,
            double target, bool at_least);
void load(const char *rel, gmp_scenario *s); /* ROOT/rel, or exit 2 */

void bench_history(void);  /* rununtil_ratio, backstep_ms_68k, history_mib_68k */
void bench_scale(void);    /* backstep_ms_1m, frame_us_1m */

#endif
