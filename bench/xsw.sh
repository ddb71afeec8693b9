# xsw run privately for one case (sourced by bench/cases/xsw*.sh after
# lib.sh): xswd in the switch namespace (entered with nsenter --net, which
# keeps /sys/fs/bpf visible, unlike `ip netns exec`), its db, run dir and
# bpffs pins named after the case, stopped and cleaned up (xswd --cleanup:
# detaches XDP, restores veth peers, unpins) on every exit path.

XSWD=$BUILD/xswd
XSW=$BUILD/xsw
XSW_DIR=
XSW_PIN=

xsw_stop() {
	[ -n "$XSW_DIR" ] || return 0
	local pid
	pid=$(cat "$XSW_DIR/run/xswd.pid" 2>/dev/null)
	if [ -n "$pid" ]; then
		kill -TERM "$pid" 2>/dev/null
		for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
		kill -KILL "$pid" 2>/dev/null
	fi
	nsenter --net="/run/netns/$NS_S" "$XSWD" --cleanup --db "$XSW_DIR/conf.json" \
		--run-dir "$XSW_DIR/run" --pin-dir "$XSW_PIN" >/dev/null 2>&1
	[ -n "$XSW_PIN" ] && rm -rf "$XSW_PIN"
	return 0
}

# xsw_start: xswd running, XSW_SOCKET exported for the CLI.
xsw_start() {
	[ -x "$XSWD" ] && [ -x "$XSW" ] ||
		bench_unavailable "xswd/xsw are not built ($XSWD, $XSW): run make"
	XSW_DIR=$BENCH_TMP/xsw
	XSW_PIN=/sys/fs/bpf/xsw-bench-$$
	mkdir -p "$XSW_DIR/run"
	bench_on_exit xsw_stop
	# shellcheck disable=SC2086 # XSWD_ARGS: extra options, word-split
	x nsenter --net="/run/netns/$NS_S" "$XSWD" --db "$XSW_DIR/conf.json" \
		--run-dir "$XSW_DIR/run" --pin-dir "$XSW_PIN" --detach ${XSWD_ARGS:-} \
		>"$XSW_DIR/xswd.out" 2>&1 ||
		bench_fail "xswd did not start: $(tail -n 3 "$XSW_DIR/xswd.out" "$XSW_DIR/run/xswd.log" 2>/dev/null | tr '\n' ' ')"
	export XSW_SOCKET=$XSW_DIR/run/xswd.sock
	record export "XSW_SOCKET=$XSW_SOCKET"
	for _ in $(seq 50); do [ -S "$XSW_SOCKET" ] && break; sleep 0.1; done
	XSW_VERSION=$(git -C "$BENCH_ROOT" log -1 --format='%h %cs' 2>/dev/null)
	bench_note "xsw at commit $XSW_VERSION (working tree as built in $BUILD); xswd in the switch namespace, pins under $XSW_PIN."
}

# xsw_bridge BR PORT...: bridge BR with the PORTs (xsw sets up their peers).
xsw_bridge() {
	local br=$1 port out
	shift
	out=$(x "$XSW" add-br "$br" 2>&1) || bench_fail "xsw add-br $br: $out"
	for port in "$@"; do
		out=$(x "$XSW" add-port "$br" "$port" 2>&1) ||
			bench_fail "xsw add-port $br $port: $out"
	done
}

# xsw_fwd_switch: the forwarding topology with xsw as the switch: bridge br0
# with s0 and s1.
xsw_fwd_switch() {
	fwd_topology
	xsw_start
	xsw_bridge br0 "$S0" "$S1"
}

# Two rules on tp_src and a /32 of nw_src: every (source address, source
# port) of the generator becomes a cache entry of its own.  Its frames miss
# both (source ports from 1024; source 198.18.0.255 only for flows 260,096
# to 261,119), so they end in the implicit NORMAL rule: to the sink.
XSW_FLOW_RULES=("priority=10,udp,tp_src=1,actions=drop"
	"priority=10,udp,nw_src=198.18.0.255,actions=drop")
_xsw_rules_recorded=0

# xsw_flow_rules BR: adds XSW_FLOW_RULES to BR (recorded the first time).
xsw_flow_rules() {
	local r
	for r in "${XSW_FLOW_RULES[@]}"; do
		if [ "$_xsw_rules_recorded" = 0 ]; then
			x "$XSW" add-flow "$1" "$r" >/dev/null || return 1
		else
			"$XSW" add-flow "$1" "$r" >/dev/null || return 1
		fi
	done
	_xsw_rules_recorded=1
}

# xsw_save_stats NAME: `xsw stats --json` into the results directory.
xsw_save_stats() {
	"$XSW" stats --json >"$RESULTS/$1.xsw-stats.json" 2>/dev/null &&
		bench_note "xsw stats --json after the runs: build/bench/results/$1.xsw-stats.json"
}
