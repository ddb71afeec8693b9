#!/usr/bin/env bash
# What a rule may ask of the datapath: many plain outputs are one flood
# group (any number up to the action limit); outputs with rewrites between
# them run in xswd, at most 8; refusals name the limit and change nothing.
# Flow requests with parameters of the wrong type change nothing either.
. "$(dirname "$0")/lib.sh"

outs() { # N [REWRITE]: "output:1,...,output:N" with REWRITE before each
	local a="" i
	for i in $(seq "$1"); do a+="${a:+,}${2:+$2,}output:$i"; done
	echo "$a"
}

check "xswd starts" xswd_start
check "add-br br0" "$XSW" add-br br0
check "12 plain outputs are accepted (one flood group)" \
	"$XSW" add-flow br0 "priority=10,udp,actions=$(outs 12)"
check "8 outputs with rewrites between them are accepted" \
	"$XSW" add-flow br0 "priority=20,tcp,actions=$(outs 8 dec_ttl)"
expect_error "9 outputs with rewrites between them are refused" \
	"at most 8" add-flow br0 "priority=30,tcp,actions=$(outs 9 dec_ttl)"
n=$("$XSW" dump-flows br0 | grep -c actions=)
check "exactly the two accepted rules are stored (got $n)" test "$n" -eq 2

# Parameters of the wrong type are refused, never read as absent: a
# del-flows whose match is not a string must not delete every rule.
rpc() { # one JSON-RPC line, its answer
	python3 - "$XSW_SOCKET" "$1" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.sendall(sys.argv[2].encode() + b"\n")
s.shutdown(socket.SHUT_WR)
print(s.makefile().readline().strip())
PY
}
out=$(rpc '{"jsonrpc":"2.0","id":1,"method":"del-flows","params":{"bridge":"br0","match":5}}')
check "del-flows with a numeric match is refused" grep -q '"match\\" must be a string' <<<"$out"
out=$(rpc '{"jsonrpc":"2.0","id":2,"method":"del-flows","params":{"bridge":"br0","strict":"yes"}}')
check "del-flows with strict=\"yes\" is refused" grep -q '"strict\\" must be true or false' <<<"$out"
n=$("$XSW" dump-flows br0 | grep -c actions=)
check "both rules are still there (got $n)" test "$n" -eq 2
