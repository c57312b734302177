/*
 * engine_fixture.c — see engine_fixture.h.
 *
 * The engine keeps only its last GMP_EVENT_RING events, so the fixture runs
 * it one timestamp at a time (tev_min, an engine-internal from sched.h) and
 * copies the new events after each; an event that left the ring in between
 * is counted in fx_t.lost, so tests that need the whole log can say so.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine_fixture.h"
#include "sched.h"
#include "event_heap.h"

static fx_t *live;   /* fixtures not yet freed, for fx_teardown */

static void *fx_xalloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		abort();
	return q;
}

int fx_try_parse(const char *src, char *err, size_t errlen)
{
	gmp_scenario sc;
	memset(&sc, 0, sizeof sc);
	int r = scenario_parse("t.gmp", src, strlen(src), &sc, err, errlen);
	scenario_free(&sc);
	return r;
}

int fx_bad_parses(const fx_parse_case *cases, size_t n)
{
	int bad = 0;
	for (size_t i = 0; i < n; i++) {
		char err[512];
		int rc = fx_try_parse(cases[i].src, err, sizeof err);
		if (rc != -1 || strcmp(err, cases[i].want) != 0) {
			print_error("case %zu: rc %d\n  got:  %s\n  want: %s\n", i, rc, err, cases[i].want);
			bad++;
		}
	}
	return bad;
}

static fx_t *fx_alloc(void)
{
	fx_t *f = calloc(1, sizeof *f);
	if (!f)
		abort();
	f->next = live;
	live = f;
	return f;
}

fx_t *fx_new_at(const char *src, const char *variant, const char *file, int line)
{
	fx_t *f = fx_alloc();
	char err[512];
	if (scenario_parse("t.gmp", src, strlen(src), &f->sc, err, sizeof err) != 0) {
		print_error("fixture scenario does not parse: %s\n", err);
		_fail(file, line);
	}
	f->variant = scenario_variant(&f->sc, variant);
	if (f->variant < 0) {
		print_error("fixture scenario has no variant '%s'\n", variant);
		_fail(file, line);
	}
	/* A fixture asserts a mechanism's exact figures: it runs the noiseless
	 * machine unless its source says `noise on` (the shipped scenarios run
	 * with noise, the language's default) */
	if (!strstr(src, "\nnoise on") && !strstr(src, "\nnoise      on"))
		for (int i = 0; i < f->sc.nvariants; i++)
			f->sc.variants[i].cfg.noise = false;
	const gmp_variant *v = &f->sc.variants[f->variant];
	f->e = engine_new(&v->prog, &v->cfg);
	fx_sync(f);
	return f;
}

bool fx_release_build(void)
{
	const char *b = getenv("BUILD_DIR");
	if (!b)
		return true;
	size_t n = strlen(b);
	return !(n >= 6 && strcmp(b + n - 6, "/debug") == 0) && !(n >= 4 && strcmp(b + n - 4, "/san") == 0);
}

fx_t *fx_clone(const fx_t *src)
{
	fx_t *f = fx_alloc();
	/* the clone's engine runs src's program, which src's scenario owns:
	 * src must outlive the clone (fx_teardown frees newest first) */
	f->variant = src->variant;
	f->e = engine_clone(src->e);
	f->caplog = src->nlog ? src->nlog : 1;
	f->log = fx_xalloc(NULL, sizeof(gmp_event) * f->caplog);
	memcpy(f->log, src->log, sizeof(gmp_event) * src->nlog);
	f->nlog = src->nlog;
	f->lost = src->lost;
	return f;
}

void fx_free(fx_t *f)
{
	if (!f)
		return;
	for (fx_t **pp = &live; *pp; pp = &(*pp)->next)
		if (*pp == f) {
			*pp = f->next;
			break;
		}
	engine_free(f->e);
	scenario_free(&f->sc);
	free(f->log);
	free(f);
}

int fx_teardown(void **state)
{
	(void)state;
	/* clones point at their source's program: free clones first (they
	 * were allocated later, so they sit nearer the head of the list) */
	while (live)
		fx_free(live);
	return 0;
}

/* --- running ------------------------------------------------------------ */

void fx_sync(fx_t *f)
{
	uint64_t total = engine_event_total(f->e);
	uint64_t from = f->nlog + f->lost;
	for (uint64_t s = from; s < total; s++) {
		const gmp_event *ev = engine_event_get(f->e, s);
		if (!ev) {
			f->lost++;
			continue;
		}
		if (f->nlog == f->caplog) {
			f->caplog = f->caplog ? f->caplog * 2 : 256;
			f->log = fx_xalloc(f->log, sizeof(gmp_event) * f->caplog);
		}
		f->log[f->nlog++] = *ev;
	}
}

void fx_run_until(fx_t *f, int64_t t)
{
	while (engine_runstate(f->e) == RUN_RUNNING) {
		int64_t next = tev_min(f->e);
		if (next > t)
			break;
		engine_run_until(f->e, next);
		fx_sync(f);
	}
	engine_run_until(f->e, t);   /* the clock reaches t */
	fx_sync(f);
}

void fx_run(fx_t *f)
{
	fx_run_until(f, INT64_MAX - 1);
}

void fx_run_noisy(fx_t *f, uint64_t seed)
{
	gmp_variant *v = &f->sc.variants[f->variant];
	gmp_config cfg = v->cfg;
	cfg.noise = true;
	cfg.seed = seed;
	engine_free(f->e);
	f->e = engine_new(&v->prog, &cfg);
	assert_non_null(f->e);
	engine_run(f->e);
}

bool fx_step(fx_t *f, uint64_t mask)
{
	if (engine_runstate(f->e) != RUN_RUNNING)
		return false;
	engine_step(f->e, mask);
	fx_sync(f);
	return engine_runstate(f->e) == RUN_RUNNING;
}

const gmp_event *fx_run_until_kind(fx_t *f, gmp_evkind k)
{
	size_t from = f->nlog;
	for (;;) {
		for (size_t i = from; i < f->nlog; i++)
			if (f->log[i].kind == k)
				return &f->log[i];
		from = f->nlog;
		if (engine_runstate(f->e) != RUN_RUNNING)
			return NULL;
		int64_t next = tev_min(f->e);
		if (next == INT64_MAX)
			return NULL;
		engine_run_until(f->e, next);
		fx_sync(f);
	}
}

/* --- events ------------------------------------------------------------- */

int fx_count(const fx_t *f, gmp_evkind k)
{
	int n = 0;
	for (size_t i = 0; i < f->nlog; i++)
		n += f->log[i].kind == k;
	return n;
}

int fx_count_g(const fx_t *f, gmp_evkind k, int goid)
{
	int n = 0;
	for (size_t i = 0; i < f->nlog; i++)
		n += f->log[i].kind == k && f->log[i].g == goid;
	return n;
}

const gmp_event *fx_find(const fx_t *f, gmp_evkind k, int nth)
{
	for (size_t i = 0; i < f->nlog; i++)
		if (f->log[i].kind == k && nth-- == 0)
			return &f->log[i];
	return NULL;
}

const gmp_event *fx_find_g(const fx_t *f, gmp_evkind k, int goid, int nth)
{
	for (size_t i = 0; i < f->nlog; i++)
		if (f->log[i].kind == k && f->log[i].g == goid && nth-- == 0)
			return &f->log[i];
	return NULL;
}

const gmp_event *fx_find_after(const fx_t *f, gmp_evkind k, uint64_t after)
{
	for (size_t i = 0; i < f->nlog; i++)
		if (f->log[i].kind == k && f->log[i].seq > after)
			return &f->log[i];
	return NULL;
}

void fx_dump(const fx_t *f, int max)
{
	for (size_t i = 0; i < f->nlog && (max < 0 || (int)i < max); i++) {
		const gmp_event *ev = &f->log[i];
		if (ev->kind == EV_SYSMON)
			continue;
		fprintf(stderr, "%6llu t=%-10lld %-15s p=%-2d m=%-2d g=%-3d p2=%-2d n=%-3d %s\n",
		        (unsigned long long)ev->seq, (long long)ev->t, event_kind_name((gmp_evkind)ev->kind),
		        ev->p, ev->m, ev->g, ev->p2, ev->n, ev->caption);
	}
}

/* --- state -------------------------------------------------------------- */

gmp_pview fx_p(const fx_t *f, int p)
{
	gmp_pview v;
	engine_p_view(f->e, p, &v);
	return v;
}

gmp_mview fx_m(const fx_t *f, int m)
{
	gmp_mview v;
	engine_m_view(f->e, m, &v);
	return v;
}

bool fx_g(const fx_t *f, int goid, gmp_gview *out)
{
	int cur = 0, g;
	while ((g = engine_g_alive_next(f->e, &cur)) >= 0) {
		gmp_gview v;
		if (engine_g_view(f->e, g, &v) && v.id == goid) {
			*out = v;
			return true;
		}
	}
	return false;
}

double fx_metric(const fx_t *f, const char *name)
{
	double v = 0;
	if (!engine_metric(f->e, name, &v)) {
		print_error("unknown metric '%s'\n", name);
		fail();
	}
	return v;
}

int fx_globrunq(const fx_t *f, int *goids, int max)
{
	return engine_globrunq_peek(f->e, goids, max);
}

/* --- assertions ----------------------------------------------------------- */

void fx_assert_int(long long got, long long want, const char *what, const char *file, int line)
{
	if (got == want)
		return;
	print_error("%s is %lld, expected %lld\n", what, got, want);
	_fail(file, line);
}

void fx_assert_range(long long got, long long lo, long long hi, const char *what, const char *file, int line)
{
	if (got >= lo && got <= hi)
		return;
	print_error("%s is %lld, expected %lld..%lld\n", what, got, lo, hi);
	_fail(file, line);
}

void fx_assert_str(const char *got, const char *want, const char *what, const char *file, int line)
{
	if (got && want && strcmp(got, want) == 0)
		return;
	print_error("%s is \"%s\", expected \"%s\"\n", what, got ? got : "(null)", want ? want : "(null)");
	_fail(file, line);
}

void fx_assert_contains(const char *got, const char *part, const char *what, const char *file, int line)
{
	if (got && part && strstr(got, part))
		return;
	print_error("%s is \"%s\", expected it to contain \"%s\"\n", what, got ? got : "(null)", part);
	_fail(file, line);
}

const gmp_event *fx_found(const gmp_event *ev, const char *what, const char *file, int line)
{
	if (ev)
		return ev;
	print_error("%s: no such event\n", what);
	_fail(file, line);
	return NULL;
}

void fx_assert_runq(const fx_t *f, int p, int runnext, int len, const char *file, int line)
{
	gmp_pview v = fx_p(f, p);
	if (v.runnext == runnext && v.runqsize == len)
		return;
	print_error("P%d: runnext G%d with %d in the ring, expected runnext G%d with %d\n",
	            p, v.runnext, v.runqsize, runnext, len);
	_fail(file, line);
}
