/*
 * keycode.h — key codes shared by the terminal backend (ui/term/term.c), the key
 * table (ui/app/keys.c) and the key-script parser of the recorder.
 *
 * A key is an int: a printable character is its Unicode code point ('q', '+',
 * ' '); the special keys below live above the Unicode range so they can never
 * collide with a character. term.c maps ncurses' KEY_* codes to these; the key
 * script names them (`up`, `enter`, `esc`...).
 */
#ifndef GMP_KEYCODE_H
#define GMP_KEYCODE_H

enum {
	KEYC_NONE = -1,          /* no key (ERR, or a key we ignore) */
	KEYC_SPACE = ' ',
	KEYC_BASE = 0x110000,    /* first code above Unicode */
	KEYC_UP = KEYC_BASE,
	KEYC_DOWN,
	KEYC_LEFT,
	KEYC_RIGHT,
	KEYC_ENTER,              /* Enter / Return / KEY_ENTER / '\r' / '\n' */
	KEYC_ESC,                /* a lone Esc */
	KEYC_TAB,                /* Tab */
	KEYC_BTAB,               /* Shift-Tab */
	KEYC_BACKSPACE,
	KEYC_PGUP,
	KEYC_PGDN,
	KEYC_HOME,
	KEYC_END,
	KEYC_RESIZE,             /* the terminal changed size (KEY_RESIZE) */
	KEYC__END
};

#endif
