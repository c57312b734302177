/*
 * view.c — the whole frame: layout, header, footer and the overlays' order,
 * plus the small helpers every panel uses.
 *
 * Drawing order: panels, then the end-of-run summary (over the source), the
 * explanation (over source + metrics), the picker and help on top. Nothing
 * here changes the engine or the appstate.
 */
#include "view.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "view_priv.h"

/* ---- formatting ------------------------------------------------------ */

const char *view_fmt_time(int64_t ns, char *buf, size_t len)
{
	if (ns < 0)
		ns = 0;
	if (ns < 1000)
		snprintf(buf, len, "%lldns", (long long)ns);
	else if (ns < 1000000)
		snprintf(buf, len, "%lld.%03lldµs", (long long)(ns / 1000), (long long)(ns % 1000));
	else if (ns < 1000000000)
		snprintf(buf, len, "%lld.%03lldms", (long long)(ns / 1000000),
		         (long long)(ns / 1000 % 1000));
	else
		snprintf(buf, len, "%lld.%03llds", (long long)(ns / 1000000000),
		         (long long)(ns / 1000000 % 1000));
	return buf;
}

const char *view_fmt_dur(int64_t ns, char *buf, size_t len)
{
	static const struct { int64_t unit; const char *name; } u[] = {
		{1000000000LL, "s"}, {1000000LL, "ms"}, {1000LL, "µs"}, {1LL, "ns"},
	};
	if (ns < 0)
		ns = -ns;
	for (size_t i = 0; i < 4; i++) {
		if (ns >= u[i].unit || i == 3) {
			if (ns % u[i].unit == 0)
				snprintf(buf, len, "%lld%s", (long long)(ns / u[i].unit), u[i].name);
			else
				snprintf(buf, len, "%.3g%s", (double)ns / (double)u[i].unit, u[i].name);
			return buf;
		}
	}
	return buf;
}

const char *view_fmt_count(double v, char *buf, size_t len)
{
	if (v < 0)
		snprintf(buf, len, "%.0f", v);
	else if (v < 10000)
		snprintf(buf, len, "%.0f", v);
	else if (v < 1e6)
		snprintf(buf, len, "%.1fk", v / 1e3);
	else if (v < 1e9)
		snprintf(buf, len, "%.2fM", v / 1e6);
	else
		snprintf(buf, len, "%.2fG", v / 1e9);
	return buf;
}

/* ---- drawing helpers ------------------------------------------------- */

void view_frame(canvas *c, lrect r, const char *title, bool focused)
{
	canvas_fill(c, r.x, r.y, r.w, r.h, ' ', ROLE_DEFAULT);
	canvas_box(c, r.x, r.y, r.w, r.h, title, focused ? ROLE_SELECTED : ROLE_BORDER);
}

int view_frame_right(canvas *c, lrect r, const char *text, canvas_role role)
{
	int w = utf8_width(text);
	int x = r.x + r.w - 2 - w - 1;
	if (x < r.x + 2)
		return r.x + r.w;
	canvas_put(c, x - 1, r.y, ' ', ROLE_BORDER);
	canvas_put_str(c, x, r.y, text, role, w);
	canvas_put(c, x + w, r.y, ' ', ROLE_BORDER);
	return x;
}

int view_frame_right_bottom(canvas *c, lrect r, const char *text, canvas_role role)
{
	lrect b = r;
	b.y = r.y + r.h - 1;
	return view_frame_right(c, b, text, role);
}

/* mark_cut ends a cut text at xmax with an ellipsis: "…", or "..." in ASCII
 * (where glyph_ascii's '~' would read as a spinning M); room is the width
 * the text had. */
static void mark_cut(canvas *c, int xmax, int y, int room, canvas_role role)
{
	int dots = room < 3 ? room : 3;
	if (!c->ascii)
		canvas_put(c, xmax - 1, y, 0x2026, role); /* … */
	else
		canvas_put_str(c, xmax - dots, y, "...", role, dots);
}

int view_put(canvas *c, int x, int y, int xmax, const char *text, canvas_role role)
{
	if (x >= xmax)
		return x;
	int room = xmax - x, n = canvas_put_str(c, x, y, text, role, room);
	if (n == room && utf8_width(text) > room) {
		mark_cut(c, xmax, y, room, role);
	}
	return x + n;
}

int view_putf(canvas *c, int x, int y, int xmax, canvas_role role, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return view_put(c, x, y, xmax, buf, role);
}

int view_wrap(canvas *c, int x, int *y, int w, int ymax, const char *text, canvas_role role)
{
	/* reflow: a single newline is a space, a blank line ends a paragraph */
	char flow[4096];
	size_t o = 0;
	for (const char *p = text; *p && o < sizeof flow - 1; p++) {
		if (*p == '\n') {
			const char *q = p + 1;
			while (*q == ' ' || *q == '\t')
				q++;
			if (*q == '\n') {
				flow[o++] = '\n';
				p = q;
			} else {
				flow[o++] = ' ';
			}
		} else {
			flow[o++] = *p == '\t' ? ' ' : *p;
		}
	}
	flow[o] = 0;
	int rows = 0;
	const char *s = flow;
	while (*s && *y < ymax) {
		while (*s == ' ')
			s++;
		if (!*s)
			break;
		/* take as many words as fit in w cells */
		const char *p = s, *cut = NULL;
		int cells = 0;
		while (*p && *p != '\n') {
			uint32_t cp;
			int n = utf8_decode(p, &cp);
			if (cells == w)
				break;
			if (cp == ' ')
				cut = p;
			p += n;
			cells++;
		}
		const char *end = p;
		if (*p && *p != '\n' && cut && cut > s)
			end = cut;
		char line[1024];
		size_t len = (size_t)(end - s) < sizeof line - 1 ? (size_t)(end - s) : sizeof line - 1;
		memcpy(line, s, len);
		line[len] = 0;
		if (c)
			canvas_put_str(c, x, *y, line, role, w);
		(*y)++;
		rows++;
		s = end;
		if (*s == '\n')
			s++;
	}
	while (*s == ' ' || *s == '\n')
		s++;
	if (c && *s && rows > 0 && w > 0) /* out of rows: the last one says so */
		mark_cut(c, x + w, *y - 1, w, role);
	return rows;
}

canvas_role view_grole(gmp_gstatus s)
{
	switch (s) {
	case G_RUNNING: return ROLE_RUNNING;
	case G_RUNNABLE: return ROLE_RUNNABLE;
	case G_WAITING: return ROLE_WAITING;
	case G_SYSCALL: return ROLE_SYSCALL;
	case G_DEAD: return ROLE_DEAD;
	default: return ROLE_DIM;
	}
}

canvas_role view_mrole(gmp_mstate s)
{
	switch (s) {
	case M_RUNNING: return ROLE_RUNNING;
	case M_SPINNING: return ROLE_SPINNING;
	case M_IDLE: return ROLE_IDLE;
	case M_SYSCALL: return ROLE_SYSCALL;
	case M_CGO: return ROLE_SYSCALL;
	case M_LOCKED_IDLE: return ROLE_LOCKED;
	case M_CPU_WAIT: return ROLE_RUNNABLE;
	case M_THROTTLED: return ROLE_THROTTLED;
	case M_DEAD: return ROLE_DEAD;
	case M_SYSMON: return ROLE_SYSMON;
	case M_NETPOLL: return ROLE_WAITING;
	default: return ROLE_DEFAULT;
	}
}

/* view_mglyph returns an M state's glyph. The ASCII glyphs are chosen here
 * rather than by glyph_ascii's look-alikes, which would draw four states as
 * 'o': each state keeps a character of its own (~ spins, c is a C call, =
 * queues for a CPU, / is the quota's hatching). */
uint32_t view_mglyph(gmp_mstate s, bool ascii)
{
	switch (s) {
	case M_RUNNING: return ascii ? '>' : 0x25B6;     /* ▶ */
	case M_SPINNING: return ascii ? '~' : 0x25C7;    /* ◇ */
	case M_IDLE: return ascii ? 'o' : 0x25CC;        /* ◌ */
	case M_SYSCALL: return ascii ? 'v' : 0x25BC;     /* ▼ */
	case M_CGO: return ascii ? 'c' : 0x25A1;         /* □ */
	case M_LOCKED_IDLE: return ascii ? 'x' : 0x2298; /* ⊘ */
	case M_CPU_WAIT: return ascii ? '=' : 0x25CB;    /* ○ */
	case M_THROTTLED: return ascii ? '/' : 0x25AA;   /* ▪ */
	case M_DEAD: return ascii ? 't' : 0x271D;        /* ✝ */
	case M_SYSMON: return ascii ? '*' : 0x25C6;      /* ◆ */
	case M_NETPOLL: return ascii ? '@' : 0x25CF;     /* ● */
	default: return '?';
	}
}

const char *view_func_name(const appstate *st, int func)
{
	const gmp_program *p = st->eng ? engine_program(st->eng) : NULL;
	if (!p || func < 0 || func >= p->nfuncs || !p->funcs[func].name)
		return "?";
	return p->funcs[func].name;
}

bool view_g_by_id(const appstate *st, int id, gmp_gview *gv)
{
	if (id < 0)
		return false;
	int slot = engine_g_find(st->eng, id);
	return slot >= 0 && engine_g_view(st->eng, slot, gv);
}

const ui_anim *view_anim_find(const appstate *st, int kind, int p, int p2, int m)
{
	const ui_anim *best = NULL;
	for (int i = 0; i < st->nanims; i++) {
		const ui_anim *a = &st->anims[i];
		if (a->kind != kind)
			continue;
		if (p >= 0 && a->p != p)
			continue;
		if (p2 >= 0 && a->p2 != p2)
			continue;
		if (m >= 0 && a->m != m)
			continue;
		if (!best || a->seq > best->seq)
			best = a;
	}
	return best;
}

double view_metric(const appstate *st, const char *name, bool *ok)
{
	double v = 0;
	bool got = st->eng && engine_metric(st->eng, name, &v);
	if (ok)
		*ok = got;
	return got ? v : 0;
}

/* ---- header and footer ----------------------------------------------- */

static canvas_role badge_role(const char *name)
{
	if (!strcmp(name, "bug"))
		return ROLE_BUG;
	if (!strcmp(name, "fix"))
		return ROLE_FIX;
	return ROLE_VARIANT;
}

void view_header(canvas *c, lrect r, const appstate *st)
{
	int y = r.y, xmax = r.x + r.w;
	canvas_fill(c, r.x, y, r.w, 1, ' ', ROLE_TITLE);
	char right[160], tb[32], sb[32];
	const gmp_variant *v = appstate_variant(st);
	if (!v || !st->eng) {
		view_put(c, r.x + 1, y, xmax, "gmpscope — pick a scenario", ROLE_TITLE);
		return;
	}
	/* right part: time, speed, state (always shown) */
	const char *state;
	canvas_role srole = ROLE_TITLE;
	char stb[48];
	switch (engine_runstate(st->eng)) {
	case RUN_EXITED:
		snprintf(stb, sizeof stb, "exited %d", engine_exit_code(st->eng));
		state = stb;
		srole = engine_exit_code(st->eng) == 0 ? ROLE_OK : ROLE_ALERT;
		break;
	case RUN_FATAL:
		state = "fatal error";
		srole = ROLE_ALERT;
		break;
	case RUN_HORIZON:
		state = "horizon reached";
		break;
	case RUN_GAVEUP:
		state = "gave up (--max-events)";
		srole = ROLE_ALERT;
		break;
	default:
		state = st->playing ? "▶ playing" : "|| paused";
		srole = st->playing ? ROLE_RUNNING : ROLE_TITLE;
	}
	snprintf(right, sizeof right, "  t=%s  %s/s  ", view_fmt_time(st->vt, tb, sizeof tb),
	         view_fmt_dur(st->speed, sb, sizeof sb));
	int rw = utf8_width(right) + utf8_width(state) + 1;
	int rx = xmax - rw;
	int x = r.x + 1;
	x = view_put(c, x, y, rx, "gmpscope  ", ROLE_DIM);
	if (appstate_quiz_hidden(st)) {   /* nothing that names the scenario */
		char qs[96];
		snprintf(qs, sizeof qs, "quiz · question %d of %d", st->quiz->cur + 1, st->quiz->n);
		x = view_put(c, x, y, rx, qs, ROLE_TITLE);
		const gmp_config *qc = engine_config(st->eng);
		view_putf(c, x + 2, y, rx, ROLE_DEFAULT, "go1.%d  GOMAXPROCS=%d  CPUs=%d", qc->go_minor,
		          engine_gomaxprocs(st->eng), qc->ncpu);
		x = view_put(c, rx, y, xmax, right, ROLE_TITLE);
		view_put(c, x, y, xmax, state, srole);
		return;
	}
	char num[8];
	snprintf(num, sizeof num, "%02d ", st->scen.number);
	x = view_put(c, x, y, rx, num, ROLE_TITLE);
	/* badge and settings need about 60 cells; the title gets the rest */
	const gmp_config *cfg = engine_config(st->eng);
	char set[160], badge[40];
	int n = snprintf(set, sizeof set, "go1.%d  GOMAXPROCS=%d  CPUs=%d", cfg->go_minor,
	                 engine_gomaxprocs(st->eng), cfg->ncpu);
	if (cfg->quota_ns > 0 && cfg->period_ns > 0 && n > 0 && (size_t)n < sizeof set)
		snprintf(set + n, sizeof set - n, "  quota=%.1f CPU",
		         (double)cfg->quota_ns / (double)cfg->period_ns);
	/* "[FIX 2/3]": which variant, and how many `v` cycles through */
	if (st->scen.nvariants > 1)
		snprintf(badge, sizeof badge, "[%s %d/%d]", v->name, st->variant + 1, st->scen.nvariants);
	else
		snprintf(badge, sizeof badge, "[%s]", v->name);
	for (char *p = badge; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	int need = utf8_width(badge) + 2 + utf8_width(set) + 2;
	int room = rx - x - need;
	if (room < 12) {
		set[0] = 0;
		need = utf8_width(badge) + 2;
		room = rx - x - need;
	}
	const char *title = st->scen.title ? st->scen.title : "";
	int tw = utf8_width(title);
	if (tw > room) {
		canvas_put_str(c, x, y, title, ROLE_TITLE, room > 1 ? room - 1 : 0);
		x += room > 1 ? room - 1 : 0;
		x = view_put(c, x, y, rx, "…", ROLE_TITLE);
	} else {
		x = view_put(c, x, y, rx, title, ROLE_TITLE);
	}
	x = view_put(c, x, y, rx, "  ", ROLE_TITLE);
	int bx = x;
	x = view_put(c, x, y, rx, badge, badge_role(v->name));
	canvas_set_role(c, bx, y, x - bx, badge_role(v->name), ATTR_BOLD | ATTR_REVERSE);
	x = view_put(c, x, y, rx, "  ", ROLE_TITLE);
	view_put(c, x, y, rx, set, ROLE_DEFAULT);
	x = view_put(c, rx, y, xmax, right, ROLE_TITLE);
	view_put(c, x, y, xmax, state, srole);
}

/* footer_progress draws the progress of a long job in place of the keys:
 * what it runs to, the virtual time reached, the events so far, and how to
 * cancel it. */
static void footer_progress(canvas *c, lrect r, const appstate *st)
{
	const app_job *j = &st->job;
	char what[64], line[200], tb[40];
	if (j->kind == JOB_UNTIL)
		snprintf(what, sizeof what, "running until the next %s", j->what ? j->what : "event");
	else if (j->kind == JOB_RUN_TO)
		snprintf(what, sizeof what, "running to %s", view_fmt_time(j->t, tb, sizeof tb));
	else
		snprintf(what, sizeof what, "stepping to the next event");
	snprintf(line, sizeof line, "%s… t=%s, %" PRIu64 " events", what,
	         view_fmt_time(engine_now(st->eng), tb, sizeof tb), engine_event_total(st->eng) - j->events0);
	int y = r.y, x = r.x + 1, xmax = r.x + r.w;
	x = view_put(c, x, y, xmax, line, ROLE_TITLE);
	x = view_put(c, x + 2, y, xmax, "Esc", ROLE_KEY);
	view_put(c, x + 1, y, xmax, "cancel", ROLE_DEFAULT);
}

void view_footer(canvas *c, lrect r, const appstate *st)
{
	int y = r.y, x = r.x + 1, xmax = r.x + r.w;
	canvas_fill(c, r.x, y, r.w, 1, ' ', ROLE_DEFAULT);
	if (appstate_busy(st) && st->job.progress) {
		footer_progress(c, r, st);
		return;
	}
	if (st->quiz && view_quiz_footer(c, r, st))
		return;
	static const char *const main_keys[][2] = {
		{"space", "play/pause"}, {"→", "step"}, {"←", "back"}, {"g", "run-until…"},
		{"+/-", "speed"}, {"v", "variant"}, {"e", "explain"}, {"s", "scenarios"},
		{"?", "help"}, {"q", "quit"}, {"c", "compare"}, {"[ ]", "moments"}, {"Tab", "focus"},
	};
	static const char *const short_keys[][2] = {
		{"space", "play"}, {"→", "step"}, {"←", "back"}, {"g", "until"}, {"v", "variant"},
		{"e", "explain"}, {"?", "help"}, {"q", "quit"}, {"+-", "speed"}, {"s", "pick"},
	};
	static const char *const until_keys[][2] = {
		{"s", "steal"}, {"m", "new M"}, {"x", "M exit"}, {"p", "preempt"},
		{"u", "SIGURG"}, {"k", "park"}, {"y", "syscall"}, {"t", "throttle"},
		{"f", "exit/fatal"}, {"o", "overflow"}, {"Esc", "cancel"},
	};
	static const char *const pick_keys[][2] = {
		{"↑↓", "choose"}, {"0-9", "number"}, {"Home End", "first last"}, {"Enter", "open"},
		{"Esc", "close"}, {"q", "quit"},
	};
	const char *const (*keys)[2] = main_keys;
	size_t nk = sizeof main_keys / sizeof main_keys[0];
	if (r.w < 120) {
		keys = short_keys;
		nk = sizeof short_keys / sizeof short_keys[0];
	}
	if (st->until_pending) {
		x = view_put(c, x, y, xmax, "run until the next: ", ROLE_TITLE);
		keys = until_keys;
		nk = sizeof until_keys / sizeof until_keys[0];
	} else if (st->show_picker) {
		keys = pick_keys;
		nk = sizeof pick_keys / sizeof pick_keys[0];
	}
	int msgw = st->msg[0] ? utf8_width(st->msg) + 2 : 0;
	int kmax = xmax - (msgw > r.w / 2 ? r.w / 2 : msgw);
	for (size_t i = 0; i < nk; i++) {
		int need = utf8_width(keys[i][0]) + 1 + utf8_width(keys[i][1]) + 2;
		if (x + need > kmax)
			break;
		x = view_put(c, x, y, kmax, keys[i][0], ROLE_KEY);
		x = view_put(c, x + 1, y, kmax, keys[i][1], ROLE_DEFAULT);
		x += 2;
	}
	if (st->msg[0]) {
		int mx = x > kmax ? x : kmax;
		if (mx < xmax - msgw)
			mx = xmax - msgw;
		view_put(c, mx, y, xmax - 1, st->msg, ROLE_ALERT);
	}
}

/* ---- the frame ------------------------------------------------------- */

#define EXPLAIN_MIN_H 12 /* rows of the Source | Metrics band the explanation is content with */

lrect view_explain_rect(const ui_layout *L)
{
	lrect ex = L->source;
	if (ex.h >= EXPLAIN_MIN_H) {
		ex.w = L->metrics.x + L->metrics.w - L->source.x;
		return ex;
	}
	/* a thin Source | Metrics band, or none (80x24): over the timeline, the
	 * band and the narration, which the text needs more than they do */
	ex = L->timeline.h ? L->timeline : L->narr;
	ex.h = L->narr.y + L->narr.h - ex.y;
	return ex;
}

void view_render(canvas *c, const appstate *st)
{
	canvas_clear(c);
	ui_layout L;
	int np = st->eng ? engine_nprocs(st->eng) : 1;
	layout_compute(c->w, c->h, np, &L);
	if (L.too_small) {
		view_too_small(c);
		return;
	}
	if (st->quiz && st->quiz->phase == QUIZ_SUMMARY) {
		view_quiz_summary(c, st);
		view_footer(c, L.footer, st);
		return;
	}
	if (st->eng && st->peer && st->peer->eng) {
		view_compare(c, st);
		if (st->show_picker)
			view_picker(c, st);
		if (st->show_help)
			view_help(c, st);
		return;
	}
	view_header(c, L.header, st);
	if (st->eng) {
		view_procs(c, L.procs, L.proc_rows, L.gors.w == 0, st);
		view_threads(c, L.threads, st);
		if (L.timeline.h)
			view_timeline(c, L.timeline, L.tl_rows, st);
		if (L.source.h) {
			view_source(c, L.source, st);
			view_metrics(c, L.metrics, st);
		}
		if (L.gors.h)
			view_gors(c, L.gors, st);
		if (L.sigs.h)
			view_sigs(c, L.sigs, st);
		view_narr(c, L.narr, st);
		/* the quiz's line cursor needs the listing in view: a thin band
		 * (or none) gives way to the explanation's larger place */
		if (L.source.h < EXPLAIN_MIN_H && appstate_quiz_hidden(st))
			view_source(c, view_explain_rect(&L), st);
		/* the end panel would cover the quiz's line cursor (and its
		 * expectations name the variant) */
		if (engine_runstate(st->eng) != RUN_RUNNING && !st->show_explain && L.source.h &&
		    !appstate_quiz_hidden(st))
			view_end(c, L.source, st);
		if (st->show_explain)
			view_explain(c, view_explain_rect(&L), st);
		if (st->quiz && st->quiz->phase == QUIZ_REVEAL)
			view_quiz_reveal(c, view_explain_rect(&L), st);
		if (st->quiz && st->quiz->phase == QUIZ_INTRO)
			view_quiz_intro(c, st);
	}
	view_footer(c, L.footer, st);
	if (st->show_picker || !st->eng)
		view_picker(c, st);
	if (st->show_help)
		view_help(c, st);
}
