/*
 * coherence.h — does one frame contradict itself?
 *
 * A frame is what a person sees at one instant: the engine's read-only views
 * (Ps, Ms, the timeline's newest pieces, the counters), the appstate's
 * animations, the recent events and the rendered canvas. coh_take copies all
 * of that into a coh_frame; coh_check judges the copy, so a test can break
 * one condition of a real frame on purpose and watch the check fail.
 *
 * The conditions (issue #22):
 *   threads   live = created − exited − wedged, as the Threads panel prints
 *             them, and a wedged count matches the wedged Ms shown;
 *   throttle  a P drawn throttled implies a non-zero "throttled periods";
 *   pma       a P's row, the M it names and its timeline agree on what the P
 *             does (idle: no M, an idle piece; running G: that M runs that G);
 *   notes     no note names more goroutines than exist;
 *   preempt   no goroutine is captioned preempted and blocked at one instant;
 *   exit      after the program ended nothing runs;
 *   fields    no number with a unit runs into the next word ("150.0msnext").
 */
#ifndef GMP_COHERENCE_H
#define GMP_COHERENCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "appstate.h"
#include "canvas.h"

#define COH_EVENTS 64          /* recent events a frame's narration may show */

/* coh_p is one P as the frame shows it. */
typedef struct coh_p {
	gmp_pview pv;          /* its row */
	bool have_m;           /* pv.m names an M */
	gmp_mview mv;          /* that M, in the Threads panel */
	bool have_seg;         /* the timeline has a piece for it */
	gmp_segment seg;       /* the timeline's newest piece (open at now) */
} coh_p;

/* coh_ev is an event the narration may show. */
typedef struct coh_ev {
	int64_t t;             /* virtual ns */
	uint8_t kind;          /* gmp_evkind */
	int32_t g, n;          /* as in gmp_event */
} coh_ev;

/* coh_frame is one frame's copy. */
typedef struct coh_frame {
	gmp_runstate rs;       /* the run's state */
	int64_t now;           /* engine time */
	int np;                /* Ps */
	coh_p *ps;             /* np of them */
	int nms;               /* Ms ever created */
	gmp_mview *ms;         /* every M */
	int galive;            /* goroutines that exist */
	int grunning;          /* goroutines in _Grunning */
	double throttled_periods; /* the engine's counter */
	int nanims;            /* the appstate's animations */
	ui_anim anims[APP_ANIM_MAX];
	int nev;               /* recent events, oldest first */
	coh_ev ev[COH_EVENTS];
	int w, h;              /* the canvas size */
	char *text;            /* the canvas, one '\n'-ended line per row */
} coh_frame;

/* coh_take copies the frame st shows on c (rendered by the caller); false
 * when out of memory. */
bool coh_take(const appstate *st, const canvas *c, coh_frame *f);
void coh_free(coh_frame *f);

/* coh_check returns 0 when the frame agrees with itself, else the number of
 * broken conditions, the first one described in why. */
int coh_check(const coh_frame *f, char *why, size_t len);

#endif
