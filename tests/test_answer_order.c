/* test_answer_order.c (which of two answers SPEC §4 prefers, as explain
 * uses it to tell when a re-solve beats an unproven proposal) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "match_internal.h"

static nv_solution answer(size_t matched, double total, double min)
{
	nv_solution s = {0};
	s.matched = s.n_chosen = matched;
	s.total = total;
	s.min_score = min;
	return s;
}

static void coverage_counts_pairs_first_then_the_total(void **state)
{
	(void)state;
	nv_solution s = answer(10, 5.0, 0.2);
	assert_true(nv_answer_beats(NV_OBJ_COVERAGE, &s, 9, 9.0, 0.9));
	assert_false(nv_answer_beats(NV_OBJ_COVERAGE, &s, 11, 1.0, 0.0));
	assert_true(nv_answer_beats(NV_OBJ_COVERAGE, &s, 10, 4.999999, 0.9));
	assert_false(nv_answer_beats(NV_OBJ_COVERAGE, &s, 10, 5.000001, 0.0));
	/* the same printed total is no gain, whatever the float noise */
	assert_false(nv_answer_beats(NV_OBJ_COVERAGE, &s, 10, 5.0 - 1e-9, 0.0));
	assert_false(nv_answer_beats(NV_OBJ_COVERAGE, &s, 10, 5.0, 0.0));
}

static void score_counts_the_total_alone(void **state)
{
	(void)state;
	nv_solution s = answer(3, 2.5, 0.8);
	assert_true(nv_answer_beats(NV_OBJ_SCORE, &s, 4, 2.4, 0.9));
	assert_false(nv_answer_beats(NV_OBJ_SCORE, &s, 2, 2.6, 0.9));
	assert_false(nv_answer_beats(NV_OBJ_SCORE, &s, 3, 2.5, 0.8));
}

static void maximin_counts_pairs_then_the_smallest_then_the_total(void **state)
{
	(void)state;
	nv_solution s = answer(5, 3.0, 0.4);
	assert_true(nv_answer_beats(NV_OBJ_MAXIMIN, &s, 4, 3.5, 0.9));
	assert_false(nv_answer_beats(NV_OBJ_MAXIMIN, &s, 6, 1.0, 0.1));
	assert_true(nv_answer_beats(NV_OBJ_MAXIMIN, &s, 5, 3.9, 0.3));
	assert_false(nv_answer_beats(NV_OBJ_MAXIMIN, &s, 5, 2.0, 0.5));
	assert_true(nv_answer_beats(NV_OBJ_MAXIMIN, &s, 5, 2.9, 0.4));
	assert_false(nv_answer_beats(NV_OBJ_MAXIMIN, &s, 5, 3.0, 0.4));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(coverage_counts_pairs_first_then_the_total),
		cmocka_unit_test(score_counts_the_total_alone),
		cmocka_unit_test(maximin_counts_pairs_then_the_smallest_then_the_total),
	};
	return cmocka_run_group_tests_name("answer order", tests, NULL, NULL);
}
