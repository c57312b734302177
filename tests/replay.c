/*
 * replay.c — recordings replayed through libvterm, after the strict scan.
 *
 * The scan (esc_scan.c) checks the syntax and cuts the bytes into tokens;
 * libvterm renders each token. What libvterm 0.1.4 cannot tell us is added
 * here, and only that: the faint bit (SGR 2; its pen has no such attribute),
 * tracked per cell through the damage callback — the cells a text token
 * damages take the scan's faint bit, the cells an erase damages lose it —
 * and a scroll, which gmpscope never asks for, caught by sb_pushline.
 */
#include "replay.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vterm.h>

#include "canvas.h"
#include "esc_scan.h"

struct vt {
	int w, h;            /* screen size */
	VTerm *term;         /* libvterm's terminal */
	VTermScreen *screen; /* its screen layer: cells, damage, properties */
	esc_scan scan;       /* the strict scan, ahead of libvterm */
	esc_token token;     /* the token being written (the damage callback reads it) */
	uint8_t *faint;      /* w*h: 1 where a cell was last written faint */
	vt_cell *cells;      /* w*h: vt_at's answers, filled on demand */
	bool cursor_visible; /* DECTCEM, from libvterm's settermprop */
	char err[160];       /* the first error: the scan's, or a scroll */
};

static int failf(vt *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int failf(vt *v, const char *fmt, ...)
{
	if (v->err[0])
		return -1;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(v->err, sizeof v->err, fmt, ap);
	va_end(ap);
	return -1;
}

/* on_damage gives the damaged cells the faint bit of the token that damaged them. */
static int on_damage(VTermRect r, void *user)
{
	vt *v = user;
	uint8_t bit = v->token == ESC_TEXT && v->scan.faint;
	if (v->token == ESC_OTHER)
		return 1;
	for (int y = r.start_row; y < r.end_row; y++)
		for (int x = r.start_col; x < r.end_col; x++)
			v->faint[y * v->w + x] = bit;
	return 1;
}

/* on_prop follows the cursor's visibility. */
static int on_prop(VTermProp prop, VTermValue *val, void *user)
{
	vt *v = user;
	if (prop == VTERM_PROP_CURSORVISIBLE)
		v->cursor_visible = val->boolean;
	return 1;
}

/* on_pushline: a line leaves the top, so the output scrolled. */
static int on_pushline(int cols, const VTermScreenCell *cells, void *user)
{
	(void)cols;
	(void)cells;
	vt *v = user;
	if (!v->err[0])
		snprintf(v->err, sizeof v->err, "text past the bottom-right corner would scroll");
	return 1;
}

static const VTermScreenCallbacks callbacks = {
	.damage = on_damage, .settermprop = on_prop, .sb_pushline = on_pushline,
};

vt *vt_new(int w, int h)
{
	vt *v = calloc(1, sizeof *v);
	if (!v)
		return NULL;
	v->faint = calloc((size_t)w * (size_t)h, 1);
	v->cells = calloc((size_t)w * (size_t)h, sizeof *v->cells);
	v->term = vterm_new(h, w);
	if (!v->faint || !v->cells || !v->term) {
		vt_free(v);
		return NULL;
	}
	v->w = w;
	v->h = h;
	v->cursor_visible = true;
	vterm_set_utf8(v->term, 1);
	v->screen = vterm_obtain_screen(v->term);
	vterm_screen_set_callbacks(v->screen, &callbacks, v);
	vterm_screen_reset(v->screen, 1);
	esc_scan_init(&v->scan, w, h);
	return v;
}

void vt_free(vt *v)
{
	if (!v)
		return;
	if (v->term)
		vterm_free(v->term);
	free(v->faint);
	free(v->cells);
	free(v);
}

const char *vt_error(const vt *v)
{
	return v->err[0] ? v->err : NULL;
}

/* write_token hands one accepted token to libvterm. */
static void write_token(esc_token kind, const char *bytes, size_t len, void *user)
{
	vt *v = user;
	v->token = kind;
	vterm_input_write(v->term, bytes, len);
}

int vt_feed(vt *v, const char *data, size_t len)
{
	if (v->err[0])
		return -1;
	if (esc_scan_feed(&v->scan, data, len, write_token, v) < 0) {
		snprintf(v->err, sizeof v->err, "%s", v->scan.err);
		return -1;
	}
	return v->err[0] ? -1 : 0;
}

/* color_index is a libvterm colour as a palette index, -1 for the default. */
static int16_t color_index(const VTermColor *c, bool fg)
{
	if (fg ? VTERM_COLOR_IS_DEFAULT_FG(c) : VTERM_COLOR_IS_DEFAULT_BG(c))
		return -1;
	if (VTERM_COLOR_IS_INDEXED(c))
		return c->indexed.idx;
	return -2; /* an RGB colour: gmpscope never sends one, no index matches */
}

const vt_cell *vt_at(const vt *v, int x, int y)
{
	if (x < 0 || y < 0 || x >= v->w || y >= v->h)
		return NULL;
	VTermScreenCell c;
	vterm_screen_get_cell(v->screen, (VTermPos){ .row = y, .col = x }, &c);
	vt_cell *out = &v->cells[y * v->w + x];
	out->ch = c.chars[0] ? c.chars[0] : ' ';
	out->fg = color_index(&c.fg, true);
	out->bg = color_index(&c.bg, false);
	out->attr = (uint8_t)((c.attrs.bold ? ATTR_BOLD : 0) | (c.attrs.underline ? ATTR_UNDERLINE : 0) |
	                      (c.attrs.reverse ? ATTR_REVERSE : 0) |
	                      (v->faint[y * v->w + x] ? ATTR_DIM : 0));
	return out;
}

bool vt_cursor_visible(const vt *v)
{
	return v->cursor_visible;
}

char *vt_text(const vt *v)
{
	size_t cap = (size_t)v->w * (size_t)v->h * 4 + (size_t)v->h + 1;
	char *out = malloc(cap), *p = out;
	if (!out)
		return NULL;
	for (int y = 0; y < v->h; y++) {
		char *last = p; /* end of the last non-space */
		for (int x = 0; x < v->w; x++) {
			uint32_t ch = vt_at(v, x, y)->ch;
			p += utf8_encode(ch, p);
			if (ch != ' ')
				last = p;
		}
		p = last;
		*p++ = '\n';
	}
	*p = '\0';
	return out;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *vt_json_unescape(const char *s, size_t len, size_t *out_len)
{
	char *out = malloc(len + 1), *p = out;
	if (!out)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20)
			goto bad; /* raw control characters are not valid JSON */
		if (c != '\\') {
			*p++ = (char)c;
			continue;
		}
		if (++i >= len)
			goto bad;
		switch (s[i]) {
		case '"': *p++ = '"'; break;
		case '\\': *p++ = '\\'; break;
		case '/': *p++ = '/'; break;
		case 'b': *p++ = '\b'; break;
		case 'f': *p++ = '\f'; break;
		case 'n': *p++ = '\n'; break;
		case 'r': *p++ = '\r'; break;
		case 't': *p++ = '\t'; break;
		case 'u': {
			if (i + 4 >= len)
				goto bad;
			uint32_t cp = 0;
			for (int k = 1; k <= 4; k++) {
				int h = hexval(s[i + (size_t)k]);
				if (h < 0)
					goto bad;
				cp = cp * 16 + (uint32_t)h;
			}
			i += 4;
			if (cp >= 0xD800 && cp <= 0xDFFF)
				goto bad; /* we never emit surrogate escapes */
			p += utf8_encode(cp, p); /* \uXXXX is at most 3 bytes, no longer than 6 */
			break;
		}
		default:
			goto bad;
		}
	}
	*p = '\0';
	*out_len = (size_t)(p - out);
	return out;
bad:
	free(out);
	return NULL;
}

/* json_str finds a JSON string starting at *s (after spaces); returns its body
 * and length and advances *s past the closing quote. */
static const char *json_str(const char **s, size_t *len)
{
	const char *p = *s;
	while (*p == ' ')
		p++;
	if (*p != '"')
		return NULL;
	const char *body = ++p;
	while (*p && *p != '"' && *p != '\n') {
		if (*p == '\\' && p[1])
			p++;
		p++;
	}
	if (*p != '"')
		return NULL;
	*len = (size_t)(p - body);
	*s = p + 1;
	return body;
}

int vt_feed_cast(vt *v, const char *text)
{
	const char *line = text;
	const char *nl = strchr(line, '\n');
	if (strncmp(line, "{\"version\": 2,", 14) != 0 || !nl)
		return failf(v, "cast: bad header");
	int events = 0;
	double last_t = 0;
	for (line = nl + 1; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		if (!nl)
			return failf(v, "cast: event %d not terminated by a newline", events + 1);
		char *end;
		if (line[0] != '[')
			return failf(v, "cast: event %d does not start with '['", events + 1);
		double t = strtod(line + 1, &end);
		if (end == line + 1 || t < last_t)
			return failf(v, "cast: event %d time missing or decreasing", events + 1);
		last_t = t;
		const char *p = end;
		if (*p++ != ',')
			return failf(v, "cast: event %d: ',' expected after time", events + 1);
		size_t clen, dlen;
		const char *code = json_str(&p, &clen);
		if (!code || *p++ != ',')
			return failf(v, "cast: event %d: bad code", events + 1);
		const char *data = json_str(&p, &dlen);
		if (!data || p[0] != ']' || p + 1 != nl)
			return failf(v, "cast: event %d: bad data", events + 1);
		if (clen == 1 && code[0] == 'o') {
			size_t n;
			char *raw = vt_json_unescape(data, dlen, &n);
			if (!raw)
				return failf(v, "cast: event %d: bad JSON escape", events + 1);
			int rc = vt_feed(v, raw, n);
			free(raw);
			if (rc < 0)
				return -1;
		} else if (!(clen == 1 && code[0] == 'm')) {
			return failf(v, "cast: event %d: unknown code", events + 1);
		}
		events++;
	}
	return events;
}
