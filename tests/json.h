/*
 * json.h — a strict little JSON parser for the tests that read gmpscope's
 * JSON output (record --trace-json): it refuses what RFC 8259 refuses
 * (control characters in strings, leading zeros, a bare "1."), so a test
 * that parses a file also proves the file is valid JSON.
 */
#ifndef GMP_TEST_JSON_H
#define GMP_TEST_JSON_H

typedef enum { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ } jtype;

typedef struct jv {
	jtype t;
	double num;
	char *str;            /* J_STR: decoded, NUL-terminated */
	struct jv **items;    /* J_ARR items / J_OBJ values */
	char **keys;          /* J_OBJ keys */
	int n;
} jv;

/* jparse parses a whole document; NULL if it is not exactly one JSON value.
 * Free the result with jfree. */
jv *jparse(const char *s);
void jfree(jv *v);
/* jget is object o's value for key; NULL when o is not an object or lacks it. */
jv *jget(const jv *o, const char *key);

#endif
