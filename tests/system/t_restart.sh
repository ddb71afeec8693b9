#!/usr/bin/env bash
# The fast path outlives xswd: a 100-per-second ping across a stop and
# restart loses nothing, learned MACs and the config come back, and a
# crashed xswd (SIGKILL) leaves a consistent config behind.
. "$(dirname "$0")/lib.sh"

for n in 1 2 3; do container $n || { not_ok "create container $n"; exit 1; }; done
check "xswd starts" xswd_start
check "add-br br0" "$XSW" add-br br0
for n in 1 2 3; do check "add-port ${P}h$n" "$XSW" add-port br0 "${P}h$n"; done
check "set-bridge br0 mac-aging=120" "$XSW" set-bridge br0 mac-aging=120
for n in 2 3; do in_ns 1 ping -c 1 -W 2 10.99.0.$n >/dev/null; done

"$XSW" show --json >"$T_DIR/show.before"
"$XSW" fdb-show br0 --json | json_get - 'sorted(e["mac"] + "@" + e["port"] for e in d["entries"])' >"$T_DIR/fdb.before"
cp "$T_DIR/conf.json" "$T_DIR/conf.before"

# 1000 pings at 10 ms; xswd is stopped after 1 s and started again 2 s
# later, so the fast path runs alone for 2 s in the middle.
bg_out "$T_DIR/ping.txt" 1 ping -i 0.01 -c 1000 -W 1 10.99.0.2
ping_pid=$!
sleep 1
check "xswd stops on SIGTERM" xswd_stop
check "the control socket is gone" test ! -e "$XSW_SOCKET"
check "xswd exited, its pid file is gone" test ! -e "$T_DIR/run/xswd.pid"
check_fails "the CLI says xswd is not running" "$XSW" list-br
check "the program stays attached while xswd is down" has_xdp "${P}h2"
sleep 2
check "xswd starts again" xswd_start
wait $ping_pid
sent=$(awk '/packets transmitted/{print $1}' "$T_DIR/ping.txt")
received=$(awk '/packets transmitted/{print $4}' "$T_DIR/ping.txt")
echo "# ping -i 0.01 across an xswd restart: $sent sent, $received received"
check "no ping lost across the restart ($sent sent, $received received)" \
	test "${sent:-0}" -eq 1000 -a "${received:-0}" -eq 1000

"$XSW" show --json >"$T_DIR/show.after"
check "the same bridges and ports, with the same numbers" \
	python3 -c "
import json
strip = lambda d: [(b['name'], b['id'], b['mac_aging'], [(p['name'], p['port_no'], p['status'], p.get('ifindex')) for p in b['ports']]) for b in d['bridges']]
a, b = (json.load(open('$T_DIR/show.' + x)) for x in ('before', 'after'))
assert strip(a) == strip(b), (strip(a), strip(b))"
"$XSW" fdb-show br0 --json | json_get - 'sorted(e["mac"] + "@" + e["port"] for e in d["entries"])' >"$T_DIR/fdb.after"
check "learned MACs survived the restart" same "$T_DIR/fdb.before" "$T_DIR/fdb.after"
check "the config file is unchanged" diff "$T_DIR/conf.before" "$T_DIR/conf.json"
check "ports still talk after the restart" in_ns 3 ping -c 1 -W 2 10.99.0.1

# SIGINT stops it as cleanly.
pid=$(xswd_pid)
kill -INT "$pid"
check "xswd stops on SIGINT" xswd_exited "$pid" 50
check "xswd starts after SIGINT" xswd_start

# A crash (SIGKILL) in the middle of nothing leaves a loadable config.
pid=$(xswd_pid)
kill -9 "$pid"
xswd_exited "$pid" 20
check "traffic flows with xswd killed" in_ns 2 ping -c 1 -W 2 10.99.0.3
check "xswd starts after a crash" xswd_start
check "the config is intact after the crash" diff "$T_DIR/conf.before" "$T_DIR/conf.json"
check "add-port works after the crash restart" \
	bash -c "'$XSW' del-port br0 ${P}h3 && '$XSW' add-port br0 ${P}h3"
check "and traffic flows" in_ns 1 ping -c 1 -W 2 10.99.0.3
