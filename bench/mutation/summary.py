#!/usr/bin/env python3
"""Summarises Stryker JSON reports (mutation-testing-report-schema): score per report and per folder, and every mutant
left alive (Survived, NoCoverage) with its line and replacement. Several reports of parts of one project are merged by
file (a later report's file replaces an earlier one's). Usage: summary.py REPORT.json [REPORT.json ...] [--survivors]"""
import json, sys, collections, os

args = [a for a in sys.argv[1:] if not a.startswith('--')]
files = {}
root = None
for path in args:
    report = json.load(open(path))
    for name, f in report['files'].items():
        files[name] = f

def score(mutants):
    c = collections.Counter(m['status'] for m in mutants)
    detected = c['Killed'] + c['Timeout']
    valid = detected + c['Survived'] + c['NoCoverage']
    return detected, valid, c

folders = collections.defaultdict(list)
everything = []
for name, f in files.items():
    rel = name.split('/src/', 1)[-1]
    folder = '/'.join(rel.split('/')[:-1]) or '.'
    folders[folder] += f['mutants']
    everything += f['mutants']

d, v, c = score(everything)
print(f"total: {d} detected of {v} ({100.0 * d / v if v else 0:.2f} %); " + ", ".join(f"{k} {n}" for k, n in sorted(c.items())))
print("| folder | killed+timeout | survived | no coverage | score |")
print("|---|---|---|---|---|")
for folder in sorted(folders):
    d, v, c = score(folders[folder])
    print(f"| {folder} | {d} | {c['Survived']} | {c['NoCoverage']} | {100.0 * d / v if v else 100:.1f} % |")
if '--survivors' in sys.argv:
    print()
    for name, f in sorted(files.items()):
        lines = f['source'].split('\n')
        for m in sorted(f['mutants'], key=lambda m: m['location']['start']['line']):
            if m['status'] not in ('Survived', 'NoCoverage'): continue
            line = m['location']['start']['line']
            rel = name.split('/src/', 1)[-1]
            print(f"{rel}:{line} [{m['status']}] {m['mutatorName']}: {m.get('replacement','').strip()[:90]!r}  <- {lines[line-1].strip()[:110]}")
