/*
 * test_paths.c — SCENARIO resolution and the scenario list (ui/paths.c), tested
 * against a temporary directory of empty NN-slug.gmp files (and a few that are
 * not scenarios). The command-line parser itself is tested in test_cli.c.
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
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "paths.h"

#define BIG 1024   /* a fixture path plus a file name, always fits */

typedef struct fixture {
	char root[256];        /* temp dir, resolved */
	char dir[300];         /* root/scenarios */
} fixture;

static void touch(const char *dir, const char *name)   /* dir: a fixture path */
{
	char p[BIG];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fclose(f);
}

static int setup_dir(void **state)
{
	static fixture fx;
	static const char *const names[] = {
		"00-tour.gmp", "03-lockosthread-leak.gmp", "15-unlock-too-early.gmp",
		"10-unbounded-spawn.gmp", "02-gosched-fairness.gmp", "100-late.gmp",
		"README.md", "notes.gmp", "04-.gmp", "x-03.gmp",
	};
	char tmpl[] = "/tmp/test_cli.XXXXXX", real[PATH_MAX];
	if (!mkdtemp(tmpl) || !realpath(tmpl, real) || strlen(real) >= sizeof fx.root)
		return -1;
	strcpy(fx.root, real);
	snprintf(fx.dir, sizeof fx.dir, "%s/scenarios", fx.root);
	if (mkdir(fx.dir, 0755) != 0)
		return -1;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		touch(fx.dir, names[i]);
	*state = &fx;
	return 0;
}

static int teardown_dir(void **state)
{
	fixture *fx = *state;
	char cmd[BIG];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->root);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_list_orders_by_number_and_skips_other_files(void **state)
{
	fixture *fx = *state;
	char **list, err[CLI_ERR_MAX];
	static const char *const want[] = { "00-tour.gmp", "02-gosched-fairness.gmp",
	                                    "03-lockosthread-leak.gmp", "10-unbounded-spawn.gmp",
	                                    "15-unlock-too-early.gmp", "100-late.gmp" };
	int n = paths_list_scenarios(fx->dir, &list, err, sizeof err);
	assert_int_equal(n, 6);
	for (int i = 0; i < n; i++) {
		char p[BIG];
		snprintf(p, sizeof p, "%s/%s", fx->dir, want[i]);
		assert_string_equal(list[i], p);
	}
	paths_free_list(list, n);
}

static void test_resolve_number_slug_name_prefix_and_path(void **state)
{
	fixture *fx = *state;
	static const struct { const char *arg, *file; } cases[] = {
		{ "3", "03-lockosthread-leak.gmp" },
		{ "03", "03-lockosthread-leak.gmp" },
		{ "0", "00-tour.gmp" },
		{ "100", "100-late.gmp" },
		{ "lockosthread-leak", "03-lockosthread-leak.gmp" },
		{ "03-lockosthread-leak", "03-lockosthread-leak.gmp" },
		{ "03-lockosthread-leak.gmp", "03-lockosthread-leak.gmp" },
		{ "lockos", "03-lockosthread-leak.gmp" },
		{ "unb", "10-unbounded-spawn.gmp" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char out[PATHS_MAX], err[CLI_ERR_MAX], want[BIG];
		snprintf(want, sizeof want, "%s/%s", fx->dir, cases[i].file);
		if (paths_resolve(fx->dir, cases[i].arg, out, sizeof out, err, sizeof err) != 0)
			print_error("\"%s\": %s\n", cases[i].arg, err), fail();
		assert_string_equal(out, want);
	}
	/* an existing file is taken as it is written, and needs no directory */
	char path[BIG], out[PATHS_MAX], err[CLI_ERR_MAX];
	snprintf(path, sizeof path, "%s/README.md", fx->dir);
	assert_int_equal(paths_resolve(NULL, path, out, sizeof out, err, sizeof err), 0);
	assert_string_equal(out, path);
}

static void test_resolve_errors_say_what_and_where(void **state)
{
	fixture *fx = *state;
	char out[PATHS_MAX], err[CLI_ERR_MAX], want[BIG];
	snprintf(want, sizeof want, "gmpscope: no scenario \"99\" in %s (gmpscope list shows them)", fx->dir);
	assert_int_equal(paths_resolve(fx->dir, "99", out, sizeof out, err, sizeof err), -1);
	assert_string_equal(err, want);
	snprintf(want, sizeof want, "gmpscope: no scenario \"tour-de-france\" in %s (gmpscope list shows them)",
	         fx->dir);
	assert_int_equal(paths_resolve(fx->dir, "tour-de-france", out, sizeof out, err, sizeof err), -1);
	assert_string_equal(err, want);
	snprintf(want, sizeof want,
	         "gmpscope: scenario \"un\" is ambiguous in %s: 10-unbounded-spawn.gmp, 15-unlock-too-early.gmp",
	         fx->dir);
	assert_int_equal(paths_resolve(fx->dir, "un", out, sizeof out, err, sizeof err), -1);
	assert_string_equal(err, want);
	assert_int_equal(paths_resolve(fx->dir, "no/such.gmp", out, sizeof out, err, sizeof err), -1);
	assert_string_equal(err, "gmpscope: cannot open no/such.gmp: No such file");
	assert_int_equal(paths_resolve(fx->dir, "", out, sizeof out, err, sizeof err), -1);
	assert_string_equal(err, "gmpscope: empty SCENARIO (a number, a slug or a path)");
	/* a FIFO is refused for what it is, without being opened (which would block) */
	char fifo[BIG];
	snprintf(fifo, sizeof fifo, "%s/fifo.gmp", fx->dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	snprintf(want, sizeof want, "gmpscope: cannot open %.900s: it is not a regular file (a FIFO)", fifo);
	assert_int_equal(paths_find_scenario(fifo, out, sizeof out, err, sizeof err), -1);
	assert_string_equal(err, want);
	unlink(fifo);
}

static void test_scenarios_dir_from_env_then_beside_the_program(void **state)
{
	fixture *fx = *state;
	char out[PATHS_MAX], err[CLI_ERR_MAX], exe[BIG], want[BIG], share[BIG];
	/* $GMPSCOPE_SCENARIOS wins */
	assert_int_equal(paths_scenarios_dir_from(fx->dir, "/nowhere/bin/gmpscope", out, sizeof out, err,
	                                          sizeof err), 0);
	assert_string_equal(out, fx->dir);
	assert_int_equal(paths_scenarios_dir_from("/nowhere", "/x/gmpscope", out, sizeof out, err, sizeof err), -1);
	assert_string_equal(err, "gmpscope: GMPSCOPE_SCENARIOS=/nowhere is not a directory");
	/* build/gmpscope and build/debug/gmpscope find ROOT/scenarios */
	snprintf(exe, sizeof exe, "%s/build", fx->root);
	assert_int_equal(mkdir(exe, 0755), 0);
	strcat(exe, "/debug");
	assert_int_equal(mkdir(exe, 0755), 0);
	snprintf(exe, sizeof exe, "%s/build/gmpscope", fx->root);
	assert_int_equal(paths_scenarios_dir_from("", exe, out, sizeof out, err, sizeof err), 0);
	assert_string_equal(out, fx->dir);
	snprintf(exe, sizeof exe, "%s/build/debug/gmpscope", fx->root);
	assert_int_equal(paths_scenarios_dir_from(NULL, exe, out, sizeof out, err, sizeof err), 0);
	assert_string_equal(out, fx->dir);
	/* PREFIX/bin/gmpscope finds PREFIX/share/gmpscope/scenarios, even where
	 * PREFIX/../scenarios exists (here: ROOT/scenarios) */
	snprintf(share, sizeof share, "%s/prefix", fx->root);
	assert_int_equal(mkdir(share, 0755), 0);
	strcat(share, "/share");
	assert_int_equal(mkdir(share, 0755), 0);
	strcat(share, "/gmpscope");
	assert_int_equal(mkdir(share, 0755), 0);
	strcat(share, "/scenarios");
	assert_int_equal(mkdir(share, 0755), 0);
	snprintf(exe, sizeof exe, "%s/prefix/bin", fx->root);
	assert_int_equal(mkdir(exe, 0755), 0);
	strcat(exe, "/gmpscope");
	assert_int_equal(paths_scenarios_dir_from(NULL, exe, out, sizeof out, err, sizeof err), 0);
	assert_string_equal(out, share);
	/* nothing near: one line that says what to do */
	assert_int_equal(paths_scenarios_dir_from(NULL, "/proc/gmpscope", out, sizeof out, err, sizeof err), -1);
	snprintf(want, sizeof want,
	         "gmpscope: cannot find the scenarios directory near /proc (tried ../scenarios, "
	         "../share/gmpscope/scenarios, ../../scenarios); set GMPSCOPE_SCENARIOS");
	assert_string_equal(err, want);
}

int main(void)
{
	const struct CMUnitTest paths[] = {
		cmocka_unit_test(test_list_orders_by_number_and_skips_other_files),
		cmocka_unit_test(test_resolve_number_slug_name_prefix_and_path),
		cmocka_unit_test(test_resolve_errors_say_what_and_where),
		cmocka_unit_test(test_scenarios_dir_from_env_then_beside_the_program),
	};
	return cmocka_run_group_tests_name("paths", paths, setup_dir, teardown_dir);
}
