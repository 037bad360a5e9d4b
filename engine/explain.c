/* explain.c (nastavnik explain: why this mentor, why not the next best
 * ones, and what would change if the best alternative were fixed — a real
 * re-solve, not a guess) */
#include "match_internal.h"
#include "model_internal.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ALTERNATIVES 5
#define CHANGES_SHOWN 12

typedef struct alt {
	uint32_t m, form; /* m: the partner's index (a mentor's or a mentee's) */
	double score;
} alt;

static int cmp_alt(const void *a, const void *b)
{
	const alt *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return x->m < y->m ? -1 : x->m > y->m;
}

/* Row's eligible partners, best first, into as (room for all of them):
 * the mentors of a mentee's row, the mentees of a mentor's (alt.m their
 * index), each with its form and score. Their count. */
static size_t partners(const nv_run *r, size_t row, alt *as)
{
	int mentor = r->t->role[row] == NV_MENTOR;
	size_t n = mentor ? r->n_mentees : r->n_mentors, na = 0;
	for (uint32_t i = 0; i < n; i++) {
		size_t other = mentor ? r->mentee_row[i] : r->mentor_row[i];
		size_t mr = mentor ? row : other, er = mentor ? other : row;
		int f = nv_model_pair_form(r->model, mr, er);
		if (f < 0)
			continue;
		double contrib[NV_NTERMS];
		as[na++] = (alt){i, (uint32_t)f, nv_score_pair(r->model, mr, er, contrib)};
	}
	qsort(as, na, sizeof *as, cmp_alt);
	return na;
}

/* An id as explain's lists print it: one holding a comma in quotes
 * ("«ученик, 1»"), so that a list reads as the ids it holds. */
static void put_id(const char *id, int ru, FILE *out)
{
	if (strchr(id, ','))
		fprintf(out, ru ? "«%s»" : "\"%s\"", id);
	else
		fputs(id, out);
}

/* The mentees of mentor m in the answer, "E1, E2". */
static void mentees_of(const nv_run *r, uint32_t m, int ru, FILE *out)
{
	int first = 1;
	for (size_t i = 0; i < r->sol->n_chosen; i++) {
		uint32_t e = r->sol->chosen[i];
		if (r->e_mentor[e] != m)
			continue;
		fputs(first ? "" : ", ", out);
		put_id(r->t->id[r->mentee_row[r->e_mentee[e]]], ru, out);
		first = 0;
	}
}

static const char *obj_total_word(nv_lang lang)
{
	return lang == NV_LANG_RU ? "сумма оценок" : "total score";
}

int nv_answer_beats(nv_objective o, const nv_solution *s, size_t matched0, double total0,
                    double min0)
{
	const double eps = 5e-7;
	if (o != NV_OBJ_SCORE && s->matched != matched0)
		return s->matched > matched0;
	if (o == NV_OBJ_MAXIMIN && (s->min_score > min0 + eps || s->min_score < min0 - eps))
		return s->min_score > min0;
	return s->total > total0 + eps;
}

/* Mentee e's mentor in r's answer (an index), -1 without one. */
static int32_t mentor_of(const nv_run *r, size_t e)
{
	return r->mentee_edge[e] >= 0 ? (int32_t)r->e_mentor[r->mentee_edge[e]] : -1;
}

enum {
	LOSES,
	GAINS,
	CHANGES
};

/* How a mentee's mentor went from `was` to `now`: LOSES, GAINS, CHANGES,
 * or -1 when it stayed. */
static int change_kind(int32_t was, int32_t now)
{
	return was == now ? -1 : now < 0 ? LOSES : was < 0 ? GAINS : CHANGES;
}

/* One line of the counterfactual's changes: mentee e, its mentors (indices)
 * before and now. */
static void change_line(const nv_run *r, int kind, size_t e, int32_t was, int32_t now, int ru,
                        FILE *out)
{
	static const char *const verb[2][3] = {{" loses mentor ", " gains mentor ",
	                                        " changes mentor: "},
	                                       {" теряет наставника ", " получает наставника ",
	                                        " меняет наставника: "}};
	const nv_table *t = r->t;
	fputs("  ", out);
	put_id(t->id[r->mentee_row[e]], ru, out);
	fputs(verb[ru][kind], out);
	put_id(t->id[r->mentor_row[kind == GAINS ? now : was]], ru, out);
	if (kind == CHANGES) {
		fputs(" → ", out);
		put_id(t->id[r->mentor_row[now]], ru, out);
	}
	fputc('\n', out);
}

/* Mentor m's pair with mentee e as the solver would weigh it: its form
 * (-1: not eligible, or forbidden) and its score in micro-units. */
static int pair_of(const nv_run *r, uint32_t m, uint32_t e, int64_t *q)
{
	size_t mr = r->mentor_row[m], er = r->mentee_row[e];
	int f = nv_model_pair_form(r->model, mr, er);
	if (f < 0 || nv_run_forbidden(r, m, e))
		return -1;
	double contrib[NV_NTERMS];
	*q = nv_micro(nv_score_pair(r->model, mr, er, contrib));
	return f;
}

/* The form mentee e would take from mentor `from` to mentor `to` at no
 * change to anything the objective or a quota counts: both pairs in that
 * form, of one score, neither fixed nor forbidden. -1 when none. */
static int same_at(const nv_run *r, uint32_t e, uint32_t from, uint32_t to)
{
	int64_t qf, qt;
	int ff = pair_of(r, from, e, &qf), ft = pair_of(r, to, e, &qt);
	return ff >= 0 && ff == ft && qf == qt && !nv_run_fixed(r, from, e) ? ff : -1;
}

/* Among the re-solve's equally good answers, one that moves fewer
 * mentees: a mentee moved from mentor a to b where b's pair is worth
 * a's to it (same form, same score) goes back to a, when a has room (and,
 * under one form per mentor, works in that form or in none) or when the
 * mentee that took its place at a is worth as much at b in the same form
 * (the two swap places). Every step keeps the pairs' count, each form's
 * count, the scores and each mentor's forms, so the answer stays as good,
 * and feasible; the re-solve's own tie-breaks (twin mentors, blank
 * profiles) no longer show as changes. after[e]: the re-solve's mentor of
 * each mentee, changed in place. */
static void fewer_moves(const nv_run *r, uint32_t me, const int32_t *before, int32_t *after)
{
	int32_t *load = nv_xcalloc(r->n_mentors + 1, sizeof *load);
	/* per mentor: the form of its pairs, -1 without (one form per mentor:
	 * its only one) */
	int32_t *form = nv_xmalloc((r->n_mentors + 1) * sizeof *form);
	for (size_t m = 0; m < r->n_mentors; m++)
		form[m] = -1;
	uint32_t *moved = nv_xreallocarray(NULL, r->n_mentees + 1, sizeof *moved);
	size_t n = 0;
	for (uint32_t e = 0; e < r->n_mentees; e++) {
		if (after[e] >= 0) {
			load[after[e]]++;
			form[after[e]] = (int32_t)r->e_form[r->mentee_edge[e]];
		}
		if (e != me && after[e] != before[e])
			moved[n++] = e; /* a mentee that stays is never touched */
	}
	int one_form = r->cfg.one_form_per_mentor;
	for (int changed = 1, pass = 0; changed && pass < 4; pass++) {
		changed = 0;
		for (size_t i = 0; i < n; i++) {
			uint32_t x = moved[i];
			int32_t a = before[x], b = after[x];
			int f = a < 0 || b < 0 || a == b ? -1
			                                 : same_at(r, x, (uint32_t)b, (uint32_t)a);
			if (f < 0)
				continue;
			if (load[a] < r->capacity[a] &&
			    (!one_form || form[a] < 0 || form[a] == f)) {
				after[x] = a;
				load[a]++;
				form[a] = f;
				if (--load[b] == 0)
					form[b] = -1;
				changed = 1;
				continue;
			}
			for (size_t k = 0; k < n; k++) {
				uint32_t y = moved[k];
				if (y != x && after[y] == a &&
				    same_at(r, y, (uint32_t)a, (uint32_t)b) == f) {
					after[x] = a;
					after[y] = b;
					changed = 1;
					break;
				}
			}
		}
	}
	free(moved);
	free(form);
	free(load);
}

/* Re-solves r with the alternative pair fixed (r's answer changes; it is
 * the last thing explain prints) and shows what moves. */
static void counterfactual(nv_run *r, uint32_t me, const alt *a, nv_lang lang, int all, FILE *out)
{
	int ru = lang == NV_LANG_RU;
	const nv_table *t = r->t;
	/* the answer before, by mentor index (edge indices change) */
	int32_t *before = nv_xreallocarray(NULL, r->n_mentees + 1, sizeof *before);
	for (size_t e = 0; e < r->n_mentees; e++)
		before[e] = mentor_of(r, e);
	size_t matched0 = r->sol->matched;
	double total0 = r->sol->total, min0 = r->sol->min_score, gap0 = r->sol->gap;
	double low0 = nv_run_maximin_value(r); /* NaN: every pair fixed, or none */
	int proven0 = r->sol->proven;
	size_t gap_pairs0 = r->sol->gap_pairs;
	/* an answer the search could not prove: a re-solve from scratch may
	 * take another path and move hundreds of pairs for that alone, so the
	 * mentors keep their forms and what moves is what the pair moves */
	int hold = !proven0 && r->cfg.one_form_per_mentor;
	fprintf(out, ru ? "\nЕсли закрепить пару %s – %s (пересчёт с этой парой):\n"
	                : "\nIf the pair %s – %s were fixed (re-solved with it):\n",
	        t->id[r->mentor_row[a->m]], t->id[r->mentee_row[me]]);
	if (hold)
		fprintf(out, "%s",
		        ru ? "  каждый наставник с парами остаётся в своей форме (наставник этой "
		             "пары — в её форме): предложение не доказано оптимальным, и пересчёт "
		             "с нуля менял бы пары не из-за закреплённой пары, а из-за пути "
		             "поиска\n"
		           : "  every mentor with pairs keeps its form (this pair's mentor takes "
		             "the pair's form): the proposal is not proven optimal, and a "
		             "re-solve from scratch would move pairs for its search's sake, not "
		             "the fixed pair's\n");
	nv_diag *d = nv_diag_new(0);
	fflush(out); /* the heading before the re-solve's progress */
	int rc = nv_run_fix_and_solve(r, a->m, me, hold, d);
	nv_progress_done(&r->prog);
	if (rc != NV_OK) {
		fprintf(out, "%s", rc == NV_EINFEAS
		                       ? (ru ? "  невозможно: ограничения несовместимы\n"
		                             : "  impossible: the constraints conflict\n")
		                       : (ru ? "  решатель не справился\n" : "  the solver failed\n"));
		for (size_t i = 0; i < nv_diag_errors(d); i++)
			fprintf(out, "  %s\n", nv_diag_error_at(d, i));
		goto done;
	}
	char n1[NV_NUM_TEXT], n2[NV_NUM_TEXT], n3[NV_NUM_TEXT];
	/* the change of the two totals as printed: +0.000000 when they read
	 * the same, never -0.000000 */
	double delta = (double)(nv_micro(r->sol->total) - nv_micro(total0)) / 1e6;
	fprintf(out, ru ? "  пар: %zu → %zu; %s: %s → %s (%s)\n"
	                : "  pairs: %zu → %zu; %s: %s → %s (%s)\n",
	        matched0, r->sol->matched, obj_total_word(lang),
	        nv_num_text("%.6f", total0, lang, n1), nv_num_text("%.6f", r->sol->total, lang, n2),
	        nv_num_text("%+.6f", delta, lang, n3));
	if (!proven0 && nv_answer_beats(r->asg.objective, r->sol, matched0, total0, min0)) {
		/* Only an unproven answer can be beaten by a more constrained
		 * problem: the re-solve's search took another path. Say so. */
		char why[128];
		if (gap_pairs0)
			snprintf(why, sizeof why,
			         ru ? "у оптимума может быть до %zu %s больше"
			            : "the optimum may have up to %zu more %s",
			         gap_pairs0,
			         ru ? nv_ru_plural(gap_pairs0, "пары", "пар", "пар")
			            : gap_pairs0 == 1 ? "pair" : "pairs");
		else
			snprintf(why, sizeof why,
			         ru ? "не более чем на %s ниже оптимума"
			            : "at most %s below the optimum",
			         nv_num_text("%.6f", gap0, lang, n1));
		fprintf(out, ru ? "  это лучше предложенного ответа: он не доказан оптимальным "
		                  "(%s, см. summary.json)\n"
		                : "  this beats the proposal, which is not proven optimal "
		                  "(%s, see summary.json)\n",
		        why);
	}
	if (r->asg.objective == NV_OBJ_MAXIMIN) { /* the objective's second word */
		double low = nv_run_maximin_value(r);
		const char *none = ru ? "нет" : "none";
		fprintf(out,
		        ru ? "  наименьшая оценка пары (кроме закреплённых): %s → %s\n"
		           : "  smallest pair score (fixed pairs aside): %s → %s\n",
		        isnan(low0) ? none : nv_num_text("%.6f", low0, lang, n1),
		        isnan(low) ? none : nv_num_text("%.6f", low, lang, n2));
	}
	if (hold && r->sol->proven)
		fprintf(out, "%s",
		        ru ? "  пересчёт оптимален при этих формах наставников\n"
		           : "  the re-solve is optimal with the mentors in these forms\n");
	else if (!r->sol->proven)
		fprintf(out, "%s",
		        ru ? "  пересчёт тоже не доказан оптимальным: "
		             "часть изменений может идти от поиска, а не от закреплённой пары\n"
		           : "  the re-solve is not proven optimal either: "
		             "some of these changes may come from the search, "
		             "not from the fixed pair\n");
	/* who loses a mentor first, then who gains one, then who changes:
	 * the cut after CHANGES_SHOWN lines (unless all) keeps the losses in
	 * view */
	int32_t *after = nv_xreallocarray(NULL, r->n_mentees + 1, sizeof *after);
	for (size_t e = 0; e < r->n_mentees; e++)
		after[e] = mentor_of(r, e);
	fewer_moves(r, me, before, after);
	size_t n_kind[3] = {0}, shown = 0;
	for (int kind = LOSES; kind <= CHANGES; kind++)
		for (size_t e = 0; e < r->n_mentees; e++) {
			int32_t now = after[e];
			if (e == me || change_kind(before[e], now) != kind)
				continue;
			n_kind[kind]++;
			if (all || shown++ < CHANGES_SHOWN)
				change_line(r, kind, e, before[e], now, ru, out);
		}
	size_t changes = n_kind[0] + n_kind[1] + n_kind[2];
	if (!all && changes > CHANGES_SHOWN)
		fprintf(out,
		        ru ? "  … и ещё %zu (всего: теряют наставника %zu, "
		             "получают наставника %zu, меняют наставника %zu)\n"
		           : "  … and %zu more (in all: %zu lose a mentor, "
		             "%zu gain one, %zu change)\n",
		        changes - CHANGES_SHOWN, n_kind[LOSES], n_kind[GAINS], n_kind[CHANGES]);
	if (!changes)
		fprintf(out, "%s", ru ? "  больше ни у кого пара не меняется\n"
		                      : "  nobody else changes\n");
	free(after);
done:
	nv_diag_free(d);
	free(before);
}

/* Whether mentor m's places are all taken by fixed pairs. */
static int fixed_full(const nv_run *r, uint32_t m)
{
	return r->mentor_fixed[m] >= r->capacity[m];
}

/* Whether mentor m can never take mentee me, whatever is re-solved: the
 * pair forbidden, capacity 0, or every place held by a fixed pair. When it
 * cannot and out is given, says why there. */
static int cannot_take(const nv_run *r, uint32_t m, uint32_t me, nv_lang lang, FILE *out)
{
	int ru = lang == NV_LANG_RU;
	if (nv_run_forbidden(r, m, me)) {
		if (out)
			fprintf(out, "%s\n", ru ? "пара запрещена куратором" : "forbidden by the curator");
		return 1;
	}
	if (r->capacity[m] == 0) {
		if (out)
			fprintf(out, "%s\n",
			        ru ? "у наставника нет мест (capacity 0)"
			           : "the mentor's capacity is 0");
		return 1;
	}
	if (fixed_full(r, m)) {
		if (out) {
			fprintf(out,
			        ru ? "занят закреплёнными куратором парами (мест: %d): "
			           : "full of pairs the curator fixed (capacity %d): ",
			        r->capacity[m]);
			mentees_of(r, m, ru, out);
			fputc('\n', out);
		}
		return 1;
	}
	return 0;
}

/* "ID: not matched (CODE): REASON", as unmatched.csv gives the row's. */
static void put_unmatched(const nv_run *r, size_t row, int ru, FILE *out)
{
	fprintf(out, ru ? "%s: без пары (%s): %s\n" : "%s: not matched (%s): %s\n", r->t->id[row],
	        nv_reason_code_word(r->code[row]), r->row_reason[row]);
}

/* A mentee's answer (er: its row, valid and consenting): its mentor, the
 * next best eligible ones and why not them, and the counterfactual. */
static void explain_row(nv_run *r, size_t er, nv_lang lang, int all, FILE *out)
{
	int ru = lang == NV_LANG_RU;
	const nv_table *t = r->t;
	const nv_config *c = &r->cfg;
	uint32_t me = (uint32_t)r->row_index[er];
	int32_t chosen = r->mentee_edge[me];
	/* a pair the curator fixed: no other mentor can take the mentee */
	int fixed = chosen >= 0 && (r->e_flags[chosen] & NV_EDGE_FIXED);
	char num[NV_NTERMS][NV_NUM_TEXT];
	if (chosen >= 0) {
		const double *k = r->e_contrib + (size_t)chosen * NV_NTERMS;
		fprintf(out,
		        ru ? "%s: наставник %s, форма %s, оценка %s\n"
		           : "%s: mentor %s, form %s, score %s\n",
		        t->id[er], t->id[r->mentor_row[r->e_mentor[chosen]]],
		        nv_form_title(&c->form[r->e_form[chosen]], lang),
		        nv_num_text("%.6f", r->e_score[chosen], lang, num[0]));
		for (int j = 0; j < NV_NTERMS; j++)
			nv_num_text("%.6f", k[j], lang, num[j]);
		fprintf(out, ru ? "  вклад: психология %s, предметы %s, цели %s, трудности %s\n"
		                : "  contributions: psych %s, subjects %s, goals %s, needs %s\n",
		        num[NV_PSYCH], num[NV_SUBJECTS], num[NV_GOALS], num[NV_NEEDS]);
		char *why = nv_reason_pair(r, (size_t)chosen, lang);
		fprintf(out, "  %s\n", why);
		free(why);
	} else {
		put_unmatched(r, er, ru, out);
	}

	/* every other eligible mentor, best first */
	alt *as = nv_xreallocarray(NULL, r->n_mentors + 1, sizeof *as);
	size_t na = 0, nall = partners(r, er, as);
	for (size_t i = 0; i < nall; i++)
		if (chosen < 0 || as[i].m != r->e_mentor[chosen])
			as[na++] = as[i];
	/* "other" and "next" only beside a chosen mentor; one is not "all" */
	if (!na && chosen >= 0)
		fprintf(out, "%s", ru ? "\nДругих подходящих наставников нет.\n"
		                      : "\nNo other eligible mentor.\n");
	else if (!na)
		fprintf(out, "%s", ru ? "\nПодходящих наставников нет.\n" : "\nNo eligible mentor.\n");
	else if (na == 1 && chosen >= 0)
		fprintf(out, "%s", ru ? "\nЕщё один подходящий наставник:\n"
		                      : "\nOne other eligible mentor:\n");
	else if (na == 1)
		fprintf(out, "%s", ru ? "\nЕдинственный подходящий наставник:\n"
		                      : "\nThe one eligible mentor:\n");
	else if (chosen >= 0)
		fprintf(out, ru ? "\nСледующие подходящие наставники (всего %zu):\n"
		                : "\nNext best eligible mentors (%zu in all):\n", na);
	else
		fprintf(out, ru ? "\nПодходящие наставники (всего %zu):\n"
		                : "\nEligible mentors (%zu in all):\n", na);
	const alt *best = NULL;
	for (size_t i = 0; i < na && i < ALTERNATIVES; i++) {
		const alt *a = &as[i];
		uint32_t m = a->m;
		fprintf(out, "  %s  %s  %s: ", t->id[r->mentor_row[m]],
		        nv_num_text("%.6f", a->score, lang, num[0]),
		        nv_form_title(&c->form[a->form], lang));
		/* out of reach (forbidden, capacity 0, full of fixed pairs):
		 * nothing to re-solve with */
		int out_of_reach = cannot_take(r, m, me, lang, NULL);
		if (!out_of_reach && !best && !fixed)
			best = a;
		/* below min_score first, out of reach or not: such a pair could
		 * not be made anyway, and unmatched.csv counts it so */
		if (a->score < c->min_score) {
			nv_min_score_text(c->min_score, lang, num[0]);
			fprintf(out, ru ? "оценка ниже min_score %s\n" : "below min_score %s\n",
			        num[0]);
		} else if (out_of_reach) {
			cannot_take(r, m, me, lang, out);
		} else if (r->mentor_load[m] >= r->capacity[m]) {
			fprintf(out, ru ? "занят (мест: %d)" : "full (capacity %d)",
			        r->capacity[m]);
			/* its form, when the rule gives it one (without it, its
			 * pairs may be in several) */
			if (c->one_form_per_mentor && r->mentor_form[m] >= 0 &&
			    r->mentor_form[m] != (int32_t)a->form)
				fprintf(out, ru ? " в форме %s" : " in form %s",
				        nv_form_title(&c->form[r->mentor_form[m]], lang));
			fputs(ru ? ": " : " with ", out);
			mentees_of(r, m, ru, out);
			fputc('\n', out);
		} else if (c->one_form_per_mentor && r->mentor_form[m] >= 0 &&
		           r->mentor_form[m] != (int32_t)a->form) {
			fprintf(out,
			        ru ? "работает в другой форме, %s, с "
			           : "works in another form, %s, with ",
			        nv_form_title(&c->form[r->mentor_form[m]], lang));
			mentees_of(r, m, ru, out);
			fputc('\n', out);
		} else if (r->form_max[a->form] >= 0 &&
		           r->form_count[a->form] >= r->form_max[a->form]) {
			fprintf(out, ru ? "квота формы исчерпана (max_pairs %d)\n"
			                : "the form's quota is reached (max_pairs %d)\n",
			        r->form_max[a->form]);
		} else if (chosen >= 0 && r->e_form[chosen] != a->form &&
		           nv_run_form_at_min(r, r->e_form[chosen])) {
			/* the chosen pair's form is held at its minimum */
			uint32_t cf = r->e_form[chosen];
			fprintf(out,
			        ru ? "есть место, но пара с %s нужна форме %s для её квоты "
			             "min_pairs (%d)\n"
			           : "has room, but the pair with %s keeps form %s at its "
			             "min_pairs "
			             "quota (%d)\n",
			        t->id[r->mentor_row[r->e_mentor[chosen]]],
			        nv_form_title(&c->form[cf], lang), r->form_min[cf]);
		} else if (fixed) {
			fprintf(out, ru ? "есть место, но куратор закрепил пару с %s\n"
			                : "has room, but the curator fixed the pair with %s\n",
			        t->id[r->mentor_row[r->e_mentor[chosen]]]);
		} else if (chosen >= 0) {
			/* the answer is optimal, so at least as good: a tie keeps the
			 * pair the solver found first */
			fprintf(out,
			        ru ? "есть место, но выбранная пара с %s даёт не худший итог\n"
			           : "has room, but the chosen pair with %s gives at least as good "
			             "a total\n",
			        t->id[r->mentor_row[r->e_mentor[chosen]]]);
		} else {
			fprintf(out, "%s\n", ru ? "есть место, но без этой пары итог не хуже"
			                        : "has room, but the optimum is no worse without this pair");
		}
	}
	if (fixed)
		fprintf(out, "%s", ru ? "\nПара закреплена куратором: другие наставники не рассматриваются.\n"
		                      : "\nThe pair is fixed by the curator: no other mentor can take the "
		                        "mentee.\n");
	/* none of those listed can take the mentee: the best one further down
	 * that can (the curator's alternative is still a real one) */
	for (size_t i = ALTERNATIVES; i < na && !best && !fixed; i++)
		if (!cannot_take(r, as[i].m, me, lang, NULL)) {
			best = &as[i];
			fprintf(out, "  …\n  %s  %s  %s: %s\n", t->id[r->mentor_row[best->m]],
			        nv_num_text("%.6f", best->score, lang, num[0]),
			        nv_form_title(&c->form[best->form], lang),
			        ru ? "лучший из тех, кто может взять наставляемого (пересчёт ниже)"
			           : "the best one who could take the mentee (re-solved below)");
		}
	if (best)
		counterfactual(r, me, best, lang, all, out);
	else if (na == 1 && !fixed)
		/* forbidden, of capacity 0 or held by fixed pairs */
		fprintf(out, "%s",
		        ru ? "\nЭтот наставник не может взять наставляемого: пересчитывать "
		             "не с кем.\n"
		           : "\nThis mentor cannot take the mentee: there is no pair to "
		             "re-solve with.\n");
	else if (na && !fixed)
		fprintf(out, "%s",
		        ru ? "\nНи один из них не может взять наставляемого: пересчитывать "
		             "не с кем.\n"
		           : "\nNone of them can take the mentee: there is no pair to "
		             "re-solve with.\n");
	free(as);
}

/* A mentor's answer: its mentees with their reasons, or why it has none;
 * then the best eligible mentees it does not have, each with what keeps
 * it apart (alt.m holds the mentee here). No re-solve: a mentee's own
 * explain gives one. */
static void explain_mentor(nv_run *r, size_t mr, nv_lang lang, FILE *out)
{
	int ru = lang == NV_LANG_RU;
	const nv_table *t = r->t;
	const nv_config *c = &r->cfg;
	uint32_t m = (uint32_t)r->row_index[mr];
	char num[NV_NUM_TEXT];
	size_t load = r->mentor_load[m];
	if (!load) {
		put_unmatched(r, mr, ru, out);
	} else {
		fprintf(out,
		        ru ? "%s: наставник, мест: %d, наставляемых: %zu\n"
		           : "%s: mentor, capacity %d, %zu mentee%s\n",
		        t->id[mr], r->capacity[m], load, ru ? "" : nv_s(load));
		for (size_t i = 0; i < r->sol->n_chosen; i++) {
			uint32_t e = r->sol->chosen[i];
			if (r->e_mentor[e] != m)
				continue;
			char *why = nv_reason_pair(r, e, lang);
			fprintf(out, "  %s  %s  %s\n", t->id[r->mentee_row[r->e_mentee[e]]],
			        nv_num_text("%.6f", r->e_score[e], lang, num), why);
			free(why);
		}
	}
	/* every other eligible mentee, best first */
	alt *as = nv_xreallocarray(NULL, r->n_mentees + 1, sizeof *as);
	size_t na = 0, nall = partners(r, mr, as);
	for (size_t i = 0; i < nall; i++) {
		int32_t held = r->mentee_edge[as[i].m];
		if (held < 0 || r->e_mentor[held] != m)
			as[na++] = as[i];
	}
	/* "other" only beside its own mentees */
	if (!na)
		fprintf(out, "%s",
		        load ? (ru ? "\nДругих подходящих наставляемых нет.\n"
		                   : "\nNo other eligible mentee.\n")
		             : (ru ? "\nПодходящих наставляемых нет.\n"
		                   : "\nNo eligible mentee.\n"));
	else if (na == 1)
		fprintf(out, "%s",
		        load ? (ru ? "\nЕщё один подходящий наставляемый:\n"
		                   : "\nOne other eligible mentee:\n")
		             : (ru ? "\nЕдинственный подходящий наставляемый:\n"
		                   : "\nThe one eligible mentee:\n"));
	else if (load)
		fprintf(out,
		        ru ? "\nДругие подходящие наставляемые (всего %zu):\n"
		           : "\nOther eligible mentees (%zu in all):\n",
		        na);
	else
		fprintf(out,
		        ru ? "\nПодходящие наставляемые (всего %zu):\n"
		           : "\nEligible mentees (%zu in all):\n",
		        na);
	for (size_t i = 0; i < na && i < ALTERNATIVES; i++) {
		const alt *a = &as[i];
		uint32_t me = a->m;
		int32_t held = r->mentee_edge[me];
		fprintf(out, "  %s  %s  %s: ", t->id[r->mentee_row[me]],
		        nv_num_text("%.6f", a->score, lang, num),
		        nv_form_title(&c->form[a->form], lang));
		if (a->score < c->min_score) {
			nv_min_score_text(c->min_score, lang, num);
			fprintf(out, ru ? "оценка ниже min_score %s\n" : "below min_score %s\n",
			        num);
		} else if (cannot_take(r, m, me, lang, NULL)) {
			cannot_take(r, m, me, lang, out);
		} else if (held >= 0) {
			uint32_t other = r->e_mentor[held];
			fprintf(out,
			        ru ? "в паре с %s (оценка %s)%s\n"
			           : "paired with %s (score %s)%s\n",
			        t->id[r->mentor_row[other]],
			        nv_num_text("%.6f", r->e_score[held], lang, num),
			        !(r->e_flags[held] & NV_EDGE_FIXED) ? ""
			        : ru ? ", пару закрепил куратор"
			             : ", fixed by the curator");
		} else if (load >= (size_t)r->capacity[m]) {
			fprintf(out, ru ? "без пары, а у наставника все места заняты\n"
			                : "not matched, and the mentor is full\n");
		} else if (c->one_form_per_mentor && r->mentor_form[m] >= 0 &&
		           r->mentor_form[m] != (int32_t)a->form) {
			fprintf(out,
			        ru ? "без пары, а наставник работает в другой форме, %s\n"
			           : "not matched, and the mentor works in another form, %s\n",
			        nv_form_title(&c->form[r->mentor_form[m]], lang));
		} else {
			fprintf(out, ru ? "без пары (%s): %s\n" : "not matched (%s): %s\n",
			        nv_reason_code_word(r->code[r->mentee_row[me]]),
			        r->row_reason[r->mentee_row[me]]);
		}
	}
	free(as);
}

/* The pairs of a pairs.csv, as "mentor\037mentee\037score" keys. */
typedef struct keys {
	char **k;
	size_t n, cap;
} keys;

static void keys_add(keys *K, const char *m, const char *e, const char *score)
{
	if (K->n == K->cap) {
		K->cap = K->cap ? 2 * K->cap : 64;
		K->k = nv_xreallocarray(K->k, K->cap, sizeof *K->k);
	}
	K->k[K->n++] = nv_xasprintf("%s\037%s\037%s", m, e, score);
}

static int pairs_record(void *ud, long line, size_t nf, char **f, const uint8_t *bad)
{
	if (!bad && line > 1 &&
	    nf >= 5) /* after the header: group,mentor_id,mentee_id,form,score */
		keys_add(ud, f[1], f[2], f[4]);
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* How many pairs (with their scores) of one of the run's answer and
 * DIR/pairs.csv the other lacks, the larger count (SIZE_MAX when the file
 * cannot be read). */
static size_t pairs_differ(const nv_run *r, const char *dir)
{
	char *path = nv_join_path(dir, "pairs.csv");
	keys F = {0}, A = {0};
	nv_diag *d = nv_diag_new(0);
	int ok = nv_regular_file(path) && /* a FIFO would be waited on */
	         nv_csv_each(path, NV_ENC_UTF8, 1, NULL, pairs_record, &F, d) == NV_OK;
	nv_diag_free(d);
	size_t differ = SIZE_MAX;
	if (ok) {
		for (size_t k = 0; k < r->sol->n_chosen; k++) {
			uint32_t e = r->sol->chosen[k];
			char sc[NV_MICRO_TEXT];
			keys_add(&A, r->t->id[r->mentor_row[r->e_mentor[e]]],
			         r->t->id[r->mentee_row[r->e_mentee[e]]], nv_micro_text(r->e_score[e], sc));
		}
		if (F.n) /* an empty list may have no array */
			qsort(F.k, F.n, sizeof *F.k, cmp_str);
		if (A.n)
			qsort(A.k, A.n, sizeof *A.k, cmp_str);
		/* a pair changed counts once: the larger of the two sides */
		size_t i = 0, j = 0, only_f = 0, only_a = 0;
		while (i < F.n || j < A.n) {
			int c = i == F.n ? 1 : j == A.n ? -1 : strcmp(F.k[i], A.k[j]);
			only_f += c < 0;
			only_a += c > 0;
			i += c <= 0;
			j += c >= 0;
		}
		differ = only_f > only_a ? only_f : only_a;
	}
	for (size_t i = 0; i < F.n; i++)
		free(F.k[i]);
	for (size_t i = 0; i < A.n; i++)
		free(A.k[i]);
	free(F.k);
	free(A.k);
	free(path);
	return differ;
}

/* explain's own notes speak the reader's language, their tag too */
static const char *note_tag(int ru)
{
	return ru ? "замечание: " : "note: ";
}

/* After a failed re-read: each input that summary.json names and that
 * cannot be opened now gets a note saying where its path came from (the
 * error names only the path, which the user never typed to explain). */
static void inputs_gone(const nv_summary_in *in, int ru, nv_diag *diag)
{
	const struct {
		const char *path, *key;
	} named[] = {
		{in->participants, "participants_path"},
		{in->config, "config_path"},
		{in->constraints, "constraints_path"},
	};
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
		if (!named[i].path)
			continue;
		FILE *f = fopen(named[i].path, "rb");
		if (f) {
			fclose(f);
			continue;
		}
		nv_diag_note_tagged(diag, note_tag(ru), in->path, 0, NULL,
		                    ru ? "inputs.%s называет %s, а этот файл сейчас не открыть "
		                         "(перемещён или удалён после запуска?)"
		                       : "inputs.%s names %s, which cannot be opened now (moved or "
		                         "deleted since the run?)",
		                    named[i].key, named[i].path);
	}
}

static void unknown_person(const char *part, const char *id, int ru, nv_diag *diag)
{
	if (ru)
		nv_diag_error(diag, part, 0, NULL, "«%s»: такого id в файле нет", id);
	else
		nv_diag_error(diag, part, 0, NULL, "'%s': unknown id", id);
}

void nv_explain_params_init(nv_explain_params *p)
{
	memset(p, 0, sizeof *p);
	p->lang = NV_LANG_EN;
}

int nv_explain(const nv_explain_params *ep, FILE *out, nv_diag *diag)
{
	nv_run *r = NULL;
	nv_summary_in in;
	const char *dir = ep->dir, *mentee_id = ep->mentee_id;
	int ru = ep->lang == NV_LANG_RU;
	int rc = nv_summary_read(dir, ep->lang, &in, diag);
	if (rc != NV_OK)
		goto done;
	const char *part = in.participants;
	nv_match_params p;
	nv_match_params_init(&p);
	p.participants = part;
	p.outdir = dir;
	p.config_path = in.config;
	p.constraints_path = in.constraints;
	p.encoding = in.encoding;
	p.objective = in.objective;
	p.skip_invalid = in.skip_invalid;
	p.solver = in.solver;
	p.top_k = in.top_k;
	p.time_limit = in.time_limit; /* the run's own */
	p.lang = ep->lang;
	p.quiet = ep->quiet;
	p.command = "explain";
	p.mentee_id = mentee_id;
	/* the folder's answer, not a search again, when it is one */
	size_t errors0 = nv_diag_errors(diag), notes0 = nv_diag_notes(diag);
	rc = nv_run_build(&p, in.answer_known ? &in.answer : NULL, &r, diag);
	nv_progress_done(&r->prog); /* the progress line ends before the text */
	if (rc != NV_OK && r->t && r->mentee_id_row < 0) { /* no row has the id */
		/* the load's own problems and notes were match's to tell */
		nv_diag_forget(diag, errors0, nv_diag_errors(diag), notes0, nv_diag_notes(diag));
		unknown_person(part, mentee_id, ru, diag);
		goto done;
	}
	if (rc != NV_OK) {
		inputs_gone(&in, ru, diag);
		goto done;
	}
	/* the inputs' problems and notes (rows skipped as invalid, forbid
	 * lines ignored) are match's to tell, and it did: not again on every
	 * explain; what the solve says of the answer stays */
	nv_diag_forget(diag, errors0, r->input_errors, notes0, r->input_notes);
	const nv_table *t = r->t;
	int64_t row = r->mentee_id_row;
	NV_ASSERT(row >= 0);
	if (r->inputs_changed)
		nv_diag_note_tagged(
		        diag, note_tag(ru), in.path, 0, NULL, "%s",
		        ru ? "входные файлы изменились после запуска (inputs.fingerprint "
		             "другой): дальше объясняется ответ, найденный для них заново"
		           : "the inputs changed since the run (inputs.fingerprint differs): "
		             "what follows explains the answer found for them now");
	size_t differ = r->answer_read ? 0 : pairs_differ(r, dir); /* read back: the same */
	if (differ) {
		char *pairs = nv_join_path(dir, "pairs.csv");
		if (differ == SIZE_MAX)
			nv_diag_note_tagged(diag, note_tag(ru), pairs, 0, NULL, "%s",
			                    ru ? "pairs.csv папки не прочитать: дальше объясняется "
			                         "ответ, найденный заново"
			                       : "the folder's pairs.csv cannot be read: what "
			                         "follows explains the re-solved answer");
		else if (ru)
			nv_diag_note_tagged(
			        diag, note_tag(ru), pairs, 0, NULL,
			        "ответ, найденный заново, расходится с pairs.csv папки в %zu %s "
			        "(входные файлы или сам pairs.csv изменились после запуска, или "
			        "его прервал лимит времени): дальше объясняется новый ответ",
			        differ,
			        nv_ru_plural((unsigned long)differ, "паре или оценке",
			                     "парах или оценках", "парах или оценках"));
		else
			nv_diag_note_tagged(
			        diag, note_tag(ru), pairs, 0, NULL,
			        "the re-solve differs from the folder's pairs.csv in %zu %s (the "
			        "inputs or the file changed since the run, or a time limit cut it "
			        "short): what follows explains the re-solved answer",
			        differ, differ == 1 ? "pair or score" : "pairs or scores");
		free(pairs);
	}
	/* a row without consent, or invalid (its role may be unreadable):
	 * unmatched.csv's reason is all there is */
	if (r->row_index[row] < 0)
		put_unmatched(r, (size_t)row, ru, out);
	else if (t->role[row] == NV_MENTOR)
		explain_mentor(r, (size_t)row, ep->lang, out);
	else
		explain_row(r, (size_t)row, ep->lang, ep->all_changes, out);
done:
	nv_run_free(r);
	nv_summary_in_done(&in);
	return rc;
}
