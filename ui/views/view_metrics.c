/*
 * view_metrics.c — the Metrics panel: one sparkline per series over the
 * whole run so far (engine_series), with the current value.
 *
 * A sparkline squeezes all samples into its width, taking the largest sample
 * of each bucket, so growth (threads created, goroutines) shows as a slope.
 * Series that stay at zero give their row to the others when rows run short.
 * The number beside a sparkline is the value now (engine_metric), so that it
 * agrees with the other panels while paused or stepping, when the latest
 * sample may be a whole interval old; only the CPU rows, which are rates over
 * a sample interval, show the latest sample. Cumulative counters flash when
 * they changed since the sample before. Both CPU rows are shares of the
 * machine's CPUs (cpus), the base `gmpscope metrics` states; under a cgroup
 * quota the quota's share follows ("45% q 90%").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view_priv.h"

typedef struct series_row {
	int series;
	char label[40];
	char metric[48];  /* engine_metric name of the value now, "" = the latest sample */
	gmp_unit unit;    /* the metric's (engine_metric_find): how to scale and show it */
	bool cumulative;  /* only grows: flash on change */
} series_row;

/* each series with the metric it samples; a rate over a sample interval
 * (the CPU rows) shows its latest sample, not the metric now */
typedef struct base_series {
	int series;          /* gmp_series */
	const char *label;   /* shown left of the sparkline */
	const char *metric;  /* the engine metric it samples */
	bool latest;         /* show the latest sample, not the metric now */
	bool cum;            /* cumulative: flash on change */
} base_series;

static const base_series base[] = {
	{SER_GOROUTINES, "goroutines", "goroutines", false, false},
	{SER_THREADS, "threads live", "threads", false, false},
	{SER_THREADS_CREATED, "threads created", "threads_created", false, true},
	{SER_THREADS_EXITED, "threads exited", "threads_exited", false, true},
	{SER_RUNNABLE, "runnable", "runnable", false, false},
	{SER_CPU_UTIL, "CPU busy", "cpu_util", true, false},
	{SER_CPU_WASTED, "CPU wasted", "cpu_wasted", true, false},
	{SER_GLOBRUNQ, "global runq", "globrunq", false, false},
	{SER_TIMERS, "timers", "timers", false, false},
	{SER_STACK_BYTES, "stacks", "stack_bytes", false, false},
};

/* base_row fills row from a base series; units come from the engine's table. */
static void base_row(series_row *row, const base_series *b)
{
	const gmp_metricdoc *d = engine_metric_find(b->metric);
	row->series = b->series;
	snprintf(row->label, sizeof row->label, "%s", b->label);
	snprintf(row->metric, sizeof row->metric, "%s", b->latest ? "" : b->metric);
	row->unit = d ? d->unit : UNIT_NONE;
	row->cumulative = b->cum;
}

static void put_spark(canvas *c, int x, int y, int w, const double *v, int n, gmp_unit unit)
{
	bool percent = unit == UNIT_PCT;   /* 0..100: full scale is 100 */
	if (w <= 0)
		return;
	double max = percent ? 100.0 : 0;
	double b[512];
	if (w > 512)
		w = 512;
	/* bucket samples into w columns; the newest sample is in the last column */
	int cols = n < w ? n : w;
	for (int i = 0; i < cols; i++) {
		int lo = (int)((long long)i * n / cols), hi = (int)((long long)(i + 1) * n / cols);
		double m = v[lo];
		for (int k = lo + 1; k < hi; k++)
			if (v[k] > m)
				m = v[k];
		b[i] = m;
		if (!percent && m > max)
			max = m;
	}
	int x0 = x + (w - cols);
	for (int i = 0; i < w - cols; i++)
		canvas_put(c, x + i, y, ' ', ROLE_DIM);
	for (int i = 0; i < cols; i++) {
		int level = max > 0 ? (int)(b[i] / max * 8.0 + 0.999) : 0;
		if (level > 8)
			level = 8;
		if (level <= 0)
			canvas_put(c, x0 + i, y, 0x2581, ROLE_DIM);
		else
			canvas_put(c, x0 + i, y, 0x2580 + (uint32_t)level, ROLE_SPARK);
	}
}

/* quota_cpus is the cgroup quota in CPUs (quota / period), 0 without one. */
static double quota_cpus(const gmp_config *cfg)
{
	return cfg && cfg->quota_ns > 0 && cfg->period_ns > 0 ? (double)cfg->quota_ns / (double)cfg->period_ns : 0;
}

/* is_cpu_share: the rows whose base is the machine's CPUs (cpu_util,
 * cpu_wasted), beside which a quota's share is shown. */
static bool is_cpu_share(const series_row *sr)
{
	return sr->series == SER_CPU_UTIL || sr->series == SER_CPU_WASTED;
}

static const char *fmt_value(double v, const series_row *sr, char *buf, size_t len)
{
	if (sr->unit == UNIT_PCT)
		snprintf(buf, len, "%.0f%%", v);
	else if (sr->unit == UNIT_BYTES) {
		if (v >= 1024.0 * 1024 * 1024)
			snprintf(buf, len, "%.1fGiB", v / (1024.0 * 1024 * 1024));
		else if (v >= 1024.0 * 1024)
			snprintf(buf, len, "%.1fMiB", v / (1024.0 * 1024));
		else if (v >= 1024.0)
			snprintf(buf, len, "%.0fKiB", v / 1024.0);
		else
			snprintf(buf, len, "%.0fB", v);
	} else
		view_fmt_count(v, buf, len);
	return buf;
}

void view_metrics(canvas *c, lrect r, const appstate *st)
{
	char title[64], ib[24];
	snprintf(title, sizeof title, "Metrics (one sample every %s)",
	         view_fmt_dur(engine_series_interval(st->eng), ib, sizeof ib));
	view_frame(c, r, title, st->focus == PANEL_METRICS);
	const gmp_program *prog = engine_program(st->eng);
	int ncnt = prog ? prog->ncounters : 0;
	int nrows = (int)(sizeof base / sizeof base[0]) + ncnt;
	series_row *rows = calloc((size_t)nrows, sizeof *rows);
	double *v = malloc(sizeof(double) * GMP_SERIES_MAX);
	int *nv = calloc((size_t)nrows, sizeof *nv);
	bool *flat0 = calloc((size_t)nrows, sizeof *flat0);
	if (!rows || !v || !nv || !flat0)
		goto out;
	/* canonical order: the base series up to CPU wasted, the program's
	 * counters, then the rest */
	int k = 0;
	for (int i = 0; i < 7; i++, k++)
		base_row(&rows[k], &base[i]);
	for (int i = 0; i < ncnt; i++, k++) {
		rows[k].series = SER_COUNTER0 + i;
		snprintf(rows[k].label, sizeof rows[k].label, "%s", prog->counters[i]);
		snprintf(rows[k].metric, sizeof rows[k].metric, "completed.%s", prog->counters[i]);
		rows[k].cumulative = true;
	}
	for (int i = 7; i < (int)(sizeof base / sizeof base[0]); i++, k++)
		base_row(&rows[k], &base[i]);
	/* the scenario's symptoms lead, highlighted; not while a quiz question
	 * is open, where naming the symptom would give the answer away */
	bool hide = st->quiz && st->quiz->phase < QUIZ_REVEAL;
	int y = hide ? r.y + 1 : view_symptom_rows(c, r.x + 2, r.y + 1, r.x + r.w - 2, r.y + r.h - 1, st);
	int room = r.y + r.h - 1 - y;
	for (int i = 0; i < nrows; i++) {
		int n = engine_series(st->eng, rows[i].series, v, GMP_SERIES_MAX);
		nv[i] = n;
		bool z = true;
		for (int j = 0; j < n && z; j++)
			z = v[j] == 0;
		double now;
		if (z && rows[i].metric[0] && engine_metric(st->eng, rows[i].metric, &now))
			z = now == 0;
		flat0[i] = z;
	}
	int drop = nrows - room; /* rows to drop: all-zero ones first, from the end */
	bool *skip = calloc((size_t)nrows, sizeof *skip);
	if (!skip)
		goto out;
	for (int i = nrows - 1; i >= 0 && drop > 0; i--)
		if (flat0[i]) {
			skip[i] = true;
			drop--;
		}
	int ymax = r.y + r.h - 1, x0 = r.x + 2, xmax = r.x + r.w - 2;
	int lw = 0;
	for (int i = 0; i < nrows; i++)
		if (!skip[i] && utf8_width(rows[i].label) > lw)
			lw = utf8_width(rows[i].label);
	if (lw > (xmax - x0) * 2 / 5 && lw > 15)
		lw = (xmax - x0) * 2 / 5 > 15 ? (xmax - x0) * 2 / 5 : 15;
	/* CPU rows are % of the machine's CPUs; under a quota, its share too:
	 * "45% q 90%" (45% of 2 CPUs is 90% of a 1-CPU quota) */
	const gmp_config *cfg = engine_config(st->eng);
	double qcpus = quota_cpus(cfg);
	int valw = qcpus > 0 ? 12 : 8;
	int sw = xmax - x0 - lw - valw - 2;
	for (int i = 0; i < nrows && y < ymax; i++) {
		if (skip[i])
			continue;
		int n = engine_series(st->eng, rows[i].series, v, GMP_SERIES_MAX);
		view_put(c, x0, y, x0 + lw, rows[i].label, ROLE_DEFAULT);
		put_spark(c, x0 + lw + 1, y, sw, v, n, rows[i].unit);
		double now = 0;
		bool live = rows[i].metric[0] && engine_metric(st->eng, rows[i].metric, &now);
		if (live || n > 0) {
			char vb[24];
			double prev = n > 0 ? v[n - 1] : 0;
			bool changed = rows[i].cumulative &&
			               (live ? now != prev : n >= 2 && v[n - 1] != v[n - 2]);
			double shown = live ? now : v[n - 1];
			fmt_value(shown, &rows[i], vb, sizeof vb);
			if (qcpus > 0 && is_cpu_share(&rows[i])) {
				size_t l = strlen(vb);
				snprintf(vb + l, sizeof vb - l, " q %.0f%%", shown * cfg->ncpu / qcpus);
			}
			int vx = xmax - utf8_width(vb);
			view_put(c, vx, y, xmax, vb, changed ? ROLE_HIGHLIGHT : ROLE_TITLE);
		}
		y++;
	}
	free(skip);
out:
	free(rows);
	free(v);
	free(nv);
	free(flat0);
}
