/*
 * scenario_fixture.h — the scenario-language suites' fixture (test_scenario_*.c):
 * one parsed scenario at a time, its error line, a func by name and one op's
 * fields checked at once.
 */
#ifndef GMP_SCENARIO_FIXTURE_H
#define GMP_SCENARIO_FIXTURE_H

#include "scenario.h"

extern gmp_scenario scen;   /* the last scenario parsed */
extern char scen_err[512];  /* its error line, when it failed */

/* scen_parse parses src as "t.gmp" into scen (freeing the previous one). */
int scen_parse(const char *src);
/* scen_teardown frees scen (a cmocka teardown). */
int scen_teardown(void **state);
/* scen_func returns the func called name in scen's variant; the test fails
 * if there is none. */
const gmp_func *scen_func(int variant, const char *name);

/* assert_op checks one op: kind, obj, a, b, jump and listing line. */
#define assert_op(f, i, k, o, A, B, J, L)                                       \
	do {                                                                    \
		const gmp_op *op_ = &(f)->ops[i];                               \
		assert_int_equal(op_->kind, (k));                               \
		assert_int_equal(op_->obj, (o));                                \
		assert_int_equal(op_->a, (A));                                  \
		assert_int_equal(op_->b, (B));                                  \
		assert_int_equal(op_->jump, (J));                               \
		assert_int_equal(op_->line, (L));                               \
	} while (0)

#define HEAD "scenario 01 t\n"
#define LISTING "listing l <<GO\n" \
	"1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n" \
	"GO\n"

#endif
