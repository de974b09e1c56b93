using Microsoft.Extensions.DependencyInjection;
using Portfolio.Application.Ledger;
using Portfolio.Application.Performance;
using Portfolio.Application.Ports;
using Portfolio.Domain;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests;

public class EarliestDateTests
{
    [Fact]
    public async Task A_trade_dated_before_1900_is_refused_and_changes_nothing()
    {
        await using var harness = new Harness();
        var account = await harness.AccountAsync(new AccountSettings(AccountType.Taxable, "USD", LotMethod.Fifo, TracksCash: true));

        var refused = await Assert.ThrowsAsync<LedgerRuleViolation>(() => harness.RecordAsync(account, id => new Deposit(id, new DateOnly(1899, 12, 31), 100)));
        await harness.RecordAsync(account, id => new Deposit(id, new DateOnly(1900, 1, 1), 100));

        Assert.Equal("tradeDate", refused.Field);
        var stored = await harness.Get<ILedgerStore>().ReadAsync(account.Id, 0, CancellationToken.None);
        Assert.Equal(new DateOnly(1900, 1, 1), Assert.Single(stored).Transaction.TradeDate);
    }

    [Fact]
    public async Task Performance_still_answers_for_a_log_stored_with_a_year_one_date()
    {
        var clock = new SettableClock { Now = new DateTimeOffset(2024, 6, 3, 18, 0, 0, TimeSpan.Zero) };
        await using var harness = new Harness(services => services.AddSingleton<TimeProvider>(clock));
        var account = await harness.AccountAsync(new AccountSettings(AccountType.Taxable, "USD", LotMethod.Fifo, TracksCash: true));
        // Read in the log's own first weeks (16 January of year one, New York): the series still starts at 0001-01-01, the
        // edge this protects, without two thousand years of days to value before the period. (The account's id is made
        // from the clock, and no id is made before 1970: the account is opened first.)
        var yearOne = clock.Now = new DateTimeOffset(1, 1, 16, 18, 0, 0, TimeSpan.Zero);
        // Written before the 1900 floor existed: straight into the log, as an older version of the product could have.
        var log = harness.Get<ILedgerStore>();
        await log.TryAppendAsync(new LedgerEntry(account.Id, 1, new Deposit("tx_old", DateOnly.MinValue, 100), yearOne), CancellationToken.None);
        await log.TryAppendAsync(new LedgerEntry(account.Id, 2, new Deposit("tx_new", new DateOnly(1, 1, 14), 50), yearOne), CancellationToken.None);

        // No period given: from the first trade, which leaves room for the close lookback (0001-01-12), to today (0001-01-16).
        var report = await harness.Get<PerformanceService>().ComputeAsync(harness.Alice, account.Id, null, null, CancellationToken.None);

        // Cash only: 100 from year one, 50 deposited on 14 January (an external flow, so no return).
        Assert.Equal(150m, report.Value);
        Assert.Equal(0m, report.TimeWeightedReturn);
        Assert.Equal(5, report.Daily.Count);
        Assert.Equal(100m, report.Daily[0].Value);
    }

    /// <summary>A clock set by the test (FakeTimeProvider refuses instants before 1970, and going back).</summary>
    private sealed class SettableClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }
        public override DateTimeOffset GetUtcNow() => Now;
    }
}
