/* test_base.c (diagnostics lines and allocation helpers) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "base.h"

static void diag_formats_file_line_column(void **state)
{
	(void)state;
	nv_diag *d = nv_diag_new(0);
	nv_diag_error(d, "a.csv", 7, "age", "'%s' is not a whole number", "x");
	nv_diag_error(d, "a.csv", 0, NULL, "empty file");
	nv_diag_note(d, "a.csv", 1, "foo", "unknown column, not used");
	assert_int_equal(nv_diag_errors(d), 2);
	assert_int_equal(nv_diag_notes(d), 1);
	assert_string_equal(nv_diag_error_at(d, 0), "a.csv:7:age: 'x' is not a whole number");
	assert_string_equal(nv_diag_error_at(d, 1), "a.csv: empty file");
	assert_string_equal(nv_diag_note_at(d, 0), "a.csv:1:foo: note: unknown column, not used");
	nv_diag_free(d);
}

static void diag_print_caps_and_counts_the_rest(void **state)
{
	(void)state;
	nv_diag *d = nv_diag_new(2);
	for (int i = 1; i <= 5; i++)
		nv_diag_error(d, "f", i, NULL, "bad %d", i);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	nv_diag_print(d, f);
	fclose(f);
	assert_string_equal(buf, "f:1: bad 1\nf:2: bad 2\n... and 3 more problems\n");
	free(buf);
	nv_diag_free(d);
}

static void note_rest_counts_what_the_first_ten_left_out(void **state)
{
	(void)state;
	nv_diag *d = nv_diag_new(0);
	nv_diag_note_rest(d, "f.csv", 1, NV_NOTES_SHOWN, "unknown columns, not used");
	assert_int_equal(nv_diag_notes(d), 0);
	nv_diag_note_rest(d, "f.csv", 1, NV_NOTES_SHOWN + 1, "unknown columns, not used");
	nv_diag_note_rest(d, "f.csv", 0, 1000000, "columns with no name, not used");
	assert_int_equal(nv_diag_notes(d), 2);
	assert_string_equal(nv_diag_note_at(d, 0),
	                    "f.csv:1: note: ... and 1 more unknown columns, not used");
	assert_string_equal(nv_diag_note_at(d, 1),
	                    "f.csv: note: ... and 999990 more columns with no name, not used");
	nv_diag_free(d);
}

static void asprintf_and_strndup_copy_exactly(void **state)
{
	(void)state;
	char *s = nv_xasprintf("%s-%d", "ab", 42);
	assert_string_equal(s, "ab-42");
	free(s);
	s = nv_xstrndup("abcdef", 3);
	assert_string_equal(s, "abc");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(diag_formats_file_line_column),
		cmocka_unit_test(diag_print_caps_and_counts_the_rest),
		cmocka_unit_test(note_rest_counts_what_the_first_ten_left_out),
		cmocka_unit_test(asprintf_and_strndup_copy_exactly),
	};
	return cmocka_run_group_tests_name("base", tests, NULL, NULL);
}
