/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Datapath actions: what a cached flow does to a frame, as the XDP program
 * executes it.  xswd compiles a rule's OpenFlow-style action list
 * (src/daemon/ofaction.h) into this form (src/daemon/xlate.c).
 *
 * A list is executed in order: zero or more rewrites, then at most one
 * terminal action that sends the frame (XDP can redirect a frame once).
 * No terminal action means drop (counted as "flow_drop").
 *
 *   OUTPUT      redirect to port `port` (a port_no; never the ingress port:
 *               xlate drops that, as OVS does)
 *   OUTPUT_SET  broadcast to flood group `port`, a devmap holding a set of
 *               ports (several output: actions with no rewrite between
 *               them), excluding the ingress port
 *   IN_PORT     back out of the ingress port
 *   NORMAL      the bridge's MAC-learning switch
 *   FLOOD       every port of the bridge but the ingress port, no learning
 *   UPCALL      hand every frame to xswd (actions XDP cannot run in one
 *               pass, e.g. outputs with different rewrites between them)
 *   SET_ETH_SRC/DST  mac
 *   SET_IPV4_SRC/DST ip4; IPv4 header and TCP/UDP checksums are updated
 *   SET_TP_SRC/DST   arg16 (be); TCP/UDP checksum updated (UDP checksum 0
 *                    stays 0)
 *   PUSH_VLAN   push an outer tag, TPID arg16 (be), copying the VID/PCP of
 *               the previous outer tag or 0
 *   SET_VLAN_VID set the outer tag's VID to arg16 (host), pushing an
 *               802.1Q tag first if the frame is untagged
 *   POP_VLAN    remove the outer tag, if any
 *   DEC_TTL     decrement IPv4 TTL (checksum updated) / IPv6 hop limit; a
 *               TTL of 0 or 1 drops the frame ("ttl_expired"); non-IP
 *               frames are unchanged
 */
#ifndef XSW_ACTIONS_H
#define XSW_ACTIONS_H

#include "abi.h"

enum xsw_act_type {
	XSW_ACT_OUTPUT = 1,
	XSW_ACT_OUTPUT_SET,
	XSW_ACT_IN_PORT,
	XSW_ACT_NORMAL,
	XSW_ACT_FLOOD,
	XSW_ACT_UPCALL,
	XSW_ACT_SET_ETH_SRC,
	XSW_ACT_SET_ETH_DST,
	XSW_ACT_SET_IPV4_SRC,
	XSW_ACT_SET_IPV4_DST,
	XSW_ACT_SET_TP_SRC,
	XSW_ACT_SET_TP_DST,
	XSW_ACT_PUSH_VLAN,
	XSW_ACT_SET_VLAN_VID,
	XSW_ACT_POP_VLAN,
	XSW_ACT_DEC_TTL,
	XSW_ACT__MAX,
};

struct xsw_act {
	__u16 type;  /* enum xsw_act_type */
	__u16 arg16; /* tp port / TPID (network order), VID (host order) */
	union {
		__u32 port;             /* OUTPUT: port_no; OUTPUT_SET: group */
		__be32 ip4;
		__u8 mac[XSW_ETH_ALEN];
		__u8 raw[8];
	} u;
};
_Static_assert(sizeof(struct xsw_act) == 12, "xsw_act layout");

#define XSW_MAX_ACTS 12

/* A list of actions as stored in a cached flow. */
struct xsw_acts {
	__u16 n_acts;
	__u16 flags; /* none yet */
	struct xsw_act acts[XSW_MAX_ACTS];
};
_Static_assert(sizeof(struct xsw_acts) == 4 + 12 * XSW_MAX_ACTS,
	       "xsw_acts layout");

static inline int xsw_act_is_terminal(__u16 type)
{
	return type >= XSW_ACT_OUTPUT && type <= XSW_ACT_UPCALL;
}

#endif /* XSW_ACTIONS_H */
