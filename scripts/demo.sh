#!/usr/bin/env bash
# make demo: three network namespaces as containers, attached to an xsw
# bridge, talking through XDP.  Runs xswd on a temporary state dir and
# pin dir, and removes everything when it ends (or is interrupted).
set -u
cd "$(dirname "$0")/.."
B=${BUILD:-build}
[[ $B == /* ]] || B=$PWD/$B
[ "$(id -u)" -eq 0 ] || { echo "demo: run as root (XDP and namespaces need it)" >&2; exit 1; }

P=xd$$
STATE=$(mktemp -d /tmp/xsw-demo.XXXXXX)
PIN=/sys/fs/bpf/xsw-demo-$$
export XSW_SOCKET=$STATE/run/xswd.sock
XSWD=$B/xswd
. tests/system/xswd.sh
xsw() { echo "\$ xsw $*"; "$B/xsw" "$@"; }
IPERF_PID=

cleanup() {
	echo
	echo "== cleaning up"
	[ -n "$IPERF_PID" ] && kill "$IPERF_PID" 2>/dev/null && wait "$IPERF_PID" 2>/dev/null
	xswd_cleanup_all >/dev/null 2>&1
	for n in 1 2 3; do ip netns del "${P}-c$n" 2>/dev/null; done
	rm -rf "$STATE"
	echo "removed the namespaces, the bridge, the pins in $PIN and $STATE"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== three containers: network namespaces ${P}-c1..3, each with eth0 (a veth)"
for n in 1 2 3; do
	ip netns add "${P}-c$n"
	ip link add "${P}-h$n" type veth peer name eth0 netns "${P}-c$n"
	ip -n "${P}-c$n" addr add "10.42.0.$n/24" dev eth0
	ip -n "${P}-c$n" addr add "fd42::$n/64" dev eth0 nodad
	ip -n "${P}-c$n" link set eth0 up
	ip -n "${P}-c$n" link set lo up
	ip link set "${P}-h$n" up
done

echo "== starting xswd (state in $STATE, fast path pinned in $PIN)"
xswd_track "$STATE" "$PIN"
xswd_start_in "$STATE" "$PIN" || exit 1

xsw add-br br0
for n in 1 2 3; do xsw add-port br0 "${P}-h$n"; done
echo
echo "== the containers talk through XDP (first packet included)"
for a in 1 2 3; do
	for b in 1 2 3; do
		[ $a = $b ] && continue
		printf 'c%s -> c%s  IPv4: ' $a $b
		ip netns exec "${P}-c$a" ping -c 1 -W 2 "10.42.0.$b" | grep -o 'time=.*' || echo FAILED
		printf 'c%s -> c%s  IPv6: ' $a $b
		ip netns exec "${P}-c$a" ping -6 -c 1 -W 2 "fd42::$b" | grep -o 'time=.*' || echo FAILED
	done
done
if command -v iperf3 >/dev/null; then
	echo
	echo "== TCP c1 -> c2 (iperf3, 3 s)"
	ip netns exec "${P}-c2" iperf3 -s -1 >/dev/null &
	IPERF_PID=$!
	for _ in $(seq 50); do
		ip netns exec "${P}-c2" ss -Htln 'sport = :5201' | grep -q . && break
		sleep 0.1
	done
	ip netns exec "${P}-c1" iperf3 -c 10.42.0.2 -t 3 | grep -E 'receiver'
fi
echo
xsw show
echo
xsw stats
echo
xsw fdb-show br0
