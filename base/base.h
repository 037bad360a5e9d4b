/* base.h — what every folder of nastavnik shares: exit codes, always-on
 * assertions, allocation that exits with 4 on exhaustion, timers, and the
 * diagnostics list that collects "FILE:LINE:COLUMN: message" lines.
 * It knows nothing of people, files or solvers. */
#ifndef NV_BASE_H
#define NV_BASE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Return codes of every fallible function, and the process exit codes
 * (SPEC §7): 0 done, 1 usage, 2 bad input data, 3 infeasible constraints,
 * 4 internal or solver failure. */
enum { NV_OK = 0, NV_EUSAGE = 1, NV_EDATA = 2, NV_EINFEAS = 3, NV_EFAIL = 4 };

/* A broken invariant or a bad argument is a bug: print where, then abort. */
#define NV_ASSERT(e) ((e) ? (void)0 : nv_assert_fail(#e, __FILE__, __LINE__))
_Noreturn void nv_assert_fail(const char *expr, const char *file, int line);

/* Whether path names a regular file (not a folder, device or FIFO, which
 * a read could wait on forever). */
int nv_regular_file(const char *path);

/* Allocation never returns NULL: on exhaustion it prints "out of memory"
 * and ends the process with NV_EFAIL (SPEC §7's 4), after the cleanup
 * nv_on_fatal set (an assertion's abort runs it too). */
void nv_on_fatal(void (*cleanup)(void));
void *nv_xmalloc(size_t n);
void *nv_xcalloc(size_t n, size_t size);
void *nv_xrealloc(void *p, size_t n);
void *nv_xreallocarray(void *p, size_t n, size_t size); /* checks n*size */
char *nv_xstrdup(const char *s);
char *nv_xstrndup(const char *s, size_t n);
/* Whether n more bytes of memory can be mapped now (under ulimit -v or
 * -d): mapped, not touched, and given back. */
int nv_address_space_has(size_t n);
/* The same end as an allocation that fails: "out of memory (N bytes for
 * what)", the cleanup, exit NV_EFAIL. */
_Noreturn void nv_out_of_memory(size_t n, const char *what);
/* printf into a new string; caller frees. */
char *nv_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *nv_xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
/* dir/file, one '/' between (none added after a dir that ends in one);
 * caller frees. */
char *nv_join_path(const char *dir, const char *file);
/* s in place, control bytes (below 0x20, DEL) as '?', so that a message
 * line shows it on the one line; returns s. */
char *nv_printable(char *s);
/* Lowercases ASCII and Cyrillic А–Я, Ё of s into buf (size bytes);
 * returns buf, or NULL when it does not fit. */
char *nv_lower(const char *s, size_t len, char *buf, size_t size);
/* "s" after a count other than 1, for an English noun: "%zu node%s" */
static inline const char *nv_s(size_t n)
{
	return n == 1 ? "" : "s";
}

double nv_now(void);      /* monotonic clock, seconds */
size_t nv_peak_rss(void); /* peak resident set of this process, bytes */

/* A 64-bit fingerprint of bytes fed in pieces of any size (the same bytes
 * give the same value however they are cut): to tell whether an input
 * changed, not a cryptographic hash. Start from nv_hash s = {0}. */
typedef struct nv_hash {
	uint64_t h, tail; /* tail: the bytes past the last whole word */
	uint64_t n;       /* bytes fed */
} nv_hash;
void nv_hash_add(nv_hash *s, const void *p, size_t n);
uint64_t nv_hash_end(const nv_hash *s);

/* --- diagnostics --------------------------------------------------------
 * An ordered list of problems and notes about the inputs. Each entry is one
 * line "FILE:LINE:COLUMN: message" (LINE omitted when 0, COLUMN when NULL;
 * control bytes anywhere in it, such as a header name's newline, become '?').
 * Notes read "FILE:LINE:COLUMN: note: message". Errors and notes are kept apart; printing stops after `print_cap` errors
 * and says how many more there were. */
typedef struct nv_diag nv_diag;

nv_diag *nv_diag_new(size_t print_cap); /* print_cap 0 = no cap */
void nv_diag_free(nv_diag *d);          /* NULL is fine */
void nv_diag_error(nv_diag *d, const char *file, long line, const char *col,
                   const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void nv_diag_note(nv_diag *d, const char *file, long line, const char *col,
                  const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* The language of the lines a diag makes with the _tr functions below:
 * Russian (ru 1: their notes tagged "замечание: ") or English (the
 * default). The other functions make English lines either way. */
void nv_diag_set_ru(nv_diag *d, int ru);
int nv_diag_ru(const nv_diag *d); /* 0 for NULL */
/* Why a file cannot be opened or read, for a message: strerror(err), or
 * in Russian (ru) the usual reasons ("файла нет") and strerror's text for
 * the rest. */
const char *nv_errno_text(int err, int ru);
/* An error or note in the diag's language: ru and en are formats that
 * take the same arguments in the same order (a "%.0s" skips one). */
void nv_diag_error_tr(nv_diag *d, const char *file, long line, const char *col, const char *ru,
                      const char *en, ...) __attribute__((format(printf, 6, 7)));
void nv_diag_note_tr(nv_diag *d, const char *file, long line, const char *col, const char *ru,
                     const char *en, ...) __attribute__((format(printf, 6, 7)));
/* A note with its own tag in place of "note: " (a note in another
 * language: "замечание: "). */
void nv_diag_note_tagged(nv_diag *d, const char *tag, const char *file, long line, const char *col,
                         const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* A note that can repeat once per column or per row is made only for the
 * first NV_NOTES_SHOWN of its kind: count them all, then nv_diag_note_rest
 * adds one "... and N more WHAT" (nothing when count <= NV_NOTES_SHOWN). */
enum { NV_NOTES_SHOWN = 10 };
void nv_diag_note_rest(nv_diag *d, const char *file, long line, size_t count,
                       const char *what);
/* The same in the diag's language: "... и ещё N — RU_WHAT" in Russian. */
void nv_diag_note_rest_tr(nv_diag *d, const char *file, long line, size_t count,
                          const char *ru_what, const char *what);
/* One note for the header's columns without a name (Excel writes them
 * for formatted cells past the data): "column 4 has no name, not used",
 * "columns 4, 10-29 have no name, not used" (in the diag's language).
 * cols: their 0-based indices, ascending; nothing when n is 0. */
void nv_diag_note_unnamed(nv_diag *d, const char *file, long line, const size_t *cols, size_t n);
size_t nv_diag_errors(const nv_diag *d);
size_t nv_diag_notes(const nv_diag *d);
/* The i-th error (0-based) as a full line, without newline; valid until
 * the diag is freed. */
const char *nv_diag_error_at(const nv_diag *d, size_t i);
const char *nv_diag_note_at(const nv_diag *d, size_t i);
/* One such line, as nv_diag_error and nv_diag_note make it ("FILE:LINE:
 * COLUMN: TAGmessage"), for a message kept elsewhere; malloc'd. */
char *nv_diag_line(const char *file, long line, const char *col, const char *tag,
                   const char *msg);
/* Forgets errors [e0, e1) and notes [n0, n1) (counts taken around a step
 * whose messages were said already); later ones move up. */
void nv_diag_forget(nv_diag *d, size_t e0, size_t e1, size_t n0, size_t n1);
/* Prints the notes, then the errors (capped), one per line. */
void nv_diag_print(const nv_diag *d, FILE *f);

#endif
