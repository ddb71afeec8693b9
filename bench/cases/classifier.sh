#!/usr/bin/env bash
# xswd's rule classifier (tuple-space search, src/daemon/classifier.c):
# lookups per second with 10k rules, insert/remove rates, and how many
# megaflows (entries, masks) its un-wildcarding makes.  No packets: it
# calls the classifier in a loop (bench/classifier_bench.c).
. "$(dirname "$0")/../lib.sh"
bench_case classifier "xswd classifier (10k rules)" classifier

BIN=$BUILD/bench/classifier_bench
[ -x "$BIN" ] || bench_unavailable "$BIN is not built (make bench builds it)"
bench_note "Two rule sets of about 10k rules: 'mix' (ACL-like: 5-tuples, CIDR prefixes, port-only rules, several priorities) and 'routes' (prefixes). lookups_per_s includes un-wildcarding (the megaflow mask); no_wc without it; no_tries with the prefix tries off."
record taskset -c "$SW_CPU" "$BIN"
for ((run = 1; run <= BENCH_RUNS; run++)); do
	out=$(taskset -c "$SW_CPU" "$BIN" 2>>"$BENCH_TMP/cls.err") ||
		bench_fail "classifier_bench failed: $(tail -n 3 "$BENCH_TMP/cls.err")"
	for set in mix routes; do
		for m in lookups_per_s lookups_per_s_no_wc lookups_per_s_no_tries; do
			bench_value "$m" 1/s "{\"rules\":\"$set\"}" "$(jq ".$set.$m" <<<"$out")" \
				"$(jq -c "{rules: .$set.rules, subtables: .$set.subtables}" <<<"$out")"
		done
	done
	for m in inserts_per_s removes_per_s; do
		bench_value "$m" 1/s '{"rules":"mix"}' "$(jq ".mix.$m" <<<"$out")"
	done
	bench_value bytes_per_rule B '{"rules":"mix"}' "$(jq '.mix.bytes_per_rule.total' <<<"$out")"
	log "run $run: $(jq -r '.mix.lookups_per_s' <<<"$out") lookups/s (mix)"
done
bench_finish
