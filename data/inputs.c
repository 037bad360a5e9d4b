/* inputs.c (the other CSV inputs, SPEC §5: edges for solve, mentor
 * capacities, forbid/fix constraints) */
#include "data.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dataint.h"

#define GROW(ptr, n) ((ptr) = nv_xreallocarray((ptr), (n), sizeof *(ptr)))

static int is_word(const char *s, const char *w)
{
	char low[64];
	return nv_lower(s, strlen(s), low, sizeof low) && !strcmp(low, w);
}

/* A finite number in the field; 0 or an error in diag and -1. */
static int read_finite(const char *path, long line, const char *col, const char *s,
                  double *out, nv_diag *diag)
{
	char shown[80];
	if (!*s) {
		nv_diag_error(diag, path, line, col, "missing value");
		return -1;
	}
	int rc = nv_parse_number(s, strlen(s), out);
	if (rc == 1)
		nv_diag_error(diag, path, line, col, "'%s' is not a number",
		              nv_shown(s, shown, sizeof shown));
	else if (rc == 2)
		nv_diag_error(diag, path, line, col, "'%s' is not a finite number",
		              nv_shown(s, shown, sizeof shown));
	return rc ? -1 : 0;
}

/* --- edges --- */

/* v, read from decimal text, rounded to six decimals half away from zero
 * as the text reads: 0.5000005 is 0.500001, though its double is a hair
 * under it (llround(v * 1e6) gave 0.500000). Up to 15 significant digits
 * a double gives its decimal back (%.14e), and that is rounded, when the
 * double is within its error of a tie. */
static double decimal6(double v)
{
	if (!(fabs(v) < 1e12))
		return (double)llround(v * 1e6) / 1e6;
	/* away from a tie by more than the double's error, the double's own
	 * rounding is the text's (no libm call: this runs for every number) */
	double r = fabs(v) * 1e6;
	int64_t whole = (int64_t)r;
	double frac = r - (double)whole;
	if (fabs(frac - 0.5) > 1e-6 + r * 1e-15) {
		whole += frac > 0.5;
		return (v < 0 ? -(double)whole : (double)whole) / 1e6;
	}
	char buf[32];
	snprintf(buf, sizeof buf, "%.14e", fabs(v)); /* d.dddddddddddddde±XX */
	int64_t n = buf[0] - '0';
	for (int i = 2; i < 16; i++)
		n = 10 * n + (buf[i] - '0');
	int ex = atoi(buf + 17); /* fabs(v) = n · 10^(ex - 14); micro-units: n · 10^(ex - 8) */
	int64_t micro;
	if (ex >= 8) {
		micro = n;
		for (int k = 8; k < ex; k++)
			micro *= 10;
	} else if (8 - ex > 15) {
		micro = 0; /* n < 10^15: under half a micro-unit */
	} else {
		int64_t p = 1;
		for (int k = ex; k < 8; k++)
			p *= 10;
		micro = n / p + (2 * (n % p) >= p);
	}
	return (v < 0 ? -(double)micro : (double)micro) / 1e6;
}

enum { E_MENTOR, E_MENTEE, E_SCORE, E_FORM, E_PSYCH, E_SUBJECTS, E_GOALS,
       E_NEEDS, E_NCOLS };
static const char *const edge_col[E_NCOLS] = {
	"mentor_id", "mentee_id", "score", "form", "psych", "subjects", "goals", "needs"};

typedef struct {
	const char *path;
	nv_diag *diag;
	nv_edges *e;
	size_t cap;
	long col[E_NCOLS];
	char **name; /* header as written */
	size_t ncol;
	long need;  /* the rightmost required column */
	char **pad; /* a short row's fields and the empty ones it lacks */
	size_t pad_n; /* fields the last short row set; the rest are empty */
	int errors;
	int fatal;
	size_t off_sum; /* rows whose contributions miss the score: a note for the first few */
} edges_reader;

/* Whether cell k of a record of n_in cells (bad: nv_csv_each's flags, or
 * NULL) was reported unreadable already. */
static int reported(const uint8_t *bad, size_t n_in, long k)
{
	return bad && k >= 0 && (size_t)k < n_in && bad[k];
}

/* Whether the first record of an edges file is a pair, not a header:
 * three or four cells (mentor_id,mentee_id,score[,form], SPEC §5's
 * order), a number third and none a column's name. score's own output
 * (form third, contributions after) always has its header. */
static int headerless(size_t nf, char **f, const uint8_t *bad_cell)
{
	double v;
	if (bad_cell || (nf != 3 && nf != 4) || nv_parse_number(f[2], strlen(f[2]), &v) != 0)
		return 0;
	for (size_t j = 0; j < nf; j++)
		for (int k = 0; k < E_NCOLS; k++)
			if (is_word(f[j], edge_col[k]))
				return 0;
	return 1;
}

static int edges_rec(void *ud, long line, size_t nf, char **f, const uint8_t *bad_cell)
{
	edges_reader *r = ud;
	nv_edges *e = r->e;
	size_t n_in = nf; /* before the row is fitted to the header */
	if (!r->name && headerless(nf, f, bad_cell)) {
		/* SPEC §5's columns in its order, this line the first pair */
		r->ncol = nf;
		r->name = nv_xcalloc(nf, sizeof *r->name);
		for (int k = 0; k < E_NCOLS; k++)
			r->col[k] = k < (int)nf ? k : -1;
		for (size_t j = 0; j < nf; j++)
			r->name[j] = nv_xstrdup(edge_col[j]);
		r->need = E_SCORE;
		nv_diag_note(r->diag, r->path, line, NULL, "no header: read as %s",
		             nf == 3 ? "mentor_id,mentee_id,score"
		                     : "mentor_id,mentee_id,score,form");
	} else if (!r->name) {
		r->ncol = nf;
		r->name = nv_xcalloc(nf, sizeof *r->name);
		for (int k = 0; k < E_NCOLS; k++)
			r->col[k] = -1;
		/* a note for the first few unknown columns, one for all unnamed */
		size_t unknown = 0, n_unnamed = 0;
		size_t *unnamed = nv_xreallocarray(NULL, nf + 1, sizeof *unnamed);
		for (size_t j = 0; j < nf; j++) {
			r->name[j] = nv_xstrdup(f[j]);
			int k;
			for (k = 0; k < E_NCOLS && !is_word(f[j], edge_col[k]); k++)
				;
			if (k == E_NCOLS && !*f[j]) {
				unnamed[n_unnamed++] = j; /* as the participants file says it */
			} else if (k == E_NCOLS) {
				if (++unknown <= NV_NOTES_SHOWN)
					nv_diag_note(r->diag, r->path, line, f[j], "unknown column, not used");
			} else if (r->col[k] >= 0) {
				nv_diag_error(r->diag, r->path, line, f[j],
				              "duplicate column (first is column %ld)", r->col[k] + 1);
				r->fatal = 1;
			} else
				r->col[k] = (long)j;
		}
		nv_diag_note_unnamed(r->diag, r->path, line, unnamed, n_unnamed);
		free(unnamed);
		nv_diag_note_rest(r->diag, r->path, line, unknown, "unknown columns, not used");
		for (int k = E_MENTOR; k <= E_SCORE; k++)
			if (r->col[k] < 0) {
				nv_diag_error(r->diag, r->path, line, NULL,
				              "missing required column '%s'", edge_col[k]);
				r->fatal = 1;
			}
		if (r->fatal)
			return NV_EDATA;
		r->need = r->col[E_MENTOR];
		for (int k = E_MENTEE; k <= E_SCORE; k++)
			if (r->col[k] > r->need)
				r->need = r->col[k];
		for (int k = E_PSYCH; k <= E_NEEDS; k++)
			if (r->col[k] >= 0) {
				double **p = k == E_PSYCH ? &e->psych : k == E_SUBJECTS ? &e->subjects
				           : k == E_GOALS ? &e->goals : &e->needs;
				*p = nv_xmalloc(sizeof **p);
			}
		return 0;
	}
	/* as the participants file: a row Excel cut after its last cell with
	 * text (it holds the required columns) reads with empty last cells,
	 * empty fields past the header are left out */
	size_t past = r->ncol;
	while (past < nf && !*f[past])
		past++;
	if (nf > r->ncol && past == nf) {
		nf = r->ncol;
	} else if (nf < r->ncol && (long)nf > r->need) {
		if (!r->pad) {
			r->pad = nv_xcalloc(r->ncol, sizeof *r->pad);
			for (size_t j = 0; j < r->ncol; j++)
				r->pad[j] = (char *)"";
		}
		/* this row's fields, and empty ones where the last short row had
		 * more: a short row costs its own width, not the header's */
		size_t upto = nf > r->pad_n ? nf : r->pad_n;
		for (size_t j = 0; j < upto; j++)
			r->pad[j] = j < nf ? f[j] : (char *)"";
		r->pad_n = nf;
		f = r->pad;
		nf = r->ncol;
	}
	if (nf != r->ncol) {
		nv_diag_error(r->diag, r->path, line, NULL,
		              "%zu field%s, but the header has %zu", nf, nv_s(nf),
		              r->ncol);
		r->errors++;
		return 0;
	}
	if (e->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 1024;
		GROW(e->mentor, r->cap);
		GROW(e->mentee, r->cap);
		GROW(e->score, r->cap);
		GROW(e->form, r->cap);
		GROW(e->line, r->cap);
		if (e->psych) GROW(e->psych, r->cap);
		if (e->subjects) GROW(e->subjects, r->cap);
		if (e->goals) GROW(e->goals, r->cap);
		if (e->needs) GROW(e->needs, r->cap);
	}
	/* a cell nv_csv_each reported is not read again; its row is kept, as
	 * a bad row is below, so that a repeat of its pair is said too */
	int bad = 0, no_id = 0;
	size_t i = e->n;
	for (int k = E_MENTOR; k <= E_MENTEE; k++)
		if (reported(bad_cell, n_in, r->col[k])) {
			no_id = 1;
		} else if (!*f[r->col[k]]) {
			nv_diag_error(r->diag, r->path, line, r->name[r->col[k]], "missing value");
			no_id = 1;
		}
	double v;
	const char *score_col = r->name[r->col[E_SCORE]];
	if (reported(bad_cell, n_in, r->col[E_SCORE]) ||
	    read_finite(r->path, line, score_col, f[r->col[E_SCORE]], &v, r->diag) != 0)
		bad = 1;
	else if (fabs(v) > NV_EDGE_SCORE_MAX) {
		char shown[80];
		nv_diag_error(r->diag, r->path, line, score_col,
		              "score '%s' is out of range (at most 1e9 in magnitude)",
		              nv_shown(f[r->col[E_SCORE]], shown, sizeof shown));
		bad = 1;
	} else
		e->score[i] = decimal6(v);
	/* a contribution may be empty (NAN: written empty), and those given
	 * all four should add up to the score (SPEC §3), to the rounding of
	 * six decimals each (as the score, read to six decimals) */
	double sum = 0;
	int given = 0;
	for (int k = E_PSYCH; k <= E_NEEDS; k++) {
		if (r->col[k] < 0)
			continue;
		double *p = k == E_PSYCH ? e->psych : k == E_SUBJECTS ? e->subjects
		          : k == E_GOALS ? e->goals : e->needs;
		if (!reported(bad_cell, n_in, r->col[k]) && !*f[r->col[k]]) {
			p[i] = NAN;
		} else if (!reported(bad_cell, n_in, r->col[k]) &&
		           read_finite(r->path, line, r->name[r->col[k]], f[r->col[k]], &v,
		                       r->diag) == 0) {
			p[i] = decimal6(v);
			sum += p[i];
			given++;
		} else {
			p[i] = 0;
			bad = 1;
		}
	}
	if (!bad && given == E_NEEDS - E_PSYCH + 1 && fabs(sum - e->score[i]) > 5e-6 &&
	    ++r->off_sum <= NV_NOTES_SHOWN)
		nv_diag_note(r->diag, r->path, line, NULL,
		             "the contributions add up to %.6f, not to the score %.6f", sum,
		             e->score[i]);
	if (no_id) {
		r->errors++;
		return 0;
	}
	if (bad) {
		/* kept all the same, with its ids, so that a repeat of its pair
		 * is said in this run too (the file is refused either way) */
		r->errors++;
		e->score[i] = 0;
	}
	e->mentor[i] = nv_vocab_intern(e->mentors, f[r->col[E_MENTOR]], strlen(f[r->col[E_MENTOR]]));
	e->mentee[i] = nv_vocab_intern(e->mentees, f[r->col[E_MENTEE]], strlen(f[r->col[E_MENTEE]]));
	const char *form = r->col[E_FORM] >= 0 ? f[r->col[E_FORM]] : "";
	e->form[i] = nv_vocab_intern(e->forms, form, strlen(form));
	e->line[i] = line;
	e->n++;
	return 0;
}

typedef struct pair_row {
	uint32_t mentor, mentee, i;
} pair_row;

static int by_pair(const void *x, const void *y)
{
	const pair_row *a = x, *b = y;
	if (a->mentor != b->mentor)
		return a->mentor < b->mentor ? -1 : 1;
	if (a->mentee != b->mentee)
		return a->mentee < b->mentee ? -1 : 1;
	return a->i < b->i ? -1 : a->i > b->i;
}

void nv_edges_sort(const nv_edges *e, uint32_t *rows, size_t n)
{
	pair_row *p = nv_xmalloc((n + 1) * sizeof *p);
	for (size_t k = 0; k < n; k++)
		p[k] = (pair_row){e->mentor[rows[k]], e->mentee[rows[k]], rows[k]};
	qsort(p, n, sizeof *p, by_pair);
	for (size_t k = 0; k < n; k++)
		rows[k] = p[k].i;
	free(p);
}

/* Each repeat of a (mentor, mentee) pair, in the order of the pairs, with
 * the line of its first row; the count. */
static size_t repeated_pairs(const char *path, const nv_edges *e, const char *col,
                             nv_diag *diag)
{
	uint32_t *rows = nv_xmalloc((e->n + 1) * sizeof *rows);
	for (size_t i = 0; i < e->n; i++)
		rows[i] = (uint32_t)i;
	nv_edges_sort(e, rows, e->n);
	size_t bad = 0, first = 0;
	char s1[80], s2[80];
	for (size_t k = 1; k < e->n; k++) {
		uint32_t i = rows[k], h = rows[k - 1];
		if (e->mentor[i] != e->mentor[h] || e->mentee[i] != e->mentee[h]) {
			first = k;
			continue;
		}
		nv_diag_error(diag, path, e->line[i], col,
		              "duplicate pair '%s','%s' (first on line %ld)",
		              nv_shown(nv_vocab_name(e->mentors, e->mentor[i]), s1, sizeof s1),
		              nv_shown(nv_vocab_name(e->mentees, e->mentee[i]), s2, sizeof s2),
		              e->line[rows[first]]);
		bad++;
	}
	free(rows);
	return bad;
}

/* A note for each id that is a mentee and a mentor too (at its first row
 * as a mentee): solve pairs the two sides apart, which a participants
 * file, one role per person, never asks. */
static void both_sides(const char *path, const nv_edges *e, const char *col, nv_diag *diag)
{
	size_t n = nv_vocab_count(e->mentees), noted = 0;
	uint8_t *seen = nv_xcalloc(n + 1, 1);
	char shown[80];
	for (size_t i = 0; i < e->n; i++) {
		uint32_t me = e->mentee[i];
		if (seen[me])
			continue;
		seen[me] = 1;
		const char *id = nv_vocab_name(e->mentees, me);
		if (nv_vocab_find(e->mentors, id, strlen(id)) >= 0 && ++noted <= NV_NOTES_SHOWN)
			nv_diag_note(diag, path, e->line[i], col,
			             "'%s' is a mentor too: solve pairs its two sides apart",
			             nv_shown(id, shown, sizeof shown));
	}
	nv_diag_note_rest(diag, path, 0, noted, "ids that are mentees and mentors too");
	free(seen);
}

int nv_edges_read(const char *path, nv_encoding enc, nv_edges **out,
                  nv_diag *diag)
{
	nv_edges *e = nv_xcalloc(1, sizeof *e);
	e->mentors = nv_vocab_new();
	e->mentees = nv_vocab_new();
	e->forms = nv_vocab_new();
	edges_reader r = {0};
	r.path = path;
	r.diag = diag;
	r.e = e;
	int rc = nv_csv_each(path, enc, 0, NULL, edges_rec, &r, diag);
	nv_diag_note_rest(diag, path, 0, r.off_sum, "rows whose contributions miss the score");
	if (r.name && !r.fatal && repeated_pairs(path, e, r.name[r.col[E_MENTEE]], diag))
		r.errors++;
	if (r.name && !r.fatal)
		both_sides(path, e, r.name[r.col[E_MENTEE]], diag);
	if (rc == NV_OK && r.errors)
		rc = NV_EDATA;
	for (size_t j = 0; j < r.ncol; j++)
		free(r.name[j]);
	free(r.name);
	free(r.pad);
	if (rc != NV_OK) {
		nv_edges_free(e);
		e = NULL;
		rc = NV_EDATA;
	}
	*out = e;
	return rc;
}

void nv_edges_free(nv_edges *e)
{
	if (!e)
		return;
	free(e->mentor);
	free(e->mentee);
	free(e->score);
	free(e->form);
	free(e->psych);
	free(e->subjects);
	free(e->goals);
	free(e->needs);
	free(e->line);
	nv_vocab_free(e->mentors);
	nv_vocab_free(e->mentees);
	nv_vocab_free(e->forms);
	free(e);
}

/* --- capacities --- */

typedef struct {
	const char *path;
	nv_diag *diag;
	const nv_vocab *mentors;
	nv_vocab *own; /* the file's own mentors, when checked alone */
	int32_t *capacity;
	long *seen; /* line per mentor, 0 = not yet */
	size_t n_seen;
	int first;
	int errors;
	size_t unknown; /* rows of unknown mentors: a note for the first few */
	size_t rows;    /* records past the header */
} cap_reader;

static const char *const cap_cols[] = {"mentor_id", "capacity", NULL};

/* nf without the empty fields past the first `want`: what Excel writes
 * for a sheet with an empty column after the table ("m1;3;") */
static size_t fields_used(size_t nf, char **f, size_t want)
{
	while (nf > want && !*f[nf - 1])
		nf--;
	return nf;
}

static int cap_rec(void *ud, long line, size_t nf, char **f, const uint8_t *bad_cell)
{
	cap_reader *r = ud;
	char shown[80];
	double v;
	size_t n_in = nf;
	nf = fields_used(nf, f, 2);
	if (bad_cell && r->first) { /* no header: a cell of it is unreadable */
		r->first = 0;
		r->errors++;
		return 0;
	}
	if (r->first) {
		r->first = 0;
		/* header optional: a first record whose capacity is no number */
		if (nf == 2 && nv_parse_number(f[1], strlen(f[1]), &v) != 0 &&
		    *f[1] && (is_word(f[0], "mentor_id") || is_word(f[1], "capacity")))
			return 0;
	}
	r->rows++;
	if (nf != 2) {
		nv_diag_error(r->diag, r->path, line, NULL,
		              "%zu field%s, expected 2 (mentor_id,capacity)", nf, nv_s(nf));
		r->errors++;
		return 0;
	}
	if (reported(bad_cell, n_in, 0)) {
		r->errors++;
		return 0;
	}
	if (!*f[0]) {
		nv_diag_error(r->diag, r->path, line, "mentor_id", "missing value");
		r->errors++;
		return 0;
	}
	/* a bad capacity is said, and its mentor still counts as named, so
	 * that a later line for it is said to repeat it in this run too */
	int bad = 0;
	if (reported(bad_cell, n_in, 1) ||
	    read_finite(r->path, line, "capacity", f[1], &v, r->diag) != 0) {
		bad = 1;
	} else if (v != floor(v) || v < 0 || v > INT32_MAX) {
		nv_diag_error(r->diag, r->path, line, "capacity",
		              v > INT32_MAX ? "'%s' is too large (at most 2147483647)"
		                            : "'%s' is not a whole number >= 0",
		              nv_shown(f[1], shown, sizeof shown));
		bad = 1;
	}
	r->errors += bad;
	int64_t id = r->own ? (int64_t)nv_vocab_intern(r->own, f[0], strlen(f[0]))
	                    : nv_vocab_find(r->mentors, f[0], strlen(f[0]));
	if (r->own && (size_t)id >= r->n_seen) {
		size_t n = r->n_seen ? 2 * r->n_seen : 64;
		r->seen = nv_xreallocarray(r->seen, n, sizeof *r->seen);
		memset(r->seen + r->n_seen, 0, (n - r->n_seen) * sizeof *r->seen);
		r->n_seen = n;
	}
	if (id < 0) {
		if (!bad && ++r->unknown <= NV_NOTES_SHOWN)
			nv_diag_note(r->diag, r->path, line, "mentor_id", "unknown mentor '%s', ignored",
			             nv_shown(f[0], shown, sizeof shown));
		return 0;
	}
	if (r->seen[id]) {
		nv_diag_error(r->diag, r->path, line, "mentor_id",
		              "duplicate mentor '%s' (first on line %ld)",
		              nv_shown(f[0], shown, sizeof shown), r->seen[id]);
		r->errors++;
		return 0;
	}
	r->seen[id] = line;
	if (!bad && r->capacity)
		r->capacity[id] = (int32_t)v;
	return 0;
}

int nv_capacity_read(const char *path, nv_encoding enc, const nv_vocab *mentors,
                     int32_t *capacity, nv_diag *diag)
{
	cap_reader r = {.path = path,
	                .diag = diag,
	                .mentors = mentors,
	                .own = mentors ? NULL : nv_vocab_new(),
	                .capacity = capacity,
	                .first = 1};
	if (mentors) {
		r.n_seen = nv_vocab_count(mentors) + 1;
		r.seen = nv_xcalloc(r.n_seen, sizeof *r.seen);
	}
	/* empty, or a header alone, as an empty constraints file: nothing
	 * changes, and a note says so */
	int rc = nv_csv_each(path, enc, 1, cap_cols, cap_rec, &r, diag);
	if (rc == NV_OK && !r.rows)
		nv_diag_note(diag, path, 0, NULL, "no capacities: every mentor keeps capacity 1");
	free(r.seen);
	nv_vocab_free(r.own);
	nv_diag_note_rest(diag, path, 0, r.unknown, "rows of unknown mentors, ignored");
	if (rc == NV_OK && r.errors)
		rc = NV_EDATA;
	return rc == NV_OK ? NV_OK : NV_EDATA;
}

/* --- constraints --- */

typedef struct {
	const char *path;
	nv_diag *diag;
	nv_constraints *c;
	size_t cap;
	int first;
	int errors;
} cons_reader;

static const char *const cons_cols[] = {"kind", "mentor_id", "mentee_id", NULL};

static int cons_rec(void *ud, long line, size_t nf, char **f, const uint8_t *bad_cell)
{
	cons_reader *r = ud;
	char shown[80];
	if (bad_cell) { /* reported; the rest would only add "missing value" */
		r->first = 0;
		r->errors++;
		return 0;
	}
	nf = fields_used(nf, f, 3);
	if (r->first) {
		r->first = 0;
		/* the optional header, as SPEC names it or in Russian */
		if (nf >= 1 && (is_word(f[0], "kind") || is_word(f[0], "тип") ||
		                is_word(f[0], "вид") || is_word(f[0], "действие")))
			return 0;
	}
	if (nf != 3) {
		nv_diag_error(r->diag, r->path, line, NULL,
		              "%zu field%s, expected 3 (kind,mentor_id,mentee_id)", nf, nv_s(nf));
		r->errors++;
		return 0;
	}
	int kind;
	if (is_word(f[0], "forbid") || is_word(f[0], "запретить") || is_word(f[0], "запрет"))
		kind = NV_FORBID;
	else if (is_word(f[0], "fix") || is_word(f[0], "закрепить"))
		kind = NV_FIX;
	else {
		nv_diag_error(r->diag, r->path, line, "kind",
		              "unknown kind '%s' (forbid, fix; запретить, закрепить)",
		              nv_shown(f[0], shown, sizeof shown));
		r->errors++;
		return 0;
	}
	int bad = 0;
	if (!*f[1]) {
		nv_diag_error(r->diag, r->path, line, "mentor_id", "missing value");
		bad = 1;
	}
	if (!*f[2]) {
		nv_diag_error(r->diag, r->path, line, "mentee_id", "missing value");
		bad = 1;
	}
	if (bad) {
		r->errors++;
		return 0;
	}
	nv_constraints *c = r->c;
	if (c->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 64;
		GROW(c->c, r->cap);
	}
	c->c[c->n++] = (nv_constraint){(nv_constraint_kind)kind, nv_xstrdup(f[1]),
	                               nv_xstrdup(f[2]), line};
	return 0;
}

int nv_constraints_read(const char *path, nv_encoding enc,
                        nv_constraints **out, nv_diag *diag)
{
	nv_constraints *c = nv_xcalloc(1, sizeof *c);
	c->path = nv_xstrdup(path);
	cons_reader r = {path, diag, c, 0, 1, 0};
	int rc = nv_csv_each(path, enc, 1, cons_cols, cons_rec, &r, diag);
	if (rc == NV_OK && r.errors)
		rc = NV_EDATA;
	nv_hash h = {0};
	for (size_t i = 0; i < c->n; i++) {
		unsigned char kind = (unsigned char)c->c[i].kind;
		nv_hash_add(&h, &kind, 1);
		nv_hash_add(&h, c->c[i].mentor_id, strlen(c->c[i].mentor_id) + 1);
		nv_hash_add(&h, c->c[i].mentee_id, strlen(c->c[i].mentee_id) + 1);
	}
	c->hash = nv_hash_end(&h);
	if (rc != NV_OK) {
		nv_constraints_free(c);
		c = NULL;
		rc = NV_EDATA;
	}
	*out = c;
	return rc;
}

void nv_constraints_free(nv_constraints *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++) {
		free(c->c[i].mentor_id);
		free(c->c[i].mentee_id);
	}
	free(c->c);
	free(c->path);
	free(c);
}
