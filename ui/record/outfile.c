/*
 * outfile.c — write to a temporary file, then rename (see outfile.h).
 *
 * The temporary lives beside the target (".NAME.XXXXXX" in the same directory)
 * because rename(2) is only atomic within one file system. mkstemp creates it
 * 0600; before the rename it gets the mode a plain fopen would have given
 * (0666 minus the umask). The stream writes through a cookie (fopencookie) so
 * the errno of a failed write(2) is kept (o->werr) and reported as the reason,
 * whatever stdio calls came after it. Open outfiles and outdirs are kept on
 * lists so an exit path can remove their temporaries (outfile_abort_all).
 *
 * A signal that ends the program (SIGINT, SIGTERM, SIGHUP, Ctrl-\, ...) must
 * not leave them behind either: the first open arms a sigfatal cleanup
 * (sigfatal.h) that walks the same lists with async-signal-safe calls only —
 * unlink, rmdir, and getdents64 to empty a staging directory — and the lists
 * change only with those signals held, so the handler never sees one
 * half-linked.
 */
#define _GNU_SOURCE /* fopencookie */
#include "outfile.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#include "sigfatal.h"

static outfile *open_list;
static outdir *dir_list;

/* escape_line makes an error line safe for a terminal: a control character
 * from a path (an ESC would reach stderr raw) becomes '?', as the command
 * line's and the resolver's messages do. */
static void escape_line(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = '?';
}

static void remove_made(outdir *d);

/* linux_dirent64 is what getdents64(2) returns (no libc header declares it) */
struct linux_dirent64 {
	unsigned long long d_ino;    /* inode */
	long long d_off;             /* offset of the next entry */
	unsigned short d_reclen;     /* size of this entry */
	unsigned char d_type;        /* file type */
	char d_name[];               /* NUL-terminated name */
};

/* empty_dir_now unlinks the files of directory path with async-signal-safe
 * calls (readdir may allocate); a few passes, as unlinking while reading
 * may skip an entry. */
static void empty_dir_now(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return;
	for (int pass = 0; pass < 4; pass++) {
		long n, removed = 0;
		char buf[4096] __attribute__((aligned(8)));
		lseek(fd, 0, SEEK_SET);
		while ((n = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0) {
			for (long off = 0; off < n;) {
				struct linux_dirent64 *de = (struct linux_dirent64 *)(void *)(buf + off);
				off += de->d_reclen;
				const char *nm = de->d_name;
				if (nm[0] == '.' && (nm[1] == 0 || (nm[1] == '.' && nm[2] == 0)))
					continue;
				if (unlinkat(fd, nm, 0) == 0)
					removed++;
			}
		}
		if (!removed)
			break;
	}
	close(fd);
}

/* on_fatal_signal removes every temporary of the lists: the sigfatal cleanup,
 * async-signal-safe. */
static void on_fatal_signal(void)
{
	for (outfile *o = open_list; o; o = o->next)
		if (o->tmp)
			unlink(o->tmp);
	for (outdir *d = dir_list; d; d = d->next) {
		if (d->tmp) {
			empty_dir_now(d->tmp);
			rmdir(d->tmp);
		}
		remove_made(d);
	}
}

/* guard_signals arms the cleanup once, on the first output opened. */
static void guard_signals(void)
{
	static bool done;
	if (done)
		return;
	done = true;
	sigfatal_add(on_fatal_signal);
	sigfatal_arm(sigfatal_stop);
	sigfatal_arm(sigfatal_quiet);
}

static void fail(outfile *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(outfile *o, const char *fmt, ...)
{
	const char *shown = o->name ? o->name : o->path ? o->path : "?";
	int n = snprintf(o->err, sizeof o->err, "gmpscope: %s: ", shown);
	if (n < 0 || (size_t)n >= sizeof o->err)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(o->err + n, sizeof o->err - (size_t)n, fmt, ap);
	va_end(ap);
	escape_line(o->err);
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
	sigfatal_hold();
	unlink_from_list(o);
	sigfatal_release();
	free(o->path);
	free(o->name);
	free(o->tmp);
	o->path = o->name = o->tmp = NULL;
	o->fp = NULL;
}

/* cookie_write writes all of buf to the temporary file, keeping the errno of
 * the first failure in o->werr. */
static ssize_t cookie_write(void *cookie, const char *buf, size_t n)
{
	outfile *o = cookie;
	size_t done = 0;
	while (done < n) {
		ssize_t w = write(o->fd, buf + done, n - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (!o->werr)
				o->werr = w < 0 ? errno : EIO;
			return -1;
		}
		done += (size_t)w;
	}
	return (ssize_t)n;
}

static int cookie_close(void *cookie)
{
	outfile *o = cookie;
	int rc = close(o->fd);
	o->fd = -1;
	return rc;
}

int outfile_open(outfile *o, const char *path)
{
	return outfile_open_named(o, path, NULL);
}

int outfile_open_named(outfile *o, const char *path, const char *name)
{
	memset(o, 0, sizeof *o);
	o->fd = -1;
	o->path = strdup(path ? path : "");
	o->name = name ? strdup(name) : NULL;
	if (!o->path || (name && !o->name) || !path || !*path) {
		snprintf(o->err, sizeof o->err, "gmpscope: %s", path && *path ? "out of memory"
		         : "empty output file name");
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
	guard_signals();
	/* held from mkstemp to the list: a signal between them would leave the
	 * temporary unlisted */
	sigfatal_hold();
	o->fd = mkstemp(o->tmp);
	if (o->fd < 0) {
		sigfatal_release();
		fail(o, "cannot create: %s", strerror(errno));
		release(o);
		return -1;
	}
	o->next = open_list;
	open_list = o;
	sigfatal_release();
	o->fp = fopencookie(o, "w", (cookie_io_functions_t){ .write = cookie_write,
	                                                     .close = cookie_close });
	if (!o->fp) {
		fail(o, "cannot open: %s", strerror(errno));
		close(o->fd);
		unlink(o->tmp);
		release(o);
		return -1;
	}
	return 0;
}

int outfile_finish(outfile *o)
{
	if (!o->fp) {
		if (!o->err[0])
			snprintf(o->err, sizeof o->err, "gmpscope: output file is not open");
		return -1;
	}
	int err = 0;
	if (ferror(o->fp))
		err = o->werr ? o->werr : EIO;
	if (!err && fflush(o->fp) != 0)
		err = o->werr ? o->werr : errno;
	mode_t mask = umask(0);
	umask(mask);
	if (!err && fchmod(o->fd, 0666 & ~mask) != 0)
		err = errno;
	if (!err && fsync(o->fd) != 0 && errno != EINVAL && errno != EROFS)
		err = errno;
	if (fclose(o->fp) != 0 && !err)
		err = o->werr ? o->werr : errno;
	o->fp = NULL;
	if (err) {
		fail(o, "cannot write: %s", strerror(err));
		unlink(o->tmp);
		release(o);
		return -1;
	}
	return 0;
}

int outfile_publish(outfile *o)
{
	if (o->fp || !o->tmp) {
		if (!o->err[0])
			snprintf(o->err, sizeof o->err, "gmpscope: output file is not finished");
		return -1;
	}
	if (rename(o->tmp, o->path) != 0) {
		fail(o, "cannot write: %s", strerror(errno));
		unlink(o->tmp);
		release(o);
		return -1;
	}
	release(o);
	return 0;
}

int outfile_commit(outfile *o)
{
	if (outfile_finish(o) < 0)
		return -1;
	return outfile_publish(o);
}

void outfile_write_error(const outfile *o, char *err, size_t errlen)
{
	const char *shown = o->name ? o->name : o->path ? o->path : "?";
	snprintf(err, errlen, "gmpscope: %s: cannot write: %s", shown,
	         o->werr ? strerror(o->werr) : "out of memory");
}

void outfile_abort(outfile *o)
{
	if (o->fp)
		fclose(o->fp);
	o->fp = NULL;
	if (o->tmp)
		unlink(o->tmp);
	release(o);
}

void outfile_abort_all(void)
{
	while (open_list)
		outfile_abort(open_list);
	while (dir_list)
		outdir_abort(dir_list);
}

int outfile_write(const char *path, const void *data, size_t len, char *err, size_t errlen)
{
	outfile o;
	if (outfile_open(&o, path) < 0)
		goto err;
	if (len && fwrite(data, 1, len, o.fp) != len) {
		outfile_write_error(&o, err, errlen);
		outfile_abort(&o);
		return -1;
	}
	if (outfile_commit(&o) < 0)
		goto err;
	return 0;
err:
	if (err && errlen)
		snprintf(err, errlen, "%s", o.err);
	return -1;
}

/* ---- directories ------------------------------------------------------ */

static void dfail(outdir *d, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void dfail(outdir *d, const char *path, const char *fmt, ...)
{
	int n = snprintf(d->err, sizeof d->err, "gmpscope: %s: ", path);
	if (n < 0 || (size_t)n >= sizeof d->err)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(d->err + n, sizeof d->err - (size_t)n, fmt, ap);
	va_end(ap);
	escape_line(d->err);
}

/* remove_made removes the parents outdir_open created, deepest first (rmdir:
 * only while they are empty). */
static void remove_made(outdir *d)
{
	if (!d->made || !d->parent)
		return;
	size_t stop = strlen(d->made);
	char *p = d->parent;
	for (;;) {
		rmdir(p);
		char *s = strrchr(p, '/');
		if (strlen(p) <= stop || !s || s == p)
			break;
		*s = '\0';
	}
}

static void drelease(outdir *d)
{
	sigfatal_hold();
	for (outdir **p = &dir_list; *p; p = &(*p)->next)
		if (*p == d) {
			*p = d->next;
			break;
		}
	d->next = NULL;
	sigfatal_release();
	free(d->path);
	free(d->tmp);
	free(d->made);
	free(d->parent);
	d->path = d->tmp = d->made = d->parent = NULL;
}

/* mkparents creates d->parent and its missing parents (mkdir -p), noting the
 * topmost one it made in d->made. */
static int mkparents(outdir *d)
{
	char *p = d->parent;
	for (char *s = p + 1; ; s++) {
		if (*s != '/' && *s != 0)
			continue;
		char c = *s;
		*s = 0;
		if (mkdir(p, 0777) == 0) {
			if (!d->made && !(d->made = strdup(p))) {
				*s = c;
				dfail(d, d->path, "out of memory");
				return -1;
			}
		} else if (errno != EEXIST) {
			dfail(d, p, "cannot create directory: %s", strerror(errno));
			*s = c;
			return -1;
		}
		*s = c;
		if (!c)
			break;
	}
	return 0;
}

int outdir_open(outdir *d, const char *path)
{
	memset(d, 0, sizeof *d);
	guard_signals();
	/* held until the directory is on the list: a signal meanwhile would leave
	 * the staging directory or the parents made for it */
	sigfatal_hold();
	size_t len = strlen(path);
	while (len > 1 && path[len - 1] == '/')
		len--;
	d->path = strndup(path, len);
	if (!d->path) {
		snprintf(d->err, sizeof d->err, "gmpscope: out of memory");
		sigfatal_release();
		return -1;
	}
	struct stat sb;
	char *slash = strrchr(d->path, '/');
	const char *base = slash ? slash + 1 : d->path;
	if (stat(d->path, &sb) == 0) {
		if (!S_ISDIR(sb.st_mode)) {
			dfail(d, d->path, "not a directory");
			goto bad;
		}
		d->existed = 1;
		d->tmp = malloc(len + 32);
		if (d->tmp)
			snprintf(d->tmp, len + 32, "%s/.gmpscope.XXXXXX", d->path);
	} else {
		d->parent = slash ? strndup(d->path, slash == d->path ? 1 : (size_t)(slash - d->path))
		                  : strdup(".");
		if (!d->parent) {
			dfail(d, d->path, "out of memory");
			goto bad;
		}
		if (slash && mkparents(d) < 0)
			goto bad;
		d->tmp = malloc(len + 32);
		if (d->tmp)
			snprintf(d->tmp, len + 32, "%.*s.%s.XXXXXX", (int)(base - d->path), d->path, base);
	}
	if (!d->tmp) {
		dfail(d, d->path, "out of memory");
		goto bad;
	}
	if (!mkdtemp(d->tmp)) {
		int e = errno;
		if (d->existed && (e == EACCES || e == EROFS || e == EPERM))
			dfail(d, d->path, "not writable: %s", strerror(e));
		else
			dfail(d, d->path, "cannot create directory: %s", strerror(e));
		free(d->tmp);
		d->tmp = NULL;
		goto bad;
	}
	/* mkdtemp makes it 0700; the published directory gets what mkdir would
	 * give it: 0777 less the umask */
	mode_t mask = umask(0);
	umask(mask);
	chmod(d->tmp, 0777 & ~mask);
	d->next = dir_list;
	dir_list = d;
	sigfatal_release();
	return 0;
bad:
	remove_made(d);
	drelease(d);
	sigfatal_release();
	return -1;
}

void outdir_file(const outdir *d, const char *name, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s", d->tmp ? d->tmp : "?", name);
}

/* each_file calls fn on every entry of the staging directory; returns -1 at
 * the first failure of fn (errno kept). */
static int each_file(outdir *d, int (*fn)(outdir *, const char *))
{
	DIR *dir = opendir(d->tmp);
	if (!dir)
		return -1;
	struct dirent *de;
	int rc = 0;
	while ((de = readdir(dir))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (fn(d, de->d_name) < 0) {
			int e = errno;
			rc = -1;
			closedir(dir);
			errno = e;
			return rc;
		}
	}
	closedir(dir);
	return rc;
}

static int move_one(outdir *d, const char *name)
{
	char from[4096], to[4096];
	snprintf(from, sizeof from, "%s/%s", d->tmp, name);
	snprintf(to, sizeof to, "%s/%s", d->path, name);
	if (rename(from, to) != 0) {
		dfail(d, to, "cannot write: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static int remove_one(outdir *d, const char *name)
{
	char p[4096];
	snprintf(p, sizeof p, "%s/%s", d->tmp, name);
	unlink(p);
	return 0;
}

int outdir_commit(outdir *d)
{
	if (!d->tmp) {
		snprintf(d->err, sizeof d->err, "gmpscope: output directory is not open");
		return -1;
	}
	if (!d->existed) {
		if (rename(d->tmp, d->path) != 0) {
			dfail(d, d->path, "cannot create directory: %s", strerror(errno));
			outdir_abort(d);
			return -1;
		}
		drelease(d);
		return 0;
	}
	if (each_file(d, move_one) < 0) {
		if (!d->err[0])
			dfail(d, d->path, "cannot read the staging directory: %s", strerror(errno));
		outdir_abort(d);
		return -1;
	}
	rmdir(d->tmp);
	drelease(d);
	return 0;
}

void outdir_abort(outdir *d)
{
	if (d->tmp) {
		each_file(d, remove_one);
		rmdir(d->tmp);
	}
	remove_made(d);
	drelease(d);
}
