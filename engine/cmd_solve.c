/* cmd_solve.c (nastavnik solve: the optimal assignment of a scored edges
 * file, without the participants)
 *
 * Reads EDGES (mentor_id,mentee_id,score[,form] and optionally the
 * contribution columns `score` writes) and capacities, solves with
 * nv_asg_solve, writes DIR/pairs.csv and DIR/summary.json, all or none. */
#include "cli.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
        "usage: nastavnik solve EDGES -o DIR [options]\n"
        "\n"
        "Chooses the pairs of an edges file (mentor_id,mentee_id,score[,form],\n"
        "as `nastavnik score` writes it) optimally and proves the answer.\n"
        "Writes DIR/pairs.csv and DIR/summary.json.\n"
        "\n"
        "  -o, --output DIR        output folder (required)\n"
        "  --capacity FILE         mentor_id,capacity (default 1 each)\n"
        "  --objective WORD        coverage (default): most pairs, then the\n"
        "                          largest total score; score: largest total\n"
        "                          (a pair only when it adds); maximin: most\n"
        "                          pairs, then the largest smallest score, then\n"
        "                          the largest total\n"
        "  --minimize              treat score as a cost (smallest total; for\n"
        "                          maximin the smallest largest cost)\n"
        "  --one-form yes|no       a mentor works in one form only (default yes;\n"
        "                          matters only with a form column)\n"
        "  --solver auto|flow|glpk auto: the network path, GLPK when side\n"
        "                          constraints bind; glpk: the ILP for anything\n"
        "  --threads N             components solved in parallel (default: cores)\n"
        "  --time-limit SECONDS    safety net of the one-form-per-mentor search\n"
        "                          (default 600, 600 per 1.5 million edges on\n"
        "                          larger files; the search is bounded by work);\n"
        "                          past it the best answer found, marked unproven\n"
        "                          with its gap\n"
        "  --write-model FILE      also write the model as CPLEX LP\n"
        "  --encoding WORD         of EDGES: utf-8 or cp1251 (default: detected;\n"
        "                          the capacity file's is always detected)\n"
        "  -q, --quiet             accepted as the other commands take it (solve\n"
        "                          shows no progress)\n"
        "  -h, --help              this text\n"
        "\n"
        "Exit: 0 done, 1 usage, 2 bad input, 3 infeasible, 4 solver failure.\n";

/* The solver's messages name people and forms by the file's ids. */
static const char *edge_name(const void *ud, char kind, uint32_t i)
{
	const nv_edges *ed = ud;
	const nv_vocab *v = kind == 'm' ? ed->mentors : kind == 'e' ? ed->mentees : ed->forms;
	return v && i < nv_vocab_count(v) ? nv_vocab_name(v, i) : NULL;
}

static void print_conflicts(const nv_edges *ed, const nv_solution *s)
{
	for (size_t k = 0; k < s->n_conflicts; k++) {
		const nv_conflict *c = &s->conflicts[k];
		char *form = nv_printable(
			nv_xstrdup(c->form >= 0 ? nv_vocab_name(ed->forms, (uint32_t)c->form) : ""));
		fprintf(stderr, "nastavnik solve: infeasible: ");
		switch (c->kind) {
		case NV_CONFLICT_FIXED_CAPACITY: {
			char *who = nv_printable(nv_xstrdup(nv_vocab_name(ed->mentors, (uint32_t)c->mentor)));
			fprintf(stderr, "mentor '%s' has %ld fixed pairs but capacity %ld; drop %ld of them",
			        who, c->need, c->limit, c->need - c->limit);
			free(who);
			break;
		}
		case NV_CONFLICT_QUOTA_MIN:
			fprintf(stderr, "form '%s' needs %ld pairs but at most %ld are reachable",
			        form, c->limit, c->need);
			break;
		case NV_CONFLICT_QUOTA_MAX:
			fprintf(stderr, "form '%s' allows %ld pairs but %ld are fixed", form,
			        c->limit, c->need);
			break;
		default:
			fprintf(stderr, "the constraints cannot all be met");
		}
		for (size_t j = 0; j < c->n_edges; j++)
			fprintf(stderr, "%s line %ld", j ? "," : " (", ed->line[c->edges[j]]);
		fprintf(stderr, "%s\n", c->n_edges ? ")" : "");
		free(form);
	}
}

static void put_num(FILE *f, const double *col, size_t e)
{
	if (col && !isnan(col[e])) /* NAN: empty in the edges file */
		fprintf(f, "%.6f", col[e]);
}

static int write_outputs(const char *dir, const char *edges_path, const nv_edges *ed,
                         const nv_asg *a, const nv_solution *s, double t_read,
                         double t_start, nv_diag *diag)
{
	double t0 = nv_now();
	nv_outset *o = nv_outset_new();
	char *pp = nv_xasprintf("%s/pairs.csv", dir), *sp = nv_xasprintf("%s/summary.json", dir);
	int rc = NV_EFAIL;
	FILE *f = nv_outset_open(o, pp, diag);
	if (!f)
		goto done;
	static const char *reason[] = {
		"Part of the optimal assignment: most mentees matched, then the largest total score.",
		"Part of the optimal assignment: the largest total score.",
		"Part of the optimal assignment: most mentees matched, then the best worst pair, then the largest total score."};
	static const char *reason_min[] = {
		"Part of the optimal assignment: most mentees matched, then the smallest total cost.",
		"Part of the optimal assignment: the smallest total cost.",
		"Part of the optimal assignment: most mentees matched, then the smallest largest cost, then the smallest total cost."};
	fputs("group,mentor_id,mentee_id,form,score,psych,subjects,goals,needs,fixed,reason\n", f);
	uint32_t *p = nv_xmalloc((s->n_chosen + 1) * sizeof *p);
	memcpy(p, s->chosen, s->n_chosen * sizeof *p);
	nv_edges_sort(ed, p, s->n_chosen);
	uint32_t *used = nv_xcalloc(nv_vocab_count(ed->mentors) + 1, sizeof *used);
	size_t mentors_used = 0;
	for (size_t k = 0; k < s->n_chosen; k++) {
		uint32_t e = p[k];
		const char *m = nv_vocab_name(ed->mentors, ed->mentor[e]);
		if (!used[ed->mentor[e]]++)
			mentors_used++;
		nv_csv_put(f, m);
		fputc(',', f);
		nv_csv_put(f, m);
		fputc(',', f);
		nv_csv_put(f, nv_vocab_name(ed->mentees, ed->mentee[e]));
		fputc(',', f);
		nv_csv_put(f, nv_vocab_name(ed->forms, ed->form[e]));
		fprintf(f, ",%.6f,", ed->score[e]);
		put_num(f, ed->psych, e);
		fputc(',', f);
		put_num(f, ed->subjects, e);
		fputc(',', f);
		put_num(f, ed->goals, e);
		fputc(',', f);
		put_num(f, ed->needs, e);
		fputs(",no,", f);
		nv_csv_put(f, (a->minimize ? reason_min : reason)[a->objective]);
		fputc('\n', f);
	}
	free(p);
	free(used);

	FILE *j = nv_outset_open(o, sp, diag);
	if (!j)
		goto done;
	size_t R = a->n_mentors, L = a->n_mentees;
	fprintf(j, "{\n  \"command\": \"solve\",\n  \"edges\": ");
	nv_json_put(j, edges_path);
	fprintf(j, ",\n  \"counts\": {\"mentors\": %zu, \"mentees\": %zu, \"edges\": %zu, "
	           "\"pairs\": %zu, \"mentees_unmatched\": %zu, \"mentors_used\": %zu, "
	           "\"mentors_unused\": %zu},\n",
	        R, L, a->n_edges, s->n_chosen, L - s->n_chosen, mentors_used, R - mentors_used);
	/* pairs per form, in the order the forms first appear in the edges
	 * file ("" for rows without one: every row when it has no form column) */
	size_t nf = nv_vocab_count(ed->forms);
	size_t *per_form = nv_xcalloc(nf + 1, sizeof *per_form);
	for (size_t k = 0; k < s->n_chosen; k++)
		per_form[ed->form[s->chosen[k]]]++;
	fputs("  \"matched_per_form\": {", j);
	for (size_t g = 0; g < nf; g++) {
		fputs(g ? ", " : "", j);
		nv_json_put(j, nv_vocab_name(ed->forms, (uint32_t)g));
		fprintf(j, ": %zu", per_form[g]);
	}
	fputs("},\n", j);
	free(per_form);
	/* the objective's own number: pairs (coverage), the total (score), the
	 * smallest score or, with --minimize, the largest cost (maximin) */
	double worst = 0;
	for (size_t k = 0; k < s->n_chosen; k++) {
		double x = ed->score[s->chosen[k]];
		if (!k || (a->minimize ? x > worst : x < worst))
			worst = x;
	}
	double value = a->objective == NV_OBJ_SCORE     ? s->total
	             : a->objective == NV_OBJ_MAXIMIN ? worst
	                                              : (double)s->n_chosen;
	fprintf(j, "  \"objective\": {\"name\": \"%s\", \"minimize\": %s, \"pairs\": %zu, "
	           "\"total_score\": %.6f, \"min_pair_score\": ",
	        nv_objective_word(a->objective), a->minimize ? "true" : "false", s->n_chosen,
	        s->total);
	if (s->n_chosen) /* no pairs: no smallest score either */
		fprintf(j, "%.6f, \"value\": %.6f},\n", s->min_score, value);
	else
		fprintf(j, "null, \"value\": %s},\n",
		        a->objective == NV_OBJ_MAXIMIN ? "null" : "0.000000");
	fprintf(j, "  \"solver\": {\"used\": \"%s\", \"components\": %zu, \"proven\": %s, ",
	        nv_solver_word(s->used), s->n_components,
	        s->proven ? "true" : "false");
	if (s->gap_pairs)
		fprintf(j, "\"gap\": null, \"gap_pairs\": %zu, \"proof\": ", s->gap_pairs);
	else
		fprintf(j, "\"gap\": %.6f, \"gap_pairs\": 0, \"proof\": ", s->gap);
	nv_json_put(j, s->proof);
	fprintf(j, "},\n  \"timings\": {\"read\": %.6f, \"solve\": %.6f, \"write\": %.6f, "
	           "\"total\": %.6f}\n}\n",
	        t_read, s->seconds, nv_now() - t0, nv_now() - t_start);
	rc = nv_outset_commit(o, diag);
	/* match's other outputs, from an earlier run in the folder, no
	 * longer go with pairs.csv */
	static const char *const others[] = {"unmatched.csv", "report.html", "pairs.xlsx"};
	for (size_t k = 0; rc == NV_OK && k < sizeof others / sizeof *others; k++)
		nv_cli_note_earlier(diag, dir, others[k],
		                    "solve writes pairs.csv and summary.json only");
done:
	nv_outset_free(o);
	free(pp);
	free(sp);
	return rc;
}

int nv_cmd_solve(int argc, char **argv)
{
	static const char shorts[] = ":o:qh"; /* ':' first: a missing value is ':' */
	static const struct option longs[] =
	        {{"output", required_argument, NULL, 'o'},
	         {"capacity", required_argument, NULL, NV_LONG_ONLY('c')},
	         {"objective", required_argument, NULL, NV_LONG_ONLY('O')},
	         {"minimize", no_argument, NULL, NV_LONG_ONLY('m')},
	         {"one-form", required_argument, NULL, NV_LONG_ONLY('f')},
	         {"solver", required_argument, NULL, NV_LONG_ONLY('s')},
	         {"threads", required_argument, NULL, NV_LONG_ONLY('t')},
	         {"time-limit", required_argument, NULL, NV_LONG_ONLY('T')},
	         {"write-model", required_argument, NULL, NV_LONG_ONLY('w')},
	         {"encoding", required_argument, NULL, NV_LONG_ONLY('e')},
	         {"quiet", no_argument, NULL, 'q'},
	         {"help", no_argument, NULL, 'h'},
	         {NULL, 0, NULL, 0}};
	const char *dir = NULL, *cap_path = NULL;
	nv_objective obj = NV_OBJ_COVERAGE;
	nv_encoding enc = NV_ENC_AUTO;
	nv_solve_params sp;
	nv_solve_params_init(&sp);
	int minimize = 0, one_form = 1, c;
	double t_start = nv_now();

	const char *bad;
	optind = 1;
	opterr = 0;
	while ((c = nv_cli_getopt(argc, argv, shorts, longs, &bad)) != -1) {
		switch (c) {
		case 'o':
			if (nv_cli_once("solve", "--output", &dir, optarg) != NV_OK)
				return NV_EUSAGE;
			break;
		case NV_LONG_ONLY('c'):
			if (nv_cli_once("solve", "--capacity", &cap_path, optarg) != NV_OK)
				return NV_EUSAGE;
			break;
		case NV_LONG_ONLY('O'):
			if (nv_cli_objective("solve", optarg, &obj) != NV_OK)
				return NV_EUSAGE;
			break;
		case NV_LONG_ONLY('m'):
			minimize = 1;
			break;
		case NV_LONG_ONLY('f'):
			if (!strcmp(optarg, "yes"))
				one_form = 1;
			else if (!strcmp(optarg, "no"))
				one_form = 0;
			else
				return nv_cli_usage_error("solve", "--one-form takes yes or no, not '%s'",
				                          optarg);
			break;
		case NV_LONG_ONLY('s'):
			if (nv_cli_solver("solve", optarg, &sp.kind) != NV_OK)
				return NV_EUSAGE;
			break;
		case NV_LONG_ONLY('t'): {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (*end || n < 1 || n > 64)
				return nv_cli_usage_error("solve", "--threads takes 1..64, not '%s'",
				                          optarg);
			sp.threads = (int)n;
			break;
		}
		case NV_LONG_ONLY('w'):
			if (nv_cli_once("solve", "--write-model", &sp.model_path, optarg) != NV_OK)
				return NV_EUSAGE;
			break;
		case NV_LONG_ONLY('T'):
			if (nv_cli_time_limit("solve", optarg, &sp.time_limit) != NV_OK)
				return NV_EUSAGE;
			break;
		case NV_LONG_ONLY('e'):
			if (nv_cli_encoding("solve", optarg, &enc) != NV_OK)
				return NV_EUSAGE;
			break;
		case 'q': /* as the other commands take it; solve shows no progress */
			break;
		case 'h':
			fputs(usage, stdout);
			return NV_OK;
		case ':':
			return nv_cli_usage_error("solve", "option '%s' needs a value",
			                          argv[optind - 1]);
		default: {
			char letter[3];
			return nv_cli_usage_error(
				"solve", "unknown option '%s'",
				bad ? bad : nv_cli_refused(argv, shorts, letter));
		}
		}
	}
	if (optind >= argc)
		return nv_cli_usage_error("solve", "missing the edges file");
	if (argc - optind > 1)
		return nv_cli_usage_error("solve", "one edges file only ('%s' and '%s')",
		                          argv[optind], argv[optind + 1]);
	if (!dir)
		return nv_cli_usage_error("solve", "missing the output folder (-o DIR)");
	const char *path = argv[optind];
	static const char *const outs[] = {"pairs.csv", "summary.json"};
	const nv_cli_input ins[] = {{path, "edges file"}, {cap_path, "capacity file"}};
	if (nv_cli_outputs_apart("solve", dir, outs, 2, sp.model_path, ins, 2) != NV_OK)
		return NV_EUSAGE;

	int rc;
	nv_diag *diag = nv_diag_new(0);
	nv_edges *ed = NULL;
	int32_t *cap = NULL;
	nv_solution *s = NULL;
	rc = nv_edges_read(path, enc, &ed, diag);
	if (rc != NV_OK) {
		/* every problem of the run's inputs in one go: the capacity
		 * file's too, checked alone */
		if (cap_path)
			nv_capacity_read(cap_path, NV_ENC_AUTO, NULL, NULL, diag);
		rc = NV_EDATA;
		goto done;
	}
	/* The solver weighs scores in micro-units: the reader rounded them
	 * (half away from zero, as the text reads), so the outputs print and
	 * add up the same numbers. */
	size_t R = nv_vocab_count(ed->mentors);
	cap = nv_xmalloc((R + 1) * sizeof *cap);
	for (size_t m = 0; m < R; m++)
		cap[m] = 1;
	if (cap_path && nv_capacity_read(cap_path, NV_ENC_AUTO, ed->mentors, cap, diag) != NV_OK) {
		rc = NV_EDATA;
		goto done;
	}
	double t_read = nv_now() - t_start;
	nv_asg a = {
		.n_mentors = R,
		.n_mentees = nv_vocab_count(ed->mentees),
		.n_edges = ed->n,
		.n_forms = nv_vocab_count(ed->forms),
		.mentor = ed->mentor,
		.mentee = ed->mentee,
		.score = ed->score,
		.form = nv_vocab_count(ed->forms) ? ed->form : NULL,
		.capacity = cap,
		.one_form_per_mentor = one_form,
		.objective = obj,
		.minimize = minimize,
		.name = edge_name,
		.name_ud = ed,
	};
	double span, widest;
	int fits = nv_asg_span_fits(&a, &span, &widest);
	/* a limit of the whole file, said at the line of the score farthest
	 * out: in magnitude for the total; for the span, from where the
	 * weights start (0, or 1 under --minimize, which weighs -score) */
	size_t top = 0, far = 0;
	for (size_t e = 1; fits != 1 && e < ed->n; e++) {
		double s = ed->score[e], f = ed->score[far];
		top = fabs(s) > fabs(ed->score[top]) ? e : top;
		far = (minimize ? fabs(1 - s) > fabs(1 - f) : fabs(s) > fabs(f)) ? e : far;
	}
	if (fits == 2)
		nv_diag_error(diag, path, ed->line[top], "score",
		              "scores up to %.6f in magnitude (this line's) could add up past "
		              "exact integer arithmetic with this many pairs (at most %.6f in this "
		              "file)",
		              span, widest);
	else if (fits == 0)
		nv_diag_error(diag, path, ed->line[far], "score",
		              "the scores span %.6f (this line's %.6f the farthest out), too wide "
		              "for --objective %s to weigh exactly with this many pairs (at most "
		              "%.6f in this file; --objective score has no such limit)",
		              span, ed->score[far], nv_objective_word(obj), widest);
	if (fits != 1) {
		rc = NV_EDATA;
		goto done;
	}
	rc = nv_asg_solve(&a, &sp, &s);
	if (rc == NV_EINFEAS) {
		print_conflicts(ed, s);
		goto done;
	}
	if (rc != NV_OK) {
		fprintf(stderr, "nastavnik solve: %s\n", s->proof);
		rc = NV_EFAIL;
		goto done;
	}
	nv_solution_lagr_finish(s); /* every pair is in the problem */
	rc = write_outputs(dir, path, ed, &a, s, t_read, t_start, diag);
	if (rc == NV_OK && !s->proven) /* as match says it */
		nv_diag_note(diag, path, 0, NULL, "the answer is not proven optimal: %s", s->proof);
done:
	nv_diag_print(diag, stderr);
	nv_solution_free(s);
	nv_edges_free(ed);
	free(cap);
	nv_diag_free(diag);
	return rc;
}
