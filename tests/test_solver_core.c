/* test_solver.c (the assignment solver: brute force agreement of the flow
 * and GLPK paths, OR-Library optima, proofs, conflicts, degenerate cases) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "solver.h"

#include <glpk.h>
#include "asg_brute.h"
#include "solverint.h"
#include "../bench/orlib.h"

/* --- helpers ------------------------------------------------------------ */

typedef struct inst {
	nv_asg a;
	uint32_t mentor[64], mentee[64], form[64];
	double score[64];
	uint8_t flags[64];
	int32_t cap[8], qmin[4], qmax[4];
} inst;

static uint64_t rng_state;
static uint32_t rnd(uint32_t n)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)((rng_state >> 33) % n);
}

/* A random tiny instance; ties are common on purpose. */
static void random_inst(inst *in, uint64_t seed, int side)
{
	static const double scores[] = {0, 0.1, 0.25, 0.5, 0.75, 1.0, 0.333333};
	memset(in, 0, sizeof *in);
	rng_state = seed * 2654435761u + 1;
	nv_asg *a = &in->a;
	a->n_mentors = 1 + rnd(3);
	a->n_mentees = 1 + rnd(4);
	a->n_forms = side ? 1 + rnd(2) : 1;
	for (uint32_t m = 0; m < a->n_mentors; m++)
		for (uint32_t i = 0; i < a->n_mentees; i++) {
			if (rnd(10) < 4)
				continue;
			size_t e = a->n_edges++;
			in->mentor[e] = m;
			in->mentee[e] = i;
			in->score[e] = scores[rnd(7)];
			in->form[e] = rnd((uint32_t)a->n_forms);
			uint32_t r = rnd(100);
			in->flags[e] = r < 6 ? NV_EDGE_FIXED : r < 14 ? NV_EDGE_FORBIDDEN : 0;
		}
	for (uint32_t m = 0; m < a->n_mentors; m++)
		in->cap[m] = (int32_t)rnd(3);
	for (uint32_t f = 0; f < a->n_forms; f++) {
		in->qmin[f] = side && rnd(3) == 0 ? (int32_t)rnd(3) : -1;
		in->qmax[f] = side && rnd(3) == 0 ? (int32_t)rnd(3) : -1;
	}
	ASG_WIRE(in);
	a->form_min = in->qmin;
	a->form_max = in->qmax;
	a->one_form_per_mentor = side ? (int)rnd(2) : 0;
	a->objective = (nv_objective)rnd(3);
	a->minimize = rnd(4) == 0;
}

static void agree_with_brute_force(int side, int n_seeds)
{
	for (int seed = 0; seed < n_seeds; seed++) {
		inst in;
		random_inst(&in, (uint64_t)seed + (side ? 100000 : 0), side);
		asg_val best;
		int feasible = asg_brute(&in.a, &best);
		for (int kind = 0; kind < 3; kind++) {
			if (kind == NV_SOLVER_FLOW && side)
				continue;
			nv_solve_params p;
			nv_solve_params_init(&p);
			p.kind = (nv_solver_kind)kind;
			p.threads = 1 + seed % 2;
			nv_solution *s = NULL;
			int rc = nv_asg_solve(&in.a, &p, &s);
			if (!feasible) {
				if (rc != NV_EINFEAS)
					fail_msg("seed %d kind %d: infeasible, solver said %d (%s)", seed,
					         kind, rc, s->proof);
				assert_true(s->n_conflicts > 0);
			} else {
				if (rc != NV_OK)
					fail_msg("seed %d kind %d: rc %d (%s)", seed, kind, rc, s->proof);
				asg_val v = asg_value(&in.a, s->chosen, s->n_chosen);
				if (asg_val_less(v, best) || asg_val_less(best, v))
					fail_msg("seed %d kind %d obj %d min %d: (%lld,%lld,%lld) vs "
					         "brute (%lld,%lld,%lld)",
					         seed, kind, in.a.objective, in.a.minimize,
					         (long long)v.x, (long long)v.y, (long long)v.z,
					         (long long)best.x, (long long)best.y, (long long)best.z);
				assert_true(s->proven);
			}
			nv_solution_free(s);
		}
	}
}

/* --- tests -------------------------------------------------------------- */

static void network_paths_match_brute_force(void **state)
{
	(void)state;
	agree_with_brute_force(0, 400);
}

static void side_constraints_match_brute_force(void **state)
{
	(void)state;
	agree_with_brute_force(1, 400);
}

/* A chain where the greedy start is wrong: mentee 0 prefers mentor 0, but
 * only mentor 0 can take mentee 1. */
static void augmenting_path_beats_greedy(void **state)
{
	(void)state;
	uint32_t mentor[] = {0, 1, 0};
	uint32_t mentee[] = {0, 0, 1};
	double score[] = {0.9, 0.8, 0.5};
	nv_asg a = {.n_mentors = 2, .n_mentees = 2, .n_edges = 3, .n_forms = 1,
	            .mentor = mentor, .mentee = mentee, .score = score};
	nv_solution *s;
	assert_int_equal(nv_asg_solve(&a, NULL, &s), NV_OK);
	assert_int_equal(s->n_chosen, 2);
	assert_int_equal(s->chosen[0], 1);
	assert_int_equal(s->chosen[1], 2);
	assert_true(fabs(s->total - 1.3) < 1e-9);
	assert_true(fabs(s->min_score - 0.5) < 1e-9);
	assert_int_equal(s->used, NV_SOLVER_FLOW);
	assert_true(s->proven);
	assert_non_null(strstr(s->proof, "dual"));
	nv_solution_free(s);

	/* score objective: 0.9 alone beats 0.8 + 0.5? no: 1.3 > 0.9 */
	a.objective = NV_OBJ_SCORE;
	score[0] = 1.0;
	score[1] = 0.1;
	score[2] = 0.2;
	assert_int_equal(nv_asg_solve(&a, NULL, &s), NV_OK);
	assert_int_equal(s->n_chosen, 1);
	assert_int_equal(s->chosen[0], 0);
	nv_solution_free(s);
	/* coverage takes both anyway */
	a.objective = NV_OBJ_COVERAGE;
	assert_int_equal(nv_asg_solve(&a, NULL, &s), NV_OK);
	assert_int_equal(s->n_chosen, 2);
	nv_solution_free(s);
}

static void maximin_raises_the_worst_pair(void **state)
{
	(void)state;
	/* Two mentees, two mentors. Best total: 1.0 + 0.1; best worst pair:
	 * 0.6 + 0.6. */
	uint32_t mentor[] = {0, 1, 0, 1};
	uint32_t mentee[] = {0, 0, 1, 1};
	double score[] = {1.0, 0.6, 0.6, 0.1};
	nv_asg a = {.n_mentors = 2, .n_mentees = 2, .n_edges = 4, .mentor = mentor,
	            .mentee = mentee, .score = score, .objective = NV_OBJ_MAXIMIN};
	for (int kind = 1; kind <= 2; kind++) {
		nv_solve_params p;
		nv_solve_params_init(&p);
		p.kind = (nv_solver_kind)kind;
		nv_solution *s;
		assert_int_equal(nv_asg_solve(&a, &p, &s), NV_OK);
		assert_int_equal(s->n_chosen, 2);
		assert_int_equal(s->chosen[0], 1);
		assert_int_equal(s->chosen[1], 2);
		assert_true(fabs(s->min_score - 0.6) < 1e-9);
		nv_solution_free(s);
	}
}

static void degenerate_instances_solve(void **state)
{
	(void)state;
	nv_solution *s;
	/* no edges at all */
	nv_asg a = {.n_mentors = 3, .n_mentees = 2};
	assert_int_equal(nv_asg_solve(&a, NULL, &s), NV_OK);
	assert_int_equal(s->n_chosen, 0);
	assert_true(s->proven);
	nv_solution_free(s);
	nv_solve_params p;
	nv_solve_params_init(&p);
	p.kind = NV_SOLVER_GLPK;
	assert_int_equal(nv_asg_solve(&a, &p, &s), NV_OK);
	assert_int_equal(s->n_chosen, 0);
	nv_solution_free(s);

	/* one mentor, capacity above the mentees, all scores equal */
	uint32_t mentor[] = {0, 0, 0};
	uint32_t mentee[] = {0, 1, 2};
	double score[] = {0.5, 0.5, 0.5};
	int32_t cap[] = {10};
	nv_asg b = {.n_mentors = 1, .n_mentees = 3, .n_edges = 3, .mentor = mentor,
	            .mentee = mentee, .score = score, .capacity = cap};
	assert_int_equal(nv_asg_solve(&b, NULL, &s), NV_OK);
	assert_int_equal(s->n_chosen, 3);
	assert_true(fabs(s->total - 1.5) < 1e-9);
	nv_solution_free(s);
	/* capacity 0: nobody */
	cap[0] = 0;
	assert_int_equal(nv_asg_solve(&b, NULL, &s), NV_OK);
	assert_int_equal(s->n_chosen, 0);
	nv_solution_free(s);
	/* capacity 1, equal scores: the first mentee, deterministically */
	cap[0] = 1;
	assert_int_equal(nv_asg_solve(&b, NULL, &s), NV_OK);
	assert_int_equal(s->n_chosen, 1);
	nv_solution_free(s);
}

static void fixed_over_capacity_names_the_mentor(void **state)
{
	(void)state;
	uint32_t mentor[] = {0, 0, 0, 1};
	uint32_t mentee[] = {0, 1, 2, 2};
	double score[] = {0.5, 0.5, 0.5, 0.5};
	uint8_t flags[] = {NV_EDGE_FIXED, NV_EDGE_FIXED, NV_EDGE_FIXED, 0};
	int32_t cap[] = {2, 1};
	nv_asg a = {.n_mentors = 2, .n_mentees = 3, .n_edges = 4, .mentor = mentor,
	            .mentee = mentee, .score = score, .flags = flags, .capacity = cap};
	nv_solution *s;
	assert_int_equal(nv_asg_solve(&a, NULL, &s), NV_EINFEAS);
	assert_int_equal(s->n_conflicts, 1);
	assert_int_equal(s->conflicts[0].kind, NV_CONFLICT_FIXED_CAPACITY);
	assert_int_equal(s->conflicts[0].mentor, 0);
	assert_int_equal(s->conflicts[0].limit, 2);
	assert_int_equal(s->conflicts[0].need, 3);
	assert_int_equal(s->conflicts[0].n_edges, 3);
	assert_int_equal(s->n_chosen, 0);
	nv_solution_free(s);

	/* a mentee fixed twice, and a pair both fixed and forbidden */
	uint8_t flags2[] = {0, 0, NV_EDGE_FIXED, NV_EDGE_FIXED | NV_EDGE_FORBIDDEN};
	a.flags = flags2;
	assert_int_equal(nv_asg_solve(&a, NULL, &s), NV_EINFEAS);
	assert_int_equal(s->n_conflicts, 2);
	assert_int_equal(s->conflicts[0].kind, NV_CONFLICT_FIXED_FORBIDDEN);
	assert_int_equal(s->conflicts[0].edges[0], 3);
	assert_int_equal(s->conflicts[1].kind, NV_CONFLICT_FIXED_MENTEE);
	assert_int_equal(s->conflicts[1].mentee, 2);
	assert_int_equal(s->conflicts[1].need, 2);
	nv_solution_free(s);
}

static void unreachable_quota_reports_what_is_reachable(void **state)
{
	(void)state;
	/* form 1 needs 3 pairs, but its only mentor has capacity 2 */
	uint32_t mentor[] = {0, 0, 0, 1};
	uint32_t mentee[] = {0, 1, 2, 2};
	uint32_t form[] = {1, 1, 1, 0};
	double score[] = {0.5, 0.5, 0.5, 0.5};
	int32_t cap[] = {2, 1}, qmin[] = {-1, 3};
	nv_asg a = {.n_mentors = 2, .n_mentees = 3, .n_edges = 4, .n_forms = 2,
	            .mentor = mentor, .mentee = mentee, .form = form, .score = score,
	            .capacity = cap, .form_min = qmin};
	nv_solution *s;
	assert_int_equal(nv_asg_solve(&a, NULL, &s), NV_EINFEAS);
	assert_int_equal(s->n_conflicts, 1);
	assert_int_equal(s->conflicts[0].kind, NV_CONFLICT_QUOTA_MIN);
	assert_int_equal(s->conflicts[0].form, 1);
	assert_int_equal(s->conflicts[0].limit, 3);
	assert_int_equal(s->conflicts[0].need, 2);
	assert_int_equal(s->conflicts[0].n_edges, 0); /* no fixed pair to blame */
	nv_solution_free(s);
	/* min 2 is reachable: solved by GLPK, form 1 gets 2 pairs */
	qmin[1] = 2;
	assert_int_equal(nv_asg_solve(&a, NULL, &s), NV_OK);
	assert_int_equal(s->n_chosen, 3);
	nv_solution_free(s);
}

static void quota_out_of_reach_by_fixed_pairs_names_them(void **state)
{
	(void)state;
	/* form 1 needs 1 pair; mentor 0 can give it (edge 0) but is fixed in
	 * form 0 (edge 1); the fixed edge 3 touches nobody of form 1 */
	uint32_t mentor[] = {0, 0, 1, 1};
	uint32_t mentee[] = {0, 1, 0, 2};
	uint32_t form[] = {1, 0, 0, 0};
	double score[] = {0.5, 0.5, 0.5, 0.5};
	uint8_t flags[] = {0, NV_EDGE_FIXED, 0, NV_EDGE_FIXED};
	int32_t cap[] = {2, 1}, qmin[] = {-1, 1};
	nv_asg a = {.n_mentors = 2,
	            .n_mentees = 3,
	            .n_edges = 4,
	            .n_forms = 2,
	            .mentor = mentor,
	            .mentee = mentee,
	            .form = form,
	            .score = score,
	            .flags = flags,
	            .capacity = cap,
	            .form_min = qmin,
	            .one_form_per_mentor = 1};
	nv_solution *s;
	assert_int_equal(nv_asg_solve(&a, NULL, &s), NV_EINFEAS);
	assert_int_equal(s->n_conflicts, 1);
	assert_int_equal(s->conflicts[0].kind, NV_CONFLICT_QUOTA_MIN);
	assert_int_equal(s->conflicts[0].need, 0);
	assert_int_equal(s->conflicts[0].n_edges, 1);
	assert_int_equal(s->conflicts[0].edges[0], 1);
	nv_solution_free(s);
	/* without the rule the fixed pair leaves room: feasible */
	a.one_form_per_mentor = 0;
	assert_int_equal(nv_asg_solve(&a, NULL, &s), NV_OK);
	nv_solution_free(s);
}

static void one_form_per_mentor_is_searched_only_when_it_binds(void **state)
{
	(void)state;
	/* mentor 0 is eligible in forms 0 and 1 with capacity 2 */
	uint32_t mentor[] = {0, 0};
	uint32_t mentee[] = {0, 1};
	uint32_t form[] = {0, 1};
	double score[] = {0.5, 0.7};
	int32_t cap[] = {2};
	nv_asg a = {.n_mentors = 1, .n_mentees = 2, .n_edges = 2, .n_forms = 2,
	            .mentor = mentor, .mentee = mentee, .form = form, .score = score,
	            .capacity = cap, .one_form_per_mentor = 1};
	nv_solution *s;
	assert_int_equal(nv_asg_solve(&a, NULL, &s), NV_OK);
	/* the form search, on network relaxations (GLPK only past its budget) */
	assert_int_equal(s->used, NV_SOLVER_FLOW);
	assert_non_null(strstr(s->proof, "one form per mentor binds in 1 of 1 components"));
	assert_int_equal(s->n_chosen, 1);
	assert_int_equal(s->chosen[0], 1);
	nv_solution_free(s);
	/* capacity 1: the relaxed optimum already keeps one form */
	cap[0] = 1;
	assert_int_equal(nv_asg_solve(&a, NULL, &s), NV_OK);
	assert_int_equal(s->used, NV_SOLVER_FLOW);
	assert_int_equal(s->chosen[0], 1);
	assert_non_null(strstr(s->proof, "side constraints"));
	nv_solution_free(s);
	/* forcing the network path when the rule binds is an error */
	cap[0] = 2;
	nv_solve_params p;
	nv_solve_params_init(&p);
	p.kind = NV_SOLVER_FLOW;
	assert_int_equal(nv_asg_solve(&a, &p, &s), NV_EFAIL);
	assert_non_null(strstr(s->proof, "two forms"));
	nv_solution_free(s);
}

static void proof_rejects_a_suboptimal_answer(void **state)
{
	(void)state;
	/* weights: mentee 0 - mentor 0: 5, mentee 0 - mentor 1: 4,
	 * mentee 1 - mentor 0: 3. Optimum 4 + 3 = 7 with u = (1, 0) ... */
	uint32_t mentee[] = {0, 0, 1}, mentor[] = {0, 1, 0};
	int64_t w[] = {5, 4, 3};
	int32_t cap[] = {1, 1};
	uint8_t good[] = {0, 1, 1}, bad[] = {1, 0, 0};
	int64_t u[2], v[2];
	char msg[200];
	uint32_t off[] = {0, 2, 3}, right[] = {0, 1, 0};
	uint8_t flow[3];
	nv_bm g = {.n_left = 2, .n_right = 2, .off = off, .right = right, .w = w, .cap = cap};
	nv_bm_solve(&g, flow, u, v);
	assert_int_equal(flow[0], 0);
	assert_int_equal(flow[1], 1);
	assert_int_equal(flow[2], 1);
	int64_t value = 0;
	assert_int_equal(nv_proof_check(3, mentee, mentor, w, good, 2, 2, cap, u, v,
	                                &value, msg, sizeof msg),
	                 NV_OK);
	assert_int_equal(value, 7);
	/* the greedy answer (5 alone) with the same duals fails */
	assert_int_equal(nv_proof_check(3, mentee, mentor, w, bad, 2, 2, cap, u, v,
	                                NULL, msg, sizeof msg),
	                 NV_EFAIL);
	/* and so does the greedy answer with its own tight duals */
	int64_t u2[] = {5, 0}, v2[] = {0, 0};
	assert_int_equal(nv_proof_check(3, mentee, mentor, w, bad, 2, 2, cap, u2, v2,
	                                NULL, msg, sizeof msg),
	                 NV_EFAIL);
	assert_string_equal(msg, "edge 2 (mentor 0, mentee 1) has positive reduced "
	                         "weight: the answer is not optimal");
	/* a dual that is feasible but too high: primal and dual differ */
	int64_t u3[] = {5, 3}, v3[] = {0, 0};
	assert_int_equal(nv_proof_check(3, mentee, mentor, w, good, 2, 2, cap, u3, v3,
	                                NULL, msg, sizeof msg),
	                 NV_EFAIL);
}

/* The value of a b-matching, asserted optimal by its duals on the spot:
 * within both capacities, u, v >= 0, u + v >= w on every arc, and the same
 * value as the dual's (weak duality: nothing can be worth more). */
static int64_t bm_proven(const nv_bm *g, const uint8_t *flow, const int64_t *u,
                         const int64_t *v)
{
	int32_t load_l[16] = {0}, load_r[16] = {0};
	int64_t primal = 0, dual = 0;
	for (uint32_t x = 0; x < g->n_left; x++) {
		assert_true(u[x] >= 0);
		dual += u[x] * (g->cap_left ? g->cap_left[x] : 1);
		for (uint32_t a = g->off[x]; a < g->off[x + 1]; a++) {
			assert_true(u[x] + v[g->right[a]] >= g->w[a]);
			if (flow[a]) {
				primal += g->w[a];
				load_l[x]++;
				load_r[g->right[a]]++;
			}
		}
		assert_true(load_l[x] <= (g->cap_left ? g->cap_left[x] : 1));
	}
	for (uint32_t y = 0; y < g->n_right; y++) {
		assert_true(v[y] >= 0);
		assert_true(load_r[y] <= g->cap[y]);
		dual += v[y] * g->cap[y];
	}
	assert_int_equal(primal, dual);
	return primal;
}

/* A random subset of the arcs of full (present[x * 16 + y]), in CSR order. */
static void bm_subset(nv_bm *g, const uint8_t *present, int keep_in_4, uint32_t *off,
                      uint32_t *right, int64_t *w, const int64_t *wfull)
{
	uint32_t n = 0;
	off[0] = 0;
	for (uint32_t x = 0; x < g->n_left; x++) {
		for (uint32_t y = 0; y < g->n_right; y++)
			if (present[x * 16 + y] && (int)rnd(4) < keep_in_4) {
				right[n] = y;
				w[n++] = wfull[x * 16 + y];
			}
		off[x + 1] = n;
	}
	g->off = off;
	g->right = right;
	g->w = w;
}

static void a_start_from_any_answer_still_ends_optimal(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed <= 600; seed++) {
		rng_state = seed * 7919;
		uint8_t present[16 * 16] = {0};
		int64_t wfull[16 * 16];
		uint32_t L = 1 + rnd(8), R = 1 + rnd(10), side = seed & 1;
		int32_t capl[16], capr[16], capl2[16], capr2[16];
		for (uint32_t x = 0; x < L; x++) {
			capl[x] = side ? 1 + (int32_t)rnd(3) : 1;
			capl2[x] = capl[x] > 1 && rnd(2) ? capl[x] - 1 : capl[x];
			for (uint32_t y = 0; y < R; y++) {
				present[x * 16 + y] = rnd(2) == 0;
				wfull[x * 16 + y] = 1 + rnd(6); /* ties are common */
			}
		}
		for (uint32_t y = 0; y < R; y++) {
			capr[y] = side ? 1 : 1 + (int32_t)rnd(3);
			capr2[y] = capr[y] > 1 && rnd(2) ? capr[y] - 1 : capr[y];
		}
		/* an answer on three quarters of the arcs ... */
		uint32_t off1[17], right1[256], off2[17], right2[256];
		int64_t w1[256], w2[256], u1[16], v1[16], u2[16], v2[16], uc[16], vc[16];
		uint8_t flow1[256], flow2[256], flowc[256], start[256];
		nv_bm g1 = {.n_left = L, .n_right = R, .cap_left = capl, .cap = capr};
		bm_subset(&g1, present, 3, off1, right1, w1, wfull);
		nv_bm_solve(&g1, flow1, u1, v1);
		bm_proven(&g1, flow1, u1, v1);
		/* ... is the start on another three quarters, capacities cut */
		nv_bm g2 = {.n_left = L, .n_right = R, .cap_left = capl2, .cap = capr2};
		bm_subset(&g2, present, 3, off2, right2, w2, wfull);
		nv_bm_solve(&g2, flowc, uc, vc);
		int64_t best = bm_proven(&g2, flowc, uc, vc);
		for (uint32_t x = 0; x < L; x++)
			for (uint32_t a = off2[x]; a < off2[x + 1]; a++) {
				start[a] = 0;
				for (uint32_t b = off1[x]; b < off1[x + 1]; b++)
					if (right1[b] == right2[a] && flow1[b])
						start[a] = 1;
			}
		g2.start_flow = start;
		g2.start_v = v1;
		nv_bm_solve(&g2, flow2, u2, v2);
		assert_int_equal(bm_proven(&g2, flow2, u2, v2), best);
		/* any start at all, even one over the capacities, and v as the
		 * start's own prices */
		for (uint32_t a = 0; a < off2[L]; a++)
			start[a] = rnd(2);
		for (uint32_t y = 0; y < R; y++)
			v2[y] = rnd(9);
		g2.start_v = v2;
		nv_bm_solve(&g2, flow2, u2, v2);
		assert_int_equal(bm_proven(&g2, flow2, u2, v2), best);
	}
}

static void check_names_the_first_violation(void **state)
{
	(void)state;
	uint32_t mentor[] = {0, 0, 1}, mentee[] = {0, 1, 1};
	double score[] = {0.5, 0.5, 0.5};
	uint8_t flags[] = {0, NV_EDGE_FORBIDDEN, NV_EDGE_FIXED};
	nv_asg a = {.n_mentors = 2, .n_mentees = 2, .n_edges = 3, .mentor = mentor,
	            .mentee = mentee, .score = score, .flags = flags};
	char msg[200];
	uint32_t c1[] = {0, 1};
	assert_int_equal(nv_asg_check(&a, c1, 2, msg, sizeof msg), NV_EFAIL);
	assert_string_equal(msg, "forbidden pair mentor 0 - mentee 1 is chosen");
	uint32_t c2[] = {0};
	assert_int_equal(nv_asg_check(&a, c2, 1, msg, sizeof msg), NV_EFAIL);
	assert_string_equal(msg, "fixed pair mentor 1 - mentee 1 is missing");
	uint32_t c3[] = {0, 2};
	assert_int_equal(nv_asg_check(&a, c3, 2, msg, sizeof msg), NV_OK);
}

static void could_improve_is_exact_for_pruned_edges(void **state)
{
	(void)state;
	/* Solve on a pruned set, then for each omitted edge: could_improve says
	 * 0 only if adding it leaves the optimum value unchanged. */
	for (int seed = 0; seed < 200; seed++) {
		inst in;
		random_inst(&in, (uint64_t)seed + 5000, 0);
		nv_asg *a = &in.a;
		if (a->n_edges < 2)
			continue;
		for (size_t e = 0; e < a->n_edges; e++)
			in.flags[e] &= (uint8_t)~NV_EDGE_FIXED;
		size_t keep = a->n_edges - 1;
		nv_asg pruned = *a;
		pruned.n_edges = keep;
		nv_solution *s, *full;
		assert_int_equal(nv_asg_solve(&pruned, NULL, &s), NV_OK);
		assert_int_equal(nv_asg_solve(a, NULL, &full), NV_OK);
		size_t e = keep;
		if (in.flags[e] & NV_EDGE_FORBIDDEN) {
			nv_solution_free(s);
			nv_solution_free(full);
			continue;
		}
		int may = nv_solution_could_improve(s, &pruned, a->mentor[e], a->mentee[e],
		                                    0, a->score[e]);
		asg_val v1 = asg_value(&pruned, s->chosen, s->n_chosen);
		asg_val v2 = asg_value(a, full->chosen, full->n_chosen);
		if (!may && (asg_val_less(v1, v2) || asg_val_less(v2, v1)))
			fail_msg("seed %d: could_improve said no but the optimum moved", seed);
		nv_solution_free(s);
		nv_solution_free(full);
	}
}

static void same_answer_with_one_or_two_threads(void **state)
{
	(void)state;
	/* 60 independent components of 40x40, 8 pairs per mentee */
	size_t C = 60, n = 40, per = 8, E = C * n * per;
	uint32_t *mentor = malloc(E * sizeof *mentor), *mentee = malloc(E * sizeof *mentee);
	double *score = malloc(E * sizeof *score);
	int32_t *cap = malloc(C * n * sizeof *cap);
	rng_state = 42;
	size_t k = 0;
	for (size_t c = 0; c < C; c++)
		for (size_t i = 0; i < n; i++) {
			for (size_t j = 0; j < per; j++) {
				mentee[k] = (uint32_t)(c * n + i);
				mentor[k] = (uint32_t)(c * n + (i + j * 3) % n);
				score[k] = rnd(1000) / 1000.0;
				k++;
			}
			cap[c * n + i] = (int32_t)rnd(3);
		}
	nv_asg a = {.n_mentors = C * n, .n_mentees = C * n, .n_edges = E,
	            .mentor = mentor, .mentee = mentee, .score = score, .capacity = cap};
	nv_solve_params p;
	nv_solve_params_init(&p);
	p.threads = 1;
	nv_solution *s1, *s2;
	assert_int_equal(nv_asg_solve(&a, &p, &s1), NV_OK);
	p.threads = 2;
	assert_int_equal(nv_asg_solve(&a, &p, &s2), NV_OK);
	assert_int_equal(s1->n_components, C);
	assert_int_equal(s1->n_chosen, s2->n_chosen);
	assert_memory_equal(s1->chosen, s2->chosen, s1->n_chosen * sizeof *s1->chosen);
	nv_solution_free(s1);
	nv_solution_free(s2);
	free(mentor);
	free(mentee);
	free(score);
	free(cap);
}

static void solve_orlib(const char *name, int sparse, double expect, int glpk)
{
	const char *shared = getenv("NV_SHARED");
	char path[1024];
	snprintf(path, sizeof path, "%s/data/or-library/%s.txt.gz", shared ? shared : "../shared",
	         name);
	orlib o = {0};
	if (orlib_read(path, sparse, &o) != 0)
		fail_msg("cannot read %s", path);
	nv_asg a = {.n_mentors = o.n, .n_mentees = o.n, .n_edges = o.n_edges,
	            .mentor = o.mentor, .mentee = o.mentee, .score = o.score,
	            .objective = NV_OBJ_COVERAGE, .minimize = 1};
	nv_solve_params p;
	nv_solve_params_init(&p);
	if (glpk)
		p.kind = NV_SOLVER_GLPK;
	nv_solution *s;
	assert_int_equal(nv_asg_solve(&a, &p, &s), NV_OK);
	assert_int_equal(s->n_chosen, o.n);
	if (fabs(s->total - expect) > 1e-6)
		fail_msg("%s: %.0f, published %.0f", name, s->total, expect);
	assert_true(s->proven);
	nv_solution_free(s);
	orlib_free(&o);
}

static void orlib_small_instances_reach_published_optima(void **state)
{
	(void)state;
	solve_orlib("assign100", 0, 305, 0);
	solve_orlib("assign200", 0, 475, 0);
	solve_orlib("assignp800", 1, 2239, 0);
	if (!getenv("NV_SANITIZED"))
		solve_orlib("assign300", 0, 626, 0);
}

static void orlib_assign100_by_glpk_too(void **state)
{
	(void)state;
	solve_orlib("assign100", 0, 305, 1);
}

static void write_lp_writes_a_cplex_model(void **state)
{
	(void)state;
	uint32_t mentor[] = {0, 1, 0}, mentee[] = {0, 0, 1};
	double score[] = {0.9, 0.8, 0.5};
	nv_asg a = {.n_mentors = 2, .n_mentees = 2, .n_edges = 3, .mentor = mentor,
	            .mentee = mentee, .score = score};
	char path[] = "/tmp/nv_test_lpXXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(nv_asg_write_lp(&a, path), NV_OK);
	FILE *f = fopen(path, "r");
	char buf[4096];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	unlink(path);
	assert_non_null(strstr(buf, "Maximize"));
	assert_non_null(strstr(buf, "x_0_0"));
	assert_non_null(strstr(buf, "mentor_1"));
	/* BIG = range 400000 * K 2 + 1; weights BIG + (value - min) */
	assert_non_null(strstr(buf, "+ 1200001 x_0_0 + 1100001 x_1_0 + 800001 x_0_1"));
	assert_non_null(strstr(buf, "mentor_0: + x_0_1 + x_0_0 <= 1"));
	assert_non_null(strstr(buf, "Generals"));
}

/* One mentor (capacity 2) in two forms: mentee 0 alone in form 0 (0.9),
 * mentees 1 and 2 in form 1 (0.1 each). Coverage takes form 1 (two
 * pairs). Without the links x_e <= y_f the LP relaxation halves the
 * mentor between the forms (y = 1/2 each, sum x <= 2 y), keeps two pairs
 * and takes the 0.9 too; with them it has the integer optimum's value. */
static void the_model_links_each_pair_to_its_form(void **state)
{
	(void)state;
	uint32_t mentor[] = {0, 0, 0}, mentee[] = {0, 1, 2}, form[] = {0, 1, 1};
	double score[] = {0.9, 0.1, 0.1};
	int32_t cap[] = {2};
	nv_asg a = {.n_mentors = 1, .n_mentees = 3, .n_edges = 3, .n_forms = 2,
	            .mentor = mentor, .mentee = mentee, .form = form, .score = score,
	            .capacity = cap, .one_form_per_mentor = 1};
	char path[] = "/tmp/nv_test_lpXXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(nv_asg_write_lp(&a, path), NV_OK);
	glp_term_out(GLP_OFF);
	glp_prob *P = glp_create_prob();
	assert_int_equal(glp_read_lp(P, NULL, path), 0);
	unlink(path);
	glp_create_index(P);
	assert_true(glp_find_row(P, "link_0_1") > 0);
	glp_smcp sp;
	glp_init_smcp(&sp);
	assert_int_equal(glp_simplex(P, &sp), 0);
	double lp = glp_get_obj_val(P);
	glp_iocp ip;
	glp_init_iocp(&ip);
	assert_int_equal(glp_intopt(P, &ip), 0);
	double mip = glp_mip_obj_val(P);
	assert_true(glp_mip_col_val(P, glp_find_col(P, "x_0_1")) > 0.5);
	assert_true(glp_mip_col_val(P, glp_find_col(P, "x_0_0")) < 0.5);
	assert_true(fabs(lp - mip) < 1e-6 * fabs(mip));
	glp_delete_prob(P);
	glp_free_env();
}

static void the_form_search_only_where_one_form_binds(void **state)
{
	(void)state;
	/* Component A: mentor 0 (capacity 2) in forms 0 and 1 - the rule binds.
	 * Component B: mentor 1 (capacity 1) in forms 0 and 1 - it does not. */
	uint32_t mentor[] = {0, 0, 1, 1};
	uint32_t mentee[] = {0, 1, 2, 3};
	uint32_t form[] = {0, 1, 0, 1};
	double score[] = {0.5, 0.7, 0.4, 0.6};
	int32_t cap[] = {2, 1};
	nv_asg a = {.n_mentors = 2, .n_mentees = 4, .n_edges = 4, .n_forms = 2,
	            .mentor = mentor, .mentee = mentee, .form = form, .score = score,
	            .capacity = cap, .one_form_per_mentor = 1};
	nv_solution *s;
	assert_int_equal(nv_asg_solve(&a, NULL, &s), NV_OK);
	/* the form search's network relaxations settle it: GLPK never runs */
	assert_int_equal(s->used, NV_SOLVER_FLOW);
	assert_int_equal(s->n_components, 2);
	assert_non_null(strstr(s->proof, "binds in 1 of 2 components"));
	assert_int_equal(s->n_chosen, 2);
	assert_int_equal(s->chosen[0], 1);
	assert_int_equal(s->chosen[1], 3);
	/* component A has no certificate; B keeps the network's */
	assert_int_equal(nv_solution_could_improve(s, &a, 1, 0, 0, 0.0), 1);
	assert_int_equal(nv_solution_could_improve(s, &a, 0, 3, 1, 0.0), 1);
	assert_non_null(s->mentor_pot);
	nv_solution_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(augmenting_path_beats_greedy),
	        cmocka_unit_test(maximin_raises_the_worst_pair),
	        cmocka_unit_test(degenerate_instances_solve),
	        cmocka_unit_test(network_paths_match_brute_force),
	        cmocka_unit_test(side_constraints_match_brute_force),
	        cmocka_unit_test(fixed_over_capacity_names_the_mentor),
	        cmocka_unit_test(unreachable_quota_reports_what_is_reachable),
	        cmocka_unit_test(quota_out_of_reach_by_fixed_pairs_names_them),
	        cmocka_unit_test(one_form_per_mentor_is_searched_only_when_it_binds),
	        cmocka_unit_test(the_form_search_only_where_one_form_binds),
	        cmocka_unit_test(proof_rejects_a_suboptimal_answer),
	        cmocka_unit_test(check_names_the_first_violation),
	        cmocka_unit_test(could_improve_is_exact_for_pruned_edges),
	        cmocka_unit_test(a_start_from_any_answer_still_ends_optimal),
	        cmocka_unit_test(same_answer_with_one_or_two_threads),
	        cmocka_unit_test(orlib_small_instances_reach_published_optima),
	        cmocka_unit_test(orlib_assign100_by_glpk_too),
	        cmocka_unit_test(write_lp_writes_a_cplex_model),
	        cmocka_unit_test(the_model_links_each_pair_to_its_form),
	};
	return cmocka_run_group_tests_name("solver", tests, NULL, NULL);
}
