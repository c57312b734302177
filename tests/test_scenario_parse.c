/*
 * test_scenario_parse.c — the scenario language's statements (engine/lang/lex.c,
 * sexpr.c, scenario.c, scenario_stmt.c): every statement compiles to the ops the
 * engine expects (kind, obj, a, b, jump, listing line), blocks get the jumps
 * documented in program.h, and every prefix of a valid file parses or fails
 * cleanly. Settings, params and variants: test_scenario_settings.c; malformed
 * input: test_scenario_errors.c.
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

/* ---- statements --------------------------------------------------------- */

static const char *all_simple =
	HEAD LISTING
	"variant bug listing l\n"
	"  chan ch 2\n"
	"  mutex mu\n"
	"  waitgroup wg\n"
	"  var x\n"
	"  stream net every 10us count 5 start 1ms\n"
	"  counter jobs\n"
	"  probe req\n"
	"  func main\n"
	"    work 2ms @1\n"
	"    work 1.5us nocall @2\n"
	"    work forever nocall\n"
	"    gosched @3\n"
	"    goexit\n"
	"    exit 3\n"
	"    print \"hi \\\"there\\\"\"\n"
	"    make ch 4\n"
	"    send ch\n"
	"    recv ch\n"
	"    close ch\n"
	"    lock mu\n"
	"    unlock mu\n"
	"    add wg 2\n"
	"    done wg\n"
	"    wait wg\n"
	"    sleep 1s\n"
	"    timer t 5ms\n"
	"    ticker tk 1ms\n"
	"    stop t\n"
	"    reset t 2ms\n"
	"    recv t\n"
	"    lockosthread\n"
	"    unlockosthread\n"
	"    tls set 7\n"
	"    tls check 7\n"
	"    syscall 3ms\n"
	"    fileread 4ms\n"
	"    netwait 5ms\n"
	"    read net\n"
	"    cgo 35ns\n"
	"    load x\n"
	"    store x + 1\n"
	"    atomic.add x -2\n"
	"    set x 9\n"
	"    alloc 2KiB\n"
	"    sigurg foreign chain\n"
	"    signal notify\n"
	"    count jobs 3\n"
	"    latency req\n"
	"    call helper\n"
	"    go helper\n"
	"    defer unlock mu @9\n"
	"    defer call helper\n"
	"    defer helper\n"
	"    store x\n"
	"    count jobs\n"
	"    sigurg foreign\n"
	"    return @12\n"
	"  func helper\n"
	"    return\n";

static void test_every_simple_statement_compiles_to_its_op(void **state)
{
	(void)state;
	assert_int_equal(scen_parse(all_simple), 0);
	const gmp_program *p = &scen.variants[0].prog;
	assert_int_equal(p->nfuncs, 3);
	assert_int_equal(p->main_func, 0);
	const gmp_func *m = scen_func(0, "main");
	assert_int_equal(m->nops, 49);
	assert_op(m, 0, OP_WORK, -1, 2000000, 0, -1, 1);
	assert_op(m, 1, OP_WORK, -1, 1500, 0, -1, 2);
	assert_int_equal(m->ops[1].flags, OPF_NOCALL);
	assert_op(m, 2, OP_WORK, -1, -1, 0, -1, 0);
	assert_int_equal(m->ops[2].flags, OPF_NOCALL);
	assert_int_equal(m->ops[0].flags, 0);
	assert_op(m, 3, OP_GOSCHED, -1, 0, 0, -1, 3);
	assert_op(m, 4, OP_GOEXIT, -1, 0, 0, -1, 0);
	assert_op(m, 5, OP_EXIT, -1, 3, 0, -1, 0);
	assert_op(m, 6, OP_PRINT, 0, 0, 0, -1, 0);
	assert_string_equal(p->strings[0], "hi \"there\"");
	assert_op(m, 7, OP_MAKECHAN, 0, 4, 0, -1, 0);
	assert_op(m, 8, OP_SEND, 0, 0, 0, -1, 0);
	assert_op(m, 9, OP_RECV, 0, 0, 0, -1, 0);
	assert_op(m, 10, OP_CLOSE, 0, 0, 0, -1, 0);
	assert_op(m, 11, OP_LOCK, 0, 0, 0, -1, 0);
	assert_op(m, 12, OP_UNLOCK, 0, 0, 0, -1, 0);
	assert_op(m, 13, OP_WG_ADD, 0, 2, 0, -1, 0);
	assert_op(m, 14, OP_WG_DONE, 0, 0, 0, -1, 0);
	assert_op(m, 15, OP_WG_WAIT, 0, 0, 0, -1, 0);
	assert_op(m, 16, OP_SLEEP, -1, 1000000000, 0, -1, 0);
	/* timers are channels declared by the statement that starts them */
	assert_int_equal(p->nchans, 3);
	assert_string_equal(p->chans[1].name, "t");
	assert_true(p->chans[1].is_timer);
	assert_false(p->chans[0].is_timer);
	assert_int_equal(p->chans[0].cap, 2);
	assert_op(m, 17, OP_TIMER_START, 1, 5000000, 0, -1, 0);
	assert_int_equal(m->ops[17].flags, 0);
	assert_op(m, 18, OP_TIMER_START, 2, 1000000, 0, -1, 0);
	assert_int_equal(m->ops[18].flags, OPF_TICKER);
	assert_op(m, 19, OP_TIMER_STOP, 1, 0, 0, -1, 0);
	assert_op(m, 20, OP_TIMER_RESET, 1, 2000000, 0, -1, 0);
	assert_op(m, 21, OP_RECV, 1, 0, 0, -1, 0);
	assert_op(m, 22, OP_LOCKOSTHREAD, -1, 0, 0, -1, 0);
	assert_op(m, 23, OP_UNLOCKOSTHREAD, -1, 0, 0, -1, 0);
	assert_op(m, 24, OP_TLS_SET, -1, 7, 0, -1, 0);
	assert_op(m, 25, OP_TLS_CHECK, -1, 7, 0, -1, 0);
	assert_op(m, 26, OP_SYSCALL, -1, 3000000, 0, -1, 0);
	assert_op(m, 27, OP_FILEREAD, -1, 4000000, 0, -1, 0);
	assert_op(m, 28, OP_NETWAIT, -1, 5000000, 0, -1, 0);
	assert_op(m, 29, OP_STREAMREAD, 0, 0, 0, -1, 0);
	assert_op(m, 30, OP_CGO, -1, 35, 0, -1, 0);
	assert_op(m, 31, OP_LOAD, 0, 0, 0, -1, 0);
	assert_op(m, 32, OP_STORE, 0, 1, 0, -1, 0);
	assert_op(m, 33, OP_ATOMIC_ADD, 0, -2, 0, -1, 0);
	assert_op(m, 34, OP_SET, 0, 9, 0, -1, 0);
	assert_op(m, 35, OP_ALLOC, -1, 2048, 0, -1, 0);
	assert_op(m, 36, OP_SIGURG_FOREIGN, -1, 0, 0, -1, 0);
	assert_int_equal(m->ops[36].flags, OPF_CHAIN);
	assert_op(m, 37, OP_SIGNAL_NOTIFY, -1, 0, 0, -1, 0);
	assert_op(m, 38, OP_COUNT, 0, 3, 0, -1, 0);
	assert_op(m, 39, OP_LATENCY, 0, 0, 0, -1, 0);
	assert_op(m, 40, OP_CALL, 1, 0, 0, -1, 0);
	assert_op(m, 41, OP_GO, 1, 0, 0, -1, 0);
	/* defer STATEMENT wraps it in an anonymous function, named as Go does */
	assert_op(m, 42, OP_DEFER, 2, 0, 0, -1, 9);
	assert_string_equal(p->funcs[2].name, "main.func1");
	assert_int_equal(p->funcs[2].nops, 1);
	assert_op(&p->funcs[2], 0, OP_UNLOCK, 0, 0, 0, -1, 9);
	assert_op(m, 43, OP_DEFER, 1, 0, 0, -1, 0);
	assert_op(m, 44, OP_DEFER, 1, 0, 0, -1, 0);
	assert_op(m, 45, OP_STORE, 0, 0, 0, -1, 0);
	assert_op(m, 46, OP_COUNT, 0, 1, 0, -1, 0);
	assert_op(m, 47, OP_SIGURG_FOREIGN, -1, 0, 0, -1, 0);
	assert_int_equal(m->ops[47].flags, 0);
	assert_op(m, 48, OP_RETURN, -1, 0, 0, -1, 12);
	/* src_line is the line in the .gmp file */
	assert_int_equal(m->ops[0].src_line, 25);
	/* declarations */
	assert_int_equal(p->nstreams, 1);
	assert_string_equal(p->streams[0].name, "net");
	assert_int_equal(p->streams[0].every, 10000);
	assert_int_equal(p->streams[0].count, 5);
	assert_int_equal(p->streams[0].start, 1000000);
	assert_string_equal(p->mutexes[0], "mu");
	assert_string_equal(p->waitgroups[0], "wg");
	assert_string_equal(p->vars[0], "x");
	assert_string_equal(p->counters[0], "jobs");
	assert_string_equal(p->probes[0], "req");
	assert_int_equal(p->ninit, 0);
}

static const char *blocks =
	HEAD
	"variant bug\n"
	"  chan ch\n"
	"  mutex mu\n"
	"  var x\n"
	"  stream net every 1ms\n"
	"  func main\n"
	"    repeat 3\n"                    /* 0 */
	"      if chance 30%\n"             /* 1 */
	"        break\n"                   /* 2 */
	"        gosched\n"                 /* 3 */
	"      else\n"                      /* 4 */
	"        gosched\n"                 /* 5 */
	"\n"                                /* 6 END if, 7 END repeat */
	"    repeat forever\n"              /* 8 */
	"      select\n"                    /* 9 */
	"        case recv ch\n"            /* 10 */
	"          gosched\n"
	"        case send ch\n"            /* 11 */
	"        case after 1s\n"           /* 12 */
	"          break\n"
	"        default\n"                 /* 13 */
	"    range ch\n"                    /* 21 */
	"      if x == 4\n"                 /* 22 */
	"        gosched\n"
	"    if trylock mu\n"               /* 26 */
	"      unlock mu\n"
	"    repeat read\n"                 /* 29 */
	"      read net\n"
	"    go\n"                          /* 32 */
	"      print \"child\"\n"
	"    defer\n"                       /* 33 */
	"      unlock mu\n"
	"      gosched\n"
	"    select\n";                     /* 34: select {} */

static void test_blocks_get_the_jumps_of_program_h(void **state)
{
	(void)state;
	assert_int_equal(scen_parse(blocks), 0);
	const gmp_func *m = scen_func(0, "main");
	assert_op(m, 0, OP_REPEAT, -1, 3, 0, 7, 0);
	assert_op(m, 1, OP_IF_CHANCE, -1, 300000, 0, 4, 0);
	assert_op(m, 2, OP_BREAK, -1, 0, 0, 7, 0);
	assert_op(m, 3, OP_GOSCHED, -1, 0, 0, -1, 0);
	assert_op(m, 4, OP_ELSE, -1, 0, 0, 6, 0);
	assert_op(m, 5, OP_GOSCHED, -1, 0, 0, -1, 0);
	assert_op(m, 6, OP_END, -1, 0, 0, 1, 0);
	assert_op(m, 7, OP_END, -1, 0, 0, 0, 0);
	assert_op(m, 8, OP_REPEAT, -1, -1, 0, 20, 0);
	assert_int_equal(m->ops[8].flags, OPF_FOREVER);
	assert_op(m, 9, OP_SELECT, -1, 4, 0, 20, 0);
	assert_int_equal(m->ops[9].flags, OPF_DEFAULT);
	assert_op(m, 10, OP_CASE, 0, CASE_RECV, 0, 14, 0);
	assert_op(m, 11, OP_CASE, 0, CASE_SEND, 0, 16, 0);
	assert_op(m, 12, OP_CASE, -1, CASE_AFTER, 1000000000, 17, 0);
	assert_op(m, 13, OP_CASE, -1, CASE_DEFAULT, 0, 19, 0);
	assert_op(m, 14, OP_GOSCHED, -1, 0, 0, -1, 0);
	assert_op(m, 15, OP_END, -1, 0, 0, 9, 0);
	assert_op(m, 16, OP_END, -1, 0, 0, 9, 0);
	assert_op(m, 17, OP_BREAK, -1, 0, 0, 20, 0);
	assert_op(m, 18, OP_END, -1, 0, 0, 9, 0);
	assert_op(m, 19, OP_END, -1, 0, 0, 9, 0);
	assert_op(m, 20, OP_END, -1, 0, 0, 8, 0);
	assert_op(m, 21, OP_RANGE, 0, 0, 0, 25, 0);
	assert_op(m, 22, OP_IF_VAR, 0, 4, 0, 24, 0);
	assert_op(m, 23, OP_GOSCHED, -1, 0, 0, -1, 0);
	assert_op(m, 24, OP_END, -1, 0, 0, 22, 0);
	assert_op(m, 25, OP_END, -1, 0, 0, 21, 0);
	assert_op(m, 26, OP_IF_TRYLOCK, 0, 0, 0, 28, 0);
	assert_op(m, 27, OP_UNLOCK, 0, 0, 0, -1, 0);
	assert_op(m, 28, OP_END, -1, 0, 0, 26, 0);
	assert_op(m, 29, OP_REPEAT, -1, 0, 0, 31, 0);
	assert_int_equal(m->ops[29].flags, OPF_COUNT_READ);
	assert_op(m, 30, OP_STREAMREAD, 0, 0, 0, -1, 0);
	assert_op(m, 31, OP_END, -1, 0, 0, 29, 0);
	assert_op(m, 32, OP_GO, 1, 0, 0, -1, 0);
	assert_op(m, 33, OP_DEFER, 2, 0, 0, -1, 0);
	assert_op(m, 34, OP_SELECT, -1, 0, 0, 35, 0);
	assert_int_equal(m->ops[34].flags, 0);
	assert_int_equal(m->nops, 35);
	const gmp_func *g = scen_func(0, "main.func1"), *d = scen_func(0, "main.func2");
	assert_int_equal(g->nops, 1);
	assert_op(g, 0, OP_PRINT, 0, 0, 0, -1, 0);
	assert_int_equal(d->nops, 2);
	assert_op(d, 0, OP_UNLOCK, 0, 0, 0, -1, 0);
	assert_op(d, 1, OP_GOSCHED, -1, 0, 0, -1, 0);
}

/* every prefix of a valid file parses or fails cleanly: 1 to 20 lines,
 * each naming the file */
static void test_every_prefix_fails_cleanly(void **state)
{
	(void)state;
	size_t n = strlen(all_simple);
	for (size_t k = 0; k < n; k++) {
		scenario_free(&scen);
		int rc = scenario_parse("t.gmp", all_simple, k, &scen, scen_err, sizeof scen_err);
		if (rc < 0) {
			int lines = 0;
			for (const char *l = scen_err; l; l = strchr(l, '\n')) {
				l += *l == '\n';
				assert_int_equal(strncmp(l, "t.gmp:", 6), 0);
				lines++;
			}
			assert_in_range(lines, 1, 20);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_every_simple_statement_compiles_to_its_op, scen_teardown),
		cmocka_unit_test_teardown(test_blocks_get_the_jumps_of_program_h, scen_teardown),
		cmocka_unit_test_teardown(test_every_prefix_fails_cleanly, scen_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
