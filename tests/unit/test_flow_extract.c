// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Unit tests of the flow key reference model (src/lib/flow_extract.c) on
 * frames written out in hex, so they depend on no packet builder: exact
 * keys (byte order stated byte by byte), each drop reason, the rules
 * flow_extract.h adds to parse.h, and every prefix of every frame at every
 * depth (no crash under ASan/UBSan, drops agree across depths).  The
 * XDP parser is compared with this model in tests/bpf/test_parse_diff.c.
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/flow_extract.h"

#define FRAME_MAX 512

struct frame {
	uint8_t data[FRAME_MAX];
	size_t len;
};

/* Hex digits, whitespace ignored: "0800 45 00". */
static struct frame hex(const char *s)
{
	struct frame f = {.len = 0};
	int hi = -1;

	for (; *s; s++) {
		int v = 0;

		if (*s == ' ' || *s == '\n' || *s == '\t')
			continue;
		if (*s >= '0' && *s <= '9')
			v = *s - '0';
		else if (*s >= 'a' && *s <= 'f')
			v = *s - 'a' + 10;
		else
			fail_msg("bad hex character '%c'", *s);
		if (hi < 0) {
			hi = v;
		} else {
			assert_true(f.len < FRAME_MAX);
			f.data[f.len++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	assert_int_equal(hi, -1);
	return f;
}

#define MACS "020000000002 020000000001" /* dst, src */

/* IPv4 TCP 1234 -> 80, TOS 0x10, TTL 64, DF, 192.168.0.1 -> .2 */
#define IP4_TCP                                                                \
	MACS "0800"                                                            \
	     "45 10 0028 1234 4000 40 06 0000 c0a80001 c0a80002"               \
	     "04d2 0050 00000000 00000000 5002 ffff 0000 0000"

/* 802.1Q PCP 5 VID 10, IPv6 TC 0xe1 hop limit 64 UDP 53 -> 49152,
 * 2001:db8::1 -> ff02::1 */
#define VLAN_IP6_UDP                                                           \
	MACS "8100 a00a 86dd"                                                  \
	     "6e100000 0008 11 40"                                             \
	     "20010db8000000000000000000000001"                                \
	     "ff020000000000000000000000000001"                                \
	     "0035 c000 0008 0000"

/* IPv6, AH (12 bytes), destination options (8), ICMPv6 echo request */
#define IP6_AH_DST_ICMP6                                                       \
	MACS "86dd"                                                            \
	     "60000000 001c 33 ff"                                             \
	     "20010db8000000000000000000000001"                                \
	     "20010db8000000000000000000000002"                                \
	     "3c 01 0000 00000001 00000001"                                    \
	     "3a 00 0000 00000000"                                             \
	     "80 00 0000 0001 0001"

/* ARP request 10.0.0.1 asks for 10.0.0.2, padded to 60 bytes */
#define ARP_REQUEST                                                            \
	"ffffffffffff 020000000001 0806"                                       \
	"0001 0800 06 04 0001 020000000001 0a000001 000000000000 0a000002"     \
	"000000000000000000000000000000000000"

static int extract(const struct frame *f, size_t len, unsigned int depth,
		   struct xsw_flow_key *key, struct xsw_hdrs *hdrs)
{
	return xsw_flow_extract_ref(f->data, len, 5, depth, key, hdrs);
}

static void be16_bytes(__be16 *field, uint8_t hi, uint8_t lo)
{
	uint8_t b[2] = {hi, lo};

	memcpy(field, b, 2);
}

static struct xsw_flow_key l2_key(const uint8_t *frame, uint8_t type_hi,
				  uint8_t type_lo)
{
	struct xsw_flow_key k = {.in_port = 5};

	memcpy(k.dl_dst, frame, 6);
	memcpy(k.dl_src, frame + 6, 6);
	be16_bytes(&k.dl_type, type_hi, type_lo);
	return k;
}

static void assert_key(const struct xsw_flow_key *got,
		       const struct xsw_flow_key *want)
{
	assert_memory_equal(got, want, sizeof(*want));
}

static void assert_hdrs(const struct xsw_hdrs *got, unsigned int l3_off,
			unsigned int l4_off, unsigned int n_vlans,
			unsigned int l3_proto)
{
	assert_int_equal(got->l3_off, l3_off);
	assert_int_equal(got->l4_off, l4_off);
	assert_int_equal(got->n_vlans, n_vlans);
	assert_int_equal(got->l3_proto, l3_proto);
	assert_int_equal(got->spare, 0);
}

static void test_ip4_tcp_each_depth(void **state)
{
	struct frame f = hex(IP4_TCP);
	struct xsw_flow_key k, want = l2_key(f.data, 0x08, 0x00);
	struct xsw_hdrs h;

	assert_int_equal(f.len, 54);
	assert_int_equal(extract(&f, f.len, XSW_DEPTH_L2, &k, &h),
			 XSW_DROP_NONE);
	assert_key(&k, &want);
	assert_hdrs(&h, 0, 0, 0, 0);

	want.nw_proto = 6;
	want.nw_tos = 0x10;
	want.nw_ttl = 64;
	memcpy(want.nw_src.ip6, "\xc0\xa8\x00\x01", 4);
	memcpy(want.nw_dst.ip6, "\xc0\xa8\x00\x02", 4);
	assert_int_equal(extract(&f, f.len, XSW_DEPTH_L3, &k, &h),
			 XSW_DROP_NONE);
	assert_key(&k, &want);
	assert_hdrs(&h, 14, 0, 0, 4);

	be16_bytes(&want.tp_src, 0x04, 0xd2);
	be16_bytes(&want.tp_dst, 0x00, 0x50);
	assert_int_equal(extract(&f, f.len, XSW_DEPTH_L4, &k, &h),
			 XSW_DROP_NONE);
	assert_key(&k, &want);
	assert_hdrs(&h, 14, 34, 0, 4);
	assert_int_equal(ntohs(k.tp_src), 1234);

	/* Depths outside the enum act as the nearest one. */
	assert_int_equal(extract(&f, f.len, 0, &k, &h), XSW_DROP_NONE);
	assert_hdrs(&h, 0, 0, 0, 0);
	assert_int_equal(extract(&f, f.len, 99, &k, &h), XSW_DROP_NONE);
	assert_hdrs(&h, 14, 34, 0, 4);
}

static void test_vlan_ip6_udp(void **state)
{
	struct frame f = hex(VLAN_IP6_UDP);
	struct xsw_flow_key k, want = l2_key(f.data, 0x86, 0xdd);
	struct xsw_hdrs h;

	be16_bytes(&want.vlan_tci, 0xb0, 0x0a); /* PCP 5 | PRESENT | 10 */
	want.nw_proto = 17;
	want.nw_tos = 0xe1;
	want.nw_ttl = 64;
	memcpy(want.nw_src.ip6, f.data + 18 + 8, 16);
	memcpy(want.nw_dst.ip6, f.data + 18 + 24, 16);
	be16_bytes(&want.tp_src, 0x00, 0x35);
	be16_bytes(&want.tp_dst, 0xc0, 0x00);
	assert_int_equal(extract(&f, f.len, XSW_DEPTH_L4, &k, &h),
			 XSW_DROP_NONE);
	assert_key(&k, &want);
	assert_hdrs(&h, 18, 58, 1, 6);
	assert_int_equal(ntohs(k.vlan_tci) & XSW_VLAN_VID_MASK, 10);
	assert_int_equal(ntohs(k.vlan_tci) >> XSW_VLAN_PCP_SHIFT, 5);
}

static void test_vlan_tags(void **state)
{
	struct frame f = hex(MACS "88a8 0000 8100 0fff 0806");
	struct xsw_flow_key k;
	struct xsw_hdrs h;

	/* two tags, then ARP with no body: the tags are fine at L2 */
	assert_int_equal(extract(&f, f.len, XSW_DEPTH_L2, &k, &h),
			 XSW_DROP_NONE);
	assert_int_equal(ntohs(k.dl_type), 0x0806);
	assert_int_equal(ntohs(k.vlan_tci), 0x1000); /* VID 0, tagged */
	assert_hdrs(&h, 0, 0, 2, 0);
	assert_int_equal(extract(&f, f.len, XSW_DEPTH_L3, &k, &h),
			 XSW_DROP_TRUNCATED_ARP);

	/* a third tag ends the parse with dl_type = its TPID */
	f = hex(MACS "8100 0001 88a8 0002 8100 0003 0800 45");
	assert_int_equal(extract(&f, f.len, XSW_DEPTH_L4, &k, &h),
			 XSW_DROP_NONE);
	assert_int_equal(ntohs(k.dl_type), 0x8100);
	assert_int_equal(ntohs(k.vlan_tci), 0x1001);
	assert_hdrs(&h, 0, 0, 2, 0);

	/* a tag cut short, at any of its bytes */
	f = hex(MACS "8100 0001 88a8 0002 0800");
	for (size_t len = 14; len <= 22; len++) {
		assert_int_equal(extract(&f, len, XSW_DEPTH_L2, &k, &h),
				 len == 22 ? XSW_DROP_NONE
					   : XSW_DROP_TRUNCATED_VLAN);
	}
}

static void test_l2_drops(void **state)
{
	struct frame f = hex(IP4_TCP);
	struct xsw_flow_key k;
	struct xsw_hdrs h;

	assert_int_equal(xsw_flow_extract_ref(NULL, 0, 1, XSW_DEPTH_L4, &k, &h),
			 XSW_DROP_RUNT);
	for (size_t len = 0; len < 14; len++)
		assert_int_equal(extract(&f, len, XSW_DEPTH_L2, &k, &h),
				 XSW_DROP_RUNT);
	/* 14 bytes: a frame with no payload, fine at L2 */
	assert_int_equal(extract(&f, 14, XSW_DEPTH_L2, &k, &h), XSW_DROP_NONE);
	assert_int_equal(extract(&f, 14, XSW_DEPTH_L3, &k, &h),
			 XSW_DROP_TRUNCATED_IP);

	f.data[6] = 0x03; /* group bit */
	assert_int_equal(extract(&f, f.len, XSW_DEPTH_L2, &k, &h),
			 XSW_DROP_BAD_SRC_MAC);
	memset(f.data + 6, 0xff, 6);
	assert_int_equal(extract(&f, f.len, XSW_DEPTH_L2, &k, &h),
			 XSW_DROP_BAD_SRC_MAC);
	memset(f.data + 6, 0, 6);
	assert_int_equal(extract(&f, f.len, XSW_DEPTH_L2, &k, &h),
			 XSW_DROP_BAD_SRC_MAC);
	f.data[11] = 1; /* 00:00:00:00:00:01 is a unicast address */
	assert_int_equal(extract(&f, f.len, XSW_DEPTH_L2, &k, &h),
			 XSW_DROP_NONE);
	/* the destination may be anything */
	memset(f.data, 0xff, 6);
	assert_int_equal(extract(&f, f.len, XSW_DEPTH_L4, &k, &h),
			 XSW_DROP_NONE);
}

static void test_ip4_header_checks(void **state)
{
	struct frame f = hex(IP4_TCP);
	struct xsw_flow_key k;
	struct xsw_hdrs h;

	/* the fixed header first: 19 bytes with a bad version is "cut" */
	f.data[14] = 0x65;
	assert_int_equal(extract(&f, 14 + 19, XSW_DEPTH_L3, &k, &h),
			 XSW_DROP_TRUNCATED_IP);
	assert_int_equal(extract(&f, f.len, XSW_DEPTH_L3, &k, &h),
			 XSW_DROP_BAD_IP_HEADER);
	for (uint8_t ihl = 0; ihl < 5; ihl++) {
		f.data[14] = (uint8_t)(0x40 | ihl);
		assert_int_equal(extract(&f, f.len, XSW_DEPTH_L3, &k, &h),
				 XSW_DROP_BAD_IP_HEADER);
	}
	/* IHL 6: the option word must be there, within the total length */
	f.data[14] = 0x46;
	assert_int_equal(extract(&f, 14 + 23, XSW_DEPTH_L3, &k, &h),
			 XSW_DROP_TRUNCATED_IP);
	f.data[17] = 23; /* total length < IHL * 4 */
	assert_int_equal(extract(&f, f.len, XSW_DEPTH_L3, &k, &h),
			 XSW_DROP_BAD_IP_HEADER);
	f.data[17] = 24; /* options only, no TCP: L3 fine, L4 cut */
	assert_int_equal(extract(&f, f.len, XSW_DEPTH_L3, &k, &h),
			 XSW_DROP_NONE);
	assert_int_equal(extract(&f, f.len, XSW_DEPTH_L4, &k, &h),
			 XSW_DROP_TRUNCATED_L4);
	f.data[17] = 44; /* the TCP header now starts 4 bytes later */
	f.len = 58;
	assert_int_equal(extract(&f, f.len, XSW_DEPTH_L4, &k, &h),
			 XSW_DROP_NONE);
	assert_hdrs(&h, 14, 38, 0, 4);
	assert_int_equal(ntohs(k.tp_src), 0x0000); /* TCP's seq bytes */

	/* total length beyond the frame; padding after it is fine */
	f = hex(IP4_TCP);
	f.data[17] = 41;
	assert_int_equal(extract(&f, f.len, XSW_DEPTH_L3, &k, &h),
			 XSW_DROP_TRUNCATED_IP);
	f.data[17] = 40;
	f.len += 6; /* Ethernet padding to 60 */
	assert_int_equal(extract(&f, f.len, XSW_DEPTH_L4, &k, &h),
			 XSW_DROP_NONE);
	/* ... but the L4 header must be within the total length */
	f.data[17] = 39;
	assert_int_equal(extract(&f, f.len, XSW_DEPTH_L4, &k, &h),
			 XSW_DROP_TRUNCATED_L4);
	/* at L2 none of it matters */
	f.data[14] = 0x00;
	assert_int_equal(extract(&f, f.len, XSW_DEPTH_L2, &k, &h),
			 XSW_DROP_NONE);
}

static void test_ip4_fragments(void **state)
{
	static const struct {
		uint8_t hi, lo; /* flags and offset, wire bytes */
		uint8_t nw_frag;
	} cases[] = {
	    {0x40, 0x00, 0},				 /* DF */
	    {0x80, 0x00, 0},				 /* evil */
	    {0x20, 0x00, XSW_FRAG_ANY},			 /* first */
	    {0x20, 0x01, XSW_FRAG_ANY | XSW_FRAG_LATER}, /* middle */
	    {0x00, 0x01, XSW_FRAG_ANY | XSW_FRAG_LATER}, /* last */
	    {0x1f, 0xff, XSW_FRAG_ANY | XSW_FRAG_LATER},
	};
	struct xsw_flow_key k;
	struct xsw_hdrs h;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct frame f = hex(IP4_TCP);

		f.data[20] = cases[i].hi;
		f.data[21] = cases[i].lo;
		assert_int_equal(extract(&f, f.len, XSW_DEPTH_L4, &k, &h),
				 XSW_DROP_NONE);
		assert_int_equal(k.nw_frag, cases[i].nw_frag);
		assert_int_equal(k.nw_proto, 6);
		/* no ports from any fragment, even a first one */
		assert_int_equal(h.l4_off, cases[i].nw_frag ? 0 : 34);
		assert_int_equal(k.tp_src, cases[i].nw_frag ? 0 : htons(1234));
		/* nor is its L4 header checked: one byte of payload */
		f.data[17] = 21;
		assert_int_equal(extract(&f, 14 + 21, XSW_DEPTH_L4, &k, &h),
				 cases[i].nw_frag ? XSW_DROP_NONE
						  : XSW_DROP_TRUNCATED_L4);
	}
}

static void test_ip6_extension_headers(void **state)
{
	struct frame f = hex(IP6_AH_DST_ICMP6);
	struct xsw_flow_key k, want = l2_key(f.data, 0x86, 0xdd);
	struct xsw_hdrs h;

	want.nw_proto = 58;
	want.nw_ttl = 255;
	memcpy(want.nw_src.ip6, f.data + 22, 16);
	memcpy(want.nw_dst.ip6, f.data + 38, 16);
	be16_bytes(&want.tp_src, 0x00, 0x80); /* echo request */
	assert_int_equal(extract(&f, f.len, XSW_DEPTH_L4, &k, &h),
			 XSW_DROP_NONE);
	assert_key(&k, &want);
	assert_hdrs(&h, 14, 74, 0, 6);

	/* every cut inside the extension headers is TRUNCATED_IP6 (by the
	 * payload length first), inside ICMPv6 too */
	for (size_t len = 54; len < f.len; len++)
		assert_int_equal(extract(&f, len, XSW_DEPTH_L4, &k, &h),
				 XSW_DROP_TRUNCATED_IP6);
	/* with the payload length cut instead (the rest is padding): the
	 * extension headers need 20 bytes, ICMPv6 4 more */
	for (uint8_t plen = 0; plen < 0x1c; plen++) {
		f.data[19] = plen;
		assert_int_equal(extract(&f, f.len, XSW_DEPTH_L4, &k, &h),
				 plen < 20   ? XSW_DROP_TRUNCATED_IP6
				 : plen < 24 ? XSW_DROP_TRUNCATED_L4
					     : XSW_DROP_NONE);
		assert_int_equal(extract(&f, f.len, XSW_DEPTH_L3, &k, &h),
				 plen < 20 ? XSW_DROP_TRUNCATED_IP6
					   : XSW_DROP_NONE);
	}
	/* payload length 0 is accepted: an empty payload */
	f = hex(MACS "86dd 60000000 0000 3b 40" /* no next header */
		     "20010db8000000000000000000000001"
		     "20010db8000000000000000000000002");
	assert_int_equal(extract(&f, f.len, XSW_DEPTH_L4, &k, &h),
			 XSW_DROP_NONE);
	assert_int_equal(k.nw_proto, 59);
	assert_hdrs(&h, 14, 0, 0, 6);
	f.data[14] = 0x50; /* version 5 */
	assert_int_equal(extract(&f, f.len, XSW_DEPTH_L3, &k, &h),
			 XSW_DROP_BAD_IP6_HEADER);
	assert_int_equal(extract(&f, f.len - 1, XSW_DEPTH_L3, &k, &h),
			 XSW_DROP_TRUNCATED_IP6);
}

#define IP6_HDR(plen, nh)                                                      \
	MACS "86dd 60000000" plen nh "40"                                      \
	     "20010db8000000000000000000000001"                                \
	     "20010db8000000000000000000000002"

static void test_ip6_fragments(void **state)
{
	struct xsw_flow_key k;
	struct xsw_hdrs h;
	/* hop-by-hop (8), fragment, TCP */
	struct frame f =
	    hex(IP6_HDR("0024", "00") "2c 00 0000 00000000"
				      "06 00 0001 12345678" /* offset 0, M */
				      "04d2 0050 00000000 00000000 5002 ffff "
				      "0000 0000");

	assert_int_equal(extract(&f, f.len, XSW_DEPTH_L4, &k, &h),
			 XSW_DROP_NONE);
	assert_int_equal(k.nw_frag, XSW_FRAG_ANY);
	assert_int_equal(k.nw_proto, 6); /* the walk went on */
	assert_int_equal(k.tp_src, 0);
	assert_hdrs(&h, 14, 0, 0, 6);

	f.data[14 + 40 + 8 + 3] = 0x08; /* offset 1: a later fragment */
	assert_int_equal(extract(&f, f.len, XSW_DEPTH_L4, &k, &h),
			 XSW_DROP_NONE);
	assert_int_equal(k.nw_frag, XSW_FRAG_ANY | XSW_FRAG_LATER);
	assert_int_equal(k.nw_proto, 44); /* as OVS */

	f.data[14 + 40 + 8 + 3] = 0x06; /* atomic, reserved bits set */
	assert_int_equal(extract(&f, f.len, XSW_DEPTH_L4, &k, &h),
			 XSW_DROP_NONE);
	assert_int_equal(k.nw_frag, 0);
	assert_int_equal(k.tp_src, htons(1234));
	assert_hdrs(&h, 14, 70, 0, 6);
	assert_int_equal(extract(&f, f.len - 1, XSW_DEPTH_L4, &k, &h),
			 XSW_DROP_TRUNCATED_IP6);
	f.data[19] -= 1; /* the payload length cuts TCP */
	assert_int_equal(extract(&f, f.len, XSW_DEPTH_L4, &k, &h),
			 XSW_DROP_TRUNCATED_L4);
}

static void test_ip6_ext_limit(void **state)
{
	struct xsw_flow_key k;
	struct xsw_hdrs h;
	/* six destination options headers, then UDP */
	struct frame f = hex(IP6_HDR("0038", "3c") "3c00000000000000"
						   "3c00000000000000"
						   "3c00000000000000"
						   "3c00000000000000"
						   "3c00000000000000"
						   "1100000000000000"
						   "0001 0002 0008 0000");

	assert_int_equal(extract(&f, f.len, XSW_DEPTH_L4, &k, &h),
			 XSW_DROP_NONE);
	assert_int_equal(k.nw_proto, 17);
	assert_hdrs(&h, 14, 14 + 40 + 48, 0, 6);
	assert_int_equal(ntohs(k.tp_dst), 2);

	/* a seventh is not walked: nw_proto names it, no L4 */
	f.data[14 + 40 + 40] = 0x3c;
	assert_int_equal(extract(&f, f.len, XSW_DEPTH_L4, &k, &h),
			 XSW_DROP_NONE);
	assert_int_equal(k.nw_proto, 60);
	assert_hdrs(&h, 14, 0, 0, 6);
}

static void test_l4_sizes(void **state)
{
	static const struct {
		uint8_t proto;
		size_t size; /* 0: no ports */
	} cases[] = {
	    {6, 20}, {17, 8}, {132, 12}, {1, 4}, {58, 0}, {47, 0}, {0, 0},
	};
	struct xsw_flow_key k;
	struct xsw_hdrs h;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		for (size_t l4_len = 0; l4_len <= 24; l4_len++) {
			struct frame f = hex(IP4_TCP);
			bool whole = l4_len >= cases[i].size;
			int drop;

			f.data[23] = cases[i].proto;
			f.data[17] = (uint8_t)(20 + l4_len);
			f.len = 34 + l4_len;
			drop = extract(&f, f.len, XSW_DEPTH_L4, &k, &h);
			assert_int_equal(drop, whole ? XSW_DROP_NONE
						     : XSW_DROP_TRUNCATED_L4);
			if (!whole)
				continue;
			assert_int_equal(h.l4_off, cases[i].size ? 34 : 0);
			if (cases[i].proto == 1) /* type 0x04, code 0xd2 */
				assert_int_equal(k.tp_src, htons(0x04));
			else if (cases[i].size)
				assert_int_equal(k.tp_src, htons(1234));
			else
				assert_int_equal(k.tp_src, 0);
			assert_int_equal(
			    extract(&f, f.len, XSW_DEPTH_L3, &k, &h),
			    XSW_DROP_NONE);
		}
	}
}

static void test_arp(void **state)
{
	struct frame f = hex(ARP_REQUEST);
	struct xsw_flow_key k, want = l2_key(f.data, 0x08, 0x06);
	struct xsw_hdrs h;

	assert_int_equal(f.len, 60);
	want.nw_proto = 1;
	memcpy(want.nw_src.ip6, "\x0a\x00\x00\x01", 4);
	memcpy(want.nw_dst.ip6, "\x0a\x00\x00\x02", 4);
	assert_int_equal(extract(&f, f.len, XSW_DEPTH_L3, &k, &h),
			 XSW_DROP_NONE);
	assert_key(&k, &want);
	assert_hdrs(&h, 14, 0, 0, 0);
	assert_int_equal(extract(&f, 42, XSW_DEPTH_L4, &k, &h), XSW_DROP_NONE);
	assert_key(&k, &want);
	for (size_t len = 14; len < 42; len++)
		assert_int_equal(extract(&f, len, XSW_DEPTH_L3, &k, &h),
				 XSW_DROP_TRUNCATED_ARP);

	/* not Ethernet/IPv4 (ptype 0x86dd): opcode from 8 bytes, no IPs */
	f.data[16] = 0x86;
	f.data[17] = 0xdd;
	f.data[21] = 0x02;
	assert_int_equal(extract(&f, 22, XSW_DEPTH_L3, &k, &h), XSW_DROP_NONE);
	assert_int_equal(k.nw_proto, 2);
	assert_int_equal(k.nw_src.words[0], 0);
	assert_int_equal(extract(&f, 21, XSW_DEPTH_L3, &k, &h),
			 XSW_DROP_TRUNCATED_ARP);
	/* opcode 0x0102: its low byte */
	f.data[20] = 0x01;
	assert_int_equal(extract(&f, 22, XSW_DEPTH_L3, &k, &h), XSW_DROP_NONE);
	assert_int_equal(k.nw_proto, 2);

	/* RARP is just another EtherType */
	f = hex(ARP_REQUEST);
	f.data[13] = 0x35;
	f.data[12] = 0x80;
	assert_int_equal(extract(&f, 20, XSW_DEPTH_L4, &k, &h), XSW_DROP_NONE);
	assert_int_equal(k.nw_proto, 0);
	assert_hdrs(&h, 0, 0, 0, 0);
}

static void test_multi_buffer(void **state)
{
	struct frame f = hex(IP6_AH_DST_ICMP6);
	struct xsw_flow_key k;
	struct xsw_hdrs h;

	/* headers must be in the first buffer */
	for (size_t head = 0; head < f.len + 2; head++) {
		int want = head < 14		    ? XSW_DROP_RUNT
			   : head < 54		    ? XSW_DROP_TRUNCATED_IP6
			   : head < 54 + 12 + 8	    ? XSW_DROP_TRUNCATED_IP6
			   : head < 54 + 12 + 8 + 4 ? XSW_DROP_TRUNCATED_L4
						    : XSW_DROP_NONE;

		assert_int_equal(xsw_flow_extract_ref_mb(f.data, f.len, head, 5,
							 XSW_DEPTH_L4, &k, &h),
				 want);
	}
	/* lengths are checked against the whole frame */
	f = hex(IP4_TCP);
	f.data[16] = 0x10; /* total length 4136 */
	uint8_t *jumbo = calloc(1, 14 + 4136);

	assert_non_null(jumbo);
	memcpy(jumbo, f.data, f.len);
	assert_int_equal(xsw_flow_extract_ref_mb(jumbo, 14 + 4136, 54, 5,
						 XSW_DEPTH_L4, &k, &h),
			 XSW_DROP_NONE);
	assert_int_equal(xsw_flow_extract_ref_mb(jumbo, 14 + 4135, 54, 5,
						 XSW_DEPTH_L4, &k, &h),
			 XSW_DROP_TRUNCATED_IP);
	free(jumbo);
}

/* Every prefix of every frame, at every depth and with every first-buffer
 * size: no crash (ASan/UBSan build), a drop at one depth is the same drop
 * at the deeper ones, and a key agrees with the shallower key. */
static void test_prefixes_consistent(void **state)
{
	static const char *const frames[] = {
	    IP4_TCP,
	    VLAN_IP6_UDP,
	    IP6_AH_DST_ICMP6,
	    ARP_REQUEST,
	    MACS "8100 0001 88a8 0002 8100 0003 0800",
	};

	for (size_t i = 0; i < sizeof(frames) / sizeof(frames[0]); i++) {
		struct frame f = hex(frames[i]);

		for (size_t len = 0; len <= f.len; len++) {
			/* a heap copy of exactly @len bytes, so ASan sees
			 * any read past the end */
			uint8_t *copy = malloc(len ? len : 1);

			assert_non_null(copy);
			memcpy(copy, f.data, len);
			for (size_t head = 0; head <= len; head++) {
				struct xsw_flow_key keys[3];
				struct xsw_hdrs hdrs[3];
				int drops[3];

				for (int d = 0; d < 3; d++)
					drops[d] = xsw_flow_extract_ref_mb(
					    copy, len, head, 7,
					    XSW_DEPTH_L2 + (unsigned)d,
					    &keys[d], &hdrs[d]);
				for (int d = 1; d < 3; d++) {
					if (drops[d - 1] != XSW_DROP_NONE) {
						assert_int_equal(drops[d],
								 drops[d - 1]);
						continue;
					}
					if (drops[d] != XSW_DROP_NONE)
						continue;
					/* the deeper key adds fields only */
					assert_memory_equal(&keys[d],
							    &keys[d - 1], 20);
					assert_int_equal(hdrs[d].n_vlans,
							 hdrs[0].n_vlans);
				}
			}
			free(copy);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ip4_tcp_each_depth),
	    cmocka_unit_test(test_vlan_ip6_udp),
	    cmocka_unit_test(test_vlan_tags),
	    cmocka_unit_test(test_l2_drops),
	    cmocka_unit_test(test_ip4_header_checks),
	    cmocka_unit_test(test_ip4_fragments),
	    cmocka_unit_test(test_ip6_extension_headers),
	    cmocka_unit_test(test_ip6_fragments),
	    cmocka_unit_test(test_ip6_ext_limit),
	    cmocka_unit_test(test_l4_sizes),
	    cmocka_unit_test(test_arp),
	    cmocka_unit_test(test_multi_buffer),
	    cmocka_unit_test(test_prefixes_consistent),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
