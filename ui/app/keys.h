/*
 * keys.h — the key → action table (DESIGN.md "Keys") and the key-script
 * parser used by `gmpscope record --keys`.
 *
 * Keys never draw: appstate_key() looks the key up here and performs the
 * action (htop style). The same table serves the terminal and the recorder, so
 * keyboard behaviour can be tested without a terminal.
 */
#ifndef GMP_KEYS_H
#define GMP_KEYS_H

#include <stddef.h>
#include <stdint.h>

#include "keycode.h"

typedef enum {
	KACT_NONE = 0,
	KACT_PLAY,        /* space: play / pause */
	KACT_STEP,        /* → l n: next visible event */
	KACT_BACK,        /* ← h b: previous visible event */
	KACT_UNTIL,       /* g: run until the kind named by the next key */
	KACT_FASTER,      /* + = */
	KACT_SLOWER,      /* - */
	KACT_RESTART,     /* r */
	KACT_VARIANT,     /* v: bug → fix → others → bug (compare: the right-hand one) */
	KACT_COMPARE,     /* c: compare mode on / off */
	KACT_MOMENT_PREV, /* [: the previous scenario moment */
	KACT_MOMENT_NEXT, /* ]: the next scenario moment */
	KACT_EXPLAIN,     /* e: reveal / hide the explanation */
	KACT_PICKER,      /* s: the scenario picker */
	KACT_FOCUS,       /* Tab: focus the next panel */
	KACT_FOCUS_BACK,  /* Shift-Tab: focus the previous panel */
	KACT_UP,          /* ↑ k: scroll the focused panel up */
	KACT_DOWN,        /* ↓ j: scroll it down */
	KACT_PGUP,
	KACT_PGDN,
	KACT_ENTER,       /* Enter: open (picker) */
	KACT_ESC,         /* Esc: close the topmost overlay */
	KACT_HELP,        /* ? */
	KACT_QUIT,        /* q */
	KACT_RESIZE,      /* the terminal changed size */
	KACT_HOME,        /* Home: the picker's first scenario */
	KACT_END,         /* End: the picker's last scenario */
	KACT_DIGIT,       /* 0-9: in the picker, type a scenario's number */
} keys_action;

/* keys_lookup returns the action bound to key in the main table. */
keys_action keys_lookup(int key);

/* keys_until_mask returns the event-kind mask (bit per gmp_evkind) that `g`
 * followed by ch runs to (s m x p u k y t f o), or 0 for any other key. */
uint64_t keys_until_mask(int ch);
/* keys_until_name names what `g` + ch waits for ("steal"...), NULL if none. */
const char *keys_until_name(int ch);

/* keys_name writes a key's script name ("space", "right", "q") into buf. */
const char *keys_name(int key, char *buf, size_t len);

/* A key script: a sequence of keys and pauses. */
typedef struct keys_item {
	int key;          /* a KEYC_* or code point; KEYC_NONE for a pause */
	int64_t pause_ns; /* pause in virtual frame-clock ns (key == KEYC_NONE) */
} keys_item;

/* keys_parse_script parses space-separated tokens: keys of the key table
 * (space right left up down tab btab enter esc pgup pgdn, or a single
 * character bound to an action: n l h b g + = - _ r v e s k j ? q), each `g`
 * followed by a kind letter (s m x p u k y t f o), and pauses (a duration such
 * as 500ms or 1.5ms, see gmp_parse_duration). On success returns 0 and stores
 * a malloc'd array in *out (free it) and its length in *n. On error returns
 * -1 and writes one line into err, e.g. `unknown key-script token "xyz" at
 * offset N` (the token quoted readably, never a control byte). */
int keys_parse_script(const char *script, keys_item **out, int *n, char *err, size_t errlen);

#endif
