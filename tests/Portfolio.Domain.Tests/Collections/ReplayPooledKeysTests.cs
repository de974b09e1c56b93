using System.Buffers;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Collections;
using Portfolio.Domain.Ledger;
using Portfolio.Domain.Transactions;

namespace Portfolio.Domain.Tests.Collections;

/// <summary>
/// A replay sorts its ids' keys in an array borrowed from the shared pool, which may still hold another replay's keys:
/// a transaction refused before its id is taken (a blank id) is refused for that, never for what the array held.
/// </summary>
public class ReplayPooledKeysTests
{
    [Fact]
    public void A_blank_id_in_a_replayed_log_is_refused_as_blank_whatever_the_pooled_array_held()
    {
        var settings = new AccountSettings(AccountType.Taxable, "USD", LotMethod.Fifo, TracksCash: true);
        var day = new DateOnly(2024, 5, 1);
        Transaction[] log = [new Deposit("A", day, 100m), new Deposit(" ", day, 5m)];
        // On this thread the next rent of this size is the array returned last: leave in it the key of "A" at index 0
        // where the blank id's key would go.
        var pooled = ArrayPool<ulong>.Shared.Rent(log.Length);
        pooled[1] = RepeatedIds.Key("A", 0);
        ArrayPool<ulong>.Shared.Return(pooled);

        var refused = Assert.Throws<LedgerRuleViolation>(() => AccountLedger.Replay(settings, log));

        Assert.Equal(("id", "a transaction needs an id"), (refused.Field, refused.Reason));
    }
}
