/* csvread.c (the streaming CSV scanner under every reader of data/:
 * encoding detection and decoding, delimiter detection, libcsv parsing,
 * physical line numbers, per-field checks) and nv_csv_each */
#include "data.h"

#include <csv.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dataint.h"

#define CHUNK ((size_t)256 * 1024)
#define PIPE_MAX ((size_t)4 << 30) /* bytes of a pipe read whole */
/* ... and of a device (a terminal, /dev/null; /dev/zero never ends) */
#define DEVICE_MAX ((size_t)64 << 20)

/* --- encodings --- */

static const uint16_t cp1251_hi[64] = {
	0x0402, 0x0403, 0x201A, 0x0453, 0x201E, 0x2026, 0x2020, 0x2021,
	0x20AC, 0x2030, 0x0409, 0x2039, 0x040A, 0x040C, 0x040B, 0x040F,
	0x0452, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0xFFFD, 0x2122, 0x0459, 0x203A, 0x045A, 0x045C, 0x045B, 0x045F,
	0x00A0, 0x040E, 0x045E, 0x0408, 0x00A4, 0x0490, 0x00A6, 0x00A7,
	0x0401, 0x00A9, 0x0404, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x0407,
	0x00B0, 0x00B1, 0x0406, 0x0456, 0x0491, 0x00B5, 0x00B6, 0x00B7,
	0x0451, 0x2116, 0x0454, 0x00BB, 0x0458, 0x0405, 0x0455, 0x0457,
};

size_t nv_cp1251_to_utf8(const char *text, size_t n, char *out)
{
	const unsigned char *in = (const unsigned char *)text;
	char *o = out;
	for (size_t i = 0; i < n; i++) {
		unsigned c = in[i];
		if (c < 0x80) {
			*o++ = (char)c;
			continue;
		}
		unsigned u = c >= 0xC0 ? 0x0410 + (c - 0xC0) : cp1251_hi[c - 0x80];
		if (u < 0x800) {
			*o++ = (char)(0xC0 | (u >> 6));
			*o++ = (char)(0x80 | (u & 0x3F));
		} else {
			*o++ = (char)(0xE0 | (u >> 12));
			*o++ = (char)(0x80 | ((u >> 6) & 0x3F));
			*o++ = (char)(0x80 | (u & 0x3F));
		}
	}
	return (size_t)(o - out);
}

/* Streaming UTF-8 validator (RFC 3629: no overlongs, no surrogates). */
typedef struct {
	int need;               /* continuation bytes still expected */
	unsigned char lo, hi;   /* range of the next continuation byte */
	size_t invalid, multi;  /* counts of bad and of good multibyte sequences */
} utf8v;

static void utf8v_feed(utf8v *v, const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		if (!v->need) {
			/* ASCII fast path, 8 bytes at a time */
			while (i + 8 <= n) {
				uint64_t w;
				memcpy(&w, s + i, 8);
				if (w & 0x8080808080808080ull)
					break;
				i += 8;
			}
			if (i >= n)
				break;
		}
		unsigned c = s[i];
		if (v->need) {
			if (c >= v->lo && c <= v->hi) {
				v->lo = 0x80;
				v->hi = 0xBF;
				if (--v->need == 0)
					v->multi++;
				i++;
				continue;
			}
			v->invalid++;
			v->need = 0; /* look at c again as a start byte */
			continue;
		}
		i++;
		if (c < 0x80)
			continue;
		v->lo = 0x80;
		v->hi = 0xBF;
		if (c >= 0xC2 && c <= 0xDF)
			v->need = 1;
		else if (c >= 0xE0 && c <= 0xEF) {
			v->need = 2;
			if (c == 0xE0)
				v->lo = 0xA0;
			else if (c == 0xED)
				v->hi = 0x9F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			v->need = 3;
			if (c == 0xF0)
				v->lo = 0x90;
			else if (c == 0xF4)
				v->hi = 0x8F;
		} else
			v->invalid++;
	}
}

static void utf8v_end(utf8v *v)
{
	if (v->need)
		v->invalid++;
	v->need = 0;
}

void nv_utf8_tally(const char *text, size_t n, size_t *invalid, size_t *multi)
{
	utf8v v = {0};
	utf8v_feed(&v, (const unsigned char *)text, n);
	utf8v_end(&v);
	*invalid += v.invalid;
	*multi += v.multi;
}

nv_encoding nv_encoding_guess(size_t invalid, size_t multi)
{
	/* Mostly valid multibyte sequences: UTF-8 with some broken bytes,
	 * reported as errors. Mostly invalid ones: cp1251, where a capital
	 * letter followed by one of the bytes 0x80-0xBF (ё, «, », №...)
	 * happens to form a valid pair. A tie is UTF-8: its broken bytes are
	 * then errors, where cp1251 would garble its valid letters unsaid. */
	return !invalid || multi >= invalid ? NV_ENC_UTF8 : NV_ENC_CP1251;
}

size_t nv_utf8_bad_at(const char *text, size_t n)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0;
	while (i < n) {
		unsigned c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		int need;
		unsigned lo = 0x80, hi = 0xBF;
		if (c >= 0xC2 && c <= 0xDF)
			need = 1;
		else if (c >= 0xE0 && c <= 0xEF) {
			need = 2;
			if (c == 0xE0)
				lo = 0xA0;
			else if (c == 0xED)
				hi = 0x9F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			need = 3;
			if (c == 0xF0)
				lo = 0x90;
			else if (c == 0xF4)
				hi = 0x8F;
		} else
			return i;
		for (int k = 1; k <= need; k++) {
			if (i + (size_t)k >= n || s[i + k] < lo || s[i + k] > hi)
				return i;
			lo = 0x80;
			hi = 0xBF;
		}
		i += (size_t)need + 1;
	}
	return n;
}

size_t nv_utf8_char(const char *text, size_t n)
{
	unsigned c = n ? (unsigned char)text[0] : 0;
	size_t len = c < 0x80                 ? 1
	             : c >= 0xC2 && c <= 0xDF ? 2
	             : c >= 0xE0 && c <= 0xEF ? 3
	             : c >= 0xF0 && c <= 0xF4 ? 4
	                                      : 0;
	return n && len && len <= n && nv_utf8_bad_at(text, len) == len ? len : 0;
}

/* What a field past NV_FIELD_MAX keeps of itself, in bytes at most: its
 * start, for unmatched.csv to name an id cell by. */
#define LONG_SHOWN 64

/* --- the source: a file read in chunks, or a buffer --- */

typedef struct {
	FILE *f;
	const char *bytes;
	size_t len, pos;
	unsigned char *buf; /* file chunk */
	long long size;     /* of the file, for estimates */
} source;

/* The next chunk; *n = 0 at the end. Returns -1 on a read error. DOS's
 * end-of-file mark (0x1A) as the input's very last byte is left out, with
 * a line break before it or not; anywhere else it is a byte like any. */
static int source_next(source *s, const unsigned char **p, size_t *n)
{
	int last;
	if (!s->f) {
		size_t k = s->len - s->pos;
		if (k > CHUNK)
			k = CHUNK;
		*p = (const unsigned char *)s->bytes + s->pos;
		*n = k;
		s->pos += k;
		last = s->pos == s->len;
	} else {
		*n = fread(s->buf, 1, CHUNK, s->f);
		*p = s->buf;
		if (ferror(s->f))
			return -1;
		int c = *n ? getc(s->f) : EOF;
		last = c == EOF;
		if (!last)
			ungetc(c, s->f);
		if (ferror(s->f))
			return -1;
	}
	if (last && *n && (*p)[*n - 1] == 0x1A)
		(*n)--;
	return 0;
}

static int source_rewind(source *s)
{
	if (!s->f) {
		s->pos = 0;
		return 0;
	}
	return fseek(s->f, 0, SEEK_SET);
}

/* --- the scan state --- */

typedef struct {
	const char *name;
	nv_diag *diag;
	nv_rec_fn fn;
	void *ud;
	int stop;        /* fn's non-zero value */
	int validate;    /* check each field's UTF-8 */
	int header;      /* the first record is a header (nv_scan) */
	long line;       /* physical line of the next byte */
	long rec_line;   /* where the record in progress starts */
	int prev_term;   /* the terminator of the last record or blank line */
	/* the record in progress: fields back to back, NUL-terminated */
	char *text;
	size_t text_len, text_cap;
	size_t nf, fcap;
	size_t *off;
	nv_rec rec;
	size_t records;
	int qstate;    /* quote_check's */
	int quote_bad; /* quote_check stopped the file: no more records */
	/* the first record (the header), for naming a field */
	char *head;
	size_t *head_off, head_n;
} scan;

/* Field f (from 0) of a record, for a message: its column's name in the
 * header, or, in the header or past it, its place. */
static const char *field_name(const scan *s, size_t f, char *buf, size_t sz)
{
	if (s->records && f < s->head_n && s->head[s->head_off[f]])
		return nv_shown(s->head + s->head_off[f], buf, sz);
	snprintf(buf, sz, "field %zu", f + 1);
	return buf;
}

static void rec_reserve(scan *s, size_t nf)
{
	if (nf <= s->fcap)
		return;
	size_t cap = s->fcap ? 2 * s->fcap : 32;
	while (cap < nf)
		cap *= 2;
	s->off = nv_xreallocarray(s->off, cap, sizeof *s->off);
	s->rec.f = nv_xreallocarray(s->rec.f, cap, sizeof *s->rec.f);
	s->rec.len = nv_xreallocarray(s->rec.len, cap, sizeof *s->rec.len);
	s->rec.flag = nv_xreallocarray(s->rec.flag, cap, sizeof *s->rec.flag);
	s->rec.bad = nv_xreallocarray(s->rec.bad, cap, sizeof *s->rec.bad);
	s->fcap = cap;
}

static inline int is_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The bytes of a character at q (n bytes left) that nv_trim drops: a
 * blank, a no-break space (U+00A0), or one of the invisible ones a cell
 * picks up: U+FEFF (the byte order mark of a second file joined to the
 * first, at the start of its lines) and U+200B (zero-width space); 0 for
 * any other. */
static size_t trim_width(const unsigned char *q, size_t n)
{
	if (n >= 1 && is_blank(q[0]))
		return 1;
	if (n >= 2 && q[0] == 0xC2 && q[1] == 0xA0)
		return 2;
	if (n >= 3 && ((q[0] == 0xEF && q[1] == 0xBB && q[2] == 0xBF) ||
	               (q[0] == 0xE2 && q[1] == 0x80 && q[2] == 0x8B)))
		return 3;
	return 0;
}

void nv_trim(const char *s, size_t *b, size_t *e)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = *b, j = *e, k;
	while (i < j && (k = trim_width(p + i, j - i)) > 0)
		i += k;
	/* from the end: the last character's first byte, one to three back */
	for (;;) {
		size_t w = 0;
		for (size_t t = 1; t <= 3 && t <= j - i && !w; t++)
			if (trim_width(p + j - t, t) == t)
				w = t;
		if (!w)
			break;
		j -= w;
	}
	*b = i;
	*e = j;
}

/* text[0..n) into out (room for 3 * n bytes) with U+FFFD for each byte
 * that starts no UTF-8 character and for each control character but TAB,
 * CR and LF (C1 ones too); bytes written. */
static size_t replace_unshown(const unsigned char *text, size_t n, char *out)
{
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		unsigned char c = text[i];
		size_t k = nv_utf8_char((const char *)text + i, n - i);
		int ctrl = (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F ||
		           nv_utf8_c1((const char *)text + i, n - i);
		if (k && !ctrl) {
			memcpy(out + o, text + i, k);
			o += k;
			i += k;
		} else {
			memcpy(out + o, "\xEF\xBF\xBD", 3);
			o += 3;
			i += k ? k : 1;
		}
	}
	return o;
}

static void on_field(void *data, size_t len, void *ud)
{
	scan *s = ud;
	const unsigned char *p = data;
	if (s->stop)
		return;
	if (s->nf == 0)
		s->rec_line = s->line;
	rec_reserve(s, s->nf + 1);
	uint8_t flag = 0;
	size_t bad = 0;
	/* physical lines inside a quoted field, NUL bytes and other control
	 * characters in a record (the first one is the field's problem): only
	 * bytes below 0x20, DEL and 0xC2 (which leads the C1 controls, U+0080
	 * to U+009F) matter, so skip eight at a time while a word has none */
	const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
	size_t i = 0;
	while (i + 8 <= len) {
		uint64_t w, del, c2;
		memcpy(&w, p + i, 8);
		del = w ^ 0x7F * ones;
		c2 = w ^ 0xC2 * ones;
		if (((w - 0x20 * ones) & ~w & high) | ((del - ones) & ~del & high) |
		    ((c2 - ones) & ~c2 & high))
			break;
		i += 8;
	}
	for (; i < len; i++) {
		unsigned char c = p[i];
		if ((unsigned)c - 0x20 < 0x5F || c == '\t') /* printable ASCII */
			continue;
		if (c >= 0x80 && !nv_utf8_c1((const char *)p + i, len - i))
			continue; /* UTF-8 other than a C1 control */
		if (c == '\n')
			s->line++;
		else if (c == '\r') {
			if (i + 1 >= len || p[i + 1] != '\n')
				s->line++;
		} else if (!flag && (!c || s->records || !s->header)) {
			/* a header name keeps its control characters: messages
			 * show them as '?' (nv_diag_line) */
			flag = c ? NV_FLD_CTRL : NV_FLD_NUL;
			bad = i;
		}
	}
	if (len > NV_FIELD_MAX)
		flag = NV_FLD_LONG;
	if (!flag && s->validate) {
		size_t at = nv_utf8_bad_at((const char *)p, len);
		if (at < len) {
			flag = NV_FLD_BADUTF8;
			bad = at;
		}
	}
	/* an unreadable field keeps what can be shown of it (U+FFFD for what
	 * cannot), so that unmatched.csv names a row by its id cell even when
	 * that cell is the row's problem; a field too long, its first
	 * LONG_SHOWN bytes (cut between characters) and an ellipsis */
	int shown = flag != 0, cut = (flag & NV_FLD_LONG) != 0;
	if (cut) {
		len = LONG_SHOWN;
		while (len > 0 && (p[len] & 0xC0) == 0x80)
			len--;
	}
	size_t b = 0, e = len;
	size_t need = s->text_len + (shown ? 3 * len : len) + 3 + 1;
	if (need > s->text_cap) {
		size_t cap = s->text_cap ? 2 * s->text_cap : 4096;
		while (cap < need)
			cap *= 2;
		s->text = nv_xrealloc(s->text, cap);
		s->text_cap = cap;
	}
	char *to = s->text + s->text_len;
	if (shown) {
		e = replace_unshown(p, len, to);
		p = (const unsigned char *)to;
	}
	nv_trim((const char *)p, &b, &e);
	memmove(to, p + b, e - b);
	size_t kept = e - b;
	if (cut) {
		memcpy(to + kept, "\xE2\x80\xA6", 3); /* U+2026 */
		kept += 3;
	}
	s->off[s->nf] = s->text_len;
	s->rec.len[s->nf] = kept;
	s->rec.flag[s->nf] = flag;
	s->rec.bad[s->nf] = bad;
	s->text_len += kept;
	s->text[s->text_len++] = '\0';
	s->nf++;
}

static void on_record(int c, void *ud)
{
	scan *s = ud;
	if (s->stop || s->quote_bad)
		return;
	if (s->nf == 0) { /* a blank line (CSV_REPALL_NL), or the LF of a CRLF */
		if (c == '\n' && s->prev_term == '\r')
			s->prev_term = 0;
		else if (c == '\n' || c == '\r') {
			s->line++;
			s->prev_term = c;
		}
		return;
	}
	int blank = 1;
	for (size_t i = 0; i < s->nf && blank; i++)
		if (s->rec.len[i] || s->rec.flag[i])
			blank = 0;
	if (!blank) {
		if (!s->records) { /* the header */
			s->head = nv_xmalloc(s->text_len);
			memcpy(s->head, s->text, s->text_len);
			s->head_off = nv_xreallocarray(NULL, s->nf, sizeof *s->off);
			memcpy(s->head_off, s->off, s->nf * sizeof *s->off);
			s->head_n = s->nf;
		}
		s->rec.line = s->rec_line;
		s->rec.n = s->nf;
		for (size_t i = 0; i < s->nf; i++)
			s->rec.f[i] = s->text + s->off[i];
		s->records++;
		int rc = s->fn(s->ud, &s->rec);
		if (rc)
			s->stop = rc;
	}
	s->nf = 0;
	s->text_len = 0;
	if (c == '\n' || c == '\r')
		s->line++;
	s->prev_term = c;
}

/* libcsv reads leniently, so that a quote inside an unquoted field (ООО
 * "Ромашка") stays a character; but then it reads text after a closing
 * quote ("a"b) as part of the quoted field, which runs on to the next
 * quote in the file, rows later, merging the rows between into one field.
 * Strict mode would refuse both. quote_check follows the bytes libcsv is
 * given with strict CSV's states, from quote to quote, and returns the
 * offset of the first byte after a closing quote (and spaces) that is
 * neither the delimiter nor the end of a line, or n. */
enum { Q_START, Q_PLAIN, Q_QUOTED, Q_CLOSED, Q_CLOSED_SPACE };

static inline int q_space(unsigned char c, unsigned char delim)
{
	return c == ' ' || (c == '\t' && delim != '\t');
}

static inline int q_ends_field(unsigned char c, unsigned char delim)
{
	return c == delim || c == '\n' || c == '\r';
}

/* Q_START or Q_PLAIN after p[from..to), which holds no quote, from st */
static int q_plain_state(const unsigned char *p, size_t from, size_t to, int st,
                         unsigned char delim)
{
	size_t k = to;
	while (k > from && q_space(p[k - 1], delim))
		k--;
	if (k == from)
		return st;
	return q_ends_field(p[k - 1], delim) ? Q_START : Q_PLAIN;
}

static size_t quote_check(int *state, const unsigned char *p, size_t n, unsigned char delim)
{
	int st = *state;
	size_t i = 0;
	while (i < n) {
		if (st == Q_CLOSED || st == Q_CLOSED_SPACE) {
			unsigned char c = p[i];
			if (c == '"' && st == Q_CLOSED)
				st = Q_QUOTED; /* "" inside the field */
			else if (q_ends_field(c, delim))
				st = Q_START;
			else if (q_space(c, delim))
				st = Q_CLOSED_SPACE;
			else
				return i; /* a quote after spaces too: "a" "b" */
			i++;
			continue;
		}
		const unsigned char *q = memchr(p + i, '"', n - i);
		if (!q) {
			if (st != Q_QUOTED)
				st = q_plain_state(p, i, n, st, delim);
			break;
		}
		size_t j = (size_t)(q - p);
		if (st == Q_QUOTED)
			st = Q_CLOSED;
		else /* a quote opens a field only at its start */
			st = q_plain_state(p, i, j, st, delim) == Q_START ? Q_QUOTED : Q_PLAIN;
		i = j + 1;
	}
	*state = st;
	return n;
}

static int space_only(unsigned char c) { return c == ' '; }

void nv_field_problem(uint8_t flag, size_t bad, char en[NV_FIELD_PROBLEM],
                      char ru[NV_FIELD_PROBLEM])
{
	if (flag & NV_FLD_LONG) {
		snprintf(en, NV_FIELD_PROBLEM, "field longer than %zu bytes", (size_t)NV_FIELD_MAX);
		snprintf(ru, NV_FIELD_PROBLEM, "поле длиннее %zu байт", (size_t)NV_FIELD_MAX);
	} else if (flag & NV_FLD_NUL) {
		snprintf(en, NV_FIELD_PROBLEM, "NUL byte at byte %zu of the field", bad + 1);
		snprintf(ru, NV_FIELD_PROBLEM, "нулевой байт (NUL) в байте %zu поля", bad + 1);
	} else if (flag & NV_FLD_CTRL) {
		snprintf(en, NV_FIELD_PROBLEM, "control character at byte %zu of the field",
		         bad + 1);
		snprintf(ru, NV_FIELD_PROBLEM, "управляющий символ в байте %zu поля", bad + 1);
	} else {
		snprintf(en, NV_FIELD_PROBLEM, "invalid UTF-8 at byte %zu of the field", bad + 1);
		snprintf(ru, NV_FIELD_PROBLEM, "неверный UTF-8 в байте %zu поля", bad + 1);
	}
}

/* The delimiter of the header line, the first that is not blank (the
 * reader skips blank lines before it): the most frequent of , ; TAB
 * outside quotes (on a tie with ',' the other one). */
static char detect_delimiter(const char *p, size_t n)
{
	size_t comma = 0, semi = 0, tab = 0;
	int quoted = 0;
	size_t i = 0;
	while (i < n && (p[i] == ' ' || p[i] == '\r' || p[i] == '\n'))
		i++;
	for (; i < n; i++) {
		char c = p[i];
		if (c == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (c == '\n' || c == '\r')
			break;
		else if (c == ',')
			comma++;
		else if (c == ';')
			semi++;
		else if (c == '\t')
			tab++;
	}
	/* a tie goes to ';' or TAB: a comma may be a decimal comma
	 * (`m1;2,0` in a capacity file without a header), they may not */
	if (semi && semi >= comma && semi >= tab)
		return ';';
	if (tab && tab >= comma && tab > semi)
		return '\t';
	return ',';
}

/* A pipe or a device that gives more than nv_scan reads whole. */
static void too_large(nv_diag *diag, const char *name, int device)
{
	if (device)
		nv_diag_error_tr(diag, name, 0, NULL,
		                 "устройство, дающее больше %zu МиБ: "
		                 "сначала сохраните таблицу в файл",
		                 "a device that gives more than %zu MiB: "
		                 "save the table to a file first",
		                 (size_t)(DEVICE_MAX >> 20));
	else
		nv_diag_error_tr(diag, name, 0, NULL,
		                 "канал больше %zu ГиБ: сначала сохраните его в файл",
		                 "a pipe of more than %zu GiB: save it to a file first",
		                 (size_t)(PIPE_MAX >> 30));
}

int nv_scan(const char *name, const char *path, const char *bytes, size_t len,
            nv_encoding enc, int header, nv_rec_fn fn, void *ud, nv_diag *diag,
            nv_scan_info *info)
{
	source src = {0};
	scan s = {0};
	struct csv_parser csv;
	int csv_ready = 0;
	char *dec = NULL;
	int rc = NV_OK;
	char *whole = NULL; /* a pipe's bytes */
	nv_scan_info local;
	if (!info)
		info = &local;
	memset(info, 0, sizeof *info);

	if (bytes) {
		src.bytes = bytes;
		src.len = len;
	} else {
		src.f = fopen(path, "rb");
		if (!src.f) {
			int err = errno;
			nv_diag_error_tr(diag, name, 0, NULL, "не открывается: %s",
			                 "cannot open: %s", nv_errno_text(err, nv_diag_ru(diag)));
			return NV_EDATA;
		}
		src.buf = nv_xmalloc(CHUNK);
		struct stat st;
		int known = fstat(fileno(src.f), &st) == 0;
		if (known)
			src.size = (long long)st.st_size;
		int device = known && S_ISCHR(st.st_mode);
		if (known && (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode) || device)) {
			/* a pipe (<(iconv ...), /dev/stdin) or a device: read whole,
			 * since the encoding pass reads it twice; up to PIPE_MAX, and
			 * a device, which may never end, up to DEVICE_MAX */
			size_t cap = CHUNK, k, max = device ? DEVICE_MAX : PIPE_MAX;
			whole = nv_xmalloc(cap);
			while ((k = fread(whole + src.len, 1, cap - src.len, src.f)) > 0)
				if ((src.len += k) == cap) {
					if (cap >= max) {
						too_large(diag, name, device);
						rc = NV_EDATA;
						goto done;
					}
					whole = nv_xrealloc(whole, cap *= 2);
				}
			if (ferror(src.f))
				goto read_error;
			fclose(src.f);
			src.f = NULL;
			src.bytes = whole;
		}
	}

	/* Pass 1 (auto only): is it UTF-8, cp1251, or broken UTF-8? */
	int bom = 0, all_valid = 0;
	{
		const unsigned char *p;
		size_t n;
		if (source_next(&src, &p, &n) < 0)
			goto read_error;
		bom = n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF;
		/* what Excel writes as "Unicode text" (UTF-16 with a BOM), or
		 * other wide text: a BOM, or a zero byte in every other place */
		const char *wide = NULL;
		if (n >= 4 && ((p[0] == 0xFF && p[1] == 0xFE && !p[2] && !p[3]) ||
		               (!p[0] && !p[1] && p[2] == 0xFE && p[3] == 0xFF)))
			wide = "UTF-32";
		else if (n >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF)))
			wide = "UTF-16";
		else if (n >= 4 && ((p[0] && !p[1] && p[2] && !p[3]) || (!p[0] && p[1] && !p[2] && p[3])))
			wide = "UTF-16";
		if (wide) {
			nv_diag_error_tr(diag, name, 0, NULL,
			                 "текст %s: сохраните таблицу как CSV, UTF-8 или "
			                 "Windows-1251",
			                 "%s text: save the table as CSV, UTF-8 or Windows-1251",
			                 wide);
			rc = NV_EDATA;
			goto done;
		}
		if (n >= 4 && ((p[0] == 'P' && p[1] == 'K' && p[2] == 3 && p[3] == 4) ||
		               (p[0] == 0xD0 && p[1] == 0xCF && p[2] == 0x11 && p[3] == 0xE0))) {
			nv_diag_error_tr(diag, name, 0, NULL,
			                 "книга Excel, а не CSV: сохраните таблицу как CSV, "
			                 "UTF-8 или Windows-1251",
			                 "an Excel workbook, not CSV: save the table as CSV, "
			                 "UTF-8 or Windows-1251");
			rc = NV_EDATA;
			goto done;
		}
		if (enc == NV_ENC_AUTO && !bom) {
			utf8v v = {0};
			while (n) {
				utf8v_feed(&v, p, n);
				if (source_next(&src, &p, &n) < 0)
					goto read_error;
			}
			utf8v_end(&v);
			enc = nv_encoding_guess(v.invalid, v.multi);
			all_valid = !v.invalid;
		} else if (enc == NV_ENC_AUTO)
			enc = NV_ENC_UTF8;
		if (source_rewind(&src) != 0)
			goto read_error;
	}
	info->encoding = enc;

	/* Pass 2: decode, parse. */
	s.name = name;
	s.diag = diag;
	s.fn = fn;
	s.ud = ud;
	s.validate = enc == NV_ENC_UTF8 && !all_valid;
	s.header = header;
	s.line = 1;
	if (csv_init(&csv, CSV_REPALL_NL) != 0)
		NV_ASSERT(!"csv_init");
	csv_ready = 1;
	csv_set_blk_size(&csv, 64 * 1024); /* libcsv grows field buffers by this */
	if (enc == NV_ENC_CP1251)
		dec = nv_xmalloc(3 * CHUNK);
	int first = 1;
	nv_hash hash = {0};
	for (;;) {
		const unsigned char *p;
		size_t n;
		if (source_next(&src, &p, &n) < 0)
			goto read_error;
		if (!n)
			break;
		info->bytes += n;
		nv_hash_add(&hash, p, n);
		if (first && bom && enc != NV_ENC_CP1251) {
			size_t skip = n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF ? 3 : 0;
			p += skip;
			n -= skip;
		}
		if (enc == NV_ENC_CP1251) {
			n = nv_cp1251_to_utf8((const char *)p, n, dec);
			p = (const unsigned char *)dec;
		}
		if (first) {
			first = 0;
			/* records in the whole input, guessed from the first chunk */
			size_t breaks = 0; /* lines with something on them: blank ones are
			                    * no rows (10 million of them reserved 2 GB) */
			const unsigned char *line = p;
			for (const unsigned char *q = p; (q = memchr(q, '\n', (size_t)(p + n - q)));
			     line = ++q)
				breaks += q - line > (q > line && q[-1] == '\r');
			double total = src.f ? (double)src.size : (double)src.len;
			s.rec.est_records = breaks ? (size_t)(total / (double)n * (double)breaks) : 1;
			s.rec.est_bytes = (size_t)total;
			/* Excel's "sep=;" line names the delimiter; the header follows */
			size_t sep = 0;
			if (n >= 5 && !memcmp(p, "sep=", 4) && p[4] && strchr(",;\t", p[4]) &&
			    (n == 5 || p[5] == '\n' || p[5] == '\r')) {
				sep = 5 + (n > 5) + (n > 6 && p[5] == '\r' && p[6] == '\n');
				info->delimiter = (char)p[4];
				s.line = 2;
			} else {
				info->delimiter = detect_delimiter((const char *)p, n);
			}
			p += sep;
			n -= sep;
			csv_set_delim(&csv, (unsigned char)info->delimiter);
			/* libcsv trims spaces and tabs by itself; with TAB as the
			 * delimiter only spaces may be trimmed */
			if (info->delimiter == '\t')
				csv_set_space_func(&csv, space_only);
		}
		size_t bad = quote_check(&s.qstate, p, n, (unsigned char)info->delimiter);
		if (bad < n) {
			/* the records before it still count; then its field is read
			 * to count its lines, and the file stops */
			if (csv_parse(&csv, p, bad, on_field, on_record, &s) == bad && !s.stop) {
				s.quote_bad = 1;
				csv_fini(&csv, on_field, on_record, &s);
				/* what follows the quote, to the field's end (24 bytes at
				 * most, cut between characters) */
				unsigned char delim = (unsigned char)info->delimiter;
				size_t e = bad + 1;
				while (e < n && e - bad < 24 && !q_ends_field(p[e], delim) && p[e] != '"')
					e++;
				while (e < n && e > bad + 1 && (p[e] & 0xC0) == 0x80)
					e--;
				char *after = nv_xstrndup((const char *)p + bad, e - bad),
				     shown[64];
				char col[64];
				nv_diag_error_tr(
				        diag, name, s.rec_line,
				        field_name(&s, s.nf ? s.nf - 1 : 0, col, sizeof col),
				        "текст после закрывающей кавычки («%s»): поле в кавычках "
				        "кончается закрывающей кавычкой, а кавычка внутри него "
				        "пишется дважды (\"a\"\"b\")",
				        "text after the closing quote ('%s'): a quoted field ends "
				        "at its closing quote, and a quote inside it is written "
				        "twice (\"a\"\"b\")",
				        nv_shown(after, shown, sizeof shown));
				free(after);
			}
			if (!s.stop)
				rc = NV_EDATA;
			goto stopped;
		}
		if (csv_parse(&csv, p, n, on_field, on_record, &s) != n) {
			nv_diag_error_tr(diag, name, s.line, NULL, "не разбирается как CSV: %s",
			                 "cannot parse: %s", csv_strerror(csv_error(&csv)));
			rc = NV_EDATA;
			goto done;
		}
		if (s.stop)
			break;
	}
	info->hash = nv_hash_end(&hash);
	if (first) {
		info->delimiter = ','; /* no bytes: no records */
		goto done;
	}
	if (!s.stop) {
		long start = s.nf ? s.rec_line : s.line;
		/* lenient while parsing, but a quote still open at the end is an
		 * error (libcsv checks that only in strict mode) */
		csv_set_opts(&csv, CSV_REPALL_NL | CSV_STRICT | CSV_STRICT_FINI);
		if (csv_fini(&csv, on_field, on_record, &s) != 0) {
			/* the field left open is the one after those read */
			char col[64];
			nv_diag_error_tr(diag, name, start, field_name(&s, s.nf, col, sizeof col),
			                 "кавычка не закрыта: поле в кавычках тянется до конца "
			                 "файла (кавычку забыли закрыть)",
			                 "unterminated quote: the quoted field runs to the end of "
			                 "the file (a quote left open)");
			rc = NV_EDATA;
			goto done;
		}
	}
stopped:
	if (s.stop)
		rc = s.stop;
	goto done;

read_error:
	nv_diag_error_tr(diag, name, 0, NULL, "не читается: %s", "cannot read: %s",
	                 nv_errno_text(errno, nv_diag_ru(diag)));
	rc = NV_EDATA;
done:
	info->records = s.records;
	if (csv_ready)
		csv_free(&csv);
	if (src.f)
		fclose(src.f);
	free(src.buf);
	free(whole);
	free(dec);
	free(s.text);
	free(s.off);
	free(s.head);
	free(s.head_off);
	free(s.rec.f);
	free(s.rec.len);
	free(s.rec.flag);
	free(s.rec.bad);
	return rc;
}

/* --- small helpers --- */

static const double pow10_exact[23] = {
	1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

static int word_ci(const char *s, size_t len, const char *w)
{
	size_t n = strlen(w);
	if (len != n)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != w[i])
			return 0;
	}
	return 1;
}

int nv_parse_number(const char *s, size_t len, double *out)
{
	size_t i = 0;
	int neg = 0;
	if (i < len && (s[i] == '+' || s[i] == '-')) {
		neg = s[i] == '-';
		i++;
	}
	if (i < len && (s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z' &&
	    (word_ci(s + i, len - i, "nan") || word_ci(s + i, len - i, "inf") ||
	     word_ci(s + i, len - i, "infinity")))
		return 2;
	uint64_t m = 0;
	size_t digits = 0, frac = 0, sig = 0;
	int exact = 1;
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++, digits++) {
		if (m || s[i] != '0')
			sig++;
		if (sig > 18)
			exact = 0;
		else
			m = m * 10 + (uint64_t)(s[i] - '0');
	}
	size_t dot = len;
	if (i < len && (s[i] == '.' || s[i] == ',')) {
		dot = i++;
		for (; i < len && s[i] >= '0' && s[i] <= '9'; i++, digits++, frac++) {
			if (m || s[i] != '0')
				sig++;
			if (sig > 18)
				exact = 0;
			else
				m = m * 10 + (uint64_t)(s[i] - '0');
		}
	}
	if (!digits)
		return 1;
	int has_exp = 0;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		has_exp = 1;
		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			i++;
		size_t ed = 0;
		for (; i < len && s[i] >= '0' && s[i] <= '9'; i++)
			ed++;
		if (!ed)
			return 1;
	}
	if (i != len)
		return 1;
	double v;
	if (exact && !has_exp && frac <= 22 && m <= (1ull << 53)) {
		v = (double)m / pow10_exact[frac]; /* both exact: correctly rounded */
		if (neg)
			v = -v;
	} else {
		char small[128];
		char *buf = len < sizeof small ? small : nv_xmalloc(len + 1);
		memcpy(buf, s, len);
		buf[len] = '\0';
		if (dot < len)
			buf[dot] = '.';
		v = strtod(buf, NULL);
		if (buf != small)
			free(buf);
	}
	if (!isfinite(v))
		return 2;
	*out = v;
	return 0;
}

const char *nv_shown(const char *s, char *buf, size_t size)
{
	NV_ASSERT(size >= 64);
	size_t n = strlen(s), o = 0, limit = 40;
	for (size_t i = 0; i < n && o < limit; i++) {
		unsigned char c = (unsigned char)s[i];
		buf[o++] = c < 0x20 || c == 0x7F ? '?' : (char)c;
	}
	if (o < n) {
		while (o > 0 && ((unsigned char)s[o] & 0xC0) == 0x80)
			o--; /* do not cut a character in two */
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o] = '\0';
	return buf;
}

/* --- nv_csv_each --- */

typedef struct {
	nv_record_fn fn;
	void *ud;
	const char *name;
	nv_diag *diag;
	const char *const *cols; /* the caller's names, or NULL */
	size_t ncols;
	char **header; /* the first record's fields, for column names */
	size_t nheader;
	int errors;
} each_state;

/* Column i's name in a message: the caller's; else the first record's
 * when it looks like a header (the headers of SPEC §5 are words of
 * letters and '_'); else "field N". */
static const char *column_name(const each_state *e, size_t i, char buf[32])
{
	const char *col = NULL;
	if (e->cols)
		col = i < e->ncols ? e->cols[i] : NULL;
	else if (i < e->nheader) {
		col = e->header[i];
		for (const char *q = col; *q; q++)
			if (!((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || *q == '_')) {
				col = NULL;
				break;
			}
	}
	if (!col || !*col) {
		snprintf(buf, 32, "field %zu", i + 1);
		col = buf;
	}
	return col;
}

static int each_rec(void *ud, const nv_rec *r)
{
	each_state *e = ud;
	int bad = 0;
	for (size_t i = 0; i < r->n; i++) {
		if (!r->flag[i])
			continue;
		bad = 1;
		char cbuf[32], en[NV_FIELD_PROBLEM], ru[NV_FIELD_PROBLEM];
		nv_field_problem(r->flag[i], r->bad[i], en, ru);
		nv_diag_error(e->diag, e->name, r->line, column_name(e, i, cbuf), "%s", en);
		e->errors++;
	}
	if (!e->cols && !e->header) {
		e->nheader = r->n;
		e->header = nv_xcalloc(r->n, sizeof *e->header);
		for (size_t i = 0; i < r->n; i++)
			e->header[i] = nv_xstrndup(r->f[i], r->len[i]);
	}
	return e->fn(e->ud, r->line, r->n, r->f, bad ? r->flag : NULL);
}

int nv_csv_each(const char *path, nv_encoding enc, int empty_ok, const char *const *cols,
                nv_record_fn fn, void *ud, nv_diag *diag)
{
	each_state e = {fn, ud, path, diag, cols, 0, NULL, 0, 0};
	while (cols && cols[e.ncols])
		e.ncols++;
	nv_scan_info info;
	int rc = nv_scan(path, path, NULL, 0, enc, !cols, each_rec, &e, diag, &info);
	if (rc == NV_OK && !info.records && !empty_ok) {
		nv_diag_error(diag, path, 0, NULL, "empty file");
		rc = NV_EDATA;
	}
	for (size_t i = 0; i < e.nheader; i++)
		free(e.header[i]);
	free(e.header);
	if (rc == NV_OK && e.errors)
		rc = NV_EDATA;
	return rc;
}
