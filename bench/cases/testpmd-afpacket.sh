#!/usr/bin/env bash
# DPDK testpmd io-fwd over net_af_packet vdevs.
. "$(dirname "$0")/../lib.sh"
. "$BENCH_ROOT/bench/testpmd.sh"
bench_case testpmd-afpacket "DPDK testpmd io-fwd, net_af_packet" forwarding

fwd_topology
gro_on "$NS_S" "$S0"
testpmd_start "net_af_packet0,iface=$S0" "net_af_packet1,iface=$S1" ||
	bench_unavailable "testpmd with net_af_packet did not start: $TESTPMD_ERR"
bench_note "net_af_packet (PACKET_MMAP rings), GRO on s0 for NAPI, s0's NAPI in softirq on the generator's CPU."
fwd_measure
bench_finish
