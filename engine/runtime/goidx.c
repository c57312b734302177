/*
 * goidx.c — goid -> slot for live goroutines, kept as goroutines are born
 * and die, so a view's lookup costs O(1) whatever the number of goroutines.
 *
 * Goids are handed out in order and slots are reused, so neither order
 * helps the other. The index is a direct-mapped table of S entries (a power
 * of two, at least the number of G slots): goid g lives at tab[g & (S-1)].
 * Live goroutines whose goids lie within S of each other never collide, and
 * consecutive goids fill consecutive entries, so a checkpoint (which shares
 * unchanged 16 KiB blocks) sees the index change where the spawning is.
 * A goroutine still alive when a goid S later comes along (main, a leaked
 * worker) moves to `side`, a short list sorted by goid (binary search).
 * Every entry names a live goroutine: goidx_del clears it at death.
 * Memory: 4 bytes per G slot (a G is 80) plus 8 per survivor. The index only
 * serves the views: nothing in the simulation reads it.
 */
#include <string.h>

#include "goidx.h"

/* side_pos is the index in side of the first entry with goid >= goid. */
static int side_pos(const gmp_engine *e, int32_t goid)
{
	int lo = 0, hi = e->goidside.n;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (e->goidside.v[mid].goid < goid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void side_put(gmp_engine *e, int32_t goid, int32_t gi)
{
	int k = side_pos(e, goid);
	VEC_GROW(e->goidside);
	memmove(&e->goidside.v[k + 1], &e->goidside.v[k],
	        sizeof *e->goidside.v * (size_t)(e->goidside.n - k));
	e->goidside.v[k] = (goident_t){ goid, gi };
	e->goidside.n++;
}

/* put enters live slot gi: the newer goid of two that collide keeps the
 * table entry, the older moves aside. */
static void put(gmp_engine *e, int32_t gi)
{
	int32_t goid = G(e, gi)->goid;
	int32_t *t = &e->goidtab[goid & (e->goidcap - 1)];
	if (*t != NIL) {
		const g_t *old = G(e, *t);
		if (old->goid > goid) {   /* (a rebuild meets them in slot order) */
			side_put(e, goid, gi);
			return;
		}
		side_put(e, old->goid, *t);
	}
	*t = gi;
}

/* rebuild sizes the table for the slots there are and enters every live G. */
static void rebuild(gmp_engine *e)
{
	int32_t cap = e->goidcap ? e->goidcap : SLAB_CHUNK;
	while (cap < e->gs.n)
		cap *= 2;
	e->goidcap = cap;
	e->goidtab = gmp_xrealloc(e->goidtab, sizeof *e->goidtab * (size_t)cap);
	for (int32_t i = 0; i < cap; i++)
		e->goidtab[i] = NIL;
	e->goidside.n = 0;
	for (int32_t i = 0; i < e->gs.n; i++)
		if (G(e, i)->status != G_DEAD)
			put(e, i);
}

void goidx_add(gmp_engine *e, int32_t gi)
{
	if (e->gs.n > e->goidcap)
		rebuild(e);   /* gi included */
	else
		put(e, gi);
}

void goidx_del(gmp_engine *e, const g_t *gp)
{
	if (e->goidcap == 0)
		return;
	int32_t *t = &e->goidtab[gp->goid & (e->goidcap - 1)];
	if (*t != NIL && G(e, *t) == gp) {
		*t = NIL;
		return;
	}
	int k = side_pos(e, gp->goid);
	if (k < e->goidside.n && e->goidside.v[k].goid == gp->goid) {
		memmove(&e->goidside.v[k], &e->goidside.v[k + 1],
		        sizeof *e->goidside.v * (size_t)(e->goidside.n - k - 1));
		e->goidside.n--;
	}
}

int32_t goidx_find(const gmp_engine *e, int32_t goid)
{
	if (goid <= 0 || e->goidcap == 0)
		return NIL;
	int32_t gi = e->goidtab[goid & (e->goidcap - 1)];
	if (gi != NIL && G(e, gi)->goid == goid)
		return gi;
	int k = side_pos(e, goid);
	if (k < e->goidside.n && e->goidside.v[k].goid == goid)
		return e->goidside.v[k].slot;
	return NIL;
}
