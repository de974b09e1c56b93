namespace Portfolio.Application.PriceAlerts;

/// <summary>Which side of its threshold fires an alert: at or above it, or at or below it.</summary>
public enum PriceAlertDirection { Above, Below }

/// <summary>Armed: the next quote beyond the threshold fires it. Fired: it waits for a quote back on the near side to re-arm.</summary>
public enum PriceAlertState { Armed, Fired }

/// <summary>
/// A user's price alert on one symbol. <c>above</c> and <c>below</c> give <see cref="Threshold"/> directly; a
/// <see cref="MovePercent"/> alert turns into one at creation: the threshold is the latest stored price
/// (<see cref="ReferencePrice"/>) × (1 + movePercent / 100), above it for a rise, below it for a fall. The alert fires once
/// per crossing and re-arms when a quote is back on the near side; <see cref="LastQuoteAsOf"/> is the newest quote it has
/// seen, so a repeated or older quote changes nothing. A firing writes its notification into <see cref="Outbox"/> in the
/// same document write as the state change; the relay moves it to the owner's inbox.
/// </summary>
public sealed record PriceAlert(
    string Id,
    string UserId,
    string Symbol,
    PriceAlertDirection Direction,
    decimal Threshold,
    DateTimeOffset CreatedAt,
    decimal? MovePercent = null,
    decimal? ReferencePrice = null,
    PriceAlertState State = PriceAlertState.Armed,
    int Firings = 0,
    decimal? LastPrice = null,
    DateTimeOffset? LastQuoteAsOf = null,
    DateTimeOffset? LastFiredAt = null,
    DateTimeOffset? DeletedAt = null,
    string? IdempotencyKey = null,
    string? RequestHash = null,
    IReadOnlyList<PriceAlertEvent>? Outbox = null,
    string? ConcurrencyToken = null)
{
    public const string FiredKind = "price.alert";

    public bool IsDeleted => DeletedAt is not null;

    /// <summary>Whether a price is beyond the threshold (the firing side).</summary>
    public bool IsBeyond(decimal price) => Direction == PriceAlertDirection.Above ? price >= Threshold : price <= Threshold;

    /// <summary>
    /// What this quote does to the alert: null when nothing changes (not newer than the last one seen, or neither a
    /// crossing nor a move back); otherwise the next version, with a notification in its outbox when it fires.
    /// </summary>
    public PriceAlert? Apply(Prices.Quote quote)
    {
        if (IsDeleted || quote.Symbol != Symbol || (LastQuoteAsOf is { } seen && quote.AsOf <= seen)) return null;
        var beyond = IsBeyond(quote.Price);
        var seenNow = this with { LastPrice = quote.Price, LastQuoteAsOf = quote.AsOf };
        return (State, beyond) switch
        {
            (PriceAlertState.Armed, true) => seenNow with
            {
                State = PriceAlertState.Fired, Firings = Firings + 1, LastFiredAt = quote.AsOf,
                Outbox = [.. Outbox ?? [], new PriceAlertEvent(
                    Common.Hashing.DeterministicId("evt_", UserId, Id, (Firings + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    quote.Price, quote.AsOf)],
            },
            (PriceAlertState.Fired, false) => seenNow with { State = PriceAlertState.Armed },
            // Same state: only the last quote seen moves on (so an older quote arriving later cannot re-arm or fire).
            _ => seenNow,
        };
    }

    public string Describe(decimal price) =>
        $"{Symbol} at {price} is {(Direction == PriceAlertDirection.Above ? "at or above" : "at or below")} {Threshold}"
        + (MovePercent is { } move ? $" ({(move > 0 ? "+" : "")}{move} % from {ReferencePrice})" : "");
}

/// <summary>One firing waiting in the alert's outbox: its event id (derived from the alert and the firing's number) and the quote.</summary>
public sealed record PriceAlertEvent(string Id, decimal Price, DateTimeOffset At);
