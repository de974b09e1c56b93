using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.DurableTask.Client;
using Moq;
using Portfolio.Api;
using Portfolio.Application;
using Portfolio.Application.Accounts;
using Portfolio.Application.Ports;
using Portfolio.Application.Valuation;
using Portfolio.Functions.Http;

namespace Portfolio.Functions.Tests;

public class HttpFunctionTests
{
    public static TheoryData<string, Func<HttpRequest, Task<IActionResult>>> Functions => new()
    {
        { "CreateAccount", PortfolioApiFunctions.CreateAccount },
        { "ListAccounts", PortfolioApiFunctions.ListAccounts },
        { "GetAccount", r => PortfolioApiFunctions.GetAccount(r, "acc-1") },
        { "RecordTransaction", r => PortfolioApiFunctions.RecordTransaction(r, "acc-1") },
        { "ListTransactions", r => PortfolioApiFunctions.ListTransactions(r, "acc-1") },
        { "Positions", r => PortfolioApiFunctions.Positions(r, "acc-1") },
        { "TaxLots", r => PortfolioApiFunctions.TaxLots(r, "acc-1") },
        { "RealizedGains", r => PortfolioApiFunctions.RealizedGains(r, "acc-1") },
        { "Performance", r => PortfolioApiFunctions.Performance(r, "acc-1") },
        { "PutTargets", r => PortfolioApiFunctions.PutTargets(r, "acc-1") },
        { "Rebalance", r => PortfolioApiFunctions.Rebalance(r, "acc-1") },
        { "Alerts", r => PortfolioApiFunctions.Alerts(r, "acc-1") },
        { "GetPrice", r => PortfolioApiFunctions.GetPrice(r, "AAPL") },
        { "PushPrices", r => PortfolioApiFunctions.PushPrices(r, new Mock<DurableTaskClient>("test").Object) },
        { "ApplyCorporateAction", PortfolioApiFunctions.ApplyCorporateAction },
    };

    [Theory]
    [MemberData(nameof(Functions))]
    public async Task Every_function_runs_its_shared_handler_which_refuses_an_anonymous_caller(string name, Func<HttpRequest, Task<IActionResult>> function)
    {
        var http = NewContext(ApplicationWithMockStores());

        var result = await function(http.Request);

        var adapter = Assert.IsType<ResultActionAdapter>(result);
        await adapter.ExecuteResultAsync(new ActionContext(http, new RouteData(), new ActionDescriptor()));
        Assert.True(http.Response.StatusCode == StatusCodes.Status401Unauthorized, $"{name} answered {http.Response.StatusCode}");
    }

    [Fact]
    public async Task The_route_parameter_and_the_caller_reach_the_handler()
    {
        var store = new Mock<IAccountStore>();
        store.Setup(s => s.GetAsync("user-1", "acc-404", It.IsAny<CancellationToken>())).ReturnsAsync((Account?)null);
        var http = NewContext(ApplicationWithMockStores(store));
        http.User = new ClaimsPrincipal(new ClaimsIdentity(new[] { new Claim("sub", "user-1") }, "Bearer", "sub", "role"));

        var result = await PortfolioApiFunctions.GetAccount(http.Request, "acc-404");
        await ((ResultActionAdapter)result).ExecuteResultAsync(new ActionContext(http, new RouteData(), new ActionDescriptor()));

        Assert.Equal(StatusCodes.Status404NotFound, http.Response.StatusCode);
        store.Verify(s => s.GetAsync("user-1", "acc-404", It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task The_adapter_executes_the_wrapped_result()
    {
        var http = NewContext(new ServiceCollection());
        var adapter = new ResultActionAdapter(Results.StatusCode(StatusCodes.Status418ImATeapot));

        await adapter.ExecuteResultAsync(new ActionContext(http, new RouteData(), new ActionDescriptor()));

        Assert.Equal(StatusCodes.Status418ImATeapot, http.Response.StatusCode);
    }

    /// <summary>The use cases over mock stores (the handlers resolve their service before reading the caller).</summary>
    private static IServiceCollection ApplicationWithMockStores(Mock<IAccountStore>? accounts = null) => new ServiceCollection()
        .AddSingleton(TimeProvider.System)
        .AddSingleton(new PricePolicy(_ => false, (_, _) => false))
        .AddPortfolioApplication()
        .AddSingleton((accounts ?? new Mock<IAccountStore>()).Object)
        .AddSingleton(new Mock<ILedgerStore>().Object)
        .AddSingleton(new Mock<IPriceStore>().Object)
        .AddSingleton(new Mock<ISnapshotStore>().Object)
        .AddSingleton(new Mock<IAlertStore>().Object)
        .AddSingleton(new Mock<IRevaluationScheduler>().Object);

    private static DefaultHttpContext NewContext(IServiceCollection services)
    {
        services.AddLogging();
        services.AddPortfolioApi(new ConfigurationBuilder().Build());
        return new DefaultHttpContext { RequestServices = services.BuildServiceProvider() };
    }
}
