using System.Net;
using Portfolio.Server.Tests.Support;

namespace Portfolio.Server.Tests;

public class HoldingsRoutesTests
{
    [Fact]
    public async Task Positions_are_valued_at_the_latest_price_with_weights_including_cash()
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.ClientFor("alice");
        var admin = app.ClientFor("ops", admin: true);
        var account = await alice.CreateAccountAsync();
        await alice.RecordAsync(account, Requests.Deposit("2024-05-01", 10_000));
        await alice.RecordAsync(account, Requests.Buy("2024-05-01", "AAPL", 20, 150));  // cash 7000
        await alice.RecordAsync(account, Requests.Buy("2024-05-02", "MSFT", 10, 300));  // cash 4000
        await admin.PushPricesAsync(("AAPL", 200m, app.Clock.GetUtcNow().AddMinutes(-1)), ("MSFT", 300m, app.Clock.GetUtcNow().AddMinutes(-1)));

        // AAPL 20 × 200 = 4000 (gain 1000), MSFT 3000 (gain 0), cash 4000: total 11000.
        var body = (await alice.GetJsonAsync($"/api/accounts/{account}/positions")).Body!;
        Assert.Equal(11_000m, body["totalValue"].Dec());
        Assert.Equal(4_000m, body["cash"].Dec());
        var aapl = body["positions"]![0]!;
        Assert.Equal(("AAPL", 4000m, 1000m, false), (aapl["symbol"]!.GetValue<string>(), aapl["marketValue"].Dec(), aapl["unrealizedGain"].Dec(), aapl["stale"]!.GetValue<bool>()));
        Assert.Equal(Math.Round(4000m * 100 / 11000, 10), Math.Round(aapl["weightPercent"].Dec(), 10));
        Assert.Equal("test", aapl["priceSource"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_price_older_than_its_freshness_window_is_flagged_stale()
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.ClientFor("alice");
        var account = await alice.CreateAccountAsync();
        await alice.RecordAsync(account, Requests.Buy("2024-05-01", "AAPL", 1, 150));
        await app.ClientFor("ops", admin: true).PushPricesAsync(("AAPL", 160m, app.Clock.GetUtcNow().AddMinutes(-1)));
        app.Clock.Advance(TimeSpan.FromHours(2)); // still market hours, no new quote

        var aapl = (await alice.GetJsonAsync($"/api/accounts/{account}/positions")).Body!["positions"]![0]!;
        Assert.True(aapl["stale"]!.GetValue<bool>());
        Assert.Equal(160m, aapl["price"].Dec());
    }

    [Fact]
    public async Task Tax_lots_and_realized_gains_by_year()
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.ClientFor("alice");
        var account = await alice.CreateAccountAsync();
        await alice.RecordAsync(account, Requests.Buy("2022-03-01", "VTI", 10, 200));
        await alice.RecordAsync(account, Requests.Sell("2023-02-01", "VTI", 4, 180));  // 4 × (180 − 200) = −80, short-term
        await alice.RecordAsync(account, Requests.Sell("2024-05-01", "VTI", 2, 250));  // 2 × 50 = 100, long-term

        var y2023 = (await alice.GetJsonAsync($"/api/accounts/{account}/realized-gains?year=2023")).Body!;
        Assert.Equal((-80m, 0m), (y2023["shortTermGain"].Dec(), y2023["longTermGain"].Dec()));
        var y2024 = (await alice.GetJsonAsync($"/api/accounts/{account}/realized-gains?year=2024")).Body!;
        Assert.Equal((0m, 100m), (y2024["shortTermGain"].Dec(), y2024["longTermGain"].Dec()));
        (await alice.GetJsonAsync($"/api/accounts/{account}/realized-gains?year=twenty")).AssertProblem(HttpStatusCode.BadRequest, "year");

        var lot = Assert.Single((await alice.GetJsonAsync($"/api/accounts/{account}/tax-lots")).Body!.AsArray())!;
        Assert.Equal((4m, 200m, 800m, "2022-03-01", "longTerm"),
            (lot["quantity"].Dec(), lot["costPerShare"].Dec(), lot["costBasis"].Dec(), lot["acquiredOn"]!.GetValue<string>(), lot["term"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Performance_reports_twr_from_stored_closes()
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.ClientFor("alice");
        var admin = app.ClientFor("ops", admin: true);
        var account = await alice.CreateAccountAsync(tracksCash: false);
        await alice.RecordAsync(account, Requests.Buy("2024-05-01", "AAPL", 10, 100));
        // Closes (20:00 UTC = 16:00 New York): 100 on 1 May, 110 on 2 May, 99 on 3 May.
        await admin.PushPricesAsync(
            ("AAPL", 100m, new DateTimeOffset(2024, 5, 1, 20, 0, 0, TimeSpan.Zero)),
            ("AAPL", 110m, new DateTimeOffset(2024, 5, 2, 20, 0, 0, TimeSpan.Zero)),
            ("AAPL", 99m, new DateTimeOffset(2024, 5, 3, 20, 0, 0, TimeSpan.Zero)));

        // Day 1: bought at the close, return 0; day 2: +10%; day 3: −10%: TWR = 1.1 × 0.9 − 1 = −0.01.
        var report = (await alice.GetJsonAsync($"/api/accounts/{account}/performance?from=2024-05-01&to=2024-05-03")).Body!;
        Assert.Equal(-0.01m, Math.Round(report["timeWeightedReturn"].Dec(), 12));
        Assert.Equal(990m, report["value"].Dec());
        Assert.Equal(-10m, report["unrealizedGain"].Dec());
        Assert.Equal(3, report["daily"]!.AsArray().Count);
        (await alice.GetJsonAsync($"/api/accounts/{account}/performance?from=2024-05-03&to=2024-05-01")).AssertProblem(HttpStatusCode.UnprocessableEntity, "from");
        (await alice.GetJsonAsync($"/api/accounts/{account}/performance?to=2030-01-01")).AssertProblem(HttpStatusCode.UnprocessableEntity, "to");
    }
}
