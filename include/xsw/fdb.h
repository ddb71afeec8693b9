/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The forwarding database: learned MAC -> port, per bridge and VLAN.
 *
 * map xsw_fdb (LRU_HASH, key: struct xsw_fdb_key, value: struct
 *   xsw_fdb_entry, XSW_FDB_ENTRIES entries)
 *   Written by the XDP program as it learns (source MAC of every accepted
 *   frame), read by it to forward, aged and flushed by xswd.  Aging does not
 *   need xswd: the fast path ignores an entry older than the bridge's
 *   mac_aging_ns, so while xswd is down stale entries only cost a flood;
 *   xswd deletes them when it runs.  An LRU map: a full table evicts the
 *   least recently used MAC rather than refusing to learn.
 */
#ifndef XSW_FDB_H
#define XSW_FDB_H

#include "abi.h"

struct xsw_fdb_key {
	__u32 bridge_id;
	__u16 vlan_id; /* host order, 0 = untagged / native */
	__u8 mac[XSW_ETH_ALEN];
};
_Static_assert(sizeof(struct xsw_fdb_key) == 12, "xsw_fdb_key layout");

struct xsw_fdb_entry {
	__u32 port_no; /* where frames for this MAC go (xsw_tx_ports key) */
	__u32 spare;
	__u64 seen_ns; /* CLOCK_MONOTONIC (coarse) when last seen as source */
};
_Static_assert(sizeof(struct xsw_fdb_entry) == 16, "xsw_fdb_entry layout");

#endif /* XSW_FDB_H */
