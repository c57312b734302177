/*
 * bench_hist.c — the interactive program at scale: run-until, stepping back
 * and drawing, through the app logic (appstate, driven headless as
 * `record` drives it), with its history of checkpoints (engine/history.h).
 *
 *   rununtil_ratio       wall time of `g f` on scenario 10's bug variant
 *                        (68,000 goroutines at its end: the run-until finds
 *                        the fatal error at the end of the run) divided by
 *                        the engine alone running that variant to its end,
 *                        as `gmpscope check` does (medians of 5)
 *   backstep_ms_68k      one step back (←) right after that `g f` (median of 5)
 *   history_mib_68k      the most memory the history held during the `g f`
 *                        (history_peak: checkpoints, marks, spare blocks)
 *   engine_state_mib_68k the engine's own state at the end (engine_footprint);
 *                        the target of history_mib_68k is twice this
 *   backstep_ms_1m       tests/bench/spawn-park-1m.gmp run (`record --at`'s
 *                        run-to) to the first moment with a million live
 *                        goroutines, then n and ← (median of 3)
 *   frame_us_1m          one 160x48 frame there: view_render and cast_diff
 *                        against the previous frame, a step between frames
 *                        (median of 30)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "appstate.h"
#include "canvas.h"
#include "cast.h"
#include "engine.h"
#include "history.h"
#include "keycode.h"
#include "view.h"
#include "bench.h"

#define HIST_RUNS 5
#define SCALE_BACKS 3
#define SCALE_FRAMES 30
#define SCEN10 "scenarios/10-unbounded-spawn.gmp"
#define SCEN1M "tests/bench/spawn-park-1m.gmp"

/* open_app opens ROOT/rel in a new appstate (its first variant); exits on
 * error. */
static appstate *open_app(const char *rel)
{
	char path[4096], dir[4096], err[1024];
	snprintf(path, sizeof path, "%s/%s", root, rel);
	snprintf(dir, sizeof dir, "%s/scenarios", root);
	appstate *st = appstate_new(dir);
	if (!st || appstate_open(st, path, err, sizeof err) != 0) {
		fprintf(stderr, "gmpscope-bench: %s\n", st ? err : "out of memory");
		exit(2);
	}
	return st;
}

/* engine_alone_s runs variant 0 of s to its end with no UI; returns the
 * wall time. */
static double engine_alone_s(const gmp_scenario *s)
{
	const gmp_variant *v = &s->variants[0];
	double t0 = now_s();
	gmp_engine *e = engine_new(&v->prog, &v->cfg);
	engine_run(e);
	double dt = now_s() - t0;
	engine_free(e);
	return dt;
}

void bench_history(void)
{
	gmp_scenario s;
	load(SCEN10, &s);
	if (strcmp(s.variants[0].name, "bug") != 0) {
		fprintf(stderr, "gmpscope-bench: %s: the first variant is not bug\n", SCEN10);
		exit(2);
	}
	double alone[HIST_RUNS], gf[HIST_RUNS], back[HIST_RUNS], mib = 0, state = 0;
	for (int r = 0; r < HIST_RUNS; r++) {
		alone[r] = engine_alone_s(&s);
		appstate *st = open_app(SCEN10);
		double t0 = now_s();
		appstate_key(st, 'g');
		appstate_key(st, 'f');   /* headless: the job runs to its end here */
		gf[r] = now_s() - t0;
		if (engine_runstate(st->eng) == RUN_RUNNING) {
			fprintf(stderr, "gmpscope-bench: g f did not reach the end of %s\n", SCEN10);
			exit(1);
		}
		double peak = (double)history_peak(st->hist) / (1 << 20);
		mib = peak > mib ? peak : mib;
		state = (double)engine_footprint(st->eng) / (1 << 20);
		t0 = now_s();
		appstate_key(st, KEYC_LEFT);
		back[r] = (now_s() - t0) * 1e3;
		appstate_free(st);
	}
	scenario_free(&s);
	double ratio = median(gf, HIST_RUNS) / median(alone, HIST_RUNS);
	report("rununtil_ratio", "%.2f", ratio, "x", 1.5, false);
	report("backstep_ms_68k", "%.2f", median(back, HIST_RUNS), "ms", 16, false);
	report("engine_state_mib_68k", "%.1f", state, "MiB", 1e9, false);
	report("history_mib_68k", "%.1f", mib, "MiB", 2 * state, false);
}

/* live_goroutines counts e's goroutines that have not exited. */
static int live_goroutines(const gmp_engine *e)
{
	return engine_g_count(e, G_RUNNABLE) + engine_g_count(e, G_RUNNING)
	       + engine_g_count(e, G_SYSCALL) + engine_g_count(e, G_WAITING);
}

/* million_at finds a virtual time at which the million-goroutine benchmark
 * has a million goroutines alive (they all live only between the last `go`
 * and close(gate)): whole milliseconds up to 990,000 of them, then one
 * visible event at a time. */
static int64_t million_at(const gmp_scenario *s)
{
	const gmp_variant *v = &s->variants[0];
	gmp_engine *e = engine_new(&v->prog, &v->cfg);
	int64_t t = 0;
	while (engine_runstate(e) == RUN_RUNNING && live_goroutines(e) < 990000) {
		t += 1000000;
		engine_run_until(e, t);
	}
	while (engine_runstate(e) == RUN_RUNNING && live_goroutines(e) < 1000000)
		engine_step(e, ~0ULL);
	t = engine_now(e);
	bool ok = live_goroutines(e) >= 1000000;
	engine_free(e);
	if (!ok) {
		fprintf(stderr, "gmpscope-bench: %s never has a million goroutines alive\n", SCEN1M);
		exit(1);
	}
	return t;
}

void bench_scale(void)
{
	gmp_scenario s;
	load(SCEN1M, &s);
	int64_t t = million_at(&s);
	scenario_free(&s);
	appstate *st = open_app(SCEN1M);
	appstate_run_to(st, t);
	if (live_goroutines(st->eng) < 1000000) {
		fprintf(stderr, "gmpscope-bench: fewer than a million goroutines at t=%lld\n", (long long)t);
		exit(1);
	}
	double back[SCALE_BACKS];
	for (int r = 0; r < SCALE_BACKS; r++) {
		appstate_key(st, 'n');
		double t0 = now_s();
		appstate_key(st, KEYC_LEFT);
		back[r] = (now_s() - t0) * 1e3;
	}
	canvas *cur = canvas_new(160, 48, false), *prev = canvas_new(160, 48, false);
	cast_buf out = { 0 };
	double us[SCALE_FRAMES];
	for (int f = 0; f < SCALE_FRAMES; f++) {
		appstate_key(st, 'n');
		double t0 = now_s();
		view_render(cur, st);
		cast_diff(&out, f == 0 ? NULL : prev, cur, THEME_COLOR256);
		us[f] = (now_s() - t0) * 1e6;
		out.len = 0;
		canvas *tmp = prev;
		prev = cur;
		cur = tmp;
	}
	if (live_goroutines(st->eng) < 990000) {
		fprintf(stderr, "gmpscope-bench: fewer than 990,000 goroutines while drawing\n");
		exit(1);
	}
	cast_buf_free(&out);
	canvas_free(cur);
	canvas_free(prev);
	appstate_free(st);
	report("backstep_ms_1m", "%.2f", median(back, SCALE_BACKS), "ms", 16, false);
	report("frame_us_1m", "%.1f", median(us, SCALE_FRAMES), "us", 1000, false);
}
