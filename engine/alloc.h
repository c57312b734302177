/*
 * alloc.h — the engine's one allocation policy, for the runtime model and the
 * scenario language alike.
 *
 * Every allocation in engine/ goes through gmp_xmalloc and its siblings, which
 * never return NULL. When memory runs out they call the out-of-memory handler
 * the program registered with engine_set_oom_handler, passing the one line to
 * report (no newline); if the handler returns, or none was registered (then
 * the line goes to stderr), the process exits with status 2. The engine cannot
 * unwind out of the middle of a scheduling step, so running out of memory is
 * fatal; the handler is where the caller puts its terminal back and removes
 * half-written files before the line is printed (restore, then report).
 */
#ifndef GMP_ALLOC_H
#define GMP_ALLOC_H

#include <stddef.h>

/* gmp_oom_fn reports msg, one line without its newline, after cleaning up;
 * it need not return (exit(2) is what follows if it does). */
typedef void (*gmp_oom_fn)(const char *msg);

/* engine_set_oom_handler registers fn (NULL: the default, the line on stderr)
 * for every later allocation failure in the engine, from any thread of
 * control. Call it once, before the first engine or scenario is made. */
void engine_set_oom_handler(gmp_oom_fn fn);

/* gmp_xmalloc, gmp_xcalloc, gmp_xrealloc: malloc, calloc and realloc that
 * never fail (see above); a size of 0 gets a valid, unique block. */
void *gmp_xmalloc(size_t n);
void *gmp_xcalloc(size_t n, size_t size);
void *gmp_xrealloc(void *p, size_t n);
/* gmp_xstrdup and gmp_xstrndup copy a string (at most n bytes), terminated. */
/* gmp_xgrow reallocates p from old to n bytes (n >= old) and zeroes the new
 * bytes: the engine's arrays are compared whole by its checkpoints
 * (snapshot.c), so no byte of them may be left unwritten. */
void *gmp_xgrow(void *p, size_t old, size_t n);
char *gmp_xstrdup(const char *s);
char *gmp_xstrndup(const char *s, size_t n);

#endif
