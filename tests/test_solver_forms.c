/* test_solver_forms.c (one form per mentor by branch and bound: brute
 * force, GLPK and thread agreement, the node-limit fallback, reduced-cost
 * fixing) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "solver.h"
#include "asg_brute.h"
#include "solverint.h"

/* --- helpers ------------------------------------------------------------ */

enum { MAXE = 40, MAXL = 7 };

typedef struct inst {
	nv_asg a;
	uint32_t mentor[MAXE], mentee[MAXE], form[MAXE];
	double score[MAXE];
	uint8_t flags[MAXE];
	int32_t cap[5];
} inst;

static uint64_t rng_state;
static uint32_t rnd(uint32_t n)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)((rng_state >> 33) % n);
}

/* Points the problem at the instance's arrays, one form per mentor (inst
 * and the larger mid below). */
#define WIRE_ONE_FORM(in)                      \
	do {                                       \
		ASG_WIRE(in);                          \
		(in)->a.one_form_per_mentor = 1;       \
	} while (0)

/* pr: the instance in (inst or mid) without the pairs out marks, the
 * rest in in's order, its problem pointed at its own arrays. */
#define KEEP_PAIRS(pr, in, out)                                 \
	do {                                                        \
		size_t n_ = 0;                                          \
		*(pr) = *(in);                                          \
		ASG_WIRE(pr);                                           \
		for (size_t e_ = 0; e_ < (in)->a.n_edges; e_++) {       \
			if ((out)[e_])                                      \
				continue;                                       \
			(pr)->mentor[n_] = (in)->mentor[e_];                \
			(pr)->mentee[n_] = (in)->mentee[e_];                \
			(pr)->score[n_] = (in)->score[e_];                  \
			(pr)->form[n_] = (in)->form[e_];                    \
			(pr)->flags[n_++] = (in)->flags[e_];                \
		}                                                       \
		(pr)->a.n_edges = n_;                                   \
	} while (0)

/* Mentors eligible in two or three forms, capacities up to 3, a few fixed
 * and forbidden pairs; ties are common on purpose. */
static void random_inst(inst *in, uint64_t seed)
{
	static const double scores[] = {0.1, 0.25, 0.5, 0.75, 0.9, 1.0, 0.333333, 0.6};
	memset(in, 0, sizeof *in);
	rng_state = seed * 2654435761u + 7;
	nv_asg *a = &in->a;
	a->n_mentors = 2 + rnd(3);
	a->n_mentees = 3 + rnd(4);
	a->n_forms = 2 + rnd(2);
	for (uint32_t m = 0; m < a->n_mentors; m++)
		for (uint32_t i = 0; i < a->n_mentees; i++) {
			if (rnd(10) < 3)
				continue;
			size_t e = a->n_edges++;
			in->mentor[e] = m;
			in->mentee[e] = i;
			in->score[e] = scores[rnd(8)];
			in->form[e] = rnd((uint32_t)a->n_forms);
			uint32_t r = rnd(100);
			in->flags[e] = r < 3 ? NV_EDGE_FIXED : r < 9 ? NV_EDGE_FORBIDDEN : 0;
		}
	for (uint32_t m = 0; m < a->n_mentors; m++)
		in->cap[m] = (int32_t)rnd(4);
	WIRE_ONE_FORM(in);
	a->objective = rnd(2) ? NV_OBJ_COVERAGE : NV_OBJ_SCORE;
	a->minimize = rnd(5) == 0;
}

static int solve_kind(const nv_asg *a, nv_solver_kind kind, int threads, nv_solution **s)
{
	nv_solve_params p;
	nv_solve_params_init(&p);
	p.kind = kind;
	p.threads = threads;
	return nv_asg_solve(a, &p, s);
}

/* --- tests -------------------------------------------------------------- */

/* The default path (branch and bound where the rule binds) reaches the
 * brute-force optimum and GLPK's, proven, and the same answer on 1 and 2
 * threads. */
static void bb_agrees_with_brute_force_glpk_and_threads(void **state)
{
	(void)state;
	size_t n_bb = 0, n_feasible = 0;
	for (uint64_t seed = 1; seed <= 600; seed++) {
		inst in;
		random_inst(&in, seed);
		const nv_asg *a = &in.a;
		asg_val best;
		int feasible = asg_brute(a, &best);
		nv_solution *s1 = NULL, *s2 = NULL, *sg = NULL;
		int rc1 = solve_kind(a, NV_SOLVER_AUTO, 1, &s1);
		int rc2 = solve_kind(a, NV_SOLVER_AUTO, 2, &s2);
		int rcg = solve_kind(a, NV_SOLVER_GLPK, 1, &sg);
		if (!feasible) {
			assert_int_equal(rc1, NV_EINFEAS);
			assert_int_equal(rcg, NV_EINFEAS);
		} else {
			n_feasible++;
			if (rc1 != NV_OK)
				print_error("seed %llu: %s\n", (unsigned long long)seed, s1->proof);
			assert_int_equal(rc1, NV_OK);
			assert_int_equal(rc2, NV_OK);
			assert_int_equal(rcg, NV_OK);
			assert_true(s1->proven);
			assert_true(s1->gap == 0);
			assert_int_equal(s1->gap_pairs, 0);
			asg_val v1 = asg_value(a, s1->chosen, s1->n_chosen);
			asg_val vg = asg_value(a, sg->chosen, sg->n_chosen);
			if (v1.x != best.x || v1.y != best.y)
				print_error("seed %llu: got (%lld, %lld), best (%lld, %lld); %s\n",
				            (unsigned long long)seed, (long long)v1.x, (long long)v1.y,
				            (long long)best.x, (long long)best.y, s1->proof);
			assert_int_equal(v1.x, best.x);
			assert_int_equal(v1.y, best.y);
			assert_int_equal(vg.x, best.x);
			assert_int_equal(vg.y, best.y);
			assert_int_equal(s1->n_chosen, s2->n_chosen);
			assert_memory_equal(s1->chosen, s2->chosen, s1->n_chosen * sizeof *s1->chosen);
			if (strstr(s1->proof, "branch and bound"))
				n_bb++;
		}
		nv_solution_free(s1);
		nv_solution_free(s2);
		nv_solution_free(sg);
	}
	/* the instances must exercise the branch and bound */
	assert_true(n_feasible > 300);
	assert_true(n_bb > 60);
}

/* nv_forms_solve twice, with the default node limit (into st) and with one
 * node (into st1: GLPK finishes, within a deadline it does not reach);
 * both answers must be worth best. */
/* Seed's random instance when nv_forms_solve can take it: feasible,
 * without conflicts (the solver finds those before any search) and
 * maximising; best is its brute-force optimum. */
static int searchable(uint64_t seed, inst *in, asg_val *best)
{
	random_inst(in, seed);
	const nv_asg *a = &in->a;
	nv_solution *probe = NULL;
	int feasible = asg_brute(a, best);
	int rc = solve_kind(a, NV_SOLVER_AUTO, 1, &probe);
	nv_solution_free(probe);
	return feasible && rc == NV_OK && !a->minimize;
}

static void forms_both_optimal(const nv_asg *a, asg_val best, nv_forms_stats *st,
                               nv_forms_stats *st1)
{
	uint8_t ch[MAXE + 1], ch1[MAXE + 1];
	char msg[200] = "";
	assert_int_equal(nv_forms_solve(a, 0, 0, NULL, 0, 0, ch, st, msg, sizeof msg), NV_OK);
	assert_int_equal(nv_forms_solve(a, 1, 0, NULL, nv_now() + 600, 0, ch1, st1, msg, sizeof msg), NV_OK);
	asg_val v = asg_value_bytes(a, ch), v1 = asg_value_bytes(a, ch1);
	assert_int_equal(v.x, best.x);
	assert_int_equal(v.y, best.y);
	assert_int_equal(v1.x, best.x);
	assert_int_equal(v1.y, best.y);
}

/* The optimum with the default node limit and with a limit of one node,
 * past which GLPK finishes: its reduced model on problems of up to
 * red_pairs pairs, its full model on what reduced costs left beyond
 * (fallback 1) or on every pair (2). Counts the instances GLPK finished,
 * those where the search branched and those where reduced costs ruled
 * pairs out. */
static void one_node_then_glpk(size_t red_pairs, size_t *n_glpk, size_t *n_search,
                               size_t *n_ruled)
{
	*n_glpk = *n_search = *n_ruled = 0;
	nv_forms_red_pairs = red_pairs;
	for (uint64_t seed = 1; seed <= 600; seed++) {
		inst in;
		asg_val best;
		if (!searchable(seed, &in, &best))
			continue;
		nv_forms_stats st, st1;
		forms_both_optimal(&in.a, best, &st, &st1);
		assert_int_equal(st1.timed_out, 0);
		assert_int_equal(st.fallback, 0);
		assert_true(st.value <= st.root);
		if (red_pairs > 0)
			assert_int_not_equal(st1.fallback, 1); /* the full model */
		else
			assert_int_equal(st1.budget, 0); /* proven by it */
		*n_glpk += st1.fallback != 0;
		*n_search += st.nodes > 2;
		*n_ruled += st.n_ruled_out > 0;
		nv_forms_stats_free(&st);
		nv_forms_stats_free(&st1);
	}
	nv_forms_red_pairs = NV_FORMS_RED_PAIRS;
}

/* nv_forms_solve on its own: the optimum with the default node limit, with
 * a limit of one node (GLPK's reduced model finishes the whole problem,
 * never the full model on what reduced costs left: on a school that took
 * 12 s where the reduced model took 0.4) and the same value either way;
 * where reduced costs rule pairs out, still the optimum. */
static void node_limit_and_reduced_costs_keep_the_optimum(void **state)
{
	(void)state;
	size_t n_glpk, n_search, n_ruled;
	one_node_then_glpk(NV_FORMS_RED_PAIRS, &n_glpk, &n_search, &n_ruled);
	assert_true(n_glpk > 10);
	assert_true(n_search > 10);
	assert_true(n_ruled > 10);
}

/* A problem too large for GLPK's reduced model (here: every problem) goes
 * past the node limit to the full model: the optimum still, proven. */
static void past_the_reduced_models_limit_the_full_model_keeps_the_optimum(void **state)
{
	(void)state;
	size_t n_glpk, n_search, n_ruled;
	one_node_then_glpk(0, &n_glpk, &n_search, &n_ruled);
	assert_true(n_glpk > 10);
	assert_true(n_search > 10);
}

/* Six mentors, each a region of its own, two forms, capacities up to 3,
 * seven mentees each eligible with a few of them, a few fixed and
 * forbidden pairs: small enough for brute force, with regions small
 * against the whole, as a district's schools. */
static void region_inst(inst *in, uint32_t *region, uint64_t seed)
{
	static const double scores[] = {0.1, 0.25, 0.5, 0.75, 0.9, 1.0, 0.333333, 0.6};
	memset(in, 0, sizeof *in);
	rng_state = seed * 2654435761u + 11;
	nv_asg *a = &in->a;
	a->n_mentors = 6;
	a->n_mentees = 7;
	a->n_forms = 2;
	for (uint32_t m = 0; m < a->n_mentors; m++)
		for (uint32_t i = 0; i < a->n_mentees; i++) {
			if (rnd(100) >= 40)
				continue;
			size_t e = a->n_edges++;
			in->mentor[e] = m;
			in->mentee[e] = i;
			in->score[e] = scores[rnd(8)];
			in->form[e] = rnd(2);
			uint32_t r = rnd(100);
			in->flags[e] = r < 4 ? NV_EDGE_FIXED : r < 10 ? NV_EDGE_FORBIDDEN : 0;
		}
	for (uint32_t m = 0; m < a->n_mentors; m++) {
		in->cap[m] = 1 + (int32_t)rnd(3);
		region[m] = 100 - m;
	}
	WIRE_ONE_FORM(in);
	a->region = region;
	a->objective = rnd(2) ? NV_OBJ_COVERAGE : NV_OBJ_SCORE;
}

/* With regions the search by region runs before the branch and bound: the
 * answer is still the brute-force optimum, with the default node limit and
 * with one node (GLPK finishing), and on some instances a region's solve
 * is what improved on the dives. */
static void region_search_keeps_the_optimum_and_improves_the_dives(void **state)
{
	(void)state;
	size_t n_improved = 0, n_run = 0;
	for (uint64_t seed = 1; seed <= 1000; seed++) {
		inst in;
		uint32_t region[6];
		region_inst(&in, region, seed);
		const nv_asg *a = &in.a;
		asg_val best;
		if (!asg_brute(a, &best))
			continue;
		nv_forms_stats st, st1;
		forms_both_optimal(a, best, &st, &st1);
		assert_int_equal(st.timed_out, 0);
		n_run++;
		if (st.regions > 0)
			n_improved++;
		nv_forms_stats_free(&st);
		nv_forms_stats_free(&st1);
	}
	assert_true(n_run > 800);
	assert_true(n_improved >= 3); /* 6 of 1000 */
}

/* The answer is within the stated gap of the brute-force optimum best:
 * score, total >= best - gap; coverage, the count within gap_pairs and, at
 * the optimum's count, the total within gap. */
static void assert_within_gap(const nv_asg *a, asg_val v, asg_val best, double gap, size_t gap_pairs)
{
	int64_t g = llround(gap * 1e6);
	assert_true(g >= 0);
	if (a->objective == NV_OBJ_SCORE) {
		assert_int_equal(gap_pairs, 0);
		assert_true(v.x <= best.x);
		assert_true(v.x >= best.x - g);
		return;
	}
	assert_true(v.x <= best.x);
	assert_true(v.x + (int64_t)gap_pairs >= best.x);
	if (gap_pairs == 0) {
		assert_int_equal(v.x, best.x);
		assert_true(v.y <= best.y);
		assert_true(v.y >= best.y - g);
	}
}

/* A time limit too short for any search: the answer is still feasible
 * (checked), unproven where the rule binds, with a proof naming the time
 * limit and a gap that holds against brute force; where the repair
 * answer already meets the bound it is proven with gap 0. */
static void time_limit_returns_a_checked_answer_within_its_gap(void **state)
{
	(void)state;
	size_t n_timed = 0, n_proven = 0;
	for (uint64_t seed = 1; seed <= 600; seed++) {
		inst in;
		random_inst(&in, seed);
		const nv_asg *a = &in.a;
		asg_val best;
		int feasible = asg_brute(a, &best);
		nv_solve_params p;
		nv_solve_params_init(&p);
		p.threads = 1;
		p.time_limit = 1e-9;
		nv_solution *s = NULL;
		int rc = nv_asg_solve(a, &p, &s);
		if (!feasible) {
			assert_int_equal(rc, NV_EINFEAS);
			nv_solution_free(s);
			continue;
		}
		assert_int_equal(rc, NV_OK);
		char msg[128] = "";
		assert_int_equal(nv_asg_check(a, s->chosen, s->n_chosen, msg, sizeof msg), NV_OK);
		asg_val v = asg_value(a, s->chosen, s->n_chosen);
		if (s->proven) {
			assert_true(s->gap == 0);
			assert_int_equal(s->gap_pairs, 0);
			assert_int_equal(v.x, best.x);
			assert_int_equal(v.y, best.y);
			if (strstr(s->proof, "branch and bound"))
				n_proven++;
		} else {
			n_timed++;
			assert_non_null(strstr(s->proof, "time limit reached (1e-09 s for this solve)"));
			assert_true(s->gap >= 0);
			assert_within_gap(a, v, best, s->gap, s->gap_pairs);
		}
		nv_solution_free(s);
	}
	assert_true(n_timed > 20);
	assert_true(n_proven > 5);
}

/* The dives alone (a deadline already past): every violating mentor kept
 * to its heaviest form, or to the form with most pairs, solved again until
 * none is left; the better answer is feasible, worth at most the bound, and
 * within the stated gap. */
static void repair_incumbent_is_feasible_and_within_its_gap(void **state)
{
	(void)state;
	size_t n_repaired = 0;
	for (uint64_t seed = 1; seed <= 600; seed++) {
		inst in;
		asg_val best;
		if (!searchable(seed, &in, &best))
			continue;
		const nv_asg *a = &in.a;
		uint8_t ch[MAXE + 1];
		char msg[200] = "";
		nv_forms_stats st;
		assert_int_equal(nv_forms_solve(a, 0, 0, NULL, 1e-9, 0, ch, &st, msg, sizeof msg), NV_OK);
		asg_val v = asg_value_bytes(a, ch); /* asserts the answer's check */
		assert_true(st.value <= st.bound);
		assert_true(st.bound <= st.root);
		if (st.timed_out) {
			assert_true(st.repair_rounds >= 1);
			assert_int_equal(st.nodes, 1 + st.repair_rounds + st.dive_rounds);
			assert_within_gap(a, v, best, st.gap, st.gap_pairs);
			n_repaired++;
		} else {
			assert_int_equal(v.x, best.x);
			assert_int_equal(v.y, best.y);
		}
		nv_forms_stats_free(&st);
	}
	assert_true(n_repaired > 20);
}

/* Maximin under one form per mentor goes to the form search (count, then
 * threshold, then total) and reaches the brute-force optimum, proven. */
static void maximin_by_the_form_search_agrees_with_brute_force(void **state)
{
	(void)state;
	size_t n_forms_path = 0;
	for (uint64_t seed = 1; seed <= 600; seed++) {
		inst in;
		random_inst(&in, seed);
		in.a.objective = NV_OBJ_MAXIMIN;
		asg_best b;
		asg_brute_best(&in.a, &b);
		nv_solution *s = NULL;
		int rc = solve_kind(&in.a, NV_SOLVER_AUTO, 1, &s);
		if (!b.found) {
			assert_int_equal(rc, NV_EINFEAS);
			nv_solution_free(s);
			continue;
		}
		assert_int_equal(rc, NV_OK);
		assert_true(s->proven);
		asg_val v = asg_value(&in.a, s->chosen, s->n_chosen);
		if (v.x != b.best.x || v.y != b.best.y || v.z != b.best.z)
			print_error("seed %llu: got (%lld, %lld, %lld), best (%lld, %lld, %lld); %s\n",
			            (unsigned long long)seed, (long long)v.x, (long long)v.y,
			            (long long)v.z, (long long)b.best.x, (long long)b.best.y,
			            (long long)b.best.z, s->proof);
		assert_int_equal(v.x, b.best.x);
		assert_int_equal(v.y, b.best.y);
		assert_int_equal(v.z, b.best.z);
		if (strstr(s->proof, "maximin under one form per mentor"))
			n_forms_path++;
		nv_solution_free(s);
	}
	assert_true(n_forms_path > 50);
}

/* The instance without a third of its pairs (fixed ones stay); out[e]
 * marks the pairs left out. */
static void prune(const inst *in, inst *pr, uint8_t *out, uint64_t seed)
{
	rng_state = seed * 977 + 3;
	for (size_t e = 0; e < in->a.n_edges; e++)
		out[e] = !(in->flags[e] & NV_EDGE_FIXED) && rnd(3) == 0;
	KEEP_PAIRS(pr, in, out);
}

/* How many of the pairs left out nv_solution_could_improve flags. */
static size_t flagged_of(const inst *in, const uint8_t *out, const nv_solution *s,
                         const nv_asg *pa)
{
	size_t flagged = 0;
	for (size_t e = 0; e < in->a.n_edges; e++)
		if (out[e] && !(in->flags[e] & NV_EDGE_FORBIDDEN))
			flagged += (size_t)nv_solution_could_improve(
			    s, pa, in->mentor[e], in->mentee[e], in->form[e], in->score[e]);
	return flagged;
}

/* A pruned problem (a third of the pairs left out) solved where the rule
 * binds: when nv_solution_could_improve clears every pair left out, the
 * pruned answer is worth the whole problem's brute-force optimum; and the
 * pairs it flags do matter at times. */
static void pricing_left_out_pairs_with_the_form_duals_keeps_the_optimum(void **state)
{
	(void)state;
	size_t n_cleared = 0, n_flagged = 0, n_short = 0;
	for (uint64_t seed = 1; seed <= 1500; seed++) {
		inst in, pr;
		random_inst(&in, seed);
		asg_val best;
		if (!asg_brute(&in.a, &best))
			continue;
		uint8_t out[MAXE];
		prune(&in, &pr, out, seed);
		nv_solution *s = NULL;
		int rc = solve_kind(&pr.a, NV_SOLVER_AUTO, 1, &s);
		if (rc != NV_OK || !strstr(s->proof, "branch and bound")) {
			nv_solution_free(s);
			continue;
		}
		assert_true(s->proven);
		asg_val v = asg_value(&pr.a, s->chosen, s->n_chosen);
		int short_of = v.x != best.x || v.y != best.y;
		if (flagged_of(&in, out, s, &pr.a) == 0) {
			if (short_of)
				print_error("seed %llu: pruned (%lld, %lld), whole (%lld, %lld)\n",
				            (unsigned long long)seed, (long long)v.x, (long long)v.y,
				            (long long)best.x, (long long)best.y);
			assert_false(short_of);
			n_cleared++;
		} else {
			n_flagged++;
			n_short += (size_t)short_of;
		}
		nv_solution_free(s);
	}
	assert_true(n_cleared > 20);
	assert_true(n_flagged > 20);
	assert_true(n_short > 5);
}

/* Problems too large for brute force (4-17 mentors in two to five forms,
 * 8-37 mentees, sparse to dense, capacities 1-4, a few fixed and
 * forbidden pairs), checked against GLPK's proven optimum. */
enum { MIDE = 640, MIDR = 18, MIDL = 40 };
typedef struct mid {
	nv_asg a;
	uint32_t mentor[MIDE], mentee[MIDE], form[MIDE];
	double score[MIDE];
	uint8_t flags[MIDE];
	int32_t cap[MIDR];
} mid;

static void mid_inst(mid *in, uint64_t seed)
{
	static const double scores[] = {0.1, 0.25, 0.5, 0.75, 0.9, 1.0, 0.333333, 0.6};
	memset(in, 0, sizeof *in);
	rng_state = seed * 2654435761u + 13;
	nv_asg *a = &in->a;
	a->n_mentors = 4 + rnd(14);
	a->n_mentees = 8 + rnd(30);
	a->n_forms = 2 + rnd(4);
	uint32_t density = 15 + rnd(50), fixed = rnd(3) ? 0 : 1 + rnd(4);
	int discrete = rnd(2);
	for (uint32_t m = 0; m < a->n_mentors; m++)
		in->cap[m] = 1 + (int32_t)rnd(4);
	/* fixed pairs that can all hold: a mentee once, a mentor within its
	 * capacity and in one form */
	uint8_t mentee_fixed[MIDL] = {0};
	int32_t mentor_fixed[MIDR] = {0}, mentor_form[MIDR];
	for (uint32_t m = 0; m < MIDR; m++)
		mentor_form[m] = -1;
	for (uint32_t m = 0; m < a->n_mentors; m++)
		for (uint32_t i = 0; i < a->n_mentees; i++) {
			if (rnd(100) >= density)
				continue;
			size_t e = a->n_edges++;
			in->mentor[e] = m;
			in->mentee[e] = i;
			in->score[e] = discrete ? scores[rnd(8)] : (double)(1 + rnd(1000)) / 1000;
			in->form[e] = rnd((uint32_t)a->n_forms);
			uint32_t r = rnd(100);
			if (r < fixed && !mentee_fixed[i] && mentor_fixed[m] < in->cap[m] &&
			    (mentor_form[m] < 0 || mentor_form[m] == (int32_t)in->form[e])) {
				in->flags[e] = NV_EDGE_FIXED;
				mentee_fixed[i] = 1;
				mentor_fixed[m]++;
				mentor_form[m] = (int32_t)in->form[e];
			} else if (r >= 96) {
				in->flags[e] = NV_EDGE_FORBIDDEN;
			}
		}
	WIRE_ONE_FORM(in);
	a->objective = rnd(2) ? NV_OBJ_COVERAGE : NV_OBJ_SCORE;
	a->minimize = a->objective == NV_OBJ_COVERAGE && rnd(5) == 0;
}

/* GLPK's proven optimum of a mid instance in best; 0 when GLPK has none
 * (infeasible fixed pairs). */
static int mid_glpk_best(const mid *in, asg_val *best)
{
	nv_solution *g = NULL;
	int ok = solve_kind(&in->a, NV_SOLVER_GLPK, 1, &g) == NV_OK;
	if (ok) {
		assert_true(g->proven);
		*best = asg_value(&in->a, g->chosen, g->n_chosen);
	}
	nv_solution_free(g);
	return ok;
}

/* The mid instance of seed in in, and GLPK's optimum of it in best; 0
 * when GLPK has none. */
static int mid_solved(mid *in, uint64_t seed, asg_val *best)
{
	mid_inst(in, seed);
	return mid_glpk_best(in, best);
}

/* A quarter to a half of in's pairs marked left out (fixed ones stay),
 * from the generator seeded by seed * 977 + salt. */
static void mark_left_out(const mid *in, uint8_t *out, uint64_t seed, uint64_t salt)
{
	rng_state = seed * 977 + salt;
	uint32_t rate = 2 + rnd(4);
	for (size_t e = 0; e < in->a.n_edges; e++)
		out[e] = rnd(rate) == 0 && !(in->flags[e] & NV_EDGE_FIXED);
}

/* The pairs still left out offered to the answer's Lagrangian bound. */
static void offer_pairs(nv_solution *s, const mid *in, const uint8_t *out)
{
	for (size_t e = 0; e < in->a.n_edges; e++)
		if (out[e] && !(in->flags[e] & NV_EDGE_FORBIDDEN))
			nv_solution_lagr_offer(s, in->mentor[e], in->mentee[e], in->form[e],
			                       in->score[e]);
}

/* As the engine's last pass does: the pairs offered, then the gap stated
 * from the bound; with pr (the problem solved), the prices searched again
 * with the pairs offered, and those offered again, while that goes on. */
static void offer_left_out(nv_solution *s, const mid *in, const uint8_t *out, const mid *pr)
{
	offer_pairs(s, in, out);
	while (pr && nv_solution_lagr_reprice(s, &pr->a))
		offer_pairs(s, in, out);
	nv_solution_lagr_finish(s);
}

/* As the engine's rounds do: the problem of in's pairs but those marked
 * in out (pr, its edges in in's order), solved with p, grows by the
 * left-out pairs the answer's duals flag until none is flagged; out is
 * left marking the pairs still left out. */
/* One thread, the quick mode and the node limit given: as the tests on
 * mid instances solve them. */
static nv_solve_params mid_params(int quick, size_t node_limit)
{
	nv_solve_params p;
	nv_solve_params_init(&p);
	p.threads = 1;
	p.quick = quick;
	p.node_limit = node_limit;
	return p;
}

static nv_solution *solve_grown(const mid *in, mid *pr, uint8_t *out, const nv_solve_params *p)
{
	nv_solution *s = NULL;
	for (;;) {
		KEEP_PAIRS(pr, in, out);
		nv_solution_free(s);
		s = NULL;
		assert_int_equal(nv_asg_solve(&pr->a, p, &s), NV_OK);
		size_t added = 0;
		for (size_t e = 0; e < in->a.n_edges; e++)
			if (out[e] && !(in->flags[e] & NV_EDGE_FORBIDDEN) &&
			    nv_solution_could_improve(s, &pr->a, in->mentor[e], in->mentee[e],
			                              in->form[e], in->score[e])) {
				out[e] = 0;
				added++;
			}
		if (!added)
			return s;
	}
}

/* As the engine does: a pruned problem grows by the left-out pairs the
 * duals flag until none is flagged, its search stopped unproven (a node
 * limit, no GLPK); the pairs still left out are offered to the answer. Its
 * Lagrangian gap is then no wider than the network's and holds against
 * GLPK's optimum of the whole problem; on most instances it is narrower.
 * Seeds 1000-1100 (about 60 ms each, GLPK's mostly); seed 1029 broke it
 * while the bound left out the arcs its own drop test had removed (a
 * left-out pair can make a mentor's dropped form its best). Each also with
 * the held search after the node limit (three mentors free), whose better
 * answer the bound is lowered toward again. */
static void lagrangian_gap_holds_for_the_whole_problem(void **state)
{
	(void)state;
	size_t n_unproven = 0, n_tighter = 0, n_held = 0;
	static mid in, pr;
	for (uint64_t seed = 1000; seed <= 1100; seed++) {
		asg_val best;
		if (!mid_solved(&in, seed, &best))
			continue;
		/* pairs left out, and a node limit from one relaxation to thirty */
		uint8_t out[MIDE];
		mark_left_out(&in, out, seed, 3);
		size_t node_limit = (size_t[]){1, 2, 3, 8, 30}[rnd(5)];
		uint8_t out0[MIDE];
		memcpy(out0, out, sizeof out);
		for (int mode = 0; mode < 2; mode++) {
		memcpy(out, out0, sizeof out);
		nv_solve_params p = mid_params(mode ? NV_FORMS_HOLD : NV_FORMS_NO_GLPK, node_limit);
		p.hold_free = 3;
		nv_solution *s = solve_grown(&in, &pr, out, &p);
		asg_val v = asg_value(&pr.a, s->chosen, s->n_chosen);
		if (s->proven) {
			assert_int_equal(v.x, best.x);
			assert_int_equal(v.y, best.y);
			nv_solution_free(s);
			continue;
		}
		if (mode)
			n_held += strstr(s->proof, "held to their forms") != NULL;
		assert_non_null(strstr(s->proof, "(network bound)"));
		assert_within_gap(&in.a, v, best, s->gap, s->gap_pairs);
		double g0 = s->gap;
		size_t gp0 = s->gap_pairs;
		offer_left_out(s, &in, out, NULL);
		assert_true(s->gap_pairs <= gp0);
		assert_true(s->gap <= g0 + 1e-9 || s->gap_pairs < gp0);
		assert_within_gap(&in.a, v, best, s->gap, s->gap_pairs);
		n_unproven++;
		if (s->gap_pairs < gp0 || s->gap < g0 - 1e-9) {
			assert_non_null(strstr(s->proof, "(Lagrangian bound)"));
			n_tighter++;
		}
		nv_solution_free(s);
		}
	}
	print_message("unproven %zu, Lagrangian tighter %zu, held %zu\n", n_unproven, n_tighter,
	              n_held);
	assert_true(n_unproven > 40);
	assert_true(n_held > 20);
	assert_true(2 * n_tighter > n_unproven);
}

/* As the engine does when the pairs left out raise the Lagrangian bound:
 * the mentee prices searched again with them taken in, every pair left
 * out offered again against the new prices. On the instances of the test
 * above the gap so stated still holds against GLPK's optimum of the
 * whole problem, is never wider than the one stated without the search,
 * and is narrower on many (18 of the 39 unproven when it came in). */
static void repriced_lagrangian_gap_holds_and_is_no_wider(void **state)
{
	(void)state;
	size_t n_offered = 0, n_narrower = 0;
	static mid in, pr;
	for (uint64_t seed = 1000; seed <= 1100; seed++) {
		asg_val best;
		if (!mid_solved(&in, seed, &best))
			continue;
		uint8_t out0[MIDE], out[MIDE];
		mark_left_out(&in, out0, seed, 3);
		nv_solve_params p =
		        mid_params(NV_FORMS_NO_GLPK, (size_t[]){1, 2, 3, 8, 30}[rnd(5)]);
		double gap[2];
		size_t gap_pairs[2];
		int unproven = 1;
		for (int k = 0; k < 2 && unproven; k++) {
			memcpy(out, out0, sizeof out);
			nv_solution *s = solve_grown(&in, &pr, out, &p);
			unproven = !s->proven;
			if (unproven) {
				asg_val v = asg_value(&pr.a, s->chosen, s->n_chosen);
				offer_left_out(s, &in, out, k ? &pr : NULL);
				assert_within_gap(&in.a, v, best, s->gap, s->gap_pairs);
				gap[k] = s->gap;
				gap_pairs[k] = s->gap_pairs;
			}
			nv_solution_free(s);
		}
		if (!unproven)
			continue;
		n_offered++;
		assert_true(gap_pairs[1] <= gap_pairs[0]);
		assert_true(gap[1] <= gap[0] + 1e-9 || gap_pairs[1] < gap_pairs[0]);
		n_narrower += gap[1] < gap[0] - 1e-9 || gap_pairs[1] < gap_pairs[0];
	}
	print_message("unproven %zu, narrower with the prices searched again %zu\n", n_offered,
	              n_narrower);
	assert_true(n_offered > 30);
	assert_true(n_narrower >= 10);
}

/* GLPK's reduced model on a within a budget of nodes, from hint (may be
 * NULL), with no deadline. */
static int red_budget(const nv_asg *a, const uint8_t *hint, size_t budget, uint8_t *chosen,
                      nv_ilp_stats *st)
{
	char msg[200];
	int timed_out = 0;
	return nv_ilp_solve_reduced_budget(a, hint, 0, budget, chosen, &timed_out, st, msg,
	                                   sizeof msg);
}

/* The bound a budget-stopped run of GLPK's reduced model left (st) against
 * GLPK's optimum of the stage it stopped in (best: the whole problem's):
 * the count; the total at the count, which it proved; score: the total.
 * The total's LP bound over every pair (lp_stage 1) is checked the same
 * way. 1 when the answer (chosen) is short of that optimum. */
static int assert_stop_bound_holds(const nv_asg *a, asg_val best, const uint8_t *chosen,
                                   const nv_ilp_stats *st, uint64_t seed)
{
	uint32_t sel[MIDE];
	size_t n = 0;
	for (size_t e = 0; e < a->n_edges; e++)
		if (chosen[e])
			sel[n++] = (uint32_t)e;
	asg_val v = asg_value(a, sel, n);
	int cover = a->objective == NV_OBJ_COVERAGE;
	if (cover && (st->stop_stage == 1 || st->lp_stage == 1))
		assert_int_equal(st->count, best.x);
	if (st->lp_stage == 1 && st->lp_bound + 1e-6 < (double)(cover ? best.y : best.x))
		fail_msg("seed %d: the total's LP bound %.3f is below the optimum %lld", (int)seed,
		         st->lp_bound, (long long)(cover ? best.y : best.x));
	int64_t want = best.x, got = v.x;
	if (st->stop_stage == 1 && cover) {
		want = best.y;
		got = v.y;
	}
	if (st->stop_stage >= 0 && st->stop_bound + 1e-6 < (double)want)
		fail_msg("seed %d: stage %d stopped with bound %.3f below the optimum %lld",
		         (int)seed, st->stop_stage, st->stop_bound, (long long)want);
	return got < want;
}

/* Stopped by a budget of a few nodes in a branch and cut over every pair
 * that may beat its answer, GLPK's reduced model leaves the best bound of
 * the nodes still open: never below GLPK's optimum of that stage,
 * including where the answer it returns is short of that optimum. Seeds
 * 1000-2200. */
static void reduced_model_bound_past_its_node_budget_holds(void **state)
{
	(void)state;
	int bounded = 0, short_of = 0;
	static mid in;
	for (uint64_t seed = 1000; seed <= 2200; seed++) {
		asg_val best;
		if (!mid_solved(&in, seed, &best))
			continue;
		uint8_t chosen[MIDE + 1];
		nv_ilp_stats st;
		size_t budget = (size_t[]){2, 3, 5, 8}[seed % 4];
		if (red_budget(&in.a, NULL, budget, chosen, &st) != NV_OK || st.stop_stage < 0)
			continue;
		assert_true(st.budget && st.unproven);
		short_of += assert_stop_bound_holds(&in.a, best, chosen, &st, seed);
		bounded++;
	}
	print_message("bounded %d, short of the optimum %d\n", bounded, short_of);
	assert_true(bounded >= 35);  /* 42; 22 with the restricted set taking the whole budget */
	assert_true(short_of >= 10); /* 19; 3 */
}

/* Started from an answer, GLPK's reduced model gives the restricted set's
 * branch and cut half of its node budget and the one over every pair that
 * may beat its answer the rest, so a run its budget stops leaves a bound
 * (all but a run whose budget ran out exactly as a stage ended), and it
 * holds; so does the total's LP bound over every pair. The start: what a
 * budget of one node gave. Seeds 1000-2200. */
static void reduced_model_from_an_answer_leaves_a_bound(void **state)
{
	(void)state;
	int stopped = 0, bounded = 0, lp = 0, short_of = 0;
	static mid in;
	for (uint64_t seed = 1000; seed <= 2200; seed++) {
		asg_val best;
		if (!mid_solved(&in, seed, &best))
			continue;
		uint8_t start[MIDE + 1], chosen[MIDE + 1];
		nv_ilp_stats st;
		if (red_budget(&in.a, NULL, 1, start, &st) != NV_OK)
			continue;
		size_t budget = (size_t[]){1, 2, 3, 5, 8}[seed % 5];
		assert_int_equal(red_budget(&in.a, start, budget, chosen, &st), NV_OK);
		assert_true(st.hint_used);
		if (!st.budget)
			continue;
		stopped++;
		bounded += st.stop_stage >= 0;
		lp += st.lp_stage == 1;
		short_of += assert_stop_bound_holds(&in.a, best, chosen, &st, seed);
	}
	print_message("stopped by the budget %d, with a bound %d, the total's LP bound %d, short "
	              "of the optimum %d\n",
	              stopped, bounded, lp, short_of);
	assert_true(stopped >= 80);          /* 95 */
	assert_true(bounded >= stopped - 2); /* 95 */
	assert_true(lp >= 40);               /* 53 */
}

/* GLPK's reduced model stopped by a budget of a few nodes: where it had
 * proven the count and was in the total's branch and cut over every pair
 * that may beat its answer, the bound it left states the gap when that is
 * tighter than the Lagrangian's, and says so; it holds against GLPK's
 * optimum of the whole problem, with pairs left out of the problem and
 * offered as the engine does (one that may be in a better answer voids
 * GLPK's bound: it never saw that pair). Seeds 1000-1400. */
static void glpk_bound_at_its_node_budget_holds(void **state)
{
	(void)state;
	size_t n_unproven = 0, n_glpk = 0;
	static mid in, pr;
	for (uint64_t seed = 1000; seed <= 1400; seed++) {
		asg_val best;
		if (!mid_solved(&in, seed, &best))
			continue;
		uint8_t out[MIDE];
		mark_left_out(&in, out, seed, 7);
		if (rnd(3) == 0)
			memset(out, 0, sizeof out); /* every pair in the problem */
		nv_solve_params p = mid_params(0, (size_t[]){1, 2, 3}[rnd(3)]);
		nv_forms_red_nodes = (size_t[]){1, 2, 4, 8}[rnd(4)];
		nv_solution *s = solve_grown(&in, &pr, out, &p);
		nv_forms_red_nodes = NV_FORMS_RED_NODES;
		if (s->proven) {
			nv_solution_free(s);
			continue;
		}
		n_unproven++;
		asg_val v = asg_value(&pr.a, s->chosen, s->n_chosen);
		offer_left_out(s, &in, out, &pr);
		assert_within_gap(&in.a, v, best, s->gap, s->gap_pairs);
		n_glpk += strstr(s->proof, "GLPK's bound") != NULL;
		nv_solution_free(s);
	}
	print_message("unproven %zu, gap from GLPK's bound %zu\n", n_unproven, n_glpk);
	assert_true(n_glpk >= 20); /* 32; 7 with the restricted set taking the whole budget */
}

/* Maximin by the form search, its total unproven (a node limit, no GLPK)
 * after the count and the threshold were proven: as the engine does, a
 * pruned problem grows by the pairs the searches flag, then the pairs
 * still left out are offered to the answer. The total's gap then comes
 * from the last search's Lagrangian bound where that is tighter, says so,
 * and holds against GLPK's optimum of the whole problem. Seeds 1000-1600. */
static void maximin_total_gap_from_the_lagrangian_holds(void **state)
{
	(void)state;
	size_t n_total = 0, n_tighter = 0;
	static mid in, pr;
	for (uint64_t seed = 1000; seed <= 1600; seed++) {
		mid_inst(&in, seed);
		in.a.objective = NV_OBJ_MAXIMIN;
		in.a.minimize = 0;
		asg_val best;
		if (!mid_glpk_best(&in, &best))
			continue;
		uint8_t out[MIDE];
		mark_left_out(&in, out, seed, 5);
		nv_solve_params p = mid_params(NV_FORMS_NO_GLPK, (size_t[]){1, 2, 3, 8}[rnd(4)]);
		nv_solution *s = solve_grown(&in, &pr, out, &p);
		asg_val v = asg_value(&pr.a, s->chosen, s->n_chosen);
		const char *t = strstr(s->proof, "the threshold proven");
		if (s->proven || !t || !strstr(t, "then the total not proven") || s->gap_pairs) {
			nv_solution_free(s);
			continue;
		}
		n_total++;
		double g0 = s->gap;
		offer_left_out(s, &in, out, &pr);
		assert_int_equal(s->gap_pairs, 0);
		assert_true(s->gap <= g0 + 1e-9);
		assert_int_equal(v.x, best.x);
		assert_int_equal(v.y, best.y);
		assert_true(v.z <= best.z);
		assert_true(v.z >= best.z - llround(s->gap * 1e6));
		int named = strstr(s->proof, "(Lagrangian bound)") != NULL;
		assert_int_equal(named, s->gap < g0 - 1e-9);
		n_tighter += named;
		nv_solution_free(s);
	}
	print_message("total unproven %zu, Lagrangian tighter %zu\n", n_total, n_tighter);
	assert_true(n_total >= 20);
	assert_true(2 * n_tighter > n_total);
}

/* The same for maximin by the form search (count, threshold and total
 * each priced by their own search). */
static void maximin_pricing_of_left_out_pairs_keeps_the_optimum(void **state)
{
	(void)state;
	size_t n_cleared = 0, n_flagged = 0;
	for (uint64_t seed = 1; seed <= 1500; seed++) {
		inst in, pr;
		random_inst(&in, seed);
		in.a.objective = NV_OBJ_MAXIMIN;
		asg_best b;
		asg_brute_best(&in.a, &b);
		if (!b.found)
			continue;
		uint8_t out[MAXE];
		prune(&in, &pr, out, seed);
		nv_solution *s = NULL;
		int rc = solve_kind(&pr.a, NV_SOLVER_AUTO, 1, &s);
		if (rc != NV_OK || !strstr(s->proof, "maximin under one form")) {
			nv_solution_free(s);
			continue;
		}
		asg_val v = asg_value(&pr.a, s->chosen, s->n_chosen);
		if (flagged_of(&in, out, s, &pr.a) == 0) {
			if (v.x != b.best.x || v.y != b.best.y || v.z != b.best.z)
				print_error("seed %llu: pruned (%lld, %lld, %lld), whole (%lld, "
				            "%lld, %lld)\n",
				            (unsigned long long)seed, (long long)v.x, (long long)v.y,
				            (long long)v.z, (long long)b.best.x, (long long)b.best.y,
				            (long long)b.best.z);
			assert_int_equal(v.x, b.best.x);
			assert_int_equal(v.y, b.best.y);
			assert_int_equal(v.z, b.best.z);
			n_cleared++;
		} else {
			n_flagged++;
		}
		nv_solution_free(s);
	}
	assert_true(n_cleared > 20);
	assert_true(n_flagged > 20);
}

/* Maximin by the form search stopped by a node limit (no GLPK): its proof
 * says what left the threshold or the total unproven, the search budget,
 * not "budget or time limit". */
static void maximin_proof_names_what_stopped_it(void **state)
{
	(void)state;
	static mid in;
	size_t n_named = 0;
	for (uint64_t seed = 1000; seed < 1040; seed++) {
		mid_inst(&in, seed);
		in.a.objective = NV_OBJ_MAXIMIN;
		in.a.minimize = 0;
		nv_solve_params p;
		nv_solve_params_init(&p);
		p.threads = 1;
		p.node_limit = 1;
		p.quick = NV_FORMS_NO_GLPK;
		nv_solution *s = NULL;
		int rc = nv_asg_solve(&in.a, &p, &s);
		if (rc == NV_OK && strstr(s->proof, "maximin under one form")) {
			assert_null(strstr(s->proof, "budget or time limit"));
			const char *t = strstr(s->proof, "then the total not proven");
			if (t) {
				assert_non_null(strstr(t, "not proven: search budget reached ("));
				assert_null(strstr(s->proof, "))"));
				n_named++;
			}
		}
		nv_solution_free(s);
	}
	assert_true(n_named >= 3);
}

/* The held search (an answer still unproven past the node limit): with
 * three mentors left free, the answer is never worse than the search's
 * without it, keeps every rule, stays within its gap of GLPK's optimum and
 * unproven, and says so in its proof, with its passes down the order when
 * more than one ran; on some instances it is better, on some it reaches
 * the optimum. Seeds 1000-1100, node limit 1. */
static void held_search_improves_an_unproven_answer(void **state)
{
	(void)state;
	static mid in;
	size_t n_unproven = 0, n_better = 0, n_optimal = 0, n_passes = 0;
	for (uint64_t seed = 1000; seed <= 1100; seed++) {
		asg_val best;
		if (!mid_solved(&in, seed, &best))
			continue;
		nv_solution *s[2] = {NULL, NULL};
		for (int k = 0; k < 2; k++) {
			nv_solve_params p;
			nv_solve_params_init(&p);
			p.threads = 1;
			p.node_limit = 1;
			p.quick = k ? NV_FORMS_HOLD : NV_FORMS_NO_GLPK;
			p.hold_free = 3;
			assert_int_equal(nv_asg_solve(&in.a, &p, &s[k]), NV_OK);
		}
		asg_val v0 = asg_value(&in.a, s[0]->chosen, s[0]->n_chosen);
		asg_val v1 = asg_value(&in.a, s[1]->chosen, s[1]->n_chosen);
		char msg[256];
		assert_int_equal(nv_asg_check(&in.a, s[1]->chosen, s[1]->n_chosen, msg, sizeof msg),
		                 NV_OK);
		assert_int_equal(s[1]->proven, s[0]->proven);
		if (s[0]->proven) {
			assert_true(asg_val_eq(v1, v0));
		} else {
			n_unproven++;
			assert_false(asg_val_less(v1, v0));
			assert_false(asg_val_less(best, v1));
			assert_within_gap(&in.a, v1, best, s[1]->gap, s[1]->gap_pairs);
			if (strstr(s[0]->proof, "search budget reached"))
				assert_non_null(strstr(s[1]->proof, "mentors held to their forms)"));
			const char *ps = strstr(s[1]->proof, " windows over ");
			if (ps) {
				size_t np = 0;
				assert_int_equal(sscanf(ps, " windows over %zu passes with all but", &np), 1);
				assert_true(np >= 2);
				n_passes++;
			}
			n_better += asg_val_less(v0, v1);
			n_optimal += asg_val_less(v0, best) && asg_val_eq(v1, best);
		}
		nv_solution_free(s[0]);
		nv_solution_free(s[1]);
	}
	print_message("unproven %zu, better %zu, optimal %zu, passes %zu\n", n_unproven, n_better,
	              n_optimal, n_passes);
	assert_true(n_unproven > 20);
	assert_true(n_passes > 0);
	/* one window alone: 20 better, 7 optimal; one pass down the order:
	 * 25, 10; passes with the windows moved: 27, 13 */
	assert_true(n_better >= 26);
	assert_true(n_optimal >= 12);
}

typedef struct seen {
	size_t n;
	double last;
	int backwards;
} seen;

static void note_progress(void *ud, double done)
{
	seen *v = ud;
	v->backwards |= done < v->last || done < 0 || done > 1;
	v->last = done;
	v->n++;
}

/* Progress of the search (nv_solve_params.progress): called, only forward
 * and within [0, 1], past 0.6 once the held search ran (one component,
 * all the work); never for the quick searches (their shares would
 * restart); the answer the same with it as without. Maximin's searches
 * share one scale, forward too. */
static void search_reports_its_progress(void **state)
{
	(void)state;
	static mid in;
	size_t n_held = 0, n_called = 0;
	for (uint64_t seed = 1000; seed <= 1040; seed++) {
		mid_inst(&in, seed);
		for (int quick = 0; quick < 2; quick++) {
			seen v = {0};
			nv_solution *s[2] = {NULL, NULL};
			int rc[2];
			for (int k = 0; k < 2; k++) {
				nv_solve_params p;
				nv_solve_params_init(&p);
				p.threads = 1;
				p.node_limit = 1;
				p.quick = quick ? 2 : NV_FORMS_HOLD;
				p.hold_free = 3;
				if (k) {
					p.progress = note_progress;
					p.progress_ud = &v;
				}
				rc[k] = nv_asg_solve(&in.a, &p, &s[k]);
			}
			assert_int_equal(rc[0], rc[1]);
			if (rc[0] == NV_OK) {
				assert_int_equal(s[0]->n_chosen, s[1]->n_chosen);
				assert_memory_equal(s[0]->chosen, s[1]->chosen,
				                    s[0]->n_chosen * sizeof *s[0]->chosen);
			}
			assert_false(v.backwards);
			if (quick) {
				assert_int_equal(v.n, 0);
			} else if (rc[1] == NV_OK && strstr(s[1]->proof, "held to their forms")) {
				assert_true(v.n > 0);
				if (s[1]->n_components == 1) { /* the whole share is its */
					assert_true(v.last > 0.6);
					n_held++;
				}
			}
			n_called += v.n > 0;
			nv_solution_free(s[0]);
			nv_solution_free(s[1]);
		}
	}
	print_message("held %zu, reported %zu\n", n_held, n_called);
	assert_true(n_held >= 5);
	/* maximin's several searches on one scale, still only forward */
	size_t n_maximin = 0;
	for (uint64_t seed = 1000; seed <= 1040; seed++) {
		mid_inst(&in, seed);
		in.a.objective = NV_OBJ_MAXIMIN;
		in.a.minimize = 0;
		seen v = {0};
		nv_solve_params p;
		nv_solve_params_init(&p);
		p.threads = 1;
		p.node_limit = 1;
		p.progress = note_progress;
		p.progress_ud = &v;
		nv_solution *s = NULL;
		int rc = nv_asg_solve(&in.a, &p, &s);
		assert_false(v.backwards);
		if (rc == NV_OK && strstr(s->proof, "maximin under one form") && v.n > 0) {
			assert_true(v.last < 1);
			n_maximin++;
		}
		nv_solution_free(s);
	}
	print_message("maximin reported %zu\n", n_maximin);
	assert_true(n_maximin >= 5);
}

static nv_solution *solve_quick2(const nv_asg *a)
{
	nv_solve_params p;
	nv_solve_params_init(&p);
	p.threads = 1;
	p.quick = 2;
	nv_solution *s = NULL;
	assert_int_equal(nv_asg_solve(a, &p, &s), NV_OK);
	return s;
}

/* Quick 2 with a hint (the engine's growing rounds pass the last round's
 * answer): a hint that keeps every constraint is the answer where the
 * rule binds, and the duals that price left-out pairs are the same as
 * without it; one that breaks a constraint is ignored. */
static void quick_rounds_take_a_feasible_hint_and_keep_the_duals(void **state)
{
	(void)state;
	size_t n_taken = 0, n_ignored = 0; /* 36 and 517 of these seeds */
	for (uint64_t seed = 1; seed <= 3000; seed++) {
		inst in;
		random_inst(&in, seed);
		nv_asg *a = &in.a;
		asg_val best;
		if (!asg_brute(a, &best))
			continue;
		nv_solution *s0 = solve_quick2(a);
		if (!strstr(s0->proof, "branch and bound")) {
			nv_solution_free(s0);
			continue; /* the rule does not bind: no search, no hint */
		}
		/* the fixed pairs alone: feasible, worth less than the dive's */
		uint8_t hint[MAXE] = {0};
		for (size_t e = 0; e < a->n_edges; e++)
			hint[e] = (nv_asg_flags(a, e) & NV_EDGE_FIXED) != 0;
		a->hint = hint;
		nv_solution *s1 = solve_quick2(a);
		char msg[128] = "";
		assert_int_equal(nv_asg_check(a, s1->chosen, s1->n_chosen, msg, sizeof msg), NV_OK);
		/* one component left unproven by the quick search: its answer is
		 * the hint (a root that keeps the rule is the answer, proven) */
		if (!s1->proven && s1->n_components == 1) {
			for (size_t k = 0; k < s1->n_chosen; k++)
				assert_true(hint[s1->chosen[k]]);
			n_taken++;
		}
		for (size_t e = 0; e < a->n_edges; e++)
			for (int up = 0; up < 2; up++) {
				double sc = a->score[e] + 0.3 * up;
				uint32_t f = a->form ? a->form[e] : 0;
				assert_int_equal(
				        nv_solution_could_improve(s0, a, a->mentor[e], a->mentee[e], f, sc),
				        nv_solution_could_improve(s1, a, a->mentor[e], a->mentee[e], f, sc));
			}
		/* every pair at once: mentees twice over, ignored */
		memset(hint, 1, a->n_edges);
		nv_solution *s2 = solve_quick2(a);
		assert_int_equal(s2->n_chosen, s0->n_chosen);
		assert_memory_equal(s2->chosen, s0->chosen, s0->n_chosen * sizeof *s0->chosen);
		n_ignored++;
		a->hint = NULL;
		nv_solution_free(s0);
		nv_solution_free(s1);
		nv_solution_free(s2);
	}
	assert_true(n_taken > 10);
	assert_true(n_ignored > 20);
}

/* The proof names the branch and bound and the answer keeps the rule. */
static void proof_names_the_branch_and_bound(void **state)
{
	(void)state;
	uint32_t mentor[] = {0, 0, 1};
	uint32_t mentee[] = {0, 1, 1};
	uint32_t form[] = {0, 1, 0};
	double score[] = {0.9, 0.8, 0.3};
	int32_t cap[] = {2, 1};
	nv_asg a = {.n_mentors = 2, .n_mentees = 2, .n_edges = 3, .n_forms = 2,
	            .mentor = mentor, .mentee = mentee, .score = score, .form = form,
	            .capacity = cap, .one_form_per_mentor = 1,
	            .objective = NV_OBJ_COVERAGE};
	nv_solution *s = NULL;
	assert_int_equal(nv_asg_solve(&a, NULL, &s), NV_OK);
	assert_non_null(strstr(s->proof, "branch and bound over the mentors' forms, "));
	assert_non_null(strstr(s->proof, " branched on, "));
	assert_true(s->proven);
	assert_int_equal(s->n_chosen, 2);
	assert_int_equal(s->chosen[0], 0);
	assert_int_equal(s->chosen[1], 2);
	nv_solution_free(s);
}

/* Four mid instances side by side (mentors and mentees apart, their pairs
 * taken in turn), under one objective. */
enum {
	UNIONS = 4
};
typedef struct munion {
	nv_asg a;
	uint32_t mentor[UNIONS * MIDE], mentee[UNIONS * MIDE], form[UNIONS * MIDE];
	double score[UNIONS * MIDE];
	uint8_t flags[UNIONS * MIDE];
	int32_t cap[UNIONS * MIDR];
} munion;

static void union_inst(munion *u, uint64_t seed)
{
	static mid in[UNIONS];
	memset(u, 0, sizeof *u);
	size_t at[UNIONS] = {0}, left = 0;
	uint32_t m0[UNIONS], e0[UNIONS];
	for (int k = 0; k < UNIONS; k++) {
		mid_inst(&in[k], 1000 + seed * UNIONS + (uint64_t)k);
		m0[k] = (uint32_t)u->a.n_mentors;
		e0[k] = (uint32_t)u->a.n_mentees;
		for (size_t m = 0; m < in[k].a.n_mentors; m++)
			u->cap[m0[k] + m] = in[k].cap[m];
		u->a.n_mentors += in[k].a.n_mentors;
		u->a.n_mentees += in[k].a.n_mentees;
		if (in[k].a.n_forms > u->a.n_forms)
			u->a.n_forms = in[k].a.n_forms;
		left += in[k].a.n_edges;
	}
	while (left > 0)
		for (int k = 0; k < UNIONS; k++) {
			if (at[k] == in[k].a.n_edges)
				continue;
			size_t e = u->a.n_edges++, f = at[k]++;
			u->mentor[e] = m0[k] + in[k].mentor[f];
			u->mentee[e] = e0[k] + in[k].mentee[f];
			u->score[e] = in[k].score[f];
			u->form[e] = in[k].form[f];
			u->flags[e] = in[k].flags[f];
			left--;
		}
	WIRE_ONE_FORM(u);
	u->a.objective = seed % 2 ? NV_OBJ_SCORE : NV_OBJ_COVERAGE;
}

/* Components where the rule binds are searched on the threads given, the
 * largest first: the same answer, gap, proof and progress (forward only)
 * on 1, 2 and 3 threads, with the search's default budget and with a
 * budget of one node (held searches, answers unproven). */
static void components_searched_on_threads_give_the_same_answer(void **state)
{
	(void)state;
	static munion u;
	size_t n_several = 0, n_unproven = 0;
	for (uint64_t seed = 1; seed <= 12; seed++) {
		union_inst(&u, seed);
		size_t binds = 0; /* components searched, as the first proof says */
		for (int budget = 0; budget < 2; budget++) {
			nv_solution *s[3] = {NULL, NULL, NULL};
			int rc[3];
			for (int t = 0; t < 3; t++) {
				seen v = {0};
				nv_solve_params p;
				nv_solve_params_init(&p);
				p.threads = 1 + t;
				if (budget) {
					p.node_limit = 1;
					p.quick = NV_FORMS_HOLD;
					p.hold_free = 3;
				}
				p.progress = note_progress;
				p.progress_ud = &v;
				rc[t] = nv_asg_solve(&u.a, &p, &s[t]);
				assert_false(v.backwards);
			}
			for (int t = 1; t < 3; t++) {
				assert_int_equal(rc[t], rc[0]);
				if (rc[0] != NV_OK)
					continue;
				assert_int_equal(s[t]->n_chosen, s[0]->n_chosen);
				assert_memory_equal(s[t]->chosen, s[0]->chosen,
				                    s[0]->n_chosen * sizeof *s[0]->chosen);
				assert_true(s[t]->gap == s[0]->gap);
				assert_int_equal(s[t]->gap_pairs, s[0]->gap_pairs);
				assert_int_equal(s[t]->proven, s[0]->proven);
				assert_string_equal(s[t]->proof, s[0]->proof);
			}
			const char *b = rc[0] == NV_OK ? strstr(s[0]->proof, "binds in ") : NULL;
			if (!budget && b)
				binds = (size_t)strtoul(b + 9, NULL, 10);
			n_several += !budget && binds >= 2;
			n_unproven += budget && binds >= 2 && rc[0] == NV_OK && !s[0]->proven;
			for (int t = 0; t < 3; t++)
				nv_solution_free(s[t]);
		}
	}
	print_message("several searched %zu, unproven %zu\n", n_several, n_unproven);
	assert_true(n_several >= 8);
	assert_true(n_unproven >= 6);
}

/* The default safety net: 600 s up to 1.5 million pairs, then 600 s for
 * each 1.5 million (a generated city's 7.4 million get about 2,940 s). */
static void default_time_limit_grows_with_the_pairs(void **state)
{
	(void)state;
	assert_true(nv_time_limit_default(0) == 600.0);
	assert_true(nv_time_limit_default(764585) == 600.0);
	assert_true(nv_time_limit_default(1500000) == 600.0);
	assert_true(nv_time_limit_default(3000000) == 1200.0);
	double city = nv_time_limit_default(7360185);
	assert_true(city > 2943 && city < 2945);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(bb_agrees_with_brute_force_glpk_and_threads),
	        cmocka_unit_test(node_limit_and_reduced_costs_keep_the_optimum),
	        cmocka_unit_test(past_the_reduced_models_limit_the_full_model_keeps_the_optimum),
	        cmocka_unit_test(region_search_keeps_the_optimum_and_improves_the_dives),
	        cmocka_unit_test(proof_names_the_branch_and_bound),
	        cmocka_unit_test(time_limit_returns_a_checked_answer_within_its_gap),
	        cmocka_unit_test(repair_incumbent_is_feasible_and_within_its_gap),
	        cmocka_unit_test(pricing_left_out_pairs_with_the_form_duals_keeps_the_optimum),
	        cmocka_unit_test(lagrangian_gap_holds_for_the_whole_problem),
	        cmocka_unit_test(repriced_lagrangian_gap_holds_and_is_no_wider),
	        cmocka_unit_test(reduced_model_bound_past_its_node_budget_holds),
	        cmocka_unit_test(reduced_model_from_an_answer_leaves_a_bound),
	        cmocka_unit_test(glpk_bound_at_its_node_budget_holds),
	        cmocka_unit_test(maximin_total_gap_from_the_lagrangian_holds),
	        cmocka_unit_test(maximin_by_the_form_search_agrees_with_brute_force),
	        cmocka_unit_test(maximin_pricing_of_left_out_pairs_keeps_the_optimum),
	        cmocka_unit_test(default_time_limit_grows_with_the_pairs),
	        cmocka_unit_test(maximin_proof_names_what_stopped_it),
	        cmocka_unit_test(held_search_improves_an_unproven_answer),
	        cmocka_unit_test(search_reports_its_progress),
	        cmocka_unit_test(components_searched_on_threads_give_the_same_answer),
	        cmocka_unit_test(quick_rounds_take_a_feasible_hint_and_keep_the_duals),
	};
	return cmocka_run_group_tests_name("solver_forms", tests, NULL, NULL);
}
