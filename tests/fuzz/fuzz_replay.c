/*
 * fuzz_replay.c — a plain main() for the libFuzzer harnesses, so `scons test`
 * replays every saved input with gcc, no clang or libFuzzer needed.
 *
 *   fuzz_replay_NAME [FILE|DIR]...
 *
 * Each file (every regular file of a directory, in name order) is read and
 * handed to LLVMFuzzerTestOneInput under an alarm: a crash, an assert or a
 * sanitizer report kills the process, a hang trips the alarm. Without
 * arguments it replays what `scons test` must: tests/fuzz/regressions/NAME/
 * and the seed corpus (every scenarios/NN-slug.gmp, or tests/fuzz/seeds/NAME/), found
 * under $GMPSCOPE_ROOT (the source root; "." when unset).
 *
 * FUZZ_HARNESS (a -D string) names the harness in messages and paths.
 */
#include <dirent.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef FUZZ_HARNESS
#error "build with -DFUZZ_HARNESS=\"name\""
#endif
#define REPLAY_ALARM 20   /* seconds per input before it counts as a hang */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *current = "";   /* the input being replayed, for the alarm */
static int ninputs;

static void on_alarm(int sig)
{
	(void)sig;
	static const char msg[] = "fuzz_replay_" FUZZ_HARNESS ": hang (more than 20 s) on ";
	ssize_t w = write(2, msg, sizeof msg - 1);
	w = write(2, current, strlen(current));
	w = write(2, "\n", 1);
	(void)w;
	_exit(1);
}

/* replay_file runs one input; returns -1 if it cannot be read. */
static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "fuzz_replay_%s: %s: cannot open\n", FUZZ_HARNESS, path);
		return -1;
	}
	size_t cap = 4096, n = 0, r;
	uint8_t *buf = malloc(cap);
	while (buf && (r = fread(buf + n, 1, cap - n, f)) > 0) {
		n += r;
		if (n == cap) {
			uint8_t *nb = realloc(buf, cap * 2);
			if (!nb) {
				free(buf);
				buf = NULL;
			}
			buf = nb;
			cap *= 2;
		}
	}
	fclose(f);
	if (!buf) {
		fprintf(stderr, "fuzz_replay_%s: %s: out of memory\n", FUZZ_HARNESS, path);
		return -1;
	}
	current = path;
	alarm(REPLAY_ALARM);
	LLVMFuzzerTestOneInput(buf, n);
	alarm(0);
	free(buf);
	ninputs++;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* replay_path replays a file, or every regular file of a directory (sorted;
 * names starting with '.' and README files skipped). A missing directory is
 * fine when optional. */
static int replay_path(const char *path, int optional, const char *suffix)
{
	struct stat st;
	if (stat(path, &st) < 0) {
		if (optional)
			return 0;
		fprintf(stderr, "fuzz_replay_%s: %s: no such file or directory\n", FUZZ_HARNESS, path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return replay_file(path);
	DIR *d = opendir(path);
	if (!d)
		return -1;
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	int rc = 0;
	while ((de = readdir(d)) != NULL) {
		size_t l = strlen(de->d_name);
		if (de->d_name[0] == '.' || !strncmp(de->d_name, "README", 6))
			continue;
		if (suffix && (l < strlen(suffix) || strcmp(de->d_name + l - strlen(suffix), suffix)))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			char **nn = realloc(names, cap * sizeof *names);
			if (!nn) {
				rc = -1;
				break;
			}
			names = nn;
		}
		names[n] = malloc(strlen(path) + l + 2);
		if (!names[n]) {
			rc = -1;
			break;
		}
		sprintf(names[n++], "%s/%s", path, de->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof *names, cmp_str);
	for (size_t i = 0; i < n; i++) {
		struct stat fs;
		if (rc == 0 && stat(names[i], &fs) == 0 && S_ISREG(fs.st_mode) && replay_file(names[i]) < 0)
			rc = -1;
		free(names[i]);
	}
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	signal(SIGALRM, on_alarm);
	int rc = 0;
	if (argc > 1) {
		for (int i = 1; i < argc; i++)
			if (replay_path(argv[i], 0, NULL) < 0)
				rc = 1;
	} else {
		const char *root = getenv("GMPSCOPE_ROOT");
		char path[4096];
		if (!root || !*root)
			root = ".";
		snprintf(path, sizeof path, "%s/tests/fuzz/regressions/%s", root, FUZZ_HARNESS);
		if (replay_path(path, 1, NULL) < 0)
			rc = 1;
		snprintf(path, sizeof path, "%s/tests/fuzz/seeds/%s", root, FUZZ_HARNESS);
		if (replay_path(path, 1, NULL) < 0)
			rc = 1;
		if (strcmp(FUZZ_HARNESS, "keys") != 0) {
			snprintf(path, sizeof path, "%s/scenarios", root);
			if (replay_path(path, 0, ".gmp") < 0)
				rc = 1;
		}
	}
	printf("fuzz_replay_%s: %d input(s) replayed%s\n", FUZZ_HARNESS, ninputs, rc ? ", some unreadable" : ", no crash");
	return rc;
}
