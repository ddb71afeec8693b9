/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The MAC-learning bridge (BPF side): learn the source, forward known
 * unicast to its port, flood the rest to the bridge's flood group.  Also
 * the sending primitives the flow actions use (output, flood).
 */
#ifndef XSW_BPF_L2_H
#define XSW_BPF_L2_H

#include <linux/if_ether.h>

#include "xsw_maps.h"
#include "xsw_stats.h"

struct xsw_l2_ctx {
	struct xdp_md *ctx;
	const struct xsw_port_info *port;
	struct xsw_port_stats *st; /* ingress port's counters, may be NULL */
	__u64 now;                 /* bpf_ktime_get_coarse_ns() */
	__u64 len;                 /* frame length, all fragments */
};

static __always_inline void xsw_fdb_key_init(struct xsw_fdb_key *k,
					     __u32 bridge_id, __u16 vlan_id,
					     const __u8 *mac)
{
	k->bridge_id = bridge_id;
	k->vlan_id = vlan_id;
	__builtin_memcpy(k->mac, mac, XSW_ETH_ALEN);
}

/* Records that the source MAC lives on the ingress port.  An entry is
 * rewritten only when the MAC moved or XSW_FDB_REFRESH_NS passed, so a busy
 * sender does not dirty the entry's cache line on every frame.  A move
 * replaces the entry as a whole (map update), so a concurrent reader never
 * sees half of it. */
static __always_inline void xsw_fdb_learn(const struct xsw_l2_ctx *c,
					  __u16 vlan_id, const __u8 *src)
{
	struct xsw_fdb_entry *e, fresh = {};
	struct xsw_fdb_key k;

	xsw_fdb_key_init(&k, c->port->bridge_id, vlan_id, src);
	e = bpf_map_lookup_elem(&xsw_fdb, &k);
	if (e && e->port_no == c->port->port_no) {
		/* Signed: another CPU may have stored a later time. */
		if ((__s64)(c->now - e->seen_ns) >= (__s64)XSW_FDB_REFRESH_NS)
			e->seen_ns = c->now;
		return;
	}
	fresh.port_no = c->port->port_no;
	fresh.seen_ns = c->now;
	bpf_map_update_elem(&xsw_fdb, &k, &fresh, BPF_ANY);
}

/* Broadcasts to flood group @group, never back out of the ingress port.
 * tx is counted per member by the egress program (xsw_egress). */
static __always_inline int xsw_send_group(const struct xsw_l2_ctx *c,
					  __u32 group)
{
	void *members = bpf_map_lookup_elem(&xsw_flood, &group);

	if (!members)
		return xsw_drop(c->st, XSW_DROP_NO_FLOOD_GROUP);
	return bpf_redirect_map(members, 0,
				BPF_F_BROADCAST | BPF_F_EXCLUDE_INGRESS);
}

/* Every other port of the bridge (flood, and NORMAL's misses). */
static __always_inline int xsw_l2_flood(const struct xsw_l2_ctx *c)
{
	if (c->st)
		c->st->flood_packets++;
	return xsw_send_group(c, c->port->flood_group);
}

/* Redirects to port @port_no and counts it as that port's tx. */
static __always_inline int xsw_send_port(const struct xsw_l2_ctx *c,
					 __u32 port_no)
{
	int ret = bpf_redirect_map(&xsw_tx_ports, port_no, 0);

	if (ret != XDP_REDIRECT)
		return xsw_drop(c->st, XSW_DROP_TX_PORT_GONE);
	xsw_count_tx(port_no, c->len);
	return ret;
}

/* actions=NORMAL on a frame with Ethernet header @eth, in VLAN @vlan_id
 * (the outer tag's VID, 0 if untagged): learn, then forward or flood. */
static __always_inline int xsw_l2_normal(const struct xsw_l2_ctx *c,
					 const struct ethhdr *eth,
					 __u16 vlan_id)
{
	const struct xsw_bridge_info *br;
	const struct xsw_fdb_entry *e;
	struct xsw_fdb_key k;
	__u32 bridge_id = c->port->bridge_id;

	xsw_fdb_learn(c, vlan_id, eth->h_source);

	if (eth->h_dest[0] & 1) /* broadcast and multicast */
		return xsw_l2_flood(c);

	br = bpf_map_lookup_elem(&xsw_bridges, &bridge_id);
	xsw_fdb_key_init(&k, bridge_id, vlan_id, eth->h_dest);
	e = bpf_map_lookup_elem(&xsw_fdb, &k);
	/* Signed: an entry refreshed by another CPU after c->now was read
	 * is fresh, not aged. */
	if (!e || !br || (__s64)(c->now - e->seen_ns) > (__s64)br->mac_aging_ns)
		return xsw_l2_flood(c);
	if (e->port_no == c->port->port_no)
		return xsw_drop(c->st, XSW_DROP_SAME_PORT);
	return xsw_send_port(c, e->port_no);
}

#endif /* XSW_BPF_L2_H */
