/*
 * quiz_load.h — the questions of `gmpscope quiz`: which scenarios, in which
 * order, checked before anything is shown (the terminal's quiz and
 * `quiz --record` share it).
 */
#ifndef GMP_QUIZ_LOAD_H
#define GMP_QUIZ_LOAD_H

#include <stddef.h>

#include "cli.h"
#include "scenario.h"

#define QUIZ_ERR_MAX 1024

/* quiz_load parses the quiz's scenarios: o's SCENARIO arguments, or every
 * scenario whose bug listing has `defect` lines (in number order), then
 * orders them by --shuffle and applies --seed. Every file is parsed first: a
 * parse error is its "path:line:col: message"; a named scenario without
 * defect lines, or without a bug listing, is refused by name. Returns 0
 * with *out (n scenarios, malloc'd: appstate_quiz_start takes them), or -1
 * with one line in err. */
int quiz_load(const cli_opts *o, gmp_scenario **out, int *n, char *err, size_t errlen);

/* quiz_shuffle orders n items by seed (Fisher-Yates on a splitmix64 stream):
 * the same seed always gives the same order. */
void quiz_shuffle(gmp_scenario *s, int n, uint64_t seed);

#endif
