/* test_generate_cli.c (nastavnik generate as users run it: the library's
 * bytes, usage errors with exit 1, nothing left behind on failure) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "data.h"

static char dir[] = "/tmp/nv_gen_cli_XXXXXX";

/* Runs the binary with args; stderr goes to dir/err. Returns the exit code. */
static int nv(const char *args)
{
	const char *bin = getenv("NV_BIN");
	assert_non_null(bin);
	char *cmd = nv_xasprintf("%s generate %s >%s/out 2>%s/err", bin, args, dir, dir);
	int st = system(cmd);
	free(cmd);
	assert_true(WIFEXITED(st));
	return WEXITSTATUS(st);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t cap = 0, n = 0;
	for (;;) {
		if (n == cap)
			buf = nv_xrealloc(buf, cap = cap ? 2 * cap : 4096);
		size_t got = fread(buf + n, 1, cap - n, f);
		if (!got)
			break;
		n += got;
	}
	fclose(f);
	*len = n;
	return buf;
}

static char *in_dir(const char *name)
{
	return nv_xasprintf("%s/%s", dir, name);
}

static void assert_err(const char *want)
{
	size_t n;
	char *p = in_dir("err"), *s = slurp(p, &n);
	assert_non_null(s);
	s = nv_xrealloc(s, n + 1);
	s[n] = 0;
	if (!strstr(s, want))
		fail_msg("stderr '%s' lacks '%s'", s, want);
	free(s);
	free(p);
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char *cmd = nv_xasprintf("rm -rf %s", dir);
	int rc = system(cmd);
	free(cmd);
	return rc;
}

static void test_command_writes_the_library_bytes(void **state)
{
	(void)state;
	char *args = nv_xasprintf("--scale school --seed 77 -o %s/p.csv --constraints %s/c.csv",
	                          dir, dir);
	assert_int_equal(nv(args), 0);
	free(args);

	char *want_p = NULL, *want_c = NULL;
	size_t np = 0, nc = 0;
	FILE *fp = open_memstream(&want_p, &np), *fc = open_memstream(&want_c, &nc);
	nv_gen_params p;
	nv_gen_params_init(&p);
	p.scale = NV_SCALE_SCHOOL;
	p.seed = 77;
	assert_int_equal(nv_generate(&p, fp, fc), NV_OK);
	fclose(fp);
	fclose(fc);

	size_t n;
	char *path = in_dir("p.csv"), *got = slurp(path, &n);
	assert_non_null(got);
	assert_int_equal(n, np);
	assert_memory_equal(got, want_p, n);
	free(got);
	free(path);
	path = in_dir("c.csv");
	got = slurp(path, &n);
	assert_non_null(got);
	assert_int_equal(n, nc);
	assert_memory_equal(got, want_c, n);
	free(got);
	free(path);
	free(want_p);
	free(want_c);
}

static void test_usage_errors_exit_1_and_name_the_problem(void **state)
{
	(void)state;
	assert_int_equal(nv("--seed 1 -o x.csv"), 1);
	assert_err("nastavnik generate: missing --scale SCALE");
	assert_int_equal(nv("--scale tiny -o x.csv"), 1);
	assert_err("missing --seed N");
	assert_int_equal(nv("--scale tiny --seed 1"), 1);
	assert_err("missing the output file (-o FILE)");
	assert_int_equal(nv("--scale country --seed 1 -o x.csv"), 1);
	assert_err("unknown scale 'country' (tiny, school, district, city, region)");
	assert_int_equal(nv("--scale tiny --seed -3 -o x.csv"), 1);
	assert_err("--seed wants a whole number >= 0, not '-3'");
	assert_int_equal(nv("--scale tiny --seed 12x -o x.csv"), 1);
	assert_err("not '12x'");
	assert_int_equal(nv("--scale tiny --seed 1 -o"), 1);
	assert_err("option '-o' needs a value");
	assert_int_equal(nv("--scale tiny --seed 1 -o x.csv --bogus"), 1);
	assert_err("unknown option '--bogus'");
	assert_int_equal(nv("--scale tiny --seed 1 -o x.csv extra"), 1);
	assert_err("unexpected argument 'extra'");
	assert_int_equal(nv("--scale=tiny --seed=1 --output=x.csv --output=y.csv"), 1);
	assert_err("--output is given twice ('x.csv' and 'y.csv')");
	/* a setting given twice takes its last value: the scale is read */
	assert_int_equal(nv("--scale tiny --scale country --seed 1 -o x.csv"), 1);
	assert_err("unknown scale 'country'");
	assert_int_equal(nv("--scale tiny --seed 1 --seed=x -o x.csv"), 1);
	assert_err("not 'x'");
	assert_int_equal(nv("--scale tiny --seed 1 -o x.csv --constraints x.csv"), 1);
	assert_err("-o and --constraints name the same file");
	struct stat st;
	assert_int_not_equal(stat("x.csv", &st), 0); /* nothing written */
}

/* "--opt=VALUE" as the other commands take it: the same bytes */
static void test_options_take_their_value_after_an_equals_sign(void **state)
{
	(void)state;
	char *args = nv_xasprintf("--scale=tiny --seed=5 --output=%s/e1.csv "
	                          "--constraints=%s/e1c.csv",
	                          dir, dir);
	assert_int_equal(nv(args), 0);
	free(args);
	args = nv_xasprintf("--scale tiny --seed 5 -o %s/e2.csv --constraints %s/e2c.csv", dir,
	                    dir);
	assert_int_equal(nv(args), 0);
	free(args);
	/* a setting given twice: its last value */
	args = nv_xasprintf("--scale school --seed 9 --scale=tiny --seed 5 -o %s/e3.csv", dir);
	assert_int_equal(nv(args), 0);
	free(args);
	static const char *const pairs[][2] = {{"e1.csv", "e2.csv"},
	                                       {"e1c.csv", "e2c.csv"},
	                                       {"e1.csv", "e3.csv"}};
	for (int k = 0; k < 3; k++) {
		size_t n1, n2;
		char *p1 = in_dir(pairs[k][0]), *p2 = in_dir(pairs[k][1]);
		char *s1 = slurp(p1, &n1), *s2 = slurp(p2, &n2);
		assert_non_null(s1);
		assert_non_null(s2);
		assert_int_equal(n1, n2);
		assert_memory_equal(s1, s2, n1);
		free(s1);
		free(s2);
		free(p1);
		free(p2);
	}
}

static void test_help_exits_0_on_stdout(void **state)
{
	(void)state;
	assert_int_equal(nv("--help"), 0);
	size_t n;
	char *p = in_dir("out"), *s = slurp(p, &n);
	assert_non_null(s);
	assert_true(n > 20 && !memcmp(s, "usage: nastavnik generate", 25));
	free(s);
	free(p);
}

static void test_failed_write_leaves_neither_file(void **state)
{
	(void)state;
	/* the constraints file cannot be created: the participants file must
	 * not appear either */
	char *args = nv_xasprintf("--scale tiny --seed 1 -o %s/q.csv --constraints "
	                          "%s/p.csv/c.csv",
	                          dir, dir);
	/* p.csv is a file (from the first test, or made here), so p.csv/c.csv
	 * cannot be */
	char *pp = in_dir("p.csv");
	FILE *f = fopen(pp, "ab");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(nv(args), 4);
	char *q = in_dir("q.csv");
	struct stat st;
	assert_int_not_equal(stat(q, &st), 0);
	free(q);
	free(pp);
	free(args);
}

/* The constraints file is plausible: match takes it (exit 0), every fix
 * is a fixed pair of the answer and no forbidden pair is. */
static void test_match_honours_the_generated_constraints(void **state)
{
	(void)state;
	const char *bin = getenv("NV_BIN");
	for (int seed = 1; seed <= 4; seed++) {
		char *args = nv_xasprintf("--scale tiny --seed %d -o %s/t.csv --constraints %s/tc.csv",
		                          seed, dir, dir);
		assert_int_equal(nv(args), 0);
		free(args);
		char *cmd = nv_xasprintf("%s match %s/t.csv --constraints %s/tc.csv -o %s/m -q "
		                         "2>%s/err",
		                         bin, dir, dir, dir, dir);
		int st = system(cmd);
		free(cmd);
		assert_true(WIFEXITED(st));
		assert_int_equal(WEXITSTATUS(st), 0);
		size_t nc, np;
		char *cp = in_dir("tc.csv"), *pp = in_dir("m/pairs.csv");
		char *cons = slurp(cp, &nc), *pairs = slurp(pp, &np);
		assert_non_null(cons);
		assert_non_null(pairs);
		cons = nv_xrealloc(cons, nc + 1);
		cons[nc] = 0;
		pairs = nv_xrealloc(pairs, np + 1);
		pairs[np] = 0;
		int fixes = 0;
		char *save = NULL;
		for (char *line = strtok_r(cons, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
			char kind[16], m[64], e[64];
			if (sscanf(line, "%15[^,],%63[^,],%63s", kind, m, e) != 3 || !strcmp(kind, "kind"))
				continue;
			/* pairs.csv: group,mentor_id,mentee_id,form,score,4 terms,fixed,... */
			char *key = nv_xasprintf("\n%s,%s,%s,", m, m, e);
			char *at = strstr(pairs, key);
			if (!strcmp(kind, "fix")) {
				fixes++;
				if (!at)
					fail_msg("seed %d: fixed pair %s,%s missing", seed, m, e);
				const char *f = at + strlen(key);
				for (int comma = 0; comma < 6; f++)
					comma += *f == ',';
				assert_true(!strncmp(f, "yes,", 4));
			} else {
				assert_string_equal(kind, "forbid");
				if (at)
					fail_msg("seed %d: forbidden pair %s,%s proposed", seed, m, e);
			}
			free(key);
		}
		assert_true(fixes >= 1);
		free(cons);
		free(pairs);
		free(cp);
		free(pp);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_command_writes_the_library_bytes),
		cmocka_unit_test(test_usage_errors_exit_1_and_name_the_problem),
		cmocka_unit_test(test_options_take_their_value_after_an_equals_sign),
		cmocka_unit_test(test_help_exits_0_on_stdout),
		cmocka_unit_test(test_failed_write_leaves_neither_file),
		cmocka_unit_test(test_match_honours_the_generated_constraints),
	};
	return cmocka_run_group_tests_name("generate_cli", tests, setup, teardown);
}
