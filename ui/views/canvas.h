/*
 * canvas.h — an in-memory grid of cells between the views and the backends.
 *
 * Views draw a whole frame into a canvas (ratatui style); backends present it:
 * ui/term/term.c through ncurses, ui/record/cast.c as asciicast frame differences,
 * ui/record/shot.c as text and SVG screenshots. A cell holds one Unicode code point of
 * display width 1 and a colour *role* (htop style): views never name colours,
 * the theme (ui/views/theme.c) maps roles to colours per backend.
 *
 * ASCII mode (non-UTF-8 locale, or --ascii): canvas_put maps the few non-ASCII
 * glyphs we use (box drawing, blocks, bullets, arrows) to ASCII look-alikes, so
 * views write the same code for both.
 */
#ifndef GMP_CANVAS_H
#define GMP_CANVAS_H

#include <stdbool.h>
#include <stdint.h>

typedef enum {
	ROLE_DEFAULT = 0,
	ROLE_DIM,         /* secondary text, empty slots */
	ROLE_TITLE,       /* panel titles, header text */
	ROLE_BORDER,
	ROLE_BUG,         /* BUG badge (red) */
	ROLE_FIX,         /* FIX badge (green) */
	ROLE_VARIANT,     /* other variants' badge (yellow/blue) */
	ROLE_RUNNING,     /* green */
	ROLE_RUNNABLE,    /* yellow */
	ROLE_WAITING,     /* blue */
	ROLE_SYSCALL,     /* magenta */
	ROLE_LOCKED,      /* cyan */
	ROLE_DEAD,        /* grey */
	ROLE_SPINNING,    /* bright yellow */
	ROLE_IDLE,        /* dim */
	ROLE_THROTTLED,   /* grey on red */
	ROLE_SYSMON,      /* white bold */
	ROLE_HIGHLIGHT,   /* reverse: the event just stepped, a changed value */
	ROLE_ALERT,       /* red bold: fatal, deadlock, a growing bad number */
	ROLE_KEY,         /* a key name in the footer / help */
	ROLE_STEAL,       /* steal arrows (bright cyan) */
	ROLE_NEW,         /* new M / spawn flashes (bright green) */
	ROLE_SPARK,       /* sparklines */
	ROLE_SELECTED,    /* focused panel border, picker cursor */
	ROLE_OK,          /* expectation passed (green) */
	ROLE__COUNT
} canvas_role;

enum { ATTR_BOLD = 1, ATTR_REVERSE = 2, ATTR_UNDERLINE = 4, ATTR_DIM = 8 };

typedef struct canvas_cell {
	uint32_t ch;      /* Unicode code point, display width 1; ' ' when empty */
	uint8_t role;     /* canvas_role */
	uint8_t attr;     /* ATTR_* added to the role's own attributes */
} canvas_cell;

typedef struct canvas {
	int w, h;
	bool ascii;          /* map non-ASCII glyphs to ASCII */
	canvas_cell *cells;  /* w*h, row-major */
} canvas;

canvas *canvas_new(int w, int h, bool ascii);
void canvas_free(canvas *c);
int canvas_resize(canvas *c, int w, int h);   /* clears; -1 on allocation failure */
void canvas_clear(canvas *c);
bool canvas_equal(const canvas *a, const canvas *b);
void canvas_copy(canvas *dst, const canvas *src); /* same size required */

/* canvas_put writes one glyph; out-of-bounds writes are clipped silently. */
void canvas_put(canvas *c, int x, int y, uint32_t ch, canvas_role role);
void canvas_put_attr(canvas *c, int x, int y, uint32_t ch, canvas_role role, uint8_t attr);
/* canvas_put_str writes UTF-8 text from (x, y), at most maxw cells (maxw < 0:
 * to the right edge); returns the number of cells written. */
int canvas_put_str(canvas *c, int x, int y, const char *utf8, canvas_role role, int maxw);
int canvas_printf(canvas *c, int x, int y, canvas_role role, int maxw, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
void canvas_fill(canvas *c, int x, int y, int w, int h, uint32_t ch, canvas_role role);
void canvas_set_role(canvas *c, int x, int y, int w, canvas_role role, uint8_t attr);
/* canvas_box draws a frame with an optional title in the top edge. */
void canvas_box(canvas *c, int x, int y, int w, int h, const char *title, canvas_role role);
const canvas_cell *canvas_at(const canvas *c, int x, int y);

/* canvas_row_text writes row y as UTF-8 (trailing spaces kept) into buf;
 * returns bytes written (without the NUL). */
int canvas_row_text(const canvas *c, int y, char *buf, int buflen);

/* utf8 helpers */
int utf8_decode(const char *s, uint32_t *cp);     /* bytes consumed, >= 1 */
int utf8_encode(uint32_t cp, char out[4]);        /* bytes written */
int utf8_width(const char *s);                    /* cells (code points) */
uint32_t glyph_ascii(uint32_t cp);                /* ASCII fallback of a glyph */
/* glyph_sanitize maps what a cell cannot hold (controls, surrogates, combining
 * marks, double-width code points) to a single-width replacement. */
uint32_t glyph_sanitize(uint32_t cp);

#endif
