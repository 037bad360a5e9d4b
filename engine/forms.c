/* forms.c (eligibility, SPEC §2: which form, if any, a mentor-mentee pair
 * falls under; also the per-person side masks and bucket keys the scoring
 * model groups people by) */
#include "model_internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
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

/* --- why a pair is not eligible ------------------------------------------- */

typedef struct why_buf {
	char *p;
	size_t size, len;
} why_buf;

static void why_add(why_buf *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void why_add(why_buf *w, const char *fmt, ...)
{
	if (w->len + 1 >= w->size)
		return; /* full: the text stops there */
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(w->p + w->len, w->size - w->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		w->len = w->len + (size_t)n < w->size ? w->len + (size_t)n : w->size - 1;
}

/* A range as the config writes it: "15-18", "3-", "-3". */
static void range_text(nv_range g, char *buf, size_t n)
{
	char lo[32] = "", hi[32] = "";
	if (!isinf(g.lo))
		snprintf(lo, sizeof lo, "%g", g.lo);
	if (!isinf(g.hi))
		snprintf(hi, sizeof hi, "%g", g.hi);
	snprintf(buf, n, "%s-%s", lo, hi);
}

/* Row r's side of form f (its age and experience) in words, when the
 * rule leaves it out: 1 then. */
static int side_why(why_buf *w, const nv_form *f, const nv_table *t, size_t r, nv_role role)
{
	const char *who = role == NV_MENTOR ? "the mentor" : "the mentee";
	nv_range age = role == NV_MENTOR ? f->mentor_age : f->mentee_age;
	nv_range exp = role == NV_MENTOR ? f->mentor_exp : f->mentee_exp;
	char g[80];
	if (!range_open(age) && (t->age[r] < 0 || !in_range(age, t->age[r]))) {
		range_text(age, g, sizeof g);
		if (t->age[r] < 0)
			why_add(w, "%s has no age (it takes %s)", who, g);
		else
			why_add(w, "%s's age %d is not in %s", who, (int)t->age[r], g);
		return 1;
	}
	if (!range_open(exp) && !in_range(exp, t->experience[r])) {
		range_text(exp, g, sizeof g);
		if (isnan(t->experience[r]))
			why_add(w, "%s has no experience_years (it takes %s)", who, g);
		else
			why_add(w, "%s's experience %g is not in %s", who, t->experience[r], g);
		return 1;
	}
	return 0;
}

size_t nv_pair_form_why(const nv_config *c, const nv_table *t, size_t mentor_row, size_t mentee_row,
                        char *buf, size_t size)
{
	NV_ASSERT(mentor_row < t->n && mentee_row < t->n && size > 0);
	why_buf w = {buf, size, 0};
	buf[0] = 0;
	int *map = nv_form_name_map(c, t);
	uint64_t am = accept_mask(c, t, mentor_row, map), ae = accept_mask(c, t, mentee_row, map);
	free(map);
	int any = 0;
	for (size_t f = 0; f < c->n_forms; f++) {
		const nv_form *fm = &c->form[f];
		/* the forms for these two categories: the rule they break there */
		if ((fm->mentor_category >= 0 && t->category[mentor_row] != fm->mentor_category) ||
		    (fm->mentee_category >= 0 && t->category[mentee_row] != fm->mentee_category))
			continue;
		why_add(&w, "%s%s: ", any++ ? "; " : "", fm->name);
		if (side_why(&w, fm, t, mentor_row, NV_MENTOR) ||
		    side_why(&w, fm, t, mentee_row, NV_MENTEE))
			continue;
		if (fm->same_org && t->org[mentor_row] != t->org[mentee_row])
			why_add(&w, "not in the same org ('%s', '%s')",
			        nv_vocab_name(t->orgs, t->org[mentor_row]),
			        nv_vocab_name(t->orgs, t->org[mentee_row]));
		else if (fm->same_district && t->district[mentor_row] != t->district[mentee_row])
			why_add(&w, "not in the same district ('%s', '%s')",
			        nv_vocab_name(t->districts, t->district[mentor_row]),
			        nv_vocab_name(t->districts, t->district[mentee_row]));
		else if (!(am >> f & 1))
			why_add(&w, "the mentor's forms column leaves it out");
		else if (!(ae >> f & 1))
			why_add(&w, "the mentee's forms column leaves it out");
		else
			why_add(&w, "eligible");
	}
	if (!any)
		why_add(&w, "no form pairs a %s mentor with a %s mentee",
		        nv_category_word((nv_category)t->category[mentor_row]),
		        nv_category_word((nv_category)t->category[mentee_row]));
	return w.len;
}
