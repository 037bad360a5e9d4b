/* base.c (assertions, allocation, clocks and the diagnostics list) */
#include "base.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int nv_regular_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static void (*fatal_cleanup)(void);

void nv_on_fatal(void (*cleanup)(void))
{
	fatal_cleanup = cleanup;
}

void nv_assert_fail(const char *expr, const char *file, int line)
{
	fprintf(stderr, "nastavnik: internal error: %s:%d: assertion failed: %s\n",
	        file, line, expr);
	if (fatal_cleanup)
		fatal_cleanup();
	abort(); /* a bug: its core shows where */
}

/* Out of memory: exit 4, not abort's 134 (no bug, only too little memory);
 * _exit, as exit's handlers (OpenBLAS's threads) may need memory too. */
static _Noreturn void out_of_memory(void)
{
	if (fatal_cleanup)
		fatal_cleanup();
	_exit(NV_EFAIL);
}

_Noreturn void nv_out_of_memory(size_t n, const char *what)
{
	fprintf(stderr, "nastavnik: out of memory (%zu bytes for %s)\n", n, what);
	out_of_memory();
}

int nv_address_space_has(size_t n)
{
	/* as a buffer is mapped (a data limit counts writable private maps
	 * only); untouched, it costs no memory */
	void *p = mmap(NULL, n ? n : 1, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return 0;
	munmap(p, n ? n : 1);
	return 1;
}

static void *check(void *p, size_t n)
{
	if (!p && n) {
		fprintf(stderr, "nastavnik: out of memory (%zu bytes)\n", n);
		out_of_memory();
	}
	return p;
}

void *nv_xmalloc(size_t n) { return check(malloc(n ? n : 1), n); }

void *nv_xcalloc(size_t n, size_t size)
{
	return check(calloc(n ? n : 1, size ? size : 1), n * size);
}

void *nv_xrealloc(void *p, size_t n) { return check(realloc(p, n ? n : 1), n); }

void *nv_xreallocarray(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size) {
		fprintf(stderr, "nastavnik: out of memory (%zu x %zu bytes)\n", n, size);
		out_of_memory();
	}
	return nv_xrealloc(p, n * size);
}

char *nv_xstrndup(const char *s, size_t n)
{
	char *r = nv_xmalloc(n + 1);
	memcpy(r, s, n);
	r[n] = '\0';
	return r;
}

char *nv_xstrdup(const char *s) { return nv_xstrndup(s, strlen(s)); }

char *nv_xvasprintf(const char *fmt, va_list ap)
{
	va_list aq;
	va_copy(aq, ap);
	int n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	NV_ASSERT(n >= 0);
	char *s = nv_xmalloc((size_t)n + 1);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

char *nv_xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = nv_xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

char *nv_join_path(const char *dir, const char *file)
{
	size_t n = strlen(dir);
	return nv_xasprintf("%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/", file);
}

char *nv_printable(char *s)
{
	for (char *c = s; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7F)
			*c = '?';
	return s;
}

static uint64_t hash_mix(uint64_t h, uint64_t w)
{
	h ^= w * 0x9E3779B97F4A7C15ull;
	return (h << 27 | h >> 37) * 0xC2B2AE3D27D4EB4Full;
}

void nv_hash_add(nv_hash *s, const void *p, size_t n)
{
	const unsigned char *b = p;
	unsigned k = (unsigned)(s->n % 8); /* bytes in the tail */
	s->n += n;
	/* the tail's word first, then whole words, then the new tail */
	for (; k && n; b++, n--) {
		s->tail |= (uint64_t)*b << (8 * k);
		k = (k + 1) % 8;
		if (!k) {
			s->h = hash_mix(s->h, s->tail);
			s->tail = 0;
		}
	}
	for (; n >= 8; b += 8, n -= 8) {
		uint64_t w;
		memcpy(&w, b, 8); /* the tail's order on a little-endian host */
		s->h = hash_mix(s->h, w);
	}
	for (unsigned i = 0; i < n; i++)
		s->tail |= (uint64_t)b[i] << (8 * i);
}

uint64_t nv_hash_end(const nv_hash *s)
{
	uint64_t h = hash_mix(hash_mix(s->h, s->tail), s->n);
	h ^= h >> 33;
	h *= 0xFF51AFD7ED558CCDull;
	return h ^ h >> 33;
}

double nv_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

size_t nv_peak_rss(void)
{
	struct rusage ru;
	if (getrusage(RUSAGE_SELF, &ru) != 0)
		return 0;
	return (size_t)ru.ru_maxrss * 1024u; /* Linux reports KiB */
}

/* --- diagnostics --- */

typedef struct {
	size_t n, cap;
	char **line;
} lines;

struct nv_diag {
	size_t print_cap;
	int ru; /* the _tr functions' language */
	lines errors, notes;
};

nv_diag *nv_diag_new(size_t print_cap)
{
	nv_diag *d = nv_xcalloc(1, sizeof *d);
	d->print_cap = print_cap;
	return d;
}

static void lines_free(lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->line[i]);
	free(l->line);
}

void nv_diag_free(nv_diag *d)
{
	if (!d)
		return;
	lines_free(&d->errors);
	lines_free(&d->notes);
	free(d);
}

char *nv_diag_line(const char *file, long line, const char *col, const char *tag,
                   const char *msg)
{
	char where[64] = "";
	if (line > 0)
		snprintf(where, sizeof where, ":%ld", line);
	char *full = nv_xasprintf("%s%s%s%s: %s%s", file ? file : "nastavnik",
	                          where, col ? ":" : "", col ? col : "", tag, msg);
	/* one line whatever a header name, id or path holds: a control byte
	 * (a quoted newline, ESC) is shown as '?', as values are */
	nv_printable(full);
	return full;
}

static void add(lines *l, const char *tag, const char *file, long line,
                const char *col, const char *fmt, va_list ap)
{
	char *msg = nv_xvasprintf(fmt, ap);
	char *full = nv_diag_line(file, line, col, tag, msg);
	free(msg);
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 16;
		l->line = nv_xreallocarray(l->line, l->cap, sizeof *l->line);
	}
	l->line[l->n++] = full;
}

void nv_diag_error(nv_diag *d, const char *file, long line, const char *col,
                   const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add(&d->errors, "", file, line, col, fmt, ap);
	va_end(ap);
}

void nv_diag_note(nv_diag *d, const char *file, long line, const char *col,
                  const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add(&d->notes, "note: ", file, line, col, fmt, ap);
	va_end(ap);
}

void nv_diag_note_tagged(nv_diag *d, const char *tag, const char *file, long line, const char *col,
                         const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add(&d->notes, tag, file, line, col, fmt, ap);
	va_end(ap);
}

void nv_diag_set_ru(nv_diag *d, int ru)
{
	d->ru = ru != 0;
}

int nv_diag_ru(const nv_diag *d)
{
	return d && d->ru;
}

const char *nv_errno_text(int err, int ru)
{
	if (ru)
		switch (err) {
		case ENOENT:
			return "файла нет";
		case EACCES:
			return "нет прав на чтение";
		case EISDIR:
			return "это папка, а не файл";
		default:
			break;
		}
	return strerror(err);
}

void nv_diag_error_tr(nv_diag *d, const char *file, long line, const char *col, const char *ru,
                      const char *en, ...)
{
	va_list ap;
	va_start(ap, en);
	add(&d->errors, "", file, line, col, d->ru ? ru : en, ap);
	va_end(ap);
}

void nv_diag_note_tr(nv_diag *d, const char *file, long line, const char *col, const char *ru,
                     const char *en, ...)
{
	va_list ap;
	va_start(ap, en);
	add(&d->notes, d->ru ? "замечание: " : "note: ", file, line, col, d->ru ? ru : en, ap);
	va_end(ap);
}

void nv_diag_note_rest(nv_diag *d, const char *file, long line, size_t count,
                       const char *what)
{
	if (count > NV_NOTES_SHOWN)
		nv_diag_note(d, file, line, NULL, "... and %zu more %s", count - NV_NOTES_SHOWN, what);
}

void nv_diag_note_rest_tr(nv_diag *d, const char *file, long line, size_t count,
                          const char *ru_what, const char *what)
{
	if (count > NV_NOTES_SHOWN)
		nv_diag_note_tr(d, file, line, NULL, "... и ещё %zu — %s", "... and %zu more %s",
		                count - NV_NOTES_SHOWN, d->ru ? ru_what : what);
}

void nv_diag_note_unnamed(nv_diag *d, const char *file, long line, const size_t *cols, size_t n)
{
	if (!n)
		return;
	if (n == 1) {
		nv_diag_note_tr(d, file, line, NULL, "столбец %zu без названия, не читается",
		                "column %zu has no name, not used", cols[0] + 1);
		return;
	}
	/* runs of adjacent columns as FROM-TO; past NV_NOTES_SHOWN runs, "..." */
	char text[256] = "";
	size_t len = 0, runs = 0;
	for (size_t i = 0, j; i < n && len < sizeof text; i = j) {
		for (j = i + 1; j < n && cols[j] == cols[j - 1] + 1; j++)
			;
		if (++runs > NV_NOTES_SHOWN) {
			len += (size_t)snprintf(text + len, sizeof text - len, ", ...");
			break;
		}
		len += (size_t)(j - i > 1 ? snprintf(text + len, sizeof text - len, "%s%zu-%zu",
		                                     i ? ", " : "", cols[i] + 1, cols[j - 1] + 1)
		                          : snprintf(text + len, sizeof text - len, "%s%zu",
		                                     i ? ", " : "", cols[i] + 1));
	}
	nv_diag_note_tr(d, file, line, NULL, "столбцы %s без названия, не читаются",
	                "columns %s have no name, not used", text);
}

size_t nv_diag_errors(const nv_diag *d) { return d->errors.n; }
size_t nv_diag_notes(const nv_diag *d) { return d->notes.n; }

const char *nv_diag_error_at(const nv_diag *d, size_t i)
{
	NV_ASSERT(i < d->errors.n);
	return d->errors.line[i];
}

const char *nv_diag_note_at(const nv_diag *d, size_t i)
{
	NV_ASSERT(i < d->notes.n);
	return d->notes.line[i];
}

static void lines_forget(lines *l, size_t from, size_t to)
{
	NV_ASSERT(from <= to && to <= l->n);
	if (from == to) /* an empty list has no array to move in */
		return;
	for (size_t i = from; i < to; i++)
		free(l->line[i]);
	memmove(l->line + from, l->line + to, (l->n - to) * sizeof *l->line);
	l->n -= to - from;
}

void nv_diag_forget(nv_diag *d, size_t e0, size_t e1, size_t n0, size_t n1)
{
	lines_forget(&d->errors, e0, e1);
	lines_forget(&d->notes, n0, n1);
}

void nv_diag_print(const nv_diag *d, FILE *f)
{
	for (size_t i = 0; i < d->notes.n; i++)
		fprintf(f, "%s\n", d->notes.line[i]);
	size_t shown = d->errors.n;
	if (d->print_cap && shown > d->print_cap)
		shown = d->print_cap;
	for (size_t i = 0; i < shown; i++)
		fprintf(f, "%s\n", d->errors.line[i]);
	if (shown < d->errors.n)
		fprintf(f, "... and %zu more problems\n", d->errors.n - shown);
}

char *nv_lower(const char *s, size_t len, char *buf, size_t size)
{
	if (len >= size)
		return NULL;
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = p[i];
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		else if (c == 0xD0 && i + 1 < len) {
			unsigned char d = p[i + 1];
			if (d >= 0x90 && d <= 0x9F) { /* А..П -> а..п (D0 B0..BF) */
				buf[i] = (char)0xD0;
				buf[++i] = (char)(d + 0x20);
				continue;
			}
			if (d >= 0xA0 && d <= 0xAF) { /* Р..Я -> р..я (D1 80..8F) */
				buf[i] = (char)0xD1;
				buf[++i] = (char)(d - 0x20);
				continue;
			}
			if (d == 0x81) { /* Ё -> ё (D1 91) */
				buf[i] = (char)0xD1;
				buf[++i] = (char)0x91;
				continue;
			}
		}
		buf[i] = (char)c;
	}
	buf[len] = '\0';
	return buf;
}
