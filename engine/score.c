/* score.c (scoring every eligible pair in cache-sized tiles of one
 * cblas_dgemm each, SPEC §3; keeping the pairs >= min_score or the best K
 * per mentee, with exact, quantised numbers whatever the BLAS threads do)
 *
 * Mentees go in chunks of rows. Per chunk and form, the chunk's mentees of
 * that form are grouped by bucket key (org and/or district) and meet only
 * the form's mentors with the same key. For a tile of mentees and mentors,
 * dense feature rows over the tags actually present in the mentee tile are
 * built so that one GEMM gives every pair's score up to the psych constant:
 *   mentee row: z/|z| (with the type one-hot), tags/sqrt(#tags) for
 *               subjects and goals, need/Σneed;
 *   mentor row: the same blocks times share/2, share_s, share_g, and the
 *               skills times share_n.
 * The GEMM only selects candidates (with a margin); each kept pair is
 * recomputed exactly by features.c (a mentee's candidates in one call)
 * and quantised (a chunk's kept pairs in one call), so the output does
 * not depend on BLAS blocking or threads.
 *
 * min_score mode keeps every pair whose GEMM value clears min_score less
 * the margin, then tests the exact score. Top-K mode keeps per mentee a
 * region of candidates (GEMM value, mentor) and a threshold no pair of
 * the mentee's top K can be under. A mentee without K candidates yet
 * first bounds it from the row itself: the row in G >= K groups, the K-th
 * largest of the group maxima less two margins (K distinct pairs score at
 * least that, up to GEMM error and rounding). The row is then scanned
 * against the threshold (one vector compare per four or two values) and
 * what passes joins the region; after the row, or when it fills, the
 * region is settled: the K-th largest GEMM value among its candidates,
 * less two margins, raises the threshold and the region keeps what is at
 * or above. Near-ties that the margins cannot separate (more than half a
 * region within them) are scored exactly and cut to the K best. At the
 * end of the chunk only the region's pairs still above the threshold are
 * scored exactly, the K best by (score desc, mentor row asc) are kept and
 * only those are quantised with their contributions. Mentor blocks are
 * wide (TILE_M), so a row is mostly seen whole: one bound, one scan.
 * Worker threads take whole chunks; the blocks are emitted in chunk order.
 * Inputs under half a million pairs stay on the calling thread, and the
 * tile buffers and (small) output blocks of a finished call are kept for
 * the next one.
 * Memory: tiles, one chunk's regions or kept pairs per worker. */
#include "model_internal.h"

#include <cblas.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

/* Tile sizes. Mentee tiles of TILE_E rows share their tag columns; per
 * mentee tile the mentor feature rows are built once per block of TILE_M
 * mentors, and the GEMMs run on as many mentees of the tile as keep the C
 * tile at TILE_C doubles (1 MiB), so the scan reads it from L2 right
 * after the GEMM wrote it. Wide mentor blocks give each mentee's top-K
 * selection most of its row at once. */
#define TILE_M 1024
#define TILE_E 256
#define TILE_C 131072
/* A key group's mentor rows stay built in X for all its mentee tiles
 * while they take at most this many doubles (1 MiB), not only the rows
 * of one block of TILE_M. */
#define X_GROUP 131072
#define CHUNK_MENTEES 1024
/* GEMM error (≤ 1e-9) plus the half micro-unit that rounding may add. */
#define MARGIN 1.0e-6

/* --- private -------------------------------------------------------------- */

/* A candidate of one mentee in top-K mode: its GEMM value. */
typedef struct cand {
	double approx;
	uint32_t mentor;
	uint8_t form;
} cand;

/* A candidate with its exact score; ix: where it sits in its region. */
typedef struct ranked {
	int64_t q; /* micro-units */
	uint32_t mentor, ix;
} ranked;

/* a ranks above b on exact scores: higher score, then lower mentor row */
static int cand_better(const ranked *a, const ranked *b)
{
	return a->q > b->q || (a->q == b->q && a->mentor < b->mentor);
}

/* Keeps the K best of r[0..n) (exact scores known), in their present
 * order; returns how many are left. *kth gets the K-th best when n >= K.
 * Quickselect on a copy of the ranks, then one stable pass: no sort. */
static size_t select_top(ranked *r, size_t n, size_t K, ranked *scratch,
                         ranked *kth)
{
	if (n < K)
		return n;
	if (n - K <= 4) {
		/* a few too many (the usual case): drop the worst, one by one */
		for (size_t d = n - K + 1; d > 0; d--) {
			size_t w = 0;
			for (size_t i = 1; i < n; i++)
				if (cand_better(&r[w], &r[i]))
					w = i;
			if (d == 1) {
				*kth = r[w];
				break;
			}
			memmove(r + w, r + w + 1, (n - w - 1) * sizeof *r);
			n--;
		}
		return K;
	}
	memcpy(scratch, r, n * sizeof *r);
	size_t lo = 0, hi = n - 1, want = K - 1;
	while (lo < hi) {
		ranked pivot = scratch[lo + (hi - lo) / 2];
		size_t i = lo, j = hi;
		while (i <= j) {
			while (cand_better(&scratch[i], &pivot))
				i++;
			while (cand_better(&pivot, &scratch[j]))
				j--;
			if (i <= j) {
				ranked t = scratch[i];
				scratch[i] = scratch[j];
				scratch[j] = t;
				i++;
				if (j == 0)
					break;
				j--;
			}
		}
		if (want <= j)
			hi = j;
		else if (want >= i)
			lo = i;
		else
			break;
	}
	*kth = scratch[want];
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (!cand_better(kth, &r[i]))
			r[k++] = r[i];
	return k;
}

/* Sorts a run that is mostly in mentor order already. */
static void sort_by_mentor(ranked *r, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		if (r[i - 1].mentor <= r[i].mentor)
			continue;
		ranked x = r[i];
		size_t j = i;
		while (j > 0 && r[j - 1].mentor > x.mentor) {
			r[j] = r[j - 1];
			j--;
		}
		r[j] = x;
	}
}

typedef struct kept {
	uint32_t mentee, mentor;
	uint8_t form;
	int64_t q;
} kept;

static int kept_cmp(const void *a, const void *b)
{
	const kept *x = a, *y = b;
	if (x->mentee != y->mentee)
		return x->mentee < y->mentee ? -1 : 1;
	return x->mentor < y->mentor ? -1 : x->mentor > y->mentor;
}

typedef struct scorer {
	const nv_model *M;
	const nv_score_params *p;
	int all;         /* score_each: every pair, no filter */
	double min_thr;  /* min_score less the margin */
	size_t K;        /* 0: min_score mode */
	/* top-K state per chunk slot (mentee): the current threshold and a
	 * region of R candidates */
	size_t R;
	double *thr;
	uint32_t *reg_n;
	cand *reg;
	/* the final pass: R mentor rows, their exact scores and contributions */
	uint32_t *mrow;
	double *sbuf, *cbuf;
	ranked *rank, *scratch; /* R each */
	double *vals;           /* 3R + 24: GEMM values being selected */
	double *gmax;           /* R: a row's group maxima (group_bound) */
	size_t n_gmax, len_gmax; /* their count (0: none) and group length */
	/* min_score mode: kept pairs of the chunk */
	kept *keep, *keep2; /* keep2: the radix sort's other buffer */
	size_t n_keep, cap_keep, cap_keep2;
	/* tile state */
	nv_bucket_entry *group; /* chunk mentees of one form, by (key, row) */
	double *X, *Y, *C;
	uint32_t hits[TILE_M];
	/* Y: TILE_E rows of D_cap doubles; X: cap_X doubles */
	size_t D_cap, cap_X;
	int32_t *map_type, *map_subj, *map_goal; /* vocab id -> local column */
	size_t n_types, n_subj, n_goal;
	uint32_t *used; /* ids put in the maps, to reset them */
	/* what X holds: the mentor rows of xb[0..xn) under the columns of
	 * x_used (x_n_used ids by kind); x_ok 0 when nothing */
	const nv_bucket_entry *xb;
	size_t xn, x_n_used[3], cap_x_used;
	uint32_t *x_used;
	int x_ok;
	nv_score_stats st;
	/* the scan's vector code: plain SSE2/NEON or AVX2 */
	size_t (*collect_hits)(const double *c, size_t n, double t, uint32_t *hits);
	void (*group_max)(const double *c, size_t n, size_t G, size_t len,
	                  double *out);
	size_t (*partition)(const double *v, size_t n, double pivot, double *above, double *below,
	                    size_t *nb);
	/* what the buffers above hold, for their reuse by the next call */
	size_t cap_thr, cap_reg_n, cap_group, cap_reg, cap_mrow, cap_sbuf, cap_cbuf, cap_rank,
	        cap_scratch, cap_vals, cap_gmax, cap_type, cap_subj, cap_goal, cap_used;
} scorer;

static size_t vocab_n(const nv_vocab *v)
{
	return v ? nv_vocab_count(v) : 0;
}

/* Sorts ids[0..n) (distinct, mostly few) and renumbers map[id] to match. */
static void sort_ids(uint32_t *ids, size_t n, int32_t *map)
{
	for (size_t i = 1; i < n; i++) {
		uint32_t x = ids[i];
		size_t j = i;
		for (; j > 0 && ids[j - 1] > x; j--)
			ids[j] = ids[j - 1];
		ids[j] = x;
	}
	for (size_t i = 0; i < n; i++)
		map[ids[i]] = (int32_t)i;
}

/* Local columns for the tags of the mentee tile; returns the dimension. */
static size_t tile_columns(scorer *S, const nv_bucket_entry *E, size_t ne,
                           size_t *o_type, size_t *o_subj, size_t *o_goal,
                           size_t *o_need, size_t *n_used)
{
	const nv_table *t = S->M->t;
	size_t u = 0, nt = 0, ns = 0, ng = 0;
	for (size_t j = 0; j < ne; j++) {
		size_t r = E[j].row;
		int32_t ty = t->psych_type[r];
		if (ty >= 0 && S->map_type[ty] < 0) {
			S->map_type[ty] = (int32_t)nt++;
			S->used[u++] = (uint32_t)ty;
		}
	}
	size_t u_type = u;
	for (size_t j = 0; j < ne; j++) {
		size_t r = E[j].row;
		for (size_t k = t->subj_off[r]; k < t->subj_off[r + 1]; k++)
			if (S->map_subj[t->subj[k]] < 0) {
				S->map_subj[t->subj[k]] = (int32_t)ns++;
				S->used[u++] = t->subj[k];
			}
	}
	size_t u_subj = u;
	for (size_t j = 0; j < ne; j++) {
		size_t r = E[j].row;
		for (size_t k = t->goal_off[r]; k < t->goal_off[r + 1]; k++)
			if (S->map_goal[t->goal[k]] < 0) {
				S->map_goal[t->goal[k]] = (int32_t)ng++;
				S->used[u++] = t->goal[k];
			}
	}
	n_used[0] = u_type;
	n_used[1] = u_subj;
	n_used[2] = u;
	/* columns in id order: tiles with the same tags get the same layout,
	 * so the mentor rows built for one serve the next */
	sort_ids(S->used, u_type, S->map_type);
	sort_ids(S->used + u_type, u_subj - u_type, S->map_subj);
	sort_ids(S->used + u_subj, u - u_subj, S->map_goal);
	*o_type = S->M->P;
	*o_subj = *o_type + nt;
	*o_goal = *o_subj + ns;
	*o_need = *o_goal + ng;
	return *o_need + t->n_area;
}

static void tile_columns_reset(scorer *S, const size_t n_used[3])
{
	for (size_t i = 0; i < n_used[0]; i++)
		S->map_type[S->used[i]] = -1;
	for (size_t i = n_used[0]; i < n_used[1]; i++)
		S->map_subj[S->used[i]] = -1;
	for (size_t i = n_used[1]; i < n_used[2]; i++)
		S->map_goal[S->used[i]] = -1;
}

/* One feature row; mentor rows carry the weight shares. */
static void feature_row(const scorer *S, size_t r, int mentor, double *x,
                        size_t D, size_t o_type, size_t o_subj, size_t o_goal,
                        size_t o_need)
{
	const nv_model *M = S->M;
	const nv_table *t = M->t;
	memset(x, 0, D * sizeof *x);
	double sp = mentor ? M->share[NV_PSYCH] / 2 : 1;
	double ss = mentor ? M->share[NV_SUBJECTS] : 1;
	double sg = mentor ? M->share[NV_GOALS] : 1;
	double sn = mentor ? M->share[NV_NEEDS] : 1;
	if (M->znorm2[r] > 0) {
		double f = sp / sqrt(M->znorm2[r]);
		for (size_t c = 0; c < M->P; c++)
			x[c] = f * M->z[r * M->P + c];
		int32_t ty = t->psych_type[r];
		if (ty >= 0 && S->map_type[ty] >= 0)
			x[o_type + (size_t)S->map_type[ty]] = f;
	}
	size_t k0 = t->subj_off[r], k1 = t->subj_off[r + 1];
	if (k1 > k0) {
		double f = ss / sqrt((double)(k1 - k0));
		for (size_t k = k0; k < k1; k++)
			if (S->map_subj[t->subj[k]] >= 0)
				x[o_subj + (size_t)S->map_subj[t->subj[k]]] = f;
	}
	k0 = t->goal_off[r], k1 = t->goal_off[r + 1];
	if (k1 > k0) {
		double f = sg / sqrt((double)(k1 - k0));
		for (size_t k = k0; k < k1; k++)
			if (S->map_goal[t->goal[k]] >= 0)
				x[o_goal + (size_t)S->map_goal[t->goal[k]]] = f;
	}
	if (mentor) {
		for (size_t a = 0; a < t->n_area; a++)
			x[o_need + a] = sn * t->skill[a * M->n + r];
	} else if (M->needsum[r] > 0) {
		for (size_t a = 0; a < t->n_area; a++)
			x[o_need + a] = t->need[a * M->n + r] / M->needsum[r];
	}
}

/* Room for TILE_E mentee rows and xrows mentor rows of width D. */
static void grow(scorer *S, size_t D, size_t xrows)
{
	if (D < 1)
		D = 1;
	if (D > S->D_cap) {
		S->D_cap = D;
		free(S->Y);
		S->Y = nv_xmalloc(TILE_E * D * sizeof *S->Y);
	}
	if (xrows * D > S->cap_X) {
		S->cap_X = xrows * D > TILE_M * S->D_cap ? xrows * D : TILE_M * S->D_cap;
		S->x_ok = 0;
		free(S->X);
		S->X = nv_xmalloc(S->cap_X * sizeof *S->X);
	}
}

/* llround(x), without the library call: for |x| < 2^52, x less its
 * truncation is exact, so the half-way test is too. */
static inline int64_t round_half_away(double x)
{
	if (!(fabs(x) < 4503599627370496.0))
		return llround(x);
	int64_t r = (int64_t)x;
	double frac = x - (double)r;
	return r + (frac >= 0.5) - (frac <= -0.5);
}

static int64_t exact_q(const nv_model *M, size_t m, size_t e)
{
	/* nv_score_quantise's total: the same sum, rounded; the contributions
	 * are not needed here */
	double c[NV_NTERMS];
	return round_half_away(nv_score_pair_exact(M, m, e, c) * 1e6);
}

/* The values of v[0..n) above pivot in order into above[], those below
 * it into below[]; returns how many are above, *nb how many below. Each
 * value is copied to both sides and only the side it belongs to advances:
 * no branch to mispredict on values in random order, no store read back.
 * The sides have room for n + 8 (a vector version stores whole vectors). */
static size_t partition(const double *v, size_t n, double pivot, double *above, double *below,
                        size_t *nb)
{
	size_t na = 0, b = 0;
	for (size_t i = 0; i < n; i++) {
		double x = v[i];
		above[na] = x;
		below[b] = x;
		na += x > pivot;
		b += x < pivot;
	}
	*nb = b;
	return na;
}

/* The lesser of *a and *x into *a, the other into *x (a min and a max,
 * no branch). */
static inline void keep_less(double *a, double *x)
{
	double lo = *x < *a ? *x : *a, hi = *a < *x ? *x : *a;
	*a = lo;
	*x = hi;
}

/* The k-th largest (k >= 1) of w[0..n), n >= k; w has room for 3n + 16.
 * Quickselect by S->partition; the three thirds of w (with their slack)
 * take turns as the input and the two sides. */
static double kth_largest(const scorer *S, double *w, size_t n, size_t k)
{
	if (n - k < 4) {
		/* a few too many (the usual case after a row): the k-th largest
		 * is the (n - k + 1)-th least. The four least so far stay in
		 * order in registers, and each value goes down through them:
		 * no branch, and no step waits on a load. */
		double a0 = INFINITY, a1 = INFINITY, a2 = INFINITY, a3 = INFINITY;
		for (size_t i = 0; i < n; i++) {
			double x = w[i];
			keep_less(&a0, &x);
			keep_less(&a1, &x);
			keep_less(&a2, &x);
			keep_less(&a3, &x);
		}
		double a[4] = {a0, a1, a2, a3};
		return a[n - k];
	}
	double *buf[3] = {w, w + n + 8, w + 2 * n + 16};
	size_t in = 0, want = k - 1;
	for (;;) {
		const double *v = buf[in];
		double pivot = v[n / 2];
		size_t nb,
		        na = S->partition(v, n, pivot, buf[(in + 1) % 3], buf[(in + 2) % 3], &nb);
		if (want < na) {
			in = (in + 1) % 3, n = na;
		} else if (want < n - nb) {
			return pivot;
		} else {
			want -= n - nb;
			in = (in + 2) % 3, n = nb;
		}
	}
}

/* Keeps r[i] with approx >= thr, in order; how many. */
static size_t keep_above(cand *r, size_t n, double thr)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		/* tested on the copy: r[k] may be r[i], and a load after the
		 * store would wait for it */
		cand c = r[i];
		r[k] = c;
		k += c.approx >= thr;
	}
	return k;
}

/* The K-th largest GEMM value among a slot's candidates (distinct
 * eligible pairs) less two margins bounds the slot's top K from below,
 * since K pairs are sure to score above it (rule 12 rounding and GEMM
 * error are both inside one margin): raises the threshold to it and drops
 * the candidates under the threshold; returns how many are left. */
static size_t region_settle(scorer *S, uint32_t slot)
{
	cand *r = S->reg + (size_t)slot * S->R;
	size_t n = S->reg_n[slot];
	if (n >= S->K) {
		for (size_t i = 0; i < n; i++)
			S->vals[i] = r[i].approx;
		double t = kth_largest(S, S->vals, n, S->K) - 2 * MARGIN;
		if (t > S->thr[slot])
			S->thr[slot] = t;
	}
	size_t k = keep_above(r, n, S->thr[slot]);
	S->reg_n[slot] = (uint32_t)k;
	return k;
}

/* Settles a slot's region (region_settle). When near-ties keep more than
 * half of it, the margin cannot separate them: the candidates are scored
 * exactly and the K best kept, and a later pair must then beat the K-th
 * exact score. */
static void region_compact(scorer *S, uint32_t slot, uint32_t e)
{
	cand *r = S->reg + (size_t)slot * S->R;
	size_t n = region_settle(S, slot);
	if (n > S->R / 2) {
		ranked *rk = S->rank, kth;
		size_t k = 0;
		for (size_t i = 0; i < n; i++) {
			int64_t q = exact_q(S->M, r[i].mentor, e);
			if ((double)q / 1e6 >= S->p->min_score)
				rk[k] = (ranked){q, r[i].mentor, (uint32_t)i}, k++;
		}
		k = select_top(rk, k, S->K, S->scratch, &kth);
		for (size_t i = 0; i < k; i++) /* ix rises: in place is safe */
			r[i] = r[rk[i].ix];
		n = k;
		/* a later pair must beat the K-th exact score to get in */
		if (n == S->K) {
			double t = (double)kth.q / 1e6 - MARGIN;
			if (t > S->thr[slot])
				S->thr[slot] = t;
		}
	}
	S->reg_n[slot] = (uint32_t)n;
}

/* One eligible pair whose GEMM value passed the slot's threshold. */
static void region_add(scorer *S, uint32_t slot, uint32_t e, uint32_t m,
                       uint8_t f, double approx)
{
	if (approx < S->thr[slot])
		return;
	cand *r = S->reg + (size_t)slot * S->R;
	r[S->reg_n[slot]++] = (cand){approx, m, f};
	if (S->reg_n[slot] == S->R)
		region_compact(S, slot, e);
}

static void keep_offer(scorer *S, uint32_t e, uint32_t m, uint8_t f)
{
	int64_t q = exact_q(S->M, m, e);
	if (!S->all && (double)q / 1e6 < S->p->min_score)
		return;
	if (S->n_keep == S->cap_keep) {
		S->cap_keep = S->cap_keep ? 2 * S->cap_keep : 1024;
		S->keep = nv_xreallocarray(S->keep, S->cap_keep, sizeof *S->keep);
	}
	S->keep[S->n_keep++] = (kept){e, m, f, q};
}

/* Two doubles and their comparison masks (GCC/Clang vector extension:
 * one SSE2 register on x86-64, one NEON register on arm64). */
typedef double v2d __attribute__((vector_size(16)));
typedef long long v2l __attribute__((vector_size(16)));

/* The indexes i < n with c[i] >= t, into hits; returns how many. Blocks of
 * eight values are rejected by two vector compares (the usual case once
 * the top-K thresholds are tight); a block with a hit is compressed
 * without branches. */
static size_t collect_hits(const double *c, size_t n, double t,
                           uint32_t *hits)
{
	v2d tv = {t, t};
	size_t nh = 0, i = 0;
	for (; i + 8 <= n; i += 8) {
		v2d a, b, x, y;
		memcpy(&a, c + i, sizeof a);
		memcpy(&b, c + i + 2, sizeof b);
		memcpy(&x, c + i + 4, sizeof x);
		memcpy(&y, c + i + 6, sizeof y);
		v2l m = ((a >= tv) | (b >= tv)) | ((x >= tv) | (y >= tv));
		if (!(m[0] | m[1]))
			continue;
		for (size_t k = i; k < i + 8; k++) {
			hits[nh] = (uint32_t)k;
			nh += c[k] >= t;
		}
	}
	for (; i < n; i++) {
		hits[nh] = (uint32_t)i;
		nh += c[i] >= t;
	}
	return nh;
}

/* The largest of c[0..n), n >= 1, two lanes at a time. */
static double row_max(const double *c, size_t n)
{
	size_t i = 0;
	double mx = c[0];
	if (n >= 4) {
		v2d a, b;
		memcpy(&a, c, sizeof a);
		memcpy(&b, c + 2, sizeof b);
		for (i = 4; i + 4 <= n; i += 4) {
			v2d x, y;
			memcpy(&x, c + i, sizeof x);
			memcpy(&y, c + i + 2, sizeof y);
			v2l ma = x > a, mb = y > b;
			a = (v2d)(((v2l)x & ma) | ((v2l)a & ~ma));
			b = (v2d)(((v2l)y & mb) | ((v2l)b & ~mb));
		}
		mx = a[0] > a[1] ? a[0] : a[1];
		mx = b[0] > mx ? b[0] : mx;
		mx = b[1] > mx ? b[1] : mx;
	}
	for (; i < n; i++)
		mx = c[i] > mx ? c[i] : mx;
	return mx;
}

/* out[g] = the largest of group g of c[0..n): groups of len values, the
 * last one taking the rest. */
static void group_max(const double *c, size_t n, size_t G, size_t len,
                      double *out)
{
	for (size_t g = 0; g < G; g++)
		out[g] = row_max(c + g * len, g + 1 < G ? len : n - g * len);
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define HAVE_AVX2 1

/* collect_hits and group_max four lanes at a time, for processors with
 * AVX2 (chosen at run time: the build targets plain x86-64). */
__attribute__((target("avx2"))) static size_t
collect_hits_avx2(const double *c, size_t n, double t, uint32_t *hits)
{
	__m256d tv = _mm256_set1_pd(t);
	size_t nh = 0, i = 0;
	for (; i + 8 <= n; i += 8) {
		__m256d a = _mm256_loadu_pd(c + i), b = _mm256_loadu_pd(c + i + 4);
		unsigned m = (unsigned)_mm256_movemask_pd(_mm256_cmp_pd(a, tv, _CMP_GE_OQ)) |
		             (unsigned)_mm256_movemask_pd(_mm256_cmp_pd(b, tv, _CMP_GE_OQ))
		                 << 4;
		/* the first hit of a block without a branch (written but not
		 * counted when there is none); a second one is rare */
		hits[nh] = (uint32_t)(i + (unsigned)__builtin_ctz(m | 0x100));
		nh += m != 0;
		for (m &= m - 1; m; m &= m - 1)
			hits[nh++] = (uint32_t)(i + (unsigned)__builtin_ctz(m));
	}
	for (; i < n; i++) {
		hits[nh] = (uint32_t)i;
		nh += c[i] >= t;
	}
	return nh;
}

__attribute__((target("avx2"))) static void
group_max_avx2(const double *c, size_t n, size_t G, size_t len, double *out)
{
	for (size_t g = 0; g < G; g++) {
		const double *x = c + g * len;
		size_t m = g + 1 < G ? len : n - g * len, i = 4;
		if (m < 4) {
			out[g] = row_max(x, m);
			continue;
		}
		__m256d a = _mm256_loadu_pd(x);
		for (; i + 4 <= m; i += 4)
			a = _mm256_max_pd(a, _mm256_loadu_pd(x + i));
		__m128d h = _mm_max_pd(_mm256_castpd256_pd128(a),
		                       _mm256_extractf128_pd(a, 1));
		double mx = _mm_cvtsd_f64(_mm_max_sd(h, _mm_unpackhi_pd(h, h)));
		for (; i < m; i++)
			mx = x[i] > mx ? x[i] : mx;
		out[g] = mx;
	}
}

/* partition eight lanes at a time, for processors with AVX-512: each side
 * gets its lanes packed in a register (the memory form of the packing is
 * slow on some processors) and stored whole, advancing by their count. */
__attribute__((target("avx512f"))) static size_t
partition_avx512(const double *v, size_t n, double pivot, double *above, double *below, size_t *nb)
{
	__m512d pv = _mm512_set1_pd(pivot);
	size_t na = 0, b = 0;
	for (size_t i = 0; i < n; i += 8) {
		__mmask8 live = n - i >= 8 ? 0xff : (__mmask8)((1u << (n - i)) - 1);
		__m512d x = _mm512_maskz_loadu_pd(live, v + i);
		__mmask8 ma = _mm512_mask_cmp_pd_mask(live, x, pv, _CMP_GT_OQ);
		__mmask8 mb = _mm512_mask_cmp_pd_mask(live, x, pv, _CMP_LT_OQ);
		_mm512_storeu_pd(above + na, _mm512_maskz_compress_pd(ma, x));
		_mm512_storeu_pd(below + b, _mm512_maskz_compress_pd(mb, x));
		na += (size_t)__builtin_popcount(ma);
		b += (size_t)__builtin_popcount(mb);
	}
	*nb = b;
	return na;
}
#endif

/* A lower bound of the K-th largest of c[0..n), n >= 2K: the row in G >= K
 * groups, the K-th largest of the group maxima (K distinct values are at
 * or above it). At most 4K groups, of a multiple of four values when they
 * have eight or more (the last takes the rest). The maxima stay in gmax
 * for the scan that follows. */
static double group_bound(scorer *S, const double *c, size_t n)
{
	size_t K = S->K, G = n / 8;
	G = G > 2 * K ? 2 * K : G < K ? K : G;
	G = G > S->R ? S->R : G;
	size_t len = n / G;
	len = len >= 8 ? len & ~(size_t)3 : len;
	S->group_max(c, n, G, len, S->gmax);
	S->n_gmax = G;
	S->len_gmax = len;
	memcpy(S->vals, S->gmax, G * sizeof *S->vals);
	return kth_largest(S, S->vals, G, K);
}

/* collect_hits on a row whose group maxima are in gmax: a group whose
 * maximum is under t has no hit, so only the runs of groups at or above
 * it are scanned (about K of the 2K groups right after the bound). Worth
 * it for groups of 32 values or more: a call per run costs about what
 * scanning a short group does. */
static size_t collect_groups(scorer *S, const double *c, size_t n, double t)
{
	size_t G = S->n_gmax, len = S->len_gmax, nh = 0;
	for (size_t g = 0; g < G;) {
		if (S->gmax[g] < t) {
			g++;
			continue;
		}
		size_t g1 = g + 1;
		while (g1 < G && S->gmax[g1] >= t)
			g1++;
		size_t a = g * len, b = g1 < G ? g1 * len : n;
		size_t h = S->collect_hits(c + a, b - a, t, S->hits + nh);
		for (size_t i = nh; i < nh + h; i++)
			S->hits[i] += (uint32_t)a;
		nh += h;
		g = g1;
	}
	return nh;
}

/* Scans one GEMM tile, C = mentees × mentors: a tight threshold test per
 * value; only the values that pass are checked and offered. In top-K
 * mode a slot without K candidates yet first bounds its threshold by the
 * row's group maxima, and its region is settled after each row that
 * brought it past K or to 2K candidates. */
static void tile_scan(scorer *S, unsigned f, const nv_bucket_entry *Mb,
                      size_t nm, const nv_bucket_entry *E, size_t ne)
{
	const nv_model *M = S->M;
	double base = M->share[NV_PSYCH] / 2;
	/* Can any pair of the tile fall under an earlier form? Usually not. */
	uint64_t om = 0, oe = 0, low = (UINT64_C(1) << f) - 1;
	for (size_t i = 0; i < nm; i++)
		om |= M->mentor_ok[Mb[i].row];
	for (size_t j = 0; j < ne; j++)
		oe |= M->mentee_ok[E[j].row];
	int check = (om & oe & low) != 0;
	if (!check)
		S->st.eligible_form[f] += (uint64_t)nm * ne;
	size_t K = S->K;
	for (size_t j = 0; j < ne; j++) {
		uint32_t e = E[j].row, slot = E[j].slot;
		const double *Cj = S->C + j * nm;
		if (check)
			for (size_t i = 0; i < nm; i++)
				S->st.eligible_form[f] +=
				        (uint64_t)nv_model_first_form(M, Mb[i].row, e, f);
		size_t before = K ? S->reg_n[slot] : 0;
		S->n_gmax = 0;
		if (K && !check && before < K && nm >= 2 * K) {
			double lb = group_bound(S, Cj, nm) + base - 2 * MARGIN;
			if (lb > S->thr[slot])
				S->thr[slot] = lb;
		}
		double t = S->all ? -INFINITY : K ? S->thr[slot] : S->min_thr;
		t -= base;
		/* Collect the indexes that pass, then look at them; the
		 * threshold only rises meanwhile, so re-test. */
		size_t nh = S->n_gmax && S->len_gmax >= 32 ? collect_groups(S, Cj, nm, t)
		                                           : S->collect_hits(Cj, nm, t, S->hits);
		for (size_t h = 0; h < nh; h++) {
			size_t i = S->hits[h];
			if (Cj[i] < t)
				continue;
			uint32_t m = Mb[i].row;
			if (check && !nv_model_first_form(M, m, e, f))
				continue;
			if (!K) {
				keep_offer(S, e, m, (uint8_t)f);
				continue;
			}
			region_add(S, slot, e, m, (uint8_t)f, Cj[i] + base);
			t = S->thr[slot] - base;
		}
		if (K) {
			size_t n = S->reg_n[slot];
			if (n >= 2 * K || (before < K && n >= K))
				region_compact(S, slot, e);
		}
	}
}

/* Whether X already holds the rows of mentors b[0..n) under the present
 * tile's columns (n_used as tile_columns gave them). */
static int x_holds(const scorer *S, const nv_bucket_entry *b, size_t n,
                   const size_t n_used[3])
{
	return S->x_ok && S->xb == b && S->xn == n &&
	       !memcmp(S->x_n_used, n_used, sizeof S->x_n_used) &&
	       !memcmp(S->x_used, S->used, n_used[2] * sizeof *S->used);
}

static void x_note(scorer *S, const nv_bucket_entry *b, size_t n,
                   const size_t n_used[3])
{
	S->xb = b;
	S->xn = n;
	memcpy(S->x_n_used, n_used, sizeof S->x_n_used);
	memcpy(S->x_used, S->used, n_used[2] * sizeof *S->used);
	S->x_ok = 1;
}

/* X holds the feature rows of the n mentors b (built unless it holds
 * them already, for the same columns). */
static void x_fill(scorer *S, const nv_bucket_entry *b, size_t n, size_t D, size_t o_type,
                   size_t o_subj, size_t o_goal, size_t o_need, const size_t n_used[3])
{
	if (x_holds(S, b, n, n_used))
		return;
	for (size_t i = 0; i < n; i++)
		feature_row(S, b[i].row, 1, S->X + i * D, D, o_type, o_subj, o_goal, o_need);
	x_note(S, b, n, n_used);
}

/* Every tile of one key group: mentees E against mentors Mb, form f. */
static void score_group(scorer *S, unsigned f, const nv_bucket_entry *Mb,
                        size_t nm, const nv_bucket_entry *E, size_t ne)
{
	for (size_t j0 = 0; j0 < ne; j0 += TILE_E) {
		size_t te = ne - j0 < TILE_E ? ne - j0 : TILE_E;
		size_t o_type, o_subj, o_goal, o_need, n_used[3];
		size_t D = tile_columns(S, E + j0, te, &o_type, &o_subj, &o_goal,
		                        &o_need, n_used);
		/* X holds every mentor row of the group when they fit, else a
		 * tile's */
		size_t xrows = nm * D <= X_GROUP ? nm : TILE_M;
		grow(S, D, xrows);
		for (size_t j = 0; j < te; j++)
			feature_row(S, E[j0 + j].row, 0, S->Y + j * D, D, o_type, o_subj,
			            o_goal, o_need);
		for (size_t i0 = 0; i0 < nm; i0 += TILE_M) {
			size_t tm = nm - i0 < TILE_M ? nm - i0 : TILE_M;
			size_t x0 = i0 / xrows * xrows;
			x_fill(S, Mb + x0, nm - x0 < xrows ? nm - x0 : xrows, D, o_type, o_subj, o_goal,
			       o_need, n_used);
			const double *X = S->X + (i0 - x0) * D;
			size_t sub = TILE_C / tm < te ? TILE_C / tm : te;
			for (size_t js = 0; js < te; js += sub) {
				size_t se = te - js < sub ? te - js : sub;
				if (D > 0)
					cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans,
					            (int)se, (int)tm, (int)D, 1.0, S->Y + js * D,
					            (int)D, X, (int)D, 0.0, S->C, (int)tm);
				else
					memset(S->C, 0, tm * se * sizeof *S->C);
				S->st.flops += 2.0 * (double)tm * (double)se * (double)D;
				tile_scan(S, f, Mb + i0, tm, E + j0 + js, se);
			}
		}
		tile_columns_reset(S, n_used);
	}
}

static int entry_cmp(const void *a, const void *b)
{
	const nv_bucket_entry *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->row < y->row ? -1 : x->row > y->row;
}

/* First mentor of form f with key >= k. */
static size_t lower_bound(const nv_bucket_entry *a, size_t n, uint64_t k)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (a[mid].key < k)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* p with room for n pairs (and their contributions when contrib: a block
 * of an earlier call may have room for pairs but none for those). */
static void pairs_reserve(nv_pairs *p, size_t n, int contrib)
{
	if (n <= p->cap && (!contrib || p->contrib))
		return;
	size_t cap = p->cap ? p->cap : 256;
	while (cap < n)
		cap *= 2;
	p->mentor = nv_xreallocarray(p->mentor, cap, sizeof *p->mentor);
	p->mentee = nv_xreallocarray(p->mentee, cap, sizeof *p->mentee);
	p->form = nv_xreallocarray(p->form, cap, sizeof *p->form);
	p->score = nv_xreallocarray(p->score, cap, sizeof *p->score);
	if (contrib)
		p->contrib = nv_xreallocarray(p->contrib, cap * NV_NTERMS,
		                              sizeof *p->contrib);
	p->cap = cap;
}

static void pairs_add(nv_pairs *p, const nv_model *M, uint32_t m, uint32_t e,
                      uint8_t f, int64_t q, int contrib)
{
	pairs_reserve(p, p->n + 1, contrib);
	size_t i = p->n++;
	p->mentor[i] = m;
	p->mentee[i] = e;
	p->form[i] = f;
	p->score[i] = (double)q / 1e6;
	if (contrib)
		nv_score_pair(M, m, e, p->contrib + i * NV_NTERMS);
}

/* A slot's top K, settled on exact scores, into blk by mentor row. Each
 * survivor is scored once, its exact contributions kept for the output
 * (chunk_run quantises them). */
static void region_final(scorer *S, uint32_t slot, uint32_t e, nv_pairs *blk,
                         int contrib)
{
	cand *r = S->reg + (size_t)slot * S->R;
	/* Candidates of the rows after the last settling can be many (up to
	 * 2K); settling them on GEMM values costs less than scoring them.
	 * Either way only those at or above the threshold are left, and they
	 * are scored in one call. */
	size_t n = S->reg_n[slot] > S->K ? region_settle(S, slot)
	                                 : keep_above(r, S->reg_n[slot], S->thr[slot]);
	ranked *rk = S->rank, kth;
	for (size_t i = 0; i < n; i++)
		S->mrow[i] = r[i].mentor;
	nv_score_row_exact(S->M, e, S->mrow, n, S->cbuf, S->sbuf);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		/* the exact total as written: pairs under min_score drop */
		int64_t q = round_half_away(S->sbuf[i] * 1e6);
		if ((double)q / 1e6 < S->p->min_score)
			continue;
		rk[k++] = (ranked){q, r[i].mentor, (uint32_t)i};
	}
	k = select_top(rk, k, S->K, S->scratch, &kth);
	sort_by_mentor(rk, k);
	pairs_reserve(blk, blk->n + k, contrib);
	for (size_t i = 0; i < k; i++) {
		size_t o = blk->n++;
		blk->mentor[o] = rk[i].mentor;
		blk->mentee[o] = e;
		blk->form[o] = r[rk[i].ix].form;
		blk->score[o] = (double)rk[i].q / 1e6;
		if (contrib) /* exact: quantised with the chunk's others */
			memcpy(blk->contrib + o * NV_NTERMS, S->cbuf + (size_t)rk[i].ix * NV_NTERMS,
			       NV_NTERMS * sizeof *blk->contrib);
	}
}

/* --- API ------------------------------------------------------------------ */

void nv_score_params_init(nv_score_params *p)
{
	memset(p, 0, sizeof *p);
	p->top_k = 0;
	p->min_score = 0;
	p->keep_contrib = 1;
}

void nv_pairs_free(nv_pairs *p)
{
	if (!p)
		return;
	free(p->mentor);
	free(p->mentee);
	free(p->form);
	free(p->score);
	free(p->contrib);
	free(p);
}

/* Buffers of finished calls, for the next ones: a call that scores a small
 * block would otherwise spend more on faulting fresh pages in than on the
 * block. At most STASH sets of tile-sized buffers are kept. */
#define STASH 4
static pthread_mutex_t stash_lock = PTHREAD_MUTEX_INITIALIZER;
static scorer stash[STASH];
static size_t n_stash;

static void scorer_free(scorer *S)
{
	free(S->thr);
	free(S->reg);
	free(S->mrow);
	free(S->sbuf);
	free(S->cbuf);
	free(S->scratch);
	free(S->rank);
	free(S->vals);
	free(S->gmax);
	free(S->reg_n);
	free(S->group);
	free(S->keep);
	free(S->keep2);
	free(S->X);
	free(S->Y);
	free(S->C);
	free(S->map_type);
	free(S->map_subj);
	free(S->map_goal);
	free(S->used);
	free(S->x_used);
	memset(S, 0, sizeof *S);
}

/* Output blocks of finished calls, emptied, for the next call's slots
 * (2 a worker): a fresh block faults its pages in as the chunk fills it,
 * which cost a block of 256 mentees about a quarter of its time. Blocks
 * of more than BLK_KEEP pairs are freed: their call had work enough to
 * pay for the faults, and the stash should not hold megabytes. */
#define BLK_STASH 8
#define BLK_KEEP 65536
static nv_pairs *blk_stash[BLK_STASH];
static size_t n_blk_stash;

static nv_pairs *block_take(void)
{
	nv_pairs *b = NULL;
	pthread_mutex_lock(&stash_lock);
	if (n_blk_stash)
		b = blk_stash[--n_blk_stash];
	pthread_mutex_unlock(&stash_lock);
	if (!b)
		return nv_xcalloc(1, sizeof *b);
	b->n = 0;
	return b;
}

static void block_give(nv_pairs *b)
{
	pthread_mutex_lock(&stash_lock);
	int kept = n_blk_stash < BLK_STASH && b->cap <= BLK_KEEP;
	if (kept)
		blk_stash[n_blk_stash++] = b;
	pthread_mutex_unlock(&stash_lock);
	if (!kept)
		nv_pairs_free(b);
}

__attribute__((destructor)) static void stash_free(void)
{
	pthread_mutex_lock(&stash_lock);
	while (n_stash)
		scorer_free(&stash[--n_stash]);
	while (n_blk_stash)
		nv_pairs_free(blk_stash[--n_blk_stash]);
	pthread_mutex_unlock(&stash_lock);
}

/* p with room for n items of size bytes (contents not kept). */
static void *room(void *p, size_t *cap, size_t n, size_t size)
{
	if (n <= *cap)
		return p;
	free(p);
	*cap = n;
	return nv_xmalloc(n * size);
}

/* Buffers of one worker (stashed ones when there are); chunk mentees per
 * chunk. */
static void scorer_init(scorer *S, const nv_model *M, const nv_score_params *p,
                        int all, size_t K, size_t R, size_t chunk)
{
	const nv_table *t = M->t;
	memset(S, 0, sizeof *S);
	pthread_mutex_lock(&stash_lock);
	if (n_stash)
		*S = stash[--n_stash];
	pthread_mutex_unlock(&stash_lock);
	S->M = M;
	S->p = p;
	S->all = all;
	S->min_thr = p->min_score - MARGIN;
	S->K = K;
	S->n_keep = 0;
	S->x_ok = 0; /* another model may sit at the same addresses */
	memset(&S->st, 0, sizeof S->st);
	S->collect_hits = collect_hits;
	S->group_max = group_max;
	S->partition = partition;
#ifdef HAVE_AVX2
	const char *simd = getenv("NV_SCORE_SIMD");
	int generic = simd && !strcmp(simd, "generic");
	if (!generic && __builtin_cpu_supports("avx2")) {
		S->collect_hits = collect_hits_avx2;
		S->group_max = group_max_avx2;
	}
	if (!generic && __builtin_cpu_supports("avx512f"))
		S->partition = partition_avx512;
#endif
	S->R = R;
	if (K) {
		S->thr = room(S->thr, &S->cap_thr, chunk, sizeof *S->thr);
		S->reg_n = room(S->reg_n, &S->cap_reg_n, chunk, sizeof *S->reg_n);
		S->reg = room(S->reg, &S->cap_reg, chunk * R, sizeof *S->reg);
		S->mrow = room(S->mrow, &S->cap_mrow, R, sizeof *S->mrow);
		S->sbuf = room(S->sbuf, &S->cap_sbuf, R, sizeof *S->sbuf);
		S->cbuf = room(S->cbuf, &S->cap_cbuf, R * NV_NTERMS, sizeof *S->cbuf);
		S->rank = room(S->rank, &S->cap_rank, R, sizeof *S->rank);
		S->scratch = room(S->scratch, &S->cap_scratch, R, sizeof *S->scratch);
		S->vals = room(S->vals, &S->cap_vals, 3 * R + 24, sizeof *S->vals);
		S->gmax = room(S->gmax, &S->cap_gmax, R, sizeof *S->gmax);
	}
	S->group = room(S->group, &S->cap_group, chunk, sizeof *S->group);
	if (!S->C)
		S->C = nv_xmalloc((size_t)TILE_C * sizeof *S->C);
	S->n_types = vocab_n(t->psych_types);
	S->n_subj = vocab_n(t->subjects);
	S->n_goal = vocab_n(t->goals);
	S->map_type = room(S->map_type, &S->cap_type, S->n_types + 1,
	                   sizeof *S->map_type);
	S->map_subj = room(S->map_subj, &S->cap_subj, S->n_subj + 1,
	                   sizeof *S->map_subj);
	S->map_goal = room(S->map_goal, &S->cap_goal, S->n_goal + 1,
	                   sizeof *S->map_goal);
	memset(S->map_type, 0xff, (S->n_types + 1) * sizeof *S->map_type);
	memset(S->map_subj, 0xff, (S->n_subj + 1) * sizeof *S->map_subj);
	memset(S->map_goal, 0xff, (S->n_goal + 1) * sizeof *S->map_goal);
	S->used = room(S->used, &S->cap_used, S->n_types + S->n_subj + S->n_goal + 1,
	               sizeof *S->used);
	S->x_used = room(S->x_used, &S->cap_x_used,
	                 S->n_types + S->n_subj + S->n_goal + 1, sizeof *S->x_used);
}

/* Hands the buffers to the stash, or frees them when it is full. */
static void scorer_done(scorer *S)
{
	pthread_mutex_lock(&stash_lock);
	int kept = n_stash < STASH;
	if (kept)
		stash[n_stash++] = *S;
	pthread_mutex_unlock(&stash_lock);
	if (!kept)
		scorer_free(S);
}

/* Sorts the kept pairs by (mentee, mentor): LSD radix on the pair's key,
 * 11 bits a pass. A pair is kept once, so the keys are distinct and any
 * sort gives this order. */
static void keep_sort(scorer *S)
{
	size_t n = S->n_keep;
	if (n < 256) {
		if (n)
			qsort(S->keep, n, sizeof *S->keep, kept_cmp);
		return;
	}
	uint32_t emin = UINT32_MAX, emax = 0, mmax = 0;
	for (size_t i = 0; i < n; i++) {
		const kept *x = S->keep + i;
		emin = x->mentee < emin ? x->mentee : emin;
		emax = x->mentee > emax ? x->mentee : emax;
		mmax = x->mentor > mmax ? x->mentor : mmax;
	}
	unsigned mb = 0, bits = 0;
	while (mb < 32 && mmax >> mb)
		mb++;
	for (uint32_t er = emax - emin; bits < 32 && er >> bits;)
		bits++;
	bits += mb;
	if (S->cap_keep2 < n) {
		free(S->keep2);
		S->cap_keep2 = S->cap_keep;
		S->keep2 = nv_xmalloc(S->cap_keep2 * sizeof *S->keep2);
	}
#define KEEP_KEY(x) (((uint64_t)((x)->mentee - emin) << mb) | (x)->mentor)
	kept *a = S->keep, *b = S->keep2;
	size_t cnt[2048];
	for (unsigned sh = 0; sh < bits; sh += 11) {
		memset(cnt, 0, sizeof cnt);
		for (size_t i = 0; i < n; i++)
			cnt[KEEP_KEY(a + i) >> sh & 2047]++;
		size_t sum = 0, whole = 0;
		for (size_t d = 0; d < 2048; d++) {
			size_t c = cnt[d];
			whole |= c == n;
			cnt[d] = sum;
			sum += c;
		}
		if (whole)
			continue;
		for (size_t i = 0; i < n; i++)
			b[cnt[KEEP_KEY(a + i) >> sh & 2047]++] = a[i];
		kept *tmp = a;
		a = b;
		b = tmp;
	}
#undef KEEP_KEY
	if (a != S->keep) {
		size_t cap = S->cap_keep;
		S->keep2 = S->keep;
		S->keep = a;
		S->cap_keep = S->cap_keep2;
		S->cap_keep2 = cap;
	}
}

/* Scores mentee rows[0..nc) and leaves their kept pairs in blk, by
 * (mentee row, mentor row). */
static void chunk_run(scorer *S, const uint32_t *rows, size_t nc, nv_pairs *blk)
{
	const nv_model *M = S->M;
	const nv_table *t = M->t;
	const nv_config *c = M->c;
	int contrib = !S->all && S->p->keep_contrib;
	if (S->K) {
		memset(S->reg_n, 0, nc * sizeof *S->reg_n);
		for (size_t j = 0; j < nc; j++)
			S->thr[j] = S->min_thr;
	}
	S->n_keep = 0;
	for (unsigned f = 0; f < c->n_forms; f++) {
		if (!M->n_mentors[f])
			continue;
		size_t ng = 0;
		for (size_t j = 0; j < nc; j++)
			if (M->mentee_ok[rows[j]] >> f & 1)
				S->group[ng++] = (nv_bucket_entry){
					nv_form_key(&c->form[f], t, rows[j]), rows[j], (uint32_t)j};
		qsort(S->group, ng, sizeof *S->group, entry_cmp);
		const nv_bucket_entry *mb = M->mentors[f];
		size_t nmb = M->n_mentors[f];
		for (size_t g0 = 0; g0 < ng;) {
			size_t g1 = g0 + 1;
			while (g1 < ng && S->group[g1].key == S->group[g0].key)
				g1++;
			size_t m0 = lower_bound(mb, nmb, S->group[g0].key), m1 = m0;
			while (m1 < nmb && mb[m1].key == S->group[g0].key)
				m1++;
			if (m1 > m0)
				score_group(S, f, mb + m0, m1 - m0, S->group + g0, g1 - g0);
			g0 = g1;
		}
	}
	blk->n = 0;
	if (S->K) {
		/* room for K a mentee at once: growing by doubling copied the
		 * block a few times a chunk and faulted fresh pages in */
		pairs_reserve(blk, nc * S->K, contrib);
		for (size_t j = 0; j < nc; j++)
			region_final(S, (uint32_t)j, rows[j], blk, contrib);
		if (contrib)
			nv_score_quantise_n(blk->contrib, blk->n);
	} else {
		keep_sort(S);
		for (size_t k = 0; k < S->n_keep; k++)
			pairs_add(blk, M, S->keep[k].mentor, S->keep[k].mentee,
			          S->keep[k].form, S->keep[k].q, contrib);
	}
	S->st.kept += blk->n;
}

#define MAX_THREADS 16
/* Below this many pairs (a few milliseconds of work) a second thread
 * costs more than it saves: starting it, and on a busy machine waiting
 * for a core to run it on. */
#define SMALL_PAIRS 524288.0

/* The chunks of one call: workers take the next chunk as they get free,
 * into one of WIN block slots; the calling thread emits the blocks in
 * chunk order (and scores chunks itself while the next block is not
 * done), so the output does not depend on the threads and at most WIN
 * blocks wait. A worker a busy machine leaves without a core delays the
 * emission by its chunk alone. */
typedef struct pool {
	pthread_mutex_t lock;
	pthread_cond_t moved; /* a chunk taken or done, a block emitted */
	const nv_model *M;
	size_t chunk, nchunks, win;
	size_t next, emitted; /* chunks taken, blocks emitted */
	int stop;
	nv_pairs **blk; /* win slots: chunk c goes to c % win */
	uint8_t *done;
} pool;

typedef struct worker {
	scorer S;
	pool *P;
	pthread_t tid;
	int started;
} worker;

static void chunk_do(worker *w, size_t c)
{
	pool *P = w->P;
	size_t s0 = c * P->chunk, n = P->M->n_mentee_rows;
	size_t nc = n - s0 < P->chunk ? n - s0 : P->chunk;
	chunk_run(&w->S, P->M->mentee_rows + s0, nc, P->blk[c % P->win]);
}

static void *worker_main(void *arg)
{
	worker *w = arg;
	pool *P = w->P;
	pthread_mutex_lock(&P->lock);
	for (;;) {
		while (!P->stop && P->next < P->nchunks &&
		       P->next >= P->emitted + P->win)
			pthread_cond_wait(&P->moved, &P->lock);
		if (P->stop || P->next >= P->nchunks)
			break;
		size_t c = P->next++;
		pthread_mutex_unlock(&P->lock);
		chunk_do(w, c);
		pthread_mutex_lock(&P->lock);
		P->done[c % P->win] = 1;
		pthread_cond_broadcast(&P->moved);
	}
	pthread_mutex_unlock(&P->lock);
	return NULL;
}

/* Workers: NV_SCORE_THREADS, else the online processors (at most 16). */
static size_t thread_count(void)
{
	const char *env = getenv("NV_SCORE_THREADS");
	long n = env && *env ? atol(env) : sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > MAX_THREADS ? MAX_THREADS : (size_t)n;
}

/* OpenBLAS maps a buffer of its own (128 MiB and a little more) for each
 * thread that calls it, keeps it, and under a memory limit (ulimit -v or
 * -d) with no room for one it retries the map forever: the run hung.
 * Under a limit the scorer runs on the calling thread alone (another
 * thread would need its stack and malloc arena besides the buffer; the
 * answer does not depend on the number). */
static int memory_limited(void)
{
	struct rlimit as, data;
	return getrlimit(RLIMIT_AS, &as) == 0 && getrlimit(RLIMIT_DATA, &data) == 0 &&
	       (as.rlim_cur != RLIM_INFINITY || data.rlim_cur != RLIM_INFINITY);
}

/* With no room for that buffer, the run ends as out of memory does (exit
 * 4); asked right before the first GEMM, once (OpenBLAS keeps it). */
static void blas_buffer_room(void)
{
	enum {
		BUFFER = 130 << 20
	};
	static int held;
	if (!held && !nv_address_space_has(BUFFER))
		nv_out_of_memory(BUFFER, "OpenBLAS's buffer; is ulimit -v or -d too small?");
	held = 1;
}

/* Chunks of mentees go to the workers (the calling thread one of them)
 * through the pool above. The GEMMs run single-threaded inside. */
static int run(const nv_model *M, const nv_score_params *p, int all,
               nv_pairs_fn fn, void *ud, nv_score_stats *stats)
{
	const nv_config *c = M->c;
	double t0 = nv_now();
	/* No mentee can meet more mentors than the largest bucket of each
	 * form together: a K at least that keeps every pair, which the
	 * min_score mode does without candidate regions. */
	size_t most = 0;
	for (size_t f = 0; f < c->n_forms; f++) {
		const nv_bucket_entry *b = M->mentors[f];
		size_t big = 0;
		for (size_t i = 0, j; i < M->n_mentors[f]; i = j) {
			for (j = i + 1; j < M->n_mentors[f] && b[j].key == b[i].key; j++)
				;
			big = j - i > big ? j - i : big;
		}
		most += big;
	}
	size_t K = all ? 0 : p->top_k, R = 0;
	if (K >= most)
		K = 0;
	size_t chunk = CHUNK_MENTEES;
	if (K) {
		/* candidates: 4K per mentee (2K past 1024); a chunk's regions
		 * should stay in the cache (~1 MiB) */
		R = K > 1024 ? 2 * K : 4 * K < 64 ? 64 : 4 * K;
		size_t lim = ((size_t)1 << 20) / (R * sizeof(cand));
		chunk = lim < chunk ? (lim < 16 ? 16 : lim) : chunk;
	}
	/* the processors are asked for only when threads may run: the count
	 * is read from a file on every call, which cost a 256 × 256 block
	 * about a twentieth of its time */
	int limited = memory_limited();
	size_t T = (double)M->n_mentee_rows * (double)most < SMALL_PAIRS || limited
	                   ? 1
	                   : thread_count();
	/* with threads, eight chunks or more each (of 64 mentees or more),
	 * so a slow one holds up little */
	if (T > 1) {
		size_t want = (M->n_mentee_rows + 8 * T - 1) / (8 * T);
		want = want < 64 ? 64 : want;
		chunk = want < chunk ? want : chunk;
	}
	size_t nchunks = (M->n_mentee_rows + chunk - 1) / chunk;
	if (T > nchunks)
		T = nchunks ? nchunks : 1;
	/* The tile GEMMs are small (TILE_E × TILE_M × width): split over
	 * BLAS threads they cost more in hand-offs than they gain, and the
	 * BLAS threads spin while the scan runs, taking the core a worker
	 * needs. The workers are the parallelism; BLAS runs on one thread. */
	int blas_threads = openblas_get_num_threads();
	openblas_set_num_threads(1);
	pool P;
	memset(&P, 0, sizeof P);
	pthread_mutex_init(&P.lock, NULL);
	pthread_cond_init(&P.moved, NULL);
	P.M = M;
	P.chunk = chunk;
	P.nchunks = nchunks;
	P.win = 2 * T;
	P.blk = nv_xcalloc(P.win, sizeof *P.blk);
	P.done = nv_xcalloc(P.win, sizeof *P.done);
	for (size_t i = 0; i < P.win; i++)
		P.blk[i] = block_take();
	worker *W = nv_xcalloc(T, sizeof *W);
	for (size_t i = 0; i < T; i++) {
		scorer_init(&W[i].S, M, p, all, K, R, chunk);
		W[i].P = &P;
	}
	if (limited)
		blas_buffer_room();
	for (size_t i = 1; i < T; i++)
		W[i].started = pthread_create(&W[i].tid, NULL, worker_main, &W[i]) == 0;
	int rc = NV_OK;
	pthread_mutex_lock(&P.lock);
	while (P.emitted < nchunks && rc == NV_OK) {
		size_t slot = P.emitted % P.win;
		if (P.done[slot]) {
			P.done[slot] = 0;
			pthread_mutex_unlock(&P.lock);
			nv_pairs *blk = P.blk[slot];
			if (!(!all && p->keep_contrib) && blk->contrib) {
				free(blk->contrib);
				blk->contrib = NULL;
			}
			if (blk->n)
				rc = fn(ud, blk);
			if (p->progress) {
				size_t done = (P.emitted + 1) * chunk;
				p->progress(p->progress_ud,
				            done >= M->n_mentee_rows
				                ? 1.0
				                : (double)done / (double)M->n_mentee_rows);
			}
			pthread_mutex_lock(&P.lock);
			P.emitted++;
			pthread_cond_broadcast(&P.moved);
		} else if (P.next < nchunks && P.next < P.emitted + P.win) {
			size_t ch = P.next++;
			pthread_mutex_unlock(&P.lock);
			chunk_do(&W[0], ch);
			pthread_mutex_lock(&P.lock);
			P.done[ch % P.win] = 1;
		} else {
			pthread_cond_wait(&P.moved, &P.lock);
		}
	}
	P.stop = 1;
	pthread_cond_broadcast(&P.moved);
	pthread_mutex_unlock(&P.lock);
	for (size_t i = 1; i < T; i++)
		if (W[i].started)
			pthread_join(W[i].tid, NULL);
	nv_score_stats st = {0};
	for (size_t i = 0; i < T; i++) {
		for (size_t f = 0; f < NV_MAX_FORMS; f++) {
			st.eligible_form[f] += W[i].S.st.eligible_form[f];
			st.eligible += W[i].S.st.eligible_form[f];
		}
		st.kept += W[i].S.st.kept;
		st.flops += W[i].S.st.flops;
		scorer_done(&W[i].S);
	}
	for (size_t i = 0; i < P.win; i++)
		block_give(P.blk[i]);
	free(P.blk);
	free(P.done);
	free(W);
	pthread_cond_destroy(&P.moved);
	pthread_mutex_destroy(&P.lock);
	openblas_set_num_threads(blas_threads);
	st.seconds = nv_now() - t0;
	if (stats)
		*stats = st;
	return rc;
}

int nv_score_stream(const nv_model *M, const nv_score_params *p,
                    nv_pairs_fn fn, void *ud, nv_score_stats *stats)
{
	NV_ASSERT(M && p && fn);
	return run(M, p, 0, fn, ud, stats);
}

int nv_score_each(const nv_model *M, nv_pairs_fn fn, void *ud)
{
	NV_ASSERT(M && fn);
	nv_score_params p;
	nv_score_params_init(&p);
	p.keep_contrib = 0;
	return run(M, &p, 1, fn, ud, NULL);
}

static int collect(void *ud, const nv_pairs *b)
{
	nv_pairs *out = ud;
	int contrib = b->contrib != NULL;
	pairs_reserve(out, out->n + b->n, contrib);
	memcpy(out->mentor + out->n, b->mentor, b->n * sizeof *b->mentor);
	memcpy(out->mentee + out->n, b->mentee, b->n * sizeof *b->mentee);
	memcpy(out->form + out->n, b->form, b->n * sizeof *b->form);
	memcpy(out->score + out->n, b->score, b->n * sizeof *b->score);
	if (contrib)
		memcpy(out->contrib + out->n * NV_NTERMS, b->contrib,
		       b->n * NV_NTERMS * sizeof *b->contrib);
	out->n += b->n;
	return 0;
}

int nv_score(const nv_model *M, const nv_score_params *p, nv_pairs **out,
             nv_score_stats *stats)
{
	NV_ASSERT(M && p && out);
	nv_pairs *all = nv_xcalloc(1, sizeof *all);
	int rc = run(M, p, 0, collect, all, stats);
	if (rc != NV_OK) {
		nv_pairs_free(all);
		*out = NULL;
		return rc;
	}
	if (p->keep_contrib && !all->contrib)
		all->contrib = nv_xmalloc(NV_NTERMS * sizeof *all->contrib);
	*out = all;
	return NV_OK;
}
