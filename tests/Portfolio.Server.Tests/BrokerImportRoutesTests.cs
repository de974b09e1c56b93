using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Portfolio.Server.Tests.Support;

namespace Portfolio.Server.Tests;

/// <summary>Each broker format over HTTP: its sample file as the body with its media type, previewed, booked, and booked again for nothing.</summary>
public class BrokerImportRoutesTests
{
    private static readonly DateTimeOffset March2026 = new(2026, 3, 2, 18, 0, 0, TimeSpan.Zero);

    private static string Sample(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Imports", "Samples", name));

    private static async Task<(HttpStatusCode Status, JsonNode? Body)> ImportAsync(HttpClient client, string account, string format, string file, string mediaType, bool dryRun)
    {
        using var content = new StringContent(file, Encoding.UTF8, mediaType);
        using var response = await client.PostAsync($"/api/accounts/{account}/imports?format={format}&dryRun={(dryRun ? "true" : "false")}", content);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    private static async Task<string> AccountAsync(HttpClient client, string currency, bool tracksCash)
    {
        var (status, body) = await client.PostJsonAsync("/api/accounts",
            new { name = "Broker import", type = "taxable", currency, lotMethod = "fifo", tracksCash, allowsFractionalShares = true, marginAllowance = 0 });
        Assert.Equal(HttpStatusCode.Created, status);
        return body!["id"]!.GetValue<string>();
    }

    /// <summary>format, media type, sample, the account's currency and whether it tracks cash, transactions booked, and one position it leaves.</summary>
    public static TheoryData<string, string, string, string, bool, int, string, decimal> Files => new()
    {
        { "fidelity", "text/csv", "fidelity-history.csv", "USD", true, 7, "VTI", 20.0425m }, // 20 bought + 0.0425 reinvested
        { "ibkr-flex", "application/xml", "ibkr-flex.xml", "USD", true, 8, "NVDA", 40m }, // 10 split 4 for 1
        { "portfolio-performance", "text/csv", "portfolio-performance-de.csv", "EUR", true, 9, "EUNL.DE", 15m }, // 25 bought − 10 sold
        { "ghostfolio", "application/json", "ghostfolio-export.json", "USD", false, 6, "VTI", 6m }, // 10 bought − 4 sold
    };

    [Theory]
    [MemberData(nameof(Files))]
    public async Task A_broker_file_is_previewed_then_booked_once(
        string format, string mediaType, string sample, string currency, bool tracksCash, int booked, string symbol, decimal shares)
    {
        await using var app = await TestApp.StartAsync(March2026);
        var alice = app.ClientFor("alice");
        var account = await AccountAsync(alice, currency, tracksCash);
        var file = Sample(sample);

        var dry = await ImportAsync(alice, account, format, file, mediaType, dryRun: true);
        var positionsAfterDryRun = (await alice.GetJsonAsync($"/api/accounts/{account}/positions")).Body!["positions"]!.AsArray().Count;
        var real = await ImportAsync(alice, account, format, file, mediaType, dryRun: false);
        var again = await ImportAsync(alice, account, format, file, mediaType, dryRun: false);

        Assert.Equal((HttpStatusCode.OK, booked), (dry.Status, dry.Body!["booked"]!.GetValue<int>()));
        Assert.Equal(0, positionsAfterDryRun);
        Assert.Equal((HttpStatusCode.OK, booked), (real.Status, real.Body!["booked"]!.GetValue<int>()));
        Assert.Equal((0, booked), (again.Body!["booked"]!.GetValue<int>(), again.Body["duplicates"]!.AsArray().Count));
        var positions = (await alice.GetJsonAsync($"/api/accounts/{account}/positions")).Body!["positions"]!.AsArray();
        Assert.Equal(shares, positions.Single(p => p!["symbol"]!.GetValue<string>() == symbol)!["quantity"].Dec());
    }

    [Fact]
    public async Task A_messy_ghostfolio_export_is_refused_whole_naming_each_row_column_and_value()
    {
        await using var app = await TestApp.StartAsync(March2026);
        var alice = app.ClientFor("alice");
        var account = await AccountAsync(alice, "USD", tracksCash: false);

        var (status, body) = await ImportAsync(alice, account, "ghostfolio", Sample("ghostfolio-messy.json"), "application/json", dryRun: false);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        var errors = body!["errors"]!.AsArray().Select(e => (e!["row"]!.GetValue<int>(), e["column"]!.GetValue<string>(), e["value"]!.GetValue<string>()));
        Assert.Equal([(2, "type", "ITEM"), (3, "type", "LIABILITY"), (4, "currency", "EUR"), (5, "type", "STAKE"), (6, "unitPrice", "1.2e2")], errors);
        Assert.Equal(0, (await alice.GetJsonAsync($"/api/accounts/{account}/transactions")).Body!["total"]!.GetValue<int>());
    }
}
