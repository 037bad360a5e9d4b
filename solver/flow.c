/* flow.c (max-weight b-matching by successive shortest paths)
 *
 * The assignment core as a min-cost flow: source -> left node (cap) ->
 * right node (cost -w) -> sink (cap), plus a zero-cost bypass left -> sink
 * for units left unmatched. A greedy start on tight arcs, then one Dijkstra
 * per unplaced unit of a left node over reduced costs, stopped as soon as
 * the sink is settled; node potentials keep every residual reduced cost
 * >= 0 and turn into the LP duals at the end. Matched arcs are mostly
 * tight, so a right node's partners are settled with it, without the heap.
 * The caller puts the side with fewer units on the left: searches
 * then end quickly at the plentiful other side. Or a start from an earlier
 * answer of nearly the same graph (warm_start): its arcs and prices kept
 * where they still hold, only the units and the right nodes that lost
 * their partners are searched for, the latter backwards from each (a
 * search from the sink would start from every node with a partner).
 * Exact int64 throughout. */
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
	uint8_t *flow;      /* per arc */
	uint32_t *arc_left; /* per arc: its left node */
	int64_t *phi;       /* per node (left, then right); the sink is 0 */
	int32_t *load_l, *load_r;
	int32_t *placed;    /* per left node: units sent, matched or bypassed */
	int32_t *head;      /* per right node: first matched arc or -1 */
	int32_t *nxt, *prv; /* per arc: the right node's list */
	int64_t *dist;
	uint32_t *seen, *done; /* stamps */
	uint32_t *pred;     /* right node: arc that reached it; left: matched arc */
	uint32_t *final;    /* settled nodes of this search */
	uint32_t *touched;  /* empty right nodes reached in this search */
	size_t ntouched;
	heap h;
	/* the search in progress */
	uint32_t stamp, root, endi;
	int64_t D, end;
	size_t nfinal;
	/* A start's right nodes left with room but a price (deficits): their
	 * sink arcs count as full, def_r units each, for a path to fill. */
	int32_t *def_r;
	uint32_t *def;
	size_t ndef;
	uint32_t *in_off, *in_arc; /* per right node: every arc into it */
} state;

static int32_t cap_left(const nv_bm *g, uint32_t x)
{
	return g->cap_left ? g->cap_left[x] : 1;
}

static void list_add(state *s, uint32_t y, uint32_t a)
{
	s->prv[a] = -1;
	s->nxt[a] = s->head[y];
	if (s->head[y] >= 0)
		s->prv[s->head[y]] = (int32_t)a;
	s->head[y] = (int32_t)a;
}

static void list_del(state *s, uint32_t y, uint32_t a)
{
	if (s->prv[a] >= 0)
		s->nxt[s->prv[a]] = s->nxt[a];
	else
		s->head[y] = s->nxt[a];
	if (s->nxt[a] >= 0)
		s->prv[s->nxt[a]] = s->prv[a];
}

/* Settles left node x at distance d: relaxes its unmatched arcs and offers
 * its bypass (giving up the unit it was reached by) as the path's end. */
static void settle_left(state *s, uint32_t x, int64_t d)
{
	const nv_bm *g = s->g;
	uint32_t L = s->L, stamp = s->stamp;
	const int64_t *phi = s->phi;
	s->done[x] = stamp;
	s->seen[x] = stamp;
	s->dist[x] = d;
	s->final[s->nfinal++] = x;
	int64_t base = d + phi[x];
	for (uint32_t a = g->off[x]; a < g->off[x + 1]; a++) {
		uint32_t y = L + g->right[a];
		if (s->flow[a] || s->done[y] == stamp)
			continue;
		int64_t nd = base - g->w[a] - phi[y];
		NV_ASSERT(nd >= d);
		if (s->load_r[y - L] == 0) {
			/* Nothing leads on from an empty right node but the sink: no
			 * heap, just its distance (for the potentials) and the end. */
			if (s->seen[y] != stamp) {
				s->seen[y] = stamp;
				s->dist[y] = nd;
				s->touched[s->ntouched++] = y;
			} else if (nd >= s->dist[y]) {
				continue;
			}
			s->dist[y] = nd;
			int64_t end = s->def_r[y - L] ? nd : nd + phi[y]; /* at y, or the sink */
			if (end < s->D) {
				NV_ASSERT(s->def_r[y - L] || phi[y] >= 0);
				s->pred[y] = a;
				s->D = end;
				s->end = y - L;
			}
			continue;
		}
		if (nd >= s->D)
			continue; /* could never be settled in this search */
		if (s->seen[y] != stamp || nd < s->dist[y]) {
			s->seen[y] = stamp;
			s->dist[y] = nd;
			s->pred[y] = a;
			heap_push(&s->h, nd, y);
		}
	}
	if (x != s->root && base < s->D) {
		NV_ASSERT(phi[x] >= 0);
		s->D = base;
		s->end = -1;
		s->endi = x;
	}
}

/* pred of the node a path starts from (a search's root, or what the sink
 * reaches first) */
#define PATH_START UINT32_MAX

/* Flips the path that ends at right node y back to its start (the node
 * whose pred is PATH_START): each arc into a right node taken, each matched
 * arc out of a left node given up. Returns the start, a left node (< L) or
 * L + a right node; loads on the way do not change. */
static uint32_t flip_path(state *s, uint32_t y)
{
	uint32_t L = s->L;
	for (;;) {
		uint32_t a = s->pred[L + y];
		uint32_t x = s->arc_left[a];
		s->flow[a] = 1;
		list_add(s, y, a);
		if (s->pred[x] == PATH_START)
			return x;
		uint32_t a0 = s->pred[x];
		s->flow[a0] = 0;
		y = s->g->right[a0];
		list_del(s, y, a0);
		if (s->pred[L + y] == PATH_START)
			return L + y;
	}
}

/* The next node to settle in this search, past stale heap entries; 0 when
 * none is left closer than the best end found (s->D). */
static int pop_next(state *s, uint32_t *v, int64_t *d)
{
	while (s->h.n) {
		heap_ent top = heap_pop(&s->h);
		if (s->done[top.node] == s->stamp || top.key != s->dist[top.node])
			continue;
		if (top.key >= s->D)
			return 0;
		*v = top.node;
		*d = top.key;
		return 1;
	}
	return 0;
}

/* One shortest path for one unit of left node r. Returns 0 when the unit
 * is best left unmatched (then so are r's remaining units). */
static int augment_from(state *s, uint32_t r)
{
	const nv_bm *g = s->g;
	uint32_t L = s->L;
	int64_t *phi = s->phi;
	s->stamp++;
	s->root = r;
	s->D = phi[r]; /* r's own bypass */
	s->end = -1;
	s->endi = r;
	s->nfinal = 0;
	s->ntouched = 0;
	s->h.n = 0;
	s->pred[r] = PATH_START;
	settle_left(s, r, 0);
	uint32_t x;
	int64_t d;
	while (pop_next(s, &x, &d)) {
		if (x < L) {
			settle_left(s, x, d); /* reached over a loose matched arc */
			continue;
		}
		s->done[x] = s->stamp;
		s->final[s->nfinal++] = x;
		uint32_t y = x - L;
		if (s->def_r[y] && d < s->D) {
			s->D = d; /* a deficit: the path ends at it */
			s->end = y;
		} else if (s->load_r[y] < g->cap[y] && d + phi[x] < s->D) {
			NV_ASSERT(phi[x] >= 0);
			s->D = d + phi[x];
			s->end = y;
		}
		for (int32_t a = s->head[y]; a >= 0; a = s->nxt[a]) {
			uint32_t l = s->arc_left[a];
			if (s->done[l] == s->stamp)
				continue;
			int64_t nd = d + g->w[a] + phi[x] - phi[l];
			NV_ASSERT(nd >= d);
			if (nd == d) {
				/* tight, as always when left nodes take one arc */
				s->pred[l] = (uint32_t)a;
				settle_left(s, l, d);
			} else if (nd < s->D && (s->seen[l] != s->stamp || nd < s->dist[l])) {
				s->seen[l] = s->stamp;
				s->dist[l] = nd;
				s->pred[l] = (uint32_t)a;
				heap_push(&s->h, nd, l);
			}
		}
	}

	/* Potentials: settled nodes move down by how much closer they are. */
	for (size_t k = 0; k < s->nfinal; k++) {
		uint32_t x = s->final[k];
		phi[x] -= s->D - s->dist[x];
	}
	for (size_t k = 0; k < s->ntouched; k++) {
		uint32_t y = s->touched[k];
		if (s->dist[y] < s->D)
			phi[y] -= s->D - s->dist[y];
	}

	uint32_t y;
	if (s->end < 0) {
		if (s->endi == r)
			return 0;
		uint32_t a0 = s->pred[s->endi];
		y = g->right[a0];
		list_del(s, y, a0);
		s->flow[a0] = 0;
		s->load_l[s->endi]--;
	} else {
		y = (uint32_t)s->end;
		s->load_r[y]++;
		if (s->def_r[y])
			s->def_r[y]--;
	}
	uint32_t start = flip_path(s, y);
	NV_ASSERT(start == r);
	s->load_l[r]++;
	return 1;
}

/* The start without an earlier answer: every left node's potential is its
 * best weight, so its best arcs are tight; take them while there is room. */
static void greedy_start(state *s)
{
	const nv_bm *g = s->g;
	for (uint32_t x = 0; x < s->L; x++) {
		int64_t best = 0;
		for (uint32_t a = g->off[x]; a < g->off[x + 1]; a++)
			if (g->w[a] > best)
				best = g->w[a];
		s->phi[x] = best;
		for (uint32_t a = g->off[x]; a < g->off[x + 1] && s->load_l[x] < cap_left(g, x);
		     a++) {
			uint32_t y = g->right[a];
			if (g->w[a] == best && s->load_r[y] < g->cap[y]) {
				s->flow[a] = 1;
				s->load_l[x]++;
				s->placed[x]++;
				s->load_r[y]++;
				list_add(s, y, a);
			}
		}
	}
}

/* Prices left node x afresh: the least potential that leaves its unchosen
 * arcs no negative reduced cost, raised to make its chosen ones tight when
 * they allow it; a chosen arc this leaves loose the wrong way is let go. */
static void reprice(state *s, uint32_t x)
{
	const nv_bm *g = s->g;
	uint32_t L = s->L;
	int64_t *phi = s->phi, tight = INT64_MAX;
	phi[x] = 0;
	for (uint32_t a = g->off[x]; a < g->off[x + 1]; a++) {
		int64_t r = g->w[a] + phi[L + g->right[a]];
		if (!s->flow[a] && r > phi[x])
			phi[x] = r;
		else if (s->flow[a] && r < tight)
			tight = r;
	}
	if (tight != INT64_MAX && tight > phi[x])
		phi[x] = tight; /* a node of one arc keeps it tight */
	for (uint32_t a = g->off[x]; a < g->off[x + 1]; a++) {
		uint32_t y = g->right[a];
		if (!s->flow[a] || g->w[a] + phi[L + y] >= phi[x])
			continue;
		s->flow[a] = 0;
		list_del(s, y, a);
		s->load_l[x]--;
		s->load_r[y]--;
	}
}

/* A start from an earlier answer (g->start_flow, g->start_v) instead of the
 * greedy one: the right potentials are its prices, its arcs are kept
 * within both capacities, and each left node is priced (reprice). A right
 * node then left with room but a price is a deficit: its sink arc counts
 * as full, so every reduced cost stays >= 0, and the searches may end a
 * path at it to fill it (fill_deficit fills the rest). Only the units let
 * go or never placed are searched for. */
static void warm_start(state *s)
{
	const nv_bm *g = s->g;
	uint32_t L = s->L, R = s->R;
	int64_t *phi = s->phi;
	for (uint32_t y = 0; y < R; y++) {
		NV_ASSERT(g->start_v[y] >= 0);
		phi[L + y] = -g->start_v[y];
	}
	for (uint32_t x = 0; x < L; x++)
		for (uint32_t a = g->off[x]; a < g->off[x + 1]; a++) {
			uint32_t y = g->right[a];
			if (g->start_flow[a] && s->load_l[x] < cap_left(g, x) &&
			    s->load_r[y] < g->cap[y]) {
				s->flow[a] = 1;
				s->load_l[x]++;
				s->load_r[y]++;
				list_add(s, y, a);
			}
		}
	for (uint32_t x = 0; x < L; x++) {
		reprice(s, x);
		s->placed[x] = s->load_l[x];
	}
	s->def = nv_xmalloc(((size_t)R + 1) * sizeof *s->def);
	for (uint32_t y = 0; y < R; y++)
		if (s->load_r[y] < g->cap[y] && phi[L + y] < 0) {
			s->def_r[y] = g->cap[y] - s->load_r[y];
			s->def[s->ndef++] = y;
		}
}

/* Fills one unit of deficit t by a shortest path from the sink to it,
 * searched backwards from t: into a right node over its unchosen arcs, into
 * a left node over its chosen ones (it gives that mentee up), and from the
 * sink into a right node with partners (it gives one up) or a left node
 * with an unused unit; or t's own sink arc backwards (t keeps its room, and
 * its price falls to 0). The settled nodes' potentials rise by how much
 * closer to t they are than the path's length, so every reduced cost stays
 * >= 0 and the rest of the graph is not touched. */
static void fill_deficit(state *s, uint32_t t)
{
	const nv_bm *g = s->g;
	uint32_t L = s->L, stamp = ++s->stamp;
	int64_t *phi = s->phi;
	uint32_t start = PATH_START; /* where the best path leaves the sink */
	s->nfinal = 0;
	s->h.n = 0;
	s->D = -phi[L + t];
	s->seen[L + t] = stamp;
	s->dist[L + t] = 0;
	heap_push(&s->h, 0, L + t);
	uint32_t v;
	int64_t d;
	while (pop_next(s, &v, &d)) {
		s->done[v] = stamp;
		s->final[s->nfinal++] = v;
		if (v >= L) { /* reached over its unchosen arcs */
			uint32_t y = v - L;
			if (y != t && s->load_r[y] > 0 && d - phi[v] < s->D) {
				s->D = d - phi[v];
				start = v;
			}
			for (uint32_t k = s->in_off[y]; k < s->in_off[y + 1]; k++) {
				uint32_t a = s->in_arc[k], x = s->arc_left[a];
				if (s->flow[a] || s->done[x] == stamp)
					continue;
				int64_t nd = d + phi[x] - g->w[a] - phi[v];
				NV_ASSERT(nd >= d);
				if (nd < s->D && (s->seen[x] != stamp || nd < s->dist[x])) {
					s->seen[x] = stamp;
					s->dist[x] = nd;
					s->pred[x] = a;
					heap_push(&s->h, nd, x);
				}
			}
			continue;
		}
		if (s->load_l[v] < cap_left(g, v) && d - phi[v] < s->D) {
			NV_ASSERT(phi[v] <= 0);
			s->D = d - phi[v];
			start = v;
		}
		for (uint32_t a = g->off[v]; a < g->off[v + 1]; a++) { /* over its chosen arcs */
			uint32_t y = L + g->right[a];
			if (!s->flow[a] || s->done[y] == stamp)
				continue;
			int64_t nd = d + g->w[a] + phi[y] - phi[v];
			NV_ASSERT(nd >= d);
			if (nd < s->D && (s->seen[y] != stamp || nd < s->dist[y])) {
				s->seen[y] = stamp;
				s->dist[y] = nd;
				s->pred[y] = a;
				heap_push(&s->h, nd, y);
			}
		}
	}
	for (size_t k = 0; k < s->nfinal; k++) {
		uint32_t x = s->final[k];
		if (s->dist[x] < s->D)
			phi[x] += s->D - s->dist[x];
	}
	s->def_r[t]--;
	if (start == PATH_START)
		return; /* t keeps its room */
	s->load_r[t]++;
	if (start < L)
		s->load_l[start]++; /* an unused unit taken up */
	else
		s->load_r[start - L]--; /* a mentee given up */
	for (uint32_t x = start; x != L + t;) {
		uint32_t a = s->pred[x];
		if (x < L) { /* takes arc a */
			uint32_t y = g->right[a];
			s->flow[a] = 1;
			list_add(s, y, a);
			x = L + y;
		} else { /* gives arc a up */
			s->flow[a] = 0;
			list_del(s, x - L, a);
			x = s->arc_left[a];
		}
	}
}

/* Fills every deficit, each by searches backwards from it (fill_deficit,
 * over the arcs into each right node, grouped once). A right node with
 * several partners may then leave a matched arc loose (its reverse reduced
 * cost > 0); a left partner of capacity 1 raises its potential to make
 * that arc tight: its other residual arcs only gain, and the duals become
 * exactly complementary. */
static void fill_deficits(state *s)
{
	const nv_bm *g = s->g;
	uint32_t L = s->L;
	nv_group_by(g->right, g->off[L], s->R, &s->in_off, &s->in_arc);
	for (size_t k = 0; k < s->ndef; k++)
		while (s->def_r[s->def[k]])
			fill_deficit(s, s->def[k]);
	for (uint32_t x = 0; x < L; x++) {
		if (cap_left(g, x) != 1)
			continue;
		for (uint32_t a = g->off[x]; a < g->off[x + 1]; a++)
			if (s->flow[a] && s->phi[x] < g->w[a] + s->phi[L + g->right[a]])
				s->phi[x] = g->w[a] + s->phi[L + g->right[a]];
	}
}

/* Places every left node's units not yet placed, each by a shortest path;
 * a unit whose best path is its own bypass stays unmatched, and so do the
 * rest of that node's units. */
static void place_all(state *s)
{
	const nv_bm *g = s->g;
	for (uint32_t x = 0; x < s->L; x++)
		while (s->placed[x] < cap_left(g, x)) {
			if (g->off[x] == g->off[x + 1] || !augment_from(s, x))
				s->placed[x] = cap_left(g, x);
			else
				s->placed[x]++;
		}
}

/* --- API ---------------------------------------------------------------- */

void nv_bm_solve(const nv_bm *g, uint8_t *flow, int64_t *u, int64_t *v)
{
	uint32_t L = g->n_left, R = g->n_right, N = L + R;
	uint32_t n_arcs = g->off[L];
	NV_ASSERT(n_arcs < INT32_MAX);
	state s;
	memset(&s, 0, sizeof s);
	s.g = g;
	s.L = L;
	s.R = R;
	s.flow = flow;
	s.arc_left = nv_xmalloc((size_t)n_arcs * sizeof *s.arc_left + 1);
	s.phi = nv_xcalloc(N + 1, sizeof *s.phi);
	s.load_l = nv_xcalloc(L + 1, sizeof *s.load_l);
	s.load_r = nv_xcalloc(R + 1, sizeof *s.load_r);
	s.placed = nv_xcalloc(L + 1, sizeof *s.placed);
	s.def_r = nv_xcalloc(R + 1, sizeof *s.def_r);
	s.head = nv_xmalloc((R + 1) * sizeof *s.head);
	s.nxt = nv_xmalloc(((size_t)n_arcs + 1) * sizeof *s.nxt);
	s.prv = nv_xmalloc(((size_t)n_arcs + 1) * sizeof *s.prv);
	s.dist = nv_xmalloc((N + 1) * sizeof *s.dist);
	s.seen = nv_xcalloc(N + 1, sizeof *s.seen);
	s.done = nv_xcalloc(N + 1, sizeof *s.done);
	s.pred = nv_xmalloc((N + 1) * sizeof *s.pred);
	s.final = nv_xmalloc((N + 1) * sizeof *s.final);
	s.touched = nv_xmalloc((N + 1) * sizeof *s.touched);
	for (uint32_t y = 0; y < R; y++)
		s.head[y] = -1;
	memset(flow, 0, n_arcs);

	for (uint32_t x = 0; x < L; x++)
		for (uint32_t a = g->off[x]; a < g->off[x + 1]; a++)
			s.arc_left[a] = x;
	if (g->start_flow)
		warm_start(&s);
	else
		greedy_start(&s);
	place_all(&s);
	if (s.ndef)
		fill_deficits(&s);
	/* A left node with several partners may leave a matched arc loose
	 * after the forward searches (its reverse reduced cost > 0); a right
	 * partner of capacity 1 then lowers its potential to make that arc
	 * tight (fill_deficits does the mirror after the backward searches). */
	for (uint32_t y = 0; y < R; y++)
		if (g->cap[y] == 1 && s.head[y] >= 0) {
			int32_t a = s.head[y];
			s.phi[L + y] = s.phi[s.arc_left[a]] - g->w[a];
		}
	for (uint32_t x = 0; x < L; x++)
		u[x] = s.phi[x] > 0 ? s.phi[x] : 0;
	for (uint32_t y = 0; y < R; y++)
		v[y] = s.phi[L + y] < 0 ? -s.phi[L + y] : 0;

	free(s.arc_left);
	free(s.phi);
	free(s.load_l);
	free(s.load_r);
	free(s.placed);
	free(s.head);
	free(s.nxt);
	free(s.prv);
	free(s.dist);
	free(s.seen);
	free(s.done);
	free(s.pred);
	free(s.final);
	free(s.touched);
	free(s.def_r);
	free(s.def);
	free(s.in_off);
	free(s.in_arc);
	free(s.h.a);
}
