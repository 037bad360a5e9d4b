/* cli_dir.h — for the tests that run the nastavnik binary: one temporary
 * folder per test program (cli_setup and cli_teardown as cmocka fixtures;
 * NV_KEEP set keeps it, to look at a failure), names in it, and runs of
 * the binary with their stdout and stderr kept there as files `stdout` and
 * `stderr`. NV_BIN is the binary (default build/nastavnik; a relative one
 * is taken from the top folder, where the tests run). Header-only; include
 * after <cmocka.h>. */
#ifndef NV_CLI_DIR_H
#define NV_CLI_DIR_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ref_spec.h"

static char cli_dir[64];

static inline int cli_setup(void **state)
{
	(void)state;
	snprintf(cli_dir, sizeof cli_dir, "/tmp/nv_test_XXXXXX");
	return mkdtemp(cli_dir) ? 0 : -1;
}

static inline int cli_teardown(void **state)
{
	(void)state;
	if (getenv("NV_KEEP"))
		return 0;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", cli_dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* cli_dir/name; four calls may hold their answers at once. */
static inline char *path_in(const char *name)
{
	static char buf[4][600];
	static int k;
	k = (k + 1) % 4;
	snprintf(buf[k], sizeof buf[k], "%s/%s", cli_dir, name);
	return buf[k];
}

/* Runs the binary with args (printf-style) from the top folder; the exit
 * code. */
static inline int nv(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline int nv(const char *fmt, ...)
{
	char args[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(args, sizeof args, fmt, ap);
	va_end(ap);
	return ref_run(args, path_in("stdout"), path_in("stderr"));
}

/* The same, run inside cli_dir (file names in args are names in it),
 * after the shell commands pre ("" for none; "ulimit -f 1 && "). */
static inline int nv_in_after(const char *pre, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));
static inline int nv_in_vafter(const char *pre, const char *fmt, va_list ap)
{
	char args[4096], cwd[512], cmd[5400];
	vsnprintf(args, sizeof args, fmt, ap);
	const char *bin = getenv("NV_BIN");
	if (!bin)
		bin = "build/nastavnik";
	assert_non_null(getcwd(cwd, sizeof cwd));
	snprintf(cmd, sizeof cmd, "cd %s && %s%s%s%s %s >stdout 2>stderr", cli_dir, pre,
	         bin[0] == '/' ? "" : cwd, bin[0] == '/' ? "" : "/", bin, args);
	int st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static inline int nv_in_after(const char *pre, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = nv_in_vafter(pre, fmt, ap);
	va_end(ap);
	return rc;
}

static inline int nv_in(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline int nv_in(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = nv_in_vafter("", fmt, ap);
	va_end(ap);
	return rc;
}

/* Contents of cli_dir/name, or NULL when there is no such file; caller
 * frees. */
static inline char *file(const char *name)
{
	return ref_slurp(path_in(name), NULL);
}

static inline void write_file(const char *name, const char *text)
{
	FILE *f = fopen(path_in(name), "wb");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static inline int exists(const char *name)
{
	struct stat st;
	return stat(path_in(name), &st) == 0;
}

/* name's text has want, else the test fails showing both */
static inline void assert_file_has(const char *name, const char *want)
{
	char *s = file(name);
	assert_non_null(s);
	if (!strstr(s, want))
		fail_msg("%s lacks \"%s\":\n%s", name, want, s);
	free(s);
}

static inline void assert_stderr_has(const char *want)
{
	assert_file_has("stderr", want);
}

#endif
