# xswd instances for the system tests (lib.sh) and scripts/demo.sh (source
# it; set XSWD to the daemon's path first).
#
# An instance is a state dir DIR (DIR/conf.json; DIR/run with the control
# socket, the pid file and, detached, the log) and a bpffs pin dir PIN.
# xswd_track DIR PIN names an instance to xswd_cleanup_all (call that on
# exit), which stops it and removes what it set up, whatever happened before.
# Track an instance before starting it, and not in a subshell (such as
# check's): the list is a variable of the shell.

XSWD_DIRS=()
XSWD_PINS=()
xswd_track() { # DIR PIN
	XSWD_DIRS+=("$1")
	XSWD_PINS+=("$2")
}

# xswd_start_in DIR PIN [xswd options...]: starts an instance; returns once
# it serves (xswd --detach).
xswd_start_in() {
	local dir=$1 pin=$2
	shift 2
	mkdir -p "$dir"
	"$XSWD" --db "$dir/conf.json" --run-dir "$dir/run" --pin-dir "$pin" \
		--detach "$@"
}

xswd_pid_in() { cat "$1/run/xswd.pid" 2>/dev/null; } # DIR

# xswd_exited PID TENTHS: whether PID ends within TENTHS tenths of a second.
xswd_exited() {
	for _ in $(seq "$2"); do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 0.1
	done
	! kill -0 "$1" 2>/dev/null
}

# xswd_stop_in DIR: SIGTERM, and waits until the daemon has exited.  One
# that is still there after 5 s gets SIGKILL, and the stop fails.
xswd_stop_in() {
	local pid
	pid=$(xswd_pid_in "$1")
	[ -n "$pid" ] || return 0
	kill "$pid" 2>/dev/null || return 0
	xswd_exited "$pid" 50 && return 0
	echo "# xswd $pid ignored SIGTERM for 5 s: SIGKILL"
	kill -9 "$pid" 2>/dev/null
	xswd_exited "$pid" 20
	return 1
}

# xswd_cleanup_in DIR PIN: xswd --cleanup (refused while the daemon runs).
xswd_cleanup_in() {
	"$XSWD" --cleanup --db "$1/conf.json" --run-dir "$1/run" \
		--pin-dir "$2" >/dev/null
}

# Stops every instance started here and removes its ports, pins and config.
xswd_cleanup_all() {
	local i
	for i in "${!XSWD_DIRS[@]}"; do
		xswd_stop_in "${XSWD_DIRS[$i]}"
		[ -e "${XSWD_PINS[$i]}" ] &&
			xswd_cleanup_in "${XSWD_DIRS[$i]}" "${XSWD_PINS[$i]}"
		rm -rf "${XSWD_PINS[$i]}" 2>/dev/null
	done
	return 0
}
