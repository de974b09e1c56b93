#!/usr/bin/env python3
"""Writes the markdown summary of Stryker JSON reports (parts of one project, merged file by file as summary.py does):
the total and per-folder scores, the census by status, and every mutant left alive with its disposition.

Usage: report.py --title TITLE [--dispositions FILE.tsv ...] [--folder FOLDER ...] REPORT.json [REPORT.json ...]
--dispositions may be given more than once (one file per part's owner); their lines are read in order. A dispositions file says why a surviving mutant is equivalent (no test can tell it from the original). One line each,
tab-separated: source path (as in the report, from the project folder on), text the mutated line contains, mutator name,
replacement (as in the report, whitespace-trimmed; empty matches any), reason. A path ending in :N matches line N only, :N:C column C of it. An empty mutator matches any mutator. Lines starting with # are comments.
A survivor no line matches is listed as "not explained"; the exit status is then 1."""
import argparse, collections, json, os, sys

parser = argparse.ArgumentParser()
parser.add_argument('--title', required=True)
parser.add_argument('--dispositions', action='append', default=[])
parser.add_argument('--folder', action='append', default=[],
                    help='only files under this folder (as in the report, e.g. Portfolio.Application/Performance); may be repeated')
parser.add_argument('reports', nargs='+')
args = parser.parse_args()

files, parts = {}, []
for path in args.reports:
    report = json.load(open(path))
    mutated = [f for f in report['files'].values() if any(not (m['status'] == 'Ignored' and 'mutate filter' in (m.get('statusReason') or '')) for m in f['mutants'])]
    count = collections.Counter(m['status'] for f in mutated for m in f['mutants']
                                if not (m['status'] == 'Ignored' and 'mutate filter' in (m.get('statusReason') or '')))
    parts.append((os.path.basename(path), len(mutated), count))
    for name, f in report['files'].items():
        # A part lists every file of the project; those outside its --mutate globs have only filter-ignored mutants.
        f['mutants'] = [m for m in f['mutants'] if not (m['status'] == 'Ignored' and 'mutate filter' in (m.get('statusReason') or ''))]
        if f['mutants'] or name not in files:
            files[name] = f


def relative(name):
    marker = '/src/'
    return name.split(marker, 1)[-1] if marker in name else name


if args.folder:
    # One owner's share of a part: the score, folders and survivors of these folders alone (the Parts table stays whole).
    files = {n: f for n, f in files.items() if any(relative(n).startswith(folder.rstrip('/') + '/') for folder in args.folder)}

rules = []
for dispositions in args.dispositions:
    for raw in open(dispositions, encoding='utf-8'):
        if not raw.strip() or raw.startswith('#'):
            continue
        cells = raw.rstrip('\n').split('\t')
        if len(cells) != 5:
            sys.exit(f'{dispositions}: expected 5 tab-separated cells: {raw!r}')
        rules.append(cells)


def disposition(path, line_text, mutant):
    replacement = (mutant.get('replacement') or '').strip()
    line = mutant['location']['start']['line']
    for file, contains, mutator, wanted, reason in rules:
        # "File.cs:N" pins a rule to line N, for two lines with the same text; "File.cs:N:C" to column C of it, for two
        # mutants of one line with the same mutator and replacement.
        file, _, only = file.partition(':')
        only, _, column = only.partition(':')
        if only and int(only) != line:
            continue
        if column and int(column) != mutant['location']['start']['column']:
            continue
        if path.endswith(file) and contains in line_text and (not mutator or mutator == mutant['mutatorName']) and (not wanted or wanted == replacement):
            return reason
    return None


def score(mutants):
    c = collections.Counter(m['status'] for m in mutants)
    detected = c['Killed'] + c['Timeout']
    valid = detected + c['Survived'] + c['NoCoverage']
    return detected, valid, c


def pct(d, v):
    return f'{100.0 * d / v:.2f} %' if v else 'n/a'


everything, folders = [], collections.defaultdict(list)
for name, f in files.items():
    rel = relative(name)
    folders['/'.join(rel.split('/')[:-1]) or '.'] += f['mutants']
    everything += f['mutants']

out = []
d, v, c = score(everything)
out.append(f'# {args.title}: mutation score {pct(d, v)}\n')
out.append(f'{d} of {v} valid mutants detected (killed {c["Killed"]}, timeout {c["Timeout"]}); survived {c["Survived"]}, '
           f'no coverage {c["NoCoverage"]}. Not counted: compile error {c["CompileError"]}, ignored {c["Ignored"]}. '
           'Score = (killed + timeout) / (killed + timeout + survived + no coverage). Files outside every part are not in it.\n')
out.append('## Parts\n')
out.append('| report | files | killed | timeout | survived | no coverage | compile error | ignored |')
out.append('|---|---|---|---|---|---|---|---|')
for name, n, pc in parts:
    out.append(f'| {name} | {n} | {pc["Killed"]} | {pc["Timeout"]} | {pc["Survived"]} | {pc["NoCoverage"]} | {pc["CompileError"]} | {pc["Ignored"]} |')
out.append('\n## Per folder\n')
out.append('| folder | killed + timeout | survived | no coverage | score |')
out.append('|---|---|---|---|---|')
for folder in sorted(folders):
    fd, fv, fc = score(folders[folder])
    if not folders[folder]:
        continue
    out.append(f'| {folder} | {fd} | {fc["Survived"]} | {fc["NoCoverage"]} | {pct(fd, fv)} |')

out.append('\n## Survivors and their disposition\n')
out.append('| where | status | mutator | original line | replacement | disposition |')
out.append('|---|---|---|---|---|---|')
unexplained = 0
kinds = collections.Counter()
for name, f in sorted(files.items()):
    lines = f['source'].split('\n')
    rel = relative(name)
    for m in sorted(f['mutants'], key=lambda m: (m['location']['start']['line'], m['location']['start']['column'])):
        if m['status'] not in ('Survived', 'NoCoverage'):
            continue
        line = m['location']['start']['line']
        text = lines[line - 1].strip()
        reason = disposition(rel, text, m)
        if reason is None:
            unexplained += 1
            reason = '**not explained**'
        kinds['not explained' if reason == '**not explained**' else
              'killed after the run' if 'killed after' in reason else
              'open (not killed, no claim of equivalence)' if reason.startswith(('open', 'not switched')) else
              'not covered (an internal invariant no caller breaks)' if reason.startswith('not covered') else
              'unreachable' if reason.startswith(('unreachable', 'not reachable')) else
              'line replaced since the run' if reason.startswith('the line was replaced') else
              'equivalent or cost-only'] += 1
        cell = lambda s: s.replace('|', '\\|').replace('\n', ' ')
        out.append(f'| {rel}:{line} | {m["status"]} | {m["mutatorName"]} | `{cell(text[:120])}` | '
                   f'`{cell((m.get("replacement") or "").strip()[:80])}` | {cell(reason)} |')
out.append(f'\n{unexplained} survivors not explained.')
alive = sum(kinds.values())
out.append(f'\nOf the {alive} survivors (survived or no coverage): ' + ', '.join(f'{k} {n}' for k, n in kinds.most_common()) + '. '
           f'Counting the tests written after the run, {d + kinds["killed after the run"]} of {v} would be detected '
           f'({pct(d + kinds["killed after the run"], v)}); Stryker\'s own score above changes only when the parts run again.')
print('\n'.join(out))
sys.exit(1 if unexplained else 0)
