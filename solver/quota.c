/* quota.c — a first answer for quotas under one form per mentor, for when
 * GLPK's model of the whole problem is too large to find one in time.
 *
 * Once every mentor is held to one form, the one-form rule is met by any
 * answer, and what is left is the quota problem without it, which the
 * reduced quota ILP solves fast (a generated district in about 20 s).
 * Each mentor keeps the form most of its pairs have in the answer without
 * the side constraints (the hint); a mentor with none there takes the form
 * of its best pair; a form whose min_pairs the held forms cannot reach
 * takes more mentors. Each mentee brings its best pairs in the held forms,
 * to keep that problem small. Then mentors the answer leaves idle move to
 * forms where mentees wait, and it is solved again. */
#include "solverint.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Pairs per mentee in the held problem (with the hint's and fixed ones). */
#define START_PER_MENTEE 16
/* Passes that move idle mentors to other forms, at most. */
#define START_PASSES 3
/* Each solve of the held problem gets this much at least. */
#define START_MIN_SECONDS 0.5

/* The form each mentor is held to (UINT32_MAX: none usable). NV_EFAIL when
 * a mentor's fixed pairs span two forms. */
static int held_forms(const nv_asg *a, const uint8_t *hint, const int64_t *val, uint32_t *held)
{
	size_t E = a->n_edges, R = a->n_mentors, F = a->n_forms ? a->n_forms : 1;
	size_t *cnt = nv_xcalloc(R * F + 1, sizeof *cnt);
	int64_t *sum = nv_xcalloc(R * F + 1, sizeof *sum);
	int64_t *top = nv_xmalloc((R + 1) * sizeof *top);
	uint32_t *fixed = nv_xmalloc((R + 1) * sizeof *fixed);
	int rc = NV_OK;
	for (size_t m = 0; m < R; m++) {
		held[m] = fixed[m] = UINT32_MAX;
		top[m] = INT64_MIN;
	}
	for (size_t e = 0; e < E; e++) {
		uint8_t fl = nv_asg_flags(a, e);
		uint32_t m = a->mentor[e], f = nv_asg_form(a, e);
		if (fl & NV_EDGE_FORBIDDEN)
			continue;
		if (fl & NV_EDGE_FIXED) {
			if (fixed[m] != UINT32_MAX && fixed[m] != f)
				rc = NV_EFAIL;
			fixed[m] = f;
		}
		if (hint && hint[e]) {
			cnt[(size_t)m * F + f]++;
			sum[(size_t)m * F + f] += val[e];
		}
		if (val[e] > top[m] || (val[e] == top[m] && f < held[m])) {
			top[m] = val[e];
			held[m] = f;
		}
	}
	for (size_t m = 0; m < R; m++) {
		if (fixed[m] != UINT32_MAX) {
			held[m] = fixed[m];
			continue;
		}
		size_t best = 0;
		for (size_t f = 0; f < F; f++) {
			size_t k = m * F + f, b = m * F + held[m];
			if (cnt[k] > best || (cnt[k] == best && best > 0 && sum[k] > sum[b])) {
				best = cnt[k];
				held[m] = (uint32_t)f;
			}
		}
	}
	free(cnt);
	free(sum);
	free(top);
	free(fixed);
	return rc;
}

/* Per mentee, its START_PER_MENTEE best pairs in the held forms, plus the
 * fixed ones and the hint's: sel[e] = 1. */
static void start_pairs(const nv_asg *a, const uint8_t *hint, const int64_t *val,
                        const uint32_t *held, uint8_t *sel)
{
	size_t E = a->n_edges;
	uint8_t *use = nv_xmalloc(E + 1);
	for (size_t e = 0; e < E; e++) {
		uint8_t fl = nv_asg_flags(a, e);
		int in_form = !(fl & NV_EDGE_FORBIDDEN) && nv_asg_form(a, e) == held[a->mentor[e]];
		sel[e] = in_form && ((fl & NV_EDGE_FIXED) || (hint && hint[e]));
		/* ranked: the rest in the held forms worth taking */
		use[e] = in_form && !sel[e] && !(a->objective == NV_OBJ_SCORE && val[e] <= 0);
	}
	nv_best_per_mentee(a, val, use, START_PER_MENTEE, sel);
	free(use);
}

/* The held problem: each mentee's best pairs in the held forms (and the
 * fixed ones, and keep[]'s) solved without the one-form rule. */
static int held_solve(const nv_asg *a, const uint8_t *keep, const int64_t *val,
                      const uint32_t *held, double time_limit, uint8_t *sel, uint32_t *map,
                      uint8_t *chosen)
{
	size_t E = a->n_edges, n = 0;
	start_pairs(a, keep, val, held, sel);
	for (size_t e = 0; e < E; e++)
		if (sel[e])
			map[n++] = (uint32_t)e;
	nv_asg_sub sub;
	nv_asg_sub_make(a, map, n, &sub);
	sub.a.one_form_per_mentor = 0; /* each mentor has one form here */
	sub.a.region = NULL;
	if (a->objective != NV_OBJ_SCORE) {
		/* Most pairs, then the largest total, would take GLPK a count
		 * stage that is slow on large problems (its LP is degenerate):
		 * one stage weighing each pair 2 plus its value within [0, 1]
		 * comes close, and a start need not be optimal. */
		int64_t vmin = INT64_MAX, vmax = INT64_MIN;
		for (size_t k = 0; k < n; k++) {
			vmin = val[map[k]] < vmin ? val[map[k]] : vmin;
			vmax = val[map[k]] > vmax ? val[map[k]] : vmax;
		}
		double range = vmax > vmin ? (double)(vmax - vmin) : 1.0;
		for (size_t k = 0; k < n; k++)
			sub.score[k] =
			        2.0 + round((double)(val[map[k]] - vmin) * 1e6 / range) * 1e-6;
		sub.a.objective = NV_OBJ_SCORE;
		sub.a.minimize = 0;
	}
	nv_solve_params p;
	nv_solve_params_init(&p);
	p.time_limit = time_limit;
	nv_solution *s = NULL;
	int rc = nv_asg_solve(&sub.a, &p, &s);
	if (rc == NV_OK) {
		memset(chosen, 0, E + 1);
		for (size_t k = 0; k < s->n_chosen; k++)
			chosen[map[s->chosen[k]]] = 1;
	}
	nv_solution_free(s);
	nv_asg_sub_free(&sub);
	return rc;
}

/* Mentors the answer ans[] left without pairs move to the form in which
 * they have most pairs to mentees it left unmatched, among the forms below
 * their max_pairs there. How many moved. */
static size_t rehold(const nv_asg *a, const uint8_t *ans, uint32_t *held)
{
	size_t E = a->n_edges, R = a->n_mentors, L = a->n_mentees;
	size_t F = a->n_forms ? a->n_forms : 1, moved = 0;
	uint8_t *busy = nv_xcalloc(R + L + 1, 1); /* mentors, then mentees */
	size_t *taken = nv_xcalloc(F + 1, sizeof *taken);
	size_t *cnt = nv_xcalloc(R * F + 1, sizeof *cnt);
	for (size_t e = 0; e < E; e++)
		if (ans[e] || (nv_asg_flags(a, e) & NV_EDGE_FIXED)) {
			busy[a->mentor[e]] = busy[R + a->mentee[e]] = 1;
			taken[nv_asg_form(a, e)] += ans[e];
		}
	for (size_t e = 0; e < E; e++)
		if (!busy[a->mentor[e]] && !busy[R + a->mentee[e]] &&
		    !(nv_asg_flags(a, e) & NV_EDGE_FORBIDDEN))
			cnt[(size_t)a->mentor[e] * F + nv_asg_form(a, e)]++;
	for (size_t m = 0; m < R; m++) {
		if (busy[m] || held[m] == UINT32_MAX)
			continue;
		uint32_t to = held[m];
		int32_t top = nv_asg_qmax(a, to);
		size_t best = top >= 0 && taken[to] >= (size_t)top ? 0 : cnt[m * F + to];
		for (size_t f = 0; f < F; f++) {
			int32_t hi = nv_asg_qmax(a, f);
			if (cnt[m * F + f] > best && (hi < 0 || taken[f] < (size_t)hi)) {
				best = cnt[m * F + f];
				to = (uint32_t)f;
			}
		}
		moved += to != held[m];
		held[m] = to;
	}
	free(busy);
	free(taken);
	free(cnt);
	return moved;
}

/* A mentor that may move into a form, and what orders the candidates. */
typedef struct mover {
	size_t pairs, in_form;
	uint32_t m;
} mover;

static int mover_cmp(const void *x, const void *y)
{
	const mover *p = x, *q = y;
	if (p->pairs != q->pairs)
		return p->pairs < q->pairs ? -1 : 1;
	if (p->in_form != q->in_form)
		return p->in_form > q->in_form ? -1 : 1;
	return p->m < q->m ? -1 : p->m > q->m;
}

/* For each form with a min_pairs the held forms may not reach (the
 * capacity held to it, counted up to each mentor's pairs there, below
 * factor times the minimum), mentors move into it: those with the fewest
 * pairs in hint first, then those with most pairs in that form. How many
 * moved. */
static size_t hold_for_minimums(const nv_asg *a, const uint8_t *hint, double factor, uint32_t *held)
{
	size_t E = a->n_edges, R = a->n_mentors, F = a->n_forms ? a->n_forms : 1, moved = 0;
	size_t *arcs = nv_xcalloc(R * F + 1, sizeof *arcs);
	size_t *pairs = nv_xcalloc(R + 1, sizeof *pairs);
	uint8_t *fixed = nv_xcalloc(R + 1, 1);
	mover *cand = nv_xmalloc((R + 1) * sizeof *cand);
	for (size_t e = 0; e < E; e++) {
		uint8_t fl = nv_asg_flags(a, e);
		if (fl & NV_EDGE_FORBIDDEN)
			continue;
		arcs[(size_t)a->mentor[e] * F + nv_asg_form(a, e)]++;
		pairs[a->mentor[e]] += hint && hint[e];
		fixed[a->mentor[e]] |= (fl & NV_EDGE_FIXED) != 0;
	}
	for (size_t f = 0; f < F; f++) {
		int32_t lo = nv_asg_qmin(a, f);
		if (lo <= 0)
			continue;
		double have = 0, need = factor * (double)lo;
		size_t n = 0;
		for (size_t m = 0; m < R; m++) {
			size_t k = arcs[m * F + f], c = (size_t)nv_asg_cap(a, m);
			if (held[m] == f)
				have += (double)(k < c ? k : c);
			else if (k > 0 && !fixed[m] && c > 0)
				cand[n++] = (mover){pairs[m], k, (uint32_t)m};
		}
		qsort(cand, n, sizeof *cand, mover_cmp);
		for (size_t j = 0; j < n && have < need; j++) {
			size_t c = (size_t)nv_asg_cap(a, cand[j].m);
			held[cand[j].m] = (uint32_t)f;
			have += (double)(cand[j].in_form < c ? cand[j].in_form : c);
			moved++;
		}
	}
	free(arcs);
	free(pairs);
	free(fixed);
	free(cand);
	return moved;
}

/* Seconds left of limit since t0, START_MIN_SECONDS at least. */
static double time_left(double t0, double limit)
{
	double left = limit - (nv_now() - t0);
	return left > START_MIN_SECONDS ? left : START_MIN_SECONDS;
}

int nv_quota_start(const nv_asg *a, const uint8_t *hint, double time_limit, uint8_t *chosen)
{
	size_t E = a->n_edges, R = a->n_mentors;
	double t0 = nv_now();
	int64_t *val = nv_xmalloc((E + 1) * sizeof *val);
	for (size_t e = 0; e < E; e++)
		val[e] = nv_asg_value(a, e);
	uint32_t *held = nv_xmalloc((R + 1) * sizeof *held);
	uint8_t *sel = nv_xmalloc(E + 1), *next = nv_xmalloc(E + 1);
	uint32_t *map = nv_xmalloc((E + 1) * sizeof *map);
	int rc = held_forms(a, hint, val, held);
	/* min_pairs the held forms cannot meet: more mentors held to those
	 * forms (for 1.5 times each minimum, then 3, 6, 12) while the quotas
	 * still cannot be met */
	double factor = 1.5;
	if (rc == NV_OK) {
		hold_for_minimums(a, hint, factor, held);
		rc = held_solve(a, hint, val, held, time_left(t0, time_limit), sel, map, chosen);
	}
	while (rc == NV_EINFEAS && (factor *= 2) < 24 && hold_for_minimums(a, hint, factor, held))
		rc = held_solve(a, hint, val, held, time_left(t0, time_limit), sel, map, chosen);
	/* Then the mentors left idle try the forms where mentees wait, while
	 * that adds pairs (the last answer stays in the problem, so the next
	 * is never worse), up to START_PASSES: a count, not the time, so that
	 * the answer does not depend on the machine (the time limit cuts a
	 * pass short only as a safety net, and the last answer stands). */
	for (int pass = 0; rc == NV_OK && pass < START_PASSES; pass++) {
		if (time_limit - (nv_now() - t0) < START_MIN_SECONDS ||
		    rehold(a, chosen, held) == 0)
			break;
		if (held_solve(a, chosen, val, held, time_left(t0, time_limit), sel, map, next) !=
		    NV_OK)
			break;
		size_t was = 0, now = 0;
		for (size_t e = 0; e < E; e++) {
			was += chosen[e];
			now += next[e];
		}
		if (now <= was && a->objective != NV_OBJ_SCORE)
			break;
		memcpy(chosen, next, E + 1);
	}
	free(val);
	free(held);
	free(sel);
	free(next);
	free(map);
	return rc;
}
