/*
 * test_scaling.c — changing a scenario's numbers changes the measured
 * figures the way the mechanism predicts.
 *
 * Scenarios are data: a teacher copies one, changes a number and watches the
 * consequence. These tests take the shipped files, change one parameter in
 * the text, and check that the figure it drives moves in proportion — the
 * symptom comes from the mechanism, not from a number written somewhere.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "scenario.h"

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* replace returns text with the first `from` replaced by `to`. */
static char *replace(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	assert_non_null(at);
	size_t n = strlen(text) - strlen(from) + strlen(to);
	char *out = malloc(n + 1);
	assert_non_null(out);
	size_t head = (size_t)(at - text);
	memcpy(out, text, head);
	strcpy(out + head, to);
	strcat(out, at + strlen(from));
	return out;
}

/* measure parses text, runs `variant` to its end and returns `metric`. */
static double measure(const char *name, const char *text, const char *variant, const char *metric)
{
	gmp_scenario s;
	char err[512];
	int rc = scenario_parse(name, text, strlen(text), &s, err, sizeof err);
	if (rc != 0)
		fail_msg("%s", err);
	int v = scenario_variant(&s, variant);
	assert_true(v >= 0);
	gmp_engine *e = engine_new(&s.variants[v].prog, &s.variants[v].cfg);
	engine_run(e);
	double x = -1;
	assert_true(engine_metric(e, metric, &x));
	engine_free(e);
	scenario_free(&s);
	return x;
}

/* Doubling the sessions of the thread-leak scenario doubles the threads
 * that exit: each session that returns while locked kills its thread. */
static void test_doubling_sessions_doubles_threads_exited(void **state)
{
	(void)state;
	size_t len;
	char *text = slurp("scenarios/03-lockosthread-leak.gmp", &len);
	char *twice = replace(text, "param sessions 120", "param sessions 240");
	char *longer = replace(twice, "horizon    600ms", "horizon    1200ms");
	double one = measure("03.gmp", text, "bug", "threads_exited");
	double two = measure("03x2.gmp", longer, "bug", "threads_exited");
	assert_true(one >= 100);
	print_message("threads_exited: %g with 120 sessions, %g with 240\n", one, two);
	assert_true(two >= 1.9 * one && two <= 2.1 * one);
	/* and the fix still exits none */
	assert_true(measure("03x2.gmp", longer, "fix", "threads_exited") == 0);
	free(longer);
	free(twice);
	free(text);
}

/* A lower thread limit makes the locked pile-up die sooner, with the same
 * fatal error: the limit counts live threads. */
static void test_thread_limit_is_what_kills_the_pileup(void **state)
{
	(void)state;
	size_t len;
	char *text = slurp("scenarios/03-lockosthread-leak.gmp", &len);
	char *low = replace(text, "set maxthreads 40", "set maxthreads 20");
	double t40 = measure("03.gmp", text, "pileup", "elapsed");
	double t20 = measure("03lo.gmp", low, "pileup", "elapsed");
	double created20 = measure("03lo.gmp", low, "pileup", "threads_created");
	print_message("pile-up dies at %g ns (limit 40), %g ns (limit 20)\n", t40, t20);
	assert_true(t20 < t40);
	assert_true(created20 <= 20);
	free(low);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_doubling_sessions_doubles_threads_exited),
		cmocka_unit_test(test_thread_limit_is_what_kills_the_pileup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
