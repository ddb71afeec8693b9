/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The MAC-learning bridge (BPF side): learn the source, forward known
 * unicast to its port, flood the rest to the bridge's flood group.
 */
#ifndef XSW_BPF_L2_H
#define XSW_BPF_L2_H

#include "xsw_maps.h"
#include "xsw_parse.h"
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
 * sees the new ifindex with the old port_no. */
static __always_inline void xsw_fdb_learn(const struct xsw_l2_ctx *c,
					  const struct xsw_pkt *p)
{
	__u32 ifindex = c->ctx->ingress_ifindex;
	struct xsw_fdb_entry *e, fresh;
	struct xsw_fdb_key k;

	xsw_fdb_key_init(&k, c->port->bridge_id, p->vlan_id, p->eth->h_source);
	e = bpf_map_lookup_elem(&xsw_fdb, &k);
	if (e && e->ifindex == ifindex) {
		if (c->now - e->seen_ns >= XSW_FDB_REFRESH_NS)
			e->seen_ns = c->now;
		return;
	}
	fresh.ifindex = ifindex;
	fresh.port_no = c->port->port_no;
	fresh.seen_ns = c->now;
	bpf_map_update_elem(&xsw_fdb, &k, &fresh, BPF_ANY);
}

static __always_inline int xsw_l2_flood(const struct xsw_l2_ctx *c)
{
	__u32 group = c->port->flood_group;
	void *members = bpf_map_lookup_elem(&xsw_flood, &group);

	if (!members)
		return xsw_drop(c->st, XSW_DROP_NO_FLOOD_GROUP);
	if (c->st)
		c->st->flood_packets++;
	/* tx is counted per member by the egress program (xsw_egress). */
	return bpf_redirect_map(members, 0,
				BPF_F_BROADCAST | BPF_F_EXCLUDE_INGRESS);
}

/* actions=NORMAL: learn, then forward or flood. */
static __always_inline int xsw_l2_normal(const struct xsw_l2_ctx *c,
					 const struct xsw_pkt *p)
{
	const struct xsw_bridge_info *br;
	const struct xsw_fdb_entry *e;
	struct xsw_fdb_key k;
	__u32 bridge_id = c->port->bridge_id;
	int ret;

	xsw_fdb_learn(c, p);

	if (p->eth->h_dest[0] & 1) /* broadcast and multicast */
		return xsw_l2_flood(c);

	br = bpf_map_lookup_elem(&xsw_bridges, &bridge_id);
	xsw_fdb_key_init(&k, bridge_id, p->vlan_id, p->eth->h_dest);
	e = bpf_map_lookup_elem(&xsw_fdb, &k);
	if (!e || !br || c->now - e->seen_ns > br->mac_aging_ns)
		return xsw_l2_flood(c);
	if (e->ifindex == c->ctx->ingress_ifindex)
		return xsw_drop(c->st, XSW_DROP_SAME_PORT);

	ret = bpf_redirect_map(&xsw_tx_ports, e->ifindex, 0);
	if (ret != XDP_REDIRECT)
		return xsw_drop(c->st, XSW_DROP_TX_PORT_GONE);
	xsw_count_tx(e->port_no, c->len);
	return ret;
}

#endif /* XSW_BPF_L2_H */
