/* test_solver_quota.c (the reduced quota ILP: brute force with binding
 * quotas for each objective, pricing that must add pairs, reduced-cost
 * fixing that drops them, infeasible quotas) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "solver.h"
#include "asg_brute.h"
#include "cli_dir.h"
#include "solverint.h"

/* --- helpers ------------------------------------------------------------ */

enum { MAXE = 48, MAXM = 8, MAXF = 3 };

typedef struct inst {
	nv_asg a;
	uint32_t mentor[MAXE], mentee[MAXE], form[MAXE];
	double score[MAXE];
	uint8_t flags[MAXE];
	int32_t cap[MAXM], qmin[MAXF], qmax[MAXF];
} inst;

static uint64_t rng_state;
static uint32_t rnd(uint32_t n)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)((rng_state >> 33) % n);
}

static void wire(inst *in)
{
	ASG_WIRE(in);
	in->a.form_min = in->qmin;
	in->a.form_max = in->qmax;
}

/* A random tiny instance, then quotas made to bind against its
 * unconstrained optimum: one form held below what that optimum takes,
 * another pushed above it (either may make it infeasible). Ties are common
 * on purpose. *binding gets 1 for a max, 2 for a min, 3 both. */
static void random_inst(inst *in, uint64_t seed, int *binding)
{
	static const double scores[] = {0.1, 0.25, 0.5, 0.75, 0.9, 1.0, 0.333333, 0.6};
	memset(in, 0, sizeof *in);
	rng_state = seed * 2654435761u + 11;
	nv_asg *a = &in->a;
	a->n_mentors = 2 + rnd(3);
	a->n_mentees = 3 + rnd(5);
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
			in->flags[e] = r < 4 ? NV_EDGE_FIXED : r < 10 ? NV_EDGE_FORBIDDEN : 0;
		}
	for (uint32_t m = 0; m < a->n_mentors; m++)
		in->cap[m] = (int32_t)rnd(4);
	for (uint32_t f = 0; f < MAXF; f++)
		in->qmin[f] = in->qmax[f] = -1;
	wire(in);
	a->one_form_per_mentor = rnd(3) == 0;
	a->objective = (nv_objective)rnd(3);
	a->minimize = rnd(5) == 0;

	*binding = 0;
	asg_best b;
	if (!asg_brute_best(a, &b))
		return;
	int count[MAXF] = {0};
	for (size_t k = 0; k < b.n; k++)
		count[in->form[b.ch[k]]]++;
	uint32_t f1 = rnd((uint32_t)a->n_forms), f2 = (f1 + 1) % (uint32_t)a->n_forms;
	if (count[f1] > 0) {
		in->qmax[f1] = count[f1] - 1;
		*binding |= 1;
	}
	in->qmin[f2] = count[f2] + 1;
	*binding |= 2;
}

static int solve_reduced(const nv_asg *a, const uint8_t *hint, uint8_t *chosen,
                         nv_ilp_stats *st)
{
	char msg[200];
	int timed_out = 0;
	int rc = nv_ilp_solve_reduced(a, hint, 0, chosen, &timed_out, st, msg, sizeof msg);
	assert_int_equal(timed_out, 0);
	return rc;
}

/* --- tests -------------------------------------------------------------- */

static void reduced_ilp_matches_brute_force_with_binding_quotas(void **state)
{
	(void)state;
	int feasible_both[3] = {0}, infeasible = 0;
	for (int seed = 0; seed < 400; seed++) {
		inst in;
		int binding;
		random_inst(&in, (uint64_t)seed, &binding);
		const nv_asg *a = &in.a;
		asg_best b;
		int feasible = asg_brute_best(a, &b);
		uint8_t chosen[MAXE + 1], hint[MAXE + 1] = {0};
		nv_ilp_stats st;
		/* A hint that breaks the quotas only seeds the restricted set. */
		for (size_t e = 0; e < a->n_edges; e++)
			hint[e] = (uint8_t)(rnd(3) == 0 && !(in.flags[e] & NV_EDGE_FORBIDDEN));
		for (int h = 0; h < 2; h++) {
			int rc = solve_reduced(a, h ? hint : NULL, chosen, &st);
			if (!feasible) {
				if (rc != NV_EINFEAS)
					fail_msg("seed %d: infeasible, reduced ILP said %d", seed, rc);
				continue;
			}
			if (rc != NV_OK)
				fail_msg("seed %d hint %d: rc %d", seed, h, rc);
			asg_val v = asg_value_bytes(a, chosen);
			if (!asg_val_eq(v, b.best))
				fail_msg("seed %d hint %d obj %d min %d: (%lld,%lld,%lld) vs brute "
				         "(%lld,%lld,%lld)",
				         seed, h, a->objective, a->minimize, (long long)v.x,
				         (long long)v.y, (long long)v.z, (long long)b.best.x,
				         (long long)b.best.y, (long long)b.best.z);
		}
		/* The whole solver, both kinds that may take the ILP. */
		for (int kind = NV_SOLVER_AUTO; kind <= NV_SOLVER_GLPK; kind += 2) {
			nv_solve_params p;
			nv_solve_params_init(&p);
			p.kind = (nv_solver_kind)kind;
			nv_solution *s = NULL;
			int rc = nv_asg_solve(a, &p, &s);
			if (!feasible) {
				assert_int_equal(rc, NV_EINFEAS);
				assert_true(s->n_conflicts > 0);
			} else {
				if (rc != NV_OK)
					fail_msg("seed %d kind %d: rc %d (%s)", seed, kind, rc, s->proof);
				asg_val v = asg_value(a, s->chosen, s->n_chosen);
				if (!asg_val_eq(v, b.best))
					fail_msg("seed %d kind %d: not the brute-force optimum", seed, kind);
				assert_true(s->proven);
			}
			nv_solution_free(s);
		}
		if (feasible && binding == 3)
			feasible_both[a->objective]++;
		infeasible += !feasible;
	}
	/* The test means something: every objective met feasible instances
	 * with both quotas binding, and some instances were infeasible. */
	for (int o = 0; o < 3; o++)
		assert_true(feasible_both[o] >= 10);
	assert_true(infeasible >= 10);
}

/* When every pair that is free to choose has the same value (maximin's
 * count searches), the count stage's proven answer is the total's too:
 * both GLPK paths stop after it (a total stage would search every pair
 * again, since reduced costs cannot tell equal pairs apart: minutes on a
 * school) and their answers still match brute force. Fixed pairs may
 * score anything. */
static void equal_values_need_the_count_stage_alone(void **state)
{
	(void)state;
	int checked = 0;
	for (int seed = 0; seed < 300; seed++) {
		inst in;
		int binding;
		random_inst(&in, (uint64_t)seed + 5000, &binding);
		nv_asg *a = &in.a;
		a->objective = NV_OBJ_COVERAGE;
		a->minimize = 0;
		for (size_t e = 0; e < a->n_edges; e++)
			if (!(in.flags[e] & NV_EDGE_FIXED))
				in.score[e] = 1.0;
		asg_best b;
		int feasible = asg_brute_best(a, &b);
		uint8_t chosen[MAXE + 1];
		nv_ilp_stats st;
		int rc = solve_reduced(a, NULL, chosen, &st);
		char msg[200];
		int timed_out = 0;
		uint8_t until[MAXE + 1];
		int rc2 = nv_ilp_solve_until(a, 0, until, &timed_out, msg, sizeof msg);
		if (!feasible) {
			if (rc != NV_EINFEAS || rc2 != NV_EINFEAS)
				fail_msg("seed %d: infeasible, the ILPs said %d and %d", seed, rc, rc2);
			continue;
		}
		if (rc != NV_OK || rc2 != NV_OK)
			fail_msg("seed %d: rc %d and %d", seed, rc, rc2);
		asg_val v = asg_value_bytes(a, chosen), v2 = asg_value_bytes(a, until);
		if (!asg_val_eq(v, b.best) || !asg_val_eq(v2, b.best))
			fail_msg("seed %d: (%lld,%lld) and (%lld,%lld) vs brute (%lld,%lld)", seed,
			         (long long)v.x, (long long)v.y, (long long)v2.x, (long long)v2.y,
			         (long long)b.best.x, (long long)b.best.y);
		if (st.stages != 1 || st.unproven || strcmp(msg, "1 stage") != 0)
			fail_msg("seed %d: %d stages (reduced), '%s' (whole model), unproven %d", seed,
			         st.stages, msg, st.unproven);
		checked++;
	}
	assert_true(checked >= 100);
}

/* Without quotas or the one-form rule every stage's LP has an integral
 * optimum, so an optimal hint meets each stage's LP bound: no branch and
 * cut runs at all (one would only agree with the hint, on nodes of the
 * budget the next stage needs). A hint one pair short of the optimum is not
 * proven so, and the answer is the optimum either way. Under maximin only
 * the count stage starts from the hint. */
static void an_optimal_start_the_lp_proves_needs_no_branch_and_cut(void **state)
{
	(void)state;
	int shortened = 0, checked = 0;
	for (int seed = 0; seed < 300; seed++) {
		inst in;
		int binding;
		random_inst(&in, (uint64_t)seed + 9000, &binding);
		nv_asg *a = &in.a;
		a->one_form_per_mentor = 0;
		for (uint32_t f = 0; f < MAXF; f++)
			in.qmin[f] = in.qmax[f] = -1;
		asg_best b;
		if (!asg_brute_best(a, &b))
			continue;
		uint8_t hint[MAXE + 1] = {0}, chosen[MAXE + 1];
		for (size_t k = 0; k < b.n; k++)
			hint[b.ch[k]] = 1;
		for (int shorten = 0; shorten < 2; shorten++) {
			if (shorten) {
				/* drop the optimum's first pair that is not fixed */
				size_t k = 0;
				while (k < b.n && (in.flags[b.ch[k]] & NV_EDGE_FIXED))
					k++;
				if (k == b.n)
					break;
				hint[b.ch[k]] = 0;
			}
			nv_ilp_stats st;
			if (solve_reduced(a, hint, chosen, &st) != NV_OK)
				fail_msg("seed %d: the reduced ILP failed", seed);
			asg_val v = asg_value_bytes(a, chosen);
			if (!asg_val_eq(v, b.best))
				fail_msg("seed %d shorten %d: not the brute-force optimum", seed, shorten);
			assert_int_equal(st.hint_used, 1);
			int whole = a->objective != NV_OBJ_MAXIMIN;
			if (!shorten && ((whole && (st.lp_proved != st.stages || st.max_cols != 0)) ||
			                 st.lp_proved < 1))
				fail_msg("seed %d obj %d: %d of %d stages proven by the LP, an ILP of %zu "
				         "columns",
				         seed, a->objective, st.lp_proved, st.stages, st.max_cols);
			if (shorten && st.lp_proved == st.stages)
				fail_msg("seed %d: a hint short of the optimum proven by the LP", seed);
			shortened += shorten;
		}
		checked++;
	}
	assert_true(checked >= 200);
	assert_true(shortened >= 100);
}

/* Held to one node, GLPK's reduced model ends on its budget: with an
 * answer in hand (its best or the hint) that answer, meeting every
 * constraint and marked unproven; with none, NV_EFAIL. A proven answer is
 * the brute-force optimum. */
static void reduced_ilp_past_its_node_budget_keeps_its_best_answer(void **state)
{
	(void)state;
	int kept = 0, proven = 0;
	for (int seed = 0; seed < 400; seed++) {
		inst in;
		int binding;
		random_inst(&in, (uint64_t)seed, &binding);
		const nv_asg *a = &in.a;
		asg_best b;
		int feasible = asg_brute_best(a, &b);
		uint8_t chosen[MAXE + 1];
		nv_ilp_stats st;
		char msg[200];
		int timed_out = 0;
		int rc = nv_ilp_solve_reduced_budget(a, NULL, 0, 1, chosen, &timed_out, &st, msg,
		                                     sizeof msg);
		assert_int_equal(timed_out, 0);
		if (rc == NV_EFAIL) {
			assert_true(st.budget);
			continue;
		}
		if (!feasible) {
			assert_int_equal(rc, NV_EINFEAS);
			continue;
		}
		assert_int_equal(rc, NV_OK);
		uint32_t sel[MAXE];
		size_t n = 0;
		for (size_t e = 0; e < a->n_edges; e++)
			if (chosen[e])
				sel[n++] = (uint32_t)e;
		assert_int_equal(nv_asg_check(a, sel, n, msg, sizeof msg), NV_OK);
		asg_val v = asg_value(a, sel, n);
		if (st.unproven) {
			assert_true(st.budget);
			assert_false(asg_val_less(b.best, v));
			kept++;
		} else {
			if (!asg_val_eq(v, b.best))
				fail_msg("seed %d: proven but not the brute-force optimum", seed);
			proven++;
		}
	}
	/* both ends were met */
	assert_true(kept >= 5);
	assert_true(proven >= 5);
}

/* Three shared mentors hold every mentee's best pairs; the other mentees
 * can only be matched through their own weak mentor, a pair that is no
 * mentee's best: the restricted set starts without them (one pair per
 * mentee), and pricing must bring them in. */
static void pricing_adds_the_pairs_the_restricted_set_missed(void **state)
{
	(void)state;
	inst in;
	memset(&in, 0, sizeof in);
	nv_asg *a = &in.a;
	a->n_mentors = 8;
	a->n_mentees = 5;
	a->n_forms = 2;
	for (uint32_t i = 0; i < 5; i++) {
		for (uint32_t m = 0; m < 3; m++) {
			size_t e = a->n_edges++;
			in.mentor[e] = m;
			in.mentee[e] = i;
			in.score[e] = 0.9 - 0.1 * m;
			in.form[e] = 0;
		}
		size_t e = a->n_edges++;
		in.mentor[e] = 3 + i;
		in.mentee[e] = i;
		in.score[e] = 0.1;
		in.form[e] = 1;
	}
	for (uint32_t m = 0; m < 8; m++)
		in.cap[m] = 1;
	for (uint32_t f = 0; f < MAXF; f++)
		in.qmin[f] = in.qmax[f] = -1;
	in.qmax[0] = 3;
	in.qmin[1] = 1;
	wire(&in);
	for (int obj = 0; obj < 3; obj++) {
		a->objective = (nv_objective)obj;
		asg_best b;
		assert_true(asg_brute_best(a, &b));
		uint8_t chosen[MAXE + 1];
		nv_ilp_stats st;
		assert_int_equal(solve_reduced(a, NULL, chosen, &st), NV_OK);
		assert_true(asg_val_eq(asg_value_bytes(a, chosen), b.best));
		assert_int_equal(st.n_start, 5); /* the best pair of each mentee */
		assert_true(st.n_priced >= 2);    /* weak pairs priced in */
		size_t weak = 0;
		for (size_t e = 0; e < a->n_edges; e++)
			weak += chosen[e] && in.form[e] == 1;
		assert_int_equal(weak, 2);
	}
}

/* Over the random instances with binding quotas, the stages whose LP bound
 * does not prove the restricted answer at once drop pairs by reduced costs
 * and still reach the brute-force optimum. */
static void reduced_cost_fixing_drops_pairs_and_keeps_the_optimum(void **state)
{
	(void)state;
	size_t ruled_out = 0;
	for (int seed = 0; seed < 400; seed++) {
		inst in;
		int binding;
		random_inst(&in, (uint64_t)seed, &binding);
		asg_best b;
		if (!asg_brute_best(&in.a, &b))
			continue;
		uint8_t chosen[MAXE + 1];
		nv_ilp_stats st;
		assert_int_equal(solve_reduced(&in.a, NULL, chosen, &st), NV_OK);
		assert_true(asg_val_eq(asg_value_bytes(&in.a, chosen), b.best));
		ruled_out += st.n_ruled_out;
	}
	assert_true(ruled_out > 0);
}

/* The start for quotas under one form per mentor: whenever it gives an
 * answer, that answer keeps every constraint and is no better than the
 * brute-force optimum; it gives none on infeasible instances, it gives one
 * on most feasible ones (moving mentors into the forms a min_pairs needs),
 * and it is often optimal. */
static void quota_start_keeps_every_constraint(void **state)
{
	(void)state;
	int given = 0, optimal = 0;
	for (int seed = 0; seed < 1000; seed++) {
		inst in;
		int binding;
		random_inst(&in, (uint64_t)seed, &binding);
		nv_asg *a = &in.a;
		a->one_form_per_mentor = 1;
		asg_best b;
		int feasible = asg_brute_best(a, &b);
		uint8_t chosen[MAXE + 1], hint[MAXE + 1] = {0};
		for (size_t e = 0; e < a->n_edges; e++)
			hint[e] = (uint8_t)(rnd(3) == 0 && !(in.flags[e] & NV_EDGE_FORBIDDEN));
		int rc = nv_quota_start(a, seed % 2 ? hint : NULL, 10.0, chosen);
		if (rc != NV_OK)
			continue;
		if (!feasible)
			fail_msg("seed %d: a start for an infeasible instance", seed);
		uint32_t list[MAXE];
		size_t n = 0;
		for (size_t e = 0; e < a->n_edges; e++)
			if (chosen[e])
				list[n++] = (uint32_t)e;
		char msg[160];
		if (nv_asg_check(a, list, n, msg, sizeof msg) != NV_OK)
			fail_msg("seed %d: the start breaks a rule: %s", seed, msg);
		asg_val v = asg_value(a, list, n);
		assert_false(asg_val_less(b.best, v));
		given++;
		optimal += asg_val_eq(v, b.best);
	}
	/* 409 starts, 319 optimal; without moving mentors into the forms a
	 * min_pairs needs, 168 */
	assert_true(given >= 300);
	assert_true(optimal >= given / 2);
	assert_true(optimal < given); /* held forms do not always suffice */
}

/* Quotas under one form per mentor past the time limit (here before GLPK
 * starts): the start stands, unproven, and its gap holds against the
 * brute-force optimum (maximin: the count and the total; the proof says
 * its threshold is not proven). */
static void past_the_time_limit_the_best_answer_stands_with_its_gap(void **state)
{
	(void)state;
	int unproven[3] = {0}, short_maximin = 0;
	for (int seed = 0; seed < 1000; seed++) {
		inst in;
		int binding;
		random_inst(&in, (uint64_t)seed, &binding);
		nv_asg *a = &in.a;
		a->one_form_per_mentor = 1;
		asg_best b;
		if (!asg_brute_best(a, &b))
			continue;
		nv_solve_params p;
		nv_solve_params_init(&p);
		p.time_limit = 1e-9;
		nv_solution *s = NULL;
		int rc = nv_asg_solve(a, &p, &s);
		if (rc == NV_OK && s->proven) {
			assert_true(asg_val_eq(asg_value(a, s->chosen, s->n_chosen), b.best));
		} else if (rc == NV_OK) {
			asg_val v = asg_value(a, s->chosen, s->n_chosen);
			assert_false(asg_val_less(b.best, v));
			assert_non_null(strstr(s->proof, "GLPK reached the time limit"));
			if (a->objective == NV_OBJ_COVERAGE) {
				assert_true(b.best.x <= v.x + (int64_t)s->gap_pairs);
				if (s->gap_pairs == 0)
					assert_true((double)b.best.y <= (double)v.y + s->gap * 1e6 + 0.5);
			} else if (a->objective == NV_OBJ_MAXIMIN) {
				/* the count and the total bounded; the threshold said */
				assert_true(b.best.x <= v.x + (int64_t)s->gap_pairs);
				if (s->gap_pairs == 0)
					assert_true((double)b.best.z <= (double)v.z + s->gap * 1e6 + 0.5);
				assert_non_null(strstr(s->proof, "smallest pair score is not proven"));
				short_maximin += asg_val_less(v, b.best);
			} else {
				assert_int_equal(s->gap_pairs, 0);
				assert_true((double)b.best.x <= (double)v.x + s->gap * 1e6 + 0.5);
			}
			unproven[a->objective]++;
		}
		nv_solution_free(s);
	}
	assert_true(unproven[NV_OBJ_COVERAGE] >= 10);
	assert_true(unproven[NV_OBJ_SCORE] >= 10);
	assert_true(unproven[NV_OBJ_MAXIMIN] >= 10);
	print_message("unproven %d %d %d, maximin short of the optimum %d\n", unproven[0],
	              unproven[1], unproven[2], short_maximin);
}

/* Each form alone can reach its minimum, together they cannot: only the
 * model sees it. */
static void quotas_infeasible_together_are_infeasible(void **state)
{
	(void)state;
	inst in;
	memset(&in, 0, sizeof in);
	nv_asg *a = &in.a;
	a->n_mentors = 2;
	a->n_mentees = 1;
	a->n_forms = 2;
	for (uint32_t m = 0; m < 2; m++) {
		in.mentor[m] = m;
		in.mentee[m] = 0;
		in.score[m] = 0.5;
		in.form[m] = m;
		in.cap[m] = 1;
	}
	a->n_edges = 2;
	for (uint32_t f = 0; f < MAXF; f++)
		in.qmin[f] = in.qmax[f] = -1;
	in.qmin[0] = in.qmin[1] = 1;
	wire(&in);
	uint8_t chosen[MAXE + 1];
	nv_ilp_stats st;
	char msg[200];
	int timed_out = 0;
	assert_int_equal(
	    nv_ilp_solve_reduced(a, NULL, 0, chosen, &timed_out, &st, msg, sizeof msg),
	    NV_EINFEAS);
	assert_string_equal(msg, "no assignment meets the quotas, the fixed pairs and the "
	                         "one-form rule together");
	nv_solve_params p;
	nv_solve_params_init(&p);
	nv_solution *s = NULL;
	assert_int_equal(nv_asg_solve(a, &p, &s), NV_EINFEAS);
	/* narrowed: both minimums, nothing else */
	assert_int_equal(s->n_conflicts, 1);
	const nv_conflict *c = &s->conflicts[0];
	assert_int_equal(c->kind, NV_CONFLICT_OTHER);
	assert_non_null(c->quota);
	assert_int_equal(c->quota[0], 1);
	assert_int_equal(c->quota[1], 1);
	assert_int_equal(c->one_form, 0);
	assert_int_equal(c->n_edges, 0);
	nv_solution_free(s);
}

/* in's problem with only the constraints of the narrowed conflict c,
 * less the one numbered `drop` (quotas 0..2F-1 as form*2 + max, then the
 * fixed pairs of c, then the one-form rule; -1: none dropped): whether
 * brute force finds an assignment. */
static int holds_without(const inst *in, const nv_conflict *c, int drop)
{
	inst t = *in;
	wire(&t);
	int F = (int)in->a.n_forms, k = 0;
	for (int f = 0; f < F; f++) {
		t.qmin[f] = (c->quota[f] & 1) && drop != 2 * f ? in->qmin[f] : -1;
		t.qmax[f] = (c->quota[f] & 2) && drop != 2 * f + 1 ? in->qmax[f] : -1;
	}
	k = 2 * F;
	for (size_t e = 0; e < in->a.n_edges; e++)
		t.flags[e] &= (uint8_t)~NV_EDGE_FIXED;
	for (size_t j = 0; j < c->n_edges; j++, k++)
		if (drop != k)
			t.flags[c->edges[j]] |= NV_EDGE_FIXED;
	t.a.one_form_per_mentor = c->one_form && drop != k;
	asg_best b;
	return asg_brute_best(&t.a, &b);
}

/* A conflict of constraints that fail only together is narrowed to a set
 * that brute force finds infeasible, and feasible with any one of it
 * dropped; the ones left out were in the problem (a quota's min, a max,
 * fixed pairs, the rule). */
static void a_joint_conflict_is_narrowed_to_constraints_none_can_leave(void **state)
{
	(void)state;
	int narrowed = 0, dropped = 0;
	for (uint64_t seed = 1; seed <= 1500; seed++) {
		inst in;
		int binding;
		random_inst(&in, seed, &binding);
		/* minimums on several forms, some maximums, the rule more often:
		 * conflicts where no single constraint is to blame */
		for (uint32_t f = 0; f < in.a.n_forms; f++) {
			in.qmin[f] = rnd(3) ? (int32_t)rnd(3) : -1;
			in.qmax[f] = rnd(4) ? -1 : (int32_t)rnd(3);
		}
		in.a.one_form_per_mentor = rnd(3) != 0;
		asg_best b;
		if (asg_brute_best(&in.a, &b))
			continue;
		nv_solve_params p;
		nv_solve_params_init(&p);
		nv_solution *s = NULL;
		assert_int_equal(nv_asg_solve(&in.a, &p, &s), NV_EINFEAS);
		const nv_conflict *c = &s->conflicts[0];
		if (s->n_conflicts != 1 || c->kind != NV_CONFLICT_OTHER) {
			nv_solution_free(s);
			continue;
		}
		assert_non_null(c->quota);
		narrowed++;
		assert_false(holds_without(&in, c, -1));
		int F = (int)in.a.n_forms, members = 0, in_problem = 0;
		for (int f = 0; f < F; f++) {
			for (int max = 0; max < 2; max++)
				if (c->quota[f] & (1 << max)) {
					assert_true(max ? in.qmax[f] >= 0 : in.qmin[f] > 0);
					assert_true(holds_without(&in, c, 2 * f + max));
					members++;
				}
			in_problem += (in.qmin[f] > 0) + (in.qmax[f] >= 0);
		}
		for (size_t j = 0; j < c->n_edges; j++) {
			assert_true(in.flags[c->edges[j]] & NV_EDGE_FIXED);
			assert_true(holds_without(&in, c, 2 * F + (int)j));
		}
		for (size_t e = 0; e < in.a.n_edges; e++)
			in_problem += (in.flags[e] & NV_EDGE_FIXED) != 0;
		members += (int)c->n_edges;
		if (c->one_form) {
			assert_true(in.a.one_form_per_mentor);
			assert_true(holds_without(&in, c, 2 * F + (int)c->n_edges));
			members++;
		}
		in_problem += in.a.one_form_per_mentor;
		dropped += members < in_problem;
		nv_solution_free(s);
	}
	print_message("narrowed %d joint conflicts, %d of them to fewer constraints\n", narrowed,
	              dropped);
	assert_true(narrowed >= 20);
	assert_true(dropped >= 5);
}

/* --- through `nastavnik match` ------------------------------------------ */

/* summary.json's matched_per_form count of a form. */
static long per_form(const char *json, const char *form)
{
	const char *p = strstr(json, "\"matched_per_form\"");
	assert_non_null(p);
	char key[64];
	snprintf(key, sizeof key, "\"%s\": ", form);
	p = strstr(p, key);
	assert_non_null(p);
	return strtol(p + strlen(key), NULL, 10);
}

/* A max_pairs below what the form takes unconstrained sends match to the
 * GLPK path, which meets it with a proven answer; a min_pairs no one can
 * reach stops with exit 3 and names it. */
static void match_meets_a_binding_quota_and_stops_on_an_unreachable_one(void **state)
{
	(void)state;
	assert_int_equal(nv_in("generate --scale school --seed 3 -o p.csv"), 0);
	write_file("plain.ini", "[match]\none_form_per_mentor = no\n");
	assert_int_equal(nv_in("match p.csv -c plain.ini -o plain -q"), 0);
	char *j = file("plain/summary.json");
	assert_non_null(j);
	long ss = per_form(j, "student-student"), total = 0;
	char *p = strstr(j, "\"pairs\": ");
	assert_non_null(p);
	total = strtol(p + 9, NULL, 10);
	free(j);
	assert_true(ss >= 2);

	char ini[256];
	snprintf(ini, sizeof ini,
	         "[match]\none_form_per_mentor = no\n\n[form student-student]\nmax_pairs = %ld\n",
	         ss / 2);
	write_file("quota.ini", ini);
	assert_int_equal(nv_in("match p.csv -c quota.ini -o quota -q"), 0);
	j = file("quota/summary.json");
	assert_non_null(j);
	assert_true(per_form(j, "student-student") <= ss / 2);
	assert_non_null(strstr(j, "\"used\": \"glpk\""));
	assert_non_null(strstr(j, "\"proven\": true"));
	assert_non_null(strstr(j, "on a reduced model"));
	p = strstr(j, "\"pairs\": ");
	assert_true(strtol(p + 9, NULL, 10) < total); /* the quota costs pairs */
	free(j);

	write_file("high.ini", "[match]\none_form_per_mentor = no\n\n"
	                "[form student-student]\nmin_pairs = 100000\n");
	assert_int_equal(nv_in("match p.csv -c high.ini -o high -q"), 3);
	char *err = file("stderr");
	assert_non_null(err);
	assert_non_null(strstr(err, "form student-student cannot reach min_pairs 100000"));
	free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(reduced_ilp_matches_brute_force_with_binding_quotas),
	        cmocka_unit_test(equal_values_need_the_count_stage_alone),
	        cmocka_unit_test(an_optimal_start_the_lp_proves_needs_no_branch_and_cut),
	        cmocka_unit_test(reduced_ilp_past_its_node_budget_keeps_its_best_answer),
	        cmocka_unit_test(pricing_adds_the_pairs_the_restricted_set_missed),
	        cmocka_unit_test(reduced_cost_fixing_drops_pairs_and_keeps_the_optimum),
	        cmocka_unit_test(quotas_infeasible_together_are_infeasible),
	        cmocka_unit_test(a_joint_conflict_is_narrowed_to_constraints_none_can_leave),
	        cmocka_unit_test(quota_start_keeps_every_constraint),
	        cmocka_unit_test(past_the_time_limit_the_best_answer_stands_with_its_gap),
	        cmocka_unit_test_setup_teardown(
	                match_meets_a_binding_quota_and_stops_on_an_unreachable_one, cli_setup,
	                cli_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
