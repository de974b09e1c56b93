using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Portfolio.Application.Ledger;
using Portfolio.Application.Ports;
using Portfolio.Domain.Transactions;
using Portfolio.Server.Tests.Support;
using Portfolio.Storage.Sqlite;

namespace Portfolio.Server.Tests;

/// <summary>Positions, tax lots, realized gains, rebalance and performance are cached until they change: never a stale answer.</summary>
public class CachedViewTests
{
    [Fact]
    public async Task The_current_etag_answers_304_and_a_write_changes_the_view_and_its_etag()
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.ClientFor("alice");
        var account = await alice.CreateAccountAsync();
        await alice.RecordAsync(account, Requests.Buy("2024-05-01", "AAPL", 10, 150));

        var first = await GetAsync(alice, $"/api/accounts/{account}/positions");
        var again = await GetAsync(alice, $"/api/accounts/{account}/positions", first.ETag);
        await alice.RecordAsync(account, Requests.Buy("2024-05-02", "AAPL", 5, 160));
        var afterWrite = await GetAsync(alice, $"/api/accounts/{account}/positions", first.ETag);

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.StartsWith("\"", first.ETag);
        Assert.Equal((HttpStatusCode.NotModified, first.ETag, 0), (again.Status, again.ETag, again.Text.Length));
        Assert.Equal(HttpStatusCode.OK, afterWrite.Status);
        Assert.NotEqual(first.ETag, afterWrite.ETag);
        // 10 × 150 + 5 × 160 = 2300 of basis in 15 shares.
        var aapl = afterWrite.Json!["positions"]![0]!;
        Assert.Equal((15m, 2300m), (aapl["quantity"].Dec(), aapl["costBasis"].Dec()));
    }

    [Fact]
    public async Task A_pushed_price_is_in_the_next_read()
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.ClientFor("alice");
        var admin = app.ClientFor("ops", admin: true);
        var account = await alice.CreateAccountAsync(tracksCash: false);
        await alice.RecordAsync(account, Requests.Buy("2024-05-01", "AAPL", 10, 150));
        await admin.PushPricesAsync(("AAPL", 200m, app.Clock.GetUtcNow().AddMinutes(-2)));
        var before = await GetAsync(alice, $"/api/accounts/{account}/positions");

        await admin.PushPricesAsync(("AAPL", 210m, app.Clock.GetUtcNow().AddMinutes(-1)));
        var after = await GetAsync(alice, $"/api/accounts/{account}/positions", before.ETag);

        Assert.Equal(2000m, before.Json!["totalValue"].Dec());
        Assert.Equal(HttpStatusCode.OK, after.Status);
        Assert.Equal((210m, 2100m), (after.Json!["positions"]![0]!["price"].Dec(), after.Json["totalValue"].Dec()));
    }

    [Fact]
    public async Task A_write_by_another_process_is_in_the_next_read()
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.ClientFor("alice");
        var account = await alice.CreateAccountAsync(tracksCash: false);
        await alice.RecordAsync(account, Requests.Buy("2024-05-01", "AAPL", 10, 150));
        var before = await GetAsync(alice, $"/api/accounts/{account}/tax-lots");

        // Another instance appends entry 2 straight to the store: this process's caches never saw it.
        var store = app.Services.GetRequiredService<ILedgerStore>();
        var status = await store.TryAppendAsync(
            new LedgerEntry(account, 2, new Buy("tx-other-process", new DateOnly(2024, 5, 3), "MSFT", 4, 300, 0), app.Clock.GetUtcNow()), CancellationToken.None);
        var after = await GetAsync(alice, $"/api/accounts/{account}/tax-lots", before.ETag);

        Assert.Equal(AppendStatus.Appended, status);
        Assert.Single(before.Json!.AsArray());
        Assert.Equal(HttpStatusCode.OK, after.Status);
        Assert.Equal(["AAPL", "MSFT"], after.Json!.AsArray().Select(l => l!["symbol"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Views_answered_without_a_query_still_follow_a_write_through_another_connection_pool()
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.ClientFor("alice");
        var account = await alice.CreateAccountAsync(tracksCash: false);
        await alice.RecordAsync(account, Requests.Buy("2024-05-01", "AAPL", 10, 150));
        var positions = await GetAsync(alice, $"/api/accounts/{account}/positions");
        var lots = await GetAsync(alice, $"/api/accounts/{account}/tax-lots");
        var performance = await GetAsync(alice, $"/api/accounts/{account}/performance");
        // Second reads: nothing committed since the first, so these are the answers served on the store's change number alone.
        var positionsAgain = await GetAsync(alice, $"/api/accounts/{account}/positions", positions.ETag);
        var performanceAgain = await GetAsync(alice, $"/api/accounts/{account}/performance", performance.ETag);

        // Another process: its own connections to the same file ("Mode=ReadWrite" makes another pool), none of this server's.
        await using (var other = new ServiceCollection().AddSqliteStorage($"Data Source={app.DatabasePath};Mode=ReadWrite").BuildServiceProvider())
        {
            var status = await other.GetRequiredService<ILedgerStore>().TryAppendAsync(
                new LedgerEntry(account, 2, new Buy("tx-other-process", new DateOnly(2024, 5, 2), "MSFT", 4, 300, 0), app.Clock.GetUtcNow()), CancellationToken.None);
            Assert.Equal(AppendStatus.Appended, status);
        }
        var positionsAfter = await GetAsync(alice, $"/api/accounts/{account}/positions", positions.ETag);
        var lotsAfter = await GetAsync(alice, $"/api/accounts/{account}/tax-lots", lots.ETag);
        var performanceAfter = await GetAsync(alice, $"/api/accounts/{account}/performance", performance.ETag);

        Assert.Equal((HttpStatusCode.NotModified, HttpStatusCode.NotModified), (positionsAgain.Status, performanceAgain.Status));
        Assert.Equal(HttpStatusCode.OK, positionsAfter.Status);
        Assert.Equal(["AAPL", "MSFT"], positionsAfter.Json!["positions"]!.AsArray().Select(p => p!["symbol"]!.GetValue<string>()).Order());
        Assert.Equal(["AAPL", "MSFT"], lotsAfter.Json!.AsArray().Select(l => l!["symbol"]!.GetValue<string>()));
        // 10 × 150 + 4 × 300 = 2700 bought; no closes stored, so the report values them at cost.
        Assert.Equal(HttpStatusCode.OK, performanceAfter.Status);
        Assert.NotEqual(performance.ETag, performanceAfter.ETag);
    }

    [Fact]
    public async Task A_view_served_to_its_owner_without_a_query_is_not_found_for_anyone_else()
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.ClientFor("alice");
        var bob = app.ClientFor("bob");
        var account = await alice.CreateAccountAsync(tracksCash: false);
        await alice.RecordAsync(account, Requests.Buy("2024-05-01", "AAPL", 10, 150));
        string[] views = ["positions", "tax-lots", "realized-gains", "performance"];
        var bobs = new List<HttpStatusCode>();
        var alices = new List<HttpStatusCode>();
        foreach (var view in views)
        {
            // The second read confirms the view at the store's change number (the first may commit, as performance's
            // stored series does); bob's read comes right after it, with nothing committed in between.
            await GetAsync(alice, $"/api/accounts/{account}/{view}");
            alices.Add((await GetAsync(alice, $"/api/accounts/{account}/{view}")).Status);
            bobs.Add((await GetAsync(bob, $"/api/accounts/{account}/{view}")).Status);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.NotFound, views.Length), bobs);
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, views.Length), alices);
    }

    [Fact]
    public async Task Staleness_follows_the_clock_even_when_nothing_is_written()
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.ClientFor("alice");
        var account = await alice.CreateAccountAsync();
        await alice.RecordAsync(account, Requests.Buy("2024-05-01", "AAPL", 1, 150));
        await app.ClientFor("ops", admin: true).PushPricesAsync(("AAPL", 160m, app.Clock.GetUtcNow().AddMinutes(-1)));
        var fresh = await GetAsync(alice, $"/api/accounts/{account}/positions");

        app.Clock.Advance(TimeSpan.FromMinutes(30)); // market hours: a real-time quote is stale after 20 minutes
        var later = await GetAsync(alice, $"/api/accounts/{account}/positions", fresh.ETag);

        Assert.False(fresh.Json!["positions"]![0]!["stale"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.OK, later.Status);
        Assert.True(later.Json!["positions"]![0]!["stale"]!.GetValue<bool>());
        Assert.NotEqual(fresh.ETag, later.ETag);
    }

    [Fact]
    public async Task Rebalance_follows_new_targets_and_realized_gains_follow_the_year_asked()
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.ClientFor("alice");
        var account = await alice.CreateAccountAsync();
        await alice.RecordAsync(account, Requests.Deposit("2023-01-03", 10_000));
        await alice.RecordAsync(account, Requests.Buy("2023-01-03", "VTI", 10, 100));
        await alice.RecordAsync(account, Requests.Sell("2023-06-01", "VTI", 2, 110));  // 2023: gain 2 × 10 = 20
        await alice.RecordAsync(account, Requests.Sell("2024-02-01", "VTI", 3, 90));   // 2024: gain 3 × −10 = −30
        await app.ClientFor("ops", admin: true).PushPricesAsync(("VTI", 100m, app.Clock.GetUtcNow().AddMinutes(-1)));
        await alice.SendAsync(HttpMethod.Put, $"/api/accounts/{account}/targets", new { targets = new { VTI = 50 } });
        var half = await GetAsync(alice, $"/api/accounts/{account}/rebalance");

        await alice.SendAsync(HttpMethod.Put, $"/api/accounts/{account}/targets", new { targets = new { VTI = 10 } });
        var tenth = await GetAsync(alice, $"/api/accounts/{account}/rebalance", half.ETag);
        var y2023 = await GetAsync(alice, $"/api/accounts/{account}/realized-gains?year=2023");
        var y2024 = await GetAsync(alice, $"/api/accounts/{account}/realized-gains?year=2024", y2023.ETag);

        // Cash 10000 − 1000 + 220 + 270 = 9490, VTI 5 × 100 = 500: total 9990.
        Assert.Equal(50m, half.Json!["lines"]![0]!["targetPercent"].Dec());
        Assert.Equal((HttpStatusCode.OK, 10m), (tenth.Status, tenth.Json!["lines"]![0]!["targetPercent"].Dec()));
        Assert.Equal(9990m, tenth.Json["totalValue"].Dec());
        Assert.Equal(20m, y2023.Json!["recognizedGain"].Dec());
        Assert.Equal((HttpStatusCode.OK, -30m), (y2024.Status, y2024.Json!["recognizedGain"].Dec()));
    }

    [Fact]
    public async Task Weights_are_rounded_to_ten_decimal_places()
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.ClientFor("alice");
        var account = await alice.CreateAccountAsync();
        await alice.RecordAsync(account, Requests.Deposit("2024-05-01", 10_000));
        await alice.RecordAsync(account, Requests.Buy("2024-05-01", "AAPL", 20, 150));  // cash 7000
        await app.ClientFor("ops", admin: true).PushPricesAsync(("AAPL", 200m, app.Clock.GetUtcNow().AddMinutes(-1)));

        var body = (await GetAsync(alice, $"/api/accounts/{account}/positions")).Json!;

        // AAPL 4000 of 11000 = 36.36… %, cash 7000 of 11000 = 63.63… %: ten places, half away from zero.
        Assert.Equal("36.3636363636", body["positions"]![0]!["weightPercent"]!.ToJsonString());
        Assert.Equal("63.6363636364", body["cashWeightPercent"]!.ToJsonString());
    }

    [Fact]
    public async Task Performance_answers_304_until_a_back_dated_write_or_a_corrected_close_changes_it()
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
        const string path = "?from=2024-05-01&to=2024-05-03";
        var first = await GetAsync(alice, $"/api/accounts/{account}/performance{path}");
        var again = await GetAsync(alice, $"/api/accounts/{account}/performance{path}", first.ETag);

        // A buy of 10 more on 2 May at 110 (back-dated): 20 × 99 = 1980 at the end.
        await alice.RecordAsync(account, Requests.Buy("2024-05-02", "AAPL", 10, 110));
        var afterWrite = await GetAsync(alice, $"/api/accounts/{account}/performance{path}", first.ETag);
        // The 3 May close corrected to 121 (same instant and source, another price): 20 × 121 = 2420.
        await admin.PushPricesAsync(("AAPL", 121m, new DateTimeOffset(2024, 5, 3, 20, 0, 0, TimeSpan.Zero)));
        var afterCorrection = await GetAsync(alice, $"/api/accounts/{account}/performance{path}", afterWrite.ETag);

        Assert.Equal((HttpStatusCode.OK, 990m), (first.Status, first.Json!["value"].Dec()));
        Assert.StartsWith("\"", first.ETag);
        Assert.Equal((HttpStatusCode.NotModified, first.ETag, 0), (again.Status, again.ETag, again.Text.Length));
        Assert.Equal((HttpStatusCode.OK, 1980m), (afterWrite.Status, afterWrite.Json!["value"].Dec()));
        Assert.NotEqual(first.ETag, afterWrite.ETag);
        Assert.Equal((HttpStatusCode.OK, 2420m), (afterCorrection.Status, afterCorrection.Json!["value"].Dec()));
        // Day 2: +10 % on 1000 (the 1100 bought is a flow); day 3: 2420 / 2200 = +10 %: TWR 1.1 × 1.1 − 1 = 0.21.
        Assert.Equal(0.21m, afterCorrection.Json["timeWeightedReturn"].Dec());
    }

    [Fact]
    public async Task Performance_follows_a_price_pushed_today_and_a_new_day()
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.ClientFor("alice");
        var admin = app.ClientFor("ops", admin: true);
        var account = await alice.CreateAccountAsync(tracksCash: false);
        await alice.RecordAsync(account, Requests.Buy("2024-05-01", "AAPL", 10, 100));
        await admin.PushPricesAsync(("AAPL", 150m, app.Clock.GetUtcNow().AddMinutes(-2)));
        var before = await GetAsync(alice, $"/api/accounts/{account}/performance");

        await admin.PushPricesAsync(("AAPL", 160m, app.Clock.GetUtcNow().AddMinutes(-1)));
        var after = await GetAsync(alice, $"/api/accounts/{account}/performance", before.ETag);
        app.Clock.Advance(TimeSpan.FromHours(12)); // 14:00 Monday in New York to 02:00 Tuesday
        var nextDay = await GetAsync(alice, $"/api/accounts/{account}/performance", after.ETag);

        Assert.Equal(1500m, before.Json!["value"].Dec());
        Assert.Equal((HttpStatusCode.OK, 1600m), (after.Status, after.Json!["value"].Dec()));
        // A new New York date adds a day to the period (valued at the last close): a new answer, the same value.
        Assert.Equal(HttpStatusCode.OK, nextDay.Status);
        Assert.Equal(after.Json["daily"]!.AsArray().Count + 1, nextDay.Json!["daily"]!.AsArray().Count);
        Assert.Equal(1600m, nextDay.Json["value"].Dec());
    }

    private sealed record Answer(HttpStatusCode Status, string? ETag, string Text)
    {
        public JsonNode? Json => Text.Length == 0 ? null : JsonNode.Parse(Text);
    }

    private static async Task<Answer> GetAsync(HttpClient client, string path, string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (ifNoneMatch is not null) request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(ifNoneMatch));
        using var response = await client.SendAsync(request);
        return new Answer(response.StatusCode, response.Headers.ETag?.ToString(), await response.Content.ReadAsStringAsync());
    }
}
