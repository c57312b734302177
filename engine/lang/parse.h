/*
 * parse.h — internals shared by the scenario parser (lex.c, sexpr.c,
 * scenario.c, scenario_stmt.c, expect.c). Not part of the engine's API.
 *
 * Reading a .gmp file happens in three steps:
 *   1. lex.c splits the buffer into logical lines of tokens (heredoc bodies
 *      are attached to the line that opens them) and builds the indentation
 *      tree: every line knows its first child and its next sibling.
 *   2. scenario.c walks the top-level lines (settings, params, texts,
 *      listings, variants), then compiles every variant: settings, params,
 *      tables, and (scenario_stmt.c) each function into flat ops.
 *   3. expect.c parses the `expect` lines into expression trees that are
 *      evaluated after the runs.
 *
 * Errors: each is "path:line:col: message". The parser unwinds with longjmp
 * to the innermost recovery point (PARSE_TRY: a top-level line, a variant, a
 * declaration, a statement, an expect line) and goes on with the next line,
 * so that one run reports every error of a file, at most PARSE_MAX_ERRORS,
 * sorted by position; errors in the bytes or the indentation, and the 20th,
 * end it at once (longjmp to scenario_parse). Temporary memory lives in an
 * arena freed in one place; the result (gmp_scenario) is built so that
 * scenario_free can free any partially built state. Both come from the
 * engine's allocator (alloc.h): running out of memory is not a scenario
 * error but the engine's one out-of-memory path.
 */
#ifndef GMP_PARSE_H
#define GMP_PARSE_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "alloc.h"
#include "scenario.h"

/* Limits that keep any input bounded. */
#define PARSE_MAX_NEST 16        /* indentation levels */
#define PARSE_MAX_NAME 64        /* bytes in a name */
#define PARSE_MAX_XNODES 256     /* nodes in one expression */
#define PARSE_MAX_XDEPTH 32      /* parentheses / unary nesting */
#define PARSE_MAX_VARIANTS 64
#define PARSE_MAX_ARENA (64u << 20)
#define PARSE_MAX_ERRORS 20      /* errors reported for one file */

typedef enum {
	TK_EOL = 0,   /* end of the line (col = just after the last token) */
	TK_WORD,      /* name: letter or _, then letters, digits, _ . and - */
	TK_NUM,       /* number with an optional unit: 12, 1.5ms, 200B, 30% */
	TK_STR,       /* "quoted", s = decoded text (NUL-terminated) */
	TK_HEREDOC,   /* <<WORD: body in hd/nhd */
	TK_AT,        /* @N: Go listing line; at = N */
	TK_OP,        /* operator: op = PO_* */
} ptok_kind;

typedef enum {
	PO_PLUS = 1, PO_MINUS, PO_STAR, PO_SLASH, PO_LPAREN, PO_RPAREN,
	PO_EQ, PO_NE, PO_LT, PO_LE, PO_GT, PO_GE,
	PO_APPROX,    /* ~= */
	PO_MATCH,     /* ~  */
	PO_PM,        /* ± or +- */
	PO_PERCENT,   /* % (apart from a number: 30% is a percentage) */
	PO_AND, PO_OR, PO_NOT, /* && || ! */
	PO_ASSIGN,    /* = */
	PO_COMMA,     /* , */
} ptok_op;

typedef struct ptok {
	uint8_t kind;       /* ptok_kind */
	uint8_t op;         /* TK_OP: ptok_op */
	int line, col;      /* 1-based position of the first byte */
	const char *s;      /* source text (TK_STR: decoded text) */
	int len;            /* bytes of s */
	char **hd;          /* TK_HEREDOC: body lines */
	int nhd;
	int64_t at;         /* TK_AT: the line number */
	const char *src;    /* the token as written in the file */
	int srclen;
} ptok;

typedef struct pline {
	int lineno;         /* 1-based */
	int indent;         /* leading spaces */
	ptok *t;            /* tokens; t[nt] is TK_EOL */
	int nt;
	int child, next;    /* first child, next sibling: line index, -1 = none */
} pline;

typedef struct parena parena;

/* perror_t is one error found (perr), before they are sorted and joined. */
typedef struct perror_t {
	int line, col;
	char msg[240];
} perror_t;

typedef struct parser {
	const char *path;
	const char *buf;
	size_t len;
	char *err;          /* where the error lines go, joined by '\n' */
	size_t errlen;
	jmp_buf jb;         /* the last resort: perr unwinds here */
	jmp_buf *rp;        /* the innermost recovery point, NULL = none */
	perror_t errs[PARSE_MAX_ERRORS]; /* errors so far */
	int nerrs;
	parena *arena;      /* temporary memory */
	size_t arena_used;
	struct ptok *scratch; /* the line being tokenized (malloc'd, reused) */
	int scratch_cap;
	pline *lines;       /* logical lines (arena) */
	int nlines;
	int first;          /* first top-level line, -1 = empty file */
	gmp_scenario *s;    /* the result being built */
} parser;

/* PARSE_TRY runs stmt; an error inside is recorded and stmt is left, as if
 * it had returned (then P->nerrs has grown). Locals that stmt assigns and
 * the caller reads afterwards must be volatile. */
#define PARSE_TRY(P, stmt) do { \
		jmp_buf try_jb_; \
		jmp_buf *try_saved_ = (P)->rp; \
		if (!setjmp(try_jb_)) { \
			(P)->rp = &try_jb_; \
			stmt; \
		} \
		(P)->rp = try_saved_; \
	} while (0)

/* perr records "message" at line:col and unwinds (see PARSE_TRY). */
_Noreturn void perr(parser *P, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
_Noreturn void perr_tok(parser *P, const ptok *t, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

void *pa_alloc(parser *P, size_t n);           /* arena, zeroed */
char *pa_strndup(parser *P, const char *s, size_t n);
void pa_free_all(parser *P);
/* perr_format writes the errors, sorted by position, one
 * "path:line:col: message" per line, into P->err (whole lines only). */
void perr_format(parser *P);

/* lex_file splits P->buf into P->lines and builds the indentation tree. */
void lex_file(parser *P);

/* tok_is reports whether t is the word w. */
bool tok_is(const ptok *t, const char *w);
/* tok_desc describes a token for messages: 'word', "string", end of line. */
const char *tok_desc(parser *P, const ptok *t);
char *tok_name(parser *P, const ptok *t);       /* arena copy of a word */

/* ---- expressions (sexpr.c) ------------------------------------------ */

/* U_RATE (per second) is no literal's unit: only rate.NAME metrics carry it,
 * so that a rate times a duration is a count. */
typedef enum {
	U_NUM = 0, U_DUR, U_SIZE, U_PCT, U_CPU, U_RATE, U_ANY,
	U_BOOL,             /* a condition (run-time expressions only) */
	U_TIME,             /* a point in time: now, t0 (run-time only) */
} punit;

typedef struct pval {
	double v;           /* ns for U_DUR, bytes for U_SIZE, 30 for 30%, per s for U_RATE */
	uint8_t unit;       /* punit */
} pval;

typedef enum {
	XN_NUM = 0, XN_NAME, XN_NEG, XN_ADD, XN_SUB, XN_MUL, XN_DIV, XN_MOD,
	/* conditions (xparse_cond) and run-time values */
	XN_NOT, XN_AND, XN_OR, XN_LT, XN_LE, XN_GT, XN_GE, XN_EQ, XN_NE,
	XN_SINCE,           /* since T: now - T */
} xnkind;

typedef struct xnode {
	uint8_t kind;       /* xnkind */
	uint8_t unit;       /* XN_NUM: punit */
	int16_t l, r;       /* children */
	int line, col;
	double v;           /* XN_NUM */
	char *name;         /* XN_NAME */
	int variant;        /* XN_NAME in expects: explicit variant, -1 = scope */
} xnode;

typedef struct xtree {
	xnode *n;
	int nn;
	int root;
} xtree;

/* pcur is a cursor over one line's tokens. */
typedef struct pcur {
	parser *P;
	pline *ln;
	int i;
} pcur;

ptok *cur_peek(pcur *c);
ptok *cur_next(pcur *c);
bool cur_at_end(pcur *c);         /* only TK_AT / TK_EOL left */
bool cur_is_op(pcur *c, int op);

/* xparse parses an expression at the cursor into t (arena nodes). */
void xparse(pcur *c, xtree *t);
/* xparse_cond parses a condition: comparisons, && || ! over expressions. */
void xparse_cond(pcur *c, xtree *t);

/* xresolve_fn resolves a name; false = unknown. */
typedef bool (*xresolve_fn)(void *ctx, const xnode *n, pval *out);
/* xeval evaluates t. Returns 0, or -1 with *bad = the offending node and
 * *why = a message (unknown names get a message from the caller). */
int xeval(const xtree *t, int node, xresolve_fn fn, void *ctx, pval *out,
          const xnode **bad, const char **why);
/* xeval_p evaluates and reports errors through perr. */
pval xeval_p(parser *P, const xtree *t, xresolve_fn fn, void *ctx);

const char *unit_name(int unit);
/* tok_is_unit reports whether t is a unit written apart from its number. */
bool tok_is_unit(const ptok *t);
/* pv_format writes v compactly: 118, 1.25, 612.5ms, 2KiB, 40%. */
void pv_format(double v, int unit, char *buf, size_t n);
/* pv_int converts v to an integer in [lo, hi] (unit must be want, or U_NUM
 * when want is U_NUM); what names the operand in messages. */
int64_t pv_int(parser *P, const xtree *t, pval v, int want, int64_t lo,
               int64_t hi, const char *what);

/* ---- expectations (expect.c, expect_eval.c) --------------------------- */
/* gmp_xtree is an expect clause's expression tree: expect.c builds it from
 * the parser's nodes, expect_eval.c evaluates it. */
struct gmp_xtree {
	xnode *n;          /* malloc'd copies; names malloc'd */
	int nn;
	int root;
};
/* expect_find_param returns v's param called name, or NULL. */
const gmp_param *expect_find_param(const gmp_variant *v, const char *name);
void expect_parse_line(parser *P, pline *ln);
/* symptom_parse_line parses `symptom EXPR higher|lower` (expect.c). */
void symptom_parse_line(parser *P, pline *ln);

#endif
