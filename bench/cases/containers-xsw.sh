#!/usr/bin/env bash
# Two "containers" (namespaces) through xsw: ping, iperf3.
. "$(dirname "$0")/../lib.sh"
. "$BENCH_ROOT/bench/xsw.sh"
bench_case containers-xsw "xsw (learning bridge)" containers

ct_topology
xsw_start
local_out=$(x "$XSW" add-br br0 2>&1) || bench_fail "xsw add-br br0: $local_out"
local_out=$(x "$XSW" add-port br0 "$SA" 2>&1) || bench_fail "xsw add-port br0 $SA: $local_out"
local_out=$(x "$XSW" add-port br0 "$SB" 2>&1) || bench_fail "xsw add-port br0 $SB: $local_out"
bench_note "xsw sets up the container ends (a0, b0) itself; otherwise kernel defaults; iperf3 client on CPU $GEN_CPU, server on CPU $SW_CPU."
ct_measure
xsw_save_stats "$CASE"
bench_finish
