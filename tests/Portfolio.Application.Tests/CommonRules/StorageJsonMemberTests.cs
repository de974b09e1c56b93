using Portfolio.Application.Common;

namespace Portfolio.Application.Tests.CommonRules;

/// <summary>
/// Stored JSON leaves out exactly the derived members (get-only, no constructor parameter behind them), wherever they are
/// declared, and keeps every member that can be read back: constructor parameters and settable properties alike.
/// </summary>
public class StorageJsonMemberTests
{
    private sealed class DerivedFirst
    {
        public decimal Twice => Amount * 2;
        public decimal Amount { get; set; }
        public string? Note { get; init; }
    }

    private sealed record Positional(decimal Amount)
    {
        public decimal Twice => Amount * 2;
        public string? Note { get; init; }
    }

    [Fact]
    public void A_derived_member_declared_first_is_left_out_and_settable_members_are_kept_and_read_back()
    {
        var json = StorageJson.Serialize(new DerivedFirst { Amount = 1.5m, Note = "n" });

        Assert.Equal("""{"amount":"1.5","note":"n"}""", json);
        var back = StorageJson.Deserialize<DerivedFirst>(json);
        Assert.Equal((1.5m, "n"), (back.Amount, back.Note));
    }

    [Fact]
    public void A_record_keeps_its_parameters_and_init_members_and_leaves_out_its_computed_one()
    {
        Assert.Equal("""{"amount":"2","note":"n"}""", StorageJson.Serialize(new Positional(2m) { Note = "n" }));
    }
}
