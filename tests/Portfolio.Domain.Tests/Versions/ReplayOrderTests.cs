using Portfolio.Domain.Accounts;
using Portfolio.Domain.Ledger;
using Portfolio.Domain.Transactions;
using static Portfolio.Domain.Tests.Builders.LedgerBuilder;

namespace Portfolio.Domain.Tests.Versions;

public class ReplayOrderTests
{
    [Fact]
    public void Replaying_a_list_out_of_date_order_books_it_in_date_order()
    {
        // A list, stored in the order the writes arrived: a deposit of 100 on 2024-01-05, then a buy back-dated to
        // 2024-01-03 (1 @ 10). Booked by date: the buy first; cash 100 − 10 = 90, last booked date 2024-01-05.
        List<Transaction> log = [new Deposit("d", D("2024-01-05"), 100), new Buy("b", D("2024-01-03"), "XYZ", 1, 10)];

        var ledger = AccountLedger.Replay(new AccountSettings(AccountType.Taxable, "USD", LotMethod.Fifo, TracksCash: true), log);

        Assert.Equal(90m, ledger.Cash);
        Assert.Equal([("b", 1m)], ledger.OpenLots.Select(l => (l.Id, l.Quantity)));
        Assert.Equal(D("2024-01-05"), ledger.LastTradeDate);
    }

    [Fact]
    public void A_list_whose_first_entry_is_refused_in_list_order_but_not_in_date_order_is_booked_in_date_order()
    {
        // Stored in arrival order: a sale of 1 XYZ @ 12 on 2024-01-05, then its buy back-dated to 2024-01-03 (1 @ 10).
        // Read in list order the sale comes first and sells a share not held; by date the buy comes first. Replay books
        // by date: cash −10 + 12 = 2, no open lot, one piece realizing 12 − 10 = 2.
        List<Transaction> log = [new Sell("s", D("2024-01-05"), "XYZ", 1, 12), new Buy("b", D("2024-01-03"), "XYZ", 1, 10)];

        var ledger = AccountLedger.Replay(new AccountSettings(AccountType.Taxable, "USD", LotMethod.Fifo, TracksCash: true), log);

        Assert.Equal(2m, ledger.Cash);
        Assert.Empty(ledger.OpenLots);
        Assert.Equal([("s", "b", 2m)], ledger.Realized.Select(r => (r.TransactionId, r.LotId, r.Gain)));
        Assert.Equal(2, ledger.TransactionCount);
    }
}
