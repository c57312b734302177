/*
 * scenario.h — a parsed scenario file (.gmp): metadata, explanation, Go
 * listings, one compiled program + config per variant, and expectations.
 *
 * The parser reads a whole file from a buffer (so it can be fuzzed) and reports
 * the first error as one line "path:line:col: message". It never crashes and
 * never loops forever, whatever the input. The language is documented in
 * scenarios/README.md.
 */
#ifndef GMP_SCENARIO_H
#define GMP_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "program.h"

/* gmp_dur_result says why gmp_parse_duration refused a text. */
typedef enum {
	GMP_DUR_OK = 0,
	GMP_DUR_SYNTAX = -1,   /* not a number followed by ns, us, ms or s */
	GMP_DUR_RANGE = -2,    /* more than INT64_MAX nanoseconds */
	GMP_DUR_FINE = -3,     /* a fraction of a nanosecond */
} gmp_dur_result;

/* gmp_parse_duration reads a duration literal, "250ms", "1.5ms", "2s", "40us",
 * "100ns" (digits [ '.' digits ] then ns, us, µs, ms or s; no sign, no spaces;
 * decimals down to whole nanoseconds), into *ns, exactly. The one parser of
 * durations: the command line and key scripts use it. */
gmp_dur_result gmp_parse_duration(const char *s, int64_t *ns);

typedef struct gmp_listing {
	char *name;        /* listing name (usually the variant name) */
	char **lines;      /* Go source lines, no trailing newline */
	int nlines;
	char **quiz;       /* `listing NAME quiz`: the same lines with neutral
	                      comments (what the code does, never what is wrong),
	                      nlines of them; NULL = none */
	int *defects;      /* `defect NAME LINES`: the lines where the defect is
	                      (1-based, increasing); NULL = none */
	int ndefects;
} gmp_listing;

/* gmp_param is a named parameter's value in one variant (after `set`). */
typedef struct gmp_param {
	char *name;
	double value;      /* ns for durations, bytes for sizes, 30 for 30% */
	int unit;          /* 0 number, 1 duration, 2 size, 3 percentage, 4 cpus */
} gmp_param;

typedef struct gmp_variant {
	char *name;        /* "bug", "fix", "go1.14", ... */
	gmp_program prog;
	gmp_config cfg;    /* settings after this variant's overrides */
	int listing;       /* index into listings, -1 = none */
	gmp_param *params; /* every param of the scenario, valued for this variant */
	int nparams;
	int gomaxprocs;    /* effective GOMAXPROCS (cfg.gomaxprocs or the default) */
} gmp_variant;

typedef struct gmp_expect gmp_expect;  /* see expect.h */

#define GMP_SYMPTOMS_MAX 3

/* gmp_symptom is a `symptom EXPR higher|lower` line: an expression of
 * metrics that is the scenario's symptom, and which direction is worse
 * (evaluated per variant with symptom_eval, expect.h). */
typedef struct gmp_symptom {
	char *text;        /* the expression as written: "workers*iters - counter.total" */
	struct gmp_xtree *expr; /* its tree (private) */
	bool higher_worse; /* `higher`: a larger value is the worse one */
	bool at_end;       /* `at end`: defined only once the run has ended */
	int line;          /* line in the .gmp file */
} gmp_symptom;

typedef struct gmp_scenario {
	char *path;
	int number;        /* 0..99 */
	char *slug;        /* "my-scenario" */
	char *title;
	char *family;      /* "preemption", "threads", "resources", "lifecycle" */
	char *explain_symptom, *explain_subtle, *explain_fix;
	char *explain_spot, *explain_common; /* how to spot it; why it is common */
	gmp_listing *listings;  int nlistings;
	gmp_variant *variants;  int nvariants;   /* bug first, then fix, then others */
	int64_t speed;     /* default play speed: virtual ns per wall second */
	int64_t *moments;  int nmoments;          /* virtual ns */
	gmp_expect *expects; int nexpects;
	gmp_symptom symptoms[GMP_SYMPTOMS_MAX]; int nsymptoms; /* first: the main one */
} gmp_scenario;

/* scenario_parse parses buf (len bytes) named path. On error returns -1 and
 * writes every error found, at most 20, one "path:line:col: message" per
 * line, sorted by position, into err (lines joined by '\n', none after the
 * last; only the lines that fit whole, at least the first). */
int scenario_parse(const char *path, const char *buf, size_t len,
                   gmp_scenario *out, char *err, size_t errlen);
/* scenario_load reads and parses a file; I/O errors are reported as
 * "path: message". Only a regular file is read: a FIFO, a device or a
 * directory is refused by what it is, without blocking or reading it. */
int scenario_load(const char *path, gmp_scenario *out, char *err, size_t errlen);
void scenario_free(gmp_scenario *s);
/* scenario_escape_line replaces the control characters of an error line (a
 * path's ESC would reach the terminal raw) with '?'; the newlines between
 * the lines of several errors stay. */
void scenario_escape_line(char *s);
int scenario_variant(const gmp_scenario *s, const char *name); /* -1 if none */
/* scenario_name writes "40-my-scenario" (number and slug). */
void scenario_name(const gmp_scenario *s, char *buf, size_t n);

#endif
