/* model_internal.h (private to forms.c, features.c and score.c: the scoring
 * model's layout and the eligibility helpers) */
#ifndef NV_MODEL_INTERNAL_H
#define NV_MODEL_INTERNAL_H

#include "engine.h"

/* The forms whose person-side rule (role, category, age, experience) row r
 * meets as `role`, among those it accepts; 0 for rows that are not valid
 * and consenting. form_of_name maps the table's form_names ids to config
 * indexes (-1 unknown). */
uint64_t nv_form_side_mask(const nv_config *c, const nv_table *t, size_t r,
                           nv_role role, const int *form_of_name);
/* form_of_name for nv_form_side_mask; caller frees. */
int *nv_form_name_map(const nv_config *c, const nv_table *t);
/* The bucket key of row r under form f: its org and/or district when the
 * form asks for the same one, 0 otherwise. */
uint64_t nv_form_key(const nv_form *f, const nv_table *t, size_t r);

/* One person in a form's bucket list, sorted by (key, row). */
typedef struct nv_bucket_entry {
	uint64_t key;
	uint32_t row;
	uint32_t slot; /* free for the user of the list */
} nv_bucket_entry;

#define NV_TAGCOS 8
struct nv_model {
	const nv_table *t;
	const nv_config *c;
	size_t n;
	double share[NV_NTERMS]; /* weight / sum of the weights */
	/* psych: z-scored traits, row-major n × P; squared norms with the
	 * psych_type one-hot included. */
	size_t P;
	double *z, *znorm2;
	double *needsum;               /* per row, Σ need */
	uint64_t *mentor_ok, *mentee_ok; /* per row: forms by side rule + accept */
	uint64_t org_forms, district_forms; /* forms asking for the same org/district */
	/* per form: the mentors it may take, sorted by (key, row) */
	nv_bucket_entry *mentors[NV_MAX_FORMS];
	size_t n_mentors[NV_MAX_FORMS];
	uint32_t *mentee_rows; /* rows with any mentee form, in row order */
	size_t n_mentee_rows;
	/* the tag cosine k / sqrt(na · nb) of lists of na and nb tags (both
	 * under NV_TAGCOS) sharing k, by [na][nb][k]: the same value as the
	 * division gives, without the square root's and the division's
	 * latency on every pair scored */
	double tagcos[NV_TAGCOS][NV_TAGCOS][NV_TAGCOS];
};

/* nv_score_pair_exact of mentee row e with each mentor row mentor[i]:
 * score[i] and contrib[i * NV_NTERMS ..], the same numbers to the bit (two
 * pairs at a time, each doing the one-pair operations in their order). */
void nv_score_row_exact(const struct nv_model *M, size_t e, const uint32_t *mentor, size_t n,
                        double *contrib, double *score);

/* nv_score_quantise on each of n pairs' contributions, contrib[i *
 * NV_NTERMS ..], in place: the same numbers to the bit, two pairs at a
 * time. */
void nv_score_quantise_n(double *contrib, size_t n);

/* The first form (in config order) that mentor row m and mentee row e
 * both accept, both pass the side rules of and share the key of: what
 * nv_pair_form says, from the model's masks (no form-name map to build
 * per pair); -1 when none. */
static inline int nv_model_pair_form(const struct nv_model *M, size_t m, size_t e)
{
	for (uint64_t both = M->mentor_ok[m] & M->mentee_ok[e]; both; both &= both - 1) {
		unsigned g = (unsigned)__builtin_ctzll(both);
		uint64_t bit = UINT64_C(1) << g;
		if ((M->org_forms & bit) && M->t->org[m] != M->t->org[e])
			continue;
		if ((M->district_forms & bit) && M->t->district[m] != M->t->district[e])
			continue;
		return (int)g;
	}
	return -1;
}

/* Whether row r, whose side rules form f takes, accepts f in its forms
 * column (its mask is the two together). */
static inline int nv_model_accepts(const struct nv_model *M, size_t r, unsigned f)
{
	return ((M->t->role[r] == NV_MENTEE ? M->mentee_ok[r] : M->mentor_ok[r]) >> f) & 1;
}

/* Whether form f is the first form (in config order) of pair (m, e), given
 * that m and e both pass f's side rules and share its key. */
static inline int nv_model_first_form(const struct nv_model *M, size_t m,
                                      size_t e, unsigned f)
{
	uint64_t earlier = M->mentor_ok[m] & M->mentee_ok[e] &
	                   ((UINT64_C(1) << f) - 1);
	while (earlier) {
		unsigned g = (unsigned)__builtin_ctzll(earlier);
		earlier &= earlier - 1;
		uint64_t bit = UINT64_C(1) << g;
		if ((M->org_forms & bit) && M->t->org[m] != M->t->org[e])
			continue;
		if ((M->district_forms & bit) && M->t->district[m] != M->t->district[e])
			continue;
		return 0;
	}
	return 1;
}

#endif
