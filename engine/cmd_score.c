/* cmd_score.c (nastavnik score: every eligible pair, or the best K per
 * mentee, with its score and contributions, as an edges file for solve) */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage_text[] =
	"usage: nastavnik score PARTICIPANTS -o EDGES [-c CONFIG] [--top K]\n"
	"                       [--min-score X] [--encoding utf-8|cp1251]\n"
	"                       [--skip-invalid] [--quiet]\n"
	"\n"
	"Scores every eligible mentor-mentee pair of PARTICIPANTS (SPEC §2, §3)\n"
	"and writes EDGES as mentor_id,mentee_id,form,score,psych,subjects,goals,\n"
	"needs, sorted by mentee then mentor in input order; the file is valid\n"
	"input to 'nastavnik solve'. Scores and contributions have 6 decimals\n"
	"and the contributions add up to the score exactly.\n"
	"\n"
	"  -o, --output EDGES     the file to write (whole or not at all; '-':\n"
	"                         standard output, as it goes)\n"
	"  -c, --config CONFIG    INI config: weights, min_score, forms\n"
	"  --top K                keep only the best K mentors per mentee\n"
	"                         (higher score first, then earlier row)\n"
	"  --min-score X          keep pairs with score >= X (default: the\n"
	"                         config's min_score, 0)\n"
	"  --encoding ENC         force the input encoding (default: detect)\n"
	"  --skip-invalid         leave invalid rows out instead of stopping\n"
	"  -q, --quiet            no progress on stderr\n"
	"  -h, --help             this text\n"
	"\n"
	"Exit codes: 0 done, 1 usage, 2 bad input data or config, 4 write error.\n";

typedef struct writer {
	FILE *f;
	const nv_table *t;
	const nv_config *c;
	int err; /* errno of a failed write */
} writer;

static int write_block(void *ud, const nv_pairs *b)
{
	writer *w = ud;
	for (size_t i = 0; i < b->n; i++) {
		nv_csv_put(w->f, w->t->id[b->mentor[i]]);
		fputc(',', w->f);
		nv_csv_put(w->f, w->t->id[b->mentee[i]]);
		fputc(',', w->f);
		nv_csv_put(w->f, w->c->form[b->form[i]].name);
		const double *x = b->contrib + i * NV_NTERMS;
		fprintf(w->f, ",%.6f,%.6f,%.6f,%.6f,%.6f\n", b->score[i], x[0], x[1],
		        x[2], x[3]);
	}
	if (!ferror(w->f))
		return 0;
	w->err = errno; /* the write's own cause, before anything else sets it */
	return NV_EFAIL;
}

/* Progress on a terminal, as match shows it: nothing in a run's first
 * NV_PROGRESS_AFTER seconds. */
typedef struct shown {
	double t0;
	int on;
} shown;

static void progress(void *ud, double fraction)
{
	shown *s = ud;
	if (nv_now() - s->t0 < NV_PROGRESS_AFTER)
		return;
	s->on = 1;
	fprintf(stderr, "\rnastavnik score: %3d%%", (int)(fraction * 100));
	fflush(stderr);
}

int nv_cmd_score(int argc, char **argv)
{
	static const char shorts[] = ":o:c:qh"; /* ':' first: a missing value is ':' */
	static const struct option opts[] = {
		{"output", required_argument, NULL, 'o'},
		{"config", required_argument, NULL, 'c'},
		{"top", required_argument, NULL, NV_LONG_ONLY('k')},
		{"min-score", required_argument, NULL, NV_LONG_ONLY('m')},
		{"encoding", required_argument, NULL, NV_LONG_ONLY('e')},
		{"skip-invalid", no_argument, NULL, NV_LONG_ONLY('s')},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *out_path = NULL, *config_path = NULL;
	size_t top_k = 0;
	double min_score = NAN;
	int skip_invalid = 0, quiet = 0;
	nv_read_params rp;
	nv_read_params_init(&rp);
	const char *bad;
	optind = 1;
	opterr = 0;
	int ch;
	while ((ch = nv_cli_getopt(argc, argv, shorts, opts, &bad)) != -1) {
		char *end;
		switch (ch) {
		case 'o':
			if (nv_cli_once("score", "--output", &out_path, optarg) != NV_OK)
				return NV_EUSAGE;
			break;
		case 'c':
			if (nv_cli_once("score", "--config", &config_path, optarg) != NV_OK)
				return NV_EUSAGE;
			break;
		case NV_LONG_ONLY('k'): {
			errno = 0;
			unsigned long long k = strtoull(optarg, &end, 10);
			if (!*optarg || *end || errno || k == 0 || optarg[0] == '-')
				return nv_cli_usage_error("score",
				                          "--top needs a whole number >= 1, not '%s'",
				                          optarg);
			top_k = (size_t)k;
			break;
		}
		case NV_LONG_ONLY('m'):
			if (nv_config_number(optarg, &min_score) || !(min_score >= 0 && min_score <= 1))
				return nv_cli_usage_error(
					"score", "--min-score needs a number in [0,1], not '%s'", optarg);
			break;
		case NV_LONG_ONLY('e'):
			if (nv_cli_encoding("score", optarg, &rp.encoding) != NV_OK)
				return NV_EUSAGE;
			break;
		case NV_LONG_ONLY('s'):
			skip_invalid = 1;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return NV_OK;
		case ':':
			return nv_cli_usage_error("score", "option '%s' needs a value",
			                          argv[optind - 1]);
		default: {
			char letter[3];
			return nv_cli_usage_error(
				"score", "unknown option '%s'",
				bad ? bad : nv_cli_refused(argv, shorts, letter));
		}
		}
	}
	if (optind >= argc)
		return nv_cli_usage_error("score", "missing the participants file");
	if (optind + 1 < argc)
		return nv_cli_usage_error("score", "one participants file only ('%s' and '%s')",
		                          argv[optind], argv[optind + 1]);
	if (!out_path)
		return nv_cli_usage_error("score", "missing the output file (-o EDGES)");
	const char *in_path = argv[optind];
	const nv_cli_input ins[] = {{in_path, "participants file"}, {config_path, "config"}};
	if (nv_cli_outputs_apart("score", NULL, &out_path, 1, NULL, ins, 2) != NV_OK)
		return NV_EUSAGE;

	double t_start = nv_now();
	int rc = NV_OK;
	nv_diag *d = nv_diag_new(0);
	nv_config c;
	nv_config_init(&c);
	nv_table *t = NULL;
	nv_model *M = NULL;
	nv_outset *o = NULL;
	/* both inputs' problems before stopping on either */
	if (config_path && nv_config_load(&c, config_path, d) != NV_OK)
		rc = NV_EDATA;
	if (!isnan(min_score))
		c.min_score = min_score;
	if (nv_table_read(in_path, &rp, &t, d) != NV_OK || rc != NV_OK) {
		rc = NV_EDATA;
		goto done;
	}
	size_t invalid = 0;
	for (size_t r = 0; r < t->n; r++)
		invalid += t->status[r] == NV_ROW_INVALID;
	if (invalid && !skip_invalid) {
		rc = NV_EDATA;
		goto done;
	}
	nv_config_check_table(&c, t, d);

	M = nv_model_new(t, &c);
	/* "-": standard output, as it goes (a pipe has no whole or nothing) */
	int to_stdout = !strcmp(out_path, "-");
	FILE *f = stdout;
	if (!to_stdout) {
		o = nv_outset_new();
		f = nv_outset_open(o, out_path, d);
	}
	if (!f) {
		rc = NV_EFAIL;
		goto done;
	}
	fputs("mentor_id,mentee_id,form,score,psych,subjects,goals,needs\n", f);
	nv_score_params p;
	nv_score_params_init(&p);
	p.top_k = top_k;
	p.min_score = c.min_score;
	p.keep_contrib = 1;
	shown sh = {t_start, 0};
	if (!quiet && isatty(STDERR_FILENO)) {
		p.progress = progress;
		p.progress_ud = &sh;
	}
	writer w = {f, t, &c, 0};
	nv_score_stats st;
	rc = nv_score_stream(M, &p, write_block, &w, &st);
	if (sh.on)
		fputc('\n', stderr);
	if (rc != NV_OK) {
		nv_diag_error(d, out_path, 0, NULL, "cannot write: %s",
		              w.err ? strerror(w.err) : "the scoring failed");
		rc = NV_EFAIL;
		goto done;
	}
	nv_config_note_empty_forms(&c, &st, t, d);
	if (!to_stdout) {
		rc = nv_outset_commit(o, d) == NV_OK ? NV_OK : NV_EFAIL;
	} else if (fflush(stdout) != 0) {
		nv_diag_error(d, "-", 0, NULL, "cannot write: %s", strerror(errno));
		rc = NV_EFAIL;
	}
done:
	nv_diag_print(d, stderr);
	nv_outset_free(o);
	nv_model_free(M);
	nv_table_free(t);
	nv_config_done(&c);
	nv_diag_free(d);
	return rc;
}
