/* summary.c (summary.json: counts, matched per form, the district reporting
 * form's coverage table, objective, solver proof, timings, config, and the
 * absolute input paths that `explain` re-reads) */
#include "match_internal.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static void put_str_or_null(FILE *f, const char *s)
{
	if (s)
		nv_json_put(f, s);
	else
		fputs("null", f);
}

static void put_range(FILE *f, nv_range g)
{
	char buf[64] = "";
	int lo = !isinf(g.lo), hi = !isinf(g.hi);
	if (lo && hi)
		snprintf(buf, sizeof buf, "%g-%g", g.lo, g.hi);
	else if (lo)
		snprintf(buf, sizeof buf, "%g-", g.lo);
	else if (hi)
		snprintf(buf, sizeof buf, "-%g", g.hi);
	nv_json_put(f, buf);
}

static const char *cat_word(int c)
{
	return c < 0 || c >= NV_NCATEGORIES ? "any" : nv_category_word((nv_category)c);
}

/* The rows of the district reporting form (seed 004), per form. */
static const char *cov_key[NV_COV_N] = {
	"mentee_students_10_18",
	"mentor_students_15_18",
	"mentee_young_teachers_0_3",
	"enterprises_giving_mentors",
};
static const char *cov_ru[NV_COV_N] = {
	"Число учащихся в возрасте от 10 до 18 лет, вошедших в программу наставничества в роли наставляемого",
	"Число учащихся в возрасте от 15 до 18 лет, вошедших в программу наставничества в роли наставника",
	"Число учителей-молодых специалистов (с опытом работы от 0 до 3 лет), вошедших в программу наставничества в роли наставляемого",
	"Количество предприятий (организаций), вошедших в программу наставничества, предоставив своих наставников",
};
static const char *cov_en[NV_COV_N] = {
	"students aged 10-18 in the programme as mentees",
	"students aged 15-18 in the programme as mentors",
	"young teachers (0-3 years of experience) in the programme as mentees",
	"enterprises (organisations) giving mentors",
};

const char *nv_coverage_title(nv_lang lang)
{
	return lang == NV_LANG_RU ? "Информация о численности обучающихся, педагогических "
	                            "работников (молодых специалистов), охваченных "
	                            "программой наставничества"
	                          : "The number of students and teachers (young specialists) "
	                            "in the mentorship programme";
}

const char *nv_coverage_label(int row, nv_lang lang)
{
	NV_ASSERT(row >= 0 && row < NV_COV_N);
	return lang == NV_LANG_RU ? cov_ru[row] : cov_en[row];
}

void nv_coverage_counts(const nv_run *r, long *counts)
{
	const nv_table *t = r->t;
	size_t nf = r->cfg.n_forms, norg = nv_vocab_count(t->orgs);
	uint32_t *stamp_m = nv_xcalloc(r->n_mentors + 1, sizeof *stamp_m);
	uint32_t *stamp_o = nv_xcalloc(norg + 1, sizeof *stamp_o);
	for (size_t f = 0; f <= nf; f++) {
		long *c = counts + f * NV_COV_N;
		memset(c, 0, NV_COV_N * sizeof *c);
		uint32_t st = (uint32_t)f + 1;
		for (size_t i = 0; i < r->sol->n_chosen; i++) {
			uint32_t e = r->sol->chosen[i];
			if (f < nf && r->e_form[e] != f)
				continue;
			size_t mr = r->mentor_row[r->e_mentor[e]], er = r->mentee_row[r->e_mentee[e]];
			if (t->category[er] == NV_STUDENT && t->age[er] >= 10 && t->age[er] <= 18)
				c[NV_COV_MENTEES_10_18]++;
			if (t->category[er] == NV_TEACHER && !isnan(t->experience[er]) &&
			    t->experience[er] >= 0 && t->experience[er] <= 3)
				c[NV_COV_YOUNG_TEACHERS]++;
			if (stamp_m[r->e_mentor[e]] != st) {
				stamp_m[r->e_mentor[e]] = st;
				if (t->category[mr] == NV_STUDENT && t->age[mr] >= 15 && t->age[mr] <= 18)
					c[NV_COV_MENTORS_15_18]++;
				if (t->category[mr] == NV_EMPLOYER && stamp_o[t->org[mr]] != st) {
					stamp_o[t->org[mr]] = st;
					c[NV_COV_ENTERPRISES]++;
				}
			}
		}
	}
	free(stamp_m);
	free(stamp_o);
}

void nv_counts_take(const nv_run *r, nv_counts *c)
{
	const nv_table *t = r->t;
	memset(c, 0, sizeof *c);
	for (size_t e = 0; e < r->n_mentees; e++)
		c->matched += r->mentee_edge[e] >= 0;
	for (size_t m = 0; m < r->n_mentors; m++)
		c->used += r->mentor_load[m] > 0;
	for (size_t i = 0; i < r->sol->n_chosen; i++)
		c->fixed += (r->e_flags[r->sol->chosen[i]] & NV_EDGE_FIXED) != 0;
	for (size_t i = 0; i < t->n; i++) {
		int role = t->role[i] == NV_MENTEE ? 0 : t->role[i] == NV_MENTOR ? 1 : 2;
		c->mentors_in += role == 1;
		c->mentees_in += role == 0;
		if (r->code[i] != NV_RC_NONE)
			c->unmatched[role][r->code[i]]++;
	}
}

void nv_summary_write(const nv_run *r, FILE *f)
{
	const nv_table *t = r->t;
	const nv_config *c = &r->cfg;
	size_t nf = c->n_forms;
	nv_objective obj = r->asg.objective;

	nv_counts n;
	nv_counts_take(r, &n);
	long by_code[NV_RC_COUNT] = {0};
	long unm_mentors = 0, unm_mentees = 0;
	for (int k = 0; k < NV_RC_COUNT; k++) {
		by_code[k] = n.unmatched[0][k] + n.unmatched[1][k] + n.unmatched[2][k];
		unm_mentees += n.unmatched[0][k];
		unm_mentors += n.unmatched[1][k];
	}

	fputs("{\n  \"command\": \"match\",\n", f);
	fputs("  \"inputs\": {\n    \"participants_path\": ", f);
	put_str_or_null(f, r->abs_participants);
	fputs(",\n    \"config_path\": ", f);
	put_str_or_null(f, r->abs_config);
	fputs(",\n    \"constraints_path\": ", f);
	put_str_or_null(f, r->abs_constraints);
	fprintf(f, ",\n    \"encoding\": \"%s\",\n    \"delimiter\": ",
	        t->encoding == NV_ENC_CP1251 ? "cp1251" : "utf-8");
	char d[2] = {t->delimiter, 0};
	nv_json_put(f, d);
	fputs("\n  },\n", f);

	fprintf(f, "  \"options\": {\n    \"objective_used\": \"%s\",\n    \"lang\": \"%s\",\n"
	           "    \"with_names\": %s,\n    \"skip_invalid\": %s,\n"
	           "    \"solver_requested\": \"%s\",\n    \"top_k\": %zu,\n"
	           "    \"time_limit\": %g\n  },\n",
	        nv_objective_word(obj), r->p.lang == NV_LANG_RU ? "ru" : "en",
	        r->p.with_names ? "true" : "false", r->p.skip_invalid ? "true" : "false",
	        nv_solver_word(r->p.solver), r->top_k, r->p.time_limit);

	fprintf(f, "  \"counts\": {\n    \"rows\": %zu,\n    \"mentors\": %zu,\n    \"mentees\": %zu,\n"
	           "    \"invalid_rows\": %zu,\n    \"no_consent\": %zu,\n"
	           "    \"eligible_pairs\": %llu,\n    \"forbidden_pairs\": %zu,\n    \"fixed_pairs\": %zu,\n"
	           "    \"pairs\": %zu,\n    \"groups\": %zu,\n    \"matched_mentees\": %zu,\n"
	           "    \"unmatched_mentees\": %ld,\n    \"unmatched_mentors\": %ld\n  },\n",
	        t->n, (size_t)n.mentors_in, (size_t)n.mentees_in, r->n_invalid, r->n_no_consent,
	        (unsigned long long)r->eligible, r->n_forbid, (size_t)n.fixed, r->sol->n_chosen,
	        (size_t)n.used, (size_t)n.matched, unm_mentees, unm_mentors);

	fputs("  \"unmatched_by_code\": {", f);
	for (int k = NV_RC_NO_CONSENT; k < NV_RC_COUNT; k++)
		fprintf(f, "%s\n    \"%s\": %ld", k == NV_RC_NO_CONSENT ? "" : ",",
		        nv_reason_code_word((nv_reason_code)k), by_code[k]);
	fputs("\n  },\n", f);

	long *cov = nv_xcalloc((nf + 1) * NV_COV_N, sizeof *cov);
	nv_coverage_counts(r, cov);
	fputs("  \"matched_per_form\": {", f);
	for (size_t k = 0; k < nf; k++) {
		fprintf(f, "%s\n    ", k ? "," : "");
		nv_json_put(f, c->form[k].name);
		fprintf(f, ": %d", r->form_count[k]);
	}
	fputs("\n  },\n", f);

	fputs("  \"coverage\": {\n    \"title\": ", f);
	nv_json_put(f, nv_coverage_title(NV_LANG_RU));
	fputs(",\n    \"rows\": [", f);
	for (int k = 0; k < NV_COV_N; k++) {
		fprintf(f, "%s\n      {\"key\": \"%s\", \"label_ru\": ", k ? "," : "", cov_key[k]);
		nv_json_put(f, cov_ru[k]);
		fputs(", \"label_en\": ", f);
		nv_json_put(f, cov_en[k]);
		fputs(", \"per_form\": {", f);
		for (size_t g = 0; g < nf; g++) {
			fputs(g ? ", " : "", f);
			nv_json_put(f, c->form[g].name);
			fprintf(f, ": %ld", cov[g * NV_COV_N + k]);
		}
		fprintf(f, "}, \"total\": %ld}", cov[nf * NV_COV_N + k]);
	}
	fputs("\n    ]\n  },\n", f);
	free(cov);

	/* maximin's value: the smallest score of the pairs the solver chose
	 * (fixed pairs are exempt from the threshold; all fixed: the smallest) */
	double low = INFINITY;
	for (size_t i = 0; i < r->sol->n_chosen; i++) {
		uint32_t e = r->sol->chosen[i];
		if (!(r->e_flags[e] & NV_EDGE_FIXED) && r->e_score[e] < low)
			low = r->e_score[e];
	}
	if (isinf(low))
		low = r->sol->min_score;
	double value = obj == NV_OBJ_SCORE ? r->sol->total
	             : obj == NV_OBJ_MAXIMIN ? low : (double)r->sol->matched;
	fprintf(f, "  \"objective\": {\n    \"name\": \"%s\",\n    \"matched\": %zu,\n"
	           "    \"total_score\": %.6f,\n    \"min_pair_score\": %.6f,\n    \"value\": %.6f\n  },\n",
	        nv_objective_word(obj), r->sol->matched, r->sol->total, r->sol->min_score, value);

	fprintf(f, "  \"solver\": {\n    \"used\": \"%s\",\n    \"proven\": %s,\n",
	        nv_solver_word(r->sol->used), r->sol->proven ? "true" : "false");
	/* An unproven coverage answer may lack pairs: then only that count is
	 * known, and a score gap would compare totals of different sizes. */
	if (r->sol->gap_pairs)
		fprintf(f, "    \"gap\": null,\n    \"gap_pairs\": %zu,\n", r->sol->gap_pairs);
	else
		fprintf(f, "    \"gap\": %.6f,\n    \"gap_pairs\": 0,\n", r->sol->gap);
	fprintf(f, "    \"proof\": ");
	nv_json_put(f, r->sol->proof);
	fprintf(f, ",\n    \"components\": %zu,\n    \"rounds\": %zu,\n    \"edges\": %zu,\n"
	           "    \"pairs_kept_first\": %llu,\n    \"whole_eligible_set\": true\n  },\n",
	        r->sol->n_components, r->rounds, r->n_edges, (unsigned long long)r->kept);

	fprintf(f, "  \"timings\": {\n    \"load\": %.6f,\n    \"features\": %.6f,\n    \"score\": %.6f,\n"
	           "    \"solve\": %.6f,\n    \"reasons\": %.6f,\n    \"write\": %.6f\n  },\n",
	        r->t_load, r->t_features, r->t_score, r->t_solve, r->t_reasons, r->t_write);

	fputs("  \"config\": {\n    \"path\": ", f);
	put_str_or_null(f, r->abs_config);
	fprintf(f, ",\n    \"weights\": {\"psych\": %g, \"subjects\": %g, \"goals\": %g, \"needs\": %g},\n"
	           "    \"min_score\": %g,\n    \"objective\": \"%s\",\n    \"one_form_per_mentor\": %s,\n"
	           "    \"forms\": [",
	        c->w.psych, c->w.subjects, c->w.goals, c->w.needs, c->min_score,
	        nv_objective_word(obj), c->one_form_per_mentor ? "true" : "false");
	for (size_t k = 0; k < nf; k++) {
		const nv_form *fm = &c->form[k];
		fprintf(f, "%s\n      {\"name\": ", k ? "," : "");
		nv_json_put(f, fm->name);
		fprintf(f, ", \"builtin\": %s, \"mentor_category\": \"%s\", \"mentor_age\": ",
		        fm->builtin ? "true" : "false", cat_word(fm->mentor_category));
		put_range(f, fm->mentor_age);
		fputs(", \"mentor_experience\": ", f);
		put_range(f, fm->mentor_exp);
		fprintf(f, ", \"mentee_category\": \"%s\", \"mentee_age\": ", cat_word(fm->mentee_category));
		put_range(f, fm->mentee_age);
		fputs(", \"mentee_experience\": ", f);
		put_range(f, fm->mentee_exp);
		fprintf(f, ", \"same_org\": %s, \"same_district\": %s, \"min_pairs\": %d, \"max_pairs\": %d}",
		        fm->same_org ? "true" : "false", fm->same_district ? "true" : "false",
		        fm->min_pairs, fm->max_pairs);
	}
	fputs("\n    ]\n  },\n  \"notes\": [", f);
	size_t nn = r->diag ? nv_diag_notes(r->diag) : 0;
	for (size_t i = 0; i < nn; i++) {
		fputs(i ? ",\n    " : "\n    ", f);
		nv_json_put(f, nv_diag_note_at(r->diag, i));
	}
	fprintf(f, "%s],\n  \"peak_rss_bytes\": %zu\n}\n", nn ? "\n  " : "", nv_peak_rss());
}

/* --- reading back (explain) --- */

static void put_utf8(char **o, unsigned cp)
{
	unsigned char *p = (unsigned char *)*o;
	if (cp < 0x80)
		*p++ = (unsigned char)cp;
	else if (cp < 0x800) {
		*p++ = (unsigned char)(0xC0 | cp >> 6);
		*p++ = (unsigned char)(0x80 | (cp & 0x3F));
	} else {
		*p++ = (unsigned char)(0xE0 | cp >> 12);
		*p++ = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
		*p++ = (unsigned char)(0x80 | (cp & 0x3F));
	}
	*o = (char *)p;
}

char *nv_summary_get(const char *json, const char *key)
{
	size_t kl = strlen(key);
	for (const char *p = json; (p = strchr(p, '"')) != NULL; p++) {
		if (strncmp(p + 1, key, kl) != 0 || p[1 + kl] != '"')
			continue;
		const char *v = p + 2 + kl;
		while (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r')
			v++;
		if (*v != ':')
			continue;
		v++;
		while (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r')
			v++;
		if (*v == '"') {
			char *out = nv_xmalloc(strlen(v) + 1), *o = out;
			for (v++; *v && *v != '"'; v++) {
				if (*v != '\\') {
					*o++ = *v;
					continue;
				}
				v++;
				switch (*v) {
				case 'n': *o++ = '\n'; break;
				case 't': *o++ = '\t'; break;
				case 'r': *o++ = '\r'; break;
				case 'b': *o++ = '\b'; break;
				case 'f': *o++ = '\f'; break;
				case 'u': {
					unsigned cp = 0;
					for (int i = 1; i <= 4 && isxdigit((unsigned char)v[i]); i++)
						cp = cp * 16 + (unsigned)(isdigit((unsigned char)v[i])
						                          ? v[i] - '0'
						                          : (tolower((unsigned char)v[i]) - 'a' + 10));
					put_utf8(&o, cp);
					v += 4;
					break;
				}
				case 0: v--; break;
				default: *o++ = *v; break;
				}
			}
			*o = 0;
			return out;
		}
		if (!strncmp(v, "null", 4))
			return NULL;
		size_t n = strcspn(v, ",}] \t\r\n");
		return nv_xstrndup(v, n);
	}
	return NULL;
}
