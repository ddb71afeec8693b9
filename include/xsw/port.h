/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Ports as the fast path sees them.
 *
 * map xsw_ports (HASH, key: __u32 ifindex, value: struct xsw_port_info)
 *   Written by xswd when a port is attached, read by the XDP program for
 *   every frame (ingress) and by the devmap egress program (tx counters).
 *   A frame arriving on an interface that runs the xsw program but has no
 *   entry here (a port being removed) is passed to the kernel stack.
 *
 * map xsw_port_stats (PERCPU_ARRAY, key: __u32 port_no, value: struct
 *   xsw_port_stats) - counters, written only by BPF, summed over CPUs by
 *   xswd.  Slot 0 collects what cannot be billed to a port.
 */
#ifndef XSW_PORT_H
#define XSW_PORT_H

#include "abi.h"
#include "drop.h"

struct xsw_port_info {
	__u32 port_no;     /* 1..XSW_MAX_PORTS-1, stable across restarts */
	__u32 bridge_id;   /* 1..XSW_MAX_BRIDGES-1 */
	__u32 flood_group; /* index into xsw_flood */
	__u32 flags;       /* XSW_PORT_F_*, none defined yet */
};
_Static_assert(sizeof(struct xsw_port_info) == 16, "xsw_port_info layout");

struct xsw_port_stats {
	__u64 rx_packets; /* frames received and accepted by the switch */
	__u64 rx_bytes;
	__u64 tx_packets; /* frames sent out of this port */
	__u64 tx_bytes;
	__u64 flood_packets; /* received frames that were flooded */
	__u64 upcall_packets; /* received frames sent to xswd (cache misses) */
	__u64 spare[2];      /* room for counters without a layout change */
	__u64 drops[XSW_DROP_SLOTS]; /* received frames dropped, by reason */
};
_Static_assert(sizeof(struct xsw_port_stats) == 8 * (8 + XSW_DROP_SLOTS),
	       "xsw_port_stats layout");

#endif /* XSW_PORT_H */
