/* config.c (the defaults, the six built-in forms of SPEC §2 and the INI
 * config of SPEC §5, parsed with inih) */
#include "engine.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* --- defaults ------------------------------------------------------------- */

static const nv_range any_range = {-INFINITY, INFINITY};

/* The methodology's titles of the built-in forms (seed 001). */
static const struct {
	const char *name, *ru;
} form_ru[] = {
        {"student-student", "ученик – ученик"},
        {"teacher-teacher", "учитель – учитель"},
        {"teacher-student", "учитель – ученик"},
        {"college-student", "студент – ученик"},
        {"employer-student", "работодатель – ученик"},
        {"employer-college", "работодатель – студент"},
};

/* f->name, and f->title_ru from it */
static void form_name(nv_form *f, const char *name)
{
	snprintf(f->name, sizeof f->name, "%s", name);
	const char *ru = name;
	for (size_t i = 0; i < sizeof form_ru / sizeof *form_ru; i++)
		if (!strcmp(name, form_ru[i].name))
			ru = form_ru[i].ru;
	snprintf(f->title_ru, sizeof f->title_ru, "«%s»", ru);
}

static void form_set(nv_form *f, const char *name, int mentor_cat,
                     double mentor_age_lo, double mentor_age_hi, int mentee_cat,
                     double mentee_age_lo, double mentee_age_hi)
{
	memset(f, 0, sizeof *f);
	form_name(f, name);
	f->builtin = 1;
	f->mentor_category = mentor_cat;
	f->mentee_category = mentee_cat;
	f->mentor_age = (nv_range){mentor_age_lo, mentor_age_hi};
	f->mentee_age = (nv_range){mentee_age_lo, mentee_age_hi};
	f->mentor_exp = any_range;
	f->mentee_exp = any_range;
	f->min_pairs = f->max_pairs = -1;
}

void nv_config_init(nv_config *c)
{
	const double I = INFINITY;
	memset(c, 0, sizeof *c);
	c->w = (nv_weights){0.35, 0.25, 0.15, 0.25};
	c->min_score = 0;
	c->objective = NV_OBJ_COVERAGE;
	c->one_form_per_mentor = 1;
	nv_form *f = c->form;
	form_set(&f[0], "student-student", NV_STUDENT, 15, 18, NV_STUDENT, 10, 18);
	f[0].same_org = 1;
	form_set(&f[1], "teacher-teacher", NV_TEACHER, -I, I, NV_TEACHER, -I, I);
	f[1].mentor_exp = (nv_range){3, I};
	f[1].mentee_exp = (nv_range){0, 3};
	f[1].same_org = 1;
	form_set(&f[2], "teacher-student", NV_TEACHER, -I, I, NV_STUDENT, 10, 18);
	f[2].same_org = 1;
	form_set(&f[3], "college-student", NV_COLLEGE_STUDENT, -I, I, NV_STUDENT, 10, 18);
	f[3].same_district = 1;
	form_set(&f[4], "employer-student", NV_EMPLOYER, -I, I, NV_STUDENT, 14, 18);
	f[4].same_district = 1;
	form_set(&f[5], "employer-college", NV_EMPLOYER, -I, I, NV_COLLEGE_STUDENT, -I, I);
	f[5].same_district = 1;
	c->n_forms = 6;
	c->path = NULL;
}

void nv_config_done(nv_config *c)
{
	if (!c)
		return;
	free(c->path);
	c->path = NULL;
}

/* A form's Russian title as a curator may type it, into key: lowercased,
 * without spaces and guillemets, every dash a hyphen, so that "Ученик —
 * ученик", "ученик-ученик" and «ученик – ученик» are one. 0 when it does
 * not fit. */
static int title_key(const char *s, char *key, size_t size)
{
	char low[2 * NV_FORM_NAME_MAX];
	if (!nv_lower(s, strlen(s), low, sizeof low))
		return 0;
	static const char *const dash[] = {"\u2010", "\u2011", "\u2012",
	                                   "\u2013", "\u2014", "\u2212"};
	size_t o = 0;
	for (const char *p = low; *p;) {
		if (*p == ' ' || *p == '\t') {
			p++;
			continue;
		}
		if (!strncmp(p, "«", 2) || !strncmp(p, "»", 2)) {
			p += 2;
			continue;
		}
		if (o + 1 >= size)
			return 0;
		int is_dash = 0;
		for (size_t k = 0; k < sizeof dash / sizeof *dash; k++)
			is_dash |= !strncmp(p, dash[k], 3);
		key[o++] = is_dash ? '-' : *p;
		p += is_dash ? 3 : 1;
	}
	key[o] = 0;
	return 1;
}

int nv_config_form(const nv_config *c, const char *name)
{
	for (size_t i = 0; i < c->n_forms; i++)
		if (!strcmp(c->form[i].name, name))
			return (int)i;
	/* a built-in form by its Russian title, as the outputs write it */
	char key[2 * NV_FORM_NAME_MAX], title[2 * NV_FORM_NAME_MAX];
	if (!strpbrk(name, "\xD0\xD1"))
		return -1; /* no Cyrillic: names are compared exactly */
	if (!title_key(name, key, sizeof key))
		return -1;
	for (size_t i = 0; i < c->n_forms; i++)
		if (c->form[i].builtin && title_key(c->form[i].title_ru, title, sizeof title) &&
		    !strcmp(key, title))
			return (int)i;
	return -1;
}

/* The first form other than index skip whose name is name in other letter
 * case, or -1. */
static int case_twin(const nv_config *c, const char *name, size_t skip)
{
	for (size_t i = 0; i < c->n_forms; i++)
		if (i != skip && !strcasecmp(c->form[i].name, name) &&
		    strcmp(c->form[i].name, name))
			return (int)i;
	return -1;
}

int nv_config_form_twin(const nv_config *c, const char *name)
{
	return case_twin(c, name, SIZE_MAX);
}

/* A hint for a form name that no form has but one has in other letter case
 * (form names are compared exactly, as SPEC compares tags): "; names are
 * compared exactly: did you mean 'x'?" (in Russian when ru), or "". */
static const char *case_hint(const nv_config *c, const char *name, size_t skip, int ru, char *buf,
                             size_t size)
{
	int i = case_twin(c, name, skip);
	buf[0] = 0;
	if (i >= 0)
		snprintf(buf, size,
		         ru ? "; названия сравниваются точно: может быть, «%s»?"
		            : "; names are compared exactly: did you mean '%s'?",
		         c->form[i].name);
	return buf;
}

/* --- INI loading (private) -------------------------------------------------
 * inih splits keys from values and calls the handler once per key. Our
 * reader hands it one physical line at a time (ended by LF, CRLF or a lone
 * CR), already checked: a line inih would misread (a NUL byte or another
 * control character, bytes that are not UTF-8, a key after a section
 * header, text that is neither, a line longer than inih's buffer) is
 * reported here with its line and reaches inih blank, so every such line
 * is reported, not only the first. Lines reach inih without leading spaces
 * (an indented key is a key, not a value continuing the one before) and
 * without comments (from ';' or '#' to the end of the line; on a header,
 * after its ']'). The reader keeps the section itself (SECT_*): inih cuts
 * section names at 50 bytes and does not trim them, and never reports a
 * section without keys. The file is read whole first: it is UTF-8, or
 * Windows-1251 as the participants file may be (config_encoding), and then
 * read as its UTF-8. */

enum { LINE_KEEP = 1 << 16 }; /* bytes of a line kept; past them it is too long */
enum { CONFIG_MAX = 16 << 20 }; /* bytes of a config at most */

/* The section the keys that follow go to, as the reader saw its header
 * (inih's own section name is cut at 50 bytes and untrimmed). */
enum { SECT_NONE, SECT_WEIGHTS, SECT_MATCH, SECT_FORM, SECT_BAD };

/* A key given once: where, so that a second one is an error. */
typedef struct key_seen {
	int sect;       /* SECT_WEIGHTS, SECT_MATCH, or SECT_FORM + form */
	char name[24];  /* lower case; longer names are no key of ours */
	long line;
} key_seen;

typedef struct form_seen {
	long max_line;           /* line of the last min/max_pairs key */
	int mentor_cat, mentee_cat; /* given in the file */
} form_seen;

typedef struct loader {
	nv_config *c;
	nv_diag *d;
	const char *path;
	const char *text; /* the file, in UTF-8 */
	size_t size, pos; /* its bytes, and where the next line starts */
	long line;        /* physical line of the text inih is looking at */
	char *buf;        /* that line as read, NUL-terminated */
	size_t len, cap;  /* bytes kept in buf (at most LINE_KEEP), and room */
	int too_long;     /* the line had more than LINE_KEEP bytes */
	int sect;         /* SECT_*: where the keys that follow go */
	size_t sect_form; /* the form, for SECT_FORM */
	key_seen *keys;   /* the sections' keys given so far */
	size_t n_keys, cap_keys;
	key_seen key_next; /* the key being read, for key_keep */
	long weights_line; /* 0 when no [weights] section */
	form_seen seen[NV_MAX_FORMS];
	int overflow_reported;
} loader;

static void lerr(loader *L, long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void lerr(loader *L, long line, const char *fmt, ...)
{
	/* the whole message: a fixed buffer cut a long one before what is
	 * wrong, and could cut it inside a character */
	va_list ap;
	va_start(ap, fmt);
	char *msg = nv_xvasprintf(fmt, ap);
	va_end(ap);
	nv_diag_error(L->d, L->path, line, NULL, "%s", msg);
	free(msg);
}

static int is_space(char c)
{
	return c == ' ' || c == '\t';
}

static const char *skip_space(const char *s)
{
	while (is_space(*s))
		s++;
	return s;
}

/* The form a "form NAME" section names, created when new; NULL (with an
 * error) when it cannot be. */
static nv_form *section_form(loader *L, const char *section)
{
	long line = L->line;
	const char *name = skip_space(section + 4);
	int i = nv_config_form(L->c, name);
	if (i >= 0)
		return &L->c->form[i];
	if (!*name) {
		lerr(L, line, "[form] needs a name: [form NAME]");
		return NULL;
	}
	char shown[80]; /* a section name may run to the line's 64 KiB */
	if (strlen(name) >= NV_FORM_NAME_MAX) {
		lerr(L, line, "form name '%s' is longer than %d bytes",
		     nv_shown(name, shown, sizeof shown), NV_FORM_NAME_MAX - 1);
		return NULL;
	}
	if (strpbrk(name, "|,;")) {
		lerr(L, line,
		     "form name '%s' must not hold '|', ',' or ';' (they separate names in the "
		     "forms column)",
		     name);
		return NULL;
	}
	if (L->c->n_forms >= NV_MAX_FORMS) {
		if (!L->overflow_reported) {
			lerr(L, line, "too many forms (at most %d)", NV_MAX_FORMS);
			L->overflow_reported = 1;
		}
		return NULL;
	}
	nv_form *f = &L->c->form[L->c->n_forms];
	memset(f, 0, sizeof *f);
	form_name(f, name);
	f->builtin = 0;
	f->mentor_category = f->mentee_category = -1;
	f->mentor_age = f->mentee_age = any_range;
	f->mentor_exp = f->mentee_exp = any_range;
	f->min_pairs = f->max_pairs = -1;
	L->c->n_forms++;
	return f;
}

static int is_form_section(const char *s)
{
	return !strncasecmp(s, "form", 4) && (s[4] == ' ' || s[4] == '\t' || !s[4]);
}

/* A section header's name (between the brackets, trimmed): creates a new
 * form in file order, reports an unknown section once (even one without
 * keys), and sets where the keys that follow go. */
static void reader_section(loader *L, char *name)
{
	name = (char *)skip_space(name);
	size_t n = strlen(name);
	while (n && is_space(name[n - 1]))
		name[--n] = 0;
	L->sect = SECT_BAD;
	if (!strcasecmp(name, "weights")) {
		if (!L->weights_line)
			L->weights_line = L->line;
		L->sect = SECT_WEIGHTS;
	} else if (!strcasecmp(name, "match")) {
		L->sect = SECT_MATCH;
	} else if (is_form_section(name)) {
		nv_form *f = section_form(L, name);
		if (f) {
			L->sect = SECT_FORM;
			L->sect_form = (size_t)(f - L->c->form);
			if (!f->line)
				f->line = L->line;
		}
	} else {
		char shown[80];
		lerr(L, L->line, "unknown section [%s] (weights, match, form NAME)",
		     nv_shown(name, shown, sizeof shown));
	}
}

/* Reads the next physical line into L->buf; 0 at the end of the file. */
static int read_line(loader *L)
{
	if (L->pos == L->size)
		return 0;
	L->len = 0;
	L->too_long = 0;
	while (L->pos < L->size) {
		char ch = L->text[L->pos++];
		if (ch == '\n')
			break;
		if (ch == '\r') { /* CRLF, or a lone CR */
			if (L->pos < L->size && L->text[L->pos] == '\n')
				L->pos++;
			break;
		}
		if (L->len == LINE_KEEP) {
			L->too_long = 1;
			continue;
		}
		if (L->len + 1 >= L->cap) {
			L->cap *= 2;
			L->buf = nv_xrealloc(L->buf, L->cap);
		}
		L->buf[L->len++] = ch;
	}
	L->buf[L->len] = 0;
	return 1;
}

/* A line inih must not see (its problem reported): NULL. A refused section
 * header's keys are not anyone's either, not "outside any section" line
 * after line. */
static char *refused(loader *L, int header)
{
	if (header)
		L->sect = SECT_BAD;
	return NULL;
}

/* Where the checked text of line s[0..n) ends: at its comment, from ';' or
 * '#' to the end (on a section header, after its ']'), or at n. *header:
 * the line is a section header (its first byte past spaces is '['); *close:
 * the offset of its ']', n when none. */
static size_t text_end(const char *s, size_t n, int *header, size_t *close)
{
	size_t k = 0;
	while (k < n && is_space(s[k]))
		k++;
	*header = k < n && s[k] == '[';
	const char *end = *header ? memchr(s + k, ']', n - k) : NULL;
	*close = end ? (size_t)(end - s) : n;
	for (k = end ? *close + 1 : k; k < n; k++)
		if (s[k] == ';' || s[k] == '#')
			break;
	return k;
}

/* The line's text for inih (room for `room` bytes), trimmed and without
 * its comment (a section header reaches it as "[s]": the reader keeps the
 * section itself); NULL (with the problem reported) when inih must not
 * see it. */
static char *clean_line(loader *L, size_t room)
{
	char *s = L->buf;
	size_t n = L->len;
	if (L->line == 1 && n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) {
		s += 3; /* the UTF-8 byte order mark */
		n -= 3;
	}
	/* the comment is never read, so it may hold anything (a comment in
	 * Windows-1251 in a UTF-8 file, say); the rest is checked */
	int header;
	size_t close, k = text_end(s, n, &header, &close);
	char *end = close < n ? s + close : NULL;
	if (k == n && L->too_long) {
		lerr(L, L->line, "the line is longer than %zu bytes", room);
		return refused(L, header);
	}
	n = k;
	s[n] = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (!ch) {
			lerr(L, L->line, "the line holds a NUL byte; is the config a "
			                 "text file?");
			return refused(L, header);
		}
		if ((ch < 0x20 && ch != '\t') || ch == 0x7F) {
			lerr(L, L->line, "byte %zu of the line is a control character "
			                 "(0x%02X)",
			     i + 1, ch);
			return refused(L, header);
		}
		if (nv_utf8_c1(s + i, n - i)) { /* as the CSV reader refuses it */
			lerr(L, L->line, "byte %zu of the line is a control character "
			                 "(U+00%02X)",
			     i + 1, (unsigned char)s[i + 1]);
			return refused(L, header);
		}
	}
	size_t bad = nv_utf8_bad_at(s, n);
	if (bad < n) {
		lerr(L, L->line, "byte %zu of the line is not UTF-8; save the config "
		                 "as UTF-8",
		     bad + 1);
		return refused(L, header);
	}
	s = (char *)skip_space(s);
	n = strlen(s);
	while (n && is_space(s[n - 1]))
		s[--n] = 0;
	if (*s == '[') {
		if (!end) {
			lerr(L, L->line, "the section header has no closing ']'");
			return refused(L, header);
		}
		if (*skip_space(end + 1))
			lerr(L, L->line, "text after the section header: each key goes "
			                 "on a line of its own");
		*end = 0;
		reader_section(L, s + 1);
		return "[s]";
	}
	if (n > room) {
		lerr(L, L->line, "the line is longer than %zu bytes", room);
		return NULL;
	}
	if (*s && !strpbrk(s, "=:")) {
		lerr(L, L->line, "syntax error: expected [section] or key = value");
		return NULL;
	}
	return s;
}

/* inih's reader: one checked line at a time, a blank one for a bad line. */
static char *reader(char *str, int num, void *stream)
{
	loader *L = stream;
	if (!read_line(L))
		return NULL;
	L->line++;
	const char *s = clean_line(L, (size_t)num - 2);
	snprintf(str, (size_t)num, "%s\n", s ? s : "");
	return str;
}

int nv_config_number(const char *s, double *out)
{
	size_t n = strlen(s);
	if (n == 0 || strspn(s, "0123456789+-.,eE") != n)
		return -1; /* no hex, inf or nan: strtod would take them */
	char *buf = nv_xstrdup(s);
	for (char *p = buf; *p; p++)
		if (*p == ',')
			*p = '.';
	char *end;
	/* an underflow (1e-320) is a number; an overflow is not finite */
	double v = strtod(buf, &end);
	int ok = end != buf && !*end && isfinite(v);
	free(buf);
	if (!ok)
		return -1;
	*out = v;
	return 0;
}

/* yes/no, true/false, 1/0, and the words the participants file takes
 * for consent (да/нет, истина/ложь), in any letter case. */
static int parse_bool(const char *s, int *out)
{
	char low[32];
	if (!nv_lower(s, strlen(s), low, sizeof low))
		return -1;
	if (!strcmp(low, "yes") || !strcmp(low, "true") || !strcmp(low, "1") ||
	    !strcmp(low, "да") || !strcmp(low, "истина"))
		*out = 1;
	else if (!strcmp(low, "no") || !strcmp(low, "false") || !strcmp(low, "0") ||
	         !strcmp(low, "нет") || !strcmp(low, "ложь"))
		*out = 0;
	else
		return -1;
	return 0;
}

/* "10-18", "3-", "-3", "5" (= 5-5), "any" or "" (no rule). */
static int parse_range(const char *s, nv_range *out)
{
	if (!*s || !strcasecmp(s, "any")) {
		*out = any_range;
		return 0;
	}
	const char *dash = strchr(s, '-');
	if (!dash) {
		double v;
		if (nv_config_number(s, &v) < 0 || v < 0)
			return -1;
		*out = (nv_range){v, v};
		return 0;
	}
	if (strchr(dash + 1, '-'))
		return -1;
	size_t nl = (size_t)(dash - s);
	/* trim spaces around the dash */
	while (nl && (s[nl - 1] == ' ' || s[nl - 1] == '\t'))
		nl--;
	char *lo = nv_xstrndup(s, nl);
	const char *h = skip_space(dash + 1);
	nv_range r = any_range;
	int bad = (!*lo && !*h) ||
	          (*lo && (nv_config_number(lo, &r.lo) < 0 || r.lo < 0)) ||
	          (*h && (nv_config_number(h, &r.hi) < 0 || r.hi < 0));
	free(lo);
	if (bad)
		return -1;
	*out = r;
	return 0;
}

static int parse_category(const char *s, int *out)
{
	static const char *words[] = {"student", "teacher", "college_student",
	                              "employer"};
	if (!strcasecmp(s, "any")) {
		*out = -1;
		return 0;
	}
	for (int i = 0; i < NV_NCATEGORIES; i++)
		if (!strcasecmp(s, words[i])) {
			*out = i;
			return 0;
		}
	return -1;
}

/* The section handlers return 0 for one of the section's keys (whatever
 * its value), -1 for a key the section does not have (reported). */
static int weights_key(loader *L, const char *name, const char *value)
{
	double *w = NULL;
	if (!strcasecmp(name, "psych"))
		w = &L->c->w.psych;
	else if (!strcasecmp(name, "subjects"))
		w = &L->c->w.subjects;
	else if (!strcasecmp(name, "goals"))
		w = &L->c->w.goals;
	else if (!strcasecmp(name, "needs"))
		w = &L->c->w.needs;
	else {
		lerr(L, L->line,
		     "unknown key '%s' in [weights] (psych, subjects, goals, needs)", name);
		return -1;
	}
	double v;
	if (nv_config_number(value, &v) < 0 || v < 0)
		lerr(L, L->line, "weight %s must be a number >= 0, not '%s'", name, value);
	else
		*w = v;
	return 0;
}

static int match_key(loader *L, const char *name, const char *value)
{
	nv_config *c = L->c;
	if (!strcasecmp(name, "min_score")) {
		double v;
		if (nv_config_number(value, &v) < 0 || v < 0 || v > 1)
			lerr(L, L->line, "min_score must be a number in [0,1], not '%s'", value);
		else
			c->min_score = v;
	} else if (!strcasecmp(name, "objective")) {
		if (!strcasecmp(value, "coverage"))
			c->objective = NV_OBJ_COVERAGE;
		else if (!strcasecmp(value, "score"))
			c->objective = NV_OBJ_SCORE;
		else if (!strcasecmp(value, "maximin"))
			c->objective = NV_OBJ_MAXIMIN;
		else
			lerr(L, L->line,
			     "objective must be coverage, score or maximin, not '%s'", value);
	} else if (!strcasecmp(name, "one_form_per_mentor")) {
		int b;
		if (parse_bool(value, &b) < 0)
			lerr(L, L->line, "one_form_per_mentor must be yes or no, not '%s'",
			     value);
		else
			c->one_form_per_mentor = b;
	} else {
		lerr(L, L->line,
		     "unknown key '%s' in [match] (min_score, objective, "
		     "one_form_per_mentor)",
		     name);
		return -1;
	}
	return 0;
}

static int form_key(loader *L, nv_form *f, const char *name, const char *value)
{
	size_t fi = (size_t)(f - L->c->form);
	nv_range *r = NULL;
	int *cat = NULL, *flag = NULL, *quota = NULL;
	if (!strcasecmp(name, "mentor_category"))
		cat = &f->mentor_category;
	else if (!strcasecmp(name, "mentee_category"))
		cat = &f->mentee_category;
	else if (!strcasecmp(name, "mentor_age"))
		r = &f->mentor_age;
	else if (!strcasecmp(name, "mentee_age"))
		r = &f->mentee_age;
	else if (!strcasecmp(name, "mentor_experience"))
		r = &f->mentor_exp;
	else if (!strcasecmp(name, "mentee_experience"))
		r = &f->mentee_exp;
	else if (!strcasecmp(name, "same_org"))
		flag = &f->same_org;
	else if (!strcasecmp(name, "same_district"))
		flag = &f->same_district;
	else if (!strcasecmp(name, "min_pairs"))
		quota = &f->min_pairs;
	else if (!strcasecmp(name, "max_pairs"))
		quota = &f->max_pairs;
	else {
		lerr(L, L->line,
		     "unknown key '%s' in [form %s] (mentor_category, mentor_age, "
		     "mentor_experience, mentee_category, mentee_age, "
		     "mentee_experience, same_org, same_district, min_pairs, "
		     "max_pairs)",
		     name, f->name);
		return -1;
	}
	if (cat) {
		/* given, even with a bad value (reported once, here) */
		if (cat == &f->mentor_category)
			L->seen[fi].mentor_cat = 1;
		else
			L->seen[fi].mentee_cat = 1;
		if (parse_category(value, cat) < 0)
			lerr(L, L->line,
			     "%s: unknown category '%s' (student, teacher, "
			     "college_student, employer, any)",
			     name, value);
	} else if (r) {
		nv_range v;
		if (parse_range(value, &v) < 0)
			lerr(L, L->line,
			     "%s: '%s' is not a range (like 10-18, 3-, -3, 5 or any)", name,
			     value);
		else if (v.lo > v.hi)
			lerr(L, L->line, "%s: range '%s' is empty", name, value);
		else if ((r == &f->mentor_age || r == &f->mentee_age) &&
		         ((isfinite(v.lo) && v.lo != floor(v.lo)) ||
		          (isfinite(v.hi) && v.hi != floor(v.hi))))
			/* ages are whole years: 10,18 is no range of ages */
			lerr(L, L->line, "%s: '%s' is not whole years (a range is written 10-18)",
			     name, value);
		else
			*r = v;
	} else if (flag) {
		if (parse_bool(value, flag) < 0)
			lerr(L, L->line, "%s must be yes or no, not '%s'", name, value);
	} else {
		double v;
		if (!*value || !strcasecmp(value, "none")) {
			*quota = -1;
		} else if (nv_config_number(value, &v) < 0 || v < 0 || v != floor(v) ||
		           v > 1e9) {
			lerr(L, L->line, "%s must be a whole number >= 0 or none, not '%s'",
			     name, value);
			return 0;
		} else {
			*quota = (int)v;
		}
		if (quota == &f->min_pairs) /* for "cannot reach min_pairs" */
			f->min_pairs_line = L->line;
		L->seen[fi].max_line = L->line;
	}
	return 0;
}

/* A key given a second time in the same section (or a section of the same
 * name) is an error: which of the two the user meant is not ours to say. */
static int key_again(loader *L, const char *name)
{
	key_seen k = {L->sect == SECT_FORM ? SECT_FORM + (int)L->sect_form : L->sect,
	              "", L->line};
	size_t n = strlen(name);
	L->key_next = k; /* no name: a name this long is no key of ours */
	if (n >= sizeof k.name)
		return 0;
	for (size_t i = 0; i <= n; i++)
		k.name[i] = (char)tolower((unsigned char)name[i]);
	for (size_t i = 0; i < L->n_keys; i++)
		if (L->keys[i].sect == k.sect && !strcmp(L->keys[i].name, k.name)) {
			lerr(L, L->line, "'%s' is given twice in this section (first on "
			                 "line %ld)",
			     name, L->keys[i].line);
			return 1;
		}
	L->key_next = k;
	return 0;
}

/* Records the key key_again looked up, once its section knows it: the
 * keys kept are at most the sections' own (unknown ones, each an error,
 * would make every lookup longer, line after line). */
static void key_keep(loader *L)
{
	if (L->n_keys == L->cap_keys) {
		L->cap_keys = L->cap_keys ? 2 * L->cap_keys : 32;
		L->keys = nv_xreallocarray(L->keys, L->cap_keys, sizeof *L->keys);
	}
	L->keys[L->n_keys++] = L->key_next;
}

static int handler(void *user, const char *section, const char *name,
                   const char *value)
{
	loader *L = user;
	(void)section; /* the reader's own (see SECT_*) */
	if (L->sect == SECT_NONE) {
		lerr(L, L->line, "key '%s' is outside any section", name);
		return 1;
	}
	if (L->sect == SECT_BAD || key_again(L, name))
		return 1; /* the header was reported, or the key again */
	int known;
	if (L->sect == SECT_WEIGHTS)
		known = weights_key(L, name, value);
	else if (L->sect == SECT_MATCH)
		known = match_key(L, name, value);
	else
		known = form_key(L, &L->c->form[L->sect_form], name, value);
	if (known == 0)
		key_keep(L);
	return 1;
}

/* The encoding of the config text[0..n), as the participants file's is
 * guessed but from the text that is read only: a comment in Windows-1251
 * leaves a UTF-8 file UTF-8. A byte order mark is UTF-8's. */
static nv_encoding config_encoding(const char *text, size_t n)
{
	if (n >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		return NV_ENC_UTF8;
	size_t invalid = 0, multi = 0;
	for (size_t b = 0, e; b < n; b = e + 1) {
		for (e = b; e < n && text[e] != '\n' && text[e] != '\r'; e++)
			;
		int header;
		size_t close;
		nv_utf8_tally(text + b, text_end(text + b, e - b, &header, &close), &invalid,
		              &multi);
	}
	return nv_encoding_guess(invalid, multi);
}

/* The file whole (at most CONFIG_MAX bytes) into *text, *n; NV_OK, or
 * NV_EDATA with the error in diag. Read, not mapped: it may be a pipe. */
static int config_read(const char *path, char **text, size_t *n, nv_diag *diag)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		nv_diag_error(diag, path, 0, NULL, "cannot open the config: %s",
		              strerror(errno));
		return NV_EDATA;
	}
	size_t cap = 4096, len = 0, got;
	char *buf = nv_xmalloc(cap);
	while ((got = fread(buf + len, 1, cap - len, f)) > 0) {
		len += got;
		if (len > CONFIG_MAX)
			break;
		if (len == cap)
			buf = nv_xrealloc(buf, cap *= 2);
	}
	int rc = NV_OK;
	if (ferror(f)) {
		nv_diag_error(diag, path, 0, NULL, "cannot read the config: %s",
		              strerror(errno));
		rc = NV_EDATA;
	} else if (len > CONFIG_MAX) {
		nv_diag_error(diag, path, 0, NULL,
		              "the config is larger than %d MiB; is it the right file?",
		              CONFIG_MAX >> 20);
		rc = NV_EDATA;
	}
	fclose(f);
	if (rc != NV_OK) {
		free(buf);
		return rc;
	}
	*text = buf;
	*n = len;
	return NV_OK;
}

int nv_config_load(nv_config *c, const char *path, nv_diag *diag)
{
	NV_ASSERT(c && path && diag);
	size_t errors_before = nv_diag_errors(diag);
	char *text;
	size_t size;
	if (config_read(path, &text, &size, diag) != NV_OK)
		return NV_EDATA;
	nv_hash h = {0};
	nv_hash_add(&h, text, size);
	c->hash = nv_hash_end(&h);
	if (config_encoding(text, size) == NV_ENC_CP1251) {
		char *utf8 = nv_xmalloc(3 * size + 1);
		size = nv_cp1251_to_utf8(text, size, utf8);
		free(text);
		text = utf8;
	}
	loader *L = nv_xcalloc(1, sizeof *L);
	L->c = c;
	L->d = diag;
	L->path = path;
	L->text = text;
	L->size = size;
	L->cap = 256;
	L->buf = nv_xmalloc(L->cap);
	for (size_t i = 0; i < c->n_forms; i++) {
		L->seen[i].mentor_cat = L->seen[i].mentee_cat = 1;
	}
	int rc = ini_parse_stream(reader, L, handler, L);
	if (rc < 0) {
		nv_diag_error(diag, path, 0, NULL, "cannot read the config");
	} else if (rc > 0) { /* the reader hands inih no line it refuses */
		nv_diag_error(diag, path, rc, NULL,
		              "syntax error: expected [section] or key = value");
	}
	free(text);
	free(L->buf);
	free(L->keys);

	nv_weights *w = &c->w;
	if (!(w->psych + w->subjects + w->goals + w->needs > 0))
		nv_diag_error(diag, path, L->weights_line, NULL,
		              "the weights add up to 0; at least one must be > 0");
	for (size_t i = 0; i < c->n_forms; i++) {
		nv_form *fm = &c->form[i];
		char hint[NV_FORM_NAME_MAX + 64];
		int twin = case_twin(c, fm->name, i);
		if (!fm->builtin && !(L->seen[i].mentor_cat && L->seen[i].mentee_cat))
			nv_diag_error(diag, path, fm->line, NULL,
			              "form '%s' must give mentor_category and "
			              "mentee_category%s",
			              fm->name, case_hint(c, fm->name, i, 0, hint, sizeof hint));
		else if (!fm->builtin && twin >= 0 && c->form[twin].builtin)
			/* a built-in's name in other letter case: a new form, said,
			 * as it may be a typo */
			nv_diag_note(diag, path, fm->line, NULL, "form '%s' is a new form%s",
			             fm->name, case_hint(c, fm->name, i, 0, hint, sizeof hint));
		if (fm->min_pairs >= 0 && fm->max_pairs >= 0 &&
		    fm->max_pairs < fm->min_pairs)
			nv_diag_error(diag, path, L->seen[i].max_line, NULL,
			              "form '%s': max_pairs %d is below min_pairs %d",
			              fm->name, fm->max_pairs, fm->min_pairs);
	}
	free(L);
	free(c->path);
	c->path = nv_xstrdup(path);
	return nv_diag_errors(diag) > errors_before ? NV_EDATA : NV_OK;
}

void nv_config_note_empty_forms(const nv_config *c, const nv_score_stats *st, const nv_table *t,
                                nv_diag *d)
{
	for (size_t f = 0; f < c->n_forms; f++)
		if (c->form[f].line && !st->eligible_form[f])
			nv_diag_note(d, c->path, c->form[f].line, NULL,
			             "form '%s' takes no pair of %s: "
			             "its rules, or an earlier form's, leave every pair out",
			             c->form[f].name, t->path);
}

void nv_config_check_table(const nv_config *c, const nv_table *t, nv_diag *d)
{
	if (!t->form_names)
		return;
	size_t nf = nv_vocab_count(t->form_names), unknown = 0;
	/* the first line of a valid row naming each, in one pass over the rows
	 * (a pass per name took minutes when every row names its own) */
	long *line = nv_xcalloc(nf + 1, sizeof *line);
	for (size_t r = 0; r < t->n; r++)
		for (size_t k = t->form_off[r];
		     t->status[r] != NV_ROW_INVALID && k < t->form_off[r + 1]; k++)
			if (!line[t->form[k]])
				line[t->form[k]] = t->line[r];
	for (uint32_t id = 0; id < nf; id++) {
		const char *name = nv_vocab_name(t->form_names, id);
		/* named by invalid rows only: their errors say enough */
		if (!line[id] || nv_config_form(c, name) >= 0)
			continue;
		char hint[NV_FORM_NAME_MAX + 96];
		if (++unknown <= NV_NOTES_SHOWN) /* a note for the first few */
			nv_diag_note_tr(d, t->path, line[id], t->forms_col ? t->forms_col : "forms",
			                "формы «%s» нет; в ней никто не получит пары%s",
			                "no form is named '%s'; nobody is paired in it%s", name,
			                case_hint(c, name, SIZE_MAX, nv_diag_ru(d), hint,
			                          sizeof hint));
	}
	free(line);
	nv_diag_note_rest_tr(d, t->path, 0, unknown,
	                     "названия в forms, каких форм нет; в них никто не получит пары",
	                     "names in forms that no form has; nobody is paired in them");
}
