/*
 * coherence.c — see coherence.h.
 *
 * The checks read what the screen says (the canvas text) where a number is
 * printed, and the engine's views where the panels draw state with glyphs
 * and colours, so a contradiction between two panels shows up whichever of
 * the two is wrong.
 */
#include "coherence.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- taking a frame --------------------------------------------------- */

/* take_p copies P p's row, its M and its newest timeline piece. */
static void take_p(const gmp_engine *e, int p, coh_p *out, gmp_segment *segs)
{
	memset(out, 0, sizeof *out);
	engine_p_view(e, p, &out->pv);
	out->have_m = out->pv.m >= 0;
	if (out->have_m)
		engine_m_view(e, out->pv.m, &out->mv);
	int n = engine_segments(e, p, segs, GMP_SEGMENTS);
	out->have_seg = n > 0;
	if (n > 0)
		out->seg = segs[n - 1];
}

/* take_events copies the newest COH_EVENTS visible events, oldest first. */
static void take_events(const gmp_engine *e, coh_frame *f)
{
	uint64_t total = engine_event_total(e);
	coh_ev tmp[COH_EVENTS];
	int n = 0;
	for (uint64_t s = total; s > 0 && total - s < GMP_EVENT_RING && n < COH_EVENTS; s--) {
		const gmp_event *ev = engine_event_get(e, s - 1);
		if (!ev)
			break;
		if (!ev->visible)
			continue;
		tmp[n++] = (coh_ev){ ev->t, ev->kind, ev->g, ev->n };
	}
	f->nev = n;
	for (int i = 0; i < n; i++)
		f->ev[i] = tmp[n - 1 - i];
}

bool coh_take(const appstate *st, const canvas *c, coh_frame *f)
{
	memset(f, 0, sizeof *f);
	const gmp_engine *e = st->eng;
	f->rs = engine_runstate(e);
	f->now = engine_now(e);
	f->np = engine_nprocs(e);
	f->nms = engine_nms(e);
	f->ps = calloc((size_t)(f->np > 0 ? f->np : 1), sizeof *f->ps);
	f->ms = calloc((size_t)(f->nms > 0 ? f->nms : 1), sizeof *f->ms);
	gmp_segment *segs = malloc(sizeof *segs * GMP_SEGMENTS);
	size_t cap = (size_t)c->h * ((size_t)c->w * 4 + 1) + 1;
	f->text = malloc(cap);
	if (!f->ps || !f->ms || !segs || !f->text) {
		free(segs);
		coh_free(f);
		return false;
	}
	for (int p = 0; p < f->np; p++)
		take_p(e, p, &f->ps[p], segs);
	free(segs);
	for (int m = 0; m < f->nms; m++)
		engine_m_view(e, m, &f->ms[m]);
	f->galive = engine_g_count(e, G_RUNNABLE) + engine_g_count(e, G_RUNNING) +
	            engine_g_count(e, G_SYSCALL) + engine_g_count(e, G_WAITING);
	f->grunning = engine_g_count(e, G_RUNNING);
	double peak = 0;
	if (engine_metric(e, "goroutines_peak", &peak) && peak > f->galive)
		f->galive = (int)peak;
	engine_metric(e, "throttled_periods", &f->throttled_periods);
	f->nanims = st->nanims;
	memcpy(f->anims, st->anims, sizeof st->anims[0] * (size_t)st->nanims);
	take_events(e, f);
	f->w = c->w;
	f->h = c->h;
	size_t o = 0;
	for (int y = 0; y < c->h; y++) {
		o += (size_t)canvas_row_text(c, y, f->text + o, (int)(cap - o));
		f->text[o++] = '\n';
	}
	f->text[o] = 0;
	return true;
}

void coh_free(coh_frame *f)
{
	free(f->ps);
	free(f->ms);
	free(f->text);
	memset(f, 0, sizeof *f);
}

/* ---- judging a frame -------------------------------------------------- */

/* verdict collects broken conditions; the first one is kept in why. */
typedef struct verdict {
	int nbad;
	char *why;
	size_t len;
} verdict;

static void bad(verdict *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void bad(verdict *v, const char *fmt, ...)
{
	if (v->nbad++ == 0 && v->len > 0) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(v->why, v->len, fmt, ap);
		va_end(ap);
	}
}

/* num_after parses the integer after the first occurrence of key in text,
 * skipping spaces; false when key is not on screen. */
static bool num_after(const char *text, const char *key, long *out)
{
	const char *s = strstr(text, key);
	if (!s)
		return false;
	s += strlen(key);
	while (*s == ' ')
		s++;
	char *end;
	long v = strtol(s, &end, 10);
	if (end == s)
		return false;
	*out = v;
	return true;
}

/* check_threads: the Threads panel's totals add up, and a wedged count
 * names as many wedged Ms as the engine has. */
static void check_threads(const coh_frame *f, verdict *v)
{
	long live, created, exited, wedged = 0;
	/* the Threads panel's top edge: "live N  created N  exited N  wedged N" */
	const char *s = strstr(f->text, "live ");
	while (s && !num_after(s, "live ", &live))
		s = strstr(s + 1, "live ");
	if (!s || !num_after(s, "created ", &created) || !num_after(s, "exited ", &exited))
		return;   /* the panel is not on screen (an overlay, a tiny size) */
	const char *eol = strchr(s, '\n'), *w = strstr(s, "wedged ");
	if (w && w < eol)
		num_after(w, "wedged ", &wedged);
	if (live != created - exited - wedged)
		bad(v, "threads: live %ld, created %ld, exited %ld, wedged %ld do not add up", live, created,
		    exited, wedged);
	long nwedged = 0;
	for (int m = 0; m < f->nms; m++)
		nwedged += f->ms[m].wedged;
	if (nwedged != wedged)
		bad(v, "threads: %ld wedged shown, %ld wedged Ms", wedged, nwedged);
}

/* check_throttle: a throttled P implies a throttled period, on screen and
 * in the engine. */
static void check_throttle(const coh_frame *f, verdict *v)
{
	int p = 0;
	while (p < f->np && !f->ps[p].pv.throttled)
		p++;
	if (p == f->np)
		return;
	long shown;
	if (f->throttled_periods < 1)
		bad(v, "throttle: P%d is throttled, throttled_periods is %.0f", p, f->throttled_periods);
	else if (num_after(f->text, "throttled periods", &shown) && shown < 1)
		bad(v, "throttle: P%d is throttled, the screen says throttled periods %ld", p, shown);
}

/* p_m_agree: the P's row and the M it names agree; "" when they do. */
static const char *p_m_agree(const coh_p *cp)
{
	const gmp_pview *pv = &cp->pv;
	if (pv->status == P_IDLE)
		return cp->have_m ? "an idle P names an M" : pv->curg >= 0 ? "an idle P runs a G" : "";
	if (!cp->have_m)
		return pv->status == P_RUNNING ? "a running P has no M" : "";
	const gmp_mview *mv = &cp->mv;
	if (pv->status == P_SYSCALL)
		return "";   /* the M left it: it may be anywhere */
	if (mv->p != pv->id)
		return "its M holds another P";
	if (mv->state == M_DEAD || mv->state == M_IDLE || mv->state == M_LOCKED_IDLE ||
	    mv->state == M_SYSCALL || mv->state == M_CGO || mv->state == M_NETPOLL)
		return "its M is not running";
	if (pv->curg >= 0 && mv->curg != pv->curg)
		return "its M runs another G";
	return "";
}

/* p_seg_agree: the P's row and its timeline's newest piece agree. */
static const char *p_seg_agree(const coh_p *cp)
{
	const gmp_pview *pv = &cp->pv;
	if (!cp->have_seg)
		return "";
	int k = cp->seg.kind;
	if (pv->status == P_IDLE)
		return k == SEG_IDLE ? "" : "the timeline does not show it idle";
	if (pv->status == P_SYSCALL)
		return k == SEG_SYSCALL ? "" : "the timeline does not show it in a syscall";
	if (pv->status != P_RUNNING)
		return "";
	if (pv->throttled)
		return k == SEG_THROTTLED ? "" : "the timeline does not show it throttled";
	if (k == SEG_IDLE || k == SEG_SYSCALL || k == SEG_THROTTLED)
		return "the timeline does not show it running";
	if (pv->curg >= 0 && !pv->cpu_wait && (k != SEG_RUN || cp->seg.g != pv->curg))
		return "the timeline shows another G or none";
	if (pv->curg < 0 && k == SEG_RUN)
		return "the timeline shows a G the row does not";
	return "";
}

/* check_pma: each P's row, its M and its timeline tell one story; an M that
 * says it holds a P is the one that P names. */
static void check_pma(const coh_frame *f, verdict *v)
{
	for (int p = 0; p < f->np; p++) {
		const char *w = p_m_agree(&f->ps[p]);
		if (!*w)
			w = p_seg_agree(&f->ps[p]);
		if (*w) {
			bad(v, "P%d (%s, M%d, G%d; timeline kind %d): %s", p, pstatus_name(f->ps[p].pv.status),
			    f->ps[p].pv.m, f->ps[p].pv.curg, f->ps[p].have_seg ? f->ps[p].seg.kind : -1, w);
			return;
		}
	}
	for (int m = 0; m < f->nms; m++) {
		const gmp_mview *mv = &f->ms[m];
		if (mv->state == M_DEAD || mv->p < 0 || mv->p >= f->np)
			continue;
		const gmp_pview *pv = &f->ps[mv->p].pv;
		if (pv->m != m && pv->status != P_SYSCALL)
			bad(v, "M%d says it holds P%d, which names M%d", m, mv->p, pv->m);
	}
}

/* check_notes: no number of goroutines on screen exceeds those that exist
 * (or ever existed at once: a note may outlive goroutines that exit). */
static void check_notes(const coh_frame *f, verdict *v)
{
	static const char *const keys[] = { "stole ", "▲ " , "▼ ", "(" };
	for (const char *s = f->text; *s; s++) {
		for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
			size_t kl = strlen(keys[k]);
			if (strncmp(s, keys[k], kl) != 0)
				continue;
			char *end;
			long n = strtol(s + kl, &end, 10);
			if (end == s + kl)
				continue;
			/* "stole N" counts goroutines; elsewhere only "N G" does */
			bool gs = k == 0 || (end[0] == ' ' && end[1] == 'G' && (end[2] == ' ' || end[2] == ')'));
			if (gs && n > f->galive)
				bad(v, "a note claims %ld goroutines, at most %d existed: \"%.40s\"", n, f->galive, s);
		}
	}
}

/* check_preempt: no goroutine is captioned preempted and blocked at the
 * same instant of virtual time. (A G preempted at its next call and blocking
 * right after it is rescheduled, tens of ns later, is two instants: the
 * runtime does the same; the narration shows them in one microsecond.) */
static void check_preempt(const coh_frame *f, verdict *v)
{
	for (int i = 0; i < f->nev; i++) {
		if (f->ev[i].kind != EV_PREEMPTED)
			continue;
		for (int j = 0; j < f->nev; j++)
			if (f->ev[j].kind == EV_PARK && f->ev[j].g == f->ev[i].g &&
			    f->ev[j].t == f->ev[i].t)
				bad(v, "G%d is preempted and blocks at %lldns", f->ev[i].g, (long long)f->ev[i].t);
	}
}

/* check_exit: after the program ended nothing runs. */
static void check_exit(const coh_frame *f, verdict *v)
{
	if (f->rs != RUN_EXITED && f->rs != RUN_FATAL)
		return;
	if (f->grunning > 0)
		bad(v, "exit: %d goroutines still running", f->grunning);
	for (int p = 0; p < f->np; p++)
		if (f->ps[p].pv.curg >= 0)
			bad(v, "exit: P%d still runs G%d", p, f->ps[p].pv.curg);
	for (int m = 0; m < f->nms; m++)
		if (f->ms[m].state == M_RUNNING || f->ms[m].state == M_SPINNING)
			bad(v, "exit: M%d is still %s", m, mstate_name(f->ms[m].state));
	if (strstr(f->text, "▶G"))
		bad(v, "exit: a G is drawn running");
}

/* check_fields: a number with a unit never runs into the next word. */
static void check_fields(const coh_frame *f, verdict *v)
{
	static const char *const units[] = { "ns", "µs", "ms" };
	for (const char *s = f->text; *s; s++) {
		if (*s < '0' || *s > '9')
			continue;
		for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
			size_t ul = strlen(units[u]);
			if (strncmp(s + 1, units[u], ul) != 0)
				continue;
			char after = s[1 + ul];
			if ((after >= 'a' && after <= 'z') || (after >= 'A' && after <= 'Z'))
				bad(v, "a field runs into the next: \"%.24s\"", s);
		}
	}
}

int coh_check(const coh_frame *f, char *why, size_t len)
{
	verdict v = { 0, why, len };
	if (len > 0)
		why[0] = 0;
	check_threads(f, &v);
	check_throttle(f, &v);
	check_pma(f, &v);
	check_notes(f, &v);
	check_preempt(f, &v);
	check_exit(f, &v);
	check_fields(f, &v);
	return v.nbad;
}
