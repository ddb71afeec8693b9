#!/usr/bin/env bash
# xsw, default pipeline (MAC-learning bridge), two veth ports.
. "$(dirname "$0")/../lib.sh"
. "$BENCH_ROOT/bench/xsw.sh"
bench_case xsw "xsw (learning bridge)" forwarding

xsw_fwd_switch
napi_pin "$NS_S" "$S0" "$SW_CPU"
bench_note "Known unicast: before each run the sink sends $SINK_ANNOUNCE gratuitous ARPs from k0, so xsw has learned k0's MAC on s1 and the generator's frames (to k0's MAC) are forwarded, not flooded."
fwd_measure
xsw_save_stats "$CASE"
bench_finish
