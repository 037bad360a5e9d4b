/* test_config.c (the defaults and the INI config of SPEC §5: overrides of
 * built-in forms, added forms in file order, every kind of bad config with
 * its exact "FILE:LINE: message") */
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
#include "cli_dir.h"

#define DIR "tests/data/config/"

static void defaults_are_the_spec_ones(void **state)
{
	(void)state;
	nv_config c;
	nv_config_init(&c);
	assert_true(c.w.psych == 0.35 && c.w.subjects == 0.25 && c.w.goals == 0.15 &&
	            c.w.needs == 0.25);
	assert_true(c.min_score == 0);
	assert_int_equal(c.objective, NV_OBJ_COVERAGE);
	assert_int_equal(c.one_form_per_mentor, 1);
	assert_int_equal(c.n_forms, 6);
	const char *names[] = {"student-student",  "teacher-teacher",
	                       "teacher-student",  "college-student",
	                       "employer-student", "employer-college"};
	for (int i = 0; i < 6; i++) {
		assert_string_equal(c.form[i].name, names[i]);
		assert_int_equal(nv_config_form(&c, names[i]), i);
		assert_true(c.form[i].builtin);
		assert_int_equal(c.form[i].min_pairs, -1);
		assert_int_equal(c.form[i].max_pairs, -1);
	}
	assert_int_equal(nv_config_form(&c, "nosuch"), -1);
	const nv_form *f = c.form;
	assert_int_equal(f[0].mentor_category, NV_STUDENT);
	assert_true(f[0].mentor_age.lo == 15 && f[0].mentor_age.hi == 18);
	assert_true(f[0].mentee_age.lo == 10 && f[0].mentee_age.hi == 18);
	assert_true(f[0].same_org && !f[0].same_district);
	assert_true(f[1].mentor_exp.lo == 3 && isinf(f[1].mentor_exp.hi));
	assert_true(f[1].mentee_exp.lo == 0 && f[1].mentee_exp.hi == 3);
	assert_true(isinf(f[2].mentor_age.lo) && isinf(f[2].mentor_exp.hi));
	assert_true(f[3].same_district && !f[3].same_org);
	assert_int_equal(f[3].mentor_category, NV_COLLEGE_STUDENT);
	assert_true(f[4].mentee_age.lo == 14 && f[4].mentee_age.hi == 18);
	assert_int_equal(f[5].mentee_category, NV_COLLEGE_STUDENT);
	assert_true(isinf(f[5].mentee_age.lo) && isinf(f[5].mentee_age.hi));
	assert_null(c.path);
	nv_config_done(&c);
}

static void a_builtin_section_changes_only_its_keys(void **state)
{
	(void)state;
	nv_config c;
	nv_config_init(&c);
	nv_diag *d = nv_diag_new(0);
	assert_int_equal(nv_config_load(&c, DIR "override.ini", d), NV_OK);
	assert_int_equal(nv_diag_errors(d), 0);
	assert_true(c.w.psych == 0.5 && c.w.subjects == 0.25 && c.w.goals == 0.15 &&
	            c.w.needs == 1);
	assert_true(c.min_score == 0.2);
	assert_int_equal(c.objective, NV_OBJ_MAXIMIN);
	assert_int_equal(c.one_form_per_mentor, 0);
	assert_int_equal(c.n_forms, 6);
	const nv_form *f = &c.form[0];
	assert_true(f->mentor_age.lo == 14 && isinf(f->mentor_age.hi));
	assert_true(f->mentee_age.lo == 10 && f->mentee_age.hi == 18);
	assert_int_equal(f->mentor_category, NV_STUDENT);
	assert_true(f->same_org);
	assert_int_equal(f->max_pairs, 10);
	assert_int_equal(f->min_pairs, -1);
	assert_string_equal(c.path, DIR "override.ini");
	nv_config_done(&c);
	nv_diag_free(d);
}

static void new_forms_follow_the_builtins_in_file_order(void **state)
{
	(void)state;
	nv_config c;
	nv_config_init(&c);
	nv_diag *d = nv_diag_new(0);
	assert_int_equal(nv_config_load(&c, DIR "added.ini", d), NV_OK);
	assert_int_equal(c.n_forms, 8);
	assert_string_equal(c.form[6].name, "veteran-teacher");
	assert_string_equal(c.form[7].name, "peer");
	const nv_form *v = &c.form[6], *p = &c.form[7];
	assert_false(v->builtin);
	assert_int_equal(v->mentor_category, NV_TEACHER);
	assert_true(v->mentor_exp.lo == 20 && isinf(v->mentor_exp.hi));
	assert_true(isinf(v->mentee_exp.lo) && v->mentee_exp.hi == 3);
	assert_true(v->same_district && !v->same_org);
	assert_int_equal(v->min_pairs, -1);
	assert_int_equal(p->mentor_category, -1);
	assert_int_equal(p->mentee_category, NV_COLLEGE_STUDENT);
	assert_true(p->mentor_age.lo == 5 && p->mentor_age.hi == 5);
	assert_true(isinf(p->mentee_age.lo) && isinf(p->mentee_age.hi));
	assert_true(p->min_pairs == 1 && p->max_pairs == 1);
	assert_false(c.form[1].same_org); /* teacher-teacher overridden */
	assert_true(c.form[1].mentor_exp.lo == 3);
	nv_config_done(&c);
	nv_diag_free(d);
}

static void expect_errors(const char *path, const char *const *want, size_t n)
{
	nv_config c;
	nv_config_init(&c);
	nv_diag *d = nv_diag_new(0);
	assert_int_equal(nv_config_load(&c, path, d), NV_EDATA);
	for (size_t i = 0; i < n && i < nv_diag_errors(d); i++)
		assert_string_equal(nv_diag_error_at(d, i), want[i]);
	assert_int_equal(nv_diag_errors(d), n);
	nv_config_done(&c);
	nv_diag_free(d);
}

static void every_problem_of_a_bad_file_is_reported_with_its_line(void **state)
{
	(void)state;
	const char *const want[] = {
		DIR "bad.ini:2: weight psych must be a number >= 0, not '-1'",
		DIR "bad.ini:3: unknown key 'charm' in [weights] (psych, subjects, "
		    "goals, needs)",
		DIR "bad.ini:5: min_score must be a number in [0,1], not '1.5'",
		DIR "bad.ini:6: objective must be coverage, score or maximin, not "
		    "'fairness'",
		DIR "bad.ini:7: one_form_per_mentor must be yes or no, not 'maybe'",
		DIR "bad.ini:9: mentor_age: range '18-15' is empty",
		DIR "bad.ini:10: mentee_age: 'ten' is not a range (like 10-18, 3-, -3, "
		    "5 or any)",
		DIR "bad.ini:11: same_org must be yes or no, not 'perhaps'",
		DIR "bad.ini:12: mentor_category: unknown category 'pupil' (student, "
		    "teacher, college_student, employer, any)",
		DIR "bad.ini:13: min_pairs must be a whole number >= 0 or none, not "
		    "'-2'",
		DIR "bad.ini:14: unknown key 'colour' in [form student-student] "
		    "(mentor_category, mentor_age, mentor_experience, "
		    "mentee_category, mentee_age, mentee_experience, same_org, "
		    "same_district, min_pairs, max_pairs)",
		DIR "bad.ini:17: unknown section [scoring] (weights, match, form NAME)",
		DIR "bad.ini:19: syntax error: expected [section] or key = value",
		DIR "bad.ini:15: form 'lonely' must give mentor_category and "
		    "mentee_category",
		DIR "bad.ini:24: form 'quota': max_pairs 3 is below min_pairs 5",
	};
	expect_errors(DIR "bad.ini", want, sizeof want / sizeof *want);
}

static void weights_adding_up_to_zero_are_an_error(void **state)
{
	(void)state;
	const char *const want[] = {
		DIR "zero.ini:1: the weights add up to 0; at least one must be > 0",
	};
	expect_errors(DIR "zero.ini", want, 1);
}

static void keys_outside_sections_and_nameless_forms_are_errors(void **state)
{
	(void)state;
	const char *const want[] = {
		DIR "nameless.ini:1: key 'min_score' is outside any section",
		DIR "nameless.ini:2: [form] needs a name: [form NAME]",
		DIR "nameless.ini:4: form 'empty-new' must give mentor_category and "
		    "mentee_category",
	};
	expect_errors(DIR "nameless.ini", want, 3);
}

/* A config of len bytes (NULs included) in the test's folder. */
static const char *config_bytes(const char *name, const char *bytes, size_t len)
{
	const char *path = path_in(name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(bytes, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	return path;
}

/* Section and key names are case-insensitive, a form's name is not (as
 * SPEC compares tags): [Form Student-Student] is a new form, and its error
 * names the built-in one it differs from in letter case alone. */
static void a_form_name_in_other_letter_case_is_a_new_form_with_a_hint(void **state)
{
	(void)state;
	const char *const want[] = {
		DIR "case.ini:1: form 'Student-Student' must give mentor_category and "
		    "mentee_category; names are compared exactly: did you mean "
		    "'student-student'?",
	};
	expect_errors(DIR "case.ini", want, 1);
	/* given both categories it loads, a new form after the built-ins,
	 * and a note says what it may be a typo of */
	const char *text = "[form Student-Student]\n"
	                   "mentor_category = student\n"
	                   "mentee_category = student\n";
	const char *path = config_bytes("case2.ini", text, strlen(text));
	nv_config c;
	nv_config_init(&c);
	nv_diag *d = nv_diag_new(0);
	assert_int_equal(nv_config_load(&c, path, d), NV_OK);
	assert_int_equal(c.n_forms, 7);
	assert_int_equal(nv_diag_notes(d), 1);
	char want2[512];
	snprintf(want2, sizeof want2,
	         "%s:1: note: form 'Student-Student' is a new form; names are compared "
	         "exactly: did you mean 'student-student'?",
	         path);
	assert_string_equal(nv_diag_note_at(d, 0), want2);
	nv_config_done(&c);
	nv_diag_free(d);
	/* two new forms apart only in case: each is the user's own, no note */
	text = "[form Foo]\nmentor_category = teacher\nmentee_category = teacher\n"
	       "[form foo]\nmentor_category = teacher\nmentee_category = teacher\n";
	path = config_bytes("case3.ini", text, strlen(text));
	nv_config_init(&c);
	d = nv_diag_new(0);
	assert_int_equal(nv_config_load(&c, path, d), NV_OK);
	assert_int_equal(c.n_forms, 8);
	assert_int_equal(nv_diag_notes(d), 0);
	nv_config_done(&c);
	nv_diag_free(d);
}

static void a_missing_file_is_an_error(void **state)
{
	(void)state;
	const char *const want[] = {
		DIR "nope.ini: cannot open the config: No such file or directory",
	};
	expect_errors(DIR "nope.ini", want, 1);
}

static void unknown_form_names_in_the_table_are_noted_once(void **state)
{
	(void)state;
	st_person ps[4];
	for (int i = 0; i < 4; i++)
		st_person_init(&ps[i]);
	ps[0].forms = "student-student";
	ps[1].forms = "mystery|student-student";
	ps[2].forms = "mystery|Student-Student";
	/* a name only an invalid row gives: its error says enough */
	ps[3].forms = "ghost";
	ps[3].status = NV_ROW_INVALID;
	nv_table *t = st_build(ps, 4, 0, 0);
	nv_config c;
	nv_config_init(&c);
	nv_diag *d = nv_diag_new(0);
	nv_config_check_table(&c, t, d);
	assert_int_equal(nv_diag_notes(d), 2);
	assert_int_equal(nv_diag_errors(d), 0);
	assert_string_equal(nv_diag_note_at(d, 0),
	                    "people.csv:3:forms: note: no form is named 'mystery'; "
	                    "nobody is paired in it");
	assert_string_equal(nv_diag_note_at(d, 1),
	                    "people.csv:4:forms: note: no form is named 'Student-Student'; "
	                    "nobody is paired in it; names are compared exactly: did you mean "
	                    "'student-student'?");
	nv_diag_free(d);
	nv_config_done(&c);
	st_free(t);
}

/* Every row naming its own form: ten notes, then one for the rest. (The
 * check takes one pass over the rows, not one per name; its speed is not
 * timed here.) */
static void a_form_name_per_row_is_checked_in_one_pass(void **state)
{
	(void)state;
	enum { N = 200000 };
	st_person *ps = calloc(N, sizeof *ps);
	char(*names)[16] = calloc(N, sizeof *names);
	assert_non_null(ps);
	assert_non_null(names);
	for (int i = 0; i < N; i++) {
		st_person_init(&ps[i]);
		snprintf(names[i], sizeof names[i], "f%d", i);
		ps[i].forms = names[i];
	}
	nv_table *t = st_build(ps, N, 0, 0);
	nv_config c;
	nv_config_init(&c);
	nv_diag *d = nv_diag_new(0);
	nv_config_check_table(&c, t, d);
	assert_int_equal(nv_diag_notes(d), 11);
	assert_string_equal(nv_diag_note_at(d, 9),
	                    "people.csv:11:forms: note: no form is named 'f9'; nobody is paired in it");
	assert_string_equal(nv_diag_note_at(d, 10),
	                    "people.csv: note: ... and 199990 more names in forms that no form has; "
	                    "nobody is paired in them");
	nv_diag_free(d);
	nv_config_done(&c);
	st_free(t);
	free(names);
	free(ps);
}

/* Only the weights' shares count: weights near the largest double (whose
 * sum overflows) and denormal ones (1e-320 is a number, not an error)
 * score as 1, 1, 0.5, 1 do. */
static void huge_and_tiny_weights_score_by_their_shares(void **state)
{
	(void)state;
	st_person ps[4] = {0};
	for (int i = 0; i < 4; i++)
		st_person_init(&ps[i]);
	for (int i = 0; i < 2; i++) {
		ps[i].role = NV_MENTOR;
		ps[i].category = NV_TEACHER;
		ps[i].experience = 10;
		ps[2 + i].role = NV_MENTEE;
		ps[2 + i].category = NV_STUDENT;
		ps[2 + i].age = 12;
	}
	ps[0].id = "t1", ps[1].id = "t2", ps[2].id = "s1", ps[3].id = "s2";
	ps[0].subjects = "math";
	ps[2].subjects = "math|art";
	ps[1].goals = ps[3].goals = "olymp";
	ps[0].psych[0] = 1, ps[1].psych[0] = 3, ps[2].psych[0] = 2, ps[3].psych[0] = 5;
	nv_table *t = st_build(ps, 4, 1, 0);
	const char *paths[] = {NULL, DIR "huge.ini", DIR "tiny.ini"};
	double got[3][4];
	for (int k = 0; k < 3; k++) {
		nv_config c;
		nv_config_init(&c);
		if (paths[k]) {
			nv_diag *d = nv_diag_new(0);
			assert_int_equal(nv_config_load(&c, paths[k], d), NV_OK);
			nv_diag_free(d);
		} else {
			c.w.psych = c.w.subjects = c.w.needs = 1;
			c.w.goals = 0.5;
		}
		nv_model *M = nv_model_new(t, &c);
		double x[4];
		for (int i = 0; i < 4; i++)
			got[k][i] = nv_score_pair_exact(M, (size_t)(i & 1), 2 + (size_t)(i >> 1), x);
		nv_model_free(M);
		nv_config_done(&c);
	}
	assert_true(got[0][0] > 0.4);
	for (int i = 0; i < 4; i++) {
		assert_true(got[1][i] == got[0][i]);
		assert_true(got[2][i] == got[0][i]);
	}
	st_free(t);
}

/* Loads path into c (initialised here), expecting exactly the errors
 * "PATH:" + want[i], in order. */
static void load_expecting(nv_config *c, const char *path, const char *const *want, size_t n)
{
	nv_config_init(c);
	nv_diag *d = nv_diag_new(0);
	assert_int_equal(nv_config_load(c, path, d), NV_EDATA);
	for (size_t i = 0; i < n && i < nv_diag_errors(d); i++) {
		char line[256];
		snprintf(line, sizeof line, "%s:%s", path, want[i]);
		assert_string_equal(nv_diag_error_at(d, i), line);
	}
	assert_int_equal(nv_diag_errors(d), n);
	nv_diag_free(d);
}

static void lines_inih_would_misread_are_each_reported(void **state)
{
	(void)state;
	char long_comment[2 + 240 + 2], long_value[9 + 250 + 2];
	strcpy(long_comment, "; ");
	for (int k = 0; k < 120; k++)
		strcat(long_comment, "я"); /* 240 bytes */
	strcat(long_comment, "\n");
	strcpy(long_value, "needs = ");
	memset(long_value + 8, '1', 250);
	strcpy(long_value + 258, "\n");
	const struct {
		const char *bytes;
		size_t len; /* 0: strlen */
	} lines[] = {
		{"\xEF\xBB\xBF[weights]\r\n", 0},          /* 1: BOM, CRLF */
		{"  psych = 2\r\n", 0},                     /* 2: indented */
		{"subjects = 1 # the subjects\r\n", 0},     /* 3 */
		{"[match] objective = score\n", 0},         /* 4 */
		{"min_score = 0.5\n", 0},                   /* 5: in [match] */
		{"goals = 1\0junk\n", 15},                  /* 6: a NUL */
		{long_comment, 0},                          /* 7 */
		{"needs = \xCF\xF0\n", 0},                  /* 8: cp1251 */
		{"just words\n", 0},                        /* 9 */
		{"more words\n", 0},                        /* 10 */
		{"[form x\n", 0},                           /* 11 */
		{"[weights]\rgoals = 0.5\r", 0},            /* 12, 13: lone CRs */
		{long_value, 0},                            /* 14 */
	};
	char buf[2048];
	size_t n = 0;
	for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
		size_t len = lines[i].len ? lines[i].len : strlen(lines[i].bytes);
		memcpy(buf + n, lines[i].bytes, len);
		n += len;
	}
	const char *want[] = {
		"4: text after the section header: each key goes on a line of its own",
		"6: the line holds a NUL byte; is the config a text file?",
		"8: byte 9 of the line is not UTF-8; save the config as UTF-8",
		"9: syntax error: expected [section] or key = value",
		"10: syntax error: expected [section] or key = value",
		"11: the section header has no closing ']'",
		"14: the line is longer than 198 bytes",
	};
	nv_config c;
	load_expecting(&c, config_bytes("lines.ini", buf, n), want, sizeof want / sizeof *want);
	/* the keys on good lines count, in their sections */
	assert_true(c.w.psych == 2 && c.w.subjects == 1 && c.w.goals == 0.5 &&
	            c.w.needs == 0.25);
	assert_true(c.min_score == 0.5);
	assert_int_equal(c.objective, NV_OBJ_COVERAGE);
	nv_config_done(&c);
}

/* A section header refused for its bytes (a form name saved in
 * Windows-1251 in a file that is UTF-8 by its byte order mark, a control
 * character) takes its keys with it: one error for the header, not one per
 * key "outside any section"; the next good header's keys count again. */
static void a_header_refused_for_its_bytes_takes_its_keys_with_it(void **state)
{
	(void)state;
	const char text[] = "\xEF\xBB\xBF[form \xED\xE0\xF1\xF2\xE0\xE2\xED\xE8\xEA]\n"
	                    "mentor_category = teacher\n"
	                    "mentee_category = student\n"
	                    "  [form x\x01y]\n"
	                    "same_org = yes\n"
	                    "  [form a\xC2\x9B" "b]\n" /* U+009B, a C1 control */
	                    "same_org = yes\n"
	                    "[match]\n"
	                    "min_score = 0.25\n";
	const char *want[] = {
		"1: byte 7 of the line is not UTF-8; save the config as UTF-8",
		"4: byte 10 of the line is a control character (0x01)",
		"6: byte 10 of the line is a control character (U+009B)",
	};
	nv_config c;
	load_expecting(&c, config_bytes("refused.ini", text, sizeof text - 1), want,
	               sizeof want / sizeof *want);
	assert_true(c.min_score == 0.25);
	assert_int_equal(c.n_forms, 6); /* the built-in ones: nothing added */
	nv_config_done(&c);
}

/* A config saved in Windows-1251 (Notepad's "ANSI" on a Russian system)
 * reads as its UTF-8: the form's name, the values, the messages. The
 * guess is made on the text that is read, so a UTF-8 file with a longer
 * comment in Windows-1251 stays UTF-8, and a line in Windows-1251 among
 * more UTF-8 is still refused. */
static void a_config_saved_in_windows_1251_reads_as_its_utf8(void **state)
{
	(void)state;
	/* "; конфиг школы" CRLF, [form наставник-профи], its categories and
	 * experience */
	const char cp[] = "; \xEA\xEE\xED\xF4\xE8\xE3 \xF8\xEA\xEE\xEB\xFB\r\n"
	                  "[form \xED\xE0\xF1\xF2\xE0\xE2\xED\xE8\xEA-\xEF\xF0\xEE\xF4\xE8]\r\n"
	                  "mentor_category = teacher\r\n"
	                  "mentee_category = teacher\r\n"
	                  "mentee_experience = -3\r\n";
	nv_config c;
	nv_config_init(&c);
	nv_diag *d = nv_diag_new(0);
	assert_int_equal(nv_config_load(&c, config_bytes("cp.ini", cp, sizeof cp - 1), d), NV_OK);
	assert_int_equal(nv_diag_errors(d), 0);
	assert_int_equal(c.n_forms, 7);
	assert_string_equal(c.form[6].name, "наставник-профи");
	assert_int_equal(c.form[6].mentee_category, NV_TEACHER);
	assert_true(c.form[6].mentee_exp.hi == 3);
	nv_config_done(&c);
	nv_diag_free(d);

	/* a bad value in Windows-1251 is quoted in UTF-8: "objective = счёт" */
	const char bad[] = "[match]\nobjective = \xF1\xF7\xB8\xF2\n";
	const char *want[] = {
		"2: objective must be coverage, score or maximin, not 'счёт'",
	};
	load_expecting(&c, config_bytes("cpbad.ini", bad, sizeof bad - 1), want, 1);
	nv_config_done(&c);

	/* UTF-8 with a comment in Windows-1251 longer than its Russian text */
	const char u8[] = "; \xEA\xEE\xED\xF4\xE8\xE3 \xF8\xEA\xEE\xEB\xFB \xE4\xEB\xFF "
	                  "\xED\xE0\xF1\xF2\xE0\xE2\xED\xE8\xEA\xEE\xE2\n"
	                  "[form наставник]\n"
	                  "mentor_category = teacher ; \xF3\xF7\xE8\xF2\xE5\xEB\xFC\n"
	                  "mentee_category = student\n";
	nv_config_init(&c);
	d = nv_diag_new(0);
	assert_int_equal(nv_config_load(&c, config_bytes("u8.ini", u8, sizeof u8 - 1), d), NV_OK);
	assert_int_equal(c.n_forms, 7);
	assert_string_equal(c.form[6].name, "наставник");
	nv_config_done(&c);
	nv_diag_free(d);

	/* a header in Windows-1251 among more UTF-8: refused, as before */
	const char mixed[] = "[form наставник-предметник]\n"
	                     "mentor_category = teacher\n"
	                     "mentee_category = student\n"
	                     "[form \xE4\xF0\xF3\xE3\xE0\xFF]\n"
	                     "mentor_category = employer\n";
	const char *want2[] = {
		"4: byte 7 of the line is not UTF-8; save the config as UTF-8",
	};
	load_expecting(&c, config_bytes("mixed.ini", mixed, sizeof mixed - 1), want2, 1);
	assert_int_equal(c.n_forms, 7);
	nv_config_done(&c);
}

/* The config is read whole, so a file far larger than any config (a
 * table given as -c, say) is refused before it is read further; one of
 * exactly the most is read. */
static void a_file_larger_than_any_config_is_refused(void **state)
{
	(void)state;
	size_t most = (size_t)16 << 20;
	char *text = malloc(most + 1);
	assert_non_null(text);
	memset(text, ';', most + 1);
	text[most - 1] = '\n';
	const char *path = config_bytes("big.ini", text, most);
	nv_config c;
	nv_config_init(&c);
	nv_diag *d = nv_diag_new(0);
	assert_int_equal(nv_config_load(&c, path, d), NV_OK);
	nv_config_done(&c);
	nv_diag_free(d);
	const char *want[] = {
		" the config is larger than 16 MiB; is it the right file?",
	};
	load_expecting(&c, config_bytes("big.ini", text, most + 1), want, 1);
	nv_config_done(&c);
	free(text);
}

/* Sections are the reader's own: spaces inside the brackets, form names
 * past inih's 50-byte section buffer; a key given twice, a bad header's
 * keys, control characters, hex numbers, a long comment after a value. */
static void sections_and_keys_as_the_reader_sees_them(void **state)
{
	(void)state;
	char name[46], text[70500];
	memset(name, 'a', 45);
	name[45] = 0;
	int n = snprintf(text, sizeof text,
	                 "[ weights ]\n"                  /* 1 */
	                 "psych = 0.5\n"                  /* 2 */
	                 "PSYCH = 0.7\n"                  /* 3: again */
	                 "[form %s\t]\n"                  /* 4 */
	                 "mentor_category = boss\n"       /* 5 */
	                 "mentee_category=teacher\n"      /* 6 */
	                 "[match\n"                       /* 7 */
	                 "objective = score\n"            /* 8: not [match]'s */
	                 "[match]#c\n"                    /* 9 */
	                 "min_score = 0.5#c\n"            /* 10 */
	                 "goals\v = 1\n"                  /* 11 */
	                 "[weights]\n"                    /* 12 */
	                 "needs = 0x1p-2\n"               /* 13 */
	                 "goals = 0.5 ; ",                /* 14 */
	                 name);
	memset(text + n, 'x', 70000);
	n += 70000;
	/* 15, 16: comments in Windows-1251 are not read, so not refused */
	n += snprintf(text + n, sizeof text - (size_t)n,
	              "\n; \xcd\xe0\xf1\xf2\n"
	              "subjects = 0.5 # \xe2\xe5\xf1\n");
	const char *want[] = {
		"3: 'PSYCH' is given twice in this section (first on line 2)",
		"5: mentor_category: unknown category 'boss' (student, teacher, "
		"college_student, employer, any)",
		"7: the section header has no closing ']'",
		"11: byte 6 of the line is a control character (0x0B)",
		"13: weight needs must be a number >= 0, not '0x1p-2'",
	};
	nv_config c;
	load_expecting(&c, config_bytes("sections.ini", text, (size_t)n), want,
	               sizeof want / sizeof *want);
	assert_true(c.w.psych == 0.5 && c.w.goals == 0.5 && c.w.needs == 0.25 &&
	            c.w.subjects == 0.5);
	assert_true(c.min_score == 0.5);
	assert_int_equal(c.objective, NV_OBJ_COVERAGE);
	assert_int_equal(c.n_forms, 7);
	assert_string_equal(c.form[6].name, name);
	assert_int_equal(c.form[6].mentee_category, NV_TEACHER);
	nv_config_done(&c);
}

/* A section header may run to the line's 64 KiB: its name is shown cut
 * (40 bytes, whole characters, "..."), and the message ends with what is
 * wrong; it was cut at 511 bytes, inside a two-byte letter, before it. */
static void long_section_names_are_shown_cut_with_what_is_wrong(void **state)
{
	(void)state;
	char text[2200], ya40[64] = "";
	int n = snprintf(text, sizeof text, "[form x");
	for (int i = 0; i < 500; i++)
		n += snprintf(text + n, sizeof text - (size_t)n, "\xd1\x8f"); /* я */
	n += snprintf(text + n, sizeof text - (size_t)n, "]\nmentor_category = any\n[");
	for (int i = 0; i < 500; i++)
		n += snprintf(text + n, sizeof text - (size_t)n, "\xd1\x8f");
	n += snprintf(text + n, sizeof text - (size_t)n, "]\n");
	for (int i = 0; i < 19; i++)
		strcat(ya40, "\xd1\x8f");
	char want1[160], want2[160];
	snprintf(want1, sizeof want1, "1: form name 'x%s...' is longer than 63 bytes", ya40);
	snprintf(want2, sizeof want2,
	         "3: unknown section [%s\xd1\x8f...] (weights, match, form NAME)", ya40);
	const char *want[] = {want1, want2};
	nv_config c;
	load_expecting(&c, config_bytes("long.ini", text, (size_t)n), want,
	               sizeof want / sizeof *want);
	nv_config_done(&c);
}

/* Ages are whole years: "10,18" (a decimal comma, not a range) and a bound
 * of 17.5 are errors, a fractional experience is not; unknown keys between
 * a key's two lines do not hide the second (they are not kept to compare
 * against, so many of them do not make each line slower). */
static void age_bounds_are_whole_years_and_a_repeat_shows_past_unknown_keys(void **state)
{
	(void)state;
	const char *text = "[form student-student]\n" /* 1 */
	                   "mentee_age = 10,18\n"     /* 2 */
	                   "mentor_age = 15-17.5\n"   /* 3 */
	                   "[form teacher-teacher]\n" /* 4 */
	                   "mentor_experience = 2.5-\n"
	                   "[weights]\n" /* 6 */
	                   "psych = 1\n" /* 7 */
	                   "k1 = 1\n"
	                   "k1 = 1\n"
	                   "psych = 2\n"; /* 10 */
	const char *want[] = {
	        "2: mentee_age: '10,18' is not whole years (a range is written 10-18)",
	        "3: mentor_age: '15-17.5' is not whole years (a range is written 10-18)",
	        "8: unknown key 'k1' in [weights] (psych, subjects, goals, needs)",
	        "9: unknown key 'k1' in [weights] (psych, subjects, goals, needs)",
	        "10: 'psych' is given twice in this section (first on line 7)",
	};
	nv_config c;
	load_expecting(&c, config_bytes("ages.ini", text, strlen(text)), want,
	               sizeof want / sizeof *want);
	assert_true(c.form[1].mentor_exp.lo == 2.5);
	nv_config_done(&c);
}

static void numbers_of_any_length_are_read(void **state)
{
	(void)state;
	double v = -1;
	char s[200];
	memset(s, '0', sizeof s - 1);
	s[1] = ',', s[sizeof s - 2] = '5', s[sizeof s - 1] = 0;
	assert_int_equal(nv_config_number(s, &v), 0);
	assert_true(v > 4.99e-197 && v < 5.01e-197); /* 0,000…05: 197 decimals */
	s[3] = '7';
	assert_int_equal(nv_config_number(s, &v), 0);
	assert_true(v == 0.07);
	assert_int_equal(nv_config_number("0x0.8", &v), -1);
	assert_int_equal(nv_config_number("", &v), -1);
	nv_config c;
	nv_config_init(&c);
	nv_diag *d = nv_diag_new(0);
	assert_int_equal(nv_config_load(&c, DIR "long.ini", d), NV_OK);
	nv_diag_free(d);
	assert_true(c.w.psych == 0.35);
	assert_true(c.min_score > 0 && c.min_score < 1e-60);
	assert_true(c.form[0].mentee_age.lo == 10 && c.form[0].mentee_age.hi == 18);
	nv_config_done(&c);
}

/* A built-in form by its Russian title, as the outputs write it, in any
 * letter case, with any dash and spacing; English names stay exact. */
static void a_builtin_form_is_found_by_its_russian_title(void **state)
{
	(void)state;
	nv_config c;
	nv_config_init(&c);
	assert_int_equal(nv_config_form(&c, "student-student"), 0);
	assert_int_equal(nv_config_form(&c, "ученик – ученик"), 0);
	assert_int_equal(nv_config_form(&c, "«Ученик — ученик»"), 0);
	assert_int_equal(nv_config_form(&c, "ученик-ученик"), 0);
	assert_int_equal(nv_config_form(&c, "УЧИТЕЛЬ - УЧЕНИК"), 2);
	assert_int_equal(nv_config_form(&c, "работодатель – студент"), 5);
	assert_int_equal(nv_config_form(&c, "ученик – учитель"), -1);
	assert_int_equal(nv_config_form(&c, "Student-Student"), -1);
	assert_int_equal(nv_config_form(&c, "ученик"), -1);
	nv_config_done(&c);
}

/* The booleans take the participants file's Russian words too; a form's
 * name holds none of the forms column's separators. */
static void booleans_in_russian_and_separators_in_form_names(void **state)
{
	(void)state;
	write_file("b.ini", "[match]\none_form_per_mentor = Нет\n"
	                    "[form student-student]\nsame_org = ложь\n"
	                    "[form a,b]\nmentor_category = teacher\nmentee_category = teacher\n");
	nv_config c;
	nv_config_init(&c);
	nv_diag *d = nv_diag_new(0);
	assert_int_equal(nv_config_load(&c, path_in("b.ini"), d), NV_EDATA);
	assert_int_equal(nv_diag_errors(d), 1);
	char *want = nv_xasprintf("%s:5: form name 'a,b' must not hold '|', ',' or ';' (they "
	                          "separate names in the forms column)",
	                          path_in("b.ini"));
	assert_string_equal(nv_diag_error_at(d, 0), want);
	free(want);
	assert_int_equal(c.one_form_per_mentor, 0);
	assert_false(c.form[0].same_org);
	nv_config_done(&c);
	nv_diag_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(defaults_are_the_spec_ones),
	        cmocka_unit_test(a_builtin_section_changes_only_its_keys),
	        cmocka_unit_test(new_forms_follow_the_builtins_in_file_order),
	        cmocka_unit_test(every_problem_of_a_bad_file_is_reported_with_its_line),
	        cmocka_unit_test(weights_adding_up_to_zero_are_an_error),
	        cmocka_unit_test(keys_outside_sections_and_nameless_forms_are_errors),
	        cmocka_unit_test(a_form_name_in_other_letter_case_is_a_new_form_with_a_hint),
	        cmocka_unit_test(a_missing_file_is_an_error),
	        cmocka_unit_test(unknown_form_names_in_the_table_are_noted_once),
	        cmocka_unit_test(a_form_name_per_row_is_checked_in_one_pass),
	        cmocka_unit_test(huge_and_tiny_weights_score_by_their_shares),
	        cmocka_unit_test(lines_inih_would_misread_are_each_reported),
	        cmocka_unit_test(a_header_refused_for_its_bytes_takes_its_keys_with_it),
	        cmocka_unit_test(a_config_saved_in_windows_1251_reads_as_its_utf8),
	        cmocka_unit_test(a_file_larger_than_any_config_is_refused),
	        cmocka_unit_test(sections_and_keys_as_the_reader_sees_them),
	        cmocka_unit_test(numbers_of_any_length_are_read),
	        cmocka_unit_test(age_bounds_are_whole_years_and_a_repeat_shows_past_unknown_keys),
	        cmocka_unit_test(long_section_names_are_shown_cut_with_what_is_wrong),
	        cmocka_unit_test(a_builtin_form_is_found_by_its_russian_title),
	        cmocka_unit_test(booleans_in_russian_and_separators_in_form_names),
	};
	return cmocka_run_group_tests_name("config", tests, cli_setup,
	                                   cli_teardown);
}
