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

/* Known-unicast targets: every port, keyed by ifindex. */
struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP_HASH);
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

#endif /* XSW_BPF_MAPS_H */
