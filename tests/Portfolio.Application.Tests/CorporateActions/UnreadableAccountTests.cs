using Portfolio.Application.Common;
using Portfolio.Application.CorporateActions;
using Portfolio.Application.Holdings;
using Portfolio.Application.Ledger;
using Portfolio.Application.Ports;
using Portfolio.Domain;
using Portfolio.Domain.Transactions;
using Portfolio.Application.Tests.Orders;

namespace Portfolio.Application.Tests.CorporateActions;

/// <summary>
/// An account whose stored log no longer replays (written before a rule existed, or by another process) is answered as
/// that account's problem, naming it and the rule, never as a failure of everyone: reads refuse it, a corporate action
/// reports it failed and books the other holders. An action that would take any holder beyond the supported ranges is
/// refused whole, before any account books it.
/// </summary>
public class UnreadableAccountTests
{
    private static readonly DateOnly May1 = new(2024, 5, 1), May10 = new(2024, 5, 10);
    private static readonly Caller Admin = new("root", IsAdmin: true);
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static Task<CorporateActionReport> SplitAsync(Harness app, decimal newShares, decimal oldShares) =>
        app.Get<CorporateActionService>().ApplyAsync(Admin,
            new CorporateActionRequest("AAPL", new Split("", May10, "AAPL", newShares, oldShares), $"split {newShares}:{oldShares}"), null, Ct);

    /// <summary>An account holding AAPL whose log, written straight into the store, then sells 5 MSFT it never held.</summary>
    private static async Task<Accounts.Account> BrokenAsync(Harness app)
    {
        var account = await app.AccountAsync();
        var store = app.Get<ILedgerStore>();
        await store.TryAppendAsync(new LedgerEntry(account.Id, 1, new Buy("tx_1", May1, "AAPL", 10, 100), app.Clock.GetUtcNow()), Ct);
        await store.TryAppendAsync(new LedgerEntry(account.Id, 2, new Sell("tx_2", May1, "MSFT", 5, 100), app.Clock.GetUtcNow()), Ct);
        return account;
    }

    [Fact]
    public async Task Reading_an_account_whose_log_no_longer_replays_names_the_account_and_the_rule()
    {
        await using var app = new Harness();
        var broken = await BrokenAsync(app);

        var refused = await Assert.ThrowsAsync<AccountStateException>(() => app.Get<HoldingsService>().PositionsAsync(app.Alice, broken.Id, Ct));

        Assert.Equal(broken.Id, refused.AccountId);
        Assert.StartsWith("quantity ", refused.Reason);
        Assert.Equal($"account state cannot be valued: {refused.Reason}", refused.Message);
        Assert.Equal(refused.Reason, $"{((LedgerRuleViolation)refused.InnerException!).Field} {((LedgerRuleViolation)refused.InnerException!).Reason}");
    }

    [Fact]
    public async Task A_corporate_action_reports_an_unreadable_holder_failed_and_books_the_others()
    {
        await using var app = new Harness();
        var holder = await app.AccountAsync();
        await app.RecordAsync(holder, id => new Buy(id, May1, "AAPL", 10, 100));
        var broken = await BrokenAsync(app);

        var report = await SplitAsync(app, 2, 1);

        Assert.Equal((1, 1), (report.AccountsApplied, report.Failed));
        var failed = Assert.Single(report.Outcomes, o => o.Status == "failed");
        Assert.Equal(broken.Id, failed.AccountId);
        Assert.StartsWith("account state cannot be valued: quantity ", failed.Reason);
        Assert.Equal(20m, await app.SharesAsync(holder));
        Assert.Equal(2, (await app.Get<ILedgerStore>().ReadAsync(broken.Id, 0, Ct)).Count);
    }

    [Fact]
    public async Task An_action_taking_any_holder_beyond_the_supported_ranges_is_refused_whole_naming_that_account()
    {
        await using var app = new Harness();
        var small = await app.AccountAsync();
        await app.RecordAsync(small, id => new Buy(id, May1, "AAPL", 1, 100));
        var large = await app.AccountAsync();
        await app.RecordAsync(large, id => new Buy(id, May1, "AAPL", 10_000_000, 0.01m));

        // A 1,000,000-for-1 split (the largest ratio accepted): 10^7 shares become 10^13, past the 10^12 a position may
        // hold; the small holder's one share would become 10^6, which is fine.
        var refused = await Assert.ThrowsAsync<LedgerRuleViolation>(() => SplitAsync(app, 1_000_000m, 1));

        Assert.StartsWith($"in account '{large.Id}': ", refused.Reason);
        Assert.Equal(1m, await app.SharesAsync(small));
        Assert.Equal(10_000_000m, await app.SharesAsync(large));
    }
}
