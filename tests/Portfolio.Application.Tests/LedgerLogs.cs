using Portfolio.Application.Ledger;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Ledger;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests;

/// <summary>Seeded random logs that always book: buys and sales at a wandering price (so losses are washed by rebuys), dividends, splits, cash.</summary>
internal static class LedgerLogs
{
    public static readonly string[] Symbols = ["AAA", "BBB", "CCC"];

    public static AccountSettings Taxable(LotMethod method) => new(AccountType.Taxable, "USD", method, TracksCash: true, AllowsFractionalShares: true);

    /// <param name="splitEvery">When positive, every such entry that finds a position held is a 3:2 split of it: a short log crosses corporate actions for sure.</param>
    public static List<LedgerEntry> Generate(string accountId, AccountSettings settings, int count, int seed, int splitEvery = 0)
    {
        var random = new Random(seed);
        var replay = new LedgerReplay(settings);
        var ledger = replay.Snapshot();
        var prices = Symbols.ToDictionary(s => s, _ => 50m);
        var date = new DateOnly(2020, 1, 2);
        var entries = new List<LedgerEntry>(count);
        while (entries.Count < count)
        {
            date = date.AddDays(random.Next(0, 3));
            var id = $"t{entries.Count + 1}";
            var symbol = Symbols[random.Next(Symbols.Length)];
            prices[symbol] = Math.Max(1m, prices[symbol] + random.Next(-300, 301) / 100m);
            var price = prices[symbol];
            var position = ledger.PositionOf(symbol);
            var roll = random.Next(100);
            if (splitEvery > 0 && (entries.Count + 1) % splitEvery == 0 && position is not null) roll = 90; // the split below
            Transaction transaction = roll switch
            {
                < 45 => new Buy(id, date, symbol, random.Next(1, 40), price, random.Next(0, 3)),
                < 85 when position is not null => SellFrom(id, date, position, price, random, settings.LotMethod == LotMethod.SpecificId),
                < 88 when position is not null => new CashDividend(id, date, symbol, random.Next(1, 500) / 10m),
                < 90 when position is not null => new DividendReinvestment(id, date, symbol, random.Next(1, 300) / 1000m, price),
                < 91 when position is not null => new Split(id, date, symbol, 3, 2, price),
                < 95 => new Deposit(id, date, random.Next(100, 5000)),
                < 97 => new AccountFee(id, date, random.Next(1, 100) / 10m),
                _ => new Interest(id, date, random.Next(1, 100) / 10m),
            };
            replay.Book(transaction);
            ledger = replay.Snapshot();
            entries.Add(new LedgerEntry(accountId, entries.Count + 1, transaction, DateTimeOffset.UnixEpoch.AddMinutes(entries.Count), $"key-{entries.Count + 1}", "hash"));
        }
        return entries;
    }

    private static Sell SellFrom(string id, DateOnly date, Domain.Lots.Position position, decimal price, Random random, bool specificOnly)
    {
        var quantity = Math.Max(0.000001m, Domain.Quantities.RoundQuantity(position.Quantity * random.Next(1, 101) / 100m));
        if (!specificOnly && random.Next(4) > 0) return new Sell(id, date, position.Symbol, quantity, price, quantity * price > 2 ? random.Next(0, 2) : 0);
        // Specific identification: whole lots from the newest, then part of one.
        var lots = new List<LotSelection>();
        var left = quantity;
        foreach (var lot in position.Lots.Reverse())
        {
            if (left == 0) break;
            var take = Math.Min(left, lot.Quantity);
            lots.Add(new LotSelection(lot.Id, take));
            left -= take;
        }
        return new Sell(id, date, position.Symbol, quantity, price, 0, LotMethod.SpecificId, lots);
    }
}

/// <summary>Two ledgers compared field by field (not through any serializer).</summary>
internal static class LedgerAssert
{
    /// <summary>
    /// As <see cref="Same"/>, for a ledger restored from a compact checkpoint: its realized history is the expected one
    /// from <see cref="AccountLedger.RealizedFrom"/> on.
    /// </summary>
    public static void SameFromCheckpoint(AccountLedger expected, AccountLedger actual)
    {
        Assert.Equal(expected.Realized.Skip(actual.RealizedFrom), actual.Realized);
        Same(expected, actual, actual.RealizedFrom);
    }

    public static void Same(AccountLedger expected, AccountLedger actual) => Same(expected, actual, 0);

    private static void Same(AccountLedger expected, AccountLedger actual, int realizedFrom)
    {
        Assert.Equal(expected.Cash, actual.Cash);
        Assert.Equal(expected.Cash.Scale, actual.Cash.Scale);
        Assert.Equal(expected.FeesPaid, actual.FeesPaid);
        Assert.Equal(expected.LastTradeDate, actual.LastTradeDate);
        Assert.Equal(expected.TransactionCount, actual.TransactionCount);
        var expectedPositions = expected.Positions.OrderBy(p => p.Symbol, StringComparer.Ordinal).ToList();
        var actualPositions = actual.Positions.OrderBy(p => p.Symbol, StringComparer.Ordinal).ToList();
        Assert.Equal(expectedPositions.Select(p => p.Symbol), actualPositions.Select(p => p.Symbol));
        for (var i = 0; i < expectedPositions.Count; i++)
        {
            Assert.Equal(expectedPositions[i].Quantity, actualPositions[i].Quantity);
            Assert.Equal(expectedPositions[i].CostBasis, actualPositions[i].CostBasis);
            // Records compare every field: id, symbol, quantity, basis, acquired date, sequence, origin, opened date.
            Assert.Equal(expectedPositions[i].Lots, actualPositions[i].Lots);
        }
        Assert.Equal(expected.Realized.Count - realizedFrom, actual.Realized.Count);
        for (var i = realizedFrom; i < expected.Realized.Count; i++) Assert.Equal(expected.Realized[i], actual.Realized[i - realizedFrom]);
        Assert.Equal(expected.Income.ToList(), actual.Income.ToList());
    }
}
