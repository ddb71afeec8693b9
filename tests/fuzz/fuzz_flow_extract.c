// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * libFuzzer target for the flow key reference model
 * (src/lib/flow_extract.c), which xswd runs on frames from the wire.
 *
 * Input: byte 0 picks the in_port and an extra depth to try (any value,
 * also outside enum xsw_depth), bytes 1-2 the size of the first buffer
 * (big-endian), the rest is the frame, which ends where the input ends so
 * ASan sees any read past it.  Besides what ASan/UBSan catch, it aborts
 * when:
 *  - the result is not NONE or one of the parser's drop reasons, or
 *    differs between two runs, or between the two entry points;
 *  - a drop at one depth is not the same drop at the deeper ones, or a
 *    deeper key changes a shallower key's L2 fields;
 *  - a key breaks a rule of parse.h / flow.h: fields below the depth or
 *    after the last parsed header not zero, IPv4 address bytes 4-15 not
 *    zero, vlan_tci's PRESENT bit and n_vlans disagreeing, MACs, dl_type,
 *    IP fields or ports not the frame's bytes at the offsets hdrs gives,
 *    hdrs offsets out of the first buffer.
 *
 *   clang -fsanitize=fuzzer,address,undefined ... (see mk/parse_tests.mk)
 *   build/fuzz/fuzz_flow_extract tests/fuzz/corpus/flow_extract
 */
#include <arpa/inet.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/flow_extract.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what, unsigned int depth, int drop)
{
	fprintf(stderr, "fuzz_flow_extract: %s (depth %u, drop %d)\n", what,
		depth, drop);
	abort();
}

static bool is_zero(const void *p, size_t size)
{
	const uint8_t *b = p;

	for (size_t i = 0; i < size; i++)
		if (b[i])
			return false;
	return true;
}

static bool is_parser_drop(int drop)
{
	switch (drop) {
	case XSW_DROP_NONE:
	case XSW_DROP_RUNT:
	case XSW_DROP_BAD_SRC_MAC:
	case XSW_DROP_TRUNCATED_VLAN:
	case XSW_DROP_TRUNCATED_IP:
	case XSW_DROP_BAD_IP_HEADER:
	case XSW_DROP_TRUNCATED_IP6:
	case XSW_DROP_BAD_IP6_HEADER:
	case XSW_DROP_TRUNCATED_L4:
	case XSW_DROP_TRUNCATED_ARP:
		return true;
	default:
		return false;
	}
}

/* The rules a successfully extracted key must follow. */
static void check_key(const uint8_t *frame, size_t len, size_t head,
		      uint32_t in_port, unsigned int depth,
		      const struct xsw_flow_key *k, const struct xsw_hdrs *h)
{
	size_t type_off = 12 + 4 * (size_t)h->n_vlans;
	uint16_t type;
	bool tagged = k->vlan_tci & htons(XSW_VLAN_PRESENT);

	if (head > len)
		head = len;
	if (k->in_port != in_port || k->spare || h->spare)
		die("in_port or a spare field", depth, 0);
	if (memcmp(k->dl_dst, frame, 6) || memcmp(k->dl_src, frame + 6, 6))
		die("MACs are not the frame's", depth, 0);
	if ((k->dl_src[0] & 1) || is_zero(k->dl_src, 6))
		die("accepted a bad source MAC", depth, 0);
	if (h->n_vlans > XSW_MAX_VLAN_TAGS || tagged != (h->n_vlans > 0) ||
	    (!tagged && k->vlan_tci))
		die("vlan_tci and n_vlans disagree", depth, 0);
	if (type_off + 2 > head)
		die("dl_type beyond the first buffer", depth, 0);
	if (memcmp(&k->dl_type, frame + type_off, 2))
		die("dl_type is not the frame's", depth, 0);
	type = (uint16_t)(frame[type_off] << 8 | frame[type_off + 1]);

	if (depth < XSW_DEPTH_L3 || !h->l3_off) {
		if (!is_zero(&k->nw_proto, 40) || h->l3_off || h->l3_proto)
			die("L3 fields set without an L3 header", depth, 0);
	} else {
		if (h->l3_off != type_off + 2 || h->l3_off >= head)
			die("l3_off", depth, 0);
		if ((type == 0x0800) != (h->l3_proto == 4) ||
		    (type == 0x86dd) != (h->l3_proto == 6) ||
		    (type != 0x0800 && type != 0x86dd && type != 0x0806))
			die("l3_proto is not dl_type's", depth, 0);
		if (h->l3_proto != 6 && (!is_zero(&k->nw_src.ip6[4], 12) ||
					 !is_zero(&k->nw_dst.ip6[4], 12)))
			die("IPv4 address bytes 4-15 not zero", depth, 0);
		if (h->l3_proto == 0 && (k->nw_proto != frame[h->l3_off + 7] ||
					 k->nw_tos || k->nw_ttl || k->nw_frag))
			die("ARP fields", depth, 0);
	}
	if (h->l3_proto == 4) {
		const uint8_t *ip = frame + h->l3_off;

		if (k->nw_proto != ip[9] || k->nw_tos != ip[1] ||
		    k->nw_ttl != ip[8] || memcmp(&k->nw_src, ip + 12, 4) ||
		    memcmp(&k->nw_dst, ip + 16, 4))
			die("IPv4 fields are not the frame's", depth, 0);
	} else if (h->l3_proto == 6) {
		const uint8_t *ip = frame + h->l3_off;

		if (k->nw_ttl != ip[7] || memcmp(&k->nw_src, ip + 8, 16) ||
		    memcmp(&k->nw_dst, ip + 24, 16))
			die("IPv6 fields are not the frame's", depth, 0);
	}
	if (h->l4_off && h->l4_off + 4u <= head) {
		const uint8_t *l4 = frame + h->l4_off;
		bool icmp = (h->l3_proto == 4 && k->nw_proto == 1) ||
			    (h->l3_proto == 6 && k->nw_proto == 58);
		uint8_t ports[4] = {l4[0], l4[1], l4[2], l4[3]};

		if (icmp) { /* type and code, each as a be16 */
			ports[3] = l4[1];
			ports[1] = l4[0];
			ports[0] = ports[2] = 0;
		} else if (k->nw_proto != 6 && k->nw_proto != 17 &&
			   k->nw_proto != 132) {
			die("ports of a protocol without them", depth, 0);
		}
		if (memcmp(&k->tp_src, ports, 4))
			die("ports are not the frame's", depth, 0);
	}
	if ((k->nw_frag & ~(XSW_FRAG_ANY | XSW_FRAG_LATER)) ||
	    ((k->nw_frag & XSW_FRAG_LATER) && !(k->nw_frag & XSW_FRAG_ANY)))
		die("nw_frag", depth, 0);
	if (!h->l4_off) {
		if (k->tp_src || k->tp_dst)
			die("ports without an L4 header", depth, 0);
	} else if (depth < XSW_DEPTH_L4 || !h->l3_proto || k->nw_frag ||
		   h->l4_off <= h->l3_off || h->l4_off + 4u > head) {
		die("l4_off", depth, 0);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xsw_flow_key keys[3], again;
	struct xsw_hdrs hdrs[3], hdrs_again;
	const uint8_t *frame;
	unsigned int odd_depth;
	uint32_t in_port;
	int drops[3], drop;
	size_t len, head;

	if (size < 3)
		return 0;
	in_port = (uint32_t)data[0] * 0x01010101u;
	odd_depth = data[0] >> 4; /* 0..15, often outside L2..L4 */
	head = (size_t)data[1] << 8 | data[2];
	frame = data + 3;
	len = size - 3;

	for (unsigned int d = 0; d < 3; d++) {
		unsigned int depth = XSW_DEPTH_L2 + d;

		drops[d] = xsw_flow_extract_ref_mb(frame, len, head, in_port,
						   depth, &keys[d], &hdrs[d]);
		if (!is_parser_drop(drops[d]))
			die("not a parser drop reason", depth, drops[d]);
		if (drops[d] == XSW_DROP_NONE)
			check_key(frame, len, head, in_port, depth, &keys[d],
				  &hdrs[d]);

		drop = xsw_flow_extract_ref_mb(frame, len, head, in_port, depth,
					       &again, &hdrs_again);
		if (drop != drops[d] ||
		    memcmp(&again, &keys[d], sizeof(again)) ||
		    memcmp(&hdrs_again, &hdrs[d], sizeof(hdrs_again)))
			die("two runs differ", depth, drop);
		if (head >= len) {
			drop = xsw_flow_extract_ref(frame, len, in_port, depth,
						    &again, &hdrs_again);
			if (drop != drops[d] ||
			    memcmp(&again, &keys[d], sizeof(again)))
				die("the entry points differ", depth, drop);
		}
		if (d == 0)
			continue;
		if (drops[d - 1] != XSW_DROP_NONE) {
			if (drops[d] != drops[d - 1])
				die("a drop changed with depth", depth,
				    drops[d]);
		} else if (drops[d] == XSW_DROP_NONE &&
			   memcmp(&keys[d], &keys[d - 1],
				  offsetof(struct xsw_flow_key, nw_proto))) {
			die("L2 fields changed with depth", depth, 0);
		}
	}

	/* depths outside the enum act as the nearest one */
	drop = xsw_flow_extract_ref_mb(frame, len, head, in_port, odd_depth,
				       &again, &hdrs_again);
	{
		unsigned int near = odd_depth < XSW_DEPTH_L2   ? 0
				    : odd_depth > XSW_DEPTH_L4 ? 2
							       : odd_depth - 2;

		if (drop != drops[near] ||
		    (drop == XSW_DROP_NONE &&
		     memcmp(&again, &keys[near], sizeof(again))))
			die("an odd depth is not the nearest one", odd_depth,
			    drop);
	}
	return 0;
}
