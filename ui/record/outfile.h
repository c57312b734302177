/*
 * outfile.h — all-or-nothing output files.
 *
 * Every file gmpscope writes (recordings, screenshots, traces) goes through
 * here: the data is written to a hidden temporary file in the target's own
 * directory, flushed and synced, then renamed over the target in one step. On
 * any failure the temporary file is removed and an existing target is left
 * untouched, so a reader never sees a truncated file.
 *
 *     outfile o;
 *     if (outfile_open(&o, path) < 0) { report(o.err); return -1; }
 *     fprintf(o.fp, ...);
 *     if (outfile_commit(&o) < 0) { report(o.err); return -1; }
 *
 * Every successful outfile_open must end in outfile_commit (or outfile_finish
 * then outfile_publish) or outfile_abort, and an open outfile must not be
 * copied or go out of scope before that: it sits on a list that
 * outfile_abort_all walks on the way out, and its stream writes through it.
 *
 * Several outputs that must appear together (a recording's cast, traces and
 * screenshots) are written in two phases: outfile_finish on each (the data is
 * on disk under the temporary names: every write error, such as a full disk,
 * shows here), then outfile_publish / outdir_commit on each (renames only).
 * A failure in the first phase aborts them all and leaves nothing behind.
 *
 * An outdir is a directory written the same way: its files go into a hidden
 * staging directory, and outdir_commit moves them into place (or renames the
 * staging directory itself when the target did not exist).
 */
#ifndef GMP_OUTFILE_H
#define GMP_OUTFILE_H

#include <stddef.h>
#include <stdio.h>

typedef struct outfile {
	FILE *fp;             /* write here; NULL when not open or finished */
	int fd;               /* the temporary file's descriptor, under fp */
	int werr;             /* errno of the first failed write, 0 = none */
	char *path;           /* the final name */
	char *name;           /* the name shown in errors (usually path) */
	char *tmp;            /* the temporary name, in path's directory; NULL once gone */
	struct outfile *next; /* list of open outfiles, for outfile_abort_all */
	char err[320];        /* one-line error ("gmpscope: NAME: reason") after -1 */
} outfile;

/* outfile_open starts writing path. Returns 0, or -1 with o->err set (e.g. the
 * directory does not exist or is not writable) and nothing created. */
int outfile_open(outfile *o, const char *path);

/* outfile_open_named is outfile_open with errors naming name instead of path
 * (a file in an outdir's staging directory is named by its final path). */
int outfile_open_named(outfile *o, const char *path, const char *name);

/* outfile_finish flushes, syncs and closes the temporary file, keeping it
 * under its temporary name. Returns 0, or -1 with o->err set (the reason of
 * the failed write, e.g. "No space left on device") and the temporary removed. */
int outfile_finish(outfile *o);

/* outfile_publish renames a finished temporary file to its final name.
 * Returns 0, or -1 with o->err set and the temporary removed. */
int outfile_publish(outfile *o);

/* outfile_write_error writes into err the one-line message for a writer that
 * failed on o: "gmpscope: NAME: cannot write: REASON" (the errno of the failed
 * write; "out of memory" when no write failed). */
void outfile_write_error(const outfile *o, char *err, size_t errlen);

/* outfile_commit flushes, syncs and renames the temporary file to its final
 * name. Returns 0, or -1 with o->err set, the temporary removed and any
 * existing file at path preserved. Also fails if a write to o->fp failed. */
int outfile_commit(outfile *o);

/* outfile_abort closes and removes the temporary file; safe on a closed outfile. */
void outfile_abort(outfile *o);

/* outfile_abort_all removes every temporary file and staging directory still
 * open (outfiles first, then outdirs); for exit paths (it can be an atexit
 * handler). */
void outfile_abort_all(void);

typedef struct outdir {
	char *path;           /* the final directory */
	char *tmp;            /* the staging directory; NULL when not open */
	char *made;           /* topmost parent directory we created, NULL = none */
	char *parent;         /* path's parent, as created */
	int existed;          /* path was a directory already: move files into it */
	struct outdir *next;  /* list of open outdirs, for outfile_abort_all */
	char err[320];        /* one-line error after -1 */
} outdir;

/* outdir_open prepares to write the directory path, creating its missing
 * parents. Returns 0, or -1 with d->err set and nothing left behind. */
int outdir_open(outdir *d, const char *path);

/* outdir_file writes into buf the staging path of the file name in d. */
void outdir_file(const outdir *d, const char *name, char *buf, size_t len);

/* outdir_commit moves the staged files into path (replacing files of the
 * same names). Returns 0, or -1 with d->err set. */
int outdir_commit(outdir *d);

/* outdir_abort removes the staging directory, its files and the parents
 * outdir_open created; safe on a closed outdir. */
void outdir_abort(outdir *d);

/* outfile_write writes len bytes to path in one go (open + write + commit).
 * Returns 0, or -1 with a one-line message in err. */
int outfile_write(const char *path, const void *data, size_t len, char *err, size_t errlen);

#endif
