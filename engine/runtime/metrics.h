/*
 * metrics.h — measured figures, sampled series and latency histograms
 * (metrics.c). Internal to engine/runtime/: the engine struct is in sched.h.
 */
#ifndef GMP_RT_METRICS_H
#define GMP_RT_METRICS_H

#include "runtime2.h"

void metrics_sample(gmp_engine *e);

void metrics_init(gmp_engine *e);

void histo_add(histo_t *h, int64_t v);

int64_t histo_quantile(const histo_t *h, double q);

#endif
