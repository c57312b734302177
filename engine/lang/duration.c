/*
 * duration.c — the duration literal, the one parser of "250ms", "1.5us" or
 * "2s" that the command line (--until, --at, --schedtrace, --speed), key
 * scripts (pauses) and the scenario language share (scenario.h).
 *
 * The value is exact: the digits are read as integers and the fraction digit
 * by digit, so "0.3us" is 300ns, never 300.00000000000006 (no strtod either: a
 * locale's decimal comma must not change what a literal means). A fraction
 * finer than the unit's nanoseconds is refused rather than rounded.
 */
#include "scenario.h"

#include <stdbool.h>
#include <string.h>

gmp_dur_result gmp_parse_duration(const char *s, int64_t *ns)
{
	static const struct { const char *suffix; uint64_t scale; } units[] = {
		{ "ns", 1 }, { "us", 1000 }, { "\xc2\xb5s", 1000 }, { "ms", 1000000 },
		{ "s", 1000000000 },
	};
	const char *p = s;
	uint64_t whole = 0;
	bool overflow = false;
	if (*p < '0' || *p > '9')
		return GMP_DUR_SYNTAX;
	for (; *p >= '0' && *p <= '9'; p++) {
		unsigned d = (unsigned)(*p - '0');
		if (whole > (UINT64_MAX - d) / 10)
			overflow = true;
		else
			whole = whole * 10 + d;
	}
	const char *frac = NULL, *frac_end = NULL;
	if (*p == '.') {
		frac = ++p;
		for (; *p >= '0' && *p <= '9'; p++)
			;
		frac_end = p;
		if (frac == frac_end)
			return GMP_DUR_SYNTAX;
	}
	uint64_t scale = 0;
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
		if (strcmp(p, units[i].suffix) == 0)
			scale = units[i].scale;
	if (scale == 0)
		return GMP_DUR_SYNTAX;
	/* the fraction, digit by digit: each one is worth a tenth of the last */
	uint64_t part = 0, place = scale;
	for (const char *q = frac; q && q < frac_end; q++) {
		unsigned d = (unsigned)(*q - '0');
		if (place >= 10) {
			place /= 10;
			part += d * place;
		} else if (d != 0) {
			return GMP_DUR_FINE;
		} else {
			place = 0;
		}
	}
	if (overflow || whole > ((uint64_t)INT64_MAX - part) / scale)
		return GMP_DUR_RANGE;
	*ns = (int64_t)(whole * scale + part);
	return GMP_DUR_OK;
}
