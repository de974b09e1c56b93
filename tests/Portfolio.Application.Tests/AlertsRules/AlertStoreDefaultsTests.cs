using Portfolio.Application.Alerts;
using Portfolio.Application.Ports;
using Portfolio.Application.Prices;
using Portfolio.Domain.Rebalancing;

namespace Portfolio.Application.Tests.AlertsRules;

/// <summary>
/// The defaults of <see cref="IAlertStore"/> and <see cref="IPriceStore"/> that an adapter implementing only the required
/// members gets: run over the harness's SQLite stores, reached through wrappers that forward only those members.
/// </summary>
public class AlertStoreDefaultsTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly DateTimeOffset Now = new(2024, 6, 3, 18, 0, 0, TimeSpan.Zero);

    private sealed class MinimalAlertStore(IAlertStore inner) : IAlertStore
    {
        public Task<bool> TryOpenAsync(DriftAlert alert, CancellationToken ct) => inner.TryOpenAsync(alert, ct);
        public Task<bool> ResolveAsync(string accountId, string symbol, DateTimeOffset resolvedAt, CancellationToken ct) => inner.ResolveAsync(accountId, symbol, resolvedAt, ct);
        public Task<(int Opened, int Resolved)> ApplyAsync(IReadOnlyList<DriftAlert> toOpen, IReadOnlyList<(string AccountId, string Symbol)> toResolve, DateTimeOffset resolvedAt, CancellationToken ct) =>
            inner.ApplyAsync(toOpen, toResolve, resolvedAt, ct);
        public Task<IReadOnlyList<DriftAlert>> ListWithOutboxAsync(int max, CancellationToken ct) => inner.ListWithOutboxAsync(max, ct);
        public Task<bool> TryClearOutboxAsync(DriftAlert alert, CancellationToken ct) => inner.TryClearOutboxAsync(alert, ct);
        public Task<IReadOnlyList<DriftAlert>> ListAsync(string accountId, bool includeResolved, CancellationToken ct) => inner.ListAsync(accountId, includeResolved, ct);
    }

    private sealed class MinimalPriceStore(IPriceStore inner) : IPriceStore
    {
        public Task SaveAsync(IReadOnlyList<Quote> quotes, CancellationToken ct) => inner.SaveAsync(quotes, ct);
        public Task<Quote?> GetLatestAsync(string symbol, CancellationToken ct) => inner.GetLatestAsync(symbol, ct);
        public Task<IReadOnlyDictionary<string, Quote>> GetLatestAsync(IReadOnlyCollection<string> symbols, CancellationToken ct) => inner.GetLatestAsync(symbols, ct);
        public Task<IReadOnlyList<Quote>> GetHistoryAsync(string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) => inner.GetHistoryAsync(symbol, from, to, ct);
    }

    private static DriftAlert Alert(string accountId, string symbol) => new(accountId, symbol, Now, 30, 25, 5, TradeAction.Sell, 3, OwnerId: "alice");

    [Fact]
    public async Task The_default_open_symbols_read_lists_each_accounts_open_alerts_only_and_leaves_out_accounts_with_none_open()
    {
        await using var app = new Harness();
        IAlertStore store = new MinimalAlertStore(app.Get<IAlertStore>());
        await store.ApplyAsync([Alert("acc_1", "AAPL"), Alert("acc_1", "BND"), Alert("acc_2", "GLD")], [], Now, Ct);
        await store.ApplyAsync([], [("acc_1", "BND"), ("acc_2", "GLD")], Now, Ct);

        var open = await store.ListOpenSymbolsAsync(["acc_1", "acc_2", "acc_3"], Ct);

        Assert.Equal(["acc_1"], open.Keys);
        Assert.Equal(["AAPL"], open["acc_1"]);
    }

    [Fact]
    public async Task The_default_batch_clear_of_outboxes_counts_those_cleared_and_not_those_changed_meanwhile()
    {
        await using var app = new Harness();
        IAlertStore store = new MinimalAlertStore(app.Get<IAlertStore>());
        await store.ApplyAsync([Alert("acc_1", "AAPL"), Alert("acc_1", "BND")], [], Now, Ct);
        var listed = await store.ListWithOutboxAsync(10, Ct);
        Assert.Equal(2, listed.Count);

        Assert.Equal(2, await store.TryClearOutboxesAsync(listed, Ct));
        Assert.Empty(await store.ListWithOutboxAsync(10, Ct));
        Assert.Equal(0, await store.TryClearOutboxesAsync(listed, Ct));
    }

    [Fact]
    public async Task The_default_daily_closes_leave_out_a_symbol_whose_quotes_all_fall_outside_the_range()
    {
        await using var app = new Harness();
        IPriceStore store = new MinimalPriceStore(app.Get<IPriceStore>());
        // Friday 31 May, 15:00 New York: inside the window the default reads (a day either side), outside the range asked.
        await store.SaveAsync([new Quote("AAPL", 9m, new DateTimeOffset(2024, 5, 31, 19, 0, 0, TimeSpan.Zero), "test", QuoteKind.RealTime)], Ct);

        Assert.Empty(await store.GetDailyClosesAsync(["AAPL"], new DateOnly(2024, 6, 1), new DateOnly(2024, 6, 3), Ct));
    }
}
