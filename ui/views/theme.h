/*
 * theme.h — colour roles mapped to concrete colours, per backend (htop's
 * ColorElements, done as one table).
 *
 * Each canvas_role has one row: a 256-colour pair (recordings, modern
 * terminals), a 16-colour pair (the Linux console, old xterms), its own
 * attributes, and the attributes it falls back to on a monochrome terminal or
 * under NO_COLOR, chosen so that meaning survives through bold, reverse and
 * underline alone. SVG colours are the xterm RGB values of the 256-colour pair,
 * so a screenshot looks like the recording.
 */
#ifndef GMP_THEME_H
#define GMP_THEME_H

#include <stddef.h>
#include <stdint.h>

#include "canvas.h"

typedef enum {
	THEME_MONO = 0,   /* no colour: attributes only (NO_COLOR, dumb terminals) */
	THEME_COLOR8,     /* 8 colours: bright shades become bold */
	THEME_COLOR16,    /* 16 colours */
	THEME_COLOR256,   /* 256 colours (xterm-256color; all recordings) */
} theme_depth;

typedef struct theme_style {
	int16_t fg256, bg256;   /* xterm-256 indices; -1 = terminal default */
	int16_t fg16, bg16;     /* 0-15; -1 = terminal default */
	uint8_t attr;           /* ATTR_* in colour modes */
	uint8_t mono_attr;      /* ATTR_* in THEME_MONO */
} theme_style;

/* the two themes: dark (light text on a dark background, the default) and
 * light (dark text on white, for slides) */
typedef enum { THEME_DARK = 0, THEME_LIGHT } theme_kind;

/* theme_use selects the theme every later call resolves (--theme). */
void theme_use(theme_kind k);
theme_kind theme_current(void);
/* theme_parse maps "dark" / "light" to a theme; -1 for anything else. */
int theme_parse(const char *name, theme_kind *out);
/* theme_svg_bg / theme_svg_fg: the screenshot's default background and text
 * colours (0xRRGGBB) for the theme in use. */
uint32_t theme_svg_bg(void);
uint32_t theme_svg_fg(void);

/* theme_style_of returns the table row for role in the theme in use (never NULL). */
const theme_style *theme_style_of(canvas_role role);

/* theme_depth_for picks a depth from the terminal's colour count, honouring
 * NO_COLOR (https://no-color.org: set and non-empty disables colour). */
theme_depth theme_depth_for(int ncolors);

/* theme_resolve gives the effective colours and attributes of a cell at a depth:
 * fg/bg are palette indices for that depth (-1 default), attr is the role's
 * attributes plus the cell's. In THEME_COLOR8, bright colours 8-15 become 0-7
 * plus ATTR_BOLD (foreground only). */
void theme_resolve(canvas_role role, uint8_t cell_attr, theme_depth depth,
                   int *fg, int *bg, uint8_t *attr);

/* theme_sgr writes the complete SGR sequence for a style ("\x1b[0;1;38;5;46m",
 * ';'-separated, always starting with a reset) into buf (>= 48 bytes) and
 * returns its length. */
int theme_sgr(char *buf, size_t buflen, canvas_role role, uint8_t cell_attr, theme_depth depth);

/* theme_rgb returns the xterm RGB value (0xRRGGBB) of a 256-colour index. */
uint32_t theme_rgb(int index);

#endif
