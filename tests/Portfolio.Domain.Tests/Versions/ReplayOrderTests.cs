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
}
