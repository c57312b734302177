/*
 * fuzz_view.c — libFuzzer harness: a scenario a teacher wrote, on screen.
 *
 * Parse the input; if it is a scenario, open it in an appstate (as the TUI
 * does) and draw the main screen at several sizes (80x24, the minimum; wide;
 * too small; ASCII), at t=0, after stepping a few visible events, after
 * running to a few virtual times, with the explanation and help overlays
 * open and on the next variant. Long titles, odd names, many Ps or Ms must
 * not make a view write outside its canvas or crash.
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "appstate.h"
#include "canvas.h"
#include "keycode.h"
#include "scenario.h"
#include "view.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct { int w, h; bool ascii; } sizes[] = {
	{80, 24, false}, {203, 61, false}, {79, 23, false}, {20, 10, true}, {120, 40, true},
};
#define NSIZES (int)(sizeof sizes / sizeof sizes[0])

/* draw renders st at size i (mod NSIZES). */
static void draw(const appstate *st, int i)
{
	canvas *c = canvas_new(sizes[i % NSIZES].w, sizes[i % NSIZES].h, sizes[i % NSIZES].ascii);
	assert(c);
	view_render(c, st);
	canvas_free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	gmp_scenario *sc = malloc(sizeof *sc);
	char err[512];
	if (!sc)
		return 0;
	if (scenario_parse("fuzz.gmp", (const char *)data, size, sc, err, sizeof err) < 0) {
		free(sc);
		return 0;
	}
	appstate *st = appstate_new(NULL);
	assert(st);
	appstate_adopt(st, sc, 0);   /* st owns *sc's contents now */
	free(sc);
	int n = 0;
	draw(st, n++);
	for (int i = 0; i < 5; i++) {
		appstate_step(st);
		draw(st, n++);
	}
	appstate_back(st);
	draw(st, n++);
	static const int64_t at[] = {100000, 1000000, 5000000};
	for (int i = 0; i < 3; i++) {
		appstate_run_to(st, at[i]);
		draw(st, n++);
	}
	static const int keys[] = {'e', '?', KEYC_ESC, KEYC_TAB, 'j', 'j', 'v', 'n'};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		appstate_key(st, keys[i]);
		draw(st, n++);
	}
	appstate_free(st);
	return 0;
}
