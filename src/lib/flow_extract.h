/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Flow key extraction, userspace reference model.
 *
 * The contract is include/xsw/parse.h; the fast path implements it in
 * bpf/xsw_flow_key.h, and tests/bpf/test_parse_diff.c checks that both give
 * the same drop reason, and when there is none the same key and headers, for
 * any frame.  This one is written for clarity, not speed, and is safe on any
 * input (xswd re-extracts the keys of upcalled frames with it).
 *
 * Where parse.h is silent, both implementations do this:
 *  - Checks run in frame order and the first failing one names the drop.
 *    Within a header the fixed part must be present before anything in it
 *    is judged: 19 bytes of IPv4 header with version 6 are TRUNCATED_IP,
 *    not BAD_IP_HEADER.  IPv4: 20 bytes, version, IHL >= 5, IHL*4 bytes,
 *    total length >= IHL*4, total length <= rest of the frame.  IPv6: 40
 *    bytes, version, payload length <= rest of the frame.
 *  - The IP header's length field ends the packet (as OVS: "never pull
 *    padding"): extension headers and the L4 header must lie within the
 *    IPv4 total length / IPv6 payload length.  An IPv6 payload length of 0
 *    is accepted and means an empty payload.
 *  - A header must lie wholly in the first buffer, extension headers
 *    included (their whole length, not only the bytes read).
 *  - IPv6 fragment header: as OVS and RFC 6946, a fragment is a header
 *    whose offset or M flag is not 0; an atomic fragment (both 0) is walked
 *    like any extension header and the L4 header after it is parsed.  The
 *    two reserved bits are ignored.  A later fragment stops the walk with
 *    nw_proto = 44 (IPPROTO_FRAGMENT), as in OVS.  nw_frag accumulates over
 *    several fragment headers.
 *  - ICMP is L4 only in IPv4 (protocol 1), ICMPv6 only in IPv6 (58), as in
 *    OVS; the other way round they are "other protocols".
 *  - ARP means EtherType 0x0806 only (RARP is an other EtherType); the
 *    8-byte fixed header must be in the first buffer, the Ethernet/IPv4
 *    body too (28 bytes).
 *  - dl_type is the raw EtherType, also below 0x0600 (802.3 length field;
 *    OVS would map those to 0x05ff after an LLC/SNAP parse).
 *  - hdrs.l3_off and l3_proto are set only when the L3 header was parsed
 *    (depth >= L3 and IPv4, IPv6 or ARP); hdrs.l4_off only when the L4
 *    header was (depth L4, TCP/UDP/SCTP/ICMP/ICMPv6, not a fragment);
 *    hdrs.n_vlans at every depth.
 *  - A depth below XSW_DEPTH_L2 acts as L2, one above XSW_DEPTH_L4 as L4.
 *  - On a drop the key and hdrs hold whatever was filled so far; only the
 *    reason is part of the contract.
 */
#ifndef XSW_FLOW_EXTRACT_H
#define XSW_FLOW_EXTRACT_H

#include <stddef.h>
#include <stdint.h>

#include <xsw/drop.h>
#include <xsw/flow.h>
#include <xsw/parse.h>

/* Extracts the key of the @len-byte @frame, received on @in_port, down to
 * @depth (enum xsw_depth).  Zeroes @key and @hdrs first.  Returns
 * XSW_DROP_NONE or the drop reason (enum xsw_drop_reason, never negative). */
int xsw_flow_extract_ref(const uint8_t *frame, size_t len, uint32_t in_port,
			 unsigned int depth, struct xsw_flow_key *key,
			 struct xsw_hdrs *hdrs);

/* The same for an XDP multi-buffer frame whose first buffer holds only the
 * first @head_len bytes (@head_len >= @len means all of it): headers must lie
 * there, lengths are checked against @len.  Only the first @head_len bytes
 * are read, so @frame may be a capture of that many bytes of a longer frame
 * (an upcall); a capture shorter than the first buffer the datapath saw
 * can make a long header chain "truncated" here and not there. */
int xsw_flow_extract_ref_mb(const uint8_t *frame, size_t len, size_t head_len,
			    uint32_t in_port, unsigned int depth,
			    struct xsw_flow_key *key, struct xsw_hdrs *hdrs);

#endif /* XSW_FLOW_EXTRACT_H */
