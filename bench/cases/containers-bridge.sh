#!/usr/bin/env bash
# Two "containers" (namespaces) through a Linux bridge: ping, iperf3.
. "$(dirname "$0")/../lib.sh"
bench_case containers-bridge "Linux bridge" containers

ct_topology
linux_bridge "$SA" "$SB"
bench_note "bridge-nf-call-iptables=0 in the switch namespace; veths with kernel defaults; iperf3 client on CPU $GEN_CPU, server on CPU $SW_CPU."
ct_measure
bench_finish
