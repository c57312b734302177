/*
 * chan.h — channels and select, after runtime/chan.go and select.go
 * (chan.c). Internal to engine/runtime/: the engine struct is in sched.h.
 */
#ifndef GMP_RT_CHAN_H
#define GMP_RT_CHAN_H

#include "runtime2.h"

void chan_make(gmp_engine *e, int c, int64_t cap);

int chan_send(gmp_engine *e, m_t *mp, int32_t gi, int c, item_t it, bool block); /* 1 done, 0 parked/would block */

int chan_recv(gmp_engine *e, m_t *mp, int32_t gi, int c, bool block, bool *closed);

void chan_close(gmp_engine *e, m_t *mp, int32_t gi, int c);

int select_go(gmp_engine *e, m_t *mp, int32_t gi, const gmp_op *sel, const gmp_op *cases);

bool chan_timer_send(gmp_engine *e, int c, p_t *pp);

void select_resumed(gmp_engine *e, int32_t gi);

#endif
