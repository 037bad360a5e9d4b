/* ilp.c (the GLPK model: side constraints, the model of record, LP export)
 *
 * Columns x_e (binary) for every pair that is not forbidden, fixed ones
 * bound to 1; rows: each mentee <= 1, each mentor <= capacity; under one
 * form per mentor, a binary y_mf for each form f of a mentor eligible in
 * two or more forms, with sum_{e in m,f} x_e <= cap_m y_mf and sum_f y_mf
 * <= 1; per-form quotas; one row counting all pairs. The objectives are
 * solved lexicographically, one glp_intopt per stage (gap 0): the count,
 * then (maximin) the threshold by bisection, then the total. Every glp_*
 * call gets checked inputs: GLPK aborts the process on bad arguments. */
#include "solverint.h"

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
					int y = glp_add_cols(P, 1);
					glp_set_col_kind(P, y, GLP_BV);
					int r = glp_add_rows(P, 1);
					glp_set_row_bnds(P, r, GLP_UP, 0.0, 0.0);
					if (names) {
						snprintf(buf, sizeof buf, "y_%u_%u", m, f);
						glp_set_col_name(P, y, buf);
						snprintf(buf, sizeof buf, "form_%u_%u", m, f);
						glp_set_row_name(P, r, buf);
					}
					trip_add(&t, ychoice, y, 1.0);
					trip_add(&t, r, y, -(double)nv_asg_cap(a, m));
					for (size_t e = 0; e < E; e++)
						if (md->col[e] && a->mentor[e] == m && nv_asg_form(a, e) == f)
							trip_add(&t, r, md->col[e], 1.0);
				}
			}
			k = k2;
		}
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

static int cmp_i64(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
	return (a > b) - (a < b);
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
			qsort(vals, nv, sizeof *vals, cmp_i64);
			size_t u = 0;
			for (size_t k = 0; k < nv; k++)
				if (u == 0 || vals[k] != vals[u - 1])
					vals[u++] = vals[k];
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
	set_obj(a, &md, 0);
	rc = run(&md, &obj, deadline, timed_out);
	stages++;
	if (rc != NV_OK)
		goto done;
	for (size_t e = 0; e < a->n_edges; e++)
		chosen[e] = md.col[e] && glp_mip_col_val(md.P, md.col[e]) > 0.5;
	snprintf(msg, msgsz, "%d stage%s", stages, stages == 1 ? "" : "s");
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
	int ret = glp_write_lp(md.P, NULL, path);
	model_free(&md);
	glp_free_env();
	return ret == 0 ? NV_OK : NV_EFAIL;
}
