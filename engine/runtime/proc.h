/*
 * proc.h — goroutines' lives, after proc.go: newproc, gopark, goready, gosched, goexit0, checkdead; an M's busy time
 * (proc.c). Internal to engine/runtime/: the engine struct is in sched.h.
 */
#ifndef GMP_RT_PROC_H
#define GMP_RT_PROC_H

#include "runtime2.h"

int32_t newproc(gmp_engine *e, int fn, int arg, int32_t parent);

int64_t g_cold(gmp_engine *e, g_t *gp);
void goexit0(gmp_engine *e, m_t *mp, int32_t gi);

void gopark(gmp_engine *e, m_t *mp, int32_t gi, gmp_waitreason why);

void goready(gmp_engine *e, int32_t gi, p_t *onto);

void gosched(gmp_engine *e, m_t *mp, bool preempted);

void goyield(gmp_engine *e, m_t *mp);

void checkdead(gmp_engine *e);

bool gfget_finds(const gmp_engine *e, const p_t *pp);

void m_busy(gmp_engine *e, m_t *mp, int64_t ns, m_phase next);

void m_block(gmp_engine *e, m_t *mp, m_phase ph);

void m_wake(gmp_engine *e, m_t *mp, int64_t delay, m_phase ph);

void engine_fatal_error(gmp_engine *e, gmp_evkind k, const char *msg);

void run_over(gmp_engine *e, gmp_runstate st);
void engine_fatal_status(gmp_engine *e, gmp_evkind k, const char *msg, int code);
void engine_exit(gmp_engine *e, int code);

/* process_gone: after exit or a fatal error nothing runs (see proc.c). */
void process_gone(gmp_engine *e);
/* engine_oom_kill ends the process as the kernel does when a container's
 * memory limit is exceeded: SIGKILL, exit status 128 + 9, no Go message. */
void engine_oom_kill(gmp_engine *e);

void g_setstatus(gmp_engine *e, g_t *gp, gmp_gstatus st, gmp_waitreason why);

void seg_open(gmp_engine *e, p_t *pp, gmp_segkind kind, int32_t g);

int64_t sched_lock(gmp_engine *e, int64_t at, int64_t hold);

int64_t jitter(gmp_engine *e, int64_t c);

#endif
