#!/usr/bin/env bash
# The limit: a bare XDP program redirecting every frame through a devmap,
# no parsing, no lookup (xsw-fwd --mode xdp).
. "$(dirname "$0")/../lib.sh"
bench_case xdp-redirect "bare XDP devmap redirect (the limit)" forwarding

fwd_topology
fwd_start xdp
napi_pin "$NS_S" "$S0" "$SW_CPU"
bench_note "XDP (native) on s0: bpf_redirect_map() to a one-entry devmap holding s1; the sink's k0 NAPI runs on the redirecting CPU."
fwd_measure
bench_finish
