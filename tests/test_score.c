/* test_score.c (SPEC §3 scores: the tiled GEMM kernel against a plain
 * double loop written here from the SPEC text, hand-computed terms, the
 * micro-unit quantisation, min_score and top-K selection) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "engine.h"
#include "model_internal.h"
#include "score_tables.h"

/* --- a reference straight from SPEC §2 and §3 ------------------------------ */

typedef struct ref {
	const nv_table *t;
	const nv_config *c;
	double *z; /* n × (n_psych) z-scores */
} ref;

static void ref_init(ref *R, const nv_table *t, const nv_config *c)
{
	R->t = t;
	R->c = c;
	size_t n = t->n, P = t->n_psych;
	R->z = calloc(n * P + 1, sizeof *R->z);
	for (size_t col = 0; col < P; col++) {
		const double *v = t->psych + col * n;
		double sum = 0;
		size_t cnt = 0;
		int constant = 1;
		double first = NAN;
		for (size_t r = 0; r < n; r++)
			if (t->status[r] == NV_ROW_OK && !isnan(v[r])) {
				sum += v[r];
				cnt++;
				if (isnan(first))
					first = v[r];
				else if (v[r] != first)
					constant = 0;
			}
		double mean = cnt ? sum / cnt : 0, var = 0;
		for (size_t r = 0; r < n; r++)
			if (t->status[r] == NV_ROW_OK && !isnan(v[r]))
				var += (v[r] - mean) * (v[r] - mean) / cnt;
		double sd = constant ? 0 : sqrt(var);
		for (size_t r = 0; r < n; r++)
			R->z[r * P + col] = (sd > 0 && t->status[r] == NV_ROW_OK && !isnan(v[r]))
			                        ? (v[r] - mean) / sd
			                        : 0;
	}
}

static void ref_done(ref *R)
{
	free(R->z);
}

static int has_tag(const size_t *off, const uint32_t *tags, size_t r, uint32_t x)
{
	for (size_t k = off[r]; k < off[r + 1]; k++)
		if (tags[k] == x)
			return 1;
	return 0;
}

static double ref_tags(const size_t *off, const uint32_t *tags, size_t m, size_t e)
{
	size_t na = off[m + 1] - off[m], nb = off[e + 1] - off[e], both = 0;
	if (!na || !nb)
		return 0;
	for (size_t k = off[m]; k < off[m + 1]; k++)
		both += has_tag(off, tags, e, tags[k]);
	return both / sqrt((double)(na * nb));
}

/* Unquantised contributions and score of (m, e). */
static double ref_score(const ref *R, size_t m, size_t e, double contrib[4])
{
	const nv_table *t = R->t;
	size_t P = t->n_psych, T = nv_vocab_count(t->psych_types);
	/* vectors of P + T entries: z then the one-hot of psych_type */
	double dot = 0, nm = 0, ne = 0;
	for (size_t k = 0; k < P + T; k++) {
		double a = k < P ? R->z[m * P + k] : (t->psych_type[m] == (int32_t)(k - P));
		double b = k < P ? R->z[e * P + k] : (t->psych_type[e] == (int32_t)(k - P));
		dot += a * b;
		nm += a * a;
		ne += b * b;
	}
	double cos = nm > 0 && ne > 0 ? dot / (sqrt(nm) * sqrt(ne)) : 0;
	double term[4];
	term[0] = (1 + cos) / 2;
	term[1] = ref_tags(t->subj_off, t->subj, m, e);
	term[2] = ref_tags(t->goal_off, t->goal, m, e);
	double num = 0, den = 0;
	for (size_t a = 0; a < t->n_area; a++) {
		num += t->need[a * t->n + e] * t->skill[a * t->n + m];
		den += t->need[a * t->n + e];
	}
	term[3] = den > 0 ? num / den : 0;
	const nv_weights *w = &R->c->w;
	double wk[4] = {w->psych, w->subjects, w->goals, w->needs};
	double W = wk[0] + wk[1] + wk[2] + wk[3], s = 0;
	for (int k = 0; k < 4; k++) {
		contrib[k] = wk[k] * term[k] / W;
		s += contrib[k];
	}
	return (wk[0] * term[0] + wk[1] * term[1] + wk[2] * term[2] + wk[3] * term[3]) / W;
	(void)s;
}

/* Rule 12: score in micro-units rounded; contributions floored, then the
 * missing units go to the largest remainders (lower term first on ties). */
static long ref_quantise(const double contrib[4], long unit[4])
{
	double exact = contrib[0] + contrib[1] + contrib[2] + contrib[3];
	long total = lround(exact * 1e6), sum = 0;
	double rem[4];
	for (int k = 0; k < 4; k++) {
		unit[k] = (long)floor(contrib[k] * 1e6);
		rem[k] = contrib[k] * 1e6 - unit[k];
		sum += unit[k];
	}
	while (sum < total) {
		int best = 0;
		for (int k = 1; k < 4; k++)
			if (rem[k] > rem[best])
				best = k;
		unit[best]++;
		rem[best] = -1;
		sum++;
	}
	return total;
}

/* The pair's form from SPEC §2 directly; -1 when none. */
static int ref_form(const ref *R, size_t m, size_t e)
{
	const nv_table *t = R->t;
	if (t->status[m] != NV_ROW_OK || t->status[e] != NV_ROW_OK ||
	    t->role[m] != NV_MENTOR || t->role[e] != NV_MENTEE)
		return -1;
	for (size_t f = 0; f < R->c->n_forms; f++) {
		const nv_form *F = &R->c->form[f];
		const char *name = F->name;
		int acc_m = t->form_off[m] == t->form_off[m + 1],
		    acc_e = t->form_off[e] == t->form_off[e + 1];
		for (size_t k = t->form_off[m]; k < t->form_off[m + 1]; k++)
			acc_m |= !strcmp(nv_vocab_name(t->form_names, t->form[k]), name);
		for (size_t k = t->form_off[e]; k < t->form_off[e + 1]; k++)
			acc_e |= !strcmp(nv_vocab_name(t->form_names, t->form[k]), name);
		if (!acc_m || !acc_e)
			continue;
		if (F->mentor_category >= 0 && t->category[m] != F->mentor_category)
			continue;
		if (F->mentee_category >= 0 && t->category[e] != F->mentee_category)
			continue;
		int ok = 1;
		const nv_range *rg[4] = {&F->mentor_age, &F->mentee_age, &F->mentor_exp,
		                         &F->mentee_exp};
		double v[4] = {t->age[m] < 0 ? NAN : t->age[m],
		               t->age[e] < 0 ? NAN : t->age[e], t->experience[m],
		               t->experience[e]};
		for (int k = 0; k < 4; k++) {
			if (isinf(rg[k]->lo) && isinf(rg[k]->hi))
				continue; /* no rule */
			if (isnan(v[k]) || v[k] < rg[k]->lo || v[k] > rg[k]->hi)
				ok = 0;
		}
		if (F->same_org && t->org[m] != t->org[e])
			ok = 0;
		if (F->same_district && t->district[m] != t->district[e])
			ok = 0;
		if (ok)
			return (int)f;
	}
	return -1;
}

/* --- random populations ----------------------------------------------------- */

static uint64_t rng_state;
static uint32_t rnd(uint32_t n)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)((rng_state >> 33) % n);
}

static const char *pick(const char *const *words, size_t n)
{
	return words[rnd((uint32_t)n)];
}

#define NP 3
#define NA 3

static nv_table *random_table(size_t n, uint64_t seed)
{
	static const char *orgs[] = {"s1", "s2", "s3", "c1"};
	static const char *districts[] = {"d1", "d2", ""};
	static const char *subjects[] = {"",           "math",         "math|physics",
	                                 "physics|art", "bio|math|art", "history",
	                                 "art"};
	static const char *goals[] = {"", "olymp", "olymp|career", "career", "social"};
	static const char *types[] = {"", "sanguine", "choleric", "phlegmatic"};
	static const char *forms[] = {"", "", "", "", "teacher-student",
	                              "student-student|college-student", "nosuch"};
	static char ids[4096][24]; /* ids repeat past 4096 rows: fine here */
	rng_state = seed;
	st_person *ps = calloc(n, sizeof *ps);
	for (size_t r = 0; r < n; r++) {
		st_person *p = &ps[r];
		st_person_init(p);
		snprintf(ids[r % 4096], sizeof ids[0], "p%zu", r);
		p->id = ids[r % 4096];
		p->role = rnd(3) ? NV_MENTEE : NV_MENTOR;
		p->category = (int)rnd(NV_NCATEGORIES);
		if (p->role == NV_MENTEE && rnd(2))
			p->category = NV_STUDENT;
		p->org = pick(orgs, 4);
		p->district = pick(districts, 3);
		if (p->category == NV_STUDENT || p->category == NV_COLLEGE_STUDENT)
			p->age = 8 + (int)rnd(13);
		if (p->category == NV_TEACHER)
			p->experience = rnd(13) * 0.5;
		p->subjects = pick(subjects, 7);
		p->goals = pick(goals, 5);
		p->type = pick(types, 4);
		p->forms = pick(forms, 7);
		for (int c = 0; c < NP; c++)
			p->psych[c] = rnd(5) ? (double)rnd(1000) / 100.0 : NAN;
		p->psych[2] = rnd(4) ? 7.5 : NAN; /* a constant column */
		for (int a = 0; a < NA; a++) {
			p->need[a] = rnd(3) ? rnd(101) / 100.0 : 0;
			p->skill[a] = rnd(101) / 100.0;
		}
		uint32_t s = rnd(20);
		p->status = s == 0 ? NV_ROW_NO_CONSENT : s == 1 ? NV_ROW_INVALID : NV_ROW_OK;
	}
	nv_table *t = st_build(ps, n, NP, NA);
	free(ps);
	return t;
}

/* --- tests ------------------------------------------------------------------ */

static void exact_scores_agree_with_the_double_loop(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed <= 3; seed++) {
		nv_table *t = random_table(400, seed);
		nv_config c;
		nv_config_init(&c);
		if (seed == 2)
			c.w = (nv_weights){1, 0, 2, 0.5};
		ref R;
		ref_init(&R, t, &c);
		nv_model *M = nv_model_new(t, &c);
		size_t checked = 0;
		for (size_t m = 0; m < t->n; m++)
			for (size_t e = 0; e < t->n; e++) {
				if (t->status[m] != NV_ROW_OK || t->status[e] != NV_ROW_OK)
					continue;
				double a[4], b[4];
				double sa = nv_score_pair_exact(M, m, e, a);
				double sb = ref_score(&R, m, e, b);
				assert_true(fabs(sa - sb) <= 1e-9);
				for (int k = 0; k < 4; k++)
					assert_true(fabs(a[k] - b[k]) <= 1e-9);
				assert_true(sa >= 0 && sa <= 1 + 1e-12);
				checked++;
			}
		assert_true(checked > 10000);
		nv_model_free(M);
		ref_done(&R);
		nv_config_done(&c);
		st_free(t);
	}
}

static void eligible_set_equals_the_brute_force_one(void **state)
{
	(void)state;
	for (uint64_t seed = 11; seed <= 13; seed++) {
		/* seed 13: a form for anyone anywhere after the built-ins, so one
		 * bucket spans several GEMM tiles both ways */
		nv_table *t = random_table(seed == 13 ? 1600 : 500, seed);
		nv_config c;
		nv_config_init(&c);
		if (seed == 13) {
			nv_form *f = &c.form[c.n_forms++];
			*f = c.form[0];
			snprintf(f->name, sizeof f->name, "%s", "anywhere");
			f->builtin = 0;
			f->same_org = 0;
			f->mentor_category = f->mentee_category = -1;
			f->mentor_age = f->mentee_age = (nv_range){-INFINITY, INFINITY};
		}
		ref R;
		ref_init(&R, t, &c);
		nv_model *M = nv_model_new(t, &c);
		nv_score_params p;
		nv_score_params_init(&p);
		nv_pairs *out = NULL;
		nv_score_stats st;
		assert_int_equal(nv_score(M, &p, &out, &st), NV_OK);
		size_t k = 0, n_elig = 0;
		/* out is sorted by (mentee, mentor): walk the same order */
		for (size_t e = 0; e < t->n; e++)
			for (size_t m = 0; m < t->n; m++) {
				int f = ref_form(&R, m, e);
				assert_int_equal(nv_pair_form(&c, t, m, e), f);
				if (f < 0)
					continue;
				n_elig++;
				assert_true(k < out->n);
				assert_int_equal(out->mentee[k], e);
				assert_int_equal(out->mentor[k], m);
				assert_int_equal(out->form[k], f);
				double b[4];
				long unit[4];
				ref_score(&R, m, e, b);
				long total = ref_quantise(b, unit);
				assert_true(out->score[k] == total / 1e6);
				long sum = 0;
				for (int j = 0; j < 4; j++) {
					assert_true(out->contrib[k * 4 + j] == unit[j] / 1e6);
					sum += llround(out->contrib[k * 4 + j] * 1e6);
				}
				assert_int_equal(sum, total);
				k++;
			}
		assert_int_equal(k, out->n);
		assert_true(n_elig > 100);
		assert_int_equal(st.eligible, n_elig);
		assert_int_equal(st.kept, n_elig);
		assert_true(st.flops > 0);
		nv_pairs_free(out);
		nv_model_free(M);
		ref_done(&R);
		nv_config_done(&c);
		st_free(t);
	}
}

typedef struct bf {
	uint32_t m;
	long q;
} bf;

static int bf_cmp(const void *a, const void *b)
{
	const bf *x = a, *y = b;
	if (x->q != y->q)
		return x->q > y->q ? -1 : 1;
	return x->m < y->m ? -1 : x->m > y->m;
}

static int u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* Brute-force best K per mentee (or all >= min when k = 0) vs nv_score. */
static void check_selection(const nv_table *t, const nv_config *c, size_t K,
                            double min_score)
{
	ref R;
	ref_init(&R, t, c);
	nv_model *M = nv_model_new(t, c);
	nv_score_params p;
	nv_score_params_init(&p);
	p.top_k = K;
	p.min_score = min_score;
	nv_pairs *out = NULL;
	assert_int_equal(nv_score(M, &p, &out, NULL), NV_OK);
	bf *cand = malloc(t->n * sizeof *cand);
	uint32_t *want = malloc(t->n * sizeof *want);
	size_t k = 0;
	for (size_t e = 0; e < t->n; e++) {
		size_t nc = 0;
		for (size_t m = 0; m < t->n; m++) {
			if (ref_form(&R, m, e) < 0)
				continue;
			double b[4];
			long unit[4];
			ref_score(&R, m, e, b);
			long q = ref_quantise(b, unit);
			if (q / 1e6 >= min_score)
				cand[nc++] = (bf){(uint32_t)m, q};
		}
		qsort(cand, nc, sizeof *cand, bf_cmp);
		size_t keep = K && nc > K ? K : nc;
		for (size_t i = 0; i < keep; i++)
			want[i] = cand[i].m;
		qsort(want, keep, sizeof *want, u32_cmp);
		for (size_t i = 0; i < keep; i++, k++) {
			assert_true(k < out->n);
			assert_int_equal(out->mentee[k], e);
			assert_int_equal(out->mentor[k], want[i]);
		}
	}
	assert_int_equal(k, out->n);
	free(cand);
	free(want);
	nv_pairs_free(out);
	nv_model_free(M);
	ref_done(&R);
}

static void top_k_equals_the_brute_force_top_k(void **state)
{
	(void)state;
	nv_table *t = random_table(600, 21);
	nv_config c;
	nv_config_init(&c);
	check_selection(t, &c, 1, 0);
	check_selection(t, &c, 3, 0);
	check_selection(t, &c, 7, 0.45);
	check_selection(t, &c, 40, 0);       /* K above most mentees' choice */
	check_selection(t, &c, 1000000, 0.3); /* K above anyone's: all kept */
	nv_config_done(&c);
	st_free(t);
}

static void min_score_keeps_exactly_the_pairs_at_or_above(void **state)
{
	(void)state;
	nv_table *t = random_table(500, 31);
	nv_config c;
	nv_config_init(&c);
	check_selection(t, &c, 0, 0.5);
	check_selection(t, &c, 0, 0.62);
	check_selection(t, &c, 0, 1.0); /* nothing kept */
	check_selection(t, &c, 3, 1.0);
	nv_config_done(&c);
	st_free(t);
}

/* Ties: equal scores keep the lower mentor rows, whatever the tiles. */
static void top_k_breaks_ties_by_lower_mentor_row(void **state)
{
	(void)state;
	enum { N = 700 };
	st_person *ps = calloc(N, sizeof *ps);
	for (size_t r = 0; r < N; r++) {
		st_person_init(&ps[r]);
		ps[r].role = r < N - 1 ? NV_MENTOR : NV_MENTEE;
		ps[r].category = r < N - 1 ? NV_TEACHER : NV_STUDENT;
		ps[r].age = r < N - 1 ? -1 : 12;
	}
	nv_table *t = st_build(ps, N, 0, 0);
	nv_config c;
	nv_config_init(&c);
	nv_model *M = nv_model_new(t, &c);
	nv_score_params p;
	nv_score_params_init(&p);
	p.top_k = 5;
	nv_pairs *out = NULL;
	assert_int_equal(nv_score(M, &p, &out, NULL), NV_OK);
	assert_int_equal(out->n, 5);
	for (uint32_t i = 0; i < 5; i++) {
		assert_int_equal(out->mentor[i], i);
		assert_true(out->score[i] == 0.175); /* psych 1/2 × 0.35 */
	}
	nv_pairs_free(out);
	nv_model_free(M);
	nv_config_done(&c);
	st_free(t);
	free(ps);
}

/* Top K: the K-th best of each mentee is the last mentor row, in the last
 * mentor tile, after hundreds of weaker pairs filled the earlier tiles, so
 * a threshold carried across tiles must still let it in. */
static void top_k_finds_a_kth_best_that_only_a_late_tile_holds(void **state)
{
	(void)state;
	enum { NM = 1000, NE = 3, K = 5 };
	st_person *ps = calloc(NM + NE, sizeof *ps);
	rng_state = 5;
	for (size_t r = 0; r < NM + NE; r++) {
		st_person_init(&ps[r]);
		int mentor = r < NM;
		ps[r].role = mentor ? NV_MENTOR : NV_MENTEE;
		ps[r].category = mentor ? NV_TEACHER : NV_STUDENT;
		ps[r].age = mentor ? -1 : 12;
		/* mentees: four subjects; mentors: all four (rows 0..K-2), one
		 * (rows up to 767), none (rows 768 on) but the last row, which
		 * shares two */
		ps[r].subjects = !mentor || r < K - 1 ? "a|b|c|d"
		                 : r == NM - 1        ? "a|b|x|y"
		                 : r < 768            ? "a|x|y|z"
		                                      : "x|y|z|w";
		/* a small need-skill term spreads the one-subject pairs apart */
		ps[r].need[0] = mentor ? 0 : 1;
		ps[r].skill[0] = mentor ? rnd(1000) / 1e5 : 0;
	}
	nv_table *t = st_build(ps, NM + NE, 0, 1);
	nv_config c;
	nv_config_init(&c);
	nv_model *M = nv_model_new(t, &c);
	nv_score_params p;
	nv_score_params_init(&p);
	p.top_k = K;
	nv_pairs *out = NULL;
	assert_int_equal(nv_score(M, &p, &out, NULL), NV_OK);
	assert_int_equal(out->n, NE * K);
	for (size_t e = 0; e < NE; e++)
		for (size_t i = 0; i < K; i++) {
			assert_int_equal(out->mentee[e * K + i], NM + e);
			assert_int_equal(out->mentor[e * K + i], i < K - 1 ? i : NM - 1);
		}
	nv_pairs_free(out);
	nv_model_free(M);
	check_selection(t, &c, K, 0);
	check_selection(t, &c, 1, 0);
	check_selection(t, &c, 2 * K, 0);
	nv_config_done(&c);
	st_free(t);
	free(ps);
}

/* Thousands of distinct tags: the tiles use only the tags present. */
static void large_vocabularies_score_exactly(void **state)
{
	(void)state;
	enum { N = 600 };
	static char subj[N][48], goal[N][48], ids[N][24];
	st_person *ps = calloc(N, sizeof *ps);
	rng_state = 77;
	for (size_t r = 0; r < N; r++) {
		st_person_init(&ps[r]);
		snprintf(ids[r], sizeof ids[r], "v%zu", r);
		ps[r].id = ids[r];
		int mentor = r % 3 == 0;
		ps[r].role = mentor ? NV_MENTOR : NV_MENTEE;
		ps[r].category = mentor ? NV_TEACHER : NV_STUDENT;
		ps[r].age = mentor ? -1 : 12;
		/* tags from 3000 names, a few shared often */
		snprintf(subj[r], sizeof subj[r], "s%u|s%u|common%u", rnd(3000), rnd(3000),
		         rnd(3));
		snprintf(goal[r], sizeof goal[r], "g%u|g%u", rnd(2000), rnd(40));
		ps[r].subjects = subj[r];
		ps[r].goals = goal[r];
	}
	nv_table *t = st_build(ps, N, 0, 0);
	assert_true(nv_vocab_count(t->subjects) > 800);
	nv_config c;
	nv_config_init(&c);
	ref R;
	ref_init(&R, t, &c);
	nv_model *M = nv_model_new(t, &c);
	nv_score_params p;
	nv_score_params_init(&p);
	nv_pairs *out = NULL;
	assert_int_equal(nv_score(M, &p, &out, NULL), NV_OK);
	assert_int_equal(out->n, (size_t)(N / 3) * (N - N / 3));
	size_t nonzero = 0;
	for (size_t k = 0; k < out->n; k++) {
		double b[4];
		long unit[4];
		ref_score(&R, out->mentor[k], out->mentee[k], b);
		assert_true(out->score[k] == ref_quantise(b, unit) / 1e6);
		nonzero += out->contrib[k * 4 + NV_SUBJECTS] > 0;
	}
	assert_true(nonzero > 1000);
	nv_pairs_free(out);
	nv_model_free(M);
	ref_done(&R);
	nv_config_done(&c);
	st_free(t);
	free(ps);
}

static nv_pairs *score_with_threads(const nv_model *M, const char *threads,
                                    size_t top_k, double min_score)
{
	setenv("NV_SCORE_THREADS", threads, 1);
	nv_score_params p;
	nv_score_params_init(&p);
	p.top_k = top_k;
	p.min_score = min_score;
	nv_pairs *out = NULL;
	assert_int_equal(nv_score(M, &p, &out, NULL), NV_OK);
	unsetenv("NV_SCORE_THREADS");
	return out;
}

static void output_is_the_same_whatever_the_thread_count(void **state)
{
	(void)state;
	nv_table *t = random_table(3000, 51);
	nv_config c;
	nv_config_init(&c);
	nv_model *M = nv_model_new(t, &c);
	const size_t tops[] = {0, 4};
	for (size_t k = 0; k < 2; k++) {
		nv_pairs *a = score_with_threads(M, "1", tops[k], 0.3);
		nv_pairs *b = score_with_threads(M, "3", tops[k], 0.3);
		assert_true(a->n > 1000);
		assert_int_equal(a->n, b->n);
		assert_memory_equal(a->mentor, b->mentor, a->n * sizeof *a->mentor);
		assert_memory_equal(a->mentee, b->mentee, a->n * sizeof *a->mentee);
		assert_memory_equal(a->form, b->form, a->n * sizeof *a->form);
		assert_memory_equal(a->score, b->score, a->n * sizeof *a->score);
		assert_memory_equal(a->contrib, b->contrib, a->n * 4 * sizeof *a->contrib);
		for (size_t i = 1; i < a->n; i++)
			assert_true(a->mentee[i - 1] < a->mentee[i] ||
			            (a->mentee[i - 1] == a->mentee[i] &&
			             a->mentor[i - 1] < a->mentor[i]));
		nv_pairs_free(a);
		nv_pairs_free(b);
	}
	nv_model_free(M);
	nv_config_done(&c);
	st_free(t);
}

/* Every kept pair carries nv_score_pair's numbers, bit for bit. */
static void check_kept_numbers(const nv_model *M, const nv_pairs *out)
{
	for (size_t i = 0; i < out->n; i++) {
		double c[4];
		double q = nv_score_pair(M, out->mentor[i], out->mentee[i], c);
		assert_memory_equal(&out->score[i], &q, sizeof q);
		assert_memory_equal(out->contrib + i * 4, c, sizeof c);
	}
}

/* Teachers and students of one school: mentor r gets skill[r] on the one
 * need area every student has, nothing else differs. */
static nv_table *skill_block(size_t nm, size_t ne, const double *skill)
{
	st_person *ps = calloc(nm + ne, sizeof *ps);
	for (size_t r = 0; r < nm + ne; r++) {
		st_person_init(&ps[r]);
		int mentor = r < nm;
		ps[r].role = mentor ? NV_MENTOR : NV_MENTEE;
		ps[r].category = mentor ? NV_TEACHER : NV_STUDENT;
		ps[r].age = mentor ? -1 : 12;
		ps[r].need[0] = mentor ? 0 : 1;
		ps[r].skill[0] = mentor ? skill[r] : 0;
	}
	nv_table *t = st_build(ps, nm + ne, 0, 1);
	free(ps);
	return t;
}

/* Thousands of mentors with scores a fraction of a micro-unit apart, in
 * shuffled rows: the K-th best has dozens of others within the GEMM
 * margin, so the GEMM values cannot settle the top K and the candidates
 * are scored exactly (the margin fallback), with many ties of quantised
 * scores broken by the lower row, across mentor blocks. */
static void near_ties_fall_back_to_exact_scores_across_mentor_blocks(void **state)
{
	(void)state;
	enum { NM = 2600, NE = 3 };
	double *skill = malloc(NM * sizeof *skill);
	rng_state = 99;
	for (size_t r = 0; r < NM; r++) /* steps of 0.02 micro-units of score */
		skill[r] = 0.5 + rnd(NM) * 0.08e-6;
	nv_table *t = skill_block(NM, NE, skill);
	nv_config c;
	nv_config_init(&c);
	const size_t tops[] = {1, 5, 40, 300};
	for (size_t k = 0; k < 4; k++)
		check_selection(t, &c, tops[k], 0);
	nv_model *M = nv_model_new(t, &c);
	nv_score_params p;
	nv_score_params_init(&p);
	p.top_k = 40;
	nv_pairs *out = NULL;
	assert_int_equal(nv_score(M, &p, &out, NULL), NV_OK);
	assert_int_equal(out->n, NE * 40);
	check_kept_numbers(M, out);
	nv_pairs_free(out);
	nv_model_free(M);
	nv_config_done(&c);
	st_free(t);
	free(skill);
}

/* Equal scores in every mentor block: the lowest rows win, whatever block
 * and whatever K (up to above the region's size). */
static void ties_across_mentor_blocks_keep_the_lowest_rows(void **state)
{
	(void)state;
	enum { NM = 2500 };
	double *skill = malloc(NM * sizeof *skill);
	for (size_t r = 0; r < NM; r++)
		skill[r] = 0.25;
	nv_table *t = skill_block(NM, 2, skill);
	nv_config c;
	nv_config_init(&c);
	nv_model *M = nv_model_new(t, &c);
	const size_t tops[] = {1, 7, 100, 2000};
	for (size_t k = 0; k < 4; k++) {
		nv_score_params p;
		nv_score_params_init(&p);
		p.top_k = tops[k];
		nv_pairs *out = NULL;
		assert_int_equal(nv_score(M, &p, &out, NULL), NV_OK);
		assert_int_equal(out->n, 2 * tops[k]);
		for (size_t e = 0; e < 2; e++)
			for (size_t i = 0; i < tops[k]; i++) {
				assert_int_equal(out->mentee[e * tops[k] + i], NM + e);
				assert_int_equal(out->mentor[e * tops[k] + i], i);
			}
		check_kept_numbers(M, out);
		nv_pairs_free(out);
	}
	nv_model_free(M);
	nv_config_done(&c);
	st_free(t);
	free(skill);
}

/* K at, just under and above the mentors a mentee can meet; a block too
 * small to be worth a thread; mentees whose one row spans mentor blocks
 * with the best pairs at its far end. */
static void top_k_at_the_edges_of_the_mentor_count_and_blocks(void **state)
{
	(void)state;
	enum { NM = 1300, NE = 5 };
	double *skill = malloc(NM * sizeof *skill);
	for (size_t r = 0; r < NM; r++) /* rising: the best are the last rows */
		skill[r] = (double)r / NM;
	nv_table *t = skill_block(NM, NE, skill);
	nv_config c;
	nv_config_init(&c);
	const size_t tops[] = {3, NM - 1, NM, NM + 1};
	for (size_t k = 0; k < 4; k++)
		check_selection(t, &c, tops[k], 0);
	nv_table *tiny = skill_block(6, 2, skill);
	check_selection(tiny, &c, 2, 0);
	check_selection(tiny, &c, 0, 0.1);
	nv_config_done(&c);
	st_free(t);
	st_free(tiny);
	free(skill);
}

/* The plain SSE2/NEON scan and the AVX2 one (when the processor has it)
 * keep the same pairs; so do calls that reuse each other's buffers on
 * models of other shapes. */
static void scans_and_reused_buffers_give_the_same_pairs(void **state)
{
	(void)state;
	nv_table *ta = random_table(1200, 61), *tb = random_table(300, 62);
	nv_config c;
	nv_config_init(&c);
	nv_model *Ma = nv_model_new(ta, &c), *Mb = nv_model_new(tb, &c);
	const size_t tops[] = {0, 3, 25};
	for (size_t k = 0; k < 3; k++) {
		nv_pairs *a = score_with_threads(Ma, "2", tops[k], 0.35);
		nv_pairs *b = score_with_threads(Mb, "2", tops[k], 0.35);
		setenv("NV_SCORE_SIMD", "generic", 1);
		nv_pairs *a2 = score_with_threads(Ma, "2", tops[k], 0.35);
		unsetenv("NV_SCORE_SIMD");
		nv_pairs *b2 = score_with_threads(Mb, "1", tops[k], 0.35);
		assert_true(a->n > 100 && b->n > 10);
		assert_int_equal(a->n, a2->n);
		assert_int_equal(b->n, b2->n);
		assert_memory_equal(a->mentor, a2->mentor, a->n * sizeof *a->mentor);
		assert_memory_equal(a->mentee, a2->mentee, a->n * sizeof *a->mentee);
		assert_memory_equal(a->score, a2->score, a->n * sizeof *a->score);
		assert_memory_equal(b->mentor, b2->mentor, b->n * sizeof *b->mentor);
		assert_memory_equal(b->mentee, b2->mentee, b->n * sizeof *b->mentee);
		assert_memory_equal(b->score, b2->score, b->n * sizeof *b->score);
		check_kept_numbers(Ma, a2);
		check_kept_numbers(Mb, b);
		nv_pairs_free(a);
		nv_pairs_free(a2);
		nv_pairs_free(b);
		nv_pairs_free(b2);
	}
	setenv("NV_SCORE_SIMD", "generic", 1);
	check_selection(ta, &c, 4, 0.3);
	unsetenv("NV_SCORE_SIMD");
	nv_model_free(Ma);
	nv_model_free(Mb);
	nv_config_done(&c);
	st_free(ta);
	st_free(tb);
}

/* --- hand-computed terms ---------------------------------------------------- */

static st_person teacher(const char *id)
{
	st_person p;
	st_person_init(&p);
	p.id = id;
	p.role = NV_MENTOR;
	p.category = NV_TEACHER;
	p.experience = 10;
	return p;
}

static st_person student(const char *id)
{
	st_person p;
	st_person_init(&p);
	p.id = id;
	p.role = NV_MENTEE;
	p.category = NV_STUDENT;
	p.age = 12;
	return p;
}

static void close_to(double a, double b)
{
	if (fabs(a - b) > 1e-12)
		fail_msg("%.15g != %.15g", a, b);
}

static void terms_of_tags_needs_and_empty_vectors(void **state)
{
	(void)state;
	st_person ps[3] = {teacher("t"), student("s"), student("empty")};
	ps[0].subjects = "math|physics";
	ps[0].goals = "olymp";
	ps[0].skill[0] = 1;
	ps[0].skill[1] = 0.2;
	ps[1].subjects = "math";
	ps[1].goals = "career";
	ps[1].need[0] = 0.5;
	ps[1].need[1] = 0.5;
	/* "empty": no tags, no needs, no psych */
	nv_table *t = st_build(ps, 3, 0, 2);
	nv_config c;
	nv_config_init(&c);
	nv_model *M = nv_model_new(t, &c);
	double x[4];
	double s = nv_score_pair_exact(M, 0, 1, x);
	close_to(x[NV_PSYCH], 0.35 * 0.5);            /* zero vectors: cos 0 */
	close_to(x[NV_SUBJECTS], 0.25 / sqrt(2));     /* |{math}| / sqrt(2·1) */
	close_to(x[NV_GOALS], 0);                     /* disjoint */
	close_to(x[NV_NEEDS], 0.25 * (0.5 + 0.1) / 1); /* Σ need·skill / Σ need */
	close_to(s, 0.175 + 0.25 / sqrt(2) + 0.15);
	s = nv_score_pair_exact(M, 0, 2, x);
	close_to(x[NV_SUBJECTS], 0);
	close_to(x[NV_NEEDS], 0); /* a mentee with no needs */
	close_to(s, 0.175);
	/* quantised: 0.175 + 0.176777 (0.1767767) + 0.15 = 0.501777 */
	s = nv_score_pair(M, 0, 1, x);
	assert_true(s == 0.501777);
	assert_true(x[0] == 0.175 && x[1] == 0.176777 && x[2] == 0 && x[3] == 0.15);
	nv_model_free(M);
	nv_config_done(&c);
	st_free(t);
}

static void psych_z_scores_one_hot_and_zero_deviation(void **state)
{
	(void)state;
	st_person ps[5] = {teacher("t1"), student("s1"), student("s2"),
	                   student("gone"), teacher("t2")};
	/* column 0: 1, 3, (empty), 100 without consent, 2 -> mean 2, sd
	 * sqrt(2/3) over the three consenting values: z = -1.2247, 1.2247, 0 */
	ps[0].psych[0] = 1;
	ps[1].psych[0] = 3;
	ps[3].psych[0] = 100;
	ps[3].status = NV_ROW_NO_CONSENT;
	ps[4].psych[0] = 2;
	/* column 1: constant 5 everywhere it is given -> 0 */
	ps[0].psych[1] = ps[1].psych[1] = ps[4].psych[1] = 5;
	nv_table *t = st_build(ps, 5, 2, 0);
	nv_config c;
	nv_config_init(&c);
	c.w = (nv_weights){1, 0, 0, 0};
	nv_model *M = nv_model_new(t, &c);
	double x[4];
	close_to(nv_score_pair_exact(M, 0, 1, x), 0);   /* cos -1 */
	close_to(nv_score_pair_exact(M, 0, 2, x), 0.5); /* s2: missing cell, zero vector */
	close_to(nv_score_pair_exact(M, 4, 1, x), 0.5); /* t2 at the mean: zero */
	nv_model_free(M);
	st_free(t);

	/* one-hot types: same type, no scales -> cos 1; different -> 0 */
	st_person q[4] = {teacher("t"), student("a"), student("b"), student("c")};
	q[0].type = "sanguine";
	q[1].type = "sanguine";
	q[2].type = "choleric";
	q[0].psych[0] = 1; /* t above the mean, a at it, b below */
	q[1].psych[0] = 0;
	q[2].psych[0] = -1;
	q[3].psych[0] = 0;
	t = st_build(q, 4, 1, 0);
	M = nv_model_new(t, &c);
	/* mean 0, sd sqrt(1/2): z_t = (1.41421, 1), z_a = (0, 1), z_b = (-1.41, 0 | 1 on choleric) */
	double zt = 1 / sqrt(0.5);
	close_to(nv_score_pair_exact(M, 0, 1, x), (1 + 1 / sqrt(zt * zt + 1)) / 2);
	close_to(nv_score_pair_exact(M, 0, 2, x),
	         (1 + (-zt * zt) / (sqrt(zt * zt + 1) * sqrt(zt * zt + 1))) / 2);
	close_to(nv_score_pair_exact(M, 0, 3, x), 0.5); /* c: z 0, no type */
	nv_model_free(M);
	st_free(t);

	/* a deviation whose square underflows (values of 1e-300) is still a
	 * deviation: z = +-1, not a constant column */
	st_person u[4] = {teacher("t"), student("a"), student("b"), teacher("t2")};
	u[0].psych[0] = 1e-300;
	u[1].psych[0] = 1e-300;
	u[2].psych[0] = -1e-300;
	u[3].psych[0] = -1e-300;
	t = st_build(u, 4, 1, 0);
	M = nv_model_new(t, &c);
	close_to(nv_score_pair_exact(M, 0, 1, x), 1); /* same side: cos 1 */
	close_to(nv_score_pair_exact(M, 0, 2, x), 0); /* opposite: cos -1 */
	nv_model_free(M);
	st_free(t);

	/* z-scores do not change with the scale: values near the largest
	 * double (whose sum overflows) and the smallest denormals (whose mean
	 * is not a double) score as the same values near 1 */
	static const double plain[4] = {1.5, 1, -1, 1}, huge[4] = {1.5e308, 1e308, -1e308, 1e308},
	                    tiny[4] = {1e-323, 5e-324, 0, 5e-324}, small[4] = {2, 1, 0, 1};
	const double *col[4][2] = {{plain, NULL}, {huge, NULL}, {small, NULL}, {tiny, NULL}};
	double got[4][4];
	for (int k = 0; k < 4; k++) {
		st_person w[4] = {teacher("t"), student("a"), student("b"), teacher("t2")};
		for (int i = 0; i < 4; i++) {
			w[i].psych[0] = col[k][0][i];
			w[i].psych[1] = i; /* a second, ordinary column */
		}
		t = st_build(w, 4, 2, 0);
		M = nv_model_new(t, &c);
		for (int i = 0; i < 4; i++)
			got[k][i] = nv_score_pair_exact(M, i & 1 ? 3 : 0, i & 2 ? 2 : 1, x);
		nv_model_free(M);
		st_free(t);
	}
	for (int i = 0; i < 4; i++) {
		assert_true(got[0][i] != got[2][i]); /* the columns differ */
		close_to(got[1][i], got[0][i]);
		close_to(got[3][i], got[2][i]);
	}
	nv_config_done(&c);
}

/* The same numbers from a participants file as Russian Excel saves it. */
static void scores_from_a_csv_file_match_the_hand_computation(void **state)
{
	(void)state;
	static const char csv[] =
		"id;role;category;org;district;age;experience_years;consent;subjects;"
		"goals;psych_type;psych_calm;need_focus;skill_focus;need_talk;skill_talk\n"
		"T1;mentor;teacher;s1;d1;;10;да;math;olymp;sanguine;4;;1;;0,5\n"
		"S1;mentee;student;s1;d1;12;;да;math|art;olymp;sanguine;2;0,3;;0,1;\n"
		"S2;mentee;student;s1;d1;13;;нет;math;;;9;0,5;;;\n"
		"S3;mentee;student;s1;d1;14;;да;;;choleric;;;;;\n";
	nv_read_params rp;
	nv_read_params_init(&rp);
	nv_diag *d = nv_diag_new(0);
	nv_table *t = NULL;
	assert_int_equal(nv_table_read_buffer("people.csv", csv, sizeof csv - 1, &rp, &t, d),
	                 NV_OK);
	assert_int_equal(nv_diag_errors(d), 0);
	nv_config c;
	nv_config_init(&c);
	nv_model *M = nv_model_new(t, &c);
	nv_score_params p;
	nv_score_params_init(&p);
	nv_pairs *out = NULL;
	assert_int_equal(nv_score(M, &p, &out, NULL), NV_OK);
	/* T1-S1: calm z = +1 / -1 over the consenting values 4, 2 (S2's 9 is
	 * left out), both sanguine: dot 0, psych 1/2 -> 0.175; subjects
	 * 1/sqrt(2) -> 0.1767767; goals 1 -> 0.15; needs (0.3·1 + 0.1·0.5) /
	 * 0.4 = 0.875 -> 0.21875; score 0.7205267 -> 0.720527, the extra unit
	 * to subjects (largest remainder). T1-S3: only psych, 0.175. */
	assert_int_equal(out->n, 2);
	assert_string_equal(t->id[out->mentee[0]], "S1");
	assert_string_equal(t->id[out->mentee[1]], "S3");
	assert_string_equal(c.form[out->form[0]].name, "teacher-student");
	assert_true(out->score[0] == 0.720527);
	assert_true(out->contrib[0] == 0.175 && out->contrib[1] == 0.176777 &&
	            out->contrib[2] == 0.15 && out->contrib[3] == 0.21875);
	assert_true(out->score[1] == 0.175);
	assert_true(out->contrib[4] == 0.175 && out->contrib[5] == 0 &&
	            out->contrib[6] == 0 && out->contrib[7] == 0);
	nv_pairs_free(out);
	nv_model_free(M);
	nv_config_done(&c);
	nv_table_free(t);
	nv_diag_free(d);
}

static void quantised_contributions_add_up_to_the_score(void **state)
{
	(void)state;
	double x[4] = {0.1234567, 0.2000002, 0.0000009, 0.3333331};
	/* exact 0.6567909 -> 0.656791; floors 123456+200000+0+333333 = 656789;
	 * the two missing units go to the largest remainders, .9 then .7 */
	double s = nv_score_quantise(x);
	assert_true(s == 0.656791);
	assert_true(x[0] == 0.123457 && x[1] == 0.2 && x[2] == 0.000001 &&
	            x[3] == 0.333333);
	double y[4] = {0.25, 0.25, 0.25, 0.2499996};
	assert_true(nv_score_quantise(y) == 1.0);
	assert_true(y[0] == 0.25 && y[3] == 0.25);
}

/* One pair's exact numbers one operation at a time, in the order the
 * scalar code had before the kernel scored two pairs at once: the lanes
 * must keep it, so that the output stays the same to the bit. */
static double scalar_exact(const nv_model *M, size_t m, size_t e, double c[4])
{
	const nv_table *t = M->t;
	double dot = 0;
	for (size_t col = 0; col < M->P; col++)
		dot += M->z[m * M->P + col] * M->z[e * M->P + col];
	if (t->psych_type[m] >= 0 && t->psych_type[m] == t->psych_type[e])
		dot += 1;
	double cos = 0;
	if (M->znorm2[m] > 0 && M->znorm2[e] > 0)
		cos = dot / sqrt(M->znorm2[m] * M->znorm2[e]);
	double term[4] = {(1 + cos) / 2, 0, 0, 0};
	const size_t *off[2] = {t->subj_off, t->goal_off};
	const uint32_t *tags[2] = {t->subj, t->goal};
	for (int k = 0; k < 2; k++) {
		size_t na = off[k][m + 1] - off[k][m], nb = off[k][e + 1] - off[k][e], shared = 0;
		for (size_t i = off[k][m]; i < off[k][m + 1]; i++)
			for (size_t j = off[k][e]; j < off[k][e + 1]; j++)
				shared += tags[k][i] == tags[k][j];
		if (na && nb)
			term[1 + k] = (double)shared / sqrt((double)na * (double)nb);
	}
	if (M->needsum[e] > 0) {
		for (size_t a = 0; a < t->n_area; a++)
			term[3] += t->need[a * M->n + e] * t->skill[a * M->n + m];
		term[3] /= M->needsum[e];
	}
	double s = 0;
	for (int k = 0; k < 4; k++) {
		c[k] = M->share[k] * term[k];
		s += c[k];
	}
	return s;
}

/* A mentee against many mentors, two a time: every pair gets the scalar
 * numbers to the bit, in either lane, for odd and even counts and a
 * mentor given twice; nv_score_pair_exact is the case of one. */
static void row_scores_are_the_scalar_scores_to_the_bit(void **state)
{
	(void)state;
	enum { N = 300 };
	nv_table *t = random_table(N, 7);
	nv_config c;
	nv_config_init(&c);
	c.w = (nv_weights){0.3, 0.7, 1.1, 0.9};
	nv_model *M = nv_model_new(t, &c);
	uint32_t rows[N + 1];
	double got[(N + 1) * 4], score[N + 1];
	for (size_t e = 0; e < N; e += 3) {
		size_t n = 0;
		for (size_t m = e % 5; m < N; m += 1 + (m + e) % 4)
			rows[n++] = (uint32_t)m;
		rows[n++] = rows[0];
		n -= e % 2;
		nv_score_row_exact(M, e, rows, n, got, score);
		for (size_t i = 0; i < n; i++) {
			double want[4], one[4];
			double s = scalar_exact(M, rows[i], e, want);
			assert_memory_equal(&score[i], &s, sizeof s);
			assert_memory_equal(got + i * 4, want, sizeof want);
			s = nv_score_pair_exact(M, rows[i], e, one);
			assert_memory_equal(&score[i], &s, sizeof s);
			assert_memory_equal(one, want, sizeof want);
		}
	}
	nv_model_free(M);
	nv_config_done(&c);
	st_free(t);
}

/* nv_score_quantise_n, two pairs a time, against nv_score_quantise pair by
 * pair: random contributions at every scale, ties of remainders, half
 * micro-units, tiny negatives, -0, and what the lanes leave to the
 * scalar code (past 2^51 micro-units). */
static void quantising_many_pairs_is_quantising_each(void **state)
{
	(void)state;
	enum { N = 4001 };
	static double a[N * 4], b[N * 4];
	static const double odd[] = {0.0000005, 0.0000015, 0.25, 1e-17, -1e-17, -0.0, 0.0,
	                             0.3333335, 2.5e9, 4.0e9 + 0.0000005};
	rng_state = 5;
	for (size_t i = 0; i < N * 4; i++) {
		uint32_t kind = rnd(8);
		double x = rnd(1000001) / 1e6 * 0.5;
		if (kind == 0)
			x = odd[rnd(sizeof odd / sizeof *odd)];
		else if (kind == 1)
			x = rnd(1000) / 1e6 + 0.0000005; /* a half unit */
		else if (kind == 2)
			x = rnd(7) / 7.0;
		else if (kind == 3)
			x = rnd(1000003) / 1e13;
		a[i] = b[i] = x;
	}
	nv_score_quantise_n(a, N);
	for (size_t i = 0; i < N; i++)
		nv_score_quantise(b + i * 4);
	assert_memory_equal(a, b, sizeof a);
	size_t small = 0;
	for (size_t i = 0; i < N * 4; i++)
		small += fabs(b[i]) < 1;
	assert_true(small > N * 3);
}

static int count_blocks(void *ud, const nv_pairs *b)
{
	size_t *n = ud;
	assert_null(b->contrib);
	for (size_t i = 0; i < b->n; i++)
		assert_true(b->score[i] >= 0 && b->score[i] <= 1);
	*n += b->n;
	return 0;
}

static void score_each_streams_every_eligible_pair(void **state)
{
	(void)state;
	nv_table *t = random_table(400, 41);
	nv_config c;
	nv_config_init(&c);
	nv_model *M = nv_model_new(t, &c);
	size_t n = 0, want = 0;
	assert_int_equal(nv_score_each(M, count_blocks, &n), NV_OK);
	for (size_t m = 0; m < t->n; m++)
		for (size_t e = 0; e < t->n; e++)
			want += nv_pair_form(&c, t, m, e) >= 0;
	assert_int_equal(n, want);
	nv_model_free(M);
	nv_config_done(&c);
	st_free(t);
}

/* Output blocks go back to a stash for the next call: a block that held
 * contributions must not hand them to a call that keeps none, and a block
 * of a call that kept none must get room for them in one that does. */
static void calls_with_and_without_contributions_reuse_blocks(void **state)
{
	(void)state;
	nv_table *t = random_table(300, 62);
	nv_config c;
	nv_config_init(&c);
	nv_model *M = nv_model_new(t, &c);
	for (int round = 0; round < 3; round++) {
		nv_pairs *a = score_with_threads(M, "1", 3, 0);
		assert_non_null(a->contrib);
		check_kept_numbers(M, a);
		size_t n = 0;
		assert_int_equal(nv_score_each(M, count_blocks, &n), NV_OK);
		assert_true(n > a->n);
		nv_pairs *b = score_with_threads(M, "1", 0, 0);
		assert_int_equal(b->n, n);
		check_kept_numbers(M, b);
		nv_pairs_free(a);
		nv_pairs_free(b);
	}
	nv_model_free(M);
	nv_config_done(&c);
	st_free(t);
}

/* --- the command ------------------------------------------------------------- */

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	int ch;
	while ((ch = fgetc(f)) != EOF)
		fputc(ch, m);
	fclose(m);
	fclose(f);
	return buf;
}

/* Runs nastavnik with args, stderr to err_path; returns the exit code. */
static int run_bin(const char *args, const char *err_path)
{
	const char *bin = getenv("NV_BIN");
	assert_non_null(bin);
	char *cmd = nv_xasprintf("%s %s 2>%s", bin, args, err_path);
	int rc = system(cmd);
	free(cmd);
	return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

static char tmpdir[64];

static char *tmp(const char *name)
{
	if (!*tmpdir) {
		snprintf(tmpdir, sizeof tmpdir, "/tmp/nv_score_XXXXXX");
		assert_non_null(mkdtemp(tmpdir));
	}
	return nv_xasprintf("%s/%s", tmpdir, name);
}

static int cleanup(void **state)
{
	(void)state;
	if (*tmpdir) {
		char *cmd = nv_xasprintf("rm -rf %s", tmpdir);
		int rc = system(cmd);
		free(cmd);
		return rc;
	}
	return 0;
}

static void score_command_writes_the_golden_edges(void **state)
{
	(void)state;
	char *out = tmp("edges.csv"), *err = tmp("err.txt");
	char *args = nv_xasprintf("score tests/data/score/people.csv -o %s --quiet", out);
	assert_int_equal(run_bin(args, err), 0);
	char *got = slurp(out), *want = slurp("tests/data/score/people.edges.csv");
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
	free(args);
	/* --top 1: the best mentor of each mentee */
	args = nv_xasprintf("score tests/data/score/people.csv -o %s --top 1", out);
	assert_int_equal(run_bin(args, err), 0);
	got = slurp(out);
	assert_string_equal(got,
	                    "mentor_id,mentee_id,form,score,psych,subjects,goals,needs\n"
	                    "T1,S1,teacher-student,0.701777,0.175000,0.176777,0.150000,0.200000\n"
	                    "T2,S2,teacher-student,0.351777,0.175000,0.176777,0.000000,0.000000\n");
	free(got);
	free(args);
	/* --min-score keeps scores >= X, the edge included; a decimal comma
	 * reads as the config reads it, hex as it does not */
	const char *mins[] = {"0.3", "0,3"};
	for (int i = 0; i < 2; i++) {
		args = nv_xasprintf("score tests/data/score/people.csv -o %s --min-score %s", out,
		                    mins[i]);
		assert_int_equal(run_bin(args, err), 0);
		got = slurp(out);
		assert_string_equal(
			got, "mentor_id,mentee_id,form,score,psych,subjects,goals,needs\n"
			     "T1,S1,teacher-student,0.701777,0.175000,0.176777,0.150000,0.200000\n"
			     "T1,S2,teacher-student,0.300000,0.175000,0.125000,0.000000,0.000000\n"
			     "T2,S2,teacher-student,0.351777,0.175000,0.176777,0.000000,0.000000\n");
		free(got);
		free(args);
	}
	args = nv_xasprintf("score tests/data/score/people.csv -o %s --min-score 0x0.4", out);
	assert_int_equal(run_bin(args, err), 1);
	got = slurp(err);
	assert_non_null(strstr(got, "--min-score needs a number in [0,1], not '0x0.4'"));
	free(got);
	free(args);
	free(want);
	free(out);
	free(err);
}

static void score_command_stops_on_bad_rows_and_bad_configs(void **state)
{
	(void)state;
	char *out = tmp("bad.csv"), *err = tmp("err2.txt");
	remove(out);
	char *args = nv_xasprintf("score tests/data/score/bad_row.csv -o %s", out);
	assert_int_equal(run_bin(args, err), 2);
	assert_null(slurp(out)); /* nothing written */
	char *msg = slurp(err);
	assert_non_null(strstr(msg, "tests/data/score/bad_row.csv:3:age: "));
	free(msg);
	free(args);
	args = nv_xasprintf("score tests/data/score/bad_row.csv -o %s --skip-invalid", out);
	assert_int_equal(run_bin(args, err), 0);
	msg = slurp(out);
	assert_string_equal(msg,
	                    "mentor_id,mentee_id,form,score,psych,subjects,goals,needs\n"
	                    "T1,S2,teacher-student,0.175000,0.175000,0.000000,0.000000,0.000000\n");
	free(msg);
	free(args);
	remove(out);
	args = nv_xasprintf("score tests/data/score/people.csv -o %s -c "
	                    "tests/data/config/zero.ini",
	                    out);
	assert_int_equal(run_bin(args, err), 2);
	assert_null(slurp(out));
	msg = slurp(err);
	assert_string_equal(msg, "tests/data/config/zero.ini:1: the weights add up to "
	                         "0; at least one must be > 0\n");
	free(msg);
	free(args);
	args = nv_xasprintf("score tests/data/score/people.csv -o %s --top x", out);
	assert_int_equal(run_bin(args, err), 1);
	free(args);
	assert_int_equal(run_bin("score tests/data/score/people.csv", err), 1);
	assert_int_equal(run_bin("score --help >/dev/null", err), 0);
	free(out);
	free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(exact_scores_agree_with_the_double_loop),
		cmocka_unit_test(eligible_set_equals_the_brute_force_one),
		cmocka_unit_test(top_k_equals_the_brute_force_top_k),
		cmocka_unit_test(min_score_keeps_exactly_the_pairs_at_or_above),
		cmocka_unit_test(top_k_breaks_ties_by_lower_mentor_row),
		cmocka_unit_test(top_k_finds_a_kth_best_that_only_a_late_tile_holds),
		cmocka_unit_test(output_is_the_same_whatever_the_thread_count),
		cmocka_unit_test(near_ties_fall_back_to_exact_scores_across_mentor_blocks),
		cmocka_unit_test(ties_across_mentor_blocks_keep_the_lowest_rows),
		cmocka_unit_test(top_k_at_the_edges_of_the_mentor_count_and_blocks),
		cmocka_unit_test(scans_and_reused_buffers_give_the_same_pairs),
		cmocka_unit_test(calls_with_and_without_contributions_reuse_blocks),
		cmocka_unit_test(large_vocabularies_score_exactly),
		cmocka_unit_test(terms_of_tags_needs_and_empty_vectors),
		cmocka_unit_test(psych_z_scores_one_hot_and_zero_deviation),
		cmocka_unit_test(scores_from_a_csv_file_match_the_hand_computation),
		cmocka_unit_test(quantised_contributions_add_up_to_the_score),
		cmocka_unit_test(row_scores_are_the_scalar_scores_to_the_bit),
		cmocka_unit_test(quantising_many_pairs_is_quantising_each),
		cmocka_unit_test(score_each_streams_every_eligible_pair),
		cmocka_unit_test(score_command_writes_the_golden_edges),
		cmocka_unit_test(score_command_stops_on_bad_rows_and_bad_configs),
	};
	return cmocka_run_group_tests_name("score", tests, NULL, cleanup);
}
