using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portfolio.Application.Common;
using Portfolio.Application.CorporateActions;
using Portfolio.Application.Ledger;
using Portfolio.Application.Ports;
using Portfolio.Domain;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests.CorporateActionRules;

/// <summary>A field beyond the supported ranges refused before any account is read; an unreadable holder logged for the operator.</summary>
public class CorporateActionRefusalTests
{
    private static readonly DateOnly May1 = new(2024, 5, 1), May2 = new(2024, 5, 2), May3 = new(2024, 5, 3), May10 = new(2024, 5, 10);
    private static readonly Caller Admin = new("root", IsAdmin: true);

    [Fact]
    public async Task A_cash_in_lieu_price_beyond_the_supported_range_is_refused_up_front_even_when_no_account_holds_the_symbol()
    {
        await using var app = new Harness();

        var refused = await Assert.ThrowsAsync<LedgerRuleViolation>(() => app.Get<CorporateActionService>().ApplyAsync(Admin,
            new CorporateActionRequest("AAPL", new Split("", May10, "AAPL", 1, 2, CashInLieuPrice: 2_000_000_000m), "reverse split"), "rs-1", default));

        Assert.Equal(("cashInLieuPrice", "must be at most 1000000000 per share, was 2000000000"), (refused.Field, refused.Reason));
    }

    [Fact]
    public async Task A_holder_whose_log_no_longer_replays_is_logged_as_a_warning_naming_the_account_and_the_rule()
    {
        var logs = new CapturedLogs();
        await using var app = new Harness(s => s.AddSingleton<ILoggerProvider>(logs));
        var broken = await app.AccountAsync();
        var store = app.Get<ILedgerStore>();
        await store.TryAppendAsync(new LedgerEntry(broken.Id, 1, new Buy("tx_1", May1, "AAPL", 10, 100), app.Clock.GetUtcNow()), default);
        await store.TryAppendAsync(new LedgerEntry(broken.Id, 2, new Sell("tx_2", May1, "MSFT", 5, 100), app.Clock.GetUtcNow()), default);

        var report = await app.Get<CorporateActionService>().ApplyAsync(Admin,
            new CorporateActionRequest("AAPL", new Split("", May10, "AAPL", 2, 1), "split 2:1"), "split-1", default);

        var reason = Assert.Single(report.Outcomes).Reason!["account state cannot be valued: ".Length..];
        var warning = Assert.Single(logs.AtLeast(LogLevel.Warning), e => e.Message.StartsWith("Corporate action cannot read", StringComparison.Ordinal));
        Assert.Equal((LogLevel.Warning, $"Corporate action cannot read {broken.Id}: {reason}"), (warning.Level, warning.Message));
        Assert.StartsWith("quantity ", reason);
    }

    [Fact]
    public async Task An_action_that_would_overflow_a_holders_stored_position_beyond_decimal_is_refused_whole_naming_that_account()
    {
        await using var app = new Harness();
        var small = await app.AccountAsync();
        await app.RecordAsync(small, id => new Buy(id, May1, "AAPL", 10, 100));
        var huge = await app.AccountAsync();
        var store = app.Get<ILedgerStore>();
        // Written straight into the store, as a version without the state bounds could have: 10^12 shares split
        // 1,000,000-for-1 twice are 10^24 shares; the log replays, so the account holds AAPL and is probed.
        await store.TryAppendAsync(new LedgerEntry(huge.Id, 1, new Buy("tx_1", May1, "AAPL", SupportedRanges.MaxQuantity, 0.001m), app.Clock.GetUtcNow()), default);
        await store.TryAppendAsync(new LedgerEntry(huge.Id, 2, new Split("tx_2", May2, "AAPL", 1_000_000m, 1), app.Clock.GetUtcNow()), default);
        await store.TryAppendAsync(new LedgerEntry(huge.Id, 3, new Split("tx_3", May3, "AAPL", 1_000_000m, 1), app.Clock.GetUtcNow()), default);

        // A 1,000,000-for-1 split: the small holder's 10 shares would become 10^7, fine; the huge holder's 10^24 would be
        // 10^30, past decimal's 7.9 × 10^28. Its plain booking throws OverflowException, which is a matter of the
        // supported ranges, not an accounting rule of that account: the whole action is refused before anyone books it.
        var refused = await Assert.ThrowsAsync<LedgerRuleViolation>(() => app.Get<CorporateActionService>().ApplyAsync(Admin,
            new CorporateActionRequest("AAPL", new Split("", May10, "AAPL", 1_000_000m, 1), "split 1000000:1"), "split-huge", default));

        Assert.Equal(("newShares", $"in account '{huge.Id}': would take the account's quantities or amounts beyond the supported ranges"),
            (refused.Field, refused.Reason));
        Assert.Single(await store.ReadAsync(small.Id, 0, default));
        Assert.Equal(3, (await store.ReadAsync(huge.Id, 0, default)).Count);
    }
}
