/* asg_brute.h — for the solver tests: every assignment of a tiny problem
 * (each mentee: no pair or one of its edges), the feasible ones handed to a
 * callback; the objective as a tuple and the best assignment by it.
 * Header-only; include after <cmocka.h>. */
#ifndef NV_ASG_BRUTE_H
#define NV_ASG_BRUTE_H

#include <string.h>

#include "solver.h"
#include "solverint.h"

enum { ASG_BRUTE_MAXL = 8, ASG_BRUTE_MAXDEG = 16 };

/* Points a test instance's problem (member a) at the instance's own arrays
 * mentor, mentee, score, form, flags and cap, whatever their sizes. */
#define ASG_WIRE(in)                          \
	do {                                      \
		(in)->a.mentor = (in)->mentor;        \
		(in)->a.mentee = (in)->mentee;        \
		(in)->a.score = (in)->score;          \
		(in)->a.form = (in)->form;            \
		(in)->a.flags = (in)->flags;          \
		(in)->a.capacity = (in)->cap;         \
	} while (0)

/* Calls fn(ud, chosen, n) for every feasible set (edge indices ascending,
 * as nv_asg_check wants); returns how many there were. */
static size_t asg_brute_each(const nv_asg *a,
                             void (*fn)(void *ud, const uint32_t *ch, size_t n),
                             void *ud)
{
	size_t E = a->n_edges, L = a->n_mentees, feasible = 0;
	NV_ASSERT(L <= ASG_BRUTE_MAXL);
	uint32_t opts[ASG_BRUTE_MAXL][ASG_BRUTE_MAXDEG];
	uint32_t nopt[ASG_BRUTE_MAXL] = {0}, pick[ASG_BRUTE_MAXL] = {0};
	for (size_t e = 0; e < E; e++) {
		NV_ASSERT(nopt[a->mentee[e]] < ASG_BRUTE_MAXDEG);
		opts[a->mentee[e]][nopt[a->mentee[e]]++] = (uint32_t)e;
	}
	char msg[128];
	for (;;) {
		uint32_t ch[ASG_BRUTE_MAXL] = {0};
		size_t n = 0;
		for (size_t i = 0; i < L; i++)
			if (pick[i])
				ch[n++] = opts[i][pick[i] - 1];
		for (size_t p = 1; p < n; p++)
			for (size_t q = p; q > 0 && ch[q - 1] > ch[q]; q--) {
				uint32_t t = ch[q];
				ch[q] = ch[q - 1];
				ch[q - 1] = t;
			}
		if (nv_asg_check(a, ch, n, msg, sizeof msg) == NV_OK) {
			fn(ud, ch, n);
			feasible++;
		}
		size_t i = 0;
		while (i < L && pick[i] == nopt[i])
			pick[i++] = 0;
		if (i == L)
			break;
		pick[i]++;
	}
	return feasible;
}

/* The objective as a tuple compared lexicographically: coverage (count,
 * total, 0); score (total, 0, 0); maximin (count, smallest value of a pair
 * not fixed, total). */
typedef struct asg_val {
	int64_t x, y, z;
} asg_val;

static inline asg_val asg_value(const nv_asg *a, const uint32_t *ch, size_t n)
{
	int64_t total = 0, lowest = INT64_MAX;
	for (size_t k = 0; k < n; k++) {
		int64_t c = nv_asg_value(a, ch[k]);
		total += c;
		if (!(nv_asg_flags(a, ch[k]) & NV_EDGE_FIXED) && c < lowest)
			lowest = c;
	}
	if (a->objective == NV_OBJ_COVERAGE)
		return (asg_val){(int64_t)n, total, 0};
	if (a->objective == NV_OBJ_SCORE)
		return (asg_val){total, 0, 0};
	return (asg_val){(int64_t)n, lowest, total};
}

static inline int asg_val_less(asg_val p, asg_val q)
{
	if (p.x != q.x)
		return p.x < q.x;
	if (p.y != q.y)
		return p.y < q.y;
	return p.z < q.z;
}

static inline int asg_val_eq(asg_val p, asg_val q)
{
	return !asg_val_less(p, q) && !asg_val_less(q, p);
}

/* The best feasible value and one assignment reaching it (the first in
 * enumeration order). */
typedef struct asg_best {
	const nv_asg *a;
	asg_val best;
	int found;
	uint32_t ch[ASG_BRUTE_MAXL];
	size_t n;
} asg_best;

static inline void asg_best_keep(void *ud, const uint32_t *ch, size_t n)
{
	asg_best *b = ud;
	asg_val v = asg_value(b->a, ch, n);
	if (!b->found || asg_val_less(b->best, v)) {
		b->best = v;
		memcpy(b->ch, ch, n * sizeof *ch);
		b->n = n;
	}
	b->found = 1;
}

/* Fills b; 0 when no assignment is feasible. */
static inline int asg_brute_best(const nv_asg *a, asg_best *b)
{
	memset(b, 0, sizeof *b);
	b->a = a;
	asg_brute_each(a, asg_best_keep, b);
	return b->found;
}

/* The best feasible value into *best; 0 when none. */
static inline int asg_brute(const nv_asg *a, asg_val *best)
{
	asg_best b;
	if (!asg_brute_best(a, &b))
		return 0;
	*best = b.best;
	return 1;
}

/* The value of the answer chosen[] marks, which must meet every
 * constraint (the test fails otherwise). */
static inline asg_val asg_value_bytes(const nv_asg *a, const uint8_t *chosen)
{
	uint32_t ch[ASG_BRUTE_MAXL];
	size_t n = 0;
	for (size_t e = 0; e < a->n_edges; e++)
		if (chosen[e]) {
			if (n == ASG_BRUTE_MAXL)
				fail_msg("more pairs than mentees");
			ch[n++] = (uint32_t)e;
		}
	char msg[160];
	if (nv_asg_check(a, ch, n, msg, sizeof msg) != NV_OK)
		fail_msg("answer fails its check: %s", msg);
	return asg_value(a, ch, n);
}

#endif
