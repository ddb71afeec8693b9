#!/usr/bin/env bash
# A port whose interface disappears (container deleted) is shown as
# missing and comes back by itself when the interface returns.
. "$(dirname "$0")/lib.sh"

for n in 1 2; do container $n || { not_ok "create container $n"; exit 1; }; done
check "xswd starts" xswd_start
check "add-br br0" "$XSW" add-br br0
for n in 1 2; do check "add-port ${P}h$n" "$XSW" add-port br0 "${P}h$n"; done
check "containers talk" in_ns 1 ping -c 1 -W 2 10.99.0.2

ip netns del "${P}n2"
check "a deleted container's port is shown as missing" wait_status "${P}h2" missing
check "show says why" bash -c "'$XSW' show | grep -q 'missing (interface ${P}h2 was deleted)'"
check "the missing port stays in the config" grep -q "\"${P}h2\"" "$T_DIR/conf.json"
check "its learned MAC is forgotten" test "$("$XSW" fdb-show br0 --json |
	json_get - "sum(e['port'] == '${P}h2' for e in d['entries'])")" = 0

container 2 # the container comes back with the same names
check "the port comes back up by itself" wait_status "${P}h2" up
check "its new peer is set up: GRO on, tx checksum off" offloads_are 2 "gro=on tx=off"
ip -n "${P}n1" neigh flush all
check "the containers talk again" in_ns 1 ping -c 1 -W 2 10.99.0.2

# Missing across a restart: xswd starts with the interface gone.
xswd_stop
ip netns del "${P}n2"
check "xswd starts while a port's interface is gone" xswd_start
check "the port is missing after the restart" wait_status "${P}h2" missing
check "del-port of a missing port works" "$XSW" del-port br0 "${P}h2"
check "and it is gone from the config" bash -c "! grep -q '\"${P}h2\"' $T_DIR/conf.json"
check "the other port is still up" wait_status "${P}h1" up
