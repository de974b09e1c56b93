#!/usr/bin/env bash
# Cross-checks realized gains per sale and open lots of the accounting core against Beancount's FIFO/LIFO booking
# (Debian's beancount 2.3.5) on randomized, seeded ledgers. Exits non-zero on any mismatch.
#   bench/beancount/crosscheck.sh            # 20 ledgers x 2,000 trades
#   bench/beancount/crosscheck.sh --short    # CI: 3 ledgers x 300 trades, a few seconds
#   bench/beancount/crosscheck.sh --ledgers 50 --trades 5000 --seed 3 --keep /tmp/ledgers
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v bean-check >/dev/null && command -v bean-query >/dev/null || (apt-get update -qq && apt-get install -y -qq beancount)
dotnet build -c Release bench/Portfolio.Bench -v q -nologo
exec dotnet bench/Portfolio.Bench/bin/Release/net10.0/Portfolio.Bench.dll crosscheck "$@"
