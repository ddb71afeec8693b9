#!/usr/bin/env bash
# Runs the flow-syntax fuzzer (build/fuzz/fuzz_flow_syntax) for a bounded
# number of inputs and prints TAP.  tests/run.sh runs it as a unit test.
#
# The seed corpus stays untouched: the fuzzer works on a copy.  A crash,
# hang or round-trip failure leaves its input in $BUILD/fuzz/ and prints the
# command that replays it.
#
#   FLOW_SYNTAX_FUZZ_RUNS=N   inputs to try (default 50000, ~6 s of CPU)
#   FLOW_SYNTAX_FUZZ_TIME=S   stop after S seconds anyway (default 25)
#   FLOW_SYNTAX_FUZZ_SEED=N   libFuzzer seed (default: a random one)
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${XSW_BUILD:-$root/build}
fuzzer=$build/fuzz/fuzz_flow_syntax
runs=${FLOW_SYNTAX_FUZZ_RUNS:-50000}
max_time=${FLOW_SYNTAX_FUZZ_TIME:-25}
name="fuzz_flow_syntax"

echo "1..1"
if [ ! -x "$fuzzer" ]; then
	echo "not ok 1 - $name: $fuzzer is not built (make $fuzzer)"
	exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/corpus"
cp "$root"/tests/fuzz/corpus/flow_syntax/* "$work/corpus/"

# Keywords help the mutator reach past the tokenizer.
cat >"$work/dict" <<'EOF'
"actions="
"priority="
"in_port="
"dl_src="
"dl_dst="
"dl_type="
"dl_vlan="
"dl_vlan_pcp="
"vlan_tci="
"nw_src="
"nw_dst="
"arp_spa="
"arp_op="
"ipv6_src="
"nw_proto="
"nw_tos="
"nw_ecn="
"nw_ttl="
"ip_frag="
"tp_src="
"tp_dst="
"icmp_type="
"icmpv6_code="
"cookie="
"idle_timeout="
"out_port="
"ip,"
"ipv6,"
"arp,"
"tcp,"
"udp6,"
"sctp,"
"icmp,"
"icmp6,"
"output:"
"NORMAL"
"FLOOD"
"IN_PORT"
"drop"
"mod_dl_src:"
"mod_nw_dst:"
"mod_tp_dst:"
"push_vlan:0x8100"
"mod_vlan_vid:"
"strip_vlan"
"dec_ttl"
"later"
"0xffff"
"/24"
"/0xfff0"
"/-1"
"10.0.0.1"
"::1"
"00:11:22:33:44:55"
"\"a b\""
"\\\""
EOF

seed_opt=()
[ -n "${FLOW_SYNTAX_FUZZ_SEED:-}" ] && seed_opt=(-seed="$FLOW_SYNTAX_FUZZ_SEED")
start=$(date +%s)
"$fuzzer" -runs="$runs" -max_total_time="$max_time" -max_len=512 \
	-timeout=10 -print_final_stats=1 -dict="$work/dict" \
	-artifact_prefix="$build/fuzz/flow_syntax-" "${seed_opt[@]}" \
	"$work/corpus" >"$work/log" 2>&1
rc=$?
secs=$(($(date +%s) - start))
done_runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log")
seed=$(sed -n 's/^INFO: Seed: *//p' "$work/log")

if [ "$rc" -eq 0 ]; then
	echo "ok 1 - $name: ${done_runs:-?} inputs in ${secs}s, seed ${seed:-?}," \
		"no crash, hang or round-trip failure"
	exit 0
fi
grep -vE '^#[0-9]+ ' "$work/log" | tail -40 | sed 's/^/# /'
artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$work/log" | tail -1)
[ -n "$artifact" ] && echo "# replay: $fuzzer $artifact"
echo "not ok 1 - $name: fuzzer failed (exit $rc) after ${secs}s, seed ${seed:-?}"
exit 1
