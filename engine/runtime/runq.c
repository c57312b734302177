/*
 * runq.c — run queues, as in proc.go.
 *
 * Each P has a ring of 256 G ids plus `runnext`, a one-slot fast lane for the
 * goroutine the current one just readied: it runs next and inherits the rest
 * of the time slice. When the ring is full, runqputslow moves half of it plus
 * the newcomer to the global queue, an unbounded list under the sched lock.
 * Idle Ms steal half of a victim's ring (runqsteal); runnext only when the
 * victim's ring is empty.
 *
 * The real ring is lock-free (atomic head/tail, CAS); here there is one thread
 * of control, so plain indices do. The runtime's throws on these queues
 * ("runqputslow: queue is not full", "runqsteal: runq overflow") are kept,
 * with the engine's own where it writes a batch straight into a ring.
 */
#include "runq.h"
#include "sched.h"
#include "proc.h"
#include "trace.h"

bool runqempty(const p_t *pp)
{
	return pp->runqhead == pp->runqtail && pp->runnext == NIL;
}

int runqlen(const p_t *pp)
{
	return (int)(pp->runqtail - pp->runqhead);
}

static void mark_runnable(gmp_engine *e, int32_t gi)
{
	g_t *gp = G(e, gi);
	g_setstatus(e, gp, G_RUNNABLE, WAIT_NONE);
	if (gp->runnable_since < 0)
		gp->runnable_since = e->now;
}

/* globrunq_grew counts one more G on the global queue and its peak. */
static void globrunq_grew(gmp_engine *e)
{
	e->runqsize++;
	if (e->runqsize > e->mt.globrunq_peak)
		e->mt.globrunq_peak = e->runqsize;
}

/* globrunqput puts gi at the tail of the global queue. Sched lock held. */
void globrunqput(gmp_engine *e, int32_t gi)
{
	mark_runnable(e, gi);
	G(e, gi)->schedlink = NIL;
	if (e->runq_tail != NIL)
		G(e, e->runq_tail)->schedlink = gi;
	else
		e->runq_head = gi;
	e->runq_tail = gi;
	globrunq_grew(e);
}

/* globrunqputhead puts gi at the head of the global queue. */
void globrunqputhead(gmp_engine *e, int32_t gi)
{
	mark_runnable(e, gi);
	G(e, gi)->schedlink = e->runq_head;
	e->runq_head = gi;
	if (e->runq_tail == NIL)
		e->runq_tail = gi;
	globrunq_grew(e);
}

static int32_t globrunqpop(gmp_engine *e)
{
	int32_t gi = e->runq_head;
	if (gi == NIL)
		return NIL;
	e->runq_head = G(e, gi)->schedlink;
	if (e->runq_head == NIL)
		e->runq_tail = NIL;
	G(e, gi)->schedlink = NIL;
	e->runqsize--;
	return gi;
}

/* runqputslow moves half of pp's ring plus gi to the global queue, in one
 * batch under the sched lock. Called with a full ring. */
static void runqputslow(gmp_engine *e, p_t *pp, int32_t gi)
{
	GMP_CHECK(e, runqlen(pp) == RUNQ_SIZE, NULL, pp, "runqputslow: queue is not full");
	int n = runqlen(pp) / 2;
	int32_t batch[RUNQ_SIZE / 2 + 1];
	for (int i = 0; i < n; i++)
		batch[i] = pp->runq[(pp->runqhead + (uint32_t)i) % RUNQ_SIZE];
	pp->runqhead += (uint32_t)n;
	batch[n] = gi;
	/* the runtime randomises the batch order under -race only */
	for (int i = 0; i <= n; i++)
		globrunqput(e, batch[i]);
	e->mt.overflows++;
	trace_emit(e, EV_OVERFLOW, pp->id, pp->m, G(e, gi)->goid, -1, n + 1);
}

/* runq_holds reports whether gi is in pp's ring or runnext (O(ring)). */
static bool runq_holds(const p_t *pp, int32_t gi)
{
	if (pp->runnext == gi)
		return true;
	for (uint32_t k = pp->runqhead; k != pp->runqtail; k++)
		if (pp->runq[k % RUNQ_SIZE] == gi)
			return true;
	return false;
}

/* runqput puts gi on pp's local queue. With next, gi goes to runnext and the
 * old runnext is kicked to the tail of the ring. Executed only by the owner P.
 * A full ring is no error: runqputslow moves half of it to the global queue. */
void runqput(gmp_engine *e, p_t *pp, int32_t gi, bool next)
{
	/* a G queued twice would run twice (the ring scan costs: debug only) */
	GMP_DCHECK(e, !runq_holds(pp, gi), NULL, pp, "runqput: G already on this P's run queue");
	mark_runnable(e, gi);
	if (next) {
		int32_t old = pp->runnext;
		pp->runnext = gi;
		if (old == NIL)
			return;
		gi = old;
	}
	if (runqlen(pp) < RUNQ_SIZE) {
		pp->runq[pp->runqtail % RUNQ_SIZE] = gi;
		pp->runqtail++;
		return;
	}
	runqputslow(e, pp, gi);
}

/* runqget takes a G from pp's local queue: runnext first (inheriting the time
 * slice), then the ring's head. Executed only by the owner P. */
int32_t runqget(gmp_engine *e, p_t *pp, bool *inherit)
{
	(void)e;
	if (pp->runnext != NIL) {
		int32_t gi = pp->runnext;
		pp->runnext = NIL;
		*inherit = true;
		return gi;
	}
	*inherit = false;
	if (pp->runqhead == pp->runqtail)
		return NIL;
	int32_t gi = pp->runq[pp->runqhead % RUNQ_SIZE];
	pp->runqhead++;
	return gi;
}

/* globrunqget takes from the global queue. With batch (globrunqgetbatch), it
 * takes min(size, size/gomaxprocs + 1, 128): the first is returned, the rest
 * go to pp's ring. Sched lock held. */
int32_t globrunqget(gmp_engine *e, p_t *pp, bool batch)
{
	if (e->runqsize == 0)
		return NIL;
	int n = 1;
	if (batch) {
		n = e->runqsize / e->gomaxprocs + 1;
		if (n > e->runqsize)
			n = e->runqsize;
		if (n > RUNQ_SIZE / 2)
			n = RUNQ_SIZE / 2;
	}
	/* the runtime's globrunqget puts the batch with runqput (which may
	 * overflow back); the engine writes the ring directly, so it must have
	 * room -- it does: findRunnable takes a batch only after runqget found
	 * the ring empty */
	GMP_CHECK(e, runqlen(pp) + n - 1 <= RUNQ_SIZE, NULL, pp, "globrunqget: batch overflows the local runq");
	int32_t gi = globrunqpop(e);
	for (int i = 1; i < n; i++) {
		int32_t x = globrunqpop(e);
		pp->runq[pp->runqtail % RUNQ_SIZE] = x;
		pp->runqtail++;
	}
	if (n > 1)
		trace_emit(e, EV_GLOBRUNQGET, pp->id, pp->m, G(e, gi)->goid, -1, n);
	return gi;
}

/* runqsteal steals half of victim's ring into pp's ring and returns one G to
 * run (the last one grabbed), or NIL. stealRunNextG allows taking victim's
 * runnext when its ring is empty. *n gets the number stolen. */
int32_t runqsteal(gmp_engine *e, p_t *pp, p_t *victim, bool stealRunNextG, int *n)
{
	int len = runqlen(victim);
	*n = 0;
	if (len == 0) {
		if (!stealRunNextG || victim->runnext == NIL)
			return NIL;
		int32_t gi = victim->runnext;
		victim->runnext = NIL;
		*n = 1;
		return gi;
	}
	int take = len - len / 2;
	/* one of the stolen Gs is returned, the rest go to pp's ring, which
	 * must keep a free slot (proc.go: runqsteal) */
	GMP_CHECK(e, take == 1 || runqlen(pp) + take - 1 < RUNQ_SIZE, NULL, pp, "runqsteal: runq overflow");
	int32_t last = NIL;
	for (int i = 0; i < take; i++) {
		int32_t gi = victim->runq[victim->runqhead % RUNQ_SIZE];
		victim->runqhead++;
		if (i == take - 1) {
			last = gi;
		} else {
			pp->runq[pp->runqtail % RUNQ_SIZE] = gi;
			pp->runqtail++;
		}
	}
	*n = take;
	return last;
}
