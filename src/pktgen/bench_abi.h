/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * What the bench's BPF programs (bpf/pktgen.bpf.c, bpf/sink.bpf.c) and
 * their loaders (xsw-pktgen, xsw-sink, xsw-fwd) share.  Read by clang
 * -target bpf and by gcc; fixed-width types, sizes asserted.
 *
 * Per-CPU state is an array in the program's .bss, one 64-byte cache line
 * per CPU, indexed by bpf_get_smp_processor_id(): the loader reads it
 * through the skeleton's mmap of .bss, with no map lookups, and CPUs never
 * share a line.  All fields are host order.
 */
#ifndef XSW_BENCH_ABI_H
#define XSW_BENCH_ABI_H

#include <linux/types.h>

/* CPUs with a slot; a program on a higher CPU aborts (pktgen) or drops
 * uncounted (sink), and the loaders refuse to run on such a machine. */
#define BENCH_MAX_CPUS 64

/* Flow i of the generator: source port src_port_base + (i % PORTS_PER_IP),
 * source address src_ip_base + (i / PORTS_PER_IP).  A power of two. */
#define PKTGEN_PORTS_PER_IP 1024

struct pktgen_cpu {
	__u64 n_sent;    /* frames returned as XDP_REDIRECT */
	__u64 n_capped;  /* frames dropped by the rate cap */
	__u64 n_bad;     /* template too short for Eth+IPv4+UDP: aborted */
	__u64 due_fp;    /* rate cap: when the next frame is due, 1/1024 ns */
	__u32 next_flow; /* next flow index on this CPU; the loader seeds it */
	__u32 spare[7];
} __attribute__((aligned(64)));
_Static_assert(sizeof(struct pktgen_cpu) == 64, "pktgen_cpu layout");

struct sink_cpu {
	__u64 n_packets;
	__u64 n_bytes; /* frame bytes as XDP sees them (no FCS) */
	__u64 spare[6];
} __attribute__((aligned(64)));
_Static_assert(sizeof(struct sink_cpu) == 64, "sink_cpu layout");

#endif /* XSW_BENCH_ABI_H */
