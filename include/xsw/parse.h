/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Flow key extraction: the contract shared by the BPF parser
 * (bpf/xsw_flow_key.h) and its userspace reference model
 * (src/lib/flow_extract.c).  Both must produce, for any frame, the same key
 * or the same drop reason; tests/bpf/test_parse_diff.c checks that.
 *
 * Depth: the parser reads only as deep as asked (a bridge asks for the
 * deepest layer any of its rules matches on), so a bridge whose rules match
 * only MACs never touches IP headers.  Fields below the depth are zero.
 *   XSW_DEPTH_L2  in_port, vlan_tci, dl_type, dl_src, dl_dst
 *   XSW_DEPTH_L3  + nw_* (IPv4, IPv6, ARP), nw_frag
 *   XSW_DEPTH_L4  + tp_src, tp_dst (TCP, UDP, SCTP ports; ICMP type/code)
 *
 * Rules (OVS conventions where OVS has one):
 *  - up to two VLAN tags (0x8100, 0x88a8); vlan_tci is the outer tag's TCI
 *    with XSW_VLAN_PRESENT set; dl_type the EtherType after the tags (a
 *    third tag's TPID if there are more tags, and then no L3 parse);
 *  - IPv4: version 4, IHL >= 5, IHL*4 bytes present, total length >= IHL*4
 *    and <= the frame's remaining length (Ethernet padding beyond it is
 *    fine);  IPv6: version 6, 40 bytes present, payload length <= the
 *    frame's remaining length (0 is accepted);
 *  - IPv6 extension headers hop-by-hop (0), routing (43), destination
 *    options (60), fragment (44) and AH (51) are walked, at most
 *    XSW_MAX_IP6_EXT of them; nw_proto is the first other next header
 *    (or the next header after the last one walked);
 *  - fragments (IPv4 MF or offset != 0; an IPv6 fragment header with MF or
 *    offset != 0 -- an atomic fragment, both 0, is walked like any other
 *    extension header, as OVS and RFC 6946 do): nw_frag has XSW_FRAG_ANY,
 *    plus XSW_FRAG_LATER when the offset is not 0; the L4 header is not
 *    parsed and tp_src/tp_dst stay 0 (OVS "normal" frag mode); a later
 *    IPv6 fragment leaves nw_proto 44;
 *  - L4 needs: TCP 20 bytes, UDP 8, SCTP 12, ICMP/ICMPv6 4; other
 *    protocols leave tp_* zero;
 *  - ARP: 8 bytes of fixed header (nw_proto = low byte of the opcode);
 *    when it is Ethernet/IPv4 (htype 1, ptype 0x0800, hlen 6, plen 4) all
 *    28 bytes must be there and nw_src/nw_dst are the SPA/TPA;
 *  - lengths are checked against the whole frame; headers must lie in the
 *    frame's first buffer (true for veth and tun; a header split across
 *    buffers is reported as truncated).
 */
#ifndef XSW_PARSE_H
#define XSW_PARSE_H

#include "abi.h"

enum xsw_depth {
	XSW_DEPTH_L2 = 2,
	XSW_DEPTH_L3 = 3,
	XSW_DEPTH_L4 = 4,
};

#define XSW_MAX_VLAN_TAGS 2
#define XSW_MAX_IP6_EXT 6

/* Where the parser found the headers (the differential test holds the BPF
 * parser and the reference model to the same offsets).  The actions only
 * take n_vlans, kept up to date as they push and pop tags, and find the L3
 * and L4 headers from it, since a push or pop moves them. */
struct xsw_hdrs {
	__u16 l3_off;  /* from the frame start; 0 = no L3 header parsed */
	__u16 l4_off;  /* 0 = no L4 header parsed */
	__u8 n_vlans;  /* tags between the MACs and dl_type */
	__u8 l3_proto; /* 4, 6 or 0 (ARP and others) */
	__u16 spare;
};

#endif /* XSW_PARSE_H */
