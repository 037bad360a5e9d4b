/* test_base.c (diagnostics lines and allocation helpers) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

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

static void unnamed_columns_are_one_note_of_ranges(void **state)
{
	(void)state;
	nv_diag *d = nv_diag_new(0);
	size_t none[1] = {0}, one[] = {3}, runs[] = {3, 5, 6, 7, 9, 10};
	nv_diag_note_unnamed(d, "f.csv", 1, none, 0);
	assert_int_equal(nv_diag_notes(d), 0);
	nv_diag_note_unnamed(d, "f.csv", 1, one, 1);
	nv_diag_note_unnamed(d, "f.csv", 1, runs, 6);
	/* every other column: ten runs, then "..." */
	size_t alt[30];
	for (size_t i = 0; i < 30; i++)
		alt[i] = 2 * i;
	nv_diag_note_unnamed(d, "f.csv", 1, alt, 30);
	assert_int_equal(nv_diag_notes(d), 3);
	assert_string_equal(nv_diag_note_at(d, 0), "f.csv:1: note: column 4 has no name, not used");
	assert_string_equal(nv_diag_note_at(d, 1),
	                    "f.csv:1: note: columns 4, 6-8, 10-11 have no name, not used");
	assert_string_equal(nv_diag_note_at(d, 2), "f.csv:1: note: columns 1, 3, 5, 7, 9, 11, 13, "
	                                           "15, 17, 19, ... have no name, not used");
	nv_diag_free(d);
}

/* The _tr lines in the diag's language: English by default, Russian
 * (with its tag) once set; the others stay English */
static void diag_tr_lines_follow_the_diag_language(void **state)
{
	(void)state;
	nv_diag *d = nv_diag_new(0);
	assert_int_equal(nv_diag_ru(d), 0);
	assert_int_equal(nv_diag_ru(NULL), 0);
	nv_diag_error_tr(d, "a.csv", 3, "age", "«%s» — не число", "'%s' is not a number", "x");
	nv_diag_note_tr(d, "a.csv", 1, "foo", "неизвестный столбец", "unknown column");
	nv_diag_set_ru(d, 1);
	assert_int_equal(nv_diag_ru(d), 1);
	nv_diag_error_tr(d, "a.csv", 3, "age", "«%s» — не число", "'%s' is not a number", "x");
	nv_diag_note_tr(d, "a.csv", 1, "foo", "неизвестный столбец", "unknown column");
	nv_diag_error(d, "a.csv", 0, NULL, "empty file");
	nv_diag_note_rest_tr(d, "a.csv", 1, NV_NOTES_SHOWN + 2, "неизвестные столбцы",
	                     "unknown columns");
	size_t one[] = {3}, two[] = {3, 4};
	nv_diag_note_unnamed(d, "a.csv", 1, one, 1);
	nv_diag_note_unnamed(d, "a.csv", 1, two, 2);
	assert_string_equal(nv_diag_error_at(d, 0), "a.csv:3:age: 'x' is not a number");
	assert_string_equal(nv_diag_note_at(d, 0), "a.csv:1:foo: note: unknown column");
	assert_string_equal(nv_diag_error_at(d, 1), "a.csv:3:age: «x» — не число");
	assert_string_equal(nv_diag_note_at(d, 1), "a.csv:1:foo: замечание: неизвестный столбец");
	assert_string_equal(nv_diag_error_at(d, 2), "a.csv: empty file");
	assert_string_equal(nv_diag_note_at(d, 2),
	                    "a.csv:1: замечание: ... и ещё 2 — неизвестные столбцы");
	assert_string_equal(nv_diag_note_at(d, 3),
	                    "a.csv:1: замечание: столбец 4 без названия, не читается");
	assert_string_equal(nv_diag_note_at(d, 4),
	                    "a.csv:1: замечание: столбцы 4-5 без названия, не читаются");
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

/* A fingerprint depends on the bytes, not on how they are fed; one byte
 * changed, added or moved changes it */
static void hash_is_the_bytes_whatever_the_pieces(void **state)
{
	(void)state;
	unsigned char b[100];
	for (int i = 0; i < 100; i++)
		b[i] = (unsigned char)(i * 37 + 11);
	nv_hash whole = {0};
	nv_hash_add(&whole, b, sizeof b);
	uint64_t h = nv_hash_end(&whole);
	/* every cut into three pieces */
	for (size_t i = 0; i <= 100; i += 3)
		for (size_t j = i; j <= 100; j += 7) {
			nv_hash s = {0};
			nv_hash_add(&s, b, i);
			nv_hash_add(&s, b + i, j - i);
			nv_hash_add(&s, b + j, 100 - j);
			assert_true(nv_hash_end(&s) == h);
		}
	for (size_t n = 0; n < 100; n++) {
		nv_hash s = {0}; /* a prefix */
		nv_hash_add(&s, b, n);
		assert_true(nv_hash_end(&s) != h);
		b[n] ^= 1; /* one bit */
		s = (nv_hash){0};
		nv_hash_add(&s, b, sizeof b);
		assert_true(nv_hash_end(&s) != h);
		b[n] ^= 1;
	}
	nv_hash z1 = {0}, z2 = {0}; /* zeros of two lengths */
	nv_hash_add(&z1, "\0\0\0", 3);
	nv_hash_add(&z2, "\0\0\0\0", 4);
	assert_true(nv_hash_end(&z1) != nv_hash_end(&z2));
}

/* Out of memory is no bug: the process says so and ends with 4 (SPEC
 * §7), after the cleanup nv_on_fatal set (it removes the temporaries). */
static int fatal_fd = -1;
static void fatal_mark(void)
{
	(void)!write(fatal_fd, "x", 1);
}

static void out_of_memory_exits_4_after_the_cleanup(void **state)
{
	(void)state;
	if (getenv("NV_SANITIZED"))
		skip(); /* ASan's allocator reports a huge request itself */
	int fd[2];
	assert_int_equal(pipe(fd), 0);
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fd[0]);
		fatal_fd = fd[1];
		nv_on_fatal(fatal_mark);
		freopen("/dev/null", "w", stderr); /* its message is not the test's */
		void *volatile p = nv_xmalloc(SIZE_MAX / 2);
		(void)p;
		_exit(0); /* not reached */
	}
	close(fd[1]);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), NV_EFAIL);
	char c = 0;
	assert_int_equal(read(fd[0], &c, 1), 1);
	assert_int_equal(c, 'x');
	close(fd[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(diag_formats_file_line_column),
	        cmocka_unit_test(diag_print_caps_and_counts_the_rest),
	        cmocka_unit_test(unnamed_columns_are_one_note_of_ranges),
	        cmocka_unit_test(note_rest_counts_what_the_first_ten_left_out),
	        cmocka_unit_test(diag_tr_lines_follow_the_diag_language),
	        cmocka_unit_test(asprintf_and_strndup_copy_exactly),
	        cmocka_unit_test(hash_is_the_bytes_whatever_the_pieces),
	        cmocka_unit_test(out_of_memory_exits_4_after_the_cleanup),
	};
	return cmocka_run_group_tests_name("base", tests, NULL, NULL);
}
