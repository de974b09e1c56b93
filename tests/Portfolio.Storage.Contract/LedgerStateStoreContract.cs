using Portfolio.Application.Ports;

namespace Portfolio.Storage.Contract;

public abstract class LedgerStateStoreContract(IStorageFixture fixture)
{
    private readonly CancellationToken _ct = CancellationToken.None;

    [ContractFact]
    public async Task Saved_states_read_back_exactly_and_an_account_without_one_is_absent()
    {
        var (first, second, none) = (TestData.NewId("acc"), TestData.NewId("acc"), TestData.NewId("acc"));
        // Quotes, backslashes and non-ASCII text survive the multi-row write.
        var states = new[]
        {
            new StoredLedgerState(first, 10, 2, "{\"cash\":\"1.50\",\"lots\":[{\"symbol\":\"Ä\\\"B\"}]}"),
            new StoredLedgerState(second, 3, 2, "{}"),
        };

        await fixture.States.SaveManyAsync(states, _ct);
        var read = await fixture.States.ReadManyAsync([first, second, none], _ct);

        Assert.Equal(2, read.Count);
        Assert.Equal(states[0], read[first]);
        Assert.Equal(states[1], read[second]);
        Assert.False(read.ContainsKey(none));
    }

    [ContractFact]
    public async Task A_later_version_replaces_the_state_and_an_earlier_or_equal_one_does_not()
    {
        var account = TestData.NewId("acc");
        await fixture.States.SaveManyAsync([new StoredLedgerState(account, 5, 2, "five")], _ct);

        await fixture.States.SaveManyAsync([new StoredLedgerState(account, 7, 2, "seven")], _ct);
        await fixture.States.SaveManyAsync([new StoredLedgerState(account, 6, 2, "six")], _ct);
        await fixture.States.SaveManyAsync([new StoredLedgerState(account, 7, 2, "seven again")], _ct);

        Assert.Equal(new StoredLedgerState(account, 7, 2, "seven"), (await fixture.States.ReadManyAsync([account], _ct))[account]);
    }

    [ContractFact]
    public async Task The_same_version_in_another_format_replaces_the_state()
    {
        var account = TestData.NewId("acc");
        await fixture.States.SaveManyAsync([new StoredLedgerState(account, 5, 1, "old format")], _ct);

        await fixture.States.SaveManyAsync([new StoredLedgerState(account, 5, 2, "new format")], _ct);

        Assert.Equal(new StoredLedgerState(account, 5, 2, "new format"), (await fixture.States.ReadManyAsync([account], _ct))[account]);
    }

    [ContractFact]
    public async Task Saving_or_reading_no_states_changes_nothing()
    {
        await fixture.States.SaveManyAsync([], _ct);

        Assert.Empty(await fixture.States.ReadManyAsync([], _ct));
    }
}
