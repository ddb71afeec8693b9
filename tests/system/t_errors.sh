#!/usr/bin/env bash
# Every bad input gets a clear error and a non-zero exit, and changes
# nothing: the switch (xsw show) and the config file stay as they were.
. "$(dirname "$0")/lib.sh"

for n in 1 2 3; do container $n || { not_ok "create container $n"; exit 1; }; done
expect_error "the CLI reports a daemon that is not running" "is xswd running?" list-br
check "xswd starts" xswd_start
check "setup: add-br br0, br1" bash -c "'$XSW' add-br br0 && '$XSW' add-br br1"
check "setup: add-port br0 ${P}h1" "$XSW" add-port br0 "${P}h1"
ip link add "${P}br" type bridge && HOST_IFS+=("${P}br")

"$XSW" show --json >"$T_DIR/show.before"
cp "$T_DIR/conf.json" "$T_DIR/conf.before"

expect_error "add-br of an existing bridge" "bridge br0 already exists" add-br br0
expect_error "add-br with a bad name" "bridge name \"a/b\" has '/'" add-br a/b
expect_error "add-br with a long name" "longer than 31" add-br abcdefghijklmnopqrstuvwxyz0123456789
expect_error "del-br of an unknown bridge" "bridge nope does not exist" del-br nope
expect_error "add-port to an unknown bridge" "bridge nope does not exist" add-port nope "${P}h2"
expect_error "add-port of an unknown interface" "interface ${P}zz does not exist" add-port br0 "${P}zz"
expect_error "add-port of a port again" "already a port of bridge br0" add-port br0 "${P}h1"
expect_error "add-port of another bridge's port" "already a port of bridge br0" add-port br1 "${P}h1"
expect_error "add-port of loopback" "loopback" add-port br0 lo
expect_error "add-port of an interface without native XDP" "cannot take XDP in native (driver) mode" add-port br0 "${P}br"
expect_error "del-port of a non-port" "${P}h2 is not a port of bridge br0" del-port br0 "${P}h2"
expect_error "del-port on the wrong bridge" "(it is on br0)" del-port br1 "${P}h1"
expect_error "list-ports of an unknown bridge" "bridge nope does not exist" list-ports nope
expect_error "fdb-show of an unknown bridge" "bridge nope does not exist" fdb-show nope
expect_error "stats of an unknown name" "neither a bridge nor a port" stats nope
expect_error "set-bridge out of range" "from 1 to" set-bridge br0 mac-aging=0
expect_error "set-bridge of an unknown setting" "unknown bridge setting" set-bridge br0 color=blue
expect_error "set-bridge of an unknown bridge" "bridge nope does not exist" set-bridge nope mac-aging=10
expect_error "an unknown command" "did you mean \"add-port\"" add-prot br0 x
expect_error "missing arguments" "usage: xsw add-port BR IFACE" add-port br0
expect_error "an unknown option" "unknown option" show --frob

# An interface another switch instance already drives.
OTHER=$T_DIR/other
xswd_track "$OTHER" "$PIN_DIR-b"
check "another xswd starts (its own state and pin dir)" xswd_start_in "$OTHER" "$PIN_DIR-b"
check "it takes ${P}h3" bash -c "export XSW_SOCKET=$OTHER/run/xswd.sock
	'$XSW' add-br brx && '$XSW' add-port brx ${P}h3"
expect_error "add-port of an interface with an XDP program already" \
	"already has an XDP program attached" add-port br0 "${P}h3"
check "the other xswd stops" xswd_stop_in "$OTHER"
check "and cleans up after itself" xswd_cleanup_in "$OTHER" "$PIN_DIR-b"

# Malformed requests on the socket: answered, and the daemon keeps serving.
raw() {
	python3 - "$XSW_SOCKET" "$@" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
for line in sys.argv[2:]:
    s.sendall(line.encode() + b"\n")
s.shutdown(socket.SHUT_WR)
data = b""
while True:
    chunk = s.recv(65536)
    if not chunk:
        break
    data += chunk
print(data.decode())
PY
}
out=$(raw '{not json' '[1]' '{"jsonrpc":"2.0","id":3,"method":"frob"}' \
	'{"jsonrpc":"2.0","id":4,"method":"add-br","params":{"bridge":"x","color":1}}' \
	'{"jsonrpc":"2.0","id":5,"method":"add-br","params":{}}' \
	'{"jsonrpc":"2.0","id":6,"method":"add-br","params":{"bridge":["x"]}}' \
	'{"jsonrpc":"2.0","id":7,"method":"list-br"}')
check "malformed JSON gets a parse error" grep -q '"code":-32700' <<<"$out"
check "a non-object gets an invalid-request error" grep -q '"code":-32600' <<<"$out"
check "an unknown method gets method-not-found" grep -q '"id":3,"error":{"code":-32601' <<<"$out"
check "an unknown parameter is named" grep -q 'unknown parameter \\"color\\"' <<<"$out"
check "a missing parameter is named" grep -q 'missing parameter \\"bridge\\"' <<<"$out"
check "a parameter of the wrong type is refused" grep -q '"id":6,"error"' <<<"$out"
check "the same connection still serves after errors" grep -q '"id":7,"result":{"bridges":\["br0","br1"\]}' <<<"$out"
python3 -c "
import socket
s = socket.socket(socket.AF_UNIX); s.connect('$XSW_SOCKET')
try:
    s.sendall(b'x' * (3 << 20))
except OSError:
    pass
" 2>/dev/null
check "an over-long request does not stop the daemon" "$XSW" list-br

"$XSW" show --json >"$T_DIR/show.after"
check "the switch is unchanged after every error" same "$T_DIR/show.before" "$T_DIR/show.after"
check "the config file is unchanged" diff "$T_DIR/conf.before" "$T_DIR/conf.json"
check "the port still forwards" bash -c "'$XSW' add-port br0 ${P}h2 && ip netns exec ${P}n1 ping -c 1 -W 2 10.99.0.2"

# A config file xswd cannot read is refused, not overwritten.
xswd_stop
echo '{"format":"xsw-config","version":1,"bridges":[{"name":"b"' >"$T_DIR/conf.json"
cp "$T_DIR/conf.json" "$T_DIR/conf.broken"
check_fails "xswd refuses a corrupt config" xswd_start
check "and leaves the file alone" diff "$T_DIR/conf.broken" "$T_DIR/conf.json"
check "its error names the file" bash -c "timeout 20 '$XSWD' --db '$T_DIR/conf.json' --run-dir '$T_DIR/run' --pin-dir '$PIN_DIR' 2>&1 | grep -q 'config $T_DIR/conf.json'"
cp "$T_DIR/conf.before" "$T_DIR/conf.json"
