#!/usr/bin/env bash
# tc ingress redirect without BPF: u32 match-all + mirred egress redirect
# (this kernel has neither cls_matchall nor flower).
. "$(dirname "$0")/../lib.sh"
bench_case tc-u32 "tc ingress redirect (u32 + mirred)" forwarding

need tc
fwd_topology
gro_on "$NS_S" "$S0"
x tc -n "$NS_S" qdisc add dev "$S0" clsact
x tc -n "$NS_S" filter add dev "$S0" ingress protocol all prio 1 u32 \
	match u32 0 0 action mirred egress redirect dev "$S1" ||
	bench_unavailable "tc u32 + mirred filter could not be added"
napi_pin "$NS_S" "$S0" "$SW_CPU"
bench_note "GRO on s0; u32 'match u32 0 0' (every frame) with 'action mirred egress redirect dev s1' on clsact ingress."
fwd_measure
bench_finish
