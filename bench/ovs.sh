# Open vSwitch's userspace datapath, run privately for one case (sourced by
# bench/cases/ovs-*.sh after lib.sh).  ovsdb-server and ovs-vswitchd run in
# the switch namespace with their db, sockets, pidfiles and logs under the
# case's temporary directory, so nothing touches the host's OVS (none runs
# here; the package's services are never started) and nothing outlives the
# case: the EXIT hook stops both and the directory is removed.

OVS_DIR=
OVS_CTL=() # ovs-vsctl on the private db, set by ovs_start
ovs_ctl() { "${OVS_CTL[@]}" "$@"; }

ovs_stop() {
	[ -n "$OVS_DIR" ] || return 0
	local f pid
	in_sw ovs-appctl -t "$OVS_DIR/ovs-vswitchd.ctl" exit --cleanup 2>/dev/null
	in_sw ovs-appctl -t "$OVS_DIR/ovsdb-server.ctl" exit 2>/dev/null
	for f in ovs-vswitchd ovsdb-server; do
		pid=$(cat "$OVS_DIR/$f.pid" 2>/dev/null) || continue
		for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
		kill -KILL "$pid" 2>/dev/null
	done
	return 0
}

# ovs_start: private ovsdb-server + ovs-vswitchd; main threads on
# $GEN_CPU, the PMD (poll-mode) thread alone on $SW_CPU.
ovs_start() {
	need ovsdb-server ovs-vswitchd ovs-vsctl ovs-appctl ovsdb-tool
	OVS_DIR=$BENCH_TMP/ovs
	mkdir -p "$OVS_DIR"
	bench_on_exit ovs_stop
	export OVS_RUNDIR=$OVS_DIR OVS_LOGDIR=$OVS_DIR OVS_DBDIR=$OVS_DIR
	OVS_CTL=(ip netns exec "$NS_S" ovs-vsctl --db="unix:$OVS_DIR/db.sock" --timeout=20)
	x ovsdb-tool create "$OVS_DIR/conf.db" /usr/share/openvswitch/vswitch.ovsschema
	x ip netns exec "$NS_S" taskset -c "$GEN_CPU" ovsdb-server "$OVS_DIR/conf.db" \
		--remote="punix:$OVS_DIR/db.sock" --pidfile="$OVS_DIR/ovsdb-server.pid" \
		--unixctl="$OVS_DIR/ovsdb-server.ctl" --log-file="$OVS_DIR/ovsdb-server.log" \
		--detach --no-chdir 2>>"$OVS_DIR/console.log" || bench_fail "ovsdb-server did not start"
	x "${OVS_CTL[@]}" --no-wait init
	x "${OVS_CTL[@]}" --no-wait set Open_vSwitch . other_config:pmd-cpu-mask=$(printf '0x%x' $((1 << SW_CPU)))
	x ip netns exec "$NS_S" taskset -c "$GEN_CPU" ovs-vswitchd "unix:$OVS_DIR/db.sock" \
		--pidfile="$OVS_DIR/ovs-vswitchd.pid" --unixctl="$OVS_DIR/ovs-vswitchd.ctl" \
		--log-file="$OVS_DIR/ovs-vswitchd.log" --detach --no-chdir 2>>"$OVS_DIR/console.log" ||
		bench_fail "ovs-vswitchd did not start: $(tail -n 5 "$OVS_DIR/ovs-vswitchd.log")"
	OVS_VERSION=$(ovs-vswitchd --version | head -n 1)
	bench_note "$OVS_VERSION, private ovsdb-server/ovs-vswitchd in the switch namespace, pmd-cpu-mask = CPU $SW_CPU, other threads on CPU $GEN_CPU."
}

# ovs_bridge TYPE [OPTIONS...]: bridge ${P}ob, datapath_type=netdev, with
# s0 and s1 as ports of TYPE ("afxdp", or "system" for plain AF_PACKET
# ports), default NORMAL (learning switch) pipeline.
ovs_bridge() {
	local type=$1 port
	shift
	x "${OVS_CTL[@]}" add-br "${P}ob" -- set bridge "${P}ob" datapath_type=netdev ||
		bench_fail "add-br failed: $(tail -n 5 "$OVS_DIR/ovs-vswitchd.log")"
	for port in "$S0" "$S1"; do
		x "${OVS_CTL[@]}" add-port "${P}ob" "$port" -- set interface "$port" type="$type" "$@" ||
			return 1
	done
	# add-port returns before the port is up; wait for ofport.
	for port in "$S0" "$S1"; do
		for _ in $(seq 100); do
			local ofport
			ofport=$(ovs_ctl get interface "$port" ofport 2>/dev/null)
			[ -n "$ofport" ] && [ "$ofport" != "[]" ] && [ "$ofport" != -1 ] && break
			sleep 0.1
		done
		local e
		e=$(ovs_ctl get interface "$port" error 2>/dev/null)
		[ -z "$e" ] || [ "$e" = "[]" ] || { log "OVS port $port: $e"; return 1; }
	done
}
