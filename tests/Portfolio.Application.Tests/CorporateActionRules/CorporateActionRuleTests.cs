using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portfolio.Application.Common;
using Portfolio.Application.CorporateActions;
using Portfolio.Application.Tests.Orders;
using Portfolio.Domain;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests.CorporateActionRules;

/// <summary>Who holds the symbol on the effective date, what is refused up front, and what an operator reads.</summary>
public class CorporateActionRuleTests
{
    private static readonly DateOnly May1 = new(2024, 5, 1), May10 = new(2024, 5, 10), May20 = new(2024, 5, 20);
    private static readonly Caller Admin = new("root", IsAdmin: true);

    private static Task<CorporateActionReport> SplitAsync(Harness app, decimal newShares, decimal oldShares, DateOnly on, string? key) =>
        app.Get<CorporateActionService>().ApplyAsync(Admin,
            new CorporateActionRequest("AAPL", new Split("", on, "AAPL", newShares, oldShares), $"split {newShares}:{oldShares} {on:yyyy-MM-dd}"), key, default);

    [Fact]
    public async Task An_account_that_bought_on_the_effective_date_holds_the_symbol_then_and_gets_the_split()
    {
        await using var app = new Harness();
        var sameDayBuyer = await app.AccountAsync();
        await app.RecordAsync(sameDayBuyer, id => new Buy(id, May10, "AAPL", 10, 100));

        var report = await SplitAsync(app, 4, 1, May10, "split-1");

        Assert.Equal((1, 0, 0), (report.AccountsApplied, report.AlreadyApplied, report.Failed));
        Assert.Equal(40m, await app.SharesAsync(sameDayBuyer));
    }

    [Fact]
    public async Task A_ratio_beyond_the_supported_range_is_refused_up_front_even_when_no_account_holds_the_symbol()
    {
        await using var app = new Harness();

        var refused = await Assert.ThrowsAsync<LedgerRuleViolation>(() => SplitAsync(app, 1_000_000_000_000_000m, 1, May10, "split-1"));

        Assert.Equal("newShares", refused.Field);
    }

    [Fact]
    public async Task An_account_the_action_cannot_be_booked_in_is_logged_as_a_warning_naming_the_action_the_account_and_the_reason()
    {
        var logs = new CapturedLogs();
        await using var app = new Harness(s => s.AddSingleton<ILoggerProvider>(logs));
        var seller = await app.AccountAsync();
        await app.RecordAsync(seller, id => new Buy(id, May1, "AAPL", 10, 100));
        await app.RecordAsync(seller, id => new Sell(id, May20, "AAPL", 10, 110)); // after a 1-for-2 split only 5 are held

        var report = await SplitAsync(app, 1, 2, May10, "split-1");

        var failed = Assert.Single(report.Outcomes);
        var warning = Assert.Single(logs.AtLeast(LogLevel.Warning), e => e.Category.EndsWith(nameof(CorporateActionService)));
        Assert.Equal($"Corporate action {report.ActionId} not booked in {seller.Id}: {failed.Reason}", warning.Message);
    }
}
