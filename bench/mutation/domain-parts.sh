#!/usr/bin/env bash
# bench/mutation/domain-parts.sh [part ...]
# Stryker over Portfolio.Domain in parts, one folder group each, one after the other (bench/mutation.sh with
# MUTATION_PART and --mutate). It runs in a snapshot of HEAD under artifacts/mutation-src, because Stryker writes its
# mutated assembly into the test project's bin folder and a build in the working tree during the run would replace it.
# Reports: bench/results/mutation/domain-<part>.{json,md} (the html viewer stays in the snapshot's artifacts/mutation/); merge them with bench/mutation/summary.py.
# Parts: ledger, lots (Lots, Transactions, Accounts and the root files), bounds (Bounds, Collections), returns
# (Returns, Valuation, Rebalancing). No argument runs all four. A part may also be given as "name=glob glob ...". MUTATION_SRC=dir puts the snapshot elsewhere, so that
# two runners can work at once.
set -uo pipefail
set -f # the globs are Stryker's, not the shell's
cd "$(dirname "$0")/../.."
root=$(pwd)
declare -A globs=(
  [ledger]='**/Ledger/*.cs'
  [lots]='**/Lots/*.cs **/Transactions/*.cs **/Accounts/*.cs **/Quantities.cs **/LedgerRuleViolation.cs'
  [bounds]='**/Bounds/*.cs **/Collections/*.cs'
  [returns]='**/Returns/*.cs **/Valuation/*.cs **/Rebalancing/*.cs'
)
parts=("$@"); [ ${#parts[@]} -eq 0 ] && parts=(ledger lots bounds returns)
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
  MUTATION_PART=$part bash "$src/bench/mutation.sh" domain "${args[@]}" || status=1
  for ext in json md; do
    [ -f "$src/bench/results/mutation/domain-$part.$ext" ] && cp "$src/bench/results/mutation/domain-$part.$ext" bench/results/mutation/
  done
  echo "== part $part done $(date -u +%H:%M:%S)"
done
exit $status
