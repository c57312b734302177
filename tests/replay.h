/*
 * replay.h — replay recordings through libvterm, strictly, for tests.
 *
 * Every byte first goes through the strict scan (esc_scan.h: only what
 * gmpscope promises to emit — plain CSI cursor moves and erases, SGR with
 * ';'-separated parameters, cursor hide/show, UTF-8 text; no ':'
 * sub-parameter, no REP, no other escape or control), then to libvterm
 * (Debian's libvterm-dev, 0.1.4 API: the emulator of Neovim's terminal),
 * which renders it. Text past the bottom-right corner, which would scroll,
 * is an error too. A test fails if the writer strays or the screen differs.
 */
#ifndef GMP_TEST_REPLAY_H
#define GMP_TEST_REPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct vt_cell {
	uint32_t ch;   /* code point, ' ' when blank */
	int16_t fg;    /* palette index (0-255), -1 default */
	int16_t bg;    /* palette index (0-255), -1 default */
	uint8_t attr;  /* ATTR_* from canvas.h: bold, dim, underline, reverse */
	/* (dim is the scan's faint bit on the cells text last wrote: libvterm 0.1.4
	 * ignores SGR 2, the one thing replay.c adds to it) */
} vt_cell;

typedef struct vt vt;

vt *vt_new(int w, int h);
void vt_free(vt *v);

/* vt_feed applies len bytes of output. Returns 0, or -1 with vt_error set; after
 * an error further input is ignored. Sequences may be split across calls. */
int vt_feed(vt *v, const char *data, size_t len);
const char *vt_error(const vt *v);

/* vt_feed_cast replays every "o" event of an asciicast v2 text (header line
 * first) and checks its structure: each event is [t, "o"|"m", "..."] with
 * non-decreasing t. Returns the number of events, or -1 with vt_error set. */
int vt_feed_cast(vt *v, const char *cast_text);

const vt_cell *vt_at(const vt *v, int x, int y);
bool vt_cursor_visible(const vt *v);

/* vt_text writes the screen like a .txt screenshot: each row with trailing
 * spaces trimmed, then '\n'. Returns a malloc'd NUL-terminated string. */
char *vt_text(const vt *v);

/* vt_json_unescape decodes a JSON string body (no quotes) of len bytes into a
 * malloc'd buffer, storing its length in *out_len; NULL on a malformed escape. */
char *vt_json_unescape(const char *s, size_t len, size_t *out_len);

#endif
