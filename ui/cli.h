/*
 * cli.h — the command line of gmpscope, and the dispatch interface.
 *
 * cli_parse turns argv into a cli_opts (a pure function: no I/O, no exit, no
 * allocation; strings point into argv). Errors come back as ONE line, ready
 * for stderr, e.g.
 *   gmpscope: record: --size: expected COLSxROWS between 20x10 and 1000x1000, got "5x5"
 * and main exits with status 2. The grammar (DESIGN.md, "Command line"):
 *
 *   gmpscope [--variant NAME] [--seed N] [--ascii] [SCENARIO]
 *   gmpscope list | metrics | check [--metrics FILE] [SCENARIO...]
 *   gmpscope record SCENARIO [record options]
 *   gmpscope quiz [--shuffle N] [--seed N] [SCENARIO...]
 *   gmpscope quiz --record --keys SCRIPT [--cast FILE] [--screens DIR] [...] [SCENARIO...]
 *   gmpscope record --replay FILE | --real [--interval D] [record options] [--] PROGRAM [ARG...]
 *   gmpscope replay [--scenario S [--variant NAME]] [--ascii] [--theme T] FILE
 *   gmpscope real [--interval D] [--scenario S [--variant NAME]] [--ascii] [--theme T] [--] PROGRAM [ARG...]
 *
 * --help / -h and --version work everywhere, before or after a subcommand, and win
 * over any other argument. Options take "--opt VALUE" or "--opt=VALUE"; "--" ends
 * the options. Key-script tokens (--keys) are checked later by ui/app/keys.c.
 *
 * The cmd_* functions are implemented by the modules that own each mode; each
 * returns the process exit status (0 ok, 1 failure such as a failed expectation,
 * 2 bad argument or file, after printing one line on stderr, GMP_EXIT_GAVEUP
 * (3) when a run used up gmpscope's own budget).
 */
#ifndef GMP_CLI_H
#define GMP_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define GMPSCOPE_VERSION "0.1.0"

#define CLI_ERR_MAX 512        /* enough for any cli_parse error line */
#define CLI_AT_MAX 64          /* most --at times */
#define CLI_DEFAULT_COLS 160   /* record --size default */
#define CLI_DEFAULT_ROWS 48
#define CLI_DEFAULT_FPS 10
#define CLI_DEFAULT_SCHEDTRACE_INTERVAL 10000000 /* 10ms of virtual time */
#define CLI_DEFAULT_INTERVAL 100000000LL /* real --interval: 100ms of wall time */
#define CLI_SCHEDTRACE_MIN 1000000LL /* --schedtrace INTERVAL: 1ms, the runtime's unit */
#define CLI_SPEED_MIN 1000LL       /* --speed range, virtual ns per wall second: 1us */
#define CLI_SPEED_MAX 1000000000LL /* ... to 1s (the terminal's APP_SPEED_MIN/MAX) */

typedef enum {
	CLI_INTERACTIVE = 0, /* the TUI: the picker, or one scenario */
	CLI_LIST,            /* one line per scenario */
	CLI_METRICS,         /* one line per metric */
	CLI_CHECK,           /* verify expectations headless */
	CLI_RECORD,          /* headless recording */
	CLI_QUIZ,            /* the find-the-bug quiz (interactive, or --record) */
	CLI_REPLAY,          /* step through a saved schedtrace log */
	CLI_REAL,            /* run a Go program and show its schedtrace live */
	CLI_HELP,            /* print usage (of help_topic) and exit 0 */
	CLI_VERSION,         /* print the version and exit 0 */
} cli_command;

#define CLI_SEEDS_MAX 1000   /* check --seeds N: at most this many */

typedef struct cli_opts {
	cli_command cmd;
	cli_command help_topic;   /* CLI_HELP: the subcommand asked about; CLI_HELP = all */
	const char *scenario;     /* interactive/record: SCENARIO, NULL = picker;
	                             replay/real: --scenario (compare), NULL = none */
	char **scenarios;         /* check, quiz: the SCENARIO arguments (into argv) */
	int nscenarios;           /* check, quiz: 0 = every scenario (quiz: with defect lines) */
	uint64_t shuffle;         /* quiz --shuffle N: the order's seed */
	bool shuffle_set;         /* --shuffle given (else number order) */
	bool record;              /* quiz --record: headless, from --keys, into --cast/--screens */
	const char *variant;      /* --variant, NULL = the first (bug) */
	const char *compare;      /* --compare VARIANT: record in compare mode, NULL = no */
	const char *metrics;      /* --metrics FILE (check, record): measured metrics, NULL = none */
	uint64_t seed;            /* --seed */
	int seeds;                /* --seeds N (check): each variant under N seeds; 0 = one */
	bool seed_set;            /* --seed given (else the scenario's seed) */
	bool ascii;               /* --ascii: ASCII glyphs instead of UTF-8 */
	bool light;               /* --theme light: dark text on white (default dark) */
	/* record only */
	int64_t until;            /* --until, virtual ns; -1 = to the end of the run */
	int cols, rows;           /* --size, default CLI_DEFAULT_COLS x CLI_DEFAULT_ROWS */
	int fps;                  /* --fps 1..120, default CLI_DEFAULT_FPS */
	int64_t speed;            /* --speed, virtual ns per wall second (CLI_SPEED_MIN..MAX);
	                             0 = scenario's */
	int64_t at[CLI_AT_MAX];   /* --at, virtual ns, ascending */
	int nat;                  /* number of --at times */
	const char *keys;         /* --keys script, unchecked; NULL = none */
	const char *cast;         /* --cast FILE (asciicast v2), NULL = none */
	const char *screens;      /* --screens DIR, NULL = none */
	char schedtrace[4096];    /* --schedtrace FILE (without :INTERVAL), "" = none */
	int64_t schedtrace_interval; /* virtual ns, default 10ms */
	bool schedtrace_detail;   /* --schedtrace-detail (scheddetail=1 style) */
	const char *trace_json;   /* --trace-json FILE (Chrome trace), NULL = none */
	/* replay and real (and record's --replay FILE, --real -- PROGRAM) */
	const char *log;          /* replay: FILE; record --replay FILE */
	bool real;                /* record --real: the program after the options is the source */
	char **command;           /* real: PROGRAM and its arguments (into argv) */
	int ncommand;             /* real: how many */
	int64_t interval;         /* real: --interval, ns (whole ms), default CLI_DEFAULT_INTERVAL */
	/* gmpscope's own budget (engine.h, gmp_budget): interactive, record, check */
	uint64_t max_events;      /* --max-events, 0 = the default */
	int64_t max_engine_bytes; /* --max-engine-memory, 0 = the default */
} cli_opts;

/* cli_parse parses argv (argv[0] is the program) into *o. Returns 0, or -1
 * with one line (no newline) in err. */
int cli_parse(int argc, char **argv, cli_opts *o, char *err, size_t errlen);

/* cli_usage prints the usage of topic (CLI_HELP = every subcommand) to f. */
void cli_usage(FILE *f, cli_command topic);

/* cli_command_name is "record", "check"... ("gmpscope" for interactive). */
const char *cli_command_name(cli_command c);

/* The dispatch interface: one function per mode, implemented by its owner. */
int cmd_list(const cli_opts *o);
int cmd_metrics(const cli_opts *o);
int cmd_check(const cli_opts *o);
int cmd_record(const cli_opts *o);
int cmd_interactive(const cli_opts *o);
int cmd_quiz(const cli_opts *o);          /* ui/term/app.c: the quiz in the terminal */
int cmd_quiz_record(const cli_opts *o);   /* ui/record/record_quiz.c: quiz --record */
int cmd_replay(const cli_opts *o);
int cmd_real(const cli_opts *o);

#endif
