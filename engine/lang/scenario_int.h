/*
 * scenario_int.h — the state of compiling one variant, shared by scenario.c
 * (tables, settings, params) and scenario_stmt.c (function bodies → ops).
 * Not part of the engine's API.
 */
#ifndef GMP_SCENARIO_INT_H
#define GMP_SCENARIO_INT_H

#include "parse.h"

#define VCOMP_MAX_SYMS 1024

/* cfgb is a config under construction: the quota may be given in CPUs and
 * is resolved against the period at the end (scenario_settings.c). */
typedef struct cfgb {
	gmp_config c;
	double quota;      /* 0 = none */
	int quota_unit;    /* U_CPU or U_DUR */
} cfgb;

extern const char *const sc_settings[];   /* setting names, NULL-terminated */
extern const char *const sc_reserved[];   /* words no name may be, NULL-terminated */
/* sc_ident checks that t is a plain name (letters, digits, _), not reserved
 * (counters and probes excepted); what names the kind in messages. */
const char *sc_ident(parser *P, const ptok *t, const char *what);
/* sc_apply_setting reads the value of setting key at the cursor into b. */
void sc_apply_setting(parser *P, cfgb *b, pcur *c, const ptok *key);
/* sc_finish_config resolves b into the variant's config (at = for errors). */
void sc_finish_config(parser *P, cfgb *b, pline *at, gmp_config *out);
/* sc_no_body rejects an indented body under ln. */
void sc_no_body(parser *P, pline *ln);
/* sc_need_end requires the end of the line at the cursor. */
void sc_need_end(pcur *c);
/* sc_const_value parses a constant expression (no names) at the cursor. */
pval sc_const_value(pcur *c, xtree *t);

typedef enum {
	SYM_FUNC = 1, SYM_CHAN, SYM_TIMER, SYM_MUTEX, SYM_WG, SYM_VAR, SYM_STREAM,
	SYM_COUNTER, SYM_PROBE, SYM_RWMUTEX, SYM_ONCE, SYM_COND,
	SYM_CTX,           /* a context: its Done channel (a chans index) */
} symkind;

typedef struct vsym {
	const char *name;
	uint8_t kind;      /* symkind */
	int index;         /* into the program table of that kind */
	pline *decl;       /* the declaring line */
	int origin;        /* variant whose body declared it */
} vsym;

/* vitem is one line of a variant's effective body (own lines after those
 * inherited through `like`). */
typedef struct vitem {
	pline *ln;
	int origin;        /* variant (file order) whose body holds the line */
} vitem;

/* flocal is a local of a function: a parameter or a `let`. */
typedef struct flocal {
	const char *name;
	uint8_t unit;      /* punit: U_NUM, U_DUR or U_TIME */
} flocal;

/* fsig is what a function's `func` line declares: its parameters (its
 * first locals) and whether it is inlinable. */
typedef struct fsig {
	flocal params[GMP_MAX_LOCALS];
	int nparams;
	bool inlinable;
} fsig;

/* fscope is the locals of the function being compiled (parameters first). */
typedef struct fscope {
	flocal loc[GMP_MAX_LOCALS];
	int nloc;
	const char *fname;     /* for messages */
	struct fscope *outer;  /* the named function around a go / defer block */
} fscope;

typedef struct vcomp {
	parser *P;
	gmp_variant *v;    /* the variant being built */
	const char *vname;
	vsym *syms;        /* arena */
	int nsyms;
	pline **fbody;     /* per function: the `func` line (NULL = anonymous) */
	int **fcols;       /* per function: column of each op's first token */
	fsig **fsigs;      /* per function: its parameters (NULL = none) */
	int fcap;
	int listing_lines; /* lines of the variant's listing; 0 = none */
	const char *listing_name;
} vcomp;

vsym *vsym_find(vcomp *C, const char *name, int kind); /* kind 0 = any */
const char *symkind_name(int kind);
/* vcomp_resolve resolves params and GOMAXPROCS / NCPU for xeval. */
bool vcomp_resolve(void *ctx, const xnode *n, pval *out);
/* vcomp_add_func appends a function; returns its index. */
int vcomp_add_func(vcomp *C, const char *name, pline *decl);

/* rx_value parses an expression at the cursor (a condition when want is
 * U_BOOL) whose value has unit want. A constant one (params, numbers) gives
 * its value in *k and returns -1; one that needs the running program
 * (locals, i, now, since, vars, numgoroutine) is compiled into the
 * program's xcode and its index returned. S = NULL: constants only. */
int64_t rx_value(vcomp *C, fscope *S, pcur *c, int want, int64_t lo, int64_t hi,
                 const char *what, int64_t *k);
/* rx_tree is rx_value for a tree already parsed. */
int64_t rx_tree(vcomp *C, fscope *S, xtree *t, int want, int64_t lo, int64_t hi,
                const char *what, int64_t *k);
/* rx_any is rx_value for a value of any unit but a condition (a `let`):
 * the unit (U_NUM, U_DUR, U_TIME) in *unit. */
int64_t rx_any(vcomp *C, fscope *S, pcur *c, const char *what, int *unit, int64_t *k);
/* rx_code compiles an expression of unit want into xcode even when it is
 * constant (arguments); returns its index. */
int rx_code(vcomp *C, fscope *S, pcur *c, int want, const char *what);
/* rx_local finds name among S's locals: its slot, or -1. */
int rx_local(const fscope *S, const char *name);
/* rx_args reserves an argument list of n in program.xargs; returns its index. */
int rx_args(vcomp *C, int n);

/* ---- compiling one function (scenario_stmt.c, scenario_block.c) ---- */

#define MAXV (1LL << 53)           /* bound of plain integer operands */
#define MAXDUR 3600000000000LL     /* bound of duration operands: 1h */

/* fcomp is the state of compiling one function body into ops. */
typedef struct fcomp {
	vcomp *C;
	int fi;              /* function being compiled */
	const char *top;     /* enclosing named function (for anonymous names) */
	int *nanon;          /* anonymous functions made inside `top` so far */
	gmp_op *ops;         /* arena */
	int *cols;           /* column of each op's operand/keyword (arena) */
	int nops, cap;
	int loops;           /* loop nesting */
	int brk[GMP_MAX_LOOP_DEPTH + 1]; /* per loop: chain of BREAK ops to patch */
	fscope *S;           /* its parameters and locals */
} fcomp;

/* sdef_t describes a one-line statement of fixed operands (scenario_stmt.c). */
typedef struct sdef sdef_t;

/* scenario_stmt.c: emitting ops and reading operands */
int emit(fcomp *F, int kind, const ptok *at);          /* a new op; its index */
uint16_t stmt_line(fcomp *F, pcur *c);                  /* the @N, then the end */
int obj_arg(fcomp *F, pcur *c, int kind, bool timer_ok, const char *usage);
int64_t val_arg(fcomp *F, pcur *c, int unit, int64_t lo, int64_t hi, const char *what, const char *usage);
void val_op(fcomp *F, pcur *c, int i, int unit, int64_t lo, int64_t hi, const char *what, const char *usage);
void call_args(fcomp *F, pcur *c, int i, int fi, const ptok *name);
const sdef_t *find_sdef(const ptok *k);
int simple_stmt(fcomp *F, pcur *c, const sdef_t *d, const ptok *k);
int special_stmt(fcomp *F, pcur *c, const ptok *k);    /* -1: not one */
void compile_block(fcomp *F, pline *first);
/* scenario_block.c: block statements */
void need_body(parser *P, pline *ln, const ptok *k);
void select_stmt(fcomp *F, pline *ln, const ptok *k, uint16_t line);
void once_stmt(fcomp *F, pline *ln, const ptok *k, pcur *c);
int if_stmt(fcomp *F, pline *ln, const ptok *k, pcur *c);   /* the next line */
void loop_stmt(fcomp *F, pline *ln, const ptok *k, pcur *c);
void go_stmt(fcomp *F, pline *ln, const ptok *k, pcur *c);

/* sc_declare declares the name a body line of a variant declares
 * (scenario_decl.c). */
void sc_declare(vcomp *C, vitem *it);

/* stmt_collect_timers declares every timer / ticker a body starts. */
void stmt_collect_timers(vcomp *C, pline *body, int origin);
/* stmt_compile_func compiles the body of function fi (its first line). */
void stmt_compile_func(vcomp *C, int fi, pline *body);
/* stmt_check_calls rejects recursion and call chains deeper than the engine's
 * limit. */
void stmt_check_calls(vcomp *C);

#endif
