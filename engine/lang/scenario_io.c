/*
 * scenario_io.c — reading a scenario file into memory, freeing a parsed
 * scenario, and small lookups on it.
 */
#include "scenario.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "expect.h"

void scenario_escape_line(char *s)
{
	for (; *s; s++)   /* '\n' separates the lines of several errors */
		if (((unsigned char)*s < 0x20 && *s != '\n') || *s == 0x7f)
			*s = '?';
}

/* load_fail writes "path: message" (the path escaped) and returns -1. */
static int load_fail(char *err, size_t errlen, const char *path, const char *msg)
{
	snprintf(err, errlen, "%s: %s", path, msg);
	scenario_escape_line(err);
	return -1;
}

/* not_regular names what a non-regular file is, for its one line. */
static const char *not_regular(mode_t m)
{
	if (S_ISDIR(m))
		return "it is a directory";
	if (S_ISFIFO(m))
		return "it is not a regular file (a FIFO)";
	if (S_ISCHR(m) || S_ISBLK(m))
		return "it is not a regular file (a device)";
	if (S_ISSOCK(m))
		return "it is not a regular file (a socket)";
	return "it is not a regular file";
}

/* open_regular opens path for reading only if it is a regular file: opened
 * without blocking (a FIFO with no writer would block open and read) and
 * checked with fstat before a byte is read (a symlink to /dev/zero is a
 * device, not 16 MiB of zeros). NULL with the line in err otherwise. */
static FILE *open_regular(const char *path, char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	if (fd < 0) {
		load_fail(err, errlen, path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		load_fail(err, errlen, path, fstat(fd, &st) != 0 ? strerror(errno) : not_regular(st.st_mode));
		close(fd);
		return NULL;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	FILE *f = fdopen(fd, "rb");
	if (!f) {
		load_fail(err, errlen, path, strerror(errno));
		close(fd);
	}
	return f;
}

/* scenario_load reads the whole file (at most 16 MiB) and parses it. */
int scenario_load(const char *path, gmp_scenario *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	FILE *f = open_regular(path, err, errlen);
	if (!f)
		return -1;
	size_t cap = 65536, n = 0;
	char *buf = gmp_xmalloc(cap);
	for (;;) {
		size_t r = fread(buf + n, 1, cap - n, f);
		n += r;
		if (r == 0)
			break;
		if (n == cap) {
			if (cap >= (16u << 20)) {
				fclose(f);
				free(buf);
				return load_fail(err, errlen, path, "file too large (more than 16 MiB)");
			}
			buf = gmp_xrealloc(buf, cap * 2);
			cap *= 2;
		}
	}
	int rerr = ferror(f) ? errno : 0;
	fclose(f);
	if (rerr) {
		free(buf);
		return load_fail(err, errlen, path, strerror(rerr));
	}
	int rc = scenario_parse(path, buf, n, out, err, errlen);
	free(buf);
	return rc;
}

void scenario_free(gmp_scenario *s)
{
	if (!s)
		return;
	free(s->path);
	free(s->slug);
	free(s->title);
	free(s->family);
	free(s->explain_symptom);
	free(s->explain_subtle);
	free(s->explain_fix);
	free(s->explain_spot);
	free(s->explain_common);
	for (int i = 0; i < s->nlistings; i++) {
		for (int j = 0; j < s->listings[i].nlines; j++) {
			free(s->listings[i].lines[j]);
			if (s->listings[i].quiz)
				free(s->listings[i].quiz[j]);
		}
		free(s->listings[i].lines);
		free(s->listings[i].quiz);
		free(s->listings[i].defects);
		free(s->listings[i].name);
	}
	free(s->listings);
	for (int i = 0; i < s->nvariants; i++) {
		gmp_variant *v = &s->variants[i];
		free(v->name);
		program_free(&v->prog);
		for (int j = 0; j < v->nparams; j++)
			free(v->params[j].name);
		free(v->params);
	}
	free(s->variants);
	free(s->moments);
	for (int i = 0; i < s->nexpects; i++)
		expect_free(&s->expects[i]);
	for (int i = 0; i < s->nsymptoms; i++)
		symptom_free(&s->symptoms[i]);
	free(s->expects);
	memset(s, 0, sizeof *s);
}

int scenario_variant(const gmp_scenario *s, const char *name)
{
	for (int i = 0; i < s->nvariants; i++)
		if (strcmp(s->variants[i].name, name) == 0)
			return i;
	return -1;
}

void scenario_name(const gmp_scenario *s, char *buf, size_t n)
{
	snprintf(buf, n, "%02d-%s", s->number, s->slug ? s->slug : "");
}

