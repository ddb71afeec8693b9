#!/usr/bin/env bash
# A port whose interface is renamed is missing (ports follow names), and
# the renamed interface is given back as it was: no xsw program, its peer's
# offloads restored.  Renamed back, it is a port again.
. "$(dirname "$0")/lib.sh"

for n in 1 2; do container $n || { not_ok "create container $n"; exit 1; }; done
before=$(peer_offloads 1)
check "xswd starts" xswd_start
check "add-br br0" "$XSW" add-br br0
for n in 1 2; do check "add-port ${P}h$n" "$XSW" add-port br0 "${P}h$n"; done
check "the peer is set up (was: $before)" test "$(peer_offloads 1)" = "gro=on tx=off"

ip link set "${P}h1" down
ip link set "${P}h1" name "${P}r1"
HOST_IFS+=("${P}r1")
check "the renamed port is missing" wait_status "${P}h1" missing
check "show says why" bash -c "'$XSW' show | grep -q 'renamed to ${P}r1'"
check "the renamed interface runs no XDP program" bash -c "! ip link show ${P}r1 | head -1 | grep -qw xdp"
after=$(peer_offloads 1)
check "its peer is as it was ($after, was $before)" test -n "$after" -a "$after" = "$before"

ip link set "${P}r1" name "${P}h1"
ip link set "${P}h1" up
check "renamed back, it is up again" wait_status "${P}h1" up
check "and its peer is set up again" test "$(peer_offloads 1)" = "gro=on tx=off"
check "the containers talk" in_ns 1 ping -c 1 -W 2 10.99.0.2
