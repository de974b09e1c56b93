using Portfolio.Application.Accounts;
using Portfolio.Application.Common;
using Portfolio.Application.Ledger;
using Portfolio.Application.Ports;
using Portfolio.Domain.Ledger;

namespace Portfolio.Application.Revaluation;

/// <summary>
/// The ledgers of a revaluation page, each at the account's latest version, read with few store calls: from the ledger
/// cache, else from the account's stored compact state (<see cref="LedgerStates"/>: one row instead of its log and its
/// replay), kept in memory afterwards. One log read for the page then tells which are current (no entry after their
/// version); an account behind its log is booked from the log by <see cref="LedgerReader"/>, and its compact state is
/// stored again by the page's writer. A ledger is thus always the replay of the account's whole log.
/// </summary>
public sealed class RevaluationLedgers(LedgerReader reader, ILedgerStore log, LedgerStates states)
{
    private readonly BoundedMap<(long Version, AccountLedger Ledger)> restored = new(LedgerReader.Capacity);

    /// <summary>A page's ledgers; an account whose log no longer replays is absent. <see cref="Unstored"/> lists those to store.</summary>
    public sealed record PageLedgers(IReadOnlyDictionary<string, AccountLedger> Ledgers, IReadOnlyList<(string AccountId, long Version, AccountLedger Ledger)> Unstored);

    /// <summary>Where a page's account was found before its log was read.</summary>
    private enum Source { Cached, Kept, StoredRow }

    public async Task<PageLedgers> LoadAsync(IReadOnlyList<Account> page, CancellationToken ct)
    {
        var known = new Dictionary<string, (long Version, AccountLedger Ledger, LedgerState? State, Source Source)>(page.Count, StringComparer.Ordinal);
        List<Account>? unknown = null;
        foreach (var account in page)
        {
            if (reader.Cached(account.Id) is { } state) known[account.Id] = (state.Version, state.Ledger, state, Source.Cached);
            else if (restored.TryGetValue(account.Id, out var kept)) known[account.Id] = (kept.Version, kept.Ledger, null, Source.Kept);
            else (unknown ??= []).Add(account);
        }
        if (unknown is not null)
            foreach (var (accountId, (version, ledger)) in await states.ReadAsync(unknown, ct)) known[accountId] = (version, ledger, null, Source.StoredRow);

        var after = new Dictionary<string, long>(page.Count, StringComparer.Ordinal);
        foreach (var account in page) after[account.Id] = known.TryGetValue(account.Id, out var k) ? k.Version : 0;
        var newer = await log.ReadAsync(after, ct);

        var ledgers = new Dictionary<string, AccountLedger>(page.Count, StringComparer.Ordinal);
        var unstored = new List<(string, long, AccountLedger)>();
        foreach (var account in page)
        {
            var found = known.TryGetValue(account.Id, out var k);
            if (!newer.TryGetValue(account.Id, out var entries))
            {
                if (!found) { ledgers[account.Id] = new AccountLedger(account.Settings); continue; }
                ledgers[account.Id] = k.Ledger;
                // A ledger kept from an earlier cycle is current as it is: nothing to write, in memory or in the store.
                if (k.Source == Source.StoredRow) restored.Set(account.Id, (k.Version, k.Ledger));
                else if (k.Source == Source.Cached && states.IsEnabled && !states.IsStored(account.Id, k.Version)) unstored.Add((account.Id, k.Version, k.Ledger));
                continue;
            }
            // Behind the log. A compact state cannot take the entries after it (its ids and older history are not held):
            // the log is read whole, or from the cached state when it is the one behind.
            var booked = k.State is not null ? await reader.BookNewerAsync(account, k.State, entries, ct)
                : found ? await reader.BookNewerAsync(account, null, await log.ReadAsync(account.Id, 0, ct), ct)
                : await reader.BookNewerAsync(account, null, entries, ct);
            if (booked is null) continue;
            restored.TryRemove(account.Id);
            ledgers[account.Id] = booked.Ledger;
            if (states.IsEnabled && !states.IsStored(account.Id, booked.Version)) unstored.Add((account.Id, booked.Version, booked.Ledger));
        }
        return new PageLedgers(ledgers, unstored);
    }
}
