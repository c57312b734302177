/*
 * appstate_picker.c — the scenario picker (the `s` overlay) and the resolver
 * of a scenario argument.
 *
 * The picker lists the *.gmp files of st->scen_dir sorted by file name and
 * parses each one for its number, slug, title and family; a file that does
 * not parse stays listed with its parse error, shown when it is chosen. The
 * resolver (appstate_find) takes "3", "03", a slug or a path.
 */
#include "appstate_int.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* cmp_str orders file names for qsort (byte order: 01-… before 10-…). */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* scan_dir lists dir's *.gmp file names, sorted; returns the count. */
static int scan_dir(const char *dir, char ***names)
{
	DIR *d = opendir(dir);
	*names = NULL;
	if (!d)
		return 0;
	int n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);
		if (l < 5 || strcmp(de->d_name + l - 4, ".gmp") != 0 || de->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			char **nn = realloc(*names, cap * sizeof *nn);
			if (!nn)
				break;
			*names = nn;
		}
		(*names)[n++] = app_strdup(de->d_name);
	}
	closedir(d);
	if (n)
		qsort(*names, n, sizeof **names, cmp_str);
	return n;
}

/* app_picks_load rereads the list and puts the cursor on the open scenario. */
void app_picks_load(appstate *st)
{
	app_picks_free(st);
	char **names;
	int n = scan_dir(st->scen_dir, &names);
	st->picks = calloc(n ? n : 1, sizeof *st->picks);
	if (!st->picks) {
		for (int i = 0; i < n; i++)
			free(names[i]);
		free(names);
		return;
	}
	for (int i = 0; i < n; i++) {
		ui_pick *p = &st->picks[st->npicks++];
		size_t l = strlen(st->scen_dir) + strlen(names[i]) + 2;
		p->path = malloc(l);
		if (p->path)
			snprintf(p->path, l, "%s/%s", st->scen_dir, names[i]);
		gmp_scenario s;
		char err[300];
		memset(&s, 0, sizeof s);
		if (p->path && scenario_load(p->path, &s, err, sizeof err) == 0) {
			p->number = s.number;
			p->slug = app_strdup(s.slug);
			p->title = app_strdup(s.title);
			p->family = app_strdup(s.family);
			scenario_free(&s);
		} else {
			p->number = atoi(names[i]);
			p->slug = app_strdup(names[i]);
			p->error = app_strdup(p->path ? err : "out of memory");
		}
		free(names[i]);
	}
	free(names);
	if (st->pick_cur >= st->npicks)
		st->pick_cur = st->npicks ? st->npicks - 1 : 0;
	/* put the cursor on the open scenario */
	if (st->have_scen)
		for (int i = 0; i < st->npicks; i++)
			if (st->picks[i].path && st->scen.path && !strcmp(st->picks[i].path, st->scen.path))
				st->pick_cur = i;
}

int appstate_find(const char *dir, const char *arg, char *path, size_t len)
{
	if (strchr(arg, '/') || (strlen(arg) > 4 && !strcmp(arg + strlen(arg) - 4, ".gmp"))) {
		snprintf(path, len, "%s", arg);
		return 0;
	}
	char **names;
	int n = scan_dir(dir, &names), found = -1;
	char *end;
	long num = strtol(arg, &end, 10);
	bool numeric = *arg && *end == 0;
	for (int i = 0; i < n && found < 0; i++) {
		const char *nm = names[i];
		const char *dash = strchr(nm, '-');
		if (numeric) {
			if (atoi(nm) == num && nm[0] >= '0' && nm[0] <= '9')
				found = i;
		} else if (dash) {
			size_t sl = strlen(dash + 1) - 4;
			if (strlen(arg) == sl && !strncmp(dash + 1, arg, sl))
				found = i;
		}
	}
	if (found >= 0)
		snprintf(path, len, "%s/%s", dir, names[found]);
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return found >= 0 ? 0 : -1;
}
