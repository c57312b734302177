/*
 * record.c — `gmpscope record SCENARIO [options]`: checking the arguments,
 * opening the outputs, and writing them (the frames are record_frames.c's).
 *
 * Everything is validated before anything runs: the scenario and variant, the
 * key script, every output file (opened as a temporary through ui/record/outfile.h)
 * and the screenshot directory (staged in a hidden directory, its missing
 * parents created). Then the traces are written (each from its own fresh
 * engine, see record.h), then the frames: asciicast and screenshots. Only when
 * every output is complete on disk are they all renamed into place: a failure
 * at any point (a full disk while writing the last screenshot) prints one line
 * with the reason and returns 2, leaving no output behind and any existing
 * file untouched. A run that uses up gmpscope's own budget (--max-events,
 * --max-engine-memory) ends the same way, with the engine's give-up line and
 * GMP_EXIT_GAVEUP (3).
 */
#include "record.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "metrics_out.h"
#include "paths.h"
#include "theme.h"
#include "sigfatal.h"
#include "view.h"

void record_time_name(int64_t t, char *buf, size_t len)
{
	if (t % 1000000 == 0)
		snprintf(buf, len, "t%04" PRId64 "ms", t / 1000000);
	else if (t % 1000 == 0)
		snprintf(buf, len, "t%04" PRId64 "us", t / 1000);
	else
		snprintf(buf, len, "t%07" PRId64 "ns", t);
}


/* ---- setup ------------------------------------------------------------ */

static int fail(rec *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(rec *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->err, sizeof r->err, fmt, ap);
	va_end(ap);
	return -1;
}

static int open_out(rec *r, outfile *f, bool *is_open, const char *path)
{
	if (!path || !*path)
		return 0;
	if (outfile_open(f, path) < 0)
		return fail(r, "%s", f->err);
	*is_open = true;
	return 0;
}

/* canonical writes path with its directory resolved (realpath) into buf;
 * false when the directory cannot be resolved. */
static bool canonical(const char *path, char *buf, size_t len)
{
	char dir[PATHS_MAX], real[PATHS_MAX];
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	if (slash)
		snprintf(dir, sizeof dir, "%.*s", slash == path ? 1 : (int)(slash - path), path);
	else
		snprintf(dir, sizeof dir, ".");
	if (!realpath(dir, real))
		return false;
	return snprintf(buf, len, "%s/%s", real, base) < (int)len;
}

/* same_file says whether two output names denote the same file: the same
 * resolved name, or one existing file (links included). */
static bool same_file(const char *a, const char *b)
{
	char ca[PATHS_MAX], cb[PATHS_MAX];
	struct stat sa, sb;
	if (strcmp(a, b) == 0)
		return true;
	if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
		return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	return canonical(a, ca, sizeof ca) && canonical(b, cb, sizeof cb) && strcmp(ca, cb) == 0;
}

/* check_clashes refuses two outputs that name the same file (or a file and
 * the screenshot directory): one would silently overwrite the other. */
static int check_clashes(rec *r, const cli_opts *o)
{
	const char *names[5] = { "--cast", "--schedtrace", "--trace-json", "--screens", "--metrics" };
	const char *paths[5] = { o->cast, o->schedtrace[0] ? o->schedtrace : NULL, o->trace_json,
	                         o->screens, o->metrics };
	for (int i = 0; i < 5; i++)
		for (int j = i + 1; j < 5; j++)
			if (paths[i] && paths[j] && same_file(paths[i], paths[j]))
				return fail(r, "gmpscope: %s: %s and %s both name \"%s\": give each output "
				            "its own file", cli_command_name(o->cmd), names[i], names[j], paths[j]);
	return 0;
}

static int cmp_due(const void *a, const void *b)
{
	const due *x = a, *y = b;
	return x->t < y->t ? -1 : x->t > y->t;
}

/* check_compare checks --compare VARIANT: another variant of the scenario,
 * and no trace file (a trace follows one run: record each variant alone). */
static int check_compare(rec *r, const cli_opts *o, const gmp_scenario *s, int variant)
{
	char name[64];
	scenario_name(s, name, sizeof name);
	int c = scenario_variant(s, o->compare);
	if (c < 0)
		return fail(r, "gmpscope: record: --compare: %s has no variant \"%s\"", name, o->compare);
	if (c == variant)
		return fail(r, "gmpscope: record: --compare %s: that is the variant recorded; name another",
		            o->compare);
	if (o->schedtrace[0] || o->trace_json)
		return fail(r, "gmpscope: record: --compare cannot be combined with --schedtrace or "
		               "--trace-json (record each variant's trace alone)");
	return 0;
}

/* setup loads the scenario, checks every argument and opens every output. */
static int setup(rec *r, const cli_opts *o, int *variant, gmp_scenario *s)
{
	char path[PATHS_MAX];
	if (paths_find_scenario(o->scenario, path, sizeof path, r->err, sizeof r->err) < 0)
		return -1;
	if (scenario_load(path, s, r->err, sizeof r->err) < 0)
		return -1;
	if (s->nvariants == 0)
		return fail(r, "gmpscope: %s: the scenario has no variant", path);
	*variant = 0;
	if (o->variant && (*variant = scenario_variant(s, o->variant)) < 0) {
		char list[256] = "", name[64];
		for (int i = 0; i < s->nvariants; i++) {
			size_t l = strlen(list);
			snprintf(list + l, sizeof list - l, "%s%s", i ? ", " : "", s->variants[i].name);
		}
		scenario_name(s, name, sizeof name);
		return fail(r, "gmpscope: record: %s has no variant \"%s\" (its variants: %s)", name,
		            o->variant, list);
	}
	if (o->compare && check_compare(r, o, s, *variant) < 0)
		return -1;
	if (o->seed_set)
		for (int i = 0; i < s->nvariants; i++)
			s->variants[i].cfg.seed = o->seed;
	return record_outputs(r, o, s);
}

int record_outputs(rec *r, const cli_opts *o, const gmp_scenario *s)
{
	int nmoments = s ? s->nmoments : 0;
	if (o->keys) {
		char kerr[RECORD_ERR - 32];
		if (keys_parse_script(o->keys, &r->keys, &r->nkeys, kerr, sizeof kerr) < 0)
			return fail(r, "gmpscope: %s: --keys: %s", cli_command_name(o->cmd), kerr);
	}
	r->dues = calloc((size_t)(o->nat + nmoments + 1), sizeof *r->dues);
	if (!r->dues)
		return fail(r, "gmpscope: out of memory");
	for (int i = 0; i < o->nat; i++) {
		r->dues[r->ndues].t = o->at[i];
		record_time_name(o->at[i], r->dues[r->ndues++].name, sizeof r->dues[0].name);
	}
	for (int i = 0; i < nmoments; i++) {
		r->dues[r->ndues].t = s->moments[i];
		r->dues[r->ndues].moment = i + 1;
		snprintf(r->dues[r->ndues++].name, sizeof r->dues[0].name, "moment%d", i + 1);
	}
	qsort(r->dues, (size_t)r->ndues, sizeof *r->dues, cmp_due);
	if (check_clashes(r, o) < 0)
		return -1;
	if (open_out(r, &r->cast_f, &r->cast_open, o->cast) < 0 ||
	    open_out(r, &r->sched_f, &r->sched_open, o->schedtrace) < 0 ||
	    open_out(r, &r->trace_f, &r->trace_open, o->trace_json) < 0 ||
	    open_out(r, &r->metrics_f, &r->metrics_open, o->metrics) < 0)
		return -1;
	if (o->screens) {
		if (outdir_open(&r->shots, o->screens) < 0)
			return fail(r, "%s", r->shots.err);
		r->shots_open = true;
	}
	r->cv = canvas_new(o->cols, o->rows, o->ascii);
	if (!r->cv)
		return fail(r, "gmpscope: out of memory");
	return 0;
}

void record_teardown(rec *r)
{
	if (r->k)
		cast_close(r->k);
	if (r->cast_open)
		outfile_abort(&r->cast_f);
	if (r->sched_open)
		outfile_abort(&r->sched_f);
	if (r->trace_open)
		outfile_abort(&r->trace_f);
	if (r->metrics_open)
		outfile_abort(&r->metrics_f);
	if (r->shots_open)
		outdir_abort(&r->shots);
	canvas_free(r->cv);
	appstate_free(r->st);
	free(r->keys);
	free(r->dues);
}

/* finish closes an output's temporary file: every write error shows here. */
int record_finish(rec *r, outfile *f, bool is_open)
{
	if (is_open && outfile_finish(f) < 0)
		return fail(r, "%s", f->err);
	return 0;
}

/* publish_all renames the outputs (publish). */
static int publish_all(rec *r)
{
	outfile *fs[4] = { &r->sched_f, &r->trace_f, &r->cast_f, &r->metrics_f };
	bool *open[4] = { &r->sched_open, &r->trace_open, &r->cast_open, &r->metrics_open };
	for (int i = 0; i < 4; i++) {
		if (!*open[i])
			continue;
		*open[i] = false;
		if (outfile_publish(fs[i]) < 0)
			return fail(r, "%s", fs[i]->err);
	}
	if (r->shots_open) {
		r->shots_open = false;
		if (outdir_commit(&r->shots) < 0)
			return fail(r, "%s", r->shots.err);
	}
	return 0;
}

/* publish renames every finished output into place, the screenshots last.
 * Each step is a rename on its own file system: no data is written here.
 * A signal meanwhile waits for the renames (sigfatal_hold), so the outputs
 * still appear together or not at all. */
int record_publish(rec *r)
{
	sigfatal_hold();
	int rc = publish_all(r);
	sigfatal_release();
	return rc;
}

int cmd_record(const cli_opts *o)
{
	rec r;
	gmp_scenario s;
	int v = 0;
	if (o->log || o->real)
		return record_snaps(o);
	memset(&r, 0, sizeof r);
	memset(&s, 0, sizeof s);
	r.o = o;
	theme_use(o->light ? THEME_LIGHT : THEME_DARK);
	if (setup(&r, o, &v, &s) < 0)
		goto fail;
	char title[160], gaveup[RECORD_ERR] = "";
	snprintf(title, sizeof title, "gmpscope %02d %s (%s)", s.number, s.slug, s.variants[v].name);
	if (r.sched_open && record_schedtrace(r.sched_f.fp, &s.variants[v], o->until,
	                                      o->schedtrace_interval, o->schedtrace_detail, gaveup) < 0) {
		outfile_write_error(&r.sched_f, r.err, sizeof r.err);
		goto fail;
	}
	if (gaveup[0])
		goto gave_up;
	if (r.trace_open && record_trace_json(r.trace_f.fp, &s.variants[v], o->until, title, gaveup) < 0) {
		outfile_write_error(&r.trace_f, r.err, sizeof r.err);
		goto fail;
	}
	if (gaveup[0])
		goto gave_up;
	if (record_finish(&r, &r.sched_f, r.sched_open) < 0 || record_finish(&r, &r.trace_f, r.trace_open) < 0)
		goto fail;
	if (!o->cast && !o->screens && !o->metrics)
		goto done;
	/* the picker (`s` in a key script) lists the installed scenarios, never
	 * the current directory's, so the recording does not depend on the cwd */
	char dir[PATHS_MAX], derr[RECORD_ERR];
	bool have_dir = paths_scenarios_dir(dir, sizeof dir, derr, sizeof derr) == 0;
	r.st = appstate_new(have_dir ? dir : "/nonexistent");
	if (!r.st) {
		fail(&r, "gmpscope: out of memory");
		goto fail;
	}
	appstate_adopt(r.st, &s, v); /* s now belongs to the appstate */
	appstate_set_screen(r.st, o->cols, o->rows);
	_Static_assert(CLI_SPEED_MIN == APP_SPEED_MIN && CLI_SPEED_MAX == APP_SPEED_MAX,
	               "--speed accepts exactly the speeds the app can play");
	if (o->speed > 0)
		r.st->speed = o->speed; /* cli_parse checked the range */
	if (o->compare)
		r.st->compare_v = scenario_variant(&r.st->scen, o->compare);
	if (r.cast_open && !(r.k = cast_open(r.cast_f.fp, o->cols, o->rows, title, THEME_COLOR256))) {
		fail(&r, "gmpscope: out of memory");
		goto fail;
	}
	if (record_frames(&r) < 0)
		goto fail;
	if (r.st->eng && engine_runstate(r.st->eng) == RUN_GAVEUP) {
		snprintf(gaveup, sizeof gaveup, "%s", engine_gave_up(r.st->eng));
		goto gave_up;
	}
	if (r.k) {
		int rc = cast_close(r.k);
		r.k = NULL;
		if (rc < 0) {
			outfile_write_error(&r.cast_f, r.err, sizeof r.err);
			goto fail;
		}
	}
	if (record_finish(&r, &r.cast_f, r.cast_open) < 0)
		goto fail;
	if (r.metrics_open) { /* both runs where the recording ended */
		metrics_write_units(r.metrics_f.fp, &r.st->scen);
		metrics_write(r.metrics_f.fp, &r.st->scen, r.st->variant, r.st->eng);
		if (r.st->peer)
			metrics_write(r.metrics_f.fp, &r.st->scen, r.st->peer->variant, r.st->peer->eng);
		if (record_finish(&r, &r.metrics_f, r.metrics_open) < 0)
			goto fail;
	}
done:
	if (record_publish(&r) < 0)
		goto fail;
	for (int i = 0; i < r.ndues && r.st; i++)
		if (!r.dues[i].done && !r.dues[i].moment) {
			char at[32], end[32];
			fprintf(stderr, "gmpscope: record: warning: --at %s skipped: the recording ended at %s "
			        "(%s.txt/.svg not written)\n", view_fmt_dur(r.dues[i].t, at, sizeof at),
			        view_fmt_dur(r.st->vt, end, sizeof end), r.dues[i].name);
		}
	if (!r.st)
		scenario_free(&s);
	record_teardown(&r);
	return 0;
fail:
	fprintf(stderr, "%s\n", r.err);
	if (!r.st)
		scenario_free(&s);
	record_teardown(&r);
	return 2;
gave_up:
	fprintf(stderr, "gmpscope: record: %s\n", gaveup);
	if (!r.st)
		scenario_free(&s);
	record_teardown(&r);
	return GMP_EXIT_GAVEUP;
}
