using Microsoft.Extensions.Logging;
using Portfolio.Application.Accounts;
using Portfolio.Application.Ledger;
using Portfolio.Application.Ports;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests.LedgerRules;

/// <summary>
/// Reading the stored compact states of a page of accounts: a row is used only if its format is one this reader knows,
/// its version positive, its account one that was asked for and its text readable (else a warning); a row read is known
/// stored, so it is not written again. Without a store nothing is read.
/// </summary>
public class LedgerStatesReadTests
{
    private static readonly AccountSettings Settings = LedgerLogs.Taxable(LotMethod.Fifo);
    private static readonly Account Account = new("acc_x", "owner", "X", Settings, DateTimeOffset.UnixEpoch);
    private static readonly CancellationToken Ct = CancellationToken.None;

    /// <summary>The compact state after 3 deposits of 100.</summary>
    private static string ThreeDeposits()
    {
        var state = LedgerState.Empty(Account.Id, Settings);
        for (var i = 1; i <= 3; i++)
            state = state.With(new LedgerEntry(Account.Id, i, new Deposit($"tx-{i}", new DateOnly(2024, 5, i), 100m), DateTimeOffset.UnixEpoch), out _);
        return LedgerCheckpointJson.SerializeCompact(state.Ledger);
    }

    private static LedgerStates States(ILedgerStateStore? store, CapturedLogs? logs = null) =>
        new(new LoggerFactory([logs ?? new CapturedLogs()]).CreateLogger<LedgerStates>(), store);

    [Fact]
    public async Task Without_a_state_store_no_account_has_a_stored_state()
    {
        var read = await States(store: null).ReadAsync([Account], Ct);

        Assert.Empty(read);
    }

    [Fact]
    public async Task A_readable_row_is_used_and_known_stored_so_it_is_not_written_again()
    {
        var store = new RowStore(new StoredLedgerState(Account.Id, 3, LedgerCheckpointJson.Format, ThreeDeposits()));
        var states = States(store);

        var read = await states.ReadAsync([Account], Ct);

        Assert.Equal((3L, 300m), (read[Account.Id].Version, read[Account.Id].Ledger.Cash));
        Assert.True(states.IsStored(Account.Id, 3));
    }

    [Fact]
    public async Task A_row_of_a_format_this_reader_does_not_know_is_not_used_nor_known_stored()
    {
        var states = States(new RowStore(new StoredLedgerState(Account.Id, 3, 99, ThreeDeposits())));

        var read = await states.ReadAsync([Account], Ct);

        Assert.Empty(read);
        Assert.False(states.IsStored(Account.Id, 3));
    }

    [Fact]
    public async Task A_row_of_version_zero_is_not_used()
    {
        var read = await States(new RowStore(new StoredLedgerState(Account.Id, 0, LedgerCheckpointJson.Format, ThreeDeposits()))).ReadAsync([Account], Ct);

        Assert.Empty(read);
    }

    [Fact]
    public async Task A_row_of_an_account_not_asked_for_is_ignored()
    {
        var store = new RowStore(new StoredLedgerState("acc_other", 3, LedgerCheckpointJson.Format, ThreeDeposits()));
        var states = States(store);

        var read = await states.ReadAsync([Account], Ct);

        Assert.Empty(read);
        Assert.False(states.IsStored("acc_other", 3));
    }

    [Fact]
    public async Task An_unreadable_row_is_ignored_with_a_warning_naming_the_account_and_version()
    {
        var logs = new CapturedLogs();
        var read = await States(new RowStore(new StoredLedgerState(Account.Id, 3, LedgerCheckpointJson.Format, "{\"cash\": ")), logs).ReadAsync([Account], Ct);

        Assert.Empty(read);
        var warning = Assert.Single(logs.AtLeast(LogLevel.Warning));
        Assert.Equal("Ignoring the unreadable ledger state of account acc_x at 3", warning.Message);
    }

    [Fact]
    public async Task A_row_version_beyond_int_range_fails_the_read_rather_than_being_wrapped()
    {
        // 2^32 + 3 would be read as a ledger of 3 booked transactions.
        var store = new RowStore(new StoredLedgerState(Account.Id, 4_294_967_299, LedgerCheckpointJson.Format, ThreeDeposits()));

        await Assert.ThrowsAsync<OverflowException>(() => States(store).ReadAsync([Account], Ct));
    }

    /// <summary>Answers every read with these rows, whichever accounts were asked for.</summary>
    private sealed class RowStore(params StoredLedgerState[] rows) : ILedgerStateStore
    {
        public Task SaveManyAsync(IReadOnlyList<StoredLedgerState> states, CancellationToken ct) => Task.CompletedTask;

        public Task<IReadOnlyDictionary<string, StoredLedgerState>> ReadManyAsync(IReadOnlyCollection<string> accountIds, CancellationToken ct) =>
            Task.FromResult<IReadOnlyDictionary<string, StoredLedgerState>>(rows.ToDictionary(r => r.AccountId));
    }
}
