#!/usr/bin/env bash
# Output in fanout-ab-2026-12-01.txt (base = main at 0245140, new = this branch before the rebase onto the Functions work); filtered lines only.
# A/B: the main build and this branch's build, alternately, full size.
for round in 1 2; do
  for build in base new; do
    echo "=== $build round $round $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)"
    dotnet /tmp/fanout-$build/net10.0/Portfolio.Drivers.dll fanout "$@" 2>&1 | grep -E "^(cold|warm|seeded|fanout)|ApplyAsync|ReadAsync\(page\)"
  done
done
echo "=== done $(date -u +%H:%M:%S)"
