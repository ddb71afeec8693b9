/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The flow key: the fields a rule can match and a cache entry is keyed on.
 *
 * The XDP parser fills it from a frame, the userspace reference parser fills
 * it the same way (tests compare the two), rules and megaflows are a
 * (key, mask) pair of it, where a mask bit 1 means "this bit matters".
 *
 * 64 bytes, no holes: BPF hashes it as a whole and the megaflow lookup
 * applies a mask with 8 u64 ANDs.  Layout follows OVS's conventions so
 * that ovs-ofctl flow syntax maps onto it one to one:
 *  - ARP:  nw_proto = opcode (low 8 bits), nw_src = SPA, nw_dst = TPA;
 *  - ICMP/ICMPv6: tp_src = type, tp_dst = code (in network order, as a u16);
 *  - IPv4 addresses sit in the first 4 bytes of nw_src/nw_dst, the other 12
 *    bytes are zero;
 *  - vlan_tci has XSW_VLAN_PRESENT set when the frame carried a tag, so
 *    "untagged" (0) and "VLAN 0" (0x1000) differ.
 * Byte order: "be" fields are network order as on the wire; in_port is host
 * order.
 */
#ifndef XSW_FLOW_H
#define XSW_FLOW_H

#include "abi.h"

#define XSW_VLAN_PRESENT 0x1000 /* CFI/DEI bit, host order, in vlan_tci */
#define XSW_VLAN_VID_MASK 0x0fff
#define XSW_VLAN_PCP_SHIFT 13

/* nw_frag */
#define XSW_FRAG_ANY (1U << 0)   /* packet is an IP fragment */
#define XSW_FRAG_LATER (1U << 1) /* ... and not the first one: no L4 header */

union xsw_addr {
	__be32 ip4;     /* IPv4: first 4 bytes, the rest zero */
	__u8 ip6[16];   /* IPv6 */
	__u32 words[4]; /* for masking and hashing, no byte order meaning */
};

struct xsw_flow_key {
	__u32 in_port;   /*  0: ingress port_no, host order */
	__be16 vlan_tci; /*  4: outer tag's TCI | XSW_VLAN_PRESENT, or 0 */
	__be16 dl_type;  /*  6: EtherType after the VLAN tags */
	__u8 dl_src[XSW_ETH_ALEN]; /*  8 */
	__u8 dl_dst[XSW_ETH_ALEN]; /* 14 */
	__u8 nw_proto;   /* 20: IP protocol / final IPv6 next header / ARP op */
	__u8 nw_tos;     /* 21: IPv4 TOS / IPv6 traffic class (DSCP | ECN) */
	__u8 nw_ttl;     /* 22: TTL / hop limit */
	__u8 nw_frag;    /* 23: XSW_FRAG_* */
	union xsw_addr nw_src; /* 24: IP source / ARP SPA */
	union xsw_addr nw_dst; /* 40: IP destination / ARP TPA */
	__be16 tp_src;   /* 56: L4 source port / ICMP type */
	__be16 tp_dst;   /* 58: L4 destination port / ICMP code */
	__u32 spare;     /* 60: always zero in keys and masks */
} __attribute__((aligned(8))); /* masked and hashed as 8 u64 words */
_Static_assert(sizeof(struct xsw_flow_key) == 64, "xsw_flow_key layout");

#define XSW_FLOW_KEY_U64S (sizeof(struct xsw_flow_key) / 8)

#endif /* XSW_FLOW_H */
