/*
 * engine_fixture.h — the engine suites' fixture: build an engine from an
 * inline scenario string, run it while keeping every event it emits, find
 * events by kind, and assert on them with messages that name the test line.
 *
 * A fixture owns the parsed scenario, one variant's engine and a complete
 * log of its events (the engine itself keeps only the last GMP_EVENT_RING):
 *
 *     fx_t *f = fx_new(HEAD "gomaxprocs 1\n" "variant bug\n"
 *                           "  func main\n" "    go w\n" ..., "bug");
 *     fx_run_until(f, 1 * MS);
 *     assert_event_count(f, EV_STEAL, 1);
 *
 * Every fixture created in a test is freed by fx_teardown (register it with
 * cmocka_unit_test_teardown, or use FX_TEST), even when the test fails.
 * Goroutines are named by goid (G1 = main), as the engine's views do.
 */
#ifndef GMP_ENGINE_FIXTURE_H
#define GMP_ENGINE_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine.h"
#include "scenario.h"

#ifndef MS
#define NS  1LL
#define US  1000LL
#define MS  1000000LL
#define SEC 1000000000LL
#endif

/* HEAD starts an inline scenario; settings and `variant NAME` follow. */
#define FX_HEAD "scenario 01 t\n"

typedef struct fx {
	gmp_scenario sc;     /* the parsed scenario */
	int variant;         /* index of the variant the engine runs */
	gmp_engine *e;       /* the engine */
	gmp_event *log;      /* every event so far, by seq (captions filled) */
	size_t nlog, caplog;
	uint64_t lost;       /* events that left the ring before fx_sync saw them */
	struct fx *next;     /* the live-fixtures list fx_teardown frees */
} fx_t;

/* fx_new parses src and builds variant's engine; a parse error or an
 * unknown variant fails the test at the caller's line. */
#define fx_new(src, variant) fx_new_at((src), (variant), __FILE__, __LINE__)
fx_t *fx_new_at(const char *src, const char *variant, const char *file, int line);
/* fx_try_parse returns 0, or -1 with the parser's message in err. */
int fx_try_parse(const char *src, char *err, size_t errlen);
/* fx_parse_case: a scenario source the parser must refuse with exactly want. */
typedef struct fx_parse_case { const char *src, *want; } fx_parse_case;
/* fx_bad_parses returns how many of the n cases were not refused with
 * exactly their line, printing each such case (its index, got and want). */
int fx_bad_parses(const fx_parse_case *cases, size_t n);
/* fx_clone copies f's engine (engine_clone) and its log into a new fixture. */
fx_t *fx_clone(const fx_t *f);
void fx_free(fx_t *f);
/* fx_teardown frees every fixture still alive (a cmocka teardown). */
int fx_teardown(void **state);
#define FX_TEST(t) cmocka_unit_test_teardown(t, fx_teardown)

/* fx_release_build: the tests run from the release build (BUILD_DIR does
 * not end in /debug or /san). Seed sweeps and whole-run replays run there
 * only: the sanitizers and the debug build's invariants make them minutes
 * long, and their figures are the release engine's. */
bool fx_release_build(void);
/* FX_RELEASE_ONLY skips the calling test outside the release build. */
#define FX_RELEASE_ONLY()                                                                   \
	do {                                                                                \
		if (!fx_release_build()) {                                                  \
			print_message("release build only (BUILD_DIR=%s)\n", getenv("BUILD_DIR")); \
			skip();                                                             \
		}                                                                           \
	} while (0)

/* running: all of these keep the log complete (see fx_t.lost) */
void fx_sync(fx_t *f);                     /* copy new events into the log */
void fx_run_until(fx_t *f, int64_t t);     /* every event with time <= t */
void fx_run(fx_t *f);                      /* to the end (exit, fatal, horizon) */
/* fx_run_noisy rebuilds f's engine with noise on under seed (the parsed
 * program is kept) and runs it to its end. */
void fx_run_noisy(fx_t *f, uint64_t seed);
bool fx_step(fx_t *f, uint64_t mask);      /* engine_step; false once the run ended */
/* fx_run_until_kind runs until an event of kind k is logged (or the run
 * ends); returns it or NULL. */
const gmp_event *fx_run_until_kind(fx_t *f, gmp_evkind k);

/* events */
int fx_count(const fx_t *f, gmp_evkind k);
int fx_count_g(const fx_t *f, gmp_evkind k, int goid);
/* fx_find returns the nth (0-based) event of kind k, or NULL. */
const gmp_event *fx_find(const fx_t *f, gmp_evkind k, int nth);
/* fx_find_g: the nth event of kind k about goroutine goid. */
const gmp_event *fx_find_g(const fx_t *f, gmp_evkind k, int goid, int nth);
/* fx_find_after: the first event of kind k with seq > after. */
const gmp_event *fx_find_after(const fx_t *f, gmp_evkind k, uint64_t after);
/* fx_dump prints the log (kind, t, p, m, g, n, caption) for debugging. */
void fx_dump(const fx_t *f, int max);

/* state */
gmp_pview fx_p(const fx_t *f, int p);
gmp_mview fx_m(const fx_t *f, int m);
/* fx_g finds live goroutine goid; false when it is gone. */
bool fx_g(const fx_t *f, int goid, gmp_gview *out);
double fx_metric(const fx_t *f, const char *name);   /* fails on an unknown name */
int fx_globrunq(const fx_t *f, int *goids, int max); /* head first */

/* assertions: they print what was compared and fail at the caller's line */
void fx_assert_int(long long got, long long want, const char *what, const char *file, int line);
void fx_assert_range(long long got, long long lo, long long hi, const char *what, const char *file, int line);
void fx_assert_str(const char *got, const char *want, const char *what, const char *file, int line);
void fx_assert_contains(const char *got, const char *part, const char *what, const char *file, int line);

#define assert_eq(got, want) fx_assert_int((long long)(got), (long long)(want), #got, __FILE__, __LINE__)
#define assert_between(got, lo, hi) \
	fx_assert_range((long long)(got), (long long)(lo), (long long)(hi), #got, __FILE__, __LINE__)
#define assert_event_count(f, k, n) \
	fx_assert_int(fx_count((f), (k)), (n), "count of " #k, __FILE__, __LINE__)
#define assert_metric(f, name, want) \
	fx_assert_int((long long)fx_metric((f), (name)), (long long)(want), "metric " name, __FILE__, __LINE__)
#define assert_metric_between(f, name, lo, hi) \
	fx_assert_range((long long)fx_metric((f), (name)), (long long)(lo), (long long)(hi), "metric " name, __FILE__, __LINE__)
#define assert_fatal(f, msg) fx_assert_str(engine_fatal((f)->e), (msg), "engine_fatal", __FILE__, __LINE__)
/* assert_found fails unless ev is non-NULL; evaluates to ev. */
#define assert_found(ev) fx_found((ev), #ev, __FILE__, __LINE__)
const gmp_event *fx_found(const gmp_event *ev, const char *what, const char *file, int line);
/* assert_caption checks an event's caption text exactly. */
#define assert_caption(ev, want) fx_assert_str((ev)->caption, (want), "caption", __FILE__, __LINE__)
/* assert_runq checks P p: runnext goid (-1 none) and ring length. */
#define assert_runq(f, p, runnext, len) fx_assert_runq((f), (p), (runnext), (len), __FILE__, __LINE__)
void fx_assert_runq(const fx_t *f, int p, int runnext, int len, const char *file, int line);

#endif
