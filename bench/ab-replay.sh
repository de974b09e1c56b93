#!/usr/bin/env bash
# A/B replay comparison under a noisy shared machine: alternates a "before" build and the current build, one process
# each per round, and ends with every process's summary line (median of its counted runs, min and max).
#   bench/ab-replay.sh BEFORE_DLL AFTER_DLL [rounds] [replay options, default: --only split]
# Build the baseline with this driver: git archive main | tar -x -C /tmp/base, copy bench/Portfolio.Bench/ReplayDriver.cs
# over, dotnet build /tmp/base/bench/Portfolio.Bench -c Release.
set -euo pipefail
before=$1; after=$2; rounds=${3:-3}; shift $(( $# < 3 ? $# : 3 ))
options=("$@"); [ ${#options[@]} -eq 0 ] && options=(--only split)
summaries=()
for r in $(seq 1 "$rounds"); do
  for v in before after; do
    dll=$before; [ "$v" = after ] && dll=$after
    echo "##### round $r: $v $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)"
    out=$(dotnet "$dll" replay "${options[@]}" | grep -v '^generated')
    echo "$out"
    summaries+=("round $r $v: $(grep '^summary' <<<"$out" | tail -1)")
  done
done
echo "##### summaries"
printf '%s\n' "${summaries[@]}"
