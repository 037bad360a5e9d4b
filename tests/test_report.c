/* test_report.c (report.html: the same numbers as summary.json, pairs.csv
 * and unmatched.csv, well formed, every config text escaped, no names
 * whatever --with-names says, in the run's language) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>

#include "cli_dir.h"

#define SMALL "tests/data/match/small.csv"
#define DISTRICT "data/samples/district.csv"

/* The number after the first prefix in text (what names it for failures). */
static long number_after(const char *text, const char *prefix, const char *what)
{
	const char *s = strstr(text, prefix);
	if (!s)
		fail_msg("%s lacks %s", what, prefix);
	return strtol(s + strlen(prefix), NULL, 10);
}

/* The number after "key": in a summary.json text (its first occurrence). */
static long json_count(const char *json, const char *key)
{
	char want[128];
	snprintf(want, sizeof want, "\"%s\": ", key);
	return number_after(json, want, "summary.json");
}

/* The number of the report's cell data-key="key". */
static long report_count(const char *html, const char *key)
{
	char want[128];
	snprintf(want, sizeof want, "data-key=\"%s\">", key);
	return number_after(html, want, "report.html");
}

/* The value a chart gives label: "<title>label: N</title>" inside the
 * element with id (its first such title), or -1. */
static long chart_value(const char *html, const char *id, const char *label)
{
	char want[256];
	snprintf(want, sizeof want, "id=\"%s\"", id);
	const char *s = strstr(html, want), *end = s ? strstr(s, "</svg>") : NULL;
	if (!s || !end)
		fail_msg("report.html lacks the chart %s", id);
	snprintf(want, sizeof want, "<title>%s: ", label);
	const char *t = strstr(s, want);
	if (!t || t > end)
		return -1;
	return strtol(t + strlen(want), NULL, 10);
}

/* Every element the report opens is closed in order (the void ones
 * aside), and nothing is closed that was not open: 1 when well formed. */
static int well_formed(const char *html)
{
	static const char *voids[] = {"meta", "br", "!DOCTYPE"};
	char stack[64][16];
	int depth = 0;
	for (const char *s = strchr(html, '<'); s; s = strchr(s + 1, '<')) {
		int close = s[1] == '/';
		const char *n = s + 1 + close;
		char name[16];
		size_t k = 0;
		while ((isalnum((unsigned char)n[k]) || n[k] == '!') && k < sizeof name - 1) {
			name[k] = n[k];
			k++;
		}
		name[k] = 0;
		if (!k)
			return 0; /* a bare '<' in text: not escaped */
		const char *gt = strchr(n, '>');
		if (!gt)
			return 0;
		int is_void = gt[-1] == '/';
		for (size_t v = 0; v < sizeof voids / sizeof *voids; v++)
			is_void |= !strcmp(name, voids[v]);
		if (close) {
			if (!depth || strcmp(stack[depth - 1], name))
				return 0;
			depth--;
		} else if (!is_void) {
			if (depth == 64)
				return 0;
			snprintf(stack[depth++], sizeof stack[0], "%s", name);
		}
	}
	return depth == 0;
}

static void report_numbers_are_the_outputs_numbers(void **state)
{
	(void)state;
	assert_int_equal(nv("match %s -o %s -q --lang en", DISTRICT, path_in("d")), 0);
	char *html = file("d/report.html"), *json = file("d/summary.json");
	assert_non_null(html);
	assert_non_null(json);
	const char *keys[] = {"mentees", "matched_mentees", "mentors",    "groups",
	                      "pairs",   "fixed_pairs",     "no_consent", "invalid_rows"};
	for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
		assert_int_equal(report_count(html, keys[k]), json_count(json, keys[k]));
	assert_true(report_count(html, "pairs") > 20);

	/* pairs per form and the score histogram, from pairs.csv */
	ref_csv *p = ref_csv_read(path_in("d/pairs.csv"));
	assert_non_null(p);
	const char *forms[] = {"student-student", "teacher-teacher",  "teacher-student",
	                       "college-student", "employer-student", "employer-college"};
	long per_form[6] = {0}, bin[10] = {0};
	for (int i = 1; i < p->rows; i++) {
		for (int f = 0; f < 6; f++)
			per_form[f] += !strcmp(p->cell[i][3], forms[f]);
		long micro = lround(strtod(p->cell[i][4], NULL) * 1e6);
		bin[micro >= 1000000 ? 9 : micro / 100000]++;
	}
	int used = 0;
	for (int f = 0; f < 6; f++) {
		assert_int_equal(chart_value(html, "forms-chart", forms[f]), per_form[f]);
		used += per_form[f] > 0;
	}
	assert_true(used >= 4); /* the sample uses most forms */
	long total = 0;
	for (int b = 0; b < 10; b++) {
		char label[32];
		snprintf(label, sizeof label, "%.1f–%.1f", b / 10.0, (b + 1) / 10.0);
		assert_int_equal(chart_value(html, "scores-chart", label), bin[b]);
		total += bin[b];
	}
	assert_int_equal(total, p->rows - 1);
	ref_csv_free(p);

	/* who is left and why, from unmatched.csv */
	ref_csv *u = ref_csv_read(path_in("d/unmatched.csv"));
	assert_non_null(u);
	const char *codes[] = {"no_consent",      "invalid_row",    "no_eligible_partner",
	                       "below_min_score", "capacity_taken", "quota",
	                       "forbidden"};
	for (int c = 0; c < 7; c++) {
		long n = 0;
		for (int i = 1; i < u->rows; i++)
			n += !strcmp(u->cell[i][2], codes[c]);
		long shown = chart_value(html, "unmatched-chart", codes[c]);
		assert_int_equal(shown < 0 ? 0 : shown, n);
	}
	assert_true(u->rows > 4);
	ref_csv_free(u);
	assert_non_null(strstr(html, "id=\"proven\""));
	/* every stage of summary.json's timings, writing too, to 3 decimals */
	const char *stages[][2] = {{"load", "reading"},   {"features", "features"},
	                           {"score", "scoring"},  {"solve", "solving"},
	                           {"reasons", "reasons"}, {"write", "writing"}};
	for (int k = 0; k < 6; k++) {
		char key[32], want[64];
		snprintf(key, sizeof key, "\"%s\": ", stages[k][0]);
		const char *at = strstr(strstr(json, "\"timings\""), key);
		assert_non_null(at);
		snprintf(want, sizeof want, ", %s ", stages[k][1]);
		const char *label = k ? want : want + 2;
		const char *in = strstr(strstr(html, "Seconds by stage: "), label);
		if (!in)
			fail_msg("report.html lacks the stage '%s'", stages[k][1]);
		/* the same seconds, rounded to 3 decimals from the 6 of the json */
		double shown = strtod(in + strlen(label), NULL);
		assert_true(fabs(shown - strtod(at + strlen(key), NULL)) < 0.0006);
	}
	assert_true(well_formed(html));
	free(html);
	free(json);
}

static void report_escapes_config_text_and_shows_no_names(void **state)
{
	(void)state;
	write_file("x.ini", "[form mix<b>&\"x']\nmentor_category = teacher\n"
	                    "mentee_category = teacher\nmin_pairs = 0\n");
	assert_int_equal(nv("match %s -c %s -o %s -q --lang en --with-names", SMALL,
	                    path_in("x.ini"), path_in("x")),
	                 0);
	char *html = file("x/report.html");
	assert_non_null(html);
	assert_non_null(strstr(html, "mix&lt;b&gt;&amp;&quot;x&#39;"));
	assert_null(strstr(html, "mix<b>"));
	assert_true(well_formed(html));
	/* pairs.csv has the names (--with-names); the report none */
	char *pairs = file("x/pairs.csv");
	assert_non_null(strstr(pairs, "Иван"));
	free(pairs);
	const char *names[] = {"Иван", "Пётр", "Анна", "Оля", "Коля",
	                       "Маша", "Саша", "Дима", "Юля"};
	for (size_t k = 0; k < sizeof names / sizeof *names; k++)
		if (strstr(html, names[k]))
			fail_msg("report.html leaks the name %s", names[k]);
	/* the new form's quota and the config file by name */
	assert_non_null(strstr(html, "<td>x.ini</td>"));
	free(html);
	/* the checker itself: it catches a bare '<' and a misnested close */
	assert_false(well_formed("<p>a < b</p>"));
	assert_false(well_formed("<p><b>x</p></b>"));
	assert_true(well_formed("<p><b>x</b><rect x=\"1\"/></p>"));
}

static void report_speaks_the_run_language_and_says_when_unproven(void **state)
{
	(void)state;
	assert_int_equal(nv("match %s -o %s -q --lang ru", SMALL, path_in("ru")), 0);
	char *html = file("ru/report.html");
	assert_non_null(strstr(html, "<html lang=\"ru\">"));
	assert_non_null(strstr(html, "Форма отчёта муниципалитета"));
	assert_non_null(strstr(html, "Число учащихся в возрасте от 10 до 18 лет"));
	assert_non_null(strstr(html, "«ученик – ученик»"));
	assert_null(strstr(html, "In brief"));
	/* numbers with the decimal comma a Russian reader writes */
	assert_non_null(strstr(html, "психологическая совместимость 0,35;"));
	assert_non_null(strstr(html, ">0,9–1,0</text>"));
	assert_null(strstr(html, ">0.9–1.0</text>"));
	free(html);
	assert_int_equal(nv("match %s -o %s -q --lang en", SMALL, path_in("en")), 0);
	html = file("en/report.html");
	assert_non_null(strstr(html, "<html lang=\"en\">"));
	assert_non_null(strstr(html, "students aged 10-18 in the programme as mentees"));
	assert_null(strstr(html, "Коротко"));
	free(html);

	/* past the time limit: unproven, with summary.json's gap */
	assert_int_equal(nv("generate --scale school --seed 7 -o %s", path_in("sc7.csv")), 0);
	assert_int_equal(nv("match %s -o %s -q --lang en --time-limit 0.000001", path_in("sc7.csv"),
	                    path_in("tl")),
	                 0);
	char *json = file("tl/summary.json");
	html = file("tl/report.html");
	assert_non_null(strstr(json, "\"proven\": false"));
	assert_null(strstr(html, "id=\"proven\""));
	const char *g = strstr(json, "\"gap\": ");
	assert_non_null(g);
	g += strlen("\"gap\": ");
	char want[128];
	if (!strncmp(g, "null", 4)) {
		long k = json_count(json, "gap_pairs");
		snprintf(want, sizeof want, "may match up to %ld more mentee%s", k,
		         k == 1 ? "" : "s");
	} else {
		int n = (int)strcspn(g, ",");
		snprintf(want, sizeof want, "at most %.*s below the optimum", n, g);
	}
	if (!strstr(html, want))
		fail_msg("report.html lacks \"%s\"", want);
	assert_true(well_formed(html));
	free(json);
	free(html);
	/* maximin: the gap says nothing of the threshold, and the report says so */
	assert_int_equal(nv("match %s -o %s -q --lang en --time-limit 0.000001 --objective maximin",
	                    path_in("sc7.csv"), path_in("tlm")),
	                 0);
	html = file("tlm/report.html");
	assert_non_null(strstr(html,
	                       "Under maximin the gap bounds the count and the total only; "
	                       "the smallest pair score is not proven the largest possible."));
	assert_null(strstr(html, "at most 0.000000 below"));
	free(html);
	/* maximin's own value (fixed pairs left out), as summary.json has it:
	 * m1-e1 is fixed at 0.175, the threshold m2-e2 keeps is 0.425 */
	write_file("mx.csv", "id,role,category,org,consent,age,subjects\n"
	                     "m1,mentor,student,o,1,16,a\n"
	                     "m2,mentor,student,o,1,16,b\n"
	                     "e1,mentee,student,o,1,12,b\n"
	                     "e2,mentee,student,o,1,12,b\n");
	write_file("mx-c.csv", "fix,m1,e1\n");
	assert_int_equal(nv("match %s -o %s -q --lang en --objective maximin --constraints %s",
	                    path_in("mx.csv"), path_in("mx"), path_in("mx-c.csv")),
	                 0);
	json = file("mx/summary.json");
	html = file("mx/report.html");
	const char *v = strstr(json, "\"value\": ");
	assert_non_null(v);
	v += strlen("\"value\": ");
	snprintf(want, sizeof want, "the pairs fixed by the curator left out: %.*s.</p>",
	         (int)strcspn(v, "\n"), v);
	if (!strstr(html, want))
		fail_msg("report.html lacks \"%s\"", want);
	assert_null(strstr(want, ": 0.175000.")); /* not the fixed pair's own score */
	free(json);
	free(html);

	/* rows whose role cannot be read are counted too, so the counts add
	 * up to the rows and to unmatched.csv's lines */
	write_file("inv.csv", "id,role,category,org,consent,age\n"
	                      "m1,mentor,student,a,1,16\n"
	                      "e1,mentee,student,a,1,12\n"
	                      "x1,boss,student,a,1,12\n"
	                      "x2,,student,a,1,12\n"
	                      "e2,mentee,student,a,1,abc\n");
	assert_int_equal(nv("match %s -o %s -q --lang en --skip-invalid", path_in("inv.csv"),
	                    path_in("inv")),
	                 0);
	json = file("inv/summary.json");
	html = file("inv/report.html");
	assert_int_equal(json_count(json, "rows_without_role"), 2);
	assert_int_equal(json_count(json, "rows"), json_count(json, "mentors") +
	                                               json_count(json, "mentees") +
	                                               json_count(json, "rows_without_role"));
	ref_csv *u = ref_csv_read(path_in("inv/unmatched.csv"));
	assert_int_equal(u->rows - 1, json_count(json, "unmatched_mentees") +
	                                  json_count(json, "unmatched_mentors") +
	                                  json_count(json, "rows_without_role"));
	ref_csv_free(u);
	assert_int_equal(report_count(html, "rows_without_role"), 2);
	free(json);
	free(html);

	/* Russian numerals: "из 1 наставляемого"; no share of nobody */
	write_file("one.csv", "id,role,category,org,consent,age\n"
	                      "m1,mentor,student,o,1,16\n"
	                      "e1,mentee,student,o,1,12\n");
	assert_int_equal(nv("match %s -o %s -q --lang ru", path_in("one.csv"), path_in("one")), 0);
	html = file("one/report.html");
	assert_non_null(strstr(html, "С наставником: 1 из 1 наставляемого (100,0 %)"));
	free(html);
	write_file("none.csv", "id,role,category,org,consent,age\n"
	                       "m1,mentor,student,o,1,16\n");
	assert_int_equal(nv("match %s -o %s -q --lang en", path_in("none.csv"), path_in("none")),
	                 0);
	html = file("none/report.html");
	assert_non_null(strstr(html, "0 of 0 mentees have a mentor</strong>"));
	free(html);
}

/* What a run's records hold as given: a file name that is not UTF-8
 * (from a Windows archive) keeps summary.json JSON, which explain reads
 * back to the file, and report.html UTF-8; config values in all their
 * digits; no smallest score where there is none. */
static void names_values_and_absent_scores_are_written_as_they_are(void **state)
{
	(void)state;
	char *odd = strdup(path_in("uch\xe5\xed\xe8.csv")); /* cp1251 bytes */
	FILE *f = fopen(odd, "w");
	assert_non_null(f);
	fputs("id,role,category,org,age,experience_years,consent,subjects\n"
	      "t1,mentor,teacher,o1,,10,1,math\ns1,mentee,student,o1,12,,1,math\n"
	      "s2,mentee,student,o1,12,,1,art\n",
	      f);
	fclose(f);
	write_file("prec.ini", "[match]\nmin_score = 0.0000004\n[weights]\npsych = 0.1234567\n");
	write_file("fix.csv", "fix,t1,s2\n");
	assert_int_equal(nv("match '%s' -o %s -c %s --constraints %s --objective maximin -q "
	                    "--lang en",
	                    odd, path_in("o"), path_in("prec.ini"), path_in("fix.csv")),
	                 0);
	assert_file_has("o/summary.json", "uch\\udce5\\udced\\udce8.csv\"");
	assert_file_has("o/summary.json", "\"psych\": 0.1234567,");
	assert_file_has("o/summary.json", "\"min_score\": 4e-07,");
	assert_file_has("o/summary.json", "\"mentee_age\": \"10-18\"");
	/* one pair, fixed: maximin leaves it out, so no value */
	assert_file_has("o/summary.json", "\"matched\": 1,");
	assert_file_has("o/summary.json", "\"min_pair_score\": 0.079808,\n    \"value\": null\n");
	char *html = file("o/report.html");
	assert_non_null(strstr(html, "uch\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd.csv"));
	assert_null(strstr(html, "id=\"maximin\""));
	assert_non_null(strstr(html, "psychological profile 0.1234567;"));
	free(html);
	/* read back: explain finds the file by the name summary.json keeps */
	assert_int_equal(nv("explain %s s1 -q --lang en", path_in("o")), 0);
	assert_file_has("stdout", "s1: not matched (capacity_taken)");
	free(odd);
	/* nobody consented: no pair, no smallest score */
	write_file("none.csv", "id,role,category,org,age,experience_years,consent\n"
	                       "m1,mentor,teacher,o1,,10,0\ne1,mentee,student,o1,12,,0\n");
	assert_int_equal(nv("match %s -o %s --objective maximin -q", path_in("none.csv"),
	                    path_in("n")),
	                 0);
	assert_file_has("n/summary.json", "\"min_pair_score\": null,\n    \"value\": null\n");
}

/* The reporting form's rows per institution: an enterprise whose mentor
 * has a mentee in two schools counts in both; a school whose one row has
 * no consent, and the enterprise, are not institutions. */
static void report_counts_the_form_per_institution(void **state)
{
	(void)state;
	write_file("r.csv", "id,role,category,org,district,age,capacity,consent\n"
	                    "w1,mentor,employer,E1,D,40,2,yes\n"
	                    "s1,mentor,student,S<1>,D,16,1,yes\n"
	                    "a,mentee,student,S<1>,D,12,,yes\n"
	                    "b,mentee,student,S<1>,D,15,,yes\n"
	                    "c,mentee,student,S2,D,15,,yes\n"
	                    "d,mentee,student,S3,D,15,,no\n");
	assert_int_equal(nv("match %s -o %s -q --lang en", path_in("r.csv"), path_in("r")), 0);
	char *html = file("r/report.html");
	const char *t = strstr(html, "<table id=\"institutions\">");
	assert_non_null(t);
	const char *end = strstr(t, "</table>");
	assert_non_null(end);
	char *table = strndup(t, (size_t)(end - t));
	static const char *const want[] =
	        {"<tr><th>institution</th><th>mentees aged 10–18</th><th>mentors aged "
	         "15–18</th><th>young teachers</th><th>enterprises</th></tr>\n",
	         "<tr><td>S&lt;1&gt;</td><td class=\"num\">2</td><td class=\"num\">1</td><td "
	         "class=\"num\">0</td><td class=\"num\">1</td></tr>\n",
	         "<tr><td>S2</td><td class=\"num\">1</td><td class=\"num\">0</td><td "
	         "class=\"num\">0</td><td class=\"num\">1</td></tr>\n"};
	size_t at = strlen("<table id=\"institutions\">\n");
	for (size_t k = 0; k < sizeof want / sizeof *want; k++) {
		if (strncmp(table + at, want[k], strlen(want[k])))
			fail_msg("institutions row %zu: '%s', want '%s'", k, table + at, want[k]);
		at += strlen(want[k]);
	}
	assert_int_equal(strlen(table), at); /* no S3, no E1 */
	free(table);
	free(html);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(report_numbers_are_the_outputs_numbers),
	        cmocka_unit_test(report_escapes_config_text_and_shows_no_names),
	        cmocka_unit_test(report_speaks_the_run_language_and_says_when_unproven),
	        cmocka_unit_test(names_values_and_absent_scores_are_written_as_they_are),
	        cmocka_unit_test(report_counts_the_form_per_institution),
	};
	return cmocka_run_group_tests_name("report", tests, cli_setup, cli_teardown);
}
