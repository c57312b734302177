/*
 * test_scenario_parse.c — the scenario language (engine/lang/lex.c, sexpr.c,
 * scenario.c, scenario_stmt.c, duration.c): every statement compiles to the ops the
 * engine expects (kind, obj, a, b, jump, listing line), blocks get the jumps
 * documented in program.h, params and variant overrides resolve at load
 * time, `like` copies and overrides, and every malformed input gives exactly
 * one "path:line:col: message".
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

/* ---- helpers ------------------------------------------------------------ */

static gmp_scenario S;
static char ERR[512];

/* parse parses src as "t.gmp" into S (freeing the previous one). */
static int parse(const char *src)
{
	scenario_free(&S);
	return scenario_parse("t.gmp", src, strlen(src), &S, ERR, sizeof ERR);
}

static int teardown(void **state)
{
	(void)state;
	scenario_free(&S);
	return 0;
}

static const gmp_func *func(int variant, const char *name)
{
	const gmp_program *p = &S.variants[variant].prog;
	for (int i = 0; i < p->nfuncs; i++)
		if (strcmp(p->funcs[i].name, name) == 0)
			return &p->funcs[i];
	fail_msg("no func %s", name);
	return NULL;
}

/* assert_op checks one op: kind, obj, a, b, jump and listing line. */
#define assert_op(f, i, k, o, A, B, J, L)                                       \
	do {                                                                    \
		const gmp_op *op_ = &(f)->ops[i];                               \
		assert_int_equal(op_->kind, (k));                               \
		assert_int_equal(op_->obj, (o));                                \
		assert_int_equal(op_->a, (A));                                  \
		assert_int_equal(op_->b, (B));                                  \
		assert_int_equal(op_->jump, (J));                               \
		assert_int_equal(op_->line, (L));                               \
	} while (0)

#define HEAD "scenario 01 t\n"
#define LISTING "listing l <<GO\n" \
	"1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n" \
	"GO\n"

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
	assert_int_equal(parse(all_simple), 0);
	const gmp_program *p = &S.variants[0].prog;
	assert_int_equal(p->nfuncs, 3);
	assert_int_equal(p->main_func, 0);
	const gmp_func *m = func(0, "main");
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
	assert_int_equal(parse(blocks), 0);
	const gmp_func *m = func(0, "main");
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
	const gmp_func *g = func(0, "main.func1"), *d = func(0, "main.func2");
	assert_int_equal(g->nops, 1);
	assert_op(g, 0, OP_PRINT, 0, 0, 0, -1, 0);
	assert_int_equal(d->nops, 2);
	assert_op(d, 0, OP_UNLOCK, 0, 0, 0, -1, 0);
	assert_op(d, 1, OP_GOSCHED, -1, 0, 0, -1, 0);
}

/* ---- settings, params, variants ----------------------------------------- */

static void test_defaults_when_nothing_is_said(void **state)
{
	(void)state;
	assert_int_equal(parse(HEAD "variant v\n  func main\n    return\n"), 0);
	const gmp_config *c = &S.variants[0].cfg;
	assert_int_equal(c->go_minor, 25);
	assert_int_equal(c->gomaxprocs, 0);
	assert_int_equal(c->ncpu, 4);
	assert_int_equal(c->quota_ns, 0);
	assert_int_equal(c->period_ns, 100000000);
	assert_int_equal(c->maxthreads, 10000);
	assert_int_equal(c->memory, GMP_MEMORY_DEFAULT);
	assert_int_equal(c->seed, 1);
	assert_int_equal(c->horizon_ns, 1000000000);
	assert_int_equal(c->disk_depth, 4);
	assert_false(c->race);
	assert_int_equal(S.variants[0].gomaxprocs, 4);
	assert_int_equal(S.number, 1);
	assert_string_equal(S.slug, "t");
	assert_string_equal(S.title, "t");
	assert_int_equal(S.nvariants, 1);
	assert_int_equal(S.variants[0].listing, -1);
}

static void test_settings_params_and_overrides(void **state)
{
	(void)state;
	const char *src =
		"scenario 06 container\r\n"
		"title \"GOMAXPROCS in a container\"\r\n"
		"family resources\r\n"
		"go 1.24\r\n"
		"gomaxprocs default\r\n"
		"cpus 32\r\n"
		"quota 2cpu\r\n"
		"period 100ms\r\n"
		"maxthreads 500\r\n"
		"memory 512MiB\r\n"
		"seed 7\r\n"
		"horizon 1.5s\r\n"
		"diskdepth 8\r\n"
		"race on\r\n"
		"speed 20ms\r\n"
		"moments 140ms 400ms\r\n"
		"param batch 8\r\n"
		"param sessions 6 * batch + 1\r\n"
		"param half sessions / 2\r\n"
		"param grain 250us\r\n"
		"param pool GOMAXPROCS * 2\r\n"
		"variant bug\r\n"
		"  func main\r\n"
		"    repeat half\r\n"
		"      work 2 * grain\r\n"
		"variant fix like bug\r\n"
		"  set gomaxprocs 2\r\n"
		"  set batch 10\r\n"
		"  set grain 1ms\r\n"
		"variant go1.25 like bug\r\n"
		"  set go 1.25\r\n"
		"  set quota 150ms\r\n";
	assert_int_equal(parse(src), 0);
	assert_string_equal(S.title, "GOMAXPROCS in a container");
	assert_string_equal(S.family, "resources");
	assert_int_equal(S.number, 6);
	assert_int_equal(S.speed, 20000000);
	assert_int_equal(S.nmoments, 2);
	assert_int_equal(S.moments[1], 400000000);
	const gmp_variant *b = &S.variants[0], *f = &S.variants[1], *g = &S.variants[2];
	assert_string_equal(b->name, "bug");
	assert_string_equal(f->name, "fix");
	assert_string_equal(g->name, "go1.25");
	assert_int_equal(b->cfg.go_minor, 24);
	assert_int_equal(b->cfg.ncpu, 32);
	assert_int_equal(b->cfg.quota_ns, 200000000);
	assert_int_equal(b->cfg.maxthreads, 500);
	assert_int_equal(b->cfg.memory, 512LL << 20);
	assert_int_equal(b->cfg.seed, 7);
	assert_int_equal(b->cfg.horizon_ns, 1500000000);
	assert_int_equal(b->cfg.disk_depth, 8);
	assert_true(b->cfg.race);
	/* before 1.25 the default ignores the quota; from 1.25 it follows it */
	assert_int_equal(b->gomaxprocs, 32);
	assert_int_equal(f->gomaxprocs, 2);
	assert_int_equal(g->gomaxprocs, 2);
	assert_int_equal(g->cfg.quota_ns, 150000000);
	/* params: integer division truncates; overrides flow into later params */
	assert_int_equal(b->nparams, 5);
	assert_string_equal(b->params[1].name, "sessions");
	assert_true(b->params[1].value == 49);
	assert_true(b->params[2].value == 24.5);   /* truncated where a count is needed */
	assert_true(f->params[1].value == 61);
	assert_true(b->params[4].value == 64);
	assert_true(f->params[4].value == 4);
	const gmp_func *bm = &b->prog.funcs[0], *fm = &f->prog.funcs[0];
	assert_int_equal(bm->ops[0].a, 24);
	assert_int_equal(bm->ops[1].a, 500000);
	assert_int_equal(fm->ops[0].a, 30);
	assert_int_equal(fm->ops[1].a, 2000000);
}

static void test_like_copies_and_replaces(void **state)
{
	(void)state;
	const char *src =
		HEAD
		"listing bug <<GO\n"
		"  func main() {\n"
		"  \tgo worker()\n"
		"  }\n"
		"GO\n"
		"listing other <<GO\n"
		"a\nb\nc\nd\n"
		"GO\n"
		"variant extra like bug\n"      /* declared before bug: an error below */
		"  func main\n    return\n";
	assert_int_equal(parse(src), -1);
	assert_string_equal(ERR, "t.gmp:13:20: like needs a variant defined above, found 'bug'");

	src =
		HEAD
		"listing bug <<GO\n"
		"  func main() {\n"
		"  \tgo worker()\n"
		"\n"
		"  }\n"
		"GO\n"
		"listing other <<GO\n"
		"a\nb\nc\nd\n"
		"GO\n"
		"variant fix like bug\n"
		"  func worker\n"
		"    work 2ms @4\n"
		"variant bug\n"
		"  chan ch 1\n"
		"  mutex mu\n"
		"  func main\n"
		"    go worker @2\n"
		"    recv ch @3\n"
		"  func worker\n"
		"    work 1ms\n"
		"    send ch\n"
		"variant other like fix\n"
		"  chan ch 5\n";
	assert_int_equal(parse(src), -1);
	assert_string_equal(ERR, "t.gmp:14:18: like needs a variant defined above, found 'bug'");

	src =
		HEAD
		"listing bug <<GO\n"
		"  func main() {\n"
		"  \tgo worker()\n"
		"\n"
		"  }\n"
		"GO\n"
		"listing other <<GO\n"
		"a\nb\nc\nd\nz\n"
		"GO\n"
		"variant bug\n"
		"  chan ch 1\n"
		"  mutex mu\n"
		"  func main\n"
		"    go worker @2\n"
		"    recv ch @3\n"
		"  func worker\n"
		"    work 1ms\n"
		"    send ch\n"
		"variant fix like bug\n"
		"  func worker\n"
		"    work 2ms @4\n"
		"variant other like fix\n"
		"  chan ch 5\n";
	assert_int_equal(parse(src), 0);
	/* listings: heredoc indentation removed, tabs kept, blank line kept */
	assert_int_equal(S.nlistings, 2);
	assert_int_equal(S.listings[0].nlines, 4);
	assert_string_equal(S.listings[0].lines[0], "func main() {");
	assert_string_equal(S.listings[0].lines[1], "\tgo worker()");
	assert_string_equal(S.listings[0].lines[2], "");
	const gmp_variant *bug = &S.variants[0], *fix = &S.variants[1], *oth = &S.variants[2];
	assert_string_equal(oth->name, "other");
	/* fix: bug's declarations and main, its own worker */
	assert_int_equal(fix->prog.nfuncs, 2);
	assert_int_equal(fix->prog.nchans, 1);
	assert_int_equal(fix->prog.nmutexes, 1);
	assert_int_equal(fix->listing, 0);          /* inherited from bug */
	assert_op(&fix->prog.funcs[1], 0, OP_WORK, -1, 2000000, 0, -1, 4);
	assert_int_equal(fix->prog.funcs[1].nops, 1);
	assert_op(&fix->prog.funcs[0], 0, OP_GO, 1, 0, 0, -1, 2);
	assert_op(&bug->prog.funcs[1], 0, OP_WORK, -1, 1000000, 0, -1, 0);
	assert_int_equal(bug->prog.funcs[1].nops, 2);
	/* other: like fix (so like bug), its own capacity and its own listing */
	assert_int_equal(oth->listing, 1);
	assert_int_equal(oth->prog.chans[0].cap, 5);
	assert_int_equal(bug->prog.chans[0].cap, 1);
	assert_op(&oth->prog.funcs[1], 0, OP_WORK, -1, 2000000, 0, -1, 4);
}

static void test_texts_and_init(void **state)
{
	(void)state;
	const char *src =
		HEAD
		"title \"A \\t title\"\n"
		"explain symptom \"one line\"\n"
		"explain subtle <<EOF\n"
		"    first line\n"
		"      indented\n"
		"\n"
		"    after a blank\n"
		"    EOF\n"
		"variant bug\n"
		"  chan done\n"
		"  func init\n"
		"    go waiter\n"
		"  func waiter\n"
		"    recv done\n"
		"  func main\n"
		"    work 1ms\n";
	assert_int_equal(parse(src), 0);
	assert_string_equal(S.title, "A \t title");
	assert_string_equal(S.explain_symptom, "one line");
	assert_string_equal(S.explain_subtle, "first line\n  indented\n\nafter a blank");
	assert_null(S.explain_fix);
	const gmp_program *p = &S.variants[0].prog;
	assert_int_equal(p->ninit, 1);
	assert_string_equal(p->funcs[p->init_funcs[0]].name, "init");
	assert_int_equal(p->main_func, 2);
}

static void test_bug_and_fix_come_first(void **state)
{
	(void)state;
	const char *src = HEAD
		"variant a\n  func main\n    return\n"
		"variant fix\n  func main\n    return\n"
		"variant b\n  func main\n    return\n"
		"variant bug\n  func main\n    return\n";
	assert_int_equal(parse(src), 0);
	assert_string_equal(S.variants[0].name, "bug");
	assert_string_equal(S.variants[1].name, "fix");
	assert_string_equal(S.variants[2].name, "a");
	assert_string_equal(S.variants[3].name, "b");
	assert_int_equal(scenario_variant(&S, "b"), 3);
	assert_int_equal(scenario_variant(&S, "zz"), -1);
	char name[64];
	scenario_name(&S, name, sizeof name);
	assert_string_equal(name, "01-t");
}

static void test_example_scenario_loads(void **state)
{
	(void)state;
	const char *path = "scenarios/03-lockosthread-leak.gmp";
	scenario_free(&S);
	if (scenario_load(path, &S, ERR, sizeof ERR) < 0)
		fail_msg("%s", ERR);
	assert_int_equal(S.number, 3);
	assert_string_equal(S.slug, "lockosthread-leak");
	assert_string_equal(S.variants[0].name, "bug");
	assert_string_equal(S.variants[1].name, "fix");
	assert_true(S.nexpects >= 4);
	assert_non_null(S.explain_symptom);
	scenario_free(&S);
	assert_int_equal(scenario_load("scenarios/no-such.gmp", &S, ERR, sizeof ERR), -1);
	assert_string_equal(ERR, "scenarios/no-such.gmp: No such file or directory");
}

/* ---- duration literals (lang/duration.c) -------------------------------- */

/* gmp_parse_duration, the one duration parser (also the command line's and
 * key scripts'), reads literals exactly or says why not. */

static void test_duration_literals_parse_exactly(void **state)
{
	static const struct { const char *s; gmp_dur_result r; int64_t ns; } cases[] = {
		{ "100ns", GMP_DUR_OK, 100 },
		{ "40us", GMP_DUR_OK, 40000 },
		{ "40\xc2\xb5s", GMP_DUR_OK, 40000 },
		{ "1.5ms", GMP_DUR_OK, 1500000 },
		{ "2s", GMP_DUR_OK, 2000000000 },
		{ "0.000000001s", GMP_DUR_OK, 1 },
		{ "1.001us", GMP_DUR_OK, 1001 },
		{ "1.0000us", GMP_DUR_OK, 1000 },
		{ "0ms", GMP_DUR_OK, 0 },
		{ "9223372036.854775807s", GMP_DUR_OK, INT64_MAX },
		{ "9223372036854775807ns", GMP_DUR_OK, INT64_MAX },
		{ "9223372036854775808ns", GMP_DUR_RANGE, 0 },
		{ "9223372037s", GMP_DUR_RANGE, 0 },
		{ "1.0005us", GMP_DUR_FINE, 0 },
		{ "0.0000000001s", GMP_DUR_FINE, 0 },
		{ "10", GMP_DUR_SYNTAX, 0 },
		{ "ms", GMP_DUR_SYNTAX, 0 },
		{ "", GMP_DUR_SYNTAX, 0 },
		{ "-1ms", GMP_DUR_SYNTAX, 0 },
		{ "+1ms", GMP_DUR_SYNTAX, 0 },
		{ "1.ms", GMP_DUR_SYNTAX, 0 },
		{ "1 ms", GMP_DUR_SYNTAX, 0 },
		{ "1ms ", GMP_DUR_SYNTAX, 0 },
		{ "1e3ms", GMP_DUR_SYNTAX, 0 },
		{ "1m", GMP_DUR_SYNTAX, 0 },
		{ "1h", GMP_DUR_SYNTAX, 0 },
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int64_t ns = -7;
		gmp_dur_result r = gmp_parse_duration(cases[i].s, &ns);
		if (r != cases[i].r || (r == GMP_DUR_OK && ns != cases[i].ns)) {
			print_error("duration \"%s\": want %d %lld, got %d %lld\n", cases[i].s, cases[i].r,
			            (long long)cases[i].ns, r, (long long)ns);
			fail();
		}
		if (r != GMP_DUR_OK)
			assert_int_equal(ns, -7);   /* untouched on error */
	}
}

/* A duration in a scenario is read by the same parser, exactly: 0.3us is
 * 300ns (a double product would give 300.00000000000006, and 6us / 0.3us
 * would truncate to 19 repetitions). Underscores still group digits. */
static void test_scenario_durations_are_exact(void **state)
{
	(void)state;
	assert_int_equal(parse(HEAD "param steps 6us / 0.3us\n"
	                       "variant bug\n  func main\n"
	                       "    repeat 6us / 0.3us\n      gosched\n"
	                       "    sleep 1_000.5us\n"), 0);
	const gmp_variant *v = &S.variants[0];
	assert_true(v->params[0].value == 20);
	const gmp_func *m = func(0, "main");
	assert_int_equal(m->ops[0].a, 20);
	assert_int_equal(m->ops[3].kind, OP_SLEEP);
	assert_int_equal(m->ops[3].a, 1000500);
}

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
		scenario_free(&S);
		int rc = scenario_parse("t.gmp", bad[i].src, len, &S, ERR, sizeof ERR);
		if (rc != -1 || strcmp(ERR, bad[i].err) != 0)
			fail_msg("case %zu: rc %d\n  got:  %s\n  want: %s", i, rc, ERR, bad[i].err);
		assert_int_equal(S.nvariants, 0);
		assert_null(S.path);
	}
}

/* every prefix of a valid file parses or fails cleanly: 1 to 20 lines,
 * each naming the file */
static void test_every_prefix_fails_cleanly(void **state)
{
	(void)state;
	size_t n = strlen(all_simple);
	for (size_t k = 0; k < n; k++) {
		scenario_free(&S);
		int rc = scenario_parse("t.gmp", all_simple, k, &S, ERR, sizeof ERR);
		if (rc < 0) {
			int lines = 0;
			for (const char *l = ERR; l; l = strchr(l, '\n')) {
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
		cmocka_unit_test_teardown(test_every_simple_statement_compiles_to_its_op, teardown),
		cmocka_unit_test_teardown(test_blocks_get_the_jumps_of_program_h, teardown),
		cmocka_unit_test_teardown(test_defaults_when_nothing_is_said, teardown),
		cmocka_unit_test_teardown(test_settings_params_and_overrides, teardown),
		cmocka_unit_test_teardown(test_like_copies_and_replaces, teardown),
		cmocka_unit_test_teardown(test_texts_and_init, teardown),
		cmocka_unit_test_teardown(test_bug_and_fix_come_first, teardown),
		cmocka_unit_test_teardown(test_example_scenario_loads, teardown),
		cmocka_unit_test(test_duration_literals_parse_exactly),
		cmocka_unit_test_teardown(test_scenario_durations_are_exact, teardown),
		cmocka_unit_test_teardown(test_malformed_inputs_give_one_exact_error, teardown),
		cmocka_unit_test_teardown(test_every_prefix_fails_cleanly, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
