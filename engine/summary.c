/* summary.c (summary.json: counts, matched per form, the district reporting
 * form's coverage table, objective, solver proof, timings, config, and the
 * absolute input paths that `explain` re-reads) */
#include "match_internal.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void put_str_or_null(FILE *f, const char *s)
{
	if (s)
		nv_json_put(f, s);
	else
		fputs("null", f);
}

/* x in the fewest digits that read back as x */
static const char *real(double x, char buf[NV_NUM_TEXT])
{
	return nv_num_text(NULL, x, NV_LANG_EN, buf);
}

static void put_num_or_null(FILE *f, double x)
{
	if (isnan(x))
		fputs("null", f);
	else
		fprintf(f, "%.6f", x);
}

static void put_range(FILE *f, nv_range g)
{
	char buf[2 * NV_NUM_TEXT + 2] = "", a[NV_NUM_TEXT], z[NV_NUM_TEXT];
	int lo = !isinf(g.lo), hi = !isinf(g.hi);
	snprintf(buf, sizeof buf, "%s-%s", lo ? real(g.lo, a) : "", hi ? real(g.hi, z) : "");
	if (!lo && !hi)
		buf[0] = 0;
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

/* The form's row a pair's mentee counts in (NV_COV_MENTEES_10_18 or
 * NV_COV_YOUNG_TEACHERS), -1 for none. */
static int cov_mentee_row(const nv_table *t, size_t er)
{
	if (t->category[er] == NV_STUDENT && t->age[er] >= 10 && t->age[er] <= 18)
		return NV_COV_MENTEES_10_18;
	if (t->category[er] == NV_TEACHER && !isnan(t->experience[er]) && t->experience[er] >= 0 &&
	    t->experience[er] <= 3)
		return NV_COV_YOUNG_TEACHERS;
	return -1;
}

static int cov_student_mentor(const nv_table *t, size_t mr)
{
	return t->category[mr] == NV_STUDENT && t->age[mr] >= 15 && t->age[mr] <= 18;
}

/* An enterprise giving a mentor to a mentee of a group, in a form
 * (n_forms: in any). */
typedef struct {
	uint32_t group, enterprise, form;
} cov_gift;

static int gift_cmp(const void *a, const void *b)
{
	const cov_gift *x = a, *y = b;
	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	if (x->form != y->form)
		return x->form < y->form ? -1 : 1;
	return (x->enterprise > y->enterprise) - (x->enterprise < y->enterprise);
}

/* The form's counts of the answer per group, at
 * [(g * (n_forms + 1) + f) * NV_COV_N + row]: per organisation (by_org),
 * or one group, the whole. A pair's mentee counts in the mentee's group,
 * a student mentor once per form (and once in the total) in its own, an
 * enterprise once per form in each group whose mentees its mentors
 * have. */
static long *coverage(const nv_run *r, int by_org)
{
	const nv_table *t = r->t;
	size_t nf = r->cfg.n_forms, norg = nv_vocab_count(t->orgs), np = r->sol->n_chosen;
	size_t n_group = by_org ? norg : 1;
	long *counts = nv_xcalloc((n_group ? n_group : 1) * (nf + 1) * NV_COV_N, sizeof *counts);
#define COV(g, f, k) counts[((size_t)(g) * (nf + 1) + (f)) * NV_COV_N + (k)]
	/* per mentor and column (a form, or nf for the total): counted */
	unsigned char *seen = nv_xcalloc((r->n_mentors ? r->n_mentors : 1) * (nf + 1), 1);
	cov_gift *gift = nv_xmalloc((2 * np + 1) * sizeof *gift);
	size_t ng = 0;
	for (size_t i = 0; i < np; i++) {
		uint32_t e = r->sol->chosen[i], m = r->e_mentor[e];
		unsigned f = r->e_form[e];
		size_t mr = r->mentor_row[m], er = r->mentee_row[r->e_mentee[e]];
		/* a chosen pair's rows are valid */
		NV_ASSERT(t->org[er] < norg && t->org[mr] < norg);
		uint32_t ge = by_org ? t->org[er] : 0, gm = by_org ? t->org[mr] : 0;
		int k = cov_mentee_row(t, er);
		if (k >= 0) {
			COV(ge, f, k)++;
			COV(ge, nf, k)++;
		}
		if (cov_student_mentor(t, mr)) {
			unsigned char *once = seen + (size_t)m * (nf + 1);
			for (size_t g = 0; g < 2; g++) {
				size_t col = g ? nf : f;
				if (!once[col]) {
					once[col] = 1;
					COV(gm, col, NV_COV_MENTORS_15_18)++;
				}
			}
		}
		if (t->category[mr] == NV_EMPLOYER) {
			gift[ng++] = (cov_gift){ge, t->org[mr], f};
			gift[ng++] = (cov_gift){ge, t->org[mr], (uint32_t)nf};
		}
	}
	qsort(gift, ng, sizeof *gift, gift_cmp);
	for (size_t i = 0; i < ng; i++)
		if (!i || gift_cmp(&gift[i - 1], &gift[i]))
			COV(gift[i].group, gift[i].form, NV_COV_ENTERPRISES)++;
#undef COV
	free(seen);
	free(gift);
	return counts;
}

void nv_coverage_counts(const nv_run *r, long *counts)
{
	long *all = coverage(r, 0);
	memcpy(counts, all, (r->cfg.n_forms + 1) * NV_COV_N * sizeof *counts);
	free(all);
}

unsigned char *nv_institutions(const nv_table *t)
{
	size_t norg = nv_vocab_count(t->orgs);
	unsigned char *school = nv_xcalloc(norg ? norg : 1, 1);
	for (size_t i = 0; i < t->n; i++)
		if (t->status[i] == NV_ROW_OK && t->org[i] < norg && t->category[i] != NV_EMPLOYER)
			school[t->org[i]] = 1;
	return school;
}

long *nv_coverage_by_org(const nv_run *r)
{
	return coverage(r, 1);
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
		c->no_role += role == 2;
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
	fprintf(f, ",\n    \"fingerprint\": \"%016llx\"\n  },\n", (unsigned long long)r->fingerprint);

	char tl[NV_NUM_TEXT];
	fprintf(f,
	        "  \"options\": {\n    \"objective_used\": \"%s\",\n    \"lang\": \"%s\",\n"
	        "    \"with_names\": %s,\n    \"skip_invalid\": %s,\n"
	        "    \"solver_requested\": \"%s\",\n    \"top_k\": %zu,\n"
	        "    \"xlsx\": %s,\n    \"time_limit\": %s\n  },\n",
	        nv_objective_word(obj), r->p.lang == NV_LANG_RU ? "ru" : "en",
	        r->p.with_names ? "true" : "false", r->p.skip_invalid ? "true" : "false",
	        nv_solver_word(r->p.solver), r->top_k, r->p.xlsx ? "true" : "false",
	        real(r->p.time_limit, tl));

	fprintf(f, "  \"counts\": {\n    \"rows\": %zu,\n    \"mentors\": %zu,\n    \"mentees\": %zu,\n"
	           "    \"rows_without_role\": %ld,\n"
	           "    \"invalid_rows\": %zu,\n    \"no_consent\": %zu,\n"
	           "    \"eligible_pairs\": %llu,\n    \"forbidden_pairs\": %zu,\n    \"fixed_pairs\": %zu,\n"
	           "    \"pairs\": %zu,\n    \"groups\": %zu,\n    \"matched_mentees\": %zu,\n"
	           "    \"unmatched_mentees\": %ld,\n    \"unmatched_mentors\": %ld\n  },\n",
	        t->n, (size_t)n.mentors_in, (size_t)n.mentees_in, n.no_role, r->n_invalid,
	        r->n_no_consent,
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

	double value = obj == NV_OBJ_SCORE ? r->sol->total
	             : obj == NV_OBJ_MAXIMIN ? nv_run_maximin_value(r) : (double)r->sol->matched;
	fprintf(f,
	        "  \"objective\": {\n    \"name\": \"%s\",\n    \"matched\": %zu,\n"
	        "    \"total_score\": %.6f,\n    \"min_pair_score\": ",
	        nv_objective_word(obj), r->sol->matched, r->sol->total);
	/* no pairs: no smallest score; maximin's value with no pair but fixed
	 * ones: none either (it leaves them out) */
	put_num_or_null(f, r->sol->n_chosen ? r->sol->min_score : NAN);
	fputs(",\n    \"value\": ", f);
	put_num_or_null(f, value);
	fputs("\n  },\n", f);

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
	char b[5][NV_NUM_TEXT]; /* as given: %g's 6 digits would cut 0.1234567 */
	fprintf(f,
	        ",\n    \"weights\": {\"psych\": %s, \"subjects\": %s, \"goals\": %s, \"needs\": "
	        "%s},\n"
	        "    \"min_score\": %s,\n    \"objective\": \"%s\",\n    \"one_form_per_mentor\": "
	        "%s,\n"
	        "    \"forms\": [",
	        real(c->w.psych, b[0]), real(c->w.subjects, b[1]), real(c->w.goals, b[2]),
	        real(c->w.needs, b[3]), real(c->min_score, b[4]), nv_objective_word(obj),
	        c->one_form_per_mentor ? "true" : "false");
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

/* summary.json is read back by a strict JSON reader (RFC 8259): the whole
 * text must parse, and the values explain needs must be there with their
 * types, or the file is named with the line and what is wrong in it. */

enum { J_NULL = 1, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };
#define J_DEPTH 64 /* deeper nesting is refused (the reader recurses) */
#define SUMMARY_MAX ((off_t)1 << 30)

/* The values explain reads, by (object, key); object NULL: top level. */
enum {
	W_COMMAND, W_INPUTS, W_OPTIONS, W_PART, W_CONFIG, W_CONS, W_ENC,
	W_OBJ, W_SKIP, W_SOLVER, W_TOPK, W_LIMIT,
	/* the answer's proof, optional: without them explain solves again */
	W_PROVEN, W_GAP, W_GAPPAIRS, W_PROOF, W_MATCHED, W_TOTAL, W_FPRINT, W_N
};
static const struct {
	const char *obj, *key;
} wanted[W_N] = {
	{NULL, "command"},           {NULL, "inputs"},
	{NULL, "options"},           {"inputs", "participants_path"},
	{"inputs", "config_path"},   {"inputs", "constraints_path"},
	{"inputs", "encoding"},      {"options", "objective_used"},
	{"options", "skip_invalid"}, {"options", "solver_requested"},
	{"options", "top_k"},        {"options", "time_limit"},
	{"solver", "proven"},        {"solver", "gap"},
	{"solver", "gap_pairs"},     {"solver", "proof"},
	{"objective", "matched"},   {"objective", "total_score"},
	{"inputs", "fingerprint"},
};

typedef struct jval {
	int type; /* 0: absent */
	int b;    /* J_BOOL */
	long line;
	char *text; /* J_STR decoded, J_NUM as written */
} jval;

typedef struct jreader {
	const char *p, *end;
	long line;
	char err[128]; /* the first problem; err_line its line */
	long err_line;
	jval got[W_N];
} jreader;

static int jfail(jreader *j, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int jfail(jreader *j, const char *fmt, ...)
{
	if (!j->err[0]) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(j->err, sizeof j->err, fmt, ap);
		va_end(ap);
		j->err_line = j->line;
	}
	return -1;
}

static void jspace(jreader *j)
{
	for (; j->p < j->end; j->p++) {
		if (*j->p == '\n')
			j->line++;
		else if (*j->p != ' ' && *j->p != '\t' && *j->p != '\r')
			break;
	}
}

static int junexpected(jreader *j, const char *what)
{
	if (j->p >= j->end)
		return jfail(j, "not valid JSON: the file ends where %s should be (cut short?)", what);
	unsigned char c = (unsigned char)*j->p;
	if (c >= 0x21 && c < 0x7f)
		return jfail(j, "not valid JSON: '%c' where %s should be", c, what);
	return jfail(j, "not valid JSON: byte 0x%02x where %s should be", c, what);
}

static int hex4(const char *p, unsigned *out)
{
	unsigned v = 0;
	for (int i = 0; i < 4; i++) {
		unsigned char c = (unsigned char)p[i];
		if (!isxdigit(c))
			return -1;
		v = v * 16 + (unsigned)(isdigit(c) ? c - '0' : tolower(c) - 'a' + 10);
	}
	*out = v;
	return 0;
}

static void put_utf8(char **o, unsigned cp)
{
	unsigned char *p = (unsigned char *)*o;
	if (cp < 0x80)
		*p++ = (unsigned char)cp;
	else if (cp < 0x800) {
		*p++ = (unsigned char)(0xC0 | cp >> 6);
		*p++ = (unsigned char)(0x80 | (cp & 0x3F));
	} else if (cp < 0x10000) {
		*p++ = (unsigned char)(0xE0 | cp >> 12);
		*p++ = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
		*p++ = (unsigned char)(0x80 | (cp & 0x3F));
	} else {
		*p++ = (unsigned char)(0xF0 | cp >> 18);
		*p++ = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
		*p++ = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
		*p++ = (unsigned char)(0x80 | (cp & 0x3F));
	}
	*o = (char *)p;
}

/* A string at j->p (its opening quote); *out (when out is not NULL) gets it
 * decoded, caller frees. Bytes >= 0x80 pass as they are: paths need not be
 * UTF-8. */
static int jstring(jreader *j, char **out)
{
	const char *s = ++j->p, *q = s;
	while (q < j->end && *q != '"')
		q += *q == '\\' && q + 1 < j->end ? 2 : 1;
	if (q >= j->end) {
		j->p = j->end;
		return jfail(j, "not valid JSON: a string is not closed (cut short?)");
	}
	/* decoded, it is never longer than written */
	char *buf = out ? nv_xmalloc((size_t)(q - s) + 1) : NULL, *o = buf;
	for (const char *p = s; p < q; p++) {
		unsigned char c = (unsigned char)*p;
		if (c < 0x20) {
			free(buf);
			return jfail(j, "not valid JSON: control byte 0x%02x in a string", c);
		}
		if (c != '\\') {
			if (o)
				*o++ = (char)c;
			continue;
		}
		char e = *++p, one = 0;
		unsigned cp = 0;
		switch (e) {
		case '"': case '\\': case '/': one = e; break;
		case 'b': one = '\b'; break;
		case 'f': one = '\f'; break;
		case 'n': one = '\n'; break;
		case 'r': one = '\r'; break;
		case 't': one = '\t'; break;
		case 'u':
			if (q - p < 5 || hex4(p + 1, &cp) != 0)
				goto bad_u;
			p += 4;
			if (cp >= 0xDC80 && cp <= 0xDCFF) { /* a byte no UTF-8, as written */
				if (o)
					*o++ = (char)(cp - 0xDC00);
				continue;
			}
			if (cp >= 0xDC00 && cp <= 0xDFFF)
				goto bad_u;
			if (cp >= 0xD800 && cp <= 0xDBFF) { /* a surrogate pair */
				unsigned lo;
				if (q - p < 7 || p[1] != '\\' || p[2] != 'u' || hex4(p + 3, &lo) != 0 ||
				    lo < 0xDC00 || lo > 0xDFFF)
					goto bad_u;
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
				p += 6;
			}
			if (cp == 0) { /* no C string, hence no path, holds it */
				free(buf);
				return jfail(j, "a string holds \\u0000");
			}
			if (o)
				put_utf8(&o, cp);
			continue;
		default:
			free(buf);
			return jfail(j, "not valid JSON: unknown escape in a string");
		}
		if (o)
			*o++ = one;
	}
	j->p = q + 1;
	if (out) {
		*o = 0;
		*out = buf;
	}
	return 0;
bad_u:
	free(buf);
	return jfail(j, "not valid JSON: a bad \\u escape in a string");
}

/* A number as JSON writes it: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static int jnumber(jreader *j, char **out)
{
	const char *p = j->p, *e = j->end;
#define DIGITS(p) while (p < e && isdigit((unsigned char)*p)) p++
	if (p < e && *p == '-')
		p++;
	if (p < e && *p == '0')
		p++;
	else if (p < e && isdigit((unsigned char)*p))
		DIGITS(p);
	else
		goto bad;
	if (p < e && *p == '.') {
		if (++p >= e || !isdigit((unsigned char)*p))
			goto bad;
		DIGITS(p);
	}
	if (p < e && (*p == 'e' || *p == 'E')) {
		if (++p < e && (*p == '+' || *p == '-'))
			p++;
		if (p >= e || !isdigit((unsigned char)*p))
			goto bad;
		DIGITS(p);
	}
#undef DIGITS
	if (out)
		*out = nv_xstrndup(j->p, (size_t)(p - j->p));
	j->p = p;
	return 0;
bad:
	j->p = p;
	return junexpected(j, "a digit");
}

static int jvalue(jreader *j, int depth, int want, const char *obj);

/* Whether the byte at j->p is c (taken if so). */
static int jtake(jreader *j, char c)
{
	if (j->p >= j->end || *j->p != c)
		return 0;
	j->p++;
	return 1;
}

/* After a member or an element: 1 on ',' (another follows), 0 on the
 * container's closing byte, -1 (reported) on anything else. */
static int jnext(jreader *j, char close)
{
	jspace(j);
	if (jtake(j, ','))
		return 1;
	if (jtake(j, close))
		return 0;
	return junexpected(j, close == '}' ? "',' or '}'" : "',' or ']'");
}

/* An object at j->p; obj is its key when it is a top-level member. */
static int jobject(jreader *j, int depth, const char *obj)
{
	j->p++;
	jspace(j);
	if (jtake(j, '}'))
		return 0;
	int more = 1;
	while (more > 0) {
		jspace(j);
		if (j->p >= j->end || *j->p != '"')
			return junexpected(j, "a key in quotes");
		char *key = NULL;
		int want = -1;
		if (jstring(j, &key) != 0)
			return -1;
		for (int w = 0; w < W_N && depth <= 1; w++) {
			const char *o = wanted[w].obj;
			if (!strcmp(wanted[w].key, key) &&
			    (depth == 0 ? !o : o && obj && !strcmp(o, obj)))
				want = w;
		}
		jspace(j);
		if (!jtake(j, ':')) {
			free(key);
			return junexpected(j, "':' after a key");
		}
		int rc = jvalue(j, depth + 1, want, depth == 0 ? key : NULL);
		free(key);
		if (rc != 0)
			return -1;
		more = jnext(j, '}');
	}
	return more;
}

static int jarray(jreader *j, int depth)
{
	j->p++;
	jspace(j);
	if (jtake(j, ']'))
		return 0;
	int more = 1;
	while (more > 0)
		more = jvalue(j, depth + 1, -1, NULL) != 0 ? -1 : jnext(j, ']');
	return more;
}

/* A value; want >= 0 keeps it as got[want], obj names an object member of
 * the top level. */
static int jvalue(jreader *j, int depth, int want, const char *obj)
{
	if (depth > J_DEPTH)
		return jfail(j, "nested more than %d levels deep: not written by nastavnik match",
		             J_DEPTH);
	jspace(j);
	jval v = {0};
	v.line = j->line;
	char **text = want >= 0 ? &v.text : NULL;
	size_t left = (size_t)(j->end - j->p);
	int rc = 0;
	if (!left)
		return junexpected(j, "a value");
	switch (*j->p) {
	case '{': v.type = J_OBJ; rc = jobject(j, depth, obj); break;
	case '[': v.type = J_ARR; rc = jarray(j, depth); break;
	case '"': v.type = J_STR; rc = jstring(j, text); break;
	case 't': case 'f': case 'n': {
		static const char *const lit[] = {"true", "false", "null"};
		int k = *j->p == 't' ? 0 : *j->p == 'f' ? 1 : 2;
		size_t n = strlen(lit[k]);
		if (left < n && !memcmp(j->p, lit[k], left)) {
			j->p = j->end; /* cut short inside the word */
			return junexpected(j, "a value");
		}
		if (left < n || memcmp(j->p, lit[k], n) != 0)
			return junexpected(j, "a value");
		v.type = k == 2 ? J_NULL : J_BOOL;
		v.b = k == 0;
		j->p += n;
		break;
	}
	default:
		if (*j->p != '-' && !isdigit((unsigned char)*j->p))
			return junexpected(j, "a value");
		v.type = J_NUM;
		rc = jnumber(j, text);
	}
	if (rc != 0 || want < 0)
		return rc;
	if (j->got[want].type) {
		free(v.text);
		j->line = v.line;
		return jfail(j, "%s%s%s is given twice", wanted[want].obj ? wanted[want].obj : "",
		             wanted[want].obj ? "." : "", wanted[want].key);
	}
	j->got[want] = v;
	return 0;
}

static const char *jtype_word(int type)
{
	switch (type) {
	case J_NULL: return "null";
	case J_BOOL: return "true or false";
	case J_NUM: return "a number";
	case J_STR: return "a string";
	case J_ARR: return "an array";
	default: return "an object";
	}
}

/* A kept value for a message: a string or number as written (nv_shown:
 * its first 40 bytes, control bytes as '?'), else its type. */
static const char *jshown(const jval *v, char *buf, size_t size)
{
	if (v->type != J_STR && v->type != J_NUM)
		return jtype_word(v->type);
	char part[64];
	nv_shown(v->text, part, sizeof part);
	const char *q = v->type == J_STR ? "\"" : "";
	snprintf(buf, size, "%s%s%s", q, part, q);
	return buf;
}

/* The index of got's string among words, or -1. */
static int jword(const jval *v, const char *const *words, int n)
{
	for (int k = 0; v->type == J_STR && k < n; k++)
		if (!strcmp(v->text, words[k]))
			return k;
	return -1;
}

/* A whole number >= 0 into *out: 1; 0 when v is not one, -1 when it is
 * past SIZE_MAX. */
static int jwhole(const jval *v, size_t *out)
{
	const char *t = v->type == J_NUM ? v->text : NULL;
	if (!t || t[strspn(t, "0123456789")] != 0)
		return 0;
	errno = 0;
	unsigned long long k = strtoull(t, NULL, 10);
	if (errno == ERANGE || k > SIZE_MAX)
		return -1;
	*out = (size_t)k;
	return 1;
}

/* Checks what the reader kept and fills s; every problem goes to diag. */
static void summary_take(jreader *j, nv_summary_in *s, nv_diag *diag)
{
	const char *path = s->path;
	jval *g = j->got;
	char shown[80];
#define BAD(w, should)                                                                       \
	nv_diag_error(diag, path, g[w].line, NULL, "%s.%s should be %s, not %s", wanted[w].obj, \
	              wanted[w].key, should, jshown(&g[w], shown, sizeof shown))
#define MISSING(w)                                                                           \
	nv_diag_error(diag, path, 0, NULL, "%s.%s is missing: not written by nastavnik match",  \
	              wanted[w].obj, wanted[w].key)
	if (g[W_COMMAND].type != J_STR || strcmp(g[W_COMMAND].text, "match")) {
		if (!g[W_COMMAND].type)
			nv_diag_error(diag, path, 0, NULL, "no \"command\": not written by nastavnik match");
		else if (g[W_COMMAND].type == J_STR && !strcmp(g[W_COMMAND].text, "solve"))
			nv_diag_error(diag, path, g[W_COMMAND].line, NULL,
			              "written by nastavnik solve: explain needs a match output folder");
		else
			nv_diag_error(diag, path, g[W_COMMAND].line, NULL,
			              "\"command\" is not \"match\": not written by nastavnik match");
		return;
	}
	for (int w = W_INPUTS; w <= W_OPTIONS; w++)
		if (!g[w].type)
			nv_diag_error(diag, path, 0, NULL, "no \"%s\": not written by nastavnik match",
			              wanted[w].key);
		else if (g[w].type != J_OBJ)
			nv_diag_error(diag, path, g[w].line, NULL, "\"%s\" should be an object, not %s",
			              wanted[w].key, jtype_word(g[w].type));
	for (int w = W_PART; w <= W_LIMIT; w++) {
		int in = w <= W_ENC ? W_INPUTS : W_OPTIONS;
		if (g[in].type != J_OBJ)
			continue;
		if (!g[w].type) {
			MISSING(w);
			continue;
		}
		switch (w) {
		case W_PART:
			if (g[w].type != J_STR || !g[w].text[0])
				BAD(w, "a file path");
			else
				s->participants = nv_xstrdup(g[w].text);
			break;
		case W_CONFIG:
		case W_CONS:
			if ((g[w].type != J_STR || !g[w].text[0]) && g[w].type != J_NULL)
				BAD(w, "a file path or null");
			else if (g[w].type == J_STR)
				*(w == W_CONFIG ? &s->config : &s->constraints) = nv_xstrdup(g[w].text);
			break;
		case W_ENC: {
			static const char *const enc[] = {"utf-8", "cp1251"};
			int k = jword(&g[w], enc, 2);
			if (k < 0)
				BAD(w, "\"utf-8\" or \"cp1251\"");
			else
				s->encoding = k ? NV_ENC_CP1251 : NV_ENC_UTF8;
			break;
		}
		case W_OBJ: {
			static const char *const obj[] = {"coverage", "score", "maximin"};
			int k = jword(&g[w], obj, 3);
			if (k < 0)
				BAD(w, "\"coverage\", \"score\" or \"maximin\"");
			else
				s->objective = k == 1 ? NV_OBJ_SCORE : k == 2 ? NV_OBJ_MAXIMIN : NV_OBJ_COVERAGE;
			break;
		}
		case W_SKIP:
			if (g[w].type != J_BOOL)
				BAD(w, "true or false");
			else
				s->skip_invalid = g[w].b;
			break;
		case W_SOLVER: {
			static const char *const sv[] = {"auto", "flow", "glpk"};
			int k = jword(&g[w], sv, 3);
			if (k < 0)
				BAD(w, "\"auto\", \"flow\" or \"glpk\"");
			else
				s->solver = k == 1 ? NV_SOLVER_FLOW : k == 2 ? NV_SOLVER_GLPK : NV_SOLVER_AUTO;
			break;
		}
		case W_TOPK: {
			int k = jwhole(&g[w], &s->top_k);
			if (k == 0)
				BAD(w, "a whole number >= 0");
			else if (k < 0)
				nv_diag_error(diag, path, g[w].line, NULL, "options.top_k %s is out of range",
				              jshown(&g[w], shown, sizeof shown));
			break;
		}
		case W_LIMIT: {
			double x = g[w].type == J_NUM ? strtod(g[w].text, NULL) : -1;
			if (g[w].type != J_NUM || !isfinite(x) || x < 0)
				BAD(w, "a number of seconds >= 0");
			else
				s->time_limit = x;
			break;
		}
		}
	}
	/* the answer's proof, as match wrote it; anything else leaves it
	 * unknown (explain then solves again, as it did before match wrote it) */
	size_t gp, mt;
	double gap = g[W_GAP].type == J_NUM ? strtod(g[W_GAP].text, NULL) : 0;
	double total = g[W_TOTAL].type == J_NUM ? strtod(g[W_TOTAL].text, NULL) : NAN;
	if (g[W_PROVEN].type == J_BOOL && g[W_PROOF].type == J_STR &&
	    (g[W_GAP].type == J_NULL || (g[W_GAP].type == J_NUM && isfinite(gap) && gap >= 0)) &&
	    jwhole(&g[W_GAPPAIRS], &gp) > 0 && jwhole(&g[W_MATCHED], &mt) > 0 && isfinite(total)) {
		s->answer_known = 1;
		s->answer = (nv_answer_in){g[W_PROVEN].b, gap, gp, mt, nv_xstrdup(g[W_PROOF].text),
		                           total, 0, 0};
		/* 16 hex digits; a folder from before match wrote it has none */
		const char *fp = g[W_FPRINT].type == J_STR ? g[W_FPRINT].text : "";
		if (strlen(fp) == 16 && strspn(fp, "0123456789abcdef") == 16) {
			s->answer.has_fingerprint = 1;
			s->answer.fingerprint = strtoull(fp, NULL, 16);
		}
	}
#undef BAD
#undef MISSING
}

int nv_summary_read(const char *dir, nv_lang lang, nv_summary_in *s, nv_diag *diag)
{
	int ru = lang == NV_LANG_RU;
	memset(s, 0, sizeof *s);
	s->path = nv_join_path(dir, "summary.json");
	const char *path = s->path;
	size_t errors = nv_diag_errors(diag);
	jreader j = {0};
	char *text = NULL;
	size_t n = 0;
	struct stat st;
	const char *why = NULL;
	/* without waiting: a FIFO's open would block until someone writes */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	FILE *f = fd >= 0 ? fdopen(fd, "rb") : NULL;
	if (fd >= 0 && !f)
		close(fd);
	if (!f || fstat(fileno(f), &st) != 0)
		why = nv_errno_text(errno, ru);
	else if (S_ISDIR(st.st_mode))
		why = ru ? "это папка, а не файл" : "a folder, not a file";
	else if (!S_ISREG(st.st_mode))
		why = ru ? "это не обычный файл" : "not a regular file";
	else if (st.st_size > SUMMARY_MAX) /* match writes a few kilobytes */
		why = ru ? "больше 1 ГиБ" : "larger than 1 GiB";
	if (!why) {
		text = nv_xmalloc((size_t)st.st_size + 1);
		n = fread(text, 1, (size_t)st.st_size, f);
		if (ferror(f))
			why = strerror(errno);
	}
	if (why) {
		nv_diag_error(diag, path, 0, NULL,
		              ru ? "не удаётся прочитать (%s): «%s» — точно папка вывода nastavnik "
		                   "match?"
		                 : "cannot read it (%s): is %s a match output folder?",
		              why, dir);
		goto done;
	}
	j.p = text;
	j.end = text + n;
	j.line = 1;
	jspace(&j);
	if (j.p == j.end) {
		nv_diag_error(diag, path, 0, NULL,
		              ru ? "%s: это не вывод nastavnik match"
		                 : "%s: not written by nastavnik match",
		              n ? (ru ? "пустой, в нём нет JSON" : "blank, no JSON in it")
		                : (ru ? "пустой файл" : "empty file"));
		goto done;
	}
	if (*j.p != '{') {
		nv_diag_error(diag, path, j.line, NULL,
		              ru ? "не объект JSON («{»): это не вывод nastavnik match"
		                 : "not a JSON object ('{'): not written by nastavnik match");
		goto done;
	}
	if (jvalue(&j, 0, -1, NULL) == 0) {
		jspace(&j);
		if (j.p < j.end)
			jfail(&j, "not valid JSON: more text after the closing '}'");
	}
	if (j.err[0]) {
		nv_diag_error(diag, path, j.err_line, NULL, "%s", j.err);
		goto done;
	}
	summary_take(&j, s, diag);
done:
	for (int w = 0; w < W_N; w++)
		free(j.got[w].text);
	free(text);
	if (f)
		fclose(f);
	return nv_diag_errors(diag) > errors ? NV_EDATA : NV_OK;
}

void nv_summary_in_done(nv_summary_in *s)
{
	free(s->path);
	free(s->participants);
	free(s->config);
	free(s->constraints);
	free(s->answer.proof);
	memset(s, 0, sizeof *s);
}
