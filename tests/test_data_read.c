/* test_data_read.c (the participants reader on valid input: every SPEC §1
 * variant reads to the same table; vocabularies; words) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "data.h"

#define VALID "tests/data/valid/"

static nv_table *read_ok(const char *path, nv_encoding enc, nv_diag **diag)
{
	nv_read_params p;
	nv_read_params_init(&p);
	p.encoding = enc;
	nv_diag *d = nv_diag_new(0);
	nv_table *t = NULL;
	int rc = nv_table_read(path, &p, &t, d);
	if (rc != NV_OK || nv_diag_errors(d)) {
		nv_diag_print(d, stderr);
		fail_msg("%s did not read cleanly (rc %d)", path, rc);
	}
	if (diag)
		*diag = d;
	else
		nv_diag_free(d);
	return t;
}

static const char *tag(const nv_vocab *v, const uint32_t *ids, const size_t *off,
                       size_t r, size_t k)
{
	return nv_vocab_name(v, ids[off[r] + k]);
}

static int same_double(double a, double b)
{
	return (isnan(a) && isnan(b)) || a == b;
}

static void assert_tags_equal(const nv_vocab *va, const uint32_t *a, const size_t *aoff,
                              const nv_vocab *vb, const uint32_t *b, const size_t *boff,
                              size_t r)
{
	assert_int_equal(aoff[r + 1] - aoff[r], boff[r + 1] - boff[r]);
	for (size_t k = 0; k < aoff[r + 1] - aoff[r]; k++)
		assert_string_equal(tag(va, a, aoff, r, k), tag(vb, b, boff, r, k));
}

/* The first `rows` rows of a and b agree field by field. */
static void assert_rows_equal(const nv_table *a, const nv_table *b, size_t rows)
{
	assert_true(rows <= a->n && rows <= b->n);
	assert_int_equal(a->n_psych, b->n_psych);
	assert_int_equal(a->n_area, b->n_area);
	for (size_t c = 0; c < a->n_psych; c++)
		assert_string_equal(a->psych_name[c], b->psych_name[c]);
	for (size_t c = 0; c < a->n_area; c++)
		assert_string_equal(a->area_name[c], b->area_name[c]);
	assert_true((a->name == NULL) == (b->name == NULL));
	for (size_t r = 0; r < rows; r++) {
		assert_string_equal(a->id[r], b->id[r]);
		assert_int_equal(a->line[r], b->line[r]);
		assert_int_equal(a->role[r], b->role[r]);
		assert_int_equal(a->category[r], b->category[r]);
		assert_int_equal(a->status[r], b->status[r]);
		assert_true((a->problem[r] == NULL) == (b->problem[r] == NULL));
		assert_int_equal(a->org[r] == UINT32_MAX, b->org[r] == UINT32_MAX);
		if (a->org[r] != UINT32_MAX)
			assert_string_equal(nv_vocab_name(a->orgs, a->org[r]),
			                    nv_vocab_name(b->orgs, b->org[r]));
		assert_int_equal(a->district[r] == UINT32_MAX, b->district[r] == UINT32_MAX);
		if (a->district[r] != UINT32_MAX)
			assert_string_equal(nv_vocab_name(a->districts, a->district[r]),
			                    nv_vocab_name(b->districts, b->district[r]));
		if (a->name)
			assert_string_equal(a->name[r], b->name[r]);
		assert_int_equal(a->age[r], b->age[r]);
		assert_true(same_double(a->experience[r], b->experience[r]));
		assert_int_equal(a->capacity[r], b->capacity[r]);
		assert_int_equal(a->psych_type[r] < 0, b->psych_type[r] < 0);
		if (a->psych_type[r] >= 0)
			assert_string_equal(nv_vocab_name(a->psych_types, (uint32_t)a->psych_type[r]),
			                    nv_vocab_name(b->psych_types, (uint32_t)b->psych_type[r]));
		assert_tags_equal(a->subjects, a->subj, a->subj_off, b->subjects, b->subj, b->subj_off, r);
		assert_tags_equal(a->goals, a->goal, a->goal_off, b->goals, b->goal, b->goal_off, r);
		assert_tags_equal(a->form_names, a->form, a->form_off, b->form_names, b->form,
		                  b->form_off, r);
		for (size_t c = 0; c < a->n_psych; c++)
			assert_true(same_double(a->psych[c * a->n + r], b->psych[c * b->n + r]));
		for (size_t c = 0; c < a->n_area; c++) {
			assert_true(same_double(a->need[c * a->n + r], b->need[c * b->n + r]));
			assert_true(same_double(a->skill[c * a->n + r], b->skill[c * b->n + r]));
		}
	}
}

static void assert_tables_equal(const nv_table *a, const nv_table *b)
{
	assert_int_equal(a->n, b->n);
	assert_rows_equal(a, b, a->n);
	/* vocabularies in first-seen order */
	assert_int_equal(nv_vocab_count(a->subjects), nv_vocab_count(b->subjects));
	for (uint32_t i = 0; i < nv_vocab_count(a->subjects); i++)
		assert_string_equal(nv_vocab_name(a->subjects, i), nv_vocab_name(b->subjects, i));
}

static void reference_file_reads_to_known_values(void **state)
{
	(void)state;
	nv_diag *d;
	nv_table *t = read_ok(VALID "utf8.csv", NV_ENC_AUTO, &d);
	assert_int_equal(t->encoding, NV_ENC_UTF8);
	assert_int_equal(t->delimiter, ',');
	assert_int_equal(t->n, 7);
	/* the unknown column is one note */
	assert_int_equal(nv_diag_notes(d), 1);
	assert_string_equal(nv_diag_note_at(d, 0),
	                    VALID "utf8.csv:1:note: note: unknown column, not read");
	nv_diag_free(d);

	assert_string_equal(t->id[0], "t01");
	assert_int_equal(t->line[0], 2);
	assert_int_equal(t->line[1], 4); /* t01's name holds a newline */
	assert_int_equal(t->line[6], 9);
	assert_int_equal(t->role[0], NV_MENTOR);
	assert_int_equal(t->role[1], NV_MENTEE);
	assert_int_equal(t->category[0], NV_TEACHER);
	assert_int_equal(t->category[5], NV_COLLEGE_STUDENT);
	assert_int_equal(t->category[6], NV_EMPLOYER);
	assert_string_equal(t->name[0], "Иванова \"Ёлка\", Анна\nМихайловна");
	assert_string_equal(t->name[3], "Маша; Даша");
	assert_int_equal(t->age[0], -1);
	assert_int_equal(t->age[3], 12); /* "12.0" */
	assert_true(t->experience[0] == 12.0);
	assert_true(isnan(t->experience[2]));
	assert_int_equal(t->capacity[0], 2);
	assert_int_equal(t->capacity[1], 1); /* empty = 1 */
	assert_int_equal(t->capacity[6], 0);
	assert_int_equal(t->status[4], NV_ROW_NO_CONSENT);
	assert_int_equal(t->category[4], NV_CATEGORY_NONE); /* not read */
	assert_int_equal(t->status[0], NV_ROW_OK);
	assert_null(t->problem[0]);

	/* vocabularies: first-seen order */
	assert_string_equal(nv_vocab_name(t->orgs, t->org[0]), "sch1");
	assert_int_equal(t->org[0], 0);
	assert_int_equal(t->org[5], 1); /* col1; sch2 belongs to a no-consent row */
	assert_int_equal(nv_vocab_count(t->orgs), 3);
	assert_string_equal(nv_vocab_name(t->districts, t->district[5]), "d2");
	assert_int_equal(t->psych_type[0], 0);
	assert_int_equal(t->psych_type[3], -1);
	assert_string_equal(nv_vocab_name(t->psych_types, (uint32_t)t->psych_type[1]), "phlegmatic");

	/* tags: trimmed, empty ones skipped, sorted by id, no repeats */
	assert_string_equal(nv_vocab_name(t->subjects, 0), "math");
	assert_string_equal(nv_vocab_name(t->subjects, 1), "physics");
	assert_int_equal(t->subj_off[3] - t->subj_off[2], 2); /* " physics | math ||" */
	assert_int_equal(t->subj[t->subj_off[2]], 0);
	assert_int_equal(t->subj[t->subj_off[2] + 1], 1);
	assert_int_equal(t->subj_off[4] - t->subj_off[3], 1); /* "math|math" */
	assert_int_equal(t->form_off[1] - t->form_off[0], 2);
	assert_int_equal(t->form_off[2] - t->form_off[1], 0);

	/* numeric columns, column-major */
	assert_int_equal(t->n_psych, 2);
	assert_string_equal(t->psych_name[0], "calm");
	assert_string_equal(t->psych_name[1], "open");
	assert_true(t->psych[0 * t->n + 0] == 0.61);
	assert_true(t->psych[1 * t->n + 0] == -1.5);
	assert_true(t->psych[0 * t->n + 2] == 0.1); /* 1e-1 */
	assert_true(isnan(t->psych[0 * t->n + 3]));
	assert_int_equal(t->n_area, 1);
	assert_string_equal(t->area_name[0], "observation");
	assert_true(t->need[1] == 0.9);
	assert_true(t->need[0] == 0.0); /* empty */
	assert_true(t->skill[0] == 0.8);
	assert_true(t->skill[2] == 0.25);
	nv_table_free(t);
}

static void every_valid_variant_reads_to_the_same_table(void **state)
{
	(void)state;
	nv_table *ref = read_ok(VALID "utf8.csv", NV_ENC_AUTO, NULL);
	static const struct {
		const char *file;
		nv_encoding enc;
		char delim;
	} variants[] = {
		{VALID "utf8-bom-crlf.csv", NV_ENC_UTF8, ','},
		{VALID "cp1251-semicolon-crlf.csv", NV_ENC_CP1251, ';'},
		{VALID "tab-quoted.csv", NV_ENC_UTF8, '\t'},
	};
	for (size_t i = 0; i < sizeof variants / sizeof *variants; i++) {
		nv_table *t = read_ok(variants[i].file, NV_ENC_AUTO, NULL);
		assert_int_equal(t->encoding, variants[i].enc);
		assert_int_equal(t->delimiter, variants[i].delim);
		assert_tables_equal(ref, t);
		nv_table_free(t);
	}
	nv_table_free(ref);
}

static void forced_cp1251_reads_the_excel_variant_the_same(void **state)
{
	(void)state;
	nv_table *ref = read_ok(VALID "utf8.csv", NV_ENC_UTF8, NULL);
	nv_table *t = read_ok(VALID "cp1251-semicolon-crlf.csv", NV_ENC_CP1251, NULL);
	assert_int_equal(t->encoding, NV_ENC_CP1251);
	assert_tables_equal(ref, t);
	nv_table_free(t);
	nv_table_free(ref);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	char *buf = NULL;
	size_t cap = 0;
	*len = 0;
	for (;;) {
		if (*len + 4096 > cap) {
			cap = cap ? 2 * cap : 8192;
			buf = realloc(buf, cap);
		}
		size_t k = fread(buf + *len, 1, 4096, f);
		*len += k;
		if (!k)
			break;
	}
	fclose(f);
	return buf;
}

static void buffer_reads_like_the_file(void **state)
{
	(void)state;
	nv_table *ref = read_ok(VALID "cp1251-semicolon-crlf.csv", NV_ENC_AUTO, NULL);
	size_t len;
	char *bytes = slurp(VALID "cp1251-semicolon-crlf.csv", &len);
	nv_table *t = NULL;
	nv_diag *d = nv_diag_new(0);
	assert_int_equal(nv_table_read_buffer("mem.csv", bytes, len, NULL, &t, d), NV_OK);
	assert_int_equal(nv_diag_errors(d), 0);
	assert_string_equal(t->path, "mem.csv");
	assert_tables_equal(ref, t);
	nv_table_free(t);
	nv_table_free(ref);
	nv_diag_free(d);
	free(bytes);
}

/* A device is read whole as a pipe is, but one that never ends (/dev/zero)
 * is cut at 64 MiB with a message, not read forever; /dev/null is an empty
 * file. */
static void a_device_that_never_ends_is_refused(void **state)
{
	(void)state;
	nv_diag *d = nv_diag_new(0);
	nv_table *t = NULL;
	assert_int_equal(nv_table_read("/dev/zero", NULL, &t, d), NV_EDATA);
	assert_null(t);
	assert_int_equal(nv_diag_errors(d), 1);
	assert_string_equal(nv_diag_error_at(d, 0),
	                    "/dev/zero: a device that gives more than 64 MiB: save the table to "
	                    "a file first");
	nv_diag_free(d);
	d = nv_diag_new(0);
	assert_int_equal(nv_table_read("/dev/null", NULL, &t, d), NV_EDATA);
	assert_null(t);
	assert_string_equal(nv_diag_error_at(d, 0), "/dev/null: empty file");
	nv_diag_free(d);
}

/* A pipe (<(iconv ...), /dev/stdin) cannot be read twice, as the encoding
 * pass does: it is read whole first, and gives the file's table. */
static void a_pipe_reads_like_the_file(void **state)
{
	(void)state;
	const char *file = VALID "cp1251-semicolon-crlf.csv";
	nv_table *ref = read_ok(file, NV_ENC_AUTO, NULL);
	size_t len;
	char *bytes = slurp(file, &len);
	char fifo[64];
	snprintf(fifo, sizeof fifo, "/tmp/nv-test-%ld.pipe", (long)getpid());
	unlink(fifo);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	pid_t child = fork();
	assert_true(child >= 0);
	if (child == 0) { /* the writer, in 1000-byte pieces */
		FILE *f = fopen(fifo, "wb");
		for (size_t at = 0; f && at < len; at += 1000)
			fwrite(bytes + at, 1, len - at < 1000 ? len - at : 1000, f);
		_exit(f && fclose(f) == 0 ? 0 : 1);
	}
	nv_diag *d = nv_diag_new(0);
	nv_table *t = NULL;
	int rc = nv_table_read(fifo, NULL, &t, d);
	int st = 0;
	waitpid(child, &st, 0);
	unlink(fifo);
	assert_int_equal(rc, NV_OK);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	assert_int_equal(t->encoding, NV_ENC_CP1251);
	assert_int_equal(t->delimiter, ';');
	assert_tables_equal(ref, t);
	nv_table_free(t);
	nv_table_free(ref);
	nv_diag_free(d);
	free(bytes);
}

static nv_table *read_text(const char *text, nv_encoding enc, nv_diag *d)
{
	nv_read_params p;
	nv_read_params_init(&p);
	p.encoding = enc;
	nv_table *t = NULL;
	nv_table_read_buffer("x.csv", text, strlen(text), &p, &t, d);
	return t;
}

/* t, read with no error in d */
static nv_table *t_ok(nv_table *t, const nv_diag *d)
{
	if (!t || nv_diag_errors(d)) {
		nv_diag_print(d, stderr);
		fail_msg("did not read cleanly");
	}
	return t;
}

/* The Excel variant with `prefix` before it reads to the same table, its
 * rows `lines` further down, ';'-separated and in Windows-1251 */
static void assert_reads_like_excel_variant_after(const char *prefix, long lines)
{
	nv_table *ref = read_ok(VALID "cp1251-semicolon-crlf.csv", NV_ENC_AUTO, NULL);
	size_t len, n = strlen(prefix);
	char *bytes = slurp(VALID "cp1251-semicolon-crlf.csv", &len);
	char *text = malloc(n + len);
	assert_non_null(text);
	memcpy(text, prefix, n);
	memcpy(text + n, bytes, len);
	nv_table *t = NULL;
	nv_diag *d = nv_diag_new(0);
	assert_int_equal(nv_table_read_buffer("p.csv", text, n + len, NULL, &t, d), NV_OK);
	assert_int_equal(nv_diag_errors(d), 0);
	assert_int_equal(t->encoding, NV_ENC_CP1251);
	assert_int_equal(t->delimiter, ';');
	for (size_t r = 0; r < t->n; r++) {
		assert_int_equal(t->line[r], ref->line[r] + lines);
		t->line[r] -= lines;
	}
	assert_tables_equal(ref, t);
	nv_table_free(t);
	nv_table_free(ref);
	nv_diag_free(d);
	free(text);
	free(bytes);
}

/* text, whose one row (line 3) has age 'x', read with delim, that one
 * error named by the header's column, and the row's name when given */
static void assert_delimiter_and_age_x(const char *text, char delim, const char *name)
{
	nv_diag *d = nv_diag_new(0);
	nv_table *t = read_text(text, NV_ENC_AUTO, d);
	assert_non_null(t);
	assert_int_equal(t->delimiter, delim);
	if (name)
		assert_string_equal(t->name[0], name);
	assert_int_equal(nv_diag_errors(d), 1);
	assert_string_equal(nv_diag_error_at(d, 0), "x.csv:3:age: 'x' is not a number");
	nv_table_free(t);
	nv_diag_free(d);
}

/* Excel's first line "sep=;" names the delimiter: the header is line 2. */
static void a_sep_line_names_the_delimiter(void **state)
{
	(void)state;
	assert_reads_like_excel_variant_after("sep=;\r\n", 1);
	/* the header's commas do not outvote it */
	assert_delimiter_and_age_x("sep=;\nid;role;category;org;consent;age;name\n"
	                           "s1;mentee;student;sch1;1;x;Иванов, Иван, Петрович\n",
	                           ';', "Иванов, Иван, Петрович");
}

/* Blank lines before the header: the delimiter is still the header's */
static void blank_lines_before_the_header_keep_its_delimiter(void **state)
{
	(void)state;
	assert_reads_like_excel_variant_after("\r\n  \r\n", 2);
	/* TAB, after an empty line; an error names the header's column */
	assert_delimiter_and_age_x("\nid\trole\tcategory\torg\tconsent\tage\n"
	                           "s1\tmentee\tstudent\tsch1\t1\tx\n",
	                           '\t', NULL);
}

static void cyrillic_capitals_and_words_are_case_insensitive(void **state)
{
	(void)state;
	nv_diag *d = nv_diag_new(0);
	nv_table *t =
	        read_text("Id,ROLE,Category,ORG,Consent,experience_years\n"
	                  "a,НАСТАВНИК,Teacher,o,ДА,5\n"
	                  "b,наставляемый,TEACHER,o,Yes,1\n"
	                  "c,Наставляемый,teacher,o,НЕТ,\n"
	                  "d,MENTOR,teacher,o,No,\n"
	                  "e,mentor,teacher,o,ИСТИНА,7\n"
	                  "f,mentor,teacher,o,ЛОЖЬ,\n"
	                  "g,mentor,teacher,o,TRUE,7\n"
	                  "\xC2\xA0h\xC2\xA0,mentor\xC2\xA0,teacher,o,1,\xC2\xA0 12.5\xC2\xA0\n"
	                  "\xEF\xBB\xBFi\xE2\x80\x8B,\xE2\x80\x8Bmentor,teacher,o,1,3\xEF\xBB\xBF\n"
	                  "j\xE2\x80\x8Bk,mentor,teacher,o,1,2\n",
	                  NV_ENC_AUTO, d);
	assert_non_null(t);
	assert_int_equal(nv_diag_errors(d), 0);
	assert_int_equal(t->role[0], NV_MENTOR);
	assert_int_equal(t->role[1], NV_MENTEE);
	assert_int_equal(t->role[2], NV_MENTEE);
	assert_int_equal(t->role[3], NV_MENTOR);
	assert_int_equal(t->status[0], NV_ROW_OK);
	assert_int_equal(t->status[2], NV_ROW_NO_CONSENT);
	assert_int_equal(t->status[3], NV_ROW_NO_CONSENT);
	assert_int_equal(t->status[4], NV_ROW_OK); /* Excel's booleans */
	assert_int_equal(t->status[5], NV_ROW_NO_CONSENT);
	assert_int_equal(t->status[6], NV_ROW_OK);
	assert_string_equal(t->id[7], "h"); /* no-break spaces trimmed */
	assert_int_equal(t->role[7], NV_MENTOR);
	assert_true(t->experience[7] == 12.5);
	/* a joined file's byte order mark and zero-width spaces at the ends of
	 * a cell too, not inside it */
	assert_string_equal(t->id[8], "i");
	assert_int_equal(t->role[8], NV_MENTOR);
	assert_true(t->experience[8] == 3);
	assert_string_equal(t->id[9], "j\xE2\x80\x8Bk");
	assert_null(t->name); /* no name column */
	assert_string_equal(nv_vocab_name(t->districts, t->district[0]), ""); /* no column */
	nv_table_free(t);
	nv_diag_free(d);
}

static void no_break_spaces_are_trimmed_like_spaces(void **state)
{
	(void)state;
	nv_diag *d = nv_diag_new(0);
	/* U+00A0 around cells and tags, as Excel leaves it; cp1251 0xA0 too */
	nv_table *t = read_text("id;role;category;org;consent;age;subjects\n"
	                        "s1;mentee;student;o;1;\xA0" "12\xA0;math\xA0|\xA0physics\xA0|\xA0\n",
	                        NV_ENC_AUTO, d);
	assert_non_null(t);
	assert_int_equal(nv_diag_errors(d), 0);
	assert_int_equal(t->encoding, NV_ENC_CP1251);
	assert_int_equal(t->age[0], 12);
	assert_int_equal(t->subj_off[1], 2);
	assert_string_equal(nv_vocab_name(t->subjects, 0), "math");
	assert_string_equal(nv_vocab_name(t->subjects, 1), "physics");
	nv_table_free(t);
	nv_diag_free(d);
}

/* Excel leaves out a row's last separators when its last cells are
 * empty: such a row reads with those cells empty, and empty fields past
 * the header are left out, each with a note; a row too short for the
 * required columns, or with text past the header, stays an error. */
static void a_row_cut_after_its_last_text_reads_with_empty_cells(void **state)
{
	(void)state;
	nv_diag *d = nv_diag_new(0);
	nv_table *t = read_text("id;role;category;org;consent;age;subjects;forms\n"
	                        "s1;mentee;student;o;1;12;math;student-student\n"
	                        "s2;mentee;student;o;1;13\n"
	                        "s3;mentor;student;o;1;16;math;;;\n"
	                        "s4;mentee;student;o;1;14;art\n"
	                        "s5;mentee;student;o;1;15\n",
	                        NV_ENC_AUTO, d);
	assert_non_null(t);
	assert_int_equal(nv_diag_errors(d), 0);
	assert_int_equal(t->n, 5);
	/* a short row after a longer one: its missing cells empty, not the
	 * last row's */
	assert_int_equal(t->subj_off[4] - t->subj_off[3], 1);
	assert_int_equal(t->subj_off[5], t->subj_off[4]);
	assert_int_equal(t->age[4], 15);
	assert_int_equal(t->status[1], NV_ROW_OK);
	assert_int_equal(t->age[1], 13);
	assert_int_equal(t->subj_off[2], t->subj_off[1]); /* no subjects */
	assert_int_equal(t->form_off[2], t->form_off[1]); /* any form */
	assert_int_equal(t->status[2], NV_ROW_OK);
	assert_int_equal(t->age[2], 16);
	assert_int_equal(nv_diag_notes(d), 4);
	assert_string_equal(nv_diag_note_at(d, 0),
	                    "x.csv:3: note: 6 fields, the header has 8: the missing last cells are "
	                    "read as empty (as Excel saves a row whose last cells are empty)");
	assert_string_equal(nv_diag_note_at(d, 1), "x.csv:4: note: 10 fields, the header has 8: "
	                                           "the empty ones past it are "
	                                           "left out");
	nv_table_free(t);
	nv_diag_free(d);
	/* more than the few noted: counted */
	char text[4096] = "id;role;category;org;consent;age;subjects\n";
	for (int i = 0; i < 14; i++)
		snprintf(text + strlen(text), sizeof text - strlen(text),
		         "e%d;mentee;student;o;1;12\n", i);
	d = nv_diag_new(0);
	t = read_text(text, NV_ENC_AUTO, d);
	assert_non_null(t);
	assert_int_equal(nv_diag_errors(d), 0);
	assert_int_equal(nv_diag_notes(d), NV_NOTES_SHOWN + 1);
	assert_string_equal(nv_diag_note_at(d, NV_NOTES_SHOWN),
	                    "x.csv:15: note: ... and 4 more rows with fewer fields than the "
	                    "header, "
	                    "read with empty last cells");
	nv_table_free(t);
	nv_diag_free(d);
	/* consent missing from the row: an error, not an empty cell */
	d = nv_diag_new(0);
	t = read_text("id;role;category;org;age;consent\ns1;mentee;student;o;12\n", NV_ENC_AUTO, d);
	assert_non_null(t);
	assert_int_equal(t->status[0], NV_ROW_INVALID);
	assert_int_equal(nv_diag_errors(d), 1);
	assert_string_equal(nv_diag_error_at(d, 0), "x.csv:2: 5 fields, but the header has 6");
	nv_table_free(t);
	nv_diag_free(d);
	/* DOS's end-of-file mark (0x1A) after the last line is no row */
	d = nv_diag_new(0);
	t = read_text("id;role;category;org;consent;age\ns1;mentee;student;o;1;12\r\n\x1A",
	              NV_ENC_AUTO, d);
	assert_non_null(t);
	assert_int_equal(t->n, 1);
	assert_int_equal(nv_diag_errors(d) + nv_diag_notes(d), 0);
	nv_table_free(t);
	nv_diag_free(d);
	/* and as the very last byte with no line break before it: the last
	 * cell is read whole without it */
	d = nv_diag_new(0);
	t = read_text("id;role;category;org;consent;age\ns1;mentee;student;o;1;12\x1A", NV_ENC_AUTO,
	              d);
	assert_non_null(t);
	assert_int_equal(t->n, 1);
	assert_int_equal(nv_diag_errors(d) + nv_diag_notes(d), 0);
	assert_int_equal(t->age[0], 12);
	nv_table_free(t);
	nv_diag_free(d);
	/* anywhere else it is a control character like any */
	d = nv_diag_new(0);
	t = read_text("id;role;category;org;consent;age;name\ns1;mentee;student;o;1;12;\x1A\n"
	              "s2;mentee;student;o;1;12;x\n",
	              NV_ENC_AUTO, d);
	assert_non_null(t);
	assert_int_equal(nv_diag_errors(d), 1);
	assert_string_equal(nv_diag_error_at(d, 0),
	                    "x.csv:2:name: control character at byte 1 of the field");
	nv_table_free(t);
	nv_diag_free(d);
}

/* A quoted cell may begin or end with a line break (Excel's Alt+Enter):
 * trimmed like a space, in words, numbers, ids and tags alike. */
static void line_breaks_at_a_quoted_cells_edges_are_trimmed(void **state)
{
	(void)state;
	nv_diag *d = nv_diag_new(0);
	nv_table *t = read_text("id,role,category,org,consent,age,experience_years,subjects\n"
	                        "\"t1\n\",\"mentor\r\n\",teacher,\"o1\n\",\"1\n\",,\"\r\n10\","
	                        "\"math|\nphysics\r\n\"\n"
	                        "s1,mentee,student,o1,1,12,,\"\nphysics\"\n",
	                        NV_ENC_AUTO, d);
	assert_non_null(t);
	assert_int_equal(nv_diag_errors(d), 0);
	assert_int_equal(t->n, 2);
	assert_string_equal(t->id[0], "t1");
	assert_int_equal(t->role[0], NV_MENTOR);
	assert_int_equal(t->status[0], NV_ROW_OK);
	assert_true(t->experience[0] == 10);
	assert_int_equal(t->org[0], t->org[1]);
	assert_int_equal(nv_vocab_count(t->subjects), 2);
	assert_string_equal(nv_vocab_name(t->subjects, 0), "math");
	assert_string_equal(nv_vocab_name(t->subjects, 1), "physics");
	assert_int_equal(t->subj_off[1] - t->subj_off[0], 2);
	assert_int_equal(t->subj_off[2] - t->subj_off[1], 1);
	assert_int_equal(t->line[1], 10); /* the breaks still count as lines */
	nv_table_free(t);
	nv_diag_free(d);
}

static void cp1251_with_accidental_utf8_pairs_is_still_cp1251(void **state)
{
	(void)state;
	/* "Пётр" in cp1251 is CF B8 F2 F0: CF B8 alone is a valid UTF-8 pair */
	const char text[] = "id,role,category,org,consent,name,experience_years\n"
	                    "a,\xED\xE0\xF1\xF2\xE0\xE2\xED\xE8\xEA,teacher,o,1,\xCF\xB8\xF2\xF0,4\n";
	nv_diag *d = nv_diag_new(0);
	nv_table *t = read_text(text, NV_ENC_AUTO, d);
	assert_non_null(t);
	assert_int_equal(nv_diag_errors(d), 0);
	assert_int_equal(t->encoding, NV_ENC_CP1251);
	assert_string_equal(t->name[0], "Пётр");
	assert_int_equal(t->role[0], NV_MENTOR);
	nv_table_free(t);
	nv_diag_free(d);
	/* one stray byte beside one valid letter, a tie: UTF-8, the stray
	 * byte's cell an error, the letter kept (cp1251 would read Р– unsaid) */
	d = nv_diag_new(0);
	t = read_text("id,role,category,org,consent,age,experience_years,name\n"
	              "t1,mentor,teacher,s1,1,,10,n\xE9\n"
	              "e1,mentee,student,s1,1,12,,\xD0\x96\n",
	              NV_ENC_AUTO, d);
	assert_non_null(t);
	assert_int_equal(t->encoding, NV_ENC_UTF8);
	assert_int_equal(nv_diag_errors(d), 1);
	assert_string_equal(nv_diag_error_at(d, 0),
	                    "x.csv:2:name: invalid UTF-8 at byte 2 of the field");
	assert_string_equal(t->name[1], "Ж");
	nv_table_free(t);
	nv_diag_free(d);
}

static void sample_district_is_valid_and_its_excel_part_reads_the_same(void **state)
{
	(void)state;
	nv_table *all = read_ok("data/samples/district.csv", NV_ENC_AUTO, NULL);
	assert_true(all->n >= 80 && all->n <= 150);
	size_t no_consent = 0, cats[NV_NCATEGORIES] = {0}, roles[2] = {0};
	for (size_t r = 0; r < all->n; r++) {
		assert_int_not_equal(all->status[r], NV_ROW_INVALID);
		if (all->status[r] == NV_ROW_NO_CONSENT) {
			no_consent++;
			continue;
		}
		cats[all->category[r]]++;
		roles[all->role[r]]++;
	}
	assert_true(no_consent >= 2);
	for (int c = 0; c < NV_NCATEGORIES; c++)
		assert_true(cats[c] > 0);
	assert_true(roles[NV_MENTOR] > 0 && roles[NV_MENTEE] > 0);
	assert_int_equal(all->n_area, 5);
	assert_true(all->n_psych >= 3);
	assert_non_null(all->name);

	nv_table *excel = read_ok("data/samples/district-excel.csv", NV_ENC_AUTO, NULL);
	assert_int_equal(excel->encoding, NV_ENC_CP1251);
	assert_int_equal(excel->delimiter, ';');
	assert_true(excel->n >= 30);
	assert_rows_equal(all, excel, excel->n);
	nv_table_free(excel);
	nv_table_free(all);
}

static void big_inputs_keep_every_column_in_place(void **state)
{
	(void)state;
	/* long rows first, short ones after: the size guessed from the first
	 * chunk is too small, so the columns move while reading */
	size_t cap = 2u << 20, len = 0;
	char *buf = malloc(cap);
	len += (size_t)snprintf(buf, cap, "id,role,category,org,consent,name,psych_a,need_x,skill_y,psych_b\n");
	char pad[201];
	memset(pad, 'x', 200);
	pad[200] = '\0';
	const size_t n = 5000;
	for (size_t r = 0; r < n; r++)
		len += (size_t)snprintf(buf + len, cap - len, "r%zu,mentee,employer,o,1,%s,%zu,0.%02zu,,-%zu\n",
		                        r, r < 2000 ? pad : "", r, r % 100, r);
	nv_diag *d = nv_diag_new(0);
	nv_table *t = NULL;
	assert_int_equal(nv_table_read_buffer("big.csv", buf, len, NULL, &t, d), NV_OK);
	assert_int_equal(nv_diag_errors(d), 0);
	assert_int_equal(t->n, n);
	assert_int_equal(t->n_psych, 2);
	assert_int_equal(t->n_area, 2);
	for (size_t r = 0; r < n; r++) {
		assert_true(t->psych[0 * n + r] == (double)r);
		assert_true(t->psych[1 * n + r] == -(double)r);
		assert_true(t->need[0 * n + r] == (double)(r % 100) / 100);
		assert_true(t->need[1 * n + r] == 0); /* no need_y column */
		assert_true(t->skill[0 * n + r] == 0); /* no skill_x column */
		assert_true(t->skill[1 * n + r] == 0); /* empty cells */
		assert_int_equal(t->line[r], (long)r + 2);
	}
	nv_table_free(t);
	nv_diag_free(d);
	free(buf);
}

static void vocab_ids_are_first_seen_order(void **state)
{
	(void)state;
	nv_vocab *v = nv_vocab_new();
	assert_int_equal(nv_vocab_intern(v, "b", 1), 0);
	assert_int_equal(nv_vocab_intern(v, "a", 1), 1);
	assert_int_equal(nv_vocab_intern(v, "b", 1), 0);
	assert_int_equal(nv_vocab_intern(v, "", 0), 2);
	assert_int_equal(nv_vocab_intern(v, "abc", 2), 3); /* "ab" */
	assert_int_equal(nv_vocab_find(v, "ab", 2), 3);
	assert_int_equal(nv_vocab_find(v, "abc", 3), -1);
	assert_int_equal(nv_vocab_count(v), 4);
	assert_string_equal(nv_vocab_name(v, 3), "ab");
	/* many names survive the table's growth, into the huge-page sizes */
	char buf[32];
	for (int i = 0; i < 300000; i++) {
		snprintf(buf, sizeof buf, "name%d", i);
		assert_int_equal(nv_vocab_intern(v, buf, strlen(buf)), 4 + i);
	}
	for (int i = 0; i < 300000; i += 97) {
		snprintf(buf, sizeof buf, "name%d", i);
		assert_int_equal(nv_vocab_find(v, buf, strlen(buf)), 4 + i);
		assert_string_equal(nv_vocab_name(v, (uint32_t)(4 + i)), buf);
	}
	nv_vocab_free(v);
	nv_vocab_free(NULL);
}

static void diag_may_be_null(void **state)
{
	(void)state;
	nv_table *t = NULL;
	assert_int_equal(nv_table_read("tests/data/bad/duplicate-id.csv", NULL, &t, NULL), NV_OK);
	assert_int_equal(t->status[2], NV_ROW_INVALID);
	assert_string_equal(t->problem[2],
	                    "tests/data/bad/duplicate-id.csv:4:id: duplicate id 's1' (first on line 2)");
	nv_table_free(t);
	assert_int_equal(nv_table_read("tests/data/bad/empty.csv", NULL, &t, NULL), NV_EDATA);
	assert_null(t);
}

/* A Russian spreadsheet's header and words: the same table as the
 * English ones; a column named both ways is a repeat. */
static void russian_headers_and_categories_read_as_the_english(void **state)
{
	(void)state;
	nv_diag *d = nv_diag_new(0);
	nv_table *ru = read_text("Код;Роль;Категория;Школа;Район;ФИО;Возраст;Стаж;Согласие;"
	                         "Предметы;Цели;Психотип;Формы\n"
	                         "a;Наставник;Учитель;o;D;Иванова;;12;да;math;career;x;"
	                         "teacher-student\n"
	                         "b;наставляемая;ученица;o;D;;12;;да;math;;;\n"
	                         "c;наставница;студентка;o;D;;19;;да;;;;\n"
	                         "d;наставник;РАБОТОДАТЕЛЬ;e;D;;40;;да;;;;\n"
	                         "f;наставляемый;обучающийся;o;D;;11;;да;;;;\n"
	                         "g;наставник;педагог;o;D;;;4;да;;;;\n",
	                         NV_ENC_AUTO, d);
	assert_non_null(t_ok(ru, d));
	nv_table *en = read_text("id;role;category;org;district;name;age;experience_years;consent;"
	                         "subjects;goals;psych_type;forms\n"
	                         "a;mentor;teacher;o;D;Иванова;;12;yes;math;career;x;"
	                         "teacher-student\n"
	                         "b;mentee;student;o;D;;12;;yes;math;;;\n"
	                         "c;mentor;college_student;o;D;;19;;yes;;;;\n"
	                         "d;mentor;employer;e;D;;40;;yes;;;;\n"
	                         "f;mentee;student;o;D;;11;;yes;;;;\n"
	                         "g;mentor;teacher;o;D;;;4;yes;;;;\n",
	                         NV_ENC_AUTO, d);
	assert_non_null(t_ok(en, d));
	assert_tables_equal(ru, en);
	assert_string_equal(ru->forms_col, "Формы");
	assert_string_equal(en->forms_col, "forms");
	nv_table_free(ru);
	nv_table_free(en);
	nv_diag_free(d);

	/* the mentor's places, by any of the names a curator gives them */
	static const char *const places[] = {"Мест",
	                                     "число мест",
	                                     "КОЛИЧЕСТВО МЕСТ",
	                                     "Кол-во мест",
	                                     "Вместимость",
	                                     "Число наставляемых",
	                                     "Количество наставляемых",
	                                     " Кол-во наставляемых "};
	for (size_t k = 0; k < sizeof places / sizeof *places; k++) {
		char text[200];
		snprintf(text, sizeof text,
		         "Код;Роль;Категория;Школа;Согласие;Возраст;%s\n"
		         "a;наставник;ученик;o;да;16;3\n",
		         places[k]);
		d = nv_diag_new(0);
		nv_table *t = read_text(text, NV_ENC_AUTO, d);
		assert_non_null(t_ok(t, d));
		assert_int_equal(nv_diag_notes(d), 0); /* no unknown column */
		assert_int_equal(t->capacity[0], 3);
		nv_table_free(t);
		nv_diag_free(d);
	}

	d = nv_diag_new(0);
	assert_null(
	        read_text("id,role,category,org,consent,age,Возраст\na,mentee,student,o,1,12,12\n",
	                  NV_ENC_AUTO, d));
	assert_string_equal(nv_diag_error_at(d, 0),
	                    "x.csv:1:Возраст: duplicate column (first is column 6, 'age')");
	nv_diag_free(d);
}

/* Names that differ only in letter case or spaces, and tags written as a
 * list with commas, read as they are, with a note each. */
static void near_twin_names_and_comma_tags_are_noted(void **state)
{
	(void)state;
	nv_diag *d = nv_diag_new(0);
	nv_table *t = read_text("id,role,category,org,age,consent,subjects,goals\n"
	                        "a,mentor,student,СОШ №5,16,1,Математика,\"olympiad, career\"\n"
	                        "b,mentee,student,сош №5,12,1,математика|физика,\n"
	                        "c,mentee,student,СОШ\xC2\xA0№ 5,12,1,,\n"
	                        "d,mentee,student,Сош №5,12,0,,\n"
	                        "e,mentee,student,СОШ №5,12,1,МАТЕМАТИКА,\n",
	                        NV_ENC_AUTO, d);
	assert_non_null(t);
	assert_int_equal(nv_diag_errors(d), 0);
	/* three organisations and three subjects, as SPEC compares them */
	assert_int_equal(nv_vocab_count(t->orgs), 3);
	assert_true(t->org[0] == t->org[4] && t->org[0] != t->org[1]);
	static const char *const want[] = {
	        "x.csv:3:org: note: 'сош №5' differs from 'СОШ №5' (line 2) only in letter case or "
	        "spaces: read as two organisations",
	        "x.csv:4:org: note: 'СОШ\xC2\xA0№ 5' differs from 'СОШ №5' (line 2) only in letter "
	        "case or spaces: read as two organisations",
	        "x.csv:3:subjects: note: 'математика' differs from 'Математика' (line 2) only in "
	        "letter case or spaces: read as two subjects, not shared",
	        "x.csv:6:subjects: note: 'МАТЕМАТИКА' differs from 'Математика' (line 2) only in "
	        "letter case or spaces: read as two subjects, not shared",
	        "x.csv:2:goals: note: 'olympiad, career' is read as one tag: tags are separated by "
	        "'|' (math|physics)"};
	assert_int_equal(nv_diag_notes(d), sizeof want / sizeof *want);
	for (size_t k = 0; k < sizeof want / sizeof *want; k++)
		assert_string_equal(nv_diag_note_at(d, k), want[k]);
	nv_table_free(t);
	nv_diag_free(d);

	/* the forms column's lists may use ',' and ';' as well as '|' */
	d = nv_diag_new(0);
	t = read_text("id,role,category,org,age,consent,forms\n"
	              "a,mentor,student,o,16,1,\"student-student, teacher-student;x|y\"\n",
	              NV_ENC_AUTO, d);
	assert_non_null(t);
	assert_int_equal(nv_diag_notes(d), 0);
	assert_int_equal(t->form_off[1], 4);
	nv_table_free(t);
	nv_diag_free(d);
}

static void words_name_roles_and_categories(void **state)
{
	(void)state;
	assert_string_equal(nv_role_word(NV_MENTOR), "mentor");
	assert_string_equal(nv_role_word(NV_MENTEE), "mentee");
	assert_string_equal(nv_category_word(NV_STUDENT), "student");
	assert_string_equal(nv_category_word(NV_TEACHER), "teacher");
	assert_string_equal(nv_category_word(NV_COLLEGE_STUDENT), "college_student");
	assert_string_equal(nv_category_word(NV_EMPLOYER), "employer");
	nv_table_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(reference_file_reads_to_known_values),
	        cmocka_unit_test(every_valid_variant_reads_to_the_same_table),
	        cmocka_unit_test(forced_cp1251_reads_the_excel_variant_the_same),
	        cmocka_unit_test(buffer_reads_like_the_file),
	        cmocka_unit_test(a_sep_line_names_the_delimiter),
	        cmocka_unit_test(blank_lines_before_the_header_keep_its_delimiter),
	        cmocka_unit_test(a_pipe_reads_like_the_file),
	        cmocka_unit_test(a_device_that_never_ends_is_refused),
	        cmocka_unit_test(cyrillic_capitals_and_words_are_case_insensitive),
	        cmocka_unit_test(no_break_spaces_are_trimmed_like_spaces),
	        cmocka_unit_test(a_row_cut_after_its_last_text_reads_with_empty_cells),
	        cmocka_unit_test(line_breaks_at_a_quoted_cells_edges_are_trimmed),
	        cmocka_unit_test(cp1251_with_accidental_utf8_pairs_is_still_cp1251),
	        cmocka_unit_test(sample_district_is_valid_and_its_excel_part_reads_the_same),
	        cmocka_unit_test(big_inputs_keep_every_column_in_place),
	        cmocka_unit_test(vocab_ids_are_first_seen_order),
	        cmocka_unit_test(diag_may_be_null),
	        cmocka_unit_test(words_name_roles_and_categories),
	        cmocka_unit_test(russian_headers_and_categories_read_as_the_english),
	        cmocka_unit_test(near_twin_names_and_comma_tags_are_noted),
	};
	return cmocka_run_group_tests_name("data", tests, NULL, NULL);
}
