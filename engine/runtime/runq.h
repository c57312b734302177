/*
 * runq.h — local and global run queues, after proc.go
 * (runq.c). Internal to engine/runtime/: the engine struct is in sched.h.
 */
#ifndef GMP_RT_RUNQ_H
#define GMP_RT_RUNQ_H

#include "runtime2.h"

void runqput(gmp_engine *e, p_t *pp, int32_t gi, bool next);

int32_t runqget(gmp_engine *e, p_t *pp, bool *inherit);

bool runqempty(const p_t *pp);

int runqlen(const p_t *pp);

void globrunqput(gmp_engine *e, int32_t gi);

void globrunqputhead(gmp_engine *e, int32_t gi);

int32_t globrunqget(gmp_engine *e, p_t *pp, bool batch);

int32_t runqsteal(gmp_engine *e, p_t *pp, p_t *victim, bool stealRunNextG, int *n);

#endif
