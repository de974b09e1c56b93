#!/usr/bin/env bash
# Plants the review's three surviving bugs (issue 14) again, one at a time, in a copy of HEAD, and runs the tests named
# to catch each: every plant must fail them. Prints "== <plant>: FAILED <n> (caught)" or "… NOT CAUGHT"; exit 1 if any
# plant passes. Usage: bash bench/review-bugs/run.sh
set -uo pipefail
root=$(git rev-parse --show-toplevel)
work=${REVIEW_BUGS_DIR:-$root/artifacts/review-bugs}
status=0
plant() { # name file python-old python-new test-project filter
  local name=$1 file=$2 old=$3 new=$4 project=$5 filter=$6
  rm -rf "$work" && mkdir -p "$work"
  git -C "$root" archive HEAD | tar -x -C "$work"
  OLD=$old NEW=$new python3 - "$work/$file" <<'PY' || { echo "== $name: the line to plant is gone from $file"; return 1; }
import os, sys
p = sys.argv[1]; s = open(p).read(); old, new = os.environ['OLD'], os.environ['NEW']
if s.count(old) != 1: sys.exit(1)
open(p, 'w').write(s.replace(old, new))
PY
  (cd "$work" && dotnet build "$project" -v q -nologo 2>&1 | grep -E " error " | head -3)
  local out; out=$(cd "$work" && dotnet test "$project" --no-build --filter "$filter" 2>&1)
  local failed; failed=$(grep -cE "^\s+Failed " <<<"$out")
  if [ "$failed" -gt 0 ]; then echo "== $name: FAILED $failed (caught)"; grep -E "^\s+Failed " <<<"$out" | sed 's/ \[.*//'
  else echo "== $name: NOT CAUGHT"; grep -E "Passed!|Failed!|Total" <<<"$out" | tail -1; status=1; fi
}
plant "replacements matched newest-first" src/Portfolio.Domain/Ledger/AccountLedger.WashSales.cs \
  'Wash(position, candidates[i], piece, ref loss, ref disallowed);' \
  'Wash(position, candidates[candidates.Count - 1 - i], piece, ref loss, ref disallowed);' \
  tests/Portfolio.Domain.Tests "FullyQualifiedName~Tax.WashSale"
plant "transferred-in and spun-off lots accepted as replacements" src/Portfolio.Domain/Lots/TaxLot.cs \
  'public bool CanReplaceWashSale => Origin is LotOrigin.Purchase;' \
  'public bool CanReplaceWashSale => Origin is LotOrigin.Purchase or LotOrigin.Transfer or LotOrigin.SpinOff;' \
  tests/Portfolio.Domain.Tests "FullyQualifiedName~Tax.WashSale"
plant "spun-off lots alone accepted as replacements" src/Portfolio.Domain/Lots/TaxLot.cs \
  'public bool CanReplaceWashSale => Origin is LotOrigin.Purchase;' \
  'public bool CanReplaceWashSale => Origin is LotOrigin.Purchase or LotOrigin.SpinOff;' \
  tests/Portfolio.Domain.Tests "FullyQualifiedName~Tax.WashSale"
plant "Sell.Fee not persisted ([JsonIgnore])" src/Portfolio.Domain/Transactions/Transaction.cs \
  'string Id, DateOnly TradeDate, string Symbol, decimal Quantity, decimal Price, decimal Fee = 0,
    LotMethod? Method = null' \
  'string Id, DateOnly TradeDate, string Symbol, decimal Quantity, decimal Price, [property: System.Text.Json.Serialization.JsonIgnore] decimal Fee = 0,
    LotMethod? Method = null' \
  tests/Portfolio.Storage.Sqlite.Tests "FullyQualifiedName~Every_field_of_every_transaction_type_reads_back_as_written"
rm -rf "$work"
exit $status
