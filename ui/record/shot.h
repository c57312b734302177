/*
 * shot.h — screenshots of a canvas, as text and as SVG.
 *
 * .txt: exactly one line per canvas row, trailing spaces trimmed, each ending
 * in '\n' — what tests and `diff` compare.
 * .svg: the frame in its real colours on a dark background, a monospace grid of
 * SHOT_CELL_W x SHOT_CELL_H px cells; each text run is stretched to its exact
 * width (textLength) so columns line up whatever monospace font the viewer
 * has; block glyphs (█ ▁…▇ ░▒▓) are drawn as rectangles and box-drawing
 * lines as paths, so timelines, sparklines and borders are crisp and joined.
 * Readable in any browser and on GitHub. Both outputs are deterministic byte
 * for byte.
 */
#ifndef GMP_SHOT_H
#define GMP_SHOT_H

#include <stddef.h>
#include <stdio.h>

#include "canvas.h"
#include "theme.h"

#define SHOT_CELL_W 8.4   /* px */
#define SHOT_CELL_H 17    /* px */

/* shot_txt writes the text screenshot to fp; -1 on a write error. */
int shot_txt(FILE *fp, const canvas *c);

/* shot_svg writes the SVG screenshot to fp using the palette of depth
 * (THEME_COLOR256 normally; THEME_MONO for a colourless one); -1 on a write error. */
int shot_svg(FILE *fp, const canvas *c, theme_depth depth);

/* shot_save writes c to path through ui/record/outfile.h, as SVG when path ends in
 * ".svg" and as text otherwise. Returns 0, or -1 with a one-line message in err. */
int shot_save(const char *path, const canvas *c, char *err, size_t errlen);

/* shot_save_named is shot_save with errors naming name (NULL = path). */
int shot_save_named(const char *path, const char *name, const canvas *c, char *err,
                    size_t errlen);

/* shot_txt_string returns the text screenshot as a malloc'd string (NULL when
 * out of memory); handy in tests. */
char *shot_txt_string(const canvas *c);

#endif
