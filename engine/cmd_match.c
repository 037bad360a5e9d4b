/* cmd_match.c (nastavnik match) — placeholder until the command lands */
#include "cli.h"

int nv_cmd_match(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "nastavnik match: this build does not have the command yet\n");
	return NV_EFAIL;
}
