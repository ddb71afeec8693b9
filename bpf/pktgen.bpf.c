// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xsw-pktgen's generator: an XDP program run by BPF_PROG_RUN with
 * BPF_F_TEST_XDP_LIVE_FRAMES.  The kernel builds every frame from one
 * template (the data_in of the run) in a page pool and runs this program on
 * it; XDP_REDIRECT then really transmits the frame.
 *
 * Frame layout (written by xsw-pktgen, never changed here except as below):
 *   Ethernet | IPv4 (20 bytes, no options) | UDP | payload
 * Per frame the program writes the source IPv4 address, the IPv4 header
 * checksum and the UDP source port, so one template yields n_flows flows.
 * Page-pool pages are recycled without being re-copied from the template,
 * so these fields are written as absolute values, never as deltas.  The UDP
 * checksum stays 0 ("none", legal for IPv4).
 *
 * Flow i (0 <= i < n_flows) has
 *   source port    = src_port_base + (i & 1023)
 *   source address = src_ip_base + (i >> 10)
 * and each CPU walks the flows in order, from a start the loader spreads
 * over the CPUs.
 *
 * Rate cap: when ns_per_frame_fp is not 0, each CPU runs a token bucket in
 * virtual time (units of 1/1024 ns): a frame is due every ns_per_frame_fp,
 * up to burst_fp may be saved up, and a frame that is not due is dropped
 * here (counted in n_capped).  Dropping in the generator returns the page
 * to the pool at once, so a capped run offers a steady rate without the
 * generator's own overload behaviour (see bench notes).
 *
 * Per-CPU state lives in .bss as one cache line per CPU, so userspace reads
 * it through the skeleton's mmap without a map lookup.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

/* Shared with the loader; lives beside it (see the header). */
#include "../src/pktgen/bench_abi.h"

/* Set by the loader before load. */
const volatile __u32 out_ifindex;
const volatile __u32 n_flows = 1;
const volatile __u32 src_ip_base;    /* host order */
const volatile __u16 src_port_base;  /* host order */
/* Ones' complement sum (folded, not inverted) of the IPv4 header with
 * check = 0 and saddr = 0, summed as native 16-bit loads. */
const volatile __u32 ip_csum_partial;
const volatile __u64 ns_per_frame_fp; /* 0 = no cap; 1/1024 ns */
const volatile __u64 burst_fp;

struct pktgen_cpu pktgen_cpus[BENCH_MAX_CPUS];

static __always_inline int rate_cap_allows(struct pktgen_cpu *st)
{
	__u64 now_fp;

	if (!ns_per_frame_fp)
		return 1;
	now_fp = bpf_ktime_get_ns() << 10;
	if (st->due_fp + burst_fp < now_fp)
		st->due_fp = now_fp - burst_fp;
	if (st->due_fp > now_fp)
		return 0;
	st->due_fp += ns_per_frame_fp;
	return 1;
}

static __always_inline __u16 ip_csum(__be32 saddr)
{
	__u32 sum = ip_csum_partial;

	sum += saddr & 0xffff;
	sum += saddr >> 16;
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (__u16)~sum;
}

SEC("xdp")
int xsw_pktgen(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	struct iphdr *ip = data + sizeof(struct ethhdr);
	struct udphdr *udp = (void *)(ip + 1);
	struct pktgen_cpu *st;
	__u32 cpu, flow, next;
	__be32 saddr;

	cpu = bpf_get_smp_processor_id();
	if (cpu >= BENCH_MAX_CPUS)
		return XDP_ABORTED;
	st = &pktgen_cpus[cpu];

	if ((void *)(udp + 1) > data_end) {
		st->n_bad++;
		return XDP_ABORTED;
	}
	if (!rate_cap_allows(st)) {
		st->n_capped++;
		return XDP_DROP;
	}

	flow = st->next_flow;
	next = flow + 1;
	st->next_flow = next >= n_flows ? 0 : next;

	saddr = bpf_htonl(src_ip_base + flow / PKTGEN_PORTS_PER_IP);
	ip->saddr = saddr;
	ip->check = ip_csum(saddr);
	udp->source = bpf_htons(src_port_base + (flow % PKTGEN_PORTS_PER_IP));

	st->n_sent++;
	return bpf_redirect(out_ifindex, 0);
}

char _license[] SEC("license") = "Dual BSD/GPL";
