using Portfolio.Domain.Transactions;

namespace Portfolio.Domain;

/// <summary>
/// The checks a transaction must pass before it is booked, beyond those booking itself makes: the <see cref="SupportedRanges"/>
/// of its own fields. Applied at the door (a write), not on replay, so a log stored before a bound existed stays readable.
/// </summary>
public static class TransactionBounds
{
    public static void Check(Transaction transaction)
    {
        switch (transaction)
        {
            case Buy buy:
                Price(buy.Price, "price");
                Gross(buy.Quantity, buy.Price, "quantity");
                break;
            case Sell sell:
                Price(sell.Price, "price");
                Gross(sell.Quantity, sell.Price, "quantity");
                break;
            case DividendReinvestment drip:
                Price(drip.Price, "price");
                Gross(drip.Quantity, drip.Price, "quantity");
                break;
            case Split split:
                Ratio(split.NewShares, "newShares");
                Ratio(split.OldShares, "oldShares");
                OptionalPrice(split.CashInLieuPrice);
                break;
            case StockDividend dividend:
                Ratio(dividend.SharesPerShare, "sharesPerShare");
                OptionalPrice(dividend.CashInLieuPrice);
                break;
            case SpinOff spinOff:
                Ratio(spinOff.SharesPerShare, "sharesPerShare");
                Price(spinOff.ParentPrice, "parentPrice");
                Price(spinOff.NewPrice, "newPrice");
                OptionalPrice(spinOff.CashInLieuPrice);
                break;
            case TransferIn transfer:
                for (var i = 0; i < (transfer.Lots?.Count ?? 0); i++)
                    if (transfer.Lots![i].AcquiredOn < SupportedRanges.EarliestDate)
                        throw new LedgerRuleViolation($"lots[{i}].acquiredOn", $"must be {SupportedRanges.EarliestDate:yyyy-MM-dd} or later");
                break;
        }
    }

    private static void Price(decimal price, string field)
    {
        if (price > SupportedRanges.MaxPrice) throw new LedgerRuleViolation(field, $"must be at most {SupportedRanges.MaxPrice} per share, was {price}");
    }

    private static void OptionalPrice(decimal? price)
    {
        if (price is { } p) Price(p, "cashInLieuPrice");
    }

    private static void Ratio(decimal term, string field)
    {
        if (term > SupportedRanges.MaxRatioTerm) throw new LedgerRuleViolation(field, $"must be at most {SupportedRanges.MaxRatioTerm}, was {term}");
    }

    private static void Gross(decimal quantity, decimal price, string field)
    {
        // Both factors are at most 10^12 by now (booking refuses more), so the product cannot overflow.
        if (quantity <= Quantities.MaxMagnitude && price <= Quantities.MaxMagnitude && quantity * price > SupportedRanges.MaxBalance)
            throw new LedgerRuleViolation(field, $"{quantity} × {price} exceeds the supported {SupportedRanges.MaxBalance} for one trade");
    }
}
