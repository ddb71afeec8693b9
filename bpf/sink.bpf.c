// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The receiving end of the bench, and its reference forwarders.
 *
 * xsw_sink (XDP): counts every frame and its bytes per CPU, then drops it.
 *   Attached to the veth the switch under test transmits into; xsw-sink
 *   reads the counters and reports packets per second.
 *
 * The forwarders are the "no switch, just move the frame" peers the bench
 * measures switches against, loaded by xsw-fwd:
 * xsw_fwd_devmap (XDP): redirects every frame through a one-entry devmap
 *   (slot 0 = the egress ifindex), with no parsing and no lookup: the
 *   limit of XDP forwarding between veths on this machine.
 * xsw_fwd_tc (tc, clsact ingress): bpf_redirect() of every skb to
 *   fwd_ifindex, egress.
 * Neither forwarder counts: the sink does, and they stay bare.
 *
 * Counters live in .bss, one cache line per CPU, read through the
 * skeleton's mmap.
 */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

/* Shared with the loaders; lives beside them (see the header). */
#include "../src/pktgen/bench_abi.h"

struct sink_cpu sink_cpus[BENCH_MAX_CPUS];

SEC("xdp")
int xsw_sink(struct xdp_md *ctx)
{
	__u32 cpu = bpf_get_smp_processor_id();
	struct sink_cpu *st;

	if (cpu >= BENCH_MAX_CPUS)
		return XDP_DROP;
	st = &sink_cpus[cpu];
	st->n_packets++;
	st->n_bytes += ctx->data_end - ctx->data;
	return XDP_DROP;
}

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} fwd_ports SEC(".maps");

SEC("xdp")
int xsw_fwd_devmap(struct xdp_md *ctx)
{
	return bpf_redirect_map(&fwd_ports, 0, 0);
}

const volatile __u32 fwd_ifindex;

SEC("tc")
int xsw_fwd_tc(struct __sk_buff *skb)
{
	return bpf_redirect(fwd_ifindex, 0);
}

char _license[] SEC("license") = "Dual BSD/GPL";
