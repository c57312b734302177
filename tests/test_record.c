/*
 * test_record.c — `gmpscope record`: the asciicast, the screenshots, the
 * schedtrace lines and the Chrome trace of a small inline scenario, checked
 * for structure and exact content; determinism; and the refusals (one line,
 * exit 2, no file).
 *
 * The recorder runs in-process (cli_parse + cmd_record, as main.c does) into a
 * fresh temporary directory per test (record_fixture.c). JSON is checked by
 * the tests' strict parser (json.c: RFC 8259 values; no trailing commas, no
 * comments).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <regex.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "engine.h"
#include "record.h"
#include "scenario.h"
#include "replay.h"
#include "json.h"
#include "record_fixture.h"

/* ---- helpers ---------------------------------------------------------- */

/* full_run records the bug variant with every output into DIR/NAME.*. */
static void full_run(const recfx *f, const char *name)
{
	char err[1024], cast[128], screens[128], st[128], tr[128];
	snprintf(cast, sizeof cast, "@/%s.cast", name);
	snprintf(screens, sizeof screens, "@/%s-shots", name);
	snprintf(st, sizeof st, "@/%s.sched:1ms", name);
	snprintf(tr, sizeof tr, "@/%s.json", name);
	int rc = recfx_record(f, err, sizeof err, "@/t.gmp", "--cast", cast, "--screens", screens,
	                "--schedtrace", st, "--trace-json", tr, "--at", "2ms,7500us", NULL);
	if (rc != 0)
		print_error("record failed: %s", err);
	assert_int_equal(rc, 0);
	assert_string_equal(err, "");
}

/* nms_after_run runs variant v of the fixture scenario to its end and returns
 * how many Ms ever existed. */
static int nms_after_run(const recfx *f, const char *variant)
{
	gmp_scenario s;
	char err[512];
	memset(&s, 0, sizeof s);
	assert_int_equal(scenario_load(f->scen, &s, err, sizeof err), 0);
	int v = scenario_variant(&s, variant);
	assert_true(v >= 0);
	gmp_engine *e = engine_new(&s.variants[v].prog, &s.variants[v].cfg);
	engine_run(e);
	int n = engine_nms(e);
	engine_free(e);
	scenario_free(&s);
	return n;
}

/* dir_entries counts the entries of dir besides . and .. */
static int dir_entries(const char *dir)
{
	DIR *d = opendir(dir);
	int n = 0;
	struct dirent *de;
	assert_non_null(d);
	while ((de = readdir(d)))
		n += strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
	closedir(d);
	return n;
}

/* ---- the asciicast ---------------------------------------------------- */

static void test_cast_header_has_exactly_the_expected_fields(void **state)
{
	recfx *f = *state;
	full_run(f, "a");
	char *text = recfx_slurpf(NULL, "%s/a.cast", f->dir);
	char *nl = strchr(text, '\n');
	assert_non_null(nl);
	*nl = 0;
	jv *h = jparse(text);
	assert_non_null(h);
	assert_int_equal(h->t, J_OBJ);
	assert_int_equal(h->n, 5);
	const char *want[5] = { "version", "width", "height", "title", "env" };
	for (int i = 0; i < 5; i++)
		assert_string_equal(h->keys[i], want[i]);
	assert_true(jget(h, "version")->num == 2);
	assert_true(jget(h, "width")->num == CLI_DEFAULT_COLS);
	assert_true(jget(h, "height")->num == CLI_DEFAULT_ROWS);
	assert_string_equal(jget(h, "title")->str, "gmpscope 42 record-test (bug)");
	jv *env = jget(h, "env");
	assert_int_equal(env->n, 2);
	assert_string_equal(jget(env, "TERM")->str, "xterm-256color");
	assert_string_equal(jget(env, "SHELL")->str, "/bin/sh");
	jfree(h);
	free(text);
}

static void test_cast_events_are_time_code_data_in_time_order(void **state)
{
	recfx *f = *state;
	full_run(f, "a");
	char *text = recfx_slurpf(NULL, "%s/a.cast", f->dir);
	double last = 0;
	int events = 0, outputs = 0;
	bool steal = false, newm = false, mexit = false, moment = false, exited = false, end = false;
	char *line = strchr(text, '\n') + 1;
	for (char *nl; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		assert_non_null(nl);
		*nl = 0;
		jv *ev = jparse(line);
		if (!ev)
			fail_msg("event %d is not JSON: %.80s", events + 1, line);
		assert_int_equal(ev->t, J_ARR);
		assert_int_equal(ev->n, 3);
		assert_int_equal(ev->items[0]->t, J_NUM);
		assert_int_equal(ev->items[1]->t, J_STR);
		assert_int_equal(ev->items[2]->t, J_STR);
		assert_true(ev->items[0]->num >= last);
		last = ev->items[0]->num;
		const char *code = ev->items[1]->str, *data = ev->items[2]->str;
		assert_true(!strcmp(code, "o") || !strcmp(code, "m"));
		outputs += !strcmp(code, "o");
		if (!strcmp(code, "m")) {
			steal |= !strncmp(data, "first steal: P", 14);
			newm |= !strncmp(data, "new M", 5);
			mexit |= strstr(data, " exited (thread death #1)") != NULL;
			moment |= !strcmp(data, "moment 1 (5ms)");
			exited |= !strcmp(data, "exit (status 0)");
			end = !strcmp(data, "end");
		}
		events++;
		jfree(ev);
	}
	assert_true(outputs > 10);
	assert_true(steal && newm && mexit && moment && exited);
	assert_true(end); /* the very last event */
	free(text);
}

static void test_cast_replayed_through_vt_is_the_end_screenshot(void **state)
{
	recfx *f = *state;
	full_run(f, "a");
	char *text = recfx_slurpf(NULL, "%s/a.cast", f->dir);
	char *want = recfx_slurpf(NULL, "%s/a-shots/end.txt", f->dir);
	vt *v = vt_new(CLI_DEFAULT_COLS, CLI_DEFAULT_ROWS);
	int n = vt_feed_cast(v, text);
	if (n < 0)
		fail_msg("vt: %s", vt_error(v));
	char *got = vt_text(v);
	assert_string_equal(got, want);
	assert_non_null(strstr(want, "exited 0"));
	free(got);
	vt_free(v);
	free(want);
	free(text);
}

/* ---- screenshots ------------------------------------------------------ */

static void test_screenshots_land_exactly_on_their_times(void **state)
{
	recfx *f = *state;
	full_run(f, "a");
	const char *names[3] = { "t0002ms", "t7500us", "moment1" };
	const char *times[3] = { "t=2.000ms ", "t=7.500ms ", "t=5.000ms " };
	for (int i = 0; i < 3; i++) {
		char *txt = recfx_slurpf(NULL, "%s/a-shots/%s.txt", f->dir, names[i]);
		char *first = strchr(txt, '\n');
		*first = 0;
		if (!strstr(txt, times[i]))
			fail_msg("%s.txt header lacks \"%s\": %s", names[i], times[i], txt);
		free(txt);
		char *svg = recfx_slurpf(NULL, "%s/a-shots/%s.svg", f->dir, names[i]);
		assert_int_equal(strncmp(svg, "<svg", 4) == 0 || strncmp(svg, "<?xml", 5) == 0, 1);
		free(svg);
	}
	free(recfx_slurpf(NULL, "%s/a-shots/end.svg", f->dir));
	free(recfx_slurpf(NULL, "%s/a-shots/mark-steal.txt", f->dir));
}

static void test_two_runs_are_byte_identical(void **state)
{
	recfx *f = *state;
	full_run(f, "a");
	full_run(f, "b");
	const char *files[][2] = {
		{ "a.cast", "b.cast" }, { "a.sched", "b.sched" }, { "a.json", "b.json" },
		{ "a-shots/end.txt", "b-shots/end.txt" }, { "a-shots/end.svg", "b-shots/end.svg" },
		{ "a-shots/moment1.svg", "b-shots/moment1.svg" },
	};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		size_t la, lb;
		char *a = recfx_slurpf(&la, "%s/%s", f->dir, files[i][0]);
		char *b = recfx_slurpf(&lb, "%s/%s", f->dir, files[i][1]);
		if (la != lb || memcmp(a, b, la) != 0)
			fail_msg("%s and %s differ", files[i][0], files[i][1]);
		free(a);
		free(b);
	}
	assert_int_equal(dir_entries(f->dir), 1 + 2 * 4);
}

static void test_keys_replay_through_appstate_and_steps_pause(void **state)
{
	recfx *f = *state;
	char err[1024];
	/* the recording starts playing, but a step pauses it: three steps,
	 * then q, so the cast ends, paused, on the third visible event */
	int rc = recfx_record(f, err, sizeof err, "@/t.gmp", "--keys", "n n 100ms n q", "--cast", "@/k.cast",
	                "--screens", "@/k", NULL);
	assert_int_equal(rc, 0);
	char *end = recfx_slurpf(NULL, "%s/k/end.txt", f->dir);
	assert_non_null(strstr(end, "paused"));
	free(end);
	char *text = recfx_slurpf(NULL, "%s/k.cast", f->dir);
	/* frames at 0 and 100ms (keys), plus the end marker at 100ms */
	assert_non_null(strstr(text, "\n[0.100000, \"m\", \"end\"]\n"));
	free(text);

	/* space pauses the playing recording at t=0: the script is over and
	 * nothing plays, so it ends after two seconds of end screen */
	rc = recfx_record(f, err, sizeof err, "@/t.gmp", "--keys", "space", "--cast", "@/p.cast",
	            "--screens", "@/p", NULL);
	assert_int_equal(rc, 0);
	end = recfx_slurpf(NULL, "%s/p/end.txt", f->dir);
	assert_non_null(strstr(end, " t=0ns "));
	assert_non_null(strstr(end, "paused"));
	free(end);
	text = recfx_slurpf(NULL, "%s/p.cast", f->dir);
	assert_non_null(strstr(text, "\n[2.000000, \"m\", \"end\"]\n"));
	free(text);
}

/* --until bounds the recording whatever the keys do: a `g f` (run to the
 * exit, ~10ms) or a step that would pass it stops exactly at it. */
static void test_until_bounds_steps_and_run_until(void **state)
{
	recfx *f = *state;
	char err[1024];
	assert_int_equal(recfx_record(f, err, sizeof err, "@/t.gmp", "--keys", "g f", "--until", "3ms",
	                        "--screens", "@/g", "--cast", "@/g.cast", NULL), 0);
	char *end = recfx_slurpf(NULL, "%s/g/end.txt", f->dir);
	*strchr(end, '\n') = 0;
	if (!strstr(end, " t=3.000ms "))
		fail_msg("end screen not at --until: %s", end);
	free(end);
	assert_int_equal(recfx_record(f, err, sizeof err, "@/t.gmp", "--keys", "n n n n n n n n", "--until",
	                        "1us", "--screens", "@/n", NULL), 0);
	end = recfx_slurpf(NULL, "%s/n/end.txt", f->dir);
	*strchr(end, '\n') = 0;
	if (!strstr(end, " t=1.000\xc2\xb5s "))
		fail_msg("end screen not at --until: %s", end);
	free(end);
}

/* ---- schedtrace ------------------------------------------------------- */

static regex_t *re(const char *pattern)
{
	static regex_t r;
	static bool have;
	if (have)
		regfree(&r);
	assert_int_equal(regcomp(&r, pattern, REG_EXTENDED | REG_NOSUB), 0);
	have = true;
	return &r;
}

#define SUMMARY "^SCHED ([0-9]+)ms: gomaxprocs=2 idleprocs=[0-2] threads=[0-9]+ " \
	"spinningthreads=[0-9]+ needspinning=[01] idlethreads=[0-9]+ runqueue=[0-9]+"

static void test_schedtrace_lines_follow_the_runtime_layout(void **state)
{
	recfx *f = *state;
	full_run(f, "a");
	char *text = recfx_slurpf(NULL, "%s/a.sched", f->dir);
	assert_int_equal(strncmp(text, "SCHED 0ms: gomaxprocs=2 ", 24), 0);
	regex_t *r = re(SUMMARY " \\[ ([0-9]+ ){2}\\] schedticks=\\[ ([0-9]+ ){2}\\]$");
	int lines = 0, prev = -1;
	for (char *line = text, *nl; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		assert_non_null(nl);
		*nl = 0;
		if (regexec(r, line, 0, NULL, 0) != 0)
			fail_msg("line %d: %s", lines + 1, line);
		/* sysmon prints at its first wake-up 1ms or more after the last
		 * line, and sleeps at most 10ms: the stamps drift, never back */
		int ms = atoi(line + 6);
		if (prev >= 0 && (ms < prev + 1 || ms > prev + 12))
			fail_msg("line %d at %dms after %dms", lines + 1, ms, prev);
		prev = ms;
		lines++;
	}
	/* the program runs about 10ms: one line per ms, none after the exit */
	assert_true(lines >= 5 && lines <= 20);
	free(text);
}

static void test_scheddetail_lines_and_older_layouts(void **state)
{
	recfx *f = *state;
	char err[1024];
	assert_int_equal(recfx_record(f, err, sizeof err, "@/t.gmp", "--schedtrace", "@/d.txt:2ms",
	                        "--schedtrace-detail", "--until", "7ms", NULL), 0);
	assert_int_equal(recfx_record(f, err, sizeof err, "@/t.gmp", "--variant", "old", "--schedtrace",
	                        "@/o.txt:2ms", "--until", "7ms", NULL), 0);
	char *d = recfx_slurpf(NULL, "%s/d.txt", f->dir);
	regex_t sum, p, m, g;
	assert_int_equal(regcomp(&sum, SUMMARY " gcwaiting=false nmidlelocked=[0-9]+ stopwait=0 "
	                         "sysmonwait=false$", REG_EXTENDED | REG_NOSUB), 0);
	assert_int_equal(regcomp(&p, "^  P[01]: status=[0-4] schedtick=[0-9]+ syscalltick=[0-9]+ "
	                         "m=([0-9]+|nil) runqsize=[0-9]+ gfreecnt=[0-9]+ timerslen=[0-9]+$",
	                         REG_EXTENDED | REG_NOSUB), 0);
	assert_int_equal(regcomp(&m, "^  M[0-9]+: p=([0-9]+|nil) curg=([0-9]+|nil) mallocing=0 "
	                         "throwing=0 preemptoff= locks=0 dying=0 spinning=(true|false) "
	                         "blocked=(true|false) lockedg=([0-9]+|nil)$", REG_EXTENDED | REG_NOSUB), 0);
	assert_int_equal(regcomp(&g, "^  G[0-9]+: status=[0-9]+\\([a-zA-Z. ()]*\\) m=([0-9]+|nil) "
	                         "lockedm=([0-9]+|nil)$", REG_EXTENDED | REG_NOSUB), 0);
	int counts[4] = {0, 0, 0, 0};
	char *copy = strdup(d);
	for (char *line = copy, *nl; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		*nl = 0;
		regex_t *all[4] = { &sum, &p, &m, &g };
		int k = line[0] == 'S' ? 0 : line[2] == 'P' ? 1 : line[2] == 'M' ? 2 : 3;
		if (regexec(all[k], line, 0, NULL, 0) != 0)
			fail_msg("detail line: %s", line);
		counts[k]++;
	}
	free(copy);
	assert_int_equal(counts[0], 3);     /* 0ms 2ms 6ms: sysmon's wake-ups */
	assert_int_equal(counts[1], 6);     /* two Ps each */
	assert_int_equal(counts[2], 15);   /* the Ms of 0, 2 and 6 ms */
	assert_int_equal(counts[3], 28);   /* 13 live and 3 dead Gs over 0, 2 and 6 ms,
	                                    * and the runtime's G2-G5 in each */
	/* allgs keeps the dead: status 6, no M */
	assert_non_null(strstr(d, "  G8: status=6() m=nil lockedm=nil\n"));
	/* Ms newest first, as the runtime walks allm */
	char *m5 = strstr(d, "  M5: "), *m4 = strstr(d, "  M4: ");
	assert_true(m5 && m4 && m5 < m4);
	/* main waits for the workers: parked, with the runtime's wait reason */
	char *g1 = strstr(d, "  G1: status=4(");
	assert_non_null(g1);
	assert_int_equal(strncmp(strchr(g1, ')'), ") m=nil lockedm=nil", 19), 0);
	regfree(&sum);
	regfree(&p);
	regfree(&m);
	regfree(&g);
	free(d);
	/* Go 1.19: no needspinning, "[a b]" and no schedticks */
	char *o = recfx_slurpf(NULL, "%s/o.txt", f->dir);
	regex_t *old = re("^SCHED [026]ms: gomaxprocs=2 idleprocs=[0-2] threads=[0-9]+ "
	                  "spinningthreads=[0-9]+ idlethreads=[0-9]+ runqueue=[0-9]+ \\[[0-9]+ [0-9]+\\]$");
	int n = 0;
	for (char *line = o, *nl; *line; line = nl + 1, n++) {
		nl = strchr(line, '\n');
		*nl = 0;
		if (regexec(old, line, 0, NULL, 0) != 0)
			fail_msg("go1.19 line: %s", line);
	}
	assert_int_equal(n, 3);
	free(o);
}

/* ---- Chrome trace ----------------------------------------------------- */

static void test_trace_json_parses_with_a_track_per_p_and_per_m(void **state)
{
	recfx *f = *state;
	full_run(f, "a");
	char *text = recfx_slurpf(NULL, "%s/a.json", f->dir);
	jv *doc = jparse(text);
	assert_non_null(doc);
	assert_string_equal(jget(doc, "displayTimeUnit")->str, "ns");
	jv *evs = jget(doc, "traceEvents");
	assert_non_null(evs);
	assert_int_equal(evs->t, J_ARR);
	int ptracks = 0, mtracks = 0, slices = 0, steals = 0, counters = 0, exits = 0, mains = 0;
	for (int i = 0; i < evs->n; i++) {
		jv *e = evs->items[i];
		const char *ph = jget(e, "ph")->str, *name = jget(e, "name")->str;
		int pid = (int)jget(e, "pid")->num;
		if (!strcmp(ph, "M") && !strcmp(name, "thread_name")) {
			ptracks += pid == 1;
			mtracks += pid == 2;
			continue;
		}
		if (!strcmp(ph, "M"))
			continue;
		jv *ts = jget(e, "ts");
		assert_non_null(ts);
		assert_true(ts->num >= 0 && ts->num <= 50000);
		if (!strcmp(ph, "X")) {
			assert_true(jget(e, "dur")->num >= 0);
			slices++;
			/* P0's first run is runtime.main's (EV_START names its function) */
			if (pid == 1 && jget(e, "tid")->num == 0 && ts->num == 0)
				mains += !strcmp(name, "G1 main");
		}
		steals += !strcmp(ph, "i") && !strcmp(name, "steal");
		exits += !strcmp(ph, "i") && !strcmp(name, "exit");
		counters += !strcmp(ph, "C");
	}
	assert_int_equal(ptracks, 2);
	assert_int_equal(mtracks, nms_after_run(f, "bug"));
	assert_true(slices > 10);
	assert_true(steals >= 1);
	assert_int_equal(exits, 1);
	assert_int_equal(mains, 1);
	assert_true(counters >= 2);
	/* ts has microsecond units with decimals: "ts":123.456 */
	assert_non_null(strstr(text, "\"ts\":0.000"));
	jfree(doc);
	free(text);
}

/* ---- refusals --------------------------------------------------------- */

static void assert_refused_at(const recfx *f, int rc, const char *err, const char *want,
                              const char *file, int line)
{
	char full[600];
	snprintf(full, sizeof full, "%s\n", want);
	if (rc != 2 || strcmp(err, full) != 0) {
		print_error("want exit 2 and: %s\ngot  exit %d and: %s", full, rc, err);
		_fail(file, line);
	}
	if (dir_entries(f->dir) != 1) {
		print_error("a refused record left files in %s\n", f->dir);
		_fail(file, line);
	}
}
#define assert_refused(f, rc, err, want) assert_refused_at(f, rc, err, want, __FILE__, __LINE__)

static void test_bad_arguments_give_one_line_exit_2_and_no_file(void **state)
{
	recfx *f = *state;
	char err[1024], want[600];
	int rc = recfx_record(f, err, sizeof err, "@/t.gmp", "--variant", "nope", "--cast", "@/x.cast",
	                "--screens", "@/s", NULL);
	assert_refused(f, rc, err, "gmpscope: record: 42-record-test has no variant \"nope\" "
	               "(its variants: bug, fix, old)");

	rc = recfx_record(f, err, sizeof err, "@/missing.gmp", "--cast", "@/x.cast", NULL);
	snprintf(want, sizeof want, "gmpscope: cannot open %s/missing.gmp: No such file", f->dir);
	assert_refused(f, rc, err, want);

	rc = recfx_record(f, err, sizeof err, "@/t.gmp", "--size", "5x5", "--cast", "@/x.cast", NULL);
	assert_refused(f, rc, err, "gmpscope: record: --size: expected COLSxROWS between 20x10 "
	               "and 1000x1000, got \"5x5\"");

	/* an unwritable output refuses the whole run: no other output appears */
	rc = recfx_record(f, err, sizeof err, "@/t.gmp", "--cast", "@/x.cast", "--screens", "@/s",
	            "--trace-json", "@/no/such/dir/t.json", NULL);
	snprintf(want, sizeof want, "gmpscope: %s/no/such/dir/t.json: cannot create: "
	         "No such file or directory", f->dir);
	assert_refused(f, rc, err, want);

	rc = recfx_record(f, err, sizeof err, "@/t.gmp", "--cast", "@/x.cast", "--screens", "@/t.gmp/s",
	            NULL);
	snprintf(want, sizeof want, "gmpscope: %s/t.gmp/s: cannot create directory: Not a directory",
	         f->dir);
	assert_refused(f, rc, err, want);
}

static void test_a_refused_run_keeps_an_existing_file(void **state)
{
	recfx *f = *state;
	char err[1024], path[256];
	snprintf(path, sizeof path, "%s/keep.cast", f->dir);
	FILE *fp = fopen(path, "w");
	fputs("old\n", fp);
	fclose(fp);
	int rc = recfx_record(f, err, sizeof err, "@/t.gmp", "--variant", "nope", "--cast", "@/keep.cast",
	                NULL);
	assert_int_equal(rc, 2);
	char *text = recfx_slurp(path, NULL);
	assert_string_equal(text, "old\n");
	free(text);
	assert_int_equal(dir_entries(f->dir), 2);
}

/* A write that fails late (here: the screenshots hit a file-size limit, as
 * they would a full disk) fails the whole run: the traces and the cast that
 * were complete by then do not appear either, and the line says why. */
static void test_a_failed_write_leaves_no_output_at_all(void **state)
{
	recfx *f = *state;
	char err[1024], want[600];
	struct rlimit old, lim;
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = 50000; /* the cast (~42kB) fits, an SVG screenshot (~56kB) not */
	void (*was)(int) = signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	int rc = recfx_record(f, err, sizeof err, "@/t.gmp", "--cast", "@/x.cast", "--schedtrace",
	                "@/x.sched", "--trace-json", "@/x.json", "--screens", "@/shots", NULL);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, was);
	assert_int_equal(rc, 2);
	snprintf(want, sizeof want, "gmpscope: %s/shots/", f->dir);
	if (strncmp(err, want, strlen(want)) != 0 || !strstr(err, ".svg: cannot write: File too large\n"))
		fail_msg("unexpected error line: %s", err);
	assert_int_equal(dir_entries(f->dir), 1); /* t.gmp alone: no output, no temporary */

	/* into an existing directory: its files stay, no staging directory is left */
	char shots[256];
	snprintf(shots, sizeof shots, "%s/shots", f->dir);
	assert_int_equal(mkdir(shots, 0777), 0);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	was = signal(SIGXFSZ, SIG_IGN);
	rc = recfx_record(f, err, sizeof err, "@/t.gmp", "--cast", "@/x.cast", "--screens", "@/shots", NULL);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, was);
	assert_int_equal(rc, 2);
	assert_int_equal(dir_entries(f->dir), 2);
	assert_int_equal(dir_entries(shots), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_cast_header_has_exactly_the_expected_fields, recfx_setup, recfx_teardown),
		cmocka_unit_test_setup_teardown(test_cast_events_are_time_code_data_in_time_order, recfx_setup, recfx_teardown),
		cmocka_unit_test_setup_teardown(test_cast_replayed_through_vt_is_the_end_screenshot, recfx_setup, recfx_teardown),
		cmocka_unit_test_setup_teardown(test_screenshots_land_exactly_on_their_times, recfx_setup, recfx_teardown),
		cmocka_unit_test_setup_teardown(test_two_runs_are_byte_identical, recfx_setup, recfx_teardown),
		cmocka_unit_test_setup_teardown(test_keys_replay_through_appstate_and_steps_pause, recfx_setup, recfx_teardown),
		cmocka_unit_test_setup_teardown(test_until_bounds_steps_and_run_until, recfx_setup, recfx_teardown),
		cmocka_unit_test_setup_teardown(test_schedtrace_lines_follow_the_runtime_layout, recfx_setup, recfx_teardown),
		cmocka_unit_test_setup_teardown(test_scheddetail_lines_and_older_layouts, recfx_setup, recfx_teardown),
		cmocka_unit_test_setup_teardown(test_trace_json_parses_with_a_track_per_p_and_per_m, recfx_setup, recfx_teardown),
		cmocka_unit_test_setup_teardown(test_bad_arguments_give_one_line_exit_2_and_no_file, recfx_setup, recfx_teardown),
		cmocka_unit_test_setup_teardown(test_a_refused_run_keeps_an_existing_file, recfx_setup, recfx_teardown),
		cmocka_unit_test_setup_teardown(test_a_failed_write_leaves_no_output_at_all, recfx_setup, recfx_teardown),
	};
	return cmocka_run_group_tests_name("record", tests, NULL, NULL);
}
