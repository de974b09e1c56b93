#!/bin/bash
# Samples one warm fan-out cycle with perf (nothing else of the run): bench/fanout-perf/record-warm.sh OUT [fanout options]
# Records the last of --warm-passes 4 (tiering done), with the JIT's perf map so managed frames have names.
# Then: python3 bench/fanout-perf/phases.py OUT.perf.data   (CPU ms per phase of the revaluation)
# Use --accounts 20000 or more: perf takes a moment to attach, longer than a --short cycle lasts.
# Needs perf and a Release build of bench/Portfolio.Drivers; run from the repository root.
set -uo pipefail
out=$1; shift
: > "$out.log"
DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 DOTNET_ReadyToRun=0 \
  dotnet bench/Portfolio.Drivers/bin/Release/net10.0/Portfolio.Drivers.dll fanout "$@" --relay-batches 0 --warm-passes 4 > "$out.log" 2>&1 &
pid=$!
while [ "$(grep -c '^warm:' "$out.log")" -lt 3 ]; do sleep 0.05; kill -0 $pid 2>/dev/null || break; done
perf record -F 1999 -g -p $pid -o "$out.perf.data" > "$out.perf.log" 2>&1 &
perfpid=$!
while [ "$(grep -c '^warm:' "$out.log")" -lt 4 ]; do sleep 0.05; kill -0 $pid 2>/dev/null || break; done
kill -INT $perfpid; wait $perfpid
wait $pid
grep -E '^(cold|warm)' "$out.log"
