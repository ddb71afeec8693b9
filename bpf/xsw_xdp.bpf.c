// SPDX-License-Identifier: GPL-2.0
/*
 * The xsw fast path.  xsw_ingress runs in native XDP on every switch port;
 * xsw_egress runs as the devmap program of every flood-group member.
 * Both are "xdp.frags" programs, so ports with jumbo MTUs work (the parser
 * only reads headers, which are in the first buffer).
 *
 * A bridge without rules is a plain learning bridge: Ethernet and VLAN
 * parsing, learn, forward (xsw_l2.h).  A bridge with rules runs the flow
 * pipeline: extract the flow key as deep as its rules need
 * (xsw_flow_key.h), look it up in the caches (xsw_cache.h), run the cached
 * actions (xsw_actions.h), or on a miss hand the frame to xswd
 * (xsw_upcall.h), which sends it on later as an execution request.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "xsw_actions.h"
#include "xsw_cache.h"
#include "xsw_flow_key.h"
#include "xsw_l2.h"
#include "xsw_parse.h"
#include "xsw_upcall.h"

/* Set by xswd at load time (random): marks its execution requests. */
volatile const __u64 xsw_exec_magic = 0;

/* Is this frame an execution request from xswd?  Then *flow_idx is the
 * flow slot to run, and the request's metadata is removed. */
static __always_inline int xsw_exec_request(struct xdp_md *ctx,
					    __u32 *flow_idx)
{
	void *data = (void *)(long)ctx->data;
	struct xsw_exec_meta *m = (void *)(long)ctx->data_meta;

	if ((void *)(m + 1) > data || !xsw_exec_magic ||
	    m->magic != xsw_exec_magic)
		return 0;
	*flow_idx = m->flow_idx;
	bpf_xdp_adjust_meta(ctx, (int)sizeof(*m));
	return 1;
}

/* A batched execution request (include/xsw/cache.h): repetition i of the
 * run becomes queued frame i, and *flow_idx its flow.  Non-zero if there
 * is no such frame.  xswd runs batches through this program (not one of
 * their own) because it is attached to the ports: the kernel then needs
 * no change of its XDP dispatcher, which costs two RCU grace periods. */
static __always_inline int xsw_exec_batch_frame(struct xdp_md *ctx,
						__u32 *flow_idx)
{
	struct xsw_exec_entry *e;
	__u32 zero = 0, i, len;
	__u32 *cursor;
	void *data;

	cursor = bpf_map_lookup_elem(&xsw_exec_cursor, &zero);
	if (!cursor)
		return -1;
	i = (*cursor)++;
	e = bpf_map_lookup_elem(&xsw_exec_queue, &i);
	if (!e)
		return -1;
	/* The run's frame is as long as the batch's longest: cut it to this
	 * entry's length, then write the entry's bytes over it. */
	len = ((e->len - 1) & (XSW_UPCALL_CAP - 1)) + 1;
	data = (void *)(long)ctx->data;
	if (bpf_xdp_adjust_tail(ctx, (int)len -
					     (int)((void *)(long)ctx->data_end - data)) ||
	    bpf_xdp_store_bytes(ctx, 0, e->frame, len))
		return -1;
	*flow_idx = e->flow_idx;
	return 0;
}

static __always_inline void xsw_count_rx(const struct xsw_l2_ctx *c)
{
	if (c->st) {
		c->st->rx_packets++;
		c->st->rx_bytes += c->len;
	}
}

/* A bridge without rules: the learning bridge. */
static __always_inline int xsw_plain_bridge(struct xsw_l2_ctx *c)
{
	enum xsw_drop_reason why;
	struct xsw_pkt p;

	why = xsw_parse_l2(c->ctx, &p);
	if (why != XSW_DROP_NONE)
		return xsw_drop(c->st, why);
	xsw_count_rx(c);
	return xsw_l2_normal(c, p.eth, p.vlan_id);
}

static __always_inline int xsw_flow_pipeline(struct xsw_l2_ctx *c,
					     const struct xsw_bridge_info *br,
					     int is_exec, __u32 exec_idx)
{
	enum xsw_drop_reason why;
	struct xsw_flow_key key;
	struct xsw_exec_state s;
	struct xsw_mf_key mk;
	struct xsw_hdrs hdrs;
	struct xsw_hit hit;

	why = xsw_flow_extract(c->ctx, c->port->port_no,
			       is_exec ? XSW_DEPTH_L2 : br->depth, &key, &hdrs);
	if (why != XSW_DROP_NONE)
		return xsw_drop(c->st, why);
	if (is_exec) {
		hit.idx = exec_idx;
		hit.flow = bpf_map_lookup_elem(&xsw_flows, &hit.idx);
		if (!hit.flow)
			return xsw_drop(c->st, XSW_DROP_ACTION_FAILED);
	} else if (!xsw_cache_lookup(&key, c->port->bridge_id, &mk, &hit)) {
		/* Counted as received when xswd sends it on. */
		return xsw_upcall(c, br, XSW_UPCALL_MISS, 0);
	}
	xsw_count_rx(c);
	xsw_flow_count(hit.idx, c->len, c->now);
	s.port_no = c->port->port_no;
	s.bridge_id = c->port->bridge_id;
	s.flood_group = c->port->flood_group;
	s.flow_idx = hit.idx;
	s.len = c->len;
	s.now = c->now;
	s.dl_type = key.dl_type;
	s.n_vlans = hdrs.n_vlans;
	s.is_exec = (__u8)is_exec;
	s.spare = 0;
	return xsw_execute(c->ctx, &s, &hit.flow->acts);
}

SEC("xdp.frags")
int xsw_ingress(struct xdp_md *ctx)
{
	__u32 ifindex = ctx->ingress_ifindex, exec_idx = 0, bridge_id;
	const struct xsw_bridge_info *br;
	const struct xsw_port_info *port;
	struct xsw_l2_ctx c;
	int is_exec;

	port = bpf_map_lookup_elem(&xsw_ports, &ifindex);
	if (!port) /* not (or no longer) a port: leave it to the kernel */
		return XDP_PASS;
	bridge_id = port->bridge_id;
	br = bpf_map_lookup_elem(&xsw_bridges, &bridge_id);
	if (!br)
		return XDP_PASS;

	is_exec = xsw_exec_request(ctx, &exec_idx);
	if (is_exec && exec_idx == XSW_EXEC_BATCH_MARK &&
	    xsw_exec_batch_frame(ctx, &exec_idx))
		return XDP_DROP;
	c.ctx = ctx;
	c.port = port;
	c.st = xsw_stats_of(port->port_no);
	c.len = bpf_xdp_get_buff_len(ctx);
	c.now = bpf_ktime_get_coarse_ns();
	if (!is_exec && !(br->flags & XSW_BRIDGE_F_FLOWS))
		return xsw_plain_bridge(&c);
	return xsw_flow_pipeline(&c, br, is_exec, exec_idx);
}

SEC("xdp.frags/devmap")
int xsw_egress(struct xdp_md *ctx)
{
	__u32 ifindex = ctx->egress_ifindex;
	const struct xsw_port_info *port;

	port = bpf_map_lookup_elem(&xsw_ports, &ifindex);
	if (port)
		xsw_count_tx(port->port_no, bpf_xdp_get_buff_len(ctx));
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
