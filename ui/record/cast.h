/*
 * cast.h — asciicast v2 recordings of canvas frames.
 *
 * A recording is a header line, then one JSON array per line:
 *     {"version": 2, "width": W, "height": H, "title": "...", "env": {...}}
 *     [0.000000, "o", "\u001b[0m\u001b[?25l\u001b[2J\u001b[1;1H..."]
 *     [0.040000, "m", "steal"]
 * The header has no wall-clock timestamp and no command, and the env is fixed,
 * so the same frames give the same bytes on every machine. Each "o" event is
 * the difference between the previous frame and this one as plain ANSI: CUP
 * cursor moves and SGR with ';'-separated parameters only (no ':' sub-
 * parameters, no REP), ending with an SGR reset. The first frame also resets,
 * hides the cursor and clears the screen.
 */
#ifndef GMP_CAST_H
#define GMP_CAST_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "canvas.h"
#include "theme.h"

/* cast_buf is a growable byte buffer (not NUL-terminated unless said so). */
typedef struct cast_buf {
	char *p;      /* bytes */
	size_t len;   /* bytes used */
	size_t cap;   /* bytes allocated */
	int oom;      /* set when an allocation failed; further appends are dropped */
} cast_buf;

void cast_buf_free(cast_buf *b);

/* cast_diff appends to out the ANSI bytes that turn a screen showing prev into
 * cur. prev == NULL (or of another size) means the screen is in an unknown state:
 * reset, hide the cursor, clear, and draw every non-blank cell. Returns the
 * number of bytes appended (0: nothing changed). Deterministic. */
size_t cast_diff(cast_buf *out, const canvas *prev, const canvas *cur, theme_depth depth);

/* cast_json_string appends s (UTF-8; invalid bytes become U+FFFD) of len bytes
 * as a quoted JSON string. */
void cast_json_string(cast_buf *out, const char *s, size_t len);

typedef struct cast cast;

/* cast_open writes the header to fp and returns a recorder, or NULL when out
 * of memory. fp stays owned by the caller (use ui/record/outfile.h for the file). */
cast *cast_open(FILE *fp, int width, int height, const char *title, theme_depth depth);

/* cast_frame records canvas c at t_us microseconds (clamped to be
 * non-decreasing) as the difference from the last recorded frame; an
 * unchanged frame writes nothing. Returns 0, or -1 after a write error. */
int cast_frame(cast *k, uint64_t t_us, const canvas *c);

/* cast_marker records a named marker ("m" event) at t_us. */
int cast_marker(cast *k, uint64_t t_us, const char *label);

/* cast_close frees the recorder; returns -1 if any write failed (fp not closed). */
int cast_close(cast *k);

#endif
