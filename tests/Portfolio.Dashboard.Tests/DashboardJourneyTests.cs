using System.Globalization;
using OpenQA.Selenium;
using OpenQA.Selenium.Interactions;
using Portfolio.Dashboard.Tests.Support;

namespace Portfolio.Dashboard.Tests;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection
{
    public const string Name = "browser";
}

/// <summary>A person's way through the dashboard in a real Chromium, with a screenshot of each page.</summary>
[Collection(BrowserCollection.Name)]
public class DashboardJourneyTests
{
    [BrowserFact]
    public async Task Sign_in_open_an_account_record_transactions_and_see_positions_returns_and_the_chart()
    {
        await using var server = await DashboardServer.StartAsync();
        using var browser = Browser.Start();

        // Sign in by pasting a token.
        browser.Open(server.BaseUrl);
        browser.Find("#token").SendKeys(server.Token("alice"));
        browser.Screenshot("01-sign-in");
        browser.Find("#sign-in-form button[type=submit]").Click();
        browser.Shows("main h1", "Accounts");

        // Open an account.
        browser.Find("#new-name").SendKeys("Brokerage");
        browser.Screenshot("02-accounts-empty");
        browser.Find("#create-account").Click();
        browser.Shows("#account-name", "Brokerage");

        // Record a deposit and a buy with the mouse, then a second buy with the keyboard only.
        browser.Find("#tab-transactions").Click();
        Record(browser, "deposit", "05/28/2024", ("amount", "10000"));
        browser.Shows("#record-status", "Recorded deposit of May 28, 2024.");
        Record(browser, "buy", "05/29/2024", ("symbol", "VTI"), ("quantity", "10"), ("price", "250"), ("fee", "1"));
        browser.Shows("#record-status", "Recorded buy of May 29, 2024.");

        browser.Find("#tx-tradeDate").SendKeys("05/30/2024");
        browser.Find("#tx-symbol").SendKeys("bnd");  // upper-cased when sent
        new Actions(browser.Driver)
            .SendKeys(Keys.Tab).SendKeys("20")       // quantity
            .SendKeys(Keys.Tab).SendKeys("72.50")    // price
            .SendKeys(Keys.Tab)                      // fee, left empty
            .SendKeys(Keys.Enter)                    // submits the form
            .Perform();
        browser.Shows("#record-status", "Recorded buy of May 30, 2024.");
        browser.Shows("#transactions-table caption", "3 transactions in trade-date order");
        browser.Screenshot("03-transactions");

        // Quotes arrive: VTI at 13:55 in New York (fresh), BND at 13:00 (an hour of session: stale).
        await server.PushPricesAsync(("VTI", 260m, DashboardServer.Now.AddMinutes(-5)), ("BND", 73m, DashboardServer.Now.AddHours(-1)));

        // Positions: VTI 10 × 260 = 2,600 against a basis of 10 × 250 + 1 = 2,501; BND 20 × 73 = 1,460 against 1,450.
        // Cash 10,000 − 2,501 − 1,450 = 6,049; total 2,600 + 1,460 + 6,049 = 10,109.
        browser.Find("#tab-positions").Click();
        browser.Shows("#total-value", "$10,109.00");
        Assert.Equal(["VTI", "10", "$260.00", "feed", "yes", "$2,600.00", "$2,501.00", "+$99.00", "25.72%"], browser.Row("#positions-table", "VTI", skip: 3));
        Assert.Equal(["BND", "20", "$73.00", "feed", "stale", "$1,460.00", "$1,450.00", "+$10.00", "14.44%"], browser.Row("#positions-table", "BND", skip: 3));
        browser.Shows("#cash", "$6,049.00");
        browser.Shows("#total-unrealized", "+$109.00");
        browser.Shows("#allocation p", "No targets yet: set them below to see the drift and the trades that reach them.");

        // Targets 60 % VTI, 30 % BND of 10,109: VTI is 2,600 / 10,109 = 25.7197 %, 34.28 points short, and buys
        // (6,065.40 − 2,600) / 260 = 13.3 → 13 whole shares; BND is 14.4426 %, 15.56 points short, and buys (3,032.70 − 1,460) / 73 = 21.5 → 21.
        var targets = browser.Find("#targets-input");
        targets.Clear();
        targets.SendKeys("VTI=60, BND=30" + Keys.Enter);
        Assert.Equal(["VTI", "25.72%", "60.00%", "34.28 pp", "beyond tolerance", "buy 13"], browser.Row("#allocation-table", "VTI"));
        Assert.Equal(["BND", "14.44%", "30.00%", "15.56 pp", "beyond tolerance", "buy 21"], browser.Row("#allocation-table", "BND"));
        browser.Screenshot("04-positions");

        // Overview at the close of 2024-06-03: the day before was valued at the trade prices (no earlier closes), 9,999,
        // so the day changed 10,109 − 9,999 = +110. TWR: 9,999 / 10,000 after the fee day, then 10,109 / 9,999: 1.0109 − 1.
        // MWR: 10,000 in on 2024-05-28, 10,109 out 6 days later: 1.0109^(365/6) − 1.
        browser.Find("#tab-overview").Click();
        browser.Shows("#value", "$10,109.00");
        browser.Shows("#day-change", "+$110.00");
        browser.Shows("#unrealized", "+$109.00");
        browser.Shows("#realized", "$0.00");
        browser.Shows("#twr", "+1.09%");
        browser.Shows("#mwr", "+" + ((Math.Pow(1.0109, 365.0 / 6) - 1) * 100).ToString("N2", CultureInfo.InvariantCulture) + "%");
        var chart = browser.Find("#value-chart svg");
        Assert.Equal("7", chart.GetAttribute("data-points")); // 2024-05-28 to 2024-06-03
        Assert.Equal("$10,109.00", chart.FindElement(By.CssSelector("text.high")).Text);
        Assert.Equal("$9,999.00", chart.FindElement(By.CssSelector("text.low")).Text);
        Assert.Equal("May 28, 2024", chart.FindElement(By.CssSelector("text.first")).Text);
        Assert.Equal("Jun 3, 2024", chart.FindElement(By.CssSelector("text.last")).Text);
        Assert.Equal(7, chart.FindElement(By.CssSelector("path.value")).GetAttribute("d")!.Split(' ').Length);
        var twr = browser.Find("#twr-chart svg");
        Assert.Equal("1.09%", twr.FindElement(By.CssSelector("text.high")).Text);
        Assert.Equal("-0.01%", twr.FindElement(By.CssSelector("text.low")).Text);
        browser.Screenshot("05-overview");

        browser.Find("#tab-tax").Click();
        browser.Find("#lots-table");
        Assert.Equal(["VTI", "May 29, 2024", "10", "$250.10", "$2,501.00", "$2,600.00", "+$99.00", "short"], browser.Row("#lots-table", "VTI"));
        browser.Shows("#realized-gains p", "Nothing sold yet.");

        // A sale at a loss and a buy back within 30 days: 4 VTI sold at 240 = 960 against 4 × 250.10 = 1,000.40, a loss
        // of 40.40; 2 of the 4 shares are replaced, so 40.40 × 2 / 4 = 20.20 is disallowed and −20.20 recognized.
        browser.Find("#tab-transactions").Click();
        Record(browser, "sell", "05/31/2024", ("symbol", "VTI"), ("quantity", "4"), ("price", "240"), ("fee", "0"));
        browser.Shows("#record-status", "Recorded sell of May 31, 2024.");
        Record(browser, "buy", "06/03/2024", ("symbol", "VTI"), ("quantity", "2"), ("price", "258"), ("fee", "0"));
        browser.Shows("#record-status", "Recorded buy of Jun 3, 2024.");
        browser.Find("#tab-tax").Click();
        browser.Shows("#realized-2024 p", "Short-term -$20.20, long-term $0.00, wash-sale disallowed $20.20.");
        Assert.Equal(["VTI", "4", "May 29, 2024", "May 31, 2024", "$960.00", "$1,000.40", "-$40.40", "$20.20", "-$20.20", "short"],
            browser.Row("#realized-2024 table", "VTI"));
        browser.Screenshot("06-tax");

        browser.Find("#tab-exports").Click();
        browser.Find("#form-8949");
        browser.Screenshot("07-downloads");

        // Now cash is 6,049 + 960 − 516 = 6,493 and VTI 8 × 260 = 2,080: 10,033 in all. Unrealized: the old lot's 6 shares
        // 1,560 − 1,500.60 = 59.40, the new lot 520 − (516 + 20.20) = −16.20, BND 10: 53.20.
        browser.Find("a.brand").Click();
        Assert.Equal(["Brokerage", "taxable", "fifo", "$10,033.00", "+$53.20"], browser.Row("#accounts-table", "Brokerage"));
        browser.Screenshot("08-accounts");

        // A phone.
        browser.Resize(390, 844);
        browser.Find("#accounts-table a").Click();
        browser.Shows("#value", "$10,033.00");
        var width = Convert.ToInt64(browser.Driver.ExecuteScript("return document.documentElement.scrollWidth"), CultureInfo.InvariantCulture);
        Assert.True(width <= 390, $"the page is {width} px wide on a 390 px screen: it should scroll no further sideways than the screen");
        browser.Screenshot("09-overview-phone");
    }

    [BrowserFact]
    public async Task On_a_loopback_only_install_one_click_signs_in_as_the_local_user()
    {
        await using var server = await DashboardServer.StartAsync();
        using var browser = Browser.Start();

        browser.Open(server.BaseUrl);
        browser.Shows("#local-sign-in-button", "Sign in as local (local)");
        browser.Screenshot("10-local-sign-in");
        browser.Find("#local-sign-in-button").Click();

        browser.Shows("main h1", "Accounts");
        Assert.True(browser.Find("#sign-out").Displayed);
    }

    [BrowserFact]
    public async Task The_api_reference_renders_the_openapi_document()
    {
        await using var server = await DashboardServer.StartAsync();
        using var browser = Browser.Start();

        browser.Open(new Uri(server.BaseUrl, "/scalar/"));

        // Scalar's page is a 4.9 MB script (served by the server, nothing fetched from elsewhere): on a loaded machine it takes a while.
        browser.Until(() => browser.Driver.FindElements(By.TagName("h1")).FirstOrDefault(e => e.Text == "Portfolio Functions API"), "the API's title",
            patience: TimeSpan.FromMinutes(2));
        browser.Until(() => browser.Driver.FindElement(By.TagName("body")).Text.Contains("Lists the caller's accounts.") ? "" : null, "the list-accounts operation");
        browser.Screenshot("11-api-reference");
    }

    private static void Record(Browser browser, string type, string date, params (string Field, string Value)[] fields)
    {
        browser.Driver.ExecuteScript("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change'));", browser.Find("#tx-type"), type);
        browser.Find("#tx-tradeDate").SendKeys(date);
        foreach (var (field, value) in fields)
        {
            var input = browser.Find($"#tx-{field}");
            input.Clear();
            input.SendKeys(value);
        }
        browser.Find("#record-transaction").Click();
    }
}
