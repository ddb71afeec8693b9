#!/usr/bin/env bash
# A rule past its hard_timeout is gone for good: from dump-flows, from the
# config file, and after a restart.
. "$(dirname "$0")/lib.sh"

check "xswd starts" xswd_start
check "add-br br0" "$XSW" add-br br0
check "a rule with hard_timeout=1" \
	"$XSW" add-flow br0 "priority=10,udp,tp_dst=53,hard_timeout=1,actions=drop"
check "a rule without timeout" "$XSW" add-flow br0 "priority=20,tcp,actions=drop"
check "both are in the config file" grep -q "hard_timeout=1" "$T_DIR/conf.json"
gone=
for _ in $(seq 40); do
	if ! "$XSW" dump-flows br0 | grep -q "tp_dst=53"; then gone=1; break; fi
	sleep 0.1
done
check "the timed-out rule left dump-flows" test -n "$gone"
check "and the config file" bash -c "! grep -q 'tp_dst=53' '$T_DIR/conf.json' && grep -q 'tcp' '$T_DIR/conf.json'"
check "xswd stops" xswd_stop
check "xswd starts again" xswd_start
n=$("$XSW" dump-flows br0 | grep -c actions=)
check "only the other rule came back (got $n)" test "$n" -eq 1
check "and it is the tcp one" bash -c "'$XSW' dump-flows br0 | grep -q tcp"
