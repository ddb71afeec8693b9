#!/usr/bin/env bash
# Two "containers" (namespaces) through xsw: ping, iperf3.
. "$(dirname "$0")/../lib.sh"
. "$BENCH_ROOT/bench/xsw.sh"
bench_case containers-xsw "xsw (learning bridge)" containers

ct_topology
xsw_start
xsw_bridge br0 "$SA" "$SB"
bench_note "xsw sets up the container ends (a0, b0) itself; otherwise kernel defaults; iperf3 client on CPU $GEN_CPU, server on CPU $SW_CPU."
ct_measure
xsw_save_stats "$CASE"
bench_finish
