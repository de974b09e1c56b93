using System.Text;
using Portfolio.Application.Ports;

namespace Portfolio.Application.Tests.Checkpoints;

/// <summary>Two stored states are equal when their account, version, format and text are, whether made from a string or from UTF-8.</summary>
public class StoredLedgerStateEqualityTests
{
    private const string State = """{"cash":"1.50","note":"dépôt"}""";

    [Fact]
    public void A_state_made_from_its_text_equals_one_made_from_its_utf8_bytes()
    {
        var fromText = new StoredLedgerState("acc_1", 7, 2, State);
        var fromBytes = new StoredLedgerState("acc_1", 7, 2, Encoding.UTF8.GetBytes(State));

        Assert.True(fromText.Equals(fromBytes));
        Assert.True(fromBytes.Equals(fromText));
        Assert.Equal(fromText.GetHashCode(), fromBytes.GetHashCode());
    }

    public static TheoryData<StoredLedgerState> OneFieldApart => new()
    {
        new StoredLedgerState("acc_2", 7, 2, State),
        new StoredLedgerState("acc_1", 8, 2, State),
        new StoredLedgerState("acc_1", 7, 1, State),
        new StoredLedgerState("acc_1", 7, 2, Encoding.UTF8.GetBytes(State.Replace("1.50", "1.5"))),
    };

    [Theory, MemberData(nameof(OneFieldApart))]
    public void States_one_field_apart_are_not_equal(StoredLedgerState other)
    {
        var state = new StoredLedgerState("acc_1", 7, 2, Encoding.UTF8.GetBytes(State));

        Assert.False(state.Equals(other));
        Assert.False(other.Equals(state));
    }

    [Fact]
    public void A_state_is_not_equal_to_nothing() =>
        Assert.False(new StoredLedgerState("acc_1", 7, 2, State).Equals(null));
}
