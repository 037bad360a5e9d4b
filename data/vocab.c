/* vocab.c (interned strings: ids in first-seen order, open-addressing hash) */
#include "data.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "dataint.h"

struct nv_vocab {
	nv_arena arena;   /* the strings, NUL-terminated */
	char **name;      /* id -> string */
	uint32_t *len;    /* id -> length */
	uint32_t *hash;   /* id -> hash */
	size_t n, cap;    /* ids */
	uint64_t *slot;   /* open addressing: hash << 32 | (id + 1); 0 = empty */
	size_t nslot;     /* power of two */
};

/* --- string arena --- */

#define ARENA_BLOCK ((size_t)64 * 1024)

char *nv_arena_put(nv_arena *a, const char *s, size_t len)
{
	size_t need = len + 1;
	if (a->used + need > a->size) {
		size_t size = need > ARENA_BLOCK / 4 ? need : ARENA_BLOCK;
		nv_arena_block *b = nv_xmalloc(sizeof *b + size);
		b->next = a->head;
		a->head = b;
		a->base = b->data;
		a->used = 0;
		a->size = size;
		if (need > ARENA_BLOCK / 4) {
			/* a big string gets a block of its own; the next small one
			 * starts a fresh block */
			memcpy(b->data, s, len);
			b->data[len] = '\0';
			a->used = a->size;
			return b->data;
		}
	}
	char *r = a->base + a->used;
	memcpy(r, s, len);
	r[len] = '\0';
	a->used += need;
	return r;
}

void nv_arena_done(nv_arena *a)
{
	nv_arena_block *b = a->head;
	while (b) {
		nv_arena_block *next = b->next;
		free(b);
		b = next;
	}
	memset(a, 0, sizeof *a);
}

/* --- API --- */

uint32_t nv_vocab_hash(const char *s, size_t len)
{
	/* eight bytes at a time, then a full avalanche: the table uses the low
	 * bits, and names often differ only in their last characters */
	uint64_t h = 0x9E3779B97F4A7C15ull ^ len;
	size_t i = 0;
	for (; i + 8 <= len; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0xFF51AFD7ED558CCDull;
		h ^= h >> 32;
	}
	if (i < len) {
		uint64_t w = 0;
		memcpy(&w, s + i, len - i);
		h = (h ^ w) * 0xFF51AFD7ED558CCDull;
	}
	h ^= h >> 33;
	h *= 0xC4CEB9FE1A85EC53ull;
	h ^= h >> 33;
	return (uint32_t)h;
}

nv_vocab *nv_vocab_new(void)
{
	nv_vocab *v = nv_xcalloc(1, sizeof *v);
	v->nslot = 16;
	v->slot = nv_xcalloc(v->nslot, sizeof *v->slot);
	return v;
}

void nv_vocab_free(nv_vocab *v)
{
	if (!v)
		return;
	nv_arena_done(&v->arena);
	free(v->name);
	free(v->len);
	free(v->hash);
	free(v->slot);
	free(v);
}

/* The slot holding s, or the empty slot where it would go. The hash kept
 * in the slot spares a visit to the strings for most non-matches. */
static size_t probe(const nv_vocab *v, const char *s, size_t len, uint32_t h)
{
	size_t mask = v->nslot - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		uint64_t e = v->slot[i];
		if (!e)
			return i;
		if ((uint32_t)(e >> 32) != h)
			continue;
		uint32_t id = (uint32_t)e - 1;
		if (v->len[id] == len && !memcmp(v->name[id], s, len))
			return i;
	}
}

static uint32_t slot_id(uint64_t e) { return (uint32_t)e - 1; }

/* Zeroed slots. A big table asks for huge pages: its probes land at
 * random, and with 4 KiB pages nearly every one misses the TLB (measured
 * by bench_load: 7% of the loader's time at 1M rows, 14% at 3M). */
static uint64_t *slots_new(size_t n)
{
	size_t bytes = n * sizeof(uint64_t);
	const size_t huge = (size_t)2 << 20;
	void *p = NULL;
	if (bytes < 2 * huge || posix_memalign(&p, huge, bytes) != 0)
		return nv_xcalloc(n, sizeof(uint64_t));
	madvise(p, bytes, MADV_HUGEPAGE); /* a hint; failure is harmless */
	memset(p, 0, bytes);
	return p;
}

static void rehash(nv_vocab *v, size_t nslot)
{
	free(v->slot);
	v->nslot = nslot;
	v->slot = slots_new(v->nslot);
	size_t mask = v->nslot - 1;
	for (size_t id = 0; id < v->n; id++) {
		size_t i = v->hash[id] & mask;
		while (v->slot[i])
			i = (i + 1) & mask;
		v->slot[i] = (uint64_t)v->hash[id] << 32 | (uint32_t)(id + 1);
	}
}

void nv_vocab_prefetch(const nv_vocab *v, uint32_t h)
{
	__builtin_prefetch(&v->slot[h & (v->nslot - 1)]);
}

uint32_t nv_vocab_intern(nv_vocab *v, const char *s, size_t len)
{
	return nv_vocab_intern_hashed(v, s, len, nv_vocab_hash(s, len));
}

uint32_t nv_vocab_intern_hashed(nv_vocab *v, const char *s, size_t len, uint32_t h)
{
	NV_ASSERT(len < UINT32_MAX);
	size_t i = probe(v, s, len, h);
	if (v->slot[i])
		return slot_id(v->slot[i]);
	NV_ASSERT(v->n < UINT32_MAX - 1);
	if (v->n == v->cap) {
		v->cap = v->cap ? 2 * v->cap : 16;
		v->name = nv_xreallocarray(v->name, v->cap, sizeof *v->name);
		v->len = nv_xreallocarray(v->len, v->cap, sizeof *v->len);
		v->hash = nv_xreallocarray(v->hash, v->cap, sizeof *v->hash);
	}
	uint32_t id = (uint32_t)v->n++;
	v->name[id] = nv_arena_put(&v->arena, s, len);
	v->len[id] = (uint32_t)len;
	v->hash[id] = h;
	v->slot[i] = (uint64_t)h << 32 | (id + 1);
	if (2 * v->n > v->nslot)
		rehash(v, 2 * v->nslot);
	return id;
}

int64_t nv_vocab_find(const nv_vocab *v, const char *s, size_t len)
{
	if (len >= UINT32_MAX)
		return -1;
	size_t i = probe(v, s, len, nv_vocab_hash(s, len));
	return v->slot[i] ? (int64_t)slot_id(v->slot[i]) : -1;
}

void nv_vocab_reserve(nv_vocab *v, size_t n)
{
	if (n > v->cap) {
		v->cap = n;
		v->name = nv_xreallocarray(v->name, v->cap, sizeof *v->name);
		v->len = nv_xreallocarray(v->len, v->cap, sizeof *v->len);
		v->hash = nv_xreallocarray(v->hash, v->cap, sizeof *v->hash);
	}
	size_t nslot = v->nslot;
	while (nslot < 2 * n)
		nslot *= 2;
	if (nslot > v->nslot)
		rehash(v, nslot);
}

size_t nv_vocab_count(const nv_vocab *v) { return v->n; }

const char *nv_vocab_name(const nv_vocab *v, uint32_t id)
{
	NV_ASSERT(id < v->n);
	return v->name[id];
}
