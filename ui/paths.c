/*
 * paths.c — the scenarios directory and SCENARIO arguments (see paths.h).
 *
 * Only the file system is consulted: the files are not opened, so listing and
 * resolving stay cheap and independent of the scenario parser. A scenario file's
 * number and slug come from its name, NN-slug.gmp.
 */
#include "paths.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* fail writes "gmpscope: message" into err and returns -1. */
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	if (errlen == 0)
		return -1;
	int n = snprintf(err, errlen, "gmpscope: ");
	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < errlen)
		vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
	va_end(ap);
	for (char *p = err; *p; p++)
		if ((unsigned char)*p < 0x20)
			*p = '?';
	return -1;
}

static bool is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool is_file(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* copy_out writes s into out, failing if it does not fit. */
/* not_file_reason says why p, which is_file rejected, cannot be a scenario
 * file; a FIFO or a device is named without being opened (opening a FIFO
 * would block until a writer comes). */
static const char *not_file_reason(const char *p)
{
	struct stat st;
	if (stat(p, &st) != 0)
		return errno == ENOENT ? "No such file" : strerror(errno);
	if (S_ISDIR(st.st_mode))
		return "it is a directory";
	if (S_ISFIFO(st.st_mode))
		return "it is not a regular file (a FIFO)";
	if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
		return "it is not a regular file (a device)";
	if (S_ISSOCK(st.st_mode))
		return "it is not a regular file (a socket)";
	return "it is not a regular file";
}

static int copy_out(const char *s, char *out, size_t outlen, char *err, size_t errlen)
{
	if (strlen(s) >= outlen)
		return fail(err, errlen, "path too long: %s", s);
	memcpy(out, s, strlen(s) + 1);
	return 0;
}

/* use_dir writes the resolved form of an existing directory into out. */
static int use_dir(const char *dir, char *out, size_t outlen, char *err, size_t errlen)
{
	char real[PATH_MAX];
	if (!realpath(dir, real))
		return fail(err, errlen, "%s: %s", dir, strerror(errno));
	return copy_out(real, out, outlen, err, errlen);
}

int paths_scenarios_dir_from(const char *envval, const char *exe, char *out, size_t outlen,
                             char *err, size_t errlen)
{
	/* the installed layout before ../../, which from PREFIX/bin would be
	 * PREFIX/../scenarios: outside the installation */
	static const char *const beside[] = { "/../scenarios", "/../share/gmpscope/scenarios",
	                                      "/../../scenarios" };
	if (envval && *envval) {
		if (!is_dir(envval))
			return fail(err, errlen, "GMPSCOPE_SCENARIOS=%s is not a directory", envval);
		return use_dir(envval, out, outlen, err, errlen);
	}
	char exedir[PATH_MAX];
	const char *slash = strrchr(exe, '/');
	size_t len = slash ? (size_t)(slash - exe) : 0;
	if (!slash)
		exedir[0] = '.', len = 1;
	else if (len < sizeof exedir)
		memcpy(exedir, exe, len);
	if (len >= sizeof exedir)
		return fail(err, errlen, "path too long: %s", exe);
	exedir[len] = '\0';
	for (size_t i = 0; i < sizeof beside / sizeof beside[0]; i++) {
		char cand[PATH_MAX];
		if ((size_t)snprintf(cand, sizeof cand, "%s%s", exedir, beside[i]) >= sizeof cand)
			continue;
		if (is_dir(cand))
			return use_dir(cand, out, outlen, err, errlen);
	}
	return fail(err, errlen,
	            "cannot find the scenarios directory near %s (tried ../scenarios, "
	            "../share/gmpscope/scenarios, ../../scenarios); set GMPSCOPE_SCENARIOS", exedir);
}

int paths_scenarios_dir(char *out, size_t outlen, char *err, size_t errlen)
{
	char exe[PATH_MAX];
	const char *envval = getenv("GMPSCOPE_SCENARIOS");
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (envval && *envval)
		n = 0;
	else if (n < 0)
		return fail(err, errlen, "cannot find the program's path (/proc/self/exe: %s); set "
		            "GMPSCOPE_SCENARIOS", strerror(errno));
	exe[n] = '\0';
	return paths_scenarios_dir_from(envval, exe, out, outlen, err, errlen);
}

/* scenario_name: is name "NN-slug.gmp"? Sets *number and the slug's span. */
static bool scenario_name(const char *name, long *number, const char **slug, size_t *slug_len)
{
	const char *p = name;
	long n = 0;
	size_t len = strlen(name);
	if (*p < '0' || *p > '9')
		return false;
	for (; *p >= '0' && *p <= '9'; p++)
		if (n < 1000000)
			n = n * 10 + (*p - '0');
	if (*p != '-' || len < 4 || strcmp(name + len - 4, ".gmp") != 0 || name + len - 4 <= p + 1)
		return false;
	*number = n;
	*slug = p + 1;
	*slug_len = (size_t)(name + len - 4 - (p + 1));
	return true;
}

typedef struct entry {
	long number;
	char *name;
} entry;

static int entry_cmp(const void *a, const void *b)
{
	const entry *x = a, *y = b;
	if (x->number != y->number)
		return x->number < y->number ? -1 : 1;
	return strcmp(x->name, y->name);
}

int paths_list_scenarios(const char *dir, char ***out, char *err, size_t errlen)
{
	DIR *d = opendir(dir);
	entry *es = NULL;
	char **paths = NULL;
	int n = 0, cap = 0;
	struct dirent *de;
	*out = NULL;
	if (!d)
		return fail(err, errlen, "cannot read %s: %s", dir, strerror(errno));
	while ((de = readdir(d)) != NULL) {
		long number;
		const char *slug;
		size_t slug_len;
		if (!scenario_name(de->d_name, &number, &slug, &slug_len))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 32;
			entry *grown = realloc(es, (size_t)cap * sizeof *es);
			if (!grown)
				goto nomem;
			es = grown;
		}
		es[n].number = number;
		es[n].name = strdup(de->d_name);
		if (!es[n].name)
			goto nomem;
		n++;
	}
	closedir(d);
	d = NULL;
	if (n > 0)
		qsort(es, (size_t)n, sizeof *es, entry_cmp);
	paths = calloc((size_t)n + 1, sizeof *paths);
	if (!paths)
		goto nomem;
	for (int i = 0; i < n; i++) {
		size_t len = strlen(dir) + 1 + strlen(es[i].name) + 1;
		paths[i] = malloc(len);
		if (!paths[i])
			goto nomem;
		snprintf(paths[i], len, "%s/%s", dir, es[i].name);
	}
	for (int i = 0; i < n; i++)
		free(es[i].name);
	free(es);
	*out = paths;
	return n;
nomem:
	if (d)
		closedir(d);
	for (int i = 0; i < n; i++)
		free(es[i].name);
	free(es);
	paths_free_list(paths, n);
	return fail(err, errlen, "out of memory listing %s", dir);
}

void paths_free_list(char **list, int n)
{
	if (!list)
		return;
	for (int i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

/* base returns the file name part of a listed path. */
static const char *base(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

/* match_kind says how well a file name answers arg. */
typedef enum { MATCH_NONE, MATCH_PREFIX, MATCH_EXACT } match_kind;

static match_kind match(const char *arg, const char *name)
{
	long number;
	const char *slug;
	size_t slug_len, len = strlen(arg), stem = strlen(name) - 4;
	bool digits = len > 0 && strspn(arg, "0123456789") == len;
	if (!scenario_name(name, &number, &slug, &slug_len))
		return MATCH_NONE;
	if (digits)
		return len <= 6 && strtol(arg, NULL, 10) == number ? MATCH_EXACT : MATCH_NONE;
	if (len > 4 && strcmp(arg + len - 4, ".gmp") == 0)
		len -= 4;   /* "03-x.gmp" names the file "03-x.gmp" */
	if ((len == stem && strncmp(arg, name, len) == 0) ||
	    (len == slug_len && strncmp(arg, slug, len) == 0))
		return MATCH_EXACT;
	if (len < slug_len && strncmp(arg, slug, len) == 0)
		return MATCH_PREFIX;
	return MATCH_NONE;
}

int paths_resolve(const char *dir, const char *arg, char *out, size_t outlen, char *err,
                  size_t errlen)
{
	char **list;
	int n, found = -1, nfound = 0, rc;
	if (*arg == '\0')
		return fail(err, errlen, "empty SCENARIO (a number, a slug or a path)");
	if (is_file(arg))
		return copy_out(arg, out, outlen, err, errlen);
	if (strchr(arg, '/') || !dir)
		return fail(err, errlen, "cannot open %s: %s", arg, not_file_reason(arg));
	n = paths_list_scenarios(dir, &list, err, errlen);
	if (n < 0)
		return -1;
	for (match_kind want = MATCH_EXACT; want >= MATCH_PREFIX && nfound == 0; want--)
		for (int i = 0; i < n; i++)
			if (match(arg, base(list[i])) == want && nfound++ == 0)
				found = i;
	struct stat st;
	if (nfound == 1) {
		rc = copy_out(list[found], out, outlen, err, errlen);
	} else if (nfound == 0 && stat(arg, &st) == 0) {
		/* it is here, but not a file to read: say what it is */
		rc = fail(err, errlen, "cannot open %s: %s", arg, not_file_reason(arg));
	} else if (nfound == 0 && strlen(arg) > 4 && strcmp(arg + strlen(arg) - 4, ".gmp") == 0) {
		/* it looks like a file name: say that no such file exists */
		rc = fail(err, errlen, "cannot open %s: no such file here or in %s", arg, dir);
	} else if (nfound == 0) {
		rc = fail(err, errlen, "no scenario \"%s\" in %s (gmpscope list shows them)", arg, dir);
	} else {
		char names[512] = "";
		size_t used = 0;
		match_kind level = match(arg, base(list[found]));
		for (int i = 0; i < n; i++) {
			if (match(arg, base(list[i])) != level)
				continue;
			int w = snprintf(names + used, sizeof names - used, "%s%s", used ? ", " : "", base(list[i]));
			if (w < 0 || (size_t)w >= sizeof names - used)
				break;
			used += (size_t)w;
		}
		rc = fail(err, errlen, "scenario \"%s\" is ambiguous in %s: %s", arg, dir, names);
	}
	paths_free_list(list, n);
	return rc;
}

int paths_find_scenario(const char *arg, char *out, size_t outlen, char *err, size_t errlen)
{
	char dir[PATHS_MAX];
	if (is_file(arg) || strchr(arg, '/'))
		return paths_resolve(NULL, arg, out, outlen, err, errlen);
	if (paths_scenarios_dir(dir, sizeof dir, err, errlen) < 0)
		return -1;
	return paths_resolve(dir, arg, out, outlen, err, errlen);
}
