#!/usr/bin/env bash
# A port number that a rule names (in_port or output) is not given to a new
# port after its port is deleted: the rule must not start applying to an
# unrelated interface.
. "$(dirname "$0")/lib.sh"

port_no() { # IFACE
	"$XSW" show --json | json_get - "[p['port_no'] for b in d['bridges'] for p in b['ports'] if p['name'] == '$1'][0]"
}

for n in 1 2 3 4; do container $n || { not_ok "create container $n"; exit 1; }; done
check "xswd starts" xswd_start
check "add-br br0" "$XSW" add-br br0
for n in 1 2 3; do check "add-port ${P}h$n" "$XSW" add-port br0 "${P}h$n"; done
check "ports are numbered 1, 2, 3" test "$(port_no "${P}h1")$(port_no "${P}h2")$(port_no "${P}h3")" = 123
check "a rule names port 2 by number" "$XSW" add-flow br0 "priority=10,in_port=2,actions=output:1"
check "a rule outputs to port 3" "$XSW" add-flow br0 "priority=10,in_port=1,actions=output:3"
check "del-port ${P}h2" "$XSW" del-port br0 "${P}h2"
check "del-port ${P}h3" "$XSW" del-port br0 "${P}h3"
check "add-port ${P}h4" "$XSW" add-port br0 "${P}h4"
n=$(port_no "${P}h4")
check "it gets 4, not a number the rules name (got ${n:-nothing})" test "${n:-0}" -eq 4
check "del-flows" "$XSW" del-flows br0
check "add-port ${P}h2 again" "$XSW" add-port br0 "${P}h2"
n=$(port_no "${P}h2")
check "with no rule naming it, 2 is free again (got ${n:-nothing})" test "${n:-0}" -eq 2
