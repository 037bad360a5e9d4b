/* reasons.c (the sentence behind each pair and the computed code and
 * sentence behind each unmatched person, in Russian or English; Russian
 * uses the words of the target model's methodology) */
#include "match_internal.h"
#include "model_internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A mentee's need counts as a difficulty from this level, a mentor's skill
 * as strong from this one. */
#define NEED_LEVEL 0.3
#define SKILL_LEVEL 0.6
/* A fixed pair below this score (or below min_score) gets a warning. */
#define LOW_SCORE 0.4

/* x to two decimals as a reader rounds the six pairs.csv prints (half
 * away from zero: 0.175000 is 0.18, which %.2f of the double gives as
 * 0.17). */
static double cents(double x)
{
	return (double)llround((double)nv_micro(x) / 1e4) / 100;
}

int nv_min_score_text(double m, nv_lang lang, char buf[NV_NUM_TEXT])
{
	int two = cents(m) == m;
	nv_num_text(two ? "%.2f" : "%.6f", m, lang, buf);
	return two;
}

/* --- words --- */

const char *nv_reason_code_word(nv_reason_code c)
{
	static const char *w[NV_RC_COUNT] = {
		"",
		"no_consent",
		"invalid_row",
		"no_eligible_partner",
		"below_min_score",
		"capacity_taken",
		"quota",
		"forbidden",
	};
	NV_ASSERT(c < NV_RC_COUNT);
	return w[c];
}

const char *nv_form_title(const nv_form *fm, nv_lang lang)
{
	return lang == NV_LANG_RU ? fm->title_ru : fm->name;
}

/* The difficulty areas of the diagnostics (seed 003), as the district
 * report words them. */
static const struct {
	const char *name, *en, *ru;
} area_words[] = {
	{"emotional_regulation", "emotional regulation", "управление эмоциональной сферой"},
	{"conflict_handling", "conflict handling", "решение конфликтных ситуаций"},
	{"categorical_judgement", "categorical judgement", "категоричность оценок и суждений"},
	{"observation", "observation", "наблюдение за участниками коммуникации"},
	{"student_interaction", "interaction with students", "взаимодействие с обучающимися"},
};

const char *nv_area_title(const char *area, nv_lang lang, char *buf, size_t n)
{
	for (size_t i = 0; i < sizeof area_words / sizeof *area_words; i++)
		if (!strcmp(area, area_words[i].name))
			return lang == NV_LANG_RU ? area_words[i].ru : area_words[i].en;
	/* another area: in English its name, underscores as spaces; in
	 * Russian its name as the columns spell it (an identifier, as the
	 * subject tags are, not English words in a Russian sentence) */
	snprintf(buf, n, "%s", area);
	if (lang != NV_LANG_RU)
		for (char *s = buf; *s; s++)
			if (*s == '_')
				*s = ' ';
	return buf;
}

const char *nv_psych_words(double psych, nv_lang lang)
{
	int ru = lang == NV_LANG_RU;
	if (psych >= 0.85)
		return ru ? "психологические профили очень близки" : "very close psychological profiles";
	if (psych >= 0.65)
		return ru ? "психологические профили близки" : "close psychological profiles";
	if (psych >= 0.45)
		return ru ? "психологические профили отчасти различаются"
		          : "somewhat different psychological profiles";
	return ru ? "психологические профили различаются" : "different psychological profiles";
}

static const char *category_ru(int c)
{
	switch (c) {
	case NV_STUDENT: return "ученик";
	case NV_TEACHER: return "учитель";
	case NV_COLLEGE_STUDENT: return "студент";
	case NV_EMPLOYER: return "работодатель";
	default: return "участник";
	}
}

static const char *category_en(int c)
{
	switch (c) {
	case NV_STUDENT: return "student";
	case NV_TEACHER: return "teacher";
	case NV_COLLEGE_STUDENT: return "college student";
	case NV_EMPLOYER: return "employer";
	default: return "person";
	}
}

const char *nv_category_title(int c, nv_lang lang)
{
	return lang == NV_LANG_RU ? category_ru(c) : category_en(c);
}

const char *nv_ru_plural(unsigned long n, const char *one, const char *few, const char *many)
{
	if (n % 10 == 1 && n % 100 != 11)
		return one;
	if (n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14))
		return few;
	return many;
}

const char *nv_num_text(const char *fmt, double x, nv_lang lang, char buf[NV_NUM_TEXT])
{
	if (fmt)
		snprintf(buf, NV_NUM_TEXT, fmt, x);
	else /* %g's 6 digits would show 0.1234567 as 0.123457 */
		for (int prec = 1; prec <= 17; prec++) {
			snprintf(buf, NV_NUM_TEXT, "%.*g", prec, x);
			if (strtod(buf, NULL) != x)
				continue;
			/* 10 is "1e+01" to one digit: whole digits, as given */
			const char *e = strchr(buf, 'e');
			int ex = e ? atoi(e + 1) : 0;
			if (ex >= prec && ex < 17)
				snprintf(buf, NV_NUM_TEXT, "%.*g", ex + 1, x);
			break;
		}
	if (lang == NV_LANG_RU)
		for (char *c = buf; *c; c++)
			if (*c == '.')
				*c = ',';
	return buf;
}

/* --- a growing string --- */

typedef struct sbuf {
	char *s;
	size_t len, cap;
} sbuf;

static void sb_add(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_add(sbuf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	NV_ASSERT(n >= 0);
	if (b->len + (size_t)n + 1 > b->cap) {
		b->cap = (b->len + (size_t)n + 1) * 2;
		b->s = nv_xrealloc(b->s, b->cap);
	}
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

static char *sb_take(sbuf *b)
{
	if (!b->s)
		return nv_xstrdup("");
	return b->s;
}

/* "; " between clauses */
static void sb_clause(sbuf *b)
{
	if (b->len)
		sb_add(b, "; ");
}

/* Years of experience as a sentence says them: "стаж 1 год", "стаж 2,5
 * года" (a fraction takes the few form), "with 1 year of experience". */
static void experience_words(sbuf *b, double years, nv_lang lang)
{
	char num[NV_NUM_TEXT];
	nv_num_text("%g", years, lang, num);
	int whole = years == floor(years) && years < 1e9;
	if (lang == NV_LANG_RU) {
		sb_add(b, ", стаж %s %s", num,
		       whole ? nv_ru_plural((unsigned long)years, "год", "года", "лет") : "года");
	} else {
		sb_add(b, " with %s %s of experience", num, whole && years == 1 ? "year" : "years");
	}
}

/* The shared tags of two CSR rows, comma separated; count in *n. */
static void shared_tags(sbuf *b, const size_t *off, const uint32_t *tags,
                        const nv_vocab *v, size_t x, size_t y, size_t *n)
{
	size_t i = off[x], j = off[y];
	*n = 0;
	while (i < off[x + 1] && j < off[y + 1]) {
		if (tags[i] < tags[j])
			i++;
		else if (tags[i] > tags[j])
			j++;
		else {
			sb_add(b, "%s%s", *n ? ", " : "", nv_vocab_name(v, tags[i]));
			(*n)++;
			i++;
			j++;
		}
	}
}

/* --- pairs --- */

/* A psych_type value in the run's language: the four temperaments by
 * their Russian names under --lang ru (a file may name them in English,
 * as the generated ones do); any other value as written. */
static const char *type_title(const char *type, nv_lang lang)
{
	static const char *const en[] = {"sanguine", "choleric", "phlegmatic", "melancholic"};
	static const char *const ru[] = {"сангвиник", "холерик", "флегматик", "меланхолик"};
	if (lang == NV_LANG_RU)
		for (size_t i = 0; i < sizeof en / sizeof *en; i++)
			if (!strcasecmp(type, en[i]))
				return ru[i];
	return type;
}

char *nv_reason_pair(const nv_run *r, size_t edge, nv_lang lang)
{
	const nv_table *t = r->t;
	int ru = lang == NV_LANG_RU;
	size_t m = r->mentor_row[r->e_mentor[edge]], e = r->mentee_row[r->e_mentee[edge]];
	const nv_form *form = &r->cfg.form[r->e_form[edge]];
	const double *c = r->e_contrib + edge * NV_NTERMS;
	double score = r->e_score[edge];
	sbuf b = {0};

	if (r->e_flags[edge] & NV_EDGE_FIXED) {
		sb_add(&b, "%s", ru ? "пара закреплена куратором" : "fixed by the curator");
		char num[NV_NUM_TEXT];
		if (score < LOW_SCORE || score < r->cfg.min_score)
			sb_add(&b, ru ? " (внимание: низкая оценка %s)" : " (warning: low score %s)",
			       nv_num_text("%.2f", cents(score), lang, num));
	}
	/* who is who, in the methodology's words */
	sbuf who = {0};
	if (ru) {
		sb_add(&who, "%s", nv_form_title(form, lang));
		if (t->category[e] == NV_TEACHER && !isnan(t->experience[e]) &&
		    t->experience[e] <= 3)
			sb_add(&who, ", наставляемый — молодой специалист");
	} else {
		sb_add(&who, "%s", form->name);
	}
	sb_clause(&b);
	sb_add(&b, "%s", who.s);
	free(who.s);

	size_t n;
	sbuf tags = {0};
	/* a term of weight 0 made nothing, so it is not named */
	shared_tags(&tags, t->subj_off, t->subj, t->subjects, m, e, &n);
	if (n && nv_model_share(r->model, NV_SUBJECTS) > 0) {
		sb_clause(&b);
		if (ru)
			sb_add(&b, "%sобщие предметы: %s",
			       t->category[m] == NV_TEACHER ? "наставник-предметник, " : "", tags.s);
		else
			sb_add(&b, "shared subjects: %s", tags.s);
	}
	free(tags.s);
	tags = (sbuf){0};
	shared_tags(&tags, t->goal_off, t->goal, t->goals, m, e, &n);
	if (n && nv_model_share(r->model, NV_GOALS) > 0) {
		sb_clause(&b);
		sb_add(&b, ru ? "общие цели: %s" : "shared goals: %s", tags.s);
	}
	free(tags.s);

	int has_psych = t->n_psych > 0 || nv_vocab_count(t->psych_types) > 0;
	double share = nv_model_share(r->model, NV_PSYCH);
	if (has_psych && share > 0) {
		sb_clause(&b);
		if (!nv_model_psych_known(r->model, m) || !nv_model_psych_known(r->model, e))
			sb_add(&b, "%s",
			       ru ? "психологические профили сравнить нельзя (у одного из двоих "
			            "нет данных или все значения средние)"
			          : "psychological profiles cannot be compared (no data, or "
			            "exactly average, for one of the two)");
		else
			sb_add(&b, "%s", nv_psych_words(c[NV_PSYCH] / share, lang));
		if (t->psych_type[m] >= 0 && t->psych_type[m] == t->psych_type[e])
			/* a clause of its own: "profiles differ" and "the same type"
			 * are no contradiction */
			sb_add(&b,
			       ru ? "; эмоционально-психологический тип тот же (%s)"
			          : "; the same emotional-psychological type (%s)",
			       type_title(nv_vocab_name(t->psych_types, (uint32_t)t->psych_type[m]),
			                  lang));
	}

	/* the mentee's difficulties the mentor is strong in, strongest first */
	size_t na = nv_model_share(r->model, NV_NEEDS) > 0 ? t->n_area : 0, k = 0;
	size_t *idx = nv_xreallocarray(NULL, na ? na : 1, sizeof *idx);
	for (size_t a = 0; a < na; a++)
		if (t->need[a * t->n + e] >= NEED_LEVEL && t->skill[a * t->n + m] >= SKILL_LEVEL)
			idx[k++] = a;
	for (size_t i = 1; i < k; i++) /* insertion sort by need·skill, ties by area */
		for (size_t j = i; j > 0; j--) {
			size_t a = idx[j - 1], bb = idx[j];
			double pa = t->need[a * t->n + e] * t->skill[a * t->n + m];
			double pb = t->need[bb * t->n + e] * t->skill[bb * t->n + m];
			if (pb > pa) {
				idx[j - 1] = bb;
				idx[j] = a;
			}
		}
	if (k) {
		sb_clause(&b);
		/* "силён в категоричности" would say the mentor is categorical */
		sb_add(&b, "%s",
		       ru ? "наставник может помочь с трудностями наставляемого: "
		          : "the mentor can help with the mentee's difficulties: ");
		for (size_t i = 0; i < k && i < 3; i++) {
			char buf[128];
			sb_add(&b, "%s%s", i ? ", " : "",
			       nv_area_title(t->area_name[idx[i]], lang, buf, sizeof buf));
		}
	}
	free(idx);
	if (c[NV_PSYCH] == 0 && c[NV_SUBJECTS] == 0 && c[NV_GOALS] == 0 && c[NV_NEEDS] == 0) {
		sb_clause(&b);
		sb_add(&b, "%s", ru ? "лучшая доступная пара, общих признаков нет"
		                    : "best pair available, nothing in common");
	}
	return sb_take(&b);
}

/* --- unmatched --- */

/* Per form and side (0 mentors, 1 mentees), the people who fit the form's
 * side but leave it out of their `forms` column, counted per org, per
 * district and in all: with them a person without an eligible partner
 * would have had one, in its org or district as the form asks. Built on
 * the first such person. */
typedef struct refusers {
	int built;
	size_t n_org, n_dist;
	uint32_t *org, *dist, *all; /* [k * n_org + o], [k * n_dist + d], [k]:
	                               k = form * 2 + side */
} refusers;

static void refusers_build(refusers *rf, const nv_run *r)
{
	const nv_table *t = r->t;
	size_t F = r->cfg.n_forms;
	rf->built = 1;
	rf->n_org = nv_vocab_count(t->orgs);
	rf->n_dist = nv_vocab_count(t->districts);
	rf->org = nv_xcalloc(2 * F * rf->n_org + 1, sizeof *rf->org);
	rf->dist = nv_xcalloc(2 * F * rf->n_dist + 1, sizeof *rf->dist);
	rf->all = nv_xcalloc(2 * F + 1, sizeof *rf->all);
	for (size_t f = 0; f < F; f++) {
		const nv_form *fm = &r->cfg.form[f];
		for (size_t row = 0; row < t->n; row++) {
			if (t->status[row] != NV_ROW_OK ||
			    !nv_form_side_ok(fm, t, row, (nv_role)t->role[row]) ||
			    nv_model_accepts(r->model, row, (unsigned)f))
				continue;
			int side = t->role[row] == NV_MENTEE;
			size_t k = f * 2 + (size_t)side;
			rf->all[k]++;
			if (t->org[row] < rf->n_org)
				rf->org[k * rf->n_org + t->org[row]]++;
			if (t->district[row] < rf->n_dist)
				rf->dist[k * rf->n_dist + t->district[row]]++;
		}
	}
}

static void refusers_free(refusers *rf)
{
	free(rf->org);
	free(rf->dist);
	free(rf->all);
}

/* Those on the other side of row's that form f would have paired with it
 * but for their forms column. */
static uint32_t refusers_for(refusers *rf, const nv_run *r, size_t row, size_t f)
{
	if (!rf->built)
		refusers_build(rf, r);
	const nv_table *t = r->t;
	const nv_form *fm = &r->cfg.form[f];
	size_t k = f * 2 + (t->role[row] == NV_MENTOR); /* the other side */
	if (fm->same_org)
		return t->org[row] < rf->n_org ? rf->org[k * rf->n_org + t->org[row]] : 0;
	if (fm->same_district)
		return t->district[row] < rf->n_dist ? rf->dist[k * rf->n_dist + t->district[row]] : 0;
	return rf->all[k];
}

/* How many names row's forms column gives that some form has. */
static size_t known_forms(const nv_run *r, size_t row)
{
	const nv_table *t = r->t;
	size_t n = 0;
	for (size_t i = t->form_off[row]; i < t->form_off[row + 1]; i++)
		n += nv_config_form(&r->cfg, nv_vocab_name(t->form_names, t->form[i])) >= 0;
	return n;
}

/* The forms column's name as the header writes it ("Формы", "forms"). */
static const char *forms_col(const nv_table *t)
{
	return t->forms_col ? t->forms_col : "forms";
}

/* The names in row's forms column that no form has (a curator's typo,
 * as form names are compared exactly), each with the form it differs
 * from only in letter case, if any: a clause after what was said, or
 * with `only` (the column names no other) the sentence's start. known:
 * known_forms(r, row). */
static void unknown_forms(sbuf *b, const nv_run *r, size_t row, nv_lang lang, int only,
                          size_t known)
{
	const nv_table *t = r->t;
	size_t n = 0, all = t->form_off[row + 1] - t->form_off[row] - known;
	/* [only][several][ru], formats of the column's name as the header
	 * writes it (Russian names it, English skips it) */
	static const char *const leads[2][2][2] =
	        {{{"; the forms column%.0s names an unknown form: ",
	           "; в столбце «%s» указана несуществующая форма: "},
	          {"; the forms column%.0s names unknown forms: ",
	           "; в столбце «%s» указаны несуществующие формы: "}},
	         {{"the forms column%.0s names only an unknown form: ",
	           "в столбце «%s» указана только несуществующая форма: "},
	          {"the forms column%.0s names only unknown forms: ",
	           "в столбце «%s» указаны только несуществующие формы: "}}};
	const char *lead = leads[only != 0][all > 1][lang == NV_LANG_RU];
	for (size_t i = t->form_off[row]; i < t->form_off[row + 1]; i++) {
		const char *name = nv_vocab_name(t->form_names, t->form[i]);
		if (nv_config_form(&r->cfg, name) >= 0)
			continue;
		if (!n++)
			sb_add(b, lead, forms_col(t));
		else
			sb_add(b, ", ");
		sb_add(b, lang == NV_LANG_RU ? "«%s»" : "'%s'", name);
		int twin = nv_config_form_twin(&r->cfg, name);
		if (twin >= 0)
			sb_add(b, lang == NV_LANG_RU ? " (возможно, %s)" : " (did you mean %s?)",
			       nv_form_title(&r->cfg.form[twin], lang));
	}
}

/* Which rule left this person without any eligible partner; and when
 * there were partners for a form but their forms column leaves it out,
 * how many (a curator looks in the forms column, not for more people). */
static void no_partner(sbuf *b, const nv_run *r, size_t row, nv_lang lang, refusers *rf)
{
	const nv_table *t = r->t;
	int ru = lang == NV_LANG_RU, mentor = t->role[row] == NV_MENTOR;
	size_t nfit = 0;
	uint64_t left_out = 0; /* forms the person fits but its forms column leaves out */
	for (size_t f = 0; f < r->cfg.n_forms; f++) {
		const nv_form *fm = &r->cfg.form[f];
		if (!nv_form_side_ok(fm, t, row, (nv_role)t->role[row]))
			continue;
		if (!nv_model_accepts(r->model, row, (unsigned)f)) {
			left_out |= UINT64_C(1) << f;
			continue;
		}
		if (nfit++ == 0)
			sb_add(b, "%s", ru ? (mentor ? "нет подходящего наставляемого: "
			                             : "нет подходящего наставника: ")
			                   : (mentor ? "no mentee to pair with: "
			                             : "no mentor to pair with: "));
		else
			sb_add(b, ", ");
		const char *scope = fm->same_org ? (ru ? " в той же организации" : " in the same organisation")
		                  : fm->same_district ? (ru ? " в том же районе" : " in the same district")
		                  : "";
		sb_add(b, ru ? "в форме %s%s" : "form %s%s", nv_form_title(fm, lang), scope);
		uint32_t n = refusers_for(rf, r, row, f);
		const char *there = fm->same_org || fm->same_district ? (ru ? " там" : " there") : "";
		if (n && ru)
			sb_add(b, " (%u %s%s не %s эту форму в столбце «%s»)", n,
			       mentor ? nv_ru_plural(n, "наставляемый", "наставляемых",
			                             "наставляемых")
			              : nv_ru_plural(n, "наставник", "наставника", "наставников"),
			       there, nv_ru_plural(n, "выбрал", "выбрали", "выбрали"),
			       forms_col(t));
		else if (n)
			sb_add(b, " (%u %s%s%s %s not accept it in the forms column)", n,
			       mentor ? "mentee" : "mentor", nv_s(n), there, n == 1 ? "does" : "do");
	}
	const char *self = ru ? (mentor ? "этот наставник" : "этот наставляемый")
	                      : (mentor ? "this mentor" : "this mentee");
	int named = t->form_off[row] != t->form_off[row + 1];
	size_t known = known_forms(r, row);
	if (nfit) {
		/* the forms the person could be in but left out of its own forms
		 * column: the curator may want to ask (a partner's column is
		 * counted above) */
		for (uint64_t m = left_out; m; m &= m - 1) {
			const nv_form *fm = &r->cfg.form[__builtin_ctzll(m)];
			if (m == left_out && ru)
				sb_add(b, "; в столбце «%s» %s не выбрал ", forms_col(t), self);
			else if (m == left_out)
				sb_add(b, "; %s's forms column leaves out ", self);
			else
				sb_add(b, ", ");
			sb_add(b, ru ? "форму %s" : "form %s", nv_form_title(fm, lang));
		}
		unknown_forms(b, r, row, lang, 0, known);
		return;
	}
	if (named && !known) {
		/* every name in the column is a typo or another config's form:
		 * that, not the person's age or category, is what leaves it out */
		unknown_forms(b, r, row, lang, 1, known);
		for (uint64_t m = left_out; m; m &= m - 1) {
			const nv_form *fm = &r->cfg.form[__builtin_ctzll(m)];
			int several = (left_out & (left_out - 1)) != 0;
			if (m == left_out)
				sb_add(b, ru ? "; %s подходит для %s " : "; %s fits form ", self,
				       several ? "форм" : "формы");
			else
				sb_add(b, ru ? ", " : ", form ");
			sb_add(b, "%s", nv_form_title(fm, lang));
		}
		if (left_out)
			return;
		sb_add(b, "; ");
	}
	/* no form takes this person at all */
	int cat = t->category[row];
	int of_own = named && known;
	if (ru)
		sb_add(b, "ни одна форма%s не принимает %s: %s", of_own ? " из выбранных" : "",
		       mentor ? "такого наставника" : "такого наставляемого", category_ru(cat));
	else /* "a student", "an employer" */
		sb_add(b, "no form%s takes a %s who is %s %s", of_own ? " this person accepts" : "",
		       mentor ? "mentor" : "mentee",
		       strchr("aeiou", category_en(cat)[0]) ? "an" : "a", category_en(cat));
	if (t->age[row] >= 0 && (cat == NV_STUDENT || cat == NV_COLLEGE_STUDENT)) {
		if (ru)
			sb_add(b, ", %d %s", t->age[row],
			       nv_ru_plural((unsigned long)t->age[row], "год", "года", "лет"));
		else
			sb_add(b, " aged %d", t->age[row]);
	}
	if (cat == NV_TEACHER && !isnan(t->experience[row]))
		experience_words(b, t->experience[row], lang);
	if (of_own)
		unknown_forms(b, r, row, lang, 0, known);
}

/* Why none of a mentee's several eligible mentors (tl->cand, all of them
 * blocked) takes it: those taken by other pairs, those of capacity 0
 * (tl->cap_zero), and those with room that the one-form rule holds in
 * another form (tl->other_form). */
static void several_mentors(sbuf *b, const nv_tally *tl, nv_lang lang)
{
	uint32_t n = tl->cand, held = tl->other_form, zero = tl->cap_zero;
	uint32_t taken = n - held - zero;
	int ru = lang == NV_LANG_RU;
	/* each kind's words, one mentor and several: "занят другой парой",
	 * "без мест (capacity 0)" ("has capacity 0"), "работает в другой
	 * форме" */
	uint32_t k[3] = {taken, zero, held};
	static const char *const en1[3] = {"is taken by another pair", "has capacity 0",
	                                   "has room but works in another form"};
	static const char *const en2[3] = {"are taken by other pairs", "have capacity 0",
	                                   "have room but work in another form"};
	static const char *const ru1[3] = {"занят другой парой", "без мест (capacity 0)",
	                                   "работает в другой форме"};
	static const char *const ru2[3] = {"заняты другими парами", "без мест (capacity 0)",
	                                   "работают в другой форме"};
	for (size_t i = 0; i < 3; i++)
		if (k[i] == n) { /* all of one kind */
			if (n == 2)
				sb_add(b,
				       ru ? "оба подходящих наставника %s"
				          : "both eligible mentors %s",
				       ru ? ru2[i] : en2[i]);
			else
				sb_add(b,
				       ru ? "все подходящие наставники (%u) %s"
				          : "all %u eligible mentors %s",
				       n, ru ? ru2[i] : en2[i]);
			return;
		}
	if (n == 2) { /* one of each of two kinds */
		size_t i = taken ? 0 : 1, j = held ? 2 : 1;
		sb_add(b,
		       ru ? "один из двух подходящих наставников %s, а второй %s"
		          : "one of the two eligible mentors %s and the other %s",
		       ru ? ru1[i] : en1[i], ru ? ru1[j] : en1[j]);
		return;
	}
	/* a mix: "of the 3 eligible mentors, 1 is taken by another pair and
	 * 2 have capacity 0" */
	if (ru)
		sb_add(b, "из %u %s", n,
		       nv_ru_plural(n, "подходящего наставника", "подходящих наставников",
		                    "подходящих наставников"));
	else
		sb_add(b, "of the %u eligible mentors", n);
	size_t parts = (taken > 0) + (zero > 0) + (held > 0), said = 0;
	for (size_t i = 0; i < 3; i++) {
		if (!k[i])
			continue;
		const char *sep = said == 0           ? (ru ? " " : ", ")
		                  : said + 1 == parts ? (ru ? ", а " : " and ")
		                                      : ", ";
		const char *what = ru          ? nv_ru_plural(k[i], ru1[i], ru2[i], ru2[i])
		                   : k[i] == 1 ? en1[i]
		                               : en2[i];
		sb_add(b, "%s%u %s", sep, k[i], what);
		said++;
	}
}

/* What the optimum says of the pairs a capacity_taken sentence names: any
 * answer with one of them is no better under the run's objective (the
 * pairs that hold the partners may score less, when the one-form rule, a
 * quota or maximin's smallest pair decides). */
static void no_better(sbuf *b, const nv_run *r, int mentor, uint32_t taken, uint32_t cand,
                      nv_lang lang)
{
	int ru = lang == NV_LANG_RU;
	const char *whom;
	if (taken < cand) /* a mentee's mentors, some not taken */
		whom = ru ? (taken == 1 ? "с занятым наставником" : "с любым из занятых")
		          : (taken == 1 ? "the taken mentor" : "any of the taken mentors");
	else
		whom = ru ? (taken == 1 ? (mentor ? "с этим наставляемым" : "с этим наставником")
		                        : "с любым из них")
		          : (taken == 1 ? (mentor ? "that mentee" : "that mentor") : "any of them");
	/* fixed pairs stand outside maximin's threshold (README) */
	const char *least = r->n_fix ? (ru ? "наименьшая оценка незакреплённой пары"
	                                   : "the smallest score of the pairs not fixed")
	                             : (ru ? "наименьшая оценка пары" : "the smallest pair score");
	if (ru)
		sb_add(b, "; в паре %s ", whom);
	else
		sb_add(b, "; pairing %s with %s would ", mentor ? "this mentor" : "this mentee",
		       whom);
	if (r->asg.objective == NV_OBJ_SCORE)
		sb_add(b, "%s", ru ? "сумма оценок не выросла бы" : "score no higher in total");
	else if (r->asg.objective == NV_OBJ_MAXIMIN)
		sb_add(b,
		       ru ? "пар стало бы меньше, %s снизилась бы или сумма оценок не выросла бы"
		          : "match fewer people, lower %s or score no higher in total",
		       least);
	else
		sb_add(b, "%s",
		       ru ? "пар стало бы меньше или сумма оценок не выросла бы"
		          : "match fewer people or score no higher in total");
}

/* A capacity_taken sentence's end when the curator's fixed pairs hold
 * every partner taken: the optimum has no word on them. */
static void fixed_hold(sbuf *b, uint32_t taken, uint32_t cand, nv_lang lang)
{
	if (lang == NV_LANG_RU)
		sb_add(b, "; %s в парах, закреплённых куратором",
		       taken < cand
		               ? (taken == 1 ? "занятый наставник —" : "все занятые наставники —")
		       : taken == 2 ? "оба заняты"
		                    : "все они заняты");
	else
		sb_add(b, "; the curator's fixed pairs hold %s",
		       taken < cand ? (taken == 1 ? "the taken mentor" : "all the taken mentors")
		       : taken == 2 ? "both"
		                    : "them all");
}

/* A person's eligible pairs that are forbidden and score at or above
 * min_score (*f), and those below it, forbidden or not (*bl): a forbid on
 * a pair that could not be made anyway is not what stops it. */
static void forbidden_below(const nv_tally *tl, uint32_t *f, uint32_t *bl)
{
	*f = tl->forbidden_ok;
	*bl = tl->below + (tl->forbidden - tl->forbidden_ok);
}

/* A capacity_taken sentence speaks of the partners that could take the
 * person (not forbidden, score >= min_score); the other eligible ones,
 * when there are any, are counted after it. */
static void others_out(sbuf *b, const nv_tally *tl, nv_lang lang)
{
	uint32_t f, bl;
	forbidden_below(tl, &f, &bl);
	uint32_t n = f + bl;
	if (!n)
		return;
	if (lang == NV_LANG_RU) {
		if (f && bl)
			sb_add(b, "; ещё %u %s: запрещены куратором — %u, с оценкой ниже min_score — %u", n,
			       nv_ru_plural(n, "подходящая пара", "подходящие пары", "подходящих пар"), f, bl);
		else if (f)
			sb_add(b, "; ещё %u %s %s куратором", f,
			       nv_ru_plural(f, "подходящая пара", "подходящие пары", "подходящих пар"),
			       nv_ru_plural(f, "запрещена", "запрещены", "запрещены"));
		else
			sb_add(b, "; ещё у %u %s оценка ниже min_score", bl,
			       nv_ru_plural(bl, "подходящей пары", "подходящих пар", "подходящих пар"));
		return;
	}
	if (f && bl)
		sb_add(b, "; %u more eligible pairs: %u forbidden by the curator, %u below min_score", n,
		       f, bl);
	else if (f)
		sb_add(b, "; %u more eligible pair%s forbidden by the curator", f, nv_s(f));
	else
		sb_add(b, "; %u more eligible pair%s below min_score", bl, nv_s(bl));
}

static char *unmatched_sentence(const nv_run *r, size_t row, nv_reason_code code, nv_lang lang,
                                const int32_t *mentor_edge, refusers *rf)
{
	const nv_table *t = r->t;
	int ru = lang == NV_LANG_RU, mentor = t->role[row] == NV_MENTOR;
	sbuf b = {0};
	const nv_tally *tl = NULL;
	if (r->row_index[row] >= 0)
		tl = mentor ? &r->tally_mentor[r->row_index[row]] : &r->tally_mentee[r->row_index[row]];
	const char *who_p = mentor ? (ru ? "наставляемых" : "mentees") : (ru ? "наставников" : "mentors");
	switch (code) {
	case NV_RC_NO_CONSENT:
		sb_add(&b, "%s", ru ? "нет согласия на обработку персональных данных"
		                    : "no consent to personal-data processing");
		break;
	case NV_RC_INVALID_ROW:
		if (ru)
			sb_add(&b, "%s", t->problem_ru[row] ? t->problem_ru[row] : "неверная строка");
		else
			sb_add(&b, "%s", t->problem[row] ? t->problem[row] : "invalid row");
		break;
	case NV_RC_NO_ELIGIBLE:
		no_partner(&b, r, row, lang, rf);
		break;
	case NV_RC_FORBIDDEN: {
		uint32_t fo, bl;
		forbidden_below(tl, &fo, &bl);
		if (bl) { /* the others score below min_score */
			char min[NV_NUM_TEXT];
			nv_min_score_text(r->cfg.min_score, lang, min);
			if (ru)
				sb_add(&b, "%u %s %s куратором, ещё у %u оценка ниже min_score %s",
				       fo,
				       nv_ru_plural(fo, "подходящая пара", "подходящие пары",
				                    "подходящих пар"),
				       nv_ru_plural(fo, "запрещена", "запрещены", "запрещены"), bl,
				       min);
			else
				sb_add(&b,
				       "%u eligible pair%s %s forbidden by the curator, %u more "
				       "below min_score %s",
				       fo, nv_s(fo), fo == 1 ? "is" : "are", bl, min);
		} else if (fo == 1)
			sb_add(&b, "%s", ru ? "единственная подходящая пара запрещена куратором"
			                    : "the one eligible pair is forbidden by the curator");
		else if (fo == 2)
			sb_add(&b, "%s", ru ? "обе подходящие пары запрещены куратором"
			                    : "both eligible pairs are forbidden by the curator");
		else
			sb_add(&b,
			       ru ? "все подходящие пары (%u) запрещены куратором"
			          : "all %u eligible pairs are forbidden by the curator",
			       fo);
		break;
	}
	case NV_RC_BELOW_MIN: {
		char best[NV_NUM_TEXT], min[NV_NUM_TEXT];
		/* two decimals, unless they would show the best as not below
		 * min_score (0.696708 as 0.70 beside 0.70) or round min_score
		 * itself: then six, as pairs.csv writes scores */
		double bb = tl->best_below;
		int best_two = nv_min_score_text(r->cfg.min_score, lang, min) &&
		               cents(bb) < r->cfg.min_score;
		nv_num_text(best_two ? "%.2f" : "%.6f", best_two ? cents(bb) : bb, lang, best);
		/* every eligible pair, the forbidden ones too, scores below */
		uint32_t n = tl->below + tl->forbidden;
		if (n == 1)
			sb_add(&b,
			       ru ? "у единственной подходящей пары оценка %s, ниже min_score %s"
			          : "the one eligible pair scores %s, below min_score %s",
			       best, min);
		else if (n == 2)
			sb_add(&b, ru ? "у обеих подходящих пар оценка ниже min_score %s (лучшая %s)"
			              : "both eligible pairs score below min_score %s (best %s)",
			       min, best);
		else
			sb_add(&b,
			       ru ? "у всех подходящих пар (%u) оценка ниже min_score %s "
			            "(лучшая %s)"
			          : "all %u eligible pairs score below min_score %s (best %s)",
			       n, min, best);
		if (tl->forbidden == n && ru)
			sb_add(&b, "%s",
			       n == 1   ? ", и она запрещена куратором"
			       : n == 2 ? ", и обе запрещены куратором"
			                : ", и все запрещены куратором");
		else if (tl->forbidden == n)
			sb_add(&b, "%s",
			       n == 1   ? ", and it is forbidden by the curator"
			       : n == 2 ? ", and both are forbidden by the curator"
			                : ", and all are forbidden by the curator");
		else if (tl->forbidden && ru)
			sb_add(&b, ", из них %u %s куратором", tl->forbidden,
			       nv_ru_plural(tl->forbidden, "запрещена", "запрещены", "запрещены"));
		else if (tl->forbidden)
			sb_add(&b, ", %u of them forbidden by the curator", tl->forbidden);
		break;
	}
	case NV_RC_QUOTA: {
		int f = tl->quota_form;
		NV_ASSERT(f >= 0);
		sb_add(&b,
		       ru ? "форма %s достигла квоты max_pairs (%d)"
		          : "form %s has reached its max_pairs quota (%d)",
		       nv_form_title(&r->cfg.form[f], lang), r->form_max[f]);
		break;
	}
	case NV_RC_CAPACITY: {
		if (mentor && r->capacity[r->row_index[row]] == 0) {
			sb_add(&b, "%s",
			       ru ? "у наставника нет мест (capacity 0)"
			          : "the mentor's capacity is 0");
			break;
		}
		/* "the one" partner only when no other eligible one is counted
		 * after the sentence (others_out) */
		int extra = tl->forbidden + tl->below > 0;
		const char *one = extra ? (ru ? "один" : "one") : (ru ? "единственный" : "the one");
		const char *one_gen = extra ? (ru ? "одного" : "one") : (ru ? "единственного" : "the one");
		if (tl->cap_blocked + tl->quota_blocked < tl->cand) {
			/* A partner is open to it (room, its form, no quota), yet the
			 * optimum leaves the pair out: under objective score such a
			 * pair adds nothing (it scores 0), else the total is no worse
			 * without it. */
			int zero = r->asg.objective == NV_OBJ_SCORE;
			int one = tl->cand - tl->cap_blocked - tl->quota_blocked == 1;
			if (mentor && one)
				sb_add(&b, "%s",
				       zero ? (ru ? "есть свободный подходящий наставляемый, но пара с ним ничего не добавляет к сумме оценок (оценка 0)"
				                  : "an eligible mentee is free, but the pair adds nothing to the total score (it scores 0)")
				            : (ru ? "есть свободный подходящий наставляемый, но без этой пары итог не хуже"
				                  : "an eligible mentee is free, but the optimum is no worse without the pair"));
			else if (mentor)
				sb_add(&b, "%s",
				       zero ? (ru ? "есть свободные подходящие наставляемые, но пара с ними ничего не добавляет к сумме оценок (оценка 0)"
				                  : "eligible mentees are free, but a pair with them adds nothing to the total score (it scores 0)")
				            : (ru ? "есть свободные подходящие наставляемые, но без этих пар итог не хуже"
				                  : "eligible mentees are free, but the optimum is no worse without these pairs"));
			else
				sb_add(&b, "%s",
				       zero ? (ru ? "у подходящего наставника есть место, но пара с ним ничего не добавляет к сумме оценок (оценка 0)"
				                  : "an eligible mentor has room, but a pair with that mentor adds nothing to the total score (it scores 0)")
				            : (ru ? "у подходящего наставника есть место, но без этой пары итог не хуже"
				                  : "an eligible mentor has room, but the optimum is no worse without the pair"));
			others_out(&b, tl, lang);
			break;
		}
		/* whom the best partner works with instead (a mentor: its first
		 * pair), and whether a form's min_pairs quota holds that pair */
		int32_t ed = tl->best < 0 ? -1 : mentor ? r->mentee_edge[tl->best] : mentor_edge[tl->best];
		/* held by min_pairs only when the pair with this person would be
		 * in another form: in the same one a swap keeps the count */
		int held = ed >= 0 && nv_run_form_at_min(r, r->e_form[ed]) &&
		           (int32_t)r->e_form[ed] != tl->best_form;
		/* a mentor with room left is held by the one-form rule */
		int other_form = !mentor && tl->best >= 0 && r->cfg.one_form_per_mentor &&
		                 r->mentor_form[tl->best] >= 0 &&
		                 r->mentor_load[tl->best] < r->capacity[tl->best];
		if (mentor && tl->cand == 1 && held)
			sb_add(&b,
			       ru ? "%s подходящий наставляемый в паре, которая нужна форме %s для "
			            "её квоты min_pairs = %d"
			          : "%s eligible mentee is in a pair that keeps form %s at its "
			            "min_pairs quota of %d",
			       one, nv_form_title(&r->cfg.form[r->e_form[ed]], lang),
			       r->form_min[r->e_form[ed]]);
		else if (mentor && tl->cand == 1)
			sb_add(&b,
			       ru ? "%s подходящий наставляемый уже в другой паре"
			          : "%s eligible mentee is in another pair",
			       one);
		else if (mentor && tl->cand == 2)
			sb_add(&b, "%s",
			       ru ? "оба подходящих наставляемых получили другие пары"
			          : "both eligible mentees are in other pairs");
		else if (mentor)
			sb_add(&b,
			       ru ? "все подходящие наставляемые (%u) получили другие пары"
			          : "all %u eligible mentees are in other pairs",
			       tl->cand);
		else if (tl->cand == 1 && tl->best >= 0 && r->capacity[tl->best] == 0) {
			sb_add(&b,
			       ru ? "у %s подходящего наставника, %s, нет мест (capacity 0)"
			          : "%s eligible mentor, %s, has capacity 0",
			       one_gen, t->id[r->mentor_row[tl->best]]);
			others_out(&b, tl, lang);
			break;
		} else if (tl->cand == 1 && other_form)
			sb_add(&b, ru ? "%s подходящий наставник работает в другой форме"
			              : "%s eligible mentor works in another form",
			       one);
		else if (tl->cand == 1)
			sb_add(&b,
			       ru ? "%s подходящий наставник занят другой парой"
			          : "%s eligible mentor is taken by another pair",
			       one);
		else
			several_mentors(&b, tl, lang);
		if (tl->best >= 0) {
			uint32_t br = mentor ? r->mentee_row[tl->best] : r->mentor_row[tl->best];
			char num[NV_NUM_TEXT];
			nv_num_text("%.2f", cents(tl->best_score), lang, num);
			/* "оценка" in Russian: its decimal comma beside the list's
			 * commas would read as two numbers; `with` says whose score
			 * it is (this person's with the partner, not the partner's
			 * pair's in pairs.csv that follows it) */
			const char *with = ru ? (mentor ? "с этим наставником" : "с этим наставляемым")
			                      : (mentor ? "with this mentor" : "with this mentee");
			if (tl->cand == 1) /* the one partner: nothing is "best" of one */
				sb_add(&b, ru ? " (%s, оценка %s %s" : " (%s, %s %s", t->id[br], num, with);
			else
				sb_add(&b, ru ? " (лучший из %s: %s, оценка %s %s" : " (best of the %s: %s, %s %s",
				       who_p, t->id[br], num, with);
			if (ed >= 0) {
				sb_add(&b, ru ? ", в паре с %s" : ", paired with %s",
				       t->id[mentor ? r->mentor_row[r->e_mentor[ed]]
				                    : r->mentee_row[r->e_mentee[ed]]]);
				if (r->e_flags[ed] & NV_EDGE_FIXED)
					sb_add(&b, "%s", ru ? ", закреплённой куратором" : ", fixed by the curator");
				if (held && !(mentor && tl->cand == 1)) /* else said above */
					sb_add(&b,
					       ru ? ", эта пара нужна форме %s для её квоты "
					            "min_pairs = %d"
					          : ", a pair that keeps form %s at its min_pairs "
					            "quota of %d",
					       nv_form_title(&r->cfg.form[r->e_form[ed]], lang),
					       r->form_min[r->e_form[ed]]);
			}
			if (!mentor && r->capacity[tl->best] == 0)
				sb_add(&b, "%s", ru ? ", мест нет" : ", capacity 0");
			if (other_form)
				sb_add(&b,
				       ru ? ", есть свободные места, но наставник работает только "
				            "в форме %s"
				          : ", has room but works in form %s only, as "
				            "one_form_per_mentor asks",
				       nv_form_title(&r->cfg.form[r->mentor_form[tl->best]], lang));
			sb_add(&b, ")");
		}
		/* the optimum's word on the partners taken by other pairs (not
		 * on those of capacity 0, or held in another form) */
		uint32_t taken = mentor ? tl->cand : tl->cand - tl->other_form - tl->cap_zero;
		/* partners the curator's fixed pairs hold: the fix is why (one
		 * partner: said in the parentheses already) */
		int by_fix = taken && tl->fixed_full == taken;
		if (by_fix && tl->cand > 1)
			fixed_hold(&b, taken, tl->cand, lang);
		else if (taken && !by_fix && !(tl->cand == 1 && held)) /* the quota is why */
			no_better(&b, r, mentor, taken, tl->cand, lang);
		others_out(&b, tl, lang);
		/* "no better" holds for the answer given; past the search budget
		 * that answer is not proven the best */
		if (!r->sol->proven)
			sb_add(&b, "%s", ru ? "; оптимальность ответа не доказана"
			                    : "; the answer is not proven optimal");
		break;
	}
	default:
		NV_ASSERT(!"unmatched sentence for a matched row");
	}
	return sb_take(&b);
}

static nv_reason_code compute_code(const nv_run *r, size_t row)
{
	const nv_table *t = r->t;
	if (t->status[row] == NV_ROW_INVALID)
		return NV_RC_INVALID_ROW;
	if (t->status[row] == NV_ROW_NO_CONSENT)
		return NV_RC_NO_CONSENT;
	int32_t i = r->row_index[row];
	NV_ASSERT(i >= 0);
	const nv_tally *tl;
	if (t->role[row] == NV_MENTOR) {
		if (r->mentor_load[i] > 0)
			return NV_RC_NONE;
		tl = &r->tally_mentor[i];
		if (r->capacity[i] == 0) /* first: no pair could take it anyway */
			return NV_RC_CAPACITY;
	} else {
		if (r->mentee_edge[i] >= 0)
			return NV_RC_NONE;
		tl = &r->tally_mentee[i];
	}
	if (!tl->eligible)
		return NV_RC_NO_ELIGIBLE;
	/* no usable pair: below_min_score when every eligible pair, forbidden
	 * or not, scores below it; else a forbid took one that was not */
	if (!tl->cand)
		return !tl->forbidden_ok ? NV_RC_BELOW_MIN : NV_RC_FORBIDDEN;
	if (tl->quota_blocked)
		return NV_RC_QUOTA;
	return NV_RC_CAPACITY;
}

/* --- API --- */

void nv_reasons_fill(nv_run *r)
{
	const nv_table *t = r->t;
	r->code = nv_xcalloc(t->n + 1, 1);
	r->row_reason = nv_xcalloc(t->n + 1, sizeof *r->row_reason);
	r->edge_reason = nv_xcalloc(r->n_edges + 1, sizeof *r->edge_reason);
	/* per mentor, its first chosen edge: whom a taken mentor works with */
	int32_t *mentor_edge = nv_xreallocarray(NULL, r->n_mentors + 1, sizeof *mentor_edge);
	for (size_t m = 0; m < r->n_mentors; m++)
		mentor_edge[m] = -1;
	for (size_t k = r->sol->n_chosen; k-- > 0;)
		mentor_edge[r->e_mentor[r->sol->chosen[k]]] = (int32_t)r->sol->chosen[k];
	refusers rf = {0};
	for (size_t i = 0; i < t->n; i++) {
		nv_reason_code c = compute_code(r, i);
		r->code[i] = (uint8_t)c;
		if (c != NV_RC_NONE)
			r->row_reason[i] = unmatched_sentence(r, i, c, r->p.lang, mentor_edge, &rf);
		if (i % 4096 == 0)
			nv_progress_set(&r->prog, 0.5 * i / (double)t->n);
	}
	free(mentor_edge);
	refusers_free(&rf);
	for (size_t k = 0; k < r->sol->n_chosen; k++) {
		uint32_t e = r->sol->chosen[k];
		r->edge_reason[e] = nv_reason_pair(r, e, r->p.lang);
		if (k % 4096 == 0)
			nv_progress_set(&r->prog, 0.5 + 0.5 * k / (double)r->sol->n_chosen);
	}
}
