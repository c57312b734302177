/*
 * test_schedtrace.c — the reader of GODEBUG=schedtrace[,scheddetail=1]
 * output (ui/real/schedtrace.c) and the states and captions it gives
 * (ui/real/snap.c).
 *
 * The fixtures in tests/replay/ are real logs of tests/real/blockread (Go
 * 1.19.8, GOMAXPROCS 2, 200 goroutines blocked in read(2) on blocking
 * pipes), captured with
 *   GODEBUG=schedtrace=100,scheddetail=1 ./blockread -hold 250ms 2>blockread-detail.log
 *   GODEBUG=schedtrace=20 ./blockread -hold 100ms 2>blockread.log
 * The round trip reads what the engine's own schedtrace writer
 * (record_schedtrace.c) prints and compares it with snap_from_engine.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine_fixture.h"
#include "record.h"
#include "schedtrace.h"
#include "snap.h"

#define DETAIL "tests/replay/blockread-detail.log"
#define ALONE "tests/replay/blockread.log"

/* read_text writes text to a temporary file and reads it as a log. */
static int read_text(const char *text, size_t n, schedlog *l, char *err, size_t errlen)
{
	char path[] = "/tmp/gmp-strace-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, n), (ssize_t)n);
	close(fd);
	int rc = schedlog_read_file(path, l, err, errlen);
	/* messages name the file: tests compare them without the random part */
	char *p = strstr(err, path);
	if (p)
		memmove(p + 3, p + strlen(path), strlen(p + strlen(path)) + 1), memcpy(p, "LOG", 3);
	unlink(path);
	return rc;
}

static int read_str(const char *text, schedlog *l, char *err)
{
	return read_text(text, strlen(text), l, err, STRACE_ERR);
}

static void test_detail_log_keeps_every_field(void **state)
{
	schedlog l;
	char err[STRACE_ERR] = "";
	(void)state;
	assert_int_equal(schedlog_read_file(DETAIL, &l, err, sizeof err), 0);
	assert_int_equal(l.n, 4);
	assert_int_equal(l.other, 0);
	const gmp_snap *s = &l.snaps[1];
	assert_int_equal(s->t, 103 * MS);
	assert_int_equal(s->line, 9);
	assert_int_equal(s->have, SNAP_DETAIL);
	assert_int_equal(s->gomaxprocs, 2);
	assert_int_equal(s->threads, 139);
	assert_int_equal(s->needspinning, -1);   /* Go 1.19 does not print it */
	assert_int_equal(s->gcwaiting, 0);
	assert_int_equal(s->sysmonwait, 0);
	assert_int_equal(s->np, 2);
	assert_int_equal(s->nm, 139);
	assert_int_equal(s->ng, 214);
	assert_int_equal(snap_count_g(s, G_SYSCALL), 138);
	assert_int_equal(l.snaps[2].threads, 202);
	assert_int_equal(l.snaps[2].nm, 202);
	assert_int_equal(snap_count_g(&l.snaps[2], G_SYSCALL), 200);
	/* P0 of the third state, as printed */
	const gmp_pview *p0 = &l.snaps[2].ps[0].v;
	assert_int_equal(p0->status, P_IDLE);
	assert_int_equal(p0->schedtick, 109);
	assert_int_equal(p0->syscalltick, 102);
	assert_int_equal(p0->m, -1);
	assert_int_equal(p0->ntimers, 4);
	assert_int_equal(p0->runnext, -1);   /* absent: schedtrace has no order */
	/* Ms by id, with the G they run and the state it implies */
	const snap_m *m = snap_find_m(&l.snaps[2], 200);
	assert_non_null(m);
	assert_int_equal(m->v.curg, 107);
	assert_int_equal(m->v.state, M_SYSCALL);
	assert_false(m->blocked);
	assert_int_equal(m->locks, 0);
	assert_string_equal(m->preemptoff, "");
	m = snap_find_m(&l.snaps[3], 17);
	assert_true(m->blocked);
	assert_int_equal(m->v.state, M_IDLE);
	/* Gs with their wait reasons, the runtime's own too */
	const snap_g *g = snap_find_g(&l.snaps[1], 40);
	assert_int_equal(g->v.status, G_SYSCALL);
	assert_int_equal(g->v.m, 69);
	assert_int_equal(g->v.func, -1);
	int sleep = 0, forcegc = 0, chanrecv = 0;
	for (int i = 0; i < l.snaps[2].ng; i++) {
		const snap_g *x = &l.snaps[2].gs[i];
		sleep += !strcmp(x->wait, "sleep") && x->v.wait == WAIT_SLEEP;
		forcegc += !strcmp(x->wait, "force gc (idle)") && x->v.wait == WAIT_FORCEGC;
		chanrecv += !strcmp(x->wait, "chan receive") && x->v.wait == WAIT_CHAN_RECV;
	}
	assert_int_equal(sleep, 4);
	assert_int_equal(forcegc, 1);
	assert_int_equal(chanrecv, 3);
	schedlog_free(&l);
}

static void test_schedtrace_alone(void **state)
{
	schedlog l;
	char err[STRACE_ERR] = "";
	(void)state;
	assert_int_equal(schedlog_read_file(ALONE, &l, err, sizeof err), 0);
	assert_int_equal(l.n, 9);
	const gmp_snap *s = &l.snaps[1];
	assert_int_equal(s->t, 20 * MS);
	assert_int_equal(s->threads, 22);
	assert_int_equal(s->runqueue, 1);
	assert_int_equal(s->have, 0);
	assert_int_equal(s->np, 0);
	assert_int_equal(s->nrunq, 2);
	assert_int_equal(s->runqsizes[0], 22);
	assert_int_equal(s->runqsizes[1], 23);
	assert_null(s->schedticks);
	assert_int_equal(s->gcwaiting, -1);
	assert_int_equal(l.snaps[8].threads, 203);
	schedlog_free(&l);
}

static void test_newer_layouts(void **state)
{
	schedlog l;
	char err[STRACE_ERR] = "";
	(void)state;
	assert_int_equal(read_str("SCHED 0ms: gomaxprocs=2 idleprocs=1 threads=5 spinningthreads=0 "
	                          "needspinning=1 idlethreads=2 runqueue=3 [ 4 5 ] schedticks=[ 7 8 ]\n"
	                          "SCHED 10ms: gomaxprocs=1 idleprocs=0 threads=4 spinningthreads=1 "
	                          "needspinning=0 idlethreads=1 runqueue=0 gcwaiting=false "
	                          "nmidlelocked=-1 stopwait=0 sysmonwait=true\n"
	                          "  P0: status=1 schedtick=3 syscalltick=0 m=nil runqsize=0 gfreecnt=2 timerslen=1 newfield=9\n"
	                          "  M1: p=nil curg=nil mallocing=0 throwing=0 preemptoff=gc worker locks=1 dying=0 "
	                          "spinning=true blocked=false lockedg=nil\n"
	                          "  M0: p=0 curg=1 mallocing=0 throwing=0 preemptoff= locks=0 dying=0 "
	                          "spinning=false blocked=false lockedg=1\n"
	                          "  G1: status=2() m=0 lockedm=0\n",
	                          &l, err), 0);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.snaps[0].needspinning, 1);
	assert_int_equal(l.snaps[0].schedticks[1], 8);
	assert_int_equal(l.snaps[0].runqsizes[0], 4);
	const gmp_snap *s = &l.snaps[1];
	assert_int_equal(s->sysmonwait, 1);
	assert_int_equal(s->nmidlelocked, -1);   /* the runtime prints it signed: seen in real logs */
	assert_int_equal(s->ps[0].v.m, -1);
	assert_int_equal(s->ps[0].v.gfreecnt, 2);
	assert_string_equal(s->ms[0].preemptoff, "gc worker");
	assert_int_equal(s->ms[0].locks, 1);
	assert_true(s->ms[0].v.spinning);
	assert_int_equal(s->ms[1].v.lockedg, 1);
	assert_int_equal(s->gs[0].v.lockedm, 0);
	assert_int_equal(s->gs[0].v.status, G_RUNNING);
	schedlog_free(&l);
}

static void test_program_output_is_tolerated(void **state)
{
	schedlog l;
	char err[STRACE_ERR] = "";
	(void)state;
	assert_int_equal(read_str("hello from main\n"
	                          "SCHED 0ms: gomaxprocs=1 idleprocs=0 threads=2 spinningthreads=0 idlethreads=0 runqueue=0 [0]\n"
	                          "  P and M are letters; G too\n"
	                          "panic: something [recovered]\n"
	                          "SCHED 5ms: gomaxprocs=1 idleprocs=1 threads=3 spinningthreads=0 idlethreads=1 runqueue=0 [0]\n"
	                          "no newline at the end",
	                          &l, err), 0);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.other, 4);
	schedlog_free(&l);
}

/* Every malformed trace line: its one message, with the line number. */
static void test_malformed_lines(void **state)
{
	static const char *sched = "SCHED 0ms: gomaxprocs=1 idleprocs=0 threads=2 spinningthreads=0 "
	                           "idlethreads=0 runqueue=0 gcwaiting=0 nmidlelocked=0 stopwait=0 sysmonwait=0\n";
	static const struct { const char *tail, *msg; } cases[] = {
		{"  P0: status=x schedtick=0 syscalltick=0 m=0 runqsize=0 gfreecnt=0\n",
		 "LOG:2: status=x: expected a count"},
		{"  P0: status=9 schedtick=0 syscalltick=0 m=0 runqsize=0 gfreecnt=0\n",
		 "LOG:2: status=9: a P's status is 0 to 4"},
		{"  P0: status=1 schedtick=0 syscalltick=0 runqsize=0 gfreecnt=0\n", "LOG:2: missing m="},
		{"  M0: p=0 curg=1 spinning=maybe blocked=false lockedg=-1\n",
		 "LOG:2: spinning=maybe: expected true or false"},
		{"  G1: status=4 m=0 lockedm=-1\n", "LOG:2: status=4: expected status=N(wait reason)"},
		{"  G1: status=4(sleep) m=-7 lockedm=-1\n", "LOG:2: m=-7: expected an id, -1 or nil"},
		{"  P0: status=1 schedtick=1x syscalltick=0 m=0 runqsize=0 gfreecnt=0\n",
		 "LOG:2: schedtick=1x: expected a count"},
		{"  G1: garbage\n", "LOG:2: expected key=value fields after \"G1:\""},
		{"  G1: status=4(sleep) m=0 lockedm=-1", "LOG:2: truncated: the log ends inside this line"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char text[1024], err[STRACE_ERR] = "";
		schedlog l;
		snprintf(text, sizeof text, "%s%s", sched, cases[i].tail);
		assert_int_equal(read_str(text, &l, err), -1);
		assert_string_equal(err, cases[i].msg);
		schedlog_free(&l);
	}
	static const struct { const char *text, *msg; } whole[] = {
		{"  P0: status=1\n", "LOG:1: a P line outside a scheddetail snapshot"},
		{"SCHED 1s: gomaxprocs=1\n", "LOG:1: expected \"SCHED <N>ms: \""},
		{"SCHED 1ms: gomaxprocs=1 idleprocs=0\n", "LOG:1: missing threads="},
		{"SCHED 1ms: gomaxprocs=1 idleprocs=0 threads=2 spinningthreads=0 idlethreads=0 runqueue=0\n",
		 "LOG:1: neither a run queue list nor scheddetail's gcwaiting="},
		{"SCHED 1ms: gomaxprocs=1 idleprocs=0 threads=2 spinningthreads=0 idlethreads=0 runqueue=0 [1 x]\n",
		 "LOG:1: bad run queue list"},
		{"just a program\n", "LOG: no SCHED line: not GODEBUG=schedtrace output"},
		{"", "LOG: no SCHED line: not GODEBUG=schedtrace output"},
	};
	for (size_t i = 0; i < sizeof whole / sizeof whole[0]; i++) {
		char err[STRACE_ERR] = "";
		schedlog l;
		assert_int_equal(read_str(whole[i].text, &l, err), -1);
		assert_string_equal(err, whole[i].msg);
		schedlog_free(&l);
	}
	char err[STRACE_ERR] = "";
	schedlog l;
	assert_int_equal(read_text("SCHED 0ms\0\x01\x02", 12, &l, err, sizeof err), -1);
	assert_string_equal(err, "LOG:1: binary data: not GODEBUG=schedtrace output");
	schedlog_free(&l);
	assert_int_equal(schedlog_read_file("tests/replay/none.log", &l, err, sizeof err), -1);
	assert_string_equal(err, "tests/replay/none.log: No such file or directory");
	schedlog_free(&l);
}

/* Robustness: every prefix of a real log, and the log with bytes flipped,
 * reads or fails with one message naming the file; never a crash. */
static void test_truncated_and_corrupted_logs(void **state)
{
	FILE *fp = fopen(DETAIL, "rb");
	static char text[100000];
	size_t n = fread(text, 1, sizeof text, fp);
	fclose(fp);
	(void)state;
	assert_int_equal(n, 84774);
	int ok = 0, bad = 0;
	for (size_t cut = 0; cut < n; cut += 97) {
		char err[STRACE_ERR] = "";
		schedlog l;
		int rc = read_text(text, cut, &l, err, sizeof err);
		if (rc == 0)
			ok++;
		else if (!strncmp(err, "LOG", 3))
			bad++;
		else
			fail_msg("cut %zu: %s", cut, err);
		schedlog_free(&l);
	}
	assert_int_equal(ok + bad, (int)((n + 96) / 97));
	assert_true(ok > 0 && bad > 0);
	srand(7);
	for (int round = 0; round < 200; round++) {
		static char copy[100000];
		memcpy(copy, text, n);
		for (int k = 0; k < 8; k++)
			copy[rand() % (int)n] = (char)(rand() % 256);
		char err[STRACE_ERR] = "";
		schedlog l;
		if (read_text(copy, n, &l, err, sizeof err) != 0 && strncmp(err, "LOG", 3))
			fail_msg("round %d: %s", round, err);
		schedlog_free(&l);
	}
}

/* A log of more rows than gmpscope keeps is refused at the first row past
 * the cap (a hostile or huge log is not read into memory). */
static void test_row_cap(void **state)
{
	schedlog l;
	char err[STRACE_ERR] = "";
	const char *sched = "SCHED 0ms: gomaxprocs=1 idleprocs=0 threads=2 spinningthreads=0 idlethreads=0 "
	                    "runqueue=0 gcwaiting=0 nmidlelocked=0 stopwait=0 sysmonwait=0";
	const char *g = "  G1: status=4(sleep) m=-1 lockedm=-1";
	(void)state;
	schedlog_init(&l, "big.log");
	assert_int_equal(l.max_rows, 5000000);
	l.max_rows = 10;
	assert_int_equal(schedlog_line(&l, sched, strlen(sched), err, sizeof err), 1);
	for (int i = 0; i < 10; i++)
		assert_int_equal(schedlog_line(&l, g, strlen(g), err, sizeof err), 1);
	assert_int_equal(schedlog_line(&l, g, strlen(g), err, sizeof err), -1);
	assert_string_equal(err, "big.log:12: more than 10 P, M and G lines in all: gmpscope keeps at most "
	                    "that many (use a longer schedtrace interval)");
	schedlog_free(&l);
}

static void test_captions_between_snapshots(void **state)
{
	schedlog l;
	char err[STRACE_ERR] = "", b[200];
	(void)state;
	assert_int_equal(schedlog_read_file(DETAIL, &l, err, sizeof err), 0);
	assert_string_equal(snap_caption(NULL, &l.snaps[0], b, sizeof b),
	                    "first snapshot: 2 Ps, 3 threads, global runqueue 0");
	assert_string_equal(snap_caption(&l.snaps[0], &l.snaps[1], b, sizeof b),
	                    "threads 3 → 139 in 103 ms; idle threads 1 → 0; idle Ps 1 → 0; "
	                    "G1 now waiting (sleep); G6 now in syscall on M2; 138 Gs entered a syscall; "
	                    "5 Gs began waiting; 212 new Gs");
	assert_string_equal(snap_caption(&l.snaps[1], &l.snaps[2], b, sizeof b),
	                    "threads 139 → 202 in 100 ms; idle Ps 0 → 2; G75 now in syscall on M140; "
	                    "G206 now waiting (chan receive); 62 Gs entered a syscall; 8 Gs began waiting");
	assert_int_equal(snap_changes(&l.snaps[1], &l.snaps[2]),
	                 1u << SCH_THREADS | 1u << SCH_PSTATUS | 1u << SCH_SYSCALL | 1u << SCH_WAIT |
	                 1u << SCH_RUNQ);
	schedlog_free(&l);
}

/* The engine's own schedtrace writer, read back, gives the engine's state. */
static void test_round_trip_with_the_engine_writer(void **state)
{
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 2\ngo 1.19\nvariant bug\n"
	                 "  func main\n    go reader\n    go reader\n    go waiter\n    sleep 5ms\n"
	                 "  func reader\n    syscall 20ms\n"
	                 "  func waiter\n    sleep 30ms\n", "bug");
	(void)state;
	fx_run_until(f, 2 * MS);
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	assert_int_equal(schedtrace_tick(fp, f->e, 2 * MS, true), 0);
	fclose(fp);
	schedlog l;
	char err[STRACE_ERR] = "";
	assert_int_equal(read_text(buf, len, &l, err, sizeof err), 0);
	free(buf);
	gmp_snap want;
	snap_from_engine(f->e, &want);
	const gmp_snap *got = &l.snaps[0];
	assert_int_equal(got->t, 2 * MS);
	assert_int_equal(got->threads, want.threads);
	assert_int_equal(got->idleprocs, want.idleprocs);
	assert_int_equal(got->idlethreads, want.idlethreads);
	assert_int_equal(got->np, want.np);
	assert_int_equal(got->nm, want.nm);
	assert_int_equal(got->ng, want.ng);
	assert_int_equal(snap_count_g(got, G_SYSCALL), 2);
	for (int i = 0; i < want.np; i++) {
		assert_int_equal(got->ps[i].v.status, want.ps[i].v.status);
		assert_int_equal(got->ps[i].v.m, want.ps[i].v.m);
		assert_int_equal(got->ps[i].v.schedtick, want.ps[i].v.schedtick);
	}
	for (int i = 0; i < want.nm; i++) {
		assert_int_equal(got->ms[i].v.id, want.ms[i].v.id);
		assert_int_equal(got->ms[i].v.curg, want.ms[i].v.curg);
		assert_int_equal(got->ms[i].blocked, want.ms[i].blocked);
	}
	for (int i = 0; i < want.ng; i++) {
		assert_int_equal(got->gs[i].v.id, want.gs[i].v.id);
		assert_int_equal(got->gs[i].v.status, want.gs[i].v.status);
		assert_string_equal(got->gs[i].wait, want.gs[i].wait);
	}
	snap_free(&want);
	schedlog_free(&l);
}

/* schedtrace of the engine's run of src at every interval up to until. */
static char *engine_schedtrace(const char *src, int64_t until, int64_t interval, bool detail)
{
	fx_t *f = fx_new(src, "v");
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	char gaveup[RECORD_ERR];
	assert_int_equal(record_schedtrace(fp, &f->sc.variants[f->variant], until, interval, detail, gaveup), 0);
	fclose(fp);
	return buf;
}

/* threads_at is the threads= figure of the SCHED line at t ms, -1 if none. */
static int threads_at(const char *text, int t)
{
	char key[32];
	snprintf(key, sizeof key, "SCHED %dms:", t);
	const char *p = strstr(text, key);
	if (!p || !(p = strstr(p, " threads=")))
		return -1;
	return atoi(p + 9);
}

/* A Go 1.19 program starts with four threads: m0, sysmon and the two Ms
 * runtime.main's start-up leaves idle (mthread.c: newm_parked). 200
 * goroutines blocked in read(2) then take one thread each.
 *
 * Real: `GODEBUG=schedtrace=20 ./blockread -hold 150ms` (tests/real/
 * blockread, Go 1.19.8, GOMAXPROCS 2, 6 runs on 2026-12-05 08:02 UTC, load
 * 5.5): the first SCHED line (0 ms, printed while the runtime still starts)
 * says threads= 3, 4, 5, 4, 4, 3; the peak is 202 or 203. The committed
 * log tests/replay/blockread.log starts with threads=4 and peaks at 203.
 * (Real climbs to the peak in ~120 ms, each clone waiting for a CPU on a
 * loaded machine; the engine's clones take LAT_NEWM each and it gets there
 * within 20 ms.) */
static void test_readers_start_with_four_threads(void **state)
{
	(void)state;
	char *t = engine_schedtrace(FX_HEAD "go 1.19\ngomaxprocs 2\ncpus 2\nhorizon 400ms\nvariant v\n"
	                            "  func main\n    repeat 200\n      go reader\n    sleep 300ms\n"
	                            "  func reader\n    syscall 250ms\n", 300 * MS, 20 * MS, false);
	assert_int_equal(strncmp(t, "SCHED 0ms:", 10), 0);
	assert_in_range(threads_at(t, 0), 4, 6);
	assert_in_range(threads_at(t, 100), 202, 203);   /* 200 readers, m0 (main sleeps), sysmon */
	free(t);
}

/* An idle program: four threads from the second line on, and scheddetail
 * lists the runtime's own goroutines after main's G1 with their wait
 * reasons (sysg.c), then nothing else.
 *
 * Real: `GODEBUG=schedtrace=20 threads -child -mode idle -life 60ms`
 * (tests/real/threads; MEASURED.md (n): threads= 4 [4..5] from 20 ms, 10
 * runs; (n'): G2 "force gc (idle)", G3 "GC sweep wait", G4 "GC scavenge
 * wait", the finalizer goroutine "finalizer wait"; again 2026-12-05 08:02
 * UTC: threads=4 at 0, 21-27 and 47-48 ms, idlethreads=2, idleprocs=2). */
static void test_idle_program_lists_the_runtime_goroutines(void **state)
{
	(void)state;
	char *t = engine_schedtrace(FX_HEAD "go 1.19\ngomaxprocs 2\ncpus 2\nhorizon 60ms\nvariant v\n"
	                            "  func main\n    sleep 50ms\n", 40 * MS, 20 * MS, true);
	assert_int_equal(threads_at(t, 20), 4);
	assert_int_equal(threads_at(t, 40), 4);
	const char *p = strstr(t, "SCHED 20ms:");
	assert_non_null(p);
	assert_non_null(strstr(p, "idleprocs=2 threads=4 spinningthreads=0 idlethreads=2 "));
	const char *g = strstr(p, "  G1: ");
	assert_non_null(g);
	const char *want =
		"  G1: status=4(sleep) m=-1 lockedm=-1\n"
		"  G2: status=4(force gc (idle)) m=-1 lockedm=-1\n"
		"  G3: status=4(GC sweep wait) m=-1 lockedm=-1\n"
		"  G4: status=4(GC scavenge wait) m=-1 lockedm=-1\n"
		"  G5: status=4(finalizer wait) m=-1 lockedm=-1\n"
		"SCHED 40ms:";
	assert_int_equal(strncmp(g, want, strlen(want)), 0);
	free(t);
}

/* The program's goroutines are numbered after the runtime's: G6 first.
 * Goroutine counts skip the runtime's four, as runtime.NumGoroutine does
 * (real: `threads -child -mode idle` prints goroutines=1 at its end,
 * tests/real/threads, 2026-12-05). */
#define NAPPER_SRC FX_HEAD "go 1.19\ngomaxprocs 2\ncpus 2\nhorizon 60ms\nvariant v\n" \
	"  func main\n    go napper\n    sleep 50ms\n" \
	"  func napper\n    sleep 30ms\n"
static void test_program_goroutines_start_at_g6(void **state)
{
	(void)state;
	fx_t *f = fx_new(NAPPER_SRC, "v");
	fx_run_until(f, 20 * MS);
	assert_metric(f, "goroutines", 2);   /* main and napper */
	fx_run(f);
	assert_metric(f, "goroutines_peak", 2);
	char *t = engine_schedtrace(NAPPER_SRC, 20 * MS, 20 * MS, true);
	const char *p = strstr(t, "SCHED 20ms:");
	assert_non_null(p);
	assert_non_null(strstr(p, "  G5: status=4(finalizer wait) m=-1 lockedm=-1\n"
	                          "  G6: status=4(sleep) m=-1 lockedm=-1\n"));
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_detail_log_keeps_every_field),
		cmocka_unit_test(test_schedtrace_alone),
		cmocka_unit_test(test_newer_layouts),
		cmocka_unit_test(test_program_output_is_tolerated),
		cmocka_unit_test(test_malformed_lines),
		cmocka_unit_test(test_truncated_and_corrupted_logs),
		cmocka_unit_test(test_row_cap),
		cmocka_unit_test(test_captions_between_snapshots),
		cmocka_unit_test_teardown(test_round_trip_with_the_engine_writer, fx_teardown),
		cmocka_unit_test_teardown(test_readers_start_with_four_threads, fx_teardown),
		cmocka_unit_test_teardown(test_idle_program_lists_the_runtime_goroutines, fx_teardown),
		cmocka_unit_test_teardown(test_program_goroutines_start_at_g6, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
