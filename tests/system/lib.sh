# Shared helpers of the system tests (source it).
#
# Each test gets its own names, built from its pid: namespaces and
# interfaces "${P}..." (P=xt<pid>), a temp dir for xswd's db and run dir,
# and a bpffs pin dir, so two runs never collide.  Everything is removed
# on every exit path (trap), and traffic only goes between namespaces the
# test made.  Output is TAP: "ok N - what" / "not ok N - what".

set -u
XSW_BUILD=${XSW_BUILD:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/build}
XSW=$XSW_BUILD/xsw
XSWD=$XSW_BUILD/xswd
P=xt$$
T_DIR=$(mktemp -d /tmp/xsw-test.XXXXXX)
PIN_DIR=/sys/fs/bpf/xsw-test-$$
export XSW_SOCKET=$T_DIR/run/xswd.sock
T_N=0
T_FAILED=0
NAMESPACES=()
HOST_IFS=()
BG_PIDS=()
NETUTIL="python3 $(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/netutil.py"

# bg N command...: runs a command in container N in the background, its
# output discarded; it is killed on exit.  bg_out FILE N command... does the
# same with the command's stdout in FILE.  $! is the command's pid.
bg() { bg_out /dev/null "$@" 2>/dev/null; }
bg_out() {
	local out=$1 ns=${P}n$2
	shift 2
	ip netns exec "$ns" "$@" >"$out" &
	BG_PIDS+=($!)
}

ok() { T_N=$((T_N + 1)); echo "ok $T_N - $*"; }
not_ok() {
	T_N=$((T_N + 1))
	T_FAILED=$((T_FAILED + 1))
	echo "not ok $T_N - $*"
}

# check "what" command...: one test, passing when the command succeeds.
check() {
	local what=$1
	shift
	local out
	if out=$("$@" 2>&1); then
		ok "$what"
	else
		not_ok "$what"
		printf '%s\n' "$out" | sed 's/^/#   /' | head -20
	fi
}

# check_fails "what" command...: passes when the command fails.
check_fails() {
	local what=$1
	shift
	if "$@" >/dev/null 2>&1; then not_ok "$what"; else ok "$what"; fi
}

# expect_error "what" "message fragment" xsw-args...: the CLI must fail
# with a non-zero status and say something containing the fragment.
expect_error() {
	local what=$1 frag=$2 out rc
	shift 2
	out=$("$XSW" "$@" 2>&1)
	rc=$?
	if [ $rc -ne 0 ] && grep -qF -- "$frag" <<<"$out"; then
		ok "$what"
	else
		not_ok "$what"
		echo "#   exit $rc, output: $out"
	fi
}

# The test's own xswd: state in $T_DIR, pins in $PIN_DIR.  Others can run
# beside it with the *_in helpers of xswd.sh (cleaned up on exit as well).
. "$(dirname "${BASH_SOURCE[0]}")/xswd.sh"
xswd_track "$T_DIR" "$PIN_DIR"
xswd_start() { xswd_start_in "$T_DIR" "$PIN_DIR" --log-level debug "$@"; }
xswd_pid() { xswd_pid_in "$T_DIR"; }
xswd_stop() { xswd_stop_in "$T_DIR"; }
xswd_cleanup() { xswd_cleanup_in "$T_DIR" "$PIN_DIR"; }

# container N: namespace ${P}n$N with eth0 (10.99.0.N/24, fd99::N/64),
# its host end ${P}h$N in the root namespace.
container() {
	local n=$1 ns=${P}n$1 host=${P}h$1
	ip netns add "$ns" || return 1
	NAMESPACES+=("$ns")
	ip link add "$host" type veth peer name eth0 netns "$ns" || return 1
	HOST_IFS+=("$host")
	ip -n "$ns" addr add "10.99.0.$n/24" dev eth0
	ip -n "$ns" addr add "fd99::$n/64" dev eth0 nodad
	ip -n "$ns" link set lo up
	ip -n "$ns" link set eth0 up
	ip link set "$host" up
}

in_ns() { # N command...
	local ns=${P}n$1
	shift
	ip netns exec "$ns" "$@"
}

# json_get FILE EXPR: evaluates a Python expression over the JSON in FILE
# (or stdin with "-") bound to d, e.g. json_get x.json 'd["end"]["sum_received"]'.
json_get() {
	python3 -c 'import json, sys
f = sys.stdin if sys.argv[1] == "-" else open(sys.argv[1])
d = json.load(f)
print(eval(sys.argv[2]))' "$1" "$2"
}

# same FILE1 FILE2: the files are equal, and not empty (an empty one is the
# output of a command that failed, and two of them would compare equal).
same() {
	local f
	for f in "$1" "$2"; do
		[ -s "$f" ] || { echo "$f is empty"; return 1; }
	done
	diff "$1" "$2"
}

# port_status IFACE: a port's status in `xsw show` (up, missing, ...).
port_status() {
	"$XSW" show --json | json_get - "[p['status'] for b in d['bridges'] for p in b['ports'] if p['name'] == '$1'][0]"
}

# wait_status IFACE STATUS: until the port has STATUS (3 s at most).
wait_status() {
	for _ in $(seq 30); do
		[ "$(port_status "$1")" = "$2" ] && return 0
		sleep 0.1
	done
	echo "status of $1: $(port_status "$1"), wanted $2"
	return 1
}

# port_counter IFACE FIELD: a port's counter from `xsw stats --json`; FIELD
# may be a path, e.g. drops.flow_drop.
port_counter() {
	local expr="d['ports'][0]" key
	for key in ${2//./ }; do expr+="['$key']"; done
	"$XSW" stats "$1" --json | json_get - "$expr"
}

# xdp_mode IFACE: how an XDP program is attached to IFACE (root namespace):
# drv (native), skb (generic), hw, multi, or none; nothing if ip fails.
xdp_mode() {
	ip -j link show dev "$1" | json_get - \
		"{1: 'drv', 2: 'skb', 3: 'hw', 4: 'multi'}.get(d[0].get('xdp', {}).get('mode'), 'none')"
}

# has_xdp IFACE: IFACE runs an XDP program in driver mode, as ports do.
has_xdp() { [ "$(xdp_mode "$1")" = drv ]; }

# wait_port N udp|tcp PORT: until a socket is bound to PORT in container N.
wait_port() {
	local flag=-uln
	[ "$2" = tcp ] && flag=-tln
	for _ in $(seq 100); do
		in_ns "$1" ss -H $flag "sport = :$3" 2>/dev/null | grep -q . && return 0
		sleep 0.05
	done
	echo "# nothing listens on $2 port $3 in container $1"
	return 1
}

# peer_offloads N: container N's eth0 offloads as "gro=on tx=off" etc.;
# nothing if ethtool does not say.
peer_offloads() {
	in_ns "$1" ethtool -k eth0 2>/dev/null | awk '
		/^generic-receive-offload:/ { g = $2 }
		/^tx-checksumming:/ { t = $2 }
		END { if (g != "" && t != "") printf "gro=%s tx=%s\n", g, t }'
}

# offloads_are N WANTED: container N's offloads (as peer_offloads prints
# them) are WANTED, which must not be empty.
offloads_are() {
	local got
	got=$(peer_offloads "$1")
	[ -n "$2" ] && [ "$got" = "$2" ] && return 0
	echo "offloads of container $1: '$got', wanted '$2'"
	return 1
}

cleanup_all() {
	local rc=$?
	for pid in "${BG_PIDS[@]}"; do kill "$pid" 2>/dev/null; done
	for pid in "${BG_PIDS[@]}"; do wait "$pid" 2>/dev/null; done
	xswd_cleanup_all
	for ns in "${NAMESPACES[@]}"; do ip netns del "$ns" 2>/dev/null; done
	for ifc in "${HOST_IFS[@]}"; do ip link del "$ifc" 2>/dev/null; done
	if [ "$T_FAILED" -gt 0 ] && [ -f "$T_DIR/run/xswd.log" ]; then
		echo "# xswd log:"
		tail -30 "$T_DIR/run/xswd.log" | sed 's/^/#   /'
	fi
	rm -rf "$T_DIR"
	echo "1..$T_N"
	[ "$T_FAILED" -eq 0 ] && [ $rc -eq 0 ] && exit 0
	exit 1
}
trap cleanup_all EXIT
trap 'exit 130' INT TERM

need() {
	for c in "$@"; do
		command -v "$c" >/dev/null || { not_ok "missing tool $c"; exit 1; }
	done
}
need ip ping ethtool
[ -x "$XSWD" ] && [ -x "$XSW" ] || { not_ok "build $XSWD and $XSW first (make)"; exit 1; }
