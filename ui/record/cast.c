/*
 * cast.c — asciicast v2 writer and the ANSI frame-difference encoder.
 *
 * The encoder walks both canvases row by row. Changed cells are grouped into
 * runs; two runs on one row separated by at most GAP_MERGE unchanged cells are
 * merged, since rewriting a few cells is cheaper than another cursor move. Each
 * run starts with a CUP unless the cursor is already there; an SGR is emitted
 * only when the style differs from the last one written; every event ends with
 * an SGR reset so any event can be the first one a player shows after seeking.
 *
 * SGR strings are cached per (depth, role, attr), so a 200x50 frame costs one
 * pass over 10,000 cells plus the bytes it writes.
 */
#include "cast.h"

#include <assert.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define GAP_MERGE 3

static void buf_reserve(cast_buf *b, size_t more)
{
	if (b->oom || b->len + more <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->len + more)
		cap *= 2;
	char *p = realloc(b->p, cap);
	if (!p) {
		b->oom = 1;
		return;
	}
	b->p = p;
	b->cap = cap;
}

static void buf_add(cast_buf *b, const void *s, size_t n)
{
	buf_reserve(b, n);
	if (b->oom)
		return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

static void buf_str(cast_buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void cast_buf_free(cast_buf *b)
{
	free(b->p);
	memset(b, 0, sizeof *b);
}

/* sgr_for returns the cached SGR sequence for a style. */
static const char *sgr_for(theme_depth depth, uint8_t role, uint8_t attr, size_t *len)
{
	static char cache[4][ROLE__COUNT][16][48];
	static uint8_t clen[4][ROLE__COUNT][16];
	assert((unsigned)depth < 4 && role < ROLE__COUNT);
	attr &= 15;
	if (!clen[depth][role][attr])
		clen[depth][role][attr] = (uint8_t)theme_sgr(cache[depth][role][attr], 48,
		                                             (canvas_role)role, attr, depth);
	*len = clen[depth][role][attr];
	return cache[depth][role][attr];
}

static bool cell_eq(const canvas_cell *a, const canvas_cell *b)
{
	return a->ch == b->ch && a->role == b->role && a->attr == b->attr;
}

static bool cell_blank(const canvas_cell *a)
{
	return a->ch == ' ' && a->role == ROLE_DEFAULT && a->attr == 0;
}

/* changed tells whether cell i must be written: it differs from prev, or from
 * a cleared screen when there is no prev. */
static bool changed(const canvas *prev, const canvas *cur, size_t i)
{
	return prev ? !cell_eq(&prev->cells[i], &cur->cells[i]) : !cell_blank(&cur->cells[i]);
}

size_t cast_diff(cast_buf *out, const canvas *prev, const canvas *cur, theme_depth depth)
{
	assert(out && cur);
	size_t start = out->len;
	if (prev && (prev->w != cur->w || prev->h != cur->h))
		prev = NULL;
	if (!prev)
		buf_str(out, "\x1b[0m\x1b[?25l\x1b[2J");
	int cur_x = -1, cur_y = -1;     /* cursor position, -1: unknown */
	/* each event starts (and ends) in the reset state: ROLE_DEFAULT, no attrs */
	int style = ROLE_DEFAULT * 16;  /* role*16+attr last written */
	bool any = false;
	int w = cur->w;
	for (int y = 0; y < cur->h; y++) {
		size_t row = (size_t)y * (size_t)w;
		int x = 0;
		while (x < w) {
			while (x < w && !changed(prev, cur, row + (size_t)x))
				x++;
			if (x >= w)
				break;
			/* [x, end) is a run: extend across small gaps of unchanged cells */
			int end = x + 1;
			for (;;) {
				while (end < w && changed(prev, cur, row + (size_t)end))
					end++;
				int next = end;
				while (next < w && next - end <= GAP_MERGE && !changed(prev, cur, row + (size_t)next))
					next++;
				if (next < w && next - end <= GAP_MERGE && next > end)
					end = next;
				else
					break;
			}
			any = true;
			if (cur_x != x || cur_y != y) {
				char cup[24];
				int n = snprintf(cup, sizeof cup, "\x1b[%d;%dH", y + 1, x + 1);
				buf_add(out, cup, (size_t)n);
			}
			/* worst case per cell: one SGR (< 48 bytes) and 4 UTF-8 bytes */
			buf_reserve(out, (size_t)(end - x) * 52);
			if (out->oom)
				return out->len - start;
			char *p = out->p + out->len;
			for (int i = x; i < end; i++) {
				const canvas_cell *c = &cur->cells[row + (size_t)i];
				int st = c->role * 16 + (c->attr & 15);
				if (st != style) {
					size_t n;
					const char *s = sgr_for(depth, c->role, c->attr, &n);
					memcpy(p, s, n);
					p += n;
					style = st;
				}
				if (c->ch < 0x80)
					*p++ = (char)c->ch;
				else
					p += utf8_encode(c->ch, p);
			}
			out->len = (size_t)(p - out->p);
			cur_y = y;
			cur_x = end < w ? end : -1; /* past the last column: pending wrap */
			x = end;
		}
	}
	if (any || !prev)
		buf_str(out, "\x1b[0m");
	return out->len - start;
}

void cast_json_string(cast_buf *out, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	buf_add(out, "\"", 1);
	size_t i = 0;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80) {
			/* decode from a NUL-terminated copy so a truncated tail cannot over-read */
			char tmp[5] = { 0 };
			size_t k = len - i < 4 ? len - i : 4;
			memcpy(tmp, s + i, k);
			uint32_t cp;
			int used = utf8_decode(tmp, &cp);
			char u[4];
			buf_add(out, u, (size_t)utf8_encode(cp, u));
			i += (size_t)used;
			continue;
		}
		i++;
		switch (c) {
		case '"':  buf_add(out, "\\\"", 2); break;
		case '\\': buf_add(out, "\\\\", 2); break;
		case '\b': buf_add(out, "\\b", 2); break;
		case '\f': buf_add(out, "\\f", 2); break;
		case '\n': buf_add(out, "\\n", 2); break;
		case '\r': buf_add(out, "\\r", 2); break;
		case '\t': buf_add(out, "\\t", 2); break;
		default:
			if (c < 0x20 || c == 0x7f) {
				char e[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
				buf_add(out, e, 6);
			} else {
				buf_add(out, &c, 1);
			}
		}
	}
	buf_add(out, "\"", 1);
}

struct cast {
	FILE *fp;            /* output, owned by the caller */
	canvas *prev;        /* last recorded frame, NULL before the first */
	theme_depth depth;   /* palette used for SGR */
	uint64_t last_us;    /* last timestamp written, for clamping */
	cast_buf diff;       /* scratch: ANSI bytes of one frame */
	cast_buf line;       /* scratch: one JSON event line */
	int failed;          /* a write failed */
};

static void put_line(cast *k, cast_buf *line)
{
	if (line->oom || fwrite(line->p, 1, line->len, k->fp) != line->len)
		k->failed = 1;
}

cast *cast_open(FILE *fp, int width, int height, const char *title, theme_depth depth)
{
	assert(fp && width > 0 && height > 0);
	cast *k = calloc(1, sizeof *k);
	if (!k)
		return NULL;
	k->fp = fp;
	k->depth = depth;
	char head[96];
	snprintf(head, sizeof head, "{\"version\": 2, \"width\": %d, \"height\": %d, \"title\": ",
	         width, height);
	buf_str(&k->line, head);
	cast_json_string(&k->line, title ? title : "", title ? strlen(title) : 0);
	buf_str(&k->line, ", \"env\": {\"TERM\": \"xterm-256color\", \"SHELL\": \"/bin/sh\"}}\n");
	put_line(k, &k->line);
	return k;
}

static void event(cast *k, uint64_t t_us, const char *code, const char *data, size_t len)
{
	if (t_us < k->last_us)
		t_us = k->last_us;
	k->last_us = t_us;
	char ts[48];
	snprintf(ts, sizeof ts, "[%" PRIu64 ".%06" PRIu64 ", \"%s\", ", t_us / 1000000, t_us % 1000000, code);
	k->line.len = 0;
	buf_str(&k->line, ts);
	cast_json_string(&k->line, data, len);
	buf_str(&k->line, "]\n");
	put_line(k, &k->line);
}

int cast_frame(cast *k, uint64_t t_us, const canvas *c)
{
	assert(k && c);
	k->diff.len = 0;
	if (cast_diff(&k->diff, k->prev, c, k->depth) > 0)
		event(k, t_us, "o", k->diff.p, k->diff.len);
	if (k->diff.oom)
		k->failed = 1;
	if (k->prev && (k->prev->w != c->w || k->prev->h != c->h)) {
		canvas_free(k->prev);
		k->prev = NULL;
	}
	if (!k->prev)
		k->prev = canvas_new(c->w, c->h, c->ascii);
	if (!k->prev)
		k->failed = 1;
	else
		canvas_copy(k->prev, c);
	return k->failed ? -1 : 0;
}

int cast_marker(cast *k, uint64_t t_us, const char *label)
{
	assert(k);
	event(k, t_us, "m", label ? label : "", label ? strlen(label) : 0);
	return k->failed ? -1 : 0;
}

int cast_close(cast *k)
{
	if (!k)
		return -1;
	int rc = k->failed ? -1 : 0;
	canvas_free(k->prev);
	cast_buf_free(&k->diff);
	cast_buf_free(&k->line);
	free(k);
	return rc;
}
