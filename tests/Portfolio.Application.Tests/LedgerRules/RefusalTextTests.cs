using Portfolio.Application.Ledger;
using Portfolio.Application.Transactions;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Ledger;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests.LedgerRules;

/// <summary>What a ledger state refuses says why; a page of one transaction is a valid page.</summary>
public class RefusalTextTests
{
    private static readonly AccountSettings Usd = new(AccountType.Taxable, "USD", LotMethod.Fifo, TracksCash: false);

    [Fact]
    public void A_non_positive_interval_and_a_checkpoint_off_the_interval_are_refused_saying_why()
    {
        var interval = Assert.Throws<ArgumentOutOfRangeException>(() => LedgerState.Empty("a", Usd, 0));
        var sequence = Assert.Throws<ArgumentOutOfRangeException>(() => LedgerState.FromCheckpoint("a", new AccountLedger(Usd), 30, "h", [], 20));

        Assert.Equal("interval", interval.ParamName);
        Assert.StartsWith("the checkpoint interval is a positive number of transactions", interval.Message);
        Assert.Equal("sequence", sequence.ParamName);
        Assert.StartsWith("a checkpoint sits at a positive multiple of the interval", sequence.Message);
    }

    [Fact]
    public async Task A_page_of_one_transaction_is_the_one_at_that_place_in_trade_date_order()
    {
        await using var app = new Harness();
        var account = await app.AccountAsync(Usd);
        foreach (var day in new[] { 9, 2, 5 }) await app.RecordAsync(account, id => new Buy(id, new DateOnly(2024, 5, day), "AAPL", 1, day));

        var page = await app.Get<TransactionService>().ListAsync(app.Alice, account.Id, page: 2, pageSize: 1, CancellationToken.None);

        Assert.Equal([5], page.Items.Select(e => e.Transaction.TradeDate.Day));
        Assert.Equal((2, 1, 3), (page.Page, page.PageSize, page.Total));
    }
}
