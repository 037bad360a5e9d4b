/* dataint.h — private to data/: the string arena and the streaming CSV
 * scanner that every reader of data/ is built on. */
#ifndef NV_DATAINT_H
#define NV_DATAINT_H

#include "data.h"

/* --- string arena: many small strings, freed all at once --- */
typedef struct nv_arena_block {
	struct nv_arena_block *next;
	char data[];
} nv_arena_block;

typedef struct nv_arena {
	nv_arena_block *head;
	char *base;
	size_t used, size;
} nv_arena;

char *nv_arena_put(nv_arena *a, const char *s, size_t len); /* NUL-terminated copy */
void nv_arena_done(nv_arena *a);

/* Room for n names without growing (a hint; ids are unchanged). */
void nv_vocab_reserve(nv_vocab *v, size_t n);
/* The hash nv_vocab_intern uses; a prefetch of its slot, for callers that
 * can do other work before interning (a big vocabulary misses the cache). */
uint32_t nv_vocab_hash(const char *s, size_t len);
void nv_vocab_prefetch(const nv_vocab *v, uint32_t h);
uint32_t nv_vocab_intern_hashed(nv_vocab *v, const char *s, size_t len, uint32_t h);

/* --- streaming scanner --- */
#define NV_FIELD_MAX ((size_t)1 << 20) /* longer fields are errors */

enum {
	NV_FLD_NUL = 1,     /* held a NUL byte */
	NV_FLD_BADUTF8 = 2, /* invalid UTF-8 */
	NV_FLD_LONG = 4,   /* over NV_FIELD_MAX bytes (the field reads as empty) */
	NV_FLD_CTRL = 8    /* a control character other than TAB, CR, LF (ESC
	                      would reach a terminal and the outputs) */
};
/* A field with NUL, BADUTF8 or CTRL reads as its text with U+FFFD for the
 * bytes at fault: only for naming its row in unmatched.csv; readers take
 * no value from a flagged field. */

/* A field's NV_FLD_* problem (bad: nv_rec's offset) as its message, in
 * English and in Russian: "NUL byte at byte 3 of the field". */
enum { NV_FIELD_PROBLEM = 96 };
void nv_field_problem(uint8_t flag, size_t bad, char en[NV_FIELD_PROBLEM],
                      char ru[NV_FIELD_PROBLEM]);

/* Narrows [*b, *e) of s to leave out the blanks a value is trimmed of at
 * either end: spaces, tabs, line breaks (a quoted cell may begin or end
 * with one: Excel's Alt+Enter) and no-break spaces (U+00A0, which Excel
 * leaves around numbers and words). */
void nv_trim(const char *s, size_t *b, size_t *e);

/* One record: fields decoded to UTF-8, trimmed as nv_trim says,
 * NUL-terminated; valid only during the callback. */
typedef struct nv_rec {
	long line;     /* physical line where the record starts */
	size_t n;      /* fields */
	char **f;
	size_t *len;
	uint8_t *flag; /* NV_FLD_* bits */
	size_t *bad;   /* NV_FLD_BADUTF8: byte offset of the first bad byte;
	                  NV_FLD_NUL: offset of the NUL; NV_FLD_CTRL: of the
	                  control character */
	size_t est_bytes;   /* the whole input's size, for the same hint */
	size_t est_records; /* estimate of the records in the whole input, from
	                       the line breaks of its first chunk (a hint) */
} nv_rec;

typedef int (*nv_rec_fn)(void *ud, const nv_rec *r);

typedef struct nv_scan_info {
	nv_encoding encoding; /* the one used */
	char delimiter;
	unsigned long long bytes; /* read from the source */
	size_t records;           /* delivered, header included */
	uint64_t hash;            /* of the bytes read (nv_hash), when read whole */
} nv_scan_info;

/* Reads `path` (bytes == NULL) or bytes[0..len) as CSV, calling fn for each
 * non-blank record. Encoding and delimiter are detected as SPEC §1 says
 * unless enc forces one. Returns NV_OK (info->records 0 for a source with
 * no record: whether that is an error is the caller's to say); NV_EDATA
 * after putting the problem in diag (cannot open, read error, unterminated
 * quote, text after a closing quote: the records before it delivered); or
 * fn's non-zero value when it stopped the scan. header: the first record
 * is a header, whose names keep their control characters (messages show
 * them as '?'); else it is data, checked as every record is. */
int nv_scan(const char *name, const char *path, const char *bytes, size_t len,
            nv_encoding enc, int header, nv_rec_fn fn, void *ud, nv_diag *diag,
            nv_scan_info *info);

/* Number syntax of SPEC §1 (decimal point or comma, optional exponent).
 * Returns 0 and sets *out; 1 when it is not a number; 2 when it is not
 * finite (nan, inf, overflow). */
int nv_parse_number(const char *s, size_t len, double *out);

#endif
