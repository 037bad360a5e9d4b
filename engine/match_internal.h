/* match_internal.h — the match pipeline's state, shared by match.c,
 * reasons.c, output.c, summary.c, explain.c and progress.c (private to
 * engine/). A run is built in memory first; writing is a separate step so
 * explain can rebuild the same run without touching the output folder. */
#ifndef NV_MATCH_INTERNAL_H
#define NV_MATCH_INTERNAL_H

#include "engine.h"

/* --- progress on stderr (progress.c) ------------------------------------- */
typedef struct nv_progress {
	int on;           /* stderr is a terminal and not --quiet */
	const char *cmd;  /* "match", "explain" */
	const char *stage;
	int last_pct;     /* -1: the stage's line is not drawn yet */
	double last_t;
	double t0;        /* the run's start: nothing is drawn before NV_PROGRESS_AFTER */
} nv_progress;

void nv_progress_init(nv_progress *g, int quiet, const char *cmd);
void nv_progress_stage(nv_progress *g, const char *stage); /* starts a stage */
void nv_progress_set(nv_progress *g, double fraction);     /* 0..1 */
void nv_progress_done(nv_progress *g);                     /* ends the line */
void nv_progress_cb(void *ud, double fraction); /* for nv_score_params, nv_solve_params */

/* --- reason codes (SPEC §6) ---------------------------------------------- */
typedef enum {
	NV_RC_NONE = 0, /* matched */
	NV_RC_NO_CONSENT,
	NV_RC_INVALID_ROW,
	NV_RC_NO_ELIGIBLE,
	NV_RC_BELOW_MIN,
	NV_RC_CAPACITY,
	NV_RC_QUOTA,
	NV_RC_FORBIDDEN,
	NV_RC_COUNT
} nv_reason_code;

const char *nv_reason_code_word(nv_reason_code c); /* "no_consent", ... */

/* What the last pass over every eligible pair saw for one person (mentor
 * or mentee); enough to compute the unmatched code without guessing. */
typedef struct nv_tally {
	uint32_t eligible;      /* eligible partners */
	uint32_t forbidden;     /* of those, forbidden by the constraints */
	uint32_t forbidden_ok;  /* of those, scoring >= min_score */
	uint32_t below;         /* not forbidden, score < min_score */
	uint32_t cand;          /* not forbidden, score >= min_score */
	uint32_t cap_blocked;   /* candidates whose partner is full / another form */
	uint32_t quota_blocked; /* candidates blocked by a form's max_pairs */
	uint32_t other_form;    /* of cap_blocked, mentors with room held in another
	                         * form by the one-form rule (a mentee's tally) */
	uint32_t cap_zero;      /* of cap_blocked, mentors of capacity 0 (a
	                         * mentee's tally) */
	uint32_t fixed_full;    /* of cap_blocked, partners the curator's fixed
	                         * pairs hold: a mentor they fill, a mentee in
	                         * one */
	int32_t best;           /* index (mentor or mentee) of the best candidate, -1 */
	int32_t best_form;      /* the form of the pair with it */
	double best_score;      /* its score */
	double best_below;      /* best score among the below-min partners */
	int32_t quota_form;     /* a form whose quota blocked a candidate, -1 */
} nv_tally;

/* --- the run --------------------------------------------------------------- */
typedef struct nv_run {
	nv_match_params p;
	nv_table *t;
	int64_t mentee_id_row; /* p.mentee_id: its row (the first with it), else -1 */
	nv_config cfg;
	nv_constraints *cons;
	nv_model *model;
	char *abs_participants, *abs_config, *abs_constraints;

	/* consenting valid people, in input order */
	size_t n_mentors, n_mentees;
	uint32_t *mentor_row, *mentee_row;
	int32_t *row_index; /* table row -> mentor or mentee index, -1 */
	size_t n_invalid, n_no_consent;

	/* constraint pairs, keys (mentee << 32 | mentor), sorted */
	size_t n_forbid, n_fix;
	uint64_t *forbid, *fix;
	long *fix_line; /* per fix: the first constraints-file line fixing it,
	                   0 for one fixed otherwise (explain's) */

	/* edges of the solve, sorted by key (mentee, mentor) */
	size_t n_edges, cap_edges;
	uint64_t *e_key;
	uint32_t *e_mentor, *e_mentee, *e_form;
	double *e_score, *e_contrib; /* NV_NTERMS per edge */
	uint8_t *e_flags;
	int32_t *capacity, *form_min, *form_max;
	nv_asg asg;
	nv_solve_params sp;
	double time_limit; /* seconds for all solver rounds; 0: the default */
	double deadline;   /* when the last solve's rounds had to end */
	nv_solution *sol;
	size_t rounds;       /* solves until no omitted pair could improve */
	uint64_t eligible;   /* eligible pairs in the whole set */
	uint64_t kept;       /* pairs >= min_score kept for the first solve */
	size_t top_k;        /* 0: every pair kept */

	/* Every usable pair (not forbidden, score >= min_score) in the
	 * scorer's order, recorded by one scoring pass when the eligible set
	 * fits a budget (use_on); the rounds then scan it instead of scoring
	 * again. Scores in micro-units. The mentee is kept once per run of
	 * pairs (the scorer emits a mentee's pairs together): run g holds
	 * pairs [u_start[g], u_start[g + 1]) of mentee u_run[g]
	 * (u_start[n_run] = n_use). use_mentor / use_mentee hold the parts of
	 * the tallies that do not depend on the answer. */
	int use_on;
	size_t n_use, cap_use, n_run, cap_run;
	uint32_t *u_mentor, *u_run;
	size_t *u_start;
	int32_t *u_q;
	uint8_t *u_form;
	uint64_t use_seen;
	nv_tally *use_mentor, *use_mentee;

	/* answer */
	int32_t *mentee_edge; /* per mentee: chosen edge or -1 */
	int32_t *mentor_load; /* per mentor: chosen edges */
	int32_t *mentor_fixed; /* per mentor: of those, the ones the curator fixed */
	int32_t *mentor_form; /* per mentor: form of its chosen edges or -1 */
	uint64_t *mentor_swap;   /* per mentor: the forms of its chosen edges not
	                            fixed (bit f): a swap there keeps f's count */
	uint32_t *mentor_region; /* per mentor: the solver's region (org or district) */
	/* per mentor, the only form it may work in (-1: any), or NULL: the
	 * solver is given the pairs of other forms as forbidden (hold_flags) */
	int32_t *hold_form;
	uint8_t *hold_flags;
	int32_t *form_count;  /* per form: chosen edges */
	nv_tally *tally_mentor, *tally_mentee;

	/* reasons */
	uint8_t *code;       /* per table row, nv_reason_code */
	char **row_reason;   /* per table row: the unmatched sentence */
	char **edge_reason;  /* per edge: the pair sentence (chosen edges only) */

	const nv_diag *diag; /* notes about the inputs, for summary.json */
	double t_load, t_features, t_score, t_solve, t_reasons, t_write;
	size_t input_errors, input_notes; /* diag's counts once the inputs are
	                                     read, the constraints applied and
	                                     the forms' pairs counted */
	nv_progress prog;
	int answer_read; /* the answer is the folder's (nv_run_build) */
	uint64_t fingerprint; /* of the inputs as read: participants, config, constraints */
	int inputs_changed;   /* since the folder's run: another fingerprint (explain) */
} nv_run;

/* What a match folder's summary.json states of its answer (solver.proven,
 * gap, gap_pairs, proof; objective.matched and total_score, and
 * inputs.fingerprint: a pairs.csv with another count or total, or inputs
 * with another fingerprint, and it is not the run's answer). */
typedef struct nv_answer_in {
	int proven;
	double gap;
	size_t gap_pairs, matched;
	char *proof;
	double total;      /* objective.total_score */
	int has_fingerprint; /* inputs.fingerprint (match wrote none before it) */
	uint64_t fingerprint;
} nv_answer_in;
/* Reads, validates, scores, applies constraints, solves and fills the
 * reasons (match.c). With answer (explain), r's answer is p->outdir's
 * pairs.csv, not solved again, when it is this run's answer: the inputs'
 * fingerprint the one `answer` states, its pairs eligible with the scores
 * written, the count and total `answer` states, every constraint met
 * (r->answer_read); otherwise, and without answer, solved.
 * Returns the exit code; on NV_OK *out is a full run. Caller frees with
 * nv_run_free. */
int nv_run_build(const nv_match_params *p, const nv_answer_in *answer, nv_run **out,
                 nv_diag *diag);
void nv_run_free(nv_run *r); /* NULL is fine */
/* Fixes the pair (adding it when pruned or below min_score) and solves r
 * again, proven over the whole eligible set: explain's counterfactual.
 * With hold, every mentor with a pair in r's answer is kept in its form
 * and the pair's mentor in the pair's form (a search that cannot prove
 * its answer would otherwise move pairs for its own sake); the answer is
 * then the best one under that rule. Returns the exit code; conflicts go
 * to diag, worded in the run's language (r->p.lang: explain's). Changes
 * r's answer and drops its pair sentences (their edge indices no longer
 * hold). */
int nv_run_fix_and_solve(nv_run *r, uint32_t mentor, uint32_t mentee, int hold, nv_diag *diag);
/* Whether answer s is better under objective o (SPEC §4) than one of
 * matched0 pairs, total score total0 and smallest pair score min0; sums
 * closer than half a micro-unit are equal. */
int nv_answer_beats(nv_objective o, const nv_solution *s, size_t matched0, double total0,
                    double min0);
/* Whether form f is held at its min_pairs quota by the answer (any of its
 * pairs lost would break it). */
static inline int nv_run_form_at_min(const nv_run *r, uint32_t f)
{
	return r->form_min[f] > 0 && r->form_count[f] <= r->form_min[f];
}
/* Maximin's value: the smallest score of the chosen pairs the curator
 * did not fix (fixed pairs are exempt from the threshold); NAN when there
 * is none (no pair, or every pair fixed). */
double nv_run_maximin_value(const nv_run *r);
/* Index of the edge (mentor, mentee) or -1. */
int64_t nv_run_edge(const nv_run *r, uint32_t mentor, uint32_t mentee);
int nv_run_forbidden(const nv_run *r, uint32_t mentor, uint32_t mentee);
int nv_run_fixed(const nv_run *r, uint32_t mentor, uint32_t mentee); /* by the curator or explain */
/* Maps solver conflicts to "constraint" messages naming ids (exit 3), in
 * lang: English for match's stderr, Russian for explain's text. */
void nv_run_report_conflicts(const nv_run *r, const nv_solution *s,
                             const uint32_t *em, const uint32_t *ee, nv_lang lang,
                             nv_diag *diag);

/* reasons.c */
void nv_reasons_fill(nv_run *r);
char *nv_reason_pair(const nv_run *r, size_t edge, nv_lang lang); /* caller frees */
const char *nv_form_title(const nv_form *fm, nv_lang lang); /* «ученик – ученик» */
const char *nv_category_title(int category, nv_lang lang); /* "ученик", "college student" */
const char *nv_area_title(const char *area, nv_lang lang, char *buf, size_t n);
/* Psychological closeness in words, from the psych term in [0,1]. */
const char *nv_psych_words(double psych, nv_lang lang);
/* The Russian form of a noun after the count n: one (1, 21, 101), few (2-4,
 * 22-24) or many (0, 5-20, 25-30, 111). */
const char *nv_ru_plural(unsigned long n, const char *one, const char *few, const char *many);
/* x printed by fmt (one double conversion: "%.2f", "%g", "%+.6f"; NULL
 * for the fewest digits that read back as x, as a config value is shown)
 * as a sentence in lang writes it: a decimal comma in Russian, a point in
 * English. For prose only; the CSV columns and summary.json keep the
 * point (nv_num_text(NULL, x, NV_LANG_EN, buf) is x as JSON writes it).
 * Returns buf. */
enum { NV_NUM_TEXT = 48 };
const char *nv_num_text(const char *fmt, double x, nv_lang lang, char buf[NV_NUM_TEXT]);
/* min_score as the sentences quote it: two decimals, or six when two would
 * round it. Returns whether two. */
int nv_min_score_text(double min_score, nv_lang lang, char buf[NV_NUM_TEXT]);

/* output.c: pairs.csv and unmatched.csv into open files */
void nv_output_pairs(const nv_run *r, FILE *f);
void nv_output_unmatched(const nv_run *r, FILE *f);
/* The answer's edges in pairs.csv's order (by mentor, then mentee, as in
 * the input) into ord, room for sol->n_chosen. */
void nv_output_order(const nv_run *r, uint32_t *ord);
/* workbook.c (--xlsx): pairs.xlsx at path (shown: its name in messages),
 * the pairs and the unmatched rows as two sheets in the run's language.
 * NV_OK, or NV_EFAIL with diag. */
int nv_workbook_write(const nv_run *r, const char *path, const char *shown, nv_diag *diag);
/* Nothing is lost (SPEC §6): NV_OK, or NV_EFAIL with the first breach. */
int nv_output_check(const nv_run *r, char *msg, size_t msgsz);

/* summary.c */
void nv_summary_write(const nv_run *r, FILE *f);
/* What summary.json and report.html count: rows by role (no_role: rows
 * whose role cannot be read, invalid), matched mentees,
 * mentors with mentees, fixed pairs in the answer, and the unmatched rows
 * by role (0 mentees, 1 mentors, 2 rows without a readable role) and
 * code. */
typedef struct nv_counts {
	long mentors_in, mentees_in, no_role, matched, used, fixed;
	long unmatched[3][NV_RC_COUNT];
} nv_counts;
void nv_counts_take(const nv_run *r, nv_counts *c);
/* The rows of the district reporting form (seed 004): students aged 10-18
 * as mentees, students aged 15-18 as mentors, young teachers (0-3 years)
 * as mentees, enterprises giving mentors. */
enum {
	NV_COV_MENTEES_10_18,
	NV_COV_MENTORS_15_18,
	NV_COV_YOUNG_TEACHERS,
	NV_COV_ENTERPRISES,
	NV_COV_N
};
const char *nv_coverage_title(nv_lang lang); /* the form's heading */
const char *nv_coverage_label(int row, nv_lang lang);
/* The answer's counts of each row: counts[f * NV_COV_N + row] per form f,
 * the totals at [n_forms * NV_COV_N + row]. */
void nv_coverage_counts(const nv_run *r, long *counts);
/* The same counts per organisation o (the id in t->orgs), at
 * [(o * (n_forms + 1) + f) * NV_COV_N + row]: a pair's mentee counts in
 * the mentee's organisation, a student mentor in its own, an enterprise
 * in each organisation whose mentees its mentors have (so the enterprises
 * of the organisations add up to more than the whole's when one serves
 * several). Caller frees. */
long *nv_coverage_by_org(const nv_run *r);
/* Per organisation (the id in t->orgs): 1 for an educational institution,
 * one with a valid row, with consent, of a student, a teacher or a college
 * student (an organisation of employers alone is an enterprise). The
 * reporting form is filled in per institution. Caller frees. */
unsigned char *nv_institutions(const nv_table *t);

/* report.c: report.html, summary.json's content for a person, with charts
 * (inline SVG; no names, no scripts, nothing fetched) */
void nv_report_write(const nv_run *r, FILE *f);
/* What explain reads back from a match folder's summary.json: the inputs
 * and the run's own settings. */
typedef struct nv_summary_in {
	char *path;                 /* DIR/summary.json */
	char *participants;
	char *config, *constraints; /* NULL: none */
	nv_encoding encoding;
	nv_objective objective;
	int skip_invalid;
	nv_solver_kind solver;
	size_t top_k;
	double time_limit;
	/* when all its values are there and well formed */
	int answer_known;
	nv_answer_in answer;
} nv_summary_in;
/* Reads DIR/summary.json into s, checking the whole file (strict JSON, and
 * every value explain needs there with its type). NV_OK, or NV_EDATA with
 * "DIR/summary.json:LINE: what is wrong" in diag: in lang when the file
 * cannot be read or is not match's at all, in English for what is wrong
 * inside one. Free s with nv_summary_in_done either way. */
int nv_summary_read(const char *dir, nv_lang lang, nv_summary_in *s, nv_diag *diag);
void nv_summary_in_done(nv_summary_in *s);

/* Score in micro-units, as printed. */
int64_t nv_micro(double x);
/* x as pairs.csv prints it (output.c): six decimals of its micro-units,
 * the same digits whatever the BLAS threads did below them, never
 * "-0.000000". Returns buf. */
enum { NV_MICRO_TEXT = 32 };
const char *nv_micro_text(double x, char buf[NV_MICRO_TEXT]);

#endif
