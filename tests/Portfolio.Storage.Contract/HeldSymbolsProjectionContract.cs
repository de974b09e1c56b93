using Portfolio.Application.Accounts;
using Portfolio.Application.Ports;

namespace Portfolio.Storage.Contract;

public abstract class HeldSymbolsProjectionContract(IStorageFixture fixture)
{
    private readonly CancellationToken _ct = CancellationToken.None;

    [ContractFact]
    public async Task The_projection_lists_each_held_symbol_once_as_reading_every_account_would()
    {
        var (only, shared) = (TestData.NewId("ONLY"), TestData.NewId("SHARED"));
        Assert.True(await fixture.Accounts.TryCreateAsync(TestData.Account() with { Symbols = [only, shared] }, _ct));
        Assert.True(await fixture.Accounts.TryCreateAsync(TestData.Account() with { Symbols = [shared] }, _ct));
        Assert.True(await fixture.Accounts.TryCreateAsync(TestData.Account() with { Symbols = null }, _ct));

        var projected = await Assert.IsAssignableFrom<IHeldSymbolsProjection>(fixture.Accounts).ListHeldSymbolsAsync(_ct);

        var everyAccount = new HashSet<string>(StringComparer.Ordinal);
        string? continuation = null;
        do
        {
            var page = await fixture.Accounts.ListAllAsync(continuation, 50, _ct);
            foreach (var account in page.Items) everyAccount.UnionWith(account.HeldSymbols);
            continuation = page.ContinuationToken;
        } while (continuation is not null);
        Assert.Equal(everyAccount.Order(StringComparer.Ordinal), projected.Order(StringComparer.Ordinal));
        Assert.Single(projected, s => s == shared);
        Assert.Contains(only, projected);
    }
}
