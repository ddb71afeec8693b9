/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Executing a cached flow's actions (BPF side).  Semantics of each action:
 * include/xsw/actions.h.  Rewrites change the frame in place and keep the
 * IPv4 and TCP/UDP checksums right by incremental update (RFC 1624); VLAN
 * push/pop move the MAC addresses and grow/shrink the head.  Every packet
 * pointer is re-derived from ctx after bpf_xdp_adjust_head().
 */
#ifndef XSW_BPF_ACTIONS_H
#define XSW_BPF_ACTIONS_H

#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <bpf/bpf_endian.h>

#include <xsw/actions.h>

#include "xsw_l2.h"
#include "xsw_upcall.h"

/* Rewrites of L3/L4 headers reach this many VLAN tags deep at most. */
#define XSW_ACT_MAX_TAGS 4

/* The state of a frame between actions: scalars only, because one action
 * runs in a global BPF function (xsw_run_action), which the verifier checks
 * once for every caller instead of once per path through the list. */
struct xsw_exec_state {
	__u32 port_no;
	__u32 bridge_id;
	__u32 flood_group;
	__u32 flow_idx;
	__u64 len;      /* frame length, all fragments, as it is now */
	__u64 now;
	__be16 dl_type; /* EtherType after the tags (from the flow key) */
	__u8 n_vlans;   /* tags in front of it, as the frame is now */
	__u8 is_exec;   /* an execution request from xswd: never upcall */
	__u32 spare;
};

/* xsw_run_action() result for a rewrite that went well: go on. */
#define XSW_ACT_NEXT (-1)

struct xsw_exec {
	struct xsw_l2_ctx l2;
	struct xsw_port_info port;
	struct xsw_exec_state *s;
	const struct xsw_bridge_info *br;
	__be16 dl_type;
	__u8 n_vlans;
};

/* One's complement update of a 16-bit checksum for a 16-bit word changing
 * from @from to @to (RFC 1624 eqn. 3), on words as stored: the sum is
 * byte-order neutral. */
static __always_inline __u16 xsw_csum_update16(__u16 check, __u16 from,
					       __u16 to)
{
	__u32 sum = (__u16)~check;

	sum += (__u16)~from;
	sum += to;
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (__u16)~sum;
}

static __always_inline __u16 xsw_csum_update32(__u16 check, __u32 from,
					       __u32 to)
{
	check = xsw_csum_update16(check, (__u16)from, (__u16)to);
	return xsw_csum_update16(check, (__u16)(from >> 16), (__u16)(to >> 16));
}

static __always_inline __u32 xsw_l3_off(const struct xsw_exec *x)
{
	return sizeof(struct ethhdr) + 4U * x->n_vlans;
}

/* The IPv4 header, or NULL if the frame is not IPv4 (or it is cut short). */
static __always_inline struct iphdr *xsw_ip4(const struct xsw_exec *x)
{
	void *data = (void *)(long)x->l2.ctx->data;
	void *end = (void *)(long)x->l2.ctx->data_end;
	__u32 off = xsw_l3_off(x);
	struct iphdr *ip;

	if (x->dl_type != bpf_htons(ETH_P_IP) || x->n_vlans > XSW_ACT_MAX_TAGS)
		return NULL;
	ip = data + off;
	if ((void *)(ip + 1) > end)
		return NULL;
	return ip;
}

/* The TCP/UDP checksum field of an IPv4 frame's first (or only)
 * fragment, or NULL; *is_udp says which. */
static __always_inline __u16 *xsw_l4_csum(const struct xsw_exec *x,
					  struct iphdr *ip, int *is_udp)
{
	void *end = (void *)(long)x->l2.ctx->data_end;
	__u32 ihl = ip->ihl * 4U;
	void *l4;

	if (ihl < sizeof(*ip) || ihl > 60 ||
	    (ip->frag_off & bpf_htons(0x1fff)))
		return NULL;
	l4 = (void *)ip + ihl;
	if (ip->protocol == IPPROTO_TCP) {
		*is_udp = 0;
		if (l4 + 18 > end)
			return NULL;
		return l4 + 16;
	}
	if (ip->protocol == IPPROTO_UDP) {
		*is_udp = 1;
		if (l4 + 8 > end)
			return NULL;
		return l4 + 6;
	}
	return NULL;
}

/* Updates a TCP/UDP checksum for a changed word; a UDP checksum of 0 means
 * "none" and stays 0, a computed 0 is sent as 0xffff. */
static __always_inline void xsw_l4_fix16(__u16 *csum, int is_udp, __u16 from,
					 __u16 to)
{
	if (is_udp && !*csum)
		return;
	*csum = xsw_csum_update16(*csum, from, to);
	if (is_udp && !*csum)
		*csum = 0xffff;
}

static __always_inline void xsw_l4_fix32(__u16 *csum, int is_udp, __u32 from,
					 __u32 to)
{
	if (is_udp && !*csum)
		return;
	*csum = xsw_csum_update32(*csum, from, to);
	if (is_udp && !*csum)
		*csum = 0xffff;
}

static __always_inline int xsw_set_ip4(struct xsw_exec *x, int dst,
				       __be32 addr)
{
	struct iphdr *ip = xsw_ip4(x);
	__u16 *l4csum;
	__be32 old;
	int is_udp = 0;

	if (!ip)
		return -1;
	old = dst ? ip->daddr : ip->saddr;
	if (dst)
		ip->daddr = addr;
	else
		ip->saddr = addr;
	ip->check = xsw_csum_update32(ip->check, old, addr);
	/* The pseudo-header of TCP/UDP covers the addresses. */
	l4csum = xsw_l4_csum(x, ip, &is_udp);
	if (l4csum)
		xsw_l4_fix32(l4csum, is_udp, old, addr);
	return 0;
}

static __always_inline int xsw_set_tp(struct xsw_exec *x, int dst,
				      __be16 port)
{
	struct iphdr *ip = xsw_ip4(x);
	__u16 *l4csum, *p;
	int is_udp = 0;
	__u16 old;

	if (!ip)
		return -1;
	l4csum = xsw_l4_csum(x, ip, &is_udp);
	if (!l4csum)
		return -1;
	/* Ports are the first two words of both headers, and the checksum
	 * field's presence proved the header is there. */
	p = (void *)ip + ip->ihl * 4U + (dst ? 2 : 0);
	if ((void *)(p + 1) > (void *)(long)x->l2.ctx->data_end)
		return -1;
	old = *p;
	*p = port;
	xsw_l4_fix16(l4csum, is_udp, old, port);
	return 0;
}

static __always_inline int xsw_dec_ttl(struct xsw_exec *x)
{
	void *data = (void *)(long)x->l2.ctx->data;
	void *end = (void *)(long)x->l2.ctx->data_end;
	__u32 off = xsw_l3_off(x);

	if (x->n_vlans > XSW_ACT_MAX_TAGS)
		return 0;
	if (x->dl_type == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = data + off;
		__u16 old;

		if ((void *)(ip + 1) > end)
			return 0;
		if (ip->ttl <= 1)
			return -1;
		old = *(__u16 *)&ip->ttl; /* TTL and protocol share a word */
		ip->ttl--;
		ip->check = xsw_csum_update16(ip->check, old,
					      *(__u16 *)&ip->ttl);
	} else if (x->dl_type == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = data + off;

		if ((void *)(ip6 + 1) > end)
			return 0;
		if (ip6->hop_limit <= 1)
			return -1;
		ip6->hop_limit--;
	}
	return 0;
}

/* Pushes an outer tag (@tpid, @tci in network order). */
static __always_inline int xsw_push_vlan(struct xsw_exec *x, __be16 tpid,
					 __be16 tci)
{
	struct xdp_md *ctx = x->l2.ctx;
	void *data, *end;
	__u16 *w;

	if (bpf_xdp_adjust_head(ctx, -4))
		return -1;
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	if (data + 16 > end)
		return -1;
	__builtin_memmove(data, data + 4, 2 * XSW_ETH_ALEN);
	w = data + 12;
	w[0] = tpid;
	w[1] = tci;
	x->n_vlans++;
	x->l2.len += 4;
	return 0;
}

/* The outer tag's TCI, or 0 if the frame is untagged. */
static __always_inline __be16 xsw_outer_tci(const struct xsw_exec *x)
{
	void *data = (void *)(long)x->l2.ctx->data;
	void *end = (void *)(long)x->l2.ctx->data_end;

	if (!x->n_vlans || data + 16 > end)
		return 0;
	return *(__be16 *)(data + 14);
}

static __always_inline int xsw_pop_vlan(struct xsw_exec *x)
{
	struct xdp_md *ctx = x->l2.ctx;
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (!x->n_vlans)
		return 0;
	if (data + 16 > end)
		return -1;
	__builtin_memmove(data + 4, data, 2 * XSW_ETH_ALEN);
	if (bpf_xdp_adjust_head(ctx, 4))
		return -1;
	x->n_vlans--;
	x->l2.len -= 4;
	return 0;
}

static __always_inline int xsw_set_vid(struct xsw_exec *x, __u16 vid)
{
	void *data = (void *)(long)x->l2.ctx->data;
	void *end = (void *)(long)x->l2.ctx->data_end;
	__be16 *tci;

	if (!x->n_vlans)
		return xsw_push_vlan(x, bpf_htons(ETH_P_8021Q),
				     bpf_htons(vid & XSW_VLAN_VID_MASK));
	tci = data + 14;
	if ((void *)(tci + 1) > end)
		return -1;
	/* Keep PCP and DEI, the top four bits. */
	*tci = (*tci & bpf_htons(0xf000)) | bpf_htons(vid & XSW_VLAN_VID_MASK);
	return 0;
}

static __always_inline int xsw_set_eth(struct xsw_exec *x, int dst,
				       const __u8 *mac)
{
	void *data = (void *)(long)x->l2.ctx->data;
	void *end = (void *)(long)x->l2.ctx->data_end;
	struct ethhdr *eth = data;

	if ((void *)(eth + 1) > end)
		return -1;
	if (dst)
		__builtin_memcpy(eth->h_dest, mac, XSW_ETH_ALEN);
	else
		__builtin_memcpy(eth->h_source, mac, XSW_ETH_ALEN);
	return 0;
}

static __always_inline int xsw_act_normal(struct xsw_exec *x)
{
	void *data = (void *)(long)x->l2.ctx->data;
	void *end = (void *)(long)x->l2.ctx->data_end;
	struct ethhdr *eth = data;

	if ((void *)(eth + 1) > end)
		return xsw_drop(x->l2.st, XSW_DROP_ACTION_FAILED);
	return xsw_l2_normal(&x->l2, eth, bpf_ntohs(xsw_outer_tci(x)) & XSW_VLAN_VID_MASK);
}

/* Runs one action on the frame; returns XSW_ACT_NEXT after a rewrite, or
 * the XDP verdict after a terminal action or a failure.  Global (not
 * static) on purpose: verified once, see struct xsw_exec_state. */
__noinline int xsw_run_action(struct xdp_md *ctx, struct xsw_exec_state *s,
			      const struct xsw_act *a)
{
	struct xsw_exec x;
	int err = 0;

	if (!ctx || !s || !a)
		return XDP_ABORTED;
	x.port.port_no = s->port_no;
	x.port.bridge_id = s->bridge_id;
	x.port.flood_group = s->flood_group;
	x.port.flags = 0;
	x.l2.ctx = ctx;
	x.l2.port = &x.port;
	x.l2.st = xsw_stats_of(s->port_no);
	x.l2.now = s->now;
	x.l2.len = s->len;
	x.s = s;
	x.br = NULL; /* looked up by the one action that needs it */
	x.dl_type = s->dl_type;
	x.n_vlans = s->n_vlans;

	switch (a->type) {
	case XSW_ACT_OUTPUT:
		/* As in OpenFlow, output to the ingress port does nothing
		 * (IN_PORT is the way to send a frame back). */
		if (a->u.port == s->port_no)
			return xsw_drop(x.l2.st, XSW_DROP_FLOW_DROP);
		return xsw_send_port(&x.l2, a->u.port);
	case XSW_ACT_OUTPUT_SET:
		return xsw_send_group(&x.l2, a->u.port);
	case XSW_ACT_IN_PORT:
		return xsw_send_port(&x.l2, s->port_no);
	case XSW_ACT_NORMAL:
		return xsw_act_normal(&x);
	case XSW_ACT_FLOOD:
		return xsw_l2_flood(&x.l2);
	case XSW_ACT_UPCALL:
		x.br = bpf_map_lookup_elem(&xsw_bridges, &s->bridge_id);
		if (s->is_exec || !x.br)
			return xsw_drop(x.l2.st, XSW_DROP_ACTION_FAILED);
		return xsw_upcall(&x.l2, x.br, XSW_UPCALL_ACTION, s->flow_idx);
	case XSW_ACT_SET_ETH_SRC:
		err = xsw_set_eth(&x, 0, a->u.mac);
		break;
	case XSW_ACT_SET_ETH_DST:
		err = xsw_set_eth(&x, 1, a->u.mac);
		break;
	case XSW_ACT_SET_IPV4_SRC:
		err = xsw_set_ip4(&x, 0, a->u.ip4);
		break;
	case XSW_ACT_SET_IPV4_DST:
		err = xsw_set_ip4(&x, 1, a->u.ip4);
		break;
	case XSW_ACT_SET_TP_SRC:
		err = xsw_set_tp(&x, 0, a->arg16);
		break;
	case XSW_ACT_SET_TP_DST:
		err = xsw_set_tp(&x, 1, a->arg16);
		break;
	case XSW_ACT_PUSH_VLAN:
		/* The new tag copies the outer one's VID and PCP. */
		err = xsw_push_vlan(&x, a->arg16, xsw_outer_tci(&x));
		break;
	case XSW_ACT_SET_VLAN_VID:
		err = xsw_set_vid(&x, a->arg16);
		break;
	case XSW_ACT_POP_VLAN:
		err = xsw_pop_vlan(&x);
		break;
	case XSW_ACT_DEC_TTL:
		if (xsw_dec_ttl(&x))
			return xsw_drop(x.l2.st, XSW_DROP_TTL_EXPIRED);
		break;
	default:
		err = -1;
	}
	if (err)
		return xsw_drop(x.l2.st, XSW_DROP_ACTION_FAILED);
	s->n_vlans = x.n_vlans;
	s->len = x.l2.len;
	return XSW_ACT_NEXT;
}

/* Runs @acts on the frame; returns the XDP verdict.  No terminal action
 * means drop. */
static __always_inline int xsw_execute(struct xdp_md *ctx,
				       struct xsw_exec_state *s,
				       const struct xsw_acts *acts)
{
	__u32 n = acts->n_acts;

	for (__u32 i = 0; i < XSW_MAX_ACTS; i++) {
		int ret;

		if (i >= n)
			break;
		ret = xsw_run_action(ctx, s, &acts->acts[i]);
		if (ret != XSW_ACT_NEXT)
			return ret;
	}
	return xsw_drop(xsw_stats_of(s->port_no), XSW_DROP_FLOW_DROP);
}

#endif /* XSW_BPF_ACTIONS_H */
