using Portfolio.Application.Orders;
using Portfolio.Application.Ports;
using Portfolio.Domain;
using Portfolio.Domain.Transactions;
using static Portfolio.Application.Tests.Orders.OrderDesk;

namespace Portfolio.Application.Tests.Orders;

/// <summary>Shares a pending sell order reserves cannot be sold or transferred out by a recorded transaction until the order closes.</summary>
public class ReservedSharesTests
{
    [Fact]
    public async Task A_recorded_sale_or_transfer_out_may_not_leave_fewer_shares_than_pending_sells_reserve()
    {
        await using var app = new Harness();
        var account = await app.CashAccountAsync(10_000);
        await app.RecordAsync(account, id => new Buy(id, June3, "AAPL", 10, 100));
        await app.PlaceAsync(account, OrderSide.Sell, 6, 500); // a limit far above the market: it stays pending

        var sale = await Assert.ThrowsAsync<LedgerRuleViolation>(() => app.RecordAsync(account, id => new Sell(id, June3, "AAPL", 5, 100)));
        var transfer = await Assert.ThrowsAsync<LedgerRuleViolation>(() => app.RecordAsync(account, id => new TransferOut(id, June3, "AAPL", 5)));
        await app.RecordAsync(account, id => new Sell(id, June3, "AAPL", 4, 100)); // leaves exactly the 6 reserved

        Assert.Equal(("quantity", "would leave 5 AAPL but pending sell orders reserve 6; cancel them first"), (sale.Field, sale.Reason));
        Assert.Equal(("quantity", "would leave 5 AAPL but pending sell orders reserve 6; cancel them first"), (transfer.Field, transfer.Reason));
        var log = await app.Get<ILedgerStore>().ReadAsync(account.Id, 0, CancellationToken.None);
        Assert.Equal([typeof(Deposit), typeof(Buy), typeof(Sell)], log.Select(e => e.Transaction.GetType()));
        Assert.Equal(4m, ((Sell)log[^1].Transaction).Quantity);
    }
}
