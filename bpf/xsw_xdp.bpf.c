// SPDX-License-Identifier: GPL-2.0
/*
 * The xsw fast path.  xsw_ingress runs in native XDP on every switch port;
 * xsw_egress runs as the devmap program of every flood-group member.
 * Both are "xdp.frags" programs, so ports with jumbo MTUs work (the parser
 * only reads headers, which are in the first buffer).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "xsw_l2.h"
#include "xsw_parse.h"

SEC("xdp.frags")
int xsw_ingress(struct xdp_md *ctx)
{
	__u32 ifindex = ctx->ingress_ifindex;
	const struct xsw_port_info *port;
	enum xsw_drop_reason why;
	struct xsw_l2_ctx c;
	struct xsw_pkt p;

	port = bpf_map_lookup_elem(&xsw_ports, &ifindex);
	if (!port) /* not (or no longer) a port: leave it to the kernel */
		return XDP_PASS;

	c.ctx = ctx;
	c.port = port;
	c.st = xsw_stats_of(port->port_no);
	c.len = bpf_xdp_get_buff_len(ctx);

	why = xsw_parse_l2(ctx, &p);
	if (why != XSW_DROP_NONE)
		return xsw_drop(c.st, why);
	if (c.st) {
		c.st->rx_packets++;
		c.st->rx_bytes += c.len;
	}
	c.now = bpf_ktime_get_coarse_ns();
	return xsw_l2_normal(&c, p.eth, p.vlan_id);
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
