/* solve.c (nv_asg_solve: objectives, fixed pairs, components, threads)
 *
 * Fixed pairs are placed first (they take their mentee and one unit of
 * their mentor's capacity); the rest is a max-weight b-matching whose
 * weights encode the objective in exact micro-units:
 *   coverage  w = BIG + (value - vmin), BIG = range * K + 1 > any total
 *             range, so more pairs always wins, then the larger total;
 *   score     w = value, only positive weights can be chosen;
 *   maximin   coverage for the count K, then the largest threshold t whose
 *             edges (value >= t) still match K (each step a cardinality
 *             b-matching), then coverage on those edges. Fixed pairs are
 *             exempt from the threshold.
 * `value` is llround(score * 1e6), negated under `minimize`. Each run of the
 * network core is split into components (solved on up to `threads` threads,
 * merged by index, so the answer does not depend on them), searched from
 * the side with fewer places (mentors when capacity is scarce, mentees
 * otherwise: searches then end at the plentiful side) and checked by
 * the dual proof. Side constraints: the network answer is kept when it
 * meets them (it solves a relaxation); otherwise GLPK, per component when
 * only one form per mentor binds. */
#include "solverint.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { MODE_COVER, MODE_SCORE, MODE_CARD };

/* Duals of one network run and how its weights were made. */
typedef struct duals {
	int64_t *u, *v;
	int mode;
	int64_t big, vmin, vmax, thr;
} duals;

/* What nv_solution_could_improve reads (the flow path only). */
typedef struct nv_priv {
	size_t n_mentors, n_mentees;
	int minimize;
	uint8_t *fixed_mentee;
	int32_t *rcap;
	duals fin, cov, card;
	int has_cov, has_card;
	uint8_t *by_ilp; /* per mentee, then mentor: in a component GLPK solved */
	nv_maximin_proof mm; /* maximin by the form search (maximin.c) */
	/* Components the form search solved: per mentee, then mentor, the
	 * component (UINT32_MAX: none) and the root's dual; per component how
	 * its weights were made and the slack its answer leaves (forms.c). */
	uint32_t *fcomp;
	int64_t *fpot;
	uint8_t *fcut; /* per mentor: capacity cut in the relaxation */
	struct fparam {
		int64_t big, vmin, vmax, slack;
		int ok;    /* duals known */
		int cover; /* weights big + v - vmin (else v) */
		/* the root's bound, the answer's value and pairs; lag: the search
		 * stopped unproven and kept its Lagrangian bound lagr */
		int64_t root, value, lagr;
		size_t count;
		int lag;
		/* before the prices were searched again with the offered pairs
		 * (nv_solution_lagr_reprice, once n_reprice > 0): the bound they
		 * gave */
		int64_t first;
		/* the bound GLPK's reduced model left past its node budget
		 * (INT64_MAX none); it holds unless a pair offered from outside
		 * the problem may be in a better answer (outside) */
		int64_t gbound;
		int outside;
	} *fpar;
	const char *gap_by; /* the bound the finish stated the gap from */
	/* The Lagrangian bounds of unproven components (nv_solution_lagr_*):
	 * per mentee its price, per mentor its only form and its entries in
	 * fle (first fls, fln of them); the pairs offered from outside the
	 * problem that can raise a mentor's term (each one's mentee and weight
	 * in extra_e, extra_w), and those a search of the prices took in
	 * (acc, by mentor then mentee: their values are in fle). */
	int64_t *fy;
	int32_t *frestr;
	uint32_t *fls, *fln;
	struct lagv {
		uint32_t mentor, form;
		int64_t x;
	} *fle, *extra;
	uint32_t *extra_e;
	int64_t *extra_w;
	struct lagx {
		uint32_t mentor, mentee, form;
		int64_t w;
	} * acc;
	size_t n_fle, n_extra, cap_extra, n_fpar, n_acc;
	int n_reprice;
	int lag_bad; /* an offered pair the bound cannot take: keep the network's */
	char stop[NV_STOP_LEN];
	size_t regions;
} nv_priv;

/* The network part of a problem: fixed pairs placed. */
typedef struct net {
	const nv_asg *a;
	int64_t *val;          /* per edge */
	int32_t *rcap;         /* per mentor: capacity left after fixed pairs */
	uint8_t *fixed_mentee; /* per mentee */
	uint8_t *cand;         /* per edge: may be chosen by the network */
	int threads;
	size_t n_components, n_checked;
} net;

/* --- private: weights ---------------------------------------------------- */

int64_t nv_asg_value(const nv_asg *a, size_t e)
{
	int64_t c = llround(a->score[e] * 1e6);
	return a->minimize ? -c : c;
}

static int64_t weight_of(const duals *d, int64_t val)
{
	switch (d->mode) {
	case MODE_COVER:
		return d->big + (val - d->vmin);
	case MODE_SCORE:
		return val;
	default:
		return 1;
	}
}

/* --- private: one network run over components ---------------------------- */

/* fn(arg) on n threads (at most NV_MAX_THREADS), the caller's one of
 * them; each takes work from arg until there is none. A thread that
 * cannot be started leaves its share to the others. */
#define NV_MAX_THREADS 64
static void on_threads(size_t n, void *(*fn)(void *), void *arg)
{
	pthread_t tid[NV_MAX_THREADS];
	size_t started = 0;
	if (n > NV_MAX_THREADS)
		n = NV_MAX_THREADS;
	for (size_t t = 1; t < n; t++)
		if (pthread_create(&tid[started], NULL, fn, arg) == 0)
			started++;
	if (n > 0)
		fn(arg);
	for (size_t t = 0; t < started; t++)
		pthread_join(tid[t], NULL);
}

typedef struct comp_job {
	const nv_bm *g;
	size_t n;
	atomic_size_t next;
	const uint32_t *order; /* components by size, largest first */
	uint8_t **flow;
	int64_t **u, **v;
} comp_job;

static void *comp_worker(void *arg)
{
	comp_job *j = arg;
	for (;;) {
		size_t k = atomic_fetch_add(&j->next, 1);
		if (k >= j->n)
			break;
		uint32_t c = j->order[k];
		nv_bm_solve(&j->g[c], j->flow[c], j->u[c], j->v[c]);
	}
	return NULL;
}

static uint32_t uf_find(uint32_t *p, uint32_t x)
{
	while (p[x] != x) {
		p[x] = p[p[x]];
		x = p[x];
	}
	return x;
}

static int by_size_desc(const void *x, const void *y, void *ud)
{
	const uint32_t *sort_sizes = ud;
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
	if (sort_sizes[a] != sort_sizes[b])
		return sort_sizes[a] > sort_sizes[b] ? -1 : 1;
	return a < b ? -1 : a > b;
}

/* Runs the network core on the candidate edges with value >= thr, weights
 * by d->mode (d->big, vmin, vmax are set here). chosen[e] and the duals
 * d->u, d->v (allocated here) come out; the proof is checked. */
static int net_run(net *nt, duals *d, uint8_t *chosen, char *msg, size_t msgsz)
{
	const nv_asg *a = nt->a;
	size_t E = a->n_edges, L = a->n_mentees, R = a->n_mentors;
	int rc = NV_OK;
	uint8_t *sel = nv_xcalloc(E + 1, 1);
	int64_t *w = nv_xmalloc((E + 1) * sizeof *w);
	int64_t vmin = INT64_MAX, vmax = INT64_MIN;
	size_t nsel = 0;

	for (size_t e = 0; e < E; e++) {
		chosen[e] = 0;
		if (!nt->cand[e] || nt->val[e] < d->thr)
			continue;
		sel[e] = 1;
		nsel++;
		if (nt->val[e] < vmin)
			vmin = nt->val[e];
		if (nt->val[e] > vmax)
			vmax = nt->val[e];
	}
	d->vmin = nsel ? vmin : 0;
	d->vmax = nsel ? vmax : 0;
	d->big = 1;
	d->u = nv_xcalloc(L + 1, sizeof *d->u);
	d->v = nv_xcalloc(R + 1, sizeof *d->v);

	uint64_t n_mentees, capsum;
	nv_asg_units(a, sel, NULL, nt->rcap, &n_mentees, &capsum);
	if (d->mode == MODE_COVER && nsel) {
		uint64_t range = (uint64_t)(vmax - vmin);
		uint64_t K = capsum < n_mentees ? capsum : n_mentees;
		if (range > nv_big_widest(K)) {
			snprintf(msg, msgsz,
			         "score range too wide for exact integer arithmetic");
			rc = NV_EFAIL;
			goto done;
		}
		d->big = (int64_t)(range * K + 1);
	}
	for (size_t e = 0; e < E; e++)
		w[e] = sel[e] ? weight_of(d, nt->val[e]) : 0;

	/* The side with fewer units searches (left); the other is found. */
	int flip = capsum < n_mentees;
	size_t NL = flip ? R : L, NR = flip ? L : R;
	const uint32_t *lend = flip ? a->mentor : a->mentee;
	const uint32_t *rend = flip ? a->mentee : a->mentor;

	/* Components: union-find over left 0..NL-1 and right NL..NL+NR-1. */
	uint32_t *par = nv_xmalloc((NL + NR + 1) * sizeof *par);
	for (size_t x = 0; x < NL + NR; x++)
		par[x] = (uint32_t)x;
	uint32_t *deg = nv_xcalloc(NL + 1, sizeof *deg);
	for (size_t e = 0; e < E; e++)
		if (sel[e] && w[e] > 0) {
			deg[lend[e]]++;
			uint32_t x = uf_find(par, lend[e]);
			uint32_t y = uf_find(par, (uint32_t)NL + rend[e]);
			if (x != y)
				par[x > y ? x : y] = x < y ? x : y;
		}
	/* Number components by their smallest left node; local indices. */
	uint32_t *cid = nv_xmalloc((NL + NR + 1) * sizeof *cid);
	uint32_t *loc = nv_xmalloc((NL + NR + 1) * sizeof *loc);
	size_t nc = 0;
	for (size_t x = 0; x < NL + NR; x++)
		cid[x] = UINT32_MAX;
	for (size_t x = 0; x < NL; x++) {
		if (!deg[x])
			continue;
		uint32_t r = uf_find(par, (uint32_t)x);
		if (cid[r] == UINT32_MAX)
			cid[r] = (uint32_t)nc++;
	}
	uint32_t *nl = nv_xcalloc(nc + 1, sizeof *nl), *nr = nv_xcalloc(nc + 1, sizeof *nr);
	uint32_t *na = nv_xcalloc(nc + 1, sizeof *na);
	uint32_t *node_c = nv_xmalloc((NL + NR + 1) * sizeof *node_c);
	for (size_t x = 0; x < NL + NR; x++) {
		node_c[x] = UINT32_MAX;
		if (x < NL && !deg[x])
			continue;
		uint32_t c = cid[uf_find(par, (uint32_t)x)];
		if (c == UINT32_MAX)
			continue; /* a right node without arcs */
		if (x < NL) {
			loc[x] = nl[c]++;
			na[c] += deg[x];
		} else {
			loc[x] = nr[c]++;
		}
		node_c[x] = c;
	}
	nv_bm *g = nv_xcalloc(nc + 1, sizeof *g);
	uint32_t **off = nv_xcalloc(nc + 1, sizeof *off);
	uint32_t **right = nv_xcalloc(nc + 1, sizeof *right);
	uint32_t **eid = nv_xcalloc(nc + 1, sizeof *eid);
	int64_t **wl = nv_xcalloc(nc + 1, sizeof *wl);
	int32_t **capl = nv_xcalloc(nc + 1, sizeof *capl);
	int32_t **capr = nv_xcalloc(nc + 1, sizeof *capr);
	uint8_t **flow = nv_xcalloc(nc + 1, sizeof *flow);
	int64_t **ul = nv_xcalloc(nc + 1, sizeof *ul), **vl = nv_xcalloc(nc + 1, sizeof *vl);
	uint32_t **glob_l = nv_xcalloc(nc + 1, sizeof *glob_l);
	uint32_t **glob_r = nv_xcalloc(nc + 1, sizeof *glob_r);
	for (size_t c = 0; c < nc; c++) {
		off[c] = nv_xcalloc(nl[c] + 1, sizeof **off);
		right[c] = nv_xmalloc((na[c] + 1) * sizeof **right);
		eid[c] = nv_xmalloc((na[c] + 1) * sizeof **eid);
		wl[c] = nv_xmalloc((na[c] + 1) * sizeof **wl);
		capl[c] = nv_xmalloc((nl[c] + 1) * sizeof **capl);
		capr[c] = nv_xmalloc((nr[c] + 1) * sizeof **capr);
		flow[c] = nv_xmalloc(na[c] + 1);
		ul[c] = nv_xmalloc((nl[c] + 1) * sizeof **ul);
		vl[c] = nv_xmalloc((nr[c] + 1) * sizeof **vl);
		glob_l[c] = nv_xmalloc((nl[c] + 1) * sizeof **glob_l);
		glob_r[c] = nv_xmalloc((nr[c] + 1) * sizeof **glob_r);
	}
	for (size_t x = 0; x < NL + NR; x++) {
		uint32_t c = node_c[x];
		if (c == UINT32_MAX)
			continue;
		if (x < NL) {
			glob_l[c][loc[x]] = (uint32_t)x;
			off[c][loc[x] + 1] = deg[x];
			capl[c][loc[x]] = flip ? nt->rcap[x] : 1;
		} else {
			glob_r[c][loc[x]] = (uint32_t)(x - NL);
			capr[c][loc[x]] = flip ? 1 : nt->rcap[x - NL];
		}
	}
	for (size_t c = 0; c < nc; c++)
		for (uint32_t i = 0; i < nl[c]; i++)
			off[c][i + 1] += off[c][i];
	/* Fill arcs in edge order so each left node's arcs ascend by edge. */
	uint32_t *fill = nv_xcalloc(NL + 1, sizeof *fill);
	for (size_t e = 0; e < E; e++) {
		if (!sel[e] || w[e] <= 0)
			continue;
		uint32_t x = lend[e], c = node_c[x];
		uint32_t k = off[c][loc[x]] + fill[x]++;
		right[c][k] = loc[NL + rend[e]];
		wl[c][k] = w[e];
		eid[c][k] = (uint32_t)e;
	}
	free(fill);
	for (size_t c = 0; c < nc; c++) {
		g[c].n_left = nl[c];
		g[c].n_right = nr[c];
		g[c].off = off[c];
		g[c].right = right[c];
		g[c].w = wl[c];
		g[c].cap_left = capl[c];
		g[c].cap = capr[c];
	}

	/* Solve: largest components first, on up to `threads` threads. */
	uint32_t *order = nv_xmalloc((nc + 1) * sizeof *order);
	for (size_t c = 0; c < nc; c++)
		order[c] = (uint32_t)c;
	qsort_r(order, nc, sizeof *order, by_size_desc, na);
	comp_job job = {.g = g, .n = nc, .order = order, .flow = flow, .u = ul, .v = vl};
	atomic_init(&job.next, 0);
	size_t nthreads = (size_t)(nt->threads > 0 ? nt->threads : 1);
	if (nthreads > nc)
		nthreads = nc;
	if (nsel < 20000)
		nthreads = 1; /* not worth a thread */
	on_threads(nthreads, comp_worker, &job);

	int64_t *mentee_dual = d->u, *mentor_dual = d->v;
	for (size_t c = 0; c < nc; c++) {
		for (uint32_t i = 0; i < nl[c]; i++)
			(flip ? mentor_dual : mentee_dual)[glob_l[c][i]] = ul[c][i];
		for (uint32_t m = 0; m < nr[c]; m++)
			(flip ? mentee_dual : mentor_dual)[glob_r[c][m]] = vl[c][m];
		for (uint32_t k = 0; k < na[c]; k++)
			if (flow[c][k])
				chosen[eid[c][k]] = 1;
	}
	nt->n_components = nc;
	nt->n_checked = nsel;

	/* The proof, over every selected edge (zero-weight ones too). */
	{
		uint32_t *pe = nv_xmalloc((nsel + 1) * sizeof *pe);
		uint32_t *pm = nv_xmalloc((nsel + 1) * sizeof *pm);
		int64_t *pw = nv_xmalloc((nsel + 1) * sizeof *pw);
		uint8_t *pc = nv_xmalloc(nsel + 1);
		size_t k = 0;
		for (size_t e = 0; e < E; e++)
			if (sel[e]) {
				pe[k] = a->mentee[e];
				pm[k] = a->mentor[e];
				pw[k] = w[e];
				pc[k] = chosen[e];
				k++;
			}
		rc = nv_proof_check(nsel, pe, pm, pw, pc, L, R, nt->rcap, d->u, d->v,
		                    NULL, msg, msgsz);
		free(pe);
		free(pm);
		free(pw);
		free(pc);
	}

	for (size_t c = 0; c < nc; c++) {
		free(off[c]);
		free(right[c]);
		free(eid[c]);
		free(wl[c]);
		free(capl[c]);
		free(capr[c]);
		free(flow[c]);
		free(ul[c]);
		free(vl[c]);
		free(glob_l[c]);
		free(glob_r[c]);
	}
	free(off);
	free(right);
	free(eid);
	free(wl);
	free(capl);
	free(capr);
	free(flow);
	free(ul);
	free(vl);
	free(glob_l);
	free(glob_r);
	free(g);
	free(order);
	free(nl);
	free(nr);
	free(na);
	free(par);
	free(cid);
	free(loc);
	free(deg);
	free(node_c);
done:
	free(sel);
	free(w);
	return rc;
}

static void duals_free(duals *d)
{
	free(d->u);
	free(d->v);
	d->u = d->v = NULL;
}

static size_t count_chosen(const uint8_t *chosen, size_t n)
{
	size_t k = 0;
	for (size_t e = 0; e < n; e++)
		k += chosen[e] != 0;
	return k;
}


/* The network path for every objective. chosen[] gets the non-fixed pairs.
 * On NV_OK, pv holds the duals. */
static int flow_path(net *nt, nv_priv *pv, uint8_t *chosen, char *proof,
                     size_t proofsz)
{
	const nv_asg *a = nt->a;
	size_t E = a->n_edges;
	char msg[200] = "";
	int rc;
	const char *what = a->objective == NV_OBJ_SCORE ? "score" : "coverage";

	if (a->objective != NV_OBJ_MAXIMIN) {
		pv->fin.mode = a->objective == NV_OBJ_SCORE ? MODE_SCORE : MODE_COVER;
		pv->fin.thr = INT64_MIN;
		rc = net_run(nt, &pv->fin, chosen, msg, sizeof msg);
		if (rc != NV_OK) {
			snprintf(proof, proofsz, "network path failed: %.200s", msg);
			return rc;
		}
		snprintf(proof, proofsz,
		         "network flow (%s); LP dual certificate checked on %zu candidate "
		         "pairs: dual feasible, complementary slack, primal = dual",
		         what, nt->n_checked);
		return NV_OK;
	}

	/* maximin: the count first. */
	pv->cov.mode = MODE_COVER;
	pv->cov.thr = INT64_MIN;
	rc = net_run(nt, &pv->cov, chosen, msg, sizeof msg);
	if (rc != NV_OK) {
		snprintf(proof, proofsz, "network path failed: %.200s", msg);
		return rc;
	}
	pv->has_cov = 1;
	size_t K = count_chosen(chosen, E);
	size_t steps = 0;
	int64_t best = INT64_MIN; /* threshold */
	if (K > 0) {
		size_t nv = 0;
		int64_t *vals = nv_xmalloc((E + 1) * sizeof *vals);
		int64_t lowest = INT64_MAX;
		for (size_t e = 0; e < E; e++) {
			if (nt->cand[e])
				vals[nv++] = nt->val[e];
			if (chosen[e] && nt->val[e] < lowest)
				lowest = nt->val[e];
		}
		nv = nv_sort_unique_i64(vals, nv);
		size_t lo = 0, hi = nv;
		while (vals[lo] != lowest)
			lo++;
		uint8_t *tmp = nv_xmalloc(E + 1);
		while (hi - lo > 1) {
			size_t mid = lo + (hi - lo) / 2;
			duals d = {.mode = MODE_CARD, .thr = vals[mid]};
			rc = net_run(nt, &d, tmp, msg, sizeof msg);
			steps++;
			if (rc != NV_OK) {
				duals_free(&d);
				free(tmp);
				free(vals);
				snprintf(proof, proofsz, "network path failed: %.200s", msg);
				return rc;
			}
			if (count_chosen(tmp, E) == K) {
				lo = mid;
				duals_free(&d);
			} else {
				hi = mid;
				duals_free(&pv->card);
				pv->card = d;
				pv->has_card = 1;
			}
		}
		free(tmp);
		best = vals[lo];
		free(vals);
	}
	pv->fin.mode = MODE_COVER;
	pv->fin.thr = best;
	rc = net_run(nt, &pv->fin, chosen, msg, sizeof msg);
	if (rc != NV_OK) {
		snprintf(proof, proofsz, "network path failed: %.200s", msg);
		return rc;
	}
	NV_ASSERT(count_chosen(chosen, E) == K);
	snprintf(proof, proofsz,
	         "network flow (maximin: %zu threshold steps); LP dual certificates "
	         "checked for the count, the threshold and the total: dual feasible, "
	         "complementary slack, primal = dual",
	         steps);
	return NV_OK;
}

/* The proof text of an unproven one-form answer, from s->gap and
 * s->gap_pairs; bound names the bound they come from. */
static void gap_proof(nv_solution *s, const char *bound)
{
	const nv_priv *pv = s->priv;
	if (s->gap_pairs)
		snprintf(s->proof, sizeof s->proof,
		         "one form per mentor: %s; best answer found, the optimum may have "
		         "up to %zu more pairs (%s); %zu improvement%s by region",
		         pv->stop, s->gap_pairs, bound, pv->regions, nv_s(pv->regions));
	else
		snprintf(s->proof, sizeof s->proof,
		         "one form per mentor: %s; best answer found, at most %.6f below "
		         "the optimum (%s); %zu improvement%s by region",
		         pv->stop, s->gap, bound, pv->regions, nv_s(pv->regions));
}

/* The pairs of answer x (per edge) and their total value. */
static void tally(const nv_asg *a, const uint8_t *x, int64_t *count, int64_t *total)
{
	*count = *total = 0;
	for (size_t e = 0; e < a->n_edges; e++)
		if (x[e]) {
			++*count;
			*total += nv_asg_value(a, e);
		}
}

/* 1 when answer x is better than y by a's objective. */
static int quota_better(const nv_asg *a, const uint8_t *x, const uint8_t *y)
{
	int64_t nx, ny, tx, ty;
	tally(a, x, &nx, &tx);
	tally(a, y, &ny, &ty);
	if (a->objective != NV_OBJ_SCORE && nx != ny)
		return nx > ny;
	if (a->objective == NV_OBJ_MAXIMIN) {
		int64_t lx = nv_lowest_of(a, x), ly = nv_lowest_of(a, y);
		if (lx != ly)
			return lx > ly;
	}
	return tx > ty;
}

static int cmp_i64(const void *x, const void *y);

/* The largest total of any answer with k pairs: each mentee's best pair,
 * the k best mentees. */
int64_t nv_best_total(const nv_asg *a, int64_t k)
{
	size_t L = a->n_mentees;
	int64_t *best = nv_xmalloc((L + 1) * sizeof *best), total = 0;
	for (size_t i = 0; i < L; i++)
		best[i] = INT64_MIN;
	for (size_t e = 0; e < a->n_edges; e++) {
		int64_t v = nv_asg_value(a, e);
		if (!(nv_asg_flags(a, e) & NV_EDGE_FORBIDDEN) && v > best[a->mentee[e]])
			best[a->mentee[e]] = v;
	}
	size_t n = 0;
	for (size_t i = 0; i < L; i++)
		if (best[i] != INT64_MIN)
			best[n++] = best[i];
	qsort(best, n, sizeof *best, cmp_i64);
	for (size_t j = n; j > 0 && (int64_t)(n - j) < k; j--)
		total += best[j - 1];
	free(best);
	return total;
}

/* The gap and proof of a quota answer chosen[] the deadline left unproven,
 * from what GLPK proved (ist: the count, the LP bound of the stage it
 * stopped in), else from the answer without side constraints (relax_count
 * pairs, total relax_total: the most pairs, and the largest total at that
 * count) and, for a total at a count below that (or under maximin, whose
 * answer without side constraints bounds no total), from each mentee's
 * best pair; maximin's threshold has no bound (the proof says so). held:
 * the answer is the one with each mentor's form held. */
static void quota_gap(nv_solution *s, const nv_asg *a, const nv_ilp_stats *ist,
                      int64_t relax_count, int64_t relax_total, const uint8_t *chosen,
                      double limit, int held)
{
	int64_t count, total;
	tally(a, chosen, &count, &total);
	/* The stage it stopped in and that stage's LP bound (NAN: none). */
	int stage = ist->unproven                                     ? ist->unproven_stage
	            : ist->count >= 0 || a->objective == NV_OBJ_SCORE ? 1
	                                                              : 0;
	double bound = ist->lp_stage == stage ? ist->lp_bound : NAN;
	const char *said = "bound without the side constraints";
	/* the largest total (maximin's answer without the side constraints
	 * has the largest total above its threshold only: no bound) */
	int maximin = a->objective == NV_OBJ_MAXIMIN;
	double most = (double)relax_total;
	s->gap_pairs = 0;
	if (a->objective != NV_OBJ_SCORE) {
		/* the count: proven, or the LP's, or the network's */
		int64_t pairs = relax_count;
		if (ist->count >= 0 || (stage == 0 && !isnan(bound))) {
			pairs = ist->count >= 0 ? ist->count : (int64_t)floor(bound + 1e-6);
			said = "LP bound";
		}
		if (pairs > count)
			s->gap_pairs = (size_t)(pairs - count);
		if (!s->gap_pairs && (count < relax_count || maximin)) {
			most = (double)nv_best_total(a, count);
			said = count < relax_count
			               ? "LP bound on the count, each mentee's best pair on the total"
			               : "each mentee's best pair on the total";
		}
	}
	if (stage == 1 && !isnan(bound)) {
		most = bound; /* at the count GLPK proved, which the answer has */
		said = "LP bound";
	}
	s->gap = s->gap_pairs ? 0 : (most - (double)total) / 1e6;
	if (s->gap < 0)
		s->gap = 0;
	static const char *stage_word[2][2] = {{"the count", "the total"},
	                                       {"the count or the threshold",
	                                        "the threshold or the total"}};
	const char *what = stage_word[maximin][stage != 0];
	const char *from = held ? " (with each mentor's form held)" : "";
	const char *thr = maximin ? "; its smallest pair score is not proven the largest" : "";
	if (s->gap_pairs)
		snprintf(s->proof, sizeof s->proof,
		         "quotas: GLPK reached the time limit (%g s for this solve) on %s; "
		         "best answer found%s, the optimum may have up to %zu more pairs (%s)%s",
		         limit, what, from, s->gap_pairs, said, thr);
	else
		snprintf(s->proof, sizeof s->proof,
		         "quotas: GLPK reached the time limit (%g s for this solve) on %s; "
		         "best answer found%s, at most %.6f below the optimum (%s)%s",
		         limit, what, from, s->gap, said, thr);
}

/* Mentor gm's entries in fle: its values from off[m] to off[m + 1] of
 * form and x (by form, then value descending). */
static void fle_put(nv_priv *pv, uint32_t gm, const uint32_t *off, const uint32_t *form,
                    const int64_t *x, size_t m)
{
	pv->fls[gm] = (uint32_t)pv->n_fle;
	pv->fln[gm] = off[m + 1] - off[m];
	for (uint32_t q = off[m]; q < off[m + 1]; q++)
		pv->fle[pv->n_fle++] = (struct lagv){gm, form[q], x[q]};
}

/* Keeps a component's Lagrangian bound in pv, in global indices: its n
 * edges are edges[k], local mentee se[k] and mentor sm[k]. */
static void lag_keep(nv_priv *pv, const nv_forms_stats *st, const nv_asg *a,
                     const uint32_t *edges, const uint32_t *se, const uint32_t *sm,
                     size_t n, size_t nm)
{
	size_t L = pv->n_mentees, R = pv->n_mentors;
	if (!pv->fy) {
		pv->fy = nv_xcalloc(L + 1, sizeof *pv->fy);
		pv->frestr = nv_xmalloc((R + 1) * sizeof *pv->frestr);
		for (size_t m = 0; m < R; m++)
			pv->frestr[m] = INT32_MIN; /* not in such a component */
		pv->fls = nv_xcalloc(R + 1, sizeof *pv->fls);
		pv->fln = nv_xcalloc(R + 1, sizeof *pv->fln);
	}
	pv->fle = nv_xreallocarray(pv->fle, pv->n_fle + st->lag_off[nm] + 1, sizeof *pv->fle);
	for (size_t k = 0; k < n; k++) {
		uint32_t e = edges[k], i = se[k], m = sm[k], gm = a->mentor[e];
		pv->fy[a->mentee[e]] = st->lag_y[i];
		if (pv->frestr[gm] != INT32_MIN)
			continue;
		pv->frestr[gm] = st->lag_restr[m];
		fle_put(pv, gm, st->lag_off, st->lag_form, st->lag_x, m);
	}
}

/* A worker's room for one component's local problem (local_problem). */
typedef struct fscratch {
	uint32_t *loc; /* global mentee, L + mentor -> local number; UINT32_MAX */
	uint32_t *sm, *se, *sf, *sreg;
	double *ss;
	uint8_t *sfl, *shint;
	int32_t *scap;
} fscratch;

static void fscratch_init(fscratch *x, const nv_asg *a, size_t maxn)
{
	size_t LR = a->n_mentees + a->n_mentors;
	x->loc = nv_xmalloc((LR + 1) * sizeof *x->loc);
	for (size_t k = 0; k < LR; k++)
		x->loc[k] = UINT32_MAX;
	x->sm = nv_xmalloc((maxn + 1) * sizeof *x->sm);
	x->se = nv_xmalloc((maxn + 1) * sizeof *x->se);
	x->sf = nv_xmalloc((maxn + 1) * sizeof *x->sf);
	x->sreg = nv_xmalloc((maxn + 1) * sizeof *x->sreg);
	x->ss = nv_xmalloc((maxn + 1) * sizeof *x->ss);
	x->sfl = nv_xmalloc(maxn + 1);
	x->shint = a->hint ? nv_xmalloc(maxn + 1) : NULL;
	x->scap = nv_xmalloc((maxn + 1) * sizeof *x->scap);
}

static void fscratch_free(fscratch *x)
{
	free(x->loc);
	free(x->sm);
	free(x->se);
	free(x->sf);
	free(x->sreg);
	free(x->ss);
	free(x->sfl);
	free(x->shint);
	free(x->scap);
}

/* The local numbers of the component of a's pairs edges[0..n): each
 * pair's mentor (sm) and mentee (se), numbered from 0 in the order of
 * their first pair; loc (L + R, all UINT32_MAX) is left as it was. The
 * mentees' count in *ne; returns the mentors'. */
static size_t local_numbers(const nv_asg *a, const uint32_t *edges, size_t n, uint32_t *loc,
                            uint32_t *sm, uint32_t *se, size_t *ne)
{
	size_t L = a->n_mentees, nm = 0;
	*ne = 0;
	for (size_t k = 0; k < n; k++) {
		uint32_t m = (uint32_t)L + a->mentor[edges[k]], i = a->mentee[edges[k]];
		if (loc[m] == UINT32_MAX)
			loc[m] = (uint32_t)nm++;
		if (loc[i] == UINT32_MAX)
			loc[i] = (uint32_t)(*ne)++;
		sm[k] = loc[m];
		se[k] = loc[i];
	}
	for (size_t k = 0; k < n; k++) {
		loc[(uint32_t)L + a->mentor[edges[k]]] = UINT32_MAX;
		loc[a->mentee[edges[k]]] = UINT32_MAX;
	}
	return nm;
}

/* The component of a's pairs edges[0..n) as a problem of its own, in x,
 * numbered as local_numbers numbers it. */
static nv_asg local_problem(const nv_asg *a, const uint32_t *edges, size_t n, fscratch *x)
{
	size_t ne, nm = local_numbers(a, edges, n, x->loc, x->sm, x->se, &ne);
	for (size_t k = 0; k < n; k++) {
		uint32_t e = edges[k];
		x->scap[x->sm[k]] = nv_asg_cap(a, a->mentor[e]);
		x->sreg[x->sm[k]] = a->region ? a->region[a->mentor[e]] : 0;
		x->sf[k] = nv_asg_form(a, e);
		x->ss[k] = a->score[e];
		x->sfl[k] = nv_asg_flags(a, e);
		if (x->shint)
			x->shint[k] = a->hint[e];
	}
	return (nv_asg){.n_mentors = nm,
	                .n_mentees = ne,
	                .n_edges = n,
	                .n_forms = a->n_forms,
	                .mentor = x->sm,
	                .mentee = x->se,
	                .score = x->ss,
	                .form = x->sf,
	                .flags = x->sfl,
	                .capacity = x->scap,
	                .one_form_per_mentor = 1,
	                .region = a->region ? x->sreg : NULL,
	                .hint = x->shint,
	                .objective = a->objective,
	                .minimize = a->minimize};
}

/* One component's search and what it left, for the merge in component
 * order. */
typedef struct fjob {
	size_t c, n;  /* the component, its pairs */
	int run, rc;  /* run: searched (0: skipped after another failed) */
	uint8_t *sch; /* its answer, by its pairs */
	nv_forms_stats st;
	char msg[256];
	double frac, span; /* progress: done of it, and its share of all */
	struct fshared *S;
} fjob;

/* The searches of ilp_components, shared by its workers. */
typedef struct fshared {
	const nv_asg *a;
	const size_t *off;
	const uint32_t *list;
	size_t maxn;
	fjob *jobs;
	const uint32_t *order; /* the order the workers take them */
	size_t n_jobs, next, threads;
	size_t work_left; /* pairs of the jobs not taken yet */
	int failed;
	double deadline;
	int quick;
	size_t node_limit, hold_free;
	const nv_forms_progress *prog;
	double done; /* of all the searches, 0..1 */
	pthread_mutex_t lock;
} fshared;

/* A search's progress (done of its own, 0..1) into the run's: each
 * search weighs by its pairs; reported under the lock, so one thread at a
 * time. */
static void fjob_progress(void *ud, double done)
{
	fjob *j = ud;
	fshared *S = j->S;
	pthread_mutex_lock(&S->lock);
	if (done > j->frac) {
		S->done += (done - j->frac) * j->span;
		if (S->done > 1) /* the shares' rounding */
			S->done = 1;
		j->frac = done;
		S->prog->fn(S->prog->ud, S->prog->base + S->prog->span * S->done);
	}
	pthread_mutex_unlock(&S->lock);
}

static void *fjob_worker(void *arg)
{
	fshared *S = arg;
	fscratch x;
	fscratch_init(&x, S->a, S->maxn);
	for (;;) {
		pthread_mutex_lock(&S->lock);
		if (S->failed || S->next == S->n_jobs) {
			pthread_mutex_unlock(&S->lock);
			break;
		}
		fjob *j = &S->jobs[S->order[S->next++]];
		/* The time left is shared among the searches not begun, by
		 * size, as many at a time as there are threads (a safety net:
		 * the searches end by their work). */
		double until = S->deadline;
		if (until > 0 && S->work_left > j->n) {
			double now = nv_now();
			double share = (double)S->threads * (double)j->n / (double)S->work_left;
			until = now + (until - now) * (share < 1 ? share : 1);
		}
		S->work_left -= j->n;
		pthread_mutex_unlock(&S->lock);
		nv_asg sub = local_problem(S->a, S->list + S->off[j->c], j->n, &x);
		nv_forms_progress p = {fjob_progress, j, 0, 1};
		j->sch = nv_xmalloc(j->n + 1);
		j->rc = nv_forms_solve(&sub, S->node_limit, S->hold_free, S->prog ? &p : NULL,
		                       until, S->quick, j->sch, &j->st, j->msg, sizeof j->msg);
		j->run = 1;
		if (S->prog)
			fjob_progress(j, 1);
		if (j->rc != NV_OK) {
			pthread_mutex_lock(&S->lock);
			S->failed = 1;
			pthread_mutex_unlock(&S->lock);
		}
	}
	fscratch_free(&x);
	return NULL;
}

static int by_pairs_desc(const void *x, const void *y, void *ud)
{
	const fjob *j = ud;
	size_t a = j[*(const uint32_t *)x].n, b = j[*(const uint32_t *)y].n;
	if (a != b)
		return a > b ? -1 : 1;
	return (*(const uint32_t *)x > *(const uint32_t *)y) -
	       (*(const uint32_t *)x < *(const uint32_t *)y);
}

/* One form per mentor without quotas, and an objective that adds up over
 * components (coverage, score): the components are independent, so the
 * network answer (in chosen) stands wherever it keeps the rule and the
 * branch and bound over form choices (forms.c, GLPK its fallback) solves
 * only the components where it does not, on up to `threads` threads
 * (largest first; each search is bounded by its own work, and the answers
 * are merged in component order, so they do not depend on the threads). */
static int ilp_components(const nv_asg *a, double deadline, int quick, size_t node_limit,
                          size_t hold_free, size_t threads, const nv_forms_progress *prog,
                          uint8_t *chosen, nv_priv *pv, size_t *n_comp, size_t *n_ilp,
                          nv_forms_stats *fs, char *msg, size_t msgsz)
{
	uint8_t *by_ilp = pv->by_ilp;
	size_t E = a->n_edges, L = a->n_mentees, R = a->n_mentors;
	uint32_t *par = nv_xmalloc((L + R + 1) * sizeof *par);
	for (size_t x = 0; x < L + R; x++)
		par[x] = (uint32_t)x;
	for (size_t e = 0; e < E; e++) {
		if (nv_asg_flags(a, e) & NV_EDGE_FORBIDDEN)
			continue;
		uint32_t x = uf_find(par, a->mentee[e]);
		uint32_t y = uf_find(par, (uint32_t)L + a->mentor[e]);
		if (x != y)
			par[x > y ? x : y] = x < y ? x : y;
	}
	/* Components in order of their first edge; edges grouped by them. */
	uint32_t *cid = nv_xmalloc((L + R + 1) * sizeof *cid);
	for (size_t x = 0; x < L + R; x++)
		cid[x] = UINT32_MAX;
	uint32_t *ec = nv_xmalloc((E + 1) * sizeof *ec);
	size_t nc = 0;
	for (size_t e = 0; e < E; e++) {
		ec[e] = UINT32_MAX;
		if (nv_asg_flags(a, e) & NV_EDGE_FORBIDDEN)
			continue;
		uint32_t r = uf_find(par, a->mentee[e]);
		if (cid[r] == UINT32_MAX)
			cid[r] = (uint32_t)nc++;
		ec[e] = cid[r];
	}
	size_t *off = nv_xcalloc(nc + 2, sizeof *off);
	uint32_t *list = nv_xmalloc((E + 1) * sizeof *list);
	for (size_t e = 0; e < E; e++)
		if (ec[e] != UINT32_MAX)
			off[ec[e] + 2]++;
	for (size_t c = 0; c < nc; c++)
		off[c + 2] += off[c + 1];
	for (size_t e = 0; e < E; e++)
		if (ec[e] != UINT32_MAX)
			list[off[ec[e] + 1]++] = (uint32_t)e;
	/* Which components break the rule. */
	int64_t *form_of = nv_xmalloc((R + 1) * sizeof *form_of);
	uint8_t *bad = nv_xcalloc(nc + 1, 1);
	for (size_t m = 0; m < R; m++)
		form_of[m] = -1;
	for (size_t e = 0; e < E; e++) {
		if (!chosen[e])
			continue;
		uint32_t m = a->mentor[e];
		if (form_of[m] >= 0 && form_of[m] != (int64_t)nv_asg_form(a, e))
			bad[ec[e]] = 1;
		form_of[m] = nv_asg_form(a, e);
	}
	/* Their searches, in component order. */
	fshared S = {.a = a,
	             .off = off,
	             .list = list,
	             .deadline = deadline,
	             .quick = quick,
	             .node_limit = node_limit,
	             .hold_free = hold_free,
	             .prog = prog && prog->fn ? prog : NULL};
	size_t n_bad = 0;
	for (size_t c = 0; c < nc; c++)
		n_bad += bad[c];
	S.jobs = nv_xcalloc(n_bad + 1, sizeof *S.jobs);
	for (size_t c = 0; c < nc; c++) {
		if (!bad[c])
			continue;
		fjob *j = &S.jobs[S.n_jobs++];
		*j = (fjob){.c = c, .n = off[c + 1] - off[c], .S = &S};
		S.work_left += j->n;
		if (j->n > S.maxn)
			S.maxn = j->n;
	}
	for (size_t k = 0; k < S.n_jobs; k++)
		S.jobs[k].span = (double)S.jobs[k].n / (double)(S.work_left ? S.work_left : 1);
	uint32_t *order = nv_xmalloc((S.n_jobs + 1) * sizeof *order);
	for (size_t k = 0; k < S.n_jobs; k++)
		order[k] = (uint32_t)k;
	S.threads = threads > 0 ? threads : 1;
	if (S.threads > S.n_jobs)
		S.threads = S.n_jobs;
	if (S.threads > NV_MAX_THREADS)
		S.threads = NV_MAX_THREADS;
	if (S.threads > 1) /* the largest first, for the threads to end together */
		qsort_r(order, S.n_jobs, sizeof *order, by_pairs_desc, S.jobs);
	S.order = order;
	pthread_mutex_init(&S.lock, NULL);
	on_threads(S.threads, fjob_worker, &S);
	pthread_mutex_destroy(&S.lock);

	/* The answers, in component order. */
	int rc = NV_OK;
	*n_ilp = 0;
	pv->fcomp = nv_xmalloc((L + R + 1) * sizeof *pv->fcomp);
	pv->fpot = nv_xcalloc(L + R + 1, sizeof *pv->fpot);
	pv->fcut = nv_xcalloc(R + 1, 1);
	pv->fpar = nv_xcalloc(nc + 1, sizeof *pv->fpar);
	for (size_t x = 0; x < L + R; x++)
		pv->fcomp[x] = UINT32_MAX;
	/* each component's local numbers again, for its duals */
	uint32_t *loc = nv_xmalloc((L + R + 1) * sizeof *loc);
	for (size_t v = 0; v < L + R; v++)
		loc[v] = UINT32_MAX;
	uint32_t *sm = nv_xmalloc((S.maxn + 1) * sizeof *sm);
	uint32_t *se = nv_xmalloc((S.maxn + 1) * sizeof *se);
	for (size_t k = 0; k < S.n_jobs; k++) {
		fjob *j = &S.jobs[k];
		if (!j->run)
			continue;
		size_t c = j->c;
		const uint32_t *edges = list + off[c];
		nv_forms_stats *st = &j->st;
		if (j->rc != NV_OK && rc == NV_OK) {
			rc = j->rc;
			snprintf(msg, msgsz, "%s", j->msg);
		}
		if (j->rc == NV_OK && st->pot_mentee) {
			size_t ne, nm = local_numbers(a, edges, j->n, loc, sm, se, &ne);
			pv->fpar[c] = (struct fparam){.big = st->big,
			                              .vmin = st->vmin,
			                              .vmax = st->vmax,
			                              .slack = st->slack,
			                              .ok = 1,
			                              .cover = a->objective != NV_OBJ_SCORE,
			                              .root = st->root,
			                              .value = st->value,
			                              .lagr = st->lagr,
			                              .count = st->count,
			                              .lag = st->lag_y != NULL,
			                              .gbound = st->glpk_bound};
			if (st->lag_y)
				lag_keep(pv, st, a, edges, se, sm, j->n, nm);
			for (size_t q = 0; q < j->n; q++) {
				uint32_t e = edges[q], m = a->mentor[e], i = a->mentee[e];
				pv->fcomp[i] = pv->fcomp[L + m] = (uint32_t)c;
				pv->fpot[i] = st->pot_mentee[se[q]];
				pv->fpot[L + m] = st->pot_mentor[sm[q]];
				pv->fcut[m] = st->cut[sm[q]];
			}
		}
		nv_forms_stats_free(st);
		fs->nodes += st->nodes;
		fs->n_mentors += st->n_mentors;
		fs->n_edges += st->n_edges;
		fs->n_ruled_out += st->n_ruled_out;
		if (st->fallback > fs->fallback)
			fs->fallback = st->fallback;
		fs->timed_out |= st->timed_out;
		if (st->timed_out && !st->budget)
			fs->budget = 0; /* the deadline, not the node limit */
		fs->regions += st->regions;
		fs->hold_free += st->hold_free;
		fs->hold_nodes += st->hold_nodes;
		fs->hold_windows += st->hold_windows;
		if (st->hold_passes > fs->hold_passes)
			fs->hold_passes = st->hold_passes;
		if (st->glpk_budget > fs->glpk_budget)
			fs->glpk_budget = st->glpk_budget;
		fs->gap += st->gap;
		fs->gap_pairs += st->gap_pairs;
		for (size_t q = 0; q < j->n; q++) {
			uint32_t e = edges[q];
			chosen[e] = j->rc == NV_OK && j->sch[q];
			by_ilp[a->mentee[e]] = by_ilp[L + a->mentor[e]] = 1;
		}
		(*n_ilp)++;
	}
	free(loc);
	free(sm);
	free(se);
	for (size_t k = 0; k < S.n_jobs; k++)
		free(S.jobs[k].sch);
	free(S.jobs);
	free(order);
	*n_comp = nc;
	pv->n_fpar = nc;
	free(par);
	free(cid);
	free(ec);
	free(off);
	free(list);
	free(form_of);
	free(bad);
	return rc;
}

static void priv_free(nv_priv *pv)
{
	if (!pv)
		return;
	duals_free(&pv->fin);
	duals_free(&pv->cov);
	duals_free(&pv->card);
	free(pv->fixed_mentee);
	free(pv->rcap);
	free(pv->by_ilp);
	for (size_t k = 0; k < 3; k++)
		nv_solution_free(pv->mm.sol[k]);
	free(pv->fcomp);
	free(pv->fpot);
	free(pv->fcut);
	free(pv->fpar);
	free(pv->fy);
	free(pv->frestr);
	free(pv->fls);
	free(pv->fln);
	free(pv->fle);
	free(pv->extra);
	free(pv->extra_e);
	free(pv->extra_w);
	free(pv->acc);
	free(pv);
}

/* Any mentor eligible in two forms (under one_form_per_mentor) or any
 * quota: constraints the network cannot hold. */
static int has_side(const nv_asg *a)
{
	for (size_t f = 0; f < a->n_forms; f++)
		if (nv_asg_qmin(a, f) > 0 || nv_asg_qmax(a, f) >= 0)
			return 1;
	if (!a->one_form_per_mentor || !a->form)
		return 0;
	int64_t *first = nv_xmalloc((a->n_mentors + 1) * sizeof *first);
	int two = 0;
	for (size_t m = 0; m < a->n_mentors; m++)
		first[m] = -1;
	for (size_t e = 0; e < a->n_edges && !two; e++) {
		if (nv_asg_flags(a, e) & NV_EDGE_FORBIDDEN)
			continue;
		uint32_t m = a->mentor[e];
		if (first[m] < 0)
			first[m] = a->form[e];
		else if (first[m] != a->form[e])
			two = 1;
	}
	free(first);
	return two;
}

static void check_args(const nv_asg *a)
{
	NV_ASSERT(a);
	NV_ASSERT(a->n_edges < UINT32_MAX && a->n_mentors < UINT32_MAX / 2 &&
	          a->n_mentees < UINT32_MAX / 2);
	NV_ASSERT(a->n_edges == 0 || (a->mentor && a->mentee && a->score));
	NV_ASSERT(a->n_forms > 0 || !a->form);
	for (size_t e = 0; e < a->n_edges; e++) {
		NV_ASSERT(a->mentor[e] < a->n_mentors);
		NV_ASSERT(a->mentee[e] < a->n_mentees);
		NV_ASSERT(isfinite(a->score[e]));
		NV_ASSERT(!a->form || a->form[e] < a->n_forms);
	}
	for (size_t m = 0; a->capacity && m < a->n_mentors; m++)
		NV_ASSERT(a->capacity[m] >= 0);
	NV_ASSERT(a->objective <= NV_OBJ_MAXIMIN);
}

/* --- API ---------------------------------------------------------------- */

static int cmp_i64(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
	return (a > b) - (a < b);
}

int nv_cmp_u32(const void *x, const void *y)
{
	uint32_t p = *(const uint32_t *)x, q = *(const uint32_t *)y;
	return (p > q) - (p < q);
}

void nv_group_by(const uint32_t *key, uint32_t n, uint32_t nkeys, uint32_t **off,
                 uint32_t **idx)
{
	uint32_t *o = nv_xcalloc((size_t)nkeys + 2, sizeof *o);
	uint32_t *x = nv_xmalloc(((size_t)n + 1) * sizeof *x);
	for (uint32_t i = 0; i < n; i++)
		o[key[i] + 2]++;
	for (uint32_t k = 0; k < nkeys; k++)
		o[k + 2] += o[k + 1];
	for (uint32_t i = 0; i < n; i++)
		x[o[key[i] + 1]++] = i;
	*off = o;
	*idx = x;
}

size_t nv_sort_unique_u32(uint32_t *v, size_t n)
{
	qsort(v, n, sizeof *v, nv_cmp_u32);
	size_t u = 0;
	for (size_t k = 0; k < n; k++)
		if (u == 0 || v[k] != v[u - 1])
			v[u++] = v[k];
	return u;
}

size_t nv_sort_unique_i64(int64_t *v, size_t n)
{
	qsort(v, n, sizeof *v, cmp_i64);
	size_t u = 0;
	for (size_t k = 0; k < n; k++)
		if (u == 0 || v[k] != v[u - 1])
			v[u++] = v[k];
	return u;
}

void nv_asg_sub_make(const nv_asg *a, const uint32_t *map, size_t n, nv_asg_sub *sub)
{
	sub->mentor = nv_xmalloc((n + 1) * sizeof *sub->mentor);
	sub->mentee = nv_xmalloc((n + 1) * sizeof *sub->mentee);
	sub->form = nv_xmalloc((n + 1) * sizeof *sub->form);
	sub->score = nv_xmalloc((n + 1) * sizeof *sub->score);
	sub->flags = nv_xmalloc(n + 1);
	for (size_t k = 0; k < n; k++) {
		uint32_t e = map[k];
		sub->mentor[k] = a->mentor[e];
		sub->mentee[k] = a->mentee[e];
		sub->form[k] = nv_asg_form(a, e);
		sub->score[k] = a->score[e];
		sub->flags[k] = nv_asg_flags(a, e);
	}
	sub->a = *a;
	sub->a.n_edges = n;
	sub->a.mentor = sub->mentor;
	sub->a.mentee = sub->mentee;
	sub->a.form = sub->form;
	sub->a.score = sub->score;
	sub->a.flags = sub->flags;
	sub->a.hint = NULL; /* per edge of a, not of the part */
}

void nv_asg_sub_free(nv_asg_sub *sub)
{
	free(sub->mentor);
	free(sub->mentee);
	free(sub->form);
	free(sub->score);
	free(sub->flags);
	memset(sub, 0, sizeof *sub);
}

void nv_asg_units(const nv_asg *a, const uint8_t *sel, const int64_t *w,
                  const int32_t *cap, uint64_t *mentees, uint64_t *mentor_cap)
{
	size_t L = a->n_mentees;
	uint8_t *has = nv_xcalloc(L + a->n_mentors + 1, 1);
	*mentees = *mentor_cap = 0;
	for (size_t e = 0; e < a->n_edges; e++) {
		if (!sel[e] || (w && w[e] <= 0))
			continue;
		if (!has[a->mentee[e]]) {
			has[a->mentee[e]] = 1;
			(*mentees)++;
		}
		if (!has[L + a->mentor[e]]) {
			has[L + a->mentor[e]] = 1;
			*mentor_cap += (uint64_t)cap[a->mentor[e]];
		}
	}
	free(has);
}

uint64_t nv_big_widest(uint64_t K)
{
	return ((UINT64_C(1) << 60) / (K + 1) - 1) / (K + 1);
}

int nv_asg_span_fits(const nv_asg *a, double *span, double *widest)
{
	NV_ASSERT(a && span && widest);
	*span = *widest = 0;
	if (!a->n_edges)
		return 1;
	/* as the one-form search weighs them: values from the least a score
	 * in [0, 1] can have, over every edge */
	int64_t vmin = a->minimize ? -1000000 : 0, vmax = vmin;
	for (size_t e = 0; e < a->n_edges; e++) {
		int64_t v = nv_asg_value(a, e);
		vmin = v < vmin ? v : vmin;
		vmax = v > vmax ? v : vmax;
	}
	int32_t *cap = nv_xmalloc((a->n_mentors + 1) * sizeof *cap);
	for (size_t m = 0; m < a->n_mentors; m++)
		cap[m] = a->capacity ? a->capacity[m] : 1;
	uint8_t *all = nv_xmalloc(a->n_edges);
	memset(all, 1, a->n_edges);
	uint64_t L, C;
	nv_asg_units(a, all, NULL, cap, &L, &C);
	free(all);
	free(cap);
	uint64_t K = C < L ? C : L, range = (uint64_t)(vmax - vmin);
	/* any objective adds up to K values: their total in 62 bits */
	uint64_t top = (uint64_t)(vmax > -vmin ? vmax : -vmin), tlim = (UINT64_C(1) << 62) / (K + 1);
	if (top > tlim) {
		*span = (double)top / 1e6;
		*widest = (double)tlim / 1e6;
		return 2;
	}
	if (a->objective == NV_OBJ_SCORE || range <= nv_big_widest(K))
		return 1;
	*span = (double)range / 1e6;
	*widest = (double)nv_big_widest(K) / 1e6;
	return 0;
}

const char *nv_solution_stop(const nv_solution *s)
{
	const nv_priv *pv = s ? s->priv : NULL;
	return pv ? pv->stop : "";
}

const char *nv_objective_word(nv_objective o)
{
	return o == NV_OBJ_SCORE ? "score" : o == NV_OBJ_MAXIMIN ? "maximin" : "coverage";
}

const char *nv_solver_word(nv_solver_kind k)
{
	return k == NV_SOLVER_FLOW ? "flow" : k == NV_SOLVER_GLPK ? "glpk" : "auto";
}

double nv_time_limit_default(size_t n_pairs)
{
	double scale = (double)n_pairs / NV_TIME_LIMIT_PAIRS;
	return NV_TIME_LIMIT_DEFAULT * (scale > 1 ? scale : 1);
}

void nv_solve_params_init(nv_solve_params *p)
{
	memset(p, 0, sizeof *p);
	p->kind = NV_SOLVER_AUTO;
}

void nv_solution_free(nv_solution *s)
{
	if (!s)
		return;
	free(s->chosen);
	free(s->mentor_pot);
	free(s->mentee_pot);
	for (size_t k = 0; k < s->n_conflicts; k++) {
		free(s->conflicts[k].edges);
		free(s->conflicts[k].quota);
	}
	free(s->conflicts);
	priv_free(s->priv);
	free(s);
}

static int solve_whole(const nv_asg *a, const nv_solve_params *p, nv_solution **out);

/* A capacity above a mentor's pairs in the problem never binds; cut to one
 * more than those pairs (still slack, so the duals and what they price
 * are the same), it keeps the search's per-capacity tables and GLPK's rows
 * (x <= capacity * y) at the problem's size: 2147483647 is a valid
 * capacity. */
int nv_asg_solve(const nv_asg *a, const nv_solve_params *p, nv_solution **out)
{
	int rc = nv_asg_solve_plain(a, p, out);
	nv_solution *s = *out;
	if (rc == NV_EINFEAS && s->n_conflicts == 1 && s->conflicts[0].kind == NV_CONFLICT_OTHER &&
	    !s->conflicts[0].n_edges && a->n_edges <= NV_NARROW_EDGES)
		nv_conflict_narrow(a, p, s);
	return rc;
}

int nv_asg_solve_plain(const nv_asg *a, const nv_solve_params *p, nv_solution **out)
{
	NV_ASSERT(a);
	if (!a->capacity)
		return solve_whole(a, p, out);
	/* each mentor's pairs, then its capacity cut to one more */
	int32_t *cap = nv_xcalloc(a->n_mentors + 1, sizeof *cap);
	for (size_t e = 0; e < a->n_edges; e++)
		if (cap[a->mentor[e]] < INT32_MAX - 1)
			cap[a->mentor[e]]++;
	int cut = 0;
	for (size_t m = 0; m < a->n_mentors; m++) {
		cut |= a->capacity[m] > cap[m] + 1;
		cap[m] = a->capacity[m] > cap[m] + 1 ? cap[m] + 1 : a->capacity[m];
	}
	nv_asg b = *a;
	b.capacity = cap;
	int rc = solve_whole(cut ? &b : a, p, out);
	free(cap);
	return rc;
}

static int solve_whole(const nv_asg *a, const nv_solve_params *p, nv_solution **out)
{
	nv_solve_params defaults;
	if (!p) {
		nv_solve_params_init(&defaults);
		p = &defaults;
	}
	check_args(a);
	NV_ASSERT(out);
	double t0 = nv_now();
	size_t E = a->n_edges, L = a->n_mentees, R = a->n_mentors;
	nv_solution *s = nv_xcalloc(1, sizeof *s);
	*out = s;
	int rc = NV_OK;
	uint8_t *chosen = nv_xcalloc(E + 1, 1);
	net nt = {.a = a};

	for (size_t e = 0; e < E; e++)
		if (fabs(a->score[e]) > 1e9) {
			snprintf(s->proof, sizeof s->proof,
			         "score %g of edge %zu is too large for exact arithmetic "
			         "(|score| <= 1e9)",
			         a->score[e], e);
			rc = NV_EFAIL;
			goto done;
		}
	if (nv_conflicts_find(a, s) > 0) {
		snprintf(s->proof, sizeof s->proof, "infeasible: %zu conflicts",
		         s->n_conflicts);
		rc = NV_EINFEAS;
		goto done;
	}
	if (p->model_path && nv_asg_write_lp(a, p->model_path) != NV_OK) {
		snprintf(s->proof, sizeof s->proof, "cannot write the model to %.160s: %s",
		         p->model_path, errno ? strerror(errno) : "GLPK's writer failed");
		s->model_unwritten = 1;
		rc = NV_EFAIL;
		goto done;
	}

	/* Place the fixed pairs. */
	nt.val = nv_xmalloc((E + 1) * sizeof *nt.val);
	nt.rcap = nv_xmalloc((R + 1) * sizeof *nt.rcap);
	nt.fixed_mentee = nv_xcalloc(L + 1, 1);
	nt.cand = nv_xcalloc(E + 1, 1);
	for (size_t m = 0; m < R; m++)
		nt.rcap[m] = nv_asg_cap(a, m);
	for (size_t e = 0; e < E; e++) {
		nt.val[e] = nv_asg_value(a, e);
		if (nv_asg_flags(a, e) & NV_EDGE_FIXED) {
			nt.rcap[a->mentor[e]]--;
			nt.fixed_mentee[a->mentee[e]] = 1;
		}
	}
	for (size_t e = 0; e < E; e++)
		nt.cand[e] = !(nv_asg_flags(a, e) & (NV_EDGE_FIXED | NV_EDGE_FORBIDDEN)) &&
		             !nt.fixed_mentee[a->mentee[e]] && nt.rcap[a->mentor[e]] > 0;
	nt.threads = p->threads > 0 ? p->threads : (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (nt.threads < 1)
		nt.threads = 1;

	int side = has_side(a);
	char msg[256] = "";
	/* messages go into s->proof (256) after a short prefix */
	int use_glpk = p->kind == NV_SOLVER_GLPK;
	int unproven = 0; /* the time limit stopped the search */
	if (!use_glpk) {
		nv_priv *pv = nv_xcalloc(1, sizeof *pv);
		rc = flow_path(&nt, pv, chosen, s->proof, sizeof s->proof);
		if (rc != NV_OK) {
			priv_free(pv);
			goto done;
		}
		s->used = NV_SOLVER_FLOW;
		s->n_components = nt.n_components;
		for (size_t e = 0; e < E; e++)
			if (nv_asg_flags(a, e) & NV_EDGE_FIXED)
				chosen[e] = 1;
		pv->n_mentors = R;
		pv->n_mentees = L;
		pv->minimize = a->minimize;
		pv->fixed_mentee = nt.fixed_mentee;
		pv->rcap = nt.rcap;
		nt.fixed_mentee = NULL;
		nt.rcap = NULL;
		s->priv = pv;
		if (side) {
			/* The network answer solves the relaxation; when it also meets
			 * the side constraints it is optimal for the whole problem. */
			uint32_t *list = nv_xmalloc((E + 1) * sizeof *list);
			size_t n = 0;
			for (size_t e = 0; e < E; e++)
				if (chosen[e])
					list[n++] = (uint32_t)e;
			int ok = nv_asg_check(a, list, n, msg, sizeof msg) == NV_OK;
			free(list);
			if (ok) {
				size_t len = strlen(s->proof);
				snprintf(s->proof + len, sizeof s->proof - len,
				         "; the relaxed optimum meets the side constraints");
			} else if (p->kind == NV_SOLVER_FLOW) {
				snprintf(s->proof, sizeof s->proof,
				         "the network relaxation breaks a side constraint (%.160s); "
				         "use the glpk or auto solver",
				         msg);
				rc = NV_EFAIL;
				goto done;
			} else {
				use_glpk = 1;
			}
		}
	}
	int no_quota = 1;
	for (size_t f = 0; f < a->n_forms; f++)
		if (nv_asg_qmin(a, f) > 0 || nv_asg_qmax(a, f) >= 0)
			no_quota = 0;
	if (use_glpk && p->kind == NV_SOLVER_AUTO && no_quota &&
	    a->objective != NV_OBJ_MAXIMIN) {
		/* The duals stay valid for the components the network answered. */
		nv_priv *pv = s->priv;
		size_t n_ilp = 0;
		nv_forms_stats fs = {.budget = 1};
		pv->by_ilp = nv_xcalloc(L + R + 1, 1);
		double limit = p->time_limit > 0 ? p->time_limit : nv_time_limit_default(E);
		nv_forms_progress prog = {p->progress, p->progress_ud, 0, 1};
		rc = ilp_components(a, t0 + limit, p->quick, p->node_limit,
		                    p->hold_free ? p->hold_free : NV_FORMS_HOLD_FREE,
		                    (size_t)nt.threads,
		                    p->quick == 1 || p->quick == 2 ? NULL : &prog, chosen, pv,
		                    &s->n_components, &n_ilp, &fs, msg, sizeof msg);
		/* the network relaxations' search, GLPK only as its fallback */
		s->used = fs.fallback ? NV_SOLVER_GLPK : NV_SOLVER_FLOW;
		if (rc != NV_OK) {
			snprintf(s->proof, sizeof s->proof, "one form per mentor failed: %.160s",
			         msg);
			goto done;
		}
		snprintf(s->proof, sizeof s->proof,
		         "one form per mentor binds in %zu of %zu components: branch and "
		         "bound over the mentors' forms, %zu relaxation%s solved, %zu "
		         "mentor%s branched on, network relaxations with checked dual "
		         "certificates, %zu of %zu pairs ruled out by reduced costs%s",
		         n_ilp, s->n_components, fs.nodes, nv_s(fs.nodes), fs.n_mentors,
		         nv_s(fs.n_mentors), fs.n_ruled_out, fs.n_edges,
		         fs.fallback == 2   ? "; then GLPK, mip gap 0"
		         : fs.fallback == 1 ? "; then GLPK on the rest, mip gap 0"
		                            : "");
		if (fs.timed_out) {
			/* The best answer found, with what is known of the optimum;
			 * what stopped the search (the node limit gives the same
			 * answer on any machine, the deadline may not). */
			s->gap = fs.gap;
			s->gap_pairs = fs.gap_pairs;
			const char *glpk = fs.glpk_budget == 2   ? ", GLPK's node budget, its answer better"
			                   : fs.glpk_budget == 1 ? ", GLPK's node budget"
			                                         : "";
			char win[64] = "";
			if (fs.hold_passes > 1)
				snprintf(win, sizeof win, " in %zu windows over %zu passes", fs.hold_windows,
				         fs.hold_passes);
			else if (fs.hold_windows > 1)
				snprintf(win, sizeof win, " in %zu windows", fs.hold_windows);
			if (fs.budget && fs.hold_nodes)
				snprintf(pv->stop, sizeof pv->stop,
				         "search budget reached (%zu node%s%s, then %zu%s with all but %zu "
				         "mentors held to their forms)",
				         fs.nodes, nv_s(fs.nodes), glpk, fs.hold_nodes, win, fs.hold_free);
			else if (fs.budget)
				snprintf(pv->stop, sizeof pv->stop, "search budget reached (%zu node%s%s)",
				         fs.nodes, nv_s(fs.nodes), glpk);
			else
				snprintf(pv->stop, sizeof pv->stop, "time limit reached (%g s for this solve)",
				         limit);
			pv->regions = fs.regions;
			gap_proof(s, "network bound");
		}
		unproven = fs.timed_out;
		use_glpk = 0;
	}
	if (use_glpk && p->kind == NV_SOLVER_AUTO && no_quota &&
	    a->objective == NV_OBJ_MAXIMIN && a->one_form_per_mentor &&
	    s->used == NV_SOLVER_FLOW) {
		/* maximin.c: count, threshold and total by the form search; its
		 * searches' duals price the pairs a pruned problem left out. */
		nv_priv *pv = s->priv;
		double limit = p->time_limit > 0 ? p->time_limit : nv_time_limit_default(E);
		rc = nv_forms_maximin(a, p, t0 + limit, chosen, s, &unproven, &pv->mm, msg,
		                      sizeof msg);
		if (rc != NV_OK) {
			snprintf(s->proof, sizeof s->proof, "one form per mentor failed: %.160s",
			         msg);
			goto done;
		}
		use_glpk = 0;
	}
	if (use_glpk) {
		/* The network answer, when there is one, seeds the reduced model. */
		uint8_t *hint = NULL, *start = NULL;
		/* The network answer, without side constraints, bounds every
		 * answer: its count (coverage) and its total. */
		int64_t relax_count = -1, relax_total = 0;
		if (s->used == NV_SOLVER_FLOW) {
			hint = nv_xmalloc(E + 1);
			memcpy(hint, chosen, E + 1);
			tally(a, chosen, &relax_count, &relax_total);
		}
		if (hint && !no_quota && a->one_form_per_mentor && p->kind == NV_SOLVER_AUTO) {
			/* GLPK's model of a large problem may find no answer in
			 * time: one with each mentor's form held to fall back on.
			 * GLPK is not given it: that slowed the search that proves
			 * a generated school from 12 s to over 120 s. */
			start = nv_xcalloc(E + 1, 1);
			double slimit = p->time_limit > 0 ? p->time_limit : NV_TIME_LIMIT_QUOTA_DEFAULT;
			if (nv_quota_start(a, hint, slimit / 2, start) != NV_OK) {
				free(start);
				start = NULL;
			}
		}
		priv_free(s->priv);
		s->priv = NULL;
		s->n_components = 1;
		memset(chosen, 0, E + 1);
		/* Under auto, the ILP (quotas, maximin with one form per mentor) is
		 * held to the time limit too, so a run never hangs; a forced
		 * --solver glpk runs to the end unless a limit is given. */
		double glimit = p->time_limit > 0 ? p->time_limit
		                : no_quota       ? nv_time_limit_default(E)
		                                 : NV_TIME_LIMIT_QUOTA_DEFAULT;
		int bounded = p->kind == NV_SOLVER_AUTO || p->time_limit > 0;
		int timed_out = 0;
		nv_ilp_stats ist;
		rc = nv_ilp_solve_reduced(a, hint, bounded ? t0 + glimit : 0, chosen, &timed_out,
		                          &ist, msg, sizeof msg);
		free(hint);
		s->used = NV_SOLVER_GLPK;
		int glpk_best = rc == NV_OK && ist.unproven;
		if (glpk_best && relax_count < 0) {
			/* no network answer to bound it: it fails as before */
			rc = NV_EFAIL;
			timed_out = 1;
			glpk_best = 0;
		}
		if (glpk_best || (rc == NV_EFAIL && timed_out && start)) {
			/* The deadline: the better of GLPK's best and the start
			 * stands, unproven, with its gap. */
			int held = start && (!glpk_best || quota_better(a, start, chosen));
			if (held)
				memcpy(chosen, start, E + 1);
			free(start);
			rc = NV_OK;
			unproven = 1;
			quota_gap(s, a, &ist, relax_count, relax_total, chosen, glimit, held);
			goto answer;
		}
		free(start);
		if (rc != NV_OK && timed_out) {
			snprintf(s->proof, sizeof s->proof,
			         "GLPK did not finish within the time limit (%g s for this "
			         "solve); raise --time-limit",
			         glimit);
			goto done;
		}
		if (rc == NV_EINFEAS) {
			if (s->n_conflicts == 0)
				nv_conflict_add(s, NV_CONFLICT_OTHER, -1, -1, -1, NULL, 0, 0, 0);
			snprintf(s->proof, sizeof s->proof, "infeasible (GLPK): %.160s", msg);
			goto done;
		}
		if (rc != NV_OK) {
			snprintf(s->proof, sizeof s->proof, "GLPK failed: %.160s", msg);
			goto done;
		}
		char lp_note[64] = "";
		if (ist.lp_proved > 0)
			snprintf(lp_note, sizeof lp_note, "; %d stage%s proven by the LP bound alone",
			         ist.lp_proved, nv_s((size_t)ist.lp_proved));
		snprintf(s->proof, sizeof s->proof,
		         "GLPK branch-and-cut, mip gap 0, %d stage%s on a reduced model: LP "
		         "duals priced all %zu pair%s (%zu round%s, %zu column%s added to %zu), "
		         "%zu ruled out by reduced costs, largest ILP %zu pair column%s%s",
		         ist.stages, nv_s((size_t)ist.stages), ist.n_pairs, nv_s(ist.n_pairs),
		         ist.rounds, nv_s(ist.rounds), ist.n_priced, nv_s(ist.n_priced),
		         ist.n_start, ist.n_ruled_out, ist.max_cols, nv_s(ist.max_cols),
		         lp_note);
	}

answer:
	/* The answer, checked against every constraint before it leaves. */
	s->chosen = nv_xmalloc((E + 1) * sizeof *s->chosen);
	int64_t total = 0;
	s->min_score = 0;
	for (size_t e = 0; e < E; e++) {
		if (!chosen[e])
			continue;
		if (s->n_chosen == 0 || a->score[e] < s->min_score)
			s->min_score = a->score[e];
		s->chosen[s->n_chosen++] = (uint32_t)e;
		total += llround(a->score[e] * 1e6);
	}
	s->matched = s->n_chosen;
	s->total = (double)total / 1e6;
	if (nv_asg_check(a, s->chosen, s->n_chosen, msg, sizeof msg) != NV_OK) {
		snprintf(s->proof, sizeof s->proof, "internal error: answer fails its check: %.160s",
		         msg);
		rc = NV_EFAIL;
		goto done;
	}
	s->proven = !unproven;
	if (s->proven)
		s->threshold_proven = 1;
	if (s->priv) {
		nv_priv *pv = s->priv;
		s->mentee_pot = nv_xmalloc((L + 1) * sizeof *s->mentee_pot);
		s->mentor_pot = nv_xmalloc((R + 1) * sizeof *s->mentor_pot);
		for (size_t i = 0; i < L; i++)
			s->mentee_pot[i] = (double)pv->fin.u[i];
		for (size_t m = 0; m < R; m++)
			s->mentor_pot[m] = (double)pv->fin.v[m];
	}
done:
	if (rc != NV_OK) {
		s->proven = 0;
		free(s->chosen);
		s->chosen = NULL;
		s->n_chosen = s->matched = 0;
	}
	s->seconds = nv_now() - t0;
	free(chosen);
	free(nt.val);
	free(nt.rcap);
	free(nt.fixed_mentee);
	free(nt.cand);
	return rc;
}

/* An absent edge could change an answer only if some dual certificate of
 * the answer's network runs leaves it a positive reduced weight. */
static int improves(const duals *d, int64_t val, uint32_t mentor, uint32_t mentee)
{
	if (!d->u || val < d->thr)
		return 0;
	if (d->mode == MODE_COVER && (val < d->vmin || val > d->vmax))
		return 1; /* outside the range that made BIG */
	int64_t w = weight_of(d, val);
	return w > d->u[mentee] + d->v[mentor];
}

/* A value's network weight in a component the form search solved. */
static int64_t fpar_weight(const struct fparam *fp, int64_t val)
{
	return fp->cover ? fp->big + (val - fp->vmin) : val;
}

/* A pair with one end in a component the form search solved: it can beat
 * the answer's bound only if its weight exceeds the root's duals by more
 * than the slack (forms.c); 1 wherever that is not known (another
 * component, a cut capacity, a value outside the weights' range, GLPK). */
static int form_could_improve(const nv_priv *pv, int64_t val, uint32_t mentor,
                              uint32_t mentee)
{
	size_t L = pv->n_mentees;
	uint32_t c = pv->fcomp ? pv->fcomp[mentee] : UINT32_MAX;
	if (c == UINT32_MAX || pv->fcomp[L + mentor] != c || !pv->fpar[c].ok ||
	    pv->fcut[mentor])
		return 1;
	const struct fparam *fp = &pv->fpar[c];
	if (fp->cover && (val < fp->vmin || val > fp->vmax))
		return 1;
	int64_t w = fpar_weight(fp, val);
	if (w <= 0) /* the search takes no such pair */
		return 0;
	return w - pv->fpot[mentee] - pv->fpot[L + mentor] > -fp->slack;
}

/* A pair's score as the solver's value (llround(score * 1e6), negated
 * under minimize) into *val: 1; 0 for a score no value can stand for. */
static int score_value(const nv_priv *pv, double score, int64_t *val)
{
	if (!isfinite(score) || fabs(score) > 1e9)
		return 0;
	int64_t c = llround(score * 1e6);
	*val = pv->minimize ? -c : c;
	return 1;
}

int nv_solution_could_improve(const nv_solution *s, const nv_asg *a,
                              uint32_t mentor, uint32_t mentee, uint32_t form,
                              double score)
{
	(void)form;
	NV_ASSERT(s && a);
	const nv_priv *pv = s->priv;
	int64_t val;
	if (!pv || !score_value(pv, score, &val))
		return 1;
	NV_ASSERT(mentor < pv->n_mentors && mentee < pv->n_mentees);
	if (pv->fixed_mentee[mentee] || pv->rcap[mentor] <= 0)
		return 0; /* a fixed mentee, or a mentor full of fixed pairs */
	if (pv->mm.n) {
		/* maximin by the form search: the pair could raise the count,
		 * make the infeasible threshold feasible, or raise the total */
		for (size_t k = 0; k < pv->mm.n; k++) {
			if (val < pv->mm.thr[k])
				continue;
			if (!pv->mm.sol[k] ||
			    nv_solution_could_improve(pv->mm.sol[k], a, mentor, mentee, form,
			                              pv->mm.card[k] ? 1.0 : score))
				return 1;
		}
		return 0;
	}
	if (pv->by_ilp && (pv->by_ilp[mentee] || pv->by_ilp[pv->n_mentees + mentor]))
		return form_could_improve(pv, val, mentor, mentee);
	if (pv->has_cov && improves(&pv->cov, val, mentor, mentee))
		return 1;
	if (pv->has_card && improves(&pv->card, val, mentor, mentee))
		return 1;
	return improves(&pv->fin, val, mentor, mentee);
}

static int lagx_cmp(const void *p, const void *q)
{
	const struct lagx *a = p, *b = q;
	if (a->mentor != b->mentor)
		return a->mentor < b->mentor ? -1 : 1;
	return (a->mentee > b->mentee) - (a->mentee < b->mentee);
}

/* Is the pair one a search of the prices took in (its value in fle)? */
static int acc_has(const nv_priv *pv, uint32_t mentor, uint32_t mentee)
{
	struct lagx k = {.mentor = mentor, .mentee = mentee};
	return pv->n_acc && bsearch(&k, pv->acc, pv->n_acc, sizeof k, lagx_cmp);
}

void nv_solution_lagr_offer(nv_solution *s, uint32_t mentor, uint32_t mentee, uint32_t form,
                            double score)
{
	nv_priv *pv = s ? s->priv : NULL;
	int64_t val = 0;
	int usable = pv && score_value(pv, score, &val);
	if (pv && pv->mm.total_gap) {
		/* maximin: the total at the threshold is its last search's (an
		 * unusable score goes there too: it spoils that bound) */
		if (!usable || val >= pv->mm.thr[2])
			nv_solution_lagr_offer(pv->mm.sol[2], mentor, mentee, form, score);
		return;
	}
	if (!pv || !pv->fy || pv->lag_bad)
		return;
	NV_ASSERT(mentor < pv->n_mentors && mentee < pv->n_mentees);
	if (!usable) {
		pv->lag_bad = 1;
		return;
	}
	if (pv->fixed_mentee[mentee] || pv->rcap[mentor] <= 0)
		return; /* in no answer */
	size_t L = pv->n_mentees;
	uint32_t c = pv->fcomp[mentee], cm = pv->fcomp[L + mentor];
	int le = c != UINT32_MAX && pv->fpar[c].lag, lm = cm != UINT32_MAX && pv->fpar[cm].lag;
	if (!le && !lm)
		return;
	if (c != cm) {
		pv->lag_bad = 1; /* joins two components: their bounds do not hold */
		return;
	}
	const struct fparam *fp = &pv->fpar[c];
	if (fp->cover && (val < fp->vmin || val > fp->vmax)) {
		pv->lag_bad = 1;
		return;
	}
	int64_t w = fpar_weight(fp, val);
	if (w <= 0 || (pv->frestr[mentor] >= 0 && (uint32_t)pv->frestr[mentor] != form))
		return;
	/* no answer worth more than the incumbent takes it (root duals) */
	int64_t rc = pv->fpot[mentee] + pv->fpot[L + mentor] - w;
	if (fp->root - rc <= fp->value)
		return;
	pv->fpar[c].outside = 1;
	int64_t x = w - pv->fy[mentee];
	/* it raises the mentor's term only past the form's rcap-th value */
	int64_t t = 0;
	uint32_t n = 0;
	for (uint32_t q = pv->fls[mentor]; q < pv->fls[mentor] + pv->fln[mentor]; q++)
		if (pv->fle[q].form == form && ++n == (uint32_t)pv->rcap[mentor])
			t = pv->fle[q].x;
	if (x <= t || acc_has(pv, mentor, mentee))
		return;
	if (pv->n_extra == pv->cap_extra) {
		pv->cap_extra = pv->cap_extra ? 2 * pv->cap_extra : 64;
		pv->extra = nv_xreallocarray(pv->extra, pv->cap_extra, sizeof *pv->extra);
		pv->extra_e = nv_xreallocarray(pv->extra_e, pv->cap_extra, sizeof *pv->extra_e);
		pv->extra_w = nv_xreallocarray(pv->extra_w, pv->cap_extra, sizeof *pv->extra_w);
	}
	pv->extra_e[pv->n_extra] = mentee;
	pv->extra_w[pv->n_extra] = w;
	pv->extra[pv->n_extra++] = (struct lagv){mentor, form, x};
}

static int lagv_cmp(const void *p, const void *q)
{
	const struct lagv *a = p, *b = q;
	if (a->mentor != b->mentor)
		return a->mentor < b->mentor ? -1 : 1;
	if (a->form != b->form)
		return a->form < b->form ? -1 : 1;
	return (a->x < b->x) - (a->x > b->x);
}

/* Mentor m's term with the offered values x[0..n) (its own, by form then
 * value descending; none: its term as the search left it) added to its
 * kept ones: the best form's top rcap. */
static int64_t lag_term_with(const nv_priv *pv, uint32_t m, const struct lagv *x, size_t n)
{
	size_t nl = pv->fln[m];
	struct lagv *all = nv_xmalloc((nl + n + 1) * sizeof *all);
	memcpy(all, pv->fle + pv->fls[m], nl * sizeof *all);
	if (n)
		memcpy(all + nl, x, n * sizeof *all);
	qsort(all, nl + n, sizeof *all, lagv_cmp);
	int64_t best = 0;
	for (size_t i = 0; i < nl + n;) {
		size_t j = i;
		int64_t sum = 0;
		for (; j < nl + n && all[j].form == all[i].form; j++)
			if (j - i < (size_t)pv->rcap[m])
				sum += all[j].x;
		if (sum > best)
			best = sum;
		i = j;
	}
	free(all);
	return best;
}

/* Per component: how much the offered pairs raise its mentors' terms
 * (sorts them). */
static int64_t *lag_deltas(nv_priv *pv)
{
	if (pv->n_extra)
		qsort(pv->extra, pv->n_extra, sizeof *pv->extra, lagv_cmp);
	int64_t *delta = nv_xcalloc(pv->n_fpar + 1, sizeof *delta);
	for (size_t i = 0; i < pv->n_extra;) {
		size_t j = i;
		uint32_t m = pv->extra[i].mentor;
		while (j < pv->n_extra && pv->extra[j].mentor == m)
			j++;
		delta[pv->fcomp[pv->n_mentees + m]] +=
		        lag_term_with(pv, m, pv->extra + i, j - i) - lag_term_with(pv, m, NULL, 0);
		i = j;
	}
	return delta;
}

/* The arcs a component's Lagrangian bound counts of a's edges: as the
 * search kept them (in a component it left unproven, not fixed or
 * forbidden, a value >= thr, in the form fixed pairs allow its mentor, a
 * weight > 0, not ruled out by the root's duals against the answer). */
static int lag_arc(const nv_priv *pv, const nv_asg *a, size_t e, int64_t thr, int64_t *w)
{
	size_t L = pv->n_mentees;
	uint32_t m = a->mentor[e], i = a->mentee[e], c = pv->fcomp[i];
	if (c == UINT32_MAX || pv->fcomp[L + m] != c || !pv->fpar[c].lag ||
	    (nv_asg_flags(a, e) & (NV_EDGE_FIXED | NV_EDGE_FORBIDDEN)) || pv->fixed_mentee[i] ||
	    pv->rcap[m] <= 0 ||
	    (pv->frestr[m] >= 0 && (uint32_t)pv->frestr[m] != nv_asg_form(a, e)))
		return 0;
	const struct fparam *fp = &pv->fpar[c];
	int64_t val = nv_asg_value(a, e);
	if (val < thr || (fp->cover && (val < fp->vmin || val > fp->vmax)))
		return 0;
	*w = fpar_weight(fp, val);
	return *w > 0 && fp->root - (pv->fpot[i] + pv->fpot[L + m] - *w) > fp->value;
}

/* nv_solution_lagr_reprice on s, which solved a's pairs of value >= thr
 * (and the fixed ones). */
static int lag_reprice(nv_solution *s, const nv_asg *a, int64_t thr)
{
	nv_priv *pv = s ? s->priv : NULL;
	if (!pv || pv->mm.total_gap || !pv->fy || pv->lag_bad || s->proven || !pv->n_extra ||
	    pv->n_reprice >= NV_LAGR_REPRICE_ROUNDS || (s->gap <= 0 && !s->gap_pairs))
		return 0;
	size_t L = pv->n_mentees, R = pv->n_mentors;
	/* the offered pairs join those taken in before */
	pv->acc = nv_xreallocarray(pv->acc, pv->n_acc + pv->n_extra + 1, sizeof *pv->acc);
	for (size_t k = 0; k < pv->n_extra; k++)
		pv->acc[pv->n_acc++] = (struct lagx){pv->extra[k].mentor, pv->extra_e[k],
		                                     pv->extra[k].form, pv->extra_w[k]};
	qsort(pv->acc, pv->n_acc, sizeof *pv->acc, lagx_cmp);
	if (!pv->n_reprice) { /* the bound as it stands, kept should it be lower */
		int64_t *delta = lag_deltas(pv);
		for (size_t c = 0; c < pv->n_fpar; c++)
			if (pv->fpar[c].lag) {
				pv->fpar[c].first = pv->fpar[c].lagr + delta[c];
			}
		free(delta);
	}
	pv->n_extra = 0;
	pv->n_reprice++;
	/* the arcs: the problem's the bound counts, then those taken in */
	size_t n = 0, most = a->n_edges + pv->n_acc + 1;
	int64_t w;
	uint32_t *am = nv_xmalloc(most * sizeof *am);
	uint32_t *ae = nv_xmalloc(most * sizeof *ae);
	uint32_t *af = nv_xmalloc(most * sizeof *af);
	int64_t *aw = nv_xmalloc(most * sizeof *aw);
	for (size_t e = 0; e < a->n_edges; e++)
		if (lag_arc(pv, a, e, thr, &w)) {
			am[n] = a->mentor[e];
			ae[n] = a->mentee[e];
			af[n] = nv_asg_form(a, e);
			aw[n++] = w;
		}
	for (size_t k = 0; k < pv->n_acc; k++) {
		am[n] = pv->acc[k].mentor;
		ae[n] = pv->acc[k].mentee;
		af[n] = pv->acc[k].form;
		aw[n++] = pv->acc[k].w;
	}
	int64_t target = 0;
	for (size_t c = 0; c < pv->n_fpar; c++)
		if (pv->fpar[c].lag)
			target += pv->fpar[c].value;
	/* mentees outside such components have no arcs: price 0 */
	for (size_t i = 0; i < L; i++)
		if (pv->fcomp[i] == UINT32_MAX || !pv->fpar[pv->fcomp[i]].lag)
			pv->fy[i] = 0;
	nv_lag_arcs g = {.L = L,
	                 .R = R,
	                 .n = n,
	                 .mentee = ae,
	                 .mentor = am,
	                 .form = af,
	                 .w = aw,
	                 .rcap = pv->rcap};
	int64_t *term = nv_xcalloc(R + 1, sizeof *term);
	nv_lag_tops tops;
	nv_lagr_prices(&g, pv->fy, target, NV_LAGR_REPRICE_ITERS, term, &tops);
	free(am);
	free(ae);
	free(af);
	free(aw);
	/* each mentor's values at the new prices, and each component's bound */
	free(pv->fle);
	pv->fle = nv_xmalloc((tops.n + 1) * sizeof *pv->fle);
	pv->n_fle = 0;
	for (size_t c = 0; c < pv->n_fpar; c++)
		if (pv->fpar[c].lag)
			pv->fpar[c].lagr = 0;
	for (size_t m = 0; m < R; m++) {
		uint32_t c = pv->fcomp[L + m];
		if (pv->frestr[m] == INT32_MIN || c == UINT32_MAX || !pv->fpar[c].lag)
			continue;
		fle_put(pv, (uint32_t)m, tops.off, tops.form, tops.x, m);
		pv->fpar[c].lagr += term[m];
	}
	for (size_t i = 0; i < L; i++)
		if (pv->fcomp[i] != UINT32_MAX && pv->fpar[pv->fcomp[i]].lag)
			pv->fpar[pv->fcomp[i]].lagr += pv->fy[i];
	free(term);
	free(tops.off);
	free(tops.form);
	free(tops.x);
	return 1;
}

int nv_solution_lagr_reprice(nv_solution *s, const nv_asg *a)
{
	nv_priv *pv = s ? s->priv : NULL;
	if (pv && pv->mm.total_gap) /* maximin: its total's search, as offered */
		return lag_reprice(pv->mm.sol[2], a, pv->mm.thr[2]);
	return lag_reprice(s, a, INT64_MIN);
}

void nv_solution_lagr_finish(nv_solution *s)
{
	nv_priv *pv = s ? s->priv : NULL;
	if (pv && pv->mm.total_gap) {
		/* maximin: its total's gap, when tighter, with the reason */
		nv_solution *t = pv->mm.sol[2];
		const nv_priv *tp = t->priv;
		nv_solution_lagr_finish(t);
		pv->mm.total_gap = 0; /* offered and finished once */
		if (t->gap_pairs == 0 && t->gap < s->gap) {
			s->gap = t->gap;
			size_t len = strlen(s->proof);
			snprintf(s->proof + len, sizeof s->proof - len,
			         "; at most %.6f below the optimum (%s)", s->gap,
			         tp->gap_by ? tp->gap_by : "Lagrangian bound");
		}
		return;
	}
	if (!pv || !pv->fy || pv->lag_bad || s->proven || (s->gap <= 0 && !s->gap_pairs))
		goto out;
	int64_t *delta = lag_deltas(pv);
	/* Each such component's share of the gap moves from the root's bound
	 * (as forms.c stated it) to the Lagrangian one; in micro-units. */
	int64_t gap = llround(s->gap * 1e6);
	size_t gap_pairs = s->gap_pairs;
	int tighter = 0, by_glpk = 0;
	for (size_t c = 0; c < pv->n_fpar; c++) {
		const struct fparam *fp = &pv->fpar[c];
		if (!fp->ok || !fp->lag)
			continue;
		NV_ASSERT(delta[c] >= 0);
		int64_t was = fp->root > fp->value ? fp->root : fp->value;
		int64_t bound = fp->lagr + delta[c];
		if (pv->n_reprice && fp->first < bound)
			bound = fp->first;
		int glpk = !fp->outside && fp->gbound < bound;
		if (glpk)
			bound = fp->gbound;
		if (bound >= was)
			continue;
		by_glpk |= glpk ? 1 : 2;
		if (bound < fp->value)
			bound = fp->value;
		gap += bound - was;
		if (fp->cover)
			gap_pairs = gap_pairs - nv_gap_pairs(was, fp->big, fp->count) +
			            nv_gap_pairs(bound, fp->big, fp->count);
		tighter = 1;
	}
	free(delta);
	if (tighter) {
		s->gap = gap > 0 ? (double)gap / 1e6 : 0;
		s->gap_pairs = gap_pairs;
		pv->gap_by = by_glpk == 1   ? "GLPK's bound at its node budget"
		             : by_glpk == 2 ? "Lagrangian bound"
		                            : "Lagrangian and GLPK's bounds";
		gap_proof(s, pv->gap_by);
	}
out:
	if (pv)
		pv->n_extra = 0;
}
