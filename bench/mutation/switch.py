#!/usr/bin/env python3
"""Puts every surviving (or uncovered) mutant of a Stryker report into a copy of the source, each behind
RsMutantSwitch.Is(id), so that one build can run the tests with each mutant switched on alone (what Stryker itself does).

Usage: switch.py REPORT.json ROOT     (ROOT holds src/ as the report mutated it; the files are rewritten in place)
Used by bench/mutation/switched-copy.sh. A Linq method mutant is widened to its whole call, a relational pattern to its
`x is` test, a statement mutant becomes `if (!Is(id)) { statement }`, an assignment mutant an if/else."""
import json, sys, os
report, root = sys.argv[1], sys.argv[2]
r = json.load(open(report))
for name, f in r['files'].items():
    ms = [m for m in f['mutants'] if m['status'] in ('Survived', 'NoCoverage')]
    if not ms: continue
    src = f['source']
    path = os.path.join(root, 'src', name.split('/src/', 1)[-1])
    assert open(path, encoding='utf-8').read() == src, path
    lines = src.split('\n')
    off = lambda p: sum(len(l) + 1 for l in lines[:p['line'] - 1]) + p['column'] - 1
    items = []
    for m in ms:
        a, b = off(m['location']['start']), off(m['location']['end'])
        repl = m['replacement']
        kind = 'expr'
        if m['mutatorName'] == 'Statement mutation': kind = 'stmt'
        elif 'Linq method' in m['mutatorName']:
            # extend a method-group span to the whole invocation
            assert src[b] == '(', (m['id'], src[a:b+5])
            depth = 0; k = b
            while True:
                if src[k] == '(': depth += 1
                elif src[k] == ')':
                    depth -= 1
                    if depth == 0: break
                k += 1
            repl = repl + src[b:k+1]; b = k + 1
        elif 'AssignmentExpression' in m['mutatorName']:
            assert src[b] == ';'; kind = 'assign'; b += 1
        elif src[a:b].startswith('> ') and src[a-3:a] == 'is ':
            # relational pattern: mutate the whole `x is > 0`
            s = src.rfind(' ', 0, a - 4) + 1
            repl = src[s:a] + repl; a = s
        items.append((a, b, m['id'], repl, kind))
    items.sort(key=lambda t: (t[0], -t[1]))
    def render(a, b, inner):
        # inner: items strictly inside [a,b), sorted
        out, pos, i = [], a, 0
        while i < len(inner):
            ia, ib, iid, irep, ik = inner[i]
            kids = []; j = i + 1
            while j < len(inner) and inner[j][1] <= ib: kids.append(inner[j]); j += 1
            out.append(src[pos:ia])
            orig = render(ia, ib, kids)
            if ik == 'stmt': out.append(f'if (!global::RsMutantSwitch.Is({iid})) {{ {orig} }}')
            elif ik == 'assign': out.append(f'if (global::RsMutantSwitch.Is({iid})) {{ {irep}; }} else {{ {orig} }}')
            else: out.append(f'(global::RsMutantSwitch.Is({iid}) ? ({irep}) : ({orig}))')
            pos = ib; i = j
        out.append(src[pos:b])
        return ''.join(out)
    # check nesting
    for x in items:
        for y in items:
            if x is not y and x[0] < y[0] < x[1] < y[1]: sys.exit(f'overlap {x[2]} {y[2]}')
    open(path, 'w', encoding='utf-8').write(render(0, len(src), items))
open(os.path.join(root, 'src/Portfolio.Domain/RsMutantSwitch.cs'), 'w').write(
    'public static class RsMutantSwitch\n{\n    public static int Active = int.TryParse(System.Environment.GetEnvironmentVariable("RS_MUTANT"), out var id) ? id : 0;\n'
    '    public static bool Is(int id) => Active == id;\n}\n')
