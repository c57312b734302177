/*
 * test_scenario_settings.c — what a scenario says beside its statements
 * (engine/lang/scenario.c, scenario_settings.c, duration.c): defaults, settings,
 * params and variant overrides resolved at load time, `like` copies and
 * overrides, texts and init, variant order, a shipped scenario, and duration
 * literals read exactly.
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

#include "scenario.h"
#include "scenario_fixture.h"

/* ---- settings, params, variants ----------------------------------------- */

static void test_defaults_when_nothing_is_said(void **state)
{
	(void)state;
	assert_int_equal(scen_parse(HEAD "variant v\n  func main\n    return\n"), 0);
	const gmp_config *c = &scen.variants[0].cfg;
	assert_int_equal(c->go_minor, 25);
	assert_int_equal(c->gomaxprocs, 0);
	assert_int_equal(c->ncpu, 4);
	assert_int_equal(c->quota_ns, 0);
	assert_int_equal(c->period_ns, 100000000);
	assert_int_equal(c->maxthreads, 10000);
	assert_int_equal(c->memory, GMP_MEMORY_DEFAULT);
	assert_int_equal(c->seed, 1);
	assert_int_equal(c->horizon_ns, 1000000000);
	assert_int_equal(c->disk_depth, 4);
	assert_false(c->race);
	assert_int_equal(scen.variants[0].gomaxprocs, 4);
	assert_int_equal(scen.number, 1);
	assert_string_equal(scen.slug, "t");
	assert_string_equal(scen.title, "t");
	assert_int_equal(scen.nvariants, 1);
	assert_int_equal(scen.variants[0].listing, -1);
}

static void test_settings_params_and_overrides(void **state)
{
	(void)state;
	const char *src =
		"scenario 06 container\r\n"
		"title \"GOMAXPROCS in a container\"\r\n"
		"family resources\r\n"
		"go 1.24\r\n"
		"gomaxprocs default\r\n"
		"cpus 32\r\n"
		"quota 2cpu\r\n"
		"period 100ms\r\n"
		"maxthreads 500\r\n"
		"memory 512MiB\r\n"
		"seed 7\r\n"
		"horizon 1.5s\r\n"
		"diskdepth 8\r\n"
		"race on\r\n"
		"speed 20ms\r\n"
		"moments 140ms 400ms\r\n"
		"param batch 8\r\n"
		"param sessions 6 * batch + 1\r\n"
		"param half sessions / 2\r\n"
		"param grain 250us\r\n"
		"param pool GOMAXPROCS * 2\r\n"
		"variant bug\r\n"
		"  func main\r\n"
		"    repeat half\r\n"
		"      work 2 * grain\r\n"
		"variant fix like bug\r\n"
		"  set gomaxprocs 2\r\n"
		"  set batch 10\r\n"
		"  set grain 1ms\r\n"
		"variant go1.25 like bug\r\n"
		"  set go 1.25\r\n"
		"  set quota 150ms\r\n";
	assert_int_equal(scen_parse(src), 0);
	assert_string_equal(scen.title, "GOMAXPROCS in a container");
	assert_string_equal(scen.family, "resources");
	assert_int_equal(scen.number, 6);
	assert_int_equal(scen.speed, 20000000);
	assert_int_equal(scen.nmoments, 2);
	assert_int_equal(scen.moments[1], 400000000);
	const gmp_variant *b = &scen.variants[0], *f = &scen.variants[1], *g = &scen.variants[2];
	assert_string_equal(b->name, "bug");
	assert_string_equal(f->name, "fix");
	assert_string_equal(g->name, "go1.25");
	assert_int_equal(b->cfg.go_minor, 24);
	assert_int_equal(b->cfg.ncpu, 32);
	assert_int_equal(b->cfg.quota_ns, 200000000);
	assert_int_equal(b->cfg.maxthreads, 500);
	assert_int_equal(b->cfg.memory, 512LL << 20);
	assert_int_equal(b->cfg.seed, 7);
	assert_int_equal(b->cfg.horizon_ns, 1500000000);
	assert_int_equal(b->cfg.disk_depth, 8);
	assert_true(b->cfg.race);
	/* before 1.25 the default ignores the quota; from 1.25 it follows it */
	assert_int_equal(b->gomaxprocs, 32);
	assert_int_equal(f->gomaxprocs, 2);
	assert_int_equal(g->gomaxprocs, 2);
	assert_int_equal(g->cfg.quota_ns, 150000000);
	/* params: integer division truncates; overrides flow into later params */
	assert_int_equal(b->nparams, 5);
	assert_string_equal(b->params[1].name, "sessions");
	assert_true(b->params[1].value == 49);
	assert_true(b->params[2].value == 24.5);   /* truncated where a count is needed */
	assert_true(f->params[1].value == 61);
	assert_true(b->params[4].value == 64);
	assert_true(f->params[4].value == 4);
	const gmp_func *bm = &b->prog.funcs[0], *fm = &f->prog.funcs[0];
	assert_int_equal(bm->ops[0].a, 24);
	assert_int_equal(bm->ops[1].a, 500000);
	assert_int_equal(fm->ops[0].a, 30);
	assert_int_equal(fm->ops[1].a, 2000000);
}

static void test_like_copies_and_replaces(void **state)
{
	(void)state;
	const char *src =
		HEAD
		"listing bug <<GO\n"
		"  func main() {\n"
		"  \tgo worker()\n"
		"  }\n"
		"GO\n"
		"listing other <<GO\n"
		"a\nb\nc\nd\n"
		"GO\n"
		"variant extra like bug\n"      /* declared before bug: an error below */
		"  func main\n    return\n";
	assert_int_equal(scen_parse(src), -1);
	assert_string_equal(scen_err, "t.gmp:13:20: like needs a variant defined above, found 'bug'");

	src =
		HEAD
		"listing bug <<GO\n"
		"  func main() {\n"
		"  \tgo worker()\n"
		"\n"
		"  }\n"
		"GO\n"
		"listing other <<GO\n"
		"a\nb\nc\nd\n"
		"GO\n"
		"variant fix like bug\n"
		"  func worker\n"
		"    work 2ms @4\n"
		"variant bug\n"
		"  chan ch 1\n"
		"  mutex mu\n"
		"  func main\n"
		"    go worker @2\n"
		"    recv ch @3\n"
		"  func worker\n"
		"    work 1ms\n"
		"    send ch\n"
		"variant other like fix\n"
		"  chan ch 5\n";
	assert_int_equal(scen_parse(src), -1);
	assert_string_equal(scen_err, "t.gmp:14:18: like needs a variant defined above, found 'bug'");

	src =
		HEAD
		"listing bug <<GO\n"
		"  func main() {\n"
		"  \tgo worker()\n"
		"\n"
		"  }\n"
		"GO\n"
		"listing other <<GO\n"
		"a\nb\nc\nd\nz\n"
		"GO\n"
		"variant bug\n"
		"  chan ch 1\n"
		"  mutex mu\n"
		"  func main\n"
		"    go worker @2\n"
		"    recv ch @3\n"
		"  func worker\n"
		"    work 1ms\n"
		"    send ch\n"
		"variant fix like bug\n"
		"  func worker\n"
		"    work 2ms @4\n"
		"variant other like fix\n"
		"  chan ch 5\n";
	assert_int_equal(scen_parse(src), 0);
	/* listings: heredoc indentation removed, tabs kept, blank line kept */
	assert_int_equal(scen.nlistings, 2);
	assert_int_equal(scen.listings[0].nlines, 4);
	assert_string_equal(scen.listings[0].lines[0], "func main() {");
	assert_string_equal(scen.listings[0].lines[1], "\tgo worker()");
	assert_string_equal(scen.listings[0].lines[2], "");
	const gmp_variant *bug = &scen.variants[0], *fix = &scen.variants[1], *oth = &scen.variants[2];
	assert_string_equal(oth->name, "other");
	/* fix: bug's declarations and main, its own worker */
	assert_int_equal(fix->prog.nfuncs, 2);
	assert_int_equal(fix->prog.nchans, 1);
	assert_int_equal(fix->prog.nmutexes, 1);
	assert_int_equal(fix->listing, 0);          /* inherited from bug */
	assert_op(&fix->prog.funcs[1], 0, OP_WORK, -1, 2000000, 0, -1, 4);
	assert_int_equal(fix->prog.funcs[1].nops, 1);
	assert_op(&fix->prog.funcs[0], 0, OP_GO, 1, 0, 0, -1, 2);
	assert_op(&bug->prog.funcs[1], 0, OP_WORK, -1, 1000000, 0, -1, 0);
	assert_int_equal(bug->prog.funcs[1].nops, 2);
	/* other: like fix (so like bug), its own capacity and its own listing */
	assert_int_equal(oth->listing, 1);
	assert_int_equal(oth->prog.chans[0].cap, 5);
	assert_int_equal(bug->prog.chans[0].cap, 1);
	assert_op(&oth->prog.funcs[1], 0, OP_WORK, -1, 2000000, 0, -1, 4);
}

static void test_texts_and_init(void **state)
{
	(void)state;
	const char *src =
		HEAD
		"title \"A \\t title\"\n"
		"explain symptom \"one line\"\n"
		"explain subtle <<EOF\n"
		"    first line\n"
		"      indented\n"
		"\n"
		"    after a blank\n"
		"    EOF\n"
		"variant bug\n"
		"  chan done\n"
		"  func init\n"
		"    go waiter\n"
		"  func waiter\n"
		"    recv done\n"
		"  func main\n"
		"    work 1ms\n";
	assert_int_equal(scen_parse(src), 0);
	assert_string_equal(scen.title, "A \t title");
	assert_string_equal(scen.explain_symptom, "one line");
	assert_string_equal(scen.explain_subtle, "first line\n  indented\n\nafter a blank");
	assert_null(scen.explain_fix);
	const gmp_program *p = &scen.variants[0].prog;
	assert_int_equal(p->ninit, 1);
	assert_string_equal(p->funcs[p->init_funcs[0]].name, "init");
	assert_int_equal(p->main_func, 2);
}

static void test_bug_and_fix_come_first(void **state)
{
	(void)state;
	const char *src = HEAD
		"variant a\n  func main\n    return\n"
		"variant fix\n  func main\n    return\n"
		"variant b\n  func main\n    return\n"
		"variant bug\n  func main\n    return\n";
	assert_int_equal(scen_parse(src), 0);
	assert_string_equal(scen.variants[0].name, "bug");
	assert_string_equal(scen.variants[1].name, "fix");
	assert_string_equal(scen.variants[2].name, "a");
	assert_string_equal(scen.variants[3].name, "b");
	assert_int_equal(scenario_variant(&scen, "b"), 3);
	assert_int_equal(scenario_variant(&scen, "zz"), -1);
	char name[64];
	scenario_name(&scen, name, sizeof name);
	assert_string_equal(name, "01-t");
}

static void test_example_scenario_loads(void **state)
{
	(void)state;
	const char *path = "scenarios/03-lockosthread-leak.gmp";
	scenario_free(&scen);
	if (scenario_load(path, &scen, scen_err, sizeof scen_err) < 0)
		fail_msg("%s", scen_err);
	assert_int_equal(scen.number, 3);
	assert_string_equal(scen.slug, "lockosthread-leak");
	assert_string_equal(scen.variants[0].name, "bug");
	assert_string_equal(scen.variants[1].name, "fix");
	assert_true(scen.nexpects >= 4);
	assert_non_null(scen.explain_symptom);
	scenario_free(&scen);
	assert_int_equal(scenario_load("scenarios/no-such.gmp", &scen, scen_err, sizeof scen_err), -1);
	assert_string_equal(scen_err, "scenarios/no-such.gmp: No such file or directory");
}

/* ---- duration literals (lang/duration.c) -------------------------------- */

/* gmp_parse_duration, the one duration parser (also the command line's and
 * key scripts'), reads literals exactly or says why not. */

static void test_duration_literals_parse_exactly(void **state)
{
	static const struct { const char *s; gmp_dur_result r; int64_t ns; } cases[] = {
		{ "100ns", GMP_DUR_OK, 100 },
		{ "40us", GMP_DUR_OK, 40000 },
		{ "40\xc2\xb5s", GMP_DUR_OK, 40000 },
		{ "1.5ms", GMP_DUR_OK, 1500000 },
		{ "2s", GMP_DUR_OK, 2000000000 },
		{ "0.000000001s", GMP_DUR_OK, 1 },
		{ "1.001us", GMP_DUR_OK, 1001 },
		{ "1.0000us", GMP_DUR_OK, 1000 },
		{ "0ms", GMP_DUR_OK, 0 },
		{ "9223372036.854775807s", GMP_DUR_OK, INT64_MAX },
		{ "9223372036854775807ns", GMP_DUR_OK, INT64_MAX },
		{ "9223372036854775808ns", GMP_DUR_RANGE, 0 },
		{ "9223372037s", GMP_DUR_RANGE, 0 },
		{ "1.0005us", GMP_DUR_FINE, 0 },
		{ "0.0000000001s", GMP_DUR_FINE, 0 },
		{ "10", GMP_DUR_SYNTAX, 0 },
		{ "ms", GMP_DUR_SYNTAX, 0 },
		{ "", GMP_DUR_SYNTAX, 0 },
		{ "-1ms", GMP_DUR_SYNTAX, 0 },
		{ "+1ms", GMP_DUR_SYNTAX, 0 },
		{ "1.ms", GMP_DUR_SYNTAX, 0 },
		{ "1 ms", GMP_DUR_SYNTAX, 0 },
		{ "1ms ", GMP_DUR_SYNTAX, 0 },
		{ "1e3ms", GMP_DUR_SYNTAX, 0 },
		{ "1m", GMP_DUR_SYNTAX, 0 },
		{ "1h", GMP_DUR_SYNTAX, 0 },
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int64_t ns = -7;
		gmp_dur_result r = gmp_parse_duration(cases[i].s, &ns);
		if (r != cases[i].r || (r == GMP_DUR_OK && ns != cases[i].ns)) {
			print_error("duration \"%s\": want %d %lld, got %d %lld\n", cases[i].s, cases[i].r,
			            (long long)cases[i].ns, r, (long long)ns);
			fail();
		}
		if (r != GMP_DUR_OK)
			assert_int_equal(ns, -7);   /* untouched on error */
	}
}

/* A duration in a scenario is read by the same parser, exactly: 0.3us is
 * 300ns (a double product would give 300.00000000000006, and 6us / 0.3us
 * would truncate to 19 repetitions). Underscores still group digits. */
static void test_scenario_durations_are_exact(void **state)
{
	(void)state;
	assert_int_equal(scen_parse(HEAD "param steps 6us / 0.3us\n"
	                       "variant bug\n  func main\n"
	                       "    repeat 6us / 0.3us\n      gosched\n"
	                       "    sleep 1_000.5us\n"), 0);
	const gmp_variant *v = &scen.variants[0];
	assert_true(v->params[0].value == 20);
	const gmp_func *m = scen_func(0, "main");
	assert_int_equal(m->ops[0].a, 20);
	assert_int_equal(m->ops[3].kind, OP_SLEEP);
	assert_int_equal(m->ops[3].a, 1000500);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_defaults_when_nothing_is_said, scen_teardown),
		cmocka_unit_test_teardown(test_settings_params_and_overrides, scen_teardown),
		cmocka_unit_test_teardown(test_like_copies_and_replaces, scen_teardown),
		cmocka_unit_test_teardown(test_texts_and_init, scen_teardown),
		cmocka_unit_test_teardown(test_bug_and_fix_come_first, scen_teardown),
		cmocka_unit_test_teardown(test_example_scenario_loads, scen_teardown),
		cmocka_unit_test(test_duration_literals_parse_exactly),
		cmocka_unit_test_teardown(test_scenario_durations_are_exact, scen_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
