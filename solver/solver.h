/* solver.h — optimal assignment of mentees to mentors (SPEC §4): each
 * mentee at most one mentor, each mentor at most its capacity, fixed and
 * forbidden pairs, one form per mentor, per-form quotas, and the coverage,
 * score and maximin objectives. Exact, with a proof checked apart from the
 * code that found the answer. Knows nothing of people or files: indices,
 * scores and capacities in; chosen edges and their proof out. */
#ifndef NV_SOLVER_H
#define NV_SOLVER_H

#include "base.h"

typedef enum { NV_OBJ_COVERAGE = 0, NV_OBJ_SCORE, NV_OBJ_MAXIMIN } nv_objective;
typedef enum { NV_SOLVER_AUTO = 0, NV_SOLVER_FLOW, NV_SOLVER_GLPK } nv_solver_kind;

enum {
	NV_EDGE_FIXED = 1u << 0,    /* must be in every answer */
	NV_EDGE_FORBIDDEN = 1u << 1 /* never in an answer */
};

/* The problem. The caller fills it and keeps the arrays alive during the
 * call; the solver only reads it. Edge e joins mentor[e] and mentee[e];
 * a (mentor, mentee) pair appears at most once. */
/* Scores are compared in exact micro-units, llround(score * 1e6) (team
 * rule: scores are quantised to 1e-6), and must be at most 1e9 in
 * magnitude. Objectives (SPEC §4), with v = micro-units, -v under minimize:
 *   coverage  most pairs, then the largest total v;
 *   score     the largest total v; a pair is taken only when v > 0, so
 *             with minimize (v = -cost <= 0) the answer is the fixed pairs;
 *   maximin   most pairs, then the largest smallest v of the non-fixed
 *             pairs (fixed pairs are exempt from the threshold), then the
 *             largest total v.
 * Fixed pairs are always in; forbidden pairs never. */
typedef struct nv_asg {
	size_t n_mentors, n_mentees, n_edges, n_forms;
	const uint32_t *mentor;   /* per edge, < n_mentors */
	const uint32_t *mentee;   /* per edge, < n_mentees */
	const double *score;      /* per edge, finite */
	const uint32_t *form;     /* per edge, < n_forms; NULL: all form 0 */
	const uint8_t *flags;     /* per edge NV_EDGE_*; NULL: none */
	const int32_t *capacity;  /* per mentor, >= 0; NULL: 1 each */
	const int32_t *form_min;  /* per form, -1 = none; NULL: none */
	const int32_t *form_max;  /* per form, -1 = none; NULL: none */
	int one_form_per_mentor;
	/* per mentor, a neighbourhood id (NULL: none): mentors that share one
	 * and their mentees make a subproblem the one-form search re-solves
	 * exactly, each in turn, to improve its answer when the whole problem
	 * is too large to prove (the engine gives each school's own mentors
	 * their org, and the rest their district). Never changes a proven
	 * answer's value; only helps find it. */
	const uint32_t *region;
	/* per edge, 1 for the pairs of a feasible answer (NULL: none): under
	 * nv_solve_params.quick 2, the one-form search takes it as its answer
	 * instead of running its repair dive when it keeps every constraint
	 * (the engine's growing rounds pass the last round's answer; the duals,
	 * which the root alone gives, are the same either way) */
	const uint8_t *hint;
	nv_objective objective;
	int minimize; /* score is a cost: smallest total (largest smallest for
	                 maximin becomes smallest largest) */
	/* optional, for messages only: what the caller calls mentor i (kind
	 * 'm'), mentee i ('e') or form i ('f'); NULL, or a NULL answer: the
	 * index */
	const char *(*name)(const void *ud, char kind, uint32_t i);
	const void *name_ud;
} nv_asg;

typedef struct nv_solve_params {
	nv_solver_kind kind; /* AUTO: the network path; when its answer breaks a
	                        side constraint (one form per mentor, quotas),
	                        GLPK's ILP (without quotas, for coverage and
	                        score, only on the components where the rule
	                        binds). FLOW: the network path only; NV_EFAIL
	                        when a side constraint binds. GLPK: the ILP for
	                        any problem (the model of record). */
	int threads;         /* components solved in parallel; 0 = cores */
	const char *model_path; /* when set, the model is written as CPLEX LP */
	double time_limit;   /* seconds for the whole side-constraint search
	                        (one form per mentor: branch and bound and its
	                        GLPK fallback); 0 = nv_time_limit_default. Past
	                        it the best answer found is returned with
	                        proven = 0 and its gap. */
	int quick;           /* one form per mentor, no branch and bound: 1, the
	                        root relaxation and both dives (the repair and
	                        the one by most pairs); 2, the root and the
	                        repair (for duals alone); proven only when they
	                        meet the root's bound. 0: the whole search.
	                        NV_FORMS_NO_GLPK (3, solverint.h): the whole
	                        search, but past its node limit the incumbent. */
	size_t node_limit;   /* one form per mentor: relaxations per search;
	                        0 = by the problem's size (the default) */
	void (*progress)(void *ud, double done); /* when set, one form per
	                        mentor: the share of the search's work done
	                        (0 to 1, non-decreasing), now and then */
	void *progress_ud;
	size_t hold_free;    /* one form per mentor, an answer unproven past
	                        the node limit: the mentors the search with
	                        the others' forms held leaves free; 0 =
	                        NV_FORMS_HOLD_FREE (solverint.h) */
} nv_solve_params;

/* The one-form search is bounded by its work; the time limit is a safety
 * net (a generated district needs 20-110 s of work on a busy 2-core machine),
 * NV_TIME_LIMIT_DEFAULT seconds for every NV_TIME_LIMIT_PAIRS pairs of the
 * problem, and never less: a generated city (7.4 million pairs) needs
 * several hundred seconds of work, and an answer the net cuts short may
 * depend on the machine. */
#define NV_TIME_LIMIT_DEFAULT 600.0
#define NV_TIME_LIMIT_PAIRS 1500000.0
/* The default safety net for a problem of n_pairs pairs, in seconds. */
double nv_time_limit_default(size_t n_pairs);
/* Quotas (GLPK's reduced ILP, which proves its answers or fails): a
 * generated district takes about 40 s. Under one form per mentor an answer
 * with each mentor's form held is found first (nv_quota_start, up to half
 * the limit), and past the limit the better of it and GLPK's best is
 * returned with proven = 0 and its gap (under maximin the threshold stays
 * unproven). Without that rule too, GLPK's best answer so far stands
 * unproven; only a deadline with no answer at all fails. */
#define NV_TIME_LIMIT_QUOTA_DEFAULT 120.0

void nv_solve_params_init(nv_solve_params *p);

/* The words outputs use: "coverage", "score", "maximin"; "auto", "flow",
 * "glpk". Static strings. */
const char *nv_objective_word(nv_objective o);
const char *nv_solver_word(nv_solver_kind k);

/* Why a problem is infeasible, in indices the caller maps to names. */
typedef enum {
	NV_CONFLICT_FIXED_FORBIDDEN = 0, /* edge both fixed and forbidden */
	NV_CONFLICT_FIXED_MENTEE,        /* a mentee fixed to >1 mentor */
	NV_CONFLICT_FIXED_CAPACITY,      /* a mentor fixed to > capacity */
	NV_CONFLICT_FIXED_FORMS,         /* one mentor fixed in two forms */
	NV_CONFLICT_QUOTA_MIN,           /* form cannot reach min_pairs */
	NV_CONFLICT_QUOTA_MAX,           /* fixed pairs exceed max_pairs */
	NV_CONFLICT_OTHER
} nv_conflict_kind;

typedef struct nv_conflict {
	nv_conflict_kind kind;
	int64_t mentor, mentee, form; /* -1 when not part of it */
	size_t n_edges;
	uint32_t *edges;              /* the edges involved */
	long limit, need;             /* e.g. capacity 2, fixed 3; quota 10, reachable 7 */
	/* NV_CONFLICT_OTHER (constraints that fail only together), narrowed:
	 * a set of them that cannot all hold, none of which can go (each one
	 * dropped, the rest can hold): per form, bit 1 its min_pairs and bit
	 * 2 its max_pairs (n_forms entries), the one-form rule, and the fixed
	 * pairs in edges. Not narrowed (quota NULL): a problem past 250,000
	 * edges, where each try would cost a whole solve; every constraint of
	 * the problem may be in play. */
	uint8_t *quota;
	int one_form;
} nv_conflict;

/* What stopped an unproven search ("search budget reached (...)"), and
 * the proof text, which holds maximin's two of them with its own words. */
#define NV_STOP_LEN 256
#define NV_PROOF_LEN (2 * NV_STOP_LEN + 256)

typedef struct nv_solution {
	size_t n_chosen;
	uint32_t *chosen;     /* edge indices, ascending */
	size_t matched;       /* == n_chosen */
	double total;         /* sum of chosen scores */
	double min_score;     /* smallest chosen score (0 when none) */
	nv_solver_kind used;  /* FLOW or GLPK */
	int proven;           /* 1: the independent optimality check passed */
	int threshold_proven; /* maximin: the smallest pair score is proven the
	                         largest possible (1 when proven; an unproven
	                         answer's may be, its total not) */
	char proof[NV_PROOF_LEN]; /* what was checked, for summary.json */
	size_t n_components;
	double seconds;
	/* Dual values of the answer, on the flow path (NULL otherwise; in
	 * components GLPK solved they certify the relaxation only): with w
	 * the network weight of an edge (coverage: BIG + v - vmin; score: v),
	 * mentee_pot[i] + mentor_pot[m] >= w on every candidate edge, with
	 * equality on the chosen ones. See nv_solution_could_improve. */
	double *mentor_pot, *mentee_pot;
	size_t n_conflicts;
	nv_conflict *conflicts; /* when NV_EINFEAS */
	void *priv;             /* solver-private (what could_improve reads) */
	double gap;             /* 0 when proven; otherwise how far the total
	                           score may be below the optimum's (for coverage
	                           at the same number of pairs; see gap_pairs) */
	size_t gap_pairs;       /* coverage, unproven: how many more pairs the
	                           optimum may have (0: the count is optimal) */
	int model_unwritten;    /* NV_EFAIL because p->model_path could not be
	                           written (proof says why); nothing solved */
} nv_solution;

/* Solves. Returns NV_OK with *out optimal; NV_EINFEAS with *out holding the
 * conflicts; NV_EFAIL when a solver fails (message in *out's proof). The
 * same problem always gives the same answer, whatever the threads. Caller
 * frees *out with nv_solution_free. */
int nv_asg_solve(const nv_asg *a, const nv_solve_params *p, nv_solution **out);

/* The objectives that count pairs first (coverage, maximin) weigh a pair
 * BIG + its value in 64-bit integers, BIG above any total: the scores'
 * span times the pairs possible, squared, must stay under 2^60 micro-units.
 * 1 when a's scores fit; else 0 with their span and the widest span that
 * would fit, both in score units, in *span and *widest; or 2 (whatever
 * the objective) when a total of the pairs possible could pass 2^62
 * micro-units, with the largest |score| and the largest that would fit.
 * A caller can reject such a file before solving. */
int nv_asg_span_fits(const nv_asg *a, double *span, double *widest);
void nv_solution_free(nv_solution *s); /* NULL is fine */

/* 0 when the duals of s prove that an edge absent from the problem, from
 * mentor to mentee with this score and form, cannot improve the optimum;
 * 1 when it might. Lets the engine solve on a pruned edge set and prove the
 * answer optimal for the whole eligible set (add the edges that might
 * improve, solve again, until none is left). Always 1 without duals.
 * Exact meaning: 0 iff the edge's network weight is <= mentee_pot +
 * mentor_pot in every certificate of the answer (for maximin also the
 * count's and the next threshold's), so that adding it leaves each
 * certificate valid and the answer optimal; also 0 when the mentee is fixed
 * or the mentor's capacity is all taken by fixed pairs. A score outside the
 * range the weights were built on gives 1. The form is not used: an answer
 * of the network path that meets the side constraints stays optimal. When
 * GLPK answered some components, an edge touching one of them gives 1. */
int nv_solution_could_improve(const nv_solution *s, const nv_asg *a,
                              uint32_t mentor, uint32_t mentee, uint32_t form,
                              double score);

/* Tightens the gap of an answer the one-form search left unproven (coverage
 * or score; under maximin, with the count and the threshold proven, the
 * total's, from its last search over the pairs at or above the threshold,
 * the proof then ending "at most ... below the optimum (Lagrangian
 * bound)"): its Lagrangian bound (mentee prices, one form per mentor)
 * replaces the network bound in s->gap, s->gap_pairs and s->proof. The
 * bound must hold for the whole eligible set: offer every eligible pair
 * left out of the problem (not forbidden, score >= min_score; the same
 * pairs nv_solution_could_improve found could not improve), then finish.
 * Without such a search both do nothing; an offered pair the bound cannot
 * take in keeps the network bound. */
void nv_solution_lagr_offer(nv_solution *s, uint32_t mentor, uint32_t mentee, uint32_t form,
                            double score);
/* Between the offers and the finish, while it returns 1: the mentee
 * prices searched again with the offered pairs taken in (a few rounds at
 * most); each time it does, offer every pair left out again. The finish
 * states the lower of the bound before and after. */
int nv_solution_lagr_reprice(nv_solution *s, const nv_asg *a);
void nv_solution_lagr_finish(nv_solution *s);

/* Checks a set of chosen edges against every constraint of a: capacities,
 * one mentor per mentee, fixed, forbidden, one form per mentor, quotas.
 * NV_OK, or NV_EFAIL with the first violation in msg. */
int nv_asg_check(const nv_asg *a, const uint32_t *chosen, size_t n_chosen,
                 char *msg, size_t msgsz);

/* Writes the model as CPLEX LP. NV_OK or NV_EFAIL. */
int nv_asg_write_lp(const nv_asg *a, const char *path);

#endif
