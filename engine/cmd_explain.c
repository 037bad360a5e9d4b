/* cmd_explain.c (nastavnik explain DIR MENTEE_ID) */
#include "cli.h"

#include <string.h>

static const char usage_text[] =
        "usage: nastavnik explain DIR MENTEE_ID [--all] [--lang ru|en] [-q]\n"
        "       nastavnik explain DIR MENTOR_ID [--lang ru|en] [-q]\n"
        "\n"
        "Why this mentor for this mentee, from a 'nastavnik match' output folder:\n"
        "the pair's contributions, the next best eligible mentors and why each\n"
        "was not chosen, and what would change if the best of them were fixed\n"
        "(a real re-solve). For a mentor: its mentees with the reasons, or why it\n"
        "has none, and the best eligible mentees it does not have, with what keeps\n"
        "each apart. Re-reads the inputs named in DIR/summary.json and the answer\n"
        "in DIR/pairs.csv (solved again when it no longer fits them).\n"
        "\n"
        "options:\n"
        "      --all          every change the re-solve makes (without it the first\n"
        "                     12, then a count of each kind)\n"
        "      --lang ru|en   language (default from the locale: LC_ALL, LC_MESSAGES\n"
        "                     or LANG starting with ru gives Russian)\n"
        "  -q, --quiet        no progress on stderr (shown on a terminal when the\n"
        "                     re-solves take more than a second)\n"
        "  -h, --help         this text\n"
        "\n"
        "Exit codes: 0 done, 1 usage, 2 bad input data (an unknown id, a\n"
        "summary.json that is not what match wrote), 3 infeasible constraints,\n"
        "4 internal or solver failure.\n";

int nv_cmd_explain(int argc, char **argv)
{
	const char *cmd = "explain";
	nv_explain_params p;
	nv_explain_params_init(&p);
	p.lang = nv_cli_default_lang();
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(usage_text, stdout);
			return NV_OK;
		} else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
			p.quiet = 1;
		} else if (!strcmp(a, "--all")) {
			p.all_changes = 1;
		} else if (!strcmp(a, "--lang") || !strncmp(a, "--lang=", 7)) {
			const char *v = a[6] == '=' ? a + 7 : (i + 1 < argc ? argv[++i] : NULL);
			if (!v)
				return nv_cli_usage_error(cmd, "option '%s' needs a value", a);
			if (nv_cli_lang(cmd, v, &p.lang) != NV_OK)
				return NV_EUSAGE;
		} else if (a[0] == '-' && a[1]) {
			return nv_cli_usage_error(cmd, "unknown option '%s'", a);
		} else if (!p.dir) {
			p.dir = a;
		} else if (!p.mentee_id) {
			p.mentee_id = a;
		} else {
			return nv_cli_usage_error(cmd, "unexpected argument '%s'", a);
		}
	}
	if (!p.dir || !p.mentee_id)
		return nv_cli_usage_error(cmd,
		                          p.dir ? "missing the mentee id"
		                                : "missing the output folder and the mentee id");
	if (!*p.dir) /* "" would read /summary.json */
		return nv_cli_usage_error(cmd, "the output folder's name is empty");
	nv_diag *d = nv_diag_new(0);
	int rc = nv_explain(&p, stdout, d);
	nv_diag_print(d, stderr);
	nv_diag_free(d);
	return rc;
}
