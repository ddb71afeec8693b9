#!/usr/bin/env bash
# Two "containers" (namespaces) through a Linux bridge: ping, iperf3.
. "$(dirname "$0")/../lib.sh"
bench_case containers-bridge "Linux bridge" containers

ct_topology
BR=${P}br
x ip netns exec "$NS_S" sysctl -qw net.bridge.bridge-nf-call-iptables=0 \
	net.bridge.bridge-nf-call-ip6tables=0 net.bridge.bridge-nf-call-arptables=0
x ip -n "$NS_S" link add "$BR" type bridge forward_delay 0 stp_state 0
x ip -n "$NS_S" link set "$SA" master "$BR"
x ip -n "$NS_S" link set "$SB" master "$BR"
x ip -n "$NS_S" link set "$BR" up
bench_note "bridge-nf-call-iptables=0 in the switch namespace; veths with kernel defaults; iperf3 client on CPU $GEN_CPU, server on CPU $SW_CPU."
ct_measure
bench_finish
