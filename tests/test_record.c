/*
 * test_record.c — `gmpscope record`: the asciicast, the screenshots, the
 * schedtrace lines and the Chrome trace of a small inline scenario, checked
 * for structure and exact content; determinism; and the refusals (one line,
 * exit 2, no file).
 *
 * The recorder runs in-process (cli_parse + cmd_record, as main.c does) into a
 * fresh temporary directory per test. JSON is checked by a small strict parser
 * below (RFC 8259 values; no trailing commas, no comments).
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

/* A tiny scenario: six locked workers on two Ps, so the recording has a
 * steal, new threads, thread deaths, a moment and an exit. */
static const char SCEN[] =
	"scenario 42 record-test\n"
	"title \"recorder test\"\n"
	"family lifecycle\n"
	"go 1.25\n"
	"gomaxprocs 2\n"
	"cpus 2\n"
	"noise off\n"          /* exact trace lines: the noiseless machine */
	"horizon 50ms\n"
	"speed 10ms\n"
	"moments 5ms\n"
	"\n"
	"variant bug\n"
	"  waitgroup wg\n"
	"  func main\n"
	"    repeat 6\n"
	"      add wg 1\n"
	"      go worker\n"
	"    wait wg\n"
	"  func worker\n"
	"    defer done wg\n"
	"    lockosthread\n"
	"    work 2ms\n"
	"    sleep 1ms\n"
	"    work 1ms\n"
	"\n"
	"variant fix like bug\n"
	"  func worker\n"
	"    defer done wg\n"
	"    work 1ms\n"
	"\n"
	"variant old like bug\n"
	"  set go 1.19\n";

/* ---- fixture ---------------------------------------------------------- */

typedef struct fx {
	char dir[64];       /* temporary directory */
	char scen[128];     /* the scenario file in it */
} fx;

static int setup(void **state)
{
	fx *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	snprintf(f->dir, sizeof f->dir, "/tmp/gmp-test-record.XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->scen, sizeof f->scen, "%s/t.gmp", f->dir);
	FILE *fp = fopen(f->scen, "w");
	if (!fp)
		return -1;
	fputs(SCEN, fp);
	fclose(fp);
	*state = f;
	return 0;
}

static void rm_rf(const char *path)
{
	DIR *d = opendir(path);
	if (d) {
		struct dirent *de;
		while ((de = readdir(d))) {
			if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
				continue;
			char p[512];
			snprintf(p, sizeof p, "%s/%s", path, de->d_name);
			rm_rf(p);
		}
		closedir(d);
		rmdir(path);
	} else {
		unlink(path);
	}
}

static int teardown(void **state)
{
	fx *f = *state;
	rm_rf(f->dir);
	free(f);
	return 0;
}

/* record runs `gmpscope record ARGS...` (NULL-terminated; "@" in an argument
 * stands for the fixture directory) in-process. Returns its exit status; the
 * stderr text goes to errbuf. */
static int record(const fx *f, char *errbuf, size_t errlen, ...)
{
	char store[16][600];
	char *argv[20];
	int argc = 0;
	argv[argc++] = "gmpscope";
	argv[argc++] = "record";
	va_list ap;
	va_start(ap, errlen);
	for (const char *a; (a = va_arg(ap, const char *)) && argc < 18;) {
		char *out = store[argc];
		size_t n = 0;
		for (; *a && n + 70 < sizeof store[0]; a++) {
			if (*a == '@')
				n += (size_t)snprintf(out + n, sizeof store[0] - n, "%s", f->dir);
			else
				out[n++] = *a;
		}
		out[n] = 0;
		argv[argc++] = out;
	}
	va_end(ap);
	argv[argc] = NULL;

	char errpath[128];
	snprintf(errpath, sizeof errpath, "%s.stderr", f->dir);
	fflush(stderr);
	int saved = dup(2), fd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(saved >= 0 && fd >= 0);
	dup2(fd, 2);
	close(fd);
	cli_opts o;
	char err[CLI_ERR_MAX];
	int rc;
	if (cli_parse(argc, argv, &o, err, sizeof err) < 0) {
		fprintf(stderr, "%s\n", err);
		rc = 2;
	} else {
		assert_int_equal(o.cmd, CLI_RECORD);
		rc = cmd_record(&o);
	}
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	FILE *fp = fopen(errpath, "r");
	size_t n = fp ? fread(errbuf, 1, errlen - 1, fp) : 0;
	errbuf[n] = 0;
	if (fp)
		fclose(fp);
	unlink(errpath);
	return rc;
}

/* slurp reads a whole file (NUL-terminated); fails the test if missing. */
static char *slurp_at(const char *path, size_t *len, const char *file, int line)
{
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		print_error("cannot open %s\n", path);
		_fail(file, line);
	}
	fseek(fp, 0, SEEK_END);
	long n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	char *buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	buf[n] = 0;
	fclose(fp);
	if (len)
		*len = (size_t)n;
	return buf;
}
#define slurp(path, len) slurp_at(path, len, __FILE__, __LINE__)

static char *slurpf(size_t *len, const char *fmt, ...)
{
	char path[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(path, sizeof path, fmt, ap);
	va_end(ap);
	return slurp(path, len);
}

/* ---- a strict little JSON parser -------------------------------------- */

typedef enum { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ } jtype;

typedef struct jv {
	jtype t;
	double num;
	char *str;            /* J_STR: decoded, NUL-terminated */
	struct jv **items;    /* J_ARR items / J_OBJ values */
	char **keys;          /* J_OBJ keys */
	int n;
} jv;

static void jfree(jv *v)
{
	if (!v)
		return;
	for (int i = 0; i < v->n; i++) {
		jfree(v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->str);
	free(v);
}

static void ws(const char **p)
{
	while (**p == ' ' || **p == '\t' || **p == '\n' || **p == '\r')
		(*p)++;
}

static jv *jparse_value(const char **p, int depth);

static char *jparse_string(const char **p)
{
	if (**p != '"')
		return NULL;
	const char *s = ++*p;
	while (**p && **p != '"') {
		if ((unsigned char)**p < 0x20)
			return NULL;
		if (**p == '\\') {
			(*p)++;
			if (!**p || !strchr("\"\\/bfnrtu", **p))
				return NULL;
		}
		(*p)++;
	}
	if (**p != '"')
		return NULL;
	size_t n;
	char *out = vt_json_unescape(s, (size_t)(*p - s), &n);
	(*p)++;
	return out;
}

static bool jpush(jv *v, jv *item, char *key)
{
	jv **ni = realloc(v->items, (size_t)(v->n + 1) * sizeof *ni);
	if (!ni)
		return false;
	v->items = ni;
	if (v->t == J_OBJ) {
		char **nk = realloc(v->keys, (size_t)(v->n + 1) * sizeof *nk);
		if (!nk)
			return false;
		v->keys = nk;
		v->keys[v->n] = key;
	}
	v->items[v->n++] = item;
	return true;
}

static jv *jparse_container(const char **p, int depth, bool obj)
{
	jv *v = calloc(1, sizeof *v);
	v->t = obj ? J_OBJ : J_ARR;
	(*p)++;
	ws(p);
	if (**p == (obj ? '}' : ']')) {
		(*p)++;
		return v;
	}
	for (;;) {
		char *key = NULL;
		ws(p);
		if (obj) {
			if (!(key = jparse_string(p)))
				goto bad;
			ws(p);
			if (*(*p)++ != ':') {
				free(key);
				goto bad;
			}
		}
		jv *item = jparse_value(p, depth + 1);
		if (!item || !jpush(v, item, key)) {
			free(key);
			jfree(item);
			goto bad;
		}
		ws(p);
		if (**p == ',') {
			(*p)++;
			continue;
		}
		if (*(*p)++ == (obj ? '}' : ']'))
			return v;
		goto bad;
	}
bad:
	jfree(v);
	return NULL;
}

static jv *jparse_value(const char **p, int depth)
{
	ws(p);
	if (depth > 64)
		return NULL;
	if (**p == '{' || **p == '[')
		return jparse_container(p, depth, **p == '{');
	jv *v = calloc(1, sizeof *v);
	if (**p == '"') {
		v->t = J_STR;
		if ((v->str = jparse_string(p)))
			return v;
	} else if (!strncmp(*p, "true", 4) || !strncmp(*p, "null", 4)) {
		v->t = **p == 't' ? J_BOOL : J_NULL;
		*p += 4;
		return v;
	} else if (!strncmp(*p, "false", 5)) {
		v->t = J_BOOL;
		*p += 5;
		return v;
	} else if (**p == '-' || (**p >= '0' && **p <= '9')) {
		/* JSON numbers: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
		const char *s = *p;
		if (*s == '-')
			s++;
		if (*s == '0' && s[1] >= '0' && s[1] <= '9')
			goto bad;
		char *end;
		v->t = J_NUM;
		v->num = strtod(*p, &end);
		if (end[-1] == '.' || strchr(".eE", *end))
			goto bad;
		*p = end;
		return v;
	}
bad:
	jfree(v);
	return NULL;
}

/* jparse parses a whole document; NULL if it is not exactly one JSON value. */
static jv *jparse(const char *s)
{
	const char *p = s;
	jv *v = jparse_value(&p, 0);
	ws(&p);
	if (v && *p) {
		jfree(v);
		return NULL;
	}
	return v;
}

static jv *jget(const jv *o, const char *key)
{
	if (!o || o->t != J_OBJ)
		return NULL;
	for (int i = 0; i < o->n; i++)
		if (!strcmp(o->keys[i], key))
			return o->items[i];
	return NULL;
}

/* ---- helpers ---------------------------------------------------------- */

/* full_run records the bug variant with every output into DIR/NAME.*. */
static void full_run(const fx *f, const char *name)
{
	char err[1024], cast[128], screens[128], st[128], tr[128];
	snprintf(cast, sizeof cast, "@/%s.cast", name);
	snprintf(screens, sizeof screens, "@/%s-shots", name);
	snprintf(st, sizeof st, "@/%s.sched:1ms", name);
	snprintf(tr, sizeof tr, "@/%s.json", name);
	int rc = record(f, err, sizeof err, "@/t.gmp", "--cast", cast, "--screens", screens,
	                "--schedtrace", st, "--trace-json", tr, "--at", "2ms,7500us", NULL);
	if (rc != 0)
		print_error("record failed: %s", err);
	assert_int_equal(rc, 0);
	assert_string_equal(err, "");
}

/* nms_after_run runs variant v of the fixture scenario to its end and returns
 * how many Ms ever existed. */
static int nms_after_run(const fx *f, const char *variant)
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
	fx *f = *state;
	full_run(f, "a");
	char *text = slurpf(NULL, "%s/a.cast", f->dir);
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
	fx *f = *state;
	full_run(f, "a");
	char *text = slurpf(NULL, "%s/a.cast", f->dir);
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
	fx *f = *state;
	full_run(f, "a");
	char *text = slurpf(NULL, "%s/a.cast", f->dir);
	char *want = slurpf(NULL, "%s/a-shots/end.txt", f->dir);
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
	fx *f = *state;
	full_run(f, "a");
	const char *names[3] = { "t0002ms", "t7500us", "moment1" };
	const char *times[3] = { "t=2.000ms ", "t=7.500ms ", "t=5.000ms " };
	for (int i = 0; i < 3; i++) {
		char *txt = slurpf(NULL, "%s/a-shots/%s.txt", f->dir, names[i]);
		char *first = strchr(txt, '\n');
		*first = 0;
		if (!strstr(txt, times[i]))
			fail_msg("%s.txt header lacks \"%s\": %s", names[i], times[i], txt);
		free(txt);
		char *svg = slurpf(NULL, "%s/a-shots/%s.svg", f->dir, names[i]);
		assert_int_equal(strncmp(svg, "<svg", 4) == 0 || strncmp(svg, "<?xml", 5) == 0, 1);
		free(svg);
	}
	free(slurpf(NULL, "%s/a-shots/end.svg", f->dir));
	free(slurpf(NULL, "%s/a-shots/mark-steal.txt", f->dir));
}

static void test_two_runs_are_byte_identical(void **state)
{
	fx *f = *state;
	full_run(f, "a");
	full_run(f, "b");
	const char *files[][2] = {
		{ "a.cast", "b.cast" }, { "a.sched", "b.sched" }, { "a.json", "b.json" },
		{ "a-shots/end.txt", "b-shots/end.txt" }, { "a-shots/end.svg", "b-shots/end.svg" },
		{ "a-shots/moment1.svg", "b-shots/moment1.svg" },
	};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		size_t la, lb;
		char *a = slurpf(&la, "%s/%s", f->dir, files[i][0]);
		char *b = slurpf(&lb, "%s/%s", f->dir, files[i][1]);
		if (la != lb || memcmp(a, b, la) != 0)
			fail_msg("%s and %s differ", files[i][0], files[i][1]);
		free(a);
		free(b);
	}
	assert_int_equal(dir_entries(f->dir), 1 + 2 * 4);
}

static void test_keys_replay_through_appstate_and_steps_pause(void **state)
{
	fx *f = *state;
	char err[1024];
	/* the recording starts playing, but a step pauses it: three steps,
	 * then q, so the cast ends, paused, on the third visible event */
	int rc = record(f, err, sizeof err, "@/t.gmp", "--keys", "n n 100ms n q", "--cast", "@/k.cast",
	                "--screens", "@/k", NULL);
	assert_int_equal(rc, 0);
	char *end = slurpf(NULL, "%s/k/end.txt", f->dir);
	assert_non_null(strstr(end, "paused"));
	free(end);
	char *text = slurpf(NULL, "%s/k.cast", f->dir);
	/* frames at 0 and 100ms (keys), plus the end marker at 100ms */
	assert_non_null(strstr(text, "\n[0.100000, \"m\", \"end\"]\n"));
	free(text);

	/* space pauses the playing recording at t=0: the script is over and
	 * nothing plays, so it ends after two seconds of end screen */
	rc = record(f, err, sizeof err, "@/t.gmp", "--keys", "space", "--cast", "@/p.cast",
	            "--screens", "@/p", NULL);
	assert_int_equal(rc, 0);
	end = slurpf(NULL, "%s/p/end.txt", f->dir);
	assert_non_null(strstr(end, " t=0ns "));
	assert_non_null(strstr(end, "paused"));
	free(end);
	text = slurpf(NULL, "%s/p.cast", f->dir);
	assert_non_null(strstr(text, "\n[2.000000, \"m\", \"end\"]\n"));
	free(text);
}

/* --until bounds the recording whatever the keys do: a `g f` (run to the
 * exit, ~10ms) or a step that would pass it stops exactly at it. */
static void test_until_bounds_steps_and_run_until(void **state)
{
	fx *f = *state;
	char err[1024];
	assert_int_equal(record(f, err, sizeof err, "@/t.gmp", "--keys", "g f", "--until", "3ms",
	                        "--screens", "@/g", "--cast", "@/g.cast", NULL), 0);
	char *end = slurpf(NULL, "%s/g/end.txt", f->dir);
	*strchr(end, '\n') = 0;
	if (!strstr(end, " t=3.000ms "))
		fail_msg("end screen not at --until: %s", end);
	free(end);
	assert_int_equal(record(f, err, sizeof err, "@/t.gmp", "--keys", "n n n n n n n n", "--until",
	                        "1us", "--screens", "@/n", NULL), 0);
	end = slurpf(NULL, "%s/n/end.txt", f->dir);
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
	fx *f = *state;
	full_run(f, "a");
	char *text = slurpf(NULL, "%s/a.sched", f->dir);
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
	fx *f = *state;
	char err[1024];
	assert_int_equal(record(f, err, sizeof err, "@/t.gmp", "--schedtrace", "@/d.txt:2ms",
	                        "--schedtrace-detail", "--until", "7ms", NULL), 0);
	assert_int_equal(record(f, err, sizeof err, "@/t.gmp", "--variant", "old", "--schedtrace",
	                        "@/o.txt:2ms", "--until", "7ms", NULL), 0);
	char *d = slurpf(NULL, "%s/d.txt", f->dir);
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
	char *o = slurpf(NULL, "%s/o.txt", f->dir);
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
	fx *f = *state;
	full_run(f, "a");
	char *text = slurpf(NULL, "%s/a.json", f->dir);
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

static void assert_refused_at(const fx *f, int rc, const char *err, const char *want,
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
	fx *f = *state;
	char err[1024], want[600];
	int rc = record(f, err, sizeof err, "@/t.gmp", "--variant", "nope", "--cast", "@/x.cast",
	                "--screens", "@/s", NULL);
	assert_refused(f, rc, err, "gmpscope: record: 42-record-test has no variant \"nope\" "
	               "(its variants: bug, fix, old)");

	rc = record(f, err, sizeof err, "@/missing.gmp", "--cast", "@/x.cast", NULL);
	snprintf(want, sizeof want, "gmpscope: cannot open %s/missing.gmp: No such file", f->dir);
	assert_refused(f, rc, err, want);

	rc = record(f, err, sizeof err, "@/t.gmp", "--size", "5x5", "--cast", "@/x.cast", NULL);
	assert_refused(f, rc, err, "gmpscope: record: --size: expected COLSxROWS between 20x10 "
	               "and 1000x1000, got \"5x5\"");

	/* an unwritable output refuses the whole run: no other output appears */
	rc = record(f, err, sizeof err, "@/t.gmp", "--cast", "@/x.cast", "--screens", "@/s",
	            "--trace-json", "@/no/such/dir/t.json", NULL);
	snprintf(want, sizeof want, "gmpscope: %s/no/such/dir/t.json: cannot create: "
	         "No such file or directory", f->dir);
	assert_refused(f, rc, err, want);

	rc = record(f, err, sizeof err, "@/t.gmp", "--cast", "@/x.cast", "--screens", "@/t.gmp/s",
	            NULL);
	snprintf(want, sizeof want, "gmpscope: %s/t.gmp/s: cannot create directory: Not a directory",
	         f->dir);
	assert_refused(f, rc, err, want);
}

static void test_a_refused_run_keeps_an_existing_file(void **state)
{
	fx *f = *state;
	char err[1024], path[256];
	snprintf(path, sizeof path, "%s/keep.cast", f->dir);
	FILE *fp = fopen(path, "w");
	fputs("old\n", fp);
	fclose(fp);
	int rc = record(f, err, sizeof err, "@/t.gmp", "--variant", "nope", "--cast", "@/keep.cast",
	                NULL);
	assert_int_equal(rc, 2);
	char *text = slurp(path, NULL);
	assert_string_equal(text, "old\n");
	free(text);
	assert_int_equal(dir_entries(f->dir), 2);
}

/* A write that fails late (here: the screenshots hit a file-size limit, as
 * they would a full disk) fails the whole run: the traces and the cast that
 * were complete by then do not appear either, and the line says why. */
static void test_a_failed_write_leaves_no_output_at_all(void **state)
{
	fx *f = *state;
	char err[1024], want[600];
	struct rlimit old, lim;
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = 50000; /* the cast (~42kB) fits, an SVG screenshot (~56kB) not */
	void (*was)(int) = signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	int rc = record(f, err, sizeof err, "@/t.gmp", "--cast", "@/x.cast", "--schedtrace",
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
	rc = record(f, err, sizeof err, "@/t.gmp", "--cast", "@/x.cast", "--screens", "@/shots", NULL);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, was);
	assert_int_equal(rc, 2);
	assert_int_equal(dir_entries(f->dir), 2);
	assert_int_equal(dir_entries(shots), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_cast_header_has_exactly_the_expected_fields, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cast_events_are_time_code_data_in_time_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cast_replayed_through_vt_is_the_end_screenshot, setup, teardown),
		cmocka_unit_test_setup_teardown(test_screenshots_land_exactly_on_their_times, setup, teardown),
		cmocka_unit_test_setup_teardown(test_two_runs_are_byte_identical, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keys_replay_through_appstate_and_steps_pause, setup, teardown),
		cmocka_unit_test_setup_teardown(test_until_bounds_steps_and_run_until, setup, teardown),
		cmocka_unit_test_setup_teardown(test_schedtrace_lines_follow_the_runtime_layout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scheddetail_lines_and_older_layouts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trace_json_parses_with_a_track_per_p_and_per_m, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_arguments_give_one_line_exit_2_and_no_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_refused_run_keeps_an_existing_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_failed_write_leaves_no_output_at_all, setup, teardown),
	};
	return cmocka_run_group_tests_name("record", tests, NULL, NULL);
}
