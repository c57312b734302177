/*
 * test_property.c — thousands of random small programs: nested loops, many
 * goroutines, channels, select, mutexes, wait groups, locked threads,
 * syscalls, cgo, the netpoller, timers, shared variables — generated as
 * scenario text from a seeded generator, with random settings (Go version,
 * GOMAXPROCS, CPUs, quota, race detector). Each one is run twice, one
 * timestamp at a time, and must:
 *   - keep every engine invariant after every step (engine_check aborts);
 *   - emit the same events (kind, t, p, m, g, ...) both times;
 *   - end (exit, fatal or horizon) by its small horizon, in a bounded
 *     number of events.
 * On a crash the program being run is printed (SIGABRT/SIGSEGV handler).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine_fixture.h"
#include "sched.h"
#include "event_heap.h"
#include "invariants.h"

#define NPROGRAMS 2000
#define MAX_EVENTS 400000

/* --- the generator -------------------------------------------------------- */

typedef struct gen {
	uint64_t s;
	char *buf;
	size_t n, cap;
	int timers;      /* timers declared so far (t0, t1, ...) */
} gen_t;

static uint32_t rnd(gen_t *g, uint32_t n)
{
	g->s = g->s * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)((g->s >> 33) % n);
}

static void out(gen_t *g, const char *fmt, ...)
{
	va_list ap;
	for (;;) {
		va_start(ap, fmt);
		int k = vsnprintf(g->buf + g->n, g->cap - g->n, fmt, ap);
		va_end(ap);
		if ((size_t)k < g->cap - g->n) {
			g->n += (size_t)k;
			return;
		}
		g->cap = g->cap * 2 + (size_t)k + 64;
		g->buf = realloc(g->buf, g->cap);
		if (!g->buf)
			abort();
	}
}

static void indent(gen_t *g, int d)
{
	out(g, "%*s", 2 * d + 4, "");
}

static void stmts(gen_t *g, int d, int fn, int n);

/* stmt writes one statement (maybe a block) at depth d in function fn
 * (0 main, 1 f1, 2 f2: only main and f1 spawn, so goroutines stay few). */
static void stmt(gen_t *g, int d, int fn)
{
	int k = (int)rnd(g, 34);
	if (d >= 3 && k < 4)
		k += 10;
	switch (k) {
	case 0: case 1:
		indent(g, d); out(g, "repeat %u\n", 1 + rnd(g, 3));
		stmts(g, d + 1, fn, 1 + (int)rnd(g, 3));
		return;
	case 2:
		indent(g, d); out(g, "if chance %u%%\n", 10 + rnd(g, 80));
		stmts(g, d + 1, fn, 1 + (int)rnd(g, 2));
		if (rnd(g, 2)) {
			indent(g, d); out(g, "else\n");
			stmts(g, d + 1, fn, 1);
		}
		return;
	case 3:
		indent(g, d); out(g, "select\n");
		indent(g, d + 1); out(g, "case recv c%u\n", rnd(g, 2));
		stmts(g, d + 2, fn, 1);
		indent(g, d + 1); out(g, "case send c%u\n", rnd(g, 2));
		if (rnd(g, 2)) {
			indent(g, d + 1); out(g, "case after %uus\n", 50 + rnd(g, 500));
		}
		if (rnd(g, 3) == 0) {
			indent(g, d + 1); out(g, "default\n");
			stmts(g, d + 2, fn, 1);
		}
		return;
	case 4: case 5:
		if (fn < 2) {
			indent(g, d); out(g, "go f%d\n", fn + 1 + (int)rnd(g, (uint32_t)(2 - fn)));
			return;
		}
		/* fall through */
	case 6: indent(g, d); out(g, "work %uus%s\n", 1 + rnd(g, 60), rnd(g, 4) ? "" : " nocall"); return;
	case 7: indent(g, d); out(g, "gosched\n"); return;
	case 8: indent(g, d); out(g, "send c%u\n", rnd(g, 2)); return;
	case 9: indent(g, d); out(g, "recv c%u\n", rnd(g, 2)); return;
	case 10:
		indent(g, d); out(g, "lock mu\n");
		indent(g, d); out(g, "work %uus\n", 1 + rnd(g, 20));
		indent(g, d); out(g, "unlock mu\n");
		return;
	case 11:
		indent(g, d); out(g, "if trylock mu\n");
		indent(g, d + 1); out(g, "count hits\n");
		indent(g, d + 1); out(g, "unlock mu\n");
		return;
	case 12: indent(g, d); out(g, "sleep %uus\n", 1 + rnd(g, 800)); return;
	case 13: indent(g, d); out(g, "syscall %uus\n", 1 + rnd(g, 400)); return;
	case 14: indent(g, d); out(g, "cgo %uns\n", 10 + rnd(g, 30000)); return;
	case 15: indent(g, d); out(g, "netwait %uus\n", 1 + rnd(g, 500)); return;
	case 16: indent(g, d); out(g, "fileread %uus\n", 1 + rnd(g, 300)); return;
	case 17: indent(g, d); out(g, "lockosthread\n"); return;
	case 18: indent(g, d); out(g, "unlockosthread\n"); return;
	case 19: indent(g, d); out(g, "load x\n"); return;
	case 20: indent(g, d); out(g, "store x + 1\n"); return;
	case 21: indent(g, d); out(g, "atomic.add x 1\n"); return;
	case 22:
		indent(g, d); out(g, "timer t%d %uus\n", g->timers, 1 + rnd(g, 500));
		indent(g, d); out(g, "recv t%d\n", g->timers);
		g->timers++;
		return;
	case 23:
		indent(g, d); out(g, "add wg 1\n");
		indent(g, d); out(g, "done wg\n");
		return;
	case 24: indent(g, d); out(g, "wait wg\n"); return;
	case 25: indent(g, d); out(g, "count hits\n"); return;
	case 26: indent(g, d); out(g, "print \"p\"\n"); return;
	case 27: indent(g, d); out(g, "alloc %uKiB\n", 1 + rnd(g, 512)); return;
	case 28: if (rnd(g, 4) == 0) { indent(g, d); out(g, "close c%u\n", rnd(g, 2)); return; }
		indent(g, d); out(g, "set x %u\n", rnd(g, 3)); return;
	case 29:
		indent(g, d); out(g, "if x == 1\n");
		stmts(g, d + 1, fn, 1);
		return;
	case 30: if (fn == 0 && rnd(g, 8) == 0) { indent(g, d); out(g, "goexit\n"); return; }
		indent(g, d); out(g, "work %uus\n", 1 + rnd(g, 30)); return;
	case 31:
		indent(g, d); out(g, "ticker t%d %uus\n", g->timers, 20 + rnd(g, 200));
		indent(g, d); out(g, "recv t%d\n", g->timers);
		indent(g, d); out(g, "stop t%d\n", g->timers);
		g->timers++;
		return;
	case 32: indent(g, d); out(g, "tls set %u\n", rnd(g, 3)); indent(g, d); out(g, "tls check %u\n", rnd(g, 3)); return;
	default: indent(g, d); out(g, "call f2\n"); if (fn == 2) { g->n -= strlen("call f2\n"); out(g, "work 2us\n"); } return;
	}
}

static void stmts(gen_t *g, int d, int fn, int n)
{
	for (int i = 0; i < n; i++)
		stmt(g, d, fn);
}

static const int go_versions[] = { 13, 14, 18, 19, 21, 22, 23, 24, 25 };

/* program writes random program number k into g->buf. */
static void program(gen_t *g, int k)
{
	g->s = 0x243f6a8885a308d3ULL ^ (uint64_t)k * 0x9e3779b97f4a7c15ULL;
	g->n = 0;
	g->timers = 0;
	out(g, FX_HEAD);
	out(g, "go 1.%d\n", go_versions[rnd(g, sizeof go_versions / sizeof go_versions[0])]);
	out(g, "cpus %u\n", 1 + rnd(g, 4));
	if (rnd(g, 4))
		out(g, "gomaxprocs %u\n", 1 + rnd(g, 4));
	if (rnd(g, 5) == 0)
		out(g, "quota %ums\nperiod 2ms\n", 1 + rnd(g, 4));
	if (rnd(g, 4) == 0)
		out(g, "race on\n");
	if (rnd(g, 6) == 0)
		out(g, "maxthreads %u\n", 4 + rnd(g, 8));
	out(g, "seed %u\nhorizon %ums\ndiskdepth %u\n", rnd(g, 1000), 2 + rnd(g, 4), 1 + rnd(g, 3));
	out(g, "variant bug\n");
	out(g, "  chan c0 %u\n  chan c1 %u\n", rnd(g, 3), rnd(g, 2));
	out(g, "  mutex mu\n  waitgroup wg\n  var x\n  counter hits\n");
	const char *names[] = { "main", "f1", "f2" };
	for (int fn = 0; fn < 3; fn++) {
		out(g, "  func %s\n", names[fn]);
		if (fn == 0 && rnd(g, 2)) {
			/* main often starts a few goroutines in a loop */
			out(g, "    repeat %u\n      go f1\n", 1 + rnd(g, 6));
		}
		stmts(g, 0, fn, 1 + (int)rnd(g, fn == 0 ? 6 : 4));
		if (fn == 1 && rnd(g, 4) == 0)   /* a server loop: runs to the horizon */
			out(g, "    repeat forever\n      work %uus\n      sleep %uus\n", 1 + rnd(g, 50), 1 + rnd(g, 50));
	}
}

/* --- running ----------------------------------------------------------------- */

static const char *current;   /* the program being run, for the crash handler */

static void on_crash(int sig)
{
	static const char msg[] = "\n--- test_property: crashed while running this program ---\n";
	if (write(2, msg, sizeof msg - 1) < 0 || (current && write(2, current, strlen(current)) < 0))
		_exit(3);
	signal(sig, SIG_DFL);
	raise(sig);
}

typedef struct run {
	fx_t *f;
	uint64_t events;
} run_t;

/* run_checked runs f one timestamp at a time with engine_check after each. */
static void run_checked(fx_t *f)
{
	gmp_engine *e = f->e;
	const gmp_config *c = engine_config(e);
	while (engine_runstate(e) == RUN_RUNNING) {
		int64_t next = tev_min(e);
		assert_true(next != INT64_MAX);
		assert_true(next <= c->horizon_ns);
		engine_run_until(e, next);
		fx_sync(f);
		if (engine_runstate(e) == RUN_RUNNING)   /* a dead program's state is moot */
			engine_check(e);
		if (engine_event_total(e) > MAX_EVENTS) {
			print_error("more than %d events by t=%lld\n", MAX_EVENTS, (long long)engine_now(e));
			fail();
		}
	}
	assert_true(engine_now(e) <= c->horizon_ns);
}

static void assert_same_streams(const fx_t *a, const fx_t *b)
{
	assert_eq(a->nlog, b->nlog);
	assert_eq(a->lost, b->lost);
	for (size_t i = 0; i < a->nlog; i++) {
		const gmp_event *x = &a->log[i], *y = &b->log[i];
		if (x->kind != y->kind || x->t != y->t || x->p != y->p || x->m != y->m || x->g != y->g ||
		    x->p2 != y->p2 || x->n != y->n) {
			print_error("event %zu differs between two runs\n", i);
			fail();
		}
	}
}

static void test_random_programs_keep_the_invariants_and_are_deterministic(void **state)
{
	(void)state;
	gen_t g = { 0 };
	g.cap = 4096;
	g.buf = malloc(g.cap);
	signal(SIGABRT, on_crash);
	signal(SIGSEGV, on_crash);
	int ended[4] = { 0 };
	for (int k = 0; k < NPROGRAMS; k++) {
		program(&g, k);
		current = g.buf;
		char err[512];
		if (fx_try_parse(g.buf, err, sizeof err) != 0) {
			print_error("generated program %d does not parse: %s\n%s", k, err, g.buf);
			fail();
		}
		fx_t *a = fx_new(g.buf, "bug");
		fx_t *b = fx_new(g.buf, "bug");
		run_checked(a);
		run_checked(b);
		assert_same_streams(a, b);
		assert_eq(engine_now(a->e), engine_now(b->e));
		ended[engine_runstate(a->e)]++;
		fx_free(b);
		fx_free(a);
	}
	current = NULL;
	signal(SIGABRT, SIG_DFL);
	signal(SIGSEGV, SIG_DFL);
	free(g.buf);
	print_message("%d programs: %d exited, %d fatal, %d at the horizon\n", NPROGRAMS,
	              ended[RUN_EXITED], ended[RUN_FATAL], ended[RUN_HORIZON]);
	/* the generator covers every way a run ends */
	assert_true(ended[RUN_EXITED] > NPROGRAMS / 10);
	assert_true(ended[RUN_FATAL] > NPROGRAMS / 20);
	assert_true(ended[RUN_HORIZON] > NPROGRAMS / 50);
}

/* a clone taken at a random point runs on exactly as the original */
static void test_random_programs_clone_mid_run_and_continue_identically(void **state)
{
	(void)state;
	gen_t g = { 0 };
	g.cap = 4096;
	g.buf = malloc(g.cap);
	for (int k = 0; k < NPROGRAMS / 10; k++) {
		program(&g, 100000 + k);
		current = g.buf;
		fx_t *a = fx_new(g.buf, "bug");
		fx_run_until(a, (int64_t)(k % 20) * 100 * US);
		fx_t *b = fx_clone(a);
		fx_run(a);
		fx_run(b);
		assert_same_streams(a, b);
		fx_free(b);
		fx_free(a);
	}
	current = NULL;
	free(g.buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_random_programs_keep_the_invariants_and_are_deterministic),
		FX_TEST(test_random_programs_clone_mid_run_and_continue_identically),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
