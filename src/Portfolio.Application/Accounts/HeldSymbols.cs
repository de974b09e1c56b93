using Portfolio.Application.Ports;

namespace Portfolio.Application.Accounts;

public static class HeldSymbols
{
    /// <summary>
    /// The distinct symbols held in any account, plus the watched ones: what a price cycle asks for. Projected by the
    /// store when it can (<see cref="IHeldSymbolsProjection"/>), else read from every account a page at a time.
    /// </summary>
    public static async Task<IReadOnlyCollection<string>> CollectAsync(IAccountStore accounts, IEnumerable<string> watched, CancellationToken ct)
    {
        var symbols = new SortedSet<string>(watched.Select(s => s.Trim().ToUpperInvariant()).Where(s => s.Length > 0), StringComparer.Ordinal);
        if (accounts is IHeldSymbolsProjection projection)
        {
            symbols.UnionWith(await projection.ListHeldSymbolsAsync(ct).ConfigureAwait(false));
            return symbols;
        }
        string? continuation = null;
        do
        {
            var page = await accounts.ListAllAsync(continuation, 1000, ct);
            foreach (var account in page.Items) symbols.UnionWith(account.HeldSymbols);
            continuation = page.ContinuationToken;
        } while (continuation is not null);
        return symbols;
    }
}
