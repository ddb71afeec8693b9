// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Tuple-space-search classifier with staged lookup and prefix tries.
 * The design, and why its un-wildcarding is correct, is in classifier.h.
 */
#include "daemon/classifier.h"

#include <endian.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define N_WORDS XSW_FLOW_KEY_U64S
#define N_STAGES 4
/* Eight words, two of which (0 and 2) straddle a stage boundary. */
#define MAX_PAIRS (N_WORDS + 2)
#define NO_TRIE_STAGE 0xff
#define N_TRIES 2
/* A trie insert needs at most one split node and two 64-bit leaves. */
#define TRIE_NODES_PER_INSERT 3
#define MAX_SPARE_NODES 64
#define MIN_BUCKETS 8
#define MIN_INDEX_SLOTS 8
#define HASH_BASIS 0x9e3779b97f4a7c15ULL

/* Stage s covers key bytes [stage_start[s], stage_start[s + 1]). */
static const unsigned stage_start[N_STAGES + 1] = {
    offsetof(struct xsw_flow_key, in_port),  /* metadata */
    offsetof(struct xsw_flow_key, vlan_tci), /* L2 */
    offsetof(struct xsw_flow_key, nw_proto), /* L3 */
    offsetof(struct xsw_flow_key, tp_src),   /* L4 (and spare) */
    sizeof(struct xsw_flow_key),
};
#define L3_STAGE 2
_Static_assert(offsetof(struct xsw_flow_key, vlan_tci) == 4 &&
		   offsetof(struct xsw_flow_key, dl_type) == 6 &&
		   offsetof(struct xsw_flow_key, dl_src) == 8 &&
		   offsetof(struct xsw_flow_key, dl_dst) == 14 &&
		   offsetof(struct xsw_flow_key, nw_proto) == 20 &&
		   offsetof(struct xsw_flow_key, nw_frag) == 23 &&
		   offsetof(struct xsw_flow_key, nw_src) == 24 &&
		   offsetof(struct xsw_flow_key, nw_dst) == 40 &&
		   offsetof(struct xsw_flow_key, tp_src) == 56,
	       "stages assume this flow key layout");

/* Byte offsets of the trie fields, nw_src and nw_dst. */
static const unsigned trie_field_ofs[N_TRIES] = {
    offsetof(struct xsw_flow_key, nw_src),
    offsetof(struct xsw_flow_key, nw_dst),
};
#define TRIE_FIELD_BITS 128

/* ------------------------------------------------------------------------
 * Hashing: a murmur3-style mix of 64-bit words, one running state, so the
 * hash after stage i is a prefix of the hash after stage i + 1.
 */
static inline uint64_t rotl64(uint64_t x, unsigned r)
{
	return (x << r) | (x >> (64 - r));
}

static inline uint64_t hash_word(uint64_t h, uint64_t w)
{
	w *= 0x87c37b91114253d5ULL;
	w = rotl64(w, 31);
	w *= 0x4cf5ad432745937fULL;
	h ^= w;
	h = rotl64(h, 27);
	return h * 5 + 0x52dce729;
}

static inline uint32_t hash_finish(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return (uint32_t)h;
}

static uint32_t hash_mask(const uint64_t *mask)
{
	uint64_t h = HASH_BASIS;

	for (size_t i = 0; i < N_WORDS; i++)
		h = hash_word(h, mask[i]);
	return hash_finish(h);
}

/* ------------------------------------------------------------------------
 * Stage index: a multiset of 32-bit partial hashes, open addressing with
 * linear probing and backward-shift deletion (no tombstones).
 */
struct cls_hslot {
	uint32_t hash;
	uint32_t n; /* rules with this partial hash; 0 = empty slot */
};

struct cls_index {
	struct cls_hslot *slots;
	uint32_t mask; /* n_slots - 1 */
	uint32_t n_used;
};

static int index_init(struct cls_index *ix)
{
	ix->slots = calloc(MIN_INDEX_SLOTS, sizeof(*ix->slots));
	if (!ix->slots)
		return -ENOMEM;
	ix->mask = MIN_INDEX_SLOTS - 1;
	ix->n_used = 0;
	return 0;
}

static inline bool index_contains(const struct cls_index *ix, uint32_t hash)
{
	for (uint32_t i = hash & ix->mask;; i = (i + 1) & ix->mask) {
		const struct cls_hslot *s = &ix->slots[i];

		if (!s->n)
			return false;
		if (s->hash == hash)
			return true;
	}
}

static int index_resize(struct cls_index *ix, uint32_t n_slots)
{
	struct cls_hslot *slots = calloc(n_slots, sizeof(*slots));

	if (!slots)
		return -ENOMEM;
	for (uint32_t i = 0; i <= ix->mask; i++) {
		const struct cls_hslot *s = &ix->slots[i];
		uint32_t j;

		if (!s->n)
			continue;
		for (j = s->hash & (n_slots - 1); slots[j].n;
		     j = (j + 1) & (n_slots - 1))
			;
		slots[j] = *s;
	}
	free(ix->slots);
	ix->slots = slots;
	ix->mask = n_slots - 1;
	return 0;
}

/* Makes room for one more distinct hash (load factor <= 2/3). */
static int index_reserve(struct cls_index *ix)
{
	uint32_t n_slots = ix->mask + 1;

	if ((uint64_t)(ix->n_used + 1) * 3 <= (uint64_t)n_slots * 2)
		return 0;
	return index_resize(ix, n_slots * 2);
}

/* Needs a prior index_reserve(). */
static void index_add(struct cls_index *ix, uint32_t hash)
{
	uint32_t i;

	for (i = hash & ix->mask; ix->slots[i].n; i = (i + 1) & ix->mask) {
		if (ix->slots[i].hash == hash) {
			ix->slots[i].n++;
			return;
		}
	}
	ix->slots[i].hash = hash;
	ix->slots[i].n = 1;
	ix->n_used++;
}

/* @hash must be in the index. */
static void index_del(struct cls_index *ix, uint32_t hash)
{
	uint32_t i, j;

	for (i = hash & ix->mask; ix->slots[i].hash != hash || !ix->slots[i].n;
	     i = (i + 1) & ix->mask)
		;
	if (--ix->slots[i].n)
		return;
	/* Backward-shift: pull later entries of the probe run into the hole
	 * unless their home slot lies cyclically in (hole, their slot]. */
	for (j = (i + 1) & ix->mask; ix->slots[j].n; j = (j + 1) & ix->mask) {
		uint32_t home = ix->slots[j].hash & ix->mask;
		bool stays =
		    i < j ? (home > i && home <= j) : (home > i || home <= j);

		if (!stays) {
			ix->slots[i] = ix->slots[j];
			i = j;
		}
	}
	ix->slots[i].n = 0;
	ix->n_used--;
	if (ix->mask + 1 > MIN_INDEX_SLOTS &&
	    (uint64_t)ix->n_used * 8 < (uint64_t)ix->mask + 1)
		(void)index_resize(ix, (ix->mask + 1) / 2); /* optional */
}

/* ------------------------------------------------------------------------
 * Subtables.
 */
struct cls_prio {
	int32_t priority;
	uint32_t n_rules;
	uint64_t min_seq; /* lower bound on the seq of rules at this priority */
};

struct cls_pvec_entry {
	int32_t max_priority;
	uint64_t min_seq; /* of the subtable's rules at max_priority */
	struct cls_subtable *st;
};

struct cls_subtable {
	uint64_t mask[N_WORDS];
	/* Stage s hashes pairs [s ? stage_end[s - 1] : 0, stage_end[s]):
	 * key word pair_word[p] & pair_mask[p].  Only non-empty stages. */
	uint8_t n_stages;
	uint8_t n_pairs;
	uint8_t stage_end[N_STAGES];
	uint8_t trie_stage;	    /* stage that checks tries, or none */
	uint8_t trie_plen[N_TRIES]; /* CIDR length of nw_src/nw_dst, 0 = no */
	uint8_t pair_word[MAX_PAIRS];
	uint64_t pair_mask[MAX_PAIRS];
	struct cls_index index[N_STAGES - 1]; /* for stages 0..n_stages-2 */

	struct xsw_cls_rule **buckets; /* chains; a match's rules adjacent,
					* highest priority first */
	uint32_t bucket_mask;
	uint32_t n_rules;

	struct cls_prio *prios; /* by priority, descending */
	uint32_t n_prios;
	uint32_t prios_alloc;

	uint32_t mask_hash;
	uint32_t pv_idx;		/* index in cls->pvec */
	struct cls_subtable *mask_next; /* cls->by_mask chain */
	struct cls_subtable *prev;	/* creation order */
	struct cls_subtable *next;
};

static inline bool pvec_precedes(const struct cls_pvec_entry *a,
				 const struct cls_pvec_entry *b)
{
	return a->max_priority > b->max_priority ||
	       (a->max_priority == b->max_priority && a->min_seq < b->min_seq);
}

static void pvec_swap(struct xsw_cls *cls, uint32_t a, uint32_t b)
{
	struct cls_pvec_entry tmp = cls->pvec[a];

	cls->pvec[a] = cls->pvec[b];
	cls->pvec[b] = tmp;
	cls->pvec[a].st->pv_idx = a;
	cls->pvec[b].st->pv_idx = b;
}

/* Refreshes @st's entry after its priorities changed and moves it into
 * place. */
static void pvec_update(struct xsw_cls *cls, struct cls_subtable *st)
{
	uint32_t i = st->pv_idx;
	struct cls_pvec_entry *e = &cls->pvec[i];

	if (st->n_prios) {
		e->max_priority = st->prios[0].priority;
		e->min_seq = st->prios[0].min_seq;
	} else {
		e->max_priority = INT32_MIN;
		e->min_seq = UINT64_MAX;
	}
	while (i > 0 && pvec_precedes(&cls->pvec[i], &cls->pvec[i - 1])) {
		pvec_swap(cls, i, i - 1);
		i--;
	}
	while (i + 1 < cls->n_subtables &&
	       pvec_precedes(&cls->pvec[i + 1], &cls->pvec[i])) {
		pvec_swap(cls, i, i + 1);
		i++;
	}
}

/* Position of @priority in st->prios, or where it would go. */
static uint32_t prio_find(const struct cls_subtable *st, int32_t priority,
			  bool *found)
{
	uint32_t lo = 0, hi = st->n_prios;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (st->prios[mid].priority > priority)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = lo < st->n_prios && st->prios[lo].priority == priority;
	return lo;
}

static int prio_reserve(struct cls_subtable *st)
{
	struct cls_prio *prios;
	uint32_t n;

	if (st->n_prios < st->prios_alloc)
		return 0;
	n = st->prios_alloc ? st->prios_alloc * 2 : 4;
	prios = realloc(st->prios, n * sizeof(*prios));
	if (!prios)
		return -ENOMEM;
	st->prios = prios;
	st->prios_alloc = n;
	return 0;
}

/* Returns true if the subtable's (max_priority, min_seq) changed. */
static bool prio_add(struct cls_subtable *st, int32_t priority, uint64_t seq)
{
	bool found;
	uint32_t i = prio_find(st, priority, &found);

	if (found) {
		st->prios[i].n_rules++; /* seq only grows: min_seq stays */
		return false;
	}
	memmove(&st->prios[i + 1], &st->prios[i],
		(st->n_prios - i) * sizeof(*st->prios));
	st->prios[i] = (struct cls_prio){priority, 1, seq};
	st->n_prios++;
	return i == 0;
}

static bool prio_del(struct cls_subtable *st, int32_t priority)
{
	bool found;
	uint32_t i = prio_find(st, priority, &found);

	if (--st->prios[i].n_rules)
		return false;
	memmove(&st->prios[i], &st->prios[i + 1],
		(st->n_prios - i - 1) * sizeof(*st->prios));
	st->n_prios--;
	return i == 0;
}

static uint64_t stage_word_mask(unsigned stage, unsigned word)
{
	uint8_t bytes[8];
	uint64_t m;

	for (unsigned b = 0; b < 8; b++) {
		unsigned ofs = word * 8 + b;

		bytes[b] =
		    ofs >= stage_start[stage] && ofs < stage_start[stage + 1]
			? 0xff
			: 0;
	}
	memcpy(&m, bytes, sizeof(m));
	return m;
}

/* Length L if the 16 bytes at @m are a CIDR mask /L, else 0. */
static unsigned cidr_len(const uint8_t *m)
{
	unsigned len = 0, i = 0;

	while (i < 16 && m[i] == 0xff) {
		len += 8;
		i++;
	}
	if (i < 16) {
		uint8_t inv = (uint8_t)~m[i];

		/* m[i] must be 1..10..0, i.e. ~m[i] must be 0..01..1 */
		if (inv & (uint8_t)(inv + 1))
			return 0;
		len += __builtin_popcount(m[i]);
		for (i++; i < 16; i++)
			if (m[i])
				return 0;
	}
	return len;
}

static void subtable_free(struct cls_subtable *st)
{
	for (unsigned s = 0; s < N_STAGES - 1; s++)
		free(st->index[s].slots);
	free(st->buckets);
	free(st->prios);
	free(st);
}

static struct cls_subtable *
subtable_create(struct xsw_cls *cls, const uint64_t *mask, uint32_t mask_hash)
{
	struct cls_subtable *st = calloc(1, sizeof(*st));
	unsigned n_pairs = 0;

	if (!st)
		return NULL;
	memcpy(st->mask, mask, sizeof(st->mask));
	st->mask_hash = mask_hash;
	st->trie_stage = NO_TRIE_STAGE;

	for (unsigned s = 0; s < N_STAGES; s++) {
		unsigned start = n_pairs;

		for (unsigned w = 0; w < N_WORDS; w++) {
			uint64_t m = mask[w] & stage_word_mask(s, w);

			if (m) {
				st->pair_word[n_pairs] = w;
				st->pair_mask[n_pairs] = m;
				n_pairs++;
			}
		}
		if (n_pairs == start)
			continue;
		if (s == L3_STAGE && cls->prefix_tries) {
			const uint8_t *mb = (const uint8_t *)mask;

			for (unsigned f = 0; f < N_TRIES; f++) {
				st->trie_plen[f] =
				    cidr_len(mb + trie_field_ofs[f]);
				if (st->trie_plen[f])
					st->trie_stage = st->n_stages;
			}
		}
		st->stage_end[st->n_stages++] = n_pairs;
	}
	st->n_pairs = n_pairs;

	for (unsigned s = 0; s + 1 < st->n_stages; s++)
		if (index_init(&st->index[s]))
			goto fail;
	st->buckets = calloc(MIN_BUCKETS, sizeof(*st->buckets));
	if (!st->buckets)
		goto fail;
	st->bucket_mask = MIN_BUCKETS - 1;
	return st;
fail:
	subtable_free(st);
	return NULL;
}

static struct cls_subtable *find_subtable(const struct xsw_cls *cls,
					  const uint64_t *mask, uint32_t hash)
{
	struct cls_subtable *st;

	for (st = cls->by_mask[hash & cls->by_mask_mask]; st;
	     st = st->mask_next)
		if (st->mask_hash == hash &&
		    !memcmp(st->mask, mask, sizeof(st->mask)))
			return st;
	return NULL;
}

static void by_mask_grow(struct xsw_cls *cls)
{
	uint32_t n = (cls->by_mask_mask + 1) * 2;
	struct cls_subtable **b = calloc(n, sizeof(*b));

	if (!b)
		return; /* longer chains, still correct */
	for (uint32_t i = 0; i <= cls->by_mask_mask; i++) {
		struct cls_subtable *st, *next;

		for (st = cls->by_mask[i]; st; st = next) {
			next = st->mask_next;
			st->mask_next = b[st->mask_hash & (n - 1)];
			b[st->mask_hash & (n - 1)] = st;
		}
	}
	free(cls->by_mask);
	cls->by_mask = b;
	cls->by_mask_mask = n - 1;
}

/* Creates and links an empty subtable (last in the priority array). */
static struct cls_subtable *subtable_add(struct xsw_cls *cls,
					 const uint64_t *mask, uint32_t hash)
{
	struct cls_subtable *st;

	if (cls->n_subtables == cls->pvec_alloc) {
		uint32_t n = cls->pvec_alloc ? cls->pvec_alloc * 2 : 16;
		struct cls_pvec_entry *p =
		    realloc(cls->pvec, n * sizeof(*cls->pvec));

		if (!p)
			return NULL;
		cls->pvec = p;
		cls->pvec_alloc = n;
	}
	st = subtable_create(cls, mask, hash);
	if (!st)
		return NULL;

	st->pv_idx = cls->n_subtables++;
	cls->pvec[st->pv_idx] = (struct cls_pvec_entry){
	    .max_priority = INT32_MIN, .min_seq = UINT64_MAX, .st = st};
	st->mask_next = cls->by_mask[hash & cls->by_mask_mask];
	cls->by_mask[hash & cls->by_mask_mask] = st;
	st->prev = cls->last;
	if (cls->last)
		cls->last->next = st;
	else
		cls->first = st;
	cls->last = st;
	if (cls->n_subtables > cls->by_mask_mask + 1)
		by_mask_grow(cls);
	return st;
}

static void subtable_del(struct xsw_cls *cls, struct cls_subtable *st)
{
	struct cls_subtable **pp;

	for (pp = &cls->by_mask[st->mask_hash & cls->by_mask_mask]; *pp != st;
	     pp = &(*pp)->mask_next)
		;
	*pp = st->mask_next;

	for (uint32_t i = st->pv_idx; i + 1 < cls->n_subtables; i++) {
		cls->pvec[i] = cls->pvec[i + 1];
		cls->pvec[i].st->pv_idx = i;
	}
	cls->n_subtables--;

	if (st->prev)
		st->prev->next = st->next;
	else
		cls->first = st->next;
	if (st->next)
		st->next->prev = st->prev;
	else
		cls->last = st->prev;
	subtable_free(st);
}

/* Partial hashes after each stage but the last, and the full hash. */
static uint32_t subtable_hash(const struct cls_subtable *st,
			      const uint64_t *key, uint32_t *partial)
{
	uint64_t h = HASH_BASIS;
	unsigned p = 0;

	for (unsigned s = 0; s < st->n_stages; s++) {
		for (; p < st->stage_end[s]; p++)
			h = hash_word(h,
				      key[st->pair_word[p]] & st->pair_mask[p]);
		if (s + 1 < st->n_stages)
			partial[s] = hash_finish(h);
	}
	return hash_finish(h);
}

/* Doubles or halves the bucket array.  Chain order is kept: with a power of
 * two change, a new chain gathers the rules of one old chain (doubling) or
 * concatenates two (halving), so a match's rules stay adjacent and in
 * priority order. */
static void buckets_resize(struct cls_subtable *st, bool grow)
{
	uint32_t n_old = st->bucket_mask + 1;
	uint32_t n_new = grow ? n_old * 2 : n_old / 2;
	struct xsw_cls_rule **b = calloc(n_new, sizeof(*b));

	if (!b)
		return; /* optional: keeps the current size */
	if (grow) {
		for (uint32_t i = 0; i < n_old; i++) {
			struct xsw_cls_rule **tail[2] = {&b[i], &b[i + n_old]};
			struct xsw_cls_rule *r, *next;

			for (r = st->buckets[i]; r; r = next) {
				unsigned half = (r->hash & n_old) ? 1 : 0;

				next = r->next;
				r->next = NULL;
				*tail[half] = r;
				tail[half] = &r->next;
			}
		}
	} else {
		for (uint32_t i = 0; i < n_new; i++) {
			struct xsw_cls_rule **tail = &b[i];

			*tail = st->buckets[i];
			while (*tail)
				tail = &(*tail)->next;
			*tail = st->buckets[i + n_new];
		}
	}
	free(st->buckets);
	st->buckets = b;
	st->bucket_mask = n_new - 1;
}

/* ------------------------------------------------------------------------
 * Prefix tries over the 128 bits of nw_src / nw_dst.  Bit 0 is the most
 * significant bit of the field's first byte.  Nodes hold up to 64 bits,
 * left-aligned; the root holds none and never has rules (a /0 rule does not
 * use the trie).
 */
struct cls_trie_node {
	uint64_t bits;
	uint32_t n_rules; /* rules whose prefix ends exactly here */
	uint8_t n_bits;
	struct cls_trie_node *edges[2];
};

struct cls_addr {
	uint64_t hi, lo; /* host order: hi holds bits 0..63 */
};

static struct cls_addr load_addr(const uint64_t *key, unsigned ofs)
{
	const uint8_t *p = (const uint8_t *)key + ofs;
	struct cls_addr a;

	memcpy(&a.hi, p, 8);
	memcpy(&a.lo, p + 8, 8);
	a.hi = be64toh(a.hi);
	a.lo = be64toh(a.lo);
	return a;
}

static inline unsigned addr_bit(const struct cls_addr *a, unsigned i)
{
	return i < 64 ? (a->hi >> (63 - i)) & 1 : (a->lo >> (127 - i)) & 1;
}

/* @n (1..64) bits of @a from bit @ofs, left-aligned. */
static inline uint64_t addr_bits(const struct cls_addr *a, unsigned ofs,
				 unsigned n)
{
	uint64_t v;

	if (ofs >= 64)
		v = a->lo << (ofs - 64);
	else if (ofs == 0)
		v = a->hi;
	else
		v = (a->hi << ofs) | (a->lo >> (64 - ofs));
	return n >= 64 ? v : v & ~(UINT64_MAX >> n);
}

/* Length of the common prefix of left-aligned @a and @b, at most @n. */
static inline unsigned common_bits(uint64_t a, uint64_t b, unsigned n)
{
	uint64_t x = a ^ b;
	unsigned c = x ? (unsigned)__builtin_clzll(x) : 64;

	return c < n ? c : n;
}

static struct cls_trie_node *node_take(struct xsw_cls *cls)
{
	struct cls_trie_node *n = cls->spare_nodes;

	cls->spare_nodes = n->edges[0];
	cls->n_spare_nodes--;
	cls->n_trie_nodes++;
	memset(n, 0, sizeof(*n));
	return n;
}

static void node_put(struct xsw_cls *cls, struct cls_trie_node *n)
{
	cls->n_trie_nodes--;
	if (cls->n_spare_nodes >= MAX_SPARE_NODES) {
		free(n);
		return;
	}
	n->edges[0] = cls->spare_nodes;
	cls->spare_nodes = n;
	cls->n_spare_nodes++;
}

static int nodes_reserve(struct xsw_cls *cls, unsigned n)
{
	while (cls->n_spare_nodes < n) {
		struct cls_trie_node *node = malloc(sizeof(*node));

		if (!node)
			return -ENOMEM;
		node->edges[0] = cls->spare_nodes;
		cls->spare_nodes = node;
		cls->n_spare_nodes++;
	}
	return 0;
}

/* Needs TRIE_NODES_PER_INSERT spare nodes. */
static void trie_insert(struct xsw_cls *cls, struct cls_trie_node *root,
			const struct cls_addr *p, unsigned plen)
{
	struct cls_trie_node *node = root;
	unsigned depth = 0;

	while (depth < plen) {
		unsigned bit = addr_bit(p, depth);
		struct cls_trie_node *child = node->edges[bit];
		unsigned want, c;

		if (!child) {
			unsigned n = plen - depth < 64 ? plen - depth : 64;

			child = node_take(cls);
			child->bits = addr_bits(p, depth, n);
			child->n_bits = n;
			node->edges[bit] = child;
			node = child;
			depth += n;
			continue;
		}
		want =
		    plen - depth < child->n_bits ? plen - depth : child->n_bits;
		c = common_bits(child->bits, addr_bits(p, depth, want), want);
		if (c < child->n_bits) {
			/* Split @child after its first c bits (c >= 1: the
			 * edge is chosen by the first bit). */
			struct cls_trie_node *mid = node_take(cls);

			mid->bits = child->bits & ~(UINT64_MAX >> c);
			mid->n_bits = c;
			child->bits <<= c;
			child->n_bits -= c;
			mid->edges[child->bits >> 63] = child;
			node->edges[bit] = mid;
			child = mid;
		}
		node = child;
		depth += c;
	}
	node->n_rules++;
}

static void trie_remove(struct xsw_cls *cls, struct cls_trie_node *root,
			const struct cls_addr *p, unsigned plen)
{
	struct cls_trie_node *path[TRIE_FIELD_BITS + 1];
	unsigned edge[TRIE_FIELD_BITS + 1];
	unsigned depth = 0, k = 0;

	path[0] = root;
	while (depth < plen) {
		unsigned bit = addr_bit(p, depth);

		path[k + 1] = path[k]->edges[bit];
		edge[k + 1] = bit;
		k++;
		depth += path[k]->n_bits;
	}
	path[k]->n_rules--;

	for (; k > 0; k--) {
		struct cls_trie_node *node = path[k], *child;

		if (node->n_rules)
			break;
		if (!node->edges[0] && !node->edges[1]) {
			path[k - 1]->edges[edge[k]] = NULL;
			node_put(cls, node);
			continue;
		}
		if (node->edges[0] && node->edges[1])
			break;
		child = node->edges[0] ? node->edges[0] : node->edges[1];
		if (node->n_bits + child->n_bits <= 64) {
			node->bits |= child->bits >> node->n_bits;
			node->n_bits += child->n_bits;
			node->n_rules = child->n_rules;
			node->edges[0] = child->edges[0];
			node->edges[1] = child->edges[1];
			node_put(cls, child);
		}
		break;
	}
}

/* What a trie lookup learnt about one address. */
struct trie_ctx {
	bool done;
	unsigned n_checked; /* E in classifier.h: no stored prefix longer than
			     * this agrees with the address on these bits */
	uint64_t plens[3];  /* bit L set: a rule prefix of length L matches */
};

static void trie_lookup(const struct cls_trie_node *root,
			const struct cls_addr *a, struct trie_ctx *ctx)
{
	const struct cls_trie_node *node = root;
	unsigned depth = 0;

	memset(ctx->plens, 0, sizeof(ctx->plens));
	ctx->done = true;
	for (;;) {
		const struct cls_trie_node *child;
		unsigned bit, c;

		if (node->n_rules)
			ctx->plens[depth / 64] |= 1ULL << (depth % 64);
		if (depth == TRIE_FIELD_BITS) {
			ctx->n_checked = depth;
			return;
		}
		bit = addr_bit(a, depth);
		child = node->edges[bit];
		if (!child) {
			/* Bit @depth was needed only if it rules out a
			 * branch. */
			ctx->n_checked = node->edges[!bit] ? depth + 1 : depth;
			return;
		}
		c = common_bits(child->bits, addr_bits(a, depth, child->n_bits),
				child->n_bits);
		if (c < child->n_bits) {
			ctx->n_checked = depth + c + 1;
			return;
		}
		node = child;
		depth += child->n_bits;
	}
}

static void trie_free(struct cls_trie_node *node)
{
	if (!node)
		return;
	trie_free(node->edges[0]);
	trie_free(node->edges[1]);
	free(node);
}

static void set_prefix_bits(uint64_t *wc, unsigned ofs, unsigned n)
{
	uint8_t *b = (uint8_t *)wc + ofs;

	memset(b, 0xff, n / 8);
	if (n % 8)
		b[n / 8] |= (uint8_t)(0xff << (8 - n % 8));
}

/* Rules of a subtable whose mask is CIDR on a trie field are in that
 * field's trie. */
static void rule_tries(struct xsw_cls *cls, const struct cls_subtable *st,
		       const struct xsw_cls_rule *rule, bool add)
{
	if (st->trie_stage == NO_TRIE_STAGE)
		return;
	for (unsigned f = 0; f < N_TRIES; f++) {
		struct cls_addr a;

		if (!st->trie_plen[f])
			continue;
		a = load_addr(xsw_key_u64(&rule->match.key), trie_field_ofs[f]);
		if (add)
			trie_insert(cls, cls->tries[f], &a, st->trie_plen[f]);
		else
			trie_remove(cls, cls->tries[f], &a, st->trie_plen[f]);
	}
}

/* ------------------------------------------------------------------------
 * Public API.
 */
int xsw_cls_init(struct xsw_cls *cls)
{
	memset(cls, 0, sizeof(*cls));
	cls->by_mask = calloc(16, sizeof(*cls->by_mask));
	cls->tries[0] = calloc(1, sizeof(struct cls_trie_node));
	cls->tries[1] = calloc(1, sizeof(struct cls_trie_node));
	if (!cls->by_mask || !cls->tries[0] || !cls->tries[1]) {
		free(cls->by_mask);
		free(cls->tries[0]);
		free(cls->tries[1]);
		return -ENOMEM;
	}
	cls->by_mask_mask = 15;
	cls->prefix_tries = true;
	cls->trie_granularity = XSW_CLS_TRIE_GRANULARITY;
	return 0;
}

void xsw_cls_destroy(struct xsw_cls *cls)
{
	struct cls_subtable *st, *next;

	for (st = cls->first; st; st = next) {
		next = st->next;
		subtable_free(st);
	}
	for (unsigned f = 0; f < N_TRIES; f++)
		trie_free(cls->tries[f]);
	while (cls->spare_nodes) {
		struct cls_trie_node *n = cls->spare_nodes;

		cls->spare_nodes = n->edges[0];
		free(n);
	}
	free(cls->pvec);
	free(cls->by_mask);
	memset(cls, 0, sizeof(*cls));
}

int xsw_cls_set_prefix_tries(struct xsw_cls *cls, bool enabled)
{
	if (cls->n_rules)
		return -EBUSY;
	cls->prefix_tries = enabled;
	return 0;
}

int xsw_cls_set_trie_granularity(struct xsw_cls *cls, unsigned int bits)
{
	if (bits < 1 || bits > TRIE_FIELD_BITS)
		return -EINVAL;
	cls->trie_granularity = (uint8_t)bits;
	return 0;
}

void xsw_cls_rule_init(struct xsw_cls_rule *rule, const struct xsw_match *match,
		       int32_t priority)
{
	memset(rule, 0, sizeof(*rule));
	xsw_key_mask(&rule->match.key, &match->key, &match->mask);
	rule->match.mask = match->mask;
	rule->priority = priority;
}

static bool match_valid(const struct xsw_match *m)
{
	const uint64_t *k = xsw_key_u64(&m->key), *mk = xsw_key_u64(&m->mask);

	if (m->key.spare || m->mask.spare)
		return false;
	for (size_t i = 0; i < N_WORDS; i++)
		if (k[i] & ~mk[i])
			return false;
	return true;
}

static inline bool same_key(const struct xsw_cls_rule *a, uint32_t hash,
			    const struct xsw_flow_key *key)
{
	return a->hash == hash && !memcmp(&a->match.key, key, sizeof(*key));
}

int xsw_cls_insert(struct xsw_cls *cls, struct xsw_cls_rule *rule,
		   struct xsw_cls_rule **dup)
{
	const uint64_t *mask = xsw_key_u64(&rule->match.mask);
	uint32_t mhash, hash, partial[N_STAGES - 1];
	struct xsw_cls_rule **pp;
	struct cls_subtable *st;
	bool created = false;

	if (dup)
		*dup = NULL;
	if (!match_valid(&rule->match))
		return -EINVAL;

	mhash = hash_mask(mask);
	st = find_subtable(cls, mask, mhash);
	if (!st) {
		st = subtable_add(cls, mask, mhash);
		if (!st)
			return -ENOMEM;
		created = true;
	}

	hash = subtable_hash(st, xsw_key_u64(&rule->match.key), partial);
	pp = &st->buckets[hash & st->bucket_mask];
	while (*pp && !same_key(*pp, hash, &rule->match.key))
		pp = &(*pp)->next;
	for (; *pp && same_key(*pp, hash, &rule->match.key);
	     pp = &(*pp)->next) {
		if ((*pp)->priority == rule->priority) {
			if (dup)
				*dup = *pp;
			return -EEXIST;
		}
		if ((*pp)->priority < rule->priority)
			break;
	}

	/* Everything that can fail, before anything changes. */
	for (unsigned s = 0; s + 1 < st->n_stages; s++)
		if (index_reserve(&st->index[s]))
			goto fail;
	if (prio_reserve(st))
		goto fail;
	if (st->trie_stage != NO_TRIE_STAGE &&
	    nodes_reserve(cls, N_TRIES * TRIE_NODES_PER_INSERT))
		goto fail;

	rule->hash = hash;
	rule->seq = cls->next_seq++;
	rule->subtable = st;
	rule->next = *pp;
	*pp = rule;
	st->n_rules++;
	cls->n_rules++;
	for (unsigned s = 0; s + 1 < st->n_stages; s++)
		index_add(&st->index[s], partial[s]);
	rule_tries(cls, st, rule, true);
	if (prio_add(st, rule->priority, rule->seq))
		pvec_update(cls, st);

	if (st->n_rules > st->bucket_mask + 1)
		buckets_resize(st, true);
	else if (st->bucket_mask + 1 > MIN_BUCKETS &&
		 st->n_rules * 4 < st->bucket_mask + 1)
		buckets_resize(st, false); /* here, not in remove: cursors */
	return 0;

fail:
	if (created)
		subtable_del(cls, st);
	return -ENOMEM;
}

int xsw_cls_replace(struct xsw_cls *cls, struct xsw_cls_rule *old,
		    struct xsw_cls_rule *new)
{
	struct xsw_cls_rule **pp;

	if (!old->subtable || old->priority != new->priority ||
	    !xsw_match_equal(&old->match, &new->match))
		return -EINVAL;
	for (pp = &old->subtable
		       ->buckets[old->hash & old->subtable->bucket_mask];
	     *pp != old; pp = &(*pp)->next)
		;
	new->hash = old->hash;
	new->seq = old->seq;
	new->subtable = old->subtable;
	new->next = old->next;
	*pp = new;
	old->subtable = NULL;
	old->next = NULL;
	return 0;
}

void xsw_cls_remove(struct xsw_cls *cls, struct xsw_cls_rule *rule)
{
	struct cls_subtable *st = rule->subtable;
	uint32_t partial[N_STAGES - 1];
	struct xsw_cls_rule **pp;

	for (pp = &st->buckets[rule->hash & st->bucket_mask]; *pp != rule;
	     pp = &(*pp)->next)
		;
	*pp = rule->next;
	rule->next = NULL;
	rule->subtable = NULL;
	st->n_rules--;
	cls->n_rules--;

	if (!st->n_rules) {
		rule_tries(cls, st, rule, false);
		subtable_del(cls, st);
		return;
	}
	subtable_hash(st, xsw_key_u64(&rule->match.key), partial);
	for (unsigned s = 0; s + 1 < st->n_stages; s++)
		index_del(&st->index[s], partial[s]);
	rule_tries(cls, st, rule, false);
	if (prio_del(st, rule->priority))
		pvec_update(cls, st);
}

struct xsw_cls_rule *xsw_cls_find_exact(const struct xsw_cls *cls,
					const struct xsw_match *match,
					int32_t priority)
{
	union {
		struct xsw_flow_key k;
		uint64_t w[N_WORDS];
	} key, mask;
	uint32_t hash, partial[N_STAGES - 1];
	const struct cls_subtable *st;
	struct xsw_cls_rule *r;

	memcpy(&mask.k, &match->mask, sizeof(mask.k));
	xsw_key_mask(&key.k, &match->key, &mask.k);
	st = find_subtable(cls, mask.w, hash_mask(mask.w));
	if (!st)
		return NULL;
	hash = subtable_hash(st, key.w, partial);
	for (r = st->buckets[hash & st->bucket_mask]; r; r = r->next)
		if (same_key(r, hash, &key.k) && r->priority == priority)
			return r;
	return NULL;
}

/* Can the prefix tries prove that no rule of @st matches @key?  If so, ORs
 * into @wc the address bits that proof needed (see classifier.h) and
 * returns true.  Trie lookups are done once per field per lookup. */
static bool trie_skip(const struct xsw_cls *cls, const struct cls_subtable *st,
		      const uint64_t *key, uint64_t *wc, struct trie_ctx *tctx)
{
	for (unsigned f = 0; f < N_TRIES; f++) {
		unsigned plen = st->trie_plen[f], n;

		if (!plen)
			continue;
		if (!tctx[f].done) {
			struct cls_addr a = load_addr(key, trie_field_ofs[f]);

			trie_lookup(cls->tries[f], &a, &tctx[f]);
		}
		if (tctx[f].plens[plen / 64] & (1ULL << (plen % 64)))
			continue;
		/* More bits than needed are still correct: round up, so that
		 * megaflow masks come in fewer distinct shapes. */
		n = tctx[f].n_checked + cls->trie_granularity - 1;
		n -= n % cls->trie_granularity;
		set_prefix_bits(wc, trie_field_ofs[f], n < plen ? n : plen);
		return true;
	}
	return false;
}

/* The subtable's highest-priority rule matching @key, or NULL; ORs into
 * @wc what that answer depended on.  The tries are asked only after a miss
 * at or beyond the L3 stage: before that the stage's own bits are the
 * cheaper proof, and on a hit they cannot help. */
static const struct xsw_cls_rule *
subtable_lookup(const struct xsw_cls *cls, const struct cls_subtable *st,
		const uint64_t *key, uint64_t *wc, struct trie_ctx *tctx)
{
	const struct xsw_cls_rule *r;
	uint64_t h = HASH_BASIS;
	unsigned p = 0;
	uint32_t hash;

	for (unsigned s = 0; s + 1 < st->n_stages; s++) {
		for (; p < st->stage_end[s]; p++)
			h = hash_word(h,
				      key[st->pair_word[p]] & st->pair_mask[p]);
		if (!index_contains(&st->index[s], hash_finish(h))) {
			if (s >= st->trie_stage &&
			    trie_skip(cls, st, key, wc, tctx))
				return NULL;
			for (unsigned i = 0; i < p; i++)
				wc[st->pair_word[i]] |= st->pair_mask[i];
			return NULL;
		}
	}
	for (; p < st->n_pairs; p++) /* the last stage */
		h = hash_word(h, key[st->pair_word[p]] & st->pair_mask[p]);

	hash = hash_finish(h);
	for (r = st->buckets[hash & st->bucket_mask]; r; r = r->next) {
		const uint64_t *rk = xsw_key_u64(&r->match.key);
		uint64_t diff = 0;

		if (r->hash != hash)
			continue;
		for (size_t i = 0; i < N_WORDS; i++)
			diff |= (key[i] & st->mask[i]) ^ rk[i];
		if (!diff)
			break;
	}
	if (!r && st->trie_stage != NO_TRIE_STAGE &&
	    trie_skip(cls, st, key, wc, tctx))
		return NULL;
	for (size_t i = 0; i < N_WORDS; i++)
		wc[i] |= st->mask[i];
	return r;
}

const struct xsw_cls_rule *xsw_cls_lookup(const struct xsw_cls *cls,
					  const struct xsw_flow_key *key,
					  struct xsw_flow_key *wc)
{
	struct trie_ctx tctx[N_TRIES] = {{.done = false}, {.done = false}};
	const struct xsw_cls_rule *best = NULL;
	uint64_t kw[N_WORDS], ww[N_WORDS] = {0};

	memcpy(kw, key, sizeof(kw)); /* the caller's key may be 4-aligned */
	for (uint32_t i = 0; i < cls->n_subtables; i++) {
		const struct cls_pvec_entry *e = &cls->pvec[i];
		const struct xsw_cls_rule *r;

		if (best && (e->max_priority < best->priority ||
			     (e->max_priority == best->priority &&
			      e->min_seq > best->seq)))
			break; /* neither this subtable nor any later wins */
		r = subtable_lookup(cls, e->st, kw, ww, tctx);
		if (r &&
		    (!best || r->priority > best->priority ||
		     (r->priority == best->priority && r->seq < best->seq)))
			best = r;
	}
	if (wc) {
		uint64_t acc[N_WORDS];

		memcpy(acc, wc, sizeof(acc));
		for (size_t i = 0; i < N_WORDS; i++)
			acc[i] |= ww[i];
		memcpy(wc, acc, sizeof(acc));
	}
	return best;
}

size_t xsw_cls_count(const struct xsw_cls *cls)
{
	return cls->n_rules;
}

void xsw_cls_get_stats(const struct xsw_cls *cls, struct xsw_cls_stats *stats)
{
	const struct cls_subtable *st;
	size_t size = 0;

	for (st = cls->first; st; st = st->next) {
		size += sizeof(*st);
		size += (st->bucket_mask + 1) * sizeof(*st->buckets);
		size += st->prios_alloc * sizeof(*st->prios);
		for (unsigned s = 0; s + 1 < st->n_stages; s++)
			size += (st->index[s].mask + 1) *
				sizeof(*st->index[s].slots);
	}
	size += cls->pvec_alloc * sizeof(*cls->pvec);
	size += (cls->by_mask_mask + 1) * sizeof(*cls->by_mask);
	size += (cls->n_trie_nodes + cls->n_spare_nodes + N_TRIES) *
		sizeof(struct cls_trie_node);

	stats->n_rules = cls->n_rules;
	stats->n_subtables = cls->n_subtables;
	stats->n_trie_nodes = cls->n_trie_nodes;
	stats->size = size;
}

/* ------------------------------------------------------------------------
 * Iteration.
 */
bool xsw_cls_rule_loose_match(const struct xsw_cls_rule *rule,
			      const struct xsw_match *filter)
{
	const uint64_t *rk = xsw_key_u64(&rule->match.key);
	const uint64_t *rm = xsw_key_u64(&rule->match.mask);
	const uint64_t *fk = xsw_key_u64(&filter->key);
	const uint64_t *fm = xsw_key_u64(&filter->mask);

	for (size_t i = 0; i < N_WORDS; i++)
		if ((fm[i] & ~rm[i]) || (rk[i] & fm[i]) != fk[i])
			return false;
	return true;
}

static bool subtable_passes(const struct xsw_cls_cursor *c,
			    const struct cls_subtable *st)
{
	const uint64_t *fm = xsw_key_u64(&c->filter.mask);

	if (!c->has_filter)
		return true;
	for (size_t i = 0; i < N_WORDS; i++)
		if (fm[i] & ~st->mask[i])
			return false;
	return true;
}

/* The first rule passing the filter at or after chain position @r of bucket
 * @b - 1 in @st, then buckets b.., then later subtables. */
static struct xsw_cls_rule *cursor_scan(const struct xsw_cls_cursor *c,
					const struct cls_subtable *st,
					uint32_t b, struct xsw_cls_rule *r)
{
	while (st) {
		for (;;) {
			for (; r; r = r->next)
				if (!c->has_filter ||
				    xsw_cls_rule_loose_match(r, &c->filter))
					return r;
			if (b > st->bucket_mask)
				break;
			r = st->buckets[b++];
		}
		do
			st = st->next;
		while (st && !subtable_passes(c, st));
		b = 0;
	}
	return NULL;
}

struct xsw_cls_rule *xsw_cls_cursor_start(struct xsw_cls_cursor *cursor,
					  const struct xsw_cls *cls,
					  const struct xsw_match *filter)
{
	const struct cls_subtable *st;

	memset(cursor, 0, sizeof(*cursor));
	cursor->cls = cls;
	if (filter) {
		cursor->has_filter = true;
		cursor->filter.mask = filter->mask;
		xsw_key_mask(&cursor->filter.key, &filter->key, &filter->mask);
	}
	for (st = cls->first; st && !subtable_passes(cursor, st); st = st->next)
		;
	cursor->next = cursor_scan(cursor, st, 0, NULL);
	return xsw_cls_cursor_next(cursor);
}

struct xsw_cls_rule *xsw_cls_cursor_next(struct xsw_cls_cursor *cursor)
{
	struct xsw_cls_rule *r = cursor->next;

	/* Find the successor now, while @r is still linked: the caller may
	 * remove @r before calling again. */
	if (r)
		cursor->next = cursor_scan(
		    cursor, r->subtable,
		    (r->hash & r->subtable->bucket_mask) + 1, r->next);
	return r;
}
