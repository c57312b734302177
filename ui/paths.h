/*
 * paths.h — where the scenarios are, and which file a SCENARIO argument means.
 *
 * The scenarios directory is $GMPSCOPE_SCENARIOS when set; otherwise it is found
 * beside the executable, so the program works from the source tree, from every
 * build mode and once installed:
 *   <exe dir>/../scenarios                 build/gmpscope, build/tests/...
 *   <exe dir>/../share/gmpscope/scenarios  PREFIX/bin/gmpscope
 *   <exe dir>/../../scenarios              build/debug/gmpscope, build/san/tests/...
 *
 * Scenario files are named NN-slug.gmp. A SCENARIO argument is, in this order: a
 * path to an existing file; a number ("3" or "03"); a slug ("my-scenario"),
 * a file name in the directory ("40-my-scenario" with or without .gmp), or
 * an unambiguous beginning of a slug ("lockos").
 *
 * Every function reports failure as -1 with ONE line in err, ready for stderr,
 * e.g. gmpscope: no scenario "99" in /x/scenarios (gmpscope list shows them)
 */
#ifndef GMP_PATHS_H
#define GMP_PATHS_H

#include <stddef.h>

#define PATHS_MAX 4096   /* room for any path these functions write */

/* paths_scenarios_dir writes the scenarios directory (absolute, resolved) into
 * out, looking at $GMPSCOPE_SCENARIOS then beside /proc/self/exe. */
int paths_scenarios_dir(char *out, size_t outlen, char *err, size_t errlen);

/* paths_scenarios_dir_from is paths_scenarios_dir with its inputs explicit:
 * envval is $GMPSCOPE_SCENARIOS (NULL or "" = unset), exe the program's path. */
int paths_scenarios_dir_from(const char *envval, const char *exe, char *out, size_t outlen,
                             char *err, size_t errlen);

/* paths_list_scenarios returns the number of NN-slug.gmp files in dir and sets
 * *out to their full paths (malloc'd), ordered by number then name. */
int paths_list_scenarios(const char *dir, char ***out, char *err, size_t errlen);
void paths_free_list(char **list, int n);

/* paths_resolve writes the file that arg names into out; dir may be NULL when
 * no scenarios directory was found (then only paths work). */
int paths_resolve(const char *dir, const char *arg, char *out, size_t outlen, char *err,
                  size_t errlen);

/* paths_find_scenario is paths_scenarios_dir + paths_resolve, for the modes:
 * a path needs no directory; anything else reports why the directory is missing. */
int paths_find_scenario(const char *arg, char *out, size_t outlen, char *err, size_t errlen);

#endif
