/*
 * esc_scan.c — the strict scan of recording output (see esc_scan.h).
 *
 * It knows the syntax of what gmpscope may emit and the screen size, and
 * nothing of cells: rendering is libvterm's job (tests/replay.c). The one
 * piece of pen state it keeps is SGR 2 (faint), which libvterm 0.1.4 ignores.
 */
#include "esc_scan.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int failf(esc_scan *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int failf(esc_scan *s, const char *fmt, ...)
{
	if (s->err[0])
		return -1;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->err, sizeof s->err, fmt, ap);
	va_end(ap);
	return -1;
}

void esc_scan_init(esc_scan *s, int w, int h)
{
	memset(s, 0, sizeof *s);
	s->w = w;
	s->h = h;
}

/* sgr_ok checks an SGR's parameters against the set the recorders use:
 * reset, bold, faint, underline, reverse and their offs, the 8/16 colours,
 * defaults, and 38;5;N / 48;5;N. It follows the faint bit. */
static int sgr_ok(esc_scan *s, const int *p, int n)
{
	if (n == 0)
		s->faint = false;
	for (int i = 0; i < n; i++) {
		int a = p[i];
		if (a == 0 || a == 22)
			s->faint = false;
		else if (a == 2)
			s->faint = true;
		else if ((a == 38 || a == 48) && i + 2 < n && p[i + 1] == 5 && p[i + 2] <= 255)
			i += 2;
		else if (!(a == 1 || a == 4 || a == 7 || a == 24 || a == 27 || a == 39 || a == 49 ||
		           (a >= 30 && a <= 37) || (a >= 40 && a <= 47) || (a >= 90 && a <= 97) ||
		           (a >= 100 && a <= 107)))
			return failf(s, "unsupported SGR parameter %d", a);
	}
	return 0;
}

/* csi checks the complete sequence in s->seq ("ESC [ ... final") and says
 * which token it is; -1 on a sequence outside the promise. */
static int csi(esc_scan *s, esc_token *kind)
{
	const char *q = s->seq + 2;
	size_t len = s->seq_len - 2;
	char final = q[len - 1];
	bool priv = q[0] == '?';
	int p[16], n = 0;
	bool have = false;
	for (size_t i = priv; i + 1 < len; i++) {
		char c = q[i];
		if (c >= '0' && c <= '9') {
			if (!have)
				p[n] = 0;
			if (p[n] > 100000)
				return failf(s, "CSI parameter too large");
			p[n] = p[n] * 10 + (c - '0');
			have = true;
		} else if (c == ';') {
			if (!have)
				p[n] = 0;
			if (++n == 16)
				return failf(s, "too many CSI parameters");
			have = false;
		} else {
			return failf(s, "unexpected '%c' in CSI parameters", c);
		}
	}
	if (have || n > 0) {
		if (!have)
			p[n] = 0;
		n++;
	}
	*kind = ESC_OTHER;
	if (priv) {
		if (n == 1 && p[0] == 25 && (final == 'l' || final == 'h'))
			return 0;
		return failf(s, "unsupported private mode sequence");
	}
	switch (final) {
	case 'H': {
		int row = n > 0 && p[0] > 0 ? p[0] : 1, col = n > 1 && p[1] > 0 ? p[1] : 1;
		if (n > 2 || row > s->h || col > s->w)
			return failf(s, "CUP %d;%d outside %dx%d", row, col, s->w, s->h);
		return 0;
	}
	case 'J': case 'K':
		if (n > 1 || (n == 1 && p[0] > 2))
			return failf(s, "unsupported erase mode %d", p[0]);
		*kind = ESC_ERASE;
		return 0;
	case 'm':
		return sgr_ok(s, p, n);
	default:
		return failf(s, "unsupported CSI final '%c'", final);
	}
}

/* utf8_byte checks one byte of text; returns 1 when it ends a code point,
 * 0 inside one, -1 on invalid UTF-8 (overlong, surrogate, past U+10FFFF).
 * A code point split between two pieces reaches libvterm in two writes,
 * which it joins. */
static int utf8_byte(esc_scan *s, unsigned char b)
{
	if (s->utf_need) {
		if ((b & 0xC0) != 0x80)
			return failf(s, "invalid UTF-8 continuation 0x%02x", b);
		s->utf_cp = s->utf_cp << 6 | (b & 0x3Fu);
		if (--s->utf_need)
			return 0;
		if (s->utf_cp < s->utf_min || s->utf_cp > 0x10FFFF || (s->utf_cp >= 0xD800 && s->utf_cp <= 0xDFFF))
			return failf(s, "invalid UTF-8 sequence");
		return 1;
	}
	if (b < 0x20 || b == 0x7f)
		return failf(s, "control byte 0x%02x", b);
	if (b < 0x80)
		return 1;
	if (b < 0xC2 || b > 0xF4)
		return failf(s, "invalid UTF-8 lead byte 0x%02x", b);
	s->utf_need = b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : 1;
	s->utf_min = b >= 0xF0 ? 0x10000 : b >= 0xE0 ? 0x800 : 0x80;
	s->utf_cp = b & (b >= 0xF0 ? 0x07u : b >= 0xE0 ? 0x0Fu : 0x1Fu);
	return 0;
}

int esc_scan_feed(esc_scan *s, const char *data, size_t len, esc_emit *emit, void *user)
{
	if (s->err[0])
		return -1;
	size_t text = 0, text_end = 0; /* the pending run of text: [text, text_end) */
	for (size_t i = 0; i < len; i++) {
		unsigned char b = (unsigned char)data[i];
		if (s->seq_len) {
			if (s->seq_len == 1 && b != '[')
				return failf(s, "escape ESC %c is not a CSI", b);
			if (s->seq_len >= sizeof s->seq)
				return failf(s, "CSI too long");
			s->seq[s->seq_len++] = (char)b;
			if (s->seq_len > 2 && b >= 0x40 && b <= 0x7e) {
				esc_token kind;
				if (csi(s, &kind) < 0)
					return -1;
				emit(kind, s->seq, s->seq_len, user);
				s->seq_len = 0;
				text = text_end = i + 1;
			} else if (s->seq_len > 2 && (b < 0x20 || b > 0x7e)) {
				return failf(s, "byte 0x%02x inside CSI", b);
			}
			continue;
		}
		if (b == 0x1b && !s->utf_need) {
			if (text_end > text)
				emit(ESC_TEXT, data + text, text_end - text, user);
			text = text_end;
			s->seq[0] = 0x1b;
			s->seq_len = 1;
			continue;
		}
		if (utf8_byte(s, b) < 0)
			return -1;
		text_end = i + 1;
	}
	if (text_end > text)
		emit(ESC_TEXT, data + text, text_end - text, user);
	return 0;
}
