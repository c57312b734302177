/*
 * fuzz_scenario.c — libFuzzer harness for the scenario parser.
 *
 * The input bytes are a .gmp file: scenario_parse must either build a
 * scenario or report 1 to 20 "path:line:col: message" lines, and never crash,
 * leak or loop, whatever it is given (scenario.h promises so). A parsed
 * scenario is looked at a little (every variant by name, the name line) and
 * freed, so leaks on both paths show up under LeakSanitizer.
 *
 * Built with clang -fsanitize=fuzzer by `scons fuzz`; replayed by the plain
 * main() of fuzz_replay.c in `scons test`.
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	gmp_scenario sc;
	char err[8192];
	if (scenario_parse("fuzz.gmp", (const char *)data, size, &sc, err, sizeof err) < 0) {
		/* the promise: 1 to 20 non-empty lines, each naming the file */
		assert(err[0] != '\0');
		int lines = 0;
		for (const char *l = err; l; l = strchr(l, '\n')) {
			l += *l == '\n';
			assert(strncmp(l, "fuzz.gmp:", 9) == 0);
			lines++;
		}
		assert(lines >= 1 && lines <= 20);
		return 0;
	}
	char name[128];
	scenario_name(&sc, name, sizeof name);
	for (int i = 0; i < sc.nvariants; i++)
		assert(scenario_variant(&sc, sc.variants[i].name) >= 0);
	scenario_free(&sc);
	return 0;
}
