using Portfolio.Application.Ledger;
using Portfolio.Application.Ports;
using Portfolio.Domain;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests.TransactionRules;

/// <summary>
/// A write is held to the supported ranges twice: its own fields before the account is read, then the position and cash
/// it would leave; either refusal names the field and books nothing.
/// </summary>
public class BoundsRuleTests
{
    private static readonly DateOnly May1 = new(2024, 5, 1);

    [Fact]
    public async Task A_sale_priced_beyond_the_supported_range_is_refused_on_its_price_before_what_the_account_holds_is_looked_at()
    {
        await using var app = new Harness();
        var account = await app.AccountAsync();

        var refused = await Assert.ThrowsAsync<LedgerRuleViolation>(() => app.RecordAsync(account, id => new Sell(id, May1, "AAPL", 1, 2_000_000_000m)));

        Assert.Equal(("price", "must be at most 1000000000 per share, was 2000000000"), (refused.Field, refused.Reason));
    }

    [Fact]
    public async Task A_buy_that_would_make_a_position_larger_than_the_supported_quantity_is_refused_and_not_booked()
    {
        await using var app = new Harness();
        var account = await app.AccountAsync();
        await app.RecordAsync(account, id => new Buy(id, May1, "AAPL", SupportedRanges.MaxQuantity, 0.001m));

        var refused = await Assert.ThrowsAsync<LedgerRuleViolation>(() => app.RecordAsync(account, id => new Buy(id, May1, "AAPL", 1, 0.001m)));

        Assert.Equal(("quantity", "would make the AAPL position 1000000000001 shares, beyond the supported 1000000000000"), (refused.Field, refused.Reason));
        Assert.Single(await app.Get<ILedgerStore>().ReadAsync(account.Id, 0, default));
    }
}
