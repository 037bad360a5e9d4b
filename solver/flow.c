/* flow.c (max-weight b-matching by successive shortest paths)
 *
 * The assignment core as a min-cost flow: source -> mentee (1) -> mentor
 * (cost -w) -> sink (cap), plus a zero-cost bypass mentee -> sink for
 * "unmatched". A greedy start on tight arcs, then one Dijkstra per unplaced
 * mentee over reduced costs, stopped as soon as the sink is settled; node
 * potentials keep every residual reduced cost >= 0, and turn into the LP
 * duals at the end. All arithmetic in exact int64. */
#include "solverint.h"

#include <stdlib.h>
#include <string.h>

/* --- private ------------------------------------------------------------ */

typedef struct heap_ent {
	int64_t key;
	uint32_t node;
} heap_ent;

typedef struct heap {
	heap_ent *a;
	size_t n, cap;
} heap;

static void heap_push(heap *h, int64_t key, uint32_t node)
{
	if (h->n == h->cap) {
		h->cap = h->cap ? 2 * h->cap : 1024;
		h->a = nv_xreallocarray(h->a, h->cap, sizeof *h->a);
	}
	size_t i = h->n++;
	while (i > 0) {
		size_t p = (i - 1) / 2;
		if (h->a[p].key <= key)
			break;
		h->a[i] = h->a[p];
		i = p;
	}
	h->a[i].key = key;
	h->a[i].node = node;
}

static heap_ent heap_pop(heap *h)
{
	heap_ent top = h->a[0], last = h->a[--h->n];
	size_t i = 0;
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= h->n)
			break;
		if (c + 1 < h->n && h->a[c + 1].key < h->a[c].key)
			c++;
		if (h->a[c].key >= last.key)
			break;
		h->a[i] = h->a[c];
		i = c;
	}
	if (h->n)
		h->a[i] = last;
	return top;
}

typedef struct state {
	const nv_bm *g;
	uint32_t L, R;
	int32_t *mate;     /* per mentee: arc or -1 */
	uint32_t *arc_left; /* per arc: its mentee */
	int64_t *phi;      /* per node (mentees, then mentors); sink is 0 */
	int32_t *load;     /* per mentor */
	int64_t *head;     /* per mentor: first matched mentee or -1 */
	int64_t *nxt, *prv; /* per mentee: the mentor's list */
	int64_t *dist;
	uint32_t *seen, *done; /* stamps */
	uint32_t *pred;    /* per mentor: arc that reached it */
	uint32_t *final;   /* settled nodes of this search */
	heap h;
} state;

static void list_add(state *s, uint32_t m, uint32_t i)
{
	s->prv[i] = -1;
	s->nxt[i] = s->head[m];
	if (s->head[m] >= 0)
		s->prv[s->head[m]] = i;
	s->head[m] = i;
}

static void list_del(state *s, uint32_t m, uint32_t i)
{
	if (s->prv[i] >= 0)
		s->nxt[s->prv[i]] = s->nxt[i];
	else
		s->head[m] = s->nxt[i];
	if (s->nxt[i] >= 0)
		s->prv[s->nxt[i]] = s->prv[i];
}

/* Settles mentee x at distance d: relaxes its arcs to mentors and offers
 * its bypass as the end of the path. */
static inline void settle_mentee(state *s, uint32_t stamp, uint32_t x, int64_t d,
                                 uint32_t r, int64_t *D, int64_t *end,
                                 uint32_t *endi, size_t *nfinal)
{
	const nv_bm *g = s->g;
	uint32_t L = s->L;
	const int64_t *phi = s->phi;
	s->done[x] = stamp;
	s->seen[x] = stamp;
	s->dist[x] = d;
	s->final[(*nfinal)++] = x;
	int32_t own = s->mate[x];
	int64_t base = d + phi[x];
	for (uint32_t a = g->off[x]; a < g->off[x + 1]; a++) {
		uint32_t m = g->right[a], y = L + m;
		if ((int32_t)a == own || s->done[y] == stamp)
			continue;
		int64_t nd = base - g->w[a] - phi[y];
		NV_ASSERT(nd >= d);
		if (s->seen[y] != stamp || nd < s->dist[y]) {
			s->seen[y] = stamp;
			s->dist[y] = nd;
			s->pred[m] = a;
			heap_push(&s->h, nd, y);
		}
	}
	if (x != r && base < *D) {
		NV_ASSERT(phi[x] >= 0);
		*D = base;
		*end = -1;
		*endi = x;
	}
}

/* One shortest augmenting path from the unplaced mentee r. Matched arcs
 * are tight, so a mentor's mentees are settled with it, without the heap:
 * the heap only ever holds mentors. */
static void augment_from(state *s, uint32_t r, uint32_t stamp)
{
	const nv_bm *g = s->g;
	uint32_t L = s->L;
	int64_t *phi = s->phi;
	int64_t D = phi[r]; /* r's own bypass to the sink */
	int64_t end = -1;   /* -1: bypass of `endi`; else mentor */
	uint32_t endi = r;
	size_t nfinal = 0;

	s->h.n = 0;
	settle_mentee(s, stamp, r, 0, r, &D, &end, &endi, &nfinal);
	while (s->h.n) {
		heap_ent top = heap_pop(&s->h);
		uint32_t x = top.node;
		int64_t d = top.key;
		if (s->done[x] == stamp || d != s->dist[x])
			continue;
		if (d >= D)
			break;
		s->done[x] = stamp;
		s->final[nfinal++] = x;
		uint32_t m = x - L;
		if (s->load[m] < g->cap[m] && d + phi[x] < D) {
			NV_ASSERT(phi[x] >= 0);
			D = d + phi[x];
			end = m;
		}
		for (int64_t i = s->head[m]; i >= 0; i = s->nxt[i]) {
			if (s->done[i] == stamp)
				continue;
			NV_ASSERT(g->w[s->mate[i]] + phi[x] - phi[i] == 0);
			settle_mentee(s, stamp, (uint32_t)i, d, r, &D, &end, &endi, &nfinal);
		}
	}

	/* Potentials: settled nodes move down by how much closer they are. */
	for (size_t k = 0; k < nfinal; k++) {
		uint32_t x = s->final[k];
		phi[x] -= D - s->dist[x];
	}

	uint32_t m;
	if (end < 0) {
		if (endi == r)
			return; /* r stays unmatched */
		m = g->right[s->mate[endi]];
		list_del(s, m, endi);
		s->mate[endi] = -1;
	} else {
		m = (uint32_t)end;
		s->load[m]++;
	}
	for (;;) {
		uint32_t a = s->pred[m];
		uint32_t i = s->arc_left[a];
		int32_t old = s->mate[i];
		if (i != r)
			list_del(s, g->right[old], i);
		s->mate[i] = (int32_t)a;
		list_add(s, m, i);
		if (i == r)
			break;
		m = g->right[old];
	}
}

/* --- API ---------------------------------------------------------------- */

void nv_bm_solve(const nv_bm *g, int32_t *mate, int64_t *u, int64_t *v)
{
	uint32_t L = g->n_left, R = g->n_right, N = L + R;
	uint32_t n_arcs = g->off[L];
	state s;
	memset(&s, 0, sizeof s);
	s.g = g;
	s.L = L;
	s.R = R;
	s.mate = mate;
	s.arc_left = nv_xmalloc((size_t)n_arcs * sizeof *s.arc_left + 1);
	s.phi = nv_xcalloc(N + 1, sizeof *s.phi);
	s.load = nv_xcalloc(R + 1, sizeof *s.load);
	s.head = nv_xmalloc((R + 1) * sizeof *s.head);
	s.nxt = nv_xmalloc((L + 1) * sizeof *s.nxt);
	s.prv = nv_xmalloc((L + 1) * sizeof *s.prv);
	s.dist = nv_xmalloc((N + 1) * sizeof *s.dist);
	s.seen = nv_xcalloc(N + 1, sizeof *s.seen);
	s.done = nv_xcalloc(N + 1, sizeof *s.done);
	s.pred = nv_xmalloc((R + 1) * sizeof *s.pred);
	s.final = nv_xmalloc((N + 1) * sizeof *s.final);
	for (uint32_t m = 0; m < R; m++)
		s.head[m] = -1;

	/* Greedy start: every mentee's potential is its best weight, so its
	 * best arcs are tight; take the first best arc with room. */
	for (uint32_t i = 0; i < L; i++) {
		int64_t best = 0;
		uint32_t barc = UINT32_MAX;
		for (uint32_t a = g->off[i]; a < g->off[i + 1]; a++) {
			s.arc_left[a] = i;
			if (g->w[a] > best) {
				best = g->w[a];
				barc = a;
			}
		}
		s.phi[i] = best;
		mate[i] = -1;
		if (barc != UINT32_MAX && s.load[g->right[barc]] < g->cap[g->right[barc]]) {
			uint32_t m = g->right[barc];
			mate[i] = (int32_t)barc;
			s.load[m]++;
			list_add(&s, m, i);
		}
	}
	uint32_t stamp = 0;
	for (uint32_t i = 0; i < L; i++) {
		if (mate[i] >= 0 || g->off[i] == g->off[i + 1])
			continue;
		augment_from(&s, i, ++stamp);
	}
	for (uint32_t i = 0; i < L; i++)
		u[i] = s.phi[i] > 0 ? s.phi[i] : 0;
	for (uint32_t m = 0; m < R; m++)
		v[m] = s.phi[L + m] < 0 ? -s.phi[L + m] : 0;

	free(s.arc_left);
	free(s.phi);
	free(s.load);
	free(s.head);
	free(s.nxt);
	free(s.prv);
	free(s.dist);
	free(s.seen);
	free(s.done);
	free(s.pred);
	free(s.final);
	free(s.h.a);
}
