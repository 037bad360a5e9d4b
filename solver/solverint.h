/* solverint.h — private to solver/: the network core (max-weight
 * b-matching by successive shortest paths), its independent proof checker,
 * the GLPK model and the infeasibility diagnosis. */
#ifndef NV_SOLVERINT_H
#define NV_SOLVERINT_H

#include "solver.h"

/* A max-weight b-matching: left node x takes at most cap_left[x] arcs,
 * right node y at most cap[y]; arcs in CSR order by left node. Either side
 * may be the mentees. */
typedef struct nv_bm {
	uint32_t n_left, n_right;
	const uint32_t *off;      /* n_left + 1 */
	const uint32_t *right;    /* per arc: right node */
	const int64_t *w;         /* per arc: weight, > 0 */
	const int32_t *cap_left;  /* per left node, >= 1; NULL: 1 each */
	const int32_t *cap;       /* per right node, >= 1 */
	/* A start, or NULL for none: an earlier answer's arcs (per arc, 1
	 * chosen) and its right duals (per right node, >= 0), e.g. of the same
	 * nodes with a few arcs added, taken away or capacities cut. Only the
	 * time depends on it, and which of several optimal answers comes out. */
	const uint8_t *start_flow;
	const int64_t *start_v;
} nv_bm;

/* Solves exactly. flow[a] = 1 for chosen arcs; u (per left node) and v (per
 * right node) are optimal dual values: u, v >= 0, u_x + v_y >= w on every
 * arc, with equality on chosen arcs, and u_x > 0 (v_y > 0) only for full
 * nodes. v may be start_v. */
void nv_bm_solve(const nv_bm *g, uint8_t *flow, int64_t *u, int64_t *v);

/* The proof (proof.c, shares nothing with flow.c): chosen[e] != 0 edges
 * form a b-matching and the duals prove it of maximum weight, checked by
 * dual feasibility on every edge and equal primal and dual values. NV_OK, or
 * NV_EFAIL with the first failure in msg. */
int nv_proof_check(size_t n_edges, const uint32_t *mentee,
                   const uint32_t *mentor, const int64_t *w,
                   const uint8_t *chosen, size_t n_mentees, size_t n_mentors,
                   const int32_t *cap, const int64_t *u, const int64_t *v,
                   int64_t *value, char *msg, size_t msgsz);

/* Units on each side of the edges with sel[e] != 0 (and w[e] > 0 unless w
 * is NULL): the mentees that have one, and the summed cap[] of the mentors
 * that have one. Both paths use it to put the scarcer side on the left. */
void nv_asg_units(const nv_asg *a, const uint8_t *sel, const int64_t *w,
                  const int32_t *cap, uint64_t *mentees, uint64_t *mentor_cap);

/* The widest range of values the pair weights BIG + value, BIG = range * K
 * + 1, can take over at most K pairs and stay exact: (BIG + range) * (K + 1)
 * at most 2^60, far below 2^63. */
uint64_t nv_big_widest(uint64_t K);

/* Sorts v[0..n) and keeps each value once; the new count. */
size_t nv_sort_unique_i64(int64_t *v, size_t n);
size_t nv_sort_unique_u32(uint32_t *v, size_t n);
int nv_cmp_u32(const void *x, const void *y); /* for qsort and bsearch */

/* 0..n-1 grouped by key[i] < nkeys (a counting sort, ascending within a
 * group): group k is idx[off[k] .. off[k + 1]). off has nkeys + 2 entries,
 * idx n + 1; the caller frees both. */
void nv_group_by(const uint32_t *key, uint32_t n, uint32_t nkeys, uint32_t **off,
                 uint32_t **idx);

/* The problem a on the n edges map[] lists (ascending), edge k of the copy
 * being edge map[k] of a; the rest (people, capacities, quotas, rules,
 * objective) as in a. Free with nv_asg_sub_free. */
typedef struct nv_asg_sub {
	nv_asg a;
	uint32_t *mentor, *mentee, *form;
	double *score;
	uint8_t *flags;
} nv_asg_sub;
void nv_asg_sub_make(const nv_asg *a, const uint32_t *map, size_t n, nv_asg_sub *sub);
void nv_asg_sub_free(nv_asg_sub *sub);

/* Scores in exact micro-units, sign turned so that larger is better. */
int64_t nv_asg_value(const nv_asg *a, size_t e);

/* The GLPK path (ilp.c): optimal chosen[e] for the whole problem with every
 * side constraint. NV_OK, NV_EINFEAS or NV_EFAIL (message in msg). */
int nv_ilp_solve(const nv_asg *a, uint8_t *chosen, char *msg, size_t msgsz);
/* The same with a deadline (nv_now() seconds; 0 = none) passed to GLPK as
 * its time limit: NV_EFAIL with *timed_out = 1 when it is reached. */
int nv_ilp_solve_until(const nv_asg *a, double deadline, uint8_t *chosen, int *timed_out,
                       char *msg, size_t msgsz);

/* The quota ILP kept small (ilp.c): column generation for the LP
 * relaxation from a restricted set of pairs (fixed ones, the hint's, each
 * mentee's best few), priced with the row duals over every pair; an
 * incumbent by glp_intopt on the restricted set; reduced-cost fixing
 * against it; then glp_intopt, started from the incumbent, on what is
 * left. Same optimum as nv_ilp_solve (lexicographic stages as there). */
typedef struct nv_ilp_stats {
	size_t n_pairs;     /* pairs that may be chosen (not forbidden) */
	size_t n_start;     /* of them, in the restricted set at the start */
	size_t n_priced;    /* added by pricing, all stages */
	size_t rounds;      /* LP solves of the column generation */
	size_t n_ruled_out; /* pairs dropped by reduced costs (summed over stages) */
	size_t max_cols;    /* most pair columns an ILP had */
	size_t n_final;     /* stages that needed an ILP beyond the restricted one */
	int stages;         /* lexicographic stages solved */
	int lp_proved;      /* of them, proven by the LP bound alone (the start
	                       met it, so no branch and cut ran) */
	int hint_used;      /* the hint met every constraint: the first incumbent */
	int full;           /* some stage fell back to every pair (no incumbent) */
	int budget;         /* the node budget ended a branch and cut */
	/* The deadline ended a stage with an answer in hand (the last stage's
	 * answer, or one GLPK had found): the answer is that stage's best,
	 * unproven; the stages after it keep it. The first such stage: 0 the
	 * count (maximin's thresholds too), 1 the total. */
	int unproven, unproven_stage;
	/* Whatever the outcome: the last stage whose LP was solved (0 the
	 * count, 1 the total; maximin's thresholds left out; -1 none) and its
	 * bound (count: pairs, the floor counts; total: micro-units), and the
	 * count the count stage proved (-1: none). */
	int lp_stage;
	double lp_bound;
	int64_t count;
	/* The node budget ended a branch and cut: its stage (0 the count, 1
	 * the total; -1 none) and the best bound of the nodes it left open or
	 * the best answer's value, the larger (the stage's objective, as GLPK
	 * gives it: the bounds it prunes by). */
	int stop_stage;
	double stop_bound;
} nv_ilp_stats;

/* hint (per edge, may be NULL): pairs to start from, e.g. the network
 * answer. deadline as nv_ilp_solve_until. NV_OK, NV_EINFEAS or NV_EFAIL
 * (message in msg). */
int nv_ilp_solve_reduced(const nv_asg *a, const uint8_t *hint, double deadline,
                         uint8_t *chosen, int *timed_out, nv_ilp_stats *st, char *msg,
                         size_t msgsz);
/* The same within a budget of node_limit branch-and-cut nodes over all its
 * stages (0: none), a node of a model with more than NV_RED_NODE_COLS free
 * pair columns counting as that many times more of the budget. Past it,
 * with an answer in hand (GLPK's best or the hint), NV_OK with st->budget
 * and st->unproven set; with none, NV_EFAIL with st->budget set. GLPK
 * given the same model takes the same steps, so unlike the deadline the
 * budget ends it at the same point on any machine. */
int nv_ilp_solve_reduced_budget(const nv_asg *a, const uint8_t *hint, double deadline,
                                size_t node_limit, uint8_t *chosen, int *timed_out,
                                nv_ilp_stats *st, char *msg, size_t msgsz);

/* sel[e] = 1 for each mentee's K best edges by val among those with use[e]
 * (use NULL: every edge that is not forbidden); other entries of sel are
 * left as they are. Ties keep the lower edge (ilp.c). */
void nv_best_per_mentee(const nv_asg *a, const int64_t *val, const uint8_t *use, size_t K,
                        uint8_t *sel);

/* Quotas under one form per mentor (quota.c): an answer that meets every
 * constraint, not proven optimal, to fall back on when GLPK runs out of
 * time. Each mentor is
 * held to one form (its fixed pairs', else the one most of its pairs in
 * hint have, hint being the answer without side constraints, may be NULL;
 * else its best pair's); then nv_asg_solve, within time_limit seconds,
 * solves the problem of each mentee's best pairs in the held forms without
 * the one-form rule (each solve gets half a second at least; forms with a
 * min_pairs that problem cannot meet take more mentors, and it is solved
 * again). chosen[e] per edge. NV_OK; NV_EINFEAS when the held
 * forms cannot meet the quotas; NV_EFAIL when fixed pairs hold a mentor to
 * two forms or the solve fails. */
int nv_quota_start(const nv_asg *a, const uint8_t *hint, double time_limit, uint8_t *chosen);

/* Conflicts that make a problem infeasible (conflict.c): fills s->conflicts
 * and returns their count; 0 when none of the known causes applies. */
size_t nv_conflicts_find(const nv_asg *a, nv_solution *s);
/* Joint conflicts are narrowed on problems of up to this many edges. */
#define NV_NARROW_EDGES 250000
/* nv_asg_solve without narrowing a joint conflict (solve.c). */
int nv_asg_solve_plain(const nv_asg *a, const nv_solve_params *p, nv_solution **out);
/* s's joint conflict (NV_CONFLICT_OTHER, no edges) narrowed by dropping
 * its constraints one at a time (conflict.c). */
void nv_conflict_narrow(const nv_asg *a, const nv_solve_params *p, nv_solution *s);
/* Adds one conflict (edges copied). */
void nv_conflict_add(nv_solution *s, nv_conflict_kind kind, int64_t mentor,
                     int64_t mentee, int64_t form, const uint32_t *edges,
                     size_t n_edges, long limit, long need);

/* One form per mentor, exactly (forms.c): branch and bound over the form
 * choices of mentors, relaxations by the network core with checked dual
 * certificates, reduced-cost fixing; for coverage and score, fixed and
 * forbidden edges, no quotas. */
#define NV_FORMS_NODE_LIMIT 20000
#define NV_FORMS_LAGR_ITERS 200 /* subgradient steps for the Lagrangian bound */
#define NV_FORMS_LAGR_FLOOR 5e-3 /* until the step factor is down to this */
#define NV_LAGR_REPRICE_ROUNDS                                                                     \
	3                          /* the prices searched again with the pairs left                \
	                              out that raise the bound, at most */
#define NV_LAGR_REPRICE_ITERS 400  /* in this many subgradient steps each */
#define NV_LAGR_REPRICE_FLOOR 5e-3 /* until the step factor is down to this */
#define NV_FORMS_RED_PAIRS 250000 /* past the node limit, problems up to this
                                     many pairs go to GLPK's reduced model
                                     (with the strong links: a school is
                                     mostly proven there in a second) */
#define NV_FORMS_RED_NODES 300 /* within this many of its nodes */
#define NV_RED_NODE_COLS 4096 /* a node of a larger model costs more of the
                                 budget: columns / this (a school's model
                                 with weak reduced costs, 138,516 columns,
                                 took 1–2.5 s a node) */
#define NV_FORMS_WORK ((size_t)20000000) /* arcs times nodes, by default */
#define NV_FORMS_HOLD_FREE 20 /* an answer still unproven: the search again
                                 with every other mentor held to its form,
                                 these many left free (a window of the
                                 Lagrangian's closest choices); 20, a window
                                 within NV_FORMS_HOLD_WINDOW, beat 40 within
                                 twice that on eight generated districts of
                                 ten, tied on one, lost on one (more
                                 windows settle) */
#define NV_FORMS_HOLD_WINDOW ((size_t)25000000) /* a window: at most this /
                                 its arcs relaxations */
#define NV_FORMS_HOLD_SHIFT 7 /* each pass down the order starts its
                                 windows this many ranks (mod
                                 NV_FORMS_HOLD_FREE) on from the last pass's */
#define NV_FORMS_HOLD_IDLE 2  /* passes in a row with no better answer end
                                 the search */
#define NV_FORMS_HOLD_WORK ((size_t)1600000000) /* and all passes at most this
                                 / its arcs relaxations */
#define NV_FORMS_GLPK_ARCS 100000 /* past the node limit, a problem too large
                                     for the reduced model goes to GLPK's
                                     full one when reduced costs leave up to
                                     this many pairs; past it the incumbent */
#define NV_FORMS_NO_GLPK 3  /* quick: the whole search, but past the node
                               limit the incumbent (timed_out), no GLPK */
#define NV_FORMS_HOLD 4     /* quick: as NV_FORMS_NO_GLPK, then the held
                               search (nv_forms_solve) */
#define NV_REGION_NODES 100 /* relaxations per region solve at most */
#define NV_REGION_WORK ((size_t)4000000) /* and at most this / its pairs */
#define NV_REGION_PASSES 4  /* passes over the regions at most */
/* The reduced model's limit above, NV_FORMS_RED_PAIRS; tests lower it to
 * reach the full model on what reduced costs left (NV_FORMS_GLPK_ARCS). */
extern size_t nv_forms_red_pairs;
/* Its node budget, NV_FORMS_RED_NODES; tests lower it to stop it early. */
extern size_t nv_forms_red_nodes;
typedef struct nv_forms_stats {
	size_t nodes;        /* relaxations solved */
	size_t n_mentors;    /* mentors branched on */
	size_t n_edges;      /* candidate pairs */
	size_t n_ruled_out;  /* of them, dropped by reduced costs */
	int fallback;        /* 0 none; 1 GLPK on the reduced problem; 2 on all */
	int64_t root, value; /* relaxation bound and optimum, network weights */
	int64_t lagr;        /* the Lagrangian bound at the root (0: not needed) */
	int timed_out;       /* the deadline stopped the search: the answer is
	                        the best found, not proven optimal */
	int budget;          /* with timed_out: the node limit stopped it, not
	                        the deadline (the answer is the same on any
	                        machine) */
	int64_t bound;       /* the best proven upper bound (network weights) */
	size_t repair_rounds; /* relaxations the repair incumbent took */
	size_t dive_rounds;   /* and the second dive */
	size_t regions;       /* region subproblems that improved the answer */
	size_t hold_free;     /* the search with forms held: mentors left free */
	size_t hold_nodes;    /* and its relaxations (0: not run) */
	size_t hold_windows;  /* in this many windows of free mentors */
	size_t hold_passes;   /* in this many passes down the order (in
	                         nv_asg_solve's sum: the most one took) */
	int glpk_budget;      /* GLPK's reduced model spent its node budget
	                         (1; 2: and its answer was better) */
	int64_t glpk_bound;   /* and the bound it left (network weights), its
	                         count proven (coverage); INT64_MAX none */
	double gap;          /* timed out: score units the answer may lack */
	size_t gap_pairs;    /* timed out, coverage: pairs it may lack */
	/* The root relaxation's duals, for pricing pairs left out of a: with
	 * w = big + v - vmin (coverage) or v (score) for a value v in
	 * [vmin, vmax], a pair (m, i) outside a can be in an answer worth more
	 * than the answer's bound only if w - pot_mentee[i] - pot_mentor[m] >
	 * -slack, and only if its mentor's capacity was not cut (cut[m] = 0).
	 * Allocated by nv_forms_solve (the caller frees); NULL when the answer
	 * came from GLPK. */
	int64_t *pot_mentee, *pot_mentor;
	uint8_t *cut;
	int64_t big, vmin, vmax, slack;
	/* The Lagrangian bound (lagr; NULL lag_y: not kept), to price pairs
	 * left out of a as well: the mentee prices lag_y; per mentor (lag_off,
	 * R + 1) the values w - y > 0 of its allowed arcs, the top rcap of each
	 * form, by form then value descending (lag_form, lag_x), and the only
	 * form fixed pairs allow it (lag_restr, -1: any). Arcs the root duals
	 * rule out against the incumbent are left out of it: it bounds the
	 * answers better than the incumbent (see nv_solution_lagr_finish). */
	int64_t *lag_y, *lag_x;
	uint32_t *lag_off, *lag_form;
	int32_t *lag_restr;
	size_t count; /* the answer's pairs (fixed ones left out) */
} nv_forms_stats;

/* What stopped an unproven one-form search of s ("search budget reached
 * (N nodes)", "time limit reached (...)"); "" when none did. */
const char *nv_solution_stop(const nv_solution *s);

/* The least value among the chosen pairs ch[] that are not fixed
 * (INT64_MAX when none; maximin.c). */
int64_t nv_lowest_of(const nv_asg *a, const uint8_t *ch);

/* The largest total any answer of k pairs can have (micro-units): each
 * mentee's best pair that is not forbidden, the k best mentees (solve.c). */
int64_t nv_best_total(const nv_asg *a, int64_t k);

/* Coverage: an answer of count pairs under a bound (network weights, each
 * pair big + (v - vmin) >= big) may be short of the optimum by this many
 * pairs at most. */
static inline size_t nv_gap_pairs(int64_t bound, int64_t big, size_t count)
{
	int64_t kmax = bound / big;
	return kmax > (int64_t)count ? (size_t)(kmax - (int64_t)count) : 0;
}

/* The progress of a search (NULL or fn NULL: none): fn(ud, base + span *
 * the share of the search's work done), non-decreasing, from the calling
 * thread. */
typedef struct nv_forms_progress {
	void (*fn)(void *ud, double done);
	void *ud;
	double base, span;
} nv_forms_progress;

/* Optimal chosen[e] for a (one_form_per_mentor, no quotas, objective
 * coverage or score); node_limit 0 = NV_FORMS_NODE_LIMIT nodes or, on
 * large problems, NV_FORMS_WORK / (arcs + nodes) (at least 100); past it
 * GLPK on what reduced costs left. deadline (nv_now() seconds, 0 = none):
 * once reached, the best answer found (the two dives' at least, which are
 * always run) is returned with st->timed_out = 1 and its gap.
 * quick (as nv_solve_params): 1, the root and both dives; 2, the root and
 * the repair; no search (timed_out unless they meet the root's bound).
 * NV_FORMS_NO_GLPK: the whole search, but past the node limit the
 * incumbent, unproven, instead of GLPK; NV_FORMS_HOLD: the same, with the
 * held search below.
 * With a->region and quick 0, the search by region comes before the
 * branch and bound (st->regions: how many region solves improved).
 * An answer still unproven past the node limit and GLPK's budget (quick 0
 * or NV_FORMS_HOLD, hold_free > 0): the search once more with every mentor
 * held to its form but hold_free of them, in windows down the order in
 * which the Lagrangian bound prices their choice closest, each window
 * within NV_FORMS_HOLD_WINDOW / arcs relaxations, pass after pass with the
 * windows' bounds moved until NV_FORMS_HOLD_IDLE passes in a row find
 * nothing better, within NV_FORMS_HOLD_WORK / arcs relaxations in all
 * (st->hold_free, st->hold_nodes, st->hold_windows, st->hold_passes); it
 * stays unproven, and when it found
 * a better answer the Lagrangian bound (st->lagr, st->lag_*) is lowered
 * toward it by more subgradient steps.
 * prog (may be NULL): the share done, by stage: the dives 5%, the search
 * by region to 40%, the branch and bound (by relaxations over its budget)
 * to 60%, the held search (the same) the rest.
 * NV_OK, NV_EINFEAS or NV_EFAIL (message in msg). */
int nv_forms_solve(const nv_asg *a, size_t node_limit, size_t hold_free,
                   const nv_forms_progress *prog, double deadline, int quick,
                   uint8_t *chosen, nv_forms_stats *st, char *msg, size_t msgsz);
void nv_forms_stats_free(nv_forms_stats *st); /* the duals it holds */

/* The Lagrangian bound of one form per mentor over given arcs (forms.c):
 * mentee prices y (L of them, >= 0); each mentor charged for one form,
 * its top rcap values of w - y > 0 there. nv_lagr_prices takes iters
 * subgradient steps from y toward target (the incumbent's value), leaves
 * the best prices in y and returns the bound at them; with term, each
 * mentor's term there, with tops (allocated here; the caller frees off,
 * form and x) each mentor's top rcap values of each form, by form then
 * value descending, from off[m] to off[m + 1]. */
typedef struct nv_lag_arcs {
	size_t L, R, n;
	const uint32_t *mentee, *mentor, *form;
	const int64_t *w;
	const int32_t *rcap;
} nv_lag_arcs;
typedef struct nv_lag_tops {
	uint32_t *off, *form;
	int64_t *x;
	size_t n;
} nv_lag_tops;
int64_t nv_lagr_prices(const nv_lag_arcs *g, int64_t *y, int64_t target, int iters, int64_t *term,
                       nv_lag_tops *tops);

typedef struct nv_maximin_proof {
	/* The searches whose duals price pairs left out of a pruned problem,
	 * each for the pairs worth >= thr[k]: [0] the count (every pair,
	 * scores taken as 1); [1] the least threshold found infeasible
	 * (scores as 1; thr[1] is one above the threshold found, the pruned
	 * set having no value in between); [2] the total at the threshold
	 * (NULL when the count search's answer stood: then any such pair may
	 * improve it). n: how many are set (0: not maximin). */
	nv_solution *sol[3];
	int64_t thr[3];
	int card[3];
	size_t n;
	/* the answer's gap is sol[2]'s (the count and the threshold proven,
	 * its answer taken): nv_solution_lagr_finish may tighten it as it
	 * does sol[2]'s, with the left-out pairs >= thr[2] offered to it */
	int total_gap;
} nv_maximin_proof;

/* Maximin under one form per mentor without quotas (maximin.c): chosen
 * holds the network maximin's answer on entry (fixed pairs included) and
 * the answer on return; s gets the proof text, gap and gap_pairs, mp the
 * searches that price left-out pairs; *unproven = 1 when some step could
 * not be proven within the deadline (or p->quick). */
int nv_forms_maximin(const nv_asg *a, const nv_solve_params *p, double deadline,
                     uint8_t *chosen, nv_solution *s, int *unproven, nv_maximin_proof *mp,
                     char *msg, size_t msgsz);

static inline uint8_t nv_asg_flags(const nv_asg *a, size_t e)
{
	return a->flags ? a->flags[e] : 0;
}
static inline uint32_t nv_asg_form(const nv_asg *a, size_t e)
{
	return a->form ? a->form[e] : 0;
}
static inline int32_t nv_asg_cap(const nv_asg *a, size_t m)
{
	return a->capacity ? a->capacity[m] : 1;
}
static inline int32_t nv_asg_qmin(const nv_asg *a, size_t f)
{
	return a->form_min ? a->form_min[f] : -1;
}
static inline int32_t nv_asg_qmax(const nv_asg *a, size_t f)
{
	return a->form_max ? a->form_max[f] : -1;
}

#endif
