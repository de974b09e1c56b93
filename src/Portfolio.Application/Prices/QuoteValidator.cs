namespace Portfolio.Application.Prices;

/// <summary>
/// Limits applied to every quote before it may be stored.
/// Precision decision: prices are rounded half-away-from-zero to <see cref="MaxDecimals"/> (6) decimal places — enough for
/// sub-penny equities, NAVs (4 dp) and FX-like instruments — and a price that rounds to zero is rejected as non-positive.
/// </summary>
public sealed record QuoteValidationOptions
{
    public int MaxDecimals { get; init; } = 6;

    /// <summary>Upper sanity bound (BRK.A trades well below this).</summary>
    public decimal MaxPrice { get; init; } = 10_000_000m;

    /// <summary>How far ahead of our clock a quote time may be (provider clock skew) before it is rejected as in the future.</summary>
    public TimeSpan AllowedClockSkew { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Quotes older than this are rejected as implausible (a broken timestamp, e.g. epoch 0).</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromDays(3650);

    /// <summary>A relative change from the last stored price above this is held as suspect (0.5 = 50%).</summary>
    public decimal SuspectJumpRatio { get; init; } = 0.5m;

    /// <summary>A second quote within this relative distance of a held suspect confirms it (0.02 = 2%).</summary>
    public decimal ConfirmTolerance { get; init; } = 0.02m;
}

public enum QuoteRejectionReason { MissingSymbol, MissingSource, NonPositive, TooLarge, FutureTime, TooOld }

public sealed record RejectedQuote(Quote Quote, QuoteRejectionReason Reason, string Detail);

/// <summary>Stateless per-quote checks (the jump check needs the last price and is done by <see cref="PriceIngestion"/>).</summary>
public sealed class QuoteValidator(QuoteValidationOptions? options = null)
{
    public QuoteValidationOptions Options { get; } = options ?? new QuoteValidationOptions();

    /// <summary>Returns the normalised quote (price rounded, symbol trimmed) or the reason it is rejected.</summary>
    public (Quote? Valid, RejectedQuote? Rejected) Validate(Quote quote, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(quote);
        if (string.IsNullOrWhiteSpace(quote.Symbol))
            return Reject(quote, QuoteRejectionReason.MissingSymbol, "symbol is empty");
        if (string.IsNullOrWhiteSpace(quote.Source))
            return Reject(quote, QuoteRejectionReason.MissingSource, "source is empty");
        var price = Math.Round(quote.Price, Options.MaxDecimals, MidpointRounding.AwayFromZero);
        if (price <= 0m)
            return Reject(quote, QuoteRejectionReason.NonPositive, $"price {quote.Price} is not positive at {Options.MaxDecimals} decimals");
        if (price > Options.MaxPrice)
            return Reject(quote, QuoteRejectionReason.TooLarge, $"price {quote.Price} exceeds {Options.MaxPrice}");
        if (quote.AsOf > now + Options.AllowedClockSkew)
            return Reject(quote, QuoteRejectionReason.FutureTime, $"quote time {quote.AsOf:O} is after now {now:O}");
        if (quote.AsOf < now - Options.MaxAge)
            return Reject(quote, QuoteRejectionReason.TooOld, $"quote time {quote.AsOf:O} is implausibly old");
        var symbol = quote.Symbol.Trim();
        return (quote with { Symbol = symbol, Price = price }, null);
    }

    /// <summary>True when <paramref name="price"/> moved more than <see cref="QuoteValidationOptions.SuspectJumpRatio"/> from <paramref name="last"/>.</summary>
    public bool IsSuspectJump(decimal price, decimal last)
        => last > 0m && Math.Abs(price - last) / last > Options.SuspectJumpRatio;

    public bool Confirms(decimal price, decimal suspect)
        => suspect > 0m && Math.Abs(price - suspect) / suspect <= Options.ConfirmTolerance;

    private static (Quote?, RejectedQuote?) Reject(Quote q, QuoteRejectionReason reason, string detail) => (null, new RejectedQuote(q, reason, detail));
}
