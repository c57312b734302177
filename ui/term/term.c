/*
 * term.c — the ncurses backend (see term.h). The only file including curses.
 *
 * We use newterm rather than initscr: it opens the terminal we ask for
 * (/dev/tty, so stdout can still be redirected) and returns NULL instead of
 * exiting when TERM is unknown, so the caller can report one clean line.
 *
 * Presenting is two-level, like ratatui on top of a curses-like backend: we
 * keep the last canvas we drew and hand ncurses only the cells that changed;
 * ncurses then computes the cheapest byte sequence to update the real screen.
 * After a resize or a resume the physical screen is unknown, so everything is
 * redrawn (clearok).
 *
 * Colours: one colour pair per role (pair = role + 1), set up from the theme
 * at the terminal's depth. With use_default_colors, -1 keeps the user's own
 * foreground and background; without it we fall back to white on black.
 *
 * A signal that ends the program (Ctrl-\, SIGPIPE, SIGUSR1, a crash...) must
 * not leave the terminal raw on the alternate screen with the cursor hidden:
 * term_init keeps the tty's modes from before curses and the byte sequence
 * that undoes curses (attributes off, cursor shown, keypad off, alternate
 * screen left), and a sigfatal cleanup writes and sets them (write and
 * tcsetattr are async-signal-safe). SIGINT, SIGTERM and SIGHUP are app.c's.
 */
#define NCURSES_WIDECHAR 1

#include "term.h"

#include <curses.h>
#include <langinfo.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>

#include "sigfatal.h"

static struct {
	SCREEN *scr;         /* our ncurses screen, NULL when closed */
	FILE *tty;           /* /dev/tty when we opened it, else NULL */
	FILE *in, *out;      /* the streams given to newterm */
	bool active;         /* in curses mode (between init/resume and restore/suspend) */
	theme_depth depth;   /* colour depth in use */
	bool default_colors; /* use_default_colors succeeded */
	canvas *prev;        /* last presented canvas, NULL: repaint everything */
	bool repaint;        /* the physical screen is unknown: clearok on next present */
} T;

/* what a fatal signal needs to put the terminal back, prepared beforehand */
static struct {
	volatile sig_atomic_t armed; /* in curses mode: the cleanup has work to do */
	int fd;                      /* the terminal's output */
	bool have_modes;             /* modes below were read */
	struct termios modes;        /* the tty's modes before curses */
	char seq[256];               /* the sequence that undoes curses */
	size_t len;
} F;

/* fatal_restore is the sigfatal cleanup: async-signal-safe. */
static void fatal_restore(void)
{
	if (!F.armed)
		return;
	F.armed = 0;
	if (F.len && write(F.fd, F.seq, F.len) < 0)
		F.len = 0; /* nothing to do about it: we are dying */
	if (F.have_modes)
		tcsetattr(F.fd, TCSANOW, &F.modes);
}

/* fatal_prepare builds the restore sequence from the terminfo entry and arms
 * the cleanup for the signals nobody else handles. */
static void fatal_prepare(void)
{
	static const char *const caps[] = { "sgr0", "cnorm", "rmkx", "rmcup" };
	F.fd = fileno(T.out);
	F.len = 0;
	for (size_t i = 0; i < sizeof caps / sizeof caps[0]; i++) {
		const char *v = tigetstr(caps[i]);
		if (!v || v == (char *)-1)
			continue;
		size_t n = strlen(v);
		if (F.len + n >= sizeof F.seq)
			break;
		memcpy(F.seq + F.len, v, n);
		F.len += n;
	}
	sigfatal_add(fatal_restore);
	sigfatal_arm(sigfatal_quiet);
	F.armed = 1;
}

bool term_locale_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "utf8") == 0);
}

static void setup_colors(void)
{
	T.depth = THEME_MONO;
	/* NO_COLOR: do not even start colour mode */
	if (!has_colors() || theme_depth_for(256) == THEME_MONO || start_color() != OK)
		return;
	T.default_colors = use_default_colors() == OK;
	T.depth = theme_depth_for(COLORS);
	if (COLOR_PAIRS <= ROLE__COUNT)
		T.depth = THEME_MONO;
	if (T.depth == THEME_MONO)
		return;
	for (int r = 0; r < ROLE__COUNT; r++) {
		int fg, bg;
		uint8_t attr;
		theme_resolve((canvas_role)r, 0, T.depth, &fg, &bg, &attr);
		if (!T.default_colors) {
			if (fg < 0)
				fg = COLOR_WHITE;
			if (bg < 0)
				bg = COLOR_BLACK;
		}
		init_pair((short)(r + 1), (short)fg, (short)bg);
	}
}

int term_init(char *err, size_t errlen)
{
	if (T.scr) { /* restored earlier: take the terminal back */
		if (!T.active) {
			T.active = true;
			reset_prog_mode();
			curs_set(0);
			term_invalidate();
			F.armed = 1;
		}
		return 0;
	}
	const char *term = getenv("TERM");
	if (!term || !*term) {
		snprintf(err, errlen, "gmpscope: TERM is not set: cannot open the terminal");
		return -1;
	}
	T.tty = fopen("/dev/tty", "r+");
	if (T.tty) {
		T.in = T.out = T.tty;
	} else if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) {
		T.in = stdin;
		T.out = stdout;
	} else {
		snprintf(err, errlen, "gmpscope: no terminal: interactive mode needs one "
		         "(use `gmpscope record` for headless runs)");
		return -1;
	}
	F.have_modes = tcgetattr(fileno(T.in), &F.modes) == 0;
	T.scr = newterm(NULL, T.out, T.in);
	if (!T.scr) {
		snprintf(err, errlen, "gmpscope: cannot use terminal type '%s'", term);
		if (T.tty)
			fclose(T.tty);
		T.tty = T.in = T.out = NULL;
		return -1;
	}
	set_term(T.scr);
	/* A terminal that cannot move the cursor (TERM=dumb, a hardcopy or
	 * line-mode terminal) would get a scrolling heap of frames: refuse it
	 * before anything is drawn. */
	const char *cup = tigetstr("cup");
	if (!cup || cup == (char *)-1 || tigetflag("hc") > 0) {
		snprintf(err, errlen, "gmpscope: terminal type '%s' cannot move the cursor: "
		         "use a full-screen terminal (e.g. TERM=xterm-256color) or `gmpscope record`", term);
		endwin();
		delscreen(T.scr);
		T.scr = NULL;
		if (T.tty)
			fclose(T.tty);
		T.tty = T.in = T.out = NULL;
		return -1;
	}
	T.active = true;
	set_escdelay(25);
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	leaveok(stdscr, TRUE);
	scrollok(stdscr, FALSE);
	curs_set(0);
	setup_colors();
	T.repaint = true;
	fatal_prepare();
	return 0;
}

int term_fd(void)
{
	return T.in ? fileno(T.in) : -1;
}

void term_size(int *cols, int *rows)
{
	*cols = T.scr ? COLS : 0;
	*rows = T.scr ? LINES : 0;
}

theme_depth term_depth(void)
{
	return T.depth;
}

void term_invalidate(void)
{
	canvas_free(T.prev);
	T.prev = NULL;
	T.repaint = true;
}

static attr_t curses_attr(uint8_t a)
{
	attr_t r = WA_NORMAL;
	if (a & ATTR_BOLD)
		r |= WA_BOLD;
	if (a & ATTR_REVERSE)
		r |= WA_REVERSE;
	if (a & ATTR_UNDERLINE)
		r |= WA_UNDERLINE;
	if (a & ATTR_DIM)
		r |= WA_DIM;
	return r;
}

static void draw_cell(int x, int y, const canvas_cell *cell)
{
	int fg, bg;
	uint8_t attr;
	theme_resolve((canvas_role)cell->role, cell->attr, T.depth, &fg, &bg, &attr);
	wchar_t wc[2] = { (wchar_t)cell->ch, 0 };
	cchar_t cc;
	short pair = T.depth == THEME_MONO ? 0 : (short)(cell->role + 1);
	if (setcchar(&cc, wc, curses_attr(attr), pair, NULL) != OK) {
		wc[0] = L'?';
		setcchar(&cc, wc, curses_attr(attr), pair, NULL);
	}
	/* the bottom-right cell returns ERR (the cursor cannot advance) but is drawn */
	mvwadd_wch(stdscr, y, x, &cc);
}

void term_present(const canvas *c)
{
	if (!T.active)
		return;
	bool full = !T.prev || T.prev->w != c->w || T.prev->h != c->h;
	if (full) {
		canvas_free(T.prev);
		T.prev = canvas_new(c->w, c->h, c->ascii);
		werase(stdscr);
	}
	int w = c->w < COLS ? c->w : COLS, h = c->h < LINES ? c->h : LINES;
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			const canvas_cell *n = canvas_at(c, x, y);
			const canvas_cell *o = T.prev ? canvas_at(T.prev, x, y) : NULL;
			if (full || !o || o->ch != n->ch || o->role != n->role || o->attr != n->attr)
				draw_cell(x, y, n);
		}
	if (T.prev)
		canvas_copy(T.prev, c);
	if (T.repaint) {
		clearok(curscr, TRUE);
		T.repaint = false;
	}
	wnoutrefresh(stdscr);
	doupdate();
}

int term_read_key(void)
{
	if (!T.active)
		return KEYC_NONE;
	for (;;) {
		wint_t ch;
		int rc = wget_wch(stdscr, &ch);
		if (rc == ERR)
			return KEYC_NONE;
		if (rc == KEY_CODE_YES) {
			switch (ch) {
			case KEY_UP: return KEYC_UP;
			case KEY_DOWN: return KEYC_DOWN;
			case KEY_LEFT: return KEYC_LEFT;
			case KEY_RIGHT: return KEYC_RIGHT;
			case KEY_ENTER: return KEYC_ENTER;
			case KEY_BACKSPACE: return KEYC_BACKSPACE;
			case KEY_BTAB: return KEYC_BTAB;
			case KEY_PPAGE: return KEYC_PGUP;
			case KEY_NPAGE: return KEYC_PGDN;
			case KEY_HOME: return KEYC_HOME;
			case KEY_END: return KEYC_END;
			case KEY_RESIZE:
				term_invalidate();
				return KEYC_RESIZE;
			default: continue; /* a function key we do not use */
			}
		}
		switch (ch) {
		case '\r': case '\n': return KEYC_ENTER;
		case '\t': return KEYC_TAB;
		case 27: return KEYC_ESC;
		case 127: case 8: return KEYC_BACKSPACE;
		default:
			if (ch > 0x10FFFF)
				continue;
			return (int)ch; /* printable, or a control code such as Ctrl-L (12) */
		}
	}
}

bool term_resize(void)
{
	if (!T.active)
		return false;
	struct winsize ws;
	if (ioctl(term_fd(), TIOCGWINSZ, &ws) != 0 || ws.ws_row == 0 || ws.ws_col == 0)
		return false;
	term_invalidate();
	if (ws.ws_row == LINES && ws.ws_col == COLS)
		return false;
	/* resize_term, not resizeterm: the latter also queues a KEY_RESIZE that an
	 * ev_io on the tty would not see until the next real key press */
	resize_term(ws.ws_row, ws.ws_col);
	return true;
}

void term_suspend(void)
{
	if (!T.active)
		return;
	F.armed = 0;
	endwin();
	T.active = false;
	/* stop with the default action even if the app catches SIGTSTP */
	struct sigaction dfl, old;
	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	sigaction(SIGTSTP, &dfl, &old);
	sigset_t tstp, oldmask;
	sigemptyset(&tstp);
	sigaddset(&tstp, SIGTSTP);
	sigprocmask(SIG_UNBLOCK, &tstp, &oldmask);
	raise(SIGTSTP);
	/* ... stopped here until SIGCONT ... */
	sigprocmask(SIG_SETMASK, &oldmask, NULL);
	sigaction(SIGTSTP, &old, NULL);
	T.active = true;
	F.armed = 1;
	reset_prog_mode();
	curs_set(0);
	term_resize(); /* the size may have changed while we were stopped */
	term_invalidate();
	refresh();
}

void term_restore(void)
{
	if (!T.scr)
		return;
	F.armed = 0;
	if (T.active) {
		curs_set(1);
		endwin();
		T.active = false;
	}
	if (T.out)
		fflush(T.out);
	canvas_free(T.prev);
	T.prev = NULL;
	/* the SCREEN and /dev/tty stay allocated: freeing them on a fatal path buys
	 * nothing, and term_restore must stay callable twice */
}
