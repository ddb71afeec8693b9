#!/usr/bin/env bash
# Runs every test program and prints one summary line: "N passed, N failed".
#
# Test programs speak TAP ("ok N - name" / "not ok N - name"); each line is
# one test.  A program that exits non-zero without printing a "not ok" counts
# as one failure, so a crash is never a pass.
#
#   tests/run.sh                 unit, BPF and system tests
#   tests/run.sh unit|bpf|system only that tier
#   tests/run.sh system/t_foo.sh one system test
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
export XSW_BUILD=$PWD/$BUILD
export CMOCKA_MESSAGE_OUTPUT=TAP

passed=0
failed=0
failures=()

run_one() { # name, command...
	local name=$1
	shift
	local out rc
	echo "# --- $name"
	out=$("$@" 2>&1)
	rc=$?
	printf '%s\n' "$out"
	local p f
	p=$(grep -cE '^ok ' <<<"$out")
	f=$(grep -cE '^not ok ' <<<"$out")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "not ok - $name exited with status $rc"
	fi
	if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "not ok - $name ran no test"
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	[ "$f" -gt 0 ] && failures+=("$name")
}

tiers=${*:-unit bpf system}
for t in $tiers; do
	case $t in
	unit)
		for bin in ${UNIT_TESTS:-}; do run_one "$bin" "$bin"; done ;;
	bpf)
		for bin in ${BPF_TESTS:-}; do run_one "$bin" "$bin"; done ;;
	system)
		for s in tests/system/t_*.sh; do run_one "$s" bash "$s"; done ;;
	system/*)
		run_one "tests/$t" bash "tests/$t" ;;
	*)
		echo "tests/run.sh: unknown tier '$t' (unit, bpf, system, system/t_X.sh)" >&2
		exit 2 ;;
	esac
done

[ ${#failures[@]} -gt 0 ] && printf 'failed in: %s\n' "${failures[*]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
