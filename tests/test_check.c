/* test_check.c (nastavnik check as a user runs it: the binary in NV_BIN,
 * its stdout, stderr and exit code) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base.h"

extern char **environ;

typedef struct {
	int code;
	char *out, *err;
} run_result;

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	size_t cap = 4096, len = 0, k;
	char *buf = malloc(cap);
	while ((k = fread(buf + len, 1, cap - len - 1, f)) > 0)
		if ((len += k) + 1 == cap)
			buf = realloc(buf, cap *= 2);
	buf[len] = '\0';
	fclose(f);
	return buf;
}

/* Runs $NV_BIN with args (NULL-terminated), capturing both streams. */
static run_result run(const char *first, ...)
{
	const char *bin = getenv("NV_BIN");
	if (!bin)
		bin = "build/nastavnik";
	const char *argv[16] = {bin};
	int argc = 1;
	va_list ap;
	va_start(ap, first);
	for (const char *a = first; a && argc < 15; a = va_arg(ap, const char *))
		argv[argc++] = a;
	va_end(ap);
	argv[argc] = NULL;
	char *out = nv_xasprintf("/tmp/nv-check-%ld.out", (long)getpid());
	char *err = nv_xasprintf("/tmp/nv-check-%ld.err", (long)getpid());
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	posix_spawn_file_actions_addopen(&fa, 2, err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	pid_t pid;
	int rc = posix_spawn(&pid, bin, &fa, NULL, (char *const *)argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0)
		fail_msg("cannot run %s", bin);
	int status;
	waitpid(pid, &status, 0);
	run_result r = {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status),
	                slurp(out), slurp(err)};
	unlink(out);
	unlink(err);
	free(out);
	free(err);
	return r;
}

static void done(run_result *r)
{
	free(r->out);
	free(r->err);
}

static void valid_file_prints_summary_and_exits_0(void **state)
{
	(void)state;
	run_result r = run("check", "tests/data/valid/utf8.csv", NULL);
	assert_int_equal(r.code, 0);
	assert_string_equal(r.err, "");
	assert_string_equal(
	        r.out,
	        "tests/data/valid/utf8.csv:1:note: note: unknown column, not read\n"
	        "\n"
	        "tests/data/valid/utf8.csv: 7 rows (UTF-8, comma-separated)\n"
	        "  valid                  6\n"
	        "  without consent        1\n"
	        "  invalid                0\n"
	        "\n"
	        "  category          mentors  mentees  capacity\n"
	        "  student                 1        1         1\n"
	        "  teacher                 1        1         2\n"
	        "  college_student         1        0         3\n"
	        "  employer                1        0         0\n"
	        "  total                   4        2         6\n"
	        "\n"
	        "  organisations: 3, districts: 2, mentors taking groups (capacity > 1): 2\n"
	        "  mentors with capacity 0, who take no mentee: 1\n"
	        "  capacity 6 is enough in number for the 2 mentees (forms and organisations "
	        "decide "
	        "who can pair: match says)\n"
	        "\n"
	        "tests/data/valid/utf8.csv: valid\n");
	done(&r);
}

static void bad_rows_are_listed_and_exit_2(void **state)
{
	(void)state;
	run_result r = run("check", "tests/data/bad/duplicate-id.csv", NULL);
	assert_int_equal(r.code, 2);
	assert_non_null(strstr(r.out,
		"tests/data/bad/duplicate-id.csv:4:id: duplicate id 's1' (first on line 2)\n"
		"tests/data/bad/duplicate-id.csv:5:id: duplicate id 's1' (first on line 2)\n"));
	assert_non_null(strstr(r.out, "  invalid                2\n"));
	assert_non_null(strstr(r.out, "  capacity 0 is short of the 2 mentees: at most 0 can be matched\n"));
	assert_non_null(strstr(r.out, "tests/data/bad/duplicate-id.csv: 2 problems: fix them and check again\n"));
	done(&r);
}

static void unreadable_file_has_no_summary(void **state)
{
	(void)state;
	run_result r = run("check", "tests/data/bad/missing-column.csv", NULL);
	assert_int_equal(r.code, 2);
	assert_string_equal(r.out, "tests/data/bad/missing-column.csv:1: missing required column "
	                           "'org' (or 'Организация')\n"
	                           "tests/data/bad/missing-column.csv:1: missing required column "
	                           "'consent' (or 'Согласие')\n"
	                           "\n"
	                           "tests/data/bad/missing-column.csv: 2 problems: fix them and "
	                           "check again\n");
	done(&r);
}

static void every_problem_is_listed_however_many(void **state)
{
	(void)state;
	char *path = nv_xasprintf("/tmp/nv-check-%ld.csv", (long)getpid());
	FILE *f = fopen(path, "w");
	fputs("id,role,category,org,consent,age\n", f);
	for (int i = 0; i < 150; i++)
		fprintf(f, "s%d,mentee,student,o,1,200\n", i);
	fclose(f);
	run_result r = run("check", path, NULL);
	assert_int_equal(r.code, 2);
	for (int line = 2; line <= 151; line++) {
		char *want = nv_xasprintf("%s:%d:age: '200' is out of range (0..120)\n", path, line);
		assert_non_null(strstr(r.out, want));
		free(want);
	}
	assert_null(strstr(r.out, "more problems"));
	assert_non_null(strstr(r.out, ": 150 problems: fix them and check again\n"));
	done(&r);
	unlink(path);
	free(path);
}

/* "1 row", "1 field": a single one is not plural; --config=FILE as the
 * other commands take it */
static void one_row_and_one_field_are_singular(void **state)
{
	(void)state;
	char *path = nv_xasprintf("/tmp/nv-check-one-%ld.csv", (long)getpid());
	FILE *f = fopen(path, "w");
	fputs("id,role,category,org,consent,age\ns1\n", f);
	fclose(f);
	run_result r = run("check", path, "--config=/dev/null", NULL);
	assert_int_equal(r.code, 2);
	char *want = nv_xasprintf("%s:2: 1 field, but the header has 6\n", path);
	if (!strstr(r.out, want))
		fail_msg("stdout lacks \"%s\":\n%s", want, r.out);
	free(want);
	want = nv_xasprintf("%s: 1 row (UTF-8, comma-separated)\n", path);
	if (!strstr(r.out, want))
		fail_msg("stdout lacks \"%s\":\n%s", want, r.out);
	free(want);
	/* no valid mentee: said so, not that capacity 0 is enough for 0 */
	assert_non_null(strstr(r.out, "  no valid mentee: there is no one to match\n"));
	assert_null(strstr(r.out, "is enough in number"));
	done(&r);
	f = fopen(path, "w");
	fputs("id,role,category,org,consent,age\ns1,mentee,student,o,1,12\n", f);
	fclose(f);
	r = run("check", path, NULL);
	assert_int_equal(r.code, 0);
	assert_non_null(strstr(r.out, "  capacity 0 is short of the 1 mentee: at most 0 can be matched\n"));
	done(&r);
	unlink(path);
	free(path);
}

static void forced_encoding_is_obeyed(void **state)
{
	(void)state;
	run_result r = run("check", "--encoding", "utf-8",
	                   "tests/data/valid/cp1251-semicolon-crlf.csv", NULL);
	assert_int_equal(r.code, 2);
	assert_non_null(strstr(r.out, "tests/data/valid/cp1251-semicolon-crlf.csv:2:ROLE: "
	                              "invalid UTF-8 at byte 1 of the field\n"));
	done(&r);
	r = run("check", "--encoding=cp1251", "tests/data/valid/cp1251-semicolon-crlf.csv", NULL);
	assert_int_equal(r.code, 0);
	assert_non_null(strstr(r.out, "(Windows-1251, semicolon-separated)"));
	done(&r);
}

static void unknown_form_names_are_notes_and_a_config_can_add_them(void **state)
{
	(void)state;
	char *csv = nv_xasprintf("/tmp/nv-check-%ld-forms.csv", (long)getpid());
	char *ini = nv_xasprintf("/tmp/nv-check-%ld.ini", (long)getpid());
	FILE *f = fopen(csv, "w");
	fputs("id,role,category,org,consent,experience_years,forms\n"
	      "t1,mentor,teacher,o,1,10,teacher-teacher|club\n"
	      "t2,mentee,teacher,o,1,1,club\n", f);
	fclose(f);
	run_result r = run("check", csv, NULL);
	assert_int_equal(r.code, 0);
	char *note = nv_xasprintf("%s:2:forms: note: no form is named 'club'; nobody is paired in it\n", csv);
	assert_non_null(strstr(r.out, note));
	done(&r);

	f = fopen(ini, "w");
	fputs("[form club]\nmentor_category = teacher\nmentee_category = teacher\nsame_org = yes\n", f);
	fclose(f);
	r = run("check", csv, "-c", ini, NULL);
	assert_int_equal(r.code, 0);
	assert_null(strstr(r.out, "no form is named"));
	done(&r);

	r = run("check", csv, "-c", "/nonexistent/x.ini", NULL);
	assert_int_equal(r.code, 2);
	done(&r);
	unlink(csv);
	unlink(ini);
	free(note);
	free(csv);
	free(ini);
}

/* A header of 15 unknown names and 100,000 empty cells, and 12 names in
 * forms no form has: ten notes of the unknown names and forms, then one
 * line counting the rest (not one line per column); the empty cells in
 * one note, as a range. */
static void repeated_notes_show_ten_and_count_the_rest(void **state)
{
	(void)state;
	enum { EMPTY = 100000, UNKNOWN = 15, FORMS = 12 };
	char *csv = nv_xasprintf("/tmp/nv-check-%ld-wide.csv", (long)getpid());
	FILE *f = fopen(csv, "w");
	assert_non_null(f);
	fputs("id,role,category,org,consent,experience_years,forms", f);
	for (int j = 0; j < UNKNOWN; j++)
		fprintf(f, ",u%d", j);
	for (int j = 0; j < EMPTY; j++)
		fputc(',', f);
	for (int i = 0; i < FORMS; i++) {
		fprintf(f, "\nt%d,%s,teacher,o,1,%d,f%d", i, i % 2 ? "mentee" : "mentor",
		        i % 2 ? 1 : 10, i);
		for (int j = 0; j < UNKNOWN + EMPTY; j++)
			fputc(',', f);
	}
	fputc('\n', f);
	fclose(f);
	run_result r = run("check", csv, NULL);
	assert_int_equal(r.code, 0);
	/* the notes, in order, then the summary */
	size_t cap = 1 << 14, n = 0;
	char *want = malloc(cap);
	assert_non_null(want);
	for (int j = 0; j < 10; j++)
		n += (size_t)snprintf(want + n, cap - n,
		                      "%s:1:u%d: note: unknown column, not read\n", csv, j);
	n += (size_t)snprintf(want + n, cap - n,
	                      "%s:1: note: columns %d-%d have no name, not used\n"
	                      "%s:1: note: ... and %d more unknown columns, not read\n",
	                      csv, 7 + UNKNOWN + 1, 7 + UNKNOWN + EMPTY, csv, UNKNOWN - 10);
	for (int i = 0; i < 10; i++)
		n += (size_t)snprintf(want + n, cap - n,
		                      "%s:%d:forms: note: no form is named 'f%d'; nobody is paired in it\n",
		                      csv, i + 2, i);
	n += (size_t)snprintf(want + n, cap - n,
	                      "%s: note: ... and %d more names in forms that no form has; nobody "
	                      "is paired in them\n\n%s: %d rows",
	                      csv, FORMS - 10, csv, FORMS);
	assert_true(n < cap);
	if (strncmp(r.out, want, n))
		fail_msg("stdout begins\n%.*s\nwanted\n%s", (int)n + 200, r.out, want);
	done(&r);
	free(want);
	unlink(csv);
	free(csv);
}

/* Header names are quoted as written, but a quoted newline, ESC or DEL in
 * one would split or garble the FILE:LINE:COLUMN line: each shows as '?',
 * in the column and in the message alike. */
static void control_bytes_in_header_names_stay_on_one_line(void **state)
{
	(void)state;
	char *csv = nv_xasprintf("/tmp/nv-check-%ld-ctl.csv", (long)getpid());
	FILE *f = fopen(csv, "w");
	assert_non_null(f);
	fputs("id,role,category,org,consent,age,\"x\ny\x1b\x7f\",\"psych_a\x01\",\"PSYCH_A\x01\"\n"
	      "m1,mentor,student,o,1,16,1,2,3\n"
	      "e1,mentee,student,o,1,12,1,zz,3\n", f);
	fclose(f);
	run_result r = run("check", csv, NULL);
	assert_int_equal(r.code, 2);
	char *want =
	        nv_xasprintf("%s:1:x?y??: note: unknown column, not read\n"
	                     "%s:1:PSYCH_A?: duplicate column (first is column 8, 'psych_a?')\n"
	                     "\n%s: 1 problem: fix it and check again\n",
	                     csv, csv, csv);
	if (strcmp(r.out, want))
		fail_msg("stdout is\n%s\nwanted\n%s", r.out, want);
	free(want);
	done(&r);
	unlink(csv);
	free(csv);
}

static void usage_errors_exit_1(void **state)
{
	(void)state;
	run_result r = run("check", NULL);
	assert_int_equal(r.code, 1);
	assert_string_equal(r.out, "");
	assert_string_equal(r.err, "nastavnik check: missing the participants file (see 'nastavnik check --help')\n");
	done(&r);
	r = run("check", "--encoding", "koi8", "x.csv", NULL);
	assert_int_equal(r.code, 1);
	assert_string_equal(r.err, "nastavnik check: unknown encoding 'koi8' (utf-8, cp1251) (see 'nastavnik check --help')\n");
	done(&r);
	r = run("check", "--frobnicate", "x.csv", NULL);
	assert_int_equal(r.code, 1);
	done(&r);
	r = run("check", "a.csv", "b.csv", NULL);
	assert_int_equal(r.code, 1);
	assert_string_equal(r.err, "nastavnik check: one participants file only ('a.csv' and 'b.csv') (see 'nastavnik check --help')\n");
	done(&r);
	/* the last argument: its value is not looked for past its end */
	r = run("check", "x.csv", "-c", NULL);
	assert_int_equal(r.code, 1);
	assert_string_equal(r.err, "nastavnik check: option '-c' needs a value (see 'nastavnik check --help')\n");
	done(&r);
}

static void help_explains_the_columns(void **state)
{
	(void)state;
	run_result r = run("check", "--help", NULL);
	assert_int_equal(r.code, 0);
	assert_non_null(strstr(r.out, "usage: nastavnik check PARTICIPANTS"));
	assert_non_null(strstr(r.out, "  need_<area>"));
	assert_non_null(strstr(r.out, "  consent "));
	done(&r);
}

/* text with each '@' replaced by path; malloc'd */
static char *with_path(const char *text, const char *path)
{
	size_t n = strlen(text) + 1;
	for (const char *p = text; *p; p++)
		n += *p == '@' ? strlen(path) : 0;
	char *out = nv_xmalloc(n), *o = out;
	for (const char *p = text; *p; p++)
		if (*p == '@') {
			memcpy(o, path, strlen(path));
			o += strlen(path);
		} else
			*o++ = *p;
	*o = 0;
	return out;
}

/* --lang ru: the problems, notes, summary and last line in Russian,
 * Cyrillic columns aligned; the same problems as in English */
static void the_report_speaks_russian_with_lang_ru(void **state)
{
	(void)state;
	char *path = nv_xasprintf("/tmp/nv-check-ru-%ld.csv", (long)getpid());
	FILE *f = fopen(path, "w");
	fputs("Код;Роль участника;Категория;Школа;Согласие на обработку ПД;Возраст, лет;"
	      "Стаж работы;Мест;Заметки\n"
	      "t1;наставник;учитель;СОШ 5;да;;10;2;\n"
	      "t2;наставник;учитель;сош 5;да;;12;0;\n"
	      "s1;наставляемый;ученик;СОШ 5;да;15 лет;;;\n"
	      "s2;наставляемый;ученик;СОШ 5;;12;;;\n"
	      "s3;наставляемый;ученик;СОШ 5;да;12;;;\n",
	      f);
	fclose(f);
	run_result r = run("check", path, "--lang", "ru", NULL);
	assert_int_equal(r.code, 2);
	char *want =
	        with_path("@:1:Заметки: замечание: неизвестный столбец, не читается\n"
	                  "@:3:Школа: замечание: «сош 5» отличается от «СОШ 5» (строка 2) только "
	                  "регистром букв или пробелами: это две разные организации\n"
	                  "@:4:Возраст, лет: «15 лет» — не число\n"
	                  "@:5:Согласие на обработку ПД: нет значения\n"
	                  "\n"
	                  "@: строк: 5 (UTF-8, разделитель — точка с запятой)\n"
	                  "  без ошибок             3\n"
	                  "  без согласия           0\n"
	                  "  с ошибками             2\n"
	                  "\n"
	                  "  категория         наставники  наставляемые    мест\n"
	                  "  ученик                     0             1       0\n"
	                  "  учитель                    2             0       2\n"
	                  "  студент                    0             0       0\n"
	                  "  работодатель               0             0       0\n"
	                  "  всего                      2             1       2\n"
	                  "\n"
	                  "  организаций: 2, районов: 1, наставников групп (мест больше 1): 1\n"
	                  "  наставников без мест (0), им никого не подобрать: 1\n"
	                  "  мест (2) по числу хватает на наставляемых (1); кто с кем может быть в "
	                  "паре, "
	                  "решают формы и организации: это покажет match\n"
	                  "\n"
	                  "@: ошибок: 2 — исправьте и проверьте снова\n",
	                  path);
	assert_string_equal(r.out, want);
	done(&r);
	/* a Russian locale without --lang: Russian too */
	setenv("LANG", "ru_RU.UTF-8", 1);
	r = run("check", path, NULL);
	unsetenv("LANG");
	assert_int_equal(r.code, 2);
	assert_string_equal(r.out, want);
	done(&r);
	free(want);
	/* the same file in English: the same lines, other words */
	r = run("check", path, "--lang=en", NULL);
	assert_int_equal(r.code, 2);
	want = nv_xasprintf("%s:4:Возраст, лет: '15 лет' is not a number\n", path);
	assert_non_null(strstr(r.out, want));
	free(want);
	assert_non_null(strstr(r.out, ": 2 problems: fix them and check again\n"));
	done(&r);
	/* a file-level problem: the cells it quotes in «» */
	f = fopen(path, "w");
	fputs("forbid;T1;U\n", f);
	fclose(f);
	r = run("check", path, "--lang", "ru", NULL);
	assert_int_equal(r.code, 2);
	want = with_path("@:1: нет заголовка: первая строка должна называть столбцы (id, role, "
	                 "category, org, consent, ... или Код, Роль, Категория, Организация, "
	                 "Согласие, ...), а в ней «forbid», «T1», «U»\n"
	                 "\n"
	                 "@: ошибок: 1 — исправьте и проверьте снова\n",
	                 path);
	assert_string_equal(r.out, want);
	free(want);
	done(&r);
	unlink(path);
	free(path);
}

int main(void)
{
	/* English by default whatever the locale the tests run under */
	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	unsetenv("LANG");
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(valid_file_prints_summary_and_exits_0),
	        cmocka_unit_test(bad_rows_are_listed_and_exit_2),
	        cmocka_unit_test(unreadable_file_has_no_summary),
	        cmocka_unit_test(every_problem_is_listed_however_many),
	        cmocka_unit_test(one_row_and_one_field_are_singular),
	        cmocka_unit_test(forced_encoding_is_obeyed),
	        cmocka_unit_test(unknown_form_names_are_notes_and_a_config_can_add_them),
	        cmocka_unit_test(repeated_notes_show_ten_and_count_the_rest),
	        cmocka_unit_test(control_bytes_in_header_names_stay_on_one_line),
	        cmocka_unit_test(usage_errors_exit_1),
	        cmocka_unit_test(help_explains_the_columns),
	        cmocka_unit_test(the_report_speaks_russian_with_lang_ru),
	};
	return cmocka_run_group_tests_name("check", tests, NULL, NULL);
}
