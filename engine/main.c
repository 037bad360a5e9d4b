/* main.c (the nastavnik command line: dispatch to one command) */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

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

int main(int argc, char **argv)
{
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
		return NV_OK;
	}
	nv_outset_signals(); /* Ctrl-C leaves no half-written output behind */
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	/* one line, as the commands' own usage errors: the list is in --help */
	char *shown = nv_printable(nv_xstrdup(argv[1]));
	fprintf(stderr, "nastavnik: unknown %s '%s' (see 'nastavnik --help')\n",
	        argv[1][0] == '-' ? "option" : "command", shown);
	free(shown);
	return NV_EUSAGE;
}
