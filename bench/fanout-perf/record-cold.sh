#!/bin/bash
# Samples the first (cold) fan-out cycle with perf, nothing else of the run: bench/fanout-perf/record-cold.sh OUT DRIVERS_DLL [fanout options]
# e.g. record-cold.sh /tmp/cold bench/Portfolio.Drivers/bin/Release/net10.0/Portfolio.Drivers.dll --accounts 20000 --seed-cache /tmp/seed20000.db
# Then: python3 bench/fanout-perf/cold-phases.py OUT.perf.data   (CPU ms per part of the cycle, JIT and GC threads apart)
set -uo pipefail
out=$1; dll=$2; shift 2
: > "$out.log"
DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 \
  dotnet "$dll" fanout "$@" --relay-batches 0 > "$out.log" 2>&1 &
pid=$!
while ! grep -q '^tick:' "$out.log"; do sleep 0.02; kill -0 $pid 2>/dev/null || break; done
perf record -F 999 -g -p $pid -o "$out.perf.data" > "$out.perf.log" 2>&1 &
perfpid=$!
while ! grep -q '^cold' "$out.log"; do sleep 0.05; kill -0 $pid 2>/dev/null || break; done
kill -INT $perfpid; wait $perfpid
wait $pid
grep -E '^(cold|warm)' "$out.log"
