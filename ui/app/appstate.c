/*
 * appstate.c — an appstate's life: creating it, opening or adopting a
 * scenario, switching variants, restarting, freeing.
 *
 * Opening a scenario or switching variant restarts the run: a new engine,
 * paused at t=0, with a new history (its first checkpoint is t=0) and no
 * animations or step boundaries. The engines and the history's checkpoints
 * borrow the open scenario's programs, so they are always freed before it.
 */
#include "appstate_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *app_strdup(const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s) + 1;
	char *d = malloc(n);
	if (d)
		memcpy(d, s, n);
	return d;
}

const gmp_variant *appstate_variant(const appstate *st)
{
	if (!st->have_scen || st->variant < 0 || st->variant >= st->scen.nvariants)
		return NULL;
	return &st->scen.variants[st->variant];
}

/* engine_drop frees the run (a pending job's clone, then the history first: its clones borrow the same
 * program as the engine). */
static void engine_drop(appstate *st)
{
	app_job_drop(st);
	history_free(st->hist);
	st->hist = NULL;
	if (st->eng)
		engine_free(st->eng);
	st->eng = NULL;
}

void appstate_restart(appstate *st)
{
	engine_drop(st);
	st->run++;
	st->nanims = 0;
	st->vt = 0;
	st->stepped = false;
	st->seen_seq = 0;
	st->nhist = 0;
	st->until_pending = false;
	st->playing = false;
	const gmp_variant *v = appstate_variant(st);
	if (!v)
		return;
	st->eng = engine_new(&v->prog, &v->cfg);
	if (!st->eng) {
		snprintf(st->msg, sizeof st->msg, "cannot start the engine (out of memory)");
		return;
	}
	st->hist = history_new_policy(st->eng, &GMP_HISTORY_UI);
	if (st->peer)
		app_cmp_restart(st);
}

void appstate_set_variant(appstate *st, int v)
{
	if (!st->have_scen || st->scen.nvariants == 0)
		return;
	st->variant = ((v % st->scen.nvariants) + st->scen.nvariants) % st->scen.nvariants;
	st->scroll[PANEL_SOURCE] = 0;
	appstate_restart(st);
}

void appstate_adopt(appstate *st, gmp_scenario *s, int v)
{
	/* the engines borrow the old scenario's programs: free them first */
	appstate_compare_off(st);
	engine_drop(st);
	if (st->have_scen)
		scenario_free(&st->scen);
	st->scen = *s;
	memset(s, 0, sizeof *s);
	st->have_scen = true;
	st->speed = st->scen.speed > 0 ? st->scen.speed : APP_SPEED_DEFAULT;
	if (st->speed < APP_SPEED_MIN)
		st->speed = APP_SPEED_MIN;
	if (st->speed > APP_SPEED_MAX)
		st->speed = APP_SPEED_MAX;
	st->show_explain = false;
	st->show_picker = false;
	st->msg[0] = 0;
	memset(st->scroll, 0, sizeof st->scroll);
	appstate_set_variant(st, v);
}

int appstate_open(appstate *st, const char *path, char *err, size_t errlen)
{
	gmp_scenario s;
	memset(&s, 0, sizeof s);
	if (scenario_load(path, &s, err, errlen) != 0)
		return -1;
	if (s.nvariants == 0) {
		snprintf(err, errlen, "%s: the scenario has no variant", path);
		scenario_free(&s);
		return -1;
	}
	appstate_adopt(st, &s, 0);
	return 0;
}

appstate *appstate_new(const char *scen_dir)
{
	appstate *st = calloc(1, sizeof *st);
	if (!st)
		return NULL;
	st->scen_dir = app_strdup(scen_dir ? scen_dir : "scenarios");
	st->speed = APP_SPEED_DEFAULT;
	st->vt_limit = -1;
	st->compare_v = -1;
	st->pick_typed = -1;
	if (!st->scen_dir) {
		free(st);
		return NULL;
	}
	return st;
}

void appstate_free(appstate *st)
{
	if (!st)
		return;
	appstate_compare_off(st);
	engine_drop(st);
	if (st->have_scen && !st->scen_borrowed)
		scenario_free(&st->scen);
	app_quiz_free(st);
	app_picks_free(st);
	free(st->scen_dir);
	free(st);
}
