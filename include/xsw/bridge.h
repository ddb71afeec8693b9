/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Bridges as the fast path sees them.
 *
 * map xsw_bridges (ARRAY, key: __u32 bridge_id, value: struct
 *   xsw_bridge_info) - per-bridge settings, written by xswd.
 *
 * map xsw_flood (ARRAY_OF_MAPS, key: __u32 flood_group, value: a DEVMAP_HASH
 *   keyed by port_no) - one devmap per flood domain holding exactly the
 *   ports of that domain; groups from XSW_FIRST_OUTPUT_SET up are port sets
 *   of multi-output flows (actions.h, OUTPUT_SET).  Flooding is bpf_redirect_map(inner, 0,
 *   BPF_F_BROADCAST | BPF_F_EXCLUDE_INGRESS): the kernel clones the frame to
 *   every member but the ingress port, and a frame can never reach a port of
 *   another bridge because that port is in no devmap the bridge can name.
 *   Inner entries carry the xsw egress program, which counts tx per port.
 *
 * map xsw_tx_ports (DEVMAP, key: __u32 port_no) - every port, the target
 *   of unicast redirects (devmap redirects are bulked).
 */
#ifndef XSW_BRIDGE_H
#define XSW_BRIDGE_H

#include "abi.h"

/* Flood groups below this are bridges' (group = bridge id). */
#define XSW_FIRST_OUTPUT_SET XSW_MAX_BRIDGES

/* Bit 0 is retired (it was set on every configured bridge, never read). */
/* The bridge has rules: run the flow pipeline (include/xsw/cache.h)
 * instead of the plain learning bridge. */
#define XSW_BRIDGE_F_FLOWS (1U << 1)

struct xsw_bridge_info {
	__u64 mac_aging_ns; /* learned MACs older than this are not used */
	__u32 flags;        /* XSW_BRIDGE_F_* */
	__u32 depth;        /* XSW_DEPTH_*: how deep its rules look */
	__u32 upcall_rate;  /* upcalls per second per port */
	__u32 upcall_burst; /* bucket size */
};
_Static_assert(sizeof(struct xsw_bridge_info) == 24, "xsw_bridge_info layout");

#endif /* XSW_BRIDGE_H */
