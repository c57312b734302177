/*
 * test_alloc.c — the engine's allocation policy (engine/alloc.h,
 * engine/runtime/alloc.c): an allocation that fails never returns NULL; it
 * reports one exact line through the handler the program registered, or on
 * stderr without one, and the process exits with status 2.
 *
 * A request of SIZE_MAX bytes fails on every libc; the sanitizers treat it as
 * a bug of their own and stop, so these tests are skipped there.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "alloc.h"

#define OOM_LINE "gmpscope: out of memory: the simulation needs more memory than this machine gives it"

#if defined(__SANITIZE_ADDRESS__)
#define SKIP_UNDER_SANITIZER() skip()
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SKIP_UNDER_SANITIZER() skip()
#endif
#endif
#ifndef SKIP_UNDER_SANITIZER
#define SKIP_UNDER_SANITIZER() ((void)0)
#endif

static jmp_buf back;
static char seen[256];
static int calls;

/* catch records the line and returns to the test instead of exiting */
static void catch(const char *msg)
{
	snprintf(seen, sizeof seen, "%s", msg);
	calls++;
	longjmp(back, 1);
}

/* every allocator reports through the registered handler, with the line */
static void test_a_failed_allocation_calls_the_handler_with_one_line(void **state)
{
	(void)state;
	SKIP_UNDER_SANITIZER();
	engine_set_oom_handler(catch);
	calls = 0;
	volatile int tried = 0;
	if (setjmp(back) == 0) { tried++; (void)gmp_xmalloc(SIZE_MAX); }
	if (setjmp(back) == 0) { tried++; (void)gmp_xrealloc(NULL, SIZE_MAX); }
	if (setjmp(back) == 0) { tried++; (void)gmp_xcalloc(SIZE_MAX, 2); }
	engine_set_oom_handler(NULL);
	assert_int_equal(tried, 3);
	assert_int_equal(calls, 3);
	assert_string_equal(seen, OOM_LINE);
}

/* without a handler: the line on stderr, exit status 2 */
static void test_without_a_handler_the_line_goes_to_stderr_and_status_is_2(void **state)
{
	(void)state;
	SKIP_UNDER_SANITIZER();
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(fds[1], 2);
		close(fds[0]);
		engine_set_oom_handler(NULL);
		(void)gmp_xmalloc(SIZE_MAX);
		_exit(99);   /* not reached */
	}
	close(fds[1]);
	char out[256];
	ssize_t n, got = 0;
	while ((n = read(fds[0], out + got, sizeof out - 1 - (size_t)got)) > 0)
		got += n;
	out[got] = '\0';
	close(fds[0]);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 2);
	assert_string_equal(out, OOM_LINE "\n");
}

/* a size of 0 still gets a block; strings are copied and terminated */
static void test_zero_sizes_and_string_copies(void **state)
{
	(void)state;
	void *p = gmp_xmalloc(0), *q = gmp_xcalloc(0, 0);
	assert_non_null(p);
	assert_non_null(q);
	p = gmp_xrealloc(p, 0);
	assert_non_null(p);
	free(p);
	free(q);
	char *s = gmp_xstrdup("sysmon"), *t = gmp_xstrndup("retake", 3), *u = gmp_xstrndup("go", 9);
	assert_string_equal(s, "sysmon");
	assert_string_equal(t, "ret");
	assert_string_equal(u, "go");
	free(s);
	free(t);
	free(u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_failed_allocation_calls_the_handler_with_one_line),
		cmocka_unit_test(test_without_a_handler_the_line_goes_to_stderr_and_status_is_2),
		cmocka_unit_test(test_zero_sizes_and_string_copies),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
