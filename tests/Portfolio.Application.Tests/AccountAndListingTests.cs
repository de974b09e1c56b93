using Portfolio.Application.Accounts;
using Portfolio.Application.Common;
using Portfolio.Application.Ledger;
using Portfolio.Application.Ports;
using Portfolio.Application.Transactions;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests;

/// <summary>
/// Opening an account (its currency, a retry under the same idempotency key, someone else's account), listing a log a
/// page at a time, and loading many accounts in one store call (a revaluation page).
/// </summary>
public class AccountAndListingTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly AccountSettings Usd = new(AccountType.Taxable, "USD", LotMethod.Fifo, TracksCash: false);

    [Theory]
    [InlineData("usd")]
    [InlineData("US")]
    [InlineData("USDX")]
    [InlineData(" ")]
    public async Task A_currency_that_is_not_three_capital_letters_is_refused_naming_the_field(string currency)
    {
        await using var app = new Harness();

        var refused = await Assert.ThrowsAsync<InvalidRequestException>(() => app.Get<AccountService>().CreateAsync(app.Alice,
            new CreateAccountRequest("Brokerage", Usd with { Currency = currency }, null, "h"), Ct));

        Assert.Equal(("currency", "must be a three-letter ISO 4217 code such as USD"), (refused.Field, refused.Reason));
        Assert.Empty(await app.Get<AccountService>().ListAsync(app.Alice, Ct));
    }

    [Fact]
    public async Task A_retry_under_the_same_key_answers_the_account_it_created_and_another_request_under_it_is_a_conflict()
    {
        await using var app = new Harness();
        var service = app.Get<AccountService>();

        var created = await service.CreateAsync(app.Alice, new CreateAccountRequest("Brokerage", Usd, "key-1", "hash-1"), Ct);
        var retried = await service.CreateAsync(app.Alice, new CreateAccountRequest("Brokerage", Usd, "key-1", "hash-1"), Ct);
        var conflict = await Assert.ThrowsAsync<ConflictException>(() =>
            service.CreateAsync(app.Alice, new CreateAccountRequest("Other", Usd, "key-1", "hash-2"), Ct));

        Assert.True(created.Created);
        Assert.False(retried.Created);
        Assert.Equal(created.Account.Id, retried.Account.Id);
        Assert.Equal(("Idempotency-Key", "this key was already used for a different request"), (conflict.Field, conflict.Message));
        Assert.Equal([created.Account.Id], (await service.ListAsync(app.Alice, Ct)).Select(a => a.Id));
        // The same key of another user is another account.
        var bobs = await service.CreateAsync(new Caller("bob"), new CreateAccountRequest("Brokerage", Usd, "key-1", "hash-1"), Ct);
        Assert.True(bobs.Created);
        Assert.NotEqual(created.Account.Id, bobs.Account.Id);
    }

    [Theory]
    [InlineData("acc_../../etc")]
    [InlineData("")]
    public async Task Another_users_account_and_an_id_that_cannot_be_one_are_both_not_found(string malformed)
    {
        await using var app = new Harness();
        var account = await app.AccountAsync(Usd);
        var service = app.Get<AccountService>();

        Assert.Equal(account.Id, (await service.GetAsync(app.Alice, account.Id, Ct)).Id);
        Assert.Equal("account", (await Assert.ThrowsAsync<NotFoundException>(() => service.GetAsync(new Caller("bob"), account.Id, Ct))).Resource);
        Assert.Equal("account", (await Assert.ThrowsAsync<NotFoundException>(() => service.GetAsync(app.Alice, malformed, Ct))).Resource);
        Assert.Equal("account", (await Assert.ThrowsAsync<NotFoundException>(() => service.GetAsync(app.Alice, new string('a', 101), Ct))).Resource);
    }

    [Fact]
    public async Task A_log_is_listed_by_trade_date_a_page_at_a_time_and_a_page_past_the_end_is_empty()
    {
        await using var app = new Harness();
        var account = await app.AccountAsync(Usd);
        // Recorded out of date order: the list is by trade date.
        foreach (var day in new[] { 20, 3, 11, 7, 28 })
            await app.RecordAsync(account, id => new Buy(id, new DateOnly(2024, 5, day), "AAPL", 1, day));
        var service = app.Get<TransactionService>();

        var second = await service.ListAsync(app.Alice, account.Id, page: 2, pageSize: 2, Ct);
        var last = await service.ListAsync(app.Alice, account.Id, page: 3, pageSize: 2, Ct);
        var past = await service.ListAsync(app.Alice, account.Id, page: int.MaxValue, pageSize: 500, Ct);

        Assert.Equal([11, 20], second.Items.Select(e => e.Transaction.TradeDate.Day));
        Assert.Equal((2, 2, 5), (second.Page, second.PageSize, second.Total));
        Assert.Equal([28], last.Items.Select(e => e.Transaction.TradeDate.Day));
        Assert.Empty(past.Items); // not the first page again: (int.MaxValue − 1) × 500 does not wrap
        Assert.Equal(5, past.Total);
    }

    [Theory]
    [InlineData(0, 10, "page", "must be 1 or more")]
    [InlineData(1, 0, "pageSize", "must be between 1 and 500")]
    [InlineData(1, 501, "pageSize", "must be between 1 and 500")]
    public async Task A_page_or_page_size_out_of_range_is_refused_naming_it(int page, int pageSize, string field, string reason)
    {
        await using var app = new Harness();
        var account = await app.AccountAsync(Usd);

        var refused = await Assert.ThrowsAsync<InvalidRequestException>(() => app.Get<TransactionService>().ListAsync(app.Alice, account.Id, page, pageSize, Ct));

        Assert.Equal((field, reason), (refused.Field, refused.Reason));
    }

    [Fact]
    public async Task Loading_many_accounts_answers_each_ones_ledger_an_empty_one_for_no_log_and_leaves_out_a_log_that_no_longer_replays()
    {
        await using var app = new Harness();
        var withLog = await app.AccountAsync(Usd);
        var empty = await app.AccountAsync(Usd);
        var broken = await app.AccountAsync(Usd);
        await app.RecordAsync(withLog, id => new Buy(id, new DateOnly(2024, 5, 1), "AAPL", 10, 100));
        var store = app.Get<ILedgerStore>();
        // Written straight into the store (as another process could have): a sale of shares the account never held.
        await store.TryAppendAsync(new LedgerEntry(broken.Id, 1, new Sell("tx_bad", new DateOnly(2024, 5, 2), "AAPL", 5, 100), app.Clock.GetUtcNow()), Ct);
        var reader = new LedgerReader(store, app.Get<LedgerCheckpoints>());

        var states = await reader.LoadAsync([withLog, empty, broken], Ct);

        Assert.Equal(new[] { withLog.Id, empty.Id }.Order(StringComparer.Ordinal), states.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((1L, 10m), (states[withLog.Id].Version, states[withLog.Id].Ledger.PositionOf("AAPL")!.Quantity));
        Assert.Equal((0L, 0), (states[empty.Id].Version, states[empty.Id].Ledger.Positions.Count));
        // A later write is read on the next page load, from the cached state on.
        await store.TryAppendAsync(new LedgerEntry(withLog.Id, 2, new Buy("tx_more", new DateOnly(2024, 5, 3), "AAPL", 5, 110), app.Clock.GetUtcNow()), Ct);
        var again = await reader.LoadAsync([withLog, empty], Ct);
        Assert.Equal((2L, 15m), (again[withLog.Id].Version, again[withLog.Id].Ledger.PositionOf("AAPL")!.Quantity));
    }
}
