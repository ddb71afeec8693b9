#!/usr/bin/env bash
# xswd --cleanup removes everything xsw set up.
. "$(dirname "$0")/lib.sh"

for n in 1 2; do container $n || { not_ok "create container $n"; exit 1; }; done
before=$(peer_offloads 1)
check "xswd starts" xswd_start
check "add-br br0" "$XSW" add-br br0
for n in 1 2; do check "add-port ${P}h$n" "$XSW" add-port br0 "${P}h$n"; done
check "the fast path is pinned" test -d "$PIN_DIR/maps" -a -e "$PIN_DIR/links/port1"
check_fails "--cleanup refuses while xswd runs" xswd_cleanup
check "xswd stops" xswd_stop
check "--cleanup succeeds" xswd_cleanup
check "no pins are left" test ! -e "$PIN_DIR"
for n in 1 2; do
	check "no XDP program is left on ${P}h$n" test "$(xdp_mode "${P}h$n")" = none
	check "the peer of ${P}h$n is restored" offloads_are $n "$before"
done
check "the config file is removed" test ! -e "$T_DIR/conf.json"
check "a new xswd starts" xswd_start
no_bridges() {
	local out
	out=$("$XSW" list-br 2>&1) && [ -z "$out" ] && return 0
	echo "list-br: $out"
	return 1
}
check "and it has no bridges" no_bridges
