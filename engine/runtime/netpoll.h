/*
 * netpoll.h — the network poller's side of the scheduler, after proc.go and netpoll.go
 * (netpoll.c). Internal to engine/runtime/: the engine struct is in sched.h.
 */
#ifndef GMP_RT_NETPOLL_H
#define GMP_RT_NETPOLL_H

#include "runtime2.h"

void netpoll_return(gmp_engine *e, m_t *mp);

void injectglist(gmp_engine *e, m_t *mp);

void wakeNetPoller(gmp_engine *e, int64_t when);

void netpoll_break(gmp_engine *e);

void timerwake(gmp_engine *e, m_t *mp, uint32_t gen);

#endif
