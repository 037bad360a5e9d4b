/* data.h — nastavnik's data layer: reading and validating the participants
 * file and the other CSV inputs (SPEC §1, §5), writing output files whole or
 * not at all (SPEC §6), and synthetic sample datasets. It knows nothing of
 * scoring or solving: it hands the engine a table in input order. */
#ifndef NV_DATA_H
#define NV_DATA_H

#include "base.h"

/* --- vocabularies -------------------------------------------------------
 * Interned strings: ids 0..n-1 in first-seen order, so ids are
 * deterministic for a given input. */
typedef struct nv_vocab nv_vocab;

nv_vocab *nv_vocab_new(void);
void nv_vocab_free(nv_vocab *v); /* NULL is fine */
/* The id of s[0..len), added when new. */
uint32_t nv_vocab_intern(nv_vocab *v, const char *s, size_t len);
/* The id of s[0..len), or -1 when absent. */
int64_t nv_vocab_find(const nv_vocab *v, const char *s, size_t len);
size_t nv_vocab_count(const nv_vocab *v);
const char *nv_vocab_name(const nv_vocab *v, uint32_t id); /* NUL-terminated */

/* --- participants (SPEC §1) --------------------------------------------- */
typedef enum { NV_ENC_AUTO = 0, NV_ENC_UTF8, NV_ENC_CP1251 } nv_encoding;
typedef enum { NV_MENTOR = 0, NV_MENTEE = 1, NV_ROLE_NONE = 255 } nv_role;
typedef enum {
	NV_STUDENT = 0,
	NV_TEACHER,
	NV_COLLEGE_STUDENT,
	NV_EMPLOYER,
	NV_NCATEGORIES,
	NV_CATEGORY_NONE = 255
} nv_category;
typedef enum { NV_ROW_OK = 0, NV_ROW_NO_CONSENT, NV_ROW_INVALID } nv_row_status;

/* The participants table: one entry per data row, in input order, valid,
 * invalid and no-consent rows alike. Per-row fields are arrays of length n;
 * numeric scales are column-major so the engine can read a column as one
 * contiguous array. Filled by the reader, read (never changed) by callers.
 * Of a row without consent only id, role and consent are read: the other
 * fields keep their "empty" values (category NV_CATEGORY_NONE, org and
 * district UINT32_MAX, no tags). An invalid row keeps what was readable,
 * but no tags; org/district are UINT32_MAX where they were not read. */
typedef struct nv_table {
	char *path;          /* as given, for messages */
	nv_encoding encoding; /* detected or forced */
	char delimiter;      /* ',', ';' or '\t' */
	uint64_t hash;       /* of the file's bytes (nv_hash): whether it changed */
	size_t n;            /* data rows */

	char **id;        /* trimmed; "" when empty (invalid rows only) */
	long *line;       /* physical line where the record starts (header = 1) */
	uint8_t *role;     /* nv_role; NV_ROLE_NONE when unreadable */
	uint8_t *category; /* nv_category; NV_CATEGORY_NONE when unreadable */
	uint8_t *status;   /* nv_row_status */
	char **problem;    /* NV_ROW_INVALID: first problem, full line; else NULL */
	char **problem_ru; /* the same in Russian (for reasons under --lang ru) */
	uint32_t *org;      /* id in orgs; UINT32_MAX when not read */
	uint32_t *district; /* id in districts ("" when the column is absent);
	                       UINT32_MAX when not read */
	char **name;        /* NULL when the file has no name column; "" for an
	                       empty cell and for rows without consent */
	int32_t *age;       /* whole years; -1 when empty */
	double *experience; /* years; NaN when empty */
	int32_t *capacity;  /* >= 0; 1 when empty */
	int32_t *psych_type; /* id in psych_types; -1 when empty */

	/* Tag sets in CSR form: the tags of row r are
	 * subj[subj_off[r] .. subj_off[r+1]), sorted ascending, no repeats. */
	size_t *subj_off; uint32_t *subj; /* ids in subjects */
	size_t *goal_off; uint32_t *goal; /* ids in goals */
	size_t *form_off; uint32_t *form; /* ids in form_names; empty = any */

	/* psych_<trait> columns: value of column c for row r at psych[c*n + r];
	 * NaN when empty. Names without the prefix, in header order. */
	size_t n_psych;
	char **psych_name;
	double *psych;
	/* Areas: the union of need_<area> and skill_<area> names, in header
	 * order of first appearance. need[a*n + r], skill[a*n + r]; 0 when the
	 * cell is empty or the file has no such column (SPEC §3). */
	size_t n_area;
	char **area_name;
	double *need, *skill;

	nv_vocab *orgs, *districts, *subjects, *goals, *psych_types, *form_names;
	const char *forms_col; /* the forms column's name as the header writes
	                          it, for messages ("forms" when absent) */
} nv_table;

typedef struct nv_read_params {
	nv_encoding encoding; /* NV_ENC_AUTO detects */
} nv_read_params;

void nv_read_params_init(nv_read_params *p);

/* Reads and validates a participants file. Returns NV_OK with *out set when
 * the file reads as a table, even if some rows are invalid: those rows have
 * status NV_ROW_INVALID and every problem is an error in diag. Returns
 * NV_EDATA with *out NULL when it cannot be read as a table at all (missing,
 * empty, no header, header only, missing or repeated column, unterminated
 * quote). Unknown columns are notes in diag; form names are interned as
 * given (checking them is the engine's job). diag may be NULL.
 * Encoding (NV_ENC_AUTO): a UTF-8 BOM, or a file that is all valid UTF-8,
 * is UTF-8; otherwise the file is cp1251 when its invalid sequences
 * outnumber its valid multibyte ones (cp1251 text forms a valid pair now
 * and then, e.g. "Пё"), else UTF-8 with an error per broken field.
 * Lines made only of delimiters and spaces are skipped.
 * Caller frees *out with nv_table_free. */
int nv_table_read(const char *path, const nv_read_params *p, nv_table **out,
                  nv_diag *diag);
/* The same from memory; `name` stands for the file in messages. */
int nv_table_read_buffer(const char *name, const char *bytes, size_t len,
                         const nv_read_params *p, nv_table **out, nv_diag *diag);
void nv_table_free(nv_table *t); /* NULL is fine */

/* Adds to *invalid the sequences of text[0..n) that are not UTF-8 (one cut
 * at n too) and to *multi its valid multibyte ones. */
void nv_utf8_tally(const char *text, size_t n, size_t *invalid, size_t *multi);
/* The encoding of text with those counts, as nv_table_read guesses it:
 * UTF-8 when nothing is invalid or valid multibyte sequences outnumber
 * invalid ones, cp1251 otherwise. */
nv_encoding nv_encoding_guess(size_t invalid, size_t multi);
/* cp1251 text[0..n) to UTF-8 in out (room for 3 * n bytes); bytes written. */
size_t nv_cp1251_to_utf8(const char *text, size_t n, char *out);
/* Offset of the first byte of text[0..n) that is not valid UTF-8 (RFC 3629:
 * no overlong forms, no surrogates), or n when it all is. */
size_t nv_utf8_bad_at(const char *text, size_t n);
/* Length of the valid UTF-8 character text[0..n) starts with (1 for
 * ASCII), 0 when its first bytes are not one. */
size_t nv_utf8_char(const char *text, size_t n);
/* Whether text[0..n) starts with a C1 control (U+0080-U+009F: 0xC2 then
 * 0x80-0x9F in UTF-8), refused in every input as ESC is. */
static inline int nv_utf8_c1(const char *text, size_t n)
{
	return n >= 2 && (unsigned char)text[0] == 0xC2 && ((unsigned char)text[1] & 0xE0) == 0x80;
}
/* Copies s into buf (size >= 64) for a message: at most ~40 bytes, control
 * characters as '?', cut on a UTF-8 boundary with "..." */
const char *nv_shown(const char *s, char *buf, size_t size);

const char *nv_role_word(nv_role r);         /* "mentor", "mentee" */
const char *nv_category_word(nv_category c); /* "student", ... */

/* --- other CSV inputs (SPEC §5) ------------------------------------------
 * Same encodings, delimiters and quoting as the participants file. */

/* Calls fn for every record, header included, with UTF-8 fields trimmed of
 * surrounding spaces, tabs and no-break spaces; `line` is the physical line
 * where the record starts.
 * fn returns 0 to go on, non-zero to stop (returned as is). Returns NV_OK,
 * or NV_EDATA with the problem in diag. A field with a NUL byte, a control
 * character, invalid UTF-8 or over 1 MiB is an error ("FILE:LINE:COLUMN");
 * its record reaches fn with bad[i] set for each such field (what can be
 * shown of it in fields[i]; bad is NULL for a record without one), so
 * that fn can still note its ids, and the scan goes on and returns
 * NV_EDATA at the end.
 * cols: the columns' names, NULL-terminated, for a file whose header is
 * optional and whose columns are fixed (constraints, capacities); NULL
 * for a file whose header is required and names them: then the first
 * record names the columns in messages.
 * Blank records are skipped; a file with none ("empty file") is an error
 * unless empty_ok. */
typedef int (*nv_record_fn)(void *ud, long line, size_t nfields, char **fields, const uint8_t *bad);
int nv_csv_each(const char *path, nv_encoding enc, int empty_ok, const char *const *cols,
                nv_record_fn fn, void *ud, nv_diag *diag);

/* Edges for `solve`: mentor_id,mentee_id,score[,form] and optionally the
 * contribution columns psych,subjects,goals,needs (what `score` writes;
 * a row may leave them empty; a note when the four miss its score).
 * Columns found by the header's names; a file whose first line is a pair
 * (three or four cells, a number third, no column's name) is read without
 * one, in SPEC §5's order, and a note says so. Every problem is listed: fields
 * that do not parse, scores over NV_EDGE_SCORE_MAX in magnitude, and each
 * repeat of a (mentor, mentee) pair among the rows that parse. */
#define NV_EDGE_SCORE_MAX 1e9 /* the messages say 1e9 */
typedef struct nv_edges {
	size_t n;
	uint32_t *mentor, *mentee; /* ids in mentors, mentees */
	double *score;
	uint32_t *form;            /* ids in forms; all "" when no form column */
	double *psych, *subjects, *goals, *needs; /* NULL when absent; NAN when empty */
	long *line;
	nv_vocab *mentors, *mentees, *forms;
} nv_edges;

int nv_edges_read(const char *path, nv_encoding enc, nv_edges **out,
                  nv_diag *diag); /* NV_OK or NV_EDATA; caller frees */
void nv_edges_free(nv_edges *e);
/* Sorts rows[0..n) (edge indices) by mentor, then mentee (each in the
 * order its id first appears), then row. */
void nv_edges_sort(const nv_edges *e, uint32_t *rows, size_t n);

/* mentor_id,capacity (header optional). capacity[] has one slot per mentor
 * id in `mentors`, preset by the caller; rows naming other ids are notes.
 * A bad row (capacity not a whole number >= 0, a mentor named twice) is an
 * error and NV_EDATA is returned after reading the whole file. With
 * mentors and capacity NULL the file is checked alone (every mentor it
 * names is known), for its problems to be said beside another file's. */
int nv_capacity_read(const char *path, nv_encoding enc, const nv_vocab *mentors,
                     int32_t *capacity, nv_diag *diag);

typedef enum { NV_FORBID = 0, NV_FIX = 1 } nv_constraint_kind;
typedef struct nv_constraint {
	nv_constraint_kind kind;
	char *mentor_id, *mentee_id;
	long line;
} nv_constraint;
typedef struct nv_constraints {
	char *path;
	size_t n;
	nv_constraint *c; /* in file order */
	uint64_t hash;    /* of the kinds and ids in order (nv_hash) */
} nv_constraints;

/* kind,mentor_id,mentee_id (header optional; an empty file, or one of
 * blank lines, holds none). NV_OK or NV_EDATA. */
int nv_constraints_read(const char *path, nv_encoding enc,
                        nv_constraints **out, nv_diag *diag);
void nv_constraints_free(nv_constraints *c);

/* --- writing ------------------------------------------------------------
 * An output set: files written to temporaries beside their final names and
 * renamed into place together at commit, so a run leaves all of them or
 * none of them. */
typedef struct nv_outset nv_outset;

nv_outset *nv_outset_new(void);
/* Creates missing parent folders, opens a temporary for `path`. NULL with
 * a message in diag on failure. The FILE belongs to the set. */
FILE *nv_outset_open(nv_outset *o, const char *path, nv_diag *diag);
/* The temporary's name of f, a file of the set, for a library that writes
 * by name (f itself is then left unwritten): renamed at commit, removed
 * with the set's on failure. */
const char *nv_outset_tmp_path(const nv_outset *o, const FILE *f);
/* Flushes, closes and renames every file. NV_OK, or NV_EFAIL with diag. */
int nv_outset_commit(nv_outset *o, nv_diag *diag);
/* Removes the temporaries of an uncommitted set. NULL is fine. */
void nv_outset_free(nv_outset *o);
/* Makes SIGINT, SIGTERM and SIGHUP (those not ignored) remove every open
 * set's temporaries before they end the process; one that comes during a
 * commit's renames ends it when they are done. Running out of memory
 * removes them too, and SIGXFSZ is ignored (the write fails instead). */
void nv_outset_signals(void);

/* One CSV field (RFC 4180: quoted when it holds , ; " CR LF or TAB). */
void nv_csv_put(FILE *f, const char *s);
/* Writes the UTF-8 character s starts with and returns its length; a
 * byte that starts none (a file name from another system) takes 1 and is
 * written as the lone surrogate \udcXX when json, as U+FFFD otherwise. */
size_t nv_utf8_put(FILE *f, const char *s, int json);
/* A JSON string literal, escaped; a byte that is not UTF-8 is written as
 * the lone surrogate \udc80-\udcff ("surrogateescape"), which the
 * summary reader takes back as the byte. */
void nv_json_put(FILE *f, const char *s);

/* --- synthetic datasets (SPEC §7 generate) ------------------------------ */
typedef enum {
	NV_SCALE_TINY = 0,
	NV_SCALE_SCHOOL,
	NV_SCALE_DISTRICT,
	NV_SCALE_CITY,
	NV_SCALE_REGION
} nv_scale;

typedef struct nv_gen_params {
	nv_scale scale;
	uint64_t seed;
} nv_gen_params;

void nv_gen_params_init(nv_gen_params *p);
/* Writes a participants file (UTF-8, comma, header) and, when constraints
 * is not NULL, a plausible forbid/fix file for it. The same params give
 * the same bytes. NV_OK or NV_EFAIL (write error). */
int nv_generate(const nv_gen_params *p, FILE *participants, FILE *constraints);
int nv_scale_parse(const char *word, nv_scale *out); /* NV_OK / NV_EUSAGE */

#endif
