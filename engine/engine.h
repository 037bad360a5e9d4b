/* engine.h — nastavnik's engine: forms and the config (SPEC §2, §5),
 * features and scores on OpenBLAS (SPEC §3), and the match pipeline with
 * its reasons and explanations (SPEC §4, §6). Uses data/ and solver/. */
#ifndef NV_ENGINE_H
#define NV_ENGINE_H

#include "data.h"
#include "solver.h"

/* --- forms and config ----------------------------------------------------- */
#define NV_MAX_FORMS 64
#define NV_FORM_NAME_MAX 64

typedef struct nv_range {
	double lo, hi; /* inclusive; -INFINITY / INFINITY when open */
} nv_range;

typedef struct nv_form {
	char name[NV_FORM_NAME_MAX];
	/* as a Russian sentence names it: a built-in form by the methodology's
	 * title, any other by its name, in «» either way */
	char title_ru[NV_FORM_NAME_MAX + 8];
	int builtin;
	int mentor_category, mentee_category; /* nv_category, or -1 = any */
	nv_range mentor_age, mentee_age;      /* open both ways = no rule */
	nv_range mentor_exp, mentee_exp;
	int same_org, same_district;
	int min_pairs, max_pairs; /* -1 = none */
	long min_pairs_line;      /* the config line that set min_pairs, 0 = none */
	long line;                /* the config line of its first section, 0 = none */
} nv_form;

typedef struct nv_weights {
	double psych, subjects, goals, needs;
} nv_weights;

typedef struct nv_config {
	nv_weights w;
	double min_score;
	nv_objective objective;
	int one_form_per_mentor;
	size_t n_forms;
	nv_form form[NV_MAX_FORMS]; /* config order: built-ins first */
	char *path;                 /* NULL: defaults only */
	uint64_t hash;              /* of the file's bytes (nv_hash); 0 without one */
} nv_config;

/* SPEC defaults and the six built-in forms. */
void nv_config_init(nv_config *c);
/* Applies an INI file on top of c. NV_OK, or NV_EDATA with
 * "FILE:LINE: message" errors in diag (unknown keys are errors). */
int nv_config_load(nv_config *c, const char *path, nv_diag *diag);
void nv_config_done(nv_config *c); /* frees what load allocated */
/* The form named name, index or -1; a built-in form also by its Russian
 * title as the outputs write it («ученик – ученик»: any letter case, dash
 * or spacing), as a curator may type it. */
int nv_config_form(const nv_config *c, const char *name);
/* The form whose name is name in other letter case (a likely typo, as
 * names are compared exactly), or -1. */
int nv_config_form_twin(const nv_config *c, const char *name);
/* A number as the config writes one: whole or decimal, a decimal comma
 * accepted, no hex, inf or nan. 0 with *out set, or -1. */
int nv_config_number(const char *s, double *out);
/* Notes (in diag) each name in the table's `forms` column that no form of
 * c has, once, at the first row that gives it (SPEC §1). */
void nv_config_check_table(const nv_config *c, const nv_table *t, nv_diag *d);
struct nv_score_stats;
/* A note at its section's line for each form the config set up that takes
 * no eligible pair of t (st: the scoring's counts per form): a rule on a
 * column its categories leave empty would leave it empty unsaid. */
void nv_config_note_empty_forms(const nv_config *c, const struct nv_score_stats *st,
                                const nv_table *t, nv_diag *d);

/* Whether row r meets form f's rule for its `role` side (category, age,
 * experience), whatever its forms column says. */
int nv_form_side_ok(const nv_form *f, const nv_table *t, size_t r, nv_role role);

/* The first form, in config order, that the pair satisfies and both people
 * accept (SPEC §2); -1 when none. Rows must be valid and consenting. */
int nv_pair_form(const nv_config *c, const nv_table *t, size_t mentor_row,
                 size_t mentee_row);

/* Why no form takes the pair, in English, into buf (cut at size; its
 * length returned): for each form of the two people's categories, the
 * first of its rules the pair breaks ("teacher-student: not in the same
 * org ('sch-1', 'sch-7')"), or that no form pairs their categories. */
size_t nv_pair_form_why(const nv_config *c, const nv_table *t, size_t mentor_row, size_t mentee_row,
                        char *buf, size_t size);

/* --- features and scores ---------------------------------------------------- */

/* Per-person feature blocks built from a table and a config: z-scored psych
 * with the psych_type one-hot, normalised tag vectors, needs and skills,
 * and the eligibility buckets. Keeps pointers to t and c: both must outlive
 * it. Caller frees. */
typedef struct nv_model nv_model;
nv_model *nv_model_new(const nv_table *t, const nv_config *c);
void nv_model_free(nv_model *m);

enum { NV_PSYCH = 0, NV_SUBJECTS, NV_GOALS, NV_NEEDS, NV_NTERMS };

/* One pair scored exactly as SPEC §3 by the same numbers as the kernel:
 * contrib[k] = weight share × term k; returns their sum, the score. */
double nv_score_pair(const nv_model *m, size_t mentor_row, size_t mentee_row,
                     double contrib[NV_NTERMS]);

/* 1 when row's psych vector (z-scores with the type's one-hot) is not
 * zero: a pair with a zero vector on either side has psych 0.5 by SPEC §3,
 * which says nothing of how close the two are. */
int nv_model_psych_known(const nv_model *m, size_t row);
/* Term k's weight over the sum of the weights, as the scores use it. */
double nv_model_share(const nv_model *m, int k);

/* Scored eligible pairs, rows of the table. */
typedef struct nv_pairs {
	size_t n, cap;
	uint32_t *mentor, *mentee; /* table rows */
	uint8_t *form;             /* index into the config's forms */
	double *score;
	double *contrib; /* NV_NTERMS per pair, or NULL when not kept */
} nv_pairs;

void nv_pairs_free(nv_pairs *p); /* NULL is fine */

typedef struct nv_score_params {
	size_t top_k;     /* 0: keep every pair with score >= min_score */
	double min_score; /* pairs below are counted, not kept */
	int keep_contrib; /* fill nv_pairs.contrib */
	/* Called now and then with the fraction done; may be NULL. */
	void (*progress)(void *ud, double fraction);
	void *progress_ud;
} nv_score_params;

/* Progress on a terminal waits this many seconds into a run (match's
 * stages, score's pass), so that a quick run leaves no line behind. */
#define NV_PROGRESS_AFTER 1.0

void nv_score_params_init(nv_score_params *p);

typedef struct nv_score_stats {
	uint64_t eligible;                    /* eligible pairs seen (the sum of eligible_form) */
	uint64_t eligible_form[NV_MAX_FORMS]; /* per form */
	uint64_t kept;
	double flops;         /* in the GEMM kernel */
	double seconds;
} nv_score_stats;

/* Scores every eligible pair in tiles (never a dense mentors × mentees
 * matrix) and keeps what p asks for, sorted by (mentee row, mentor row).
 * stats may be NULL. NV_OK; caller frees *out. */
int nv_score(const nv_model *m, const nv_score_params *p, nv_pairs **out,
             nv_score_stats *stats);

/* Streams every eligible pair, unfiltered, in blocks (contrib NULL); fn
 * returns 0 to go on. Memory is bounded by the tile size. */
typedef int (*nv_pairs_fn)(void *ud, const nv_pairs *block);
int nv_score_each(const nv_model *m, nv_pairs_fn fn, void *ud);

/* nv_score without collecting: hands the kept pairs to fn in blocks, in
 * (mentee row, mentor row) order, each block holding whole mentees (contrib
 * filled when p->keep_contrib). Memory is bounded by the tiles plus one
 * block. Returns NV_OK, or fn's non-zero return. stats may be NULL. */
int nv_score_stream(const nv_model *m, const nv_score_params *p,
                    nv_pairs_fn fn, void *ud, nv_score_stats *stats);

/* The pair's SPEC §3 score and contributions before quantisation (what
 * nv_score_pair rounds): for tests and explanations. */
double nv_score_pair_exact(const nv_model *m, size_t mentor_row,
                           size_t mentee_row, double contrib[NV_NTERMS]);

/* Rule of the numbers: score = round(exact·1e6)/1e6 and the contributions
 * in micro-units, rounded by largest remainder so that they add up to the
 * score exactly. Returns the quantised score; contrib is rewritten. */
double nv_score_quantise(double contrib[NV_NTERMS]);

/* --- match ---------------------------------------------------------------- */
typedef enum { NV_LANG_EN = 0, NV_LANG_RU } nv_lang;

typedef struct nv_match_params {
	const char *participants;
	const char *outdir;
	const char *config_path;      /* NULL: defaults */
	const char *constraints_path; /* NULL: none */
	nv_encoding encoding;
	int objective; /* nv_objective, or -1: from the config */
	nv_lang lang;
	int with_names, skip_invalid, quiet;
	int xlsx;            /* also pairs.xlsx, for a person (match only) */
	const char *command; /* the progress line's name: NULL is "match" */
	nv_solver_kind solver;
	const char *model_path; /* --write-model: the solve's model as CPLEX LP */
	/* Pairs kept per mentee for the first solve; 0: every pair when the
	 * input is small, else 8-64 sized to a budget of 8M edges. Pruned runs
	 * are still optimal for the whole eligible set: omitted pairs that
	 * nv_solution_could_improve cannot rule out are added and re-solved. */
	size_t top_k;
	/* Seconds for the one-form-per-mentor search over the whole run (all
	 * solver rounds); 0: the solver's default. Past it the answer is the
	 * best found, unproven, with its gap (summary.json). */
	double time_limit;
	/* explain's person (a mentee's or a mentor's id): when set, the build
	 * stops right after the load (NV_EDATA, nothing in diag, the table
	 * read and nv_run.mentee_id_row -1) unless a row has this id */
	const char *mentee_id;
} nv_match_params;

void nv_match_params_init(nv_match_params *p);
/* Runs the whole pipeline and writes pairs.csv, unmatched.csv,
 * summary.json and report.html into outdir (all or none). Returns the exit code of SPEC §7;
 * problems go to diag. */
int nv_match_run(const nv_match_params *p, nv_diag *diag);

typedef struct nv_explain_params {
	const char *dir;       /* a match output folder */
	const char *mentee_id; /* or a mentor's id: its mentees and the others */
	nv_lang lang;
	int quiet;       /* no progress on stderr */
	int all_changes; /* the counterfactual's every change, not the first 12 */
} nv_explain_params;

void nv_explain_params_init(nv_explain_params *p);
/* Why this mentor for this mentee, and why not the others, from a match
 * output folder (it re-reads the inputs summary.json names and the answer
 * in pairs.csv, solving again only when that no longer fits them; the
 * counterfactual is a re-solve: progress on a terminal unless quiet, as
 * match). Exit code. */
int nv_explain(const nv_explain_params *p, FILE *out, nv_diag *diag);

#endif
