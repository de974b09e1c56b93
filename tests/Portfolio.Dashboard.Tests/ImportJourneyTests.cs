using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OpenQA.Selenium;
using Portfolio.Dashboard.Tests.Support;

namespace Portfolio.Dashboard.Tests;

/// <summary>Importing a file in a real Chromium: the dry run previews, errors block the booking, the commit books once.</summary>
[Collection(BrowserCollection.Name)]
public class ImportJourneyTests
{
    private const string Header = "date,type,symbol,quantity,price,fee,amount\n";
    private const string Good = "2024-05-20,deposit,,,,,5000\n2024-05-21,buy,AAPL,10,190.00,0,\n2024-05-22,buy,MSFT,5,420.00,1.00,\n";

    [BrowserFact]
    public async Task A_dry_run_previews_the_file_and_committing_it_books_each_row_once()
    {
        await using var server = await DashboardServer.StartAsync();
        var token = server.Token("bob");
        using var api = server.Client(token);
        using var created = await api.PostAsJsonAsync("/api/accounts", new { name = "Imported", type = "taxable", currency = "USD", lotMethod = "fifo" });
        var accountId = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        using var browser = Browser.Start();
        browser.Open(server.BaseUrl);
        browser.Find("#token").SendKeys(token);
        browser.Find("#sign-in-form button[type=submit]").Click();
        browser.Shows("main h1", "Accounts");
        browser.Find("#accounts-table a").Click();
        browser.Find("#tab-import").Click();

        // A file with a row of no known type (line 5): the dry run names it, and nothing can be booked.
        browser.Find("#import-file").SendKeys(WriteFile(Header + Good + "2024-05-23,swap,MSFT,1,1,0,\n"));
        browser.Find("#import-dry-run").Click();
        var error = browser.Row("#import-errors", "5");
        Assert.Equal(["5", "type", "swap"], error[..3]);
        Assert.StartsWith("is not one of", error[3]);
        Assert.False(browser.Find("#import-commit").Enabled);
        browser.Screenshot("12-import-errors");

        // The corrected file: three transactions would be booked, in booking order; still nothing is booked.
        browser.Find("#import-file").SendKeys(WriteFile(Header + Good));
        browser.Find("#import-dry-run").Click();
        browser.Shows("#import-status", "Dry run: 3 transaction(s) would be booked, 0 duplicate(s) skipped. Nothing is booked yet.");
        Assert.Equal(["May 21, 2024", "buy", "AAPL", "10", "$190.00", "", ""], browser.Row("#import-transactions", "May 21, 2024"));
        Assert.Equal(["May 22, 2024", "buy", "MSFT", "5", "$420.00", "$1.00", ""], browser.Row("#import-transactions", "May 22, 2024"));
        Assert.Equal(0, await CountAsync(api, accountId));
        browser.Screenshot("13-import-dry-run");

        browser.Find("#import-commit").Click();
        browser.Shows("#import-booked", "Booked 3 transaction(s); 0 duplicate(s) skipped.");
        Assert.Equal(3, await CountAsync(api, accountId));
        browser.Screenshot("14-import-booked");

        // The same file again books nothing: every row is a duplicate.
        browser.Find("#import-dry-run").Click();
        browser.Shows("#import-status", "Dry run: 0 transaction(s) would be booked, 3 duplicate(s) skipped. Nothing is booked yet.");
        Assert.False(browser.Find("#import-commit").Enabled);

        // Booked for real: 5,000 − 1,900 − 2,101 = 999 of cash; AAPL 10 at cost 1,900 (no price yet: valued at cost).
        browser.Find("#tab-positions").Click();
        browser.Shows("#cash", "$999.00");
        Assert.Equal(["AAPL", "10", "—", "—", "no price", "—", "$1,900.00", "—", "—"], browser.Row("#positions-table", "AAPL", skip: 3));

        // The CSV export downloads the booked log in booking order, in the columns the import reads.
        browser.Find("#tab-exports").Click();
        browser.Find("#export-csv").Click();
        var lines = browser.Downloaded("Imported.csv").Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("date,type,symbol,quantity,price,fee,amount,", lines[0]);
        Assert.StartsWith("2024-05-20,deposit,", lines[1]);
        Assert.StartsWith("2024-05-21,buy,AAPL,10,", lines[2]);
        Assert.StartsWith("2024-05-22,buy,MSFT,5,", lines[3]);
    }

    private static string WriteFile(string content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"import-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, content);
        return path;
    }

    private static async Task<int> CountAsync(HttpClient api, string accountId) =>
        (await api.GetFromJsonAsync<JsonObject>($"/api/accounts/{accountId}/transactions"))!["total"]!.GetValue<int>();
}
