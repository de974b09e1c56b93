using Portfolio.Application.Ledger;
using Portfolio.Application.Orders;
using Portfolio.Domain;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Transactions;

/// <summary>Shares a pending sell order reserves cannot be sold again or transferred out until the order closes.</summary>
public static class ReservedShares
{
    public static void Check(LedgerState after, Transaction transaction, OrderReservations reserved)
    {
        var symbol = transaction switch
        {
            Sell sell => sell.Symbol,
            TransferOut transfer => transfer.Symbol,
            _ => null,
        };
        if (symbol is null) return;
        var shares = reserved.SharesOf(symbol);
        if (shares == 0) return;
        var left = after.Ledger.PositionOf(symbol)?.Quantity ?? 0;
        if (left < shares)
            throw new LedgerRuleViolation("quantity",
                $"would leave {left} {symbol} but pending sell orders reserve {shares}; cancel them first");
    }
}
