#!/usr/bin/env bash
# Runs every test program and prints one summary line: "N passed, N failed".
#
# Test programs speak TAP ("ok N - name" / "not ok N - name"); each line is
# one test.  A program that exits non-zero without printing a "not ok" counts
# as one failure, so a crash is never a pass.  A program still running after
# TEST_TIMEOUT seconds (default 300) is stopped (SIGTERM to it and its
# children, so a system test still cleans up) and counts as one failure.
#
#   tests/run.sh                 unit, BPF and system tests
#   tests/run.sh unit|bpf|system only that tier
#   tests/run.sh system/t_foo.sh one system test
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
export XSW_BUILD=$PWD/$BUILD
export CMOCKA_MESSAGE_OUTPUT=TAP
TEST_TIMEOUT=${TEST_TIMEOUT:-300}

passed=0
failed=0
failures=()
log=$(mktemp /tmp/xsw-run.XXXXXX)
child=
interrupted=
trap 'rm -f "$log"' EXIT
# timeout(1) puts a test in its own process group, out of reach of the
# terminal's ^C: pass an interrupt on, and let the test clean up.
trap 'interrupted=1; [ -n "$child" ] && kill -TERM "$child" 2>/dev/null' INT TERM

run_one() { # name, command...
	local name=$1
	shift
	local out rc start=$SECONDS
	echo "# --- $name"
	timeout -k 30 "$TEST_TIMEOUT" "$@" >"$log" 2>&1 &
	child=$!
	wait "$child"
	rc=$?
	# A trapped signal ends the wait early: wait for the test itself.
	while kill -0 "$child" 2>/dev/null; do
		wait "$child"
		rc=$?
	done
	child=
	out=$(cat "$log")
	printf '%s\n' "$out"
	local p f
	p=$(grep -cE '^ok ' <<<"$out")
	f=$(grep -cE '^not ok ' <<<"$out")
	# 124: timeout's SIGTERM ended it; 137: its SIGKILL, 30 s later.
	if [ -z "$interrupted" ] && { [ "$rc" -eq 124 ] ||
		{ [ "$rc" -eq 137 ] && [ $((SECONDS - start)) -ge "$TEST_TIMEOUT" ]; }; }; then
		f=$((f + 1))
		echo "not ok - $name timed out after $TEST_TIMEOUT s"
	elif [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
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
	if [ -n "$interrupted" ]; then
		echo "interrupted in $name"
		echo "$passed passed, $failed failed"
		exit 130
	fi
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
