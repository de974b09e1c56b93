#!/usr/bin/env bash
# Runs chosen Domain test classes once per surviving mutant of a Stryker report, each mutant switched on alone, in one
# build of a copy of HEAD (bench/mutation/switch.py), in one test process. Minutes instead of a rebuild per mutant.
# Usage: bench/mutation/switched-copy.sh REPORT.json "Class1,Class2,..." [ID ...]   (no ids: every survivor)
# Prints "== <id> failed <n>" and the failing tests per mutant; id -1 (nothing switched on; Stryker numbers mutants from 0) must fail none.
# A mutant that loops forever is reported as HANG after 20 s and the rest of its tests are skipped.
set -euo pipefail
report=$1 classes=$2; shift 2
root=$(git rev-parse --show-toplevel)
work=${SWITCHED_COPY_DIR:-$root/artifacts/switched-copy}
rm -rf "$work" && mkdir -p "$work"
git -C "$root" archive HEAD src/Portfolio.Domain tests/Portfolio.Domain.Tests Directory.Build.props Directory.Build.targets Directory.Packages.props global.json | tar -x -C "$work"
python3 "$root/bench/mutation/switch.py" "$root/$report" "$work"
cp "$root/bench/mutation/switched/ZzMutantRunner.cs.txt" "$work/tests/Portfolio.Domain.Tests/ZzMutantRunner.cs"
if [ $# -eq 0 ]; then
  set -- $(python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(' '.join(str(m['id']) for f in r['files'].values() for m in f['mutants'] if m['status'] in ('Survived','NoCoverage')))" "$root/$report")
fi
printf '%s\n' -1 "$@" > "$work/ids.txt"
cd "$work"
# The switched expressions defeat nullable flow analysis in a few places; warnings are not the point of this copy.
dotnet build tests/Portfolio.Domain.Tests -v q -nologo -p:TreatWarningsAsErrors=false -p:Nullable=disable | grep -E " error |Elapsed" || true
RS_RUN="$work/ids.txt" RS_CLASSES="$classes" dotnet test tests/Portfolio.Domain.Tests --no-build --filter "FullyQualifiedName~ZzMutantRunner" > "$work/runner.log" 2>&1 || { tail -20 "$work/runner.log"; exit 1; }
cat "$work/ids.txt.out"
