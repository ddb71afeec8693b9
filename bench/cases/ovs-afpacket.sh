#!/usr/bin/env bash
# Open vSwitch userspace datapath (datapath_type=netdev), plain ports
# (netdev-linux: AF_PACKET sockets on the veths).
. "$(dirname "$0")/../lib.sh"
. "$BENCH_ROOT/bench/ovs.sh"
bench_case ovs-afpacket "Open vSwitch userspace datapath, plain (AF_PACKET) ports" forwarding

fwd_topology
gro_on "$NS_S" "$S0"
ovs_start
ovs_bridge system || bench_unavailable "Open vSwitch could not add plain ports: $(tail -n 3 "$OVS_DIR/ovs-vswitchd.log" | tr '\n' ' ')"
bench_note "Ports type=system on a netdev bridge (AF_PACKET); GRO on s0 for NAPI; actions=NORMAL."
bench_note "s0's NAPI is left in softirq on the generator's CPU: the PMD thread needs a core of its own (BENCH-NOTES)."
fwd_measure
bench_finish
