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

xsw_cli() { "$XSW" "$@"; }

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

# xsw_bridge: bridge br0 with s0 and s1 as ports (xsw sets up their peers).
xsw_bridge() {
	local out
	out=$(x "$XSW" add-br br0 2>&1) || bench_fail "xsw add-br br0: $out"
	out=$(x "$XSW" add-port br0 "$S0" 2>&1) || bench_fail "xsw add-port br0 $S0: $out"
	out=$(x "$XSW" add-port br0 "$S1" 2>&1) || bench_fail "xsw add-port br0 $S1: $out"
}

# xsw_save_stats NAME: `xsw stats --json` into the results directory.
xsw_save_stats() {
	xsw_cli stats --json >"$RESULTS/$1.xsw-stats.json" 2>/dev/null &&
		bench_note "xsw stats --json after the runs: build/bench/results/$1.xsw-stats.json"
}
