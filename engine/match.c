/* match.c (the match pipeline: read → validate → consent → config → features
 * → scores → constraints → solve, proven optimal for the whole eligible set
 * even when the first solve sees only the best pairs of each mentee) */
#include "match_internal.h"
#include "model_internal.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* Above this many mentor × mentee products the first solve keeps only the
 * best K pairs per mentee, K = EDGE_BUDGET / mentees within [MIN_K, MAX_K]:
 * on a generated district (7.9M eligible pairs) K = 64 took 3 rounds and
 * 0.43 GB against 1 round and 1.0 GB keeping every pair. */
#define KEEP_ALL_PRODUCTS 4000000.0
/* With quotas GLPK's answer carries no certificate for the pairs left out,
 * so a pruned first round is followed by one on every pair anyway: up to
 * this product (a district) every pair goes in at once. */
#define QUOTA_ALL_PRODUCTS 400000000.0
#define EDGE_BUDGET 8000000.0
/* Eligible pairs up to which the usable ones are recorded once (9 bytes
 * each) rather than scored again in every round (NV_RECORD_PAIRS sets
 * another count; 0 records none). */
#define USE_BUDGET 32000000u
#define MIN_K 8
#define MAX_K 64

/* --- API --- */

void nv_match_params_init(nv_match_params *p)
{
	memset(p, 0, sizeof *p);
	p->encoding = NV_ENC_AUTO;
	p->objective = -1;
	p->lang = NV_LANG_EN;
	p->solver = NV_SOLVER_AUTO;
}

int64_t nv_micro(double x)
{
	return llround(x * 1e6);
}

/* --- private --- */

static uint64_t pair_key(uint32_t mentee, uint32_t mentor)
{
	return (uint64_t)mentee << 32 | mentor;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static int key_in(const uint64_t *keys, size_t n, uint64_t k)
{
	return n && bsearch(&k, keys, n, sizeof *keys, cmp_u64) != NULL;
}

static char *abs_path(const char *p)
{
	if (!p)
		return NULL;
	char *r = realpath(p, NULL);
	if (!r)
		return nv_xstrdup(p);
	char *c = nv_xstrdup(r);
	free(r);
	return c;
}

/* The edge of a pair among the first n edges (in key order), -1 if none. */
static int64_t edge_find(const nv_run *r, size_t n, uint32_t mentor, uint32_t mentee)
{
	uint64_t k = pair_key(mentee, mentor);
	if (!n)
		return -1;
	const uint64_t *hit = bsearch(&k, r->e_key, n, sizeof k, cmp_u64);
	return hit ? hit - r->e_key : -1;
}

double nv_run_maximin_value(const nv_run *r)
{
	double low = INFINITY;
	for (size_t i = 0; i < r->sol->n_chosen; i++) {
		uint32_t e = r->sol->chosen[i];
		if (!(r->e_flags[e] & NV_EDGE_FIXED) && r->e_score[e] < low)
			low = r->e_score[e];
	}
	return isinf(low) ? NAN : low; /* every pair fixed, or none */
}

int64_t nv_run_edge(const nv_run *r, uint32_t mentor, uint32_t mentee)
{
	return edge_find(r, r->n_edges, mentor, mentee);
}

int nv_run_forbidden(const nv_run *r, uint32_t mentor, uint32_t mentee)
{
	return key_in(r->forbid, r->n_forbid, pair_key(mentee, mentor));
}

int nv_run_fixed(const nv_run *r, uint32_t mentor, uint32_t mentee)
{
	return key_in(r->fix, r->n_fix, pair_key(mentee, mentor));
}

static void edge_reserve(nv_run *r, size_t n)
{
	if (n <= r->cap_edges)
		return;
	size_t c = r->cap_edges ? r->cap_edges : 64;
	while (c < n)
		c *= 2;
	r->e_key = nv_xreallocarray(r->e_key, c, sizeof *r->e_key);
	r->e_mentor = nv_xreallocarray(r->e_mentor, c, sizeof *r->e_mentor);
	r->e_mentee = nv_xreallocarray(r->e_mentee, c, sizeof *r->e_mentee);
	r->e_form = nv_xreallocarray(r->e_form, c, sizeof *r->e_form);
	r->e_score = nv_xreallocarray(r->e_score, c, sizeof *r->e_score);
	r->e_contrib = nv_xreallocarray(r->e_contrib, c * NV_NTERMS, sizeof *r->e_contrib);
	r->e_flags = nv_xreallocarray(r->e_flags, c, sizeof *r->e_flags);
	r->cap_edges = c;
}

static void edge_push(nv_run *r, uint32_t mentor, uint32_t mentee, uint32_t form,
                      double score, const double *contrib, uint8_t flags)
{
	edge_reserve(r, r->n_edges + 1);
	size_t e = r->n_edges++;
	r->e_key[e] = pair_key(mentee, mentor);
	r->e_mentor[e] = mentor;
	r->e_mentee[e] = mentee;
	r->e_form[e] = form;
	r->e_score[e] = score;
	if (contrib)
		memcpy(r->e_contrib + e * NV_NTERMS, contrib, NV_NTERMS * sizeof *contrib);
	else
		nv_score_pair(r->model, r->mentor_row[mentor], r->mentee_row[mentee],
		              r->e_contrib + e * NV_NTERMS);
	r->e_flags[e] = flags;
}

static const uint64_t *sort_keys;
static int cmp_perm(const void *a, const void *b)
{
	uint64_t x = sort_keys[*(const size_t *)a], y = sort_keys[*(const size_t *)b];
	return x < y ? -1 : x > y;
}

/* Reorders one per-edge array (`width` bytes per edge) by perm. */
static void permute(void *arr, size_t width, const size_t *perm, size_t n, size_t cap)
{
	if (!n)
		return;
	char *src = arr, *dst = nv_xreallocarray(NULL, cap, width);
	for (size_t i = 0; i < n; i++)
		memcpy(dst + i * width, src + perm[i] * width, width);
	memcpy(src, dst, n * width);
	free(dst);
}

/* Puts the edges in key order (mentee, mentor): the problem the solver sees
 * depends only on the edge set, never on the order edges were found. */
static void edges_sort(nv_run *r)
{
	size_t n = r->n_edges, cap = r->cap_edges ? r->cap_edges : 1;
	size_t *perm = nv_xreallocarray(NULL, n ? n : 1, sizeof *perm);
	for (size_t i = 0; i < n; i++)
		perm[i] = i;
	sort_keys = r->e_key;
	qsort(perm, n, sizeof *perm, cmp_perm);
	permute(r->e_key, sizeof *r->e_key, perm, n, cap);
	permute(r->e_mentor, sizeof *r->e_mentor, perm, n, cap);
	permute(r->e_mentee, sizeof *r->e_mentee, perm, n, cap);
	permute(r->e_form, sizeof *r->e_form, perm, n, cap);
	permute(r->e_score, sizeof *r->e_score, perm, n, cap);
	permute(r->e_contrib, NV_NTERMS * sizeof *r->e_contrib, perm, n, cap);
	permute(r->e_flags, sizeof *r->e_flags, perm, n, cap);
	free(perm);
	/* a pair appears at most once (nv_asg's contract) */
	for (size_t i = 1; i < n; i++)
		NV_ASSERT(r->e_key[i - 1] < r->e_key[i]);
}

/* --- ids and constraints --- */

typedef struct idmap {
	const nv_table *t;
	nv_vocab *v;
	uint32_t *row; /* vocab id -> first table row with that id */
	/* the ids lowercased, the same way (idmap_twin builds them) */
	nv_vocab *low;
	uint32_t *low_row;
} idmap;

static void idmap_build(idmap *m, const nv_table *t)
{
	*m = (idmap){.t = t};
	m->v = nv_vocab_new();
	m->row = nv_xreallocarray(NULL, t->n ? t->n : 1, sizeof *m->row);
	for (size_t i = 0; i < t->n; i++) {
		size_t before = nv_vocab_count(m->v);
		uint32_t id = nv_vocab_intern(m->v, t->id[i], strlen(t->id[i]));
		if (id == before)
			m->row[id] = (uint32_t)i;
	}
}

static int64_t idmap_find(const idmap *m, const char *id)
{
	int64_t v = nv_vocab_find(m->v, id, strlen(id));
	return v < 0 ? -1 : (int64_t)m->row[v];
}

static void idmap_free(idmap *m)
{
	nv_vocab_free(m->v);
	free(m->row);
	nv_vocab_free(m->low);
	free(m->low_row);
}

/* The first id of the table that is id in another letter case (S-020 for
 * s-020, Cyrillic too), or NULL; the lowercased ids are indexed on the
 * first call, so that a file of many unknown ids costs one pass. */
static const char *idmap_twin(idmap *m, const char *id)
{
	const nv_table *t = m->t;
	char low[128];
	if (!m->low) {
		m->low = nv_vocab_new();
		m->low_row = nv_xreallocarray(NULL, t->n ? t->n : 1, sizeof *m->low_row);
		for (size_t i = 0; i < t->n; i++) {
			if (!nv_lower(t->id[i], strlen(t->id[i]), low, sizeof low))
				continue;
			size_t before = nv_vocab_count(m->low);
			uint32_t k = nv_vocab_intern(m->low, low, strlen(low));
			if (k == before)
				m->low_row[k] = (uint32_t)i;
		}
	}
	if (!nv_lower(id, strlen(id), low, sizeof low))
		return NULL;
	int64_t k = nv_vocab_find(m->low, low, strlen(low));
	return k < 0 ? NULL : t->id[m->low_row[k]];
}

/* "unknown mentor id", with the id it may be in another letter case. */
static const char *unknown_id(idmap *ids, const char *what, const char *id, char *buf, size_t size)
{
	const char *twin = idmap_twin(ids, id);
	char shown[64];
	if (twin)
		snprintf(buf, size, "unknown %s id (did you mean '%s'?)", what,
		         nv_shown(twin, shown, sizeof shown));
	else
		snprintf(buf, size, "unknown %s id", what);
	return buf;
}

/* Why the constraint pair cannot be used (its text in buf, or a constant),
 * or NULL when it is an eligible pair of consenting valid people (then
 * *mi, *ei, *form are set). */
static const char *pair_problem(const nv_run *r, idmap *ids, const nv_constraint *c, uint32_t *mi,
                                uint32_t *ei, int *form, char *buf, size_t size)
{
	int64_t m = idmap_find(ids, c->mentor_id), e = idmap_find(ids, c->mentee_id);
	if (m < 0)
		return unknown_id(ids, "mentor", c->mentor_id, buf, size);
	if (e < 0)
		return unknown_id(ids, "mentee", c->mentee_id, buf, size);
	const nv_table *t = r->t;
	if (t->status[m] == NV_ROW_INVALID || t->status[e] == NV_ROW_INVALID)
		return "the row is invalid";
	if (t->status[m] == NV_ROW_NO_CONSENT || t->status[e] == NV_ROW_NO_CONSENT)
		return "no consent to personal-data processing";
	if (t->role[m] != NV_MENTOR)
		return "the first id is not a mentor";
	if (t->role[e] != NV_MENTEE)
		return "the second id is not a mentee";
	int f = nv_model_pair_form(r->model, (size_t)m, (size_t)e);
	if (f < 0) {
		int n = snprintf(buf, size, "not an eligible pair: ");
		nv_pair_form_why(&r->cfg, t, (size_t)m, (size_t)e, buf + n, size - (size_t)n);
		return buf;
	}
	*mi = (uint32_t)r->row_index[m];
	*ei = (uint32_t)r->row_index[e];
	*form = f;
	return NULL;
}

static int constraints_apply(nv_run *r, nv_diag *diag)
{
	const nv_constraints *cs = r->cons;
	if (!cs)
		return NV_OK;
	idmap ids;
	idmap_build(&ids, r->t);
	int bad = 0;
	size_t ignored = 0;
	r->forbid = nv_xreallocarray(NULL, cs->n + 1, sizeof *r->forbid);
	r->fix = nv_xreallocarray(NULL, cs->n + 1, sizeof *r->fix);
	/* each line's fixed pair (UINT64_MAX: none), for the line of a fix
	 * that a forbid contradicts */
	uint64_t *fix_key = nv_xreallocarray(NULL, cs->n + 1, sizeof *fix_key);
	for (size_t i = 0; i < cs->n; i++) {
		const nv_constraint *c = &cs->c[i];
		uint32_t m = 0, e = 0;
		int f = -1;
		char buf[512];
		const char *why = pair_problem(r, &ids, c, &m, &e, &f, buf, sizeof buf);
		char s1[64], s2[64]; /* the ids as a message may show them */
		fix_key[i] = UINT64_MAX;
		if (c->kind == NV_FORBID) {
			if (!why)
				r->forbid[r->n_forbid++] = pair_key(e, m);
			else if (++ignored <= NV_NOTES_SHOWN) /* a note for the first few */
				nv_diag_note(diag, cs->path, c->line, NULL,
				             "forbid %s,%s: %s; ignored",
				             nv_shown(c->mentor_id, s1, sizeof s1),
				             nv_shown(c->mentee_id, s2, sizeof s2), why);
		} else if (why) {
			nv_diag_error(diag, cs->path, c->line, NULL, "infeasible: fix %s,%s: %s",
			              nv_shown(c->mentor_id, s1, sizeof s1),
			              nv_shown(c->mentee_id, s2, sizeof s2), why);
			bad = 1;
		} else {
			r->fix[r->n_fix++] = fix_key[i] = pair_key(e, m);
		}
	}
	nv_diag_note_rest(diag, cs->path, 0, ignored, "forbid lines that cannot apply, ignored");
	qsort(r->forbid, r->n_forbid, sizeof *r->forbid, cmp_u64);
	qsort(r->fix, r->n_fix, sizeof *r->fix, cmp_u64);
	/* repeated lines name the same pair once */
	size_t k = 0;
	for (size_t i = 0; i < r->n_forbid; i++)
		if (!k || r->forbid[k - 1] != r->forbid[i])
			r->forbid[k++] = r->forbid[i];
	r->n_forbid = k;
	k = 0;
	for (size_t i = 0; i < r->n_fix; i++)
		if (!k || r->fix[k - 1] != r->fix[i])
			r->fix[k++] = r->fix[i];
	r->n_fix = k;
	/* each fixed pair's first line, for the conflicts it is part of; one
	 * also forbidden is named there, as every other fix that cannot hold
	 * is named at its line */
	r->fix_line = nv_xcalloc(r->n_fix + 1, sizeof *r->fix_line);
	for (size_t i = 0; i < cs->n; i++) {
		if (fix_key[i] == UINT64_MAX)
			continue;
		const uint64_t *at = bsearch(&fix_key[i], r->fix, r->n_fix, sizeof *r->fix, cmp_u64);
		NV_ASSERT(at && cs->c[i].line > 0);
		if (r->fix_line[at - r->fix])
			continue;
		r->fix_line[at - r->fix] = cs->c[i].line;
		if (!key_in(r->forbid, r->n_forbid, fix_key[i]))
			continue;
		char s1[64], s2[64];
		nv_diag_error(diag, cs->path, cs->c[i].line, NULL,
		              "infeasible: fix %s,%s: the pair is also forbidden",
		              nv_shown(cs->c[i].mentor_id, s1, sizeof s1),
		              nv_shown(cs->c[i].mentee_id, s2, sizeof s2));
		bad = 1;
	}
	free(fix_key);
	idmap_free(&ids);
	return bad ? NV_EINFEAS : NV_OK;
}

/* --- conflicts --- */

/* The first constraints-file line fixing the pair, 0 for none. */
static long fix_line_of(const nv_run *r, uint32_t mentor, uint32_t mentee)
{
	uint64_t k = pair_key(mentee, mentor);
	if (!r->n_fix)
		return 0;
	const uint64_t *at = bsearch(&k, r->fix, r->n_fix, sizeof k, cmp_u64);
	return at ? r->fix_line[at - r->fix] : 0;
}

typedef struct {
	long line;
	size_t k;
	uint32_t edge;
} line_edge;

static int cmp_line_edge(const void *a, const void *b)
{
	const line_edge *x = a, *y = b;
	if (x->line != y->line)
		return (x->line > y->line) - (x->line < y->line);
	return (x->k > y->k) - (x->k < y->k);
}

/* *list with ", " and the printf-style item after it (the first alone). */
static void list_add(char **list, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void list_add(char **list, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *item = nv_xvasprintf(fmt, ap);
	va_end(ap);
	char *more = nv_xasprintf("%s%s%s", *list, **list ? ", " : "", item);
	free(item);
	free(*list);
	*list = more;
}

/* Constraints that fail together where the solver names no single one
 * (two forms' min_pairs that one mentor, held to one form, cannot both
 * serve), so the curator knows where to look: those of c when the solver
 * narrowed them to a set none of which can go (each quota with its
 * config line, the fixed pairs in `fixed` with theirs, the one-form
 * rule), else every one the problem has (the fixed pairs counted). */
static void joint_conflict(const nv_run *r, const nv_conflict *c, const char *fixed,
                           const char *file, int ru, nv_diag *diag)
{
	char *what = nv_xstrdup("");
	int narrowed = c && c->quota;
	for (size_t f = 0; f < r->cfg.n_forms; f++) {
		const nv_form *fm = &r->cfg.form[f];
		const char *title = nv_form_title(fm, ru ? NV_LANG_RU : NV_LANG_EN);
		for (int max = 0; max < 2; max++) {
			int v = max ? fm->max_pairs : fm->min_pairs;
			long line = max ? fm->line : fm->min_pairs_line;
			if (max ? v < 0 : v <= 0)
				continue;
			if (narrowed && !(c->quota[f] & (max ? 2 : 1)))
				continue;
			char at[64] = "";
			if (line > 0)
				snprintf(at, sizeof at, ru ? " (строка %ld)" : " (line %ld)", line);
			list_add(&what, ru ? "%s = %d у формы %s%s" : "%s %d of form %s%s",
			         max ? "max_pairs" : "min_pairs", v, title, at);
		}
	}
	if (narrowed && c->n_edges)
		list_add(&what, ru ? "закреплённые пары: %s" : "the fixed pair%s %s",
		         ru ? fixed : nv_s(c->n_edges), ru ? "" : fixed);
	else if (!narrowed && r->n_fix)
		list_add(&what, ru ? "закреплённые пары (%zu)%s" : "%zu fixed pair%s", r->n_fix,
		         ru ? "" : nv_s(r->n_fix));
	if (narrowed ? c->one_form : r->cfg.one_form_per_mentor)
		list_add(&what, "%s",
		         ru ? "одна форма на наставника (one_form_per_mentor)"
		            : "one form per mentor");
	nv_diag_error(diag, r->cfg.path ? r->cfg.path : file, 0, NULL,
	              ru ? "все ограничения сразу выполнить нельзя; вместе не выполняются: %s"
	                 : "infeasible: the constraints cannot all hold together: %s",
	              what);
	free(what);
}

void nv_run_report_conflicts(const nv_run *r, const nv_solution *s,
                             const uint32_t *em, const uint32_t *ee, nv_lang lang,
                             nv_diag *diag)
{
	int ru = lang == NV_LANG_RU;
	const char *file = r->cons ? r->cons->path
	                 : r->cfg.path ? r->cfg.path : r->t->path;
	const nv_table *t = r->t;
	for (size_t i = 0; i < s->n_conflicts; i++) {
		const nv_conflict *c = &s->conflicts[i];
		/* the pairs involved, "m,e (line 3), m,e (line 5)", at the last
		 * of their fix lines: where, read top-down, it cannot hold (0:
		 * none is a line of the constraints file) */
		size_t cap = 64, len = 0;
		char *list = nv_xmalloc(cap);
		long line = 0;
		list[0] = 0;
		/* in the order of their lines, the solver's order among equals */
		line_edge *by = nv_xcalloc(c->n_edges + 1, sizeof *by);
		for (size_t k = 0; k < c->n_edges; k++) {
			by[k].line = fix_line_of(r, em[c->edges[k]], ee[c->edges[k]]);
			by[k].k = k;
			by[k].edge = c->edges[k];
		}
		qsort(by, c->n_edges, sizeof *by, cmp_line_edge);
		/* a joint conflict's message is at the config: its pairs' lines
		 * name the constraints file too */
		const char *in = c->kind == NV_CONFLICT_OTHER && r->cons ? r->cons->path : NULL;
		for (size_t k = 0; k < c->n_edges; k++) {
			uint32_t ed = by[k].edge;
			long fl = by[k].line;
			char *ln = fl <= 0 ? nv_xstrdup("")
			           : in    ? nv_xasprintf(" (%s:%ld)", in, fl)
			                : nv_xasprintf(ru ? " (строка %ld)" : " (line %ld)", fl);
			if (fl > line)
				line = fl;
			char *one = nv_xasprintf("%s%s,%s%s", k ? ", " : "",
			                         t->id[r->mentor_row[em[ed]]],
			                         t->id[r->mentee_row[ee[ed]]], ln);
			free(ln);
			size_t l = strlen(one);
			if (len + l + 1 > cap) {
				while (len + l + 1 > cap)
					cap *= 2;
				list = nv_xrealloc(list, cap);
			}
			memcpy(list + len, one, l + 1);
			len += l;
			free(one);
		}
		free(by);
		const char *mid = c->mentor >= 0 ? t->id[r->mentor_row[c->mentor]] : "?";
		const char *eid = c->mentee >= 0 ? t->id[r->mentee_row[c->mentee]] : "?";
		int known = c->form >= 0 && (size_t)c->form < r->cfg.n_forms;
		/* as the forms are named in Russian text */
		const char *fname = known ? nv_form_title(&r->cfg.form[c->form], lang) : "?";
		long qline = known && r->cfg.path ? r->cfg.form[c->form].min_pairs_line : 0;
		long n = c->need;
		switch (c->kind) {
		case NV_CONFLICT_FIXED_FORBIDDEN:
			nv_diag_error(diag, file, line, NULL,
			              ru ? "закреплённая пара также запрещена: %s"
			                 : "infeasible: fixed pair is also forbidden: %s",
			              list);
			break;
		case NV_CONFLICT_FIXED_MENTEE:
			nv_diag_error(diag, file, line, NULL,
			              ru ? "наставляемый %s закреплён более чем за одним наставником: %s"
			                 : "infeasible: mentee %s is fixed to more than one mentor: %s",
			              eid, list);
			break;
		case NV_CONFLICT_FIXED_CAPACITY:
			if (ru)
				nv_diag_error(diag, file, line, NULL,
				              "у наставника %s мест: %ld, но за ним %s %ld %s: %s",
				              mid, c->limit,
				              nv_ru_plural((unsigned long)n, "закреплён",
				                           "закреплено", "закреплено"),
				              n,
				              nv_ru_plural((unsigned long)n, "наставляемый",
				                           "наставляемых", "наставляемых"),
				              list);
			else
				nv_diag_error(diag, file, line, NULL,
				              "infeasible: mentor %s has capacity %ld but is fixed to %ld mentee%s: %s",
				              mid, c->limit, n, nv_s((size_t)n), list);
			break;
		case NV_CONFLICT_FIXED_FORMS:
			nv_diag_error(diag, file, line, NULL,
			              ru ? "наставник %s закреплён в нескольких формах, а работать может "
			                   "только в одной (one_form_per_mentor): %s"
			                 : "infeasible: mentor %s is fixed in more than one form (one_form_per_mentor): %s",
			              mid, list);
			break;
		case NV_CONFLICT_QUOTA_MIN:
			/* at the config's min_pairs line, as config problems are, with
			 * the fixed pairs that keep it from what it could reach */
			if (ru)
				nv_diag_error(diag, r->cfg.path ? r->cfg.path : file, qline, NULL,
				              "форма %s не может набрать min_pairs = %ld: возможно "
				              "не более %ld %s%s%s",
				              fname, c->limit, n,
				              nv_ru_plural((unsigned long)n, "пары", "пар", "пар"),
				              len ? " при закреплённых парах: " : "", list);
			else
				nv_diag_error(diag, r->cfg.path ? r->cfg.path : file, qline, NULL,
				              "infeasible: form %s cannot reach min_pairs %ld (at "
				              "most %ld pair%s possible)%s%s",
				              fname, c->limit, n, nv_s((size_t)n),
				              len ? " with these fixed pairs: " : "", list);
			break;
		case NV_CONFLICT_QUOTA_MAX:
			if (ru)
				nv_diag_error(diag, file, line, NULL,
				              "у формы %s max_pairs = %ld, но %s %ld %s: %s", fname,
				              c->limit,
				              nv_ru_plural((unsigned long)n, "закреплена",
				                           "закреплены", "закреплено"),
				              n,
				              nv_ru_plural((unsigned long)n, "пара", "пары", "пар"),
				              list);
			else
				nv_diag_error(diag, file, line, NULL,
				              "infeasible: form %s has max_pairs %ld but %ld fixed pair%s: %s",
				              fname, c->limit, n, nv_s((size_t)n), list);
			break;
		default: /* the solver found no answer, nor a single cause */
			joint_conflict(r, c, list, file, ru, diag);
			break;
		}
		free(list);
	}
	if (!s->n_conflicts)
		joint_conflict(r, NULL, "", file, ru, diag);
}

/* --- the answer and the pass over every eligible pair --- */

static void answer_clear(nv_run *r);

static void answer_apply(nv_run *r)
{
	answer_clear(r);
	for (size_t i = 0; i < r->sol->n_chosen; i++) {
		uint32_t ed = r->sol->chosen[i];
		NV_ASSERT(ed < r->n_edges);
		uint32_t m = r->e_mentor[ed], e = r->e_mentee[ed];
		NV_ASSERT(r->mentee_edge[e] < 0);
		r->mentee_edge[e] = (int32_t)ed;
		r->mentor_load[m]++;
		r->mentor_fixed[m] += (r->e_flags[ed] & NV_EDGE_FIXED) != 0;
		r->mentor_form[m] = (int32_t)r->e_form[ed];
		if (!(r->e_flags[ed] & NV_EDGE_FIXED))
			r->mentor_swap[m] |= UINT64_C(1) << r->e_form[ed];
		r->form_count[r->e_form[ed]]++;
	}
}

/* Which pairs are edges, for pairs that come in (mentee, mentor) order,
 * as the scorer and the record give them, and so the edges are kept: a
 * cursor walks the edges alongside; a step back searches. */
typedef struct edge_cursor {
	size_t cur;
	uint64_t last;
} edge_cursor;

static int edge_cursor_has(const nv_run *r, edge_cursor *c, uint64_t k)
{
	const uint64_t *ek = r->e_key;
	size_t ne = r->n_edges;
	if (k < c->last) {
		size_t lo = 0, hi = ne;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (ek[mid] < k)
				lo = mid + 1;
			else
				hi = mid;
		}
		c->cur = lo;
	}
	c->last = k;
	while (c->cur < ne && ek[c->cur] < k)
		c->cur++;
	return c->cur < ne && ek[c->cur] == k;
}

typedef struct pass {
	nv_run *r;
	int add_all; /* add every omitted usable pair, proof or not */
	int tally_only; /* no answer to improve: add nothing, offer nothing */
	size_t n_add, cap_add;
	uint32_t *add_m, *add_e, *add_f;
	double *add_s;
	uint64_t seen;
	edge_cursor ec;
} pass;

static void tally_reset(nv_tally *t)
{
	memset(t, 0, sizeof *t);
	t->best = -1;
	t->best_form = -1;
	t->best_score = -1;
	t->best_below = -1;
	t->quota_form = -1;
}

/* The answer-dependent part of a usable pair's tallies (not forbidden,
 * score >= min_score); queues the pair when it is omitted and could
 * improve the answer. */
static inline void pass_usable(pass *ps, int quota_on, uint32_t m, uint32_t e,
                               uint32_t f, double s, int omitted)
{
	nv_run *r = ps->r;
	nv_tally *tm = &r->tally_mentor[m], *te = &r->tally_mentee[e];
	tm->cand++;
	te->cand++;
	if (s > te->best_score || (s == te->best_score && (int32_t)m < te->best)) {
		te->best_score = s;
		te->best = (int32_t)m;
		te->best_form = (int32_t)f;
	}
	if (s > tm->best_score || (s == tm->best_score && (int32_t)e < tm->best)) {
		tm->best_score = s;
		tm->best = (int32_t)e;
		tm->best_form = (int32_t)f;
	}
	int quota_full = quota_on && r->form_max[f] >= 0 &&
	                 r->form_count[f] >= r->form_max[f];
	/* the mentee's side: the form's quota, when it decides (the mentor has
	 * places, and to take the mentee it would not just swap a mentee of
	 * its in the same form, which keeps the form's count, or be stopped
	 * by pairs the curator fixed); else is this mentor still open to it? */
	int full = r->mentor_load[m] >= r->capacity[m];
	/* under one form per mentor a fixed pair holds the mentor's form */
	int form_fixed = r->cfg.one_form_per_mentor && r->mentor_fixed[m] > 0 &&
	                 r->mentor_form[m] != (int32_t)f;
	if (quota_full && r->capacity[m] > 0 && !form_fixed &&
	    !(full && (r->mentor_fixed[m] >= r->capacity[m] || (r->mentor_swap[m] >> f & 1)))) {
		te->quota_blocked++;
		te->quota_form = (int32_t)f;
	} else if (full) {
		te->cap_blocked++;
		te->cap_zero += r->capacity[m] == 0;
		te->fixed_full += r->capacity[m] > 0 && r->mentor_fixed[m] >= r->capacity[m];
	} else if (r->cfg.one_form_per_mentor && r->mentor_form[m] >= 0 &&
	           r->mentor_form[m] != (int32_t)f) {
		te->cap_blocked++;
		te->other_form++;
	}
	/* the mentor's side: is this mentee taken in the same form (a swap
	 * keeps the form's count, so its quota is not what blocks) or by a
	 * pair the curator fixed (no quota would free it), else is the pair's
	 * form full (then the mentee could not be its, taken or not), else is
	 * it taken? */
	int32_t held_by = r->mentee_edge[e];
	if (held_by >= 0 && quota_full && r->e_form[held_by] != (uint32_t)f &&
	    !(r->e_flags[held_by] & NV_EDGE_FIXED)) {
		tm->quota_blocked++;
		tm->quota_form = (int32_t)f;
	} else if (held_by >= 0) {
		tm->cap_blocked++;
		tm->fixed_full += (r->e_flags[held_by] & NV_EDGE_FIXED) != 0;
	} else if (quota_full) {
		tm->quota_blocked++;
		tm->quota_form = (int32_t)f;
	}
	if (!omitted || ps->tally_only)
		return;
	if (!ps->add_all && !nv_solution_could_improve(r->sol, &r->asg, m, e, f, s)) {
		/* left out for good if nothing is added: the gap's bound prices it */
		nv_solution_lagr_offer(r->sol, m, e, f, s);
		return;
	}
	if (ps->n_add == ps->cap_add) {
		ps->cap_add = ps->cap_add ? 2 * ps->cap_add : 256;
		ps->add_m = nv_xreallocarray(ps->add_m, ps->cap_add, sizeof *ps->add_m);
		ps->add_e = nv_xreallocarray(ps->add_e, ps->cap_add, sizeof *ps->add_e);
		ps->add_f = nv_xreallocarray(ps->add_f, ps->cap_add, sizeof *ps->add_f);
		ps->add_s = nv_xreallocarray(ps->add_s, ps->cap_add, sizeof *ps->add_s);
	}
	ps->add_m[ps->n_add] = m;
	ps->add_e[ps->n_add] = e;
	ps->add_f[ps->n_add] = f;
	ps->add_s[ps->n_add] = s;
	ps->n_add++;
}

/* Any per-form quota in the config (a minimum or a maximum). */
static int quotas_set(const nv_config *cfg)
{
	for (size_t f = 0; f < cfg->n_forms; f++)
		if (cfg->form[f].min_pairs > 0 || cfg->form[f].max_pairs >= 0)
			return 1;
	return 0;
}

/* Any maximum quota (what can leave a pair blocked by "quota"). */
static int quota_any(const nv_run *r)
{
	int quota_on = 0;
	for (size_t f = 0; f < r->cfg.n_forms; f++)
		quota_on |= r->form_max[f] >= 0;
	return quota_on;
}

static void best_below(nv_tally *tm, nv_tally *te, double s)
{
	if (s > tm->best_below)
		tm->best_below = s;
	if (s > te->best_below)
		te->best_below = s;
}

/* Counts an eligible pair in both people's tallies; 1 when it is usable
 * (not forbidden, score >= min_score). */
static int tally_pair(const nv_run *r, nv_tally *tm, nv_tally *te, uint32_t m, uint32_t e,
                      double s)
{
	tm->eligible++;
	te->eligible++;
	int low = s < r->cfg.min_score;
	if (nv_run_forbidden(r, m, e)) {
		tm->forbidden++;
		te->forbidden++;
		tm->forbidden_ok += !low;
		te->forbidden_ok += !low;
		if (low) /* below_min_score names the best of them all */
			best_below(tm, te, s);
		return 0;
	}
	if (low) {
		tm->below++;
		te->below++;
		best_below(tm, te, s);
		return 0;
	}
	return 1;
}

static int pass_block(void *ud, const nv_pairs *b)
{
	pass *ps = ud;
	nv_run *r = ps->r;
	int quota_on = quota_any(r);
	for (size_t i = 0; i < b->n; i++) {
		int32_t mi = r->row_index[b->mentor[i]], ei = r->row_index[b->mentee[i]];
		if (mi < 0 || ei < 0)
			continue;
		uint32_t m = (uint32_t)mi, e = (uint32_t)ei, f = b->form[i];
		double s = b->score[i];
		nv_tally *tm = &r->tally_mentor[m], *te = &r->tally_mentee[e];
		ps->seen++;
		if (!tally_pair(r, tm, te, m, e, s))
			continue;
		pass_usable(ps, quota_on, m, e, f, s, !edge_cursor_has(r, &ps->ec, pair_key(e, m)));
	}
	if (r->eligible)
		nv_progress_set(&r->prog, (double)ps->seen / (double)r->eligible);
	return 0;
}

/* One pass over every eligible pair: from the recorded usable pairs when
 * there are, else by scoring them all again. The tallies start from their
 * answer-free part. */
static int pass_run(nv_run *r, pass *ps)
{
	if (!r->use_on)
		return nv_score_each(r->model, pass_block, ps);
	memcpy(r->tally_mentor, r->use_mentor, r->n_mentors * sizeof *r->tally_mentor);
	memcpy(r->tally_mentee, r->use_mentee, r->n_mentees * sizeof *r->tally_mentee);
	int quota_on = quota_any(r);
	const uint32_t *um = r->u_mentor;
	const int32_t *uq = r->u_q;
	const uint8_t *uf = r->u_form;
	for (size_t g = 0; g < r->n_run; g++) {
		uint32_t e = r->u_run[g];
		for (size_t i = r->u_start[g]; i < r->u_start[g + 1]; i++) {
			int omitted = !edge_cursor_has(r, &ps->ec, pair_key(e, um[i]));
			pass_usable(ps, quota_on, um[i], e, uf[i], (double)uq[i] / 1e6, omitted);
		}
	}
	ps->seen = r->use_seen;
	nv_progress_set(&r->prog, 1.0);
	return NV_OK;
}

/* The solver's regions (nv_asg.region): a mentor whose pairs are all in
 * forms within one org (student-student, teacher-teacher, teacher-student
 * by default) has its org's; any other, its district's, numbered after
 * the orgs. From the pairs of the problem as it stands. */
static void regions_fill(nv_run *r)
{
	const nv_table *t = r->t;
	uint32_t n_orgs = 0;
	for (size_t m = 0; m < r->n_mentors; m++) {
		uint32_t o = t->org[r->mentor_row[m]];
		if (o != UINT32_MAX && o + 1 > n_orgs)
			n_orgs = o + 1;
		r->mentor_region[m] = o;
	}
	for (size_t e = 0; e < r->n_edges; e++)
		if (!r->cfg.form[r->e_form[e]].same_org)
			r->mentor_region[r->e_mentor[e]] = UINT32_MAX;
	for (size_t m = 0; m < r->n_mentors; m++)
		if (r->mentor_region[m] == UINT32_MAX)
			r->mentor_region[m] = n_orgs + t->district[r->mentor_row[m]];
}

/* The solver's messages name people and forms by their ids and names */
static const char *asg_name(const void *ud, char kind, uint32_t i)
{
	const nv_run *r = ud;
	if (kind == 'm')
		return i < r->n_mentors ? r->t->id[r->mentor_row[i]] : NULL;
	if (kind == 'e')
		return i < r->n_mentees ? r->t->id[r->mentee_row[i]] : NULL;
	return i < r->cfg.n_forms ? r->cfg.form[i].name : NULL;
}

static void asg_fill(nv_run *r, nv_objective obj)
{
	nv_asg *a = &r->asg;
	memset(a, 0, sizeof *a);
	a->n_mentors = r->n_mentors;
	a->n_mentees = r->n_mentees;
	a->n_edges = r->n_edges;
	a->n_forms = r->cfg.n_forms;
	a->mentor = r->e_mentor;
	a->mentee = r->e_mentee;
	a->score = r->e_score;
	a->form = r->e_form;
	a->flags = r->e_flags;
	if (r->hold_form) { /* the pairs of a form a mentor is not held to */
		r->hold_flags = nv_xreallocarray(r->hold_flags, r->n_edges + 1, 1);
		for (size_t ed = 0; ed < r->n_edges; ed++) {
			int32_t f = r->hold_form[r->e_mentor[ed]];
			r->hold_flags[ed] =
			        r->e_flags[ed] |
			        (f >= 0 && (uint32_t)f != r->e_form[ed] ? NV_EDGE_FORBIDDEN : 0);
		}
		a->flags = r->hold_flags;
	}
	a->capacity = r->capacity;
	a->form_min = r->form_min;
	a->form_max = r->form_max;
	a->one_form_per_mentor = r->cfg.one_form_per_mentor;
	regions_fill(r);
	a->region = r->mentor_region;
	a->objective = obj;
	a->minimize = 0;
	a->name = asg_name;
	a->name_ud = r;
}

/* No answer yet: every mentor open, every mentee free (the tallies of an
 * add-all pass are not used). */
static void answer_clear(nv_run *r)
{
	for (size_t e = 0; e < r->n_mentees; e++)
		r->mentee_edge[e] = -1;
	for (size_t m = 0; m < r->n_mentors; m++) {
		r->mentor_load[m] = 0;
		r->mentor_fixed[m] = 0;
		r->mentor_form[m] = -1;
		r->mentor_swap[m] = 0;
	}
	for (size_t f = 0; f < r->cfg.n_forms; f++)
		r->form_count[f] = 0;
}

/* The pass over every eligible pair against r's answer, its tallies from
 * zero; r->eligible counts the pairs. */
static int tally_pass(nv_run *r, pass *ps)
{
	for (size_t m = 0; m < r->n_mentors; m++)
		tally_reset(&r->tally_mentor[m]);
	for (size_t e = 0; e < r->n_mentees; e++)
		tally_reset(&r->tally_mentee[e]);
	int rc = pass_run(r, ps);
	if (rc == NV_OK)
		r->eligible = ps->seen;
	return rc;
}

/* Adds the pass's pairs to the problem; how many. */
static void pass_free(pass *ps)
{
	free(ps->add_m);
	free(ps->add_e);
	free(ps->add_f);
	free(ps->add_s);
}

static size_t pass_add(nv_run *r, pass *ps)
{
	for (size_t i = 0; i < ps->n_add; i++)
		edge_push(r, ps->add_m[i], ps->add_e[i], ps->add_f[i], ps->add_s[i], NULL, 0);
	pass_free(ps);
	if (ps->n_add)
		edges_sort(r);
	return ps->n_add;
}

/* Solves, then streams every eligible pair: tallies for the reasons, and
 * the omitted pairs the duals cannot rule out are added for another round.
 * grow_only: only the quick rounds that grow the pair set, not the search
 * (explain, before it reads the answer back: the set its re-solves start
 * from is the one match's search had); nothing when there are none.
 * until: when > 0, the rounds end by then at the latest (a second solve
 * within the run's limit); r->deadline is when they had to end. */
static int solve_rounds(nv_run *r, nv_objective obj, nv_lang lang, int grow_only, double until,
                        nv_diag *diag)
{
	/* A pruned set may miss the pairs a min_pairs quota needs: infeasible
	 * there proves nothing until every usable pair is in. */
	int whole = r->top_k == 0;
	/* The time limit holds for the whole run, every round included: a
	 * round past it still returns the solver's quick repair answer. */
	int quota_set = quotas_set(&r->cfg);
	double limit = r->time_limit > 0 ? r->time_limit
	               : quota_set       ? NV_TIME_LIMIT_QUOTA_DEFAULT
	                                 : nv_time_limit_default(r->n_edges);
	double deadline = nv_now() + limit;
	if (until > 0 && until < deadline)
		deadline = until;
	r->deadline = deadline;
	/* Under one form per mentor (no quotas: the form search) the rounds
	 * that grow the pair set are quick: relaxations and dives without the
	 * branch and bound, whose duals say which omitted pairs to add. The
	 * search itself runs once the set is complete, with the time left.
	 * A chosen solver (flow, glpk) runs whole every round. */
	int quick = !whole && r->cfg.one_form_per_mentor && !quota_set &&
	            r->sp.kind == NV_SOLVER_AUTO;
	if (grow_only && !quick)
		return NV_OK;
	/* a quick round's answer, by pairs: it stays feasible as pairs are
	 * added, so the next quick round takes it instead of a repair dive */
	uint64_t *prev = NULL;
	size_t n_prev = 0;
	uint8_t *hint = NULL;
	int rc = NV_OK;
	for (;;) {
		asg_fill(r, obj);
		free(hint);
		hint = NULL;
		if (quick && prev) {
			hint = nv_xcalloc(r->n_edges + 1, 1);
			for (size_t k = 0; k < n_prev; k++) {
				int64_t ed = nv_run_edge(r, (uint32_t)prev[k], (uint32_t)(prev[k] >> 32));
				if (ed >= 0)
					hint[ed] = 1;
			}
			r->asg.hint = hint;
		}
		nv_solution_free(r->sol);
		r->sol = NULL;
		nv_progress_stage(&r->prog, "solve");
		double left = deadline - nv_now();
		r->sp.time_limit = !quick && left > 1e-3 ? left : 1e-3;
		/* maximin's searches need the dives to find their counts */
		r->sp.quick = !quick ? 0 : obj == NV_OBJ_MAXIMIN ? 1 : 2;
		r->sp.progress = nv_progress_cb; /* the search, on a terminal */
		r->sp.progress_ud = &r->prog;
		rc = nv_asg_solve(&r->asg, &r->sp, &r->sol);
		r->rounds++;
		if (rc == NV_EINFEAS && !whole) {
			pass ps = {.r = r, .add_all = 1};
			answer_clear(r);
			if (pass_run(r, &ps) != NV_OK) {
				nv_diag_error(diag, r->t->path, 0, NULL, "scoring failed");
				rc = NV_EFAIL;
				break;
			}
			pass_add(r, &ps);
			whole = 1;
			continue;
		}
		if (rc == NV_EINFEAS) {
			nv_run_report_conflicts(r, r->sol, r->e_mentor, r->e_mentee, lang, diag);
			break;
		}
		if (rc != NV_OK || !r->sol) {
			if (r->sol && r->sol->model_unwritten)
				nv_diag_error(diag, NULL, 0, NULL, "%s", r->sol->proof);
			else
				nv_diag_error(diag, r->t->path, 0, NULL, "solver failed: %s",
				              r->sol ? r->sol->proof : "no answer");
			rc = NV_EFAIL;
			break;
		}
		answer_apply(r);
		if (r->sp.quick == 2) {
			/* by pairs: the edges are renumbered when pairs are added
			 * (quick 2, the one that can take it; maximin's 1 cannot) */
			n_prev = r->sol->n_chosen;
			prev = nv_xreallocarray(prev, n_prev + 1, sizeof *prev);
			for (size_t k = 0; k < n_prev; k++) {
				uint32_t e = r->sol->chosen[k];
				prev[k] = (uint64_t)r->e_mentee[e] << 32 | r->e_mentor[e];
			}
		}
		nv_progress_stage(&r->prog, "check");
		pass ps = {.r = r};
		rc = tally_pass(r, &ps);
		if (rc != NV_OK) {
			nv_diag_error(diag, r->t->path, 0, NULL, "scoring failed");
			rc = NV_EFAIL;
			break;
		}
		if (pass_add(r, &ps))
			continue;
		/* The set is complete: now the search (for maximin, unless the
		 * quick rounds left it under a quarter of the time: their answer
		 * stands, its searches done already). */
		int last = !quick || r->sol->proven || grow_only ||
		           (obj == NV_OBJ_MAXIMIN && deadline - nv_now() < 0.25 * limit);
		/* Every eligible pair is in the problem or was offered: an unproven
		 * one-form answer gets its Lagrangian gap, its prices searched
		 * again with the pairs offered that raise it, and those offered
		 * again against them (not for the held step: its gap is the first
		 * solve's). The same tallies each time: the answer is the same. */
		while (last && !grow_only && !r->hold_form &&
		       nv_solution_lagr_reprice(r->sol, &r->asg)) {
			pass again = {.r = r};
			rc = tally_pass(r, &again);
			NV_ASSERT(rc != NV_OK || again.n_add == 0);
			pass_free(&again);
			if (rc != NV_OK)
				break;
		}
		if (rc != NV_OK) {
			nv_diag_error(diag, r->t->path, 0, NULL, "scoring failed");
			rc = NV_EFAIL;
			break;
		}
		nv_solution_lagr_finish(r->sol);
		if (last)
			break;
		quick = 0;
	}
	r->asg.hint = NULL;
	free(hint);
	free(prev);
	return rc;
}

/* Holds every mentor with pairs in r's answer to its form (r->hold_form;
 * the others free) for the solves that follow. */
static void hold_forms(nv_run *r)
{
	free(r->hold_form);
	r->hold_form = nv_xmalloc((r->n_mentors + 1) * sizeof *r->hold_form);
	memcpy(r->hold_form, r->mentor_form, r->n_mentors * sizeof *r->hold_form);
}

int nv_run_fix_and_solve(nv_run *r, uint32_t mentor, uint32_t mentee, int hold, nv_diag *diag)
{
	/* the pair sentences follow edge indices, which change here */
	for (size_t e = 0; r->edge_reason && e < r->n_edges; e++)
		free(r->edge_reason[e]);
	free(r->edge_reason);
	r->edge_reason = NULL;
	int64_t ed = nv_run_edge(r, mentor, mentee);
	if (ed >= 0) {
		r->e_flags[ed] |= NV_EDGE_FIXED;
	} else {
		int f = nv_model_pair_form(r->model, r->mentor_row[mentor], r->mentee_row[mentee]);
		NV_ASSERT(f >= 0);
		double c[NV_NTERMS];
		double s = nv_score_pair(r->model, r->mentor_row[mentor], r->mentee_row[mentee], c);
		edge_push(r, mentor, mentee, (uint32_t)f, s, c, NV_EDGE_FIXED);
		edges_sort(r);
		ed = nv_run_edge(r, mentor, mentee);
	}
	if (hold) {
		hold_forms(r);
		r->hold_form[mentor] = (int32_t)r->e_form[ed];
	}
	/* in key order, once, with no line of the constraints file */
	uint64_t k = pair_key(mentee, mentor);
	size_t at = 0;
	while (at < r->n_fix && r->fix[at] < k)
		at++;
	if (at == r->n_fix || r->fix[at] != k) {
		r->fix = nv_xreallocarray(r->fix, r->n_fix + 1, sizeof *r->fix);
		r->fix_line = nv_xreallocarray(r->fix_line, r->n_fix + 1, sizeof *r->fix_line);
		memmove(r->fix + at + 1, r->fix + at, (r->n_fix - at) * sizeof *r->fix);
		memmove(r->fix_line + at + 1, r->fix_line + at,
		        (r->n_fix - at) * sizeof *r->fix_line);
		r->fix[at] = k;
		r->fix_line[at] = 0;
		r->n_fix++;
	}
	return solve_rounds(r, r->asg.objective, r->p.lang, 0, 0, diag);
}

/* An answer the one-form search could not prove is solved once more with
 * every mentor that has pairs held to its form (the others free), its
 * pairs grown by rounds as the first solve's were. Those rounds priced
 * the pairs left out against the relaxation that ignores the rule; here
 * they are priced against the held problem's own, and the pairs it wants
 * come in (the generated district of seed 1: 9 of them, and 0.086514
 * more in total). The held answer is the best one with those forms, and
 * is taken when it beats the search's with as many pairs; the bound the
 * first solve stated holds for the whole eligible set, so the gap is
 * counted from it. Without quotas, on the default solver; within the
 * run's time limit. */
static int polish_held(nv_run *r, nv_objective obj, nv_diag *diag)
{
	nv_solution *old = r->sol;
	if (old->proven || !r->cfg.one_form_per_mentor || quotas_set(&r->cfg) ||
	    r->sp.kind != NV_SOLVER_AUTO || nv_now() >= r->deadline)
		return NV_OK;
	/* the answer by pairs: the edges are renumbered when pairs are added */
	size_t n = old->n_chosen;
	uint64_t *keys = nv_xmalloc((n + 1) * sizeof *keys);
	for (size_t k = 0; k < n; k++)
		keys[k] = pair_key(r->e_mentee[old->chosen[k]], r->e_mentor[old->chosen[k]]);
	hold_forms(r);
	r->sol = NULL;
	nv_diag *d = nv_diag_new(0); /* a failed polish leaves the answer as it was */
	int rc = solve_rounds(r, obj, NV_LANG_EN, 0, r->deadline, d);
	nv_diag_free(d);
	free(r->hold_form);
	r->hold_form = NULL;
	asg_fill(r, obj); /* the pairs' own flags again */
	nv_solution *s = r->sol;
	/* as many pairs (under maximin at the same smallest pair score, so
	 * that the first solve's bound on the total still holds), more in
	 * total */
	if (rc == NV_OK && s && s->matched == old->matched && !old->gap_pairs &&
	    (obj != NV_OBJ_MAXIMIN || fabs(s->min_score - old->min_score) < 5e-7) &&
	    nv_answer_beats(obj, s, old->matched, old->total, old->min_score)) {
		double gain = (double)(nv_micro(s->total) - nv_micro(old->total)) / 1e6;
		s->proven = 0;
		s->gap = old->gap > gain ? old->gap - gain : 0;
		s->gap_pairs = 0;
		s->threshold_proven = old->threshold_proven;
		/* the first solve's proof, then this step's (room kept for it) */
		static const char step[] = "; then, with every mentor that has pairs held to its "
		                           "form and the pairs priced again, %.6f more: at most "
		                           "%.6f below the optimum";
		int len = snprintf(s->proof, sizeof s->proof, "%.*s",
		                   (int)(sizeof s->proof - sizeof step - 64), old->proof);
		snprintf(s->proof + len, sizeof s->proof - (size_t)len, step, gain, s->gap);
		nv_solution_free(old);
		free(keys);
		return NV_OK;
	}
	nv_solution_free(s);
	r->sol = old;
	for (size_t k = 0; k < n; k++) {
		int64_t ed = nv_run_edge(r, (uint32_t)keys[k], (uint32_t)(keys[k] >> 32));
		NV_ASSERT(ed >= 0);
		old->chosen[k] = (uint32_t)ed;
	}
	free(keys);
	qsort(old->chosen, n, sizeof *old->chosen, cmp_u32);
	answer_apply(r);
	pass ps = {.r = r, .tally_only = 1};
	if (tally_pass(r, &ps) != NV_OK) {
		nv_diag_error(diag, r->t->path, 0, NULL, "scoring failed");
		return NV_EFAIL;
	}
	return NV_OK;
}

/* --- an answer read back (explain) --- */

typedef struct read_pair {
	uint64_t key;  /* pair_key */
	int64_t micro; /* the score as written */
} read_pair;

typedef struct answer_read {
	const nv_run *r;
	idmap ids;
	read_pair *p;
	size_t n, cap;
	int bad;
} answer_read;

static int cmp_read_pair(const void *a, const void *b)
{
	return cmp_u64(&((const read_pair *)a)->key, &((const read_pair *)b)->key);
}

static int answer_record(void *ud, long line, size_t nf, char **f, const uint8_t *bad)
{
	answer_read *ar = ud;
	/* group,mentor_id,mentee_id,form,score,... */
	if (bad || nf < 5 ||
	    (line == 1 && (strcmp(f[1], "mentor_id") || strcmp(f[2], "mentee_id")))) {
		ar->bad = 1;
		return 0;
	}
	if (line == 1)
		return 0;
	nv_constraint c = {.mentor_id = f[1], .mentee_id = f[2]};
	uint32_t m = 0, e = 0;
	int form = -1;
	char *end;
	double sc = strtod(f[4], &end);
	char buf[512];
	if (pair_problem(ar->r, &ar->ids, &c, &m, &e, &form, buf, sizeof buf) || end == f[4] ||
	    *end) {
		ar->bad = 1;
		return 0;
	}
	if (ar->n == ar->cap) {
		ar->cap = ar->cap ? 2 * ar->cap : 256;
		ar->p = nv_xreallocarray(ar->p, ar->cap, sizeof *ar->p);
	}
	ar->p[ar->n++] = (read_pair){pair_key(e, m), nv_micro(sc)};
	return 0;
}

/* The answer of a match folder's pairs.csv as r's, with the proof its
 * summary.json states, and the tallies of every eligible pair for the
 * reasons: what the run would have found, since the same inputs give
 * the same answer, without its search. NV_EDATA, r's answer unset, when
 * the file does not hold this run's answer: an unknown, ineligible,
 * forbidden or below-min_score pair, a score other than the pair's now,
 * another count or total than summary.json's, or any constraint broken.
 * The pairs it added to r stay, eligible as they are. */
static int answer_load(nv_run *r, nv_objective obj, const char *pairs_path,
                       const nv_answer_in *in)
{
	answer_read ar = {.r = r};
	idmap_build(&ar.ids, r->t);
	nv_diag *d = nv_diag_new(0);
	int rc = nv_csv_each(pairs_path, NV_ENC_UTF8, 1, NULL, answer_record, &ar, d);
	nv_diag_free(d);
	idmap_free(&ar.ids);
	if (rc != NV_OK || ar.n != in->matched)
		ar.bad = 1;
	/* in edge order; a pair the pruned first set left out joins it, as a
	 * round adds it */
	if (!ar.bad && ar.n) /* an empty answer may have no array */
		qsort(ar.p, ar.n, sizeof *ar.p, cmp_read_pair);
	size_t before = r->n_edges;
	for (size_t k = 0; k < ar.n && !ar.bad; k++) {
		uint32_t e = (uint32_t)(ar.p[k].key >> 32), m = (uint32_t)ar.p[k].key;
		if (edge_find(r, before, m, e) >= 0)
			continue;
		int f = nv_model_pair_form(r->model, r->mentor_row[m], r->mentee_row[e]);
		double c[NV_NTERMS];
		double sc = nv_score_pair(r->model, r->mentor_row[m], r->mentee_row[e], c);
		if (f < 0 || sc < r->cfg.min_score || nv_run_forbidden(r, m, e))
			ar.bad = 1;
		else
			edge_push(r, m, e, (uint32_t)f, sc, c, 0);
	}
	if (r->n_edges != before)
		edges_sort(r);
	nv_solution *s = nv_xcalloc(1, sizeof *s);
	s->chosen = nv_xreallocarray(NULL, ar.n + 1, sizeof *s->chosen);
	for (size_t k = 0; k < ar.n && !ar.bad; k++) {
		int64_t ed = nv_run_edge(r, (uint32_t)ar.p[k].key, (uint32_t)(ar.p[k].key >> 32));
		NV_ASSERT(ed >= 0);
		double sc = r->e_score[ed];
		if (nv_micro(sc) != ar.p[k].micro)
			ar.bad = 1; /* scored otherwise now */
		s->chosen[s->n_chosen++] = (uint32_t)ed;
		s->total += sc;
		if (k == 0 || sc < s->min_score)
			s->min_score = sc;
	}
	free(ar.p);
	s->matched = s->n_chosen;
	s->proven = in->proven;
	s->gap = in->gap;
	s->gap_pairs = in->gap_pairs;
	snprintf(s->proof, sizeof s->proof, "%s", in->proof);
	/* the total stated, to its six decimals (a pairs.csv edited by hand
	 * with scores of the pairs it names is not the run's answer) */
	if (fabs(s->total - in->total) > 1e-6)
		ar.bad = 1;
	asg_fill(r, obj);
	char msg[256];
	if (ar.bad || nv_asg_check(&r->asg, s->chosen, s->n_chosen, msg, sizeof msg) != NV_OK) {
		nv_solution_free(s);
		return NV_EDATA;
	}
	nv_solution_free(r->sol);
	r->sol = s;
	answer_apply(r);
	pass ps = {.r = r, .tally_only = 1};
	if (tally_pass(r, &ps) != NV_OK) {
		answer_clear(r);
		nv_solution_free(r->sol);
		r->sol = NULL;
		return NV_EDATA;
	}
	return NV_OK;
}

/* --- the pipeline --- */

/* The lowest-scoring usable pair (not forbidden, >= min_score; ties: the
 * smallest key). A pruned first solve includes it so the solver's weights
 * span every omitted pair and its duals can rule most of them out. */
typedef struct lowest {
	nv_run *r;
	int found;
	uint32_t m, e, f;
	double s;
} lowest;

static int lowest_block(void *ud, const nv_pairs *b)
{
	lowest *lo = ud;
	nv_run *r = lo->r;
	for (size_t i = 0; i < b->n; i++) {
		int32_t m = r->row_index[b->mentor[i]], e = r->row_index[b->mentee[i]];
		double s = b->score[i];
		if (m < 0 || e < 0 || s < r->cfg.min_score)
			continue;
		if (lo->found && (s > lo->s || (s == lo->s && pair_key((uint32_t)e, (uint32_t)m) >
		                                                   pair_key(lo->e, lo->m))))
			continue;
		if (nv_run_forbidden(r, (uint32_t)m, (uint32_t)e))
			continue;
		lo->found = 1;
		lo->m = (uint32_t)m;
		lo->e = (uint32_t)e;
		lo->f = b->form[i];
		lo->s = s;
	}
	return 0;
}

/* Records the usable pairs and the answer-free tallies (see nv_run). */
static int use_block(void *ud, const nv_pairs *b)
{
	nv_run *r = ud;
	for (size_t i = 0; i < b->n; i++) {
		int32_t mi = r->row_index[b->mentor[i]], ei = r->row_index[b->mentee[i]];
		if (mi < 0 || ei < 0)
			continue;
		uint32_t m = (uint32_t)mi, e = (uint32_t)ei;
		double s = b->score[i];
		nv_tally *tm = &r->use_mentor[m], *te = &r->use_mentee[e];
		r->use_seen++;
		if (!tally_pair(r, tm, te, m, e, s))
			continue;
		if (r->n_use == r->cap_use) {
			size_t cap = r->cap_use ? r->cap_use + r->cap_use / 2 : 1 << 16;
			r->u_mentor = nv_xreallocarray(r->u_mentor, cap, sizeof *r->u_mentor);
			r->u_q = nv_xreallocarray(r->u_q, cap, sizeof *r->u_q);
			r->u_form = nv_xreallocarray(r->u_form, cap, sizeof *r->u_form);
			r->cap_use = cap;
		}
		size_t k = r->n_use++;
		if (!r->n_run || r->u_run[r->n_run - 1] != e) {
			if (r->n_run + 1 == r->cap_run) { /* room for the end too */
				r->cap_run *= 2;
				r->u_run = nv_xreallocarray(r->u_run, r->cap_run, sizeof *r->u_run);
				r->u_start = nv_xreallocarray(r->u_start, r->cap_run, sizeof *r->u_start);
			}
			r->u_run[r->n_run] = e;
			r->u_start[r->n_run++] = k;
		}
		r->u_mentor[k] = m;
		r->u_q[k] = (int32_t)llround(s * 1e6);
		r->u_form[k] = (uint8_t)b->form[i];
	}
	return 0;
}

/* The eligible pairs up to which they are recorded: NV_RECORD_PAIRS (a
 * whole number) or USE_BUDGET. */
static uint64_t use_budget(void)
{
	const char *env = getenv("NV_RECORD_PAIRS");
	char *end;
	if (!env || !*env)
		return USE_BUDGET;
	unsigned long long v = strtoull(env, &end, 10);
	return *end || *env == '-' ? USE_BUDGET : (uint64_t)v;
}

static int use_record(nv_run *r)
{
	r->use_mentor = nv_xmalloc((r->n_mentors + 1) * sizeof *r->use_mentor);
	r->use_mentee = nv_xmalloc((r->n_mentees + 1) * sizeof *r->use_mentee);
	for (size_t m = 0; m < r->n_mentors; m++)
		tally_reset(&r->use_mentor[m]);
	for (size_t e = 0; e < r->n_mentees; e++)
		tally_reset(&r->use_mentee[e]);
	r->cap_run = 1024;
	r->u_run = nv_xmalloc(r->cap_run * sizeof *r->u_run);
	r->u_start = nv_xmalloc(r->cap_run * sizeof *r->u_start);
	if (nv_score_each(r->model, use_block, r) != NV_OK)
		return NV_EFAIL;
	r->u_start[r->n_run] = r->n_use; /* the last run's end */
	r->use_on = 1;
	return NV_OK;
}

/* The kept pairs become edges as they stream out of the scorer (forbidden
 * pairs never enter the problem). */
static int keep_block(void *ud, const nv_pairs *b)
{
	nv_run *r = ud;
	edge_reserve(r, r->n_edges + b->n);
	for (size_t i = 0; i < b->n; i++) {
		int32_t m = r->row_index[b->mentor[i]], e = r->row_index[b->mentee[i]];
		NV_ASSERT(m >= 0 && e >= 0);
		if (nv_run_forbidden(r, (uint32_t)m, (uint32_t)e))
			continue;
		edge_push(r, (uint32_t)m, (uint32_t)e, b->form[i], b->score[i],
		          b->contrib ? b->contrib + i * NV_NTERMS : NULL, 0);
	}
	return 0;
}

int nv_run_build(const nv_match_params *p, const nv_answer_in *answer, nv_run **out,
                 nv_diag *diag)
{
	nv_run *r = nv_xcalloc(1, sizeof *r);
	int rc = NV_OK;
	r->p = *p;
	r->diag = diag;
	*out = r;
	nv_config_init(&r->cfg);
	nv_progress_init(&r->prog, p->quiet, p->command);

	/* load */
	double t0 = nv_now();
	nv_progress_stage(&r->prog, "load");
	nv_read_params rp;
	nv_read_params_init(&rp);
	rp.encoding = p->encoding;
	if (nv_table_read(p->participants, &rp, &r->t, diag) != NV_OK || !r->t)
		return NV_EDATA;
	nv_table *t = r->t;
	r->mentee_id_row = -1;
	if (p->mentee_id) { /* explain: a wrong id is said at once, not after the solve */
		int64_t row = -1;
		for (size_t i = 0; i < t->n && row < 0; i++)
			if (!strcmp(t->id[i], p->mentee_id))
				row = (int64_t)i;
		r->mentee_id_row = row;
		if (row < 0)
			return NV_EDATA;
	}
	r->row_index = nv_xreallocarray(NULL, t->n ? t->n : 1, sizeof *r->row_index);
	r->mentor_row = nv_xreallocarray(NULL, t->n ? t->n : 1, sizeof *r->mentor_row);
	r->mentee_row = nv_xreallocarray(NULL, t->n ? t->n : 1, sizeof *r->mentee_row);
	for (size_t i = 0; i < t->n; i++) {
		r->row_index[i] = -1;
		if (t->status[i] == NV_ROW_INVALID)
			r->n_invalid++;
		else if (t->status[i] == NV_ROW_NO_CONSENT)
			r->n_no_consent++;
		else if (t->role[i] == NV_MENTOR) {
			r->row_index[i] = (int32_t)r->n_mentors;
			r->mentor_row[r->n_mentors++] = (uint32_t)i;
		} else {
			NV_ASSERT(t->role[i] == NV_MENTEE);
			r->row_index[i] = (int32_t)r->n_mentees;
			r->mentee_row[r->n_mentees++] = (uint32_t)i;
		}
	}
	/* every problem of every input, before stopping on any */
	int bad = 0;
	if (r->n_invalid && !p->skip_invalid) {
		/* after the rows' own messages, as check ends (match's outputs
		 * are written whole or not at all) */
		const char *it = r->n_invalid == 1 ? "it" : "them";
		nv_diag_error(diag, t->path, 0, NULL,
		              "%zu invalid row%s%s: fix %s, or --skip-invalid sends %s to "
		              "unmatched.csv and matches the rest",
		              r->n_invalid, nv_s(r->n_invalid),
		              p->command ? "" : ", nothing written", it, it);
		bad = 1;
	}
	if (p->config_path && nv_config_load(&r->cfg, p->config_path, diag) != NV_OK)
		bad = 1;
	else
		nv_config_check_table(&r->cfg, t, diag);
	/* --encoding names the participants' encoding: the constraints file's
	 * own is detected (a UTF-8 BOM, say, as such) */
	if (p->constraints_path &&
	    nv_constraints_read(p->constraints_path, NV_ENC_AUTO, &r->cons, diag) != NV_OK)
		bad = 1;
	if (bad)
		return NV_EDATA;
	r->abs_participants = abs_path(p->participants);
	r->abs_config = abs_path(p->config_path);
	r->abs_constraints = abs_path(p->constraints_path);
	/* the inputs' fingerprint: explain tells by it whether they changed */
	uint64_t part[3] = {t->hash, p->config_path ? r->cfg.hash : 0,
	                    r->cons ? r->cons->hash : 0};
	nv_hash h = {0};
	nv_hash_add(&h, part, sizeof part);
	r->fingerprint = nv_hash_end(&h);
	r->t_load = nv_now() - t0;

	/* features */
	t0 = nv_now();
	nv_progress_stage(&r->prog, "features");
	r->model = nv_model_new(t, &r->cfg);
	r->t_features = nv_now() - t0;

	/* constraints (they need eligibility, so after the model) */
	rc = constraints_apply(r, diag);
	if (rc != NV_OK)
		return rc;

	/* score */
	t0 = nv_now();
	nv_progress_stage(&r->prog, "score");
	nv_score_params sp;
	nv_score_params_init(&sp);
	sp.min_score = r->cfg.min_score;
	sp.keep_contrib = 1;
	r->top_k = p->top_k;
	double product = (double)r->n_mentors * (double)r->n_mentees;
	if (!r->top_k && product > KEEP_ALL_PRODUCTS &&
	    !(quotas_set(&r->cfg) && product <= QUOTA_ALL_PRODUCTS)) {
		double k = EDGE_BUDGET / (double)(r->n_mentees ? r->n_mentees : 1);
		r->top_k = k < MIN_K ? MIN_K : k > MAX_K ? MAX_K : (size_t)k;
	}
	sp.top_k = r->top_k;
	sp.progress = nv_progress_cb;
	sp.progress_ud = &r->prog;
	nv_score_stats st;
	memset(&st, 0, sizeof st);
	if (nv_score_stream(r->model, &sp, keep_block, r, &st) != NV_OK) {
		nv_diag_error(diag, t->path, 0, NULL, "scoring failed");
		return NV_EFAIL;
	}
	r->eligible = st.eligible;
	r->kept = st.kept;
	/* a form the config set up that takes no pair of this file (a rule
	 * on a column its categories leave empty, a range no one is in) is
	 * said: it would stay silently empty; the last of the inputs' own
	 * messages, which explain does not repeat */
	nv_config_note_empty_forms(&r->cfg, &st, t, diag);
	r->input_errors = nv_diag_errors(diag);
	r->input_notes = nv_diag_notes(diag);
	edges_sort(r);
	if (r->eligible <= use_budget() && use_record(r) != NV_OK) {
		nv_diag_error(diag, t->path, 0, NULL, "scoring failed");
		return NV_EFAIL;
	}
	if (r->top_k) {
		lowest lo = {.r = r};
		if (r->use_on) {
			for (size_t g = 0; g < r->n_run; g++) {
				uint32_t e = r->u_run[g];
				for (size_t i = r->u_start[g]; i < r->u_start[g + 1]; i++) {
					double s = (double)r->u_q[i] / 1e6;
					uint32_t m = r->u_mentor[i];
					if (lo.found && (s > lo.s || (s == lo.s && pair_key(e, m) >
					                                               pair_key(lo.e, lo.m))))
						continue;
					lo.found = 1;
					lo.m = m;
					lo.e = e;
					lo.f = r->u_form[i];
					lo.s = s;
				}
			}
		} else if (nv_score_each(r->model, lowest_block, &lo) != NV_OK) {
			nv_diag_error(diag, t->path, 0, NULL, "scoring failed");
			return NV_EFAIL;
		}
		if (lo.found && nv_run_edge(r, lo.m, lo.e) < 0) {
			edge_push(r, lo.m, lo.e, lo.f, lo.s, NULL, 0);
			edges_sort(r);
		}
	}
	/* fixed pairs are in whatever their score; the pairs added here are
	 * not in key order until the sort below, so only the sorted edges
	 * before them are searched (r->fix holds each pair once) */
	size_t before = r->n_edges;
	for (size_t i = 0; i < r->n_fix; i++) {
		uint32_t e = (uint32_t)(r->fix[i] >> 32), m = (uint32_t)r->fix[i];
		int64_t ed = edge_find(r, before, m, e);
		if (ed >= 0) {
			r->e_flags[ed] |= NV_EDGE_FIXED;
			continue;
		}
		int f = nv_model_pair_form(r->model, r->mentor_row[m], r->mentee_row[e]);
		NV_ASSERT(f >= 0);
		double c[NV_NTERMS];
		double s = nv_score_pair(r->model, r->mentor_row[m], r->mentee_row[e], c);
		edge_push(r, m, e, (uint32_t)f, s, c, NV_EDGE_FIXED);
	}
	if (r->n_edges != before)
		edges_sort(r);
	r->t_score = nv_now() - t0;

	/* solve */
	t0 = nv_now();
	r->capacity = nv_xreallocarray(NULL, r->n_mentors + 1, sizeof *r->capacity);
	for (size_t m = 0; m < r->n_mentors; m++)
		r->capacity[m] = t->capacity[r->mentor_row[m]];
	r->form_min = nv_xreallocarray(NULL, r->cfg.n_forms + 1, sizeof *r->form_min);
	r->form_max = nv_xreallocarray(NULL, r->cfg.n_forms + 1, sizeof *r->form_max);
	r->form_count = nv_xcalloc(r->cfg.n_forms + 1, sizeof *r->form_count);
	for (size_t f = 0; f < r->cfg.n_forms; f++) {
		r->form_min[f] = r->cfg.form[f].min_pairs;
		r->form_max[f] = r->cfg.form[f].max_pairs;
	}
	r->mentee_edge = nv_xreallocarray(NULL, r->n_mentees + 1, sizeof *r->mentee_edge);
	r->mentor_load = nv_xcalloc(r->n_mentors + 1, sizeof *r->mentor_load);
	r->mentor_fixed = nv_xcalloc(r->n_mentors + 1, sizeof *r->mentor_fixed);
	r->mentor_form = nv_xreallocarray(NULL, r->n_mentors + 1, sizeof *r->mentor_form);
	r->mentor_swap = nv_xcalloc(r->n_mentors + 1, sizeof *r->mentor_swap);
	r->mentor_region = nv_xreallocarray(NULL, r->n_mentors + 1, sizeof *r->mentor_region);
	r->tally_mentor = nv_xcalloc(r->n_mentors + 1, sizeof *r->tally_mentor);
	r->tally_mentee = nv_xcalloc(r->n_mentees + 1, sizeof *r->tally_mentee);
	nv_solve_params_init(&r->sp);
	r->sp.kind = p->solver;
	r->sp.model_path = p->model_path;
	r->time_limit = p->time_limit;
	nv_objective obj = p->objective >= 0 ? (nv_objective)p->objective : r->cfg.objective;
	r->inputs_changed = answer && answer->has_fingerprint && answer->fingerprint != r->fingerprint;
	if (answer && !r->inputs_changed) {
		char *pairs_path = nv_join_path(p->outdir, "pairs.csv");
		rc = solve_rounds(r, obj, NV_LANG_EN, 1, 0, diag);
		r->answer_read = rc == NV_OK && nv_regular_file(pairs_path) &&
		                 answer_load(r, obj, pairs_path, answer) == NV_OK;
		free(pairs_path);
	}
	if (!r->answer_read) {
		rc = solve_rounds(r, obj, NV_LANG_EN, 0, 0, diag); /* stderr is English */
		/* --write-model's model is this solve's problem, every form in it;
		 * the solves after it (the held step) write none */
		r->sp.model_path = NULL;
		if (rc == NV_OK)
			rc = polish_held(r, obj, diag);
	}
	r->t_solve = nv_now() - t0;
	if (rc != NV_OK)
		return rc;
	if (!r->sol->proven)
		nv_diag_note(diag, t->path, 0, NULL, "the answer is not proven optimal: %s",
		             r->sol->proof);

	t0 = nv_now();
	nv_progress_stage(&r->prog, "reasons");
	nv_reasons_fill(r);
	r->t_reasons = nv_now() - t0;
	return NV_OK;
}

void nv_run_free(nv_run *r)
{
	if (!r)
		return;
	if (r->t) {
		for (size_t i = 0; r->row_reason && i < r->t->n; i++)
			free(r->row_reason[i]);
	}
	for (size_t e = 0; r->edge_reason && e < r->n_edges; e++)
		free(r->edge_reason[e]);
	free(r->row_reason);
	free(r->edge_reason);
	free(r->code);
	nv_solution_free(r->sol);
	nv_model_free(r->model);
	nv_constraints_free(r->cons);
	nv_table_free(r->t);
	nv_config_done(&r->cfg);
	free(r->abs_participants);
	free(r->abs_config);
	free(r->abs_constraints);
	free(r->mentor_row);
	free(r->mentee_row);
	free(r->row_index);
	free(r->forbid);
	free(r->fix);
	free(r->fix_line);
	free(r->e_key);
	free(r->e_mentor);
	free(r->e_mentee);
	free(r->e_form);
	free(r->e_score);
	free(r->e_contrib);
	free(r->e_flags);
	free(r->capacity);
	free(r->form_min);
	free(r->form_max);
	free(r->form_count);
	free(r->mentee_edge);
	free(r->mentor_load);
	free(r->mentor_fixed);
	free(r->mentor_form);
	free(r->mentor_swap);
	free(r->mentor_region);
	free(r->hold_form);
	free(r->hold_flags);
	free(r->tally_mentor);
	free(r->tally_mentee);
	free(r->u_mentor);
	free(r->u_run);
	free(r->u_start);
	free(r->u_q);
	free(r->u_form);
	free(r->use_mentor);
	free(r->use_mentee);
	free(r);
}

int nv_match_run(const nv_match_params *p, nv_diag *diag)
{
	NV_ASSERT(p && p->participants && p->outdir);
	nv_run *r = NULL;
	int rc = nv_run_build(p, NULL, &r, diag);
	if (rc != NV_OK) {
		nv_progress_done(&r->prog);
		nv_run_free(r);
		return rc;
	}
	char msg[512];
	if (nv_output_check(r, msg, sizeof msg) != NV_OK) {
		nv_progress_done(&r->prog);
		nv_diag_error(diag, r->t->path, 0, NULL,
		              "internal error, nothing written: %s", msg);
		nv_run_free(r);
		return NV_EFAIL;
	}
	double t0 = nv_now();
	nv_progress_stage(&r->prog, "write");
	nv_outset *o = nv_outset_new();
	char *pp = nv_join_path(p->outdir, "pairs.csv");
	char *up = nv_join_path(p->outdir, "unmatched.csv");
	char *sp = nv_join_path(p->outdir, "summary.json");
	char *hp = nv_join_path(p->outdir, "report.html");
	FILE *fp = nv_outset_open(o, pp, diag);
	FILE *fu = fp ? nv_outset_open(o, up, diag) : NULL;
	FILE *fs = fu ? nv_outset_open(o, sp, diag) : NULL;
	FILE *fh = fs ? nv_outset_open(o, hp, diag) : NULL;
	char *xp = p->xlsx ? nv_join_path(p->outdir, "pairs.xlsx") : NULL;
	FILE *fx = fh && xp ? nv_outset_open(o, xp, diag) : NULL;
	if (!fh || (xp && !fx)) {
		rc = NV_EFAIL;
		goto done;
	}
	nv_output_pairs(r, fp);
	nv_output_unmatched(r, fu);
	/* the library writes the workbook by name: into the set's temporary,
	 * renamed with the others */
	if (xp && nv_workbook_write(r, nv_outset_tmp_path(o, fx), xp, diag) != NV_OK) {
		rc = NV_EFAIL;
		goto done;
	}
	r->t_write = nv_now() - t0;
	nv_summary_write(r, fs);
	nv_report_write(r, fh);
	rc = nv_outset_commit(o, diag);
done:
	nv_progress_done(&r->prog);
	nv_outset_free(o);
	free(pp);
	free(up);
	free(sp);
	free(hp);
	free(xp);
	nv_run_free(r);
	return rc;
}
