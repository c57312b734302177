/*
 * appstate_picker.c — the scenario picker (the `s` overlay).
 *
 * The picker lists the scenarios of st->scen_dir with the one directory scan
 * `gmpscope list` makes (paths_list_scenarios: NN-slug.gmp files in number
 * order) and parses each one for its number, slug, title and family; a file
 * that does not parse stays listed with its parse error, shown when it is
 * chosen. SCENARIO arguments are resolved by ui/paths.c alone.
 */
#include "appstate_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paths.h"

/* app_picks_free empties the picker's list. */
void app_picks_free(appstate *st)
{
	for (int i = 0; i < st->npicks; i++) {
		free(st->picks[i].path);
		free(st->picks[i].slug);
		free(st->picks[i].title);
		free(st->picks[i].family);
		free(st->picks[i].error);
	}
	free(st->picks);
	st->picks = NULL;
	st->npicks = 0;
}

/* app_picks_load rereads the list and puts the cursor on the open scenario. */
void app_picks_load(appstate *st)
{
	app_picks_free(st);
	char **paths, err[300];
	int n = paths_list_scenarios(st->scen_dir, &paths, err, sizeof err);
	if (n < 0)
		n = 0;
	st->picks = calloc(n ? n : 1, sizeof *st->picks);
	if (!st->picks) {
		paths_free_list(paths, n);
		return;
	}
	for (int i = 0; i < n; i++) {
		ui_pick *p = &st->picks[st->npicks++];
		const char *name = strrchr(paths[i], '/') + 1;   /* listed as dir/name */
		p->path = paths[i];
		gmp_scenario s;
		memset(&s, 0, sizeof s);
		if (scenario_load(p->path, &s, err, sizeof err) == 0) {
			p->number = s.number;
			p->slug = app_strdup(s.slug);
			p->title = app_strdup(s.title);
			p->family = app_strdup(s.family);
			scenario_free(&s);
		} else {
			p->number = atoi(name);
			p->slug = app_strdup(name);
			p->error = app_strdup(err);
		}
	}
	free(paths);   /* the paths now belong to the picks */
	if (st->pick_cur >= st->npicks)
		st->pick_cur = st->npicks ? st->npicks - 1 : 0;
	/* put the cursor on the open scenario */
	if (st->have_scen)
		for (int i = 0; i < st->npicks; i++)
			if (st->picks[i].path && st->scen.path && !strcmp(st->picks[i].path, st->scen.path))
				st->pick_cur = i;
}

/* pick_number returns the entry numbered n, -1 if none. */
static int pick_number(const appstate *st, int n)
{
	for (int i = 0; i < st->npicks; i++)
		if (st->picks[i].number == n)
			return i;
	return -1;
}

/* app_pick_digit: digit d typed in the picker. It extends the number typed
 * so far ("1" then "3" is 13) when a scenario has that number, else starts
 * a new one ("1" "3" "5" goes 01, 13, 05); the cursor goes to the scenario
 * with the number, or stays with a notice when there is none. */
void app_pick_digit(appstate *st, int d)
{
	int n = st->pick_typed >= 0 && st->pick_typed <= 99 ? st->pick_typed * 10 + d : -1;
	int i = n >= 0 ? pick_number(st, n) : -1;
	if (i < 0) {
		n = d;
		i = pick_number(st, n);
	}
	st->pick_typed = n;
	if (i >= 0)
		st->pick_cur = i;
	else
		snprintf(st->msg, sizeof st->msg, "no scenario numbered %d in %s", n, st->scen_dir);
}

void appstate_typing_pause(appstate *st)
{
	st->pick_typed = -1;
}
