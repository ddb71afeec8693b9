#!/usr/bin/env bash
# A bounded libFuzzer run of the flow key reference model
# (tests/fuzz/fuzz_flow_extract.c), as one TAP test for `make test`.
# The seed corpus is read, not written: new inputs go to a scratch
# directory that is removed on exit.
#
#   XSW_FUZZ_SECONDS=N  how long to fuzz (default 15)
#   XSW_FUZZ_SEED=N     libFuzzer's -seed (default: random, printed)
set -u
cd "$(dirname "$0")/../.."
fuzzer=${XSW_BUILD:-$PWD/build}/fuzz/fuzz_flow_extract
seconds=${XSW_FUZZ_SECONDS:-15}
seed=${XSW_FUZZ_SEED:-$((RANDOM * 32768 + RANDOM))}

echo "1..1"
if [ ! -x "$fuzzer" ]; then
	echo "not ok 1 - fuzz_flow_extract: $fuzzer not built (make test builds it)"
	exit 1
fi
work=$(mktemp -d /tmp/xsw-fuzz-flow-extract.XXXXXX)
trap 'rm -rf "$work"' EXIT

"$fuzzer" -seed="$seed" -max_total_time="$seconds" -max_len=4096 \
	-timeout=10 -rss_limit_mb=1024 -artifact_prefix="$work/" \
	"$work" tests/fuzz/corpus/flow_extract >"$work/log" 2>&1
rc=$?
runs=$(grep -oE 'Done [0-9]+ runs' "$work/log" | grep -oE '[0-9]+')
cov=$(grep -oE 'cov: [0-9]+' "$work/log" | tail -n 1)
if [ "$rc" -eq 0 ]; then
	echo "ok 1 - fuzz_flow_extract: ${runs:-?} inputs in ${seconds} s (seed $seed, $cov), no failure"
	exit 0
fi
grep -vE '^#[0-9]+' "$work/log" | tail -n 40 | sed 's/^/# /'
for crash in "$work"/crash-* "$work"/leak-* "$work"/timeout-*; do
	[ -e "$crash" ] || continue
	echo "# input: $(od -An -tx1 -v "$crash" | tr -d '\n' | head -c 600)"
done
echo "not ok 1 - fuzz_flow_extract: failed (seed $seed, exit $rc); replay with XSW_FUZZ_SEED=$seed"
exit 1
