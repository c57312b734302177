/*
 * keys.c — the key table of DESIGN.md and the `--keys` script parser.
 *
 * One table maps keys to actions; the `g` prefix has its own small table from
 * a letter to the event kinds it runs to. Script tokens use the same names as
 * keys_name(), so a script can be printed back.
 */
#include "keys.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "scenario.h"

static const struct {
	int key;
	keys_action act;
} key_table[] = {
	{' ', KACT_PLAY},
	{KEYC_RIGHT, KACT_STEP}, {'l', KACT_STEP}, {'n', KACT_STEP},
	{KEYC_LEFT, KACT_BACK}, {'h', KACT_BACK}, {'b', KACT_BACK},
	{'g', KACT_UNTIL},
	{'+', KACT_FASTER}, {'=', KACT_FASTER},
	{'-', KACT_SLOWER}, {'_', KACT_SLOWER},
	{'r', KACT_RESTART},
	{'v', KACT_VARIANT},
	{'c', KACT_COMPARE},
	{'[', KACT_MOMENT_PREV}, {']', KACT_MOMENT_NEXT},
	{'e', KACT_EXPLAIN},
	{'s', KACT_PICKER},
	{KEYC_TAB, KACT_FOCUS}, {KEYC_BTAB, KACT_FOCUS_BACK},
	{KEYC_UP, KACT_UP}, {'k', KACT_UP},
	{KEYC_DOWN, KACT_DOWN}, {'j', KACT_DOWN},
	{KEYC_PGUP, KACT_PGUP}, {KEYC_PGDN, KACT_PGDN},
	{KEYC_HOME, KACT_HOME}, {KEYC_END, KACT_END},
	{KEYC_ENTER, KACT_ENTER},
	{KEYC_ESC, KACT_ESC},
	{'?', KACT_HELP},
	{'q', KACT_QUIT},
	{KEYC_RESIZE, KACT_RESIZE},
};

keys_action keys_lookup(int key)
{
	if (key >= '0' && key <= '9')
		return KACT_DIGIT;
	for (size_t i = 0; i < sizeof key_table / sizeof key_table[0]; i++)
		if (key_table[i].key == key)
			return key_table[i].act;
	return KACT_NONE;
}

#define BIT(k) (1ULL << (k))

static const struct {
	int ch;
	uint64_t mask;
	const char *name;
} until_table[] = {
	{'s', BIT(EV_STEAL), "steal"},
	{'m', BIT(EV_NEWM), "new M"},
	{'x', BIT(EV_MEXIT), "M exit"},
	{'p', BIT(EV_PREEMPT_REQ), "preemption request"},
	{'u', BIT(EV_SIGURG) | BIT(EV_SIGURG_LOST), "SIGURG"},
	{'k', BIT(EV_PARK), "park"},
	{'y', BIT(EV_SYSCALL_ENTER), "syscall"},
	{'t', BIT(EV_THROTTLE), "throttle"},
	{'o', BIT(EV_OVERFLOW), "run-queue overflow"},
	{'f', BIT(EV_FATAL) | BIT(EV_DEADLOCK) | BIT(EV_EXIT), "exit / fatal"},
};

uint64_t keys_until_mask(int ch)
{
	for (size_t i = 0; i < sizeof until_table / sizeof until_table[0]; i++)
		if (until_table[i].ch == ch)
			return until_table[i].mask;
	return 0;
}

const char *keys_until_name(int ch)
{
	for (size_t i = 0; i < sizeof until_table / sizeof until_table[0]; i++)
		if (until_table[i].ch == ch)
			return until_table[i].name;
	return NULL;
}

static const struct {
	const char *name;
	int key;
	const char *design;   /* the key table's spelling (DESIGN.md, README),
	                       * also accepted in scripts; NULL: the name only */
} key_names[] = {
	{"space", ' ', NULL}, {"right", KEYC_RIGHT, NULL}, {"left", KEYC_LEFT, NULL},
	{"up", KEYC_UP, NULL}, {"down", KEYC_DOWN, NULL}, {"tab", KEYC_TAB, "Tab"},
	{"btab", KEYC_BTAB, NULL}, {"enter", KEYC_ENTER, "Enter"}, {"esc", KEYC_ESC, "Esc"},
	{"pgup", KEYC_PGUP, "PgUp"}, {"pgdn", KEYC_PGDN, "PgDn"}, {"home", KEYC_HOME, "Home"},
	{"end", KEYC_END, "End"}, {"backspace", KEYC_BACKSPACE, NULL},
};

const char *keys_name(int key, char *buf, size_t len)
{
	for (size_t i = 0; i < sizeof key_names / sizeof key_names[0]; i++)
		if (key_names[i].key == key) {
			snprintf(buf, len, "%s", key_names[i].name);
			return buf;
		}
	if (key > ' ' && key < 0x7f)
		snprintf(buf, len, "%c", key);
	else
		snprintf(buf, len, "key-%d", key);
	return buf;
}

/* parse_pause reads a pause, a duration as on the command line ("500ms",
 * "1.5ms"); returns -1 if tok is not one, -2 if it is one too large. */
static int64_t parse_pause(const char *tok, size_t len)
{
	char d[64];
	int64_t ns;
	if (len >= sizeof d)
		return -1;
	memcpy(d, tok, len);
	d[len] = '\0';
	gmp_dur_result rc = gmp_parse_duration(d, &ns);
	return rc == GMP_DUR_OK ? ns : rc == GMP_DUR_RANGE ? -2 : -1;
}

/* same_token: tok (len bytes) is exactly s. */
static bool same_token(const char *s, const char *tok, size_t len)
{
	return s && strlen(s) == len && !memcmp(s, tok, len);
}

/* parse_key reads a key: its name ("home") or the key table's spelling
 * ("Home"), or one printable character (case matters: "n" steps, "N" is no
 * key, nor is "HOME"). */
static int parse_key(const char *tok, size_t len)
{
	for (size_t i = 0; i < sizeof key_names / sizeof key_names[0]; i++)
		if (same_token(key_names[i].name, tok, len) || same_token(key_names[i].design, tok, len))
			return key_names[i].key;
	if (len == 1 && tok[0] > ' ' && tok[0] < 0x7f)
		return (unsigned char)tok[0];
	return KEYC_NONE;
}

/* quote_token writes tok for an error message: printable ASCII and valid
 * UTF-8 characters as they are (so "→" reads "→"), any other byte as \xNN,
 * at most 40 characters and never a control byte (it would reach the
 * terminal). */
static void quote_token(const char *tok, size_t len, char *out, size_t outlen)
{
	size_t o = 0;
	int shown = 0;
	for (size_t i = 0; i < len && shown < 40 && o + 8 < outlen; shown++) {
		unsigned char c = (unsigned char)tok[i];
		size_t n = c >= 0xf0 && c < 0xf5 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 && c < 0xe0 ? 2 : 1;
		bool ok = c >= 0x80 ? n > 1 && i + n <= len : c >= ' ' && c < 0x7f && c != '"' && c != '\\';
		for (size_t k = 1; ok && k < n; k++)
			ok = ((unsigned char)tok[i + k] & 0xc0) == 0x80;
		/* no overlong 3/4-byte forms, surrogates or C1 controls */
		if (ok && n == 3)
			ok = !(c == 0xe0 && (unsigned char)tok[i + 1] < 0xa0) &&
			     !(c == 0xed && (unsigned char)tok[i + 1] >= 0xa0);
		if (ok && n == 4)
			ok = !(c == 0xf0 && (unsigned char)tok[i + 1] < 0x90) &&
			     !(c == 0xf4 && (unsigned char)tok[i + 1] >= 0x90);
		if (ok && n == 2 && c == 0xc2 && (unsigned char)tok[i + 1] < 0xa0)
			ok = false;
		if (ok) {
			memcpy(out + o, tok + i, n);
			o += n;
			i += n;
		} else {
			o += (size_t)snprintf(out + o, outlen - o, c == '"' || c == '\\' ? "\\%c" : "\\x%02x", c);
			i++;
		}
	}
	out[o] = '\0';
}

/* arrow_hint names the key-script word for an arrow typed as a glyph. */
static const char *arrow_hint(const char *tok, size_t len)
{
	static const struct { const char *glyph, *name; } arrows[] = {
		{ "\xe2\x86\x92", "right" }, { "\xe2\x86\x90", "left" },
		{ "\xe2\x86\x91", "up" }, { "\xe2\x86\x93", "down" },
	};
	for (size_t i = 0; i < sizeof arrows / sizeof arrows[0]; i++)
		if (len == 3 && !memcmp(tok, arrows[i].glyph, 3))
			return arrows[i].name;
	return NULL;
}

/* next_token finds the token at or after *i: its start and length (0 = none). */
static size_t next_token(const char *script, size_t slen, size_t *i, size_t *start)
{
	while (*i < slen && isspace((unsigned char)script[*i]))
		(*i)++;
	*start = *i;
	while (*i < slen && !isspace((unsigned char)script[*i]))
		(*i)++;
	return *i - *start;
}

int keys_parse_script(const char *script, keys_item **out, int *n, char *err, size_t errlen)
{
	size_t cap = 16;
	int cnt = 0;
	keys_item *items = malloc(cap * sizeof *items);
	if (!items) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	size_t i = 0, slen = strlen(script), start, tl;
	bool after_g = false;  /* the last key was g: a kind letter must follow */
	size_t g_at = 0;
	char shown[200];
	while ((tl = next_token(script, slen, &i, &start)) > 0) {
		const char *tok = script + start;
		keys_item it = {KEYC_NONE, 0};
		int64_t p = parse_pause(tok, tl);
		if (p == -2 && !after_g) {
			quote_token(tok, tl, shown, sizeof shown);
			snprintf(err, errlen, "duration too large \"%s\" at offset %zu (at most 9223372036s)", shown,
			         start);
			free(items);
			return -1;
		}
		if (p >= 0 && !after_g) {
			it.pause_ns = p;
		} else {
			it.key = parse_key(tok, tl);
			if (after_g ? it.key == KEYC_NONE || !keys_until_mask(it.key)
			            : keys_lookup(it.key) == KACT_NONE) {
				const char *hint = arrow_hint(tok, tl);
				quote_token(tok, tl, shown, sizeof shown);
				if (after_g)
					snprintf(err, errlen, "\"g\" at offset %zu must be followed by a kind letter "
					         "(s m x p u k y t f o), got \"%s\"", g_at, shown);
				else if (hint)
					snprintf(err, errlen, "unknown key-script token \"%s\" at offset %zu "
					         "(the key is called %s)", shown, start, hint);
				else
					snprintf(err, errlen, "unknown key-script token \"%s\" at offset %zu",
					         shown, start);
				free(items);
				return -1;
			}
			bool g = !after_g && keys_lookup(it.key) == KACT_UNTIL;
			after_g = g;
			if (g)
				g_at = start;
		}
		if ((size_t)cnt == cap) {
			cap *= 2;
			keys_item *ni = realloc(items, cap * sizeof *items);
			if (!ni) {
				free(items);
				snprintf(err, errlen, "out of memory");
				return -1;
			}
			items = ni;
		}
		items[cnt++] = it;
	}
	if (after_g) {
		snprintf(err, errlen, "\"g\" at offset %zu must be followed by a kind letter "
		         "(s m x p u k y t f o), got the end of the script", g_at);
		free(items);
		return -1;
	}
	*out = items;
	*n = cnt;
	return 0;
}
