using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portfolio.Application.Ports;
using Portfolio.Application.Prices;
using Portfolio.Pricing.Providers;

namespace Portfolio.Pricing.Tests;

/// <summary>Shared fixtures: "now" is Tuesday 2025-01-07 10:00 New York (15:00Z), market open; Monday's close was 2025-01-06 21:00Z.</summary>
public abstract class AdapterTestBase
{
    protected static readonly DateTimeOffset Now = new(2025, 1, 7, 15, 0, 0, TimeSpan.Zero);
    protected static readonly DateTimeOffset MondayClose = new(2025, 1, 6, 21, 0, 0, TimeSpan.Zero);
    protected readonly TestClock Clock = new(Now);

    protected async Task<(PriceSourceResult Result, LoopbackServer Server)> FetchAsync(string provider, Func<HttpContext, Task> handler,
        string[] symbols, QuoteKind kind, IDictionary<string, string?>? extra = null)
    {
        var server = await LoopbackServer.StartAsync(handler);
        using var sp = Pricing.Services(provider, server.BaseAddress, Clock, extra);
        var result = await sp.Source().FetchAsync(symbols, kind, CancellationToken.None);
        return (result, server);
    }

    /// <summary>
    /// A server that never answers, on a fake clock: each attempt is cut only when the test moves time past its 200 ms
    /// timeout, so the outcome does not depend on how busy the machine is. The retry waits no time (base delay 0), so
    /// exactly two requests (first attempt + one retry) reach the server before the source reports a timeout.
    /// </summary>
    protected static async Task AssertTimesOutAsync(string provider, string symbol)
    {
        var time = new FakeTimeProvider(Now);
        var arrivals = new SemaphoreSlim(0);
        var server = await LoopbackServer.StartAsync(async ctx =>
        {
            arrivals.Release();
            try { await Task.Delay(Timeout.Infinite, ctx.RequestAborted); } catch (OperationCanceledException) { }
        });
        await using var _ = server;
        using var sp = Pricing.Services(provider, server.BaseAddress, time, new Dictionary<string, string?>
        {
            [$"Pricing:{provider}:AttemptTimeout"] = "00:00:00.200",
            [$"Pricing:{provider}:RetryBaseDelay"] = "00:00:00",
        });

        var fetch = sp.Source().FetchAsync([symbol], QuoteKind.RealTime, CancellationToken.None);
        await arrivals.WaitAsync();
        Assert.False(fetch.IsCompleted); // the attempt waits for its timeout, not for the machine
        time.Advance(TimeSpan.FromMilliseconds(200));
        await arrivals.WaitAsync();
        time.Advance(TimeSpan.FromMilliseconds(200));
        var result = await fetch;

        Assert.Equal(PriceSourceFailureKind.Timeout, result.FailureKind);
        Assert.Empty(result.Quotes);
        Assert.Equal(2, server.RequestCount);
    }
}

public class PolygonAdapterTests : AdapterTestBase
{
    private const string Snapshot = """
    {"count":2,"status":"OK","request_id":"b84e24636301f19f88e0dfbf9a45ed5c","tickers":[
      {"ticker":"AAPL","todaysChange":1.15,"todaysChangePerc":0.475,"updated":1736261940123456789,
       "day":{"o":242.98,"h":245.55,"l":241.35,"c":243.12,"v":4012345,"vw":243.4},
       "lastQuote":{"P":243.37,"S":2,"p":243.35,"s":1,"t":1736261939000000000},
       "lastTrade":{"c":[14,41],"i":"4046","p":243.36,"s":100,"t":1736261940123456789,"x":4},
       "min":{"av":4012345,"t":1736261880000,"n":120,"o":243.2,"h":243.4,"l":243.1,"c":243.3,"v":20000,"vw":243.25},
       "prevDay":{"o":244.31,"h":247.33,"l":243.2,"c":242.21,"v":45045571,"vw":245.1}},
      {"ticker":"MSFT","todaysChange":-2.1,"todaysChangePerc":-0.5,"updated":1736261900000000000,
       "day":{"o":425,"h":426,"l":420,"c":421.4,"v":1000,"vw":422},
       "min":{"av":1000,"t":1736261880000,"n":5,"o":421.6,"h":421.7,"l":421.4,"c":421.5,"v":50,"vw":421.55},
       "prevDay":{"o":423,"h":428,"l":422,"c":427.85,"v":2000,"vw":425}}
    ]}
    """;

    [Fact]
    public async Task Snapshot_returns_last_trade_prices_for_a_batch_and_reports_unknown_tickers_missing()
    {
        var (result, server) = await FetchAsync("Polygon", LoopbackServer.Respond(200, Snapshot), ["AAPL", "msft", "ZZZZ"], QuoteKind.RealTime);
        await using var _ = server;

        Assert.False(result.Failed);
        var aapl = result.Quotes.Single(q => q.Symbol == "AAPL");
        Assert.Equal(243.36m, aapl.Price);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1736261940).AddTicks(1234567), aapl.AsOf);
        Assert.Equal("Polygon", aapl.Source);
        var msft = result.Quotes.Single(q => q.Symbol == "msft"); // requested spelling is kept
        Assert.Equal(421.5m, msft.Price); // no lastTrade on this plan: latest minute bar
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1736261880000), msft.AsOf);
        Assert.Equal(["ZZZZ"], result.Missing);
        Assert.Equal("/v2/snapshot/locale/us/markets/stocks/tickers?tickers=AAPL,MSFT,ZZZZ", Assert.Single(server.Requests));
        Assert.Equal("Bearer test-key", Assert.Single(server.AuthorizationHeaders));
    }

    [Fact]
    public async Task Snapshot_splits_symbols_into_batches_of_the_configured_size()
    {
        var (result, server) = await FetchAsync("Polygon", LoopbackServer.Respond(200, """{"status":"OK","tickers":[],"count":0}"""),
            Enumerable.Range(0, 250).Select(i => "S" + i).ToArray(), QuoteKind.RealTime);
        await using var _ = server;
        Assert.Equal(3, server.RequestCount);
        Assert.Equal(250, result.Missing.Count);
    }

    [Fact]
    public async Task Previous_close_aggregate_is_stamped_with_the_session_close_and_unknown_is_missing()
    {
        var (result, server) = await FetchAsync("Polygon", ctx => ctx.Request.Path.Value!.Contains("AAPL", StringComparison.Ordinal)
            ? LoopbackServer.Respond(200, """{"ticker":"AAPL","queryCount":1,"resultsCount":1,"adjusted":true,"results":[{"T":"AAPL","v":45045571,"vw":245.1,"o":244.31,"c":242.21,"h":247.33,"l":243.2,"t":1736197200000,"n":512345}],"status":"OK","request_id":"6a7e466379af0a71039d60cc78e72282","count":1}""")(ctx)
            : LoopbackServer.Respond(200, """{"ticker":"ZZZZ","queryCount":0,"resultsCount":0,"adjusted":true,"status":"OK","request_id":"0f6ed9d4b37de6e1ac2b4a2e2ac1b0a1"}""")(ctx),
            ["AAPL", "ZZZZ"], QuoteKind.EndOfDay);
        await using var _ = server;
        var q = Assert.Single(result.Quotes);
        Assert.Equal(242.21m, q.Price);
        Assert.Equal(MondayClose, q.AsOf);
        Assert.Equal(QuoteKind.EndOfDay, q.Kind);
        Assert.Equal(["ZZZZ"], result.Missing);
        Assert.Contains("/v2/aggs/ticker/AAPL/prev?adjusted=true", server.Requests);
    }

    [Fact]
    public async Task Many_end_of_day_symbols_use_one_grouped_daily_call_for_the_last_session()
    {
        var body = """{"queryCount":3,"resultsCount":3,"adjusted":true,"results":[{"T":"AAPL","v":45045571,"vw":245.1,"o":244.31,"c":242.21,"h":247.33,"l":243.2,"t":1736197200000,"n":512345},{"T":"MSFT","v":2000,"vw":425,"o":423,"c":427.85,"h":428,"l":422,"t":1736197200000,"n":9},{"T":"IBM","v":1,"vw":1,"o":1,"c":224.35,"h":1,"l":1,"t":1736197200000,"n":1}],"status":"OK","request_id":"x","count":3}""";
        var (result, server) = await FetchAsync("Polygon", LoopbackServer.Respond(200, body), ["AAPL", "MSFT", "ZZZZ"], QuoteKind.EndOfDay,
            new Dictionary<string, string?> { ["Pricing:Polygon:GroupedDailyThreshold"] = "2" });
        await using var _ = server;
        Assert.Equal("/v2/aggs/grouped/locale/us/market/stocks/2025-01-06?adjusted=true", Assert.Single(server.Requests));
        Assert.Equal([242.21m, 427.85m], result.Quotes.OrderBy(q => q.Symbol).Select(q => q.Price));
        Assert.All(result.Quotes, q => Assert.Equal(MondayClose, q.AsOf));
        Assert.Equal(["ZZZZ"], result.Missing);
    }

    [Fact]
    public async Task Http_429_is_retried_once_then_reported_as_rate_limited()
    {
        var (result, server) = await FetchAsync("Polygon", LoopbackServer.Respond(429,
            """{"status":"ERROR","request_id":"c2d2b4a4b4b4","error":"You've exceeded the maximum requests per minute, please wait or upgrade your subscription to continue. https://polygon.io/pricing"}"""),
            ["AAPL"], QuoteKind.RealTime);
        await using var _ = server;
        Assert.Equal(PriceSourceFailureKind.RateLimited, result.FailureKind);
        Assert.Equal(2, server.RequestCount);
    }

    [Fact]
    public async Task Unknown_api_key_is_reported_as_unauthorized_without_retry()
    {
        var (result, server) = await FetchAsync("Polygon", LoopbackServer.Respond(401, """{"status":"ERROR","request_id":"a1","error":"Unknown API Key"}"""), ["AAPL"], QuoteKind.RealTime);
        await using var _ = server;
        Assert.Equal(PriceSourceFailureKind.Unauthorized, result.FailureKind);
        Assert.Equal(1, server.RequestCount);
    }

    [Fact]
    public async Task Not_authorized_for_the_plan_is_reported_as_unauthorized()
    {
        var (result, server) = await FetchAsync("Polygon", LoopbackServer.Respond(403,
            """{"status":"NOT_AUTHORIZED","request_id":"a2","message":"You are not entitled to this data. Please upgrade your plan at https://polygon.io/pricing"}"""), ["AAPL"], QuoteKind.RealTime);
        await using var _ = server;
        Assert.Equal(PriceSourceFailureKind.Unauthorized, result.FailureKind);
    }

    [Fact]
    public async Task Html_error_page_with_200_is_reported_as_malformed()
    {
        var (result, server) = await FetchAsync("Polygon", LoopbackServer.Respond(200, "<html><body>502 Bad Gateway</body></html>", "text/html"), ["AAPL"], QuoteKind.RealTime);
        await using var _ = server;
        Assert.Equal(PriceSourceFailureKind.Malformed, result.FailureKind);
        Assert.Empty(result.Quotes);
    }

    [Fact]
    public async Task Slow_answer_times_out_after_the_attempt_timeout_and_one_retry()
        => await AssertTimesOutAsync("Polygon", "AAPL");

    [Fact]
    public async Task Circuit_breaker_opens_after_repeated_server_errors_and_stops_calling_the_server()
    {
        var server = await LoopbackServer.StartAsync(LoopbackServer.Respond(503, """{"status":"ERROR","error":"upstream"}"""));
        await using var _ = server;
        using var sp = Pricing.Services("Polygon", server.BaseAddress, Clock, new Dictionary<string, string?>
        {
            ["Pricing:Polygon:BreakerMinimumThroughput"] = "2",
            ["Pricing:Polygon:BreakerFailureRatio"] = "0.5",
            ["Pricing:Polygon:BreakerSamplingDuration"] = "00:00:30",
            ["Pricing:Polygon:BreakerBreakDuration"] = "00:00:30",
        });
        var source = sp.Source();
        var first = await source.FetchAsync(["AAPL"], QuoteKind.RealTime, default);
        var second = await source.FetchAsync(["AAPL"], QuoteKind.RealTime, default);
        Assert.Equal(PriceSourceFailureKind.ServerError, first.FailureKind);
        Assert.Equal(PriceSourceFailureKind.CircuitOpen, second.FailureKind);
        Assert.Equal(2, server.RequestCount);
    }
}

public class FinnhubAdapterTests : AdapterTestBase
{
    [Fact]
    public async Task Quote_is_parsed_with_its_unix_time_and_the_token_goes_in_the_header()
    {
        var (result, server) = await FetchAsync("Finnhub", LoopbackServer.Respond(200, """{"c":243.36,"d":1.15,"dp":0.4748,"h":245.55,"l":241.35,"o":242.98,"pc":242.21,"t":1736261940}"""), ["AAPL"], QuoteKind.RealTime);
        await using var _ = server;
        var q = Assert.Single(result.Quotes);
        Assert.Equal(243.36m, q.Price);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1736261940), q.AsOf);
        Assert.Equal("/api/v1/quote?symbol=AAPL", Assert.Single(server.Requests));
        Assert.Equal("test-key", Assert.Single(server.FinnhubTokens));
    }

    [Fact]
    public async Task Unknown_symbol_with_c_0_and_t_0_is_missing()
    {
        var (result, server) = await FetchAsync("Finnhub", LoopbackServer.Respond(200, """{"c":0,"d":null,"dp":null,"h":0,"l":0,"o":0,"pc":0,"t":0}"""), ["ZZZZ"], QuoteKind.RealTime);
        await using var _ = server;
        Assert.False(result.Failed);
        Assert.Empty(result.Quotes);
        Assert.Equal(["ZZZZ"], result.Missing);
    }

    [Fact]
    public async Task Http_429_is_rate_limited_and_remaining_symbols_are_not_asked()
    {
        var (result, server) = await FetchAsync("Finnhub", LoopbackServer.Respond(429, """{"error":"API limit reached. Please try again later. Remaining Limit: 0"}"""),
            ["AAPL", "MSFT", "IBM"], QuoteKind.RealTime, new Dictionary<string, string?> { ["Pricing:Finnhub:MaxConcurrency"] = "1" });
        await using var _ = server;
        Assert.Equal(PriceSourceFailureKind.RateLimited, result.FailureKind);
        Assert.Equal(2, server.RequestCount); // one symbol, one retry; then the call stops
        Assert.Empty(result.Missing);
    }

    [Fact]
    public async Task Client_rate_limit_keeps_25_single_symbol_calls_within_a_server_limit_of_10_per_rolling_second()
    {
        var admitted = new Queue<long>();
        var rejected = 0;
        var gate = new Lock();
        var (result, server) = await FetchAsync("Finnhub", async ctx =>
        {
            bool ok;
            lock (gate)
            {
                var now = Stopwatch.GetTimestamp();
                while (admitted.Count > 0 && Stopwatch.GetElapsedTime(admitted.Peek(), now) >= TimeSpan.FromSeconds(1)) admitted.Dequeue();
                ok = admitted.Count < 10;
                if (ok) admitted.Enqueue(now); else rejected++;
            }
            await LoopbackServer.Respond(ok ? 200 : 429, ok ? """{"c":10.5,"d":0,"dp":0,"h":10.5,"l":10.5,"o":10.5,"pc":10.5,"t":1736261940}""" : """{"error":"API limit reached. Please try again later. Remaining Limit: 0"}""")(ctx);
        }, Enumerable.Range(0, 25).Select(i => "S" + i).ToArray(), QuoteKind.RealTime, new Dictionary<string, string?>
        {
            ["Pricing:Finnhub:RequestsPerWindow"] = "10",
            ["Pricing:Finnhub:RateWindow"] = "00:00:01",
            ["Pricing:Finnhub:MaxConcurrency"] = "4",
        });
        await using var _ = server;
        Assert.Equal(0, rejected);
        Assert.Equal(25, server.RequestCount);
        Assert.Equal(25, result.Quotes.Count);
        Assert.False(result.Failed);
    }

    [Fact]
    public async Task Body_without_a_price_field_is_malformed()
    {
        var (result, server) = await FetchAsync("Finnhub", LoopbackServer.Respond(200, """{"unexpected":true}"""), ["AAPL"], QuoteKind.RealTime);
        await using var _ = server;
        Assert.Equal(PriceSourceFailureKind.Malformed, result.FailureKind);
    }

    [Fact]
    public async Task Slow_answer_times_out() => await AssertTimesOutAsync("Finnhub", "AAPL");
}

public class AlphaVantageAdapterTests : AdapterTestBase
{
    private const string GlobalQuote = """
    {
        "Global Quote": {
            "01. symbol": "IBM",
            "02. open": "223.0000",
            "03. high": "224.3800",
            "04. low": "221.5000",
            "05. price": "222.6500",
            "06. volume": "3256000",
            "07. latest trading day": "2025-01-06",
            "08. previous close": "224.3500",
            "09. change": "-1.7000",
            "10. change percent": "-0.7577%"
        }
    }
    """;

    [Fact]
    public async Task Global_quote_string_price_is_parsed_invariantly_and_stamped_with_the_trading_day_close()
    {
        var (result, server) = await FetchAsync("AlphaVantage", LoopbackServer.Respond(200, GlobalQuote), ["IBM"], QuoteKind.RealTime);
        await using var _ = server;
        var q = Assert.Single(result.Quotes);
        Assert.Equal(222.65m, q.Price);
        Assert.Equal(MondayClose, q.AsOf);
        Assert.Equal("/query?function=GLOBAL_QUOTE&symbol=IBM&apikey=test-key", Assert.Single(server.Requests));
    }

    [Fact]
    public async Task Empty_global_quote_is_missing()
    {
        var (result, server) = await FetchAsync("AlphaVantage", LoopbackServer.Respond(200, """{"Global Quote": {}}"""), ["ZZZZ"], QuoteKind.RealTime);
        await using var _ = server;
        Assert.False(result.Failed);
        Assert.Equal(["ZZZZ"], result.Missing);
    }

    [Fact]
    public async Task Error_message_is_missing()
    {
        var (result, server) = await FetchAsync("AlphaVantage", LoopbackServer.Respond(200,
            """{"Error Message": "Invalid API call. Please retry or visit the documentation (https://www.alphavantage.co/documentation/) for TIME_SERIES_DAILY."}"""), ["ZZZZ"], QuoteKind.EndOfDay);
        await using var _ = server;
        Assert.False(result.Failed);
        Assert.Equal(["ZZZZ"], result.Missing);
    }

    [Theory]
    [InlineData("""{"Note": "Thank you for using Alpha Vantage! Our standard API call frequency is 5 calls per minute and 500 calls per day. Please visit https://www.alphavantage.co/premium/ if you would like to target a higher API call frequency."}""")]
    [InlineData("""{"Information": "We have detected your API key as test-key and our standard API rate limit is 25 requests per day. Please subscribe to any of the premium plans at https://www.alphavantage.co/premium/ to instantly remove all daily rate limits."}""")]
    public async Task Rate_limit_note_with_http_200_fails_the_call_and_stops_asking(string body)
    {
        var (result, server) = await FetchAsync("AlphaVantage", LoopbackServer.Respond(200, body), ["IBM", "AAPL", "MSFT"], QuoteKind.RealTime);
        await using var _ = server;
        Assert.Equal(PriceSourceFailureKind.RateLimited, result.FailureKind);
        Assert.Equal(1, server.RequestCount);
        Assert.Empty(result.Quotes);
        Assert.DoesNotContain("test-key", result.Failure, StringComparison.Ordinal); // the key echoed by the provider is redacted
    }

    [Fact]
    public async Task Invalid_api_key_information_is_unauthorized()
    {
        var (result, server) = await FetchAsync("AlphaVantage", LoopbackServer.Respond(200,
            """{"Error Message": "x", "Information": "the parameter apikey is invalid or missing. Please claim your free API key on (https://www.alphavantage.co/support/#api-key). It should take less than 20 seconds."}"""), ["IBM"], QuoteKind.RealTime);
        await using var _ = server;
        Assert.Equal(PriceSourceFailureKind.Unauthorized, result.FailureKind);
    }

    [Fact]
    public async Task Daily_series_takes_the_newest_completed_day()
    {
        var body = """
        {
            "Meta Data": {"1. Information": "Daily Prices (open, high, low, close) and Volumes", "2. Symbol": "IBM", "3. Last Refreshed": "2025-01-07", "4. Output Size": "Compact", "5. Time Zone": "US/Eastern"},
            "Time Series (Daily)": {
                "2025-01-07": {"1. open": "222.0000", "2. high": "223.0000", "3. low": "221.0000", "4. close": "222.1000", "5. volume": "100"},
                "2025-01-06": {"1. open": "223.0000", "2. high": "224.3800", "3. low": "221.5000", "4. close": "222.6500", "5. volume": "3256000"},
                "2025-01-03": {"1. open": "224.0000", "2. high": "225.0000", "3. low": "223.0000", "4. close": "224.3500", "5. volume": "2900000"}
            }
        }
        """;
        var (result, server) = await FetchAsync("AlphaVantage", LoopbackServer.Respond(200, body), ["IBM"], QuoteKind.EndOfDay);
        await using var _ = server;
        var q = Assert.Single(result.Quotes);
        Assert.Equal(222.65m, q.Price); // 2025-01-07 is still trading at 10:00 New York: not a close
        Assert.Equal(MondayClose, q.AsOf);
        Assert.StartsWith("/query?function=TIME_SERIES_DAILY&symbol=IBM", Assert.Single(server.Requests), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreadable_price_is_malformed()
    {
        var (result, server) = await FetchAsync("AlphaVantage", LoopbackServer.Respond(200, GlobalQuote.Replace("222.6500", "NaN-ish", StringComparison.Ordinal)), ["IBM"], QuoteKind.RealTime);
        await using var _ = server;
        Assert.Equal(PriceSourceFailureKind.Malformed, result.FailureKind);
    }

    [Fact]
    public async Task Slow_answer_times_out() => await AssertTimesOutAsync("AlphaVantage", "IBM");
}

public class StooqAdapterTests : AdapterTestBase
{
    private const string Csv = "Symbol,Date,Time,Open,High,Low,Close,Volume\r\nAAPL.US,2025-01-06,22:00:09,244.31,247.33,243.2,245,45045571\r\nBRK-B.US,2025-01-06,22:00:08,453.5,455.0,450.1,451.85,3000000\r\nZZZZ.US,N/D,N/D,N/D,N/D,N/D,N/D,N/D\r\n";

    [Fact]
    public async Task Csv_batch_is_parsed_and_N_D_rows_are_missing()
    {
        var (result, server) = await FetchAsync("Stooq", LoopbackServer.Respond(200, Csv, "text/csv"), ["AAPL", "BRK.B", "ZZZZ"], QuoteKind.EndOfDay);
        await using var _ = server;
        Assert.Equal("/q/l/?s=aapl.us,brk-b.us,zzzz.us&f=sd2t2ohlcv&h&e=csv", Assert.Single(server.Requests));
        Assert.Equal([("AAPL", 245m), ("BRK.B", 451.85m)], result.Quotes.OrderBy(q => q.Symbol).Select(q => (q.Symbol, q.Price)));
        Assert.All(result.Quotes, q => Assert.Equal(MondayClose, q.AsOf));
        Assert.Equal(["ZZZZ"], result.Missing);
    }

    [Fact]
    public async Task Real_time_rows_keep_their_Warsaw_time()
    {
        var (result, server) = await FetchAsync("Stooq", LoopbackServer.Respond(200, Csv, "text/csv"), ["AAPL"], QuoteKind.RealTime);
        await using var _ = server;
        Assert.Equal(new DateTimeOffset(2025, 1, 6, 21, 0, 9, TimeSpan.Zero), Assert.Single(result.Quotes).AsOf);
    }

    [Fact]
    public async Task Daily_hits_limit_text_is_rate_limited()
    {
        var (result, server) = await FetchAsync("Stooq", LoopbackServer.Respond(200, "Exceeded the daily hits limit", "text/plain"), ["AAPL"], QuoteKind.EndOfDay);
        await using var _ = server;
        Assert.Equal(PriceSourceFailureKind.RateLimited, result.FailureKind);
    }

    [Fact]
    public async Task Unexpected_body_is_malformed()
    {
        var (result, server) = await FetchAsync("Stooq", LoopbackServer.Respond(200, "<html>maintenance</html>", "text/html"), ["AAPL"], QuoteKind.EndOfDay);
        await using var _ = server;
        Assert.Equal(PriceSourceFailureKind.Malformed, result.FailureKind);
    }

    [Fact]
    public async Task Slow_answer_times_out() => await AssertTimesOutAsync("Stooq", "AAPL");
}

public class AmfiAdapterTests : AdapterTestBase
{
    private const string NavAll = "Scheme Code;ISIN Div Payout/ ISIN Growth;ISIN Div Reinvestment;Scheme Name;Net Asset Value;Date\r\n\r\n" +
        "Open Ended Schemes(Debt Scheme - Banking and PSU Fund)\r\n\r\nAditya Birla Sun Life Mutual Fund\r\n\r\n" +
        "119551;INF209KA12Z1;INF209KA13Z9;Aditya Birla Sun Life Banking & PSU Debt Fund  - DIRECT - IDCW;105.8138;06-Jan-2025\r\n" +
        "119552;INF209K01YN0;-;Aditya Birla Sun Life Banking & PSU Debt Fund  - DIRECT - MONTHLY IDCW;111.3362;06-Jan-2025\r\n\r\n" +
        "Open Ended Schemes(Equity Scheme - Large Cap Fund)\r\n\r\nAxis Mutual Fund\r\n\r\n" +
        "120465;INF846K01EW2;-;Axis Bluechip Fund - Direct Plan - Growth;63.12;03-Jan-2025\r\n" +
        "149999;INF000A00000;-;Matured Fixed Maturity Plan;N.A.;06-Jan-2025\r\n";

    [Fact]
    public async Task Nav_file_is_looked_up_by_scheme_code_or_isin_with_one_download()
    {
        var (result, server) = await FetchAsync("Amfi", LoopbackServer.Respond(200, NavAll, "text/plain"), ["119551", "INF846K01EW2", "149999", "AAPL"], QuoteKind.RealTime);
        await using var _ = server;
        Assert.Equal("/spages/NAVAll.txt", Assert.Single(server.Requests));
        var byCode = result.Quotes.Single(q => q.Symbol == "119551");
        Assert.Equal(105.8138m, byCode.Price);
        Assert.Equal(new DateTimeOffset(2025, 1, 6, 15, 30, 0, TimeSpan.FromHours(5.5)), byCode.AsOf);
        Assert.Equal(QuoteKind.EndOfDay, byCode.Kind);
        Assert.Equal(63.12m, result.Quotes.Single(q => q.Symbol == "INF846K01EW2").Price);
        Assert.Equal(["149999", "AAPL"], result.Missing.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_file_that_is_not_NAVAll_is_malformed()
    {
        var (result, server) = await FetchAsync("Amfi", LoopbackServer.Respond(200, "<html>Service Unavailable</html>", "text/html"), ["119551"], QuoteKind.EndOfDay);
        await using var _ = server;
        Assert.Equal(PriceSourceFailureKind.Malformed, result.FailureKind);
    }

    [Fact]
    public async Task Server_error_is_retried_then_reported()
    {
        var (result, server) = await FetchAsync("Amfi", LoopbackServer.Respond(500, "Internal Server Error", "text/plain"), ["119551"], QuoteKind.EndOfDay);
        await using var _ = server;
        Assert.Equal(PriceSourceFailureKind.ServerError, result.FailureKind);
        Assert.Equal(2, server.RequestCount);
    }

    [Fact]
    public async Task Slow_answer_times_out() => await AssertTimesOutAsync("Amfi", "119551");
}

public class PolygonStreamTests
{
    private static async Task<LoopbackServer> StreamServerAsync(string acceptedKey) => await LoopbackServer.StartAsync(async ctx =>
    {
        if (!ctx.WebSockets.IsWebSocketRequest) { ctx.Response.StatusCode = 400; return; }
        using var ws = await ctx.WebSockets.AcceptWebSocketAsync();
        async Task Send(string s) => await ws.SendAsync(Encoding.UTF8.GetBytes(s), WebSocketMessageType.Text, true, default);
        async Task<string> Receive()
        {
            var buf = new byte[4096];
            var r = await ws.ReceiveAsync(buf, default);
            return Encoding.UTF8.GetString(buf, 0, r.Count);
        }
        await Send("""[{"ev":"status","status":"connected","message":"Connected Successfully"}]""");
        var auth = await Receive();
        if (!auth.Contains($"\"params\":\"{acceptedKey}\"", StringComparison.Ordinal))
        {
            await Send("""[{"ev":"status","status":"auth_failed","message":"authentication failed"}]""");
            await ws.CloseAsync(WebSocketCloseStatus.PolicyViolation, "auth", default);
            return;
        }
        await Send("""[{"ev":"status","status":"auth_success","message":"authenticated"}]""");
        var subscribe = await Receive();
        await Send($$"""[{"ev":"status","status":"success","message":"subscribed to: {{subscribe.Length}}"}]""");
        await Send("""[{"ev":"T","sym":"AAPL","i":"52983525029461","x":4,"p":243.36,"s":100,"c":[12,37],"t":1736261940123,"q":1234,"z":3},{"ev":"Q","sym":"AAPL","bx":4,"bp":243.35,"bs":1,"ax":7,"ap":243.37,"as":2,"t":1736261940200,"z":3},{"ev":"T","sym":"MSFT","i":"7","x":11,"p":421.5,"s":10,"t":1736261941000,"z":3}]""");
        await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", default);
    });

    [Fact]
    public async Task Stream_authenticates_subscribes_and_turns_trades_into_real_time_quotes()
    {
        await using var server = await StreamServerAsync("stream-key");
        var endpoint = new Uri(server.BaseAddress.ToString().Replace("http://", "ws://", StringComparison.Ordinal) + "stocks");
        var quotes = new List<Quote>();
        await new PolygonStreamClient(endpoint, "stream-key").RunAsync(["AAPL", "MSFT"], (q, _) => { quotes.Add(q); return ValueTask.CompletedTask; }, default);

        Assert.Equal([("AAPL", 243.36m), ("MSFT", 421.5m)], quotes.Select(q => (q.Symbol, q.Price)));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1736261940123), quotes[0].AsOf);
        Assert.All(quotes, q => Assert.Equal(QuoteKind.RealTime, q.Kind));
    }

    [Fact]
    public async Task Stream_with_a_wrong_key_fails_as_unauthorized()
    {
        await using var server = await StreamServerAsync("stream-key");
        var endpoint = new Uri(server.BaseAddress.ToString().Replace("http://", "ws://", StringComparison.Ordinal) + "stocks");
        var ex = await Assert.ThrowsAsync<PriceSourceException>(() => new PolygonStreamClient(endpoint, "wrong").RunAsync(["AAPL"], (_, _) => ValueTask.CompletedTask, default));
        Assert.Equal(PriceSourceFailureKind.Unauthorized, ex.Kind);
    }
}

public class PricingRegistrationTests
{
    [Fact]
    public void Providers_are_registered_in_configured_order_and_keyed_ones_without_a_key_are_left_out()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Pricing:Providers:0"] = "stooq",
            ["Pricing:Providers:1"] = "Polygon",
            ["Pricing:Providers:2"] = "AlphaVantage",
            ["Pricing:Providers:3"] = "Amfi",
            ["Pricing:Providers:4"] = "NoSuchProvider",
            ["POLYGON_API_KEY"] = "from-environment",
            ["Pricing:AlphaVantage:ApiKey"] = "",
            ["Pricing:Cycle:BreakerFailureThreshold"] = "5",
            ["Pricing:Validation:SuspectJumpRatio"] = "0.3",
        }).Build();
        // A real key in this machine's environment registers AlphaVantage (the environment is the fallback source of keys):
        // the answer then includes it, and is still checked.
        string[] expected = Environment.GetEnvironmentVariable("ALPHAVANTAGE_API_KEY") is { Length: > 0 }
            ? ["Stooq", "Polygon", "AlphaVantage", "Amfi"] : ["Stooq", "Polygon", "Amfi"];
        var services = new ServiceCollection();
        services.AddSingleton<IPriceStore>(new InMemoryPriceStore());
        services.AddPortfolioPricing(configuration);
        using var sp = services.BuildServiceProvider();

        Assert.Equal(expected, sp.GetServices<IPriceSource>().Select(s => s.Name));
        Assert.Equal(expected, sp.GetRequiredService<PriceCycle>().ProviderOrder);
        var options = sp.GetRequiredService<PricingOptions>();
        Assert.Equal("from-environment", options.Polygon.ApiKey);
        Assert.Equal(5, options.Cycle.BreakerFailureThreshold);
        Assert.Equal(0.3m, sp.GetRequiredService<QuoteValidator>().Options.SuspectJumpRatio);
        Assert.Equal(100, options.Polygon.MaxBatchSize); // defaults survive binding
    }
}

public class EndToEndCycleTests : AdapterTestBase
{
    [Fact]
    public async Task Cycle_over_http_falls_back_from_a_rate_limited_provider_to_the_next_and_stores_its_prices()
    {
        await using var finnhub = await LoopbackServer.StartAsync(LoopbackServer.Respond(429, """{"error":"API limit reached. Please try again later. Remaining Limit: 0"}"""));
        await using var polygon = await LoopbackServer.StartAsync(LoopbackServer.Respond(200,
            """{"status":"OK","count":1,"tickers":[{"ticker":"AAPL","updated":1736261940000000000,"lastTrade":{"p":243.36,"s":100,"t":1736261940000000000,"x":4}}]}"""));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Pricing:Providers:0"] = "Finnhub",
            ["Pricing:Providers:1"] = "Polygon",
            ["Pricing:Finnhub:ApiKey"] = "k1",
            ["Pricing:Finnhub:BaseAddress"] = finnhub.BaseAddress.ToString(),
            ["Pricing:Finnhub:MaxRetries"] = "0",
            ["Pricing:Polygon:ApiKey"] = "k2",
            ["Pricing:Polygon:BaseAddress"] = polygon.BaseAddress.ToString(),
        }).Build();
        var store = new InMemoryPriceStore();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<IPriceStore>(store);
        services.AddPortfolioPricing(configuration);
        using var sp = services.BuildServiceProvider();

        var report = await sp.GetRequiredService<PriceCycle>().RunAsync(["AAPL", "ZZZZ"], default);

        Assert.Equal(1, report.Stored);
        Assert.Equal(["ZZZZ"], report.Missing);
        Assert.Equal(ProviderStatus.Failed, report.Providers[0].Status);
        Assert.Equal(PriceSourceFailureKind.RateLimited, report.Providers[0].FailureKind);
        Assert.Equal(ProviderStatus.Ok, report.Providers[1].Status);
        var latest = (await store.GetLatestAsync("AAPL", default))!;
        Assert.Equal(243.36m, latest.Price);
        Assert.Equal("Polygon", latest.Source);
        Assert.False(PriceFreshness.IsStale(latest, Now));
    }
}
