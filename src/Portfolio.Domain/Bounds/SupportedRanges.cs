namespace Portfolio.Domain;

/// <summary>
/// The ranges the product supports (README, "Supported ranges"). They are chosen so that every product the code
/// computes stays far inside decimal's ±7.9 × 10^28: a position's value is at most
/// <see cref="MaxQuantity"/> × <see cref="MaxPrice"/> = 10^21, a lot's basis, a sale's proceeds and the cash balance at
/// most <see cref="MaxBalance"/> = 10^18, so a sum over 100,000 transactions stays below 10^24 and a weight in percent
/// (value × 100 / total) below 10^24 too. Every write is checked against them, including the state it would produce.
/// </summary>
public static class SupportedRanges
{
    /// <summary>The earliest trade date, lot acquisition date or query date (the wash-sale window and holding-period shifts step back from it).</summary>
    public static readonly DateOnly EarliestDate = new(1900, 1, 1);

    /// <summary>Shares in one transaction, one lot or one position, after every corporate action.</summary>
    public const decimal MaxQuantity = 1_000_000_000_000m;

    /// <summary>The price of one share in a transaction (trade price, cash in lieu, spin-off fair values).</summary>
    public const decimal MaxPrice = 1_000_000_000m;

    /// <summary>One money amount in a transaction (a deposit, a dividend, a fee, a transferred lot's basis).</summary>
    public const decimal MaxAmount = Quantities.MaxMagnitude;

    /// <summary>A lot's or position's basis, a trade's gross amount (quantity × price) and the cash balance, in magnitude.</summary>
    public const decimal MaxBalance = 1_000_000_000_000_000_000m;

    /// <summary>Each side of a split ratio (newShares, oldShares) and a stock dividend's or spin-off's shares per share.</summary>
    public const decimal MaxRatioTerm = 1_000_000m;
}
