using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portfolio.Api.Auth;
using Portfolio.Server;

namespace Portfolio.Dashboard.Tests.Support;

/// <summary>
/// The real server on Kestrel, listening on a free port (loopback unless told otherwise), over SQLite in a temporary
/// folder, with a fake clock: Monday 3 June 2024, 14:00 in New York (the market is open).
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    public const string SigningKey = "dashboard-test-signing-key-0123456789-abcdefghij";
    public static readonly DateTimeOffset Now = new(2024, 6, 3, 18, 0, 0, TimeSpan.Zero);

    private readonly string directory;

    private DashboardServer(WebApplication app, FakeTimeProvider clock, string directory, Uri baseUrl)
    {
        App = app;
        Clock = clock;
        this.directory = directory;
        BaseUrl = baseUrl;
    }

    public WebApplication App { get; }
    public FakeTimeProvider Clock { get; }
    /// <summary>Where to reach the server: always through 127.0.0.1, whatever it listens on.</summary>
    public Uri BaseUrl { get; }

    public static async Task<DashboardServer> StartAsync(string listenOn = "http://127.0.0.1:0", Action<WebApplicationBuilder>? configure = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "portfolio-dashboard-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var clock = new FakeTimeProvider(Now);
        var app = ServerApp.Build([], builder =>
        {
            builder.WebHost.UseUrls(listenOn);
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:DataDirectory"] = directory,
                ["Auth:SigningKey"] = SigningKey,
                ["Pricing:CycleEnabled"] = "false",
                ["Revaluation:Enabled"] = "false",
                ["Pricing:Providers:0"] = "stooq",
                ["Logging:LogLevel:Default"] = "Warning",
            });
            builder.Services.AddSingleton<TimeProvider>(clock);
            configure?.Invoke(builder);
        });
        await ServerApp.InitializeAsync(app);
        await app.StartAsync();
        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return new DashboardServer(app, clock, directory, new UriBuilder(bound) { Host = "127.0.0.1" }.Uri);
    }

    public string Token(string user, bool admin = false) =>
        new TokenOptions { SigningKey = SigningKey }.Mint(user, admin, Clock.GetUtcNow(), TimeSpan.FromDays(1));

    public HttpClient Client(string? token = null)
    {
        var client = new HttpClient { BaseAddress = BaseUrl };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Pushes quotes as an admin would (a feed or webhook).</summary>
    public async Task PushPricesAsync(params (string Symbol, decimal Price, DateTimeOffset AsOf)[] quotes)
    {
        using var admin = Client(Token("ops", admin: true));
        using var response = await admin.PostAsJsonAsync("/api/prices",
            new { quotes = quotes.Select(q => new { symbol = q.Symbol, price = q.Price, asOf = q.AsOf, source = "feed" }).ToArray() });
        Assert.True(response.IsSuccessStatusCode, $"price push answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
    }
}
