namespace Portfolio.Application.Watchlists;

/// <summary>
/// A user's watched symbols, in the order the user gave them; the price cycle prices them like held ones.
/// <see cref="ConcurrencyToken"/> is the store's version, answered as the HTTP <c>ETag</c>.
/// </summary>
public sealed record Watchlist(string UserId, IReadOnlyList<string> Symbols, DateTimeOffset UpdatedAt, string? ConcurrencyToken = null);
