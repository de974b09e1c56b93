#!/usr/bin/env bash
# bench/mutation.sh [domain|application|all] [extra dotnet-stryker options]
# Mutation testing with Stryker.NET (the local tool in .config/dotnet-tools.json): Portfolio.Domain against
# tests/Portfolio.Domain.Tests and Portfolio.Application against tests/Portfolio.Application.Tests, run separately,
# one test session at a time by default (STRYKER_CONCURRENCY; the machine is shared). Reports (json, markdown) are copied to
# bench/results/mutation/<project>.{json,md}; Stryker's html viewer of the same json stays in artifacts/mutation/. Too slow for every CI run: a full Domain run takes about an hour on
# two busy cores. To iterate, pass Stryker's own filters, e.g. --since:main or --mutate "**/Ledger/*.cs"; with
# MUTATION_PART=name the reports of such a partial run go to <project>-<name>.{json,md} instead, and
# bench/mutation/summary.py merges the parts' json reports file by file into one score.
# STRYKER_ADDITIONAL_TIMEOUT=ms raises Stryker's per-mutant allowance over the baseline test time (its default 5000 ms):
# on a loaded machine a slow test run otherwise counts as a "Timeout", which Stryker scores as killed.
# Exit status: non-zero when Stryker fails or the score is below the break threshold (Domain 90, Application 80).
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
which=${1:-all}; shift || true
concurrency=${STRYKER_CONCURRENCY:-1}
# Stryker reruns every test that covers a mutant (coverage-analysis perTest, its default) for each mutant. The property
# tests cover all booking code, so their case counts are lowered for mutation runs only (CI keeps 150/200).
export PORTFOLIO_PROPERTY_CASES=${PORTFOLIO_PROPERTY_CASES:-20}
dotnet tool restore >/dev/null || exit 1
# Each mutant reruns the tests that cover it: their SQLite files go to tmpfs (no fsync wait per commit), as in scripts/test.sh.
if [ -d /dev/shm ]; then export TMPDIR=$(mktemp -d /dev/shm/portfolio-mutation.XXXXXX); trap 'rm -rf "$TMPDIR"' EXIT; fi
mkdir -p bench/results/mutation

run() { # name project test-dir break
  local name=$1 project=$2 tests=$3 break_at=$4 out="$root/artifacts/mutation/$1${MUTATION_PART:+-$MUTATION_PART}"
  shift 4
  rm -rf "$out"
  local config=()
  if [ -n "${STRYKER_ADDITIONAL_TIMEOUT:-}" ]; then
    # additional-timeout is a config-file option only: a file of its own, so the tests folder is not touched.
    mkdir -p "$root/artifacts/mutation"
    local file="$root/artifacts/mutation/stryker-config-$name${MUTATION_PART:+-$MUTATION_PART}.json"
    printf '{ "stryker-config": { "additional-timeout": %d } }\n' "$STRYKER_ADDITIONAL_TIMEOUT" > "$file"
    config=(-f "$file")
  fi
  echo "== $name${MUTATION_PART:+ part $MUTATION_PART}: $project against $tests (break below $break_at %, concurrency $concurrency, property cases $PORTFOLIO_PROPERTY_CASES${STRYKER_ADDITIONAL_TIMEOUT:+, additional timeout $STRYKER_ADDITIONAL_TIMEOUT ms})"
  (cd "$tests" && dotnet stryker -p "$project" -c "$concurrency" --break-at "$break_at" --threshold-high 90 --threshold-low "$break_at" \
      --skip-version-check "${config[@]}" \
      -r json -r html -r markdown -r progress -r dots -O "$out" "$@")
  local code=$?
  local saved=$name${MUTATION_PART:+-$MUTATION_PART}
  for ext in json md; do
    report=$(find "$out/reports" -name "mutation-report.$ext" 2>/dev/null | head -1)
    [ -n "$report" ] && cp "$report" "bench/results/mutation/$saved.$ext"
  done
  return $code
}

status=0
case "$which" in
  domain|all) run domain Portfolio.Domain.csproj tests/Portfolio.Domain.Tests 90 "$@" || status=1 ;;&
  application|all) run application Portfolio.Application.csproj tests/Portfolio.Application.Tests 80 "$@" || status=1 ;;
  domain) ;;
  *) sed -n '2,8p' "$0"; exit 2 ;;
esac
exit $status
