/* test_lang.c (the words a curator reads, in Russian and in English: the
 * reasons of unmatched.csv, explain's text and report.html agree in number
 * and gender with the counts they name, and say the same facts in both
 * languages) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "cli_dir.h"

/* name's text has want, else the test fails showing both */
static void assert_file_has(const char *name, const char *want)
{
	char *s = file(name);
	assert_non_null(s);
	if (!strstr(s, want))
		fail_msg("%s lacks \"%s\":\n%s", name, want, s);
	free(s);
}

/* Runs match on cli_dir/csv into cli_dir/out with more arguments. */
static void match_into(const char *csv, const char *out, const char *more)
{
	int rc = nv("match %s -o %s -q %s", path_in(csv), path_in(out), more);
	if (rc != 0) {
		char *e = file("stderr");
		fail_msg("match %s %s exited %d:\n%s", csv, more, rc, e ? e : "");
	}
}

/* A person no form takes is named with the age or the experience that
 * keeps them out, the noun agreeing with the number: 21 год, 22 года,
 * 12 лет, 1 year. */
static void ages_and_years_agree_with_their_number(void **state)
{
	(void)state;
	write_file("age.csv", "id,role,category,org,age,experience_years,consent\n"
	                      "m21,mentor,student,o,21,,1\n"
	                      "m22,mentor,student,o,22,,1\n"
	                      "m12,mentor,student,o,12,,1\n"
	                      "e14,mentee,student,o,14,,1\n"
	                      "e9,mentee,student,o,9,,1\n"
	                      "y1,mentee,teacher,o,,1,1\n"
	                      "y11,mentee,teacher,o,,11,1\n"
	                      "y25,mentee,teacher,o,,2.5,1\n");
	match_into("age.csv", "ru", "--lang ru");
	static const char *ru[] = {
		"m21,mentor,no_eligible_partner,\"ни одна форма не принимает такого наставника: "
		"ученик, 21 год\"\n",
		"m22,mentor,no_eligible_partner,\"ни одна форма не принимает такого наставника: "
		"ученик, 22 года\"\n",
		"m12,mentor,no_eligible_partner,\"ни одна форма не принимает такого наставника: "
		"ученик, 12 лет\"\n",
		"e9,mentee,no_eligible_partner,\"ни одна форма не принимает такого наставляемого: "
		"ученик, 9 лет\"\n",
		"y11,mentee,no_eligible_partner,\"ни одна форма не принимает такого наставляемого: "
		"учитель, стаж 11 лет\"\n",
	};
	for (size_t i = 0; i < sizeof ru / sizeof *ru; i++)
		assert_file_has("ru/unmatched.csv", ru[i]);
	/* the young teachers are eligible (0-3 years) but have no mentor */
	write_file("exp.csv", "id,role,category,org,experience_years,consent,forms\n"
	                      "t1,mentor,teacher,o,1,1,teacher-teacher\n"
	                      "t2,mentor,teacher,o,2.5,1,teacher-teacher\n"
	                      "t3,mentor,teacher,o,22,1,teacher-teacher|teacher-student\n");
	match_into("exp.csv", "xr", "--lang ru");
	assert_file_has("xr/unmatched.csv",
	                "t1,mentor,no_eligible_partner,\"ни одна форма из выбранных не принимает "
	                "такого наставника: учитель, стаж 1 год\"\n");
	assert_file_has("xr/unmatched.csv",
	                "t2,mentor,no_eligible_partner,\"ни одна форма из выбранных не принимает "
	                "такого наставника: учитель, стаж 2,5 года\"\n");
	match_into("exp.csv", "xe", "--lang en");
	assert_file_has("xe/unmatched.csv",
	                "t1,mentor,no_eligible_partner,no form this person accepts takes a mentor "
	                "who is a teacher with 1 year of experience\n");
	assert_file_has("xe/unmatched.csv",
	                "t2,mentor,no_eligible_partner,no form this person accepts takes a mentor "
	                "who is a teacher with 2.5 years of experience\n");
	match_into("age.csv", "en", "--lang en");
	assert_file_has("en/unmatched.csv",
	                "y11,mentee,no_eligible_partner,no form takes a mentee who is a teacher "
	                "with 11 years of experience\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ages_and_years_agree_with_their_number),
	};
	return cmocka_run_group_tests_name("lang", tests, cli_setup, cli_teardown);
}
