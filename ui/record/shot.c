/*
 * shot.c — text and SVG screenshots (see shot.h).
 *
 * Geometry is kept in integer tenths of a pixel (a cell is 84 x 170 tenths),
 * printed as "%d.%d", so no floating point rounding can make two machines
 * disagree about a byte. The SVG is drawn in two passes: background
 * rectangles for the whole canvas first, then per row the block glyphs as
 * rectangles and the text as runs of one style, so text is never covered.
 */
#include "shot.h"

#include <assert.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "outfile.h"

#define CW 84   /* cell width, tenths of a px */
#define CH 170  /* cell height, tenths of a px */
#define FONT_PX 14
#define BASELINE 130 /* baseline offset within a cell, tenths of a px */

static void put_tenths(FILE *fp, long v)
{
	fprintf(fp, "%ld.%ld", v / 10, v % 10);
}

static size_t row_trimmed(const canvas *c, int y, char *buf)
{
	size_t n = 0, keep = 0;
	for (int x = 0; x < c->w; x++) {
		uint32_t ch = canvas_at(c, x, y)->ch;
		n += (size_t)utf8_encode(ch, buf + n);
		if (ch != ' ')
			keep = n;
	}
	return keep;
}

int shot_txt(FILE *fp, const canvas *c)
{
	assert(fp && c);
	char *line = malloc((size_t)c->w * 4 + 1);
	if (!line)
		return -1;
	for (int y = 0; y < c->h; y++) {
		size_t n = row_trimmed(c, y, line);
		fwrite(line, 1, n, fp);
		fputc('\n', fp);
	}
	free(line);
	return ferror(fp) ? -1 : 0;
}

char *shot_txt_string(const canvas *c)
{
	char *out = malloc((size_t)c->w * (size_t)c->h * 4 + (size_t)c->h + 1);
	if (!out)
		return NULL;
	size_t n = 0;
	for (int y = 0; y < c->h; y++) {
		n += row_trimmed(c, y, out + n);
		out[n++] = '\n';
	}
	out[n] = '\0';
	return out;
}

/* style is a cell's look in the SVG, after the theme and reverse video. */
typedef struct style {
	uint32_t fg;      /* text colour, 0xRRGGBB */
	uint32_t bg;      /* background colour */
	bool has_bg;      /* draw a background rectangle */
	uint8_t attr;     /* ATTR_BOLD / ATTR_UNDERLINE / ATTR_DIM */
} style;

/* blend mixes pct % of a with the rest of b, per channel. */
static uint32_t blend(uint32_t a, uint32_t b, int pct)
{
	uint32_t out = 0;
	for (int sh = 0; sh <= 16; sh += 8) {
		uint32_t x = (a >> sh) & 0xff, y = (b >> sh) & 0xff;
		out |= ((x * (uint32_t)pct + y * (uint32_t)(100 - pct) + 50) / 100) << sh;
	}
	return out;
}

static style style_of(const canvas_cell *cell, theme_depth depth)
{
	int fg, bg;
	uint8_t attr;
	theme_resolve((canvas_role)cell->role, cell->attr, depth, &fg, &bg, &attr);
	/* 16-colour indices are also the first 16 xterm-256 indices */
	style s = {
		.fg = fg >= 0 ? theme_rgb(fg) : theme_svg_fg(),
		.bg = bg >= 0 ? theme_rgb(bg) : theme_svg_bg(),
		.has_bg = bg >= 0,
		.attr = attr & (ATTR_BOLD | ATTR_UNDERLINE | ATTR_DIM),
	};
	if (attr & ATTR_REVERSE) {
		uint32_t t = s.fg;
		s.fg = s.bg;
		s.bg = t;
		s.has_bg = true;
	}
	if (s.attr & ATTR_DIM) { /* dim is drawn as its colour, 60 % of the way to the background */
		s.fg = blend(s.fg, s.bg, 60);
		s.attr &= (uint8_t)~ATTR_DIM;
	}
	return s;
}

static bool style_eq(const style *a, const style *b)
{
	return a->fg == b->fg && a->bg == b->bg && a->has_bg == b->has_bg && a->attr == b->attr;
}

/* block_shape describes a block glyph as a rectangle: top offset and height in
 * eighths of a cell. The shades (░ ▒ ▓) are drawn
 * as centred bars of 2, 4 and 6 eighths in their full colour rather than as
 * translucent cells, so they keep the colour's contrast on the background
 * and are told apart by shape. Returns false for other glyphs. */
static bool block_shape(uint32_t ch, int *top8, int *h8)
{
	if (ch >= 0x2581 && ch <= 0x2588) {
		*h8 = (int)(ch - 0x2580);
		*top8 = 8 - *h8;
		return true;
	}
	*top8 = 0;
	*h8 = 8;
	switch (ch) {
	case 0x2580: *h8 = 4; return true;
	case 0x2591: *top8 = 3; *h8 = 2; return true;
	case 0x2592: *top8 = 2; *h8 = 4; return true;
	case 0x2593: *top8 = 1; *h8 = 6; return true;
	default: return false;
	}
}

/* box_arms returns the arms of a single-line box-drawing glyph as a bit set
 * (ARM_L, ARM_R, ARM_U, ARM_D), or 0 for other glyphs. */
enum { ARM_L = 1, ARM_R = 2, ARM_U = 4, ARM_D = 8 };
static int box_arms(uint32_t ch)
{
	switch (ch) {
	case 0x2500: return ARM_L | ARM_R;
	case 0x2502: return ARM_U | ARM_D;
	case 0x250C: return ARM_R | ARM_D;
	case 0x2510: return ARM_L | ARM_D;
	case 0x2514: return ARM_U | ARM_R;
	case 0x2518: return ARM_U | ARM_L;
	case 0x251C: return ARM_U | ARM_D | ARM_R;
	case 0x2524: return ARM_U | ARM_D | ARM_L;
	case 0x252C: return ARM_L | ARM_R | ARM_D;
	case 0x2534: return ARM_L | ARM_R | ARM_U;
	case 0x253C: return ARM_L | ARM_R | ARM_U | ARM_D;
	default: return 0;
	}
}

/* svg_box draws cells [x0, x1) of row y, all box glyphs of one style, as one
 * path of line segments through the cell centres, so borders join without the
 * gaps a font leaves between rows. */
static void svg_box(FILE *fp, const canvas *c, int y, int x0, int x1, const style *s)
{
	fputs("<path d=\"", fp);
	long cy = (long)y * CH + CH / 2;
	for (int x = x0; x < x1; x++) {
		int arms = box_arms(canvas_at(c, x, y)->ch);
		long left = (long)x * CW, cx = left + CW / 2;
		if (arms & (ARM_L | ARM_R)) {
			fputc('M', fp);
			put_tenths(fp, arms & ARM_L ? left : cx);
			fputc(' ', fp);
			put_tenths(fp, cy);
			fputc('H', fp);
			put_tenths(fp, arms & ARM_R ? left + CW : cx);
		}
		if (arms & (ARM_U | ARM_D)) {
			fputc('M', fp);
			put_tenths(fp, cx);
			fputc(' ', fp);
			put_tenths(fp, arms & ARM_U ? (long)y * CH : cy);
			fputc('V', fp);
			put_tenths(fp, arms & ARM_D ? (long)(y + 1) * CH : cy);
		}
	}
	fprintf(fp, "\" stroke=\"#%06x\" stroke-width=\"%s\" fill=\"none\"/>\n", (unsigned)s->fg,
	        s->attr & ATTR_BOLD ? "2" : "1.2");
}

static void svg_text(FILE *fp, const canvas *c, int y, int x0, int x1, const style *s)
{
	/* trim spaces at both ends of the run */
	while (x0 < x1 && canvas_at(c, x0, y)->ch == ' ')
		x0++;
	while (x1 > x0 && canvas_at(c, x1 - 1, y)->ch == ' ')
		x1--;
	if (x0 == x1)
		return;
	fputs("<text x=\"", fp);
	put_tenths(fp, (long)x0 * CW);
	fprintf(fp, "\" y=\"");
	put_tenths(fp, (long)y * CH + BASELINE);
	fprintf(fp, "\" fill=\"#%06x\"", (unsigned)s->fg);
	if (s->attr & ATTR_BOLD)
		fputs(" font-weight=\"bold\"", fp);
	if (s->attr & ATTR_UNDERLINE)
		fputs(" text-decoration=\"underline\"", fp);
	fputs(" textLength=\"", fp);
	put_tenths(fp, (long)(x1 - x0) * CW);
	fputs("\" lengthAdjust=\"spacingAndGlyphs\">", fp);
	for (int x = x0; x < x1; x++) {
		uint32_t ch = canvas_at(c, x, y)->ch;
		if (ch == '<')
			fputs("&lt;", fp);
		else if (ch == '>')
			fputs("&gt;", fp);
		else if (ch == '&')
			fputs("&amp;", fp);
		else {
			/* XML forbids C0 controls and U+FFFE/U+FFFF even as references */
			if (ch < 0x20 || ch == 0xFFFE || ch == 0xFFFF)
				ch = '?';
			char u[4];
			fwrite(u, 1, (size_t)utf8_encode(ch, u), fp);
		}
	}
	fputs("</text>\n", fp);
}

static void svg_rect(FILE *fp, int x0, int x1, long top, long height, uint32_t fill)
{
	fputs("<rect x=\"", fp);
	put_tenths(fp, (long)x0 * CW);
	fputs("\" y=\"", fp);
	put_tenths(fp, top);
	fputs("\" width=\"", fp);
	put_tenths(fp, (long)(x1 - x0) * CW);
	fputs("\" height=\"", fp);
	put_tenths(fp, height);
	fprintf(fp, "\" fill=\"#%06x\"", (unsigned)fill);
	fputs("/>\n", fp);
}

/* svg_backgrounds draws the cells' own backgrounds, grouped as <g class="bg">
 * (the page colour itself needs no rectangle). */
static void svg_backgrounds(FILE *fp, const canvas *c, theme_depth depth)
{
	fputs("<g class=\"bg\">\n", fp);
	for (int y = 0; y < c->h; y++) {
		int x = 0;
		while (x < c->w) {
			style s = style_of(canvas_at(c, x, y), depth);
			int e = x + 1;
			while (e < c->w) {
				style t = style_of(canvas_at(c, e, y), depth);
				if (t.has_bg != s.has_bg || t.bg != s.bg)
					break;
				e++;
			}
			if (s.has_bg && s.bg != theme_svg_bg())
				svg_rect(fp, x, e, (long)y * CH, CH, s.bg);
			x = e;
		}
	}
	fputs("</g>\n", fp);
}

static void svg_row(FILE *fp, const canvas *c, int y, theme_depth depth)
{
	int x = 0;
	while (x < c->w) {
		const canvas_cell *cell = canvas_at(c, x, y);
		style s = style_of(cell, depth);
		int top8, h8;
		if (block_shape(cell->ch, &top8, &h8)) {
			int e = x + 1;
			while (e < c->w && canvas_at(c, e, y)->ch == cell->ch) {
				style t = style_of(canvas_at(c, e, y), depth);
				if (t.fg != s.fg)
					break;
				e++;
			}
			svg_rect(fp, x, e, (long)y * CH + top8 * CH / 8, (long)h8 * CH / 8, s.fg);
			x = e;
			continue;
		}
		if (box_arms(cell->ch)) {
			int e = x + 1;
			while (e < c->w && box_arms(canvas_at(c, e, y)->ch)) {
				style t = style_of(canvas_at(c, e, y), depth);
				if (!style_eq(&t, &s))
					break;
				e++;
			}
			svg_box(fp, c, y, x, e, &s);
			x = e;
			continue;
		}
		/* a text run: same style, no block or box glyphs, split at two or more spaces */
		int e = x + 1;
		while (e < c->w) {
			const canvas_cell *n = canvas_at(c, e, y);
			style t = style_of(n, depth);
			if (!style_eq(&t, &s) || block_shape(n->ch, &top8, &h8) || box_arms(n->ch))
				break;
			if (n->ch == ' ' && e + 1 < c->w && canvas_at(c, e + 1, y)->ch == ' ')
				break;
			e++;
		}
		svg_text(fp, c, y, x, e, &s);
		x = e;
	}
}

int shot_svg(FILE *fp, const canvas *c, theme_depth depth)
{
	assert(fp && c);
	long W = (long)c->w * CW, H = (long)c->h * CH;
	fputs("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"", fp);
	put_tenths(fp, W);
	fputs("\" height=\"", fp);
	put_tenths(fp, H);
	fputs("\" viewBox=\"0 0 ", fp);
	put_tenths(fp, W);
	fputc(' ', fp);
	put_tenths(fp, H);
	fprintf(fp, "\" font-family=\"'DejaVu Sans Mono', Menlo, Consolas, 'Liberation Mono', monospace\""
	            " font-size=\"%d\" xml:space=\"preserve\">\n", FONT_PX);
	fprintf(fp, "<rect width=\"100%%\" height=\"100%%\" fill=\"#%06x\"/>\n", (unsigned)theme_svg_bg());
	svg_backgrounds(fp, c, depth);
	for (int y = 0; y < c->h; y++)
		svg_row(fp, c, y, depth);
	fputs("</svg>\n", fp);
	return ferror(fp) ? -1 : 0;
}

int shot_save(const char *path, const canvas *c, char *err, size_t errlen)
{
	return shot_save_named(path, NULL, c, err, errlen);
}

int shot_save_named(const char *path, const char *name, const canvas *c, char *err,
                    size_t errlen)
{
	outfile o;
	if (outfile_open_named(&o, path, name) < 0) {
		snprintf(err, errlen, "%s", o.err);
		return -1;
	}
	size_t n = strlen(path);
	bool svg = n >= 4 && strcmp(path + n - 4, ".svg") == 0;
	int rc = svg ? shot_svg(o.fp, c, THEME_COLOR256) : shot_txt(o.fp, c);
	if (rc < 0) {
		outfile_write_error(&o, err, errlen);
		outfile_abort(&o);
		return -1;
	}
	if (outfile_commit(&o) < 0) {
		snprintf(err, errlen, "%s", o.err);
		return -1;
	}
	return 0;
}
