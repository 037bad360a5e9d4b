/* test_data_bad.c (the participants reader on bad input: the golden corpus
 * in tests/data/bad/ — NAME.csv with every expected error line in
 * NAME.expected — and the cases generated here: a 10 MB field, forced
 * encodings, a repeated id across many rows) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "data.h"

#define BAD "tests/data/bad/"

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 4096, len = 0;
	char *buf = malloc(cap);
	size_t k;
	while ((k = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += k;
		if (len + 1 == cap)
			buf = realloc(buf, cap *= 2);
	}
	buf[len] = '\0';
	fclose(f);
	return buf;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Each invalid row's problem in Russian (what unmatched.csv says under
 * --lang ru), in row order, equals NAME.expected-ru: the same place as the
 * English line, then the Russian words. */
static void check_russian(const char *csv, const nv_table *t)
{
	char path[512];
	snprintf(path, sizeof path, "%.*s.expected-ru", (int)(strlen(csv) - 4), csv);
	char *expected = slurp(path);
	if (!expected)
		fail_msg("missing %s", path);
	char *line = expected;
	for (size_t r = 0; r < t->n; r++) {
		if (t->status[r] != NV_ROW_INVALID)
			continue;
		char *nl = strchr(line, '\n');
		if (!nl)
			fail_msg("%s: no line for the row on line %ld ('%s')", path, t->line[r],
			         t->problem_ru[r]);
		*nl = '\0';
		assert_non_null(t->problem_ru[r]);
		if (strcmp(t->problem_ru[r], line))
			fail_msg("%s: the row on line %ld says\n  '%s'\nexpected\n  '%s'", path,
			         t->line[r], t->problem_ru[r], line);
		/* FILE:LINE:COLUMN: as in English */
		const char *en = t->problem[r];
		size_t where = strlen(csv) + 1;
		where += strcspn(en + where, ":") + 1;
		if (en[where] != ' ')
			where += strcspn(en + where, ":") + 1;
		assert_memory_equal(line, en, where);
		line = nl + 1;
	}
	if (*line)
		fail_msg("%s: no invalid row for '%s'", path, line);
	free(expected);
}

/* Every error line equals the expected file, in order; a table, when there
 * is one, marks each row with an error invalid and keeps its first one. */
static void check_case(const char *csv)
{
	char expected_path[512];
	snprintf(expected_path, sizeof expected_path, "%.*s.expected",
	         (int)(strlen(csv) - 4), csv);
	char *expected = slurp(expected_path);
	if (!expected)
		fail_msg("missing %s", expected_path);
	nv_diag *d = nv_diag_new(0);
	nv_table *t = NULL;
	int rc = nv_table_read(csv, NULL, &t, d);
	size_t i = 0;
	for (char *line = expected, *nl; *line; line = nl + 1, i++) {
		nl = strchr(line, '\n');
		if (!nl)
			fail_msg("%s: no newline at the end", expected_path);
		*nl = '\0';
		if (i >= nv_diag_errors(d))
			fail_msg("%s: missing error '%s'", csv, line);
		if (strcmp(nv_diag_error_at(d, i), line))
			fail_msg("%s: error %zu is\n  '%s'\nexpected\n  '%s'", csv, i,
			         nv_diag_error_at(d, i), line);
	}
	if (i != nv_diag_errors(d))
		fail_msg("%s: unexpected error '%s'", csv, nv_diag_error_at(d, i));
	assert_true(i > 0);
	if (t) {
		assert_int_equal(rc, NV_OK);
		check_russian(csv, t);
		size_t invalid = 0;
		for (size_t r = 0; r < t->n; r++) {
			if (t->status[r] != NV_ROW_INVALID) {
				assert_null(t->problem[r]);
				assert_null(t->problem_ru[r]);
				continue;
			}
			invalid++;
			/* the problem is the first error of the row's line */
			int found = 0;
			char prefix[600];
			snprintf(prefix, sizeof prefix, "%s:%ld:", csv, t->line[r]);
			for (size_t k = 0; k < nv_diag_errors(d) && !found; k++)
				if (!strncmp(nv_diag_error_at(d, k), prefix, strlen(prefix))) {
					assert_string_equal(t->problem[r], nv_diag_error_at(d, k));
					found = 1;
				}
			assert_true(found);
		}
		assert_true(invalid > 0);
	} else
		assert_int_equal(rc, NV_EDATA);
	nv_table_free(t);
	nv_diag_free(d);
	free(expected);
}

static void every_bad_file_gets_its_exact_messages(void **state)
{
	(void)state;
	DIR *dir = opendir(BAD);
	assert_non_null(dir);
	char *names[256];
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(dir)) && n < 256) {
		size_t len = strlen(e->d_name);
		if (len > 4 && !strcmp(e->d_name + len - 4, ".csv")) {
			char *p = malloc(strlen(BAD) + len + 1);
			strcpy(p, BAD);
			strcat(p, e->d_name);
			names[n++] = p;
		}
	}
	closedir(dir);
	qsort(names, n, sizeof *names, by_name);
	assert_true(n >= 18);
	for (size_t i = 0; i < n; i++) {
		check_case(names[i]);
		free(names[i]);
	}
}

static void bad_rows_keep_what_is_readable(void **state)
{
	(void)state;
	nv_diag *d = nv_diag_new(0);
	nv_table *t = NULL;
	assert_int_equal(nv_table_read(BAD "duplicate-id.csv", NULL, &t, d), NV_OK);
	assert_int_equal(t->n, 4);
	assert_int_equal(t->status[0], NV_ROW_OK);
	assert_int_equal(t->status[1], NV_ROW_OK);
	assert_int_equal(t->status[2], NV_ROW_INVALID);
	assert_int_equal(t->status[3], NV_ROW_INVALID); /* no consent, still a repeat */
	assert_string_equal(t->id[2], "s1");
	assert_int_equal(t->role[2], NV_MENTOR);
	assert_string_equal(t->problem[2],
	                    BAD "duplicate-id.csv:4:id: duplicate id 's1' (first on line 2)");
	nv_table_free(t);
	nv_diag_free(d);

	d = nv_diag_new(0);
	assert_int_equal(nv_table_read(BAD "missing-value.csv", NULL, &t, d), NV_OK);
	assert_string_equal(t->id[0], ""); /* the row with no id */
	assert_int_equal(t->role[1], NV_ROLE_NONE);
	assert_int_equal(t->role[2], NV_MENTEE);
	assert_int_equal(t->status[8], NV_ROW_OK); /* an employer needs no age */
	nv_table_free(t);
	nv_diag_free(d);
}

static char *tmp_path(const char *name)
{
	const char *dir = getenv("TMPDIR");
	return nv_xasprintf("%s/nv-test-%ld-%s", dir && *dir ? dir : "/tmp", (long)getpid(), name);
}

static void a_10mb_field_is_one_error_and_the_rest_still_reads(void **state)
{
	(void)state;
	char *path = tmp_path("big.csv");
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs("id,role,category,org,consent,age,name\n", f);
	fputs("s1,mentee,student,sch1,1,12,\"", f);
	static char block[65536];
	memset(block, 'x', sizeof block);
	for (int i = 0; i < 160; i++) /* 10 MiB + quotes */
		fwrite(block, 1, sizeof block, f);
	fputs("\"\ns2,mentee,student,sch1,1,13,Анна\ns2,mentee,student,sch1,1,13,Анна\n", f);
	fclose(f);
	nv_diag *d = nv_diag_new(0);
	nv_table *t = NULL;
	assert_int_equal(nv_table_read(path, NULL, &t, d), NV_OK);
	assert_int_equal(nv_diag_errors(d), 2);
	char *want = nv_xasprintf("%s:2:name: field longer than 1048576 bytes", path);
	assert_string_equal(nv_diag_error_at(d, 0), want);
	free(want);
	want = nv_xasprintf("%s:4:id: duplicate id 's2' (first on line 3)", path);
	assert_string_equal(nv_diag_error_at(d, 1), want);
	free(want);
	assert_int_equal(t->n, 3);
	assert_int_equal(t->status[0], NV_ROW_INVALID);
	assert_int_equal(t->status[1], NV_ROW_OK);
	assert_string_equal(t->name[1], "Анна");
	want = nv_xasprintf("%s:2:name: поле длиннее 1048576 байт", path);
	assert_string_equal(t->problem_ru[0], want);
	free(want);
	nv_table_free(t);
	nv_diag_free(d);
	unlink(path);
	free(path);
}

/* With --skip-invalid unmatched.csv names a row by its id cell: one past
 * the limit keeps its first 64 bytes and an ellipsis. */
static void an_id_past_the_limit_keeps_its_start(void **state)
{
	(void)state;
	char *path = tmp_path("long-id.csv");
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs("id,role,category,org,consent,age\n", f);
	for (int i = 0; i < 1048577; i++)
		fputc(i < 63 ? 'a' : 'b', f);
	fputs(",mentee,student,sch1,1,12\ns2,mentee,student,sch1,1,13\n", f);
	fclose(f);
	nv_diag *d = nv_diag_new(0);
	nv_table *t = NULL;
	assert_int_equal(nv_table_read(path, NULL, &t, d), NV_OK);
	assert_int_equal(nv_diag_errors(d), 1);
	assert_int_equal(t->n, 2);
	assert_int_equal(t->status[0], NV_ROW_INVALID);
	char want[80];
	memset(want, 'a', 63);
	memcpy(want + 63, "b\xE2\x80\xA6", 5);
	assert_string_equal(t->id[0], want);
	assert_string_equal(t->id[1], "s2");
	nv_table_free(t);
	nv_diag_free(d);
	unlink(path);
	free(path);
}

/* DOS's end-of-file mark as the file's last byte where a read ends (256
 * KiB): left out; the same byte last in a read but not in the file is a
 * control character. */
static void an_end_of_file_mark_at_a_read_boundary(void **state)
{
	(void)state;
	const long chunk = 256 * 1024;
	for (int more = 0; more < 2; more++) {
		char *path = tmp_path("sub.csv");
		FILE *f = fopen(path, "wb");
		assert_non_null(f);
		fputs("id,role,category,org,consent,age,name\n", f);
		fputs("s1,mentee,student,sch1,1,12,", f);
		long pad = chunk - ftell(f) - 1;
		for (long i = 0; i < pad; i++)
			fputc('x', f);
		fputc(0x1A, f); /* the read's last byte */
		if (more)
			fputs("\ns2,mentee,student,sch1,1,13,y\n", f);
		fclose(f);
		nv_diag *d = nv_diag_new(0);
		nv_table *t = NULL;
		assert_int_equal(nv_table_read(path, NULL, &t, d), NV_OK);
		assert_int_equal(t->n, more ? 2 : 1);
		assert_int_equal(nv_diag_errors(d), more);
		if (more) {
			char *want = nv_xasprintf("%s:2:name: control character at byte %ld of the "
			                          "field",
			                          path, pad + 1);
			assert_string_equal(nv_diag_error_at(d, 0), want);
			free(want);
		} else {
			assert_int_equal(strlen(t->name[0]), (size_t)pad);
		}
		nv_table_free(t);
		nv_diag_free(d);
		unlink(path);
		free(path);
	}
}

/* Text after a closing quote, right where one read of the file ends and
 * the next begins (256 KiB), after quoted fields with doubled quotes and
 * line breaks: named at its line and field, the rows before it read. */
static void text_after_a_quote_is_found_across_reads(void **state)
{
	(void)state;
	size_t chunk = (size_t)256 * 1024, cap = chunk + 4096, n = 0;
	char *buf = nv_xmalloc(cap);
	n += (size_t)sprintf(buf + n, "id,role,category,org,consent,age,name\r\n");
	int rows = 0;
	while (n + 200 < chunk)
		n += (size_t)sprintf(buf + n, "s%d,mentee,student,sch1,1,12,\"A \"\"B\"\" C\r\nD\"\r\n",
		                     ++rows);
	n += (size_t)sprintf(buf + n, "s%d,mentee,student,sch1,1,12,\"", ++rows);
	while (n < chunk - 1)
		buf[n++] = 'z';
	buf[n++] = '"'; /* the last byte of the first read */
	n += (size_t)sprintf(buf + n, "x\r\ns0,mentee,student,sch1,1,12,\"E\"\r\n");
	long line = 1;
	for (size_t i = 0; i < chunk; i++)
		line += buf[i] == '\n';
	char *path = tmp_path("quote.csv");
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, n, f), n);
	fclose(f);
	nv_diag *d = nv_diag_new(0);
	nv_table *t = NULL;
	assert_int_equal(nv_table_read(path, NULL, &t, d), NV_EDATA);
	assert_int_equal(nv_diag_errors(d), 1);
	char *want = nv_xasprintf("%s:%ld:name: text after the closing quote ('x'): a quoted "
	                          "field ends at its closing quote, and a quote inside it is "
	                          "written twice (\"a\"\"b\")",
	                          path, line);
	assert_string_equal(nv_diag_error_at(d, 0), want);
	assert_int_equal(line, 2 * rows);
	free(want);
	nv_table_free(t);
	nv_diag_free(d);
	unlink(path);
	free(path);
	free(buf);
}

/* text read as UTF-8, whatever its bytes, as "w.csv" */
static nv_table *read_utf8(const char *text, size_t len, nv_diag *d)
{
	nv_read_params p;
	nv_read_params_init(&p);
	p.encoding = NV_ENC_UTF8;
	nv_table *t = NULL;
	assert_int_equal(nv_table_read_buffer("w.csv", text, len, &p, &t, d), NV_OK);
	return t;
}

/* A row whose id cell cannot be read is still named by it (unmatched.csv
 * lists the row under that id): the bytes at fault as U+FFFD, the rest
 * as they are; such an id takes no part in the duplicate check. */
static void an_unreadable_id_still_names_its_row(void **state)
{
	(void)state;
	const char text[] = "id,role,category,org,consent,age\n"
	                    "s\xFF"
	                    "1,mentee,student,o,1,12\n"
	                    "\"m\x01\xC2\x9B"
	                    "2 \",mentee,student,o,1,12\n"
	                    "s1,mentee,student,o,1,12\n";
	nv_diag *d = nv_diag_new(0);
	nv_table *t = read_utf8(text, sizeof text - 1, d);
	assert_int_equal(nv_diag_errors(d), 2);
	assert_string_equal(nv_diag_error_at(d, 0),
	                    "w.csv:2:id: invalid UTF-8 at byte 2 of the field");
	assert_string_equal(nv_diag_error_at(d, 1),
	                    "w.csv:3:id: control character at byte 2 of the field");
	assert_int_equal(t->n, 3);
	assert_string_equal(t->id[0], "s\xEF\xBF\xBD"
	                              "1");
	assert_string_equal(t->id[1], "m\xEF\xBF\xBD\xEF\xBF\xBD"
	                              "2");
	assert_string_equal(t->id[2], "s1");
	assert_int_equal(t->status[0], NV_ROW_INVALID);
	assert_int_equal(t->status[1], NV_ROW_INVALID);
	assert_int_equal(t->status[2], NV_ROW_OK);
	nv_table_free(t);
	nv_diag_free(d);
}

static void forced_utf8_reports_every_cp1251_field(void **state)
{
	(void)state;
	const char text[] =
	        "id,role,category,org,consent,age\n"
	        "s1,\xED\xE0\xF1\xF2\xE0\xE2\xED\xE8\xEA,student,\xF8\xEA\xEE\xEB\xE0,1,16\n";
	nv_diag *d = nv_diag_new(0);
	nv_table *t = read_utf8(text, sizeof text - 1, d);
	assert_int_equal(nv_diag_errors(d), 2);
	assert_string_equal(nv_diag_error_at(d, 0), "w.csv:2:role: invalid UTF-8 at byte 1 of the field");
	assert_string_equal(nv_diag_error_at(d, 1), "w.csv:2:org: invalid UTF-8 at byte 1 of the field");
	assert_int_equal(t->status[0], NV_ROW_INVALID);
	nv_table_free(t);
	nv_diag_free(d);

	/* the same bytes detected: cp1251, no error */
	d = nv_diag_new(0);
	assert_int_equal(nv_table_read_buffer("w.csv", text, sizeof text - 1, NULL, &t, d), NV_OK);
	assert_int_equal(nv_diag_errors(d), 0);
	assert_int_equal(t->encoding, NV_ENC_CP1251);
	assert_int_equal(t->role[0], NV_MENTOR);
	assert_string_equal(nv_vocab_name(t->orgs, t->org[0]), "школа");
	nv_table_free(t);
	nv_diag_free(d);
}

static void a_missing_file_is_one_error(void **state)
{
	(void)state;
	nv_diag *d = nv_diag_new(0);
	nv_table *t = (nv_table *)1;
	assert_int_equal(nv_table_read("tests/data/no/such.csv", NULL, &t, d), NV_EDATA);
	assert_null(t);
	assert_int_equal(nv_diag_errors(d), 1);
	assert_string_equal(nv_diag_error_at(d, 0),
	                    "tests/data/no/such.csv: cannot open: No such file or directory");
	nv_diag_free(d);
}

static void bare_cr_and_crlf_in_quotes_count_lines(void **state)
{
	(void)state;
	const char text[] = "id,role,category,org,consent,name\r"
	                    "a,mentor,employer,o,1,\"x\r\ny\"\r"
	                    "b,mentor,employer,o,1,z\r"
	                    "b,mentor,employer,o,1,z";
	nv_diag *d = nv_diag_new(0);
	nv_table *t = NULL;
	assert_int_equal(nv_table_read_buffer("cr.csv", text, sizeof text - 1, NULL, &t, d), NV_OK);
	assert_int_equal(t->n, 3);
	assert_int_equal(t->line[0], 2);
	assert_int_equal(t->line[1], 4);
	assert_int_equal(t->line[2], 5);
	assert_string_equal(t->name[0], "x\r\ny");
	assert_int_equal(nv_diag_errors(d), 1);
	assert_string_equal(nv_diag_error_at(d, 0), "cr.csv:5:id: duplicate id 'b' (first on line 4)");
	nv_table_free(t);
	nv_diag_free(d);
}

static void a_header_of_many_columns_is_handled_column_by_column(void **state)
{
	(void)state;
	/* 60,000 scale columns and a repeat of the first at the end: a
	 * quadratic header check would take minutes here */
	const int k = 60000;
	size_t cap = (size_t)k * 24 + 256, len = 0;
	char *buf = malloc(cap);
	len += (size_t)snprintf(buf, cap, "id,role,category,org,consent");
	for (int i = 0; i < k; i++)
		len += (size_t)snprintf(buf + len, cap - len, ",psych_%d", i);
	len += (size_t)snprintf(buf + len, cap - len, ",PSYCH_0\n");
	nv_diag *d = nv_diag_new(0);
	nv_table *t = NULL;
	assert_int_equal(nv_table_read_buffer("wide.csv", buf, len, NULL, &t, d), NV_EDATA);
	assert_int_equal(nv_diag_errors(d), 1);
	assert_string_equal(nv_diag_error_at(d, 0),
	                    "wide.csv:1:PSYCH_0: duplicate column (first is column 6, 'psych_0')");
	nv_diag_free(d);

	/* without the repeat, one row reads */
	len -= strlen(",PSYCH_0\n");
	len += (size_t)snprintf(buf + len, cap - len, "\ne1,mentee,employer,o,1");
	for (int i = 0; i < k; i++)
		len += (size_t)snprintf(buf + len, cap - len, ",%d", i % 7);
	d = nv_diag_new(0);
	assert_int_equal(nv_table_read_buffer("wide.csv", buf, len, NULL, &t, d), NV_OK);
	assert_int_equal(t->n_psych, (size_t)k);
	assert_true(t->psych[(size_t)(k - 1)] == (double)((k - 1) % 7));
	assert_string_equal(t->psych_name[k - 1], "59999");
	nv_table_free(t);
	nv_diag_free(d);
	free(buf);
}

/* Strict CSV, byte by byte, as a reference: is there text after a closing
 * quote (and spaces) that is neither the delimiter nor a line end? A quote
 * inside an unquoted field is a character (libcsv's lenient reading). */
static int ref_text_after_quote(const char *p, size_t n, char delim)
{
	enum { START, PLAIN, QUOTED, CLOSED, CLOSED_SPACE } st = START;
	for (size_t i = 0; i < n; i++) {
		char c = p[i];
		int end = c == delim || c == '\n' || c == '\r';
		int space = c == ' ' || (c == '\t' && delim != '\t');
		switch (st) {
		case QUOTED:
			if (c == '"')
				st = CLOSED;
			break;
		case CLOSED:
		case CLOSED_SPACE:
			if (end)
				st = START;
			else if (c == '"' && st == CLOSED)
				st = QUOTED;
			else if (space)
				st = CLOSED_SPACE;
			else
				return 1;
			break;
		case START:
			if (c == '"')
				st = QUOTED;
			else if (!end && !space)
				st = PLAIN;
			break;
		case PLAIN:
			if (end)
				st = START;
			break;
		}
	}
	return 0;
}

static void text_after_a_quote_is_refused_exactly_where_strict_csv_refuses_it(void **state)
{
	(void)state;
	static const char alphabet[] = "ab,\t\"\"  \n\r";
	uint64_t x = 2463534242ull;
	char buf[128];
	int found = 0;
	for (int round = 0; round < 20000; round++) {
		char delim = round % 2 ? '\t' : ',';
		size_t len = (size_t)snprintf(buf, sizeof buf, "id%crole%ccategory%corg%cconsent\n",
		                              delim, delim, delim, delim);
		size_t head = len, n = 1 + (size_t)(x % 40);
		for (size_t i = 0; i < n; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			buf[len++] = alphabet[x % (sizeof alphabet - 1)];
		}
		int want = ref_text_after_quote(buf + head, len - head, delim);
		nv_diag *d = nv_diag_new(0);
		nv_table *t = NULL;
		nv_table_read_buffer("q.csv", buf, len, NULL, &t, d);
		int got = 0;
		for (size_t i = 0; i < nv_diag_errors(d); i++)
			got |= strstr(nv_diag_error_at(d, i), ": text after the closing quote (") != NULL;
		if (got != want) {
			for (size_t i = head; i < len; i++)
				print_error("%02x ", (unsigned char)buf[i]);
			fail_msg("(delimiter %d): %s", delim, want ? "not refused" : "refused");
		}
		found += want;
		nv_table_free(t);
		nv_diag_free(d);
	}
	assert_true(found > 2000 && found < 18000); /* both kinds were tried */
}

static void arbitrary_bytes_never_crash(void **state)
{
	(void)state;
	/* a deterministic fuzz: random mixes of the bytes that matter */
	static const char alphabet[] = "ab,;\t\"\r\n |.-1e\xD0\xB0\xFF\xC3\x00";
	uint64_t x = 88172645463325252ull;
	char buf[512];
	for (int round = 0; round < 3000; round++) {
		size_t len = 0;
		if (round % 2)
			len = (size_t)snprintf(buf, sizeof buf, "id,role,category,org,consent,age,psych_a,need_b\n");
		size_t n = (size_t)(x % (sizeof buf - len));
		for (size_t i = 0; i < n; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			buf[len++] = alphabet[x % (sizeof alphabet - 1)];
		}
		nv_diag *d = nv_diag_new(0);
		nv_table *t = NULL;
		int rc = nv_table_read_buffer("fuzz.csv", buf, len, NULL, &t, d);
		assert_true(rc == NV_OK || rc == NV_EDATA);
		assert_true((rc == NV_OK) == (t != NULL));
		if (rc == NV_EDATA)
			assert_true(nv_diag_errors(d) > 0);
		nv_table_free(t);
		nv_diag_free(d);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(every_bad_file_gets_its_exact_messages),
	        cmocka_unit_test(bad_rows_keep_what_is_readable),
	        cmocka_unit_test(a_10mb_field_is_one_error_and_the_rest_still_reads),
	        cmocka_unit_test(an_id_past_the_limit_keeps_its_start),
	        cmocka_unit_test(an_end_of_file_mark_at_a_read_boundary),
	        cmocka_unit_test(text_after_a_quote_is_found_across_reads),
	        cmocka_unit_test(forced_utf8_reports_every_cp1251_field),
	        cmocka_unit_test(an_unreadable_id_still_names_its_row),
	        cmocka_unit_test(a_missing_file_is_one_error),
	        cmocka_unit_test(bare_cr_and_crlf_in_quotes_count_lines),
	        cmocka_unit_test(a_header_of_many_columns_is_handled_column_by_column),
	        cmocka_unit_test(text_after_a_quote_is_refused_exactly_where_strict_csv_refuses_it),
	        cmocka_unit_test(arbitrary_bytes_never_crash),
	};
	return cmocka_run_group_tests_name("data_bad", tests, NULL, NULL);
}
