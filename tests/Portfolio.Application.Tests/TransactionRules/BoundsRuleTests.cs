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
    private static readonly DateOnly May1 = new(2024, 5, 1), May2 = new(2024, 5, 2), May3 = new(2024, 5, 3), May10 = new(2024, 5, 10);

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

    [Fact]
    public async Task A_split_that_would_overflow_a_stored_position_beyond_decimal_is_refused_on_its_ratio_and_not_booked()
    {
        await using var app = new Harness();
        var account = await app.AccountAsync();
        var store = app.Get<ILedgerStore>();
        // Written straight into the store, as a version without the state bounds could have: each entry is within the
        // request bounds, but 10^12 shares split 1,000,000-for-1 twice are 10^24 shares, which the log replays.
        await store.TryAppendAsync(new LedgerEntry(account.Id, 1, new Buy("tx_1", May1, "AAPL", SupportedRanges.MaxQuantity, 0.001m), app.Clock.GetUtcNow()), default);
        await store.TryAppendAsync(new LedgerEntry(account.Id, 2, new Split("tx_2", May2, "AAPL", 1_000_000m, 1), app.Clock.GetUtcNow()), default);
        await store.TryAppendAsync(new LedgerEntry(account.Id, 3, new Split("tx_3", May3, "AAPL", 1_000_000m, 1), app.Clock.GetUtcNow()), default);

        // One more 1,000,000-for-1 split (the largest ratio accepted): 10^24 × 10^6 = 10^30 shares, past decimal's
        // 7.9 × 10^28, so booking it throws OverflowException before any state bound can be checked.
        var refused = await Assert.ThrowsAsync<LedgerRuleViolation>(() => app.RecordAsync(account, id => new Split(id, May10, "AAPL", 1_000_000m, 1)));

        Assert.Equal(("newShares", "would take the account's quantities or amounts beyond the supported ranges"), (refused.Field, refused.Reason));
        Assert.Equal(3, (await store.ReadAsync(account.Id, 0, default)).Count);
    }
}
