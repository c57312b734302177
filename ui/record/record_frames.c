/*
 * record_frames.c — the terminal program, headless, on a virtual frame clock.
 *
 * The recorder drives the very same appstate (ui/app/appstate.h), views (view.h)
 * and key table (keys.h) as the terminal. Instead of an ev_timer it has a frame
 * clock: frame k is drawn at wall time k/fps, and between two frames
 * appstate_advance moves virtual time by speed × (1/fps) while playing. Nothing
 * here reads the real clock, the terminal or TERM, so the same arguments give
 * byte-identical files on every machine.
 *
 * Play state: a recording starts playing at t=0 (as if `space` were pressed
 * before the first frame; the terminal starts paused). A quiz (`quiz
 * --record`) starts as the terminal's does: paused at t=0, on the first
 * question's three questions. A key script replays
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
 * The recording stops at --until (virtual time: no key, not even a step or a
 * `g f`, carries it further — see appstate's vt_limit), when the script asks to quit
 * (`q`), or — once the script is over and nothing plays any more (the run ended
 * with exit, fatal error or horizon, or the script left it paused) — after
 * RECORD_TAIL of frames, so the end screen stays visible. RECORD_WALL_MAX
 * bounds the length of any recording.
 *
 * Markers ("m" events) note the first steal, preemption request and throttle,
 * each new M and each thread death (the first RECORD_MARK_EACH, then the 2^k-th
 * only), the scenario's moments and the run's end; the first marker of each
 * kind also gets a screenshot, mark-KIND.txt/.svg.
 */
#include "record.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "paths.h"
#include "shot.h"
#include "view.h"

#define RECORD_TAIL 2000000000LL          /* 2s of end screen */
#define RECORD_WALL_MAX 3600000000000LL   /* 1 hour of recording at most */
#define RECORD_MARK_EACH 16               /* new-M / M-exit markers one by one, then 2^k */

/* marker_kind names the notable moments marked in the cast. */
typedef enum {
	MARK_STEAL = 0, MARK_NEWM, MARK_MEXIT, MARK_PREEMPT, MARK_THROTTLE,
	MARK_EXIT, MARK_FATAL, MARK_HORIZON, MARK__COUNT
} marker_kind;

/* ---- screenshots ------------------------------------------------------ */

/* shoot writes the current frame as DIR/name.txt and DIR/name.svg. */
static int shoot(rec *r, const char *name)
{
	if (!r->o->screens)
		return 0;
	const char *ext[2] = { "txt", "svg" };
	for (int i = 0; i < 2; i++) {
		char path[PATHS_MAX + 64], shown[PATHS_MAX + 64], file[64];
		snprintf(file, sizeof file, "%s.%s", name, ext[i]);
		outdir_file(&r->shots, file, path, sizeof path);
		snprintf(shown, sizeof shown, "%s/%s", r->shots.path, file);
		if (shot_save_named(path, shown, r->cv, r->err, sizeof r->err) < 0)
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
		outfile_write_error(&r->cast_f, r->err, sizeof r->err);
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
	case EV_MEXIT: {
		gmp_mview mv;
		engine_m_view(r->st->eng, ev->m, &mv);
		if (mv.died < 0) {
			/* mexit on the main thread wedges it: m0 never exits */
			snprintf(label, sizeof label, "M%d wedged (the main thread cannot exit)", ev->m);
			return mark(r, MARK_MEXIT, label, rendered);
		}
		if (!counted(++r->mexit))
			return 0;
		snprintf(label, sizeof label, "M%d exited (thread death #%d)", ev->m, r->mexit);
		return mark(r, MARK_MEXIT, label, rendered);
	}
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
	if (r->st->run != r->run || total < r->seq || engine_now(e) < r->now) {
		/* a restart, a variant switch or a step back: a new history */
		r->run = r->st->run;
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
	outfile_write_error(&r->cast_f, r->err, sizeof r->err);
	return -1;
}

/* apply_keys replays the script's keys due by the current wall time. */
static void apply_keys(rec *r)
{
	while (r->key_i < r->nkeys && r->key_due <= r->wall && !r->quit) {
		keys_item *it = &r->keys[r->key_i++];
		if (it->key == KEYC_NONE) {
			r->key_due += it->pause_ns;
			appstate_typing_pause(r->st);   /* as a pause at the terminal */
		}
		else {
			appstate_clock(r->st, r->key_due);   /* when the script pressed it */
			if (appstate_key(r->st, it->key) & APP_QUIT)
				r->quit = true;
		}
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

int record_frames(rec *r)
{
	int64_t idle_since = -1;
	r->st->vt_limit = r->o->until; /* no key steps or runs past --until */
	if (r->st->compare_v >= 0 && appstate_compare(r->st, r->st->compare_v) < 0) {
		snprintf(r->err, sizeof r->err, "gmpscope: record: --compare: %s", r->st->msg);
		return -1;
	}
	if (!r->quiz)   /* a quiz starts as in the terminal: paused, on its questions */
		appstate_key(r->st, KEYC_SPACE);
	apply_keys(r);
	if (frame(r) < 0)
		return -1;
	for (;;) {
		const appstate *st = r->st;
		bool script_over = r->key_i >= r->nkeys;
		if (r->quit || (r->o->until >= 0 && appstate_time(st) >= r->o->until) || r->wall >= RECORD_WALL_MAX)
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
		outfile_write_error(&r->cast_f, r->err, sizeof r->err);
		return -1;
	}
	return shoot(r, "end");
}
