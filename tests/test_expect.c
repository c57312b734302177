/*
 * test_expect.c — `expect` clauses (engine/lang/expect.c): how each form parses,
 * how it evaluates against measured values (a fake lookup stands in for the
 * finished engines), the exact report line `gmpscope check` prints, and the
 * one-line errors for clauses that cannot be checked.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "engine.h"
#include "expect.h"
#include "scenario.h"

static gmp_scenario S;
static char ERR[512];

#define HEAD \
	"scenario 03 lockosthread-leak\n" \
	"horizon 600ms\n" \
	"gomaxprocs 4\n" \
	"param sessions 120\n" \
	"param batch 8\n" \
	"variant bug\n  counter jobs\n  func main\n    gosched\n" \
	"variant fix\n  counter jobs\n  func main\n    gosched\n" \
	"variant go1.14 like bug\n  set gomaxprocs 2\n  set batch 10\n"

/* ---- the fake finished runs --------------------------------------------- */

static const struct fake {
	const char *variant, *metric;
	double v;
} measured[] = {
	{ "bug", "threads_exited", 118 }, { "bug", "threads_created", 124 }, { "bug", "elapsed", 612.5e6 },
	{ "bug", "rate.jobs", 1306 }, { "bug", "cpu_wasted", 42.5 }, { "bug", "stack_bytes_peak", 150 * 1048576.0 },
	{ "bug", "exit_code", 0 }, { "bug", "starved_max", 0.3333 },
	{ "fix", "threads_exited", 0 }, { "fix", "threads_created", 9 }, { "fix", "elapsed", 80e6 },
	{ "fix", "rate.jobs", 1520 }, { "fix", "exit_code", 0 },
	{ "go1.14", "threads_created", 15 }, { "go1.14", "exit_code", 2 },
};

static bool lookup(void *ctx, const char *variant, const char *metric, double *out, const char **str)
{
	(void)ctx;
	if (strcmp(metric, "fatal") == 0) {
		*str = strcmp(variant, "bug") == 0 ? "fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1" : "";
		return true;
	}
	for (size_t i = 0; i < sizeof measured / sizeof measured[0]; i++)
		if (strcmp(measured[i].variant, variant) == 0 && strcmp(measured[i].metric, metric) == 0) {
			*out = measured[i].v;
			return true;
		}
	return false;
}

/* report parses HEAD + "expect ..." lines and returns the report lines of
 * every clause, newline-separated. */
static const char *report(const char *expects)
{
	static char out[4096];
	char src[4096];
	snprintf(src, sizeof src, "%s%s", HEAD, expects);
	scenario_free(&S);
	if (scenario_parse("t.gmp", src, strlen(src), &S, ERR, sizeof ERR) < 0)
		fail_msg("parse: %s", ERR);
	out[0] = '\0';
	for (int i = 0; i < S.nexpects; i++) {
		gmp_expect_result r;
		char line[512];
		bool pass = expect_eval(&S, &S.expects[i], lookup, NULL, &r);
		assert_int_equal(pass, r.pass);
		expect_line(&S, &S.expects[i], &r, line, sizeof line);
		strcat(out, line);
		strcat(out, "\n");
	}
	return out;
}

static const char *parse_error(const char *expects)
{
	char src[4096];
	snprintf(src, sizeof src, "%s%s", HEAD, expects);
	scenario_free(&S);
	assert_int_equal(scenario_parse("t.gmp", src, strlen(src), &S, ERR, sizeof ERR), -1);
	return ERR;
}

static int teardown(void **state)
{
	(void)state;
	scenario_free(&S);
	return 0;
}

/* ---- tests -------------------------------------------------------------- */

static void test_clause_parses_into_scope_op_and_text(void **state)
{
	(void)state;
	report("expect bug threads_exited >= 0.9*sessions   # a comment\n"
	       "expect * exit_code == 0\n"
	       "expect fix.rate.jobs >= 1.3 * bug.rate.jobs\n");
	assert_int_equal(S.nexpects, 5);
	assert_int_equal(S.expects[0].variant, 0);
	assert_true(S.expects[0].scoped);
	assert_int_equal(S.expects[0].op, EXPECT_GE);
	assert_int_equal(S.expects[0].line, 17);
	assert_string_equal(S.expects[0].text, "threads_exited >= 0.9*sessions");
	/* `*` becomes one clause per variant, in variant order */
	assert_int_equal(S.expects[1].variant, 0);
	assert_int_equal(S.expects[2].variant, 1);
	assert_int_equal(S.expects[3].variant, 2);
	assert_int_equal(S.expects[3].op, EXPECT_EQ);
	assert_int_equal(S.expects[4].variant, -1);
	assert_false(S.expects[4].scoped);
}

static void test_each_comparison_operator(void **state)
{
	(void)state;
	assert_string_equal(report("expect bug threads_exited == 118\n"
	                           "expect bug threads_exited == 117\n"
	                           "expect bug threads_exited != 117\n"
	                           "expect bug threads_exited != 118\n"
	                           "expect bug threads_exited < 119\n"
	                           "expect bug threads_exited < 118\n"
	                           "expect bug threads_exited <= 118\n"
	                           "expect bug threads_exited <= 117\n"
	                           "expect bug threads_exited > 117\n"
	                           "expect bug threads_exited > 118\n"
	                           "expect bug threads_exited >= 118\n"
	                           "expect bug threads_exited >= 119\n"),
	                    "03-lockosthread-leak bug threads_exited == 118 ... ok (118)\n"
	                    "03-lockosthread-leak bug threads_exited == 117 ... FAILED (118)\n"
	                    "03-lockosthread-leak bug threads_exited != 117 ... ok (118)\n"
	                    "03-lockosthread-leak bug threads_exited != 118 ... FAILED (118)\n"
	                    "03-lockosthread-leak bug threads_exited < 119 ... ok (118)\n"
	                    "03-lockosthread-leak bug threads_exited < 118 ... FAILED (118)\n"
	                    "03-lockosthread-leak bug threads_exited <= 118 ... ok (118)\n"
	                    "03-lockosthread-leak bug threads_exited <= 117 ... FAILED (118)\n"
	                    "03-lockosthread-leak bug threads_exited > 117 ... ok (118)\n"
	                    "03-lockosthread-leak bug threads_exited > 118 ... FAILED (118)\n"
	                    "03-lockosthread-leak bug threads_exited >= 118 ... ok (118)\n"
	                    "03-lockosthread-leak bug threads_exited >= 119 ... FAILED (118)\n");
}

static void test_tolerance_relative_and_absolute(void **state)
{
	(void)state;
	assert_string_equal(report("expect bug elapsed ~= horizon ± 5%\n"
	                           "expect bug elapsed ~= 600ms +- 2%\n"
	                           "expect bug elapsed ~= 600ms ± 13ms\n"
	                           "expect bug elapsed ~= 600ms ± 12ms\n"
	                           "expect bug threads_created ~= 120 +- 4\n"
	                           "expect bug threads_created ~= 120 +- 3\n"),
	                    "03-lockosthread-leak bug elapsed ~= horizon ± 5% ... ok (612.5ms)\n"
	                    "03-lockosthread-leak bug elapsed ~= 600ms +- 2% ... FAILED (612.5ms)\n"
	                    "03-lockosthread-leak bug elapsed ~= 600ms ± 13ms ... ok (612.5ms)\n"
	                    "03-lockosthread-leak bug elapsed ~= 600ms ± 12ms ... FAILED (612.5ms)\n"
	                    "03-lockosthread-leak bug threads_created ~= 120 +- 4 ... ok (124)\n"
	                    "03-lockosthread-leak bug threads_created ~= 120 +- 3 ... FAILED (124)\n");
}

static void test_cross_variant_shows_both_sides(void **state)
{
	(void)state;
	assert_string_equal(report("expect fix.rate.jobs >= 1.1 * bug.rate.jobs\n"
	                           "expect fix.rate.jobs >= 1.3 * bug.rate.jobs\n"
	                           "expect fix.elapsed * 10 <= bug.elapsed\n"
	                           "expect go1.14.threads_created > fix.threads_created\n"
	                           "expect fix threads_created < bug.threads_created\n"),
	                    "03-lockosthread-leak fix.rate.jobs >= 1.1 * bug.rate.jobs ... ok (1520/s vs 1436.6/s)\n"
	                    "03-lockosthread-leak fix.rate.jobs >= 1.3 * bug.rate.jobs ... FAILED (1520/s vs 1697.8/s)\n"
	                    "03-lockosthread-leak fix.elapsed * 10 <= bug.elapsed ... FAILED (800ms vs 612.5ms)\n"
	                    "03-lockosthread-leak go1.14.threads_created > fix.threads_created ... ok (15 vs 9)\n"
	                    "03-lockosthread-leak fix threads_created < bug.threads_created ... ok (9 vs 124)\n");
}

static void test_params_resolve_per_variant(void **state)
{
	(void)state;
	assert_string_equal(report("expect * threads_created <= GOMAXPROCS + batch + 3\n"
	                           "expect bug threads_exited >= 0.9 * sessions\n"
	                           "expect go1.14.batch == 10\n"),
	                    "03-lockosthread-leak bug threads_created <= GOMAXPROCS + batch + 3 ... FAILED (124)\n"
	                    "03-lockosthread-leak fix threads_created <= GOMAXPROCS + batch + 3 ... ok (9)\n"
	                    "03-lockosthread-leak go1.14 threads_created <= GOMAXPROCS + batch + 3 ... ok (15)\n"
	                    "03-lockosthread-leak bug threads_exited >= 0.9 * sessions ... ok (118)\n"
	                    "03-lockosthread-leak go1.14.batch == 10 ... ok (10)\n");
}

static void test_units_show_in_the_measured_value(void **state)
{
	(void)state;
	assert_string_equal(report("expect bug cpu_wasted >= 40%\n"
	                           "expect bug stack_bytes_peak >= 100MiB\n"
	                           "expect bug starved_max > 0\n"
	                           "expect bug cpu_wasted > 0\n"
	                           "expect bug elapsed <= 1s\n"),
	                    "03-lockosthread-leak bug cpu_wasted >= 40% ... ok (42.5%)\n"
	                    "03-lockosthread-leak bug stack_bytes_peak >= 100MiB ... ok (150MiB)\n"
	                    "03-lockosthread-leak bug starved_max > 0 ... ok (0.333ns)\n"
	                    "03-lockosthread-leak bug cpu_wasted > 0 ... ok (42.5%)\n"
	                    "03-lockosthread-leak bug elapsed <= 1s ... ok (612.5ms)\n");
}

/* A rate times a duration is a count, shown as one (1306/s x 600ms = 783.6);
 * compared with a duration it is refused, not shown as "783.6ns". A bare
 * number beside a rate reads as per second. */
static void test_rate_times_duration_is_a_count(void **state)
{
	(void)state;
	assert_string_equal(report("expect bug rate.jobs * 600ms >= 0.5 * sessions\n"
	                           "expect bug rate.jobs * 600ms >= 0.5 * sessions * 1s\n"
	                           "expect bug rate.jobs >= 1000\n"
	                           "expect bug rate.jobs * 2 <= 1ms\n"),
	                    "03-lockosthread-leak bug rate.jobs * 600ms >= 0.5 * sessions ... ok (783.6)\n"
	                    "03-lockosthread-leak bug rate.jobs * 600ms >= 0.5 * sessions * 1s ... FAILED "
	                    "(cannot compare a plain number with a duration)\n"
	                    "03-lockosthread-leak bug rate.jobs >= 1000 ... ok (1306/s)\n"
	                    "03-lockosthread-leak bug rate.jobs * 2 <= 1ms ... FAILED "
	                    "(cannot compare a rate with a duration)\n");
}

static void test_fatal_message_match(void **state)
{
	(void)state;
	assert_string_equal(report("expect bug fatal ~ \"all goroutines are asleep\"\n"
	                           "expect bug fatal ~ \"thread exhaustion\"\n"
	                           "expect fix fatal ~ \"deadlock\"\n"
	                           "expect bug.fatal ~ \"deadlock!\"\n"),
	                    "03-lockosthread-leak bug fatal ~ \"all goroutines are asleep\" ... ok "
	                    "(\"fatal error: all goroutines are asleep - deadlock!\")\n"
	                    "03-lockosthread-leak bug fatal ~ \"thread exhaustion\" ... FAILED "
	                    "(\"fatal error: all goroutines are asleep - deadlock!\")\n"
	                    "03-lockosthread-leak fix fatal ~ \"deadlock\" ... FAILED (no fatal error)\n"
	                    "03-lockosthread-leak bug.fatal ~ \"deadlock!\" ... ok "
	                    "(\"fatal error: all goroutines are asleep - deadlock!\")\n");
	assert_int_equal(S.expects[0].op, EXPECT_MATCH);
	assert_string_equal(S.expects[0].match, "all goroutines are asleep");
}

static void test_evaluation_failures_are_reported(void **state)
{
	(void)state;
	/* exit_code of fix is 0: dividing by it fails the clause, it does not crash */
	assert_string_equal(report("expect bug threads_created / fix.exit_code > 1\n"
	                           "expect fix goroutines > 0\n"),
	                    "03-lockosthread-leak bug threads_created / fix.exit_code > 1 ... FAILED (division by zero)\n"
	                    "03-lockosthread-leak fix goroutines > 0 ... FAILED (no value for goroutines)\n");
}

static void test_malformed_clauses(void **state)
{
	(void)state;
	static const struct { const char *src, *err; } bad[] = {
		{ "expect bug no_such_metric > 1\n", "t.gmp:17:12: unknown metric 'no_such_metric' (gmpscope metrics lists them)" },
		{ "expect nosuch threads > 1\n", "t.gmp:17:8: unknown variant 'nosuch'" },
		{ "expect nosuch.threads > bug.threads\n", "t.gmp:17:8: unknown variant 'nosuch' in 'nosuch.threads'" },
		{ "expect threads > 1\n", "t.gmp:17:8: 'threads' needs a variant: write bug.threads (or put the variant after expect)" },
		{ "expect bug threads\n", "t.gmp:17:19: expected a comparison (== != < <= > >= ~= ~), found end of line" },
		{ "expect bug threads >=\n", "t.gmp:17:22: expected a value after >=" },
		{ "expect bug elapsed ~= 600ms\n", "t.gmp:17:28: ~= needs a tolerance: ~= VALUE ± 5% (or +- 2ms)" },
		{ "expect bug elapsed <= 600ms ± 5%\n", "t.gmp:17:29: a tolerance (±) goes with ~= only" },
		{ "expect bug threads ~ \"x\"\n", "t.gmp:17:12: ~ matches the fatal message: write fatal ~ \"text\"" },
		{ "expect bug fatal ~ deadlock\n", "t.gmp:17:20: ~ needs a \"string\" to look for in the fatal message, found 'deadlock'" },
		{ "expect bug fatal > 1\n", "t.gmp:17:12: fatal is a message: match it with fatal ~ \"text\"" },
		{ "expect bug\n", "t.gmp:17:11: expect needs an assertion, like: expect bug threads_created >= 100" },
		{ "expect bug threads > 1 2\n", "t.gmp:17:24: unexpected '2'" },
		{ "expect bug threads > sessions-2\n", "t.gmp:17:22: unknown metric 'sessions-2' (write spaces around '-' to subtract)" },
		{ "expect bug threads > 1 @4\n", "t.gmp:17:24: unexpected '@4'" },
		{ "expect bug stack_bytes_peak >= 100 MiB\n",
		  "t.gmp:17:36: unexpected 'MiB' (write units right after the number: 100MiB)" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		const char *e = parse_error(bad[i].src);
		if (strcmp(e, bad[i].err) != 0)
			fail_msg("case %zu\n  got:  %s\n  want: %s", i, e, bad[i].err);
	}
}

/* ---- gmpscope check: what happens before anything runs ----------------- */

static char DIR_[64];

static const char *write_file(const char *name, const char *text)
{
	static char path[4][128];
	static int k;
	char *p = path[k++ % 4];
	snprintf(p, 128, "%s/%s", DIR_, name);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return p;
}

/* run_check runs check_run on paths, capturing out and err. */
static int run_check(const char **paths, int n, char **out, char **err)
{
	size_t no, ne;
	FILE *o = open_memstream(out, &no), *e = open_memstream(err, &ne);
	int rc = check_run(paths, n, o, e);
	fclose(o);
	fclose(e);
	return rc;
}

static void test_check_parses_everything_before_running(void **state)
{
	(void)state;
	snprintf(DIR_, sizeof DIR_, "/tmp/gmpscope-check-XXXXXX");
	assert_non_null(mkdtemp(DIR_));
	const char *good = write_file("01-good.gmp",
		"scenario 01 good\nvariant bug\n  func main\n    return\nexpect bug exit_code == 0\n");
	const char *bad = write_file("02-bad.gmp", "scenario 02 bad\nvariant bug\n  func main\n    lock mu\n");
	const char *none = write_file("03-none.gmp", "scenario 03 none\nvariant bug\n  func main\n    return\n");
	const char *paths[] = { good, bad, none };
	char *out, *err, want[512];
	assert_int_equal(run_check(paths, 3, &out, &err), 2);
	assert_string_equal(out, "");   /* nothing ran */
	snprintf(want, sizeof want, "%s:4:10: undefined mutex 'mu'\n"
	         "%s: no expectations (check needs at least one expect)\n", bad, none);
	assert_string_equal(err, want);
	free(out);
	free(err);

	const char *missing[] = { "/nonexistent/04-x.gmp" };
	assert_int_equal(run_check(missing, 1, &out, &err), 2);
	assert_string_equal(err, "/nonexistent/04-x.gmp: No such file or directory\n");
	free(out);
	free(err);

	/* list: aligned columns, one line per scenario, a broken file reported */
	size_t no, ne;
	FILE *o = open_memstream(&out, &no), *e = open_memstream(&err, &ne);
	write_file("04-longer-slug.gmp", "scenario 4 longer-slug\ntitle \"T\"\nfamily threads\n"
	           "variant bug\n  func main\n    return\n");
	assert_int_equal(list_run(DIR_, o, e), 2);
	fclose(o);
	fclose(e);
	assert_string_equal(out, "01  good         good  -\n"
	                         "03  none         none  -\n"
	                         "04  longer-slug  T     threads\n");
	snprintf(want, sizeof want, "%s:4:10: undefined mutex 'mu'\n", bad);
	assert_string_equal(err, want);
	free(out);
	free(err);
	unlink(good);
	unlink(bad);
	unlink(none);
	char p4[128];
	snprintf(p4, sizeof p4, "%s/04-longer-slug.gmp", DIR_);
	unlink(p4);
	rmdir(DIR_);
}

/* check_run_metrics writes a "# NN-slug" line, then, variant by variant,
 * every plain metric and each family metric an expectation named
 * (completed.done here), as "variant metric value". */
static void test_check_metrics_file_lists_every_variant(void **state)
{
	(void)state;
	snprintf(DIR_, sizeof DIR_, "/tmp/gmpscope-check-XXXXXX");
	assert_non_null(mkdtemp(DIR_));
	const char *p = write_file("05-m.gmp",
		"scenario 05 m\nvariant bug\n  counter done\n  func main\n    count done\n    count done\n    return\n"
		"variant fix\n  counter done\n  func main\n    return\nexpect bug completed.done == 2\n");
	const char *paths[] = { p };
	char *out, *err, *met;
	size_t no, ne, nm;
	FILE *o = open_memstream(&out, &no), *e = open_memstream(&err, &ne), *m = open_memstream(&met, &nm);
	assert_int_equal(check_run_metrics(paths, 1, o, e, m), 0);
	fclose(o);
	fclose(e);
	fclose(m);
	assert_string_equal(err, "");
	assert_non_null(strstr(met, "\nbug exit_code 0\n"));
	assert_non_null(strstr(met, "\nfix exit_code 0\n"));
	assert_non_null(strstr(met, "\nbug completed.done 2\n"));
	assert_non_null(strstr(met, "\nfix completed.done 0\n"));
	assert_null(strstr(met, ".NAME"));
	assert_memory_equal(met, "# 05-m\n", 7);
	/* the header, plain metrics of both variants, and the one family line each */
	int lines = 0;
	for (const char *c = met; *c; c++)
		lines += *c == '\n';
	int plain = 0;
	for (int i = 0; i < engine_metric_count(); i++)
		plain += !strchr(engine_metric_doc(i)->name, '.');
	assert_int_equal(lines, 1 + 2 * plain + 2);
	free(out);
	free(err);
	free(met);
	unlink(p);
	rmdir(DIR_);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_clause_parses_into_scope_op_and_text, teardown),
		cmocka_unit_test_teardown(test_each_comparison_operator, teardown),
		cmocka_unit_test_teardown(test_tolerance_relative_and_absolute, teardown),
		cmocka_unit_test_teardown(test_cross_variant_shows_both_sides, teardown),
		cmocka_unit_test_teardown(test_params_resolve_per_variant, teardown),
		cmocka_unit_test_teardown(test_units_show_in_the_measured_value, teardown),
		cmocka_unit_test_teardown(test_rate_times_duration_is_a_count, teardown),
		cmocka_unit_test_teardown(test_fatal_message_match, teardown),
		cmocka_unit_test_teardown(test_evaluation_failures_are_reported, teardown),
		cmocka_unit_test_teardown(test_malformed_clauses, teardown),
		cmocka_unit_test_teardown(test_check_parses_everything_before_running, teardown),
		cmocka_unit_test_teardown(test_check_metrics_file_lists_every_variant, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
