using Microsoft.Extensions.DependencyInjection;
using Portfolio.Application.Performance;
using Portfolio.Application.Ports;
using Portfolio.Application.Prices;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Transactions;
using Portfolio.Storage.Sqlite;

namespace Portfolio.Application.Tests;

/// <summary>What a read recomputes of the stored series: only the suffix a write or a correction invalidated.</summary>
public class PerformanceSeriesTests
{
    private static readonly DateOnly May1 = new(2024, 5, 1);

    [Fact]
    public async Task Only_the_days_from_a_back_dated_write_or_a_close_correction_are_recomputed()
    {
        var prices = new InMemoryPriceStore();
        var saves = new List<DateOnly>();
        await using var harness = new Harness(services => services
            .AddSingleton<IPriceStore>(prices)
            .AddSingleton<IDailySeriesStore>(sp => new RecordingSeriesStore(new SqliteDailySeriesStore(sp.GetRequiredService<SqliteDatabase>()), saves)));
        var account = await harness.AccountAsync(new AccountSettings(AccountType.Taxable, "USD", LotMethod.Fifo, TracksCash: true));
        await harness.RecordAsync(account, id => new Deposit(id, May1, 10_000m));
        await harness.RecordAsync(account, id => new Buy(id, May1, "AAA", 10, 100m));
        await prices.SaveAsync([Close("AAA", new DateOnly(2024, 5, 10), 110m), Close("AAA", new DateOnly(2024, 5, 28), 120m)], CancellationToken.None);
        var service = harness.Get<PerformanceService>();

        var first = await service.ComputeAsync(harness.Alice, account.Id, null, null, CancellationToken.None);
        // Today is Monday 3 June 2024: the stored days are 1 May .. 2 June, computed once.
        Assert.Equal([May1], saves);
        // 10,000 deposited, 1,000 spent on 10 AAA; AAA closed at 120 on 28 May, the latest close: 9,000 + 1,200.
        Assert.Equal(10_200m, first.Value);

        await service.ComputeAsync(harness.Alice, account.Id, null, null, CancellationToken.None);
        Assert.Single(saves); // nothing changed: nothing recomputed

        await harness.RecordAsync(account, id => new Buy(id, new DateOnly(2024, 5, 20), "AAA", 5, 115m));
        var backDated = await service.ComputeAsync(harness.Alice, account.Id, null, null, CancellationToken.None);
        Assert.Equal(new DateOnly(2024, 5, 20), saves[^1]);
        Assert.Equal(8_425m + 15 * 120m, backDated.Value); // cash 10,000 − 1,000 − 575; 15 AAA at 120

        await prices.SaveAsync([Close("AAA", new DateOnly(2024, 5, 28), 119m, minute: 5)], CancellationToken.None);
        var corrected = await service.ComputeAsync(harness.Alice, account.Id, new DateOnly(2024, 5, 29), null, CancellationToken.None);
        Assert.Equal(new DateOnly(2024, 5, 28), saves[^1]);
        Assert.Equal(8_425m + 15 * 119m, corrected.Value);
        Assert.Equal(3, saves.Count);
    }

    private static Quote Close(string symbol, DateOnly date, decimal price, int minute = 0) =>
        new(symbol, price, new DateTimeOffset(date.ToDateTime(new TimeOnly(19, minute)), TimeSpan.Zero), "test", QuoteKind.EndOfDay);

    private sealed class RecordingSeriesStore(IDailySeriesStore inner, List<DateOnly> saves) : IDailySeriesStore
    {
        public Task<StoredSeries?> ReadAsync(string accountId, DateOnly from, DateOnly to, CancellationToken ct) => inner.ReadAsync(accountId, from, to, ct);

        public async Task<bool> TrySaveAsync(string accountId, long expectedRevision, SeriesWatermark watermark, DateOnly replaceFrom, IReadOnlyList<SeriesDay> days, CancellationToken ct)
        {
            var saved = await inner.TrySaveAsync(accountId, expectedRevision, watermark, replaceFrom, days, ct);
            if (saved) saves.Add(replaceFrom);
            return saved;
        }
    }
}
