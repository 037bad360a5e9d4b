/* maximin.c (the maximin objective under one form per mentor, without
 * quotas: the count, the threshold and the total, each by the form search
 * rather than one large ILP)
 *
 * As the network path does it: K, the most pairs the rule allows (the form
 * search with every score taken as equal: a count alone); then the largest
 * threshold t at which the pairs scoring >= t (fixed pairs are exempt)
 * still give K pairs; then the largest total on those pairs. A threshold
 * is feasible when such a count search there finds K pairs and infeasible
 * when it proves fewer; when the time limit leaves it undecided it counts
 * as infeasible and the answer is marked unproven. The network maximin's
 * threshold (a relaxation: when K is the network's count, nothing above it
 * is feasible) is tried first, then the value above it, then bisection
 * (skewed low when K is the relaxation's count: see the loop).
 * Last, the full search (coverage) on the pairs >= t in the time left; it
 * replaces the count search's answer at t only when better. Under
 * p->quick every search is quick (no branch and bound) and the time limit
 * is not read: the answer then serves to price left-out pairs. Each search
 * is a whole nv_asg_solve on the pairs >= t, with the objective coverage,
 * and its duals price pairs a pruned problem left out (nv_maximin_proof). */
#include "solverint.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct probe {
	size_t count, bound; /* pairs found; most pairs possible (proven) */
	int64_t total;       /* sum of the chosen values */
	int proven;
	double gap;
	char stop[NV_STOP_LEN]; /* what stopped its search when unproven, else "" */
} probe;

/* The progress of several searches on one scale: the k-th search (from 0)
 * runs from 1 - 0.7^k to 1 - 0.7^(k + 1), so the share only moves forward
 * however many there are. */
typedef struct slices {
	void (*fn)(void *ud, double done);
	void *ud;
	int k;
	double lo, hi;
} slices;

static void slice_done(void *ud, double done)
{
	slices *sl = ud;
	sl->fn(sl->ud, sl->lo + (sl->hi - sl->lo) * done);
}

/* Coverage on the fixed pairs and the other pairs worth >= thr (card: all
 * scores taken as equal, the most pairs alone, which the search proves
 * fast); the answer into ch (indices of a). */
static int probe_at(const nv_asg *a, const nv_solve_params *p, int64_t thr, int card,
                    double deadline, uint8_t *ch, probe *pr, nv_solution **keep,
                    nv_solver_kind *used, char *msg, size_t msgsz)
{
	size_t E = a->n_edges, n = 0;
	uint32_t *map = nv_xmalloc((E + 1) * sizeof *map);
	for (size_t e = 0; e < E; e++) {
		uint8_t fl = nv_asg_flags(a, e);
		if ((fl & NV_EDGE_FIXED) ||
		    (!(fl & NV_EDGE_FORBIDDEN) && nv_asg_value(a, e) >= thr))
			map[n++] = (uint32_t)e;
	}
	nv_asg_sub sub;
	nv_asg_sub_make(a, map, n, &sub);
	if (card)
		for (size_t k = 0; k < n; k++)
			sub.score[k] = 1.0;
	sub.a.objective = NV_OBJ_COVERAGE;
	nv_solve_params q = *p;
	q.model_path = NULL; /* p->quick holds for every search */
	if (q.progress) { /* slice_done (nv_forms_maximin): the next slice */
		slices *sl = q.progress_ud;
		sl->lo = 1 - pow(0.7, sl->k);
		sl->hi = 1 - pow(0.7, ++sl->k);
	}
	double left = deadline - nv_now();
	q.time_limit = left > 1e-3 ? left : 1e-3;
	nv_solution *r = NULL;
	int rc = nv_asg_solve(&sub.a, &q, &r);
	if (r && r->used == NV_SOLVER_GLPK)
		*used = NV_SOLVER_GLPK;
	if (rc == NV_OK) {
		memset(ch, 0, E);
		pr->total = 0;
		for (size_t k = 0; k < r->n_chosen; k++) {
			ch[map[r->chosen[k]]] = 1;
			pr->total += nv_asg_value(a, map[r->chosen[k]]);
		}
		pr->count = r->n_chosen;
		pr->bound = r->n_chosen + r->gap_pairs;
		pr->proven = r->proven;
		pr->gap = r->gap;
		snprintf(pr->stop, sizeof pr->stop, "%s", nv_solution_stop(r));
	} else {
		snprintf(msg, msgsz, "%s", r->proof);
	}
	if (keep && rc == NV_OK) {
		nv_solution_free(*keep);
		*keep = r;
	} else {
		nv_solution_free(r);
	}
	free(map);
	nv_asg_sub_free(&sub);
	return rc;
}

int64_t nv_lowest_of(const nv_asg *a, const uint8_t *ch)
{
	int64_t low = INT64_MAX;
	for (size_t e = 0; e < a->n_edges; e++)
		if (ch[e] && !(nv_asg_flags(a, e) & NV_EDGE_FIXED) && nv_asg_value(a, e) < low)
			low = nv_asg_value(a, e);
	return low;
}

int nv_forms_maximin(const nv_asg *a, const nv_solve_params *p, double deadline, uint8_t *chosen,
                     nv_solution *s, int *unproven, nv_maximin_proof *mp, char *msg, size_t msgsz)
{
	size_t E = a->n_edges;
	memset(mp, 0, sizeof *mp);
	s->used = NV_SOLVER_FLOW; /* GLPK when a search of it ran GLPK */
	nv_solve_params pp = *p;
	slices sl = {p->progress, p->progress_ud, 0, 0, 0};
	if (p->progress) {
		pp.progress = slice_done;
		pp.progress_ud = &sl;
	}
	p = &pp;
	/* the network maximin's count and threshold, from chosen */
	size_t k_net = 0;
	for (size_t e = 0; e < E; e++)
		k_net += chosen[e] != 0;
	int64_t t_net = nv_lowest_of(a, chosen);

	uint8_t *best = nv_xcalloc(E + 1, 1), *ch = nv_xcalloc(E + 1, 1);
	int64_t *vals = nv_xmalloc((E + 1) * sizeof *vals);
	probe pk = {0}, pb, pc;
	/* a third of the time for the count, half of what is left for each
	 * threshold tried, the rest for the total */
	double now = nv_now();
	int rc = probe_at(a, p, INT64_MIN, 1, now + (deadline - now) / 3, best, &pk, &mp->sol[0], &s->used,
	                  msg, msgsz);
	if (rc != NV_OK)
		goto out;
	mp->thr[0] = INT64_MIN;
	mp->card[0] = 1;
	size_t K = pk.count, probes = 1;
	int t_proven = 1, total_proven = 0, final_taken = 0;
	/* what left the threshold or the total unproven, for the proof */
	char t_why[NV_STOP_LEN] = "", total_why[NV_STOP_LEN] = "time limit reached";
	pb = pk;

	/* the thresholds: every distinct value of a pair that may be chosen */
	size_t nv = 0;
	for (size_t e = 0; e < E; e++)
		if (!(nv_asg_flags(a, e) & (NV_EDGE_FIXED | NV_EDGE_FORBIDDEN)))
			vals[nv++] = nv_asg_value(a, e);
	nv = nv_sort_unique_i64(vals, nv);
	int64_t low = nv_lowest_of(a, best);
	if (low != INT64_MAX) {
		/* lo: feasible (best is the witness); hi: infeasible (nv: none);
		 * the relaxation's threshold first when K is its count */
		size_t lo = 0, hi = nv, first = nv;
		while (vals[lo] != low)
			lo++;
		if (K == k_net && t_net != INT64_MAX) {
			size_t i = lo;
			while (i < nv && vals[i] < t_net)
				i++;
			if (i < nv && vals[i] == t_net)
				first = i;
		}
		int hi_proven = 1; /* the probe at hi proved it infeasible */
		size_t next = first;
		while (hi - lo > 1) {
			if (!p->quick && nv_now() >= deadline) {
				t_proven = 0;
				snprintf(t_why, sizeof t_why, "time limit reached");
				break;
			}
			/* With K the relaxation's count, a probe that finds K pairs
			 * is proven at once, while one that cannot takes a long search
			 * (GLPK, often): probes low in the interval make few of those. */
			size_t step = K == k_net ? (hi - lo + 7) / 8 : (hi - lo) / 2;
			size_t mid = next > lo && next < hi ? next : lo + step;
			next = nv;
			now = nv_now();
			nv_solution *ps = NULL;
			rc = probe_at(a, p, vals[mid], 1, now + (deadline - now) / 2, ch, &pc, &ps, &s->used,
			              msg, msgsz);
			probes++;
			if (rc != NV_OK)
				break;
			if (pc.count >= K) {
				lo = mid;
				pb = pc;
				memcpy(best, ch, E);
				nv_solution_free(ps);
				if (mid == first) /* the next value up: infeasible, likely */
					next = mid + 1;
			} else {
				hi = mid;
				hi_proven = pc.bound < K;
				snprintf(t_why, sizeof t_why, "%s", *pc.stop ? pc.stop : "no proof");
				nv_solution_free(mp->sol[1]);
				mp->sol[1] = ps;
			}
		}
		if (rc != NV_OK)
			goto out;
		if (!hi_proven)
			t_proven = 0; /* not told apart: counted infeasible */
		/* the total: the whole search at the threshold, in the time left */
		low = vals[lo];
		if (p->quick || nv_now() < deadline) {
			rc = probe_at(a, p, low, 0, deadline, ch, &pc, &mp->sol[2], &s->used, msg, msgsz);
			if (rc != NV_OK)
				goto out;
			snprintf(total_why, sizeof total_why, "%s", *pc.stop ? pc.stop : "no proof");
			if (pc.count > pb.count || (pc.count == pb.count && pc.total >= pb.total)) {
				pb = pc;
				memcpy(best, ch, E);
				total_proven = pc.proven;
				final_taken = 1;
			}
		}
		if (!final_taken) {
			/* the count search's witness stands: no certificate for its
			 * total, so any pair >= the threshold may improve it */
			nv_solution_free(mp->sol[2]);
			mp->sol[2] = NULL;
		}
		mp->thr[2] = low;
		/* S has no value strictly between vals[lo] and vals[hi], so a
		 * pair left out above vals[lo] is priced against the probe at hi */
		mp->thr[1] = low + 1;
		mp->card[1] = 1;
		mp->n = 3;
	} else {
		total_proven = 1; /* fixed pairs only */
		mp->n = 1;
	}
	memcpy(chosen, best, E);
	*unproven = !(pk.count == pk.bound && t_proven && total_proven);
	s->gap_pairs = pk.bound > pk.count ? pk.bound - pk.count : 0;
	/* the total's gap: the last search's, at the threshold, when that is
	 * the optimum's and its answer was taken; otherwise only each
	 * mentee's best pair bounds the total of an answer of K pairs (a
	 * total search that ends short of K pairs leaves pb the count
	 * search's, whose gap says nothing of the total: every pair weighs
	 * the same there) */
	s->gap = !*unproven ? 0
	         : t_proven && final_taken
	                 ? pb.gap
	                 : (double)(nv_best_total(a, (int64_t)K) - pb.total) / 1e6;
	if (s->gap < 0)
		s->gap = 0;
	mp->total_gap = *unproven && pk.count == pk.bound && t_proven && final_taken &&
	                !total_proven && mp->sol[2];
	s->threshold_proven = pk.count == pk.bound && t_proven;
	/* two reasons of NV_STOP_LEN at most and the words: it fits */
	int len = snprintf(s->proof, sizeof s->proof,
	                   "maximin under one form per mentor by the form search: %zu pair%s (%s); "
	                   "the threshold %s after %zu search%s%s%s; then the total %s%s%s",
	                   K, nv_s(K), pk.count == pk.bound ? "proven" : "not proven",
	                   t_proven ? "proven" : "not proven", probes, probes == 1 ? "" : "es",
	                   t_proven ? "" : ": ", t_proven ? "" : t_why,
	                   total_proven ? "proven" : "not proven", total_proven ? "" : ": ",
	                   total_proven ? "" : total_why);
	NV_ASSERT(len > 0 && (size_t)len < sizeof s->proof);
out:
	free(vals);
	free(best);
	free(ch);
	return rc;
}
