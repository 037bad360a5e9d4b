/* asg_brute.h — for the solver tests: every assignment of a tiny problem
 * (each mentee: no pair or one of its edges), the feasible ones handed to a
 * callback that keeps the best by its own measure. Header-only. */
#ifndef NV_ASG_BRUTE_H
#define NV_ASG_BRUTE_H

#include "solver.h"

enum { ASG_BRUTE_MAXL = 8, ASG_BRUTE_MAXDEG = 16 };

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

#endif
