/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Flow key extraction (BPF side): implements include/xsw/parse.h, and
 * src/lib/flow_extract.h lists the rules parse.h leaves open, which this
 * file follows too.  tests/bpf/test_parse_diff.c runs both on the same
 * frames and wants the same answer.
 *
 *   why = xsw_flow_extract(ctx, port_no, XSW_DEPTH_L4, &key, &hdrs);
 *
 * Headers are read with direct packet access, bounds-checked against
 * data_end (the first buffer); lengths from the IP headers are checked
 * against the whole frame, bpf_xdp_get_buff_len(), so an xdp.frags program
 * works on jumbo frames.
 *
 * Verifier cost, as tests/bpf/test_parse_diff.c measures it with the key
 * on the stack and handed to a helper: ~200 insns at a fixed depth L2,
 * ~3.7k at L3, ~7.4k at L4 or with a depth read at run time.  What follows
 * the VLAN tags is verified once per tag count (0, 1, 2: the L3 offset is
 * a constant in each); the IPv6 extension header walk is a bounded loop of
 * XSW_MAX_IP6_EXT turns with a single path through each turn (see
 * xsw_fk_ext_rules), so the L4 part after it is verified a few times per
 * turn, not once per combination of header kinds.
 */
#ifndef XSW_BPF_FLOW_KEY_H
#define XSW_BPF_FLOW_KEY_H

#include <linux/bpf.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#include <linux/if_ether.h>
#include <xsw/drop.h>
#include <xsw/flow.h>
#include <xsw/parse.h>

#include "xsw_parse.h" /* xsw_is_vlan_proto, xsw_src_mac_ok */

#define XSW_FK_ETH_HLEN 14
#define XSW_FK_VLAN_HLEN 4
#define XSW_FK_IP4_HLEN 20
#define XSW_FK_IP6_HLEN 40
#define XSW_FK_IP6_EXT_MIN 8
#define XSW_FK_ARP_FIXED 8
#define XSW_FK_ARP_ETH_IP4 28

/* No header this parser reads ends beyond 22 + 40 + 6 * 2048 bytes (six
 * extension headers); the bound below only tells the verifier that packet
 * offsets stay small, it never cuts a frame short. */
#define XSW_FK_MAX_OFF 0x3fff

/*
 * The IPv6 extension headers the walk steps over, and their size in bytes:
 * hdr[1] * len_mul + len_add; len_add 0 means "not one of them".  A table
 * rather than a switch: the verifier then sees one path through a turn of
 * the walk, whatever the header, so a chain of N headers costs N turns,
 * not 3^N paths with differently bounded offsets.
 */
struct xsw_fk_ext_rule {
	__u8 len_mul;
	__u8 len_add;
};

static const struct xsw_fk_ext_rule xsw_fk_ext_rules[256] = {
	[0] = {8, 8},  /* hop-by-hop options: (len + 1) * 8 */
	[43] = {8, 8}, /* routing */
	[44] = {0, 8}, /* fragment: always 8 */
	[51] = {4, 8}, /* AH: (len + 2) * 4 */
	[60] = {8, 8}, /* destination options */
};

/* The L4 header at @off, which must end by @end (the end of the IP
 * packet) and lie in the first buffer. */
static __always_inline enum xsw_drop_reason
xsw_fk_l4(void *data, void *data_end, __u64 off, __u64 end, __u8 proto,
	  int is_ip6, struct xsw_flow_key *key, struct xsw_hdrs *hdrs)
{
	__u8 *l4 = data + off;
	__u64 size;

	if (proto == 6)
		size = 20;
	else if (proto == 17)
		size = 8;
	else if (proto == 132)
		size = 12;
	else if (proto == (is_ip6 ? 58 : 1))
		size = 4;
	else
		return XSW_DROP_NONE; /* no ports to extract */
	if (off + size > end)
		return XSW_DROP_TRUNCATED_L4;
	if ((void *)l4 + size > data_end)
		return XSW_DROP_TRUNCATED_L4;

	if (size == 4) { /* ICMP type and code, as be16 */
		key->tp_src = bpf_htons(l4[0]);
		key->tp_dst = bpf_htons(l4[1]);
	} else {
		key->tp_src = *(__be16 *)l4;
		key->tp_dst = *(__be16 *)(l4 + 2);
	}
	hdrs->l4_off = off;
	return XSW_DROP_NONE;
}

static __always_inline enum xsw_drop_reason
xsw_fk_ip4(void *data, void *data_end, __u64 off, __u64 frame_len, __u32 depth,
	   struct xsw_flow_key *key, struct xsw_hdrs *hdrs)
{
	__u8 *ip = data + off;
	__u64 hdr_size, total_size;
	__be16 frag_field;

	if ((void *)(ip + XSW_FK_IP4_HLEN) > data_end)
		return XSW_DROP_TRUNCATED_IP;
	if ((ip[0] >> 4) != 4 || (ip[0] & 0x0f) < 5)
		return XSW_DROP_BAD_IP_HEADER;
	hdr_size = (ip[0] & 0x0f) * 4;
	if ((void *)ip + hdr_size > data_end)
		return XSW_DROP_TRUNCATED_IP;
	total_size = bpf_ntohs(*(__be16 *)(ip + 2));
	if (total_size < hdr_size)
		return XSW_DROP_BAD_IP_HEADER;
	if (total_size > frame_len - off)
		return XSW_DROP_TRUNCATED_IP;

	key->nw_tos = ip[1];
	key->nw_ttl = ip[8];
	key->nw_proto = ip[9];
	__builtin_memcpy(&key->nw_src.ip4, ip + 12, 4);
	__builtin_memcpy(&key->nw_dst.ip4, ip + 16, 4);
	frag_field = *(__be16 *)(ip + 6);
	if (frag_field & bpf_htons(0x3fff)) /* MF or an offset */
		key->nw_frag = XSW_FRAG_ANY;
	if (frag_field & bpf_htons(0x1fff))
		key->nw_frag |= XSW_FRAG_LATER;
	hdrs->l3_off = off;
	hdrs->l3_proto = 4;

	if (depth < XSW_DEPTH_L4 || key->nw_frag)
		return XSW_DROP_NONE;
	return xsw_fk_l4(data, data_end, off + hdr_size, off + total_size,
			 key->nw_proto, 0, key, hdrs);
}

static __always_inline enum xsw_drop_reason
xsw_fk_ip6(void *data, void *data_end, __u64 off, __u64 frame_len, __u32 depth,
	   struct xsw_flow_key *key, struct xsw_hdrs *hdrs)
{
	__u8 *ip = data + off;
	__u64 end, next_off;
	__u8 next_header;

	if ((void *)(ip + XSW_FK_IP6_HLEN) > data_end)
		return XSW_DROP_TRUNCATED_IP6;
	if ((ip[0] >> 4) != 6)
		return XSW_DROP_BAD_IP6_HEADER;
	next_off = off + XSW_FK_IP6_HLEN;
	end = next_off + bpf_ntohs(*(__be16 *)(ip + 4));
	if (end > frame_len)
		return XSW_DROP_TRUNCATED_IP6;

	key->nw_tos = (ip[0] << 4) | (ip[1] >> 4);
	key->nw_ttl = ip[7];
	__builtin_memcpy(key->nw_src.ip6, ip + 8, 16);
	__builtin_memcpy(key->nw_dst.ip6, ip + 24, 16);
	next_header = ip[6];

#pragma clang loop unroll(disable)
	for (int n = 0; n < XSW_MAX_IP6_EXT; n++) {
		const struct xsw_fk_ext_rule *rule;
		__u64 ext_size;
		__u8 *ext;

		rule = &xsw_fk_ext_rules[next_header];
		if (!rule->len_add)
			break;
		if (next_off + XSW_FK_IP6_EXT_MIN > end)
			return XSW_DROP_TRUNCATED_IP6;
		ext = data + next_off;
		if ((void *)(ext + XSW_FK_IP6_EXT_MIN) > data_end)
			return XSW_DROP_TRUNCATED_IP6;
		ext_size = ext[1] * rule->len_mul + rule->len_add;
		if (next_off + ext_size > end ||
		    (void *)ext + ext_size > data_end)
			return XSW_DROP_TRUNCATED_IP6;
		next_off += ext_size;
		if (next_off > XSW_FK_MAX_OFF) /* never: for the verifier */
			return XSW_DROP_TRUNCATED_IP6;
		if (next_header == 44) { /* fragment */
			__be16 offset_flags = *(__be16 *)(ext + 2);

			if (offset_flags & bpf_htons(0xfff9)) /* offset, M */
				key->nw_frag |= XSW_FRAG_ANY;
			if (offset_flags & bpf_htons(0xfff8)) {
				/* What follows is the middle of a payload. */
				key->nw_frag |= XSW_FRAG_LATER;
				break; /* next_header stays 44, as in OVS */
			}
		}
		next_header = ext[0];
	}

	key->nw_proto = next_header;
	hdrs->l3_off = off;
	hdrs->l3_proto = 6;

	if (depth < XSW_DEPTH_L4 || key->nw_frag)
		return XSW_DROP_NONE;
	return xsw_fk_l4(data, data_end, next_off, end, next_header, 1, key,
			 hdrs);
}

static __always_inline enum xsw_drop_reason
xsw_fk_arp(void *data, void *data_end, __u64 off, struct xsw_flow_key *key,
	   struct xsw_hdrs *hdrs)
{
	__u8 *arp = data + off;

	if ((void *)(arp + XSW_FK_ARP_FIXED) > data_end)
		return XSW_DROP_TRUNCATED_ARP;
	key->nw_proto = arp[7]; /* low byte of the opcode */
	hdrs->l3_off = off;

	/* htype Ethernet, ptype IPv4, hlen 6, plen 4: SPA and TPA too */
	if (*(__be16 *)arp == bpf_htons(1) &&
	    *(__be16 *)(arp + 2) == bpf_htons(ETH_P_IP) && arp[4] == 6 &&
	    arp[5] == 4) {
		if ((void *)(arp + XSW_FK_ARP_ETH_IP4) > data_end)
			return XSW_DROP_TRUNCATED_ARP;
		__builtin_memcpy(&key->nw_src.ip4, arp + 14, 4);
		__builtin_memcpy(&key->nw_dst.ip4, arp + 24, 4);
	}
	return XSW_DROP_NONE;
}

/* Zeroes @key and @hdrs and fills them down to @depth (enum xsw_depth; below
 * L2 acts as L2, above L4 as L4).  Returns XSW_DROP_NONE or why the frame
 * must be dropped; on a drop @key and @hdrs are partly filled. */
static __always_inline enum xsw_drop_reason
xsw_flow_extract(struct xdp_md *ctx, __u32 in_port, __u32 depth,
		 struct xsw_flow_key *key, struct xsw_hdrs *hdrs)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u8 *eth = data;
	__u64 off = XSW_FK_ETH_HLEN, frame_len;
	__be16 type;

	__builtin_memset(key, 0, sizeof(*key));
	__builtin_memset(hdrs, 0, sizeof(*hdrs));
	key->in_port = in_port;

	if ((void *)(eth + XSW_FK_ETH_HLEN) > data_end)
		return XSW_DROP_RUNT;
	if (!xsw_src_mac_ok(eth + 6))
		return XSW_DROP_BAD_SRC_MAC;
	__builtin_memcpy(key->dl_dst, eth, XSW_ETH_ALEN);
	__builtin_memcpy(key->dl_src, eth + 6, XSW_ETH_ALEN);
	type = *(__be16 *)(eth + 12);

#pragma unroll
	for (int i = 0; i < XSW_MAX_VLAN_TAGS; i++) {
		__u8 *tag = data + off;

		if (!xsw_is_vlan_proto(type))
			break;
		if ((void *)(tag + XSW_FK_VLAN_HLEN) > data_end)
			return XSW_DROP_TRUNCATED_VLAN;
		if (i == 0)
			key->vlan_tci =
			    *(__be16 *)tag | bpf_htons(XSW_VLAN_PRESENT);
		type = *(__be16 *)(tag + 2);
		off += XSW_FK_VLAN_HLEN;
		hdrs->n_vlans = i + 1;
	}
	key->dl_type = type;

	if (depth < XSW_DEPTH_L3)
		return XSW_DROP_NONE;
	frame_len = bpf_xdp_get_buff_len(ctx);
	if (type == bpf_htons(ETH_P_IP))
		return xsw_fk_ip4(data, data_end, off, frame_len, depth, key,
				  hdrs);
	if (type == bpf_htons(ETH_P_IPV6))
		return xsw_fk_ip6(data, data_end, off, frame_len, depth, key,
				  hdrs);
	if (type == bpf_htons(ETH_P_ARP))
		return xsw_fk_arp(data, data_end, off, key, hdrs);
	return XSW_DROP_NONE; /* other EtherTypes, a third VLAN tag */
}

#endif /* XSW_BPF_FLOW_KEY_H */
