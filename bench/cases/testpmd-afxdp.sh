#!/usr/bin/env bash
# DPDK testpmd io-fwd over net_af_xdp vdevs.
. "$(dirname "$0")/../lib.sh"
. "$BENCH_ROOT/bench/testpmd.sh"
bench_case testpmd-afxdp "DPDK testpmd io-fwd, net_af_xdp" forwarding

fwd_topology
testpmd_start "net_af_xdp0,iface=$S0,start_queue=0,queue_count=1" \
	"net_af_xdp1,iface=$S1,start_queue=0,queue_count=1" ||
	bench_unavailable "testpmd with net_af_xdp did not start: $TESTPMD_ERR"
bench_note "net_af_xdp (copy mode on veth), one queue per port; s0's NAPI left in softirq on the generator's CPU so the forwarding lcore has CPU $SW_CPU to itself."
fwd_measure
bench_finish
