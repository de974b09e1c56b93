using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Portfolio.Dashboard.Tests.Support;

namespace Portfolio.Dashboard.Tests;

/// <summary>The downloads tab in a real Chromium: the Beancount ledger and the Ghostfolio file arrive and hold the account.</summary>
[Collection(BrowserCollection.Name)]
public class ExportDownloadTests
{
    [BrowserFact]
    public async Task The_beancount_and_ghostfolio_downloads_hold_the_accounts_lots_and_activities()
    {
        await using var server = await DashboardServer.StartAsync();
        var token = server.Token("carol");
        using var api = server.Client(token);
        using var created = await api.PostAsJsonAsync("/api/accounts", new { name = "Exported", type = "taxable", currency = "USD", lotMethod = "fifo", tracksCash = true });
        var accountId = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        foreach (var transaction in new object[]
        {
            new { type = "deposit", tradeDate = "2024-05-01", amount = 5000 },
            new { type = "buy", tradeDate = "2024-05-02", symbol = "VTI", quantity = 10, price = 250.5m, fee = 1 },
            new { type = "sell", tradeDate = "2024-05-30", symbol = "VTI", quantity = 4, price = 260, fee = 0 },
        })
            (await api.PostAsJsonAsync($"/api/accounts/{accountId}/transactions", transaction)).EnsureSuccessStatusCode();

        using var browser = Browser.Start();
        browser.Open(server.BaseUrl);
        browser.Find("#token").SendKeys(token);
        browser.Find("#sign-in-form button[type=submit]").Click();
        browser.Find("#accounts-table a").Click();
        browser.Find("#tab-exports").Click();

        browser.Find("#export-beancount").Click();
        var ledger = browser.Downloaded("Exported.beancount");
        var lines = ledger.Split('\n');
        // The lot: 10 × 250.5 + 1 = 2,506 with its date; the sale of 4 at 260 left to Beancount's FIFO, for 1,040.
        Assert.Contains("2024-05-01 open Assets:Exported:VTI VTI \"FIFO\"", lines);
        Assert.Contains(lines, l => l.StartsWith("  Assets:Exported:VTI  10 VTI {{2506 USD, 2024-05-02, ", StringComparison.Ordinal));
        Assert.Contains("  Assets:Exported:VTI  -4 VTI {} @ 260 USD", lines);
        Assert.Contains("  Assets:Exported:Cash  1040.00 USD", lines);
        if (File.Exists("/usr/bin/bean-check") || Environment.GetEnvironmentVariable("CI") is { Length: > 0 })
            Assert.Equal("", BeanCheck(Path.Combine(browser.Downloads, "Exported.beancount")));

        browser.Find("#export-ghostfolio").Click();
        var document = JsonNode.Parse(browser.Downloaded("Exported.ghostfolio.json"))!;
        // Cash 5,000 − 2,506 + 1,040 = 3,534 is the Ghostfolio account's balance; the buy and the sale are activities.
        Assert.Equal(3534m, document["accounts"]![0]!["balance"]!.GetValue<decimal>());
        Assert.Equal([("BUY", 10m, 250.5m, 1m), ("SELL", 4m, 260m, 0m)],
            document["activities"]!.AsArray().Select(a => (a!["type"]!.GetValue<string>(), a["quantity"]!.GetValue<decimal>(),
                a["unitPrice"]!.GetValue<decimal>(), a["fee"]!.GetValue<decimal>())));
        browser.Screenshot("15-export-downloads");
    }

    private static string BeanCheck(string path)
    {
        var psi = new ProcessStartInfo("bean-check", [path]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(psi)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? "" : output + errors.Result;
    }
}
