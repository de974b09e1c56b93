using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portfolio.Api;
using Portfolio.Api.RateLimiting;
using Portfolio.Functions.Http;

namespace Portfolio.Functions.Tests;

public class RateLimitMiddlewareTests
{
    private static ApiRateLimiter Limiter(int reads, int writes) => new(Options.Create(new RateLimitOptions
    {
        Reads = new TokenBucket { TokenLimit = reads, TokensPerPeriod = 1, PeriodSeconds = 3600 },
        Writes = new TokenBucket { TokenLimit = writes, TokensPerPeriod = 1, PeriodSeconds = 3600 },
        PricePushes = new TokenBucket { TokenLimit = 1, TokensPerPeriod = 1, PeriodSeconds = 3600 },
    }));

    [Fact]
    public async Task A_caller_over_its_limit_gets_the_servers_429_and_its_function_does_not_run_while_another_caller_is_served()
    {
        using var limiter = Limiter(reads: 2, writes: 10);
        var middleware = new RateLimitMiddleware(limiter);
        var ran = new List<string>();

        var outcomes = new List<IActionResult?>();
        foreach (var user in new[] { "alice", "alice", "alice", "bob" })
            outcomes.Add(await middleware.LimitAsync(Request("GET", "/api/accounts", user), () => { ran.Add(user); return Task.CompletedTask; }));

        Assert.Equal(["alice", "alice", "bob"], ran);
        Assert.Null(outcomes[0]);
        Assert.Null(outcomes[1]);
        Assert.Null(outcomes[3]);
        var http = Request("GET", "/api/accounts", "alice");
        await Assert.IsType<ResultActionAdapter>(outcomes[2]).ExecuteResultAsync(new ActionContext(http, new RouteData(), new ActionDescriptor()));
        Assert.Equal(StatusCodes.Status429TooManyRequests, http.Response.StatusCode);
        Assert.Equal("3600", http.Response.Headers.RetryAfter.ToString());
        http.Response.Body.Position = 0;
        var body = await new StreamReader(http.Response.Body).ReadToEndAsync();
        Assert.Contains("\"title\":\"Too many requests.\"", body);
        Assert.Contains("rate limit for reads", body);
    }

    [Fact]
    public async Task Writes_are_counted_apart_from_reads()
    {
        using var limiter = Limiter(reads: 5, writes: 1);
        var middleware = new RateLimitMiddleware(limiter);

        var firstWrite = await middleware.LimitAsync(Request("POST", "/api/accounts", "alice"), () => Task.CompletedTask);
        var secondWrite = await middleware.LimitAsync(Request("POST", "/api/accounts", "alice"), () => Task.CompletedTask);
        var read = await middleware.LimitAsync(Request("GET", "/api/accounts", "alice"), () => Task.CompletedTask);

        Assert.Null(firstWrite);
        Assert.NotNull(secondWrite);
        Assert.Null(read);
    }

    [Fact]
    public void The_shared_registration_binds_the_rate_limits_section_over_the_defaults()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["RateLimits:Writes:TokenLimit"] = "7" }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddPortfolioApi().BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        Assert.Equal(7, options.Writes.TokenLimit);
        Assert.Equal(100, options.Writes.TokensPerPeriod);
        Assert.Equal(1000, options.Reads.TokenLimit);
        Assert.NotNull(services.GetRequiredService<ApiRateLimiter>().Limiter);
    }

    private static DefaultHttpContext Request(string method, string path, string user)
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var http = new DefaultHttpContext { RequestServices = services };
        http.Request.Method = method;
        http.Request.Path = path;
        http.Response.Body = new MemoryStream();
        http.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", user)], "Bearer", "sub", "role"));
        return http;
    }
}
