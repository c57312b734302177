/*
 * goidx.h — finding a live goroutine by its id (goidx.c): the views look
 * goroutines up by goid (a P's current G, the goroutine of the newest
 * event) and must not walk a million slots to do it.
 */
#ifndef GMP_GOIDX_H
#define GMP_GOIDX_H

#include "sched.h"

/* goidx_add indexes slot gi once its goid is set (newproc). */
void goidx_add(gmp_engine *e, int32_t gi);
/* goidx_del drops gp from the index as it dies (goexit0, main returning). */
void goidx_del(gmp_engine *e, const g_t *gp);
/* goidx_find returns the slot of the live goroutine goid, or NIL. */
int32_t goidx_find(const gmp_engine *e, int32_t goid);

#endif
