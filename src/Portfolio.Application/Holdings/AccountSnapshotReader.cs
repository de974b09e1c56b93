using Portfolio.Application.Accounts;
using Portfolio.Application.Common;
using Portfolio.Application.Ledger;
using Portfolio.Application.Ports;
using Portfolio.Application.Prices;

namespace Portfolio.Application.Holdings;

/// <summary>An account, its replayed ledger and the latest quotes of what it holds, read together.</summary>
public sealed record AccountSnapshot(Account Account, LedgerState State, IReadOnlyDictionary<string, Quote> Quotes, DateTimeOffset AsOf)
{
    /// <summary>The <see cref="Valuation.LatestPrices.Generation"/> the quotes were read at (none: never the same).</summary>
    public long PriceGeneration { get; init; } = long.MinValue;

    /// <summary>Until when the quotes stay the latest prices' answer if the generation does not move.</summary>
    public DateTimeOffset PricesValidUntil { get; init; } = DateTimeOffset.MinValue;

    /// <summary>Built when a view is computed, not on the reads a cached view answers.</summary>
    public IReadOnlyDictionary<string, decimal> Prices => prices ??= Quotes.ToDictionary(q => q.Key, q => q.Value.Price, StringComparer.Ordinal);

    private IReadOnlyDictionary<string, decimal>? prices;
    public DateOnly MarketDate => MarketClock.MarketDate(AsOf);
}

/// <summary>The latest price of every symbol a page of accounts holds or targets, read once for the whole page.</summary>
public sealed record PagePrices(IReadOnlyDictionary<string, decimal> Prices, DateTimeOffset AsOf)
{
    public DateOnly MarketDate { get; } = MarketClock.MarketDate(AsOf);
}

public sealed class AccountSnapshotReader(IAccountStore accounts, LedgerReader ledgers, Valuation.LatestPrices prices, TimeProvider clock)
{
    public async Task<Account> AccountAsync(Caller caller, string accountId, CancellationToken ct) =>
        await accounts.GetOwnedAsync(caller, accountId, ct);

    /// <summary>The account's replayed ledger, with any entry another process appended.</summary>
    public Task<LedgerState> LedgerAsync(Account account, CancellationToken ct) => ledgers.LoadAsync(account, ct);

    /// <summary>
    /// The account's ledger for views of what is open (positions, tax lots, rebalance): a cold account starts from its
    /// newest usable checkpoint and reads only the log after it (<see cref="LedgerReader.LoadLedgerAsync"/>). Its open
    /// lots, cash and positions are those of a full replay; its realized history may not be whole.
    /// </summary>
    public Task<LedgerState> OpenLedgerAsync(Account account, CancellationToken ct) => ledgers.LoadLedgerAsync(account, ct);

    /// <summary><see cref="ReadAsync(Caller, string, CancellationToken)"/> for views of what is open (see <see cref="OpenLedgerAsync"/>).</summary>
    public async Task<AccountSnapshot> ReadOpenAsync(Caller caller, string accountId, CancellationToken ct)
    {
        var account = await AccountAsync(caller, accountId, ct);
        return await ReadAsync(account, await OpenLedgerAsync(account, ct), ct);
    }

    /// <summary>The latest prices' generation now (see <see cref="AccountSnapshot.PriceGeneration"/>).</summary>
    public long PriceGeneration => prices.Generation;

    public DateTimeOffset Now => clock.GetUtcNow();

    public async Task<AccountSnapshot> ReadAsync(Caller caller, string accountId, CancellationToken ct) =>
        await ReadAsync(await AccountAsync(caller, accountId, ct), ct);

    public async Task<AccountSnapshot> ReadAsync(Account account, CancellationToken ct, IEnumerable<string>? alsoPrice = null) =>
        await ReadAsync(account, await ledgers.LoadAsync(account, ct), ct, alsoPrice);

    /// <summary>With a ledger state already loaded (a page of accounts read together).</summary>
    public async Task<AccountSnapshot> ReadAsync(Account account, LedgerState state, CancellationToken ct, IEnumerable<string>? alsoPrice = null)
    {
        var symbols = state.Ledger.Positions.Select(p => p.Symbol).Concat(alsoPrice ?? []).Distinct().ToList();
        var quotes = await prices.ReadAsync(symbols, ct);
        return new AccountSnapshot(account, state, quotes.Quotes, clock.GetUtcNow())
        {
            PriceGeneration = quotes.Generation,
            PricesValidUntil = quotes.ValidUntil,
        };
    }

    /// <summary>
    /// One price read for a page of accounts (their ledgers loaded beforehand) instead of one per account: what each
    /// holds and targets. An account absent from <paramref name="ledgers"/> contributes its targets only.
    /// </summary>
    public async Task<PagePrices> ReadPricesAsync(IReadOnlyList<Account> accounts, IReadOnlyDictionary<string, Domain.Ledger.AccountLedger> ledgers, CancellationToken ct)
    {
        var symbols = new HashSet<string>(StringComparer.Ordinal);
        foreach (var account in accounts)
        {
            if (ledgers.TryGetValue(account.Id, out var ledger))
                foreach (var position in ledger.Positions) symbols.Add(position.Symbol);
            if (account.Targets is not null) symbols.UnionWith(account.Targets.TargetPercents.Keys);
        }
        var quotes = await prices.GetAsync(symbols, ct);
        var latest = new Dictionary<string, decimal>(quotes.Count, StringComparer.Ordinal);
        foreach (var (symbol, quote) in quotes) latest[symbol] = quote.Price;
        return new PagePrices(latest, clock.GetUtcNow());
    }
}
