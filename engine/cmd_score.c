/* cmd_score.c (nastavnik score) — placeholder until the command lands */
#include "cli.h"

int nv_cmd_score(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "nastavnik score: this build does not have the command yet\n");
	return NV_EFAIL;
}
