/* test_data_io.c (the other CSV inputs — edges, capacities, constraints —
 * and the writers: output sets, CSV and JSON strings) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli_dir.h"
#include "data.h"

static char *put(const char *name, const char *bytes)
{
	char *p = nv_xasprintf("%s/%s", cli_dir, name);
	FILE *f = fopen(p, "wb");
	fputs(bytes, f);
	fclose(f);
	return p;
}

static size_t count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	size_t n = 0;
	struct dirent *e;
	while (d && (e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	if (d)
		closedir(d);
	return n;
}

/* got is path followed by rest (a message as the diag made it) */
static void assert_at(const char *got, const char *path, const char *rest)
{
	size_t n = strlen(path);
	if (strncmp(got, path, n) || strcmp(got + n, rest))
		fail_msg("got \"%s\", wanted \"%s%s\"", got, path, rest);
}

/* --- edges --- */

static void edges_read_by_column_name(void **state)
{
	(void)state;
	char *p = put("e.csv", "Mentee_ID;mentor_id;score;form;psych;subjects;goals;needs\r\n"
	                       "e1;m1;0,5;teacher-student;0.1;0.2;0.1;0.1\r\n"
	                       "e2;m1;0.25;teacher-student;0;0;0;0.25\r\n"
	                       "e1;m2;1;;0.35;0.25;0.15;0.25\r\n");
	nv_diag *d = nv_diag_new(0);
	nv_edges *e = NULL;
	assert_int_equal(nv_edges_read(p, NV_ENC_AUTO, &e, d), NV_OK);
	assert_int_equal(e->n, 3);
	assert_string_equal(nv_vocab_name(e->mentors, e->mentor[0]), "m1");
	assert_string_equal(nv_vocab_name(e->mentees, e->mentee[1]), "e2");
	assert_int_equal(e->mentor[2], 1);
	assert_true(e->score[0] == 0.5);
	assert_true(e->score[1] == 0.25);
	assert_string_equal(nv_vocab_name(e->forms, e->form[0]), "teacher-student");
	assert_string_equal(nv_vocab_name(e->forms, e->form[2]), "");
	assert_non_null(e->psych);
	assert_true(e->needs[1] == 0.25);
	assert_int_equal(e->line[2], 4);
	nv_edges_free(e);
	nv_diag_free(d);
	free(p);

	p = put("e2.csv", "mentor_id,mentee_id,score\nm1,e1,0.5\n");
	d = nv_diag_new(0);
	assert_int_equal(nv_edges_read(p, NV_ENC_AUTO, &e, d), NV_OK);
	assert_null(e->psych);
	assert_string_equal(nv_vocab_name(e->forms, e->form[0]), "");
	nv_edges_free(e);
	nv_diag_free(d);
	free(p);

	/* an id on both sides (x with itself, a cycle): read, with a note at
	 * each one's first row as a mentee */
	p = put("eb.csv", "mentor_id,mentee_id,score\nx,x,0.5\na,b,0.3\nb,c,0.4\nb,a,0.1\n");
	d = nv_diag_new(0);
	assert_int_equal(nv_edges_read(p, NV_ENC_AUTO, &e, d), NV_OK);
	assert_int_equal(e->n, 4);
	assert_int_equal(nv_diag_notes(d), 3);
	assert_at(nv_diag_note_at(d, 0), p,
	          ":2:mentee_id: note: 'x' is a mentor too: solve pairs its two "
	          "sides apart");
	assert_at(nv_diag_note_at(d, 1), p,
	          ":3:mentee_id: note: 'b' is a mentor too: solve pairs its two "
	          "sides apart");
	assert_at(nv_diag_note_at(d, 2), p,
	          ":5:mentee_id: note: 'a' is a mentor too: solve pairs its two "
	          "sides apart");
	nv_edges_free(e);
	nv_diag_free(d);
	free(p);

	/* scores to six decimals, half away from zero as the text reads
	 * (0.5000005's double is a hair under it: llround gave 0.500000) */
	p = put("er.csv", "mentor_id,mentee_id,score\n"
	                  "m1,e1,0.5000005\nm1,e2,0.0000035\nm1,e3,-0.5000005\n"
	                  "m1,e4,1.2345674999\nm1,e5,5e-7\nm1,e6,4.9e-7\n"
	                  "m1,e7,123456.0000005\nm1,e8,0.4999994999\nm1,e9,999999999.999999\n"
	                  "m1,e10,\"2,0000015\"\n");
	d = nv_diag_new(0);
	assert_int_equal(nv_edges_read(p, NV_ENC_AUTO, &e, d), NV_OK);
	const double want6[] = {0.500001, 0.000004,      -0.500001, 1.234567,         0.000001,
	                        0,        123456.000001, 0.499999,  999999999.999999, 2.000002};
	assert_int_equal(e->n, 10);
	for (size_t i = 0; i < 10; i++)
		if (e->score[i] != want6[i])
			fail_msg("line %zu: %.9f, not %.9f", i + 2, e->score[i], want6[i]);
	nv_edges_free(e);
	nv_diag_free(d);
	free(p);

	/* contributions: empty cells are none (NAN), and four that miss the
	 * score get a note (not those within the rounding of six decimals) */
	p = put("ec.csv", "mentor_id,mentee_id,score,psych,subjects,goals,needs\n"
	                  "m1,e1,0.5,5,5,5,5\n"
	                  "m1,e2,0.4,,,,\n"
	                  "m2,e1,0.400001,0.1,0.1,0.1,0.100003\n"
	                  "m2,e2,0.3,0.3,,0,\n");
	d = nv_diag_new(0);
	assert_int_equal(nv_edges_read(p, NV_ENC_AUTO, &e, d), NV_OK);
	assert_int_equal(nv_diag_errors(d), 0);
	assert_int_equal(nv_diag_notes(d), 1);
	assert_at(nv_diag_note_at(d, 0), p,
	          ":2: note: the contributions add up to 20.000000, not to "
	          "the score 0.500000");
	assert_true(isnan(e->psych[1]) && isnan(e->needs[1]) && isnan(e->subjects[3]));
	assert_true(e->psych[3] == 0.3 && e->goals[3] == 0);
	nv_edges_free(e);
	nv_diag_free(d);
	free(p);

	/* no header: SPEC §5's columns in order, said in a note; the first
	 * line is a pair, and a bad cell is named by its column */
	p = put("e5.csv", "m1;e1;0,5;f\nm1;e2;0,25;g\nm2;e2;x;f\n");
	d = nv_diag_new(0);
	assert_int_equal(nv_edges_read(p, NV_ENC_AUTO, &e, d), NV_EDATA);
	assert_int_equal(nv_diag_notes(d), 1);
	assert_at(nv_diag_note_at(d, 0), p,
	          ":1: note: no header: read as mentor_id,mentee_id,score,form");
	assert_int_equal(nv_diag_errors(d), 1);
	assert_at(nv_diag_error_at(d, 0), p, ":3:score: 'x' is not a number");
	nv_diag_free(d);
	free(p);
	p = put("e6.csv", "m1,e1,0.5\nm2,e1,0.75\n");
	d = nv_diag_new(0);
	assert_int_equal(nv_edges_read(p, NV_ENC_AUTO, &e, d), NV_OK);
	assert_int_equal(e->n, 2);
	assert_true(e->score[0] == 0.5 && e->score[1] == 0.75);
	assert_string_equal(nv_vocab_name(e->mentors, e->mentor[1]), "m2");
	assert_string_equal(nv_vocab_name(e->forms, e->form[0]), "");
	assert_int_equal(e->line[0], 1);
	assert_at(nv_diag_note_at(d, 0), p,
	          ":1: note: no header: read as mentor_id,mentee_id,score");
	nv_edges_free(e);
	nv_diag_free(d);
	free(p);
	/* a header that names no column is still a header, refused as one
	 * (no number third), and so is score's order without its header */
	p = put("e7.csv", "m1,e1,f,0.5,0.1,0.1,0.1,0.2\n");
	d = nv_diag_new(0);
	assert_int_equal(nv_edges_read(p, NV_ENC_AUTO, &e, d), NV_EDATA);
	assert_at(nv_diag_error_at(d, 0), p, ":1: missing required column 'mentor_id'");
	nv_diag_free(d);
	free(p);

	/* twelve unknown columns: a note for the first ten, one line for the rest */
	p = put("e3.csv", "mentor_id,mentee_id,score,a,b,c,d,e,f,g,h,i,j,k,l\n"
	                  "m1,e1,0.5,,,,,,,,,,,,\n");
	d = nv_diag_new(0);
	assert_int_equal(nv_edges_read(p, NV_ENC_AUTO, &e, d), NV_OK);
	assert_int_equal(nv_diag_notes(d), 11);
	assert_at(nv_diag_note_at(d, 9), p, ":1:j: note: unknown column, not used");
	assert_at(nv_diag_note_at(d, 10), p, ":1: note: ... and 2 more unknown columns, not used");
	nv_edges_free(e);
	nv_diag_free(d);
	free(p);

	/* columns with no name (Excel's trailing ';'): named by number, as in
	 * the participants file, not by an empty COLUMN ("e4.csv:1:: note") */
	p = put("e4.csv", "mentor_id,mentee_id,score,,x,\nm1,e1,0.5,,,\n");
	d = nv_diag_new(0);
	assert_int_equal(nv_edges_read(p, NV_ENC_AUTO, &e, d), NV_OK);
	assert_int_equal(nv_diag_notes(d), 2);
	assert_at(nv_diag_note_at(d, 0), p, ":1:x: note: unknown column, not used");
	assert_at(nv_diag_note_at(d, 1), p, ":1: note: columns 4, 6 have no name, not used");
	nv_edges_free(e);
	nv_diag_free(d);
	free(p);
}

/* text, read as edges, gives two pairs of forms f0 and f1. */
static void assert_two_forms(const char *name, const char *text, const char *f0, const char *f1)
{
	char *p = put(name, text);
	nv_diag *d = nv_diag_new(0);
	nv_edges *e = NULL;
	assert_int_equal(nv_edges_read(p, NV_ENC_AUTO, &e, d), NV_OK);
	assert_int_equal(e->n, 2);
	assert_string_equal(nv_vocab_name(e->forms, e->form[0]), f0);
	assert_string_equal(nv_vocab_name(e->forms, e->form[1]), f1);
	nv_edges_free(e);
	nv_diag_free(d);
	free(p);
}

static void edges_report_every_bad_row(void **state)
{
	(void)state;
	char *p = put("bad.csv", "mentor_id,mentee_id,score\nm1,e1,x\n,e2,0.1\nm1,e3,nan\nm2,e4\n");
	nv_diag *d = nv_diag_new(0);
	nv_edges *e = (nv_edges *)1;
	assert_int_equal(nv_edges_read(p, NV_ENC_AUTO, &e, d), NV_EDATA);
	assert_null(e);
	assert_int_equal(nv_diag_errors(d), 4);
	assert_at(nv_diag_error_at(d, 0), p, ":2:score: 'x' is not a number");
	assert_at(nv_diag_error_at(d, 1), p, ":3:mentor_id: missing value");
	assert_at(nv_diag_error_at(d, 2), p, ":4:score: 'nan' is not a finite number");
	assert_at(nv_diag_error_at(d, 3), p, ":5: 2 fields, but the header has 3");
	nv_diag_free(d);
	free(p);

	/* a row cut after its score (an empty form, as Excel saves it) reads,
	 * so do empty fields past the header; text past it does not */
	p = put("short.csv", "mentor_id,mentee_id,score,form\nm1,e1,0.5\nm2,e2,0.4,f,,\n"
	                     "m3,e3,0.3,f,x\n");
	d = nv_diag_new(0);
	assert_int_equal(nv_edges_read(p, NV_ENC_AUTO, &e, d), NV_EDATA);
	assert_int_equal(nv_diag_errors(d), 1);
	assert_at(nv_diag_error_at(d, 0), p, ":4: 5 fields, but the header has 4");
	nv_diag_free(d);
	free(p);
	assert_two_forms("short2.csv", "mentor_id,mentee_id,score,form\nm1,e1,0.5\nm2,e2,0.4,f,,\n",
	                 "", "f");
	/* a short row after a longer short one: its missing cells empty, not
	 * the last row's */
	assert_two_forms("short3.csv", "mentor_id,mentee_id,score,form,x\nm1,e1,0.5,f\nm2,e2,0.4\n",
	                 "f", "");
}

/* --- capacities --- */

/* text read as a capacity file without a word said: m1's and m2's */
static void assert_two_capacities(const nv_vocab *m, int32_t *cap, const char *text, int32_t c1,
                                  int32_t c2)
{
	char *p = put("capx.csv", text);
	nv_diag *d = nv_diag_new(0);
	assert_int_equal(nv_capacity_read(p, NV_ENC_AUTO, m, cap, d), NV_OK);
	assert_int_equal(cap[0], c1);
	assert_int_equal(cap[1], c2);
	assert_int_equal(nv_diag_errors(d) + nv_diag_notes(d), 0);
	nv_diag_free(d);
	free(p);
}

static void capacity_sets_known_mentors_and_notes_others(void **state)
{
	(void)state;
	nv_vocab *m = nv_vocab_new();
	nv_vocab_intern(m, "m1", 2);
	nv_vocab_intern(m, "m2", 2);
	nv_vocab_intern(m, "m3", 2);
	int32_t cap[3] = {1, 1, 1};
	char *p = put("cap.csv", "m2,3\nzz,4\nm3,0\n"); /* no header */
	nv_diag *d = nv_diag_new(0);
	assert_int_equal(nv_capacity_read(p, NV_ENC_AUTO, m, cap, d), NV_OK);
	assert_int_equal(cap[0], 1);
	assert_int_equal(cap[1], 3);
	assert_int_equal(cap[2], 0);
	assert_int_equal(nv_diag_notes(d), 1);
	assert_at(nv_diag_note_at(d, 0), p, ":2:mentor_id: note: unknown mentor 'zz', ignored");
	nv_diag_free(d);
	free(p);

	p = put("cap2.csv", "Mentor_ID,Capacity\nm1,2\nm1,5\nm2,-1\nm3,1.5\nm3,2147483648\n"
	                    "m2,\x7f\nm2,1\n");
	d = nv_diag_new(0);
	assert_int_equal(nv_capacity_read(p, NV_ENC_AUTO, m, cap, d), NV_EDATA);
	assert_int_equal(nv_diag_errors(d), 8);
	/* a capacity cell the reader refuses still names its mentor */
	assert_at(nv_diag_error_at(d, 7), p,
	          ":8:mentor_id: duplicate mentor 'm2' (first on line 4)");
	assert_at(nv_diag_error_at(d, 3), p,
	          ":6:capacity: '2147483648' is too large (at most 2147483647)");
	/* a mentor whose first line is bad is named all the same: its repeat
	 * is said in this run too */
	assert_at(nv_diag_error_at(d, 4), p,
	          ":6:mentor_id: duplicate mentor 'm3' (first on line 5)");
	assert_at(nv_diag_error_at(d, 0), p,
	          ":3:mentor_id: duplicate mentor 'm1' (first on line 2)");
	assert_at(nv_diag_error_at(d, 1), p, ":4:capacity: '-1' is not a whole number >= 0");
	assert_int_equal(cap[0], 2);
	nv_diag_free(d);
	free(p);

	/* no header, ';' and a decimal comma: one of each on the first line,
	 * and the delimiter is ';' (a comma may be a decimal comma) */
	assert_two_capacities(m, cap, "m1;2,0\r\nm2\t;1\r\n", 2, 1);
	/* Excel's empty column after the table, with the header too */
	assert_two_capacities(m, cap, "mentor_id;capacity;\r\nm1;4;\r\nm2;5;;\r\n", 4, 5);

	/* empty, or a header alone: every mentor keeps its capacity, and a
	 * note says so */
	const char *empty[] = {"", "mentor_id,capacity\n", ";;\n"};
	for (int i = 0; i < 3; i++) {
		cap[0] = cap[1] = cap[2] = 1;
		p = put("cap4.csv", empty[i]);
		d = nv_diag_new(0);
		assert_int_equal(nv_capacity_read(p, NV_ENC_AUTO, m, cap, d), NV_OK);
		assert_true(cap[0] == 1 && cap[1] == 1 && cap[2] == 1);
		assert_int_equal(nv_diag_errors(d), 0);
		assert_int_equal(nv_diag_notes(d), 1);
		assert_at(nv_diag_note_at(d, 0), p,
		          ": note: no capacities: every mentor keeps capacity 1");
		nv_diag_free(d);
		free(p);
	}

	/* a note for the first ten unknown mentors, one line for the rest */
	char rows[400] = "";
	for (int i = 0; i < 25; i++)
		snprintf(rows + strlen(rows), sizeof rows - strlen(rows), "z%d,1\n", i);
	p = put("cap3.csv", rows);
	d = nv_diag_new(0);
	assert_int_equal(nv_capacity_read(p, NV_ENC_AUTO, m, cap, d), NV_OK);
	assert_int_equal(nv_diag_notes(d), 11);
	assert_at(nv_diag_note_at(d, 9), p, ":10:mentor_id: note: unknown mentor 'z9', ignored");
	assert_at(nv_diag_note_at(d, 10), p,
	          ": note: ... and 15 more rows of unknown mentors, ignored");
	nv_diag_free(d);
	free(p);
	nv_vocab_free(m);
}

/* --- constraints --- */

/* A constraints file of `text` (its first n bytes, all when n is 0) is
 * refused with exactly one error, "FILE" + want */
static void assert_constraints_refused(const char *name, const char *text, size_t n,
                                       const char *want)
{
	char *p = nv_xasprintf("%s/%s", cli_dir, name);
	FILE *f = fopen(p, "wb");
	assert_non_null(f);
	fwrite(text, 1, n ? n : strlen(text), f);
	fclose(f);
	nv_diag *d = nv_diag_new(0);
	nv_constraints *c = NULL;
	assert_int_equal(nv_constraints_read(p, NV_ENC_AUTO, &c, d), NV_EDATA);
	assert_null(c);
	assert_int_equal(nv_diag_errors(d), 1);
	char *full = nv_xasprintf("%s%s", p, want);
	assert_string_equal(nv_diag_error_at(d, 0), full);
	free(full);
	nv_diag_free(d);
	free(p);
}

static void constraints_read_with_or_without_header(void **state)
{
	(void)state;
	char *p = put("c.csv", "KIND,mentor_id,mentee_id\nforbid,m1,e1\nFIX,m2,\"e 2\"\n");
	nv_diag *d = nv_diag_new(0);
	nv_constraints *c = NULL;
	assert_int_equal(nv_constraints_read(p, NV_ENC_AUTO, &c, d), NV_OK);
	assert_int_equal(c->n, 2);
	assert_int_equal(c->c[0].kind, NV_FORBID);
	assert_string_equal(c->c[0].mentor_id, "m1");
	assert_string_equal(c->c[0].mentee_id, "e1");
	assert_int_equal(c->c[0].line, 2);
	assert_int_equal(c->c[1].kind, NV_FIX);
	assert_string_equal(c->c[1].mentee_id, "e 2");
	assert_string_equal(c->path, p);
	nv_constraints_free(c);
	nv_diag_free(d);
	free(p);

	p = put("c2.csv", "fix;m1;e1\n");
	d = nv_diag_new(0);
	assert_int_equal(nv_constraints_read(p, NV_ENC_AUTO, &c, d), NV_OK);
	assert_int_equal(c->n, 1);
	assert_int_equal(c->c[0].kind, NV_FIX);
	assert_int_equal(c->c[0].line, 1);
	nv_constraints_free(c);
	nv_diag_free(d);
	free(p);

	/* a sheet with Russian headings and words, as a curator types them */
	p = put("c-ru.csv", "Тип;Наставник;Наставляемый\nЗапретить;m1;e1\nзапрет;m1;e2\n"
	                    "Закрепить;m2;e3\n");
	d = nv_diag_new(0);
	assert_int_equal(nv_constraints_read(p, NV_ENC_AUTO, &c, d), NV_OK);
	assert_int_equal(c->n, 3);
	assert_int_equal(c->c[0].kind, NV_FORBID);
	assert_int_equal(c->c[0].line, 2);
	assert_int_equal(c->c[1].kind, NV_FORBID);
	assert_int_equal(c->c[2].kind, NV_FIX);
	assert_string_equal(c->c[2].mentor_id, "m2");
	nv_constraints_free(c);
	nv_diag_free(d);
	free(p);

	/* an empty sheet: no constraints, not an error */
	const char *blank[] = {"", "\n\n", "\xEF\xBB\xBF\r\n", " \t\n"};
	for (size_t k = 0; k < sizeof blank / sizeof *blank; k++) {
		p = put("c0.csv", blank[k]);
		d = nv_diag_new(0);
		assert_int_equal(nv_constraints_read(p, NV_ENC_AUTO, &c, d), NV_OK);
		assert_int_equal(c->n, 0);
		assert_int_equal(nv_diag_errors(d), 0);
		nv_constraints_free(c);
		nv_diag_free(d);
		free(p);
	}
	/* but a lone byte that is not blank is read, and fails */
	p = put("c0.csv", "\xEF\n");
	d = nv_diag_new(0);
	assert_int_equal(nv_constraints_read(p, NV_ENC_AUTO, &c, d), NV_EDATA);
	nv_diag_free(d);
	free(p);

	/* one problem each, and not also "missing value" for the bad field */
	assert_constraints_refused("c4.csv",
	                           "kind,mentor_id,mentee_id\n"
	                           "fix,m1,\"\xD0\xB0\xD0\xB0\xD0\xB0\xFF\"\n",
	                           0, ":2:mentee_id: invalid UTF-8 at byte 7 of the field");
	/* an ESC in an id would reach the terminal: refused, as a NUL is */
	assert_constraints_refused("c5.csv", "kind,mentor_id,mentee_id\nfix,m\x1b[1m1,e1\n", 0,
	                           ":2:mentor_id: control character at byte 2 of the field");

	/* Excel's empty column after the table ("fix;m1;e1;"), and a blank
	 * line before a header that is not comma-separated */
	p = put("c6.csv",
	        "\r\nkind;mentor_id;mentee_id;\r\nfix;m1;e1;\r\nforbid;m2;e2;;\r\n;;;\r\n");
	d = nv_diag_new(0);
	assert_int_equal(nv_constraints_read(p, NV_ENC_AUTO, &c, d), NV_OK);
	assert_int_equal(c->n, 2);
	assert_int_equal(c->c[1].kind, NV_FORBID);
	assert_string_equal(c->c[1].mentee_id, "e2");
	assert_int_equal(c->c[1].line, 4);
	nv_constraints_free(c);
	nv_diag_free(d);
	free(p);
	/* but not a fourth value */
	assert_constraints_refused("c7.csv", "fix;m1;e1;x\n", 0,
	                           ":1: 4 fields, expected 3 (kind,mentor_id,mentee_id)");

	/* without a header the columns are still named as theirs, not by the
	 * first line's values; a control character or a NUL in a first line
	 * that is data is refused too (a header's names keep theirs: only the
	 * participants file has one), one problem each */
	assert_constraints_refused("c8.csv", "fix,ivanov,petrov\nforbid,sid\x01orov,petrov\n", 0,
	                           ":2:mentor_id: control character at byte 4 of the field");
	assert_constraints_refused("c10.csv", "fix,iv\x1bnov,petrov\n", 0,
	                           ":1:mentor_id: control character at byte 3 of the field");
	assert_constraints_refused("c9.csv", "fix,iv\0nov,petrov\n", 18,
	                           ":1:mentor_id: NUL byte at byte 3 of the field");

	p = put("c3.csv", "kind,mentor_id,mentee_id\nallow,m1,e1\nfix,m1\nforbid,,e1\n");
	d = nv_diag_new(0);
	assert_int_equal(nv_constraints_read(p, NV_ENC_AUTO, &c, d), NV_EDATA);
	assert_null(c);
	assert_int_equal(nv_diag_errors(d), 3);
	assert_at(nv_diag_error_at(d, 0), p,
	          ":2:kind: unknown kind 'allow' (forbid, fix; запретить, закрепить)");
	assert_at(nv_diag_error_at(d, 1), p, ":3: 2 fields, expected 3 (kind,mentor_id,mentee_id)");
	assert_at(nv_diag_error_at(d, 2), p, ":4:mentor_id: missing value");
	nv_diag_free(d);
	free(p);
}

/* --- writers --- */

typedef struct {
	size_t n;
	char rows[8][4][64];
	long line[8];
} collected;

static int collect(void *ud, long line, size_t nf, char **f, const uint8_t *bad)
{
	collected *c = ud;
	assert_null(bad);
	assert_true(nf == 4);
	for (size_t i = 0; i < nf; i++)
		snprintf(c->rows[c->n][i], 64, "%s", f[i]);
	c->line[c->n++] = line;
	return 0;
}

static void csv_put_round_trips_through_csv_each(void **state)
{
	(void)state;
	static const char *values[3][4] = {
		{"plain", "with,comma", "with;semi", "with\ttab"},
		{"say \"hi\"", "two\nlines", "cr\r\nlf", "Ёлка «ёж»"},
		{"", "|a|b|", "x", "\"\""},
	};
	char *p = nv_xasprintf("%s/rt.csv", cli_dir);
	FILE *f = fopen(p, "wb");
	for (int r = 0; r < 3; r++)
		for (int k = 0; k < 4; k++) {
			nv_csv_put(f, values[r][k]);
			fputc(k < 3 ? ',' : '\n', f);
		}
	fclose(f);
	collected c = {0};
	nv_diag *d = nv_diag_new(0);
	assert_int_equal(nv_csv_each(p, NV_ENC_AUTO, 0, NULL, collect, &c, d), NV_OK);
	assert_int_equal(c.n, 3);
	for (int r = 0; r < 3; r++)
		for (int k = 0; k < 4; k++)
			assert_string_equal(c.rows[r][k], values[r][k]);
	assert_int_equal(c.line[0], 1);
	assert_int_equal(c.line[1], 2);
	assert_int_equal(c.line[2], 5); /* row 2 spans lines 2-4 */
	nv_diag_free(d);
	unlink(p);
	free(p);
}

static int stop_at_two(void *ud, long line, size_t nf, char **f, const uint8_t *bad)
{
	(void)line, (void)nf, (void)f, (void)bad;
	int *n = ud;
	return ++*n == 2 ? 42 : 0;
}

/* Counts records in ud[0], and those with a refused cell in ud[1], whose
 * flag must be on that cell (the second) alone. */
static int count_bad(void *ud, long line, size_t nf, char **f, const uint8_t *bad)
{
	(void)line, (void)f;
	int *n = ud;
	n[0]++;
	if (bad) {
		n[1]++;
		assert_int_equal(nf, 2);
		assert_int_equal(bad[0], 0);
		assert_int_not_equal(bad[1], 0);
	}
	return 0;
}

/* A record with a cell the reader refuses still reaches the caller, with
 * that cell flagged (so that its ids count), and the file is refused. */
static void csv_each_hands_on_flagged_records(void **state)
{
	(void)state;
	char *p = put("fl.csv", "a,b\nc,d\x02\ne,f\n");
	int n[2] = {0, 0};
	nv_diag *d = nv_diag_new(0);
	assert_int_equal(nv_csv_each(p, NV_ENC_AUTO, 0, NULL, count_bad, n, d), NV_EDATA);
	assert_int_equal(n[0], 3);
	assert_int_equal(n[1], 1);
	assert_at(nv_diag_error_at(d, 0), p, ":2:b: control character at byte 2 of the field");
	nv_diag_free(d);
	free(p);
}

static void csv_each_stops_when_told(void **state)
{
	(void)state;
	char *p = put("s.csv", "a\nb\nc\n");
	int n = 0;
	nv_diag *d = nv_diag_new(0);
	assert_int_equal(nv_csv_each(p, NV_ENC_AUTO, 0, NULL, stop_at_two, &n, d), 42);
	assert_int_equal(n, 2);
	nv_diag_free(d);
	free(p);
}

static void json_put_escapes(void **state)
{
	(void)state;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	nv_json_put(f, "a\"b\\c\nd\te\x01Ё");
	fputc(' ', f);
	nv_json_put(f, NULL);
	fputc(' ', f);
	nv_json_put(f, "x\xe5y\xd0\x81\xed\xa0\x80\xc3"); /* cp1251, Ё, a surrogate, cut */
	fclose(f);
	assert_string_equal(buf, "\"a\\\"b\\\\c\\nd\\te\\u0001Ё\" null "
	                         "\"x\\udce5yЁ\\udced\\udca0\\udc80\\udcc3\"");
	free(buf);
}

static void outset_commit_renames_every_file(void **state)
{
	(void)state;
	char *sub = nv_xasprintf("%s/out/deeper", cli_dir);
	char *a = nv_xasprintf("%s/a.csv", sub);
	char *b = nv_xasprintf("%s/b.json", sub);
	nv_diag *d = nv_diag_new(0);
	nv_outset *o = nv_outset_new();
	FILE *fa = nv_outset_open(o, a, d);
	FILE *fb = nv_outset_open(o, b, d);
	assert_non_null(fa);
	assert_non_null(fb);
	fputs("x\n", fa);
	fputs("{}\n", fb);
	assert_int_equal(access(a, F_OK), -1); /* nothing in place before commit */
	assert_int_equal(count_entries(sub), 2); /* the two temporaries */
	assert_int_equal(nv_outset_commit(o, d), NV_OK);
	nv_outset_free(o);
	assert_int_equal(count_entries(sub), 2);
	FILE *f = fopen(a, "r");
	char line[16];
	assert_non_null(fgets(line, sizeof line, f));
	assert_string_equal(line, "x\n");
	fclose(f);
	assert_int_equal(access(b, F_OK), 0);
	unlink(a);
	unlink(b);
	rmdir(sub);
	char *out = nv_xasprintf("%s/out", cli_dir);
	rmdir(out);
	free(out);
	nv_diag_free(d);
	free(a);
	free(b);
	free(sub);
}

static void outset_without_commit_leaves_nothing(void **state)
{
	(void)state;
	char *a = nv_xasprintf("%s/keep.csv", cli_dir);
	nv_diag *d = nv_diag_new(0);
	size_t before = count_entries(cli_dir);
	nv_outset *o = nv_outset_new();
	FILE *f = nv_outset_open(o, a, d);
	fputs("partial", f);
	nv_outset_free(o);
	assert_int_equal(count_entries(cli_dir), before);
	assert_int_equal(access(a, F_OK), -1);
	nv_outset_free(NULL);

	/* a set that cannot be committed: the folder for the second file is a
	 * file, so opening fails and the caller drops the set */
	char *blocker = put("blocker", "x");
	char *b = nv_xasprintf("%s/blocker/b.csv", cli_dir);
	o = nv_outset_new();
	assert_non_null(nv_outset_open(o, a, d));
	assert_null(nv_outset_open(o, b, d));
	assert_int_equal(nv_diag_errors(d), 1);
	nv_outset_free(o);
	assert_int_equal(access(a, F_OK), -1);
	assert_int_equal(count_entries(cli_dir), before + 1); /* the blocker only */
	unlink(blocker);
	free(blocker);
	free(b);

	/* a target that is a folder fails the commit before any rename, so the
	 * file opened before it is not left in place either */
	char *folder = nv_xasprintf("%s/target", cli_dir);
	mkdir(folder, 0777);
	char *inner = nv_xasprintf("%s/target/x", cli_dir);
	fclose(fopen(inner, "w"));
	o = nv_outset_new();
	assert_non_null(nv_outset_open(o, a, d));
	assert_non_null(nv_outset_open(o, folder, d));
	assert_int_equal(nv_outset_commit(o, d), NV_EFAIL);
	char *want = nv_xasprintf("%s: cannot write: it is a folder", folder);
	assert_string_equal(nv_diag_error_at(d, nv_diag_errors(d) - 1), want);
	free(want);
	nv_outset_free(o);
	assert_int_equal(access(a, F_OK), -1);
	assert_int_equal(count_entries(cli_dir), before + 1); /* the folder only */
	unlink(inner);
	rmdir(folder);
	free(inner);
	free(folder);

	/* a pipe (or a device) would be replaced by the rename: refused at
	 * once, and it stays a pipe */
	char *fifo = nv_xasprintf("%s/pipe", cli_dir);
	assert_int_equal(mkfifo(fifo, 0666), 0);
	o = nv_outset_new();
	assert_null(nv_outset_open(o, fifo, d));
	want = nv_xasprintf("%s: cannot write: it is not a regular file (a device or a pipe)", fifo);
	assert_string_equal(nv_diag_error_at(d, nv_diag_errors(d) - 1), want);
	free(want);
	nv_outset_free(o);
	struct stat st;
	assert_int_equal(stat(fifo, &st), 0);
	assert_true(S_ISFIFO(st.st_mode));
	assert_int_equal(count_entries(cli_dir), before + 1); /* the pipe only */
	unlink(fifo);
	free(fifo);

	/* the folders a set made for a run that fails go with it; one that
	 * holds something else stays */
	char *deep = nv_xasprintf("%s/new/deeper/x.csv", cli_dir);
	o = nv_outset_new();
	assert_non_null(nv_outset_open(o, deep, d));
	nv_outset_free(o);
	assert_int_equal(count_entries(cli_dir), before);
	o = nv_outset_new();
	assert_non_null(nv_outset_open(o, deep, d));
	char *other = put("new/kept.csv", "x");
	nv_outset_free(o);
	assert_int_equal(count_entries(cli_dir), before + 1); /* new/ with kept.csv */
	unlink(other);
	char *made = nv_xasprintf("%s/new", cli_dir);
	assert_int_equal(rmdir(made), 0);
	free(made);
	free(other);
	free(deep);
	free(a);
	nv_diag_free(d);
}

/* Ctrl-C or a SIGTERM while a set is written: the process ends by the
 * signal and leaves neither the temporaries, nor a file in place, nor the
 * folders the set made; a committed set stays whole. */
static void a_signal_leaves_no_temporaries(void **state)
{
	(void)state;
	char *sub = nv_xasprintf("%s/sig", cli_dir);
	assert_int_equal(mkdir(sub, 0777), 0);
	const int sig[] = {SIGINT, SIGTERM, SIGHUP};
	for (size_t k = 0; k < sizeof sig / sizeof *sig; k++) {
		fflush(NULL);
		pid_t pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			nv_outset_signals();
			nv_diag *d = nv_diag_new(0);
			char *done = nv_xasprintf("%s/done.csv", sub);
			nv_outset *o = nv_outset_new();
			fputs("whole\n", nv_outset_open(o, done, d));
			int rc = nv_outset_commit(o, d);
			nv_outset_free(o);
			_exit(rc == NV_OK ? 0 : 3);
		}
		int status;
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			/* as from a terminal: a shell's background job starts
			 * with SIGINT ignored, and an ignored signal stays so */
			signal(sig[k], SIG_DFL);
			nv_outset_signals();
			nv_diag *d = nv_diag_new(0);
			char *a = nv_xasprintf("%s/made/deeper/a.csv", sub),
			     *b = nv_xasprintf("%s/b.json", sub);
			nv_outset *o = nv_outset_new();
			fputs("partial", nv_outset_open(o, a, d));
			fputs("{", nv_outset_open(o, b, d));
			raise(sig[k]);
			_exit(4); /* not reached: the signal ends the process */
		}
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_true(WIFSIGNALED(status));
		assert_int_equal(WTERMSIG(status), sig[k]);
		assert_int_equal(count_entries(sub), 1); /* done.csv alone: no made/ */
	}
	free(sub);
}

/* An output that is a symbolic link is written through it, to the file
 * it names (a dangling one: that file is made), as a shell's > writes;
 * the link stays a link. */
static void outset_writes_through_a_symbolic_link(void **state)
{
	(void)state;
	char *real = put("real.csv", "old\n");
	char *lnk = nv_xasprintf("%s/lnk.csv", cli_dir),
	     *dang = nv_xasprintf("%s/dang.csv", cli_dir);
	char *made = nv_xasprintf("%s/made.csv", cli_dir);
	assert_int_equal(symlink("real.csv", lnk), 0);
	assert_int_equal(symlink("made.csv", dang), 0);
	nv_diag *d = nv_diag_new(0);
	nv_outset *o = nv_outset_new();
	fputs("new\n", nv_outset_open(o, lnk, d));
	fputs("made\n", nv_outset_open(o, dang, d));
	assert_int_equal(nv_outset_commit(o, d), NV_OK);
	nv_outset_free(o);
	struct stat st;
	assert_int_equal(lstat(lnk, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_int_equal(lstat(dang, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	char buf[16] = {0};
	FILE *f = fopen(real, "r");
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof buf, f));
	fclose(f);
	assert_string_equal(buf, "new\n");
	f = fopen(made, "r");
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof buf, f));
	fclose(f);
	assert_string_equal(buf, "made\n");
	/* a loop is refused, as a shell's > refuses it; so is, in a folder
	 * anyone may write to and only owners delete from, another user's
	 * link (root alone can make one here) */
	char *loop = nv_xasprintf("%s/loop.csv", cli_dir);
	assert_int_equal(symlink("loop.csv", loop), 0);
	o = nv_outset_new();
	assert_null(nv_outset_open(o, loop, d));
	char *want = nv_xasprintf("%s: cannot write: Too many levels of symbolic links", loop);
	assert_string_equal(nv_diag_error_at(d, nv_diag_errors(d) - 1), want);
	free(want);
	nv_outset_free(o);
	unlink(loop);
	free(loop);
	if (geteuid() == 0) {
		char *shared = nv_xasprintf("%s/shared", cli_dir);
		char *theirs = nv_xasprintf("%s/shared/l.csv", cli_dir);
		assert_int_equal(mkdir(shared, 0777), 0);
		assert_int_equal(chmod(shared, 01777), 0);
		assert_int_equal(symlink("../real.csv", theirs), 0);
		assert_int_equal(lchown(theirs, 65534, (gid_t)-1), 0);
		o = nv_outset_new();
		assert_null(nv_outset_open(o, theirs, d));
		nv_outset_free(o);
		want = nv_xasprintf("%s: cannot write: Permission denied (a symbolic link of "
		                    "another "
		                    "user in a shared folder)",
		                    theirs);
		assert_string_equal(nv_diag_error_at(d, nv_diag_errors(d) - 1), want);
		free(want);
		unlink(theirs);
		rmdir(shared);
		free(theirs);
		free(shared);
	}
	unlink(lnk);
	unlink(dang);
	unlink(real);
	unlink(made);
	free(lnk);
	free(dang);
	free(made);
	free(real);
	nv_diag_free(d);
}

/* A name near the 255-byte limit is written too: its temporary is not
 * the name plus a suffix, which would pass the limit. */
static void outset_writes_a_long_name(void **state)
{
	(void)state;
	char name[251];
	memset(name, 'b', 250);
	name[250] = 0;
	char *path = nv_xasprintf("%s/%s", cli_dir, name);
	nv_diag *d = nv_diag_new(0);
	nv_outset *o = nv_outset_new();
	FILE *f = nv_outset_open(o, path, d);
	assert_non_null(f);
	fputs("x\n", f);
	assert_int_equal(nv_outset_commit(o, d), NV_OK);
	nv_outset_free(o);
	assert_int_equal(access(path, F_OK), 0);
	assert_int_equal(unlink(path), 0);
	nv_diag_free(d);
	free(path);
}

static void other_readers_survive_arbitrary_bytes(void **state)
{
	(void)state;
	static const char alphabet[] = "m1e,;\t\"\r\n .-0fixforbid\xD0\xB0\xFF\x00";
	uint64_t x = 0x2545F4914F6CDD1Dull;
	char buf[400];
	char *p = nv_xasprintf("%s/fuzz.csv", cli_dir);
	nv_vocab *m = nv_vocab_new();
	nv_vocab_intern(m, "m1", 2);
	for (int round = 0; round < 600; round++) {
		size_t len = 0;
		if (round % 3 == 0)
			len = (size_t)snprintf(buf, sizeof buf, "mentor_id,mentee_id,score,form\n");
		size_t n = (size_t)(x % (sizeof buf - len));
		for (size_t i = 0; i < n; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			buf[len++] = alphabet[x % (sizeof alphabet - 1)];
		}
		FILE *f = fopen(p, "wb");
		fwrite(buf, 1, len, f);
		fclose(f);
		nv_diag *d = nv_diag_new(0);
		nv_edges *e = NULL;
		int rc = nv_edges_read(p, NV_ENC_AUTO, &e, d);
		assert_true(rc == NV_OK ? e != NULL : rc == NV_EDATA && !e && nv_diag_errors(d));
		nv_edges_free(e);
		nv_constraints *c = NULL;
		rc = nv_constraints_read(p, NV_ENC_AUTO, &c, d);
		assert_true(rc == NV_OK ? c != NULL : rc == NV_EDATA && !c && nv_diag_errors(d));
		nv_constraints_free(c);
		int32_t cap[1] = {1};
		rc = nv_capacity_read(p, NV_ENC_AUTO, m, cap, d);
		assert_true(rc == NV_OK || (rc == NV_EDATA && nv_diag_errors(d)));
		assert_true(cap[0] >= 0);
		nv_diag_free(d);
	}
	nv_vocab_free(m);
	unlink(p);
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(edges_read_by_column_name),
	        cmocka_unit_test(edges_report_every_bad_row),
	        cmocka_unit_test(capacity_sets_known_mentors_and_notes_others),
	        cmocka_unit_test(constraints_read_with_or_without_header),
	        cmocka_unit_test(csv_put_round_trips_through_csv_each),
	        cmocka_unit_test(csv_each_stops_when_told),
	        cmocka_unit_test(csv_each_hands_on_flagged_records),
	        cmocka_unit_test(json_put_escapes),
	        cmocka_unit_test(outset_commit_renames_every_file),
	        cmocka_unit_test(outset_without_commit_leaves_nothing),
	        cmocka_unit_test(a_signal_leaves_no_temporaries),
	        cmocka_unit_test(outset_writes_through_a_symbolic_link),
	        cmocka_unit_test(outset_writes_a_long_name),
	        cmocka_unit_test(other_readers_survive_arbitrary_bytes),
	};
	return cmocka_run_group_tests_name("data_io", tests, cli_setup, cli_teardown);
}
