using Microsoft.Extensions.Configuration;
using Portfolio.Application.Ports;

namespace Portfolio.Functions.Prices;

/// <summary>Symbols fetched even when no account holds them (<c>Pricing:WatchedSymbols:0</c>, <c>:1</c>, ...).</summary>
public sealed record WatchedSymbols(IReadOnlyList<string> Symbols)
{
    public const string Section = "Pricing:WatchedSymbols";

    public static IReadOnlyList<string> Read(IConfiguration configuration) =>
        configuration.GetSection(Section).GetChildren().Select(c => c.Value).OfType<string>().ToList();
}

/// <summary>The symbols the price fetcher asks for: every account's held symbols plus the watched ones.</summary>
public sealed class HeldSymbolCollector(IAccountStore accounts, WatchedSymbols watched)
{
    public const int PageSize = 500;

    /// <summary>Distinct, trimmed, upper-case, in ordinal order (so a run is reproducible).</summary>
    public async Task<IReadOnlyList<string>> CollectAsync(CancellationToken ct)
    {
        var symbols = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var symbol in watched.Symbols) Add(symbols, symbol);
        string? continuation = null;
        do
        {
            var page = await accounts.ListAllAsync(continuation, PageSize, ct);
            foreach (var account in page.Items)
                foreach (var symbol in account.HeldSymbols)
                    Add(symbols, symbol);
            continuation = page.ContinuationToken;
        } while (!string.IsNullOrEmpty(continuation));
        return symbols.ToList();
    }

    private static void Add(SortedSet<string> symbols, string? symbol)
    {
        if (!string.IsNullOrWhiteSpace(symbol)) symbols.Add(symbol.Trim().ToUpperInvariant());
    }
}
