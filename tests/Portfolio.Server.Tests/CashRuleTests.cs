using System.Net;
using Portfolio.Server.Tests.Support;

namespace Portfolio.Server.Tests;

/// <summary>A cash-tracking account never goes below zero (or below its margin allowance) at any date of its log.</summary>
public class CashRuleTests
{
    private static object Withdrawal(string date, decimal amount) => new { type = "withdrawal", tradeDate = date, amount };
    private static object Fee(string date, decimal amount) => new { type = "fee", tradeDate = date, amount };

    private static async Task<decimal> CashAsync(HttpClient client, string account) =>
        (await client.GetJsonAsync($"/api/accounts/{account}/positions")).Body!["cash"].Dec();

    private static async Task<int> CountAsync(HttpClient client, string account) =>
        (await client.GetJsonAsync($"/api/accounts/{account}/transactions")).Body!["total"]!.GetValue<int>();

    [Fact]
    public async Task Withdrawal_beyond_the_balance_is_refused_naming_amount_and_changes_nothing()
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.ClientFor("alice");
        var account = await alice.CreateAccountAsync(marginAllowance: 0);
        await alice.RecordAsync(account, Requests.Deposit("2024-05-01", 100));

        (await alice.PostJsonAsync($"/api/accounts/{account}/transactions", Withdrawal("2024-05-02", 1_000_000_000_000m)))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "amount");
        (await alice.PostJsonAsync($"/api/accounts/{account}/transactions", Withdrawal("2024-05-02", 100.000001m)))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "amount");
        Assert.Equal(100m, await CashAsync(alice, account));
        Assert.Equal(1, await CountAsync(alice, account));

        await alice.RecordAsync(account, Withdrawal("2024-05-02", 100));   // exactly the balance: cash 0 is allowed
        Assert.Equal(0m, await CashAsync(alice, account));
    }

    [Fact]
    public async Task Withdrawal_dated_before_the_first_deposit_is_refused()
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.ClientFor("alice");
        var account = await alice.CreateAccountAsync(marginAllowance: 0);
        await alice.RecordAsync(account, Requests.Deposit("2024-05-10", 100));

        // At the end the balance would be 100 − 50 = 50, but on 2024-05-09 it would be −50.
        (await alice.PostJsonAsync($"/api/accounts/{account}/transactions", Withdrawal("2024-05-09", 50)))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "amount");
        await alice.RecordAsync(account, Withdrawal("2024-05-10", 50));    // same date, booked after the deposit
        Assert.Equal(50m, await CashAsync(alice, account));
    }

    [Fact]
    public async Task Back_dated_buy_that_a_later_withdrawal_would_overdraw_is_refused_at_that_date()
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.ClientFor("alice");
        var account = await alice.CreateAccountAsync(marginAllowance: 0);
        await alice.RecordAsync(account, Requests.Deposit("2024-05-01", 1000));
        await alice.RecordAsync(account, Withdrawal("2024-05-20", 700));   // cash 300 from 2024-05-20
        await alice.RecordAsync(account, Requests.Deposit("2024-05-25", 500)); // cash 800 at the end

        // A buy of 4 × 100 on 2024-05-10 leaves 600 then, but 600 − 700 = −100 after the withdrawal of 2024-05-20,
        // although the final balance would be 400.
        var refused = await alice.PostJsonAsync($"/api/accounts/{account}/transactions", Requests.Buy("2024-05-10", "AAPL", 4, 100));
        refused.AssertProblem(HttpStatusCode.UnprocessableEntity, "quantity");
        Assert.Contains("2024-05-20", refused.Body!["errors"]!["quantity"]![0]!.GetValue<string>());

        // 3 × 100: 700 on 2024-05-10, 0 on 2024-05-20, 500 at the end.
        await alice.RecordAsync(account, Requests.Buy("2024-05-10", "AAPL", 3, 100));
        Assert.Equal(500m, await CashAsync(alice, account));
    }

    [Fact]
    public async Task Buy_and_fee_that_would_overdraw_are_refused_including_the_commission()
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.ClientFor("alice");
        var account = await alice.CreateAccountAsync(marginAllowance: 0);
        await alice.RecordAsync(account, Requests.Deposit("2024-05-01", 1000));

        // 10 × 99.9 + 1.01 commission = 1000.01 > 1000.
        (await alice.PostJsonAsync($"/api/accounts/{account}/transactions", Requests.Buy("2024-05-02", "AAPL", 10, 99.9m, fee: 1.01m)))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "quantity");
        await alice.RecordAsync(account, Requests.Buy("2024-05-02", "AAPL", 10, 99.9m, fee: 1m));   // exactly 1000
        (await alice.PostJsonAsync($"/api/accounts/{account}/transactions", Fee("2024-05-03", 0.01m)))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "amount");
        Assert.Equal(0m, await CashAsync(alice, account));

        // A sale and a dividend only add cash, so they are never refused by the rule.
        await alice.RecordAsync(account, Requests.Sell("2024-05-03", "AAPL", 1, 50));
        Assert.Equal(50m, await CashAsync(alice, account));
    }

    [Fact]
    public async Task Margin_allowance_lets_cash_go_that_far_below_zero_and_no_further()
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.ClientFor("alice");
        var account = await alice.CreateAccountAsync(marginAllowance: 500);
        await alice.RecordAsync(account, Requests.Deposit("2024-05-01", 1000));

        await alice.RecordAsync(account, Requests.Buy("2024-05-02", "AAPL", 12, 125));   // 1000 − 1500 = −500
        Assert.Equal(-500m, await CashAsync(alice, account));
        (await alice.PostJsonAsync($"/api/accounts/{account}/transactions", Withdrawal("2024-05-03", 0.000001m)))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "amount");
        Assert.Equal(500m, (await alice.GetJsonAsync($"/api/accounts/{account}")).Body!["marginAllowance"].Dec());
    }

    [Fact]
    public async Task Account_that_tracks_no_cash_is_not_limited()
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.ClientFor("alice");
        var account = await alice.CreateAccountAsync(tracksCash: false);
        await alice.RecordAsync(account, Requests.Buy("2024-05-02", "AAPL", 10, 100));
        await alice.RecordAsync(account, Withdrawal("2024-05-03", 1_000_000m));
        Assert.Equal(2, await CountAsync(alice, account));
    }

    [Theory]
    [InlineData("{\"name\":\"x\",\"type\":\"taxable\",\"currency\":\"USD\",\"marginAllowance\":-1}", 422)]
    [InlineData("{\"name\":\"x\",\"type\":\"taxable\",\"currency\":\"USD\",\"marginAllowance\":1000000000001}", 422)]
    [InlineData("{\"name\":\"x\",\"type\":\"taxable\",\"currency\":\"USD\",\"marginAllowance\":0.0000001}", 422)]
    [InlineData("{\"name\":\"x\",\"type\":\"taxable\",\"currency\":\"USD\",\"tracksCash\":false,\"marginAllowance\":10}", 422)]
    [InlineData("{\"name\":\"x\",\"type\":\"taxable\",\"currency\":\"USD\",\"marginAllowance\":\"lots\"}", 400)]
    public async Task Bad_margin_allowance_is_refused_naming_the_field(string json, int status)
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.ClientFor("alice");
        (await alice.SendAsync(HttpMethod.Post, "/api/accounts", rawBody: json)).AssertProblem((HttpStatusCode)status, "marginAllowance");
        Assert.Empty((await alice.GetJsonAsync("/api/accounts")).Body!.AsArray());
    }

    [Fact]
    public async Task Two_concurrent_withdrawals_of_the_whole_balance_exactly_one_succeeds()
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.ClientFor("alice");
        for (var round = 0; round < 10; round++)
        {
            var account = await alice.CreateAccountAsync(marginAllowance: 0);
            await alice.RecordAsync(account, Requests.Deposit("2024-05-01", 250.5m));
            var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(i =>
                alice.PostJsonAsync($"/api/accounts/{account}/transactions", Withdrawal("2024-05-02", 250.5m), $"w-{i}")));

            Assert.Single(results, r => r.Status == HttpStatusCode.Created);
            results.Single(r => r.Status != HttpStatusCode.Created).AssertProblem(HttpStatusCode.UnprocessableEntity, "amount");
            Assert.Equal(0m, await CashAsync(alice, account));
            Assert.Equal(2, await CountAsync(alice, account));
        }
    }
}
