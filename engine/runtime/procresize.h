/*
 * procresize.h — runtime.GOMAXPROCS called by a running program, after
 * proc.go's procresize (procresize.c). Internal to engine/runtime/: the
 * engine struct is in sched.h.
 */
#ifndef GMP_RT_PROCRESIZE_H
#define GMP_RT_PROCRESIZE_H

#include "runtime2.h"

/* procresize sets GOMAXPROCS to n for the G that mp runs. */
void procresize(gmp_engine *e, m_t *mp, int n);

/* p_retire destroys a P beyond GOMAXPROCS: its run queue goes to the global
 * queue, its timers to P 0; it is P_DEAD. */
void p_retire(gmp_engine *e, p_t *pp);

#endif
