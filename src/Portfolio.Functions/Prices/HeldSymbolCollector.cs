using Microsoft.Extensions.Configuration;
using Portfolio.Application.Accounts;
using Portfolio.Application.Ports;
using Portfolio.Application.Watchlists;

namespace Portfolio.Functions.Prices;

/// <summary>Symbols fetched even when no account holds them (<c>Pricing:WatchedSymbols:0</c>, <c>:1</c>, ..., as in the server).</summary>
public sealed record WatchedSymbols(IReadOnlyList<string> Symbols)
{
    public const string Section = "Pricing:WatchedSymbols";

    public static IReadOnlyList<string> Read(IConfiguration configuration) =>
        configuration.GetSection(Section).GetChildren().Select(c => c.Value).OfType<string>().ToList();
}

/// <summary>
/// The symbols the price fetcher asks for: every account's held symbols plus the configured watched ones (shared
/// <see cref="HeldSymbols"/>), and the users' watchlists and price alerts (<see cref="UserSymbols"/>), as in the server.
/// </summary>
public sealed class HeldSymbolCollector(IAccountStore accounts, WatchedSymbols watched, UserSymbols? users = null)
{
    /// <summary>Distinct, in ordinal order (so a run is reproducible).</summary>
    public async Task<IReadOnlyList<string>> CollectAsync(CancellationToken ct)
    {
        var extra = users is null ? [] : await users.ListAsync(ct);
        return (await HeldSymbols.CollectAsync(accounts, watched.Symbols.Concat(extra), ct)).ToList();
    }
}
