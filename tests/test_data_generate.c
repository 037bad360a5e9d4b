/* test_data_generate.c (nv_generate: determinism, sizes, the survey shares,
 * a file the reader takes without a problem, and constraints that name
 * generated, eligible pairs) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"

typedef struct gen {
	char *p, *c; /* participants, constraints (NULL when not asked) */
	size_t np, nc;
} gen;

static gen run(nv_scale scale, uint64_t seed, int with_constraints)
{
	gen g = {0};
	FILE *fp = open_memstream(&g.p, &g.np);
	FILE *fc = with_constraints ? open_memstream(&g.c, &g.nc) : NULL;
	assert_non_null(fp);
	nv_gen_params p;
	nv_gen_params_init(&p);
	p.scale = scale;
	p.seed = seed;
	assert_int_equal(nv_generate(&p, fp, fc), NV_OK);
	fclose(fp);
	if (fc)
		fclose(fc);
	return g;
}

static void gen_free(gen *g)
{
	free(g->p);
	free(g->c);
}

/* --- a small independent reader of what the generator writes: no quotes,
 * comma-separated, a header naming the columns. --------------------------- */
enum { MAXCOL = 40 };
typedef struct row {
	char *f[MAXCOL];
} row;
typedef struct sheet {
	char *buf;
	size_t ncol, n;
	char *head[MAXCOL];
	row *r;
} sheet;

static size_t split(char *line, char **f)
{
	size_t n = 0;
	f[n++] = line;
	for (char *s = line; *s; s++)
		if (*s == ',') {
			*s = 0;
			assert_true(n < MAXCOL);
			f[n++] = s + 1;
		}
	return n;
}

static sheet sheet_parse(const char *bytes, size_t len)
{
	sheet s = {0};
	s.buf = malloc(len + 1);
	memcpy(s.buf, bytes, len);
	s.buf[len] = 0;
	assert_null(strchr(s.buf, '"'));
	size_t lines = 0;
	for (size_t i = 0; i < len; i++)
		lines += s.buf[i] == '\n';
	assert_true(len > 0 && s.buf[len - 1] == '\n');
	s.r = calloc(lines, sizeof *s.r);
	char *line = s.buf;
	for (size_t l = 0; l < lines; l++) {
		char *nl = strchr(line, '\n');
		*nl = 0;
		if (l == 0) {
			s.ncol = split(line, s.head);
		} else {
			assert_int_equal(split(line, s.r[s.n].f), s.ncol);
			s.n++;
		}
		line = nl + 1;
	}
	return s;
}

static void sheet_free(sheet *s)
{
	free(s->buf);
	free(s->r);
}

static int col(const sheet *s, const char *name)
{
	for (size_t c = 0; c < s->ncol; c++)
		if (!strcmp(s->head[c], name))
			return (int)c;
	fail_msg("no column %s", name);
	return -1;
}

static const char *cell(const sheet *s, size_t r, const char *name)
{
	return s->r[r].f[col(s, name)];
}

static int consents(const char *v)
{
	if (!strcmp(v, "1") || !strcmp(v, "yes") || !strcmp(v, "да"))
		return 1;
	if (!strcmp(v, "0") || !strcmp(v, "no") || !strcmp(v, "нет"))
		return 0;
	fail_msg("consent '%s'", v);
	return -1;
}

static int is_young_teacher(const sheet *s, size_t r)
{
	return !strcmp(cell(s, r, "category"), "teacher") &&
	       atof(cell(s, r, "experience_years")) <= 3.0;
}

/* --- determinism --------------------------------------------------------- */
static void test_same_seed_gives_the_same_bytes(void **state)
{
	(void)state;
	for (nv_scale sc = NV_SCALE_TINY; sc <= NV_SCALE_DISTRICT; sc++) {
		gen a = run(sc, 42, 1), b = run(sc, 42, 1);
		assert_int_equal(a.np, b.np);
		assert_memory_equal(a.p, b.p, a.np);
		assert_int_equal(a.nc, b.nc);
		assert_memory_equal(a.c, b.c, a.nc);
		gen_free(&a);
		gen_free(&b);
	}
}

static void test_different_seeds_give_different_bytes(void **state)
{
	(void)state;
	gen a = run(NV_SCALE_SCHOOL, 1, 0), b = run(NV_SCALE_SCHOOL, 2, 0);
	assert_true(a.np != b.np || memcmp(a.p, b.p, a.np) != 0);
	gen_free(&a);
	gen_free(&b);
}

static void test_constraints_leave_the_participants_file_unchanged(void **state)
{
	(void)state;
	gen a = run(NV_SCALE_SCHOOL, 7, 0), b = run(NV_SCALE_SCHOOL, 7, 1);
	assert_int_equal(a.np, b.np);
	assert_memory_equal(a.p, b.p, a.np);
	gen_free(&a);
	gen_free(&b);
}

/* --- sizes ----------------------------------------------------------------- */
static void check_rows(nv_scale sc, size_t lo, size_t hi)
{
	gen g = run(sc, 3, 0);
	sheet s = sheet_parse(g.p, g.np);
	if (s.n < lo || s.n > hi)
		fail_msg("scale %d: %zu rows, want %zu..%zu", (int)sc, s.n, lo, hi);
	/* ids are unique: they count up in file order */
	for (size_t r = 1; r < s.n; r++)
		assert_true(atol(s.r[r].f[0] + 1) == atol(s.r[r - 1].f[0] + 1) + 1);
	sheet_free(&s);
	gen_free(&g);
}

static void test_row_counts_fit_each_scale(void **state)
{
	(void)state;
	check_rows(NV_SCALE_TINY, 30, 60);
	check_rows(NV_SCALE_SCHOOL, 800, 1300);
	check_rows(NV_SCALE_DISTRICT, 17000, 23000);
	check_rows(NV_SCALE_CITY, 170000, 230000);
	if (!getenv("NV_SANITIZED"))
		check_rows(NV_SCALE_REGION, 850000, 1150000);
}

/* --- shares and shapes --------------------------------------------------- */
static void check_shares(nv_scale sc, double consent_tol, double need_tol)
{
	static const char *area[5] = {"emotional_regulation", "conflict_handling",
	                              "categorical_judgement", "observation",
	                              "student_interaction"};
	static const double share[5] = {0.61, 0.52, 0.51, 0.35, 0.32};
	gen g = run(sc, 11, 0);
	sheet s = sheet_parse(g.p, g.np);
	size_t no_consent = 0, teachers = 0, young = 0, mentees = 0, capacity = 0;
	size_t with_need[5] = {0};
	for (size_t r = 0; r < s.n; r++) {
		no_consent += !consents(cell(&s, r, "consent"));
		int mentor = !strcmp(cell(&s, r, "role"), "mentor");
		const char *cat = cell(&s, r, "category");
		if (mentor)
			capacity += (size_t)atoi(cell(&s, r, "capacity"));
		else
			mentees++;
		if (!strcmp(cat, "student")) {
			int age = atoi(cell(&s, r, "age"));
			assert_true(age >= (mentor ? 15 : 10) && age <= 18);
		}
		if (!strcmp(cat, "teacher")) {
			teachers++;
			if (is_young_teacher(&s, r)) {
				young++;
				assert_false(mentor); /* young specialists are mentees */
				for (int a = 0; a < 5; a++) {
					char name[64];
					snprintf(name, sizeof name, "need_%s", area[a]);
					const char *v = cell(&s, r, name);
					with_need[a] += *v && atof(v) >= 0.5;
				}
			}
		}
		if (!strcmp(cat, "employer"))
			assert_true(atoi(cell(&s, r, "capacity")) >= 5); /* groups */
	}
	double nc = (double)no_consent / (double)s.n;
	if (fabs(nc - 0.03) > consent_tol)
		fail_msg("%.4f without consent, want 0.03", nc);
	double ys = (double)young / (double)teachers;
	assert_true(ys > 0.08 && ys < 0.12);
	for (int a = 0; a < 5; a++) {
		/* one district: exactly the share, rounded to whole people */
		double got = (double)with_need[a] / (double)young;
		assert_true(fabs((double)with_need[a] - share[a] * (double)young) <= 0.5);
		if (fabs(got - share[a]) > need_tol)
			fail_msg("%s: %.3f of young teachers, want %.2f", area[a], got, share[a]);
	}
	/* capacity offered around 0.7-1.2 of the mentees */
	double offer = (double)capacity / (double)mentees;
	assert_true(offer >= 0.7 && offer <= 1.2);
	sheet_free(&s);
	gen_free(&g);
}

static void test_shares_follow_the_survey_at_school_and_district_scale(void **state)
{
	(void)state;
	check_shares(NV_SCALE_SCHOOL, 0.015, 0.1);
	check_shares(NV_SCALE_DISTRICT, 0.005, 0.01);
}

/* --- the reader takes it --------------------------------------------------- */
static void test_file_reads_with_no_problem(void **state)
{
	(void)state;
	for (nv_scale sc = NV_SCALE_TINY; sc <= NV_SCALE_DISTRICT; sc++) {
		gen g = run(sc, 5, 0);
		sheet s = sheet_parse(g.p, g.np);
		nv_read_params p;
		nv_read_params_init(&p);
		nv_diag *d = nv_diag_new(0);
		nv_table *t = NULL;
		assert_int_equal(nv_table_read_buffer("gen.csv", g.p, g.np, &p, &t, d), NV_OK);
		nv_diag_print(d, stderr);
		assert_int_equal(nv_diag_errors(d), 0);
		assert_int_equal(nv_diag_notes(d), 0);
		assert_int_equal(t->n, s.n);
		assert_int_equal(t->n_psych, 4);
		assert_int_equal(t->n_area, 5);
		size_t no_consent = 0;
		for (size_t r = 0; r < t->n; r++) {
			assert_int_not_equal(t->status[r], NV_ROW_INVALID);
			no_consent += t->status[r] == NV_ROW_NO_CONSENT;
			assert_int_equal(!strcmp(cell(&s, r, "role"), "mentor"),
			                 t->role[r] == NV_MENTOR);
		}
		assert_true(no_consent > 0 || sc == NV_SCALE_TINY);
		nv_table_free(t);
		nv_diag_free(d);
		sheet_free(&s);
		gen_free(&g);
	}
}

/* --- constraints ------------------------------------------------------------ */
static long find_id(const sheet *s, const char *id)
{
	/* ids count up from 1 in file order: the number is the row */
	long k = atol(id + 1) - 1;
	if (k < 0 || (size_t)k >= s->n || strcmp(s->r[k].f[0], id))
		return -1;
	return k;
}

static int accepts(const char *forms, const char *form)
{
	if (!*forms)
		return 1;
	size_t n = strlen(form);
	for (const char *p = forms; *p;) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);
		if (len == n && !memcmp(p, form, n))
			return 1;
		p += len + (bar != NULL);
	}
	return 0;
}

/* The first built-in form the pair satisfies and both accept, or NULL. */
static const char *built_in_form(const sheet *s, long m, long e)
{
	const char *mc = cell(s, (size_t)m, "category"), *ec = cell(s, (size_t)e, "category");
	int ma = atoi(cell(s, (size_t)m, "age")), ea = atoi(cell(s, (size_t)e, "age"));
	int same_org = !strcmp(cell(s, (size_t)m, "org"), cell(s, (size_t)e, "org"));
	int same_district =
		!strcmp(cell(s, (size_t)m, "district"), cell(s, (size_t)e, "district"));
	double mx = atof(cell(s, (size_t)m, "experience_years"));
	double ex = atof(cell(s, (size_t)e, "experience_years"));
	int st = !strcmp(ec, "student");
	struct {
		const char *name;
		int ok;
	} f[] = {
		{"student-student", !strcmp(mc, "student") && ma >= 15 && ma <= 18 && st &&
		                        ea >= 10 && ea <= 18 && same_org},
		{"teacher-teacher", !strcmp(mc, "teacher") && mx >= 3 &&
		                        !strcmp(ec, "teacher") && ex <= 3 && same_org},
		{"teacher-student",
		 !strcmp(mc, "teacher") && st && ea >= 10 && ea <= 18 && same_org},
		{"college-student", !strcmp(mc, "college_student") && st && ea >= 10 &&
		                        ea <= 18 && same_district},
		{"employer-student",
		 !strcmp(mc, "employer") && st && ea >= 14 && ea <= 18 && same_district},
		{"employer-college",
		 !strcmp(mc, "employer") && !strcmp(ec, "college_student") && same_district},
	};
	for (size_t i = 0; i < sizeof f / sizeof *f; i++)
		if (f[i].ok && accepts(cell(s, (size_t)m, "forms"), f[i].name) &&
		    accepts(cell(s, (size_t)e, "forms"), f[i].name))
			return f[i].name;
	return NULL;
}

static void check_constraints(nv_scale sc, uint64_t seed)
{
	gen g = run(sc, seed, 1);
	sheet s = sheet_parse(g.p, g.np), c = sheet_parse(g.c, g.nc);
	assert_int_equal(c.ncol, 3);
	assert_string_equal(c.head[0], "kind");
	int *fixed_mentee = calloc(s.n, sizeof(int)), *fixed_mentor = calloc(s.n, sizeof(int));
	const char **mentor_form = calloc(s.n, sizeof(char *));
	size_t fixes = 0, forbids = 0;
	for (size_t i = 0; i < c.n; i++) {
		const char *kind = c.r[i].f[0];
		long m = find_id(&s, c.r[i].f[1]), e = find_id(&s, c.r[i].f[2]);
		assert_true(m >= 0 && e >= 0); /* generated ids only */
		assert_string_equal(cell(&s, (size_t)m, "role"), "mentor");
		assert_string_equal(cell(&s, (size_t)e, "role"), "mentee");
		assert_true(consents(cell(&s, (size_t)m, "consent")));
		assert_true(consents(cell(&s, (size_t)e, "consent")));
		const char *form = built_in_form(&s, m, e);
		if (!form)
			fail_msg("%s,%s,%s is not eligible", kind, c.r[i].f[1], c.r[i].f[2]);
		for (size_t j = 0; j < i; j++) /* each pair once */
			assert_false(!strcmp(c.r[i].f[1], c.r[j].f[1]) &&
			             !strcmp(c.r[i].f[2], c.r[j].f[2]));
		if (!strcmp(kind, "fix")) {
			fixes++;
			assert_int_equal(fixed_mentee[e]++, 0); /* never two fixes per mentee */
			const char *cap = cell(&s, (size_t)m, "capacity");
			assert_true(++fixed_mentor[m] <= (*cap ? atoi(cap) : 1));
			if (mentor_form[m])
				assert_string_equal(mentor_form[m], form); /* one form per mentor */
			mentor_form[m] = form;
		} else {
			assert_string_equal(kind, "forbid");
			forbids++;
		}
	}
	assert_true(fixes >= 1 && forbids >= 1);
	assert_true(fixes + forbids <= 10 + s.n / 100); /* a few */
	free(fixed_mentee);
	free(fixed_mentor);
	free(mentor_form);
	sheet_free(&s);
	sheet_free(&c);
	gen_free(&g);
}

static void test_constraints_name_generated_eligible_pairs(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed <= 5; seed++) {
		check_constraints(NV_SCALE_TINY, seed);
		check_constraints(NV_SCALE_SCHOOL, seed);
	}
	check_constraints(NV_SCALE_DISTRICT, 1);
}

static void test_scale_words_parse_and_unknown_is_usage(void **state)
{
	(void)state;
	static const char *word[] = {"tiny", "school", "district", "city", "region"};
	for (int i = 0; i < 5; i++) {
		nv_scale sc = NV_SCALE_REGION;
		assert_int_equal(nv_scale_parse(word[i], &sc), NV_OK);
		assert_int_equal((int)sc, i);
	}
	nv_scale sc;
	assert_int_equal(nv_scale_parse("country", &sc), NV_EUSAGE);
	assert_int_equal(nv_scale_parse("", &sc), NV_EUSAGE);
	assert_int_equal(nv_scale_parse("Tiny", &sc), NV_EUSAGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_seed_gives_the_same_bytes),
		cmocka_unit_test(test_different_seeds_give_different_bytes),
		cmocka_unit_test(test_constraints_leave_the_participants_file_unchanged),
		cmocka_unit_test(test_row_counts_fit_each_scale),
		cmocka_unit_test(test_shares_follow_the_survey_at_school_and_district_scale),
		cmocka_unit_test(test_file_reads_with_no_problem),
		cmocka_unit_test(test_constraints_name_generated_eligible_pairs),
		cmocka_unit_test(test_scale_words_parse_and_unknown_is_usage),
	};
	return cmocka_run_group_tests_name("generate", tests, NULL, NULL);
}
