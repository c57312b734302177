/*
 * schedtrace.h — the reader of the real runtime's GODEBUG=schedtrace=N
 * output, with or without scheddetail=1 (the formats of Go 1.11 to 1.25:
 * "-1" or "nil" for none, "[a b]" or "[ a b ] schedticks=[ ]").
 *
 * Lines are fed one at a time (a saved log, or a live child's stderr). A line
 * that begins "SCHED " opens a state; "  P<n>: ", "  M<n>: " and "  G<n>: "
 * lines fill it. Every other line is the program's own output: counted and
 * kept apart, never an error. A SCHED or detail line that does not parse is
 * an error: one message "path:line: ..." and the caller exits 2.
 */
#ifndef GMP_SCHEDTRACE_H
#define GMP_SCHEDTRACE_H

#include <stdbool.h>
#include <stddef.h>

#include "snap.h"

#define STRACE_ERR 512
/* The most P, M and G rows a log may hold in all (~80 bytes each): a log
 * past it (a huge or hostile file) is refused rather than read into memory;
 * a real log that big wants a longer schedtrace interval. */
#define STRACE_ROWS_MAX 5000000L

/* The states read so far. */
typedef struct schedlog {
	gmp_snap *snaps;     /* complete states, in order */
	int n, cap;
	gmp_snap cur;        /* the state being read (its detail lines) */
	bool open;           /* cur has its SCHED line */
	int pcap, mcap, gcap; /* cur's row arrays' capacities */
	int lineno;          /* lines fed so far */
	long other;          /* lines of the program's own output */
	long rows;           /* P, M and G rows kept so far */
	long max_rows;       /* the cap (STRACE_ROWS_MAX unless a test lowers it) */
	char path[256];      /* for messages */
} schedlog;

void schedlog_init(schedlog *l, const char *path);
void schedlog_free(schedlog *l);

/* schedlog_line feeds one line (no newline; len bytes, may hold any byte).
 * Returns 1 when it was a trace line, 0 for the program's output, -1 for a
 * malformed trace line (err: "path:line: message"). */
int schedlog_line(schedlog *l, const char *line, size_t len, char *err, size_t errlen);

/* schedlog_flush closes the open state (end of input, or a pause in a live
 * stream): it joins snaps. Returns true when a state was closed. */
bool schedlog_flush(schedlog *l);

/* schedlog_discard drops the open state (its program was killed while
 * printing it: it may lack rows). */
void schedlog_discard(schedlog *l);

/* schedlog_read_file reads a whole log. Returns 0, or -1 with one line in
 * err: unreadable file, binary data, a malformed or truncated trace line, no
 * SCHED line at all. */
int schedlog_read_file(const char *path, schedlog *l, char *err, size_t errlen);

#endif
