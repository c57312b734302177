/*
 * noise.h — what varies between two runs of the same program on a real
 * machine, drawn from the engine's one PRNG (noise.c).
 */
#ifndef GMP_RT_NOISE_H
#define GMP_RT_NOISE_H

#include "runtime2.h"

/* noise_init draws what stays the same for a whole run (the machine's state
 * at the time): the OS's wake-up level and the CPU's speed. */
void noise_init(gmp_engine *e);
/* noise_work: how long d ns of CPU work really takes this time. */
int64_t noise_work(gmp_engine *e, int64_t d);
/* noise_slack: how late the OS wakes a thread from a timed sleep of d ns
 * (nanosleep, futex or epoll_wait with a timeout). */
int64_t noise_slack(gmp_engine *e, int64_t d);
/* noise_signal: from tgkill to the handler running on the target thread. */
int64_t noise_signal(gmp_engine *e);
/* noise_usleep3: how long runqgrab's usleep(3) keeps the thread off its CPU
 * (LAT_RUNNEXT_STEAL without noise). */
int64_t noise_usleep3(gmp_engine *e);
/* noise_io: how long an I/O of nominal latency d ns really takes. */
int64_t noise_io(gmp_engine *e, int64_t d);

/* noise_futex_wake: how long an M that slept `parked` ns takes to run once
 * woken (startm). */
int64_t noise_futex_wake(gmp_engine *e, int64_t parked);

#endif
