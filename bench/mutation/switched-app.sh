#!/usr/bin/env bash
# The Application's twin of switched-copy.sh: every surviving (or uncovered) mutant of a Stryker report of
# Portfolio.Application behind RsMutantSwitch.Is(id) in one build of a copy of HEAD, then the test classes run once per
# mutant switched on alone, in one test process (bench/mutation/switched/ZzAppMutantRunner.cs.txt).
# Usage: bench/mutation/switched-app.sh REPORT.json IDS_FILE   (IDS_FILE: "id Class,Class" a line; id -1 first, no mutant on: must fail none)
# Prints the runner's "== <id> failed <n> of <m> run" and the first failing test per mutant (one failure is a kill).
set -euo pipefail
report=$1 ids=$2
root=$(git rev-parse --show-toplevel)
work=${SWITCHED_COPY_DIR:-$root/artifacts/switched-app}
if [ ! -f "$work/built" ]; then
  rm -rf "$work" && mkdir -p "$work"
  git -C "$root" archive HEAD src/Portfolio.Domain src/Portfolio.Application src/Portfolio.Storage.Sqlite tests/Portfolio.Application.Tests \
    Directory.Build.props Directory.Build.targets Directory.Packages.props global.json | tar -x -C "$work"
  python3 "$root/bench/mutation/switch.py" "$root/$report" "$work" Portfolio.Application
  # Serializer options and the type table are built once per process, when a mutant switched on before is still active:
  # in this copy they are built on each read, so that a mutant of their construction is on exactly while it is switched on.
  sed -i 's/public static readonly JsonSerializerOptions Options = /public static JsonSerializerOptions Options => /; s/public static readonly IReadOnlyDictionary<string, Type> Types = /public static IReadOnlyDictionary<string, Type> Types => /' \
    "$work/src/Portfolio.Application/Common/StorageJson.cs" "$work/src/Portfolio.Application/Ledger/TransactionJson.cs"
  # The same for the telemetry's activity sources and instruments (a mutant of a name, unit or description), and the
  # price history's default and longest range.
  sed -i -E 's/public static readonly (ActivitySource|Counter<long>|Histogram<double>|Gauge<int>) (\w+) = /public static \1 \2 => /' \
    "$work/src/Portfolio.Application/Operations/PortfolioTelemetry.cs"
  sed -i -E 's/public static readonly TimeSpan (\w+) = /public static TimeSpan \1 => /' "$work/src/Portfolio.Application/PricesQuery/PriceQueryService.cs"
  # And the import formats' tables: Portfolio Performance's two languages (columns and types), IBKR's date formats.
  sed -i -E 's/private static readonly Language (English|German) = /private static Language \1 => /' "$work/src/Portfolio.Application/Imports/PortfolioPerformanceFormat.cs"
  sed -i 's/private static readonly string\[\] DateFormats = /private static string[] DateFormats => /' "$work/src/Portfolio.Application/Imports/IbkrFlexFormat.cs"
  cp "$root/bench/mutation/switched/ZzAppMutantRunner.cs.txt" "$work/tests/Portfolio.Application.Tests/ZzAppMutantRunner.cs"
  (cd "$work" && dotnet build tests/Portfolio.Application.Tests -v q -nologo -p:TreatWarningsAsErrors=false -p:Nullable=disable | grep -E " error |Elapsed" || true)
  touch "$work/built"
fi
cp "$ids" "$work/ids.txt"
cd "$work"
RS_RUN="$work/ids.txt" dotnet test tests/Portfolio.Application.Tests --no-build --filter "FullyQualifiedName~ZzAppMutantRunner" > "$work/runner.log" 2>&1 || { tail -20 "$work/runner.log"; exit 1; }
cat "$work/ids.txt.out"
