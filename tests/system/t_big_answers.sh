#!/usr/bin/env bash
# Answers larger than a request may be (1 MiB) arrive whole: a dump of
# 8000 rules is about 2 MiB of JSON, more than a socket buffer holds, so
# xswd writes it in many pieces and the CLI reads it in many.
. "$(dirname "$0")/lib.sh"

N=8000
{
	printf '{"format":"xsw-config","version":1,"bridges":[{"name":"br0","id":1,"mac_aging":300,"ports":[],"flows":['
	seq "$N" | awk '{ printf "%s\"priority=%d,tcp,nw_dst=10.%d.%d.%d,tp_dst=%d actions=drop\"", \
		(NR > 1 ? "," : ""), 100 + $1 % 50, int($1 / 65536), int($1 / 256) % 256, $1 % 256, 1000 + $1 % 5000 }'
	printf ']}]}\n'
} >"$T_DIR/conf.json"

check "xswd starts with $N rules" xswd_start
json=$("$XSW" dump-flows br0 --json)
check "dump-flows --json answers" test -n "$json"
bytes=${#json}
check "the answer is over 1 MiB ($bytes bytes)" test "$bytes" -gt $((1 << 20))
n=$(printf '%s' "$json" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["flows"]))')
check "all $N rules are in it (got ${n:-nothing})" test "${n:-0}" -eq "$N"
n=$("$XSW" dump-flows br0 | grep -c 'actions=drop')
check "plain dump-flows lists all $N (got $n)" test "$n" -eq "$N"
check "xswd still serves" "$XSW" list-br
