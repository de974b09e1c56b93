using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portfolio.Application.Ports;
using Portfolio.Application.Prices;
using Portfolio.Pricing;

namespace Portfolio.Pricing.Tests;

/// <summary>A Kestrel server on 127.0.0.1, port 0, answering with a test-supplied handler and recording requests.</summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    public Uri BaseAddress { get; }
    public ConcurrentQueue<string> Requests { get; } = new();
    public ConcurrentQueue<string?> AuthorizationHeaders { get; } = new();
    public ConcurrentQueue<string?> FinnhubTokens { get; } = new();
    public int RequestCount => Requests.Count;

    private LoopbackServer(WebApplication app, Uri baseAddress) { _app = app; BaseAddress = baseAddress; }

    public static async Task<LoopbackServer> StartAsync(Func<HttpContext, Task> handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        LoopbackServer? server = null;
        app.UseWebSockets();
        app.Run(async ctx =>
        {
            server!.Requests.Enqueue(ctx.Request.Path + ctx.Request.QueryString);
            server.AuthorizationHeaders.Enqueue(ctx.Request.Headers.Authorization.ToString() is { Length: > 0 } a ? a : null);
            server.FinnhubTokens.Enqueue(ctx.Request.Headers["X-Finnhub-Token"].ToString() is { Length: > 0 } t ? t : null);
            await handler(ctx);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new LoopbackServer(app, new Uri(address.TrimEnd('/') + "/"));
        return server;
    }

    public static Func<HttpContext, Task> Respond(int status, string body, string contentType = "application/json")
        => async ctx =>
        {
            ctx.Response.StatusCode = status;
            ctx.Response.ContentType = contentType;
            await ctx.Response.WriteAsync(body);
        };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>Wall-clock timers and timestamps (Polly needs them to run), but a settable "now".</summary>
public sealed class TestClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;
    public override DateTimeOffset GetUtcNow() => Now;
}

public sealed class InMemoryPriceStore : IPriceStore
{
    private readonly Dictionary<string, Quote> _latest = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<Quote> _history = [];
    private readonly Lock _gate = new();
    public int SaveCalls { get; private set; }

    public IReadOnlyList<Quote> History { get { lock (_gate) return _history.ToList(); } }

    public Task SaveAsync(IReadOnlyList<Quote> quotes, CancellationToken ct)
    {
        lock (_gate)
        {
            SaveCalls++;
            foreach (var q in quotes)
            {
                _history.Add(q);
                if (!_latest.TryGetValue(q.Symbol, out var cur) || q.AsOf > cur.AsOf) _latest[q.Symbol] = q;
            }
        }
        return Task.CompletedTask;
    }

    public Task<Quote?> GetLatestAsync(string symbol, CancellationToken ct)
    {
        lock (_gate) return Task.FromResult(_latest.TryGetValue(symbol, out var q) ? q : null);
    }

    public Task<IReadOnlyDictionary<string, Quote>> GetLatestAsync(IReadOnlyCollection<string> symbols, CancellationToken ct)
    {
        lock (_gate)
        {
            IReadOnlyDictionary<string, Quote> result = symbols.Where(_latest.ContainsKey).Distinct(StringComparer.OrdinalIgnoreCase)
                .ToDictionary(s => s, s => _latest[s], StringComparer.OrdinalIgnoreCase);
            return Task.FromResult(result);
        }
    }

    public Task<IReadOnlyList<Quote>> GetHistoryAsync(string symbol, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        lock (_gate)
        {
            IReadOnlyList<Quote> r = _history.Where(q => string.Equals(q.Symbol, symbol, StringComparison.OrdinalIgnoreCase) && q.AsOf >= from && q.AsOf < to)
                .OrderBy(q => q.AsOf).ToList();
            return Task.FromResult(r);
        }
    }
}

/// <summary>Builds the real DI registration (AddPortfolioPricing) with one provider pointed at a loopback server.</summary>
public static class Pricing
{
    public static ServiceProvider Services(string provider, Uri baseAddress, TimeProvider clock, IDictionary<string, string?>? extra = null, IPriceStore? store = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Pricing:Providers:0"] = provider,
            [$"Pricing:{provider}:BaseAddress"] = baseAddress.ToString(),
            [$"Pricing:{provider}:ApiKey"] = "test-key",
            [$"Pricing:{provider}:RequestsPerWindow"] = "1000",
            [$"Pricing:{provider}:RateWindow"] = "00:00:01",
            [$"Pricing:{provider}:MaxRetries"] = "1",
            [$"Pricing:{provider}:RetryBaseDelay"] = "00:00:00.010",
            [$"Pricing:{provider}:AttemptTimeout"] = "00:00:02",
            [$"Pricing:{provider}:TotalTimeout"] = "00:00:10",
        };
        if (extra is not null) foreach (var (k, v) in extra) settings[k] = v;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton(clock);
        services.AddSingleton<IPriceStore>(store ?? new InMemoryPriceStore());
        services.AddPortfolioPricing(configuration);
        return services.BuildServiceProvider();
    }

    public static IPriceSource Source(this ServiceProvider sp) => sp.GetServices<IPriceSource>().Single();
}

/// <summary>A scripted source for cycle tests.</summary>
public sealed class FakeSource(string name) : IPriceSource
{
    public string Name { get; } = name;
    public Func<IReadOnlyList<string>, QuoteKind, PriceSourceResult> Answer { get; set; } = (s, _) => new PriceSourceResult([], s.ToList());
    public int Calls { get; private set; }
    public List<IReadOnlyList<string>> Asked { get; } = [];

    public Task<PriceSourceResult> FetchAsync(IReadOnlyList<string> symbols, QuoteKind kind, CancellationToken ct)
    {
        Calls++;
        Asked.Add(symbols.ToList());
        return Task.FromResult(Answer(symbols, kind));
    }

    /// <summary>Answers from a price table; symbols not in it are missing.</summary>
    public FakeSource With(Func<DateTimeOffset> asOf, params (string Symbol, decimal Price)[] prices)
    {
        Answer = (symbols, kind) =>
        {
            var table = prices.ToDictionary(p => p.Symbol, p => p.Price, StringComparer.OrdinalIgnoreCase);
            var found = symbols.Where(table.ContainsKey).Select(s => new Quote(s, table[s], asOf(), Name, kind)).ToList();
            return new PriceSourceResult(found, symbols.Where(s => !table.ContainsKey(s)).ToList());
        };
        return this;
    }

    public FakeSource Failing(string reason = "HTTP 503")
    {
        Answer = (_, _) => PriceSourceResult.Fail(PriceSourceFailureKind.ServerError, reason);
        return this;
    }
}
