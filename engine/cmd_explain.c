/* cmd_explain.c (nastavnik explain) — placeholder until the command lands */
#include "cli.h"

int nv_cmd_explain(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "nastavnik explain: this build does not have the command yet\n");
	return NV_EFAIL;
}
