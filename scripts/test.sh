#!/usr/bin/env bash
# Builds and tests every project of the solution that restores on this machine, and says which it skipped and why.
# Starts what the tests need (the local Cosmos-compatible server) and stops it afterwards; installs Debian's chromium and
# chromium-driver for the dashboard's browser tests when they are missing (scripts/browser.sh), and Debian's beancount for
# the Beancount export tests (scripts/beancount.sh).
# Fails on a restore error other than "this package is not on the feed", on a build or test failure, and when a test
# project (or the whole run) reports no tests.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
mkdir -p artifacts
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
status=0

echo "== restore"
restore_log=artifacts/restore.log
dotnet restore PortfolioFunctions.sln >"$restore_log" 2>&1
# NU1101/NU1102/NU1103: the package (or that version) is not on this feed; the project is skipped and named. Any other
# restore error (an unreachable source, a downgrade, a version conflict) is a fault of the repository: fail.
unknown=$(grep -E 'error NU[0-9]+' "$restore_log" | grep -vE 'error NU110[123]:' | sort -u)
if [ -n "$unknown" ]; then
  echo "restore failed with errors that are not a missing package:"
  echo "$unknown" | head -20
  exit 1
fi
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

if [ "$(dotnet msbuild src/Portfolio.Functions/Portfolio.Functions.csproj -getProperty:_FunctionsBuildEnabled 2>/dev/null)" = false ]; then
  echo "functions: the Functions SDK build step is OFF on this machine (Directory.Build.targets): it restores a generated"
  echo "           extensions project needing Microsoft.Azure.WebJobs.Extensions.ServiceBus 5.17.0, which ../shared/nuget"
  echo "           and this feed lack; functions.metadata is not generated. The worker code and its tests build against"
  echo "           the real packages all the same."
else
  echo "functions: the Functions SDK build step is on; functions.metadata is checked against the [Function] methods"
fi

echo "== build (${#buildable[@]} of ${#all[@]} projects)"
dotnet build "$filter" -c Release --no-restore -v quiet -nologo || exit 1

source scripts/services.sh
start_services
trap stop_services EXIT
# This script starts the Cosmos test server itself: if it did not come up, the Cosmos tests must fail, not skip
# (CosmosTestEnvironment skips only outside CI, on a developer's machine running dotnet test directly).
export CI="${CI:-true}"
source scripts/browser.sh
ensure_browser
source scripts/beancount.sh
ensure_beancount

echo "== test"
test_log=artifacts/test.log
# The tests' SQLite files go to tmpfs when there is one: the adapter fsyncs every commit (synchronous = FULL), and on a
# disk those fsyncs, not the code under test, set the pace of the write-heavy tests. A killed process loses nothing
# either way; only a power cut tells the two apart, and no test cuts the power.
test_tmp=$( [ -d /dev/shm ] && mktemp -d /dev/shm/portfolio-tests.XXXXXX || mktemp -d )
TMPDIR=$test_tmp dotnet test "$filter" -c Release --no-build --no-restore 2>&1 | tee "$test_log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
rm -rf "$test_tmp"

# Every test project must have run tests: one that silently found none proves nothing.
for project in "${buildable[@]}"; do
  name=$(basename "$project" .csproj)
  [ "$(dotnet msbuild "$project" -getProperty:IsTestProject 2>/dev/null)" = true ] || continue
  total=$(grep -E "Total: +[0-9]+.* - $name\.dll" "$test_log" | grep -oE 'Total: +[0-9]+' | awk '{ sum += $2 } END { print sum + 0 }')
  if [ "$total" -eq 0 ]; then
    echo "FAILED $project: no tests ran"
    status=1
  fi
done

echo "== openapi: Redocly's recommended rules on the served /openapi/v1.json"
bash scripts/openapi-lint.sh -c Release || status=1

count() { grep -oE "$1: +[0-9]+" "$test_log" | awk '{ sum += $2 } END { print sum + 0 }'; }
passed=$(count Passed); failed=$(count Failed); skipped=$(count Skipped)
[ "$passed" -gt 0 ] || status=1
echo "tests: $passed passed, $failed failed, $skipped skipped" | tee artifacts/test-summary.txt
# Name each failed test with the first line of its message, so that the tail of a CI log says which test failed.
# dotnet test prints "  Failed <name> [<duration>]", then "  Error Message:" and the message on the lines after it; a
# crashed test host prints "Test Run Aborted" (or "The active test run was aborted") instead.
failures=$(awk '
  function flush() { if (name != "") print "FAILED " name (msg == "" ? "" : ": " msg); name = ""; msg = ""; grab = 0 }
  /^  Failed .* \[[^]]*\]$/ { flush(); name = $0; sub(/^  Failed /, "", name); sub(/ \[[^]]*\]$/, "", name); next }
  name != "" && /^  Error Message:/ { grab = 1; next }
  grab { line = $0; sub(/^ +/, "", line); msg = substr(line, 1, 200); grab = 0; next }
  /Test Run Aborted|test run was aborted/ { flush(); line = $0; sub(/^ +/, "", line); print "ABORTED " substr(line, 1, 200) }
  END { flush() }
' "$test_log" | awk '!seen[$0]++')
if [ -n "$failures" ]; then
  echo "$failures" | head -20 | tee -a artifacts/test-summary.txt
  more=$(( $(echo "$failures" | wc -l) - 20 ))
  [ "$more" -le 0 ] || echo "... and $more more (artifacts/test.log)" | tee -a artifacts/test-summary.txt
fi
exit "$status"
