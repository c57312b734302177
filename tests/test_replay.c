/*
 * test_replay.c — `gmpscope replay` and `gmpscope real` without a terminal:
 * the replay state's keys (ui/real/replay.c), the screen it draws
 * (ui/views/view_snap.c) and the child's start, GODEBUG and reaping
 * (ui/real/child.c). The log is tests/replay/blockread-detail.log (see
 * test_schedtrace.c): 4 snapshots, threads 3, 139, 202, 203.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "appstate.h"
#include "canvas.h"
#include "child.h"
#include "keycode.h"
#include "replay.h"
#include "scenario.h"
#include "view_snap.h"

#define DETAIL "tests/replay/blockread-detail.log"

static replay *open_log(void)
{
	static replay r;
	char err[STRACE_ERR];
	replay_init(&r, "replay " DETAIL, false);
	assert_int_equal(schedlog_read_file(DETAIL, &r.log, err, sizeof err), 0);
	r.cur = 0;
	r.follow = false;
	return &r;
}

/* row returns screen row y of c as text (one static buffer). */
static const char *row(const canvas *c, int y)
{
	static char b[4096];
	canvas_row_text(c, y, b, sizeof b);
	return b;
}

/* screen_has: some row of c contains text. */
static bool screen_has(const canvas *c, const char *text)
{
	for (int y = 0; y < c->h; y++)
		if (strstr(row(c, y), text))
			return true;
	return false;
}

static void test_steps_forward_back_and_run_until(void **state)
{
	replay *r = open_log();
	(void)state;
	int threads[4];
	for (int i = 0; i < 4; i++) {
		assert_int_equal(r->cur, i);
		threads[i] = r->log.snaps[r->cur].threads;
		assert_int_equal(replay_key(r, KEYC_RIGHT), APP_REDRAW);
	}
	assert_int_equal(threads[0], 3);
	assert_int_equal(threads[1], 139);
	assert_int_equal(threads[2], 202);   /* past 200: a thread per blocked read */
	assert_int_equal(threads[3], 203);
	assert_int_equal(r->cur, 3);
	assert_string_equal(r->status, "this is the last snapshot");
	replay_key(r, KEYC_LEFT);
	replay_key(r, 'h');
	assert_int_equal(r->cur, 1);
	replay_key(r, KEYC_HOME);
	replay_key(r, 'b');
	assert_int_equal(r->cur, 0);
	assert_string_equal(r->status, "this is the first snapshot");
	replay_key(r, 'g');
	assert_true(r->gkey);
	replay_key(r, 'y');   /* the next syscall change: the 103ms state */
	assert_int_equal(r->cur, 1);
	replay_key(r, 'g');
	replay_key(r, 'x');   /* threads never fall: stay, say so */
	assert_int_equal(r->cur, 1);
	assert_string_equal(r->status, "no thread count fall after this snapshot");
	replay_key(r, 'g');
	replay_key(r, 'm');
	assert_int_equal(r->cur, 2);
	replay_key(r, 'g');
	replay_key(r, 'z');
	assert_string_equal(r->status, "g z: no such change (m x y k s p)");
	assert_int_equal(replay_find(r, 0, +1, 's'), 1);
	assert_int_equal(replay_find(r, 3, -1, 'm'), 2);
	replay_key(r, KEYC_END);
	assert_int_equal(r->cur, 3);
	assert_int_equal(replay_key(r, 'q'), APP_QUIT);
	replay_free(r);
}

static void test_space_plays_to_the_end(void **state)
{
	replay *r = open_log();
	(void)state;
	replay_key(r, ' ');
	assert_true(r->playing);
	assert_int_equal(replay_tick(r), APP_REDRAW);
	assert_int_equal(replay_tick(r), APP_REDRAW);
	assert_int_equal(replay_tick(r), APP_REDRAW);
	assert_int_equal(r->cur, 3);
	replay_tick(r);
	assert_false(r->playing);
	replay_free(r);
}

/* The screen of the third state: threads past 200, Ms by id, Gs with their
 * wait reasons, and what schedtrace does not carry said as such. */
static void test_screen_shows_ms_by_id_and_wait_reasons(void **state)
{
	replay *r = open_log();
	canvas *c = canvas_new(160, 48, false);
	(void)state;
	replay_key(r, KEYC_RIGHT);
	replay_key(r, KEYC_RIGHT);
	view_replay(c, r);
	assert_true(screen_has(c, "gmpscope  REAL   replay tests/replay/blockread-detail.log   snapshot 3/4  "
	                       "t=203.000ms  schedtrace+scheddetail "));
	assert_true(screen_has(c, "┌ Threads (M)  threads=202 "));
	assert_true(screen_has(c, "202 Ms: 200 in a syscall, 0 parked (blocked)"));
	assert_true(screen_has(c, "│ M0 G109     M1 -        M2 G6       M3 G7 "));
	assert_true(screen_has(c, "│ P0  idle               runq 0   sched 109 sys 102 gfree 0 timers 4"));
	assert_true(screen_has(c, "global runq 0   queue order: not in schedtrace"));
	assert_true(screen_has(c, "running 0  runnable 0  syscall 200  waiting 14  dead 0"));
	assert_true(screen_has(c, "│ G1 sleep                    G2 force gc (idle) "));
	assert_true(screen_has(c, "G40 syscall M69"));
	assert_true(screen_has(c, "function and line: not in schedtrace"));
	assert_true(screen_has(c, "events between snapshots: not in schedtrace"));
	assert_true(screen_has(c, "│ threads 139 → 202 in 100 ms; idle Ps 0 → 2; G75 now in syscall on M140;"));
	assert_true(screen_has(c, "Threads over snapshots  peak 203"));
	/* back one: fewer threads, and the caption of that step */
	replay_key(r, KEYC_LEFT);
	view_replay(c, r);
	assert_true(screen_has(c, "┌ Threads (M)  threads=139 "));
	assert_true(screen_has(c, "│ threads 3 → 139 in 103 ms;"));
	/* too small: one line, no panel */
	canvas_resize(c, 60, 20);
	view_replay(c, r);
	assert_string_equal(row(c, 0), "terminal too small: need 80x24                              ");
	canvas_free(c);
	replay_free(r);
}

static void test_live_follows_and_keeps_program_output(void **state)
{
	replay r;
	canvas *c = canvas_new(100, 30, false);
	char err[STRACE_ERR];
	(void)state;
	replay_init(&r, "real ./prog", true);
	view_replay(c, &r);
	assert_true(screen_has(c, "waiting for the first SCHED line..."));
	static const char *lines[] = {
		"starting", "SCHED 0ms: gomaxprocs=1 idleprocs=0 threads=2 spinningthreads=0 idlethreads=0 runqueue=0 [0]",
		"SCHED 100ms: gomaxprocs=1 idleprocs=0 threads=9 spinningthreads=0 idlethreads=0 runqueue=4 [2]",
	};
	for (int i = 0; i < 3; i++) {
		int before = r.log.n;
		if (schedlog_line(&r.log, lines[i], strlen(lines[i]), err, sizeof err) == 0)
			replay_output(&r, lines[i], strlen(lines[i]));
		if (r.log.n > before)
			replay_added(&r);
	}
	assert_int_equal(r.cur, 1);
	replay_output(&r, "bell\a and\tcontrols", 18);
	view_replay(c, &r);
	assert_true(screen_has(c, "┌ Program output  2 lines "));
	assert_true(screen_has(c, "│ starting "));
	assert_true(screen_has(c, "│ bell  and controls "));
	assert_true(screen_has(c, "│ threads 2 → 9 in 100 ms; global runqueue 0 → 4"));
	assert_true(screen_has(c, "which M is which: need scheddetail=1"));
	assert_true(screen_has(c, "P0  runq 2   status, M, G: need scheddetail=1"));
	replay_key(&r, KEYC_LEFT);   /* stepping back stops following */
	const char *l3 = "SCHED 200ms: gomaxprocs=1 idleprocs=1 threads=9 spinningthreads=0 idlethreads=1 runqueue=0 [0]";
	schedlog_line(&r.log, l3, strlen(l3), err, sizeof err);
	replay_added(&r);
	assert_int_equal(r.cur, 0);
	replay_key(&r, KEYC_RIGHT);
	replay_key(&r, KEYC_RIGHT);   /* at the newest again: follow */
	assert_int_equal(r.cur, 2);
	replay_key(&r, KEYC_RIGHT);
	assert_true(r.follow);
	assert_string_equal(r.status, "waiting for the next snapshot");
	canvas_free(c);
	replay_free(&r);
}

/* Compare (issue 24.2): the simulation of scenario 09's bug beside the real
 * log, at each snapshot's time since the first; stepping back restarts the
 * engine and gives the same state as a fresh run to that time. */
static void test_compare_puts_the_simulation_beside(void **state)
{
	replay *r = open_log();
	gmp_scenario sc;
	char err[512];
	(void)state;
	assert_int_equal(scenario_load("scenarios/09-blocking-file-io.gmp", &sc, err, sizeof err), 0);
	const gmp_variant *v = &sc.variants[scenario_variant(&sc, "bug")];
	replay_compare(r, v, "09-blocking-file-io bug");
	assert_int_equal(r->sim_at, 0);
	assert_int_equal(r->simsnap.t, 0);
	for (int step = 0; step < 5; step++) {
		if (step < 3)
			replay_key(r, KEYC_RIGHT);
		else
			replay_key(r, KEYC_LEFT);
		int want_i = step < 3 ? step + 1 : 5 - step;
		assert_int_equal(r->cur, want_i);
		int64_t t = r->log.snaps[r->cur].t - r->log.snaps[0].t;
		gmp_engine *e = engine_new(&v->prog, &v->cfg);
		engine_run_until(e, t);
		gmp_snap want;
		snap_from_engine(e, &want);
		assert_int_equal(r->simsnap.t, want.t);
		assert_int_equal(r->simsnap.threads, want.threads);
		assert_int_equal(r->simsnap.idlethreads, want.idlethreads);
		assert_int_equal(r->simsnap.ng, want.ng);
		assert_int_equal(snap_count_g(&r->simsnap, G_SYSCALL), snap_count_g(&want, G_SYSCALL));
		snap_free(&want);
		engine_free(e);
	}
	canvas *c = canvas_new(200, 50, false);
	replay_key(r, KEYC_RIGHT);   /* 203ms: past the simulated program's end */
	view_replay(c, r);
	assert_true(screen_has(c, "gmpscope  SIM  09-blocking-file-io bug    REAL  replay " DETAIL
	                       "   snapshot 3/4  t=203.000ms"));
	assert_true(screen_has(c, "SIM ended at t="));
	assert_true(screen_has(c, "REAL: threads 139 → 202 in 100 ms;"));
	char line[80];
	snprintf(line, sizeof line, "│ threads        %8d %8d ", r->simsnap.threads, 202);
	assert_true(screen_has(c, line));
	assert_true(screen_has(c, "│ Gs in syscall  "));
	canvas_free(c);
	replay_free(r);
	scenario_free(&sc);
}

static void test_godebug_is_merged_with_the_users(void **state)
{
	char b[256];
	(void)state;
	assert_true(child_godebug(NULL, 100, b, sizeof b));
	assert_string_equal(b, "schedtrace=100,scheddetail=1");
	assert_true(child_godebug("", 5, b, sizeof b));
	assert_string_equal(b, "schedtrace=5,scheddetail=1");
	assert_true(child_godebug("asyncpreemptoff=1,schedtrace=7,gctrace=1,scheddetail=0", 20, b, sizeof b));
	assert_string_equal(b, "asyncpreemptoff=1,gctrace=1,schedtrace=20,scheddetail=1");
	assert_true(child_godebug(",,x=1,", 1, b, sizeof b));
	assert_string_equal(b, "x=1,schedtrace=1,scheddetail=1");
	assert_false(child_godebug("averyveryverylongsetting=1", 100, b, 20));
}

static void test_resolve_and_start_errors(void **state)
{
	char path[512], err[CHILD_ERR];
	child c;
	(void)state;
	assert_int_equal(child_resolve("sh", path, sizeof path, err, sizeof err), 0);
	assert_int_equal(access(path, X_OK), 0);
	assert_int_equal(child_resolve("no-such-command-gmp", path, sizeof path, err, sizeof err), -1);
	assert_string_equal(err, "no-such-command-gmp: command not found");
	assert_int_equal(child_resolve("./no/such", path, sizeof path, err, sizeof err), -1);
	assert_string_equal(err, "./no/such: command not found");
	char plain[] = "/tmp/gmp-plain-XXXXXX";
	close(mkstemp(plain));   /* mode 0600: not executable, even for root */
	assert_int_equal(child_resolve(plain, path, sizeof path, err, sizeof err), -1);
	char want[128];
	snprintf(want, sizeof want, "%s: not an executable file", plain);
	assert_string_equal(err, want);
	unlink(plain);
	assert_int_equal(child_resolve("/tmp", path, sizeof path, err, sizeof err), -1);
	assert_string_equal(err, "/tmp: not an executable file");
	char *argv[] = {"gone", NULL};
	assert_int_equal(child_start("/no/such/file", argv, "schedtrace=1", &c, err, sizeof err), -1);
	assert_string_equal(err, "gone: command not found");
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);   /* reaped: no zombie */
	assert_int_equal(errno, ECHILD);
}

/* read_all drains fd (blocking) into b. */
static void read_all(int fd, char *b, size_t len)
{
	size_t n = 0;
	for (;;) {
		ssize_t k = read(fd, b + n, len - 1 - n);
		if (k > 0)
			n += (size_t)k;
		else if (k == 0 || (errno != EAGAIN && errno != EINTR))
			break;
		else
			usleep(1000);
	}
	b[n] = '\0';
}

/* live_in_group counts the processes of group pgid that are not zombies
 * (an orphan the host's init has not reaped yet is a zombie), waiting up
 * to a second for them to go. */
static int live_in_group(pid_t pgid)
{
	int n = 0;
	for (int tries = 0; tries < 100; tries++, usleep(10000)) {
		char cmd[128];
		snprintf(cmd, sizeof cmd, "ps -e -o pgid=,stat= | awk '$1 == %d && $2 !~ /^Z/' | wc -l", (int)pgid);
		FILE *p = popen(cmd, "r");
		assert_non_null(p);
		assert_int_equal(fscanf(p, "%d", &n), 1);
		pclose(p);
		if (n == 0)
			break;
	}
	return n;
}

static void test_child_runs_in_its_own_group_with_godebug(void **state)
{
	char err[CHILD_ERR], out[256], errs[256], b[64];
	child c;
	int ws, code;
	(void)state;
	char *argv[] = {"sh", "-c", "echo \"$GODEBUG\"; echo pgid $(ps -o pgid= $$ | tr -d ' ') >&2; "
	                "read x || echo stdin-empty; exit 3", NULL};
	assert_int_equal(child_start("/bin/sh", argv, "x=1,schedtrace=5,scheddetail=1", &c, err, sizeof err), 0);
	read_all(c.out_fd, out, sizeof out);
	read_all(c.err_fd, errs, sizeof errs);
	assert_int_equal(waitpid(c.pid, &ws, 0), c.pid);
	assert_string_equal(out, "x=1,schedtrace=5,scheddetail=1\nstdin-empty\n");
	char want[64];
	snprintf(want, sizeof want, "pgid %d\n", (int)c.pid);
	assert_string_equal(errs, want);
	assert_string_equal(child_status_text(ws, &code, b, sizeof b), "exited with status 3");
	assert_int_equal(code, 3);
	close(c.out_fd);
	close(c.err_fd);
	/* SIGTERM to the group reaches the child and what it started */
	char *argv2[] = {"sh", "-c", "sleep 30 & sleep 30; wait", NULL};
	assert_int_equal(child_start("/bin/sh", argv2, "schedtrace=5", &c, err, sizeof err), 0);
	usleep(100000);
	assert_int_equal(kill(-c.pid, SIGTERM), 0);
	assert_int_equal(waitpid(c.pid, &ws, 0), c.pid);
	assert_string_equal(child_status_text(ws, &code, b, sizeof b), "killed by signal 15 (Terminated)");
	assert_int_equal(code, 143);
	assert_int_equal(live_in_group(c.pid), 0);   /* nobody is left running in the group */
	close(c.out_fd);
	close(c.err_fd);
}

/* collect_line keeps what child_collect hands out, stderr and stdout apart
 * (the two pipes are read in whatever order they fill). */
static char collected[2][512];
static void collect_line(void *ctx, bool is_err, const char *line, size_t len, bool cut)
{
	char *b = collected[is_err];
	(void)ctx;
	snprintf(b + strlen(b), sizeof collected[0] - strlen(b), "%s%.*s|", cut ? "cut:" : "", (int)len, line);
}

/* child_collect: whole lines of both pipes, a last line cut by a kill says
 * so, and --until stops the program with SIGTERM to its group. */
static void test_collect_headless(void **state)
{
	char err[CHILD_ERR], b[64];
	child c;
	int code;
	(void)state;
	char *argv[] = {"sh", "-c", "echo out; printf 'SCHED 0ms\\nSCHED 5ms: gomax' >&2; kill -9 $$", NULL};
	collected[0][0] = collected[1][0] = '\0';
	assert_int_equal(child_start("/bin/sh", argv, "schedtrace=5", &c, err, sizeof err), 0);
	int ws = child_collect(&c, -1, 1000000000LL, collect_line, NULL);
	assert_string_equal(child_status_text(ws, &code, b, sizeof b), "killed by signal 9 (Killed)");
	assert_string_equal(collected[0], "out|");
	assert_string_equal(collected[1], "SCHED 0ms|cut:SCHED 5ms: gomax|");
	char *argv2[] = {"sh", "-c", "sleep 30 & sleep 30; wait", NULL};
	assert_int_equal(child_start("/bin/sh", argv2, "schedtrace=5", &c, err, sizeof err), 0);
	ws = child_collect(&c, 200000000LL, 1000000000LL, collect_line, NULL);
	assert_string_equal(child_status_text(ws, &code, b, sizeof b), "killed by signal 15 (Terminated)");
	assert_int_equal(live_in_group(c.pid), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_steps_forward_back_and_run_until),
		cmocka_unit_test(test_space_plays_to_the_end),
		cmocka_unit_test(test_screen_shows_ms_by_id_and_wait_reasons),
		cmocka_unit_test(test_live_follows_and_keeps_program_output),
		cmocka_unit_test(test_compare_puts_the_simulation_beside),
		cmocka_unit_test(test_godebug_is_merged_with_the_users),
		cmocka_unit_test(test_resolve_and_start_errors),
		cmocka_unit_test(test_child_runs_in_its_own_group_with_godebug),
		cmocka_unit_test(test_collect_headless),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
