/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Per-port, per-CPU counters (BPF side). */
#ifndef XSW_BPF_STATS_H
#define XSW_BPF_STATS_H

#include "xsw_maps.h"

static __always_inline struct xsw_port_stats *xsw_stats_of(__u32 port_no)
{
	return bpf_map_lookup_elem(&xsw_port_stats, &port_no);
}

/* Counts a dropped frame against the port it arrived on; returns XDP_DROP
 * so callers can `return xsw_drop(...)`. */
static __always_inline int xsw_drop(struct xsw_port_stats *st,
				    enum xsw_drop_reason reason)
{
	if (st && reason < XSW_DROP_SLOTS)
		st->drops[reason]++;
	return XDP_DROP;
}

static __always_inline void xsw_count_tx(__u32 port_no, __u64 bytes)
{
	struct xsw_port_stats *st = xsw_stats_of(port_no);

	if (st) {
		st->tx_packets++;
		st->tx_bytes += bytes;
	}
}

#endif /* XSW_BPF_STATS_H */
