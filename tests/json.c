/*
 * json.c — the tests' strict JSON parser (json.h).
 */
#include "json.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "replay.h"   /* vt_json_unescape */

void jfree(jv *v)
{
	if (!v)
		return;
	for (int i = 0; i < v->n; i++) {
		jfree(v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->str);
	free(v);
}

static void ws(const char **p)
{
	while (**p == ' ' || **p == '\t' || **p == '\n' || **p == '\r')
		(*p)++;
}

static jv *jparse_value(const char **p, int depth);

static char *jparse_string(const char **p)
{
	if (**p != '"')
		return NULL;
	const char *s = ++*p;
	while (**p && **p != '"') {
		if ((unsigned char)**p < 0x20)
			return NULL;
		if (**p == '\\') {
			(*p)++;
			if (!**p || !strchr("\"\\/bfnrtu", **p))
				return NULL;
		}
		(*p)++;
	}
	if (**p != '"')
		return NULL;
	size_t n;
	char *out = vt_json_unescape(s, (size_t)(*p - s), &n);
	(*p)++;
	return out;
}

static bool jpush(jv *v, jv *item, char *key)
{
	jv **ni = realloc(v->items, (size_t)(v->n + 1) * sizeof *ni);
	if (!ni)
		return false;
	v->items = ni;
	if (v->t == J_OBJ) {
		char **nk = realloc(v->keys, (size_t)(v->n + 1) * sizeof *nk);
		if (!nk)
			return false;
		v->keys = nk;
		v->keys[v->n] = key;
	}
	v->items[v->n++] = item;
	return true;
}

static jv *jparse_container(const char **p, int depth, bool obj)
{
	jv *v = calloc(1, sizeof *v);
	v->t = obj ? J_OBJ : J_ARR;
	(*p)++;
	ws(p);
	if (**p == (obj ? '}' : ']')) {
		(*p)++;
		return v;
	}
	for (;;) {
		char *key = NULL;
		ws(p);
		if (obj) {
			if (!(key = jparse_string(p)))
				goto bad;
			ws(p);
			if (*(*p)++ != ':') {
				free(key);
				goto bad;
			}
		}
		jv *item = jparse_value(p, depth + 1);
		if (!item || !jpush(v, item, key)) {
			free(key);
			jfree(item);
			goto bad;
		}
		ws(p);
		if (**p == ',') {
			(*p)++;
			continue;
		}
		if (*(*p)++ == (obj ? '}' : ']'))
			return v;
		goto bad;
	}
bad:
	jfree(v);
	return NULL;
}

static jv *jparse_value(const char **p, int depth)
{
	ws(p);
	if (depth > 64)
		return NULL;
	if (**p == '{' || **p == '[')
		return jparse_container(p, depth, **p == '{');
	jv *v = calloc(1, sizeof *v);
	if (**p == '"') {
		v->t = J_STR;
		if ((v->str = jparse_string(p)))
			return v;
	} else if (!strncmp(*p, "true", 4) || !strncmp(*p, "null", 4)) {
		v->t = **p == 't' ? J_BOOL : J_NULL;
		*p += 4;
		return v;
	} else if (!strncmp(*p, "false", 5)) {
		v->t = J_BOOL;
		*p += 5;
		return v;
	} else if (**p == '-' || (**p >= '0' && **p <= '9')) {
		/* JSON numbers: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
		const char *s = *p;
		if (*s == '-')
			s++;
		if (*s == '0' && s[1] >= '0' && s[1] <= '9')
			goto bad;
		char *end;
		v->t = J_NUM;
		v->num = strtod(*p, &end);
		if (end[-1] == '.' || strchr(".eE", *end))
			goto bad;
		*p = end;
		return v;
	}
bad:
	jfree(v);
	return NULL;
}

jv *jparse(const char *s)
{
	const char *p = s;
	jv *v = jparse_value(&p, 0);
	ws(&p);
	if (v && *p) {
		jfree(v);
		return NULL;
	}
	return v;
}

jv *jget(const jv *o, const char *key)
{
	if (!o || o->t != J_OBJ)
		return NULL;
	for (int i = 0; i < o->n; i++)
		if (!strcmp(o->keys[i], key))
			return o->items[i];
	return NULL;
}
