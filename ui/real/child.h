/*
 * child.h — the real program of `gmpscope real`: found, started in its own
 * process group with GODEBUG set for it alone, its stdout and stderr on
 * pipes, stdin on /dev/null. No event loop here (ui/term/app_real.c watches
 * the pipes and the child with libev).
 */
#ifndef GMP_CHILD_H
#define GMP_CHILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define CHILD_ERR 512

/* A started child. */
typedef struct child {
	pid_t pid;         /* also its process group's id */
	int out_fd;        /* its stdout (read end, non-blocking) */
	int err_fd;        /* its stderr: schedtrace and its own messages */
} child;

/* child_godebug merges the user's GODEBUG (may be NULL) with
 * schedtrace=MS,scheddetail=1: the user's other settings are kept, theirs
 * for schedtrace and scheddetail are replaced. false when out is too small. */
bool child_godebug(const char *user, int64_t ms, char *out, size_t len);

/* child_resolve finds prog as execvp would (a name without '/' is looked up
 * in PATH) and checks it is an executable regular file. Returns 0, or -1
 * with "PROGRAM: command not found" (or the system's reason) in err. */
int child_resolve(const char *prog, char *path, size_t len, char *err, size_t errlen);

/* child_start runs path with argv (argv[0] as given) under GODEBUG=godebug,
 * in a new process group. It returns once the exec succeeded (0) or failed
 * (-1, the reason in err; nothing is left running). */
int child_start(const char *path, char *const argv[], const char *godebug, child *c, char *err,
                size_t errlen);

/* child_line receives one line of the child's stderr (is_err) or stdout;
 * cut: the stream ended inside it (the program was killed mid-print). */
typedef void (*child_line)(void *ctx, bool is_err, const char *line, size_t len, bool cut);

/* child_collect reads c's output headless (poll, no event loop) until it
 * exits or until_ns of wall time passed (< 0: no limit); then SIGTERM goes
 * to its group, SIGKILL after grace_ns. It reaps the child, kills what is
 * left of its group, closes the pipes and returns the wait status. */
int child_collect(child *c, int64_t until_ns, int64_t grace_ns, child_line fn, void *ctx);

/* child_status_text: "exited with status 3", "killed by signal 9 (Killed)";
 * *code gets the exit status or 128+signal. */
const char *child_status_text(int wstatus, int *code, char *buf, size_t len);

#endif
