#!/usr/bin/env bash
# xsw running the flow pipeline: two rules make the megaflow cache hold one
# entry per (source address, source port); the generator first installs
# 100,000 of them, then the forwarding rate is measured with 1,000 of them
# active.  Compare with the case "xsw" (no rules: the plain learning bridge).
. "$(dirname "$0")/../lib.sh"
. "$BENCH_ROOT/bench/xsw.sh"
bench_case xsw-flows "xsw (rules, 100k cached flows, 1k active)" forwarding

CACHED=${BENCH_XSW_CACHED:-100000}
BENCH_FLOWS=${BENCH_XSW_ACTIVE:-1000}
FILL_RATE=200000
XSWD_ARGS="--megaflows $((CACHED + CACHED / 4))"

xsw_fwd_switch
x "$XSW" set-bridge br0 upcall-rate=1000000 upcall-burst=100000 max-idle=3600 >/dev/null
xsw_flow_rules br0 || bench_fail "cannot add the rules"
napi_pin "$NS_S" "$S0" "$SW_CPU"

megaflows() { "$XSW" show --json | jq '.datapath.megaflows'; }
# Install the flows: the generator cycles through them at a moderate rate
# until the cache holds them all.
log "installing $CACHED cached flows"
gen_cmd 64 "$CACHED" "$FILL_RATE" 120
record bg "${GEN_CMD[@]}"
bg "${GEN_CMD[@]}" >"$BENCH_TMP/fill.json" 2>>"$BENCH_TMP/fill.err"
fill=$BG_PID
start=$(date +%s.%N)
for _ in $(seq 1200); do
	n=$(megaflows)
	[ "${n:-0}" -ge "$CACHED" ] && break
	sleep 0.1
done
kill -INT "$fill" 2>/dev/null
bg_wait "$fill"
n=$(megaflows)
[ "${n:-0}" -ge "$CACHED" ] || bench_fail "only $n of $CACHED flows got cached"
secs=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
record_comment "until \`xsw show --json | jq .datapath.megaflows\` reaches $CACHED ($n after $secs s), then: kill -INT %1"
bench_note "Before measuring, the generator cycled through $CACHED flows at $FILL_RATE pps until all were cached ($n cache entries after ${secs} s; cache size $((CACHED + CACHED / 4)))."
fwd_measure
bench_note "After the runs: $(megaflows) cached flows; upcalls: $("$XSW" show --json | jq -c '.datapath.upcalls')"
xsw_save_stats "$CASE"
bench_finish
