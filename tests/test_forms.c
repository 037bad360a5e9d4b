/* test_forms.c (eligibility, SPEC §2: every built-in form at its age and
 * experience edges, same org / district, roles and consent, the forms
 * column, and the first form in config order winning) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "score_tables.h"

static nv_config cfg;

static st_person person(int role, int category, int age, double exp)
{
	st_person p;
	st_person_init(&p);
	p.id = role == NV_MENTOR ? "m" : "e";
	p.role = role;
	p.category = category;
	p.age = age;
	p.experience = exp;
	p.district = "d1";
	return p;
}

static st_person mentor(int category, int age, double exp)
{
	return person(NV_MENTOR, category, age, exp);
}

static st_person mentee(int category, int age, double exp)
{
	return person(NV_MENTEE, category, age, exp);
}

/* The form's name for the pair, or "-" when not eligible. */
static const char *form_of(st_person m, st_person e)
{
	st_person ps[2] = {m, e};
	nv_table *t = st_build(ps, 2, 0, 0);
	int f = nv_pair_form(&cfg, t, 0, 1);
	st_free(t);
	return f < 0 ? "-" : cfg.form[f].name;
}

static int setup(void **state)
{
	(void)state;
	nv_config_init(&cfg);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	nv_config_done(&cfg);
	return 0;
}

static void student_student_at_its_age_edges(void **state)
{
	(void)state;
	const char *ss = "student-student";
	assert_string_equal(form_of(mentor(NV_STUDENT, 15, NAN), mentee(NV_STUDENT, 10, NAN)), ss);
	assert_string_equal(form_of(mentor(NV_STUDENT, 18, NAN), mentee(NV_STUDENT, 18, NAN)), ss);
	assert_string_equal(form_of(mentor(NV_STUDENT, 14, NAN), mentee(NV_STUDENT, 12, NAN)), "-");
	assert_string_equal(form_of(mentor(NV_STUDENT, 19, NAN), mentee(NV_STUDENT, 12, NAN)), "-");
	assert_string_equal(form_of(mentor(NV_STUDENT, 16, NAN), mentee(NV_STUDENT, 9, NAN)), "-");
	assert_string_equal(form_of(mentor(NV_STUDENT, 16, NAN), mentee(NV_STUDENT, 19, NAN)), "-");
	assert_string_equal(form_of(mentor(NV_STUDENT, -1, NAN), mentee(NV_STUDENT, 12, NAN)), "-");
	st_person m = mentor(NV_STUDENT, 16, NAN), e = mentee(NV_STUDENT, 12, NAN);
	e.org = "o2";
	assert_string_equal(form_of(m, e), "-");
}

static void teacher_teacher_at_its_experience_edges(void **state)
{
	(void)state;
	const char *tt = "teacher-teacher";
	assert_string_equal(form_of(mentor(NV_TEACHER, -1, 3), mentee(NV_TEACHER, -1, 0)), tt);
	assert_string_equal(form_of(mentor(NV_TEACHER, -1, 25), mentee(NV_TEACHER, -1, 3)), tt);
	assert_string_equal(form_of(mentor(NV_TEACHER, -1, 2.5), mentee(NV_TEACHER, -1, 1)), "-");
	assert_string_equal(form_of(mentor(NV_TEACHER, -1, 10), mentee(NV_TEACHER, -1, 3.5)), "-");
	assert_string_equal(form_of(mentor(NV_TEACHER, -1, NAN), mentee(NV_TEACHER, -1, 1)), "-");
	assert_string_equal(form_of(mentor(NV_TEACHER, -1, 10), mentee(NV_TEACHER, -1, NAN)), "-");
	st_person m = mentor(NV_TEACHER, -1, 10), e = mentee(NV_TEACHER, -1, 1);
	m.org = "o2";
	assert_string_equal(form_of(m, e), "-");
}

static void teacher_student_takes_any_teacher_and_students_10_to_18(void **state)
{
	(void)state;
	const char *ts = "teacher-student";
	assert_string_equal(form_of(mentor(NV_TEACHER, -1, NAN), mentee(NV_STUDENT, 10, NAN)), ts);
	assert_string_equal(form_of(mentor(NV_TEACHER, -1, 0), mentee(NV_STUDENT, 18, NAN)), ts);
	assert_string_equal(form_of(mentor(NV_TEACHER, -1, 5), mentee(NV_STUDENT, 9, NAN)), "-");
	assert_string_equal(form_of(mentor(NV_TEACHER, -1, 5), mentee(NV_STUDENT, 19, NAN)), "-");
	st_person m = mentor(NV_TEACHER, -1, 5), e = mentee(NV_STUDENT, 12, NAN);
	e.org = "o2";
	assert_string_equal(form_of(m, e), "-");
}

static void college_student_needs_the_same_district_not_org(void **state)
{
	(void)state;
	const char *cs = "college-student";
	st_person m = mentor(NV_COLLEGE_STUDENT, 19, NAN), e = mentee(NV_STUDENT, 10, NAN);
	m.org = "college";
	assert_string_equal(form_of(m, e), cs);
	e.age = 18;
	assert_string_equal(form_of(m, e), cs);
	e.age = 9;
	assert_string_equal(form_of(m, e), "-");
	e.age = 19;
	assert_string_equal(form_of(m, e), "-");
	e.age = 12;
	e.district = "d2";
	assert_string_equal(form_of(m, e), "-");
	/* an empty district is a value like any other */
	e.district = "";
	assert_string_equal(form_of(m, e), "-");
	m.district = "";
	assert_string_equal(form_of(m, e), cs);
}

static void employer_forms_at_their_edges(void **state)
{
	(void)state;
	st_person m = mentor(NV_EMPLOYER, -1, NAN), e = mentee(NV_STUDENT, 14, NAN);
	m.org = "plant";
	assert_string_equal(form_of(m, e), "employer-student");
	e.age = 18;
	assert_string_equal(form_of(m, e), "employer-student");
	e.age = 13;
	assert_string_equal(form_of(m, e), "-");
	e.age = 19;
	assert_string_equal(form_of(m, e), "-");
	st_person c = mentee(NV_COLLEGE_STUDENT, 20, NAN);
	assert_string_equal(form_of(m, c), "employer-college");
	c.age = -1;
	assert_string_equal(form_of(m, c), "employer-college");
	c.district = "d9";
	assert_string_equal(form_of(m, c), "-");
}

static void roles_consent_and_validity_come_first(void **state)
{
	(void)state;
	st_person m = mentor(NV_TEACHER, -1, 5), e = mentee(NV_STUDENT, 12, NAN);
	assert_string_equal(form_of(m, e), "teacher-student");
	assert_string_equal(form_of(e, m), "-"); /* roles swapped */
	st_person m2 = m;
	m2.role = NV_MENTEE;
	assert_string_equal(form_of(m2, e), "-");
	m2 = m;
	m2.status = NV_ROW_NO_CONSENT;
	assert_string_equal(form_of(m2, e), "-");
	st_person e2 = e;
	e2.status = NV_ROW_INVALID;
	assert_string_equal(form_of(m, e2), "-");
}

static void the_forms_column_accepts_and_declines(void **state)
{
	(void)state;
	st_person m = mentor(NV_TEACHER, -1, 5), e = mentee(NV_STUDENT, 12, NAN);
	e.forms = "teacher-student";
	assert_string_equal(form_of(m, e), "teacher-student");
	e.forms = "student-student|college-student";
	assert_string_equal(form_of(m, e), "-");
	e.forms = NULL;
	m.forms = "teacher-teacher";
	assert_string_equal(form_of(m, e), "-");
	m.forms = "teacher-teacher|teacher-student";
	assert_string_equal(form_of(m, e), "teacher-student");
	m.forms = "no-such-form";
	assert_string_equal(form_of(m, e), "-");
}

static void the_first_form_in_config_order_wins(void **state)
{
	(void)state;
	/* an added form any student may mentor any younger one anywhere */
	nv_form *f = &cfg.form[cfg.n_forms++];
	*f = cfg.form[0];
	snprintf(f->name, sizeof f->name, "%s", "open-student");
	f->builtin = 0;
	f->same_org = 0;
	st_person m = mentor(NV_STUDENT, 16, NAN), e = mentee(NV_STUDENT, 12, NAN);
	assert_string_equal(form_of(m, e), "student-student");
	e.org = "o2";
	assert_string_equal(form_of(m, e), "open-student");
	e.org = "o1";
	e.forms = "open-student"; /* declines the earlier form */
	assert_string_equal(form_of(m, e), "open-student");
	e.forms = NULL;
	m.age = 14; /* outside both */
	assert_string_equal(form_of(m, e), "-");
	cfg.n_forms--;
}

/* Why the pair is not eligible, as a fix's message says it. */
static const char *why_of(st_person m, st_person e, char *buf, size_t size)
{
	st_person ps[2] = {m, e};
	nv_table *t = st_build(ps, 2, 0, 0);
	size_t n = nv_pair_form_why(&cfg, t, 0, 1, buf, size);
	st_free(t);
	assert_int_equal(n, strlen(buf));
	return buf;
}

static void why_names_the_rule_each_form_breaks(void **state)
{
	(void)state;
	char b[512];
	st_person m = mentor(NV_STUDENT, 16, NAN), e = mentee(NV_STUDENT, 9, NAN);
	assert_string_equal(why_of(m, e, b, sizeof b),
	                    "student-student: the mentee's age 9 is not in 10-18");
	m.age = 14;
	e.age = 12;
	assert_string_equal(why_of(m, e, b, sizeof b),
	                    "student-student: the mentor's age 14 is not in 15-18");
	m.age = -1;
	assert_string_equal(why_of(m, e, b, sizeof b),
	                    "student-student: the mentor has no age (it takes 15-18)");
	m.age = 16;
	e.org = "o2";
	assert_string_equal(why_of(m, e, b, sizeof b),
	                    "student-student: not in the same org ('o1', 'o2')");
	e.org = "o1";
	e.forms = "teacher-student";
	assert_string_equal(why_of(m, e, b, sizeof b),
	                    "student-student: the mentee's forms column leaves it out");
	/* a teacher mentee: one form, by experience; the mentor's column */
	st_person t = mentor(NV_TEACHER, -1, 10), y = mentee(NV_TEACHER, -1, 4);
	assert_string_equal(why_of(t, y, b, sizeof b),
	                    "teacher-teacher: the mentee's experience 4 is not in 0-3");
	y.experience = NAN;
	assert_string_equal(why_of(t, y, b, sizeof b),
	                    "teacher-teacher: the mentee has no experience_years (it takes 0-3)");
	y.experience = 2;
	t.forms = "teacher-student";
	assert_string_equal(why_of(t, y, b, sizeof b),
	                    "teacher-teacher: the mentor's forms column leaves it out");
	/* two forms for an employer and a college student: each one's rule */
	st_person w = mentor(NV_EMPLOYER, -1, NAN), c = mentee(NV_COLLEGE_STUDENT, 20, NAN);
	c.district = "d9";
	assert_string_equal(why_of(w, c, b, sizeof b),
	                    "employer-college: not in the same district ('d1', 'd9')");
	/* no form for these categories */
	st_person s = mentor(NV_STUDENT, 16, NAN);
	assert_string_equal(why_of(s, y, b, sizeof b),
	                    "no form pairs a student mentor with a teacher mentee");
	/* a short buffer is cut, never overrun */
	char small[12];
	m.age = 14;
	assert_string_equal(why_of(m, e, small, sizeof small), "student-stu");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(student_student_at_its_age_edges),
	        cmocka_unit_test(teacher_teacher_at_its_experience_edges),
	        cmocka_unit_test(teacher_student_takes_any_teacher_and_students_10_to_18),
	        cmocka_unit_test(college_student_needs_the_same_district_not_org),
	        cmocka_unit_test(employer_forms_at_their_edges),
	        cmocka_unit_test(roles_consent_and_validity_come_first),
	        cmocka_unit_test(the_forms_column_accepts_and_declines),
	        cmocka_unit_test(the_first_form_in_config_order_wins),
	        cmocka_unit_test(why_names_the_rule_each_form_breaks),
	};
	return cmocka_run_group_tests_name("forms", tests, setup, teardown);
}
