using Portfolio.Application.Accounts;
using Portfolio.Application.Prices;
using Portfolio.Domain.Accounts;

namespace Portfolio.Functions.Tests;

internal static class TestData
{
    /// <summary>Wednesday 18 November 2026, 10:00 in New York: the regular session is open.</summary>
    public static readonly DateTimeOffset MarketOpen = new(2026, 11, 18, 15, 0, 0, TimeSpan.Zero);

    /// <summary>The same day, 18:00 in New York: after the close (16:00 New York = 21:00 UTC).</summary>
    public static readonly DateTimeOffset AfterClose = new(2026, 11, 18, 23, 0, 0, TimeSpan.Zero);

    public static Account Account(string id, string owner = "user-1", params string[] symbols) =>
        new(id, owner, "Account " + id, new AccountSettings(AccountType.Taxable, "USD", LotMethod.Hifo, TracksCash: true),
            MarketOpen.AddDays(-30), Symbols: symbols);

    public static Quote Quote(string symbol, decimal price, DateTimeOffset? asOf = null, string source = "Stooq") =>
        new(symbol, price, asOf ?? MarketOpen, source, QuoteKind.RealTime);

    public static List<AccountRef> Refs(int count, int start = 0) =>
        Enumerable.Range(start, count).Select(i => new AccountRef($"owner-{i % 7}", $"acc-{i:D5}")).ToList();
}
