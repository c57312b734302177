/*
 * record_fixture.h — the recorder tests' fixture: a tiny scenario (six
 * locked workers on two Ps, so a recording has a steal, new threads, thread
 * deaths, a moment and an exit) in a temporary directory, and the calls
 * that record it and read the outputs back.
 */
#ifndef GMP_RECORD_FIXTURE_H
#define GMP_RECORD_FIXTURE_H

#include <stddef.h>

typedef struct recfx {
	char dir[64];       /* temporary directory */
	char scen[128];     /* the scenario file in it */
} recfx;

extern const char RECFX_SCEN[];

/* cmocka setup and teardown: the directory with the scenario as t.gmp */
int recfx_setup(void **state);
int recfx_teardown(void **state);
/* recfx_rm_rf removes a file or a directory tree. */
void recfx_rm_rf(const char *path);
/* recfx_record runs `gmpscope record ARGS...` (NULL-terminated; "@" in an
 * argument stands for the fixture directory) in-process. Returns its exit
 * status; the stderr text goes to errbuf. */
int recfx_record(const recfx *f, char *errbuf, size_t errlen, ...);
/* recfx_slurp reads a whole file (NUL-terminated); fails the test if missing. */
char *recfx_slurp_at(const char *path, size_t *len, const char *file, int line);
#define recfx_slurp(path, len) recfx_slurp_at(path, len, __FILE__, __LINE__)
/* recfx_slurpf: recfx_slurp of a printf-formatted path. */
char *recfx_slurpf(size_t *len, const char *fmt, ...);

#endif
