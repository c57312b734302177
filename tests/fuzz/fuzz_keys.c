/*
 * fuzz_keys.c — libFuzzer harness for the `record --keys` script parser.
 *
 * The input bytes (up to the first NUL) are a key script: keys_parse_script
 * must accept it and return items that name real keys or pauses, or refuse it
 * with one line naming the bad token; never crash, leak or read past the end.
 * An accepted script is printed back with keys_name() (pauses in their
 * largest exact unit) and must parse again to the very same items.
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keys.h"

/* print_script writes items back as a script into buf (size len). */
static void print_script(const keys_item *items, int n, char *buf, size_t len)
{
	size_t off = 0;
	buf[0] = '\0';
	for (int i = 0; i < n && off + 48 < len; i++) {
		char tok[64];
		if (items[i].key == KEYC_NONE) {
			int64_t p = items[i].pause_ns;
			if (p % 1000000000 == 0)
				snprintf(tok, sizeof tok, "%llds", (long long)(p / 1000000000));
			else if (p % 1000000 == 0)
				snprintf(tok, sizeof tok, "%lldms", (long long)(p / 1000000));
			else if (p % 1000 == 0)
				snprintf(tok, sizeof tok, "%lldus", (long long)(p / 1000));
			else
				snprintf(tok, sizeof tok, "%lldns", (long long)p);
		} else {
			keys_name(items[i].key, tok, sizeof tok);
		}
		off += (size_t)snprintf(buf + off, len - off, "%s%s", i ? " " : "", tok);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *script = malloc(size + 1);
	if (!script)
		return 0;
	memcpy(script, data, size);
	script[size] = '\0';
	keys_item *items = NULL;
	int n = -1;
	char err[256];
	if (keys_parse_script(script, &items, &n, err, sizeof err) < 0) {
		assert(err[0] != '\0' && strchr(err, '\n') == NULL);
	} else {
		assert(n >= 0 && (n == 0 || items != NULL));
		for (int i = 0; i < n; i++)
			assert(items[i].key != KEYC_NONE || items[i].pause_ns >= 0);
		/* round trip: print, parse again, same items */
		size_t len = (size_t)n * 48 + 64;
		char *again = malloc(len);
		if (again) {
			keys_item *items2 = NULL;
			int n2 = -1;
			print_script(items, n, again, len);
			int rc = keys_parse_script(again, &items2, &n2, err, sizeof err);
			assert(rc == 0 && n2 == n);
			for (int i = 0; i < n; i++)
				assert(items2[i].key == items[i].key && items2[i].pause_ns == items[i].pause_ns);
			free(items2);
			free(again);
		}
		free(items);
	}
	free(script);
	return 0;
}
