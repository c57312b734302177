/*
 * gext.c — a goroutine's cold fields (gext_t, runtime2.h), kept apart so
 * that the common goroutine (a loop or two, one defer, parked on a channel)
 * stays small: a million of them fit in ~120 MiB. Slots are reused through
 * a free list; the slab keeps pointers stable while it grows.
 */
#include <string.h>

#include "sched.h"

gext_t *g_ext(gmp_engine *e, g_t *gp)
{
	if (gp->ext != NIL)
		return GX(e, gp->ext);
	int32_t xi = e->gxfree;
	if (xi != NIL) {
		e->gxfree = GX(e, xi)->next;
	} else {
		SLAB_GROW(e->gxs);   /* zeroed: see there */
		xi = e->gxs.n++;
	}
	gext_t *x = GX(e, xi);
	/* the fields, and only the locals some function uses (none in most
	 * programs: 88 bytes instead of 216). The others are never read; a
	 * recycled record keeps what its last G left there and a new chunk is
	 * zeroed, so the engine's memory stays the same in every run. */
	memset(x, 0, offsetof(gext_t, locals) + sizeof x->locals[0] * e->nlocal_slots);
	x->lockedm = x->tlsm = x->race = x->seltimer = x->next = NIL;
	gp->ext = xi;
	return x;
}

void g_ext_free(gmp_engine *e, g_t *gp)
{
	if (gp->ext == NIL)
		return;
	GX(e, gp->ext)->next = e->gxfree;
	e->gxfree = gp->ext;
	gp->ext = NIL;
}

/* the figure the README and the issue quote: keep it true */
_Static_assert(offsetof(gext_t, locals) + sizeof(((gext_t *)0)->locals) == sizeof(gext_t),
               "g_ext zeroes a prefix: the locals must come last");
_Static_assert(sizeof(g_t) == 88, "g_t grew: a parked goroutine must stay small");
