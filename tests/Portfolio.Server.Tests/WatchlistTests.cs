using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portfolio.Application.Prices;
using Portfolio.Server.Tests.Support;

namespace Portfolio.Server.Tests;

/// <summary>Each user's watchlist: validated symbols, a bounded count, conditional replaces, and priced by the cycle.</summary>
public class WatchlistTests
{
    private static async Task<(HttpStatusCode Status, JsonNode? Body, string? ETag)> PutAsync(HttpClient client, object body, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/watchlist") { Content = JsonContent.Create(body) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response.Headers.ETag?.ToString());
    }

    private static List<string> Symbols(JsonNode? body) => body!["symbols"]!.AsArray().Select(s => s!.GetValue<string>()).ToList();

    [Fact]
    public async Task A_watchlist_starts_empty_is_replaced_whole_with_repeats_dropped_and_belongs_to_its_user()
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.ClientFor("alice");

        using (var empty = await alice.GetAsync("/api/watchlist"))
        {
            Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
            Assert.Null(empty.Headers.ETag);
            var body = JsonNode.Parse(await empty.Content.ReadAsStringAsync());
            Assert.Empty(Symbols(body));
            Assert.Null(body!["updatedAt"]);
        }

        var (status, put, etag) = await PutAsync(alice, new { symbols = new[] { "vti", " BND ", "VTI", "brk.b" } });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["VTI", "BND", "BRK.B"], Symbols(put));
        Assert.NotNull(etag);
        Assert.Equal(TestApp.DefaultNow, put!["updatedAt"]!.GetValue<DateTimeOffset>());

        // The same list again is the same version: an idempotent PUT.
        var again = await PutAsync(alice, new { symbols = new[] { "VTI", "BND", "BRK.B" } });
        Assert.Equal(etag, again.ETag);

        Assert.Empty(Symbols((await app.ClientFor("bob").GetJsonAsync("/api/watchlist")).Body));
    }

    [Fact]
    public async Task If_match_replaces_only_the_version_read_and_a_stale_one_is_412_changing_nothing()
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.ClientFor("alice");
        var first = await PutAsync(alice, new { symbols = new[] { "AAPL" } });
        var second = await PutAsync(alice, new { symbols = new[] { "MSFT" } }, ifMatch: first.ETag);
        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.NotEqual(first.ETag, second.ETag);

        var stale = await PutAsync(alice, new { symbols = new[] { "GLD" } }, ifMatch: first.ETag);
        (stale.Status, stale.Body).AssertProblem(HttpStatusCode.PreconditionFailed, "If-Match");
        var garbled = await PutAsync(alice, new { symbols = new[] { "GLD" } }, ifMatch: "not-quoted");
        (garbled.Status, garbled.Body).AssertProblem(HttpStatusCode.BadRequest, "If-Match");
        Assert.Equal(["MSFT"], Symbols((await alice.GetJsonAsync("/api/watchlist")).Body));
    }

    [Theory]
    [InlineData("{\"symbols\":[\"VTI\",\"../x\"]}", "symbols[1]")]
    [InlineData("{\"symbols\":[\"VTI\",null]}", "symbols[1]")]
    [InlineData("{\"symbols\":\"VTI\"}", "symbols")]
    [InlineData("{}", "symbols")]
    public async Task Bad_symbols_are_refused_naming_the_entry_and_the_watchlist_stays(string json, string field)
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.ClientFor("alice");
        await PutAsync(alice, new { symbols = new[] { "AAPL" } });

        (await alice.SendAsync(HttpMethod.Put, "/api/watchlist", rawBody: json)).AssertProblem(HttpStatusCode.BadRequest, field);
        Assert.Equal(["AAPL"], Symbols((await alice.GetJsonAsync("/api/watchlist")).Body));
    }

    [Fact]
    public async Task More_than_200_symbols_are_refused()
    {
        await using var app = await TestApp.StartAsync();
        var symbols = Enumerable.Range(0, 201).Select(i => $"S{i}").ToArray();
        var (status, body, _) = await PutAsync(app.ClientFor("alice"), new { symbols });
        (status, body).AssertProblem(HttpStatusCode.BadRequest, "symbols");
    }

    [Fact]
    public async Task Watched_and_alerted_symbols_are_priced_by_the_next_cycle_though_nobody_holds_them()
    {
        var source = new ScriptedPriceSource();
        source.Answer(("NVDA", 120.5m), ("TSLA", 180.25m), ("AMD", 150m));
        await using var app = await TestApp.StartAsync(configure: builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Pricing:CycleEnabled"] = "true",
                ["Pricing:Providers:0"] = "none",
            });
            builder.Services.AddSingleton<IPriceSource>(sp => { source.Clock = sp.GetRequiredService<TimeProvider>(); return source; });
        });
        var alice = app.ClientFor("alice");
        await PutAsync(alice, new { symbols = new[] { "NVDA" } });
        Assert.Equal(HttpStatusCode.Created, (await alice.PostJsonAsync("/api/price-alerts", new { symbol = "TSLA", above = 200 })).Status);

        // The first cycle ran at start with nothing to ask for; the next, ten minutes on, asks for NVDA and TSLA only.
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        var waited = System.Diagnostics.Stopwatch.StartNew();
        async Task<JsonNode?> LatestAsync(string symbol) => (await alice.GetJsonAsync($"/api/prices/{symbol}")).Body!["latest"];
        while (await LatestAsync("TSLA") is null || await LatestAsync("NVDA") is null)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "the cycle did not price the watched and alerted symbols");
            await Task.Delay(20);
        }
        Assert.Equal(120.5m, (await LatestAsync("NVDA"))!["price"].Dec());
        Assert.Equal(180.25m, (await LatestAsync("TSLA"))!["price"].Dec());
        Assert.Null(await LatestAsync("AMD"));
    }
}
