#!/usr/bin/env bash
# xsw's slow path: how many new flows per second xswd sets up (upcall,
# classify, install, send on), and how long the first packet of a new flow
# takes compared to the next one, which hits the cache.
. "$(dirname "$0")/../lib.sh"
. "$BENCH_ROOT/bench/xsw.sh"
bench_case xsw-upcalls "xsw slow path (upcalls)" upcalls

NEW_FLOWS=${BENCH_XSW_NEW_FLOWS:-400000}
LAT_FLOWS=${BENCH_LAT_FLOWS:-300}
BENCH_XSW_SETUP_RATES=${BENCH_XSW_SETUP_RATES:-50000 100000 200000}
XSWD_ARGS="--megaflows 262144"

# --- set-up rate: the generator offers a stream of flows never seen before.
xsw_fwd_switch
x "$XSW" set-bridge br0 upcall-rate=10000000 upcall-burst=1000000 max-idle=3600 >/dev/null
rules() {
	"$XSW" del-flows br0 >/dev/null && # also empties the cache
		xsw_flow_rules br0
}
xsw_flow_rules br0 || bench_fail "cannot add the rules" # to record them
XSWD_PID=$(cat "$XSW_DIR/run/xswd.pid")
installed() { "$XSW" show --json | jq '.datapath.upcalls.installed'; }
# xswd's CPU time (user + system) in clock ticks.
xswd_ticks() { awk '{ print $14 + $15 }' "/proc/$XSWD_PID/stat"; }
HZ=$(getconf CLK_TCK)
gen_cmd 64 "$NEW_FLOWS" "${BENCH_XSW_SETUP_RATES%% *}" 4
record_comment "$BENCH_RUNS runs at each --rate in ($BENCH_XSW_SETUP_RATES); each: xsw del-flows br0, the add-flow above, then"
record bg "${GEN_CMD[@]}"
record_comment "xsw show --json | jq .datapath.upcalls.installed after 0.5 s and again 2 s later"
bench_note "Set-up rate: two rules make every (source address, source port) its own cache entry; the generator (CPU $GEN_CPU) offers flows never seen before at each rate; the figure is installs per second over 2 s, 0.5 s after the start, with an empty cache each run; xswd_us_per_setup is xswd's CPU time (user + system) over the window divided by the installs.  On this 2-core machine the generator holds one core and the switch's NAPI thread and xswd share the other, so the delivered rate is bounded by that share."
for rate in $BENCH_XSW_SETUP_RATES; do
	for ((run = 1; run <= BENCH_RUNS; run++)); do
		rules || bench_fail "cannot add the rules"
		gen_cmd 64 "$NEW_FLOWS" "$rate" 4
		bg "${GEN_CMD[@]}" >"$BENCH_TMP/gen.json" 2>>"$BENCH_TMP/gen.err"
		gpid=$BG_PID
		sleep 0.5
		a=$(installed)
		ca=$(xswd_ticks)
		t0=$(date +%s.%N)
		sleep 2
		b=$(installed)
		cb=$(xswd_ticks)
		t1=$(date +%s.%N)
		bg_wait "$gpid"
		setups=$(awk -v a="$a" -v b="$b" -v t0="$t0" -v t1="$t1" 'BEGIN { printf "%.0f", (b - a) / (t1 - t0) }')
		us=$(awk -v a="$a" -v b="$b" -v ca="$ca" -v cb="$cb" -v hz="$HZ" \
			'BEGIN { printf "%.2f", (b > a ? (cb - ca) / hz * 1e6 / (b - a) : 0) }')
		bench_value flow_setups_per_s 1/s "{\"offered\":$rate}" "$setups" \
			"$("$XSW" show --json | jq -c '.datapath | {megaflows, upcalls}')"
		bench_value xswd_us_per_setup us "{\"offered\":$rate}" "$us"
		log "offered $rate/s, run $run: $setups set-ups/s, xswd $us us CPU each"
	done
done
"$XSW" del-flows br0 >/dev/null

# --- first-packet latency, two containers: a -> b.
ct_topology
xsw_bridge br1 "$SA" "$SB"
ip netns exec "$NS_A" ping -c 3 -i 0.2 -q "$IP_B" >/dev/null 2>&1 ||
	bench_fail "$IP_B does not answer through xsw"
LAT_SECONDS=$((LAT_FLOWS / 100 + 4)) # the sender takes 4 ms a flow
lat_recv=(ip netns exec "$NS_B" python3 "$BENCH_ROOT/bench/latency.py" recv 9000 "$LAT_SECONDS")
lat_send=(ip netns exec "$NS_A" python3 "$BENCH_ROOT/bench/latency.py" send "$IP_B" 9000 "$LAT_FLOWS")
lat_run() { # label
	local recv=$BENCH_TMP/recv.json sent=$BENCH_TMP/sent.json out rpid
	bg "${lat_recv[@]}" "$recv"
	rpid=$BG_PID
	sleep 1
	"${lat_send[@]}" "$sent"
	bg_wait "$rpid"
	out=$(python3 "$BENCH_ROOT/bench/latency.py" report "$sent" "$recv")
	for k in first second; do
		bench_value "${k}_packet_p50" us "{\"pipeline\":\"$1\"}" "$(jq ".$k.p50_us" <<<"$out")" \
			"$(jq -c ".$k" <<<"$out")"
	done
	log "$1: $out"
}
record_comment "$BENCH_RUNS runs of each, with the rule (xsw add-flow br1 ${XSW_FLOW_RULES[0]}) and without (xsw del-flows br1):"
record bg "${lat_recv[@]}" recv.json
record "${lat_send[@]}" sent.json
record python3 "$BENCH_ROOT/bench/latency.py" report sent.json recv.json
bench_note "Latency: $LAT_FLOWS new UDP flows from a to b (a new source port each); packet 1 of each flow is its first, packet 2 follows 2 ms later; one-way latency from sendto() in a to recv() in b (CLOCK_MONOTONIC, shared), so both stacks are included. 'rules': one rule on tp_src, so each flow's first packet is an upcall; 'plain': no rules (the learning bridge: no upcall)."
for ((run = 1; run <= BENCH_RUNS; run++)); do
	"$XSW" del-flows br1 >/dev/null
	"$XSW" add-flow br1 "${XSW_FLOW_RULES[0]}" >/dev/null
	lat_run rules
	"$XSW" del-flows br1 >/dev/null
	lat_run plain
done
xsw_save_stats "$CASE"
bench_finish
