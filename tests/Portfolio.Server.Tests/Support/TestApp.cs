using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portfolio.Api.Auth;

namespace Portfolio.Server.Tests.Support;

/// <summary>The real server (routes, auth, SQLite in a temporary folder) on an in-memory test server, with a fake clock.</summary>
public sealed class TestApp : IAsyncDisposable
{
    public const string SigningKey = "test-signing-key-of-at-least-32-bytes-0123456789";
    /// <summary>Monday 3 June 2024, 14:00 in New York: the market is open.</summary>
    public static readonly DateTimeOffset DefaultNow = new(2024, 6, 3, 18, 0, 0, TimeSpan.Zero);

    private readonly string directory;

    private TestApp(WebApplication app, FakeTimeProvider clock, string directory)
    {
        App = app;
        Clock = clock;
        this.directory = directory;
    }

    public WebApplication App { get; }
    public FakeTimeProvider Clock { get; }
    public IServiceProvider Services => App.Services;

    /// <summary>The server's database file, for a test that opens it as another process would.</summary>
    public string DatabasePath => Path.Combine(directory, "portfolio.db");

    public static async Task<TestApp> StartAsync(DateTimeOffset? now = null, Action<WebApplicationBuilder>? configure = null, string signingKey = SigningKey)
    {
        var directory = Path.Combine(Path.GetTempPath(), "portfolio-tests-" + Guid.NewGuid().ToString("N"));
        var clock = new FakeTimeProvider(now ?? DefaultNow);
        var app = ServerApp.Build([], builder =>
        {
            builder.WebHost.UseTestServer();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:DataDirectory"] = directory,
                ["Auth:SigningKey"] = signingKey,
                ["Pricing:CycleEnabled"] = "false",
                ["Pricing:Stream:Enabled"] = "false",
                ["Revaluation:Enabled"] = "false",
                // Tests sweep orders themselves (OrderExecutor.SweepAsync). The background sweep waits on the fake clock, so
                // a test's SetUtcNow wakes it, and it would then race the test's own sweep for the same orders.
                ["Orders:SweepEnabled"] = "false",
                ["Pricing:Providers:0"] = "stooq",
                // Tests drive many requests as one user in moments; the rate-limit tests set their own limits.
                ["RateLimits:Reads:TokenLimit"] = "1000000",
                ["RateLimits:Reads:TokensPerPeriod"] = "1000000",
                ["RateLimits:Writes:TokenLimit"] = "1000000",
                ["RateLimits:Writes:TokensPerPeriod"] = "1000000",
                ["RateLimits:PricePushes:TokenLimit"] = "1000000",
                ["RateLimits:PricePushes:TokensPerPeriod"] = "1000000",
            });
            builder.Services.AddSingleton<TimeProvider>(clock);
            configure?.Invoke(builder);
        });
        await ServerApp.InitializeAsync(app);
        await app.StartAsync();
        return new TestApp(app, clock, directory);
    }

    public HttpClient Anonymous() => App.GetTestClient();

    public HttpClient ClientFor(string user, bool admin = false) => WithToken(Token(user, admin));

    public HttpClient WithToken(string token)
    {
        var client = App.GetTestClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public string Token(string user, bool admin = false, TimeSpan? lifetime = null, string key = SigningKey) =>
        new TokenOptions { SigningKey = key }.Mint(user, admin, Clock.GetUtcNow(), lifetime ?? TimeSpan.FromDays(1));

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
    }
}
