/*
 * test_cold.c — a goroutine that starts after many others have run since it
 * last ran is cold: its g, stack top and sudog have left the CPU's caches,
 * and starting it costs cache misses (engine/runtime/proc.c: g_cold;
 * costs.h: COST_COLD_G). Issue #17, point 4: under saturation goroutines
 * live longer than Little's law, and this is one of the reasons.
 *
 * Real: `coldwake -k K -one` (tests/real/coldwake: K goroutines parked on
 * one channel, whose queue of receivers wakes them in turn; main sends and
 * yields every 100 sends; GOMAXPROCS=1, GC off; process CPU time), Go
 * 1.19.8, this 2-CPU machine, 2026-12-06 01:10-01:35 UTC, load under 1,
 * 4 runs each: K = 1000: 159-167 ns a wake-up; K = 30000: 300-449;
 * K = 200000: 496-542 (MEASURED.md (p5)). A wake-up of a cold goroutine
 * costs 329-383 ns more than a warm one; half-way (K = 30000), 133-290 more.
 *
 * The engine's warm wake-up (a send to a parked receiver, its run, its park
 * again) costs ~239 ns, more than the real 159-167: the channel operation's
 * own costs are test_costs.c's and test_chan.c's. Here the difference is
 * asserted.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "engine_fixture.h"

#define WAKES 200000

/* COLDWAKE_SRC(k): tests/real/coldwake's shape with k receivers */
#define COLDWAKE_SRC(k) \
	FX_HEAD "go 1.19\ngomaxprocs 1\ncpus 1\nnoise off\ngogc off\nhorizon 5s\n" \
	"variant v\n  probe took\n  chan c\n" \
	"  func main\n    repeat " k "\n      go w\n    gosched\n    let t0 = now\n" \
	"    repeat 200000\n      send c\n      if i % 100 == 99\n        gosched\n" \
	"    record took since t0\n" \
	"  func w\n    repeat forever\n      recv c\n"

static double ns_per_wake(const char *src)
{
	fx_t *f = fx_new(src, "v");
	fx_run(f);
	double ns = fx_metric(f, "latency_max.took") / WAKES;
	return ns;
}

static void test_a_goroutine_woken_after_many_others_costs_more(void **state)
{
	(void)state;
	double warm = ns_per_wake(COLDWAKE_SRC("1000"));
	double mid = ns_per_wake(COLDWAKE_SRC("30000"));
	double cold = ns_per_wake(COLDWAKE_SRC("200000"));
	assert_between((long long)(cold - warm), 329, 383);   /* real, K = 200000 */
	assert_between((long long)(mid - warm), 133, 290);    /* real, K = 30000 */
	/* past the caches' reach, a bigger K costs no more (real: 446-463 from
	 * K = 50000 to 400000, a channel each) */
	double colder = ns_per_wake(COLDWAKE_SRC("100000"));
	assert_true(colder > cold - 1 && colder < cold + 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_a_goroutine_woken_after_many_others_costs_more),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
