/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Map definitions of the xsw XDP programs (BPF side only).  What each map
 * holds, who writes it and who reads it is specified with its key/value
 * structs in include/xsw/.  xswd pins every map under its pin directory
 * (default /sys/fs/bpf/xsw/maps/<name>) so the fast path and its learned
 * state outlive the daemon.
 */
#ifndef XSW_BPF_MAPS_H
#define XSW_BPF_MAPS_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include <xsw/abi.h>
#include <xsw/bridge.h>
#include <xsw/fdb.h>
#include <xsw/port.h>
#include <xsw/cache.h>

/* Entry 0: the XSW_ABI_VERSION of the xswd that created the pinned maps.
 * Not read by the programs; a pinned set of another version is not
 * reused (include/xsw/abi.h). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} xsw_abi SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, XSW_MAX_PORTS);
	__type(key, __u32); /* ifindex */
	__type(value, struct xsw_port_info);
} xsw_ports SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, XSW_MAX_PORTS);
	__type(key, __u32); /* port_no */
	__type(value, struct xsw_port_stats);
} xsw_port_stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, XSW_MAX_BRIDGES);
	__type(key, __u32); /* bridge_id */
	__type(value, struct xsw_bridge_info);
} xsw_bridges SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, XSW_FDB_ENTRIES);
	__type(key, struct xsw_fdb_key);
	__type(value, struct xsw_fdb_entry);
} xsw_fdb SEC(".maps");

/* Unicast targets: every port, keyed by port_no. */
struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, XSW_MAX_PORTS);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(struct bpf_devmap_val));
} xsw_tx_ports SEC(".maps");

/* Template of a flood group: the ports of one flood domain. */
struct xsw_flood_group_map {
	__uint(type, BPF_MAP_TYPE_DEVMAP_HASH);
	__uint(max_entries, XSW_MAX_PORTS);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(struct bpf_devmap_val));
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, XSW_MAX_FLOOD_GROUPS);
	__type(key, __u32); /* flood_group */
	__array(values, struct xsw_flood_group_map);
} xsw_flood SEC(".maps");

/* The flow pipeline's caches and upcall channel: include/xsw/cache.h.
 * Sizes marked "set by xswd" are changed before load. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, XSW_MAX_MASKS);
	__type(key, __u32);
	__type(value, struct xsw_flow_key);
} xsw_masks SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, XSW_MAX_BRIDGES);
	__type(key, __u32);
	__type(value, struct xsw_mask_list);
} xsw_bridge_masks SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, XSW_DEFAULT_MEGAFLOWS); /* set by xswd */
	__type(key, struct xsw_mf_key);
	__type(value, __u32);
} xsw_mf_index SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, XSW_DEFAULT_MEGAFLOWS); /* set by xswd */
	__type(key, __u32);
	__type(value, struct xsw_flow);
} xsw_flows SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, XSW_DEFAULT_MEGAFLOWS); /* set by xswd */
	__type(key, __u32);
	__type(value, struct xsw_flow_stats);
} xsw_flow_stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(map_flags, BPF_F_NO_COMMON_LRU);
	__uint(max_entries, XSW_DEFAULT_EMC_ENTRIES); /* set by xswd */
	__type(key, struct xsw_flow_key);
	__type(value, struct xsw_emc_entry);
} xsw_emc SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, XSW_MAX_MASKS);
	__type(key, __u32);
	__type(value, __u64);
} xsw_mask_hits SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, XSW_DEFAULT_UPCALL_RING); /* set by xswd */
} xsw_upcalls SEC(".maps");

struct xsw_upcall_limit {
	struct bpf_spin_lock lock;
	__u32 spare;
	struct xsw_upcall_bucket b;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, XSW_MAX_PORTS);
	__type(key, __u32);
	__type(value, struct xsw_upcall_limit);
} xsw_upcall_limits SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, XSW_EXEC_BATCH);
	__type(key, __u32);
	__type(value, struct xsw_exec_entry);
} xsw_exec_queue SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} xsw_exec_cursor SEC(".maps");

#endif /* XSW_BPF_MAPS_H */
