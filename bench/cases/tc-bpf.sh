#!/usr/bin/env bash
# tc ingress redirect, BPF: a clsact ingress program on s0 that
# bpf_redirect()s every skb out of s1 (xsw-fwd --mode tc).
. "$(dirname "$0")/../lib.sh"
bench_case tc-bpf "tc ingress redirect (BPF)" forwarding

fwd_topology
x ip netns exec "$NS_S" ethtool -K "$S0" gro on >/dev/null
ready=$BENCH_TMP/fwd.ready
x bg "$FWD" --mode tc --in "$S0" --out "$S1" --netns "$NS_S" --ready-file "$ready"
_wait_file "$ready" 10 "$BG_PID" || bench_fail "xsw-fwd did not attach"
napi_pin "$NS_S" "$S0" "$SW_CPU"
bench_note "GRO on s0 (NAPI for redirected frames); clsact ingress BPF (direct action) returning bpf_redirect(s1, egress)."
fwd_measure
bench_finish
