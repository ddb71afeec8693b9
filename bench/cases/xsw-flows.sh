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
XSWD_ARGS="--megaflows $((CACHED + CACHED / 4))"

fwd_topology
xsw_start
xsw_bridge
x "$XSW" set-bridge br0 upcall-rate=1000000 upcall-burst=100000 max-idle=3600 >/dev/null
# tp_src and a /32 on nw_src: every (source address, source port) of the
# generator is a cache entry of its own; both rules miss, so every frame
# ends in the implicit NORMAL rule and is forwarded to the sink.
x "$XSW" add-flow br0 "priority=10,udp,tp_src=1,actions=drop"
x "$XSW" add-flow br0 "priority=10,udp,nw_src=198.18.0.255,actions=drop"
napi_pin "$NS_S" "$S0" "$SW_CPU"

megaflows() { "$XSW" show --json | jq '.datapath.megaflows'; }
# Install the flows: the generator cycles through them at a moderate rate
# until the cache holds them all.
log "installing $CACHED cached flows"
taskset -c "$GEN_CPU" "$PKTGEN" --dev "$G0" --netns "$NS_G" --size 64 --flows "$CACHED" \
	--rate 200000 --duration 120 --cpus "$GEN_CPU" --dst-mac "$SINK_MAC" \
	>"$BENCH_TMP/fill.json" 2>>"$BENCH_TMP/fill.err" &
fill=$!
_bg_pids+=("$fill")
start=$(date +%s.%N)
for _ in $(seq 1200); do
	n=$(megaflows)
	[ "${n:-0}" -ge "$CACHED" ] && break
	sleep 0.1
done
kill -INT "$fill" 2>/dev/null
wait "$fill" 2>/dev/null
n=$(megaflows)
[ "${n:-0}" -ge "$CACHED" ] || bench_fail "only $n of $CACHED flows got cached"
secs=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
bench_note "Before measuring, the generator cycled through $CACHED flows at 200 kpps until all were cached ($n cache entries after ${secs} s; cache size $((CACHED + CACHED / 4)))."
record "$XSW" show --json "# datapath.megaflows = $n"
fwd_measure
bench_note "After the runs: $(megaflows) cached flows; upcalls: $("$XSW" show --json | jq -c '.datapath.upcalls')"
xsw_save_stats "$CASE"
bench_finish
