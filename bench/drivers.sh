#!/usr/bin/env bash
# bench/drivers.sh DRIVER [options]   builds Release once, then runs one driver of bench/Portfolio.Drivers:
#   http-load | concurrent-writers | crash-restart | fuzz | fanout | history | ratelimit | orders   (full size; add --short for a few seconds)
# bench/drivers.sh short              runs every driver in --short mode (about 45 s on 2 cores; for .ci/run)
# Exit status: non-zero when a driver's checks fail. Only loopback traffic; temp data folders are removed.
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
drivers=(http-load concurrent-writers crash-restart fuzz fanout history ratelimit orders)
if [ $# -lt 1 ]; then sed -n '2,5p' "$0"; exit 2; fi

echo "== build (Release): server and drivers"
dotnet build src/Portfolio.Server/Portfolio.Server.csproj -c Release -nologo -v quiet >/dev/null || { dotnet build src/Portfolio.Server/Portfolio.Server.csproj -c Release -nologo -v quiet; exit 1; }
dotnet build bench/Portfolio.Drivers/Portfolio.Drivers.csproj -c Release -nologo -v quiet >/dev/null || { dotnet build bench/Portfolio.Drivers/Portfolio.Drivers.csproj -c Release -nologo -v quiet; exit 1; }
run() { dotnet bench/Portfolio.Drivers/bin/Release/net10.0/Portfolio.Drivers.dll "$@"; }

if [ "$1" = short ]; then
  shift
  failed=()
  for d in "${drivers[@]}"; do
    start=$SECONDS
    run "$d" --short "$@" || failed+=("$d")
    echo "   ($d took $((SECONDS - start)) s)"
  done
  if [ ${#failed[@]} -gt 0 ]; then echo "drivers: FAILED: ${failed[*]}"; exit 1; fi
  echo "drivers: all ${#drivers[@]} passed"
  exit 0
fi
run "$@"
