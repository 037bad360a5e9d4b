/* greedy.c (the plain reference of the benchmarks: best pair first on a
 * scored edges file, under the same capacities and one form per mentor)
 *
 * usage: greedy EDGES CAPACITY [--many-forms]
 * EDGES is what `nastavnik score` writes, CAPACITY mentor_id,capacity;
 * --many-forms lets a mentor work in several forms (one_form_per_mentor
 * = no).
 * Prints one line: matched, total score, and the seconds spent choosing
 * (reading the files apart). Ties break by mentee, then mentor, in file
 * order, so the answer is reproducible. */
#include "data.h"

#include <stdlib.h>
#include <string.h>

static const nv_edges *E;

static int by_score_desc(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
	if (E->score[a] != E->score[b])
		return E->score[a] > E->score[b] ? -1 : 1;
	if (E->mentee[a] != E->mentee[b])
		return E->mentee[a] < E->mentee[b] ? -1 : 1;
	if (E->mentor[a] != E->mentor[b])
		return E->mentor[a] < E->mentor[b] ? -1 : 1;
	return 0;
}

int main(int argc, char **argv)
{
	int one_form = 1;
	if (argc == 4 && !strcmp(argv[3], "--many-forms"))
		one_form = 0;
	else if (argc != 3) {
		fprintf(stderr, "usage: greedy EDGES CAPACITY [--many-forms]\n");
		return NV_EUSAGE;
	}
	int rc = NV_EDATA;
	double t0 = nv_now();
	nv_diag *diag = nv_diag_new(20);
	nv_edges *e = NULL;
	int32_t *cap = NULL, *load = NULL;
	int64_t *form = NULL;
	uint8_t *taken = NULL;
	uint32_t *order = NULL;
	if (nv_edges_read(argv[1], NV_ENC_AUTO, &e, diag) != NV_OK)
		goto done;
	size_t nm = nv_vocab_count(e->mentors), ne = nv_vocab_count(e->mentees);
	cap = nv_xmalloc((nm + 1) * sizeof *cap);
	for (size_t m = 0; m < nm; m++)
		cap[m] = 1;
	if (nv_capacity_read(argv[2], NV_ENC_AUTO, e->mentors, cap, diag) != NV_OK)
		goto done;
	double t_read = nv_now() - t0;

	t0 = nv_now();
	load = nv_xcalloc(nm + 1, sizeof *load);
	form = nv_xmalloc((nm + 1) * sizeof *form);
	for (size_t m = 0; m < nm; m++)
		form[m] = -1;
	taken = nv_xcalloc(ne + 1, 1);
	order = nv_xmalloc((e->n + 1) * sizeof *order);
	for (size_t i = 0; i < e->n; i++)
		order[i] = (uint32_t)i;
	E = e;
	qsort(order, e->n, sizeof *order, by_score_desc);
	size_t matched = 0;
	double total = 0;
	for (size_t k = 0; k < e->n; k++) {
		uint32_t i = order[k], m = e->mentor[i], j = e->mentee[i];
		if (taken[j] || load[m] >= cap[m] || (one_form && form[m] >= 0 && form[m] != e->form[i]))
			continue;
		taken[j] = 1;
		load[m]++;
		form[m] = e->form[i];
		matched++;
		total += e->score[i];
	}
	double t_choose = nv_now() - t0;
	printf("matched=%zu total=%.6f seconds=%.6f read_seconds=%.6f edges=%zu\n", matched,
	       total, t_choose, t_read, e->n);
	rc = NV_OK;
done:
	/* errors only: capacity rows of mentors with no edge are notes */
	for (size_t i = 0; i < nv_diag_errors(diag); i++)
		fprintf(stderr, "%s\n", nv_diag_error_at(diag, i));
	nv_diag_free(diag);
	nv_edges_free(e);
	free(cap);
	free(load);
	free(form);
	free(taken);
	free(order);
	return rc;
}
