/* score_tables.h (test helper: participants tables built directly in
 * memory, person by person, for the forms and score tests; the tables own
 * everything and are freed with st_free) */
#ifndef NV_SCORE_TABLES_H
#define NV_SCORE_TABLES_H

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"

#define ST_MAXP 8 /* psych columns */
#define ST_MAXA 8 /* areas */

typedef struct st_person {
	const char *id;
	int role;     /* NV_MENTOR / NV_MENTEE */
	int category; /* nv_category */
	const char *org, *district;
	int age;           /* -1 empty */
	double experience; /* NAN empty */
	const char *subjects, *goals, *type, *forms; /* "a|b", NULL = empty */
	double psych[ST_MAXP]; /* NAN empty */
	double need[ST_MAXA], skill[ST_MAXA];
	int status; /* nv_row_status */
} st_person;

static void st_person_init(st_person *p)
{
	memset(p, 0, sizeof *p);
	p->id = "x";
	p->org = "o1";
	p->district = "";
	p->age = -1;
	p->experience = NAN;
	for (int i = 0; i < ST_MAXP; i++)
		p->psych[i] = NAN;
}

static void st_tags(nv_vocab *v, const char *s, size_t *off, uint32_t **tags,
                    size_t *n, size_t *cap)
{
	size_t start = *n;
	if (s && *s) {
		const char *p = s;
		for (;;) {
			const char *bar = strchr(p, '|');
			size_t len = bar ? (size_t)(bar - p) : strlen(p);
			uint32_t id = nv_vocab_intern(v, p, len);
			int dup = 0;
			for (size_t k = start; k < *n; k++)
				dup |= (*tags)[k] == id;
			if (!dup) {
				if (*n == *cap) {
					*cap = *cap ? 2 * *cap : 16;
					*tags = realloc(*tags, *cap * sizeof **tags);
				}
				(*tags)[(*n)++] = id;
			}
			if (!bar)
				break;
			p = bar + 1;
		}
	}
	/* sorted ascending, as the reader gives them */
	for (size_t i = start + 1; i < *n; i++)
		for (size_t j = i; j > start && (*tags)[j - 1] > (*tags)[j]; j--) {
			uint32_t x = (*tags)[j];
			(*tags)[j] = (*tags)[j - 1];
			(*tags)[j - 1] = x;
		}
	*off = *n;
}

/* A table of n people with np psych columns and na areas. */
static nv_table *st_build(const st_person *ps, size_t n, size_t np, size_t na)
{
	nv_table *t = calloc(1, sizeof *t);
	t->path = strdup("people.csv");
	t->n = n;
	size_t n1 = n ? n : 1;
	t->id = calloc(n1, sizeof *t->id);
	t->line = calloc(n1, sizeof *t->line);
	t->role = calloc(n1, 1);
	t->category = calloc(n1, 1);
	t->status = calloc(n1, 1);
	t->problem = calloc(n1, sizeof *t->problem);
	t->problem_ru = calloc(n1, sizeof *t->problem_ru);
	t->org = calloc(n1, sizeof *t->org);
	t->district = calloc(n1, sizeof *t->district);
	t->age = calloc(n1, sizeof *t->age);
	t->experience = calloc(n1, sizeof *t->experience);
	t->capacity = calloc(n1, sizeof *t->capacity);
	t->psych_type = calloc(n1, sizeof *t->psych_type);
	t->subj_off = calloc(n + 1, sizeof(size_t));
	t->goal_off = calloc(n + 1, sizeof(size_t));
	t->form_off = calloc(n + 1, sizeof(size_t));
	t->orgs = nv_vocab_new();
	t->districts = nv_vocab_new();
	t->subjects = nv_vocab_new();
	t->goals = nv_vocab_new();
	t->psych_types = nv_vocab_new();
	t->form_names = nv_vocab_new();
	t->n_psych = np;
	t->psych_name = calloc(np + 1, sizeof *t->psych_name);
	t->psych = calloc(np * n1 + 1, sizeof *t->psych);
	for (size_t c = 0; c < np; c++)
		t->psych_name[c] = nv_xasprintf("p%zu", c);
	t->n_area = na;
	t->area_name = calloc(na + 1, sizeof *t->area_name);
	t->need = calloc(na * n1 + 1, sizeof *t->need);
	t->skill = calloc(na * n1 + 1, sizeof *t->skill);
	for (size_t a = 0; a < na; a++)
		t->area_name[a] = nv_xasprintf("a%zu", a);
	size_t ns = 0, cs = 0, ng = 0, cg = 0, nf = 0, cf = 0;
	for (size_t r = 0; r < n; r++) {
		const st_person *p = &ps[r];
		t->id[r] = strdup(p->id);
		t->line[r] = (long)r + 2;
		t->role[r] = (uint8_t)p->role;
		t->category[r] = (uint8_t)p->category;
		t->status[r] = (uint8_t)p->status;
		t->org[r] = nv_vocab_intern(t->orgs, p->org, strlen(p->org));
		t->district[r] =
			nv_vocab_intern(t->districts, p->district, strlen(p->district));
		t->age[r] = p->age;
		t->experience[r] = p->experience;
		t->capacity[r] = 1;
		t->psych_type[r] =
			p->type && *p->type
				? (int32_t)nv_vocab_intern(t->psych_types, p->type, strlen(p->type))
				: -1;
		st_tags(t->subjects, p->subjects, &t->subj_off[r + 1], &t->subj, &ns, &cs);
		st_tags(t->goals, p->goals, &t->goal_off[r + 1], &t->goal, &ng, &cg);
		st_tags(t->form_names, p->forms, &t->form_off[r + 1], &t->form, &nf, &cf);
		for (size_t c = 0; c < np; c++)
			t->psych[c * n + r] = p->psych[c];
		for (size_t a = 0; a < na; a++) {
			t->need[a * n + r] = p->need[a];
			t->skill[a * n + r] = p->skill[a];
		}
	}
	if (!t->subj)
		t->subj = calloc(1, sizeof *t->subj);
	if (!t->goal)
		t->goal = calloc(1, sizeof *t->goal);
	if (!t->form)
		t->form = calloc(1, sizeof *t->form);
	return t;
}

static void st_free(nv_table *t)
{
	if (!t)
		return;
	for (size_t r = 0; r < t->n; r++)
		free(t->id[r]);
	for (size_t c = 0; c < t->n_psych; c++)
		free(t->psych_name[c]);
	for (size_t a = 0; a < t->n_area; a++)
		free(t->area_name[a]);
	free(t->path);
	free(t->id);
	free(t->line);
	free(t->role);
	free(t->category);
	free(t->status);
	free(t->problem);
	free(t->problem_ru);
	free(t->org);
	free(t->district);
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
	free(t);
}

#endif
