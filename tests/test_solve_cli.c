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
	/* -q, as the other commands take it: the same answer */
	assert_int_equal(nv_in("solve e.csv -o outq -q"), 0);
	char *a = file("out1/pairs.csv"), *q = file("outq/pairs.csv");
	assert_string_equal(a, q);
	free(a);
	free(q);
	char *j = file("out1/summary.json");
	assert_non_null(j);
	assert_non_null(strstr(j, "\"pairs\": 2, \"mentees_unmatched\": 0"));
	assert_non_null(strstr(j, "\"total_score\": 1.300000, \"min_pair_score\": 0.500000"));
	assert_non_null(strstr(j, "\"used\": \"flow\""));
	assert_non_null(strstr(j, "\"proven\": true, \"gap\": 0.000000, \"gap_pairs\": 0"));
	assert_non_null(strstr(j, "\"matched_per_form\": {\"\": 2},")); /* no form column */
	free(j);
	/* contributions as the edges give them, empty where a row has none */
	write_file("ec.csv", "mentor_id,mentee_id,score,psych,subjects,goals,needs\n"
	                     "m1,e1,0.5,0.1,0.2,0.1,0.1\n"
	                     "m2,e2,0.4,,,,\n");
	assert_int_equal(nv_in("solve ec.csv -o outc"), 0);
	assert_file_has("outc/pairs.csv", "m1,m1,e1,,0.500000,0.100000,0.200000,0.100000,"
	                                  "0.100000,no,");
	assert_file_has("outc/pairs.csv", "m2,m2,e2,,0.400000,,,,,no,");
	/* pairs per form, in the order the forms first appear */
	write_file("ef.csv", "mentor_id,mentee_id,score,form\n"
	             "m1,e1,0.9,b\n"
	             "m2,e2,0.8,a\n"
	             "m3,e3,0.5,b\n"
	             "m3,e4,0.4,c\n");
	assert_int_equal(nv_in("solve ef.csv -o outf"), 0);
	assert_file_has("outf/summary.json",
	                "\"matched_per_form\": {\"b\": 2, \"a\": 1, \"c\": 0},");
	/* no pair chosen (every cost positive, total minimised): no smallest
	 * score to state, null rather than 0 */
	assert_int_equal(nv_in("solve e.csv --objective score --minimize -o out0"), 0);
	assert_file_has("out0/summary.json", "\"pairs\": 0, \"total_score\": 0.000000, "
	                                     "\"min_pair_score\": null, \"value\": 0.000000}");
	/* into a folder of match's: its report and unmatched list are left,
	 * and said not to be this run's */
	write_file("out1/report.html", "<p>an earlier run</p>\n");
	write_file("out1/unmatched.csv", "id,role,reason_code,reason\n");
	assert_int_equal(nv_in("solve e.csv -o out1"), 0);
	assert_stderr_has("out1/unmatched.csv: note: an earlier run's, not this one's "
	                  "(solve writes pairs.csv and summary.json only)");
	assert_stderr_has("out1/report.html: note: an earlier run's");
	assert_file_has("out1/report.html", "an earlier run");
	/* and its workbook (match --xlsx) */
	write_file("out1/pairs.xlsx", "PK");
	assert_int_equal(nv_in("solve e.csv -o out1"), 0);
	assert_stderr_has("out1/pairs.xlsx: note: an earlier run's, not this one's (solve writes");
	assert_file_has("out1/pairs.xlsx", "PK");
	assert_int_equal(nv_in("solve e.csv -o out0"), 0);
	char *err = file("stderr");
	assert_null(strstr(err, "earlier run"));
	free(err);
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
	/* summary.json's value is the objective's own number: the smallest
	 * largest cost for maximin under --minimize, the smallest score
	 * without it, the pairs for coverage */
	assert_int_equal(nv_in("solve e.csv --objective maximin --minimize -o out3b"), 0);
	assert_file_has("out3b/summary.json",
	                "\"pairs\": 2, \"total_score\": 2.000000, \"min_pair_score\": "
	                "1.000000, \"value\": 1.000000}");
	assert_int_equal(nv_in("solve e.csv --objective maximin -o out3c"), 0);
	assert_file_has("out3c/summary.json",
	                "\"total_score\": 8.000000, \"min_pair_score\": 3.000000, "
	                "\"value\": 3.000000}");
	assert_int_equal(nv_in("solve e.csv -o out3d"), 0);
	assert_file_has("out3d/summary.json", "\"value\": 2.000000}");
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
	assert_stderr_has("b.csv:3:score: ");
}

static void usage_errors_exit_1(void **state)
{
	(void)state;
	write_file("e.csv", "mentor_id,mentee_id,score\nm1,e1,1\n");
	assert_int_equal(nv_in("solve e.csv"), 1);
	char *err = file("stderr");
	assert_string_equal(err, "nastavnik solve: missing the output folder (-o DIR) (see "
	                         "'nastavnik solve --help')\n");
	free(err);
	assert_int_equal(nv_in("solve e.csv -o x --objective best"), 1);
	assert_int_equal(nv_in("solve e.csv -o x --solver cplex"), 1);
	assert_int_equal(nv_in("solve e.csv -o x --time-limit 0"), 1);
	assert_int_equal(nv_in("solve e.csv -o x --time-limit soon"), 1);
	assert_int_equal(nv_in("solve -o x"), 1);
	assert_int_equal(nv_in("solve --help"), 0);
	assert_file_has("stdout", "usage: nastavnik solve EDGES -o DIR");
}

static void two_forms_are_searched_and_model_is_written(void **state)
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
	/* the form search settles it on network relaxations, without GLPK */
	assert_non_null(strstr(j, "\"used\": \"flow\""));
	assert_non_null(strstr(j, "one form per mentor binds in 1 of 1 components"));
	free(j);
	assert_int_equal(nv_in("solve f.csv --capacity c.csv -o out6g --solver glpk"), 0);
	assert_file_has("out6g/summary.json", "\"used\": \"glpk\"");
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

/* Fields that do not parse, scores out of range and repeated pairs are
 * all listed in one run, each on one line (an id with a newline shown
 * with '?'). */
static void every_problem_of_an_edges_file_is_listed(void **state)
{
	(void)state;
	write_file("b2.csv", "mentor_id,mentee_id,score\n"
	                     "m1,e1,-0.5\n"
	                     "m2,e2,nan\n"
	                     "m1,e1,0.4\n"
	                     "m7,e7,1e10\n"
	                     "\"m\n1\",e1,0.5\n"
	                     "\"m\n1\",e1,0.7\n"
	                     "m9,e9,abc\n"
	                     "m9,e9,0.1\n"
	                     "m5,e5,0.5\x01\n"
	                     "m5,e5,0.2\n");
	/* the capacity file's problems are listed in the same run */
	write_file("b2cap.csv", "m1,2\nm1,1\nm2,x\n");
	assert_int_equal(nv_in("solve b2.csv -o out8 --capacity b2cap.csv"), 2);
	char *err = file("stderr");
	/* a repeat of a pair whose first line is bad is said too, and so is
	 * one whose first line has a cell the reader refuses */
	assert_string_equal(err,
	                    "b2.csv:3:score: 'nan' is not a finite number\n"
	                    "b2.csv:5:score: score '1e10' is out of range (at most 1e9 in "
	                    "magnitude)\n"
	                    "b2.csv:10:score: 'abc' is not a number\n"
	                    "b2.csv:12:score: control character at byte 4 of the field\n"
	                    "b2.csv:4:mentee_id: duplicate pair 'm1','e1' (first on line 2)\n"
	                    "b2.csv:8:mentee_id: duplicate pair 'm?1','e1' (first on line 6)\n"
	                    "b2.csv:11:mentee_id: duplicate pair 'm9','e9' (first on line 10)\n"
	                    "b2.csv:13:mentee_id: duplicate pair 'm5','e5' (first on line 12)\n"
	                    "b2cap.csv:2:mentor_id: duplicate mentor 'm1' (first on line 1)\n"
	                    "b2cap.csv:3:capacity: 'x' is not a number\n");
	free(err);
	assert_null(file("out8/pairs.csv"));
}

/* Past twenty problems every one is still listed, each FILE:LINE:COLUMN
 * (a count of the rest is no place to find them). */
static void every_problem_is_listed_past_twenty(void **state)
{
	(void)state;
	char text[4096] = "mentor_id,mentee_id,score\n";
	for (int i = 0; i < 25; i++)
		snprintf(text + strlen(text), sizeof text - strlen(text), "m%d,e%d,x\n", i, i);
	write_file("b25.csv", text);
	assert_int_equal(nv_in("solve b25.csv -o out25"), 2);
	char *err = file("stderr");
	int lines = 0;
	for (const char *q = err; (q = strstr(q, "b25.csv:")); q++)
		lines++;
	assert_int_equal(lines, 25);
	assert_non_null(strstr(err, "b25.csv:26:score: 'x' is not a number\n"));
	assert_null(strstr(err, "more"));
	free(err);
}

/* Scores with more than six decimals: pairs.csv and summary.json print the
 * micro-units the solver weighed (half away from zero), so they add up. */
static void scores_are_written_as_the_solver_weighs_them(void **state)
{
	(void)state;
	write_file("r.csv", "mentor_id,mentee_id,score\n"
	                    "m1,e1,0.0000035\n"
	                    "m2,e2,0.0000055\n"
	                    "m1,e2,0.000005\n"
	                    "m2,e1,0.0000035\n"
	                    "m3,e3,0.5000005\n");
	assert_int_equal(nv_in("solve r.csv -o out9"), 0);
	char *p = file("out9/pairs.csv");
	assert_non_null(strstr(p, "m1,m1,e1,,0.000004,"));
	assert_non_null(strstr(p, "m2,m2,e2,,0.000006,"));
	/* as the text reads, not as its double (a hair under): 0.500001 */
	assert_non_null(strstr(p, "m3,m3,e3,,0.500001,"));
	free(p);
	assert_file_has("out9/summary.json",
	                "\"total_score\": 0.500011, \"min_pair_score\": 0.000004");
}

/* n pairs m_i - e_i scoring 1e9 and 0 in turn. */
static void write_span(const char *name, int n)
{
	char buf[2048];
	size_t o = (size_t)snprintf(buf, sizeof buf, "mentor_id,mentee_id,score\n");
	for (int i = 0; i < n; i++)
		o += (size_t)snprintf(buf + o, sizeof buf - o, "m%d,e%d,%s\n", i, i,
		                      i % 2 ? "0" : "1000000000");
	write_file(name, buf);
}

/* Scores the pair-counting objectives cannot weigh exactly in 64-bit
 * integers are bad data, with the widest span that would do; the score
 * objective takes them. */
static void too_wide_a_span_for_coverage_is_bad_data(void **state)
{
	(void)state;
	write_span("w.csv", 40);
	assert_int_equal(nv_in("solve w.csv -o out10"), 2);
	assert_stderr_has("w.csv:2:score: the scores span 1000000000.000000 (this line's "
	                  "1000000000.000000 the farthest out), too wide for --objective coverage");
	assert_null(file("out10/pairs.csv"));
	assert_int_equal(nv_in("solve w.csv -o out10 --objective score"), 0);
	/* 20 pairs fit */
	write_span("w20.csv", 20);
	assert_int_equal(nv_in("solve w20.csv -o out11"), 0);
	/* whatever the objective, 5,000 pairs of 1e9 would add up past 2^62
	 * micro-units: bad data, not an overflowed total */
	char *big = malloc(200000);
	size_t o = (size_t)snprintf(big, 200000, "mentor_id,mentee_id,score\n");
	for (int i = 0; i < 5000; i++)
		o += (size_t)snprintf(big + o, 200000 - o, "m%d,e%d,1e9\n", i, i);
	write_file("sum.csv", big);
	free(big);
	assert_int_equal(nv_in("solve sum.csv -o out13 --objective score"), 2);
	assert_stderr_has("sum.csv:2:score: scores up to 1000000000.000000 in magnitude (this "
	                  "line's) could add up past exact integer arithmetic");
}

/* The network path forced on a rule it breaks names the mentor and the
 * forms by the file's words. */
static void forced_flow_names_the_mentor_in_two_forms(void **state)
{
	(void)state;
	write_file("fl.csv", "mentor_id,mentee_id,score,form\n"
	             "anna,e1,0.9,a\n"
	             "anna,e2,0.8,b\n");
	write_file("c2.csv", "mentor_id,capacity\nanna,2\n");
	assert_int_equal(nv_in("solve fl.csv --capacity c2.csv -o out12 --solver flow"), 4);
	assert_stderr_has("mentor 'anna' works in two forms ('a' and 'b')");
}

/* The largest valid capacity with a form column: the form search and
 * GLPK solve it as the pairs allow (it used to allocate per unit of
 * capacity, and GLPK's rows x <= capacity * y misled it). */
static void the_largest_capacity_is_solved_both_ways(void **state)
{
	(void)state;
	write_file("hc.csv", "mentor_id,mentee_id,score,form\n"
	             "m0,e0,0.00,f0\n"
	             "m0,e1,0.01,f1\n"
	             "m0,e2,0.02,f0\n");
	write_file("hcap.csv", "mentor_id,capacity\nm0,2147483647\n");
	assert_int_equal(nv_in("solve hc.csv --capacity hcap.csv -o out14"), 0);
	char *p = file("out14/pairs.csv");
	assert_non_null(strstr(p, "m0,m0,e0,f0,0.000000"));
	assert_non_null(strstr(p, "m0,m0,e2,f0,0.020000"));
	free(p);
	assert_int_equal(nv_in("solve hc.csv --capacity hcap.csv -o out15 --solver glpk"), 0);
	char *g = file("out15/pairs.csv");
	p = file("out14/pairs.csv");
	assert_string_equal(g, p);
	free(g);
	free(p);
}

/* An answer the time limit leaves unproven is said on stderr, as match
 * says it, beside summary.json's "proven": false */
static void an_unproven_answer_is_said(void **state)
{
	(void)state;
	assert_int_equal(nv("generate --scale school --seed 7 -o %s", path_in("sc.csv")), 0);
	assert_int_equal(nv("score %s -o %s -q", path_in("sc.csv"), path_in("sc-e.csv")), 0);
	/* every mentor with room for three: forms to choose */
	char *people = file("sc.csv");
	FILE *cap = fopen(path_in("sc-cap.csv"), "w");
	assert_non_null(cap);
	fputs("mentor_id,capacity\n", cap);
	for (char *line = strchr(people, '\n'); line && line[1]; line = strchr(line + 1, '\n')) {
		size_t n = strcspn(line + 1, ",");
		if (!strncmp(line + 1 + n, ",mentor,", 8))
			fprintf(cap, "%.*s,3\n", (int)n, line + 1);
	}
	fclose(cap);
	free(people);
	assert_int_equal(nv("solve %s -o %s --capacity %s --time-limit 0.000001",
	                    path_in("sc-e.csv"), path_in("sc-o"), path_in("sc-cap.csv")),
	                 0);
	assert_file_has("sc-o/summary.json", "\"proven\": false");
	assert_stderr_has("/sc-e.csv: note: the answer is not proven optimal: one form per mentor: "
	                  "time limit reached");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(solve_writes_pairs_and_summary),
	        cmocka_unit_test(capacity_and_minimize_change_the_answer),
	        cmocka_unit_test(duplicate_pair_is_bad_data_with_its_line),
	        cmocka_unit_test(bad_score_is_bad_data),
	        cmocka_unit_test(usage_errors_exit_1),
	        cmocka_unit_test(two_forms_are_searched_and_model_is_written),
	        cmocka_unit_test(every_problem_of_an_edges_file_is_listed),
	        cmocka_unit_test(every_problem_is_listed_past_twenty),
	        cmocka_unit_test(scores_are_written_as_the_solver_weighs_them),
	        cmocka_unit_test(too_wide_a_span_for_coverage_is_bad_data),
	        cmocka_unit_test(forced_flow_names_the_mentor_in_two_forms),
	        cmocka_unit_test(the_largest_capacity_is_solved_both_ways),
	        cmocka_unit_test(an_unproven_answer_is_said),
	};
	return cmocka_run_group_tests_name("solve command", tests, cli_setup, cli_teardown);
}
