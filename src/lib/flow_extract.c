// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Flow key extraction, the userspace reference model (see flow_extract.h
 * for the rules parse.h leaves open).  Plain code on purpose: every read is
 * preceded by in_head(), every length by within(), and offsets are size_t,
 * so no input can make it read outside the frame.
 */
#include "flow_extract.h"

#include <arpa/inet.h>
#include <stdbool.h>
#include <string.h>

#define ETH_HDR_SIZE 14
#define VLAN_TAG_SIZE 4
#define IP4_MIN_HDR_SIZE 20
#define IP6_HDR_SIZE 40
#define IP6_EXT_MIN_SIZE 8 /* every extension header is at least this */
#define IP6_FRAG_HDR_SIZE 8
#define ARP_FIXED_SIZE 8
#define ARP_ETH_IP4_SIZE 28

#define ETHERTYPE_IP4 0x0800
#define ETHERTYPE_ARP 0x0806
#define ETHERTYPE_VLAN 0x8100
#define ETHERTYPE_QINQ 0x88a8
#define ETHERTYPE_IP6 0x86dd

#define PROTO_HOPOPTS 0
#define PROTO_ICMP 1
#define PROTO_TCP 6
#define PROTO_UDP 17
#define PROTO_ROUTING 43
#define PROTO_FRAGMENT 44
#define PROTO_AH 51
#define PROTO_ICMP6 58
#define PROTO_DSTOPTS 60
#define PROTO_SCTP 132

#define IP4_MF 0x2000
#define IP4_OFFSET 0x1fff
#define IP6_FRAG_OFFSET 0xfff8
#define IP6_FRAG_MF 0x0001

struct frame {
	const uint8_t *data;
	size_t len;	 /* the whole frame */
	size_t head_len; /* bytes in the first buffer, <= len */
};

/* Are bytes [off, off + size) in the first buffer? */
static bool in_head(const struct frame *f, size_t off, size_t size)
{
	return off <= f->head_len && size <= f->head_len - off;
}

/* Do bytes [off, off + size) end at or before @end? */
static bool within(size_t off, size_t size, size_t end)
{
	return off <= end && size <= end - off;
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static bool src_mac_ok(const uint8_t *mac)
{
	static const uint8_t zero[XSW_ETH_ALEN];

	if (mac[0] & 1) /* multicast, broadcast included */
		return false;
	return memcmp(mac, zero, XSW_ETH_ALEN) != 0;
}

static bool is_vlan_type(uint16_t type)
{
	return type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ;
}

static bool is_ip6_ext(uint8_t next_header)
{
	switch (next_header) {
	case PROTO_HOPOPTS:
	case PROTO_ROUTING:
	case PROTO_DSTOPTS:
	case PROTO_FRAGMENT:
	case PROTO_AH:
		return true;
	default:
		return false;
	}
}

/* The L4 header at @off, which must end by @end (the end of the IP
 * packet).  @is_ip6 selects which ICMP counts. */
static int parse_l4(const struct frame *f, size_t off, size_t end,
		    uint8_t proto, bool is_ip6, struct xsw_flow_key *key,
		    struct xsw_hdrs *hdrs)
{
	const uint8_t *l4 = f->data + off;
	bool is_icmp = false;
	size_t size;

	switch (proto) {
	case PROTO_TCP:
		size = 20;
		break;
	case PROTO_UDP:
		size = 8;
		break;
	case PROTO_SCTP:
		size = 12;
		break;
	case PROTO_ICMP:
		if (is_ip6)
			return XSW_DROP_NONE;
		size = 4;
		is_icmp = true;
		break;
	case PROTO_ICMP6:
		if (!is_ip6)
			return XSW_DROP_NONE;
		size = 4;
		is_icmp = true;
		break;
	default:
		return XSW_DROP_NONE; /* no ports to extract */
	}
	if (!within(off, size, end) || !in_head(f, off, size))
		return XSW_DROP_TRUNCATED_L4;

	if (is_icmp) {
		key->tp_src = htons(l4[0]); /* type */
		key->tp_dst = htons(l4[1]); /* code */
	} else {
		key->tp_src = htons(get16(l4));
		key->tp_dst = htons(get16(l4 + 2));
	}
	hdrs->l4_off = (uint16_t)off;
	return XSW_DROP_NONE;
}

static int parse_ip4(const struct frame *f, size_t off, unsigned int depth,
		     struct xsw_flow_key *key, struct xsw_hdrs *hdrs)
{
	const uint8_t *ip = f->data + off;
	size_t hdr_size, total_size;
	uint16_t frag_field;

	if (!in_head(f, off, IP4_MIN_HDR_SIZE))
		return XSW_DROP_TRUNCATED_IP;
	if (ip[0] >> 4 != 4 || (ip[0] & 0x0f) < 5)
		return XSW_DROP_BAD_IP_HEADER;
	hdr_size = (size_t)(ip[0] & 0x0f) * 4;
	if (!in_head(f, off, hdr_size))
		return XSW_DROP_TRUNCATED_IP;
	total_size = get16(ip + 2);
	if (total_size < hdr_size)
		return XSW_DROP_BAD_IP_HEADER;
	if (!within(off, total_size, f->len))
		return XSW_DROP_TRUNCATED_IP;

	key->nw_tos = ip[1];
	key->nw_ttl = ip[8];
	key->nw_proto = ip[9];
	memcpy(&key->nw_src.ip4, ip + 12, 4);
	memcpy(&key->nw_dst.ip4, ip + 16, 4);
	frag_field = get16(ip + 6);
	if (frag_field & (IP4_MF | IP4_OFFSET))
		key->nw_frag |= XSW_FRAG_ANY;
	if (frag_field & IP4_OFFSET)
		key->nw_frag |= XSW_FRAG_LATER;
	hdrs->l3_off = (uint16_t)off;
	hdrs->l3_proto = 4;

	if (depth < XSW_DEPTH_L4 || key->nw_frag)
		return XSW_DROP_NONE;
	return parse_l4(f, off + hdr_size, off + total_size, key->nw_proto,
			false, key, hdrs);
}

static int parse_ip6(const struct frame *f, size_t off, unsigned int depth,
		     struct xsw_flow_key *key, struct xsw_hdrs *hdrs)
{
	const uint8_t *ip = f->data + off;
	size_t payload_size, end, next_off;
	uint8_t next_header;

	if (!in_head(f, off, IP6_HDR_SIZE))
		return XSW_DROP_TRUNCATED_IP6;
	if (ip[0] >> 4 != 6)
		return XSW_DROP_BAD_IP6_HEADER;
	payload_size = get16(ip + 4);
	if (!within(off + IP6_HDR_SIZE, payload_size, f->len))
		return XSW_DROP_TRUNCATED_IP6;
	end = off + IP6_HDR_SIZE + payload_size;

	key->nw_tos = (uint8_t)((ip[0] & 0x0f) << 4 | ip[1] >> 4);
	key->nw_ttl = ip[7];
	memcpy(key->nw_src.ip6, ip + 8, 16);
	memcpy(key->nw_dst.ip6, ip + 24, 16);

	next_header = ip[6];
	next_off = off + IP6_HDR_SIZE;
	for (int n = 0; n < XSW_MAX_IP6_EXT && is_ip6_ext(next_header); n++) {
		const uint8_t *ext = f->data + next_off;
		size_t ext_size;

		if (!within(next_off, IP6_EXT_MIN_SIZE, end) ||
		    !in_head(f, next_off, IP6_EXT_MIN_SIZE))
			return XSW_DROP_TRUNCATED_IP6;
		if (next_header == PROTO_FRAGMENT) {
			uint16_t offset_flags = get16(ext + 2);

			ext_size = IP6_FRAG_HDR_SIZE;
			if (offset_flags & (IP6_FRAG_OFFSET | IP6_FRAG_MF))
				key->nw_frag |= XSW_FRAG_ANY;
			if (offset_flags & IP6_FRAG_OFFSET)
				key->nw_frag |= XSW_FRAG_LATER;
		} else if (next_header == PROTO_AH) {
			ext_size = ((size_t)ext[1] + 2) * 4;
		} else {
			ext_size = ((size_t)ext[1] + 1) * 8;
		}
		if (!within(next_off, ext_size, end) ||
		    !in_head(f, next_off, ext_size))
			return XSW_DROP_TRUNCATED_IP6;
		next_off += ext_size;
		if (key->nw_frag & XSW_FRAG_LATER) {
			/* What follows is the middle of some payload. */
			next_header = PROTO_FRAGMENT;
			break;
		}
		next_header = ext[0];
	}

	key->nw_proto = next_header;
	hdrs->l3_off = (uint16_t)off;
	hdrs->l3_proto = 6;

	if (depth < XSW_DEPTH_L4 || key->nw_frag)
		return XSW_DROP_NONE;
	return parse_l4(f, next_off, end, next_header, true, key, hdrs);
}

static int parse_arp(const struct frame *f, size_t off,
		     struct xsw_flow_key *key, struct xsw_hdrs *hdrs)
{
	const uint8_t *arp = f->data + off;

	if (!in_head(f, off, ARP_FIXED_SIZE))
		return XSW_DROP_TRUNCATED_ARP;
	key->nw_proto = arp[7]; /* low byte of the opcode */
	hdrs->l3_off = (uint16_t)off;

	/* htype Ethernet, ptype IPv4, hlen 6, plen 4: SPA and TPA too */
	if (get16(arp) == 1 && get16(arp + 2) == ETHERTYPE_IP4 && arp[4] == 6 &&
	    arp[5] == 4) {
		if (!in_head(f, off, ARP_ETH_IP4_SIZE))
			return XSW_DROP_TRUNCATED_ARP;
		memcpy(&key->nw_src.ip4, arp + 14, 4);
		memcpy(&key->nw_dst.ip4, arp + 24, 4);
	}
	return XSW_DROP_NONE;
}

int xsw_flow_extract_ref_mb(const uint8_t *frame, size_t len, size_t head_len,
			    uint32_t in_port, unsigned int depth,
			    struct xsw_flow_key *key, struct xsw_hdrs *hdrs)
{
	const struct frame f = {
	    .data = frame,
	    .len = len,
	    .head_len = head_len < len ? head_len : len,
	};
	unsigned int n_vlans = 0;
	uint16_t type;
	size_t off;

	memset(key, 0, sizeof(*key));
	memset(hdrs, 0, sizeof(*hdrs));
	key->in_port = in_port;

	if (!in_head(&f, 0, ETH_HDR_SIZE))
		return XSW_DROP_RUNT;
	if (!src_mac_ok(frame + 6))
		return XSW_DROP_BAD_SRC_MAC;
	memcpy(key->dl_dst, frame, XSW_ETH_ALEN);
	memcpy(key->dl_src, frame + 6, XSW_ETH_ALEN);

	type = get16(frame + 12);
	off = ETH_HDR_SIZE;
	while (is_vlan_type(type) && n_vlans < XSW_MAX_VLAN_TAGS) {
		if (!in_head(&f, off, VLAN_TAG_SIZE))
			return XSW_DROP_TRUNCATED_VLAN;
		if (n_vlans == 0)
			key->vlan_tci =
			    htons(get16(frame + off) | XSW_VLAN_PRESENT);
		type = get16(frame + off + 2);
		off += VLAN_TAG_SIZE;
		n_vlans++;
	}
	key->dl_type = htons(type);
	hdrs->n_vlans = (uint8_t)n_vlans;

	if (depth < XSW_DEPTH_L3)
		return XSW_DROP_NONE;
	switch (type) {
	case ETHERTYPE_IP4:
		return parse_ip4(&f, off, depth, key, hdrs);
	case ETHERTYPE_IP6:
		return parse_ip6(&f, off, depth, key, hdrs);
	case ETHERTYPE_ARP:
		return parse_arp(&f, off, key, hdrs);
	default: /* a third VLAN tag lands here too: L2 only */
		return XSW_DROP_NONE;
	}
}

int xsw_flow_extract_ref(const uint8_t *frame, size_t len, uint32_t in_port,
			 unsigned int depth, struct xsw_flow_key *key,
			 struct xsw_hdrs *hdrs)
{
	return xsw_flow_extract_ref_mb(frame, len, len, in_port, depth, key,
				       hdrs);
}
