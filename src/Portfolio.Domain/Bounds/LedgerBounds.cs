using Portfolio.Domain.Ledger;
using Portfolio.Domain.Lots;
using Portfolio.Domain.Transactions;

namespace Portfolio.Domain;

/// <summary>
/// The checks on the state a write would produce: every lot of each symbol the transaction touches holds more than zero
/// and at most <see cref="SupportedRanges.MaxQuantity"/> shares and a basis within <see cref="SupportedRanges.MaxBalance"/>,
/// and so does the cash balance. A refusal names the transaction's field that leads there (a split's <c>newShares</c>,
/// a buy's <c>quantity</c>). Applied at the door, not on replay.
/// </summary>
public static class LedgerBounds
{
    public static void Check(Transaction transaction, AccountLedger after)
    {
        foreach (var symbol in SymbolsOf(transaction))
            if (after.PositionOf(symbol) is { } position) CheckPosition(transaction, position);
        if (Math.Abs(after.Cash) > SupportedRanges.MaxBalance)
            throw new LedgerRuleViolation(FieldOf(transaction),
                $"would take the cash balance to {after.Cash}, beyond the supported ±{SupportedRanges.MaxBalance}");
    }

    private static void CheckPosition(Transaction transaction, Position position)
    {
        if (position.Quantity > SupportedRanges.MaxQuantity)
            throw new LedgerRuleViolation(FieldOf(transaction),
                $"would make the {position.Symbol} position {position.Quantity} shares, beyond the supported {SupportedRanges.MaxQuantity}");
        foreach (var lot in position.Lots)
        {
            if (lot.Quantity <= 0)
                throw new LedgerRuleViolation(FieldOf(transaction),
                    $"would leave lot '{lot.Id}' of {lot.Symbol} with zero shares but a basis of {lot.CostBasis} " +
                    $"(quantities keep {Quantities.MaxQuantityDecimals} decimal places)");
            if (Math.Abs(lot.CostBasis) > SupportedRanges.MaxBalance)
                throw new LedgerRuleViolation(FieldOf(transaction),
                    $"would make lot '{lot.Id}' of {lot.Symbol} a basis of {lot.CostBasis}, beyond the supported {SupportedRanges.MaxBalance}");
        }
        if (Math.Abs(position.CostBasis) > SupportedRanges.MaxBalance)
            throw new LedgerRuleViolation(FieldOf(transaction),
                $"would make the {position.Symbol} position's basis {position.CostBasis}, beyond the supported {SupportedRanges.MaxBalance}");
    }

    private static IEnumerable<string> SymbolsOf(Transaction transaction) => transaction switch
    {
        SpinOff s => [s.Symbol, s.NewSymbol],
        Buy b => [b.Symbol],
        Sell s => [s.Symbol],
        DividendReinvestment d => [d.Symbol],
        Split s => [s.Symbol],
        StockDividend s => [s.Symbol],
        TransferIn t => [t.Symbol],
        TransferOut t => [t.Symbol],
        _ => [],
    };

    /// <summary>The request field that decides how far a transaction moves the state.</summary>
    public static string FieldOf(Transaction transaction) => transaction switch
    {
        Split => "newShares",
        StockDividend or SpinOff => "sharesPerShare",
        TransferIn => "lots",
        Buy or Sell or DividendReinvestment or TransferOut => "quantity",
        _ => "amount",
    };
}
