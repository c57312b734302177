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
