#!/usr/bin/env bash
# The bench suite: runs bench/cases/*.sh (or the named ones), then writes
# docs/benchmarks.md and docs/benchmarks.png from every result present.
#
#   bench/run.sh                 all cases
#   bench/run.sh bridge xsw      those cases (file names without .sh)
#   bench/run.sh --report        only rebuild the report from the results
#
# Knobs (environment): BENCH_RUNS (3), BENCH_SECONDS (2, measured per run),
# BENCH_WARMUP (0.5), BENCH_SIZES ("64 1500"), BENCH_FLOWS ("1 1000
# 100000"), GEN_CPU (0), SW_CPU (1), BENCH_CASE_TIMEOUT (300 s).
# Results: build/bench/results/CASE.json; logs: build/bench/logs/CASE.log.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
export BUILD
RESULTS=$BUILD/bench/results
LOGS=$BUILD/bench/logs
TIMEOUT=${BENCH_CASE_TIMEOUT:-300}
PY=/usr/bin/python3
# The report's order (bench/report.py ORDER); cases not listed there run
# afterwards in name order.
mapfile -t ORDER < <($PY bench/report.py --order)

report() {
	$PY bench/report.py --results "$RESULTS" --md docs/benchmarks.md \
		--png docs/benchmarks.png
}

if [ "${1:-}" = --report ]; then
	report
	exit
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "bench/run.sh: needs root (namespaces, XDP, threaded NAPI)" >&2
	exit 1
fi

all=()
for c in "${ORDER[@]}"; do [ -f "bench/cases/$c.sh" ] && all+=("$c"); done
for f in bench/cases/*.sh; do
	c=$(basename "$f" .sh)
	[[ " ${all[*]} " == *" $c "* ]] || all+=("$c")
done
if [ $# -gt 0 ]; then
	cases=()
	for c in "$@"; do
		if [ ! -f "bench/cases/$c.sh" ]; then
			echo "bench/run.sh: no case '$c'; cases: ${all[*]}" >&2
			exit 2
		fi
		cases+=("$c")
	done
else
	cases=("${all[@]}")
fi

# One bench at a time on this machine: two runs would skew each other's
# figures (the report would not show it).  Waits for a running one.
exec 9>/run/lock/xsw-bench.lock
if ! flock -n 9; then
	echo "bench/run.sh: another bench run is going on; waiting for it" >&2
	flock 9
fi

for t in xsw-pktgen xsw-sink xsw-fwd; do
	[ -x "$BUILD/$t" ] || make -s BUILD="$BUILD" bench-tools || exit 1
done
mkdir -p "$RESULTS" "$LOGS"

# Leftovers of a case that was killed hard (its EXIT trap could not run):
# bench namespaces, DPDK runtime dirs and xsw pins whose owner pid is gone.
sweep() {
	local ns pid d
	for ns in $(ip netns list 2>/dev/null | awk '{print $1}'); do
		[[ $ns =~ ^xb([0-9]+)-(gen|sw|sink|a|b)$ ]] || continue
		pid=${BASH_REMATCH[1]}
		kill -0 "$pid" 2>/dev/null || ip netns del "$ns" 2>/dev/null
	done
	for d in /var/run/dpdk/xb* /sys/fs/bpf/xsw-bench-*; do
		[ -e "$d" ] || continue
		[[ $d =~ ([0-9]+)$ ]] || continue
		kill -0 "${BASH_REMATCH[1]}" 2>/dev/null || rm -rf "$d"
	done
}

started=$(date +%s)
$PY - "$RESULTS/machine.json" "$BUILD" "${cases[@]}" <<'PYEOF'
import json, os, platform, subprocess, sys, time
def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True,
                              timeout=20).stdout.strip()
    except Exception:
        return ""
out, build, cases = sys.argv[1], sys.argv[2], sys.argv[3:]
m = {
    "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    "kernel": platform.release(),
    "os": sh(". /etc/os-release && echo $PRETTY_NAME"),
    "cpu": sh("lscpu | sed -n 's/^Model name: *//p'"),
    "cpus": os.cpu_count(),
    "memory": sh("free -h | awk '/^Mem:/ {print $2}'"),
    "virtualization": sh("systemd-detect-virt 2>/dev/null || lscpu | sed -n 's/^Hypervisor vendor: *//p'"),
    "loadavg_before": open("/proc/loadavg").read().split()[:3],
    "clang": sh("clang --version | head -n 1"),
    "libbpf": sh("dpkg-query -W -f='${Version}' libbpf1"),
    "libxdp": sh("dpkg-query -W -f='${Version}' libxdp1"),
    "iproute2": sh("ip -V"),
    "openvswitch": sh("ovs-vswitchd --version | head -n 1"),
    "dpdk": sh("dpkg-query -W -f='${Version}' dpdk"),
    "iperf3": sh("iperf3 --version | head -n 1"),
    "commit": sh("git log -1 --format='%h %s'"),
    "tree_dirty": bool(sh("git status --porcelain --untracked-files=no")),
    "cases": cases,
    "env": {k: v for k, v in os.environ.items() if k.startswith("BENCH_") or k in ("GEN_CPU", "SW_CPU")},
}
json.dump(m, open(out, "w"), indent=1)
PYEOF

# record_failure CASE REASON: a result saying why CASE has no figures.
record_failure() {
	local d
	d=$(mktemp -d)
	# Keep the title and group the case gave itself, if it got that far.
	jq -j '.title // empty' "$RESULTS/$1.json" >"$d/title" 2>/dev/null
	jq -j '.group // empty' "$RESULTS/$1.json" >"$d/group" 2>/dev/null
	[ -s "$d/title" ] || echo "$1" >"$d/title"
	[ -s "$d/group" ] || rm -f "$d/group"
	$PY bench/results.py assemble --case "$1" --dir "$d" --status failed \
		--reason "$2" --out "$RESULTS/$1.json"
	rm -rf "$d"
	echo "  $1: FAILED ($2)" >&2
}

failed=0
for c in "${cases[@]}"; do
	sweep
	t0=$(date +%s)
	echo "=== $c" >&2
	# timeout puts the case in its own process group; on our way out we
	# stop that group, so the case's EXIT trap cleans up.
	timeout -k 15 "$TIMEOUT" bash "bench/cases/$c.sh" >"$LOGS/$c.log" 2>&1 &
	case_pid=$!
	trap 'kill -TERM -- -$case_pid 2>/dev/null; wait $case_pid; sweep
		record_failure "$c" "interrupted (the bench run was stopped)"; exit 130' INT TERM HUP
	wait "$case_pid"
	rc=$?
	trap - INT TERM HUP
	t1=$(date +%s)
	grep -E '\] (start|done|failed|unavailable|[0-9]+ B,)' "$LOGS/$c.log" |
		sed 's/^/  /' >&2
	if [ ! -f "$RESULTS/$c.json" ] || [ "$(stat -c %Y "$RESULTS/$c.json")" -lt "$t0" ] ||
		jq -e '.reason | startswith("did not finish")' "$RESULTS/$c.json" >/dev/null 2>&1; then
		reason="exited with status $rc without a result"
		[ $rc -eq 124 ] && reason="timed out after ${TIMEOUT}s"
		record_failure "$c" "$reason; last lines of $LOGS/$c.log: $(tail -n 3 "$LOGS/$c.log" | tr '\n' ' ')"
	fi
	# Failed: recorded above, by the case (bench_fail) or by results.py (no
	# run gave a figure).
	[ "$(jq -r .status "$RESULTS/$c.json" 2>/dev/null)" = failed ] &&
		failed=$((failed + 1))
	$PY - "$RESULTS/$c.json" "$((t1 - t0))" <<'PYEOF'
import json, sys
p, s = sys.argv[1], int(sys.argv[2])
r = json.load(open(p)); r["wall_seconds"] = s
json.dump(r, open(p, "w"), indent=1)
PYEOF
done
sweep
ended=$(date +%s)
$PY - "$RESULTS/machine.json" "$((ended - started))" <<'PYEOF'
import json, sys
p = sys.argv[1]; m = json.load(open(p))
m["wall_seconds"] = int(sys.argv[2])
m["loadavg_after"] = open("/proc/loadavg").read().split()[:3]
json.dump(m, open(p, "w"), indent=1)
PYEOF
echo "bench: ${#cases[@]} cases in $(((ended - started) / 60))m$(((ended - started) % 60))s, $failed failed" >&2
report
