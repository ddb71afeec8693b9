// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Classifier tests: API behaviour, un-wildcarding of the staged lookup, the
 * prefix tries and early exit, and randomized runs against a linear-scan
 * reference that check the winner and the megaflow property
 *     lookup(K) = (R, wc)  =>  lookup(K') = R
 *     for every K' with K' & wc == K & wc.
 *
 * The random tests print their seed ("# seed N"); XSW_CLS_SEED=N reruns one.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "daemon/classifier.h"

#include "../lib/rng.h"

#define ETH_IP 0x0800
#define ETH_IP6 0x86dd
#define ETH_ARP 0x0806

struct trule {
	struct xsw_cls_rule cr; /* first: a result casts back to trule */
	int id;
	size_t ref_idx; /* position in the reference's list */
};

static const struct trule *tr(const struct xsw_cls_rule *r)
{
	return (const struct trule *)r;
}

/* ---- building matches and keys ---------------------------------------- */

static void set_bytes(struct xsw_match *m, size_t ofs, const void *val,
		      const void *mask, size_t len)
{
	uint8_t *k = (uint8_t *)&m->key + ofs, *mk = (uint8_t *)&m->mask + ofs;
	const uint8_t *v = val, *mm = mask;

	for (size_t i = 0; i < len; i++) {
		mk[i] = mm[i];
		k[i] = v[i] & mm[i];
	}
}

#define SET_FIELD(m, field, val, mask)                                         \
	do {                                                                   \
		__typeof__((m)->key.field) v_ = (val), m_ = (mask);            \
		set_bytes((m), offsetof(struct xsw_flow_key, field), &v_, &m_, \
			  sizeof(v_));                                         \
	} while (0)

static void m_in_port(struct xsw_match *m, uint32_t port)
{
	SET_FIELD(m, in_port, port, UINT32_MAX);
}

static void m_dl_type(struct xsw_match *m, uint16_t type)
{
	SET_FIELD(m, dl_type, htons(type), 0xffff);
}

static void m_vlan(struct xsw_match *m, uint16_t tci, uint16_t mask)
{
	SET_FIELD(m, vlan_tci, htons(tci), htons(mask));
}

static void m_mac(struct xsw_match *m, bool src, const uint8_t *mac)
{
	static const uint8_t ones[XSW_ETH_ALEN] = {0xff, 0xff, 0xff,
						   0xff, 0xff, 0xff};

	set_bytes(m,
		  src ? offsetof(struct xsw_flow_key, dl_src)
		      : offsetof(struct xsw_flow_key, dl_dst),
		  mac, ones, XSW_ETH_ALEN);
}

static void m_u8(struct xsw_match *m, size_t ofs, uint8_t v, uint8_t mask)
{
	set_bytes(m, ofs, &v, &mask, 1);
}

static void m_proto(struct xsw_match *m, uint8_t proto)
{
	m_u8(m, offsetof(struct xsw_flow_key, nw_proto), proto, 0xff);
}

static void prefix_mask(uint8_t *mask, unsigned len, unsigned plen)
{
	memset(mask, 0, len);
	for (unsigned i = 0; i < plen; i++)
		mask[i / 8] |= 0x80 >> (i % 8);
}

/* An IPv4 (len 4) or IPv6 (len 16) address with a mask, in nw_src/dst. */
static void m_addr(struct xsw_match *m, bool src, const uint8_t *addr,
		   const uint8_t *mask, size_t len)
{
	set_bytes(m,
		  src ? offsetof(struct xsw_flow_key, nw_src)
		      : offsetof(struct xsw_flow_key, nw_dst),
		  addr, mask, len);
}

static void m_ip4(struct xsw_match *m, bool src, uint32_t addr, unsigned plen)
{
	uint32_t a = htonl(addr);
	uint8_t mask[4];

	prefix_mask(mask, 4, plen);
	m_addr(m, src, (const uint8_t *)&a, mask, 4);
}

static void m_tp(struct xsw_match *m, bool src, uint16_t port, uint16_t mask)
{
	if (src)
		SET_FIELD(m, tp_src, htons(port), htons(mask));
	else
		SET_FIELD(m, tp_dst, htons(port), htons(mask));
}

#define IP4(a, b, c, d)                                                        \
	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (d))

static void k_ip4(struct xsw_flow_key *k, bool src, uint32_t addr)
{
	union xsw_addr *a = src ? &k->nw_src : &k->nw_dst;

	memset(a, 0, sizeof(*a));
	a->ip4 = htonl(addr);
}

static struct xsw_flow_key tcp_key(uint32_t in_port, uint32_t src, uint32_t dst,
				   uint16_t sport, uint16_t dport)
{
	struct xsw_flow_key k;

	memset(&k, 0, sizeof(k));
	k.in_port = in_port;
	k.dl_type = htons(ETH_IP);
	k.nw_proto = 6;
	k.nw_ttl = 64;
	k_ip4(&k, true, src);
	k_ip4(&k, false, dst);
	k.tp_src = htons(sport);
	k.tp_dst = htons(dport);
	return k;
}

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

static int setup_cls(void **state)
{
	struct xsw_cls *cls = malloc(sizeof(*cls));

	if (!cls || xsw_cls_init(cls)) {
		free(cls);
		return -1;
	}
	*state = cls;
	return 0;
}

static int teardown_cls(void **state)
{
	xsw_cls_destroy(*state);
	free(*state);
	return 0;
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

/* ---- randomized tests against a linear scan ------------------------------ */

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
	    T(test_random_tries),
	    T(test_random_no_tries),
	    T(test_random_prefixes),
	    T(test_random_lpm),
	};
#undef T

	return cmocka_run_group_tests_name("classifier", tests, NULL, NULL);
}
