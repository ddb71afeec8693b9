/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Drop reasons: every frame the fast path drops is counted per port, per CPU,
 * under one of these names.  `xsw stats` prints them by name, so a user who
 * asks "where did my packet go?" gets an answer.
 *
 * The list is an X-macro so that BPF (the enum) and userspace (the names and
 * descriptions) share one definition.  Append only: the value of a reason is
 * its slot in xsw_port_stats.drops[], which lives in a pinned map.
 */
#ifndef XSW_DROP_H
#define XSW_DROP_H

/* X(ENUM_SUFFIX, "name", "what it means") */
#define XSW_DROP_REASONS(X)                                                   \
	X(RUNT, "runt", "frame shorter than an Ethernet header")              \
	X(BAD_SRC_MAC, "bad_src_mac",                                         \
	  "source MAC is multicast, broadcast or all-zero")                    \
	X(TRUNCATED_VLAN, "truncated_vlan",                                   \
	  "802.1Q/802.1ad tag cut short by the end of the frame")             \
	X(SAME_PORT, "same_port",                                             \
	  "destination MAC was learned on the ingress port")                  \
	X(TX_PORT_GONE, "tx_port_gone",                                       \
	  "destination port was removed while the frame was in flight")       \
	X(NO_FLOOD_GROUP, "no_flood_group",                                   \
	  "the bridge has no flood group (bridge being deleted)")             \
	X(TRUNCATED_IP, "truncated_ip",                                       \
	  "IPv4 header, its options or its total length cut short")           \
	X(BAD_IP_HEADER, "bad_ip_header",                                     \
	  "IPv4 header with version != 4, IHL < 5 or total length < IHL")     \
	X(TRUNCATED_IP6, "truncated_ip6",                                     \
	  "IPv6 header, an extension header or the payload cut short")        \
	X(BAD_IP6_HEADER, "bad_ip6_header", "IPv6 header with version != 6")  \
	X(TRUNCATED_L4, "truncated_l4",                                       \
	  "TCP, UDP or ICMP header cut short")                                \
	X(TRUNCATED_ARP, "truncated_arp", "ARP header cut short")             \
	X(FLOW_DROP, "flow_drop", "a flow rule's actions drop it")            \
	X(UPCALL_RATELIMITED, "upcall_ratelimited",                           \
	  "new flow over the port's upcall rate limit")                       \
	X(UPCALL_QUEUE_FULL, "upcall_queue_full",                             \
	  "new flow while the upcall queue to xswd was full")                 \
	X(TTL_EXPIRED, "ttl_expired", "dec_ttl on a TTL or hop limit of 0 or 1") \
	X(ACTION_FAILED, "action_failed",                                     \
	  "an action could not be applied to the frame")

enum xsw_drop_reason {
	XSW_DROP_NONE = 0, /* slot 0 is never counted */
#define XSW_DROP_ENUM_(e, name, desc) XSW_DROP_##e,
	XSW_DROP_REASONS(XSW_DROP_ENUM_)
#undef XSW_DROP_ENUM_
	XSW_DROP__COUNT,
};

/* Slots reserved in the pinned stats map; reasons may be added up to this. */
#define XSW_DROP_SLOTS 32
_Static_assert(XSW_DROP__COUNT <= XSW_DROP_SLOTS, "too many drop reasons");

#endif /* XSW_DROP_H */
