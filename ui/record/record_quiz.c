/*
 * record_quiz.c — `gmpscope quiz --record`: the quiz of the terminal,
 * headless, driven by a key script.
 *
 * The questions are loaded and checked as the terminal's quiz does
 * (quiz_load.h); the recording starts from the same state as the terminal's:
 * question 1's three questions, paused at t=0 (record_frames does not press
 * space first). A question's time is the key script's clock from the key
 * that shows the program to the key that answers (the pauses between them),
 * so two replays give byte-identical casts and screenshots. The last
 * screenshot, end.txt, shows the summary when the script ends with `q`.
 */
#include "record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paths.h"
#include "quiz_load.h"
#include "theme.h"

int cmd_quiz_record(const cli_opts *o)
{
	rec r;
	gmp_scenario *scens = NULL;
	int n = 0;
	memset(&r, 0, sizeof r);
	r.o = o;
	r.quiz = true;
	theme_use(o->light ? THEME_LIGHT : THEME_DARK);
	char qerr[QUIZ_ERR_MAX];
	if (quiz_load(o, &scens, &n, qerr, sizeof qerr) < 0) {
		fprintf(stderr, "%s\n", qerr);
		return 2;
	}
	if (record_outputs(&r, o, NULL) < 0)
		goto fail;
	char dir[PATHS_MAX], derr[RECORD_ERR];
	bool have_dir = paths_scenarios_dir(dir, sizeof dir, derr, sizeof derr) == 0;
	r.st = appstate_new(have_dir ? dir : "/nonexistent");
	if (!r.st || appstate_quiz_start(r.st, scens, n) < 0) {
		snprintf(r.err, sizeof r.err, "gmpscope: out of memory");
		goto fail;
	}
	scens = NULL;   /* the appstate's now */
	appstate_set_screen(r.st, o->cols, o->rows);
	if (r.cast_open && !(r.k = cast_open(r.cast_f.fp, o->cols, o->rows, "gmpscope quiz", THEME_COLOR256))) {
		snprintf(r.err, sizeof r.err, "gmpscope: out of memory");
		goto fail;
	}
	if (record_frames(&r) < 0)
		goto fail;
	if (r.k) {
		int rc = cast_close(r.k);
		r.k = NULL;
		if (rc < 0) {
			outfile_write_error(&r.cast_f, r.err, sizeof r.err);
			goto fail;
		}
	}
	if (record_finish(&r, &r.cast_f, r.cast_open) < 0 || record_publish(&r) < 0)
		goto fail;
	record_teardown(&r);
	return 0;
fail:
	fprintf(stderr, "%s\n", r.err);
	for (int i = 0; scens && i < n; i++)
		scenario_free(&scens[i]);
	free(scens);
	record_teardown(&r);
	return 2;
}
