/*
 * vt.c — a strict miniature terminal for replaying recordings in tests.
 *
 * State is a cell grid, the cursor (with xterm's pending-wrap flag), the
 * current SGR pen and a partial-escape buffer, so data can arrive in pieces.
 * It is deliberately small and unforgiving: the point is to prove that the
 * recorder's output is the plain subset every player renders, and that
 * replaying it reproduces the frame exactly.
 */
#include "vt.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canvas.h"

struct vt {
	int w, h;
	vt_cell *cells;      /* w*h */
	int cx, cy;          /* cursor */
	bool wrap_pending;   /* last write hit the right margin */
	bool cursor_visible;
	vt_cell pen;         /* style for the next character (ch unused) */
	char esc[64];        /* partial escape sequence */
	size_t esc_len;
	char utf[4];         /* partial UTF-8 sequence */
	size_t utf_len, utf_need;
	char err[160];
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

static vt_cell blank(const vt *v)
{
	/* erased cells take the current background, like xterm (BCE) */
	return (vt_cell){ .ch = ' ', .fg = -1, .bg = v->pen.bg, .attr = 0 };
}

vt *vt_new(int w, int h)
{
	vt *v = calloc(1, sizeof *v);
	if (!v)
		return NULL;
	v->cells = calloc((size_t)w * (size_t)h + 1, sizeof *v->cells);
	if (!v->cells) {
		free(v);
		return NULL;
	}
	v->w = w;
	v->h = h;
	v->pen = (vt_cell){ ' ', -1, -1, 0 };
	v->cursor_visible = true;
	for (int i = 0; i < w * h; i++)
		v->cells[i] = blank(v);
	return v;
}

void vt_free(vt *v)
{
	if (!v)
		return;
	free(v->cells);
	free(v);
}

const char *vt_error(const vt *v)
{
	return v->err[0] ? v->err : NULL;
}

const vt_cell *vt_at(const vt *v, int x, int y)
{
	if (x < 0 || y < 0 || x >= v->w || y >= v->h)
		return NULL;
	return &v->cells[y * v->w + x];
}

bool vt_cursor_visible(const vt *v)
{
	return v->cursor_visible;
}

static void erase(vt *v, int from, int to) /* cell indexes [from, to) */
{
	for (int i = from; i < to; i++)
		v->cells[i] = blank(v);
}

static int put_char(vt *v, uint32_t cp)
{
	if (v->wrap_pending) {
		if (v->cy + 1 >= v->h)
			return failf(v, "text past the bottom-right corner would scroll");
		v->cy++;
		v->cx = 0;
		v->wrap_pending = false;
	}
	vt_cell *c = &v->cells[v->cy * v->w + v->cx];
	*c = v->pen;
	c->ch = cp;
	if (v->cx + 1 >= v->w)
		v->wrap_pending = true;
	else
		v->cx++;
	return 0;
}

static int sgr(vt *v, const int *p, int n)
{
	if (n == 0) {
		v->pen = (vt_cell){ ' ', -1, -1, 0 };
		return 0;
	}
	for (int i = 0; i < n; i++) {
		int a = p[i];
		if (a == 0)
			v->pen = (vt_cell){ ' ', -1, -1, 0 };
		else if (a == 1)
			v->pen.attr |= ATTR_BOLD;
		else if (a == 2)
			v->pen.attr |= ATTR_DIM;
		else if (a == 4)
			v->pen.attr |= ATTR_UNDERLINE;
		else if (a == 7)
			v->pen.attr |= ATTR_REVERSE;
		else if (a == 22)
			v->pen.attr &= (uint8_t)~(ATTR_BOLD | ATTR_DIM);
		else if (a == 24)
			v->pen.attr &= (uint8_t)~ATTR_UNDERLINE;
		else if (a == 27)
			v->pen.attr &= (uint8_t)~ATTR_REVERSE;
		else if (a >= 30 && a <= 37)
			v->pen.fg = (int16_t)(a - 30);
		else if (a == 39)
			v->pen.fg = -1;
		else if (a >= 40 && a <= 47)
			v->pen.bg = (int16_t)(a - 40);
		else if (a == 49)
			v->pen.bg = -1;
		else if (a >= 90 && a <= 97)
			v->pen.fg = (int16_t)(a - 90 + 8);
		else if (a >= 100 && a <= 107)
			v->pen.bg = (int16_t)(a - 100 + 8);
		else if ((a == 38 || a == 48) && i + 2 < n && p[i + 1] == 5 && p[i + 2] >= 0 && p[i + 2] <= 255) {
			if (a == 38)
				v->pen.fg = (int16_t)p[i + 2];
			else
				v->pen.bg = (int16_t)p[i + 2];
			i += 2;
		} else
			return failf(v, "unsupported SGR parameter %d", a);
	}
	return 0;
}

/* csi executes the complete sequence in v->esc ("ESC [ ... final"). */
static int csi(vt *v)
{
	const char *s = v->esc + 2;
	size_t len = v->esc_len - 2;
	char final = s[len - 1];
	bool priv = false;
	if (len > 0 && s[0] == '?') {
		priv = true;
		s++;
		len--;
	}
	int p[16], n = 0;
	bool have = false;
	for (size_t i = 0; i + 1 < len; i++) {
		char c = s[i];
		if (c >= '0' && c <= '9') {
			if (n == 16)
				return failf(v, "too many CSI parameters");
			if (!have)
				p[n] = 0;
			if (p[n] > 100000)
				return failf(v, "CSI parameter too large");
			p[n] = p[n] * 10 + (c - '0');
			have = true;
		} else if (c == ';') {
			if (!have)
				p[n] = 0;
			if (++n == 16)
				return failf(v, "too many CSI parameters");
			have = false;
		} else {
			return failf(v, "unexpected '%c' in CSI parameters", c);
		}
	}
	if (have || n > 0) {
		if (!have)
			p[n] = 0;
		n++;
	}
	if (priv) {
		if (n == 1 && p[0] == 25 && (final == 'l' || final == 'h')) {
			v->cursor_visible = final == 'h';
			return 0;
		}
		return failf(v, "unsupported private mode sequence");
	}
	switch (final) {
	case 'H': {
		int row = n > 0 && p[0] > 0 ? p[0] : 1, col = n > 1 && p[1] > 0 ? p[1] : 1;
		if (n > 2 || row > v->h || col > v->w)
			return failf(v, "CUP %d;%d outside %dx%d", row, col, v->w, v->h);
		v->cy = row - 1;
		v->cx = col - 1;
		v->wrap_pending = false;
		return 0;
	}
	case 'J': case 'K': {
		int mode = n > 0 ? p[0] : 0;
		int line0 = v->cy * v->w;
		int at = line0 + v->cx;
		if (n > 1 || mode > 2)
			return failf(v, "unsupported erase mode %d", mode);
		if (final == 'J')
			erase(v, mode == 0 ? at : 0, mode == 1 ? at + 1 : v->w * v->h);
		else
			erase(v, mode == 0 ? at : line0, mode == 1 ? at + 1 : line0 + v->w);
		return 0;
	}
	case 'm':
		return sgr(v, p, n);
	default:
		return failf(v, "unsupported CSI final '%c'", final);
	}
}

static int feed_byte(vt *v, unsigned char b)
{
	if (v->esc_len) {
		if (v->esc_len == 1) {
			if (b != '[')
				return failf(v, "escape ESC %c is not a CSI", b);
			v->esc[v->esc_len++] = (char)b;
			return 0;
		}
		if (v->esc_len >= sizeof v->esc)
			return failf(v, "CSI too long");
		v->esc[v->esc_len++] = (char)b;
		if (b >= 0x40 && b <= 0x7e) {
			int rc = csi(v);
			v->esc_len = 0;
			return rc;
		}
		if (b < 0x20 || b > 0x7e)
			return failf(v, "byte 0x%02x inside CSI", b);
		return 0;
	}
	if (v->utf_need) {
		if ((b & 0xC0) != 0x80)
			return failf(v, "invalid UTF-8 continuation 0x%02x", b);
		v->utf[v->utf_len++] = (char)b;
		if (v->utf_len < v->utf_need)
			return 0;
		char tmp[5] = { 0 };
		memcpy(tmp, v->utf, v->utf_len);
		uint32_t cp;
		int used = utf8_decode(tmp, &cp);
		v->utf_need = v->utf_len = 0;
		if ((size_t)used != strlen(tmp) || cp == 0xFFFD)
			if (!(cp == 0xFFFD && memcmp(tmp, "\xEF\xBF\xBD", 3) == 0))
				return failf(v, "invalid UTF-8 sequence");
		return put_char(v, cp);
	}
	if (b == 0x1b) {
		v->esc[0] = 0x1b;
		v->esc_len = 1;
		return 0;
	}
	if (b < 0x20 || b == 0x7f)
		return failf(v, "control byte 0x%02x", b);
	if (b < 0x80)
		return put_char(v, b);
	size_t need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 0;
	if (!need || b > 0xF4)
		return failf(v, "invalid UTF-8 lead byte 0x%02x", b);
	v->utf[0] = (char)b;
	v->utf_len = 1;
	v->utf_need = need;
	return 0;
}

int vt_feed(vt *v, const char *data, size_t len)
{
	if (v->err[0])
		return -1;
	for (size_t i = 0; i < len; i++)
		if (feed_byte(v, (unsigned char)data[i]) < 0)
			return -1;
	return 0;
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
			uint32_t ch = v->cells[y * v->w + x].ch;
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
