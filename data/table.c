/* table.c (the participants file, SPEC §1: header analysis, per-row
 * validation, the column-major table the engine scores from) */
#include "data.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dataint.h"

/* --- columns --- */

enum {
	C_ID, C_ROLE, C_CATEGORY, C_ORG, C_DISTRICT, C_NAME, C_AGE, C_EXP,
	C_CAPACITY, C_CONSENT, C_SUBJECTS, C_GOALS, C_PSYCH_TYPE, C_FORMS,
	C_NFIXED,
	C_PSYCH = C_NFIXED, C_NEED, C_SKILL, C_UNKNOWN
};

static const char *const fixed_name[C_NFIXED] = {
	"id", "role", "category", "org", "district", "name", "age",
	"experience_years", "capacity", "consent", "subjects", "goals",
	"psych_type", "forms",
};

/* Header names a Russian spreadsheet gives the columns, lowercased: read
 * as the column after them. */
static const struct {
	const char *ru;
	int col;
} header_ru[] = {
        {"код", C_ID},
        {"идентификатор", C_ID},
        {"роль", C_ROLE},
        {"категория", C_CATEGORY},
        {"организация", C_ORG},
        {"учреждение", C_ORG},
        {"образовательное учреждение", C_ORG},
        {"оу", C_ORG},
        {"школа", C_ORG},
        {"район", C_DISTRICT},
        {"муниципалитет", C_DISTRICT},
        {"фио", C_NAME},
        {"имя", C_NAME},
        {"возраст", C_AGE},
        {"стаж", C_EXP},
        {"стаж работы", C_EXP},
        {"стаж, лет", C_EXP},
        {"стаж (лет)", C_EXP},
        {"возраст, лет", C_AGE},
        {"возраст (лет)", C_AGE},
        {"роль участника", C_ROLE},
        {"согласие на обработку пд", C_CONSENT},
        {"согласие на обработку персональных данных", C_CONSENT},
        {"мест", C_CAPACITY},
        {"число мест", C_CAPACITY},
        {"количество мест", C_CAPACITY},
        {"кол-во мест", C_CAPACITY},
        {"вместимость", C_CAPACITY},
        {"число наставляемых", C_CAPACITY},
        {"количество наставляемых", C_CAPACITY},
        {"кол-во наставляемых", C_CAPACITY},
        {"согласие", C_CONSENT},
        {"предметы", C_SUBJECTS},
        {"цели", C_GOALS},
        {"психотип", C_PSYCH_TYPE},
        {"формы", C_FORMS},
};

/* The first Russian header name of column kind col, capitalised as a
 * spreadsheet writes it ("Роль"). */
static const char *header_ru_name(int col)
{
	static const char *const cap[] = {
	        [C_ID] = "Код",          [C_ROLE] = "Роль",        [C_CATEGORY] = "Категория",
	        [C_ORG] = "Организация", [C_CONSENT] = "Согласие",
	};
	NV_ASSERT(col >= 0 && (size_t)col < sizeof cap / sizeof *cap && cap[col]);
	return cap[col];
}

static const int required[] = {C_ID, C_ROLE, C_CATEGORY, C_ORG, C_CONSENT};

/* The column a lowercased header name names: a fixed one by its English
 * or Russian name, a psych_/need_/skill_ one, or C_UNKNOWN. */
static int header_kind(const char *low)
{
	for (int k = 0; k < C_NFIXED; k++)
		if (!strcmp(low, fixed_name[k]))
			return k;
	for (size_t k = 0; k < sizeof header_ru / sizeof *header_ru; k++)
		if (!strcmp(low, header_ru[k].ru))
			return header_ru[k].col;
	if (!strncmp(low, "psych_", 6) && low[6])
		return C_PSYCH;
	if (!strncmp(low, "need_", 5) && low[5])
		return C_NEED;
	if (!strncmp(low, "skill_", 6) && low[6])
		return C_SKILL;
	return C_UNKNOWN;
}

#define ID_MAX 64

typedef struct {
	nv_table t; /* first: nv_table_free casts back */
	nv_arena strings; /* names */
	nv_vocab *ids;
	long *first_line; /* per id in ids */
	size_t first_cap;
} table_impl;

typedef struct {
	table_impl *ti;
	const char *name;
	nv_diag *diag;
	int fatal;
	int have_header;
	long header_line; /* the physical line it starts on */
	/* header */
	size_t ncol;
	int *kind;     /* C_* per column */
	size_t *index; /* psych column or area, per column */
	char **col;    /* header names as written */
	uint8_t *repeat; /* column repeats an earlier one */
	size_t *numc, n_numc; /* the psych, need and skill columns, in order */
	long fixed[C_NFIXED]; /* column of each fixed kind, or -1 */
	/* rows */
	size_t cap;
	size_t subj_cap, goal_cap, form_cap;
	size_t psych_cap, area_cap; /* columns */
	/* psych, need, skill: column-major blocks with a column stride of cap,
	 * laid out to stride n (in place) at the end */
	double *psych, *need, *skill;
	uint32_t *tags; /* scratch */
	size_t tags_cap;
	const char *empty; /* "" in the arena */
	/* a row cut short (or with empty fields past the header) read as the
	 * header's fields (fit_row): its fields, and the rows so read */
	char **pad_f;
	size_t *pad_len, *pad_bad;
	uint8_t *pad_flag;
	size_t pad_n; /* fields the last such row set; the rest are empty */
	size_t short_rows, long_rows;
	long short_line, long_line; /* the last of each, for the count's note */
	long last_required;         /* the rightmost required column */
} reader;

/* --- words --- */

const char *nv_role_word(nv_role r)
{
	switch (r) {
	case NV_MENTOR: return "mentor";
	case NV_MENTEE: return "mentee";
	default: return "";
	}
}

static const char *const category_words[NV_NCATEGORIES] = {
	"student", "teacher", "college_student", "employer"};

const char *nv_category_word(nv_category c)
{
	return (unsigned)c < NV_NCATEGORIES ? category_words[c] : "";
}

/* s[0..len) is the word w exactly (the common, lowercase case). */
static int is(const char *s, size_t len, const char *w)
{
	return strlen(w) == len && !memcmp(s, w, len);
}

static int parse_role(const char *s, size_t len)
{
	if (is(s, len, "mentor"))
		return NV_MENTOR;
	if (is(s, len, "mentee"))
		return NV_MENTEE;
	char buf[64];
	if (!nv_lower(s, len, buf, sizeof buf))
		return -1;
	if (!strcmp(buf, "mentor") || !strcmp(buf, "наставник") || !strcmp(buf, "наставница"))
		return NV_MENTOR;
	if (!strcmp(buf, "mentee") || !strcmp(buf, "наставляемый") || !strcmp(buf, "наставляемая"))
		return NV_MENTEE;
	return -1;
}

/* The methodology's words for the categories, lowercased. */
static const struct {
	const char *ru;
	int cat;
} category_ru[] = {
        {"ученик", NV_STUDENT},          {"ученица", NV_STUDENT},
        {"учащийся", NV_STUDENT},        {"обучающийся", NV_STUDENT},
        {"учитель", NV_TEACHER},         {"педагог", NV_TEACHER},
        {"студент", NV_COLLEGE_STUDENT}, {"студентка", NV_COLLEGE_STUDENT},
        {"работодатель", NV_EMPLOYER},
};

static int parse_category(const char *s, size_t len)
{
	for (int c = 0; c < NV_NCATEGORIES; c++)
		if (is(s, len, category_words[c]))
			return c;
	char buf[64];
	if (!nv_lower(s, len, buf, sizeof buf))
		return -1;
	for (int c = 0; c < NV_NCATEGORIES; c++)
		if (!strcmp(buf, category_words[c]))
			return c;
	for (size_t k = 0; k < sizeof category_ru / sizeof *category_ru; k++)
		if (!strcmp(buf, category_ru[k].ru))
			return category_ru[k].cat;
	return -1;
}

static int parse_consent(const char *s, size_t len)
{
	if (len == 1 && (s[0] == '1' || s[0] == '0'))
		return s[0] == '1';
	char buf[32];
	if (!nv_lower(s, len, buf, sizeof buf))
		return -1;
	/* SPEC's words, and the booleans Excel writes (TRUE/FALSE, ИСТИНА/ЛОЖЬ) */
	if (!strcmp(buf, "1") || !strcmp(buf, "yes") || !strcmp(buf, "да") ||
	    !strcmp(buf, "true") || !strcmp(buf, "истина"))
		return 1;
	if (!strcmp(buf, "0") || !strcmp(buf, "no") || !strcmp(buf, "нет") ||
	    !strcmp(buf, "false") || !strcmp(buf, "ложь"))
		return 0;
	return -1;
}

/* --- growth --- */

#define GROW(ptr, n) ((ptr) = nv_xreallocarray((ptr), (n), sizeof *(ptr)))

/* A column-major block of ncols columns, stride from -> to, n rows kept. */
static void restride(double **block, size_t ncols, size_t from, size_t to, size_t n)
{
	if (!ncols)
		return;
	double *b = nv_xreallocarray(NULL, ncols * to, sizeof *b);
	for (size_t c = 0; n && c < ncols; c++)
		memcpy(b + c * to, *block + c * from, n * sizeof *b);
	free(*block);
	*block = b;
}

/* old's n pointers in a new array of cap, the rest NULL */
static char **grow_zeroed(char **old, size_t n, size_t cap)
{
	char **a = nv_xcalloc(cap, sizeof *a);
	if (n)
		memcpy(a, old, n * sizeof *a);
	free(old);
	return a;
}

static void rows_grow(reader *rd, size_t cap)
{
	nv_table *t = &rd->ti->t;
	GROW(t->id, cap);
	GROW(t->line, cap);
	GROW(t->role, cap);
	GROW(t->category, cap);
	GROW(t->status, cap);
	/* mostly NULL: zeroed pages that invalid rows alone will touch */
	t->problem = grow_zeroed(t->problem, rd->cap, cap);
	t->problem_ru = grow_zeroed(t->problem_ru, rd->cap, cap);
	GROW(t->org, cap);
	GROW(t->district, cap);
	if (rd->fixed[C_NAME] >= 0)
		GROW(t->name, cap);
	GROW(t->age, cap);
	GROW(t->experience, cap);
	GROW(t->capacity, cap);
	GROW(t->psych_type, cap);
	GROW(t->subj_off, cap + 1);
	GROW(t->goal_off, cap + 1);
	GROW(t->form_off, cap + 1);
	restride(&rd->psych, t->n_psych, rd->cap, cap, t->n);
	restride(&rd->need, t->n_area, rd->cap, cap, t->n);
	restride(&rd->skill, t->n_area, rd->cap, cap, t->n);
	rd->cap = cap;
}

static void rows_reserve(reader *rd)
{
	if (rd->ti->t.n >= rd->cap)
		rows_grow(rd, rd->cap ? 2 * rd->cap : 256);
}

/* --- header --- */

/* The area of need_<name> / skill_<name>, added in order of first sight. */
static size_t area_of(reader *rd, nv_vocab *areas, const char *name)
{
	nv_table *t = &rd->ti->t;
	uint32_t a = nv_vocab_intern(areas, name, strlen(name));
	if (a < t->n_area)
		return a;
	GROW(t->area_name, t->n_area + 1);
	t->area_name[t->n_area] = nv_arena_put(&rd->ti->strings, name, strlen(name));
	return t->n_area++;
}

/* Was column j reported as a repeat of a known column? */
static int is_repeat(const reader *rd, size_t j)
{
	return rd->repeat && rd->repeat[j];
}

static int read_header(reader *rd, const nv_rec *r)
{
	nv_table *t = &rd->ti->t;
	rd->ncol = r->n;
	rd->kind = nv_xcalloc(r->n, sizeof *rd->kind);
	rd->index = nv_xcalloc(r->n, sizeof *rd->index);
	rd->col = nv_xcalloc(r->n, sizeof *rd->col);
	rd->repeat = nv_xcalloc(r->n, sizeof *rd->repeat);
	for (int k = 0; k < C_NFIXED; k++)
		rd->fixed[k] = -1;
	size_t known = 0;
	nv_vocab *seen = nv_vocab_new(); /* known names, lowercased */
	nv_vocab *areas = nv_vocab_new();
	size_t *first_col = nv_xcalloc(r->n, sizeof *first_col);
	for (size_t j = 0; j < r->n; j++) {
		rd->col[j] = nv_arena_put(&rd->ti->strings, r->f[j], r->len[j]);
		rd->kind[j] = C_UNKNOWN;
		if (r->flag[j]) {
			if (r->flag[j] & NV_FLD_LONG)
				nv_diag_error_tr(rd->diag, rd->name, r->line, NULL,
				                 "столбец %zu заголовка длиннее %zu байт",
				                 "column %zu of the header is longer "
				                 "than %zu bytes",
				                 j + 1, (size_t)NV_FIELD_MAX);
			else
				nv_diag_error_tr(rd->diag, rd->name, r->line, NULL,
				                 "столбец %zu заголовка — не читаемый текст",
				                 "column %zu of the header is not readable text",
				                 j + 1);
			rd->fatal = 1;
			continue;
		}
		char low[256];
		if (!nv_lower(r->f[j], r->len[j], low, sizeof low))
			continue; /* unknown: a note below */
		int kind = header_kind(low);
		if (kind == C_UNKNOWN)
			continue;
		known++;
		/* a repeated column, by its lowercased name; a fixed column's by
		 * the column, whichever language names it */
		const char *key = kind < C_NFIXED ? fixed_name[kind] : low;
		size_t before = nv_vocab_count(seen);
		uint32_t id = nv_vocab_intern(seen, key, strlen(key));
		if (nv_vocab_count(seen) == before) {
			size_t i = first_col[id];
			nv_diag_error_tr(rd->diag, rd->name, r->line, rd->col[j],
			                 "столбец повторяется (впервые — столбец %zu, «%s»)",
			                 "duplicate column (first is column %zu, '%s')", i + 1,
			                 rd->col[i]);
			rd->fatal = 1;
			rd->repeat[j] = 1;
			continue;
		}
		first_col[id] = j;
		rd->kind[j] = kind;
		if (kind == C_FORMS)
			t->forms_col = rd->col[j];
		if (kind < C_NFIXED)
			rd->fixed[kind] = (long)j;
		else if (kind == C_PSYCH) {
			GROW(t->psych_name, t->n_psych + 1);
			t->psych_name[t->n_psych] =
				nv_arena_put(&rd->ti->strings, low + 6, strlen(low + 6));
			rd->index[j] = t->n_psych++;
		} else
			rd->index[j] = area_of(rd, areas, low + (kind == C_NEED ? 5 : 6));
	}
	nv_vocab_free(seen);
	nv_vocab_free(areas);
	free(first_col);
	if (!known) {
		/* Excel's separator line with a separator not read here */
		if (r->n == 1 && !r->flag[0] && r->len[0] == 5 && !strncasecmp(r->f[0], "sep=", 4))
			nv_diag_error_tr(rd->diag, rd->name, r->line, NULL,
			                 "«%s»: строка разделителя может задать только «,», «;» "
			                 "или TAB",
			                 "'%s': the separator line may give only ',', ';' or TAB",
			                 r->f[0]);
		else {
			/* what it holds instead: its first cells, cut */
			char cells[3][64], said[224] = "";
			size_t shown = r->n < 3 ? r->n : 3;
			for (size_t j = 0; j < shown; j++) {
				char *c = nv_xstrndup(r->f[j], r->len[j]);
				size_t at = strlen(said);
				snprintf(said + at, sizeof said - at,
				         nv_diag_ru(rd->diag) ? "%s«%s»" : "%s'%s'", j ? ", " : "",
				         nv_shown(c, cells[j], sizeof cells[j]));
				free(c);
			}
			nv_diag_error_tr(rd->diag, rd->name, r->line, NULL,
			                 "нет заголовка: первая строка должна называть столбцы "
			                 "(id, role, category, org, consent, ... или Код, Роль, "
			                 "Категория, Организация, Согласие, ...), а в ней %s%s",
			                 "no header: the first line must name the columns "
			                 "(id, role, category, org, consent, ...), but it holds "
			                 "%s%s",
			                 said, r->n > 3 ? ", ..." : "");
		}
		return NV_EDATA;
	}
	/* a note for the first few unknown columns, one for all unnamed */
	size_t unknown = 0, n_unnamed = 0,
	       *unnamed = nv_xreallocarray(NULL, r->n + 1, sizeof *unnamed);
	for (size_t j = 0; j < r->n; j++) {
		if (rd->kind[j] != C_UNKNOWN || r->flag[j])
			continue;
		if (!r->len[j])
			unnamed[n_unnamed++] = j;
		else if (!is_repeat(rd, j) && ++unknown <= NV_NOTES_SHOWN)
			nv_diag_note_tr(rd->diag, rd->name, r->line, rd->col[j],
			                "неизвестный столбец, не читается",
			                "unknown column, not read");
	}
	nv_diag_note_unnamed(rd->diag, rd->name, r->line, unnamed, n_unnamed);
	free(unnamed);
	/* the number columns, so that a row's cost does not grow with a
	 * header of many unknown ones */
	rd->numc = nv_xmalloc((r->n + 1) * sizeof *rd->numc);
	for (size_t j = 0; j < r->n; j++)
		if (rd->kind[j] == C_PSYCH || rd->kind[j] == C_NEED || rd->kind[j] == C_SKILL)
			rd->numc[rd->n_numc++] = j;
	nv_diag_note_rest_tr(rd->diag, rd->name, r->line, unknown,
	                     "неизвестные столбцы, не читаются", "unknown columns, not read");
	rd->last_required = -1;
	for (size_t k = 0; k < sizeof required / sizeof *required; k++) {
		if (rd->fixed[required[k]] < 0) {
			nv_diag_error_tr(rd->diag, rd->name, r->line, NULL,
			                 "нет обязательного столбца «%s» (или «%s»)",
			                 "missing required column '%s' (or '%s')",
			                 fixed_name[required[k]], header_ru_name(required[k]));
			rd->fatal = 1;
		}
		if (rd->fixed[required[k]] > rd->last_required)
			rd->last_required = rd->fixed[required[k]];
	}
	if (rd->fatal)
		return NV_EDATA;
	t->subj_off = nv_xmalloc(sizeof *t->subj_off);
	t->goal_off = nv_xmalloc(sizeof *t->goal_off);
	t->form_off = nv_xmalloc(sizeof *t->form_off);
	t->subj_off[0] = t->goal_off[0] = t->form_off[0] = 0;
	if (rd->fixed[C_DISTRICT] < 0)
		nv_vocab_intern(t->districts, "", 0);
	/* room for the rows the input seems to hold, so that big files do not
	 * grow every array step by step (capped: it is only a guess) */
	size_t est = r->est_records < ((size_t)1 << 26) ? r->est_records : ((size_t)1 << 26);
	/* nor more rows than the input could hold: a row reaches its last
	 * required column, and its required cells hold at least "x", "mentor",
	 * "teacher", "x" and "1" (a first chunk of short lines that are no
	 * rows reserved 640 MB for a 63 MB file) */
	size_t most = r->est_bytes / ((size_t)rd->last_required + 1 + 16 + 1);
	if (est > most)
		est = most;
	if (est > 256) {
		est += est / 32;
		rows_grow(rd, est);
		nv_vocab_reserve(rd->ti->ids, est);
	}
	return NV_OK;
}

/* --- rows --- */

typedef struct {
	reader *rd;
	const nv_rec *r;
	/* the row's first problem as full lines, English and Russian; NULL
	 * while the row has none */
	char *en, *ru;
} row_ctx;

static void row_error(row_ctx *x, const char *col, const char *ru, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* A problem of the row, into diag in its language; the row's first is kept in
 * both languages (Russian for unmatched.csv under --lang ru). `ru` is a
 * format that takes the same arguments in the same order. */
static void row_error(row_ctx *x, const char *col, const char *ru, const char *fmt, ...)
{
	char msg[512], msg_ru[512];
	va_list ap, ap2;
	va_start(ap, fmt);
	va_copy(ap2, ap);
	vsnprintf(msg, sizeof msg, fmt, ap);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	vsnprintf(msg_ru, sizeof msg_ru, ru, ap2);
#pragma GCC diagnostic pop
	nv_diag_error(x->rd->diag, x->rd->name, x->r->line, col, "%s",
	              nv_diag_ru(x->rd->diag) ? msg_ru : msg);
	if (!x->en) {
		x->en = nv_diag_line(x->rd->name, x->r->line, col, "", msg);
		x->ru = nv_diag_line(x->rd->name, x->r->line, col, "", msg_ru);
	}
	va_end(ap2);
	va_end(ap);
}

static void missing(row_ctx *x, const char *col)
{
	row_error(x, col, "нет значения", "missing value");
}

/* The field of fixed column kind k: NULL when the file has no such column
 * (or the row is too short); *len set. Unreadable fields are reported here
 * once and read as NULL. */
static const char *field(row_ctx *x, long j, size_t *len)
{
	const nv_rec *r = x->r;
	if (j < 0 || (size_t)j >= r->n)
		return NULL;
	*len = r->len[j];
	return r->f[j];
}

/* The unreadable cells of a row (all of them, or only the id, role and
 * consent of a row without consent: nothing else of it is read) */
static void check_flags(row_ctx *x, int key_only)
{
	const nv_rec *r = x->r;
	reader *rd = x->rd;
	/* a short row's padding has no flags */
	size_t n = r->f == rd->pad_f ? rd->pad_n : r->n;
	for (size_t j = 0; j < n && j < rd->ncol; j++) {
		if (!r->flag[j])
			continue;
		if (key_only && (long)j != rd->fixed[C_ID] && (long)j != rd->fixed[C_ROLE] &&
		    (long)j != rd->fixed[C_CONSENT])
			continue;
		char en[NV_FIELD_PROBLEM], ru[NV_FIELD_PROBLEM];
		nv_field_problem(r->flag[j], r->bad[j], en, ru);
		row_error(x, rd->col[j], "%.0s%s", "%s%.0s", en, ru);
	}
}

static const char *colname(reader *rd, int k)
{
	return rd->fixed[k] >= 0 ? rd->col[rd->fixed[k]] : fixed_name[k];
}

static int unreadable(row_ctx *x, long j)
{
	return j >= 0 && (size_t)j < x->r->n && x->r->flag[j];
}

/* A number in [lo, hi]; whole when asked; range: [lo, hi] in a message
 * (NULL: the bound it broke). 1 when read, 0 when empty,
 * -1 after an error. */
static int number(row_ctx *x, size_t j, double lo, double hi, int whole,
                  const char *range, double *out)
{
	const nv_rec *r = x->r;
	if (j >= r->n || r->flag[j] || !r->len[j])
		return 0;
	char shown[80];
	int rc = nv_parse_number(r->f[j], r->len[j], out);
	const char *col = x->rd->col[j];
	if (rc == 1) {
		row_error(x, col, "«%s» — не число", "'%s' is not a number",
		          nv_shown(r->f[j], shown, sizeof shown));
		return -1;
	}
	if (rc == 2) {
		row_error(x, col, "«%s» — не конечное число", "'%s' is not a finite number",
		          nv_shown(r->f[j], shown, sizeof shown));
		return -1;
	}
	if (whole && *out != floor(*out)) {
		row_error(x, col, "«%s» — не целое число", "'%s' is not a whole number",
		          nv_shown(r->f[j], shown, sizeof shown));
		return -1;
	}
	if (*out < lo || *out > hi) {
		/* range NULL: the side it broke ("≥ 0" for a capacity, not
		 * "0..2147483647") */
		char side[48];
		if (!range) {
			snprintf(side, sizeof side, *out < lo ? "≥ %.0f" : "≤ %.0f", *out < lo ? lo : hi);
			range = side;
		}
		row_error(x, col, "«%s» вне допустимых значений (%s)",
		          "'%s' is out of range (%s)",
		          nv_shown(r->f[j], shown, sizeof shown),
		          range);
		return -1;
	}
	return 1;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

/* Splits s on '|' (and with `lists` on ',' and ';' too), trims, skips
 * empty tags, interns; appends the sorted, unique ids to *arr at *off[r];
 * sets off[r+1]. */
static void tags(reader *rd, const char *s, size_t len, int lists, nv_vocab *v, uint32_t **arr,
                 size_t *cap, size_t *off, size_t r)
{
	size_t k = 0;
	size_t i = 0;
	while (s && i <= len) {
		size_t b = i;
		while (i < len && s[i] != '|' && !(lists && (s[i] == ',' || s[i] == ';')))
			i++;
		size_t e = i;
		nv_trim(s, &b, &e); /* as around fields */
		if (e > b) {
			if (k == rd->tags_cap) {
				rd->tags_cap = rd->tags_cap ? 2 * rd->tags_cap : 16;
				GROW(rd->tags, rd->tags_cap);
			}
			rd->tags[k++] = nv_vocab_intern(v, s + b, e - b);
		}
		i++;
	}
	if (k > 1) {
		if (k <= 16) { /* the usual few tags: insertion sort */
			for (size_t a = 1; a < k; a++) {
				uint32_t x = rd->tags[a];
				size_t b = a;
				for (; b > 0 && rd->tags[b - 1] > x; b--)
					rd->tags[b] = rd->tags[b - 1];
				rd->tags[b] = x;
			}
		} else
			qsort(rd->tags, k, sizeof *rd->tags, cmp_u32);
		size_t u = 1;
		for (size_t q = 1; q < k; q++)
			if (rd->tags[q] != rd->tags[u - 1])
				rd->tags[u++] = rd->tags[q];
		k = u;
	}
	size_t base = off[r];
	if (base + k > *cap) {
		size_t c = *cap ? 2 * *cap : 1024;
		while (c < base + k)
			c *= 2;
		GROW(*arr, c);
		*cap = c;
	}
	if (k)
		memcpy(*arr + base, rd->tags, k * sizeof **arr);
	off[r + 1] = base + k;
}

static void read_row(reader *rd, const nv_rec *r)
{
	table_impl *ti = rd->ti;
	nv_table *t = &ti->t;
	rows_reserve(rd);
	size_t row = t->n++;
	row_ctx x = {rd, r, NULL, NULL};
	char shown[80];
	size_t len = 0;
	const char *s;

	t->line[row] = r->line;
	t->id[row] = (char *)rd->empty;
	t->role[row] = NV_ROLE_NONE;
	t->category[row] = NV_CATEGORY_NONE;
	t->status[row] = NV_ROW_OK;
	t->org[row] = UINT32_MAX;
	t->district[row] = UINT32_MAX;
	if (t->name)
		t->name[row] = (char *)rd->empty;
	t->age[row] = -1;
	t->experience[row] = NAN;
	t->capacity[row] = 1;
	t->psych_type[row] = -1;
	t->subj_off[row + 1] = t->subj_off[row];
	t->goal_off[row + 1] = t->goal_off[row];
	t->form_off[row + 1] = t->form_off[row];
	for (size_t c = 0; c < t->n_psych; c++)
		rd->psych[c * rd->cap + row] = NAN;
	for (size_t a = 0; a < t->n_area; a++)
		rd->need[a * rd->cap + row] = rd->skill[a * rd->cap + row] = 0;

	int ragged = r->n != rd->ncol;
	if (ragged) {
		row_error(&x, NULL, "полей в строке: %zu%.0s, а в заголовке: %zu",
		          "%zu field%s, but the header has %zu", r->n,
		          nv_s(r->n), rd->ncol);
	}
	/* consent first (its messages come after the role's): a row without
	 * it has nothing else read, so nothing else checked either; -3: the
	 * cell cannot be read (its flag is the row's problem) */
	long jc = rd->fixed[C_CONSENT];
	const char *cs = field(&x, jc, &len);
	size_t cs_len = len;
	int consent = !cs || unreadable(&x, jc) ? -3 : cs_len ? parse_consent(cs, cs_len) : -2;
	check_flags(&x, !ragged && consent == 0);

	/* id: read and checked for every row, last, so that the probe of the
	 * big id table has time to come from memory */
	long jid = rd->fixed[C_ID];
	const char *id = field(&x, jid, &len);
	size_t id_len = len;
	uint32_t id_hash = 0;
	/* an id too long is an error but is kept, by its hash too: the rows of
	 * a file of them all hashed 0 read in quadratic time */
	if (id && !unreadable(&x, jid) && id_len) {
		id_hash = nv_vocab_hash(id, id_len);
		nv_vocab_prefetch(ti->ids, id_hash);
	}

	long j = rd->fixed[C_ROLE];
	s = field(&x, j, &len);
	if (s && !unreadable(&x, j)) {
		int role = len ? parse_role(s, len) : -2;
		if (role >= 0)
			t->role[row] = (uint8_t)role;
		else if (role == -2 && !ragged)
			missing(&x, colname(rd, C_ROLE));
		else if (role == -1)
			row_error(&x, colname(rd, C_ROLE),
			          "неизвестная роль «%s» (mentor, mentee, наставник, наставляемый)",
			          "unknown role '%s' (mentor, mentee, наставник, наставляемый)",
			          nv_shown(s, shown, sizeof shown));
	}
	if (consent == -2 && !ragged)
		missing(&x, colname(rd, C_CONSENT));
	else if (consent == -1)
		row_error(&x, colname(rd, C_CONSENT),
		          "неизвестное значение согласия «%s» (1/0, yes/no, да/нет, true/false, "
		          "истина/ложь)",
		          "unknown consent '%s' (1/0, yes/no, да/нет, true/false, истина/ложь)",
		          nv_shown(cs, shown, sizeof shown));
	if (ragged || consent == 0)
		goto finish; /* no consent: nothing else is read */

	j = rd->fixed[C_CATEGORY];
	s = field(&x, j, &len);
	if (s && !unreadable(&x, j)) {
		int cat = len ? parse_category(s, len) : -2;
		if (cat >= 0)
			t->category[row] = (uint8_t)cat;
		else if (cat == -2)
			missing(&x, colname(rd, C_CATEGORY));
		else
			row_error(&x, colname(rd, C_CATEGORY),
			          "неизвестная категория «%s» (ученик, учитель, студент, "
			          "работодатель; student, teacher, college_student, employer)",
			          "unknown category '%s' (student, teacher, college_student, "
			          "employer; ученик, учитель, студент, работодатель)",
			          nv_shown(s, shown, sizeof shown));
	}
	j = rd->fixed[C_ORG];
	s = field(&x, j, &len);
	if (s && !unreadable(&x, j)) {
		if (len)
			t->org[row] = nv_vocab_intern(t->orgs, s, len);
		else
			missing(&x, colname(rd, C_ORG));
	}
	j = rd->fixed[C_DISTRICT];
	if (j < 0)
		t->district[row] = 0; /* "" */
	else if (!unreadable(&x, j)) {
		s = field(&x, j, &len);
		t->district[row] = nv_vocab_intern(t->districts, s, len);
	}
	j = rd->fixed[C_NAME];
	if (j >= 0 && !unreadable(&x, j) && r->len[j])
		t->name[row] = nv_arena_put(&ti->strings, r->f[j], r->len[j]);

	double v;
	int cat = t->category[row];
	j = rd->fixed[C_AGE];
	int got = j >= 0 ? number(&x, (size_t)j, 0, 120, 1, "0..120", &v) : 0;
	if (got == 1)
		t->age[row] = (int32_t)v;
	else if (got == 0 && (cat == NV_STUDENT || cat == NV_COLLEGE_STUDENT) &&
	         !unreadable(&x, j)) {
		/* whom it is required for, in each language (each format
		 * shows its own word: %.0s skips the other) */
		const char *ru_who = cat == NV_STUDENT ? "учеников" : "студентов";
		const char *en_who = cat == NV_STUDENT ? "students" : "college students";
		if (j < 0) /* no column to name: the file lacks it */
			row_error(&x, NULL,
			          "в файле нет столбца «Возраст» (age), он обязателен для %s%.0s",
			          "the file has no age column ('age' or 'Возраст'; required for "
			          "%.0s%s)",
			          ru_who, en_who);
		else
			row_error(&x, colname(rd, C_AGE), "нет значения (обязательно для %s)%.0s",
			          "missing value (required for %.0s%s)", ru_who, en_who);
	}
	j = rd->fixed[C_EXP];
	got = j >= 0 ? number(&x, (size_t)j, 0, 80, 0, "0..80", &v) : 0;
	if (got == 1)
		t->experience[row] = v;
	else if (got == 0 && cat == NV_TEACHER && j < 0)
		row_error(&x, NULL,
		          "в файле нет столбца «Стаж» (experience_years), он обязателен для "
		          "учителей",
		          "the file has no experience_years column ('experience_years' or 'Стаж'; "
		          "required for teachers)");
	else if (got == 0 && cat == NV_TEACHER && !unreadable(&x, j))
		row_error(&x, colname(rd, C_EXP), "нет значения (обязательно для учителей)",
		          "missing value (required for teachers)");
	j = rd->fixed[C_CAPACITY];
	got = j >= 0 ? number(&x, (size_t)j, 0, INT32_MAX, 1, NULL, &v) : 0;
	if (got == 1)
		t->capacity[row] = (int32_t)v;

	j = rd->fixed[C_PSYCH_TYPE];
	if (j >= 0 && !unreadable(&x, j) && r->len[j])
		t->psych_type[row] = (int32_t)nv_vocab_intern(t->psych_types, r->f[j], r->len[j]);
	j = rd->fixed[C_SUBJECTS];
	if (j >= 0 && !unreadable(&x, j))
		tags(rd, r->f[j], r->len[j], 0, t->subjects, &t->subj, &rd->subj_cap, t->subj_off,
		     row);
	j = rd->fixed[C_GOALS];
	if (j >= 0 && !unreadable(&x, j))
		tags(rd, r->f[j], r->len[j], 0, t->goals, &t->goal, &rd->goal_cap, t->goal_off,
		     row);
	j = rd->fixed[C_FORMS];
	if (j >= 0 && !unreadable(&x, j))
		/* a form's name has no ',' nor ';' (the config refuses one): a
		 * list written with them reads as the README's '|' */
		tags(rd, r->f[j], r->len[j], 1, t->form_names, &t->form, &rd->form_cap, t->form_off,
		     row);

	for (size_t q = 0; q < rd->n_numc; q++) {
		size_t c = rd->numc[q];
		int k = rd->kind[c];
		if (k == C_PSYCH) {
			if (number(&x, c, -INFINITY, INFINITY, 0, "", &v) == 1)
				rd->psych[rd->index[c] * rd->cap + row] = v;
		} else if (k == C_NEED || k == C_SKILL) {
			if (number(&x, c, 0, 1, 0, "0..1", &v) == 1)
				(k == C_NEED ? rd->need : rd->skill)[rd->index[c] * rd->cap + row] = v;
		}
	}

finish:
	if (id && unreadable(&x, jid) && id_len)
		/* its flag is the row's problem; unmatched.csv still names it */
		t->id[row] = nv_arena_put(&ti->strings, id, id_len);
	else if (id && !unreadable(&x, jid)) {
		if (!id_len) {
			if (!ragged)
				missing(&x, colname(rd, C_ID));
		} else {
			/* kept all the same, so that unmatched.csv can name the row */
			if (id_len > ID_MAX)
				row_error(&x, colname(rd, C_ID), "id длиннее 64 байт",
				          "id longer than 64 bytes");
			size_t before = nv_vocab_count(ti->ids);
			uint32_t k = nv_vocab_intern_hashed(ti->ids, id, id_len, id_hash);
			t->id[row] = (char *)nv_vocab_name(ti->ids, k);
			if (nv_vocab_count(ti->ids) > before) {
				if (k >= ti->first_cap) {
					ti->first_cap = ti->first_cap ? 2 * ti->first_cap : 256;
					if (ti->first_cap <= k)
						ti->first_cap = (size_t)k + 1;
					GROW(ti->first_line, ti->first_cap);
				}
				ti->first_line[k] = r->line;
			} else {
				row_error(&x, colname(rd, C_ID), "повторный id «%s» (впервые в строке %ld)",
				          "duplicate id '%s' (first on line %ld)",
				          nv_shown(id, shown, sizeof shown), ti->first_line[k]);
			}
		}
	}
	if (x.en) {
		t->status[row] = NV_ROW_INVALID;
		t->problem[row] = x.en;
		t->problem_ru[row] = x.ru;
		/* an invalid row carries no tags */
		t->subj_off[row + 1] = t->subj_off[row];
		t->goal_off[row + 1] = t->goal_off[row];
		t->form_off[row + 1] = t->form_off[row];
	} else if (consent == 0)
		t->status[row] = NV_ROW_NO_CONSENT;
}

/* Excel leaves out a row's last separators when its last cells are
 * empty, and some tools add empty fields past the header: such a row is
 * read as the header's fields, with a note (the first few rows each, then
 * a count). A row too short to hold every required column, or with text
 * past the header, stays ragged (an error). 1 when *out is the row to read. */
static int fit_row(reader *rd, const nv_rec *r, nv_rec *out)
{
	size_t nc = rd->ncol;
	if (r->n > nc) {
		for (size_t j = nc; j < r->n; j++)
			if (r->len[j] || r->flag[j])
				return 0;
		*out = *r;
		out->n = nc;
		if (++rd->long_rows <= NV_NOTES_SHOWN)
			nv_diag_note_tr(rd->diag, rd->name, r->line, NULL,
			                "полей в строке: %zu, в заголовке: %zu; пустые лишние "
			                "не читаются",
			                "%zu fields, the header has %zu: "
			                "the empty ones past it are left out",
			                r->n, nc);
		rd->long_line = r->line;
		return 1;
	}
	if (r->n == 0 || (long)r->n <= rd->last_required)
		return 0;
	if (!rd->pad_f) {
		rd->pad_f = nv_xcalloc(nc, sizeof *rd->pad_f);
		rd->pad_len = nv_xcalloc(nc, sizeof *rd->pad_len);
		rd->pad_bad = nv_xcalloc(nc, sizeof *rd->pad_bad);
		rd->pad_flag = nv_xcalloc(nc, sizeof *rd->pad_flag);
		for (size_t j = 0; j < nc; j++)
			rd->pad_f[j] = (char *)rd->empty;
	}
	/* this row's fields, and empty ones where the last row had more (the
	 * rest are empty already): a short row costs its own width */
	size_t upto = r->n > rd->pad_n ? r->n : rd->pad_n;
	rd->pad_n = r->n;
	for (size_t j = 0; j < upto; j++) {
		int in = j < r->n;
		rd->pad_f[j] = in ? r->f[j] : (char *)rd->empty;
		rd->pad_len[j] = in ? r->len[j] : 0;
		rd->pad_flag[j] = in ? r->flag[j] : 0;
		rd->pad_bad[j] = in ? r->bad[j] : 0;
	}
	*out = *r;
	out->n = nc;
	out->f = rd->pad_f;
	out->len = rd->pad_len;
	out->flag = rd->pad_flag;
	out->bad = rd->pad_bad;
	if (++rd->short_rows <= NV_NOTES_SHOWN)
		nv_diag_note_tr(rd->diag, rd->name, r->line, NULL,
		                "полей в строке: %zu%.0s, в заголовке: %zu; недостающие последние "
		                "ячейки читаются пустыми (так Excel сохраняет строку, в конце "
		                "которой пусто)",
		                "%zu field%s, the header has %zu: "
		                "the missing last cells are read as empty "
		                "(as Excel saves a row whose last cells are empty)",
		                r->n, nv_s(r->n), nc);
	rd->short_line = r->line;
	return 1;
}

static int on_rec(void *ud, const nv_rec *r)
{
	reader *rd = ud;
	if (!rd->have_header) {
		rd->have_header = 1;
		rd->header_line = r->line;
		return read_header(rd, r) == NV_OK ? 0 : NV_EDATA;
	}
	nv_rec fit;
	if (r->n != rd->ncol && fit_row(rd, r, &fit))
		r = &fit;
	read_row(rd, r);
	return 0;
}

/* --- near twins --- */

/* name lowercased, without spaces (nor no-break ones), into key; 0 when
 * it does not fit */
static int twin_key(const char *name, char *key, size_t size)
{
	char low[256];
	if (!nv_lower(name, strlen(name), low, sizeof low))
		return 0;
	size_t o = 0;
	for (const char *p = low; *p; p++) {
		if (*p == ' ' || *p == '\t')
			continue;
		if (!strncmp(p, "\xC2\xA0", 2)) {
			p++;
			continue;
		}
		if (o + 1 >= size)
			return 0;
		key[o++] = *p;
	}
	key[o] = 0;
	return 1;
}

/* A note for each name of v that an earlier one (by id: first seen)
 * equals but for letter case or spaces, as "СОШ №5" and "сош № 5": they
 * are told apart, as SPEC compares names and tags, which a curator who
 * meant one may not see. first[id]: the line of its first row (0: on no
 * valid row, not noted). */
static void near_twins(reader *rd, const nv_vocab *v, const long *first, long col, const char *what,
                       const char *ru_what)
{
	size_t n = nv_vocab_count(v), shown = 0;
	nv_vocab *keys = nv_vocab_new();
	uint32_t *owner = nv_xmalloc((n ? n : 1) * sizeof *owner);
	char key[256];
	for (uint32_t id = 0; id < n; id++) {
		if (!first[id] || !twin_key(nv_vocab_name(v, id), key, sizeof key))
			continue;
		size_t before = nv_vocab_count(keys);
		uint32_t k = nv_vocab_intern(keys, key, strlen(key));
		if (nv_vocab_count(keys) > before) {
			owner[k] = id;
			continue;
		}
		uint32_t o = owner[k];
		if (++shown <= NV_NOTES_SHOWN)
			nv_diag_note_tr(rd->diag, rd->name, first[id],
			                col >= 0 ? rd->col[col] : NULL,
			                "«%s» отличается от «%s» (строка %ld) "
			                "только регистром букв или пробелами: это %s",
			                "'%s' differs from '%s' (line %ld) only in letter case or "
			                "spaces: read as two %s",
			                nv_vocab_name(v, id), nv_vocab_name(v, o), first[o],
			                nv_diag_ru(rd->diag) ? ru_what : what);
	}
	char rest[128], rest_ru[192];
	snprintf(rest, sizeof rest,
	         "names that differ from another only in letter case or spaces (%s)", what);
	snprintf(rest_ru, sizeof rest_ru,
	         "названия, отличные от других только регистром или пробелами (%s)", ru_what);
	nv_diag_note_rest_tr(rd->diag, rd->name, 0, shown, rest_ru, rest);
	free(owner);
	nv_vocab_free(keys);
}

/* A note for each tag holding ',' or ';': a list written as prose, one
 * tag as read ('|' separates them), which shares with no other. */
static void comma_tags(reader *rd, const nv_vocab *v, const long *first, long col)
{
	size_t n = nv_vocab_count(v), shown = 0;
	for (uint32_t id = 0; id < n; id++) {
		const char *name = nv_vocab_name(v, id);
		if (!first[id] || !strpbrk(name, ",;"))
			continue;
		if (++shown <= NV_NOTES_SHOWN)
			nv_diag_note_tr(rd->diag, rd->name, first[id],
			                col >= 0 ? rd->col[col] : NULL,
			                "«%s» читается как одно значение: значения разделяются «|» "
			                "(math|physics)",
			                "'%s' is read as one tag: tags are separated by '|' "
			                "(math|physics)",
			                name);
	}
	nv_diag_note_rest_tr(rd->diag, rd->name, 0, shown,
	                     "значения с «,» или «;», прочитанные как одно",
	                     "tags holding ',' or ';', read as one");
}

/* The first line of a valid row that names each id: of a per-row id
 * (ids[row]) or of a tag set in CSR form (off, arr). */
static long *first_lines(const nv_table *t, size_t n, const uint32_t *ids, const size_t *off,
                         const uint32_t *arr)
{
	long *first = nv_xcalloc(n ? n : 1, sizeof *first);
	for (size_t r = 0; r < t->n; r++) {
		if (t->status[r] != NV_ROW_OK)
			continue;
		if (ids && ids[r] < n && !first[ids[r]])
			first[ids[r]] = t->line[r];
		for (size_t k = off ? off[r] : 0; off && k < off[r + 1]; k++)
			if (!first[arr[k]])
				first[arr[k]] = t->line[r];
	}
	return first;
}

static void note_near_twins(reader *rd)
{
	const nv_table *t = &rd->ti->t;
	struct {
		const nv_vocab *v;
		const uint32_t *ids;
		const size_t *off;
		const uint32_t *arr;
		int col;
		const char *what, *ru_what;
	} each[] = {
	        {t->orgs, t->org, NULL, NULL, C_ORG, "organisations", "две разные организации"},
	        {t->districts, t->district, NULL, NULL, C_DISTRICT, "districts",
	         "два разных района"},
	        {t->subjects, NULL, t->subj_off, t->subj, C_SUBJECTS, "subjects, not shared",
	         "два разных предмета, не общих"},
	        {t->goals, NULL, t->goal_off, t->goal, C_GOALS, "goals, not shared",
	         "две разные цели, не общие"},
	};
	for (size_t k = 0; k < sizeof each / sizeof *each; k++) {
		size_t n = nv_vocab_count(each[k].v);
		if (!n)
			continue;
		long *first = first_lines(t, n, each[k].ids, each[k].off, each[k].arr);
		near_twins(rd, each[k].v, first, rd->fixed[each[k].col], each[k].what,
		           each[k].ru_what);
		if (each[k].off)
			comma_tags(rd, each[k].v, first, rd->fixed[each[k].col]);
		free(first);
	}
}

/* Closes the gaps of a block read with stride cap: columns at stride n,
 * moved in place (column c only moves down), then the block shrinks. */
static double *compact(double *block, size_t ncols, size_t cap, size_t n)
{
	if (!ncols)
		return NULL;
	for (size_t c = 1; c < ncols; c++)
		memmove(block + c * n, block + c * cap, n * sizeof *block);
	return nv_xreallocarray(block, ncols * n, sizeof *block);
}

void nv_read_params_init(nv_read_params *p)
{
	memset(p, 0, sizeof *p);
	p->encoding = NV_ENC_AUTO;
}

static int table_read(const char *name, const char *path, const char *bytes,
                      size_t len, const nv_read_params *p, nv_table **out,
                      nv_diag *diag)
{
	nv_read_params defaults;
	if (!p) {
		nv_read_params_init(&defaults);
		p = &defaults;
	}
	nv_diag *own = NULL;
	if (!diag)
		diag = own = nv_diag_new(0);
	*out = NULL;
	table_impl *ti = nv_xcalloc(1, sizeof *ti);
	nv_table *t = &ti->t;
	t->path = nv_xstrdup(name);
	t->orgs = nv_vocab_new();
	t->districts = nv_vocab_new();
	t->subjects = nv_vocab_new();
	t->goals = nv_vocab_new();
	t->psych_types = nv_vocab_new();
	t->form_names = nv_vocab_new();
	t->forms_col = "forms";
	ti->ids = nv_vocab_new();
	reader rd = {0};
	rd.ti = ti;
	rd.name = name;
	rd.diag = diag;
	rd.empty = nv_arena_put(&ti->strings, "", 0);
	nv_scan_info info;
	int rc = nv_scan(name, path, bytes, len, p->encoding, 1, on_rec, &rd, diag, &info);
	nv_diag_note_rest_tr(diag, name, rd.short_line, rd.short_rows,
	                     "строки, где полей меньше, чем в заголовке: последние ячейки "
	                     "читаются пустыми",
	                     "rows with fewer fields than the header, read with empty last cells");
	nv_diag_note_rest_tr(diag, name, rd.long_line, rd.long_rows,
	                     "строки с пустыми полями после заголовка: они не читаются",
	                     "rows with empty fields past the header, left out");
	t->encoding = info.encoding;
	t->delimiter = info.delimiter;
	t->hash = info.hash;
	if (rc == NV_OK && !info.records) {
		nv_diag_error_tr(diag, name, 0, NULL, "пустой файл", "empty file");
		rc = NV_EDATA;
	} else if (rc == NV_OK && !t->n) {
		nv_diag_error_tr(diag, name, rd.header_line, NULL,
		                 "нет строк с данными, только заголовок",
		                 "no data rows, only the header");
		rc = NV_EDATA;
	}
	if (rc == NV_OK) {
		note_near_twins(&rd);
		t->psych = compact(rd.psych, t->n_psych, rd.cap, t->n);
		t->need = compact(rd.need, t->n_area, rd.cap, t->n);
		t->skill = compact(rd.skill, t->n_area, rd.cap, t->n);
		*out = t;
	} else {
		rc = NV_EDATA;
		free(rd.psych);
		free(rd.need);
		free(rd.skill);
		nv_table_free(t);
	}
	free(rd.numc);
	free(rd.kind);
	free(rd.index);
	free(rd.col);
	free(rd.repeat);
	free(rd.tags);
	free(rd.pad_f);
	free(rd.pad_len);
	free(rd.pad_bad);
	free(rd.pad_flag);
	nv_diag_free(own);
	return rc;
}

int nv_table_read(const char *path, const nv_read_params *p, nv_table **out,
                  nv_diag *diag)
{
	return table_read(path, path, NULL, 0, p, out, diag);
}

int nv_table_read_buffer(const char *name, const char *bytes, size_t len,
                         const nv_read_params *p, nv_table **out, nv_diag *diag)
{
	NV_ASSERT(name && (bytes || !len));
	return table_read(name, NULL, bytes ? bytes : "", len, p, out, diag);
}

void nv_table_free(nv_table *t)
{
	if (!t)
		return;
	table_impl *ti = (table_impl *)t;
	free(t->path);
	free(t->id);
	free(t->line);
	free(t->role);
	free(t->category);
	free(t->status);
	if (t->problem)
		for (size_t r = 0; r < t->n; r++) {
			free(t->problem[r]);
			free(t->problem_ru[r]);
		}
	free(t->problem);
	free(t->problem_ru);
	free(t->org);
	free(t->district);
	free(t->name);
	free(t->age);
	free(t->experience);
	free(t->capacity);
	free(t->psych_type);
	free(t->subj_off);
	free(t->subj);
	free(t->goal_off);
	free(t->goal);
	free(t->form_off);
	free(t->form);
	free(t->psych_name);
	free(t->psych);
	free(t->area_name);
	free(t->need);
	free(t->skill);
	nv_vocab_free(t->orgs);
	nv_vocab_free(t->districts);
	nv_vocab_free(t->subjects);
	nv_vocab_free(t->goals);
	nv_vocab_free(t->psych_types);
	nv_vocab_free(t->form_names);
	nv_vocab_free(ti->ids);
	free(ti->first_line);
	nv_arena_done(&ti->strings);
	free(ti);
}
