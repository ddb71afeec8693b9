/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The rule classifier: finds the highest-priority wildcard rule that matches
 * a flow key, and says which key bits it had to look at to decide.
 *
 * What
 * ====
 * A classifier holds rules.  A rule is a struct xsw_match (a key and a mask
 * over struct xsw_flow_key, mask bit 1 = "this bit matters") and a priority.
 * A rule matches a key K when (K & mask) == rule key.  xsw_cls_lookup(K)
 * returns, among the rules matching K, the one with the highest priority;
 * among several with that priority, the one inserted first.  It also ORs into
 * a caller-provided mask "wc" every key bit the lookup examined.  xswd turns
 * (K & wc, wc) into a megaflow cache entry in the datapath: the entry is
 * correct for every packet the datapath will send to it because of the
 * property proved below:
 *
 *     lookup(K) = (R, wc)  implies  lookup(K') = R for every K' with
 *     (K' & wc) == (K & wc)                      (R may be NULL for both).
 *
 * The fewer bits wc holds, the more traffic one cache entry covers, and the
 * fewer distinct masks the datapath has to probe.
 *
 * Subtables (tuple space search)
 * ==============================
 * Rules with the same mask live in one subtable.  Inside a subtable the rule
 * keys are hashed (over the masked words only) into a chained hash table, so
 * "which rule of this subtable matches K" is one hash of K & mask and a
 * short chain walk.  Two rules of one subtable with different keys can never
 * match the same packet, so a subtable contributes at most one "match group":
 * the rules with exactly that match, kept adjacent in the chain and sorted by
 * priority, highest first.  Identical match + identical priority is refused
 * (-EEXIST), so the first rule of the group found is the subtable's answer.
 * A lookup therefore costs one probe per subtable visited; rule shapes, not
 * rule counts, drive its cost (10k exact 5-tuples are one subtable).
 *
 * Priority order and early exit
 * =============================
 * Each subtable knows the highest priority among its rules (max_priority) and
 * a lower bound on the insertion sequence of its rules at that priority
 * (min_seq).  The subtables sit in a compact array sorted by (max_priority
 * descending, min_seq ascending).  The lookup walks that array and stops at
 * the first subtable that cannot beat the best rule found so far (best = R
 * with priority P and sequence S):
 *     max_priority < P, or max_priority == P and min_seq > S.
 * Thanks to the sort order, no later subtable can beat R either.  Subtables
 * never visited add nothing to wc, which is what makes high-priority broad
 * rules (in_port=1 actions=drop) produce broad megaflows.
 *
 * Staged lookup
 * =============
 * The key's fields are grouped in four stages, in an order that goes from
 * the least to the most specific:  0 metadata (in_port), 1 L2 (vlan_tci,
 * dl_type, dl_src, dl_dst), 2 L3 (nw_proto, nw_tos, nw_ttl, nw_frag, nw_src,
 * nw_dst), 3 L4 (tp_src, tp_dst).  A subtable hashes K stage by stage (one
 * running hash, so the hash after stage i covers stages 0..i).  For every
 * stage but its last non-empty one it keeps an index: the multiset of the
 * partial hashes of its rules after that stage.  If K's partial hash after
 * stage i is not in the index, no rule of the subtable agrees with K on the
 * fields of stages 0..i, so the subtable is skipped and only the mask bits of
 * stages 0..i go into wc.  An ARP packet checked against a subtable of TCP
 * 5-tuples thus un-wildcards dl_type only, not addresses and ports.  After
 * the last stage the full hash selects the hash-table chain, and the keys are
 * compared in full (hash collisions at any stage only cost time, never a
 * wrong answer); hit or miss, the whole subtable mask goes into wc.
 *
 * Prefix tries
 * ============
 * For nw_src and nw_dst (all 128 bits: an IPv4 address is the first 32, so
 * IPv4, IPv6 and ARP prefixes share one trie per field) the classifier keeps
 * a path-compressed binary trie of the prefixes of every rule whose subtable
 * masks that field with a CIDR mask (/1 to /128).  Looking an address A up
 * yields the set of prefix lengths that have a rule whose prefix equals A's
 * first bits, and the number E of A's leading bits the walk examined, with
 * the guarantee that no stored prefix longer than E agrees with A on those E
 * bits.  When a subtable misses at or after its L3 stage and its prefix
 * length L for that field is not in the set, un-wildcarding the first
 * min(L, E) bits of the field, instead of the stages' bits, is enough to keep
 * the subtable missing for every K': a K' agreeing with A on the first L bits
 * (L <= E) matches a length-L prefix exactly when A does; a K' agreeing on
 * the first E bits (E < L) agrees with no stored prefix longer than E.  So
 * with rules on /24s of 10.0.0.0/8, a packet to 192.168.1.1 un-wildcards 1
 * bit of nw_dst (8 at the default granularity, below) instead of dl_type
 * and 24 bits.  Tries are asked only after
 * such a miss (on a hit, or a miss in an earlier stage, they cannot help),
 * at most once per field per lookup.
 *
 * The trade-off: exact trie bits give the broadest megaflows but many
 * distinct masks (/1, /2, ... /24), and every distinct mask costs the
 * datapath one more hash probe per packet.  So the bit count is rounded up
 * to a granularity, 8 by default (xsw_cls_set_trie_granularity; rounding up
 * only adds bits, so it stays correct).  Measured on 10k rules
 * (bench/classifier_bench.c, 64k packets): a routing table of /16../32
 * prefixes yields 65k distinct megaflows without tries, 19k with exact
 * trie bits (35 masks), 35k at granularity 8 (5 masks); on an ACL-style
 * mix, where ports and MACs make most packets distinct anyway, tries do
 * not reduce the megaflow count, cost masks (16 without, 538 exact, 40 at
 * granularity 8) and halve lookup speed.
 * xsw_cls_set_prefix_tries() turns them off.
 *
 * Why the un-wildcarding is correct
 * =================================
 * A subtable's answer for K (its highest-priority rule matching K, or none)
 * depends only on K & subtable mask; the indexes and tries only prove "none"
 * early.  Let lookup(K) visit subtables T1..Tn in array order, ending at Tn
 * (end of the array or a subtable that cannot beat the best so far), and let
 * K' agree with K on wc.  By induction over i, the best-so-far after Ti is the
 * same for K and K':  if Ti was probed to the end, wc covers its whole mask,
 * so its answer for K' is the same as for K;  if Ti was skipped after stage
 * s, wc covers its mask over stages 0..s and no rule of Ti agrees with K
 * there, hence none agrees with K';  if a trie proved Ti's miss, the argument
 * above shows no rule of Ti matches K'.  The early-exit test depends only on
 * the best-so-far and on the (static) array, so K' stops at the same Tn, and
 * lookup(K') = lookup(K).  The test suite checks this property on random
 * rule sets against a linear scan.
 *
 * Tie-breaking
 * ============
 * Every insert takes the next value of a 64-bit sequence number.  Overlapping
 * rules of equal priority (necessarily in different subtables) resolve to the
 * smaller sequence number: the earlier insert wins, deterministically, and
 * independently of subtable order.  xsw_cls_replace() keeps the replaced
 * rule's sequence number, so modifying a rule's actions does not change which
 * rule wins a tie.
 *
 * Complexity
 * ==========
 * Lookup: O(subtables visited), each a few hashes over at most ten 64-bit
 * words, at most 3 index probes and one chain walk, plus at most two trie
 * walks (O(128) bits, in <= 64-bit segments) per lookup.  Insert and remove:
 * O(1) expected for the hash tables, O(number of distinct priorities in the
 * subtable) for the priority histogram and O(number of subtables) when a
 * subtable's place in the priority array moves.  Iteration: O(rules + hash
 * buckets).  Memory per rule: the struct xsw_cls_rule itself (160 bytes,
 * embedded in the caller's rule), about one hash-bucket pointer, index slots
 * shared by rules with the same partial key, and at most two trie nodes per
 * trie field (32 bytes each); about 120 bytes on the bench's 10k-rule mix,
 * so 280 in all.  Each subtable costs about 600 bytes.
 *
 * Thread safety
 * =============
 * None inside: xswd uses a classifier from one thread (its main loop, which
 * also runs the upcall handler that calls xsw_cls_lookup).  The lookup and
 * find functions only read the classifier, so several threads may call them
 * at once provided no thread modifies it meanwhile; insert, replace, remove
 * and the set_* functions need exclusive access.
 *
 * Errors follow the project convention: 0 or a negative errno.  Nothing
 * here prints or aborts.
 */
#ifndef XSW_DAEMON_CLASSIFIER_H
#define XSW_DAEMON_CLASSIFIER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/match.h"

struct cls_subtable;
struct cls_pvec_entry;
struct cls_trie_node;

/* A rule, embedded by the caller in its own rule struct (container_of). */
struct xsw_cls_rule {
	struct xsw_match match; /* filled by the caller before insert, then
				 * read-only while the rule is inserted */
	int32_t priority;	/* higher wins; read-only while inserted */

	/* private to the classifier */
	uint32_t hash;		   /* hash of match.key in its subtable */
	uint64_t seq;		   /* insertion sequence: ties go to lower */
	struct xsw_cls_rule *next; /* subtable hash chain */
	struct cls_subtable *subtable; /* NULL while not inserted */
};

/* The classifier.  Embed or allocate it; all members are private. */
struct xsw_cls {
	struct cls_pvec_entry *pvec; /* subtables by priority, see above */
	uint32_t n_subtables;
	uint32_t pvec_alloc;
	struct cls_subtable **by_mask; /* mask -> subtable hash map */
	uint32_t by_mask_mask;	       /* n_buckets - 1 */
	struct cls_subtable *first;    /* creation order, for iteration */
	struct cls_subtable *last;
	struct cls_trie_node *tries[2];	   /* roots: nw_src, nw_dst */
	struct cls_trie_node *spare_nodes; /* preallocated for inserts */
	uint32_t n_spare_nodes;
	uint32_t n_trie_nodes; /* in use, roots excluded */
	bool prefix_tries;
	uint8_t trie_granularity;
	size_t n_rules;
	uint64_t next_seq;
};

/* Initializes an empty classifier, prefix tries on.  0 or -ENOMEM. */
int xsw_cls_init(struct xsw_cls *cls);

/* Frees the classifier's own memory.  The rules still in it are the
 * caller's: they are left alone (and must not be used with @cls again). */
void xsw_cls_destroy(struct xsw_cls *cls);

/* Turns the nw_src/nw_dst prefix tries on or off.  Only while the
 * classifier is empty: -EBUSY otherwise. */
int xsw_cls_set_prefix_tries(struct xsw_cls *cls, bool enabled);

/* A trie proof un-wildcards address bits in multiples of @bits (1..128,
 * -EINVAL otherwise), capped at the prefix length it refutes.  1 gives the
 * broadest megaflows, larger values fewer distinct megaflow masks (each of
 * which costs the datapath one more hash probe).  May be changed at any
 * time; it only affects later lookups. */
#define XSW_CLS_TRIE_GRANULARITY 8
int xsw_cls_set_trie_granularity(struct xsw_cls *cls, unsigned int bits);

/* Fills @rule's public part: copies @match with its key masked (so a caller
 * may pass an unmasked key) and sets @priority. */
void xsw_cls_rule_init(struct xsw_cls_rule *rule, const struct xsw_match *match,
		       int32_t priority);

/* Inserts @rule.  Fails with
 *   -EINVAL  the key is not pre-masked (key & mask != key), or a key or mask
 *            has bits in the spare field;
 *   -EEXIST  a rule with the same match and priority is in the classifier:
 *            it is stored in *@dup (if @dup is not NULL), and the caller may
 *            xsw_cls_replace() it, as ovs-ofctl add-flow does;
 *   -ENOMEM  nothing changed.
 * @rule must not be in a classifier already. */
int xsw_cls_insert(struct xsw_cls *cls, struct xsw_cls_rule *rule,
		   struct xsw_cls_rule **dup);

/* Puts @new in the place of @old, which must be in @cls, and have the same
 * match and priority as @new (-EINVAL otherwise).  @new keeps @old's
 * insertion sequence, so tie-breaking is unchanged.  @old is then out of the
 * classifier.  Never allocates. */
int xsw_cls_replace(struct xsw_cls *cls, struct xsw_cls_rule *old,
		    struct xsw_cls_rule *new);

/* Removes @rule, which must be in @cls.  Never fails. */
void xsw_cls_remove(struct xsw_cls *cls, struct xsw_cls_rule *rule);

/* The rule with exactly @match (key masked or not) and @priority, or NULL
 * (ovs-ofctl --strict). */
struct xsw_cls_rule *xsw_cls_find_exact(const struct xsw_cls *cls,
					const struct xsw_match *match,
					int32_t priority);

/* The highest-priority rule matching @key (ties: the earliest inserted), or
 * NULL.  ORs into *@wc every key bit the decision depended on (the
 * un-wildcarding mask, also for a NULL result); @wc may be NULL.  @wc is
 * only ORed into: a caller starts from zero, or from bits it already needs
 * (e.g. fields the datapath always matches). */
const struct xsw_cls_rule *xsw_cls_lookup(const struct xsw_cls *cls,
					  const struct xsw_flow_key *key,
					  struct xsw_flow_key *wc);

size_t xsw_cls_count(const struct xsw_cls *cls);

static inline bool xsw_cls_is_empty(const struct xsw_cls *cls)
{
	return xsw_cls_count(cls) == 0;
}

/* For `show` commands, metrics and benchmarks. */
struct xsw_cls_stats {
	size_t n_rules;
	size_t n_subtables;  /* distinct masks */
	size_t n_trie_nodes; /* over both prefix tries */
	size_t size;	     /* bytes the classifier allocated (the rules
			      * themselves, the caller's, not counted) */
};

void xsw_cls_get_stats(const struct xsw_cls *cls, struct xsw_cls_stats *stats);

/* Iteration over all rules, or over the rules loosely matching a filter
 * (ovs-ofctl non-strict dump-flows/del-flows: every rule whose mask has at
 * least the filter's bits and whose key agrees with the filter's key on
 * them).  Order: unspecified (by subtable, then hash).  Usage:
 *
 *	struct xsw_cls_cursor c;
 *	struct xsw_cls_rule *r;
 *
 *	for (r = xsw_cls_cursor_start(&c, cls, filter); r;
 *	     r = xsw_cls_cursor_next(&c))
 *		if (...)
 *			xsw_cls_remove(cls, r);
 *
 * Removing the rule just returned (or any rule returned before) is safe;
 * removing other rules or inserting during an iteration is not. */
struct xsw_cls_cursor {
	const struct xsw_cls *cls;
	struct xsw_cls_rule *next; /* the next rule to return, precomputed */
	struct xsw_match filter;   /* a copy: the caller's may go away (kept
				    * 8-aligned: it is read as u64 words) */
	bool has_filter;
};

/* Starts an iteration; @filter NULL means every rule.  Returns the first
 * rule or NULL. */
struct xsw_cls_rule *xsw_cls_cursor_start(struct xsw_cls_cursor *cursor,
					  const struct xsw_cls *cls,
					  const struct xsw_match *filter);
struct xsw_cls_rule *xsw_cls_cursor_next(struct xsw_cls_cursor *cursor);

/* Does @rule loosely match @filter (see above)?  @filter's key must be
 * masked. */
bool xsw_cls_rule_loose_match(const struct xsw_cls_rule *rule,
			      const struct xsw_match *filter);

#endif /* XSW_DAEMON_CLASSIFIER_H */
