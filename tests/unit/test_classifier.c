// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Classifier unit tests: API behaviour, un-wildcarding of the staged lookup,
 * the prefix tries and early exit.  The randomized runs against a
 * linear-scan reference are in test_classifier_random.c.
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

static void add_ok(struct xsw_cls *cls, struct trule *r, int id,
		   const struct xsw_match *m, int32_t prio)
{
	struct xsw_cls_rule *dup = (void *)1;

	xsw_cls_rule_init(&r->cr, m, prio);
	r->id = id;
	assert_int_equal(xsw_cls_insert(cls, &r->cr, &dup), 0);
	assert_null(dup);
}

static int lookup_id(const struct xsw_cls *cls, const struct xsw_flow_key *k,
		     struct xsw_flow_key *wc)
{
	const struct xsw_cls_rule *r;

	if (wc)
		memset(wc, 0, sizeof(*wc));
	r = xsw_cls_lookup(cls, k, wc);
	return r ? tr(r)->id : -1;
}

static bool key_is_zero(const struct xsw_flow_key *k)
{
	static const struct xsw_flow_key zero;

	return !memcmp(k, &zero, sizeof(zero));
}

/* A mask from a match built with the m_* helpers. */
#define MASK_OF(stmts)                                                         \
	({                                                                     \
		struct xsw_match mm_;                                          \
		memset(&mm_, 0, sizeof(mm_));                                  \
		{                                                              \
			struct xsw_match *m = &mm_;                            \
			stmts;                                                 \
		}                                                              \
		mm_.mask;                                                      \
	})

static void assert_key_equal(const struct xsw_flow_key *a,
			     const struct xsw_flow_key *b)
{
	if (memcmp(a, b, sizeof(*a))) {
		const uint8_t *x = (const void *)a, *y = (const void *)b;

		for (size_t i = 0; i < sizeof(*a); i++)
			if (x[i] != y[i])
				print_message("# byte %zu: %02x != %02x\n", i,
					      x[i], y[i]);
		fail_msg("masks differ");
	}
}

/* ---- unit tests ---------------------------------------------------------- */

static void test_empty(void **state)
{
	struct xsw_cls *cls = *state;
	struct xsw_flow_key k = tcp_key(1, IP4(10, 0, 0, 1), IP4(10, 0, 0, 2),
					1000, 80),
			    wc;
	struct xsw_cls_cursor c;

	assert_int_equal(xsw_cls_count(cls), 0);
	assert_true(xsw_cls_is_empty(cls));
	assert_int_equal(lookup_id(cls, &k, &wc), -1);
	assert_true(key_is_zero(&wc));
	assert_null(xsw_cls_lookup(cls, &k, NULL));
	assert_null(xsw_cls_cursor_start(&c, cls, NULL));
}

static void test_basic(void **state)
{
	struct xsw_cls *cls = *state;
	struct xsw_match m = {0};
	struct trule a;
	struct xsw_flow_key k = tcp_key(1, 0, 0, 0, 0), wc;

	m_in_port(&m, 1);
	add_ok(cls, &a, 1, &m, 10);
	assert_int_equal(xsw_cls_count(cls), 1);
	assert_int_equal(lookup_id(cls, &k, &wc), 1);
	assert_key_equal(&wc, &m.mask);
	k.in_port = 2;
	assert_int_equal(lookup_id(cls, &k, &wc), -1);
	assert_key_equal(&wc, &m.mask);

	/* wc is ORed into, not overwritten */
	memset(&wc, 0, sizeof(wc));
	wc.tp_dst = 0xffff;
	xsw_cls_lookup(cls, &k, &wc);
	assert_int_equal(wc.tp_dst, 0xffff);
	assert_int_equal(wc.in_port, UINT32_MAX);

	xsw_cls_remove(cls, &a.cr);
	assert_int_equal(xsw_cls_count(cls), 0);
	assert_int_equal(lookup_id(cls, &k, NULL), -1);
}

static void test_invalid(void **state)
{
	struct xsw_cls *cls = *state;
	struct xsw_match m = {0};
	struct xsw_cls_rule r;

	m_in_port(&m, 1);
	memset(&r, 0, sizeof(r));
	r.match = m;
	r.match.key.tp_dst = 5; /* not under the mask */
	assert_int_equal(xsw_cls_insert(cls, &r, NULL), -EINVAL);
	r.match = m;
	r.match.mask.spare = 1;
	assert_int_equal(xsw_cls_insert(cls, &r, NULL), -EINVAL);
	assert_int_equal(xsw_cls_count(cls), 0);

	/* rule_init masks the key */
	m.key.tp_dst = 5;
	xsw_cls_rule_init(&r, &m, 3);
	assert_int_equal(r.match.key.tp_dst, 0);
	assert_int_equal(xsw_cls_insert(cls, &r, NULL), 0);
	assert_int_equal(xsw_cls_set_prefix_tries(cls, false), -EBUSY);
	xsw_cls_remove(cls, &r);
	assert_int_equal(xsw_cls_set_prefix_tries(cls, false), 0);
}

static void test_dup_find_replace(void **state)
{
	struct xsw_cls *cls = *state;
	struct xsw_match m = {0}, other = {0};
	struct trule a, b, c, d;
	struct xsw_cls_rule *dup = NULL;
	struct xsw_flow_key k = tcp_key(3, IP4(10, 1, 2, 3), 0, 0, 22);

	m_dl_type(&m, ETH_IP);
	m_ip4(&m, true, IP4(10, 1, 0, 0), 16);
	add_ok(cls, &a, 1, &m, 5);

	xsw_cls_rule_init(&b.cr, &m, 5);
	b.id = 2;
	assert_int_equal(xsw_cls_insert(cls, &b.cr, &dup), -EEXIST);
	assert_ptr_equal(dup, &a.cr);
	assert_int_equal(xsw_cls_insert(cls, &b.cr, NULL), -EEXIST);
	assert_int_equal(xsw_cls_count(cls), 1);

	add_ok(cls, &c, 3, &m, 7);
	assert_ptr_equal(xsw_cls_find_exact(cls, &m, 5), &a.cr);
	assert_ptr_equal(xsw_cls_find_exact(cls, &m, 7), &c.cr);
	assert_null(xsw_cls_find_exact(cls, &m, 6));
	/* an unmasked key finds the same rule */
	other = m;
	other.key.nw_src.ip4 = htonl(IP4(10, 1, 99, 99));
	assert_ptr_equal(xsw_cls_find_exact(cls, &other, 5), &a.cr);
	/* same key, other mask: not the same match */
	m_ip4(&other, true, IP4(10, 1, 0, 0), 24);
	assert_null(xsw_cls_find_exact(cls, &other, 5));

	assert_int_equal(lookup_id(cls, &k, NULL), 3);
	/* replace needs an identical match and priority */
	xsw_cls_rule_init(&d.cr, &m, 6);
	assert_int_equal(xsw_cls_replace(cls, &a.cr, &d.cr), -EINVAL);
	assert_int_equal(xsw_cls_replace(cls, &a.cr, &b.cr), 0);
	assert_null(a.cr.subtable);
	assert_ptr_equal(xsw_cls_find_exact(cls, &m, 5), &b.cr);
	assert_int_equal(xsw_cls_count(cls), 2);
	xsw_cls_remove(cls, &c.cr);
	assert_int_equal(lookup_id(cls, &k, NULL), 2);
	xsw_cls_remove(cls, &b.cr);
	assert_int_equal(xsw_cls_count(cls), 0);
	assert_int_equal(lookup_id(cls, &k, NULL), -1);
}

static void test_priority(void **state)
{
	struct xsw_cls *cls = *state;
	struct xsw_match m8 = {0}, m16 = {0}, mip = {0};
	struct trule r8, r16, rip;
	struct xsw_flow_key k = tcp_key(1, 0, IP4(10, 1, 2, 3), 1, 2);

	m_dl_type(&m8, ETH_IP);
	m_ip4(&m8, false, IP4(10, 0, 0, 0), 8);
	m_dl_type(&m16, ETH_IP);
	m_ip4(&m16, false, IP4(10, 1, 0, 0), 16);
	m_dl_type(&mip, ETH_IP);
	add_ok(cls, &rip, 3, &mip, 5);
	add_ok(cls, &r8, 1, &m8, 10);
	add_ok(cls, &r16, 2, &m16, 20);

	assert_int_equal(lookup_id(cls, &k, NULL), 2);
	k_ip4(&k, false, IP4(10, 2, 0, 1));
	assert_int_equal(lookup_id(cls, &k, NULL), 1);
	k_ip4(&k, false, IP4(11, 0, 0, 1));
	assert_int_equal(lookup_id(cls, &k, NULL), 3);
	k.dl_type = htons(ETH_ARP);
	assert_int_equal(lookup_id(cls, &k, NULL), -1);

	xsw_cls_remove(cls, &r16.cr);
	k = tcp_key(1, 0, IP4(10, 1, 2, 3), 1, 2);
	assert_int_equal(lookup_id(cls, &k, NULL), 1);
	xsw_cls_remove(cls, &r8.cr);
	assert_int_equal(lookup_id(cls, &k, NULL), 3);
	xsw_cls_remove(cls, &rip.cr);
}

/* Same match, several priorities: one chain group, highest first. */
static void test_same_match_group(void **state)
{
	struct xsw_cls *cls = *state;
	struct xsw_match m = {0};
	struct trule r[4];
	static const int32_t prios[4] = {1, 5, 3, 4};
	struct xsw_flow_key k = tcp_key(7, 0, 0, 0, 0);

	m_in_port(&m, 7);
	for (int i = 0; i < 4; i++)
		add_ok(cls, &r[i], i, &m, prios[i]);
	assert_int_equal(lookup_id(cls, &k, NULL), 1);
	xsw_cls_remove(cls, &r[1].cr);
	assert_int_equal(lookup_id(cls, &k, NULL), 3);
	xsw_cls_remove(cls, &r[0].cr);
	assert_int_equal(lookup_id(cls, &k, NULL), 3);
	xsw_cls_remove(cls, &r[3].cr);
	assert_int_equal(lookup_id(cls, &k, NULL), 2);
	add_ok(cls, &r[0], 0, &m, 1);
	assert_int_equal(lookup_id(cls, &k, NULL), 2);
	xsw_cls_remove(cls, &r[2].cr);
	assert_int_equal(lookup_id(cls, &k, NULL), 0);
	xsw_cls_remove(cls, &r[0].cr);
	assert_int_equal(xsw_cls_count(cls), 0);
}

/* Equal priorities, overlapping rules: the earlier insert wins. */
static void test_ties(void **state)
{
	struct xsw_cls *cls = *state;
	struct xsw_match mport = {0}, mip = {0}, mx1 = {0}, mx2 = {0};
	struct trule a, b, x1, x2, y, a2;
	struct xsw_flow_key k = tcp_key(1, IP4(1, 1, 1, 1), 0, 0, 80);

	m_in_port(&mport, 1);
	m_dl_type(&mip, ETH_IP);
	add_ok(cls, &a, 1, &mport, 10);
	add_ok(cls, &b, 2, &mip, 10);
	assert_int_equal(lookup_id(cls, &k, NULL), 1);
	/* replacing keeps the insertion position */
	xsw_cls_rule_init(&a2.cr, &mport, 10);
	a2.id = 3;
	assert_int_equal(xsw_cls_replace(cls, &a.cr, &a2.cr), 0);
	assert_int_equal(lookup_id(cls, &k, NULL), 3);
	xsw_cls_remove(cls, &a2.cr);
	assert_int_equal(lookup_id(cls, &k, NULL), 2);
	add_ok(cls, &a, 1, &mport, 10); /* now later than b */
	assert_int_equal(lookup_id(cls, &k, NULL), 2);
	xsw_cls_remove(cls, &a.cr);
	xsw_cls_remove(cls, &b.cr);

	/* Subtable X is created first (older min_seq) but its matching rule
	 * is younger than the one in subtable Y: Y's rule must still win. */
	m_dl_type(&mx1, ETH_IP);
	m_tp(&mx1, false, 443, 0xffff);
	mx2 = mx1;
	m_tp(&mx2, false, 80, 0xffff);
	add_ok(cls, &x1, 10, &mx1, 10);	 /* X, does not match k */
	add_ok(cls, &y, 11, &mport, 10); /* Y, matches */
	add_ok(cls, &x2, 12, &mx2, 10);	 /* X, matches, younger */
	assert_int_equal(lookup_id(cls, &k, NULL), 11);
	xsw_cls_remove(cls, &x1.cr);
	assert_int_equal(lookup_id(cls, &k, NULL), 11);
	xsw_cls_remove(cls, &y.cr);
	assert_int_equal(lookup_id(cls, &k, NULL), 12);
	xsw_cls_remove(cls, &x2.cr);
}

/* A miss in an early stage does not un-wildcard later stages. */
static void test_staged_wc(void **state)
{
	struct xsw_cls *cls = *state;
	struct xsw_match m5 = {0}, mp = {0};
	struct trule r5, rp;
	struct xsw_flow_key k = tcp_key(1, IP4(1, 2, 3, 4), IP4(5, 6, 7, 8),
					1000, 80),
			    wc, want;

	m_dl_type(&m5, ETH_IP);
	m_proto(&m5, 6);
	m_ip4(&m5, true, IP4(1, 2, 3, 4), 32);
	m_ip4(&m5, false, IP4(5, 6, 7, 8), 32);
	m_tp(&m5, true, 1000, 0xffff);
	m_tp(&m5, false, 80, 0xffff);
	add_ok(cls, &r5, 1, &m5, 10);

	assert_int_equal(lookup_id(cls, &k, &wc), 1);
	assert_key_equal(&wc, &m5.mask);

	/* ARP: only dl_type was looked at */
	k.dl_type = htons(ETH_ARP);
	assert_int_equal(lookup_id(cls, &k, &wc), -1);
	want = MASK_OF(m_dl_type(m, 0));
	assert_key_equal(&wc, &want);

	/* UDP, same addresses: L2 + L3, no ports */
	k.dl_type = htons(ETH_IP);
	k.nw_proto = 17;
	assert_int_equal(lookup_id(cls, &k, &wc), -1);
	want = MASK_OF(m_dl_type(m, 0); m_proto(m, 0); m_ip4(m, true, 0, 32);
		       m_ip4(m, false, 0, 32));
	assert_key_equal(&wc, &want);

	/* TCP to another port: the whole mask */
	k.nw_proto = 6;
	k.tp_dst = htons(81);
	assert_int_equal(lookup_id(cls, &k, &wc), -1);
	assert_key_equal(&wc, &m5.mask);

	/* metadata stage */
	m_in_port(&mp, 1);
	m_dl_type(&mp, ETH_IP);
	m_tp(&mp, false, 22, 0xffff);
	add_ok(cls, &rp, 2, &mp, 20);
	k = tcp_key(2, 0, 0, 0, 22);
	k.dl_type = htons(ETH_ARP);
	assert_int_equal(lookup_id(cls, &k, &wc), -1);
	want = MASK_OF(m_in_port(m, 0); m_dl_type(m, 0));
	assert_key_equal(&wc, &want); /* in_port (rp), dl_type (r5) */
	xsw_cls_remove(cls, &r5.cr);
	xsw_cls_remove(cls, &rp.cr);
}

static void test_early_exit_wc(void **state)
{
	struct xsw_cls *cls = *state;
	struct xsw_match mp = {0}, mt = {0};
	struct trule rp, rt;
	struct xsw_flow_key k = tcp_key(1, 0, 0, 0, 80), wc, want;

	m_in_port(&mp, 1);
	add_ok(cls, &rp, 1, &mp, 100);
	m_dl_type(&mt, ETH_IP);
	m_proto(&mt, 6);
	m_tp(&mt, false, 80, 0xffff);
	add_ok(cls, &rt, 2, &mt, 50);

	assert_int_equal(lookup_id(cls, &k, &wc), 1);
	assert_key_equal(&wc, &mp.mask); /* rt's subtable never visited */
	k.in_port = 2;
	assert_int_equal(lookup_id(cls, &k, &wc), 2);
	want = mp.mask;
	xsw_mask_or(&want, &mt.mask);
	assert_key_equal(&wc, &want);
	xsw_cls_remove(cls, &rp.cr);
	xsw_cls_remove(cls, &rt.cr);
}

/* A subtable whose top rule goes away moves down the priority order and
 * stops being visited (and un-wildcarded) before better subtables. */
static void test_priority_update_wc(void **state)
{
	struct xsw_cls *cls = *state;
	struct xsw_match m1 = {0}, m2 = {0}, mt = {0};
	struct trule r1, r2, rt;
	struct xsw_flow_key k = tcp_key(3, 0, 0, 0, 80), wc, want;

	m_in_port(&m1, 1);
	m_in_port(&m2, 2);
	add_ok(cls, &r1, 1, &m1, 100);
	add_ok(cls, &r2, 2, &m2, 10);
	m_dl_type(&mt, ETH_IP);
	m_proto(&mt, 6);
	m_tp(&mt, false, 80, 0xffff);
	add_ok(cls, &rt, 3, &mt, 50);

	assert_int_equal(lookup_id(cls, &k, &wc), 3);
	want = mt.mask;
	xsw_mask_or(&want, &m1.mask);
	assert_key_equal(&wc, &want);
	xsw_cls_remove(cls, &r1.cr);
	assert_int_equal(lookup_id(cls, &k, &wc), 3);
	assert_key_equal(&wc, &mt.mask);
	/* and back up */
	add_ok(cls, &r1, 1, &m1, 100);
	assert_int_equal(lookup_id(cls, &k, &wc), 3);
	assert_key_equal(&wc, &want);
	xsw_cls_remove(cls, &r1.cr);
	xsw_cls_remove(cls, &r2.cr);
	xsw_cls_remove(cls, &rt.cr);
}

/* One subtable grown big, drained, then shrunk by the next insert. */
static void test_grow_shrink(void **state)
{
	enum { N = 4000 };
	struct xsw_cls *cls = *state;
	struct trule *r = calloc(N, sizeof(*r));
	struct xsw_flow_key k = tcp_key(0, 0, 0, 0, 0);

	assert_non_null(r);
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < N; i++) {
			struct xsw_match m = {0};

			if (r[i].cr.subtable)
				continue;
			m_in_port(&m, (uint32_t)i);
			m_dl_type(&m, ETH_IP);
			add_ok(cls, &r[i], i, &m, i % 7);
		}
		for (int i = 0; i < N; i++) {
			k.in_port = (uint32_t)i;
			assert_int_equal(lookup_id(cls, &k, NULL), i);
		}
		for (int i = 0; i < N; i++)
			if (i % 97)
				xsw_cls_remove(cls, &r[i].cr);
		/* inserts shrink the bucket array again */
		for (int i = 0; i < 5; i++) {
			struct xsw_match m = {0};

			m_in_port(&m, (uint32_t)(i + 1));
			m_dl_type(&m, ETH_IP);
			add_ok(cls, &r[i + 1], i + 1, &m, 3);
		}
		for (int i = 0; i < N; i++) {
			int want = i % 97 == 0 || (i >= 1 && i <= 5) ? i : -1;

			k.in_port = (uint32_t)i;
			assert_int_equal(lookup_id(cls, &k, NULL), want);
		}
	}
	for (int i = 0; i < N; i++)
		if (r[i].cr.subtable)
			xsw_cls_remove(cls, &r[i].cr);
	assert_int_equal(xsw_cls_count(cls), 0);
	free(r);
}

/* Bits a trie proof un-wildcards: E rounded up to @g, at most the prefix
 * length; without tries the whole prefix. */
static unsigned trie_bits(unsigned g, unsigned e, unsigned plen)
{
	unsigned n;

	if (!g)
		return plen;
	n = (e + g - 1) / g * g;
	return n < plen ? n : plen;
}

static void run_trie_wc(struct xsw_cls *cls, unsigned g) /* g 0: off */
{
	struct xsw_match m8 = {0}, m16 = {0};
	struct trule r8, r16;
	struct xsw_flow_key k = tcp_key(1, 0, IP4(192, 168, 1, 1), 0, 0), wc,
			    want;

	assert_int_equal(xsw_cls_set_prefix_tries(cls, g != 0), 0);
	assert_int_equal(xsw_cls_set_trie_granularity(cls, g ? g : 1), 0);
	m_dl_type(&m8, ETH_IP);
	m_ip4(&m8, false, IP4(10, 0, 0, 0), 8);
	add_ok(cls, &r8, 1, &m8, 10);

	/* 192 = 11000000 vs 10 = 00001010: the first bit decides */
	assert_int_equal(lookup_id(cls, &k, &wc), -1);
	want = g ? MASK_OF(m_ip4(m, false, 0, trie_bits(g, 1, 8))) : m8.mask;
	assert_key_equal(&wc, &want);
	/* 11 = 00001011: all 8 bits */
	k_ip4(&k, false, IP4(11, 0, 0, 1));
	assert_int_equal(lookup_id(cls, &k, &wc), -1);
	want = g ? MASK_OF(m_ip4(m, false, 0, 8)) : m8.mask;
	assert_key_equal(&wc, &want);
	k_ip4(&k, false, IP4(10, 9, 9, 9));
	assert_int_equal(lookup_id(cls, &k, &wc), 1);
	assert_key_equal(&wc, &m8.mask);

	/* 10.1/16 in another subtable; 10.2.x (00000010 vs 00000001)
	 * diverges at bit 14: /15 is enough to rule it out */
	m_dl_type(&m16, ETH_IP);
	m_ip4(&m16, false, IP4(10, 1, 0, 0), 16);
	add_ok(cls, &r16, 2, &m16, 20);
	k_ip4(&k, false, IP4(10, 2, 0, 1));
	assert_int_equal(lookup_id(cls, &k, &wc), 1);
	want =
	    MASK_OF(m_dl_type(m, 0); m_ip4(m, false, 0, trie_bits(g, 15, 16)));
	assert_key_equal(&wc, &want);
	k_ip4(&k, false, IP4(10, 1, 0, 1));
	assert_int_equal(lookup_id(cls, &k, &wc), 2);
	assert_key_equal(&wc, &m16.mask);
	xsw_cls_remove(cls, &r8.cr);
	xsw_cls_remove(cls, &r16.cr);
}

static void test_trie_wc(void **state)
{
	run_trie_wc(*state, 1);
}

static void test_trie_wc_granularity(void **state)
{
	struct xsw_cls *cls = *state;

	assert_int_equal(xsw_cls_set_trie_granularity(cls, 0), -EINVAL);
	assert_int_equal(xsw_cls_set_trie_granularity(cls, 129), -EINVAL);
	run_trie_wc(cls, 8);
	run_trie_wc(cls, 3);
}

static void test_trie_wc_off(void **state)
{
	run_trie_wc(*state, 0);
}

/* Trie nodes hold at most 64 bits: splits and merges around that edge.
 * Two prefixes of each length that differ in their last bit, inserted and
 * removed in every order. */
static void test_trie_boundary(void **state)
{
	static const unsigned plens[] = {1, 63, 64, 65, 66, 127, 128};
	struct xsw_cls *cls = *state;

	for (size_t i = 0; i < sizeof(plens) / sizeof(plens[0]); i++) {
		for (int order = 0; order < 4; order++) {
			unsigned plen = plens[i];
			struct xsw_match m[2];
			struct trule r[2];
			struct xsw_flow_key k = tcp_key(1, 0, 0, 0, 0);
			uint8_t mask[16];

			prefix_mask(mask, 16, plen);
			for (int j = 0; j < 2; j++) {
				uint8_t a[16] = {0};

				if (j)
					a[(plen - 1) / 8] |=
					    0x80 >> ((plen - 1) % 8);
				memset(&m[j], 0, sizeof(m[j]));
				m_addr(&m[j], false, a, mask, 16);
			}
			add_ok(cls, &r[order & 1], order & 1, &m[order & 1], 1);
			add_ok(cls, &r[!(order & 1)], !(order & 1),
			       &m[!(order & 1)], 1);
			for (int j = 0; j < 2; j++) {
				memcpy(k.nw_dst.ip6, m[j].key.nw_dst.ip6, 16);
				k.nw_dst.ip6[15] ^= plen < 128 ? 1 : 0;
				assert_int_equal(lookup_id(cls, &k, NULL), j);
			}
			/* remove one, the other must still be found */
			xsw_cls_remove(cls, &r[order >> 1].cr);
			for (int j = 0; j < 2; j++) {
				memcpy(k.nw_dst.ip6, m[j].key.nw_dst.ip6, 16);
				assert_int_equal(lookup_id(cls, &k, NULL),
						 j == (order >> 1) ? -1 : j);
			}
			xsw_cls_remove(cls, &r[!(order >> 1)].cr);
			assert_int_equal(xsw_cls_count(cls), 0);
		}
	}
}

/* Address masks that are not prefixes stay out of the tries. */
static void test_non_cidr(void **state)
{
	static const uint32_t masks[] = {0xff0f0000, 0xffff0f00, 0x7f000000,
					 0xff00ff00, 0x00ffffff};
	struct xsw_cls *cls = *state;
	struct xsw_flow_key k = tcp_key(1, 0, 0, 0, 0), wc;

	for (size_t i = 0; i < sizeof(masks) / sizeof(masks[0]); i++) {
		uint32_t a = htonl(IP4(10, 0, 0, 0)), mk = htonl(masks[i]);
		struct xsw_match m = {0}, mp = {0};
		struct trule r, rp;

		m_dl_type(&m, ETH_IP);
		m_addr(&m, false, (const uint8_t *)&a, (const uint8_t *)&mk, 4);
		add_ok(cls, &r, 1, &m, 10);
		/* a CIDR rule in the same field, so the trie is not empty */
		m_dl_type(&mp, ETH_IP);
		m_ip4(&mp, false, IP4(10, 0, 0, 0), 8);
		add_ok(cls, &rp, 2, &mp, 5);

		/* 10.0.0.0 with every bit outside the mask set */
		k_ip4(&k, false, IP4(10, 0, 0, 0) | ~masks[i]);
		assert_int_equal(lookup_id(cls, &k, &wc), 1);
		k_ip4(&k, false, IP4(10, 0, 0, 0) | (~masks[i] & 0x00f0f0f0));
		assert_int_equal(lookup_id(cls, &k, &wc), 1);
		xsw_cls_remove(cls, &r.cr);
		xsw_cls_remove(cls, &rp.cr);
	}
}

static void make_rules(struct trule *r, size_t n, struct xsw_cls *cls)
{
	for (size_t i = 0; i < n; i++) {
		struct xsw_match m = {0};

		switch (i % 5) {
		case 0:
			m_in_port(&m, (uint32_t)i);
			break;
		case 1:
			m_dl_type(&m, ETH_IP);
			m_ip4(&m, false, (uint32_t)i << 8, 24);
			break;
		case 2:
			m_dl_type(&m, ETH_IP);
			m_proto(&m, 6);
			m_tp(&m, false, (uint16_t)i, 0xffff);
			break;
		case 3:
			m_dl_type(&m, ETH_IP);
			break;
		default:
			break; /* catch-all */
		}
		add_ok(cls, &r[i], (int)i, &m, (int32_t)i);
	}
}

static void test_iteration(void **state)
{
	enum { N = 300 };
	struct xsw_cls *cls = *state;
	struct trule *r = calloc(N, sizeof(*r));
	int seen[N];
	struct xsw_cls_cursor c;
	struct xsw_cls_rule *cr;
	size_t n;

	assert_non_null(r);
	make_rules(r, N, cls);
	assert_int_equal(xsw_cls_count(cls), N);

	memset(seen, 0, sizeof(seen));
	n = 0;
	for (cr = xsw_cls_cursor_start(&c, cls, NULL); cr;
	     cr = xsw_cls_cursor_next(&c)) {
		seen[tr(cr)->id]++;
		n++;
	}
	assert_int_equal(n, N);
	for (int i = 0; i < N; i++)
		assert_int_equal(seen[i], 1);

	/* remove every other rule while iterating */
	memset(seen, 0, sizeof(seen));
	for (cr = xsw_cls_cursor_start(&c, cls, NULL); cr;
	     cr = xsw_cls_cursor_next(&c)) {
		seen[tr(cr)->id]++;
		if (tr(cr)->id % 2)
			xsw_cls_remove(cls, cr);
	}
	for (int i = 0; i < N; i++)
		assert_int_equal(seen[i], 1);
	assert_int_equal(xsw_cls_count(cls), N / 2);

	memset(seen, 0, sizeof(seen));
	for (cr = xsw_cls_cursor_start(&c, cls, NULL); cr;
	     cr = xsw_cls_cursor_next(&c))
		seen[tr(cr)->id]++;
	for (int i = 0; i < N; i++)
		assert_int_equal(seen[i], i % 2 ? 0 : 1);

	/* remove all while iterating (subtables vanish under the cursor) */
	n = 0;
	for (cr = xsw_cls_cursor_start(&c, cls, NULL); cr;
	     cr = xsw_cls_cursor_next(&c)) {
		xsw_cls_remove(cls, cr);
		n++;
	}
	assert_int_equal(n, N / 2);
	assert_int_equal(xsw_cls_count(cls), 0);
	assert_null(xsw_cls_cursor_start(&c, cls, NULL));
	free(r);
}

static void test_loose(void **state)
{
	struct xsw_cls *cls = *state;
	struct trule r[6];
	struct xsw_match m[6], f = {0};
	struct xsw_cls_cursor c;
	struct xsw_cls_rule *cr;
	unsigned seen;

	memset(m, 0, sizeof(m));
	m_dl_type(&m[0], ETH_IP);
	m_ip4(&m[0], false, IP4(10, 0, 0, 0), 8);
	m_dl_type(&m[1], ETH_IP);
	m_ip4(&m[1], false, IP4(10, 1, 0, 0), 16);
	m[2] = m[1];
	m_proto(&m[2], 6);
	m_tp(&m[2], false, 80, 0xffff);
	m_dl_type(&m[3], ETH_IP);
	m_ip4(&m[3], false, IP4(11, 0, 0, 0), 8);
	m_in_port(&m[4], 1);
	m_dl_type(&m[5], ETH_IP);
	for (int i = 0; i < 6; i++)
		add_ok(cls, &r[i], i, &m[i], 1);

	/* ip,nw_dst=10.0.0.0/8 (filter key given unmasked on purpose) */
	m_dl_type(&f, ETH_IP);
	m_ip4(&f, false, IP4(10, 0, 0, 0), 8);
	f.key.nw_dst.ip4 = htonl(IP4(10, 7, 7, 7));
	seen = 0;
	for (cr = xsw_cls_cursor_start(&c, cls, &f); cr;
	     cr = xsw_cls_cursor_next(&c))
		seen |= 1u << tr(cr)->id;
	assert_int_equal(seen, 0x07);

	/* the empty filter: every rule */
	memset(&f, 0, sizeof(f));
	seen = 0;
	for (cr = xsw_cls_cursor_start(&c, cls, &f); cr;
	     cr = xsw_cls_cursor_next(&c))
		seen |= 1u << tr(cr)->id;
	assert_int_equal(seen, 0x3f);

	/* ip: everything but in_port=1 */
	m_dl_type(&f, ETH_IP);
	seen = 0;
	for (cr = xsw_cls_cursor_start(&c, cls, &f); cr;
	     cr = xsw_cls_cursor_next(&c))
		seen |= 1u << tr(cr)->id;
	assert_int_equal(seen, 0x2f);

	/* del-flows ip,nw_dst=10.1.0.0/16 */
	m_ip4(&f, false, IP4(10, 1, 0, 0), 16);
	for (cr = xsw_cls_cursor_start(&c, cls, &f); cr;
	     cr = xsw_cls_cursor_next(&c))
		xsw_cls_remove(cls, cr);
	assert_int_equal(xsw_cls_count(cls), 4);
	assert_null(xsw_cls_find_exact(cls, &m[1], 1));
	assert_null(xsw_cls_find_exact(cls, &m[2], 1));
	assert_ptr_equal(xsw_cls_find_exact(cls, &m[0], 1), &r[0].cr);

	assert_true(xsw_cls_rule_loose_match(&r[0].cr, &r[0].cr.match));
	assert_false(xsw_cls_rule_loose_match(&r[5].cr, &r[0].cr.match));
	assert_true(xsw_cls_rule_loose_match(&r[0].cr, &r[5].cr.match));

	for (cr = xsw_cls_cursor_start(&c, cls, NULL); cr;
	     cr = xsw_cls_cursor_next(&c))
		xsw_cls_remove(cls, cr);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup_cls, teardown_cls)
	const struct CMUnitTest tests[] = {
	    T(test_empty),
	    T(test_basic),
	    T(test_invalid),
	    T(test_dup_find_replace),
	    T(test_priority),
	    T(test_same_match_group),
	    T(test_ties),
	    T(test_staged_wc),
	    T(test_early_exit_wc),
	    T(test_priority_update_wc),
	    T(test_grow_shrink),
	    T(test_trie_wc),
	    T(test_trie_wc_granularity),
	    T(test_trie_wc_off),
	    T(test_trie_boundary),
	    T(test_non_cidr),
	    T(test_iteration),
	    T(test_loose),
	};
#undef T

	return cmocka_run_group_tests_name("classifier", tests, NULL, NULL);
}
