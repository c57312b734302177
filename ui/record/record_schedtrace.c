/*
 * record_schedtrace.c — GODEBUG=schedtrace=X[,scheddetail=1] lines from the
 * simulation (`gmpscope record --schedtrace FILE[:INTERVAL]`).
 *
 * The real runtime's sysmon calls schedtrace(detailed) at the first of its
 * wake-ups at least X ms after the last trace (lasttrace = now), and time is
 * measured from the first trace, so the first line says 0ms and the others
 * drift by up to one sysmon sleep each (20 µs busy, 10 ms idle: 0, 106, 206,
 * 307 ms for X = 100). We print the same fields in the same order from the
 * engine's read-only views, at the engine's sysmon wake-ups
 * (go-runtime-reference.md §9):
 *
 *   SCHED 10ms: gomaxprocs=4 idleprocs=3 threads=5 spinningthreads=0 needspinning=0
 *     idlethreads=2 runqueue=0 [ 0 0 0 0 ] schedticks=[ 12 0 0 0 ]        (Go 1.25+)
 *
 * and with scheddetail=1 the summary without the lists but with gcwaiting,
 * nmidlelocked, stopwait and sysmonwait, then "  P0: ...", "  M0: ..." and
 * "  G1: status=4(chan receive) m=nil lockedm=nil" lines (two spaces of indent,
 * as the runtime prints them; Ms newest first, as allm is a list pushed at
 * the head). The layout follows the Go version the variant
 * models: before 1.25 the list is "[0 0 0 0]" with no schedticks; before 1.20
 * there is no needspinning, missing ids print -1 and gcwaiting/sysmonwait 0/1;
 * before 1.14 there is no timerslen.
 *
 * gfreecnt counts the dead Gs each P keeps for reuse (gfput/gfget's 64/32
 * batches), and the G list shows dead Gs too (status 6), as allgs does.
 * The runtime's own goroutines follow main's G1 as in allgs: G2 forcegc,
 * G3 bgsweep, G4 bgscavenge, G5 the finalizer goroutine, parked with their
 * wait reasons (sysg.c); and the threads start as real Go 1.19's do, m0,
 * sysmon and two idle Ms (threads=4).
 * Where the model simplifies: there is no GC stop-the-world, so
 * gcwaiting, stopwait and sysmonwait are always false/0; mallocing, throwing,
 * locks and dying are 0 and preemptoff is empty.
 */
#include "record.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* layout holds the version-dependent parts of the format. */
typedef struct layout {
	bool needspinning;  /* Go 1.20+ */
	bool spaced_list;   /* Go 1.25+: "[ a b ] schedticks=[ x y ]" */
	bool nil_ids;       /* Go 1.20+: "nil"; before: -1 */
	bool bool_flags;    /* Go 1.20+: gcwaiting=false; before: 0 */
	bool timerslen;     /* Go 1.14+ */
} layout;

static layout layout_for(int go_minor)
{
	layout l = {
		.needspinning = go_minor >= 20,
		.spaced_list = go_minor >= 25,
		.nil_ids = go_minor >= 20,
		.bool_flags = go_minor >= 20,
		.timerslen = go_minor >= 14,
	};
	return l;
}

/* put_id prints an id, or the runtime's spelling of "none". */
static void put_id(FILE *fp, const layout *l, int id)
{
	if (id >= 0)
		fprintf(fp, "%d", id);
	else
		fputs(l->nil_ids ? "nil" : "-1", fp);
}

static const char *flag(const layout *l, bool v)
{
	if (l->bool_flags)
		return v ? "true" : "false";
	return v ? "1" : "0";
}

/* m_counts tallies sched's thread counters from the M views. */
typedef struct m_counts {
	int threads;      /* live Ms (mcount - nmfreed), sysmon included */
	int spinning;     /* sched.nmspinning */
	int idle;         /* sched.nmidle */
	int idlelocked;   /* sched.nmidlelocked */
} m_counts;

static m_counts count_ms(const gmp_engine *e)
{
	gmp_schedview sv;
	engine_sched_view(e, &sv);
	m_counts c = { sv.mcount, sv.nmspinning, sv.nmidle, sv.nmidlelocked };
	return c;
}

static void detail_ps(FILE *fp, const gmp_engine *e, const layout *l)
{
	for (int i = 0; i < engine_gomaxprocs(e); i++) {   /* allp: the live Ps */
		gmp_pview pv;
		engine_p_view(e, i, &pv);
		fprintf(fp, "  P%d: status=%d schedtick=%" PRIu32 " syscalltick=%" PRIu32 " m=", i,
		        (int)pv.status, pv.schedtick, pv.syscalltick);
		put_id(fp, l, pv.m);
		fprintf(fp, " runqsize=%d gfreecnt=%d", pv.runqsize, pv.gfreecnt);
		if (l->timerslen)
			fprintf(fp, " timerslen=%d", pv.ntimers);
		fputc('\n', fp);
	}
}

static void detail_ms(FILE *fp, const gmp_engine *e, const layout *l)
{
	for (int i = engine_nms(e) - 1; i >= 0; i--) {   /* allm: newest first */
		gmp_mview mv;
		engine_m_view(e, i, &mv);
		if (mv.state == M_DEAD)
			continue; /* freed Ms leave allm */
		bool blocked = mv.state == M_IDLE || mv.state == M_LOCKED_IDLE ||
		               mv.state == M_NETPOLL;
		fprintf(fp, "  M%d: p=", mv.id);
		put_id(fp, l, mv.p);
		fputs(" curg=", fp);
		put_id(fp, l, mv.curg);
		fprintf(fp, " mallocing=0 throwing=0 preemptoff= locks=0 dying=0 spinning=%s "
		        "blocked=%s lockedg=", mv.spinning ? "true" : "false",
		        blocked ? "true" : "false");
		put_id(fp, l, mv.lockedg);
		fputc('\n', fp);
	}
}

static void detail_g(FILE *fp, const layout *l, const gmp_gview *gv)
{
	const char *why = gv->status == G_WAITING ? waitreason_name(gv->wait) : "";
	fprintf(fp, "  G%d: status=%d(%s) m=", gv->id, (int)gv->status, why);
	put_id(fp, l, gv->m);
	fputs(" lockedm=", fp);
	put_id(fp, l, gv->lockedm);
	fputc('\n', fp);
}

static void detail_gs(FILE *fp, const gmp_engine *e, const layout *l)
{
	for (int g = 0; g < engine_g_slots(e); g++) {   /* allgs, dead ones too */
		gmp_gview gv;
		if (g == 1)   /* after main's G1: the runtime's G2-G5 */
			for (int i = 0; i < GMP_NSYSG && engine_sys_g_view(e, i, &gv); i++)
				detail_g(fp, l, &gv);
		if (!engine_g_view(e, g, &gv)) {
			int id = engine_g_dead_goid(e, g);
			if (id >= 0) {
				fprintf(fp, "  G%d: status=%d() m=", id, (int)G_DEAD);
				put_id(fp, l, -1);
				fputs(" lockedm=", fp);
				put_id(fp, l, -1);
				fputc('\n', fp);
			}
			continue;
		}
		detail_g(fp, l, &gv);
	}
	if (engine_g_slots(e) == 1)   /* main's G1 alone */
		for (int i = 0; i < GMP_NSYSG; i++) {
			gmp_gview gv;
			engine_sys_g_view(e, i, &gv);
			detail_g(fp, l, &gv);
		}
}

int schedtrace_tick(FILE *fp, const gmp_engine *e, int64_t t, bool detail)
{
	layout l = layout_for(engine_config(e)->go_minor);
	int np = engine_gomaxprocs(e), idle = 0;   /* allp shrinks with GOMAXPROCS */
	for (int i = 0; i < np; i++) {
		gmp_pview pv;
		engine_p_view(e, i, &pv);
		if (pv.status == P_IDLE)
			idle++;
	}
	m_counts mc = count_ms(e);
	fprintf(fp, "SCHED %" PRId64 "ms: gomaxprocs=%d idleprocs=%d threads=%d spinningthreads=%d",
	        t / 1000000, engine_gomaxprocs(e), idle, mc.threads, mc.spinning);
	if (l.needspinning) {
		gmp_schedview sv;
		engine_sched_view(e, &sv);
		fprintf(fp, " needspinning=%d", sv.needspinning ? 1 : 0);
	}
	fprintf(fp, " idlethreads=%d runqueue=%d", mc.idle, engine_globrunq_size(e));
	if (detail) {
		fprintf(fp, " gcwaiting=%s nmidlelocked=%d stopwait=0 sysmonwait=%s\n",
		        flag(&l, false), mc.idlelocked, flag(&l, false));
		detail_ps(fp, e, &l);
		detail_ms(fp, e, &l);
		detail_gs(fp, e, &l);
		return ferror(fp) ? -1 : 0;
	}
	fputs(l.spaced_list ? " [ " : " [", fp);
	for (int i = 0; i < np; i++) {
		gmp_pview pv;
		engine_p_view(e, i, &pv);
		fprintf(fp, l.spaced_list ? "%d " : (i + 1 < np ? "%d " : "%d"), pv.runqsize);
	}
	fputc(']', fp);
	if (l.spaced_list) {
		fputs(" schedticks=[ ", fp);
		for (int i = 0; i < np; i++) {
			gmp_pview pv;
			engine_p_view(e, i, &pv);
			fprintf(fp, "%" PRIu32 " ", pv.schedtick);
		}
		fputc(']', fp);
	}
	fputc('\n', fp);
	return ferror(fp) ? -1 : 0;
}

/* sysmon_wake_at runs e to just before due and returns sysmon's first
 * wake-up at or after due: the moment the runtime's sysmon would print. A
 * sysmon in its deep sleep (every P idle) has no set time: due itself. */
static int64_t sysmon_wake_at(gmp_engine *e, int64_t due)
{
	if (due > 0)
		engine_run_until(e, due - 1);
	int64_t w = engine_sysmon_next(e);
	return w >= due ? w : due;
}

int record_schedtrace(FILE *fp, const gmp_variant *v, int64_t until, int64_t interval,
                      bool detail, char *gaveup)
{
	gaveup[0] = '\0';
	if (interval <= 0)
		interval = CLI_DEFAULT_SCHEDTRACE_INTERVAL;
	gmp_engine *e = engine_new(&v->prog, &v->cfg);
	if (!e)
		return -1;
	int rc = 0;
	int64_t first = -1;
	for (int64_t due = 0; until < 0 || due <= until;) {
		int64_t at = sysmon_wake_at(e, due);
		if (until >= 0 && at > until)
			break;
		engine_run_until(e, at);
		if (engine_runstate(e) != RUN_RUNNING && engine_now(e) < at)
			break; /* the process is gone: sysmon prints no more */
		if (first < 0)
			first = at;
		if (schedtrace_tick(fp, e, at - first, detail) < 0) {
			rc = -1;
			break;
		}
		if (engine_runstate(e) != RUN_RUNNING)
			break;
		due = at + interval;   /* lasttrace = now */
	}
	if (engine_runstate(e) == RUN_GAVEUP)
		snprintf(gaveup, RECORD_ERR, "%s", engine_gave_up(e));
	engine_free(e);
	return rc;
}
