using OpenQA.Selenium;
using Portfolio.Dashboard.Tests.Support;

namespace Portfolio.Dashboard.Tests;

/// <summary>Paper orders, the watchlist with a price alert, and the inbox filling live from the notification stream.</summary>
[Collection(BrowserCollection.Name)]
public class OrdersWatchlistNotificationsJourneyTests
{
    private const int PlacedColumn = 8; // shown in the reader's time zone

    [BrowserFact]
    public async Task Place_and_cancel_an_order_watch_a_symbol_with_an_alert_and_see_the_fill_and_the_alert_arrive_live()
    {
        await using var server = await DashboardServer.StartAsync();
        using var browser = Browser.Start();

        browser.Open(server.BaseUrl);
        browser.Find("#token").SendKeys(server.Token("alice"));
        browser.Find("#sign-in-form button[type=submit]").Click();
        browser.Shows("main h1", "Accounts");
        browser.Find("#new-name").SendKeys("Cash");
        browser.Find("#create-account").Click();
        browser.Shows("#account-name", "Cash");
        browser.Find("#tab-transactions").Click();
        Choose(browser, "#tx-type", "deposit");
        browser.Find("#tx-tradeDate").SendKeys("06/03/2024");
        browser.Find("#tx-amount").SendKeys("10000");
        browser.Find("#record-transaction").Click();
        browser.Shows("#record-status", "Recorded deposit of Jun 3, 2024.");

        // A symbol the API refuses is shown next to the symbol field, and nothing is placed.
        browser.Find("#tab-orders").Click();
        browser.Shows("#orders p", "No orders yet.");
        PlaceLimitBuy(browser, "NOT A SYMBOL", "10", "250");
        var symbolError = browser.Find("#order-field-symbol .field-error");
        Assert.False(string.IsNullOrWhiteSpace(symbolError.Text));
        Assert.Equal("true", browser.Find("#order-symbol").GetAttribute("aria-invalid"));
        Assert.Equal("order-symbol-error", browser.Find("#order-symbol").GetAttribute("aria-describedby"));
        browser.Shows("#orders p", "No orders yet.");

        // No quote yet: a limit buy waits. Cancelled, it closes.
        browser.Find("#order-symbol").Clear();
        PlaceLimitBuy(browser, "VTI", "10", "250");
        browser.Shows("#order-status", "Order to buy 10 VTI: pending.");
        Assert.Empty(browser.Driver.FindElements(By.CssSelector("#order-form .field-error")));
        Assert.Equal(["VTI", "buy", "10", "limit $250.00", "gtc", "pending", "", "", "", "Cancel"], browser.Row("#orders-table", "VTI", skip: PlacedColumn));
        browser.Find("#orders-table button[aria-label='Cancel buy 10 VTI']").Click();
        var cancelled = browser.Until(() => browser.Row("#orders-table", "VTI") is { } row && row[5] == "cancelled" ? row : null, "the order cancelled");
        Assert.Equal("cancelled by the owner", cancelled[6]);
        Assert.Equal("", cancelled[7]);                          // no fill
        Assert.NotEqual("", cancelled[9]);                       // a closing time
        Assert.Equal("", cancelled[10]);                         // nothing left to cancel

        // A minute later, a second limit buy: it stays pending until a quote at or below 250.
        server.Clock.Advance(TimeSpan.FromMinutes(1));
        PlaceLimitBuy(browser, "VTI", "10", "250");
        browser.Shows("#orders-table caption", "2 orders, newest first");
        Assert.Equal(["VTI", "buy", "10", "limit $250.00", "gtc", "pending", "", "", "", "Cancel"], browser.Row("#orders-table", "VTI", skip: PlacedColumn));

        // Watch VTI, with an alert at or below 248.
        browser.Find("#nav-watchlist").Click();
        browser.Shows("main h1", "Watchlist");
        browser.Find("#watch-symbol").SendKeys("vti" + Keys.Enter);
        Assert.Equal(["VTI", "—", "no price yet", "", "Remove"], browser.Row("#watchlist-table", "VTI"));
        browser.Find("#alert-symbol").SendKeys("VTI");
        Choose(browser, "#alert-kind", "below");
        browser.Find("#alert-value").SendKeys("248" + Keys.Enter);
        Assert.Equal(["VTI", "below $248.00", "armed", "0", "—", "", "Delete"], browser.Row("#alerts-table", "VTI"));

        // The inbox is empty, then a quote at 245 fills the order (10 × 245 = 2,450 of 10,000 cash) and fires the alert:
        // both notifications arrive from the stream without reloading the page.
        browser.Find("#nav-notifications").Click();
        browser.Shows("main h1", "Notifications");
        browser.Find("#inbox-empty");
        Assert.False(browser.Driver.FindElement(By.Id("unread-count")).Displayed);
        server.Clock.Advance(TimeSpan.FromMinutes(1));
        await server.PushPricesAsync(("VTI", 245m, server.Clock.GetUtcNow().AddSeconds(-30)));
        var kinds = browser.Until(() => browser.Driver.FindElements(By.CssSelector("#inbox li.unread")) is { Count: 2 } items
            ? items.Select(i => i.GetAttribute("data-kind") ?? "").Order().ToArray() : null, "two unread notifications");
        Assert.Equal(["order.filled", "price.alert"], kinds);
        Assert.DoesNotContain(browser.Driver.FindElements(By.Id("inbox-empty")), e => e.Displayed);
        browser.Shows("#unread-count", "2");
        Assert.Equal("Notifications, 2 unread", browser.Find("#nav-notifications").GetAttribute("aria-label"));
        browser.Shows("#inbox li[data-kind='order.filled'] .message", "Order buy 10 VTI filled at 245");
        browser.Shows("#inbox li[data-kind='price.alert'] .message", "Price alert: VTI at 245 is at or below 248");
        browser.Screenshot("18-notifications");

        browser.Find("#inbox li[data-kind='order.filled'] button").Click();
        browser.Find("#inbox li.read[data-kind='order.filled']");
        browser.Shows("#unread-count", "1");
        Assert.Single(browser.Driver.FindElements(By.CssSelector("#inbox li.unread[data-kind='price.alert']")));

        // The order is filled at the quote, the alert has fired once, and the watchlist shows the price.
        browser.Find("#nav-watchlist").Click();
        Assert.Equal(["VTI", "$245.00"], browser.Row("#watchlist-table", "VTI").Take(2));
        Assert.Equal("fresh", browser.Row("#watchlist-table", "VTI")[3]);
        Assert.Equal(["VTI", "below $248.00", "fired", "1", "$245.00"], browser.Row("#alerts-table", "VTI").Take(5));
        browser.Screenshot("17-watchlist");

        browser.Find("a.brand").Click();
        browser.Find("#accounts-table a").Click();
        browser.Find("#tab-orders").Click();
        var filled = browser.Row("#orders-table", "VTI", skip: PlacedColumn);
        Assert.Equal(["VTI", "buy", "10", "limit $250.00", "gtc", "filled"], filled.Take(6));
        Assert.Equal("$245.00", filled[7]);
        Assert.NotEqual("", filled[8]);                          // filled at (Closed, after the skipped column)
        Assert.Equal("", filled[9]);
        browser.Screenshot("16-orders");

        // Readable on a phone: the orders page scrolls no wider than the screen (the table scrolls inside its box).
        browser.Resize(390, 844);
        browser.Find("#orders-table");
        var width = Convert.ToInt64(browser.Driver.ExecuteScript("return document.documentElement.scrollWidth"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(width <= 390, $"the page is {width} px wide on a 390 px screen");
    }

    private static void PlaceLimitBuy(Browser browser, string symbol, string quantity, string limit)
    {
        Choose(browser, "#order-side", "buy");
        Choose(browser, "#order-type", "limit");
        Choose(browser, "#order-timeInForce", "gtc");
        foreach (var (field, value) in new[] { ("symbol", symbol), ("quantity", quantity), ("limitPrice", limit) })
        {
            var input = browser.Find($"#order-{field}");
            input.Clear();
            input.SendKeys(value);
        }
        browser.Find("#place-order").Click();
    }

    private static void Choose(Browser browser, string select, string value) =>
        browser.Driver.ExecuteScript("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change', { bubbles: true }));", browser.Find(select), value);
}
