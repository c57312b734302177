/*
 * esc_scan.h — the strict scan of a recording's output bytes, apart from rendering.
 *
 * gmpscope promises that recordings hold only what every player renders:
 * UTF-8 text, CUP (ESC [ row ; col H) inside the screen, ED and EL (ESC [ n J
 * / K, n <= 2), SGR with ';'-separated parameters from a fixed set (ESC [ ... m)
 * and cursor hide/show (ESC [ ? 25 l/h). The scan rejects anything else with a
 * message: a ':' sub-parameter, REP (ESC [ n b), another escape (OSC, ESC 7...),
 * a C0 control, invalid UTF-8. It splits what it accepts into tokens for the
 * renderer (tests/replay.c hands them to libvterm). Input may arrive in pieces.
 */
#ifndef GMP_TEST_ESC_SCAN_H
#define GMP_TEST_ESC_SCAN_H

#include <stdbool.h>
#include <stddef.h>

/* esc_token is what a complete token is. */
typedef enum esc_token {
	ESC_TEXT,    /* a run of UTF-8 text */
	ESC_ERASE,   /* ED or EL */
	ESC_OTHER,   /* CUP, SGR, cursor hide/show */
} esc_token;

/* esc_emit receives each accepted token's bytes. */
typedef void esc_emit(esc_token kind, const char *bytes, size_t len, void *user);

/* esc_scan is the scanner's state between two pieces of input. */
typedef struct esc_scan {
	int w, h;           /* screen size: CUP must stay inside */
	char seq[64];       /* a partial escape sequence */
	size_t seq_len;     /* bytes in seq */
	size_t utf_need;    /* bytes still expected in a partial UTF-8 sequence */
	unsigned utf_cp;    /* code point so far of that sequence */
	unsigned utf_min;   /* smallest code point its length may encode */
	bool faint;         /* SGR 2 is on: the pen's faint bit (libvterm 0.1.4 has none) */
	char err[160];      /* the first error, "" while all is well */
} esc_scan;

void esc_scan_init(esc_scan *s, int w, int h);

/* esc_scan_feed checks len bytes and emits the tokens among them (a text run
 * ends at the end of the piece, possibly inside a code point; an escape
 * sequence is emitted once complete).
 * Returns 0, or -1 with s->err set; after an error it accepts nothing. */
int esc_scan_feed(esc_scan *s, const char *data, size_t len, esc_emit *emit, void *user);

#endif
