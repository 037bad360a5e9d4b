/* ref_spec.h — a small, independent reading of SPEC for the match tests:
 * random tiny districts written as participants files, SPEC §2 eligibility
 * and §3 scores computed here from scratch, a brute-force optimum for each
 * objective (§4), an RFC 4180 reader for the outputs, and running the
 * binary. Nothing here calls the engine: it only checks what the binary
 * wrote. Built-in forms and default weights only. */
#ifndef NV_REF_SPEC_H
#define NV_REF_SPEC_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#define REF_MAX 24
#define REF_AREAS 2
#define REF_TRAITS 2

enum { REF_STUDENT, REF_TEACHER, REF_COLLEGE, REF_EMPLOYER };
static const char *const ref_cat_word[] = {"student", "teacher", "college_student", "employer"};
static const char *const ref_form_name[6] = {"student-student", "teacher-teacher",
                                             "teacher-student", "college-student",
                                             "employer-student", "employer-college"};
static const char *const ref_subject[4] = {"math", "physics", "history", "art"};
static const char *const ref_goal[3] = {"olymp", "exam", "career"};
static const char *const ref_type[3] = {"A", "B", "C"};

typedef struct ref_person {
	char id[16];
	int mentor, cat, org, district, age, cap, consent;
	double exp; /* NaN when empty */
	unsigned subj, goal, forms; /* bit masks; forms 0 = any */
	double psych[REF_TRAITS];   /* NaN when empty */
	int type;                   /* -1 when empty */
	double need[REF_AREAS], skill[REF_AREAS];
} ref_person;

typedef struct ref_data {
	int n;
	ref_person p[REF_MAX];
	int n_fix, n_forbid;
	int fix[4][2], forbid[4][2]; /* person indices (mentor, mentee) */
	double min_score;            /* from a config when > 0 */
	int objective;               /* 0 coverage, 1 score, 2 maximin */
	int elig_form[REF_MAX][REF_MAX];
	double score[REF_MAX][REF_MAX];
} ref_data;

static inline uint64_t ref_rand(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static inline int ref_pick(uint64_t *s, int n)
{
	return (int)(ref_rand(s) % (uint64_t)n);
}

/* --- SPEC §2 --- */
static inline int ref_side(const ref_person *x, int cat, int alo, int ahi, double elo, double ehi)
{
	if (x->cat != cat)
		return 0;
	if (alo >= 0 && (x->age < 0 || x->age < alo || x->age > ahi))
		return 0;
	if (elo >= 0 && (isnan(x->exp) || x->exp < elo || x->exp > ehi))
		return 0;
	return 1;
}

static inline int ref_pair_form(const ref_person *m, const ref_person *e)
{
	for (int f = 0; f < 6; f++) {
		int ok = 0, org = 1;
		switch (f) {
		case 0: ok = ref_side(m, REF_STUDENT, 15, 18, -1, 0) && ref_side(e, REF_STUDENT, 10, 18, -1, 0); break;
		case 1: ok = ref_side(m, REF_TEACHER, -1, 0, 3, 1e9) && ref_side(e, REF_TEACHER, -1, 0, 0, 3); break;
		case 2: ok = ref_side(m, REF_TEACHER, -1, 0, -1, 0) && ref_side(e, REF_STUDENT, 10, 18, -1, 0); break;
		case 3: ok = ref_side(m, REF_COLLEGE, -1, 0, -1, 0) && ref_side(e, REF_STUDENT, 10, 18, -1, 0); org = 0; break;
		case 4: ok = ref_side(m, REF_EMPLOYER, -1, 0, -1, 0) && ref_side(e, REF_STUDENT, 14, 18, -1, 0); org = 0; break;
		case 5: ok = ref_side(m, REF_EMPLOYER, -1, 0, -1, 0) && ref_side(e, REF_COLLEGE, -1, 0, -1, 0); org = 0; break;
		}
		if (!ok)
			continue;
		if (org ? m->org != e->org : m->district != e->district)
			continue;
		if ((m->forms && !(m->forms >> f & 1)) || (e->forms && !(e->forms >> f & 1)))
			continue;
		return f;
	}
	return -1;
}

/* --- SPEC §3 --- */
static inline double ref_tagcos(unsigned a, unsigned b)
{
	int na = __builtin_popcount(a), nb = __builtin_popcount(b);
	if (!na || !nb)
		return 0;
	return __builtin_popcount(a & b) / sqrt((double)na * nb);
}

static inline void ref_score_all(ref_data *d)
{
	double mean[REF_TRAITS], sd[REF_TRAITS];
	for (int c = 0; c < REF_TRAITS; c++) {
		double s = 0, s2 = 0;
		int k = 0;
		for (int i = 0; i < d->n; i++)
			if (d->p[i].consent && !isnan(d->p[i].psych[c])) {
				s += d->p[i].psych[c];
				k++;
			}
		mean[c] = k ? s / k : 0;
		for (int i = 0; i < d->n; i++)
			if (d->p[i].consent && !isnan(d->p[i].psych[c]))
				s2 += (d->p[i].psych[c] - mean[c]) * (d->p[i].psych[c] - mean[c]);
		sd[c] = k ? sqrt(s2 / k) : 0;
	}
	for (int m = 0; m < d->n; m++)
		for (int e = 0; e < d->n; e++) {
			const ref_person *M = &d->p[m], *E = &d->p[e];
			d->elig_form[m][e] = -1;
			if (!M->mentor || E->mentor || !M->consent || !E->consent)
				continue;
			d->elig_form[m][e] = ref_pair_form(M, E);
			if (d->elig_form[m][e] < 0)
				continue;
			double zm[REF_TRAITS + 3] = {0}, ze[REF_TRAITS + 3] = {0};
			for (int c = 0; c < REF_TRAITS; c++) {
				zm[c] = isnan(M->psych[c]) || sd[c] == 0 ? 0 : (M->psych[c] - mean[c]) / sd[c];
				ze[c] = isnan(E->psych[c]) || sd[c] == 0 ? 0 : (E->psych[c] - mean[c]) / sd[c];
			}
			if (M->type >= 0)
				zm[REF_TRAITS + M->type] = 1;
			if (E->type >= 0)
				ze[REF_TRAITS + E->type] = 1;
			double dot = 0, nm = 0, ne = 0;
			for (int c = 0; c < REF_TRAITS + 3; c++) {
				dot += zm[c] * ze[c];
				nm += zm[c] * zm[c];
				ne += ze[c] * ze[c];
			}
			double cosv = nm > 0 && ne > 0 ? dot / sqrt(nm * ne) : 0;
			double psych = (1 + cosv) / 2;
			double num = 0, den = 0;
			for (int a = 0; a < REF_AREAS; a++) {
				num += E->need[a] * M->skill[a];
				den += E->need[a];
			}
			double needs = den > 0 ? num / den : 0;
			d->score[m][e] = 0.35 * psych + 0.25 * ref_tagcos(M->subj, E->subj) +
			                 0.15 * ref_tagcos(M->goal, E->goal) + 0.25 * needs;
		}
}

/* --- a random tiny district --- */
static inline void ref_make(ref_data *d, uint64_t seed, int n_mentors, int n_mentees)
{
	uint64_t s = seed * 2654435761u + 12345;
	memset(d, 0, sizeof *d);
	d->n = n_mentors + n_mentees;
	for (int i = 0; i < d->n; i++) {
		ref_person *x = &d->p[i];
		x->mentor = i < n_mentors;
		snprintf(x->id, sizeof x->id, "%s%d", x->mentor ? "M" : "E", i);
		int r = ref_pick(&s, 10);
		if (x->mentor)
			x->cat = r < 4 ? REF_STUDENT : r < 7 ? REF_TEACHER : r < 9 ? REF_COLLEGE : REF_EMPLOYER;
		else
			x->cat = r < 8 ? REF_STUDENT : r < 9 ? REF_TEACHER : REF_COLLEGE;
		x->org = ref_pick(&s, 2);
		x->district = ref_pick(&s, 4) == 0;
		x->age = -1;
		x->exp = NAN;
		if (x->cat == REF_STUDENT)
			x->age = x->mentor ? 14 + ref_pick(&s, 5) : 9 + ref_pick(&s, 10);
		else if (x->cat == REF_COLLEGE)
			x->age = 17 + ref_pick(&s, 4);
		else if (x->cat == REF_TEACHER)
			x->exp = x->mentor ? ref_pick(&s, 20) : ref_pick(&s, 5);
		x->cap = x->mentor ? 1 + (ref_pick(&s, 4) == 0) : 1;
		x->consent = ref_pick(&s, 12) != 0;
		x->subj = (unsigned)ref_pick(&s, 16);
		x->goal = (unsigned)ref_pick(&s, 8);
		x->forms = ref_pick(&s, 8) == 0 ? 1u << ref_pick(&s, 6) : 0;
		for (int c = 0; c < REF_TRAITS; c++)
			x->psych[c] = ref_pick(&s, 6) == 0 ? NAN : ref_pick(&s, 9) + ref_pick(&s, 4) * 0.25;
		x->type = ref_pick(&s, 4) - 1;
		for (int a = 0; a < REF_AREAS; a++) {
			x->need[a] = x->mentor ? 0 : ref_pick(&s, 5) * 0.25;
			x->skill[a] = x->mentor ? ref_pick(&s, 5) * 0.25 : 0;
		}
	}
	ref_score_all(d);
}

/* Writes the participants file. sep ',' or ';'; comma_decimal writes 0,25. */
static inline void ref_write(const ref_data *d, const char *path, char sep, int comma_decimal,
                             int names)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		abort();
	const char *cols[] = {"id", "role", "category", "org", "district", "age",
	                      "experience_years", "capacity", "consent", "subjects", "goals",
	                      "psych_type", "psych_calm", "psych_open", "need_conflict_handling",
	                      "need_observation", "skill_conflict_handling",
	                      "skill_observation", "forms", "name"};
	int ncols = names ? 20 : 19;
	for (int c = 0; c < ncols; c++)
		fprintf(f, "%s%s", c ? (char[]){sep, 0} : "", cols[c]);
	fputs("\r\n", f);
	for (int i = 0; i < d->n; i++) {
		const ref_person *x = &d->p[i];
		char num[REF_TRAITS + 2 * REF_AREAS][32];
		for (int c = 0; c < REF_TRAITS; c++) {
			if (isnan(x->psych[c]))
				num[c][0] = 0;
			else
				snprintf(num[c], 32, "%g", x->psych[c]);
		}
		for (int a = 0; a < REF_AREAS; a++) {
			snprintf(num[REF_TRAITS + a], 32, "%g", x->need[a]);
			snprintf(num[REF_TRAITS + REF_AREAS + a], 32, "%g", x->skill[a]);
		}
		for (int k = 0; k < REF_TRAITS + 2 * REF_AREAS; k++)
			for (char *q = num[k]; comma_decimal && *q; q++)
				if (*q == '.')
					*q = ',';
		fprintf(f, "%s%c%s%c%s%c%s%d%c%s%c", x->id, sep, x->mentor ? "mentor" : "mentee", sep,
		        ref_cat_word[x->cat], sep, "org", x->org, sep, x->district ? "d1" : "d0", sep);
		if (x->age >= 0)
			fprintf(f, "%d", x->age);
		fputc(sep, f);
		if (!isnan(x->exp))
			fprintf(f, "%g", x->exp);
		fprintf(f, "%c%d%c%s%c", sep, x->cap, sep, x->consent ? "yes" : "no", sep);
		for (int k = 0, first = 1; k < 4; k++)
			if (x->subj >> k & 1) {
				fprintf(f, "%s%s", first ? "" : "|", ref_subject[k]);
				first = 0;
			}
		fputc(sep, f);
		for (int k = 0, first = 1; k < 3; k++)
			if (x->goal >> k & 1) {
				fprintf(f, "%s%s", first ? "" : "|", ref_goal[k]);
				first = 0;
			}
		fprintf(f, "%c%s", sep, x->type >= 0 ? ref_type[x->type] : "");
		for (int k = 0; k < REF_TRAITS + 2 * REF_AREAS; k++)
			fprintf(f, "%c%s", sep, num[k]);
		fputc(sep, f);
		for (int k = 0; k < 6; k++)
			if (x->forms >> k & 1)
				fputs(ref_form_name[k], f);
		if (names)
			fprintf(f, "%c\"Имя, %s\"", sep, x->id);
		fputs("\r\n", f);
	}
	fclose(f);
}

/* --- brute force (SPEC §4) --- */
typedef struct ref_best {
	int found, count;
	double total, minimum;
} ref_best;

static inline int ref_allowed(const ref_data *d, int m, int e, int *fixed)
{
	*fixed = 0;
	for (int k = 0; k < d->n_forbid; k++)
		if (d->forbid[k][0] == m && d->forbid[k][1] == e)
			return 0;
	for (int k = 0; k < d->n_fix; k++)
		if (d->fix[k][0] == m && d->fix[k][1] == e)
			*fixed = 1;
	return d->elig_form[m][e] >= 0 && (*fixed || d->score[m][e] >= d->min_score - 1e-12);
}

static inline int ref_better(int obj, int c, double t, double mn, const ref_best *b)
{
	if (!b->found)
		return 1;
	const double eps = 1e-9;
	if (obj == 1)
		return t > b->total + eps;
	if (c != b->count)
		return c > b->count;
	if (obj == 2 && fabs(mn - b->minimum) > eps)
		return mn > b->minimum;
	return t > b->total + eps;
}

static inline void ref_rec(const ref_data *d, int *mentees, int nme, int k, int *choice,
                           int *load, int *form_of, ref_best *b)
{
	if (k == nme) {
		int c = 0;
		double t = 0, mn = INFINITY;
		for (int i = 0; i < nme; i++)
			if (choice[i] >= 0) {
				c++;
				t += d->score[choice[i]][mentees[i]];
				mn = fmin(mn, d->score[choice[i]][mentees[i]]);
			}
		for (int q = 0; q < d->n_fix; q++) { /* every fixed pair in */
			int ok = 0;
			for (int i = 0; i < nme; i++)
				ok |= mentees[i] == d->fix[q][1] && choice[i] == d->fix[q][0];
			if (!ok)
				return;
		}
		if (!c)
			mn = 0;
		if (ref_better(d->objective, c, t, mn, b)) {
			b->found = 1;
			b->count = c;
			b->total = t;
			b->minimum = mn;
		}
		return;
	}
	choice[k] = -1;
	ref_rec(d, mentees, nme, k + 1, choice, load, form_of, b);
	int e = mentees[k];
	for (int m = 0; m < d->n; m++) {
		int fixed;
		if (!d->p[m].mentor || !ref_allowed(d, m, e, &fixed) || load[m] >= d->p[m].cap)
			continue;
		int f = d->elig_form[m][e];
		if (form_of[m] >= 0 && form_of[m] != f)
			continue;
		int saved = form_of[m];
		form_of[m] = f;
		load[m]++;
		choice[k] = m;
		ref_rec(d, mentees, nme, k + 1, choice, load, form_of, b);
		load[m]--;
		form_of[m] = saved;
	}
	choice[k] = -1;
}

static inline ref_best ref_optimum(const ref_data *d)
{
	int mentees[REF_MAX], nme = 0, choice[REF_MAX], load[REF_MAX] = {0}, form_of[REF_MAX];
	for (int i = 0; i < d->n; i++) {
		form_of[i] = -1;
		if (!d->p[i].mentor && d->p[i].consent)
			mentees[nme++] = i;
	}
	ref_best b = {0};
	ref_rec(d, mentees, nme, 0, choice, load, form_of, &b);
	return b;
}

/* --- reading the outputs (RFC 4180) --- */
typedef struct ref_csv {
	int rows, cols[4096];
	char *cell[4096][16];
} ref_csv;

static inline ref_csv *ref_csv_read(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	ref_csv *c = calloc(1, sizeof *c);
	char buf[8192];
	size_t len = 0;
	int q = 0, ch, r = 0, k = 0;
	for (;;) {
		ch = fgetc(f);
		if (ch == EOF && len == 0 && k == 0)
			break;
		if (q) {
			if (ch == '"') {
				int nx = fgetc(f);
				if (nx == '"')
					buf[len++] = '"';
				else {
					q = 0;
					ungetc(nx, f);
				}
			} else if (ch != EOF)
				buf[len++] = (char)ch;
			continue;
		}
		if (ch == '"') {
			q = 1;
		} else if (ch == ',' || ch == '\n' || ch == EOF) {
			buf[len] = 0;
			if (r < 4096 && k < 16)
				c->cell[r][k] = strdup(buf);
			k++;
			len = 0;
			if (ch != ',') {
				if (r < 4096)
					c->cols[r] = k;
				r++;
				k = 0;
				if (ch == EOF)
					break;
			}
		} else if (ch != '\r') {
			buf[len++] = (char)ch;
		}
	}
	c->rows = r < 4096 ? r : 4096;
	fclose(f);
	return c;
}

static inline void ref_csv_free(ref_csv *c)
{
	if (!c)
		return;
	for (int r = 0; r < c->rows; r++)
		for (int k = 0; k < c->cols[r] && k < 16; k++)
			free(c->cell[r][k]);
	free(c);
}

static inline int ref_index(const ref_data *d, const char *id)
{
	for (int i = 0; i < d->n; i++)
		if (!strcmp(d->p[i].id, id))
			return i;
	return -1;
}

static inline long long ref_micro(const char *s)
{
	return llround(strtod(s, NULL) * 1e6);
}

/* Runs "$NV_BIN args" with stdout and stderr to files; the exit code. */
static inline int ref_run(const char *args, const char *out, const char *err)
{
	const char *bin = getenv("NV_BIN");
	if (!bin)
		bin = "build/nastavnik";
	size_t n = strlen(bin) + strlen(args) + strlen(out) + strlen(err) + 32;
	char *cmd = malloc(n);
	snprintf(cmd, n, "%s %s >%s 2>%s", bin, args, out, err);
	int st = system(cmd);
	free(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

static inline char *ref_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 4096, n = 0, k;
	char *s = malloc(cap);
	while ((k = fread(s + n, 1, cap - n - 1, f)) > 0) {
		n += k;
		if (n + 1 == cap)
			s = realloc(s, cap *= 2);
	}
	s[n] = 0;
	fclose(f);
	if (len)
		*len = n;
	return s;
}

#endif
