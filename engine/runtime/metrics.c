/*
 * metrics.c — the figures `expect` clauses check and sparklines draw.
 *
 * Every metric is measured by the engine from what the program did; programs
 * cannot set one. Units: durations in virtual ns, memory in bytes, shares in
 * per cent (0..100), rates per virtual second. See engine_metric_docs().
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sched.h"

static const gmp_metricdoc docs[] = {
	{ "goroutines", "live goroutines (at the end of the run)" },
	{ "goroutines_peak", "most goroutines alive at once" },
	{ "threads", "live OS threads (Ms), incl. sysmon and the template thread" },
	{ "threads_peak", "most threads alive at once" },
	{ "threads_created", "OS threads ever created (newm)" },
	{ "threads_exited", "threads that exited (a goroutine ended while locked to them)" },
	{ "runnable", "goroutines waiting in run queues" },
	{ "globrunq", "goroutines in the global run queue" },
	{ "steals", "successful work steals between Ps" },
	{ "stolen", "goroutines moved by steals" },
	{ "handoffs", "times a P was handed off (handoffp)" },
	{ "retakes", "Ps sysmon took from goroutines in syscalls" },
	{ "overflows", "local run queue overflows to the global queue" },
	{ "gosched_calls", "runtime.Gosched calls" },
	{ "preempt_requests", "preemption requests by sysmon (preemptone)" },
	{ "preempt_ignored", "preemption requests never honoured" },
	{ "preempted", "goroutines actually preempted" },
	{ "preempt_signals", "SIGURGs sent for async preemption" },
	{ "preempt_signals_lost", "SIGURGs after which no preemption followed (foreign handler, unsafe point)" },
	{ "reordered", "receives whose item was sent before one already received" },
	{ "starved_max", "longest time a runnable goroutine waited to run (ns)" },
	{ "cpu_util", "CPU used, % of all CPUs over the run" },
	{ "cpu_wasted", "CPU spent polling or spinning without progress, % of all CPUs" },
	{ "sched_overhead", "CPU spent in runtime operations, % of the CPU used" },
	{ "timers", "timers in the P heaps" },
	{ "timers_peak", "most timers in the heaps at once" },
	{ "stack_bytes", "goroutine stack memory held (live + not yet collected)" },
	{ "stack_bytes_peak", "most stack memory held at once" },
	{ "heap_bytes", "heap memory held (allocations not yet collected)" },
	{ "heap_peak", "most heap memory held at once" },
	{ "allocs", "runtime allocations (goroutines, timers, channels, explicit)" },
	{ "gc_cycles", "bookkeeping GC cycles run" },
	{ "deadlock", "1 when the runtime reported a deadlock" },
	{ "fatal", "1 when the program died of a fatal error (message matched with ~)" },
	{ "exit_code", "the process exit status (2 after a fatal error)" },
	{ "hung", "1 when the run reached its horizon without exiting" },
	{ "leaked_at_exit", "goroutines still alive when the program ended" },
	{ "races", "data races reported by the race detector" },
	{ "tls_mismatch", "thread-local checks that found another thread's value" },
	{ "tls_checks", "thread-local checks made" },
	{ "throttled_periods", "cgroup periods in which the quota ran out" },
	{ "spawns", "goroutines created" },
	{ "syscalls", "blocking syscalls made" },
	{ "cgocalls", "cgo calls made" },
	{ "gomaxprocs", "GOMAXPROCS in effect" },
	{ "elapsed", "virtual time when the run ended (ns)" },
	{ "counter.NAME", "final value of variable, counter or WaitGroup NAME" },
	{ "completed.NAME", "times the program counted NAME" },
	{ "last.NAME", "virtual time of the last count of NAME (ns; 0 if never)" },
	{ "rate.NAME", "completed.NAME per virtual second" },
	{ "latency_p99.NAME", "99th percentile of latency probe NAME (ns)" },
	{ "sendq_peak.NAME", "most goroutines parked sending on channel NAME" },
};

const gmp_metricdoc *engine_metric_docs(int *n)
{
	*n = (int)(sizeof docs / sizeof docs[0]);
	return docs;
}

static const char *prefixes[] = { "counter.", "completed.", "last.", "rate.", "latency_p99.", "sendq_peak." };

bool engine_metric_known(const char *name)
{
	int n;
	const gmp_metricdoc *d = engine_metric_docs(&n);
	for (int i = 0; i < n; i++)
		if (!strchr(d[i].name, '.') && strcmp(d[i].name, name) == 0)
			return true;
	for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
		size_t l = strlen(prefixes[i]);
		if (strncmp(name, prefixes[i], l) == 0 && name[l] != '\0')
			return true;
	}
	return false;
}

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

static double capacity(const gmp_engine *e)
{
	int64_t t = e->state == RUN_RUNNING ? e->now : e->mt.end_time;
	return (double)t * (double)e->cfg.ncpu;
}

static int64_t starved_now(const gmp_engine *e)
{
	int64_t best = e->mt.starved_max;
	int64_t now = e->state == RUN_RUNNING ? e->now : e->mt.end_time;
	for (int i = 0; i < e->gs.n; i++) {
		const g_t *gp = G(e, i);
		if (gp->status == G_RUNNABLE && gp->runnable_since >= 0 && now - gp->runnable_since > best)
			best = now - gp->runnable_since;
	}
	return best;
}

bool engine_metric(const gmp_engine *e, const char *name, double *out)
{
	/* the one metric that scans the goroutines: only when asked for */
	if (strcmp(name, "starved_max") == 0) {
		*out = (double)starved_now(e);
		return true;
	}
	const metrics_t *m = &e->mt;
	const gmp_program *pg = e->prog;
	struct { const char *n; double v; } t[] = {
		{ "goroutines", e->nlive },
		{ "goroutines_peak", (double)m->goroutines_peak },
		{ "threads", e->mcount },
		{ "threads_peak", (double)m->threads_peak },
		{ "threads_created", (double)m->threads_created },
		{ "threads_exited", (double)m->threads_exited },
		{ "runnable", e->gcount[G_RUNNABLE] },
		{ "globrunq", e->runqsize },
		{ "steals", (double)m->steals },
		{ "stolen", (double)m->stolen },
		{ "handoffs", (double)m->handoffs },
		{ "retakes", (double)m->retakes },
		{ "overflows", (double)m->overflows },
		{ "gosched_calls", (double)m->gosched_calls },
		{ "preempt_requests", (double)m->preempt_requests },
		{ "preempt_ignored", (double)(m->preempt_requests - m->preempted) },
		{ "preempted", (double)m->preempted },
		{ "preempt_signals", (double)m->preempt_signals },
		{ "preempt_signals_lost", (double)m->preempt_signals_lost },
		{ "reordered", (double)m->reordered },
		{ "cpu_util", 100.0 * (double)m->cpu_busy_ns / capacity(e) },
		{ "cpu_wasted", 100.0 * (double)m->cpu_wasted_ns / capacity(e) },
		{ "sched_overhead", m->cpu_busy_ns ? 100.0 * (double)m->sched_ns / (double)m->cpu_busy_ns : 0 },
		{ "timers", e->ntimers_live },
		{ "timers_peak", (double)m->timers_peak },
		{ "stack_bytes", (double)(e->stack_bytes + e->stack_garbage) },
		{ "stack_bytes_peak", (double)m->stack_bytes_peak },
		{ "heap_bytes", (double)m->heap_bytes },
		{ "heap_peak", (double)m->heap_peak },
		{ "allocs", (double)m->allocs },
		{ "gc_cycles", (double)m->gc_cycles },
		{ "deadlock", (double)m->deadlock },
		{ "fatal", e->state == RUN_FATAL },
		{ "exit_code", e->exit_code },
		{ "hung", e->state == RUN_HORIZON },
		{ "leaked_at_exit", (double)m->leaked_at_exit },
		{ "races", (double)m->races },
		{ "tls_mismatch", (double)m->tls_mismatch },
		{ "tls_checks", (double)m->tls_checks },
		{ "throttled_periods", (double)m->throttled_periods },
		{ "spawns", (double)m->spawns },
		{ "syscalls", (double)m->syscalls },
		{ "cgocalls", (double)m->cgocalls },
		{ "gomaxprocs", e->gomaxprocs },
		{ "elapsed", (double)(e->state == RUN_RUNNING ? e->now : m->end_time) },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (strcmp(t[i].n, name) == 0) {
			*out = t[i].v;
			return true;
		}
	const char *dot = strchr(name, '.');
	if (!dot)
		return false;
	const char *arg = dot + 1;
	size_t pl = (size_t)(dot - name);
	int k;
	if (pl == 7 && strncmp(name, "counter", 7) == 0) {
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
	if (pl == 4 && strncmp(name, "last", 4) == 0) {
		if ((k = find_name(pg->counters, pg->ncounters, arg)) < 0)
			return false;
		*out = (double)e->counter_last[k];
		return true;
	}
	if ((pl == 9 && strncmp(name, "completed", 9) == 0) || (pl == 4 && strncmp(name, "rate", 4) == 0)) {
		if ((k = find_name(pg->counters, pg->ncounters, arg)) < 0)
			return false;
		*out = (double)e->counters[k];
		if (pl == 4)
			*out /= elapsed_s(e);
		return true;
	}
	if (pl == 11 && strncmp(name, "latency_p99", 11) == 0) {
		if ((k = find_name(pg->probes, pg->nprobes, arg)) < 0)
			return false;
		*out = (double)histo_quantile(&e->probes[k], 0.99);
		return true;
	}
	if (pl == 10 && strncmp(name, "sendq_peak", 10) == 0) {
		for (k = 0; k < pg->nchans; k++)
			if (strcmp(pg->chans[k].name, arg) == 0) {
				*out = e->chans[k].sendq_peak;
				return true;
			}
		return false;
	}
	return false;
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
