/* test_solve_cli.c (nastavnik solve end to end: outputs, exit codes and
 * messages) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_dir.h"

static void solve_writes_pairs_and_summary(void **state)
{
	(void)state;
	write_file("e.csv", "mentor_id,mentee_id,score\n"
	             "m1,e1,0.9\n"
	             "m2,e1,0.8\n"
	             "m1,e2,0.5\n");
	assert_int_equal(nv_in("solve e.csv -o out1"), 0);
	char *p = file("out1/pairs.csv");
	assert_non_null(p);
	assert_string_equal(
		p, "group,mentor_id,mentee_id,form,score,psych,subjects,goals,needs,fixed,reason\n"
		   "m1,m1,e2,,0.500000,,,,,no,\"Part of the optimal assignment: most mentees "
		   "matched, then the largest total score.\"\n"
		   "m2,m2,e1,,0.800000,,,,,no,\"Part of the optimal assignment: most mentees "
		   "matched, then the largest total score.\"\n");
	free(p);
	char *j = file("out1/summary.json");
	assert_non_null(j);
	assert_non_null(strstr(j, "\"pairs\": 2, \"mentees_unmatched\": 0"));
	assert_non_null(strstr(j, "\"total_score\": 1.300000, \"min_pair_score\": 0.500000"));
	assert_non_null(strstr(j, "\"used\": \"flow\""));
	assert_non_null(strstr(j, "\"proven\": true, \"gap\": 0.000000, \"gap_pairs\": 0"));
	free(j);
}

static void capacity_and_minimize_change_the_answer(void **state)
{
	(void)state;
	write_file("e.csv", "mentor_id,mentee_id,score\n"
	             "m1,e1,3\n"
	             "m1,e2,1\n"
	             "m2,e1,1\n"
	             "m2,e2,5\n");
	write_file("c.csv", "mentor_id,capacity\nm1,2\nm2,0\n");
	assert_int_equal(nv_in("solve e.csv --capacity c.csv --minimize -o out2"), 0);
	char *p = file("out2/pairs.csv");
	assert_non_null(strstr(p, "m1,m1,e1,,3.000000"));
	assert_non_null(strstr(p, "m1,m1,e2,,1.000000"));
	free(p);
	assert_int_equal(nv_in("solve e.csv --minimize -o out3"), 0);
	p = file("out3/pairs.csv");
	assert_non_null(strstr(p, "m1,m1,e2,,1.000000"));
	assert_non_null(strstr(p, "m2,m2,e1,,1.000000"));
	free(p);
}

static void duplicate_pair_is_bad_data_with_its_line(void **state)
{
	(void)state;
	write_file("d.csv", "mentor_id,mentee_id,score\n"
	             "m1,e1,0.9\n"
	             "m2,e1,0.8\n"
	             "m1,e1,0.5\n");
	assert_int_equal(nv_in("solve d.csv -o out4"), 2);
	char *err = file("stderr");
	assert_string_equal(err, "d.csv:4:mentee_id: duplicate pair 'm1','e1' (first on line 2)\n");
	free(err);
	char *p = file("out4/pairs.csv");
	assert_null(p);
}

static void bad_score_is_bad_data(void **state)
{
	(void)state;
	write_file("b.csv", "mentor_id,mentee_id,score\n"
	             "m1,e1,0.9\n"
	             "m2,e1,abc\n");
	assert_int_equal(nv_in("solve b.csv -o out5"), 2);
	char *err = file("stderr");
	assert_non_null(strstr(err, "b.csv:3:score: "));
	free(err);
}

static void usage_errors_exit_1(void **state)
{
	(void)state;
	write_file("e.csv", "mentor_id,mentee_id,score\nm1,e1,1\n");
	assert_int_equal(nv_in("solve e.csv"), 1);
	char *err = file("stderr");
	assert_string_equal(err, "nastavnik solve: no output folder (-o DIR) (see "
	                         "'nastavnik solve --help')\n");
	free(err);
	assert_int_equal(nv_in("solve e.csv -o x --objective best"), 1);
	assert_int_equal(nv_in("solve e.csv -o x --solver cplex"), 1);
	assert_int_equal(nv_in("solve e.csv -o x --time-limit 0"), 1);
	assert_int_equal(nv_in("solve e.csv -o x --time-limit soon"), 1);
	assert_int_equal(nv_in("solve -o x"), 1);
	assert_int_equal(nv_in("solve --help"), 0);
	char *out = file("stdout");
	assert_non_null(strstr(out, "usage: nastavnik solve EDGES -o DIR"));
	free(out);
}

static void two_forms_go_to_glpk_and_model_is_written(void **state)
{
	(void)state;
	write_file("f.csv", "mentor_id,mentee_id,score,form\n"
	             "m1,e1,0.5,teacher-student\n"
	             "m1,e2,0.7,student-student\n");
	write_file("c.csv", "mentor_id,capacity\nm1,2\n");
	assert_int_equal(nv_in("solve f.csv --capacity c.csv -o out6 --write-model m.lp"), 0);
	char *p = file("out6/pairs.csv");
	assert_non_null(strstr(p, "m1,m1,e2,student-student,0.700000"));
	assert_null(strstr(p, "e1"));
	free(p);
	char *j = file("out6/summary.json");
	assert_non_null(strstr(j, "\"used\": \"glpk\""));
	free(j);
	char *lp = file("m.lp");
	assert_non_null(lp);
	assert_non_null(strstr(lp, "oneform_0"));
	free(lp);
	/* without the rule both pairs are taken by the network */
	assert_int_equal(nv_in("solve f.csv --capacity c.csv -o out7 --one-form no"), 0);
	p = file("out7/pairs.csv");
	assert_non_null(strstr(p, "e1"));
	assert_non_null(strstr(p, "e2"));
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(solve_writes_pairs_and_summary),
		cmocka_unit_test(capacity_and_minimize_change_the_answer),
		cmocka_unit_test(duplicate_pair_is_bad_data_with_its_line),
		cmocka_unit_test(bad_score_is_bad_data),
		cmocka_unit_test(usage_errors_exit_1),
		cmocka_unit_test(two_forms_go_to_glpk_and_model_is_written),
	};
	return cmocka_run_group_tests_name("solve command", tests, cli_setup, cli_teardown);
}
