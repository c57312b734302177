/*
 * record_trace.c — a Chrome Trace Event JSON file of one run
 * (`gmpscope record --trace-json FILE`), for Perfetto or chrome://tracing.
 *
 *   {"traceEvents":[ ... ],"displayTimeUnit":"ns","otherData":{...}}
 *
 * Three "processes":
 *   pid 1 "Ps"       one thread track per P; an "X" slice per goroutine run,
 *                    from EV_EXECUTE (or a fast exitsyscall) to the park,
 *                    gosched, preemption, exit or syscall that ends it; steal
 *                    and preemption-request instants on the P's track.
 *   pid 2 "Ms"       one track per M that ever existed; a slice per M state
 *                    (running, spinning, idle, syscall, cgo, locked-idle...),
 *                    instants for newm, mexit and SIGURGs.
 *   pid 3 "runtime"  counters (goroutines, threads) and global instants:
 *                    throttling, deadlock, fatal error, exit, horizon.
 * Timestamps are microseconds with three decimals (the engine's nanoseconds).
 *
 * The engine keeps only the last GMP_EVENT_RING events, so we advance it one
 * visible event at a time (engine_step) and read everything new after each
 * step; M states are sampled from the views after each step (an M changes
 * state at the time of the visible event that made it change). If a step ever
 * emitted more than the ring holds, the number of events lost is written in
 * otherData.events_lost (never seen in practice).
 */
#include "record.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cast.h"
#include "cli.h"

enum { PID_P = 1, PID_M = 2, PID_RT = 3 };

/* pslice is the goroutine run open on a P. */
typedef struct pslice {
	int g;          /* goid, -1 = none open */
	int m;          /* the M running it */
	int func;       /* its function index, -1 = unknown */
	int64_t t0;     /* start, virtual ns */
} pslice;

/* mtrack is what we know of one M's track. */
typedef struct mtrack {
	int state;      /* gmp_mstate of the open slice; M_DEAD = closed for good */
	int64_t t0;     /* start of the open slice */
} mtrack;

typedef struct tw {
	FILE *fp;
	gmp_engine *e;
	const gmp_program *prog;
	int64_t until;     /* < 0: the run's end */
	bool first;        /* no event written yet (no comma needed) */
	pslice *ps;        /* per P */
	int np;
	mtrack *ms;        /* per M ever seen */
	int nm;
	int nsys;          /* Ms seen in state M_SYSMON at birth */
	double goroutines, threads; /* last counter values, -1 = none yet */
	uint64_t seq;      /* next event to read */
	uint64_t lost;     /* events that left the ring unread */
	cast_buf sb;       /* scratch for JSON strings */
} tw;

/* put_ts writes virtual ns as microseconds with three decimals. */
static void put_ts(FILE *fp, int64_t ns)
{
	if (ns < 0)
		ns = 0;
	fprintf(fp, "%" PRId64 ".%03d", ns / 1000, (int)(ns % 1000));
}

/* put_str writes s as a JSON string. */
static void put_str(tw *w, const char *s)
{
	w->sb.len = 0;
	cast_json_string(&w->sb, s, strlen(s));
	fwrite(w->sb.p ? w->sb.p : "\"\"", 1, w->sb.p ? w->sb.len : 2, w->fp);
}

static void begin(tw *w)
{
	fputs(w->first ? "\n" : ",\n", w->fp);
	w->first = false;
}

static void meta(tw *w, int pid, int tid, const char *what, const char *name, int sort)
{
	begin(w);
	fprintf(w->fp, "{\"name\":\"%s\",\"ph\":\"M\",\"pid\":%d,\"tid\":%d,\"args\":{\"name\":", what, pid, tid);
	put_str(w, name);
	fputs("}}", w->fp);
	begin(w);
	fprintf(w->fp, "{\"name\":\"%s_sort_index\",\"ph\":\"M\",\"pid\":%d,\"tid\":%d,\"args\":{\"sort_index\":%d}}",
	        strcmp(what, "process_name") == 0 ? "process" : "thread", pid, tid, sort);
}

static const char *func_name(const tw *w, int f)
{
	if (f < 0 || f >= w->prog->nfuncs)
		return "?";
	return w->prog->funcs[f].name;
}

/* slice writes a complete event. */
static void slice(tw *w, int pid, int tid, const char *name, int64_t t0, int64_t t1,
                  const char *args)
{
	begin(w);
	fputs("{\"name\":", w->fp);
	put_str(w, name);
	fprintf(w->fp, ",\"ph\":\"X\",\"pid\":%d,\"tid\":%d,\"ts\":", pid, tid);
	put_ts(w->fp, t0);
	fputs(",\"dur\":", w->fp);
	put_ts(w->fp, t1 - t0);
	if (args)
		fprintf(w->fp, ",\"args\":%s", args);
	fputc('}', w->fp);
}

/* instant writes an "i" event with the event's caption; tid < 0 = global. */
static void instant(tw *w, int pid, int tid, const gmp_event *ev)
{
	begin(w);
	fputs("{\"name\":", w->fp);
	put_str(w, event_kind_name((gmp_evkind)ev->kind));
	if (tid >= 0)
		fprintf(w->fp, ",\"ph\":\"i\",\"s\":\"t\",\"pid\":%d,\"tid\":%d,\"ts\":", pid, tid);
	else
		fprintf(w->fp, ",\"ph\":\"i\",\"s\":\"g\",\"pid\":%d,\"tid\":0,\"ts\":", pid);
	put_ts(w->fp, ev->t);
	fputs(",\"args\":{\"caption\":", w->fp);
	put_str(w, ev->caption);
	fputs("}}", w->fp);
}

static void counter(tw *w, const char *name, double v, double *last, int64_t t)
{
	if (v == *last)
		return;
	*last = v;
	begin(w);
	fprintf(w->fp, "{\"name\":\"%s\",\"ph\":\"C\",\"pid\":%d,\"tid\":0,\"ts\":", name, PID_RT);
	put_ts(w->fp, t);
	fprintf(w->fp, ",\"args\":{\"%s\":%.0f}}", name, v);
}

/* p_close ends P p's open goroutine run at t, saying why. */
static void p_close(tw *w, int p, int64_t t, const char *why)
{
	pslice *s = &w->ps[p];
	if (s->g < 0)
		return;
	char name[96], args[160];
	snprintf(name, sizeof name, "G%d %s", s->g, func_name(w, s->func));
	snprintf(args, sizeof args, "{\"g\":%d,\"m\":%d,\"end\":\"%s\"}", s->g, s->m, why);
	slice(w, PID_P, p, name, s->t0, t, args);
	s->g = -1;
}

/* p_open opens goroutine ev->g's run on ev->p; every event that starts a run
 * (EV_START, EV_EXECUTE, EV_SYSCALL_EXIT) carries its function in aux. */
static void p_open(tw *w, const gmp_event *ev)
{
	if (ev->p < 0 || ev->p >= w->np)
		return;
	p_close(w, ev->p, ev->t, "switch");
	w->ps[ev->p] = (pslice){ ev->g, ev->m, ev->aux, ev->t };
}

/* p_end closes the run of goroutine ev->g (on ev->p, or wherever it runs). */
static void p_end(tw *w, const gmp_event *ev)
{
	const char *why = event_kind_name((gmp_evkind)ev->kind);
	if (ev->p >= 0 && ev->p < w->np && w->ps[ev->p].g == ev->g) {
		p_close(w, ev->p, ev->t, why);
		return;
	}
	for (int p = 0; p < w->np; p++)
		if (w->ps[p].g == ev->g)
			p_close(w, p, ev->t, why);
}

static void m_close(tw *w, int m, int64_t t)
{
	mtrack *k = &w->ms[m];
	if (k->state != M_DEAD && t > k->t0)
		slice(w, PID_M, m, mstate_name((gmp_mstate)k->state), k->t0, t, NULL);
}

/* sample_ms adds tracks for new Ms and turns M state changes into slices. */
static int sample_ms(tw *w, int64_t t)
{
	int n = engine_nms(w->e);
	if (n > w->nm) {
		mtrack *nk = realloc(w->ms, (size_t)n * sizeof *nk);
		if (!nk)
			return -1;
		w->ms = nk;
		for (int i = w->nm; i < n; i++) {
			gmp_mview mv;
			engine_m_view(w->e, i, &mv);
			/* Ms without a P from birth: sysmon first, then the template thread */
			char name[40];
			const char *role = "";
			if (mv.state == M_SYSMON)
				role = w->nsys++ ? " (template thread)" : " (sysmon)";
			snprintf(name, sizeof name, "M%d%s", i, role);
			meta(w, PID_M, i, "thread_name", name, i);
			w->ms[i] = (mtrack){ mv.state, mv.born > 0 ? mv.born : t };
			if (w->ms[i].t0 > t)
				w->ms[i].t0 = t;
		}
		w->nm = n;
	}
	for (int i = 0; i < w->nm; i++) {
		if (w->ms[i].state == M_DEAD)
			continue;
		gmp_mview mv;
		engine_m_view(w->e, i, &mv);
		if ((int)mv.state == w->ms[i].state)
			continue;
		m_close(w, i, t);
		w->ms[i] = (mtrack){ mv.state, t };
	}
	int threads = 0;
	for (int i = 0; i < w->nm; i++)
		threads += w->ms[i].state != M_DEAD;
	double g = 0;
	engine_metric(w->e, "goroutines", &g);
	counter(w, "goroutines", g, &w->goroutines, t);
	counter(w, "threads", threads, &w->threads, t);
	return 0;
}

/* take_event turns one engine event into slices and instants. */
static void take_event(tw *w, const gmp_event *ev)
{
	switch ((gmp_evkind)ev->kind) {
	case EV_START:     /* runtime.main: G1 runs on P0 from t=0 */
	case EV_EXECUTE:
		p_open(w, ev);
		break;
	case EV_SYSCALL_EXIT:
		if (ev->p >= 0)
			p_open(w, ev); /* fast path: the G runs on at once */
		break;
	case EV_PARK: case EV_GOSCHED: case EV_PREEMPTED: case EV_GOEXIT:
	case EV_SYSCALL_ENTER:
		p_end(w, ev);
		break;
	case EV_STEAL: case EV_PREEMPT_REQ:
		if (ev->p >= 0 && ev->p < w->np)
			instant(w, PID_P, ev->p, ev);
		break;
	case EV_SIGURG: case EV_SIGURG_LOST: case EV_NEWM: case EV_MEXIT:
		if (ev->m >= 0)
			instant(w, PID_M, ev->m, ev);
		break;
	case EV_THROTTLE: case EV_UNTHROTTLE: case EV_DEADLOCK: case EV_FATAL:
	case EV_EXIT: case EV_HORIZON:
		instant(w, PID_RT, -1, ev);
		break;
	default:
		break;
	}
}

/* drain reads every event emitted since the last call (up to until). */
static void drain(tw *w)
{
	uint64_t total = engine_event_total(w->e);
	if (total - w->seq > GMP_EVENT_RING) {
		w->lost += total - GMP_EVENT_RING - w->seq;
		w->seq = total - GMP_EVENT_RING;
	}
	for (; w->seq < total; w->seq++) {
		const gmp_event *ev = engine_event_get(w->e, w->seq);
		if (!ev || (w->until >= 0 && ev->t > w->until))
			continue;
		take_event(w, ev);
	}
}

/* reconcile closes runs the events did not end (a P whose M went away). */
static void reconcile(tw *w, int64_t t)
{
	for (int p = 0; p < w->np; p++) {
		if (w->ps[p].g < 0)
			continue;
		gmp_pview pv;
		engine_p_view(w->e, p, &pv);
		if (pv.curg != w->ps[p].g)
			p_close(w, p, t, "descheduled");
	}
}

static void trace_body(tw *w, const char *title)
{
	meta(w, PID_P, 0, "process_name", "Ps", 1);
	meta(w, PID_M, 0, "process_name", "Ms", 2);
	meta(w, PID_RT, 0, "process_name", "runtime", 3);
	for (int p = 0; p < w->np; p++) {
		char name[16];
		snprintf(name, sizeof name, "P%d", p);
		meta(w, PID_P, p, "thread_name", name, p);
	}
	(void)title;
}

int record_trace_json(FILE *fp, const gmp_variant *v, int64_t until, const char *title,
                      char *gaveup)
{
	tw w;
	gaveup[0] = '\0';
	memset(&w, 0, sizeof w);
	w.fp = fp;
	w.until = until;
	w.first = true;
	w.goroutines = w.threads = -1;
	w.e = engine_new(&v->prog, &v->cfg);
	if (!w.e)
		return -1;
	w.prog = engine_program(w.e);
	w.np = engine_nprocs(w.e);
	w.ps = malloc((size_t)(w.np > 0 ? w.np : 1) * sizeof *w.ps);
	int rc = -1;
	if (!w.ps)
		goto out;
	for (int p = 0; p < w.np; p++)
		w.ps[p].g = -1;
	fputs("{\"traceEvents\":[", fp);
	trace_body(&w, title);
	if (sample_ms(&w, 0) < 0)
		goto out;
	int64_t end = 0;
	for (;;) {
		drain(&w);
		int64_t now = engine_now(w.e);
		if (until >= 0 && now > until)
			now = until;
		reconcile(&w, now);
		if (sample_ms(&w, now) < 0)
			goto out;
		end = now;
		if (engine_runstate(w.e) != RUN_RUNNING || (until >= 0 && engine_now(w.e) >= until))
			break;
		uint64_t before = engine_event_total(w.e);
		engine_step(w.e, ~0ULL);
		if (engine_event_total(w.e) == before && engine_runstate(w.e) == RUN_RUNNING)
			break; /* nothing left to happen */
	}
	if (until >= 0)
		end = until;
	for (int p = 0; p < w.np; p++)
		p_close(&w, p, end, "end of recording");
	for (int m = 0; m < w.nm; m++)
		m_close(&w, m, end);
	fputs("\n],\"displayTimeUnit\":\"ns\",\"otherData\":{\"title\":", fp);
	put_str(&w, title);
	fprintf(fp, ",\"generator\":\"gmpscope %s\",\"events_lost\":%" PRIu64 "}}\n",
	        GMPSCOPE_VERSION, w.lost);
	rc = ferror(fp) || w.sb.oom ? -1 : 0;
	if (engine_runstate(w.e) == RUN_GAVEUP)
		snprintf(gaveup, RECORD_ERR, "%s", engine_gave_up(w.e));
out:
	free(w.ps);
	free(w.ms);
	cast_buf_free(&w.sb);
	engine_free(w.e);
	return rc;
}
