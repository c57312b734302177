/*
 * budget.h — gmpscope's own budget for one run: events and the engine's
 * memory (budget.c). Internal to engine/runtime/: the engine struct is in sched.h.
 */
#ifndef GMP_RT_BUDGET_H
#define GMP_RT_BUDGET_H

#include "runtime2.h"

/* budget_init sets the run's limits from its config. */
void budget_init(gmp_engine *e);
/* budget_check counts a step and, past a limit, ends the run with the
 * give-up line (engine_gaveup). */
void budget_check(gmp_engine *e);

#endif
