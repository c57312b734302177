/*
 * views.c — read-only views of the engine's state for the UI and the
 * recorders: Ps, Ms (with the M "state" the runtime leaves implicit), Gs,
 * sched counters, the event ring (captions formatted on demand), the per-P
 * timeline, and the names of states and wait reasons.
 */
#include <string.h>

#include "sched.h"
#include "runq.h"
#include "trace.h"
#include "goidx.h"

/* --- views -------------------------------------------------------------- */

/* gone: the program ended (exit or fatal error) and nothing runs any more: a
 * G that was running reads as stopped where it was, runnable (the metrics
 * keep the process's own counts; see process_gone). */
static bool gone(const gmp_engine *e)
{
	return e->state == RUN_EXITED || e->state == RUN_FATAL;
}

int64_t engine_now(const gmp_engine *e) { return e->now; }
gmp_runstate engine_runstate(const gmp_engine *e) { return e->state; }
int engine_exit_code(const gmp_engine *e) { return e->exit_code; }
const char *engine_fatal(const gmp_engine *e) { return e->fatal; }
const gmp_config *engine_config(const gmp_engine *e) { return &e->cfg; }
const gmp_program *engine_program(const gmp_engine *e) { return e->prog; }
int engine_gomaxprocs(const gmp_engine *e) { return e->gomaxprocs; }
int engine_nprocs(const gmp_engine *e) { return e->nprocs; }
int engine_globrunq_size(const gmp_engine *e) { return e->runqsize; }
int engine_nms(const gmp_engine *e) { return e->ms.n; }
int engine_ng(const gmp_engine *e) { return e->gs.n; }
int64_t engine_sysmon_next(const gmp_engine *e) { return e->sysmon_deep ? -1 : e->sysmon_next; }
int64_t engine_sysmon_delay(const gmp_engine *e) { return e->sysmon_delay; }
uint64_t engine_event_total(const gmp_engine *e) { return e->nevents; }
uint64_t engine_visible_total(const gmp_engine *e) { return e->nvisible; }

void engine_sched_view(const gmp_engine *e, gmp_schedview *out)
{
	out->mcount = e->mcount;
	out->nmidle = e->nmidle;
	out->nmidlelocked = e->nmidlelocked;
	out->nmspinning = e->nmspinning;
	out->npidle = e->npidle;
	out->needspinning = e->needspinning;
}

void engine_p_view(const gmp_engine *e, int p, gmp_pview *out)
{
	const p_t *pp = &e->ps[p];
	memset(out, 0, sizeof *out);
	out->id = p;
	out->status = (gmp_pstatus)pp->status;
	out->m = pp->m;
	out->curg = -1;
	if (pp->m != NIL) {
		const m_t *mp = M(e, pp->m);
		if (mp->curg != NIL)
			out->curg = G_ro(e, mp->curg)->goid;
		out->throttled = mp->throttled;
		out->cpu_wait = mp->cpuwait && !mp->throttled;
	}
	out->slice_start = pp->slice_start;
	out->run_start = pp->run_start;
	out->runnext = pp->runnext != NIL ? G_ro(e, pp->runnext)->goid : -1;
	out->runqsize = runqlen(pp);
	for (int i = 0; i < GMP_PVIEW_RUNQ && i < out->runqsize; i++)
		out->runq[i] = G_ro(e, pp->runq[(pp->runqhead + (uint32_t)i) % RUNQ_SIZE])->goid;
	out->ntimers = pp->ntimers;
	out->schedtick = pp->schedtick;
	out->syscalltick = pp->syscalltick;
	out->gfreecnt = pp->gfreecnt;
}

int engine_globrunq_peek(const gmp_engine *e, int *ids, int max)
{
	int n = 0;
	for (int32_t gi = e->runq_head; gi != NIL && n < max; gi = G_ro(e, gi)->schedlink)
		ids[n++] = G_ro(e, gi)->goid;
	return n;
}

void engine_m_view(const gmp_engine *e, int m, gmp_mview *out)
{
	const m_t *mp = M(e, m);
	memset(out, 0, sizeof *out);
	out->id = m;
	out->p = mp->p;
	out->curg = mp->curg != NIL ? G_ro(e, mp->curg)->goid : -1;
	out->lockedg = mp->lockedg != NIL ? G_ro(e, mp->lockedg)->goid : -1;
	out->born = mp->born;
	out->died = mp->died;
	out->spinning = mp->spinning;
	out->sigpending = mp->sigpending;
	out->wedged = mp->wedged;
	out->tls = mp->tls;
	out->cgo_last = mp->cgo_last;
	gmp_mstate st;
	if (mp->sysmon)
		st = M_SYSMON;
	else if (mp->templ)
		st = M_IDLE;
	else if (mp->wedged)
		st = M_LOCKED_IDLE;   /* the main thread cannot exit */
	else if (mp->phase == PH_DEAD)
		st = M_DEAD;
	else if (mp->throttled)
		st = M_THROTTLED;
	else if (mp->phase == PH_LOCKIDLE && !mp->oncpu && !mp->cpuwait)
		st = M_LOCKED_IDLE;
	else if (mp->phase == PH_IDLE || mp->phase == PH_DROPPED)
		st = M_IDLE;   /* PH_DROPPED: P released, on its way to park */
	else if (mp->phase == PH_NETPOLL && !mp->oncpu && !mp->cpuwait)
		st = M_NETPOLL;
	else if (mp->incgo)
		st = M_CGO;
	else if (mp->phase == PH_SYSCALL)
		st = M_SYSCALL;
	else if (mp->cpuwait)
		st = M_CPU_WAIT;
	else if (mp->spinning)
		st = M_SPINNING;
	else
		st = M_RUNNING;
	out->state = st;
}

bool engine_g_view(const gmp_engine *e, int g, gmp_gview *out)
{
	if (g < 0 || g >= e->gs.n)
		return false;
	const g_t *gp = G_ro(e, g);
	if (gp->status == G_DEAD)
		return false;
	out->id = gp->goid;
	out->status = (gmp_gstatus)gp->status;
	if (out->status == G_RUNNING && gone(e))
		out->status = G_RUNNABLE;
	out->wait = (gmp_waitreason)gp->waitreason;
	out->func = gp->entry;
	const gmp_func *f = &e->prog->funcs[gp->fn];
	out->line = gp->pc < f->nops ? f->ops[gp->pc].line : 0;
	out->m = gp->m;
	out->lockedm = g_lockedm(e, gp);
	out->runnable_since = gp->runnable_since;
	return true;
}

void lines_recount(gmp_engine *e)
{
	memset(e->linecount, 0, sizeof *e->linecount * (size_t)e->nlines);
	for (int i = 0; i < e->gs.n; i++)
		if (g_counted(G_ro(e, i)->status))
			e->linecount[g_line(e, G_ro(e, i))]++;
}

int engine_line_counts(const gmp_engine *e, int32_t *out, int n)
{
	int k = n < e->nlines ? n : e->nlines;
	if (k > 0)
		memcpy(out, e->linecount, sizeof *out * (size_t)k);
	for (int i = k; i < n; i++)
		out[i] = 0;
	/* the running ones: each is the current G of the M that runs it */
	for (int i = 0; i < e->ms.n; i++) {
		const m_t *mp = M(e, i);
		if (mp->curg == NIL || G_ro(e, mp->curg)->status != G_RUNNING)
			continue;
		int ln = g_line(e, G_ro(e, mp->curg));
		if (ln < n)
			out[ln]++;
	}
	return k;
}

void engine_gscan_start(const gmp_engine *e, gmp_gscan *s, long each)
{
	*s = (gmp_gscan){ .up = 0, .down = e->gs.n, .each = each, .left = each, .back = false };
}

int engine_gscan_next(const gmp_engine *e, int lo, int hi, gmp_gscan *s)
{
	for (;;) {
		if (s->up >= s->down)
			return -1;
		if (s->left == 0) {
			if (s->back)
				return -1;
			s->back = true;
			s->left = s->each;
		}
		s->left--;
		int i = s->back ? --s->down : s->up++;
		const g_t *gp = G_ro(e, i);
		if (gp->status == G_DEAD)
			continue;
		int ln = g_line(e, gp);
		if (ln >= lo && ln <= hi)
			return i;
	}
}

int engine_g_count(const gmp_engine *e, gmp_gstatus st)
{
	if (gone(e) && st == G_RUNNING)
		return 0;
	if (gone(e) && st == G_RUNNABLE)
		return e->gcount[G_RUNNABLE] + e->gcount[G_RUNNING];
	return (unsigned)st < 8 ? e->gcount[st] : 0;
}

int engine_g_wait_count(const gmp_engine *e, gmp_waitreason w)
{
	return (unsigned)w < WAIT__COUNT ? e->wcount[w] : 0;
}

/* engine_g_find returns the slot of the live goroutine goid, or -1. */
int engine_g_find(const gmp_engine *e, int goid)
{
	int32_t gi = goidx_find(e, goid);   /* O(1): goidx.c */
	return gi != NIL && G_ro(e, gi)->status != G_DEAD ? gi : -1;
}

int engine_g_slots(const gmp_engine *e)
{
	return e->gs.n;
}

int engine_g_dead_goid(const gmp_engine *e, int g)
{
	if (g < 0 || g >= e->gs.n || G_ro(e, g)->status != G_DEAD)
		return -1;
	return G_ro(e, g)->goid;
}

int engine_g_alive_next(const gmp_engine *e, int *cursor)
{
	while (*cursor < e->gs.n) {
		int i = (*cursor)++;
		if (G_ro(e, i)->status != G_DEAD)
			return i;
	}
	return -1;
}

const gmp_event *engine_event_get(const gmp_engine *e, uint64_t seq)
{
	if (seq >= e->nevents || e->nevents - seq > GMP_EVENT_RING)
		return NULL;
	gmp_event *ev = &e->ring[seq % GMP_EVENT_RING];
	if (ev->caption[0] == '\0')
		trace_format(e, ev);
	return ev;
}

const gmp_event *engine_event_peek(const gmp_engine *e, uint64_t seq)
{
	if (seq >= e->nevents || e->nevents - seq > GMP_EVENT_RING)
		return NULL;
	return &e->ring[seq % GMP_EVENT_RING];
}

int engine_segments(const gmp_engine *e, int p, gmp_segment *out, int max)
{
	const p_t *pp = &e->ps[p];
	int n = pp->nseg < GMP_SEGMENTS ? (int)pp->nseg : GMP_SEGMENTS;
	if (n > max)
		n = max;
	for (int i = 0; i < n; i++) {
		out[i] = pp->seg[(pp->nseg - (uint32_t)n + (uint32_t)i) % GMP_SEGMENTS];
		if (out[i].t1 < 0)
			out[i].t1 = e->now;
	}
	return n;
}

/* --- names -------------------------------------------------------------- */

const char *gstatus_name(gmp_gstatus s)
{
	switch (s) {
	case G_IDLE: return "idle";
	case G_RUNNABLE: return "runnable";
	case G_RUNNING: return "running";
	case G_SYSCALL: return "syscall";
	case G_WAITING: return "waiting";
	case G_DEAD: return "dead";
	}
	return "?";
}

const char *waitreason_name(gmp_waitreason w)
{
	static const char *n[WAIT__COUNT] = {
		"", "chan receive", "chan send", "select", "select (no cases)", "sleep",
		"IO wait", "semacquire", "sync.Mutex.Lock", "sync.WaitGroup.Wait",
		"chan receive (nil chan)", "preempted", "locked to thread",
		"sync.RWMutex.RLock", "sync.RWMutex.Lock", "sync.Cond.Wait",
		"force gc (idle)", "GC sweep wait", "GC scavenge wait", "finalizer wait",
	};
	return (unsigned)w < WAIT__COUNT ? n[w] : "?";
}

const char *pstatus_name(gmp_pstatus s)
{
	switch (s) {
	case P_IDLE: return "idle";
	case P_RUNNING: return "running";
	case P_SYSCALL: return "syscall";
	case P_GCSTOP: return "gcstop";
	case P_DEAD: return "dead";
	case P__COUNT: break;
	}
	return "?";
}

const char *mstate_name(gmp_mstate s)
{
	static const char *n[M__COUNT] = {
		"running", "spinning", "idle", "syscall", "cgo", "locked-idle",
		"cpu-wait", "throttled", "dead", "sysmon", "netpoll",
	};
	return (unsigned)s < M__COUNT ? n[s] : "?";
}
