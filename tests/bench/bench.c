/*
 * bench.c — gmpscope-bench: the performance figures of `scons bench`.
 *
 * Each figure is printed on stdout as one line "name value unit", the value a
 * plain decimal number, the median of several runs:
 *
 *   engine_events_per_s    entries of the engine's event stream
 *                          (engine_event_total) per second of wall time, on
 *                          tests/bench/mixed.gmp, no UI
 *   spawn_park_1m_s        tests/bench/spawn-park-1m.gmp: a million goroutines
 *   spawn_park_1m_rss_mib  spawned, parked on a channel, released and finished;
 *                          wall time and peak RSS of a child process (wait4)
 *   check_all_s            `gmpscope check` of every scenario, wall time
 *   frame_us_200x50        building one frame while playing the busiest
 *   frame_us_80x24         scenario: view_render into a canvas, then cast_diff
 *                          against the previous frame (engine advance excluded)
 *   frame_us_compare_200x50  the same in compare mode (bug beside fix, `c`)
 *   compare_frame_ratio    frame_us_compare_200x50 / frame_us_200x50 (target
 *                          at most 2: a compare frame draws two sides)
 *   rununtil_ratio, backstep_ms_68k, history_mib_68k, engine_state_mib_68k,
 *   backstep_ms_1m, frame_us_1m  the interactive program at scale
 *                          (bench_hist.c says what each measures)
 *
 * The idle and playing CPU figures need the real TUI in a terminal and come
 * from bench_tui.sh. A figure that misses its target (the targets, for
 * a 2-core machine) adds one line on stderr; stdout stays parseable. So does a
 * load average above the CPU count at the start (other processes then inflate
 * every wall-time figure), and with it the engine rate on process CPU time.
 *
 * Usage: gmpscope-bench [--root DIR] [--gmpscope PATH] [--frame-scenario FILE]
 *                       [--frames N] [FIGURE...]
 *   FIGURE is engine, spawn, check, frame, history or scale (default: all,
 *   in that order);
 *   --frame-scenario draws another scenario than FRAME_SCENARIO, --frames
 *   times N frames per size instead of FRAMES (for profiling).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "appstate.h"
#include "canvas.h"
#include "cast.h"
#include "engine.h"
#include "keycode.h"
#include "scenario.h"
#include "view.h"
#include "bench.h"

#define ENGINE_RUNS 5
#define SPAWN_RUNS 3
#define CHECK_RUNS 3
#define FRAMES 1500                  /* frames timed per size (--frames) */
/* The busiest scenario to draw: 5000 goroutines appear at once and drain
 * through one channel, so the goroutine, thread and timeline panels are all
 * full and change every frame (measured as the slowest of scenarios/ to draw). */
#define FRAME_SCENARIO "scenarios/12-goroutine-per-send.gmp"

const char *root = ".";
static const char *gmpscope = "build/gmpscope";
static const char *frame_scenario = FRAME_SCENARIO; /* relative to root */
static int nframes = FRAMES;
static int missed;                   /* figures that missed their target */

/* now_s returns monotonic wall time in seconds. */
double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* cpu_s returns the CPU time this process has used, in seconds. */
double cpu_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

bool loaded;                         /* the machine was busy when we started */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* median sorts v[0..n) and returns its median. n >= 1. */
double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* report prints one figure and, on stderr, whether it missed its target:
 * value must be <= max (or >= min when at_least). */
void report(const char *name, const char *fmt, double value, const char *unit,
            double target, bool at_least)
{
	printf("%s ", name);
	printf(fmt, value);
	printf(" %s\n", unit);
	fflush(stdout);
	if (at_least ? value < target : value > target) {
		missed++;
		fprintf(stderr, "bench: %s misses its target (%s %.10g %s)\n", name,
		        at_least ? ">=" : "<=", target, unit);
	}
}

/* load parses ROOT/rel into s; exits with the parser's message on error. */
void load(const char *rel, gmp_scenario *s)
{
	char path[4096], err[1024];
	snprintf(path, sizeof path, "%s/%s", root, rel);
	memset(s, 0, sizeof *s);
	if (scenario_load(path, s, err, sizeof err) != 0) {
		fprintf(stderr, "gmpscope-bench: %s\n", err);
		exit(2);
	}
}

/* --- engine_events_per_s ------------------------------------------------ */

static void bench_engine(void)
{
	gmp_scenario s;
	load("tests/bench/mixed.gmp", &s);
	const gmp_variant *v = &s.variants[0];
	double rate[ENGINE_RUNS], cpurate[ENGINE_RUNS];
	for (int r = 0; r < ENGINE_RUNS; r++) {
		gmp_engine *e = engine_new(&v->prog, &v->cfg);
		double t0 = now_s(), c0 = cpu_s();
		engine_run(e);
		double dt = now_s() - t0, dc = cpu_s() - c0;
		rate[r] = (double)engine_event_total(e) / dt;
		cpurate[r] = (double)engine_event_total(e) / (dc > 0 ? dc : 1e-9);
		engine_free(e);
	}
	scenario_free(&s);
	report("engine_events_per_s", "%.0f", median(rate, ENGINE_RUNS), "events/s", 15e6, true);
	if (loaded)
		fprintf(stderr, "bench: note: on process CPU time the engine runs %.0f events/s\n",
		        median(cpurate, ENGINE_RUNS));
}

/* --- spawn_park_1m ------------------------------------------------------ */

/* rusage_s returns the CPU time (user + system) in ru, in seconds. */
static double rusage_s(const struct rusage *ru)
{
	return (double)(ru->ru_utime.tv_sec + ru->ru_stime.tv_sec)
	       + (double)(ru->ru_utime.tv_usec + ru->ru_stime.tv_usec) * 1e-6;
}

/* spawn_child runs the million-goroutine scenario in a child process; it
 * writes its wall time (engine_new to the end of the run) into *secs, the
 * child's CPU time into *cpu and its peak RSS into *kib. Returns -1 if the
 * child failed. */
static int spawn_child(const gmp_scenario *s, double *secs, double *cpu, long *kib)
{
	int fd[2];
	if (pipe(fd) != 0)
		return -1;
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		close(fd[0]);
		const gmp_variant *v = &s->variants[0];
		double t0 = now_s();
		gmp_engine *e = engine_new(&v->prog, &v->cfg);
		engine_run(e);
		double dt = now_s() - t0;
		double peak = 0;
		engine_metric(e, "goroutines_peak", &peak);
		bool ok = engine_runstate(e) == RUN_EXITED && engine_exit_code(e) == 0 && peak >= 1e6;
		ssize_t w = write(fd[1], &dt, sizeof dt);
		_exit(ok && w == (ssize_t)sizeof dt ? 0 : 1);
	}
	close(fd[1]);
	ssize_t got = read(fd[0], secs, sizeof *secs);
	close(fd[0]);
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0
	    || got != (ssize_t)sizeof *secs)
		return -1;
	*kib = ru.ru_maxrss;
	*cpu = rusage_s(&ru);
	return 0;
}

static void bench_spawn(void)
{
	gmp_scenario s;
	load("tests/bench/spawn-park-1m.gmp", &s);
	double secs[SPAWN_RUNS], cpu[SPAWN_RUNS], mib[SPAWN_RUNS];
	for (int r = 0; r < SPAWN_RUNS; r++) {
		long kib = 0;
		if (spawn_child(&s, &secs[r], &cpu[r], &kib) != 0) {
			fprintf(stderr, "gmpscope-bench: spawn_park_1m: the run failed "
			        "(not a million goroutines, or not exit 0)\n");
			exit(1);
		}
		mib[r] = (double)kib / 1024.0;
	}
	scenario_free(&s);
	report("spawn_park_1m_s", "%.3f", median(secs, SPAWN_RUNS), "s", 2.0, false);
	if (loaded)
		fprintf(stderr, "bench: note: the child used %.3f s of CPU (whole process)\n",
		        median(cpu, SPAWN_RUNS));
	report("spawn_park_1m_rss_mib", "%.1f", median(mib, SPAWN_RUNS), "MiB", 256, false);
}

/* --- check_all_s -------------------------------------------------------- */

/* run_check runs `gmpscope check` in root with its output discarded and
 * stores its CPU time in *cpu; returns its exit status, -1 if it could not
 * run. */
static int run_check(double *cpu)
{
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		if (null < 0 || chdir(root) != 0)
			_exit(127);
		dup2(null, 1);
		dup2(null, 2);
		execl(gmpscope, gmpscope, "check", (char *)NULL);
		_exit(127);
	}
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status))
		return -1;
	*cpu = rusage_s(&ru);
	return WEXITSTATUS(status);
}

static void bench_check(void)
{
	double secs[CHECK_RUNS], cpu[CHECK_RUNS];
	for (int r = 0; r < CHECK_RUNS; r++) {
		double t0 = now_s();
		int rc = run_check(&cpu[r]);
		secs[r] = now_s() - t0;
		if (rc < 0 || rc >= 2) {
			fprintf(stderr, "gmpscope-bench: %s check could not run (status %d)\n", gmpscope, rc);
			exit(1);
		}
		if (rc == 1 && r == 0)
			fprintf(stderr, "bench: note: gmpscope check reports failed expectations "
			        "(timed anyway)\n");
	}
	report("check_all_s", "%.3f", median(secs, CHECK_RUNS), "s", 10.0, false);
	if (loaded)
		fprintf(stderr, "bench: note: gmpscope check used %.3f s of CPU\n", median(cpu, CHECK_RUNS));
}

/* --- frame_us ----------------------------------------------------------- */

/* frame_us plays frame_scenario at its default speed, APP_FPS frames per
 * virtual wall second, and returns the median time to build one w×h frame:
 * view_render, then cast_diff against the previous frame. The run restarts
 * when it ends. compare: in compare mode (the next variant on the right). */
static double frame_us(int w, int h, bool compare)
{
	char path[4096], err[1024];
	if (frame_scenario[0] == '/')
		snprintf(path, sizeof path, "%s", frame_scenario);
	else
		snprintf(path, sizeof path, "%s/%s", root, frame_scenario);
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/scenarios", root);
	appstate *st = appstate_new(dir);
	if (!st || appstate_open(st, path, err, sizeof err) != 0) {
		fprintf(stderr, "gmpscope-bench: %s\n", st ? err : "out of memory");
		exit(2);
	}
	if (compare && appstate_compare(st, -1) != 0) {
		fprintf(stderr, "gmpscope-bench: %s\n", st->msg);
		exit(2);
	}
	canvas *cur = canvas_new(w, h, false), *prev = canvas_new(w, h, false);
	double *us = malloc(sizeof(double) * (size_t)nframes);
	if (!us) {
		fprintf(stderr, "gmpscope-bench: out of memory\n");
		exit(2);
	}
	cast_buf out = { 0 };
	bool first = true;
	for (int f = 0; f < nframes; f++) {
		if (!st->playing) {             /* start, or restart after the end */
			if (engine_runstate(st->eng) != RUN_RUNNING)
				appstate_restart(st);
			appstate_key(st, KEYC_SPACE);
		}
		appstate_advance(st, 1000000000LL / APP_FPS);
		double t0 = now_s();
		view_render(cur, st);
		cast_diff(&out, first ? NULL : prev, cur, THEME_COLOR256);
		us[f] = (now_s() - t0) * 1e6;
		first = false;
		out.len = 0;
		canvas *t = prev;
		prev = cur;
		cur = t;
	}
	cast_buf_free(&out);
	canvas_free(cur);
	canvas_free(prev);
	appstate_free(st);
	double m = median(us, nframes);
	free(us);
	return m;
}

static void bench_frame(void)
{
	double one = frame_us(200, 50, false);
	report("frame_us_200x50", "%.1f", one, "us", 1000, false);
	report("frame_us_80x24", "%.1f", frame_us(80, 24, false), "us", 1000, false);
	double two = frame_us(200, 50, true);
	report("frame_us_compare_200x50", "%.1f", two, "us", 2000, false);
	report("compare_frame_ratio", "%.2f", one > 0 ? two / one : 0, "x", 2, false);
}

/* --- main --------------------------------------------------------------- */

static const struct { const char *name; void (*run)(void); } figures[] = {
	{ "engine", bench_engine },
	{ "spawn", bench_spawn },
	{ "check", bench_check },
	{ "frame", bench_frame },
	{ "history", bench_history },
	{ "scale", bench_scale },
};
#define NFIGURES (int)(sizeof figures / sizeof figures[0])

static void usage(FILE *fp)
{
	fprintf(fp, "usage: gmpscope-bench [--root DIR] [--gmpscope PATH] [--frame-scenario FILE]\n"
	        "                      [--frames N] [engine|spawn|check|frame|history|scale...]\n");
}

int main(int argc, char **argv)
{
	bool want[NFIGURES] = { false };
	bool any = false;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--root") == 0 && i + 1 < argc) {
			root = argv[++i];
		} else if (strcmp(argv[i], "--gmpscope") == 0 && i + 1 < argc) {
			gmpscope = argv[++i];
		} else if (strcmp(argv[i], "--frame-scenario") == 0 && i + 1 < argc) {
			frame_scenario = argv[++i];
		} else if (strcmp(argv[i], "--frames") == 0 && i + 1 < argc) {
			nframes = atoi(argv[++i]);
			if (nframes < 1) {
				fprintf(stderr, "gmpscope-bench: --frames needs a count >= 1\n");
				return 2;
			}
		} else if (strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			return 0;
		} else {
			int k = 0;
			while (k < NFIGURES && strcmp(argv[i], figures[k].name) != 0)
				k++;
			if (k == NFIGURES) {
				fprintf(stderr, "gmpscope-bench: unknown argument '%s'\n", argv[i]);
				usage(stderr);
				return 2;
			}
			want[k] = any = true;
		}
	}
	double load;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	if (getloadavg(&load, 1) == 1 && ncpu > 0 && load > (double)ncpu) {
		loaded = true;
		fprintf(stderr, "bench: note: load average %.1f on %ld CPUs: wall times include "
		        "waiting for a CPU\n", load, ncpu);
	}
	for (int k = 0; k < NFIGURES; k++)
		if (!any || want[k])
			figures[k].run();
	return 0;
}
