/*
 * record_replay.c — `gmpscope record --replay FILE` and `record --real --
 * PROGRAM`: recordings of the real runtime. The source is read whole first
 * (a log, or a program run headless by child_collect until it exits or
 * --until of wall time passes), then drawn by view_replay one snapshot per
 * frame: the cast's frames at the log's own times (what one sees with space
 * in `gmpscope replay`), screenshots at --at times (the last snapshot at or
 * before each) and at the end. Outputs are staged and published together,
 * as for scenarios.
 */
#include "record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "child.h"
#include "replay.h"
#include "shot.h"
#include "theme.h"
#include "view_snap.h"

#define REAL_GRACE_NS 2000000000LL   /* SIGTERM, then SIGKILL after this */

/* on_line feeds the headless child's lines to the replay. */
static void on_line(void *ctx, bool is_err, const char *line, size_t len, bool cut)
{
	replay *rp = ctx;
	char err[STRACE_ERR];
	if (is_err && cut)   /* killed mid-line: what is there is no whole line */
		return;
	if (is_err && !rp->status[0]) {
		int k = schedlog_line(&rp->log, line, len, err, sizeof err);
		if (k < 0)
			snprintf(rp->status, sizeof rp->status, "%s", err);
		if (k != 0)
			return;
	}
	replay_output(rp, line, len);
}

/* load_real runs the program and reads its snapshots; -1 with err. */
static int load_real(const cli_opts *o, replay *rp, char *err, size_t errlen)
{
	char path[4096], godebug[1024], cerr[CHILD_ERR], b[128];
	child ch;
	if (child_resolve(o->command[0], path, sizeof path, cerr, sizeof cerr) != 0 ||
	    !child_godebug(getenv("GODEBUG"), o->interval / 1000000, godebug, sizeof godebug)) {
		snprintf(err, errlen, "gmpscope: record: %s", cerr);
		return -1;
	}
	char **argv = gmp_xcalloc((size_t)o->ncommand + 1, sizeof *argv);
	memcpy(argv, o->command, (size_t)o->ncommand * sizeof *argv);
	int rc = child_start(path, argv, godebug, &ch, cerr, sizeof cerr);
	free(argv);
	if (rc != 0) {
		snprintf(err, errlen, "gmpscope: record: %s", cerr);
		return -1;
	}
	int ws = child_collect(&ch, o->until, REAL_GRACE_NS, on_line, rp);
	rp->running = false;
	if (WIFSIGNALED(ws))
		schedlog_discard(&rp->log);   /* a state cut short by the signal */
	schedlog_flush(&rp->log);
	child_status_text(ws, &rp->exit_status, b, sizeof b);
	if (rp->status[0]) {
		snprintf(err, errlen, "gmpscope: record: %.400s", rp->status);
		return -1;
	}
	if (rp->log.n == 0) {
		snprintf(err, errlen, "gmpscope: record: %s %s without printing any schedtrace (is it a Go program?)",
		         o->command[0], b);
		return -1;
	}
	snprintf(rp->status, sizeof rp->status, "%s %s; %d snapshots", o->command[0], b, rp->log.n);
	return 0;
}

/* shoot writes the screen of state i as NAME.txt and NAME.svg into the
 * staged directory. */
static int shoot(outdir *d, canvas *c, replay *rp, int i, const char *name, char *err, size_t errlen)
{
	static const char *ext[2] = {"txt", "svg"};
	rp->cur = i;
	view_replay(c, rp);
	for (int k = 0; k < 2; k++) {
		char file[64], p[4096], shown[4200];
		snprintf(file, sizeof file, "%s.%s", name, ext[k]);
		outdir_file(d, file, p, sizeof p);
		snprintf(shown, sizeof shown, "%s/%s", d->path, file);
		if (shot_save_named(p, shown, c, err, errlen) < 0)
			return -1;
	}
	return 0;
}

/* frames writes the cast and the screenshots of rp. */
static int frames(const cli_opts *o, replay *rp, outfile *cf, outdir *d, char *err, size_t errlen)
{
	canvas *c = canvas_new(o->cols, o->rows, o->ascii);
	cast *k = NULL;
	int rc = 0;
	if (!c || (cf && !(k = cast_open(cf->fp, o->cols, o->rows, rp->source, THEME_COLOR256)))) {
		snprintf(err, errlen, "gmpscope: out of memory");
		canvas_free(c);
		return -1;
	}
	int64_t t0 = rp->log.snaps[0].t;
	for (int i = 0; i < rp->log.n && k; i++) {
		rp->cur = i;
		view_replay(c, rp);
		if (cast_frame(k, (uint64_t)(rp->log.snaps[i].t - t0) / 1000, c) < 0)
			rc = -1;
	}
	if (k && cast_close(k) < 0)
		rc = -1;
	if (rc < 0)
		outfile_write_error(cf, err, errlen);
	for (int a = 0; d && rc == 0 && a < o->nat; a++) {
		int i = -1;
		for (int s = 0; s < rp->log.n && rp->log.snaps[s].t - t0 <= o->at[a]; s++)
			i = s;
		char name[40];
		record_time_name(o->at[a], name, sizeof name);
		if (i >= 0)
			rc = shoot(d, c, rp, i, name, err, errlen);
	}
	if (d && rc == 0)
		rc = shoot(d, c, rp, rp->log.n - 1, "end", err, errlen);
	canvas_free(c);
	return rc;
}

int record_snaps(const cli_opts *o)
{
	replay rp;
	char err[RECORD_ERR + STRACE_ERR] = "";
	outfile cf;
	outdir d;
	bool cast_open = false, dir_open = false;
	theme_use(o->light ? THEME_LIGHT : THEME_DARK);
	replay_init(&rp, o->log ? o->log : o->command[0], o->real);
	snprintf(rp.source, sizeof rp.source, "%s %.200s", o->log ? "replay" : "real", o->log ? o->log : o->command[0]);
	int rc = -1;
	if (o->log) {
		char rerr[STRACE_ERR];
		if (schedlog_read_file(o->log, &rp.log, rerr, sizeof rerr) != 0) {
			snprintf(err, sizeof err, "gmpscope: record: %s", rerr);
			goto out;
		}
	} else if (load_real(o, &rp, err, sizeof err) != 0) {
		goto out;
	}
	rp.follow = false;
	if (o->cast && outfile_open(&cf, o->cast) != 0) {
		snprintf(err, sizeof err, "%s", cf.err);
		goto out;
	}
	cast_open = o->cast != NULL;
	if (o->screens && outdir_open(&d, o->screens) != 0) {
		snprintf(err, sizeof err, "%s", d.err);
		goto out;
	}
	dir_open = o->screens != NULL;
	if (frames(o, &rp, cast_open ? &cf : NULL, dir_open ? &d : NULL, err, sizeof err) != 0)
		goto out;
	if (cast_open && (outfile_finish(&cf) != 0 || outfile_publish(&cf) != 0)) {
		snprintf(err, sizeof err, "%s", cf.err);
		cast_open = false;
		goto out;
	}
	cast_open = false;
	if (dir_open && outdir_commit(&d) != 0) {
		snprintf(err, sizeof err, "%s", d.err);
		dir_open = false;
		goto out;
	}
	dir_open = false;
	rc = 0;
out:
	if (cast_open)
		outfile_abort(&cf);
	if (dir_open)
		outdir_abort(&d);
	if (rc != 0)
		fprintf(stderr, "%s\n", err);
	else if (o->real)
		fprintf(stderr, "gmpscope: record: %s\n", rp.status);
	replay_free(&rp);
	return rc == 0 ? 0 : 2;
}
