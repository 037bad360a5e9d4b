/* proof.c (the optimality certificate of the network path)
 *
 * Written apart from flow.c on purpose: it only reads the answer and the
 * duals. Weak LP duality for max sum w x, sum_e∋i x <= 1, sum_e∋m x <=
 * cap_m: if u, v >= 0 and u_i + v_m >= w_e on every candidate edge, then
 * sum u + sum cap*v bounds every assignment; a feasible assignment reaching
 * that bound is optimal. Sums in 128 bits so nothing can overflow. */
#include "solverint.h"

#include <inttypes.h>
#include <stdlib.h>

__extension__ typedef __int128 wide;

int nv_proof_check(size_t n_edges, const uint32_t *mentee,
                   const uint32_t *mentor, const int64_t *w,
                   const uint8_t *chosen, size_t n_mentees, size_t n_mentors,
                   const int32_t *cap, const int64_t *u, const int64_t *v,
                   int64_t *value, char *msg, size_t msgsz)
{
	int rc = NV_EFAIL;
	uint32_t *deg_e = nv_xcalloc(n_mentees + 1, sizeof *deg_e);
	uint32_t *deg_m = nv_xcalloc(n_mentors + 1, sizeof *deg_m);
	wide primal = 0, dual = 0;

	for (size_t i = 0; i < n_mentees; i++)
		if (u[i] < 0) {
			snprintf(msg, msgsz, "dual of mentee %zu is negative", i);
			goto done;
		}
	for (size_t m = 0; m < n_mentors; m++)
		if (v[m] < 0) {
			snprintf(msg, msgsz, "dual of mentor %zu is negative", m);
			goto done;
		}
	for (size_t e = 0; e < n_edges; e++) {
		wide slack = (wide)u[mentee[e]] + v[mentor[e]] - w[e];
		if (slack < 0) {
			snprintf(msg, msgsz,
			         "edge %zu (mentor %" PRIu32 ", mentee %" PRIu32
			         ") has positive reduced weight: the answer is not optimal",
			         e, mentor[e], mentee[e]);
			goto done;
		}
		if (!chosen[e])
			continue;
		if (slack != 0) {
			snprintf(msg, msgsz, "chosen edge %zu is not tight", e);
			goto done;
		}
		primal += w[e];
		if (++deg_e[mentee[e]] > 1) {
			snprintf(msg, msgsz, "mentee %" PRIu32 " is chosen twice", mentee[e]);
			goto done;
		}
		if (++deg_m[mentor[e]] > (uint32_t)cap[mentor[e]]) {
			snprintf(msg, msgsz, "mentor %" PRIu32 " is over capacity", mentor[e]);
			goto done;
		}
	}
	for (size_t i = 0; i < n_mentees; i++)
		dual += u[i];
	for (size_t m = 0; m < n_mentors; m++)
		dual += (wide)cap[m] * v[m];
	if (primal != dual) {
		snprintf(msg, msgsz, "primal %.0f and dual %.0f differ",
		         (double)primal, (double)dual);
		goto done;
	}
	if (value)
		*value = (int64_t)primal;
	rc = NV_OK;
done:
	free(deg_e);
	free(deg_m);
	return rc;
}
