/* main.c (the nastavnik command line: dispatch to one command) */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *what;
} commands[] = {
	{"check", nv_cmd_check, "validate a participants file, report every problem"},
	{"score", nv_cmd_score, "write every eligible pair with its score"},
	{"match", nv_cmd_match, "propose pairs and groups, with reasons"},
	{"solve", nv_cmd_solve, "optimal assignment of a scored edges file"},
	{"explain", nv_cmd_explain, "why this mentor, and why not the others"},
	{"generate", nv_cmd_generate, "write a synthetic participants file"},
};

static void usage(FILE *f)
{
	fprintf(f, "usage: nastavnik COMMAND [OPTIONS] ...\n\n"
	           "Proposes mentor-mentee pairs and groups for school mentorship\n"
	           "programmes and explains each proposal.\n\ncommands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].what);
	fprintf(f, "\n'nastavnik COMMAND --help' (or 'nastavnik help COMMAND') tells more.\n"
	           "Exit codes: 0 done, 1 usage, 2 bad input data, 3 infeasible constraints,\n"
	           "4 internal or solver failure.\n");
}

/* What went to stdout (check's report, explain's text, --help) reached
 * it: a full disk or a closed stdout is a write error (exit 4), not a
 * silent success. */
static int stdout_done(int rc)
{
	if (fflush(stdout) == 0 && !ferror(stdout))
		return rc;
	fprintf(stderr, "nastavnik: cannot write to standard output: %s\n", strerror(errno));
	return rc == NV_OK ? NV_EFAIL : rc;
}

/* OpenBLAS starts its worker threads with the process, and each reserves
 * its buffers; under a small memory limit (ulimit -v or -d) one of them
 * waits for memory forever and the process hangs, even on --help. Below
 * 1 GiB the program runs again as itself with one BLAS thread, before
 * anything else happens (an exec that fails leaves it as it is). */
static void one_blas_thread_when_memory_is_tight(char **argv)
{
	struct rlimit as, data; /* ulimit -v, and -d (writable maps count) */
	if (getenv("OPENBLAS_NUM_THREADS") || getrlimit(RLIMIT_AS, &as) != 0 ||
	    getrlimit(RLIMIT_DATA, &data) != 0)
		return;
	rlim_t least = as.rlim_cur < data.rlim_cur ? as.rlim_cur : data.rlim_cur;
	if (least == RLIM_INFINITY || least >= (rlim_t)1 << 30)
		return;
	setenv("OPENBLAS_NUM_THREADS", "1", 1);
	execv("/proc/self/exe", argv);
}

int main(int argc, char **argv)
{
	one_blas_thread_when_memory_is_tight(argv);
	if (argc < 2) {
		usage(stderr);
		return NV_EUSAGE;
	}
	char *help[] = {argv[0], argc > 2 ? argv[2] : NULL, "--help", NULL};
	if (!strcmp(argv[1], "help") && argc > 2) { /* "help match": match's own */
		argc = 3;
		argv = help;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return stdout_done(NV_OK);
	}
	nv_outset_signals(); /* Ctrl-C leaves no half-written output behind */
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		if (!strcmp(argv[1], commands[i].name))
			return stdout_done(commands[i].run(argc - 1, argv + 1));
	/* one line, as the commands' own usage errors: the list is in --help */
	char *shown = nv_printable(nv_xstrdup(argv[1]));
	fprintf(stderr, "nastavnik: unknown %s '%s' (see 'nastavnik --help')\n",
	        argv[1][0] == '-' ? "option" : "command", shown);
	free(shown);
	return NV_EUSAGE;
}
