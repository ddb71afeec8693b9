/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Rule actions and flow specs, as xswd holds them in userspace.
 *
 * A flow spec is what one ovs-ofctl style string says (see flow_syntax.h):
 * a match, the rule's priority, timeouts and cookie, and an action list.
 * The same struct carries a del-flows/dump-flows filter (match, cookie under
 * a mask, out_port) and a mod-flows request (filter plus new actions).  The
 * datapath compiler turns a rule's spec into BPF map entries; nothing here
 * is shared with BPF.
 *
 * Action semantics (OpenFlow "apply-actions", as Open vSwitch runs them):
 * actions run in list order on one packet; every OUTPUT/NORMAL/FLOOD/IN_PORT
 * sends the packet as modified so far, later SET_* apply to later outputs
 * only.  An empty list drops the packet ("actions=drop" or "actions=").
 *
 *   OUTPUT        send out port_no.  As in OVS, output to the port the packet
 *                 came in on does nothing (use IN_PORT for that).
 *   NORMAL        the bridge's L2 learning switch (FDB lookup, flood on miss).
 *   FLOOD         every port of the bridge except the ingress port.
 *   IN_PORT       back out of the ingress port.
 *   SET_DL_SRC/DST   rewrite the Ethernet source/destination (mod_dl_src/dst).
 *   SET_NW_SRC/DST   rewrite the IPv4 source/destination, fixing the IPv4 and
 *                 the TCP/UDP checksums (mod_nw_src/dst; needs an IPv4 match).
 *   SET_TP_SRC/DST   rewrite the TCP/UDP port, fixing the checksum
 *                 (mod_tp_src/dst; needs a TCP or UDP match).
 *   PUSH_VLAN     push a new outer tag with this TPID (0x8100 or 0x88a8).
 *                 As in OpenFlow, the new tag copies VID and PCP of the tag
 *                 that was outermost, or is 0 when the frame was untagged;
 *                 follow it with SET_VLAN_VID to choose the VID.
 *   SET_VLAN_VID  set the VID of the outer tag.  As OVS mod_vlan_vid: on an
 *                 untagged frame it first pushes an 802.1Q tag (TPID 0x8100,
 *                 PCP 0), so "actions=mod_vlan_vid:10,output:2" tags.
 *   STRIP_VLAN    pop the outer tag if there is one (strip_vlan, pop_vlan).
 *   DEC_TTL       decrement the IPv4 TTL (fixing the checksum) or the IPv6
 *                 hop limit.  OVS sends a packet whose TTL would reach 0 to
 *                 the controller; xsw has none, so the datapath drops it.
 *                 Non-IP packets pass unchanged, as in OVS.
 *
 * Byte order: port_no and vid are host order numbers; everything that is
 * copied into a header (addresses, L4 ports, TPID) is in network order, as
 * in struct xsw_flow_key.
 */
#ifndef XSW_DAEMON_OFACTION_H
#define XSW_DAEMON_OFACTION_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <linux/types.h>

#include "lib/match.h"

#define XSW_MAX_OFACTIONS 32
#define XSW_DEFAULT_PRIORITY 32768 /* as OFP_DEFAULT_PRIORITY */

enum xsw_ofaction_type {
	XSW_OFACT_OUTPUT = 1,  /* port_no */
	XSW_OFACT_NORMAL,
	XSW_OFACT_FLOOD,
	XSW_OFACT_IN_PORT,
	XSW_OFACT_SET_DL_SRC,  /* mac */
	XSW_OFACT_SET_DL_DST,  /* mac */
	XSW_OFACT_SET_NW_SRC,  /* ip4 */
	XSW_OFACT_SET_NW_DST,  /* ip4 */
	XSW_OFACT_SET_TP_SRC,  /* tp_port */
	XSW_OFACT_SET_TP_DST,  /* tp_port */
	XSW_OFACT_PUSH_VLAN,   /* tpid */
	XSW_OFACT_SET_VLAN_VID, /* vid */
	XSW_OFACT_STRIP_VLAN,
	XSW_OFACT_DEC_TTL,
	XSW_OFACT_N_TYPES
};

struct xsw_ofaction {
	enum xsw_ofaction_type type;
	union {
		__u32 port_no;          /* OUTPUT: 1..XSW_MAX_PORTS-1 */
		__u8 mac[XSW_ETH_ALEN]; /* SET_DL_SRC, SET_DL_DST */
		__be32 ip4;             /* SET_NW_SRC, SET_NW_DST */
		__be16 tp_port;         /* SET_TP_SRC, SET_TP_DST */
		__be16 tpid;            /* PUSH_VLAN: 0x8100 or 0x88a8 */
		__u16 vid;              /* SET_VLAN_VID: 0..4095 */
	};
};

/* An action list; n_actions == 0 means drop. */
struct xsw_ofactions {
	unsigned int n_actions;
	struct xsw_ofaction actions[XSW_MAX_OFACTIONS];
};

/* xsw_flow_spec.flags */
#define XSW_FLOW_F_SET_COOKIE (1U << 0) /* mod-flows: "cookie=N" replaces the
					 * matched rules' cookie with @cookie */

/*
 * One flow string, parsed.  Which members a string may set depends on the
 * parse mode (enum flow_mode in flow_syntax.h):
 *
 *                 ADD (add-flow)   MODIFY (mod-flows)   FILTER (del/dump)
 *   match         yes              yes (selects rules)  yes
 *   priority      yes              yes                  with --strict only
 *   idle/hard_timeout yes          yes                  no
 *   cookie        rule's cookie    new cookie if        no
 *                                  XSW_FLOW_F_SET_COOKIE
 *   cookie_match/cookie_mask no    yes                  yes
 *   out_port      no               no                   yes
 *   actions       yes (required)   yes (required)       no
 *
 * Members a mode does not use stay at their xsw_flow_spec_init() value.
 */
struct xsw_flow_spec {
	struct xsw_match match;
	__u64 cookie;       /* see the table above */
	__u64 cookie_match; /* select rules with (cookie & mask) == match; */
	__u64 cookie_mask;  /* kept pre-masked; mask 0 = any cookie */
	__u32 out_port;     /* FILTER: rules that output to it; 0 = any */
	__u16 priority;     /* XSW_DEFAULT_PRIORITY unless given */
	__u16 idle_timeout; /* seconds, 0 = never */
	__u16 hard_timeout; /* seconds, 0 = never */
	__u16 flags;        /* XSW_FLOW_F_* */
	struct xsw_ofactions actions;
};

static inline void xsw_flow_spec_init(struct xsw_flow_spec *spec)
{
	memset(spec, 0, sizeof(*spec));
	spec->priority = XSW_DEFAULT_PRIORITY;
}

static inline bool xsw_ofaction_equal(const struct xsw_ofaction *a,
				      const struct xsw_ofaction *b)
{
	if (a->type != b->type)
		return false;
	switch (a->type) {
	case XSW_OFACT_OUTPUT:
		return a->port_no == b->port_no;
	case XSW_OFACT_SET_DL_SRC:
	case XSW_OFACT_SET_DL_DST:
		return !memcmp(a->mac, b->mac, sizeof(a->mac));
	case XSW_OFACT_SET_NW_SRC:
	case XSW_OFACT_SET_NW_DST:
		return a->ip4 == b->ip4;
	case XSW_OFACT_SET_TP_SRC:
	case XSW_OFACT_SET_TP_DST:
		return a->tp_port == b->tp_port;
	case XSW_OFACT_PUSH_VLAN:
		return a->tpid == b->tpid;
	case XSW_OFACT_SET_VLAN_VID:
		return a->vid == b->vid;
	default:
		return true;
	}
}

static inline bool xsw_ofactions_equal(const struct xsw_ofactions *a,
				       const struct xsw_ofactions *b)
{
	if (a->n_actions != b->n_actions)
		return false;
	for (unsigned int i = 0; i < a->n_actions; i++)
		if (!xsw_ofaction_equal(&a->actions[i], &b->actions[i]))
			return false;
	return true;
}

static inline bool xsw_flow_spec_equal(const struct xsw_flow_spec *a,
				       const struct xsw_flow_spec *b)
{
	return xsw_match_equal(&a->match, &b->match) &&
	       a->cookie == b->cookie && a->cookie_match == b->cookie_match &&
	       a->cookie_mask == b->cookie_mask && a->out_port == b->out_port &&
	       a->priority == b->priority &&
	       a->idle_timeout == b->idle_timeout &&
	       a->hard_timeout == b->hard_timeout && a->flags == b->flags &&
	       xsw_ofactions_equal(&a->actions, &b->actions);
}

#endif /* XSW_DAEMON_OFACTION_H */
