#!/usr/bin/env python3
"""Puts every surviving (or uncovered) mutant of a Stryker report into a copy of the source, each behind
RsMutantSwitch.Is(id), so that one build can run the tests with each mutant switched on alone (what Stryker itself does).

Usage: switch.py REPORT.json ROOT [PROJECT]   (ROOT holds src/ as the report mutated it; the files are rewritten in place;
PROJECT, Portfolio.Domain unless given, receives the switch class. In a file changed since the report, a mutant is placed
where the whole lines it spans (with up to three lines before them) occur once, unchanged; one whose lines changed is left
unswitched, named on stderr.)
Used by bench/mutation/switched-copy.sh. A Linq method mutant is widened to its whole call, a relational pattern to its
`x is` test, a statement mutant becomes `if (!Is(id)) { statement }`, an assignment mutant an if/else, a switch arm
whose string constants are switched a guarded `var` arm. Stryker numbers its
mutants from 0: no mutant is switched on at -1 (the default, and the runner's baseline line)."""
import json, sys, os, re
report, root = sys.argv[1], sys.argv[2]
project = sys.argv[3] if len(sys.argv) > 3 else 'Portfolio.Domain'
r = json.load(open(report))
for name, f in r['files'].items():
    ms = [m for m in f['mutants'] if m['status'] in ('Survived', 'NoCoverage')]
    if not ms: continue
    src = f['source']
    path = os.path.join(root, 'src', name.split('/src/', 1)[-1])
    current = open(path, encoding='utf-8').read()
    lines = src.split('\n')
    off = lambda p: sum(len(l) + 1 for l in lines[:p['line'] - 1]) + p['column'] - 1
    items = []
    for m in ms:
        a, b = off(m['location']['start']), off(m['location']['end'])
        if current != src:
            # The file changed since the report: the mutant is placed where the whole lines it spans, with up to three lines
            # before them when those lines repeat, occur once, unchanged.
            last = src.find('\n', b)
            for before in range(4):
                first = off({'line': max(1, m['location']['start']['line'] - before), 'column': 1})
                block = src[first:last if last >= 0 else len(src)]
                if current.count(block) == 1: break
            if current.count(block) != 1:
                print(f'changed since the report, not switched: {m["id"]} {path}:{m["location"]["start"]["line"]}', file=sys.stderr)
                continue
            moved = current.index(block) - first
            a, b = a + moved, b + moved
        repl = m['replacement']
        kind = 'expr'
        if 'out var ' in current[a:b]:
            print(f'declares a variable, not switched: {m["id"]} {path}:{m["location"]["start"]["line"]}', file=sys.stderr)
            continue
        if m['mutatorName'] == 'Statement mutation':
            # a removed throw that ends a method leaves it without a return: Stryker adds `return default`, so does this
            # (named here: the removed throws that end their methods in the reports this was used on)
            where = f"{os.path.basename(path)}:{m['location']['start']['line']}"
            kind = 'stmt-last' if where in ('AccountStateException.cs:27', 'AccountStateException.cs:34', 'TransactionService.cs:92', 'TargetService.cs:29',
                                            'PortfolioPerformanceFormat.cs:146', 'ImportService.cs:76', 'ImportValues.cs:58') else 'stmt'
        elif 'IncrementExpression' in m['mutatorName'] or 'DecrementExpression' in m['mutatorName']:
            kind = 'discard'  # `i++` as a statement or a for-loop step: a conditional expression alone is no statement
        elif 'Linq method' in m['mutatorName']:
            # extend a method-group span to the whole invocation
            assert current[b] == '(', (m['id'], current[a:b+5])
            depth = 0; k = b
            while True:
                if current[k] == '(': depth += 1
                elif current[k] == ')':
                    depth -= 1
                    if depth == 0: break
                k += 1
            repl = repl + current[b:k+1]; b = k + 1
        elif 'AssignmentExpression' in m['mutatorName'] and current[b] == ';':
            kind = 'assign'; b += 1  # inside an expression (`(x ??= y).Z`), an assignment is switched as any expression
        elif m['mutatorName'] == 'Block removal mutation':
            kind = 'block'
        elif current[a] == "'" and current[a-3:a] == 'is ':
            # part of a combination of character patterns (`c is '.' or '_' or '-'`): a switch cannot sit inside a
            # pattern, so mutate the whole `c is ...` test, up to the pattern's last character
            s = a - 4
            while current[s - 1].isalnum() or current[s - 1] in '._': s -= 1
            e = b
            while (more := re.match(r" (or|and) '(\\.|[^'\\])'", current[e:])): e += more.end()
            repl = current[s:a] + repl + current[b:e]; a = s; b = e
        elif current[a:b].lstrip('<>=').startswith(' ') and current[:a].rstrip().endswith(' or'):
            # relational pattern after `or` (`x is 0 or > 100`): mutate the whole `x is ...` test
            s = current.rfind(' is ', 0, a)
            while current[s - 1].isalnum() or current[s - 1] in '._': s -= 1
            repl = current[s:a] + repl; a = s
        elif current[a:b].startswith('> ') and current[a-3:a] == 'is ' and current[b:].lstrip().startswith(')'):
            # relational pattern: mutate the whole `x is > 0`
            s = current.rfind(' ', 0, a - 4) + 1
            repl = current[s:a] + repl; a = s
        elif current[a:b].lstrip('<>=').startswith(' ') and current[a-3:a] == 'is ':
            # the first relational pattern of `x is < 1 or > 9`: mutate the whole test, up to the enclosing parenthesis
            s = a - 4
            while current[s - 1].isalnum() or current[s - 1] in '._': s -= 1
            depth = 0; e = b
            while depth > 0 or current[e] != ')':
                depth += {'(': 1, ')': -1}.get(current[e], 0); e += 1
            repl = current[s:a] + repl + current[b:e]; a = s; b = e
        items.append((a, b, m['id'], repl, kind))
    src = current
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
            # Each switched statement is one block: the body of a braceless `if` followed by `else` stays that if's
            # (a bare `if (!Is(id)) { ... }` there would take the `else` as its own).
            if ik == 'block': out.append(f'{{ if (!global::RsMutantSwitch.Is({iid})) {orig} }}')
            elif ik == 'stmt-last': out.append(f'{{ if (!global::RsMutantSwitch.Is({iid})) {{ {orig} }} else {{ return default!; }} }}')
            elif ik == 'discard': out.append(f'_ = (global::RsMutantSwitch.Is({iid}) ? ({irep}) : ({orig}))')
            elif ik == 'stmt': out.append(f'{{ if (!global::RsMutantSwitch.Is({iid})) {{ {orig} }} }}')
            elif ik == 'assign': out.append(f'{{ if (global::RsMutantSwitch.Is({iid})) {{ {irep}; }} else {{ {orig} }} }}')
            else: out.append(f'(global::RsMutantSwitch.Is({iid}) ? ({irep}) : ({orig}))')
            pos = ib; i = j
        out.append(src[pos:b])
        return ''.join(out)
    # check nesting
    for x in items:
        for y in items:
            if x is not y and x[0] < y[0] < x[1] < y[1]: sys.exit(f'overlap {x[2]} {y[2]}')
    text = render(0, len(src), items)
    # A switched string constant of a pattern (`"A" or "B" =>` in a switch expression, `case "A" or "B":`) does not
    # compile: such an arm is written as the same test with a guard, `var __t when __t == "A" || __t == (switched "B")`.
    constant = r'(?:"[^"\n]*"|\(global::RsMutantSwitch\.Is\(\d+\) \? \("[^"\n]*"\) : \("[^"\n]*"\)\))'
    arm = re.compile(r'^(\s*)(case )?(' + constant + r'(?: or ' + constant + r')+)( =>|:)', re.M)
    text = arm.sub(lambda a: a.group(0) if 'RsMutantSwitch' not in a.group(3) else
                   f"{a.group(1)}{a.group(2) or ''}var __t when " + ' || '.join(f'__t == {c}' for c in re.findall(constant, a.group(3))) + a.group(4), text)
    open(path, 'w', encoding='utf-8').write(text)
open(os.path.join(root, 'src', project, 'RsMutantSwitch.cs'), 'w').write(
    'public static class RsMutantSwitch\n{\n    public static int Active = int.TryParse(System.Environment.GetEnvironmentVariable("RS_MUTANT"), out var id) ? id : -1;\n'
    '    public static bool Is(int id) => Active == id;\n}\n')
