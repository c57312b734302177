/*
 * test_cli.c — the command line (ui/cli.c; its usage text, ui/cli_usage.c).
 *
 * The parser is a pure function, so each case is a command line and the exact
 * outcome: the fields it sets, or the one error line a user would read. SCENARIO
 * resolution (ui/paths.c) is tested in test_paths.c.
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
#include <unistd.h>

#include "cli.h"


/* ---- helpers -------------------------------------------------------------- */

/* parse splits line at spaces into argv (after "gmpscope") and runs cli_parse.
 * The words live until the next call, as the struct points into them. */
static int parse(const char *line, cli_opts *o, char *err)
{
	static char buf[1024];
	static char *argv[64];
	int argc = 0;
	assert_true(strlen(line) < sizeof buf);
	strcpy(buf, line);
	argv[argc++] = "gmpscope";
	for (char *w = strtok(buf, " "); w; w = strtok(NULL, " "))
		argv[argc++] = w;
	argv[argc] = NULL;
	return cli_parse(argc, argv, o, err, CLI_ERR_MAX);
}

#define assert_parses(line, o) assert_parses_at(line, o, __FILE__, __LINE__)
static void assert_parses_at(const char *line, cli_opts *o, const char *file, int lineno)
{
	char err[CLI_ERR_MAX];
	if (parse(line, o, err) != 0)
	{
		print_error("unexpected error for \"%s\": %s\n", line, err);
		_fail(file, lineno);
	}
}

/* ---- parse errors: one exact line each ----------------------------------- */

typedef struct bad_case {
	const char *line;
	const char *err;
} bad_case;

static const bad_case bad_cases[] = {
	{ "record 3 --size 5x5",
	  "gmpscope: record: --size: expected COLSxROWS between 20x10 and 1000x1000, got \"5x5\"" },
	{ "record 3 --size 1001x40",
	  "gmpscope: record: --size: expected COLSxROWS between 20x10 and 1000x1000, got \"1001x40\"" },
	{ "record 3 --size 80*24",
	  "gmpscope: record: --size: expected COLSxROWS between 20x10 and 1000x1000, got \"80*24\"" },
	{ "record 3 --size 80x",
	  "gmpscope: record: --size: expected COLSxROWS between 20x10 and 1000x1000, got \"80x\"" },
	{ "record 3 --size=-80x24",
	  "gmpscope: record: --size: expected COLSxROWS between 20x10 and 1000x1000, got \"-80x24\"" },
	{ "record 3 --fps 0", "gmpscope: record: --fps: expected a whole number from 1 to 120, got \"0\"" },
	{ "record 3 --fps 121", "gmpscope: record: --fps: expected a whole number from 1 to 120, got \"121\"" },
	{ "record 3 --fps 2.5", "gmpscope: record: --fps: expected a whole number from 1 to 120, got \"2.5\"" },
	{ "record 3 --until 10",
	  "gmpscope: record: --until: expected a duration such as 250ms or 1.5s (a number with ns, us, "
	  "ms or s), got \"10\"" },
	{ "record 3 --until -5ms",
	  "gmpscope: record: --until: expected a duration such as 250ms or 1.5s (a number with ns, us, "
	  "ms or s), got \"-5ms\"" },
	{ "record 3 --until 5min",
	  "gmpscope: record: --until: expected a duration such as 250ms or 1.5s (a number with ns, us, "
	  "ms or s), got \"5min\"" },
	{ "record 3 --until .5s",
	  "gmpscope: record: --until: expected a duration such as 250ms or 1.5s (a number with ns, us, "
	  "ms or s), got \".5s\"" },
	{ "record 3 --until 10000000000s",
	  "gmpscope: record: --until: duration too long (at most 9223372036s), got \"10000000000s\"" },
	{ "record 3 --until 99999999999999999999999ns",
	  "gmpscope: record: --until: duration too long (at most 9223372036s), got "
	  "\"99999999999999999999999ns\"" },
	{ "record 3 --until 1.5ns", "gmpscope: record: --until: duration finer than 1ns, got \"1.5ns\"" },
	{ "record 3 --until 0s", "gmpscope: record: --until: expected a duration greater than 0, got \"0s\"" },
	{ "record 3 --speed fast",
	  "gmpscope: record: --speed: expected virtual time per wall second such as 10ms or 10ms/s, got "
	  "\"fast\"" },
	{ "record 3 --speed 0ms/s",
	  "gmpscope: record: --speed: expected virtual time per wall second such as 10ms or 10ms/s, got "
	  "\"0ms/s\"" },
	{ "record 3 --at 5ms,,9ms",
	  "gmpscope: record: --at: expected durations separated by commas such as 5ms,40ms, got "
	  "\"5ms,,9ms\"" },
	{ "record 3 --at 5ms,x",
	  "gmpscope: record: --at: expected durations separated by commas such as 5ms,40ms, got \"5ms,x\"" },
	{ "record 3 --schedtrace t.txt:soon",
	  "gmpscope: record: --schedtrace: expected FILE or FILE:INTERVAL (INTERVAL such as 10ms), got "
	  "\"t.txt:soon\"" },
	{ "record 3 --schedtrace :10ms",
	  "gmpscope: record: --schedtrace: expected FILE or FILE:INTERVAL (INTERVAL such as 10ms), got "
	  "\":10ms\"" },
	{ "record 3 --schedtrace-detail", "gmpscope: record: --schedtrace-detail needs --schedtrace FILE" },
	/* issue 23: the real runtime */
	{ "replay", "gmpscope: replay: missing FILE (saved GODEBUG=schedtrace output)" },
	{ "replay a.log b.log", "gmpscope: replay: unexpected argument \"b.log\": only one FILE" },
	{ "replay --interval 10ms a.log",
	  "gmpscope: replay: unknown option \"--interval\" (gmpscope replay --help lists them)" },
	{ "real", "gmpscope: real: missing PROGRAM: gmpscope real [--interval D] -- PROGRAM [ARG...]" },
	{ "real --interval 10ms --", "gmpscope: real: missing PROGRAM: gmpscope real [--interval D] -- PROGRAM [ARG...]" },
	{ "real --interval 1500us -- ./p",
	  "gmpscope: real: --interval: expected whole milliseconds from 1ms to 1h (schedtrace's unit), got \"1500us\"" },
	{ "real --interval 0ms -- ./p", "gmpscope: real: --interval: expected a duration greater than 0, got \"0ms\"" },
	{ "real --interval soon -- ./p",
	  "gmpscope: real: --interval: expected a duration such as 250ms or 1.5s (a number with ns, us, ms or s), got \"soon\"" },
	{ "real --seed 3 -- ./p", "gmpscope: real: unknown option \"--seed\" (gmpscope real --help lists them)" },
	{ "replay --variant bug a.log", "gmpscope: replay: --variant needs --scenario SCENARIO (the simulation shown beside)" },
	{ "record --replay a.log --real -- ./p", "gmpscope: record: --replay and --real are two sources: give one" },
	{ "record --replay a.log 3", "gmpscope: record: --replay FILE is the source: no SCENARIO (\"3\")" },
	{ "record --real", "gmpscope: record: --real needs PROGRAM: gmpscope record --real [options] -- PROGRAM [ARG...]" },
	{ "record --replay a.log --seed 3",
	  "gmpscope: record: with --replay only --cast, --screens, --at, --size, --fps, --until, --interval, "
	  "--ascii and --theme apply" },
	{ "record --replay a.log --at 5ms", "gmpscope: record: --at needs --screens DIR (the screenshots go there)" },
	/* issue 15: a 1ns interval wrote 43.7 GB; the runtime's unit is 1ms */
	{ "record 3 --schedtrace t.txt:1ns",
	  "gmpscope: record: --schedtrace: INTERVAL must be at least 1ms (the runtime's unit), got \"1ns\"" },
	{ "record 3 --schedtrace t.txt:999999ns",
	  "gmpscope: record: --schedtrace: INTERVAL must be at least 1ms (the runtime's unit), got "
	  "\"999999ns\"" },
	{ "check --max-events 0",
	  "gmpscope: check: --max-events: expected a whole number from 1 to 18446744073709551615, got \"0\"" },
	{ "record 3 --max-events 1e6",
	  "gmpscope: record: --max-events: expected a whole number from 1 to 18446744073709551615, got "
	  "\"1e6\"" },
	{ "check --max-engine-memory 512KiB",
	  "gmpscope: check: --max-engine-memory: expected a size from 1MiB to 1024GiB such as 512MiB, got "
	  "\"512KiB\"" },
	{ "--max-engine-memory 2TiB",
	  "gmpscope: --max-engine-memory: expected a size from 1MiB to 1024GiB such as 512MiB, got \"2TiB\"" },
	{ "list --max-events 5", "gmpscope: list: unknown option \"--max-events\" (gmpscope list --help lists them)" },
	{ "record 3 --seed -1",
	  "gmpscope: record: --seed: expected a whole number from 0 to 18446744073709551615, got \"-1\"" },
	{ "--seed 18446744073709551616",
	  "gmpscope: --seed: expected a whole number from 0 to 18446744073709551615, got "
	  "\"18446744073709551616\"" },
	{ "record 3 --frames 10", "gmpscope: record: unknown option \"--frames\" (gmpscope record --help lists them)" },
	{ "record 3 --size=", "gmpscope: record: --size: expected a non-empty COLSxROWS, got \"\"" },
	{ "record 3 --cast=", "gmpscope: record: --cast: expected a non-empty FILE, got \"\"" },
	{ "record 3 -x", "gmpscope: record: unknown option \"-x\" (gmpscope record --help lists them)" },
	{ "--until 5ms 3", "gmpscope: unknown option \"--until\" (gmpscope --help lists them)" },
	{ "list --seed 3", "gmpscope: list: unknown option \"--seed\" (gmpscope list --help lists them)" },
	{ "check --ascii", "gmpscope: check: unknown option \"--ascii\" (gmpscope check --help lists them)" },
	{ "check --metrics", "gmpscope: check: --metrics needs a value: FILE" },
	{ "record 3 --size", "gmpscope: record: --size needs a value: COLSxROWS" },
	{ "record 3 --cast --ascii", "gmpscope: record: --cast needs a value: FILE" },
	{ "--variant", "gmpscope: --variant needs a value: NAME" },
	{ "record 3 --ascii=yes", "gmpscope: record: --ascii takes no value, got \"--ascii=yes\"" },
	{ "record", "gmpscope: record: missing SCENARIO (a number, a slug or a path; gmpscope list shows them)" },
	{ "record --until 5ms",
	  "gmpscope: record: missing SCENARIO (a number, a slug or a path; gmpscope list shows them)" },
	{ "record 3 4", "gmpscope: record: unexpected argument \"4\": only one SCENARIO" },
	{ "3 4", "gmpscope: unexpected argument \"4\": only one SCENARIO" },
	{ "list extra", "gmpscope: list: unexpected argument \"extra\"" },
	{ "metrics 3", "gmpscope: metrics: unexpected argument \"3\"" },
	{ "--ascii record 3", "gmpscope: \"record\" is a subcommand: put it first, as in gmpscope record" },
	{ "check 1 -- 2", "gmpscope: check: \"--\" must come before the first SCENARIO" },
	{ "record 3 --speed 1ns",
	  "gmpscope: record: --speed: expected from 1us to 1s of virtual time per wall second, got \"1ns\"" },
	{ "record 3 --speed 999ns/s",
	  "gmpscope: record: --speed: expected from 1us to 1s of virtual time per wall second, got \"999ns/s\"" },
	{ "record 3 --speed 9223372036s",
	  "gmpscope: record: --speed: expected from 1us to 1s of virtual time per wall second, got \"9223372036s\"" },
	{ "record 3 --speed 99999999999s",
	  "gmpscope: record: --speed: expected from 1us to 1s of virtual time per wall second, got \"99999999999s\"" },
	{ "record 3 --at 5ms --cast x.cast", "gmpscope: record: --at needs --screens DIR (the screenshots go there)" },
	{ "record 3 --cast a --cast b", "gmpscope: record: --cast given twice (each option may be given once)" },
	{ "record 3 --until 1ms --until=2ms",
	  "gmpscope: record: --until given twice (each option may be given once)" },
	{ "3 --ascii --seed 1 --ascii", "gmpscope: --ascii given twice (each option may be given once)" },
};

static void test_every_bad_argument_gives_its_one_line(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
		cli_opts o;
		char err[CLI_ERR_MAX];
		int rc = parse(bad_cases[i].line, &o, err);
		if (rc != -1 || strcmp(err, bad_cases[i].err) != 0) {
			print_error("case \"%s\"\n  want rc -1: %s\n  got  rc %d: %s\n", bad_cases[i].line,
			            bad_cases[i].err, rc, err);
			fail();
		}
	}
}

static void test_error_line_never_contains_a_newline(void **state)
{
	char *argv[] = { "gmpscope", "record", "3", "--size", "8\n0x24", NULL };
	cli_opts o;
	char err[CLI_ERR_MAX];
	(void)state;
	assert_int_equal(cli_parse(5, argv, &o, err, sizeof err), -1);
	assert_string_equal(err,
	                    "gmpscope: record: --size: expected COLSxROWS between 20x10 and 1000x1000, got \"8?0x24\"");
}

/* ---- --help and --version anywhere --------------------------------------- */

static void test_help_anywhere_wins_and_names_the_subcommand(void **state)
{
	static const struct { const char *line; cli_command topic; } cases[] = {
		{ "--help", CLI_HELP },
		{ "-h", CLI_HELP },
		{ "3 --help", CLI_HELP },
		{ "record --help", CLI_RECORD },
		{ "record 3 --size 5x5 --help", CLI_RECORD },   /* help wins over a bad value */
		{ "record --frames --help", CLI_RECORD },       /* and over an unknown option */
		{ "check 1 2 -h", CLI_CHECK },
		{ "list --help", CLI_LIST },
		{ "metrics --help", CLI_METRICS },
		{ "--help record", CLI_HELP },
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		cli_opts o;
		assert_parses(cases[i].line, &o);
		assert_int_equal(o.cmd, CLI_HELP);
		assert_int_equal(o.help_topic, cases[i].topic);
	}
}

static void test_version_anywhere(void **state)
{
	static const char *const lines[] = { "--version", "list --version", "record --version",
	                                     "record 3 --fps 0 --version", "check --version x" };
	(void)state;
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		cli_opts o;
		assert_parses(lines[i], &o);
		assert_int_equal(o.cmd, CLI_VERSION);
	}
}

static void test_help_after_double_dash_is_an_argument(void **state)
{
	cli_opts o;
	(void)state;
	assert_parses("-- --help", &o);
	assert_int_equal(o.cmd, CLI_INTERACTIVE);
	assert_string_equal(o.scenario, "--help");
}

/* ---- good command lines --------------------------------------------------- */

static void test_no_arguments_opens_the_picker(void **state)
{
	cli_opts o;
	(void)state;
	assert_parses("", &o);
	assert_int_equal(o.cmd, CLI_INTERACTIVE);
	assert_null(o.scenario);
	assert_null(o.variant);
	assert_false(o.seed_set);
	assert_false(o.ascii);
}

static void test_interactive_takes_variant_seed_ascii_in_any_order(void **state)
{
	cli_opts o;
	(void)state;
	assert_parses("--seed 7 03 --variant=fix --ascii", &o);
	assert_int_equal(o.cmd, CLI_INTERACTIVE);
	assert_string_equal(o.scenario, "03");
	assert_string_equal(o.variant, "fix");
	assert_true(o.seed_set);
	assert_int_equal(o.seed, 7);
	assert_true(o.ascii);
	assert_parses("lockosthread-leak --seed 18446744073709551615", &o);
	assert_string_equal(o.scenario, "lockosthread-leak");
	assert_true(o.seed == UINT64_MAX);
}

static void test_subcommands_without_arguments(void **state)
{
	cli_opts o;
	(void)state;
	assert_parses("list", &o);
	assert_int_equal(o.cmd, CLI_LIST);
	assert_parses("metrics", &o);
	assert_int_equal(o.cmd, CLI_METRICS);
	assert_parses("check", &o);
	assert_int_equal(o.cmd, CLI_CHECK);
	assert_int_equal(o.nscenarios, 0);
}

static void test_check_keeps_its_scenarios_in_order(void **state)
{
	cli_opts o;
	(void)state;
	assert_parses("check 3 tour scenarios/05-x.gmp", &o);
	assert_int_equal(o.cmd, CLI_CHECK);
	assert_int_equal(o.nscenarios, 3);
	assert_string_equal(o.scenarios[0], "3");
	assert_string_equal(o.scenarios[1], "tour");
	assert_string_equal(o.scenarios[2], "scenarios/05-x.gmp");
	assert_parses("check -- -odd.gmp", &o);
	assert_int_equal(o.nscenarios, 1);
	assert_string_equal(o.scenarios[0], "-odd.gmp");
	assert_null(o.metrics);
	assert_parses("check --metrics m.txt 3 tour", &o);
	assert_string_equal(o.metrics, "m.txt");
	assert_int_equal(o.nscenarios, 2);
	assert_string_equal(o.scenarios[1], "tour");
}

/* issue 23: replay's FILE; real's PROGRAM and every argument after it, which
 * are the program's even when they look like ours */
static void test_replay_and_real(void **state)
{
	cli_opts o;
	(void)state;
	assert_parses("replay --ascii x.log", &o);
	assert_int_equal(o.cmd, CLI_REPLAY);
	assert_string_equal(o.log, "x.log");
	assert_true(o.ascii);
	assert_parses("real -- ./prog -variant bug --help=no", &o);
	assert_int_equal(o.cmd, CLI_REAL);
	assert_int_equal(o.interval, 100 * 1000000LL);
	assert_int_equal(o.ncommand, 4);
	assert_string_equal(o.command[0], "./prog");
	assert_string_equal(o.command[3], "--help=no");
	assert_parses("real --interval 1s ./prog --interval 5ms", &o);
	assert_int_equal(o.interval, 1000 * 1000000LL);
	assert_int_equal(o.ncommand, 3);
	assert_string_equal(o.command[1], "--interval");
	assert_parses("real --interval=1ms -- prog", &o);
	assert_int_equal(o.interval, 1000000LL);
	assert_parses("replay --scenario 09 --variant fix x.log", &o);
	assert_string_equal(o.scenario, "09");
	assert_string_equal(o.variant, "fix");
	assert_string_equal(o.log, "x.log");
	assert_parses("record --replay x.log --cast x.cast", &o);
	assert_int_equal(o.cmd, CLI_RECORD);
	assert_string_equal(o.log, "x.log");
	assert_null(o.scenario);
	assert_parses("record --real --until 2s --cast c.cast -- ./prog -hold 1s", &o);
	assert_true(o.real);
	assert_int_equal(o.until, 2000 * 1000000LL);
	assert_int_equal(o.ncommand, 3);
	assert_string_equal(o.command[2], "1s");
}

static void test_record_defaults(void **state)
{
	cli_opts o;
	(void)state;
	assert_parses("record 3", &o);
	assert_int_equal(o.cmd, CLI_RECORD);
	assert_string_equal(o.scenario, "3");
	assert_int_equal(o.until, -1);
	assert_int_equal(o.cols, 160);
	assert_int_equal(o.rows, 48);
	assert_int_equal(o.fps, 10);
	assert_int_equal(o.speed, 0);
	assert_int_equal(o.nat, 0);
	assert_null(o.keys);
	assert_null(o.cast);
	assert_null(o.screens);
	assert_string_equal(o.schedtrace, "");
	assert_int_equal(o.schedtrace_interval, 10000000);
	assert_false(o.schedtrace_detail);
	assert_null(o.trace_json);
	assert_false(o.ascii);
}

static void test_record_takes_every_option(void **state)
{
	cli_opts o;
	(void)state;
	assert_parses("record --variant go1.14 --seed 42 --until 1.5s --size 80x24 --fps 120 "
	              "--speed 10ms/s --at 40ms,5ms,1s --keys=space --cast out.cast --screens shots "
	              "--schedtrace st.txt:1ms --schedtrace-detail --trace-json t.json --ascii "
	              "scenarios/01-tight-loop.gmp", &o);
	assert_int_equal(o.cmd, CLI_RECORD);
	assert_string_equal(o.scenario, "scenarios/01-tight-loop.gmp");
	assert_string_equal(o.variant, "go1.14");
	assert_int_equal(o.seed, 42);
	assert_int_equal(o.until, 1500000000);
	assert_int_equal(o.cols, 80);
	assert_int_equal(o.rows, 24);
	assert_int_equal(o.fps, 120);
	assert_int_equal(o.speed, 10000000);
	assert_int_equal(o.nat, 3);   /* sorted */
	assert_int_equal(o.at[0], 5000000);
	assert_int_equal(o.at[1], 40000000);
	assert_int_equal(o.at[2], 1000000000);
	assert_string_equal(o.keys, "space");
	assert_string_equal(o.cast, "out.cast");
	assert_string_equal(o.screens, "shots");
	assert_string_equal(o.schedtrace, "st.txt");
	assert_int_equal(o.schedtrace_interval, 1000000);
	assert_true(o.schedtrace_detail);
	assert_string_equal(o.trace_json, "t.json");
	assert_true(o.ascii);
}

/* gmpscope's own budget: --max-events and --max-engine-memory, in the three
 * modes that run the engine; 0 means the default. */
static void test_the_budget_options(void **state)
{
	cli_opts o;
	(void)state;
	assert_parses("check --max-events 5000000 --max-engine-memory 32MiB 3", &o);
	assert_int_equal(o.cmd, CLI_CHECK);
	assert_true(o.max_events == 5000000);
	assert_int_equal(o.max_engine_bytes, 32LL << 20);
	assert_parses("record 3 --max-engine-memory=2GiB", &o);
	assert_int_equal(o.max_engine_bytes, 2LL << 30);
	assert_true(o.max_events == 0);
	assert_parses("--max-events 18446744073709551615 --max-engine-memory 1048576 3", &o);
	assert_int_equal(o.cmd, CLI_INTERACTIVE);
	assert_true(o.max_events == UINT64_MAX);
	assert_int_equal(o.max_engine_bytes, 1LL << 20);
	assert_parses("record 3 --schedtrace st.txt:1ms", &o);
	assert_int_equal(o.schedtrace_interval, 1000000);
}

static void test_record_size_and_speed_limits(void **state)
{
	cli_opts o;
	(void)state;
	assert_parses("record 3 --size 20x10 --speed 250us", &o);
	assert_int_equal(o.cols, 20);
	assert_int_equal(o.rows, 10);
	assert_int_equal(o.speed, 250000);
	assert_parses("record 3 --size 1000X1000 --fps 1", &o);
	assert_int_equal(o.cols, 1000);
	assert_int_equal(o.rows, 1000);
	assert_int_equal(o.fps, 1);
	assert_parses("record 3 --speed 1us", &o);
	assert_int_equal(o.speed, 1000);
	assert_parses("record 3 --speed 1s/s", &o);
	assert_int_equal(o.speed, 1000000000);
}

static void test_schedtrace_file_keeps_colons_before_the_interval(void **state)
{
	cli_opts o;
	(void)state;
	assert_parses("record 3 --schedtrace out/a:b.txt:20ms", &o);
	assert_string_equal(o.schedtrace, "out/a:b.txt");
	assert_int_equal(o.schedtrace_interval, 20000000);
	assert_parses("record 3 --schedtrace plain.txt", &o);
	assert_string_equal(o.schedtrace, "plain.txt");
	assert_int_equal(o.schedtrace_interval, 10000000);
}

static void test_at_accepts_zero_and_caps_the_count(void **state)
{
	char line[1024] = "record 3 --screens d --at 0ms";
	cli_opts o;
	char err[CLI_ERR_MAX];
	(void)state;
	assert_parses(line, &o);
	assert_int_equal(o.nat, 1);
	assert_int_equal(o.at[0], 0);
	for (int i = 1; i <= CLI_AT_MAX; i++)
		snprintf(line + strlen(line), sizeof line - strlen(line), ",%dms", i);
	assert_int_equal(parse(line, &o, err), -1);
	assert_string_equal(err, "gmpscope: record: --at: at most 64 times, got more");
}

/* ---- usage -------------------------------------------------------------------- */

static void test_usage_names_every_subcommand_and_record_option(void **state)
{
	char buf[8192];
	FILE *f = fmemopen(buf, sizeof buf, "w");
	(void)state;
	assert_non_null(f);
	cli_usage(f, CLI_HELP);
	fclose(f);
	static const char *const words[] = {
		"gmpscope list", "gmpscope metrics", "gmpscope check [--seeds N] [--metrics FILE] [--max-events N] [--max-engine-memory SIZE] [SCENARIO...]",
		"gmpscope record SCENARIO", "--variant NAME", "--seed N", "--until DURATION",
		"--size COLSxROWS", "--fps N", "--speed S", "--at T1,T2,...", "--keys SCRIPT",
		"--cast FILE", "--screens DIR", "--schedtrace FILE[:INTERVAL]", "--schedtrace-detail",
		"--trace-json FILE", "--ascii", "--max-events N", "--max-engine-memory SIZE", GMPSCOPE_VERSION,
		"gmpscope replay [--scenario SCENARIO [--variant NAME]] [--ascii] [--theme T] FILE",
		"gmpscope real [--interval D] [--scenario S [--variant NAME]] [--ascii] [--theme T] -- PROGRAM [ARG...]",
	};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (!strstr(buf, words[i]))
			print_error("usage lacks \"%s\"\n", words[i]), fail();
}

int main(void)
{
	const struct CMUnitTest parser[] = {
		cmocka_unit_test(test_every_bad_argument_gives_its_one_line),
		cmocka_unit_test(test_error_line_never_contains_a_newline),
		cmocka_unit_test(test_help_anywhere_wins_and_names_the_subcommand),
		cmocka_unit_test(test_version_anywhere),
		cmocka_unit_test(test_help_after_double_dash_is_an_argument),
		cmocka_unit_test(test_no_arguments_opens_the_picker),
		cmocka_unit_test(test_interactive_takes_variant_seed_ascii_in_any_order),
		cmocka_unit_test(test_subcommands_without_arguments),
		cmocka_unit_test(test_check_keeps_its_scenarios_in_order),
		cmocka_unit_test(test_replay_and_real),
		cmocka_unit_test(test_record_defaults),
		cmocka_unit_test(test_record_takes_every_option),
		cmocka_unit_test(test_the_budget_options),
		cmocka_unit_test(test_record_size_and_speed_limits),
		cmocka_unit_test(test_schedtrace_file_keeps_colons_before_the_interval),
		cmocka_unit_test(test_at_accepts_zero_and_caps_the_count),
		cmocka_unit_test(test_usage_names_every_subcommand_and_record_option),
	};
	return cmocka_run_group_tests_name("cli", parser, NULL, NULL);
}
