using Portfolio.Application.Holdings;
using Portfolio.Application.Ledger;
using Portfolio.Application.Valuation;
using Portfolio.Application.Accounts;
using Portfolio.Domain.Rebalancing;
using Portfolio.Domain.Transactions;
using Portfolio.Application.Tests.Orders;
using static Portfolio.Application.Tests.Orders.OrderDesk;

namespace Portfolio.Application.Tests.Races;

/// <summary>What the snapshot reader prices: held symbols, symbols asked for, and for a page, held and targeted symbols.</summary>
public class SnapshotReaderTests
{
    private static async Task<Account> HoldingAaplAsync(Harness app)
    {
        var account = await app.AccountAsync();
        await app.RecordAsync(account, id => new Buy(id, June3, "AAPL", 10, 100));
        return account;
    }

    [Fact]
    public async Task A_snapshot_prices_what_the_account_holds_and_what_the_caller_also_asks_for_at_the_current_generation()
    {
        await using var app = new Harness();
        var account = await HoldingAaplAsync(app);
        await app.StoreQuoteAsync(150, Now);
        await app.StoreQuoteAsync(300, Now, "MSFT");
        await app.StoreQuoteAsync(50, Now, "IBM");
        var reader = app.Get<AccountSnapshotReader>();

        var snapshot = await reader.ReadAsync(account, default, alsoPrice: ["MSFT"]);

        Assert.Equal(["AAPL", "MSFT"], snapshot.Quotes.Keys.Order());
        Assert.Equal((150m, 300m), (snapshot.Prices["AAPL"], snapshot.Prices["MSFT"]));
        // The first read caches two quotes (generation 0 → 2); a second read is answered from the cache at generation 2,
        // valid for the 15 s a quote is cached while the market is open.
        Assert.Equal(0, snapshot.PriceGeneration);
        var again = await reader.ReadAsync(account, default, alsoPrice: ["MSFT"]);
        Assert.Equal((2L, Now.AddSeconds(15)), (again.PriceGeneration, again.PricesValidUntil));
        Assert.Equal(2, app.Get<LatestPrices>().Generation);
    }

    [Fact]
    public async Task A_page_prices_what_each_loaded_account_holds_and_what_every_account_targets()
    {
        await using var app = new Harness();
        var loaded = await HoldingAaplAsync(app);
        var notLoaded = await HoldingAaplAsync(app);
        await app.RecordAsync(notLoaded, id => new Buy(id, June3, "IBM", 1, 10));
        var targeted = await app.AccountAsync();
        targeted = targeted with { Targets = new TargetAllocation(new Dictionary<string, decimal> { ["MSFT"] = 100m }) };
        foreach (var (symbol, price) in new[] { ("AAPL", 150m), ("MSFT", 300m), ("IBM", 50m) }) await app.StoreQuoteAsync(price, Now, symbol);
        var ledgers = new Dictionary<string, Portfolio.Domain.Ledger.AccountLedger> { [loaded.Id] = (await app.Get<LedgerReader>().LoadAsync(loaded, default)).Ledger };

        var page = await app.Get<AccountSnapshotReader>().ReadPricesAsync([loaded, notLoaded, targeted], ledgers, default);

        Assert.Equal([("AAPL", 150m), ("MSFT", 300m)], page.Prices.OrderBy(p => p.Key).Select(p => (p.Key, p.Value)));
    }

    [Fact]
    public void A_year_outside_four_digits_is_refused_saying_so()
    {
        var refused = Assert.Throws<Portfolio.Application.Common.InvalidRequestException>(() => HoldingsService.CheckYear(10_000));
        Assert.Equal(("year", "must be a four-digit year"), (refused.Field, refused.Reason));
    }
}
