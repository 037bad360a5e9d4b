/* conflict.c (why a problem is infeasible, and the smallest change)
 *
 * Checked before any solving: a pair both fixed and forbidden, a mentee
 * fixed to two mentors, a mentor fixed beyond its capacity or (one form
 * per mentor) in two forms, fixed pairs above a form's max_pairs, and a
 * form whose min_pairs exceeds the most pairs it could ever reach (its
 * fixed pairs plus a maximum b-matching on its free edges), with the
 * fixed pairs in play named when it could without them. */
#include "solverint.h"

#include <stdlib.h>
#include <string.h>

void nv_conflict_add(nv_solution *s, nv_conflict_kind kind, int64_t mentor,
                     int64_t mentee, int64_t form, const uint32_t *edges,
                     size_t n_edges, long limit, long need)
{
	s->conflicts = nv_xreallocarray(s->conflicts, s->n_conflicts + 1,
	                                sizeof *s->conflicts);
	nv_conflict *c = &s->conflicts[s->n_conflicts++];
	c->kind = kind;
	c->mentor = mentor;
	c->mentee = mentee;
	c->form = form;
	c->n_edges = n_edges;
	c->edges = nv_xmalloc((n_edges + 1) * sizeof *c->edges);
	if (n_edges)
		memcpy(c->edges, edges, n_edges * sizeof *edges);
	c->limit = limit;
	c->need = need;
	c->quota = NULL;
	c->one_form = 0;
}

/* Fixed edges grouped by key (mentee, mentor or form): CSR of edge ids. */
static void group_fixed(const nv_asg *a, size_t nkeys, int by, size_t **off_out,
                        uint32_t **ids_out)
{
	size_t *off = nv_xcalloc(nkeys + 2, sizeof *off);
	uint32_t *ids = nv_xmalloc((a->n_edges + 1) * sizeof *ids);
	for (int pass = 0; pass < 2; pass++) {
		for (size_t e = 0; e < a->n_edges; e++) {
			if (!(nv_asg_flags(a, e) & NV_EDGE_FIXED))
				continue;
			size_t k = by == 0 ? a->mentee[e] : by == 1 ? a->mentor[e] : nv_asg_form(a, e);
			if (pass == 0)
				off[k + 2]++;
			else
				ids[off[k + 1]++] = (uint32_t)e;
		}
		if (pass == 0)
			for (size_t k = 0; k < nkeys; k++)
				off[k + 2] += off[k + 1];
	}
	*off_out = off;
	*ids_out = ids;
}

/* The most pairs form f can have: its fixed pairs plus a maximum
 * b-matching of its free edges on the capacity the fixed pairs leave.
 * With free_all, fixed pairs count as free ones (rcap the capacities,
 * nobody fixed): what the form could reach without them. */
static long reachable(const nv_asg *a, uint32_t f, const int32_t *rcap, const uint8_t *fixed_mentee,
                      const uint8_t *other_form, int free_all)
{
	size_t L = a->n_mentees, R = a->n_mentors;
	long fixed = 0;
	uint32_t *off = nv_xcalloc(L + 2, sizeof *off);
	uint32_t *right = nv_xmalloc((a->n_edges + 1) * sizeof *right);
	int64_t *w = nv_xmalloc((a->n_edges + 1) * sizeof *w);
	int32_t *cap = nv_xmalloc((R + 1) * sizeof *cap);
	for (size_t m = 0; m < R; m++)
		cap[m] = rcap[m] > 0 ? rcap[m] : 1;
	for (int pass = 0; pass < 2; pass++) {
		for (size_t e = 0; e < a->n_edges; e++) {
			uint8_t fl = nv_asg_flags(a, e);
			uint32_t i = a->mentee[e], m = a->mentor[e];
			if (nv_asg_form(a, e) != f || (fl & NV_EDGE_FORBIDDEN))
				continue;
			if ((fl & NV_EDGE_FIXED) && !free_all) {
				fixed += pass == 0;
				continue;
			}
			if (fixed_mentee[i] || rcap[m] <= 0 || other_form[m])
				continue;
			if (pass == 0) {
				off[i + 2]++;
			} else {
				right[off[i + 1]] = m;
				w[off[i + 1]++] = 1;
			}
		}
		if (pass == 0)
			for (size_t i = 0; i < L; i++)
				off[i + 2] += off[i + 1];
	}
	nv_bm g = {.n_left = (uint32_t)L, .n_right = (uint32_t)R, .off = off,
	           .right = right, .w = w, .cap = cap};
	uint8_t *flow = nv_xmalloc((size_t)off[L] + 1);
	int64_t *u = nv_xmalloc((L + 1) * sizeof *u), *v = nv_xmalloc((R + 1) * sizeof *v);
	nv_bm_solve(&g, flow, u, v);
	long n = fixed;
	for (size_t k = 0; k < off[L]; k++)
		n += flow[k];
	free(off);
	free(right);
	free(w);
	free(cap);
	free(flow);
	free(u);
	free(v);
	return n;
}

size_t nv_conflicts_find(const nv_asg *a, nv_solution *s)
{
	size_t E = a->n_edges, L = a->n_mentees, R = a->n_mentors, F = a->n_forms;
	size_t *off;
	uint32_t *ids;

	for (size_t e = 0; e < E; e++) {
		uint8_t fl = nv_asg_flags(a, e);
		if ((fl & NV_EDGE_FIXED) && (fl & NV_EDGE_FORBIDDEN)) {
			uint32_t id = (uint32_t)e;
			nv_conflict_add(s, NV_CONFLICT_FIXED_FORBIDDEN, a->mentor[e],
			                a->mentee[e], -1, &id, 1, 0, 1);
		}
	}
	group_fixed(a, L, 0, &off, &ids);
	for (size_t i = 0; i < L; i++)
		if (off[i + 1] - off[i] > 1)
			nv_conflict_add(s, NV_CONFLICT_FIXED_MENTEE, -1, (int64_t)i, -1,
			                ids + off[i], off[i + 1] - off[i], 1,
			                (long)(off[i + 1] - off[i]));
	free(off);
	free(ids);
	group_fixed(a, R, 1, &off, &ids);
	for (size_t m = 0; m < R; m++) {
		size_t n = off[m + 1] - off[m];
		if ((long)n > nv_asg_cap(a, m))
			nv_conflict_add(s, NV_CONFLICT_FIXED_CAPACITY, (int64_t)m, -1, -1,
			                ids + off[m], n, nv_asg_cap(a, m), (long)n);
		if (a->one_form_per_mentor && n > 1) {
			long forms = 0;
			for (size_t k = off[m]; k < off[m + 1]; k++) {
				int seen = 0;
				for (size_t j = off[m]; j < k; j++)
					seen |= nv_asg_form(a, ids[j]) == nv_asg_form(a, ids[k]);
				forms += !seen;
			}
			if (forms > 1)
				nv_conflict_add(s, NV_CONFLICT_FIXED_FORMS, (int64_t)m, -1, -1,
				                ids + off[m], n, 1, forms);
		}
	}
	free(off);
	free(ids);
	if (F) {
		group_fixed(a, F, 2, &off, &ids);
		for (size_t f = 0; f < F; f++) {
			size_t n = off[f + 1] - off[f];
			if (nv_asg_qmax(a, f) >= 0 && (long)n > nv_asg_qmax(a, f))
				nv_conflict_add(s, NV_CONFLICT_QUOTA_MAX, -1, -1, (int64_t)f,
				                ids + off[f], n, nv_asg_qmax(a, f), (long)n);
		}
		free(off);
		free(ids);
	}
	if (s->n_conflicts || !F)
		return s->n_conflicts;

	/* Quotas that no assignment can reach. */
	int32_t *rcap = nv_xmalloc((R + 1) * sizeof *rcap);
	uint8_t *fixed_mentee = nv_xcalloc(L + 1, 1);
	int64_t *fixed_form = nv_xmalloc((R + 1) * sizeof *fixed_form);
	uint8_t *other = nv_xcalloc(R + 1, 1);
	for (size_t m = 0; m < R; m++) {
		rcap[m] = nv_asg_cap(a, m);
		fixed_form[m] = -1;
	}
	int32_t *cap = nv_xmalloc((R + 1) * sizeof *cap);
	uint8_t *none = nv_xcalloc((L > R ? L : R) + 1, 1);
	uint8_t *touch_m = nv_xmalloc(R + 1), *touch_e = nv_xmalloc(L + 1);
	uint32_t *in_play = nv_xmalloc((E + 1) * sizeof *in_play);
	size_t n_fixed = 0;
	memcpy(cap, rcap, R * sizeof *cap);
	for (size_t e = 0; e < E; e++)
		if (nv_asg_flags(a, e) & NV_EDGE_FIXED) {
			n_fixed++;
			rcap[a->mentor[e]]--;
			fixed_mentee[a->mentee[e]] = 1;
			fixed_form[a->mentor[e]] = nv_asg_form(a, e);
		}
	for (size_t f = 0; f < F; f++) {
		int32_t qmin = nv_asg_qmin(a, f), qmax = nv_asg_qmax(a, f);
		if (qmin <= 0)
			continue;
		if (qmax >= 0 && qmax < qmin) {
			nv_conflict_add(s, NV_CONFLICT_QUOTA_MIN, -1, -1, (int64_t)f, NULL, 0,
			                qmin, qmax);
			continue;
		}
		for (size_t m = 0; m < R; m++)
			other[m] = a->one_form_per_mentor && fixed_form[m] >= 0 &&
			           fixed_form[m] != (int64_t)f;
		long n = reachable(a, (uint32_t)f, rcap, fixed_mentee, other, 0);
		if (n >= qmin)
			continue;
		/* Reachable without the fixed pairs: those that take a mentor or a
		 * mentee of the form's pairs are in the conflict (by the one-form
		 * rule, their places or their mentees). */
		size_t n_in = 0;
		if (n_fixed && reachable(a, (uint32_t)f, cap, none, none, 1) >= qmin) {
			memset(touch_m, 0, R);
			memset(touch_e, 0, L);
			for (size_t e = 0; e < E; e++)
				if (nv_asg_form(a, e) == f &&
				    !(nv_asg_flags(a, e) & NV_EDGE_FORBIDDEN)) {
					touch_m[a->mentor[e]] = 1;
					touch_e[a->mentee[e]] = 1;
				}
			for (size_t e = 0; e < E; e++)
				if ((nv_asg_flags(a, e) & NV_EDGE_FIXED) &&
				    (touch_m[a->mentor[e]] || touch_e[a->mentee[e]]))
					in_play[n_in++] = (uint32_t)e;
		}
		nv_conflict_add(s, NV_CONFLICT_QUOTA_MIN, -1, -1, (int64_t)f, in_play, n_in, qmin,
		                n);
	}
	free(cap);
	free(none);
	free(touch_m);
	free(touch_e);
	free(in_play);
	free(rcap);
	free(fixed_mentee);
	free(fixed_form);
	free(other);
	return s->n_conflicts;
}

/* --- narrowing a joint conflict --- */

/* Fixed pairs tried one at a time, at most (past it, all or none). */
#define NARROW_FIXED 32
/* Seconds for one try, and for all of them: past those a constraint not
 * yet tried stays in the set (still a set that cannot hold, maybe not the
 * smallest). */
#define NARROW_TRY_SECONDS 20.0
#define NARROW_SECONDS 60.0

typedef struct {
	const nv_asg *a;
	nv_solve_params p;
	int32_t *qmin, *qmax; /* the quotas of the try, -1 for none */
	uint8_t *flags;       /* the edges' flags of the try */
	int one_form;
	double until;
} trial;

/* Whether the constraints the try keeps are proven unable to hold
 * together; 0 when they can, or the time ran out. */
static int cannot_hold(trial *t)
{
	double left = t->until - nv_now();
	if (left <= 0)
		return 0;
	nv_asg b = *t->a;
	b.form_min = t->qmin;
	b.form_max = t->qmax;
	b.flags = t->flags;
	b.one_form_per_mentor = t->one_form;
	b.hint = NULL;
	t->p.time_limit = left < NARROW_TRY_SECONDS ? left : NARROW_TRY_SECONDS;
	nv_solution *s = NULL;
	int rc = nv_asg_solve_plain(&b, &t->p, &s);
	nv_solution_free(s);
	return rc == NV_EINFEAS;
}

/* Drops the quota *v (to -1, none) for good when the rest still cannot
 * hold. */
static void try_drop_quota(trial *t, int32_t *v)
{
	int32_t was = *v;
	*v = -1;
	if (!cannot_hold(t))
		*v = was;
}

static int try_drop_fixed(trial *t, const uint32_t *ids, size_t n)
{
	for (size_t k = 0; k < n; k++)
		t->flags[ids[k]] &= (uint8_t)~NV_EDGE_FIXED;
	if (cannot_hold(t))
		return 1;
	for (size_t k = 0; k < n; k++)
		t->flags[ids[k]] |= NV_EDGE_FIXED;
	return 0;
}

void nv_conflict_narrow(const nv_asg *a, const nv_solve_params *p, nv_solution *s)
{
	NV_ASSERT(s->n_conflicts == 1 && s->conflicts[0].kind == NV_CONFLICT_OTHER);
	size_t F = a->n_forms, E = a->n_edges;
	trial t = {.a = a, .one_form = a->one_form_per_mentor, .until = nv_now() + NARROW_SECONDS};
	if (p)
		t.p = *p;
	else
		nv_solve_params_init(&t.p);
	t.p.model_path = NULL;
	t.p.progress = NULL;
	t.qmin = nv_xmalloc((F + 1) * sizeof *t.qmin);
	t.qmax = nv_xmalloc((F + 1) * sizeof *t.qmax);
	for (size_t f = 0; f < F; f++) {
		t.qmin[f] = a->form_min && a->form_min[f] > 0 ? a->form_min[f] : -1;
		t.qmax[f] = a->form_max && a->form_max[f] >= 0 ? a->form_max[f] : -1;
	}
	t.flags = nv_xcalloc(E + 1, 1);
	uint32_t *fixed = nv_xmalloc((E + 1) * sizeof *fixed);
	size_t n_fixed = 0;
	for (size_t e = 0; e < E; e++) {
		t.flags[e] = nv_asg_flags(a, e);
		if (t.flags[e] & NV_EDGE_FIXED)
			fixed[n_fixed++] = (uint32_t)e;
	}
	/* The quotas in form order, then the fixed pairs (all at once, then
	 * one by one), then the one-form rule: each dropped for good when the
	 * rest still cannot hold, so every one left is needed. */
	for (size_t f = 0; f < F; f++) {
		if (t.qmin[f] > 0)
			try_drop_quota(&t, &t.qmin[f]);
		if (t.qmax[f] >= 0)
			try_drop_quota(&t, &t.qmax[f]);
	}
	if (n_fixed && !try_drop_fixed(&t, fixed, n_fixed) && n_fixed <= NARROW_FIXED)
		for (size_t k = 0; k < n_fixed; k++)
			try_drop_fixed(&t, fixed + k, 1);
	if (t.one_form) {
		t.one_form = 0;
		if (!cannot_hold(&t))
			t.one_form = 1;
	}
	nv_conflict *c = &s->conflicts[0];
	c->quota = nv_xcalloc(F + 1, 1);
	for (size_t f = 0; f < F; f++)
		c->quota[f] = (uint8_t)((t.qmin[f] > 0 ? 1 : 0) | (t.qmax[f] >= 0 ? 2 : 0));
	c->one_form = t.one_form;
	size_t n = 0;
	for (size_t k = 0; k < n_fixed; k++)
		if (t.flags[fixed[k]] & NV_EDGE_FIXED)
			fixed[n++] = fixed[k];
	free(c->edges);
	c->edges = fixed;
	c->n_edges = n;
	free(t.qmin);
	free(t.qmax);
	free(t.flags);
}
