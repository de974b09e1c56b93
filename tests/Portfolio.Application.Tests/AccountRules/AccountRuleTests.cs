using Microsoft.Extensions.DependencyInjection;
using Portfolio.Application.Accounts;
using Portfolio.Application.Common;
using Portfolio.Application.Ports;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Transactions;
using Portfolio.Application.Tests.Races;
using Portfolio.Storage.Sqlite;

namespace Portfolio.Application.Tests.AccountRules;

/// <summary>What an account creation refuses (the field and the reason) and what it answers (the created flag, the id).</summary>
public class AccountRuleTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly AccountSettings Usd = new(AccountType.Taxable, "USD", LotMethod.Fifo, TracksCash: false);
    private static readonly AccountSettings UsdCash = Usd with { TracksCash = true };

    private static async Task<InvalidRequestException> RefusedAsync(Harness app, string name, AccountSettings settings)
    {
        var refused = await Assert.ThrowsAsync<InvalidRequestException>(() =>
            app.Get<AccountService>().CreateAsync(app.Alice, new CreateAccountRequest(name, settings, null, "h"), Ct));
        Assert.Empty(await app.Get<AccountService>().ListAsync(app.Alice, Ct));
        return refused;
    }

    [Fact]
    public async Task A_blank_name_and_a_name_of_201_characters_are_refused_naming_the_field()
    {
        await using var app = new Harness();

        var blank = await RefusedAsync(app, "  ", Usd);
        var tooLong = await RefusedAsync(app, new string('n', 201), Usd);

        Assert.Equal(("name", "is required"), (blank.Field, blank.Reason));
        Assert.Equal(("name", "is longer than 200 characters"), (tooLong.Field, tooLong.Reason));
    }

    [Fact]
    public async Task A_name_of_exactly_200_characters_is_accepted()
    {
        await using var app = new Harness();
        var name = new string('n', 200);

        var created = await app.Get<AccountService>().CreateAsync(app.Alice, new CreateAccountRequest(name, Usd, null, "h"), Ct);

        Assert.Equal(name, (await app.Get<AccountService>().GetAsync(app.Alice, created.Account.Id, Ct)).Name);
    }

    [Fact]
    public async Task A_currency_with_one_lower_case_letter_is_refused()
    {
        await using var app = new Harness();

        var refused = await RefusedAsync(app, "Brokerage", Usd with { Currency = "UsD" });

        Assert.Equal(("currency", "must be a three-letter ISO 4217 code such as USD"), (refused.Field, refused.Reason));
    }

    [Theory]
    [InlineData("-0.01", "must not be negative, was -0.01")]
    [InlineData("1000000000000.000001", "must be at most 1000000000000, was 1000000000000.000001")]
    [InlineData("0.0000001", "has more than 6 decimal places")]
    [InlineData("0.1234567", "has more than 6 decimal places")]
    public async Task A_margin_allowance_out_of_range_or_finer_than_six_decimals_is_refused_saying_why(string allowance, string reason)
    {
        await using var app = new Harness();

        var refused = await RefusedAsync(app, "Margin", UsdCash with { MarginAllowance = decimal.Parse(allowance, System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Equal(("marginAllowance", reason), (refused.Field, refused.Reason));
    }

    [Theory]
    [InlineData("1000000000000")] // exactly the largest magnitude
    [InlineData("2.5000000000")] // ten decimals written, one significant
    [InlineData("0.123456")] // six significant decimals
    [InlineData("0.1234560")] // seven written, six significant
    public async Task A_margin_allowance_at_the_largest_magnitude_or_with_trailing_zeros_is_accepted(string allowance)
    {
        await using var app = new Harness();
        var value = decimal.Parse(allowance, System.Globalization.CultureInfo.InvariantCulture);

        var created = await app.Get<AccountService>().CreateAsync(app.Alice, new CreateAccountRequest("Margin", UsdCash with { MarginAllowance = value }, null, "h"), Ct);

        Assert.True(created.Created);
        Assert.Equal(value, created.Account.Settings.MarginAllowance);
    }

    [Fact]
    public async Task A_margin_allowance_on_an_account_that_does_not_track_cash_is_refused()
    {
        await using var app = new Harness();

        var refused = await RefusedAsync(app, "Margin", Usd with { MarginAllowance = 100m });

        Assert.Equal(("marginAllowance", "applies only to an account that tracks cash"), (refused.Field, refused.Reason));
    }

    [Fact]
    public async Task An_account_created_without_a_key_is_created_with_acc_and_32_hex_digits_and_one_with_a_key_with_acc_too()
    {
        await using var app = new Harness();
        var service = app.Get<AccountService>();

        var unkeyed = await service.CreateAsync(app.Alice, new CreateAccountRequest(" Brokerage ", Usd, null, "h"), Ct);
        var keyed = await service.CreateAsync(app.Alice, new CreateAccountRequest("Keyed", Usd, "k-1", "h"), Ct);

        Assert.True(unkeyed.Created);
        Assert.Matches("^acc_[0-9a-f]{32}$", unkeyed.Account.Id);
        Assert.Equal("Brokerage", unkeyed.Account.Name);
        Assert.StartsWith("acc_", keyed.Account.Id);
        Assert.Equal(keyed.Account.Id, (await service.GetAsync(app.Alice, keyed.Account.Id, Ct)).Id);
    }

    [Fact]
    public async Task A_key_whose_account_is_not_readable_yet_is_a_conflict_asking_to_retry()
    {
        // The create lost to another request under the same key whose account the store does not answer yet.
        await using var app = new Harness(services => services.AddSingleton<IAccountStore>(new NotYetVisibleAccounts()));

        var conflict = await Assert.ThrowsAsync<ConflictException>(() =>
            app.Get<AccountService>().CreateAsync(app.Alice, new CreateAccountRequest("Brokerage", Usd, "k-1", "h"), Ct));

        Assert.Equal(("Idempotency-Key", "the account for this key is being created; retry"), (conflict.Field, conflict.Message));
    }

    [Fact]
    public async Task An_id_of_exactly_100_characters_is_looked_up_and_one_of_101_is_not_found_even_if_stored()
    {
        await using var app = new Harness();
        var store = app.Get<IAccountStore>();
        var now = app.Clock.GetUtcNow();
        var hundred = "acc_" + new string('a', 96);
        var hundredAndOne = "acc_" + new string('b', 97);
        Assert.True(await store.TryCreateAsync(new Account(hundred, "alice", "Long", Usd, now), Ct));
        Assert.True(await store.TryCreateAsync(new Account(hundredAndOne, "alice", "Longer", Usd, now), Ct));

        Assert.Equal("Long", (await app.Get<AccountService>().GetAsync(app.Alice, hundred, Ct)).Name);
        var notFound = await Assert.ThrowsAsync<NotFoundException>(() => app.Get<AccountService>().GetAsync(app.Alice, hundredAndOne, Ct));
        Assert.Equal("account", notFound.Resource);
    }

    [Fact]
    public async Task An_account_lists_the_symbols_it_holds_after_a_buy()
    {
        await using var app = new Harness();
        var account = await app.AccountAsync(Usd);
        await app.RecordAsync(account, id => new Buy(id, new DateOnly(2024, 5, 1), "MSFT", 2, 400m));
        await app.RecordAsync(account, id => new Buy(id, new DateOnly(2024, 5, 2), "AAPL", 1, 180m));

        var stored = await app.Get<AccountService>().GetAsync(app.Alice, account.Id, Ct);

        Assert.Equal(["AAPL", "MSFT"], stored.HeldSymbols);
    }

    // The symbol list only steers the price cycle: three tries, then the next write or revaluation repairs it.
    [Theory]
    [InlineData(2, true)]
    [InlineData(3, false)]
    public async Task Held_symbols_are_written_on_the_third_try_and_left_for_the_next_write_after_three_lost_races(int races, bool written)
    {
        ContestedAccounts? store = null;
        await using var app = new Harness(s => s.AddSingleton<IAccountStore>(sp => store = new ContestedAccounts(ActivatorUtilities.CreateInstance<SqliteAccountStore>(sp))));
        var account = await app.AccountAsync(Usd);
        // Before each of the next replaces a rival renames the account, so that replace loses on its version.
        store!.Contests = _ => true;
        store.Remaining = races;
        store.Rival = current => current with { Name = $"renamed {store.Lost + 1}" };

        await app.RecordAsync(account, id => new Buy(id, new DateOnly(2024, 5, 1), "MSFT", 2, 400m));

        var stored = await app.Get<AccountService>().GetAsync(app.Alice, account.Id, Ct);
        Assert.Equal(written ? new[] { "MSFT" } : [], stored.HeldSymbols);
        Assert.Equal($"renamed {races}", stored.Name);
    }

    [Fact]
    public async Task Held_symbols_read_a_page_at_a_time_are_every_accounts_and_the_watched_ones_trimmed_upper_cased_and_without_blanks()
    {
        await using var app = new Harness();
        var first = await app.AccountAsync(Usd);
        var second = await app.AccountAsync(Usd);
        await app.RecordAsync(first, id => new Buy(id, new DateOnly(2024, 5, 1), "MSFT", 1, 400m));
        await app.RecordAsync(second, id => new Buy(id, new DateOnly(2024, 5, 1), "AAPL", 1, 180m));

        // A store without the projection, answering one account a page: every page is read.
        var symbols = await HeldSymbols.CollectAsync(new OneAccountAPage(app.Get<IAccountStore>()), [" spy ", "", "  "], Ct);

        Assert.Equal(["AAPL", "MSFT", "SPY"], symbols);
    }

    [Fact]
    public async Task Held_symbols_from_a_projecting_store_are_the_projection_and_the_watched_ones()
    {
        await using var app = new Harness();
        var account = await app.AccountAsync(Usd);
        await app.RecordAsync(account, id => new Buy(id, new DateOnly(2024, 5, 1), "MSFT", 1, 400m));

        var symbols = await HeldSymbols.CollectAsync(app.Get<IAccountStore>(), ["spy"], Ct);

        Assert.Equal(["MSFT", "SPY"], symbols);
    }

    [Fact]
    public void An_admin_only_operation_refuses_a_user_saying_it_needs_the_admin_role()
    {
        var refused = Assert.Throws<ForbiddenException>(() => new Caller("alice").RequireAdmin());

        Assert.Equal("this operation needs the admin role", refused.Message);
        new Caller("root", IsAdmin: true).RequireAdmin();
    }

    private sealed class NotYetVisibleAccounts : IAccountStore
    {
        public Task<Account?> GetAsync(string ownerId, string accountId, CancellationToken ct) => Task.FromResult<Account?>(null);
        public Task<IReadOnlyList<Account>> ListByOwnerAsync(string ownerId, CancellationToken ct) => Task.FromResult<IReadOnlyList<Account>>([]);
        public Task<bool> TryCreateAsync(Account account, CancellationToken ct) => Task.FromResult(false);
        public Task<bool> TryReplaceAsync(Account account, CancellationToken ct) => Task.FromResult(false);
        public Task<Page<Account>> ListAllAsync(string? continuationToken, int pageSize, CancellationToken ct) => Task.FromResult(new Page<Account>([], null));
    }

    private sealed class OneAccountAPage(IAccountStore inner) : IAccountStore
    {
        public Task<Account?> GetAsync(string ownerId, string accountId, CancellationToken ct) => inner.GetAsync(ownerId, accountId, ct);
        public Task<IReadOnlyList<Account>> ListByOwnerAsync(string ownerId, CancellationToken ct) => inner.ListByOwnerAsync(ownerId, ct);
        public Task<bool> TryCreateAsync(Account account, CancellationToken ct) => inner.TryCreateAsync(account, ct);
        public Task<bool> TryReplaceAsync(Account account, CancellationToken ct) => inner.TryReplaceAsync(account, ct);
        public Task<Page<Account>> ListAllAsync(string? continuationToken, int pageSize, CancellationToken ct) => inner.ListAllAsync(continuationToken, 1, ct);
    }
}
