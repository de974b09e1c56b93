using Portfolio.Application.Ledger;
using Portfolio.Application.Ports;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests.LedgerRules;

/// <summary>What the ledger reader keeps of each account: the state it last loaded, never an older or less complete one.</summary>
public class LedgerCacheTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly AccountSettings Usd = new(AccountType.Taxable, "USD", LotMethod.Fifo, TracksCash: false);

    private static Harness IntervalTwo() => Harness.WithCheckpointInterval(2);

    [Fact]
    public async Task A_state_loaded_cold_from_a_checkpoint_then_brought_up_to_date_then_loaded_whole_is_kept_each_time()
    {
        await using var app = IntervalTwo();
        var account = await app.AccountAsync(Usd);
        for (var day = 1; day <= 3; day++) await app.RecordAsync(account, id => new Buy(id, new DateOnly(2024, 5, day), "AAPL", 1, 100m + day));
        await app.Get<LedgerCheckpoints>().LastSave; // the checkpoint at entry 2
        var reader = new LedgerReader(app.Get<ILedgerStore>(), app.Get<LedgerCheckpoints>());
        Assert.Null(reader.Cached(account.Id));

        await reader.LoadLedgerAsync(account, Ct);
        Assert.Equal((3L, false), (reader.Cached(account.Id)!.Version, reader.Cached(account.Id)!.IsComplete));

        await app.RecordAsync(account, id => new Buy(id, new DateOnly(2024, 5, 4), "AAPL", 1, 104m));
        await reader.LoadLedgerAsync(account, Ct);
        Assert.Equal((4L, false), (reader.Cached(account.Id)!.Version, reader.Cached(account.Id)!.IsComplete));

        await reader.LoadAsync(account, Ct);
        Assert.Equal((4L, true), (reader.Cached(account.Id)!.Version, reader.Cached(account.Id)!.IsComplete));
    }

    [Fact]
    public async Task Remembering_keeps_the_newer_state_and_of_two_of_the_same_version_the_complete_one()
    {
        await using var app = IntervalTwo();
        var account = await app.AccountAsync(Usd);
        for (var day = 1; day <= 3; day++) await app.RecordAsync(account, id => new Buy(id, new DateOnly(2024, 5, day), "AAPL", 1, 100m + day));
        await app.Get<LedgerCheckpoints>().LastSave;
        var entries = await app.Get<ILedgerStore>().ReadAsync(account.Id, 0, Ct);
        var two = LedgerState.Replay(account.Id, Usd, entries.Take(2).ToList(), 2);
        var three = LedgerState.Replay(account.Id, Usd, entries, 2);
        var partialThree = await new LedgerReader(app.Get<ILedgerStore>(), app.Get<LedgerCheckpoints>()).LoadLedgerAsync(account, Ct);
        Assert.Equal((3L, false), (partialThree.Version, partialThree.IsComplete));
        var reader = new LedgerReader(app.Get<ILedgerStore>(), app.Get<LedgerCheckpoints>());

        reader.Remember(three);
        reader.Remember(two);
        Assert.Same(three, reader.Cached(account.Id));
        reader.Remember(partialThree);
        Assert.Same(three, reader.Cached(account.Id));

        var other = new LedgerReader(app.Get<ILedgerStore>(), app.Get<LedgerCheckpoints>());
        other.Remember(two);
        other.Remember(partialThree);
        Assert.Same(partialThree, other.Cached(account.Id));
        other.Remember(three);
        Assert.Same(three, other.Cached(account.Id));
    }
}
