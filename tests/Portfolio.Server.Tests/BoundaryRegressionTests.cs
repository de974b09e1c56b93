using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Portfolio.Application.Ledger;
using Portfolio.Application.Ports;
using Portfolio.Application.Revaluation;
using Portfolio.Domain.Transactions;
using Portfolio.Server.Tests.Support;

namespace Portfolio.Server.Tests;

/// <summary>
/// One test per boundary class of issue 10: values each in range whose dates or products leave what the code can
/// represent. A write that would get there is refused (422 naming the field) and changes nothing; a log already holding
/// such values (written straight into the store, as an older version could have) never makes a read answer 500.
/// </summary>
public class BoundaryRegressionTests
{
    private static readonly string[] ReadRoutes = ["positions", "tax-lots", "realized-gains", "performance?from=2024-01-01", "rebalance", "transactions", "alerts"];

    [Fact]
    public async Task Year_one_trade_date_is_refused_and_a_stored_one_still_reads_through_the_wash_sale_window()
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.ClientFor("alice");
        var id = await alice.CreateAccountAsync();
        (await alice.PostJsonAsync($"/api/accounts/{id}/transactions", Requests.Buy("0001-01-01", "XYZ", 10, 10))).AssertProblem(HttpStatusCode.UnprocessableEntity, "tradeDate");
        (await alice.PostJsonAsync($"/api/accounts/{id}/transactions",
            new { type = "transferIn", tradeDate = "2024-01-02", symbol = "XYZ", lots = new[] { new { quantity = 1, costBasis = 1, acquiredOn = "0001-01-01" } } }))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "lots[0].acquiredOn");

        // Stored before the floor: a loss sold 5 days after purchase in year one, washed by a buy 5 days later. The
        // 30-day windows of both start before 0001-01-01.
        await StoreAsync(app, id,
            new Buy("tx_1", new DateOnly(1, 1, 5), "XYZ", 10, 10),
            new Sell("tx_2", new DateOnly(1, 1, 10), "XYZ", 10, 8),
            new Buy("tx_3", new DateOnly(1, 1, 15), "XYZ", 10, 9));

        var realized = await alice.GetJsonAsync($"/api/accounts/{id}/realized-gains");
        Assert.Equal(HttpStatusCode.OK, realized.Status);
        var piece = realized.Body!["items"]![0]!;
        Assert.Equal(-20m, piece["gain"].Dec());               // 10 × 8 − 10 × 10
        Assert.Equal(20m, piece["washSaleDisallowed"].Dec());  // the whole loss: 10 replacement shares for 10 sold
        var lot = (await alice.GetJsonAsync($"/api/accounts/{id}/tax-lots")).Body![0]!;
        Assert.Equal(110m, lot["costBasis"].Dec());             // 10 × 9 + the disallowed 20
        Assert.Equal("0001-01-10", lot["acquiredOn"]!.GetValue<string>()); // 15 January less the 5 days held
        // Not performance: its stored daily series starts at the first trade date, 739,000 days back (slow, not failing).
        await AssertEveryReadAnswersAsync(alice, id, ReadRoutes.Where(r => !r.StartsWith("performance", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Price_history_dates_outside_the_calendar_range_are_refused_naming_the_parameter()
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.ClientFor("alice");

        (await alice.GetJsonAsync("/api/prices/XYZ?to=0001-01-01")).AssertProblem(HttpStatusCode.UnprocessableEntity, "to");
        (await alice.GetJsonAsync("/api/prices/XYZ?from=0001-01-01")).AssertProblem(HttpStatusCode.UnprocessableEntity, "from");
        (await alice.GetJsonAsync("/api/prices/XYZ?to=9999-12-31T23:59:59Z")).AssertProblem(HttpStatusCode.UnprocessableEntity, "to");
        (await alice.GetJsonAsync("/api/accounts/none/performance?to=0001-01-01")).AssertProblem(HttpStatusCode.NotFound);
        var id = await alice.CreateAccountAsync();
        (await alice.GetJsonAsync($"/api/accounts/{id}/performance?to=0001-01-01")).AssertProblem(HttpStatusCode.UnprocessableEntity, "to");
        Assert.Equal(HttpStatusCode.OK, (await alice.GetJsonAsync("/api/prices/XYZ?from=1900-01-01&to=1900-02-01")).Status);
    }

    [Fact]
    public async Task Split_that_would_overflow_a_lot_is_refused_naming_newShares_and_a_stored_one_reads_as_a_problem()
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.ClientFor("alice");
        var admin = app.ClientFor("ops", admin: true);
        var id = await alice.CreateAccountAsync(tracksCash: false);
        await alice.RecordAsync(id, Requests.Buy("2024-01-02", "XYZ", 1_000_000, 1));
        await alice.RecordAsync(id, Requests.Buy("2024-01-03", "XYZ", 1, 1));
        var before = await StateAsync(alice, id);

        // A ratio term beyond 10^6 is refused before any account is read.
        (await admin.PostJsonAsync("/api/corporate-actions", new { type = "split", symbol = "XYZ", tradeDate = "2024-02-01", newShares = 10_000_000, oldShares = 1 }))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "newShares");
        // Within the ratio bound, but 1,000,001 shares × 10^6 is beyond the 10^12 a position may hold: refused for every account.
        (await admin.PostJsonAsync("/api/corporate-actions", new { type = "split", symbol = "XYZ", tradeDate = "2024-02-01", newShares = 1_000_000, oldShares = 1 }))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "newShares");
        (await alice.PostJsonAsync($"/api/accounts/{id}/transactions", new { type = "split", symbol = "XYZ", tradeDate = "2024-02-01", newShares = 1_000_000, oldShares = 1 }))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "newShares");
        Assert.Equal(before, await StateAsync(alice, id));
        Assert.Equal(2, (await alice.GetJsonAsync($"/api/accounts/{id}/transactions")).Body!["total"]!.GetValue<int>());

        // A log written before the bounds: 10^12 × 10^12 × 10^12 shares leaves decimal during replay.
        var old = await alice.CreateAccountAsync(tracksCash: false);
        await StoreAsync(app, old,
            new Buy("tx_1", new DateOnly(2024, 1, 2), "XYZ", 1_000_000_000_000m, 1),
            new Split("tx_2", new DateOnly(2024, 1, 3), "XYZ", 1_000_000_000_000m, 1),
            new Split("tx_3", new DateOnly(2024, 1, 4), "XYZ", 1_000_000_000_000m, 1));
        foreach (var route in ReadRoutes.Where(r => r != "alerts"))
        {
            var answer = await alice.GetJsonAsync($"/api/accounts/{old}/{route}");
            if (route == "rebalance") continue; // no targets: 422 naming targets comes first
            answer.AssertProblem(HttpStatusCode.UnprocessableEntity, "account");
            Assert.StartsWith("account state cannot be valued", answer.Body!["errors"]!["account"]![0]!.GetValue<string>());
        }
        // The revaluation counts it and carries on with the others.
        var summary = await app.Services.GetRequiredService<RevaluationService>().RevalueAllAsync(2, CancellationToken.None);
        Assert.Equal(1, summary.Failures);
        Assert.Equal(1, summary.AccountsRevalued);
    }

    [Fact]
    public async Task Repeated_splits_stop_at_the_quantity_bound_and_leave_the_last_accepted_state()
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.ClientFor("alice");
        var id = await alice.CreateAccountAsync(tracksCash: false);
        await alice.RecordAsync(id, Requests.Buy("2024-01-02", "XYZ", 1000, 50));
        await alice.RecordAsync(id, new { type = "split", symbol = "XYZ", tradeDate = "2024-02-01", newShares = 1_000_000, oldShares = 1 });
        var before = await StateAsync(alice, id);

        (await alice.PostJsonAsync($"/api/accounts/{id}/transactions", new { type = "split", symbol = "XYZ", tradeDate = "2024-03-01", newShares = 1_000_000, oldShares = 1 }))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "newShares");

        Assert.Equal(before, await StateAsync(alice, id));
        var position = (await alice.GetJsonAsync($"/api/accounts/{id}/positions")).Body!["positions"]![0]!;
        Assert.Equal(1_000_000_000m, position["quantity"].Dec()); // 1,000 × 10^6
        Assert.Equal(50_000m, position["costBasis"].Dec());       // basis kept
    }

    [Fact]
    public async Task Stock_dividend_or_spin_off_per_share_that_would_overflow_is_refused_naming_sharesPerShare()
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.ClientFor("alice");
        var admin = app.ClientFor("ops", admin: true);
        var id = await alice.CreateAccountAsync(tracksCash: false);
        await alice.RecordAsync(id, Requests.Buy("2024-01-02", "XYZ", 1_000_000_000, 1));
        var before = await StateAsync(alice, id);

        // 10^9 shares × (1 + 10^6) and 10^9 × 10^6 new shares are both beyond 10^12.
        (await admin.PostJsonAsync("/api/corporate-actions", new { type = "stockDividend", symbol = "XYZ", tradeDate = "2024-02-01", sharesPerShare = 1_000_000 }))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "sharesPerShare");
        (await admin.PostJsonAsync("/api/corporate-actions",
                new { type = "spinOff", symbol = "XYZ", newSymbol = "NEW", tradeDate = "2024-02-01", sharesPerShare = 1_000_000, parentPrice = 10, newPrice = 1_000_000_000 }))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "sharesPerShare");
        (await alice.PostJsonAsync($"/api/accounts/{id}/transactions",
                new { type = "spinOff", symbol = "XYZ", newSymbol = "NEW", tradeDate = "2024-02-01", sharesPerShare = 10_000_000, parentPrice = 10, newPrice = 1 }))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "sharesPerShare");

        Assert.Equal(before, await StateAsync(alice, id));

        // Stored before the bounds: a basis of 10^24 times a spin-off value of 10^12 per share left decimal in the
        // basis allocation; it is now computed from the value ratio instead, and basis is still conserved exactly.
        var old = await alice.CreateAccountAsync(tracksCash: false);
        await StoreAsync(app, old,
            new Buy("tx_1", new DateOnly(2024, 1, 2), "XYZ", 1_000_000_000_000m, 1_000_000_000_000m),
            new SpinOff("tx_2", new DateOnly(2024, 1, 3), "XYZ", "NEW", 1, 1, 1_000_000_000_000m));
        var lots = await alice.GetJsonAsync($"/api/accounts/{old}/tax-lots");
        Assert.Equal(HttpStatusCode.OK, lots.Status);
        var basis = lots.Body!.AsArray().ToDictionary(l => l!["symbol"]!.GetValue<string>(), l => l!["costBasis"].Dec());
        Assert.Equal(1e24m, basis["XYZ"] + basis["NEW"]);
        // The new lot takes 10^24 × 10^12 / (1 + 10^12) = 999,999,999,999,000,000,000,000.999 999 999 999…, which decimal's
        // 29 significant digits hold as …001 (rounded in the last integer digit).
        Assert.InRange(basis["NEW"], 999_999_999_999_000_000_000_000m, 999_999_999_999_000_000_000_001m);
        await AssertEveryReadAnswersAsync(alice, old);
    }

    [Fact]
    public async Task Tiny_reverse_split_that_would_round_a_lot_to_zero_shares_is_refused_and_a_stored_one_still_rebalances()
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.ClientFor("alice");
        var id = await alice.CreateAccountAsync(tracksCash: false, fractional: true);
        await alice.RecordAsync(id, Requests.Buy("2024-01-02", "XYZ", 0.5m, 10));
        await alice.RecordAsync(id, Requests.Buy("2024-01-03", "XYZ", 10, 10));
        var before = await StateAsync(alice, id);

        // 1 for 10^6: the 0.5-share lot would hold 0.0000005, which rounds to 0 at 6 places, yet keep its basis of 5.
        var refused = await alice.PostJsonAsync($"/api/accounts/{id}/transactions",
            new { type = "split", symbol = "XYZ", tradeDate = "2024-02-01", newShares = 1, oldShares = 1_000_000 });
        refused.AssertProblem(HttpStatusCode.UnprocessableEntity, "newShares");
        Assert.Contains("zero shares", refused.Body!["errors"]!["newShares"]![0]!.GetValue<string>());
        Assert.Equal(before, await StateAsync(alice, id));

        // Stored before the rule: the zero-share lot exists; rebalancing sells around it instead of dividing by it.
        var old = await alice.CreateAccountAsync(fractional: true);
        await StoreAsync(app, old,
            new Deposit("tx_0", new DateOnly(2024, 1, 1), 1000),
            new Buy("tx_1", new DateOnly(2024, 1, 2), "XYZ", 0.5m, 10),
            new Buy("tx_2", new DateOnly(2024, 1, 3), "XYZ", 10, 10),
            new Split("tx_3", new DateOnly(2024, 2, 1), "XYZ", 1, 1_000_000));
        var targets = await alice.SendAsync(HttpMethod.Put, $"/api/accounts/{old}/targets", new { targets = new { XYZ = 0 } });
        Assert.True(targets.Status == HttpStatusCode.OK, targets.Body?.ToJsonString());
        var admin = app.ClientFor("ops", admin: true);
        await admin.PushPricesAsync(("XYZ", 100_000m, TestApp.DefaultNow.AddMinutes(-5)));
        var plan = await alice.GetJsonAsync($"/api/accounts/{old}/rebalance");
        Assert.True(plan.Status == HttpStatusCode.OK, plan.Body?.ToJsonString());
        await AssertEveryReadAnswersAsync(alice, old);
    }

    [Fact]
    public async Task Page_times_page_size_beyond_int_answers_an_empty_page_not_the_first()
    {
        await using var app = await TestApp.StartAsync();
        var alice = app.ClientFor("alice");
        var id = await alice.CreateAccountAsync();
        await alice.RecordAsync(id, Requests.Deposit("2024-01-02", 100));
        await alice.RecordAsync(id, Requests.Deposit("2024-01-03", 100));

        // (2^31 − 1 − 1) × 500 wraps to a negative int: Skip() of it answered the first page.
        var far = await alice.GetJsonAsync($"/api/accounts/{id}/transactions?page={int.MaxValue}&pageSize=500");
        Assert.Equal(HttpStatusCode.OK, far.Status);
        Assert.Empty(far.Body!["items"]!.AsArray());
        Assert.Equal(2, far.Body["total"]!.GetValue<int>());
        Assert.Equal(int.MaxValue, far.Body["page"]!.GetValue<int>());
        var beyondInt = await alice.GetJsonAsync($"/api/accounts/{id}/transactions?page=2147483648");
        beyondInt.AssertProblem(HttpStatusCode.BadRequest, "page");
    }

    /// <summary>Appends transactions straight to the store, skipping every check of the write path.</summary>
    internal static async Task StoreAsync(TestApp app, string accountId, params Transaction[] log)
    {
        var store = app.Services.GetRequiredService<ILedgerStore>();
        for (var i = 0; i < log.Length; i++)
            Assert.Equal(AppendStatus.Appended, await store.TryAppendAsync(new LedgerEntry(accountId, i + 1, log[i], app.Clock.GetUtcNow()), CancellationToken.None));
    }

    internal static async Task<(string Transactions, string Positions)> StateAsync(HttpClient client, string accountId)
    {
        var transactions = await client.GetJsonAsync($"/api/accounts/{accountId}/transactions?pageSize=500");
        var positions = await client.GetJsonAsync($"/api/accounts/{accountId}/positions");
        positions.Body?.AsObject().Remove("asOf");
        return (transactions.Body!.ToJsonString(), positions.Body?.ToJsonString() ?? positions.Status.ToString());
    }

    /// <summary>Every read route answers 200 or a problem body: never a 5xx.</summary>
    internal static async Task AssertEveryReadAnswersAsync(HttpClient client, string accountId, IEnumerable<string>? routes = null)
    {
        foreach (var route in routes ?? ReadRoutes)
        {
            var (status, body) = await client.GetJsonAsync($"/api/accounts/{accountId}/{route}");
            Assert.True((int)status < 500, $"{route} answered {(int)status}: {body}");
            if (status != HttpStatusCode.OK) Assert.NotNull(body?["status"]);
        }
    }
}
