/* cmd_generate.c (nastavnik generate) — placeholder until the command lands */
#include "cli.h"

int nv_cmd_generate(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "nastavnik generate: this build does not have the command yet\n");
	return NV_EFAIL;
}
