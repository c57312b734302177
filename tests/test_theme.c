/*
 * test_theme.c — the themes as a reader sees them: every foreground on every
 * background the SVG writer emits has a WCAG 2 contrast ratio of at least
 * 4.5:1, in the light theme (dark text on white) and in the dark one.
 *
 * The screenshots come from the real recorder, run in-process as main.c runs
 * it (`record 03 --theme light --screens DIR`), and the SVG text is parsed
 * back: the page colour, the cell backgrounds (<g class="bg">), then each
 * text run, box-drawing path and block rectangle with the backgrounds of the
 * cells it covers. Contrast: https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "theme.h"

#define CW 8.4     /* cell width in px (shot.c) */
#define CH 17.0    /* cell height in px */
#define MAXW 400
#define MAXH 120

/* svg_page is one screenshot's colours, cell by cell. */
typedef struct svg_page {
	uint32_t page;             /* the page background */
	uint32_t bg[MAXH][MAXW];   /* each cell's background */
	int w, h;                  /* cells */
	double worst;              /* lowest contrast seen */
	uint32_t worst_fg, worst_bg;
	int pairs;                 /* distinct (fg, bg) pairs seen */
	uint64_t seen[512];        /* those pairs, fg << 24 | bg */
} svg_page;

static double channel(uint32_t v)
{
	double c = (double)v / 255.0;
	return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

/* luminance is WCAG's relative luminance of 0xRRGGBB. */
static double luminance(uint32_t rgb)
{
	return 0.2126 * channel(rgb >> 16 & 0xff) + 0.7152 * channel(rgb >> 8 & 0xff) +
	       0.0722 * channel(rgb & 0xff);
}

static double contrast(uint32_t a, uint32_t b)
{
	double la = luminance(a), lb = luminance(b);
	return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

static void test_contrast_formula(void **state)
{
	(void)state;
	assert_true(fabs(contrast(0x000000, 0xffffff) - 21.0) < 1e-9);
	assert_true(fabs(contrast(0x777777, 0xffffff) - 4.48) < 0.01); /* the classic near miss */
	assert_true(fabs(contrast(0x767676, 0xffffff) - 4.54) < 0.01);
}

/* attr reads attribute name="..." of the element starting at el (up to '>'). */
static bool attr(const char *el, const char *name, char *out, size_t len)
{
	const char *end = strchr(el, '>');
	char key[32];
	snprintf(key, sizeof key, " %s=\"", name);
	const char *p = strstr(el, key);
	if (!p || (end && p > end))
		return false;
	p += strlen(key);
	const char *q = strchr(p, '"');
	if (!q || (size_t)(q - p) >= len)
		return false;
	memcpy(out, p, (size_t)(q - p));
	out[q - p] = 0;
	return true;
}

static double num(const char *el, const char *name)
{
	char b[64];
	assert_true(attr(el, name, b, sizeof b));
	return strtod(b, NULL);
}

static uint32_t colour(const char *el, const char *name)
{
	char b[16];
	assert_true(attr(el, name, b, sizeof b));
	assert_int_equal(b[0], '#');
	return (uint32_t)strtoul(b + 1, NULL, 16);
}

/* pair checks fg over the background of cell (cx, cy). */
static void pair(svg_page *pg, uint32_t fg, int cx, int cy)
{
	assert_true(cx >= 0 && cx < pg->w && cy >= 0 && cy < pg->h);
	uint32_t bg = pg->bg[cy][cx];
	uint64_t key = (uint64_t)fg << 24 | bg;
	bool known = false;
	for (int i = 0; i < pg->pairs && !known; i++)
		known = pg->seen[i] == key;
	if (!known && pg->pairs < 512)
		pg->seen[pg->pairs++] = key;
	double c = contrast(fg, bg);
	if (c < pg->worst) {
		pg->worst = c;
		pg->worst_fg = fg;
		pg->worst_bg = bg;
	}
}

static int cell(double px, double size)
{
	return (int)floor(px / size + 1e-6);
}

/* parse_page reads an SVG screenshot and checks every colour pair in it. */
static void parse_page(const char *svg, svg_page *pg)
{
	memset(pg, 0, sizeof *pg);
	pg->worst = 99;
	pg->w = cell(num(svg, "width"), CW);
	pg->h = cell(num(svg, "height"), CH);
	assert_true(pg->w <= MAXW && pg->h <= MAXH);
	const char *p = strstr(svg, "<rect width=\"100%\"");
	assert_non_null(p);
	pg->page = colour(p, "fill");
	for (int y = 0; y < pg->h; y++)
		for (int x = 0; x < pg->w; x++)
			pg->bg[y][x] = pg->page;
	const char *g = strstr(svg, "<g class=\"bg\">"), *gend = g ? strstr(g, "</g>") : NULL;
	assert_non_null(gend);
	for (p = strstr(g, "<rect"); p && p < gend; p = strstr(p + 1, "<rect")) {
		int x0 = cell(num(p, "x"), CW), n = cell(num(p, "width") + 0.01, CW), y = cell(num(p, "y"), CH);
		for (int x = x0; x < x0 + n; x++)
			pg->bg[y][x] = colour(p, "fill");
	}
	for (p = strchr(gend, '<'); p; p = strchr(p + 1, '<')) {
		if (!strncmp(p, "<text", 5)) {
			int x0 = cell(num(p, "x"), CW), n = cell(num(p, "textLength") + 0.01, CW);
			int y = cell(num(p, "y"), CH);
			for (int x = x0; x < x0 + n; x++)
				pair(pg, colour(p, "fill"), x, y);
		} else if (!strncmp(p, "<rect", 5)) {   /* a block glyph */
			int x0 = cell(num(p, "x"), CW), n = cell(num(p, "width") + 0.01, CW);
			int y = cell(num(p, "y"), CH);
			for (int x = x0; x < x0 + n; x++)
				pair(pg, colour(p, "fill"), x, y);
		} else if (!strncmp(p, "<path", 5)) {  /* box drawing: every point it moves to */
			char d[8192];
			assert_true(attr(p, "d", d, sizeof d));
			for (char *m = strchr(d, 'M'); m; m = strchr(m + 1, 'M')) {
				double mx, my;
				assert_int_equal(sscanf(m + 1, "%lf %lf", &mx, &my), 2);
				int cx = cell(mx, CW), cy = cell(my, CH);
				pair(pg, colour(p, "stroke"), cx < pg->w ? cx : pg->w - 1, cy < pg->h ? cy : pg->h - 1);
			}
		}
	}
}

/* record_screens runs `gmpscope record 03 --screens DIR [--theme T]` in-process. */
static void record_screens(const char *dir, const char *theme)
{
	char scen[1024];
	const char *root = getenv("GMPSCOPE_ROOT");
	snprintf(scen, sizeof scen, "%s/scenarios/03-lockosthread-leak.gmp", root && *root ? root : ".");
	char *argv[] = {"gmpscope", "record", scen, "--screens", (char *)dir, "--theme", (char *)theme, NULL};
	cli_opts o;
	char err[CLI_ERR_MAX];
	assert_int_equal(cli_parse(7, argv, &o, err, sizeof err), 0);
	assert_int_equal(cmd_record(&o), 0);
	theme_use(THEME_DARK);
}

/* check_theme records scenario 03 in a theme and checks every SVG it wrote;
 * returns how many screenshots there were. */
static int check_theme(const char *theme, uint32_t want_page)
{
	char dir[] = "/tmp/gmp-theme-XXXXXX";
	assert_non_null(mkdtemp(dir));
	record_screens(dir, theme);
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *de;
	int nsvg = 0;
	static svg_page pg;
	while ((de = readdir(d)) != NULL) {
		char path[1200];
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		size_t n = strlen(de->d_name);
		if (n > 4 && !strcmp(de->d_name + n - 4, ".svg")) {
			FILE *fp = fopen(path, "rb");
			assert_non_null(fp);
			static char buf[4 << 20];
			size_t len = fread(buf, 1, sizeof buf - 1, fp);
			fclose(fp);
			buf[len] = 0;
			parse_page(buf, &pg);
			assert_int_equal(pg.page, want_page);
			if (pg.worst < 4.5)
				print_error("%s: #%06x on #%06x has contrast %.2f:1 (< 4.5:1)\n", path,
				            (unsigned)pg.worst_fg, (unsigned)pg.worst_bg, pg.worst);
			assert_true(pg.worst >= 4.5);
			assert_true(pg.pairs >= 12); /* badges, states, dim text: not a blank page */
			nsvg++;
		}
		if (de->d_name[0] != '.')
			unlink(path);
	}
	closedir(d);
	rmdir(dir);
	return nsvg;
}

static void test_light_screens_are_white_and_every_pair_reads(void **state)
{
	(void)state;
	assert_true(check_theme("light", 0xffffff) >= 2);
}

static void test_dark_screens_every_pair_reads(void **state)
{
	(void)state;
	assert_true(check_theme("dark", 0x1c1c1c) >= 2);
}

/* every role of both themes, in the 256-colour table the SVG uses, on the
 * page and on its own background (roles never drawn in a recording too) */
static void test_every_role_of_both_themes(void **state)
{
	(void)state;
	for (int t = THEME_DARK; t <= THEME_LIGHT; t++) {
		theme_use((theme_kind)t);
		for (int r = 0; r < ROLE__COUNT; r++) {
			int fg, bg;
			uint8_t a;
			theme_resolve((canvas_role)r, 0, THEME_COLOR256, &fg, &bg, &a);
			uint32_t f = fg >= 0 ? theme_rgb(fg) : theme_svg_fg();
			uint32_t b = bg >= 0 ? theme_rgb(bg) : theme_svg_bg();
			if (contrast(f, b) < 4.5)
				print_error("theme %d role %d: %.2f:1\n", t, r, contrast(f, b));
			assert_true(contrast(f, b) >= 4.5);
		}
	}
	theme_use(THEME_DARK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_contrast_formula),
		cmocka_unit_test(test_every_role_of_both_themes),
		cmocka_unit_test(test_light_screens_are_white_and_every_pair_reads),
		cmocka_unit_test(test_dark_screens_every_pair_reads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
