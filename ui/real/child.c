/*
 * child.c — start the real program (see child.h).
 *
 * Exec failures cross a close-on-exec pipe: the child writes its errno and
 * exits 127; the parent reads either that errno or EOF (the exec worked),
 * reaps a failed child at once, and so reports "command not found" as one
 * line before any screen is drawn.
 */
#include "child.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <time.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

bool child_godebug(const char *user, int64_t ms, char *out, size_t len)
{
	size_t used = 0;
	out[0] = '\0';
	for (const char *p = user ? user : ""; *p;) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		bool ours = (n >= 11 && !strncmp(p, "schedtrace=", 11)) ||
		            (n >= 12 && !strncmp(p, "scheddetail=", 12));
		if (n && !ours) {
			int k = snprintf(out + used, len - used, "%.*s,", (int)n, p);
			if (k < 0 || (size_t)k >= len - used)
				return false;
			used += (size_t)k;
		}
		p += n + (end ? 1 : 0);
	}
	int k = snprintf(out + used, len - used, "schedtrace=%lld,scheddetail=1", (long long)ms);
	return k >= 0 && (size_t)k < len - used;
}

static bool executable(const char *path, char *err, size_t errlen, const char *prog)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		snprintf(err, errlen, "%s: %s", prog, errno == ENOENT ? "command not found" : strerror(errno));
		return false;
	}
	if (!S_ISREG(st.st_mode) || access(path, X_OK) != 0) {
		snprintf(err, errlen, "%s: not an executable file", prog);
		return false;
	}
	return true;
}

int child_resolve(const char *prog, char *path, size_t len, char *err, size_t errlen)
{
	if (!*prog) {
		snprintf(err, errlen, "missing PROGRAM");
		return -1;
	}
	if (strchr(prog, '/')) {
		snprintf(path, len, "%s", prog);
		return executable(path, err, errlen, prog) ? 0 : -1;
	}
	const char *dirs = getenv("PATH");
	for (const char *p = dirs ? dirs : "/usr/bin:/bin"; p;) {
		const char *end = strchr(p, ':');
		int n = end ? (int)(end - p) : (int)strlen(p);
		struct stat st;
		snprintf(path, len, "%.*s%s%s", n, p, n ? "/" : "", prog);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0)
			return 0;
		p = end ? end + 1 : NULL;
	}
	snprintf(err, errlen, "%s: command not found", prog);
	return -1;
}

/* exec_child runs in the forked child: never returns. */
static void exec_child(const char *path, char *const argv[], const char *godebug, int out, int errw,
                       int status)
{
	setpgid(0, 0);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	for (int s = 1; s < 32; s++)
		if (s != SIGKILL && s != SIGSTOP)
			signal(s, SIG_DFL);
	int in = open("/dev/null", O_RDONLY);
	if (in < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(errw, 2) < 0 ||
	    setenv("GODEBUG", godebug, 1) != 0) {
		int e = errno;
		(void)!write(status, &e, sizeof e);
		_exit(127);
	}
	execv(path, argv);
	int e = errno;
	(void)!write(status, &e, sizeof e);
	_exit(127);
}

int child_start(const char *path, char *const argv[], const char *godebug, child *c, char *err,
                size_t errlen)
{
	int out[2], errp[2], st[2];
	if (pipe(out) != 0 || pipe(errp) != 0 || pipe(st) != 0 ||
	    fcntl(st[1], F_SETFD, FD_CLOEXEC) != 0) {
		snprintf(err, errlen, "cannot make pipes: %s", strerror(errno));
		return -1;
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(err, errlen, "cannot start %s: %s", argv[0], strerror(errno));
		return -1;
	}
	if (pid == 0) {
		close(out[0]);
		close(errp[0]);
		close(st[0]);
		exec_child(path, argv, godebug, out[1], errp[1], st[1]);
	}
	setpgid(pid, pid);   /* both sides: whichever runs first */
	close(out[1]);
	close(errp[1]);
	close(st[1]);
	int e = 0;
	ssize_t n;
	while ((n = read(st[0], &e, sizeof e)) < 0 && errno == EINTR)
		;
	close(st[0]);
	if (n == (ssize_t)sizeof e) {
		waitpid(pid, NULL, 0);
		close(out[0]);
		close(errp[0]);
		snprintf(err, errlen, "%s: %s", argv[0], e == ENOENT ? "command not found" : strerror(e));
		return -1;
	}
	fcntl(out[0], F_SETFL, O_NONBLOCK);
	fcntl(errp[0], F_SETFL, O_NONBLOCK);
	fcntl(out[0], F_SETFD, FD_CLOEXEC);
	fcntl(errp[0], F_SETFD, FD_CLOEXEC);
	c->pid = pid;
	c->out_fd = out[0];
	c->err_fd = errp[0];
	return 0;
}

const char *child_status_text(int ws, int *code, char *buf, size_t len)
{
	if (WIFEXITED(ws)) {
		*code = WEXITSTATUS(ws);
		snprintf(buf, len, "exited with status %d", *code);
	} else if (WIFSIGNALED(ws)) {
		*code = 128 + WTERMSIG(ws);
		snprintf(buf, len, "killed by signal %d (%s)", WTERMSIG(ws), strsignal(WTERMSIG(ws)));
	} else {
		*code = -1;
		snprintf(buf, len, "stopped");
	}
	return buf;
}

static int64_t mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* A pipe being read line by line. */
typedef struct reader {
	int fd;                /* -1 once at EOF */
	bool is_err;
	char buf[1 << 16];     /* a partial line */
	size_t len;
} reader;

/* pump reads what r's pipe has and hands out whole lines (a line longer
 * than the buffer is cut); at EOF the last partial line too. */
static void pump(reader *r, child_line fn, void *ctx)
{
	ssize_t n = read(r->fd, r->buf + r->len, sizeof r->buf - r->len);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		if (r->len)
			fn(ctx, r->is_err, r->buf, r->len, true);
		close(r->fd);
		r->fd = -1;
		return;
	}
	r->len += (size_t)n;
	size_t start = 0;
	for (size_t i = 0; i < r->len; i++)
		if (r->buf[i] == '\n') {
			fn(ctx, r->is_err, r->buf + start, i - start, false);
			start = i + 1;
		}
	memmove(r->buf, r->buf + start, r->len - start);
	r->len -= start;
	if (r->len == sizeof r->buf) {
		fn(ctx, r->is_err, r->buf, r->len, false);
		r->len = 0;
	}
}

int child_collect(child *c, int64_t until_ns, int64_t grace_ns, child_line fn, void *ctx)
{
	static reader rd[2];
	rd[0] = (reader){ .fd = c->err_fd, .is_err = true };
	rd[1] = (reader){ .fd = c->out_fd, .is_err = false };
	int64_t t0 = mono_ns(), term_at = -1, reaped_at = -1;
	int ws = 0;
	bool reaped = false;
	while (!reaped || rd[0].fd >= 0 || rd[1].fd >= 0) {
		struct pollfd p[2];
		int np = 0;
		for (int i = 0; i < 2; i++)
			if (rd[i].fd >= 0)
				p[np++] = (struct pollfd){ .fd = rd[i].fd, .events = POLLIN };
		if (np)
			poll(p, (nfds_t)np, 20);
		else
			usleep(20000);
		for (int i = 0, k = 0; i < 2; i++)
			if (rd[i].fd >= 0 && (p[k++].revents & (POLLIN | POLLHUP | POLLERR)))
				pump(&rd[i], fn, ctx);
		if (!reaped && waitpid(c->pid, &ws, WNOHANG) == c->pid) {
			reaped = true;
			kill(-c->pid, SIGKILL);   /* what it left behind: its pipes close */
		}
		int64_t now = mono_ns() - t0;
		if (reaped && reaped_at < 0)
			reaped_at = now;
		if (reaped && now - reaped_at > 1000000000LL)   /* a pipe held by a process */
			for (int i = 0; i < 2; i++)                   /* outside the group */
				if (rd[i].fd >= 0) {
					close(rd[i].fd);
					rd[i].fd = -1;
				}
		if (!reaped && until_ns >= 0 && now >= until_ns && term_at < 0) {
			kill(-c->pid, SIGTERM);
			term_at = now;
		}
		if (!reaped && term_at >= 0 && now - term_at >= grace_ns)
			kill(-c->pid, SIGKILL);
	}
	return ws;
}
