/*
 * test_shot.c — text and SVG screenshots, and the all-or-nothing output files
 * they are written through (ui/record/outfile.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "canvas.h"
#include "outfile.h"
#include "shot.h"

static char *mem_shot(const canvas *c, bool svg)
{
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	assert_non_null(fp);
	assert_int_equal(svg ? shot_svg(fp, c, THEME_COLOR256) : shot_txt(fp, c), 0);
	fclose(fp);
	return text;
}

static canvas *sample(void)
{
	canvas *c = canvas_new(24, 5, false);
	canvas_box(c, 0, 0, 20, 4, "P <&> 1", ROLE_BORDER);
	canvas_put_str(c, 2, 1, "G1 ▶ run", ROLE_RUNNING, -1);
	canvas_fill(c, 2, 2, 6, 1, 0x2588, ROLE_RUNNING);
	canvas_fill(c, 8, 2, 3, 1, 0x2591, ROLE_IDLE);
	canvas_put_str(c, 12, 2, " BUG ", ROLE_BUG, -1);
	canvas_put_str(c, 0, 4, "x < y && z", ROLE_ALERT, -1);
	return c;
}

static void test_txt_has_one_trimmed_line_per_row(void **state)
{
	(void)state;
	canvas *c = sample();
	char *txt = mem_shot(c, false);
	assert_string_equal(txt,
		"┌ P <&> 1 ─────────┐\n"
		"│ G1 ▶ run         │\n"
		"│ ██████░░░  BUG   │\n"
		"└──────────────────┘\n"
		"x < y && z\n");
	char *s = shot_txt_string(c);
	assert_string_equal(s, txt);
	free(s);
	free(txt);
	canvas_clear(c);
	txt = mem_shot(c, false);
	assert_string_equal(txt, "\n\n\n\n\n"); /* still exactly ROWS lines */
	free(txt);
	canvas_free(c);
}

static void test_svg_is_wellformed_escaped_and_coloured(void **state)
{
	(void)state;
	canvas *c = sample();
	char *svg = mem_shot(c, true);
	const char *head = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"201.6\" height=\"85.0\"";
	assert_int_equal(strncmp(svg, head, strlen(head)), 0);
	assert_non_null(strstr(svg, "monospace"));
	assert_non_null(strstr(svg, "fill=\"#1c1c1c\""));             /* dark background */
	assert_non_null(strstr(svg, ">x &lt; y &amp;&amp; z</text>")); /* escaped text */
	assert_non_null(strstr(svg, "P &lt;&amp;&gt; 1</text>"));
	assert_non_null(strstr(svg, ">G1 ▶ run</text>"));
	assert_non_null(strstr(svg, "fill=\"#00ff00\""));   /* running: xterm 46 */
	assert_non_null(strstr(svg, "fill=\"#d70000\""));   /* BUG badge background: xterm 160 */
	assert_non_null(strstr(svg, ">BUG</text>"));
	/* █ x6 as one rectangle of the running colour */
	assert_non_null(strstr(svg, "<rect x=\"16.8\" y=\"34.0\" width=\"50.4\" height=\"17.0\" fill=\"#00ff00\"/>"));
	/* box corner ┌ at (0,0) as joined line segments through the cell centre */
	assert_non_null(strstr(svg, "<path d=\"M4.2 8.5H8.4M4.2 8.5V17.0\" stroke=\"#8a8a8a\""));  /* border: xterm 245 */
	assert_string_equal(svg + strlen(svg) - 7, "</svg>\n");
	/* crude well-formedness: every tag closes, no raw '<' or '&' inside text */
	int depth = 0;
	for (const char *p = svg; *p; p++) {
		if (*p == '<') {
			assert_true(p[1] == '/' || (p[1] >= 'a' && p[1] <= 'z'));
			const char *e = strchr(p, '>');
			assert_non_null(e);
			if (p[1] == '/')
				depth--;
			else if (e[-1] != '/')
				depth++;
			assert_true(depth >= 0);
			p = e;
		} else if (*p == '&') {
			assert_true(!strncmp(p, "&lt;", 4) || !strncmp(p, "&gt;", 4) || !strncmp(p, "&amp;", 5));
		}
	}
	assert_int_equal(depth, 0);
	char *again = mem_shot(c, true);
	assert_string_equal(svg, again); /* deterministic bytes */
	free(again);
	free(svg);
	canvas_free(c);
}

/* tmpdir makes a fresh directory for file tests. */
static char *tmpdir(void)
{
	char tmpl[] = "/tmp/gmpshot.XXXXXX";
	char *d = mkdtemp(tmpl);
	assert_non_null(d);
	return strdup(d);
}

static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static char *slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	char *buf = calloc(1, 1 << 16);
	size_t n = fread(buf, 1, (1 << 16) - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

static void test_shot_save_writes_via_temp_and_rename(void **state)
{
	(void)state;
	char *dir = tmpdir(), path[256], err[320] = "";
	canvas *c = sample();
	snprintf(path, sizeof path, "%s/end.txt", dir);
	assert_int_equal(shot_save(path, c, err, sizeof err), 0);
	snprintf(path, sizeof path, "%s/end.svg", dir);
	assert_int_equal(shot_save(path, c, err, sizeof err), 0);
	assert_int_equal(count_entries(dir), 2); /* no temporaries left */
	char *svg = slurp(path);
	assert_memory_equal(svg, "<svg ", 5);
	free(svg);
	snprintf(path, sizeof path, "%s/end.txt", dir);
	char *txt = slurp(path), *want = shot_txt_string(c);
	assert_string_equal(txt, want);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_true((st.st_mode & 0044) || (st.st_mode & 0600) == 0600); /* not left at mkstemp's 0600 unless umask says so */
	free(txt);
	free(want);
	unlink(path);
	snprintf(path, sizeof path, "%s/end.svg", dir);
	unlink(path);
	rmdir(dir);
	free(dir);
	canvas_free(c);
}

static void test_outfile_failure_keeps_existing_file_and_leaves_no_temp(void **state)
{
	(void)state;
	char *dir = tmpdir(), path[256], err[320] = "";
	snprintf(path, sizeof path, "%s/keep.cast", dir);
	assert_int_equal(outfile_write(path, "old\n", 4, err, sizeof err), 0);

	/* a commit after a failed write must not replace the old file */
	outfile o;
	assert_int_equal(outfile_open(&o, path), 0);
	fputs("new partial", o.fp);
	assert_int_equal(count_entries(dir), 2); /* the target + one temporary */
	outfile_abort(&o);
	assert_int_equal(count_entries(dir), 1);
	char *s = slurp(path);
	assert_string_equal(s, "old\n");
	free(s);

	assert_int_equal(outfile_open(&o, path), 0);
	fputs("new", o.fp);
	fflush(o.fp);
	/* simulate a write error on the stream */
	FILE *fp = o.fp;
	static char ro[8];
	o.fp = fmemopen(ro, sizeof ro, "r");
	fputc('x', o.fp); /* fails on a read-only stream: ferror is set */
	assert_int_equal(outfile_commit(&o), -1);
	fclose(fp);
	assert_non_null(strstr(o.err, "keep.cast"));
	assert_null(strchr(o.err, '\n'));
	assert_int_equal(count_entries(dir), 1);
	s = slurp(path);
	assert_string_equal(s, "old\n");
	free(s);

	/* success replaces it atomically */
	assert_int_equal(outfile_write(path, "new\n", 4, err, sizeof err), 0);
	s = slurp(path);
	assert_string_equal(s, "new\n");
	free(s);
	unlink(path);
	rmdir(dir);
	free(dir);
}

static void test_outfile_unwritable_dir_reports_one_line(void **state)
{
	(void)state;
	char err[320] = "";
	assert_int_equal(outfile_write("/nonexistent-gmpscope-dir/x.txt", "a", 1, err, sizeof err), -1);
	assert_string_equal(err, "gmpscope: /nonexistent-gmpscope-dir/x.txt: cannot create: No such file or directory");

	char *dir = tmpdir(), path[256];
	snprintf(path, sizeof path, "%s/file", dir);
	assert_int_equal(outfile_write(path, "a", 1, err, sizeof err), 0);
	snprintf(path, sizeof path, "%s/file/x.txt", dir); /* a file is not a directory, even for root */
	assert_int_equal(outfile_write(path, "a", 1, err, sizeof err), -1);
	assert_non_null(strstr(err, "x.txt: cannot create: Not a directory"));
	snprintf(path, sizeof path, "%s/file", dir);
	unlink(path);

	snprintf(path, sizeof path, "%s/x.txt", dir);
	chmod(dir, 0500);
	if (access(dir, W_OK) != 0) { /* root can write anyway: then skip this half */
		assert_int_equal(outfile_write(path, "a", 1, err, sizeof err), -1);
		assert_non_null(strstr(err, "cannot create"));
		assert_int_equal(count_entries(dir), 0);
	}
	chmod(dir, 0700);
	unlink(path);
	rmdir(dir);
	free(dir);

	assert_int_equal(outfile_write("", "a", 1, err, sizeof err), -1);
	assert_string_equal(err, "gmpscope: empty output file name");
	outfile_abort_all(); /* nothing open: a no-op */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_txt_has_one_trimmed_line_per_row),
		cmocka_unit_test(test_svg_is_wellformed_escaped_and_coloured),
		cmocka_unit_test(test_shot_save_writes_via_temp_and_rename),
		cmocka_unit_test(test_outfile_failure_keeps_existing_file_and_leaves_no_temp),
		cmocka_unit_test(test_outfile_unwritable_dir_reports_one_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
