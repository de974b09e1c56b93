#!/usr/bin/env bash
# Hand edits to the switched copy of the brokers piece (application-imports-brokers.json), after switched-app.sh made it:
# switch.py puts switches inside two string patterns, which do not compile, and three static arrays of action names are
# built once per process, before any mutant is on. Usage: bench/mutation/application-imports-brokers-hand.sh COPY_DIR
# - SchwabFormat.cs:63 `action is "Bank Interest" or "Credit Interest"`: mutant 2528 switched as the whole `is` test;
# - GhostfolioFormat.cs:87 `case "ITEM" or "LIABILITY":`: mutants 1531 and 1532 switched in a `case var t when …` guard;
# - SchwabFormat's Dividends, Transfers, Fees and FidelityFormat's Transfers: `static readonly` fields made `=>` properties,
#   so that a mutant of one of their names is on exactly while it is switched on.
# Then the copy is built again (switched-app.sh's own build command).
set -euo pipefail
work=$1
python3 - "$work" <<'PY'
import sys
root = sys.argv[1] + '/src/Portfolio.Application/Imports/'
edits = [
    ('SchwabFormat.cs', 'action is "Bank Interest" or (global::RsMutantSwitch.Is(2528) ? ("") : ("Credit Interest"))',
     '(global::RsMutantSwitch.Is(2528) ? (action is "Bank Interest" or "") : (action is "Bank Interest" or "Credit Interest"))'),
    ('GhostfolioFormat.cs', 'case (global::RsMutantSwitch.Is(1531) ? ("") : ("ITEM")) or (global::RsMutantSwitch.Is(1532) ? ("") : ("LIABILITY")):',
     'case var t when (global::RsMutantSwitch.Is(1531) ? t is "" or "LIABILITY" : global::RsMutantSwitch.Is(1532) ? t is "ITEM" or "" : t is "ITEM" or "LIABILITY"):'),
]
for name, old, new in edits:
    text = open(root + name, encoding='utf-8').read()
    assert text.count(old) == 1, (name, old)
    open(root + name, 'w', encoding='utf-8').write(text.replace(old, new))
PY
sed -i -E 's/private static readonly string\[\] (\w+) = /private static string[] \1 => /' \
  "$work/src/Portfolio.Application/Imports/SchwabFormat.cs" "$work/src/Portfolio.Application/Imports/FidelityFormat.cs"
(cd "$work" && dotnet build tests/Portfolio.Application.Tests -v q -nologo -p:TreatWarningsAsErrors=false -p:Nullable=disable | grep -E " error |Elapsed" || true)
