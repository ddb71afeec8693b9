#!/usr/bin/env bash
# xsw's slow path: how many new flows per second xswd sets up (upcall,
# classify, install, send on), and how long the first packet of a new flow
# takes compared to the next one, which hits the cache.
. "$(dirname "$0")/../lib.sh"
. "$BENCH_ROOT/bench/xsw.sh"
bench_case xsw-upcalls "xsw slow path (upcalls)" upcalls

BENCH_XSW_SETUP_RATES=${BENCH_XSW_SETUP_RATES:-50000 100000 200000}
LAT_FLOWS=${BENCH_LAT_FLOWS:-300}
# A set-up run: installs are counted over WINDOW s from WARMUP s after the
# generator starts, which is stopped then; it is given GEN_SECONDS (warm-up,
# window and a margin) at most.  The generator must not run out of new
# flows (it would wrap and re-offer cached ones), its flows must be cache
# entries of their own and the cache must never be near full (installs
# would fail or wait for freed slots), or the figure measures the supply of
# new flows or the cache size, not xswd: NEW_FLOWS covers GEN_SECONDS at
# the highest rate, the cache a quarter more.
WARMUP=0.5
WINDOW=2
GEN_SECONDS=4
NEAR_FULL=90 # percent of the cache that makes a run invalid
MAX_RATE=$(printf '%s\n' $BENCH_XSW_SETUP_RATES | sort -n | tail -n 1)
NEW_FLOWS=${BENCH_XSW_NEW_FLOWS:-$((MAX_RATE * GEN_SECONDS))}
MEGAFLOWS=${BENCH_XSW_SETUP_MEGAFLOWS:-$((NEW_FLOWS + NEW_FLOWS / 4))}
XSWD_ARGS="--megaflows $MEGAFLOWS"
# Every flow must be a cache entry of its own.  The nw_src rule's prefix
# trie un-wildcards only the bits that tell an address from the rule's:
# /32 inside the rule address's /24, /24 outside it (so 256 addresses
# share an entry).  The generator's addresses (198.18.0.1 + flow / 1024)
# span several /24s: one more /32 rule (x.x.K.255) for each.
ip4() { printf '%d.%d.%d.%d' $(($1 >> 24)) $(($1 >> 16 & 255)) $(($1 >> 8 & 255)) $(($1 & 255)); }
FIRST_IP=$(((198 << 24) | (18 << 16) | 1))
LAST_IP=$((FIRST_IP + (NEW_FLOWS - 1) / 1024))
for ((net = FIRST_IP >> 8; net <= LAST_IP >> 8; net++)); do
	r="priority=10,udp,nw_src=$(ip4 $((net << 8 | 255))),actions=drop"
	[[ " ${XSW_FLOW_RULES[*]} " == *" $r "* ]] || XSW_FLOW_RULES+=("$r")
done

# --- set-up rate: the generator offers a stream of flows never seen before.
xsw_fwd_switch
x "$XSW" set-bridge br0 upcall-rate=10000000 upcall-burst=1000000 max-idle=3600 >/dev/null
XSWD_PID=$(cat "$XSW_DIR/run/xswd.pid")
dp() { "$XSW" show --json | jq -c '.datapath'; }
# xswd's CPU time (user + system) in clock ticks.
xswd_ticks() { awk '{ print $14 + $15 }' "/proc/$XSWD_PID/stat"; }
HZ=$(getconf CLK_TCK)
# snap: the datapath counters (SNAP), when xswd took them (SNAP_T, the
# middle of the request) and how long the request took (SNAP_DT): a busy
# xswd answers late, so the time of the figures is only known to +-half.
snap() {
	local t0 t1
	t0=$(date +%s.%N)
	SNAP=$(dp)
	t1=$(date +%s.%N)
	SNAP_T=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", (a + b) / 2 }')
	SNAP_DT=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
}
# setup_run RATE: one run; sets SETUPS, US (xswd's CPU per set-up), EXTRA
# (JSON) and, if the run is not valid, INVALID (why).
setup_run() {
	local rate=$1 gpid grc=0 a b ta tb da db ia ib ca cb fail0 early=false
	INVALID=
	"$XSW" del-flows br0 >/dev/null && # also empties the cache
		xsw_flow_rules br0 || bench_fail "cannot add the rules"
	fail0=$(dp | jq '.upcalls.install_failed')
	gen_cmd 64 "$NEW_FLOWS" "$rate" "$GEN_SECONDS"
	bg "${GEN_CMD[@]}" >"$BENCH_TMP/gen.json" 2>"$BENCH_TMP/gen.err"
	gpid=$BG_PID
	sleep "$WARMUP"
	snap
	a=$SNAP ta=$SNAP_T da=$SNAP_DT
	ca=$(xswd_ticks)
	sleep "$WINDOW"
	snap
	b=$SNAP tb=$SNAP_T db=$SNAP_DT
	cb=$(xswd_ticks)
	kill -0 "$gpid" 2>/dev/null || early=true
	kill -INT "$gpid" 2>/dev/null
	bg_wait "$gpid" || grc=$?
	ia=$(jq '.upcalls.installed' <<<"$a")
	ib=$(jq '.upcalls.installed' <<<"$b")
	SETUPS=$(awk -v a="$ia" -v b="$ib" -v t0="$ta" -v t1="$tb" \
		'BEGIN { printf "%.0f", (b - a) / (t1 - t0) }')
	US=$(awk -v a="$ia" -v b="$ib" -v ca="$ca" -v cb="$cb" -v hz="$HZ" \
		'BEGIN { printf "%.2f", (b > a ? (cb - ca) / hz * 1e6 / (b - a) : 0) }')
	RUN_GEN=$(cat "$BENCH_TMP/gen.json")
	if ! _tool_check xsw-pktgen "$grc" "$RUN_GEN" "$BENCH_TMP/gen.err"; then
		INVALID=$RUN_ERR
		RUN_GEN='{}'
	fi
	EXTRA=$(jq -c --argjson g "$RUN_GEN" --argjson f0 "$fail0" \
		--argjson w "$(awk -v a="$ta" -v b="$tb" 'BEGIN { printf "%.3f", b - a }')" \
		--argjson da "$da" --argjson db "$db" \
		'{megaflows, megaflows_max, install_failed: (.upcalls.install_failed - $f0),
		  frames_sent: $g.frames_sent, offered_pps: $g.pps_sent, window_s: $w,
		  stats_request_s: [$da, $db], upcalls}' <<<"$b")
	[ -n "$INVALID" ] && return
	INVALID=$(jq -r --argjson flows "$NEW_FLOWS" --argjson pct "$NEAR_FULL" \
		--argjson early "$early" --arg gs "$GEN_SECONDS" '
		if $early then
			"the generator ended (after \($gs) s) before the window closed: xswd answered late"
		elif (.stats_request_s | add) / 2 > .window_s / 10 then
			"xswd took \(.stats_request_s[0]) s and \(.stats_request_s[1]) s to answer for the counters, so the window is known to only +-\((.stats_request_s | add) / 2 * 100 / .window_s | round)%"
		elif .install_failed > 0 then "\(.install_failed) installs failed"
		elif .megaflows * 100 >= .megaflows_max * $pct then
			"the cache was near full (\(.megaflows) of \(.megaflows_max) entries at the end of the window)"
		elif .frames_sent > $flows then
			"the generator wrapped around its \($flows) flows and re-offered cached ones"
		else empty end' <<<"$EXTRA")
}
xsw_flow_rules br0 || bench_fail "cannot add the rules" # to record them
for ip in "$FIRST_IP" "$LAST_IP"; do
	m=$("$XSW" trace br0 "in_port=$S0,udp,nw_src=$(ip4 "$ip"),tp_src=1024,dl_dst=$SINK_MAC" |
		sed -n 's/^Megaflow: *//p')
	[[ $m == *"nw_src=$(ip4 "$ip"),"* ]] ||
		bench_fail "flows from $(ip4 "$ip") would share cache entries (megaflow: $m)"
done
gen_cmd 64 "$NEW_FLOWS" "$MAX_RATE" "$GEN_SECONDS"
record_comment "$BENCH_RUNS runs at each --rate in ($BENCH_XSW_SETUP_RATES); each: xsw del-flows br0, the add-flow above, then"
record bg "${GEN_CMD[@]}"
record_comment "xsw show --json | jq .datapath.upcalls.installed after $WARMUP s and again $WINDOW s later; then kill -INT %1"
bench_note "Set-up rate: ${#XSW_FLOW_RULES[@]} rules (tp_src=1, and nw_src=x.x.K.255 for each /24 the generator's addresses span) make every (source address, source port) its own cache entry (checked with xsw trace); the generator (CPU $GEN_CPU) offers flows never seen before at each rate; the figure is installs per second over $WINDOW s, $WARMUP s after the start, with an empty cache each run; xswd_us_per_setup is xswd's CPU time (user + system) over the window divided by the installs.  On this 2-core machine the generator holds one core and the switch's NAPI thread and xswd share the other, so the delivered rate is bounded by that share."
bench_note "Set-up cache: --megaflows $MEGAFLOWS, the generator cycles through $NEW_FLOWS flows ($GEN_SECONDS s at the highest rate, so it never re-offers a flow) and is stopped at the end of the window.  The window runs from xswd's answer to one counter request to its answer to the next (taken at the middle of each request).  A run is invalid (no figure; its reason below and in the result's extra) if xswd's answers were so late that the window is uncertain by more than 10% or outlasted the generator, if any install failed, the cache was $NEAR_FULL% full, or the generator wrapped."
for rate in $BENCH_XSW_SETUP_RATES; do
	for ((run = 1; run <= BENCH_RUNS; run++)); do
		setup_run "$rate"
		if [ -n "$INVALID" ]; then
			bench_value flow_setups_per_s 1/s "{\"offered\":$rate}" null \
				"$(jq -c --arg e "$INVALID" '. + {error: $e}' <<<"$EXTRA")"
			bench_value xswd_us_per_setup us "{\"offered\":$rate}" null "{\"error\":$(jq -Rn --arg e "$INVALID" '$e')}"
			bench_note "Offered $rate/s, run $run: invalid, $INVALID ($SETUPS set-ups/s counted)."
			log "offered $rate/s, run $run: invalid: $INVALID ($SETUPS set-ups/s)"
			continue
		fi
		bench_value flow_setups_per_s 1/s "{\"offered\":$rate}" "$SETUPS" "$EXTRA"
		bench_value xswd_us_per_setup us "{\"offered\":$rate}" "$US"
		log "offered $rate/s, run $run: $SETUPS set-ups/s, xswd $US us CPU each; $(jq -c '{offered_pps: (.offered_pps | round), megaflows, megaflows_max, install_failed}' <<<"$EXTRA")"
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
bench_note "Latency: $LAT_FLOWS new UDP flows from a to b (a new source port each); packet 1 of each flow is its first, packet 2 follows 2 ms later; one-way latency from sendto() in a to recv() in b (CLOCK_MONOTONIC, shared), so both stacks are included; percentiles are over the packets that arrived (sent and received are shown with each figure). 'rules': one rule on tp_src, so each flow's first packet is an upcall; 'plain': no rules (the learning bridge: no upcall)."
for ((run = 1; run <= BENCH_RUNS; run++)); do
	"$XSW" del-flows br1 >/dev/null
	"$XSW" add-flow br1 "${XSW_FLOW_RULES[0]}" >/dev/null
	lat_run rules
	"$XSW" del-flows br1 >/dev/null
	lat_run plain
done
xsw_save_stats "$CASE"
bench_finish
