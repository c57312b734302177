/*
 * keys.c — the key table of DESIGN.md and the `--keys` script parser.
 *
 * One table maps keys to actions; the `g` prefix has its own small table from
 * a letter to the event kinds it runs to. Script tokens use the same names as
 * keys_name(), so a script can be printed back.
 */
#include "keys.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"

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
	{'e', KACT_EXPLAIN},
	{'s', KACT_PICKER},
	{KEYC_TAB, KACT_FOCUS}, {KEYC_BTAB, KACT_FOCUS_BACK},
	{KEYC_UP, KACT_UP}, {'k', KACT_UP},
	{KEYC_DOWN, KACT_DOWN}, {'j', KACT_DOWN},
	{KEYC_PGUP, KACT_PGUP}, {KEYC_PGDN, KACT_PGDN},
	{KEYC_ENTER, KACT_ENTER},
	{KEYC_ESC, KACT_ESC},
	{'?', KACT_HELP},
	{'q', KACT_QUIT},
	{KEYC_RESIZE, KACT_RESIZE},
};

keys_action keys_lookup(int key)
{
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
} key_names[] = {
	{"space", ' '}, {"right", KEYC_RIGHT}, {"left", KEYC_LEFT}, {"up", KEYC_UP},
	{"down", KEYC_DOWN}, {"tab", KEYC_TAB}, {"btab", KEYC_BTAB},
	{"enter", KEYC_ENTER}, {"esc", KEYC_ESC}, {"pgup", KEYC_PGUP},
	{"pgdn", KEYC_PGDN}, {"home", KEYC_HOME}, {"end", KEYC_END},
	{"backspace", KEYC_BACKSPACE},
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

/* parse_pause reads "500ms" style durations; returns -1 if tok is not one. */
static int64_t parse_pause(const char *tok, size_t len)
{
	size_t i = 0;
	int64_t v = 0;
	while (i < len && isdigit((unsigned char)tok[i])) {
		if (v > INT64_MAX / 10 - 10)
			return -1;
		v = v * 10 + (tok[i] - '0');
		i++;
	}
	if (i == 0)
		return -1;
	const char *u = tok + i;
	size_t ul = len - i;
	int64_t mul;
	if (ul == 2 && !memcmp(u, "ns", 2))
		mul = 1;
	else if (ul == 2 && !memcmp(u, "us", 2))
		mul = 1000;
	else if (ul == 2 && !memcmp(u, "ms", 2))
		mul = 1000000;
	else if (ul == 1 && u[0] == 's')
		mul = 1000000000;
	else
		return -1;
	if (v > INT64_MAX / mul)
		return -1;
	return v * mul;
}

static int parse_key(const char *tok, size_t len)
{
	for (size_t i = 0; i < sizeof key_names / sizeof key_names[0]; i++)
		if (strlen(key_names[i].name) == len && !memcmp(key_names[i].name, tok, len))
			return key_names[i].key;
	if (len == 1 && tok[0] > ' ' && tok[0] < 0x7f)
		return (unsigned char)tok[0];
	return KEYC_NONE;
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
	size_t i = 0, slen = strlen(script);
	while (i < slen) {
		if (isspace((unsigned char)script[i])) {
			i++;
			continue;
		}
		size_t start = i;
		while (i < slen && !isspace((unsigned char)script[i]))
			i++;
		const char *tok = script + start;
		size_t tl = i - start;
		keys_item it = {KEYC_NONE, 0};
		int64_t p = parse_pause(tok, tl);
		if (p >= 0) {
			it.pause_ns = p;
		} else {
			it.key = parse_key(tok, tl);
			if (it.key == KEYC_NONE) {
				/* quoted as printable ASCII: a control byte must not reach the terminal */
				char shown[41];
				size_t k;
				for (k = 0; k < tl && k < 40; k++)
					shown[k] = tok[k] >= ' ' && tok[k] < 0x7f ? tok[k] : '?';
				shown[k] = '\0';
				snprintf(err, errlen, "unknown key-script token \"%s\" at offset %zu", shown, start);
				free(items);
				return -1;
			}
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
	*out = items;
	*n = cnt;
	return 0;
}
