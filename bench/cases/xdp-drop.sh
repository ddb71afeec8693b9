#!/usr/bin/env bash
# The generator's ceiling: XDP_DROP right behind it, no switch.
#   [gen] g0 ==veth== k0 [sink]   (k0's NAPI threaded on the switch core)
. "$(dirname "$0")/../lib.sh"
bench_case xdp-drop "XDP_DROP right behind the generator (generator ceiling)" forwarding

fwd_topology direct
napi_pin "$NS_K" "$K0" "$SW_CPU"
bench_note "No switch: the sink's XDP_DROP runs in k0's NAPI, threaded on CPU $SW_CPU; the generator on CPU $GEN_CPU."
fwd_measure
bench_finish
