# CPU ms per phase of a perf-recorded fan-out cycle: each sample goes to the first phase whose frame is on its stack.
import sys, subprocess, collections
cats = [
 ("ledger load: RevaluationLedgers.Keep (restored map write + Count)", ["RevaluationLedgers::Keep"]),
 ("ledger load: other (cache lookups, page log read)", ["RevaluationLedgers+<LoadAsync>", "LedgerReader+<LoadAsync>", "LedgerReader::<LoadAsync>"]),
 ("prices for the page (ReadPricesAsync)", ["ReadPricesAsync"]),
 ("valuation (Valuator.Value)", ["Valuator::Value"]),
 ("rebalance plan / drift (Rebalancer.Plan)", ["Rebalancer::Plan"]),
 ("deciding: other", ["<DecideAsync>"]),
 ("write: snapshots + alerts + states", ["<WriteAsync>"]),
 ("read: open alerts, account listing", ["ListOpenSymbolsAsync", "ListAllAsync"]),
 ("JIT compiler", ["libclrjit"]),
 ("GC", ["WKS::gc", "SVR::gc", "gc_heap", "GCHeap"]),
]
out = subprocess.run(["perf","script","-i",sys.argv[1],"-F","ip,sym,dso"],capture_output=True,text=True).stdout
samples = out.split("\n\n")
count = collections.Counter(); total=0
for s in samples:
    if not s.strip(): continue
    total+=1
    for name, keys in cats:
        if any(k in s for k in keys): count[name]+=1; break
    else: count["other (runtime, thread pool, kernel, idle spin)"]+=1
print(f"total samples {total} (1999 Hz: {total/1999:.2f} CPU s)")
for name,_ in cats+[("other (runtime, thread pool, kernel, idle spin)",None)]:
    print(f"{count[name]:6d} {count[name]/1999*1000:7.0f} ms  {name}")
