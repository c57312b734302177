/*
 * metrics_out.h — `--metrics FILE` (check and record): the measured metrics
 * of each variant, one `VARIANT METRIC VALUE` per line, so that tests read
 * numbers, not pixels.
 *
 * For each variant: its symptoms first, as `symptom.N` (N = 1.. in the order
 * of the scenario's `symptom` lines; a symptom with no value yet, defined only
 * at the end of a run, is left out), then every metric of the engine's table
 * that has a value (families such as counter.NAME are not listed: a symptom
 * or an expectation names them). A line `# NN-slug` starts each scenario,
 * then `# unit symptom.N U` for each symptom that is one metric with a unit
 * (U: ns, bytes, %, /s), so that a reader can show the value in its unit.
 * Values are printed with %.15g (durations in ns, percentages as 0..100).
 */
#ifndef GMP_METRICS_OUT_H
#define GMP_METRICS_OUT_H

#include <stdio.h>

#include "engine.h"
#include "scenario.h"

/* metrics_write_units writes the `# unit symptom.N U` lines of s. */
void metrics_write_units(FILE *fp, const gmp_scenario *s);
/* metrics_write writes variant v's lines, measured on e (at its present). */
void metrics_write(FILE *fp, const gmp_scenario *s, int v, const gmp_engine *e);
/* metrics_symptom evaluates symptom i of s on variant v's engine e; false
 * when it has no value yet. */
bool metrics_symptom(const gmp_scenario *s, int i, int v, const gmp_engine *e, double *out);

#endif
