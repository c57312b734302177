/*
 * test_history.c — the engine's rewind store (engine/history.h): where it
 * takes checkpoints, how it thins them, and that "nearest checkpoint +
 * replay" gives exactly the state a straight run had at that event.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine_fixture.h"
#include "history.h"

/* two Ps trading work over a channel, with timers and a mutex: every step
 * emits visible events of several kinds */
static const char *prog =
	FX_HEAD "gomaxprocs 2\nhorizon 30ms\nseed 3\n"
	"variant bug\n"
	"  chan c 1\n"
	"  mutex mu\n"
	"  waitgroup wg\n"
	"  func main\n"
	"    repeat 4\n"
	"      add wg 1\n"
	"      go worker\n"
	"    repeat 40\n"
	"      recv c\n"
	"    wait wg\n"
	"  func worker\n"
	"    repeat 10\n"
	"      lock mu\n"
	"      work 20us\n"
	"      unlock mu\n"
	"      send c\n"
	"      sleep 50us\n"
	"    done wg\n";

/* step_noting makes n steps of f, noting each in h; returns the visible
 * totals after each step in vis (n of them). */
static void step_noting(fx_t *f, gmp_history *h, int n, uint64_t *vis)
{
	for (int i = 0; i < n; i++) {
		assert_true(fx_step(f, ~0ULL));
		history_note(h, f->e);
		vis[i] = engine_visible_total(f->e);
	}
}

/* assert_points checks h's checkpoints (visible totals, oldest first). */
static void assert_points(const gmp_history *h, const uint64_t *want, int n)
{
	uint64_t got[64];
	int k = history_points(h, got, 64);
	assert_eq(k, n);
	assert_eq(history_len(h), n);
	for (int i = 0; i < n; i++)
		assert_eq(got[i], want[i]);
}

/* Spacing and thinning, by hand: the run starts at 7 visible events (m0,
 * sysmon, the start, and start-up's two idle Ms created and parked) and its
 * first 23 steps end at 9 10 11 12 13 15 16 ... 21 23 24 ... 27 29 30 ...
 * 34 (one more each, two at steps 6, 13 and 18). With every=4, checkpoints
 * are taken at 7 (the start), 11, 15, 19, 23 and 27 — six, the maximum. At
 * 31 the older half (7 11 15) loses every other one but the start: 11 and
 * 19 go, and 31 joins. */
static void test_checkpoints_are_spaced_and_thinned(void **state)
{
	(void)state;
	fx_t *f = fx_new(prog, "bug");
	assert_eq(engine_visible_total(f->e), 7);
	gmp_history *h = history_new(f->e, 4, 6);
	assert_points(h, (const uint64_t[]){7}, 1);
	uint64_t vis[23];
	step_noting(f, h, 19, vis);
	assert_eq(vis[18], 30);
	assert_points(h, (const uint64_t[]){7, 11, 15, 19, 23, 27}, 6);
	step_noting(f, h, 4, vis);
	assert_eq(vis[3], 34);
	assert_points(h, (const uint64_t[]){7, 15, 23, 27, 31}, 5);
	assert_eq(history_start(h), 7);
	history_free(h);
}

/* However long the run, at most max checkpoints are held, the start stays,
 * they are strictly increasing, and the newest is never more than `every`
 * visible events behind the engine. */
static void test_memory_stays_bounded_over_a_whole_run(void **state)
{
	(void)state;
	fx_t *f = fx_new(prog, "bug");
	gmp_history *h = history_new(f->e, 1, 8);
	int steps = 0;
	while (fx_step(f, ~0ULL)) {
		history_note(h, f->e);
		steps++;
		uint64_t pts[8];
		int n = history_points(h, pts, 8);
		assert_true(n >= 2 && n <= 8);
		assert_eq(pts[0], 7);
		for (int i = 1; i < n; i++)
			assert_true(pts[i] > pts[i - 1]);
		assert_eq(pts[n - 1], engine_visible_total(f->e));   /* every = 1 */
	}
	assert_true(steps > 200);
	history_free(h);
}

/* assert_same_engine compares what the UI shows of two engines. */
static void assert_same_engine(const gmp_engine *a, const gmp_engine *b)
{
	assert_eq(engine_visible_total(a), engine_visible_total(b));
	assert_eq(engine_event_total(a), engine_event_total(b));
	assert_eq(engine_now(a), engine_now(b));
	assert_eq(engine_ng(a), engine_ng(b));
	assert_eq(engine_nms(a), engine_nms(b));
	assert_eq(engine_globrunq_size(a), engine_globrunq_size(b));
	for (int p = 0; p < engine_nprocs(a); p++) {
		gmp_pview x, y;
		engine_p_view(a, p, &x);
		engine_p_view(b, p, &y);
		assert_eq(memcmp(&x, &y, sizeof x), 0);
	}
	uint64_t last = engine_event_total(a) - 1;
	assert_string_equal(engine_event_get(a, last)->caption, engine_event_get(b, last)->caption);
}

/* Seeking to the end of step k gives the state a straight run had after
 * step k — before the second checkpoint, on a checkpoint, after thinning,
 * and at the newest step. */
static void test_seek_gives_the_state_a_straight_run_had(void **state)
{
	(void)state;
	fx_t *f = fx_new(prog, "bug");
	gmp_history *h = history_new(f->e, 16, 4);
	enum { N = 150 };
	static const int at[] = {2, 10, 40, 97, 149};
	fx_t *snap[5];
	uint64_t vis[N];
	int j = 0;
	for (int i = 0; i < N; i++) {
		step_noting(f, h, 1, &vis[i]);
		if (j < 5 && i == at[j])
			snap[j++] = fx_clone(f);
	}
	/* every 16 visible events, at most 4: thinning drops the second of
	 * four each time, so the oldest after the start is recent */
	assert_eq(vis[149], 187);
	assert_points(h, (const uint64_t[]){7, 151, 167, 184}, 4);
	for (j = 0; j < 5; j++) {
		gmp_engine *e = history_seek(h, vis[at[j]]);
		assert_non_null(e);
		assert_same_engine(e, snap[j]->e);
		engine_free(e);
	}
	/* the checkpoints were not disturbed: the same seek again, same state */
	gmp_engine *e = history_seek(h, vis[97]);
	assert_same_engine(e, snap[3]->e);
	engine_free(e);
	history_free(h);
}

/* One step may emit several visible events (26 steps in, the run goes from
 * 36 to 38 at once): a seek inside such a step lands at its end. Below the
 * start, a seek gives the start itself. */
static void test_seek_inside_a_step_lands_at_its_end(void **state)
{
	(void)state;
	fx_t *f = fx_new(prog, "bug");
	gmp_history *h = history_new(f->e, 64, 48);
	uint64_t vis[30];
	step_noting(f, h, 30, vis);
	assert_eq(vis[24], 36);
	assert_eq(vis[25], 38);
	gmp_engine *e = history_seek(h, 37);
	assert_eq(engine_visible_total(e), 38);
	engine_free(e);
	e = history_seek(h, 0);
	assert_eq(engine_visible_total(e), 7);
	assert_eq(engine_now(e), 0);
	engine_free(e);
	history_free(h);
}

/* Noting an engine replayed behind the newest checkpoint (after a step back)
 * takes no checkpoint: that stretch is covered. */
static void test_noting_known_history_takes_nothing(void **state)
{
	(void)state;
	fx_t *f = fx_new(prog, "bug");
	gmp_history *h = history_new(f->e, 4, 6);
	uint64_t vis[23];
	step_noting(f, h, 23, vis);
	assert_points(h, (const uint64_t[]){7, 15, 23, 27, 31}, 5);
	gmp_engine *e = history_seek(h, 24);
	assert_eq(engine_visible_total(e), 24);
	for (int i = 0; i < 6; i++) {   /* 25 26 27 29 30 31 */
		engine_step(e, ~0ULL);
		history_note(h, e);
	}
	assert_eq(engine_visible_total(e), 31);
	assert_points(h, (const uint64_t[]){7, 15, 23, 27, 31}, 5);
	engine_free(e);
	history_free(h);
}

/* A NULL history (history_new out of memory) holds nothing and every call
 * accepts it. */
static void test_a_null_history_holds_nothing(void **state)
{
	(void)state;
	fx_t *f = fx_new(prog, "bug");
	history_note(NULL, f->e);
	assert_eq(history_len(NULL), 0);
	assert_eq(history_start(NULL), 0);
	assert_null(history_seek(NULL, 5));
	uint64_t p[1];
	assert_eq(history_points(NULL, p, 1), 0);
	history_free(NULL);
}

/* state_buf: the bytes of everything the UI and the recorders read of an
 * engine, in a fixed order (views are zeroed first: no padding garbage). */
typedef struct state_buf {
	unsigned char *b;  /* the bytes */
	size_t n, cap;     /* used, allocated */
} state_buf;

static void put(state_buf *sb, const void *p, size_t n)
{
	if (sb->n + n > sb->cap) {
		sb->cap = (sb->n + n) * 2;
		sb->b = realloc(sb->b, sb->cap);
		assert_non_null(sb->b);
	}
	memcpy(sb->b + sb->n, p, n);
	sb->n += n;
}

/* state_bytes fills sb with e's observable state: totals, time, every G, M
 * and P view, the scheduler view, the kept events (fields and captions),
 * each P's timeline, the per-line counts and every metric. */
static void state_bytes(const gmp_engine *e, state_buf *sb)
{
	sb->n = 0;
	uint64_t t[3] = { engine_visible_total(e), engine_event_total(e), (uint64_t)engine_now(e) };
	put(sb, t, sizeof t);
	for (int g = 0; g < engine_g_slots(e); g++) {
		gmp_gview gv;
		memset(&gv, 0, sizeof gv);
		bool live = engine_g_view(e, g, &gv);
		put(sb, &live, sizeof live);
		put(sb, &gv, sizeof gv);
	}
	for (int m = 0; m < engine_nms(e); m++) {
		gmp_mview mv;
		memset(&mv, 0, sizeof mv);
		engine_m_view(e, m, &mv);
		put(sb, &mv, sizeof mv);
	}
	for (int p = 0; p < engine_nprocs(e); p++) {
		gmp_pview pv;
		memset(&pv, 0, sizeof pv);
		engine_p_view(e, p, &pv);
		put(sb, &pv, sizeof pv);
		gmp_segment seg[GMP_SEGMENTS];
		memset(seg, 0, sizeof seg);
		int n = engine_segments(e, p, seg, GMP_SEGMENTS);
		put(sb, seg, sizeof seg[0] * (size_t)n);
	}
	gmp_schedview sv;
	memset(&sv, 0, sizeof sv);
	engine_sched_view(e, &sv);
	put(sb, &sv, sizeof sv);
	uint64_t total = engine_event_total(e);
	for (uint64_t q = total > GMP_EVENT_RING ? total - GMP_EVENT_RING : 0; q < total; q++)
		put(sb, engine_event_get(e, q), sizeof(gmp_event));
	int32_t lines[256];
	engine_line_counts(e, lines, 256);
	put(sb, lines, sizeof lines);
	for (int i = 0; engine_metric_doc(i); i++) {
		double v = 0;
		bool ok = engine_metric(e, engine_metric_doc(i)->name, &v);
		put(sb, &ok, sizeof ok);
		put(sb, &v, sizeof v);
	}
}

/* A run reached by replay from any checkpoint is byte for byte the straight
 * run, at every step of a whole run: with dense checkpoints, with the UI's
 * policy (shared blocks, spacing by cost, a memory bound), and rebuilt in
 * place from an engine elsewhere in the run (history_seek_from) or from a
 * mark. */
static void test_replay_is_the_straight_run_byte_for_byte(void **state)
{
	(void)state;
	fx_t *f = fx_new(prog, "bug");
	gmp_history *dense = history_new(f->e, 4, 64);
	gmp_history_policy ui = GMP_HISTORY_UI;
	ui.mem_pct = 1;         /* the 4 MiB floor: keep what fits */
	ui.replay_max = 128;    /* this run is short: space them by 128 events */
	gmp_history *costed = history_new_policy(f->e, &ui);
	enum { MAXS = 2000 };
	static uint64_t vis[MAXS];
	static state_buf straight[MAXS];
	int n = 0;
	gmp_snapshot *mark = NULL;
	int mark_at = -1;
	while (n < MAXS && fx_step(f, ~0ULL)) {
		history_note(dense, f->e);
		history_note(costed, f->e);
		vis[n] = engine_visible_total(f->e);
		state_bytes(f->e, &straight[n]);
		if (n == 100) {
			mark = history_mark(costed, f->e);
			mark_at = n;
		}
		n++;
	}
	assert_true(n > 200);
	assert_true(history_len(costed) >= 2);
	state_buf got = { 0 };
	gmp_engine *moving = history_seek(costed, vis[n - 1]);
	for (int i = 0; i < n; i++) {
		gmp_engine *e = history_seek(dense, vis[i]);
		state_bytes(e, &got);
		assert_eq(got.n, straight[i].n);
		assert_eq(memcmp(got.b, straight[i].b, got.n), 0);
		engine_free(e);
		/* backwards through the run, each seek rebuilding the last answer */
		int k = n - 1 - i;
		moving = history_seek_from(costed, vis[k], moving);
		state_bytes(moving, &got);
		assert_eq(got.n, straight[k].n);
		assert_eq(memcmp(got.b, straight[k].b, got.n), 0);
	}
	moving = history_mark_restore(mark, moving);
	state_bytes(moving, &got);
	assert_eq(memcmp(got.b, straight[mark_at].b, got.n), 0);
	/* and forward from there, the same run */
	for (int i = mark_at + 1; i < n; i++) {
		engine_step(moving, ~0ULL);
		state_bytes(moving, &got);
		assert_eq(memcmp(got.b, straight[i].b, got.n), 0);
	}
	engine_free(moving);
	history_mark_free(costed, mark);
	for (int i = 0; i < n; i++)
		free(straight[i].b);
	free(got.b);
	history_free(dense);
	history_free(costed);
}


/* many parked goroutines (five G slab chunks), released one at a time: each
 * step touches a chunk or two, so checkpoints share the others and restores
 * keep them unread (sched.h: gsync) */
static const char *many =
	FX_HEAD "gomaxprocs 2\nhorizon 1s\nseed 5\n"
	"variant bug\n"
	"  chan c 0\n"
	"  chan done 0\n"
	"  func main\n"
	"    repeat 5000\n"
	"      go parked\n"
	"    repeat 5000\n"
	"      send c\n"
	"      work 3us\n"
	"  func parked\n"
	"    recv c\n"
	"    work 2us\n";

/* state_hash: FNV-1a of state_bytes. */
static uint64_t state_hash(const gmp_engine *e, state_buf *sb)
{
	state_bytes(e, sb);
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < sb->n; i++)
		h = (h ^ sb->b[i]) * 1099511628211ULL;
	return h;
}

/* With thousands of goroutines, a restore that keeps the G chunks the
 * engine did not touch (and checkpoints that share them unread) still gives
 * the straight run byte for byte: at every step, seeking backwards through
 * the run in place, and running forward again from a restored engine. */
static void test_untouched_chunks_are_kept_exactly(void **state)
{
	(void)state;
	fx_t *f = fx_new(many, "bug");
	gmp_history_policy ui = GMP_HISTORY_UI;
	ui.replay_max = 256;
	enum { STEPS = 1500 };
	static uint64_t vis[STEPS], want[STEPS];
	state_buf sb = { 0 };
	/* past the spawn: the parked goroutines fill five chunks */
	while (engine_g_count(f->e, G_WAITING) < 4900)
		assert_true(fx_step(f, ~0ULL));
	gmp_history *h = history_new_policy(f->e, &ui);
	int n = 0;
	while (n < STEPS && fx_step(f, ~0ULL)) {
		history_note(h, f->e);
		vis[n] = engine_visible_total(f->e);
		want[n] = state_hash(f->e, &sb);
		n++;
	}
	assert_int_equal(n, STEPS);
	assert_true(history_len(h) >= 4);
	gmp_engine *moving = history_seek(h, vis[n - 1]);
	for (int k = n - 1; k >= 0; k -= 7) {
		moving = history_seek_from(h, vis[k], moving);
		assert_true(state_hash(moving, &sb) == want[k]);
		/* and forward a few steps from there: the same run */
		for (int j = k + 1; j < n && j <= k + 3; j++) {
			engine_step(moving, ~0ULL);
			assert_true(state_hash(moving, &sb) == want[j]);
		}
	}
	engine_free(moving);
	free(sb.b);
	history_free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_checkpoints_are_spaced_and_thinned),
		FX_TEST(test_memory_stays_bounded_over_a_whole_run),
		FX_TEST(test_seek_gives_the_state_a_straight_run_had),
		FX_TEST(test_seek_inside_a_step_lands_at_its_end),
		FX_TEST(test_noting_known_history_takes_nothing),
		FX_TEST(test_a_null_history_holds_nothing),
		FX_TEST(test_replay_is_the_straight_run_byte_for_byte),
		FX_TEST(test_untouched_chunks_are_kept_exactly),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
