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

/* Runs match on cli_dir/csv into cli_dir/out with more arguments
 * (printf-style). */
static void match_into(const char *csv, const char *out, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
static void match_into(const char *csv, const char *out, const char *fmt, ...)
{
	char more[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(more, sizeof more, fmt, ap);
	va_end(ap);
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

/* One eligible pair is "the one pair", not "all 1 eligible pairs"; one
 * forbidden among them agrees too (из них 1 запрещена). A forbidden pair
 * below min_score is below_min_score, as every pair of its person is. */
static void a_single_forbidden_or_low_pair_is_named_in_the_singular(void **state)
{
	(void)state;
	/* scores are the subjects' cosine: e1 0, e3 0.5 with m3 and m4 */
	write_file("one.csv", "id,role,category,org,age,consent,subjects\n"
	                      "m1,mentor,student,o1,16,1,a\n"
	                      "e1,mentee,student,o1,12,1,b\n"
	                      "m2,mentor,student,o2,16,1,a\n"
	                      "e2,mentee,student,o2,12,1,a\n"
	                      "m3,mentor,student,o3,16,1,a\n"
	                      "m4,mentor,student,o3,16,1,a\n"
	                      "e3,mentee,student,o3,12,1,a|b|c|d\n");
	write_file("one.ini", "[weights]\npsych = 0\ngoals = 0\nneeds = 0\n"
	                      "[match]\nmin_score = 0.6\n");
	write_file("one-c.csv", "forbid,m2,e2\nforbid,m4,e3\n");
	match_into("one.csv", "ru", "-c %s --constraints %s --lang ru", path_in("one.ini"),
	           path_in("one-c.csv"));
	static const char *ru[] = {
	        "m1,mentor,below_min_score,\"у единственной подходящей пары оценка 0,00, ниже "
	        "min_score 0,60\"\n",
	        "e1,mentee,below_min_score,\"у единственной подходящей пары оценка 0,00, ниже "
	        "min_score 0,60\"\n",
	        "m2,mentor,forbidden,единственная подходящая пара запрещена куратором\n",
	        "e2,mentee,forbidden,единственная подходящая пара запрещена куратором\n",
	        "m4,mentor,below_min_score,\"у единственной подходящей пары оценка 0,50, ниже "
	        "min_score 0,60, и она запрещена куратором\"\n",
	        "e3,mentee,below_min_score,\"у обеих подходящих пар оценка ниже min_score 0,60 "
	        "(лучшая 0,50), из них 1 запрещена куратором\"\n",
	};
	for (size_t i = 0; i < sizeof ru / sizeof *ru; i++)
		assert_file_has("ru/unmatched.csv", ru[i]);
	match_into("one.csv", "en", "-c %s --constraints %s --lang en", path_in("one.ini"),
	           path_in("one-c.csv"));
	static const char *en[] = {
	        "m1,mentor,below_min_score,\"the one eligible pair scores 0.00, below min_score "
	        "0.60\"\n",
	        "e2,mentee,forbidden,the one eligible pair is forbidden by the curator\n",
	        "m4,mentor,below_min_score,\"the one eligible pair scores 0.50, below min_score "
	        "0.60, and it is forbidden by the curator\"\n",
	        "e3,mentee,below_min_score,\"both eligible pairs score below min_score 0.60 (best "
	        "0.50), 1 of them forbidden by the curator\"\n",
	};
	for (size_t i = 0; i < sizeof en / sizeof *en; i++)
		assert_file_has("en/unmatched.csv", en[i]);
}

/* With one eligible partner nothing is "the best of the mentors"; the one
 * mentor held by the one-form rule is not "taken"; one free mentee is not
 * "free mentees"; the pair the curator fixed agrees with its noun. */
static void a_single_taken_or_free_partner_is_named_as_one(void **state)
{
	(void)state;
	/* scores are the subjects' cosine; E2 takes a15 as employer-student,
	 * so cs2 (employer-college) cannot have it */
	write_file("tk.csv", "id,role,category,org,district,age,capacity,consent,subjects\n"
	                     "m1,mentor,student,o1,,16,,1,a\n"
	                     "m2,mentor,student,o1,,16,,1,b\n"
	                     "e1,mentee,student,o1,,12,,1,a\n"
	                     "E2,mentor,employer,x,,,9,1,a\n"
	                     "cs2,mentee,college_student,c,,17,,1,\n"
	                     "a15,mentee,student,s,,15,,1,a\n"
	                     "m3,mentor,student,o3,,16,,1,a\n"
	                     "e3,mentee,student,o3,,12,,1,b\n");
	write_file("tk.ini", "[weights]\npsych = 0\ngoals = 0\nneeds = 0\n");
	write_file("tk-c.csv", "fix,m1,e1\n");
	match_into("tk.csv", "ru", "-c %s --constraints %s --lang ru", path_in("tk.ini"),
	           path_in("tk-c.csv"));
	assert_file_has("ru/unmatched.csv",
	                "m2,mentor,capacity_taken,\"единственный подходящий наставляемый уже в "
	                "другой "
	                "паре (e1, оценка 0,00 с этим наставником, в паре с m1, закреплённой "
	                "куратором)\"\n");
	assert_file_has("ru/unmatched.csv",
	                "cs2,mentee,capacity_taken,\"единственный подходящий наставник работает в "
	                "другой форме (E2, оценка 0,00 с этим наставляемым, в паре с a15, есть "
	                "свободные места, но наставник "
	                "работает только в форме «работодатель – ученик»)\"\n");
	match_into("tk.csv", "en", "-c %s --constraints %s --lang en", path_in("tk.ini"),
	           path_in("tk-c.csv"));
	assert_file_has("en/unmatched.csv",
	                "m2,mentor,capacity_taken,\"the one eligible mentee is in another pair "
	                "(e1, "
	                "0.00 with this mentor, paired with m1, fixed by the curator)\"\n");
	assert_file_has("en/unmatched.csv",
	                "cs2,mentee,capacity_taken,\"the one eligible mentor works in another form "
	                "(E2, 0.00 with this mentee, paired with a15, has room but works in form "
	                "employer-student "
	                "only, as one_form_per_mentor asks)\"\n");
	/* under objective score m3-e3 scores 0 and is left out */
	match_into("tk.csv", "sr", "-c %s --objective score --lang ru", path_in("tk.ini"));
	assert_file_has("sr/unmatched.csv",
	                "m3,mentor,capacity_taken,\"есть свободный подходящий наставляемый, но "
	                "пара "
	                "с ним ничего не добавляет к сумме оценок (оценка 0)\"\n");
	match_into("tk.csv", "se", "-c %s --objective score --lang en", path_in("tk.ini"));
	assert_file_has("se/unmatched.csv",
	                "m3,mentor,capacity_taken,\"an eligible mentee is free, but the pair adds "
	                "nothing to the total score (it scores 0)\"\n");
}

/* explain's stdout of `nv explain DIR ID --lang LANG` has want */
static void assert_explains(const char *dir, const char *id, const char *lang, const char *want)
{
	int rc = nv("explain %s %s --lang %s", path_in(dir), id, lang);
	char *out = file("stdout");
	assert_non_null(out);
	if (rc != 0 || !strstr(out, want))
		fail_msg("explain %s %s --lang %s (exit %d) lacks \"%s\":\n%s", dir, id, lang, rc,
		         want, out);
	free(out);
}

/* explain heads the mentors it lists by how many there are and whether
 * the mentee has a mentor: no "other" or "next" beside none, no "all 1". */
static void explain_counts_the_listed_mentors_as_they_are(void **state)
{
	(void)state;
	/* e1 has m1 and m2 eligible, e2 only m3 (o2), e3 (aged 9) none;
	 * m3 has capacity 0, so e2 has no mentor */
	write_file("ex.csv", "id,role,category,org,age,capacity,consent,subjects\n"
	                     "m1,mentor,student,o1,16,1,1,a\n"
	                     "m2,mentor,student,o1,16,1,1,b\n"
	                     "e1,mentee,student,o1,12,,1,a\n"
	                     "m3,mentor,student,o2,16,0,1,a\n"
	                     "e2,mentee,student,o2,12,,1,a\n"
	                     "e3,mentee,student,o1,9,,1,a\n"
	                     "m4,mentor,student,o3,16,1,1,a\n"
	                     "m5,mentor,student,o3,16,0,1,a\n"
	                     "m6,mentor,student,o3,16,0,1,a\n"
	                     "e4,mentee,student,o3,12,,1,a\n");
	match_into("ex.csv", "ex", "--lang en");
	assert_explains("ex", "e1", "ru", "\nЕщё один подходящий наставник:\n  m2  ");
	assert_explains("ex", "e1", "en", "\nOne other eligible mentor:\n  m2  ");
	assert_explains("ex", "e2", "ru", "\nЕдинственный подходящий наставник:\n  m3  ");
	assert_explains("ex", "e2", "en", "\nThe one eligible mentor:\n  m3  ");
	assert_explains("ex", "e3", "ru", "\nПодходящих наставников нет.\n");
	assert_explains("ex", "e3", "en", "\nNo eligible mentor.\n");
	assert_explains("ex", "e4", "ru", "\nСледующие подходящие наставники (всего 2):\n  m5  ");
	assert_explains("ex", "e4", "en", "\nNext best eligible mentors (2 in all):\n  m5  ");
	/* unmatched with several: listed, but not as "next" */
	write_file("ex2.csv", "id,role,category,org,age,capacity,consent\n"
	                      "m1,mentor,student,o,16,0,1\n"
	                      "m2,mentor,student,o,16,0,1\n"
	                      "e1,mentee,student,o,12,,1\n");
	match_into("ex2.csv", "ex2", "--lang en");
	assert_explains("ex2", "e1", "ru", "\nПодходящие наставники (всего 2):\n  m1  ");
	assert_explains("ex2", "e1", "en", "\nEligible mentors (2 in all):\n  m1  ");
}

/* report.html's forms table says where both people are in words that
 * agree ("оба участника: из одного района", not "оба в одной
 * муниципалитете"), and its English brief agrees with its counts and
 * sets the per cent sign close, "(33.3%)"; Russian keeps "(33,3 %)". */
static void report_words_agree_with_their_numbers(void **state)
{
	(void)state;
	write_file("rp.csv", "id,role,category,org,age,consent\n"
	                     "m1,mentor,student,o,16,1\n"
	                     "e1,mentee,student,o,12,1\n"
	                     "e2,mentee,student,o,12,1\n"
	                     "e3,mentee,student,o,12,1\n");
	match_into("rp.csv", "ru", "--lang ru");
	assert_file_has("ru/report.html", "<th>наставляемый</th><th>оба участника</th>");
	assert_file_has("ru/report.html",
	                "<td>ученик, возраст 15–18</td><td>ученик, возраст 10–18</td>"
	                "<td>из одной организации</td>");
	assert_file_has("ru/report.html",
	                "<td>студент</td><td>ученик, возраст 10–18</td><td>из одного района</td>");
	assert_file_has("ru/report.html", "С наставником: 1 из 3 наставляемых (33,3 %)");
	match_into("rp.csv", "en", "--lang en");
	assert_file_has("en/report.html", "<th>mentee</th><th>both in the same</th>");
	assert_file_has("en/report.html", "<strong>1 of 3 mentees has a mentor (33.3%)</strong>");
	write_file("rp1.csv", "id,role,category,org,age,consent\n"
	                      "m1,mentor,student,o,16,1\n"
	                      "e1,mentee,student,o,12,1\n");
	match_into("rp1.csv", "en1", "--lang en");
	assert_file_has("en1/report.html", "<strong>1 of 1 mentee has a mentor (100.0%)</strong>");
}

/* A difficulty area the methodology does not name keeps its column's
 * spelling in Russian (an identifier, like a subject tag) and reads as
 * words in English; the methodology's areas have their Russian names. */
static void an_area_without_a_russian_name_is_named_as_its_column(void **state)
{
	(void)state;
	write_file("ar.csv",
	           "id,role,category,org,age,consent,need_time_management,"
	           "need_conflict_handling,skill_time_management,skill_conflict_handling\n"
	           "m1,mentor,student,o,16,1,,,0.9,0.8\n"
	           "e1,mentee,student,o,12,1,0.9,0.5,,\n");
	match_into("ar.csv", "ru", "--lang ru");
	assert_file_has("ru/pairs.csv", "наставник может помочь с трудностями наставляемого: "
	                                "time_management, решение конфликтных ситуаций\"\n");
	match_into("ar.csv", "en", "--lang en");
	assert_file_has("en/pairs.csv", "the mentor can help with the mentee's difficulties: "
	                                "time management, conflict handling\"\n");
}

/* A mentee with no eligible mentor because the mentors there leave the
 * form out of their forms column hears so: the curator looks there, not
 * for more mentors; in another org nobody is said to refuse. */
static void partners_refusing_a_form_in_their_forms_column_are_counted(void **state)
{
	(void)state;
	write_file("fm.csv", "id,role,category,org,consent,age,forms\n"
	                     "m1,mentor,student,a,1,16,Student-Student|xyz\n"
	                     "m2,mentor,student,a,1,17,teacher-student\n"
	                     "m3,mentor,student,c,1,16,teacher-student\n"
	                     "e1,mentee,student,a,1,12,\n"
	                     "e2,mentee,student,b,1,12,\n"
	                     "e3,mentee,student,c,1,12,\n");
	match_into("fm.csv", "ru", "--lang ru");
	assert_file_has("ru/unmatched.csv",
	                "e1,mentee,no_eligible_partner,\"нет подходящего наставника: в форме "
	                "«ученик – "
	                "ученик» в той же организации (2 наставника там не выбрали эту форму в "
	                "столбце «forms»), в форме «учитель – ученик» в той же организации, ");
	assert_file_has("ru/unmatched.csv",
	                "e2,mentee,no_eligible_partner,\"нет подходящего наставника: в форме "
	                "«ученик – "
	                "ученик» в той же организации, в форме «учитель – ученик» ");
	assert_file_has("ru/unmatched.csv",
	                "(1 наставник там не выбрал эту форму в столбце «forms»)");
	match_into("fm.csv", "en", "--lang en");
	assert_file_has("en/unmatched.csv",
	                "e1,mentee,no_eligible_partner,\"no mentor to pair with: form "
	                "student-student "
	                "in the same organisation (2 mentors there do not accept it in the forms "
	                "column), form teacher-student in the same organisation, ");
	assert_file_has("en/unmatched.csv",
	                "e3,mentee,no_eligible_partner,\"no mentor to pair with: form "
	                "student-student "
	                "in the same organisation (1 mentor there does not accept it in the forms "
	                "column), ");
	/* the person's own column: the forms it could be in but left out */
	write_file("fo.csv", "id,role,category,org,consent,age,forms\n"
	                     "m1,mentor,student,a,1,16,\n"
	                     "e1,mentee,student,a,1,12,teacher-student\n");
	match_into("fo.csv", "fo", "--lang en");
	assert_file_has("fo/unmatched.csv",
	                "e1,mentee,no_eligible_partner,\"no mentor to pair with: form "
	                "teacher-student "
	                "in the same organisation; this mentee's forms column leaves out form "
	                "student-student, form college-student\"\n");
	assert_file_has("fo/unmatched.csv", "m1,mentor,no_eligible_partner,no mentee to pair with: "
	                                    "form student-student in the same organisation (1 "
	                                    "mentee there does not accept it in the forms column)");
	match_into("fo.csv", "for", "--lang ru");
	assert_file_has("for/unmatched.csv",
	                "; в столбце «forms» этот наставляемый не выбрал форму «ученик – ученик», "
	                "форму «студент – ученик»\"\n");

	/* the same with the forms in Russian, as the outputs name them: the
	 * same reasons, and pairs made through them */
	write_file("fr.csv", "id,role,category,org,consent,age,Формы\n"
	                     "m1,mentor,student,a,1,16,\n"
	                     "e1,mentee,student,a,1,12,Учитель — ученик\n"
	                     "m2,mentor,student,b,1,16,«ученик – ученик»\n"
	                     "e2,mentee,student,b,1,12,\"ученик-ученик, учитель – ученик\"\n"
	                     "e3,mentee,student,b,1,12,ученик – учитель\n");
	match_into("fr.csv", "fr", "--lang en");
	assert_file_has("fr/unmatched.csv",
	                "e1,mentee,no_eligible_partner,\"no mentor to pair with: form "
	                "teacher-student "
	                "in the same organisation; this mentee's forms column leaves out form "
	                "student-student, form college-student\"\n");
	assert_file_has("fr/pairs.csv", "m2,m2,e2,student-student,");
	assert_file_has("fr/unmatched.csv",
	                "e3,mentee,no_eligible_partner,\"the forms column names "
	                "only an unknown form: 'ученик – учитель'");
	assert_int_equal(nv("check %s", path_in("fr.csv")), 0);
	assert_file_has("stdout", ":6:Формы: note: no form is named 'ученик – учитель'");
}

/* A forms column that names no form there is (a typo, as names are
 * compared exactly) is said to be the reason, with the form it differs
 * from in letter case only, not the person's age or category. */
static void a_misspelt_form_name_is_the_reason_said(void **state)
{
	(void)state;
	write_file("mf.csv", "id,role,category,org,consent,age,experience_years,forms\n"
	                     "m1,mentor,student,a,1,16,,Student-Student\n"
	                     "m2,mentor,employer,a,1,,,Foo|Bar\n"
	                     "m3,mentor,employer,a,1,,,student-student|bar\n"
	                     "m4,mentor,teacher,a,1,,10,\n"
	                     "e1,mentee,student,a,1,12,,\n"
	                     "e2,mentee,student,a,1,12,,student-student|teacher-studnt\n");
	match_into("mf.csv", "mf", "--lang en");
	assert_file_has("mf/unmatched.csv",
	                "m1,mentor,no_eligible_partner,\"the forms column names only an unknown "
	                "form: "
	                "'Student-Student' (did you mean student-student?); this mentor fits form "
	                "student-student\"\n");
	assert_file_has("mf/unmatched.csv",
	                "m2,mentor,no_eligible_partner,\"the forms column names only unknown "
	                "forms: "
	                "'Foo', 'Bar'; this mentor fits form employer-student, form "
	                "employer-college\"\n");
	assert_file_has("mf/unmatched.csv",
	                "m3,mentor,no_eligible_partner,\"no form this person accepts takes a "
	                "mentor "
	                "who is an employer; the forms column names an unknown form: 'bar'\"\n");
	assert_file_has("mf/unmatched.csv",
	                "; this mentee's forms column leaves out form teacher-student, form "
	                "college-student; the forms column names an unknown form: "
	                "'teacher-studnt'\"\n");
	match_into("mf.csv", "mfr", "--lang ru");
	assert_file_has("mfr/unmatched.csv",
	                "m1,mentor,no_eligible_partner,\"в столбце «forms» указана только "
	                "несуществующая форма: «Student-Student» (возможно, «ученик – ученик»); "
	                "этот наставник подходит для формы «ученик – ученик»\"\n");
	assert_file_has("mfr/unmatched.csv",
	                "m2,mentor,no_eligible_partner,\"в столбце «forms» указаны только "
	                "несуществующие формы: «Foo», «Bar»; этот наставник подходит для форм "
	                "«работодатель – ученик», «работодатель – студент»\"\n");
	assert_file_has("mfr/unmatched.csv",
	                "форму «студент – ученик»; в столбце «forms» указана несуществующая форма: "
	                "«teacher-studnt»\"\n");
	/* the column as the curator's header names it */
	write_file("mfc.csv", "Код,Роль,Категория,Школа,Согласие,Возраст,Формы\n"
	                      "m1,наставник,ученик,a,да,16,Foo\n"
	                      "e1,наставляемый,ученик,a,да,12,teacher-student\n");
	match_into("mfc.csv", "mfc", "--lang ru");
	assert_file_has("mfc/unmatched.csv",
	                "m1,mentor,no_eligible_partner,\"в столбце «Формы» указана только "
	                "несуществующая форма: «Foo»; ");
	assert_file_has("mfc/unmatched.csv", "; в столбце «Формы» этот наставляемый не выбрал "
	                                     "форму «ученик – ученик»");
}

/* A best score that two decimals would round up to min_score (0.7071 as
 * 0.71 beside 0.71) is shown with six, so the sentence holds. */
static void a_best_score_just_below_min_score_is_not_rounded_up_to_it(void **state)
{
	(void)state;
	write_file("mb.csv", "id,role,category,org,age,consent,subjects\n"
	                     "m1,mentor,student,o,16,1,a\n"
	                     "e1,mentee,student,o,12,1,a|b\n");
	write_file("mb.ini",
	           "[weights]\npsych = 0\ngoals = 0\nneeds = 0\n[match]\nmin_score = 0.71\n");
	match_into("mb.csv", "mb", "-c %s --lang en", path_in("mb.ini"));
	assert_file_has("mb/unmatched.csv", "e1,mentee,below_min_score,\"the one eligible pair "
	                                    "scores 0.707107, below min_score 0.71\"\n");
	match_into("mb.csv", "mbr", "-c %s --lang ru", path_in("mb.ini"));
	assert_file_has("mbr/unmatched.csv",
	                "e1,mentee,below_min_score,\"у единственной подходящей "
	                "пары оценка 0,707107, ниже min_score 0,71\"\n");
}

/* A term of weight 0 made nothing: its shared tags and difficulties are
 * not named (they were, beside "nothing in common" when every term was
 * 0), and the terms that count still are. */
static void terms_of_weight_0_are_not_named(void **state)
{
	(void)state;
	write_file("zw.csv", "id,role,category,org,age,consent,subjects,goals,"
	                     "need_conflict_handling,skill_conflict_handling\n"
	                     "m1,mentor,student,o,16,1,math,olymp,,0.9\n"
	                     "e1,mentee,student,o,12,1,math,olymp,0.9,\n");
	write_file("zs.ini", "[weights]\npsych = 0\nsubjects = 1\ngoals = 0\nneeds = 0\n");
	write_file("zn.ini", "[weights]\npsych = 0\nsubjects = 0\ngoals = 1\nneeds = 1\n");
	match_into("zw.csv", "zs", "-c %s --lang en", path_in("zs.ini"));
	assert_file_has("zs/pairs.csv", ",no,\"student-student; shared subjects: math\"\n");
	match_into("zw.csv", "zn", "-c %s --lang ru", path_in("zn.ini"));
	assert_file_has("zn/pairs.csv",
	                ",no,\"«ученик – ученик»; общие цели: olymp; наставник "
	                "может помочь с трудностями наставляемого: решение конфликтных "
	                "ситуаций\"\n");
}

/* The infeasibility messages (English on stderr, and in explain's
 * re-solve under --lang en) agree with their counts: "1 mentee", "1 pair",
 * "1 fixed pair". */
static void infeasible_counts_of_one_are_singular(void **state)
{
	(void)state;
	write_file("in.csv", "id,role,category,org,age,capacity,consent\n"
	                     "m1,mentor,student,o,16,0,1\n"
	                     "m2,mentor,student,o,16,1,1\n"
	                     "e1,mentee,student,o,12,,1\n");
	write_file("in-c.csv", "fix,m1,e1\n");
	assert_int_equal(nv("match %s -o %s -q --constraints %s", path_in("in.csv"), path_in("x"),
	                    path_in("in-c.csv")),
	                 3);
	assert_stderr_has("in-c.csv:1: infeasible: mentor m1 has capacity 0 but is fixed to 1 "
	                  "mentee: m1,e1 (line 1)\n");
	write_file("in.ini", "[form student-student]\nmin_pairs = 2\n");
	assert_int_equal(nv("match %s -o %s -q -c %s", path_in("in.csv"), path_in("x"),
	                    path_in("in.ini")),
	                 3);
	assert_stderr_has("in.ini:2: infeasible: form student-student cannot reach min_pairs 2 "
	                  "(at most 1 pair possible)\n");
	write_file("in2.ini", "[form student-student]\nmax_pairs = 0\n");
	write_file("in2-c.csv", "fix,m2,e1\n");
	assert_int_equal(nv("match %s -o %s -q -c %s --constraints %s", path_in("in.csv"),
	                    path_in("x"), path_in("in2.ini"), path_in("in2-c.csv")),
	                 3);
	assert_stderr_has("infeasible: form student-student has max_pairs 0 but 1 fixed pair: "
	                  "m2,e1");
}

/* A form the config adds is named in «» in Russian text, as the built-in
 * ones are by their titles; report.html names it as the config does. */
static void a_new_form_is_quoted_in_russian(void **state)
{
	(void)state;
	write_file("cf.ini", "[form club]\nmentor_category = student\nmentee_category = student\n"
	                     "mentee_age = 10-18\nsame_org = yes\nmax_pairs = 1\n");
	write_file("cf.csv", "id,role,category,org,age,consent,subjects,forms\n"
	                     "m1,mentor,student,a,12,1,math,\n"
	                     "m2,mentor,student,b,12,1,,club\n"
	                     "e1,mentee,student,a,12,1,math,\n"
	                     "e2,mentee,student,b,12,1,math,club\n");
	match_into("cf.csv", "cf", "-c %s --lang ru", path_in("cf.ini"));
	assert_file_has("cf/pairs.csv", "m1,m1,e1,club,0.425000,0.175000,0.250000,0.000000,"
	                                "0.000000,no,\"«club»; общие предметы: math\"\n");
	assert_file_has("cf/unmatched.csv",
	                "e2,mentee,quota,форма «club» достигла квоты max_pairs (1)\n");
	assert_file_has("cf/report.html", "<td>club</td>");
	match_into("cf.csv", "cfe", "-c %s --lang en", path_in("cf.ini"));
	assert_file_has("cfe/pairs.csv", "no,\"club; shared subjects: math\"\n");
}

/* A form's max_pairs is the reason wherever it decides: a mentee whose
 * one mentor is full with a mentee of another form (taking it would add
 * to the full form, with the rule or without it) or has room but works
 * in another form; not where pairs the curator fixed hold the partner,
 * which no quota would free. */
static void the_quota_is_said_where_a_swap_would_not_free_it(void **state)
{
	(void)state;
	write_file("qa.csv", "id,role,category,org,district,age,capacity,consent,subjects\n"
	                     "m1,mentor,employer,ent,d1,,1,1,math\n"
	                     "s1,mentee,student,sch,d1,15,,1,bio\n"
	                     "c1,mentee,college_student,col,d1,17,,1,math\n");
	write_file("qa.ini", "[form employer-college]\nmax_pairs = 0\n");
	write_file("qa2.ini", "[match]\none_form_per_mentor = no\n"
	                      "[form employer-college]\nmax_pairs = 0\n");
	const char *ini[] = {"qa.ini", "qa2.ini"};
	for (int k = 0; k < 2; k++) {
		match_into("qa.csv", "qa", "-c %s --lang en", path_in(ini[k]));
		assert_file_has("qa/unmatched.csv", "c1,mentee,quota,form employer-college has "
		                                    "reached its max_pairs quota (0)\n");
	}
	write_file("qo.csv", "id,role,category,org,age,experience_years,capacity,consent,subjects\n"
	                     "t1,mentor,teacher,o1,,5,2,1,math\n"
	                     "y1,mentee,teacher,o1,,1,,1,bio\n"
	                     "s1,mentee,student,o1,12,,,1,math\n");
	write_file("qo.ini", "[form teacher-student]\nmax_pairs = 0\n");
	match_into("qo.csv", "qo", "-c %s --lang en", path_in("qo.ini"));
	assert_file_has("qo/unmatched.csv", "s1,mentee,quota,form teacher-student has reached its "
	                                    "max_pairs quota (0)\n");
	write_file("qf.csv", "id,role,category,org,age,experience_years,capacity,consent\n"
	                     "m0,mentor,student,o1,16,,1,1\n"
	                     "t1,mentor,teacher,o1,,5,1,1\n"
	                     "s1,mentee,student,o1,15,,,1\n");
	write_file("qf-c.csv", "fix,m0,s1\n");
	match_into("qf.csv", "qf", "-c %s --constraints %s --lang en", path_in("qo.ini"),
	           path_in("qf-c.csv"));
	assert_file_has("qf/unmatched.csv",
	                "t1,mentor,capacity_taken,\"the one eligible mentee is in another pair "
	                "(s1, "
	                "0.18 with this mentor, paired with m0, fixed by the curator)\"\n");
	/* a mentor with room held in another form by a fixed pair: no quota
	 * would free it, and the other mentor would only swap its mentee in
	 * the same form, so the quota is not what decides */
	write_file("hf.csv", "id,role,category,org,age,experience_years,capacity,consent\n"
	                     "T1,mentor,teacher,A,,10,2,1\n"
	                     "T2,mentor,teacher,A,,10,1,1\n"
	                     "Y1,mentee,teacher,A,,1,,1\n"
	                     "S1,mentee,student,A,12,,,1\n"
	                     "S2,mentee,student,A,12,,,1\n");
	write_file("hf.ini", "[form teacher-student]\nmax_pairs = 1\n");
	write_file("hf-c.csv", "fix,T1,Y1\n");
	match_into("hf.csv", "hf", "-c %s --constraints %s --lang en", path_in("hf.ini"),
	           path_in("hf-c.csv"));
	char *u = file("hf/unmatched.csv");
	assert_non_null(u);
	/* S1 or S2, whichever the answer leaves out */
	const char *line = strstr(u, "\nS");
	assert_non_null(line);
	assert_true(!strncmp(line + 1, "S1,mentee,capacity_taken,", 25) ||
	            !strncmp(line + 1, "S2,mentee,capacity_taken,", 25));
	assert_non_null(strstr(line, "has room but works in form teacher-teacher only"));
	free(u);
}

/* Quotas that fail only together (one mentor, held to one form, cannot
 * serve two forms' min_pairs) are named with their lines, and so is the
 * rule that joins them. */
static void quotas_failing_together_are_named(void **state)
{
	(void)state;
	write_file("jq.csv", "id,role,category,org,age,experience_years,capacity,consent\n"
	                     "t1,mentor,teacher,o1,,5,2,1\n"
	                     "s1,mentee,student,o1,12,,,1\n"
	                     "y1,mentee,teacher,o1,,1,,1\n");
	write_file("jq.ini", "[form teacher-teacher]\nmin_pairs = 1\n"
	                     "[form teacher-student]\nmin_pairs = 1\n");
	assert_int_equal(nv("match %s -o %s -q -c %s", path_in("jq.csv"), path_in("jq"),
	                    path_in("jq.ini")),
	                 3);
	assert_stderr_has("jq.ini: infeasible: the constraints cannot all hold together: "
	                  "min_pairs 1 of form teacher-teacher (line 2), min_pairs 1 of form "
	                  "teacher-student (line 4), one form per mentor\n");
	assert_null(file("jq/pairs.csv"));

	/* narrowed: the student-student quotas and the fix m1,s2 play no
	 * part and are not named; the fix t1,y1 does, named in its file */
	write_file("jf.csv", "id,role,category,org,age,experience_years,capacity,consent\n"
	                     "t1,mentor,teacher,o1,,5,1,1\n"
	                     "t2,mentor,teacher,o1,,6,2,1\n"
	                     "y1,mentee,teacher,o1,,1,,1\n"
	                     "y2,mentee,teacher,o1,,2,,1\n"
	                     "s1,mentee,student,o1,12,,,1\n"
	                     "m1,mentor,student,o1,16,,1,1\n"
	                     "s2,mentee,student,o1,11,,,1\n");
	write_file("jf.ini", "[form teacher-teacher]\nmin_pairs = 2\n"
	                     "[form teacher-student]\nmin_pairs = 1\n"
	                     "[form student-student]\nmax_pairs = 1\n");
	write_file("jf-c.csv", "fix,m1,s2\nfix,t1,y1\n");
	assert_int_equal(nv("match %s -o %s -q -c %s", path_in("jf.csv"), path_in("jf"),
	                    path_in("jf.ini")),
	                 0);
	assert_int_equal(nv("match %s -o %s -q -c %s --constraints %s", path_in("jf.csv"),
	                    path_in("jf"), path_in("jf.ini"), path_in("jf-c.csv")),
	                 3);
	char want[600];
	snprintf(want, sizeof want,
	         "jf.ini: infeasible: the constraints cannot all hold together: min_pairs 2 of "
	         "form teacher-teacher (line 2), min_pairs 1 of form teacher-student (line 4), the "
	         "fixed pair t1,y1 (%s:2), one form per mentor\n",
	         path_in("jf-c.csv"));
	assert_stderr_has(want);
}

/* "a mentee who is an employer", not "a employer". */
static void an_employer_takes_an(void **state)
{
	(void)state;
	write_file("an.csv", "id,role,category,org,age,consent,forms\n"
	                     "E1,mentor,employer,o,,1,student-student\n"
	                     "E2,mentee,employer,o,,1,\n"
	                     "c1,mentor,college_student,o,19,1,teacher-teacher\n");
	match_into("an.csv", "en", "--lang en");
	assert_file_has("en/unmatched.csv", "E1,mentor,no_eligible_partner,no form this person "
	                                    "accepts takes a mentor who is an employer\n");
	assert_file_has("en/unmatched.csv", "E2,mentee,no_eligible_partner,no form takes a mentee "
	                                    "who is an employer\n");
	assert_file_has("en/unmatched.csv", "c1,mentor,no_eligible_partner,no form this person "
	                                    "accepts takes a mentor who is a college student aged "
	                                    "19\n");
	match_into("an.csv", "ru", "--lang ru");
	assert_file_has("ru/unmatched.csv", "E2,mentee,no_eligible_partner,ни одна форма не "
	                                    "принимает такого наставляемого: работодатель\n");
}

/* The Russian texts call the objective's total one name, "сумма
 * оценок", as explain and the report's optimality section do (not "общая
 * оценка", which reads as one pair's score, nor "суммарная оценка"). */
static void the_total_score_has_one_russian_name(void **state)
{
	(void)state;
	/* subjects' cosine: e1, e2 score 1 with both mentors, e3 0 */
	write_file("tt.csv", "id,role,category,org,age,consent,subjects\n"
	                     "m1,mentor,student,o,16,1,a\n"
	                     "m2,mentor,student,o,16,1,a\n"
	                     "m3,mentor,student,o,16,1,b\n"
	                     "e1,mentee,student,o,12,1,a\n"
	                     "e2,mentee,student,o,12,1,a\n");
	write_file("tt.ini", "[weights]\npsych = 0\ngoals = 0\nneeds = 0\n");
	match_into("tt.csv", "ru", "-c %s --lang ru", path_in("tt.ini"));
	assert_file_has("ru/unmatched.csv",
	                "m3,mentor,capacity_taken,\"оба подходящих наставляемых получили другие "
	                "пары (лучший из наставляемых: e1, оценка 0,00 с этим наставником, в паре "
	                "с m1); в паре с любым из них пар стало бы меньше или сумма оценок не "
	                "выросла бы\"\n");
	assert_file_has("ru/report.html",
	                "<td>все, с кем возможна пара, уже в других парах (пара "
	                "с любым из них не улучшила бы итог по цели), работают в другой форме");
	write_file("tt1.csv", "id,role,category,org,age,consent,subjects\n"
	                      "m1,mentor,student,o,16,1,a\n"
	                      "e1,mentee,student,o,12,1,a\n"
	                      "e2,mentee,student,o,12,1,b\n");
	match_into("tt1.csv", "ru1", "-c %s --lang ru", path_in("tt.ini"));
	assert_file_has("ru1/unmatched.csv",
	                "e2,mentee,capacity_taken,\"единственный подходящий наставник занят другой "
	                "парой (m1, оценка 0,00 с этим наставляемым, в паре с e1); в паре с этим "
	                "наставником пар стало бы меньше или сумма оценок не выросла бы\"\n");
}

/* The report's notes are headed as notes, not "about the inputs": the
 * solver's note on an unproven answer is among them. */
static void the_notes_are_headed_as_what_they_hold(void **state)
{
	(void)state;
	write_file("nt.csv", "id,role,category,org,age,consent,favourite_colour\n"
	                     "m1,mentor,student,o,16,1,red\n"
	                     "e1,mentee,student,o,12,1,blue\n");
	match_into("nt.csv", "ru", "--lang ru");
	assert_file_has("ru/report.html",
	                "<h2 id=\"notes\">Замечания (на английском)</h2>\n<ul>\n");
	assert_file_has("ru/report.html", "nt.csv:1:favourite_colour: note: unknown column");
	match_into("nt.csv", "en", "--lang en");
	assert_file_has("en/report.html", "<h2 id=\"notes\">Notes</h2>\n");
}

/* Two are "both", not "all 2": both mentors taken, both mentees in pairs,
 * both pairs forbidden (оба подходящих наставника, обе пары). */
static void two_partners_are_both(void **state)
{
	(void)state;
	/* subjects' cosine: e1, e2 score 1 with both mentors, e3 0.71 */
	write_file("bo.csv", "id,role,category,org,age,consent,subjects\n"
	                     "m1,mentor,student,o,16,1,a\n"
	                     "m2,mentor,student,o,16,1,a\n"
	                     "e1,mentee,student,o,12,1,a\n"
	                     "e2,mentee,student,o,12,1,a\n"
	                     "e3,mentee,student,o,12,1,a|b\n"
	                     "m4,mentor,student,p,16,1,a\n"
	                     "m5,mentor,student,p,16,1,a\n"
	                     "e4,mentee,student,p,12,1,a\n");
	write_file("bo.ini", "[weights]\npsych = 0\ngoals = 0\nneeds = 0\n");
	write_file("bo-c.csv", "forbid,m4,e4\nforbid,m5,e4\n");
	match_into("bo.csv", "en", "-c %s --constraints %s --lang en", path_in("bo.ini"),
	           path_in("bo-c.csv"));
	assert_file_has("en/unmatched.csv",
	                "e3,mentee,capacity_taken,\"both eligible mentors are taken by other pairs "
	                "(best of the mentors: m1, 0.71 with this mentee, paired with e1); pairing "
	                "this mentee with any of them would match fewer people or score no higher "
	                "in "
	                "total\"\n");
	assert_file_has("en/unmatched.csv",
	                "e4,mentee,forbidden,both eligible pairs are forbidden by the curator\n");
	match_into("bo.csv", "ru", "-c %s --constraints %s --lang ru", path_in("bo.ini"),
	           path_in("bo-c.csv"));
	assert_file_has(
	        "ru/unmatched.csv",
	        "e3,mentee,capacity_taken,\"оба подходящих наставника заняты другими парами "
	        "(лучший из наставников: m1, оценка 0,71 с этим наставляемым, в паре с e1); "
	        "в паре с любым из них пар стало бы меньше или сумма оценок не выросла бы\"\n");
	assert_file_has("ru/unmatched.csv",
	                "e4,mentee,forbidden,обе подходящие пары запрещены куратором\n");
}

/* Of a mentee's several eligible mentors, one held by the one-form rule
 * with room left is not "taken": the sentence says which are taken and
 * which work in another form, and the rule's note closes one bracket. */
static void a_mentor_with_room_in_another_form_is_not_taken(void **state)
{
	(void)state;
	/* subjects' cosine. A, a teacher able to mentor both a student and a
	 * young teacher, takes s1 (1.00) as teacher-student; B, teacher-teacher
	 * only, takes w (1.00); u is left: A has room but works in the other
	 * form, B is taken */
	write_file("of.csv", "id,role,category,org,age,experience_years,capacity,consent,subjects,"
	                     "forms\n"
	                     "A,mentor,teacher,o,,10,2,1,math|art,\n"
	                     "B,mentor,teacher,o,,10,1,1,bio,teacher-teacher\n"
	                     "s1,mentee,student,o,12,,,1,math|art,\n"
	                     "u,mentee,teacher,o,,1,,1,art,\n"
	                     "w,mentee,teacher,o,,1,,1,bio,\n");
	write_file("of.ini", "[weights]\npsych = 0\ngoals = 0\nneeds = 0\n");
	match_into("of.csv", "en", "-c %s --lang en", path_in("of.ini"));
	assert_file_has(
	        "en/unmatched.csv",
	        "u,mentee,capacity_taken,\"one of the two eligible mentors is taken by "
	        "another pair and the other has room but works in another form (best of the "
	        "mentors: A, 0.71 with this mentee, paired with s1, has room but works in "
	        "form teacher-student only, as one_form_per_mentor asks); pairing this mentee "
	        "with the taken mentor would match fewer people or score no higher in "
	        "total\"\n");
	match_into("of.csv", "ru", "-c %s --lang ru", path_in("of.ini"));
	assert_file_has("ru/unmatched.csv",
	                "u,mentee,capacity_taken,\"один из двух подходящих наставников занят "
	                "другой "
	                "парой, а второй работает в другой форме (лучший из наставников: A, оценка "
	                "0,71 с этим наставляемым, в паре с s1, есть свободные места, но наставник "
	                "работает только в форме «учитель – ученик»); в паре с занятым наставником "
	                "пар стало бы меньше или сумма оценок не выросла бы\"\n");
	/* three: the counts agree with their verbs */
	write_file("of3.csv", "id,role,category,org,age,experience_years,capacity,consent,subjects,"
	                      "forms\n"
	                      "A,mentor,teacher,o,,10,2,1,math|art,\n"
	                      "B,mentor,teacher,o,,10,1,1,bio,teacher-teacher\n"
	                      "C,mentor,teacher,o,,10,1,1,bio,teacher-teacher\n"
	                      "s1,mentee,student,o,12,,,1,math|art,\n"
	                      "u,mentee,teacher,o,,1,,1,art,\n"
	                      "w,mentee,teacher,o,,1,,1,bio,\n"
	                      "w2,mentee,teacher,o,,1,,1,bio,\n");
	match_into("of3.csv", "en3", "-c %s --lang en", path_in("of.ini"));
	assert_file_has("en3/unmatched.csv",
	                "u,mentee,capacity_taken,\"of the 3 eligible mentors, 2 are taken by other "
	                "pairs and 1 has room but works in another form (best of the mentors: A, "
	                "0.71 with this mentee, ");
	assert_file_has("en3/unmatched.csv",
	                "; pairing this mentee with any of the taken mentors "
	                "would match fewer people or score no higher in total");
	match_into("of3.csv", "ru3", "-c %s --lang ru", path_in("of.ini"));
	assert_file_has("ru3/unmatched.csv",
	                "u,mentee,capacity_taken,\"из 3 подходящих наставников 2 заняты другими "
	                "парами, а 1 работает в другой форме (лучший из наставников: A, оценка "
	                "0,71 "
	                "с этим наставляемым, ");
	/* twenty-one: "из 21 подходящего наставника", the numeral's case */
	char big[4096];
	int n = snprintf(big, sizeof big,
	                 "id,role,category,org,age,experience_years,capacity,"
	                 "consent,subjects,forms\n"
	                 "A,mentor,teacher,o,,10,2,1,math|art,\n"
	                 "s1,mentee,student,o,12,,,1,math|art,\n"
	                 "u,mentee,teacher,o,,1,,1,art,\n");
	for (int k = 0; k < 20; k++)
		n += snprintf(big + n, sizeof big - (size_t)n,
		              "B%d,mentor,teacher,o,,10,1,1,bio,teacher-teacher\n"
		              "w%d,mentee,teacher,o,,1,,1,bio,\n",
		              k, k);
	write_file("of21.csv", big);
	match_into("of21.csv", "ru21", "-c %s --lang ru", path_in("of.ini"));
	assert_file_has("ru21/unmatched.csv",
	                "u,mentee,capacity_taken,\"из 21 подходящего наставника 20 заняты другими "
	                "парами, а 1 работает в другой форме (лучший из наставников: A, оценка "
	                "0,71 "
	                "с этим наставляемым, ");
	/* with B gone too, A is the one mentor: "works in another form" */
	write_file("of1.csv",
	           "id,role,category,org,age,experience_years,capacity,consent,subjects\n"
	           "A,mentor,teacher,o,,10,3,1,math|art\n"
	           "s1,mentee,student,o,12,,,1,math|art\n"
	           "s2,mentee,student,o,12,,,1,math\n"
	           "u,mentee,teacher,o,,1,,1,art\n");
	match_into("of1.csv", "en1", "-c %s --lang en", path_in("of.ini"));
	assert_file_has("en1/unmatched.csv", "u,mentee,capacity_taken,\"the one eligible mentor "
	                                     "works in another form (A, "
	                                     "0.71 with this mentee, paired with s1, has room but "
	                                     "works in form teacher-student only, as "
	                                     "one_form_per_mentor asks)\"\n");
}

/* A partner taken by another pair is said as the optimum proves it, by
 * objective: the pair that holds the partner may score less than the one
 * left out (the one-form rule, maximin's smallest pair), so no sentence
 * says it scores "at least as high"; mentors of capacity 0 are not
 * "taken". Scores are the needs term alone. */
/* Mentors every place of which the curator's fixed pairs take: the fix
 * is why, not the optimum (pairing the mentee with them is not allowed
 * at all); one of them free of fixes: the optimum's word again. */
static void partners_held_by_fixed_pairs_are_said_so(void **state)
{
	(void)state;
	write_file("hf.ini", "[weights]\npsych = 0\nsubjects = 0\ngoals = 0\nneeds = 1\n");
	write_file("hf.csv", "id,role,category,org,age,capacity,consent,need_a,skill_a\n"
	                     "m1,mentor,student,o,16,1,1,,0.5\n"
	                     "m2,mentor,student,o,16,1,1,,0.6\n"
	                     "a,mentee,student,o,12,,1,1,\n"
	                     "b,mentee,student,o,12,,1,1,\n"
	                     "c,mentee,student,o,12,,1,1,\n");
	write_file("hf-c.csv", "fix,m1,b\nfix,m2,c\n");
	match_into("hf.csv", "hf", "-c %s --constraints %s --lang en", path_in("hf.ini"),
	           path_in("hf-c.csv"));
	assert_file_has("hf/unmatched.csv",
	                "a,mentee,capacity_taken,\"both eligible mentors are taken by other pairs "
	                "(best of the mentors: m2, 0.60 with this mentee, paired with c, fixed by "
	                "the curator); the curator's fixed pairs hold both\"\n");
	match_into("hf.csv", "hfr", "-c %s --constraints %s --lang ru", path_in("hf.ini"),
	           path_in("hf-c.csv"));
	assert_file_has("hfr/unmatched.csv",
	                "a,mentee,capacity_taken,\"оба подходящих наставника заняты другими парами "
	                "(лучший из наставников: m2, оценка 0,60 с этим наставляемым, в паре с c, "
	                "закреплённой куратором); оба заняты в парах, закреплённых куратором\"\n");
	write_file("hf-c2.csv", "fix,m1,b\n");
	match_into("hf.csv", "hf2", "-c %s --constraints %s --lang en", path_in("hf.ini"),
	           path_in("hf-c2.csv"));
	assert_file_has("hf2/unmatched.csv",
	                "c,mentee,capacity_taken,\"both eligible mentors are taken by other pairs "
	                "(best of the mentors: m2, 0.60 with this mentee, paired with a); pairing "
	                "this mentee with any of them would match fewer people or score no higher "
	                "in total\"\n");
}

/* The one partner held by a min_pairs quota: the quota is why, said in
 * the parentheses; nothing of what the optimum proves (taking the pair
 * would break the quota, not score less). */
static void a_partner_a_quota_holds_is_said_so_alone(void **state)
{
	(void)state;
	write_file("qh.csv", "id,role,category,org,age,experience_years,capacity,consent,subjects\n"
	                     "M,mentor,teacher,q1,,10,1,1,math\n"
	                     "y,mentee,teacher,q1,,1,,1,art\n"
	                     "s,mentee,student,q1,12,,,1,math\n");
	write_file("qh.ini", "[form teacher-teacher]\nmin_pairs = 1\n");
	match_into("qh.csv", "qh", "-c %s --lang ru", path_in("qh.ini"));
	assert_file_has("qh/unmatched.csv",
	                "s,mentee,capacity_taken,\"единственный подходящий наставник занят другой "
	                "парой (M, оценка 0,43 с этим наставляемым, в паре с y, эта пара нужна "
	                "форме «учитель – учитель» для её квоты min_pairs = 1)\"\n");
}

/* The same psych_type is a clause of its own ("profiles differ; the same
 * type" is no contradiction), the four temperaments in Russian under
 * --lang ru, any other type as written. */
static void a_shared_type_is_named_in_the_run_language(void **state)
{
	(void)state;
	write_file("ty.csv", "id,role,category,org,age,consent,psych_type,psych_e\n"
	                     "m1,mentor,student,o,16,1,Sanguine,1\n"
	                     "e1,mentee,student,o,12,1,Sanguine,9\n"
	                     "m2,mentor,student,p,16,1,тип А,1\n"
	                     "e2,mentee,student,p,12,1,тип А,9\n");
	match_into("ty.csv", "tyr", "--lang ru");
	assert_file_has("tyr/pairs.csv", "психологические профили отчасти различаются; "
	                                 "эмоционально-психологический тип тот же (сангвиник)\"\n");
	assert_file_has("tyr/pairs.csv", "эмоционально-психологический тип тот же (тип А)\"\n");
	match_into("ty.csv", "tye", "--lang en");
	assert_file_has("tye/pairs.csv", "somewhat different psychological profiles; the same "
	                                 "emotional-psychological type (Sanguine)\"\n");
}

static void a_taken_partner_is_said_as_the_optimum_proves(void **state)
{
	(void)state;
	write_file("ob.ini", "[weights]\npsych = 0\nsubjects = 0\ngoals = 0\nneeds = 1\n");
	/* t works in one form: a (0.90 as teacher-teacher) would cost it b1
	 * and b2 (0.10 each as teacher-student) */
	write_file("ob1.csv", "id,role,category,org,age,experience_years,capacity,consent,"
	                      "need_b1,need_b2,need_a,skill_b1,skill_b2,skill_a\n"
	                      "t,mentor,teacher,o,,5,2,1,,,,0.1,0.1,0.9\n"
	                      "b1,mentee,student,o,12,,,1,1,,,,,\n"
	                      "b2,mentee,student,o,12,,,1,,1,,,,\n"
	                      "a,mentee,teacher,o,,1,,1,,,1,,,\n");
	match_into("ob1.csv", "ob1", "-c %s --lang en", path_in("ob.ini"));
	assert_file_has("ob1/unmatched.csv",
	                "a,mentee,capacity_taken,\"the one eligible mentor is taken by another "
	                "pair "
	                "(t, 0.90 with this mentee, paired with b1); pairing this mentee with that "
	                "mentor would match fewer people or score no higher in total\"\n");
	/* maximin: m1-c 0.5 and m2-b 0.6 keep the smallest pair above m1-a's
	 * 0.3, though m1-a and m2-c would total more (m2-a scores 0) */
	write_file("ob2.csv", "id,role,category,org,age,consent,need_a,need_b,need_c,skill_a,"
	                      "skill_b,skill_c\n"
	                      "m1,mentor,student,o,16,1,,,,0.3,,0.5\n"
	                      "m2,mentor,student,o,16,1,,,,,0.6,0.95\n"
	                      "a,mentee,student,o,12,1,1,,,,,\n"
	                      "b,mentee,student,o,12,1,,1,,,,\n"
	                      "c,mentee,student,o,12,1,,,1,,,\n");
	match_into("ob2.csv", "ob2", "-c %s --lang en --objective maximin", path_in("ob.ini"));
	assert_file_has("ob2/unmatched.csv",
	                "a,mentee,capacity_taken,\"both eligible mentors are taken by other pairs "
	                "(best of the mentors: m1, 0.30 with this mentee, paired with c); pairing "
	                "this mentee with any of them would match fewer people, lower the smallest "
	                "pair score or score no higher in total\"\n");
	match_into("ob2.csv", "ob2r", "-c %s --lang ru --objective maximin", path_in("ob.ini"));
	assert_file_has("ob2r/unmatched.csv",
	                "a,mentee,capacity_taken,\"оба подходящих наставника заняты другими парами "
	                "(лучший из наставников: m1, оценка 0,30 с этим наставляемым, в паре с c); "
	                "в паре с любым из них пар стало бы меньше, наименьшая оценка пары "
	                "снизилась бы или сумма оценок не выросла бы\"\n");
	/* two mentors of capacity 0: not taken, and nothing for the optimum
	 * to prove; one of each kind */
	write_file("ob3.csv", "id,role,category,org,age,capacity,consent,need_a,need_b,skill_a,"
	                      "skill_b\n"
	                      "m1,mentor,student,o,16,0,1,,,0.6,\n"
	                      "m2,mentor,student,o,16,0,1,,,0.5,\n"
	                      "a,mentee,student,o,12,,1,1,,,\n"
	                      "m3,mentor,student,p,16,0,1,,,0.9,0.1\n"
	                      "m4,mentor,student,p,16,,1,,,0.5,0.8\n"
	                      "c,mentee,student,p,12,,1,1,,,\n"
	                      "d,mentee,student,p,12,,1,,1,,\n");
	match_into("ob3.csv", "ob3", "-c %s --lang en", path_in("ob.ini"));
	assert_file_has("ob3/unmatched.csv",
	                "a,mentee,capacity_taken,\"both eligible mentors have capacity 0 (best "
	                "of the mentors: m1, 0.60 with this mentee, capacity 0)\"\n");
	assert_file_has("ob3/unmatched.csv",
	                "c,mentee,capacity_taken,\"one of the two eligible mentors is taken by "
	                "another pair and the other has capacity 0 (best of the mentors: m3, 0.90 "
	                "with this mentee, capacity 0); pairing this mentee with the taken mentor "
	                "would match fewer people or score no higher in total\"\n");
	match_into("ob3.csv", "ob3r", "-c %s --lang ru", path_in("ob.ini"));
	assert_file_has("ob3r/unmatched.csv",
	                "a,mentee,capacity_taken,\"оба подходящих наставника без мест (capacity 0) "
	                "(лучший из наставников: m1, оценка 0,60 с этим наставляемым, мест "
	                "нет)\"\n");
}

/* A quota is named only where it decides: a mentor whose mentees are held
 * in pairs of the same form as its own would be (a swap keeps the form's
 * count) is told the pairs score no less, not that max_pairs or min_pairs
 * holds them. And every mentor held in another form: "have room". Scores
 * are the needs term alone; objective score. */
static void a_quota_is_the_reason_only_where_it_decides(void **state)
{
	(void)state;
	write_file("qd.ini", "[weights]\npsych = 0\nsubjects = 0\ngoals = 0\nneeds = 1\n"
	                     "[match]\nobjective = score\n[form teacher-student]\nmax_pairs = 2\n");
	/* m2 takes e0 and e1 (1.4); m0 with either, in the same form, would
	 * score less: not the quota */
	write_file("qd.csv", "id,role,category,org,experience_years,capacity,consent,need_e0,"
	                     "need_e1,skill_e0,skill_e1,age\n"
	                     "m0,mentor,teacher,o,5,1,1,,,0.3,0.5,\n"
	                     "m2,mentor,teacher,o,5,2,1,,,0.5,0.9,\n"
	                     "e0,mentee,student,o,,,1,1,,,,12\n"
	                     "e1,mentee,student,o,,,1,,1,,,12\n");
	match_into("qd.csv", "qd", "-c %s --lang en", path_in("qd.ini"));
	assert_file_has("qd/unmatched.csv",
	                "m0,mentor,capacity_taken,\"both eligible mentees are in other pairs (best "
	                "of the mentees: e1, 0.50 with this mentor, paired with m2); pairing this "
	                "mentor with any of them would score no higher in total\"\n");
	/* min_pairs = 1: m2-e1 keeps the form at its quota, and so would m1-e1 */
	write_file("qm.ini", "[weights]\npsych = 0\nsubjects = 0\ngoals = 0\nneeds = 1\n"
	                     "[match]\nobjective = score\n[form teacher-student]\nmin_pairs = 1\n");
	write_file("qm.csv", "id,role,category,org,experience_years,consent,need_e1,skill_e1,age\n"
	                     "m1,mentor,teacher,o,5,1,,0.2,\n"
	                     "m2,mentor,teacher,o,5,1,,0.3,\n"
	                     "e1,mentee,student,o,,1,1,,12\n");
	match_into("qm.csv", "qm", "-c %s --lang en", path_in("qm.ini"));
	assert_file_has("qm/unmatched.csv",
	                "m1,mentor,capacity_taken,\"the one eligible mentee is in another pair "
	                "(e1, "
	                "0.20 with this mentor, paired with m2); pairing this mentor with that "
	                "mentee would score no higher in total\"\n");
	/* two teachers each held in teacher-student with room left: u, a
	 * young teacher, hears that both have room but work in another form */
	write_file("hr.csv", "id,role,category,org,age,experience_years,capacity,consent,subjects\n"
	                     "A,mentor,teacher,o,,10,3,1,math\n"
	                     "B,mentor,teacher,o,,10,3,1,math\n"
	                     "s1,mentee,student,o,12,,,1,math\n"
	                     "s2,mentee,student,o,12,,,1,math\n"
	                     "s3,mentee,student,o,12,,,1,math\n"
	                     "s4,mentee,student,o,12,,,1,math\n"
	                     "u,mentee,teacher,o,,1,,1,art\n");
	write_file("hr.ini", "[weights]\npsych = 0\ngoals = 0\nneeds = 0\n");
	match_into("hr.csv", "hr", "-c %s --lang en", path_in("hr.ini"));
	assert_file_has("hr/unmatched.csv", "u,mentee,capacity_taken,\"both eligible mentors have "
	                                    "room but work in another form (");
	match_into("hr.csv", "hrr", "-c %s --lang ru", path_in("hr.ini"));
	assert_file_has("hrr/unmatched.csv", "u,mentee,capacity_taken,\"оба подходящих наставника "
	                                     "работают в другой форме (");
}

/* The mentor whose one mentee a min_pairs quota keeps in another pair is
 * told so once, with the form and the quota, not twice. */
static void the_min_pairs_quota_is_named_once(void **state)
{
	(void)state;
	write_file("mp.csv", "id,role,category,org,age,experience_years,capacity,consent,subjects\n"
	                     "t1,mentor,teacher,o,,10,2,1,math\n"
	                     "s9,mentor,student,o,16,,1,1,art\n"
	                     "s1,mentee,student,o,12,,,1,math\n");
	write_file("mp.ini", "[form student-student]\nmin_pairs = 1\n");
	match_into("mp.csv", "en", "-c %s --lang en", path_in("mp.ini"));
	assert_file_has("en/unmatched.csv", "t1,mentor,capacity_taken,\"the one eligible mentee is "
	                                    "in a pair that keeps "
	                                    "form student-student at its min_pairs quota of 1 (s1, "
	                                    "0.43 with this mentor, paired with "
	                                    "s9)\"\n");
	match_into("mp.csv", "ru", "-c %s --lang ru", path_in("mp.ini"));
	assert_file_has("ru/unmatched.csv",
	                "t1,mentor,capacity_taken,\"единственный подходящий наставляемый в паре, "
	                "которая нужна форме «ученик – ученик» для её квоты min_pairs = 1 (s1, "
	                "оценка 0,43 с этим наставником, "
	                "в паре с s9)\"\n");
}

/* "a pair with that mentor", not "with it": a mentor is a person. */
static void a_mentor_is_not_it(void **state)
{
	(void)state;
	/* m1 and e1 have opposite psych profiles: their pair scores 0 */
	write_file("it.csv", "id,role,category,org,consent,age,capacity,psych_a\n"
	                     "m1,mentor,student,o,1,16,2,0\n"
	                     "e1,mentee,student,o,1,12,,2\n"
	                     "e2,mentee,student,o,1,12,,1\n");
	match_into("it.csv", "en", "--objective score --lang en");
	assert_file_has("en/unmatched.csv",
	                "e1,mentee,capacity_taken,\"an eligible mentor has room, but a pair with "
	                "that "
	                "mentor adds nothing to the total score (it scores 0)\"\n");
	match_into("it.csv", "ru", "--objective score --lang ru");
	assert_file_has("ru/unmatched.csv",
	                "e1,mentee,capacity_taken,\"у подходящего наставника есть место, но пара с "
	                "ним ничего не добавляет к сумме оценок (оценка 0)\"\n");
}

/* Russian prose writes its numbers with a decimal comma, as the report
 * and the years of experience do: a fixed pair's low-score warning, a
 * below_min_score reason and explain's scores; the CSV's score columns and
 * English keep the point. */
static void russian_text_writes_a_decimal_comma(void **state)
{
	(void)state;
	/* subjects' cosine: 1 / sqrt(2 * 8) = 0.25 for both pairs */
	write_file("dc.csv", "id,role,category,org,age,consent,subjects\n"
	                     "m1,mentor,student,o1,16,1,a|b\n"
	                     "e1,mentee,student,o1,12,1,a|c|d|e|f|g|h|i\n"
	                     "m2,mentor,student,o2,16,1,a|b\n"
	                     "e2,mentee,student,o2,12,1,a|c|d|e|f|g|h|i\n");
	write_file("dc.ini", "[weights]\npsych = 0\ngoals = 0\nneeds = 0\n"
	                     "[match]\nmin_score = 0.3\n");
	write_file("dc-c.csv", "fix,m1,e1\n");
	match_into("dc.csv", "ru", "-c %s --constraints %s --lang ru", path_in("dc.ini"),
	           path_in("dc-c.csv"));
	assert_file_has("ru/pairs.csv",
	                "m1,m1,e1,student-student,0.250000,0.000000,0.250000,"
	                "0.000000,0.000000,yes,\"пара закреплена куратором (внимание: "
	                "низкая оценка 0,25); «ученик – ученик»; общие предметы: "
	                "a\"\n");
	assert_file_has("ru/unmatched.csv", "e2,mentee,below_min_score,\"у единственной подходящей "
	                                    "пары оценка 0,25, ниже min_score 0,30\"\n");
	assert_explains("ru", "e1", "ru",
	                "e1: наставник m1, форма «ученик – ученик», оценка "
	                "0,250000\n  вклад: психология 0,000000, предметы "
	                "0,250000, цели 0,000000, трудности 0,000000\n");
	assert_explains("ru", "e2", "ru",
	                "\n  m2  0,250000  «ученик – ученик»: оценка ниже "
	                "min_score 0,30\n");
	match_into("dc.csv", "en", "-c %s --constraints %s --lang en", path_in("dc.ini"),
	           path_in("dc-c.csv"));
	assert_file_has("en/pairs.csv",
	                "m1,m1,e1,student-student,0.250000,0.000000,0.250000,"
	                "0.000000,0.000000,yes,\"fixed by the curator (warning: low "
	                "score 0.25); student-student; shared subjects: a\"\n");
	assert_file_has("en/unmatched.csv", "e2,mentee,below_min_score,\"the one eligible pair "
	                                    "scores 0.25, below min_score 0.30\"\n");
	assert_explains("en", "e1", "en",
	                "e1: mentor m1, form student-student, score 0.250000\n"
	                "  contributions: psych 0.000000, subjects 0.250000, "
	                "goals 0.000000, needs 0.000000\n");
	assert_explains("en", "e2", "en",
	                "\n  m2  0.250000  student-student: below min_score "
	                "0.30\n");
}

/* When the pair explain re-solves with cannot hold with the others, the
 * conflict is said in explain's language: Russian under --lang ru (the
 * form in its Russian name, "строка" for the line), English under --lang
 * en and on match's stderr whatever --lang says. */
static void an_impossible_counterfactual_is_explained_in_russian(void **state)
{
	(void)state;
	char want[1024];
	/* A is fixed to y (teacher-teacher); s1's one mentor is A, as
	 * teacher-student: fixing A-s1 puts A in two forms */
	write_file("cf.csv", "id,role,category,org,age,experience_years,capacity,consent\n"
	                     "A,mentor,teacher,o,,10,2,1\n"
	                     "y,mentee,teacher,o,,1,,1\n"
	                     "s1,mentee,student,o,12,,,1\n");
	write_file("cf-c.csv", "fix,A,y\n");
	match_into("cf.csv", "cf", "--constraints %s --lang ru", path_in("cf-c.csv"));
	snprintf(want, sizeof want,
	         "\nЕсли закрепить пару A – s1 (пересчёт с этой парой):\n"
	         "  невозможно: ограничения несовместимы\n"
	         "  %s:1: наставник A закреплён в нескольких формах, а работать может только в "
	         "одной (one_form_per_mentor): A,s1, A,y (строка 1)\n",
	         path_in("cf-c.csv"));
	assert_explains("cf", "s1", "ru", want);
	snprintf(want, sizeof want,
	         "\nIf the pair A – s1 were fixed (re-solved with it):\n"
	         "  impossible: the constraints conflict\n"
	         "  %s:1: infeasible: mentor A is fixed in more than one form "
	         "(one_form_per_mentor): A,s1, A,y (line 1)\n",
	         path_in("cf-c.csv"));
	assert_explains("cf", "s1", "en", want);
	/* a form's max_pairs is full with a fixed pair */
	write_file("mx.csv", "id,role,category,org,age,capacity,consent\n"
	                     "m1,mentor,student,o,16,1,1\n"
	                     "m2,mentor,student,o,16,1,1\n"
	                     "e1,mentee,student,o,12,,1\n"
	                     "e2,mentee,student,o,12,,1\n");
	write_file("mx.ini", "[form student-student]\nmax_pairs = 1\n");
	write_file("mx-c.csv", "fix,m1,e1\n");
	match_into("mx.csv", "mx", "-c %s --constraints %s --lang ru", path_in("mx.ini"),
	           path_in("mx-c.csv"));
	snprintf(want, sizeof want,
	         "  невозможно: ограничения несовместимы\n"
	         "  %s:1: у формы «ученик – ученик» max_pairs = 1, но закреплены 2 пары: m2,e2, "
	         "m1,e1 (строка 1)\n",
	         path_in("mx-c.csv"));
	assert_explains("mx", "e2", "ru", want);
	/* teacher-student needs A's one place for s1 (B mentors teachers
	 * only): fixing A-y leaves the form short of its min_pairs, and the
	 * message names that pair */
	write_file("mn.csv", "id,role,category,org,age,experience_years,capacity,consent,forms\n"
	                     "A,mentor,teacher,o,,10,1,1,\n"
	                     "B,mentor,teacher,o,,10,1,1,teacher-teacher\n"
	                     "s1,mentee,student,o,12,,,1,\n"
	                     "y,mentee,teacher,o,,1,,1,\n");
	write_file("mn.ini", "[form teacher-student]\nmin_pairs = 1\n");
	match_into("mn.csv", "mn", "-c %s --lang ru", path_in("mn.ini"));
	snprintf(want, sizeof want,
	         "  невозможно: ограничения несовместимы\n"
	         "  %s:2: форма «учитель – ученик» не может набрать min_pairs = 1: возможно не "
	         "более 0 пар при закреплённых парах: A,y\n",
	         path_in("mn.ini"));
	assert_explains("mn", "y", "ru", want);
	/* match itself says it in English on stderr, --lang ru or not */
	write_file("cf2-c.csv", "fix,A,y\nfix,A,s1\n");
	assert_int_equal(nv("match %s -o %s -q --constraints %s --lang ru", path_in("cf.csv"),
	                    path_in("x"), path_in("cf2-c.csv")),
	                 3);
	assert_stderr_has("cf2-c.csv:2: infeasible: mentor A is fixed in more than one form "
	                  "(one_form_per_mentor): A,y (line 1), A,s1 (line 2)\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(ages_and_years_agree_with_their_number),
	        cmocka_unit_test(a_single_forbidden_or_low_pair_is_named_in_the_singular),
	        cmocka_unit_test(a_single_taken_or_free_partner_is_named_as_one),
	        cmocka_unit_test(explain_counts_the_listed_mentors_as_they_are),
	        cmocka_unit_test(report_words_agree_with_their_numbers),
	        cmocka_unit_test(an_area_without_a_russian_name_is_named_as_its_column),
	        cmocka_unit_test(terms_of_weight_0_are_not_named),
	        cmocka_unit_test(a_best_score_just_below_min_score_is_not_rounded_up_to_it),
	        cmocka_unit_test(partners_refusing_a_form_in_their_forms_column_are_counted),
	        cmocka_unit_test(a_misspelt_form_name_is_the_reason_said),
	        cmocka_unit_test(infeasible_counts_of_one_are_singular),
	        cmocka_unit_test(an_employer_takes_an),
	        cmocka_unit_test(quotas_failing_together_are_named),
	        cmocka_unit_test(the_quota_is_said_where_a_swap_would_not_free_it),
	        cmocka_unit_test(a_new_form_is_quoted_in_russian),
	        cmocka_unit_test(the_total_score_has_one_russian_name),
	        cmocka_unit_test(the_notes_are_headed_as_what_they_hold),
	        cmocka_unit_test(two_partners_are_both),
	        cmocka_unit_test(a_mentor_with_room_in_another_form_is_not_taken),
	        cmocka_unit_test(a_taken_partner_is_said_as_the_optimum_proves),
	        cmocka_unit_test(a_partner_a_quota_holds_is_said_so_alone),
	        cmocka_unit_test(a_shared_type_is_named_in_the_run_language),
	        cmocka_unit_test(partners_held_by_fixed_pairs_are_said_so),
	        cmocka_unit_test(a_quota_is_the_reason_only_where_it_decides),
	        cmocka_unit_test(the_min_pairs_quota_is_named_once),
	        cmocka_unit_test(a_mentor_is_not_it),
	        cmocka_unit_test(russian_text_writes_a_decimal_comma),
	        cmocka_unit_test(an_impossible_counterfactual_is_explained_in_russian),
	};
	return cmocka_run_group_tests_name("lang", tests, cli_setup, cli_teardown);
}
