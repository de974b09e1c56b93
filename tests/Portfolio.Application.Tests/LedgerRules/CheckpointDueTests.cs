using Microsoft.Extensions.Logging.Abstractions;
using Portfolio.Application.Ledger;
using Portfolio.Application.Tests.Checkpoints;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests.LedgerRules;

/// <summary>A checkpoint is due only at a version that is a positive multiple of the interval, whoever asks for it.</summary>
public class CheckpointDueTests
{
    private const int Interval = 4;
    private static readonly AccountSettings Usd = new(AccountType.Taxable, "USD", LotMethod.Fifo, TracksCash: false);

    [Fact]
    public async Task Saving_if_due_stores_nothing_at_version_0_nor_between_multiples_and_one_checkpoint_at_a_multiple()
    {
        var store = new ListCheckpointStore();
        var checkpoints = new LedgerCheckpoints(NullLogger<LedgerCheckpoints>.Instance, store, new LedgerCheckpointOptions { Interval = Interval });
        var state = LedgerState.Empty("acc_x", Usd, Interval);

        for (var version = 0; version <= Interval + 1; version++)
        {
            if (version > 0)
                state = state.With(new LedgerEntry("acc_x", version, new Deposit($"tx-{version}", new DateOnly(2024, 5, version), 1m), DateTimeOffset.UnixEpoch), out _);
            await checkpoints.SaveIfDueAsync(state, default);
        }

        Assert.Equal([("acc_x", (long)Interval)], store.Saved.Select(c => (c.Info.AccountId, c.Info.Sequence)));
    }
}
