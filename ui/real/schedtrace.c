/*
 * schedtrace.c — read GODEBUG=schedtrace[,scheddetail=1] output into
 * gmp_snap states (see schedtrace.h). The runtime prints (proc.go,
 * schedtrace):
 *
 *   SCHED 103ms: gomaxprocs=2 idleprocs=0 threads=139 spinningthreads=0
 *     [needspinning=0] idlethreads=0 runqueue=0 [2 0]             (alone)
 *     ... runqueue=0 gcwaiting=0 nmidlelocked=0 stopwait=0 sysmonwait=0 (detail)
 *     P0: status=1 schedtick=5 syscalltick=2 m=3 runqsize=0 gfreecnt=0 timerslen=0
 *     M3: p=0 curg=4 mallocing=0 throwing=0 preemptoff= locks=1 dying=0
 *         spinning=false blocked=false lockedg=-1
 *     G4: status=4(force gc (idle)) m=-1 lockedm=-1
 *
 * Fields are "key=value" separated by one space; a value runs to the next
 * " key=" (preemptoff and wait reasons may hold spaces and parentheses).
 * Fields a newer Go adds are accepted and skipped; a field this reader needs
 * that is missing, or a value that is not what the runtime prints, is an
 * error naming the line.
 */
#include "schedtrace.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KV_MAX 32

/* One "key=value" field of a line (pointers into the line). */
typedef struct kv {
	const char *k, *v; /* key and value */
	int kn, vn;        /* their lengths */
} kv;

/* A parsed line's fields. */
typedef struct fields {
	kv f[KV_MAX];
	int n;
} fields;

static int fail(const schedlog *l, char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* fail writes "path:line: message" into err and returns -1. */
static int fail(const schedlog *l, char *err, size_t errlen, const char *fmt, ...)
{
	char msg[STRACE_ERR];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(err, errlen, "%s:%d: %s", l->path, l->lineno, msg);
	return -1;
}

/* key_at: the length of a "key=" at s (lowercase letters, then '='), else 0. */
static int key_at(const char *s, const char *end)
{
	int n = 0;
	while (s + n < end && islower((unsigned char)s[n]))
		n++;
	return n > 0 && s + n < end && s[n] == '=' ? n : 0;
}

/* split_fields cuts [s, end) into fields; false when it is not "k=v k=v". */
static bool split_fields(const char *s, const char *end, fields *fs)
{
	fs->n = 0;
	while (s < end) {
		int kn = key_at(s, end);
		if (kn == 0 || fs->n == KV_MAX)
			return false;
		kv *f = &fs->f[fs->n++];
		f->k = s;
		f->kn = kn;
		f->v = s + kn + 1;
		const char *p = f->v;
		while (p < end && !(p[0] == ' ' && key_at(p + 1, end) > 0))
			p++;
		f->vn = (int)(p - f->v);
		s = p < end ? p + 1 : end;
	}
	return true;
}

static const kv *field(const fields *fs, const char *key)
{
	for (int i = 0; i < fs->n; i++)
		if ((size_t)fs->f[i].kn == strlen(key) && memcmp(fs->f[i].k, key, (size_t)fs->f[i].kn) == 0)
			return &fs->f[i];
	return NULL;
}

/* num parses a whole decimal value, signed; an id is >= 0, or "nil" or -1
 * for none. */
static bool num(const char *v, int n, bool id, long long *out)
{
	if (id && n == 3 && memcmp(v, "nil", 3) == 0) {
		*out = -1;
		return true;
	}
	if (n == 0 || n > 20)
		return false;
	char b[24];
	memcpy(b, v, (size_t)n);
	b[n] = '\0';
	char *e;
	errno = 0;
	long long x = strtoll(b, &e, 10);
	/* counts are the runtime's int32s, printed signed: nmidlelocked is
	 * seen at -1 while an M moves between lists */
	if (*e || errno || (id && x < -1) || x > 0x7fffffff || x < -0x7fffffffLL - 1)
		return false;
	*out = x;
	return true;
}

/* get_int reads a required numeric field into *out. */
static int get_int(const schedlog *l, const fields *fs, const char *key, bool id, int *out,
                   char *err, size_t errlen)
{
	const kv *f = field(fs, key);
	long long x;
	if (!f)
		return fail(l, err, errlen, "missing %s=", key);
	if (!num(f->v, f->vn, id, &x))
		return fail(l, err, errlen, "%s=%.*s: expected %s", key, f->vn, f->v,
		            id ? "an id, -1 or nil" : "a count");
	*out = (int)x;
	return 0;
}

/* opt_int reads an optional field: -1 when absent. */
static int opt_int(const schedlog *l, const fields *fs, const char *key, int *out, char *err,
                   size_t errlen)
{
	*out = -1;
	return field(fs, key) ? get_int(l, fs, key, false, out, err, errlen) : 0;
}

/* get_flag reads true/false (Go 1.20+) or 1/0 (before). */
static int get_flag(const schedlog *l, const fields *fs, const char *key, int *out, char *err,
                    size_t errlen)
{
	const kv *f = field(fs, key);
	if (!f)
		return fail(l, err, errlen, "missing %s=", key);
	if ((f->vn == 4 && !memcmp(f->v, "true", 4)) || (f->vn == 1 && f->v[0] == '1'))
		*out = 1;
	else if ((f->vn == 5 && !memcmp(f->v, "false", 5)) || (f->vn == 1 && f->v[0] == '0'))
		*out = 0;
	else
		return fail(l, err, errlen, "%s=%.*s: expected true or false", key, f->vn, f->v);
	return 0;
}

static void *grow(void *p, int *cap, int need, size_t size)
{
	if (need <= *cap)
		return p;
	int c = *cap ? *cap * 2 : 16;
	while (c < need)
		c *= 2;
	*cap = c;
	return gmp_xrealloc(p, (size_t)c * size);
}

/* parse_list reads "[2 0]" or "[ 2 0 ]" at *s into a new array. */
static int parse_list(const char **s, const char *end, int **out, int *n)
{
	const char *p = *s;
	if (p >= end || *p != '[')
		return -1;
	p++;
	int cap = 0;
	*out = NULL;
	*n = 0;
	for (;;) {
		while (p < end && *p == ' ')
			p++;
		if (p < end && *p == ']')
			break;
		const char *q = p;
		while (q < end && isdigit((unsigned char)*q))
			q++;
		long long x;
		if (q == p || !num(p, (int)(q - p), false, &x))
			return -1;
		*out = grow(*out, &cap, *n + 1, sizeof **out);
		(*out)[(*n)++] = (int)x;
		p = q;
	}
	*s = p + 1;
	return 0;
}

/* sched_lists reads the tail of a SCHED line without scheddetail:
 * " [a b]" and, from Go 1.25, " schedticks=[ x y ]". */
static int sched_lists(schedlog *l, gmp_snap *s, const char *p, const char *end, char *err,
                       size_t errlen)
{
	if (parse_list(&p, end, &s->runqsizes, &s->nrunq) < 0)
		return fail(l, err, errlen, "bad run queue list");
	if (p < end && !strncmp(p, " schedticks=", 12)) {
		int n;
		p += 12;
		if (parse_list(&p, end, &s->schedticks, &n) < 0 || n != s->nrunq)
			return fail(l, err, errlen, "bad schedticks list");
	}
	if (p != end)
		return fail(l, err, errlen, "unexpected text after the run queue list");
	return 0;
}

/* sched_line parses "SCHED Nms: k=v ..." into a fresh state. */
static int sched_line(schedlog *l, const char *s, const char *end, char *err, size_t errlen)
{
	gmp_snap *c = &l->cur;
	memset(c, 0, sizeof *c);
	l->pcap = l->mcap = l->gcap = 0;
	c->line = l->lineno;
	const char *p = s + 6, *q = p;
	while (q < end && isdigit((unsigned char)*q))
		q++;
	long long ms;
	if (q == p || end - q < 4 || memcmp(q, "ms: ", 4) != 0 || !num(p, (int)(q - p), false, &ms))
		return fail(l, err, errlen, "expected \"SCHED <N>ms: \"");
	c->t = ms * 1000000LL;
	p = q + 4;
	const char *list = memchr(p, '[', (size_t)(end - p));
	fields fs;
	const char *kvend = list ? list - 1 : end;
	if (list && (list == p || list[-1] != ' '))
		return fail(l, err, errlen, "bad run queue list");
	if (!split_fields(p, kvend, &fs))
		return fail(l, err, errlen, "expected key=value fields after \"SCHED %lldms:\"", ms);
	if (get_int(l, &fs, "gomaxprocs", false, &c->gomaxprocs, err, errlen) ||
	    get_int(l, &fs, "idleprocs", false, &c->idleprocs, err, errlen) ||
	    get_int(l, &fs, "threads", false, &c->threads, err, errlen) ||
	    get_int(l, &fs, "spinningthreads", false, &c->spinningthreads, err, errlen) ||
	    get_int(l, &fs, "idlethreads", false, &c->idlethreads, err, errlen) ||
	    get_int(l, &fs, "runqueue", false, &c->runqueue, err, errlen) ||
	    opt_int(l, &fs, "needspinning", &c->needspinning, err, errlen))
		return -1;
	c->gcwaiting = c->nmidlelocked = c->stopwait = c->sysmonwait = -1;
	if (list)
		return sched_lists(l, c, list, end, err, errlen);
	if (!field(&fs, "gcwaiting"))
		return fail(l, err, errlen, "neither a run queue list nor scheddetail's gcwaiting=");
	c->have |= SNAP_DETAIL;
	if (get_flag(l, &fs, "gcwaiting", &c->gcwaiting, err, errlen) ||
	    get_int(l, &fs, "nmidlelocked", false, &c->nmidlelocked, err, errlen) ||
	    get_int(l, &fs, "stopwait", false, &c->stopwait, err, errlen) ||
	    get_flag(l, &fs, "sysmonwait", &c->sysmonwait, err, errlen))
		return -1;
	l->open = true;
	return 0;
}

/* p_line: "  P0: status=1 schedtick=5 syscalltick=2 m=3 runqsize=0 gfreecnt=0 [timerslen=0]" */
static int p_line(schedlog *l, int id, const fields *fs, char *err, size_t errlen)
{
	gmp_snap *c = &l->cur;
	c->ps = grow(c->ps, &l->pcap, c->np + 1, sizeof *c->ps);
	snap_p *p = &c->ps[c->np];
	memset(p, 0, sizeof *p);
	gmp_pview *v = &p->v;
	int st, sched, sys, ntimers;
	v->id = id;
	v->curg = v->runnext = -1;
	v->slice_start = v->run_start = -1;
	if (get_int(l, fs, "status", false, &st, err, errlen) ||
	    get_int(l, fs, "schedtick", false, &sched, err, errlen) ||
	    get_int(l, fs, "syscalltick", false, &sys, err, errlen) ||
	    get_int(l, fs, "m", true, &v->m, err, errlen) ||
	    get_int(l, fs, "runqsize", false, &v->runqsize, err, errlen) ||
	    get_int(l, fs, "gfreecnt", false, &v->gfreecnt, err, errlen) ||
	    opt_int(l, fs, "timerslen", &ntimers, err, errlen))
		return -1;
	if (st >= P__COUNT)
		return fail(l, err, errlen, "status=%d: a P's status is 0 to %d", st, P__COUNT - 1);
	v->status = (gmp_pstatus)st;
	v->schedtick = (uint32_t)sched;
	v->syscalltick = (uint32_t)sys;
	v->ntimers = ntimers;
	c->np++;
	return 0;
}

/* m_line: "  M3: p=0 curg=4 mallocing=0 throwing=0 preemptoff= locks=1 dying=0
 * spinning=false blocked=false lockedg=-1" */
static int m_line(schedlog *l, int id, const fields *fs, char *err, size_t errlen)
{
	gmp_snap *c = &l->cur;
	c->ms = grow(c->ms, &l->mcap, c->nm + 1, sizeof *c->ms);
	snap_m *m = &c->ms[c->nm];
	memset(m, 0, sizeof *m);
	int spin, blocked;
	m->v.id = id;
	m->v.born = 0;
	m->v.died = -1;
	if (get_int(l, fs, "p", true, &m->v.p, err, errlen) ||
	    get_int(l, fs, "curg", true, &m->v.curg, err, errlen) ||
	    opt_int(l, fs, "mallocing", &m->mallocing, err, errlen) ||
	    opt_int(l, fs, "throwing", &m->throwing, err, errlen) ||
	    opt_int(l, fs, "locks", &m->locks, err, errlen) ||
	    opt_int(l, fs, "dying", &m->dying, err, errlen) ||
	    get_flag(l, fs, "spinning", &spin, err, errlen) ||
	    get_flag(l, fs, "blocked", &blocked, err, errlen) ||
	    get_int(l, fs, "lockedg", true, &m->v.lockedg, err, errlen))
		return -1;
	const kv *po = field(fs, "preemptoff");
	if (po)
		snprintf(m->preemptoff, sizeof m->preemptoff, "%.*s", po->vn, po->v);
	m->v.spinning = spin;
	m->blocked = blocked;
	c->nm++;
	return 0;
}

/* g_line: "  G1: status=4(chan receive) m=-1 lockedm=-1" */
static int g_line(schedlog *l, int id, const fields *fs, char *err, size_t errlen)
{
	gmp_snap *c = &l->cur;
	const kv *f = field(fs, "status");
	if (!f)
		return fail(l, err, errlen, "missing status=");
	const char *open = memchr(f->v, '(', (size_t)f->vn);
	long long st;
	if (!open || f->v[f->vn - 1] != ')' || !num(f->v, (int)(open - f->v), false, &st) || st > 9)
		return fail(l, err, errlen, "status=%.*s: expected status=N(wait reason)", f->vn, f->v);
	c->gs = grow(c->gs, &l->gcap, c->ng + 1, sizeof *c->gs);
	snap_g *g = &c->gs[c->ng];
	memset(g, 0, sizeof *g);
	g->v.id = id;
	g->v.status = (gmp_gstatus)st;
	g->v.func = -1;
	g->v.runnable_since = -1;
	int wn = f->vn - (int)(open - f->v) - 2;
	snprintf(g->wait, sizeof g->wait, "%.*s", wn, open + 1);
	g->v.wait = WAIT_NONE;
	for (int w = 1; w < WAIT__COUNT; w++)
		if (g->wait[0] && !strcmp(waitreason_name((gmp_waitreason)w), g->wait))
			g->v.wait = (gmp_waitreason)w;
	if (get_int(l, fs, "m", true, &g->v.m, err, errlen) ||
	    get_int(l, fs, "lockedm", true, &g->v.lockedm, err, errlen))
		return -1;
	c->ng++;
	return 0;
}

/* detail_kind: 'P', 'M' or 'G' when the line begins "  X<digits>:", else 0. */
static char detail_kind(const char *s, const char *end, int *id, const char **rest)
{
	if (end - s < 5 || s[0] != ' ' || s[1] != ' ' || !strchr("PMG", s[2]) || !isdigit((unsigned char)s[3]))
		return 0;
	const char *p = s + 3;
	long long x = 0;
	while (p < end && isdigit((unsigned char)*p) && x < 0x7fffffff)
		x = x * 10 + (*p++ - '0');
	if (p >= end || *p != ':' || x >= 0x7fffffff)
		return 0;
	*id = (int)x;
	*rest = p + 1 < end && p[1] == ' ' ? p + 2 : p + 1;
	return s[2];
}

int schedlog_line(schedlog *l, const char *line, size_t len, char *err, size_t errlen)
{
	const char *end = line + len, *rest;
	int id;
	l->lineno++;
	if (len && end[-1] == '\r')
		end--;
	if (len >= 6 && !memcmp(line, "SCHED ", 6)) {
		schedlog_flush(l);
		int rc = sched_line(l, line, end, err, errlen);
		if (rc < 0) {
			snap_free(&l->cur);
			return -1;
		}
		if (!(l->cur.have & SNAP_DETAIL)) {
			l->open = true;
			schedlog_flush(l);
		}
		return 1;
	}
	char k = detail_kind(line, end, &id, &rest);
	if (!k) {
		l->other++;
		return 0;
	}
	if (!l->open)
		return fail(l, err, errlen, "a %c line outside a scheddetail snapshot", k);
	if (memchr(line, '\0', len))
		return fail(l, err, errlen, "a NUL byte in a %c line", k);
	fields fs;
	if (!split_fields(rest, end, &fs))
		return fail(l, err, errlen, "expected key=value fields after \"%c%d:\"", k, id);
	if (++l->rows > l->max_rows)
		return fail(l, err, errlen, "more than %ld P, M and G lines in all: gmpscope keeps at most that "
		            "many (use a longer schedtrace interval)", l->max_rows);
	if (k == 'P')
		return p_line(l, id, &fs, err, errlen) < 0 ? -1 : 1;
	if (k == 'M')
		return m_line(l, id, &fs, err, errlen) < 0 ? -1 : 1;
	return g_line(l, id, &fs, err, errlen) < 0 ? -1 : 1;
}

/* derive fills what the lines imply: each P's G (its M's curg) and each M's
 * state; nothing the log does not say. */
static void derive(gmp_snap *s)
{
	for (int i = 0; i < s->nm; i++) {
		gmp_mview *m = &s->ms[i].v;
		const snap_g *g = m->curg >= 0 ? snap_find_g(s, m->curg) : NULL;
		if (m->p >= 0)
			m->state = m->spinning ? M_SPINNING : M_RUNNING;
		else if (g && g->v.status == G_SYSCALL)
			m->state = M_SYSCALL;
		else if (s->ms[i].blocked)
			m->state = m->lockedg >= 0 ? M_LOCKED_IDLE : M_IDLE;
		else
			m->state = M_RUNNING; /* no P, not parked: sysmon, or a thread between states */
		if (m->p >= 0 && m->p < s->np && s->ps[m->p].v.m == m->id)
			s->ps[m->p].v.curg = m->curg;
	}
}

bool schedlog_flush(schedlog *l)
{
	if (!l->open)
		return false;
	l->open = false;
	derive(&l->cur);
	l->snaps = grow(l->snaps, &l->cap, l->n + 1, sizeof *l->snaps);
	l->snaps[l->n++] = l->cur;
	memset(&l->cur, 0, sizeof l->cur);
	return true;
}

void schedlog_discard(schedlog *l)
{
	snap_free(&l->cur);
	l->open = false;
}

void schedlog_init(schedlog *l, const char *path)
{
	memset(l, 0, sizeof *l);
	l->max_rows = STRACE_ROWS_MAX;
	snprintf(l->path, sizeof l->path, "%s", path);
}

void schedlog_free(schedlog *l)
{
	for (int i = 0; i < l->n; i++)
		snap_free(&l->snaps[i]);
	snap_free(&l->cur);
	free(l->snaps);
	memset(l, 0, sizeof *l);
}

/* binary: NUL bytes, or many bytes that are neither text nor UTF-8. */
static bool binary(const char *b, size_t n)
{
	size_t odd = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)b[i];
		if (c == 0)
			return true;
		if (c < 32 && c != '\n' && c != '\t' && c != '\r')
			odd++;
	}
	return odd * 20 > n;
}

int schedlog_read_file(const char *path, schedlog *l, char *err, size_t errlen)
{
	schedlog_init(l, path);
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int rc = 0;
	while ((n = getline(&line, &cap, fp)) > 0) {
		bool nl = line[n - 1] == '\n';
		size_t len = (size_t)n - (nl ? 1 : 0);
		if (binary(line, (size_t)n)) {
			l->lineno++;
			rc = fail(l, err, errlen, "binary data: not GODEBUG=schedtrace output");
			break;
		}
		int k = schedlog_line(l, line, len, err, errlen);
		if (k != 0 && !nl) {   /* a cut trace line: say so, not what is odd in it */
			rc = fail(l, err, errlen, "truncated: the log ends inside this line");
			break;
		}
		if (k < 0) {
			rc = -1;
			break;
		}
	}
	if (rc == 0 && ferror(fp)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		rc = -1;
	}
	free(line);
	fclose(fp);
	if (rc == 0) {
		schedlog_flush(l);
		if (l->n == 0) {
			snprintf(err, errlen, "%s: no SCHED line: not GODEBUG=schedtrace output", path);
			rc = -1;
		}
	}
	return rc;
}
