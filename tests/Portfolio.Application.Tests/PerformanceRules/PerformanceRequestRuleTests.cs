using Microsoft.Extensions.DependencyInjection;
using Portfolio.Application.Common;
using Portfolio.Application.Performance;
using Portfolio.Application.Ports;
using Portfolio.Application.Prices;
using Portfolio.Domain.Accounts;
using Portfolio.Application.Ledger;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests.PerformanceRules;

/// <summary>
/// What GET performance refuses (the field and the reason), how it answers without a stored series (a price store that
/// cannot tell which closes changed), and a log reaching back to the first days of the calendar. Today is Monday 3 June
/// 2024 in New York.
/// </summary>
public class PerformanceRequestRuleTests
{
    private static async Task<InvalidRequestException> RefusedAsync(Harness app, string accountId, DateOnly? from, DateOnly? to) =>
        await Assert.ThrowsAsync<InvalidRequestException>(() => app.Get<PerformanceService>().ComputeAsync(app.Alice, accountId, from, to, default));

    [Fact]
    public async Task A_period_before_1900_in_the_future_or_backwards_is_refused_naming_the_field_and_1900_01_01_itself_is_answered()
    {
        await using var app = new Harness();
        var account = await app.AccountAsync();
        var earliest = new DateOnly(1900, 1, 1);

        var early = await RefusedAsync(app, account.Id, earliest.AddDays(-1), null);
        var earlyEnd = await RefusedAsync(app, account.Id, null, earliest.AddDays(-1));
        var future = await RefusedAsync(app, account.Id, null, new DateOnly(2024, 6, 4));
        var backwards = await RefusedAsync(app, account.Id, new DateOnly(2024, 6, 2), new DateOnly(2024, 6, 1));
        var first = await app.Get<PerformanceService>().ComputeAsync(app.Alice, account.Id, earliest, earliest, default);

        Assert.Equal(("from", "must be 1900-01-01 or later"), (early.Field, early.Reason));
        Assert.Equal(("to", "must be 1900-01-01 or later"), (earlyEnd.Field, earlyEnd.Reason));
        Assert.Equal(("to", "2024-06-04 is in the future"), (future.Field, future.Reason));
        Assert.Equal(("from", "must not be after to"), (backwards.Field, backwards.Reason));
        Assert.Equal((earliest, earliest, 0m), (first.From, first.To, first.Value));
    }

    [Fact]
    public async Task Without_close_versions_the_day_before_the_period_is_valued_at_its_last_close_however_old()
    {
        var prices = new InMemoryPriceStore();
        await using var app = new Harness(s => s.AddSingleton<IPriceStore>(new UntrackedPriceStore(prices)));
        var account = await app.AccountAsync(new AccountSettings(AccountType.Taxable, "USD", LotMethod.Fifo, TracksCash: false));
        // Bought at 90 on Tuesday 14 May; closes of 100 on Thursday 16 May and 110 on Friday 24 May, none between.
        await app.RecordAsync(account, id => new Buy(id, new DateOnly(2024, 5, 14), "AAA", 10, 90));
        await prices.SaveAsync([Close(new DateOnly(2024, 5, 16), 100), Close(new DateOnly(2024, 5, 24), 110)], default);

        var report = await app.Get<PerformanceService>().ComputeAsync(app.Alice, account.Id, new DateOnly(2024, 5, 24), new DateOnly(2024, 5, 24), default);

        // From 1,000 at the close of 23 May (the 16 May close of 100, eight days before the period) to 1,100: +10 %.
        Assert.Equal((1_100m, 0.1m), (report.Value, report.TimeWeightedReturn));
    }

    [Fact]
    public async Task A_log_whose_first_trade_is_on_the_fifth_day_of_the_calendar_is_valued_from_it()
    {
        var clock = new SettableClock { Now = new DateTimeOffset(2024, 6, 3, 18, 0, 0, TimeSpan.Zero) };
        var prices = new InMemoryPriceStore();
        await using var app = new Harness(s => s.AddSingleton<TimeProvider>(clock).AddSingleton<IPriceStore>(prices));
        var account = await app.AccountAsync(new AccountSettings(AccountType.Taxable, "USD", LotMethod.Fifo, TracksCash: true));
        var yearOne = clock.Now = new DateTimeOffset(1, 1, 16, 18, 0, 0, TimeSpan.Zero);
        // Straight into the log, as an older version of the product could have stored it (before the 1900 floor).
        var log = app.Get<ILedgerStore>();
        await log.TryAppendAsync(new LedgerEntry(account.Id, 1, new Deposit("d", new DateOnly(1, 1, 5), 1_000), yearOne), default);
        await log.TryAppendAsync(new LedgerEntry(account.Id, 2, new Buy("b", new DateOnly(1, 1, 5), "AAA", 5, 100), yearOne), default);
        await prices.SaveAsync([Close(new DateOnly(1, 1, 3), 90), Close(new DateOnly(1, 1, 6), 100), Close(new DateOnly(1, 1, 14), 120)], default);

        var report = await app.Get<PerformanceService>().ComputeAsync(app.Alice, account.Id, null, null, default);

        // The period starts at 0001-01-12 (room for the lookback): 500 cash and 5 AAA at the close of 6 January (100) the day
        // before, 500 + 5 × 120 = 1,100 after the close of 14 January: +10 %.
        Assert.Equal((new DateOnly(1, 1, 12), 1_100m, 0.1m), (report.From, report.Value, report.TimeWeightedReturn));
        // The series starts on the first trade's day: 5 January is valued at the last close before it, 3 January's 90.
        var first = (await app.Get<IDailySeriesStore>().ReadAsync(account.Id, new DateOnly(1, 1, 5), new DateOnly(1, 1, 5), default))!.Days.Single();
        Assert.Equal(500m + 5 * 90m, first.Value);
    }

    private static Quote Close(DateOnly date, decimal price) =>
        new("AAA", price, new DateTimeOffset(date.ToDateTime(new TimeOnly(20, 0)), TimeSpan.Zero), "test", QuoteKind.EndOfDay);

    /// <summary>A price store that keeps no close versions (<see cref="IPriceStore.GetCloseChangesAsync"/> is not supported).</summary>
    private sealed class UntrackedPriceStore(IPriceStore inner) : IPriceStore
    {
        public Task SaveAsync(IReadOnlyList<Quote> quotes, CancellationToken ct) => inner.SaveAsync(quotes, ct);
        public Task<Quote?> GetLatestAsync(string symbol, CancellationToken ct) => inner.GetLatestAsync(symbol, ct);
        public Task<IReadOnlyDictionary<string, Quote>> GetLatestAsync(IReadOnlyCollection<string> symbols, CancellationToken ct) => inner.GetLatestAsync(symbols, ct);
        public Task<IReadOnlyList<Quote>> GetHistoryAsync(string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) => inner.GetHistoryAsync(symbol, from, to, ct);
        public Task<IReadOnlyDictionary<string, IReadOnlyList<DailyClose>>> GetDailyClosesAsync(IReadOnlyCollection<string> symbols, DateOnly from, DateOnly to, CancellationToken ct) =>
            inner.GetDailyClosesAsync(symbols, from, to, ct);
    }

    /// <summary>A clock set by the test (FakeTimeProvider refuses instants before 1970, and going back).</summary>
    private sealed class SettableClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }
        public override DateTimeOffset GetUtcNow() => Now;
    }
}
