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
        await using var harness = new Harness();
        var account = await harness.AccountAsync(new AccountSettings(AccountType.Taxable, "USD", LotMethod.Fifo, TracksCash: true));
        // Written before the 1900 floor existed: straight into the log, as an older version of the product could have.
        await harness.Get<ILedgerStore>().TryAppendAsync(
            new LedgerEntry(account.Id, 1, new Deposit("tx_old", DateOnly.MinValue, 100), harness.Clock.GetUtcNow()), CancellationToken.None);
        await harness.RecordAsync(account, id => new Deposit(id, new DateOnly(2024, 5, 31), 50));

        var report = await harness.Get<PerformanceService>().ComputeAsync(harness.Alice, account.Id, new DateOnly(2024, 5, 30), new DateOnly(2024, 6, 3), CancellationToken.None);

        // Cash only: 100 from year one, 50 deposited on 31 May (an external flow, so no return).
        Assert.Equal(150m, report.Value);
        Assert.Equal(0m, report.TimeWeightedReturn);
        Assert.Equal(5, report.Daily.Count);
        Assert.Equal(100m, report.Daily[0].Value);
    }
}
