#!/usr/bin/env bash
# Linux bridge, bridge-nf-call-iptables off (in the switch namespace only).
. "$(dirname "$0")/../lib.sh"
bench_case bridge "Linux bridge" forwarding

fwd_topology
BR=${P}br
x ip netns exec "$NS_S" sysctl -qw net.bridge.bridge-nf-call-iptables=0 \
	net.bridge.bridge-nf-call-ip6tables=0 net.bridge.bridge-nf-call-arptables=0
x ip -n "$NS_S" link add "$BR" type bridge forward_delay 0 stp_state 0
x ip -n "$NS_S" link set "$S0" master "$BR"
x ip -n "$NS_S" link set "$S1" master "$BR"
x ip -n "$NS_S" link set "$BR" up
# s0 needs NAPI to accept the generator's redirected frames: GRO gives it.
x ip netns exec "$NS_S" ethtool -K "$S0" gro on >/dev/null
napi_pin "$NS_S" "$S0" "$SW_CPU"
bench_note "bridge-nf-call-iptables/ip6tables/arptables = 0 in the switch namespace (the host's setting is untouched); STP off."
bench_note "GRO on s0 (it gives the veth the NAPI that accepts redirected frames); the sink learns its MAC into the FDB with 3 gratuitous ARPs before each run, so frames are known unicast."
fwd_measure
bench_finish
