#!/usr/bin/env bash
# Cross-checks the accounting core against Beancount (Debian's beancount 2.3.5) on randomized, seeded ledgers, in two
# parts; exits non-zero on any mismatch.
#  1. crosscheck: a ledger written by this bench (not by the product), FIFO and LIFO IRA accounts, integer quantities,
#     no fees: realized gains per sale and open lots, ours against Beancount's own booking.
#  2. export-crosscheck: the product's Beancount export (GET …/export?format=beancount) of FIFO, LIFO and HIFO accounts,
#     IRA and taxable, with fees, fractional quantities, forward and reverse splits, same-day lots and wash sales:
#     bean-check accepts every file; per sale, Beancount's gain (from the lots its FIFO/LIFO chose, or the lots the sale
#     names) equals ours, as do the open lots and the wash-sale total, to 10^-9 USD.
#   bench/beancount/crosscheck.sh            # 20 ledgers x 2,000 trades; then 20 x 5 accounts x 2,000
#   bench/beancount/crosscheck.sh --short    # CI: 3 ledgers x 300 trades; then 3 x 5 accounts x 300, about a minute
#   bench/beancount/crosscheck.sh --ledgers 50 --trades 5000 --seed 3 --keep /tmp/ledgers
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v bean-check >/dev/null && command -v bean-query >/dev/null || (apt-get update -qq && apt-get install -y -qq beancount)
dotnet build -c Release bench/Portfolio.Bench -v q -nologo
dotnet bench/Portfolio.Bench/bin/Release/net10.0/Portfolio.Bench.dll crosscheck "$@"
echo
exec dotnet bench/Portfolio.Bench/bin/Release/net10.0/Portfolio.Bench.dll export-crosscheck "$@"
