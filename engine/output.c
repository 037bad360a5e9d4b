/* output.c (pairs.csv and unmatched.csv exactly as SPEC §6, and the
 * nothing-is-lost check that runs before anything is written) */
#include "match_internal.h"
#include "model_internal.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

const char *nv_micro_text(double x, char buf[NV_MICRO_TEXT])
{
	int64_t u = nv_micro(x);
	uint64_t a = u < 0 ? (uint64_t)(-(u + 1)) + 1 : (uint64_t)u;
	snprintf(buf, NV_MICRO_TEXT, "%s%" PRIu64 ".%06" PRIu64, u < 0 ? "-" : "", a / 1000000,
	         a % 1000000);
	return buf;
}

static void put_micro(FILE *f, double x)
{
	char b[NV_MICRO_TEXT];
	fputs(nv_micro_text(x, b), f);
}

static const uint32_t *sort_m, *sort_e;
static int cmp_chosen(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	if (sort_m[x] != sort_m[y])
		return sort_m[x] < sort_m[y] ? -1 : 1;
	return sort_e[x] < sort_e[y] ? -1 : sort_e[x] > sort_e[y];
}

void nv_output_order(const nv_run *r, uint32_t *ord)
{
	size_t n = r->sol->n_chosen;
	if (n)
		memcpy(ord, r->sol->chosen, n * sizeof *ord);
	/* mentor input order, then mentee input order (indices follow rows) */
	sort_m = r->e_mentor;
	sort_e = r->e_mentee;
	qsort(ord, n, sizeof *ord, cmp_chosen);
}

void nv_output_pairs(const nv_run *r, FILE *f)
{
	const nv_table *t = r->t;
	int names = r->p.with_names && t->name;
	fputs("group,mentor_id,mentee_id,form,score,psych,subjects,goals,needs,fixed,reason", f);
	if (r->p.with_names)
		fputs(",mentor_name,mentee_name", f);
	fputs("\n", f);
	size_t n = r->sol->n_chosen;
	uint32_t *ord = nv_xmalloc((n + 1) * sizeof *ord);
	nv_output_order(r, ord);
	for (size_t i = 0; i < n; i++) {
		uint32_t e = ord[i];
		size_t mr = r->mentor_row[r->e_mentor[e]], er = r->mentee_row[r->e_mentee[e]];
		nv_csv_put(f, t->id[mr]);
		fputc(',', f);
		nv_csv_put(f, t->id[mr]);
		fputc(',', f);
		nv_csv_put(f, t->id[er]);
		fputc(',', f);
		nv_csv_put(f, r->cfg.form[r->e_form[e]].name);
		fputc(',', f);
		put_micro(f, r->e_score[e]);
		for (int k = 0; k < NV_NTERMS; k++) {
			fputc(',', f);
			put_micro(f, r->e_contrib[e * NV_NTERMS + k]);
		}
		fputs(r->e_flags[e] & NV_EDGE_FIXED ? ",yes," : ",no,", f);
		nv_csv_put(f, r->edge_reason && r->edge_reason[e] ? r->edge_reason[e] : "");
		if (r->p.with_names) {
			fputc(',', f);
			nv_csv_put(f, names && t->name[mr] ? t->name[mr] : "");
			fputc(',', f);
			nv_csv_put(f, names && t->name[er] ? t->name[er] : "");
		}
		fputc('\n', f);
	}
	free(ord);
}

void nv_output_unmatched(const nv_run *r, FILE *f)
{
	const nv_table *t = r->t;
	fputs("id,role,reason_code,reason\n", f);
	for (size_t i = 0; i < t->n; i++) {
		if (r->code[i] == NV_RC_NONE)
			continue;
		nv_csv_put(f, t->id[i]);
		fputc(',', f);
		fputs(nv_role_word((nv_role)t->role[i]), f);
		fputc(',', f);
		fputs(nv_reason_code_word(r->code[i]), f);
		fputc(',', f);
		nv_csv_put(f, r->row_reason[i] ? r->row_reason[i] : "");
		fputc('\n', f);
	}
}

int nv_output_check(const nv_run *r, char *msg, size_t msgsz)
{
	const nv_table *t = r->t;
	int rc = NV_OK;
	uint32_t *in_pairs = nv_xcalloc(t->n + 1, sizeof *in_pairs);
	/* the answer obeys every constraint of the problem it solved */
	if (nv_asg_check(&r->asg, r->sol->chosen, r->sol->n_chosen, msg, msgsz) != NV_OK) {
		rc = NV_EFAIL;
		goto done;
	}
	for (size_t i = 0; i < r->sol->n_chosen; i++) {
		uint32_t e = r->sol->chosen[i];
		size_t mr = r->mentor_row[r->e_mentor[e]], er = r->mentee_row[r->e_mentee[e]];
		if (nv_model_pair_form(r->model, mr, er) != (int)r->e_form[e]) {
			snprintf(msg, msgsz, "pair %s,%s is not eligible under form %s", t->id[mr],
			         t->id[er], r->cfg.form[r->e_form[e]].name);
			rc = NV_EFAIL;
			goto done;
		}
		if (nv_run_forbidden(r, r->e_mentor[e], r->e_mentee[e])) {
			snprintf(msg, msgsz, "forbidden pair %s,%s chosen", t->id[mr], t->id[er]);
			rc = NV_EFAIL;
			goto done;
		}
		in_pairs[mr]++;
		in_pairs[er]++;
	}
	for (size_t i = 0; i < r->n_fix; i++) {
		uint32_t e = (uint32_t)(r->fix[i] >> 32), m = (uint32_t)r->fix[i];
		int64_t ed = nv_run_edge(r, m, e);
		if (ed < 0 || r->mentee_edge[e] != ed) {
			snprintf(msg, msgsz, "fixed pair %s,%s missing from the answer",
			         t->id[r->mentor_row[m]], t->id[r->mentee_row[e]]);
			rc = NV_EFAIL;
			goto done;
		}
	}
	for (size_t i = 0; i < t->n; i++) {
		int un = r->code[i] != NV_RC_NONE;
		const char *bad = NULL;
		if (t->status[i] != NV_ROW_OK)
			bad = in_pairs[i] || !un ? "an invalid or no-consent row not in unmatched.csv alone" : NULL;
		else if (t->role[i] == NV_MENTEE)
			bad = in_pairs[i] + un != 1 ? "a mentee not exactly once in the outputs" : NULL;
		else
			bad = (in_pairs[i] > 0) == un ? "a mentor neither in pairs nor once in unmatched" : NULL;
		if (bad) {
			snprintf(msg, msgsz, "row %ld (id '%s'): %s", t->line[i], t->id[i], bad);
			rc = NV_EFAIL;
			break;
		}
	}
done:
	free(in_pairs);
	return rc;
}
