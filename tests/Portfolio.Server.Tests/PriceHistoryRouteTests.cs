using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portfolio.Application.Ports;
using Portfolio.Application.Prices;
using Portfolio.Server.Tests.Support;

namespace Portfolio.Server.Tests;

public class PriceHistoryRouteTests
{
    [Fact]
    public async Task Price_history_marks_closes_and_intraday_quotes_and_says_where_quotes_begin()
    {
        await using var app = await TestApp.StartAsync();
        // Now is Monday 3 June 2024 18:00 UTC: quotes are kept from 27 May 18:00 UTC, served from 28 May 00:00 New York.
        var friday = new Quote("AAPL", 190.5m, new DateTimeOffset(2024, 5, 24, 20, 0, 0, TimeSpan.Zero), "feed", QuoteKind.RealTime);
        var today = friday with { Price = 191.25m, AsOf = new DateTimeOffset(2024, 6, 3, 17, 50, 0, TimeSpan.Zero) };
        await app.Services.GetRequiredService<IPriceStore>().SaveAsync([friday, today], default);

        var (status, body) = await app.ClientFor("alice").GetJsonAsync("/api/prices/AAPL?from=2024-05-20T00:00:00Z");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(new DateTimeOffset(2024, 5, 28, 4, 0, 0, TimeSpan.Zero), body!["intradayFrom"]!.GetValue<DateTimeOffset>());
        var history = body["history"]!.AsArray();
        Assert.Equal([190.5m, 191.25m], history.Select(p => p!["price"].Dec()));
        Assert.Equal(["close", "intraday"], history.Select(p => p!["resolution"]!.GetValue<string>()));
        Assert.Equal(["2024-05-24", "2024-06-03"], history.Select(p => p!["date"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_retention_window_out_of_range_fails_the_start_naming_the_setting()
    {
        var directory = Path.Combine(Path.GetTempPath(), "portfolio-tests-" + Guid.NewGuid().ToString("N"));
        var app = ServerApp.Build([], builder =>
        {
            builder.WebHost.UseTestServer();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:DataDirectory"] = directory,
                ["Auth:SigningKey"] = TestApp.SigningKey,
                ["Pricing:CycleEnabled"] = "false",
                ["Revaluation:Enabled"] = "false",
                ["PriceRetention:IntradayDays"] = "0",
            });
        });
        try
        {
            var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
            Assert.Contains("PriceRetention:IntradayDays must be between 1 and 3660 (was 0)", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            await app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
        }
    }
}
