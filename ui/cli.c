/*
 * cli.c — argv -> cli_opts (the usage text is in cli_usage.c).
 *
 * The parser is table-driven: each option names the modes that accept it, how
 * its value is read, and the placeholder shown in messages. It performs no I/O
 * and never exits, so tests/test_cli.c can check every rule, message by message.
 * Values are checked for form and range here (durations, sizes, numbers); what
 * needs a file or a scenario (does the variant exist? is the key script valid?)
 * is checked by the mode that uses it.
 */
#include "cli.h"

#include <assert.h>
#include <stdarg.h>
#include <string.h>

#include "scenario.h"

#define MODE_BIT(c) (1u << (c))
#define INTERACTIVE_OR_RECORD (MODE_BIT(CLI_INTERACTIVE) | MODE_BIT(CLI_RECORD))
#define QUIZ MODE_BIT(CLI_QUIZ)
#define RUNS_ENGINE (INTERACTIVE_OR_RECORD | MODE_BIT(CLI_CHECK) | QUIZ)
#define RECORD_OR_QUIZ (MODE_BIT(CLI_RECORD) | QUIZ)
#define REAL_MODES (MODE_BIT(CLI_REPLAY) | MODE_BIT(CLI_REAL))

typedef enum {
	OPT_VARIANT, OPT_SEED, OPT_ASCII, OPT_UNTIL, OPT_SIZE, OPT_FPS, OPT_SPEED,
	OPT_AT, OPT_KEYS, OPT_CAST, OPT_SCREENS, OPT_SCHEDTRACE, OPT_SCHEDTRACE_DETAIL,
	OPT_TRACE_JSON, OPT_THEME, OPT_MAX_EVENTS, OPT_MAX_ENGINE_MEMORY, OPT_COMPARE, OPT_METRICS,
	OPT_SHUFFLE, OPT_RECORD, OPT_SEEDS,
	OPT_INTERVAL, OPT_REPLAY, OPT_REAL, OPT_SCENARIO,
} opt_id;

typedef struct opt_spec {
	const char *name;     /* "--size" */
	opt_id id;
	const char *metavar;  /* value placeholder, NULL = a flag without value */
	unsigned modes;       /* MODE_BIT of each cli_command accepting it */
} opt_spec;

static const opt_spec opt_table[] = {
	{ "--variant", OPT_VARIANT, "NAME", INTERACTIVE_OR_RECORD | REAL_MODES },
	{ "--scenario", OPT_SCENARIO, "SCENARIO", REAL_MODES },
	{ "--seed", OPT_SEED, "N", INTERACTIVE_OR_RECORD | QUIZ },
	{ "--ascii", OPT_ASCII, NULL, INTERACTIVE_OR_RECORD | QUIZ | REAL_MODES },
	{ "--theme", OPT_THEME, "dark|light", INTERACTIVE_OR_RECORD | QUIZ | REAL_MODES },
	{ "--interval", OPT_INTERVAL, "DURATION", MODE_BIT(CLI_REAL) | MODE_BIT(CLI_RECORD) },
	{ "--replay", OPT_REPLAY, "FILE", MODE_BIT(CLI_RECORD) },
	{ "--real", OPT_REAL, NULL, MODE_BIT(CLI_RECORD) },
	{ "--until", OPT_UNTIL, "DURATION", MODE_BIT(CLI_RECORD) },
	{ "--size", OPT_SIZE, "COLSxROWS", RECORD_OR_QUIZ },
	{ "--fps", OPT_FPS, "N", RECORD_OR_QUIZ },
	{ "--speed", OPT_SPEED, "S", MODE_BIT(CLI_RECORD) },
	{ "--at", OPT_AT, "T1,T2,...", MODE_BIT(CLI_RECORD) },
	{ "--keys", OPT_KEYS, "SCRIPT", RECORD_OR_QUIZ },
	{ "--cast", OPT_CAST, "FILE", RECORD_OR_QUIZ },
	{ "--screens", OPT_SCREENS, "DIR", RECORD_OR_QUIZ },
	{ "--schedtrace", OPT_SCHEDTRACE, "FILE[:INTERVAL]", MODE_BIT(CLI_RECORD) },
	{ "--schedtrace-detail", OPT_SCHEDTRACE_DETAIL, NULL, MODE_BIT(CLI_RECORD) },
	{ "--trace-json", OPT_TRACE_JSON, "FILE", MODE_BIT(CLI_RECORD) },
	{ "--max-events", OPT_MAX_EVENTS, "N", RUNS_ENGINE },
	{ "--max-engine-memory", OPT_MAX_ENGINE_MEMORY, "SIZE", RUNS_ENGINE },
	{ "--compare", OPT_COMPARE, "VARIANT", MODE_BIT(CLI_RECORD) },
	{ "--metrics", OPT_METRICS, "FILE", MODE_BIT(CLI_RECORD) | MODE_BIT(CLI_CHECK) },
	{ "--shuffle", OPT_SHUFFLE, "N", QUIZ },
	{ "--seeds", OPT_SEEDS, "N", MODE_BIT(CLI_CHECK) },
	{ "--record", OPT_RECORD, NULL, QUIZ },
};

#define DURATION_HINT "a duration such as 250ms or 1.5s (a number with ns, us, ms or s)"

static const char *const command_names[] = {
	[CLI_INTERACTIVE] = "gmpscope", [CLI_LIST] = "list", [CLI_METRICS] = "metrics",
	[CLI_CHECK] = "check", [CLI_RECORD] = "record", [CLI_QUIZ] = "quiz",
	[CLI_REPLAY] = "replay", [CLI_REAL] = "real",
	[CLI_HELP] = "help",
	[CLI_VERSION] = "version",
};

/* cli_command_name returns the word that selects c on the command line. */
const char *cli_command_name(cli_command c)
{
	assert(c >= CLI_INTERACTIVE && c <= CLI_VERSION);
	return command_names[c];
}

/* subcommand maps argv[1] to a subcommand; CLI_INTERACTIVE if it is none. */
static cli_command subcommand(const char *s)
{
	static const cli_command subs[] = { CLI_LIST, CLI_METRICS, CLI_CHECK, CLI_RECORD, CLI_QUIZ,
	                                    CLI_REPLAY, CLI_REAL };
	for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
		if (strcmp(s, command_names[subs[i]]) == 0)
			return subs[i];
	return CLI_INTERACTIVE;
}

/* fail writes "gmpscope: [mode: ]message" into err, keeping it on one line
 * whatever the quoted argument holds, and returns -1. */
static int fail(char *err, size_t errlen, cli_command mode, const char *fmt, ...)
{
	if (errlen == 0)
		return -1;
	int n = snprintf(err, errlen, "gmpscope: %s%s", mode == CLI_INTERACTIVE ? "" : command_names[mode],
	                 mode == CLI_INTERACTIVE ? "" : ": ");
	if (n >= 0 && (size_t)n < errlen) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
		va_end(ap);
	}
	for (char *p = err; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	return -1;
}

/* parse_uint reads decimal digits in [s, end) (no sign, no space) into *out;
 * false if empty, not all digits, or above max. */
static bool parse_uint(const char *s, const char *end, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	if (s == end)
		return false;
	for (; s < end; s++) {
		if (*s < '0' || *s > '9')
			return false;
		unsigned d = (unsigned)(*s - '0');
		if (v > (max - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*out = v;
	return true;
}

/* duration_value parses an option's duration (>0 when positive) or fails
 * with the message for its kind of error. */
static int duration_value(const char *opt, const char *v, bool positive, int64_t *out,
                          cli_command mode, char *err, size_t errlen)
{
	switch (gmp_parse_duration(v, out)) {
	case GMP_DUR_OK:
		break;
	case GMP_DUR_SYNTAX:
		return fail(err, errlen, mode, "%s: expected " DURATION_HINT ", got \"%s\"", opt, v);
	case GMP_DUR_RANGE:
		return fail(err, errlen, mode, "%s: duration too long (at most 9223372036s), got \"%s\"",
		            opt, v);
	case GMP_DUR_FINE:
		return fail(err, errlen, mode, "%s: duration finer than 1ns, got \"%s\"", opt, v);
	}
	if (positive && *out == 0)
		return fail(err, errlen, mode, "%s: expected a duration greater than 0, got \"%s\"", opt, v);
	return 0;
}

/* parse_at reads "T1,T2,..." into o->at, sorted ascending. */
static int parse_at(const char *v, cli_opts *o, cli_command mode, char *err, size_t errlen)
{
	const char *p = v;
	o->nat = 0;
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		char item[64];
		int64_t t;
		if (len == 0 || len >= sizeof item)
			goto bad;
		memcpy(item, p, len);
		item[len] = '\0';
		if (gmp_parse_duration(item, &t) != GMP_DUR_OK)
			goto bad;
		if (o->nat == CLI_AT_MAX)
			return fail(err, errlen, mode, "--at: at most %d times, got more", CLI_AT_MAX);
		int i = o->nat++;
		for (; i > 0 && o->at[i - 1] > t; i--)
			o->at[i] = o->at[i - 1];
		o->at[i] = t;
		if (!comma)
			return 0;
		p = comma + 1;
	}
bad:
	return fail(err, errlen, mode,
	            "--at: expected durations separated by commas such as 5ms,40ms, got \"%s\"", v);
}

/* parse_schedtrace splits FILE[:INTERVAL] at the last ':'. What follows it must
 * be a duration > 0, so a mistyped interval never silently becomes a file name. */
static int parse_schedtrace(const char *v, cli_opts *o, cli_command mode, char *err, size_t errlen)
{
	const char *colon = strrchr(v, ':');
	size_t len = colon ? (size_t)(colon - v) : strlen(v);
	int64_t every = CLI_DEFAULT_SCHEDTRACE_INTERVAL;
	if (len == 0 || (colon && (gmp_parse_duration(colon + 1, &every) != GMP_DUR_OK || every == 0)))
		return fail(err, errlen, mode,
		            "--schedtrace: expected FILE or FILE:INTERVAL (INTERVAL such as 10ms), got \"%s\"", v);
	if (every < CLI_SCHEDTRACE_MIN)
		return fail(err, errlen, mode,
		            "--schedtrace: INTERVAL must be at least 1ms (the runtime's unit), got \"%s\"",
		            colon + 1);
	if (len >= sizeof o->schedtrace)
		return fail(err, errlen, mode, "--schedtrace: file name too long");
	memcpy(o->schedtrace, v, len);
	o->schedtrace[len] = '\0';
	o->schedtrace_interval = every;
	return 0;
}

/* parse_size reads "N", "NKiB", "NMiB" or "NGiB" (bytes) into *out, from
 * 1 MiB to 1 TiB: the engine's own memory budget. */
static int parse_size(const char *v, int64_t *out, cli_command mode, char *err, size_t errlen)
{
	static const struct { const char *suffix; int shift; } units[] = {
		{ "GiB", 30 }, { "MiB", 20 }, { "KiB", 10 },
	};
	size_t len = strlen(v);
	int shift = 0;
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
		size_t sl = strlen(units[i].suffix);
		if (len > sl && strcmp(v + len - sl, units[i].suffix) == 0) {
			shift = units[i].shift;
			len -= sl;
			break;
		}
	}
	uint64_t n;
	if (!parse_uint(v, v + len, (1ULL << 40) >> shift, &n) || (n << shift) < (1ULL << 20))
		return fail(err, errlen, mode,
		            "--max-engine-memory: expected a size from 1MiB to 1024GiB such as 512MiB, got \"%s\"", v);
	*out = (int64_t)(n << shift);
	return 0;
}

/* set_value applies option s with value v (NULL for flags) to o. */
static int set_value(const opt_spec *s, const char *v, cli_opts *o, cli_command mode,
                     char *err, size_t errlen)
{
	uint64_t n, rows;
	const char *x;
	if (s->metavar && *v == '\0' && s->id != OPT_KEYS)
		return fail(err, errlen, mode, "%s: expected a non-empty %s, got \"\"", s->name, s->metavar);
	switch (s->id) {
	case OPT_VARIANT: o->variant = v; return 0;
	case OPT_ASCII: o->ascii = true; return 0;
	case OPT_THEME:
		if (strcmp(v, "dark") != 0 && strcmp(v, "light") != 0)
			return fail(err, errlen, mode, "--theme: expected dark or light, got \"%s\"", v);
		o->light = strcmp(v, "light") == 0;
		return 0;
	case OPT_KEYS: o->keys = v; return 0;
	case OPT_CAST: o->cast = v; return 0;
	case OPT_SCREENS: o->screens = v; return 0;
	case OPT_TRACE_JSON: o->trace_json = v; return 0;
	case OPT_COMPARE: o->compare = v; return 0;
	case OPT_METRICS: o->metrics = v; return 0;
	case OPT_SCHEDTRACE_DETAIL: o->schedtrace_detail = true; return 0;
	case OPT_RECORD: o->record = true; return 0;
	case OPT_SHUFFLE:
		if (!parse_uint(v, v + strlen(v), UINT64_MAX, &o->shuffle))
			return fail(err, errlen, mode,
			            "--shuffle: expected a whole number from 0 to 18446744073709551615, got \"%s\"", v);
		o->shuffle_set = true;
		return 0;
	case OPT_SCHEDTRACE: return parse_schedtrace(v, o, mode, err, errlen);
	case OPT_REPLAY: o->log = v; return 0;
	case OPT_SCENARIO: o->scenario = v; return 0;
	case OPT_REAL: o->real = true; return 0;
	case OPT_INTERVAL:
		if (duration_value(s->name, v, true, &o->interval, mode, err, errlen) < 0)
			return -1;
		if (o->interval < CLI_SCHEDTRACE_MIN || o->interval % CLI_SCHEDTRACE_MIN != 0 ||
		    o->interval > 3600 * 1000 * CLI_SCHEDTRACE_MIN)
			return fail(err, errlen, mode,
			            "--interval: expected whole milliseconds from 1ms to 1h (schedtrace's unit), got \"%s\"", v);
		return 0;
	case OPT_AT: return parse_at(v, o, mode, err, errlen);
	case OPT_UNTIL: return duration_value(s->name, v, true, &o->until, mode, err, errlen);
	case OPT_MAX_ENGINE_MEMORY: return parse_size(v, &o->max_engine_bytes, mode, err, errlen);
	case OPT_MAX_EVENTS:
		if (!parse_uint(v, v + strlen(v), UINT64_MAX, &o->max_events) || o->max_events == 0)
			return fail(err, errlen, mode,
			            "--max-events: expected a whole number from 1 to 18446744073709551615, got \"%s\"", v);
		return 0;
	case OPT_SEED:
		if (!parse_uint(v, v + strlen(v), UINT64_MAX, &o->seed))
			return fail(err, errlen, mode,
			            "--seed: expected a whole number from 0 to 18446744073709551615, got \"%s\"", v);
		o->seed_set = true;
		return 0;
	case OPT_SEEDS:
		if (!parse_uint(v, v + strlen(v), CLI_SEEDS_MAX, &n) || n < 1)
			return fail(err, errlen, mode, "--seeds: expected a whole number from 1 to %d, got \"%s\"",
			            CLI_SEEDS_MAX, v);
		o->seeds = (int)n;
		return 0;
	case OPT_FPS:
		if (!parse_uint(v, v + strlen(v), 120, &n) || n < 1)
			return fail(err, errlen, mode, "--fps: expected a whole number from 1 to 120, got \"%s\"", v);
		o->fps = (int)n;
		return 0;
	case OPT_SIZE:
		x = strpbrk(v, "xX");
		if (!x || !parse_uint(v, x, 1000, &n) || !parse_uint(x + 1, x + strlen(x), 1000, &rows) ||
		    n < 20 || rows < 10)
			return fail(err, errlen, mode,
			            "--size: expected COLSxROWS between 20x10 and 1000x1000, got \"%s\"", v);
		o->cols = (int)n;
		o->rows = (int)rows;
		return 0;
	case OPT_SPEED: {
		char d[64];
		size_t len = strlen(v);
		if (len >= 2 && strcmp(v + len - 2, "/s") == 0)
			len -= 2;
		if (len >= sizeof d)
			len = sizeof d - 1;
		memcpy(d, v, len);
		d[len] = '\0';
		gmp_dur_result rc = gmp_parse_duration(d, &o->speed);
		if (rc == GMP_DUR_SYNTAX || (rc == GMP_DUR_OK && o->speed == 0))
			return fail(err, errlen, mode,
			            "--speed: expected virtual time per wall second such as 10ms or 10ms/s, got \"%s\"", v);
		if (rc != GMP_DUR_OK || o->speed < CLI_SPEED_MIN || o->speed > CLI_SPEED_MAX)
			return fail(err, errlen, mode,
			            "--speed: expected from 1us to 1s of virtual time per wall second, got \"%s\"", v);
		return 0;
	}
	}
	assert(!"unreachable option id");
	return -1;
}

static const opt_spec *find_option(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof opt_table / sizeof opt_table[0]; i++)
		if (strlen(opt_table[i].name) == len && strncmp(opt_table[i].name, name, len) == 0)
			return &opt_table[i];
	return NULL;
}

/* positional takes a non-option argument, argv[i], in mode; literal is true
 * after "--". check's SCENARIOs must be contiguous in argv (they are pointed
 * to, not copied). */
static int positional(char **argv, int i, bool literal, cli_opts *o, cli_command mode,
                      char *err, size_t errlen)
{
	char *a = argv[i];
	switch (mode) {
	case CLI_INTERACTIVE:
		if (!literal && subcommand(a) != CLI_INTERACTIVE)
			return fail(err, errlen, mode, "\"%s\" is a subcommand: put it first, as in gmpscope %s",
			            a, a);
		/* fall through */
	case CLI_RECORD:
		if (o->real) {   /* record --real: the program and its arguments */
			o->command = argv + i;
			o->ncommand = 1;
			return 0;
		}
		if (o->scenario)
			return fail(err, errlen, mode, "unexpected argument \"%s\": only one SCENARIO", a);
		o->scenario = a;
		return 0;
	case CLI_CHECK:
	case CLI_QUIZ:
		if (o->nscenarios == 0)
			o->scenarios = argv + i;
		else if (o->scenarios + o->nscenarios != argv + i)
			return fail(err, errlen, mode, "\"--\" must come before the first SCENARIO");
		o->nscenarios++;
		return 0;
	case CLI_REPLAY:
		if (o->log)
			return fail(err, errlen, mode, "unexpected argument \"%s\": only one FILE", a);
		o->log = a;
		return 0;
	case CLI_REAL:   /* the program and every argument after it */
		o->command = argv + i;
		o->ncommand = 1;
		return 0;
	default:
		return fail(err, errlen, mode, "unexpected argument \"%s\"", a);
	}
}

/* quiz_rules: the recording options of quiz belong to --record, which
 * needs somewhere to write. */
static int quiz_rules(const cli_opts *o, unsigned seen, char *err, size_t errlen)
{
	static const opt_id rec_only[] = { OPT_KEYS, OPT_CAST, OPT_SCREENS, OPT_SIZE, OPT_FPS };
	if (!o->record) {
		for (size_t i = 0; i < sizeof rec_only / sizeof rec_only[0]; i++)
			if (seen & (1u << rec_only[i]))
				for (size_t j = 0; j < sizeof opt_table / sizeof opt_table[0]; j++)
					if (opt_table[j].id == rec_only[i])
						return fail(err, errlen, CLI_QUIZ, "%s needs --record (a headless quiz)",
						            opt_table[j].name);
		return 0;
	}
	if (!o->cast && !o->screens)
		return fail(err, errlen, CLI_QUIZ, "--record needs --cast FILE or --screens DIR (where the quiz is written)");
	return 0;
}

/* record_source_rules: a recording of a schedtrace log (--replay) or of a
 * real program (--real) has no scenario, so no engine options. */
static int record_source_rules(cli_opts *o, cli_command mode, char *err, size_t errlen)
{
	if (o->log && o->real)
		return fail(err, errlen, mode, "--replay and --real are two sources: give one");
	if (o->log && o->scenario)
		return fail(err, errlen, mode, "--replay FILE is the source: no SCENARIO (\"%s\")", o->scenario);
	if (o->real && !o->ncommand)
		return fail(err, errlen, mode, "--real needs PROGRAM: gmpscope record --real [options] -- PROGRAM [ARG...]");
	if (o->variant || o->seed_set || o->compare || o->keys || o->schedtrace[0] || o->trace_json ||
	    o->metrics || o->speed || o->max_events || o->max_engine_bytes)
		return fail(err, errlen, mode, "with --%s only --cast, --screens, --at, --size, --fps, --until, "
		            "--interval, --ascii and --theme apply", o->log ? "replay" : "real");
	if (o->nat > 0 && !o->screens)
		return fail(err, errlen, mode, "--at needs --screens DIR (the screenshots go there)");
	return 0;
}

/* cli_parse: --help/--version first (they win anywhere before "--"), then the
 * subcommand, then options and positionals in any order. argv is not modified. */
int cli_parse(int argc, char **argv, cli_opts *o, char *err, size_t errlen)
{
	assert(argc >= 1 && argv && o && err);
	*o = (cli_opts){
		.cmd = CLI_INTERACTIVE, .help_topic = CLI_HELP, .until = -1,
		.cols = CLI_DEFAULT_COLS, .rows = CLI_DEFAULT_ROWS, .fps = CLI_DEFAULT_FPS,
		.schedtrace_interval = CLI_DEFAULT_SCHEDTRACE_INTERVAL, .interval = CLI_DEFAULT_INTERVAL,
	};
	err[0] = '\0';
	cli_command mode = argc > 1 ? subcommand(argv[1]) : CLI_INTERACTIVE;
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			o->cmd = CLI_HELP;
			o->help_topic = mode == CLI_INTERACTIVE ? CLI_HELP : mode;
			return 0;
		}
		if (strcmp(argv[i], "--version") == 0) {
			o->cmd = CLI_VERSION;
			return 0;
		}
	}
	o->cmd = mode;
	bool options_done = false;
	unsigned seen = 0; /* bit per opt_id given so far */
	for (int i = mode == CLI_INTERACTIVE ? 1 : 2; i < argc; i++) {
		char *a = argv[i];
		if (o->ncommand) {   /* real, record --real: the rest is the program's */
			o->ncommand++;
			continue;
		}
		if (options_done || a[0] != '-' || a[1] == '\0') {
			if (positional(argv, i, options_done, o, mode, err, errlen) < 0)
				return -1;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			options_done = true;
			continue;
		}
		const char *eq = strchr(a, '=');
		size_t len = eq ? (size_t)(eq - a) : strlen(a);
		const opt_spec *s = a[1] == '-' ? find_option(a, len) : NULL;
		if (!s)   /* name all of it: "--help=x" is not "--help" */
			len = strlen(a);
		if (!s || !(s->modes & MODE_BIT(mode))) {
			if (mode == CLI_INTERACTIVE)
				return fail(err, errlen, mode, "unknown option \"%.*s\" (gmpscope --help lists them)",
				            (int)len, a);
			return fail(err, errlen, mode, "unknown option \"%.*s\" (gmpscope %s --help lists them)",
			            (int)len, a, command_names[mode]);
		}
		const char *v = NULL;
		if (!s->metavar) {
			if (eq)
				return fail(err, errlen, mode, "%s takes no value, got \"%s\"", s->name, a);
		} else if (eq) {
			v = eq + 1;
		} else if (i + 1 < argc && strncmp(argv[i + 1], "--", 2) != 0) {
			v = argv[++i];
		} else {
			return fail(err, errlen, mode, "%s needs a value: %s", s->name, s->metavar);
		}
		if (seen & (1u << s->id))
			return fail(err, errlen, mode, "%s given twice (each option may be given once)", s->name);
		seen |= 1u << s->id;
		if (set_value(s, v, o, mode, err, errlen) < 0)
			return -1;
	}
	if (mode == CLI_RECORD && (o->log || o->real))
		return record_source_rules(o, mode, err, errlen);
	if (mode == CLI_RECORD && !o->scenario)
		return fail(err, errlen, mode,
		            "missing SCENARIO (a number, a slug or a path; gmpscope list shows them)");
	if ((mode == CLI_REPLAY || mode == CLI_REAL) && o->variant && !o->scenario)
		return fail(err, errlen, mode, "--variant needs --scenario SCENARIO (the simulation shown beside)");
	if (mode == CLI_REPLAY && !o->log)
		return fail(err, errlen, mode, "missing FILE (saved GODEBUG=schedtrace output)");
	if (mode == CLI_REAL && !o->ncommand)
		return fail(err, errlen, mode, "missing PROGRAM: gmpscope real [--interval D] -- PROGRAM [ARG...]");
	if (o->nat > 0 && !o->screens)
		return fail(err, errlen, mode, "--at needs --screens DIR (the screenshots go there)");
	if (o->schedtrace_detail && o->schedtrace[0] == '\0')
		return fail(err, errlen, mode, "--schedtrace-detail needs --schedtrace FILE");
	if (mode == CLI_QUIZ)
		return quiz_rules(o, seen, err, errlen);
	return 0;
}
