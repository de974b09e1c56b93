# CPU ms per part of a perf-recorded first fan-out cycle (record-cold.sh): each sample goes to the first part whose
# frame is on its stack; then CPU by thread kind (thread-pool work, the tiering JIT thread, Server GC threads).
import sys, subprocess, collections
hz = float(sys.argv[2]) if len(sys.argv) > 2 else 999
out = subprocess.run(["perf", "script", "-i", sys.argv[1], "-F", "comm,tid,ip,sym,dso"], capture_output=True, text=True).stdout
parts = [
    ("write: snapshots", ["SqliteSnapshotStore"]),
    ("write: alerts", ["SqliteAlertStore+<ApplyAsync>", "SqliteAlertStore::InsertOpen", "SqliteAlertStore::ApplyAsync"]),
    ("write: states", ["SqliteLedgerStateStore+<SaveManyAsync>", "LedgerStates+<SaveAsync>"]),
    ("write: other", ["<WriteAsync>"]),
    ("read: ledger state JSON", ["LedgerCheckpointJson::Deserialize"]),
    ("read: ledger state rows", ["SqliteLedgerStateStore+<ReadManyAsync>", "SqliteLedgerStateStore::ReadManyAsync"]),
    ("read: ledgers other", ["RevaluationLedgers", "LedgerReader", "LedgerStates"]),
    ("read: open alerts", ["ListOpenSymbolsAsync"]),
    ("read: listing", ["ListAllAsync"]),
    ("read: prices", ["ReadPricesAsync"]),
    ("decide: valuation", ["Valuator::Value"]),
    ("decide: plan", ["Rebalancer::Plan"]),
    ("decide: other", ["<DecideAsync>", "RevaluationService::Decide"]),
    ("JIT", ["libclrjit"]),
]
count = collections.Counter(); threads = collections.Counter(); total = 0
for s in out.split("\n\n"):
    if not s.strip(): continue
    total += 1
    threads[s.strip().split("\n")[0].split()[0] + " " + s.strip().split("\n")[0].split()[1]] += 1
    for name, keys in parts:
        if any(k in s for k in keys):
            count[name] += 1
            break
    else:
        count["other (GC, runtime, kernel)"] += 1
print(f"total {total} samples = {total / hz:.2f} CPU s")
for name, _ in parts + [("other (GC, runtime, kernel)", None)]:
    print(f"{count[name] / hz * 1000:7.0f} ms  {name}")
print("by thread (.NET TP: the pipeline; .NET Tiered: the JIT's background compiles; .NET Server: Server GC):")
for name, n in threads.most_common(6):
    print(f"{n / hz * 1000:7.0f} ms  {name}")
