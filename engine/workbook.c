/* workbook.c (--xlsx: pairs.xlsx, the proposals as a workbook for a person)
 *
 * pairs.csv and unmatched.csv are for programs: UTF-8, comma, decimal
 * point, which Russian Excel opens on a double click as one garbled
 * column. The workbook holds the same rows in two sheets, in the run's
 * language, numbers as numbers (Excel shows them in the reader's own
 * decimal sign), the header row frozen and filtered, and a third sheet
 * with the district reporting form filled in for each institution. It is
 * written by libxlsxwriter in its constant-memory mode (row after row,
 * strings inline), so a region's rows cost no more memory than a
 * school's. */
#include "match_internal.h"

#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

/* Excel's limit on a cell's text is 32,767 characters; bytes are counted
 * here, below it, cut at a character's start. */
enum {
	CELL_BYTES = 32000
};

typedef struct {
	const char *en, *ru; /* the heading in each language */
	double width;        /* in Excel's character widths */
	int name;            /* a person's name: only with --with-names */
} column;

enum {
	MAX_COLS = NV_MAX_FORMS + 3 /* the report: institution, row, forms, total */
};

typedef struct {
	lxw_workbook *wb;
	lxw_format *head, *num;
	lxw_error err; /* the first failure */
	/* the sheet being written */
	lxw_worksheet *ws;
	const char *name;
	const char *head_text[MAX_COLS]; /* the columns written */
	double width[MAX_COLS];
	lxw_col_t n_col;
	lxw_row_t row; /* the next row to write */
	int part;      /* 1, then 2... past Excel's 1,048,576 rows */
	char *text;    /* a cell's text made valid */
} book;

static void keep(book *b, lxw_error e)
{
	if (e != LXW_NO_ERROR && b->err == LXW_NO_ERROR)
		b->err = e;
}

static void sheet_close(book *b)
{
	if (b->ws && b->row > 1)
		keep(b, worksheet_autofilter(b->ws, 0, 0, b->row - 1, (lxw_col_t)(b->n_col - 1)));
	b->ws = NULL;
}

/* A new sheet of the given columns: its heading row, frozen. */
static void sheet_open(book *b)
{
	sheet_close(b);
	char name[64];
	if (b->part > 1)
		snprintf(name, sizeof name, "%s (%d)", b->name, b->part);
	else
		snprintf(name, sizeof name, "%s", b->name);
	b->ws = workbook_add_worksheet(b->wb, name);
	if (!b->ws) {
		keep(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return;
	}
	for (lxw_col_t c = 0; c < b->n_col; c++) {
		keep(b, worksheet_set_column(b->ws, c, c, b->width[c], NULL));
		keep(b, worksheet_write_string(b->ws, 0, c, b->head_text[c], b->head));
	}
	worksheet_freeze_panes(b->ws, 1, 0);
	b->row = 1;
}

/* A sheet of the columns all[0..n) in the run's language, the names
 * among them only with --with-names. */
static void sheet_begin(book *b, const char *name, const column *all, size_t n, int ru, int names)
{
	sheet_close(b);
	b->name = name;
	b->n_col = 0;
	for (size_t k = 0; k < n; k++)
		if (names || !all[k].name) {
			b->head_text[b->n_col] = ru ? all[k].ru : all[k].en;
			b->width[b->n_col++] = all[k].width;
		}
	b->part = 1;
	sheet_open(b);
}

/* The row the next cells go to: a new sheet when this one is full. */
static lxw_row_t next_row(book *b)
{
	if (b->ws && b->row >= LXW_ROW_MAX) {
		b->part++;
		sheet_open(b);
	}
	return b->row++;
}

/* s as valid UTF-8 (U+FFFD for a byte that starts no character), cut to
 * CELL_BYTES: Excel refuses a workbook whose text is not. */
static const char *cell_text(book *b, const char *s)
{
	size_t n = strlen(s), o = 0;
	if (nv_utf8_bad_at(s, n) == n && n <= CELL_BYTES)
		return s;
	for (size_t i = 0; i < n && o + 4 <= CELL_BYTES;) {
		size_t k = nv_utf8_char(s + i, n - i);
		if (k) {
			memcpy(b->text + o, s + i, k);
			o += k;
			i += k;
		} else {
			memcpy(b->text + o, "\xEF\xBF\xBD", 3);
			o += 3;
			i++;
		}
	}
	b->text[o] = 0;
	return b->text;
}

static void put_text(book *b, lxw_row_t row, lxw_col_t c, const char *s)
{
	if (b->ws && s && *s)
		keep(b, worksheet_write_string(b->ws, row, c, cell_text(b, s), NULL));
}

/* A form's title without the guillemets prose sets it in («ученик –
 * ученик»): a cell holds it alone. Into b->text when cut. */
static const char *form_text(book *b, const char *title)
{
	size_t n = strlen(title);
	if (n > 4 && n - 4 < CELL_BYTES && !strncmp(title, "«", 2) && !strcmp(title + n - 2, "»")) {
		memcpy(b->text, title + 2, n - 4);
		b->text[n - 4] = 0;
		return b->text;
	}
	return title;
}

static void put_form(book *b, lxw_row_t row, lxw_col_t c, const char *title)
{
	put_text(b, row, c, form_text(b, title));
}

static void put_number(book *b, lxw_row_t row, lxw_col_t c, double x)
{
	if (b->ws)
		keep(b, worksheet_write_number(b->ws, row, c, x, b->num));
}

static void write_pairs(book *b, const nv_run *r, int ru)
{
	const nv_table *t = r->t;
	int names = r->p.with_names;
	static const column cols[] = {{"Mentor", "Наставник", 14, 0},
	                              {"Mentor's name", "Имя наставника", 24, 1},
	                              {"Mentee", "Наставляемый", 14, 0},
	                              {"Mentee's name", "Имя наставляемого", 24, 1},
	                              {"Form", "Форма", 22, 0},
	                              {"Score", "Оценка", 10, 0},
	                              {"Psychological profile", "Психологическая совместимость", 12,
	                               0},
	                              {"Shared subjects", "Общие предметы", 12, 0},
	                              {"Shared goals", "Общие цели", 12, 0},
	                              {"Mentor strong in the difficulties",
	                               "Помощь с трудностями наставляемого", 12, 0},
	                              {"Fixed by the curator", "Закреплена куратором", 10, 0},
	                              {"Why this pair", "Почему эта пара", 80, 0}};
	_Static_assert(sizeof cols / sizeof *cols <= MAX_COLS, "MAX_COLS");
	sheet_begin(b, ru ? "Пары" : "Pairs", cols, sizeof cols / sizeof *cols, ru, names);

	size_t np = r->sol->n_chosen;
	uint32_t *ord = nv_xmalloc((np + 1) * sizeof *ord);
	nv_output_order(r, ord);
	for (size_t i = 0; i < np && b->err == LXW_NO_ERROR; i++) {
		uint32_t e = ord[i];
		size_t mr = r->mentor_row[r->e_mentor[e]], er = r->mentee_row[r->e_mentee[e]];
		lxw_row_t row = next_row(b);
		lxw_col_t c = 0;
		put_text(b, row, c++, t->id[mr]);
		if (names)
			put_text(b, row, c++, t->name ? t->name[mr] : NULL);
		put_text(b, row, c++, t->id[er]);
		if (names)
			put_text(b, row, c++, t->name ? t->name[er] : NULL);
		put_form(b, row, c++,
		         nv_form_title(&r->cfg.form[r->e_form[e]], ru ? NV_LANG_RU : NV_LANG_EN));
		/* the numbers pairs.csv writes, to the millionth */
		put_number(b, row, c++, (double)nv_micro(r->e_score[e]) / 1e6);
		for (int k = 0; k < NV_NTERMS; k++)
			put_number(b, row, c++,
			           (double)nv_micro(r->e_contrib[e * NV_NTERMS + k]) / 1e6);
		int fixed = (r->e_flags[e] & NV_EDGE_FIXED) != 0;
		put_text(b, row, c++, fixed ? (ru ? "да" : "yes") : (ru ? "нет" : "no"));
		put_text(b, row, c++, r->edge_reason ? r->edge_reason[e] : NULL);
	}
	free(ord);
}

static void write_unmatched(book *b, const nv_run *r, int ru)
{
	const nv_table *t = r->t;
	int names = r->p.with_names;
	static const column cols[] = {{"Id", "Код участника", 14, 0},
	                              {"Name", "Имя", 24, 1},
	                              {"Role", "Роль", 14, 0},
	                              {"Reason code", "Код причины", 20, 0},
	                              {"Reason", "Причина", 100, 0}};
	sheet_begin(b, ru ? "Без пары" : "Unmatched", cols, sizeof cols / sizeof *cols, ru, names);
	for (size_t i = 0; i < t->n && b->err == LXW_NO_ERROR; i++) {
		if (r->code[i] == NV_RC_NONE)
			continue;
		lxw_row_t row = next_row(b);
		lxw_col_t c = 0;
		put_text(b, row, c++, t->id[i]);
		/* a name only of a valid row with consent: nothing else of the
		 * others is written beyond their id and role */
		if (names)
			put_text(b, row, c++,
			         t->name && t->status[i] == NV_ROW_OK ? t->name[i] : NULL);
		nv_role role = (nv_role)t->role[i];
		put_text(b, row, c++,
		         !ru                 ? nv_role_word(role)
		         : role == NV_MENTOR ? "наставник"
		         : role == NV_MENTEE ? "наставляемый"
		                             : "");
		put_text(b, row, c++, nv_reason_code_word(r->code[i]));
		put_text(b, row, c++, r->row_reason[i]);
	}
}

/* The district reporting form's table (seed 004; summary.json's
 * coverage), for the whole input and then for each educational
 * institution (nv_institutions) in the order of the file. One row per
 * line of the form, a column per form and the total, so that an
 * institution's lines are its form filled in. */
static void write_report(book *b, const nv_run *r, int ru)
{
	const nv_table *t = r->t;
	const nv_config *c = &r->cfg;
	size_t nf = c->n_forms, norg = nv_vocab_count(t->orgs);
	nv_lang lang = ru ? NV_LANG_RU : NV_LANG_EN;
	column cols[MAX_COLS] = {{"Institution", "Образовательное учреждение", 22, 0},
	                         {"Indicator", "Наименование показателя", 60, 0}};
	char *title[NV_MAX_FORMS];
	for (size_t f = 0; f < nf; f++) {
		title[f] = nv_xstrdup(form_text(b, nv_form_title(&c->form[f], lang)));
		cols[2 + f] = (column){title[f], title[f], 16, 0};
	}
	cols[2 + nf] = (column){"Total", "Всего", 10, 0};
	sheet_begin(b, ru ? "Отчёт" : "Report", cols, nf + 3, ru, 0);

	long *all = nv_xcalloc((nf + 1) * NV_COV_N, sizeof *all);
	nv_coverage_counts(r, all);
	long *by_org = nv_coverage_by_org(r);
	unsigned char *school = nv_institutions(t);
	for (size_t o = 0; o <= norg && b->err == LXW_NO_ERROR; o++) {
		/* o == 0: the whole input; then organisation o - 1 */
		if (o && !school[o - 1])
			continue;
		const long *cnt = o ? by_org + (o - 1) * (nf + 1) * NV_COV_N : all;
		const char *who = o    ? nv_vocab_name(t->orgs, (uint32_t)(o - 1))
		                  : ru ? "Все учреждения"
		                       : "All institutions";
		for (int k = 0; k < NV_COV_N; k++) {
			lxw_row_t row = next_row(b);
			put_text(b, row, 0, who);
			put_text(b, row, 1, nv_coverage_label(k, lang));
			for (size_t f = 0; f <= nf; f++)
				if (b->ws)
					keep(b,
					     worksheet_write_number(b->ws, row, (lxw_col_t)(2 + f),
					                            (double)cnt[f * NV_COV_N + k],
					                            NULL));
		}
	}
	sheet_close(b);
	free(school);
	free(by_org);
	free(all);
	for (size_t f = 0; f < nf; f++)
		free(title[f]);
}

int nv_workbook_write(const nv_run *r, const char *path, const char *shown, nv_diag *diag)
{
	int ru = r->p.lang == NV_LANG_RU;
	/* constant memory: each sheet's rows go to a temporary file as they
	 * are written, and strings are kept inline */
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE};
	book b = {.text = nv_xmalloc(CELL_BYTES + 1)};
	b.wb = workbook_new_opt(path, &opt);
	if (!b.wb) {
		nv_diag_error(diag, shown, 0, NULL, "cannot write the workbook");
		free(b.text);
		return NV_EFAIL;
	}
	b.head = workbook_add_format(b.wb);
	format_set_bold(b.head);
	format_set_text_wrap(b.head);
	format_set_align(b.head, LXW_ALIGN_VERTICAL_TOP);
	b.num = workbook_add_format(b.wb);
	format_set_num_format(b.num, "0.000000");
	lxw_doc_properties props = {.title = ru ? "Предложенные пары наставничества"
	                                        : "Proposed mentorship pairs",
	                            .comments = "nastavnik"};
	keep(&b, workbook_set_properties(b.wb, &props));
	write_pairs(&b, r, ru);
	write_unmatched(&b, r, ru);
	write_report(&b, r, ru);
	lxw_error closed = workbook_close(b.wb);
	keep(&b, closed);
	free(b.text);
	if (b.err != LXW_NO_ERROR) {
		nv_diag_error(diag, shown, 0, NULL, "cannot write the workbook: %s",
		              lxw_strerror(b.err));
		return NV_EFAIL;
	}
	return NV_OK;
}
