/* report.c (report.html: what summary.json says, for a person -- the counts,
 * pairs per form, the district reporting form's table, the scores and what
 * makes them, who is left out and why, the proof, the settings -- in the
 * run's language, the charts as inline SVG: one file that opens offline, no
 * scripts, nothing fetched, and no names, whatever --with-names says) */
#include "match_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* --- private ------------------------------------------------------------ */

typedef struct rep {
	const nv_run *r;
	FILE *f;
	int ru;
	nv_counts n; /* what summary.json counts */
} rep;

static const char *tr(const rep *p, const char *en, const char *ru)
{
	return p->ru ? ru : en;
}

/* x printed by fmt (one double) as the reader writes numbers: a decimal
 * comma in Russian. Four results may be held at once. */
static const char *num(const rep *p, const char *fmt, double x)
{
	static char buf[4][NV_NUM_TEXT];
	static int k;
	k = (k + 1) % 4;
	return nv_num_text(fmt, x, p->ru ? NV_LANG_RU : NV_LANG_EN, buf[k]);
}

/* s as HTML text or attribute value */
static void esc(FILE *f, const char *s)
{
	for (; *s; s++) {
		if ((unsigned char)*s >= 0x80) /* a byte no UTF-8: U+FFFD, the page stays UTF-8 */
			s += nv_utf8_put(f, s, 0) - 1;
		else if (*s == '&')
			fputs("&amp;", f);
		else if (*s == '<')
			fputs("&lt;", f);
		else if (*s == '>')
			fputs("&gt;", f);
		else if (*s == '"')
			fputs("&quot;", f);
		else if (*s == '\'')
			fputs("&#39;", f);
		else
			fputc(*s, f);
	}
}

static void h2(const rep *p, const char *id, const char *en, const char *ru)
{
	fprintf(p->f, "<h2 id=\"%s\">", id);
	esc(p->f, tr(p, en, ru));
	fputs("</h2>\n", p->f);
}

/* One row of a two-column table: a label and a count (data-key names it
 * for tools and tests). */
static void kv_row(const rep *p, const char *key, const char *en, const char *ru, long v)
{
	fputs("<tr><th>", p->f);
	esc(p->f, tr(p, en, ru));
	fprintf(p->f, "</th><td class=\"num\" data-key=\"%s\">%ld</td></tr>\n", key, v);
}

/* A form's name for people: in Russian a built-in form's title, with the
 * config's name beside it; any other form by its name. */
static void form_name(const rep *p, const nv_form *fm)
{
	if (!p->ru || !fm->builtin) {
		esc(p->f, fm->name);
		return;
	}
	esc(p->f, nv_form_title(fm, NV_LANG_RU));
	fputs(" <span class=\"code\">", p->f);
	esc(p->f, fm->name);
	fputs("</span>", p->f);
}

/* Horizontal bars, one per item: its label left, its value at its end. */
enum {
	LABEL_W = 330,
	BAR_W = 360,
	ROW_H = 24
};

static void bar_chart(const rep *p, const char *id, size_t n, const char *const *label,
                      const long *value, const char *color)
{
	FILE *f = p->f;
	long max = 1;
	for (size_t i = 0; i < n; i++)
		if (value[i] > max)
			max = value[i];
	int w = LABEL_W + BAR_W + 80, h = (int)n * ROW_H + 4;
	fprintf(f,
	        "<svg id=\"%s\" class=\"chart\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
	        "role=\"img\">\n",
	        id, w, h, w, h);
	for (size_t i = 0; i < n; i++) {
		int y = (int)i * ROW_H + 2;
		double bw = (double)BAR_W * (double)value[i] / (double)max;
		fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", LABEL_W - 8, y + 16);
		esc(f, label[i]);
		fprintf(f,
		        "</text><rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\">"
		        "<title>",
		        LABEL_W, y + 3, bw, ROW_H - 6, color);
		esc(f, label[i]);
		fprintf(f, ": %ld</title></rect><text x=\"%.1f\" y=\"%d\">%ld</text>\n", value[i],
		        LABEL_W + bw + 6, y + 16, value[i]);
	}
	fputs("</svg>\n", f);
}

/* A form's age or experience range in words ("15–18", "≥ 3"; "" when open
 * both ways). */
static void range_words(const rep *p, char *buf, size_t n, nv_range g)
{
	int lo = !isinf(g.lo), hi = !isinf(g.hi);
	if (lo && hi)
		snprintf(buf, n, "%s–%s", num(p, NULL, g.lo), num(p, NULL, g.hi));
	else if (lo)
		snprintf(buf, n, "≥ %s", num(p, NULL, g.lo));
	else if (hi)
		snprintf(buf, n, "≤ %s", num(p, NULL, g.hi));
	else
		buf[0] = 0;
}

/* Who a form takes on one side: category, age, experience. */
static void side_words(const rep *p, int cat, nv_range age, nv_range exp)
{
	char b[64];
	FILE *f = p->f;
	if (cat < 0)
		fputs(tr(p, "anyone", "любой"), f);
	else
		esc(f, nv_category_title(cat, p->ru ? NV_LANG_RU : NV_LANG_EN));
	range_words(p, b, sizeof b, age);
	if (b[0])
		fprintf(f, ", %s %s", tr(p, "age", "возраст"), b);
	range_words(p, b, sizeof b, exp);
	if (b[0])
		fprintf(f, ", %s %s", tr(p, "experience", "стаж"), b);
}

/* --- sections ----------------------------------------------------------- */

static const char *css =
        "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;"
        "margin:2em auto;max-width:960px;padding:0 1em;color:#222;line-height:1.4}"
        "h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.25em;margin-top:1.8em;"
        "border-bottom:1px solid #ccc;padding-bottom:.2em}"
        "table{border-collapse:collapse;margin:.6em 0}th,td{border:1px solid #ccc;"
        "padding:.3em .6em;text-align:left;vertical-align:top}"
        "td.num{text-align:right;font-variant-numeric:tabular-nums}"
        "th{background:#f4f4f4;font-weight:normal}.code{color:#666;font-family:monospace}"
        ".muted{color:#666}.ok{color:#1a7f37}.warn{color:#b35900}"
        "svg.chart{display:block;margin:.6em 0;font-size:13px}"
        "svg text{fill:#222}.legend span{display:inline-block;width:.9em;height:.9em;"
        "margin:0 .3em 0 1em;vertical-align:-.1em}"
        "@media print{body{margin:0}h2{break-after:avoid}}";

static const char *term_color[NV_NTERMS] = {"#4c78a8", "#f58518", "#54a24b", "#b279a2"};
static const char *term_en[NV_NTERMS] = {"psychological profile", "shared subjects", "shared goals",
                                         "mentor strong in the difficulties"};
static const char *term_ru[NV_NTERMS] = {"психологическая совместимость", "общие предметы",
                                         "общие цели", "сильные стороны наставника в трудностях"};

static void brief(const rep *p)
{
	const nv_run *r = p->r;
	const nv_counts n = p->n;
	long matched = n.matched;
	FILE *f = p->f;
	h2(p, "brief", "In brief", "Коротко");
	long open = (long)r->n_mentees;
	double share = open ? 100.0 * (double)matched / (double)open : 0;
	fprintf(f, "<p><strong>");
	/* "из 21 наставляемого", "из 5 наставляемых" */
	int one = open % 10 == 1 && open % 100 != 11;
	if (p->ru)
		fprintf(f, "С наставником: %ld из %ld %s", matched, open,
		        one ? "наставляемого" : "наставляемых");
	else /* "1 of 5 mentees has", "1 of 1 mentee has", "2 of 5 mentees have" */
		fprintf(f, "%ld of %ld %s %s a mentor", matched, open,
		        open == 1 ? "mentee" : "mentees", matched == 1 || open == 1 ? "has" : "have");
	if (open)
		/* "(44.4%)"; Russian sets the sign off by a space, "(44,4 %)" */
		fprintf(f, p->ru ? " (%s %%)" : " (%s%%)", num(p, "%.1f", share));
	fprintf(f, "</strong> <span class=\"muted\">%s</span></p>\n",
	        tr(p, "(of those with consent and a valid row)",
	           "(из давших согласие, со строкой без ошибок)"));
	fprintf(f,
	        "<svg id=\"share\" class=\"chart\" width=\"%d\" height=\"18\" viewBox=\"0 0 %d "
	        "18\" "
	        "role=\"img\"><rect width=\"%d\" height=\"18\" fill=\"#e5e5e5\"/>"
	        "<rect width=\"%.1f\" height=\"18\" fill=\"#54a24b\"/></svg>\n",
	        LABEL_W + BAR_W, LABEL_W + BAR_W, LABEL_W + BAR_W,
	        (double)(LABEL_W + BAR_W) * share / 100);
	fputs("<table class=\"kv\">\n", f);
	kv_row(p, "mentees", "Mentees in the file", "Наставляемых в файле", n.mentees_in);
	kv_row(p, "matched_mentees", "Mentees with a mentor", "Наставляемых с наставником",
	       matched);
	kv_row(p, "mentors", "Mentors in the file", "Наставников в файле", n.mentors_in);
	kv_row(p, "groups", "Mentors with mentees (pairs and groups)",
	       "Наставников с наставляемыми (пары и группы)", n.used);
	kv_row(p, "pairs", "Proposed pairs", "Предложенных пар", (long)r->sol->n_chosen);
	kv_row(p, "fixed_pairs", "Of them fixed by the curator", "Из них закреплены куратором",
	       n.fixed);
	kv_row(p, "no_consent", "Without consent to personal-data processing (not considered)",
	       "Без согласия на обработку персональных данных (не рассматривались)",
	       (long)r->n_no_consent);
	kv_row(p, "invalid_rows", "Rows with errors (left out)", "Строк с ошибками (не учтены)",
	       (long)r->n_invalid);
	if (n.no_role) /* so that the rows add up: mentees, mentors and these */
		kv_row(p, "rows_without_role", "Of them without a readable role (neither mentor nor mentee)",
		       "Из них без понятной роли (ни наставник, ни наставляемый)", n.no_role);
	fputs("</table>\n", f);
}

/* The form's rows per educational institution, all forms together (the
 * workbook's report sheet has them per form), in the order of the file. */
static void institutions(const rep *p)
{
	const nv_run *r = p->r;
	const nv_table *t = r->t;
	size_t nf = r->cfg.n_forms, norg = nv_vocab_count(t->orgs), shown = 0;
	unsigned char *school = nv_institutions(t);
	for (size_t o = 0; o < norg; o++)
		shown += school[o];
	if (shown) {
		static const char *const en[NV_COV_N] = {"mentees aged 10–18", "mentors aged 15–18",
		                                         "young teachers", "enterprises"};
		static const char *const ru[NV_COV_N] = {"наставляемые 10–18 лет",
		                                         "наставники 15–18 лет",
		                                         "молодые специалисты", "предприятия"};
		FILE *f = p->f;
		fprintf(f,
		        "<p class=\"muted\">%s</p>\n<table id=\"institutions\">\n<tr><th>%s</th>",
		        tr(p, "The same rows per educational institution, all forms together:",
		           "Те же строки по образовательным учреждениям, все формы вместе:"),
		        tr(p, "institution", "учреждение"));
		for (int k = 0; k < NV_COV_N; k++)
			fprintf(f, "<th>%s</th>", p->ru ? ru[k] : en[k]);
		fputs("</tr>\n", f);
		long *cov = nv_coverage_by_org(r);
		for (size_t o = 0; o < norg; o++) {
			if (!school[o])
				continue;
			fputs("<tr><td>", f);
			esc(f, nv_vocab_name(t->orgs, (uint32_t)o));
			fputs("</td>", f);
			const long *c = cov + (o * (nf + 1) + nf) * NV_COV_N;
			for (int k = 0; k < NV_COV_N; k++)
				fprintf(f, "<td class=\"num\">%ld</td>", c[k]);
			fputs("</tr>\n", f);
		}
		fputs("</table>\n", f);
		free(cov);
	}
	free(school);
}

static void per_form(const rep *p)
{
	const nv_run *r = p->r;
	const nv_config *c = &r->cfg;
	size_t nf = c->n_forms;
	FILE *f = p->f;
	h2(p, "forms", "Pairs per form", "Пары по формам наставничества");
	const char **label = nv_xmalloc((nf + 1) * sizeof *label);
	long *value = nv_xmalloc((nf + 1) * sizeof *value);
	for (size_t k = 0; k < nf; k++) {
		label[k] = nv_form_title(&c->form[k], p->ru ? NV_LANG_RU : NV_LANG_EN);
		value[k] = r->form_count[k];
	}
	bar_chart(p, "forms-chart", nf, label, value, "#4c78a8");
	free(label);
	free(value);

	/* the district reporting form's table */
	h2(p, "coverage", "The district reporting form", "Форма отчёта муниципалитета");
	fputs("<p class=\"muted\">", f);
	esc(f, nv_coverage_title(p->ru ? NV_LANG_RU : NV_LANG_EN));
	fputs("</p>\n<table id=\"coverage-table\">\n<tr><th></th>", f);
	for (size_t k = 0; k < nf; k++) {
		fputs("<th>", f);
		form_name(p, &c->form[k]);
		fputs("</th>", f);
	}
	fprintf(f, "<th>%s</th></tr>\n", tr(p, "total", "всего"));
	long *cov = nv_xcalloc((nf + 1) * NV_COV_N, sizeof *cov);
	nv_coverage_counts(r, cov);
	for (int k = 0; k < NV_COV_N; k++) {
		fputs("<tr><th>", f);
		esc(f, nv_coverage_label(k, p->ru ? NV_LANG_RU : NV_LANG_EN));
		fputs("</th>", f);
		for (size_t g = 0; g <= nf; g++)
			fprintf(f, "<td class=\"num\">%ld</td>", cov[g * NV_COV_N + k]);
		fputs("</tr>\n", f);
	}
	fputs("</table>\n", f);
	free(cov);
	institutions(p);
}

/* The proposed pairs' scores: a histogram, then each form's mean
 * contributions stacked (what the pairs are made of). */
static void scores(const rep *p)
{
	const nv_run *r = p->r;
	const nv_config *c = &r->cfg;
	size_t nf = c->n_forms, n = r->sol->n_chosen;
	FILE *f = p->f;
	h2(p, "scores", "Pair scores", "Оценки пар");
	if (!n) {
		fprintf(f, "<p>%s</p>\n", tr(p, "No pairs.", "Пар нет."));
		return;
	}
	enum {
		BINS = 10,
		COL_W = 66,
		CHART_H = 160
	};
	long bin[BINS] = {0}, top = 1;
	double *sum = nv_xcalloc((nf + 1) * NV_NTERMS, sizeof *sum);
	for (size_t i = 0; i < n; i++) {
		uint32_t e = r->sol->chosen[i];
		/* binned as pairs.csv prints it (0.300000 is in 0.3-0.4) */
		int64_t b = nv_micro(r->e_score[e]) / (1000000 / BINS);
		bin[b < 0 ? 0 : b >= BINS ? BINS - 1 : b]++;
		for (int k = 0; k < NV_NTERMS; k++)
			sum[r->e_form[e] * NV_NTERMS + k] += r->e_contrib[e * NV_NTERMS + k];
	}
	for (int b = 0; b < BINS; b++)
		if (bin[b] > top)
			top = bin[b];
	if (p->ru)
		fprintf(f, "<p>Средняя оценка пары %s, наименьшая %s; сумма оценок %s.</p>\n",
		        num(p, "%.3f", r->sol->total / (double)n),
		        num(p, "%.3f", r->sol->min_score), num(p, "%.6f", r->sol->total));
	else
		fprintf(f, "<p>Mean pair score %.3f, lowest %.3f; total %.6f.</p>\n",
		        r->sol->total / (double)n, r->sol->min_score, r->sol->total);
	int w = BINS * COL_W + 20, h = CHART_H + 40;
	fprintf(f,
	        "<svg id=\"scores-chart\" class=\"chart\" width=\"%d\" height=\"%d\" "
	        "viewBox=\"0 0 %d %d\" role=\"img\">\n",
	        w, h, w, h);
	for (int b = 0; b < BINS; b++) {
		double bh = (double)CHART_H * (double)bin[b] / (double)top;
		int x = 10 + b * COL_W;
		fprintf(f,
		        "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"#4c78a8\">"
		        "<title>%s–%s: %ld</title></rect>"
		        "<text x=\"%d\" y=\"%.1f\" text-anchor=\"middle\">%ld</text>"
		        "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s–%s</text>\n",
		        x + 2, 16 + CHART_H - bh, COL_W - 4, bh, num(p, "%.1f", b / 10.0),
		        num(p, "%.1f", (b + 1) / 10.0), bin[b], x + COL_W / 2, 12 + CHART_H - bh,
		        bin[b], x + COL_W / 2, CHART_H + 34, num(p, "%.1f", b / 10.0),
		        num(p, "%.1f", (b + 1) / 10.0));
	}
	fputs("</svg>\n", f);

	fprintf(f, "<p>%s</p>\n<p class=\"legend\">",
	        tr(p,
	           "What makes the pairs: each form's mean contributions to the score "
	           "(each term times its weight share).",
	           "Из чего складывается оценка: средний вклад каждого слагаемого по формам "
	           "(слагаемое, умноженное на долю его веса)."));
	for (int k = 0; k < NV_NTERMS; k++)
		fprintf(f, "<span style=\"background:%s\"></span>%s", term_color[k],
		        p->ru ? term_ru[k] : term_en[k]);
	fputs("</p>\n", f);
	size_t rows = 0;
	for (size_t g = 0; g < nf; g++)
		rows += r->form_count[g] > 0;
	int cw = LABEL_W + BAR_W + 80, ch = (int)rows * ROW_H + 4;
	fprintf(f,
	        "<svg id=\"terms-chart\" class=\"chart\" width=\"%d\" height=\"%d\" "
	        "viewBox=\"0 0 %d %d\" role=\"img\">\n",
	        cw, ch, cw, ch);
	int y = 2;
	for (size_t g = 0; g < nf; g++) {
		if (r->form_count[g] <= 0)
			continue;
		fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", LABEL_W - 8, y + 16);
		esc(f, nv_form_title(&c->form[g], p->ru ? NV_LANG_RU : NV_LANG_EN));
		fputs("</text>", f);
		double x = LABEL_W, mean_total = 0;
		for (int k = 0; k < NV_NTERMS; k++) {
			double mean = sum[g * NV_NTERMS + k] / r->form_count[g];
			double bw = BAR_W * (mean > 0 ? mean : 0);
			mean_total += mean;
			fprintf(f,
			        "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
			        "fill=\"%s\">"
			        "<title>%s: %s</title></rect>",
			        x, y + 3, bw, ROW_H - 6, term_color[k],
			        p->ru ? term_ru[k] : term_en[k], num(p, "%.3f", mean));
			x += bw;
		}
		fprintf(f, "<text x=\"%.1f\" y=\"%d\">%s</text>\n", x + 6, y + 16,
		        num(p, "%.3f", mean_total));
		y += ROW_H;
	}
	fputs("</svg>\n", f);
	free(sum);
}

static void unmatched(const rep *p)
{
	static const char *meaning_en[NV_RC_COUNT] = {
	        "",
	        "no consent to personal-data processing: never considered",
	        "the row has an error (--skip-invalid): left out",
	        "no eligible partner under any form (the sentence says which rule)",
	        "every eligible partner scores below min_score",
	        "eligible partners are taken by other pairs "
	        "(an answer with one of them is no better by the objective), "
	        "held in another form or by a min_pairs quota, or of capacity 0; "
	        "under objective score also: the open pair scores 0 and adds nothing",
	        "a form's quota (max_pairs) leaves no room",
	        "every candidate pair is forbidden by the constraints",
	};
	static const char *meaning_ru[NV_RC_COUNT] = {
	        "",
	        "нет согласия на обработку персональных данных: не рассматриваются",
	        "в строке ошибка: строка пропущена (--skip-invalid)",
	        "ни в одной форме нет подходящей пары (правило названо в строке)",
	        "оценки всех подходящих пар ниже порога min_score",
	        "все, с кем возможна пара, уже в других парах "
	        "(пара с любым из них не улучшила бы итог по цели), "
	        "работают в другой форме, их держит квота min_pairs или у них нет мест; "
	        "при цели score также: пара с оценкой 0 ничего не добавляет",
	        "квота формы (max_pairs) исчерпана",
	        "все возможные пары запрещены ограничениями",
	};
	FILE *f = p->f;
	/* invalid rows may have no readable role: a column of their own */
	const long *mentees = p->n.unmatched[0], *mentors = p->n.unmatched[1],
	           *other = p->n.unmatched[2];
	long n_other = 0;
	for (int k = 0; k < NV_RC_COUNT; k++)
		n_other += other[k];
	h2(p, "unmatched", "Who is left without a pair, and why", "Кто остался без пары и почему");
	const char *label[NV_RC_COUNT];
	long value[NV_RC_COUNT];
	size_t n = 0;
	for (int k = NV_RC_NO_CONSENT; k < NV_RC_COUNT; k++) {
		if (!mentees[k] && !mentors[k] && !other[k])
			continue;
		label[n] = nv_reason_code_word((nv_reason_code)k);
		value[n++] = mentees[k] + mentors[k] + other[k];
	}
	if (n)
		bar_chart(p, "unmatched-chart", n, label, value, "#e45756");
	fprintf(f, "<table id=\"unmatched-table\">\n<tr><th>%s</th><th>%s</th><th>%s</th>",
	        tr(p, "code", "код"), tr(p, "mentees", "наставляемые"),
	        tr(p, "mentors", "наставники"));
	if (n_other)
		fprintf(f, "<th>%s</th>", tr(p, "rows without a readable role", "строки без роли"));
	fprintf(f, "<th>%s</th></tr>\n", tr(p, "meaning", "что это значит"));
	for (int k = NV_RC_NO_CONSENT; k < NV_RC_COUNT; k++) {
		fprintf(f,
		        "<tr><td class=\"code\">%s</td><td class=\"num\">%ld</td>"
		        "<td class=\"num\">%ld</td>",
		        nv_reason_code_word((nv_reason_code)k), mentees[k], mentors[k]);
		if (n_other)
			fprintf(f, "<td class=\"num\">%ld</td>", other[k]);
		fputs("<td>", f);
		esc(f, p->ru ? meaning_ru[k] : meaning_en[k]);
		fputs("</td></tr>\n", f);
	}
	fprintf(f, "</table>\n<p class=\"muted\">%s</p>\n",
	        tr(p, "Each person's own reason is in unmatched.csv; each pair's in pairs.csv.",
	           "Причина для каждого человека — в unmatched.csv, обоснование каждой пары — "
	           "в pairs.csv."));
}

static void proof(const rep *p)
{
	const nv_run *r = p->r;
	const nv_solution *s = r->sol;
	FILE *f = p->f;
	h2(p, "proof", "Optimality", "Оптимальность");
	static const char *obj_en[] = {"the most mentees matched, then the largest total score",
	                               "the largest total score",
	                               "the most mentees matched, then the largest lowest pair "
	                               "score, then the largest total"};
	static const char *obj_ru[] = {"наибольшее число наставляемых с наставником, затем "
	                               "наибольшая сумма оценок",
	                               "наибольшая сумма оценок",
	                               "наибольшее число наставляемых с наставником, затем "
	                               "наибольшая наименьшая оценка пары, затем наибольшая сумма"};
	nv_objective o = r->asg.objective;
	int oi = o == NV_OBJ_SCORE ? 1 : o == NV_OBJ_MAXIMIN ? 2 : 0;
	fprintf(f, "<p>%s: %s (<span class=\"code\">%s</span>).</p>\n", tr(p, "Objective", "Цель"),
	        p->ru ? obj_ru[oi] : obj_en[oi], nv_objective_word(o));
	if (o == NV_OBJ_MAXIMIN && !isnan(nv_run_maximin_value(r))) {
		/* the threshold maximin raised, which leaves the curator's fixed
		 * pairs out: not the lowest score of all pairs shown above */
		fprintf(f, "<p id=\"maximin\">%s %s.</p>\n",
		        tr(p, "Its lowest pair score, the pairs fixed by the curator left out:",
		           "Её наименьшая оценка пары, без пар, закреплённых куратором:"),
		        num(p, "%.6f", nv_run_maximin_value(r)));
	}
	if (s->proven)
		fprintf(f, "<p class=\"ok\" id=\"proven\">%s</p>\n",
		        tr(p, "The proposal is proven optimal over every eligible pair.",
		           "Оптимальность доказана: среди всех допустимых пар лучшего предложения "
		           "нет."));
	else if (s->gap_pairs)
		fprintf(f,
		        p->ru ? "<p class=\"warn\" id=\"unproven\">Оптимальность не доказана: в "
		                "оптимуме может быть до %zu %s больше.</p>\n"
		              : "<p class=\"warn\" id=\"unproven\">Not proven optimal: the optimum "
		                "may match up to %zu more %s.</p>\n",
		        s->gap_pairs,
		        p->ru ? nv_ru_plural(s->gap_pairs, "пары", "пар", "пар")
		              : s->gap_pairs == 1 ? "mentee" : "mentees");
	else
		fprintf(f,
		        p->ru ? "<p class=\"warn\" id=\"unproven\">Оптимальность не доказана: "
		                "сумма "
		                "оценок может быть ниже оптимума не более чем на %s.</p>\n"
		              : "<p class=\"warn\" id=\"unproven\">Not proven optimal: the total "
		                "score is at most %s below the optimum.</p>\n",
		        num(p, "%.6f", s->gap));
	if (!s->proven && o == NV_OBJ_MAXIMIN)
		fprintf(f, "<p class=\"warn\" id=\"threshold\">%s</p>\n",
		        s->threshold_proven
		                ? tr(p,
		                     "Under maximin the gap bounds the count and the total; the "
		                     "smallest pair score is proven the largest possible.",
		                     "При цели maximin отставание от оптимума, указанное выше, "
		                     "оценено для числа пар и суммы оценок; наименьшая оценка "
		                     "пары доказанно наибольшая возможная.")
		                : tr(p,
		                     "Under maximin the gap bounds the count and the total only; "
		                     "the smallest pair score is not proven the largest possible.",
		                     "При цели maximin отставание от оптимума, указанное выше, "
		                     "оценено только для числа пар и суммы оценок; не доказано, "
		                     "что наименьшая оценка пары — наибольшая возможная."));
	fprintf(f, "<p class=\"muted\">%s <span class=\"code\">%s</span>: ",
	        tr(p, "Solver", "Решатель (подробности на английском)"), nv_solver_word(s->used));
	esc(f, s->proof);
	fputs("</p>\n", f);
}

static void settings(const rep *p)
{
	const nv_run *r = p->r;
	const nv_config *c = &r->cfg;
	FILE *f = p->f;
	h2(p, "settings", "Settings", "Настройки");
	fprintf(f, "<table>\n<tr><th>%s</th><td>", tr(p, "Weights", "Веса"));
	const double w[NV_NTERMS] = {c->w.psych, c->w.subjects, c->w.goals, c->w.needs};
	for (int k = 0; k < NV_NTERMS; k++)
		fprintf(f, "%s%s %s", k ? "; " : "", p->ru ? term_ru[k] : term_en[k],
		        num(p, NULL, w[k]));
	fprintf(f, "</td></tr>\n<tr><th>%s</th><td>%s</td></tr>\n<tr><th>%s</th><td>%s</td></tr>\n",
	        tr(p, "Lowest score of a pair (min_score)", "Наименьшая оценка пары (min_score)"),
	        num(p, NULL, c->min_score), tr(p, "One form per mentor", "Наставник в одной форме"),
	        c->one_form_per_mentor ? tr(p, "yes", "да") : tr(p, "no", "нет"));
	fprintf(f, "<tr><th>%s</th><td>", tr(p, "Configuration", "Конфигурация"));
	if (c->path) {
		const char *b = strrchr(c->path, '/');
		esc(f, b ? b + 1 : c->path);
	} else {
		fputs(tr(p, "defaults", "по умолчанию"), f);
	}
	fputs("</td></tr>\n</table>\n", f);
	fprintf(f,
	        "<table id=\"forms-table\">\n<tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
	        "<th>%s</th><th>%s</th></tr>\n",
	        tr(p, "form", "форма"), tr(p, "mentor", "наставник"),
	        tr(p, "mentee", "наставляемый"), tr(p, "both in the same", "оба участника"),
	        tr(p, "pairs at least", "пар не меньше"), tr(p, "pairs at most", "пар не больше"));
	for (size_t k = 0; k < c->n_forms; k++) {
		const nv_form *fm = &c->form[k];
		fputs("<tr><td>", f);
		form_name(p, fm);
		fputs("</td><td>", f);
		side_words(p, fm->mentor_category, fm->mentor_age, fm->mentor_exp);
		fputs("</td><td>", f);
		side_words(p, fm->mentee_category, fm->mentee_age, fm->mentee_exp);
		fprintf(f, "</td><td>%s</td>",
		        fm->same_org        ? tr(p, "organisation", "из одной организации")
		        : fm->same_district ? tr(p, "district", "из одного района")
		                            : "—");
		if (fm->min_pairs >= 0)
			fprintf(f, "<td class=\"num\">%d</td>", fm->min_pairs);
		else
			fputs("<td>—</td>", f);
		if (fm->max_pairs >= 0)
			fprintf(f, "<td class=\"num\">%d</td>", fm->max_pairs);
		else
			fputs("<td>—</td>", f);
		fputs("</tr>\n", f);
	}
	fputs("</table>\n", f);

	size_t nn = r->diag ? nv_diag_notes(r->diag) : 0;
	if (nn) {
		/* about the inputs, and about the solve (an unproven answer) */
		h2(p, "notes", "Notes", "Замечания (на английском)");
		fputs("<ul>\n", f);
		for (size_t i = 0; i < nn; i++) {
			fputs("<li>", f);
			esc(f, nv_diag_note_at(r->diag, i));
			fputs("</li>\n", f);
		}
		fputs("</ul>\n", f);
	}
	fprintf(f, "<p class=\"muted\">%s: ", tr(p, "Seconds by stage", "Секунды по этапам"));
	const char *stage[] = {tr(p, "reading", "чтение"), tr(p, "features", "признаки"),
	                       tr(p, "scoring", "оценки"), tr(p, "solving", "подбор пар"),
	                       tr(p, "reasons", "обоснования"), tr(p, "writing", "запись")};
	/* writing as summary.json has it: pairs.csv and unmatched.csv */
	const double sec[] = {r->t_load,  r->t_features, r->t_score,
	                      r->t_solve, r->t_reasons,  r->t_write};
	for (int k = 0; k < 6; k++)
		fprintf(f, "%s%s %s", k ? ", " : "", stage[k], num(p, "%.3f", sec[k]));
	fputs(".</p>\n", f);
}

/* --- API ---------------------------------------------------------------- */

void nv_report_write(const nv_run *r, FILE *f)
{
	NV_ASSERT(r && r->sol && f);
	rep p = {r, f, r->p.lang == NV_LANG_RU, {0}};
	nv_counts_take(r, &p.n);
	const char *in = r->p.participants, *b = strrchr(in, '/');
	fprintf(f,
	        "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
	        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	        "<title>",
	        p.ru ? "ru" : "en");
	esc(f, tr(&p, "Mentorship pairs: ", "Пары наставничества: "));
	esc(f, b ? b + 1 : in);
	fprintf(f,
	        "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>%s</h1>\n"
	        "<p class=\"muted\">%s <span class=\"code\">",
	        css, tr(&p, "Proposed mentorship pairs", "Предложения пар наставничества"),
	        tr(&p, "Participants:", "Участники:"));
	esc(f, b ? b + 1 : in);
	fprintf(f, "</span>. %s</p>\n",
	        tr(&p, "Proposals for the curator to review; the pairs are in pairs.csv.",
	           "Это предложения для куратора; сами пары — в pairs.csv."));
	brief(&p);
	per_form(&p);
	scores(&p);
	unmatched(&p);
	proof(&p);
	settings(&p);
	fputs("</body>\n</html>\n", f);
}
