/*
 * check.c — the engine's invariant checker (MODE=debug and the tests).
 *
 * After every event (sampled in a big run: engine.c, check_mask): every
 * live G is in exactly one place (running on an M, in one run queue, or
 * waiting); queue counts match their contents; an M holds at most one P and
 * that P points back at it; the idle lists hold idle things; counters
 * (npidle, nmidle, nmspinning, mcount) match a recount. A violation is an
 * engine bug: it throws (throw.c) with a message naming the rule.
 */
#include <stdio.h>
#include <stdlib.h>

#include "invariants.h"
#include "sched.h"
#include "runq.h"
#include "goidx.h"

/* fail reports a broken rule through throw ("invariant: RULE (a vs b)") */
static void fail(const gmp_engine *e, const char *rule, long a, long b)
{
	char msg[200];
	snprintf(msg, sizeof msg, "invariant: %s (%ld vs %ld)", rule, a, b);
	throw(e, NULL, NULL, msg);
}

#define CHECK(cond, rule, a, b) do { if (!(cond)) fail(e, rule, (long)(a), (long)(b)); } while (0)

/* engine_check verifies the invariants; returns 0 (aborts on violation). */
int engine_check(const gmp_engine *e)
{
	if (e->state != RUN_RUNNING)
		return 0;   /* after a fatal error the state is what the crash left */
	int n = e->gs.n;
	unsigned char *where = gmp_xcalloc((size_t)(n ? n : 1), 1);
	/* run queues */
	for (int i = 0; i < e->nprocs; i++) {   /* a retiring P still holds its queue */
		const p_t *pp = &e->ps[i];
		CHECK(i < e->gomaxprocs || pp->retiring || pp->status == P_DEAD, "Ps beyond GOMAXPROCS retire", i,
		      pp->status);
		CHECK(pp->status != P_DEAD || (runqempty(pp) && pp->ntimers == 0), "a dead P holds nothing", i,
		      runqlen(pp));
		CHECK(runqlen(pp) >= 0 && runqlen(pp) <= RUNQ_SIZE, "runq length in 0..256", runqlen(pp), RUNQ_SIZE);
		for (uint32_t k = pp->runqhead; k != pp->runqtail; k++) {
			int32_t gi = pp->runq[k % RUNQ_SIZE];
			CHECK(where[gi] == 0, "a G in two places (local runq)", gi, where[gi]);
			CHECK(G(e, gi)->status == G_RUNNABLE, "a queued G is runnable", gi, G(e, gi)->status);
			where[gi] = 1;
		}
		if (pp->runnext != NIL) {
			CHECK(where[pp->runnext] == 0, "a G in two places (runnext)", pp->runnext, 0);
			CHECK(G(e, pp->runnext)->status == G_RUNNABLE, "runnext is runnable", pp->runnext, 0);
			where[pp->runnext] = 2;
		}
		if (pp->status == P_RUNNING) {
			CHECK(pp->m != NIL && M(e, pp->m)->p == i, "a running P's M points back at it", i, pp->m);
		}
	}
	int gq = 0;
	for (int32_t gi = e->runq_head; gi != NIL; gi = G(e, gi)->schedlink) {
		CHECK(where[gi] == 0, "a G in two places (global runq)", gi, where[gi]);
		CHECK(G(e, gi)->status == G_RUNNABLE, "a global-queue G is runnable", gi, G(e, gi)->status);
		where[gi] = 3;
		gq++;
		CHECK(gq <= n, "global runq is a list", gq, n);
	}
	CHECK(gq == e->runqsize, "global runq size", gq, e->runqsize);
	/* Ms */
	int idle = 0, spinning = 0, live = 0;
	for (int i = 0; i < e->ms.n; i++) {
		const m_t *mp = M(e, i);
		if (mp->phase != PH_DEAD)
			live++;
		if (mp->spinning)
			spinning++;
		if (mp->p != NIL)
			CHECK(e->ps[mp->p].m == i, "an M's P points back at it", i, mp->p);
		if (mp->curg != NIL && mp->phase == PH_LOCKIDLE) {
			/* startlockedm handed this runnable G to its locked M */
			CHECK(where[mp->curg] == 0, "a handed-off locked G is also queued", mp->curg, where[mp->curg]);
			where[mp->curg] = 5;
		} else if (mp->curg != NIL) {
			const g_t *gp = G(e, mp->curg);
			CHECK(gp->status == G_RUNNING || gp->status == G_SYSCALL, "an M's G is running or in a syscall", mp->curg, gp->status);
			CHECK(where[mp->curg] == 0, "a running G is also queued", mp->curg, where[mp->curg]);
			where[mp->curg] = 4;
		}
	}
	for (int32_t id = e->midle; id != NIL; id = M(e, id)->schedlink) {
		idle++;
		CHECK(M(e, id)->phase == PH_IDLE, "an idle-list M is idle", id, M(e, id)->phase);
		CHECK(idle <= e->ms.n, "midle is a list", idle, e->ms.n);
	}
	CHECK(idle == e->nmidle, "nmidle", idle, e->nmidle);
	CHECK(live == e->mcount, "mcount counts live Ms", live, e->mcount);
	CHECK(e->nmspinning >= 0, "nmspinning >= 0", e->nmspinning, 0);
	int np = 0;
	for (int32_t pi = e->pidle; pi != NIL; pi = e->ps[pi].link) {
		np++;
		CHECK(e->ps[pi].status == P_IDLE && e->ps[pi].m == NIL, "an idle-list P is idle", pi, e->ps[pi].status);
		CHECK(pi < e->gomaxprocs, "an idle-list P is within GOMAXPROCS", pi, e->gomaxprocs);
		CHECK(runqempty(&e->ps[pi]), "an idle-list P has an empty run queue", pi, runqlen(&e->ps[pi]));
		CHECK(np <= e->gomaxprocs, "pidle is a list", np, e->gomaxprocs);
	}
	CHECK(np == e->npidle, "npidle", np, e->npidle);
	/* goroutine census */
	int counts[8] = { 0 };
	for (int i = 0; i < n; i++) {
		const g_t *gp = G(e, i);
		counts[gp->status & 7]++;
		if (gp->status == G_RUNNABLE && e->nnetready == 0)
			CHECK(where[i] != 0, "a runnable G is in some queue", i, gp->status);
	}
	for (int s = 0; s < 8; s++)
		if (s != G_IDLE)
			CHECK(counts[s] == e->gcount[s], "per-state G counts", counts[s], e->gcount[s]);
	CHECK(counts[G_RUNNABLE] + counts[G_RUNNING] + counts[G_SYSCALL] + counts[G_WAITING] == e->nlive,
	      "live G count", counts[G_RUNNABLE] + counts[G_RUNNING] + counts[G_SYSCALL] + counts[G_WAITING], e->nlive);
	/* per-line counts, kept by g_setstatus, against a recount */
	int32_t *lines = gmp_xcalloc((size_t)e->nlines, sizeof *lines);
	for (int i = 0; i < n; i++)
		if (G(e, i)->status != G_DEAD)
			lines[g_line(e, G(e, i))]++;
	int32_t *kept = gmp_xcalloc((size_t)e->nlines, sizeof *kept);
	engine_line_counts(e, kept, e->nlines);
	for (int l = 0; l < e->nlines; l++)
		CHECK(lines[l] == kept[l], "per-line G counts", lines[l], kept[l]);
	free(lines);
	free(kept);
	/* the goid index (goidx.c) finds every live G, and only live ones */
	int indexed = 0, alive = 0;
	for (int i = 0; i < n; i++)
		if (G(e, i)->status != G_DEAD && ++alive)
			CHECK(goidx_find(e, G(e, i)->goid) == i, "the goid index finds a live G", i,
			      goidx_find(e, G(e, i)->goid));
	for (int k = 0; k < e->goidcap; k++)
		indexed += e->goidtab[k] != NIL;
	CHECK(indexed + e->goidside.n == alive, "the goid index holds the live Gs",
	      indexed + e->goidside.n, alive);
	(void)spinning;
	free(where);
	return 0;
}
