/* cmd_check.c (nastavnik check) — placeholder until the command lands */
#include "cli.h"

int nv_cmd_check(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "nastavnik check: this build does not have the command yet\n");
	return NV_EFAIL;
}
