/* cmd_solve.c (nastavnik solve) — placeholder until the command lands */
#include "cli.h"

int nv_cmd_solve(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "nastavnik solve: this build does not have the command yet\n");
	return NV_EFAIL;
}
