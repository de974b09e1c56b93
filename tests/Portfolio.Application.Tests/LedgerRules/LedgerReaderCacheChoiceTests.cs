using Microsoft.Extensions.Logging.Abstractions;
using Portfolio.Application.Accounts;
using Portfolio.Application.Ledger;
using Portfolio.Application.Tests.Checkpoints;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests.LedgerRules;

/// <summary>
/// What the reader keeps and reuses: a state as new and as complete as the cached one does not replace it; new entries
/// that a cached state covers are booked onto it without reading the log again.
/// </summary>
public class LedgerReaderCacheChoiceTests
{
    private static readonly AccountSettings Settings = LedgerLogs.Taxable(LotMethod.Fifo);
    private static readonly Account Account = new("acc_r", "owner", "R", Settings, DateTimeOffset.UnixEpoch);

    private static List<LedgerEntry> Log(int count) =>
        Enumerable.Range(1, count)
            .Select(i => new LedgerEntry(Account.Id, i, new Deposit($"tx-{i}", new DateOnly(2024, 5, i), 100m), DateTimeOffset.UnixEpoch))
            .ToList();

    private static LedgerReader Reader(ListLedgerStore store) => new(store, new LedgerCheckpoints(NullLogger<LedgerCheckpoints>.Instance));

    [Fact]
    public void A_complete_state_of_the_cached_version_does_not_replace_the_cached_complete_one()
    {
        var reader = Reader(new ListLedgerStore([]));
        var first = LedgerState.Replay(Account.Id, Settings, Log(2));
        var second = LedgerState.Replay(Account.Id, Settings, Log(2));

        reader.Remember(first);
        reader.Remember(second);

        Assert.Same(first, reader.Cached(Account.Id));
    }

    [Fact]
    public async Task New_entries_a_cached_state_covers_are_booked_onto_it_without_reading_the_log()
    {
        var log = Log(3);
        var store = new ListLedgerStore(log);
        var reader = Reader(store);
        var cached = LedgerState.Replay(Account.Id, Settings, log.Take(2).ToList());

        var state = await reader.BookNewerAsync(Account, cached, log.Skip(2).ToList(), CancellationToken.None);

        Assert.NotNull(state);
        Assert.Equal((3L, 300m), (state.Version, state.Ledger.Cash));
        Assert.Equal(0, store.EntriesRead);
    }
}
