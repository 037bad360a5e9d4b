/* forms.c (eligibility, SPEC §2: which form, if any, a mentor-mentee pair
 * falls under; also the per-person side masks and bucket keys the scoring
 * model groups people by) */
#include "model_internal.h"

#include <math.h>
#include <stdlib.h>

/* --- private -------------------------------------------------------------- */

static int range_open(nv_range r)
{
	return r.lo == -INFINITY && r.hi == INFINITY;
}

static int in_range(nv_range r, double v)
{
	return v >= r.lo && v <= r.hi; /* false for NaN */
}

/* Row r meets the person-side rule of form f as `role` (inlined into the
 * per-row masks; nv_form_side_ok is the same for the reasons). */
static inline int side_ok(const nv_form *f, const nv_table *t, size_t r, nv_role role)
{
	int cat = role == NV_MENTOR ? f->mentor_category : f->mentee_category;
	nv_range age = role == NV_MENTOR ? f->mentor_age : f->mentee_age;
	nv_range exp = role == NV_MENTOR ? f->mentor_exp : f->mentee_exp;
	if (cat >= 0 && t->category[r] != cat)
		return 0;
	if (!range_open(age) && (t->age[r] < 0 || !in_range(age, t->age[r])))
		return 0;
	if (!range_open(exp) && !in_range(exp, t->experience[r]))
		return 0;
	return 1;
}

int nv_form_side_ok(const nv_form *f, const nv_table *t, size_t r, nv_role role)
{
	return side_ok(f, t, r, role);
}

static uint64_t all_forms(const nv_config *c)
{
	return c->n_forms >= 64 ? ~UINT64_C(0) : (UINT64_C(1) << c->n_forms) - 1;
}

/* The forms row r accepts: all when its forms cell is empty. */
static uint64_t accept_mask(const nv_config *c, const nv_table *t, size_t r,
                            const int *form_of_name)
{
	if (t->form_off[r] == t->form_off[r + 1])
		return all_forms(c);
	uint64_t m = 0;
	for (size_t k = t->form_off[r]; k < t->form_off[r + 1]; k++) {
		int f = form_of_name[t->form[k]];
		if (f >= 0)
			m |= UINT64_C(1) << f;
	}
	return m;
}

/* --- API ------------------------------------------------------------------ */

int *nv_form_name_map(const nv_config *c, const nv_table *t)
{
	size_t n = t->form_names ? nv_vocab_count(t->form_names) : 0;
	int *map = nv_xmalloc((n ? n : 1) * sizeof *map);
	for (size_t i = 0; i < n; i++)
		map[i] = nv_config_form(c, nv_vocab_name(t->form_names, (uint32_t)i));
	return map;
}

uint64_t nv_form_side_mask(const nv_config *c, const nv_table *t, size_t r,
                           nv_role role, const int *form_of_name)
{
	if (t->status[r] != NV_ROW_OK || t->role[r] != role)
		return 0;
	uint64_t m = accept_mask(c, t, r, form_of_name);
	uint64_t out = 0;
	for (size_t f = 0; f < c->n_forms; f++)
		if ((m >> f & 1) && side_ok(&c->form[f], t, r, role))
			out |= UINT64_C(1) << f;
	return out;
}

uint64_t nv_form_key(const nv_form *f, const nv_table *t, size_t r)
{
	uint64_t k = 0;
	if (f->same_org)
		k |= (uint64_t)t->org[r] << 32;
	if (f->same_district)
		k |= t->district[r];
	return k;
}

int nv_pair_form(const nv_config *c, const nv_table *t, size_t mentor_row,
                 size_t mentee_row)
{
	NV_ASSERT(mentor_row < t->n && mentee_row < t->n);
	int *map = nv_form_name_map(c, t);
	uint64_t both = nv_form_side_mask(c, t, mentor_row, NV_MENTOR, map) &
	                nv_form_side_mask(c, t, mentee_row, NV_MENTEE, map);
	free(map);
	for (size_t f = 0; f < c->n_forms; f++) {
		if (!(both >> f & 1))
			continue;
		const nv_form *fm = &c->form[f];
		if (fm->same_org && t->org[mentor_row] != t->org[mentee_row])
			continue;
		if (fm->same_district &&
		    t->district[mentor_row] != t->district[mentee_row])
			continue;
		return (int)f;
	}
	return -1;
}
