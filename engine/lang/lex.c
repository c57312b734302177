/*
 * lex.c — the first step of reading a scenario: bytes → logical lines of
 * tokens → an indentation tree (see parse.h for the whole pipeline).
 *
 * The file is checked byte by byte before anything else: NUL bytes, control
 * characters and invalid UTF-8 are errors, a carriage return is accepted only
 * before a newline (CRLF files). Indentation is made of spaces; a tab there is
 * an error (tabs are fine between tokens and inside heredocs, where Go listings
 * keep theirs). Blank lines and comment lines do not count for indentation.
 *
 * A heredoc opens with <<WORD as the last token of a line; the body is every
 * following line up to a line holding only WORD. The common leading whitespace
 * of the body is removed.
 */
#include "parse.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- errors ------------------------------------------------------------- */

/* verr records an error, once (a variant `like` another repeats its
 * lines' errors). */
static void verr(parser *P, int line, int col, const char *fmt, va_list ap)
{
	perror_t e = { line, col, "" };
	vsnprintf(e.msg, sizeof e.msg, fmt, ap);
	for (int i = 0; i < P->nerrs; i++)
		if (P->errs[i].line == line && P->errs[i].col == col && strcmp(P->errs[i].msg, e.msg) == 0)
			return;
	if (P->nerrs < PARSE_MAX_ERRORS)
		P->errs[P->nerrs++] = e;
}

/* unwind goes to the innermost recovery point, or ends the parse when
 * there is none or the file has given enough errors. */
static _Noreturn void unwind(parser *P)
{
	if (P->rp && P->nerrs < PARSE_MAX_ERRORS)
		longjmp(*P->rp, 1);
	longjmp(P->jb, 1);
}

void perr(parser *P, int line, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	verr(P, line, col, fmt, ap);
	va_end(ap);
	unwind(P);
}

void perr_tok(parser *P, const ptok *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	verr(P, t->line, t->col, fmt, ap);
	va_end(ap);
	unwind(P);
}

static int errcmp(const void *a, const void *b)
{
	const perror_t *x = a, *y = b;
	return x->line != y->line ? (x->line > y->line) - (x->line < y->line) : (x->col > y->col) - (x->col < y->col);
}

void perr_format(parser *P)
{
	if (!P->err || P->errlen == 0)
		return;
	qsort(P->errs, (size_t)P->nerrs, sizeof P->errs[0], errcmp);
	size_t used = 0;
	P->err[0] = '\0';
	for (int i = 0; i < P->nerrs; i++) {
		char line[400];
		int n = snprintf(line, sizeof line, "%s%s:%d:%d: %s", i ? "\n" : "", P->path, P->errs[i].line,
		                 P->errs[i].col, P->errs[i].msg);
		if (n < 0)
			break;
		if (used + (size_t)n + 1 > P->errlen) {
			if (i == 0)   /* the first line, cut: still one line */
				snprintf(P->err, P->errlen, "%s", line);
			break;
		}
		memcpy(P->err + used, line, (size_t)n + 1);
		used += (size_t)n;
	}
}

/* ---- memory ------------------------------------------------------------- */

struct parena {
	struct parena *next;
	size_t used, cap;
	max_align_t data[];
};

void *pa_alloc(parser *P, size_t n)
{
	n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
	if (n == 0)
		n = sizeof(max_align_t);
	if (n > PARSE_MAX_ARENA || P->arena_used + n > PARSE_MAX_ARENA)
		perr(P, 1, 1, "scenario too large (parser memory limit reached)");
	parena *a = P->arena;
	if (!a || a->cap - a->used < n) {
		size_t cap = n > 65536 ? n : 65536;
		a = gmp_xmalloc(sizeof *a + cap);
		a->next = P->arena;
		a->used = 0;
		a->cap = cap;
		P->arena = a;
	}
	void *p = (char *)a->data + a->used;
	a->used += n;
	P->arena_used += n;
	memset(p, 0, n);
	return p;
}

char *pa_strndup(parser *P, const char *s, size_t n)
{
	char *d = pa_alloc(P, n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

void pa_free_all(parser *P)
{
	free(P->scratch);
	P->scratch = NULL;
	P->scratch_cap = 0;
	while (P->arena) {
		parena *n = P->arena->next;
		free(P->arena);
		P->arena = n;
	}
	P->arena_used = 0;
}

/* ---- byte-level checks -------------------------------------------------- */

/* utf8_len returns the length of the valid UTF-8 sequence at p, 0 if invalid. */
static int utf8_len(const unsigned char *p, size_t n)
{
	unsigned c = p[0];
	int len;
	unsigned min;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) { len = 2; min = 0x80; }
	else if (c >= 0xe0 && c <= 0xef) { len = 3; min = 0x800; }
	else if (c >= 0xf0 && c <= 0xf4) { len = 4; min = 0x10000; }
	else return 0;
	if ((size_t)len > n)
		return 0;
	unsigned cp = c & (0x3f >> (len - 1));
	for (int i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

static void check_bytes(parser *P)
{
	const unsigned char *b = (const unsigned char *)P->buf;
	int line = 1, col = 1;
	for (size_t i = 0; i < P->len;) {
		unsigned c = b[i];
		if (c == '\n') { line++; col = 1; i++; continue; }
		if (c == 0)
			perr(P, line, col, "NUL byte in file");
		if (c == '\r' && (i + 1 == P->len || b[i + 1] == '\n')) { i++; continue; }
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			perr(P, line, col, "control character 0x%02x in file", c);
		int n = utf8_len(b + i, P->len - i);
		if (n == 0)
			perr(P, line, col, "invalid UTF-8 byte 0x%02x", c);
		i += (size_t)n;
		col++;
	}
}

/* ---- tokens ------------------------------------------------------------- */

bool tok_is(const ptok *t, const char *w)
{
	return t->kind == TK_WORD && (size_t)t->len == strlen(w) && memcmp(t->s, w, (size_t)t->len) == 0;
}

char *tok_name(parser *P, const ptok *t)
{
	return pa_strndup(P, t->s, (size_t)t->len);
}

const char *tok_desc(parser *P, const ptok *t)
{
	char buf[96];
	int n = t->len > 40 ? 40 : t->len;
	switch (t->kind) {
	case TK_EOL: return "end of line";
	case TK_STR: /* as written: the decoded text may hold newlines */
		n = t->srclen > 40 ? 40 : t->srclen;
		snprintf(buf, sizeof buf, "string %.*s%s", n, t->src, n < t->srclen ? "...\"" : "");
		break;
	case TK_HEREDOC: return "heredoc";
	default: snprintf(buf, sizeof buf, "'%.*s%s'", n, t->s, n < t->len ? "..." : ""); break;
	}
	return pa_strndup(P, buf, strlen(buf));
}

static bool is_alpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
static bool is_digit(int c) { return c >= '0' && c <= '9'; }

/* line scanning state */
typedef struct lscan {
	parser *P;
	const char *ls, *le;   /* the physical line */
	int lineno;
	ptok *t;               /* the tokens so far (P->scratch) */
	int nt;
	const char *cp;        /* col_of's cache: cp is at column ccol */
	int ccol;
} lscan;

/* col_of is the 1-based column (in characters) of p. Tokens come in order,
 * so counting resumes from the last answer: long lines stay linear. */
static int col_of(lscan *L, const char *p)
{
	if (!L->cp || p < L->cp) {
		L->cp = L->ls;
		L->ccol = 1;
	}
	for (; L->cp < p; L->cp++)
		if (((unsigned char)*L->cp & 0xc0) != 0x80)
			L->ccol++;
	return L->ccol;
}

static ptok *push_tok(lscan *L, int kind, const char *s, int len, const char *at)
{
	parser *P = L->P;
	if (L->nt + 1 >= P->scratch_cap) {
		if (P->scratch_cap >= (1 << 22))
			perr(P, L->lineno, col_of(L, at), "line too long (more than %d tokens)", 1 << 22);
		int ncap = P->scratch_cap ? P->scratch_cap * 2 : 64;
		P->scratch = gmp_xrealloc(P->scratch, sizeof *P->scratch * (size_t)ncap);
		P->scratch_cap = ncap;
	}
	L->t = P->scratch;
	ptok *t = &L->t[L->nt++];
	memset(t, 0, sizeof *t);
	t->kind = (uint8_t)kind;
	t->s = s;
	t->len = len;
	t->line = L->lineno;
	t->col = col_of(L, at);
	t->src = at;
	t->srclen = len;
	return t;
}

static const char *lex_string(lscan *L, const char *p)
{
	parser *P = L->P;
	const char *start = p++;
	char *out = pa_alloc(P, (size_t)(L->le - p) + 1);
	int n = 0;
	for (;;) {
		if (p >= L->le)
			perr(P, L->lineno, col_of(L, start), "unterminated string");
		if (*p == '"')
			break;
		if (*p == '\\') {
			char e = p + 1 < L->le ? p[1] : ' ';
			switch (e) {
			case '"': out[n++] = '"'; break;
			case '\\': out[n++] = '\\'; break;
			case 'n': out[n++] = '\n'; break;
			case 't': out[n++] = '\t'; break;
			default:
				perr(P, L->lineno, col_of(L, p), "unknown escape '\\%c' in string (use \\\" \\\\ \\n \\t)",
				     (unsigned char)e >= 0x21 && (unsigned char)e < 0x7f ? e : '?');
			}
			p += 2;
			continue;
		}
		out[n++] = *p++;
	}
	out[n] = '\0';
	ptok *t = push_tok(L, TK_STR, out, n, start);
	t->srclen = (int)(p + 1 - start);
	return p + 1;
}

static const char *lex_number(lscan *L, const char *p)
{
	const char *s = p;
	while (p < L->le && (is_digit(*p) || (*p == '_' && p + 1 < L->le && is_digit(p[1]))))
		p++;
	if (p + 1 < L->le && *p == '.' && is_digit(p[1])) {
		p++;
		while (p < L->le && (is_digit(*p) || (*p == '_' && p + 1 < L->le && is_digit(p[1]))))
			p++;
	}
	/* an exponent: 2.7e7, 1e-3 (no unit starts with e) */
	if (p < L->le && (*p == 'e' || *p == 'E')) {
		const char *q = p + 1;
		if (q < L->le && (*q == '+' || *q == '-'))
			q++;
		if (q < L->le && is_digit(*q)) {
			p = q;
			while (p < L->le && is_digit(*p))
				p++;
		}
	}
	while (p < L->le && (is_alpha(*p) || *p == '%' ||
	                     ((unsigned char)*p == 0xc2 && p + 1 < L->le && (unsigned char)p[1] == 0xb5)))
		p += ((unsigned char)*p == 0xc2) ? 2 : 1;
	if (p - s > 64)
		perr(L->P, L->lineno, col_of(L, s), "number too long");
	push_tok(L, TK_NUM, s, (int)(p - s), s);
	return p;
}

static const char *lex_word(lscan *L, const char *p)
{
	const char *s = p;
	while (p < L->le && (is_alpha(*p) || is_digit(*p) || *p == '.' ||
	                     (*p == '-' && p + 1 < L->le && (is_alpha(p[1]) || is_digit(p[1])))))
		p++;
	if (p - s > PARSE_MAX_NAME)
		perr(L->P, L->lineno, col_of(L, s), "name too long (at most %d characters)", PARSE_MAX_NAME);
	push_tok(L, TK_WORD, s, (int)(p - s), s);
	return p;
}

static const struct { const char *s; int op; } ops[] = {
	{"==", PO_EQ}, {"!=", PO_NE}, {"<=", PO_LE}, {">=", PO_GE}, {"~=", PO_APPROX},
	{"&&", PO_AND}, {"||", PO_OR},
	{"+-", PO_PM}, {"\xc2\xb1", PO_PM}, {"<", PO_LT}, {">", PO_GT}, {"~", PO_MATCH},
	{"+", PO_PLUS}, {"-", PO_MINUS}, {"*", PO_STAR}, {"/", PO_SLASH}, {"%", PO_PERCENT},
	{"(", PO_LPAREN}, {")", PO_RPAREN}, {"!", PO_NOT}, {"=", PO_ASSIGN}, {",", PO_COMMA},
};

/* lex_line tokenizes one physical line; returns true when it ends with a
 * heredoc opener (the last token). */
static void lex_line(lscan *L)
{
	parser *P = L->P;
	const char *p = L->ls;
	while (p < L->le) {
		char c = *p;
		if (c == ' ' || c == '\t') { p++; continue; }
		if (c == '#')
			break;
		if (c == '"') { p = lex_string(L, p); continue; }
		if (is_digit(c)) { p = lex_number(L, p); continue; }
		if (is_alpha(c)) { p = lex_word(L, p); continue; }
		if (c == '@') {
			const char *s = p++;
			int64_t v = 0;
			if (p >= L->le || !is_digit(*p))
				perr(P, L->lineno, col_of(L, s), "expected a Go listing line number after '@'");
			while (p < L->le && is_digit(*p)) {
				v = v * 10 + (*p++ - '0');
				if (v > 65535)
					perr(P, L->lineno, col_of(L, s), "listing line out of range (at most 65535)");
			}
			if (v == 0)
				perr(P, L->lineno, col_of(L, s), "listing lines start at @1");
			if (p < L->le && (is_alpha(*p) || *p == '.'))
				perr(P, L->lineno, col_of(L, s), "expected a Go listing line number after '@'");
			ptok *t = push_tok(L, TK_AT, s, (int)(p - s), s);
			t->at = v;
			continue;
		}
		if (c == '<' && p + 1 < L->le && p[1] == '<') {
			const char *s = p;
			p += 2;
			if (p >= L->le || !is_alpha(*p))
				perr(P, L->lineno, col_of(L, s), "expected a word after '<<' (a heredoc: <<GO ... GO)");
			const char *w = p;
			while (p < L->le && (is_alpha(*p) || is_digit(*p)))
				p++;
			if (p - w > PARSE_MAX_NAME)
				perr(P, L->lineno, col_of(L, w), "name too long (at most %d characters)", PARSE_MAX_NAME);
			ptok *h = push_tok(L, TK_HEREDOC, w, (int)(p - w), s);
			h->srclen = (int)(p - s);
			while (p < L->le && (*p == ' ' || *p == '\t'))
				p++;
			if (p < L->le && *p != '#')
				perr(P, L->lineno, col_of(L, p), "nothing may follow a heredoc opener on its line");
			break;
		}
		bool found = false;
		for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
			size_t n = strlen(ops[i].s);
			if ((size_t)(L->le - p) >= n && memcmp(p, ops[i].s, n) == 0) {
				ptok *t = push_tok(L, TK_OP, p, (int)n, p);
				t->op = (uint8_t)ops[i].op;
				p += n;
				found = true;
				break;
			}
		}
		if (found)
			continue;
		if ((unsigned char)c >= 0x21 && (unsigned char)c < 0x7f)
			perr(P, L->lineno, col_of(L, p), "unexpected character '%c'", c);
		perr(P, L->lineno, col_of(L, p), "unexpected character (only ASCII outside strings, comments and heredocs)");
	}
}

/* next_line finds the physical line starting at *pos; returns false at EOF. */
static bool next_line(parser *P, size_t *pos, const char **ls, const char **le)
{
	if (*pos >= P->len)
		return false;
	const char *s = P->buf + *pos;
	const char *e = memchr(s, '\n', P->len - *pos);
	size_t adv;
	if (!e) {
		e = P->buf + P->len;
		adv = P->len - *pos;
	} else {
		adv = (size_t)(e - s) + 1;
	}
	*pos += adv;
	*ls = s;
	*le = (e > s && e[-1] == '\r') ? e - 1 : e;
	return true;
}

static void read_heredoc(parser *P, ptok *t, size_t *pos, int *lineno)
{
	const char *ls, *le;
	int cap = 0;
	char **hd = NULL;
	int n = 0;
	for (;;) {
		if (!next_line(P, pos, &ls, &le))
			perr_tok(P, t, "unterminated heredoc: no line '%.*s' closes it", t->len, t->s);
		(*lineno)++;
		const char *a = ls, *b = le;
		while (a < b && (*a == ' ' || *a == '\t')) a++;
		while (b > a && (b[-1] == ' ' || b[-1] == '\t')) b--;
		if (b - a == t->len && memcmp(a, t->s, (size_t)t->len) == 0)
			break;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			char **nh = pa_alloc(P, sizeof *nh * (size_t)cap);
			if (n)
				memcpy(nh, hd, sizeof *nh * (size_t)n);
			hd = nh;
		}
		/* keep trailing whitespace out: it is invisible and only hurts diffs */
		const char *e = le;
		while (e > ls && (e[-1] == ' ' || e[-1] == '\t')) e--;
		hd[n++] = pa_strndup(P, ls, (size_t)(e - ls));
	}
	/* remove the common leading whitespace of non-blank lines */
	const char *pre = NULL;
	size_t plen = 0;
	for (int i = 0; i < n; i++) {
		if (!hd[i][0])
			continue;
		size_t w = strspn(hd[i], " \t");
		if (!pre) { pre = hd[i]; plen = w; continue; }
		size_t k = 0;
		while (k < plen && k < w && hd[i][k] == pre[k]) k++;
		plen = k;
	}
	for (int i = 0; i < n && plen; i++)
		if (hd[i][0])
			hd[i] += plen;
	t->hd = hd;
	t->nhd = n;
}

void lex_file(parser *P)
{
	check_bytes(P);
	size_t pos = 0;
	int lineno = 0, cap = 0;
	const char *ls, *le;
	P->lines = NULL;
	P->nlines = 0;
	while (next_line(P, &pos, &ls, &le)) {
		lineno++;
		lscan L = { .P = P, .ls = ls, .le = le, .lineno = lineno };
		int indent = 0;
		for (const char *p = ls; p < le && (*p == ' ' || *p == '\t'); p++) {
			if (*p == '\t') {
				const char *q = p;
				while (q < le && (*q == ' ' || *q == '\t')) q++;
				if (q < le && *q != '#')
					perr(P, lineno, col_of(&L, p), "tab in indentation (indent with spaces)");
				break;
			}
			indent++;
		}
		lex_line(&L);
		if (L.nt == 0)
			continue;
		ptok *eol = push_tok(&L, TK_EOL, "", 0, le);
		if (eol[-1].kind == TK_HEREDOC) {
			read_heredoc(P, &eol[-1], &pos, &lineno);
			/* the end of line is reported after the opener */
		}
		if (P->nlines == cap) {
			cap = cap ? cap * 2 : 64;
			pline *nl = pa_alloc(P, sizeof *nl * (size_t)cap);
			if (P->nlines)
				memcpy(nl, P->lines, sizeof *nl * (size_t)P->nlines);
			P->lines = nl;
		}
		pline *pl = &P->lines[P->nlines++];
		pl->lineno = L.t[0].line;
		pl->indent = indent;
		pl->t = pa_alloc(P, sizeof *pl->t * (size_t)L.nt);
		memcpy(pl->t, L.t, sizeof *pl->t * (size_t)L.nt);
		pl->nt = L.nt - 1;
		pl->child = pl->next = -1;
	}

	/* the indentation tree */
	int stack[PARSE_MAX_NEST + 1];
	int depth = -1;
	P->first = P->nlines ? 0 : -1;
	for (int i = 0; i < P->nlines; i++) {
		pline *l = &P->lines[i];
		if (depth < 0) {
			if (l->indent != 0)
				perr(P, l->lineno, l->t[0].col, "unexpected indentation (top-level lines start in column 1)");
			stack[++depth] = i;
			continue;
		}
		pline *top = &P->lines[stack[depth]];
		if (l->indent > top->indent) {
			if (depth == PARSE_MAX_NEST)
				perr(P, l->lineno, l->t[0].col, "blocks nested too deeply (at most %d levels)", PARSE_MAX_NEST);
			top->child = i;
			stack[++depth] = i;
			continue;
		}
		while (depth > 0 && P->lines[stack[depth]].indent > l->indent)
			depth--;
		top = &P->lines[stack[depth]];
		if (top->indent != l->indent)
			perr(P, l->lineno, l->t[0].col, "indentation does not match any enclosing block");
		top->next = i;
		stack[depth] = i;
	}
}

/* ---- cursor ------------------------------------------------------------- */

ptok *cur_peek(pcur *c)
{
	return &c->ln->t[c->i];
}

ptok *cur_next(pcur *c)
{
	ptok *t = &c->ln->t[c->i];
	if (t->kind != TK_EOL)
		c->i++;
	return t;
}

bool cur_at_end(pcur *c)
{
	ptok *t = cur_peek(c);
	return t->kind == TK_EOL || (t->kind == TK_AT && t[1].kind == TK_EOL);
}

bool cur_is_op(pcur *c, int op)
{
	ptok *t = cur_peek(c);
	return t->kind == TK_OP && t->op == op;
}
