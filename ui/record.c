/*
 * record.c — `gmpscope record SCENARIO [options]`: the terminal program,
 * headless, on a virtual frame clock.
 *
 * The recorder drives the very same appstate (ui/appstate.h), views (view.h)
 * and key table (keys.h) as the terminal. Instead of an ev_timer it has a frame
 * clock: frame k is drawn at wall time k/fps, and between two frames
 * appstate_advance moves virtual time by speed × (1/fps) while playing. Nothing
 * here reads the real clock, the terminal or TERM, so the same arguments give
 * byte-identical files on every machine.
 *
 * Play state: a recording starts playing at t=0 (as if `space` were pressed
 * before the first frame; the terminal starts paused). A key script replays
 * what a user would type from there: `space` pauses, a step (`n`, `g s`...)
 * pauses and steps, so "n n n" records three single steps. Keys due at a
 * frame's wall time are applied just before that frame is drawn, and a pause
 * token (`500ms`) lets the frame clock run on for that long.
 *
 * Frames land exactly on the times that matter: a frame that would carry
 * virtual time past an --at time, a scenario moment or --until is made shorter
 * so that it ends exactly there (the one short frame keeps the cast's clock
 * monotonic), so `t0030ms.txt` shows t = 30.000ms.
 *
 * The recording stops at --until (virtual time), when the script asks to quit
 * (`q`), or — once the script is over and nothing plays any more (the run ended
 * with exit, fatal error or horizon, or the script left it paused) — after
 * RECORD_TAIL of frames, so the end screen stays visible. RECORD_WALL_MAX
 * bounds the length of any recording.
 *
 * Everything is validated before anything runs: the scenario and variant, the
 * key script, every output file (opened as a temporary through ui/outfile.h)
 * and the screenshot directory (created last). A failure prints one line and
 * returns 2, leaving no file behind.
 */
#include "record.h"

#include <errno.h>
#include <stdarg.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "appstate.h"
#include "canvas.h"
#include "cast.h"
#include "cli.h"
#include "keys.h"
#include "outfile.h"
#include "paths.h"
#include "shot.h"
#include "view.h"

#define RECORD_TAIL 2000000000LL          /* 2s of end screen */
#define RECORD_WALL_MAX 3600000000000LL   /* 1 hour of recording at most */
#define RECORD_MARK_EACH 16               /* new-M / M-exit markers one by one, then 2^k */
#define RECORD_ERR 512

/* marker_kind names the notable moments marked in the cast. */
typedef enum {
	MARK_STEAL = 0, MARK_NEWM, MARK_MEXIT, MARK_PREEMPT, MARK_THROTTLE,
	MARK_EXIT, MARK_FATAL, MARK_HORIZON, MARK__COUNT
} marker_kind;

/* due is a screenshot owed at a virtual time (--at or a scenario moment). */
typedef struct due {
	int64_t t;
	char name[40];     /* file base name: "t0030ms", "moment1" */
	int moment;        /* 1-based moment number, 0 for --at */
	bool done;
} due;

/* rec is one recording in progress. */
typedef struct rec {
	const cli_opts *o;
	appstate *st;
	canvas *cv;
	cast *k;               /* NULL without --cast */
	outfile cast_f, sched_f, trace_f;
	bool cast_open, sched_open, trace_open;
	keys_item *keys;       /* the key script */
	int nkeys, key_i;
	int64_t key_due;       /* wall ns at which keys[key_i] applies */
	due *dues;
	int ndues;
	int64_t wall;          /* frame clock, ns */
	bool quit;             /* the script pressed q */
	/* marker bookkeeping, per engine (reset when the engine is replaced) */
	const gmp_engine *eng;
	uint64_t seq;          /* next event to look at */
	int64_t now;           /* engine time at the last look */
	int nms;               /* Ms seen */
	bool end_marked;       /* exit / fatal / horizon marked */
	/* per recording */
	bool first_steal, first_preempt, first_throttle;
	int newm, mexit;       /* markers of each kind so far */
	unsigned shot_kinds;   /* bit per marker_kind: its screenshot was taken */
	char err[RECORD_ERR];
} rec;

void record_time_name(int64_t t, char *buf, size_t len)
{
	if (t % 1000000 == 0)
		snprintf(buf, len, "t%04" PRId64 "ms", t / 1000000);
	else if (t % 1000 == 0)
		snprintf(buf, len, "t%04" PRId64 "us", t / 1000);
	else
		snprintf(buf, len, "t%07" PRId64 "ns", t);
}

/* ---- screenshots ------------------------------------------------------ */

/* shoot writes the current frame as DIR/name.txt and DIR/name.svg. */
static int shoot(rec *r, const char *name)
{
	if (!r->o->screens)
		return 0;
	const char *ext[2] = { "txt", "svg" };
	for (int i = 0; i < 2; i++) {
		char path[PATHS_MAX + 64];
		snprintf(path, sizeof path, "%s/%s.%s", r->o->screens, name, ext[i]);
		if (shot_save(path, r->cv, r->err, sizeof r->err) < 0)
			return -1;
	}
	return 0;
}

static void render(rec *r)
{
	view_render(r->cv, r->st);
}

/* ---- markers ---------------------------------------------------------- */

/* mark writes a cast marker at the current frame and, for the first marker
 * of each kind, a screenshot "mark-KIND". */
static int mark(rec *r, int kind, const char *label, bool *rendered)
{
	static const char *const names[MARK__COUNT] = {
		"steal", "newm", "mexit", "preempt", "throttle", "exit", "fatal", "horizon",
	};
	if (r->k && cast_marker(r->k, (uint64_t)(r->wall / 1000), label) < 0) {
		snprintf(r->err, sizeof r->err, "gmpscope: %s: write error", r->o->cast);
		return -1;
	}
	if (!r->o->screens || r->shot_kinds & (1u << kind))
		return 0;
	r->shot_kinds |= 1u << kind;
	if (!*rendered) {
		render(r);
		*rendered = true;
	}
	char name[40];
	snprintf(name, sizeof name, "mark-%s", names[kind]);
	return shoot(r, name);
}

/* counted says whether the n-th marker of a kind is recorded: the first
 * RECORD_MARK_EACH, then powers of two, so thousands of threads stay a handful. */
static bool counted(int n)
{
	return n <= RECORD_MARK_EACH || (n & (n - 1)) == 0;
}

static int event_marker(rec *r, const gmp_event *ev, bool *rendered)
{
	char label[GMP_CAPTION_MAX + 32];
	switch ((gmp_evkind)ev->kind) {
	case EV_STEAL:
		if (r->first_steal)
			return 0;
		r->first_steal = true;
		snprintf(label, sizeof label, "first steal: P%d stole %d from P%d", ev->p, ev->n, ev->p2);
		return mark(r, MARK_STEAL, label, rendered);
	case EV_PREEMPT_REQ:
		if (r->first_preempt)
			return 0;
		r->first_preempt = true;
		snprintf(label, sizeof label, "first preemption request: G%d on P%d", ev->g, ev->p);
		return mark(r, MARK_PREEMPT, label, rendered);
	case EV_THROTTLE:
		if (r->first_throttle)
			return 0;
		r->first_throttle = true;
		return mark(r, MARK_THROTTLE, "first throttle: the cgroup quota ran out", rendered);
	case EV_MEXIT:
		if (!counted(++r->mexit))
			return 0;
		snprintf(label, sizeof label, "M%d exited (thread death #%d)", ev->m, r->mexit);
		return mark(r, MARK_MEXIT, label, rendered);
	default:
		return 0;
	}
}

/* markers looks at what the engine did since the last frame. */
static int markers(rec *r, bool *rendered)
{
	const gmp_engine *e = r->st->eng;
	if (!e)
		return 0;
	uint64_t total = engine_event_total(e);
	if (e != r->eng || total < r->seq || engine_now(e) < r->now) {
		/* a restart, a variant switch or a step back: a new history */
		r->eng = e;
		r->seq = total;
		r->nms = engine_nms(e);
		r->end_marked = engine_runstate(e) != RUN_RUNNING;
	}
	r->now = engine_now(e);
	if (total - r->seq > GMP_EVENT_RING)
		r->seq = total - GMP_EVENT_RING;
	for (; r->seq < total; r->seq++) {
		const gmp_event *ev = engine_event_get(e, r->seq);
		if (ev && event_marker(r, ev, rendered) < 0)
			return -1;
	}
	for (int n = engine_nms(e); r->nms < n; r->nms++) {
		gmp_mview mv;
		engine_m_view(e, r->nms, &mv);
		if (mv.state == M_SYSMON || !counted(++r->newm))
			continue;
		char label[64];
		snprintf(label, sizeof label, "new M%d (thread #%d)", r->nms, r->newm);
		if (mark(r, MARK_NEWM, label, rendered) < 0)
			return -1;
	}
	double steals = 0;
	if (!r->first_steal && engine_metric(e, "steals", &steals) && steals > 0) {
		r->first_steal = true; /* its event left the ring unseen */
		if (mark(r, MARK_STEAL, "first steal", rendered) < 0)
			return -1;
	}
	gmp_runstate rs = engine_runstate(e);
	if (rs != RUN_RUNNING && !r->end_marked) {
		char label[GMP_CAPTION_MAX * 2];
		r->end_marked = true;
		if (rs == RUN_FATAL) {
			snprintf(label, sizeof label, "fatal: %s", engine_fatal(e));
			char *nl = strchr(label, '\n');
			if (nl)
				*nl = 0;
		} else if (rs == RUN_EXITED) {
			snprintf(label, sizeof label, "exit (status %d)", engine_exit_code(e));
		} else {
			snprintf(label, sizeof label, "horizon reached");
		}
		return mark(r, rs == RUN_FATAL ? MARK_FATAL : rs == RUN_EXITED ? MARK_EXIT : MARK_HORIZON, label,
		            rendered);
	}
	return 0;
}

/* ---- frames ----------------------------------------------------------- */

/* frame draws the frame at r->wall: markers, due screenshots, the cast. */
static int frame(rec *r)
{
	bool rendered = false;
	if (markers(r, &rendered) < 0)
		return -1;
	for (int i = 0; i < r->ndues; i++) {
		due *d = &r->dues[i];
		if (d->done || r->st->vt < d->t)
			continue;
		d->done = true;
		if (!rendered) {
			render(r);
			rendered = true;
		}
		if (d->moment) {
			char label[80], tb[32];
			snprintf(label, sizeof label, "moment %d (%s)", d->moment,
			         view_fmt_dur(d->t, tb, sizeof tb));
			if (r->k && cast_marker(r->k, (uint64_t)(r->wall / 1000), label) < 0)
				goto werr;
		}
		if (shoot(r, d->name) < 0)
			return -1;
	}
	if (r->k) {
		if (!rendered)
			render(r);
		if (cast_frame(r->k, (uint64_t)(r->wall / 1000), r->cv) < 0)
			goto werr;
	}
	return 0;
werr:
	snprintf(r->err, sizeof r->err, "gmpscope: %s: write error", r->o->cast);
	return -1;
}

/* apply_keys replays the script's keys due by the current wall time. */
static void apply_keys(rec *r)
{
	while (r->key_i < r->nkeys && r->key_due <= r->wall && !r->quit) {
		keys_item *it = &r->keys[r->key_i++];
		if (it->key == KEYC_NONE)
			r->key_due += it->pause_ns;
		else if (appstate_key(r->st, it->key) & APP_QUIT)
			r->quit = true;
	}
}

/* next_step returns the length of the next frame: 1/fps, or shorter so that
 * virtual time lands exactly on the next screenshot time or --until. */
static int64_t next_step(const rec *r)
{
	int64_t step = 1000000000LL / r->o->fps;
	const appstate *st = r->st;
	if (!st->playing)
		return step;
	int64_t dv = st->speed * step / 1000000000LL, target = INT64_MAX;
	if (dv < 1)
		dv = 1;
	for (int i = 0; i < r->ndues; i++)
		if (!r->dues[i].done && r->dues[i].t > st->vt && r->dues[i].t < target)
			target = r->dues[i].t;
	if (r->o->until >= 0 && r->o->until > st->vt && r->o->until < target)
		target = r->o->until;
	if (target == INT64_MAX || st->vt + dv <= target)
		return step;
	/* floor(speed × s / 1e9) == target - vt for this s, as speed <= 1e9 */
	int64_t need = target - st->vt;
	return (need * 1000000000LL + st->speed - 1) / st->speed;
}

/* run_frames plays the recording from t=0 to its end. */
static int run_frames(rec *r)
{
	int64_t idle_since = -1;
	appstate_key(r->st, KEYC_SPACE);
	apply_keys(r);
	if (frame(r) < 0)
		return -1;
	for (;;) {
		const appstate *st = r->st;
		bool script_over = r->key_i >= r->nkeys;
		if (r->quit || (r->o->until >= 0 && st->vt >= r->o->until) || r->wall >= RECORD_WALL_MAX)
			break;
		if (script_over && !st->playing) {
			if (idle_since < 0)
				idle_since = r->wall;
			if (r->wall - idle_since >= RECORD_TAIL)
				break;
		} else {
			idle_since = -1;
		}
		int64_t step = next_step(r);
		r->wall += step;
		appstate_advance(r->st, step);
		apply_keys(r);
		if (frame(r) < 0)
			return -1;
	}
	render(r);
	if (r->k && cast_marker(r->k, (uint64_t)(r->wall / 1000), "end") < 0) {
		snprintf(r->err, sizeof r->err, "gmpscope: %s: write error", r->o->cast);
		return -1;
	}
	return shoot(r, "end");
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

/* mkdirs creates dir and its missing parents (mkdir -p). */
static int mkdirs(rec *r, const char *dir)
{
	char p[PATHS_MAX];
	if (snprintf(p, sizeof p, "%s", dir) >= (int)sizeof p)
		return fail(r, "gmpscope: %s: path too long", dir);
	for (char *s = p + 1; ; s++) {
		if (*s != '/' && *s != 0)
			continue;
		char c = *s;
		*s = 0;
		if (mkdir(p, 0777) < 0 && errno != EEXIST)
			return fail(r, "gmpscope: %s: cannot create directory: %s", p, strerror(errno));
		*s = c;
		if (!c)
			break;
	}
	struct stat sb;
	if (stat(dir, &sb) < 0 || !S_ISDIR(sb.st_mode))
		return fail(r, "gmpscope: %s: not a directory", dir);
	if (access(dir, W_OK | X_OK) < 0)
		return fail(r, "gmpscope: %s: not writable: %s", dir, strerror(errno));
	return 0;
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

static int cmp_due(const void *a, const void *b)
{
	const due *x = a, *y = b;
	return x->t < y->t ? -1 : x->t > y->t;
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
	if (o->seed_set)
		for (int i = 0; i < s->nvariants; i++)
			s->variants[i].cfg.seed = o->seed;
	if (o->keys) {
		char kerr[RECORD_ERR - 32];
		if (keys_parse_script(o->keys, &r->keys, &r->nkeys, kerr, sizeof kerr) < 0)
			return fail(r, "gmpscope: record: --keys: %s", kerr);
	}
	r->dues = calloc((size_t)(o->nat + s->nmoments + 1), sizeof *r->dues);
	if (!r->dues)
		return fail(r, "gmpscope: out of memory");
	for (int i = 0; i < o->nat; i++) {
		r->dues[r->ndues].t = o->at[i];
		record_time_name(o->at[i], r->dues[r->ndues++].name, sizeof r->dues[0].name);
	}
	for (int i = 0; i < s->nmoments; i++) {
		r->dues[r->ndues].t = s->moments[i];
		r->dues[r->ndues].moment = i + 1;
		snprintf(r->dues[r->ndues++].name, sizeof r->dues[0].name, "moment%d", i + 1);
	}
	qsort(r->dues, (size_t)r->ndues, sizeof *r->dues, cmp_due);
	if (open_out(r, &r->cast_f, &r->cast_open, o->cast) < 0 ||
	    open_out(r, &r->sched_f, &r->sched_open, o->schedtrace) < 0 ||
	    open_out(r, &r->trace_f, &r->trace_open, o->trace_json) < 0)
		return -1;
	if (o->screens && mkdirs(r, o->screens) < 0)
		return -1;
	r->cv = canvas_new(o->cols, o->rows, o->ascii);
	if (!r->cv)
		return fail(r, "gmpscope: out of memory");
	return 0;
}

static void teardown(rec *r)
{
	if (r->k)
		cast_close(r->k);
	if (r->cast_open)
		outfile_abort(&r->cast_f);
	if (r->sched_open)
		outfile_abort(&r->sched_f);
	if (r->trace_open)
		outfile_abort(&r->trace_f);
	canvas_free(r->cv);
	appstate_free(r->st);
	free(r->keys);
	free(r->dues);
}

static int commit(rec *r, outfile *f, bool *is_open)
{
	if (!*is_open)
		return 0;
	*is_open = false;
	if (outfile_commit(f) < 0)
		return fail(r, "%s", f->err);
	return 0;
}

int cmd_record(const cli_opts *o)
{
	rec r;
	gmp_scenario s;
	int v = 0;
	memset(&r, 0, sizeof r);
	memset(&s, 0, sizeof s);
	r.o = o;
	if (setup(&r, o, &v, &s) < 0)
		goto fail;
	char name[64], title[160];
	scenario_name(&s, name, sizeof name);
	snprintf(title, sizeof title, "gmpscope %02d %s (%s)", s.number, s.slug, s.variants[v].name);
	if (r.sched_open && record_schedtrace(r.sched_f.fp, &s.variants[v], o->until,
	                                      o->schedtrace_interval, o->schedtrace_detail) < 0) {
		fail(&r, "gmpscope: %s: write error", o->schedtrace);
		goto fail;
	}
	if (r.trace_open && record_trace_json(r.trace_f.fp, &s.variants[v], o->until, title) < 0) {
		fail(&r, "gmpscope: %s: write error", o->trace_json);
		goto fail;
	}
	if (commit(&r, &r.sched_f, &r.sched_open) < 0 || commit(&r, &r.trace_f, &r.trace_open) < 0)
		goto fail;
	if (!o->cast && !o->screens)
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
	if (o->speed > 0)
		r.st->speed = o->speed < APP_SPEED_MIN ? APP_SPEED_MIN
		            : o->speed > APP_SPEED_MAX ? APP_SPEED_MAX : o->speed;
	if (r.cast_open && !(r.k = cast_open(r.cast_f.fp, o->cols, o->rows, title, THEME_COLOR256))) {
		fail(&r, "gmpscope: out of memory");
		goto fail;
	}
	if (run_frames(&r) < 0)
		goto fail;
	if (r.k) {
		int rc = cast_close(r.k);
		r.k = NULL;
		if (rc < 0) {
			fail(&r, "gmpscope: %s: write error", o->cast);
			goto fail;
		}
	}
	if (commit(&r, &r.cast_f, &r.cast_open) < 0)
		goto fail;
done:
	if (!r.st)
		scenario_free(&s);
	teardown(&r);
	return 0;
fail:
	fprintf(stderr, "%s\n", r.err);
	if (!r.st)
		scenario_free(&s);
	teardown(&r);
	return 2;
}
