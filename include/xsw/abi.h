/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * xsw shared ABI: limits and conventions for every struct that crosses the
 * BPF / userspace boundary.
 *
 * Rules for everything under include/xsw/ (read by clang -target bpf and by
 * gcc for userspace):
 *  - fixed-width types only (__u8 .. __u64, __be16, __be32), explicit padding,
 *    a _Static_assert on every size;
 *  - byte order is stated per field: "be" = network order as on the wire,
 *    everything else is host order;
 *  - maps are pinned and outlive an xswd upgrade: add fields at the end, never
 *    reuse a retired field, bump XSW_ABI_VERSION when a layout changes.  The
 *    pinned xsw_abi map records the version that made the pinned maps; xswd
 *    recreates them all when it differs, and any map whose size or type no
 *    longer matches (losing only what the config store cannot rebuild:
 *    learned MACs and cached flows).
 */
#ifndef XSW_ABI_H
#define XSW_ABI_H

#include <linux/types.h>

#define XSW_ABI_VERSION 2

/* Port numbers index the per-port arrays; 0 means "no port". */
#define XSW_MAX_PORTS 1024
/* Bridge ids index xsw_bridges; 0 means "no bridge". */
#define XSW_MAX_BRIDGES 256
/* Flood groups index xsw_flood (one group per bridge today, per VLAN later). */
#define XSW_MAX_FLOOD_GROUPS 4096
/* Learned MACs over all bridges; an LRU map, so a full table evicts the
 * least recently used entry instead of refusing to learn. */
#define XSW_FDB_ENTRIES 65536

#define XSW_NSEC_PER_SEC 1000000000ULL
#define XSW_DEFAULT_MAC_AGING_SEC 300
#define XSW_MAX_MAC_AGING_SEC 1000000
/* Upper bounds of the other bridge settings (set-bridge, the config file). */
#define XSW_MAX_IDLE_SEC_LIMIT 86400
#define XSW_MAX_UPCALL_RATE 10000000
#define XSW_MAX_UPCALL_BURST 10000000
/* A learned entry is rewritten at most this often per MAC, so a busy
 * sender does not bounce the entry's cache line between CPUs. */
#define XSW_FDB_REFRESH_NS (1ULL * XSW_NSEC_PER_SEC)

#define XSW_ETH_ALEN 6

#endif /* XSW_ABI_H */
