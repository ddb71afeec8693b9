#!/usr/bin/env bash
# Linux bridge, bridge-nf-call-iptables off (in the switch namespace only).
. "$(dirname "$0")/../lib.sh"
bench_case bridge "Linux bridge" forwarding

fwd_topology
linux_bridge "$S0" "$S1"
gro_on "$NS_S" "$S0"
napi_pin "$NS_S" "$S0" "$SW_CPU"
bench_note "bridge-nf-call-iptables/ip6tables/arptables = 0 in the switch namespace (the host's setting is untouched); STP off."
bench_note "GRO on s0 (it gives the veth the NAPI that accepts redirected frames); the sink learns its MAC into the FDB with $SINK_ANNOUNCE gratuitous ARPs before each run, so frames are known unicast."
fwd_measure
bench_finish
