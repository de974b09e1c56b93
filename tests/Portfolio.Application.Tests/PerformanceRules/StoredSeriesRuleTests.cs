using Microsoft.Extensions.DependencyInjection;
using Portfolio.Application.Accounts;
using Portfolio.Application.Ledger;
using Portfolio.Application.Performance;
using Portfolio.Application.Ports;
using Portfolio.Application.Prices;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Transactions;
using Portfolio.Storage.Sqlite;

namespace Portfolio.Application.Tests.PerformanceRules;

/// <summary>
/// The stored daily series behind GET performance: what a day stores (value, flow, income, the chain-linked growth factor),
/// up to which day, and from which day a back-dated write or a day passing recomputes it, chained to the stored day before.
/// An account without cash tracking (a buy is money in, a dividend money out): on Monday 27 May 2024, 10 AAA bought at
/// 50; AAA closes at 55 on Tuesday 28, 66 on Wednesday 29 (when a dividend of 66 is paid), 59.4 on Friday 31 May. Today is
/// Monday 3 June (New York).
/// </summary>
public class StoredSeriesRuleTests
{
    private static readonly AccountSettings NoCash = new(AccountType.Taxable, "USD", LotMethod.Fifo, TracksCash: false);
    private static DateOnly May(int day) => new(2024, 5, day);
    private static DateOnly June(int day) => new(2024, 6, day);

    private static Quote Close(DateOnly date, decimal price) =>
        new("AAA", price, new DateTimeOffset(date.ToDateTime(new TimeOnly(20, 0)), TimeSpan.Zero), "test", QuoteKind.EndOfDay);

    private sealed record Setup(Harness App, Account Account, WatchedSeriesStore Series, InMemoryPriceStore Prices) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => App.DisposeAsync();

        public Task<Domain.Returns.PerformanceReport> ReadAsync(DateOnly? from = null) =>
            App.Get<PerformanceService>().ComputeAsync(App.Alice, Account.Id, from, null, default);

        /// <summary>The stored days from 27 May to 3 June, as stored: (date, value, flow, income, growth).</summary>
        public async Task<List<(DateOnly, decimal, decimal, decimal, decimal)>> StoredAsync()
        {
            var stored = await App.Get<IDailySeriesStore>().ReadAsync(Account.Id, May(27), June(3), default);
            return stored!.Days.Select(d => (d.Date, d.Value, d.NetFlow, d.Income, d.Growth)).ToList();
        }
    }

    private static async Task<Setup> SetUpAsync()
    {
        var prices = new InMemoryPriceStore();
        WatchedSeriesStore? series = null;
        var app = new Harness(s => s
            .AddSingleton<IPriceStore>(prices)
            .AddSingleton<IDailySeriesStore>(sp => series = new WatchedSeriesStore(new SqliteDailySeriesStore(sp.GetRequiredService<SqliteDatabase>()))));
        var account = await app.AccountAsync(NoCash);
        await app.RecordAsync(account, id => new Buy(id, May(27), "AAA", 10, 50));
        await app.RecordAsync(account, id => new CashDividend(id, May(29), "AAA", 66));
        await prices.SaveAsync([Close(May(28), 55), Close(May(29), 66), Close(May(31), 59.4m)], default);
        return new Setup(app, account, (WatchedSeriesStore)app.Get<IDailySeriesStore>(), prices);
    }

    [Fact]
    public async Task A_read_stores_every_day_to_yesterday_with_its_value_flow_income_and_chain_linked_growth()
    {
        await using var setup = await SetUpAsync();

        var report = await setup.ReadAsync();

        // 27 May: 500 at the trade price, 500 in: growth 1. 28: 550, ×1.1. 29: 660 after 66 paid out, (660 + 66) / 550 = 1.32:
        // 1.452. 30: unchanged. 31: 594, ×0.9: 1.3068. Today (3 June) is valued live, not stored.
        Assert.Equal(
            [(May(27), 500m, 500m, 0m, 1m), (May(28), 550m, 0m, 0m, 1.1m), (May(29), 660m, -66m, 66m, 1.452m), (May(30), 660m, 0m, 0m, 1.452m),
             (May(31), 594m, 0m, 0m, 1.3068m), (June(1), 594m, 0m, 0m, 1.3068m), (June(2), 594m, 0m, 0m, 1.3068m)],
            await setup.StoredAsync());
        Assert.Equal(June(2), (await setup.App.Get<IDailySeriesStore>().ReadAsync(setup.Account.Id, May(27), June(3), default))!.Watermark.LastDate);
        Assert.Equal((594m, 0.3068m), (report.Value, report.TimeWeightedReturn));
    }

    [Fact]
    public async Task A_day_later_the_series_is_extended_by_that_day_alone_chained_to_the_stored_growth()
    {
        await using var setup = await SetUpAsync();
        await setup.ReadAsync();
        await setup.Prices.SaveAsync([Close(June(3), 65.34m)], default);
        setup.App.Clock.Advance(TimeSpan.FromDays(1));

        await setup.ReadAsync();

        // 3 June: 653.4, ×1.1 after the last trade: 1.3068 × 1.1 = 1.43748.
        Assert.Equal([May(27), June(3)], setup.Series.SavedFrom);
        Assert.Equal((June(3), 653.4m, 0m, 0m, 1.43748m), (await setup.StoredAsync())[^1]);
    }

    [Fact]
    public async Task A_write_back_dated_to_the_day_after_the_first_recomputes_from_it_chained_to_the_first_day()
    {
        await using var setup = await SetUpAsync();
        await setup.ReadAsync();
        await setup.App.RecordAsync(setup.Account, id => new Buy(id, May(28), "AAA", 5, 55));

        var report = await setup.ReadAsync();

        // 28 May: 15 × 55 = 825 with 275 in: (825 − 275) / 500 = 1.1. 29: 990, (990 + 66) / 825 = 1.28: 1.408. 31: 891, ×0.9: 1.2672.
        Assert.Equal([May(27), May(28)], setup.Series.SavedFrom);
        Assert.Equal(
            [(May(27), 500m, 500m, 0m, 1m), (May(28), 825m, 275m, 0m, 1.1m), (May(29), 990m, -66m, 66m, 1.408m), (May(30), 990m, 0m, 0m, 1.408m),
             (May(31), 891m, 0m, 0m, 1.2672m), (June(1), 891m, 0m, 0m, 1.2672m), (June(2), 891m, 0m, 0m, 1.2672m)],
            await setup.StoredAsync());
        Assert.Equal((891m, 0.2672m), (report.Value, report.TimeWeightedReturn));
    }

    [Fact]
    public async Task A_write_back_dated_to_before_the_first_trade_recomputes_from_it_with_one_read_of_the_store()
    {
        await using var setup = await SetUpAsync();
        await setup.ReadAsync();
        await setup.App.RecordAsync(setup.Account, id => new Buy(id, May(20), "BBB", 1, 10));
        var reads = setup.Series.Reads;

        var report = await setup.ReadAsync();

        Assert.Equal(1, setup.Series.Reads - reads);
        Assert.Equal([May(27), May(20)], setup.Series.SavedFrom);
        Assert.Equal(594m + 10m, report.Value);
    }

    [Fact]
    public async Task A_read_that_keeps_losing_the_race_for_the_day_before_gives_up_after_three_attempts_and_recomputes_it_all()
    {
        await using var setup = await SetUpAsync();
        await setup.ReadAsync();
        // Back-dated to Thursday 30 May: the day before it (29 May) is outside a period starting on 31 May, so it is read alone.
        await setup.App.RecordAsync(setup.Account, id => new Buy(id, May(30), "AAA", 5, 66));
        setup.Series.RivalSavesBeforeEveryDayRead = true;

        var report = await setup.ReadAsync(May(31));

        // Each attempt finds another writer's newer revision; the third recomputes from the first trade, from nothing.
        Assert.Equal(3, setup.Series.DayReads);
        Assert.Equal(May(27), setup.Series.SavedFrom[^1]);
        // From the close of 30 May (15 × 66 = 990) to 891 at 59.4: −10 %.
        Assert.Equal((891m, -0.1m), (report.Value, report.TimeWeightedReturn));
        Assert.Equal((May(30), 990m, 330m, 0m, 1.452m), (await setup.StoredAsync())[3]);
    }

    [Fact]
    public async Task An_end_of_day_run_stores_the_days_to_yesterday_and_a_second_run_the_same_day_writes_nothing()
    {
        await using var setup = await SetUpAsync();
        var state = await setup.App.Get<LedgerReader>().LoadAsync(setup.Account, default);
        var series = setup.App.Get<AccountSeries>();

        await series.ExtendAsync(setup.Account, state, default);
        await series.ExtendAsync(setup.Account, state, default);

        Assert.Equal([May(27)], setup.Series.SavedFrom);
        Assert.Equal((June(2), 594m), ((await setup.StoredAsync())[^1].Item1, (await setup.StoredAsync())[^1].Item2));
    }

    /// <summary>
    /// The SQLite series store, recording the reads and the saves (from which day each replaced the series); optionally a
    /// rival writer that saves before every one-day read, so that read always finds a newer revision.
    /// </summary>
    private sealed class WatchedSeriesStore(IDailySeriesStore inner) : IDailySeriesStore
    {
        public readonly List<DateOnly> SavedFrom = [];
        public int Reads;
        public int DayReads;
        public bool RivalSavesBeforeEveryDayRead;

        public async Task<StoredSeries?> ReadAsync(string accountId, DateOnly from, DateOnly to, CancellationToken ct)
        {
            Reads++;
            var stored = await inner.ReadAsync(accountId, from, to, ct);
            if (from != to || !RivalSavesBeforeEveryDayRead || stored is null) return stored;
            // A loop that never gives up fails here instead of spinning.
            if (++DayReads > 10) throw new InvalidOperationException("more than 10 reads of the day before");
            return stored with { Revision = stored.Revision + DayReads };
        }

        public async Task<bool> TrySaveAsync(string accountId, long expectedRevision, SeriesWatermark watermark, DateOnly replaceFrom, IReadOnlyList<SeriesDay> days, CancellationToken ct)
        {
            var saved = await inner.TrySaveAsync(accountId, expectedRevision, watermark, replaceFrom, days, ct);
            if (saved) SavedFrom.Add(replaceFrom);
            return saved;
        }
    }
}
