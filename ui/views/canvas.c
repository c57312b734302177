/*
 * canvas.c — the in-memory cell grid between views and backends.
 *
 * A canvas is w*h cells, row-major; each cell holds one code point of display
 * width 1 plus a colour role and extra attributes. Every write is clipped to the
 * grid, so a view can draw without checking bounds (tmux's grid.c plays the
 * same part). Text arrives as UTF-8 and is decoded here, defensively: invalid
 * bytes become U+FFFD, and code points a single cell cannot hold (controls,
 * combining marks, double-width CJK and emoji) become '?', so one cell is always
 * one column on every backend.
 *
 * ASCII mode maps the handful of glyphs we use (box drawing, blocks, bullets,
 * arrows) to look-alikes at canvas_put time, so views never branch on it.
 */
#include "canvas.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BLANK ((canvas_cell){ .ch = ' ', .role = ROLE_DEFAULT, .attr = 0 })

canvas *canvas_new(int w, int h, bool ascii)
{
	assert(w >= 0 && h >= 0);
	canvas *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	c->ascii = ascii;
	if (canvas_resize(c, w, h) < 0) {
		free(c);
		return NULL;
	}
	return c;
}

void canvas_free(canvas *c)
{
	if (!c)
		return;
	free(c->cells);
	free(c);
}

/* canvas_resize changes the size and clears every cell; on allocation failure
 * the canvas keeps its old size and contents and -1 is returned. */
int canvas_resize(canvas *c, int w, int h)
{
	assert(c && w >= 0 && h >= 0);
	size_t n = (size_t)w * (size_t)h;
	canvas_cell *cells = malloc((n ? n : 1) * sizeof *cells);
	if (!cells)
		return -1;
	free(c->cells);
	c->cells = cells;
	c->w = w;
	c->h = h;
	canvas_clear(c);
	return 0;
}

void canvas_clear(canvas *c)
{
	assert(c);
	size_t n = (size_t)c->w * (size_t)c->h;
	for (size_t i = 0; i < n; i++)
		c->cells[i] = BLANK;
}

bool canvas_equal(const canvas *a, const canvas *b)
{
	assert(a && b);
	if (a->w != b->w || a->h != b->h)
		return false;
	size_t n = (size_t)a->w * (size_t)a->h;
	for (size_t i = 0; i < n; i++) {
		const canvas_cell *x = &a->cells[i], *y = &b->cells[i];
		if (x->ch != y->ch || x->role != y->role || x->attr != y->attr)
			return false;
	}
	return true;
}

/* canvas_copy copies src's cells into dst; both must have the same size. */
void canvas_copy(canvas *dst, const canvas *src)
{
	assert(dst && src && dst->w == src->w && dst->h == src->h);
	memcpy(dst->cells, src->cells, (size_t)src->w * (size_t)src->h * sizeof *src->cells);
}

void canvas_put(canvas *c, int x, int y, uint32_t ch, canvas_role role)
{
	canvas_put_attr(c, x, y, ch, role, 0);
}

void canvas_put_attr(canvas *c, int x, int y, uint32_t ch, canvas_role role, uint8_t attr)
{
	assert(c && (unsigned)role < ROLE__COUNT);
	if (x < 0 || y < 0 || x >= c->w || y >= c->h)
		return;
	ch = glyph_sanitize(ch);
	if (c->ascii && ch >= 0x80)
		ch = glyph_ascii(ch);
	canvas_cell *cell = &c->cells[(size_t)y * (size_t)c->w + (size_t)x];
	cell->ch = ch;
	cell->role = (uint8_t)role;
	cell->attr = attr;
}

/* canvas_put_str writes UTF-8 text from (x, y), one cell per code point, for at
 * most maxw columns (maxw < 0: up to the right edge). Columns left of the canvas
 * are skipped but count against maxw. Returns the cells actually written. */
int canvas_put_str(canvas *c, int x, int y, const char *utf8, canvas_role role, int maxw)
{
	assert(c);
	if (!utf8 || y < 0 || y >= c->h)
		return 0;
	int end = c->w;
	if (maxw >= 0 && (long)x + maxw < end)
		end = x + maxw;
	int written = 0;
	const char *s = utf8;
	while (*s && x < end) {
		uint32_t cp;
		s += utf8_decode(s, &cp);
		if (x >= 0) {
			canvas_put_attr(c, x, y, cp, role, 0);
			written++;
		}
		x++;
	}
	return written;
}

int canvas_printf(canvas *c, int x, int y, canvas_role role, int maxw, const char *fmt, ...)
{
	char small[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return 0;
	if ((size_t)n < sizeof small)
		return canvas_put_str(c, x, y, small, role, maxw);
	char *big = malloc((size_t)n + 1);
	if (!big)
		return canvas_put_str(c, x, y, small, role, maxw);
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	int w = canvas_put_str(c, x, y, big, role, maxw);
	free(big);
	return w;
}

void canvas_fill(canvas *c, int x, int y, int w, int h, uint32_t ch, canvas_role role)
{
	assert(c);
	int x0 = x < 0 ? 0 : x, y0 = y < 0 ? 0 : y;
	int x1 = (long)x + w > c->w ? c->w : x + w;
	int y1 = (long)y + h > c->h ? c->h : y + h;
	for (int j = y0; j < y1; j++)
		for (int i = x0; i < x1; i++)
			canvas_put(c, i, j, ch, role);
}

/* canvas_set_role restyles w cells of row y from x, keeping their glyphs. */
void canvas_set_role(canvas *c, int x, int y, int w, canvas_role role, uint8_t attr)
{
	assert(c && (unsigned)role < ROLE__COUNT);
	if (y < 0 || y >= c->h)
		return;
	int x0 = x < 0 ? 0 : x;
	int x1 = (long)x + w > c->w ? c->w : x + w;
	for (int i = x0; i < x1; i++) {
		canvas_cell *cell = &c->cells[(size_t)y * (size_t)c->w + (size_t)i];
		cell->role = (uint8_t)role;
		cell->attr = attr;
	}
}

/* canvas_box draws a single-line frame "┌ Title ───┐" ... "└───┘" with the
 * border in role and the title in ROLE_TITLE, clipped so that at least one
 * horizontal line stays before the right corner. Boxes smaller than 2x2 draw
 * nothing. The interior is left untouched. */
void canvas_box(canvas *c, int x, int y, int w, int h, const char *title, canvas_role role)
{
	assert(c);
	if (w < 2 || h < 2)
		return;
	int r = x + w - 1, b = y + h - 1;
	for (int i = x + 1; i < r; i++) {
		canvas_put(c, i, y, 0x2500, role);
		canvas_put(c, i, b, 0x2500, role);
	}
	for (int j = y + 1; j < b; j++) {
		canvas_put(c, x, j, 0x2502, role);
		canvas_put(c, r, j, 0x2502, role);
	}
	canvas_put(c, x, y, 0x250C, role);
	canvas_put(c, r, y, 0x2510, role);
	canvas_put(c, x, b, 0x2514, role);
	canvas_put(c, r, b, 0x2518, role);
	if (!title || !*title)
		return;
	int room = w - 3; /* between the corners, minus one trailing line */
	if (room < 2)
		return;
	int n = utf8_width(title);
	if (n > room - 2)
		n = room - 2;
	canvas_put(c, x + 1, y, ' ', role);
	canvas_put_str(c, x + 2, y, title, ROLE_TITLE, n);
	canvas_put(c, x + 2 + n, y, ' ', role);
}

const canvas_cell *canvas_at(const canvas *c, int x, int y)
{
	assert(c);
	if (x < 0 || y < 0 || x >= c->w || y >= c->h)
		return NULL;
	return &c->cells[(size_t)y * (size_t)c->w + (size_t)x];
}

/* canvas_row_text writes row y as UTF-8 plus a NUL into buf, stopping at a
 * whole code point when buf is too small. Returns bytes written without the NUL. */
int canvas_row_text(const canvas *c, int y, char *buf, int buflen)
{
	assert(c && buf && buflen > 0);
	int n = 0;
	if (y >= 0 && y < c->h) {
		const canvas_cell *row = &c->cells[(size_t)y * (size_t)c->w];
		for (int x = 0; x < c->w; x++) {
			char tmp[4];
			int k = utf8_encode(row[x].ch, tmp);
			if (n + k >= buflen)
				break;
			memcpy(buf + n, tmp, (size_t)k);
			n += k;
		}
	}
	buf[n] = '\0';
	return n;
}

/* utf8_decode decodes one code point from s (which must not be at its NUL).
 * Malformed input — stray continuation bytes, overlong forms, surrogates,
 * values past U+10FFFF, truncated sequences — yields U+FFFD and consumes the
 * maximal invalid prefix (at least one byte), never reading past a NUL. */
int utf8_decode(const char *s, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned char b = u[0];
	if (b < 0x80) {
		*cp = b;
		return 1;
	}
	int need;
	uint32_t v, min;
	if (b >= 0xC2 && b <= 0xDF) {
		need = 1; v = b & 0x1F; min = 0x80;
	} else if (b >= 0xE0 && b <= 0xEF) {
		need = 2; v = b & 0x0F; min = 0x800;
	} else if (b >= 0xF0 && b <= 0xF4) {
		need = 3; v = b & 0x07; min = 0x10000;
	} else {
		*cp = 0xFFFD;
		return 1;
	}
	for (int i = 1; i <= need; i++) {
		unsigned char k = u[i];
		if ((k & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return i;
		}
		v = (v << 6) | (k & 0x3F);
		/* reject overlong / surrogate / out-of-range as soon as the 2nd byte shows it */
		if (i == 1 && need >= 2) {
			uint32_t hi = v << (6 * (need - 1));
			if (hi < min || (hi >= 0xD800 && hi <= 0xDFFF) || hi > 0x10FFFF) {
				*cp = 0xFFFD;
				return 1;
			}
		}
	}
	*cp = v;
	return need + 1;
}

/* utf8_encode writes cp as UTF-8 (1-4 bytes, no NUL); invalid code points are
 * written as U+FFFD. */
int utf8_encode(uint32_t cp, char out[4])
{
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* utf8_width returns the cells canvas_put_str would use for s: one per code point. */
int utf8_width(const char *s)
{
	int n = 0;
	if (!s)
		return 0;
	while (*s) {
		uint32_t cp;
		s += utf8_decode(s, &cp);
		n++;
	}
	return n;
}

static bool in(uint32_t cp, uint32_t lo, uint32_t hi)
{
	return cp >= lo && cp <= hi;
}

uint32_t glyph_sanitize(uint32_t cp)
{
	if (cp == '\t' || cp == 0)
		return ' ';
	if (cp < 0x20 || in(cp, 0x7F, 0x9F))
		return '?';
	if (cp < 0x300)
		return cp;
	if (cp > 0x10FFFF || in(cp, 0xD800, 0xDFFF) || (cp & 0xFFFE) == 0xFFFE)
		return 0xFFFD;
	/* zero width: combining marks, joiners, bidi controls, variation selectors */
	if (in(cp, 0x300, 0x36F) || in(cp, 0x483, 0x489) || in(cp, 0x591, 0x5BD) ||
	    in(cp, 0x1AB0, 0x1AFF) || in(cp, 0x1DC0, 0x1DFF) || in(cp, 0x200B, 0x200F) ||
	    in(cp, 0x2028, 0x202E) || in(cp, 0x2060, 0x206F) || in(cp, 0x20D0, 0x20FF) ||
	    in(cp, 0xFE00, 0xFE0F) || in(cp, 0xFE20, 0xFE2F) || cp == 0xFEFF ||
	    in(cp, 0xE0000, 0xE0FFF))
		return '?';
	/* double width: Hangul Jamo, CJK, fullwidth forms, emoji */
	if (in(cp, 0x1100, 0x115F) || in(cp, 0x231A, 0x231B) || in(cp, 0x2329, 0x232A) ||
	    in(cp, 0x23E9, 0x23EC) || in(cp, 0x2E80, 0x303E) || in(cp, 0x3041, 0x33FF) ||
	    in(cp, 0x3400, 0x4DBF) || in(cp, 0x4E00, 0x9FFF) || in(cp, 0xA000, 0xA4CF) ||
	    in(cp, 0xAC00, 0xD7A3) || in(cp, 0xF900, 0xFAFF) || in(cp, 0xFE30, 0xFE4F) ||
	    in(cp, 0xFF00, 0xFF60) || in(cp, 0xFFE0, 0xFFE6) || in(cp, 0x1F300, 0x1F64F) ||
	    in(cp, 0x1F900, 0x1F9FF) || in(cp, 0x20000, 0x3FFFD))
		return '?';
	return cp;
}

/* glyph_ascii returns a one-column ASCII look-alike for the glyphs the views
 * use; other non-ASCII code points become '?'. ASCII passes through. */
uint32_t glyph_ascii(uint32_t cp)
{
	static const struct { uint32_t cp; char a; } map[] = {
		{ 0x00A0, ' ' }, { 0x00B1, '+' }, { 0x00B5, 'u' }, { 0x00B7, '.' },
		{ 0x00D7, 'x' }, { 0x2013, '-' }, { 0x2014, '-' }, { 0x2018, '\'' },
		{ 0x2019, '\'' }, { 0x201C, '"' }, { 0x201D, '"' }, { 0x2022, '*' },
		{ 0x2026, '~' }, { 0x2190, '<' }, { 0x2191, '^' }, { 0x2192, '>' },
		{ 0x2193, 'v' }, { 0x21E2, '>' }, { 0x2248, '~' }, { 0x2264, '<' },
		{ 0x2265, '>' }, { 0x2298, 'x' }, { 0x2500, '-' }, { 0x2501, '-' },
		{ 0x2502, '|' }, { 0x2503, '|' }, { 0x2504, '-' }, { 0x2505, '-' },
		{ 0x2506, '|' }, { 0x2507, '|' }, { 0x2508, '-' }, { 0x2509, '-' },
		{ 0x250A, '|' }, { 0x250B, '|' }, { 0x254C, '-' }, { 0x254D, '-' },
		{ 0x254E, '|' }, { 0x254F, '|' }, { 0x2550, '=' }, { 0x2551, '|' },
		{ 0x2574, '-' }, { 0x2575, '|' }, { 0x2576, '-' }, { 0x2577, '|' },
		{ 0x2580, '"' }, { 0x2581, '_' }, { 0x2582, '_' }, { 0x2583, '.' },
		{ 0x2584, '-' }, { 0x2585, '=' }, { 0x2586, '=' }, { 0x2587, '#' },
		{ 0x2588, '#' }, { 0x258C, '|' }, { 0x2590, '|' }, { 0x2591, '.' },
		{ 0x2592, ':' }, { 0x2593, '%' }, { 0x25A0, '#' }, { 0x25A1, 'o' },
		{ 0x25AA, '*' }, { 0x25B2, '^' }, { 0x25B6, '>' }, { 0x25B8, '>' },
		{ 0x25BA, '>' }, { 0x25BC, 'v' }, { 0x25C0, '<' }, { 0x25C6, '*' },
		{ 0x25C7, 'o' }, { 0x25CB, 'o' }, { 0x25CC, 'o' }, { 0x25CF, '@' },
		{ 0x2713, 'v' }, { 0x2717, 'x' }, { 0x271A, '+' }, { 0x271D, 't' },
		{ 0xFFFD, '?' },
	};
	if (cp < 0x80)
		return cp;
	size_t lo = 0, hi = sizeof map / sizeof map[0];
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (map[mid].cp == cp)
			return (uint32_t)(unsigned char)map[mid].a;
		if (map[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (in(cp, 0x2500, 0x257F)) /* other box drawing: corners, tees, crosses */
		return '+';
	if (in(cp, 0x2580, 0x259F))
		return '#';
	return '?';
}
