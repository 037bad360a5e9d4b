/* cmd_match.c (nastavnik match: options in, nv_match_run, problems out) */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
	"usage: nastavnik match PARTICIPANTS -o DIR [options]\n"
	"\n"
	"Proposes mentor-mentee pairs and groups and writes DIR/pairs.csv,\n"
	"DIR/unmatched.csv, DIR/summary.json and DIR/report.html (all four or\n"
	"none; with --xlsx, pairs.xlsx too, all five or none).\n"
	"\n"
	"options:\n"
	"  -o, --output DIR          output folder (created when missing)\n"
	"  -c, --config FILE         INI config: weights, min_score, objective, forms\n"
	"      --constraints FILE    kind,mentor_id,mentee_id with kind forbid or fix\n"
	"      --objective WORD      coverage (default), score or maximin\n"
	"      --lang ru|en          language of the reasons and the report (default\n"
	"                            from the locale: LC_ALL, LC_MESSAGES or LANG\n"
	"                            starting with ru gives Russian, else English)\n"
	"      --with-names          add mentor_name,mentee_name to pairs.csv\n"
	"      --xlsx                also write DIR/pairs.xlsx: the pairs, the unmatched\n"
	"                            and the reporting form per institution as three\n"
	"                            sheets in the run's language, for Excel\n"
	"      --skip-invalid        send invalid rows to unmatched.csv instead of stopping\n"
	"      --encoding WORD       of PARTICIPANTS: utf-8 or cp1251 (default: detected;\n"
	"                            the constraints file's is always detected)\n"
	"      --solver WORD         auto (default), flow or glpk (flow: the network\n"
	"                            relaxation alone; exit 4 when it breaks one form\n"
	"                            per mentor or a quota)\n"
	"      --write-model FILE    also write the assignment model as CPLEX LP\n"
	"      --top-k K             pairs per mentee in the first solve (0: automatic)\n"
	"      --time-limit SECONDS  safety net of the one-form-per-mentor search (default\n"
	"                            600 for the whole run, 600 per 1.5 million pairs of\n"
	"                            the first solve on larger inputs; the search itself\n"
	"                            is bounded by work, so its answer does not depend\n"
	"                            on the machine); past it the best answer found,\n"
	"                            marked unproven with its gap in summary.json; with\n"
	"                            quotas, of GLPK (default 120; past it the best\n"
	"                            answer found, unproven, or exit 4 without one)\n"
	"  -q, --quiet               no progress on stderr\n"
	"  -h, --help                this text\n"
	"\n"
	"Exit codes: 0 done, 1 usage, 2 bad input data, 3 infeasible constraints,\n"
	"4 internal or solver failure.\n";

/* The value of option argv[*i] ("--opt VALUE" or "--opt=VALUE"), or NULL
 * when argv[*i] is not `name`. */
static const char *opt_value(int argc, char **argv, int *i, const char *name,
                             const char *alias, int *missing)
{
	const char *a = argv[*i];
	size_t n = strlen(name);
	if (!strncmp(a, name, n) && a[n] == '=')
		return a + n + 1;
	if (strcmp(a, name) && (!alias || strcmp(a, alias)))
		return NULL;
	if (*i + 1 >= argc) {
		*missing = 1;
		return NULL;
	}
	return argv[++*i];
}

int nv_cmd_match(int argc, char **argv)
{
	const char *cmd = "match";
	nv_match_params p;
	nv_match_params_init(&p);
	p.lang = nv_cli_default_lang();
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v;
		int missing = 0;
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(usage_text, stdout);
			return NV_OK;
		} else if ((v = opt_value(argc, argv, &i, "--output", "-o", &missing))) {
			if (nv_cli_once(cmd, "--output", &p.outdir, v) != NV_OK)
				return NV_EUSAGE;
		} else if ((v = opt_value(argc, argv, &i, "--config", "-c", &missing))) {
			if (nv_cli_once(cmd, "--config", &p.config_path, v) != NV_OK)
				return NV_EUSAGE;
		} else if ((v = opt_value(argc, argv, &i, "--constraints", NULL, &missing))) {
			if (nv_cli_once(cmd, "--constraints", &p.constraints_path, v) != NV_OK)
				return NV_EUSAGE;
		} else if ((v = opt_value(argc, argv, &i, "--objective", NULL, &missing))) {
			nv_objective o;
			if (nv_cli_objective(cmd, v, &o) != NV_OK)
				return NV_EUSAGE;
			p.objective = (int)o;
		} else if ((v = opt_value(argc, argv, &i, "--lang", NULL, &missing))) {
			if (nv_cli_lang(cmd, v, &p.lang) != NV_OK)
				return NV_EUSAGE;
		} else if ((v = opt_value(argc, argv, &i, "--encoding", NULL, &missing))) {
			if (nv_cli_encoding(cmd, v, &p.encoding) != NV_OK)
				return NV_EUSAGE;
		} else if ((v = opt_value(argc, argv, &i, "--solver", NULL, &missing))) {
			if (nv_cli_solver(cmd, v, &p.solver) != NV_OK)
				return NV_EUSAGE;
		} else if ((v = opt_value(argc, argv, &i, "--write-model", NULL, &missing))) {
			if (nv_cli_once(cmd, "--write-model", &p.model_path, v) != NV_OK)
				return NV_EUSAGE;
		} else if ((v = opt_value(argc, argv, &i, "--time-limit", NULL, &missing))) {
			if (nv_cli_time_limit(cmd, v, &p.time_limit) != NV_OK)
				return NV_EUSAGE;
		} else if ((v = opt_value(argc, argv, &i, "--top-k", NULL, &missing))) {
			char *end;
			long k = strtol(v, &end, 10);
			if (*v == 0 || *end || k < 0)
				return nv_cli_usage_error(cmd, "--top-k wants a whole number >= 0, not '%s'", v);
			p.top_k = (size_t)k;
		} else if (missing) {
			return nv_cli_usage_error(cmd, "option '%s' needs a value", a);
		} else if (!strcmp(a, "--with-names")) {
			p.with_names = 1;
		} else if (!strcmp(a, "--xlsx")) {
			p.xlsx = 1;
		} else if (!strcmp(a, "--skip-invalid")) {
			p.skip_invalid = 1;
		} else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
			p.quiet = 1;
		} else if (a[0] == '-' && a[1]) {
			return nv_cli_usage_error(cmd, "unknown option '%s'", a);
		} else if (p.participants) {
			return nv_cli_usage_error(cmd, "one participants file only ('%s' and '%s')",
			                          p.participants, a);
		} else {
			p.participants = a;
		}
		if (missing)
			return nv_cli_usage_error(cmd, "option '%s' needs a value", a);
	}
	if (!p.participants)
		return nv_cli_usage_error(cmd, "missing the participants file");
	if (!p.outdir)
		return nv_cli_usage_error(cmd, "missing the output folder (-o DIR)");
	static const char *const outs[] = {"pairs.csv", "unmatched.csv", "summary.json",
	                                   "report.html", "pairs.xlsx"};
	const nv_cli_input ins[] = {{p.participants, "participants file"},
	                            {p.config_path, "config"},
	                            {p.constraints_path, "constraints file"}};
	if (nv_cli_outputs_apart(cmd, p.outdir, outs, p.xlsx ? 5 : 4, p.model_path, ins, 3) !=
	    NV_OK)
		return NV_EUSAGE;
	nv_diag *d = nv_diag_new(0);
	int rc = nv_match_run(&p, d);
	/* a workbook of an earlier run with --xlsx no longer goes with them */
	if (rc == NV_OK && !p.xlsx)
		nv_cli_note_earlier(d, p.outdir, "pairs.xlsx", "match writes it with --xlsx");
	nv_diag_print(d, stderr);
	nv_diag_free(d);
	if (rc == NV_OK && !p.quiet) {
		/* as the files are named, on the one line */
		char *first = nv_printable(nv_join_path(p.outdir, "pairs.csv"));
		fprintf(stderr,
		        "nastavnik match: wrote %s, unmatched.csv, summary.json, report.html%s\n",
		        first, p.xlsx ? ", pairs.xlsx" : "");
		free(first);
	}
	return rc;
}
