#!/usr/bin/env bash
# Books a 100,000-trade FIFO ledger with the core (in-process, warm, best of 5) and with Beancount's bean-check
# (whole process) on the same ledger as Beancount text; prints both times and the ratio, checks realized totals match.
#   bench/beancount/booking-speed.sh [--trades N] [--symbols S] [--seed X] [--keep DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v bean-check >/dev/null && command -v bean-query >/dev/null || (apt-get update -qq && apt-get install -y -qq beancount)
dotnet build -c Release bench/Portfolio.Bench -v q -nologo
exec dotnet bench/Portfolio.Bench/bin/Release/net10.0/Portfolio.Bench.dll booking-speed "$@"
