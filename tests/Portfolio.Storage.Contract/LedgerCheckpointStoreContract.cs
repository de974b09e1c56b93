using System.Text;
using Portfolio.Application.Ports;

namespace Portfolio.Storage.Contract;

public abstract class LedgerCheckpointStoreContract(IStorageFixture fixture)
{
    private readonly CancellationToken _ct = CancellationToken.None;

    private static LedgerCheckpoint Checkpoint(string accountId, long sequence, string state, DateOnly? last = null) =>
        new(new LedgerCheckpointInfo(accountId, sequence, $"hash-{sequence}", last ?? new DateOnly(2024, 5, 17), 1), state);

    [ContractFact]
    public async Task A_saved_checkpoint_reads_back_exactly()
    {
        var account = TestData.NewId("acc");
        // Over 2 MB of text with escapes and non-ASCII characters: more than one Cosmos document can hold.
        var state = new StringBuilder();
        for (var i = 0; state.Length < 2_300_000; i++) state.Append($"{{\"quantity\":\"{i}.000100\",\"symbol\":\"Ä\\\"{i}\"}}\n");
        var saved = Checkpoint(account, 1000, state.ToString(), new DateOnly(2031, 12, 31));

        await fixture.Checkpoints.SaveAsync(saved, _ct);
        var read = await fixture.Checkpoints.ReadAsync(account, 1000, _ct);

        Assert.NotNull(read);
        Assert.Equal(saved.Info, read.Info);
        Assert.Equal(saved.State.Length, read.State.Length);
        Assert.True(saved.State == read.State, "the state text differs");
    }

    [ContractFact]
    public async Task Checkpoints_list_newest_first_and_only_the_newest_are_kept()
    {
        var account = TestData.NewId("acc");
        foreach (var sequence in new long[] { 1000, 3000, 2000 })
            await fixture.Checkpoints.SaveAsync(Checkpoint(account, sequence, $"state-{sequence}"), _ct);

        var listed = await fixture.Checkpoints.ListAsync(account, _ct);

        // Kept = 2: saving 2000 after 3000 keeps 3000 and 2000 and removes 1000.
        Assert.Equal(ILedgerCheckpointStore.Kept, listed.Count);
        Assert.Equal([3000L, 2000L], listed.Select(i => i.Sequence));
        Assert.Equal("hash-3000", listed[0].PrefixHash);
        Assert.Null(await fixture.Checkpoints.ReadAsync(account, 1000, _ct));
        Assert.Equal("state-2000", (await fixture.Checkpoints.ReadAsync(account, 2000, _ct))?.State);
    }

    [ContractFact]
    public async Task Saving_the_same_sequence_again_replaces_it()
    {
        var account = TestData.NewId("acc");
        await fixture.Checkpoints.SaveAsync(Checkpoint(account, 1000, "first"), _ct);

        await fixture.Checkpoints.SaveAsync(Checkpoint(account, 1000, "second", new DateOnly(2024, 6, 3)), _ct);

        var read = await fixture.Checkpoints.ReadAsync(account, 1000, _ct);
        Assert.Equal("second", read?.State);
        Assert.Equal(new DateOnly(2024, 6, 3), read?.Info.LastTradeDate);
        Assert.Single(await fixture.Checkpoints.ListAsync(account, _ct));
    }

    [ContractFact]
    public async Task A_checkpoint_without_a_last_trade_date_round_trips()
    {
        var account = TestData.NewId("acc");
        var saved = new LedgerCheckpoint(new LedgerCheckpointInfo(account, 2000, "h", null, 7), "{}");

        await fixture.Checkpoints.SaveAsync(saved, _ct);

        Assert.Equal(saved.Info, Assert.Single(await fixture.Checkpoints.ListAsync(account, _ct)));
        Assert.Equal(saved, await fixture.Checkpoints.ReadAsync(account, 2000, _ct));
    }

    [ContractFact]
    public async Task Checkpoints_of_other_accounts_are_not_seen()
    {
        var (first, second) = (TestData.NewId("acc"), TestData.NewId("acc"));
        await fixture.Checkpoints.SaveAsync(Checkpoint(first, 1000, "mine"), _ct);

        Assert.Empty(await fixture.Checkpoints.ListAsync(second, _ct));
        Assert.Null(await fixture.Checkpoints.ReadAsync(second, 1000, _ct));
        Assert.Null(await fixture.Checkpoints.ReadAsync(first, 2000, _ct));
    }
}
