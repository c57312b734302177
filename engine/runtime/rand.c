/*
 * rand.c — the engine's one PRNG (splitmix64), seeded from the scenario.
 *
 * The runtime uses a per-M cheaprand; one stream here keeps runs reproducible:
 * same seed => same stealing order, same select choices, same chances.
 */
#include "rand.h"
#include "sched.h"

/* fastrand returns the next 32 random bits of the engine's stream. */
uint32_t fastrand(gmp_engine *e)
{
	uint64_t z = (e->rng += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (uint32_t)((z ^ (z >> 31)) >> 32);
}

/* fastrandn returns a number in [0, n) (Lemire's multiply-shift). */
uint32_t fastrandn(gmp_engine *e, uint32_t n)
{
	return (uint32_t)(((uint64_t)fastrand(e) * n) >> 32);
}
