using Portfolio.Application.Common;
using Portfolio.Application.CorporateActions;
using Portfolio.Application.Tests.Orders;
using Portfolio.Domain;
using Portfolio.Domain.Transactions;
using static Portfolio.Application.Tests.Orders.OrderDesk;

namespace Portfolio.Application.Tests.CorporateActions;

/// <summary>Corporate actions booked in every account that holds the symbol on the effective date, once.</summary>
public class CorporateActionTests
{
    private static readonly DateOnly May1 = new(2024, 5, 1), May10 = new(2024, 5, 10), May20 = new(2024, 5, 20);
    private static readonly Caller Admin = new("root", IsAdmin: true);

    private static Task<CorporateActionReport> SplitAsync(Harness app, decimal newShares, decimal oldShares, DateOnly on, string? key = "split-1", Caller? caller = null) =>
        app.Get<CorporateActionService>().ApplyAsync(caller ?? Admin,
            new CorporateActionRequest("AAPL", new Split("", on, "AAPL", newShares, oldShares), $"split {newShares}:{oldShares} {on:yyyy-MM-dd}"), key, default);

    [Fact]
    public async Task A_split_is_booked_once_in_each_account_holding_the_symbol_on_its_effective_date()
    {
        await using var app = new Harness();
        var holder = await app.AccountAsync();
        await app.RecordAsync(holder, id => new Buy(id, May1, "AAPL", 10, 100));
        var laterBuyer = await app.AccountAsync();
        await app.RecordAsync(laterBuyer, id => new Buy(id, May20, "AAPL", 10, 100));
        var soldOut = await app.AccountAsync();
        await app.RecordAsync(soldOut, id => new Buy(id, May1, "AAPL", 10, 100));
        await app.RecordAsync(soldOut, id => new Sell(id, May1, "AAPL", 10, 100));
        var other = await app.AccountAsync();
        await app.RecordAsync(other, id => new Buy(id, May1, "MSFT", 10, 100));

        var report = await SplitAsync(app, 4, 1, May10);
        var again = await SplitAsync(app, 4, 1, May10);

        Assert.Equal((Hashing.DeterministicId("ca_", "split-1"), 1, 0, 0), (report.ActionId, report.AccountsApplied, report.AlreadyApplied, report.Failed));
        Assert.Equal([(holder.Id, "applied", (string?)null)], report.Outcomes.Select(o => (o.AccountId, o.Status, o.Reason)));
        Assert.Equal((0, 1, 0), (again.AccountsApplied, again.AlreadyApplied, again.Failed));
        Assert.Equal(40m, await app.SharesAsync(holder));
        Assert.Equal(2, (await app.BookedAsync(holder)).Count(t => t is not Deposit));
        Assert.Equal(10m, await app.SharesAsync(laterBuyer));
        Assert.Equal(0m, await app.SharesAsync(soldOut));
        Assert.Equal(2, (await app.BookedAsync(soldOut)).Count);
    }

    [Fact]
    public async Task An_account_the_back_dated_action_would_break_fails_alone_and_keeps_its_log()
    {
        await using var app = new Harness();
        var seller = await app.AccountAsync();
        await app.RecordAsync(seller, id => new Buy(id, May1, "AAPL", 10, 100));
        await app.RecordAsync(seller, id => new Sell(id, May20, "AAPL", 10, 110)); // after a 1-for-2 split only 5 are held
        var holder = await app.AccountAsync();
        await app.RecordAsync(holder, id => new Buy(id, May1, "AAPL", 10, 100));

        var report = await SplitAsync(app, 1, 2, May10, key: null);

        Assert.Equal((Hashing.DeterministicId("ca_", "split 1:2 2024-05-10"), 1, 0, 1), (report.ActionId, report.AccountsApplied, report.AlreadyApplied, report.Failed));
        var failed = Assert.Single(report.Outcomes, o => o.Status == "failed");
        Assert.Equal(seller.Id, failed.AccountId);
        Assert.False(string.IsNullOrEmpty(failed.Reason));
        Assert.Equal(2, (await app.BookedAsync(seller)).Count);
        Assert.Equal(5m, await app.SharesAsync(holder));
    }

    [Fact]
    public async Task Only_an_admin_may_book_an_action_and_never_one_dated_after_today()
    {
        await using var app = new Harness();
        await Assert.ThrowsAsync<ForbiddenException>(() => SplitAsync(app, 2, 1, May10, caller: app.Alice));
        var future = await Assert.ThrowsAsync<LedgerRuleViolation>(() => SplitAsync(app, 2, 1, June3.AddDays(1)));
        Assert.Equal(("tradeDate", "2024-06-04 is in the future (today is 2024-06-03 in New York)"), (future.Field, future.Reason));
        Assert.Equal(0, (await SplitAsync(app, 2, 1, June3)).AccountsApplied); // today is allowed; nobody holds AAPL
        await Assert.ThrowsAsync<LedgerRuleViolation>(() => SplitAsync(app, 0, 1, May10, key: "bad"));
    }
}
