/* test_match_guard.c (the nothing-is-lost guard that runs before match
 * writes anything: it passes a sound run and catches every kind of loss) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "match_internal.h"

static nv_run *build(void)
{
	nv_match_params p;
	nv_match_params_init(&p);
	p.participants = "tests/data/match/small.csv";
	p.outdir = "/nonexistent";
	p.quiet = 1;
	nv_diag *d = nv_diag_new(0);
	nv_run *r = NULL;
	assert_int_equal(nv_run_build(&p, NULL, &r, d), NV_OK);
	nv_diag_free(d);
	return r;
}

static int64_t row_of(const nv_run *r, const char *id)
{
	for (size_t i = 0; i < r->t->n; i++)
		if (!strcmp(r->t->id[i], id))
			return (int64_t)i;
	fail_msg("no row %s", id);
	return -1;
}

static void a_sound_run_passes(void **state)
{
	(void)state;
	nv_run *r = build();
	char msg[256] = "";
	assert_int_equal(nv_output_check(r, msg, sizeof msg), NV_OK);
	nv_run_free(r);
}

static void a_matched_mentee_also_unmatched_is_caught(void **state)
{
	(void)state;
	nv_run *r = build();
	r->code[row_of(r, "e1")] = NV_RC_CAPACITY; /* e1 is in pairs.csv */
	char msg[256] = "";
	assert_int_equal(nv_output_check(r, msg, sizeof msg), NV_EFAIL);
	assert_non_null(strstr(msg, "id 'e1'"));
	assert_non_null(strstr(msg, "a mentee not exactly once"));
	nv_run_free(r);
}

static void a_mentee_in_neither_file_is_caught(void **state)
{
	(void)state;
	nv_run *r = build();
	r->code[row_of(r, "e3")] = NV_RC_NONE; /* e3 has no pair */
	char msg[256] = "";
	assert_int_equal(nv_output_check(r, msg, sizeof msg), NV_EFAIL);
	assert_non_null(strstr(msg, "id 'e3'"));
	nv_run_free(r);
}

static void a_no_consent_row_left_out_is_caught(void **state)
{
	(void)state;
	nv_run *r = build();
	r->code[row_of(r, "e5")] = NV_RC_NONE;
	char msg[256] = "";
	assert_int_equal(nv_output_check(r, msg, sizeof msg), NV_EFAIL);
	assert_non_null(strstr(msg, "id 'e5'"));
	nv_run_free(r);
}

static void an_unpaired_mentor_missing_from_unmatched_is_caught(void **state)
{
	(void)state;
	nv_run *r = build();
	/* drop m2's pair from the answer: m2 is then neither paired nor listed */
	nv_solution *s = r->sol;
	size_t k = 0;
	for (size_t i = 0; i < s->n_chosen; i++)
		if (strcmp(r->t->id[r->mentor_row[r->e_mentor[s->chosen[i]]]], "m2"))
			s->chosen[k++] = s->chosen[i];
	assert_int_equal(k + 1, s->n_chosen);
	s->n_chosen = k;
	r->code[row_of(r, "e2")] = NV_RC_CAPACITY; /* keep the mentee side sound */
	char msg[256] = "";
	assert_int_equal(nv_output_check(r, msg, sizeof msg), NV_EFAIL);
	assert_non_null(strstr(msg, "id 'm2'"));
	assert_non_null(strstr(msg, "a mentor neither in pairs nor once in unmatched"));
	nv_run_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_sound_run_passes),
		cmocka_unit_test(a_matched_mentee_also_unmatched_is_caught),
		cmocka_unit_test(a_mentee_in_neither_file_is_caught),
		cmocka_unit_test(a_no_consent_row_left_out_is_caught),
		cmocka_unit_test(an_unpaired_mentor_missing_from_unmatched_is_caught),
	};
	return cmocka_run_group_tests_name("match_guard", tests, NULL, NULL);
}
