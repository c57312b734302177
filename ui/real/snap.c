/*
 * snap.c — gmp_snap from the engine, lookups, and the captions that say what
 * changed between two states (see snap.h).
 */
#include "snap.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void snap_free(gmp_snap *s)
{
	free(s->runqsizes);
	free(s->schedticks);
	free(s->ps);
	free(s->ms);
	free(s->gs);
	memset(s, 0, sizeof *s);
}

/* engine_ps fills the P rows; the global list's length is the SCHED line's. */
static void engine_ps(const gmp_engine *e, gmp_snap *s)
{
	s->np = engine_gomaxprocs(e);
	s->ps = gmp_xcalloc((size_t)(s->np ? s->np : 1), sizeof *s->ps);
	for (int i = 0; i < s->np; i++) {
		engine_p_view(e, i, &s->ps[i].v);
		if (s->ps[i].v.status == P_IDLE)
			s->idleprocs++;
	}
}

/* engine_ms fills the M rows newest first, as allm lists them; exited Ms
 * have left allm. */
static void engine_ms(const gmp_engine *e, gmp_snap *s)
{
	int n = engine_nms(e);
	s->ms = gmp_xcalloc((size_t)(n ? n : 1), sizeof *s->ms);
	for (int i = n - 1; i >= 0; i--) {
		snap_m *m = &s->ms[s->nm];
		engine_m_view(e, i, &m->v);
		if (m->v.state == M_DEAD)
			continue;
		m->blocked = m->v.state == M_IDLE || m->v.state == M_LOCKED_IDLE ||
		             m->v.state == M_NETPOLL;
		m->mallocing = m->throwing = m->locks = m->dying = 0;
		s->nm++;
	}
}

/* engine_gs fills the live G rows in allgs order: main's G1, the
 * runtime's own G2-G5 (engine_sys_g_view), then the program's. */
static void engine_gs(const gmp_engine *e, gmp_snap *s)
{
	int n = engine_g_slots(e);
	s->gs = gmp_xcalloc((size_t)n + GMP_NSYSG, sizeof *s->gs);
	for (int i = 0; i < n + GMP_NSYSG; i++) {
		snap_g *g = &s->gs[s->ng];
		int slot = i == 0 ? 0 : i <= GMP_NSYSG ? -1 : i - GMP_NSYSG;
		if (slot < 0 ? !engine_sys_g_view(e, i - 1, &g->v) : !engine_g_view(e, slot, &g->v))
			continue;
		if (g->v.status == G_WAITING)
			snprintf(g->wait, sizeof g->wait, "%s", waitreason_name(g->v.wait));
		s->ng++;
	}
}

void snap_from_engine(const gmp_engine *e, gmp_snap *s)
{
	gmp_schedview sv;
	memset(s, 0, sizeof *s);
	s->t = engine_now(e);
	s->have = SNAP_DETAIL | SNAP_RUNQ_ORDER | SNAP_CODE | SNAP_EVENTS;
	engine_sched_view(e, &sv);
	s->gomaxprocs = engine_gomaxprocs(e);
	s->threads = sv.mcount;
	s->spinningthreads = sv.nmspinning;
	s->idlethreads = sv.nmidle;
	s->runqueue = engine_globrunq_size(e);
	s->needspinning = sv.needspinning;
	s->gcwaiting = s->stopwait = s->sysmonwait = 0;
	s->nmidlelocked = sv.nmidlelocked;
	engine_ps(e, s);
	engine_ms(e, s);
	engine_gs(e, s);
}

const snap_m *snap_find_m(const gmp_snap *s, int id)
{
	for (int i = 0; i < s->nm; i++)
		if (s->ms[i].v.id == id)
			return &s->ms[i];
	return NULL;
}

const snap_g *snap_find_g(const gmp_snap *s, int id)
{
	for (int i = 0; i < s->ng; i++)
		if (s->gs[i].v.id == id)
			return &s->gs[i];
	return NULL;
}

int snap_count_g(const gmp_snap *s, gmp_gstatus st)
{
	int n = 0;
	for (int i = 0; i < s->ng; i++)
		n += s->gs[i].v.status == st;
	return n;
}

const char *snap_change_name(snap_change c)
{
	static const char *names[SCH__COUNT] = {"threads", "syscall", "wait", "spawn", "pstatus", "runq"};
	return c < SCH__COUNT ? names[c] : "?";
}

/* g_changes adds the bits of what differs in the G rows. */
static unsigned g_changes(const gmp_snap *a, const gmp_snap *b)
{
	unsigned ch = 0;
	int alive_a = 0, alive_b = 0;
	for (int i = 0; i < b->ng; i++) {
		const snap_g *g = &b->gs[i], *o = snap_find_g(a, g->v.id);
		/* a G new in b counts as coming from nothing (idle, no reason) */
		gmp_gstatus before = o ? o->v.status : G_IDLE;
		const char *wait_before = o ? o->wait : "";
		alive_b += g->v.status != G_DEAD;
		if (!o && g->v.status != G_DEAD)
			ch |= 1u << SCH_SPAWN;
		if ((g->v.status == G_SYSCALL) != (before == G_SYSCALL))
			ch |= 1u << SCH_SYSCALL;
		if ((g->v.status == G_WAITING) != (before == G_WAITING) || strcmp(g->wait, wait_before))
			ch |= 1u << SCH_WAIT;
	}
	for (int i = 0; i < a->ng; i++)
		alive_a += a->gs[i].v.status != G_DEAD;
	if (alive_a != alive_b)
		ch |= 1u << SCH_SPAWN;
	return ch;
}

unsigned snap_changes(const gmp_snap *a, const gmp_snap *b)
{
	unsigned ch = 0;
	if (a->threads != b->threads)
		ch |= 1u << SCH_THREADS;
	if (a->runqueue != b->runqueue)
		ch |= 1u << SCH_RUNQ;
	if (a->idleprocs != b->idleprocs || a->gomaxprocs != b->gomaxprocs)
		ch |= 1u << SCH_PSTATUS;
	for (int i = 0; i < a->np && i < b->np; i++) {
		if (a->ps[i].v.status != b->ps[i].v.status || a->ps[i].v.m != b->ps[i].v.m)
			ch |= 1u << SCH_PSTATUS;
		if (a->ps[i].v.runqsize != b->ps[i].v.runqsize)
			ch |= 1u << SCH_RUNQ;
	}
	for (int i = 0; i < a->nrunq && i < b->nrunq; i++)
		if (a->runqsizes[i] != b->runqsizes[i])
			ch |= 1u << SCH_RUNQ;
	return ch | g_changes(a, b);
}

/* A caption being built: phrases joined by "; ", the rest counted. */
typedef struct cap {
	char *buf;
	size_t len, used;
	int shown, more;   /* phrases written, phrases that did not fit */
} cap;

static void phrase(cap *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* phrase appends one phrase, or counts it when the caption is full (room is
 * kept for the "; +N more changes" tail). */
static void phrase(cap *c, const char *fmt, ...)
{
	char p[160];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p, sizeof p, fmt, ap);
	va_end(ap);
	size_t need = strlen(p) + (c->shown ? 2 : 0);
	if (c->used + need + 24 >= c->len) {
		c->more++;
		return;
	}
	c->used += (size_t)snprintf(c->buf + c->used, c->len - c->used, "%s%s", c->shown ? "; " : "", p);
	c->shown++;
}

/* g_phrases: "G40 now in syscall on M17", "G7 now waiting (chan receive)",
 * "G9 back from syscall", "+198 more Gs in syscall" once a kind repeats. */
static void g_phrases(cap *c, const gmp_snap *a, const gmp_snap *b)
{
	int insys = 0, outsys = 0, waiting = 0, born = 0, ended = 0;
	for (int i = 0; i < b->ng; i++) {
		const snap_g *g = &b->gs[i], *o = snap_find_g(a, g->v.id);
		bool alive = g->v.status != G_DEAD, was = o && o->v.status != G_DEAD;
		gmp_gstatus before = was ? o->v.status : G_IDLE;
		const char *wait_before = was ? o->wait : "";
		if (!alive) {
			ended += was;
			continue;
		}
		born += !was;
		if (g->v.status == G_SYSCALL && before != G_SYSCALL) {
			if (insys++ == 0)
				phrase(c, "G%d now in syscall on M%d", g->v.id, g->v.m);
		} else if (before == G_SYSCALL && g->v.status != G_SYSCALL) {
			if (outsys++ == 0)
				phrase(c, "G%d back from syscall", g->v.id);
		} else if (g->v.status == G_WAITING && strcmp(g->wait, wait_before)) {
			if (waiting++ == 0)
				phrase(c, "G%d now waiting (%s)", g->v.id, g->wait);
		}
	}
	if (insys > 1)
		phrase(c, "%d Gs entered a syscall", insys);
	if (outsys > 1)
		phrase(c, "%d Gs left a syscall", outsys);
	if (waiting > 1)
		phrase(c, "%d Gs began waiting", waiting);
	if (born)
		phrase(c, "%d new G%s", born, born > 1 ? "s" : "");
	if (ended)
		phrase(c, "%d G%s ended", ended, ended > 1 ? "s" : "");
}

const char *snap_caption(const gmp_snap *prev, const gmp_snap *cur, char *buf, size_t len)
{
	cap c = {buf, len, 0, 0, 0};
	buf[0] = '\0';
	if (!prev) {
		phrase(&c, "first snapshot: %d Ps, %d threads, global runqueue %d", cur->gomaxprocs,
		       cur->threads, cur->runqueue);
		return buf;
	}
	long long dt = (long long)((cur->t - prev->t) / 1000000);
	if (prev->threads != cur->threads)
		phrase(&c, "threads %d → %d in %lld ms", prev->threads, cur->threads, dt);
	if (prev->idlethreads != cur->idlethreads)
		phrase(&c, "idle threads %d → %d", prev->idlethreads, cur->idlethreads);
	if (prev->idleprocs != cur->idleprocs)
		phrase(&c, "idle Ps %d → %d", prev->idleprocs, cur->idleprocs);
	if (prev->runqueue != cur->runqueue)
		phrase(&c, "global runqueue %d → %d", prev->runqueue, cur->runqueue);
	for (int i = 0; i < prev->np && i < cur->np; i++)
		if (prev->ps[i].v.m != cur->ps[i].v.m && cur->ps[i].v.m >= 0)
			phrase(&c, "P%d now on M%d", i, cur->ps[i].v.m);
	g_phrases(&c, prev, cur);
	if (c.shown == 0 && c.more == 0)
		phrase(&c, "no change in %lld ms", dt);
	if (c.more)
		snprintf(buf + c.used, len - c.used, "; +%d more change%s", c.more, c.more > 1 ? "s" : "");
	return buf;
}
