/*
 * syscalls.h — entersyscall/exitsyscall, cgo, the disk, the netpoller's waits and external streams
 * (syscall.c). Internal to engine/runtime/: the engine struct is in sched.h.
 */
#ifndef GMP_RT_SYSCALLS_H
#define GMP_RT_SYSCALLS_H

#include "runtime2.h"

void entersyscall(gmp_engine *e, m_t *mp, int64_t dur, bool cgo);

void exitsyscall(gmp_engine *e, m_t *mp);

void netpoll_wait(gmp_engine *e, m_t *mp, int32_t gi, int64_t until);

void netpoll_ready(gmp_engine *e, int32_t gi, uint32_t gen, int sel);

int64_t disk_submit(gmp_engine *e, int64_t service);

int stream_read(gmp_engine *e, m_t *mp, int32_t gi, int s); /* count, 0 = parked */

void stream_ready(gmp_engine *e, int s);

#endif
