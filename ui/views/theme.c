/*
 * theme.c — the one table from colour roles to colours.
 *
 * The palette is chosen for a projector in a lit room seen from the back row:
 * saturated, light foregrounds on the terminal's own (dark) background, states
 * told apart by hue (running green, runnable yellow, waiting blue, syscall
 * magenta, locked cyan, dead grey) and badges as white bold text on a solid
 * block. Blue is a light "dodger" blue, since pure blue vanishes on black.
 *
 * Monochrome keeps the distinctions that matter most: running is bold, runnable
 * underlined, badges and highlights reversed, dead and idle dim. The views'
 * glyphs (▶ ◆ ◌ ✝ ⊘) carry the rest.
 */
#include "theme.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define B ATTR_BOLD
#define R ATTR_REVERSE
#define U ATTR_UNDERLINE
#define D ATTR_DIM

/* The dark theme: light text on the terminal's own dark background. Every
 * foreground keeps a WCAG contrast of at least 4.5:1 on the SVG background
 * (#1c1c1c) and on its own background (tests/test_theme.c checks it). */
/* fg256 bg256 fg16 bg16 attr mono_attr */
static const theme_style dark[ROLE__COUNT] = {
	[ROLE_DEFAULT]   = {  -1,  -1, -1, -1, 0, 0 },
	[ROLE_DIM]       = { 246,  -1,  8, -1, 0, D },
	[ROLE_TITLE]     = { 231,  -1, 15, -1, B, B },
	[ROLE_BORDER]    = { 245,  -1,  8, -1, 0, 0 },
	[ROLE_BUG]       = { 231, 160, 15,  1, B, R | B },
	[ROLE_FIX]       = { 231,  28, 15,  2, B, R },
	[ROLE_VARIANT]   = {  16, 178,  0,  3, B, R | U },
	[ROLE_RUNNING]   = {  46,  -1, 10, -1, 0, B },
	[ROLE_RUNNABLE]  = { 220,  -1,  3, -1, 0, U },
	[ROLE_WAITING]   = {  39,  -1, 12, -1, 0, 0 },
	[ROLE_SYSCALL]   = { 207,  -1, 13, -1, 0, U | B },
	[ROLE_LOCKED]    = {  44,  -1,  6, -1, 0, U },
	[ROLE_DEAD]      = { 246,  -1,  8, -1, 0, D },
	[ROLE_SPINNING]  = { 228,  -1, 11, -1, B, B | U },
	[ROLE_IDLE]      = { 245,  -1,  8, -1, 0, D },
	[ROLE_THROTTLED] = { 252,  88,  7,  1, 0, R | U },
	[ROLE_SYSMON]    = { 231,  -1, 15, -1, B, B },
	[ROLE_HIGHLIGHT] = {  -1,  -1, -1, -1, R, R },
	[ROLE_ALERT]     = { 203,  -1,  9, -1, B, B | U },
	[ROLE_KEY]       = {  16, 250,  0,  7, B, R },
	[ROLE_STEAL]     = {  87,  -1, 14, -1, B, B },
	[ROLE_NEW]       = { 120,  -1, 10, -1, B, B },
	[ROLE_SPARK]     = { 111,  -1, 12, -1, 0, 0 },
	[ROLE_SELECTED]  = { 214,  -1, 11, -1, B, B },
	[ROLE_OK]        = {  40,  -1, 10, -1, B, B },
};

/* The light theme (--theme light, for slides and bright rooms): dark text on
 * white. Every role names its background, so a dark terminal shows it white
 * too; the hues are the dark theme's, darkened to 4.5:1 on white. */
static const theme_style light[ROLE__COUNT] = {
	[ROLE_DEFAULT]   = { 235, 231,  0, 15, 0, 0 },
	[ROLE_DIM]       = { 242, 231,  8, 15, 0, D },
	[ROLE_TITLE]     = {  16, 231,  0, 15, B, B },
	[ROLE_BORDER]    = { 242, 231,  8, 15, 0, 0 },
	[ROLE_BUG]       = { 231, 160, 15,  1, B, R | B },
	[ROLE_FIX]       = { 231,  28, 15,  2, B, R },
	[ROLE_VARIANT]   = {  16, 220,  0,  3, B, R | U },
	[ROLE_RUNNING]   = {  22, 231,  2, 15, 0, B },
	[ROLE_RUNNABLE]  = {  94, 231,  3, 15, 0, U },
	[ROLE_WAITING]   = {  25, 231,  4, 15, 0, 0 },
	[ROLE_SYSCALL]   = { 127, 231,  5, 15, 0, U | B },
	[ROLE_LOCKED]    = {  23, 231,  6, 15, 0, U },
	[ROLE_DEAD]      = { 241, 231,  8, 15, 0, D },
	[ROLE_SPINNING]  = { 130, 231,  3, 15, B, B | U },
	[ROLE_IDLE]      = { 242, 231,  8, 15, 0, D },
	[ROLE_THROTTLED] = { 231,  88, 15,  1, 0, R | U },
	[ROLE_SYSMON]    = {  16, 231,  0, 15, B, B },
	[ROLE_HIGHLIGHT] = { 235, 231,  0, 15, R, R },
	[ROLE_ALERT]     = { 160, 231,  1, 15, B, B | U },
	[ROLE_KEY]       = {  16, 252,  0,  7, B, R },
	[ROLE_STEAL]     = {  24, 231,  6, 15, B, B },
	[ROLE_NEW]       = {  28, 231,  2, 15, B, B },
	[ROLE_SPARK]     = {  61, 231,  4, 15, 0, 0 },
	[ROLE_SELECTED]  = { 130, 231,  3, 15, B, B },
	[ROLE_OK]        = {  28, 231,  2, 15, B, B },
};

/* the theme in use: set once at start-up (--theme), read by every backend */
static theme_kind current = THEME_DARK;

void theme_use(theme_kind k)
{
	current = k;
}

theme_kind theme_current(void)
{
	return current;
}

int theme_parse(const char *name, theme_kind *out)
{
	if (!strcmp(name, "dark"))
		*out = THEME_DARK;
	else if (!strcmp(name, "light"))
		*out = THEME_LIGHT;
	else
		return -1;
	return 0;
}

uint32_t theme_svg_bg(void)
{
	return current == THEME_LIGHT ? 0xffffffu : 0x1c1c1cu;
}

uint32_t theme_svg_fg(void)
{
	return current == THEME_LIGHT ? 0x262626u : 0xd0d0d0u;
}

const theme_style *theme_style_of(canvas_role role)
{
	assert((unsigned)role < ROLE__COUNT);
	return current == THEME_LIGHT ? &light[role] : &dark[role];
}

theme_depth theme_depth_for(int ncolors)
{
	const char *nc = getenv("NO_COLOR");
	if ((nc && *nc) || ncolors < 8)
		return THEME_MONO;
	if (ncolors >= 256)
		return THEME_COLOR256;
	if (ncolors >= 16)
		return THEME_COLOR16;
	return THEME_COLOR8;
}

void theme_resolve(canvas_role role, uint8_t cell_attr, theme_depth depth,
                   int *fg, int *bg, uint8_t *attr)
{
	const theme_style *s = theme_style_of(role);
	switch (depth) {
	case THEME_COLOR256:
		*fg = s->fg256;
		*bg = s->bg256;
		*attr = s->attr | cell_attr;
		return;
	case THEME_COLOR16:
		*fg = s->fg16;
		*bg = s->bg16;
		*attr = s->attr | cell_attr;
		return;
	case THEME_COLOR8:
		*fg = s->fg16;
		*bg = s->bg16 >= 8 ? s->bg16 - 8 : s->bg16;
		*attr = s->attr | cell_attr;
		if (*fg >= 8) {
			*fg -= 8;
			if (*fg == 0) /* bright black (grey): dim white (dim black on white) reads better */
				*fg = current == THEME_LIGHT ? 0 : 7, *attr |= ATTR_DIM;
			else
				*attr |= ATTR_BOLD;
		}
		return;
	case THEME_MONO:
		break;
	}
	*fg = -1;
	*bg = -1;
	*attr = s->mono_attr | cell_attr;
}

int theme_sgr(char *buf, size_t buflen, canvas_role role, uint8_t cell_attr, theme_depth depth)
{
	assert(buf && buflen >= 48);
	int fg, bg;
	uint8_t attr;
	theme_resolve(role, cell_attr, depth, &fg, &bg, &attr);
	int n = snprintf(buf, buflen, "\x1b[0");
	if (attr & ATTR_BOLD)
		n += snprintf(buf + n, buflen - (size_t)n, ";1");
	if (attr & ATTR_DIM)
		n += snprintf(buf + n, buflen - (size_t)n, ";2");
	if (attr & ATTR_UNDERLINE)
		n += snprintf(buf + n, buflen - (size_t)n, ";4");
	if (attr & ATTR_REVERSE)
		n += snprintf(buf + n, buflen - (size_t)n, ";7");
	if (fg >= 0) {
		if (depth == THEME_COLOR256)
			n += snprintf(buf + n, buflen - (size_t)n, ";38;5;%d", fg);
		else
			n += snprintf(buf + n, buflen - (size_t)n, ";%d", fg < 8 ? 30 + fg : 90 + fg - 8);
	}
	if (bg >= 0) {
		if (depth == THEME_COLOR256)
			n += snprintf(buf + n, buflen - (size_t)n, ";48;5;%d", bg);
		else
			n += snprintf(buf + n, buflen - (size_t)n, ";%d", bg < 8 ? 40 + bg : 100 + bg - 8);
	}
	n += snprintf(buf + n, buflen - (size_t)n, "m");
	assert((size_t)n < buflen);
	return n;
}

uint32_t theme_rgb(int index)
{
	static const uint32_t base[16] = {
		0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd, 0x00cdcd, 0xe5e5e5,
		0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00, 0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff,
	};
	if (index < 0 || index > 255)
		return theme_svg_fg();
	if (index < 16)
		return base[index];
	if (index >= 232) {
		uint32_t v = 8 + 10 * (uint32_t)(index - 232);
		return v << 16 | v << 8 | v;
	}
	int i = index - 16;
	static const uint8_t level[6] = { 0, 95, 135, 175, 215, 255 };
	return (uint32_t)level[i / 36] << 16 | (uint32_t)level[(i / 6) % 6] << 8 | level[i % 6];
}
