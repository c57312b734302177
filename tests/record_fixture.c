/*
 * record_fixture.c — the fixture of the recorder's tests (record_fixture.h):
 * a scenario written into a temporary directory, `gmpscope record` run
 * in-process with its stderr captured, and whole files read back.
 */
#include "record_fixture.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "record.h"

/* A tiny scenario: six locked workers on two Ps, so the recording has a
 * steal, new threads, thread deaths, a moment and an exit. */
const char RECFX_SCEN[] =
	"scenario 42 record-test\n"
	"title \"recorder test\"\n"
	"family lifecycle\n"
	"go 1.25\n"
	"gomaxprocs 2\n"
	"cpus 2\n"
	"noise off\n"          /* exact trace lines: the noiseless machine */
	"horizon 50ms\n"
	"speed 10ms\n"
	"moments 5ms\n"
	"\n"
	"variant bug\n"
	"  waitgroup wg\n"
	"  func main\n"
	"    repeat 6\n"
	"      add wg 1\n"
	"      go worker\n"
	"    wait wg\n"
	"  func worker\n"
	"    defer done wg\n"
	"    lockosthread\n"
	"    work 2ms\n"
	"    sleep 1ms\n"
	"    work 1ms\n"
	"\n"
	"variant fix like bug\n"
	"  func worker\n"
	"    defer done wg\n"
	"    work 1ms\n"
	"\n"
	"variant old like bug\n"
	"  set go 1.19\n";

int recfx_setup(void **state)
{
	recfx *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	snprintf(f->dir, sizeof f->dir, "/tmp/gmp-test-record.XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->scen, sizeof f->scen, "%s/t.gmp", f->dir);
	FILE *fp = fopen(f->scen, "w");
	if (!fp)
		return -1;
	fputs(RECFX_SCEN, fp);
	fclose(fp);
	*state = f;
	return 0;
}

void recfx_rm_rf(const char *path)
{
	DIR *d = opendir(path);
	if (d) {
		struct dirent *de;
		while ((de = readdir(d))) {
			if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
				continue;
			char p[512];
			snprintf(p, sizeof p, "%s/%s", path, de->d_name);
			recfx_rm_rf(p);
		}
		closedir(d);
		rmdir(path);
	} else {
		unlink(path);
	}
}

int recfx_teardown(void **state)
{
	recfx *f = *state;
	recfx_rm_rf(f->dir);
	free(f);
	return 0;
}

/* record runs `gmpscope record ARGS...` (NULL-terminated; "@" in an argument
 * stands for the fixture directory) in-process. Returns its exit status; the
 * stderr text goes to errbuf. */
int recfx_record(const recfx *f, char *errbuf, size_t errlen, ...)
{
	char store[16][600];
	char *argv[20];
	int argc = 0;
	argv[argc++] = "gmpscope";
	argv[argc++] = "record";
	va_list ap;
	va_start(ap, errlen);
	for (const char *a; (a = va_arg(ap, const char *)) && argc < 18;) {
		char *out = store[argc];
		size_t n = 0;
		for (; *a && n + 70 < sizeof store[0]; a++) {
			if (*a == '@')
				n += (size_t)snprintf(out + n, sizeof store[0] - n, "%s", f->dir);
			else
				out[n++] = *a;
		}
		out[n] = 0;
		argv[argc++] = out;
	}
	va_end(ap);
	argv[argc] = NULL;

	char errpath[128];
	snprintf(errpath, sizeof errpath, "%s.stderr", f->dir);
	fflush(stderr);
	int saved = dup(2), fd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(saved >= 0 && fd >= 0);
	dup2(fd, 2);
	close(fd);
	cli_opts o;
	char err[CLI_ERR_MAX];
	int rc;
	if (cli_parse(argc, argv, &o, err, sizeof err) < 0) {
		fprintf(stderr, "%s\n", err);
		rc = 2;
	} else {
		assert_int_equal(o.cmd, CLI_RECORD);
		rc = cmd_record(&o);
	}
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	FILE *fp = fopen(errpath, "r");
	size_t n = fp ? fread(errbuf, 1, errlen - 1, fp) : 0;
	errbuf[n] = 0;
	if (fp)
		fclose(fp);
	unlink(errpath);
	return rc;
}

/* slurp reads a whole file (NUL-terminated); fails the test if missing. */
char *recfx_slurp_at(const char *path, size_t *len, const char *file, int line)
{
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		print_error("cannot open %s\n", path);
		_fail(file, line);
	}
	fseek(fp, 0, SEEK_END);
	long n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	char *buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	buf[n] = 0;
	fclose(fp);
	if (len)
		*len = (size_t)n;
	return buf;
}

char *recfx_slurpf(size_t *len, const char *fmt, ...)
{
	char path[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(path, sizeof path, fmt, ap);
	va_end(ap);
	return recfx_slurp_at(path, len, __FILE__, __LINE__);
}
