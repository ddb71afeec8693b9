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
check "no XDP program is left on the ports" \
	bash -c "! ip link show ${P}h1 | head -1 | grep -qw xdp && ! ip link show ${P}h2 | head -1 | grep -qw xdp"
check "the peers are restored" test "$(peer_offloads 1)" = "$before" -a "$(peer_offloads 2)" = "$before"
check "the config file is removed" test ! -e "$T_DIR/conf.json"
check "a new xswd starts empty" bash -c "$(declare -f xswd_start); XSWD=$XSWD T_DIR=$T_DIR PIN_DIR=$PIN_DIR xswd_start && [ -z \"\$('$XSW' list-br)\" ]"
