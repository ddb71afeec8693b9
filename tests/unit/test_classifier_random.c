// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Classifier randomized tests: rule sets of realistic shapes, churned, run
 * against a linear-scan reference that checks the winner and the megaflow
 * property
 *     lookup(K) = (R, wc)  =>  lookup(K') = R
 *     for every K' with K' & wc == K & wc.
 *
 * Each test prints its seed ("# random/NAME: seed N"); XSW_CLS_SEED=N
 * reruns it.  The hand-written tests are in test_classifier.c.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "daemon/classifier.h"

#include "../lib/cls_fixture.h"
#include "../lib/match_build.h"
#include "../lib/rng.h"

/* Small value pools, so rules overlap and packets hit them. */
static const uint8_t macs[4][XSW_ETH_ALEN] = {
    {0x02, 0, 0, 0, 0, 1},
    {0x02, 0, 0, 0, 0, 2},
    {0x02, 0, 0, 0, 1, 1},
    {0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
};
static const uint16_t ports[] = {22, 53, 80, 443, 8080};
static const uint8_t protos[] = {6, 17, 1};

static uint32_t pool_ip4(void)
{
	if (chance(10))
		return (uint32_t)rnd();
	return IP4(10, rnd_below(2), rnd_below(4), rnd_below(8));
}

static void pool_ip6(uint8_t *a)
{
	memset(a, 0, 16);
	if (chance(10)) {
		uint64_t x = rnd(), y = rnd();

		memcpy(a, &x, 8);
		memcpy(a + 8, &y, 8);
		return;
	}
	a[0] = 0x20;
	a[1] = 0x01;
	a[2] = 0x0d;
	a[3] = 0xb8;
	a[5] = (uint8_t)rnd_below(4);
	a[7] = (uint8_t)rnd_below(2);
	a[15] = (uint8_t)rnd_below(8);
}

static uint16_t pool_port(void)
{
	return chance(15) ? (uint16_t)rnd() : ports[rnd_below(5)];
}

static unsigned rnd_plen4(void)
{
	static const unsigned common[] = {8, 16, 24, 32};

	return chance(60) ? common[rnd_below(4)] : 1 + rnd_below(32);
}

/* Priorities as rule sets have them: a few levels, many rules per level
 * (so overlapping rules tie often), broad rules low, now and then an odd
 * one out. */
static int32_t random_priority(int32_t max)
{
	if (chance(2))
		return (int32_t)rnd_below(2001) - 1000;
	return (int32_t)rnd_below((uint32_t)max + 1);
}

/* A random match of a realistic shape, and a priority for it. */
static int32_t random_match(struct xsw_match *m)
{
	static const uint32_t odd_masks[] = {0xff00ff00, 0xff0f0000, 0xffff0f00,
					     0x0000ffff, 0x7fffffff};
	uint8_t a6[16], mask6[16];

	memset(m, 0, sizeof(*m));
	switch (rnd_below(20)) {
	case 0: /* catch-all */
		return 0;
	case 1:
		m_in_port(m, 1 + rnd_below(4));
		break;
	case 2:
		m_in_port(m, 1 + rnd_below(4));
		m_mac(m, true, macs[rnd_below(4)]);
		break;
	case 3:
		m_mac(m, false, macs[rnd_below(4)]);
		break;
	case 4:
		m_vlan(m, (uint16_t)(XSW_VLAN_PRESENT | (1 + rnd_below(3))),
		       XSW_VLAN_PRESENT | XSW_VLAN_VID_MASK);
		m_mac(m, false, macs[rnd_below(4)]);
		break;
	case 5:
		m_dl_type(m, ETH_IP);
		m_ip4(m, false, pool_ip4(), rnd_plen4());
		break;
	case 6:
		m_dl_type(m, ETH_IP);
		m_ip4(m, true, pool_ip4(), rnd_plen4());
		break;
	case 7:
		m_dl_type(m, ETH_IP);
		m_ip4(m, true, pool_ip4(), rnd_plen4());
		m_ip4(m, false, pool_ip4(), rnd_plen4());
		break;
	case 8:
		m_dl_type(m, ETH_IP);
		m_proto(m, protos[rnd_below(2)]);
		m_tp(m, false, pool_port(), 0xffff);
		break;
	case 9:
		m_dl_type(m, ETH_IP);
		m_proto(m, protos[rnd_below(2)]);
		m_tp(m, true, pool_port(), 0xffff);
		break;
	case 10: /* exact 5-tuple */
		m_dl_type(m, ETH_IP);
		m_proto(m, protos[rnd_below(2)]);
		m_ip4(m, true, pool_ip4(), 32);
		m_ip4(m, false, pool_ip4(), 32);
		m_tp(m, true, pool_port(), 0xffff);
		m_tp(m, false, pool_port(), 0xffff);
		break;
	case 11:
		m_dl_type(m, ETH_IP);
		m_proto(m, protos[rnd_below(2)]);
		m_ip4(m, false, pool_ip4(), rnd_plen4());
		m_tp(m, false, pool_port(), 0xffff);
		break;
	case 12: /* ARP for an IP */
		m_dl_type(m, ETH_ARP);
		if (chance(50))
			m_proto(m, 1 + rnd_below(2));
		m_ip4(m, false, pool_ip4(), 32);
		break;
	case 13: {
		static const unsigned p6[] = {32, 48, 64, 128};

		m_dl_type(m, ETH_IP6);
		pool_ip6(a6);
		prefix_mask(mask6, 16,
			    chance(70) ? p6[rnd_below(4)] : 1 + rnd_below(128));
		m_addr(m, chance(50), a6, mask6, 16);
		break;
	}
	case 14: /* DSCP */
		m_in_port(m, 1 + rnd_below(4));
		m_dl_type(m, ETH_IP);
		m_u8(m, offsetof(struct xsw_flow_key, nw_tos),
		     (uint8_t)(rnd_below(3) << 3), 0xfc);
		break;
	case 15: /* port range as a bitmask */
		m_dl_type(m, ETH_IP);
		m_proto(m, 6);
		m_tp(m, false, pool_port(), (uint16_t)(0xffff << rnd_below(8)));
		break;
	case 16:
		m_dl_type(m, ETH_IP);
		m_u8(m, offsetof(struct xsw_flow_key, nw_frag),
		     (uint8_t)rnd_below(4), chance(50) ? 1 : 3);
		break;
	case 17: { /* non-CIDR address mask: no trie */
		uint32_t a = htonl(pool_ip4()),
			 mk = htonl(odd_masks[rnd_below(5)]);

		m_dl_type(m, ETH_IP);
		m_addr(m, true, (const uint8_t *)&a, (const uint8_t *)&mk, 4);
		break;
	}
	case 18:
		m_in_port(m, 1 + rnd_below(4));
		m_dl_type(m, ETH_IP);
		m_ip4(m, false, pool_ip4(), rnd_plen4());
		break;
	default:
		m_dl_type(m, chance(80) ? ETH_IP : ETH_IP6);
		return random_priority(2);
	}
	return random_priority(6);
}

static void random_packet(struct xsw_flow_key *k)
{
	unsigned t = rnd_below(100);

	memset(k, 0, sizeof(*k));
	k->in_port = 1 + rnd_below(5);
	if (chance(20))
		k->vlan_tci =
		    htons((uint16_t)(XSW_VLAN_PRESENT | rnd_below(4)));
	memcpy(k->dl_src, macs[rnd_below(4)], XSW_ETH_ALEN);
	memcpy(k->dl_dst, macs[rnd_below(4)], XSW_ETH_ALEN);
	if (t < 70) {
		k->dl_type = htons(ETH_IP);
		k->nw_proto = protos[rnd_below(3)];
		k->nw_tos = (uint8_t)(rnd_below(4) << 3);
		k->nw_ttl = (uint8_t)rnd();
		k->nw_frag = chance(10) ? (uint8_t)rnd_below(4) : 0;
		k_ip4(k, true, pool_ip4());
		k_ip4(k, false, pool_ip4());
		k->tp_src = htons(pool_port());
		k->tp_dst = htons(pool_port());
	} else if (t < 85) {
		k->dl_type = htons(ETH_IP6);
		k->nw_proto = protos[rnd_below(3)];
		pool_ip6(k->nw_src.ip6);
		pool_ip6(k->nw_dst.ip6);
		k->tp_src = htons(pool_port());
		k->tp_dst = htons(pool_port());
	} else if (t < 95) {
		k->dl_type = htons(ETH_ARP);
		k->nw_proto = (uint8_t)(1 + rnd_below(2));
		k_ip4(k, true, pool_ip4());
		k_ip4(k, false, pool_ip4());
	} else {
		k->dl_type = (uint16_t)rnd();
	}
}

/* The reference: live rules in insertion order, scanned linearly. */
struct ref {
	struct trule **rules;
	size_t n;
};

static void ref_append(struct ref *ref, struct trule *r)
{
	r->ref_idx = ref->n;
	ref->rules[ref->n++] = r;
}

static void ref_remove(struct ref *ref, struct trule *r)
{
	size_t i = r->ref_idx;

	memmove(&ref->rules[i], &ref->rules[i + 1],
		(ref->n - i - 1) * sizeof(*ref->rules));
	ref->n--;
	for (; i < ref->n; i++)
		ref->rules[i]->ref_idx = i;
}

static const struct trule *
ref_lookup_ties(const struct ref *ref, const struct xsw_flow_key *k, bool *tie)
{
	const struct trule *best = NULL;

	*tie = false;
	for (size_t i = 0; i < ref->n; i++) {
		const struct trule *r = ref->rules[i];

		if (!xsw_match_hits(&r->cr.match, k))
			continue;
		if (!best || r->cr.priority > best->cr.priority) {
			best = r;
			*tie = false;
		} else if (r->cr.priority == best->cr.priority) {
			*tie = true;
		}
	}
	return best;
}

static const struct trule *ref_lookup(const struct ref *ref,
				      const struct xsw_flow_key *k)
{
	bool tie;

	return ref_lookup_ties(ref, k, &tie);
}

struct wc_stats {
	uint64_t n_lookups;
	uint64_t n_ties; /* lookups where a tie-break decided */
	uint64_t n_wc_bits;
	uint64_t n_probes;
};

static unsigned popcount_key(const struct xsw_flow_key *k)
{
	const uint64_t *w = xsw_key_u64(k);
	unsigned n = 0;

	for (size_t i = 0; i < XSW_FLOW_KEY_U64S; i++)
		n += (unsigned)__builtin_popcountll(w[i]);
	return n;
}

/* K' = (K & wc) | (other & ~wc) */
static void blend(struct xsw_flow_key *out, const struct xsw_flow_key *k,
		  const struct xsw_flow_key *wc,
		  const struct xsw_flow_key *other)
{
	const uint64_t *a = xsw_key_u64(k), *m = xsw_key_u64(wc),
		       *b = xsw_key_u64(other);
	uint64_t *o = xsw_key_u64_mut(out);

	for (size_t i = 0; i < XSW_FLOW_KEY_U64S; i++)
		o[i] = (a[i] & m[i]) | (b[i] & ~m[i]);
}

/* A packet that matches @r (something else may still win). */
static void aimed_packet_for(const struct trule *r, struct xsw_flow_key *k)
{
	struct xsw_flow_key base;

	if (chance(30)) { /* the rule's don't-care bits, all random */
		uint64_t *w = xsw_key_u64_mut(&base);

		for (size_t i = 0; i < XSW_FLOW_KEY_U64S; i++)
			w[i] = rnd();
		base.spare = 0;
	} else {
		random_packet(&base);
	}
	blend(k, &r->cr.match.key, &r->cr.match.mask, &base);
}

static void check_one(const struct xsw_cls *cls, const struct ref *ref,
		      const struct xsw_flow_key *k, struct wc_stats *st)
{
	struct xsw_flow_key wc, k2, other;
	const struct xsw_cls_rule *got;
	bool tie;
	const struct trule *want = ref_lookup_ties(ref, k, &tie);

	memset(&wc, 0, sizeof(wc));
	got = xsw_cls_lookup(cls, k, &wc);
	if ((const void *)got != (const void *)want)
		fail_msg("lookup: got rule %d, want %d", got ? tr(got)->id : -1,
			 want ? want->id : -1);
	st->n_lookups++;
	st->n_ties += tie;
	st->n_wc_bits += popcount_key(&wc);

	/* The megaflow property, on keys that differ outside wc. */
	for (int i = 0; i < 5; i++) {
		const struct trule *want2;

		switch (i) {
		case 0: { /* random bits */
			uint64_t *o = xsw_key_u64_mut(&other);

			for (size_t w = 0; w < XSW_FLOW_KEY_U64S; w++)
				o[w] = rnd();
			break;
		}
		case 1: /* one bit flipped */
			other = *k;
			((uint8_t *)&other)[rnd_below(60)] ^=
			    (uint8_t)(1u << rnd_below(8));
			break;
		case 2: /* another random packet */
			random_packet(&other);
			break;
		default: /* aimed at some rule */
			if (!ref->n)
				continue;
			aimed_packet_for(
			    ref->rules[rnd_below((uint32_t)ref->n)], &other);
			break;
		}
		blend(&k2, k, &wc, &other);
		k2.spare = 0;
		want2 = ref_lookup(ref, &k2);
		st->n_probes++;
		if ((const void *)want2 != (const void *)want)
			fail_msg("megaflow broken: K gets %d, K' (same bits "
				 "under wc) gets %d",
				 want ? want->id : -1, want2 ? want2->id : -1);
		got = xsw_cls_lookup(cls, &k2, NULL);
		if ((const void *)got != (const void *)want)
			fail_msg("lookup(K'): got %d want %d",
				 got ? tr(got)->id : -1, want ? want->id : -1);
	}
}

struct rand_cfg {
	const char *name;
	bool tries;
	unsigned granularity;
	size_t n_rules;
	int rounds;
	int packets_per_round;
	int32_t (*gen)(struct xsw_match *m); /* returns a priority */
};

static void check_cursor(const struct xsw_cls *cls, const struct ref *ref)
{
	struct xsw_cls_cursor c;
	struct xsw_cls_rule *cr;
	struct xsw_match f;
	size_t n = 0, n_ref = 0;

	for (cr = xsw_cls_cursor_start(&c, cls, NULL); cr;
	     cr = xsw_cls_cursor_next(&c))
		n++;
	assert_int_equal(n, ref->n);

	/* loose iteration with a random live rule's match as the filter,
	 * checked against a brute-force count */
	if (!ref->n)
		return;
	f = ref->rules[rnd_below((uint32_t)ref->n)]->cr.match;
	n = 0;
	for (cr = xsw_cls_cursor_start(&c, cls, &f); cr;
	     cr = xsw_cls_cursor_next(&c)) {
		assert_true(xsw_cls_rule_loose_match(cr, &f));
		n++;
	}
	for (size_t i = 0; i < ref->n; i++)
		n_ref += xsw_cls_rule_loose_match(&ref->rules[i]->cr, &f);
	assert_int_equal(n, n_ref);
}

static void run_random(struct xsw_cls *cls, const struct rand_cfg *cfg)
{
	size_t cap = cfg->n_rules * (size_t)(cfg->rounds + 2);
	struct trule *pool = calloc(cap, sizeof(*pool));
	struct ref ref = {calloc(cap, sizeof(struct trule *)), 0};
	struct wc_stats stats = {0};
	size_t n_used = 0, n_dups = 0, n_replaced = 0;

	assert_non_null(pool);
	assert_non_null(ref.rules);
	rng_seed_from_env("XSW_CLS_SEED", cfg->name, rng_clock_seed());
	assert_int_equal(xsw_cls_set_prefix_tries(cls, cfg->tries), 0);
	assert_int_equal(xsw_cls_set_trie_granularity(cls, cfg->granularity),
			 0);

	for (int round = 0; round < cfg->rounds; round++) {
		static const unsigned churn[] = {33, 95, 10, 60};

		/* churn: drop some (sometimes nearly all), then refill */
		if (round) {
			unsigned pct = churn[round % 4];

			for (size_t i = ref.n; i-- > 0;) {
				if (chance(pct)) {
					struct trule *r = ref.rules[i];

					xsw_cls_remove(cls, &r->cr);
					ref_remove(&ref, r);
				}
			}
		}
		while (ref.n < cfg->n_rules && n_used < cap) {
			struct trule *r = &pool[n_used];
			struct xsw_cls_rule *dup;
			struct xsw_match m;
			int err;

			int32_t prio = cfg->gen(&m);

			xsw_cls_rule_init(&r->cr, &m, prio);
			r->id = (int)n_used;
			err = xsw_cls_insert(cls, &r->cr, &dup);
			if (err == -EEXIST) {
				struct trule *old = (struct trule *)dup;

				assert_true(xsw_match_equal(&old->cr.match,
							    &r->cr.match));
				assert_int_equal(old->cr.priority,
						 r->cr.priority);
				n_dups++;
				if (chance(50)) {
					/* replace: takes the old position */
					assert_int_equal(
					    xsw_cls_replace(cls, &old->cr,
							    &r->cr),
					    0);
					r->ref_idx = old->ref_idx;
					ref.rules[r->ref_idx] = r;
					n_used++;
					n_replaced++;
				}
				continue;
			}
			assert_int_equal(err, 0);
			ref_append(&ref, r);
			n_used++;
		}
		assert_int_equal(xsw_cls_count(cls), ref.n);

		for (int p = 0; p < cfg->packets_per_round; p++) {
			struct xsw_flow_key k;

			if (ref.n && chance(60))
				aimed_packet_for(
				    ref.rules[rnd_below((uint32_t)ref.n)], &k);
			else
				random_packet(&k);
			check_one(cls, &ref, &k, &stats);
		}
		/* every live rule, once: lost index or bucket entries show */
		for (size_t i = 0; i < ref.n; i++) {
			struct xsw_flow_key k;

			aimed_packet_for(ref.rules[i], &k);
			check_one(cls, &ref, &k, &stats);
		}
		check_cursor(cls, &ref);
		{
			struct xsw_cls_stats cs;

			xsw_cls_get_stats(cls, &cs);
			assert_int_equal(cs.n_rules, ref.n);
			assert_true(cs.n_subtables >= 1 &&
				    cs.n_subtables <= ref.n);
			assert_true(cs.n_trie_nodes <= 4 * ref.n);
			if (round == cfg->rounds - 1)
				print_message("# %s: %zu subtables, %zu trie "
					      "nodes, %zu bytes (%.0f/rule)\n",
					      cfg->name, cs.n_subtables,
					      cs.n_trie_nodes, cs.size,
					      (double)cs.size /
						  (double)(ref.n ? ref.n : 1));
		}

		/* exact finds of a few live rules */
		for (int i = 0; i < 20 && ref.n; i++) {
			struct trule *r = ref.rules[rnd_below((uint32_t)ref.n)];

			assert_ptr_equal(xsw_cls_find_exact(cls, &r->cr.match,
							    r->cr.priority),
					 &r->cr);
		}
	}

	print_message("# %s: %zu rules live, %zu inserted, %zu dups (%zu "
		      "replaced), %llu lookups (%llu decided by a tie), %llu "
		      "megaflow probes, "
		      "mean wc bits %.1f\n",
		      cfg->name, ref.n, n_used, n_dups, n_replaced,
		      (unsigned long long)stats.n_lookups,
		      (unsigned long long)stats.n_ties,
		      (unsigned long long)stats.n_probes,
		      stats.n_lookups
			  ? (double)stats.n_wc_bits / (double)stats.n_lookups
			  : 0.0);

	/* empty it, half through the cursor */
	{
		struct xsw_cls_cursor c;
		struct xsw_cls_rule *cr;

		for (cr = xsw_cls_cursor_start(&c, cls, NULL); cr;
		     cr = xsw_cls_cursor_next(&c))
			if (chance(50))
				xsw_cls_remove(cls, cr);
		for (cr = xsw_cls_cursor_start(&c, cls, NULL); cr;
		     cr = xsw_cls_cursor_next(&c))
			xsw_cls_remove(cls, cr);
	}
	assert_int_equal(xsw_cls_count(cls), 0);
	{
		struct xsw_cls_stats stats0;

		xsw_cls_get_stats(cls, &stats0);
		assert_int_equal(stats0.n_subtables, 0);
		assert_int_equal(stats0.n_trie_nodes, 0); /* none leaked */
	}
	free(ref.rules);
	free(pool);
}

static void test_random_tries(void **state)
{
	const struct rand_cfg cfg = {"random/tries", true,	  1, 2000, 4,
				     1500,	     random_match};

	run_random(*state, &cfg);
}

static void test_random_no_tries(void **state)
{
	const struct rand_cfg cfg = {"random/no-tries", false, 1, 2000, 4, 1500,
				     random_match};

	run_random(*state, &cfg);
}

/* Prefix rules only, lengths 1..128, clustered so that the trie splits and
 * merges nodes at every depth, across the 64-bit node boundary too.
 * Returns the total prefix length. */
static unsigned prefix_rule(struct xsw_match *m)
{
	static const uint8_t bases[3][16] = {
	    {0x20, 0x01, 0x0d, 0xb8},
	    {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0xff, 0xff},
	    {10, 1},
	};
	uint8_t a[16], mask[16];
	unsigned plen = 1 + rnd_below(128), total = plen;

	memcpy(a, bases[rnd_below(3)], 16);
	for (int i = 0; i < 3; i++)
		a[rnd_below(16)] ^= (uint8_t)(1u << rnd_below(8));
	prefix_mask(mask, 16, plen);
	memset(m, 0, sizeof(*m));
	if (chance(30))
		m_dl_type(m, ETH_IP6);
	m_addr(m, chance(50), a, mask, 16);
	if (chance(20)) {
		plen = 1 + rnd_below(128);
		total += plen;
		prefix_mask(mask, 16, plen);
		m_addr(m, !chance(50), a, mask, 16);
	}
	return total;
}

/* ... with few priority levels: many ties */
static int32_t prefix_match_ties(struct xsw_match *m)
{
	prefix_rule(m);
	return random_priority(6);
}

/* ... longest prefix first, as a routing table: deep rules win their own
 * packets, so a trie that loses a deep prefix shows */
static int32_t prefix_match_lpm(struct xsw_match *m)
{
	return (int32_t)prefix_rule(m);
}

static void test_random_prefixes(void **state)
{
	const struct rand_cfg cfg = {"random/prefixes", true, 1, 1500, 4, 1500,
				     prefix_match_ties};

	run_random(*state, &cfg);
}

static void test_random_lpm(void **state)
{
	const struct rand_cfg cfg = {"random/lpm",    true, 8, 1500, 8, 500,
				     prefix_match_lpm};

	run_random(*state, &cfg);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup_cls, teardown_cls)
	const struct CMUnitTest tests[] = {
	    T(test_random_tries),
	    T(test_random_no_tries),
	    T(test_random_prefixes),
	    T(test_random_lpm),
	};
#undef T

	return cmocka_run_group_tests_name("classifier/random", tests, NULL,
					   NULL);
}
