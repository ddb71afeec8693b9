/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Frame parsing (BPF side): Ethernet and up to two VLAN tags (802.1Q,
 * 802.1ad).  Returns a drop reason for frames the switch must not forward.
 */
#ifndef XSW_BPF_PARSE_H
#define XSW_BPF_PARSE_H

#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#include <xsw/drop.h>
#include <xsw/flow.h>
#include <xsw/parse.h>

struct xsw_vlan_hdr {
	__be16 tci;
	__be16 proto;
};

struct xsw_pkt {
	struct ethhdr *eth;
	__u16 vlan_id;  /* VID of the outer tag, 0 if untagged */
	__be16 proto;   /* EtherType after the VLAN tags */
};

static __always_inline int xsw_is_vlan_proto(__be16 proto)
{
	return proto == bpf_htons(ETH_P_8021Q) ||
	       proto == bpf_htons(ETH_P_8021AD);
}

/* A valid source MAC is unicast (multicast and broadcast are not) and not
 * all-zero. */
static __always_inline int xsw_src_mac_ok(const __u8 *mac)
{
	if (mac[0] & 1)
		return 0;
	return (mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5]) != 0;
}

static __always_inline enum xsw_drop_reason
xsw_parse_l2(struct xdp_md *ctx, struct xsw_pkt *p)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	__u32 off = sizeof(*eth);

	if ((void *)(eth + 1) > data_end)
		return XSW_DROP_RUNT;
	if (!xsw_src_mac_ok(eth->h_source))
		return XSW_DROP_BAD_SRC_MAC;

	p->eth = eth;
	p->proto = eth->h_proto;
	p->vlan_id = 0;

#pragma unroll
	for (int i = 0; i < XSW_MAX_VLAN_TAGS; i++) {
		struct xsw_vlan_hdr *vh = data + off;

		if (!xsw_is_vlan_proto(p->proto))
			break;
		if ((void *)(vh + 1) > data_end)
			return XSW_DROP_TRUNCATED_VLAN;
		if (i == 0)
			p->vlan_id = bpf_ntohs(vh->tci) & XSW_VLAN_VID_MASK;
		p->proto = vh->proto;
		off += sizeof(*vh);
	}
	return XSW_DROP_NONE;
}

#endif /* XSW_BPF_PARSE_H */
