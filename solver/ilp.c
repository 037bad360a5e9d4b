/* ilp.c (the GLPK model: side constraints, the model of record, LP export)
 *
 * Columns x_e (binary) for every pair that is not forbidden, fixed ones
 * bound to 1; rows: each mentee <= 1, each mentor <= capacity; under one
 * form per mentor, a binary y_mf for each form f of a mentor eligible in
 * two or more forms, with sum_{e in m,f} x_e <= cap_m y_mf, x_e <= y_mf
 * for each of its pairs (the strong links) and sum_f y_mf <= 1; per-form
 * quotas; one row counting all pairs. The objectives are
 * solved lexicographically, one glp_intopt per stage (gap 0): the count,
 * then (maximin) the threshold by bisection, then the total (not when
 * every free pair has the same value: the count's answer has it). Every glp_*
 * call gets checked inputs: GLPK aborts the process on bad arguments. */
#include "solverint.h"

#include <errno.h>
#include <glpk.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct model {
	glp_prob *P;
	int *col;      /* per edge: column, 0 for forbidden */
	int n_x;       /* x columns are 1..n_x */
	int count_row; /* sum of all x */
} model;

typedef struct triplets {
	int *ia, *ja;
	double *ar;
	size_t n, cap;
} triplets;

static void trip_add(triplets *t, int i, int j, double v)
{
	if (t->n + 1 >= t->cap) {
		t->cap = t->cap ? 2 * t->cap : 1024;
		t->ia = nv_xreallocarray(t->ia, t->cap, sizeof *t->ia);
		t->ja = nv_xreallocarray(t->ja, t->cap, sizeof *t->ja);
		t->ar = nv_xreallocarray(t->ar, t->cap, sizeof *t->ar);
	}
	t->n++;
	t->ia[t->n] = i;
	t->ja[t->n] = j;
	t->ar[t->n] = v;
}

static int key_cmp(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
	return (a > b) - (a < b);
}

/* Builds the constraints; `names` adds row and column names. */
static void model_build(const nv_asg *a, model *md, int names)
{
	size_t E = a->n_edges, L = a->n_mentees, R = a->n_mentors, F = a->n_forms;
	NV_ASSERT(E < (size_t)INT32_MAX / 4);
	glp_prob *P = glp_create_prob();
	triplets t = {0};
	char buf[96];
	md->P = P;
	md->col = nv_xcalloc(E + 1, sizeof *md->col);
	glp_set_obj_dir(P, GLP_MAX);
	int n = 0;
	for (size_t e = 0; e < E; e++)
		if (!(nv_asg_flags(a, e) & NV_EDGE_FORBIDDEN))
			md->col[e] = ++n;
	md->n_x = n;
	if (n > 0)
		glp_add_cols(P, n);
	for (size_t e = 0; e < E; e++) {
		int j = md->col[e];
		if (!j)
			continue;
		glp_set_col_kind(P, j, GLP_BV);
		if (nv_asg_flags(a, e) & NV_EDGE_FIXED)
			glp_set_col_bnds(P, j, GLP_FX, 1.0, 1.0);
		if (names) {
			snprintf(buf, sizeof buf, "x_%u_%u", a->mentor[e], a->mentee[e]);
			glp_set_col_name(P, j, buf);
		}
	}

	/* Mentee rows, mentor rows. */
	int *row_e = nv_xcalloc(L + 1, sizeof *row_e), *row_m = nv_xcalloc(R + 1, sizeof *row_m);
	for (size_t e = 0; e < E; e++) {
		if (!md->col[e])
			continue;
		row_e[a->mentee[e]] = 1;
		row_m[a->mentor[e]] = 1;
	}
	int rows = 0;
	for (size_t i = 0; i < L; i++)
		if (row_e[i])
			row_e[i] = ++rows;
	for (size_t m = 0; m < R; m++)
		if (row_m[m])
			row_m[m] = ++rows;
	if (rows)
		glp_add_rows(P, rows);
	for (size_t i = 0; i < L; i++)
		if (row_e[i]) {
			glp_set_row_bnds(P, row_e[i], GLP_UP, 0.0, 1.0);
			if (names) {
				snprintf(buf, sizeof buf, "mentee_%zu", i);
				glp_set_row_name(P, row_e[i], buf);
			}
		}
	for (size_t m = 0; m < R; m++)
		if (row_m[m]) {
			glp_set_row_bnds(P, row_m[m], GLP_UP, 0.0, (double)nv_asg_cap(a, m));
			if (names) {
				snprintf(buf, sizeof buf, "mentor_%zu", m);
				glp_set_row_name(P, row_m[m], buf);
			}
		}
	for (size_t e = 0; e < E; e++)
		if (md->col[e]) {
			trip_add(&t, row_e[a->mentee[e]], md->col[e], 1.0);
			trip_add(&t, row_m[a->mentor[e]], md->col[e], 1.0);
		}

	/* One form per mentor: form-choice columns only where a mentor has
	 * pairs in two or more forms. */
	if (a->one_form_per_mentor && F > 1) {
		/* (mentor, form) keys of the pairs, sorted, unique. */
		uint64_t *key = nv_xmalloc((E + 1) * sizeof *key);
		size_t nk = 0;
		for (size_t e = 0; e < E; e++)
			if (md->col[e])
				key[nk++] = ((uint64_t)a->mentor[e] << 32) | nv_asg_form(a, e);
		qsort(key, nk, sizeof *key, key_cmp);
		size_t u = 0;
		for (size_t k = 0; k < nk; k++)
			if (u == 0 || key[k] != key[u - 1])
				key[u++] = key[k];
		nk = u;
		/* per key: its y column and form row (0: a one-form mentor) */
		int *ky = nv_xcalloc(nk + 1, sizeof *ky), *kr = nv_xcalloc(nk + 1, sizeof *kr);
		for (size_t k = 0; k < nk;) {
			size_t k2 = k;
			while (k2 < nk && key[k2] >> 32 == key[k] >> 32)
				k2++;
			if (k2 - k >= 2) {
				uint32_t m = (uint32_t)(key[k] >> 32);
				int ychoice = glp_add_rows(P, 1);
				glp_set_row_bnds(P, ychoice, GLP_UP, 0.0, 1.0);
				if (names) {
					snprintf(buf, sizeof buf, "oneform_%u", m);
					glp_set_row_name(P, ychoice, buf);
				}
				for (size_t q = k; q < k2; q++) {
					uint32_t f = (uint32_t)(key[q] & 0xffffffffu);
					int y = ky[q] = glp_add_cols(P, 1);
					glp_set_col_kind(P, y, GLP_BV);
					int r = kr[q] = glp_add_rows(P, 1);
					glp_set_row_bnds(P, r, GLP_UP, 0.0, 0.0);
					if (names) {
						snprintf(buf, sizeof buf, "y_%u_%u", m, f);
						glp_set_col_name(P, y, buf);
						snprintf(buf, sizeof buf, "form_%u_%u", m, f);
						glp_set_row_name(P, r, buf);
					}
					trip_add(&t, ychoice, y, 1.0);
					trip_add(&t, r, y, -(double)nv_asg_cap(a, m));
				}
			}
			k = k2;
		}
		/* Each pair in its form row, and its strong link x_e <= y: a
		 * mentor's fraction of a form bounds each pair in it, so the LP
		 * cannot spread one mentor over every form. */
		for (size_t e = 0; e < E; e++) {
			if (!md->col[e])
				continue;
			uint64_t k0 = ((uint64_t)a->mentor[e] << 32) | nv_asg_form(a, e);
			const uint64_t *hit = bsearch(&k0, key, nk, sizeof *key, key_cmp);
			NV_ASSERT(hit);
			size_t q = (size_t)(hit - key);
			if (!ky[q])
				continue;
			trip_add(&t, kr[q], md->col[e], 1.0);
			int r = glp_add_rows(P, 1);
			glp_set_row_bnds(P, r, GLP_UP, 0.0, 0.0);
			if (names) {
				snprintf(buf, sizeof buf, "link_%u_%u", a->mentor[e], a->mentee[e]);
				glp_set_row_name(P, r, buf);
			}
			trip_add(&t, r, md->col[e], 1.0);
			trip_add(&t, r, ky[q], -1.0);
		}
		free(ky);
		free(kr);
		free(key);
	}

	/* Quotas. */
	for (size_t f = 0; f < F; f++) {
		int32_t lo = nv_asg_qmin(a, f), hi = nv_asg_qmax(a, f);
		if (lo <= 0 && hi < 0)
			continue;
		int r = glp_add_rows(P, 1);
		if (lo > 0 && hi >= 0)
			glp_set_row_bnds(P, r, lo >= hi ? GLP_FX : GLP_DB, lo, lo >= hi ? lo : hi);
		else if (lo > 0)
			glp_set_row_bnds(P, r, GLP_LO, lo, 0.0);
		else
			glp_set_row_bnds(P, r, GLP_UP, 0.0, hi);
		if (names) {
			snprintf(buf, sizeof buf, "quota_%zu", f);
			glp_set_row_name(P, r, buf);
		}
		for (size_t e = 0; e < E; e++)
			if (md->col[e] && nv_asg_form(a, e) == f)
				trip_add(&t, r, md->col[e], 1.0);
	}
	md->count_row = 0;
	if (!names && n > 0) {
		md->count_row = glp_add_rows(P, 1);
		glp_set_row_bnds(P, md->count_row, GLP_FR, 0.0, 0.0);
		for (int j = 1; j <= n; j++)
			trip_add(&t, md->count_row, j, 1.0);
	}
	if (t.n)
		glp_load_matrix(P, (int)t.n, t.ia, t.ja, t.ar);
	free(t.ia);
	free(t.ja);
	free(t.ar);
	free(row_e);
	free(row_m);
}

static void model_free(model *md)
{
	if (md->P)
		glp_delete_prob(md->P);
	free(md->col);
	md->P = NULL;
	md->col = NULL;
}

/* One glp_intopt, within the deadline (nv_now() seconds, 0 = none). NV_OK
 * (optimal), NV_EINFEAS, or NV_EFAIL (*timed_out = 1 when the deadline
 * stopped it). */
static int run(model *md, double *obj, double deadline, int *timed_out)
{
	if (md->n_x == 0) {
		*obj = 0;
		return NV_OK;
	}
	glp_iocp parm;
	glp_init_iocp(&parm);
	parm.presolve = GLP_ON;
	parm.mip_gap = 0.0;
	parm.msg_lev = GLP_MSG_OFF;
	if (deadline > 0) {
		double left = deadline - nv_now();
		if (left <= 0) {
			*timed_out = 1;
			return NV_EFAIL;
		}
		parm.tm_lim = left * 1000.0 < (double)INT_MAX ? (int)(left * 1000.0) + 1 : INT_MAX;
	}
	int ret = glp_intopt(md->P, &parm);
	if (ret == GLP_ETMLIM) {
		*timed_out = 1;
		return NV_EFAIL;
	}
	if (ret == GLP_ENOPFS)
		return NV_EINFEAS;
	if (ret != 0)
		return NV_EFAIL;
	int st = glp_mip_status(md->P);
	if (st == GLP_NOFEAS)
		return NV_EINFEAS;
	if (st != GLP_OPT)
		return NV_EFAIL;
	*obj = glp_mip_obj_val(md->P);
	return NV_OK;
}

static void set_obj(const nv_asg *a, model *md, int count)
{
	for (int j = 1; j <= glp_get_num_cols(md->P); j++)
		glp_set_obj_coef(md->P, j, 0.0);
	for (size_t e = 0; e < a->n_edges; e++)
		if (md->col[e])
			glp_set_obj_coef(md->P, md->col[e],
			                 count ? 1.0 : (double)nv_asg_value(a, e));
}

/* Non-fixed columns below the threshold fixed to 0. */
static void set_threshold(const nv_asg *a, model *md, int64_t thr)
{
	for (size_t e = 0; e < a->n_edges; e++) {
		int j = md->col[e];
		if (!j || (nv_asg_flags(a, e) & NV_EDGE_FIXED))
			continue;
		if (nv_asg_value(a, e) < thr)
			glp_set_col_bnds(md->P, j, GLP_FX, 0.0, 0.0);
		else
			glp_set_col_bnds(md->P, j, GLP_DB, 0.0, 1.0);
	}
}

/* Whether every pair that is neither forbidden nor fixed has the same
 * value (maximin's count searches score every pair 1): then any answer
 * with the most pairs has the largest total too, and the count stage's
 * answer, once proven, is the total stage's. */
static int values_equal(const nv_asg *a)
{
	int have = 0;
	int64_t v0 = 0;
	for (size_t e = 0; e < a->n_edges; e++) {
		if (nv_asg_flags(a, e) & (NV_EDGE_FORBIDDEN | NV_EDGE_FIXED))
			continue;
		int64_t v = nv_asg_value(a, e);
		if (have && v != v0)
			return 0;
		v0 = v;
		have = 1;
	}
	return 1;
}

/* --- API ---------------------------------------------------------------- */

int nv_ilp_solve(const nv_asg *a, uint8_t *chosen, char *msg, size_t msgsz)
{
	int timed_out = 0;
	return nv_ilp_solve_until(a, 0, chosen, &timed_out, msg, msgsz);
}

int nv_ilp_solve_until(const nv_asg *a, double deadline, uint8_t *chosen, int *timed_out,
                       char *msg, size_t msgsz)
{
	model md = {0};
	double obj = 0;
	int rc, stages = 0;
	*timed_out = 0;
	glp_term_out(GLP_OFF);
	model_build(a, &md, 0);

	if (a->objective != NV_OBJ_SCORE) {
		set_obj(a, &md, 1);
		rc = run(&md, &obj, deadline, timed_out);
		stages++;
		if (rc != NV_OK)
			goto done;
		if (md.count_row)
			glp_set_row_bnds(md.P, md.count_row, GLP_LO, floor(obj + 0.5), 0.0);
	}
	if (a->objective == NV_OBJ_MAXIMIN && md.n_x > 0) {
		/* The largest threshold that keeps the count: bisection over the
		 * distinct values of the free pairs, from the count stage's worst. */
		size_t nv = 0, E = a->n_edges;
		int64_t *vals = nv_xmalloc((E + 1) * sizeof *vals), lowest = INT64_MAX;
		for (size_t e = 0; e < E; e++) {
			if (!md.col[e] || (nv_asg_flags(a, e) & NV_EDGE_FIXED))
				continue;
			vals[nv++] = nv_asg_value(a, e);
			if (glp_mip_col_val(md.P, md.col[e]) > 0.5 && nv_asg_value(a, e) < lowest)
				lowest = nv_asg_value(a, e);
		}
		if (lowest != INT64_MAX) {
			size_t u = nv_sort_unique_i64(vals, nv);
			size_t lo = 0, hi = u;
			while (vals[lo] != lowest)
				lo++;
			while (hi - lo > 1) {
				size_t mid = lo + (hi - lo) / 2;
				set_threshold(a, &md, vals[mid]);
				rc = run(&md, &obj, deadline, timed_out);
				stages++;
				if (rc == NV_OK)
					lo = mid;
				else if (rc == NV_EINFEAS)
					hi = mid;
				else
					break;
			}
			set_threshold(a, &md, vals[lo]);
		}
		free(vals);
	}
	if (!(a->objective == NV_OBJ_COVERAGE && values_equal(a))) {
		/* (with every free pair of one value the count's answer has the
		 * largest total too) */
		set_obj(a, &md, 0);
		rc = run(&md, &obj, deadline, timed_out);
		stages++;
		if (rc != NV_OK)
			goto done;
	}
	for (size_t e = 0; e < a->n_edges; e++)
		chosen[e] = md.col[e] && glp_mip_col_val(md.P, md.col[e]) > 0.5;
	snprintf(msg, msgsz, "%d stage%s", stages, nv_s((size_t)stages));
done:
	if (rc == NV_EINFEAS)
		snprintf(msg, msgsz,
		         "no assignment meets the quotas, the fixed pairs and the one-form "
		         "rule together");
	else if (rc != NV_OK && *timed_out)
		snprintf(msg, msgsz, "glp_intopt reached the time limit");
	else if (rc != NV_OK)
		snprintf(msg, msgsz, "glp_intopt did not reach an optimum");
	model_free(&md);
	glp_free_env();
	return rc;
}

/* --- the reduced model -------------------------------------------------- *
 *
 * Same model and stages as above, solved on few columns and proved for all.
 * Each stage (the count; the maximin thresholds; the total with the count
 * held) maximises c.x with c_e the value in micro-units (total) or
 * 1 + delta_e (count: see red_coef), and:
 *  1. column generation: the LP on a restricted set of pairs (fixed ones,
 *     the hint's, each mentee's best; phase 1 with artificial columns while
 *     quota minimums or the held count are not met), then every omitted
 *     pair priced with the row duals pi (clamped to the signs the row
 *     bounds allow):
 *       d_e = c_e - pi_mentee - pi_mentor - pi_link - pi_quota - pi_count;
 *     the best positive pair of each mentee joins, until none is left or a
 *     bound meets the restricted LP's value;
 *  2. two bounds for the whole pair set from those duals alone, valid for
 *     any pi, summed in long double (red_scan): the LP dual's, UB = sum_r
 *     pi_r b_r + sum_e max(0, d_e), and the Lagrangian's that keeps the
 *     mentee rows (each mentee adds only its best d_e + pi_mentee);
 *  3. an incumbent: glp_intopt on the restricted set (started from the
 *     hint or the previous stage's answer, glp_ios_heur_sol at GLP_IHEUR;
 *     under a node budget, with a start, held to half of what is left, so
 *     that step 4 has the rest); when a bound is below z_inc + 1 it is
 *     optimal (values are integers);
 *  4. otherwise reduced-cost fixing: a pair whose bounds with x_e = 1 are
 *     below z_inc + 1 is in no strictly better answer and is dropped. When
 *     every pair left was in the restricted set and step 3 ran to its end,
 *     the incumbent is optimal; otherwise glp_intopt on what is left plus
 *     the incumbent's pairs, started from it (its open nodes bound the
 *     stage when the budget stops it).
 * Every glp_intopt here branches on the form choices y only (red_cb).
 * Stages rather than one combined weight (BIG + value) because GLPK's
 * tolerances are relative: at district scale the combined objective is
 * near 1e14, where one micro-unit is below them; each stage's objective
 * stays below 1e13 and the margin (RED_SAFE) is far above the rounding of
 * the long-double sums. The columns a stage left at zero go before the
 * next (red_prune): GLPK's simplex slows with each. Presolve is off in
 * these glp_intopt calls so the start solution's columns are the model's
 * (the LP relaxation is solved first, as glp_intopt then requires). */

enum { STAGE_COUNT, STAGE_TOTAL };
#define RED_SEED 1    /* best pairs per mentee in the restricted set */
#define RED_ADD 1     /* priced pairs per mentee and round */
#define RED_TOL 1e-6  /* a reduced profit above it counts as positive */
#define RED_SAFE 1e-3 /* margin on bounds against rounding */
#define RED_FEAS 100   /* red_intopt: the deadline or the node budget
                          stopped it, with an answer in hand */

typedef struct red {
	const nv_asg *a;
	glp_prob *P;
	size_t L, R, F, E;
	int64_t *val;      /* per edge */
	int *col;          /* per edge: column, 0 when not in the model */
	uint32_t *edge_of; /* per column: edge, UINT32_MAX for y and artificials */
	size_t edge_cap;
	int *link;         /* per mentor * F + form: link index + 1, 0 none */
	int *lrow, *ycol;  /* per link: row sum x - cap y <= 0, column y */
	uint32_t *lmentor; /* per link */
	size_t nlink;
	int *srow;         /* per edge in the model with a link: its row
	                      x_e - y <= 0 (the strong link), 0 none */
	double *lsum;      /* per link: sum of its strong rows' duals */
	int *orow;         /* per mentor: sum_f y <= 1, 0 when not needed */
	int *qrow, *qart;  /* per form: quota row, its artificial; 0 none */
	int crow, cart;    /* the count row and its artificial */
	size_t nx;         /* pair columns */
	/* the stage */
	int stage, phase1;
	int64_t vmin;      /* smallest value of a usable pair */
	double tilt;       /* count stage: see red_coef */
	int64_t thr, hold; /* non-fixed pairs below thr are out; count >= hold */
	double *pi;        /* per row: clamped dual of the last LP */
	long double ub;    /* the better of the two bounds they give: */
	long double ub_lp; /* the LP dual's, as GLPK gives it */
	long double ub_lg; /* the Lagrangian's that keeps the mentee rows */
	double *mbest;     /* per mentee: max(0, best d'), d' = d + pi_mentee */
	double *mfixd;     /* per mentee: d' of its fixed pair */
	uint8_t *mfix;     /* per mentee: has a fixed pair */
	uint32_t *cand;    /* pricing: RED_ADD best per mentee */
	double *cand_d;
	double deadline;
	int timed_out;
	size_t node_limit, nodes; /* branch-and-cut nodes: budget, taken */
	size_t node_cost;         /* what a node of the current model takes */
	size_t node_halt;         /* the restricted set's share of the budget
	                             (SIZE_MAX: none, all of it) */
	int halted;               /* and its branch and cut was stopped there */
	int all_in;               /* the model has every pair that may beat the
	                             incumbent: its tree's bounds hold for them */
	nv_ilp_stats *st;
} red;

static int red_usable(const red *q, size_t e)
{
	uint8_t fl = nv_asg_flags(q->a, e);
	if (fl & NV_EDGE_FORBIDDEN)
		return 0;
	return (fl & NV_EDGE_FIXED) || q->val[e] >= q->thr;
}

/* The count stage's coefficients are 1 + delta_e, delta_e = tilt * (value
 * - vmin) with the sum of any answer's deltas at most 1/2: an answer's
 * count is the floor of its objective, every bound on the objective bounds
 * the count, and a larger count always wins by 1/2 or more, so glp_intopt
 * still maximises the count. The tilt breaks the count LP's degeneracy (all
 * ones), whose duals otherwise leave pairs positive round after round. */
static double red_coef(const red *q, size_t e)
{
	if (q->phase1)
		return 0.0;
	if (q->stage == STAGE_COUNT)
		return 1.0 + q->tilt * (double)(q->val[e] - q->vmin);
	return (double)q->val[e];
}

static int red_link(const red *q, size_t e)
{
	if (!q->link)
		return 0;
	return q->link[(size_t)q->a->mentor[e] * q->F + nv_asg_form(q->a, e)];
}

/* Adds pair columns for the n edges in list. */
static void red_add(red *q, const uint32_t *list, size_t n)
{
	if (n == 0)
		return;
	const nv_asg *a = q->a;
	int j0 = glp_add_cols(q->P, (int)n);
	size_t need = (size_t)j0 + n + 1;
	if (need > q->edge_cap) {
		q->edge_cap = 2 * need;
		q->edge_of = nv_xreallocarray(q->edge_of, q->edge_cap, sizeof *q->edge_of);
	}
	for (size_t k = 0; k < n; k++) {
		uint32_t e = list[k];
		int j = j0 + (int)k, ind[6], len = 0;
		double v[6];
		NV_ASSERT(!q->col[e]);
		q->col[e] = j;
		q->edge_of[j] = e;
		ind[++len] = 1 + (int)a->mentee[e];
		ind[++len] = 1 + (int)q->L + (int)a->mentor[e];
		int lk = red_link(q, e);
		if (lk)
			ind[++len] = q->lrow[lk - 1];
		if (q->qrow[nv_asg_form(a, e)])
			ind[++len] = q->qrow[nv_asg_form(a, e)];
		ind[++len] = q->crow;
		for (int t = 1; t <= len; t++)
			v[t] = 1.0;
		glp_set_mat_col(q->P, j, len, ind, v);
		glp_set_col_kind(q->P, j, GLP_BV);
		if (nv_asg_flags(a, e) & NV_EDGE_FIXED)
			glp_set_col_bnds(q->P, j, GLP_FX, 1.0, 1.0);
		else if (!red_usable(q, e))
			glp_set_col_bnds(q->P, j, GLP_FX, 0.0, 0.0);
		glp_set_obj_coef(q->P, j, red_coef(q, e));
	}
	/* The strong links, one row per pair of a mentor with a form choice:
	 * x_e <= y, so a mentor's fraction of a form bounds each of its pairs
	 * in it, not only their sum (the LP bound of sum x <= cap y alone lets
	 * a mentor spread its capacity over every form). */
	size_t ns = 0;
	for (size_t k = 0; k < n; k++)
		ns += red_link(q, list[k]) != 0;
	if (ns > 0) {
		int r = glp_add_rows(q->P, (int)ns);
		for (size_t k = 0; k < n; k++) {
			uint32_t e = list[k];
			int lk = red_link(q, e);
			if (!lk)
				continue;
			int ind[3] = {0, q->col[e], q->ycol[lk - 1]};
			double v[3] = {0, 1.0, -1.0};
			glp_set_row_bnds(q->P, r, GLP_UP, 0.0, 0.0);
			glp_set_mat_row(q->P, r, 2, ind, v);
			q->srow[e] = r++;
		}
	}
	q->nx += n;
}

/* Rows: mentees 1..L, mentors L+1..L+R, the one-form links, the quotas,
 * the count; no pair columns yet. */
static void red_build(red *q, const nv_asg *a)
{
	size_t E = a->n_edges, L = a->n_mentees, R = a->n_mentors, F = a->n_forms ? a->n_forms : 1;
	NV_ASSERT(E < (size_t)INT32_MAX / 4 && L + R < (size_t)INT32_MAX / 4);
	q->a = a;
	q->E = E;
	q->L = L;
	q->R = R;
	q->F = F;
	q->P = glp_create_prob();
	glp_set_obj_dir(q->P, GLP_MAX);
	q->val = nv_xmalloc((E + 1) * sizeof *q->val);
	q->col = nv_xcalloc(E + 1, sizeof *q->col);
	int64_t vmax = 0;
	q->vmin = 0;
	for (size_t e = 0; e < E; e++) {
		q->val[e] = nv_asg_value(a, e);
		if (e == 0 || q->val[e] < q->vmin)
			q->vmin = q->val[e];
		if (e == 0 || q->val[e] > vmax)
			vmax = q->val[e];
	}
	q->tilt = 0.5 / ((double)(vmax - q->vmin + 1) * (double)(L + 1));
	if (L + R)
		glp_add_rows(q->P, (int)(L + R));
	for (size_t i = 0; i < L; i++)
		glp_set_row_bnds(q->P, 1 + (int)i, GLP_UP, 0.0, 1.0);
	for (size_t m = 0; m < R; m++)
		glp_set_row_bnds(q->P, 1 + (int)(L + m), GLP_UP, 0.0, (double)nv_asg_cap(a, m));

	/* One form per mentor: y columns only for mentors with pairs in two or
	 * more forms. */
	q->orow = nv_xcalloc(R + 1, sizeof *q->orow);
	if (a->one_form_per_mentor && F > 1 && R > 0) {
		NV_ASSERT(R < SIZE_MAX / F / sizeof(int));
		q->link = nv_xcalloc(R * F + 1, sizeof *q->link);
		uint32_t *nf = nv_xcalloc(R + 1, sizeof *nf);
		for (size_t e = 0; e < E; e++) {
			if (nv_asg_flags(a, e) & NV_EDGE_FORBIDDEN)
				continue;
			size_t k = (size_t)a->mentor[e] * F + nv_asg_form(a, e);
			if (!q->link[k]) {
				q->link[k] = -1;
				nf[a->mentor[e]]++;
			}
		}
		for (size_t m = 0; m < R; m++)
			if (nf[m] >= 2)
				q->nlink += nf[m];
		q->lrow = nv_xmalloc((q->nlink + 1) * sizeof *q->lrow);
		q->ycol = nv_xmalloc((q->nlink + 1) * sizeof *q->ycol);
		q->lmentor = nv_xmalloc((q->nlink + 1) * sizeof *q->lmentor);
		size_t k = 0;
		for (size_t m = 0; m < R; m++) {
			if (nf[m] < 2) {
				for (size_t f = 0; f < F; f++)
					q->link[m * F + f] = 0;
				continue;
			}
			q->orow[m] = glp_add_rows(q->P, 1);
			glp_set_row_bnds(q->P, q->orow[m], GLP_UP, 0.0, 1.0);
			for (size_t f = 0; f < F; f++) {
				if (!q->link[m * F + f])
					continue;
				q->link[m * F + f] = (int)k + 1;
				q->lmentor[k] = (uint32_t)m;
				q->lrow[k] = glp_add_rows(q->P, 1);
				glp_set_row_bnds(q->P, q->lrow[k], GLP_UP, 0.0, 0.0);
				q->ycol[k] = glp_add_cols(q->P, 1);
				int ind[3] = {0, q->orow[m], q->lrow[k]};
				double v[3] = {0, 1.0, -(double)nv_asg_cap(a, m)};
				glp_set_mat_col(q->P, q->ycol[k], 2, ind, v);
				glp_set_col_kind(q->P, q->ycol[k], GLP_BV);
				k++;
			}
		}
		free(nf);
	}

	/* Quotas, each with an artificial column for phase 1 when it has a
	 * minimum. */
	q->qrow = nv_xcalloc(F + 1, sizeof *q->qrow);
	q->qart = nv_xcalloc(F + 1, sizeof *q->qart);
	for (size_t f = 0; f < a->n_forms; f++) {
		int32_t lo = nv_asg_qmin(a, f), hi = nv_asg_qmax(a, f);
		if (lo <= 0 && hi < 0)
			continue;
		int r = q->qrow[f] = glp_add_rows(q->P, 1);
		if (lo > 0 && hi >= 0)
			glp_set_row_bnds(q->P, r, lo >= hi ? GLP_FX : GLP_DB, lo, lo >= hi ? lo : hi);
		else if (lo > 0)
			glp_set_row_bnds(q->P, r, GLP_LO, lo, 0.0);
		else
			glp_set_row_bnds(q->P, r, GLP_UP, 0.0, hi);
		if (lo > 0) {
			int ind[2] = {0, r};
			double v[2] = {0, 1.0};
			q->qart[f] = glp_add_cols(q->P, 1);
			glp_set_mat_col(q->P, q->qart[f], 1, ind, v);
		}
	}
	q->crow = glp_add_rows(q->P, 1);
	glp_set_row_bnds(q->P, q->crow, GLP_FR, 0.0, 0.0);
	q->srow = nv_xcalloc(E + 1, sizeof *q->srow);
	q->lsum = nv_xcalloc(q->nlink + 1, sizeof *q->lsum);
	{
		int ind[2] = {0, q->crow};
		double v[2] = {0, 1.0};
		q->cart = glp_add_cols(q->P, 1);
		glp_set_mat_col(q->P, q->cart, 1, ind, v);
	}
	int nc = glp_get_num_cols(q->P);
	q->edge_cap = (size_t)nc + 1024;
	q->edge_of = nv_xmalloc(q->edge_cap * sizeof *q->edge_of);
	for (int j = 0; j <= nc; j++)
		q->edge_of[j] = UINT32_MAX;
	q->pi = nv_xcalloc((size_t)glp_get_num_rows(q->P) + 1, sizeof *q->pi);
	q->cand = nv_xmalloc((L * RED_ADD + 1) * sizeof *q->cand);
	q->cand_d = nv_xmalloc((L * RED_ADD + 1) * sizeof *q->cand_d);
	q->mbest = nv_xmalloc((L + 1) * sizeof *q->mbest);
	q->mfixd = nv_xmalloc((L + 1) * sizeof *q->mfixd);
	q->mfix = nv_xmalloc(L + 1);
}

static void red_free(red *q)
{
	if (q->P)
		glp_delete_prob(q->P);
	free(q->val);
	free(q->col);
	free(q->edge_of);
	free(q->link);
	free(q->lrow);
	free(q->ycol);
	free(q->lmentor);
	free(q->srow);
	free(q->lsum);
	free(q->orow);
	free(q->qrow);
	free(q->qart);
	free(q->pi);
	free(q->cand);
	free(q->cand_d);
	free(q->mbest);
	free(q->mfixd);
	free(q->mfix);
	memset(q, 0, sizeof *q);
}

/* Bounds and objective of every column for the stage and phase: usable
 * pairs free in [0,1] (fixed ones at 1), the rest at 0; artificials open
 * in phase 1 only. */
static void red_setup(red *q)
{
	glp_prob *P = q->P;
	int nc = glp_get_num_cols(P);
	for (int j = 1; j <= nc; j++) {
		uint32_t e = q->edge_of[j];
		if (e == UINT32_MAX) {
			glp_set_obj_coef(P, j, 0.0);
			continue;
		}
		if (nv_asg_flags(q->a, e) & NV_EDGE_FIXED)
			glp_set_col_bnds(P, j, GLP_FX, 1.0, 1.0);
		else if (red_usable(q, e))
			glp_set_col_bnds(P, j, GLP_DB, 0.0, 1.0);
		else
			glp_set_col_bnds(P, j, GLP_FX, 0.0, 0.0);
		glp_set_obj_coef(P, j, red_coef(q, e));
	}
	for (size_t f = 0; f < q->a->n_forms; f++)
		if (q->qart[f]) {
			double lo = glp_get_row_lb(P, q->qrow[f]);
			if (q->phase1)
				glp_set_col_bnds(P, q->qart[f], GLP_DB, 0.0, lo);
			else
				glp_set_col_bnds(P, q->qart[f], GLP_FX, 0.0, 0.0);
			glp_set_obj_coef(P, q->qart[f], q->phase1 ? -1.0 : 0.0);
		}
	if (q->hold > 0)
		glp_set_row_bnds(P, q->crow, GLP_LO, (double)q->hold, 0.0);
	else
		glp_set_row_bnds(P, q->crow, GLP_FR, 0.0, 0.0);
	if (q->phase1 && q->hold > 0)
		glp_set_col_bnds(P, q->cart, GLP_DB, 0.0, (double)q->hold);
	else
		glp_set_col_bnds(P, q->cart, GLP_FX, 0.0, 0.0);
	glp_set_obj_coef(P, q->cart, q->phase1 && q->hold > 0 ? -1.0 : 0.0);
}

/* Milliseconds left before the deadline; 0 and timed_out when none. */
static int red_ms(red *q, int *ms)
{
	*ms = INT_MAX;
	if (q->deadline <= 0)
		return 1;
	double left = q->deadline - nv_now();
	if (left <= 0) {
		q->timed_out = 1;
		return 0;
	}
	*ms = left * 1000.0 < (double)INT_MAX ? (int)(left * 1000.0) + 1 : INT_MAX;
	return 1;
}

/* The LP of the model as it is. NV_OK, NV_EINFEAS (no primal solution:
 * with the artificials open, that comes from the fixed pairs alone, since
 * every other row a pair column could help has an artificial) or
 * NV_EFAIL. */
static int red_simplex(red *q, int meth)
{
	glp_smcp sp;
	glp_init_smcp(&sp);
	sp.msg_lev = GLP_MSG_OFF;
	sp.meth = meth;
	if (!red_ms(q, &sp.tm_lim))
		return NV_EFAIL;
	int ret = glp_simplex(q->P, &sp);
	if (ret == GLP_EBADB || ret == GLP_ESING || ret == GLP_ECOND) {
		glp_adv_basis(q->P, 0);
		ret = glp_simplex(q->P, &sp);
	}
	if (ret == GLP_ETMLIM)
		q->timed_out = 1;
	if (ret != 0)
		return NV_EFAIL;
	if (glp_get_status(q->P) == GLP_NOFEAS)
		return NV_EINFEAS;
	return glp_get_status(q->P) == GLP_OPT ? NV_OK : NV_EFAIL;
}

static double red_dual(glp_prob *P, int r)
{
	double pi = glp_get_row_dual(P, r);
	int t = glp_get_row_type(P, r);
	if (pi > 0 && (t == GLP_LO || t == GLP_FR))
		return 0.0;
	if (pi < 0 && (t == GLP_UP || t == GLP_FR))
		return 0.0;
	return pi;
}

static double red_price(const red *q, size_t e)
{
	const nv_asg *a = q->a;
	double d = red_coef(q, e) - q->pi[1 + a->mentee[e]] - q->pi[1 + q->L + a->mentor[e]] -
	           q->pi[q->crow];
	int lk = red_link(q, e);
	if (lk)
		d -= q->pi[q->lrow[lk - 1]];
	if (q->srow[e])
		d -= q->pi[q->srow[e]];
	int qr = q->qrow[nv_asg_form(a, e)];
	if (qr)
		d -= q->pi[qr];
	return d;
}

/* Reads the duals; computes two bounds over every pair, both valid for any
 * duals: ub_lp, the LP dual's (sum of pi_r b_r and of the positive reduced
 * profits), and ub_lg, the Lagrangian's that keeps the mentee rows (each
 * mentee adds its best d' = d + pi_mentee, or 0, instead of every positive
 * d: far tighter while pricing is young, when the mentee duals of an
 * unfinished LP leave many pairs positive). Puts the best omitted pairs
 * with positive reduced profit into q->cand; how many. */
static size_t red_scan(red *q)
{
	glp_prob *P = q->P;
	int nr = glp_get_num_rows(P), L = (int)q->L;
	long double ub = 0, lg = 0;
	q->pi = nv_xreallocarray(q->pi, (size_t)nr + 1, sizeof *q->pi);
	for (int r = 1; r <= nr; r++) {
		double pi = q->pi[r] = red_dual(P, r);
		long double t = 0;
		if (pi > 0)
			t = (long double)pi * glp_get_row_ub(P, r);
		else if (pi < 0)
			t = (long double)pi * glp_get_row_lb(P, r);
		ub += t;
		if (r > L)
			lg += t;
	}
	/* y's reduced profit: -pi_oneform + cap pi_link + the duals of its
	 * strong rows (each has y at -1). */
	for (size_t k = 0; k < q->nlink; k++)
		q->lsum[k] = 0;
	for (int j = 1; j <= glp_get_num_cols(P); j++) {
		uint32_t e = q->edge_of[j];
		if (e != UINT32_MAX && q->srow[e])
			q->lsum[red_link(q, e) - 1] += q->pi[q->srow[e]];
	}
	for (size_t k = 0; k < q->nlink; k++) {
		uint32_t m = q->lmentor[k];
		double d = -q->pi[q->orow[m]] + (double)nv_asg_cap(q->a, m) * q->pi[q->lrow[k]] +
		           q->lsum[k];
		if (d > 0) {
			ub += d;
			lg += d;
		}
	}
	if (q->phase1) {
		for (size_t f = 0; f < q->a->n_forms; f++)
			if (q->qart[f]) {
				double d = -1.0 - q->pi[q->qrow[f]];
				if (d > 0) {
					ub += (long double)d * glp_get_row_lb(P, q->qrow[f]);
					lg += (long double)d * glp_get_row_lb(P, q->qrow[f]);
				}
			}
		if (q->hold > 0) {
			double d = -1.0 - q->pi[q->crow];
			if (d > 0) {
				ub += (long double)d * (double)q->hold;
				lg += (long double)d * (double)q->hold;
			}
		}
	}
	for (size_t i = 0; i < q->L; i++) {
		q->mbest[i] = 0;
		q->mfixd[i] = 0;
		q->mfix[i] = 0;
	}
	for (size_t k = 0; k < q->L * RED_ADD; k++) {
		q->cand[k] = UINT32_MAX;
		q->cand_d[k] = RED_TOL;
	}
	for (size_t e = 0; e < q->E; e++) {
		if (!red_usable(q, e))
			continue;
		double d = red_price(q, e);
		uint32_t i = q->a->mentee[e];
		double dm = d + q->pi[1 + i];
		if (nv_asg_flags(q->a, e) & NV_EDGE_FIXED) {
			ub += d;
			q->mfix[i] = 1;
			q->mfixd[i] += dm;
			continue;
		}
		if (dm > q->mbest[i])
			q->mbest[i] = dm;
		if (d <= 0)
			continue;
		ub += d;
		if (q->col[e] || d <= RED_TOL)
			continue;
		/* keep the RED_ADD best of this mentee, ties by edge index */
		size_t base = (size_t)q->a->mentee[e] * RED_ADD;
		for (size_t s = 0; s < RED_ADD; s++)
			if (d > q->cand_d[base + s]) {
				for (size_t t = RED_ADD - 1; t > s; t--) {
					q->cand[base + t] = q->cand[base + t - 1];
					q->cand_d[base + t] = q->cand_d[base + t - 1];
				}
				q->cand[base + s] = (uint32_t)e;
				q->cand_d[base + s] = d;
				break;
			}
	}
	for (size_t i = 0; i < q->L; i++)
		lg += q->mfix[i] ? q->mfixd[i] : q->mbest[i];
	q->ub_lp = ub;
	q->ub_lg = lg;
	q->ub = lg < ub ? lg : ub;
	size_t n = 0;
	for (size_t k = 0; k < q->L * RED_ADD; k++)
		if (q->cand[k] != UINT32_MAX)
			q->cand[n++] = q->cand[k];
	qsort(q->cand, n, sizeof *q->cand, nv_cmp_u32);
	return n;
}

/* Column generation to the LP optimum over every usable pair. NV_OK (the
 * duals in q->pi, the bound in q->ub), NV_EINFEAS (proven: no assignment
 * of the whole set meets the rows) or NV_EFAIL. */
static int red_lp(red *q)
{
	q->phase1 = (q->hold > 0);
	for (size_t f = 0; f < q->a->n_forms; f++)
		q->phase1 |= q->qart[f] != 0;
	red_setup(q);
	int meth = GLP_DUALP;
	for (;;) {
		int rc = red_simplex(q, meth);
		if (rc != NV_OK)
			return rc;
		meth = GLP_PRIMAL;
		if (q->phase1 && glp_get_obj_val(q->P) >= -1e-9) {
			q->phase1 = 0;
			red_setup(q);
			continue;
		}
		size_t n = red_scan(q);
		q->st->rounds++;
		if (q->phase1 && q->ub < -RED_SAFE)
			return NV_EINFEAS;
		/* The restricted LP's value is the whole LP's once a bound meets
		 * it (within half a unit: the objectives are integers). */
		if (!q->phase1 && q->ub < (long double)glp_get_obj_val(q->P) + 0.5)
			return NV_OK;
		if (n == 0) {
			if (!q->phase1)
				return NV_OK;
			/* Phase 1 ended above zero: the artificials cannot all leave,
			 * for the whole pair set, when the bound says so. */
			return q->ub < -RED_SAFE ? NV_EINFEAS : NV_EFAIL;
		}
		red_add(q, q->cand, n);
		q->st->n_priced += n;
	}
}

/* An answer's stage value: its count, or its total. */
static int64_t red_value(const red *q, const uint8_t *x)
{
	int64_t v = 0;
	for (size_t e = 0; e < q->E; e++)
		if (x[e])
			v += q->stage == STAGE_COUNT ? 1 : q->val[e];
	return v;
}

typedef struct red_cb_info {
	const double *x; /* the start, NULL none */
	int done;
	red *q;
} red_cb_info;

/* The column to branch on under one form per mentor: the form choice y
 * whose value is nearest 1/2 (the first of equals), 0 when every y is
 * whole. Once each y is whole the rest is a network (mentee rows; mentor,
 * form and count rows nested), whose LP vertices are whole, so branching
 * on y alone ends the search; GLPK's own rule (Driebeck-Tomlin) weighs the
 * pair columns too, computing a row of the simplex table for each, which
 * was most of a node's time on these models. */
static int red_branch_col(glp_tree *T, const red *q)
{
	glp_prob *P = glp_ios_get_prob(T);
	int best = 0;
	double best_d = 0.0;
	for (size_t k = 0; k < q->nlink; k++) {
		int j = q->ycol[k];
		if (!glp_ios_can_branch(T, j))
			continue;
		double d = 0.5 - fabs(glp_get_col_prim(P, j) - 0.5);
		if (!best || d > best_d) {
			best = j;
			best_d = d;
		}
	}
	return best;
}

/* glp_intopt's callback: the start at the first heuristic call, the
 * branching column, and the node budget at each subproblem selection. */
static void red_cb(glp_tree *T, void *info)
{
	red_cb_info *h = info;
	int why = glp_ios_reason(T);
	if (why == GLP_IHEUR && h->x && !h->done) {
		h->done = 1;
		glp_ios_heur_sol(T, h->x);
	}
	if (why == GLP_IBRANCH) {
		int j = red_branch_col(T, h->q);
		if (j)
			glp_ios_branch_upon(T, j, GLP_NO_BRNCH);
	}
	if (why == GLP_ISELECT && h->q->node_halt != SIZE_MAX &&
	    h->q->nodes + h->q->node_cost > h->q->node_halt) {
		h->q->halted = 1;
		glp_ios_terminate(T);
	} else if (why == GLP_ISELECT && h->q->node_limit &&
	           (h->q->nodes += h->q->node_cost) > h->q->node_limit) {
		nv_ilp_stats *st = h->q->st;
		st->budget = 1;
		if (h->q->all_in) {
			/* an answer better than GLPK's best is under a node left open
			 * (the root, not yet solved, has none: DBL_MAX) */
			int p = glp_ios_best_node(T);
			glp_prob *P = glp_ios_get_prob(T);
			double bound = p ? glp_ios_node_bound(T, p) : -HUGE_VAL;
			if (glp_mip_status(P) == GLP_FEAS && glp_mip_obj_val(P) > bound)
				bound = glp_mip_obj_val(P);
			if (fabs(bound) < 1e18) {
				st->stop_stage = h->q->stage;
				st->stop_bound = bound;
			}
		}
		glp_ios_terminate(T);
	}
}

/* glp_intopt on the model as it is (its LP solved first), started from the
 * pairs start[] (per edge, NULL: none; they must meet every constraint).
 * out[] per edge and *value. NV_OK, NV_EINFEAS or NV_EFAIL; RED_FEAS when
 * the deadline or the node budget stopped it with an answer in hand
 * (out[], *value). */
static int red_intopt(red *q, const uint8_t *start, uint8_t *out, int64_t *value)
{
	int rc = red_simplex(q, GLP_DUALP);
	if (rc != NV_OK)
		return rc;
	int nc = glp_get_num_cols(q->P);
	double *x = NULL;
	red_cb_info h = {0};
	glp_iocp parm;
	glp_init_iocp(&parm);
	parm.presolve = GLP_OFF;
	parm.mip_gap = 0.0;
	parm.msg_lev = GLP_MSG_OFF;
	/* Under a node budget the restricted set's branch and cut is there
	 * for an answer: it takes the node of the best projection (GLPK's
	 * estimate of the best answer under it) rather than the best bound,
	 * which on the unproven lines of bench/shapes.txt found better answers
	 * on five of ten (line 16 by 0.33) and a worse one on one (line 15,
	 * by 0.013). */
	if (q->node_limit && !q->all_in)
		parm.bt_tech = GLP_BT_BPH;
	if (!red_ms(q, &parm.tm_lim))
		return NV_EFAIL;
	if (start) {
		x = nv_xcalloc((size_t)nc + 1, sizeof *x);
		for (int j = 1; j <= nc; j++) {
			uint32_t e = q->edge_of[j];
			if (e != UINT32_MAX && start[e]) {
				x[j] = 1.0;
				int lk = red_link(q, e);
				if (lk)
					x[q->ycol[lk - 1]] = 1.0;
			}
		}
		size_t in_model = 0, in_start = 0;
		for (int j = 1; j <= nc; j++)
			in_model += q->edge_of[j] != UINT32_MAX && x[j] > 0.5;
		for (size_t e = 0; e < q->E; e++)
			in_start += start[e] != 0;
		NV_ASSERT(in_model == in_start);
		h.x = x;
	}
	h.q = q;
	parm.cb_func = red_cb;
	parm.cb_info = &h;
	size_t nx = 0;
	for (int j = 1; j <= nc; j++)
		if (q->edge_of[j] != UINT32_MAX && glp_get_col_type(q->P, j) != GLP_FX)
			nx++;
	if (nx > q->st->max_cols)
		q->st->max_cols = nx;
	q->node_cost = nx > NV_RED_NODE_COLS ? nx / NV_RED_NODE_COLS : 1;
	int ret = glp_intopt(q->P, &parm);
	free(x);
	int s = glp_mip_status(q->P);
	/* the deadline, or the node budget or its share (red_cb) */
	int stopped = ret == GLP_ETMLIM || (ret == GLP_ESTOP && (q->st->budget || q->halted));
	if (stopped) {
		/* GLPK's best answer so far, when it has one, for red_stage */
		if (ret == GLP_ETMLIM)
			q->timed_out = 1;
		if (s != GLP_FEAS)
			return NV_EFAIL;
	} else if (ret == GLP_ENOPFS || (ret == 0 && s == GLP_NOFEAS)) {
		return NV_EINFEAS;
	} else if (ret != 0 || s != GLP_OPT) {
		return NV_EFAIL;
	}
	memset(out, 0, q->E + 1);
	for (int j = 1; j <= nc; j++) {
		uint32_t e = q->edge_of[j];
		if (e != UINT32_MAX && glp_mip_col_val(q->P, j) > 0.5)
			out[e] = 1;
	}
	*value = red_value(q, out);
	return stopped ? RED_FEAS : NV_OK;
}

/* Deletes the pair columns the last stage left nonbasic at zero, except
 * fixed pairs and keep[] (per edge, may be NULL): what pricing brought in
 * for one objective need not serve the next, and GLPK's simplex slows with
 * every column. */
static void red_prune(red *q, const uint8_t *keep)
{
	glp_prob *P = q->P;
	int nc = glp_get_num_cols(P), nd = 0;
	int *num = nv_xmalloc(((size_t)nc + 1) * sizeof *num);
	int *to = nv_xcalloc((size_t)nc + 1, sizeof *to);
	for (int j = 1; j <= nc; j++) {
		uint32_t e = q->edge_of[j];
		int drop = e != UINT32_MAX && !(nv_asg_flags(q->a, e) & NV_EDGE_FIXED) &&
		           !(keep && keep[e]) && glp_get_col_stat(P, j) != GLP_BS &&
		           glp_get_col_stat(P, j) != GLP_NU;
		if (drop)
			num[++nd] = j;
	}
	if (nd > 0) {
		/* their strong rows first (rows keep their order too) */
		int nr = glp_get_num_rows(P), ndr = 0;
		int *rnum = nv_xmalloc(((size_t)nd + 1) * sizeof *rnum);
		int *rto = nv_xcalloc((size_t)nr + 1, sizeof *rto);
		uint8_t *rdel = nv_xcalloc((size_t)nr + 1, 1);
		for (int k = 1; k <= nd; k++) {
			uint32_t e = q->edge_of[num[k]];
			if (q->srow[e]) {
				rdel[q->srow[e]] = 1;
				q->srow[e] = 0;
			}
		}
		for (int r = 1, nn = 0; r <= nr; r++) {
			if (rdel[r])
				rnum[++ndr] = r;
			else
				rto[r] = ++nn;
		}
		if (ndr > 0) {
			glp_del_rows(P, ndr, rnum);
			for (int j = 1; j <= nc; j++) {
				uint32_t e = q->edge_of[j];
				if (e != UINT32_MAX && q->srow[e])
					q->srow[e] = rto[q->srow[e]];
			}
		}
		free(rnum);
		free(rto);
		free(rdel);
		glp_del_cols(P, nd, num);
		/* GLPK keeps the order of the columns left. */
		int k = 1, nn = 0;
		for (int j = 1; j <= nc; j++) {
			if (k <= nd && num[k] == j) {
				k++;
				q->col[q->edge_of[j]] = 0;
				continue;
			}
			to[j] = ++nn;
			q->edge_of[nn] = q->edge_of[j];
			if (q->edge_of[nn] != UINT32_MAX)
				q->col[q->edge_of[nn]] = nn;
		}
		for (size_t l = 0; l < q->nlink; l++)
			q->ycol[l] = to[q->ycol[l]];
		for (size_t f = 0; f < q->a->n_forms; f++)
			q->qart[f] = q->qart[f] ? to[q->qart[f]] : 0;
		q->cart = to[q->cart];
		q->nx -= (size_t)nd;
	}
	free(num);
	free(to);
}

/* The deadline ended a stage with the answer inc[] in hand: it is the
 * stage's answer, unproven; the first such stage is the one st records.
 * NV_OK. */
static int red_unproven(red *q, const uint8_t *inc, uint8_t *best, int64_t *value)
{
	if (best != inc)
		memcpy(best, inc, q->E);
	*value = red_value(q, inc);
	if (!q->st->unproven) {
		q->st->unproven = 1;
		q->st->unproven_stage = q->stage;
	}
	return NV_OK;
}

/* The deadline or the node budget ended a glp_intopt: what is in hand
 * stands, unproven. */
static int red_stopped(const red *q)
{
	return q->timed_out || q->st->budget;
}

/* One stage: the optimum of its objective over every usable pair into
 * best[] and *value. With cap < INT64_MAX (a known largest value), stops
 * as soon as an answer reaches it, and with *value = INT64_MIN when the
 * bound proves it out of reach. NV_OK, NV_EINFEAS, NV_EFAIL. */
static int red_stage(red *q, const uint8_t *start, int64_t cap, uint8_t *best, int64_t *value)
{
	size_t E = q->E;
	if (start && q->deadline > 0 && nv_now() >= q->deadline)
		q->timed_out = 1;
	if (start && red_stopped(q)) /* the deadline, or a stage before spent the budget */
		return red_unproven(q, start, best, value);
	if (q->st->stages++ > 0)
		red_prune(q, start);
	if (start) {
		/* glp_ios_heur_sol takes the start on trust: all of it must be
		 * columns of the model. */
		uint32_t *miss = nv_xmalloc((E + 1) * sizeof *miss);
		size_t n = 0;
		for (size_t e = 0; e < E; e++)
			if (start[e] && !q->col[e])
				miss[n++] = (uint32_t)e;
		red_add(q, miss, n);
		free(miss);
	}
	int rc = red_lp(q);
	if (rc == NV_EFAIL && q->timed_out && start)
		return red_unproven(q, start, best, value);
	if (rc != NV_OK)
		return rc;
	if (q->thr == INT64_MIN) {
		q->st->lp_stage = q->stage;
		q->st->lp_bound = (double)q->ub;
	}
	if (cap < INT64_MAX && q->ub < (long double)cap - RED_SAFE) {
		*value = INT64_MIN;
		return NV_OK;
	}
	/* The incumbent: the start, unless the LP bound already proves it
	 * (then a branch and cut would only agree with it, spending nodes of
	 * the budget the next stage needs). */
	int64_t zinc = start ? red_value(q, start) : INT64_MIN;
	if (start && q->ub < (long double)zinc + 1 - RED_SAFE) {
		q->st->lp_proved++;
		memcpy(best, start, E);
		*value = zinc;
		return NV_OK;
	}
	uint8_t *inc = nv_xcalloc(E + 1, 1);
	if (start)
		memcpy(inc, start, E);
	int64_t z;
	q->all_in = 0; /* the restricted set: a node's LP may miss the pairs left out */
	/* With an answer in hand, the restricted set's branch and cut gets half
	 * of the budget left, and the one over every pair that may beat its
	 * answer the rest: that one's open nodes bound the stage, where the
	 * restricted set's leave no bound (on line 5 of bench/shapes.txt the
	 * restricted set took the whole budget). */
	if (q->node_limit && zinc != INT64_MIN && q->nodes < q->node_limit)
		q->node_halt = q->nodes + (q->node_limit - q->nodes) / 2;
	rc = red_intopt(q, start, best, &z);
	int halted = q->halted; /* stopped at its share: no proof either way */
	q->node_halt = SIZE_MAX;
	q->halted = 0;
	if ((rc == NV_OK || rc == RED_FEAS) && (zinc == INT64_MIN || z > zinc)) {
		memcpy(inc, best, E);
		zinc = z;
	}
	if ((rc == NV_EFAIL || rc == RED_FEAS) && red_stopped(q) && zinc != INT64_MIN) {
		rc = red_unproven(q, inc, best, value);
		free(inc);
		return rc;
	}
	if (!halted && (rc == NV_EFAIL || rc == RED_FEAS)) {
		free(inc);
		return NV_EFAIL;
	}
	rc = NV_OK;
	if (zinc != INT64_MIN &&
	    ((cap < INT64_MAX && zinc >= cap) || q->ub < (long double)zinc + 1 - RED_SAFE)) {
		memcpy(best, inc, E);
		*value = zinc;
		free(inc);
		return NV_OK;
	}
	/* Reduced-cost fixing against the incumbent. */
	uint32_t *add = nv_xmalloc((E + 1) * sizeof *add);
	size_t nadd = 0, dropped = 0;
	for (size_t e = 0; e < E; e++) {
		if (!red_usable(q, e))
			continue;
		int keep = 1;
		if (zinc != INT64_MIN && !inc[e] && !(nv_asg_flags(q->a, e) & NV_EDGE_FIXED)) {
			/* the bounds with x_e = 1: the LP's loses max(0, d_e) and gains
			 * d_e; the Lagrangian's trades the mentee's best for d'_e (a
			 * mentee with a fixed pair cannot take e at all) */
			uint32_t i = q->a->mentee[e];
			double d = red_price(q, e);
			long double b = q->ub_lp - (d > 0 ? d : 0) + d;
			long double b2 = q->ub_lg - q->mbest[i] + (d + q->pi[1 + i]);
			if (q->mfix[i] || b2 < b)
				b = q->mfix[i] ? -INFINITY : b2;
			keep = b >= (long double)zinc + 1 - RED_SAFE;
		}
		if (!keep) {
			dropped++;
			if (q->col[e])
				glp_set_col_bnds(q->P, q->col[e], GLP_FX, 0.0, 0.0);
		} else if (!q->col[e]) {
			add[nadd++] = (uint32_t)e;
		}
	}
	q->st->n_ruled_out += dropped;
	if (zinc != INT64_MIN && nadd == 0 && !halted) {
		/* Every pair that could do better was in the restricted set, where
		 * the incumbent is optimal. */
		memcpy(best, inc, E);
		*value = zinc;
		free(add);
		free(inc);
		return NV_OK;
	}
	if (zinc == INT64_MIN)
		q->st->full = 1;
	q->st->n_final++;
	red_add(q, add, nadd);
	free(add);
	q->all_in = 1;
	rc = red_intopt(q, zinc != INT64_MIN ? inc : NULL, best, &z);
	if ((rc == NV_OK || rc == RED_FEAS) && (zinc == INT64_MIN || z > zinc)) {
		memcpy(inc, best, E);
		zinc = z;
	}
	if (rc == NV_OK) {
		*value = z;
	} else if (red_stopped(q) && zinc != INT64_MIN) {
		rc = red_unproven(q, inc, best, value);
	} else if (rc == RED_FEAS) {
		rc = NV_EFAIL;
	}
	free(inc);
	return rc;
}

int nv_ilp_solve_reduced(const nv_asg *a, const uint8_t *hint, double deadline,
                         uint8_t *chosen, int *timed_out, nv_ilp_stats *st, char *msg,
                         size_t msgsz)
{
	return nv_ilp_solve_reduced_budget(a, hint, deadline, 0, chosen, timed_out, st, msg, msgsz);
}

void nv_best_per_mentee(const nv_asg *a, const int64_t *val, const uint8_t *use, size_t K,
                        uint8_t *sel)
{
	size_t E = a->n_edges, L = a->n_mentees;
	uint32_t *top = nv_xmalloc((L * K + 1) * sizeof *top);
	for (size_t k = 0; k < L * K; k++)
		top[k] = UINT32_MAX;
	for (size_t e = 0; e < E; e++) {
		if (use ? !use[e] : (nv_asg_flags(a, e) & NV_EDGE_FORBIDDEN) != 0)
			continue;
		uint32_t *t = top + (size_t)a->mentee[e] * K;
		for (size_t s = 0; s < K; s++)
			if (t[s] == UINT32_MAX || val[e] > val[t[s]]) {
				memmove(t + s + 1, t + s, (K - 1 - s) * sizeof *t);
				t[s] = (uint32_t)e;
				break;
			}
	}
	for (size_t k = 0; k < L * K; k++)
		if (top[k] != UINT32_MAX)
			sel[top[k]] = 1;
	free(top);
}

int nv_ilp_solve_reduced_budget(const nv_asg *a, const uint8_t *hint, double deadline,
                                size_t node_limit, uint8_t *chosen, int *timed_out,
                                nv_ilp_stats *st, char *msg, size_t msgsz)
{
	size_t E = a->n_edges;
	red q = {0};
	int rc = NV_OK;
	*timed_out = 0;
	memset(st, 0, sizeof *st);
	st->lp_stage = -1;
	st->count = -1;
	st->stop_stage = -1;
	glp_term_out(GLP_OFF);
	red_build(&q, a);
	q.st = st;
	q.deadline = deadline;
	q.node_limit = node_limit;
	q.node_halt = SIZE_MAX;
	q.thr = INT64_MIN;

	/* The restricted set: fixed pairs, the hint's, each mentee's best few. */
	uint32_t *seed = nv_xmalloc((E + 1) * sizeof *seed);
	uint8_t *in = nv_xcalloc(E + 1, 1);
	for (size_t e = 0; e < E; e++) {
		uint8_t fl = nv_asg_flags(a, e);
		if (fl & NV_EDGE_FORBIDDEN)
			continue;
		st->n_pairs++;
		if ((fl & NV_EDGE_FIXED) || (hint && hint[e]))
			in[e] = 1;
	}
	nv_best_per_mentee(a, q.val, NULL, RED_SEED, in);
	size_t ns = 0;
	for (size_t e = 0; e < E; e++)
		if (in[e])
			seed[ns++] = (uint32_t)e;
	red_add(&q, seed, ns);
	st->n_start = ns;

	/* The hint starts the search when it meets every constraint. */
	const uint8_t *start = NULL;
	if (hint) {
		size_t n = 0;
		char why[160];
		for (size_t e = 0; e < E; e++)
			if (hint[e])
				seed[n++] = (uint32_t)e;
		if (nv_asg_check(a, seed, n, why, sizeof why) == NV_OK) {
			start = hint;
			st->hint_used = 1;
		}
	}
	free(seed);

	uint8_t *best = nv_xcalloc(E + 1, 1), *feas = NULL;
	int64_t value = 0;
	if (a->objective != NV_OBJ_SCORE) {
		q.stage = STAGE_COUNT;
		rc = red_stage(&q, start, INT64_MAX, best, &value);
		if (rc != NV_OK)
			goto done;
		if (!st->unproven)
			st->count = value;
		q.hold = value;
		start = best;
	}
	if (a->objective == NV_OBJ_MAXIMIN && value > 0) {
		/* The largest threshold that keeps the count: bisection over the
		 * distinct values of the free pairs, from the count stage's worst. */
		int64_t *vals = nv_xmalloc((E + 1) * sizeof *vals), lowest = INT64_MAX;
		size_t nv = 0;
		for (size_t e = 0; e < E; e++) {
			if (nv_asg_flags(a, e) & (NV_EDGE_FORBIDDEN | NV_EDGE_FIXED))
				continue;
			vals[nv++] = q.val[e];
			if (best[e] && q.val[e] < lowest)
				lowest = q.val[e];
		}
		feas = nv_xmalloc(E + 1);
		memcpy(feas, best, E);
		if (lowest != INT64_MAX) {
			size_t u = nv_sort_unique_i64(vals, nv);
			size_t lo = 0, hi = u;
			while (vals[lo] != lowest)
				lo++;
			int64_t K = value;
			q.hold = 0;
			while (hi - lo > 1) {
				size_t mid = lo + (hi - lo) / 2;
				int64_t got = INT64_MIN;
				q.thr = vals[mid];
				rc = red_stage(&q, NULL, K, best, &got);
				if (rc == NV_EFAIL && q.timed_out) {
					/* the deadline with no answer at this threshold: the
					 * highest threshold reached stands, unproven */
					red_unproven(&q, feas, best, &got);
					memcpy(chosen, feas, E);
					free(vals);
					rc = NV_OK;
					snprintf(msg, msgsz, "%d stages, the threshold unproven", st->stages);
					goto done;
				}
				if (rc == NV_EFAIL) {
					free(vals);
					goto done;
				}
				if (rc == NV_OK && got >= K) {
					lo = mid;
					memcpy(feas, best, E);
				} else {
					hi = mid;
				}
			}
			rc = NV_OK;
			q.thr = vals[lo];
			q.hold = K;
		}
		free(vals);
		start = feas;
	}
	/* With every free pair of one value a proven count's answer has the
	 * largest total too, and the total stage would only search every pair
	 * again (reduced costs cannot drop one). */
	if (!(a->objective == NV_OBJ_COVERAGE && !st->unproven && values_equal(a))) {
		q.stage = STAGE_TOTAL;
		rc = red_stage(&q, start, INT64_MAX, best, &value);
		if (rc != NV_OK)
			goto done;
	}
	memcpy(chosen, best, E);
	snprintf(msg, msgsz, "%d stage%s", st->stages, nv_s((size_t)st->stages));
done:
	*timed_out = q.timed_out;
	if (rc == NV_EINFEAS)
		snprintf(msg, msgsz,
		         "no assignment meets the quotas, the fixed pairs and the one-form "
		         "rule together");
	else if (rc != NV_OK && q.timed_out)
		snprintf(msg, msgsz, "glp_intopt reached the time limit");
	else if (rc != NV_OK)
		snprintf(msg, msgsz, "glp_intopt did not reach an optimum");
	free(best);
	free(feas);
	free(in);
	red_free(&q);
	glp_free_env();
	return rc;
}

int nv_asg_write_lp(const nv_asg *a, const char *path)
{
	NV_ASSERT(a && path);
	model md = {0};
	size_t E = a->n_edges, R = a->n_mentors;
	int64_t vmin = INT64_MAX, vmax = INT64_MIN, big = 0;
	uint64_t capsum = 0;
	for (size_t e = 0; e < E; e++) {
		if (nv_asg_flags(a, e) & NV_EDGE_FORBIDDEN)
			continue;
		int64_t v = nv_asg_value(a, e);
		vmin = v < vmin ? v : vmin;
		vmax = v > vmax ? v : vmax;
	}
	for (size_t m = 0; m < R; m++)
		capsum += (uint64_t)nv_asg_cap(a, m);
	uint64_t K = capsum < a->n_mentees ? capsum : a->n_mentees;
	if (vmin <= vmax)
		big = (int64_t)((uint64_t)(vmax - vmin) * K + 1);
	glp_term_out(GLP_OFF);
	model_build(a, &md, 1);
	glp_set_prob_name(md.P, a->objective == NV_OBJ_SCORE
	                            ? "nastavnik_score"
	                            : "nastavnik_coverage");
	glp_set_obj_name(md.P, "weight");
	for (size_t e = 0; e < E; e++) {
		if (!md.col[e])
			continue;
		int64_t v = nv_asg_value(a, e);
		double w = a->objective == NV_OBJ_SCORE ? (double)v : (double)(big + (v - vmin));
		glp_set_obj_coef(md.P, md.col[e], w);
	}
	errno = 0;
	int ret = glp_write_lp(md.P, NULL, path);
	int err = errno; /* the cause, for the caller's message */
	model_free(&md);
	glp_free_env();
	errno = err;
	return ret == 0 ? NV_OK : NV_EFAIL;
}
