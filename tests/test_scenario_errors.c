/*
 * test_scenario_errors.c — malformed scenarios (engine/lang/): every bad input
 * gives exactly one "path:line:col: message" and leaves no scenario behind.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario.h"
#include "scenario_fixture.h"

/* ---- malformed input ---------------------------------------------------- */

#define V "variant bug\n  func main\n"

static const struct bad {
	const char *src;
	const char *err;
} bad[] = {
	{ "", "t.gmp:1:1: missing 'scenario NN slug' line (e.g. scenario 40 my-scenario)" },
	{ HEAD, "t.gmp:1:1: no variant: a scenario needs at least one 'variant NAME' block" },
	{ HEAD "variant bug\n  chan c\n", "t.gmp:2:1: variant 'bug' has no func main" },
	{ HEAD V "    lock mu\n", "t.gmp:4:10: undefined mutex 'mu'" },
	{ HEAD V "    call nowhere\n", "t.gmp:4:10: undefined func 'nowhere'" },
	{ HEAD V "    send c\n", "t.gmp:4:10: undefined chan 'c'" },
	{ HEAD V "    load x\n", "t.gmp:4:10: undefined var 'x'" },
	{ HEAD V "    count jobs\n", "t.gmp:4:11: undefined counter 'jobs'" },
	{ HEAD V "    latency req\n", "t.gmp:4:13: undefined probe 'req'" },
	{ HEAD V "    read net\n", "t.gmp:4:10: undefined stream 'net'" },
	{ HEAD V "    repeat n\n      gosched\n", "t.gmp:4:12: unknown name 'n' (not a param, local, var, i, now or numgoroutine)" },
	{ HEAD "variant bug\n  mutex mu\n  func main\n    lock\n",
	  "t.gmp:5:9: expected a mutex name, found end of line (usage: lock MUTEX|RWMUTEX)" },
	{ HEAD "variant bug\n  mutex mu\n  func main\n    lock mu mu\n",
	  "t.gmp:5:13: unexpected 'mu' (usage: lock MUTEX|RWMUTEX)" },
	{ HEAD V "    sleep\n", "t.gmp:4:10: sleep needs a duration (usage: sleep DURATION)" },
	{ HEAD V "    sleep 5\n", "t.gmp:4:11: sleep needs a duration like 2ms, not 5" },
	{ HEAD V "    sleep 5min\n", "t.gmp:4:12: unknown unit 'min' (use ns us ms s, B KiB MiB GiB, %, cpu)" },
	{ HEAD V "    sleep 99999999999999999999s\n", "t.gmp:4:11: number too large" },
	{ HEAD V "    sleep 9223372037s\n", "t.gmp:4:11: number too large" },
	{ HEAD V "    sleep 1.5ns\n", "t.gmp:4:11: duration finer than 1ns" },
	{ HEAD V "    sleep 9000000000s\n",
	  "t.gmp:4:11: sleep out of range: 9000000000s (allowed 0ns to 3600s)" },
	{ HEAD V "    work 2ms + 3\n", "t.gmp:4:10: cannot add or subtract values of different units" },
	{ HEAD V "    repeat 4 / 0\n      gosched\n", "t.gmp:4:12: division by zero" },
	{ HEAD "gomaxprocs 0\n" V "    gosched\n",
	  "t.gmp:2:12: gomaxprocs out of range: 0 (allowed 1 to 1024)" },
	{ HEAD "go 1.12\n" V "    gosched\n", "t.gmp:2:4: go needs a Go version from 1.13 to 1.25, like 1.22" },
	{ HEAD "go 1.26\n" V "    gosched\n", "t.gmp:2:4: go needs a Go version from 1.13 to 1.25, like 1.22" },
	{ HEAD "title \"x\"\ntitle \"y\"\n" V "    gosched\n", "t.gmp:3:1: duplicate 'title' (first given at line 2)" },
	{ HEAD "title \"unterminated\n" V "    gosched\n", "t.gmp:2:7: unterminated string" },
	{ HEAD "listing bug <<GO\nfunc main() {}\n", "t.gmp:2:13: unterminated heredoc: no line 'GO' closes it" },
	{ HEAD V "    repeat 3\n", "t.gmp:4:5: repeat needs an indented body" },
	{ HEAD V "    if chance 30%\n", "t.gmp:4:5: if needs an indented body" },
	{ HEAD V "    else\n      gosched\n", "t.gmp:4:5: else without a matching if just above it" },
	{ HEAD V "    gosched\n      gosched\n", "t.gmp:5:7: unexpected indented line ('gosched' has no body)" },
	{ HEAD V "    gosched\n   gosched\n", "t.gmp:5:4: indentation does not match any enclosing block" },
	{ HEAD V "\tgosched\n", "t.gmp:4:1: tab in indentation (indent with spaces)" },
	{ "  scenario 01 t\n", "t.gmp:1:3: unexpected indentation (top-level lines start in column 1)" },
	{ HEAD V "    break\n", "t.gmp:4:5: break outside a loop (repeat or range)" },
	{ HEAD V "    case recv c\n", "t.gmp:4:5: case outside a select" },
	{ HEAD "variant bug\n  chan c\n  func main\n    select\n      recv c\n",
	  "t.gmp:6:7: a select body holds only case and default lines, found 'recv'" },
	{ HEAD "variant bug\n  chan c\n  func main\n    select\n      default\n      default\n",
	  "t.gmp:7:7: select has two default cases" },
	{ HEAD "variant bug\n  mutex mu\n  chan mu\n  func main\n    gosched\n",
	  "t.gmp:4:8: duplicate name 'mu' (a mutex declared at line 3)" },
	{ HEAD "variant bug\n  func main\n    gosched\nvariant bug\n  func main\n    gosched\n",
	  "t.gmp:5:9: duplicate variant 'bug' (first at line 2)" },
	{ HEAD "variant bug\n  mutex mu\n  func main\n    send mu\n", "t.gmp:5:10: 'mu' is a mutex, not a chan" },
	{ HEAD V "    recurse\n", "t.gmp:4:5: unknown statement 'recurse'; did you mean return?" },
	{ HEAD "variant bug\n  gosched\n",
	  "t.gmp:3:3: 'gosched' cannot stand here: a variant holds set, chan, mutex, rwmutex, waitgroup, once, cond, ctx, var, stream, counter, "
	  "probe and func lines (statements go inside a func)" },
	{ HEAD "variant bug\n  func main\n    call f\n  func f\n    call main\n",
	  "t.gmp:6:10: recursive call (the simulated stack has no recursion): main -> f -> main" },
	{ HEAD "variant bug\n  func main\n    call a\n  func a\n    call b\n  func b\n    call c\n"
	  "  func c\n    call d\n  func d\n    call e\n  func e\n    call f\n  func f\n    gosched\n",
	  "t.gmp:14:10: call chain too deep (the engine allows 6 frames): main -> a -> b -> c -> d -> e -> f" },
	{ HEAD V "    repeat 1\n     repeat 1\n      repeat 1\n       repeat 1\n        repeat 1\n"
	  "         repeat 1\n          repeat 1\n           gosched\n",
	  "t.gmp:10:11: loops nested too deeply (the engine allows 6)" },
	{ HEAD V "    gosched @3\n", "t.gmp:4:13: @3: variant 'bug' has no listing to point into" },
	{ HEAD "listing bug <<GO\na\nb\nGO\n" V "    gosched @3\n",
	  "t.gmp:8:13: @3 is past the end of listing 'bug' (2 lines)" },
	{ HEAD V "    gosched @x\n", "t.gmp:4:13: expected a Go listing line number after '@'" },
	{ HEAD V "    print \"a\\qb\"\n", "t.gmp:4:13: unknown escape '\\q' in string (use \\\" \\\\ \\n \\t)" },
	{ HEAD V "    gosched\x01\n", "t.gmp:4:12: control character 0x01 in file" },
	{ HEAD V "    print \"\xff\"\n", "t.gmp:4:12: invalid UTF-8 byte 0xff" },
	{ HEAD "variant bug like nothing\n  func main\n    gosched\n",
	  "t.gmp:2:18: like needs a variant defined above, found 'nothing'" },
	{ HEAD "variant bug listing nothing\n  func main\n    gosched\n", "t.gmp:2:21: no listing named 'nothing'" },
	{ HEAD "variant bug\n  set nothing 3\n  func main\n    gosched\n",
	  "t.gmp:3:7: set needs a setting or a param, 'nothing' is neither" },
	{ HEAD "param n 3\nparam n 4\n" V "    gosched\n", "t.gmp:3:7: duplicate param 'n' (first at line 2)" },
	{ HEAD "param forever 3\n" V "    gosched\n",
	  "t.gmp:2:7: 'forever' is a reserved word, not usable as a param name" },
	{ HEAD "frobnicate 3\n" V "    gosched\n", "t.gmp:2:1: unknown directive 'frobnicate'" },
	{ HEAD "family dogs\n" V "    gosched\n",
	  "t.gmp:2:8: family must be preemption, threads, resources, lifecycle or tour" },
	{ "scenario 100 x\n" V "    gosched\n",
	  "t.gmp:1:10: scenario needs a number from 00 to 99, then a slug: scenario 40 my-scenario" },
	{ "scenario 01 Big_Slug\n" V "    gosched\n", "t.gmp:1:13: slug 'Big_Slug' may hold only a-z, 0-9 and -" },
	{ HEAD V "    if chance 30\n      gosched\n", "t.gmp:4:15: if chance needs a percentage like 30%" },
	{ HEAD V "    if chance 130%\n      gosched\n",
	  "t.gmp:4:15: if chance needs a percentage from 0% to 100%" },
	{ HEAD "variant bug\n  var x\n  func main\n    if x = 3\n      gosched\n",
	  "t.gmp:5:10: '=' is not a comparison: write == (if x == 3)" },
	{ HEAD "variant bug\n  var x\n  func main\n    store x 3\n",
	  "t.gmp:5:13: store stores the loaded value plus N: write store VAR + N" },
	{ HEAD V "    exit 256\n", "t.gmp:4:10: exit code out of range: 256 (allowed 0 to 255)" },
	{ HEAD V "    work (2ms\n", "t.gmp:4:14: expected ')' to close the '(' at column 10, found end of line" },
	{ HEAD "variant bug\n  func main\n    gosched\n  func main\n    gosched\n",
	  "t.gmp:5:8: duplicate name 'main' (a func declared at line 3)" },
	{ HEAD "variant bug\n  func main\n    call init\n  func init\n    gosched\n",
	  "t.gmp:4:10: init cannot be called or started" },
	{ HEAD "variant bug\n  chan c\n  func main\n    timer c 1ms\n", "t.gmp:5:11: 'c' is a chan, not a timer" },
	{ HEAD "variant bug\n  chan c\n  func main\n    timer t 1ms\n    send t\n",
	  "t.gmp:6:10: 't' is a timer, not a chan" },
	{ HEAD "moments 4ms 2ms\n" V "    gosched\n", "t.gmp:2:13: moments must be in increasing order" },
	{ HEAD "quota 3\n" V "    gosched\n",
	  "t.gmp:2:7: quota needs CPUs like 2cpu or CPU time per period like 200ms" },
	/* issue 16: the host's other threads would be throttled with the group */
	{ HEAD "hostload 2\nquota 1cpu\n" V "    gosched\n",
	  "t.gmp:4:1: hostload and quota do not go together (a throttled cgroup would stop the host's other threads too)" },
	{ HEAD "hostload 17\n" V "    gosched\n", "t.gmp:2:10: hostload out of range: 17 (allowed 0 to 16)" },
	{ HEAD "gogc 0\n" V "    gosched\n", "t.gmp:2:6: gogc out of range: 0 (allowed 1 to 10000)" },
	{ HEAD "gogc never\n" V "    gosched\n", "t.gmp:2:6: gogc needs a number (1 to 10000) or off, found 'never'" },
	{ HEAD "horizon sessions\n" V "    gosched\n",
	  "t.gmp:2:9: settings take constant values ('sessions' is a name)" },
	{ HEAD V "    repeat batch-2\n      gosched\n",
	  "t.gmp:4:12: unknown name 'batch-2' (write spaces around '-' to subtract)" },
	{ HEAD V "    work 2ms ns\n", "t.gmp:4:14: unexpected 'ns'" },
	/* issue 15: the old setting names what replaced it */
	{ HEAD "memlimit 2MiB\n" V "    work 1ms\n",
	  "t.gmp:2:1: memlimit is gone: use memory (the container's hard limit) or gomemlimit (Go's soft limit)" },
	{ HEAD "variant bug\n  set memlimit none\n  func main\n    work 1ms\n",
	  "t.gmp:3:7: memlimit is gone: use memory (the container's hard limit) or gomemlimit (Go's soft limit)" },
	/* issue 15: a negative tolerance, an undeclared family NAME */
	{ HEAD V "    work 1ms\nexpect bug elapsed ~= 1ms +- -2ms\n",
	  "t.gmp:5:30: a tolerance cannot be negative: ~= VALUE ± 5% (or +- 2ms)" },
	{ HEAD V "    work 1ms\nexpect bug elapsed ~= 1ms ± -5%\n",
	  "t.gmp:5:29: a tolerance cannot be negative: ~= VALUE ± 5% (or +- 2ms)" },
	{ HEAD V "    work 1ms\nexpect bug counter.nope == 0\n",
	  "t.gmp:5:12: counter.nope: variant 'bug' declares no var, counter or waitgroup named 'nope'" },
	{ HEAD "variant bug\n  var jobs\n  func main\n    work 1ms\nexpect bug rate.jobs >= 1\n",
	  "t.gmp:6:12: rate.jobs: variant 'bug' declares no counter named 'jobs'" },
	{ HEAD V "    work 1ms\nexpect bug latency_p99.req < 1ms\n",
	  "t.gmp:5:12: latency_p99.req: variant 'bug' declares no probe named 'req'" },
	{ HEAD V "    gosched\n\0", "t.gmp:5:1: NUL byte in file" },
	{ HEAD "listing a <<GO trailing\nGO\n" V "    gosched\n",
	  "t.gmp:2:16: nothing may follow a heredoc opener on its line" },
	{ HEAD "variant bug\n  chan c\n  func main\n    defer range c\n",
	  "t.gmp:5:11: 'range' cannot follow defer on one line (indent a block under a bare defer)" },
	{ HEAD "variant bug\n  func main\n", "t.gmp:3:8: func main has no body (indent its statements under it)" },
	/* issue 16: a rate clause */
	{ HEAD V "    work 1ms\nexpect bug hung == 1 in >= 160% of seeds\n",
	  "t.gmp:5:28: expected a percentage from 1% to 100% (in >= 60% of seeds), found '160%'" },
	{ HEAD V "    work 1ms\nexpect bug hung == 1 in 60% of seeds\n",
	  "t.gmp:5:25: expected >= after in (in >= 60% of seeds), found '60%'" },
	{ HEAD V "    work 1ms\nexpect bug hung == 1 in >= 60% of runs\n",
	  "t.gmp:5:35: expected seeds after of (in >= 60% of seeds), found 'runs'" },
	{ HEAD "noise loud\n" V "    work 1ms\n", "t.gmp:2:7: noise needs on or off, found 'loud'" },
};

static void test_malformed_inputs_give_one_exact_error(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		size_t len = strlen(bad[i].src);
		if (strstr(bad[i].err, "NUL"))
			len += 1; /* the test string ends with a NUL byte */
		scenario_free(&scen);
		int rc = scenario_parse("t.gmp", bad[i].src, len, &scen, scen_err, sizeof scen_err);
		if (rc != -1 || strcmp(scen_err, bad[i].err) != 0)
			fail_msg("case %zu: rc %d\n  got:  %s\n  want: %s", i, rc, scen_err, bad[i].err);
		assert_int_equal(scen.nvariants, 0);
		assert_null(scen.path);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_malformed_inputs_give_one_exact_error, scen_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
