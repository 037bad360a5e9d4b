/* test_workbook.c — match --xlsx: pairs.xlsx holds the rows of pairs.csv
 * and unmatched.csv, cell for cell, in the run's language; names only
 * with --with-names and never a no-consent row's; no workbook without
 * the option, and none from a run that fails. The workbook is read back
 * here by a small zip reader (zlib's inflate) and the sheets' XML. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <zlib.h>

#include "cli_dir.h"

/* --- the zip --- */

static unsigned get16(const unsigned char *p)
{
	return p[0] | (unsigned)p[1] << 8;
}

static uint32_t get32(const unsigned char *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The member `name` of the zip z[0..n), inflated; NULL when absent.
 * Caller frees. */
static char *zip_member(const unsigned char *z, size_t n, const char *name)
{
	/* the end of central directory record: its signature, from the end */
	size_t eocd = n >= 22 ? n - 22 : 0;
	while (eocd > 0 && get32(z + eocd) != 0x06054b50)
		eocd--;
	assert_int_equal(get32(z + eocd), 0x06054b50);
	unsigned entries = get16(z + eocd + 10);
	size_t at = get32(z + eocd + 16);
	for (unsigned k = 0; k < entries; k++) {
		assert_true(at + 46 <= n);
		assert_int_equal(get32(z + at), 0x02014b50);
		unsigned method = get16(z + at + 10), nlen = get16(z + at + 28);
		unsigned xlen = get16(z + at + 30), clen = get16(z + at + 32);
		uint32_t csize = get32(z + at + 20), usize = get32(z + at + 24);
		uint32_t local = get32(z + at + 42);
		if (nlen == strlen(name) && !memcmp(z + at + 46, name, nlen)) {
			const unsigned char *lh = z + local;
			assert_int_equal(get32(lh), 0x04034b50);
			const unsigned char *data = lh + 30 + get16(lh + 26) + get16(lh + 28);
			char *out = malloc(usize + 1);
			if (method == 0) {
				memcpy(out, data, usize);
			} else {
				assert_int_equal(method, 8);
				z_stream s = {0};
				assert_int_equal(inflateInit2(&s, -15), Z_OK);
				s.next_in = (unsigned char *)data;
				s.avail_in = csize;
				s.next_out = (unsigned char *)out;
				s.avail_out = usize;
				assert_int_equal(inflate(&s, Z_FINISH), Z_STREAM_END);
				assert_int_equal(s.total_out, usize);
				inflateEnd(&s);
			}
			out[usize] = 0;
			return out;
		}
		at += 46 + nlen + xlen + clen;
	}
	return NULL;
}

typedef struct {
	unsigned char *z;
	size_t n;
} zipfile;

static zipfile zip_open(const char *name)
{
	zipfile f;
	f.z = (unsigned char *)ref_slurp(path_in(name), &f.n);
	assert_non_null(f.z);
	return f;
}

/* --- the sheets --- */

enum {
	MAX_ROWS = 4096,
	MAX_COLS = 16
};
typedef struct {
	int rows;
	char *cell[MAX_ROWS][MAX_COLS]; /* text, or a number as written */
} sheet;

static char *unescape(const char *s, size_t n)
{
	static const struct {
		const char *ent, *ch;
	} ents[] = {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}};
	char *o = malloc(n + 1);
	size_t k = 0;
	for (size_t i = 0; i < n;) {
		size_t e = 0;
		for (; e < 5; e++) {
			size_t l = strlen(ents[e].ent);
			if (i + l <= n && !strncmp(s + i, ents[e].ent, l)) {
				o[k++] = ents[e].ch[0];
				i += l;
				break;
			}
		}
		if (e == 5)
			o[k++] = s[i++];
	}
	o[k] = 0;
	return o;
}

/* The cells of a worksheet's XML: <c r="B7" ...> with <is><t>..</t></is>
 * (text) or <v>..</v> (a number). */
static sheet *sheet_read(const char *xml)
{
	sheet *sh = calloc(1, sizeof *sh);
	for (const char *c = strstr(xml, "<c r=\""); c; c = strstr(c + 1, "<c r=\"")) {
		const char *ref = c + 6;
		int col = 0, row = 0;
		for (; *ref >= 'A' && *ref <= 'Z'; ref++)
			col = col * 26 + (*ref - 'A' + 1);
		row = atoi(ref);
		assert_true(col >= 1 && col <= MAX_COLS && row >= 1 && row <= MAX_ROWS);
		const char *end = strstr(c, "</c>"); /* no empty cell is written */
		assert_non_null(end);
		const char *t = strstr(c, "<t>"), *v = strstr(c, "<v>"), *from, *to;
		if (t && t < end) {
			from = t + 3;
			to = strstr(from, "</t>");
		} else {
			assert_true(v && v < end);
			from = v + 3;
			to = strstr(from, "</v>");
		}
		sh->cell[row - 1][col - 1] = unescape(from, (size_t)(to - from));
		if (row > sh->rows)
			sh->rows = row;
	}
	return sh;
}

static void sheet_free(sheet *sh)
{
	for (int r = 0; r < MAX_ROWS; r++)
		for (int c = 0; c < MAX_COLS; c++)
			free(sh->cell[r][c]);
	free(sh);
}

static sheet *sheet_of(zipfile f, int k)
{
	char name[64];
	snprintf(name, sizeof name, "xl/worksheets/sheet%d.xml", k);
	char *xml = zip_member(f.z, f.n, name);
	assert_non_null(xml);
	sheet *sh = sheet_read(xml);
	free(xml);
	return sh;
}

static void assert_cell(const sheet *sh, int row, int col, const char *want)
{
	const char *got = sh->cell[row][col];
	if (!want || !*want) {
		if (got)
			fail_msg("row %d column %d: '%s', want it empty", row + 1, col + 1, got);
		return;
	}
	if (!got || strcmp(got, want))
		fail_msg("row %d column %d: '%s', want '%s'", row + 1, col + 1,
		         got ? got : "(empty)", want);
}

/* a number cell holds the CSV's six-decimal value */
static void assert_number(const sheet *sh, int row, int col, const char *want)
{
	const char *got = sh->cell[row][col];
	assert_non_null(got);
	if (llround(strtod(got, NULL) * 1e6) != ref_micro(want))
		fail_msg("row %d column %d: %s, want %s", row + 1, col + 1, got, want);
}

static void tiny(int seed)
{
	assert_int_equal(nv("generate --scale tiny --seed %d -o %s", seed, path_in("p.csv")), 0);
}

/* --- the tests --- */

static void the_sheets_hold_the_rows_of_the_csv_files(void **state)
{
	(void)state;
	tiny(3);
	assert_int_equal(nv("match %s -o %s --xlsx --lang en -q", path_in("p.csv"), path_in("o")),
	                 0);
	zipfile z = zip_open("o/pairs.xlsx");
	char *wb = zip_member(z.z, z.n, "xl/workbook.xml");
	assert_non_null(wb);
	assert_non_null(strstr(wb, "<sheet name=\"Pairs\" sheetId=\"1\""));
	assert_non_null(strstr(wb, "<sheet name=\"Unmatched\" sheetId=\"2\""));
	free(wb);

	/* pairs.csv: group,mentor_id,mentee_id,form,score,psych,subjects,
	 * goals,needs,fixed,reason; the sheet: mentor, mentee, form, score,
	 * the four contributions, fixed, reason */
	ref_csv *pc = ref_csv_read(path_in("o/pairs.csv"));
	assert_non_null(pc);
	sheet *ps = sheet_of(z, 1);
	assert_true(pc->rows > 10);
	assert_int_equal(ps->rows, pc->rows);
	assert_cell(ps, 0, 0, "Mentor");
	assert_cell(ps, 0, 3, "Score");
	assert_cell(ps, 0, 9, "Why this pair");
	for (int r = 1; r < pc->rows; r++) {
		char **c = pc->cell[r];
		assert_cell(ps, r, 0, c[1]);
		assert_cell(ps, r, 1, c[2]);
		assert_cell(ps, r, 2, c[3]); /* English titles are the names */
		for (int k = 0; k < 5; k++)
			assert_number(ps, r, 3 + k, c[4 + k]);
		assert_cell(ps, r, 8, c[9]);
		assert_cell(ps, r, 9, c[10]);
		assert_null(ps->cell[r][10]);
	}
	sheet_free(ps);

	ref_csv *uc = ref_csv_read(path_in("o/unmatched.csv"));
	assert_non_null(uc);
	sheet *us = sheet_of(z, 2);
	assert_true(uc->rows > 2);
	assert_int_equal(us->rows, uc->rows);
	assert_cell(us, 0, 0, "Id");
	for (int r = 1; r < uc->rows; r++)
		for (int k = 0; k < 4; k++)
			assert_cell(us, r, k, uc->cell[r][k]);
	sheet_free(us);
	ref_csv_free(pc);
	ref_csv_free(uc);
	free(z.z);
	assert_file_has("o/summary.json", "\"xlsx\": true");
}

/* Every part of the workbook as one text, to look for a name in. */
static char *all_parts(zipfile z)
{
	static const char *const parts[] = {"xl/workbook.xml", "xl/worksheets/sheet1.xml",
	                                    "xl/worksheets/sheet2.xml", "docProps/core.xml",
	                                    "docProps/app.xml"};
	size_t cap = 1, len = 0;
	char *all = calloc(1, 1);
	for (size_t k = 0; k < sizeof parts / sizeof *parts; k++) {
		char *x = zip_member(z.z, z.n, parts[k]);
		assert_non_null(x);
		size_t l = strlen(x);
		all = realloc(all, cap += l);
		memcpy(all + len, x, l + 1);
		len += l;
		free(x);
	}
	return all;
}

static void russian_names_only_with_with_names(void **state)
{
	(void)state;
	/* a consenting mentor's row, a no-consent mentee's, names in both */
	write_file("n.csv", "id,role,category,org,age,consent,name,subjects\n"
	                    "m1,mentor,student,S1,16,yes,Иванова Анна,math\n"
	                    "e1,mentee,student,S1,12,yes,Петров Пётр,math\n"
	                    "e2,mentee,student,S1,12,no,Сидоров Илья,math\n"
	                    "e3,mentee,student,S1,12,yes,Кузнецова Ольга,art\n");
	assert_int_equal(nv("match %s -o %s --xlsx --lang ru -q", path_in("n.csv"), path_in("a")),
	                 0);
	zipfile z = zip_open("a/pairs.xlsx");
	char *all = all_parts(z);
	assert_non_null(strstr(all, "<sheet name=\"Пары\""));
	assert_non_null(strstr(all, "<sheet name=\"Без пары\""));
	assert_null(strstr(all, "Иванова"));
	assert_null(strstr(all, "Петров"));
	assert_null(strstr(all, "Сидоров"));
	free(all);
	sheet *ps = sheet_of(z, 1);
	assert_int_equal(ps->rows, 2);
	assert_cell(ps, 0, 0, "Наставник");
	assert_cell(ps, 1, 0, "m1");
	assert_cell(ps, 1, 1, "e1");
	assert_cell(ps, 1, 2, "ученик – ученик");
	assert_cell(ps, 1, 8, "нет");
	sheet_free(ps);
	sheet *us = sheet_of(z, 2);
	assert_int_equal(us->rows, 3);
	assert_cell(us, 1, 0, "e2");
	assert_cell(us, 1, 1, "наставляемый");
	assert_cell(us, 1, 2, "no_consent");
	assert_cell(us, 2, 0, "e3");
	assert_cell(us, 2, 2, "capacity_taken");
	sheet_free(us);
	free(z.z);

	assert_int_equal(nv("match %s -o %s --xlsx --lang ru --with-names -q", path_in("n.csv"),
	                    path_in("b")),
	                 0);
	z = zip_open("b/pairs.xlsx");
	ps = sheet_of(z, 1);
	assert_cell(ps, 0, 1, "Имя наставника");
	assert_cell(ps, 1, 1, "Иванова Анна");
	assert_cell(ps, 1, 3, "Петров Пётр");
	sheet_free(ps);
	us = sheet_of(z, 2);
	assert_cell(us, 0, 1, "Имя");
	assert_cell(us, 1, 1, NULL); /* no consent: no name */
	assert_cell(us, 2, 1, "Кузнецова Ольга");
	sheet_free(us);
	all = all_parts(z);
	assert_null(strstr(all, "Сидоров"));
	free(all);
	free(z.z);
}

static void no_workbook_without_the_option_nor_from_a_failed_run(void **state)
{
	(void)state;
	tiny(5);
	assert_int_equal(nv("match %s -o %s -q", path_in("p.csv"), path_in("c")), 0);
	assert_true(exists("c/pairs.csv"));
	assert_false(exists("c/pairs.xlsx"));
	assert_file_has("c/summary.json", "\"xlsx\": false");
	char *err = file("stderr");
	assert_null(strstr(err, "pairs.xlsx"));
	free(err);
	/* a workbook of an earlier run with --xlsx: left, and said not to be
	 * this run's (it would no longer match pairs.csv) */
	assert_int_equal(nv("match %s -o %s -q --xlsx", path_in("p.csv"), path_in("c")), 0);
	assert_int_equal(nv("match %s -o %s -q", path_in("p.csv"), path_in("c")), 0);
	assert_true(exists("c/pairs.xlsx"));
	assert_stderr_has("c/pairs.xlsx: note: an earlier run's, not this one's (match writes it "
	                  "with --xlsx)");
	/* a fixed pair that is not eligible: exit 3, nothing written */
	write_file("k.csv", "fix,nobody,nowhere\n");
	assert_int_equal(nv("match %s -o %s --constraints %s --xlsx -q", path_in("p.csv"),
	                    path_in("d"), path_in("k.csv")),
	                 3);
	assert_false(exists("d"));
	/* the workbook is an output like the others: not over an input */
	assert_int_equal(nv("match %s -o %s --xlsx -q --constraints %s", path_in("p.csv"), cli_dir,
	                    path_in("pairs.xlsx")),
	                 1);
	assert_stderr_has("pairs.xlsx");
}

/* --- the report sheet --- */

/* The cell as a whole number (a number cell), -1 when empty. */
static long cell_long(const sheet *sh, int row, int col)
{
	const char *c = sh->cell[row][col];
	return c ? atol(c) : -1;
}

static void report_has(const sheet *sh, int row, const char *who, const long *want, int n)
{
	assert_cell(sh, row, 0, who);
	for (int k = 0; k < n; k++)
		if (cell_long(sh, row, 2 + k) != want[k])
			fail_msg("report row %d (%s) column %d: %ld, want %ld", row + 1, who, 3 + k,
			         cell_long(sh, row, 2 + k), want[k]);
}

static void the_report_sheet_fills_in_the_form_per_institution(void **state)
{
	(void)state;
	/* two schools and an enterprise whose one mentor takes a mentee of
	 * each: the enterprise counts in both schools and once in all */
	write_file("r.csv", "id,role,category,org,district,age,capacity,consent\n"
	                    "w1,mentor,employer,E1,D,40,2,yes\n"
	                    "s1,mentor,student,S1,D,16,1,yes\n"
	                    "a,mentee,student,S1,D,12,,yes\n"
	                    "b,mentee,student,S1,D,15,,yes\n"
	                    "c,mentee,student,S2,D,15,,yes\n"
	                    "d,mentee,student,S3,D,15,,no\n");
	assert_int_equal(nv("match %s -o %s --xlsx --lang ru -q", path_in("r.csv"), path_in("r")),
	                 0);
	zipfile z = zip_open("r/pairs.xlsx");
	char *wb = zip_member(z.z, z.n, "xl/workbook.xml");
	assert_non_null(strstr(wb, "<sheet name=\"Отчёт\" sheetId=\"3\""));
	free(wb);
	sheet *rs = sheet_of(z, 3);
	/* S3's one row has no consent: not an institution in the programme;
	 * E1 is an enterprise */
	assert_int_equal(rs->rows, 1 + 3 * 4);
	assert_cell(rs, 0, 0, "Образовательное учреждение");
	assert_cell(rs, 0, 1, "Наименование показателя");
	assert_cell(rs, 0, 2, "ученик – ученик");
	assert_cell(rs, 0, 6, "работодатель – ученик");
	assert_cell(rs, 0, 8, "Всего");
	assert_cell(rs, 1, 1,
	            "Число учащихся в возрасте от 10 до 18 лет, вошедших в программу "
	            "наставничества в роли наставляемого");
	/* columns: the six forms, then the total */
	static const long all[4][7] = {{1, 0, 0, 0, 2, 0, 3},
	                               {1, 0, 0, 0, 0, 0, 1},
	                               {0, 0, 0, 0, 0, 0, 0},
	                               {0, 0, 0, 0, 1, 0, 1}};
	static const long s1[4][7] = {{1, 0, 0, 0, 1, 0, 2},
	                              {1, 0, 0, 0, 0, 0, 1},
	                              {0, 0, 0, 0, 0, 0, 0},
	                              {0, 0, 0, 0, 1, 0, 1}};
	static const long s2[4][7] = {{0, 0, 0, 0, 1, 0, 1},
	                              {0, 0, 0, 0, 0, 0, 0},
	                              {0, 0, 0, 0, 0, 0, 0},
	                              {0, 0, 0, 0, 1, 0, 1}};
	for (int k = 0; k < 4; k++) {
		report_has(rs, 1 + k, "Все учреждения", all[k], 7);
		report_has(rs, 5 + k, "S1", s1[k], 7);
		report_has(rs, 9 + k, "S2", s2[k], 7);
	}
	sheet_free(rs);
	free(z.z);
	assert_file_has("r/summary.json", "\"employer-student\": 2");

	/* a form of student mentors across the district's schools: the
	 * mentor counts in its own school, the mentee in hers */
	write_file("x.ini", "[form peers]\nmentor_category = student\nmentor_age = 15-18\n"
	                    "mentee_category = student\nmentee_age = 10-18\nsame_district = yes\n");
	write_file("x.csv", "id,role,category,org,district,age,consent\n"
	                    "s1,mentor,student,S1,D,16,yes\n"
	                    "c,mentee,student,S2,D,11,yes\n");
	assert_int_equal(nv("match %s -o %s -c %s --xlsx --lang en -q", path_in("x.csv"),
	                    path_in("x"), path_in("x.ini")),
	                 0);
	z = zip_open("x/pairs.xlsx");
	rs = sheet_of(z, 3);
	assert_int_equal(rs->rows, 1 + 3 * 4);
	assert_cell(rs, 0, 8, "peers");
	static const long mentee[8] = {0, 0, 0, 0, 0, 0, 1, 1}, none[8] = {0};
	report_has(rs, 1, "All institutions", mentee, 8);
	report_has(rs, 2, "All institutions", mentee, 8);
	report_has(rs, 5, "S1", none, 8);
	report_has(rs, 6, "S1", mentee, 8); /* the mentor */
	report_has(rs, 9, "S2", mentee, 8);
	report_has(rs, 10, "S2", none, 8);
	sheet_free(rs);
	free(z.z);
}

/* The participants' columns the report reads (generate's header). */
enum {
	P_ID,
	P_ROLE,
	P_CATEGORY,
	P_ORG,
	P_AGE = 6,
	P_EXPERIENCE,
	P_CONSENT = 9
};

static int row_of(const ref_csv *p, const char *id)
{
	for (int r = 1; r < p->rows; r++)
		if (!strcmp(p->cell[r][P_ID], id))
			return r;
	fail_msg("no participant '%s'", id);
	return -1;
}

/* The report of a generated school against a count from pairs.csv and the
 * participants file, by the form's own definitions. */
static void the_report_sheet_agrees_with_pairs_csv(void **state)
{
	(void)state;
	assert_int_equal(nv("generate --scale school --seed 4 -o %s", path_in("g.csv")), 0);
	assert_int_equal(nv("match %s -o %s --xlsx --lang en -q", path_in("g.csv"), path_in("g")),
	                 0);
	ref_csv *p = ref_csv_read(path_in("g.csv"));
	ref_csv *pc = ref_csv_read(path_in("g/pairs.csv"));
	assert_true(p->rows > 500 && p->rows < 4096 && pc->rows > 100);
	assert_string_equal(p->cell[0][P_ORG], "org");
	assert_string_equal(p->cell[0][P_EXPERIENCE], "experience_years");
	assert_string_equal(p->cell[0][P_CONSENT], "consent");

	/* the institutions: orgs in the order they come, with a consenting
	 * row that is not an employer's */
	enum {
		MAX_ORG = 16,
		NF = 6,
		W = NF + 1
	};
	char *org[MAX_ORG];
	int norg = 0, school[MAX_ORG] = {0};
	for (int r = 1; r < p->rows; r++) {
		int o = 0;
		while (o < norg && strcmp(org[o], p->cell[r][P_ORG]))
			o++;
		if (o == norg) {
			assert_true(norg < MAX_ORG);
			org[norg++] = p->cell[r][P_ORG];
		}
		if (!strcmp(p->cell[r][P_CONSENT], "1") &&
		    strcmp(p->cell[r][P_CATEGORY], "employer"))
			school[o] = 1;
	}
	zipfile z = zip_open("g/pairs.xlsx");
	sheet *rs = sheet_of(z, 3);
	/* want[o + 1][row][form or total]; want[0] is the whole school */
	long want[MAX_ORG + 1][4][W];
	memset(want, 0, sizeof want);
	/* the mentors counted per column; the enterprises per institution
	 * (0: all) and column */
	static char *seen_m[W][4096], *seen_e[MAX_ORG + 1][W][8];
	int n_seen_m[W] = {0}, n_seen_e[MAX_ORG + 1][W];
	memset(n_seen_e, 0, sizeof n_seen_e);
	for (int i = 1; i < pc->rows; i++) {
		int f = 0;
		while (f < NF && strcmp(rs->cell[0][2 + f], pc->cell[i][3])) /* by its heading */
			f++;
		assert_true(f < NF);
		int mr = row_of(p, pc->cell[i][1]), er = row_of(p, pc->cell[i][2]);
		int om = 0, oe = 0;
		while (strcmp(org[om], p->cell[mr][P_ORG]))
			om++;
		while (strcmp(org[oe], p->cell[er][P_ORG]))
			oe++;
		const char *ecat = p->cell[er][P_CATEGORY], *mcat = p->cell[mr][P_CATEGORY];
		double eage = atof(p->cell[er][P_AGE]), mage = atof(p->cell[mr][P_AGE]);
		const char *exp = p->cell[er][P_EXPERIENCE];
		int k = !strcmp(ecat, "student") && eage >= 10 && eage <= 18                   ? 0
		        : !strcmp(ecat, "teacher") && *exp && atof(exp) >= 0 && atof(exp) <= 3 ? 2
		                                                                               : -1;
		int cols[2] = {f, NF};
		for (int g = 0; g < 2; g++) {
			int c = cols[g];
			if (k >= 0) {
				want[0][k][c]++;
				want[oe + 1][k][c]++;
			}
			if (!strcmp(mcat, "student") && mage >= 15 && mage <= 18) {
				int s = 0;
				while (s < n_seen_m[c] && strcmp(seen_m[c][s], pc->cell[i][1]))
					s++;
				if (s == n_seen_m[c]) {
					seen_m[c][n_seen_m[c]++] = pc->cell[i][1];
					want[0][1][c]++;
					want[om + 1][1][c]++;
				}
			}
			if (!strcmp(mcat, "employer"))
				for (int o = 0; o < 2; o++) {
					int at = o ? oe + 1 : 0, s = 0;
					while (s < n_seen_e[at][c] &&
					       strcmp(seen_e[at][c][s], org[om]))
						s++;
					if (s == n_seen_e[at][c]) {
						assert_true(s < 8);
						seen_e[at][c][n_seen_e[at][c]++] = org[om];
						want[at][3][c]++;
					}
				}
		}
	}
	int row = 1, listed = 0;
	for (int o = -1; o < norg; o++) {
		if (o >= 0 && !school[o])
			continue;
		listed += o >= 0;
		for (int k = 0; k < 4; k++)
			report_has(rs, row++, o < 0 ? "All institutions" : org[o], want[o + 1][k],
			           W);
	}
	assert_true(listed >= 2); /* the school and the college */
	assert_int_equal(rs->rows, row);
	assert_true(want[0][0][NF] > 100 && want[0][3][NF] >= 1);
	sheet_free(rs);
	free(z.z);
	ref_csv_free(p);
	ref_csv_free(pc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(the_sheets_hold_the_rows_of_the_csv_files),
	        cmocka_unit_test(russian_names_only_with_with_names),
	        cmocka_unit_test(no_workbook_without_the_option_nor_from_a_failed_run),
	        cmocka_unit_test(the_report_sheet_fills_in_the_form_per_institution),
	        cmocka_unit_test(the_report_sheet_agrees_with_pairs_csv),
	};
	return cmocka_run_group_tests(tests, cli_setup, cli_teardown);
}
