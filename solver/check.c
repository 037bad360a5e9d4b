/* check.c (nv_asg_check: an answer against every constraint of SPEC §4) */
#include "solverint.h"

#include <stdlib.h>
#include <string.h>

/* Mentor, mentee or form i as a message names it: 'name' (its first 64
 * bytes, control characters as '?', so that a message stays one line)
 * when the caller gives one, else the index. */
static const char *label(const nv_asg *a, char kind, uint32_t i, char buf[80])
{
	const char *s = a->name ? a->name(a->name_ud, kind, i) : NULL;
	if (!s) {
		snprintf(buf, 80, "%u", i);
		return buf;
	}
	size_t o = 0;
	buf[o++] = '\'';
	for (; *s && o < 65; s++)
		buf[o++] = (unsigned char)*s < 0x20 || *s == 0x7F ? '?' : *s;
	buf[o++] = '\'';
	buf[o] = '\0';
	return buf;
}

int nv_asg_check(const nv_asg *a, const uint32_t *chosen, size_t n_chosen,
                 char *msg, size_t msgsz)
{
	NV_ASSERT(a && (chosen || n_chosen == 0) && msg && msgsz > 0);
	size_t E = a->n_edges, L = a->n_mentees, R = a->n_mentors;
	int rc = NV_EFAIL;
	uint8_t *in = nv_xcalloc(E + 1, 1);
	uint8_t *taken = nv_xcalloc(L + 1, 1);
	int32_t *load = nv_xcalloc(R + 1, sizeof *load);
	int64_t *form_of = nv_xmalloc((R + 1) * sizeof *form_of);
	int64_t *per_form = nv_xcalloc(a->n_forms + 1, sizeof *per_form);
	char b1[80], b2[80], b3[80];
	msg[0] = '\0';
	for (size_t m = 0; m < R; m++)
		form_of[m] = -1;

	for (size_t k = 0; k < n_chosen; k++) {
		uint32_t e = chosen[k];
		if (e >= E) {
			snprintf(msg, msgsz, "chosen edge %u does not exist", e);
			goto done;
		}
		if (k > 0 && chosen[k - 1] >= e) {
			snprintf(msg, msgsz, "chosen edges are not ascending at %zu", k);
			goto done;
		}
		in[e] = 1;
		uint32_t m = a->mentor[e], i = a->mentee[e], f = nv_asg_form(a, e);
		if (nv_asg_flags(a, e) & NV_EDGE_FORBIDDEN) {
			snprintf(msg, msgsz, "forbidden pair mentor %s - mentee %s is chosen",
			         label(a, 'm', m, b1), label(a, 'e', i, b2));
			goto done;
		}
		if (taken[i]) {
			snprintf(msg, msgsz, "mentee %s has two mentors", label(a, 'e', i, b1));
			goto done;
		}
		taken[i] = 1;
		if (++load[m] > nv_asg_cap(a, m)) {
			snprintf(msg, msgsz, "mentor %s has more than its capacity %d",
			         label(a, 'm', m, b1), nv_asg_cap(a, m));
			goto done;
		}
		if (a->one_form_per_mentor) {
			if (form_of[m] >= 0 && form_of[m] != (int64_t)f) {
				snprintf(msg, msgsz, "mentor %s works in two forms (%s and %s)",
				         label(a, 'm', m, b1), label(a, 'f', (uint32_t)form_of[m], b2),
				         label(a, 'f', f, b3));
				goto done;
			}
			form_of[m] = f;
		}
		if (a->n_forms)
			per_form[f]++;
	}
	for (size_t e = 0; e < E; e++)
		if ((nv_asg_flags(a, e) & NV_EDGE_FIXED) && !in[e]) {
			snprintf(msg, msgsz, "fixed pair mentor %s - mentee %s is missing",
			         label(a, 'm', a->mentor[e], b1), label(a, 'e', a->mentee[e], b2));
			goto done;
		}
	for (size_t f = 0; f < a->n_forms; f++) {
		if (nv_asg_qmin(a, f) > 0 && per_form[f] < nv_asg_qmin(a, f)) {
			snprintf(msg, msgsz, "form %s has %lld pairs, below min_pairs %d",
			         label(a, 'f', (uint32_t)f, b1), (long long)per_form[f], nv_asg_qmin(a, f));
			goto done;
		}
		if (nv_asg_qmax(a, f) >= 0 && per_form[f] > nv_asg_qmax(a, f)) {
			snprintf(msg, msgsz, "form %s has %lld pairs, above max_pairs %d",
			         label(a, 'f', (uint32_t)f, b1), (long long)per_form[f], nv_asg_qmax(a, f));
			goto done;
		}
	}
	rc = NV_OK;
done:
	free(in);
	free(taken);
	free(load);
	free(form_of);
	free(per_form);
	return rc;
}
