#!/usr/bin/env bash
# xsw (as xsw.sh) under a paced load, to find its true peak: the
# generator's token bucket offers BENCH_XSW_PACED_RATES Mpps (64 B, 1 flow).
. "$(dirname "$0")/../lib.sh"
. "$BENCH_ROOT/bench/xsw.sh"
bench_case xsw-paced "xsw (learning bridge)" paced

xsw_fwd_switch
napi_pin "$NS_S" "$S0" "$SW_CPU"
bench_note "As the xsw case, with xsw-pktgen --rate: excess frames are dropped inside the generator program."
paced_measure "${BENCH_XSW_PACED_RATES:-1 2 3 3.5 4 4.5}"
xsw_save_stats "$CASE"
bench_finish
