# Shared by bench/cases/*.sh (sourced, bash).  A case script is
#
#     . "$(dirname "$0")/../lib.sh"
#     bench_case NAME "Title shown in the table" GROUP
#     ...set up the switch under test, with `x CMD` for every command a
#        reader needs to reproduce it...
#     fwd_measure            # or the case's own measurements + bench_value
#     bench_finish
#
# and writes $RESULTS/NAME.json (see bench/results.py for the format).  A
# peer that cannot run calls `bench_unavailable "why"`, which records the
# reason and exits 0: the report shows it, nothing is silently missing.
#
# Everything a case creates is named from the prefix $P (xb + the case's
# pid): namespaces $P-gen, $P-sw, $P-sink; veths ${P}g0, ${P}s0, ${P}s1,
# ${P}k0.  An EXIT trap runs the case's cleanup hooks (bench_on_exit), kills
# the background processes it started and deletes its namespaces, on every
# exit path.  Two cases can run at once (they would disturb each other's
# figures, not each other's set-up).
#
# The forwarding topology (fwd_topology):
#
#   [$P-gen] ${P}g0 ==veth== ${P}s0 [$P-sw: switch under test] ${P}s1
#                                                   ==veth== ${P}k0 [$P-sink]
#
# xsw-pktgen (CPU $GEN_CPU) redirects live frames out of g0; the switch
# receives them in s0's NAPI, which is threaded, pinned to $SW_CPU and
# real-time (BENCH-NOTES: otherwise the whole pipeline runs on the
# generator's core, or the woken thread waits behind it); it sends them out
# of s1; xsw-sink counts and drops them on k0.  k0's NAPI runs where the
# switch sent from, so the sink's cost lands on the switch's core.

set -u
set -o pipefail

BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$BENCH_ROOT/$BUILD ;; esac
RESULTS=${RESULTS:-$BUILD/bench/results}
BENCH_RUNS=${BENCH_RUNS:-3}
BENCH_SECONDS=${BENCH_SECONDS:-2}
BENCH_WARMUP=${BENCH_WARMUP:-0.5}
BENCH_SIZES=${BENCH_SIZES:-64 1500}
BENCH_FLOWS=${BENCH_FLOWS:-1 1000 100000}
GEN_CPU=${GEN_CPU:-0}
SW_CPU=${SW_CPU:-1}
NAPI_RT_PRIO=${NAPI_RT_PRIO:-50}
BENCH_BATCH=${BENCH_BATCH:-64}
# Gratuitous ARPs the sink sends from k0 before each run, so learning
# switches know its MAC.
SINK_ANNOUNCE=3

PKTGEN=$BUILD/xsw-pktgen
SINK=$BUILD/xsw-sink
FWD=$BUILD/xsw-fwd

P=xb$$
NS_G=$P-gen
NS_S=$P-sw
NS_K=$P-sink
G0=${P}g0
S0=${P}s0
S1=${P}s1
K0=${P}k0

CASE=
CASE_DIR=
BENCH_TMP=$(mktemp -d /tmp/xsw-bench.XXXXXX)
_exit_hooks=()
_bg_pids=()
_cmds_frozen=0

log() { printf '[%s %s] %s\n' "$(date +%T)" "${CASE:-bench}" "$*" >&2; }

bench_on_exit() { _exit_hooks+=("$*"); }

# bg CMD...: starts CMD in the background, remembered until bg_wait (the
# EXIT trap stops what is still running); sets BG_PID.  Run it in the case's
# shell, not in $(...): a subshell's list is lost.
bg() {
	"$@" &
	BG_PID=$!
	_bg_pids+=("$BG_PID")
}

# bg_wait PID: waits for a process bg started and forgets it (so cleanup
# never signals a recycled pid); returns its exit status.
bg_wait() {
	local rc=0 i
	wait "$1" || rc=$?
	for i in "${!_bg_pids[@]}"; do
		[ "${_bg_pids[$i]}" != "$1" ] || unset '_bg_pids[i]'
	done
	return "$rc"
}

_cleanup() {
	local rc=$? i pid ns
	# Ignore further signals while cleaning: `timeout` forwards the TERM
	# we may have just got, and a second one must not cut cleanup short.
	trap - EXIT
	trap '' INT TERM HUP
	for ((i = ${#_exit_hooks[@]} - 1; i >= 0; i--)); do
		eval "${_exit_hooks[$i]}" >/dev/null 2>&1 || true
	done
	for pid in "${_bg_pids[@]}"; do
		kill -TERM "$pid" 2>/dev/null || true
	done
	for pid in "${_bg_pids[@]}"; do
		for i in $(seq 50); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$pid" 2>/dev/null || true
	done
	for ns in $(ip netns list 2>/dev/null | awk '{print $1}'); do
		case $ns in "$P"-*) ip netns del "$ns" 2>/dev/null || true ;; esac
	done
	rm -rf "$BENCH_TMP"
	exit "$rc"
}
trap _cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

# x CMD...: run a command and record it as one a reader needs to rebuild
# this case's set-up (shown in docs/benchmarks.md).
x() {
	record "$@"
	"$@"
}

# record_comment TEXT: a "# TEXT" line among the commands.
record_comment() {
	[ "$_cmds_frozen" = 1 ] || printf '# %s\n' "$*" >>"$CASE_DIR/commands"
}

# record CMD...: only record it (for commands the case runs in another form).
# `record bg CMD...` records "CMD &".
record() {
	local a out= amp=
	[ "$_cmds_frozen" = 1 ] && return 0
	[ "$1" = bg ] && { shift; amp=" &"; }
	for a in "$@"; do
		case $a in
		*[!A-Za-z0-9_./:=,+@%-]* | '') out+="'${a//\'/\'\\\'\'}' " ;;
		*) out+="$a " ;;
		esac
	done
	printf '%s\n' "${out% }$amp" >>"$CASE_DIR/commands"
}

in_sw() { ip netns exec "$NS_S" "$@"; }

bench_case() { # name title group
	CASE=$1
	CASE_DIR=$BENCH_TMP/case
	mkdir -p "$CASE_DIR" "$RESULTS"
	printf '%s' "$2" >"$CASE_DIR/title"
	printf '%s' "$3" >"$CASE_DIR/group"
	: >"$CASE_DIR/commands"
	: >"$CASE_DIR/notes"
	: >"$CASE_DIR/values"
	# What the report's method section describes, as this case ran it.
	jq -n --arg g "$GEN_CPU" --arg s "$SW_CPU" --arg a "$SINK_ANNOUNCE" \
		--arg b "$BENCH_BATCH" --arg w "$BENCH_WARMUP" --arg p "$NAPI_RT_PRIO" \
		'{GEN_CPU: $g, SW_CPU: $s, SINK_ANNOUNCE: $a, BENCH_BATCH: $b,
		  BENCH_WARMUP: $w, NAPI_RT_PRIO: $p}' >"$CASE_DIR/settings"
	cut -d' ' -f1-3 /proc/loadavg >"$CASE_DIR/loadavg_before"
	cpu_busy 0.5 >"$CASE_DIR/busy_before"
	rm -f "$RESULTS/$CASE.json"
	[ "$(id -u)" = 0 ] || bench_unavailable "the bench needs root"
	# Until bench_finish replaces it, the result says the case did not
	# finish, in its own group: a crash or timeout is never silent.
	_assemble failed "did not finish (crashed, timed out or interrupted; see build/bench/logs/$CASE.log)"
	log "start"
}

# cpu_busy SECONDS: percent of all CPUs' time spent busy over SECONDS (from
# /proc/stat), i.e. how much other work there is before a case starts.
cpu_busy() {
	local a b
	a=$(awk '/^cpu / { print $2+$3+$4+$7+$8+$9, $5+$6 }' /proc/stat)
	sleep "$1"
	b=$(awk '/^cpu / { print $2+$3+$4+$7+$8+$9, $5+$6 }' /proc/stat)
	awk -v a="$a" -v b="$b" 'BEGIN { split(a, x); split(b, y);
		t = (y[1] - x[1]) + (y[2] - x[2]);
		printf "%.0f\n", (t > 0 ? 100 * (y[1] - x[1]) / t : 0) }'
}

bench_note() { printf '%s\n' "$*" >>"$CASE_DIR/notes"; }

# bench_value METRIC UNIT PARAMS_JSON VALUE [EXTRA_JSON]: one run's figure.
bench_value() {
	printf '{"metric":"%s","unit":"%s","params":%s,"value":%s,"extra":%s}\n' \
		"$1" "$2" "$3" "$4" "${5:-{\}}" >>"$CASE_DIR/values"
}

_assemble() { # status reason
	/usr/bin/python3 "$BENCH_ROOT/bench/results.py" assemble \
		--case "$CASE" --dir "$CASE_DIR" --status "$1" --reason "$2" \
		--runs "$BENCH_RUNS" --seconds "$BENCH_SECONDS" \
		--out "$RESULTS/$CASE.json"
}

bench_unavailable() {
	log "unavailable: $*"
	_assemble unavailable "$*"
	exit 0
}

bench_fail() {
	log "failed: $*"
	_assemble failed "$*"
	exit 1
}

bench_finish() {
	_assemble ok ""
	log "done -> $RESULTS/$CASE.json"
}

need() { # command... : unavailable unless each is on PATH
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null ||
			bench_unavailable "$c is not installed (make bench installs it via scripts/deps.sh bench)"
	done
}

need_tools() {
	local t
	for t in "$PKTGEN" "$SINK" "$FWD"; do
		[ -x "$t" ] || bench_fail "$t is missing: run make bench-tools"
	done
}

# --- topology ---------------------------------------------------------------

_ns_add() { # NS: created unless this case already did (xsw-upcalls reuses $NS_S)
	[ -e "/run/netns/$1" ] && return 0
	x ip netns add "$1"
	ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1
	ip -n "$1" link set lo up
}

# fwd_topology [direct]: the namespaces and veths drawn at the top; with
# "direct", no switch: g0's peer is k0.  Sets SINK_MAC.
fwd_topology() {
	need_tools
	_ns_add "$NS_G"
	[ "${1:-}" = direct ] || _ns_add "$NS_S"
	_ns_add "$NS_K"
	if [ "${1:-}" = direct ]; then
		x ip link add "$G0" netns "$NS_G" type veth peer "$K0" netns "$NS_K"
		x ip -n "$NS_G" link set "$G0" up
	else
		x ip link add "$G0" netns "$NS_G" type veth peer "$S0" netns "$NS_S"
		x ip link add "$S1" netns "$NS_S" type veth peer "$K0" netns "$NS_K"
		x ip -n "$NS_G" link set "$G0" up
		x ip -n "$NS_S" link set "$S0" up
		x ip -n "$NS_S" link set "$S1" up
	fi
	x ip -n "$NS_K" link set "$K0" up
	# GRO keeps k0's NAPI (and so its ability to take redirected frames)
	# alive between sink runs, whether or not the sink is attached.
	gro_on "$NS_K" "$K0"
	SINK_MAC=$(ip -n "$NS_K" -j link show "$K0" | jq -r '.[0].address')
	bench_note "IPv6 is off in the bench namespaces, so only generated frames reach the sink."
}

# gro_on NS DEV: GRO on DEV.  A veth only takes redirected (XDP) frames if
# its receiving end has NAPI; without an XDP program there, GRO gives it.
gro_on() {
	x ip netns exec "$1" ethtool -K "$2" gro on >/dev/null
}

# linux_bridge PORT...: Linux bridge $BR in the switch namespace with the
# PORTs, STP off, no forward delay, bridge-nf-call-* off (in that namespace
# only; the host's setting is untouched).
BR=${P}br
linux_bridge() {
	local port
	x ip netns exec "$NS_S" sysctl -qw net.bridge.bridge-nf-call-iptables=0 \
		net.bridge.bridge-nf-call-ip6tables=0 net.bridge.bridge-nf-call-arptables=0
	x ip -n "$NS_S" link add "$BR" type bridge forward_delay 0 stp_state 0
	for port in "$@"; do
		x ip -n "$NS_S" link set "$port" master "$BR"
	done
	x ip -n "$NS_S" link set "$BR" up
}

# fwd_start xdp|tc: xsw-fwd's reference forwarder from s0 to s1, held in
# place until the case ends.
fwd_start() {
	local ready=$BENCH_TMP/fwd.ready
	x bg "$FWD" --mode "$1" --in "$S0" --out "$S1" --netns "$NS_S" --ready-file "$ready"
	_wait_file "$ready" 10 "$BG_PID" || bench_fail "xsw-fwd did not attach"
}

# napi_pin NS DEV CPU: threaded NAPI for DEV, its kthread on CPU at
# SCHED_FIFO $NAPI_RT_PRIO.  DEV must already have NAPI (XDP or GRO).
napi_pin() {
	local ns=$1 dev=$2 cpu=$3 comm pids pid
	x ip netns exec "$ns" sh -c "echo 1 > /sys/class/net/$dev/threaded"
	comm="napi/$dev"
	comm=${comm:0:15}
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		pids=$(ps -eo pid=,comm= | awk -v c="$comm" 'index($2, c) == 1 { print $1 }')
		[ -n "$pids" ] && break
		sleep 0.1
	done
	[ -n "$pids" ] || bench_fail "no NAPI thread for $dev after enabling threaded NAPI"
	for pid in $pids; do
		x taskset -pc "$cpu" "$pid" >/dev/null
		x chrt -f -p "$NAPI_RT_PRIO" "$pid"
	done
	bench_note "$dev: threaded NAPI, kthread pinned to CPU $cpu at SCHED_FIFO $NAPI_RT_PRIO."
}

# --- measuring ----------------------------------------------------------------

_wait_file() { # path seconds pid
	local i
	for ((i = 0; i < $2 * 20; i++)); do
		[ -e "$1" ] && return 0
		kill -0 "$3" 2>/dev/null || return 1
		sleep 0.05
	done
	return 1
}

# gen_cmd SIZE FLOWS RATE SECONDS: sets GEN_CMD, the generator's command:
# xsw-pktgen on $GEN_CPU, out of g0, to the sink's MAC; RATE (pps) empty for
# no cap.
gen_cmd() {
	GEN_CMD=(taskset -c "$GEN_CPU" "$PKTGEN" --dev "$G0" --netns "$NS_G"
		--size "$1" --flows "$2" --duration "$4"
		--cpus "$GEN_CPU" --dst-mac "$SINK_MAC" --batch "$BENCH_BATCH")
	[ -z "$3" ] || GEN_CMD+=(--rate "$3")
}

# run_cmds SIZE FLOWS [RATE]: sets SINK_CMD and GEN_CMD for one_run.  The
# generator runs longer than the sink needs; one_run stops it (SIGINT).
SINK_READY=$BENCH_TMP/sink.ready
run_cmds() {
	SINK_CMD=(taskset -c "$SW_CPU" "$SINK" --dev "$K0" --netns "$NS_K"
		--duration "$BENCH_SECONDS" --warmup "$BENCH_WARMUP" --wait 5
		--announce "$SINK_ANNOUNCE" --ready-file "$SINK_READY")
	gen_cmd "$1" "$2" "${3:-}" \
		"$(awk -v a="$BENCH_SECONDS" -v b="$BENCH_WARMUP" 'BEGIN { print a + b + 8 }')"
}

# _tool_check NAME STATUS JSON ERRFILE: 0 if the tool exited 0 and printed
# one JSON object with no errors; else sets RUN_ERR and returns 1.
_tool_check() {
	local why=
	[ "$2" = 0 ] || why="exited with status $2"
	# (jq 1.6 -e takes empty input as success: hence -s.)
	if ! jq -se 'length == 1 and (.[0] | type == "object")' <<<"$3" >/dev/null 2>&1; then
		why="${why:+$why, }printed no JSON result"
	elif [ "$(jq '.errors | length' <<<"$3")" != 0 ]; then
		why="${why:+$why, }reported $(jq -c .errors <<<"$3")"
	fi
	[ -n "$why" ] || return 0
	RUN_ERR="$1 $why; stderr: $(tail -n 2 "$4" 2>/dev/null | tr '\n' ' ')"
	return 1
}

# one_run SIZE FLOWS [RATE]: one sink + generator run.  Returns 0 with
# RUN_SINK and RUN_GEN set to the tools' JSON, or 1 with RUN_ERR saying why
# (a tool did not start, exited non-zero, printed no JSON or reported
# errors).  Call it directly, not in $(...): it tracks its processes.
one_run() {
	local sout=$BENCH_TMP/sink.json gout=$BENCH_TMP/pktgen.json
	local serr=$BENCH_TMP/sink.err gerr=$BENCH_TMP/pktgen.err
	local spid gpid src=0 grc=0
	RUN_SINK="" RUN_GEN="" RUN_ERR=""
	run_cmds "$@"
	rm -f "$SINK_READY" "$sout" "$gout" "$serr" "$gerr"
	bg "${SINK_CMD[@]}" >"$sout" 2>"$serr"
	spid=$BG_PID
	if ! _wait_file "$SINK_READY" 10 "$spid"; then
		kill -TERM "$spid" 2>/dev/null
		bg_wait "$spid" || src=$?
		_tool_check xsw-sink "$src" "$(cat "$sout")" "$serr" ||
			RUN_ERR="xsw-sink did not start: $(tail -n 2 "$serr" | tr '\n' ' ')"
		return 1
	fi
	bg "${GEN_CMD[@]}" >"$gout" 2>"$gerr"
	gpid=$BG_PID
	bg_wait "$spid" || src=$?
	kill -INT "$gpid" 2>/dev/null
	bg_wait "$gpid" || grc=$?
	RUN_SINK=$(cat "$sout")
	RUN_GEN=$(cat "$gout")
	# The generator first: when it fails, the sink fails for want of frames.
	_tool_check xsw-pktgen "$grc" "$RUN_GEN" "$gerr" &&
		_tool_check xsw-sink "$src" "$RUN_SINK" "$serr"
}

# _record_runs WHAT SIZE FLOWS [RATE]: records the sink and generator
# commands once (for the first point), then freezes the command list: the
# runs that follow repeat them.
_record_runs() {
	run_cmds "$2" "$3" "${4:-}"
	record_comment "$BENCH_RUNS runs for $1; each:"
	record bg "${SINK_CMD[@]}"
	record "${GEN_CMD[@]}"
	record_comment "(the generator is stopped with SIGINT when the sink is done)"
	_cmds_frozen=1
}

# _measure_point LABEL SIZE FLOWS [RATE]: $BENCH_RUNS runs, each recorded
# as rx_pps (params size, flows and, if capped, rate in pps) with the
# offered rate alongside; a failed run is recorded as null with the reason.
_measure_point() {
	local label=$1 size=$2 flows=$3 rate=${4:-} params run pps
	params="{\"size\":$size,\"flows\":$flows${rate:+,\"rate\":$rate}}"
	for ((run = 1; run <= BENCH_RUNS; run++)); do
		if ! one_run "$size" "$flows" "$rate"; then
			bench_value rx_pps pps "$params" null \
				"$(jq -cn --arg e "$RUN_ERR" '{error: $e}')"
			log "$label, run $run: failed: $RUN_ERR"
			continue
		fi
		pps=$(jq -r '.pps' <<<"$RUN_SINK")
		bench_value rx_pps pps "$params" "$pps" \
			"$(jq -cn --argjson s "$RUN_SINK" --argjson g "$RUN_GEN" \
				'{offered_pps: $g.pps_sent, capped: $g.frames_capped, interval_pps: $s.interval_pps}')"
		log "$label, run $run: $(awk -v p="$pps" 'BEGIN { printf "%.3f Mpps", p / 1e6 }')"
	done
}

# fwd_measure: every size x flows, $BENCH_RUNS runs each.
fwd_measure() {
	local size flows
	_record_runs "each frame size in BENCH_SIZES ($BENCH_SIZES) and flow count in BENCH_FLOWS ($BENCH_FLOWS)" \
		"${BENCH_SIZES%% *}" "${BENCH_FLOWS%% *}"
	for size in $BENCH_SIZES; do
		for flows in $BENCH_FLOWS; do
			_measure_point "$size B, $flows flows" "$size" "$flows"
		done
	done
}

# paced_measure RATES: 64-byte frames, one flow, the generator capped at
# each rate in RATES (Mpps); $BENCH_RUNS runs each.
paced_measure() {
	local rate
	_record_runs "each rate cap in $1 Mpps (--rate in pps)" 64 1 \
		"$(_pps "${1%% *}")"
	for rate in $1; do
		_measure_point "capped at $rate Mpps" 64 1 "$(_pps "$rate")"
	done
}

_pps() { awk -v r="$1" 'BEGIN { printf "%.0f", r * 1e6 }'; }

# --- container-realistic cases ----------------------------------------------
#
#   [$P-a] ${P}a0 198.18.0.1 ==veth== ${P}sa [$P-sw: switch] ${P}sb ==veth== ${P}b0 198.18.0.2 [$P-b]
#
# Kernel defaults everywhere (no threaded NAPI, no pinning but iperf3's):
# this is what two containers on a host see.

NS_A=$P-a
NS_B=$P-b
A0=${P}a0
B0=${P}b0
SA=${P}sa
SB=${P}sb
IP_A=198.18.0.1
IP_B=198.18.0.2
BENCH_IPERF_SECONDS=${BENCH_IPERF_SECONDS:-3}
BENCH_PING_COUNT=${BENCH_PING_COUNT:-200}

ct_topology() {
	need iperf3 ping
	_ns_add "$NS_A"
	_ns_add "$NS_B"
	_ns_add "$NS_S"
	x ip link add "$A0" netns "$NS_A" type veth peer "$SA" netns "$NS_S"
	x ip link add "$B0" netns "$NS_B" type veth peer "$SB" netns "$NS_S"
	x ip -n "$NS_A" addr add "$IP_A/24" dev "$A0"
	x ip -n "$NS_B" addr add "$IP_B/24" dev "$B0"
	x ip -n "$NS_A" link set "$A0" up
	x ip -n "$NS_B" link set "$B0" up
	x ip -n "$NS_S" link set "$SA" up
	x ip -n "$NS_S" link set "$SB" up
}

# ct_measure: ping RTT, iperf3 TCP and UDP from a to b, $BENCH_RUNS each.
ct_measure() {
	local run out v i
	local -a ping_cmd iperf_server iperf_client udp_args=(-u -b 0 -l 1400)
	ping_cmd=(ip netns exec "$NS_A" ping -c "$BENCH_PING_COUNT" -i 0.005 -q "$IP_B")
	# -1: the server takes one client and exits; started before each.
	iperf_server=(ip netns exec "$NS_B" taskset -c "$SW_CPU" iperf3 -s -1 -B "$IP_B")
	iperf_client=(ip netns exec "$NS_A" taskset -c "$GEN_CPU" iperf3 -c "$IP_B"
		-t "$BENCH_IPERF_SECONDS" -J)
	for i in $(seq 50); do
		ip netns exec "$NS_A" ping -c 1 -W 1 -q "$IP_B" >/dev/null 2>&1 && break
		[ "$i" = 50 ] && bench_fail "$IP_B does not answer pings through the switch"
		sleep 0.1
	done
	record_comment "$BENCH_RUNS runs of:"
	record "${ping_cmd[@]}"
	record bg "${iperf_server[@]}"
	record "${iperf_client[@]}"
	record bg "${iperf_server[@]}"
	record "${iperf_client[@]}" "${udp_args[@]}"
	_cmds_frozen=1
	for ((run = 1; run <= BENCH_RUNS; run++)); do
		out=$("${ping_cmd[@]}" 2>&1)
		# rtt min/avg/max/mdev = 0.030/0.045/0.101/0.010 ms
		v=$(sed -n 's|^rtt [^=]*= \([0-9.]*\)/\([0-9.]*\)/\([0-9.]*\)/.*|\1 \2 \3|p' <<<"$out")
		if [ -n "$v" ]; then
			set -- $v
			bench_value ping_rtt_avg us '{}' "$(awk -v a="$2" 'BEGIN { print a * 1000 }')" \
				"{\"min_us\":$(awk -v a="$1" 'BEGIN { print a * 1000 }'),\"max_us\":$(awk -v a="$3" 'BEGIN { print a * 1000 }')}"
			log "ping run $run: avg $2 ms"
		else
			bench_value ping_rtt_avg us '{}' null "{\"error\":$(jq -Rs . <<<"$out")}"
		fi
		_iperf iperf3_tcp '{}' '{retransmits: .end.sum_sent.retransmits}'
		# Received (goodput): the client sends as fast as it can (-b 0).
		_iperf iperf3_udp_received '{"len":1400}' \
			'{sent_bps: .end.sum_sent.bits_per_second, lost_percent: .end.sum.lost_percent, packets: .end.sum.packets}' \
			"${udp_args[@]}"
	done
}

# _iperf METRIC PARAMS_JSON EXTRA_JQ CLIENT_ARGS...: one iperf3 run (server
# and client of ct_measure), its received bits/s recorded as METRIC.
_iperf() {
	local metric=$1 params=$2 extra=$3 out spid bps
	shift 3
	bg "${iperf_server[@]}" >/dev/null 2>&1
	spid=$BG_PID
	sleep 0.3
	out=$("${iperf_client[@]}" "$@" 2>&1)
	bps=$(jq -r '.end.sum_received.bits_per_second // empty' <<<"$out" 2>/dev/null)
	# Without a client run the server would wait for one for ever.
	[ -n "$bps" ] || kill -TERM "$spid" 2>/dev/null
	bg_wait "$spid" 2>/dev/null
	if [ -n "$bps" ]; then
		bench_value "$metric" bps "$params" "$bps" "$(jq -c "$extra" <<<"$out")"
		log "$metric: $(awk -v b="$bps" 'BEGIN { printf "%.2f Gbit/s", b / 1e9 }')"
	else
		bench_value "$metric" bps "$params" null "{\"error\":$(jq -Rs . <<<"${out:0:400}")}"
		log "$metric failed: ${out:0:200}"
	fi
}
