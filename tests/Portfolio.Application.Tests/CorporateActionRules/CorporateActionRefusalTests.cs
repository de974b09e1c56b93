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
    private static readonly DateOnly May1 = new(2024, 5, 1), May10 = new(2024, 5, 10);
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
}
