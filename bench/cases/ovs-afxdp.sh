#!/usr/bin/env bash
# Open vSwitch userspace datapath (datapath_type=netdev), AF_XDP ports.
. "$(dirname "$0")/../lib.sh"
. "$BENCH_ROOT/bench/ovs.sh"
bench_case ovs-afxdp "Open vSwitch userspace datapath, AF_XDP ports" forwarding

fwd_topology
ovs_start
ovs_bridge afxdp options:xdp-mode=native options:n_rxq=1 ||
	bench_unavailable "this Open vSwitch build cannot open AF_XDP ports here: $(grep -i -m 3 -E 'afxdp|xdp|xsk' "$OVS_DIR/ovs-vswitchd.log" | tr '\n' ' ')"
bench_note "Ports type=afxdp, xdp-mode=native (veth: copy mode), one rx queue each; actions=NORMAL."
bench_note "s0's NAPI is left in softirq on the generator's CPU: a busy-polling datapath needs a core of its own (BENCH-NOTES)."
fwd_measure
bench_finish
