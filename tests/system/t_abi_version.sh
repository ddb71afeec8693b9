#!/usr/bin/env bash
# Pinned maps carry the ABI version of the xswd that made them: a set of
# another version (a layout may change without changing a size) is
# recreated, not reused; the same version is reused with its state.
. "$(dirname "$0")/lib.sh"

abi() { # the value as a number, whether bpftool shows it with BTF or as bytes
	bpftool map dump pinned "$PIN_DIR/maps/xsw_abi" -j | json_get - \
		'(lambda v: v if isinstance(v, int) else int.from_bytes(bytes(int(x, 16) for x in v), "little"))(d[0]["value"])'
}
fdb_n() { "$XSW" fdb-show br0 --json | json_get - 'len(d["entries"])'; }

for n in 1 2; do container $n || { not_ok "create container $n"; exit 1; }; done
check "xswd starts" xswd_start
check "add-br br0" "$XSW" add-br br0
for n in 1 2; do check "add-port ${P}h$n" "$XSW" add-port br0 "${P}h$n"; done
check "containers talk" in_ns 1 ping -c 1 -W 2 10.99.0.2
version=$(awk '$1 == "#define" && $2 == "XSW_ABI_VERSION" { print $3 }' \
	"$(dirname "$0")/../../include/xsw/abi.h")
check "the pinned maps say ABI version $version (got $(abi))" test "$(abi)" = "$version"
check "MACs are learned" test "$(fdb_n)" -ge 2

check "xswd stops" xswd_stop
check "xswd starts again" xswd_start
check "same version: the learned MACs are kept" test "$(fdb_n)" -ge 2

check "xswd stops" xswd_stop
check "the pinned version is made older" \
	bpftool map update pinned "$PIN_DIR/maps/xsw_abi" key 0 0 0 0 value 1 0 0 0
check "xswd starts again" xswd_start
check "another version: the maps were recreated (no learned MAC)" test "$(fdb_n)" -eq 0
check "the log says so" grep -q "another xsw ABI version" "$T_DIR/run/xswd.log"
check "the pinned maps say $version again" test "$(abi)" = "$version"
check "the containers talk again" in_ns 1 ping -c 1 -W 2 10.99.0.2
