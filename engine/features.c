/* features.c (the scoring model of SPEC §3: z-scored psych scales with the
 * psych_type one-hot, tag sets, needs and skills, per-person form masks and
 * the per-form mentor buckets; the exact score of a mentee with one mentor
 * or many and the micro-unit quantisation every later stage uses) */
#include "model_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* --- private -------------------------------------------------------------- */

/* Two doubles and their comparison masks, -1 where true (GCC/Clang
 * vector extension: one SSE2 register on x86-64, one NEON register on
 * arm64). */
typedef double v2d __attribute__((vector_size(16)));
typedef long long v2l __attribute__((vector_size(16)));

static int entry_cmp(const void *a, const void *b)
{
	const nv_bucket_entry *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->row < y->row ? -1 : x->row > y->row;
}

/* z-scores column c over the valid consenting rows that have a value
 * (population deviation; a constant column becomes 0, an empty cell 0).
 * The values are first scaled by a power of two that brings the largest
 * magnitude into [0.5, 1): z-scores do not change with the scale, the
 * scaling is exact, and neither the sum of 1e308s overflows nor the
 * squares of deviations like 1e-300 (or the halves of 5e-324) underflow. */
static void zscore_column(nv_model *M, size_t c)
{
	const nv_table *t = M->t;
	const double *v = t->psych + c * t->n;
	double big = 0, lo = INFINITY, hi = -INFINITY;
	size_t cnt = 0;
	for (size_t r = 0; r < t->n; r++) {
		if (t->status[r] != NV_ROW_OK || isnan(v[r]))
			continue;
		big = fabs(v[r]) > big ? fabs(v[r]) : big;
		lo = v[r] < lo ? v[r] : lo;
		hi = v[r] > hi ? v[r] : hi;
		cnt++;
	}
	int e = 0;
	frexp(big, &e);
	/* the scaled values into the z column, then z-scored in place */
	double *z = M->z + c, sum = 0;
	for (size_t r = 0; r < t->n; r++) {
		int ok = t->status[r] == NV_ROW_OK && !isnan(v[r]);
		z[r * M->P] = ok ? ldexp(v[r], -e) : NAN;
		sum += ok ? z[r * M->P] : 0;
	}
	double mean = cnt ? sum / (double)cnt : 0, ss = 0;
	for (size_t r = 0; r < t->n; r++)
		if (!isnan(z[r * M->P]))
			ss += (z[r * M->P] - mean) * (z[r * M->P] - mean);
	double sd = cnt && hi > lo ? sqrt(ss / (double)cnt) : 0;
	for (size_t r = 0; r < t->n; r++)
		z[r * M->P] = sd > 0 && !isnan(z[r * M->P]) ? (z[r * M->P] - mean) / sd : 0;
}

static size_t intersect(const uint32_t *a, size_t na, const uint32_t *b,
                        size_t nb)
{
	size_t i = 0, j = 0, k = 0;
	while (i < na && j < nb) { /* no branch on the tags' order */
		uint32_t x = a[i], y = b[j];
		k += x == y;
		i += x <= y;
		j += y <= x;
	}
	return k;
}

/* |A∩B| / sqrt(|A|·|B|), in one place for the table and the rest */
static inline double tag_cos_of(size_t k, size_t na, size_t nb)
{
	return (double)k / sqrt((double)na * (double)nb);
}

static inline double tag_cos(const nv_model *M, const size_t *off, const uint32_t *tags, size_t m,
                             size_t e)
{
	size_t na = off[m + 1] - off[m], nb = off[e + 1] - off[e];
	if (!na || !nb)
		return 0;
	size_t k = intersect(tags + off[m], na, tags + off[e], nb); /* k <= na, nb */
	if (na < NV_TAGCOS && nb < NV_TAGCOS)
		return M->tagcos[na][nb][k];
	return tag_cos_of(k, na, nb);
}

/* llround(x) and (int64_t)floor(x) without the library calls, for the
 * micro-units quantisation meets: for |x| < 2^52 the truncation is exact
 * and so is x less it. Anything else goes to the library. */
#define EXACT_INT_LIMIT 4503599627370496.0 /* 2^52 */

static inline int64_t round_half_away(double x)
{
	if (!(fabs(x) < EXACT_INT_LIMIT))
		return llround(x);
	int64_t r = (int64_t)x;
	double frac = x - (double)r;
	return r + (frac >= 0.5) - (frac <= -0.5);
}

static inline int64_t floor_int(double x)
{
	if (!(fabs(x) < EXACT_INT_LIMIT))
		return (int64_t)floor(x);
	int64_t r = (int64_t)x;
	return r - ((double)r > x);
}

/* floor and round_half_away two lanes at a time, for |x| < 2^51 only:
 * adding and taking away 1.5 · 2^52 rounds x to an integer (to the
 * nearest, the rounding in force), exactly. A whole number comes out as
 * +0, never -0, as the conversion of an integer does. */
#define VEC_INT_LIMIT 2251799813685248.0 /* 2^51 */
#define ROUND_MAGIC 6755399441055744.0   /* 1.5 · 2^52 */

static inline v2d ones_where(v2l m)
{
	return (v2d)(m & (v2l)(v2d){1, 1});
}

static inline v2d vabs(v2d x)
{
	return (v2d)((v2l)x & (v2l){INT64_MAX, INT64_MAX});
}

static inline v2d floor_v(v2d x)
{
	v2d r = (x + ROUND_MAGIC) - ROUND_MAGIC;
	return r - ones_where(r > x);
}

/* round_half_away, but -0 for what rounds to 0 from below */
static inline v2d round_half_away_v(v2d x)
{
	v2d ax = vabs(x), r = floor_v(ax);
	r += ones_where(ax - r >= 0.5);
	return (v2d)((v2l)r | ((v2l)x & ~(v2l){INT64_MAX, INT64_MAX}));
}

/* --- API ------------------------------------------------------------------ */

nv_model *nv_model_new(const nv_table *t, const nv_config *c)
{
	NV_ASSERT(t && c && c->n_forms <= NV_MAX_FORMS);
	nv_model *M = nv_xcalloc(1, sizeof *M);
	M->t = t;
	M->c = c;
	M->n = t->n;
	/* only the shares count: weights scaled by a power of two (exact)
	 * into [0.5, 1) at most, so that four 1e308s do not add up to an
	 * overflow nor denormal ones lose their ratios */
	double w[NV_NTERMS] = {c->w.psych, c->w.subjects, c->w.goals, c->w.needs};
	double big = 0;
	for (int k = 0; k < NV_NTERMS; k++)
		big = w[k] > big ? w[k] : big;
	int e = 0;
	frexp(big, &e);
	for (int k = 0; k < NV_NTERMS; k++)
		w[k] = ldexp(w[k], -e);
	double W = w[0] + w[1] + w[2] + w[3];
	NV_ASSERT(W > 0);
	for (int k = 0; k < NV_NTERMS; k++)
		M->share[k] = w[k] / W;

	for (size_t na = 1; na < NV_TAGCOS; na++)
		for (size_t nb = 1; nb < NV_TAGCOS; nb++)
			for (size_t k = 0; k < NV_TAGCOS; k++)
				M->tagcos[na][nb][k] = tag_cos_of(k, na, nb);

	size_t n = t->n;
	M->P = t->n_psych;
	M->z = nv_xmalloc((n * M->P > 0 ? n * M->P : 1) * sizeof *M->z);
	for (size_t col = 0; col < M->P; col++)
		zscore_column(M, col);
	M->znorm2 = nv_xmalloc((n ? n : 1) * sizeof *M->znorm2);
	M->needsum = nv_xmalloc((n ? n : 1) * sizeof *M->needsum);
	for (size_t r = 0; r < n; r++) {
		double s = t->psych_type[r] >= 0 ? 1 : 0;
		for (size_t col = 0; col < M->P; col++)
			s += M->z[r * M->P + col] * M->z[r * M->P + col];
		M->znorm2[r] = s;
		double ns = 0;
		for (size_t a = 0; a < t->n_area; a++)
			ns += t->need[a * n + r];
		M->needsum[r] = ns;
	}

	for (size_t f = 0; f < c->n_forms; f++) {
		if (c->form[f].same_org)
			M->org_forms |= UINT64_C(1) << f;
		if (c->form[f].same_district)
			M->district_forms |= UINT64_C(1) << f;
	}
	int *map = nv_form_name_map(c, t);
	M->mentor_ok = nv_xcalloc(n ? n : 1, sizeof *M->mentor_ok);
	M->mentee_ok = nv_xcalloc(n ? n : 1, sizeof *M->mentee_ok);
	size_t cnt[NV_MAX_FORMS] = {0};
	for (size_t r = 0; r < n; r++) {
		M->mentor_ok[r] = nv_form_side_mask(c, t, r, NV_MENTOR, map);
		M->mentee_ok[r] = nv_form_side_mask(c, t, r, NV_MENTEE, map);
		for (uint64_t b = M->mentor_ok[r]; b; b &= b - 1)
			cnt[__builtin_ctzll(b)]++;
		if (M->mentee_ok[r])
			M->n_mentee_rows++;
	}
	free(map);
	for (size_t f = 0; f < c->n_forms; f++)
		M->mentors[f] = nv_xmalloc((cnt[f] ? cnt[f] : 1) * sizeof(nv_bucket_entry));
	M->mentee_rows = nv_xmalloc((M->n_mentee_rows ? M->n_mentee_rows : 1) *
	                            sizeof *M->mentee_rows);
	size_t ne = 0;
	for (size_t r = 0; r < n; r++) {
		for (uint64_t b = M->mentor_ok[r]; b; b &= b - 1) {
			unsigned f = (unsigned)__builtin_ctzll(b);
			M->mentors[f][M->n_mentors[f]++] = (nv_bucket_entry){
				nv_form_key(&c->form[f], t, r), (uint32_t)r, 0};
		}
		if (M->mentee_ok[r])
			M->mentee_rows[ne++] = (uint32_t)r;
	}
	for (size_t f = 0; f < c->n_forms; f++)
		qsort(M->mentors[f], M->n_mentors[f], sizeof(nv_bucket_entry), entry_cmp);
	return M;
}

void nv_model_free(nv_model *M)
{
	if (!M)
		return;
	free(M->z);
	free(M->znorm2);
	free(M->needsum);
	free(M->mentor_ok);
	free(M->mentee_ok);
	for (size_t f = 0; f < NV_MAX_FORMS; f++)
		free(M->mentors[f]);
	free(M->mentee_rows);
	free(M);
}

double nv_score_pair_exact(const nv_model *M, size_t m, size_t e,
                           double contrib[NV_NTERMS])
{
	NV_ASSERT(m < M->n && e < M->n);
	uint32_t row = (uint32_t)m;
	double s;
	nv_score_row_exact(M, e, &row, 1, contrib, &s);
	return s;
}

void nv_score_row_exact(const nv_model *M, size_t e, const uint32_t *mentor, size_t n,
                        double *contrib, double *score)
{
	const nv_table *t = M->t;
	NV_ASSERT(e < M->n);
	/* the mentee's side and the sizes, read once (the stores below could
	 * alias them for the compiler) */
	const size_t P = M->P, N = M->n, A = t->n_area;
	const double *ze = M->z + e * P, *need_e = t->need + e;
	const double zn_e = M->znorm2[e], needsum_e = M->needsum[e];
	const double sh0 = M->share[0], sh1 = M->share[1], sh2 = M->share[2], sh3 = M->share[3];
	const int32_t type_e = t->psych_type[e];
	/* two pairs at a time, one a lane (the last one twice when n is odd):
	 * each lane does the operations of one pair in their order, so the
	 * numbers do not depend on the lane or on n; what has no vector form
	 * (the tag lists, the square root) goes lane by lane */
	for (size_t i = 0; i < n; i += 2) {
		size_t m[2] = {mentor[i], mentor[i + 1 < n ? i + 1 : i]};
		NV_ASSERT(m[0] < N && m[1] < N);
		const double *z0 = M->z + m[0] * P, *z1 = M->z + m[1] * P;
		v2d dot = {0, 0};
		for (size_t col = 0; col < P; col++)
			dot += (v2d){z0[col], z1[col]} * ze[col];
		v2d cos = {0, 0}, term[NV_NTERMS], needs = {0, 0};
		for (int l = 0; l < 2; l++) {
			if (type_e >= 0 && t->psych_type[m[l]] == type_e)
				dot[l] += 1;
			if (M->znorm2[m[l]] > 0 && zn_e > 0)
				cos[l] = dot[l] / sqrt(M->znorm2[m[l]] * zn_e);
			term[NV_SUBJECTS][l] = tag_cos(M, t->subj_off, t->subj, m[l], e);
			term[NV_GOALS][l] = tag_cos(M, t->goal_off, t->goal, m[l], e);
		}
		term[NV_PSYCH] = (1 + cos) / 2;
		if (needsum_e > 0) {
			const double *s0 = t->skill + m[0], *s1 = t->skill + m[1];
			for (size_t a = 0; a < A; a++)
				needs += need_e[a * N] * (v2d){s0[a * N], s1[a * N]};
			needs /= needsum_e;
		}
		term[NV_NEEDS] = needs;
		v2d c0 = sh0 * term[0], c1 = sh1 * term[1], c2 = sh2 * term[2], c3 = sh3 * term[3];
		v2d sum = 0 + c0 + c1 + c2 + c3; /* from 0, as a scalar sum goes */
		for (int l = 0; l < 2 && i + (size_t)l < n; l++) {
			double *c = contrib + (i + (size_t)l) * NV_NTERMS;
			c[0] = c0[l], c[1] = c1[l], c[2] = c2[l], c[3] = c3[l];
			score[i + (size_t)l] = sum[l];
		}
	}
}

/* nv_score_quantise's rare cases, a unit at a time: more than four units
 * to give (or remainders that are not numbers), or floors above the
 * total by float noise. */
static void quantise_rare(int64_t unit[NV_NTERMS], double rem[NV_NTERMS], int64_t left,
                          int64_t over)
{
	for (; left > 0; left--) {
		int best = 0;
		for (int k = 1; k < NV_NTERMS; k++)
			if (rem[k] > rem[best])
				best = k;
		unit[best]++;
		rem[best] = -1;
	}
	/* the floors above the total: take it back from the smallest
	 * remainders */
	for (; over > 0; over--) {
		int worst = -1;
		for (int k = 0; k < NV_NTERMS; k++)
			if (unit[k] > 0 && (worst < 0 || rem[k] < rem[worst]))
				worst = k;
		unit[worst]--;
		rem[worst] = 2;
	}
}

/* The terms are spelled out one by one: kept in registers, they are not
 * stored one at a time and read back two at a time, which stalls. */
double nv_score_quantise(double contrib[NV_NTERMS])
{
	_Static_assert(NV_NTERMS == 4, "nv_score_quantise spells out four terms");
	double exact = 0;
	for (int k = 0; k < NV_NTERMS; k++)
		exact += contrib[k];
	int64_t total = round_half_away(exact * 1e6);
	double x0 = contrib[0] * 1e6, x1 = contrib[1] * 1e6, x2 = contrib[2] * 1e6,
	       x3 = contrib[3] * 1e6;
	int64_t u0 = floor_int(x0), u1 = floor_int(x1), u2 = floor_int(x2), u3 = floor_int(x3);
	double r0 = x0 - (double)u0, r1 = x1 - (double)u1, r2 = x2 - (double)u2,
	       r3 = x3 - (double)u3;
	int64_t sum = u0 + u1 + u2 + u3, left = total - sum;
	if (left > 0 && left <= NV_NTERMS && !isnan(r0 + r1 + r2 + r3)) {
		/* Largest remainders first, lower term on ties; at most 4
		 * units. A term gets one when fewer than `left` terms come
		 * before it in that order: the earlier terms at or above its
		 * remainder and the later ones above it. */
		u0 += (int64_t)((r1 > r0) + (r2 > r0) + (r3 > r0)) < left;
		u1 += (int64_t)((r0 >= r1) + (r2 > r1) + (r3 > r1)) < left;
		u2 += (int64_t)((r0 >= r2) + (r1 >= r2) + (r3 > r2)) < left;
		u3 += (int64_t)((r0 >= r3) + (r1 >= r3) + (r2 >= r3)) < left;
	} else if (left != 0) {
		/* finite contributions of a score in [0, 1] are a few units
		 * off at most; NaN or a huge value would loop for ages */
		NV_ASSERT(left <= 2 * NV_NTERMS && sum - total <= 2 * NV_NTERMS);
		int64_t unit[NV_NTERMS] = {u0, u1, u2, u3};
		double rem[NV_NTERMS] = {r0, r1, r2, r3};
		quantise_rare(unit, rem, left, sum - total);
		u0 = unit[0], u1 = unit[1], u2 = unit[2], u3 = unit[3];
	}
	contrib[0] = (double)u0 / 1e6;
	contrib[1] = (double)u1 / 1e6;
	contrib[2] = (double)u2 / 1e6;
	contrib[3] = (double)u3 / 1e6;
	return (double)total / 1e6;
}

void nv_score_quantise_n(double *contrib, size_t n)
{
	_Static_assert(NV_NTERMS == 4, "nv_score_quantise_n spells out four terms");
	size_t i = 0;
	for (; i + 2 <= n; i += 2) {
		/* pair a in lane 0, pair b in lane 1: nv_score_quantise's steps,
		 * with the units as whole doubles */
		double *a = contrib + i * NV_NTERMS, *b = a + NV_NTERMS;
		v2d c0 = {a[0], b[0]}, c1 = {a[1], b[1]}, c2 = {a[2], b[2]}, c3 = {a[3], b[3]};
		v2d exact = 0 + c0 + c1 + c2 + c3;
		v2d xt = exact * 1e6, x0 = c0 * 1e6, x1 = c1 * 1e6, x2 = c2 * 1e6, x3 = c3 * 1e6;
		v2l small = (vabs(xt) < VEC_INT_LIMIT) & (vabs(x0) < VEC_INT_LIMIT) &
		            (vabs(x1) < VEC_INT_LIMIT) & (vabs(x2) < VEC_INT_LIMIT) &
		            (vabs(x3) < VEC_INT_LIMIT);
		v2d total = round_half_away_v(xt);
		v2d u0 = floor_v(x0), u1 = floor_v(x1), u2 = floor_v(x2), u3 = floor_v(x3);
		v2d r0 = x0 - u0, r1 = x1 - u1, r2 = x2 - u2, r3 = x3 - u3;
		/* whole numbers under 2^53 all along: exact as doubles */
		v2d left = total - (u0 + u1 + u2 + u3);
		v2l easy = small & (left >= 0) & (left <= NV_NTERMS);
		if (!(easy[0] & easy[1])) {
			/* large, not numbers, or units to take back: one by one */
			nv_score_quantise(a);
			nv_score_quantise(b);
			continue;
		}
		u0 += ones_where(ones_where(r1 > r0) + ones_where(r2 > r0) + ones_where(r3 > r0) <
		                 left);
		u1 += ones_where(ones_where(r0 >= r1) + ones_where(r2 > r1) + ones_where(r3 > r1) <
		                 left);
		u2 += ones_where(ones_where(r0 >= r2) + ones_where(r1 >= r2) + ones_where(r3 > r2) <
		                 left);
		u3 += ones_where(ones_where(r0 >= r3) + ones_where(r1 >= r3) + ones_where(r2 >= r3) <
		                 left);
		c0 = u0 / 1e6, c1 = u1 / 1e6, c2 = u2 / 1e6, c3 = u3 / 1e6;
		a[0] = c0[0], a[1] = c1[0], a[2] = c2[0], a[3] = c3[0];
		b[0] = c0[1], b[1] = c1[1], b[2] = c2[1], b[3] = c3[1];
	}
	if (i < n)
		nv_score_quantise(contrib + i * NV_NTERMS);
}

double nv_model_share(const nv_model *M, int k)
{
	NV_ASSERT(M && k >= 0 && k < NV_NTERMS);
	return M->share[k];
}

int nv_model_psych_known(const nv_model *M, size_t row)
{
	NV_ASSERT(M && row < M->n);
	return M->znorm2[row] > 0;
}

double nv_score_pair(const nv_model *M, size_t m, size_t e,
                     double contrib[NV_NTERMS])
{
	nv_score_pair_exact(M, m, e, contrib);
	return nv_score_quantise(contrib);
}
