#!/usr/bin/env python3
# Summarizes bench/ab-replay.sh output per build: every counted run, the runs not descheduled (<= 20 involuntary
# context switches: the process kept its core), and those of them without a GC.  python3 bench/replay-ab-summary.py FILE
import re, sys, statistics as st

runs = {}
build = None
cur = None
for line in open(sys.argv[1]):
    m = re.match(r'##### round (\d+): (\w+)', line)
    if m: build = m.group(2); continue
    m = re.match(r'run (\d+): [\d,]+ tx in ([\d,]+) ms.*\(([\d,]+) B/tx\); GC gen0/1/2 = (\d+)/(\d+)/(\d+)', line)
    if m and build:
        cur = dict(wall=int(m.group(2).replace(',', '')), btx=int(m.group(3).replace(',', '')), gc=int(m.group(4)) + int(m.group(5)) + int(m.group(6)))
        continue
    m = re.match(r'\s+process CPU ([\d,]+) ms.*?(\d+) involuntary; load average ([\d.]+)', line)
    if m and cur is not None:
        cur.update(cpu=int(m.group(1).replace(',', '')), inv=int(m.group(2)), load=float(m.group(3)))
        runs.setdefault(build, []).append(cur); cur = None
def desc(rs, key):
    v = [r[key] for r in rs]
    return f"median {st.median(v):,.0f} ms (min {min(v):,}, max {max(v):,})" if v else "none"
for b, rs in runs.items():
    quiet = [r for r in rs if r['inv'] <= 20]
    quiet_nogc = [r for r in quiet if r['gc'] == 0]
    loads = [r['load'] for r in rs]
    print(f"{b}: {len(rs)} counted runs, load {min(loads)}-{max(loads)}, {rs[0]['btx']:,} B/tx, runs with a GC {sum(1 for r in rs if r['gc'])}")
    print(f"  all runs:                       wall {desc(rs,'wall')}; CPU {desc(rs,'cpu')}")
    print(f"  not descheduled (<=20 invol.):  {len(quiet)} runs, wall {desc(quiet,'wall')}; CPU {desc(quiet,'cpu')}")
    print(f"  ... and no GC in the run:       {len(quiet_nogc)} runs, wall {desc(quiet_nogc,'wall')}; CPU {desc(quiet_nogc,'cpu')}")
