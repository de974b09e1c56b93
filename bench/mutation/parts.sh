#!/usr/bin/env bash
# bench/mutation/parts.sh domain|application [part ...]
# Stryker over Portfolio.Domain or Portfolio.Application in parts, one folder group each, one after the other
# (bench/mutation.sh with MUTATION_PART and --mutate). It runs in a snapshot of HEAD under artifacts/mutation-src, because
# Stryker writes its mutated assembly into the test project's bin folder and a build in the working tree during the run
# would replace it. Reports: bench/results/mutation/<project>-<part>.{json,md} (the html viewer stays in the snapshot's
# artifacts/mutation/); merge them with bench/mutation/summary.py or report.py.
# Domain parts: ledger, lots (Lots, Transactions, Accounts and the root files), bounds (Bounds, Collections), returns
# (Returns, Valuation, Rebalancing). Application parts: ledger (Ledger, Transactions, Accounts, Tax, corporate actions,
# Common, Ports), prices (prices, valuation, performance, revaluation, snapshots, targets, drift alerts, operations),
# imports (Imports, Exports), new-services (Orders, PriceAlerts, Watchlists, Notifications, Holdings). No part argument
# runs all of the project's parts. A part may also be given as "name=glob glob ...". MUTATION_SRC=dir puts the snapshot
# elsewhere, so that two runners can work at once.
set -uo pipefail
set -f # the globs are Stryker's, not the shell's
cd "$(dirname "$0")/../.."
root=$(pwd)
project=${1:-}; shift || true
declare -A globs
case "$project" in
  domain)
    globs=(
      [ledger]='**/Ledger/*.cs'
      [lots]='**/Lots/*.cs **/Transactions/*.cs **/Accounts/*.cs **/Quantities.cs **/LedgerRuleViolation.cs'
      [bounds]='**/Bounds/*.cs **/Collections/*.cs'
      [returns]='**/Returns/*.cs **/Valuation/*.cs **/Rebalancing/*.cs'
    )
    all=(ledger lots bounds returns) ;;
  application)
    globs=(
      [ledger]='**/Ledger/*.cs **/Transactions/*.cs **/Accounts/*.cs **/Tax/*.cs **/CorporateActions/*.cs **/Common/*.cs **/Ports/*.cs **/DependencyInjection.cs'
      [prices]='**/Prices/*.cs **/PricesPush/*.cs **/PricesQuery/*.cs **/Valuation/*.cs **/Performance/*.cs **/Revaluation/*.cs **/Snapshots/*.cs **/Targets/*.cs **/Alerts/*.cs **/Operations/*.cs'
      [imports]='**/Imports/*.cs **/Exports/*.cs'
      [new-services]='**/Orders/*.cs **/PriceAlerts/*.cs **/Watchlists/*.cs **/Notifications/*.cs **/Holdings/*.cs'
    )
    all=(ledger prices imports new-services) ;;
  *) sed -n '2,13p' "$0"; exit 2 ;;
esac
parts=("$@"); [ ${#parts[@]} -eq 0 ] && parts=("${all[@]}")
src=${MUTATION_SRC:-$root/artifacts/mutation-src}
# Never replace a snapshot a run is still using: its test project's bin folder holds the mutated assembly.
if pgrep -f "$src/bench/mutation.sh" >/dev/null; then echo "a run is still using $src; choose another MUTATION_SRC"; exit 2; fi
rm -rf "$src" && mkdir -p "$src"
git archive HEAD | tar -x -C "$src"
echo "snapshot of $(git rev-parse --short HEAD) in $src"
status=0
for part in "${parts[@]}"; do
  if [[ $part == *=* ]]; then globs[${part%%=*}]=${part#*=}; part=${part%%=*}; fi # name=glob[ glob...]
  [ -n "${globs[$part]:-}" ] || { echo "unknown part $part"; exit 2; }
  args=(); for g in ${globs[$part]}; do args+=(--mutate "$g"); done
  echo "== part $part $(date -u +%H:%M:%S)"
  MUTATION_PART=$part bash "$src/bench/mutation.sh" "$project" "${args[@]}" || status=1
  for ext in json md; do
    [ -f "$src/bench/results/mutation/$project-$part.$ext" ] && cp "$src/bench/results/mutation/$project-$part.$ext" bench/results/mutation/
  done
  echo "== part $part done $(date -u +%H:%M:%S)"
done
exit $status
