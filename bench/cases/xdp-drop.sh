#!/usr/bin/env bash
# The generator's ceiling: XDP_DROP right behind it, no switch.
#   [gen] g0 ==veth== k0 [sink]   (k0's NAPI threaded on the switch core)
. "$(dirname "$0")/../lib.sh"
bench_case xdp-drop "XDP_DROP right behind the generator (generator ceiling)" forwarding

need_tools
_ns_add "$NS_G"
_ns_add "$NS_K"
x ip link add "$G0" netns "$NS_G" type veth peer "$K0" netns "$NS_K"
x ip -n "$NS_G" link set "$G0" up
x ip -n "$NS_K" link set "$K0" up
x ip netns exec "$NS_K" ethtool -K "$K0" gro on >/dev/null
SINK_MAC=$(ip -n "$NS_K" -j link show "$K0" | jq -r '.[0].address')
napi_pin "$NS_K" "$K0" "$SW_CPU"
bench_note "No switch: the sink's XDP_DROP runs in k0's NAPI, threaded on CPU $SW_CPU; the generator on CPU $GEN_CPU."
fwd_measure
bench_finish
