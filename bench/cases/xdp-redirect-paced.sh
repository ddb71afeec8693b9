#!/usr/bin/env bash
# The bare devmap redirect (as xdp-redirect.sh) under a paced load: the
# generator's token bucket offers BENCH_PACED_RATES Mpps (64 B, 1 flow);
# shows the true peak without the generator's own overload behaviour.
. "$(dirname "$0")/../lib.sh"
bench_case xdp-redirect-paced "bare XDP devmap redirect (the limit)" paced

fwd_topology
fwd_start xdp
napi_pin "$NS_S" "$S0" "$SW_CPU"
bench_note "As xdp-redirect, with xsw-pktgen --rate: excess frames are dropped inside the generator program."
paced_measure "${BENCH_PACED_RATES:-2 3 4 4.5 5 5.5}"
bench_finish
