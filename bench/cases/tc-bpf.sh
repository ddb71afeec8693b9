#!/usr/bin/env bash
# tc ingress redirect, BPF: a clsact ingress program on s0 that
# bpf_redirect()s every skb out of s1 (xsw-fwd --mode tc).
. "$(dirname "$0")/../lib.sh"
bench_case tc-bpf "tc ingress redirect (BPF)" forwarding

fwd_topology
gro_on "$NS_S" "$S0"
fwd_start tc
napi_pin "$NS_S" "$S0" "$SW_CPU"
bench_note "GRO on s0 (NAPI for redirected frames); clsact ingress BPF (direct action) returning bpf_redirect(s1, egress)."
fwd_measure
bench_finish
