#!/usr/bin/env bash
# A/B replay comparison under a noisy shared machine: alternates a "before" build and the current build.
#   bench/ab-replay.sh BEFORE_DLL AFTER_DLL [rounds]
set -euo pipefail
before=$1; after=$2; rounds=${3:-2}
for r in $(seq 1 "$rounds"); do
  for v in before after; do
    dll=$before; [ "$v" = after ] && dll=$after
    echo "##### round $r: $v"
    dotnet "$dll" replay --runs 3 | grep -v '^generated'
  done
done
