#!/usr/bin/env python3
"""Plants one mutant of a Stryker JSON report into a source tree by hand, to check that a test kills it.

Usage: plant.py REPORT.json MUTANT_ID [--root DIR] [--nullable-warnings-off]
Writes the mutated file under DIR (default: the current directory; the report's paths are taken from src/ on) and
prints the file, line and the text replaced. Refuses when the file no longer matches the source the report mutated
(the line moved or changed): plant such a mutant by editing the line itself. Revert with `git checkout -- FILE`.
Never commit a planted mutant."""
import argparse, json, os, sys

parser = argparse.ArgumentParser()
parser.add_argument('report')
parser.add_argument('mutant_id')
parser.add_argument('--root', default='.')
parser.add_argument('--nullable-warnings-off', action='store_true',
                    help='prepend "#nullable disable warnings" (a mutant that dereferences a maybe-null value, which '
                         'Stryker compiles but warnings-as-errors refuses)')
args = parser.parse_args()

report = json.load(open(args.report))
for name, f in report['files'].items():
    for m in f['mutants']:
        if str(m['id']) != args.mutant_id:
            continue
        path = os.path.join(args.root, 'src', name.split('/src/', 1)[-1])
        current = open(path, encoding='utf-8').read()
        if current != f['source']:
            sys.exit(f'{path} differs from the source the report mutated; plant mutant {m["id"]} by editing the line itself')
        lines = current.split('\n')
        start, end = m['location']['start'], m['location']['end']
        # Stryker's locations are 1-based lines and columns, the end column one past the last character.
        offset = lambda p: sum(len(l) + 1 for l in lines[:p['line'] - 1]) + p['column'] - 1
        a, b = offset(start), offset(end)
        replacement = m['replacement']
        # A removed statement that is an if's body: `if (c) ;` does not compile here (CS0642 with warnings as errors),
        # and Stryker's own build does not see it that way; an empty block is the same removal.
        if replacement == ';' and current[:a].rstrip().endswith(')'):
            replacement = '{ }'
        mutated = current[:a] + replacement + current[b:]
        if args.nullable_warnings_off:
            mutated = '#nullable disable warnings\n' + mutated
        open(path, 'w', encoding='utf-8').write(mutated)
        print(f'{path}:{start["line"]}: {m["mutatorName"]}: {current[a:b]!r} -> {replacement!r}')
        sys.exit(0)
sys.exit(f'no mutant {args.mutant_id} in {args.report}')
