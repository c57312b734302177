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
 * Every successful outfile_open must end in outfile_commit or outfile_abort,
 * and an open outfile must not be copied or go out of scope before that: it
 * sits on a list that outfile_abort_all walks on the way out.
 */
#ifndef GMP_OUTFILE_H
#define GMP_OUTFILE_H

#include <stddef.h>
#include <stdio.h>

typedef struct outfile {
	FILE *fp;             /* write here; NULL when not open */
	char *path;           /* the final name */
	char *tmp;            /* the temporary name, in path's directory */
	struct outfile *next; /* list of open outfiles, for outfile_abort_all */
	char err[320];        /* one-line error ("gmpscope: PATH: reason") after -1 */
} outfile;

/* outfile_open starts writing path. Returns 0, or -1 with o->err set (e.g. the
 * directory does not exist or is not writable) and nothing created. */
int outfile_open(outfile *o, const char *path);

/* outfile_commit flushes, syncs and renames the temporary file to its final
 * name. Returns 0, or -1 with o->err set, the temporary removed and any
 * existing file at path preserved. Also fails if a write to o->fp failed. */
int outfile_commit(outfile *o);

/* outfile_abort closes and removes the temporary file; safe on a closed outfile. */
void outfile_abort(outfile *o);

/* outfile_abort_all removes every temporary file still open; for exit paths. */
void outfile_abort_all(void);

/* outfile_write writes len bytes to path in one go (open + write + commit).
 * Returns 0, or -1 with a one-line message in err. */
int outfile_write(const char *path, const void *data, size_t len, char *err, size_t errlen);

#endif
