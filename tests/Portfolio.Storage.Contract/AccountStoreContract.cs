using Portfolio.Application.Accounts;

namespace Portfolio.Storage.Contract;

public abstract class AccountStoreContract(IStorageFixture fixture)
{
    private readonly CancellationToken _ct = CancellationToken.None;

    [ContractFact]
    public async Task Created_account_reads_back_equal_with_a_concurrency_token()
    {
        var account = TestData.Account();

        Assert.True(await fixture.Accounts.TryCreateAsync(account, _ct));

        var read = await fixture.Accounts.GetAsync(account.OwnerId, account.Id, _ct);
        Assert.NotNull(read);
        Assert.False(string.IsNullOrEmpty(read.ConcurrencyToken));
        AssertSameAccount(account, read);
    }

    [ContractFact]
    public async Task Creating_an_existing_id_returns_false_and_keeps_the_first()
    {
        var account = TestData.Account(name: "first");
        Assert.True(await fixture.Accounts.TryCreateAsync(account, _ct));

        Assert.False(await fixture.Accounts.TryCreateAsync(account with { Name = "second" }, _ct));

        Assert.Equal("first", (await fixture.Accounts.GetAsync(account.OwnerId, account.Id, _ct))!.Name);
    }

    [ContractFact]
    public async Task Another_owners_account_id_reads_as_null()
    {
        var account = TestData.Account();
        await fixture.Accounts.TryCreateAsync(account, _ct);

        Assert.Null(await fixture.Accounts.GetAsync(TestData.NewId("intruder"), account.Id, _ct));
        Assert.Null(await fixture.Accounts.GetAsync(account.OwnerId, TestData.NewId("missing"), _ct));
    }

    [ContractFact]
    public async Task ListByOwner_returns_only_that_owners_accounts()
    {
        var owner = TestData.NewId("owner");
        var mine = new[] { TestData.Account(owner), TestData.Account(owner) };
        var theirs = TestData.Account();
        foreach (var account in mine.Append(theirs)) await fixture.Accounts.TryCreateAsync(account, _ct);

        var listed = await fixture.Accounts.ListByOwnerAsync(owner, _ct);

        Assert.Equal(mine.Select(a => a.Id).Order(), listed.Select(a => a.Id).Order());
        Assert.All(listed, a => Assert.False(string.IsNullOrEmpty(a.ConcurrencyToken)));
        Assert.Empty(await fixture.Accounts.ListByOwnerAsync(TestData.NewId("nobody"), _ct));
    }

    [ContractFact]
    public async Task TryReplace_with_the_current_token_succeeds_and_changes_the_token()
    {
        var account = TestData.Account();
        await fixture.Accounts.TryCreateAsync(account, _ct);
        var read = (await fixture.Accounts.GetAsync(account.OwnerId, account.Id, _ct))!;

        Assert.True(await fixture.Accounts.TryReplaceAsync(read with { Name = "renamed", Symbols = ["VTI"] }, _ct));

        var after = (await fixture.Accounts.GetAsync(account.OwnerId, account.Id, _ct))!;
        Assert.Equal("renamed", after.Name);
        Assert.Equal(["VTI"], after.HeldSymbols);
        Assert.NotEqual(read.ConcurrencyToken, after.ConcurrencyToken);
    }

    [ContractFact]
    public async Task TryReplace_with_a_stale_token_returns_false_and_changes_nothing()
    {
        var account = TestData.Account();
        await fixture.Accounts.TryCreateAsync(account, _ct);
        var stale = (await fixture.Accounts.GetAsync(account.OwnerId, account.Id, _ct))!;
        Assert.True(await fixture.Accounts.TryReplaceAsync(stale with { Name = "first writer" }, _ct));

        Assert.False(await fixture.Accounts.TryReplaceAsync(stale with { Name = "second writer" }, _ct));

        Assert.Equal("first writer", (await fixture.Accounts.GetAsync(account.OwnerId, account.Id, _ct))!.Name);
    }

    [ContractFact]
    public async Task TryReplace_of_a_missing_account_returns_false()
    {
        var account = TestData.Account();
        await fixture.Accounts.TryCreateAsync(account, _ct);
        var read = (await fixture.Accounts.GetAsync(account.OwnerId, account.Id, _ct))!;

        Assert.False(await fixture.Accounts.TryReplaceAsync(read with { Id = TestData.NewId("missing") }, _ct));
    }

    [ContractFact]
    public async Task ListAll_pages_with_continuation_cover_every_account_exactly_once()
    {
        var created = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            var account = TestData.Account(ownerId: i % 2 == 0 ? "owner-even" : TestData.NewId("owner"));
            await fixture.Accounts.TryCreateAsync(account, _ct);
            created.Add(account.Id);
        }

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await fixture.Accounts.ListAllAsync(token, pageSize: 3, _ct);
            Assert.True(page.Items.Count <= 3);
            seen.AddRange(page.Items.Select(a => a.Id));
            token = page.ContinuationToken;
            Assert.True(++pages < 1000, "paging did not end");
        } while (token is not null);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Subset(seen.ToHashSet(), created.ToHashSet());
        Assert.True(pages >= 3, $"7 or more accounts in pages of 3 took only {pages} pages");
    }

    private static void AssertSameAccount(Account expected, Account actual)
    {
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.OwnerId, actual.OwnerId);
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.Settings, actual.Settings);
        Assert.Equal(expected.CreatedAt, actual.CreatedAt);
        Assert.Equal(expected.CreateRequestHash, actual.CreateRequestHash);
        Assert.Equal(expected.HeldSymbols, actual.HeldSymbols);
        Assert.NotNull(actual.Targets);
        Assert.Equal(expected.Targets!.TolerancePercentPoints, actual.Targets.TolerancePercentPoints);
        Assert.Equal(expected.Targets.TargetPercents.OrderBy(kv => kv.Key), actual.Targets.TargetPercents.OrderBy(kv => kv.Key));
        Assert.Equal("60.000001", actual.Targets.TargetPercents["VTI"].ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
