using System.Globalization;
using System.Text.Json.Nodes;
using Portfolio.Application.Common;

namespace Portfolio.Drivers;

public enum Outcome { Pending, Acked, Refused, GaveUp }

/// <summary>One logical write: its Idempotency-Key and body never change across retries.</summary>
public sealed class WriteOp(string accountId, string key, string type, string date, string? symbol, decimal quantity, decimal price, decimal amount)
{
    public string AccountId { get; } = accountId;
    public string Key { get; } = key;
    public string Type { get; } = type;
    public string Date { get; } = date;
    public string? Symbol { get; } = symbol;
    public decimal Quantity { get; } = quantity;
    public decimal Price { get; } = price;
    public decimal Amount { get; } = amount;
    public Outcome Outcome { get; set; }
    public int Status { get; set; }
    public int Attempts { get; set; }
    public string? TransactionId { get; set; }
    public string? Detail { get; set; }

    /// <summary>The id the server derives from account and key (TransactionService): what to look for in the ledger.</summary>
    public string ExpectedId => Hashing.DeterministicId("tx_", AccountId, Key);

    public string Body => Type == "deposit"
        ? Api.Body(new { type = Type, tradeDate = Date, amount = Amount })
        : Api.Body(new { type = Type, tradeDate = Date, symbol = Symbol, quantity = Quantity, price = Price });

    /// <summary>What this write does to cash when applied (no fees).</summary>
    public decimal CashEffect => Type switch { "deposit" => Amount, "buy" => -Quantity * Price, "sell" => Quantity * Price, _ => 0 };

    public static WriteOp Random(Random random, string accountId, string key, string[] symbols, string date, int depositPercent, int sellPercent)
    {
        var roll = random.Next(100);
        var symbol = symbols[random.Next(symbols.Length)];
        if (roll < depositPercent) return new WriteOp(accountId, key, "deposit", date, null, 0, 0, 100 * random.Next(1, 50));
        if (roll < depositPercent + sellPercent) return new WriteOp(accountId, key, "sell", date, symbol, random.Next(1, 9), random.Next(10, 61), 0);
        return new WriteOp(accountId, key, "buy", date, symbol, random.Next(1, 11), random.Next(10, 61), 0);
    }
}

public sealed class RetryStats
{
    public int Requests, Acked201, Acked200, Refused422, Conflicts409, ServerErrors, ConnectionErrors, Timeouts, Unexpected, GaveUp;
    public readonly List<string> Samples = [];

    public void Sample(string text)
    {
        lock (Samples) if (Samples.Count < 10) Samples.Add(text);
    }

    public override string ToString() =>
        $"requests {Requests}: 201 {Acked201}, 200 (replayed) {Acked200}, 422 refused {Refused422}, 409 retried {Conflicts409}, " +
        $"5xx {ServerErrors}, connection errors {ConnectionErrors}, timeouts {Timeouts}, unexpected {Unexpected}, gave up {GaveUp}";
}

/// <summary>Sending a write until it is acknowledged or refused, and checking afterwards what the server kept.</summary>
public static class Writes
{
    /// <summary>
    /// Retries with the same key and body on timeouts, connection errors, 409 and 5xx, at most maxAttempts times and for at
    /// most maxTime. 201/200 acknowledge; 422 refuses; anything else is unexpected (and refused).
    /// </summary>
    public static async Task SendAsync(HttpClient client, WriteOp op, RetryStats stats, int maxAttempts, TimeSpan maxTime)
    {
        var deadline = DateTime.UtcNow + maxTime;
        var body = op.Body;
        while (op.Attempts < maxAttempts && DateTime.UtcNow < deadline)
        {
            op.Attempts++;
            Interlocked.Increment(ref stats.Requests);
            Reply reply;
            try
            {
                reply = await client.SendAsync(HttpMethod.Post, $"/api/accounts/{op.AccountId}/transactions", body, op.Key);
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref stats.ConnectionErrors);
                await Task.Delay(50);
                continue;
            }
            catch (TaskCanceledException)
            {
                Interlocked.Increment(ref stats.Timeouts);
                continue;
            }
            op.Status = reply.Status;
            switch (reply.Status)
            {
                case 201 or 200:
                    if (reply.Status == 201) Interlocked.Increment(ref stats.Acked201); else Interlocked.Increment(ref stats.Acked200);
                    op.TransactionId = reply.Json?["transaction"]?["id"]?.GetValue<string>();
                    op.Outcome = Outcome.Acked;
                    return;
                case 409:
                    Interlocked.Increment(ref stats.Conflicts409);
                    await Task.Delay(System.Random.Shared.Next(5, 50));
                    continue;
                case >= 500:
                    Interlocked.Increment(ref stats.ServerErrors);
                    stats.Sample($"5xx on {op.Type} {op.Key}: {reply}");
                    await Task.Delay(100);
                    continue;
                case 422:
                    Interlocked.Increment(ref stats.Refused422);
                    op.Outcome = Outcome.Refused;
                    op.Detail = reply.Json?["detail"]?.GetValue<string>();
                    return;
                default:
                    Interlocked.Increment(ref stats.Unexpected);
                    stats.Sample($"unexpected on {op.Type} {op.Key}: {reply}");
                    op.Outcome = Outcome.Refused;
                    op.Detail = reply.ToString();
                    return;
            }
        }
        Interlocked.Increment(ref stats.GaveUp);
        op.Outcome = Outcome.GaveUp;
    }

    /// <summary>
    /// The checks after a run hold trivially for writes that were never acknowledged, so a run proves something only when
    /// most writes were: every kind of write sent must have been acknowledged at least once, and at least
    /// <paramref name="minBuyShare"/> of the buys (which nothing in these drivers should refuse: cash and holdings are ample).
    /// </summary>
    public static void RequireAcknowledged(IReadOnlyList<WriteOp> ops, double minBuyShare, Checks checks)
    {
        foreach (var kind in ops.GroupBy(o => o.Type).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var acked = kind.Count(o => o.Outcome == Outcome.Acked);
            Console.WriteLine($"acknowledged {kind.Key}s: {acked} of {kind.Count()}");
            checks.Require(acked > 0, $"at least one {kind.Key} acknowledged ({acked} of {kind.Count()})");
            if (kind.Key == "buy")
                checks.Require(acked >= minBuyShare * kind.Count(), $"at least {minBuyShare:P0} of buys acknowledged ({acked} of {kind.Count()})");
        }
    }

    public sealed record Summary(int Transactions, int Acked, int AppliedUnacknowledged, int NotApplied, int Replayed);

    /// <summary>
    /// After the run: every acknowledged write is in its ledger exactly once, with the quantities sent; refused writes are
    /// absent; writes whose outcome is unknown are either absent or answer 200 to a retry of their key; no other
    /// transaction exists besides the setup ones; positions equal the applied buys minus sells and the sum of their lots;
    /// realized plus open quantities equal bought quantities; cash equals the applied cash effects. With replayAll, every
    /// acknowledged write is retried once more and must answer 200 with the same transaction id.
    /// </summary>
    public static async Task<Summary> VerifyAsync(HttpClient client, IReadOnlyList<string> accounts, IReadOnlyList<WriteOp> ops,
        IReadOnlyDictionary<string, HashSet<string>> setupIds, IReadOnlyDictionary<string, decimal> setupCash, bool replayAll, Checks checks)
    {
        int transactions = 0, acked = 0, appliedUnacked = 0, notApplied = 0, replayed = 0;
        foreach (var account in accounts)
        {
            var mine = ops.Where(o => o.AccountId == account).ToList();
            var items = await client.AllTransactionsAsync(account);
            transactions += items.Count;
            var byId = items.GroupBy(i => i["transaction"]!["id"].Str()).ToDictionary(g => g.Key, g => g.ToList());
            foreach (var (id, copies) in byId.Where(kv => kv.Value.Count > 1))
                checks.Fail($"{account}: transaction {id} appears {copies.Count} times");
            var sequences = items.Select(i => i["sequence"]!.GetValue<long>()).Order().ToList();
            checks.Require(sequences.SequenceEqual(Enumerable.Range(1, sequences.Count).Select(i => (long)i)),
                $"{account}: sequences are 1..{sequences.Count} without gaps");

            var applied = new List<WriteOp>();
            foreach (var op in mine)
            {
                var present = byId.TryGetValue(op.ExpectedId, out var found);
                switch (op.Outcome)
                {
                    case Outcome.Acked:
                        acked++;
                        checks.Require(op.TransactionId == op.ExpectedId, $"{op.Key}: acknowledged id {op.TransactionId} is the id derived from the key");
                        if (!present) { checks.Fail($"{account}: LOST acknowledged {op.Type} {op.Key} ({op.ExpectedId})"); continue; }
                        applied.Add(op);
                        break;
                    case Outcome.Refused:
                        checks.Require(!present, $"{account}: refused {op.Type} {op.Key} ({op.Status} {op.Detail}) is nevertheless in the ledger");
                        continue;
                    default:
                        if (!present) { notApplied++; continue; }
                        var retry = await client.SendAsync(HttpMethod.Post, $"/api/accounts/{account}/transactions", op.Body, op.Key);
                        checks.Require(retry.Status == 200, $"{account}: unacknowledged {op.Key} found in the ledger; its retry answers {retry}");
                        appliedUnacked++;
                        applied.Add(op);
                        break;
                }
                var stored = found![0]["transaction"]!;
                checks.Require(stored["type"].Str() == op.Type && (op.Type == "deposit" ? stored["amount"].Dec() == op.Amount
                        : stored["quantity"].Dec() == op.Quantity && stored["price"].Dec() == op.Price && stored["symbol"].Str() == op.Symbol),
                    $"{account}: {op.Key} stored as sent: {stored.ToJsonString()}");
            }
            var explained = applied.Select(o => o.ExpectedId).Concat(setupIds.GetValueOrDefault(account) ?? []).ToHashSet();
            foreach (var id in byId.Keys.Where(id => !explained.Contains(id)))
                checks.Fail($"{account}: transaction {id} matches no acknowledged or retried write");
            checks.Require(items.Count == applied.Count + (setupIds.GetValueOrDefault(account)?.Count ?? 0),
                $"{account}: {items.Count} transactions = {applied.Count} applied writes + setup");

            await CheckHoldingsAsync(client, account, applied, setupCash.GetValueOrDefault(account), checks);

            if (replayAll)
            {
                var toReplay = mine.Where(o => o.Outcome == Outcome.Acked).ToList();
                await Parallel.ForEachAsync(toReplay, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (op, _) =>
                {
                    var retry = await client.SendAsync(HttpMethod.Post, $"/api/accounts/{account}/transactions", op.Body, op.Key);
                    var id = retry.Json?["transaction"]?["id"]?.GetValue<string>();
                    checks.Require(retry.Status == 200 && id == op.TransactionId, $"{account}: retry of acknowledged {op.Key} answers 200 with {op.TransactionId}: {retry}");
                    Interlocked.Increment(ref replayed);
                });
            }
        }
        checks.Require(acked > 0, $"{acked} of {ops.Count} writes acknowledged: with none, the checks above prove nothing");
        return new Summary(transactions, acked, appliedUnacked, notApplied, replayed);
    }

    private static async Task CheckHoldingsAsync(HttpClient client, string account, List<WriteOp> applied, decimal setupCash, Checks checks)
    {
        var bought = applied.Where(o => o.Type == "buy").GroupBy(o => o.Symbol!).ToDictionary(g => g.Key, g => g.Sum(o => o.Quantity));
        var sold = applied.Where(o => o.Type == "sell").GroupBy(o => o.Symbol!).ToDictionary(g => g.Key, g => g.Sum(o => o.Quantity));
        var cash = setupCash + applied.Sum(o => o.CashEffect);

        var positionsReply = await client.GetReplyAsync($"/api/accounts/{account}/positions");
        var lotsReply = await client.GetReplyAsync($"/api/accounts/{account}/tax-lots");
        var realizedReply = await client.GetReplyAsync($"/api/accounts/{account}/realized-gains");
        if (positionsReply.Status != 200 || lotsReply.Status != 200 || realizedReply.Status != 200)
        {
            checks.Fail($"{account}: holdings reads failed: {positionsReply.Status} {lotsReply.Status} {realizedReply.Status}");
            return;
        }
        var positions = positionsReply.Json!["positions"]!.AsArray().ToDictionary(p => p!["symbol"].Str(), p => p!["quantity"].Dec());
        var lots = lotsReply.Json!.AsArray().Select(l => (Symbol: l!["symbol"].Str(), Quantity: l["quantity"].Dec())).ToList();
        var realized = realizedReply.Json!["items"]!.AsArray().GroupBy(r => r!["symbol"].Str()).ToDictionary(g => g.Key, g => g.Sum(r => r!["quantity"].Dec()));

        foreach (var lot in lots) checks.Require(lot.Quantity > 0, $"{account}: lot of {lot.Symbol} has quantity {lot.Quantity}");
        var lotSums = lots.GroupBy(l => l.Symbol).ToDictionary(g => g.Key, g => g.Sum(l => l.Quantity));
        foreach (var symbol in bought.Keys.Concat(sold.Keys).Concat(positions.Keys).Concat(lotSums.Keys).Distinct())
        {
            var expected = bought.GetValueOrDefault(symbol) - sold.GetValueOrDefault(symbol);
            var position = positions.GetValueOrDefault(symbol);
            checks.Require(position == expected, $"{account} {symbol}: position {position} = bought {bought.GetValueOrDefault(symbol)} − sold {sold.GetValueOrDefault(symbol)}");
            checks.Require(lotSums.GetValueOrDefault(symbol) == position, $"{account} {symbol}: lots sum {lotSums.GetValueOrDefault(symbol)} = position {position}");
            checks.Require(realized.GetValueOrDefault(symbol) + position == bought.GetValueOrDefault(symbol),
                $"{account} {symbol}: realized {realized.GetValueOrDefault(symbol)} + open {position} = bought {bought.GetValueOrDefault(symbol)}");
        }
        var reportedCash = positionsReply.Json!["cash"].Dec();
        checks.Require(reportedCash == cash, $"{account}: cash {reportedCash} = {cash.ToString(CultureInfo.InvariantCulture)} from the applied writes");
    }
}
