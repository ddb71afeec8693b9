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
	  "the bridge has no flood group (bridge being deleted)")

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
