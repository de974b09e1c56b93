using System.Net;
using Portfolio.Server.Tests.Support;

namespace Portfolio.Server.Tests;

public class ConcurrentWriterTests
{
    [Fact]
    public async Task Hundred_concurrent_sells_never_oversell_and_every_acknowledged_sale_is_recorded_once()
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.ClientFor("alice");
        var account = await alice.CreateAccountAsync();
        await alice.RecordAsync(account, Requests.Buy("2024-05-01", "AAPL", 50, 100));

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(i =>
            alice.PostJsonAsync($"/api/accounts/{account}/transactions", Requests.Sell("2024-05-02", "AAPL", 1, 110), $"sell-{i}")));

        var acknowledged = results.Where(r => r.Status == HttpStatusCode.Created).Select(r => r.Body!["transaction"]!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(50, acknowledged.Count);
        Assert.All(results.Where(r => r.Status != HttpStatusCode.Created), r => r.AssertProblem(HttpStatusCode.UnprocessableEntity, "quantity"));

        var recorded = (await alice.GetJsonAsync($"/api/accounts/{account}/transactions?pageSize=500")).Body!["items"]!.AsArray()
            .Select(i => i!["transaction"]!).Where(t => t["type"]!.GetValue<string>() == "sell").Select(t => t["id"]!.GetValue<string>()).ToList();
        Assert.Equal(acknowledged.Order(), recorded.Order());
        Assert.Empty((await alice.GetJsonAsync($"/api/accounts/{account}/tax-lots")).Body!.AsArray());
        var realized = (await alice.GetJsonAsync($"/api/accounts/{account}/realized-gains")).Body!;
        Assert.Equal(500m, realized["recognizedGain"].Dec()); // 50 shares × (110 − 100)
    }
}
