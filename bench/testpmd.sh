# DPDK testpmd, io forwarding between two vdevs on s0 and s1 (sourced by
# bench/cases/testpmd-*.sh after lib.sh).  No hugepages (--no-huge), its
# own --file-prefix (runtime dir /var/run/dpdk/PREFIX, removed on exit),
# main lcore on $GEN_CPU and the one forwarding lcore alone on $SW_CPU.

testpmd_stop() {
	[ -n "${TESTPMD_PID:-}" ] && kill -INT "$TESTPMD_PID" 2>/dev/null
	for _ in $(seq 50); do
		kill -0 "${TESTPMD_PID:-0}" 2>/dev/null || break
		sleep 0.1
	done
	[ -n "${TESTPMD_PID:-}" ] && kill -KILL "$TESTPMD_PID" 2>/dev/null
	rm -rf "/var/run/dpdk/$P"
	return 0
}

# testpmd_start VDEV0 VDEV1: waits until forwarding has started.
testpmd_start() {
	need dpdk-testpmd
	local logf=$BENCH_TMP/testpmd.log
	bench_on_exit testpmd_stop
	x bg ip netns exec "$NS_S" dpdk-testpmd -l "$GEN_CPU,$SW_CPU" --main-lcore "$GEN_CPU" \
		--no-huge -m 1024 --no-pci --file-prefix "$P" --log-level=pmd.net.af_xdp:info \
		--vdev "$1" --vdev "$2" -- \
		--forward-mode=io --nb-cores=1 --auto-start --stats-period 600 \
		>"$logf" 2>&1
	TESTPMD_PID=$BG_PID
	for _ in $(seq 200); do
		grep -q 'Press enter to exit\|io packet forwarding - ports=2' "$logf" 2>/dev/null && break
		kill -0 "$TESTPMD_PID" 2>/dev/null || break
		sleep 0.1
	done
	if ! kill -0 "$TESTPMD_PID" 2>/dev/null ||
		! grep -q 'io packet forwarding' "$logf"; then
		TESTPMD_ERR=$(grep -i -E 'error|fail|cannot|unable' "$logf" | head -n 4 | tr '\n' ' ')
		[ -n "$TESTPMD_ERR" ] || TESTPMD_ERR=$(tail -n 4 "$logf" | tr '\n' ' ')
		return 1
	fi
	sleep 1
	bench_note "$(dpdk-testpmd --version 2>/dev/null | head -n 1 || true)testpmd io forwarding, --no-huge, main lcore on CPU $GEN_CPU, forwarding lcore on CPU $SW_CPU."
}
