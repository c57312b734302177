/*
 * test_steal.c — work stealing (engine/runtime/schedule.c stealWork, engine/runtime/runq.c
 * runqsteal): a spinning M with an empty P takes ⌈half⌉ of a busy P's ring,
 * runs the last G it grabbed and keeps the rest; runnext is taken only on the
 * last of the four passes, when the victim's ring is empty, after the
 * thief's 3 µs sleep (reference §3.3).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>

#include "engine_fixture.h"
#include "costs.h"

/* two Ps: main spawns n goroutines on P0, then computes for 5ms */
static fx_t *spawn_on_p0(int n)
{
	static char src[512];
	snprintf(src, sizeof src,
	         FX_HEAD "gomaxprocs 2\nhorizon 50ms\n"
	         "variant bug\n"
	         "  func main\n"
	         "    repeat %d\n"
	         "      go f\n"
	         "    work 5ms\n"
	         "  func f\n"
	         "    work 1ms\n", n);
	return fx_new(src, "bug");
}

/* Acceptance: "a steal taking half". P0's ring holds G2..G5 (G6 in runnext):
 * the thief takes 4 - 4/2 = 2, runs the last one grabbed (G3) and keeps G2. */
static void test_steal_takes_half_of_the_ring_and_runs_the_last_grabbed(void **state)
{
	(void)state;
	fx_t *f = spawn_on_p0(5);
	fx_run_until(f, 100 * US);
	const gmp_event *s = assert_found(fx_find(f, EV_STEAL, 0));
	assert_eq(s->p, 1);
	assert_eq(s->p2, 0);
	assert_eq(s->n, 2);
	assert_eq(s->g, 7);
	assert_eq(s->m, 3);   /* start-up's newest idle M, woken by the first wakep */
	const gmp_event *x = assert_found(fx_find_after(f, EV_EXECUTE, s->seq));
	assert_eq(x->g, 7);
	assert_eq(x->p, 1);
	assert_eq(x->aux2, EXEC_NEW_SLICE); /* a stolen G starts a new time slice */
	assert_runq(f, 1, -1, 1);
	assert_eq(fx_p(f, 1).runq[0], 6);
	assert_runq(f, 0, 10, 2);
	assert_eq(fx_p(f, 0).runq[0], 8);
	assert_metric(f, "steals", 1);
	assert_metric(f, "stolen", 2);
	assert_caption(s, "P1 had nothing to run: its spinning M3 stole 2 of P0's goroutines");
}

static void test_steal_of_an_odd_ring_rounds_up(void **state)
{
	(void)state;
	fx_t *f = spawn_on_p0(4);   /* ring G2..G4, runnext G5 */
	fx_run_until(f, 100 * US);
	const gmp_event *s = assert_found(fx_find(f, EV_STEAL, 0));
	assert_eq(s->n, 2);
	assert_eq(s->g, 7);
	assert_runq(f, 0, 9, 1);
}

/* With only runnext to take, the thief takes it on the last pass, after
 * usleep(3) so that the owner could run it first: a nanosleep the kernel
 * rounds up by the timer slack, ~80 µs (real: `usleep -n 4000`,
 * tests/real/usleep, p50 73-76 µs; a C loop p50 83 µs; MEASURED.md (s)). */
static void test_runnext_is_stolen_only_when_the_ring_is_empty_after_usleep3(void **state)
{
	(void)state;
	fx_t *f = spawn_on_p0(1);
	fx_run_until(f, 100 * US);
	const gmp_event *sp = assert_found(fx_find(f, EV_SPINNING, 0));
	const gmp_event *s = assert_found(fx_find(f, EV_STEAL, 0));
	assert_eq(s->n, 1);
	assert_eq(s->g, 6);
	const gmp_event *x = assert_found(fx_find_after(f, EV_EXECUTE, s->seq));
	assert_eq(x->g, 6);
	assert_eq(x->p, 1);
	/* the G starts after the sleep (plus the passes' cost) */
	assert_between(x->t - sp->t, 80 * US, 81 * US);   /* costs.h LAT_RUNNEXT_STEAL */
	assert_runq(f, 0, -1, 0);
}

/* An idle P is never a victim and a lone busy G is never taken: a thief
 * finding nothing stops spinning. */
static void test_a_thief_with_nothing_to_steal_stops_spinning(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 4\nhorizon 50ms\n"
	                 "variant bug\n"
	                 "  func main\n"
	                 "    go f\n"
	                 "    work 5ms\n"
	                 "  func f\n"
	                 "    work 1ms\n", "bug");
	fx_run_until(f, 2 * MS);
	assert_event_count(f, EV_STEAL, 1);           /* G2, from runnext */
	/* the thief's success woke one more spinning M, which found nothing */
	assert_true(fx_count(f, EV_SPIN_STOP) >= 1);
	const gmp_event *stop = assert_found(fx_find(f, EV_SPIN_STOP, 0));
	assert_caption(stop, "M2 stops spinning: nothing to steal");   /* M3 stole */
}

/* The last pass runs a victim's expired timers: a sleeper whose P is busy
 * is woken by a thief and runs on the thief's P. */
static void test_the_last_pass_runs_a_busy_victims_timers(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 2\nhorizon 50ms\n"
	                 "variant bug\n"
	                 "  func main\n"
	                 "    go hog\n"
	                 "    sleep 100us\n"
	                 "    print \"awake\"\n"
	                 "    work 1ms\n"
	                 "  func hog\n"
	                 "    work 5ms\n", "bug");
	fx_run_until(f, 1 * MS);
	const gmp_event *t = assert_found(fx_find(f, EV_TIMER_FIRED, 0));
	assert_eq(t->g, 1);
	assert_eq(t->p, 1);               /* run by P1 on P0's behalf */
	assert_between(t->t, 100 * US, 110 * US);
	const gmp_event *x = assert_found(fx_find_g(f, EV_EXECUTE, 1, 0));
	assert_eq(x->p, 1);
	assert_eq(x->t, t->t);
}

/* A P that handoffp passed to a thread still being created is _Pidle but
 * not on the idle list: proc.go's stealWork skips only Ps in idlepMask, so
 * its queued goroutines can be stolen at once. */
static void test_a_p_handed_to_a_starting_m_is_still_a_victim(void **state)
{
	(void)state;
	fx_t *f = fx_new(FX_HEAD "gomaxprocs 4\nhorizon 100ms\ndiskdepth 2\n"
	                 "variant bug\n"
	                 "  waitgroup wg\n"
	                 "  func main\n"
	                 "    repeat 4\n"
	                 "      add wg 1\n"
	                 "      go r\n"
	                 "    wait wg\n"
	                 "  func r\n"
	                 "    fileread 1ms\n"
	                 "    done wg\n", "bug");
	fx_run_until(f, 150 * US);
	/* Start-up's idle Ms take P1 (M3) and P2 (M2), and the reads they
	 * steal keep them in syscalls; P3 needs a new M4 (ready at ~41us). G9's
	 * read has P0 retaken at 20us and handed to a new M5 (ready at 50us)
	 * with G8 queued. M4 arrives first and looks for work. */
	const gmp_event *r = assert_found(fx_find(f, EV_RETAKE, 0));
	const gmp_event *nm = assert_found(fx_find_after(f, EV_NEWM, r->seq));
	assert_eq(r->p, 0);
	assert_eq(nm->p, 0);
	assert_eq(nm->t, r->t);
	const gmp_event *sp = assert_found(fx_find_after(f, EV_SPINNING, r->seq));
	const gmp_event *s = assert_found(fx_find_after(f, EV_STEAL, sp->seq));
	/* regression (fixed in d7e1cb6): the thief skipped every P_IDLE P and
	 * looped spin-stop/re-acquire ~290 times until the new M arrived */
	assert_eq(s->p2, 0);
	assert_true(s->t < nm->t + LAT_NEWM);   /* before M5 runs */
	assert_between(s->t - sp->t, 0, 5 * US);
	assert_between(fx_count(f, EV_SPIN_STOP), 0, 2);
}

/* Two goroutines yielding in a loop (Gosched puts each on the global queue)
 * on 2 Ps. Sooner or later one M takes both from the global queue in one
 * batch while the other M sees a spinner, does not steal, and parks; the
 * spinner's resetspinning comes before that P is idle, so it wakes nobody.
 * Up to Go 1.21 a yield wakes no P either: the pair stays on one P and the
 * other P idles for good (measured on Go 1.19, reference section 7). From
 * Go 1.22 every yield calls wakep and both Ps stay busy. */
static fx_t *yielders(const char *go)
{
	static char src[512];
	snprintf(src, sizeof src,
	         FX_HEAD "go %s\ngomaxprocs 2\ncpus 2\nhorizon 20ms\n"
	         "variant bug\n"
	         "  chan never\n"
	         "  func main\n"
	         "    go y\n"
	         "    go y\n"
	         "    recv never\n"
	         "  func y\n"
	         "    repeat forever\n"
	         "      gosched\n", go);
	return fx_new(src, "bug");
}

static void test_yielders_collapse_onto_one_p_before_go122(void **state)
{
	(void)state;
	fx_t *f = yielders("1.21");
	fx_run(f);
	/* one P is idle at the end and has been for most of the run */
	int idle = 0;
	for (int p = 0; p < 2; p++)
		idle += fx_p(f, p).status == P_IDLE;
	assert_eq(idle, 1);
	assert_between((long long)fx_metric(f, "cpu_util"), 49, 52);
	/* the last park came from the spinner rule, never undone */
	assert_true(fx_count(f, EV_STOPM) >= 1);
	const gmp_event *last = assert_found(fx_find(f, EV_STOPM, fx_count(f, EV_STOPM) - 1));
	assert_true(last->t < 5 * MS);
}

static void test_yielders_keep_both_ps_busy_from_go122(void **state)
{
	(void)state;
	fx_t *f = yielders("1.22");
	fx_run(f);
	/* they collapse now and then, but the next yield's wakep restarts the
	 * idle P within a microsecond */
	assert_true(fx_metric(f, "cpu_util") >= 80);
}

/* An M woken right after it parked had not really gone to sleep yet: it
 * comes back in well under the futex wake latency. Under 1.22 rules the
 * yielders' collapse is undone that way, by the next yield's wakep. */
static void test_a_just_parked_m_comes_back_at_once(void **state)
{
	(void)state;
	fx_t *f = yielders("1.22");
	fx_run_until(f, 5 * MS);
	const gmp_event *stop = NULL;   /* the first after start-up's two */
	for (int i = 0; (stop = fx_find(f, EV_STOPM, i)) && stop->t == 0; i++)
		;
	assert_non_null(stop);
	const gmp_event *start = assert_found(fx_find_after(f, EV_STARTM, stop->seq));
	assert_eq(start->m, stop->m);
	assert_between(start->t - stop->t, 0, 999);   /* the next yield woke it */
	const gmp_event *spin = assert_found(fx_find_after(f, EV_SPINNING, start->seq));
	assert_eq(spin->m, stop->m);
	assert_between(spin->t - start->t, 1, 2 * US - 1);  /* not LAT_FUTEX_WAKE (5 us) */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(test_steal_takes_half_of_the_ring_and_runs_the_last_grabbed),
		FX_TEST(test_steal_of_an_odd_ring_rounds_up),
		FX_TEST(test_runnext_is_stolen_only_when_the_ring_is_empty_after_usleep3),
		FX_TEST(test_a_thief_with_nothing_to_steal_stops_spinning),
		FX_TEST(test_the_last_pass_runs_a_busy_victims_timers),
		FX_TEST(test_a_p_handed_to_a_starting_m_is_still_a_victim),
		FX_TEST(test_yielders_collapse_onto_one_p_before_go122),
		FX_TEST(test_yielders_keep_both_ps_busy_from_go122),
		FX_TEST(test_a_just_parked_m_comes_back_at_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
