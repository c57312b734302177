/*
 * view_snap_compare.c — the simulation beside the real run (issue 24.2):
 * `gmpscope replay --scenario S FILE` and `real --scenario S -- PROGRAM`.
 * Both sides are gmp_snap states drawn by the same panels (view_snap.c): the
 * simulation's from snap_from_engine at the real snapshot's time since the
 * first, the real one from the log. Below them, a table SIM | REAL of the
 * counts both sources carry, and each side's caption.
 *
 *   header: SIM name  |  REAL source, snapshot i/n, t
 *   SIM: Processors, Threads, Goroutines   |   REAL: the same
 *   SIM | REAL table                        |   captions
 *   footer
 */
#include "view_snap.h"

#include <stdio.h>
#include <string.h>

#include "view.h"

/* side draws one run's three panels in r. */
static void side(canvas *c, lrect r, const gmp_snap *s)
{
	int ph = s->np + s->nrunq + 3, th = (r.h - ph) / 2;
	if (ph > r.h / 3)
		ph = r.h / 3;
	th = (r.h - ph) / 2;
	view_snap_procs(c, (lrect){r.x, r.y, r.w, ph}, s);
	view_snap_threads(c, (lrect){r.x, r.y + ph, r.w, th}, s);
	view_snap_gors(c, (lrect){r.x, r.y + ph + th, r.w, r.h - ph - th}, s, 0);
}

/* table writes the counts both sources carry, SIM | REAL. */
static void table(canvas *c, lrect r, const gmp_snap *sim, const gmp_snap *real)
{
	canvas_box(c, r.x, r.y, r.w, r.h, "SIM | REAL", ROLE_BORDER);
	struct { const char *name; int a, b; } rows[] = {
		{"threads", sim->threads, real->threads},
		{"idle threads", sim->idlethreads, real->idlethreads},
		{"idle Ps", sim->idleprocs, real->idleprocs},
		{"global runq", sim->runqueue, real->runqueue},
		{"Gs in syscall", snap_count_g(sim, G_SYSCALL), real->have & SNAP_DETAIL ? snap_count_g(real, G_SYSCALL) : -1},
		{"Gs waiting", snap_count_g(sim, G_WAITING), real->have & SNAP_DETAIL ? snap_count_g(real, G_WAITING) : -1},
	};
	int y = r.y + 1;
	canvas_printf(c, r.x + 2, y++, ROLE_TITLE, r.w - 4, "%-14s %8s %8s", "", "SIM", "REAL");
	for (size_t i = 0; i < sizeof rows / sizeof rows[0] && y < r.y + r.h - 1; i++) {
		char b[16];
		if (rows[i].b >= 0)
			snprintf(b, sizeof b, "%d", rows[i].b);
		else
			snprintf(b, sizeof b, "absent");
		canvas_printf(c, r.x + 2, y++, rows[i].a != rows[i].b ? ROLE_HIGHLIGHT : ROLE_DEFAULT, r.w - 4,
		              "%-14s %8d %8s", rows[i].name, rows[i].a, b);
	}
}

/* captions writes what changed on each side since the previous snapshot. */
static void captions(canvas *c, lrect r, const replay *rp, const gmp_snap *real)
{
	char b[600], tb[32];
	canvas_box(c, r.x, r.y, r.w, r.h, "What changed", ROLE_BORDER);
	const gmp_snap *sp = rp->cur > 0 ? &rp->simprev : NULL;
	const gmp_snap *rprev = rp->cur > 0 ? &rp->log.snaps[rp->cur - 1] : NULL;
	int w = r.w - 4, y = r.y + 1, ymax = r.y + r.h - 1;
	int64_t want = real->t - rp->log.snaps[0].t;
	if (rp->sim && engine_runstate(rp->sim) != RUN_RUNNING && engine_now(rp->sim) < want)
		snprintf(b, sizeof b, "SIM ended at t=%s", view_fmt_time(engine_now(rp->sim), tb, sizeof tb));
	else
		snprintf(b, sizeof b, "SIM: %s", "");
	int n = canvas_printf(c, r.x + 2, y, ROLE_TITLE, w, "%s", b);
	if (!strncmp(b, "SIM: ", 5)) {
		snap_caption(sp, &rp->simsnap, b, sizeof b);
		canvas_printf(c, r.x + 2 + n, y, ROLE_DEFAULT, w - n, "%s", b);
	}
	y += 2;
	if (y < ymax) {
		n = canvas_printf(c, r.x + 2, y, ROLE_TITLE, w, "REAL: ");
		canvas_printf(c, r.x + 2 + n, y, ROLE_DEFAULT, w - n, "%s", snap_caption(rprev, real, b, sizeof b));
	}
}

void view_snap_compare(canvas *c, const replay *rp)
{
	const gmp_snap *real = rp->cur >= 0 && rp->cur < rp->log.n ? &rp->log.snaps[rp->cur] : NULL;
	char tb[32];
	int n = canvas_printf(c, 0, 0, ROLE_TITLE, c->w, "gmpscope ");
	n += canvas_printf(c, n, 0, ROLE_BUG, c->w - n, " SIM ");
	n += canvas_printf(c, n, 0, ROLE_TITLE, c->w - n, " %s   ", rp->simname);
	n += canvas_printf(c, n, 0, ROLE_VARIANT, c->w - n, " REAL ");
	n += canvas_printf(c, n, 0, ROLE_TITLE, c->w - n, " %s", rp->source);
	if (!real) {
		canvas_printf(c, 2, 2, ROLE_DIM, c->w - 4, "%s", rp->running ? "waiting for the first SCHED line..." : "no snapshot");
		return;
	}
	canvas_printf(c, n, 0, ROLE_DEFAULT, c->w - n, "   snapshot %d/%d  t=%s", rp->cur + 1, rp->log.n,
	              view_fmt_time(real->t - rp->log.snaps[0].t, tb, sizeof tb));
	int bottom = c->h - 1 - 9, lw = c->w / 2;
	side(c, (lrect){0, 1, lw, bottom - 1}, &rp->simsnap);
	side(c, (lrect){lw, 1, c->w - lw, bottom - 1}, real);
	int tw = 44 < c->w / 3 ? 44 : c->w / 3;
	table(c, (lrect){0, bottom, tw, 9}, &rp->simsnap, real);
	captions(c, (lrect){tw, bottom, c->w - tw, 9}, rp, real);
}
