using Microsoft.Extensions.Configuration;
using Portfolio.Application.Accounts;
using Portfolio.Application.Ports;

namespace Portfolio.Functions.Prices;

/// <summary>Symbols fetched even when no account holds them (<c>Pricing:WatchedSymbols:0</c>, <c>:1</c>, ..., as in the server).</summary>
public sealed record WatchedSymbols(IReadOnlyList<string> Symbols)
{
    public const string Section = "Pricing:WatchedSymbols";

    public static IReadOnlyList<string> Read(IConfiguration configuration) =>
        configuration.GetSection(Section).GetChildren().Select(c => c.Value).OfType<string>().ToList();
}

/// <summary>The symbols the price fetcher asks for: every account's held symbols plus the watched ones (shared <see cref="HeldSymbols"/>).</summary>
public sealed class HeldSymbolCollector(IAccountStore accounts, WatchedSymbols watched)
{
    /// <summary>Distinct, in ordinal order (so a run is reproducible).</summary>
    public async Task<IReadOnlyList<string>> CollectAsync(CancellationToken ct) =>
        (await HeldSymbols.CollectAsync(accounts, watched.Symbols, ct)).ToList();
}
