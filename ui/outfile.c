/*
 * outfile.c — write to a temporary file, then rename (see outfile.h).
 *
 * The temporary lives beside the target (".NAME.XXXXXX" in the same directory)
 * because rename(2) is only atomic within one file system. mkstemp creates it
 * 0600; before the rename it gets the mode a plain fopen would have given
 * (0666 minus the umask). Open outfiles are kept on a list so an exit path can
 * remove their temporaries (outfile_abort_all).
 */
#include "outfile.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static outfile *open_list;

static void fail(outfile *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(outfile *o, const char *fmt, ...)
{
	int n = snprintf(o->err, sizeof o->err, "gmpscope: %s: ", o->path ? o->path : "?");
	if (n < 0 || (size_t)n >= sizeof o->err)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(o->err + n, sizeof o->err - (size_t)n, fmt, ap);
	va_end(ap);
}

static void unlink_from_list(outfile *o)
{
	for (outfile **p = &open_list; *p; p = &(*p)->next)
		if (*p == o) {
			*p = o->next;
			break;
		}
	o->next = NULL;
}

static void release(outfile *o)
{
	unlink_from_list(o);
	free(o->path);
	free(o->tmp);
	o->path = o->tmp = NULL;
	o->fp = NULL;
}

int outfile_open(outfile *o, const char *path)
{
	memset(o, 0, sizeof *o);
	o->path = strdup(path ? path : "");
	if (!o->path || !path || !*path) {
		snprintf(o->err, sizeof o->err, "gmpscope: empty output file name");
		release(o);
		return -1;
	}
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
	const char *base = path + dirlen;
	if (!*base) {
		fail(o, "is a directory name, not a file name");
		release(o);
		return -1;
	}
	/* The rename replaces whatever the name stands for: refuse to turn a
	 * directory, a device or a pipe into a regular file, and write through a
	 * symbolic link (e.g. /dev/stdout to a file) rather than over it. */
	struct stat st;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		fail(o, S_ISDIR(st.st_mode) ? "is a directory" :
		        "not a regular file (outputs are written whole: a temporary file, then renamed)");
		release(o);
		return -1;
	}
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
		char *real = realpath(path, NULL);
		if (!real) {
			fail(o, "cannot follow the symbolic link: %s", strerror(errno));
			release(o);
			return -1;
		}
		free(o->path);
		o->path = real;
		path = real;
		slash = strrchr(path, '/');
		dirlen = slash ? (size_t)(slash - path) + 1 : 0;
		base = path + dirlen;
	}
	size_t n = dirlen + 1 + strlen(base) + 8;
	o->tmp = malloc(n);
	if (!o->tmp) {
		fail(o, "out of memory");
		release(o);
		return -1;
	}
	snprintf(o->tmp, n, "%.*s.%s.XXXXXX", (int)dirlen, path, base);
	int fd = mkstemp(o->tmp);
	if (fd < 0) {
		fail(o, "cannot create: %s", strerror(errno));
		release(o);
		return -1;
	}
	o->fp = fdopen(fd, "w");
	if (!o->fp) {
		fail(o, "cannot open: %s", strerror(errno));
		close(fd);
		unlink(o->tmp);
		release(o);
		return -1;
	}
	o->next = open_list;
	open_list = o;
	return 0;
}

int outfile_commit(outfile *o)
{
	if (!o->fp) {
		if (!o->err[0])
			snprintf(o->err, sizeof o->err, "gmpscope: output file is not open");
		return -1;
	}
	int err = 0;
	if (ferror(o->fp))
		err = errno ? errno : EIO;
	if (!err && fflush(o->fp) != 0)
		err = errno;
	mode_t mask = umask(0);
	umask(mask);
	if (!err && fchmod(fileno(o->fp), 0666 & ~mask) != 0)
		err = errno;
	if (!err && fsync(fileno(o->fp)) != 0 && errno != EINVAL && errno != EROFS)
		err = errno;
	if (fclose(o->fp) != 0 && !err)
		err = errno;
	o->fp = NULL;
	if (!err && rename(o->tmp, o->path) != 0)
		err = errno;
	if (err) {
		fail(o, "cannot write: %s", strerror(err));
		unlink(o->tmp);
		release(o);
		return -1;
	}
	release(o);
	return 0;
}

void outfile_abort(outfile *o)
{
	if (o->fp) {
		fclose(o->fp);
		unlink(o->tmp);
	}
	release(o);
}

void outfile_abort_all(void)
{
	while (open_list)
		outfile_abort(open_list);
}

int outfile_write(const char *path, const void *data, size_t len, char *err, size_t errlen)
{
	outfile o;
	if (outfile_open(&o, path) < 0)
		goto err;
	if (len && fwrite(data, 1, len, o.fp) != len) {
		outfile_abort(&o);
		snprintf(o.err, sizeof o.err, "gmpscope: %s: cannot write: %s", path, strerror(errno));
		goto err;
	}
	if (outfile_commit(&o) < 0)
		goto err;
	return 0;
err:
	if (err && errlen)
		snprintf(err, errlen, "%s", o.err);
	return -1;
}
