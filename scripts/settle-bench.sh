#!/usr/bin/env bash
# settle-bench: run every seed-library scenario twice, for its fixed duration and with
# --until-settled, and compare wall time and verdicts (every threshold, both ways).
# Needs root (it runs the lab). Usage: scripts/settle-bench.sh [BIN [SCENARIO.yaml...]];
# make settle-bench. Default: every scenario in scenarios/seeds.
set -u
BIN=${1:-./bin/qosbench}
shift || true
SCENARIOS=("$@")
[ ${#SCENARIOS[@]} = 0 ] && SCENARIOS=(scenarios/seeds/*.yaml)
OUT=${OUT:-qosbench-out/settle-bench}
rm -rf "$OUT"; mkdir -p "$OUT/fixed" "$OUT/settled"
total_fixed=0; total_settled=0
printf '%-28s %9s %11s  %s\n' scenario "fixed s" "settled s" "exit fixed/settled"
for f in "${SCENARIOS[@]}"; do
  n=$(basename "$f" .yaml)
  declare -A took rc
  for mode in fixed settled; do
    extra=(); [ "$mode" = settled ] && extra=(--until-settled)
    # Exit 1 is a problem of the machine (on a shared one, another lab's
    # /run/netns work): run again, up to twice; the time is the last run's.
    for try in 1 2 3; do
      t0=$(date +%s%N)
      "$BIN" run "$f" "${extra[@]}" --out "$OUT/$mode/$n" > "$OUT/$mode/$n.log" 2>&1
      rc[$mode]=$?
      took[$mode]=$(( ($(date +%s%N) - t0) / 1000000 ))
      [ "${rc[$mode]}" != 1 ] && break
      cp "$OUT/$mode/$n.log" "$OUT/$mode/$n.try$try.log"
    done
  done
  total_fixed=$(( total_fixed + took[fixed] )); total_settled=$(( total_settled + took[settled] ))
  [ "${rc[fixed]}" = 1 ] || [ "${rc[settled]}" = 1 ] && echo "$n: runtime error, see $OUT/*/$n.log" >&2
  printf '%-28s %9.1f %11.1f  %s/%s\n' "$n" "$(echo "${took[fixed]}/1000" | bc -l)" "$(echo "${took[settled]}/1000" | bc -l)" "${rc[fixed]}" "${rc[settled]}"
done
printf '%-28s %9.1f %11.1f  (settled: %.0f%% of the wall time)\n' total "$(echo "$total_fixed/1000" | bc -l)" "$(echo "$total_settled/1000" | bc -l)" "$(echo "100*$total_settled/$total_fixed" | bc -l)"
# Verdicts: every failed threshold must fail in both, so compare both ways.
"$BIN" report --merge "$OUT/fixed" --out "$OUT/fixed-fleet" > /dev/null
"$BIN" report --merge "$OUT/settled" --out "$OUT/settled-fleet" > /dev/null
diff=0
"$BIN" compare "$OUT/fixed-fleet/fleet.json" "$OUT/settled-fleet/fleet.json" > "$OUT/compare-1.txt" || diff=1
"$BIN" compare "$OUT/settled-fleet/fleet.json" "$OUT/fixed-fleet/fleet.json" > "$OUT/compare-2.txt" || diff=1
# A settled threshold must have the fixed run's verdict. A threshold that did not settle ran
# its variant's full duration in both runs: a difference there is the run-to-run noise of
# a value at its limit, which two fixed runs show too.
if command -v jq > /dev/null; then
  settled=0; total=0; wrong=0
  for d in "$OUT"/settled/*/; do
    n=$(basename "$d"); a="$OUT/fixed/$n/results.json"; b="$d/results.json"
    [ -f "$a" ] && [ -f "$b" ] || continue
    settled=$(( settled + $(jq '[.variants[].settle.thresholds[] | select(.settled)] | length' "$b") ))
    total=$(( total + $(jq '[.variants[].thresholds[]] | length' "$b") ))
    jq -r -n --slurpfile a "$a" --slurpfile b "$b" '$b[0].variants as $v | range(0; $v|length) as $i
      | range(0; $v[$i].settle.thresholds|length) as $j | $v[$i].settle.thresholds[$j] as $t
      | select($t.settled and ($t.pass // false) != $a[0].variants[$i].thresholds[$j].pass)
      | "SETTLED WRONG \($v[$i].name): \($t.class) \($t.expr)"' > "$OUT/wrong-$n.txt"
    if [ -s "$OUT/wrong-$n.txt" ]; then wrong=1; sed "s/^/$n: /" "$OUT/wrong-$n.txt"; fi
  done
  echo "settled thresholds: $settled of $total; every settled verdict the fixed run's: $([ $wrong = 0 ] && echo yes || echo NO)"
fi
if [ $diff = 0 ]; then echo "verdicts: every threshold of every variant has the same verdict"; else
  echo "verdicts differ (see above whether those thresholds settled):"; cat "$OUT/compare-1.txt" "$OUT/compare-2.txt"; exit 1; fi
