/*
 * metrics.c — the figures `expect` clauses check and sparklines draw.
 *
 * Every metric is measured by the engine from what the program did; programs
 * cannot set one. Units: durations in virtual ns, memory in bytes, shares in
 * per cent (0..100), rates per virtual second. Every metric is one row of
 * defs[] below: its name, meaning, unit and how it is read.
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"
#include "sched.h"
#include "cpu.h"
#include "event_heap.h"

/* histogram: 16 linear sub-buckets per power of two */
static int hbucket(int64_t v)
{
	if (v < 16)
		return v < 0 ? 0 : (int)v;
	int lg = 63 - __builtin_clzll((unsigned long long)v);
	int sub = (int)((v >> (lg - 4)) & 15);
	int b = (lg - 3) * 16 + sub;
	return b < 64 * 16 ? b : 64 * 16 - 1;
}

static int64_t hvalue(int b)
{
	if (b < 16)
		return b;
	int lg = b / 16 + 3;
	int sub = b % 16;
	return ((int64_t)(16 + sub) << (lg - 4)) + ((int64_t)1 << (lg - 4)) / 2;
}

void histo_add(histo_t *h, int64_t v)
{
	h->b[hbucket(v)]++;
	if (h->n == 0 || v > h->max)
		h->max = v;
	h->n++;
}

int64_t histo_quantile(const histo_t *h, double q)
{
	if (h->n == 0)
		return 0;
	uint64_t want = (uint64_t)ceil(q * (double)h->n);
	if (want == 0)
		want = 1;
	uint64_t acc = 0;
	for (int b = 0; b < 64 * 16; b++) {
		acc += h->b[b];
		if (acc >= want)
			return hvalue(b);
	}
	return hvalue(64 * 16 - 1);
}

/* --- built-in metrics: how each is read -------------------------------- */

static double now_or_end(const gmp_engine *e)
{
	return (double)(e->state == RUN_RUNNING ? e->now : e->mt.end_time);
}

static double capacity(const gmp_engine *e)
{
	int64_t t = e->state == RUN_RUNNING ? e->now : e->mt.end_time;
	return (double)t * (double)e->cfg.ncpu;
}

/* cpu_busy is the CPU used so far: what cpu_account charged, plus, while the
 * run goes on, what the threads on a CPU used since (a read between two
 * charges must not lag behind the clock). */
static double cpu_busy(const gmp_engine *e)
{
	int64_t b = e->mt.cpu_busy_ns;
	if (e->state == RUN_RUNNING && e->now > e->quota_mark)
		b += (e->now - e->quota_mark) * e->noncpu;
	return (double)b;
}

/* starved_now is the one metric that scans the goroutines: a runnable G that
 * has not run yet counts with its wait so far. */
static double starved_now(const gmp_engine *e)
{
	int64_t best = e->mt.starved_max;
	int64_t now = e->state == RUN_RUNNING ? e->now : e->mt.end_time;
	for (int i = 0; i < e->gs.n; i++) {
		const g_t *gp = G(e, i);
		if (gp->status == G_RUNNABLE && gp->runnable_since >= 0 && now - gp->runnable_since > best)
			best = now - gp->runnable_since;
	}
	return (double)best;
}

static double goroutines(const gmp_engine *e) { return e->nlive; }
static double threads(const gmp_engine *e) { return e->mcount; }
static double runnable(const gmp_engine *e) { return e->gcount[G_RUNNABLE]; }
static double globrunq(const gmp_engine *e) { return e->runqsize; }
static double preempt_ignored(const gmp_engine *e)
{
	return (double)(e->mt.preempt_requests - e->mt.preempted);
}
static double cpu_util(const gmp_engine *e) { return 100.0 * cpu_busy(e) / capacity(e); }
static double cpu_wasted(const gmp_engine *e) { return 100.0 * (double)e->mt.cpu_wasted_ns / capacity(e); }
static double sched_overhead(const gmp_engine *e)
{
	double b = cpu_busy(e);
	return b > 0 ? 100.0 * (double)e->mt.sched_ns / b : 0;
}
static double cgo_overhead(const gmp_engine *e)
{
	double b = cpu_busy(e);
	return b > 0 ? 100.0 * (double)e->mt.cgo_ns / b : 0;
}
static double throttled_time(const gmp_engine *e)
{
	double t = (double)e->mt.throttled_ns;
	if (e->throttled) /* the period under way, to now or to the end */
		t += now_or_end(e) - (double)e->throttled_at;
	return t;
}
static double timers(const gmp_engine *e) { return e->ntimers_live; }
static double stack_bytes(const gmp_engine *e) { return (double)(e->stack_bytes + e->stack_garbage); }
static double fatal(const gmp_engine *e) { return e->state == RUN_FATAL; }
static double exit_code(const gmp_engine *e) { return e->exit_code; }
static double hung(const gmp_engine *e) { return e->state == RUN_HORIZON; }
static double gomaxprocs(const gmp_engine *e) { return e->gomaxprocs; }

/* progress_last is the program's latest progress: the latest count of any
 * of its counters (0 if none). */
static double progress_last(const gmp_engine *e)
{
	int64_t t = 0;
	for (int k = 0; k < e->prog->ncounters; k++)
		if (e->counter_last[k] > t)
			t = e->counter_last[k];
	return (double)t;
}
/* stalled: a run of ops is executed at once, its counts stamped with the
 * times the ops end, so the latest may lie ahead of the clock: 0 then. */
static double stalled(const gmp_engine *e)
{
	double d = now_or_end(e) - progress_last(e);
	return d > 0 ? d : 0;
}
static double deadlock_at(const gmp_engine *e) { return e->mt.deadlock ? (double)e->mt.end_time : 0; }

/* --- metric families: NAME is a program object ----------------------------- */

static int find_name(char **names, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

static double elapsed_s(const gmp_engine *e)
{
	int64_t t = e->state == RUN_RUNNING ? e->now : e->mt.end_time;
	return t > 0 ? (double)t / 1e9 : 1e-9;
}

/* counter_of reads a variable, a counter or a WaitGroup's counter. */
static bool counter_of(const gmp_engine *e, const char *arg, double *out)
{
	const gmp_program *pg = e->prog;
	int k;
	if ((k = find_name(pg->vars, pg->nvars, arg)) >= 0) {
		*out = (double)e->vars[k];
		return true;
	}
	if ((k = find_name(pg->counters, pg->ncounters, arg)) >= 0) {
		*out = (double)e->counters[k];
		return true;
	}
	if ((k = find_name(pg->waitgroups, pg->nwaitgroups, arg)) >= 0) {
		*out = (double)e->wgs[k].counter;
		return true;
	}
	return false;
}

static bool completed(const gmp_engine *e, const char *arg, double *out)
{
	int k = find_name(e->prog->counters, e->prog->ncounters, arg);
	if (k < 0)
		return false;
	*out = (double)e->counters[k];
	return true;
}

static bool last(const gmp_engine *e, const char *arg, double *out)
{
	int k = find_name(e->prog->counters, e->prog->ncounters, arg);
	if (k < 0)
		return false;
	*out = (double)e->counter_last[k];
	return true;
}

static bool rate(const gmp_engine *e, const char *arg, double *out)
{
	if (!completed(e, arg, out))
		return false;
	*out /= elapsed_s(e);
	return true;
}

/* probe_of is probe arg's histogram, NULL for an unknown name. Quantiles
 * are nearest-rank (the ceil(q * n)-th smallest sample), reported as the
 * middle of its bucket (16 per power of two: within 3.2%). */
static const histo_t *probe_of(const gmp_engine *e, const char *arg)
{
	int k = find_name(e->prog->probes, e->prog->nprobes, arg);
	return k < 0 ? NULL : &e->probes[k];
}

static bool latency_p99(const gmp_engine *e, const char *arg, double *out)
{
	const histo_t *h = probe_of(e, arg);
	if (h)
		*out = (double)histo_quantile(h, 0.99);
	return h != NULL;
}

static bool latency_p50(const gmp_engine *e, const char *arg, double *out)
{
	const histo_t *h = probe_of(e, arg);
	if (h)
		*out = (double)histo_quantile(h, 0.50);
	return h != NULL;
}

static bool latency_max(const gmp_engine *e, const char *arg, double *out)
{
	const histo_t *h = probe_of(e, arg);
	if (h)
		*out = (double)h->max;
	return h != NULL;
}

static bool samples(const gmp_engine *e, const char *arg, double *out)
{
	const histo_t *h = probe_of(e, arg);
	if (h)
		*out = (double)h->n;
	return h != NULL;
}

static bool sendq_peak(const gmp_engine *e, const char *arg, double *out)
{
	for (int k = 0; k < e->prog->nchans; k++)
		if (strcmp(e->prog->chans[k].name, arg) == 0) {
			*out = e->chans[k].sendq_peak;
			return true;
		}
	return false;
}

/* --- the metric table ---------------------------------------------------- */

/* metric_def is one metric: its public row and how to read it. A row with
 * neither get nor get_arg is a plain counter: the int64_t at `counter` in
 * metrics_t. A family ("rate.NAME") has get_arg, given what follows the dot. */
typedef struct metric_def {
	gmp_metricdoc doc;                                   /* name, meaning, unit */
	size_t counter;                                      /* offsetof(metrics_t, ...) */
	double (*get)(const gmp_engine *e);                  /* a computed built-in */
	bool (*get_arg)(const gmp_engine *e, const char *arg, double *out); /* a family */
} metric_def;

#define COUNTER(field) .counter = offsetof(metrics_t, field)

/* The one list of metric names: `gmpscope metrics` prints it in this order,
 * expect resolves names with it, and scenarios/README.md's table must equal
 * it (tests/metrics_doc.sh). */
static const metric_def defs[] = {
	{ { "goroutines", "live goroutines (now, or at the end of the run)", UNIT_NONE, false }, .get = goroutines },
	{ { "goroutines_peak", "most goroutines alive at once", UNIT_NONE, false }, COUNTER(goroutines_peak) },
	{ { "threads", "live OS threads (Ms), incl. sysmon and the template thread", UNIT_NONE, false }, .get = threads },
	{ { "threads_peak", "most threads alive at once", UNIT_NONE, false }, COUNTER(threads_peak) },
	{ { "threads_created", "OS threads ever created (newm)", UNIT_NONE, false }, COUNTER(threads_created) },
	{ { "threads_exited", "threads that exited (a goroutine ended while locked to them)", UNIT_NONE, false },
	  COUNTER(threads_exited) },
	{ { "threads_wedged", "main threads parked for good: m0 cannot exit (threads = created - exited - wedged)",
	    UNIT_NONE, false }, COUNTER(threads_wedged) },
	{ { "runnable", "goroutines waiting in run queues", UNIT_NONE, false }, .get = runnable },
	{ { "globrunq", "goroutines in the global run queue", UNIT_NONE, false }, .get = globrunq },
	{ { "globrunq_peak", "most goroutines in the global run queue at once", UNIT_NONE, false }, COUNTER(globrunq_peak) },
	{ { "steals", "successful work steals between Ps", UNIT_NONE, false }, COUNTER(steals) },
	{ { "stolen", "goroutines moved by steals", UNIT_NONE, false }, COUNTER(stolen) },
	{ { "handoffs", "times a P was handed off (handoffp)", UNIT_NONE, false }, COUNTER(handoffs) },
	{ { "retakes", "Ps sysmon took from goroutines in syscalls", UNIT_NONE, false }, COUNTER(retakes) },
	{ { "overflows", "local run queue overflows to the global queue", UNIT_NONE, false }, COUNTER(overflows) },
	{ { "gosched_calls", "runtime.Gosched calls", UNIT_NONE, false }, COUNTER(gosched_calls) },
	{ { "preempt_requests", "preemption requests by sysmon (preemptone)", UNIT_NONE, false }, COUNTER(preempt_requests) },
	{ { "preempt_ignored", "preemption requests never honoured", UNIT_NONE, false }, .get = preempt_ignored },
	{ { "preempted", "goroutines actually preempted", UNIT_NONE, false }, COUNTER(preempted) },
	{ { "preempt_signals", "SIGURGs sent for async preemption", UNIT_NONE, false }, COUNTER(preempt_signals) },
	{ { "preempt_signals_lost", "SIGURGs after which no preemption followed (foreign handler, unsafe point)",
	    UNIT_NONE, false }, COUNTER(preempt_signals_lost) },
	{ { "reordered", "receives whose item was sent before one already received", UNIT_NONE, false }, COUNTER(reordered) },
	{ { "starved_max", "longest time a runnable goroutine waited to run (ns)", UNIT_NS, false }, .get = starved_now },
	{ { "cpu_util", "CPU used, % of the machine's CPUs (cpus) over the run; the base of cpu_wasted too", UNIT_PCT, false },
	  .get = cpu_util },
	{ { "cpu_wasted", "CPU of loop turns that polled in vain and did no sync, I/O or blocking, % of the "
	    "machine's CPUs (as cpu_util)", UNIT_PCT, false }, .get = cpu_wasted },
	{ { "sched_overhead", "CPU spent in runtime operations, % of the CPU used", UNIT_PCT, false }, .get = sched_overhead },
	{ { "cgo_overhead", "CPU spent in cgo calls' round trips into C and back (entersyscall/exitsyscall), % of "
	    "the CPU used (part of sched_overhead)", UNIT_PCT, false }, .get = cgo_overhead },
	{ { "timers", "timers in the P heaps", UNIT_NONE, false }, .get = timers },
	{ { "timers_peak", "most timers in the heaps at once", UNIT_NONE, false }, COUNTER(timers_peak) },
	{ { "timer_bytes", "heap memory held by the time.After timers in the heaps", UNIT_BYTES, false }, COUNTER(timer_bytes) },
	{ { "stack_bytes", "goroutine stack memory held (live + not yet collected)", UNIT_BYTES, false }, .get = stack_bytes },
	{ { "stack_bytes_peak", "most stack memory held at once", UNIT_BYTES, false }, COUNTER(stack_bytes_peak) },
	{ { "heap_bytes", "heap memory held (allocations not yet collected)", UNIT_BYTES, false }, COUNTER(heap_bytes) },
	{ { "heap_peak", "most heap memory held at once", UNIT_BYTES, false }, COUNTER(heap_peak) },
	{ { "allocs", "runtime allocations (goroutines, timers, channels, explicit)", UNIT_NONE, false }, COUNTER(allocs) },
	{ { "gc_cycles", "GC cycles completed (mark termination, as NumGC)", UNIT_NONE, false }, COUNTER(gc_cycles) },
	{ { "deadlock", "1 when the runtime reported a deadlock", UNIT_NONE, true }, COUNTER(deadlock) },
	{ { "deadlock_at", "virtual time the runtime reported the deadlock (ns; 0 without one)", UNIT_NS, true },
	  .get = deadlock_at },
	{ { "progress_last", "virtual time of the program's latest progress: its latest count of any counter "
	    "(ns; 0 if none)", UNIT_NS, false }, .get = progress_last },
	{ { "stalled", "time since progress_last, to now or to the end of the run (ns): it grows in a deadlock or "
	    "a livelock", UNIT_NS, false }, .get = stalled },
	{ { "fatal", "1 when the program died of a fatal error (message matched with ~)", UNIT_NONE, true },
	  .get = fatal },
	{ { "exit_code", "the process exit status (2 after a fatal error, 137 when the OOM killer ended it)",
	    UNIT_NONE, true }, .get = exit_code },
	{ { "hung", "1 when the run reached its horizon without exiting", UNIT_NONE, true }, .get = hung },
	{ { "leaked_at_exit", "goroutines still alive when the program ended", UNIT_NONE, true },
	  COUNTER(leaked_at_exit) },
	{ { "races", "data races reported by the race detector", UNIT_NONE, false }, COUNTER(races) },
	{ { "tls_mismatch", "thread-local checks made on another thread than the one the goroutine bound on", UNIT_NONE, false }, COUNTER(tls_mismatch) },
	{ { "tls_checks", "thread-local checks made", UNIT_NONE, false }, COUNTER(tls_checks) },
	{ { "throttled_periods", "cgroup periods in which the quota ran out", UNIT_NONE, false }, COUNTER(throttled_periods) },
	{ { "throttled_time", "time the cgroup quota held every thread off the CPUs (ns)", UNIT_NS, false },
	  .get = throttled_time },
	{ { "spawns", "goroutines created", UNIT_NONE, false }, COUNTER(spawns) },
	{ { "syscalls", "blocking syscalls made", UNIT_NONE, false }, COUNTER(syscalls) },
	{ { "cgocalls", "cgo calls made: each a transition into C and back", UNIT_NONE, false }, COUNTER(cgocalls) },
	{ { "gomaxprocs", "GOMAXPROCS in effect", UNIT_NONE, false }, .get = gomaxprocs },
	{ { "elapsed", "virtual time when the run ended (ns)", UNIT_NS, false }, .get = now_or_end },
	{ { "counter.NAME", "final value of variable, counter or WaitGroup NAME", UNIT_NONE, false }, .get_arg = counter_of },
	{ { "completed.NAME", "times the program counted NAME", UNIT_NONE, false }, .get_arg = completed },
	{ { "last.NAME", "virtual time of the last count of NAME (ns; 0 if never)", UNIT_NS, false }, .get_arg = last },
	{ { "rate.NAME", "completed.NAME per virtual second", UNIT_PER_S, false }, .get_arg = rate },
	{ { "latency_p99.NAME", "99th percentile of latency probe NAME (ns)", UNIT_NS, false }, .get_arg = latency_p99 },
	{ { "latency_p50.NAME", "median of latency probe NAME (ns)", UNIT_NS, false }, .get_arg = latency_p50 },
	{ { "latency_max.NAME", "largest sample of latency probe NAME (ns, exact)", UNIT_NS, false }, .get_arg = latency_max },
	{ { "samples.NAME", "samples taken by latency probe NAME", UNIT_NONE, false }, .get_arg = samples },
	{ { "sendq_peak.NAME", "most goroutines parked sending on channel NAME", UNIT_NONE, false }, .get_arg = sendq_peak },
};

#define NDEFS ((int)(sizeof defs / sizeof defs[0]))

int engine_metric_count(void)
{
	return NDEFS;
}

const gmp_metricdoc *engine_metric_doc(int i)
{
	return i >= 0 && i < NDEFS ? &defs[i].doc : NULL;
}

/* find_def returns name's row and, for a family, sets *arg to the NAME part
 * (non-empty); NULL when no row matches. */
static const metric_def *find_def(const char *name, const char **arg)
{
	for (int i = 0; i < NDEFS; i++) {
		const char *n = defs[i].doc.name;
		if (!defs[i].get_arg) {
			if (strcmp(n, name) == 0)
				return &defs[i];
			continue;
		}
		size_t l = (size_t)(strchr(n, '.') - n) + 1;   /* "rate." */
		if (strncmp(name, n, l) == 0 && name[l] != '\0') {
			*arg = name + l;
			return &defs[i];
		}
	}
	return NULL;
}

const gmp_metricdoc *engine_metric_find(const char *name)
{
	const char *arg = NULL;
	const metric_def *d = find_def(name, &arg);
	return d ? &d->doc : NULL;
}

bool engine_metric(const gmp_engine *e, const char *name, double *out)
{
	const char *arg = NULL;
	const metric_def *d = find_def(name, &arg);
	if (!d)
		return false;
	if (d->doc.at_end && e->state == RUN_RUNNING)
		return false; /* "—" until the run ends */
	if (d->get_arg)
		return d->get_arg(e, arg, out);
	if (d->get)
		*out = d->get(e);
	else
		*out = (double)*(const int64_t *)((const char *)&e->mt + d->counter);
	return true;
}

/* --- sampled series ------------------------------------------------------ */

void metrics_init(gmp_engine *e)
{
	int64_t iv = e->cfg.horizon_ns / SERIES_MAX;
	if (iv < 10 * US)
		iv = 10 * US;
	e->sample_interval = iv;
	e->nseries = NSERIES_BUILTIN + e->prog->ncounters;
	e->series = gmp_xcalloc((size_t)e->nseries * SERIES_MAX, sizeof(double));
	tev_push(e, iv, TE_SAMPLE, -1, 0);
}

/* metrics_sample appends one sample of every series (a ring of SERIES_MAX). */
void metrics_sample(gmp_engine *e)
{
	cpu_account(e);
	double dt = (double)(e->now - e->last_sample_t);
	double cap = dt * e->cfg.ncpu;
	double v[NSERIES_BUILTIN] = {
		e->nlive, e->mcount, e->gcount[G_RUNNABLE],
		cap > 0 ? 100.0 * (double)(e->mt.cpu_busy_ns - e->last_cpu_busy) / cap : 0,
		cap > 0 ? 100.0 * (double)(e->mt.cpu_wasted_ns - e->last_cpu_wasted) / cap : 0,
		(double)e->mt.threads_created, (double)e->mt.threads_exited, e->runqsize,
		(double)(e->stack_bytes + e->stack_garbage), e->ntimers_live,
	};
	int slot;
	if (e->nsamples < SERIES_MAX) {
		slot = (e->sample_head + e->nsamples) % SERIES_MAX;
		e->nsamples++;
	} else {
		slot = e->sample_head;
		e->sample_head = (e->sample_head + 1) % SERIES_MAX;
	}
	for (int s = 0; s < NSERIES_BUILTIN; s++)
		e->series[s * SERIES_MAX + slot] = v[s];
	for (int k = 0; k < e->prog->ncounters; k++)
		e->series[(NSERIES_BUILTIN + k) * SERIES_MAX + slot] = (double)e->counters[k];
	e->last_cpu_busy = e->mt.cpu_busy_ns;
	e->last_cpu_wasted = e->mt.cpu_wasted_ns;
	e->last_sample_t = e->now;
	if (e->mt.heap_bytes > e->mt.heap_peak)
		e->mt.heap_peak = e->mt.heap_bytes;
	tev_push(e, e->now + e->sample_interval, TE_SAMPLE, -1, 0);
}

int engine_series(const gmp_engine *e, int series, double *out, int max)
{
	if (series < 0 || series >= e->nseries)
		return 0;
	int n = e->nsamples < max ? e->nsamples : max;
	int skip = e->nsamples - n;
	for (int i = 0; i < n; i++)
		out[i] = e->series[series * SERIES_MAX + (e->sample_head + skip + i) % SERIES_MAX];
	return n;
}

int64_t engine_series_interval(const gmp_engine *e)
{
	return e->sample_interval;
}
