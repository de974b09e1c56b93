#!/usr/bin/env bash
# Builds and tests every project of the solution that restores on this machine, and says which it skipped and why.
# Starts what the tests need (the local Cosmos-compatible server) and stops it afterwards.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
mkdir -p artifacts
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

echo "== restore"
restore_log=artifacts/restore.log
dotnet restore PortfolioFunctions.sln >"$restore_log" 2>&1
mapfile -t all < <(dotnet sln PortfolioFunctions.sln list | grep -E '\.csproj$' | tr '\\' '/')
buildable=()
for project in "${all[@]}"; do
  reason=$(grep -F "$(basename "$project")" "$restore_log" | grep -m1 -oE 'error NU[0-9]+: .*' | sed 's/ \[.*//')
  if [ -n "$reason" ]; then
    echo "SKIPPED $project: $reason"
  else
    buildable+=("$project")
  fi
done

filter=artifacts/buildable.slnf
{
  printf '{ "solution": { "path": "../PortfolioFunctions.sln", "projects": [\n'
  for i in "${!buildable[@]}"; do
    sep=","; [ "$i" -eq $((${#buildable[@]} - 1)) ] && sep=""
    printf '  "%s"%s\n' "${buildable[$i]//\//\\\\}" "$sep"
  done
  printf '] } }\n'
} >"$filter"

echo "== build (${#buildable[@]} of ${#all[@]} projects)"
dotnet build "$filter" -c Release --no-restore -v quiet -nologo || exit 1

source scripts/services.sh
start_services
trap stop_services EXIT

echo "== test"
test_log=artifacts/test.log
dotnet test "$filter" -c Release --no-build --no-restore 2>&1 | tee "$test_log"
status=${PIPESTATUS[0]}

echo "== functions host: offline check against API stand-ins (the real packages are not on this feed; see tests/Portfolio.Functions.Tests/OfflineCheck)"
offline_log=artifacts/functions-offline.log
bash tests/Portfolio.Functions.Tests/OfflineCheck/run.sh -c Release >"$offline_log" 2>&1
offline_status=$?
grep -E 'Passed!|Failed!|error' "$offline_log" | head -20
[ "$offline_status" -eq 0 ] || status=1

count() { grep -oE "$1: +[0-9]+" "$test_log" | awk '{ sum += $2 } END { print sum + 0 }'; }
passed=$(count Passed); failed=$(count Failed); skipped=$(count Skipped)
echo "tests: $passed passed, $failed failed, $skipped skipped" | tee artifacts/test-summary.txt
exit "$status"
